// LiveVox emulator module: session API (LiveVox Session API pages) and Supervisor API (the LiveVox Supervisor API page),
// with the vendor sample's wire shapes and quirks. State is in memory; reset() returns to fixtures.
//
// The virtual-agent side (Agent API, Contact API, AIA endpoint; the LiveVox virtual-agent guide) lives in
// livevox-agent.mjs and is composed in here: its routes, control routes, reset and state are
// part of this module, and it shares the agents, sessions and clock.

import { randomUUID } from "node:crypto";
import { LIVEVOX } from "./fixtures.mjs";
import { createAgentSide } from "./livevox-agent.mjs";
import { HttpError, isPlainObject, own, parseBool } from "./util.mjs";

const CATEGORIES = new Set(["session", "callControl", "contact", "configuration", "campaign", "compliance", "reporting", "realtime"]);
const VERSION_RE = /^v\d+(\.\d+)*$/;
const SUP = "/callControl/supervisor";

/**
 * @param {{ config: { sessionIdleMs: number }, now?: () => number }} opts
 *   `config` is the emulator's shared live config object.
 */
export function createLiveVox({ config, now = Date.now }) {
  if (typeof config.sessionIdleMs !== "number") config.sessionIdleMs = LIVEVOX.sessionIdleMs;
  // Flavours (emulator/README.md, "Flavours (LiveVox)"): agentStatusShape, agentStatusBodyRequired,
  // requireApiVersion. A key never set plays its default ("object", false, null).

  let st; // all mutable state
  let lastTimestamp = 0; // survives reset so timestamps stay strictly increasing forever
  let chatSeq = 0;
  let agentSide = null; // created below; reset() runs once before it exists

  function reset() {
    st = {
      sessions: new Map(), // sessionId -> session
      agents: new Map(), // lower-case loginId -> agent
      users: new Map(LIVEVOX.users.map((u) => [u.userName, { ...u, previousPasswords: [] }])),
      chats: [], // chat sessions, oldest first
      monitors: new Map(), // supervisor userName -> monitor call state
    };
    for (const a of LIVEVOX.agents) {
      st.agents.set(a.loginId.toLowerCase(), {
        ...structuredClone(a),
        previousPasswords: [],
        monitoredBy: null,
        monitorMode: null,
        lastSupervisorMessage: null,
        stateChangedAt: now(),
      });
    }
    if (agentSide) {
      for (const a of st.agents.values()) agentSide.initAgent(a);
      agentSide.reset();
    }
  }
  reset();

  // Every service on the platform; supervisors' service/access lists only LIVEVOX.callCenters.
  const services = new Map();
  for (const cc of [...LIVEVOX.callCenters, ...LIVEVOX.agentOnlyCallCenters]) {
    for (const s of cc.services) services.set(s.serviceId, { ...s, callCenterId: cc.callCenterId });
  }

  /** Strictly increasing epoch-ms timestamps for everything stored. */
  function nextTimestamp() {
    lastTimestamp = Math.max(now(), lastTimestamp + 1);
    return lastTimestamp;
  }

  function findAgent(loginId) {
    return typeof loginId === "string" ? st.agents.get(loginId.toLowerCase()) ?? null : null;
  }

  // ------------------------------------------------------------ sessions

  function isLive(s) {
    if (s.loggedOut || s.expired) return false;
    if (now() - s.lastUsed > config.sessionIdleMs) {
      s.expired = true; // sticky: raising the idle time later does not revive it
      agentSide.onSessionEnded(s); // an agent whose session ends is logged off
      return false;
    }
    return true;
  }

  /** The live session named by LV-Session; throws 401 otherwise. Counts as use. */
  function requireSession(ctx) {
    const id = ctx.header("lv-session");
    if (!id) throw new HttpError(401, "Missing LV-Session header; log in with POST /session/login first");
    const s = st.sessions.get(id);
    if (!s) throw new HttpError(401, "Invalid session id; log in again");
    if (!isLive(s)) throw new HttpError(401, s.loggedOut ? "Session was logged out; log in again" : "Session expired; log in again");
    s.lastUsed = now();
    return s;
  }

  function requireSupervisor(ctx) {
    const s = requireSession(ctx);
    if (s.agent || !LIVEVOX.supervisorRoles.includes(s.role)) {
      throw new HttpError(403, `Role ${s.agent ? "Agent (agent login)" : s.role} may not use the Supervisor API; it needs Sysadmin, Superuser or Manager`);
    }
    return s;
  }

  function jsonObjectBody(ctx) {
    if (ctx.bodyError) throw new HttpError(400, "Malformed JSON body");
    if (!isPlainObject(ctx.body)) throw new HttpError(400, "Request body must be a JSON object");
    return ctx.body;
  }

  function optString(body, key) {
    const v = own(body, key);
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") throw new HttpError(400, `'${key}' must be a string`);
    return v;
  }

  function requiredQuery(ctx, name) {
    const v = ctx.query.get(name);
    if (v === null || v === "") throw new HttpError(400, `Query parameter '${name}' is required`);
    return v;
  }

  function agentList(body) {
    const agents = own(body, "agents");
    if (!Array.isArray(agents) || agents.length === 0) throw new HttpError(400, "'agents' must be a non-empty array of agent login ids");
    for (const a of agents) if (typeof a !== "string" || a === "") throw new HttpError(400, "'agents' must contain only non-empty strings");
    return agents;
  }

  /**
   * The account named by `{clientName, userName, password, agent}` with `LV-Access` (login and
   * password change): `{ account, principal }`, or 400/401.
   */
  function authenticate(ctx) {
    const token = ctx.header("lv-access");
    if (!token) throw new HttpError(401, "Missing LV-Access header (API access token)");
    if (!LIVEVOX.accessTokens.includes(token)) throw new HttpError(401, "Invalid LV-Access token");
    const body = jsonObjectBody(ctx);
    const clientName = own(body, "clientName");
    const userName = own(body, "userName");
    const password = own(body, "password");
    for (const [k, v] of [["clientName", clientName], ["userName", userName], ["password", password]]) {
      if (typeof v !== "string" || v === "") throw new HttpError(400, `'${k}' is required and must be a string`);
    }
    const rawAgent = own(body, "agent");
    const agent = rawAgent === undefined || rawAgent === null ? false : parseBool(rawAgent);
    if (agent === undefined) throw new HttpError(400, "'agent' must be a boolean (true/false)");
    if (clientName !== LIVEVOX.clientName) throw new HttpError(401, "Invalid client, user name or password");
    if (agent) {
      const a = findAgent(userName);
      if (!a || a.password !== password) throw new HttpError(401, "Invalid client, user name or password");
      return { token, body, account: a, principal: { key: "A:" + a.loginId, userName: a.loginId, userId: a.userId, role: "Agent", agent: true } };
    }
    const u = st.users.get(userName); // case-sensitive
    if (!u || u.password !== password) throw new HttpError(401, "Invalid client, user name or password");
    return { token, body, account: u, principal: { key: "U:" + u.userName, userName: u.userName, userId: u.userId, role: u.role, agent: false } };
  }

  function login(ctx) {
    const { token, account, principal } = authenticate(ctx);

    // Same user + same token with a live session → same session (LiveVox.NET comment; NICE CXone SmartReach).
    let session = null;
    for (const s of st.sessions.values()) {
      if (s.principalKey === principal.key && s.token === token && isLive(s)) {
        session = s;
        break;
      }
    }
    if (!session) {
      session = {
        sessionId: randomUUID(),
        principalKey: principal.key,
        userName: principal.userName,
        userId: principal.userId,
        role: principal.role,
        agent: principal.agent,
        token,
        createdAt: now(),
        lastUsed: now(),
        expired: false,
        loggedOut: false,
      };
      st.sessions.set(session.sessionId, session);
    }
    session.lastUsed = now();
    if (principal.agent) agentSide.onAgentLogin(findAgent(principal.userName), session);
    return {
      status: 200,
      body: {
        sessionId: session.sessionId,
        clientId: LIVEVOX.clientId,
        userId: session.userId,
        daysUntilPasswordExpires: account.daysUntilPasswordExpires ?? LIVEVOX.daysUntilPasswordExpires,
      },
    };
  }

  /**
   * POST /session/password {clientName, userName, password, newPassword, agent} with LV-Access,
   * no session (LiveVox Session API "ChangePassword"; body as the LiveVox commons Java client
   * sends it). The current password must match (else 401); the new one must follow
   * LIVEVOX.passwordPolicy (else 400). Afterwards only the new password logs in, the account's
   * sessions are ended (LiveVox: a session ends when the password changes), and the expiry
   * starts again. Reply 204 (assumed: no source shows the reply).
   */
  function changePassword(ctx) {
    const { body, account, principal } = authenticate(ctx);
    const next = own(body, "newPassword");
    if (typeof next !== "string" || next === "") throw new HttpError(400, "'newPassword' is required and must be a string");
    const policy = LIVEVOX.passwordPolicy;
    if (next === account.password) throw new HttpError(400, "The new password must differ from the current one");
    if (next.length < policy.minLength || !/[A-Za-z]/.test(next) || !/\d/.test(next)) {
      throw new HttpError(400, `The new password must have at least ${policy.minLength} characters, a letter and a digit`);
    }
    if (account.previousPasswords.includes(next)) {
      throw new HttpError(400, `The new password must not match any of the last ${policy.reuseCount} passwords`);
    }
    account.previousPasswords = [account.password, ...account.previousPasswords].slice(0, policy.reuseCount);
    account.password = next;
    account.daysUntilPasswordExpires = policy.expiryDays;
    for (const s of st.sessions.values()) {
      if (s.principalKey === principal.key && isLive(s)) {
        s.expired = true;
        agentSide.onSessionEnded(s);
      }
    }
    return { status: 204 };
  }

  function validate(ctx) {
    const s = st.sessions.get(ctx.params.sessionId);
    if (!s || !isLive(s)) throw new HttpError(404, "Session is not valid");
    s.lastUsed = now();
    return { status: 200, body: {} };
  }

  function logout(ctx) {
    const s = st.sessions.get(ctx.params.sessionId);
    if (!s || !isLive(s)) throw new HttpError(404, "Session not found");
    s.loggedOut = true;
    agentSide.onSessionEnded(s);
    return { status: 204 };
  }

  // ------------------------------------------------------------ agent status

  function statusChange(kind) {
    return (ctx) => {
      const sup = requireSupervisor(ctx);
      const body = jsonObjectBody(ctx);
      const agents = agentList(body);
      const message = optString(body, "message");
      let reasonCode = null;
      if (kind === "notReady") {
        reasonCode = optString(body, "reasonCode");
        if (reasonCode !== null && !LIVEVOX.reasonCodes.includes(reasonCode)) {
          throw new HttpError(400, `Invalid reasonCode ${JSON.stringify(reasonCode)}; valid: ${LIVEVOX.reasonCodes.join(", ")}`);
        }
      }
      const results = agents.map((id) => {
        const a = findAgent(id);
        if (!a) return { agentLoginId: id, status: "Failed: agent not found" };
        if (a.state === "LOGOFF") return { agentLoginId: id, status: "Failed: agent not logged in" };
        if (kind === "ready") {
          a.state = "READY";
          a.reasonCode = null;
        } else if (kind === "notReady") {
          a.state = "NOTREADY";
          a.reasonCode = reasonCode;
        } else {
          logoffAgent(a);
        }
        a.stateChangedAt = nextTimestamp();
        if (message !== null) a.lastSupervisorMessage = { from: sup.userName, message, timestamp: String(a.stateChangedAt) };
        return { agentLoginId: id, status: kind === "logoff" ? "Successfully logged off." : "Success" };
      });
      return { status: 200, body: { agents: results } };
    };
  }

  function logoffAgent(a) {
    agentSide.onLogoff(a);
    a.state = "LOGOFF";
    a.reasonCode = null;
    a.serviceId = null;
    a.onCall = false;
    a.call = null;
    a.monitoredBy = null;
    a.monitorMode = null;
    for (const m of st.monitors.values()) {
      if (m.agentLoginId === a.loginId) {
        m.agentLoginId = null;
        m.mode = null;
      }
    }
  }

  // ------------------------------------------------------------ chat

  function latestChat(supervisor, loginId) {
    for (let i = st.chats.length - 1; i >= 0; i--) {
      const c = st.chats[i];
      if (c.supervisor === supervisor && c.userLoginId === loginId) return c;
    }
    return null;
  }

  function activeChat(supervisor, loginId) {
    const c = latestChat(supervisor, loginId);
    return c && c.active ? c : null;
  }

  function newChat(supervisor, loginId, canReply) {
    const c = {
      id: `chat-${++chatSeq}`,
      supervisor,
      userLoginId: loginId,
      canReply,
      active: true,
      createdAt: now(),
      endedAt: null,
      messages: [],
    };
    st.chats.push(c);
    return c;
  }

  function appendMessage(chat, senderId, message) {
    const timestamp = nextTimestamp();
    chat.messages.push({ message, senderId, timestamp });
    return timestamp;
  }

  function broadcast(ctx) {
    const sup = requireSupervisor(ctx);
    const body = jsonObjectBody(ctx);
    const usersInfo = own(body, "usersInfo");
    const message = own(body, "message");
    if (!Array.isArray(usersInfo) || usersInfo.length === 0) throw new HttpError(400, "'usersInfo' must be a non-empty array");
    if (typeof message !== "string" || message === "") throw new HttpError(400, "'message' is required and must be a non-empty string");
    const entries = usersInfo.map((u, i) => {
      const id = own(u, "userLoginId");
      if (typeof id !== "string" || id === "") throw new HttpError(400, `usersInfo[${i}].userLoginId must be a non-empty string`);
      const canReply = parseBool(own(u, "canReply"));
      if (canReply === undefined) throw new HttpError(400, `usersInfo[${i}].canReply must be a boolean`);
      return { id, canReply };
    });
    const broadcastStatus = entries.map(({ id, canReply }) => {
      const a = findAgent(id);
      // Quirk reproduced from the LiveVox Supervisor API page: the reply key is "usersLoginId", not "userLoginId".
      if (!a || a.state === "LOGOFF") return { usersLoginId: id, sent: false };
      const chat = activeChat(sup.userName, a.loginId) ?? newChat(sup.userName, a.loginId, canReply);
      chat.canReply = canReply;
      appendMessage(chat, sup.userName, message);
      return { usersLoginId: id, sent: true };
    });
    return { status: 200, body: { broadcastStatus } };
  }

  function parseCursor(v) {
    if (v === undefined || v === null) return null;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
    if (typeof v === "string" && /^\d{1,16}$/.test(v.trim())) return Number(v.trim());
    throw new HttpError(400, "'filter.messageReceivedAfter' must be epoch milliseconds (number or digit string)");
  }

  function messages(ctx) {
    const sup = requireSupervisor(ctx);
    const body = jsonObjectBody(ctx);
    const filter = own(body, "filter");
    if (!isPlainObject(filter)) throw new HttpError(400, "'filter' is required and must be an object");
    const after = parseCursor(own(filter, "messageReceivedAfter"));
    const excludeOwnRaw = own(filter, "excludeOwn");
    if (excludeOwnRaw === undefined || excludeOwnRaw === null) throw new HttpError(400, "'filter.excludeOwn' is required");
    const excludeOwn = parseBool(excludeOwnRaw);
    if (excludeOwn === undefined) throw new HttpError(400, "'filter.excludeOwn' must be a boolean");

    const groups = new Map(); // loginId -> { first, messages }
    for (const chat of st.chats) {
      if (chat.supervisor !== sup.userName) continue;
      for (const m of chat.messages) {
        if (after !== null && !(m.timestamp > after)) continue;
        if (excludeOwn && m.senderId === sup.userName) continue;
        let g = groups.get(chat.userLoginId);
        if (!g) groups.set(chat.userLoginId, (g = { first: m.timestamp, messages: [] }));
        g.messages.push(m);
        if (m.timestamp < g.first) g.first = m.timestamp;
      }
    }
    if (groups.size === 0) return { status: 200, body: { chatList: [] } };
    let max = 0;
    const chatList = [...groups.entries()]
      .sort((x, y) => x[1].first - y[1].first)
      .map(([loginId, g]) => {
        g.messages.sort((x, y) => x.timestamp - y.timestamp);
        for (const m of g.messages) if (m.timestamp > max) max = m.timestamp;
        return {
          messageList: g.messages.map((m) => ({ message: m.message, senderId: m.senderId, timestamp: String(m.timestamp) })),
          userLoginId: loginId,
          canReply: latestChat(sup.userName, loginId).canReply,
        };
      });
    return { status: 200, body: { chatList, timestamp: String(max) } };
  }

  function send(ctx) {
    const sup = requireSupervisor(ctx);
    const body = jsonObjectBody(ctx);
    const id = own(body, "userLoginId");
    const message = own(body, "message");
    if (typeof id !== "string" || id === "") throw new HttpError(400, "'userLoginId' is required and must be a string");
    if (typeof message !== "string" || message === "") throw new HttpError(400, "'message' is required and must be a non-empty string");
    const a = findAgent(id);
    if (!a) throw new HttpError(404, `Agent ${id} not found`);
    let chat = activeChat(sup.userName, a.loginId);
    if (!chat) {
      if (a.state === "LOGOFF") throw new HttpError(409, `Agent ${id} is not logged in`);
      chat = newChat(sup.userName, a.loginId, true);
    }
    appendMessage(chat, sup.userName, message); // CR/LF kept as sent
    return { status: 204 };
  }

  function endChat(ctx) {
    const sup = requireSupervisor(ctx);
    const id = requiredQuery(ctx, "userLoginId");
    const a = findAgent(id);
    const chat = a ? activeChat(sup.userName, a.loginId) : null;
    if (!chat) throw new HttpError(404, `No chat session with ${id}`);
    chat.active = false;
    chat.endedAt = now();
    return { status: 204 };
  }

  // ------------------------------------------------------------ monitor

  function monitorOf(userName) {
    let m = st.monitors.get(userName);
    if (!m) st.monitors.set(userName, (m = { activeCall: false, numberToDial: null, extension: null, agentLoginId: null, mode: null, startedAt: null }));
    return m;
  }

  function monitorStart(ctx) {
    const sup = requireSupervisor(ctx);
    const numberToDial = requiredQuery(ctx, "numberToDial");
    const ext = ctx.query.get("extension");
    const m = monitorOf(sup.userName);
    m.activeCall = true;
    m.numberToDial = numberToDial;
    m.extension = ext === null || ext === "" ? null : ext;
    m.startedAt = now();
    // Quirk reproduced from the LiveVox Supervisor API page: 204 No Content, although its table promises {activeCall}.
    return { status: 204 };
  }

  function monitorState(ctx) {
    const sup = requireSupervisor(ctx);
    return { status: 200, body: { activeCall: monitorOf(sup.userName).activeCall } };
  }

  function monitorMode(mode) {
    return (ctx) => {
      const sup = requireSupervisor(ctx);
      const id = requiredQuery(ctx, "agentLoginId");
      const m = monitorOf(sup.userName);
      if (!m.activeCall) throw new HttpError(409, "Supervisor has no active monitor call; call monitor/start first");
      const a = findAgent(id);
      if (!a) throw new HttpError(404, `Agent ${id} not found`);
      if (a.state === "LOGOFF") throw new HttpError(409, `Agent ${id} is not logged in`);
      if (m.agentLoginId && m.agentLoginId !== a.loginId) {
        const prev = findAgent(m.agentLoginId);
        if (prev && prev.monitoredBy === sup.userName) {
          prev.monitoredBy = null;
          prev.monitorMode = null;
        }
      }
      m.agentLoginId = a.loginId;
      m.mode = mode;
      a.monitoredBy = sup.userName;
      a.monitorMode = mode;
      return { status: 204 };
    };
  }

  // ------------------------------------------------------------ services

  function serviceAccess(ctx) {
    requireSupervisor(ctx);
    // Key order as in the vendor sample's example.
    const callCenters = LIVEVOX.callCenters.map((cc) => ({
      services: cc.services.map((s) => ({ serviceId: s.serviceId, serviceName: s.serviceName })),
      callCenterId: cc.callCenterId,
      callCenterName: cc.callCenterName,
    }));
    return { status: 200, body: { callCenters } };
  }

  function switchService(ctx) {
    requireSupervisor(ctx);
    const body = jsonObjectBody(ctx);
    const agents = agentList(body);
    let target = own(body, "targetServiceId");
    if (typeof target === "string" && /^\d{1,15}$/.test(target)) target = Number(target); // Jackson coerces
    if (!Number.isSafeInteger(target)) throw new HttpError(400, "'targetServiceId' is required and must be an integer");
    if (!services.has(target)) throw new HttpError(400, `Unknown service ${target}`);
    optString(body, "message");
    const results = agents.map((id) => {
      const a = findAgent(id);
      if (!a || a.state === "LOGOFF") return { agentLoginId: id, message: "failed" };
      a.serviceId = target;
      a.stateChangedAt = nextTimestamp();
      return { agentLoginId: id, message: "Completed: Success" };
    });
    return { status: 200, body: { agents: results } };
  }

  // ------------------------------------------------------------ control

  function sessionView(s) {
    const live = isLive(s);
    return { sessionId: s.sessionId, userName: s.userName, agent: s.agent, role: s.role, expired: !live, loggedOut: s.loggedOut, lastUsed: s.lastUsed };
  }

  function agentView(a) {
    const { password, previousPasswords, ...rest } = a;
    return structuredClone(rest);
  }

  function state() {
    for (const s of st.sessions.values()) isLive(s); // notice expiries first (they log agents off)
    const agents = {};
    for (const a of st.agents.values()) agents[a.loginId] = agentView(a);
    const monitor = {};
    for (const [k, m] of st.monitors) monitor[k] = { ...m };
    return {
      agents,
      sessions: [...st.sessions.values()].map(sessionView),
      chats: st.chats.map((c) => ({ ...c, messages: c.messages.map((m) => ({ ...m, timestamp: String(m.timestamp) })) })),
      monitor,
      ...agentSide.state(),
    };
  }

  function controlReply(ctx) {
    const body = jsonObjectBody(ctx);
    const id = own(body, "userLoginId");
    const message = own(body, "message");
    const supervisor = own(body, "supervisor") ?? "supervisor";
    if (typeof id !== "string" || id === "") throw new HttpError(400, "'userLoginId' is required");
    if (typeof message !== "string" || message === "") throw new HttpError(400, "'message' is required and must be a non-empty string");
    if (typeof supervisor !== "string" || !st.users.has(supervisor)) throw new HttpError(404, `Unknown supervisor ${JSON.stringify(supervisor)}`);
    const a = findAgent(id);
    if (!a) throw new HttpError(404, `Agent ${id} not found`);
    const latest = latestChat(supervisor, a.loginId);
    let chat;
    if (latest && latest.active) chat = latest;
    else if (latest) throw new HttpError(409, `The chat session between ${supervisor} and ${a.loginId} was ended`);
    else if (a.state === "LOGOFF") throw new HttpError(409, `Agent ${a.loginId} is not logged in`);
    else chat = newChat(supervisor, a.loginId, true);
    const ts = appendMessage(chat, a.loginId, message);
    return { status: 200, body: { timestamp: String(ts), chatId: chat.id } };
  }

  function controlSetAgent(ctx) {
    const a = findAgent(ctx.params.loginId);
    if (!a) throw new HttpError(404, `Agent ${ctx.params.loginId} not found`);
    const body = jsonObjectBody(ctx);
    const next = {};
    if (own(body, "state") !== undefined) {
      const s = own(body, "state");
      if (!["READY", "NOTREADY", "LOGOFF"].includes(s)) throw new HttpError(400, "'state' must be READY, NOTREADY or LOGOFF");
      next.state = s;
    }
    if (own(body, "reasonCode") !== undefined) {
      const r = own(body, "reasonCode");
      if (r !== null && !LIVEVOX.reasonCodes.includes(r)) throw new HttpError(400, "Invalid 'reasonCode'");
      next.reasonCode = r;
    }
    if (own(body, "serviceId") !== undefined) {
      const s = own(body, "serviceId");
      if (s !== null && !services.has(s)) throw new HttpError(400, "Unknown 'serviceId'");
      next.serviceId = s;
    }
    if (own(body, "onCall") !== undefined) {
      if (typeof own(body, "onCall") !== "boolean") throw new HttpError(400, "'onCall' must be a boolean");
      next.onCall = own(body, "onCall");
    }
    if (next.state === "LOGOFF") {
      logoffAgent(a);
    } else {
      Object.assign(a, next);
      if (next.state === "READY" && next.reasonCode === undefined) a.reasonCode = null;
      if (a.onCall && !a.call) a.call = makeCall(a);
      if (!a.onCall) a.call = null;
    }
    a.stateChangedAt = nextTimestamp();
    return { status: 200, body: agentView(a) };
  }

  function makeCall(a) {
    const n = nextTimestamp();
    const svc = services.get(a.serviceId);
    return {
      lineNumber: "ACD",
      callTransactionId: String(n),
      callSessionId: `U${n.toString(16).toUpperCase()}@10.101.21.216`,
      serviceId: a.serviceId,
      callCenterId: svc ? svc.callCenterId : null,
      accountNumber: `ACC-${a.userId}`,
      phoneNumber: "2134634007",
    };
  }

  function controlExpire(ctx) {
    if (ctx.body !== null && !isPlainObject(ctx.body)) throw new HttpError(400, "Body must be a JSON object");
    const id = own(ctx.body, "sessionId");
    const expired = [];
    if (id !== undefined && id !== null) {
      const s = st.sessions.get(id);
      if (!s) throw new HttpError(404, "Session not found");
      s.expired = true;
      agentSide.onSessionEnded(s);
      expired.push(id);
    } else {
      for (const s of st.sessions.values()) {
        if (!s.expired && !s.loggedOut) expired.push(s.sessionId);
        s.expired = true;
        agentSide.onSessionEnded(s);
      }
    }
    return { status: 200, body: { expired } };
  }

  // ------------------------------------------------------------ agent side (the LiveVox virtual-agent guide)

  agentSide = createAgentSide({
    now,
    agents: () => st.agents,
    sessions: () => st.sessions,
    services,
    findAgent,
    nextTimestamp,
    requireSession,
    isLive,
    logoffAgent,
  });
  for (const a of st.agents.values()) agentSide.initAgent(a);

  // ------------------------------------------------------------ module object

  const sessionRoutes = [
    { method: "POST", path: "/session/login", handler: login },
    { method: "POST", path: "/session/password", handler: changePassword },
    { method: "GET", path: "/session/validate/:sessionId", handler: validate },
    { method: "DELETE", path: "/session/logout/:sessionId", handler: logout },
  ];
  const supervisorRoutes = [
    { method: "POST", path: `${SUP}/agent/status/ready`, handler: statusChange("ready") },
    { method: "POST", path: `${SUP}/agent/status/notReady`, handler: statusChange("notReady") },
    { method: "POST", path: `${SUP}/agent/status/logoff`, handler: statusChange("logoff") },
    { method: "POST", path: `${SUP}/chat/broadcast`, handler: broadcast },
    { method: "POST", path: `${SUP}/chat/messages`, handler: messages },
    { method: "POST", path: `${SUP}/chat/send`, handler: send },
    { method: "POST", path: `${SUP}/chat/end`, handler: endChat },
    { method: "POST", path: `${SUP}/monitor/start`, handler: monitorStart },
    { method: "GET", path: `${SUP}/monitor/state`, handler: monitorState },
    { method: "POST", path: `${SUP}/monitor/listen`, handler: monitorMode("listen") },
    { method: "POST", path: `${SUP}/monitor/coach`, handler: monitorMode("coach") },
    { method: "POST", path: `${SUP}/monitor/barge`, handler: monitorMode("barge") },
    { method: "GET", path: `${SUP}/service/access`, handler: serviceAccess },
    { method: "POST", path: `${SUP}/agent/service/switch`, handler: switchService },
  ];

  return {
    name: "livevox",
    routes: [...sessionRoutes, ...supervisorRoutes, ...agentSide.routes],
    controlRoutes: [
      { method: "POST", path: "/expire-session", handler: controlExpire },
      { method: "POST", path: "/chat/reply", handler: controlReply },
      { method: "GET", path: "/agents", handler: () => ({ status: 200, body: state().agents }) },
      {
        method: "GET",
        path: "/agents/:loginId",
        handler: (ctx) => {
          const a = findAgent(ctx.params.loginId);
          if (!a) throw new HttpError(404, `Agent ${ctx.params.loginId} not found`);
          return { status: 200, body: agentView(a) };
        },
      },
      { method: "POST", path: "/agents/:loginId", handler: controlSetAgent },
      ...agentSide.controlRoutes,
    ],
    /** Accept an optional version segment after the category: /session/v5.0/login. */
    normalizeSegments(segs) {
      const versioned = segs.length >= 2 && CATEGORIES.has(segs[0]) && VERSION_RE.test(segs[1]);
      if (config.requireApiVersion && segs.length && CATEGORIES.has(segs[0]) && segs[0] !== "realtime") {
        // A deployment pinned to one version: other paths match no route (404 after the session check).
        if (!versioned || segs[1] !== config.requireApiVersion) return ["~unversioned", ...segs];
      }
      if (versioned) return [segs[0], ...segs.slice(2)];
      return segs;
    },
    /** Unknown paths in an authenticated category: session check first (401), then 404. */
    notFound(ctx) {
      const segs = ctx.segments[0] === "~unversioned" ? ctx.segments.slice(1) : ctx.segments;
      if (segs.length && CATEGORIES.has(segs[0]) && segs[0] !== "session") requireSession(ctx);
      return undefined;
    },
    configSchema: {
      sessionIdleMs(v) {
        if (!Number.isSafeInteger(v) || v < 0) throw new HttpError(400, "'sessionIdleMs' must be a non-negative integer");
        return v;
      },
      /** `agentStatus` of POST /callControl/agent/status: an object (LiveVox.NET) or a list (AzureDemo reads agentStatus[0]). */
      agentStatusShape(v) {
        if (v !== "object" && v !== "array") throw new HttpError(400, "'agentStatusShape' must be \"object\" or \"array\"");
        return v;
      },
      /** POST /callControl/agent/status without a JSON body answers 400 (AzureDemo: the body is mandatory). */
      agentStatusBodyRequired(v) {
        if (typeof v !== "boolean") throw new HttpError(400, "'agentStatusBodyRequired' must be a boolean");
        return v;
      },
      /** Only paths with this version segment exist (`/session/v6.0/login`); null: any version or none. */
      requireApiVersion(v) {
        if (v !== null && (typeof v !== "string" || !VERSION_RE.test(v))) throw new HttpError(400, "'requireApiVersion' must be null or a version such as \"v6.0\"");
        return v;
      },
    },
    corsAllowHeaders: ["lv-session", "lv-access"],
    reset,
    state,
    // Direct access for in-process tests and later modules.
    findAgent,
    nextTimestamp,
    requireSession,
    requireSupervisor,
    get sessions() {
      return st.sessions;
    },
    get agents() {
      return st.agents;
    },
    get chats() {
      return st.chats;
    },
    services,
  };
}
