#!/usr/bin/env node
// Import to first request done, in a cold Node process: spawns `node --input-type=module -e`
// processes that import the package (pkg/node.js: reads and compiles the .wasm, instantiates
// it), make one `setReady` call against the emulator (a session made beforehand, resumed),
// and report the time from just before the import to the reply. The baseline processes do the
// same with bench/plain-client.mjs. Spawns alternate; the figure is the median.
//
//   node bench/cold-start.mjs [--quick] [--json] [--spawns 15]

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sdk, PKG_NODE_URL } from "./lib/sdk.mjs";
import { alternate } from "./lib/timing.mjs";
import { startEmulatorProcess, SUPERVISOR } from "./lib/child.mjs";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";

const { LiveVox } = sdk;

const run_ = promisify(execFile);
export const ROW = { id: "coldStart", what: "import to first request done, cold Node process", target: { max: 60 } };

const PKG = PKG_NODE_URL;
const PLAIN = new URL("./plain-client.mjs", import.meta.url).href;

function script(kind, baseUrl, sessionId) {
  const setup =
    kind === "sdk"
      ? `const { LiveVox } = await import(${JSON.stringify(PKG)});
         const t1 = performance.now();
         const client = LiveVox.resume({ baseUrl: ${JSON.stringify(baseUrl)}, sessionId: ${JSON.stringify(sessionId)} });
         await client.supervisor.setReady(["lv_usr1"]);`
      : `const { PlainLiveVox } = await import(${JSON.stringify(PLAIN)});
         const t1 = performance.now();
         const client = new PlainLiveVox({ baseUrl: ${JSON.stringify(baseUrl)}, sessionId: ${JSON.stringify(sessionId)} });
         await client.setReady(["lv_usr1"]);`;
  return `const t0 = performance.now();
    ${setup}
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstRequestMs: t2 - t0, sinceProcessStartMs: t2 }));
    process.exit(0);`;
}

export async function run({ quick = false, spawns } = {}) {
  spawns ??= quick ? 5 : 15;
  const emu = await startEmulatorProcess();
  const extra = { sdk: [], plain: [] };
  try {
    const lv = await LiveVox.login({ baseUrl: emu.url, ...SUPERVISOR });
    const once = (kind) => async () => {
      const t = performance.now();
      const { stdout } = await run_(process.execPath, ["--input-type=module", "-e", script(kind, emu.url, lv.sessionId)]);
      const wall = performance.now() - t;
      const m = JSON.parse(stdout);
      extra[kind].push({ ...m, wallMs: wall });
      return m.firstRequestMs;
    };
    const r = await alternate({ sdk: once("sdk"), plain: once("plain") }, { reps: spawns, warmup: 1 });
    await lv.logout();
    const med = (kind, k) => {
      const v = extra[kind].slice(-spawns).map((x) => x[k]).sort((a, b) => a - b);
      return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    };
    return [
      row({
        ...ROW,
        unit: "ms",
        sdk: r.sdk.median,
        baseline: r.plain.median,
        baselineLabel: "a cold process importing bench/plain-client.mjs and making the same request",
        note:
          `median of ${spawns} spawns each; import alone: SDK ${med("sdk", "importMs").toFixed(1)} ms, plain ${med("plain", "importMs").toFixed(1)} ms; ` +
          `whole process (spawn to exit): SDK ${med("sdk", "wallMs").toFixed(0)} ms, plain ${med("plain", "wallMs").toFixed(0)} ms`,
        details: { stats: r, spawns, samples: extra },
      }),
    ];
  } finally {
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ spawns: { type: "string" } });
  printRows(await run({ quick: o.quick, spawns: o.spawns ? Number(o.spawns) : undefined }), { json: o.json });
}
