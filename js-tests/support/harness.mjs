// Shared helpers for the floorwalker package tests (node:test, ESM, no npm deps).
//
// Every suite starts its own emulator in-process and talks to it only through the HTTP control
// API (`/__control/...`), so the tests see exactly what a real client would put on the wire.

import assert from "node:assert/strict";
import { startEmulator } from "../../emulator/index.mjs";
import { LiveVox, FloorwalkerError } from "floorwalker";

export { LiveVox, FloorwalkerError };

/** The emulator's fixture credentials (see emulator/README.md). */
export const CREDS = Object.freeze({
  accessToken: "test-access-token",
  clientName: "ACME",
  userName: "supervisor",
  password: "s3cret",
});

/** Fast retry settings so retry tests stay quick. */
export const FAST_RETRY = Object.freeze({ maxRetries: 2, baseDelayMs: 10, maxDelayMs: 5000 });

export const SUP = "/callControl/supervisor";

/** Start an emulator on a free loopback port. */
export async function startEmu() {
  return startEmulator({ port: 0 });
}

/**
 * Call the emulator's control API. Throws on a non-2xx answer (a broken control call is a test
 * setup failure, never something to assert around).
 */
export async function control(emu, method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${emu.url}/__control${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const reset = (emu) => control(emu, "POST", "/reset");
export const state = (emu) => control(emu, "GET", "/state");
export const agentState = (emu, id) => control(emu, "GET", `/agents/${encodeURIComponent(id)}`);
export const setAgent = (emu, id, patch) => control(emu, "POST", `/agents/${encodeURIComponent(id)}`, patch);
export const addFault = (emu, spec) => control(emu, "POST", "/faults", spec);
export const clearFaults = (emu) => control(emu, "DELETE", "/faults");
export const expireSessions = (emu, sessionId) =>
  control(emu, "POST", "/expire-session", sessionId === undefined ? {} : { sessionId });
/** Inject an agent's chat reply; resolves to its timestamp as a number. */
export async function agentReply(emu, userLoginId, message) {
  const r = await control(emu, "POST", "/chat/reply", { userLoginId, message });
  return Number(r.timestamp);
}

/** All log entries (requests the SDK sent; control calls are not logged). */
export const requests = (emu) => control(emu, "GET", "/requests");

/** A cursor into the request log: pass it to `requestsSince`. */
export async function mark(emu) {
  const all = await requests(emu);
  return all.length ? all[all.length - 1].seq : 0;
}

/** Log entries after a `mark`. */
export const requestsSince = (emu, since) => control(emu, "GET", `/requests?since=${since}`);

/** Fails when anything reached the emulator after the `mark` `since` (bad input must be refused first). */
export async function assertNothingSent(emu, since) {
  const log = await requestsSince(emu, since);
  assert.deepEqual(log.map((e) => `${e.method} ${e.url}`), [], "bad input must not reach the wire");
}

/** Log into the emulator as the Manager fixture user; `extra` overrides/extends the options. */
export function login(emu, extra = {}) {
  return LiveVox.login({ baseUrl: emu.url, ...CREDS, retry: { ...FAST_RETRY }, ...extra });
}

/** A fresh emulator state and a logged-in client, plus a log cursor taken after the login. */
export async function freshLogin(emu, extra = {}) {
  await reset(emu);
  const lv = await login(emu, extra);
  const since = await mark(emu);
  return { lv, since };
}

function checkError(err, code, props) {
  assert.ok(err instanceof FloorwalkerError, `expected a FloorwalkerError, got ${describe(err)}`);
  assert.ok(err instanceof Error, "a FloorwalkerError must be an Error");
  assert.equal(err.name, "FloorwalkerError");
  assert.equal(err.code, code, `error code (message: ${err.message})`);
  assert.equal(typeof err.message, "string");
  assert.ok(err.message.length > 0, "error message must not be empty");
  for (const [k, v] of Object.entries(props)) {
    assert.deepEqual(err[k], v, `err.${k} (code ${err.code}, message: ${err.message})`);
  }
  return err;
}

function describe(err) {
  if (err === undefined) return "undefined";
  if (err === null) return "null";
  return `${err?.constructor?.name ?? typeof err}: ${err?.code ?? ""} ${err?.message ?? String(err)}`;
}

/**
 * Assert that `promiseOrFn` rejects with a FloorwalkerError of `code` whose listed properties
 * equal `props`. A function is called first; it must RETURN a promise (a synchronous throw fails
 * the assertion: async methods reject, they do not throw). Resolves to the error.
 */
export async function rejectsWith(promiseOrFn, code, props = {}) {
  let p = promiseOrFn;
  if (typeof promiseOrFn === "function") {
    try {
      p = promiseOrFn();
    } catch (err) {
      assert.fail(`expected a rejected promise (${code}), but the call threw synchronously: ${describe(err)}`);
    }
  }
  assert.ok(p && typeof p.then === "function", `expected a promise, got ${typeof p}`);
  let err;
  let resolved = false;
  let value;
  try {
    value = await p;
    resolved = true;
  } catch (e) {
    err = e;
  }
  if (resolved) assert.fail(`expected a rejection with ${code}, but it resolved to ${safeJson(value)}`);
  return checkError(err, code, props);
}

/** Assert that `fn()` throws a FloorwalkerError of `code` synchronously. Returns the error. */
export function throwsWith(fn, code, props = {}) {
  let err;
  let threw = false;
  let value;
  try {
    value = fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) {
    if (value && typeof value.then === "function") value.catch(() => {});
    assert.fail(`expected a synchronous throw with ${code}, got ${value && typeof value.then === "function" ? "a promise" : safeJson(value)}`);
  }
  return checkError(err, code, props);
}

function safeJson(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/**
 * Check the headers and body of one logged request as the SDK must send them after login:
 * `LV-Session`, never `LV-Access`, `Accept: application/json`, and `Content-Type: application/json`
 * exactly when there is a body. `body === undefined` means "no body at all" (rawBody "").
 */
export function assertWire(entry, { method, path, query = "", body, sessionId }) {
  assert.ok(entry, `expected a request ${method} ${path}, found none`);
  assert.equal(entry.method, method, "HTTP method");
  assert.equal(entry.path, path, "path");
  assert.equal(entry.query, query, "raw query string");
  const h = entry.headers;
  assert.equal(h.accept, "application/json", "Accept header");
  if (sessionId !== undefined) assert.equal(h["lv-session"], sessionId, "LV-Session header");
  assert.equal(h["lv-access"], undefined, "LV-Access must only be sent on login");
  if (body === undefined) {
    assert.equal(entry.rawBody, "", "a call without a body must send no body");
    assert.equal(h["content-type"], undefined, "no Content-Type without a body");
  } else {
    assert.match(h["content-type"] ?? "", /^application\/json(\s*;\s*charset=utf-8)?$/i, "Content-Type header");
    let parsed;
    assert.doesNotThrow(() => (parsed = JSON.parse(entry.rawBody)), `body must be JSON: ${entry.rawBody}`);
    assert.deepStrictEqual(parsed, body, "exact JSON body");
  }
}

/** Only the log entries for `path` (and `method`, when given). */
export function only(log, path, method) {
  return log.filter((e) => e.path === path && (method === undefined || e.method === method));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` until it returns truthy; fail after `timeoutMs`. */
export async function waitFor(cond, { timeoutMs = 5000, stepMs = 10, what = "condition" } = {}) {
  const start = Date.now();
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

/** Race a promise against a deadline (so a hung SDK fails a test instead of hanging the run). */
export function within(promise, ms, what = "operation") {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what} did not settle within ${ms} ms` })), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A loopback URL on which nothing listens (connection refused). */
export async function deadUrl() {
  const net = await import("node:net");
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

/**
 * Call in a suite's `after` hook, once everything is closed: if the SDK still holds the event
 * loop open (a ChatWatch that kept polling after stop()/break, a stray timer or socket), the test
 * process would otherwise hang forever. This unref'd timer only fires in that case, and fails the
 * file instead.
 */
export function failIfProcessLingers(ms = 3000) {
  setTimeout(() => {
    process.stderr.write(`floorwalker tests: the process is still alive ${ms} ms after the suite ended (timers or sockets left open by the SDK, e.g. a ChatWatch still polling)\n`);
    process.exit(1);
  }, ms).unref();
}
