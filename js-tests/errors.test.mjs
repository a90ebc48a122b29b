// Error mapping, retries and Retry-After, timeouts and AbortSignal.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  LiveVox, FloorwalkerError, CREDS, SUP, startEmu, freshLogin, login, addFault, requestsSince, only, rejectsWith, sleep, within,
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

const READY = `${SUP}/agent/status/ready`;
const STATE = `${SUP}/monitor/state`;

async function calls(path) {
  return only(await requestsSince(emu, since), path);
}

test("FloorwalkerError is an exported Error subclass", () => {
  assert.equal(typeof FloorwalkerError, "function");
  assert.ok(FloorwalkerError.prototype instanceof Error);
});

// ---------------------------------------------------------------- status mapping

const MAPPING = [
  [400, "INVALID_ARGUMENT"],
  [403, "FORBIDDEN"],
  [404, "NOT_FOUND"],
  [409, "CONFLICT"],
  [500, "SERVER_ERROR"],
  [502, "SERVER_ERROR"],
];
for (const [status, code] of MAPPING) {
  test(`POST answered ${status} → ${code} with status/vendorCode/vendorMessage, sent once`, async () => {
    await addFault(emu, { method: "POST", path: READY, status, body: { code: 7000 + status, message: `vendor says ${status}` } });
    await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), code, {
      status, vendorCode: 7000 + status, vendorMessage: `vendor says ${status}`,
    });
    assert.equal((await calls(READY)).length, 1, "not retried");
  });
}

test("the LiveVox quirk 400 + '1. Invalid Account' keeps code and message", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 400, body: { code: 1234, message: "1. Invalid Account" } });
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "INVALID_ARGUMENT", { status: 400, vendorCode: 1234, vendorMessage: "1. Invalid Account" });
});

test("a GET answered 404 or 403 is not retried", async () => {
  await addFault(emu, { method: "GET", path: STATE, status: 404 });
  await rejectsWith(() => lv.supervisor.monitorState(), "NOT_FOUND", { status: 404, vendorCode: 404 });
  await addFault(emu, { method: "GET", path: STATE, status: 403 });
  await rejectsWith(() => lv.supervisor.monitorState(), "FORBIDDEN", { status: 403 });
  assert.equal((await calls(STATE)).length, 2);
});

test("a 500 with a non-JSON body → SERVER_ERROR without vendorCode", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 500, body: "<html>Internal Server Error</html>" });
  const err = await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "SERVER_ERROR", { status: 500 });
  assert.equal(err.vendorCode, undefined);
});

test("a 200 whose body is not JSON → BAD_RESPONSE", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 200, body: "<html>oops</html>" });
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "BAD_RESPONSE", { status: 200 });
  assert.equal((await calls(READY)).length, 1);
});

test("a 200 with an empty body where JSON is expected → BAD_RESPONSE", async () => {
  await addFault(emu, { method: "GET", path: STATE, status: 200, body: null, times: -1 });
  await rejectsWith(() => lv.supervisor.monitorState(), "BAD_RESPONSE", { status: 200 });
});

test("a dropped connection → NETWORK; a POST is not retried", async () => {
  await addFault(emu, { method: "POST", path: READY, drop: true });
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "NETWORK");
  assert.equal((await calls(READY)).length, 1);
  // usable afterwards
  assert.deepStrictEqual(await lv.supervisor.setReady(["lv_usr1"]), { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
});

// ---------------------------------------------------------------- retries

test("a GET retries a dropped connection and succeeds", async () => {
  await addFault(emu, { method: "GET", path: STATE, drop: true, times: 1 });
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
  assert.equal((await calls(STATE)).length, 2);
});

test("a GET that keeps failing with NETWORK gives up after maxRetries (1 + 2 requests)", async () => {
  await addFault(emu, { method: "GET", path: STATE, drop: true, times: -1 });
  await rejectsWith(() => lv.supervisor.monitorState(), "NETWORK");
  assert.equal((await calls(STATE)).length, 3);
});

test("a GET retries 500 once and succeeds", async () => {
  await addFault(emu, { method: "GET", path: STATE, status: 500, times: 1 });
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
  assert.equal((await calls(STATE)).length, 2);
});

test("a GET answered 500 every time → SERVER_ERROR after exactly 3 requests", async () => {
  await addFault(emu, { method: "GET", path: STATE, status: 500, times: -1 });
  await rejectsWith(() => lv.supervisor.monitorState(), "SERVER_ERROR", { status: 500 });
  assert.equal((await calls(STATE)).length, 3);
});

test("maxRetries: 0 disables retries of a GET", async () => {
  const lv0 = await login(emu, { retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 100 } });
  since = (await requestsSince(emu, since)).at(-1).seq;
  await addFault(emu, { method: "GET", path: STATE, status: 502, times: -1 });
  await rejectsWith(() => lv0.supervisor.monitorState(), "SERVER_ERROR", { status: 502 });
  assert.equal((await calls(STATE)).length, 1);
});

test("a POST answered 500 is NOT retried", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 500, times: 1 });
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "SERVER_ERROR", { status: 500 });
  assert.equal((await calls(READY)).length, 1);
});

test("a POST answered 429 (no Retry-After) is retried with backoff and succeeds", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 429, times: 1 });
  assert.deepStrictEqual(await lv.supervisor.setReady(["lv_usr1"]), { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
  assert.equal((await calls(READY)).length, 2);
});

test("a POST answered 503 with Retry-After: 1 waits ~1 s, then succeeds", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 503, headers: { "Retry-After": "1" }, times: 1 });
  assert.deepStrictEqual(await lv.supervisor.setReady(["lv_usr1"]), { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
  const log = await calls(READY);
  assert.equal(log.length, 2);
  const gap = log[1].time - log[0].time;
  assert.ok(gap >= 900, `Retry-After 1 s honoured (waited ${gap} ms)`);
  assert.ok(gap < 3000, `but not much longer (waited ${gap} ms)`);
});

test("Retry-After as an HTTP date is honoured", async () => {
  const date = new Date(Date.now() + 2000).toUTCString();
  await addFault(emu, { method: "GET", path: STATE, status: 429, headers: { "Retry-After": date }, times: 1 });
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
  const log = await calls(STATE);
  assert.equal(log.length, 2);
  const gap = log[1].time - log[0].time;
  assert.ok(gap >= 900, `waited until the HTTP date (${gap} ms)`);
  assert.ok(gap < 3500, `but not much longer (${gap} ms)`);
});

test("a 503 whose retries run out → SERVER_ERROR with retryAfterMs", async () => {
  const lv1 = await login(emu, { retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 5000 } });
  since = (await requestsSince(emu, since)).at(-1).seq;
  await addFault(emu, { method: "POST", path: READY, status: 503, headers: { "Retry-After": "1" }, times: -1 });
  await rejectsWith(() => lv1.supervisor.setReady(["LV_TEST"]), "SERVER_ERROR", { status: 503, retryAfterMs: 1000 });
  assert.equal((await calls(READY)).length, 2, "1 + maxRetries requests");
});

test("a 429 with no retries left → RATE_LIMITED with retryAfterMs, rejected without waiting", async () => {
  const lv0 = await login(emu, { retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 5000 } });
  since = (await requestsSince(emu, since)).at(-1).seq;
  await addFault(emu, { method: "POST", path: READY, status: 429, headers: { "Retry-After": "1" }, body: { code: 429, message: "slow down" } });
  const t0 = Date.now();
  await rejectsWith(() => lv0.supervisor.setReady(["LV_TEST"]), "RATE_LIMITED", { status: 429, retryAfterMs: 1000, vendorMessage: "slow down" });
  assert.ok(Date.now() - t0 < 900, "no pointless wait when no retry follows");
  assert.equal((await calls(READY)).length, 1);
});

// ---------------------------------------------------------------- timeouts

test("per-call timeoutMs: a slow POST → TIMEOUT quickly and is not retried", async () => {
  await addFault(emu, { method: "POST", path: READY, delayMs: 600, times: 1 });
  const t0 = Date.now();
  await rejectsWith(() => lv.supervisor.setReady(["lv_usr1"], {}, { timeoutMs: 100 }), "TIMEOUT");
  const took = Date.now() - t0;
  assert.ok(took < 500, `rejected after ${took} ms`);
  await sleep(700);
  assert.equal((await calls(READY)).length, 1, "a timed-out POST is not sent again");
});

test("a slow GET is retried after a timeout and succeeds", async () => {
  await addFault(emu, { method: "GET", path: STATE, delayMs: 500, times: 1 });
  assert.deepStrictEqual(await lv.supervisor.monitorState({ timeoutMs: 150 }), { activeCall: false });
  assert.equal((await calls(STATE)).length, 2);
});

test("client-level timeoutMs: a GET that is always slow → TIMEOUT after 3 attempts", async () => {
  const lvt = await login(emu, { timeoutMs: 100 });
  since = (await requestsSince(emu, since)).at(-1).seq;
  await addFault(emu, { method: "GET", path: STATE, delayMs: 800, times: -1 });
  const t0 = Date.now();
  await rejectsWith(() => lvt.supervisor.monitorState(), "TIMEOUT");
  const took = Date.now() - t0;
  assert.ok(took < 2000, `3 attempts of 100 ms took ${took} ms`);
  assert.equal((await calls(STATE)).length, 3);
});

test("login honours its own { timeoutMs }", async () => {
  await addFault(emu, { method: "POST", path: "/session/login", delayMs: 800, times: 1 });
  const t0 = Date.now();
  await rejectsWith(() => LiveVox.login({ baseUrl: emu.url, ...CREDS }, { timeoutMs: 100 }), "TIMEOUT");
  assert.ok(Date.now() - t0 < 700);
});

// ---------------------------------------------------------------- AbortSignal

test("an already-aborted signal rejects ABORTED without sending", async () => {
  const ac = new AbortController();
  ac.abort();
  await rejectsWith(() => lv.supervisor.monitorState({ signal: ac.signal }), "ABORTED");
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"], {}, { signal: ac.signal }), "ABORTED");
  await rejectsWith(() => lv.supervisor.sendChat("lv_usr1", "hi", { signal: ac.signal }), "ABORTED");
  await rejectsWith(() => LiveVox.login({ baseUrl: emu.url, ...CREDS }, { signal: ac.signal }), "ABORTED");
  await sleep(50);
  assert.deepEqual(await requestsSince(emu, since), []);
});

test("aborting an in-flight call rejects ABORTED at once and does not retry", async () => {
  await addFault(emu, { method: "GET", path: STATE, delayMs: 1500, times: 1 });
  const ac = new AbortController();
  const t0 = Date.now();
  const p = lv.supervisor.monitorState({ signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await rejectsWith(within(p, 5000, "aborted call"), "ABORTED");
  assert.ok(Date.now() - t0 < 1000, "rejected before the reply came");
  await sleep(150);
  assert.equal((await calls(STATE)).length, 1);
});

test("aborting while waiting for Retry-After rejects ABORTED and sends no retry", async () => {
  await addFault(emu, { method: "POST", path: READY, status: 503, headers: { "Retry-After": "1" }, times: 1 });
  const ac = new AbortController();
  const t0 = Date.now();
  const p = lv.supervisor.setReady(["lv_usr1"], {}, { signal: ac.signal });
  setTimeout(() => ac.abort(), 150);
  await rejectsWith(within(p, 5000, "aborted retry wait"), "ABORTED");
  assert.ok(Date.now() - t0 < 800, "did not sit out the whole Retry-After");
  await sleep(1200);
  assert.equal((await calls(READY)).length, 1);
});

// ---------------------------------------------------------------- Retry-After: the three HTTP-date forms

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n) => String(n).padStart(2, "0");
const clock = (d) => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
/** RFC 9110's obsolete RFC 850 form: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const rfc850 = (d) => `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${two(d.getUTCFullYear() % 100)} ${clock(d)} GMT`;
/** C's asctime form: `Sun Nov  6 08:49:37 1994`. */
const asctime = (d) => `${DAYS[d.getUTCDay()].slice(0, 3)} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${clock(d)} ${d.getUTCFullYear()}`;

test("Retry-After in each HTTP-date form (IMF-fixdate, RFC 850, asctime) and as seconds gives retryAfterMs; a bad one is ignored", async () => {
  const lv0 = await login(emu, { retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 5000 } });
  const forms = {
    "IMF-fixdate": (d) => d.toUTCString(),
    "RFC 850": rfc850,
    asctime,
    seconds: () => "5",
  };
  for (const [label, format] of Object.entries(forms)) {
    // A whole second 5-6 s ahead (HTTP dates have no fractions).
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 5000);
    const value = format(at);
    await addFault(emu, { method: "POST", path: READY, status: 429, headers: { "Retry-After": value } });
    const err = await rejectsWith(() => lv0.supervisor.setReady(["LV_TEST"]), "RATE_LIMITED", { status: 429 });
    assert.equal(typeof err.retryAfterMs, "number", `${label}: ${value}`);
    assert.ok(err.retryAfterMs > 3000 && err.retryAfterMs <= 6000, `${label} (${value}): retryAfterMs ${err.retryAfterMs}`);
  }
  for (const bad of ["soon", "Sun, 06 Nov 1994 08:49:37 PST", "Sunday, 06-Nov-1994 08:49:37 GMT", "-5", "Mon, 99 Foo 2030 25:61:61 GMT"]) {
    await addFault(emu, { method: "POST", path: READY, status: 429, headers: { "Retry-After": bad } });
    const err = await rejectsWith(() => lv0.supervisor.setReady(["LV_TEST"]), "RATE_LIMITED", { status: 429 });
    assert.equal(err.retryAfterMs, undefined, `${bad} is treated as absent`);
  }
});
