// The 14 supervisor operations on the wire (method, path, query, headers, exact JSON body) and
// what each resolves to.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  SUP, startEmu, freshLogin, state, agentState, addFault, agentReply, requestsSince, assertWire,
  rejectsWith,
  failIfProcessLingers,
} from "./support/harness.mjs";

let emu;
let lv;
let since;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(async () => {
  ({ lv, since } = await freshLogin(emu));
});

/** The requests sent since the test's login; asserts there are exactly `n`. */
async function sent(n) {
  const log = await requestsSince(emu, since);
  assert.equal(log.length, n, `expected ${n} request(s), got ${log.map((e) => `${e.method} ${e.url}`).join(", ")}`);
  return log;
}

const ID = () => lv.sessionId;

test("setReady(agents, {message}) → POST agent/status/ready {agents, message}", async () => {
  const r = await lv.supervisor.setReady(["LV_SEB"], { message: "Get in ready" });
  assert.deepStrictEqual(r, { agents: [{ agentLoginId: "LV_SEB", status: "Success" }] });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/agent/status/ready`, body: { agents: ["LV_SEB"], message: "Get in ready" }, sessionId: ID() });
  const a = await agentState(emu, "LV_SEB");
  assert.equal(a.state, "READY");
  assert.equal(a.lastSupervisorMessage.message, "Get in ready");
});

test("setReady without message sends no message key; several agents keep their order", async () => {
  const r = await lv.supervisor.setReady(["lv_usr1", "NO_SUCH", "LV_OFF"]);
  assert.deepStrictEqual(r, {
    agents: [
      { agentLoginId: "lv_usr1", status: "Success" },
      { agentLoginId: "NO_SUCH", status: "Failed: agent not found" },
      { agentLoginId: "LV_OFF", status: "Failed: agent not logged in" },
    ],
  });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/agent/status/ready`, body: { agents: ["lv_usr1", "NO_SUCH", "LV_OFF"] }, sessionId: ID() });
});

test("setNotReady(agents, {reasonCode, message}) → POST agent/status/notReady", async () => {
  const r = await lv.supervisor.setNotReady(["LV_TEST"], { reasonCode: "LUNCH", message: "Change to not ready when going to lunch" });
  assert.deepStrictEqual(r, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
  const [e] = await sent(1);
  assertWire(e, {
    method: "POST", path: `${SUP}/agent/status/notReady`,
    body: { agents: ["LV_TEST"], reasonCode: "LUNCH", message: "Change to not ready when going to lunch" }, sessionId: ID(),
  });
  const a = await agentState(emu, "LV_TEST");
  assert.equal(a.state, "NOTREADY");
  assert.equal(a.reasonCode, "LUNCH");
});

test("setNotReady with no options sends only agents; every reason code is accepted", async () => {
  await lv.supervisor.setNotReady(["lv_usr2"]);
  for (const reasonCode of ["BREAK", "LUNCH", "MEETING", "OTHER", "TECH_DIFFICULTIES", "TRAINING"]) {
    await lv.supervisor.setNotReady(["lv_usr1"], { reasonCode });
  }
  const log = await sent(7);
  assertWire(log[0], { method: "POST", path: `${SUP}/agent/status/notReady`, body: { agents: ["lv_usr2"] }, sessionId: ID() });
  assert.deepEqual(log.slice(1).map((e) => e.body.reasonCode), ["BREAK", "LUNCH", "MEETING", "OTHER", "TECH_DIFFICULTIES", "TRAINING"]);
  assert.equal((await agentState(emu, "lv_usr1")).reasonCode, "TRAINING");
});

test("logoff(agents, {message}) → POST agent/status/logoff", async () => {
  const r = await lv.supervisor.logoff(["LV_SEB"], { message: "Take a break" });
  assert.deepStrictEqual(r, { agents: [{ agentLoginId: "LV_SEB", status: "Successfully logged off." }] });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/agent/status/logoff`, body: { agents: ["LV_SEB"], message: "Take a break" }, sessionId: ID() });
  assert.equal((await agentState(emu, "LV_SEB")).state, "LOGOFF");
});

test("broadcastChat → {usersInfo:[{userLoginId, canReply}], message}; reply usersLoginId renamed to userLoginId", async () => {
  const r = await lv.supervisor.broadcastChat(
    [{ userLoginId: "lv_usr1", canReply: true }, { userLoginId: "lv_usr2" }, { userLoginId: "LV_OFF", canReply: false }],
    "Hello",
  );
  assert.deepStrictEqual(r, {
    broadcastStatus: [
      { userLoginId: "lv_usr1", sent: true },
      { userLoginId: "lv_usr2", sent: true },
      { userLoginId: "LV_OFF", sent: false },
    ],
  });
  const [e] = await sent(1);
  assertWire(e, {
    method: "POST", path: `${SUP}/chat/broadcast`,
    body: {
      usersInfo: [
        { userLoginId: "lv_usr1", canReply: true },
        { userLoginId: "lv_usr2", canReply: true },
        { userLoginId: "LV_OFF", canReply: false },
      ],
      message: "Hello",
    },
    sessionId: ID(),
  });
  const st = await state(emu);
  assert.deepEqual(st.chats.map((c) => [c.userLoginId, c.canReply, c.messages[0].message]), [["lv_usr1", true, "Hello"], ["lv_usr2", true, "Hello"]]);
});

test("chatMessages({excludeOwn:false}) → {filter:{excludeOwn:false}}; timestamps become numbers", async () => {
  await lv.supervisor.broadcastChat([{ userLoginId: "lv_usr1", canReply: false }], "Hello");
  const t1 = await agentReply(emu, "lv_usr1", "Lunch with team");
  const t2 = await agentReply(emu, "lv_usr2", "I am free ");
  const t3 = await agentReply(emu, "lv_usr1", "back soon");
  const st = await state(emu);
  const t0 = Number(st.chats[0].messages[0].timestamp);
  since = (await requestsSince(emu, since)).at(-1).seq;

  const r = await lv.supervisor.chatMessages({ excludeOwn: false });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/chat/messages`, body: { filter: { excludeOwn: false } }, sessionId: ID() });
  assert.deepStrictEqual(r, {
    chatList: [
      {
        userLoginId: "lv_usr1",
        canReply: false,
        messageList: [
          { message: "Hello", senderId: "supervisor", timestamp: t0 },
          { message: "Lunch with team", senderId: "lv_usr1", timestamp: t1 },
          { message: "back soon", senderId: "lv_usr1", timestamp: t3 },
        ],
      },
      { userLoginId: "lv_usr2", canReply: true, messageList: [{ message: "I am free ", senderId: "lv_usr2", timestamp: t2 }] },
    ],
    timestamp: t3,
  });
  assert.equal(typeof r.timestamp, "number");
});

test("chatMessages({after, excludeOwn:true}) sends messageReceivedAfter as an epoch-ms string (number, digit string, Date)", async () => {
  await lv.supervisor.broadcastChat([{ userLoginId: "lv_usr1" }], "Hello");
  const t1 = await agentReply(emu, "lv_usr1", "one");
  const t2 = await agentReply(emu, "lv_usr1", "two");
  since = (await requestsSince(emu, since)).at(-1).seq;

  const expected = {
    chatList: [{ userLoginId: "lv_usr1", canReply: true, messageList: [{ message: "two", senderId: "lv_usr1", timestamp: t2 }] }],
    timestamp: t2,
  };
  assert.deepStrictEqual(await lv.supervisor.chatMessages({ after: t1, excludeOwn: true }), expected);
  assert.deepStrictEqual(await lv.supervisor.chatMessages({ after: String(t1), excludeOwn: true }), expected);
  assert.deepStrictEqual(await lv.supervisor.chatMessages({ after: new Date(t1), excludeOwn: true }), expected);
  const log = await sent(3);
  for (const e of log) {
    assertWire(e, { method: "POST", path: `${SUP}/chat/messages`, body: { filter: { messageReceivedAfter: String(t1), excludeOwn: true } }, sessionId: ID() });
  }
});

test("chatMessages with nothing new resolves {chatList: []} without a timestamp", async () => {
  const r = await lv.supervisor.chatMessages({ excludeOwn: true });
  assert.deepStrictEqual(r.chatList, []);
  assert.equal(r.timestamp, undefined);
  await sent(1);
});

test("chatMessages also accepts numeric timestamps from the platform", async () => {
  await addFault(emu, {
    method: "POST", path: `${SUP}/chat/messages`, status: 200,
    body: { chatList: [{ messageList: [{ message: "hi", senderId: "lv_usr1", timestamp: 1416817899000 }], userLoginId: "lv_usr1", canReply: true }], timestamp: 1416817899001 },
  });
  const r = await lv.supervisor.chatMessages({ excludeOwn: true });
  assert.deepStrictEqual(r, {
    chatList: [{ userLoginId: "lv_usr1", canReply: true, messageList: [{ message: "hi", senderId: "lv_usr1", timestamp: 1416817899000 }] }],
    timestamp: 1416817899001,
  });
});

test("sendChat(userLoginId, message) → {userLoginId, message} with CR/LF intact → undefined", async () => {
  const message = "line one\r\nline two\nline three";
  const r = await lv.supervisor.sendChat("lv_usr1", message);
  assert.equal(r, undefined);
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/chat/send`, body: { userLoginId: "lv_usr1", message }, sessionId: ID() });
  const st = await state(emu);
  assert.equal(st.chats[0].messages[0].message, message);
});

test("endChat(userLoginId) → POST chat/end?userLoginId= with no body → undefined", async () => {
  await lv.supervisor.sendChat("lv_usr1", "bye");
  since = (await requestsSince(emu, since)).at(-1).seq;
  assert.equal(await lv.supervisor.endChat("lv_usr1"), undefined);
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/chat/end`, query: "userLoginId=lv_usr1", sessionId: ID() });
  assert.equal((await state(emu)).chats[0].active, false);
});

test("endChat percent-encodes the id (space, &, +) and maps 404 to NOT_FOUND", async () => {
  const id = "a b&c+d=é";
  await rejectsWith(() => lv.supervisor.endChat(id), "NOT_FOUND", { status: 404, vendorCode: 404 });
  const [e] = await sent(1);
  const q = new URLSearchParams(e.query);
  assert.deepEqual([...q.keys()], ["userLoginId"], `one query parameter only: ${e.query}`);
  assert.equal(q.get("userLoginId"), id, `raw query ${e.query}`);
  assert.ok(!e.query.includes("+"), "a + must be sent as %2B, a space never as +");
});

test("startMonitor('+16505317524') → numberToDial=%2B16505317524, no extension, no body → undefined on 204", async () => {
  assert.equal(await lv.supervisor.startMonitor("+16505317524"), undefined);
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/monitor/start`, query: "numberToDial=%2B16505317524", sessionId: ID() });
  const st = await state(emu);
  assert.equal(st.monitor.supervisor.numberToDial, "+16505317524");
  assert.equal(st.monitor.supervisor.extension, null);
});

test("startMonitor with extension adds &extension=; a 200 reply resolves {activeCall}", async () => {
  await addFault(emu, { method: "POST", path: `${SUP}/monitor/start`, status: 200, body: { activeCall: true } });
  assert.deepStrictEqual(await lv.supervisor.startMonitor("6505317524", { extension: "12" }), { activeCall: true });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/monitor/start`, query: "numberToDial=6505317524&extension=12", sessionId: ID() });
});

test("monitorState() → GET monitor/state → {activeCall}", async () => {
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
  await lv.supervisor.startMonitor("6505317524");
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: true });
  const log = await sent(3);
  assertWire(log[0], { method: "GET", path: `${SUP}/monitor/state`, sessionId: ID() });
  assertWire(log[2], { method: "GET", path: `${SUP}/monitor/state`, sessionId: ID() });
});

for (const mode of ["listen", "coach", "barge"]) {
  test(`${mode}(agentLoginId) → POST monitor/${mode}?agentLoginId=LV_TEST, no body → undefined`, async () => {
    await lv.supervisor.startMonitor("6505317524");
    since = (await requestsSince(emu, since)).at(-1).seq;
    assert.equal(await lv.supervisor[mode]("LV_TEST"), undefined);
    const [e] = await sent(1);
    assertWire(e, { method: "POST", path: `${SUP}/monitor/${mode}`, query: "agentLoginId=LV_TEST", sessionId: ID() });
    const a = await agentState(emu, "LV_TEST");
    assert.equal(a.monitoredBy, "supervisor");
    assert.equal(a.monitorMode, mode);
  });
}

test("listen without a monitor call → CONFLICT (409) with the vendor message", async () => {
  const err = await rejectsWith(() => lv.supervisor.listen("LV_TEST"), "CONFLICT", { status: 409, vendorCode: 409 });
  assert.match(err.vendorMessage, /no active monitor call/);
  await sent(1);
});

test("servicesAllowed() → GET service/access → callCenters with numeric ids", async () => {
  const r = await lv.supervisor.servicesAllowed();
  assert.deepStrictEqual(r, {
    callCenters: [
      { callCenterId: 1718, callCenterName: "Call Center 2", services: [{ serviceId: 23114, serviceName: "Inskill feature code 1" }] },
      {
        callCenterId: 3086, callCenterName: "TEST Call Center",
        services: [{ serviceId: 45165, serviceName: "TEST_MANUAL" }, { serviceId: 33722, serviceName: "new skill" }],
      },
    ],
  });
  const [e] = await sent(1);
  assertWire(e, { method: "GET", path: `${SUP}/service/access`, sessionId: ID() });
});

test("switchService(agents, id, {message}) → {agents, targetServiceId, message} → {agents:[{agentLoginId, message}]}", async () => {
  const r = await lv.supervisor.switchService(["LV_TEST"], 33722, { message: "new skill" });
  assert.deepStrictEqual(r, { agents: [{ agentLoginId: "LV_TEST", message: "Completed: Success" }] });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/agent/service/switch`, body: { agents: ["LV_TEST"], targetServiceId: 33722, message: "new skill" }, sessionId: ID() });
  assert.equal((await agentState(emu, "LV_TEST")).serviceId, 33722);
});

test("switchService without message sends no message key", async () => {
  const r = await lv.supervisor.switchService(["lv_usr1", "LV_OFF"], 23114);
  assert.deepStrictEqual(r, { agents: [{ agentLoginId: "lv_usr1", message: "Completed: Success" }, { agentLoginId: "LV_OFF", message: "failed" }] });
  const [e] = await sent(1);
  assertWire(e, { method: "POST", path: `${SUP}/agent/service/switch`, body: { agents: ["lv_usr1", "LV_OFF"], targetServiceId: 23114 }, sessionId: ID() });
});

test("every I/O method accepts a trailing {signal, timeoutMs} options argument", async () => {
  const o = { signal: new AbortController().signal, timeoutMs: 5000 };
  const s = lv.supervisor;
  await s.setReady(["lv_usr1"], {}, o);
  await s.setNotReady(["lv_usr1"], {}, o);
  await s.broadcastChat([{ userLoginId: "lv_usr1" }], "hi", o);
  await s.chatMessages({ excludeOwn: true }, o);
  await s.sendChat("lv_usr1", "hi", o);
  await s.endChat("lv_usr1", o);
  await s.startMonitor("6505317524", {}, o);
  await s.monitorState(o);
  await s.listen("LV_TEST", o);
  await s.coach("LV_TEST", o);
  await s.barge("LV_TEST", o);
  await s.servicesAllowed(o);
  await s.switchService(["lv_usr1"], 45165, {}, o);
  await s.logoff(["lv_usr2"], {}, o);
  assert.equal(await lv.validate(o), true);
  await sent(15);
});

test("listen percent-encodes agentLoginId (space and +) and maps 404 to NOT_FOUND", async () => {
  await lv.supervisor.startMonitor("6505317524");
  since = (await requestsSince(emu, since)).at(-1).seq;
  const id = "LV TEST+1";
  await rejectsWith(() => lv.supervisor.listen(id), "NOT_FOUND", { status: 404 });
  const [e] = await sent(1);
  assert.equal(e.path, `${SUP}/monitor/listen`);
  assert.equal(new URLSearchParams(e.query).get("agentLoginId"), id, `raw query ${e.query}`);
  assert.ok(!e.query.includes("+"), `no raw + in ${e.query}`);
});

test("replies in the other documented spellings are read too (userLoginId, string booleans and ids)", async () => {
  await addFault(emu, {
    method: "POST", path: `${SUP}/chat/broadcast`, status: 200,
    body: { broadcastStatus: [{ userLoginId: "lv_usr1", sent: "true" }, { usersLoginId: "lv_usr2", sent: "false" }] },
  });
  assert.deepStrictEqual(await lv.supervisor.broadcastChat([{ userLoginId: "lv_usr1" }, { userLoginId: "lv_usr2" }], "hi"), {
    broadcastStatus: [{ userLoginId: "lv_usr1", sent: true }, { userLoginId: "lv_usr2", sent: false }],
  });
  await addFault(emu, {
    method: "GET", path: `${SUP}/service/access`, status: 200,
    body: { callCenters: [{ services: [{ serviceId: "23114", serviceName: "Inskill feature code 1" }], callCenterId: "1718", callCenterName: "Call Center 2" }] },
  });
  assert.deepStrictEqual(await lv.supervisor.servicesAllowed(), {
    callCenters: [{ callCenterId: 1718, callCenterName: "Call Center 2", services: [{ serviceId: 23114, serviceName: "Inskill feature code 1" }] }],
  });
});
