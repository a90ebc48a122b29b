// The seed-003 virtual-agent workflow against the emulator through the packed package:
// lv.agent, lv.contacts, lv.postAia, parseInvite and AgentPool, with the wire asserted.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { AgentPool, parseInvite } from "floorwalker";
import {
  LiveVox, FloorwalkerError, CREDS, FAST_RETRY, startEmu, control, reset, mark, requestsSince, assertWire,
  only, rejectsWith, throwsWith, waitFor, sleep, failIfProcessLingers,
} from "./support/harness.mjs";

const AGENT = "/callControl/agent";
const SERVICE = 1001;
const DONE = "101416228";
const TRANSFER = "101416229";

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

function loginAgent(n, extra = {}) {
  const { userName, password } = va(n);
  return LiveVox.login({ baseUrl: emu.url, ...CREDS, userName, password, agent: true, retry: { ...FAST_RETRY }, ...extra });
}

const routeCall = (body = {}) => control(emu, "POST", "/agent/route-call", body);
const agentOf = async (id) => (await control(emu, "GET", `/agents/${id}`));

test("parseInvite reads the emulator's INVITE and the seed's own capture", () => {
  const seed = readFileSync(new URL("../tests/corpus/sip/valid-seed-003-sample.sip", import.meta.url), "utf8");
  const inv = parseInvite(seed);
  assert.equal(inv.agentNumber, "+18990000001");
  assert.equal(inv.callId, "5e18e8dc-0000-7b7397a3-f7f2e4ec-d3e93b6c@10.101.21.27");
  assert.equal(inv.sessionId, "U2DB327T5E18E8DC@XX.XX.XX.XX");
  assert.equal(Object.getPrototypeOf(inv.headers), Object.prototype, "headers is a plain object");
  assert.equal(inv.headers.via.length, 3);
  assert.equal(typeof inv.sdp, "string");

  const noSession = parseInvite("INVITE sip:8990000002@h SIP/2.0\nVia: SIP/2.0/UDP h\nf: <sip:a@h>\nt: <sip:8990000002@h>\ni: x@h\nCSeq: 1 INVITE\n\n");
  assert.equal(noSession.sessionId, null);
  assert.equal(noSession.sdp, "");
  assert.deepEqual(noSession.headers["call-id"], ["x@h"]);

  for (const bad of ["", "SIP/2.0 200 OK\r\n\r\n", "BYE sip:a@h SIP/2.0\r\n\r\n", "x".repeat(70_000), 42, null]) {
    const e = throwsWith(() => parseInvite(bad), "INVALID_ARGUMENT");
    assert.ok(e instanceof FloorwalkerError);
  }
});

test("seed 003 end to end for three agents at once, wire asserted", async () => {
  const since = await mark(emu);
  const agents = await Promise.all([1, 2, 3].map((n) => loginAgent(n)));
  await Promise.all(agents.map((lv, i) => lv.agent.joinService(SERVICE, va(i + 1).phoneNumber)));
  await Promise.all(agents.map((lv) => lv.agent.setReady()));
  for (const n of [1, 2, 3]) assert.equal((await agentOf(`VA${n}`)).state, "READY");

  const log = await requestsSince(emu, since);
  const logins = only(log, "/session/login");
  assert.equal(logins.length, 3);
  for (const l of logins) {
    assert.equal(l.headers["lv-access"], CREDS.accessToken);
    assert.equal(JSON.parse(l.rawBody).agent, true, "agent: true as a boolean");
  }
  const joins = only(log, `${AGENT}/service/join`);
  assert.deepEqual(joins.map((e) => e.query).sort(), [1, 2, 3].map((n) => `serviceId=1001&phoneNumber=%2B189900000${String(n).padStart(2, "0")}`).sort());
  joins.forEach((e) => assertWire(e, { method: "POST", path: `${AGENT}/service/join`, query: e.query }));

  // Three calls arrive; each INVITE tells which agent it is for.
  const calls = [];
  for (let i = 0; i < 3; i++) calls.push(await routeCall({ ani: "2134634007", accountNumber: "ACC-1001" }));
  const byNumber = new Map(agents.map((lv, i) => [va(i + 1).phoneNumber, lv]));
  const results = await Promise.all(calls.map(async (c) => {
    const inv = parseInvite(c.invite);
    const lv = byNumber.get(inv.agentNumber);
    assert.ok(lv, `an agent for ${inv.agentNumber}`);
    const m = await mark(emu);
    const status = await lv.agent.status({ stateChangedAfter: 1573809480000 });
    const mine = async (from, path) => (await requestsSince(emu, from)).filter((e) => e.path === path && e.headers["lv-session"] === lv.sessionId);
    const [statusReq] = await mine(m, `${AGENT}/status`);
    assertWire(statusReq, { method: "POST", path: `${AGENT}/status`, body: { stateChangedAfter: "1573809480000" }, sessionId: lv.sessionId });
    const line = status.agentStatus.lines.find((l) => l.call);
    assert.equal(line.state, "INCALL");
    assert.equal(line.call.callTransactionId, c.callTransactionId);
    const call = await lv.agent.currentCall();
    assert.deepEqual(
      { t: call.callTransactionId, s: call.callSessionId, line: call.lineNumber, service: call.serviceId },
      { t: c.callTransactionId, s: c.callSessionId, line: "ACD", service: SERVICE },
    );
    assert.equal(call.callSessionId, inv.sessionId, "the INVITE's Session-ID is the call's session id");

    await lv.contacts.update("ACC-1001", { customFields: [{ field: "lastAiCall", value: call.callTransactionId }] });
    await lv.postAia(`${emu.url}/aia/acme`, {
      transactionId: call.callTransactionId, sessionId: call.callSessionId, ani: "2134634007",
      accountNumber: "ACC-1001", nextAction: "transfer", callOutcome: "verified", lvresult: "AGENT", other1: "billing",
    });
    const codes = await lv.agent.termCodes(SERVICE);
    const names = codes.termCodeCategories.flatMap((c) => c.termCodes.map((t) => t.id));
    assert.ok(names.includes(DONE) && names.includes(TRANSFER));
    const m2 = await mark(emu);
    await lv.agent.setTermCode({
      callTransactionId: call.callTransactionId, callSessionId: call.callSessionId, termCodeId: DONE,
      phoneDialed: "2134634007", moveAgentToNotReady: false, lineNumber: call.lineNumber,
    });
    const [put] = await mine(m2, `${AGENT}/call/termCode`);
    assertWire(put, {
      method: "PUT", path: `${AGENT}/call/termCode`, query: "lineNumber=ACD", sessionId: lv.sessionId,
      body: { callTransactionId: call.callTransactionId, callSessionId: call.callSessionId, termCodeId: DONE, phoneDialed: "2134634007", moveAgentToNotReady: false },
    });
    assert.equal(await lv.agent.currentCall(), null, "the term code ends the call");
    return c.agentLoginId;
  }));
  assert.equal(new Set(results).size, 3, "each call went to a different agent");
  for (const n of [1, 2, 3]) assert.equal((await agentOf(`VA${n}`)).state, "READY", "Ready for the next call");

  const aia = await control(emu, "GET", "/aia");
  assert.equal(aia.length, 3);
  assert.deepEqual(aia[0].unknownFields ?? [], []);
  assert.equal(aia[0].body.other1, "billing");
  await Promise.all(agents.map((lv) => lv.logout()));
});

test("keepAlive cycles an idle Ready agent, never during a call, and stop() ends it", async () => {
  const lv = await loginAgent(4);
  await lv.agent.joinService(SERVICE, va(4).phoneNumber);
  await lv.agent.setReady();
  const since = await mark(emu);
  const keep = lv.agent.keepAlive({ intervalMs: 60 });
  let cycles = 0;
  const skips = [];
  keep.on("cycle", () => cycles++);
  keep.on("skip", (s) => skips.push(s.reason));
  await waitFor(() => cycles >= 2, { what: "two keep-alive cycles" });

  const call = await routeCall({ agentLoginId: "VA4" });
  const onCall = await mark(emu);
  await waitFor(() => skips.length >= 2, { what: "two skipped cycles during the call" });
  const during = await requestsSince(emu, onCall);
  assert.ok(during.length >= 2);
  assert.ok(during.every((e) => e.path === `${AGENT}/status`), `only status reads during a call: ${during.map((e) => e.path)}`);
  assert.ok(skips.every((s) => s === "on a call"));

  await lv.agent.setTermCode({ callTransactionId: call.callTransactionId, callSessionId: call.callSessionId, termCodeId: DONE, phoneDialed: "2134634007", moveAgentToNotReady: false });
  const c0 = cycles;
  await waitFor(() => cycles > c0, { what: "cycling again after the call" });
  keep.stop();
  assert.equal(keep.stopped, true);
  const log = await requestsSince(emu, since);
  const states = log.filter((e) => e.path.startsWith(`${AGENT}/status/`)).map((e) => e.path.slice(AGENT.length + 8));
  for (let i = 0; i < states.length; i += 2) assert.deepEqual(states.slice(i, i + 2), ["notReady", "ready"], "Not Ready then Ready, in pairs");
  await sleep(150);
  const after = await mark(emu);
  await sleep(150);
  assert.equal((await requestsSince(emu, after)).length, 0, "nothing after stop()");
  assert.equal((await agentOf("VA4")).state, "READY");
  await lv.logout();
});

test("keepAlive never makes a Not Ready agent Ready; bad intervals throw synchronously", async () => {
  const lv = await loginAgent(5);
  await lv.agent.joinService(SERVICE, va(5).phoneNumber);
  await lv.agent.setNotReady({ reasonCode: "LUNCH" });
  const since = await mark(emu);
  const keep = lv.agent.keepAlive({ intervalMs: 50 });
  const skips = [];
  keep.on("skip", (s) => skips.push(s.reason));
  await waitFor(() => skips.length >= 2, { what: "skipped cycles" });
  keep.stop();
  const log = await requestsSince(emu, since);
  assert.ok(log.every((e) => e.path === `${AGENT}/status`));
  assert.equal((await agentOf("VA5")).state, "NOTREADY");
  for (const bad of [{ intervalMs: 10 }, { intervalMs: "60" }, { intervalMs: NaN }]) {
    throwsWith(() => lv.agent.keepAlive(bad), "INVALID_ARGUMENT", { field: "intervalMs" });
  }
  throwsWith(() => keep.on("tick", () => {}), "INVALID_ARGUMENT");
  await lv.logout();
});

test("contacts: create, duplicate is CONFLICT, update with an encoded account, get, list pages", async () => {
  const lv = await loginAgent(6);
  const since = await mark(emu);
  const details = {
    account: "ACC 2001/X", person: { firstName: "Grace", lastName: "Hopper" },
    phone: [{ phone: "9195550100", ordinal: 1, smsConsent: true, cellConsent: false }],
    city: "Arlington", customFields: [{ field: "tier", value: "gold" }], active: true,
  };
  const { id } = await lv.contacts.create(details);
  assert.equal(typeof id, "string");
  const [post] = await requestsSince(emu, since);
  assertWire(post, { method: "POST", path: "/contact/contacts", body: { createContactDetails: details }, sessionId: lv.sessionId });
  const dup = await rejectsWith(lv.contacts.create(details), "CONFLICT", { vendorCode: 202 });
  assert.match(dup.vendorMessage, /already exists/i);

  const m = await mark(emu);
  await lv.contacts.update("ACC 2001/X", { city: "Durham" });
  const [put] = await requestsSince(emu, m);
  assert.equal(put.url.split("?")[0], "/contact/contacts/ACC%202001%2FX");
  assertWire(put, { method: "PUT", path: put.path, body: { updateContactDetails: { city: "Durham" } }, sessionId: lv.sessionId });
  const got = await lv.contacts.get("ACC 2001/X");
  assert.equal(got.account, "ACC 2001/X");
  assert.equal(got.city, "Durham");
  assert.deepEqual(got.phone[0], { phone: "9195550100", ordinal: 1, smsConsent: true, cellConsent: false });
  await rejectsWith(lv.contacts.get("NOPE-1"), "NOT_FOUND");

  const seen = [];
  let page = await lv.contacts.list({ count: 2 });
  seen.push(...page.contacts);
  let offset = 2;
  while (page.next) {
    page = await lv.contacts.list({ count: 2, offset });
    seen.push(...page.contacts);
    offset += 2;
  }
  assert.ok(seen.some((c) => c.account === "ACC 2001/X"));
  assert.equal(new Set(seen.map((c) => c.account)).size, seen.length);

  const before = await mark(emu);
  await rejectsWith(lv.contacts.create({ ...details, account: "" }), "INVALID_ARGUMENT", { field: "account" });
  await rejectsWith(lv.contacts.create({ ...details, phone: [{ phone: "1", ordinal: 11 }] }), "INVALID_ARGUMENT", { field: "phone" });
  await rejectsWith(lv.contacts.list({ count: 1001 }), "INVALID_ARGUMENT", { field: "count" });
  await rejectsWith(lv.contacts.update("a\r\nb", {}), "INVALID_ARGUMENT", { field: "account" });
  assert.equal((await requestsSince(emu, before)).length, 0, "nothing sent for bad input");
  await lv.logout();
});

test("postAia validates the record and the URL before sending", async () => {
  const lv = await loginAgent(7);
  const since = await mark(emu);
  await rejectsWith(lv.postAia(`${emu.url}/aia/acme`, { other21: "x" }), "INVALID_ARGUMENT", { field: "other21" });
  await rejectsWith(lv.postAia(`${emu.url}/aia/acme`, { transactionID: "x" }), "INVALID_ARGUMENT", { field: "transactionID" });
  await rejectsWith(lv.postAia(`${emu.url}/aia/acme`, {}), "INVALID_ARGUMENT");
  await rejectsWith(lv.postAia("http://aia.example.com/acme", { ani: "1" }), "INVALID_ARGUMENT", { field: "url" });
  await rejectsWith(lv.postAia(`${emu.url}/aia/acme`, { ani: "1" }, { headers: { "X-Key": "a\nb" } }), "INVALID_ARGUMENT", { field: "headers" });
  assert.equal((await requestsSince(emu, since)).length, 0);
  const reply = await lv.postAia(`${emu.url}/aia/acme`, { transactionId: "1", other20: "last" }, { headers: { "X-Client-Key": "k1" } });
  assert.equal(typeof reply, "object");
  const [sent] = await requestsSince(emu, since);
  assert.equal(sent.headers["lv-session"], undefined, "the LiveVox session id is not sent to the AIA URL");
  assert.equal(sent.headers["x-client-key"], "k1");
  assert.deepEqual(JSON.parse(sent.rawBody), { transactionId: "1", other20: "last" });
  await lv.logout();
});

test("AgentPool: start, agentForInvite, a failing agent reported, orderly shutdown", async () => {
  const agents = [8, 9, 10].map(va);
  agents[1] = { ...agents[1], password: "wrong" };
  const pool = new AgentPool({ baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: CREDS.clientName, serviceId: SERVICE, agents, keepAliveMs: 0, retry: { ...FAST_RETRY } });
  assert.equal(pool.size, 3);
  const started = await pool.start();
  assert.deepEqual(started.map((r) => [r.userName, r.ok, r.step]), [["VA8", true, undefined], ["VA9", false, "login"], ["VA10", true, undefined]]);
  assert.ok(started[1].error instanceof FloorwalkerError);
  assert.equal(started[1].error.code, "UNAUTHORIZED");
  assert.equal(pool.running, 2);

  const call = await routeCall({ agentLoginId: "VA10" });
  const lv = pool.agentForInvite(call.invite);
  assert.ok(lv instanceof LiveVox);
  assert.equal(pool.agentForInvite(call.invite), lv, "the same client every time");
  assert.equal(pool.agentForNumber("8990000010"), lv);
  assert.equal(pool.agentForNumber(va(9).phoneNumber), null, "a failed agent is not routable");
  const current = await lv.agent.currentCall();
  assert.equal(current.callTransactionId, call.callTransactionId);
  await lv.agent.setTermCode({ callTransactionId: current.callTransactionId, callSessionId: current.callSessionId, termCodeId: TRANSFER, phoneDialed: "2134634007", moveAgentToNotReady: false });
  throwsWith(() => pool.agentForInvite("hello"), "INVALID_ARGUMENT");

  const since = await mark(emu);
  const down = await pool.shutdown();
  assert.deepEqual(down.map((r) => [r.userName, r.ok]), [["VA8", true], ["VA10", true]]);
  const log = await requestsSince(emu, since);
  assert.deepEqual(log.map((e) => e.path.replace(/\/session\/logout\/.*/, "/session/logout")).sort(),
    [`${AGENT}/service/leave`, `${AGENT}/service/leave`, `${AGENT}/status/notReady`, `${AGENT}/status/notReady`, "/session/logout", "/session/logout"].sort());
  assert.equal((await agentOf("VA8")).state, "LOGOFF");
  assert.equal(pool.running, 0);
  assert.equal(pool.agentForInvite(call.invite), null);
});

test("AgentPool keeps many agents alive with spread cycles and rejects bad options synchronously", async () => {
  const agents = [11, 12, 13, 14, 15].map(va);
  const pool = new AgentPool({ baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: CREDS.clientName, serviceId: SERVICE, agents, keepAliveMs: 80 });
  const started = await pool.start();
  assert.ok(started.every((r) => r.ok), JSON.stringify(started));
  const since = await mark(emu);
  await sleep(400);
  const log = await requestsSince(emu, since);
  const readies = log.filter((e) => e.path === `${AGENT}/status/ready`);
  assert.ok(readies.length >= 10, `each agent cycled (${readies.length} Ready)`);
  const firstTimes = new Set(log.filter((e) => e.path === `${AGENT}/status`).slice(0, 5).map((e) => e.headers["lv-session"]));
  assert.equal(firstTimes.size, 5, "every agent's keep-alive runs");
  const down = await pool.shutdown();
  assert.ok(down.every((r) => r.ok));
  const quiet = await mark(emu);
  await sleep(200);
  assert.equal((await requestsSince(emu, quiet)).length, 0, "keep-alives stop at shutdown");

  const base = { baseUrl: emu.url, accessToken: "t", clientName: "c", serviceId: SERVICE };
  throwsWith(() => new AgentPool({ ...base, agents: [] }), "INVALID_ARGUMENT", { field: "agents" });
  throwsWith(() => new AgentPool({ ...base, agents: [va(1), { ...va(2), phoneNumber: "8990000001" }] }), "INVALID_ARGUMENT", { field: "phoneNumber" });
  throwsWith(() => new AgentPool({ ...base, serviceId: "1001", agents: [va(1)] }), "INVALID_ARGUMENT", { field: "serviceId" });
  throwsWith(() => new AgentPool({ ...base, baseUrl: "http://example.com", agents: [va(1)] }), "INVALID_ARGUMENT", { field: "baseUrl" });
});
