// Self-test of the emulator: node --test js-tests/emulator/
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../emulator/index.mjs";

const SUP = "/callControl/supervisor";
const TOKEN = "test-access-token";

let emu;
let U;

before(async () => {
  emu = await startEmulator({ port: 0 });
  U = emu.url;
});
after(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, path, { body, raw, session, access, headers = {}, base = U } = {}) {
  const h = { ...headers };
  if (session) h["LV-Session"] = session;
  if (access) h["LV-Access"] = access;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === "content-type")) h["Content-Type"] = "application/json";
  }
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function login(userName = "supervisor", password = "s3cret", { agent = false, token = TOKEN, base = U } = {}) {
  const r = await call("POST", "/session/login", { access: token, body: { clientName: "ACME", userName, password, agent }, base });
  assert.equal(r.status, 200, `login ${userName}: ${r.text}`);
  return r.json.sessionId;
}

const control = (method, path, body) => call(method, "/__control" + path, body === undefined ? {} : { body });
const state = async () => (await control("GET", "/state")).json;

function assertError(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get("content-type") ?? "", /application\/json/);
  assert.equal(typeof r.json, "object");
  assert.deepEqual(Object.keys(r.json).sort(), ["code", "message"]);
  assert.ok(Number.isInteger(r.json.code));
  assert.equal(typeof r.json.message, "string");
  assert.ok(r.json.message.length > 0);
}

// ------------------------------------------------------------------ session API

describe("session API", () => {
  it("logs in with the exact reply shape", async () => {
    const r = await call("POST", "/session/login", {
      access: TOKEN,
      body: { clientName: "ACME", userName: "supervisor", password: "s3cret", agent: false },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ["sessionId", "clientId", "userId", "daysUntilPasswordExpires"]);
    assert.match(r.json.sessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(r.json.clientId, 1001);
    assert.equal(r.json.userId, 5001);
    assert.equal(r.json.daysUntilPasswordExpires, 42);
  });

  it("accepts agent as string and agent login ids case-insensitively", async () => {
    const r = await call("POST", "/session/login", {
      access: TOKEN,
      body: { clientName: "ACME", userName: "lv_test", password: "agent-lv_test", agent: "true" },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.userId, 6001);
    const r2 = await call("POST", "/session/login", {
      access: TOKEN,
      body: { clientName: "ACME", userName: "supervisor", password: "s3cret", agent: "false" },
    });
    assert.equal(r2.status, 200);
    const r3 = await call("POST", "/session/login", {
      access: TOKEN,
      body: { clientName: "ACME", userName: "supervisor", password: "s3cret" },
    });
    assert.equal(r3.status, 200, "agent absent = user login");
  });

  it("rejects bad credentials, tokens and input", async () => {
    const good = { clientName: "ACME", userName: "supervisor", password: "s3cret", agent: false };
    assertError(await call("POST", "/session/login", { body: good }), 401);
    assertError(await call("POST", "/session/login", { access: "nope", body: good }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { ...good, clientName: "acme" } }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { ...good, password: "wrong" } }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { ...good, userName: "Supervisor" } }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { ...good, agent: true } }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName: "LV_TEST", password: "agent-lv_test" } }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { ...good, agent: 5 } }), 400);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName: "supervisor" } }), 400);
    assertError(await call("POST", "/session/login", { access: TOKEN, raw: "{not json", headers: { "Content-Type": "application/json" } }), 400);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: [1, 2] }), 400);
    assertError(await call("POST", "/session/login", { access: TOKEN }), 400);
  });

  it("returns the same session for the same user and token, a new one for another token", async () => {
    const a = await login();
    const b = await login();
    assert.equal(a, b);
    const c = await login("supervisor", "s3cret", { token: "second-access-token" });
    assert.notEqual(a, c);
    const d = await login("admin", "adm1n");
    assert.notEqual(a, d);
    const many = await Promise.all(Array.from({ length: 40 }, () => login()));
    assert.ok(many.every((s) => s === a));
  });

  it("validates, logs out, and refuses logged-out sessions", async () => {
    const sid = await login();
    let r = await call("GET", `/session/validate/${sid}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {});
    assertError(await call("GET", "/session/validate/00000000-0000-0000-0000-000000000000"), 404);
    r = await call("DELETE", `/session/logout/${sid}`);
    assert.equal(r.status, 204);
    assert.equal(r.text, "");
    assertError(await call("DELETE", `/session/logout/${sid}`), 404);
    assertError(await call("GET", `/session/validate/${sid}`), 404);
    assertError(await call("GET", `${SUP}/monitor/state`, { session: sid }), 401);
    const again = await login();
    assert.notEqual(again, sid, "a new login after logout gets a new session");
  });

  it("accepts a version segment after the category", async () => {
    const r = await call("POST", "/session/v5.0/login", {
      access: TOKEN,
      body: { clientName: "ACME", userName: "supervisor", password: "s3cret", agent: false },
    });
    assert.equal(r.status, 200);
    const r2 = await call("GET", `/callControl/v6.0/supervisor/monitor/state`, { session: r.json.sessionId });
    assert.equal(r2.status, 200);
  });

  it("requires LV-Session on other paths", async () => {
    assertError(await call("GET", `${SUP}/monitor/state`), 401);
    assertError(await call("GET", `${SUP}/monitor/state`, { session: "bogus" }), 401);
    assertError(await call("GET", `${SUP}/service/access`, { access: TOKEN }), 401);
    // unknown path in an authenticated category: 401 without session, 404 with one
    assertError(await call("GET", `${SUP}/nothing/here`), 401);
    const sid = await login();
    assertError(await call("GET", `${SUP}/nothing/here`, { session: sid }), 404);
  });

  it("expires idle sessions and refreshes used ones", async () => {
    await control("POST", "/config", { sessionIdleMs: 300 });
    const idle = await login();
    const used = await login("admin", "adm1n");
    for (let i = 0; i < 5; i++) {
      await sleep(100);
      assert.equal((await call("GET", `${SUP}/monitor/state`, { session: used })).status, 200);
    }
    // `idle` has not been used for ~500 ms > 300 ms
    assertError(await call("GET", `${SUP}/monitor/state`, { session: idle }), 401);
    assertError(await call("GET", `/session/validate/${idle}`), 404);
    assert.equal((await call("GET", `/session/validate/${used}`)).status, 200);
    const st = await state();
    assert.equal(st.sessions.find((s) => s.sessionId === idle).expired, true);
    assert.equal(st.sessions.find((s) => s.sessionId === used).expired, false);
    // a new login after expiry gets a new session
    assert.notEqual(await login(), idle);
  });

  it("validate counts as use", async () => {
    await control("POST", "/config", { sessionIdleMs: 250 });
    const sid = await login();
    for (let i = 0; i < 4; i++) {
      await sleep(100);
      assert.equal((await call("GET", `/session/validate/${sid}`)).status, 200);
    }
    assert.equal((await call("GET", `${SUP}/monitor/state`, { session: sid })).status, 200);
  });

  it("takes sessionIdleMs at start", async () => {
    const e2 = await startEmulator({ port: 0, sessionIdleMs: 100 });
    try {
      const sid = await login("supervisor", "s3cret", { base: e2.url });
      await sleep(200);
      assert.equal((await call("GET", `${SUP}/monitor/state`, { session: sid, base: e2.url })).status, 401);
      e2.reset();
      assert.equal(e2.config.sessionIdleMs, 100, "reset keeps the start-time config");
    } finally {
      await e2.close();
    }
  });

  it("expires sessions on demand", async () => {
    const a = await login();
    const b = await login("admin", "adm1n");
    let r = await control("POST", "/expire-session", { sessionId: a });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.expired, [a]);
    assertError(await call("GET", `${SUP}/monitor/state`, { session: a }), 401);
    assert.equal((await call("GET", `${SUP}/monitor/state`, { session: b })).status, 200);
    assert.equal((await control("POST", "/expire-session", { sessionId: "nope" })).status, 404);
    r = await call("POST", "/__control/expire-session"); // no body = all
    assert.equal(r.status, 200);
    assertError(await call("GET", `${SUP}/monitor/state`, { session: b }), 401);
  });
});

// ------------------------------------------------------------------ roles

describe("supervisor API roles", () => {
  it("allows Manager and Sysadmin, forbids Agent-role users and agent logins", async () => {
    assert.equal((await call("GET", `${SUP}/service/access`, { session: await login() })).status, 200);
    assert.equal((await call("GET", `${SUP}/service/access`, { session: await login("admin", "adm1n") })).status, 200);
    const agentUser = await login("agentuser", "agentpw");
    assertError(await call("GET", `${SUP}/service/access`, { session: agentUser }), 403);
    assertError(await call("POST", `${SUP}/agent/status/ready`, { session: agentUser, body: { agents: ["LV_SEB"] } }), 403);
    const agent = await login("LV_USR1", "agent-lv_usr1", { agent: true });
    assertError(await call("GET", `${SUP}/monitor/state`, { session: agent }), 403);
    assertError(await call("POST", `${SUP}/chat/messages`, { session: agent, body: { filter: { excludeOwn: true } } }), 403);
  });
});

// ------------------------------------------------------------------ agent status

describe("agent status", () => {
  let sid;
  beforeEach(async () => {
    sid = await login();
  });

  it("sets Ready, Not Ready with a reason, and logs off", async () => {
    let r = await call("POST", `${SUP}/agent/status/ready`, { session: sid, body: { agents: ["LV_SEB"], message: "Get in ready" } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { agents: [{ agentLoginId: "LV_SEB", status: "Success" }] });
    let st = await state();
    assert.equal(st.agents.LV_SEB.state, "READY");
    assert.equal(st.agents.LV_SEB.reasonCode, null);

    r = await call("POST", `${SUP}/agent/status/notReady`, {
      session: sid,
      body: { agents: ["LV_TEST"], reasonCode: "LUNCH", message: "Change to not ready when going to lunch" },
    });
    assert.deepEqual(r.json, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
    st = await state();
    assert.equal(st.agents.LV_TEST.state, "NOTREADY");
    assert.equal(st.agents.LV_TEST.reasonCode, "LUNCH");

    r = await call("POST", `${SUP}/agent/status/logoff`, { session: sid, body: { agents: ["LV_SEB"], message: "Take a break" } });
    assert.deepEqual(r.json, { agents: [{ agentLoginId: "LV_SEB", status: "Successfully logged off." }] });
    st = await state();
    assert.equal(st.agents.LV_SEB.state, "LOGOFF");

    r = await call("POST", `${SUP}/agent/status/ready`, { session: sid, body: { agents: ["LV_SEB", "nobody", "lv_usr2"] } });
    assert.deepEqual(r.json, {
      agents: [
        { agentLoginId: "LV_SEB", status: "Failed: agent not logged in" },
        { agentLoginId: "nobody", status: "Failed: agent not found" },
        { agentLoginId: "lv_usr2", status: "Success" },
      ],
    });
    r = await call("POST", `${SUP}/agent/status/notReady`, { session: sid, body: { agents: ["LV_OFF"] } });
    assert.deepEqual(r.json, { agents: [{ agentLoginId: "LV_OFF", status: "Failed: agent not logged in" }] });
  });

  it("rejects bad input with 400", async () => {
    const p = `${SUP}/agent/status/notReady`;
    assertError(await call("POST", p, { session: sid, body: { agents: ["LV_TEST"], reasonCode: "Tech Difficulties" } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: ["LV_TEST"], reasonCode: "lunch" } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: [] } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: "LV_TEST" } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: [42] } }), 400);
    assertError(await call("POST", p, { session: sid, body: {} }), 400);
    assertError(await call("POST", p, { session: sid }), 400);
    assertError(await call("POST", `${SUP}/agent/status/ready`, { session: sid, body: { agents: ["LV_TEST"], message: 7 } }), 400);
    const st = await state();
    assert.equal(st.agents.LV_TEST.state, "READY", "a rejected request changes nothing");
  });

  it("accepts any valid reason code", async () => {
    for (const rc of ["BREAK", "LUNCH", "MEETING", "OTHER", "TECH_DIFFICULTIES", "TRAINING"]) {
      const r = await call("POST", `${SUP}/agent/status/notReady`, { session: sid, body: { agents: ["lv_usr1"], reasonCode: rc } });
      assert.equal(r.json.agents[0].status, "Success");
      assert.equal((await state()).agents.lv_usr1.reasonCode, rc);
    }
  });
});

// ------------------------------------------------------------------ chat

describe("chat", () => {
  let sid;
  beforeEach(async () => {
    sid = await login();
  });
  const msgs = (filter, s = sid) => call("POST", `${SUP}/chat/messages`, { session: s, body: { filter } });

  it("broadcasts with the seed's usersLoginId key", async () => {
    const r = await call("POST", `${SUP}/chat/broadcast`, {
      session: sid,
      body: {
        usersInfo: [
          { userLoginId: "lv_usr1", canReply: true },
          { userLoginId: "LV_OFF", canReply: true },
          { userLoginId: "ghost", canReply: false },
        ],
        message: "Hello",
      },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      broadcastStatus: [
        { usersLoginId: "lv_usr1", sent: true },
        { usersLoginId: "LV_OFF", sent: false },
        { usersLoginId: "ghost", sent: false },
      ],
    });
    const st = await state();
    assert.equal(st.chats.length, 1);
    assert.equal(st.chats[0].userLoginId, "lv_usr1");
  });

  it("rejects bad broadcast and filter input", async () => {
    const b = `${SUP}/chat/broadcast`;
    assertError(await call("POST", b, { session: sid, body: { usersInfo: [{ userLoginId: "lv_usr1", canReply: true }] } }), 400);
    assertError(await call("POST", b, { session: sid, body: { usersInfo: "lv_usr1", message: "x" } }), 400);
    assertError(await call("POST", b, { session: sid, body: { usersInfo: [], message: "x" } }), 400);
    assertError(await call("POST", b, { session: sid, body: { usersInfo: [{ userLoginId: "lv_usr1" }], message: "x" } }), 400);
    assertError(await call("POST", b, { session: sid, body: { usersInfo: [{ canReply: true }], message: "x" } }), 400);
    assertError(await call("POST", `${SUP}/chat/messages`, { session: sid, body: {} }), 400);
    assertError(await call("POST", `${SUP}/chat/messages`, { session: sid }), 400);
    assertError(await msgs({}), 400);
    assertError(await msgs({ messageReceivedAfter: "1416817899000" }), 400);
    assertError(await msgs({ excludeOwn: "maybe" }), 400);
    assertError(await msgs({ excludeOwn: true, messageReceivedAfter: "yesterday" }), 400);
    assertError(await msgs({ excludeOwn: true, messageReceivedAfter: -5 }), 400);
  });

  it("answers an empty chatList without timestamp", async () => {
    const r = await msgs({ excludeOwn: false });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { chatList: [] });
  });

  it("returns messages grouped per agent, with string timestamps and a cursor", async () => {
    await call("POST", `${SUP}/chat/broadcast`, {
      session: sid,
      body: { usersInfo: [{ userLoginId: "lv_usr1", canReply: true }, { userLoginId: "lv_usr2", canReply: false }], message: "Hello" },
    });
    const rep = await control("POST", "/chat/reply", { userLoginId: "lv_usr1", message: "Lunch with team" });
    assert.equal(rep.status, 200);
    assert.match(rep.json.timestamp, /^\d+$/);
    await control("POST", "/chat/reply", { userLoginId: "LV_USR1", message: "I am free " });

    let r = await msgs({ excludeOwn: "false" });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ["chatList", "timestamp"]);
    assert.equal(r.json.chatList.length, 2);
    const [c1, c2] = r.json.chatList;
    assert.deepEqual(Object.keys(c1), ["messageList", "userLoginId", "canReply"]);
    assert.equal(c1.userLoginId, "lv_usr1");
    assert.equal(c1.canReply, true);
    assert.deepEqual(c1.messageList.map((m) => [m.message, m.senderId]), [
      ["Hello", "supervisor"],
      ["Lunch with team", "lv_usr1"],
      ["I am free ", "lv_usr1"],
    ]);
    assert.equal(c2.userLoginId, "lv_usr2");
    assert.equal(c2.canReply, false);
    const all = r.json.chatList.flatMap((c) => c.messageList);
    for (const m of all) {
      assert.deepEqual(Object.keys(m), ["message", "senderId", "timestamp"]);
      assert.equal(typeof m.timestamp, "string");
    }
    const ts = all.map((m) => Number(m.timestamp)).sort((a, b) => a - b);
    assert.equal(new Set(ts).size, ts.length, "timestamps are unique");
    assert.equal(r.json.timestamp, String(ts.at(-1)));
    assert.equal(rep.json.timestamp, c1.messageList[1].timestamp);

    // excludeOwn drops the supervisor's own messages
    r = await msgs({ excludeOwn: true });
    assert.deepEqual(r.json.chatList.map((c) => c.userLoginId), ["lv_usr1"]);
    assert.deepEqual(r.json.chatList[0].messageList.map((m) => m.message), ["Lunch with team", "I am free "]);

    // the cursor: strictly greater than
    const cursor = r.json.timestamp;
    assert.deepEqual((await msgs({ excludeOwn: true, messageReceivedAfter: cursor })).json, { chatList: [] });
    const first = c1.messageList[1].timestamp;
    r = await msgs({ excludeOwn: true, messageReceivedAfter: first });
    assert.deepEqual(r.json.chatList[0].messageList.map((m) => m.message), ["I am free "]);
    r = await msgs({ excludeOwn: "true", messageReceivedAfter: Number(first) });
    assert.deepEqual(r.json.chatList[0].messageList.map((m) => m.message), ["I am free "]);

    await control("POST", "/chat/reply", { userLoginId: "lv_usr2", message: "new" });
    r = await msgs({ excludeOwn: true, messageReceivedAfter: cursor });
    assert.deepEqual(r.json.chatList.length, 1);
    assert.equal(r.json.chatList[0].userLoginId, "lv_usr2");
    assert.ok(Number(r.json.timestamp) > Number(cursor));
  });

  it("never skips or repeats a message under a cursor, even in bursts", async () => {
    await call("POST", `${SUP}/chat/broadcast`, {
      session: sid,
      body: { usersInfo: ["lv_usr1", "lv_usr2", "LV_TEST", "LV_SEB"].map((u) => ({ userLoginId: u, canReply: true })), message: "go" },
    });
    const seen = [];
    let cursor;
    const sendBurst = (n, tag) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          control("POST", "/chat/reply", { userLoginId: ["lv_usr1", "lv_usr2", "LV_TEST", "LV_SEB"][i % 4], message: `${tag}-${i}` }),
        ),
      );
    const poll = async () => {
      const filter = { excludeOwn: true };
      if (cursor) filter.messageReceivedAfter = cursor;
      const r = await msgs(filter);
      assert.equal(r.status, 200);
      if (r.json.timestamp) cursor = r.json.timestamp;
      for (const c of r.json.chatList) for (const m of c.messageList) seen.push(m.message);
    };
    // one poller at a time (as a client does), running while replies arrive
    let done = false;
    const poller = (async () => {
      while (!done) await poll();
    })();
    await sendBurst(30, "a");
    await sendBurst(30, "b");
    done = true;
    await poller;
    await poll();
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
  });

  it("sends, keeps CR/LF, ends, and refuses replies after the end", async () => {
    let r = await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "line1\r\nline2\nline3" } });
    assert.equal(r.status, 204);
    assert.equal(r.text, "");
    r = await msgs({ excludeOwn: false });
    assert.equal(r.json.chatList[0].messageList[0].message, "line1\r\nline2\nline3");
    assert.equal(r.json.chatList[0].messageList[0].senderId, "supervisor");

    assertError(await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "ghost", message: "x" } }), 404);
    assertError(await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "" } }), 400);
    assertError(await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1" } }), 400);

    r = await call("POST", `${SUP}/chat/end?userLoginId=lv_usr1`, { session: sid });
    assert.equal(r.status, 204);
    assertError(await call("POST", `${SUP}/chat/end?userLoginId=lv_usr1`, { session: sid }), 404);
    assertError(await call("POST", `${SUP}/chat/end?userLoginId=lv_usr2`, { session: sid }), 404);
    assertError(await call("POST", `${SUP}/chat/end`, { session: sid }), 400);
    assert.equal((await control("POST", "/chat/reply", { userLoginId: "lv_usr1", message: "late" })).status, 409);

    // a new broadcast opens a new session; replies work again
    r = await call("POST", `${SUP}/chat/broadcast`, { session: sid, body: { usersInfo: [{ userLoginId: "lv_usr1", canReply: true }], message: "again" } });
    assert.equal(r.json.broadcastStatus[0].sent, true);
    assert.equal((await control("POST", "/chat/reply", { userLoginId: "lv_usr1", message: "back" })).status, 200);
    const st = await state();
    assert.equal(st.chats.length, 2);
    assert.equal(st.chats[0].active, false);
    assert.equal(st.chats[1].active, true);
  });

  it("keeps chats per supervisor and validates control replies", async () => {
    await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "mine" } });
    const admin = await login("admin", "adm1n");
    assert.deepEqual((await msgs({ excludeOwn: false }, admin)).json, { chatList: [] });
    assert.equal((await control("POST", "/chat/reply", { userLoginId: "lv_usr2", message: "to admin", supervisor: "admin" })).status, 200);
    const r = await msgs({ excludeOwn: false }, admin);
    assert.equal(r.json.chatList[0].messageList[0].message, "to admin");
    assert.equal((await msgs({ excludeOwn: false })).json.chatList.length, 1);

    assert.equal((await control("POST", "/chat/reply", { userLoginId: "ghost", message: "x" })).status, 404);
    assert.equal((await control("POST", "/chat/reply", { userLoginId: "LV_OFF", message: "x" })).status, 409);
    assert.equal((await control("POST", "/chat/reply", { userLoginId: "lv_usr1", message: "" })).status, 400);
    assert.equal((await control("POST", "/chat/reply", { userLoginId: "lv_usr1", message: "x", supervisor: "nobody" })).status, 404);
  });
});

// ------------------------------------------------------------------ monitor

describe("monitor", () => {
  let sid;
  beforeEach(async () => {
    sid = await login();
  });

  it("needs a monitor call before listen/coach/barge", async () => {
    let r = await call("GET", `${SUP}/monitor/state`, { session: sid });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { activeCall: false });
    assertError(await call("POST", `${SUP}/monitor/listen?agentLoginId=LV_TEST`, { session: sid }), 409);
    assertError(await call("POST", `${SUP}/monitor/start`, { session: sid }), 400);
    assertError(await call("POST", `${SUP}/monitor/start?numberToDial=`, { session: sid }), 400);

    // No body, no Content-Type; the seed's quirk: 204 although the table promises {activeCall}
    r = await call("POST", `${SUP}/monitor/start?numberToDial=%2B16505317524&extension=12`, { session: sid });
    assert.equal(r.status, 204);
    assert.equal(r.text, "");
    const log = emu.requests().at(-1);
    assert.equal(log.headers["content-type"], undefined);
    assert.equal(log.rawBody, "");
    r = await call("GET", `${SUP}/monitor/state`, { session: sid });
    assert.deepEqual(r.json, { activeCall: true });
    let st = await state();
    assert.equal(st.monitor.supervisor.numberToDial, "+16505317524");
    assert.equal(st.monitor.supervisor.extension, "12");

    for (const mode of ["listen", "coach", "barge"]) {
      r = await call("POST", `${SUP}/monitor/${mode}?agentLoginId=LV_TEST`, { session: sid });
      assert.equal(r.status, 204);
      st = await state();
      assert.equal(st.agents.LV_TEST.monitoredBy, "supervisor");
      assert.equal(st.agents.LV_TEST.monitorMode, mode);
    }
    assertError(await call("POST", `${SUP}/monitor/coach?agentLoginId=ghost`, { session: sid }), 404);
    assertError(await call("POST", `${SUP}/monitor/barge?agentLoginId=LV_OFF`, { session: sid }), 409);
    assertError(await call("POST", `${SUP}/monitor/listen`, { session: sid }), 400);

    // monitoring is per supervisor
    const admin = await login("admin", "adm1n");
    assert.deepEqual((await call("GET", `${SUP}/monitor/state`, { session: admin })).json, { activeCall: false });
  });

  it("decodes query parameters like a servlet container ('+' is a space)", async () => {
    await call("POST", `${SUP}/monitor/start?numberToDial=+1650&extension=a%20b`, { session: sid });
    const st = await state();
    assert.equal(st.monitor.supervisor.numberToDial, " 1650");
    assert.equal(st.monitor.supervisor.extension, "a b");
  });
});

// ------------------------------------------------------------------ services

describe("services", () => {
  it("lists the seed's call centers plus 33722", async () => {
    const r = await call("GET", `${SUP}/service/access`, { session: await login() });
    assert.equal(r.status, 200);
    assert.equal(
      JSON.stringify(r.json),
      JSON.stringify({
        callCenters: [
          { services: [{ serviceId: 23114, serviceName: "Inskill feature code 1" }], callCenterId: 1718, callCenterName: "Call Center 2" },
          {
            services: [
              { serviceId: 45165, serviceName: "TEST_MANUAL" },
              { serviceId: 33722, serviceName: "new skill" },
            ],
            callCenterId: 3086,
            callCenterName: "TEST Call Center",
          },
        ],
      }),
    );
  });

  it("switches agents' service", async () => {
    const sid = await login();
    const p = `${SUP}/agent/service/switch`;
    let r = await call("POST", p, { session: sid, body: { agents: ["LV_TEST", "ghost", "LV_OFF"], targetServiceId: 33722, message: "new skill" } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      agents: [
        { agentLoginId: "LV_TEST", message: "Completed: Success" },
        { agentLoginId: "ghost", message: "failed" },
        { agentLoginId: "LV_OFF", message: "failed" },
      ],
    });
    assert.equal((await state()).agents.LV_TEST.serviceId, 33722);
    assertError(await call("POST", p, { session: sid, body: { agents: ["LV_TEST"], targetServiceId: 99999 } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: ["LV_TEST"], targetServiceId: "abc" } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: ["LV_TEST"], targetServiceId: 1.5 } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: ["LV_TEST"] } }), 400);
    assertError(await call("POST", p, { session: sid, body: { agents: [], targetServiceId: 33722 } }), 400);
  });
});

// ------------------------------------------------------------------ errors and robustness

describe("errors and robustness", () => {
  it("answers 404 for unknown paths and 405 for wrong methods, as JSON", async () => {
    assertError(await call("GET", "/nope"), 404);
    const sid = await login();
    const r = await call("POST", `${SUP}/monitor/state`, { session: sid });
    assertError(r, 405);
    assert.equal(r.headers.get("allow"), "GET");
    assertError(await call("GET", "/session/login"), 405);
    assertError(await call("PUT", `${SUP}/service/access`, { session: sid }), 405);
    assertError(await call("GET", "/callControl/supervisor/chat/message", { session: sid }), 404);
  });

  it("survives garbage input", async () => {
    const sid = await login();
    const paths = ["/session/login", `${SUP}/agent/status/ready`, `${SUP}/chat/broadcast`, `${SUP}/chat/messages`, `${SUP}/chat/send`, `${SUP}/agent/service/switch`];
    const garbage = ["{", "null", "[]", '"str"', "42", "\u0000\u0001", '{"agents":{"__proto__":{}}}', '{"filter":null}', "\xff\xfe"];
    for (const p of paths) {
      for (const g of garbage) {
        const r = await call("POST", p, { session: sid, access: TOKEN, raw: g, headers: { "Content-Type": "application/json" } });
        assert.ok(r.status >= 400 && r.status < 500, `${p} ${JSON.stringify(g)} -> ${r.status}`);
        assert.equal(typeof r.json.code, "number");
      }
    }
    assertError(await call("GET", "/session/validate/%E0%A4%A"), 400);
    assert.equal((await call("GET", `${SUP}/monitor/state`, { session: sid })).status, 200);
  });

  it("accepts POSTs with no body and no Content-Type", async () => {
    const sid = await login();
    await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "hi" } });
    const r = await fetch(`${U}${SUP}/chat/end?userLoginId=lv_usr1`, { method: "POST", headers: { "LV-Session": sid } });
    assert.equal(r.status, 204);
  });

  it("handles many concurrent requests", async () => {
    const sid = await login();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2
          ? call("POST", `${SUP}/chat/broadcast`, { session: sid, body: { usersInfo: [{ userLoginId: "lv_usr2", canReply: true }], message: `m${i}` } })
          : call("GET", `${SUP}/monitor/state`, { session: sid }),
      ),
    );
    assert.ok(results.every((r) => r.status === 200));
    const st = await state();
    assert.equal(st.chats.length, 1);
    assert.equal(st.chats[0].messages.length, 50);
    const ts = st.chats[0].messages.map((m) => Number(m.timestamp));
    for (let i = 1; i < ts.length; i++) assert.ok(ts[i] > ts[i - 1]);
  });
});

// ------------------------------------------------------------------ CORS

describe("CORS", () => {
  it("adds CORS headers to every response", async () => {
    let r = await call("GET", "/nope", { headers: { Origin: "http://crm.example" } });
    assert.equal(r.headers.get("access-control-allow-origin"), "http://crm.example");
    assert.match(r.headers.get("access-control-expose-headers"), /Retry-After/);
    assert.match(r.headers.get("access-control-expose-headers"), /Content-Type/);
    r = await call("GET", "/nope");
    assert.equal(r.headers.get("access-control-allow-origin"), "*");
    r = await call("GET", "/__control/state", { headers: { Origin: "http://crm.example" } });
    assert.equal(r.headers.get("access-control-allow-origin"), "http://crm.example");
  });

  it("answers preflights without logging them", async () => {
    const before = emu.requests().length;
    const r = await fetch(`${U}${SUP}/agent/status/ready`, {
      method: "OPTIONS",
      headers: { Origin: "http://crm.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,lv-session" },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get("access-control-allow-origin"), "http://crm.example");
    assert.equal(r.headers.get("access-control-allow-methods"), "GET, POST, PUT, DELETE, OPTIONS");
    assert.equal(r.headers.get("access-control-allow-headers"), "content-type,lv-session");
    assert.equal(r.headers.get("access-control-max-age"), "600");
    const r2 = await fetch(`${U}/anything/at/all`, { method: "OPTIONS" });
    assert.equal(r2.status, 204);
    const allow = r2.headers.get("access-control-allow-headers").toLowerCase();
    for (const h of ["content-type", "accept", "lv-session", "lv-access"]) assert.ok(allow.includes(h));
    assert.equal(emu.requests().length, before);
    const pf = (await control("GET", "/preflights")).json;
    assert.equal(pf.count, 2);
    assert.equal(pf.preflights[0].origin, "http://crm.example");
    assert.equal((await state()).preflightCount, 2);
  });
});

// ------------------------------------------------------------------ control API

describe("control API", () => {
  it("records requests with raw and parsed bodies", async () => {
    const sid = await login();
    await call("POST", `${SUP}/monitor/start?numberToDial=%2B1650`, { session: sid, headers: { "X-Custom": "Yes" } });
    await call("POST", `${SUP}/chat/send`, { session: sid, raw: "not json", headers: { "Content-Type": "text/plain" } });
    const log = (await control("GET", "/requests")).json;
    assert.equal(log.length, 3);
    const [l0, l1, l2] = log;
    assert.deepEqual(Object.keys(l0).sort(), ["body", "headers", "method", "path", "query", "rawBody", "seq", "time", "url"]);
    assert.equal(l0.path, "/session/login");
    assert.equal(l0.query, "");
    assert.equal(l0.body.userName, "supervisor");
    assert.equal(l0.rawBody, JSON.stringify(l0.body));
    assert.equal(l0.headers["lv-access"], TOKEN);
    assert.equal(l1.method, "POST");
    assert.equal(l1.path, `${SUP}/monitor/start`);
    assert.equal(l1.query, "numberToDial=%2B1650");
    assert.equal(l1.url, `${SUP}/monitor/start?numberToDial=%2B1650`);
    assert.equal(l1.headers["x-custom"], "Yes");
    assert.equal(l1.headers["lv-session"], sid);
    assert.equal(l1.body, null);
    assert.equal(l1.rawBody, "");
    assert.equal(l2.body, null);
    assert.equal(l2.rawBody, "not json");
    assert.ok(l0.seq < l1.seq && l1.seq < l2.seq);

    const since = (await control("GET", `/requests?since=${l1.seq}`)).json;
    assert.deepEqual(since.map((e) => e.seq), [l2.seq]);
    assert.equal((await control("GET", "/requests?since=x")).status, 400);
    assert.equal((await control("DELETE", "/requests")).status, 204);
    assert.deepEqual((await control("GET", "/requests")).json, []);
  });

  it("resets everything to fixtures", async () => {
    const sid = await login();
    await call("POST", `${SUP}/agent/status/logoff`, { session: sid, body: { agents: ["LV_TEST"] } });
    await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "x" } });
    await call("POST", `${SUP}/monitor/start?numberToDial=1`, { session: sid });
    await control("POST", "/faults", { path: "/never", status: 500, times: 5 });
    await control("POST", "/config", { sessionIdleMs: 5 });
    assert.equal((await control("POST", "/reset")).status, 200);
    const st = await state();
    assert.equal(st.agents.LV_TEST.state, "READY");
    assert.equal(st.agents.LV_TEST.onCall, true);
    assert.deepEqual(st.chats, []);
    assert.deepEqual(st.sessions, []);
    assert.deepEqual(st.monitor, {});
    assert.deepEqual(st.faults, []);
    assert.equal(st.config.sessionIdleMs, 7200000);
    assert.equal(st.requestCount, 0);
    assertError(await call("GET", `${SUP}/monitor/state`, { session: sid }), 401);
  });

  it("sets agent state", async () => {
    let r = await control("POST", "/agents/lv_off", { state: "READY", serviceId: 45165 });
    assert.equal(r.status, 200);
    assert.equal(r.json.state, "READY");
    assert.equal(r.json.loginId, "LV_OFF");
    assert.equal(r.json.password, undefined);
    const sid = await login();
    await call("POST", `${SUP}/monitor/start?numberToDial=1`, { session: sid });
    assert.equal((await call("POST", `${SUP}/monitor/listen?agentLoginId=LV_OFF`, { session: sid })).status, 204);
    r = await control("POST", "/agents/LV_SEB", { state: "NOTREADY", reasonCode: "TRAINING", onCall: true });
    assert.equal(r.json.reasonCode, "TRAINING");
    assert.equal(r.json.onCall, true);
    assert.equal((await control("GET", "/agents/lv_seb")).json.state, "NOTREADY");
    assert.equal((await control("POST", "/agents/ghost", { state: "READY" })).status, 404);
    assert.equal((await control("POST", "/agents/LV_SEB", { state: "SLEEPING" })).status, 400);
    assert.equal((await control("POST", "/agents/LV_SEB", { serviceId: 1 })).status, 400);
    assert.equal((await control("POST", "/agents/LV_SEB", { onCall: "yes" })).status, 400);
    assert.equal((await control("POST", "/config", { sessionIdleMs: -1 })).status, 400);
    assert.equal((await control("POST", "/config", { bogus: 1 })).status, 400);
    assert.equal((await control("GET", "/nothing")).status, 404);
  });
});

// ------------------------------------------------------------------ fault injection

describe("fault injection", () => {
  it("answers with a status and Retry-After, a given number of times", async () => {
    const sid = await login();
    const f = await control("POST", "/faults", { method: "GET", path: `${SUP}/monitor/state`, status: 503, headers: { "Retry-After": "2" }, times: 2 });
    assert.equal(f.status, 201);
    for (let i = 0; i < 2; i++) {
      const r = await call("GET", `${SUP}/monitor/state`, { session: sid, headers: { Origin: "http://crm.example" } });
      assertError(r, 503);
      assert.equal(r.json.code, 503);
      assert.equal(r.headers.get("retry-after"), "2");
      assert.equal(r.headers.get("access-control-allow-origin"), "http://crm.example");
      assert.match(r.headers.get("access-control-expose-headers"), /Retry-After/);
    }
    assert.equal((await call("GET", `${SUP}/monitor/state`, { session: sid })).status, 200);
    // faulted requests are still logged
    assert.equal(emu.requests().filter((e) => e.path === `${SUP}/monitor/state`).length, 3);
  });

  it("matches method, exact path and prefix, and returns custom bodies", async () => {
    const sid = await login();
    await control("POST", "/faults", { method: "POST", path: `${SUP}/chat/*`, status: 500, body: { code: 9, message: "boom" } });
    assert.equal((await call("GET", `${SUP}/monitor/state`, { session: sid })).status, 200);
    let r = await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "x" } });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { code: 9, message: "boom" });
    assert.equal((await call("POST", `${SUP}/chat/send`, { session: sid, body: { userLoginId: "lv_usr1", message: "x" } })).status, 204);

    await control("POST", "/faults", { path: "/session/login", status: 200, body: "<html>not json</html>", headers: { "Content-Type": "text/html" } });
    r = await call("POST", "/session/login", { access: TOKEN, body: {} });
    assert.equal(r.status, 200);
    assert.equal(r.text, "<html>not json</html>");
    assert.equal(r.headers.get("content-type"), "text/html");

    await control("POST", "/faults", { method: "GET", path: `${SUP}/service/access`, status: 429 });
    assert.equal((await call("POST", `${SUP}/service/access`, { session: sid })).status, 405, "method filter");
    assert.equal((await call("GET", `${SUP}/service/access?x=1`, { session: sid })).status, 429, "path match ignores the query");
    assert.equal((await control("GET", "/faults")).json.length, 0);

    await control("POST", "/faults", { path: "/x", status: 500, times: 3 });
    assert.equal((await control("DELETE", "/faults")).status, 204);
    assertError(await call("GET", "/x"), 404);
  });

  it("delays, then handles normally or answers the fault", async () => {
    const sid = await login();
    await control("POST", "/faults", { path: `${SUP}/monitor/state`, delayMs: 300 });
    let t = Date.now();
    let r = await call("GET", `${SUP}/monitor/state`, { session: sid });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { activeCall: false });
    assert.ok(Date.now() - t >= 280, `took ${Date.now() - t}ms`);
    await control("POST", "/faults", { path: `${SUP}/monitor/state`, delayMs: 200, status: 504 });
    t = Date.now();
    r = await call("GET", `${SUP}/monitor/state`, { session: sid });
    assert.equal(r.status, 504);
    assert.ok(Date.now() - t >= 180);
    t = Date.now();
    assert.equal((await call("GET", `${SUP}/monitor/state`, { session: sid })).status, 200);
    assert.ok(Date.now() - t < 150);
  });

  it("drops connections", async () => {
    const sid = await login();
    await control("POST", "/faults", { path: `${SUP}/agent/status/ready`, drop: true });
    await assert.rejects(fetch(`${U}${SUP}/agent/status/ready`, { method: "POST", headers: { "LV-Session": sid, "Content-Type": "application/json" }, body: '{"agents":["LV_SEB"]}' }));
    const logged = emu.requests().at(-1);
    assert.equal(logged.path, `${SUP}/agent/status/ready`);
    assert.deepEqual(logged.body, { agents: ["LV_SEB"] });
    assert.equal((await state()).agents.LV_SEB.state, "NOTREADY", "a dropped request is not processed");
    const r = await call("POST", `${SUP}/agent/status/ready`, { session: sid, body: { agents: ["LV_SEB"] } });
    assert.equal(r.json.agents[0].status, "Success");
  });

  it("rejects malformed fault specs", async () => {
    for (const bad of [{}, { path: "nope", status: 500 }, { path: "/x" }, { path: "/x", status: 42 }, { path: "/x", status: 500, times: 0 }, { path: "/x", drop: "yes" }, { path: "/x", status: 500, headers: { "Bad Header": "v" } }]) {
      assert.equal((await control("POST", "/faults", bad)).status, 400, JSON.stringify(bad));
    }
    assert.equal((await call("POST", "/__control/faults", { raw: "{", headers: { "Content-Type": "application/json" } })).status, 400);
  });
});

// ------------------------------------------------------------------ CLI

describe("cli", () => {
  it("prints one EMULATOR_URL line, serves, and exits on SIGTERM", async () => {
    const cli = fileURLToPath(new URL("../../emulator/cli.mjs", import.meta.url));
    const child = spawn(process.execPath, [cli, "--port", "0", "--session-idle-ms", "1000"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    try {
      const deadline = Date.now() + 5000;
      while (!out.includes("\n") && Date.now() < deadline) await sleep(20);
      const m = /^EMULATOR_URL=(http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(out);
      assert.ok(m, `stdout was ${JSON.stringify(out)}`);
      const r = await fetch(m[1] + "/__control/config");
      assert.deepEqual(await r.json(), { sessionIdleMs: 1000 });
      await fetch(m[1] + "/nope");
    } finally {
      child.kill("SIGTERM");
    }
    const { code } = await exited;
    assert.equal(code, 0);
    assert.equal(out.split("\n").filter(Boolean).length, 1, "nothing else on stdout");
  });

  it("rejects bad arguments", async () => {
    const cli = fileURLToPath(new URL("../../emulator/cli.mjs", import.meta.url));
    const child = spawn(process.execPath, [cli, "--port", "abc"], { stdio: "ignore" });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    assert.equal(code, 2);
  });
});
