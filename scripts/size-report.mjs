#!/usr/bin/env node
// What the package weighs and whether it is within its budget (bench/budget.json):
// raw, gzip -9 and brotli -q 11 of the .wasm and of the JS a browser loads.
//
//   node scripts/size-report.mjs [--check] [--json] [--pkg DIR] [--budget FILE]
//
// --check exits 1 when a figure is over its `limit` (or a file is missing). The budget's
// `target` (the project's size goals) is reported as met / not met and never fails the check.
//
// As a module:
//   import { sizeReport, formatSizeReport } from "./scripts/size-report.mjs";
//   const report = sizeReport("pkg", { print: true });   // figures; prints the table
//   report.ok;                                            // every figure within its limit

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_BUDGET = join(root, "bench", "budget.json");

/** The entries beside `floorwalker` (scripts/build.mjs: one per platform, and the LiveVox
 * supervisor-only one), each in its own folder of pkg/. */
export const PLATFORMS = ["livevox", "livevox-supervisor", "gws", "cometd", "sip"];

/** The groups of files measured; each group is measured as the concatenation of its files. */
export const GROUPS = [
  { key: "wasm", label: ".wasm (floorwalker_wasm_bg.wasm, after wasm-opt)", files: ["floorwalker_wasm_bg.wasm"] },
  { key: "glue", label: "JS glue (floorwalker_wasm.js, wasm-bindgen)", files: ["floorwalker_wasm.js"] },
  { key: "entry", label: "JS entry + helpers (index.js, setup.js, error.js)", files: ["index.js", "setup.js", "error.js"] },
  {
    key: "browserJs",
    label: "browser JS shipped (entry + helpers + glue)",
    files: ["index.js", "setup.js", "error.js", "floorwalker_wasm.js"],
  },
  { key: "types", label: "types (.d.ts; never downloaded by a page)", files: ["index.d.ts", "index.d.cts", "floorwalker_wasm.d.cts"] },
  // The per-platform entries (`floorwalker/<name>`): each its own .wasm and glue; a page that
  // imports one downloads its .wasm and browser JS (its index.js and glue, setup.js, error.js).
  ...PLATFORMS.flatMap((name) => [
    { key: `${name}.wasm`, label: `floorwalker/${name} .wasm`, files: [`${name}/floorwalker_wasm_bg.wasm`] },
    {
      key: `${name}.browserJs`,
      label: `floorwalker/${name} browser JS`,
      files: [`${name}/index.js`, "setup.js", "error.js", `${name}/floorwalker_wasm.js`],
    },
  ]),
];
const METRICS = ["raw", "gzip", "brotli"];

function measure(pkgDir, files) {
  const missing = files.filter((f) => !existsSync(join(pkgDir, f)));
  if (missing.length) return { files, missing };
  const bytes = Buffer.concat(files.map((f) => readFileSync(join(pkgDir, f))));
  return {
    files,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/**
 * Measures the package in `pkgDir` and checks it against the budget.
 * Returns `{ pkg, sizes: {wasm, glue, entry, browserJs, types, page, and per platform entry
 * `<name>.wasm`, `<name>.browserJs`, `<name>.page`}, checks: [{ group,
 * metric, bytes, target, targetMet, limit, withinLimit }], missing: [files], ok }`, where `ok`
 * is true when no file is missing and every figure is within its limit. With `print`, prints
 * the table (to `log`, default console.log).
 */
export function sizeReport(pkgDir = join(root, "pkg"), { budget = DEFAULT_BUDGET, print = false, log = console.log } = {}) {
  const pkg = resolve(pkgDir);
  const budgetData = typeof budget === "string" ? JSON.parse(readFileSync(budget, "utf8")) : budget;
  const sizes = {};
  for (const g of GROUPS) sizes[g.key] = { label: g.label, ...measure(pkg, g.files) };
  const missing = [...new Set(Object.values(sizes).flatMap((s) => s.missing ?? []))];
  if (!sizes.wasm.missing && !sizes.browserJs.missing) {
    sizes.page = {
      label: "a page downloads (browser JS + .wasm, each compressed alone)",
      ...Object.fromEntries(METRICS.map((m) => [m, sizes.wasm[m] + sizes.browserJs[m]])),
    };
  }
  for (const name of PLATFORMS) {
    const [w, js] = [sizes[`${name}.wasm`], sizes[`${name}.browserJs`]];
    if (w.missing || js.missing) continue;
    sizes[`${name}.page`] = {
      label: `a page of floorwalker/${name} downloads`,
      ...Object.fromEntries(METRICS.map((m) => [m, w[m] + js[m]])),
    };
  }
  const checks = [];
  for (const group of new Set([...Object.keys(budgetData.target ?? {}), ...Object.keys(budgetData.limit ?? {})])) {
    for (const metric of METRICS) {
      const target = budgetData.target?.[group]?.[metric] ?? null;
      const limit = budgetData.limit?.[group]?.[metric] ?? null;
      if (target === null && limit === null) continue;
      const bytes = sizes[group]?.[metric] ?? null;
      checks.push({
        group,
        metric,
        bytes,
        target,
        targetMet: target === null || bytes === null ? null : bytes <= target,
        limit,
        withinLimit: limit === null ? true : bytes !== null && bytes <= limit,
      });
    }
  }
  const report = { pkg, sizes, checks, missing, ok: missing.length === 0 && checks.every((c) => c.withinLimit) };
  if (print) for (const line of formatSizeReport(report)) log(line);
  return report;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const bytes = (n) => n.toLocaleString("en-US");

/** The report as lines of text: the sizes table, then the budget table. */
export function formatSizeReport(report) {
  const out = [];
  const rows = [
    ...GROUPS.map((g) => report.sizes[g.key]),
    ...["page", ...PLATFORMS.map((n) => `${n}.page`)].filter((k) => report.sizes[k]).map((k) => report.sizes[k]),
  ];
  const w = Math.max(...rows.map((r) => r.label.length));
  const col = (s) => String(s).padStart(20);
  out.push(`floorwalker package size (${report.pkg})`);
  out.push(`${"".padEnd(w)}  ${col("raw")}  ${col("gzip -9")}  ${col("brotli -q 11")}`);
  for (const r of rows) {
    if (r.missing) {
      out.push(`${r.label.padEnd(w)}  (missing: ${r.missing.join(", ")})`);
      continue;
    }
    const cell = (n) => col(`${bytes(n)} B ${kib(n).padStart(10)}`);
    out.push(`${r.label.padEnd(w)}  ${cell(r.raw)}  ${cell(r.gzip)}  ${cell(r.brotli)}`);
  }
  if (report.checks.length) {
    out.push("");
    out.push("budget (bench/budget.json): target = the goal (reported); limit = what --check enforces");
    const head = ["figure", "now", "target", "met", "limit", "within"];
    const cells = report.checks.map((c) => [
      `${c.group} ${c.metric}`,
      c.bytes === null ? "missing" : `${bytes(c.bytes)} B`,
      c.target === null ? "–" : `${bytes(c.target)} B`,
      c.targetMet === null ? "–" : c.targetMet ? "yes" : "no",
      c.limit === null ? "–" : `${bytes(c.limit)} B`,
      c.withinLimit ? "yes" : "OVER",
    ]);
    const cw = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c) => c.map((s, i) => (i === 0 ? s.padEnd(cw[i]) : s.padStart(cw[i]))).join("  ");
    out.push(line(head));
    for (const c of cells) out.push(line(c));
    const missed = report.checks.filter((c) => c.targetMet === false).length;
    const over = report.checks.filter((c) => !c.withinLimit);
    out.push(
      over.length
        ? `size budget EXCEEDED: ${[...new Set(over.map((c) => (c.bytes === null ? `${c.group}: files missing` : `${c.group} ${c.metric} ${bytes(c.bytes)} B > ${bytes(c.limit)} B`)))].join("; ")}`
        : `within every limit; ${missed ? `${missed} target(s) not met` : "every target met"}`,
    );
  }
  if (report.missing.length) out.push(`missing files: ${report.missing.join(", ")}`);
  return out;
}

function main() {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      pkg: { type: "string" },
      budget: { type: "string" },
    },
  });
  const report = sizeReport(values.pkg ?? join(root, "pkg"), { budget: values.budget ?? DEFAULT_BUDGET, print: !values.json });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  if (values.check && !report.ok) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
