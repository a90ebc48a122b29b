#!/usr/bin/env node
// What floorwalker weighs: the .wasm and the JS a page loads, raw / gzip -9 / brotli -q 11,
// with the budget of bench/budget.json. The report itself is scripts/size-report.mjs (which
// the build and the test command use); this keeps the bench's command line.
//
//   node bench/size.mjs [--json] [--pkg DIR]     (DIR defaults to pkg/)

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sizeReport } from "../scripts/size-report.mjs";

const { values: args } = parseArgs({
  options: { json: { type: "boolean", default: false }, pkg: { type: "string" } },
});
const report = sizeReport(args.pkg ?? fileURLToPath(new URL("../pkg", import.meta.url)), { print: !args.json });
if (args.json) console.log(JSON.stringify(report, null, 2));
if (report.missing.length) process.exitCode = 1;
