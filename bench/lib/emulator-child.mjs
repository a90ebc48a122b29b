#!/usr/bin/env node
// The emulator in its own process for the benchmarks (so the client process measures only
// the client): `node bench/lib/emulator-child.mjs [--agents N]`. Prints
// `EMULATOR_URL=<url>` once listening; exits when stdin closes or on SIGTERM.
//
// `--agents N` adds N virtual agents BENCH1 … BENCHN (password `agent-bench<k>`, phone
// +18995<k, 6 digits>, logged off, in no service) to the in-process emulator's agent table,
// beside the fixtures' VA1 … VA20, for the 1,000-agent benchmark. They are made like the
// fixture VA1 (same fields), live only in this process, and go away on a reset.

import { parseArgs } from "node:util";
import { startEmulator } from "../../emulator/index.mjs";

const { values } = parseArgs({ options: { agents: { type: "string", default: "0" } } });
const extra = Number(values.agents);

const emu = await startEmulator({ port: 0 });
if (extra > 0) {
  const template = emu.livevox.findAgent("VA1");
  for (let k = 1; k <= extra; k++) {
    const loginId = `BENCH${k}`;
    emu.livevox.agents.set(loginId.toLowerCase(), {
      ...structuredClone(template),
      loginId,
      userId: 100_000 + k,
      name: `Bench Agent ${k}`,
      password: `agent-bench${k}`,
      phoneNumber: `+18995${String(k).padStart(6, "0")}`,
    });
  }
}
process.stdout.write(`EMULATOR_URL=${emu.url}\n`);

const stop = () => emu.close().finally(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
