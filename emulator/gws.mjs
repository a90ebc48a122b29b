// Genesys Web Services (GWS) emulator module: /api/v2 with HTTP Basic auth, the JSESSIONID session,
// CSRF tokens (Web Services API: CSRF Protection), voice supervision (ListenIn, Coach, BargeIn …),
// chat supervision with the mode table of the chat supervision page, statusCode replies (Return
// Values), and CometD notifications (Asynchronous Events) served by the real
// `cometd-nodejs-server` package at /api/v2/notifications. Platform variants are flavours
// (`FLAVOURS` below): config keys set with POST /__control/config, listed in README.md.
//
// State is in memory; reset() returns to gws-fixtures.mjs. Notifications are published after the
// HTTP reply has been written (setImmediate), as GWS answers `statusCode: 0` = "accepted" first.

import { randomBytes, randomUUID } from "node:crypto";
import cometdServerPkg from "cometd-nodejs-server";
import { GWS } from "./gws-fixtures.mjs";
import { HANDLED } from "./server.mjs";
import { HttpError, compileRoute, isPlainObject, matchRoute, own } from "./util.mjs";

const { createCometDServer } = cometdServerPkg;

const API = "/api/v2";
const CSRF_HEADER = "X-CSRF-TOKEN";
const VOICE_MODES = ["ListenIn", "Coach", "BargeIn"];
const VOICE_SCOPES = ["Agent", "Call"];
const VOICE_CALL_MODES = ["NextCall", "AllCalls"];
const CHAT_MODES = ["Monitor", "Coach", "BargeIn"];
const CHAT_SCOPES = ["NextChat", "AllChats"];
/** Participant visibility of a supervisor in each chat mode (the GWS chat supervision page sample: Coach = "Agents"). */
const VISIBILITY = { Monitor: "Supervisors", Coach: "Agents", BargeIn: "All" };
const VIS_RANK = { Supervisors: 0, Agents: 1, All: 2 };

/** Seed 002's table: what a supervisor may do in each chat mode. Enforced server-side. */
const COMMON_CHAT_OPS = [
  "Leave", "SetInFocus", "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "AddComment",
  "Transfer", "Invite", "Consult", "SendToAgents", "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification",
];
const CHAT_TABLE = {
  Monitor: ["Leave", "SwitchToCoach", "SwitchToBargeIn"],
  Coach: [...COMMON_CHAT_OPS, "SwitchToMonitor", "SwitchToBargeIn"],
  BargeIn: [...COMMON_CHAT_OPS, "SendMessage", "SendStartTypingNotification", "SendStopTypingNotification", "SwitchToMonitor", "SwitchToCoach"],
};
/** Not in the GWS chat supervision page's table but documented for /me/chats (GWS chat API pages): allowed with their plain-text sibling. */
const CHAT_EXTRA = { Monitor: [], Coach: ["SendCustomNoticeToAgents"], BargeIn: ["SendCustomNotice", "SendCustomNoticeToAgents"] };
const ALL_CHAT_OPS = new Set([...Object.values(CHAT_TABLE).flat(), ...Object.values(CHAT_EXTRA).flat()]);
/**
 * `capabilities` reported in chat notifications. Coach is the GWS chat supervision page's sample verbatim, including its
 * quirks: "SwitchBargeIn" (not "SwitchToBargeIn") and no "AddComment".
 */
const CHAT_CAPABILITIES = {
  Monitor: CHAT_TABLE.Monitor,
  Coach: [
    "Leave", "SetInFocus", "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "Transfer", "Invite",
    "Consult", "SendToAgents", "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification", "SwitchToMonitor",
    "SwitchBargeIn",
  ],
  BargeIn: CHAT_TABLE.BargeIn,
};
const AGENT_CHAT_CAPABILITIES = [
  "Complete", "Leave", "SendMessage", "SendStartTypingNotification", "SendStopTypingNotification", "SetInFocus",
  "SetDisposition", "AttachUserData", "UpdateUserData", "DeleteUserData", "AddComment", "Transfer", "Invite", "Consult",
];
const CALL_BASE_CAPABILITIES = [
  "AttachUserData", "InitiateConference", "UpdateUserData", "Hold", "SingleStepTransfer", "DeleteUserData",
  "SingleStepConference", "Hangup", "DeleteUserDataPair", "SendDtmf", "InitiateTransfer",
];
/**
 * What each monitoring mode adds to a supervisor's call. RemoveParticipantFromConference ("a
 * supervisor during monitoring", Voice API page) is offered in BargeIn only, where the supervisor
 * is a party of the conference (assumption: which modes).
 */
const CALL_SWITCH_CAPABILITIES = { ListenIn: ["SwitchToBargeIn"], Coach: ["SwitchToListenIn", "SwitchToBargeIn"], BargeIn: ["SwitchToListenIn", "RemoveParticipantFromConference"] };
const USER_STATES = {
  Ready: { id: "9430250E-0A1B-421F-B372-F29E69366DED", displayName: "Ready", state: "Ready" },
  NotReady: { id: "900D55CC-2BB0-431F-8BF9-D3525B383BE6", displayName: "Not Ready", state: "NotReady" },
  LoggedOut: { id: "B3A8F0C2-1D4E-4F6A-9B7C-2E5D8A1F3C6B", displayName: "Logged Out", state: "LoggedOut" },
  /** A channel a supervisor set Offline (Supervisor Agent State Control: Offline sample). */
  Offline: { id: "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB", displayName: "Offline", state: "LoggedOut" },
};
/** Supervisor Agent State Control operations on /users/{id}/channels/{channel}. */
const AGENT_STATE_OPS = ["Ready", "NotReady", "Offline"];

/** HTTP status sent with each non-zero statusCode (Return Values). */
const HTTP_FOR_STATUS = { 1: 400, 2: 400, 3: 403, 4: 500, 5: 403, 6: 404, 10: 400, 18: 409, 19: 409, 20: 401 };

/** A GWS error reply: `{statusCode, statusMessage}` and nothing else. */
export function gwsError(statusCode, statusMessage, headers) {
  return new HttpError(HTTP_FOR_STATUS[statusCode] ?? 400, statusMessage, { body: { statusCode, statusMessage }, headers });
}

/**
 * Flavours: how a deployment's GWS differs, as config keys of this module (`configSchema`, set
 * with POST /__control/config {key: value}, back to the default on POST /__control/reset).
 */
export const FLAVOURS = Object.freeze({
  /** "8.5.2" (default): `supervisorMonitoringState` is an object; "8.5.1": a string with top-level mode and scope (Devices API 8.5.1). */
  gwsVersion: "8.5.2",
  /** What `GET /me/devices` without `fields` answers: "uris" (default, Request Parameters) or "devices" (the objects anyway). */
  devicesWithoutFields: "uris",
  /** true: StartContactCenterSession with chat and another channel logs chat out: statusCode 7 (StartContactCenterSession). */
  partialSessionStart: false,
  /** true: every reply's statusCode is a string ("0"), as in the agent state control samples. */
  statusCodeAsString: false,
  /** true: CometD POSTs need the live session's CSRF token like REST writes (CSRF Protection: every POST). */
  cometdCsrf: false,
});

const pad = (n, w = 2) => String(n).padStart(w, "0");

/** One of the three timestamp shapes seen in GWS (GWS notification samples), chosen by `variant`. */
export function gwsTimestamp(ms, variant) {
  const withOffset = (offMin, sep) => {
    const d = new Date(ms + offMin * 60000);
    const sign = offMin < 0 ? "-" : "+";
    const off = Math.abs(offMin);
    return (
      `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${sep}` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}` +
      `${sign}${pad(Math.floor(off / 60))}${pad(off % 60)}`
    );
  };
  switch (((variant % 3) + 3) % 3) {
    case 0:
      return withOffset(120, " "); // "2015-11-19 12:30:20.000+0200"
    case 1:
      return withOffset(-420, ""); // "2014-05-0511:08:45.000-0700" (no date/time separator)
    default:
      return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"); // "2015-11-26T16:39:41Z"
  }
}

/** Bayeux channel pattern match: exact, `/a/*` (one segment), `/a/**` (any depth). */
export function channelMatches(pattern, channel) {
  if (pattern === channel) return true;
  if (pattern.endsWith("/**")) return channel.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith("/*")) {
    const prefix = pattern.slice(0, -1);
    return channel.startsWith(prefix) && !channel.slice(prefix.length).includes("/") && channel.length > prefix.length;
  }
  return false;
}

function parseCookies(header) {
  const out = [];
  for (const part of String(header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.push([part.slice(0, i).trim(), part.slice(i + 1).trim()]);
  }
  return out;
}

/**
 * @param {{ now?: () => number, sessionIdleMs?: number, cometdTimeoutMs?: number, cometdMaxIntervalMs?: number }} [opts]
 */
export function createGws({ now = Date.now, sessionIdleMs = GWS.sessionIdleMs, cometdTimeoutMs = GWS.cometdTimeoutMs, cometdMaxIntervalMs = GWS.cometdMaxIntervalMs, shared = {} } = {}) {
  /** The current value of a flavour (`shared` is the server's live config object). */
  const flavour = (key) => (Object.prototype.hasOwnProperty.call(shared, key) ? shared[key] : FLAVOURS[key]);
  const startConfig = { sessionIdleMs, cometdTimeoutMs, cometdMaxIntervalMs };
  const config = { ...startConfig };
  let origin = "http://127.0.0.1";
  let st;
  let seq = 0; // ids, never reset, so ids from before a reset are never reused
  let notifySeq = 0;
  let pending = [];
  let flushScheduled = false;
  let closed = false;

  // ------------------------------------------------------------ CometD server

  const cometd = createCometDServer({
    logLevel: "info",
    timeout: config.cometdTimeoutMs,
    maxInterval: config.cometdMaxIntervalMs,
    browserCookiePath: "/",
  });
  /** Bayeux clients: clientId -> { session, userId, handshakeAt } */
  const clients = new Map();
  let handshakeUserId = null; // set around cometd.handle() so sessionAdded can bind the GWS user
  let adviceNoneAlways = false;
  const adviceNoneNext = new Set();

  cometd.policy = {
    canHandshake: (session, message, callback) => callback(undefined, handshakeUserId !== null),
  };
  cometd.addListener("sessionAdded", (session) => {
    clients.set(session.id, { session, userId: handshakeUserId, handshakeAt: now() });
  });
  cometd.addListener("sessionRemoved", (session) => {
    clients.delete(session.id);
    adviceNoneNext.delete(session.id);
  });
  cometd.addExtension({
    outgoing(server, sender, session, message, callback) {
      if (message && message.channel === "/meta/connect" && session && (adviceNoneAlways || adviceNoneNext.has(session.id))) {
        adviceNoneNext.delete(session.id);
        message.advice = { ...(message.advice ?? {}), reconnect: "none" };
      }
      callback(undefined, true);
    },
  });

  /** The server forgets every Bayeux client; held /meta/connect replies go out now. Next connect: 402. */
  function forgetClients() {
    const list = [...clients.values()];
    for (const c of list) {
      cometd._removeServerSession(c.session, true);
      c.session._flush();
    }
    clients.clear();
    return list.length;
  }

  // ------------------------------------------------------------ state

  function reset() {
    forgetClients();
    adviceNoneAlways = false;
    adviceNoneNext.clear();
    Object.assign(config, startConfig);
    pending = [];
    st = {
      users: new Map(),
      devices: new Map(),
      sessions: new Map(), // JSESSIONID -> session
      calls: new Map(), // agent calls: callId -> call
      supCalls: new Map(), // `${supUserId}|${callId}` -> { callId, supUserId, mode }
      chats: new Map(),
      chatMonitoring: new Map(), // supUserId -> Map(agentUserId -> { mode, scope, nickname })
      notifications: [],
    };
    for (const u of GWS.users) {
      st.users.set(u.id, {
        ...structuredClone(u),
        channels: u.inSession ? ["voice", "chat"] : [],
        channelStates: {}, // channel -> { key (of USER_STATES), reason? } set by a supervisor
      });
    }
    for (const d of GWS.devices) {
      const owner = GWS.users.find((u) => u.deviceId === d.id);
      st.devices.set(d.id, { ...d, userId: owner.id, monitoring: null });
    }
    const t = now();
    for (const c of GWS.calls) {
      const agent = userByName(c.agent);
      st.calls.set(c.id, { id: c.id, connId: c.connId, agentUserId: agent.id, deviceId: agent.deviceId, from: c.from, callType: c.callType, startedAt: t - c.startedSecondsAgo * 1000, removed: [] });
    }
    for (const c of GWS.chats) {
      const agent = userByName(c.agent);
      const chat = newChat(c.id, agent, c.customer, t - c.startedSecondsAgo * 1000);
      for (const m of c.messages) {
        const p = chat.participants.find((x) => (m.from === "agent" ? x.userId === agent.id : x.type === "Customer"));
        addMessage(chat, p, { type: "Text", text: m.text, visibility: "All" }, chat.startedAt + 1000 * chat.messages.length);
      }
    }
  }

  const userByName = (name) => [...st.users.values()].find((u) => u.userName === name) ?? null;
  const userUri = (u) => `${origin}${API}/users/${u.id}`;
  const deviceUri = (id) => `${origin}${API}/devices/${id}`;
  const chatUri = (id) => `${origin}${API}/chats/${id}`;
  const nextId = () => ++seq;

  /** Find a user by id, userName, or device id (control routes). */
  function findUser(ref) {
    if (typeof ref !== "string" || ref === "") return null;
    if (st.users.has(ref)) return st.users.get(ref);
    const byName = userByName(ref);
    if (byName) return byName;
    const d = st.devices.get(ref);
    return d ? st.users.get(d.userId) : null;
  }

  // ------------------------------------------------------------ sessions, auth, CSRF

  function isLive(s) {
    if (s.expired) return false;
    if (now() - s.lastUsed > config.sessionIdleMs) {
      s.expired = true;
      return false;
    }
    return true;
  }

  function cookieSession(ctx) {
    for (const [name, value] of parseCookies(ctx.header("cookie"))) {
      if (name !== "JSESSIONID") continue;
      const s = st.sessions.get(value);
      if (s && isLive(s)) return s;
    }
    return null;
  }

  function basicUser(ctx) {
    const h = ctx.header("authorization");
    if (h === undefined) return undefined;
    const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(h);
    if (!m) return null;
    const text = Buffer.from(m[1], "base64").toString("utf8");
    const i = text.indexOf(":");
    if (i < 0) return null;
    const u = userByName(text.slice(0, i));
    return u && u.password === text.slice(i + 1) ? u : null;
  }

  function newSession(user) {
    const s = {
      id: `node0${randomBytes(12).toString("hex")}${nextId()}`,
      userId: user.id,
      csrfToken: randomUUID(),
      createdAt: now(),
      lastUsed: now(),
      expired: false,
    };
    st.sessions.set(s.id, s);
    return s;
  }

  /**
   * Spring-Security-like order: on POST/PUT/DELETE the CSRF token of the live session (cookie) is
   * checked first (403); then Basic credentials, if sent, must be right (401); without a live
   * session a GET with good credentials opens one (Set-Cookie + new token).
   */
  function authenticate(ctx, write) {
    const session = cookieSession(ctx);
    if (write) {
      const token = ctx.header("x-csrf-token");
      if (!session || !token || token !== session.csrfToken) {
        throw gwsError(3, "Missing or invalid Csrf token");
      }
    }
    const basic = basicUser(ctx);
    let s = session;
    let setCookie = false;
    if (basic === null) throw gwsError(20, "Bad credentials: check the user name and password (HTTP Basic)");
    if (basic) {
      if (!session || session.userId !== basic.id) {
        if (write) throw gwsError(20, "The credentials do not match the session; GET /api/v2/me first");
        s = newSession(basic);
        setCookie = true;
      }
    } else if (!session) {
      throw gwsError(20, "Authentication required: send HTTP Basic credentials or a live JSESSIONID cookie");
    }
    s.lastUsed = now();
    const headers = { "X-CSRF-HEADER": CSRF_HEADER, "X-CSRF-TOKEN": s.csrfToken };
    if (setCookie) headers["Set-Cookie"] = `JSESSIONID=${s.id}; Path=/; HttpOnly`;
    return { user: st.users.get(s.userId), session: s, headers };
  }

  /** Wrap a handler: authenticate, add the CSRF headers (and Set-Cookie) to replies and errors. */
  function api(handler, { write = false } = {}) {
    return (ctx) => {
      const a = authenticate(ctx, write);
      try {
        const r = handler(ctx, a);
        if (r === HANDLED) return r;
        return { ...r, headers: { ...a.headers, ...(r.headers ?? {}) } };
      } catch (err) {
        if (err instanceof HttpError) err.headers = { ...a.headers, ...err.headers };
        throw err;
      }
    };
  }

  const ok = (extra = {}) => ({ status: 200, body: { statusCode: flavour("statusCodeAsString") ? "0" : 0, ...extra } });

  function opBody(ctx) {
    if (ctx.bodyError) throw gwsError(1, "The request body is not valid JSON");
    if (!isPlainObject(ctx.body)) throw gwsError(1, "The request body must be a JSON object with an operationName");
    const op = own(ctx.body, "operationName");
    if (op === undefined || op === null || op === "") throw gwsError(1, "operationName is required");
    if (typeof op !== "string") throw gwsError(10, "operationName must be a string");
    return { body: ctx.body, op };
  }

  function requireSupervisor(user) {
    if (!user.supervisor) throw gwsError(5, `User ${user.userName} does not have the supervisor role`);
  }

  function optEnum(body, key, values, dflt) {
    const v = own(body, key);
    if (v === undefined || v === null) return dflt;
    if (!values.includes(v)) throw gwsError(10, `${key} must be one of ${values.join(", ")}`);
    return v;
  }

  function requiredText(body, key) {
    const v = own(body, key);
    if (v === undefined || v === null || v === "") throw gwsError(1, `${key} is required`);
    if (typeof v !== "string") throw gwsError(10, `${key} must be a string`);
    return v;
  }

  function optString(body, key) {
    const v = own(body, key);
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") throw gwsError(10, `${key} must be a string`);
    return v;
  }

  // ------------------------------------------------------------ notifications

  /** Queue a notification for every Bayeux client of `userId` subscribed to a matching channel. */
  function publish(userId, channel, data) {
    pending.push({ userId, channel, data: structuredClone(data) });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }

  function flush() {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (closed) return;
    // Batch per Bayeux client so that what one operation causes arrives in one /meta/connect reply.
    const sessions = [...clients.values()].map((c) => c.session);
    for (const s of sessions) s._startBatch();
    try {
      for (const n of batch) deliver(n.userId, n.channel, n.data);
    } finally {
      for (const s of sessions) s._endBatch();
    }
  }

  /** Deliver now; userId null = every authenticated Bayeux client. Returns how many clients got it. */
  function deliver(userId, channel, data) {
    let delivered = 0;
    for (const c of clients.values()) {
      if (userId !== null && c.userId !== userId) continue;
      if (!c.session.subscriptions.some((ch) => channelMatches(ch.name, channel))) continue;
      c.session.deliver(null, channel, data);
      delivered++;
    }
    const u = userId === null ? null : st.users.get(userId);
    st.notifications.push({ seq: ++notifySeq, time: now(), userName: u ? u.userName : null, channel, data, delivered });
    if (st.notifications.length > 1000) st.notifications.splice(0, st.notifications.length - 1000);
    return delivered;
  }

  // ------------------------------------------------------------ views

  /** The user's state on `channel`: what a supervisor set there, else the user's state. */
  function userStateOf(u, channel = "voice") {
    const cs = u.channelStates[channel];
    const v = { ...USER_STATES[cs ? cs.key : u.userState] };
    if (cs && cs.reason) v.reason = cs.reason;
    return v;
  }

  function deviceView(d) {
    const u = st.users.get(d.userId);
    const capabilities = ["ForwardCallsOn", "DoNotDisturbOn"];
    if (u.supervisor) {
      capabilities.push("ListenIn", "Coach", "BargeIn");
      if (d.monitoring) capabilities.push("CancelSupervisorMonitoring");
    }
    const v = {
      id: d.id,
      uri: deviceUri(d.id),
      path: `/devices/${d.id}`,
      deviceState: "Active",
      userState: userStateOf(u),
      phoneNumber: d.phoneNumber,
      e164Number: d.e164Number,
      telephonyNetwork: "Private",
      doNotDisturb: "Off",
      voiceEnvironmentUri: `${origin}${API}/voice-environments/${GWS.voiceEnvironmentId}`,
      capabilities,
    };
    if (d.monitoring && flavour("gwsVersion") === "8.5.1") {
      // Devices API 8.5.1: the state's name, with the mode and scope beside it on the device.
      v.supervisorMonitoringState = d.monitoring.state;
      v.supervisorMonitoringMode = d.monitoring.mode;
      v.supervisorMonitoringScope = d.monitoring.scope;
    } else if (d.monitoring) {
      v.supervisorMonitoringState = {
        state: d.monitoring.state,
        mode: d.monitoring.mode,
        scope: d.monitoring.scope,
        targetDeviceUri: deviceUri(d.monitoring.targetDeviceId),
      };
    }
    return v;
  }

  function channelsView(u) {
    return u.channels.map((ch) => ({ channel: ch, userState: userStateOf(u, ch), uri: `${origin}${API}/me/channels/${ch}` }));
  }

  function userView(u, subresources) {
    const v = {
      id: u.id,
      userName: u.userName,
      firstName: u.firstName,
      lastName: u.lastName,
      employeeId: u.employeeId,
      agentLogin: u.agentLogin,
      roles: [...u.roles],
      enabled: true,
      uri: userUri(u),
      path: `/users/${u.id}`,
    };
    const want = (name) => subresources.has("*") || subresources.has(name);
    if (want("devices")) v.devices = [deviceView(st.devices.get(u.deviceId))];
    if (want("channels")) v.channels = channelsView(u);
    if (want("features")) v.features = GWS.features.map((name) => ({ name }));
    if (want("settings")) v.settings = {};
    if (want("place")) v.place = u.channels.length ? { name: u.place } : null;
    return v;
  }

  function subresourcesOf(ctx) {
    const raw = ctx.query.get("subresources");
    return new Set(raw ? raw.split(",").map((s) => s.trim()).filter(Boolean) : []);
  }

  function callParticipants(call) {
    const agentDev = st.devices.get(call.deviceId);
    const p = (n) => ({ e164Number: n.startsWith("+") ? n : "", formattedPhoneNumber: n, phoneNumber: n, digits: n });
    return [p(call.from), p(agentDev.phoneNumber)].filter((x) => !call.removed.includes(x.phoneNumber));
  }

  /** The call as the supervisor sees it (SwitchToListenIn/SwitchToBargeIn samples). */
  function supCallView(sc, state = "Established") {
    const call = st.calls.get(sc.callId) ?? sc.lastCall;
    const sup = st.users.get(sc.supUserId);
    const released = state === "Released";
    return {
      id: call.id,
      state,
      callUuid: call.id,
      connId: call.connId,
      deviceUri: deviceUri(sup.deviceId),
      participants: callParticipants(call),
      dnis: st.devices.get(call.deviceId).phoneNumber,
      callType: call.callType,
      capabilities: released ? [] : [...CALL_BASE_CAPABILITIES, ...CALL_SWITCH_CAPABILITIES[sc.mode]],
      duration: String(Math.max(0, Math.floor((now() - call.startedAt) / 1000))),
      mute: sc.mode === "ListenIn" ? "On" : "Off",
      supervisorListeningIn: false,
      monitoredUserMuted: false,
      uri: `${origin}${API}/me/calls/${call.id}`,
      path: `/calls/${call.id}`,
    };
  }

  function agentCallView(call, state = "Established") {
    return {
      id: call.id,
      state,
      callUuid: call.id,
      connId: call.connId,
      deviceUri: deviceUri(call.deviceId),
      participants: callParticipants(call),
      dnis: st.devices.get(call.deviceId).phoneNumber,
      callType: call.callType,
      capabilities: state === "Released" ? [] : [...CALL_BASE_CAPABILITIES],
      duration: String(Math.max(0, Math.floor((now() - call.startedAt) / 1000))),
      mute: "Off",
      uri: `${origin}${API}/me/calls/${call.id}`,
      path: `/calls/${call.id}`,
    };
  }

  function callMessage(user, call, notificationType = "StatusChange") {
    return {
      notificationType,
      call,
      phoneNumber: st.devices.get(user.deviceId).phoneNumber,
      extensions: { WrapUpTime: 0, BusinessCall: 0 },
      messageType: "CallStateChangeMessage",
    };
  }

  const publishDevice = (user) =>
    publish(user.id, "/v2/me/devices", { messageType: "DeviceStateChangeMessage", devices: [deviceView(st.devices.get(user.deviceId))] });
  const publishChannels = (user) => publish(user.id, "/v2/me/channels", { messageType: "ChannelStateChangeMessage", channels: channelsView(user) });

  // ------------------------------------------------------------ chats (model)

  function newChat(id, agent, customerNickname, startedAt) {
    const chat = {
      id,
      agentUserId: agent.id,
      state: "Chatting",
      startedAt,
      variant: nextId(),
      participants: [],
      messages: [],
      userData: {},
      disposition: null,
      comments: [],
      operations: [],
    };
    const customer = addParticipant(chat, { nickname: customerNickname, type: "Customer", visibility: "All" });
    addMessage(chat, customer, { type: "ParticipantJoined", visibility: "All" }, startedAt);
    const ap = addParticipant(chat, { nickname: agent.userName, type: "Agent", userId: agent.id, visibility: "All" });
    addMessage(chat, ap, { type: "ParticipantJoined", visibility: "All" }, startedAt);
    st.chats.set(id, chat);
    return chat;
  }

  function addParticipant(chat, p) {
    const participant = { participantId: `00AF5367D3D${nextId().toString(16).toUpperCase().padStart(5, "0")}`, left: false, ...p };
    chat.participants.push(participant);
    return participant;
  }

  function addMessage(chat, from, { type, text, noticeText, visibility }, at = now()) {
    const last = chat.messages.length ? chat.messages[chat.messages.length - 1].at : 0;
    const m = { index: chat.messages.length + 1, from: from.participantId, type, visibility, at: Math.max(at, last) };
    if (text !== undefined) m.text = text;
    if (noticeText !== undefined) m.noticeText = noticeText;
    chat.messages.push(m);
    return m;
  }

  /** Supervisors see everything; agents see All and Agents. */
  const canSee = (viewer, visibility) => viewer.supervisorView || visibility !== "Supervisors";

  function viewerOf(chat, userId) {
    const p = chat.participants.find((x) => x.userId === userId && !x.left);
    if (!p) return null;
    return { participant: p, supervisorView: Boolean(p.supervisor) };
  }

  function participantView(p) {
    const v = { nickname: p.nickname, type: p.type };
    if (p.userId) v.uri = userUri(st.users.get(p.userId));
    v.visibility = p.visibility;
    v.participantId = p.participantId;
    return v;
  }

  function messageView(chat, m) {
    const from = chat.participants.find((p) => p.participantId === m.from);
    const v = { index: m.index, from: participantView(from) };
    if (m.text !== undefined) v.text = m.text;
    if (m.noticeText !== undefined) v.noticeText = m.noticeText;
    v.timestamp = gwsTimestamp(m.at, m.index);
    v.visibility = m.visibility;
    v.type = m.type;
    v.timestampSeconds = m.at; // sic: milliseconds (GWS notification samples)
    return v;
  }

  /** The chat as `viewer` sees it; `state` overrides the chat state (Invited, Completed, Revoked). */
  function chatView(chat, viewer, state = chat.state) {
    const active = state === "Chatting";
    const capabilities = !active ? [] : viewer.supervisorView ? [...CHAT_CAPABILITIES[viewer.participant.mode]] : [...AGENT_CHAT_CAPABILITIES];
    const v = {};
    if (Object.keys(chat.userData).length) v.userData = structuredClone(chat.userData);
    v.receivedDate = gwsTimestamp(chat.startedAt, chat.variant);
    if (state !== "Revoked") v.chatType = "Inbound";
    v.capabilities = capabilities;
    v.uri = chatUri(chat.id);
    v.state = state;
    v.participants = state === "Revoked" || state === "Completed" ? [] : chat.participants.filter((p) => !p.left && canSee(viewer, p.visibility)).map(participantView);
    v.id = chat.id;
    return v;
  }

  const chatStateMessage = (chat, viewer, notificationType, state) => ({
    chat: chatView(chat, viewer, state),
    notificationType,
    messageType: "ChatStateChangeMessage",
  });

  const messageLogMessage = (chat, viewer, messages) => ({
    messages: messages.filter((m) => canSee(viewer, m.visibility)).map((m) => messageView(chat, m)),
    notificationType: "NewMessages",
    messageType: "MessageLogUpdated",
    chatUri: chatUri(chat.id),
  });

  /** Tell every GWS user in the chat (agent and supervisors) what changed, each with their own view. */
  function chatEvent(chat, { participants = false, messages = [], attachedData = false, except = null }) {
    for (const p of chat.participants) {
      if (!p.userId || p.left || p.userId === except) continue;
      const viewer = { participant: p, supervisorView: Boolean(p.supervisor) };
      if (participants) publish(p.userId, "/v2/me/chats", chatStateMessage(chat, viewer, "ParticipantsUpdated"));
      if (attachedData) publish(p.userId, "/v2/me/chats", chatStateMessage(chat, viewer, "AttachedDataChanged"));
      const visible = messages.filter((m) => canSee(viewer, m.visibility));
      if (visible.length) publish(p.userId, "/v2/me/chats", messageLogMessage(chat, viewer, visible));
    }
  }

  /** A supervisor joins a chat in `mode` (the GWS chat supervision page "Chat is started" sequence). */
  function joinChat(sup, chat, mode, nickname) {
    const p = addParticipant(chat, { nickname, type: "Agent", userId: sup.id, visibility: VISIBILITY[mode], supervisor: true, mode });
    const m = addMessage(chat, p, { type: "ParticipantJoined", visibility: VISIBILITY[mode] });
    const viewer = { participant: p, supervisorView: true };
    publish(sup.id, "/v2/me/chats", chatStateMessage(chat, viewer, "ParticipantsUpdated"));
    publish(sup.id, "/v2/me/chats", chatStateMessage(chat, viewer, "StatusChange"));
    publish(sup.id, "/v2/me/chats", messageLogMessage(chat, viewer, chat.messages));
    chatEvent(chat, { participants: true, messages: [m], except: sup.id });
    return p;
  }

  function monitoringOf(supId) {
    let m = st.chatMonitoring.get(supId);
    if (!m) st.chatMonitoring.set(supId, (m = new Map()));
    return m;
  }

  // ------------------------------------------------------------ voice (model)

  const supCallKey = (supId, callId) => `${supId}|${callId}`;

  function supCallsOf(supId) {
    return [...st.supCalls.values()].filter((sc) => sc.supUserId === supId);
  }

  function joinCall(sup, call, mode) {
    const sc = { callId: call.id, supUserId: sup.id, mode, lastCall: call };
    st.supCalls.set(supCallKey(sup.id, call.id), sc);
    const dev = st.devices.get(sup.deviceId);
    if (dev.monitoring && dev.monitoring.mode === "NextCall") dev.monitoring.consumedBy = call.id;
    publish(sup.id, "/v2/me/calls", callMessage(sup, supCallView(sc)));
  }

  function releaseSupCall(sc) {
    const sup = st.users.get(sc.supUserId);
    publish(sup.id, "/v2/me/calls", callMessage(sup, supCallView(sc, "Released")));
    st.supCalls.delete(supCallKey(sc.supUserId, sc.callId));
  }

  /** The supervisor leaves the call; `NextCall` monitoring that this call used up stops. */
  function leaveSupCall(sc) {
    const sup = st.users.get(sc.supUserId);
    releaseSupCall(sc);
    const dev = st.devices.get(sup.deviceId);
    if (dev.monitoring && dev.monitoring.consumedBy === sc.callId) {
      dev.monitoring = null; // NextCall: monitoring stops after that call
      publishDevice(sup);
    }
  }

  /** The call ends for everyone: `Released` to the agent and the supervisors on it. */
  function endCall(call) {
    for (const sc of [...st.supCalls.values()]) if (sc.callId === call.id) leaveSupCall(sc);
    st.calls.delete(call.id);
    const agent = st.users.get(call.agentUserId);
    publish(agent.id, "/v2/me/calls", callMessage(agent, agentCallView(call, "Released")));
  }

  function cancelVoiceMonitoring(sup) {
    const dev = st.devices.get(sup.deviceId);
    const had = Boolean(dev.monitoring);
    dev.monitoring = null;
    for (const sc of supCallsOf(sup.id)) releaseSupCall(sc);
    return had;
  }

  function resolveTargetDevice(raw) {
    if (raw === undefined || raw === null || raw === "") throw gwsError(1, "targetDeviceUri is required");
    if (typeof raw !== "string") throw gwsError(10, "targetDeviceUri must be a string");
    const s = raw.trim();
    let path = null;
    if (/^https?:\/\//i.test(s)) {
      try {
        path = new URL(s, "http://gws.invalid").pathname;
      } catch {
        path = null;
      }
    }
    const m = path && /\/api\/v2\/devices\/([^/]+)\/?$/.exec(path);
    if (!m) throw gwsError(2, `targetDeviceUri ${JSON.stringify(raw)} is not a device URI (…/api/v2/devices/{id})`);
    let id;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      id = m[1];
    }
    const d = st.devices.get(id);
    if (!d) throw gwsError(6, `Device ${id} not found`);
    return d;
  }

  // ------------------------------------------------------------ handlers: me, session

  function getMe(ctx, a) {
    return ok({ user: userView(a.user, subresourcesOf(ctx)) });
  }

  function postMe(ctx, a) {
    const { body, op } = opBody(ctx);
    const u = a.user;
    if (op === "StartContactCenterSession") {
      const channels = own(body, "channels");
      if (channels === undefined || channels === null) throw gwsError(1, "channels is required");
      if (!Array.isArray(channels) || channels.length === 0 || channels.some((c) => !GWS.channels.includes(c))) {
        throw gwsError(10, `channels must be a non-empty array of ${GWS.channels.join(", ")}`);
      }
      const place = optString(body, "placeName") ?? optString(body, "place");
      if (place !== null && !GWS.places.includes(place)) throw gwsError(6, `Place ${place} not found`);
      let wanted = [...new Set(channels)];
      // Flavour partialSessionStart: the Interaction Server is out of service, so chat fails.
      const chatDown = flavour("partialSessionStart") && wanted.includes("chat");
      if (chatDown && wanted.length === 1) throw gwsError(4, "Interaction Server is out of service");
      if (chatDown) wanted = wanted.filter((c) => c !== "chat");
      u.channels = wanted;
      u.channelStates = {};
      u.place = place ?? u.place;
      if (u.userState === "LoggedOut") u.userState = "NotReady";
      u.inSession = true;
      publishChannels(u);
      publishDevice(u);
      if (chatDown) {
        // statusCode 7 with each channel's own statusCode under its name (the page names the
        // per-channel outcome but shows no sample: the shape is an assumption).
        const r = ok();
        r.body.statusCode = flavour("statusCodeAsString") ? "7" : 7;
        r.body.statusMessage = "Partial success: chat could not be started";
        for (const c of wanted) r.body[c] = { statusCode: r.body.statusCode === "7" ? "0" : 0 };
        r.body.chat = { statusCode: flavour("statusCodeAsString") ? "4" : 4, statusMessage: "Interaction Server is out of service" };
        return r;
      }
      return ok();
    }
    if (op === "EndContactCenterSession") {
      if (!u.inSession) throw gwsError(2, "There is no contact center session to end");
      u.inSession = false;
      u.channels = [];
      u.channelStates = {};
      u.userState = "LoggedOut";
      // Seed 002: monitoring "is ended on logout" (voice and chat).
      cancelVoiceMonitoring(u);
      st.chatMonitoring.delete(u.id);
      publishChannels(u);
      publishDevice(u);
      return ok();
    }
    throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for /api/v2/me`);
  }

  // ------------------------------------------------------------ handlers: voice

  function myDevice(a, id) {
    const d = st.devices.get(id);
    if (!d || d.userId !== a.user.id) throw gwsError(6, `Device ${id} not found among your devices`);
    return d;
  }

  function deviceOp(ctx, a) {
    const { body, op } = opBody(ctx);
    const dev = myDevice(a, ctx.params.id);
    const sup = a.user;
    if (VOICE_MODES.includes(op)) {
      requireSupervisor(sup);
      const target = resolveTargetDevice(own(body, "targetDeviceUri"));
      if (target.id === dev.id) throw gwsError(2, "A device cannot monitor itself");
      const scope = optEnum(body, "supervisorMonitoringScope", VOICE_SCOPES, "Call");
      const mode = optEnum(body, "supervisorMonitoringMode", VOICE_CALL_MODES, "AllCalls");
      const phoneNumber = optString(body, "phoneNumber");
      if (supCallsOf(sup.id).length) {
        throw gwsError(2, "The supervisor is in a monitored call; use SwitchToListenIn/SwitchToBargeIn on the call or CancelSupervisorMonitoring");
      }
      dev.monitoring = { state: op, mode, scope, targetDeviceId: target.id, phoneNumber, consumedBy: null };
      publishDevice(sup);
      // BargeIn joins at once when the agent is on a call; ListenIn and Coach wait for the next call.
      if (op === "BargeIn") {
        const call = [...st.calls.values()].find((c) => c.deviceId === target.id);
        if (call) joinCall(sup, call, "BargeIn");
      }
      return ok();
    }
    if (op === "CancelSupervisorMonitoring") {
      requireSupervisor(sup);
      if (!dev.monitoring) throw gwsError(2, "Supervisor monitoring is not active on this device");
      cancelVoiceMonitoring(sup);
      publishDevice(sup);
      return ok();
    }
    throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for a device`);
  }

  function callOp(ctx, a) {
    const { body, op } = opBody(ctx);
    const sc = st.supCalls.get(supCallKey(a.user.id, ctx.params.id));
    // An agent's own call (agents hang up and remove parties of their calls too).
    const mine = sc ? null : st.calls.get(ctx.params.id);
    const ownCall = mine && mine.agentUserId === a.user.id ? mine : null;
    if (!sc && !(ownCall && ["Hangup", "RemoveParticipantFromConference"].includes(op))) throw gwsError(6, `Call ${ctx.params.id} not found`);
    if (op === "Hangup") {
      // Hangup: StatusChange Released to the one who hung up. A supervisor leaves the monitored
      // call, which goes on (assumption); an agent ends it for everyone.
      if (sc) leaveSupCall(sc);
      else endCall(ownCall);
      return ok();
    }
    if (op === "RemoveParticipantFromConference") {
      const participant = requiredText(body, "participant");
      const view = sc ? supCallView(sc) : agentCallView(ownCall);
      if (!view.capabilities.includes(op)) throw gwsError(2, `${op} is not possible on this call now (capabilities: ${view.capabilities.join(", ")})`);
      const call = st.calls.get(ctx.params.id);
      if (!callParticipants(call).some((p) => p.phoneNumber === participant)) throw gwsError(6, `Participant ${participant} is not on call ${call.id}`);
      // The party leaves; everyone still on the call gets ParticipantsUpdated (the page's sample).
      call.removed.push(participant);
      for (const other of [...st.supCalls.values()]) {
        if (other.callId === call.id) publish(other.supUserId, "/v2/me/calls", callMessage(st.users.get(other.supUserId), supCallView(other), "ParticipantsUpdated"));
      }
      const agent = st.users.get(call.agentUserId);
      publish(agent.id, "/v2/me/calls", callMessage(agent, agentCallView(call), "ParticipantsUpdated"));
      return ok();
    }
    if (op === "SwitchToListenIn" || op === "SwitchToBargeIn") {
      const mode = op === "SwitchToListenIn" ? "ListenIn" : "BargeIn";
      if (sc.mode === mode) throw gwsError(2, `The supervisor is already in ${mode} mode on this call`);
      sc.mode = mode;
      publish(a.user.id, "/v2/me/calls", callMessage(a.user, supCallView(sc)));
      return ok();
    }
    throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for a call`);
  }

  function myCalls(a) {
    if (a.user.supervisor) return supCallsOf(a.user.id).map((sc) => supCallView(sc));
    return [...st.calls.values()].filter((c) => c.agentUserId === a.user.id).map((c) => agentCallView(c));
  }

  // ------------------------------------------------------------ handlers: chat supervision

  function targetUser(id) {
    const u = st.users.get(id);
    if (!u) throw gwsError(6, `User ${id} not found`);
    return u;
  }

  function chatChannelOp(ctx, a) {
    const { body, op } = opBody(ctx);
    const sup = a.user;
    requireSupervisor(sup);
    const agent = targetUser(ctx.params.userId);
    if (agent.id === sup.id) throw gwsError(2, "A supervisor cannot monitor their own chats");
    if (CHAT_MODES.includes(op)) {
      const scope = optEnum(body, "supervisorMonitoringMode", CHAT_SCOPES, "AllChats");
      const nickname = optString(body, "nickname") || sup.userName;
      monitoringOf(sup.id).set(agent.id, { mode: op, scope, nickname });
      return ok();
    }
    if (op === "CancelSupervisorMonitoring") {
      const m = st.chatMonitoring.get(sup.id);
      if (!m || !m.has(agent.id)) throw gwsError(2, `Chat monitoring of ${agent.userName} is not active`);
      m.delete(agent.id); // current chats stay; the supervisor leaves them with Leave
      return ok();
    }
    throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for /users/{id}/channels/chat`);
  }

  /**
   * Supervisor Agent State Control: Ready | NotReady | Offline on the agent's channel. The agent
   * gets ChannelStateChangeMessageV2 on /v2/me/channels (the pages' samples), and for voice also
   * a DeviceStateChangeMessage (assumption, as the agent's own Ready and NotReady send).
   */
  function agentStateOp(ctx, a, body, op) {
    requireSupervisor(a.user);
    const agent = targetUser(ctx.params.userId);
    const ch = ctx.params.channel;
    if (!GWS.channels.includes(ch)) throw gwsError(6, `Channel ${ch} not found`);
    // Not logged in on the channel (never, or set Offline): nothing to change (assumption: the code).
    if (!agent.channels.includes(ch)) throw gwsError(2, `${agent.userName} is not logged in on ${ch}`);
    // The pages document no reason parameter; `reasonCode` is read (assumption) and shown as `reason`.
    const reason = optString(body, "reasonCode");
    if (reason !== null && op !== "NotReady") throw gwsError(10, "reasonCode goes only with NotReady");
    agent.channelStates[ch] = { key: op, reason };
    if (op === "Offline") {
      agent.channels = agent.channels.filter((c) => c !== ch);
      if (ch === "voice") agent.userState = "LoggedOut";
      if (!agent.channels.length) agent.inSession = false;
    } else if (ch === "voice") {
      agent.userState = op;
    }
    const entry = { channel: ch };
    if (op !== "Offline") entry.dndState = "Off";
    entry.userState = userStateOf(agent, ch);
    publish(agent.id, "/v2/me/channels", { channels: [entry], messageType: "ChannelStateChangeMessageV2" });
    if (ch === "voice") publishDevice(agent);
    return ok();
  }

  /** POST /users/{id}/channels/{channel}: chat monitoring (channel chat) or agent state control. */
  function userChannelOp(ctx, a) {
    const { body, op } = opBody(ctx);
    if (AGENT_STATE_OPS.includes(op)) return agentStateOp(ctx, a, body, op);
    if (ctx.params.channel === "chat") return chatChannelOp(ctx, a);
    throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for /users/{id}/channels/{channel}`);
  }

  function intrude(ctx, a) {
    const { body, op } = opBody(ctx);
    const sup = a.user;
    requireSupervisor(sup);
    const agent = targetUser(ctx.params.userId);
    const chat = st.chats.get(ctx.params.chatId);
    if (!chat || chat.agentUserId !== agent.id || chat.state !== "Chatting") throw gwsError(6, `Chat ${ctx.params.chatId} of user ${agent.id} not found`);
    if (op !== "Intrude") throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for /users/{id}/chats/{id}`);
    const monitoring = st.chatMonitoring.get(sup.id)?.get(agent.id) ?? null;
    let mode = optEnum(body, "supervisorVisibilityMode", CHAT_MODES, null);
    if (mode === null) {
      if (!monitoring) throw gwsError(1, "supervisorVisibilityMode is required when you do not monitor this agent");
      mode = monitoring.mode;
    }
    if (viewerOf(chat, sup.id)) throw gwsError(2, "The supervisor is already in this chat");
    const invited = { participant: { mode }, supervisorView: true };
    publish(sup.id, "/v2/me/chats", { chat: { ...chatView(chat, invited, "Invited"), participants: [] }, notificationType: "StatusChange", messageType: "ChatStateChangeMessage" });
    joinChat(sup, chat, mode, monitoring?.nickname ?? sup.userName);
    return ok();
  }

  function chatOp(ctx, a) {
    const { body, op } = opBody(ctx);
    const chat = st.chats.get(ctx.params.chatId);
    const viewer = chat ? viewerOf(chat, a.user.id) : null;
    if (!viewer || !viewer.supervisorView) throw gwsError(6, `Chat ${ctx.params.chatId} not found among your chats`);
    const p = viewer.participant;
    if (!ALL_CHAT_OPS.has(op)) throw gwsError(2, `Unsupported operationName ${JSON.stringify(op)} for a chat`);
    const allowed = [...CHAT_TABLE[p.mode], ...CHAT_EXTRA[p.mode]];
    if (!allowed.includes(op)) throw gwsError(2, `${op} is not allowed in ${p.mode} mode (allowed: ${allowed.join(", ")})`);
    const say = (fields) => chatEvent(chat, { messages: [addMessage(chat, p, fields)] });
    switch (op) {
      case "SwitchToMonitor":
      case "SwitchToCoach":
      case "SwitchToBargeIn": {
        const mode = op.slice("SwitchTo".length);
        const before = p.visibility;
        p.mode = mode;
        p.visibility = VISIBILITY[mode];
        const widened = VIS_RANK[p.visibility] > VIS_RANK[before];
        const m = addMessage(chat, p, { type: widened ? "ParticipantJoined" : "ParticipantLeft", visibility: widened ? p.visibility : before });
        chatEvent(chat, { participants: true, messages: [m] });
        break;
      }
      case "Leave": {
        const text = optString(body, "text");
        optString(body, "messageType");
        const treatAs = optEnum(body, "treatAs", ["Normal", "System"], "Normal");
        const msgs = [];
        if (text) msgs.push(addMessage(chat, p, { type: treatAs === "System" ? "Notice" : "Text", text, visibility: p.visibility }));
        msgs.push(addMessage(chat, p, { type: "ParticipantLeft", visibility: p.visibility }));
        p.left = true;
        publish(a.user.id, "/v2/me/chats", chatStateMessage(chat, { participant: p, supervisorView: true }, "StatusChange", "Completed"));
        chatEvent(chat, { participants: true, messages: msgs });
        break;
      }
      case "SendMessage":
        say({ type: "Text", text: requiredText(body, "text"), visibility: "All" });
        break;
      case "SendToAgents":
        say({ type: "Text", text: requiredText(body, "text"), visibility: "Agents" });
        break;
      case "SendCustomNotice":
        say({ type: "CustomNotice", noticeText: requiredText(body, "noticeText"), visibility: "All" });
        break;
      case "SendCustomNoticeToAgents":
        say({ type: "CustomNotice", noticeText: requiredText(body, "noticeText"), visibility: "Agents" });
        break;
      case "SendStartTypingNotification":
        say({ type: "TypingStarted", visibility: "All" });
        break;
      case "SendStopTypingNotification":
        say({ type: "TypingStopped", visibility: "All" });
        break;
      case "SendStartTypingToAgentsNotification":
        say({ type: "TypingStarted", visibility: "Agents" });
        break;
      case "SendStopTypingToAgentsNotification":
        say({ type: "TypingStopped", visibility: "Agents" });
        break;
      case "SetDisposition":
        chat.disposition = requiredText(body, "disposition");
        break;
      case "AttachUserData":
      case "UpdateUserData": {
        const ud = own(body, "userData");
        if (!isPlainObject(ud)) throw gwsError(1, "userData (an object) is required");
        Object.assign(chat.userData, structuredClone(ud));
        chatEvent(chat, { attachedData: true });
        break;
      }
      case "DeleteUserData": {
        const keys = own(body, "keys");
        if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== "string")) throw gwsError(1, "keys (an array of strings) is required");
        for (const k of keys) delete chat.userData[k];
        chatEvent(chat, { attachedData: true });
        break;
      }
      case "AddComment":
        chat.comments.push(requiredText(body, "comment"));
        break;
      case "Transfer": {
        // Chat Transfer: targetUri (an agent) or queueName.
        const uri = optString(body, "targetUri");
        const queue = optString(body, "queueName");
        if (!uri && !queue) throw gwsError(1, "targetUri or queueName is required");
        if (uri && queue) throw gwsError(10, "Give targetUri or queueName, not both");
        break;
      }
      case "Invite":
      case "Consult":
        // Chat Invite / Consult: targetUri only.
        if (!optString(body, "targetUri")) throw gwsError(1, "targetUri is required");
        break;
      default:
        // SetInFocus, and Transfer, Invite, Consult once checked: accepted and recorded, no further effect here.
        break;
    }
    chat.operations.push({ op, by: a.user.userName, mode: p.mode, at: now() });
    return ok();
  }

  function myChats(a) {
    const out = [];
    for (const chat of st.chats.values()) {
      const viewer = viewerOf(chat, a.user.id);
      if (viewer && chat.state === "Chatting") out.push(chatView(chat, viewer));
    }
    return out;
  }

  // ------------------------------------------------------------ handlers: users, devices

  function listUsers(ctx, a) {
    requireSupervisor(a.user);
    const subs = subresourcesOf(ctx);
    return ok({ users: [...st.users.values()].map((u) => userView(u, subs)) });
  }

  function getUser(ctx, a) {
    const u = targetUser(ctx.params.userId);
    if (u.id !== a.user.id) requireSupervisor(a.user);
    return ok({ user: userView(u, subresourcesOf(ctx)) });
  }

  function getDevice(ctx, a) {
    const d = st.devices.get(ctx.params.id);
    if (!d) throw gwsError(6, `Device ${ctx.params.id} not found`);
    if (d.userId !== a.user.id) requireSupervisor(a.user);
    return ok({ device: deviceView(d) });
  }

  // ------------------------------------------------------------ CometD endpoint

  function notifications(ctx) {
    const a = authenticate(ctx, flavour("cometdCsrf"));
    const { req, res } = ctx;
    if (ctx.bodyError || ctx.body === null || typeof ctx.body !== "object") {
      throw gwsError(1, "A Bayeux request is a JSON array of messages", a.headers);
    }
    cometd.options.timeout = config.cometdTimeoutMs;
    cometd.options.maxInterval = config.cometdMaxIntervalMs;
    const headers = { ...(ctx.corsHeaders?.() ?? {}), ...a.headers };
    const ourCookie = headers["Set-Cookie"];
    delete headers["Set-Cookie"];
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    // cometd-nodejs-server sets its BAYEUX_BROWSER cookie with setHeader; keep our JSESSIONID too.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      if (String(name).toLowerCase() === "set-cookie") {
        const prev = res.getHeader("set-cookie");
        const list = [...(prev === undefined ? [] : [].concat(prev)), ...[].concat(value)];
        return setHeader(name, list);
      }
      return setHeader(name, value);
    };
    if (ourCookie) res.setHeader("Set-Cookie", ourCookie);
    req.body = Array.isArray(ctx.body) ? ctx.body : [ctx.body];
    handshakeUserId = a.user.id;
    try {
      cometd.handle(req, res);
    } finally {
      handshakeUserId = null;
    }
    return HANDLED;
  }

  // ------------------------------------------------------------ control

  function jsonBody(ctx, { optional = false } = {}) {
    if (ctx.bodyError) throw new HttpError(400, "Malformed JSON body");
    if (ctx.body === null && optional) return {};
    if (!isPlainObject(ctx.body)) throw new HttpError(400, "Body must be a JSON object");
    return ctx.body;
  }

  function controlExpire(ctx) {
    const body = jsonBody(ctx, { optional: true });
    const sessionId = own(body, "sessionId");
    const userName = own(body, "userName");
    const expired = [];
    if (sessionId !== undefined && sessionId !== null) {
      const s = st.sessions.get(sessionId);
      if (!s) throw new HttpError(404, "Session not found");
      if (!s.expired) expired.push(s.id);
      s.expired = true;
    } else {
      let user = null;
      if (userName !== undefined && userName !== null) {
        user = userByName(userName);
        if (!user) throw new HttpError(404, `Unknown user ${JSON.stringify(userName)}`);
      }
      for (const s of st.sessions.values()) {
        if (user && s.userId !== user.id) continue;
        if (isLive(s)) expired.push(s.id);
        s.expired = true;
      }
    }
    return { status: 200, body: { expired } };
  }

  function controlCall(ctx) {
    const body = jsonBody(ctx);
    const agent = findUser(own(body, "agent"));
    if (!agent) throw new HttpError(404, "'agent' must name a user (userName, id or device id)");
    const action = own(body, "action");
    if (action === "start") {
      if ([...st.calls.values()].some((c) => c.agentUserId === agent.id)) throw new HttpError(409, `${agent.userName} is already on a call`);
      const from = own(body, "from") ?? "5000";
      if (typeof from !== "string" || from === "") throw new HttpError(400, "'from' must be a phone number string");
      const n = nextId();
      const id = own(body, "callId") ?? `011DJV5JI898NB2L0400EMU${String(n).padStart(8, "0")}`;
      if (typeof id !== "string" || st.calls.has(id)) throw new HttpError(400, "'callId' must be a new string id");
      const call = { id, connId: (0x385535e00e + n).toString(16).padStart(16, "0"), agentUserId: agent.id, deviceId: agent.deviceId, from, callType: "Inbound", startedAt: now(), removed: [] };
      st.calls.set(id, call);
      publish(agent.id, "/v2/me/calls", callMessage(agent, agentCallView(call)));
      for (const d of st.devices.values()) {
        const m = d.monitoring;
        if (!m || m.targetDeviceId !== agent.deviceId || m.consumedBy) continue;
        joinCall(st.users.get(d.userId), call, m.state);
      }
      return { status: 200, body: { callId: id, agentCall: agentCallView(call) } };
    }
    if (action === "end") {
      const call = [...st.calls.values()].find((c) => c.agentUserId === agent.id && (own(body, "callId") == null || c.id === own(body, "callId")));
      if (!call) throw new HttpError(404, `${agent.userName} has no such call`);
      endCall(call);
      return { status: 200, body: { callId: call.id, ended: true } };
    }
    throw new HttpError(400, "'action' must be \"start\" or \"end\"");
  }

  function controlChatStart(ctx) {
    const body = jsonBody(ctx);
    const agent = findUser(own(body, "agent"));
    if (!agent) throw new HttpError(404, "'agent' must name a user (userName or id)");
    const customer = own(body, "customer") ?? "Customer";
    if (typeof customer !== "string" || customer === "") throw new HttpError(400, "'customer' must be a non-empty string");
    const text = own(body, "text");
    if (text !== undefined && text !== null && (typeof text !== "string" || text === "")) throw new HttpError(400, "'text' must be a non-empty string");
    const n = nextId();
    const id = own(body, "chatId") ?? `0002EMU${String(n).padStart(9, "0")}`;
    if (typeof id !== "string" || id === "" || st.chats.has(id)) throw new HttpError(400, "'chatId' must be a new string id");
    const chat = newChat(id, agent, customer, now());
    if (text) addMessage(chat, chat.participants[0], { type: "Text", text, visibility: "All" });
    const av = viewerOf(chat, agent.id);
    publish(agent.id, "/v2/me/chats", chatStateMessage(chat, av, "StatusChange"));
    publish(agent.id, "/v2/me/chats", messageLogMessage(chat, av, chat.messages));
    const joined = [];
    for (const [supId, m] of st.chatMonitoring) {
      const mon = m.get(agent.id);
      if (!mon) continue;
      const sup = st.users.get(supId);
      joinChat(sup, chat, mon.mode, mon.nickname);
      joined.push({ userName: sup.userName, mode: mon.mode });
      if (mon.scope === "NextChat") m.delete(agent.id);
    }
    return { status: 200, body: { chatId: id, supervisors: joined } };
  }

  function chatForControl(body) {
    const id = own(body, "chatId");
    const chat = typeof id === "string" ? st.chats.get(id) : null;
    if (!chat) throw new HttpError(404, `Chat ${JSON.stringify(id)} not found`);
    return chat;
  }

  function controlChatMessage(ctx) {
    const body = jsonBody(ctx);
    const chat = chatForControl(body);
    if (chat.state !== "Chatting") throw new HttpError(409, `Chat ${chat.id} has ended`);
    const from = own(body, "from") ?? "customer";
    let p;
    if (from === "customer") p = chat.participants.find((x) => x.type === "Customer");
    else if (from === "agent") p = chat.participants.find((x) => x.userId === chat.agentUserId);
    else throw new HttpError(400, "'from' must be \"customer\" or \"agent\"");
    const text = own(body, "text");
    if (typeof text !== "string" || text === "") throw new HttpError(400, "'text' is required and must be a non-empty string");
    const visibility = own(body, "visibility") ?? "All";
    if (!(visibility in VIS_RANK)) throw new HttpError(400, "'visibility' must be All, Agents or Supervisors");
    const m = addMessage(chat, p, { type: "Text", text, visibility });
    chatEvent(chat, { messages: [m] });
    return { status: 200, body: { chatId: chat.id, index: m.index, timestampSeconds: m.at } };
  }

  function controlChatEnd(ctx) {
    const body = jsonBody(ctx);
    const chat = chatForControl(body);
    if (chat.state !== "Chatting") throw new HttpError(409, `Chat ${chat.id} has already ended`);
    chat.state = "Completed";
    chat.endedAt = now();
    const revoked = [];
    for (const p of chat.participants) {
      if (!p.userId || p.left) continue;
      const viewer = { participant: p, supervisorView: Boolean(p.supervisor) };
      // Seed 002 "Chat is completed": supervisors get StatusChange with state Revoked.
      publish(p.userId, "/v2/me/chats", chatStateMessage(chat, viewer, "StatusChange", p.supervisor ? "Revoked" : "Completed"));
      if (p.supervisor) revoked.push(st.users.get(p.userId).userName);
      p.left = true;
    }
    return { status: 200, body: { chatId: chat.id, revoked } };
  }

  function controlNotify(ctx) {
    const body = jsonBody(ctx);
    const channel = own(body, "channel");
    if (typeof channel !== "string" || !channel.startsWith("/") || channel.startsWith("/meta/") || channel.includes("*")) {
      throw new HttpError(400, "'channel' must be a non-meta, non-wildcard channel such as /v2/me/devices");
    }
    if (!Object.prototype.hasOwnProperty.call(body, "data")) throw new HttpError(400, "'data' is required");
    const userName = own(body, "userName");
    let userId = null;
    if (userName !== undefined && userName !== null) {
      const u = userByName(userName);
      if (!u) throw new HttpError(404, `Unknown user ${JSON.stringify(userName)}`);
      userId = u.id;
    }
    const delivered = deliver(userId, channel, structuredClone(own(body, "data")));
    return { status: 200, body: { delivered } };
  }

  function controlAdviceNone(ctx) {
    const body = jsonBody(ctx, { optional: true });
    const always = own(body, "always");
    if (always !== undefined && typeof always !== "boolean") throw new HttpError(400, "'always' must be a boolean");
    if (always) adviceNoneAlways = true;
    for (const c of clients.values()) adviceNoneNext.add(c.session.id);
    for (const c of clients.values()) c.session._flush(); // held connects answer now, with the advice
    return { status: 200, body: { clients: clients.size, always: adviceNoneAlways } };
  }

  function controlConfig(ctx) {
    const body = jsonBody(ctx);
    const updates = {};
    for (const [k, v] of Object.entries(body)) {
      if (!Object.prototype.hasOwnProperty.call(config, k)) throw new HttpError(400, `Unknown GWS config key ${JSON.stringify(k)}; known: ${Object.keys(config).join(", ")}`);
      if (!Number.isSafeInteger(v) || v < 0) throw new HttpError(400, `'${k}' must be a non-negative integer (ms)`);
      updates[k] = v;
    }
    Object.assign(config, updates);
    return { status: 200, body: { ...config } };
  }

  // ------------------------------------------------------------ state for /__control/state

  function state() {
    const users = {};
    for (const u of st.users.values()) {
      users[u.userName] = { id: u.id, supervisor: u.supervisor, inSession: u.inSession, userState: u.userState, channels: [...u.channels], channelStates: structuredClone(u.channelStates), place: u.place, deviceId: u.deviceId };
    }
    const devices = {};
    for (const d of st.devices.values()) {
      devices[d.id] = { userName: st.users.get(d.userId).userName, phoneNumber: d.phoneNumber, e164Number: d.e164Number, monitoring: d.monitoring ? { ...d.monitoring } : null };
    }
    const chats = {};
    for (const c of st.chats.values()) {
      chats[c.id] = {
        agent: st.users.get(c.agentUserId).userName,
        state: c.state,
        participants: c.participants.map((p) => ({ participantId: p.participantId, nickname: p.nickname, type: p.type, visibility: p.visibility, supervisor: Boolean(p.supervisor), mode: p.mode ?? null, left: p.left, userName: p.userId ? st.users.get(p.userId).userName : null })),
        messages: c.messages.map((m) => ({ ...m })),
        userData: structuredClone(c.userData),
        disposition: c.disposition,
        comments: [...c.comments],
        operations: c.operations.map((o) => ({ ...o })),
      };
    }
    const chatMonitoring = {};
    for (const [supId, m] of st.chatMonitoring) {
      if (!m.size) continue;
      const entry = (chatMonitoring[st.users.get(supId).userName] = {});
      for (const [agentId, v] of m) entry[st.users.get(agentId).userName] = { ...v };
    }
    return {
      gws: {
        config: { ...config },
        users,
        devices,
        sessions: [...st.sessions.values()].map((s) => ({ id: s.id, userName: st.users.get(s.userId).userName, expired: !isLive(s), csrfToken: s.csrfToken, lastUsed: s.lastUsed })),
        calls: [...st.calls.values()].map((c) => ({ id: c.id, agent: st.users.get(c.agentUserId).userName, from: c.from, startedAt: c.startedAt, removed: [...c.removed] })),
        supervisorCalls: [...st.supCalls.values()].map((sc) => ({ callId: sc.callId, supervisor: st.users.get(sc.supUserId).userName, mode: sc.mode })),
        chats,
        chatMonitoring,
        cometd: {
          clients: [...clients.values()].map((c) => ({
            clientId: c.session.id,
            userName: c.userId ? st.users.get(c.userId)?.userName ?? null : null,
            subscriptions: c.session.subscriptions.map((ch) => ch.name),
          })),
          adviceNoneAlways,
        },
        notificationCount: st.notifications.length,
      },
    };
  }

  reset();

  // ------------------------------------------------------------ module object

  const routes = [
    { method: "GET", path: `${API}/me`, handler: api(getMe) },
    { method: "POST", path: `${API}/me`, handler: api(postMe, { write: true }) },
    {
      method: "GET",
      path: `${API}/me/devices`,
      handler: api((ctx, a) => {
        const d = st.devices.get(a.user.deviceId);
        // Request Parameters: a collection without `fields` comes back as URIs.
        const fields = ctx.query.get("fields");
        if ((fields === null || fields === "") && flavour("devicesWithoutFields") === "uris") return ok({ uris: [deviceUri(d.id)] });
        return ok({ devices: [deviceView(d)] });
      }),
    },
    { method: "GET", path: `${API}/me/devices/:id`, handler: api((ctx, a) => ok({ device: deviceView(myDevice(a, ctx.params.id)) })) },
    { method: "POST", path: `${API}/me/devices/:id`, handler: api(deviceOp, { write: true }) },
    { method: "GET", path: `${API}/me/calls`, handler: api((ctx, a) => ok({ calls: myCalls(a) })) },
    {
      method: "GET",
      path: `${API}/me/calls/:id`,
      handler: api((ctx, a) => {
        const call = myCalls(a).find((c) => c.id === ctx.params.id);
        if (!call) throw gwsError(6, `Call ${ctx.params.id} not found`);
        return ok({ call });
      }),
    },
    { method: "POST", path: `${API}/me/calls/:id`, handler: api(callOp, { write: true }) },
    { method: "GET", path: `${API}/me/channels`, handler: api((ctx, a) => ok({ channels: channelsView(a.user) })) },
    { method: "GET", path: `${API}/me/chats`, handler: api((ctx, a) => ok({ chats: myChats(a) })) },
    {
      method: "GET",
      path: `${API}/me/chats/:chatId`,
      handler: api((ctx, a) => {
        const chat = myChats(a).find((c) => c.id === ctx.params.chatId);
        if (!chat) throw gwsError(6, `Chat ${ctx.params.chatId} not found among your chats`);
        return ok({ chat });
      }),
    },
    { method: "POST", path: `${API}/me/chats/:chatId`, handler: api(chatOp, { write: true }) },
    { method: "GET", path: `${API}/users`, handler: api(listUsers) },
    { method: "GET", path: `${API}/users/:userId`, handler: api(getUser) },
    { method: "POST", path: `${API}/users/:userId/channels/:channel`, handler: api(userChannelOp, { write: true }) },
    { method: "POST", path: `${API}/users/:userId/chats/:chatId`, handler: api(intrude, { write: true }) },
    { method: "GET", path: `${API}/devices/:id`, handler: api(getDevice) },
    { method: "POST", path: `${API}/notifications/*`, handler: notifications },
  ];
  // Anything else under /api/v2: authentication (and CSRF on writes) first, as Spring Security
  // filters run before dispatch; then 405 (known path, other method) or 404, in GWS form.
  const compiled = routes.map((r) => ({ method: r.method, segs: compileRoute(r.path) }));
  function fallback(ctx) {
    const a = authenticate(ctx, !["GET", "HEAD"].includes(ctx.method));
    const allowed = [...new Set(compiled.filter((r) => matchRoute(r.segs, ctx.segments)).map((r) => r.method))];
    if (allowed.length) {
      throw new HttpError(405, `Method ${ctx.method} is not supported here`, {
        body: { statusCode: 2, statusMessage: `Method ${ctx.method} is not supported on ${ctx.path}; use ${allowed.join(", ")}` },
        headers: { ...a.headers, Allow: allowed.join(", ") },
      });
    }
    throw gwsError(6, `No such resource: ${ctx.path}`, a.headers);
  }
  for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]) routes.push({ method, path: `${API}/*`, handler: fallback });

  const controlRoutes = [
    { method: "POST", path: "/gws/expire-session", handler: controlExpire },
    { method: "POST", path: "/gws/call", handler: controlCall },
    { method: "POST", path: "/gws/chat/start", handler: controlChatStart },
    { method: "POST", path: "/gws/chat/message", handler: controlChatMessage },
    { method: "POST", path: "/gws/chat/end", handler: controlChatEnd },
    { method: "POST", path: "/gws/notify", handler: controlNotify },
    { method: "POST", path: "/gws/forget-cometd", handler: () => ({ status: 200, body: { forgotten: forgetClients() } }) },
    { method: "POST", path: "/gws/cometd-advice-none", handler: controlAdviceNone },
    {
      method: "DELETE",
      path: "/gws/cometd-advice-none",
      handler: () => {
        adviceNoneAlways = false;
        adviceNoneNext.clear();
        return { status: 204 };
      },
    },
    { method: "GET", path: "/gws/state", handler: () => ({ status: 200, body: state().gws }) },
    {
      method: "GET",
      path: "/gws/notifications",
      handler: (ctx) => {
        const s = ctx.query.get("since");
        if (s !== null && s !== "" && !/^\d+$/.test(s)) throw new HttpError(400, "'since' must be a non-negative integer");
        const since = s ? Number(s) : 0;
        return { status: 200, body: st.notifications.filter((n) => n.seq > since).map((n) => structuredClone(n)) };
      },
    },
    { method: "GET", path: "/gws/config", handler: () => ({ status: 200, body: { ...config } }) },
    { method: "POST", path: "/gws/config", handler: controlConfig },
  ];

  const oneOf = (key, values) => (v) => {
    if (!values.includes(v)) throw new HttpError(400, `'${key}' must be one of ${values.map((x) => JSON.stringify(x)).join(", ")}`);
    return v;
  };
  const bool = (key) => (v) => {
    if (typeof v !== "boolean") throw new HttpError(400, `'${key}' must be a boolean`);
    return v;
  };

  return {
    name: "gws",
    routes,
    controlRoutes,
    configSchema: {
      gwsVersion: oneOf("gwsVersion", ["8.5.1", "8.5.2"]),
      devicesWithoutFields: oneOf("devicesWithoutFields", ["uris", "devices"]),
      partialSessionStart: bool("partialSessionStart"),
      statusCodeAsString: bool("statusCodeAsString"),
      cometdCsrf: bool("cometdCsrf"),
    },
    corsAllowHeaders: ["x-csrf-token", "authorization"],
    corsExposeHeaders: ["X-CSRF-HEADER", "X-CSRF-TOKEN"],
    reset,
    state,
    /** The base URL GWS puts into `uri` fields (the emulator's own URL once listening). */
    listening(url) {
      origin = url;
    },
    close() {
      closed = true;
      forgetClients();
      cometd.close();
    },
    // Direct access for in-process tests.
    config,
    cometd,
    publish: (userName, channel, data) => {
      const u = userName === null ? null : userByName(userName);
      return deliver(u ? u.id : null, channel, data);
    },
    notifications: () => structuredClone(st.notifications),
    get users() {
      return st.users;
    },
    get devices() {
      return st.devices;
    },
    get chats() {
      return st.chats;
    },
    get sessions() {
      return st.sessions;
    },
  };
}
