// LiveVox session behaviour of the packed package: login, resume, validate, logout, the auth
// headers, and the single re-login on 401.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  LiveVox, CREDS, FAST_RETRY, SUP, startEmu, reset, state, addFault, expireSessions, requests, mark,
  requestsSince, login, only, rejectsWith, throwsWith, deadUrl, within,
  failIfProcessLingers,
} from "./support/harness.mjs";

let emu;
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

test("login sends LV-Access and exactly {clientName,userName,password,agent:false}", async () => {
  const lv = await login(emu);
  const log = await requests(emu);
  assert.equal(log.length, 1, "login is one request");
  const [e] = log;
  assert.equal(e.method, "POST");
  assert.equal(e.path, "/session/login");
  assert.equal(e.query, "");
  assert.equal(e.headers["lv-access"], "test-access-token");
  assert.equal(e.headers["lv-session"], undefined, "no LV-Session on login");
  assert.equal(e.headers.accept, "application/json");
  assert.match(e.headers["content-type"], /^application\/json(;\s*charset=utf-8)?$/i);
  assert.deepStrictEqual(JSON.parse(e.rawBody), { clientName: "ACME", userName: "supervisor", password: "s3cret", agent: false });

  const st = await state(emu);
  assert.equal(st.sessions.length, 1);
  assert.equal(typeof lv.sessionId, "string");
  assert.equal(lv.sessionId, st.sessions[0].sessionId);
  assert.equal(lv.userId, 5001);
  assert.equal(lv.clientId, 1001);
  assert.equal(lv.daysUntilPasswordExpires, 42);
});

test("login with agent: true sends agent true (agent login)", async () => {
  const lv = await LiveVox.login({ baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: "ACME", userName: "LV_TEST", password: "agent-lv_test", agent: true });
  const [e] = await requests(emu);
  assert.deepStrictEqual(JSON.parse(e.rawBody), { clientName: "ACME", userName: "LV_TEST", password: "agent-lv_test", agent: true });
  assert.equal(lv.userId, 6001);
  const st = await state(emu);
  assert.equal(st.sessions[0].agent, true);
});

test("login with a string agent is INVALID_ARGUMENT (field agent) and sends nothing", async () => {
  await rejectsWith(() => login(emu, { agent: "true" }), "INVALID_ARGUMENT", { field: "agent" });
  assert.deepEqual(await requests(emu), []);
});

test("login rejects missing credentials and non-loopback http:// before sending", async () => {
  await rejectsWith(() => LiveVox.login({ baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: "ACME", password: "s3cret" }), "INVALID_ARGUMENT", { field: "userName" });
  await rejectsWith(() => LiveVox.login({ baseUrl: emu.url, clientName: "ACME", userName: "supervisor", password: "s3cret" }), "INVALID_ARGUMENT", { field: "accessToken" });
  await rejectsWith(() => login(emu, { baseUrl: "http://example.com" }), "INVALID_ARGUMENT", { field: "baseUrl" });
  await rejectsWith(() => login(emu, { baseUrl: "http://0.0.0.0:1" }), "INVALID_ARGUMENT", { field: "baseUrl" });
  await rejectsWith(() => login(emu, { baseUrl: "not a url" }), "INVALID_ARGUMENT", { field: "baseUrl" });
  await rejectsWith(() => login(emu, { accessToken: "tok\r\nX-Evil: 1" }), "INVALID_ARGUMENT", { field: "accessToken" });
  assert.deepEqual(await requests(emu), []);
  // still usable afterwards
  const lv = await login(emu);
  assert.equal(typeof lv.sessionId, "string");
});

test("bad password or bad access token → UNAUTHORIZED with the vendor body", async () => {
  const err = await rejectsWith(() => login(emu, { password: "wr0ng-pass" }), "UNAUTHORIZED", {
    status: 401, vendorCode: 401, vendorMessage: "Invalid client, user name or password",
  });
  assert.ok(!JSON.stringify({ m: err.message, v: err.vendorMessage }).includes("wr0ng-pass"), "error must not echo the password");
  await rejectsWith(() => login(emu, { accessToken: "nope-token" }), "UNAUTHORIZED", { status: 401, vendorMessage: "Invalid LV-Access token" });
  // a refused login is not retried and does not loop
  assert.equal(only(await requests(emu), "/session/login").length, 2);
});

test("login reply without daysUntilPasswordExpires → undefined; without sessionId → BAD_RESPONSE", async () => {
  await addFault(emu, { method: "POST", path: "/session/login", status: 200, body: { sessionId: "sid-1", clientId: 1001, userId: 5001 } });
  const lv = await login(emu);
  assert.equal(lv.sessionId, "sid-1");
  assert.equal(lv.userId, 5001);
  assert.equal(lv.clientId, 1001);
  assert.equal(lv.daysUntilPasswordExpires, undefined);
  await addFault(emu, { method: "POST", path: "/session/login", status: 200, body: { clientId: 1001, userId: 5001 } });
  await rejectsWith(() => login(emu), "BAD_RESPONSE", { status: 200 });
});

test("login to a port where nothing listens → NETWORK", async () => {
  const baseUrl = await deadUrl();
  await rejectsWith(() => LiveVox.login({ baseUrl, ...CREDS, retry: { ...FAST_RETRY } }), "NETWORK");
});

test("later calls send LV-Session, never LV-Access; Accept always; no Content-Type without a body", async () => {
  const lv = await login(emu);
  const since = await mark(emu);
  assert.deepEqual(await lv.supervisor.monitorState(), { activeCall: false });
  await lv.supervisor.setReady(["lv_usr1"]);
  const [get, post] = await requestsSince(emu, since);
  for (const e of [get, post]) {
    assert.equal(e.headers["lv-session"], lv.sessionId);
    assert.equal(e.headers["lv-access"], undefined);
    assert.equal(e.headers.accept, "application/json");
  }
  assert.equal(get.method, "GET");
  assert.equal(get.headers["content-type"], undefined);
  assert.equal(get.rawBody, "");
  assert.match(post.headers["content-type"], /^application\/json/);
});

test("Agent-role user: login works, supervisor calls → FORBIDDEN (403), no re-login", async () => {
  const lv = await login(emu, { userName: "agentuser", password: "agentpw" });
  const since = await mark(emu);
  const err = await rejectsWith(() => lv.supervisor.monitorState(), "FORBIDDEN", { status: 403, vendorCode: 403 });
  assert.match(err.vendorMessage, /Role Agent/);
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "FORBIDDEN", { status: 403 });
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 2, "each forbidden call is sent once, not retried");
  assert.equal(only(log, "/session/login").length, 0);
});

test("resume is synchronous, reuses the session id and sends it as LV-Session", async () => {
  const lv = await login(emu);
  const since = await mark(emu);
  const lv2 = LiveVox.resume({ baseUrl: emu.url, sessionId: lv.sessionId });
  assert.equal(typeof lv2?.then, "undefined", "resume returns the client, not a promise");
  assert.equal(lv2.sessionId, lv.sessionId);
  assert.deepEqual(await lv2.supervisor.monitorState(), { activeCall: false });
  const [e] = await requestsSince(emu, since);
  assert.equal(e.headers["lv-session"], lv.sessionId);
  assert.equal(e.headers["lv-access"], undefined);
});

test("resume throws INVALID_ARGUMENT synchronously on bad input", () => {
  throwsWith(() => LiveVox.resume({ baseUrl: emu.url }), "INVALID_ARGUMENT", { field: "sessionId" });
  throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: "" }), "INVALID_ARGUMENT", { field: "sessionId" });
  throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: "abc\r\nX-Evil: 1" }), "INVALID_ARGUMENT", { field: "sessionId" });
  throwsWith(() => LiveVox.resume({ baseUrl: emu.url, sessionId: 42 }), "INVALID_ARGUMENT", { field: "sessionId" });
  throwsWith(() => LiveVox.resume({ sessionId: "abc" }), "INVALID_ARGUMENT", { field: "baseUrl" });
  throwsWith(() => LiveVox.resume({ baseUrl: "http://example.com", sessionId: "abc" }), "INVALID_ARGUMENT", { field: "baseUrl" });
  throwsWith(() => LiveVox.resume(), "INVALID_ARGUMENT");
  throwsWith(() => LiveVox.resume(null), "INVALID_ARGUMENT");
});

test("validate: GET /session/validate/<id> without LV-Session; true when live, false after expiry or 401", async () => {
  const lv = await login(emu);
  let since = await mark(emu);
  assert.equal(await lv.validate(), true);
  const [e] = await requestsSince(emu, since);
  assert.equal(e.method, "GET");
  assert.equal(e.path, `/session/validate/${lv.sessionId}`);
  assert.equal(e.headers["lv-session"], undefined, "validate sends no LV-Session");
  assert.equal(e.headers.accept, "application/json");
  assert.equal(e.rawBody, "");

  await addFault(emu, { method: "GET", path: "/session/validate/*", status: 401 });
  assert.equal(await lv.validate(), false, "401 → false");

  await expireSessions(emu);
  since = await mark(emu);
  assert.equal(await lv.validate(), false, "404 → false");
  const log = await requestsSince(emu, since);
  assert.equal(only(log, "/session/login").length, 0, "validate never logs in again");

  const stale = LiveVox.resume({ baseUrl: emu.url, sessionId: "no-such-session" });
  assert.equal(await stale.validate(), false);
});

test("validate on a server error rejects (SERVER_ERROR), it does not answer false", async () => {
  const lv = await login(emu);
  await addFault(emu, { method: "GET", path: "/session/validate/*", status: 500, times: -1 });
  await rejectsWith(() => lv.validate(), "SERVER_ERROR", { status: 500 });
});

test("logout: DELETE /session/logout/<id> with no body; later calls reject INVALID_STATE without sending", async () => {
  const lv = await login(emu);
  const id = lv.sessionId;
  let since = await mark(emu);
  assert.equal(await lv.logout(), undefined);
  const [e] = await requestsSince(emu, since);
  assert.equal(e.method, "DELETE");
  assert.equal(e.path, `/session/logout/${id}`);
  assert.equal(e.rawBody, "");
  assert.equal(e.headers["content-type"], undefined);
  const st = await state(emu);
  assert.equal(st.sessions.find((s) => s.sessionId === id).loggedOut, true);

  since = await mark(emu);
  await rejectsWith(() => lv.supervisor.monitorState(), "INVALID_STATE");
  await rejectsWith(() => lv.supervisor.setReady(["LV_TEST"]), "INVALID_STATE");
  assert.deepEqual(await requestsSince(emu, since), [], "nothing is sent after logout");
});

test("401 with known credentials: ONE re-login for 5 concurrent calls, each retried once, sessionRenewed once", async () => {
  const lv = await login(emu);
  const oldId = lv.sessionId;
  const renewed = [];
  const expired = [];
  const unsubscribe = lv.on("sessionRenewed", (e) => renewed.push(e));
  assert.equal(typeof unsubscribe, "function");
  const removed = [];
  const off = lv.on("sessionRenewed", (e) => removed.push(e));
  off();
  lv.on("sessionExpired", (e) => expired.push(e));

  await expireSessions(emu);
  const since = await mark(emu);
  const results = await within(Promise.all([
    lv.supervisor.monitorState(),
    lv.supervisor.servicesAllowed(),
    lv.supervisor.chatMessages({ excludeOwn: true }),
    lv.supervisor.setReady(["lv_usr1"]),
    lv.supervisor.switchService(["lv_usr2"], 33722),
  ]), 10000, "5 concurrent calls after expiry");
  assert.deepEqual(results[0], { activeCall: false });
  assert.equal(results[1].callCenters.length, 2);
  assert.deepEqual(results[2].chatList, []);
  assert.deepEqual(results[3], { agents: [{ agentLoginId: "lv_usr1", status: "Success" }] });
  assert.deepEqual(results[4], { agents: [{ agentLoginId: "lv_usr2", message: "Completed: Success" }] });

  const newId = lv.sessionId;
  assert.notEqual(newId, oldId, "the client carries the new session id");
  const log = await requestsSince(emu, since);
  const logins = only(log, "/session/login");
  assert.equal(logins.length, 1, "exactly one re-login");
  assert.equal(logins[0].headers["lv-access"], "test-access-token");
  assert.deepStrictEqual(JSON.parse(logins[0].rawBody), { clientName: "ACME", userName: "supervisor", password: "s3cret", agent: false });

  const calls = log.filter((e) => e.path.startsWith(SUP));
  const withOld = calls.filter((e) => e.headers["lv-session"] === oldId);
  const withNew = calls.filter((e) => e.headers["lv-session"] === newId);
  assert.equal(withOld.length, 5, "each call first went out with the old session");
  assert.equal(withNew.length, 5, "each call was retried once with the new session");
  assert.equal(calls.length, 10);
  for (const e of withNew) assert.ok(e.seq > logins[0].seq, "retries go out after the re-login");
  const paths = (list) => list.map((e) => `${e.method} ${e.path}`).sort();
  assert.deepEqual(paths(withNew), paths(withOld), "the same five calls were retried");

  assert.equal(renewed.length, 1, "sessionRenewed fired once");
  assert.equal(renewed[0].sessionId, newId);
  assert.deepEqual(removed, [], "an unsubscribed listener is not called");
  assert.deepEqual(expired, []);

  // and the renewed session keeps working without another login
  const since2 = await mark(emu);
  await lv.supervisor.monitorState();
  assert.equal(only(await requestsSince(emu, since2), "/session/login").length, 0);
  unsubscribe();
});

test("resume with credentials renews a dead session id on 401", async () => {
  const lv2 = LiveVox.resume({ baseUrl: emu.url, sessionId: "stale-session-id", ...CREDS, retry: { ...FAST_RETRY } });
  const renewed = [];
  lv2.on("sessionRenewed", (e) => renewed.push(e));
  assert.deepEqual(await lv2.supervisor.monitorState(), { activeCall: false });
  const log = await requests(emu);
  assert.deepEqual(log.map((e) => `${e.method} ${e.path}`), [
    `GET ${SUP}/monitor/state`, "POST /session/login", `GET ${SUP}/monitor/state`,
  ]);
  assert.equal(log[0].headers["lv-session"], "stale-session-id");
  assert.equal(log[1].headers["lv-access"], "test-access-token");
  assert.notEqual(lv2.sessionId, "stale-session-id");
  assert.equal(log[2].headers["lv-session"], lv2.sessionId);
  assert.equal(renewed.length, 1);
  assert.equal(renewed[0].sessionId, lv2.sessionId);
});

test("resume without credentials: 401 → SESSION_EXPIRED and sessionExpired({message}), no login", async () => {
  const lv = await login(emu);
  const lv2 = LiveVox.resume({ baseUrl: emu.url, sessionId: lv.sessionId });
  const expired = [];
  const renewed = [];
  lv2.on("sessionExpired", (e) => expired.push(e));
  lv2.on("sessionRenewed", (e) => renewed.push(e));
  await expireSessions(emu);
  const since = await mark(emu);
  await rejectsWith(() => lv2.supervisor.monitorState(), "SESSION_EXPIRED");
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 1, "the call is sent once; no login without credentials");
  assert.equal(only(log, "/session/login").length, 0);
  assert.equal(expired.length, 1, "sessionExpired fired once");
  assert.equal(typeof expired[0].message, "string");
  assert.ok(expired[0].message.length > 0);
  assert.deepEqual(renewed, []);
});

test("a failing re-login rejects the waiting calls with SESSION_EXPIRED and fires sessionExpired", async () => {
  const lv = await login(emu);
  const expired = [];
  const renewed = [];
  lv.on("sessionExpired", (e) => expired.push(e));
  lv.on("sessionRenewed", (e) => renewed.push(e));
  await expireSessions(emu);
  await addFault(emu, { method: "POST", path: "/session/login", status: 401, times: 1 });
  const since = await mark(emu);
  const settled = await within(Promise.allSettled([
    lv.supervisor.monitorState(),
    lv.supervisor.servicesAllowed(),
    lv.supervisor.setReady(["lv_usr1"]),
  ]), 10000, "calls waiting on a failing re-login");
  for (const s of settled) {
    assert.equal(s.status, "rejected");
    await rejectsWith(Promise.reject(s.reason), "SESSION_EXPIRED");
  }
  const log = await requestsSince(emu, since);
  assert.equal(only(log, "/session/login").length, 1, "one login attempt for all waiting calls");
  assert.ok(expired.length >= 1, "sessionExpired fired");
  assert.equal(typeof expired[0].message, "string");
  assert.deepEqual(renewed, []);

  // the client stays usable: once logins work again, the next call renews and succeeds
  assert.deepEqual(await lv.supervisor.monitorState(), { activeCall: false });
  assert.equal(renewed.length, 1);
});

test("a call still answered 401 after the re-login is not retried again: SESSION_EXPIRED, one login", async () => {
  const lv = await login(emu);
  const expired = [];
  lv.on("sessionExpired", (e) => expired.push(e));
  await addFault(emu, { method: "GET", path: `${SUP}/monitor/state`, status: 401, times: -1 });
  const since = await mark(emu);
  await within(rejectsWith(() => lv.supervisor.monitorState(), "SESSION_EXPIRED"), 10000, "call answered 401 twice");
  const log = await requestsSince(emu, since);
  assert.equal(only(log, "/session/login").length, 1, "one re-login, no loop");
  assert.equal(only(log, `${SUP}/monitor/state`).length, 2, "the call was retried once only");
  assert.equal(expired.length, 1);
});

test("on(): unknown event names and non-function callbacks throw INVALID_ARGUMENT synchronously", async () => {
  const lv = await login(emu);
  throwsWith(() => lv.on("sessionExploded", () => {}), "INVALID_ARGUMENT");
  throwsWith(() => lv.on("", () => {}), "INVALID_ARGUMENT");
  throwsWith(() => lv.on("sessionRenewed", "not a function"), "INVALID_ARGUMENT");
  const off = lv.on("sessionExpired", () => {});
  assert.equal(typeof off, "function");
  off();
  off(); // a second unsubscribe is harmless
});
