#!/usr/bin/env node
// floorwalker-emulator [--port N] [--session-idle-ms MS] [--gws-session-idle-ms MS]
//                      [--cometd-timeout-ms MS] [--verbose]
// (the package's bin: `npx floorwalker-emulator`; in the repository `node emulator/cli.mjs` or
// `npm run emulator --`). Prints exactly one line "EMULATOR_URL=http://127.0.0.1:<port>" on
// stdout once listening.

import { startEmulator } from "./index.mjs";

const USAGE =
  "usage: floorwalker-emulator [--port N] [--session-idle-ms MS] [--gws-session-idle-ms MS] [--cometd-timeout-ms MS] [--verbose]";

function parseArgs(argv) {
  const opts = { port: 0, verbose: false, gws: {} };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const takeInt = (name, max) => {
      if (value === undefined) value = argv[++i];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > max) {
        throw new Error(`${name} needs an integer 0-${max}`);
      }
      return Number(value);
    };
    switch (arg) {
      case "--port":
        opts.port = takeInt("--port", 65535);
        break;
      case "--session-idle-ms":
        opts.sessionIdleMs = takeInt("--session-idle-ms", Number.MAX_SAFE_INTEGER);
        break;
      case "--gws-session-idle-ms":
        opts.gws.sessionIdleMs = takeInt("--gws-session-idle-ms", Number.MAX_SAFE_INTEGER);
        break;
      case "--cometd-timeout-ms":
        opts.gws.cometdTimeoutMs = takeInt("--cometd-timeout-ms", 600000);
        break;
      case "--verbose":
      case "-v":
        opts.verbose = true;
        break;
      case "--help":
      case "-h":
        process.stderr.write(USAGE + "\n");
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`emulator: ${err.message}\n${USAGE}\n`);
  process.exit(2);
}

let emu;
try {
  emu = await startEmulator(opts);
} catch (err) {
  process.stderr.write(`emulator: could not start: ${err.message}\n`);
  process.exit(1);
}
process.stdout.write(`EMULATOR_URL=${emu.url}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(0), 2000);
  force.unref();
  await emu.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
