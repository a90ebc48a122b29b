// Fault injection (issue 5, item 7) against the packed package: delay beyond the timeout, 500,
// 502, 503 and 429 with Retry-After (seconds and HTTP date), malformed JSON, a JSON body of the
// wrong shape, a dropped connection (before the reply and mid-body), an expired session (LiveVox
// and GWS), AbortSignal. Each test asserts the error code, the requests on the wire, that nothing
// was retried that must not be, and that the client (and the module) works normally afterwards.
// errors.test.mjs and session.test.mjs hold the basic cases; this file extends them to the agent,
// contact and GWS APIs, to cuts mid-body, to what the emulator sees of aborted requests, and to
// concurrency. CometD faults (402, advice none) are covered elsewhere.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Gws, parseInvite } from "floorwalker";
import {
  LiveVox, FloorwalkerError, CREDS, SUP, startEmu, control, reset, addFault, expireSessions, mark, requestsSince, only,
  rejectsWith, sleep, within, waitFor, failIfProcessLingers,
} from "./support/harness.mjs";

/** Short retry settings: the whole file stays well under 15 s. */
const RETRY = Object.freeze({ maxRetries: 2, baseDelayMs: 10, maxDelayMs: 200 });
const AGENT = "/callControl/agent";
const READY = `${SUP}/agent/status/ready`;
const STATE = `${SUP}/monitor/state`;
const ACCESS = `${SUP}/service/access`;
const SEND = `${SUP}/chat/send`;
const MESSAGES = `${SUP}/chat/messages`;
const API = "/api/v2";

const SUP1 = { username: "supervisor1", password: "sup-pass" };
const SUP1_DEVICE = "efe1ab32-53f9-43ce-b65e-5768c61f7d4a";
const AGENT1_ID = "90cc5439ff6848748e5e67811273f266";
const AGENT2_ID = "4ff5b43c856d4cb2a3d6c20a88740257";
const AGENT3_ID = "c3d2e1f0a9b84c7d6e5f4a3b2c1d0e9f";
const AGENT2_DEVICE = "b7e3c2a1-5d4f-4e6a-8b9c-0d1e2f3a4b5c";

const VALID_INVITE = "INVITE sip:+18990000001@10.0.0.5:5070 SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:+18990000001@h>\r\nCall-ID: x@h\r\nCSeq: 1 INVITE\r\n\r\n";

let emu;
let since;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(async () => {
  await reset(emu);
});

const supervisorLogin = (extra = {}) => LiveVox.login({ baseUrl: emu.url, ...CREDS, retry: { ...RETRY }, ...extra });
const agentLogin = (n, extra = {}) =>
  LiveVox.login({ baseUrl: emu.url, ...CREDS, userName: `VA${n}`, password: `agent-va${n}`, agent: true, retry: { ...RETRY }, ...extra });
const gwsConnect = (extra = {}) => Gws.connect({ baseUrl: emu.url, ...SUP1, retry: { ...RETRY }, ...extra });

async function calls(path, method) {
  return only(await requestsSince(emu, since), path, method);
}

/** The client, and the module, work normally after a fault. */
async function assertSound(lv) {
  const services = await lv.supervisor.servicesAllowed();
  assert.equal(services.callCenters.length, 2, "a normal call succeeds after the fault");
  assert.deepEqual(await lv.supervisor.setReady(["lv_usr1"]), { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
  assert.equal(parseInvite(VALID_INVITE).agentNumber, "+18990000001", "the module is not poisoned");
}

async function assertGwsSound(gws) {
  const devices = await gws.devices();
  assert.ok(Array.isArray(devices) && devices.length >= 1, "a normal GWS read succeeds after the fault");
  await gws.startSession({ channels: ["voice"] });
}

const agentOf = (id) => control(emu, "GET", `/agents/${id}`);

// ------------------------------------------------------------------ emulator: the new fault kinds

test("emulator: truncateAt cuts the reply mid-body; the log flags connections the client closed", async () => {
  await addFault(emu, { method: "GET", path: "/__probe", status: 200, body: { padding: "x".repeat(200) }, truncateAt: 20 });
  const res = await fetch(`${emu.url}/__probe`);
  assert.equal(res.status, 200, "the head arrives");
  await assert.rejects(res.text(), "the body is cut");
  await addFault(emu, { method: "GET", path: "/__probe", delayMs: 3000 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(fetch(`${emu.url}/__probe`, { signal: ac.signal }));
  const log = await waitFor(async () => {
    const l = await control(emu, "GET", "/requests");
    return l[1]?.clientClosed ? l : null;
  }, { what: "the emulator to see the connection closed" });
  assert.equal(log[0].clientClosed, undefined, "a cut by the server is not a client close");
  assert.ok(log[1].closedAt - log[1].time < 1000);
});

// ------------------------------------------------------------------ delay beyond the timeout

test("a POST slower than timeoutMs → TIMEOUT, one request, the fetch is really cancelled and nothing is processed", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: READY, delayMs: 1500 });
  const t0 = Date.now();
  await rejectsWith(() => lv.supervisor.setReady(["LV_SEB"], {}, { timeoutMs: 150 }), "TIMEOUT");
  assert.ok(Date.now() - t0 < 800, `rejected after ${Date.now() - t0} ms`);
  const [sent] = await waitFor(async () => {
    const l = await calls(READY);
    return l[0]?.clientClosed ? l : null;
  }, { timeoutMs: 1000, what: "the timed-out request's connection to be closed by the SDK" });
  assert.ok(sent.closedAt - sent.time < 600, `connection closed ${sent.closedAt - sent.time} ms after the request`);
  assert.equal((await calls(READY)).length, 1, "a timed-out POST is never sent again");
  assert.equal((await agentOf("LV_SEB")).state, "NOTREADY", "the delayed request was never processed");
  await assertSound(lv);
});

test("a PUT slower than timeoutMs (contacts.update, client-level timeoutMs) → TIMEOUT, not retried", async () => {
  const lv = await agentLogin(1, { timeoutMs: 150 });
  since = await mark(emu);
  await addFault(emu, { method: "PUT", path: "/contact/contacts/*", delayMs: 1200 });
  await rejectsWith(() => lv.contacts.update("ACC-1001", { city: "Nowhere" }), "TIMEOUT");
  await sleep(100);
  const puts = await calls("/contact/contacts/ACC-1001", "PUT");
  assert.equal(puts.length, 1, "a timed-out PUT is not retried");
  assert.equal(puts[0].clientClosed, true, "and its connection was closed");
  assert.equal((await lv.contacts.get("ACC-1001")).city === "Nowhere", false, "not processed");
});

test("a GET always slower than the timeout → TIMEOUT after 1 + maxRetries attempts, each cancelled", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: ACCESS, delayMs: 2000, times: -1 });
  const t0 = Date.now();
  await rejectsWith(() => lv.supervisor.servicesAllowed({ timeoutMs: 100 }), "TIMEOUT");
  const took = Date.now() - t0;
  assert.ok(took < 1500, `3 attempts of 100 ms took ${took} ms`);
  const log = await waitFor(async () => {
    const l = await calls(ACCESS);
    return l.length === 3 && l.every((e) => e.clientClosed) ? l : null;
  }, { timeoutMs: 1000, what: "3 attempts, all closed by the client" });
  assert.equal(log.length, 3);
  await control(emu, "DELETE", "/faults");
  await assertSound(lv);
});

test("agent API: a GET (termCodes) delayed once is retried and succeeds; a POST (status) delayed → TIMEOUT once", async () => {
  const lv = await agentLogin(2);
  await lv.agent.joinService(1001, "+18990000002");
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: `${AGENT}/termCode`, delayMs: 1000 });
  const codes = await lv.agent.termCodes(1001, { timeoutMs: 150 });
  assert.equal(typeof codes, "object");
  assert.equal((await calls(`${AGENT}/termCode`)).length, 2);
  await addFault(emu, { method: "POST", path: `${AGENT}/status`, delayMs: 1000 });
  await rejectsWith(() => lv.agent.status({}, { timeoutMs: 150 }), "TIMEOUT");
  assert.equal((await calls(`${AGENT}/status`)).length, 1, "agent status is a POST: not retried after a timeout");
  assert.equal(typeof (await lv.agent.status()), "object");
});

// ------------------------------------------------------------------ 500 / 502 / 503 / 429

const WRITES_500 = [
  ["supervisor.setReady (POST)", "POST", READY, (c) => c.sup.supervisor.setReady(["LV_SEB"])],
  ["supervisor.sendChat (POST)", "POST", SEND, (c) => c.sup.supervisor.sendChat("lv_usr1", "hello")],
  ["supervisor.switchService (POST)", "POST", `${SUP}/agent/service/switch`, (c) => c.sup.supervisor.switchService(["lv_usr2"], 33722)],
  ["agent.setNotReady (POST)", "POST", `${AGENT}/status/notReady`, (c) => c.va.agent.setNotReady({ reasonCode: "BREAK" })],
  ["contacts.create (POST)", "POST", "/contact/contacts", (c) => c.va.contacts.create({ account: "ACC-FAULT-1", city: "X" })],
  ["contacts.update (PUT)", "PUT", "/contact/contacts/ACC-1001", (c) => c.va.contacts.update("ACC-1001", { city: "Y" })],
];

test("every kind of write answered 500 → SERVER_ERROR after exactly one request", async () => {
  const c = { sup: await supervisorLogin(), va: await agentLogin(3) };
  for (const [label, method, path, call] of WRITES_500) {
    since = await mark(emu);
    await addFault(emu, { method, path, status: 500, body: { code: 500, message: "boom" } });
    await rejectsWith(() => call(c), "SERVER_ERROR", { status: 500, vendorCode: 500, vendorMessage: "boom" });
    assert.equal((await calls(path, method)).length, 1, `${label}: not retried`);
  }
  assert.equal((await agentOf("LV_SEB")).state, "NOTREADY");
  await assertSound(c.sup);
});

test("a GET answered 502 or 503 is retried up to maxRetries; it succeeds when the fault passes", async () => {
  const lv = await supervisorLogin();
  for (const status of [502, 503]) {
    since = await mark(emu);
    await addFault(emu, { method: "GET", path: STATE, status, times: -1 });
    const err = await rejectsWith(() => lv.supervisor.monitorState(), "SERVER_ERROR", { status });
    assert.ok(err instanceof FloorwalkerError);
    assert.equal((await calls(STATE)).length, 3, `${status}: 1 + maxRetries requests`);
    await control(emu, "DELETE", "/faults");

    since = await mark(emu);
    await addFault(emu, { method: "GET", path: STATE, status, times: 2 });
    assert.deepEqual(await lv.supervisor.monitorState(), { activeCall: false });
    assert.equal((await calls(STATE)).length, 3, `${status} twice, then 200`);
  }
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: STATE, status: 502, times: -1 });
  const lv5 = await supervisorLogin({ retry: { maxRetries: 5, baseDelayMs: 1, maxDelayMs: 20 } });
  since = await mark(emu);
  await rejectsWith(() => lv5.supervisor.monitorState(), "SERVER_ERROR", { status: 502 });
  assert.equal((await calls(STATE)).length, 6, "maxRetries: 5 → 6 requests");
  await control(emu, "DELETE", "/faults");
  await assertSound(lv);
});

test("a POST answered 502 is not retried (only 429 and 503 are safe for writes)", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: READY, status: 502 });
  await rejectsWith(() => lv.supervisor.setReady(["LV_SEB"]), "SERVER_ERROR", { status: 502 });
  assert.equal((await calls(READY)).length, 1);
});

test("Retry-After in seconds and as an HTTP date is honoured on POSTs and GETs (four at once)", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  // HTTP dates have whole seconds: 2.2 s ahead is between 1.2 and 2.2 s from now.
  const date = new Date(Date.now() + 2200).toUTCString();
  await addFault(emu, [
    { method: "POST", path: READY, status: 429, headers: { "Retry-After": "1" } },
    { method: "POST", path: SEND, status: 503, headers: { "Retry-After": date } },
    { method: "GET", path: STATE, status: 503, headers: { "Retry-After": "1" } },
    { method: "POST", path: MESSAGES, status: 429, headers: { "Retry-After": date } },
  ]);
  const t0 = Date.now();
  const [ready, sent, state, messages] = await within(Promise.all([
    lv.supervisor.setReady(["lv_usr1"]),
    lv.supervisor.sendChat("lv_usr1", "after the wait"),
    lv.supervisor.monitorState(),
    lv.supervisor.chatMessages({ excludeOwn: true }),
  ]), 6000, "four calls waiting on Retry-After");
  assert.deepEqual(ready, { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
  assert.equal(sent, undefined);
  assert.deepEqual(state, { activeCall: false });
  assert.ok(Array.isArray(messages.chatList));
  assert.ok(Date.now() - t0 < 4000);
  for (const [path, min, max] of [[READY, 900, 2500], [SEND, 900, 3500], [STATE, 900, 2500], [MESSAGES, 900, 3500]]) {
    const log = await calls(path);
    assert.equal(log.length, 2, `${path}: answered once with the fault, retried once`);
    const gap = log[1].time - log[0].time;
    assert.ok(gap >= min && gap <= max, `${path}: waited ${gap} ms (expected ${min}–${max})`);
  }
});

test("Retry-After longer than maxDelayMs is still honoured (the server's word wins over the backoff cap)", async () => {
  const lv = await supervisorLogin({ retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 } });
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: READY, status: 503, headers: { "Retry-After": "1" } });
  await lv.supervisor.setReady(["lv_usr1"]);
  const log = await calls(READY);
  assert.equal(log.length, 2);
  assert.ok(log[1].time - log[0].time >= 900, `waited ${log[1].time - log[0].time} ms`);
});

test("when retries run out: 429 → RATE_LIMITED and 503 → SERVER_ERROR, both with retryAfterMs (seconds or date)", async () => {
  const lv = await supervisorLogin({ retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 200 } });
  since = await mark(emu);
  const date = new Date(Date.now() + 30_000).toUTCString();
  await addFault(emu, [
    { method: "POST", path: READY, status: 429, headers: { "Retry-After": "7" }, times: -1 },
    { method: "GET", path: STATE, status: 503, headers: { "Retry-After": date }, times: -1 },
    { method: "GET", path: ACCESS, status: 429, times: -1 },
  ]);
  const t0 = Date.now();
  await rejectsWith(() => lv.supervisor.setReady(["lv_usr1"]), "RATE_LIMITED", { status: 429, retryAfterMs: 7000 });
  const e503 = await rejectsWith(() => lv.supervisor.monitorState(), "SERVER_ERROR", { status: 503 });
  assert.equal(typeof e503.retryAfterMs, "number", "a 503 with an HTTP-date Retry-After carries retryAfterMs");
  assert.ok(e503.retryAfterMs > 25_000 && e503.retryAfterMs <= 31_000, `retryAfterMs ${e503.retryAfterMs}`);
  const e429 = await rejectsWith(() => lv.supervisor.servicesAllowed(), "RATE_LIMITED", { status: 429 });
  assert.ok(e429.retryAfterMs === undefined || typeof e429.retryAfterMs === "number");
  assert.ok(Date.now() - t0 < 1000, "nothing waited for a retry that would not come");
  assert.equal((await calls(READY)).length, 1);
  assert.equal((await calls(STATE)).length, 1);
  assert.equal((await calls(ACCESS)).length, 1);
  await control(emu, "DELETE", "/faults");
  await assertSound(lv);
});

test("a 429 on a POST with retries left but no Retry-After backs off and retries up to maxRetries, then RATE_LIMITED", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: SEND, status: 429, times: -1 });
  await rejectsWith(() => lv.supervisor.sendChat("lv_usr1", "hi"), "RATE_LIMITED", { status: 429 });
  assert.equal((await calls(SEND)).length, 3);
  await control(emu, "DELETE", "/faults");
  await assertSound(lv);
});

// ------------------------------------------------------------------ malformed JSON, wrong shape

const JSON_HEADERS = { "Content-Type": "application/json" };

test("malformed JSON in a 200 reply → BAD_RESPONSE (POST and GET, login too), not retried, client sound", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: READY, status: 200, headers: JSON_HEADERS, body: '{"agents": [{"agentLoginId": "LV_SEB", ' });
  await rejectsWith(() => lv.supervisor.setReady(["LV_SEB"]), "BAD_RESPONSE", { status: 200 });
  assert.equal((await calls(READY)).length, 1);

  await addFault(emu, { method: "GET", path: ACCESS, status: 200, headers: JSON_HEADERS, body: '{"callCenters": [' });
  await rejectsWith(() => lv.supervisor.servicesAllowed(), "BAD_RESPONSE", { status: 200 });
  assert.equal((await calls(ACCESS)).length, 1, "a garbled 200 is not a transient failure: not retried");

  await addFault(emu, { method: "POST", path: "/session/login", status: 200, headers: JSON_HEADERS, body: '{"sessionId": "abc' });
  await rejectsWith(() => supervisorLogin(), "BAD_RESPONSE");

  for (const garbage of ["\u0000\u0001\u0002", "\uFEFF{}x", "NaN", "{'single': 'quotes'}", '{"a":1}{"b":2}', "\uD800"]) {
    await addFault(emu, { method: "GET", path: STATE, status: 200, headers: JSON_HEADERS, body: garbage });
    const e = await lv.supervisor.monitorState().then(() => null, (err) => err);
    if (e !== null) {
      assert.ok(e instanceof FloorwalkerError, `garbage ${JSON.stringify(garbage)} → ${e}`);
      assert.equal(e.code, "BAD_RESPONSE", `garbage ${JSON.stringify(garbage)}`);
    }
  }
  await assertSound(lv);
});

test("deeply nested and huge JSON replies → BAD_RESPONSE or a value, never a crash", async () => {
  const lv = await supervisorLogin();
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const deepObj = '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000);
  for (const body of [deep, deepObj, `{"activeCall": ${deep}}`]) {
    await addFault(emu, { method: "GET", path: STATE, status: 200, headers: JSON_HEADERS, body });
    await rejectsWith(() => lv.supervisor.monitorState(), "BAD_RESPONSE");
  }
  // an error body nested too deep still maps the status
  await addFault(emu, { method: "POST", path: READY, status: 500, headers: JSON_HEADERS, body: deepObj });
  await rejectsWith(() => lv.supervisor.setReady(["LV_SEB"]), "SERVER_ERROR", { status: 500 });
  // a big but valid reply is fine
  const big = { callCenters: Array.from({ length: 2000 }, (_, i) => ({ callCenterId: i, callCenterName: "c".repeat(200), services: [] })) };
  await addFault(emu, { method: "GET", path: ACCESS, status: 200, body: big });
  const got = await lv.supervisor.servicesAllowed();
  assert.equal(got.callCenters.length, 2000);
  await assertSound(lv);
});

/** [label, method, path, body of the wrong shape, call, todo?] */
const WRONG_SHAPE = [
  ["servicesAllowed: callCenters a string", "GET", ACCESS, { callCenters: "nope" }, (c) => c.sup.supervisor.servicesAllowed()],
  ["servicesAllowed: a JSON array", "GET", ACCESS, [1, 2, 3], (c) => c.sup.supervisor.servicesAllowed()],
  ["monitorState: a JSON string", "GET", STATE, "\"yes\"", (c) => c.sup.supervisor.monitorState()],
  ["monitorState: null", "GET", STATE, "null", (c) => c.sup.supervisor.monitorState()],
  ["setReady: agents a number", "POST", READY, { agents: 5 }, (c) => c.sup.supervisor.setReady(["lv_usr1"])],
  ["setReady: agents of numbers", "POST", READY, { agents: [1, 2] }, (c) => c.sup.supervisor.setReady(["lv_usr1"])],
  ["chatMessages: chatList an object", "POST", MESSAGES, { chatList: { a: 1 } }, (c) => c.sup.supervisor.chatMessages({ excludeOwn: true })],
  ["broadcastChat: broadcastStatus a string", "POST", `${SUP}/chat/broadcast`, { broadcastStatus: "sent" }, (c) => c.sup.supervisor.broadcastChat([{ userLoginId: "lv_usr1" }], "hi")],
  ["switchService: agents true", "POST", `${SUP}/agent/service/switch`, { agents: true }, (c) => c.sup.supervisor.switchService(["lv_usr2"], 33722)],
  ["agent.status: agentStatus a number", "POST", `${AGENT}/status`, { agentStatus: 7 }, (c) => c.va.agent.status()],
  ["agent.termCodes: a number", "GET", `${AGENT}/termCode`, "42", (c) => c.va.agent.termCodes(1001)],
  ["contacts.list: contacts a string", "GET", "/contact/contacts", { contacts: "many" }, (c) => c.va.contacts.list()],
  ["contacts.list: contacts of numbers", "GET", "/contact/contacts", { contacts: [1, 2] }, (c) => c.va.contacts.list()],
  ["contacts.create: id an array", "POST", "/contact/contacts", { id: [[]] }, (c) => c.va.contacts.create({ account: "ACC-SHAPE", city: "X" })],
];

for (const [label, method, path, body, call, todo] of WRONG_SHAPE) {
  test(`wrong shape: ${label} → BAD_RESPONSE, one request, client sound`, todo ? { todo } : {}, async () => {
    const c = { sup: await supervisorLogin(), va: await agentLogin(4) };
    since = await mark(emu);
    const spec = { method, path, status: 200, body };
    if (typeof body === "string") spec.headers = JSON_HEADERS;
    await addFault(emu, spec);
    const outcome = await call(c).then((v) => ({ ok: true, v }), (e) => ({ ok: false, e }));
    assert.equal(outcome.ok, false, `resolved ${JSON.stringify(outcome.v)?.slice(0, 120)} instead of refusing the reply`);
    assert.ok(outcome.e instanceof FloorwalkerError, String(outcome.e));
    assert.equal(outcome.e.code, "BAD_RESPONSE", outcome.e.message);
    assert.equal(outcome.e.status, 200);
    assert.equal((await calls(path, method)).length, 1, "not retried");
    await assertSound(c.sup);
  });
}

test("login replies of the wrong shape → BAD_RESPONSE and no half-made client", async () => {
  for (const body of [{ sessionId: 42 }, { sessionId: "" }, { sessionId: ["a"] }, [], { clientId: "x" }]) {
    await addFault(emu, { method: "POST", path: "/session/login", status: 200, body });
    await rejectsWith(() => supervisorLogin(), "BAD_RESPONSE");
  }
  await assertSound(await supervisorLogin());
});

// ------------------------------------------------------------------ dropped connections

test("a connection cut mid-body on a processed POST → NETWORK, exactly one request (the write happened)", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: READY, truncateAt: 10 });
  await rejectsWith(() => lv.supervisor.setReady(["LV_SEB"]), "NETWORK");
  assert.equal((await calls(READY)).length, 1, "a write that may have been processed is never repeated");
  assert.equal((await agentOf("LV_SEB")).state, "READY", "the platform did process it");
  await assertSound(lv);
});

test("a connection cut mid-body on a GET is retried; cut every time → NETWORK after 1 + maxRetries", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: ACCESS, truncateAt: 15 });
  assert.equal((await lv.supervisor.servicesAllowed()).callCenters.length, 2);
  assert.equal((await calls(ACCESS)).length, 2);

  since = await mark(emu);
  await addFault(emu, { method: "GET", path: ACCESS, truncateAt: 0, times: -1 });
  await rejectsWith(() => lv.supervisor.servicesAllowed(), "NETWORK");
  assert.equal((await calls(ACCESS)).length, 3);
  await control(emu, "DELETE", "/faults");

  since = await mark(emu);
  await addFault(emu, { method: "GET", path: STATE, status: 500, body: { code: 500, message: "x".repeat(500) }, truncateAt: 30, times: -1 });
  const e = await lv.supervisor.monitorState().then(() => null, (err) => err);
  assert.ok(e instanceof FloorwalkerError, String(e));
  assert.ok(["NETWORK", "SERVER_ERROR"].includes(e.code), `a cut 500 → ${e.code}`);
  assert.equal((await calls(STATE)).length, 3);
  await control(emu, "DELETE", "/faults");
  await assertSound(lv);
});

test("a dropped connection on each write API (agent, contacts, postAia) → NETWORK, sent once", async () => {
  const lv = await agentLogin(5);
  const aia = `${emu.url}/aia/acme`;
  const cases = [
    ["POST", `${AGENT}/service/join`, () => lv.agent.joinService(1001, "+18990000005")],
    ["POST", `${AGENT}/status/ready`, () => lv.agent.setReady()],
    ["POST", "/contact/contacts", () => lv.contacts.create({ account: "ACC-DROP", city: "X" })],
    ["PUT", "/contact/contacts/ACC-1001", () => lv.contacts.update("ACC-1001", { city: "Z" })],
    ["POST", "/aia/acme", () => lv.postAia(aia, { transactionId: "1" })],
  ];
  for (const [method, path, call] of cases) {
    since = await mark(emu);
    await addFault(emu, { method, path, drop: true });
    await rejectsWith(call, "NETWORK");
    assert.equal((await calls(path, method)).length, 1, `${method} ${path}: not retried`);
  }
  await lv.agent.joinService(1001, "+18990000005");
  await lv.agent.setReady();
  assert.equal((await agentOf("VA5")).state, "READY");
});

// ------------------------------------------------------------------ AbortSignal

test("aborting an in-flight POST → ABORTED at once; the connection is closed and the write never processed", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: READY, delayMs: 1500 });
  const ac = new AbortController();
  const p = lv.supervisor.setReady(["LV_SEB"], {}, { signal: ac.signal });
  await waitFor(async () => (await calls(READY)).length === 1, { what: "the request on the wire" });
  const t0 = Date.now();
  ac.abort(new Error("user navigated away"));
  await rejectsWith(within(p, 3000, "aborted call"), "ABORTED");
  assert.ok(Date.now() - t0 < 300, `rejected ${Date.now() - t0} ms after abort()`);
  const [entry] = await waitFor(async () => {
    const l = await calls(READY);
    return l[0]?.clientClosed ? l : null;
  }, { timeoutMs: 1000, what: "the emulator to see the aborted connection closed" });
  assert.ok(entry.closedAt - t0 < 500, "the fetch itself was aborted, not just the promise");
  await sleep(1600);
  assert.equal((await calls(READY)).length, 1);
  assert.equal((await agentOf("LV_SEB")).state, "NOTREADY", "the delayed response was never consumed: nothing processed");
  await assertSound(lv);
});

test("aborting a GET during its retry backoff (429 Retry-After 2) stops waiting at once; no retry is sent", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: ACCESS, status: 429, headers: { "Retry-After": "2" } });
  const ac = new AbortController();
  const p = lv.supervisor.servicesAllowed({ signal: ac.signal });
  await waitFor(async () => (await calls(ACCESS)).length === 1, { what: "the first attempt" });
  await sleep(50);
  const t0 = Date.now();
  ac.abort();
  await rejectsWith(within(p, 3000, "aborted backoff"), "ABORTED");
  assert.ok(Date.now() - t0 < 300, `stopped waiting ${Date.now() - t0} ms after abort()`);
  await sleep(300);
  assert.equal((await calls(ACCESS)).length, 1, "no retry after the abort");
});

test("a Retry-After far beyond timeoutMs and maxDelayMs ends the call promptly (with retryAfterMs), not after minutes", async () => {
  const lv = await supervisorLogin();
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: ACCESS, status: 503, headers: { "Retry-After": "30" }, times: -1 });
  const ac = new AbortController();
  const t0 = Date.now();
  try {
    const e = await within(lv.supervisor.servicesAllowed({ timeoutMs: 300, signal: ac.signal }).then(() => null, (err) => err), 1500, "a call whose Retry-After exceeds its timeout");
    assert.ok(e instanceof FloorwalkerError, String(e));
    assert.ok(["TIMEOUT", "SERVER_ERROR"].includes(e.code), e.code);
    if (e.code === "SERVER_ERROR") assert.equal(e.retryAfterMs, 30_000);
    assert.ok(Date.now() - t0 < 1500, `settled after ${Date.now() - t0} ms`);
    assert.equal((await calls(ACCESS)).length, 1);
  } finally {
    ac.abort(); // never leave the 30 s wait behind
    await control(emu, "DELETE", "/faults");
  }
});

test("an abort after the call settled is harmless; one signal can cancel many calls at once", async () => {
  const lv = await supervisorLogin();
  const ac = new AbortController();
  assert.deepEqual(await lv.supervisor.monitorState({ signal: ac.signal }), { activeCall: false });
  ac.abort();
  await sleep(20);
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: STATE, delayMs: 1500, times: -1 });
  await addFault(emu, { method: "POST", path: SEND, delayMs: 1500, times: -1 });
  const ac2 = new AbortController();
  const ps = [
    lv.supervisor.monitorState({ signal: ac2.signal }),
    lv.supervisor.monitorState({ signal: ac2.signal }),
    lv.supervisor.sendChat("lv_usr1", "a", { signal: ac2.signal }),
    lv.supervisor.sendChat("lv_usr2", "b", { signal: ac2.signal }),
  ];
  await waitFor(async () => (await requestsSince(emu, since)).length === 4, { what: "four requests on the wire" });
  ac2.abort();
  const settled = await within(Promise.allSettled(ps), 2000, "four aborted calls");
  for (const s of settled) await rejectsWith(Promise.reject(s.reason), "ABORTED");
  await waitFor(async () => (await requestsSince(emu, since)).every((e) => e.clientClosed), { timeoutMs: 1000, what: "all four connections closed" });
  await control(emu, "DELETE", "/faults");
  await assertSound(lv);
});

// ------------------------------------------------------------------ LiveVox sessions

test("20 concurrent calls on an expired session (slow re-login) → exactly one re-login, all 20 succeed", async () => {
  const lv = await supervisorLogin();
  const oldId = lv.sessionId;
  const renewed = [];
  lv.on("sessionRenewed", (e) => renewed.push(e));
  await expireSessions(emu);
  since = await mark(emu);
  // the re-login is slow, so calls that get their 401 later join the one in flight
  await addFault(emu, { method: "POST", path: "/session/login", delayMs: 200 });
  const s = lv.supervisor;
  const makers = [
    () => s.monitorState(), () => s.servicesAllowed(), () => s.chatMessages({ excludeOwn: true }),
    () => s.setReady(["lv_usr1"]), () => s.sendChat("lv_usr2", "hello"),
  ];
  const ps = [];
  for (let i = 0; i < 20; i++) {
    ps.push(makers[i % makers.length]());
    if (i % 4 === 3) await sleep(15);
  }
  const results = await within(Promise.allSettled(ps), 8000, "20 calls across a re-login");
  const failed = results.filter((r) => r.status === "rejected").map((r) => `${r.reason?.code} ${r.reason?.message}`);
  assert.deepEqual(failed, [], "all 20 succeed");
  const log = await requestsSince(emu, since);
  assert.equal(only(log, "/session/login").length, 1, "exactly one re-login on the wire");
  assert.notEqual(lv.sessionId, oldId);
  const supCalls = log.filter((e) => e.path.startsWith(SUP));
  assert.ok(supCalls.filter((e) => e.headers["lv-session"] === lv.sessionId).length >= 20, "each call went out with the new session");
  assert.ok(supCalls.length <= 40, `no call sent more than twice (${supCalls.length})`);
  assert.equal(renewed.length, 1);
  await assertSound(lv);
});

test("agent session: concurrent agent, contact and status calls on an expired session → one re-login", async () => {
  const lv = await agentLogin(6);
  await lv.agent.joinService(1001, "+18990000006");
  await expireSessions(emu, lv.sessionId);
  since = await mark(emu);
  const [status, codes, contact, list] = await within(Promise.all([
    lv.agent.status(), lv.agent.termCodes(1001), lv.contacts.get("ACC-1001"), lv.contacts.list({ count: 1 }),
  ]), 5000, "agent calls across a re-login");
  assert.equal(typeof status, "object");
  assert.equal(typeof codes, "object");
  assert.equal(contact.account, "ACC-1001");
  assert.ok(Array.isArray(list.contacts));
  const logins = only(await requestsSince(emu, since), "/session/login");
  assert.equal(logins.length, 1);
  assert.equal(JSON.parse(logins[0].rawBody).agent, true, "the re-login is an agent login again");
});

// Each failing login is slow (150 ms), so that all five calls get their 401 while it is in flight.
// The waiting calls carry the login's own failure (or SESSION_EXPIRED), all the same one.
const RELOGIN_FAULTS = [
  ["answered 500", { delayMs: 150, status: 500 }, "SERVER_ERROR"],
  ["dropped", { delayMs: 150, drop: true }, "NETWORK"],
  ["malformed", { delayMs: 150, status: 200, headers: JSON_HEADERS, body: "{" }, "BAD_RESPONSE"],
  ["slower than the timeout", { delayMs: 1500 }, "TIMEOUT"],
];
for (const [label, fault, cause] of RELOGIN_FAULTS) {
  test(`a re-login ${label} rejects every waiting call with the same code, one login attempt, no loop`, async () => {
    const lv = await supervisorLogin({ timeoutMs: 300 });
    const expired = [];
    lv.on("sessionExpired", (e) => expired.push(e));
    await expireSessions(emu);
    since = await mark(emu);
    await addFault(emu, { method: "POST", path: "/session/login", ...fault, times: -1 });
    const settled = await within(Promise.allSettled([
      lv.supervisor.monitorState(), lv.supervisor.servicesAllowed(), lv.supervisor.setReady(["lv_usr1"]),
      lv.supervisor.sendChat("lv_usr1", "x"), lv.supervisor.chatMessages({ excludeOwn: true }),
    ]), 5000, "calls waiting on a failing re-login");
    const codes = new Set();
    for (const s of settled) {
      assert.equal(s.status, "rejected");
      assert.ok(s.reason instanceof FloorwalkerError, String(s.reason));
      codes.add(s.reason.code);
    }
    assert.equal(codes.size, 1, `one code for every waiting call: ${[...codes]}`);
    assert.ok([cause, "SESSION_EXPIRED"].includes([...codes][0]), `code ${[...codes]}`);
    await sleep(400);
    const log = await requestsSince(emu, since);
    assert.equal(only(log, "/session/login").length, 1, "one login attempt for all, and no loop");
    assert.ok(log.filter((e) => e.path.startsWith(SUP)).length <= 5, "each call sent once (its 401), not retried after the failed login");
    assert.ok(expired.length <= 1, "at most one sessionExpired for one failed renewal");
    // once logins work again, the client recovers on its own
    await control(emu, "DELETE", "/faults");
    await assertSound(lv);
  });
}

test("a call aborted while it waits for a slow re-login rejects ABORTED at once; the others succeed", async () => {
  const lv = await supervisorLogin();
  await expireSessions(emu);
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: "/session/login", delayMs: 600 });
  const ac = new AbortController();
  const waiting = lv.supervisor.servicesAllowed({ signal: ac.signal });
  const other = lv.supervisor.monitorState();
  await waitFor(async () => only(await requestsSince(emu, since), "/session/login").length === 1, { what: "the re-login on the wire" });
  const t0 = Date.now();
  ac.abort();
  await rejectsWith(within(waiting, 2000, "call waiting for the re-login"), "ABORTED");
  assert.ok(Date.now() - t0 < 300, `stopped waiting ${Date.now() - t0} ms after abort()`);
  assert.deepEqual(await within(other, 3000, "the other call"), { activeCall: false });
  const log = await requestsSince(emu, since);
  assert.equal(only(log, "/session/login").length, 1);
  assert.equal(only(log, ACCESS).length, 1, "the aborted call was not retried after the re-login");
});

// ------------------------------------------------------------------ GWS

async function gwsSession() {
  const st = await control(emu, "GET", "/gws/state");
  return st.sessions.filter((s) => !s.expired && s.userName === "supervisor1");
}

test("GWS: session expired during 5 concurrent writes → one GET /api/v2/me re-read, the new CSRF token used, all succeed", async () => {
  const gws = await gwsConnect();
  const [first] = await gwsSession();
  await control(emu, "POST", "/gws/expire-session", { userName: "supervisor1" });
  since = await mark(emu);
  await within(Promise.all([
    gws.startSession({ channels: ["voice", "chat"] }),
    gws.monitorChats(AGENT1_ID, { mode: "Monitor" }),
    gws.monitorChats(AGENT2_ID, { mode: "Coach", scope: "NextChat" }),
    gws.monitorChats(AGENT3_ID, { mode: "BargeIn" }),
    gws.listenIn(SUP1_DEVICE, { targetDeviceUri: AGENT2_DEVICE }),
  ]), 5000, "five GWS writes across a lost session");
  const live = await gwsSession();
  assert.equal(live.length, 1, "one new session");
  assert.notEqual(live[0].id, first.id);
  assert.notEqual(live[0].csrfToken, first.csrfToken);
  const log = await requestsSince(emu, since);
  const reads = log.filter((e) => e.method === "GET" && e.path === `${API}/me`);
  assert.equal(reads.length, 1, "exactly one re-read of /api/v2/me for all waiting writes");
  const writes = log.filter((e) => e.method === "POST");
  const retried = writes.filter((e) => e.seq > reads[0].seq);
  assert.equal(retried.length, 5, "each write retried once after the re-read");
  for (const w of retried) {
    assert.equal(w.headers["x-csrf-token"], live[0].csrfToken, "the new CSRF token is sent");
    assert.match(w.headers.cookie ?? "", new RegExp(`JSESSIONID=${live[0].id}`), "with the new session cookie");
  }
  assert.ok(writes.length <= 10, `no write sent more than twice (${writes.length})`);
  const st = await control(emu, "GET", "/gws/state");
  assert.deepEqual(Object.keys(st.chatMonitoring.supervisor1 ?? {}).sort(), ["agent1", "agent2", "agent3"], "every write took effect");
  await assertGwsSound(gws);
  gws.close();
});

test("GWS: a failing re-read rejects every waiting write with the same code, bounded, then recovers", async () => {
  const gws = await gwsConnect({ timeoutMs: 300 });
  await control(emu, "POST", "/gws/expire-session", { userName: "supervisor1" });
  since = await mark(emu);
  await addFault(emu, { method: "GET", path: `${API}/me`, status: 500, times: -1 });
  const settled = await within(Promise.allSettled([
    gws.startSession({ channels: ["voice"] }),
    gws.monitorChats(AGENT1_ID, { mode: "Monitor" }),
    gws.monitorChats(AGENT2_ID, { mode: "Coach" }),
  ]), 5000, "GWS writes waiting on a failing re-read");
  const codes = new Set(settled.map((s) => (assert.equal(s.status, "rejected"), assert.ok(s.reason instanceof FloorwalkerError), s.reason.code)));
  assert.equal(codes.size, 1, `one code: ${[...codes]}`);
  await sleep(300);
  const log = await requestsSince(emu, since);
  const reads = log.filter((e) => e.method === "GET" && e.path === `${API}/me`);
  assert.ok(reads.length >= 1 && reads.length <= 1 + RETRY.maxRetries, `one re-read (with its own retries), not one per call nor a loop: ${reads.length}`);
  assert.ok(log.filter((e) => e.method === "POST").length <= 3, "the writes were not sent again");
  await control(emu, "DELETE", "/faults");
  await assertGwsSound(gws);
  gws.close();
});

test("GWS: POST answered 500 or timed out → one request; GET 503/502 retried; 503 on a write retried; cut mid-body → NETWORK", async () => {
  const gws = await gwsConnect();
  since = await mark(emu);
  await addFault(emu, { method: "POST", path: `${API}/me`, status: 500, body: { statusCode: 4, statusMessage: "boom" } });
  await rejectsWith(() => gws.startSession({ channels: ["voice"] }), "SERVER_ERROR", { status: 500 });
  assert.equal((await calls(`${API}/me`, "POST")).length, 1);

  since = await mark(emu);
  await addFault(emu, { method: "POST", path: `${API}/users/*`, delayMs: 1000 });
  await rejectsWith(() => gws.monitorChats(AGENT1_ID, { mode: "Monitor" }, { timeoutMs: 150 }), "TIMEOUT");
  assert.equal((await calls(`${API}/users/${AGENT1_ID}/channels/chat`, "POST")).length, 1);

  since = await mark(emu);
  await addFault(emu, [
    { method: "GET", path: `${API}/me/devices`, status: 503 },
    { method: "GET", path: `${API}/me/devices`, status: 502 },
  ]);
  assert.ok((await gws.devices()).length >= 1);
  assert.equal((await calls(`${API}/me/devices`)).length, 3);

  since = await mark(emu);
  await addFault(emu, { method: "POST", path: `${API}/me`, status: 503, headers: { "Retry-After": "0" } });
  await gws.startSession({ channels: ["voice"] });
  assert.equal((await calls(`${API}/me`, "POST")).length, 2, "a GWS write answered 503 is retried");

  await addFault(emu, { method: "POST", path: `${API}/me`, truncateAt: 5 });
  await rejectsWith(() => gws.startSession({ channels: ["voice"] }), "NETWORK");
  await assertGwsSound(gws);
  gws.close();
});

test("GWS: connect against faults (timeout, 503 then ok, malformed) and an aborted write", async () => {
  await addFault(emu, { method: "GET", path: `${API}/me`, status: 503 });
  since = await mark(emu);
  const gws = await gwsConnect();
  assert.equal((await calls(`${API}/me`)).length, 2, "connect is a read: a 503 is retried");

  await addFault(emu, { method: "GET", path: `${API}/me`, status: 200, headers: JSON_HEADERS, body: '{"statusCode":0,"user":' });
  await rejectsWith(() => gwsConnect(), "BAD_RESPONSE");
  await addFault(emu, { method: "GET", path: `${API}/me`, delayMs: 1000, times: -1 });
  await rejectsWith(() => gwsConnect({ timeoutMs: 100 }), "TIMEOUT");
  await control(emu, "DELETE", "/faults");

  since = await mark(emu);
  await addFault(emu, { method: "POST", path: `${API}/me`, delayMs: 1500 });
  const ac = new AbortController();
  const p = gws.startSession({ channels: ["voice"] }, { signal: ac.signal });
  await waitFor(async () => (await calls(`${API}/me`, "POST")).length === 1, { what: "the write on the wire" });
  ac.abort();
  await rejectsWith(within(p, 2000, "aborted GWS write"), "ABORTED");
  await waitFor(async () => (await calls(`${API}/me`, "POST"))[0]?.clientClosed, { timeoutMs: 1000, what: "the GWS connection closed" });
  await assertGwsSound(gws);
  gws.close();
});

/** [label, method, path, body, call, todo?] — GWS replies that are not what the operation returns. */
const GWS_BAD = [
  ["devices: malformed JSON", "GET", `${API}/me/devices`, '{"statusCode":0,"devices":[', (g) => g.devices()],
  ["me: malformed JSON", "GET", `${API}/me`, '{"statusCode":0,"user":{"id":', (g) => g.me()],
  ["startSession: malformed JSON", "POST", `${API}/me`, '{"statusCode":', (g) => g.startSession({ channels: ["voice"] })],
  ["devices: devices an object", "GET", `${API}/me/devices`, { statusCode: 0, devices: { a: 1 } }, (g) => g.devices()],
  ["devices: a bare JSON array", "GET", `${API}/me/devices`, "[]", (g) => g.devices()],
  ["devices: statusCode a word", "GET", `${API}/me/devices`, { statusCode: "zero" }, (g) => g.devices()],
  ["me: user a number", "GET", `${API}/me`, { statusCode: 0, user: 5 }, (g) => g.me()],
  ["startSession: a JSON number", "POST", `${API}/me`, "5", (g) => g.startSession({ channels: ["voice"] })],
  ["startSession: a JSON array", "POST", `${API}/me`, [], (g) => g.startSession({ channels: ["voice"] })],
];

for (const [label, method, path, body, call, todo] of GWS_BAD) {
  test(`GWS bad reply: ${label} → BAD_RESPONSE (status 200), one request, client sound`, todo ? { todo } : {}, async () => {
    const gws = await gwsConnect();
    try {
      since = await mark(emu);
      await addFault(emu, { method, path, status: 200, body, ...(typeof body === "string" ? { headers: JSON_HEADERS } : {}) });
      const outcome = await call(gws).then((v) => ({ ok: true, v }), (e) => ({ ok: false, e }));
      assert.equal(outcome.ok, false, `resolved ${JSON.stringify(outcome.v)?.slice(0, 120)} instead of refusing the reply`);
      assert.ok(outcome.e instanceof FloorwalkerError, String(outcome.e));
      assert.equal(outcome.e.code, "BAD_RESPONSE", outcome.e.message);
      assert.equal((await calls(path, method)).length, 1, "not retried");
      assert.equal(outcome.e.status, 200, "status");
      await assertGwsSound(gws);
    } finally {
      gws.close();
    }
  });
}
