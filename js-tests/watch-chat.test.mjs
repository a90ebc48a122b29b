// lv.supervisor.watchChat: exactly-once, in-order delivery with the cursor carried from each
// reply's `timestamp`, survival of faults, stop() and break.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  FloorwalkerError, SUP, startEmu, freshLogin, addFault, agentReply, expireSessions, requestsSince, only, sleep,
  waitFor, within, throwsWith,
  failIfProcessLingers,
} from "./support/harness.mjs";

const MESSAGES = `${SUP}/chat/messages`;

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});

/**
 * A fetch that records every chat/messages poll: the JSON body sent and the JSON reply received
 * (in the order the polls were sent), so the cursor can be checked against the previous reply.
 */
function recordingFetch() {
  const polls = [];
  const f = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname !== MESSAGES) return fetch(input, init);
    let text;
    if (typeof input === "object" && !(input instanceof URL)) text = await input.clone().text();
    else if (typeof init?.body === "string") text = init.body;
    else if (init?.body != null) text = await new Response(init.body).text();
    const rec = { sent: text ? JSON.parse(text) : null, status: null, reply: null, error: null };
    polls.push(rec);
    try {
      const res = await fetch(input, init);
      rec.status = res.status;
      if (res.status === 200) {
        try {
          rec.reply = JSON.parse(await res.clone().text());
        } catch {
          /* not JSON: left null */
        }
      }
      return res;
    } catch (err) {
      rec.error = err;
      throw err;
    }
  };
  return { f, polls };
}

/**
 * Check the cursor rule over the recorded polls: every poll after the first sends as
 * `messageReceivedAfter` the `timestamp` of the latest reply that had one (or what the first
 * poll sent, if none had one yet), and the same `excludeOwn`.
 */
function assertCursorCarried(polls, { excludeOwn, first }) {
  assert.ok(polls.length >= 1, "at least one poll");
  let cursor = polls[0].sent?.filter?.messageReceivedAfter;
  if (first !== undefined) assert.equal(cursor, first, "first poll's messageReceivedAfter");
  for (const [i, p] of polls.entries()) {
    assert.ok(p.sent && typeof p.sent.filter === "object", `poll ${i} has a filter: ${JSON.stringify(p.sent)}`);
    assert.deepEqual(Object.keys(p.sent), ["filter"], `poll ${i} body has only 'filter'`);
    assert.equal(p.sent.filter.excludeOwn, excludeOwn, `poll ${i} excludeOwn`);
    assert.equal(p.sent.filter.messageReceivedAfter, cursor, `poll ${i} carries the cursor ${cursor}`);
    if (p.reply && p.reply.timestamp !== undefined) cursor = String(p.reply.timestamp);
  }
}

function collect(watch) {
  const got = [];
  const done = (async () => {
    for await (const m of watch) got.push(m);
  })();
  return { got, done };
}

const pollsSince = async (since) => only(await requestsSince(emu, since), MESSAGES, "POST");

let lv;
let since;
let rec;
beforeEach(async () => {
  rec = recordingFetch();
  ({ lv, since } = await freshLogin(emu, { fetch: rec.f }));
  await lv.supervisor.broadcastChat([{ userLoginId: "lv_usr1" }, { userLoginId: "lv_usr2" }], "hello team");
  rec.polls.length = 0;
  since = (await requestsSince(emu, since)).at(-1).seq;
});

test("watchChat yields every agent message exactly once, in order, carrying the cursor across ≥3 polls", async () => {
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  assert.equal(typeof watch?.then, "undefined", "watchChat is synchronous");
  assert.equal(typeof watch[Symbol.asyncIterator], "function");
  const viaEvent = [];
  const offMessage = watch.on("message", (m) => viaEvent.push(m));
  assert.equal(typeof offMessage, "function");
  const { got, done } = collect(watch);
  try {
    const expected = [];
    const reply = async (id, text) => expected.push({ userLoginId: id, canReply: true, message: text, senderId: id, timestamp: await agentReply(emu, id, text) });

    await reply("lv_usr1", "a1");
    await reply("lv_usr2", "b1");
    await reply("lv_usr1", "a2");
    await waitFor(() => got.length >= 3, { what: "batch 1" });
    const n1 = rec.polls.length;
    await waitFor(() => rec.polls.length >= n1 + 2, { what: "two idle polls" });

    await reply("lv_usr2", "b2\r\nwith a line break");
    await waitFor(() => got.length >= 4, { what: "batch 2" });

    await reply("lv_usr1", "a3");
    await reply("lv_usr1", "a4");
    await waitFor(() => got.length >= 6, { what: "batch 3" });

    const n3 = rec.polls.length;
    await waitFor(() => rec.polls.length >= n3 + 3, { what: "three more idle polls" });
    assert.equal(got.length, 6, "nothing repeated by later polls");

    // exactly the messages, each once, with numeric timestamps
    for (const m of got) {
      assert.deepStrictEqual(Object.keys(m).sort(), ["canReply", "message", "senderId", "timestamp", "userLoginId"]);
      assert.equal(typeof m.timestamp, "number");
    }
    const key = (m) => `${m.userLoginId}|${m.message}|${m.timestamp}`;
    assert.deepStrictEqual(got.map(key).sort(), expected.map(key).sort());
    assert.equal(new Set(got.map((m) => m.timestamp)).size, 6, "no duplicates");
    for (const m of got) assert.deepStrictEqual(m, expected.find((x) => x.timestamp === m.timestamp));
    // each agent's messages in order; the batches in order
    assert.deepEqual(got.filter((m) => m.userLoginId === "lv_usr1").map((m) => m.message), ["a1", "a2", "a3", "a4"]);
    assert.deepEqual(got.filter((m) => m.userLoginId === "lv_usr2").map((m) => m.message), ["b1", "b2\r\nwith a line break"]);
    assert.deepEqual(got.slice(3, 4).map((m) => m.message), ["b2\r\nwith a line break"]);
    assert.deepEqual(got.slice(4).map((m) => m.message), ["a3", "a4"]);
    // the event listener saw the same sequence
    assert.deepStrictEqual(viaEvent, got);

    // the wire: every poll a POST chat/messages with excludeOwn true (the default) and the cursor
    const logged = await pollsSince(since);
    assert.ok(logged.length >= 3);
    assert.equal(logged.length, rec.polls.length, "all polls went through the client's fetch");
    for (const e of logged) assert.equal(e.headers["lv-session"], lv.sessionId);
    assertCursorCarried(rec.polls, { excludeOwn: true });
    const withNews = rec.polls.filter((p) => p.reply?.chatList?.length);
    assert.ok(withNews.length >= 3, `messages arrived over ≥3 polls (${withNews.length})`);
    assert.equal(rec.polls.at(-1).sent.filter.messageReceivedAfter, String(expected.at(-1).timestamp));
  } finally {
    watch.stop();
  }
  await within(done, 2000, "for-await after stop()");
});

test("watchChat survives two 500s and a dropped connection with backoff, and reports them as 'error'", async () => {
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  const errors = [];
  const offError = watch.on("error", (e) => errors.push(e));
  assert.equal(typeof offError, "function");
  const { got, done } = collect(watch);
  try {
    const t1 = await agentReply(emu, "lv_usr1", "before faults");
    await waitFor(() => got.length >= 1, { what: "first message" });

    await addFault(emu, { method: "POST", path: MESSAGES, status: 500, times: 2 });
    const t2 = await agentReply(emu, "lv_usr1", "during faults");
    await waitFor(() => got.length >= 2, { timeoutMs: 8000, what: "message after two 500s" });

    await addFault(emu, { method: "POST", path: MESSAGES, drop: true, times: 1 });
    const t3 = await agentReply(emu, "lv_usr2", "after a dropped connection");
    await waitFor(() => got.length >= 3, { timeoutMs: 8000, what: "message after a dropped connection" });

    const n = rec.polls.length;
    await waitFor(() => rec.polls.length >= n + 2, { what: "idle polls" });
    assert.deepEqual(got.map((m) => [m.message, m.timestamp]), [["before faults", t1], ["during faults", t2], ["after a dropped connection", t3]]);

    const log = await pollsSince(since);
    const faulted = log.filter((e) => e.fault !== undefined);
    assert.equal(faulted.length, 3, "the two 500s and the drop were hit");
    // backoff: no poll follows a failed one sooner than the interval
    for (const f of faulted) {
      const next = log.find((e) => e.seq > f.seq);
      assert.ok(next, "polling went on after the fault");
      assert.ok(next.time - f.time >= 40, `waited ${next.time - f.time} ms after a failed poll`);
    }
    assert.ok(errors.length >= 1, "passing errors are reported on 'error'");
    for (const e of errors) {
      assert.ok(e instanceof FloorwalkerError, `error event carries a FloorwalkerError: ${e}`);
      assert.ok(["SERVER_ERROR", "NETWORK"].includes(e.code), e.code);
    }
    assertCursorCarried(rec.polls, { excludeOwn: true });
  } finally {
    watch.stop();
  }
  await within(done, 2000, "for-await after stop()");
});

test("watchChat keeps going across a session expiry (re-login)", async () => {
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  const { got, done } = collect(watch);
  try {
    await agentReply(emu, "lv_usr1", "one");
    await waitFor(() => got.length >= 1, { what: "first message" });
    const oldId = lv.sessionId;
    await expireSessions(emu);
    await agentReply(emu, "lv_usr1", "two");
    await waitFor(() => got.length >= 2, { timeoutMs: 8000, what: "message after re-login" });
    assert.notEqual(lv.sessionId, oldId);
    assert.deepEqual(got.map((m) => m.message), ["one", "two"]);
    assert.equal(only(await requestsSince(emu, since), "/session/login").length, 1);
  } finally {
    watch.stop();
  }
  await within(done, 2000, "for-await after stop()");
});

test("stop() ends the for-await loop and no further polls are sent", async () => {
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  const seen = [];
  watch.on("message", (m) => seen.push(m));
  const { got, done } = collect(watch);
  await agentReply(emu, "lv_usr2", "hello");
  await waitFor(() => got.length >= 1, { what: "a message" });
  watch.stop();
  await within(done, 2000, "for-await after stop()");
  watch.stop(); // idempotent
  await sleep(120); // a poll in flight at stop() may still land
  const count = (await pollsSince(since)).length;
  await agentReply(emu, "lv_usr2", "after stop");
  await sleep(400); // 8 intervals
  assert.equal((await pollsSince(since)).length, count, "no polls after stop()");
  assert.deepEqual(got.map((m) => m.message), ["hello"]);
  assert.deepEqual(seen.map((m) => m.message), ["hello"]);
});

test("break out of for-await stops the watch", async () => {
  await agentReply(emu, "lv_usr1", "first");
  await agentReply(emu, "lv_usr1", "second");
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  const got = [];
  await within((async () => {
    for await (const m of watch) {
      got.push(m);
      break;
    }
  })(), 5000, "first message");
  assert.equal(got.length, 1);
  await sleep(120);
  const count = (await pollsSince(since)).length;
  await sleep(400);
  assert.equal((await pollsSince(since)).length, count, "no polls after break");
});

test("watchChat({after}) starts from that cursor and yields only later messages", async () => {
  const t1 = await agentReply(emu, "lv_usr1", "old one");
  const t2 = await agentReply(emu, "lv_usr1", "old two");
  const watch = lv.supervisor.watchChat({ intervalMs: 50, after: new Date(t1) });
  const { got, done } = collect(watch);
  try {
    await waitFor(() => got.length >= 1, { what: "message after the cursor" });
    const t3 = await agentReply(emu, "lv_usr2", "new");
    await waitFor(() => got.length >= 2, { what: "new message" });
    await sleep(150);
    assert.deepEqual(got.map((m) => [m.message, m.timestamp]), [["old two", t2], ["new", t3]]);
    assertCursorCarried(rec.polls, { excludeOwn: true, first: String(t1) });
  } finally {
    watch.stop();
  }
  await within(done, 2000, "for-await after stop()");
});

test("watchChat({excludeOwn:false}) polls with excludeOwn false and yields own messages too", async () => {
  const watch = lv.supervisor.watchChat({ intervalMs: 50, excludeOwn: false, after: 0 });
  const { got, done } = collect(watch);
  try {
    await agentReply(emu, "lv_usr1", "agent text");
    await waitFor(() => got.length >= 3, { what: "two broadcasts and a reply" });
    await sleep(150);
    const key = (m) => `${m.userLoginId}|${m.senderId}|${m.message}`;
    assert.deepEqual(got.map(key).sort(), ["lv_usr1|lv_usr1|agent text", "lv_usr1|supervisor|hello team", "lv_usr2|supervisor|hello team"]);
    assert.deepEqual(got.filter((m) => m.userLoginId === "lv_usr1").map((m) => m.message), ["hello team", "agent text"]);
    const mine = got.filter((m) => m.senderId === "supervisor").map((m) => m.userLoginId).sort();
    assert.deepEqual(mine, ["lv_usr1", "lv_usr2"]);
    assert.deepEqual(got.filter((m) => m.senderId === "lv_usr1").map((m) => m.message), ["agent text"]);
    assert.equal(got.length, 3);
    assertCursorCarried(rec.polls, { excludeOwn: false, first: "0" });
  } finally {
    watch.stop();
  }
  await within(done, 2000, "for-await after stop()");
});

test("an unsubscribed message listener is not called; unknown watch events throw", async () => {
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  try {
    const a = [];
    const b = [];
    watch.on("message", (m) => a.push(m));
    const offB = watch.on("message", (m) => b.push(m));
    offB();
    throwsWith(() => watch.on("nonsense", () => {}), "INVALID_ARGUMENT");
    await agentReply(emu, "lv_usr1", "ping");
    await waitFor(() => a.length >= 1, { what: "listener call (without an iterator)" });
    await sleep(150);
    assert.deepEqual(a.map((m) => m.message), ["ping"]);
    assert.deepEqual(b, []);
  } finally {
    watch.stop();
  }
});
