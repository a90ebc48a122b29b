#!/usr/bin/env node
// Per-call cost in headless Chromium: a page (served from one origin) loads pkg/index.js and
// bench/plain-client.mjs and makes N sequential `setReady(["lv_usr1"])` calls with each,
// cross-origin to the emulator (its own process, another origin: CORS, preflights cached
// after the warm-up). Interleaved rounds as in bench/sequential.mjs; samples are per-round
// means, so Chromium's coarse `performance.now()` does not matter. Three passes (one with
// --quick); the row shows the pass whose ratio is the median one. `--compare DIR` (or
// FLOORWALKER_BENCH_COMPARE=DIR) loads other builds of the package into the same page and
// times them in the same rounds (a row each).
//
//   node bench/browser.mjs [--quick] [--json] [--n 2000] [--compare DIR[,DIR...]]

import http from "node:http";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PKG_DIR, comparePackages } from "./lib/sdk.mjs";
import { compareRows } from "./lib/compare.mjs";
import { startEmulatorProcess, compareRequests, control } from "./lib/child.mjs";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";
import { mergePasses } from "./lib/timing.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../js-tests/support/chromium.mjs";

export const ROW = { id: "browser", what: "setReady, sequential, headless Chromium, cross-origin", target: { ratioMax: 1.15 } };

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");
const MIME = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".wasm": "application/wasm", ".json": "application/json" };

/**
 * Serves / (the page), /pkg/ (the package under test), /bench/ (this directory) and
 * /compare0/, /compare1/, … (`compareDirs`, the packages compared with, if any).
 */
async function servePage(compareDirs) {
  const mounts = [
    ["/pkg/", PKG_DIR],
    ["/bench/", BENCH_DIR],
    ...compareDirs.map((dir, i) => [`/compare${i}/`, dir]),
  ];
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    try {
      let file;
      if (pathname === "/") file = path.join(BENCH_DIR, "browser", "page.html");
      else {
        const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
        if (!mount) throw new Error("not mounted");
        file = path.resolve(mount[1], decodeURIComponent(pathname.slice(mount[0].length)));
        if (!file.startsWith(mount[1] + path.sep)) throw new Error("outside the mount");
      }
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

export async function run({ quick = false, n, compare } = {}) {
  const others = await comparePackages(compare);
  if (!existsSync(CHROMIUM)) throw new Error(`headless Chromium not found at ${CHROMIUM} (set FLOORWALKER_CHROMIUM)`);
  n ??= quick ? 400 : 2000;
  const warmup = quick ? 50 : 200;
  const { chromium } = await import("playwright-core");
  const [emu, site, browser] = await Promise.all([
    startEmulatorProcess(),
    servePage(others.map((o) => o.dir)),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 }),
  ]);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(site.url + (others.length ? `/?compare=${others.length}` : "/"), { waitUntil: "load" });
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the bench page did not load: ${errors.join("; ") || "no error reported"}`);
    });
    await page.evaluate((u) => window.bench.login(u), emu.url);
    const check = await compareRequests(emu.url, {
      sdk: () => page.evaluate(() => window.bench.sdkCall()),
      plain: () => page.evaluate(() => window.bench.plainCall()),
    });
    await control(emu.url, "DELETE", "/preflights");
    const passes = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) passes.push(await page.evaluate((opts) => window.bench.run(opts), { n, warmup: i === 0 ? warmup : 20, round: 20 }));
    const r = mergePasses(passes);
    const preflights = (await control(emu.url, "GET", "/preflights")).count;
    await page.evaluate(() => window.bench.logout());
    await control(emu.url, "DELETE", "/requests");
    const version = browser.version();
    const what = `${ROW.what}, ${n.toLocaleString("en-US")} calls`;
    const baselineLabel = "bench/plain-client.mjs in the same page, same request";
    return [
      row({
        ...ROW,
        what: others.length ? `${what} [${PKG_DIR}]` : what,
        unit: "ms/call",
        sdk: r.sdk.median,
        baseline: r.plain.median,
        baselineLabel,
        note: `Chromium ${version}; page ${site.url}, emulator ${emu.url}; requests identical: ${check.same ? "yes" : "NO"}; CORS preflights during the timed calls: ${preflights}; ratio per pass: ${r.passRatios} (the row shows the median pass)`,
        details: { stats: r, passes, warmup, round: 20, chromium: version, preflights, sameRequest: check.same, requests: check.requests },
      }),
      ...compareRows({ base: ROW, what, pkgDir: PKG_DIR, others, passes, r, baselineLabel }),
    ];
  } finally {
    await browser.close();
    await site.close();
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ n: { type: "string" }, compare: { type: "string" } });
  printRows(await run({ quick: o.quick, n: o.n ? Number(o.n) : undefined, compare: o.compare }), { json: o.json });
}
