// LiveVox Real-Time API module: the live agent board (`POST /realtime/service/agents/status`)
// and the per-service figures (`POST /realtime/service/stats`), computed on every request from
// the LiveVox module's agents and calls, so the board changes as the agents do (supervisor
// Ready / Not Ready / logoff, agent logins and joins, routed calls, wrap-up, term codes).
//
// Wire shapes as justicedemocrats/dialer-metrics reads them: body `{}` →
// `{ agentDetails: [{ serviceId, agentLoginId, stateId }] }` and `{ stats: [{ serviceId,
// serviceName, … }] }`. The stateId of each emulator state, which agents are listed and every
// figure's value are assumptions (see the README section "LiveVox Real-Time API").

import { HttpError, isPlainObject } from "./util.mjs";

const RT = "/realtime";
const REALTIME_ROLES = ["Sysadmin", "Superuser", "Manager", "Report Admin"];

/**
 * The platform's stateId for an emulator agent, or null when the agent is not on the board.
 * A call's phase wins over the agent's own state (as the agent API's line state does).
 */
export function stateIdOf(agent) {
  if (!agent || agent.state === "LOGOFF") return null;
  if (agent.serviceId === null || agent.serviceId === undefined) return null;
  const line = agent.call ? agent.call.state ?? "INCALL" : agent.state;
  switch (line) {
    case "LOGON":
      return 1;
    case "READY":
      return 2;
    case "NOTREADY":
      return 3;
    case "INCALL":
      return 4;
    case "WRAPUP":
      return 5;
    default:
      return 7; // another active state (HOLD, TRANSFERRING, DIALING …)
  }
}

/**
 * @param {{ livevox: ReturnType<import("./livevox.mjs").createLiveVox> }} opts
 *   `livevox` is the LiveVox module (its agents, sessions and services).
 */
export function createLiveVoxRealtime({ livevox }) {
  let requestsSeen = 0;

  function requireRealtimeUser(ctx) {
    const s = livevox.requireSession(ctx);
    if (s.agent || !REALTIME_ROLES.includes(s.role)) {
      throw new HttpError(403, `Role ${s.agent ? "Agent (agent login)" : s.role} may not use the Real-Time API; it needs Sysadmin, Superuser, Manager or Report Admin`);
    }
    if (ctx.bodyError) throw new HttpError(400, "Malformed JSON body");
    if (ctx.body !== null && ctx.body !== undefined && !isPlainObject(ctx.body)) throw new HttpError(400, "Request body must be a JSON object");
    requestsSeen++;
    return s;
  }

  /** The board: every agent that is logged on in a service, in the agents' fixture order. */
  function board() {
    const rows = [];
    for (const a of livevox.agents.values()) {
      const stateId = stateIdOf(a);
      if (stateId === null) continue;
      rows.push({ serviceId: a.serviceId, agentLoginId: a.loginId, stateId });
    }
    return rows;
  }

  function agentsStatus(ctx) {
    requireRealtimeUser(ctx);
    return { status: 200, body: { agentDetails: board() } };
  }

  function stats(ctx) {
    requireRealtimeUser(ctx);
    const rows = board();
    const calls = livevox.state().agentCalls ?? [];
    const out = [];
    for (const svc of livevox.services.values()) {
      const sid = svc.serviceId;
      const agents = rows.filter((r) => r.serviceId === sid);
      const mine = calls.filter((c) => c.serviceId === sid);
      out.push({
        serviceId: sid,
        serviceName: svc.serviceName,
        totalAgents: agents.length,
        callsWithAgent: agents.filter((r) => r.stateId === 4).length,
        cip: mine.filter((c) => c.state !== "ENDED").length,
        totalOffered: mine.length,
        totalHandled: mine.filter((c) => c.state === "ENDED").length,
        totalAbandoned: 0,
        abandonRate: 0,
        longestCallInQueue: 0,
        loaded: 0,
        remaining: 0,
        percentComplete: 0,
        playingDialable: 0,
        pacingMethod: null,
        throttle: null,
      });
    }
    return { status: 200, body: { stats: out } };
  }

  return {
    name: "livevox-realtime",
    routes: [
      { method: "POST", path: `${RT}/service/agents/status`, handler: agentsStatus },
      { method: "POST", path: `${RT}/service/stats`, handler: stats },
    ],
    controlRoutes: [{ method: "GET", path: "/realtime/board", handler: () => ({ status: 200, body: { agentDetails: board() } }) }],
    /** Versioned paths (`/realtime/v6.0/…`) as the LiveVox module reads them. */
    normalizeSegments: (segs) => livevox.normalizeSegments(segs),
    reset() {
      requestsSeen = 0;
    },
    state() {
      return { realtime: { board: board(), requests: requestsSeen } };
    },
    board,
  };
}
