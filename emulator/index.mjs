// Programmatic entry point.
//
//   import { startEmulator } from "./emulator/index.mjs";
//   const emu = await startEmulator({ port: 0, sessionIdleMs: 7200000 });
//   emu.url;            // "http://127.0.0.1:<port>"
//   emu.requests();     // request log (same entries as GET /__control/requests)
//   emu.reset();        // everything back to fixtures
//   await emu.close();

import { EmulatorServer } from "./server.mjs";
import { createLiveVox } from "./livevox.mjs";
import { createLiveVoxRealtime } from "./livevox-realtime.mjs";
import { LIVEVOX } from "./fixtures.mjs";
import { createGws } from "./gws.mjs";
import { GWS } from "./gws-fixtures.mjs";

export { EmulatorServer, HANDLED } from "./server.mjs";
export { HttpError } from "./util.mjs";
export { LIVEVOX as LIVEVOX_FIXTURES } from "./fixtures.mjs";
export { GWS as GWS_FIXTURES } from "./gws-fixtures.mjs";

/**
 * Start the emulator on 127.0.0.1.
 * @param {object} [opts]
 * @param {number} [opts.port=0] 0 picks a free port
 * @param {number} [opts.sessionIdleMs=7200000] LiveVox session idle timeout
 * @param {boolean} [opts.verbose=false] one line per request on stderr (or opts.logLine)
 * @param {(line: string) => void} [opts.logLine]
 * @param {() => number} [opts.now] clock for session expiry and timestamps (tests)
 * @param {object} [opts.gws] GWS settings (also `GET/POST /__control/gws/config`; reset returns to these)
 * @param {number} [opts.gws.sessionIdleMs=1800000] GWS HTTP session (JSESSIONID) idle timeout
 * @param {number} [opts.gws.cometdTimeoutMs=20000] how long a CometD /meta/connect is held
 * @param {number} [opts.gws.cometdMaxIntervalMs=10000] how long the Bayeux server keeps a silent client
 */
export async function startEmulator(opts = {}) {
  const { port = 0, sessionIdleMs = LIVEVOX.sessionIdleMs, verbose = false, logLine, now, gws: gwsOpts = {} } = opts;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError("port must be an integer 0-65535");
  if (!Number.isSafeInteger(sessionIdleMs) || sessionIdleMs < 0) throw new TypeError("sessionIdleMs must be a non-negative integer");
  const config = { sessionIdleMs };
  for (const k of ["sessionIdleMs", "cometdTimeoutMs", "cometdMaxIntervalMs"]) {
    const v = gwsOpts[k];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new TypeError(`gws.${k} must be a non-negative integer`);
  }
  const livevox = createLiveVox({ config, now });
  const realtime = createLiveVoxRealtime({ livevox });
  const gws = createGws({
    now,
    shared: config, // flavours (gwsVersion …) are keys of the server's config
    sessionIdleMs: gwsOpts.sessionIdleMs ?? GWS.sessionIdleMs,
    cometdTimeoutMs: gwsOpts.cometdTimeoutMs ?? GWS.cometdTimeoutMs,
    cometdMaxIntervalMs: gwsOpts.cometdMaxIntervalMs ?? GWS.cometdMaxIntervalMs,
  });
  const server = new EmulatorServer({ modules: [livevox, realtime, gws], config, port, verbose, logLine });
  const url = await server.listen();
  return {
    url,
    port: server.port,
    server,
    livevox,
    /** The LiveVox Real-Time API module (the live agent board). */
    realtime,
    /** The GWS module (config, users, devices, chats, sessions, publish(), notifications(), cometd). */
    gws,
    config,
    /** Request log entries with seq > since (copies). */
    requests: (since = 0) => server.requests(since),
    clearRequests: () => server.clearRequests(),
    /** Preflights seen (not in the request log). */
    preflights: () => structuredClone(server.preflights),
    /** Same object as GET /__control/state. */
    state: () => server.snapshot(),
    addFault: (spec) => server.addFault(spec),
    clearFaults: () => server.clearFaults(),
    reset: () => server.reset(),
    close: () => server.close(),
  };
}
