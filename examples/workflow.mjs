// The supervisor workflow the demo runs, shared by the Node script (supervisor-demo.mjs) and
// the browser page (page/app.js). It knows nothing about where it runs: the caller passes the
// floorwalker module it imported, where to print, and whether the platform is the emulator
// (whose control API can act for the agents and expire the session).
//
//   import * as floorwalker from "floorwalker";
//   const { ok } = await runSupervisorDemo({ floorwalker, baseUrl, emulator: true, print: console.log });

/** The agents of the emulator's fixtures that the demo drives. */
export const AGENTS = {
  ready: ["LV_TEST", "lv_usr1"],
  notReady: "LV_SEB",
  chat: ["lv_usr1", "lv_usr2"],
  coach: "LV_TEST",
  switcher: "lv_usr2",
};

/** The service lv_usr2 is moved away from. */
export const FROM_SERVICE_ID = 45165;

/** The emulator's fixture credentials (override them for a real platform). */
export const FIXTURE_CREDENTIALS = {
  accessToken: "test-access-token",
  clientName: "ACME",
  userName: "supervisor",
  password: "s3cret",
};

/** What the emulator types for each agent when it acts for them. */
const SIMULATED_REPLIES = {
  lv_usr1: "On my way, finishing wrap-up first.",
  lv_usr2: "Got it - joining after this call.",
};

/** `a70c23d6…`: enough of a session id to tell two apart, not enough to reuse it. */
export function shortId(id) {
  return typeof id === "string" && id.length > 8 ? `${id.slice(0, 8)}…` : String(id);
}

/** One line for any error: a FloorwalkerError's code, message and what the platform said. */
export function describeError(err, FloorwalkerError) {
  if (FloorwalkerError && err instanceof FloorwalkerError) {
    // The message already says what the platform said; add only what it leaves out.
    const extra = [];
    const has = (text) => err.message.includes(String(text));
    if (err.status !== undefined && !has(`HTTP ${err.status}`)) extra.push(`HTTP ${err.status}`);
    if (err.vendorMessage && !has(err.vendorMessage)) extra.push(`platform says "${err.vendorMessage}"`);
    if (err.field && !has(err.field)) extra.push(`field ${err.field}`);
    if (err.retryAfterMs !== undefined) extra.push(`retry after ${err.retryAfterMs} ms`);
    return `${err.code}: ${err.message}${extra.length ? ` (${extra.join(", ")})` : ""}`;
  }
  if (err && typeof err === "object" && "message" in err) return `${err.name ?? "Error"}: ${err.message}`;
  return String(err);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the workflow and prints a transcript line by line.
 *
 * @param {object} o
 * @param {object} o.floorwalker the imported package (LiveVox, FloorwalkerError, version)
 * @param {string} o.baseUrl the platform (or emulator) address
 * @param {boolean} o.emulator whether `baseUrl` is the floorwalker emulator (control API available)
 * @param {(line: string) => void} o.print where the transcript goes
 * @param {object} [o.credentials] accessToken, clientName, userName, password (default: fixtures)
 * @param {boolean} [o.verbose] also print the SDK's log events
 * @param {number} [o.chatTimeoutMs] how long to wait for the agents' replies (default 10 s)
 * @param {() => number} [o.now] a monotonic clock in ms (for the elapsed-time column)
 * @returns {Promise<{ ok: boolean, error?: string }>}
 */
export async function runSupervisorDemo(o) {
  const { LiveVox, FloorwalkerError, version } = o.floorwalker;
  const baseUrl = String(o.baseUrl).replace(/\/+$/, "");
  const emulator = Boolean(o.emulator);
  const credentials = { ...FIXTURE_CREDENTIALS, ...(o.credentials ?? {}) };
  const chatTimeoutMs = o.chatTimeoutMs ?? 10_000;
  const now = o.now ?? (() => (globalThis.performance ? performance.now() : Date.now()));
  const t0 = now();

  const stamp = () => `[${((now() - t0) / 1000).toFixed(2).padStart(5)}s]`;
  const say = (text = "") => o.print(text === "" ? "" : `${stamp()} ${text}`);
  const note = (text) => o.print(`         ${text}`);
  let stepNo = 0;
  const step = (title) => {
    o.print("");
    say(`${++stepNo}. ${title}`);
  };
  const describe = (err) => describeError(err, FloorwalkerError);

  // The emulator's control API: plain fetch, no SDK involved (it is not part of any platform).
  const control = async (path, body) => {
    const res = await fetch(`${baseUrl}/__control/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator control API ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  o.print(`floorwalker ${version()} - supervisor demo`);
  o.print(`platform: ${baseUrl}${emulator ? " (floorwalker emulator; lines marked [emulator] are the emulator acting for the agents)" : ""}`);

  let lv;
  const renewals = [];
  try {
    // 1. Log in -----------------------------------------------------------------------------
    step(`Log in as ${credentials.userName}@${credentials.clientName}`);
    lv = await LiveVox.login({
      baseUrl,
      accessToken: credentials.accessToken,
      clientName: credentials.clientName,
      userName: credentials.userName,
      password: credentials.password,
      logger: o.verbose ? (e) => note(`· sdk ${e.level}: ${e.message}`) : undefined,
    });
    note(`session ${shortId(lv.sessionId)} (userId ${lv.userId}, clientId ${lv.clientId}; password expires in ${lv.daysUntilPasswordExpires} days)`);
    lv.on("sessionRenewed", (e) => {
      renewals.push(e);
      say(`event sessionRenewed: the SDK logged in again by itself, new session ${shortId(e.sessionId)}`);
    });
    lv.on("sessionExpired", (e) => say(`event sessionExpired: ${e.message}`));
    const sup = lv.supervisor;

    // 2. Call centers and services ------------------------------------------------------------
    step("Call centers and services this supervisor may use");
    const { callCenters = [] } = await sup.servicesAllowed();
    for (const cc of callCenters) {
      note(`${cc.callCenterName ?? "(unnamed)"} [${cc.callCenterId}]`);
      for (const s of cc.services ?? []) note(`    service ${s.serviceId}  ${s.serviceName ?? ""}`);
    }

    // 3. Ready / Not Ready ----------------------------------------------------------------------
    step(`Set ${AGENTS.ready.join(" and ")} Ready`);
    const ready = await sup.setReady(AGENTS.ready, { message: "Queue is building - please go Ready." });
    for (const a of ready.agents ?? []) note(`${a.agentLoginId.padEnd(8)} ${a.status}`);

    step(`Set ${AGENTS.notReady} Not Ready (LUNCH)`);
    const notReady = await sup.setNotReady([AGENTS.notReady], { reasonCode: "LUNCH", message: "Enjoy your lunch." });
    for (const a of notReady.agents ?? []) note(`${a.agentLoginId.padEnd(8)} ${a.status}`);

    // 4. Chat -----------------------------------------------------------------------------------
    step(`Broadcast a chat to ${AGENTS.chat.join(" and ")}`);
    const chatText = "Team huddle at 15:00 in room B - reply to confirm.";
    const since = Date.now();
    const broadcast = await sup.broadcastChat(
      AGENTS.chat.map((userLoginId) => ({ userLoginId, canReply: true })),
      chatText,
    );
    note(`"${chatText}"`);
    for (const s of broadcast.broadcastStatus ?? []) note(`${s.userLoginId.padEnd(8)} ${s.sent ? "sent" : "NOT sent"}`);

    step(`Wait for the agents' replies (watchChat, up to ${chatTimeoutMs / 1000} s)`);
    const watch = sup.watchChat({ intervalMs: 250, after: since });
    watch.on("error", (err) => note(`(watchChat: passing error ${describe(err)}; it keeps polling)`));
    const waiting = new Set(AGENTS.chat);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      watch.stop();
    }, chatTimeoutMs);
    const simulated = [];
    if (emulator) {
      // The agents are not real people here: the emulator types their replies a moment later.
      AGENTS.chat.forEach((agent, i) => {
        simulated.push(
          sleep(400 + 400 * i)
            .then(() => {
              say(`[emulator, acting for ${agent}] agent types: "${SIMULATED_REPLIES[agent]}"`);
              return control("chat/reply", { userLoginId: agent, message: SIMULATED_REPLIES[agent] });
            })
            .then(
              () => null,
              (err) => {
                say(`[emulator] could not inject ${agent}'s reply: ${err.message}`);
                watch.stop();
                return err;
              },
            ),
        );
      });
    }
    try {
      for await (const m of watch) {
        const at = new Date(m.timestamp).toISOString().slice(11, 23);
        say(`reply from ${m.userLoginId} at ${at}Z${m.canReply ? "" : " (no reply allowed)"}: "${m.message}"`);
        waiting.delete(m.userLoginId);
        if (waiting.size === 0) break;
      }
    } finally {
      clearTimeout(timer);
      watch.stop();
    }
    const injectError = (await Promise.all(simulated)).find(Boolean);
    if (injectError) throw injectError;
    if (waiting.size === 0) {
      note("both agents replied; watch stopped");
    } else {
      note(`no reply from ${[...waiting].join(", ")}${timedOut ? ` within ${chatTimeoutMs / 1000} s` : ""}; watch stopped`);
      if (emulator) throw new Error(`the replies the emulator injected never arrived through watchChat (missing: ${[...waiting].join(", ")})`);
    }

    // 5. Monitor --------------------------------------------------------------------------------
    step("Start the monitor line and coach LV_TEST");
    const monitorLine = "5550100";
    const started = await sup.startMonitor(monitorLine);
    note(`startMonitor("${monitorLine}") -> ${started === undefined ? "dialing (the platform answered 204 No Content)" : JSON.stringify(started)}`);
    const state = await sup.monitorState();
    note(`monitorState() -> activeCall ${state.activeCall}`);
    await sup.coach(AGENTS.coach);
    note(`coaching ${AGENTS.coach}: the agent hears the supervisor, the customer does not`);

    // 6. Switch service -------------------------------------------------------------------------
    const home = callCenters.find((cc) => (cc.services ?? []).some((s) => s.serviceId === FROM_SERVICE_ID));
    const candidates = [...(home?.services ?? []), ...callCenters.flatMap((cc) => cc.services ?? [])];
    const target = candidates.find((s) => s.serviceId !== FROM_SERVICE_ID);
    if (!target) throw new Error(`no allowed service other than ${FROM_SERVICE_ID} to switch ${AGENTS.switcher} to`);
    const fromName = candidates.find((s) => s.serviceId === FROM_SERVICE_ID)?.serviceName ?? "";
    step(`Switch ${AGENTS.switcher} from service ${FROM_SERVICE_ID} ${fromName} to ${target.serviceId} ${target.serviceName ?? ""}`);
    const switched = await sup.switchService([AGENTS.switcher], target.serviceId, { message: "Moving you to help with the backlog." });
    for (const a of switched.agents ?? []) note(`${a.agentLoginId.padEnd(8)} ${a.message}`);

    // 7. Session expiry -------------------------------------------------------------------------
    step("The session expires; the SDK renews it without the caller noticing");
    if (emulator) {
      const before = lv.sessionId;
      const { expired = [] } = await control("expire-session", { sessionId: before });
      say(`[emulator] expired session ${expired.map(shortId).join(", ") || shortId(before)} (as if it had been idle for hours)`);
      const again = await sup.monitorState();
      note(`monitorState() -> activeCall ${again.activeCall} (the call was answered 401, the SDK logged in again and retried)`);
      note(`session ${shortId(before)} -> ${shortId(lv.sessionId)}`);
      if (renewals.length === 0) throw new Error("the call succeeded after the session expired, but no sessionRenewed event came");
    } else {
      note("(skipped: expiring a session on purpose needs the emulator's control API)");
    }

    // 8. Log out --------------------------------------------------------------------------------
    step("Log out");
    await lv.logout();
    lv = undefined;
    note("logged out");
    o.print("");
    say("done: the workflow succeeded");
    return { ok: true };
  } catch (err) {
    const text = describe(err);
    say(`FAILED: ${text}`);
    if (lv) {
      try {
        await lv.logout();
        note("(logged out after the failure)");
      } catch (e) {
        note(`(logout after the failure also failed: ${describe(e)})`);
      }
    }
    return { ok: false, error: text };
  }
}
