#!/usr/bin/env node
// CometD delivery rate: cometd-nodejs-server (in its own process) publishes N messages
// server-side (default 5,000, in bursts of 100 per event-loop turn) on a channel one client
// subscribes to; the figure is N / (time from asking for the publish until the client's
// callback has received the Nth message). Our `CometD` class against the official `cometd`
// JS client (long-polling over a fetch-backed XMLHttpRequest, see lib/cometd-official.mjs),
// one client at a time, runs alternating, same server. The server runs the acknowledged-
// messages extension and both clients acknowledge (ours by default, the official one with its
// AckExtension); each run checks that its polls did.
//
//   node bench/cometd.mjs [--quick] [--json] [--messages 5000] [--burst 100] [--only sdk|official]
//
// `--only sdk` (or `official`) runs one client alone, e.g. under `node --cpu-prof` to profile
// it; the row then has no ratio.

import { sdk } from "./lib/sdk.mjs";
import { alternate } from "./lib/timing.mjs";
import { startBayeuxProcess } from "./lib/child.mjs";
import { officialClient } from "./lib/cometd-official.mjs";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";

const { CometD } = sdk;
export const ROW = { id: "cometd", what: "CometD messages delivered per second", target: { ratioMin: 1.0 } };

async function ours(url) {
  const c = new CometD({ url });
  await c.handshake();
  return {
    subscribe: (channel, cb) => c.subscribe(channel, cb),
    disconnect: () => c.disconnect(),
  };
}

/** One run: connect, subscribe, have the server publish `n`, wait for them all; msg/s. */
async function once(make, srv, n, burst, polls) {
  const client = await make(srv.url);
  const channel = `/bench/r${Math.random().toString(36).slice(2, 8)}`;
  let got = 0;
  let outOfOrder = 0;
  let done;
  const all = new Promise((r) => (done = r));
  await client.subscribe(channel, (data) => {
    got++;
    if (data?.seq !== got) outOfOrder++;
    if (got === n) done();
  });
  const before = await (await fetch(`${srv.origin}/stats`)).json();
  const t = performance.now();
  const published = fetch(`${srv.origin}/publish?channel=${encodeURIComponent(channel)}&n=${n}&burst=${burst}`, { method: "POST" }).then((r) => r.json());
  const timeout = setTimeout(() => done(), 60_000);
  await all;
  const ms = performance.now() - t;
  clearTimeout(timeout);
  await published;
  const after = await (await fetch(`${srv.origin}/stats`)).json();
  await client.disconnect();
  if (got !== n) throw new Error(`received ${got} of ${n} messages within 60 s`);
  if (outOfOrder) throw new Error(`${outOfOrder} messages out of order`);
  if (after.ackedConnects === before.ackedConnects) throw new Error("the client did not acknowledge messages");
  polls.push(after.bayeuxRequests - before.bayeuxRequests);
  return (n / ms) * 1000;
}

export async function run({ quick = false, messages = 5000, burst = 100, only = null } = {}) {
  const reps = quick ? 3 : 9;
  const srv = await startBayeuxProcess();
  try {
    const polls = { sdk: [], official: [] };
    const variants = {
      sdk: () => once(ours, srv, messages, burst, polls.sdk),
      official: () => once(officialClient, srv, messages, burst, polls.official),
    };
    if (only && !(only in variants)) throw new Error(`--only must be sdk or official, not ${only}`);
    const r = await alternate(only ? { [only]: variants[only] } : variants, { reps, warmup: 1 });
    const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
    const result = row({
      ...ROW,
      what: `CometD: ${messages.toLocaleString("en-US")} msgs from cometd-nodejs-server, delivered/s`,
      unit: "msg/s",
      sdk: r.sdk?.median ?? NaN,
      baseline: r.official?.median ?? null,
      baselineLabel: "official `cometd` 9 JS client (long-polling, fetch-backed XHR, AckExtension), same server and messages, acknowledgements on for both",
      note: `median of ${reps} runs each; polls per run (median): ${[["ours", polls.sdk], ["official", polls.official]].filter(([, p]) => p.length).map(([who, p]) => `${who} ${med(p)}`).join(", ")}`,
      details: { stats: r, messages, burst, reps, polls },
    });
    // one client alone (for profiling): no ratio
    return [only ? { ...result, ratio: null, met: null } : result];
  } finally {
    await srv.close();
  }
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ messages: { type: "string" }, burst: { type: "string" }, only: { type: "string" } });
  printRows(await run({ quick: o.quick, messages: o.messages ? Number(o.messages) : undefined, burst: o.burst ? Number(o.burst) : undefined, only: o.only }), { json: o.json });
}
