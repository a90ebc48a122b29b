// LiveVox emulator, virtual-agent side (the LiveVox virtual-agent guide): the Agent API (`/callControl/agent/…`,
// LiveVox Agent API pages), the Contact API (`/contact/contacts`, LiveVox Contact API pages) and an AI Integration App (AIA)
// endpoint (`/aia/:client`), plus control routes that play the platform's part: routing a call
// to a Ready agent (with the SIP INVITE the AI vendor would receive), hanging up, and reading
// calls and AIA records back.
//
// This file is composed into the LiveVox module by livevox.mjs (createAgentSide); it shares that
// module's agents, sessions and clock. Node built-ins only.

import { randomBytes } from "node:crypto";
import { LIVEVOX } from "./fixtures.mjs";
import { HttpError, isPlainObject, own, parseBool } from "./util.mjs";

const AGENT = "/callControl/agent";
const LINE_NUMBERS = new Set(["ACD", "DIRECT", ...Array.from({ length: 20 }, (_, i) => `EXT${i + 1}`)]);
const DIAL_BLOCKS = ["DAILY", "PERMANENT", "NONE", "BOTH", "DAILY_OFF", "PERMANENT_OFF"];
const CONTACT_STRINGS = ["accountToSpeak", "originalAccountNumber", "address1", "address2", "city", "state", "country"];
const PERSON_STRINGS = ["firstName", "lastName", "email", "ssn", "zipCode"];
const MAX_LIST = 1000;
/** AIA fields named by the LiveVox virtual-agent guide (matched case-insensitively: the guide writes "Other1"). */
const AIA_FIELDS = new Set(["transactionid", "sessionid", "ani", "accountnumber", "nextaction", "calloutcome", "lvresult", ...Array.from({ length: 20 }, (_, i) => `other${i + 1}`)]);

/**
 * Normalise a North-American number to E.164 (`+1NXXNXXXXXX`), or null when it is not one.
 * Accepts `+18990000001`, `18990000001`, `8990000001`, and a `+` that the query decoding turned
 * into a space (` 18990000001`); spaces, dots, dashes and parentheses are ignored.
 */
export function normalizePhone(v) {
  if (typeof v === "number" && Number.isSafeInteger(v)) v = String(v);
  if (typeof v !== "string") return null;
  const d = v.replace(/[\s().-]/g, "").replace(/^\+/, "");
  if (!/^\d+$/.test(d)) return null;
  if (d.length === 10) return "+1" + d;
  if (d.length === 11 && d[0] === "1") return "+" + d;
  return null;
}

/** The 10-digit national form the Agent API uses for the caller's number ("2134634007"). */
const national = (e164) => e164.slice(2);

/**
 * @param {object} deps
 * @param {() => number} deps.now
 * @param {() => Map<string, object>} deps.agents lower-case loginId -> agent (live map)
 * @param {() => Map<string, object>} deps.sessions sessionId -> session (live map)
 * @param {Map<number, object>} deps.services every service (serviceId -> {serviceId, serviceName, callCenterId})
 * @param {(id: string) => object|null} deps.findAgent
 * @param {() => number} deps.nextTimestamp strictly increasing epoch ms
 * @param {(ctx: object) => object} deps.requireSession 401 unless LV-Session is live; counts as use
 * @param {(s: object) => boolean} deps.isLive
 * @param {(a: object) => void} deps.logoffAgent the supervisor-API logoff (clears service, call, monitoring)
 */
export function createAgentSide({ now, agents, sessions, services, findAgent, nextTimestamp, requireSession, isLive, logoffAgent }) {
  let st;
  // These survive reset so ids handed out before a reset never match a later call.
  let txSeq = 108821676850; // the vendor sample's callTransactionId; fixture LV_TEST's call uses it
  let sipSeq = 0x2db327; // the hex part of the vendor sample's Session-ID "U2DB327T5E18E8DC@…"

  function reset() {
    st = {
      calls: [], // every call routed (or terminated) since reset, oldest first
      callsById: new Map(), // callTransactionId -> call record
      aia: [], // AIA records, oldest first
      aiaSeq: 0,
      contacts: new Map(), // account (case-sensitive) -> { id, details, createDate, modifyDate }
      contactSeq: LIVEVOX.firstContactId,
    };
    const t = now();
    for (const c of LIVEVOX.contacts) {
      st.contacts.set(c.account, { id: st.contactSeq++, details: cleanContact(structuredClone(c), true), createDate: t, modifyDate: t });
    }
  }

  /** Agent fields the agent side adds (called by livevox.mjs for every agent on reset). */
  function initAgent(a) {
    a.virtual = a.virtual === true;
    a.sessionId = null; // the agent login session that owns the agent (the latest login)
    a.joinedPhoneNumber = null; // phone given on service/join; INVITEs go to it
    a.muted = false; // PUT call/mute|unmute
  }

  // ------------------------------------------------------------ helpers

  function bodyObject(ctx, { optional = false } = {}) {
    if (ctx.bodyError) throw new HttpError(400, "Malformed JSON body");
    if (ctx.body === null && optional) return {};
    if (!isPlainObject(ctx.body)) throw new HttpError(400, "Request body must be a JSON object");
    return ctx.body;
  }

  /** serviceId from a query value or JSON value: an integer (digit strings coerced, as Jackson does). */
  function parseServiceId(v, name = "serviceId") {
    if (typeof v === "string" && /^\d{1,15}$/.test(v.trim())) v = Number(v.trim());
    if (!Number.isSafeInteger(v) || v < 0) throw new HttpError(400, `'${name}' must be an integer service id`);
    return v;
  }

  function knownService(id) {
    const svc = services.get(id);
    if (!svc) throw new HttpError(404, `Service ${id} not found`);
    return svc;
  }

  function termCodesOf(serviceId) {
    return LIVEVOX.termCodes[serviceId] ?? LIVEVOX.termCodes["*"];
  }

  function effectivePhone(a) {
    return a.joinedPhoneNumber ?? a.phoneNumber;
  }

  function isJoined(a) {
    return a.state !== "LOGOFF" && a.state !== "LOGON" && a.serviceId !== null && a.serviceId !== undefined;
  }

  /** Change state/reason; bumps stateChangedAt when anything changed (or when forced). */
  function setState(a, state, reasonCode = null, force = false) {
    if (!force && a.state === state && a.reasonCode === reasonCode) return;
    a.state = state;
    a.reasonCode = reasonCode;
    a.stateChangedAt = nextTimestamp();
  }

  /** The line's state: the call's phase while there is a call, else the agent's state. */
  function lineState(a) {
    if (a.call) return a.call.held && (a.call.state ?? "INCALL") === "INCALL" ? "HOLD" : (a.call.state ?? "INCALL");
    return a.state;
  }

  /** Touch every session so expired ones are noticed (and their agents logged off). */
  function sweep() {
    for (const s of sessions().values()) isLive(s);
  }

  function requireAgent(ctx) {
    const s = requireSession(ctx);
    if (!s.agent) {
      throw new HttpError(403, `The Agent API needs an agent login (agent: true); user ${s.userName} (role ${s.role}) may not use it`);
    }
    const a = findAgent(s.userName);
    if (!a) throw new HttpError(401, "Agent of this session no longer exists; log in again");
    return a;
  }

  function notOnCall(a) {
    if (a.call) throw new HttpError(409, `Agent ${a.loginId} is on a call (${lineState(a)}); set a term code first`);
  }

  /**
   * An agent's Not Ready reason: the six codes of the supervisor page, or any code a client
   * configures per service (service features carry `notReadyReasonCodes`, AzureDemo; LiveVox.NET
   * sends "Tech Difficulties", "Voice Mail"). The 64-character limit is an assumption.
   */
  function reasonCodeOf(v) {
    if (v === undefined || v === null || v === "") return null;
    if (typeof v !== "string" || !v.trim() || v.length > 64) {
      throw new HttpError(400, `Invalid reasonCode ${JSON.stringify(v)}; e.g. ${LIVEVOX.reasonCodes.join(", ")} or a code configured for the service`);
    }
    return v;
  }

  function epochMs(v, name) {
    if (v === undefined || v === null) return null;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
    if (typeof v === "string" && /^\d{1,16}$/.test(v.trim())) return Number(v.trim());
    throw new HttpError(400, `'${name}' must be epoch milliseconds (number or digit string)`);
  }

  // ------------------------------------------------------------ session hooks (from livevox.mjs)

  /** An agent login: binds the agent to this session; a logged-off agent becomes LOGON. */
  function onAgentLogin(a, session) {
    a.sessionId = session.sessionId;
    if (a.state === "LOGOFF") setState(a, "LOGON");
  }

  /** The agent's own session ended (logout or expiry): the platform logs the agent off. */
  function onSessionEnded(session) {
    if (!session.agent) return;
    const a = findAgent(session.userName);
    if (a && a.sessionId === session.sessionId) {
      a.sessionId = null;
      if (a.state !== "LOGOFF") {
        logoffAgent(a);
        a.stateChangedAt = nextTimestamp();
      }
    }
  }

  /** Called by logoffAgent before it clears the agent's call and service. */
  function onLogoff(a) {
    if (a.call) endCall(a.call.callTransactionId, "logoff");
    a.joinedPhoneNumber = null;
  }

  // ------------------------------------------------------------ agent API

  function join(ctx) {
    const a = requireAgent(ctx);
    const raw = ctx.query.get("serviceId");
    if (raw === null || raw === "") throw new HttpError(400, "Query parameter 'serviceId' is required");
    const serviceId = parseServiceId(raw);
    knownService(serviceId);
    const rawPhone = ctx.query.get("phoneNumber");
    let phone = a.phoneNumber;
    if (rawPhone !== null && rawPhone !== "") {
      phone = normalizePhone(rawPhone);
      if (!phone) throw new HttpError(400, `'phoneNumber' ${JSON.stringify(rawPhone)} is not a valid 10- or 11-digit phone number`);
    }
    notOnCall(a);
    if (isJoined(a) && a.serviceId !== serviceId) {
      throw new HttpError(409, `Agent ${a.loginId} is already in service ${a.serviceId}; leave it first`);
    }
    for (const b of agents().values()) {
      if (b !== a && b.state !== "LOGOFF" && b.serviceId !== null && effectivePhone(b) === phone) {
        throw new HttpError(409, `Phone number ${phone} is already in use by agent ${b.loginId}`);
      }
    }
    a.joinedPhoneNumber = phone;
    if (!isJoined(a)) {
      a.serviceId = serviceId;
      setState(a, "NOTREADY", null, true); // joining puts the agent in Not Ready (then status/ready)
    }
    return { status: 204 };
  }

  function leave(ctx) {
    const a = requireAgent(ctx);
    notOnCall(a);
    const wasJoined = a.serviceId !== null;
    a.serviceId = null;
    a.joinedPhoneNumber = null;
    if (a.state !== "LOGOFF") setState(a, "LOGON", null, wasJoined);
    return { status: 204 };
  }

  function ready(ctx) {
    const a = requireAgent(ctx);
    bodyObject(ctx, { optional: true });
    notOnCall(a);
    if (!isJoined(a)) throw new HttpError(409, `Agent ${a.loginId} is not in a service; join one first (service/join)`);
    setState(a, "READY", null);
    return { status: 204 };
  }

  function notReady(ctx) {
    const a = requireAgent(ctx);
    const body = bodyObject(ctx, { optional: true });
    const q = ctx.query.get("reasonCode");
    const reasonCode = reasonCodeOf(q !== null && q !== "" ? q : own(body, "reasonCode"));
    notOnCall(a);
    if (!isJoined(a)) throw new HttpError(409, `Agent ${a.loginId} is not in a service; join one first (service/join)`);
    setState(a, "NOTREADY", reasonCode);
    return { status: 204 };
  }

  function status(ctx) {
    const a = requireAgent(ctx);
    // AzureDemo always sends `{ }` and says the body is mandatory (flavour agentStatusBodyRequired).
    if (ctx.config?.agentStatusBodyRequired && ctx.body === null && !ctx.bodyError) {
      throw new HttpError(400, "A JSON body is required ({} or {\"stateChangedAfter\": ...})");
    }
    const body = bodyObject(ctx, { optional: true });
    // The LiveVox virtual-agent guide sends it in the body ({"stateChangedAfter": "1573809480000"});
    // LiveVox.NET as a query param. With the object shape the reply is always the full current status
    // (the emulator does not hold the request until a change, so polling clients get an answer at once).
    let after = epochMs(own(body, "stateChangedAfter"), "stateChangedAfter");
    if (after === null) {
      const q = ctx.query.get("stateChangedAfter");
      if (q !== null && q !== "") after = epochMs(q, "stateChangedAfter");
    }
    if (ctx.config?.agentStatusShape === "array") {
      // AzureDemo reads agentStatus[0]. An empty list when nothing changed since stateChangedAfter
      // is an assumption (no source shows the reply to an unchanged agent).
      const unchanged = after !== null && a.stateChangedAt <= after && !a.call;
      return { status: 200, body: { agentStatus: unchanged ? [] : [statusOf(a)] } };
    }
    return { status: 200, body: { agentStatus: statusOf(a) } };
  }

  function statusOf(a) {
    let inProgress = 0;
    if (a.serviceId !== null) for (const b of agents().values()) if (b.call && b.call.serviceId === a.serviceId) inProgress++;
    const line = { lineNumber: "ACD", state: lineState(a), stateChangedTime: String(a.stateChangedAt) };
    if (a.call) {
      const c = a.call;
      line.call = {
        callTransactionId: c.callTransactionId,
        callSessionId: c.callSessionId,
        serviceId: c.serviceId,
        callCenterId: c.callCenterId,
        accountNumber: c.accountNumber,
        phoneNumber: c.phoneNumber,
        callRequiresAcceptance: false,
      };
      // Seen in the AzureDemo client's status reply; set by conference/manual.
      line.conferenceInitiated = !!c.conference;
      line.callConferenced = !!c.conference;
    }
    return {
      reasonCode: a.reasonCode ?? null,
      agentMuted: !!a.muted,
      agentCallConnected: !!a.call && lineState(a) === "INCALL",
      newVoicemailsCount: 0,
      service: { callsInProgress: inProgress, callsRemaining: 0, callsOnHold: 0, reloadServiceFeatures: false, reloadServiceId: 0 },
      chat: { chatMessages: [], terminatedChatSessions: [] },
      voicemail: { voicemailCallConnected: false, voicemailFailureErrorCode: 0 },
      lines: [line],
    };
  }

  function termCodeList(ctx) {
    const a = requireAgent(ctx);
    const raw = ctx.query.get("serviceId");
    let serviceId;
    if (raw === null || raw === "") {
      if (a.serviceId === null) throw new HttpError(400, "Query parameter 'serviceId' is required when the agent is in no service");
      serviceId = a.serviceId;
    } else serviceId = parseServiceId(raw);
    knownService(serviceId);
    return { status: 200, body: { termCodeCategories: structuredClone(termCodesOf(serviceId)) } };
  }

  function idString(v, name, { required = true } = {}) {
    if (v === undefined || v === null || v === "") {
      if (required) throw new HttpError(400, `'${name}' is required`);
      return null;
    }
    if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
    if (typeof v !== "string") throw new HttpError(400, `'${name}' must be a string`);
    return v;
  }

  function setTermCode(ctx) {
    const a = requireAgent(ctx);
    const body = bodyObject(ctx);
    const lineNumber = ctx.query.get("lineNumber") || "ACD";
    if (!LINE_NUMBERS.has(lineNumber)) throw new HttpError(400, `Invalid lineNumber ${JSON.stringify(lineNumber)}; valid: ACD, DIRECT, EXT1…EXT20`);
    const callTransactionId = idString(own(body, "callTransactionId"), "callTransactionId");
    const callSessionId = idString(own(body, "callSessionId"), "callSessionId");
    const termCodeId = idString(own(body, "termCodeId"), "termCodeId");
    const rawMove = own(body, "moveAgentToNotReady");
    const move = rawMove === undefined || rawMove === null ? false : parseBool(rawMove); // "false" as in the LiveVox virtual-agent guide
    if (move === undefined) throw new HttpError(400, "'moveAgentToNotReady' must be a boolean");
    const notes = own(body, "notes");
    if (notes !== undefined && notes !== null && typeof notes !== "string") throw new HttpError(400, "'notes' must be a string");
    const account = own(body, "account");
    if (account !== undefined && account !== null && typeof account !== "string") throw new HttpError(400, "'account' must be a string");
    const reasonCode = reasonCodeOf(own(body, "reasonCode"));
    let paymentAmt = own(body, "paymentAmt");
    if (paymentAmt !== undefined && paymentAmt !== null) {
      if (typeof paymentAmt === "string" && /^\d+(\.\d+)?$/.test(paymentAmt.trim())) paymentAmt = Number(paymentAmt);
      if (typeof paymentAmt !== "number" || !Number.isFinite(paymentAmt) || paymentAmt < 0) throw new HttpError(400, "'paymentAmt' must be a non-negative number");
    } else paymentAmt = null;
    const rawDialed = own(body, "phoneDialed");
    let phoneDialed = null;
    if (rawDialed !== undefined && rawDialed !== null && rawDialed !== "") {
      phoneDialed = normalizePhone(rawDialed);
      if (!phoneDialed) throw new HttpError(400, `'phoneDialed' ${JSON.stringify(rawDialed)} is not a valid phone number`);
    }

    const call = a.call;
    if (!call || lineNumber !== (call.lineNumber ?? "ACD")) throw new HttpError(400, `Agent ${a.loginId} has no call on line ${lineNumber}`);
    if (call.callTransactionId !== callTransactionId || call.callSessionId !== callSessionId) {
      throw new HttpError(400, "callTransactionId and callSessionId do not match the agent's current call; read them from POST /callControl/agent/status");
    }
    const rawService = own(body, "serviceId");
    if (rawService !== undefined && rawService !== null && parseServiceId(rawService) !== call.serviceId) {
      throw new HttpError(400, `'serviceId' does not match the call's service ${call.serviceId}`);
    }
    if (phoneDialed && national(phoneDialed) !== String(call.phoneNumber).replace(/\D/g, "").slice(-10)) {
      throw new HttpError(400, `'phoneDialed' does not match the call's phone number ${call.phoneNumber}`);
    }
    let found = null;
    for (const cat of termCodesOf(call.serviceId)) {
      for (const tc of cat.termCodes) if (tc.id === termCodeId) found = { category: cat.name, tc };
    }
    if (!found) throw new HttpError(400, `Term code ${termCodeId} does not exist in service ${call.serviceId}; list them with GET /callControl/agent/termCode`);
    if (found.tc.paymentAmtRequired && paymentAmt === null) throw new HttpError(400, `Term code ${termCodeId} (${found.tc.name}) requires 'paymentAmt'`);

    const rec = recordFor(a, call);
    rec.termCode = {
      termCodeId,
      name: found.tc.name,
      category: found.category,
      lvResultId: found.tc.lvResultId,
      lvResult: found.tc.lvResult,
      actionType: found.tc.actionType,
      phoneDialed: rawDialed ?? null,
      moveAgentToNotReady: move,
      notes: notes ?? null,
      account: account ?? null,
      paymentAmt,
      reasonCode,
      lineNumber,
      setAt: now(),
    };
    rec.outcome = found.category;
    endCall(callTransactionId, "termCode");
    a.call = null;
    a.onCall = false;
    setState(a, move ? "NOTREADY" : "READY", move ? reasonCode : null, true);
    return { status: 204 };
  }

  // ------------------------------------------------------------ call control (AzureDemo, LiveVox.NET, the CXone SmartReach Cognigy extension)

  /** The agent's call on `?lineNumber=` (ACD when absent); 409 when there is none. */
  function callOnLine(ctx, a, { live = false } = {}) {
    const lineNumber = ctx.query.get("lineNumber") || "ACD";
    if (!LINE_NUMBERS.has(lineNumber)) throw new HttpError(400, `Invalid lineNumber ${JSON.stringify(lineNumber)}; valid: ACD, DIRECT, EXT1…EXT20`);
    const call = a.call;
    if (!call || lineNumber !== (call.lineNumber ?? "ACD")) throw new HttpError(409, `Agent ${a.loginId} has no call on line ${lineNumber}`);
    if (live && (call.state ?? "INCALL") !== "INCALL") throw new HttpError(409, `The call of agent ${a.loginId} is in ${call.state}, not connected`);
    return call;
  }

  /** Appends to the call record's event list (what the request changed, and when). */
  function callEvent(a, call, type, extra = {}) {
    const rec = recordFor(a, call);
    rec.events.push({ type, at: now(), ...extra });
    return rec;
  }

  function screenPop(ctx) {
    const a = requireAgent(ctx);
    const call = callOnLine(ctx, a);
    return { status: 200, body: { screenPopRow: structuredClone(call.screenPop ?? screenPopRows(call, null)) } };
  }

  /**
   * The rows of a routed call's screen pop. The keys are those of the AzureDemo client's
   * recorded reply; which rows a service shows is configured per client on the platform
   * (assumed here: these seven, filled from the contact of the call's account).
   */
  function screenPopRows(call, svc) {
    const contact = call.accountNumber ? st.contacts.get(call.accountNumber) : null;
    const person = contact?.details.person ?? {};
    return [
      { key: "FIRST NAME", value: person.firstName ?? "" },
      { key: "LAST NAME", value: person.lastName ?? "" },
      { key: "ACCOUNT NUMBER", value: call.accountNumber ?? "" },
      { key: "PHONE DIALED", value: String(call.phoneNumber ?? "") },
      { key: "Call Direction", value: "Inbound" },
      { key: "Classification", value: "" },
      { key: "Call Skill Name", value: svc ? `${svc.serviceName} (${svc.serviceId})` : "" },
    ];
  }

  function conferenceManual(ctx) {
    const a = requireAgent(ctx);
    const body = bodyObject(ctx);
    const call = callOnLine(ctx, a, { live: true });
    const number = own(body, "supervisorNumber");
    if (typeof number !== "string" || !/^\+?\d[\d\s-]{3,24}$/.test(number.trim())) {
      throw new HttpError(400, "'supervisorNumber' is required: the phone number to conference in");
    }
    const flag = (name) => {
      const v = own(body, name);
      if (v === undefined || v === null) return false;
      const b = parseBool(v);
      if (b === undefined) throw new HttpError(400, `'${name}' must be a boolean`);
      return b;
    };
    const putCallOnHold = flag("putCallOnHold");
    const secureTransfer = flag("secureTransfer");
    if (call.conference) throw new HttpError(409, `The call of agent ${a.loginId} is already in a conference with ${call.conference.number}`);
    call.conference = { number: number.trim(), putCallOnHold, secureTransfer, at: now() };
    call.held = putCallOnHold;
    const rec = callEvent(a, call, "conference", { number: number.trim(), putCallOnHold, secureTransfer });
    rec.conference = structuredClone(call.conference);
    rec.held = call.held;
    return { status: 204 };
  }

  function endCustomerCall(ctx) {
    const a = requireAgent(ctx);
    const call = callOnLine(ctx, a, { live: true });
    call.state = "WRAPUP";
    call.held = false;
    setState(a, "WRAPUP", null, true);
    const rec = callEvent(a, call, "end");
    rec.state = "WRAPUP";
    rec.hungUpAt = now();
    rec.hungUpBy = "agent";
    rec.held = false;
    return { status: 204 };
  }

  function holdCall(held) {
    return (ctx) => {
      const a = requireAgent(ctx);
      const call = callOnLine(ctx, a, { live: true });
      if (!!call.held === held) throw new HttpError(409, `The call of agent ${a.loginId} is ${held ? "already" : "not"} on hold`);
      call.held = held;
      callEvent(a, call, held ? "hold" : "unhold").held = held;
      return { status: 204 };
    };
  }

  function muteAgent(muted) {
    return (ctx) => {
      const a = requireAgent(ctx);
      if (!isJoined(a)) throw new HttpError(409, `Agent ${a.loginId} is not in a service; join one first (service/join)`);
      a.muted = muted;
      if (a.call) callEvent(a, a.call, muted ? "mute" : "unmute").muted = muted;
      return { status: 204 };
    };
  }

  function recording(paused) {
    return (ctx) => {
      const a = requireAgent(ctx);
      const call = callOnLine(ctx, a, { live: true });
      if ((call.recording ?? "RECORDING") === "STOPPED") throw new HttpError(409, "The recording of this call was stopped");
      if ((call.recording === "PAUSED") === paused) throw new HttpError(409, `The recording is ${paused ? "already paused" : "not paused"}`);
      call.recording = paused ? "PAUSED" : "RECORDING";
      const rec = callEvent(a, call, paused ? "recordingPaused" : "recordingResumed");
      rec.recording = call.recording;
      return { status: 204 };
    };
  }

  function servicesAccess(ctx) {
    const a = requireAgent(ctx);
    const list = [...services.values()].map((s) => ({ serviceId: s.serviceId, serviceName: s.serviceName }));
    // The AzureDemo client's recorded reply: the 10-digit phone number, homeAgent a boolean.
    return { status: 200, body: { services: list, homeAgent: false, phoneNumber: national(effectivePhone(a)) } };
  }

  function serviceFeatures(ctx) {
    requireAgent(ctx);
    const raw = ctx.query.get("serviceId");
    if (raw === null || raw === "") throw new HttpError(400, "Query parameter 'serviceId' is required");
    const svc = knownService(parseServiceId(raw));
    const conf = LIVEVOX.serviceFeatures[svc.serviceId] ?? LIVEVOX.serviceFeatures["*"];
    const cc = [...LIVEVOX.callCenters, ...LIVEVOX.agentOnlyCallCenters].find((c) => c.services.some((s) => s.serviceId === svc.serviceId));
    // Shape of the AzureDemo client's recorded GetServiceDetailsResult (ids as strings there).
    return {
      status: 200,
      body: {
        features: structuredClone(conf),
        callInPhoneNumber: null,
        callInPinNumber: null,
        provideInstructions: null,
        clientId: String(LIVEVOX.clientId),
        clientCode: LIVEVOX.clientName,
        serviceId: String(svc.serviceId),
        serviceDescription: svc.serviceName,
        callCenterId: cc ? cc.callCenterId : svc.callCenterId ?? null,
        callCenterName: cc ? cc.callCenterName : null,
      },
    };
  }

  // ------------------------------------------------------------ calls (platform side)

  function recordFor(a, call) {
    let rec = st.callsById.get(call.callTransactionId);
    if (!rec) {
      // A call the control API did not route (the LV_TEST fixture, or POST /__control/agents onCall).
      rec = {
        callTransactionId: call.callTransactionId,
        callSessionId: call.callSessionId,
        agentLoginId: a.loginId,
        agentPhoneNumber: effectivePhone(a),
        serviceId: call.serviceId,
        callCenterId: call.callCenterId,
        ani: call.phoneNumber ? normalizePhone(String(call.phoneNumber)) : null,
        phoneNumber: call.phoneNumber,
        accountNumber: call.accountNumber,
        state: call.state ?? "INCALL",
        startedAt: null,
        endedAt: null,
        endReason: null,
        termCode: null,
        outcome: null,
        aia: [],
        invite: null,
        recording: call.recording ?? "RECORDING",
        held: !!call.held,
        conference: call.conference ?? null,
        events: [],
      };
      st.calls.push(rec);
      st.callsById.set(rec.callTransactionId, rec);
    }
    return rec;
  }

  function endCall(callTransactionId, reason) {
    const rec = st.callsById.get(callTransactionId);
    if (!rec || rec.state === "ENDED") return;
    rec.state = "ENDED";
    rec.endedAt = now();
    rec.endReason = reason;
  }

  function newCallIds() {
    const callTransactionId = String(++txSeq);
    const secs = Math.floor(now() / 1000).toString(16);
    const callSessionId = `U${(++sipSeq).toString(16).toUpperCase()}T${secs.toUpperCase()}@10.101.21.216`;
    return { callTransactionId, callSessionId, secs };
  }

  /**
   * The INVITE the platform sends the AI vendor when it conferences it in for the agent,
   * modelled on the LiveVox virtual-agent guide's sample (same header order; CRLF line ends; SDP body).
   */
  function buildInvite({ agentPhone, ani, callSessionId, secs, target }) {
    const hex = (n) => randomBytes(n).toString("hex");
    const [destIp, destPort = "5060"] = target.split(":");
    const callId = `${secs}-0000-${hex(4)}-${hex(4)}-${hex(4)}@10.101.21.27`;
    const did = hex(4);
    const cseq = 1000000 + (randomBytes(3).readUIntBE(0, 3) % 9000000);
    const sdp =
      [
        "v=0",
        `o=LiveVox ${secs} 1 IN IP4 10.101.21.27`,
        "s=LiveVox",
        "c=IN IP4 10.101.21.27",
        "t=0 0",
        `m=audio ${20000 + (cseq % 10000) * 2} RTP/AVP 0 101`,
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=sendrecv",
      ].join("\r\n") + "\r\n";
    const lines = [
      `INVITE sip:${agentPhone}@${target} SIP/2.0`,
      `Record-Route: <sip:10.101.21.10:5060;r2=on;lr;did=0c.${did}>`,
      `Record-Route: <sip:10.101.21.10;r2=on;lr;did=0c.${did}>`,
      `Record-Route: <sip:10.101.21.11:5070;lr;did=0c.${hex(4)}>`,
      `To: sip:${agentPhone}@${target}`,
      "Contact: <sip:10.101.21.10:5060;transport=udp>",
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} INVITE`,
      `Content-Length: ${Buffer.byteLength(sdp)}`,
      "Content-Type: application/sdp",
      `From: <sip:${ani}@10.101.21.27:5060>;tag=telstage-${hex(4)}-${secs}`,
      `X-Lv-Destination-Ip: ${destIp}`,
      `X-Lv-Destination-Port: ${destPort}`,
      "Session-Privacy: no",
      "Carrier-Name: tmis",
      `Session-ID: ${callSessionId}`,
      "Pool-Name: carrierinbound",
      "Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS, INFO, REGISTER, SUBSCRIBE, MESSAGE, UPDATE",
      "Session-Expires: 1800;refresher=uac",
      "Supported: timer",
      "Max-Forwards: 68",
      `Via: SIP/2.0/UDP 10.101.21.10:5060;branch=z9hG4bK${hex(2)}.${hex(4)}.0`,
      `Via: SIP/2.0/UDP 10.101.21.11:5070;received=10.101.21.11;branch=z9hG4bK${hex(2)}.${hex(4)}.0`,
      `Via: SIP/2.0/UDP 10.101.21.27:5060;branch=z9hG4bK${callId.split("@")[0]}`,
    ];
    return { invite: lines.join("\r\n") + "\r\n\r\n" + sdp, callId };
  }

  function contactByPhone(nat) {
    for (const c of st.contacts.values()) {
      for (const p of c.details.phone ?? []) if (String(p.phone).replace(/\D/g, "").slice(-10) === nat) return c;
    }
    return null;
  }

  function controlRouteCall(ctx) {
    if (ctx.body !== null && !isPlainObject(ctx.body)) throw new HttpError(400, "Body must be a JSON object");
    const body = ctx.body ?? {};
    const loginId = own(body, "agentLoginId");
    if (loginId !== undefined && loginId !== null && (typeof loginId !== "string" || loginId === "")) throw new HttpError(400, "'agentLoginId' must be a string");
    const rawService = own(body, "serviceId");
    const wantService = rawService === undefined || rawService === null ? null : parseServiceId(rawService);
    const accountNumber = own(body, "accountNumber");
    if (accountNumber !== undefined && accountNumber !== null && typeof accountNumber !== "string") throw new HttpError(400, "'accountNumber' must be a string");
    const rawAni = own(body, "ani") ?? LIVEVOX.defaultAni;
    const ani = normalizePhone(rawAni);
    if (!ani) throw new HttpError(400, `'ani' ${JSON.stringify(rawAni)} is not a valid phone number`);
    const target = own(body, "sipTarget") ?? LIVEVOX.sipTarget;
    if (typeof target !== "string" || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(target)) throw new HttpError(400, "'sipTarget' must be host or host:port");

    sweep(); // agents whose session expired are logged off, not routed to
    let a;
    if (loginId) {
      a = findAgent(loginId);
      if (!a) throw new HttpError(404, `Agent ${loginId} not found`);
      if (a.state !== "READY" || a.call || !isJoined(a)) throw new HttpError(409, `Agent ${a.loginId} is not Ready (${lineState(a)})`);
      if (wantService !== null && a.serviceId !== wantService) throw new HttpError(409, `Agent ${a.loginId} is in service ${a.serviceId}, not ${wantService}`);
    } else {
      const serviceId = wantService ?? LIVEVOX.defaultAgentServiceId;
      knownService(serviceId);
      // LONGEST_AVAILABLE_AGENT (the LiveVox virtual-agent guide): the Ready agent whose state changed longest ago.
      for (const b of agents().values()) {
        if (b.state === "READY" && !b.call && b.serviceId === serviceId && (!a || b.stateChangedAt < a.stateChangedAt)) a = b;
      }
      if (!a) throw new HttpError(409, `No Ready agent in service ${serviceId}`);
    }

    const svc = services.get(a.serviceId);
    const { callTransactionId, callSessionId, secs } = newCallIds();
    const nat = national(ani);
    const acct = accountNumber ?? contactByPhone(nat)?.details.account ?? "";
    const agentPhone = effectivePhone(a);
    const { invite, callId } = buildInvite({ agentPhone, ani, callSessionId, secs, target });
    a.call = {
      lineNumber: "ACD",
      callTransactionId,
      callSessionId,
      serviceId: a.serviceId,
      callCenterId: svc ? svc.callCenterId : null,
      accountNumber: acct,
      phoneNumber: nat,
      state: "INCALL",
      held: false,
      recording: "RECORDING",
      conference: null,
    };
    a.call.screenPop = screenPopRows(a.call, svc);
    a.onCall = true;
    setState(a, "INCALL", null, true);
    const rec = {
      callTransactionId,
      callSessionId,
      sipCallId: callId,
      agentLoginId: a.loginId,
      agentPhoneNumber: agentPhone,
      serviceId: a.serviceId,
      callCenterId: a.call.callCenterId,
      ani,
      phoneNumber: nat,
      accountNumber: acct,
      state: "INCALL",
      startedAt: now(),
      endedAt: null,
      endReason: null,
      termCode: null,
      outcome: null,
      aia: [],
      invite,
      recording: "RECORDING",
      held: false,
      conference: null,
      events: [],
    };
    st.calls.push(rec);
    st.callsById.set(callTransactionId, rec);
    return {
      status: 200,
      body: { agentLoginId: a.loginId, phoneNumber: agentPhone, callTransactionId, callSessionId, serviceId: a.serviceId, ani, accountNumber: acct, invite },
    };
  }

  /** The caller hangs up: the agent's line goes to WRAPUP until a term code is set. */
  function controlHangup(ctx) {
    const body = bodyObject(ctx);
    const loginId = own(body, "agentLoginId");
    const tx = own(body, "callTransactionId");
    let a = null;
    if (typeof loginId === "string" && loginId !== "") {
      a = findAgent(loginId);
      if (!a) throw new HttpError(404, `Agent ${loginId} not found`);
    } else if ((typeof tx === "string" && tx !== "") || Number.isSafeInteger(tx)) {
      for (const b of agents().values()) if (b.call && b.call.callTransactionId === String(tx)) a = b;
      if (!a) throw new HttpError(404, `No active call ${tx}`);
    } else throw new HttpError(400, "'agentLoginId' or 'callTransactionId' is required");
    if (!a.call) throw new HttpError(409, `Agent ${a.loginId} has no call`);
    if ((a.call.state ?? "INCALL") === "WRAPUP") throw new HttpError(409, `The call of agent ${a.loginId} is already in wrap-up`);
    a.call.state = "WRAPUP";
    setState(a, "WRAPUP", null, true);
    const rec = recordFor(a, a.call);
    rec.state = "WRAPUP";
    rec.hungUpAt = now();
    return { status: 200, body: structuredClone(rec) };
  }

  // ------------------------------------------------------------ contacts

  function str255(v, name) {
    if (typeof v !== "string") throw new HttpError(400, `'${name}' must be a string`);
    if (v.length > 255) throw new HttpError(400, `'${name}' must be at most 255 characters`);
    return v;
  }

  function boolField(v, name) {
    const b = parseBool(v);
    if (b === undefined) throw new HttpError(400, `'${name}' must be a boolean`);
    return b;
  }

  function numField(v, name) {
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) v = Number(v);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new HttpError(400, `'${name}' must be a number`);
    return v;
  }

  function enumField(v, name, values) {
    if (!values.includes(v)) throw new HttpError(400, `'${name}' must be one of ${values.join(", ")}`);
    return v;
  }

  /**
   * Validate contact details (LiveVox Contact API pages) and return a clean copy with known keys only.
   * `create`: account is required and `active` defaults to false.
   */
  function cleanContact(d, create) {
    const out = {};
    const acct = own(d, "account");
    if (create || acct !== undefined) {
      if (typeof acct !== "string" || acct.trim() === "") throw new HttpError(400, "'account' is required and must be a non-empty string");
      out.account = str255(acct, "account");
    }
    for (const [k, v] of Object.entries(d)) {
      if (k === "account" || v === undefined) continue;
      if (v === null) {
        if (!create) out[k] = null; // an update may clear a field
        continue;
      }
      if (CONTACT_STRINGS.includes(k)) out[k] = str255(v, k);
      else if (k === "balance" || k === "amountToSpeak") out[k] = numField(v, k);
      else if (k === "accountBlock") out[k] = enumField(v, k, DIAL_BLOCKS);
      else if (k === "active" || k === "primaryEmailConsent") out[k] = boolField(v, k);
      else if (k === "dueDate") out[k] = String(epochMs(v, k));
      else if (k === "groupId") {
        if (!Number.isSafeInteger(v)) throw new HttpError(400, "'groupId' must be an integer");
        out[k] = v;
      } else if (k === "person" || k === "guarantor") {
        if (!isPlainObject(v)) throw new HttpError(400, `'${k}' must be an object`);
        const p = {};
        for (const [pk, pv] of Object.entries(v)) {
          if (pv === null || pv === undefined) continue;
          if (PERSON_STRINGS.includes(pk)) p[pk] = str255(pv, `${k}.${pk}`);
          else if (pk === "dateOfBirth") p[pk] = String(epochMs(pv, `${k}.dateOfBirth`));
          else if (k === "guarantor" && typeof pv !== "object") p[pk] = pv;
        }
        out[k] = p;
      } else if (k === "phone") {
        if (!Array.isArray(v) || v.length > 10) throw new HttpError(400, "'phone' must be an array of at most 10 phones");
        const seen = new Set();
        out.phone = v.map((p, i) => {
          if (!isPlainObject(p)) throw new HttpError(400, `phone[${i}] must be an object`);
          const num = own(p, "phone");
          if (typeof num !== "string" || !/^\+?[\d\s().-]{7,20}$/.test(num)) throw new HttpError(400, `phone[${i}].phone must be a phone number string`);
          const ord = own(p, "ordinal");
          if (!Number.isInteger(ord) || ord < 1 || ord > 10) throw new HttpError(400, `phone[${i}].ordinal must be an integer 1-10`);
          if (seen.has(ord)) throw new HttpError(400, `phone[${i}].ordinal ${ord} is used twice`);
          seen.add(ord);
          const e = { phone: num, ordinal: ord };
          if (own(p, "phoneBlock") != null) e.phoneBlock = enumField(own(p, "phoneBlock"), `phone[${i}].phoneBlock`, DIAL_BLOCKS);
          if (own(p, "smsConsent") != null) e.smsConsent = boolField(own(p, "smsConsent"), `phone[${i}].smsConsent`);
          const cc = own(p, "cellConsent");
          if (cc != null) {
            if (typeof cc !== "string" && typeof cc !== "boolean") throw new HttpError(400, `phone[${i}].cellConsent must be a string or boolean`);
            e.cellConsent = cc;
          }
          return e;
        });
      } else if (k === "customFields") {
        if (!Array.isArray(v)) throw new HttpError(400, "'customFields' must be an array of {field, value}");
        out.customFields = v.map((f, i) => {
          const field = own(f, "field");
          const value = own(f, "value");
          if (typeof field !== "string" || field === "") throw new HttpError(400, `customFields[${i}].field must be a non-empty string`);
          if (value !== null && value !== undefined && !["string", "number", "boolean"].includes(typeof value)) {
            throw new HttpError(400, `customFields[${i}].value must be a string, number or boolean`);
          }
          return { field, value: value ?? null };
        });
      }
      // other keys are ignored, as a lenient Jackson reader would
    }
    if (create && out.active === undefined) out.active = false;
    return out;
  }

  function contactView(c) {
    return { ...structuredClone(c.details), createDate: String(c.createDate), modifyDate: String(c.modifyDate) };
  }

  function createContact(body) {
    const d = own(body, "createContactDetails");
    if (!isPlainObject(d)) throw new HttpError(400, "'createContactDetails' is required and must be an object");
    const details = cleanContact(d, true);
    if (st.contacts.has(details.account)) {
      // Quirk reproduced (kkrbalam/LiveVox-Api): a duplicate is a 2xx whose body is an "error".
      return { status: 202, body: { code: 202, message: "Contact already exists!" } };
    }
    const t = now();
    const c = { id: st.contactSeq++, details, createDate: t, modifyDate: t };
    st.contacts.set(details.account, c);
    return { status: 201, body: { id: c.id } };
  }

  function updateContact(account, body) {
    const d = own(body, "updateContactDetails");
    if (!isPlainObject(d)) throw new HttpError(400, "'updateContactDetails' is required and must be an object");
    const c = st.contacts.get(account);
    if (!c) throw new HttpError(404, `Contact ${JSON.stringify(account)} not found`);
    const upd = cleanContact(d, false);
    if (upd.account !== undefined && upd.account !== account) throw new HttpError(400, "'account' cannot be changed");
    for (const [k, v] of Object.entries(upd)) {
      if (v === null) delete c.details[k];
      else if (k === "person" || k === "guarantor") c.details[k] = { ...(c.details[k] ?? {}), ...v };
      else if (k === "customFields") {
        // Named custom fields are updated in place; others are kept.
        const merged = [...(c.details.customFields ?? [])];
        for (const f of v) {
          const i = merged.findIndex((m) => m.field === f.field);
          if (i === -1) merged.push(f);
          else merged[i] = f;
        }
        c.details.customFields = merged;
      } else c.details[k] = v;
    }
    c.modifyDate = Math.max(now(), c.modifyDate);
    return { status: 204 };
  }

  function readContact(account) {
    const c = st.contacts.get(account);
    if (!c) throw new HttpError(404, `Contact ${JSON.stringify(account)} not found`);
    return { status: 200, body: { readContactDetails: contactView(c) } };
  }

  function intQuery(ctx, name, dflt, min) {
    const v = ctx.query.get(name);
    if (v === null || v === "") return dflt;
    if (!/^\d{1,9}$/.test(v) || Number(v) < min) throw new HttpError(400, `'${name}' must be an integer >= ${min}`);
    return Number(v);
  }

  function contactsPost(ctx) {
    requireSession(ctx);
    return createContact(bodyObject(ctx));
  }

  /** PUT on the collection: the LiveVox virtual-agent guide's "Create Contact PUT …/contact/contacts/", or LiveVox.NET's update with ?account=. */
  function contactsPut(ctx) {
    requireSession(ctx);
    const body = bodyObject(ctx);
    if (own(body, "createContactDetails") !== undefined) return createContact(body);
    const account = ctx.query.get("account");
    if (account === null || account === "") throw new HttpError(400, "Send {createContactDetails} to create, or use PUT /contact/contacts/{account} to update");
    return updateContact(account, body);
  }

  function contactsGet(ctx) {
    requireSession(ctx);
    const acct = ctx.query.get("acct") ?? ctx.query.get("account"); // LiveVox.NET reads one contact this way
    if (acct !== null && acct !== "") return readContact(acct);
    const count = Math.min(intQuery(ctx, "count", MAX_LIST, 1), MAX_LIST);
    const offset = intQuery(ctx, "offset", 0, 0);
    const all = [...st.contacts.values()];
    const body = { listContactDetails: all.slice(offset, offset + count).map(contactView) };
    if (offset + count < all.length) {
      const host = ctx.header("host") ?? "127.0.0.1";
      body.next = `http://${host}${ctx.path}?count=${count}&offset=${offset + count}`;
    }
    return { status: 200, body };
  }

  function contactGet(ctx) {
    requireSession(ctx);
    return readContact(ctx.params.account);
  }

  function contactPut(ctx) {
    requireSession(ctx);
    return updateContact(ctx.params.account, bodyObject(ctx));
  }

  /** Deletes one contact (reply 204: assumed, no source shows it). */
  function deleteContact(account) {
    if (!st.contacts.delete(account)) throw new HttpError(404, `Contact ${JSON.stringify(account)} not found`);
    return { status: 204 };
  }

  /** DELETE /contact/contacts/{account}. */
  function contactDelete(ctx) {
    requireSession(ctx);
    return deleteContact(ctx.params.account);
  }

  /** DELETE /contact/contacts?acct= (LiveVox.NET's DeleteContactRequest). */
  function contactsDelete(ctx) {
    requireSession(ctx);
    const acct = ctx.query.get("acct") ?? ctx.query.get("account");
    if (acct === null || acct === "") throw new HttpError(400, "Name the contact: DELETE /contact/contacts/{account} or ?acct=");
    return deleteContact(acct);
  }

  const fullName = (p) => (p ? [p.firstName, p.lastName, [p.firstName, p.lastName].filter(Boolean).join(" ")] : []);
  const blocked = (b, kind) => String(b === "BOTH" || b === kind);
  /**
   * Search condition fields (LiveVox.NET's SearchConditionContactField names) → the stored
   * values they test. Which stored field each name reads is assumed from its name.
   */
  const SEARCH_FIELDS = {
    account: (d) => [d.account],
    original_account_number: (d) => [d.originalAccountNumber],
    city: (d) => [d.city],
    state: (d) => [d.state],
    country: (d) => [d.country],
    group: (d) => [d.groupId],
    email: (d) => [d.person?.email],
    postalcode: (d) => [d.person?.zipCode],
    name: (d) => fullName(d.person),
    guarantor_name: (d) => fullName(d.guarantor),
    dob: (d) => [d.person?.dateOfBirth],
    phone: (d) => (d.phone ?? []).map((p) => p.phone),
    address: (d) => [d.address1, d.address2],
    paymentbalance: (d) => [d.balance],
    amount_to_speak: (d) => [d.amountToSpeak],
    account_due_date: (d) => [d.dueDate],
    do_not_dial: (d) => [blocked(d.accountBlock, "PERMANENT")],
    do_not_dial_daily: (d) => [blocked(d.accountBlock, "DAILY")],
  };
  /** Sort fields (LiveVox.NET's SearchContactsSortField names) the emulator can sort by. */
  const SORT_FIELDS = {
    ACCOUNT: (d) => d.account,
    FIRST_NAME: (d) => d.person?.firstName,
    LAST_NAME: (d) => d.person?.lastName,
    CITY: (d) => d.city,
    STATE: (d) => d.state,
    POSTALCODE: (d) => d.person?.zipCode,
    PAYMENTBALANCE: (d) => d.balance,
    AMOUNT_TO_SPEAK: (d) => d.amountToSpeak,
    ACCOUNT_DUE_DATE: (d) => d.dueDate,
    PHONE1: (d) => d.phone?.find((p) => p.ordinal === 1)?.phone,
  };
  const CONDITIONS = {
    EQUALS: (a, b) => a === b,
    STARTS_WITH: (a, b) => String(a).startsWith(String(b)),
    ENDS_WITH: (a, b) => String(a).endsWith(String(b)),
    CONTAINS: (a, b) => String(a).includes(String(b)),
    LESS: (a, b) => a < b,
    GREATER: (a, b) => a > b,
    GREATER_EQUAL: (a, b) => a >= b,
  };

  /** Compares as numbers when both sides are numbers, else as case-insensitive text (assumed). */
  function conditionMatches(value, criteria, condition) {
    if (value === undefined || value === null) return false;
    const numeric = /^-?\d+(\.\d+)?$/;
    const n = numeric.test(String(value).trim()) && numeric.test(criteria.trim());
    const a = n ? Number(value) : String(value).toLowerCase();
    const b = n ? Number(criteria) : criteria.toLowerCase();
    return CONDITIONS[condition](a, b, n);
  }

  /** A matcher for a search filter: a condition or an AND/OR rule (LiveVox.NET's Condition, Rule). */
  function compileFilter(f, path, depth) {
    if (!isPlainObject(f)) throw new HttpError(400, `'${path}' must be a rule or a condition object`);
    if (depth > 32) throw new HttpError(400, "The search nests too deep");
    const negated = own(f, "isNegated") == null ? false : parseBool(own(f, "isNegated"));
    if (negated === undefined) throw new HttpError(400, `'${path}.isNegated' must be a boolean`);
    const rule = own(f, "rule");
    let test;
    if (rule !== undefined) {
      if (rule !== "AND" && rule !== "OR") throw new HttpError(400, `'${path}.rule' must be AND or OR`);
      const left = compileFilter(own(f, "left"), `${path}.left`, depth + 1);
      const right = compileFilter(own(f, "right"), `${path}.right`, depth + 1);
      test = rule === "AND" ? (d) => left(d) && right(d) : (d) => left(d) || right(d);
    } else {
      const field = own(f, "field");
      const criteria = own(f, "criteria");
      const condition = own(f, "condition");
      const read = typeof field === "string" ? SEARCH_FIELDS[field.toLowerCase()] : undefined;
      if (!read) throw new HttpError(400, `'${path}.field' must be one of ${Object.keys(SEARCH_FIELDS).join(", ")}`);
      if (typeof criteria !== "string" || criteria.length > 255) throw new HttpError(400, `'${path}.criteria' must be a string of at most 255 characters`);
      if (!Object.hasOwn(CONDITIONS, condition)) throw new HttpError(400, `'${path}.condition' must be one of ${Object.keys(CONDITIONS).join(", ")}`);
      test = (d) => read(d).some((v) => conditionMatches(v, criteria, condition));
    }
    return negated ? (d) => !test(d) : test;
  }

  /** POST /contact/contacts/search?count=&offset= {search, sort?} → {findMatchingContactsDetails, next?} (LiveVox.NET). */
  function contactsSearch(ctx) {
    requireSession(ctx);
    const body = bodyObject(ctx);
    const matches = compileFilter(own(body, "search"), "search", 0);
    const sort = own(body, "sort") ?? [];
    if (!Array.isArray(sort)) throw new HttpError(400, "'sort' must be an array of {field, order}");
    const keys = sort.map((k, i) => {
      const read = isPlainObject(k) ? SORT_FIELDS[own(k, "field")] : undefined;
      if (!read) throw new HttpError(400, `sort[${i}].field must be one of ${Object.keys(SORT_FIELDS).join(", ")} (other LiveVox sort fields are not modelled)`);
      const order = String(own(k, "order") ?? "").toUpperCase(); // LiveVox.NET spells it "ASc"
      if (order !== "ASC" && order !== "DESC") throw new HttpError(400, `sort[${i}].order must be ASC or DESC`);
      return { read, sign: order === "ASC" ? 1 : -1 };
    });
    const count = Math.min(intQuery(ctx, "count", MAX_LIST, 1), MAX_LIST);
    const offset = intQuery(ctx, "offset", 0, 0);
    const found = [...st.contacts.values()].filter((c) => matches(c.details));
    const cmp = (a, b) => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1);
    found.sort((x, y) => {
      for (const k of keys) {
        const r = cmp(k.read(x.details), k.read(y.details));
        if (r !== 0) return r * k.sign;
      }
      return 0;
    });
    const out = { findMatchingContactsDetails: found.slice(offset, offset + count).map(contactView) };
    if (offset + count < found.length) {
      const host = ctx.header("host") ?? "127.0.0.1";
      out.next = `http://${host}${ctx.path}?count=${count}&offset=${offset + count}`;
    }
    return { status: 200, body: out };
  }

  /** A block after applying `change` to `current` (the _OFF values lift one part; assumed). */
  function applyBlock(current, change) {
    const cur = current ?? "NONE";
    const daily = cur === "DAILY" || cur === "BOTH";
    const permanent = cur === "PERMANENT" || cur === "BOTH";
    const [d, p] = {
      NONE: [false, false],
      DAILY: [true, permanent],
      PERMANENT: [daily, true],
      BOTH: [true, true],
      DAILY_OFF: [false, permanent],
      PERMANENT_OFF: [daily, false],
    }[change];
    return d && p ? "BOTH" : d ? "DAILY" : p ? "PERMANENT" : "NONE";
  }

  /**
   * PUT /contact/contacts/{account}/dnd {accountBlock?, updateContactDND?: [{ordinal, phone?,
   * phoneBlock}]} (LiveVox.NET's UpdateContactDndRequest). Blocks are stored and shown by read.
   * A phone given must match the stored number at its ordinal; one at a free ordinal is added.
   * Reply 204 (assumed).
   */
  function contactDnd(ctx) {
    requireSession(ctx);
    const body = bodyObject(ctx);
    const c = st.contacts.get(ctx.params.account);
    if (!c) throw new HttpError(404, `Contact ${JSON.stringify(ctx.params.account)} not found`);
    const accountBlock = own(body, "accountBlock");
    const phones = own(body, "updateContactDND");
    if (accountBlock == null && (phones == null || (Array.isArray(phones) && phones.length === 0))) {
      throw new HttpError(400, "Send accountBlock, updateContactDND or both");
    }
    if (accountBlock != null) enumField(accountBlock, "accountBlock", DIAL_BLOCKS);
    if (phones != null && !Array.isArray(phones)) throw new HttpError(400, "'updateContactDND' must be an array");
    const list = structuredClone(c.details.phone ?? []);
    for (const [i, p] of (phones ?? []).entries()) {
      if (!isPlainObject(p)) throw new HttpError(400, `updateContactDND[${i}] must be an object`);
      const ord = Number(own(p, "ordinal"));
      if (!Number.isInteger(ord) || ord < 1 || ord > 10) throw new HttpError(400, `updateContactDND[${i}].ordinal must be an integer 1-10`);
      const block = enumField(own(p, "phoneBlock"), `updateContactDND[${i}].phoneBlock`, DIAL_BLOCKS);
      const num = own(p, "phone");
      if (num != null && typeof num !== "string") throw new HttpError(400, `updateContactDND[${i}].phone must be a string`);
      const at = list.find((e) => e.ordinal === ord);
      if (at) {
        if (num != null && normalizePhone(num) !== normalizePhone(at.phone) && num !== at.phone) {
          throw new HttpError(400, `updateContactDND[${i}].phone does not match the contact's phone ${ord}`);
        }
        at.phoneBlock = applyBlock(at.phoneBlock, block);
      } else {
        if (num == null) throw new HttpError(400, `The contact has no phone ${ord}; give its number`);
        list.push({ phone: num, ordinal: ord, phoneBlock: applyBlock(undefined, block) });
      }
    }
    if (phones != null) c.details.phone = list.sort((a, b) => a.ordinal - b.ordinal);
    if (accountBlock != null) c.details.accountBlock = applyBlock(c.details.accountBlock, accountBlock);
    c.modifyDate = Math.max(now(), c.modifyDate);
    return { status: 204 };
  }

  // ------------------------------------------------------------ AIA

  function aiaPost(ctx) {
    if (ctx.bodyError || !isPlainObject(ctx.body)) throw new HttpError(400, "The AIA record must be a JSON object");
    const body = structuredClone(ctx.body);
    const rec = {
      seq: ++st.aiaSeq,
      client: ctx.params.client,
      receivedAt: now(),
      contentType: ctx.header("content-type") ?? null,
      body,
      unknownFields: Object.keys(body).filter((k) => !AIA_FIELDS.has(k.toLowerCase())),
      callTransactionId: null,
    };
    const tx = own(body, "transactionId");
    const call = tx !== undefined && tx !== null ? st.callsById.get(String(tx)) : null;
    if (call) {
      rec.callTransactionId = call.callTransactionId;
      call.aia.push(rec.seq);
    }
    st.aia.push(rec);
    return { status: 200, body: { status: "OK" } };
  }

  // ------------------------------------------------------------ module parts

  function state() {
    return {
      agentCalls: structuredClone(st.calls),
      aia: structuredClone(st.aia),
      contacts: [...st.contacts.values()].map((c) => ({ id: c.id, ...contactView(c) })),
    };
  }

  const routes = [
    { method: "POST", path: `${AGENT}/service/join`, handler: join },
    { method: "POST", path: `${AGENT}/service/leave`, handler: leave },
    { method: "POST", path: `${AGENT}/status/ready`, handler: ready },
    { method: "POST", path: `${AGENT}/status/notReady`, handler: notReady },
    { method: "POST", path: `${AGENT}/status`, handler: status },
    { method: "GET", path: `${AGENT}/termCode`, handler: termCodeList },
    { method: "PUT", path: `${AGENT}/call/termCode`, handler: setTermCode },
    { method: "GET", path: `${AGENT}/screenpop`, handler: screenPop },
    { method: "POST", path: `${AGENT}/conference/manual`, handler: conferenceManual },
    { method: "POST", path: `${AGENT}/customer/call/end`, handler: endCustomerCall },
    { method: "POST", path: `${AGENT}/customer/call/hold`, handler: holdCall(true) },
    { method: "POST", path: `${AGENT}/customer/call/unhold`, handler: holdCall(false) },
    { method: "PUT", path: `${AGENT}/call/mute`, handler: muteAgent(true) },
    { method: "PUT", path: `${AGENT}/call/unmute`, handler: muteAgent(false) },
    { method: "POST", path: `${AGENT}/callRecord/pause`, handler: recording(true) },
    { method: "POST", path: `${AGENT}/callRecord/resume`, handler: recording(false) },
    { method: "GET", path: `${AGENT}/service/access`, handler: servicesAccess },
    { method: "GET", path: `${AGENT}/service/features`, handler: serviceFeatures },
    { method: "POST", path: "/contact/contacts", handler: contactsPost },
    { method: "PUT", path: "/contact/contacts", handler: contactsPut },
    { method: "GET", path: "/contact/contacts", handler: contactsGet },
    { method: "GET", path: "/contact/contacts/:account", handler: contactGet },
    { method: "PUT", path: "/contact/contacts/:account", handler: contactPut },
    { method: "POST", path: "/contact/contacts/search", handler: contactsSearch },
    { method: "DELETE", path: "/contact/contacts", handler: contactsDelete },
    { method: "DELETE", path: "/contact/contacts/:account", handler: contactDelete },
    { method: "PUT", path: "/contact/contacts/:account/dnd", handler: contactDnd },
    { method: "POST", path: "/aia/:client", handler: aiaPost },
  ];

  const controlRoutes = [
    { method: "POST", path: "/agent/route-call", handler: controlRouteCall },
    { method: "POST", path: "/agent/hangup", handler: controlHangup },
    { method: "GET", path: "/agent/calls", handler: () => ({ status: 200, body: structuredClone(st.calls) }) },
    { method: "GET", path: "/aia", handler: () => ({ status: 200, body: structuredClone(st.aia) }) },
    { method: "DELETE", path: "/aia", handler: () => ((st.aia = []), { status: 204 }) },
    { method: "GET", path: "/contacts", handler: () => ({ status: 200, body: state().contacts }) },
  ];

  reset();
  return { routes, controlRoutes, reset, state, initAgent, onAgentLogin, onSessionEnded, onLogoff, normalizePhone };
}
