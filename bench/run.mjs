#!/usr/bin/env node
// Every benchmark of issue 7 in one run: the size of the package, then each comparison with
// warm-up and repeats, side by side with its baseline. Prints the table (medians, ratios,
// targets, met?) and writes bench/results.json.
//
//   node bench/run.mjs [--quick] [--only id,id] [--json] [--out FILE] [--compare DIR[,DIR...]]
//
// `--compare DIR[,DIR...]`: the rows that support it (sequential, browser, decode) also time the
// packages in DIR… in the same rounds, a row each beside the one of the package under test;
// the size row adds the livevox entry's sizes of each.
//
// Rows (ids): size, sequential, concurrent, browser, coldStart, cometd, agents, decode.
// Each is also a script of its own (bench/<name>.mjs, see bench/README.md).

import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sdk, PKG_DIR, compareDirs } from "./lib/sdk.mjs";
import { cliOptions, failedRow, printRows, row } from "./lib/report.mjs";
import { PLATFORMS, sizeReport } from "../scripts/size-report.mjs";
import * as sequential from "./sequential.mjs";
import * as concurrent from "./concurrent.mjs";
import * as browser from "./browser.mjs";
import * as coldStart from "./cold-start.mjs";
import * as cometd from "./cometd.mjs";
import * as agents from "./agents.mjs";
import * as decode from "./decode.mjs";


function sizeRows(compare) {
  const rep = sizeReport(PKG_DIR);
  const check = (group, metric) => rep.checks.find((c) => c.group === group && c.metric === metric);
  const mk = (id, what, group, metric, extra = "") => {
    const c = check(group, metric);
    return row({
      id,
      what,
      unit: "B",
      sdk: rep.sizes[group][metric],
      target: c?.target != null ? { max: c.target } : {},
      note: `${c?.limit ? `limit enforced by the test command: ${c.limit.toLocaleString("en-US")} B (${c.withinLimit ? "within" : "OVER"})` : "no limit"}${extra}`,
      details: { sizes: rep.sizes[group], check: c },
    });
  };
  return [
    mk("wasmRaw", ".wasm after wasm-opt, raw", "wasm", "raw"),
    mk("wasmGzip", ".wasm after wasm-opt, gzip -9", "wasm", "gzip"),
    mk(
      "glueGzip",
      "browser JS shipped (entry + glue), gzip -9",
      "browserJs",
      "gzip",
      `; floorwalker_wasm.js alone ${rep.sizes.glue.gzip.toLocaleString("en-US")} B, entry + helpers ${rep.sizes.entry.gzip.toLocaleString("en-US")} B`,
    ),
    // Each entry's .wasm, against its goal: what a page importing only that entry downloads.
    ...PLATFORMS.map((name) =>
      mk(`entry.${name}`, `floorwalker/${name} .wasm, gzip -9`, `${name}.wasm`, "gzip", `; raw ${rep.sizes[`${name}.wasm`].raw.toLocaleString("en-US")} B`),
    ),
    ...compareSizeRows(rep, compare),
  ];
}

/**
 * With `--compare`: the livevox entry's `.wasm` and browser JS (gzip -9) of the package under
 * test and of each compared one, the compared ones against the first as their baseline.
 */
function compareSizeRows(rep, compare) {
  const dirs = compareDirs(compare);
  if (!dirs.length) return [];
  const reports = [[PKG_DIR, rep], ...dirs.map((dir) => [dir, sizeReport(dir)])];
  const rows = [];
  for (const [group, label] of [
    ["livevox.wasm", "floorwalker/livevox .wasm, gzip -9"],
    ["livevox.browserJs", "floorwalker/livevox browser JS, gzip -9"],
  ]) {
    reports.forEach(([dir, r], i) => {
      rows.push(
        row({
          id: `size.${group}${i ? `.compare${i - 1}` : ""}`,
          what: `${label} [${dir}]`,
          unit: "B",
          sdk: r.sizes[group]?.gzip ?? NaN,
          baseline: i ? rep.sizes[group]?.gzip ?? null : null,
          target: {},
          note: `raw ${(r.sizes[group]?.raw ?? NaN).toLocaleString("en-US")} B${i ? `; baseline: the same file of ${PKG_DIR}` : ""}`,
        }),
      );
    });
  }
  return rows;
}

const ROWS = [
  { id: "size", run: async ({ compare }) => sizeRows(compare), what: "package size", target: {} },
  { id: "sequential", ...sequential.ROW, run: sequential.run },
  { id: "concurrent", ...concurrent.ROW, run: concurrent.run },
  { id: "browser", ...browser.ROW, run: browser.run },
  { id: "coldStart", ...coldStart.ROW, run: coldStart.run },
  { id: "cometd", ...cometd.ROW, run: cometd.run },
  { id: "agents", ...agents.ROW, run: agents.run },
  { id: "decode", ...decode.ROW, run: decode.run },
];

const o = cliOptions({ only: { type: "string" }, out: { type: "string" }, compare: { type: "string" } });
const only = o.only ? new Set(o.only.split(",").map((s) => s.trim())) : null;
const unknown = only ? [...only].filter((id) => !ROWS.some((r) => r.id === id)) : [];
if (unknown.length) {
  console.error(`unknown row(s): ${unknown.join(", ")}; rows: ${ROWS.map((r) => r.id).join(", ")}`);
  process.exit(2);
}

const started = Date.now();
const rows = [];
const timings = {};
for (const r of ROWS) {
  if (only && !only.has(r.id)) continue;
  if (!o.json) process.stderr.write(`[bench] ${r.id} ... `);
  const t = performance.now();
  try {
    rows.push(...(await r.run({ quick: o.quick, compare: o.compare })));
  } catch (err) {
    rows.push(failedRow(r, err));
  }
  timings[r.id] = Math.round(performance.now() - t);
  if (!o.json) process.stderr.write(`${(timings[r.id] / 1000).toFixed(1)} s\n`);
}

const git = (args) => {
  try {
    return execFileSync("git", args, { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8" }).trim();
  } catch {
    return null;
  }
};
const results = {
  date: new Date().toISOString(),
  quick: o.quick,
  floorwalker: sdk.version(),
  pkg: PKG_DIR,
  commit: git(["rev-parse", "--short", "HEAD"]),
  dirty: git(["status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"]) ? true : false,
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  seconds: Math.round((Date.now() - started) / 1000),
  timingsMs: timings,
  rows,
};
writeFileSync(o.out ?? fileURLToPath(new URL("./results.json", import.meta.url)), JSON.stringify(results, null, 2) + "\n");

if (o.json) console.log(JSON.stringify(results, null, 2));
else {
  printRows(rows, {
    title: `floorwalker ${results.floorwalker} (${results.commit}${results.dirty ? ", src modified" : ""}), Node ${results.node}, ${results.cpus}${o.quick ? ", --quick" : ""}; ${results.seconds} s`,
  });
  const missed = rows.filter((r) => r.met === false).map((r) => r.id);
  const failed = rows.filter((r) => r.error).map((r) => r.id);
  console.log(`\n${rows.length - missed.length - failed.length} of ${rows.length} rows at or under target${missed.length ? `; not met: ${missed.join(", ")}` : ""}${failed.length ? `; failed: ${failed.join(", ")}` : ""}`);
  console.log(`figures written to ${o.out ?? "bench/results.json"}`);
}
