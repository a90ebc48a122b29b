#!/usr/bin/env node
// What floorwalker weighs: the .wasm raw / gzip / brotli, the JS glue, and what a page
// downloads in all (browser entry + glue + .wasm). Figures, not a test.
//
//   node bench/size.mjs [--json] [--pkg DIR]     (DIR defaults to pkg/)

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const { values: args } = parseArgs({
  options: { json: { type: "boolean", default: false }, pkg: { type: "string" } },
});
const pkg = resolve(args.pkg ?? join(dirname(fileURLToPath(import.meta.url)), "..", "pkg"));

function measure(files) {
  const missing = files.filter((f) => !existsSync(join(pkg, f)));
  if (missing.length) return { files, missing };
  const bytes = Buffer.concat(files.map((f) => readFileSync(join(pkg, f))));
  return {
    files,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

// The JS a browser loads: index.js imports the glue, setup.js and error.js (Node loads node.js
// instead of index.js). A row of several files is measured as their concatenation, as a
// bundler would ship them; served as separate files, each adds a little compression overhead.
const rows = [
  ["wasm (floorwalker_wasm_bg.wasm)", ["floorwalker_wasm_bg.wasm"]],
  ["JS glue (floorwalker_wasm.js)", ["floorwalker_wasm.js"]],
  ["JS entry + helpers (index.js, setup.js, error.js)", ["index.js", "setup.js", "error.js"]],
  ["browser JS total (entry + helpers + glue)", ["index.js", "setup.js", "error.js", "floorwalker_wasm.js"]],
  ["types (index.d.ts, floorwalker_wasm.d.ts)", ["index.d.ts", "floorwalker_wasm.d.ts"]],
].map(([label, files]) => ({ label, ...measure(files) }));

const wasm = rows[0];
const browserJs = rows[3];
const perFile = (r) => (r.missing ? null : r);
const total =
  wasm.missing || browserJs.missing
    ? null
    : {
        label: "a page downloads (browser JS + wasm, each compressed alone)",
        raw: wasm.raw + browserJs.raw,
        gzip: wasm.gzip + browserJs.gzip,
        brotli: wasm.brotli + browserJs.brotli,
      };

if (args.json) {
  console.log(JSON.stringify({ pkg, rows: rows.map(perFile).filter(Boolean), missing: rows.filter((r) => r.missing).flatMap((r) => r.missing), total }, null, 2));
} else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const bytes = (n) => n.toLocaleString("en-US");
  const out = [...rows, ...(total ? [total] : [])];
  const w = Math.max(...out.map((r) => r.label.length));
  const col = (s) => String(s).padStart(19);
  console.log(`floorwalker package size (${pkg})\n`);
  console.log(`${"".padEnd(w)}  ${col("raw")}  ${col("gzip -9")}  ${col("brotli -q 11")}`);
  for (const r of out) {
    if (r === total) console.log("-".repeat(w + 3 * 21));
    if (r.missing) {
      console.log(`${r.label.padEnd(w)}  (missing: ${r.missing.join(", ")})`);
      continue;
    }
    const cell = (n) => col(`${bytes(n)} B ${kib(n).padStart(9)}`);
    console.log(`${r.label.padEnd(w)}  ${cell(r.raw)}  ${cell(r.gzip)}  ${cell(r.brotli)}`);
  }
  if (!wasm.missing) {
    console.log(`\nwasm compresses to ${((wasm.gzip / wasm.raw) * 100).toFixed(0)}% (gzip) / ${((wasm.brotli / wasm.raw) * 100).toFixed(0)}% (brotli) of its size.`);
  }
}
if (rows.some((r) => r.missing)) process.exitCode = 1;
