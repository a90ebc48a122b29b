// The live agent board against the emulator through the packed package:
// lv.supervisor.agentStates, serviceStats and watchAgents, with the wire asserted.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  LiveVox, FloorwalkerError, CREDS, startEmu, control, freshLogin, setAgent, addFault, clearFaults, requestsSince, only, assertWire,
  rejectsWith, throwsWith, within, failIfProcessLingers,
} from "./support/harness.mjs";

const STATUS = "/realtime/service/agents/status";
const STATS = "/realtime/service/stats";

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});

const key = (s) => `${s.agentLoginId}@${s.serviceId}`;
const brief = (c) => `${key(c)} ${c.from ?? "-"}>${c.to ?? "-"}`;

/** Takes `n` changes from an async iterator, within `ms`. */
async function take(it, n, ms = 3000) {
  const got = [];
  await within(
    (async () => {
      while (got.length < n) {
        const r = await it.next();
        assert.equal(r.done, false, `the watch ended after ${got.length} changes`);
        got.push(r.value);
      }
    })(),
    ms,
    `${n} changes`,
  );
  return got;
}

test("agentStates posts {} and names each agent's state from stateId, raw id kept", async () => {
  const { lv, since } = await freshLogin(emu);
  const board = await lv.supervisor.agentStates();
  const byKey = Object.fromEntries(board.map((s) => [key(s), s]));
  assert.deepEqual(byKey["LV_TEST@23114"], { agentLoginId: "LV_TEST", serviceId: 23114, state: "IN_CALL", stateId: 4 });
  assert.deepEqual(byKey["LV_SEB@23114"], { agentLoginId: "LV_SEB", serviceId: 23114, state: "NOT_READY", stateId: 3 });
  assert.deepEqual(byKey["lv_usr1@45165"], { agentLoginId: "lv_usr1", serviceId: 45165, state: "READY", stateId: 2 });
  assert.equal(board.some((s) => s.agentLoginId === "LV_OFF"), false, "a logged-off agent is not on the board");

  const only45165 = await lv.supervisor.agentStates({ serviceIds: [45165] });
  assert.deepEqual(only45165.map(key).sort(), ["lv_usr1@45165", "lv_usr2@45165"]);

  const log = only(await requestsSince(emu, since), STATUS);
  assert.equal(log.length, 2);
  for (const entry of log) assertWire(entry, { method: "POST", path: STATUS, body: {}, sessionId: lv.sessionId });

  // the board follows the agents
  await lv.supervisor.setNotReady(["lv_usr1"], { reasonCode: "LUNCH" });
  await setAgent(emu, "lv_usr2", { state: "LOGOFF" });
  const after = await lv.supervisor.agentStates({ serviceIds: [45165] });
  assert.deepEqual(after.map((s) => [s.agentLoginId, s.state]), [["lv_usr1", "NOT_READY"]]);
});

test("agentStates and serviceStats reject a bad filter before sending", async () => {
  const { lv, since } = await freshLogin(emu);
  for (const serviceIds of [[], [0], ["x"], [1.5], "23114"]) {
    await rejectsWith(lv.supervisor.agentStates({ serviceIds }), "INVALID_ARGUMENT", { field: "serviceIds" });
    await rejectsWith(lv.supervisor.serviceStats({ serviceIds }), "INVALID_ARGUMENT", { field: "serviceIds" });
  }
  throwsWith(() => lv.supervisor.watchAgents({ intervalMs: 10 }), "INVALID_ARGUMENT", { field: "intervalMs" });
  throwsWith(() => lv.supervisor.watchAgents({ serviceIds: [] }), "INVALID_ARGUMENT", { field: "serviceIds" });
  assert.deepEqual(await requestsSince(emu, since), []);
});

test("an agent session, or a 403 from the platform, is FORBIDDEN", async () => {
  await freshLogin(emu);
  const agent = await LiveVox.login({ baseUrl: emu.url, ...CREDS, userName: "lv_usr1", password: "agent-lv_usr1", agent: true });
  await rejectsWith(agent.supervisor.agentStates(), "FORBIDDEN", { status: 403 });
  const { lv } = await freshLogin(emu);
  await addFault(emu, { method: "POST", path: STATS, status: 403, times: 1 });
  await rejectsWith(lv.supervisor.serviceStats(), "FORBIDDEN", { status: 403 });
});

test("serviceStats posts {} and passes the figures on, unknown fields included", async () => {
  const { lv, since } = await freshLogin(emu);
  await control(emu, "POST", "/agent/route-call", { agentLoginId: "lv_usr1" });
  const { stats } = await lv.supervisor.serviceStats({ serviceIds: [45165, 23114] });
  assert.deepEqual(stats.map((s) => s.serviceId).sort(), [23114, 45165]);
  const s = stats.find((x) => x.serviceId === 45165);
  assert.equal(typeof s.serviceName, "string");
  assert.equal(s.totalAgents, 2);
  assert.equal(s.callsWithAgent, 1);
  assert.equal(s.totalOffered, 1);
  assert.ok("pacingMethod" in s && "throttle" in s, "fields are passed on as sent (null included)");
  const all = await lv.supervisor.serviceStats();
  assert.ok(all.stats.length > stats.length);
  const log = only(await requestsSince(emu, since), STATS);
  assert.equal(log.length, 2);
  for (const entry of log) assertWire(entry, { method: "POST", path: STATS, body: {}, sessionId: lv.sessionId });
});

test("watchAgents yields the board, then each change once, through a failed poll, and stops", async () => {
  const { lv, since } = await freshLogin(emu);
  const watch = lv.supervisor.watchAgents({ intervalMs: 60, serviceIds: [45165] });
  const seen = [];
  const errors = [];
  const offChange = watch.on("change", (c) => seen.push(c));
  watch.on("error", (e) => errors.push(e));
  const it = watch[Symbol.asyncIterator]();

  const first = await take(it, 2);
  assert.deepEqual(first.map(brief), ["lv_usr1@45165 ->READY", "lv_usr2@45165 ->READY"]);
  for (const c of first) {
    assert.equal(c.fromStateId, null);
    assert.equal(c.toStateId, 2);
    assert.equal(typeof c.at, "number");
  }
  assert.deepEqual(watch.board.map(key), ["lv_usr1@45165", "lv_usr2@45165"]);

  // one failed poll (a POST answered 500 is not retried), then: lv_usr1 takes a call, lv_usr2
  // goes Not Ready, VA1 is moved into the service; an agent of another service changes too
  await addFault(emu, { method: "POST", path: STATUS, status: 500, times: 1 });
  await control(emu, "POST", "/agent/route-call", { agentLoginId: "lv_usr1" });
  await lv.supervisor.setNotReady(["lv_usr2"], { reasonCode: "BREAK" });
  await setAgent(emu, "LV_SEB", { state: "READY" });
  await setAgent(emu, "VA1", { state: "READY", serviceId: 45165 });
  const second = await take(it, 3);
  // (the changes may straddle two polls, so their order across agents is not fixed)
  assert.deepEqual(second.map(brief).sort(), ["VA1@45165 ->READY", "lv_usr1@45165 READY>IN_CALL", "lv_usr2@45165 READY>NOT_READY"]);
  assert.ok(second.every((c) => c.at > first[0].at));
  assert.ok(errors.length >= 1, "the failed poll was reported");
  assert.ok(errors.every((e) => e instanceof FloorwalkerError && e.code === "SERVER_ERROR"));

  // a logoff is a departure
  await lv.supervisor.logoff(["lv_usr2"]);
  const third = await take(it, 1);
  assert.deepEqual(third.map(brief), ["lv_usr2@45165 NOT_READY>-"]);
  assert.deepEqual(third[0].fromStateId, 3);

  offChange();
  watch.stop();
  assert.equal((await it.next()).done, true);
  assert.equal(watch.stopped, true);
  assert.deepEqual(seen.map(brief), [...first, ...second, ...third].map(brief), "on('change') saw the same changes");

  const log = only(await requestsSince(emu, since), STATUS);
  assert.ok(log.length >= 4);
  for (const entry of log) assertWire(entry, { method: "POST", path: STATUS, body: {}, sessionId: lv.sessionId });
});

test("a state that flips and flips back between two polls is not reported", async () => {
  const { lv } = await freshLogin(emu);
  const watch = lv.supervisor.watchAgents({ intervalMs: 500, serviceIds: [45165] });
  const it = watch[Symbol.asyncIterator]();
  assert.equal((await take(it, 2)).length, 2);
  // well inside one interval: Not Ready and back, then a real change
  await lv.supervisor.setNotReady(["lv_usr1"]);
  await lv.supervisor.setReady(["lv_usr1"]);
  await lv.supervisor.setNotReady(["lv_usr2"], { reasonCode: "MEETING" });
  const next = await take(it, 1);
  assert.deepEqual(next.map(brief), ["lv_usr2@45165 READY>NOT_READY"]);
  watch.stop();
  assert.equal((await it.next()).done, true, "nothing else was queued");
});

test("watchAgents ends with the error of a lasting failure; for-await break stops it", async () => {
  const { lv } = await freshLogin(emu);
  const watch = lv.supervisor.watchAgents({ intervalMs: 50 });
  let n = 0;
  for await (const c of watch) {
    assert.equal(typeof c.agentLoginId, "string");
    if (++n === 2) break;
  }
  assert.equal(watch.stopped, true);

  await addFault(emu, { method: "POST", path: STATUS, status: 403, times: -1 });
  const failing = lv.supervisor.watchAgents({ intervalMs: 50 });
  await rejectsWith(failing.next(), "FORBIDDEN");
  assert.equal(failing.stopped, true);
  await clearFaults(emu);
});
