#!/usr/bin/env node
// What a floorwalker call costs on top of the HTTP request it makes. Figures, not a test.
//
// 1. Over the network (loopback, emulator in-process): N sequential
//    `lv.supervisor.monitorState()` against N plain `fetch` calls to the same URL with the same
//    headers (`LV-Session`, `Accept`) followed by `res.json()`, after a warm-up, interleaved in
//    rounds whose order rotates, so that drift (JIT, GC, the emulator's log growing) falls on
//    every side alike. A third variant does what the SDK must do around fetch at the least
//    (timeout timer, AbortController, text() + JSON.parse) to tell that plumbing from the wasm.
// 2. Without a network (the SDK's own CPU cost): the same calls through a `fetch` option that
//    answers at once with a prepared body, against that fetch + `res.json()`; once with the tiny
//    monitor/state reply, once with a large `service/access` reply (conversion-bound).
//
//   node bench/overhead.mjs [--n 300] [--warmup 50] [--round 10] [--micro-n 2000]
//                           [--centers 50] [--services 20] [--json]

import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { LiveVox, FloorwalkerError, version } from "../pkg/node.js";
import { startEmulator } from "../emulator/index.mjs";

const { values: raw } = parseArgs({
  options: {
    n: { type: "string", default: "300" },
    warmup: { type: "string", default: "50" },
    round: { type: "string", default: "10" },
    "micro-n": { type: "string", default: "2000" },
    centers: { type: "string", default: "50" },
    services: { type: "string", default: "20" },
    json: { type: "boolean", default: false },
  },
});
const int = (name, min) => {
  const v = Number(raw[name]);
  if (!Number.isInteger(v) || v < min) {
    console.error(`--${name} must be an integer >= ${min}`);
    process.exit(2);
  }
  return v;
};
const N = int("n", 1);
const WARMUP = int("warmup", 0);
const ROUND = int("round", 1);
const MICRO_N = int("micro-n", 1);
const CENTERS = int("centers", 1);
const SERVICES = int("services", 1);

// ---- statistics ------------------------------------------------------------------------------

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0 };
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return {
    n: s.length,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2,
    p95: q(0.95),
    min: s[0],
    max: s[s.length - 1],
  };
}

const describe = (err) => (err instanceof FloorwalkerError ? `${err.code}: ${err.message}` : `${err?.name}: ${err?.message}`);

/**
 * Times each function of `variants` (name -> async function) `n` times after `warmup` calls
 * each, in rounds of `round` calls; the order of the variants rotates from round to round.
 * Failed calls are counted, not timed.
 */
async function interleaved({ variants, n, warmup, round }) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  let errors = Object.fromEntries(names.map((k) => [k, 0]));
  let firstError = null;
  const once = async (key, record) => {
    const t = performance.now();
    try {
      await variants[key]();
    } catch (err) {
      errors[key]++;
      firstError ??= `${key}: ${describe(err)}`;
      return;
    }
    const dt = performance.now() - t;
    if (record) samples[key].push(dt);
  };
  for (let i = 0; i < warmup; i++) for (const key of names) await once(key, false);
  errors = Object.fromEntries(names.map((k) => [k, 0]));
  firstError = null;
  let done = 0;
  for (let r = 0; done < n; r++) {
    const size = Math.min(round, n - done);
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const key of order) for (let i = 0; i < size; i++) await once(key, true);
    done += size;
  }
  return {
    stats: Object.fromEntries(names.map((k) => [k, stats(samples[k])])),
    errors,
    firstError,
  };
}

function compare(baseline, sdk) {
  return {
    meanMs: sdk.mean - baseline.mean,
    medianMs: sdk.median - baseline.median,
    p95Ms: sdk.p95 - baseline.p95,
    ratioMedian: sdk.median / baseline.median,
    ratioMean: sdk.mean / baseline.mean,
  };
}

// ---- 1. over the network ---------------------------------------------------------------------

const report = { node: process.version, floorwalker: version(), n: N, warmup: WARMUP, round: ROUND };
const emu = await startEmulator({ port: 0 });
let lv;
try {
  lv = await LiveVox.login({
    baseUrl: emu.url,
    accessToken: "test-access-token",
    clientName: "ACME",
    userName: "supervisor",
    password: "s3cret",
  });
  const url = `${emu.url}/callControl/supervisor/monitor/state`;
  const headers = { "LV-Session": lv.sessionId, Accept: "application/json" };
  const plain = async () => {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  };
  // What the SDK does around fetch at the least (a timeout timer and an AbortController, the
  // body read as text and parsed): tells the cost of that plumbing from the wasm's own.
  const plumbed = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 15_000);
    try {
      const res = await fetch(url, { method: "GET", headers, signal: controller.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return JSON.parse(await res.text());
    } finally {
      clearTimeout(timer);
    }
  };
  const sdk = () => lv.supervisor.monitorState();

  // Which headers each side really sends (names only; the values include the session id).
  emu.clearRequests();
  await sdk();
  await plain();
  const [sdkReq, plainReq] = emu.requests().slice(-2);
  report.headers = {
    sdk: Object.keys(sdkReq?.headers ?? {}).sort(),
    fetch: Object.keys(plainReq?.headers ?? {}).sort(),
  };

  emu.clearRequests();
  const net = await interleaved({ variants: { fetch: plain, plumbed, sdk }, n: N, warmup: WARMUP, round: ROUND });
  report.network = {
    request: "GET /callControl/supervisor/monitor/state",
    fetch: net.stats.fetch,
    plumbed: net.stats.plumbed,
    sdk: net.stats.sdk,
    errors: net.errors,
    firstError: net.firstError,
  };
  report.network.overhead = compare(report.network.fetch, report.network.sdk);
  report.network.overheadOverPlumbed = compare(report.network.plumbed, report.network.sdk);
  report.network.requestsSeenByEmulator = emu.requests().length;
} catch (err) {
  report.network = { failed: describe(err) };
} finally {
  if (lv) await lv.logout().catch(() => {});
  await emu.close().catch(() => {});
}

// ---- 2. without a network: the SDK's own CPU cost ----------------------------------------------

function bigServicesBody() {
  const callCenters = [];
  let id = 10_000;
  for (let c = 0; c < CENTERS; c++) {
    const services = [];
    for (let s = 0; s < SERVICES; s++) services.push({ serviceId: id++, serviceName: `Service ${c}-${s} (inbound, priority ${s % 5})` });
    callCenters.push({ services, callCenterId: 1000 + c, callCenterName: `Call Center ${c}` });
  }
  return JSON.stringify({ callCenters });
}

async function micro(label, path, body, call) {
  const responseHeaders = { "content-type": "application/json" };
  const fakeFetch = async () => new Response(body, { status: 200, headers: responseHeaders });
  const client = LiveVox.resume({ baseUrl: "http://127.0.0.1:9", sessionId: "bench-session", fetch: fakeFetch });
  const url = `http://127.0.0.1:9${path}`;
  const headers = { "LV-Session": "bench-session", Accept: "application/json" };
  const plain = async () => (await fakeFetch(url, { headers })).json();
  const viaSdk = () => call(client.supervisor);
  const r = await interleaved({ variants: { fetch: plain, sdk: viaSdk }, n: MICRO_N, warmup: Math.min(200, MICRO_N), round: 50 });
  const result = {
    label,
    bodyBytes: Buffer.byteLength(body),
    fetch: r.stats.fetch,
    sdk: r.stats.sdk,
    errors: r.errors,
    firstError: r.firstError,
  };
  result.overhead = compare(result.fetch, result.sdk);
  return result;
}

report.micro = [];
try {
  report.micro.push(await micro("monitorState() (tiny reply)", "/callControl/supervisor/monitor/state", '{"activeCall":true}', (s) => s.monitorState()));
  report.micro.push(
    await micro(`servicesAllowed() (${CENTERS} centers x ${SERVICES} services)`, "/callControl/supervisor/service/access", bigServicesBody(), (s) => s.servicesAllowed()),
  );
} catch (err) {
  report.micro.push({ failed: describe(err) });
}

// ---- output ----------------------------------------------------------------------------------

if (raw.json) {
  console.log(JSON.stringify(report, null, 2));
  process.exit(0);
}

const ms = (v) => (v === undefined || Number.isNaN(v) ? "-" : v < 1 ? `${(v * 1000).toFixed(1)} µs` : `${v.toFixed(3)} ms`);
const signed = (v) => (v >= 0 ? "+" : "-") + ms(Math.abs(v));
const row = (label, s, w) => `  ${label.padEnd(w)} ${[s.mean, s.median, s.p95, s.min].map((v) => ms(v).padStart(10)).join(" ")}`;
const header = (w) => `  ${"".padEnd(w)} ${["mean", "median", "p95", "min"].map((h) => h.padStart(10)).join(" ")}`;

function table(section, labels) {
  const w = Math.max(...Object.values(labels).map((l) => l.length), "SDK overhead per call".length);
  console.log(header(w));
  for (const [key, label] of Object.entries(labels)) console.log(row(label, section[key], w));
  const o = section.overhead;
  console.log(`  ${"SDK overhead per call".padEnd(w)} ${[o.meanMs, o.medianMs, o.p95Ms].map((v) => signed(v).padStart(10)).join(" ")}`);
  console.log(`  ratio SDK / plain fetch: ${o.ratioMedian.toFixed(2)}x (median), ${o.ratioMean.toFixed(2)}x (mean)`);
  if (section.overheadOverPlumbed) {
    const p = section.overheadOverPlumbed;
    console.log(`  SDK over fetch with the same plumbing: ${signed(p.medianMs)} (median), ${signed(p.meanMs)} (mean)`);
  }
  const failed = Object.entries(section.errors).filter(([, v]) => v > 0);
  if (failed.length) {
    console.log(`  failed calls (not timed): ${failed.map(([k, v]) => `${k} ${v}`).join(", ")}; first: ${section.firstError}`);
  }
}

console.log(`floorwalker ${report.floorwalker} call overhead, Node ${report.node}\n`);
console.log(`1. Over loopback HTTP, emulator in-process: ${report.network.request ?? "GET monitor/state"}`);
if (report.network.failed) {
  console.log(`  could not run: ${report.network.failed}`);
} else {
  console.log(`  ${N} calls each after ${WARMUP} warm-up calls each, in rounds of ${ROUND}, order rotating`);
  console.log(`  headers sent - SDK: ${report.headers.sdk.join(", ")}`);
  console.log(`                 fetch: ${report.headers.fetch.join(", ")}\n`);
  table(report.network, {
    fetch: "fetch + res.json()",
    plumbed: "fetch + timer/AbortController + text()/JSON.parse",
    sdk: "lv.supervisor.monitorState()",
  });
}

console.log(`\n2. No network: a fetch option that answers at once (the SDK's own per-call CPU cost)`);
console.log(`  ${MICRO_N} calls each after ${Math.min(200, MICRO_N)} warm-up calls each, in rounds of 50; baseline = the same fetch + res.json()`);
for (const m of report.micro) {
  if (m.failed) {
    console.log(`  could not run: ${m.failed}`);
    continue;
  }
  console.log(`\n  ${m.label}, reply ${m.bodyBytes.toLocaleString("en-US")} B`);
  table(m, { fetch: "fetch + res.json()", sdk: "SDK call" });
}
