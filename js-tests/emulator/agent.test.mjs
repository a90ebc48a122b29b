// Self-test of the emulator's virtual-agent side (seed 003): Agent API, Contact API, AIA endpoint
// and the agent control routes. Run with: node --test js-tests/emulator/
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../emulator/index.mjs";

const AG = "/callControl/agent";
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

async function login(userName, password, { agent = true, base = U } = {}) {
  const r = await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName, password, agent }, base });
  assert.equal(r.status, 200, `login ${userName}: ${r.text}`);
  return r.json.sessionId;
}
const loginVA = (n, opts) => login(`VA${n}`, `agent-va${n}`, { agent: "true", ...opts }); // the seed sends "true"

const control = (method, path, body, base = U) => call(method, "/__control" + path, body === undefined ? { base } : { body, base });
const state = async () => (await control("GET", "/state")).json;

function assertError(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get("content-type") ?? "", /application\/json/);
  assert.deepEqual(Object.keys(r.json).sort(), ["code", "message"]);
  assert.equal(r.json.code, status);
  assert.ok(r.json.message.length > 0);
}

const status = async (sid, opts = {}) => {
  const r = await call("POST", `${AG}/status`, { session: sid, ...opts });
  assert.equal(r.status, 200, r.text);
  return r.json.agentStatus;
};

/** Log a VA in, join service 1001 with its 899 number, and make it Ready. */
async function readyVA(n, { phone = `899${String(n).padStart(7, "0")}`, serviceId = 1001 } = {}) {
  const sid = await loginVA(n);
  assert.equal((await call("POST", `${AG}/service/join?serviceId=${serviceId}&phoneNumber=${phone}`, { session: sid })).status, 204);
  assert.equal((await call("POST", `${AG}/status/ready`, { session: sid })).status, 204);
  return sid;
}

/** A SIP message split into request line, headers (lower-case name -> values) and body. */
function parseSip(text) {
  const [head, body] = text.split("\r\n\r\n");
  const [requestLine, ...lines] = head.split("\r\n");
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    const k = l.slice(0, i).trim().toLowerCase();
    (headers[k] ??= []).push(l.slice(i + 1).trim());
  }
  return { requestLine, headers, body };
}

// ------------------------------------------------------------------ the seed-003 flow

describe("virtual-agent flow (seed 003)", () => {
  it("runs login, join, ready, route, status, term code and AIA for three agents at once", async () => {
    // Three ways to write the 899 number: the seed's bare 10 digits, %2B-encoded, and a raw '+'
    // (which query decoding turns into a space).
    const phones = ["8990000001", "%2B18990000002", "+18990000003"];
    const sids = await Promise.all([1, 2, 3].map((n) => readyVA(n, { phone: phones[n - 1] })));
    let st = await state();
    for (const n of [1, 2, 3]) {
      assert.equal(st.agents[`VA${n}`].state, "READY");
      assert.equal(st.agents[`VA${n}`].serviceId, 1001);
      assert.equal(st.agents[`VA${n}`].joinedPhoneNumber, `+1899000000${n}`);
    }

    const before = await Promise.all(sids.map((s) => status(s)));
    for (const b of before) {
      assert.equal(b.lines[0].state, "READY");
      assert.equal(b.lines[0].call, undefined);
    }

    // LONGEST_AVAILABLE_AGENT: the calls go out in the order the agents became Ready.
    const readyOrder = ["VA1", "VA2", "VA3"].sort((x, y) => st.agents[x].stateChangedAt - st.agents[y].stateChangedAt);
    const routed = [];
    for (let i = 0; i < 3; i++) {
      const r = await control("POST", "/agent/route-call", i === 2 ? { ani: "+19192109237" } : {});
      assert.equal(r.status, 200, r.text);
      routed.push(r.json);
    }
    assert.deepEqual(routed.map((r) => r.agentLoginId), readyOrder);
    assertError(await control("POST", "/agent/route-call", {}), 409); // everyone is busy

    const ids = new Set();
    for (const r of routed) {
      const n = Number(r.agentLoginId.slice(2));
      assert.equal(r.phoneNumber, `+1899000000${n}`);
      assert.match(r.callTransactionId, /^\d{12}$/);
      assert.match(r.callSessionId, /^U[0-9A-F]+T[0-9A-F]{8}@10\.101\.21\.216$/);
      ids.add(r.callTransactionId).add(r.callSessionId);
      // The INVITE the AI vendor receives.
      assert.ok(!/[^\r]\n/.test(r.invite), "CRLF line ends only");
      const sip = parseSip(r.invite);
      assert.equal(sip.requestLine, `INVITE sip:+1899000000${n}@10.0.0.5:5070 SIP/2.0`);
      assert.equal(sip.headers["session-id"][0], r.callSessionId);
      assert.equal(sip.headers["content-type"][0], "application/sdp");
      assert.equal(Number(sip.headers["content-length"][0]), Buffer.byteLength(sip.body));
      assert.match(sip.headers["cseq"][0], /^\d+ INVITE$/);
      assert.equal(sip.headers["via"].length, 3);
      assert.equal(sip.headers["record-route"].length, 3);
      assert.match(sip.headers["to"][0], new RegExp(`^sip:\\+1899000000${n}@10\\.0\\.0\\.5:5070$`));
      assert.match(sip.headers["call-id"][0], /^[0-9a-f]{8}-0000-[0-9a-f-]+@10\.101\.21\.27$/);
      assert.match(sip.headers["contact"][0], /^<sip:/);
      assert.match(sip.body, /^v=0\r\n/);
    }
    assert.equal(ids.size, 6, "call ids are unique");
    // The default ANI is contact ACC-1001's phone; the third call came from ACC-1002's.
    assert.match(parseSip(routed[0].invite).headers["from"][0], /^<sip:\+12134634007@[^>]+>;tag=telstage-/);
    assert.equal(routed[0].accountNumber, "ACC-1001");
    assert.equal(routed[2].accountNumber, "ACC-1002");

    // Each agent polls status (seed body form) and finds its call.
    const byAgent = Object.fromEntries(routed.map((r) => [r.agentLoginId, r]));
    const during = await Promise.all(sids.map((s) => status(s, { body: { stateChangedAfter: "1573809480000" } })));
    for (const [i, s] of during.entries()) {
      const r = byAgent[`VA${i + 1}`];
      const line = s.lines[0];
      assert.equal(line.lineNumber, "ACD");
      assert.equal(line.state, "INCALL");
      assert.match(line.stateChangedTime, /^\d{13}$/);
      assert.ok(Number(line.stateChangedTime) > Number(before[i].lines[0].stateChangedTime), "routing bumps stateChangedTime");
      assert.deepEqual(line.call, {
        callTransactionId: r.callTransactionId,
        callSessionId: r.callSessionId,
        serviceId: 1001,
        callCenterId: 4100,
        accountNumber: r.accountNumber,
        phoneNumber: r.ani.slice(2),
        callRequiresAcceptance: false,
      });
      assert.equal(s.agentCallConnected, true);
      assert.deepEqual(Object.keys(s).slice(0, 2), ["reasonCode", "agentMuted"]);
      for (const k of ["service", "chat", "voicemail", "lines"]) assert.ok(k in s, k);
    }

    // Term codes of the service.
    const tc = await call("GET", `${AG}/termCode?serviceId=1001`, { session: sids[0] });
    assert.equal(tc.status, 200);
    const success = tc.json.termCodeCategories.find((c) => c.name === "Success");
    assert.deepEqual(success.termCodes[0], { id: "101416228", name: "Done", lvResultId: "1000", lvResult: "AGENT - SUCCESS", actionType: "RPC_WITHOUT_PAYMENT", paymentAmtRequired: false });
    assert.ok(tc.json.termCodeCategories.find((c) => c.name === "Transfer").termCodes.some((t) => t.id === "101416229" && t.name === "Transfer to human"));

    // The AI vendor posts its AIA record and terms each call (seed body: strings throughout).
    const termIds = { VA1: "101416228", VA2: "101416229", VA3: "101416228" };
    await Promise.all(
      sids.map(async (sid, i) => {
        const r = byAgent[`VA${i + 1}`];
        const aia = await call("POST", "/aia/acme-bank", {
          body: { transactionId: r.callTransactionId, sessionId: r.callSessionId, ani: r.ani, accountNumber: r.accountNumber, nextAction: "none", callOutcome: "done", lvresult: "1000", other1: "x" },
        });
        assert.equal(aia.status, 200);
        assert.deepEqual(aia.json, { status: "OK" });
        const t = await call("PUT", `${AG}/call/termCode`, {
          session: sid,
          body: {
            callTransactionId: r.callTransactionId,
            callSessionId: r.callSessionId,
            termCodeId: termIds[r.agentLoginId],
            phoneDialed: r.ani.slice(2),
            moveAgentToNotReady: i === 2 ? "true" : "false",
          },
        });
        assert.equal(t.status, 204, t.text);
        assert.equal(t.text, "");
      }),
    );

    const afterwards = await Promise.all(sids.map((s) => status(s)));
    assert.deepEqual(afterwards.map((s) => s.lines[0].state), ["READY", "READY", "NOTREADY"]);
    for (const s of afterwards) assert.equal(s.lines[0].call, undefined);

    const calls = (await control("GET", "/agent/calls")).json;
    assert.equal(calls.length, 3);
    for (const c of calls) {
      assert.equal(c.state, "ENDED");
      assert.equal(c.endReason, "termCode");
      assert.equal(c.termCode.termCodeId, termIds[c.agentLoginId]);
      assert.equal(c.outcome, c.agentLoginId === "VA2" ? "Transfer" : "Success");
      assert.equal(c.aia.length, 1);
      assert.equal(typeof c.invite, "string");
    }
    assert.equal(calls.find((c) => c.agentLoginId === "VA3").termCode.moveAgentToNotReady, true);
    const aia = (await control("GET", "/aia")).json;
    assert.equal(aia.length, 3);
    assert.equal(aia[0].client, "acme-bank");
    assert.deepEqual(aia[0].unknownFields, []);
    assert.ok(aia.every((a) => a.callTransactionId));

    st = await state();
    assert.equal(st.agentCalls.length, 3);
    assert.equal(st.aia.length, 3);
    // The freed agents take calls again.
    const again = await control("POST", "/agent/route-call", {});
    assert.equal(again.status, 200);
    assert.notEqual(again.json.agentLoginId, "VA3", "a Not Ready agent gets no call");
  });

  it("hangs up into WRAPUP, routes to a named agent, and drops the call on logoff", async () => {
    const s1 = await readyVA(1);
    const s2 = await readyVA(2);
    assertError(await control("POST", "/agent/route-call", { agentLoginId: "VA9" }), 409); // not Ready
    assertError(await control("POST", "/agent/route-call", { agentLoginId: "nobody" }), 404);
    assertError(await control("POST", "/agent/route-call", { agentLoginId: "va2", serviceId: 1002 }), 409);
    let r = await control("POST", "/agent/route-call", { agentLoginId: "va2", ani: "(650) 555-0101", accountNumber: "X-9" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.agentLoginId, "VA2");
    assert.equal(r.json.ani, "+16505550101");
    assert.equal(r.json.accountNumber, "X-9");
    const c2 = r.json;

    r = await control("POST", "/agent/hangup", { agentLoginId: "VA2" });
    assert.equal(r.status, 200);
    assert.equal(r.json.state, "WRAPUP");
    let s = await status(s2);
    assert.equal(s.lines[0].state, "WRAPUP");
    assert.equal(s.lines[0].call.callTransactionId, c2.callTransactionId, "the call stays until a term code is set");
    assertError(await control("POST", "/agent/hangup", { agentLoginId: "VA2" }), 409);
    assertError(await control("POST", "/agent/hangup", { agentLoginId: "VA1" }), 409);
    assertError(await control("POST", "/agent/hangup", {}), 400);
    assertError(await call("POST", `${AG}/status/ready`, { session: s2 }), 409);
    r = await call("PUT", `${AG}/call/termCode?lineNumber=ACD`, {
      session: s2,
      body: { callTransactionId: c2.callTransactionId, callSessionId: c2.callSessionId, termCodeId: 101416232, moveAgentToNotReady: true, reasonCode: "BREAK", notes: "caller left" },
    });
    assert.equal(r.status, 204, r.text);
    s = await status(s2);
    assert.equal(s.lines[0].state, "NOTREADY");
    assert.equal(s.reasonCode, "BREAK");

    // A supervisor logoff in the middle of a call ends it.
    r = await control("POST", "/agent/route-call", { ani: "9192109237" });
    assert.equal(r.json.agentLoginId, "VA1");
    const sup = await login("supervisor", "s3cret", { agent: false });
    await call("POST", `${SUP}/agent/status/logoff`, { session: sup, body: { agents: ["VA1"] } });
    s = await status(s1);
    assert.equal(s.lines[0].state, "LOGOFF");
    assert.equal(s.lines[0].call, undefined);
    const calls = (await control("GET", "/agent/calls")).json;
    assert.equal(calls.find((c) => c.callTransactionId === r.json.callTransactionId).endReason, "logoff");
    assert.equal(calls.find((c) => c.callTransactionId === c2.callTransactionId).termCode.notes, "caller left");
  });

  it("routes to the fixture agents of other services and terms the LV_TEST fixture call", async () => {
    let r = await control("POST", "/agent/route-call", { serviceId: 45165 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.agentLoginId, "lv_usr1");
    assert.equal(r.json.phoneNumber, "+18990001003");
    assertError(await control("POST", "/agent/route-call", { serviceId: 23114 }), 409); // LV_TEST is on a call
    assertError(await control("POST", "/agent/route-call", { serviceId: 99999 }), 404);
    assertError(await control("POST", "/agent/route-call", { serviceId: "x" }), 400);
    assertError(await control("POST", "/agent/route-call", { ani: "12" }), 400);
    assertError(await control("POST", "/agent/route-call", {}), 409); // no VA is Ready
    assertError(await control("POST", "/agent/route-call", [1]), 400);

    const sid = await login("LV_TEST", "agent-lv_test");
    const s = await status(sid, { body: {} });
    assert.equal(s.lines[0].state, "INCALL");
    assert.equal(s.lines[0].call.callTransactionId, "108821676850");
    r = await call("PUT", `${AG}/call/termCode`, {
      session: sid,
      body: { callTransactionId: "108821676850", callSessionId: "U5EF8FT5DFC07F9@10.101.21.216", termCodeId: "200000001", phoneDialed: "2134634007", moveAgentToNotReady: "false" },
    });
    assert.equal(r.status, 204, r.text);
    assert.equal((await state()).agents.LV_TEST.onCall, false);
    assert.equal((await control("GET", "/agent/calls")).json[1].termCode.name, "Resolved");
  });
});

// ------------------------------------------------------------------ agent API details

describe("agent API", () => {
  it("takes stateChangedAfter in the body or the query, and rejects bad values", async () => {
    const sid = await readyVA(4);
    const a = await status(sid, { body: { stateChangedAfter: "1573809480000" } });
    const b = await status(sid, { body: { stateChangedAfter: 1573809480000 } });
    const c = (await call("POST", `${AG}/status?stateChangedAfter=1573809480000`, { session: sid })).json.agentStatus;
    const d = await status(sid); // no body, no content type
    assert.deepEqual(a, b);
    assert.deepEqual(a, c);
    assert.deepEqual(a, d);
    assert.equal(a.lines[0].state, "READY");
    assertError(await call("POST", `${AG}/status`, { session: sid, body: { stateChangedAfter: "yesterday" } }), 400);
    assertError(await call("POST", `${AG}/status?stateChangedAfter=-5`, { session: sid }), 400);
    assertError(await call("POST", `${AG}/status`, { session: sid, raw: "{nope", headers: { "Content-Type": "application/json" } }), 400);
    assertError(await call("POST", `${AG}/status`, { session: sid, body: [1] }), 400);
    assertError(await call("GET", `${AG}/status`, { session: sid }), 405);
    // a version segment is accepted
    assert.equal((await call("POST", `/callControl/v6.0/agent/status`, { session: sid })).status, 200);
  });

  it("logs agents on, joins, leaves, and changes state with bumps of stateChangedTime", async () => {
    const sid = await loginVA(5);
    let s = await status(sid);
    assert.equal(s.lines[0].state, "LOGON", "login takes a logged-off agent to LOGON");
    let t = Number(s.lines[0].stateChangedTime);
    assertError(await call("POST", `${AG}/status/ready`, { session: sid }), 409); // not in a service
    assertError(await call("POST", `${AG}/status/notReady`, { session: sid }), 409);

    assert.equal((await call("POST", `${AG}/service/join?serviceId=1001`, { session: sid })).status, 204); // phone defaults to the agent's own
    s = await status(sid);
    assert.equal(s.lines[0].state, "NOTREADY", "joining leaves the agent Not Ready");
    assert.ok(Number(s.lines[0].stateChangedTime) > t);
    t = Number(s.lines[0].stateChangedTime);
    assert.equal((await state()).agents.VA5.joinedPhoneNumber, "+18990000005");

    assert.equal((await call("POST", `${AG}/status/ready`, { session: sid })).status, 204);
    s = await status(sid);
    assert.equal(s.lines[0].state, "READY");
    assert.ok(Number(s.lines[0].stateChangedTime) > t);
    t = Number(s.lines[0].stateChangedTime);
    assert.equal((await call("POST", `${AG}/status/ready`, { session: sid })).status, 204);
    assert.equal((await status(sid)).lines[0].stateChangedTime, String(t), "no change, no bump");

    assert.equal((await call("POST", `${AG}/status/notReady?reasonCode=LUNCH`, { session: sid })).status, 204);
    s = await status(sid);
    assert.equal(s.lines[0].state, "NOTREADY");
    assert.equal(s.reasonCode, "LUNCH");
    assert.equal((await call("POST", `${AG}/status/notReady`, { session: sid, body: { reasonCode: "TRAINING" } })).status, 204);
    assert.equal((await status(sid)).reasonCode, "TRAINING");
    assert.equal((await call("POST", `${AG}/status/notReady`, { session: sid })).status, 204);
    assert.equal((await status(sid)).reasonCode, null);
    // Clients configure their own codes per service (LiveVox.NET sends "Tech Difficulties").
    assert.equal((await call("POST", `${AG}/status/notReady`, { session: sid, body: { reasonCode: "Tech Difficulties" } })).status, 204);
    assert.equal((await status(sid)).reasonCode, "Tech Difficulties");
    assertError(await call("POST", `${AG}/status/notReady?reasonCode=${"X".repeat(65)}`, { session: sid }), 400);
    assertError(await call("POST", `${AG}/status/notReady`, { session: sid, body: { reasonCode: "  " } }), 400);

    assertError(await call("POST", `${AG}/service/join?serviceId=1002`, { session: sid }), 409); // already in 1001
    assert.equal((await call("POST", `${AG}/service/join?serviceId=1001&phoneNumber=8990000015`, { session: sid })).status, 204); // same service: new phone
    assert.equal((await state()).agents.VA5.joinedPhoneNumber, "+18990000015");
    assert.equal((await call("POST", `${AG}/service/leave`, { session: sid })).status, 204);
    s = await status(sid);
    assert.equal(s.lines[0].state, "LOGON");
    const st = await state();
    assert.equal(st.agents.VA5.serviceId, null);
    assert.equal(st.agents.VA5.joinedPhoneNumber, null);
    assert.equal((await call("POST", `${AG}/service/leave`, { session: sid })).status, 204, "leave is idempotent");
    assert.equal((await call("POST", `${AG}/service/join?serviceId=1002`, { session: sid })).status, 204);

    // logout logs the agent off
    assert.equal((await call("DELETE", `/session/logout/${sid}`)).status, 204);
    assert.equal((await state()).agents.VA5.state, "LOGOFF");
  });

  it("validates join, term code lists and term codes", async () => {
    const sid = await loginVA(6);
    const other = await readyVA(7);
    assertError(await call("POST", `${AG}/service/join`, { session: sid }), 400);
    assertError(await call("POST", `${AG}/service/join?serviceId=abc`, { session: sid }), 400);
    assertError(await call("POST", `${AG}/service/join?serviceId=4242`, { session: sid }), 404);
    assertError(await call("POST", `${AG}/service/join?serviceId=1001&phoneNumber=899XXXXXXX`, { session: sid }), 400);
    assertError(await call("POST", `${AG}/service/join?serviceId=1001&phoneNumber=123`, { session: sid }), 400);
    assertError(await call("POST", `${AG}/service/join?serviceId=1001&phoneNumber=%2B18990000007`, { session: sid }), 409); // VA7's number
    assertError(await call("GET", `${AG}/termCode`, { session: sid }), 400); // in no service yet
    assertError(await call("GET", `${AG}/termCode?serviceId=4242`, { session: sid }), 404);
    assertError(await call("GET", `${AG}/termCode?serviceId=x`, { session: sid }), 400);
    const own = await call("GET", `${AG}/termCode`, { session: other }); // defaults to the agent's service
    assert.equal(own.status, 200);
    assert.equal(own.json.termCodeCategories.length, 3);
    const human = await call("GET", `${AG}/termCode?serviceId=45165`, { session: other });
    assert.equal(human.json.termCodeCategories[0].termCodes[0].id, "200000001");

    const put = (body, q = "") => call("PUT", `${AG}/call/termCode${q}`, { session: other, body });
    assertError(await put({ callTransactionId: "1", callSessionId: "x", termCodeId: "101416228" }), 400); // no call
    const r = (await control("POST", "/agent/route-call", { agentLoginId: "VA7" })).json;
    const ok = { callTransactionId: r.callTransactionId, callSessionId: r.callSessionId, termCodeId: "101416228", phoneDialed: "2134634007", moveAgentToNotReady: "false" };
    assertError(await put({ ...ok, callTransactionId: "999" }), 400);
    assertError(await put({ ...ok, callSessionId: "Uxx@1.2.3.4" }), 400);
    assertError(await put({ ...ok, termCodeId: "424242" }), 400);
    assertError(await put({ ...ok, termCodeId: "200000001" }), 400); // another service's code
    assertError(await put({ ...ok, termCodeId: "101416230" }), 400); // needs paymentAmt
    assertError(await put({ ...ok, moveAgentToNotReady: "maybe" }), 400);
    assertError(await put({ ...ok, phoneDialed: "6505550100" }), 400);
    assertError(await put({ ...ok, serviceId: 1002 }), 400);
    assertError(await put({ ...ok, reasonCode: "N".repeat(65) }), 400); // any configured code, up to 64 characters
    assertError(await put({ ...ok, notes: 5 }), 400);
    assertError(await put({ ...ok, callTransactionId: undefined }), 400);
    assertError(await put(ok, "?lineNumber=EXT99"), 400);
    assertError(await put(ok, "?lineNumber=DIRECT"), 400); // the call is on ACD
    assertError(await call("PUT", `${AG}/call/termCode`, { session: other, raw: "{", headers: { "Content-Type": "application/json" } }), 400);
    assertError(await call("POST", `${AG}/call/termCode`, { session: other, body: ok }), 405);
    assert.equal((await status(other)).lines[0].state, "INCALL", "rejected term codes change nothing");
    assertError(await call("POST", `${AG}/service/leave`, { session: other }), 409); // on a call
    assertError(await call("POST", `${AG}/status/notReady`, { session: other }), 409);
    assert.equal((await put({ ...ok, termCodeId: "101416230", paymentAmt: "25.50", serviceId: "1001" })).status, 204);
    const rec = (await control("GET", "/agent/calls")).json[0];
    assert.equal(rec.termCode.paymentAmt, 25.5);
    assert.equal(rec.outcome, "Success");
  });

  it("forbids supervisor sessions on the agent API and agent sessions on the supervisor API", async () => {
    const sup = await login("supervisor", "s3cret", { agent: false });
    const agentUser = await login("agentuser", "agentpw", { agent: false });
    const va = await loginVA(8);
    for (const sid of [sup, agentUser]) {
      assertError(await call("POST", `${AG}/status`, { session: sid }), 403);
      assertError(await call("POST", `${AG}/service/join?serviceId=1001`, { session: sid }), 403);
      assertError(await call("POST", `${AG}/status/ready`, { session: sid }), 403);
      assertError(await call("GET", `${AG}/termCode?serviceId=1001`, { session: sid }), 403);
      assertError(await call("PUT", `${AG}/call/termCode`, { session: sid, body: {} }), 403);
    }
    assertError(await call("GET", `${SUP}/service/access`, { session: va }), 403);
    assertError(await call("POST", `${SUP}/agent/status/ready`, { session: va, body: { agents: ["VA8"] } }), 403);
    // unknown or missing sessions
    for (const p of ["/status", "/status/ready", "/status/notReady", "/service/join?serviceId=1001", "/service/leave"]) {
      assertError(await call("POST", AG + p, { session: "00000000-0000-0000-0000-000000000000" }), 401);
      assertError(await call("POST", AG + p), 401);
    }
    assertError(await call("GET", `${AG}/termCode?serviceId=1001`), 401);
    assertError(await call("PUT", `${AG}/call/termCode`, { body: {} }), 401);
    assertError(await call("POST", `${AG}/nothing`, { session: va }), 404);
    assertError(await call("POST", `${AG}/nothing`), 401);
    // VA logins are case-insensitive; a wrong password is 401
    assert.equal(await login("va8", "agent-va8"), va);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName: "VA8", password: "agent-VA8", agent: true } }), 401);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName: "VA21", password: "agent-va21", agent: true } }), 401);
    // service 1001 is not in the supervisor's service access
    const access = await call("GET", `${SUP}/service/access`, { session: sup });
    assert.ok(!JSON.stringify(access.json).includes("1001"));
  });
});

// ------------------------------------------------------------------ session expiry

describe("agent session expiry", () => {
  it("expires idle agent sessions, logs the agent off, and counts agent calls as use", async () => {
    let t = Date.now();
    const e2 = await startEmulator({ port: 0, now: () => t });
    try {
      const base = e2.url;
      const sid = await loginVA(9, { base });
      const join = await call("POST", `${AG}/service/join?serviceId=1001&phoneNumber=8990000009`, { session: sid, base });
      assert.equal(join.status, 204);
      assert.equal((await call("POST", `${AG}/status/ready`, { session: sid, base })).status, 204);
      const sid2 = await loginVA(10, { base });
      await call("POST", `${AG}/service/join?serviceId=1001`, { session: sid2, base });
      await call("POST", `${AG}/status/ready`, { session: sid2, base });

      // Activity within the 2 h keeps the session; the keep-alive cycle of the seed is such activity.
      for (let i = 0; i < 3; i++) {
        t += 70 * 60 * 1000; // 70 min
        assert.equal((await call("POST", `${AG}/status/notReady`, { session: sid, base })).status, 204);
        assert.equal((await call("POST", `${AG}/status/ready`, { session: sid, base })).status, 204);
      }
      // VA10 did nothing for 3.5 h: its session is gone and so is its login.
      const st = (await control("GET", "/state", undefined, base)).json;
      assert.equal(st.agents.VA10.state, "LOGOFF");
      assert.equal(st.agents.VA9.state, "READY");
      assertError(await call("POST", `${AG}/status`, { session: sid2, base }), 401);
      const r = await control("POST", "/agent/route-call", {}, base);
      assert.equal(r.json.agentLoginId, "VA9", "an expired agent gets no call");

      t += 2 * 60 * 60 * 1000 + 1;
      assertError(await call("POST", `${AG}/status`, { session: sid, base }), 401);
      const st2 = (await control("GET", "/state", undefined, base)).json;
      assert.equal(st2.agents.VA9.state, "LOGOFF");
      assert.equal(st2.agentCalls[0].endReason, "logoff");
      // logging in again starts over at LOGON
      const again = await loginVA(9, { base });
      assert.notEqual(again, sid);
      assert.equal((await call("POST", `${AG}/status`, { session: again, base })).json.agentStatus.lines[0].state, "LOGON");
    } finally {
      await e2.close();
    }
  });

  it("logs the agent off when its session is expired through the control API", async () => {
    const sid = await readyVA(11);
    await control("POST", "/expire-session", { sessionId: sid });
    assertError(await call("POST", `${AG}/status`, { session: sid }), 401);
    assert.equal((await state()).agents.VA11.state, "LOGOFF");
    assertError(await control("POST", "/agent/route-call", { agentLoginId: "VA11" }), 409);
  });
});

// ------------------------------------------------------------------ contacts

describe("contact API", () => {
  it("creates, reports duplicates, updates, reads and lists contacts", async () => {
    const va = await loginVA(12);
    const sup = await login("supervisor", "s3cret", { agent: false });
    const details = {
      account: "NEW-1",
      person: { firstName: "Ann", lastName: "Lee", dateOfBirth: 315532800000 },
      phone: [{ phone: "2125550100", ordinal: 1, phoneBlock: "NONE", smsConsent: "true", cellConsent: "true" }],
      city: "New York",
      customFields: [{ field: "Tier", value: "Silver" }, { field: "Score", value: 7 }],
      bogusKey: "ignored",
    };
    let r = await call("POST", "/contact/contacts", { session: va, body: { createContactDetails: details } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(Object.keys(r.json), ["id"]);
    assert.ok(Number.isInteger(r.json.id));
    // Quirk of VENDOR-APIS §1.6: a duplicate is a 2xx carrying an error-shaped body.
    r = await call("POST", "/contact/contacts", { session: sup, body: { createContactDetails: { account: "NEW-1" } } });
    assert.equal(r.status, 202);
    assert.deepEqual(r.json, { code: 202, message: "Contact already exists!" });

    r = await call("GET", "/contact/contacts/NEW-1", { session: sup });
    assert.equal(r.status, 200);
    const c = r.json.readContactDetails;
    assert.equal(c.account, "NEW-1");
    assert.equal(c.active, false, "active defaults to false");
    assert.equal(c.person.dateOfBirth, "315532800000");
    assert.equal(c.phone[0].smsConsent, true);
    assert.equal(c.bogusKey, undefined);
    assert.match(c.createDate, /^\d+$/);

    r = await call("PUT", "/contact/contacts/NEW-1", {
      session: va,
      body: { updateContactDetails: { active: true, person: { email: "ann@example.com" }, customFields: [{ field: "Tier", value: "Gold" }], city: null } },
    });
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, "");
    const u = (await call("GET", "/contact/contacts/NEW-1", { session: va })).json.readContactDetails;
    assert.equal(u.active, true);
    assert.deepEqual(u.person, { firstName: "Ann", lastName: "Lee", dateOfBirth: "315532800000", email: "ann@example.com" });
    assert.deepEqual(u.customFields, [{ field: "Tier", value: "Gold" }, { field: "Score", value: 7 }]);
    assert.equal(u.city, undefined);
    assertError(await call("PUT", "/contact/contacts/NOPE", { session: va, body: { updateContactDetails: { active: true } } }), 404);
    assertError(await call("GET", "/contact/contacts/NOPE", { session: va }), 404);

    // An account with a space and a slash travels percent-encoded in the path.
    const enc = encodeURIComponent("ACC 1004/B");
    r = await call("GET", `/contact/contacts/${enc}`, { session: va });
    assert.equal(r.json.readContactDetails.person.firstName, "Slash");
    assert.equal((await call("PUT", `/contact/contacts/${enc}`, { session: va, body: { updateContactDetails: { city: "Oakland" } } })).status, 204);
    assert.equal((await call("GET", `/contact/contacts?acct=${encodeURIComponent("ACC 1004/B")}`, { session: va })).json.readContactDetails.city, "Oakland");
    assertError(await call("GET", "/contact/contacts/ACC%201004/B", { session: va }), 404); // unencoded slash: another path

    // Seed 003's "Create Contact PUT …/contact/contacts/" also creates; LV-NET's ?account= updates.
    r = await call("PUT", "/contact/contacts/", { session: va, body: { createContactDetails: { account: "NEW-2" } } });
    assert.equal(r.status, 201);
    assert.equal((await call("PUT", "/contact/contacts?account=NEW-2", { session: va, body: { updateContactDetails: { state: "NY" } } })).status, 204);
    assert.equal((await call("GET", "/contact/v6.0/contacts/NEW-2", { session: va })).json.readContactDetails.state, "NY");
    assertError(await call("PUT", "/contact/contacts", { session: va, body: { updateContactDetails: {} } }), 400);
    assert.equal((await state()).contacts.length, 6);
  });

  it("pages the list with count, offset and next, capping count at 1000", async () => {
    const sid = await login("admin", "adm1n", { agent: false });
    let r = await call("GET", "/contact/contacts?count=3&offset=0", { session: sid });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.listContactDetails.map((c) => c.account), ["ACC-1001", "ACC-1002", "ACC-1003"]);
    const next = new URL(r.json.next);
    assert.equal(next.pathname, "/contact/contacts");
    assert.equal(next.searchParams.get("count"), "3");
    assert.equal(next.searchParams.get("offset"), "3");
    r = await call("GET", next.pathname + next.search, { session: sid });
    assert.deepEqual(r.json.listContactDetails.map((c) => c.account), ["ACC 1004/B"]);
    assert.ok(!("next" in r.json), "no next on the last page");
    r = await call("GET", "/contact/contacts?count=10&offset=10", { session: sid });
    assert.deepEqual(r.json, { listContactDetails: [] });
    for (const q of ["count=0", "count=x", "offset=-1", "count=1.5"]) assertError(await call("GET", `/contact/contacts?${q}`, { session: sid }), 400);

    for (let i = 0; i < 10; i++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => call("POST", "/contact/contacts", { session: sid, body: { createContactDetails: { account: `BULK-${i * 100 + j}` } } })),
      );
    }
    r = await call("GET", "/contact/contacts?count=5000", { session: sid });
    assert.equal(r.json.listContactDetails.length, 1000);
    assert.match(r.json.next, /count=1000&offset=1000$/);
    r = await call("GET", "/contact/contacts?count=5000&offset=1000", { session: sid });
    assert.equal(r.json.listContactDetails.length, 4);
    assert.equal(r.json.next, undefined);
  });

  it("validates contact input and needs a session", async () => {
    const sid = await loginVA(13);
    const bad = [
      {},
      { createContactDetails: {} },
      { createContactDetails: { account: "" } },
      { createContactDetails: { account: 42 } },
      { createContactDetails: { account: "x".repeat(256) } },
      { createContactDetails: { account: "A", phone: [{ phone: "2125550100", ordinal: 11 }] } },
      { createContactDetails: { account: "A", phone: [{ phone: "2125550100" }] } },
      { createContactDetails: { account: "A", phone: [{ phone: "2125550100", ordinal: 1 }, { phone: "2125550101", ordinal: 1 }] } },
      { createContactDetails: { account: "A", phone: [{ ordinal: 1 }] } },
      { createContactDetails: { account: "A", accountBlock: "SOMETIMES" } },
      { createContactDetails: { account: "A", active: "yes" } },
      { createContactDetails: { account: "A", city: "c".repeat(256) } },
      { createContactDetails: { account: "A", customFields: [{ value: 1 }] } },
      { createContactDetails: { account: "A", person: "Ann" } },
      { createContactDetails: { account: "A", balance: "lots" } },
    ];
    for (const b of bad) assertError(await call("POST", "/contact/contacts", { session: sid, body: b }), 400);
    assert.equal((await call("POST", "/contact/contacts", { session: sid, body: { createContactDetails: { account: "x".repeat(255) } } })).status, 201);
    assertError(await call("POST", "/contact/contacts", { session: sid, raw: "{", headers: { "Content-Type": "application/json" } }), 400);
    assertError(await call("PUT", "/contact/contacts/ACC-1001", { session: sid, body: { updateContactDetails: { account: "ACC-9" } } }), 400);
    assertError(await call("PUT", "/contact/contacts/ACC-1001", { session: sid, body: {} }), 400);
    assertError(await call("GET", "/contact/contacts"), 401);
    assertError(await call("POST", "/contact/contacts", { body: { createContactDetails: { account: "Z" } } }), 401);
    assertError(await call("GET", "/contact/contacts/ACC-1001", { session: "nope" }), 401);
    assertError(await call("POST", "/contact/contacts/ACC-1001", { session: sid }), 405);
    assert.equal((await state()).contacts.length, 5, "only the valid one was added");
  });

  it("deletes by path or LiveVox.NET's ?acct=, searches the stored contacts, stores DND blocks", async () => {
    const sid = await loginVA(14);
    assertError(await call("DELETE", "/contact/contacts/ACC-1002"), 401);
    assert.equal((await call("DELETE", "/contact/contacts/ACC-1002", { session: sid })).status, 204);
    assert.equal((await call("DELETE", "/contact/contacts?acct=ACC%201004%2FB", { session: sid })).status, 204);
    assertError(await call("DELETE", "/contact/contacts/ACC-1002", { session: sid }), 404);
    assertError(await call("DELETE", "/contact/contacts", { session: sid }), 400);
    assert.deepEqual((await state()).contacts.map((c) => c.account), ["ACC-1001", "ACC-1003"]);

    const search = (body, q = "") => call("POST", `/contact/contacts/search${q}`, { session: sid, body });
    let r = await search({ search: { field: "phone", criteria: "650", condition: "STARTS_WITH" } });
    assert.deepEqual(r.json.findMatchingContactsDetails.map((c) => c.account), ["ACC-1003"]);
    r = await search({ search: { rule: "OR", left: { field: "paymentbalance", criteria: "100", condition: "GREATER" }, right: { field: "account", criteria: "1003", condition: "ENDS_WITH" } }, sort: [{ field: "ACCOUNT", order: "DESC" }] });
    assert.deepEqual(r.json.findMatchingContactsDetails.map((c) => c.account), ["ACC-1003", "ACC-1001"]);
    r = await search({ search: { field: "account", criteria: "ACC", condition: "STARTS_WITH" } }, "?count=1&offset=0");
    assert.equal(r.json.findMatchingContactsDetails.length, 1);
    assert.match(r.json.next, /count=1&offset=1$/);
    for (const bad of [{}, { search: { field: "shoe_size", criteria: "9", condition: "EQUALS" } }, { search: { field: "city", criteria: "x", condition: "LIKE" } }, { search: { rule: "XOR", left: {}, right: {} } }, { search: { field: "city", criteria: "x", condition: "EQUALS" }, sort: [{ field: "COL7", order: "ASC" }] }]) {
      assertError(await search(bad), 400);
    }

    const dnd = (account, body) => call("PUT", `/contact/contacts/${account}/dnd`, { session: sid, body });
    assert.equal((await dnd("ACC-1003", { accountBlock: "DAILY", updateContactDND: [{ ordinal: 1, phoneBlock: "PERMANENT" }, { ordinal: 3, phone: "6505550102", phoneBlock: "DAILY" }] })).status, 204);
    const got = (await call("GET", "/contact/contacts/ACC-1003", { session: sid })).json.readContactDetails;
    assert.equal(got.accountBlock, "DAILY");
    assert.deepEqual(got.phone.map((p) => [p.ordinal, p.phoneBlock]), [[1, "BOTH"], [2, "NONE"], [3, "DAILY"]]);
    assert.equal((await dnd("ACC-1003", { updateContactDND: [{ ordinal: 1, phoneBlock: "PERMANENT_OFF" }] })).status, 204);
    assert.equal((await call("GET", "/contact/contacts/ACC-1003", { session: sid })).json.readContactDetails.phone[0].phoneBlock, "DAILY");
    assertError(await dnd("NOPE", { accountBlock: "DAILY" }), 404);
    for (const bad of [{}, { accountBlock: "SOMETIMES" }, { updateContactDND: [{ ordinal: 9, phoneBlock: "DAILY" }] }, { updateContactDND: [{ ordinal: 2, phone: "2125550100", phoneBlock: "DAILY" }] }]) {
      assertError(await dnd("ACC-1003", bad), 400);
    }
  });
});

// ------------------------------------------------------------------ AIA

describe("AIA endpoint", () => {
  it("records JSON objects without a session and rejects anything else", async () => {
    let r = await call("POST", "/aia/acme", { body: { transactionId: "1", Other1: "a", other20: "b", extra: 1 } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: "OK" });
    assertError(await call("POST", "/aia/acme", { raw: "transactionId=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 400);
    assertError(await call("POST", "/aia/acme", { body: [1, 2] }), 400);
    assertError(await call("POST", "/aia/acme"), 400);
    assertError(await call("GET", "/aia/acme"), 405);
    assertError(await call("POST", "/aia"), 404);
    const rec = (await control("GET", "/aia")).json;
    assert.equal(rec.length, 1);
    assert.equal(rec[0].client, "acme");
    assert.deepEqual(rec[0].body, { transactionId: "1", Other1: "a", other20: "b", extra: 1 });
    assert.deepEqual(rec[0].unknownFields, ["extra"]);
    assert.equal(rec[0].callTransactionId, null);
    assert.match(rec[0].contentType, /application\/json/);
    // a preflight for it is answered too (browsers post JSON cross-origin)
    const pf = await fetch(`${U}/aia/acme`, { method: "OPTIONS", headers: { Origin: "http://crm.example", "Access-Control-Request-Method": "POST" } });
    assert.equal(pf.status, 204);
    assert.equal((await control("DELETE", "/aia")).status, 204);
    assert.deepEqual((await control("GET", "/aia")).json, []);
  });
});

// ------------------------------------------------------------------ reset

describe("agent-side reset", () => {
  it("returns agents, calls, AIA records and contacts to the fixtures", async () => {
    const sid = await readyVA(14);
    await control("POST", "/agent/route-call", {});
    await call("POST", "/aia/acme", { body: { transactionId: "1" } });
    await call("POST", "/contact/contacts", { session: sid, body: { createContactDetails: { account: "TMP" } } });
    await call("PUT", "/contact/contacts/ACC-1001", { session: sid, body: { updateContactDetails: { city: "Elsewhere" } } });
    assert.equal((await control("POST", "/reset")).status, 200);
    const st = await state();
    assert.deepEqual(st.agentCalls, []);
    assert.deepEqual(st.aia, []);
    assert.deepEqual(st.contacts.map((c) => c.account), ["ACC-1001", "ACC-1002", "ACC-1003", "ACC 1004/B"]);
    assert.equal(st.contacts[0].city, "Los Angeles");
    assert.equal(st.contacts[0].id, 500001);
    assert.equal(st.agents.VA14.state, "LOGOFF");
    assert.equal(st.agents.VA14.call, null);
    assert.equal(Object.keys(st.agents).filter((k) => /^VA\d+$/.test(k)).length, 20);
    assert.equal(st.agents.VA20.phoneNumber, "+18990000020");
    // ids handed out before the reset are never reused
    const s2 = await readyVA(14);
    const r = (await control("POST", "/agent/route-call", {})).json;
    assert.ok(BigInt(r.callTransactionId) > 108821676851n);
    assert.equal((await status(s2)).lines[0].call.callTransactionId, r.callTransactionId);
  });
});

describe("flavours of the agent status and versioned paths", () => {
  async function joinedReady(n) {
    const sid = await loginVA(n);
    assert.equal((await call("POST", `${AG}/service/join?serviceId=1001&phoneNumber=899000000${n}`, { session: sid })).status, 204);
    assert.equal((await call("POST", `${AG}/status/ready`, { session: sid })).status, 204);
    return sid;
  }

  it("agentStatusShape: array answers a one-element list, and [] when nothing changed since stateChangedAfter", async () => {
    assert.equal((await control("POST", "/config", { agentStatusShape: "array" })).status, 200);
    const sid = await joinedReady(1);
    const r = await call("POST", `${AG}/status`, { session: sid, body: {} });
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.json.agentStatus) && r.json.agentStatus.length === 1, r.text);
    const changed = Number(r.json.agentStatus[0].lines[0].stateChangedTime);
    const same = await call("POST", `${AG}/status`, { session: sid, body: { stateChangedAfter: String(changed) } });
    assert.deepEqual(same.json, { agentStatus: [] });
    const older = await call("POST", `${AG}/status`, { session: sid, body: { stateChangedAfter: String(changed - 1) } });
    assert.equal(older.json.agentStatus.length, 1);
    assertError(await control("POST", "/config", { agentStatusShape: "list" }), 400);
    await control("POST", "/reset");
    const sid2 = await joinedReady(1);
    assert.ok(!Array.isArray((await call("POST", `${AG}/status`, { session: sid2, body: {} })).json.agentStatus), "object by default");
  });

  it("agentStatusBodyRequired: a status request without a body is 400", async () => {
    const sid = await joinedReady(2);
    assert.equal((await call("POST", `${AG}/status`, { session: sid })).status, 200, "accepted by default");
    await control("POST", "/config", { agentStatusBodyRequired: true });
    assertError(await call("POST", `${AG}/status`, { session: sid }), 400);
    assert.equal((await call("POST", `${AG}/status`, { session: sid, body: {} })).status, 200);
  });

  it("requireApiVersion: only the pinned version's paths exist", async () => {
    const r = await call("POST", "/session/v6.0/login", { access: TOKEN, body: { clientName: "ACME", userName: "VA3", password: "agent-va3", agent: true } });
    assert.equal(r.status, 200, "a version segment is accepted by default");
    const sid = r.json.sessionId;
    await control("POST", "/config", { requireApiVersion: "v6.0" });
    assert.equal((await call("POST", `/callControl/v6.0/agent/status`, { session: sid, body: {} })).status, 200);
    assertError(await call("POST", `${AG}/status`, { session: sid, body: {} }), 404);
    assertError(await call("POST", `/callControl/v5.0/agent/status`, { session: sid, body: {} }), 404);
    assertError(await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName: "VA3", password: "agent-va3", agent: true } }), 404);
    assertError(await control("POST", "/config", { requireApiVersion: "6.0" }), 400);
  });
});
