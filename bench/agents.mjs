#!/usr/bin/env node
// Memory of many virtual agents in one Node process: an AgentPool of 1 agent, then an
// AgentPool of 999 more (logged in, joined to service 1001, Ready, keep-alive running; the
// emulator, in its own process, has the extra agents BENCH1 … BENCH1000). After a full GC
// (`--expose-gc`; the script re-runs itself with it when needed) it reads the JS heap
// (`process.memoryUsage().heapUsed`), the wasm linear memory (`memory.buffer.byteLength` of
// the module's instance) and the RSS, and reports (figure with 1,000 agents − figure with
// 1) / 999. The target applies to JS heap + wasm memory. Linear memory never shrinks: its
// figure is the high-water mark the agents pushed it to.
//
//   node bench/agents.mjs [--quick] [--json] [--agents 1000]

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";

export const ROW = { id: "agents", what: "1,000 virtual agents in one process, heap per agent beyond the first", target: { max: 10 } };

async function settle() {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 20));
    globalThis.gc();
  }
}

export async function run({ quick = false, agents = 1000 } = {}) {
  if (typeof globalThis.gc !== "function") {
    // Run in a child with --expose-gc (and no other module loaded than this one's).
    const args = ["--expose-gc", fileURLToPath(import.meta.url), "--json", "--agents", String(agents), ...(quick ? ["--quick"] : [])];
    const r = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`bench/agents.mjs child exited with ${r.status}`);
    return JSON.parse(r.stdout);
  }
  const { sdk, glue } = await import("./lib/sdk.mjs");
  const { startEmulatorProcess } = await import("./lib/child.mjs");
  const memory = glue.initSync().memory; // already initialised by node.js: returns its exports
  const { AgentPool } = sdk;
  const emu = await startEmulatorProcess({ agents });
  const pools = [];
  try {
    const spec = (k) => ({ userName: `BENCH${k}`, password: `agent-bench${k}`, phoneNumber: `+18995${String(k).padStart(6, "0")}` });
    const pool = (from, to) =>
      new AgentPool({
        baseUrl: emu.url,
        accessToken: "test-access-token",
        clientName: "ACME",
        serviceId: 1001,
        agents: Array.from({ length: to - from + 1 }, (_, i) => spec(from + i)),
        concurrency: 32,
      });
    const measure = async () => {
      await settle();
      const m = process.memoryUsage();
      return { heapUsed: m.heapUsed, wasm: memory.buffer.byteLength, rss: m.rss, external: m.external };
    };
    const start = async (p) => {
      pools.push(p);
      const res = await p.start();
      const failed = res.filter((r) => !r.ok);
      if (failed.length) throw new Error(`${failed.length} agents failed to start; first: ${failed[0].userName} at ${failed[0].step}: ${failed[0].error?.message}`);
      return res.length;
    };
    const m0 = await measure();
    await start(pool(1, 1));
    const m1 = await measure();
    const t = performance.now();
    await start(pool(2, agents));
    const startMs = performance.now() - t;
    const mN = await measure();
    const running = pools.reduce((n, p) => n + p.running, 0);
    if (running !== agents) throw new Error(`${running} agents running, not ${agents}`);
    const per = (k) => (mN[k] - m1[k]) / (agents - 1) / 1024;
    const heap = per("heapUsed");
    const wasm = per("wasm");
    return [
      row({
        ...ROW,
        what: `${agents.toLocaleString("en-US")} virtual agents (AgentPool, Ready, keep-alive), JS heap + wasm memory per agent`,
        unit: "KiB/agent",
        sdk: heap + wasm,
        note:
          `JS heap ${heap.toFixed(2)} KiB + wasm linear memory ${wasm.toFixed(2)} KiB per agent; RSS ${per("rss").toFixed(2)} KiB per agent; ` +
          `wasm memory ${(m1.wasm / 1048576).toFixed(1)} → ${(mN.wasm / 1048576).toFixed(1)} MiB; ${agents - 1} agents started in ${(startMs / 1000).toFixed(1)} s`,
        details: { agents, before: m0, withOne: m1, withAll: mN, perAgentKiB: { heapUsed: heap, wasm, rss: per("rss"), external: per("external") }, startMs },
      }),
    ];
  } finally {
    for (const p of pools) await p.shutdown().catch(() => {});
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ agents: { type: "string" } });
  printRows(await run({ quick: o.quick, agents: o.agents ? Number(o.agents) : undefined }), { json: o.json });
  process.exit(0);
}
