// Genesys Web Services through the packed package against the emulator: every Gws and GwsChat
// method on the wire (Basic auth, session cookie, CSRF header on writes, exact bodies), the
// statusCode rules, the chat mode table checked before sending, and session renewal.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Gws } from "floorwalker";
import {
  FloorwalkerError, control, reset, mark, requestsSince, rejectsWith, throwsWith, failIfProcessLingers, startEmu, waitFor,
} from "./support/harness.mjs";

export const SUP = { username: "supervisor1", password: "sup-pass" };
export const MY_DEVICE = "efe1ab32-53f9-43ce-b65e-5768c61f7d4a";
export const AGENT1 = "90cc5439ff6848748e5e67811273f266";
export const AGENT1_CHAT = "0001Da9PFC93000S";
export const AGENT1_DEVICE = "9c14cad7-17c4-48d0-8492-7cf0ff92c224";
const BASIC = `Basic ${Buffer.from(`${SUP.username}:${SUP.password}`).toString("base64")}`;

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(() => reset(emu));

const connect = (extra = {}) => Gws.connect({ baseUrl: emu.url, ...SUP, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 50 }, ...extra });
const gwsState = () => control(emu, "GET", "/gws/state");
const flavour = (body) => control(emu, "POST", "/config", body);
/** agent1's device URI, as GWS writes it (`uri` of the device). */
const agentDeviceUri = () => `${emu.url}/api/v2/devices/${AGENT1_DEVICE}`;

/** The one request sent since `since`, checked for Basic auth, the cookie and (on writes) CSRF. */
async function one(since, { method, path, query = "", body }) {
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 1, `one request, got ${log.map((e) => `${e.method} ${e.url}`).join(", ")}`);
  const [e] = log;
  assert.equal(e.method, method);
  assert.equal(e.path, path);
  assert.equal(e.query, query);
  assert.equal(e.headers.authorization, BASIC, "HTTP Basic auth on every request");
  assert.match(e.headers.cookie ?? "", /JSESSIONID=/, "the session cookie is replayed");
  if (method === "GET") {
    assert.equal(e.rawBody, "");
  } else {
    const st = await gwsState();
    const token = Object.values(st.sessions ?? {}).map((s) => s.csrfToken).concat((st.sessions ?? []).map?.((s) => s.csrfToken) ?? []);
    assert.ok(e.headers["x-csrf-token"], "the CSRF token on a write");
    assert.ok(token.includes(e.headers["x-csrf-token"]), "the session's own CSRF token");
    assert.deepStrictEqual(JSON.parse(e.rawBody), body);
  }
  return e;
}

test("connect: GET /api/v2/me with Basic auth; the cookie and CSRF token are kept", async () => {
  const since = await mark(emu);
  const gws = await connect();
  const log = await requestsSince(emu, since);
  assert.equal(log.length, 1);
  assert.equal(log[0].path, "/api/v2/me");
  assert.equal(log[0].headers.authorization, BASIC);
  assert.equal(log[0].headers.cookie, undefined, "no cookie before the first reply");
  const me = await gws.me();
  assert.equal(me.userName, "supervisor1");
  const m = await mark(emu);
  const withDevices = await gws.me({ subresources: ["devices"] });
  assert.ok(Array.isArray(withDevices.devices));
  await one(m, { method: "GET", path: "/api/v2/me", query: "subresources=devices" });
  const d = await mark(emu);
  const devices = await gws.devices();
  assert.ok(Array.isArray(devices));
  assert.equal(devices[0].id, MY_DEVICE);
  await one(d, { method: "GET", path: "/api/v2/me/devices", query: "fields=*" });
  gws.close();
  assert.equal(gws.closed, true);
  await rejectsWith(gws.me(), "INVALID_STATE");
});

test("bad credentials are UNAUTHORIZED; a bad baseUrl or missing password is rejected before sending", async () => {
  const since = await mark(emu);
  const e = await rejectsWith(connect({ password: "nope" }), "UNAUTHORIZED", { status: 401 });
  assert.equal(e.vendorCode, 20);
  assert.equal((await requestsSince(emu, since)).length, 1);
  await rejectsWith(Gws.connect({ baseUrl: "http://gws.example.com", ...SUP }), "INVALID_ARGUMENT", { field: "baseUrl" });
  await rejectsWith(Gws.connect({ baseUrl: emu.url, username: "supervisor1" }), "INVALID_ARGUMENT", { field: "password" });
  await rejectsWith(Gws.connect({ baseUrl: emu.url, username: "a\r\nb", password: "x" }), "INVALID_ARGUMENT");
  assert.equal((await requestsSince(emu, since)).length, 1);
});

test("startSession / endSession", async () => {
  const gws = await connect();
  let m = await mark(emu);
  const started = await gws.startSession({ channels: ["voice", "chat"], place: "Place_5005" });
  assert.deepEqual(started, { partial: false, channels: [{ channel: "voice", loggedIn: true }, { channel: "chat", loggedIn: true }] });
  await one(m, { method: "POST", path: "/api/v2/me", body: { operationName: "StartContactCenterSession", channels: ["voice", "chat"], place: "Place_5005" } });
  m = await mark(emu);
  await gws.endSession();
  await one(m, { method: "POST", path: "/api/v2/me", body: { operationName: "EndContactCenterSession" } });
  const e = await rejectsWith(gws.endSession(), "VENDOR_ERROR", { vendorCode: 2 });
  assert.ok(e.vendorMessage.length > 0);
});

test("voice supervision: listenIn, coach, bargeIn with scope and mode; cancel; switch on calls", async () => {
  const gws = await connect();
  const target = agentDeviceUri();
  let m = await mark(emu);
  await gws.listenIn(MY_DEVICE, { targetDeviceUri: target });
  await one(m, { method: "POST", path: `/api/v2/me/devices/${MY_DEVICE}`, body: { operationName: "ListenIn", targetDeviceUri: target } });
  let dev = (await gwsState()).devices.find?.((d) => d.id === MY_DEVICE) ?? (await gwsState()).devices[MY_DEVICE];
  assert.ok(dev.monitoring, "the emulator monitors");
  m = await mark(emu);
  await gws.cancelMonitoring(MY_DEVICE);
  await one(m, { method: "POST", path: `/api/v2/me/devices/${MY_DEVICE}`, body: { operationName: "CancelSupervisorMonitoring" } });

  m = await mark(emu);
  await gws.coach(MY_DEVICE, { targetDeviceUri: target, scope: "Agent", mode: "NextCall" });
  await one(m, { method: "POST", path: `/api/v2/me/devices/${MY_DEVICE}`, body: { operationName: "Coach", targetDeviceUri: target, supervisorMonitoringScope: "Agent", supervisorMonitoringMode: "NextCall" } });
  await gws.cancelMonitoring(MY_DEVICE);

  // BargeIn joins agent1's current call at once; then the call can switch modes.
  await gws.bargeIn(MY_DEVICE, { targetDeviceUri: target, scope: "Call", mode: "AllCalls" });
  const calls = (await gwsState()).supervisorCalls;
  const callId = (Array.isArray(calls) ? calls[0]?.callId ?? calls[0]?.id : Object.keys(calls ?? {})[0]) ?? "011DJV5JI898NB2L04000VTAES00000I";
  m = await mark(emu);
  await gws.switchToListenIn(callId);
  await one(m, { method: "POST", path: `/api/v2/me/calls/${callId}`, body: { operationName: "SwitchToListenIn" } });
  m = await mark(emu);
  await gws.switchToBargeIn(callId);
  await one(m, { method: "POST", path: `/api/v2/me/calls/${callId}`, body: { operationName: "SwitchToBargeIn" } });

  // statusCode ≠ 0 → VENDOR_ERROR with the code and its meaning.
  const e = await rejectsWith(gws.switchToBargeIn(callId), "VENDOR_ERROR", { vendorCode: 2 });
  assert.match(e.message, /2/);
  await rejectsWith(gws.listenIn("no-such-device", { targetDeviceUri: target }), "NOT_FOUND", { vendorCode: 6 });
});

test("voice options are checked before anything is sent", async () => {
  const gws = await connect();
  const since = await mark(emu);
  await rejectsWith(gws.listenIn(MY_DEVICE, { targetDeviceUri: agentDeviceUri(), scope: "Everything" }), "INVALID_ARGUMENT", { field: "scope" });
  await rejectsWith(gws.coach(MY_DEVICE, { targetDeviceUri: agentDeviceUri(), mode: "Sometimes" }), "INVALID_ARGUMENT", { field: "mode" });
  await rejectsWith(gws.bargeIn(MY_DEVICE, {}), "INVALID_ARGUMENT", { field: "targetDeviceUri" });
  await rejectsWith(gws.listenIn("", { targetDeviceUri: agentDeviceUri() }), "INVALID_ARGUMENT");
  // a device URI, never a tel: number; a malformed URI is refused before sending
  for (const bad of ["tel:5001", `${emu.url}/api/v2/devices/9c14 cad7`, "gws.example.com/api/v2/devices/9c14", `${emu.url}/api/v2/users/${AGENT1}`, { id: 5 }, { uri: agentDeviceUri() }, 42]) {
    await rejectsWith(gws.listenIn(MY_DEVICE, { targetDeviceUri: bad }), "INVALID_ARGUMENT", { field: "targetDeviceUri" });
  }
  await rejectsWith(gws.switchToListenIn("a\nb"), "INVALID_ARGUMENT");
  assert.equal((await requestsSince(emu, since)).length, 0);
});

test("chat supervision: monitorChats, cancel, intrude, the mode table before sending, switches, leave", async () => {
  const gws = await connect();
  let m = await mark(emu);
  await gws.monitorChats(AGENT1, { mode: "Coach", scope: "NextChat", nickname: "Sam" });
  await one(m, { method: "POST", path: `/api/v2/users/${AGENT1}/channels/chat`, body: { operationName: "Coach", supervisorMonitoringMode: "NextChat", nickname: "Sam" } });
  m = await mark(emu);
  await gws.cancelChatMonitoring(AGENT1);
  await one(m, { method: "POST", path: `/api/v2/users/${AGENT1}/channels/chat`, body: { operationName: "CancelSupervisorMonitoring" } });

  m = await mark(emu);
  const chat = await gws.intrude(AGENT1, AGENT1_CHAT, { visibility: "Monitor" });
  await one(m, { method: "POST", path: `/api/v2/users/${AGENT1}/chats/${AGENT1_CHAT}`, body: { operationName: "Intrude", supervisorVisibilityMode: "Monitor" } });
  assert.equal(chat.id, AGENT1_CHAT);
  assert.equal(chat.mode, "Monitor");

  // Monitor allows only Leave and the switches: the rest is refused before anything is sent.
  m = await mark(emu);
  for (const op of [() => chat.sendMessage("hi"), () => chat.sendToAgents("psst"), () => chat.setDisposition("done"), () => chat.addComment("c")]) {
    await rejectsWith(op(), "INVALID_STATE");
  }
  assert.equal(chat.allows("SendMessage"), false);
  assert.equal(chat.allows("SwitchToCoach"), true);
  assert.equal((await requestsSince(emu, m)).length, 0);

  await chat.switchToCoach();
  assert.equal(chat.mode, "Coach");
  m = await mark(emu);
  await chat.sendToAgents("say sorry\nthen offer a refund");
  await one(m, { method: "POST", path: `/api/v2/me/chats/${AGENT1_CHAT}`, body: { operationName: "SendToAgents", text: "say sorry\nthen offer a refund" } });
  await rejectsWith(chat.sendMessage("to the customer"), "INVALID_STATE");

  await chat.switchToBargeIn();
  m = await mark(emu);
  await chat.sendMessage("Hello, I'm the supervisor.");
  await one(m, { method: "POST", path: `/api/v2/me/chats/${AGENT1_CHAT}`, body: { operationName: "SendMessage", text: "Hello, I'm the supervisor." } });
  const st = await gwsState();
  const c = Array.isArray(st.chats) ? st.chats.find((x) => x.id === AGENT1_CHAT) : st.chats[AGENT1_CHAT];
  assert.ok(JSON.stringify(c.messages).includes("I'm the supervisor"));

  m = await mark(emu);
  await chat.leave();
  await one(m, { method: "POST", path: `/api/v2/me/chats/${AGENT1_CHAT}`, body: { operationName: "Leave" } });
  // The SDK remembers the chat was left; a fresh handle asks the server, which agrees.
  await rejectsWith(gws.chat(AGENT1_CHAT).switchToMonitor(), "INVALID_STATE");
  await rejectsWith(gws.chat("0000UaB58WAR003N").switchToMonitor(), "NOT_FOUND", { vendorCode: 6 });
});

test("gws.chat(id) and chat options are checked synchronously", async () => {
  const gws = await connect();
  throwsWith(() => gws.chat(""), "INVALID_ARGUMENT");
  throwsWith(() => gws.chat(AGENT1_CHAT, { mode: "Spy" }), "INVALID_ARGUMENT", { field: "mode" });
  const chat = gws.chat(AGENT1_CHAT, { mode: "BargeIn" });
  assert.equal(chat.allows("SendMessage"), true);
  chat.setCapabilities(["Leave", "SwitchToCoach"]);
  assert.equal(chat.allows("SendMessage"), false, "the chat's own capabilities win");
  await rejectsWith(chat.sendMessage("x"), "INVALID_STATE");
  await rejectsWith(gws.monitorChats(AGENT1, { mode: "Watch" }), "INVALID_ARGUMENT", { field: "mode" });
  await rejectsWith(gws.intrude(AGENT1, AGENT1_CHAT, { visibility: "Spy" }), "INVALID_ARGUMENT", { field: "visibility" });
  await rejectsWith(chat.transfer({ targetPath: `/users/${AGENT1}` }), "INVALID_ARGUMENT", { field: "targetPath" });
  await rejectsWith(chat.invite({ queueName: "test-queue" }), "INVALID_ARGUMENT", { field: "queueName" });
  await rejectsWith(chat.consult({}), "INVALID_ARGUMENT", { field: "targetUri" });
});

test("voice target: a device id or a device object is sent as the device URI on the client's server", async () => {
  const gws = await connect();
  for (const targetDeviceUri of [AGENT1_DEVICE, { id: AGENT1_DEVICE, phoneNumber: "5001" }, agentDeviceUri()]) {
    const m = await mark(emu);
    await gws.listenIn(MY_DEVICE, { targetDeviceUri });
    await one(m, { method: "POST", path: `/api/v2/me/devices/${MY_DEVICE}`, body: { operationName: "ListenIn", targetDeviceUri: agentDeviceUri() } });
    await gws.cancelMonitoring(MY_DEVICE);
  }
});

test("devices(): device objects on every flavour (8.5.1 and 8.5.2 monitoring state), fields=* on the wire", async () => {
  const gws = await connect();
  await gws.listenIn(MY_DEVICE, { targetDeviceUri: AGENT1_DEVICE, mode: "NextCall", scope: "Agent" });
  const want = { state: "ListenIn", mode: "NextCall", scope: "Agent" };
  for (const [version, extra] of [["8.5.2", { targetDeviceUri: agentDeviceUri() }], ["8.5.1", {}]]) {
    await flavour({ gwsVersion: version });
    const m = await mark(emu);
    const [d] = await gws.devices();
    await one(m, { method: "GET", path: "/api/v2/me/devices", query: "fields=*" });
    assert.deepEqual(d.supervisorMonitoringState, { ...want, ...extra }, version);
    assert.equal(d.supervisorMonitoringMode, undefined, "folded into the one shape");
  }
  await flavour({ devicesWithoutFields: "devices" });
  assert.equal((await gws.devices())[0].id, MY_DEVICE);
});

test("startSession: a partial success (statusCode 7) resolves per channel; chat alone rejects", async () => {
  await flavour({ partialSessionStart: true });
  const gws = await connect();
  const m = await mark(emu);
  const r = await gws.startSession({ channels: ["voice", "chat"] });
  await one(m, { method: "POST", path: "/api/v2/me", body: { operationName: "StartContactCenterSession", channels: ["voice", "chat"] } });
  assert.equal(r.partial, true);
  assert.deepEqual(r.channels[0], { channel: "voice", loggedIn: true, statusCode: 0 });
  assert.equal(r.channels[1].channel, "chat");
  assert.equal(r.channels[1].loggedIn, false);
  assert.equal(r.channels[1].statusCode, 4);
  assert.match(r.channels[1].statusMessage, /Interaction Server/);
  assert.deepEqual((await gwsState()).users.supervisor1.channels, ["voice"]);
  await rejectsWith(gws.startSession({ channels: ["chat"] }), "SERVER_ERROR", { vendorCode: 4 });
});

test("statusCode as a string (\"0\", \"7\") reads like a number", async () => {
  await flavour({ statusCodeAsString: true });
  const gws = await connect();
  assert.equal((await gws.devices())[0].id, MY_DEVICE);
  assert.equal((await gws.startSession({ channels: ["voice"] })).partial, false);
  await gws.endSession();
  await flavour({ partialSessionStart: true });
  const r = await gws.startSession({ channels: ["voice", "chat"] });
  assert.equal(r.partial, true);
  assert.equal(r.channels[1].statusCode, 4);
});

test("intrude without visibility: GWS uses the monitoring mode; the handle knows it", async () => {
  const gws = await connect();
  await gws.monitorChats(AGENT1, { mode: "Coach" });
  const m = await mark(emu);
  const chat = await gws.intrude(AGENT1, AGENT1_CHAT);
  await one(m, { method: "POST", path: `/api/v2/users/${AGENT1}/chats/${AGENT1_CHAT}`, body: { operationName: "Intrude" } });
  assert.equal(chat.mode, "Coach");
  const t = await mark(emu);
  await chat.transfer({ queueName: "test-queue" });
  await one(t, { method: "POST", path: `/api/v2/me/chats/${AGENT1_CHAT}`, body: { operationName: "Transfer", queueName: "test-queue" } });
  // an agent the supervisor does not monitor: GWS refuses
  await rejectsWith(gws.intrude("4ff5b43c856d4cb2a3d6c20a88740257", "0000UaB58WAR003N"), "VENDOR_ERROR", { vendorCode: 1 });
});

test("an expired GWS session is re-read once for concurrent writes, with the new CSRF token", async () => {
  const gws = await connect();
  await gws.startSession({ channels: ["voice"], place: "Place_5005" });
  const before = await gwsState();
  await control(emu, "POST", "/gws/expire-session", { userName: "supervisor1" });
  const since = await mark(emu);
  await Promise.all([
    gws.listenIn(MY_DEVICE, { targetDeviceUri: agentDeviceUri() }),
    gws.devices(),
    gws.me(),
  ]);
  const log = await requestsSince(emu, since);
  const rereads = log.filter((e) => e.path === "/api/v2/me" && e.method === "GET" && !e.query);
  assert.ok(rereads.length <= 2, `at most the caller's own me() and one re-read: ${rereads.length}`);
  const writes = log.filter((e) => e.method === "POST");
  const last = writes[writes.length - 1];
  const after = await gwsState();
  assert.notDeepEqual(JSON.stringify(after.sessions), JSON.stringify(before.sessions));
  assert.ok(JSON.stringify(after.sessions).includes(last.headers["x-csrf-token"]), "the retried write uses the new token");
  assert.ok(writes.length >= 1);
});

test("errors are FloorwalkerErrors with the vendor's code and message", async () => {
  const gws = await connect();
  const e = await rejectsWith(gws.cancelMonitoring(MY_DEVICE), "VENDOR_ERROR", { vendorCode: 2 });
  assert.ok(e instanceof FloorwalkerError);
  assert.equal(e.status, 400);
  assert.equal(typeof e.vendorMessage, "string");
});

// ---- notifications (CometD on /api/v2/notifications) -----------------------------------------

/** Collects every notification; `wait(pred)` resolves with the first that matches. */
function collect(events, pattern = "/v2/me/*") {
  const seen = [];
  const waiters = [];
  events.on(pattern, (data, channel) => {
    seen.push({ data, channel });
    for (const w of [...waiters]) if (w.pred(data, channel)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(data);
    }
  });
  const wait = (pred, what = "a notification") => {
    const hit = seen.find((n) => pred(n.data, n.channel));
    if (hit) return Promise.resolve(hit.data);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(seen.map((n) => [n.channel, n.data.messageType, n.data.notificationType]))}`)), 4000);
      waiters.push({ pred, resolve: (d) => { clearTimeout(t); resolve(d); } });
    });
  };
  return { seen, wait };
}

test("notifications: typed messages follow each operation, on the session's cookie and Basic auth", async () => {
  const gws = await connect();
  const since = await mark(emu);
  const events = await gws.notifications();
  const states = [];
  events.on("state", (s) => states.push(s));
  const { wait, seen } = collect(events);
  const handshake = (await requestsSince(emu, since)).find((e) => e.path.startsWith("/api/v2/notifications"));
  assert.equal(handshake.headers.authorization, BASIC);
  assert.match(handshake.headers.cookie ?? "", /JSESSIONID=/, "the GWS session cookie rides along");
  assert.equal(events.state, "connected");

  await gws.listenIn(MY_DEVICE, { targetDeviceUri: agentDeviceUri() });
  const dev = await wait((d) => d.messageType === "DeviceStateChangeMessage", "DeviceStateChangeMessage");
  assert.ok(dev.devices[0].supervisorMonitoringState, "supervisorMonitoringState after ListenIn");
  await gws.cancelMonitoring(MY_DEVICE);

  await gws.bargeIn(MY_DEVICE, { targetDeviceUri: agentDeviceUri() });
  const call = await wait((d) => d.messageType === "CallStateChangeMessage", "CallStateChangeMessage");
  assert.equal(call.notificationType, "StatusChange");
  await gws.switchToListenIn(call.call.id);
  await wait((d) => d.messageType === "CallStateChangeMessage" && d.call.mute === "On", "mute On after SwitchToListenIn");

  const chat = await gws.intrude(AGENT1, AGENT1_CHAT, { visibility: "Coach" });
  const joined = await wait((d) => d.messageType === "ChatStateChangeMessage" && d.notificationType === "ParticipantsUpdated", "ParticipantsUpdated");
  assert.ok(Array.isArray(joined.chat.participants));
  const log = await wait((d) => d.messageType === "MessageLogUpdated", "MessageLogUpdated");
  assert.equal(log.notificationType, "NewMessages");
  for (const m of log.messages) assert.equal(typeof m.timestampMs, "number", `timestampMs read from ${JSON.stringify(m.timestamp)}`);
  // The chat's capabilities came with the notifications (Coach, with seed 002's SwitchBargeIn spelling).
  assert.ok(chat.capabilities.length > 0);
  assert.equal(chat.allows("SwitchToBargeIn"), true, "SwitchBargeIn is read as SwitchToBargeIn");
  assert.equal(chat.allows("SendMessage"), false);

  await control(emu, "POST", "/gws/chat/message", { chatId: AGENT1_CHAT, text: "Where is my order?", from: "customer" });
  const msg = await wait((d) => d.messageType === "MessageLogUpdated" && d.messages.some((m) => m.text === "Where is my order?"), "the customer's message");
  assert.equal(typeof msg.messages[0].timestampMs, "number");

  // The chat ends: Revoked with no capabilities, and the handle refuses everything before sending.
  await control(emu, "POST", "/gws/chat/end", { chatId: AGENT1_CHAT });
  await wait((d) => d.messageType === "ChatStateChangeMessage" && d.chat?.state === "Revoked", "Revoked");
  const m = await mark(emu);
  await rejectsWith(chat.sendToAgents("too late"), "INVALID_STATE");
  const rest = (await requestsSince(emu, m)).filter((e) => !e.path.startsWith("/api/v2/notifications"));
  assert.equal(rest.length, 0, "nothing sent (long-polls aside)");

  // An unknown type is passed through as it came.
  await control(emu, "POST", "/gws/notify", { channel: "/v2/me/other", data: { messageType: "BrandNewMessage", x: 1 }, userName: "supervisor1" });
  const other = await wait((d) => d.messageType === "BrandNewMessage", "the unknown message type");
  assert.equal(other.x, 1);
  assert.ok(seen.every((n) => n.channel.startsWith("/v2/me/")));

  await events.close();
  assert.equal(events.state, "disconnected");
  assert.ok(states.includes("disconnected"));
  const count = seen.length;
  await gws.cancelMonitoring(MY_DEVICE).catch(() => {});
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(seen.length, count, "nothing after close()");
});

test("notifications: listeners by channel, unsubscribe, and a server that forgets the client", async () => {
  const gws = await connect();
  const events = await gws.notifications();
  const devices = [];
  const off = events.on("/v2/me/devices", (d, ch) => devices.push([ch, d.messageType]));
  const all = collect(events, "/v2/**");
  throwsWith(() => events.on("/meta/connect", () => {}), "INVALID_ARGUMENT");
  throwsWith(() => events.on("v2/me", () => {}), "INVALID_ARGUMENT");
  throwsWith(() => events.on("/v2/me/*", "not a function"), "INVALID_ARGUMENT");

  await gws.listenIn(MY_DEVICE, { targetDeviceUri: agentDeviceUri() });
  await all.wait((d) => d.messageType === "DeviceStateChangeMessage");
  assert.deepEqual(devices[0], ["/v2/me/devices", "DeviceStateChangeMessage"]);
  off();
  off();

  const reconnecting = new Promise((resolve) => events.on("state", (s) => s === "connected" && resolve()));
  await control(emu, "POST", "/gws/forget-cometd");
  await reconnecting;
  await gws.cancelMonitoring(MY_DEVICE);
  await all.wait((d) => d.messageType === "DeviceStateChangeMessage" && !d.devices[0].supervisorMonitoringState, "a notification after the re-handshake");
  assert.equal(devices.length, 1, "the removed listener got nothing more");
  await events.close();
});

test("notifications: a server that advises reconnect none ends the connection (disconnected, no loop)", async () => {
  const gws = await connect();
  const start = await mark(emu);
  const events = await gws.notifications();
  const states = [];
  const disconnected = new Promise((resolve) => events.on("state", (s) => {
    states.push(s);
    if (s === "disconnected") resolve();
  }));
  // The control answers the poll the server holds: wait until it holds one (like CometD's own
  // client, ours sends the next poll from a timer, after handling the previous reply).
  const held = (e) => Array.isArray(e.body) && e.body.some((m) => m?.channel === "/meta/connect" && m.advice?.timeout !== 0);
  await waitFor(async () => (await requestsSince(emu, start)).some(held), { what: "a held /meta/connect" });
  const since = await mark(emu);
  await control(emu, "POST", "/gws/cometd-advice-none", {});
  let timer;
  await Promise.race([disconnected, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no disconnect: ${states}`)), 4000);
  })]);
  clearTimeout(timer);
  assert.equal(events.state, "disconnected");
  await new Promise((r) => setTimeout(r, 300));
  const polls = (await requestsSince(emu, since)).filter((e) => e.path.startsWith("/api/v2/notifications"));
  assert.ok(polls.length <= 1, `no reconnect loop after advice none (${polls.length} polls)`);
  await events.close().catch(() => {});
});
