// Self-test of the emulator's Real-Time API module (livevox-realtime.mjs): who is on the board,
// the stateId of each emulator state, the figures, roles and versioned paths.
// Run with: node --test js-tests/emulator/
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../emulator/index.mjs";
import { stateIdOf } from "../../emulator/livevox-realtime.mjs";

const TOKEN = "test-access-token";
let emu;

before(async () => {
  emu = await startEmulator({ port: 0 });
});
after(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

async function call(method, path, { body, session, access } = {}) {
  const headers = {};
  if (session) headers["LV-Session"] = session;
  if (access) headers["LV-Access"] = access;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(emu.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function login(userName, password, agent = false) {
  const r = await call("POST", "/session/login", { access: TOKEN, body: { clientName: "ACME", userName, password, agent } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.sessionId;
}

const control = (method, path, body) => call(method, `/__control${path}`, { body });
const boardOf = async (session, path = "/realtime/service/agents/status") => {
  const r = await call("POST", path, { session, body: {} });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return Object.fromEntries(r.json.agentDetails.map((d) => [d.agentLoginId, d]));
};

describe("Real-Time API", () => {
  it("maps each emulator state to a stateId; logged-off agents and agents in no service are left out", () => {
    assert.equal(stateIdOf({ state: "LOGOFF", serviceId: 1 }), null);
    assert.equal(stateIdOf({ state: "READY", serviceId: null }), null);
    assert.equal(stateIdOf({ state: "LOGON", serviceId: 1 }), 1);
    assert.equal(stateIdOf({ state: "READY", serviceId: 1 }), 2);
    assert.equal(stateIdOf({ state: "NOTREADY", serviceId: 1 }), 3);
    assert.equal(stateIdOf({ state: "READY", serviceId: 1, call: {} }), 4);
    assert.equal(stateIdOf({ state: "INCALL", serviceId: 1, call: { state: "WRAPUP" } }), 5);
    assert.equal(stateIdOf({ state: "INCALL", serviceId: 1, call: { state: "HOLD" } }), 7);
  });

  it("the board follows the agents: a routed call, its hang-up (wrap-up), a logoff", async () => {
    const sid = await login("supervisor", "s3cret");
    let board = await boardOf(sid);
    assert.deepEqual(board.lv_usr1, { serviceId: 45165, agentLoginId: "lv_usr1", stateId: 2 });
    assert.equal(board.LV_TEST.stateId, 4);
    assert.equal(board.LV_SEB.stateId, 3);
    assert.equal(board.LV_OFF, undefined);
    assert.equal(board.VA1, undefined);

    assert.equal((await control("POST", "/agent/route-call", { agentLoginId: "lv_usr1" })).status, 200);
    assert.equal((await boardOf(sid)).lv_usr1.stateId, 4);
    assert.equal((await control("POST", "/agent/hangup", { agentLoginId: "lv_usr1" })).status, 200);
    assert.equal((await boardOf(sid)).lv_usr1.stateId, 5);
    await call("POST", "/callControl/supervisor/agent/status/logoff", { session: sid, body: { agents: ["lv_usr2"] } });
    board = await boardOf(sid, "/realtime/v6.0/service/agents/status");
    assert.equal(board.lv_usr2, undefined, "a versioned path answers the same board");

    const control_ = await control("GET", "/realtime/board");
    assert.deepEqual(control_.json.agentDetails.map((d) => d.agentLoginId), Object.keys(board));
  });

  it("stats count the service's agents and calls", async () => {
    const sid = await login("admin", "adm1n");
    await control("POST", "/agent/route-call", { agentLoginId: "lv_usr2" });
    const r = await call("POST", "/realtime/service/stats", { session: sid, body: {} });
    assert.equal(r.status, 200);
    const s = r.json.stats.find((x) => x.serviceId === 45165);
    assert.equal(s.totalAgents, 2);
    assert.equal(s.callsWithAgent, 1);
    assert.equal(s.cip, 1);
    assert.equal(s.totalOffered, 1);
    assert.equal(s.totalHandled, 0);
    assert.equal(typeof s.serviceName, "string");
  });

  it("needs a live session of a user with a realtime role, and a JSON object body", async () => {
    assert.equal((await call("POST", "/realtime/service/agents/status", { body: {} })).status, 401);
    const agent = await login("lv_usr1", "agent-lv_usr1", true);
    assert.equal((await call("POST", "/realtime/service/agents/status", { session: agent, body: {} })).status, 403);
    const plain = await login("agentuser", "agentpw");
    assert.equal((await call("POST", "/realtime/service/stats", { session: plain, body: {} })).status, 403);
    const sid = await login("supervisor", "s3cret");
    assert.equal((await call("POST", "/realtime/service/stats", { session: sid, body: [] })).status, 400);
    assert.equal((await call("POST", "/realtime/service/stats", { session: sid })).status, 200, "no body is read as {}");
  });
});
