#!/usr/bin/env node
// What floorwalker weighs: the .wasm and the JS a page loads, raw / gzip -9 / brotli -q 11,
// with the budget of bench/budget.json. The report itself is scripts/size-report.mjs (which
// the build and the test command use); this keeps the bench's command line.
//
//   node bench/size.mjs [--json] [--pkg DIR]     (DIR defaults to pkg/)
//   node bench/size.mjs --twiggy [--twiggy-bin PATH]
//       where each entry's bytes go, by `twiggy top` over the module of the last build after
//       wasm-bindgen and before wasm-opt (target/entries/<entry>.bg.wasm; wasm-opt drops the
//       names), summed into kinds of code. Needs twiggy (`cargo install twiggy`).

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PLATFORMS, sizeReport } from "../scripts/size-report.mjs";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    pkg: { type: "string" },
    twiggy: { type: "boolean", default: false },
    "twiggy-bin": { type: "string", default: "twiggy" },
  },
});

/** Kinds of code, by item name (the first that matches). */
const KINDS = [
  ["the JS-facing wrappers (src/js/)", (n) => /floorwalker::js::/.test(n)],
  ["core::fmt and float formatting", (n) => /::fmt::|flt2dec|float_to_decimal|core\[[0-9a-f]+\]::fmt/.test(n)],
  ["serde and serde_json", (n) => /serde/.test(n)],
  ["the core (src/, but src/js/)", (n) => /floorwalker::/.test(n)],
  ["wasm-bindgen, js-sys, futures", (n) => /wasm_bindgen|js_sys|futures|__wbg|__wbindgen/.test(n)],
  ["constant data", (n) => /^data segment/.test(n)],
  ["Rust core/alloc/std, the allocator", (n) => /core\[|alloc\[|std\[|dlmalloc|talc|^core::|^alloc::|^std::|<core|<alloc|<std/.test(n)],
];
const notCode = /function names|__wasm_bindgen_unstable|custom section|Σ|\.\.\. and/;

if (args.twiggy) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  for (const entry of ["floorwalker", ...PLATFORMS]) {
    const file = fileURLToPath(new URL(`../target/entries/${entry}.bg.wasm`, import.meta.url));
    if (!existsSync(file)) {
      console.log(`${entry}: no ${file} (node scripts/build.mjs first)`);
      process.exitCode = 1;
      continue;
    }
    const rows = JSON.parse(execFileSync(args["twiggy-bin"], ["top", "-n", "1000000", "-f", "json", file], { maxBuffer: 1 << 28 }).toString());
    const items = rows.filter((r) => !notCode.test(r.name));
    const total = items.reduce((n, r) => n + r.shallow_size, 0);
    const sums = new Map();
    for (const r of items) {
      const kind = KINDS.find(([, f]) => f(r.name))?.[0] ?? "other";
      sums.set(kind, (sums.get(kind) ?? 0) + r.shallow_size);
    }
    console.log(`\n${entry === "floorwalker" ? entry : `floorwalker/${entry}`}: ${kib(total)} of code and data (after wasm-bindgen, before wasm-opt)`);
    for (const [kind, n] of [...sums].sort((a, b) => b[1] - a[1])) {
      console.log(`  ${kind.padEnd(36)} ${kib(n).padStart(10)} ${`${Math.round((100 * n) / total)}%`.padStart(4)}`);
    }
    const top = items.slice(0, 5).map((r) => `${r.name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]+\]/g, "").slice(0, 80)} (${kib(r.shallow_size)})`);
    console.log(`  largest: ${top.join("; ")}`);
  }
  process.exit();
}
const report = sizeReport(args.pkg ?? fileURLToPath(new URL("../pkg", import.meta.url)), { print: !args.json });
if (args.json) console.log(JSON.stringify(report, null, 2));
if (report.missing.length) process.exitCode = 1;
