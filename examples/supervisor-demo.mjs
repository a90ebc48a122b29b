#!/usr/bin/env node
// A supervisor's morning with floorwalker, in Node: log in, look at the call centers, set
// agents Ready / Not Ready, chat with them and read their replies, coach one, move one to
// another service, live through a session expiry, log out. Prints a transcript.
//
//   node examples/supervisor-demo.mjs                 # starts the emulator in-process
//   node examples/supervisor-demo.mjs --base-url http://127.0.0.1:8099   # an emulator already running
//   LV_ACCESS_TOKEN=… LV_CLIENT_NAME=… LV_USER=… LV_PASSWORD=… \
//     node examples/supervisor-demo.mjs --base-url https://api.livevox.com
//
// Exit code: 0 when every step succeeded, 1 otherwise (2 for bad arguments).

import { parseArgs } from "node:util";
import * as floorwalker from "../pkg/node.js";
import { runSupervisorDemo } from "./workflow.mjs";

const USAGE = `usage: node examples/supervisor-demo.mjs [--base-url URL] [--verbose] [--chat-timeout-ms MS]

  --base-url URL        the LiveVox platform, or an emulator already running
                        (default: start the floorwalker emulator in-process)
  --verbose             also print the SDK's log events (never secrets or bodies)
  --chat-timeout-ms MS  how long to wait for the agents' chat replies (default 10000)

Credentials come from LV_ACCESS_TOKEN, LV_CLIENT_NAME, LV_USER and LV_PASSWORD
(default: the emulator's fixtures).`;

let args;
try {
  args = parseArgs({
    options: {
      "base-url": { type: "string" },
      verbose: { type: "boolean", default: false },
      "chat-timeout-ms": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const chatTimeoutMs = args["chat-timeout-ms"] === undefined ? 10_000 : Number(args["chat-timeout-ms"]);
if (!Number.isFinite(chatTimeoutMs) || chatTimeoutMs <= 0) {
  console.error(`--chat-timeout-ms must be a positive number\n\n${USAGE}`);
  process.exit(2);
}

/** Is the server at `url` the floorwalker emulator? Only loopback addresses are asked. */
async function isEmulator(url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  if (!(host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host))) return false;
  try {
    const res = await fetch(`${url.replace(/\/+$/, "")}/__control/config`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const body = await res.json();
    return typeof body?.sessionIdleMs === "number";
  } catch {
    return false;
  }
}

let emu;
let code = 1;
try {
  let baseUrl = args["base-url"];
  let emulator;
  if (baseUrl === undefined) {
    const { startEmulator } = await import("../emulator/index.mjs");
    emu = await startEmulator({ port: 0 });
    baseUrl = emu.url;
    emulator = true;
  } else {
    emulator = await isEmulator(baseUrl);
  }
  const env = process.env;
  const credentials = Object.fromEntries(
    Object.entries({
      accessToken: env.LV_ACCESS_TOKEN,
      clientName: env.LV_CLIENT_NAME,
      userName: env.LV_USER,
      password: env.LV_PASSWORD,
    }).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = await runSupervisorDemo({
    floorwalker,
    baseUrl,
    emulator,
    credentials,
    verbose: args.verbose,
    chatTimeoutMs,
    print: (line) => console.log(line),
  });
  code = result.ok ? 0 : 1;
} catch (err) {
  // Only reached for a failure outside the workflow (the emulator did not start, ...).
  console.error(`demo failed: ${err?.code ? `${err.code}: ` : ""}${err?.message ?? err}`);
  code = 1;
} finally {
  if (emu) await emu.close().catch(() => {});
}
process.exit(code);
