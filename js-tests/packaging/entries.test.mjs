// The per-platform entries in the packaging matrix: `floorwalker/livevox`, `/livevox-supervisor`,
// `/gws`, `/cometd` and `/sip` (each its own .wasm) next to `floorwalker`, from the packed tarball installed into a fresh
// project per row, against the emulator (started in-process):
//
//   E1 Node ESM              `import * as livevox from "floorwalker/livevox"`, … (fixtures/entries/esm.mjs)
//   E2 Node CommonJS         `require("floorwalker/livevox")`, … (Node's require(esm): the node.js files)
//   E3 Node CommonJS, no require(esm)   the same with --no-experimental-require-module: the
//                            node.cjs files, sharing error.cjs
//   E4 TypeScript            strict tsc of fixtures/entries/entries.ts, nodenext and bundler
//   E5 Vite build            an app importing the six entries by name, in headless Chromium
//   E6 webpack 5 build       the same app (no loaders or plugins), in Chromium
//   E7 module page           the same script, the entries mapped by an import map, no bundler
//
// Every row runs fixtures/entries/scenario.js: LiveVox login + setReady (livevox), login +
// setNotReady with no agent or contact API (livevox-supervisor), Gws.connect +
// devices() (gws), a CometD handshake on GWS's Bayeux endpoint (cometd), parseInvite (sip), and one
// rejected call per entry whose error must be `instanceof` the main entry's FloorwalkerError.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { copyFile, readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { startEmulator } from "../../emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.mjs";
import {
  FIXTURES, Matrix, READY_PATH, ROOT, ROOT_BIN, control, describeRun, findTarball, installedVersion, logMark,
  npmInstall, npmNoise, requestLog, run, serveStatic, tempProject,
} from "./kit.mjs";

const ENTRY_DIR = path.join(FIXTURES, "entries");
const PLATFORMS = ["livevox", "livevox-supervisor", "gws", "cometd", "sip"];
const SCRIPT_DEADLINE_MS = 20000;
const EXIT_BUDGET_MS = 5000;
const PAGE_TIMEOUT_MS = 20000;
const BUILD_TIMEOUT_MS = 90000;
const NO_BROWSER = existsSync(CHROMIUM) ? false : `headless Chromium not found at ${CHROMIUM}; page rows not run`;

const matrix = new Matrix();
let tarball;
let emu;
let browser;

before(async () => {
  tarball = findTarball();
  const launch = async () => {
    if (NO_BROWSER) return undefined;
    const { chromium } = await import("playwright-core");
    return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
  };
  [emu, browser] = await Promise.all([startEmulator({ port: 0 }), launch()]);
});

after(async () => {
  await browser?.close();
  await emu?.close();
  console.log(`\n${matrix.table("floorwalker entries matrix")}\n`);
});

function fixture(name, { skip = false } = {}, body) {
  describe(name, () => {
    const row = matrix.add(name, { skip });
    body({
      setup: (fn) => before(() => (skip ? undefined : matrix.time(row, fn))),
      cleanup: (fn) => after(fn),
      check: (title, fn) => it(title, { skip }, (t) => matrix.time(row, fn, t)),
    });
  });
}

/** A fresh project (type module) with the entries fixture and the tarball installed. */
async function entriesProject(label) {
  const project = await tempProject(`entries-${label}`, { from: ENTRY_DIR, pkgJson: { type: "module" } });
  const r = await npmInstall(project.dir, tarball);
  assert.equal(npmNoise(r.stderr).match(/npm (warn|error)/i), null, `npm install warned:\n${r.stderr}`);
  return { project, version: await installedVersion(project.dir) };
}

const resetEmulator = async () => {
  await control(emu.url, "POST", "/reset");
  return logMark(emu.url);
};

function parseResult(out) {
  const line = out.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  assert.ok(line, `no RESULT line: ${describeRun(out)}`);
  return JSON.parse(line.slice("RESULT ".length));
}

/** The checks of the scenario's result and of what the emulator saw, for every row. */
function checkEntries(check, ctx) {
  check("each entry has version(), init and only its platform's classes; one FloorwalkerError class", () => {
    const r = ctx.result;
    assert.ok(r, `no result: ${JSON.stringify(ctx.error ?? ctx.out)}`);
    const expected = {
      all: ["LiveVox", "AgentPool", "Gws", "CometD", "parseInvite"],
      livevox: ["LiveVox", "AgentPool", "parseInvite"],
      "livevox-supervisor": ["LiveVox"],
      gws: ["Gws"],
      cometd: ["CometD"],
      sip: ["parseInvite"],
    };
    for (const [name, exports] of Object.entries(expected)) {
      assert.deepEqual(r.entries[name], { version: ctx.version, init: "function", sameErrorClass: true, exports }, name);
    }
  });

  check("makes one call per entry against the emulator (setReady, setNotReady, devices, CometD handshake, parseInvite)", async () => {
    const r = ctx.result;
    assert.deepEqual(r.ready, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
    assert.deepEqual(r.notReady, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
    assert.deepEqual(r.supervisorLacks, { agent: "undefined", contacts: "undefined", postAia: "undefined" });
    assert.ok(r.devices >= 1, `devices(): ${r.devices}`);
    assert.equal(r.cometdState, "connected");
    assert.equal(r.invite, "+18990000001");
    const log = await requestLog(emu.url, ctx.since);
    const ready = log.filter((e) => e.method === "POST" && e.path === READY_PATH);
    assert.equal(ready.length, 1, JSON.stringify(ready));
    assert.equal(ready[0].headers["lv-session"], r.sessionId);
    const notReady = log.filter((e) => e.method === "POST" && e.path === READY_PATH.replace(/ready$/, "notReady"));
    assert.equal(notReady.length, 1, JSON.stringify(notReady));
    assert.equal(notReady[0].headers["lv-session"], r.supervisorSessionId);
    assert.ok(log.some((e) => e.method === "GET" && e.path.includes("/devices")), "GWS devices were read");
    const bayeux = log.filter((e) => e.path.startsWith("/api/v2/notifications")).flatMap((e) => JSON.parse(e.rawBody ?? "[]"));
    assert.ok(bayeux.some((m) => m.channel === "/meta/handshake"), `a CometD handshake: ${JSON.stringify(bayeux)}`);
  });

  check("an error thrown by any entry is instanceof the FloorwalkerError of `floorwalker`", () => {
    const fields = { livevox: "baseUrl", "livevox-supervisor": "baseUrl", gws: "baseUrl", cometd: "url", sip: "text" };
    for (const name of PLATFORMS) {
      assert.deepEqual(
        ctx.result.errors[name],
        { code: "INVALID_ARGUMENT", name: "FloorwalkerError", field: fields[name], ofMain: true, ofOwn: true },
        name,
      );
    }
  });
}

// ---- E1-E3: Node -----------------------------------------------------------------------------------

for (const { name, file, args = [], suffix } of [
  { name: "E1 node ESM (import each entry)", file: "esm.mjs", suffix: "node.js" },
  { name: "E2 node CommonJS (require each entry)", file: "cjs.cjs", suffix: "node.js" },
  { name: "E3 node CommonJS without require(esm) (node.cjs + error.cjs)", file: "cjs.cjs", args: ["--no-experimental-require-module"], suffix: "node.cjs" },
]) {
  fixture(name, {}, ({ setup, cleanup, check }) => {
    const ctx = {};
    let project;
    setup(async () => {
      ({ project, version: ctx.version } = await entriesProject(path.basename(file, path.extname(file))));
      ctx.since = await resetEmulator();
      ctx.out = await run(process.execPath, [...args, file, emu.url], { cwd: project.dir, timeoutMs: SCRIPT_DEADLINE_MS });
      assert.equal(ctx.out.code, 0, describeRun(ctx.out));
      ctx.result = parseResult(ctx.out);
    });
    cleanup(() => project?.remove());

    check(`exits by itself, with nothing on stderr; every entry resolves to its ${suffix}`, () => {
      assert.ok(ctx.out.ms < EXIT_BUDGET_MS, `exited only after ${ctx.out.ms} ms: ${describeRun(ctx.out)}`);
      assert.equal(ctx.out.stderr.trim(), "", describeRun(ctx.out));
      assert.deepEqual(ctx.result.resolved, ["floorwalker", ...PLATFORMS.map((p) => `floorwalker/${p}`)].map((s) => `${s}/${suffix}`));
    });
    checkEntries(check, ctx);
  });
}

// ---- E4: TypeScript --------------------------------------------------------------------------------

fixture("E4 tsc strict on each entry's types (nodenext, bundler)", {}, ({ setup, cleanup, check }) => {
  let project;
  const results = {};
  setup(async () => {
    ({ project } = await entriesProject("tsc"));
    const tsc = path.join(ROOT_BIN, "tsc");
    await Promise.all(
      ["nodenext", "bundler"].map(async (mode) => {
        results[mode] = await run(tsc, ["-p", `tsconfig.${mode}.json`, "--pretty", "false"], { cwd: project.dir, timeoutMs: BUILD_TIMEOUT_MS });
      }),
    );
  });
  cleanup(() => project?.remove());
  for (const mode of ["nodenext", "bundler"]) {
    check(`${mode}: entries.ts type-checks (and what an entry lacks is an error: the @ts-expect-error lines)`, () => {
      assert.equal(results[mode].code, 0, `tsc reported errors:\n${results[mode].stdout}${results[mode].stderr}`);
    });
  }
});

// ---- E5-E7: pages in Chromium ----------------------------------------------------------------------

async function runPage(pageUrl) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors = [];
    const consoleErrors = [];
    page.on("pageerror", (err) => pageErrors.push(String(err?.stack ?? err)));
    page.on("console", (msg) => {
      if ((msg.type() === "error" || msg.type() === "warning") && !msg.text().startsWith("Failed to load resource")) {
        consoleErrors.push(`${msg.type()}: ${msg.text()}`);
      }
    });
    await page.goto(pageUrl, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
    await page.waitForFunction(() => window.__floorwalker?.done === true, null, { timeout: PAGE_TIMEOUT_MS });
    const outcome = await page.evaluate(() => window.__floorwalker);
    return { outcome, pageErrors, consoleErrors };
  } finally {
    await context.close();
  }
}

async function visit(server, ctx) {
  ctx.since = await resetEmulator();
  const { outcome, pageErrors, consoleErrors } = await runPage(`${server.url}/?emu=${encodeURIComponent(emu.url)}`);
  assert.equal(outcome.error, undefined, `the page failed: ${outcome.error}`);
  assert.deepEqual(pageErrors, [], "uncaught errors in the page");
  assert.deepEqual(consoleErrors, [], "console errors or warnings in the page");
  ctx.result = outcome.result;
  ctx.served = server.served;
}

/** One .wasm file fetched per entry, all found, none twice. */
function checkEveryWasm(ctx) {
  const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
  assert.equal(wasm.length, PLATFORMS.length + 1, `one .wasm per entry: ${JSON.stringify(wasm)}`);
  assert.equal(new Set(wasm.map((w) => w.path)).size, PLATFORMS.length + 1, "a different file each");
  assert.deepEqual(ctx.served.filter((s) => s.status !== 200), [], "every file the page asked for exists");
}

fixture("E5 vite build (every entry) → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;
  setup(async () => {
    ({ project, version: ctx.version } = await entriesProject("vite"));
    const { build, createLogger } = await import("vite");
    const logger = createLogger("warn", { allowClearScreen: false });
    ctx.viteWarnings = [];
    logger.warn = logger.warnOnce = (msg) => ctx.viteWarnings.push(msg);
    const outDir = path.join(project.dir, "dist");
    await build({ root: project.dir, configFile: false, logLevel: "warn", customLogger: logger, build: { outDir, emptyOutDir: true } });
    server = await serveStatic(outDir);
    await visit(server, ctx);
  });
  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });
  checkEntries(check, ctx);
  check("bundles each entry's .wasm as an asset, with no Vite warning", () => {
    assert.deepEqual(ctx.viteWarnings, [], "Vite warned");
    checkEveryWasm(ctx);
    for (const w of ctx.served.filter((s) => s.path.endsWith(".wasm"))) assert.match(w.path, /^\/assets\/floorwalker_wasm_bg-[\w-]+\.wasm$/);
  });
});

fixture("E6 webpack build (every entry) → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;
  setup(async () => {
    ({ project, version: ctx.version } = await entriesProject("webpack"));
    ctx.build = await run(
      process.execPath,
      [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "build", "--config", "webpack.config.mjs", "--json", "stats.json"],
      { cwd: project.dir, timeoutMs: BUILD_TIMEOUT_MS },
    );
    assert.equal(ctx.build.code, 0, `webpack build failed: ${describeRun(ctx.build)}`);
    ctx.stats = JSON.parse(await readFile(path.join(project.dir, "stats.json"), "utf8"));
    const outDir = path.join(project.dir, "dist");
    await copyFile(path.join(project.dir, "webpack.html"), path.join(outDir, "index.html"));
    server = await serveStatic(outDir);
    await visit(server, ctx);
  });
  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });
  checkEntries(check, ctx);
  check("emits one .wasm asset per entry; no webpack error or warning", async () => {
    const messages = (list) => (list ?? []).map((w) => (typeof w === "string" ? w : w.message));
    assert.deepEqual(messages(ctx.stats.errors), [], "webpack errors");
    assert.deepEqual(messages(ctx.stats.warnings), [], "webpack warnings");
    const emitted = (await readdir(path.join(project.dir, "dist"))).filter((f) => f.endsWith(".wasm"));
    assert.equal(emitted.length, PLATFORMS.length + 1, JSON.stringify(emitted));
    checkEveryWasm(ctx);
  });
});

fixture("E7 module page with an import map (every entry) → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;
  setup(async () => {
    ({ project, version: ctx.version } = await entriesProject("module-page"));
    await copyFile(path.join(project.dir, "module-page.html"), path.join(project.dir, "index.html"));
    server = await serveStatic(project.dir);
    await visit(server, ctx);
  });
  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });
  checkEntries(check, ctx);
  check("each entry loads its own .wasm from beside its index.js", () => {
    checkEveryWasm(ctx);
    assert.deepEqual(
      ctx.served.filter((s) => s.path.endsWith(".wasm")).map((s) => s.path).sort(),
      ["", ...PLATFORMS.map((p) => `${p}/`)].map((d) => `/node_modules/floorwalker/${d}floorwalker_wasm_bg.wasm`).sort(),
    );
  });
});
