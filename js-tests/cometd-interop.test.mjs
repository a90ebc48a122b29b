// CometD against two real Bayeux servers started in-process: the CometD project's own
// `cometd-nodejs-server` and `faye`. Each suite: handshake, subscribe, 1,000 server-side
// messages in order, wildcards, unsubscribe, a client publish reaching a server-side
// subscriber, a session the server forgets (re-handshake, subscriptions replayed once, later
// messages still arriving), and disconnect.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { CometD, FloorwalkerError } from "floorwalker";
import { waitFor, within, rejectsWith, throwsWith, sleep, deadUrl, failIfProcessLingers } from "./support/harness.mjs";

const require = createRequire(import.meta.url);

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

function closeHttp(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Bookkeeping every adapter keeps about what the server saw. */
function ledger() {
  return {
    subscribed: [], // channel names, one entry per server-side subscription
    unsubscribed: [],
    fromClients: [], // { channel, data } published by HTTP clients on /from-client/**
    sessionsRemoved: 0,
    handshakes: 0,
  };
}

const count = (list, item) => list.filter((x) => x === item).length;

/** The CometD project's Node server. */
async function startCometdServer() {
  const cometd = require("cometd-nodejs-server");
  const server = cometd.createCometDServer({ timeout: 3000 });
  const seen = ledger();
  const sessions = new Set();
  server.addListener("sessionAdded", (session) => {
    sessions.add(session);
    seen.handshakes++;
  });
  server.addListener("sessionRemoved", (session) => {
    sessions.delete(session);
    seen.sessionsRemoved++;
  });
  server.addListener("subscribed", (channel) => seen.subscribed.push(channel.name));
  server.addListener("unsubscribed", (channel) => seen.unsubscribed.push(channel.name));
  server.createServerChannel("/from-client/**");
  server.createServerChannel("/from-client/one").addListener("message", (session, channel, message, callback) => {
    seen.fromClients.push({ channel: channel.name, data: message.data });
    callback();
  });
  const http = createServer(server.handle);
  const port = await listen(http);
  return {
    name: "cometd-nodejs-server",
    url: `http://127.0.0.1:${port}/cometd`,
    seen,
    publish(channel, data) {
      server.createServerChannel(channel).publish(null, data);
    },
    sessionCount: () => sessions.size,
    // What the server's sweeper does to a session whose client went quiet for too long:
    // release its held poll and forget it.
    expireSessions() {
      for (const s of [...sessions]) {
        s._scheduler?.cancel();
        server._removeServerSession(s, true);
      }
    },
    async close() {
      server.close();
      await closeHttp(http);
    },
  };
}

/** Faye. */
async function startFaye() {
  const faye = require("faye");
  const bayeux = new faye.NodeAdapter({ mount: "/faye", timeout: 3 });
  const seen = ledger();
  const httpClients = new Set();
  bayeux.addExtension({
    outgoing(message, request, callback) {
      // `request` is null for the in-process client the tests publish with
      if (request && message.channel === "/meta/handshake" && message.successful) httpClients.add(message.clientId);
      callback(message);
    },
  });
  bayeux.on("handshake", () => seen.handshakes++);
  bayeux.on("disconnect", (clientId) => {
    if (httpClients.delete(clientId)) seen.sessionsRemoved++;
  });
  bayeux.on("subscribe", (clientId, channel) => seen.subscribed.push(channel));
  bayeux.on("unsubscribe", (clientId, channel) => seen.unsubscribed.push(channel));
  bayeux.on("publish", (clientId, channel, data) => {
    if (channel.startsWith("/from-client/")) seen.fromClients.push({ channel, data });
  });
  const local = bayeux.getClient();
  const http = createServer();
  bayeux.attach(http);
  const port = await listen(http);
  return {
    name: "faye",
    url: `http://127.0.0.1:${port}/faye`,
    seen,
    publish(channel, data) {
      local.publish(channel, data);
    },
    sessionCount: () => httpClients.size,
    expireSessions() {
      for (const id of [...httpClients]) bayeux._server._engine.destroyClient(id);
    },
    async close() {
      local.disconnect();
      bayeux.close();
      await closeHttp(http);
    },
  };
}

/** A client that records its states and whatever its callbacks receive. */
function client(srv, extra = {}) {
  const c = new CometD({ url: srv.url, timeoutMs: 5000, ...extra });
  const states = [];
  c.on("state", (s) => states.push(s));
  return { c, states };
}

function collector() {
  const got = [];
  const cb = (data, channel) => got.push({ data, channel });
  return { got, cb };
}

for (const start of [startCometdServer, startFaye]) {
  describe(`CometD against ${start === startFaye ? "faye" : "cometd-nodejs-server"}`, () => {
    let srv;
    before(async () => {
      srv = await start();
    });
    after(async () => {
      await srv?.close();
    });

    test("handshake, subscribe, receive, unsubscribe, disconnect", async () => {
      const logs = [];
      const { c, states } = client(srv, { logger: (e) => logs.push(e) });
      assert.equal(c.state, "disconnected");
      await within(c.handshake(), 5000, "handshake");
      assert.equal(c.state, "connected");
      const { got, cb } = collector();
      const unsubscribe = await within(c.subscribe("/news/today", cb), 5000, "subscribe");
      assert.equal(typeof unsubscribe, "function");
      assert.equal(count(srv.seen.subscribed, "/news/today"), 1);
      srv.publish("/news/today", { headline: "hello", n: [1, 2, 3] });
      await waitFor(() => got.length === 1, { what: "the first message" });
      assert.deepEqual(got[0], { data: { headline: "hello", n: [1, 2, 3] }, channel: "/news/today" });

      await within(unsubscribe(), 5000, "unsubscribe");
      assert.equal(count(srv.seen.unsubscribed, "/news/today"), 1, "the server was told");
      await unsubscribe(); // twice is harmless
      srv.publish("/news/today", { headline: "unheard" });
      await sleep(200);
      assert.equal(got.length, 1, "nothing after unsubscribe");

      const removedBefore = srv.seen.sessionsRemoved;
      await within(c.disconnect(), 5000, "disconnect");
      assert.equal(c.state, "disconnected");
      await waitFor(() => srv.seen.sessionsRemoved === removedBefore + 1, { what: "the server to drop the session" });
      assert.deepEqual(states, ["connecting", "connected", "disconnected"]);
      await rejectsWith(c.subscribe("/news/today", cb), "INVALID_STATE");
      await rejectsWith(c.publish("/news/today", 1), "INVALID_STATE");
      // the logger saw the requests, never the session id or message data
      assert.ok(logs.some((e) => e.message.includes("/meta/connect") && e.method === "POST"));
      for (const e of logs) assert.ok(!JSON.stringify(e).includes("hello"), JSON.stringify(e));
    });

    test("1,000 server-side messages arrive in order, none lost", async () => {
      const { c } = client(srv);
      await c.handshake();
      const { got, cb } = collector();
      await c.subscribe("/stream/ticks", cb);
      for (let i = 0; i < 1000; i++) srv.publish("/stream/ticks", { i });
      await waitFor(() => got.length >= 1000, { timeoutMs: 20000, what: "1,000 messages" });
      await sleep(100);
      assert.equal(got.length, 1000, "no duplicates");
      assert.deepEqual(
        got.map((m) => m.data.i),
        Array.from({ length: 1000 }, (_, i) => i),
      );
      await c.disconnect();
    });

    test("wildcard subscriptions: * for one segment, ** for any depth", async () => {
      const { c } = client(srv);
      await c.handshake();
      const one = collector();
      const deep = collector();
      await c.subscribe("/v2/me/*", one.cb);
      await c.subscribe("/v2/users/**", deep.cb);
      srv.publish("/v2/me/devices", "devices");
      srv.publish("/v2/me/calls/123", "too deep for *");
      srv.publish("/v2/users/1/chats", "deep");
      srv.publish("/v2/users/2", "shallow");
      srv.publish("/v2/me/chats", "chats");
      await waitFor(() => one.got.length === 2 && deep.got.length === 2, { what: "wildcard deliveries" });
      await sleep(100);
      assert.deepEqual(one.got, [
        { data: "devices", channel: "/v2/me/devices" },
        { data: "chats", channel: "/v2/me/chats" },
      ]);
      assert.deepEqual(
        deep.got.map((m) => m.channel),
        ["/v2/users/1/chats", "/v2/users/2"],
      );
      await c.disconnect();
    });

    test("a client publish reaches a server-side subscriber", async () => {
      const { c } = client(srv);
      await c.handshake();
      const before = srv.seen.fromClients.length;
      await c.publish("/from-client/one", { text: "line 1\nline 2", when: new Date(0) });
      await c.publish("/from-client/one", [1, "two", null]);
      await waitFor(() => srv.seen.fromClients.length === before + 2, { what: "the server to see both" });
      assert.deepEqual(srv.seen.fromClients.slice(before), [
        { channel: "/from-client/one", data: { text: "line 1\nline 2", when: "1970-01-01T00:00:00.000Z" } },
        { channel: "/from-client/one", data: [1, "two", null] },
      ]);
      await c.disconnect();
    });

    test("a session the server forgot is handshaken again, each subscription replayed once", async () => {
      const { c, states } = client(srv);
      await c.handshake();
      const a = collector();
      const b = collector();
      const b2 = collector();
      await c.subscribe("/expiry/a", a.cb);
      await c.subscribe("/expiry/b/*", b.cb);
      await c.subscribe("/expiry/b/*", b2.cb); // a second listener: no second server subscription
      assert.equal(count(srv.seen.subscribed, "/expiry/a"), 1);
      assert.equal(count(srv.seen.subscribed, "/expiry/b/*"), 1);
      srv.publish("/expiry/a", "before");
      await waitFor(() => a.got.length === 1, { what: "a message before expiry" });
      const handshakes = srv.seen.handshakes;

      srv.expireSessions();
      await waitFor(() => count(srv.seen.subscribed, "/expiry/a") === 2 && count(srv.seen.subscribed, "/expiry/b/*") === 2, {
        timeoutMs: 15000,
        what: "the subscriptions to be replayed",
      });
      await waitFor(() => c.state === "connected", { what: "connected again" });
      assert.equal(srv.seen.handshakes, handshakes + 1, "one new handshake");
      assert.equal(srv.sessionCount(), 1);
      assert.deepEqual(states.slice(-2), ["reconnecting", "connected"]);

      srv.publish("/expiry/a", "after");
      srv.publish("/expiry/b/x", "after b");
      await waitFor(() => a.got.length === 2 && b.got.length === 1 && b2.got.length === 1, {
        what: "messages after the re-handshake",
      });
      await sleep(300);
      assert.deepEqual(a.got.map((m) => m.data), ["before", "after"], "none lost, none repeated");
      assert.deepEqual(b.got.map((m) => m.data), ["after b"]);
      assert.equal(count(srv.seen.subscribed, "/expiry/a"), 2, "replayed exactly once");
      assert.equal(count(srv.seen.subscribed, "/expiry/b/*"), 2);
      await c.disconnect();
    });
  });
}

describe("CometD without a server", () => {
  test("bad construction throws FloorwalkerError synchronously", () => {
    for (const url of ["http://example.com/cometd", "ftp://127.0.0.1/x", "", "http://0.0.0.0:1/x", "https://u:p@h/x"]) {
      throwsWith(() => new CometD({ url }), "INVALID_ARGUMENT", { field: "url" });
    }
    throwsWith(() => new CometD(), "INVALID_ARGUMENT");
    throwsWith(() => new CometD({ url: 42 }), "INVALID_ARGUMENT", { field: "url" });
    throwsWith(() => new CometD({ url: "https://h/c", timeoutMs: -1 }), "INVALID_ARGUMENT", { field: "timeoutMs" });
    throwsWith(() => new CometD({ url: "https://h/c", fetch: "nope" }), "INVALID_ARGUMENT", { field: "fetch" });
    throwsWith(() => new CometD({ url: "https://h/c", headers: { "X-A": "a\r\nB: c" } }), "INVALID_ARGUMENT", {
      field: "headers",
    });
    throwsWith(() => new CometD({ url: "https://h/c", headers: { "X-A": 1 } }), "INVALID_ARGUMENT", { field: "headers" });
    const c = new CometD({ url: "http://localhost:1/cometd", headers: JSON.parse('{"__proto__": "x", "X-Ok": "1"}') });
    assert.equal(c.state, "disconnected");
    throwsWith(() => c.on("message", () => {}), "INVALID_ARGUMENT", { field: "event" });
    throwsWith(() => c.on("state", 5), "INVALID_ARGUMENT", { field: "callback" });
    const off = c.on("state", () => {});
    off();
    off();
  });

  test("bad channels and data reject with INVALID_ARGUMENT before anything is sent", async () => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      throw new Error("must not be called");
    };
    const c = new CometD({ url: "https://bayeux.invalid/cometd", fetch });
    for (const ch of ["/meta/*", "/meta/connect", "/meta/**", "no-slash", "/a//b", "/a/*/b", 5]) {
      await rejectsWith(c.subscribe(ch, () => {}), "INVALID_ARGUMENT", { field: "channel" });
    }
    for (const ch of ["/a/*", "/a/**", "/meta/handshake"]) {
      await rejectsWith(c.publish(ch, 1), "INVALID_ARGUMENT", { field: "channel" });
    }
    const cyclic = {};
    cyclic.self = cyclic;
    await rejectsWith(c.publish("/a", cyclic), "INVALID_ARGUMENT", { field: "data" });
    await rejectsWith(c.publish("/a", 10n), "INVALID_ARGUMENT", { field: "data" });
    await rejectsWith(c.publish("/a", undefined), "INVALID_ARGUMENT", { field: "data" });
    await rejectsWith(c.subscribe("/a", "not a function"), "INVALID_ARGUMENT", { field: "callback" });
    await rejectsWith(c.subscribe("/a", () => {}), "INVALID_STATE");
    assert.equal(calls, 0);
  });

  test("a first handshake that cannot reach the server keeps trying until the caller's limit", async () => {
    const logs = [];
    const c = new CometD({ url: `${await deadUrl()}/cometd`, timeoutMs: 3000, logger: (e) => logs.push(e) });
    const states = [];
    c.on("state", (s) => states.push(s));
    const err = await rejectsWith(c.handshake({ timeoutMs: 2500 }), "TIMEOUT");
    assert.ok(err instanceof FloorwalkerError);
    assert.equal(c.state, "disconnected", "the caller gave up: nothing left running");
    assert.ok(logs.filter((e) => e.message.includes("/meta/handshake failed")).length >= 2, "retried meanwhile");
    await sleep(10);
    assert.deepEqual(states, ["connecting", "disconnected"]);
    const ac = new AbortController();
    ac.abort();
    await rejectsWith(c.handshake({ signal: ac.signal }), "ABORTED");
    await c.disconnect();
  });

  after(() => failIfProcessLingers());
});
