// Bad input rejects with INVALID_ARGUMENT (and the offending `field`) before anything is sent,
// and the module keeps working afterwards.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as fw from "floorwalker";
import { LiveVox, CREDS, SUP, startEmu, freshLogin, requestsSince, assertNothingSent, assertWire, rejectsWith, throwsWith, failIfProcessLingers } from "./support/harness.mjs";

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

const nothingSent = () => assertNothingSent(emu, since);

/** [label, call, field] — field undefined: only the code is checked. */
const CASES = [
  ["setReady([])", (s) => s.setReady([]), "agents"],
  ["setReady(string)", (s) => s.setReady("LV_TEST"), "agents"],
  ["setReady(number)", (s) => s.setReady(42), "agents"],
  ["setReady(null)", (s) => s.setReady(null), "agents"],
  ["setReady(undefined)", (s) => s.setReady(), "agents"],
  ["setReady(array-like object)", (s) => s.setReady({ length: 1, 0: "LV_TEST" }), "agents"],
  ["setReady([''])", (s) => s.setReady([""]), "agents"],
  ["setReady([CRLF id])", (s) => s.setReady(["LV\r\nTEST"]), "agents"],
  ["setReady([LF id])", (s) => s.setReady(["LV_TEST\n"]), "agents"],
  ["setReady([number])", (s) => s.setReady([42]), "agents"],
  ["setReady([null])", (s) => s.setReady([null]), "agents"],
  ["setReady([NUL id])", (s) => s.setReady(["LV\0TEST"]), "agents"],
  ["setReady(sparse array)", (s) => s.setReady([, "LV_TEST"]), "agents"],
  ["setReady([id, number])", (s) => s.setReady(["LV_TEST", 42]), "agents"],
  ["setReady(message object)", (s) => s.setReady(["LV_TEST"], { message: {} }), "message"],
  ["setNotReady unknown reasonCode", (s) => s.setNotReady(["LV_TEST"], { reasonCode: "NAP" }), "reasonCode"],
  ["setNotReady lower-case reasonCode", (s) => s.setNotReady(["LV_TEST"], { reasonCode: "lunch" }), "reasonCode"],
  ["setNotReady numeric reasonCode", (s) => s.setNotReady(["LV_TEST"], { reasonCode: 5 }), "reasonCode"],
  ["setNotReady([])", (s) => s.setNotReady([], { reasonCode: "LUNCH" }), "agents"],
  ["logoff([])", (s) => s.logoff([]), "agents"],
  ["logoff([CR id])", (s) => s.logoff(["LV_SEB\r"]), "agents"],
  ["sendChat empty message", (s) => s.sendChat("lv_usr1", ""), "message"],
  ["sendChat object message", (s) => s.sendChat("lv_usr1", { text: "hi" }), "message"],
  ["sendChat missing message", (s) => s.sendChat("lv_usr1"), "message"],
  ["sendChat empty userLoginId", (s) => s.sendChat("", "hi"), "userLoginId"],
  ["sendChat CRLF userLoginId", (s) => s.sendChat("lv\r\nusr1", "hi"), "userLoginId"],
  ["sendChat number userLoginId", (s) => s.sendChat(7, "hi"), "userLoginId"],
  ["broadcastChat([])", (s) => s.broadcastChat([], "hi"), "usersInfo"],
  ["broadcastChat(string)", (s) => s.broadcastChat("lv_usr1", "hi"), "usersInfo"],
  ["broadcastChat empty message", (s) => s.broadcastChat([{ userLoginId: "lv_usr1" }], ""), "message"],
  ["broadcastChat number message", (s) => s.broadcastChat([{ userLoginId: "lv_usr1" }], 5), "message"],
  ["broadcastChat empty userLoginId", (s) => s.broadcastChat([{ userLoginId: "" }], "hi"), undefined],
  ["broadcastChat CRLF userLoginId", (s) => s.broadcastChat([{ userLoginId: "lv_usr1\r\n" }], "hi"), undefined],
  ["broadcastChat string canReply", (s) => s.broadcastChat([{ userLoginId: "lv_usr1", canReply: "yes" }], "hi"), undefined],
  ["chatMessages({})", (s) => s.chatMessages({}), "excludeOwn"],
  ["chatMessages()", (s) => s.chatMessages(), "excludeOwn"],
  ["chatMessages excludeOwn string", (s) => s.chatMessages({ excludeOwn: "yes" }), "excludeOwn"],
  ["chatMessages after 'abc'", (s) => s.chatMessages({ excludeOwn: true, after: "abc" }), "after"],
  ["chatMessages after -5", (s) => s.chatMessages({ excludeOwn: true, after: -5 }), "after"],
  ["chatMessages after NaN", (s) => s.chatMessages({ excludeOwn: true, after: NaN }), "after"],
  ["chatMessages after Infinity", (s) => s.chatMessages({ excludeOwn: true, after: Infinity }), "after"],
  ["chatMessages after '12abc'", (s) => s.chatMessages({ excludeOwn: true, after: "12abc" }), "after"],
  ["chatMessages after Invalid Date", (s) => s.chatMessages({ excludeOwn: true, after: new Date("nope") }), "after"],
  ["endChat('')", (s) => s.endChat(""), "userLoginId"],
  ["endChat(LF)", (s) => s.endChat("lv_usr1\nX"), "userLoginId"],
  ["endChat()", (s) => s.endChat(), "userLoginId"],
  ["startMonitor('')", (s) => s.startMonitor(""), "numberToDial"],
  ["startMonitor(CRLF)", (s) => s.startMonitor("+16505317524\r\n"), "numberToDial"],
  ["startMonitor(number)", (s) => s.startMonitor(16505317524), "numberToDial"],
  ["startMonitor extension CRLF", (s) => s.startMonitor("+16505317524", { extension: "1\r\n2" }), "extension"],
  ["listen('')", (s) => s.listen(""), "agentLoginId"],
  ["coach('')", (s) => s.coach(""), "agentLoginId"],
  ["barge('')", (s) => s.barge(""), "agentLoginId"],
  ["barge(CRLF)", (s) => s.barge("LV_TEST\r\n"), "agentLoginId"],
  ["listen(undefined)", (s) => s.listen(), "agentLoginId"],
  ["switchService string id", (s) => s.switchService(["LV_TEST"], "33722"), "targetServiceId"],
  ["switchService fractional id", (s) => s.switchService(["LV_TEST"], 1.5), "targetServiceId"],
  ["switchService NaN id", (s) => s.switchService(["LV_TEST"], NaN), "targetServiceId"],
  ["switchService missing id", (s) => s.switchService(["LV_TEST"]), "targetServiceId"],
  ["switchService([])", (s) => s.switchService([], 33722), "agents"],
  ["switchService message object", (s) => s.switchService(["LV_TEST"], 33722, { message: [] }), "message"],
];

for (const [label, call, field] of CASES) {
  test(`${label} → INVALID_ARGUMENT${field ? ` (field ${field})` : ""}, nothing sent`, async () => {
    const props = field ? { field } : {};
    await rejectsWith(() => call(lv.supervisor), "INVALID_ARGUMENT", props);
    await nothingSent();
  });
}

test("exotic JS values (Symbol, BigInt, functions, Proxy) reject INVALID_ARGUMENT and never break the module", async () => {
  const s = lv.supervisor;
  const weird = [Symbol("x"), 10n, () => "LV_TEST", new Proxy({}, {}), new Map([["a", 1]]), [Symbol("y")], [10n]];
  for (const w of weird) {
    await rejectsWith(() => s.setReady(w), "INVALID_ARGUMENT");
    await rejectsWith(() => s.sendChat("lv_usr1", w), "INVALID_ARGUMENT");
    await rejectsWith(() => s.chatMessages({ excludeOwn: true, after: w }), "INVALID_ARGUMENT");
  }
  await rejectsWith(() => s.setNotReady(["LV_TEST"], "LUNCH"), "INVALID_ARGUMENT");
  await nothingSent();
  // the next valid call succeeds
  assert.deepStrictEqual(await s.setReady(["lv_usr1"]), { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 1);
  assertWire(log[0], { method: "POST", path: `${SUP}/agent/status/ready`, body: { agents: ["lv_usr1"] }, sessionId: lv.sessionId });
});

test("a list of agent ids is read as JSON.stringify reads it: every item, in order, an array's toJSON honoured", async () => {
  const s = lv.supervisor;
  await s.setReady(["lv_usr1", "LV_TEST", "lv_usr1"]);
  const viaToJson = Object.assign(["ignored"], { toJSON: () => ["lv_usr2"] });
  await s.setReady(viaToJson);
  const throwing = new Proxy(["lv_usr1"], { get: (t, k) => (k === "0" ? (() => { throw new Error("trap"); })() : Reflect.get(t, k)) });
  await rejectsWith(() => s.setReady(throwing), "INVALID_ARGUMENT", { field: "agents" });
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 2);
  assertWire(log[0], { method: "POST", path: `${SUP}/agent/status/ready`, body: { agents: ["lv_usr1", "LV_TEST", "lv_usr1"] }, sessionId: lv.sessionId });
  assertWire(log[1], { method: "POST", path: `${SUP}/agent/status/ready`, body: { agents: ["lv_usr2"] }, sessionId: lv.sessionId });
});

test("after a run of bad calls every operation still works", async () => {
  for (const [, call] of CASES) await call(lv.supervisor).catch(() => {});
  await nothingSent();
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
  assert.deepStrictEqual(await lv.supervisor.setNotReady(["LV_TEST"], { reasonCode: "BREAK" }), { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
  assert.equal(await lv.supervisor.sendChat("lv_usr1", "still here"), undefined);
});

test("bad client options reject INVALID_ARGUMENT before sending", async () => {
  const base = { baseUrl: emu.url, accessToken: "test-access-token", clientName: "ACME", userName: "supervisor", password: "s3cret" };
  await rejectsWith(() => LiveVox.login({ ...base, timeoutMs: -1 }), "INVALID_ARGUMENT", { field: "timeoutMs" });
  await rejectsWith(() => LiveVox.login({ ...base, timeoutMs: "soon" }), "INVALID_ARGUMENT", { field: "timeoutMs" });
  await rejectsWith(() => LiveVox.login({ ...base, retry: { maxRetries: -1 } }), "INVALID_ARGUMENT");
  await rejectsWith(() => LiveVox.login({ ...base, retry: "often" }), "INVALID_ARGUMENT");
  await rejectsWith(() => LiveVox.login(null), "INVALID_ARGUMENT");
  await rejectsWith(() => LiveVox.login(), "INVALID_ARGUMENT");
  await nothingSent();
});

test("bad per-call options reject INVALID_ARGUMENT before sending", async () => {
  await rejectsWith(() => lv.supervisor.monitorState({ timeoutMs: "x" }), "INVALID_ARGUMENT");
  await rejectsWith(() => lv.supervisor.monitorState({ timeoutMs: -5 }), "INVALID_ARGUMENT");
  await rejectsWith(() => lv.supervisor.monitorState({ signal: "stop" }), "INVALID_ARGUMENT");
  await rejectsWith(() => lv.supervisor.setReady(["lv_usr1"], {}, { signal: {} }), "INVALID_ARGUMENT");
  await nothingSent();
  assert.deepStrictEqual(await lv.supervisor.monitorState({ timeoutMs: 5000 }), { activeCall: false });
});

test("an own __proto__ key in an options object is ignored", async () => {
  const opts = JSON.parse('{"__proto__": {"message": "injected", "reasonCode": "NAP"}}');
  assert.ok(Object.prototype.hasOwnProperty.call(opts, "__proto__"));
  await lv.supervisor.setReady(["lv_usr1"], opts);
  await lv.supervisor.setNotReady(["lv_usr1"], opts);
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 2);
  assertWire(log[0], { method: "POST", path: `${SUP}/agent/status/ready`, body: { agents: ["lv_usr1"] }, sessionId: lv.sessionId });
  assertWire(log[1], { method: "POST", path: `${SUP}/agent/status/notReady`, body: { agents: ["lv_usr1"] }, sessionId: lv.sessionId });
});

test("watchChat throws INVALID_ARGUMENT synchronously on bad options and polls nothing", async () => {
  throwsWith(() => lv.supervisor.watchChat({ intervalMs: -1 }), "INVALID_ARGUMENT", { field: "intervalMs" });
  throwsWith(() => lv.supervisor.watchChat({ intervalMs: "fast" }), "INVALID_ARGUMENT", { field: "intervalMs" });
  throwsWith(() => lv.supervisor.watchChat({ after: "abc" }), "INVALID_ARGUMENT", { field: "after" });
  throwsWith(() => lv.supervisor.watchChat({ excludeOwn: "no" }), "INVALID_ARGUMENT", { field: "excludeOwn" });
  await new Promise((r) => setTimeout(r, 100));
  await nothingSent();
});

/** An options object whose `key` has a getter that throws. */
function throwingAt(options, key) {
  const o = { ...options };
  Object.defineProperty(o, key, { enumerable: true, get() { throw new Error(`getter ${key}`); } });
  return o;
}

test("client options that cannot be read (a throwing getter, a Proxy trap) reject INVALID_ARGUMENT naming the option; nothing sent", async () => {
  const lvBase = { baseUrl: emu.url, ...CREDS };
  // Optional options: taken as absent before, so the call went ahead without them.
  for (const key of ["timeoutMs", "retry", "logger", "logLevel", "fetch", "agent"]) {
    await rejectsWith(() => LiveVox.login(throwingAt(lvBase, key)), "INVALID_ARGUMENT", { field: key });
  }
  const trapAt = (key) => new Proxy(lvBase, { get: (t, k) => { if (k === key) throw new Error("trap"); return Reflect.get(t, k); } });
  await rejectsWith(() => LiveVox.login(trapAt("retry")), "INVALID_ARGUMENT", { field: "retry" });
  const gwsBase = { baseUrl: emu.url, username: "supervisor1", password: "sup-pass" };
  for (const key of ["timeoutMs", "logger", "logLevel"]) {
    await rejectsWith(() => fw.Gws.connect(throwingAt(gwsBase, key)), "INVALID_ARGUMENT", { field: key });
  }
  throwsWith(() => LiveVox.resume(throwingAt({ baseUrl: emu.url, sessionId: "s" }, "timeoutMs")), "INVALID_ARGUMENT", { field: "timeoutMs" });
  throwsWith(() => new fw.CometD(throwingAt({ url: `${emu.url}/cometd` }, "logger")), "INVALID_ARGUMENT", { field: "logger" });
  const pool = { baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: CREDS.clientName, serviceId: 1001, agents: [] };
  throwsWith(() => new fw.AgentPool(throwingAt(pool, "keepAliveMs")), "INVALID_ARGUMENT", { field: "keepAliveMs" });
  await nothingSent();
});

test("header values HTTP cannot carry reject INVALID_ARGUMENT naming the field, before sending (never NETWORK)", async () => {
  const base = { baseUrl: emu.url, ...CREDS };
  for (const bad of ["tok\u20acen", "tök", "tok\u{1F600}", "tok\ten", " tok", "tok\u0000"]) {
    await rejectsWith(() => LiveVox.login({ ...base, accessToken: bad }), "INVALID_ARGUMENT", { field: "accessToken" });
    throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: bad }), "INVALID_ARGUMENT", { field: "sessionId" });
    throwsWith(() => new fw.CometD({ url: `${emu.url}/cometd`, headers: { "X-Token": bad } }), "INVALID_ARGUMENT", { field: "headers" });
    await rejectsWith(() => lv.postAia(`${emu.url}/aia/acme`, { transactionId: "1" }, { headers: { "X-Client-Key": bad } }), "INVALID_ARGUMENT", { field: "headers" });
  }
  await rejectsWith(() => fw.Gws.connect({ baseUrl: emu.url, username: "supervisor1", password: "pass\r\nX: 1" }), "INVALID_ARGUMENT", { field: "password" });
  await nothingSent();
  // Basic auth carries any user name and password (base64 of their UTF-8 bytes): a wrong one is
  // refused by the server, not by fetch.
  await rejectsWith(() => fw.Gws.connect({ baseUrl: emu.url, username: "s\u00fcpervisor\u20ac", password: "p\u00e4ss" }), "UNAUTHORIZED");
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 1);
  const basic = Buffer.from("s\u00fcpervisor\u20ac:p\u00e4ss", "utf8").toString("base64");
  assert.equal(log[0].headers.authorization, `Basic ${basic}`);
});
