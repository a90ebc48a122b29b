// LiveVox as production deployments differ, against the emulator's flavours, through the packed
// package: agentStatus as an object or a list, the mandatory status body, versioned paths, payment
// term codes, configured Not Ready reasons, close(), renewSession, and a keep-alive that never
// strands an agent.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AgentPool } from "floorwalker";
import {
  LiveVox, CREDS, FAST_RETRY, SUP, startEmu, control, reset, mark, requestsSince, addFault, expireSessions,
  agentReply, only, rejectsWith, throwsWith, waitFor, failIfProcessLingers,
} from "./support/harness.mjs";

const AGENT = "/callControl/agent";
const SERVICE = 1001;
const DONE = "101416228";
const PAYMENT = "101416230"; // the fixture's RPC_WITH_PAYMENT code, paymentAmtRequired: true

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(() => reset(emu));

const va = (n) => ({ userName: `VA${n}`, password: `agent-va${n}`, phoneNumber: `+1899${String(n).padStart(7, "0")}` });
const flavour = (config) => control(emu, "POST", "/config", config);

async function readyAgent(n, extra = {}) {
  const { userName, password, phoneNumber } = va(n);
  const lv = await LiveVox.login({ baseUrl: emu.url, ...CREDS, userName, password, agent: true, retry: { ...FAST_RETRY }, ...extra });
  await lv.agent.joinService(SERVICE, phoneNumber);
  await lv.agent.setReady();
  return lv;
}

test("status always sends a JSON body, so a deployment that requires it answers", async () => {
  await flavour({ agentStatusBodyRequired: true });
  const lv = await readyAgent(1);
  const since = await mark(emu);
  await lv.agent.status();
  assert.equal(await lv.agent.currentCall(), null);
  await lv.agent.status({ stateChangedAfter: 1573809480000 });
  const sent = only(await requestsSince(emu, since), `${AGENT}/status`);
  assert.deepEqual(sent.map((e) => JSON.parse(e.rawBody)), [{}, {}, { stateChangedAfter: "1573809480000" }]);
  assert.ok(sent.every((e) => /^application\/json/.test(e.headers["content-type"])));
});

test("agentStatus as a list: read as one status; an empty list is null, never 'no call'", async () => {
  await flavour({ agentStatusShape: "array" });
  const lv = await readyAgent(1);
  const full = await lv.agent.status();
  assert.equal(full.agentStatus.lines[0].state, "READY");
  const changed = Number(full.agentStatus.lines[0].stateChangedTime);
  const unchanged = await lv.agent.status({ stateChangedAfter: changed });
  assert.equal(unchanged.agentStatus, null, "nothing changed since then");

  const call = await control(emu, "POST", "/agent/route-call", { ani: "2134634007" });
  const current = await lv.agent.currentCall();
  assert.equal(current.callTransactionId, call.callTransactionId);
  await lv.agent.setTermCode({ ...current, termCodeId: DONE, moveAgentToNotReady: false });
  assert.equal(await lv.agent.currentCall(), null);
  await lv.logout();
});

test("apiVersion puts the version in every path; a pinned deployment refuses the bare ones", async () => {
  await flavour({ requireApiVersion: "v6.0" });
  await rejectsWith(() => readyAgent(1), "NOT_FOUND");
  const since = await mark(emu);
  const lv = await readyAgent(1, { apiVersion: "v6.0" });
  await lv.agent.currentCall();
  await lv.contacts.get("ACC-1001");
  assert.equal(await lv.validate(), true);
  await lv.logout();
  const paths = (await requestsSince(emu, since)).map((e) => e.path);
  assert.deepEqual(paths, [
    "/session/v6.0/login",
    "/callControl/v6.0/agent/service/join",
    "/callControl/v6.0/agent/status/ready",
    "/callControl/v6.0/agent/status",
    "/contact/v6.0/contacts/ACC-1001",
    `/session/v6.0/validate/${lv.sessionId}`,
    `/session/v6.0/logout/${lv.sessionId}`,
  ]);
  const before = await mark(emu);
  for (const bad of ["6.0", "v6.0/x", "latest", 6]) {
    throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: "S", apiVersion: bad }), "INVALID_ARGUMENT", { field: "apiVersion" });
    await rejectsWith(() => LiveVox.login({ baseUrl: emu.url, ...CREDS, apiVersion: bad }), "INVALID_ARGUMENT", { field: "apiVersion" });
    throwsWith(() => new AgentPool({ baseUrl: emu.url, ...CREDS, serviceId: SERVICE, agents: [va(1)], apiVersion: bad }), "INVALID_ARGUMENT", { field: "apiVersion" });
  }
  assert.deepEqual(await requestsSince(emu, before), []);
});

test("a payment term code takes paymentAmt and the other documented fields; unknown keys send nothing", async () => {
  const lv = await readyAgent(2);
  await control(emu, "POST", "/agent/route-call", { ani: "2134634007", accountNumber: "ACC-1001" });
  const call = await lv.agent.currentCall();
  await rejectsWith(() => lv.agent.setTermCode({ ...call, termCodeId: PAYMENT, moveAgentToNotReady: false }), "INVALID_ARGUMENT"); // the platform wants paymentAmt
  const before = await mark(emu);
  await rejectsWith(() => lv.agent.setTermCode({ ...call, termCodeId: PAYMENT, moveAgentToNotReady: false, paymentAmount: 5 }), "INVALID_ARGUMENT", { field: "paymentAmount" });
  await rejectsWith(() => lv.agent.setTermCode({ ...call, termCodeId: PAYMENT, moveAgentToNotReady: false, paymentAmt: -5 }), "INVALID_ARGUMENT", { field: "paymentAmt" });
  assert.deepEqual(await requestsSince(emu, before), [], "nothing sent");
  await lv.agent.setTermCode({
    ...call, termCodeId: PAYMENT, moveAgentToNotReady: true, paymentAmt: 25.5,
    agentEnteredAccount: "ACC-1001", reasonCode: "Voice Mail", immediateCallbackNumber: null,
  });
  const [put] = only(await requestsSince(emu, before), `${AGENT}/call/termCode`);
  assert.equal(put.query, "lineNumber=ACD");
  assert.deepEqual(JSON.parse(put.rawBody), {
    callTransactionId: call.callTransactionId, callSessionId: call.callSessionId, termCodeId: PAYMENT,
    phoneDialed: call.phoneNumber, moveAgentToNotReady: true, serviceId: SERVICE, account: "ACC-1001",
    paymentAmt: 25.5, agentEnteredAccount: "ACC-1001", reasonCode: "Voice Mail",
  });
  const agent = await control(emu, "GET", "/agents/VA2");
  assert.equal(agent.state, "NOTREADY");
  const calls = await control(emu, "GET", "/agent/calls");
  assert.equal(calls.find((c) => c.callTransactionId === call.callTransactionId).termCode.paymentAmt, 25.5);
});

test("the agent's Not Ready takes a configured reason; the supervisor's keeps the six", async () => {
  const lv = await readyAgent(3);
  const since = await mark(emu);
  await lv.agent.setNotReady({ reasonCode: "Voice Mail" });
  const [nr] = only(await requestsSince(emu, since), `${AGENT}/status/notReady`);
  assert.equal(nr.query, "reasonCode=Voice%20Mail");
  await rejectsWith(() => lv.agent.setNotReady({ reasonCode: "x".repeat(65) }), "INVALID_ARGUMENT", { field: "reasonCode" });
  const sup = await LiveVox.login({ baseUrl: emu.url, ...CREDS });
  await rejectsWith(() => sup.supervisor.setNotReady(["VA3"], { reasonCode: "Voice Mail" }), "INVALID_ARGUMENT", { field: "reasonCode" });
});

test("close() forgets the session here only: nothing is sent and other holders go on", async () => {
  const lv = await LiveVox.login({ baseUrl: emu.url, ...CREDS });
  const other = LiveVox.resume({ baseUrl: emu.url, sessionId: lv.sessionId });
  const since = await mark(emu);
  lv.close();
  await rejectsWith(() => lv.supervisor.servicesAllowed(), "INVALID_STATE");
  await rejectsWith(() => lv.logout(), "INVALID_STATE");
  assert.deepEqual(await requestsSince(emu, since), [], "close sends nothing");
  assert.equal((await other.supervisor.servicesAllowed()).callCenters.length, 2);
});

test("renewSession: 20 concurrent calls and a running watchChat go on across one renewal", async () => {
  const first = await LiveVox.login({ baseUrl: emu.url, ...CREDS });
  let renewals = 0;
  const lv = LiveVox.resume({
    baseUrl: emu.url,
    sessionId: first.sessionId,
    retry: { ...FAST_RETRY },
    // A page asks its own server, which holds the credentials.
    renewSession: async () => {
      renewals++;
      await new Promise((r) => setTimeout(r, 30));
      return (await LiveVox.login({ baseUrl: emu.url, ...CREDS })).sessionId;
    },
  });
  const renewed = [];
  lv.on("sessionRenewed", (e) => renewed.push(e));
  const seen = [];
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  const errors = [];
  watch.on("message", (m) => seen.push(m.message));
  watch.on("error", (e) => errors.push(e));
  await agentReply(emu, "lv_usr1", "before");
  await waitFor(() => seen.includes("before"), { what: "the first message" });

  await expireSessions(emu, first.sessionId);
  const calls = await Promise.all(Array.from({ length: 20 }, () => lv.supervisor.servicesAllowed()));
  assert.ok(calls.every((c) => c.callCenters.length === 2));
  assert.equal(renewals, 1, "one renewal for every waiting call");
  assert.equal(renewed.length, 1);
  assert.notEqual(lv.sessionId, first.sessionId);
  await agentReply(emu, "lv_usr1", "after");
  await waitFor(() => seen.includes("after"), { what: "a message after the renewal" });
  assert.equal(renewals, 1);
  assert.deepEqual(errors.filter((e) => e.code === "SESSION_EXPIRED"), []);
  watch.stop();

  // Without renewSession (or credentials) the behaviour stays SESSION_EXPIRED.
  const plain = LiveVox.resume({ baseUrl: emu.url, sessionId: lv.sessionId });
  await expireSessions(emu, lv.sessionId);
  await rejectsWith(() => plain.supervisor.servicesAllowed(), "SESSION_EXPIRED");
  throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: "S", renewSession: "soon" }), "INVALID_ARGUMENT", { field: "renewSession" });
  throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: "S", ...CREDS, renewSession: async () => "x" }), "INVALID_ARGUMENT", { field: "renewSession" });
});

test("a keep-alive whose Ready keeps failing keeps restoring it, and the pool reports the agent", async () => {
  const pool = new AgentPool({
    baseUrl: emu.url, ...CREDS, serviceId: SERVICE, agents: [va(4), va(5)], keepAliveMs: 100,
    retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const started = await pool.start();
  assert.ok(started.every((r) => r.ok), JSON.stringify(started));
  assert.deepEqual(pool.status().map((a) => [a.userName, a.started, a.takingCalls]), [["VA4", true, true], ["VA5", true, true]]);
  // Every Ready fails for a while: a 500, then 503s past the retries, then dropped connections.
  await addFault(emu, [
    { method: "POST", path: `${AGENT}/status/ready`, status: 500, times: 2 },
    { method: "POST", path: `${AGENT}/status/ready`, status: 503, times: 4 },
    { method: "POST", path: `${AGENT}/status/ready`, drop: true, times: 4 },
  ]);
  await waitFor(() => pool.status().some((a) => a.restoring), { timeoutMs: 5000, what: "an agent being restored" });
  const stuck = pool.status().find((a) => a.restoring);
  assert.equal(stuck.takingCalls, false);
  assert.ok(stuck.lastError, "the failure is reported");
  await waitFor(async () => {
    const faults = await control(emu, "GET", "/faults");
    return faults.length === 0 && pool.status().every((a) => a.takingCalls);
  }, { timeoutMs: 15000, what: "both agents Ready again" });
  for (const n of [4, 5]) assert.equal((await control(emu, "GET", `/agents/VA${n}`)).state, "READY");
  await pool.shutdown();
});
