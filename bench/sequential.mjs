#!/usr/bin/env node
// Per-call cost in Node over loopback: N sequential `lv.supervisor.setReady(["lv_usr1"])`
// against the same request made by bench/plain-client.mjs (fetch + JSON.parse), the emulator
// in its own process. Also, as a diagnostic, the plain client with an AbortSignal.timeout
// (the SDK has a timeout on every call). Three passes of N calls (one with --quick); the
// row shows the pass whose ratio is the median one. `--compare DIR` (or
// FLOORWALKER_BENCH_COMPARE=DIR) times a second build of the package (e.g. an older one) in the
// same rounds, against the same baseline, and prints its row too (several: DIR,DIR).
//
//   node bench/sequential.mjs [--quick] [--json] [--n 2000] [--compare DIR[,DIR...]]

import { sdk, PKG_DIR, comparePackages } from "./lib/sdk.mjs";
import { compareKey, compareRows } from "./lib/compare.mjs";
import { PlainLiveVox } from "./plain-client.mjs";
import { interleavedRounds, mergePasses } from "./lib/timing.mjs";
import { startEmulatorProcess, compareRequests, control, SUPERVISOR } from "./lib/child.mjs";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";

const { LiveVox } = sdk;

export const ROW = { id: "sequential", what: "setReady, sequential, Node, loopback", target: { ratioMax: 1.1 } };

export async function run({ quick = false, n, compare } = {}) {
  const others = await comparePackages(compare);
  n ??= quick ? 400 : 2000;
  const warmup = quick ? 50 : 200;
  const emu = await startEmulatorProcess();
  try {
    const lv = await LiveVox.login({ baseUrl: emu.url, ...SUPERVISOR });
    const plain = new PlainLiveVox({ baseUrl: emu.url, sessionId: lv.sessionId });
    const plainTimeout = new PlainLiveVox({ baseUrl: emu.url, sessionId: lv.sessionId, timeoutMs: 15_000 });
    const agents = ["lv_usr1"];
    const variants = {
      sdk: () => lv.supervisor.setReady(agents),
      plain: () => plain.setReady(agents),
      plainTimeout: () => plainTimeout.setReady(agents),
    };
    others.forEach((other, i) => {
      const lvOther = other.sdk.LiveVox.resume({ baseUrl: emu.url, sessionId: lv.sessionId });
      variants[compareKey(i)] = () => lvOther.supervisor.setReady(agents);
    });
    const check = await compareRequests(emu.url, { sdk: variants.sdk, plain: variants.plain });
    // Several passes of N calls each; the row shows the pass whose ratio is the median one.
    const passes = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      await control(emu.url, "DELETE", "/requests");
      passes.push(await interleavedRounds(variants, { n, warmup: i === 0 ? warmup : 20, round: 20 }));
    }
    const r = mergePasses(passes);
    await control(emu.url, "DELETE", "/requests");
    await lv.logout();
    const what = `${ROW.what}, ${n.toLocaleString("en-US")} calls`;
    const baselineLabel = "bench/plain-client.mjs setReady (fetch + JSON.parse), same request";
    return [
      row({
        ...ROW,
        what: others.length ? `${what} [${PKG_DIR}]` : what,
        unit: "ms/call",
        sdk: r.sdk.median,
        baseline: r.plain.median,
        baselineLabel,
        note:
          `plain client with AbortSignal.timeout: ${(r.plainTimeout.median * 1000).toFixed(0)} µs/call ` +
          `(SDK / that = ${(r.sdk.median / r.plainTimeout.median).toFixed(2)}×); ` +
          `requests identical: ${check.same ? "yes" : "NO"}; ratio per pass: ${r.passRatios} (the row shows the median pass)`,
        details: { stats: r, passes, warmup, round: 20, sameRequest: check.same, requests: check.requests },
      }),
      ...compareRows({ base: ROW, what, pkgDir: PKG_DIR, others, passes, r, baselineLabel }),
    ];
  } finally {
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ n: { type: "string" }, compare: { type: "string" } });
  printRows(await run({ quick: o.quick, n: o.n ? Number(o.n) : undefined, compare: o.compare }), { json: o.json });
}
