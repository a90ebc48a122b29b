#!/usr/bin/env node
// Per-call cost in Node with concurrent callers: C callers (default 200) each making
// sequential `setReady(["lv_usr1"])` calls until 2,000 calls are done, through the SDK and
// through bench/plain-client.mjs, the emulator in its own process. One sample is the wall time
// of the whole batch divided by its calls; batches of each side alternate.
//
//   node bench/concurrent.mjs [--quick] [--json] [--callers 200] [--calls 2000]

import { sdk } from "./lib/sdk.mjs";
import { PlainLiveVox } from "./plain-client.mjs";
import { alternate } from "./lib/timing.mjs";
import { startEmulatorProcess, control, SUPERVISOR } from "./lib/child.mjs";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";

const { LiveVox } = sdk;

export const ROW = { id: "concurrent", what: "setReady, 200 concurrent callers, Node, loopback", target: { ratioMax: 1.1 } };

async function batch(call, callers, calls) {
  let left = calls;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (left > 0) {
        left--;
        await call();
      }
    }),
  );
  return (performance.now() - t) / calls;
}

export async function run({ quick = false, callers = 200, calls = 2000 } = {}) {
  const reps = quick ? 3 : 9;
  const emu = await startEmulatorProcess();
  try {
    const lv = await LiveVox.login({ baseUrl: emu.url, ...SUPERVISOR });
    const plain = new PlainLiveVox({ baseUrl: emu.url, sessionId: lv.sessionId });
    const agents = ["lv_usr1"];
    const sdk = () => lv.supervisor.setReady(agents);
    const base = () => plain.setReady(agents);
    const clear = () => control(emu.url, "DELETE", "/requests");
    const r = await alternate(
      {
        sdk: async () => {
          await clear();
          return batch(sdk, callers, calls);
        },
        plain: async () => {
          await clear();
          return batch(base, callers, calls);
        },
      },
      { reps, warmup: 1 },
    );
    await lv.logout();
    return [
      row({
        ...ROW,
        what: `setReady, ${callers} concurrent callers, ${calls.toLocaleString("en-US")} calls, Node, loopback`,
        unit: "ms/call",
        sdk: r.sdk.median,
        baseline: r.plain.median,
        baselineLabel: "bench/plain-client.mjs, same callers and calls",
        note: `wall time per call of a ${calls}-call batch (median of ${reps}): SDK ${(1000 / r.sdk.median).toFixed(0)} calls/s, plain ${(1000 / r.plain.median).toFixed(0)} calls/s`,
        details: { stats: r, callers, calls, reps },
      }),
    ];
  } finally {
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ callers: { type: "string" }, calls: { type: "string" } });
  printRows(await run({ quick: o.quick, callers: o.callers ? Number(o.callers) : undefined, calls: o.calls ? Number(o.calls) : undefined }), { json: o.json });
}
