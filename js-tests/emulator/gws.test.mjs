// Self-test of the GWS part of the emulator: node --test js-tests/emulator/
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../emulator/index.mjs";
import { Jar, installXhr } from "../support/fetch-xhr.mjs";

let emu;
let U;

const SUP1 = { user: "supervisor1", pass: "sup-pass", id: "991a4bece8dd4184a93e98ad429694f6", device: "efe1ab32-53f9-43ce-b65e-5768c61f7d4a" };
const SUP2 = { user: "supervisor2", pass: "sup2-pass", id: "5b1e0c7d9a2f4e3b8c6d1a0f2e4b6c8d", device: "3f2a7c10-8d4e-4b6a-9c1f-2e5d7a9b0c3d" };
const AG1 = { user: "agent1", pass: "agent1-pass", id: "90cc5439ff6848748e5e67811273f266", device: "9c14cad7-17c4-48d0-8492-7cf0ff92c224" };
const AG2 = { user: "agent2", pass: "agent2-pass", id: "4ff5b43c856d4cb2a3d6c20a88740257", device: "b7e3c2a1-5d4f-4e6a-8b9c-0d1e2f3a4b5c" };
const CHAT1 = "0001Da9PFC93000S"; // agent1's chat
const CHAT2 = "0000UaB58WAR003N"; // agent2's chat
const CALL1 = "011DJV5JI898NB2L04000VTAES00000I"; // agent1's call

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const basic = (u, p) => "Basic " + Buffer.from(`${u}:${p}`).toString("base64");
const openClients = new Set();

before(async () => {
  emu = await startEmulator({ port: 0, gws: { cometdTimeoutMs: 300, cometdMaxIntervalMs: 3000 } });
  U = emu.url;
});
after(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());
afterEach(async () => {
  for (const c of openClients) await c.stop();
  openClients.clear();
});


async function http(method, path, { auth, jar, csrf, body, raw, headers = {} } = {}) {
  const h = { ...headers };
  if (auth) h.Authorization = auth;
  if (jar && jar.cookies.size) h.Cookie = jar.header();
  if (csrf) h["X-CSRF-TOKEN"] = csrf;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h["Content-Type"] = "application/json";
  }
  const res = await fetch(U + path, { method, headers: h, body: payload });
  if (jar) jar.store(res);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A GWS user as the SDK would hold it: cookie jar + CSRF token from GET /api/v2/me. */
async function login(who = SUP1) {
  const jar = new Jar();
  const r = await http("GET", "/api/v2/me", { auth: basic(who.user, who.pass), jar });
  assert.equal(r.status, 200, r.text);
  const s = {
    who,
    jar,
    token: r.headers.get("x-csrf-token"),
    get: (path) => http("GET", path, { jar }),
    post: (path, body) => http("POST", path, { jar, csrf: s.token, body }),
  };
  return s;
}

const control = async (method, path, body) => http(method, "/__control" + path, body === undefined ? {} : { body });
const gwsState = async () => (await control("GET", "/gws/state")).json;

function assertStatus(r, http, statusCode) {
  assert.equal(r.status, http, r.text);
  assert.equal(r.json.statusCode, statusCode, r.text);
  if (statusCode === 0) assert.equal(r.json.statusMessage, undefined);
  else {
    assert.deepEqual(Object.keys(r.json).sort(), ["statusCode", "statusMessage"]);
    assert.ok(r.json.statusMessage.length > 0);
  }
}

const devicePath = (who) => `/api/v2/me/devices/${who.device}`;
const targetUri = (who, host = "http://localhost:8080") => `${host}/api/v2/devices/${who.device}`;

/** Minimal long-polling Bayeux client over fetch (one /meta/connect outstanding). */
class Bayeux {
  constructor(jar, { auth } = {}) {
    this.jar = jar;
    this.auth = auth;
    this.events = [];
    this.connectReplies = [];
    this.msgId = 0;
    this.running = false;
    openClients.add(this);
  }
  async send(msgs) {
    const h = { "Content-Type": "application/json" };
    if (this.jar.cookies.size) h.Cookie = this.jar.header();
    if (this.auth) h.Authorization = this.auth;
    const res = await fetch(U + "/api/v2/notifications", { method: "POST", headers: h, body: JSON.stringify(msgs) });
    this.jar.store(res);
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }
  take(reply) {
    for (const m of reply.json ?? []) if (!m.channel.startsWith("/meta/")) this.events.push(m);
  }
  async handshake() {
    const r = await this.send([{ channel: "/meta/handshake", version: "1.0", minimumVersion: "1.0", supportedConnectionTypes: ["long-polling"], id: String(++this.msgId) }]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json[0].successful, true, r.text);
    this.clientId = r.json[0].clientId;
    return r.json[0];
  }
  async subscribe(subscription) {
    const r = await this.send([{ channel: "/meta/subscribe", clientId: this.clientId, subscription, id: String(++this.msgId) }]);
    this.take(r);
    return r.json.find((m) => m.channel === "/meta/subscribe");
  }
  connectOnce(extra = {}) {
    return this.send([{ channel: "/meta/connect", clientId: this.clientId, connectionType: "long-polling", id: String(++this.msgId), ...extra }]);
  }
  start() {
    this.running = true;
    this.loop = (async () => {
      try {
        while (this.running) {
          const r = await this.connectOnce();
          if (r.status !== 200) {
            this.httpError = r;
            break;
          }
          this.take(r);
          const c = r.json.find((m) => m.channel === "/meta/connect");
          this.connectReplies.push(c);
          if (!c.successful || c.advice?.reconnect === "none" || c.advice?.reconnect === "handshake") break;
        }
      } catch (err) {
        this.networkError = err;
      } finally {
        this.running = false;
      }
    })();
    return this;
  }
  async waitFor(pred, what = "event", ms = 3000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.events.find(pred);
      if (found) return found;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.channel, e.data?.messageType, e.data?.notificationType]))}`);
      await sleep(10);
    }
  }
  async stop() {
    if (this.running && this.clientId) {
      this.running = false;
      await this.send([{ channel: "/meta/disconnect", clientId: this.clientId, id: String(++this.msgId) }]).catch(() => {});
    }
    this.running = false;
    await this.loop;
    openClients.delete(this);
  }
}

/** A logged-in user with a connected Bayeux client subscribed to /v2/me/*. */
async function connected(who = SUP1) {
  const s = await login(who);
  const b = new Bayeux(s.jar);
  await b.handshake();
  assert.equal((await b.subscribe("/v2/me/*")).successful, true);
  b.start();
  s.bayeux = b;
  return s;
}

const isMsg = (type, notificationType) => (e) => e.data?.messageType === type && (!notificationType || e.data.notificationType === notificationType);

// ------------------------------------------------------------------ auth, session, CSRF

describe("GWS auth, session cookie and CSRF", () => {
  it("opens a session on the first Basic-authenticated request", async () => {
    const jar = new Jar();
    const r = await http("GET", "/api/v2/me?subresources=*", { auth: basic("supervisor1", "sup-pass"), jar });
    assertStatus(r, 200, 0);
    const setCookie = r.headers.getSetCookie();
    assert.equal(setCookie.length, 1);
    assert.match(setCookie[0], /^JSESSIONID=[^;]+; Path=\/; HttpOnly$/);
    assert.equal(r.headers.get("x-csrf-header"), "X-CSRF-TOKEN");
    assert.match(r.headers.get("x-csrf-token"), /^[0-9a-f-]{36}$/);
    const u = r.json.user;
    assert.equal(u.id, SUP1.id);
    assert.equal(u.userName, "supervisor1");
    assert.deepEqual(u.roles, ["ROLE_AGENT", "ROLE_SUPERVISOR"]);
    assert.equal(u.devices.length, 1);
    assert.equal(u.devices[0].id, SUP1.device);
    assert.equal(u.devices[0].uri, `${U}/api/v2/devices/${SUP1.device}`);
    assert.ok(Array.isArray(u.channels));
    const plain = await http("GET", "/api/v2/me", { jar });
    assertStatus(plain, 200, 0);
    assert.equal(plain.json.user.devices, undefined, "no subresources unless asked");
    assert.deepEqual(plain.headers.getSetCookie(), [], "the cookie session is reused");
    assert.equal(plain.headers.get("x-csrf-token"), r.headers.get("x-csrf-token"));
    const some = await http("GET", "/api/v2/me?subresources=devices", { jar });
    assert.ok(some.json.user.devices && !some.json.user.channels);
  });

  it("answers 401 for missing or wrong credentials", async () => {
    for (const auth of [undefined, basic("supervisor1", "nope"), basic("Supervisor1", "sup-pass"), basic("ghost", "x"), "Basic !!!", "Bearer abc"]) {
      const r = await http("GET", "/api/v2/me", { auth });
      assertStatus(r, 401, 20);
    }
    const bogusCookie = await http("GET", "/api/v2/me", { headers: { Cookie: "JSESSIONID=node0nope" } });
    assertStatus(bogusCookie, 401, 20);
    const s = await login();
    const wrong = await http("GET", "/api/v2/me", { jar: s.jar, auth: basic("supervisor1", "bad") });
    assertStatus(wrong, 401, 20);
  });

  it("needs the session's CSRF token on POST/PUT/DELETE, not on GET", async () => {
    const s = await login();
    const body = { operationName: "StartContactCenterSession", channels: ["voice"] };
    let r = await http("POST", "/api/v2/me", { jar: s.jar, body });
    assert.equal(r.status, 403);
    assert.match(r.json.statusMessage, /csrf/i);
    r = await http("POST", "/api/v2/me", { jar: s.jar, csrf: "wrong", body });
    assert.equal(r.status, 403);
    r = await http("POST", "/api/v2/me", { auth: basic("supervisor1", "sup-pass"), csrf: s.token, body });
    assert.equal(r.status, 403, "Basic auth without the session cookie has no CSRF token");
    for (const m of ["PUT", "DELETE"]) assert.equal((await http(m, "/api/v2/me", { jar: s.jar })).status, 403);
    const put = await http("PUT", "/api/v2/me", { jar: s.jar, csrf: s.token });
    assert.equal(put.status, 405, "with the token, the method is checked");
    assert.equal(put.headers.get("allow"), "GET, POST");
    assert.equal(put.json.statusCode, 2);
    r = await http("POST", "/api/v2/me", { jar: s.jar, csrf: s.token, body });
    assertStatus(r, 200, 0);
    assert.equal(r.headers.get("x-csrf-token"), s.token);
    assertStatus(await s.get("/api/v2/me/devices"), 200, 0);
  });

  it("forgets expired sessions: Basic auth then opens a new one with a new token", async () => {
    const s = await login();
    const oldCookie = s.jar.cookies.get("JSESSIONID");
    const r0 = await control("POST", "/gws/expire-session", { userName: "supervisor1" });
    assert.deepEqual(r0.json.expired, [oldCookie]);
    assertStatus(await s.get("/api/v2/me"), 401, 20);
    assert.equal((await s.post("/api/v2/me", { operationName: "EndContactCenterSession" })).status, 403);
    const r = await http("GET", "/api/v2/me", { jar: s.jar, auth: basic("supervisor1", "sup-pass") });
    assertStatus(r, 200, 0);
    assert.notEqual(s.jar.cookies.get("JSESSIONID"), oldCookie);
    assert.notEqual(r.headers.get("x-csrf-token"), s.token);
    assert.equal((await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] })).status, 403, "old token");
    s.token = r.headers.get("x-csrf-token");
    assertStatus(await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }), 200, 0);
    assert.equal((await control("POST", "/gws/expire-session", { sessionId: "nope" })).status, 404);
    assert.equal((await control("POST", "/gws/expire-session", { userName: "nope" })).status, 404);
    assert.equal((await http("POST", "/__control/gws/expire-session")).status, 200, "no body = all sessions");
    assertStatus(await s.get("/api/v2/me"), 401, 20);
  });

  it("expires idle sessions after the configured time; reset restores the config", async () => {
    assert.equal((await control("POST", "/gws/config", { sessionIdleMs: 60 })).json.sessionIdleMs, 60);
    const s = await login();
    assertStatus(await s.get("/api/v2/me"), 200, 0);
    await sleep(120);
    assertStatus(await s.get("/api/v2/me"), 401, 20);
    assert.equal((await control("POST", "/gws/config", { bogus: 1 })).status, 400);
    assert.equal((await control("POST", "/gws/config", { sessionIdleMs: -1 })).status, 400);
    emu.reset();
    assert.equal((await control("GET", "/gws/config")).json.sessionIdleMs, 1800000);
    assert.deepEqual((await control("GET", "/config")).json, { sessionIdleMs: 7200000 }, "LiveVox config untouched");
  });

  it("sends CORS headers for credentialed cross-origin use", async () => {
    const r = await http("GET", "/api/v2/me", { auth: basic("supervisor1", "sup-pass"), headers: { Origin: "https://crm.example" } });
    assert.equal(r.headers.get("access-control-allow-origin"), "https://crm.example");
    assert.equal(r.headers.get("access-control-allow-credentials"), "true");
    const exposed = r.headers.get("access-control-expose-headers");
    assert.match(exposed, /X-CSRF-HEADER/);
    assert.match(exposed, /X-CSRF-TOKEN/);
    const pf = await fetch(U + "/api/v2/me/devices/x", { method: "OPTIONS", headers: { Origin: "https://crm.example", "Access-Control-Request-Method": "POST" } });
    assert.equal(pf.status, 204);
    assert.equal(pf.headers.get("access-control-allow-credentials"), "true");
    const allow = pf.headers.get("access-control-allow-headers").toLowerCase();
    for (const h of ["authorization", "x-csrf-token", "content-type"]) assert.ok(allow.includes(h), allow);
    const n = await http("POST", "/api/v2/notifications", { body: [], headers: { Origin: "https://crm.example" } });
    assert.equal(n.status, 401);
    assert.equal(n.headers.get("access-control-allow-origin"), "https://crm.example");
  });

  it("checks auth before answering unknown /api/v2 paths with statusCode 6", async () => {
    assertStatus(await http("GET", "/api/v2/nope"), 401, 20);
    const s = await login();
    assertStatus(await s.get("/api/v2/nope/deeper"), 404, 6);
    assert.equal((await http("POST", "/api/v2/nope", { jar: s.jar, body: {} })).status, 403, "CSRF first for writes");
    assertStatus(await s.post("/api/v2/nope", {}), 404, 6);
  });
});

// ------------------------------------------------------------------ contact-center session

describe("GWS contact-center session and devices", () => {
  it("starts and ends the session with statusCode rules", async () => {
    const s = await login();
    assertStatus(await s.post("/api/v2/me", { operationName: "StartContactCenterSession" }), 400, 1);
    assertStatus(await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["fax"] }), 400, 10);
    assertStatus(await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"], placeName: "Nowhere" }), 404, 6);
    assertStatus(await s.post("/api/v2/me", {}), 400, 1);
    assertStatus(await http("POST", "/api/v2/me", { jar: s.jar, csrf: s.token, raw: "{nope", headers: { "Content-Type": "application/json" } }), 400, 1);
    assertStatus(await s.post("/api/v2/me", { operationName: "Dance" }), 400, 2);
    assertStatus(await s.post("/api/v2/me", { operationName: "EndContactCenterSession" }), 400, 2);
    assert.equal((await gwsState()).users.supervisor1.inSession, false, "rejected requests change nothing");
    assertStatus(await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice", "chat"], placeName: "Place_5006" }), 200, 0);
    let st = await gwsState();
    assert.equal(st.users.supervisor1.inSession, true);
    assert.deepEqual(st.users.supervisor1.channels, ["voice", "chat"]);
    assert.equal(st.users.supervisor1.place, "Place_5006");
    const ch = await s.get("/api/v2/me/channels");
    assert.deepEqual(ch.json.channels.map((c) => c.channel), ["voice", "chat"]);
    assertStatus(await s.post("/api/v2/me", { operationName: "EndContactCenterSession" }), 200, 0);
    st = await gwsState();
    assert.equal(st.users.supervisor1.inSession, false);
    assert.equal(st.users.supervisor1.userState, "LoggedOut");
  });

  it("lists my devices, users and devices by id", async () => {
    const s = await login();
    const r = await s.get("/api/v2/me/devices?fields=*");
    assertStatus(r, 200, 0);
    assert.equal(r.json.devices.length, 1);
    const d = r.json.devices[0];
    assert.equal(d.id, SUP1.device);
    assert.equal(d.phoneNumber, "5005");
    assert.equal(d.uri, `${U}/api/v2/devices/${SUP1.device}`);
    assert.deepEqual(d.capabilities, ["ForwardCallsOn", "DoNotDisturbOn", "ListenIn", "Coach", "BargeIn"]);
    assert.equal(d.supervisorMonitoringState, undefined);
    const users = await s.get("/api/v2/users?subresources=devices");
    assert.equal(users.json.users.find((u) => u.id === AG1.id).devices[0].id, AG1.device);
    assertStatus(await s.get(`/api/v2/devices/${AG1.device}`), 200, 0);
    assertStatus(await s.get(`/api/v2/devices/nope`), 404, 6);
    const agent = await login(AG1);
    assertStatus(await agent.get("/api/v2/users"), 403, 5);
    assertStatus(await agent.get(`/api/v2/devices/${SUP1.device}`), 403, 5);
    assert.deepEqual((await agent.get("/api/v2/me/devices?fields=*")).json.devices[0].capabilities, ["ForwardCallsOn", "DoNotDisturbOn"]);
  });
});

// ------------------------------------------------------------------ voice supervision

describe("GWS voice supervision (seed 001)", () => {
  it("configures ListenIn/Coach/BargeIn with seed 001's fields and defaults", async () => {
    const s = await login();
    assertStatus(await s.post(devicePath(SUP1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG2) }), 200, 0);
    let st = await gwsState();
    assert.deepEqual(st.devices[SUP1.device].monitoring, { state: "ListenIn", mode: "AllCalls", scope: "Call", targetDeviceId: AG2.device, phoneNumber: null, consumedBy: null });
    const d = (await s.get("/api/v2/me/devices?fields=*")).json.devices[0];
    assert.deepEqual(d.supervisorMonitoringState, { state: "ListenIn", mode: "AllCalls", scope: "Call", targetDeviceUri: `${U}/api/v2/devices/${AG2.device}` });
    assert.ok(d.capabilities.includes("CancelSupervisorMonitoring"));
    assertStatus(
      await s.post(devicePath(SUP1), { operationName: "Coach", targetDeviceUri: targetUri(AG2), supervisorMonitoringScope: "Agent", supervisorMonitoringMode: "NextCall", phoneNumber: "5005" }),
      200,
      0,
    );
    st = await gwsState();
    assert.equal(st.devices[SUP1.device].monitoring.state, "Coach");
    assert.equal(st.devices[SUP1.device].monitoring.scope, "Agent");
    assert.equal(st.devices[SUP1.device].monitoring.mode, "NextCall");
    assertStatus(await s.post(devicePath(SUP1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG1) }), 200, 0);
    assertStatus(await s.post(devicePath(SUP1), { operationName: "CancelSupervisorMonitoring" }), 200, 0);
    assert.equal((await gwsState()).devices[SUP1.device].monitoring, null);
    assertStatus(await s.post(devicePath(SUP1), { operationName: "CancelSupervisorMonitoring" }), 400, 2);
  });

  it("rejects bad input and other roles with the vendor's statusCodes", async () => {
    const s = await login();
    const op = (body, path = devicePath(SUP1)) => s.post(path, body);
    assertStatus(await op({ operationName: "ListenIn" }), 400, 1);
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: `${U}/api/v2/devices/nope` }), 404, 6);
    // a device URI, never a tel: number (no GWS page shows one)
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: "tel:5002" }), 400, 2);
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: "not a uri" }), 400, 2);
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: targetUri(SUP1) }), 400, 2);
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: targetUri(AG1), supervisorMonitoringScope: "call" }), 400, 10);
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: targetUri(AG1), supervisorMonitoringMode: "Always" }), 400, 10);
    assertStatus(await op({ operationName: "Listen", targetDeviceUri: targetUri(AG1) }), 400, 2);
    assertStatus(await op({ operationName: "ListenIn", targetDeviceUri: targetUri(AG1) }, `/api/v2/me/devices/${AG1.device}`), 404, 6);
    assert.equal((await gwsState()).devices[SUP1.device].monitoring, null);
    const agent = await login(AG1);
    assertStatus(await agent.post(devicePath(AG1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG2) }), 403, 5);
  });

  it("brings the supervisor into the next call, switches modes, and releases", async () => {
    const s = await login();
    assertStatus(await s.post(devicePath(SUP1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG2) }), 200, 0);
    assert.deepEqual((await s.get("/api/v2/me/calls")).json.calls, [], "ListenIn waits for the next call");
    const started = await control("POST", "/gws/call", { agent: "agent2", action: "start", from: "+14155550199" });
    assert.equal(started.status, 200);
    const callId = started.json.callId;
    let calls = (await s.get("/api/v2/me/calls")).json.calls;
    assert.equal(calls.length, 1);
    assert.equal(calls[0].id, callId);
    assert.equal(calls[0].mute, "On");
    assert.ok(calls[0].capabilities.includes("SwitchToBargeIn"));
    assert.ok(!calls[0].capabilities.includes("SwitchToListenIn"));
    const path = `/api/v2/me/calls/${callId}`;
    assertStatus(await s.post(path, { operationName: "SwitchToListenIn" }), 400, 2);
    assertStatus(await s.post(path, { operationName: "SwitchToBargeIn" }), 200, 0);
    calls = (await s.get("/api/v2/me/calls")).json.calls;
    assert.equal(calls[0].mute, "Off");
    assert.deepEqual(calls[0].capabilities.filter((c) => c.startsWith("Switch")), ["SwitchToListenIn"]);
    assertStatus(await s.post(path, { operationName: "SwitchToBargeIn" }), 400, 2);
    assertStatus(await s.post(path, { operationName: "SwitchToCoach" }), 400, 2);
    assertStatus(await s.post("/api/v2/me/calls/nope", { operationName: "SwitchToBargeIn" }), 404, 6);
    assertStatus(await s.post(devicePath(SUP1), { operationName: "Coach", targetDeviceUri: targetUri(AG1) }), 400, 2, "busy in a call");
    await control("POST", "/gws/call", { agent: "agent2", action: "end" });
    assert.deepEqual((await s.get("/api/v2/me/calls")).json.calls, []);
    assert.equal((await gwsState()).devices[SUP1.device].monitoring.state, "ListenIn", "AllCalls keeps monitoring");
    assert.equal((await control("POST", "/gws/call", { agent: "agent2", action: "end" })).status, 404);
  });

  it("BargeIn joins the agent's current call; NextCall stops after that call", async () => {
    const s = await login();
    assertStatus(await s.post(devicePath(SUP1), { operationName: "BargeIn", targetDeviceUri: targetUri(AG1), supervisorMonitoringMode: "NextCall" }), 200, 0);
    const calls = (await s.get("/api/v2/me/calls")).json.calls;
    assert.equal(calls[0].id, CALL1);
    assert.equal(calls[0].mute, "Off");
    assertStatus(await s.get(`/api/v2/me/calls/${CALL1}`), 200, 0);
    await control("POST", "/gws/call", { agent: "agent1", action: "end" });
    assert.equal((await gwsState()).devices[SUP1.device].monitoring, null);
    await control("POST", "/gws/call", { agent: "agent1", action: "start" });
    assert.deepEqual((await s.get("/api/v2/me/calls")).json.calls, []);
  });
});

// ------------------------------------------------------------------ chat supervision

/** Seed 002's table. */
const TABLE = {
  Monitor: ["Leave", "SwitchToCoach", "SwitchToBargeIn"],
  Coach: [
    "Leave", "SetInFocus", "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "AddComment", "Transfer", "Invite", "Consult",
    "SendToAgents", "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification", "SwitchToMonitor", "SwitchToBargeIn",
  ],
  BargeIn: [
    "Leave", "SetInFocus", "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "AddComment", "Transfer", "Invite", "Consult",
    "SendToAgents", "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification", "SendMessage", "SendStartTypingNotification",
    "SendStopTypingNotification", "SwitchToMonitor", "SwitchToCoach",
  ],
};
const PARAMS = { Transfer: { queueName: "test-queue" }, Invite: { targetUri: "http://gws/api/v2/users/u2" }, Consult: { targetUri: "http://gws/api/v2/users/u2" }, SetDisposition: { disposition: "Resolved" }, AttachUserData: { userData: { a: "1" } }, UpdateUserData: { userData: { a: "2" } }, DeleteUserData: { keys: ["a"] }, AddComment: { comment: "c" }, SendToAgents: { text: "psst" }, SendMessage: { text: "hello" } };
const SAFE_OPS = [...new Set(Object.values(TABLE).flat())].filter((op) => op !== "Leave" && !op.startsWith("SwitchTo"));

describe("GWS chat supervision (seed 002)", () => {
  it("starts, cancels and validates agent chat monitoring", async () => {
    const s = await login();
    const path = `/api/v2/users/${AG1.id}/channels/chat`;
    assertStatus(await s.post(path, { operationName: "Monitor", supervisorMonitoringMode: "NextChat", nickname: "Boss" }), 200, 0);
    assert.deepEqual((await gwsState()).chatMonitoring, { supervisor1: { agent1: { mode: "Monitor", scope: "NextChat", nickname: "Boss" } } });
    assertStatus(await s.post(path, { operationName: "Coach" }), 200, 0);
    assert.deepEqual((await gwsState()).chatMonitoring.supervisor1.agent1, { mode: "Coach", scope: "AllChats", nickname: "supervisor1" });
    assertStatus(await s.post(path, { operationName: "Monitor", supervisorMonitoringMode: "Everything" }), 400, 10);
    assertStatus(await s.post(path, { operationName: "MonitorChats" }), 400, 2);
    assertStatus(await s.post(`/api/v2/users/nope/channels/chat`, { operationName: "Monitor" }), 404, 6);
    assertStatus(await s.post(`/api/v2/users/${SUP1.id}/channels/chat`, { operationName: "Monitor" }), 400, 2);
    assertStatus(await s.post(path, { operationName: "CancelSupervisorMonitoring" }), 200, 0);
    assertStatus(await s.post(path, { operationName: "CancelSupervisorMonitoring" }), 400, 2);
    assert.deepEqual((await gwsState()).chatMonitoring, {});
    const agent = await login(AG2);
    assertStatus(await agent.post(path, { operationName: "Monitor" }), 403, 5);
  });

  it("joins the monitored agent's next chat; NextChat then stops", async () => {
    const s = await login();
    await s.post(`/api/v2/users/${AG1.id}/channels/chat`, { operationName: "Monitor", supervisorMonitoringMode: "NextChat" });
    assert.deepEqual((await s.get("/api/v2/me/chats")).json.chats, [], "the current chat is not joined");
    const r = await control("POST", "/gws/chat/start", { agent: "agent1", customer: "Carl", text: "Hi" });
    assert.deepEqual(r.json.supervisors, [{ userName: "supervisor1", mode: "Monitor" }]);
    const chats = (await s.get("/api/v2/me/chats")).json.chats;
    assert.equal(chats.length, 1);
    assert.equal(chats[0].id, r.json.chatId);
    assert.deepEqual(chats[0].capabilities, TABLE.Monitor);
    const me = chats[0].participants.find((p) => p.nickname === "supervisor1");
    assert.equal(me.visibility, "Supervisors");
    assert.deepEqual((await gwsState()).chatMonitoring, {});
    const r2 = await control("POST", "/gws/chat/start", { agent: "agent1" });
    assert.deepEqual(r2.json.supervisors, []);
  });

  it("intrudes into an active chat", async () => {
    const s = await login();
    const path = `/api/v2/users/${AG2.id}/chats/${CHAT2}`;
    assertStatus(await s.post(path, { operationName: "Intrude" }), 400, 1);
    assertStatus(await s.post(path, { operationName: "Intrude", supervisorVisibilityMode: "Spy" }), 400, 10);
    assertStatus(await s.post(`/api/v2/users/${AG1.id}/chats/${CHAT2}`, { operationName: "Intrude", supervisorVisibilityMode: "Coach" }), 404, 6);
    assertStatus(await s.post(`/api/v2/users/${AG2.id}/chats/nope`, { operationName: "Intrude", supervisorVisibilityMode: "Coach" }), 404, 6);
    assertStatus(await s.post(path, { operationName: "Intrude", supervisorVisibilityMode: "Coach" }), 200, 0);
    assertStatus(await s.post(path, { operationName: "Intrude", supervisorVisibilityMode: "Coach" }), 400, 2);
    const chat = (await s.get(`/api/v2/me/chats/${CHAT2}`)).json.chat;
    assert.equal(chat.participants.find((p) => p.uri?.endsWith(SUP1.id)).visibility, "Agents");
    // Without a visibility, the agent's monitoring mode is used.
    const s2 = await login(SUP2);
    await s2.post(`/api/v2/users/${AG2.id}/channels/chat`, { operationName: "BargeIn" });
    assertStatus(await s2.post(path, { operationName: "Intrude" }), 200, 0);
    assert.equal((await gwsState()).chats[CHAT2].participants.find((p) => p.userName === "supervisor2").mode, "BargeIn");
  });

  for (const mode of ["Monitor", "Coach", "BargeIn"]) {
    it(`enforces seed 002's table in ${mode} mode`, async () => {
      const s = await login();
      await s.post(`/api/v2/users/${AG1.id}/chats/${CHAT1}`, { operationName: "Intrude", supervisorVisibilityMode: mode });
      const path = `/api/v2/me/chats/${CHAT1}`;
      for (const op of SAFE_OPS) {
        const r = await s.post(path, { operationName: op, ...(PARAMS[op] ?? {}) });
        if (TABLE[mode].includes(op)) assertStatus(r, 200, 0);
        else assertStatus(r, 400, 2);
      }
      assertStatus(await s.post(path, { operationName: `SwitchTo${mode}` }), 400, 2);
      const [other1, other2] = ["Monitor", "Coach", "BargeIn"].filter((m) => m !== mode);
      assertStatus(await s.post(path, { operationName: `SwitchTo${other1}` }), 200, 0);
      assertStatus(await s.post(path, { operationName: `SwitchTo${other2}` }), 200, 0);
      assert.equal((await gwsState()).chats[CHAT1].participants.find((p) => p.userName === "supervisor1").mode, other2);
      assertStatus(await s.post(path, { operationName: "Fly" }), 400, 2);
    });
  }

  it("switches modes, sends, and leaves", async () => {
    const s = await login();
    await s.post(`/api/v2/users/${AG1.id}/chats/${CHAT1}`, { operationName: "Intrude", supervisorVisibilityMode: "Monitor" });
    const path = `/api/v2/me/chats/${CHAT1}`;
    assertStatus(await s.post(path, { operationName: "SendMessage", text: "hi" }), 400, 2);
    assertStatus(await s.post(path, { operationName: "SwitchToBargeIn" }), 200, 0);
    assertStatus(await s.post(path, { operationName: "SendMessage" }), 400, 1);
    assertStatus(await s.post(path, { operationName: "SendMessage", text: "Line 1\r\nLine 2" }), 200, 0);
    assertStatus(await s.post(path, { operationName: "SendCustomNotice", noticeText: "Supervisor here" }), 200, 0);
    let st = (await gwsState()).chats[CHAT1];
    const sent = st.messages.filter((m) => m.type === "Text").at(-1);
    assert.equal(sent.text, "Line 1\r\nLine 2");
    assert.equal(sent.visibility, "All");
    assertStatus(await s.post(path, { operationName: "SwitchToCoach" }), 200, 0);
    assertStatus(await s.post(path, { operationName: "SendMessage", text: "x" }), 400, 2);
    assertStatus(await s.post(path, { operationName: "SendToAgents", text: "try a refund" }), 200, 0);
    st = (await gwsState()).chats[CHAT1];
    assert.equal(st.messages.at(-1).visibility, "Agents");
    assertStatus(await s.post(path, { operationName: "Leave", treatAs: "Sometimes" }), 400, 10);
    assertStatus(await s.post(path, { operationName: "Leave", text: "bye" }), 200, 0);
    assertStatus(await s.post(path, { operationName: "SwitchToMonitor" }), 404, 6);
    assert.deepEqual((await s.get("/api/v2/me/chats")).json.chats, []);
    assertStatus(await s.post(`/api/v2/me/chats/nope`, { operationName: "Leave" }), 404, 6);
  });
});

// ------------------------------------------------------------------ notifications

const TS_FORMATS = [
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/, // 2015-11-19 12:30:20.000+0200
  /^\d{4}-\d{2}-\d{4}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/, // 2014-05-0511:08:45.000-0700
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, // 2015-11-26T16:39:41Z
];
/** The lenient parse a client needs for all three shapes. */
function parseGwsTime(s) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ]?(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})$/.exec(s);
  assert.ok(m, s);
  const tz = m[3] === "Z" ? "Z" : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  return Date.parse(`${m[1]}T${m[2]}${tz}`);
}

describe("GWS notifications over CometD", () => {
  it("serves Bayeux only to authenticated requests", async () => {
    const hs = [{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"], id: "1" }];
    assertStatus(await http("POST", "/api/v2/notifications", { body: hs }), 401, 20);
    assertStatus(await http("POST", "/api/v2/notifications", { body: hs, auth: basic("supervisor1", "wrong") }), 401, 20);
    const jar = new Jar();
    const r = await http("POST", "/api/v2/notifications/handshake", { body: hs, auth: basic("supervisor1", "sup-pass"), jar });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json[0].successful, true);
    assert.deepEqual(r.json[0].supportedConnectionTypes, ["long-polling"]);
    assert.ok(jar.cookies.has("JSESSIONID") && jar.cookies.has("BAYEUX_BROWSER"), [...jar.cookies.keys()].join());
    assert.equal((await http("POST", "/api/v2/notifications", { raw: "nope", jar })).status, 400);
    assert.equal((await http("GET", "/api/v2/notifications", { jar })).status, 405);
    const st = await gwsState();
    assert.equal(st.cometd.clients.length, 1);
    assert.equal(st.cometd.clients[0].userName, "supervisor1");
  });

  it("publishes DeviceStateChangeMessage and CallStateChangeMessage for voice supervision", async () => {
    const s = await connected(SUP1);
    const b = s.bayeux;
    await s.post(devicePath(SUP1), { operationName: "Coach", targetDeviceUri: targetUri(AG2) });
    const dev = await b.waitFor(isMsg("DeviceStateChangeMessage"), "device");
    assert.equal(dev.channel, "/v2/me/devices");
    assert.equal(dev.data.devices[0].id, SUP1.device);
    assert.deepEqual(dev.data.devices[0].supervisorMonitoringState, { state: "Coach", mode: "AllCalls", scope: "Call", targetDeviceUri: `${U}/api/v2/devices/${AG2.device}` });
    assert.deepEqual(dev.data.devices[0].capabilities.slice(-4), ["ListenIn", "Coach", "BargeIn", "CancelSupervisorMonitoring"]);
    const { json } = await control("POST", "/gws/call", { agent: "agent2", action: "start" });
    const call = await b.waitFor(isMsg("CallStateChangeMessage", "StatusChange"), "call");
    assert.equal(call.channel, "/v2/me/calls");
    assert.equal(call.data.call.id, json.callId);
    assert.equal(call.data.call.state, "Established");
    assert.equal(call.data.phoneNumber, "5005");
    assert.match(call.data.call.duration, /^\d+$/);
    assert.deepEqual(call.data.call.capabilities.filter((c) => c.startsWith("Switch")), ["SwitchToListenIn", "SwitchToBargeIn"]);
    b.events.length = 0;
    await s.post(`/api/v2/me/calls/${json.callId}`, { operationName: "SwitchToListenIn" });
    const sw = await b.waitFor(isMsg("CallStateChangeMessage"), "switch");
    assert.equal(sw.data.call.mute, "On");
    b.events.length = 0;
    await s.post(devicePath(SUP1), { operationName: "CancelSupervisorMonitoring" });
    const released = await b.waitFor((e) => e.data?.call?.state === "Released", "released");
    assert.deepEqual(released.data.call.capabilities, []);
    const cancelled = await b.waitFor(isMsg("DeviceStateChangeMessage"), "cancel");
    assert.equal(cancelled.data.devices[0].supervisorMonitoringState, undefined);
    assert.ok(!cancelled.data.devices[0].capabilities.includes("CancelSupervisorMonitoring"));
  });

  it("publishes chat notifications with the mode's capabilities and varied timestamps", async () => {
    const s = await connected(SUP1);
    const agent = await connected(AG1);
    const b = s.bayeux;
    await s.post(`/api/v2/users/${AG1.id}/channels/chat`, { operationName: "Coach", nickname: "Coachy" });
    const { json } = await control("POST", "/gws/chat/start", { agent: "agent1", customer: "test_clientL", text: "Help!" });
    const chatId = json.chatId;
    const pu = await b.waitFor(isMsg("ChatStateChangeMessage", "ParticipantsUpdated"), "ParticipantsUpdated");
    assert.equal(pu.channel, "/v2/me/chats");
    const sc = await b.waitFor(isMsg("ChatStateChangeMessage", "StatusChange"), "StatusChange");
    assert.equal(sc.data.chat.id, chatId);
    assert.equal(sc.data.chat.state, "Chatting");
    assert.equal(sc.data.chat.uri, `${U}/api/v2/chats/${chatId}`);
    // Seed 002's Coach sample, quirks included ("SwitchBargeIn", no AddComment).
    assert.deepEqual(sc.data.chat.capabilities, [
      "Leave", "SetInFocus", "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "Transfer", "Invite", "Consult", "SendToAgents",
      "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification", "SwitchToMonitor", "SwitchBargeIn",
    ]);
    const me = sc.data.chat.participants.find((p) => p.nickname === "Coachy");
    assert.deepEqual(Object.keys(me), ["nickname", "type", "uri", "visibility", "participantId"]);
    assert.equal(me.visibility, "Agents");
    const log = await b.waitFor(isMsg("MessageLogUpdated", "NewMessages"), "log");
    assert.equal(log.data.chatUri, `${U}/api/v2/chats/${chatId}`);
    assert.deepEqual(log.data.messages.map((m) => m.type), ["ParticipantJoined", "ParticipantJoined", "Text", "ParticipantJoined"]);
    assert.deepEqual(log.data.messages.map((m) => m.index), [1, 2, 3, 4]);
    // The agent sees the coaching supervisor (visibility Agents) and the agent's own capabilities.
    const agentPu = await agent.bayeux.waitFor((e) => isMsg("ChatStateChangeMessage", "ParticipantsUpdated")(e) && e.data.chat.participants.some((p) => p.nickname === "Coachy"), "agent view");
    assert.ok(agentPu.data.chat.capabilities.includes("SendMessage"));

    for (const text of ["one", "two", "three"]) await control("POST", "/gws/chat/message", { chatId, from: "customer", text });
    await b.waitFor((e) => e.data?.messages?.some((m) => m.text === "three"), "three");
    const msgs = b.events.filter(isMsg("MessageLogUpdated")).flatMap((e) => e.data.messages);
    const seen = new Set();
    for (const m of msgs) {
      const i = TS_FORMATS.findIndex((re) => re.test(m.timestamp));
      assert.ok(i >= 0, `unexpected timestamp ${m.timestamp}`);
      seen.add(i);
      assert.equal(typeof m.timestampSeconds, "number");
      assert.ok(Math.abs(parseGwsTime(m.timestamp) - m.timestampSeconds) < 1000, `${m.timestamp} vs ${m.timestampSeconds}`);
    }
    assert.equal(seen.size, 3, "all three timestamp shapes appear");
    const three = msgs.find((m) => m.text === "three");
    assert.deepEqual(Object.keys(three), ["index", "from", "text", "timestamp", "visibility", "type", "timestampSeconds"]);
    assert.equal(three.from.type, "Customer");

    b.events.length = 0;
    await s.post(`/api/v2/me/chats/${chatId}`, { operationName: "SwitchToBargeIn" });
    await b.waitFor(isMsg("ChatStateChangeMessage", "ParticipantsUpdated"), "switch participants");
    const swLog = await b.waitFor(isMsg("MessageLogUpdated"), "switch log");
    assert.equal(swLog.data.messages[0].visibility, "All");

    b.events.length = 0;
    await control("POST", "/gws/chat/end", { chatId });
    const revoked = await b.waitFor((e) => e.data?.chat?.state === "Revoked", "Revoked");
    assert.equal(revoked.data.notificationType, "StatusChange");
    assert.deepEqual(revoked.data.chat.participants, []);
    assert.deepEqual(revoked.data.chat.capabilities, []);
    assert.equal((await control("POST", "/gws/chat/message", { chatId, text: "late" })).status, 409);
  });

  it("keeps Monitor-mode supervisors invisible to the agent and delivers per user", async () => {
    const s = await connected(SUP1);
    const agent = await connected(AG1);
    await s.post(`/api/v2/users/${AG1.id}/chats/${CHAT1}`, { operationName: "Intrude", supervisorVisibilityMode: "Monitor" });
    const invited = await s.bayeux.waitFor((e) => e.data?.chat?.state === "Invited", "Invited");
    assert.equal(invited.data.chat.id, CHAT1);
    await s.bayeux.waitFor(isMsg("MessageLogUpdated"), "log");
    await control("POST", "/gws/chat/message", { chatId: CHAT1, from: "agent", text: "visible to all" });
    await agent.bayeux.waitFor((e) => e.data?.messages?.some((m) => m.text === "visible to all"), "agent message");
    assert.ok(!agent.bayeux.events.some((e) => e.data?.chat?.participants?.some((p) => p.visibility === "Supervisors")));
    assert.ok(!agent.bayeux.events.some((e) => e.channel === "/v2/me/devices"));
    await s.post(devicePath(SUP1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG2) });
    await s.bayeux.waitFor(isMsg("DeviceStateChangeMessage"), "device");
    await sleep(30);
    assert.ok(!agent.bayeux.events.some(isMsg("DeviceStateChangeMessage")), "another user's device events stay private");
  });

  it("publishes arbitrary notifications to subscribed clients only", async () => {
    const s = await connected(SUP1);
    const r = await control("POST", "/gws/notify", { userName: "supervisor1", channel: "/v2/me/weird", data: { messageType: "SomethingNew", x: 1 } });
    assert.deepEqual(r.json, { delivered: 1 });
    const e = await s.bayeux.waitFor((m) => m.channel === "/v2/me/weird", "weird");
    assert.deepEqual(e.data, { messageType: "SomethingNew", x: 1 });
    assert.deepEqual((await control("POST", "/gws/notify", { channel: "/v2/other", data: 1 })).json, { delivered: 0 });
    assert.deepEqual((await control("POST", "/gws/notify", { channel: "/v2/me/a/b", data: 1 })).json, { delivered: 0 }, "/v2/me/* is one segment");
    assert.equal((await control("POST", "/gws/notify", { channel: "/meta/connect", data: 1 })).status, 400);
    assert.equal((await control("POST", "/gws/notify", { channel: "/v2/me/x" })).status, 400);
    const log = (await control("GET", "/gws/notifications")).json;
    assert.equal(log.at(-1).channel, "/v2/me/a/b");
  });

  it("forgets all clients on demand: the next connect gets 402 and advice to handshake", async () => {
    const s = await connected(SUP1);
    const b = s.bayeux;
    await sleep(20);
    assert.deepEqual((await control("POST", "/gws/forget-cometd")).json, { forgotten: 1 });
    await b.loop;
    const last = b.connectReplies.at(-1);
    assert.equal(last.successful, false);
    assert.match(last.error, /^402:/);
    assert.equal(last.advice.reconnect, "handshake");
    // A new handshake with replayed subscriptions works again.
    await b.handshake();
    await b.subscribe("/v2/me/*");
    b.start();
    await s.post(devicePath(SUP1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG1) });
    await b.waitFor(isMsg("DeviceStateChangeMessage"), "device after re-handshake");
  });

  it("can tell clients to stop with advice reconnect none", async () => {
    const s = await connected(SUP1);
    const b = s.bayeux;
    await sleep(20);
    assert.equal((await control("POST", "/gws/cometd-advice-none")).json.clients, 1);
    await b.loop;
    assert.equal(b.connectReplies.at(-1).advice.reconnect, "none");
    const again = await b.connectOnce();
    assert.equal(again.json[0].advice?.reconnect ?? "retry", "retry", "only the next reply by default");
    assert.equal((await control("DELETE", "/gws/cometd-advice-none")).status, 204);
  });

  it("answers 401 to CometD requests once the GWS session has expired", async () => {
    const s = await connected(SUP1);
    await control("POST", "/gws/expire-session", {});
    await s.bayeux.loop;
    assert.equal(s.bayeux.httpError.status, 401);
  });

  it("works with the real `cometd` npm client (long-polling over a fetch-backed XMLHttpRequest)", async () => {
    const s = await login(SUP1);
    installXhr(s.jar);
    const { CometD } = await import("cometd");
    const cd = new CometD();
    cd.unregisterTransport("callback-polling");
    cd.configure({ url: `${U}/api/v2/notifications`, logLevel: "warn", useWorkerScheduler: false });
    const hs = await new Promise((resolve) => cd.handshake(resolve));
    assert.equal(hs.successful, true, JSON.stringify(hs));
    const got = [];
    const sub = await new Promise((resolve) => cd.subscribe("/v2/me/*", (m) => got.push(m), resolve));
    assert.equal(sub.successful, true);
    await s.post(devicePath(SUP1), { operationName: "BargeIn", targetDeviceUri: targetUri(AG1) });
    const deadline = Date.now() + 3000;
    while (!(got.some((m) => m.channel === "/v2/me/devices") && got.some((m) => m.channel === "/v2/me/calls")) && Date.now() < deadline) await sleep(10);
    assert.equal(got.find((m) => m.channel === "/v2/me/devices").data.devices[0].supervisorMonitoringState.state, "BargeIn");
    assert.equal(got.find((m) => m.channel === "/v2/me/calls").data.call.id, CALL1);
    await new Promise((resolve) => cd.disconnect(resolve));
  });

  it("resets GWS state, sessions and Bayeux clients", async () => {
    const s = await connected(SUP1);
    await s.post(devicePath(SUP1), { operationName: "ListenIn", targetDeviceUri: targetUri(AG1) });
    await s.post(`/api/v2/users/${AG1.id}/channels/chat`, { operationName: "Monitor" });
    await control("POST", "/reset");
    await s.bayeux.loop;
    const st = await gwsState();
    assert.equal(st.devices[SUP1.device].monitoring, null);
    assert.deepEqual(st.chatMonitoring, {});
    assert.deepEqual(st.sessions, []);
    assert.deepEqual(st.cometd.clients, []);
    assert.equal(st.notificationCount, 0);
    assert.ok((await control("GET", "/state")).json.gws, "GWS state is part of /__control/state");
    assertStatus(await s.get("/api/v2/me"), 401, 20);
  });
});


// ------------------------------------------------------------------ flavours

describe("GWS flavours (POST /__control/config)", () => {
  const config = (body) => control("POST", "/config", body);

  it("answers /me/devices as uris without fields (Request Parameters), devices with fields=*", async () => {
    const s = await login();
    const bare = await s.get("/api/v2/me/devices");
    assertStatus(bare, 200, 0);
    assert.deepEqual(bare.json.uris, [`${U}/api/v2/devices/${SUP1.device}`]);
    assert.equal(bare.json.devices, undefined);
    assert.equal((await s.get("/api/v2/me/devices?fields=*")).json.devices[0].id, SUP1.device);
    assert.equal((await s.get("/api/v2/me/devices?fields=id,phoneNumber")).json.devices[0].id, SUP1.device);
    assert.deepEqual((await config({ devicesWithoutFields: "devices" })).json.devicesWithoutFields, "devices");
    assert.equal((await s.get("/api/v2/me/devices")).json.devices[0].id, SUP1.device);
    await control("POST", "/reset");
    const again = await login();
    assert.ok((await again.get("/api/v2/me/devices")).json.uris, "reset returns to the default");
  });

  it("gwsVersion 8.5.1: the monitoring state is a string with top-level mode and scope", async () => {
    await config({ gwsVersion: "8.5.1" });
    const s = await login();
    assertStatus(await s.post(devicePath(SUP1), { operationName: "Coach", targetDeviceUri: targetUri(AG1), supervisorMonitoringMode: "NextCall" }), 200, 0);
    const d = (await s.get("/api/v2/me/devices?fields=*")).json.devices[0];
    assert.equal(d.supervisorMonitoringState, "Coach");
    assert.equal(d.supervisorMonitoringMode, "NextCall");
    assert.equal(d.supervisorMonitoringScope, "Call");
    await config({ gwsVersion: "8.5.2" });
    const d2 = (await s.get(`/api/v2/devices/${SUP1.device}`)).json.device;
    assert.deepEqual(d2.supervisorMonitoringState, { state: "Coach", mode: "NextCall", scope: "Call", targetDeviceUri: `${U}/api/v2/devices/${AG1.device}` });
    assert.equal(d2.supervisorMonitoringMode, undefined);
  });

  it("partialSessionStart: voice logs in, chat fails with statusCode 7; chat alone fails outright", async () => {
    await config({ partialSessionStart: true });
    const s = await login();
    const r = await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice", "chat"] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.statusCode, 7);
    assert.deepEqual(r.json.voice, { statusCode: 0 });
    assert.equal(r.json.chat.statusCode, 4);
    assert.match(r.json.chat.statusMessage, /Interaction Server/);
    const st = await gwsState();
    assert.deepEqual(st.users.supervisor1.channels, ["voice"]);
    assertStatus(await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["chat"] }), 500, 4);
  });

  it("statusCodeAsString: every reply's statusCode is a string", async () => {
    await config({ statusCodeAsString: true });
    const s = await login();
    assert.equal((await s.get("/api/v2/me")).json.statusCode, "0");
    assert.equal((await s.get("/api/v2/me/devices?fields=*")).json.statusCode, "0");
    const r = await s.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
    assert.equal(r.json.statusCode, "0");
  });

  it("cometdCsrf: CometD POSTs need the live session's CSRF token, as REST writes do", async () => {
    const hs = [{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"], id: "1" }];
    const s = await login();
    // off (default): the cookie alone will do
    assert.equal((await http("POST", "/api/v2/notifications", { body: hs, jar: s.jar })).status, 200);
    await config({ cometdCsrf: true });
    const refused = await http("POST", "/api/v2/notifications", { body: hs, jar: s.jar, auth: basic(SUP1.user, SUP1.pass) });
    assertStatus(refused, 403, 3);
    assert.equal(refused.json.statusMessage, "Missing or invalid Csrf token");
    assertStatus(await http("POST", "/api/v2/notifications", { body: hs, jar: s.jar, csrf: "stale" }), 403, 3);
    const ok = await http("POST", "/api/v2/notifications", { body: hs, jar: s.jar, csrf: s.token });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json[0].successful, true);
    const connect = [{ channel: "/meta/connect", clientId: ok.json[0].clientId, connectionType: "long-polling", advice: { timeout: 0 }, id: "2" }];
    // the session expires: the next poll is refused before the Bayeux server sees it
    await control("POST", "/gws/expire-session", { userName: SUP1.user });
    assertStatus(await http("POST", "/api/v2/notifications", { body: connect, jar: s.jar, csrf: s.token, auth: basic(SUP1.user, SUP1.pass) }), 403, 3);
    // GET /api/v2/me opens a new session whose token works again
    const again = await login();
    const polled = await http("POST", "/api/v2/notifications", { body: hs, jar: again.jar, csrf: again.token });
    assert.equal(polled.status, 200, polled.text);
  });

  it("refuses unknown values", async () => {
    for (const body of [{ gwsVersion: "8.6" }, { devicesWithoutFields: true }, { partialSessionStart: "yes" }, { statusCodeAsString: 1 }, { cometdCsrf: "yes" }]) {
      assert.equal((await config(body)).status, 400, JSON.stringify(body));
    }
  });

  it("checks Transfer (targetUri or queueName), Invite and Consult (targetUri) as their pages say", async () => {
    const s = await login();
    assertStatus(await s.post(`/api/v2/users/${AG1.id}/chats/${CHAT1}`, { operationName: "Intrude", supervisorVisibilityMode: "Coach" }), 200, 0);
    const op = (body) => s.post(`/api/v2/me/chats/${CHAT1}`, body);
    assertStatus(await op({ operationName: "Transfer" }), 400, 1);
    assertStatus(await op({ operationName: "Transfer", targetUri: "http://gws/api/v2/users/u2", queueName: "q" }), 400, 10);
    assertStatus(await op({ operationName: "Invite", queueName: "q" }), 400, 1);
    assertStatus(await op({ operationName: "Consult" }), 400, 1);
    assertStatus(await op({ operationName: "Transfer", queueName: "test-queue" }), 200, 0);
  });
});
