// Virtual agents handling the call: screen pop, transfer to a person, end call, hold, mute,
// recording pause/resume, service access and features, and AgentPool.handleInvite, against the
// emulator through the packed package, with the wire read back from the request log.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AgentPool } from "floorwalker";
import {
  LiveVox, FloorwalkerError, CREDS, FAST_RETRY, startEmu, control, reset, mark, requestsSince, assertWire,
  only, rejectsWith, failIfProcessLingers,
} from "./support/harness.mjs";

const AGENT = "/callControl/agent";
const SERVICE = 1001;
const DONE = "101416228";
const PAID = "101416230";
const HUNG_UP = "101416232";

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
const routeCall = (body = {}) => control(emu, "POST", "/agent/route-call", body);
const agentOf = (id) => control(emu, "GET", `/agents/${id}`);
const callRecord = async (tx) => (await control(emu, "GET", "/agent/calls")).find((c) => c.callTransactionId === tx);

async function readyAgent(n) {
  const { userName, password, phoneNumber } = va(n);
  const lv = await LiveVox.login({ baseUrl: emu.url, ...CREDS, userName, password, agent: true, retry: { ...FAST_RETRY } });
  await lv.agent.joinService(SERVICE, phoneNumber);
  await lv.agent.setReady();
  return lv;
}

test("screenPop reads the routed call's rows; services and features decode", async () => {
  const lv = await readyAgent(1);
  const since = await mark(emu);
  const allowed = await lv.agent.servicesAllowed();
  assert.ok(allowed.services.some((s) => s.serviceId === SERVICE && s.serviceName === "AI Inbound"));
  assert.equal(allowed.homeAgent, false);
  assert.equal(allowed.phoneNumber, "8990000001");
  const features = await lv.agent.serviceFeatures(SERVICE);
  assert.deepEqual(features.features.notReadyReasonCodes, ["BREAK", "LUNCH", "Voice Mail"]);
  assert.equal(features.features.reasonCodesEnabled, true);
  assert.equal(features.serviceId, SERVICE, "the id sent as text reads as a number");
  assert.equal(features.clientCode, "ACME", "unknown fields pass through");
  assert.equal(features.features.featureCode, 2);
  const other = await lv.agent.serviceFeatures(45165);
  assert.deepEqual(other.features.notReadyReasonCodes, [], "null reads as no codes");
  // A configured reason works with setNotReady.
  await lv.agent.setNotReady({ reasonCode: features.features.notReadyReasonCodes[2] });
  assert.equal((await agentOf("VA1")).reasonCode, "Voice Mail");
  await lv.agent.setReady();

  const routed = await routeCall({ agentLoginId: "VA1", ani: "2134634007", accountNumber: "ACC-1001" });
  const pop = await lv.agent.screenPop();
  assert.equal(pop.fields["FIRST NAME"], "John");
  assert.equal(pop.fields["ACCOUNT NUMBER"], "ACC-1001");
  assert.equal(pop.fields["PHONE DIALED"], "2134634007");
  assert.equal(pop.fields["Call Direction"], "Inbound");
  assert.deepEqual(pop.rows[0], { key: "FIRST NAME", value: "John" });
  await lv.agent.screenPop({ lineNumber: "ACD" });

  const log = await requestsSince(emu, since);
  assertWire(only(log, `${AGENT}/service/access`)[0], { method: "GET", path: `${AGENT}/service/access` });
  assertWire(only(log, `${AGENT}/service/features`)[0], { method: "GET", path: `${AGENT}/service/features`, query: "serviceId=1001" });
  const pops = only(log, `${AGENT}/screenpop`);
  assertWire(pops[0], { method: "GET", path: `${AGENT}/screenpop` });
  assertWire(pops[1], { method: "GET", path: `${AGENT}/screenpop`, query: "lineNumber=ACD" });
  await lv.agent.setTermCode({ ...(await lv.agent.currentCall()), termCodeId: DONE, moveAgentToNotReady: false });
  assert.equal((await callRecord(routed.callTransactionId)).state, "ENDED");
  await rejectsWith(lv.agent.screenPop(), "CONFLICT", { status: 409 });
  await rejectsWith(lv.agent.screenPop({ lineNumber: "EXT0" }), "INVALID_ARGUMENT", { field: "lineNumber" });
  await rejectsWith(lv.agent.serviceFeatures("1001"), "INVALID_ARGUMENT", { field: "serviceId" });
});

test("hold, mute, pause and resume the recording, end the call: each on the wire and in the emulator's call", async () => {
  const lv = await readyAgent(2);
  const routed = await routeCall({ agentLoginId: "VA2" });
  const since = await mark(emu);

  await lv.agent.hold();
  assert.equal((await lv.agent.status()).agentStatus.lines[0].state, "HOLD");
  await rejectsWith(lv.agent.hold(), "CONFLICT");
  await lv.agent.unhold({ lineNumber: "ACD" });
  await lv.agent.mute();
  assert.equal((await lv.agent.status()).agentStatus.agentMuted, true);
  await lv.agent.unmute();
  await lv.agent.pauseRecording();
  let rec = await callRecord(routed.callTransactionId);
  assert.equal(rec.recording, "PAUSED", "the emulator reports the paused recording in the call record");
  const snapshot = await control(emu, "GET", "/state");
  assert.equal(snapshot.agentCalls.find((c) => c.callTransactionId === routed.callTransactionId).recording, "PAUSED", "and in the state");
  await lv.agent.resumeRecording();
  await lv.agent.endCall();
  rec = await callRecord(routed.callTransactionId);
  assert.equal(rec.recording, "RECORDING");
  assert.equal(rec.state, "WRAPUP");
  assert.equal(rec.hungUpBy, "agent");
  assert.deepEqual(rec.events.map((e) => e.type), ["hold", "unhold", "mute", "unmute", "recordingPaused", "recordingResumed", "end"]);
  assert.equal((await lv.agent.status()).agentStatus.lines[0].state, "WRAPUP");
  await rejectsWith(lv.agent.endCall(), "CONFLICT");

  const log = (await requestsSince(emu, since)).filter((e) => !e.path.endsWith("/status"));
  const wire = [
    ["POST", `${AGENT}/customer/call/hold`, ""],
    ["POST", `${AGENT}/customer/call/hold`, ""],
    ["POST", `${AGENT}/customer/call/unhold`, "lineNumber=ACD"],
    ["PUT", `${AGENT}/call/mute`, ""],
    ["PUT", `${AGENT}/call/unmute`, ""],
    ["POST", `${AGENT}/callRecord/pause`, ""],
    ["POST", `${AGENT}/callRecord/resume`, ""],
    ["POST", `${AGENT}/customer/call/end`, ""],
    ["POST", `${AGENT}/customer/call/end`, ""],
  ];
  assert.equal(log.length, wire.length);
  wire.forEach(([method, path, query], i) => assertWire(log[i], { method, path, query }));

  // Bad input never reaches the wire.
  const before = await mark(emu);
  await rejectsWith(lv.agent.hold({ lineNumber: "acd" }), "INVALID_ARGUMENT", { field: "lineNumber" });
  await rejectsWith(lv.agent.transferToPerson({ number: "12" }), "INVALID_ARGUMENT", { field: "number" });
  await rejectsWith(lv.agent.transferToPerson({ number: "+18005550100", warm: true }), "INVALID_ARGUMENT", { field: "warm" });
  assert.equal((await requestsSince(emu, before)).length, 0);
});

test("transferToPerson conferences the number in, as the emulator's call shows", async () => {
  const lv = await readyAgent(3);
  const routed = await routeCall({ agentLoginId: "VA3" });
  const since = await mark(emu);
  await lv.agent.transferToPerson({ number: "+18005550100", hold: true });
  const [req] = only(await requestsSince(emu, since), `${AGENT}/conference/manual`);
  assertWire(req, { method: "POST", path: `${AGENT}/conference/manual`, body: { supervisorNumber: "+18005550100", putCallOnHold: true, secureTransfer: false } });
  const rec = await callRecord(routed.callTransactionId);
  assert.deepEqual({ ...rec.conference, at: undefined }, { number: "+18005550100", putCallOnHold: true, secureTransfer: false, at: undefined });
  const line = (await lv.agent.status()).agentStatus.lines[0];
  assert.equal(line.callConferenced, true);
  assert.equal(line.conferenceInitiated, true);
  await rejectsWith(lv.agent.transferToPerson({ number: "+18005550101", secure: true, lineNumber: "ACD" }), "CONFLICT");
});

test("handleInvite: a payment with the recording paused, then a transfer; a throwing handler leaves the agent Ready", async () => {
  const pool = new AgentPool({ baseUrl: emu.url, ...CREDS, serviceId: SERVICE, agents: [va(4), va(5)], keepAliveMs: 0, retry: { ...FAST_RETRY } });
  assert.ok((await pool.start()).every((r) => r.ok));

  const routed = await routeCall({ agentLoginId: "VA4", ani: "2134634007", accountNumber: "ACC-1001" });
  let recordingDuringPayment;
  const since = await mark(emu);
  const done = await pool.handleInvite(routed.invite, async (call, lv) => {
    assert.ok(lv instanceof LiveVox);
    assert.equal(call.callTransactionId, routed.callTransactionId);
    assert.equal(call.screenPop.fields["FIRST NAME"], "John");
    assert.equal(call.invite.agentNumber, "+18990000004");
    await lv.agent.pauseRecording();
    recordingDuringPayment = (await callRecord(call.callTransactionId)).recording;
    await lv.agent.resumeRecording();
    await lv.agent.transferToPerson({ number: "+18005550100" });
    return { termCodeId: PAID, paymentAmt: 25.5, agentEnteredAccount: "ACC-1001" };
  });
  assert.equal(recordingDuringPayment, "PAUSED");
  assert.equal(done.ok, true, JSON.stringify(done));
  assert.equal(done.ready, true);
  assert.equal(done.userName, "VA4");
  assert.equal(done.termCodeId, PAID);
  assert.equal(done.step, undefined);
  const rec = await callRecord(routed.callTransactionId);
  assert.equal(rec.termCode.paymentAmt, 25.5);
  assert.equal(rec.conference.number, "+18005550100");
  assert.equal((await agentOf("VA4")).state, "READY");
  const log = await requestsSince(emu, since);
  const [term] = only(log, `${AGENT}/call/termCode`);
  assertWire(term, {
    method: "PUT", path: `${AGENT}/call/termCode`, query: "lineNumber=ACD",
    body: {
      callTransactionId: routed.callTransactionId, callSessionId: routed.callSessionId, termCodeId: PAID, phoneDialed: "2134634007",
      moveAgentToNotReady: false, serviceId: SERVICE, account: "ACC-1001", paymentAmt: 25.5, agentEnteredAccount: "ACC-1001",
    },
  });
  assert.ok(only(log, `${AGENT}/screenpop`).length === 1);

  // A handler that throws after making the agent Not Ready: the failure term code is set and
  // the agent is Ready again.
  const second = await routeCall({ agentLoginId: "VA5" });
  const boom = new Error("the model timed out");
  const failed = await pool.handleInvite(second.invite, async (_call, lv) => {
    await lv.agent.endCall();
    throw boom;
  }, { failureTermCodeId: HUNG_UP });
  assert.equal(failed.ok, false);
  assert.equal(failed.step, "handler");
  assert.equal(failed.error, boom, "what the handler threw, as thrown");
  assert.equal(failed.termCodeId, HUNG_UP);
  assert.equal(failed.ready, true);
  assert.equal((await agentOf("VA5")).state, "READY");
  assert.equal((await callRecord(second.callTransactionId)).termCode.termCodeId, HUNG_UP);

  // A payment code without an amount is refused before it is sent.
  const third = await routeCall({ agentLoginId: "VA4" });
  const refused = await pool.handleInvite(third.invite, async () => ({ termCodeId: PAID }), { failureTermCodeId: HUNG_UP });
  assert.equal(refused.step, "termCode");
  assert.ok(refused.error instanceof FloorwalkerError);
  assert.equal(refused.error.field, "paymentAmt");
  assert.equal(refused.termCodeId, HUNG_UP);

  // No agent has the number; a bad outcome; a bad INVITE.
  const stranger = routed.invite.replaceAll("+18990000004", "+18990000019");
  const none = await pool.handleInvite(stranger, async () => ({ termCodeId: DONE }));
  assert.equal(none.step, "agent");
  assert.equal(none.error.code, "NOT_FOUND");
  await rejectsWith(pool.handleInvite("hello", async () => null), "INVALID_ARGUMENT");
  await rejectsWith(pool.handleInvite(routed.invite, "not a function"), "INVALID_ARGUMENT");
  await rejectsWith(pool.handleInvite(routed.invite, async () => null, { failureTermCodeId: HUNG_UP, failureCode: "x" }), "INVALID_ARGUMENT", { field: "failureCode" });
  const fourth = await routeCall({ agentLoginId: "VA5" });
  const badOutcome = await pool.handleInvite(fourth.invite, async () => ({ termCodeId: DONE, extra: 1 }), { failureTermCodeId: HUNG_UP });
  assert.equal(badOutcome.step, "handler");
  assert.equal(badOutcome.error.code, "INVALID_ARGUMENT");
  assert.equal(badOutcome.error.field, "extra");
  assert.equal(badOutcome.ready, true);
  await pool.shutdown();
});
