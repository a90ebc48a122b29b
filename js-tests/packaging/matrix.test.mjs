// The packaging matrix: the packed tarball (dist/floorwalker-*.tgz, or $FLOORWALKER_TARBALL)
// installed with `npm install <tarball>` into a fresh project in the OS temp dir per fixture, the
// way each kind of user gets it, then used against the emulator (started in-process):
//
//   1. Node ESM         `import { LiveVox, FloorwalkerError, version } from "floorwalker"`
//   2. Node CommonJS    `require("floorwalker")`
//   3. TypeScript       strict `tsc --noEmit` of js-tests/types/consumer.ts under nodenext (the
//                       root-level `tsc -p js-tests/types` check, also at target es2022), node16
//                       and bundler module resolution; a CommonJS .cts that `require`s the
//                       package under node16 and nodenext (the types.require condition), compiled
//                       and run
//   4. Vite             `vite build` of an app importing "floorwalker", in headless Chromium
//   5. webpack 5        `webpack-cli build` of the same app (no loaders or plugins), in Chromium
//   6. module page      a plain <script type="module"> importing node_modules/floorwalker/index.js
//   7. strict CSP       the same page served with `script-src 'self' 'wasm-unsafe-eval'`: loads and
//                       calls with no CSP violation (and, as a control, fails without the
//                       'wasm-unsafe-eval' source)
//   8. Vite dev server  `vite` in dev mode (dependency pre-bundling on, no config), in Chromium
//   9. webpack dev      webpack-dev-server (development mode, the bundle served from memory)
//  10. missing .wasm    a page whose .wasm 404s: the first call throws a FloorwalkerError naming the
//                       URL and init(url); init(url) with the right URL then makes it work
//  11. Jest CommonJS    `require("floorwalker")` in Jest's default mode (its own module system)
//  12. Jest ESM         `import` under `node --experimental-vm-modules`
//
// Each fixture logs in, makes calls (servicesAllowed, setReady, a chat watch) and checks that a
// rejected call's error is `instanceof FloorwalkerError`. Pages are served from another origin
// than the emulator (CORS), by one headless Chromium for all of them. Vite, webpack and tsc come
// from the repository's node_modules; npm installs only the tarball, offline. A fixture →
// result/ms table is printed at the end of the run. Without /usr/bin/chromium the page fixtures
// are skipped with the reason (counted as skipped, never as passed).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rename } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startEmulator } from "../../emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.mjs";
import {
  FIXTURES, Matrix, READY_PATH, ROOT, ROOT_BIN, control, describeRun, findTarball, installedVersion, logMark,
  npmInstall, npmNoise, requestLog, run, serveStatic, tempProject,
} from "./kit.mjs";

/** Past this a Node consumer script is killed (it normally ends in well under a second). */
const SCRIPT_DEADLINE_MS = 20000;
/**
 * A Node consumer must have exited by then: shorter than the SDK's default 15 s request timeout,
 * so a timer left armed after a settled call (or by a stopped watch) is caught, not waited out.
 */
const EXIT_BUDGET_MS = 5000;
const PAGE_TIMEOUT_MS = 20000;
const BUILD_TIMEOUT_MS = 60000;
const NO_BROWSER = existsSync(CHROMIUM)
  ? false
  : `headless Chromium not found at ${CHROMIUM} (install chromium or set FLOORWALKER_CHROMIUM); page fixtures not run`;
/** The call centers the emulator's supervisor may see (emulator/README.md). */
const CALL_CENTER_IDS = [1718, 3086];

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
  console.log(`\n${matrix.table()}\n`);
});

/**
 * One matrix row as a suite: `setup` (install, build, run) is timed into the row, and so is
 * every `check`; any failure marks the row FAIL. With `skip` (a reason) nothing runs.
 */
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

/** `npm install <tarball>` into a fresh project; npm must not warn (its nodedir noise aside). */
async function installTarball(dir, extraArgs) {
  const r = await npmInstall(dir, tarball, extraArgs);
  assert.equal(npmNoise(r.stderr).match(/npm (warn|error)/i), null, `npm install warned:\n${r.stderr}`);
  return installedVersion(dir);
}

async function resetEmulator() {
  await control(emu.url, "POST", "/reset");
  return logMark(emu.url);
}

function assertServices(services) {
  assert.ok(Array.isArray(services?.callCenters), `servicesAllowed(): ${JSON.stringify(services)}`);
  assert.deepEqual(services.callCenters.map((c) => c.callCenterId).sort((a, b) => a - b), CALL_CENTER_IDS);
}

// ---- 1, 2: Node ESM and CommonJS ---------------------------------------------------------------

for (const { name, file } of [
  { name: "1 node ESM (import)", file: "esm.mjs" },
  { name: "2 node CommonJS (require)", file: "cjs.cjs" },
]) {
  fixture(name, {}, ({ setup, cleanup, check }) => {
    let project;
    let version;
    let since;
    let out;

    setup(async () => {
      project = await tempProject(`node-${path.extname(file).slice(1)}`);
      version = await installTarball(project.dir);
      await copyFile(path.join(FIXTURES, "node-consumer", file), path.join(project.dir, file));
      since = await resetEmulator();
      out = await run(process.execPath, [file, emu.url], { cwd: project.dir, timeoutMs: SCRIPT_DEADLINE_MS });
    });

    cleanup(() => project?.remove());

    check("runs to the end and exits by itself (no dangling timers or handles)", () => {
      assert.equal(out.timedOut, false, `still running after ${SCRIPT_DEADLINE_MS} ms: ${describeRun(out)}`);
      assert.equal(out.code, 0, describeRun(out));
      assert.ok(out.ms < EXIT_BUDGET_MS, `exited only after ${out.ms} ms (something kept it alive): ${describeRun(out)}`);
      assert.equal(out.stderr.trim(), "", `nothing on stderr (warnings included): ${describeRun(out)}`);
    });

    check("logs in, reads servicesAllowed and makes LV_TEST Ready; the emulator saw the POST with LV-Session", async () => {
      const result = parseResult(out);
      assertServices(result.services);
      assert.deepEqual(result.ready, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
      assert.ok(
        result.resolved.endsWith("node_modules/floorwalker/node.js"),
        `"floorwalker" resolves to the Node entry: ${result.resolved}`,
      );
      assert.equal(result.initType, "function", "init is exported (a no-op in Node)");
      const log = await requestLog(emu.url, since);
      const readies = log.filter((e) => e.path === READY_PATH);
      assert.equal(readies.length, 1, `one ${READY_PATH} request (setReady([]) must send nothing): ${JSON.stringify(readies)}`);
      const [entry] = readies;
      assert.equal(entry.method, "POST");
      assert.equal(entry.headers["lv-session"], result.sessionId, "LV-Session header is the session id");
      assert.equal(entry.headers["lv-access"], undefined, "LV-Access is only for login");
      assert.deepEqual(entry.body, { agents: ["LV_TEST"] });
      const login = log.find((e) => e.method === "POST" && e.path === "/session/login");
      assert.equal(login?.headers["lv-access"], "test-access-token", "login sends LV-Access");
    });

    check("rejects with FloorwalkerError instances that carry a code", () => {
      const { invalid, unauthorized } = parseResult(out);
      assert.deepEqual(
        pick(invalid, ["isFloorwalkerError", "isError", "name", "code", "field"]),
        { isFloorwalkerError: true, isError: true, name: "FloorwalkerError", code: "INVALID_ARGUMENT", field: "agents" },
        `setReady([]): ${JSON.stringify(invalid)}`,
      );
      assert.deepEqual(
        pick(unauthorized, ["isFloorwalkerError", "isError", "name", "code", "status"]),
        { isFloorwalkerError: true, isError: true, name: "FloorwalkerError", code: "UNAUTHORIZED", status: 401 },
        `login with a wrong password: ${JSON.stringify(unauthorized)}`,
      );
      for (const e of [invalid, unauthorized]) assert.ok(e.message?.length > 0, "a message");
    });

    check("version() is the installed package.json version", () => {
      const result = parseResult(out);
      assert.equal(result.version, version);
      assert.equal(result.packageVersion, version);
    });

    check("watchChat yields with `for await` and stops on break", () => {
      const { watched, watchStopped } = parseResult(out);
      assert.equal(watched?.userLoginId, "lv_usr1", JSON.stringify(watched));
      assert.match(watched.message, /^hello from Node/);
      assert.equal(typeof watched.timestamp, "number");
      assert.equal(watchStopped, true);
    });
  });
}

// ---- 3: TypeScript -------------------------------------------------------------------------------

describe("3 TypeScript: strict tsc --noEmit of js-tests/types/consumer.ts against the packed package", () => {
  const typesDir = path.join(ROOT, "js-tests/types");
  const tsc = path.join(ROOT_BIN, "tsc");
  const tscRun = (args, cwd) => run(tsc, [...args, "--pretty", "false"], { cwd, timeoutMs: BUILD_TIMEOUT_MS });
  const projects = [];

  /** A temp project with consumer.ts (and what `extra` names from fixtures/types) and the tarball. */
  async function tsProject(label, config, extra = []) {
    const project = await tempProject(`ts-${label}`, { pkgJson: { type: "module" } });
    projects.push(project);
    await copyFile(path.join(typesDir, "consumer.ts"), path.join(project.dir, "consumer.ts"));
    for (const f of [config, ...extra]) await copyFile(path.join(FIXTURES, "types", f), path.join(project.dir, f));
    await installTarball(project.dir);
    return project.dir;
  }

  // The three set-ups install and type-check side by side (tsc is mostly single-threaded).
  const variants = [
    {
      name: "3a tsc nodenext (js-tests/types)",
      title: "tsc -p js-tests/types (strict, nodenext, skipLibCheck false), and at target es2022, exit 0",
      async job() {
        // A fresh install of the tarball under test into js-tests/types/node_modules (ignored by
        // git), so `tsc -p js-tests/types` also works from the repository root afterwards.
        await installTarball(typesDir, ["--no-save", "--no-package-lock", "--prefix", typesDir]);
        return Promise.all([
          tscRun(["-p", "js-tests/types"], ROOT),
          // target es2022 (a common Node 20 setting; lib without esnext)
          tscRun(["-p", "js-tests/types/tsconfig.es2022.json"], ROOT),
        ]);
      },
    },
    {
      name: "3b tsc node16",
      title: "module/moduleResolution node16: consumer.ts, and a CommonJS .cts using await import(), exit 0",
      async job() {
        const dir = await tsProject("node16", "tsconfig.node16.json", ["consumer-node16.cts"]);
        return [await tscRun(["-p", "tsconfig.node16.json"], dir)];
      },
    },
    {
      name: "3d tsc CommonJS require",
      title: "a .cts that requires the package, strict under node16 and nodenext (types.require: index.d.cts), compiled and run against the emulator, exit 0",
      async job() {
        const project = await tempProject("ts-cjs", { from: path.join(FIXTURES, "types-cjs"), pkgJson: { type: "commonjs" } });
        projects.push(project);
        await installTarball(project.dir);
        const modes = ["node16", "nodenext"];
        const checks = await Promise.all(modes.map((m) => tscRun(["-p", `tsconfig.${m}.json`], project.dir)));
        for (const m of modes) {
          const out = await run(process.execPath, [`out-${m}/consumer-require.cjs`, emu.url], { cwd: project.dir, timeoutMs: SCRIPT_DEADLINE_MS });
          assert.equal(out.code, 0, `the compiled ${m} consumer failed: ${describeRun(out)}`);
          assert.deepEqual(
            parseResult(out),
            { ready: { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] }, code: "INVALID_ARGUMENT", version: await installedVersion(project.dir) },
            `${m}: ${out.stdout}`,
          );
        }
        return checks;
      },
    },
    {
      name: "3c tsc bundler",
      title: "moduleResolution bundler (module esnext, verbatimModuleSyntax, DOM lib) exit 0",
      async job() {
        const dir = await tsProject("bundler", "tsconfig.bundler.json");
        return [await tscRun(["-p", "tsconfig.bundler.json"], dir)];
      },
    },
  ];

  const rows = variants.map((v) => matrix.add(v.name));
  let results;

  before(() => {
    results = variants.map((v, i) => {
      const started = performance.now();
      return v.job().finally(() => (rows[i].ms = performance.now() - started));
    });
    // Failures are reported by each variant's test; keep them from being unhandled here.
    for (const p of results) p.catch(() => {});
  });

  after(async () => {
    await Promise.allSettled(results ?? []);
    await Promise.all(projects.map((p) => p.remove()));
  });

  variants.forEach((v, i) => {
    it(`${v.name}: ${v.title}`, async () => {
      try {
        for (const r of await results[i]) assert.equal(r.code, 0, `tsc reported errors:\n${r.stdout}${r.stderr}`);
      } catch (err) {
        Matrix.fail(rows[i], err);
        throw err;
      }
    });
  });
});

// ---- 4-7: pages in headless Chromium -------------------------------------------------------------

/** Collects what a page reports besides its result: uncaught errors, console errors/warnings, failed requests. */
function watchPage(page) {
  const seen = { pageErrors: [], console: [], failedRequests: [], cspViolations: [] };
  page.on("pageerror", (err) => seen.pageErrors.push(String(err?.stack ?? err)));
  page.on("console", (msg) => {
    // Chromium logs every HTTP error status ("Failed to load resource: ... 401"); the scenario
    // provokes one on purpose, so those lines are not counted.
    if ((msg.type() === "error" || msg.type() === "warning") && !msg.text().startsWith("Failed to load resource")) {
      seen.console.push(`${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("requestfailed", (req) => seen.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  return seen;
}

/** Records every `securitypolicyviolation` of the page (installed before any page script runs). */
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolations.push({
      directive: e.effectiveDirective,
      blockedURI: e.blockedURI,
      sourceFile: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    }),
  );
}

/** Resets the emulator, runs the scenario page served by `server`, and records into `ctx` what the page did and what was served. */
async function visit(server, ctx) {
  ctx.since = await resetEmulator();
  ctx.origin = server.url;
  Object.assign(ctx, await runPage(`${server.url}/?emu=${encodeURIComponent(emu.url)}`));
  ctx.served = server.served;
}

/**
 * Opens `pageUrl` in a fresh browser context and waits for the scenario (fixtures/browser/scenario.js)
 * to finish. Resolves to `{ outcome, seen, domText, headers }` (`headers`: the page response's).
 */
async function runPage(pageUrl) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(recordCspViolations);
    const page = await context.newPage();
    const seen = watchPage(page);
    const response = await page.goto(pageUrl, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
    try {
      await page.waitForFunction(() => window.__floorwalker?.done === true, null, { timeout: PAGE_TIMEOUT_MS });
    } catch {
      const stepName = await page.evaluate(() => window.__floorwalkerStep ?? "(the page script never started)");
      assert.fail(
        `the page did not finish within ${PAGE_TIMEOUT_MS} ms; stuck at step "${stepName}".\n` +
          `page errors: ${JSON.stringify(seen.pageErrors)}\nconsole: ${JSON.stringify(seen.console)}\n` +
          `failed requests: ${JSON.stringify(seen.failedRequests)}`,
      );
    }
    const outcome = await page.evaluate(() => window.__floorwalker);
    seen.cspViolations = await page.evaluate(() => window.__cspViolations ?? []);
    const domText = await page.textContent("#result");
    return { outcome, seen, domText, headers: response?.headers() ?? {} };
  } finally {
    await context.close();
  }
}

/** The checks every page fixture makes, on the scenario's result and the emulator's log. */
function checkScenario(check, ctx) {
  check("loads with no init call, logs in, reads servicesAllowed and makes LV_TEST Ready", () => {
    const { outcome, seen, domText } = ctx;
    assert.equal(outcome.error, undefined, `the page failed: ${JSON.stringify(outcome.error, null, 2)}`);
    assert.deepEqual(seen.pageErrors, [], "uncaught errors in the page");
    const r = outcome.result;
    assertServices(r.services);
    assert.deepEqual(r.ready, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
    assert.match(r.sessionId, /^[0-9a-f-]{36}$/, "lv.sessionId");
    assert.equal(r.version, ctx.version, "version() is the package.json version");
    assert.equal(r.initType, "function", "init is exported");
    assert.deepEqual(JSON.parse(domText), JSON.parse(JSON.stringify(r)), "the result is written into the DOM");
    assert.deepEqual(seen.console, [], "console errors or warnings in the page (a wrong wasm MIME type shows here)");
    assert.deepEqual(seen.cspViolations, [], "securitypolicyviolation events");
  });

  check("sends setReady cross-origin: Origin and LV-Session headers, after a CORS preflight", async () => {
    const { outcome, since, origin } = ctx;
    const r = outcome.result;
    assert.ok(r, "no result from the page");
    assert.equal(r.origin, origin);
    const log = await requestLog(emu.url, since);
    const readies = log.filter((e) => e.method === "POST" && e.path === READY_PATH);
    assert.equal(readies.length, 1, `one POST ${READY_PATH} (invalid calls must send nothing): ${JSON.stringify(readies)}`);
    const [entry] = readies;
    assert.equal(entry.headers.origin, origin, "the page's Origin header");
    assert.equal(entry.headers["lv-session"], r.sessionId, "LV-Session header");
    assert.equal(entry.headers["lv-access"], undefined, "LV-Access is only for login");
    assert.deepEqual(entry.body, { agents: ["LV_TEST"] });
    const login = log.find((e) => e.method === "POST" && e.path === "/session/login");
    assert.equal(login?.headers.origin, origin, "login came from the page too");
    const { preflights } = await control(emu.url, "GET", "/preflights");
    assert.ok(
      preflights.some((p) => p.origin === origin && p.path === READY_PATH),
      `a preflight for ${READY_PATH} from ${origin}: ${JSON.stringify(preflights)}`,
    );
  });

  check("rejects bad input with a FloorwalkerError (INVALID_ARGUMENT) and server refusals with their code", () => {
    const r = ctx.outcome.result;
    assert.ok(r, "no result from the page");
    for (const [what, field] of [["emptyAgents", "agents"], ["badReason", "reasonCode"], ["wrongType", "agents"]]) {
      const e = r[what];
      assert.equal(e.resolved, undefined, `${what} must reject, it resolved to ${JSON.stringify(e.value)}`);
      assert.equal(e.isFloorwalkerError, true, `${what}: instanceof FloorwalkerError (${JSON.stringify(e)})`);
      assert.equal(e.isError, true, `${what}: instanceof Error`);
      assert.equal(e.name, "FloorwalkerError");
      assert.equal(e.code, "INVALID_ARGUMENT", `${what}: ${e.message}`);
      assert.match(e.field ?? "", new RegExp(field, "i"), `${what}: field names the argument (${JSON.stringify(e)})`);
      assert.ok(e.message?.length > 0, `${what}: a message`);
    }
    const p = r.badPassword;
    assert.equal(p.isFloorwalkerError, true, JSON.stringify(p));
    assert.equal(p.code, "UNAUTHORIZED");
    assert.equal(p.status, 401);
    const l = r.afterLogout;
    assert.equal(l.isFloorwalkerError, true, JSON.stringify(l));
    assert.equal(l.code, "INVALID_STATE", "a call after logout");
  });

  check("yields agent chat replies with `for await` over watchChat, and stops on break", () => {
    const r = ctx.outcome.result;
    assert.ok(r, "no result from the page");
    assert.equal(r.isAsyncIterable, true, "ChatWatch has Symbol.asyncIterator");
    assert.deepEqual(
      r.watched.map(({ userLoginId, message, senderId, canReply }) => ({ userLoginId, message, senderId, canReply })),
      [
        { userLoginId: "lv_usr1", message: "first reply", senderId: "lv_usr1", canReply: true },
        { userLoginId: "lv_usr1", message: "second reply", senderId: "lv_usr1", canReply: true },
      ],
      "the agent's replies, once and in order, without the supervisor's own broadcast",
    );
    for (const m of r.watched) assert.equal(typeof m.timestamp, "number", "timestamp is epoch ms as a number");
    assert.ok(r.watched[0].timestamp < r.watched[1].timestamp);
    assert.equal(r.watchStopped, true, "break stops the watch");
  });
}

/** A built app's checks: one .wasm fetched under `assetPattern`, every request served, none into node_modules. */
function checkBuiltAssets(ctx, assetPattern) {
  const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm fetched: ${JSON.stringify(ctx.served)}`);
  assert.match(wasm[0].path, assetPattern);
  assert.equal(wasm[0].status, 200);
  assert.ok(!ctx.served.some((s) => s.path.includes("node_modules")), "the built app must not reach into node_modules");
  assert.deepEqual(ctx.served.filter((s) => s.status !== 200), [], "every file the page asked for exists");
}

fixture("4 vite build → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;

  setup(async () => {
    project = await tempProject("vite-app", { from: path.join(FIXTURES, "vite-app"), pkgJson: { type: "module" } });
    await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
    ctx.version = await installTarball(project.dir);
    const { build, createLogger } = await import("vite");
    // Vite's warnings about the package (an unresolvable `new URL(..., import.meta.url)`, a
    // top-level await the target cannot take, ...) are collected and must be none.
    const logger = createLogger("warn", { allowClearScreen: false });
    ctx.viteWarnings = [];
    logger.warn = logger.warnOnce = (msg) => ctx.viteWarnings.push(msg);
    const outDir = path.join(project.dir, "dist");
    const started = Date.now();
    // No config file and no build.target: the zero-config app a user starts with.
    await build({ root: project.dir, configFile: false, logLevel: "warn", customLogger: logger, build: { outDir, emptyOutDir: true } });
    ctx.buildMs = Date.now() - started;
    server = await serveStatic(outDir);
    await visit(server, ctx);
  });

  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });

  checkScenario(check, ctx);

  check("bundles the .wasm as an asset that the app fetches, with no Vite warning", (t) => {
    t.diagnostic(`vite build took ${ctx.buildMs} ms`);
    assert.deepEqual(ctx.viteWarnings, [], "Vite warned while building the app");
    checkBuiltAssets(ctx, /^\/assets\/floorwalker_wasm_bg-[\w-]+\.wasm$/);
  });
});

/** webpack's own size advice (the .wasm is over its 244 KiB hint): not about the package's shape. */
const WEBPACK_SIZE_HINT = /asset size limit|entrypoint size limit|performance recommendations/i;

fixture("5 webpack build → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;

  setup(async () => {
    project = await tempProject("webpack-app", { from: path.join(FIXTURES, "webpack-app"), pkgJson: { type: "module" } });
    await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
    ctx.version = await installTarball(project.dir);
    // webpack-cli (and webpack) from the repository's node_modules; "floorwalker" resolves from
    // the project's own node_modules, as in a user's app.
    ctx.build = await run(
      process.execPath,
      [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "build", "--config", "webpack.config.mjs", "--json", "stats.json"],
      { cwd: project.dir, timeoutMs: BUILD_TIMEOUT_MS },
    );
    assert.equal(ctx.build.code, 0, `webpack build failed: ${describeRun(ctx.build)}`);
    ctx.stats = JSON.parse(await readFile(path.join(project.dir, "stats.json"), "utf8"));
    const outDir = path.join(project.dir, "dist");
    await copyFile(path.join(project.dir, "index.html"), path.join(outDir, "index.html"));
    server = await serveStatic(outDir);
    await visit(server, ctx);
  });

  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });

  checkScenario(check, ctx);

  check("bundles the .wasm as an asset/resource the app fetches; no webpack error, no warning but size hints", (t) => {
    t.diagnostic(`webpack build took ${ctx.build.ms} ms`);
    const messages = (list) => (list ?? []).map((w) => (typeof w === "string" ? w : w.message));
    assert.deepEqual(messages(ctx.stats.errors), [], "webpack errors");
    const warnings = messages(ctx.stats.warnings);
    for (const w of warnings.filter((w) => WEBPACK_SIZE_HINT.test(w))) t.diagnostic(`webpack size hint: ${w.split("\n")[0]}`);
    assert.deepEqual(warnings.filter((w) => !WEBPACK_SIZE_HINT.test(w)), [], "webpack warnings about the package");
    const wasmAssets = ctx.stats.assets.filter((a) => a.name.endsWith(".wasm"));
    assert.equal(wasmAssets.length, 1, `one .wasm asset emitted: ${JSON.stringify(ctx.stats.assets.map((a) => a.name))}`);
    checkBuiltAssets(ctx, new RegExp(`^/${wasmAssets[0].name.replace(/\./g, "\\.")}$`));
  });
});

/** A project with the installed package and a page fixture's files, served as-is (node_modules included). */
async function pageProject(label, fixtureDir) {
  const project = await tempProject(label, { from: path.join(FIXTURES, fixtureDir) });
  await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
  const version = await installTarball(project.dir);
  return { project, version };
}

fixture("6 <script type=module> page", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;

  setup(async () => {
    ({ project, version: ctx.version } = await pageProject("module-page", "module-page"));
    server = await serveStatic(project.dir);
    await visit(server, ctx);
  });

  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });

  checkScenario(check, ctx);

  check("fetches the .wasm beside the browser entry, served as application/wasm", () => {
    const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
    assert.deepEqual(wasm, [{ path: "/node_modules/floorwalker/floorwalker_wasm_bg.wasm", status: 200 }]);
    assert.deepEqual(ctx.served.filter((s) => s.status !== 200), [], "every file the page asked for exists");
  });
});

/** The page's policy: nothing but same-origin scripts, wasm compilation, and fetches to itself and the emulator. */
const cspFor = (emuUrl, { wasm = true } = {}) =>
  [
    "default-src 'none'",
    `script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ""}`,
    `connect-src 'self' ${emuUrl}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");

fixture("7 strict CSP page", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  const refused = {};
  let project;
  const servers = [];

  setup(async () => {
    ({ project, version: ctx.version } = await pageProject("csp-page", "csp-page"));
    // The control first (each visit resets the emulator's log): the same page without
    // 'wasm-unsafe-eval' must be refused, so the policy is really enforced and a violation seen.
    refused.csp = cspFor(emu.url, { wasm: false });
    const strict = await serveStatic(project.dir, { headers: { "content-security-policy": refused.csp } });
    servers.push(strict);
    await visit(strict, refused);
    ctx.csp = cspFor(emu.url);
    const server = await serveStatic(project.dir, { headers: { "content-security-policy": ctx.csp } });
    servers.push(server);
    await visit(server, ctx);
  });

  cleanup(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await project?.remove();
  });

  checkScenario(check, ctx);

  check("is served with the CSP header and loads the .wasm under it (connect-src 'self', no violation)", () => {
    assert.equal(ctx.headers["content-security-policy"], ctx.csp);
    assert.match(ctx.csp, /script-src 'self' 'wasm-unsafe-eval';/);
    const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
    assert.deepEqual(wasm, [{ path: "/node_modules/floorwalker/floorwalker_wasm_bg.wasm", status: 200 }]);
    assert.deepEqual(ctx.served.filter((s) => s.status !== 200), [], "every file the page asked for exists");
    assert.deepEqual(ctx.seen.cspViolations, [], "securitypolicyviolation events");
    assert.deepEqual(ctx.seen.console, [], "console errors (Chromium logs each CSP refusal there)");
  });

  check("control: without 'wasm-unsafe-eval' the same page reports the violation and cannot use the module", () => {
    assert.equal(refused.headers["content-security-policy"], refused.csp);
    assert.ok(refused.outcome.error, `the page must fail without 'wasm-unsafe-eval': ${JSON.stringify(refused.outcome)}`);
    assert.ok(
      refused.seen.cspViolations.some((v) => v.directive === "script-src" && v.blockedURI === "wasm-eval"),
      `a script-src violation for wasm-eval: ${JSON.stringify(refused.seen.cspViolations)}`,
    );
  });
});

// ---- 8-9: dev servers in Chromium --------------------------------------------------------------

/** A dev-server middleware that records each request's path, status and content type, as serveStatic does. */
function recordInto(served) {
  return (req, res, next) => {
    res.on("finish", () =>
      served.push({ path: new URL(req.url, "http://x").pathname, status: res.statusCode, type: String(res.getHeader("content-type") ?? "") }),
    );
    next();
  };
}

/** A dev server's checks: one .wasm fetched, with status 200 and the wasm MIME type; every request served. */
function checkDevAssets(ctx) {
  const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm fetched: ${JSON.stringify(ctx.served)}`);
  assert.equal(wasm[0].status, 200, JSON.stringify(wasm[0]));
  assert.match(wasm[0].type, /^application\/wasm/, "served as application/wasm (streaming compilation)");
  assert.deepEqual(ctx.served.filter((s) => s.status >= 400), [], "every file the page asked for exists");
}

fixture("8 vite dev server → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = { served: [] };
  let project;
  let server;

  setup(async () => {
    project = await tempProject("vite-dev", { from: path.join(FIXTURES, "vite-app"), pkgJson: { type: "module" } });
    await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
    ctx.version = await installTarball(project.dir);
    const { createServer, createLogger } = await import("vite");
    const logger = createLogger("warn", { allowClearScreen: false });
    ctx.viteWarnings = [];
    logger.warn = logger.warnOnce = (msg) => ctx.viteWarnings.push(msg);
    logger.error = (msg) => ctx.viteWarnings.push(`error: ${msg}`);
    const served = [];
    const started = Date.now();
    // No config file and no optimizeDeps settings: `vite` as a user starts it. Vite pre-bundles
    // "floorwalker" into node_modules/.vite/deps/, so the package's
    // `new URL("./floorwalker_wasm_bg.wasm", import.meta.url)` must still find the .wasm from there.
    server = await createServer({
      root: project.dir,
      configFile: false,
      logLevel: "warn",
      customLogger: logger,
      server: { host: "127.0.0.1", port: 0, hmr: false, watch: null },
      plugins: [{ name: "record-requests", configureServer: (s) => void s.middlewares.use(recordInto(served)) }],
    });
    await server.listen();
    ctx.startMs = Date.now() - started;
    await visit({ url: server.resolvedUrls.local[0].replace(/\/$/, ""), served }, ctx);
  });

  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });

  checkScenario(check, ctx);

  check("pre-bundles the package (no optimizeDeps setting) and still fetches the .wasm as application/wasm, with no Vite warning", (t) => {
    t.diagnostic(`vite dev server ready in ${ctx.startMs} ms`);
    assert.deepEqual(ctx.viteWarnings, [], "Vite warned");
    assert.ok(
      ctx.served.some((s) => /^\/node_modules\/\.vite\/deps\/floorwalker\.js$/.test(s.path)),
      `the page loaded the pre-bundled package: ${JSON.stringify(ctx.served.map((s) => s.path))}`,
    );
    checkDevAssets(ctx);
  });
});

fixture("9 webpack dev server → Chromium", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = { served: [] };
  let project;
  let server;

  setup(async () => {
    project = await tempProject("webpack-dev", { from: path.join(FIXTURES, "webpack-app"), pkgJson: { type: "module" } });
    await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
    ctx.version = await installTarball(project.dir);
    // webpack and webpack-dev-server from the repository's node_modules (as with webpack-cli above).
    const requireRoot = createRequire(path.join(ROOT, "package.json"));
    const webpack = requireRoot("webpack");
    const WebpackDevServer = requireRoot("webpack-dev-server");
    const { default: config } = await import(pathToFileURL(path.join(project.dir, "webpack.config.mjs")).href);
    // The fixture's config in development mode, as `webpack serve` runs it.
    const compiler = webpack({ ...config, mode: "development", context: project.dir, infrastructureLogging: { level: "error" }, stats: "none" });
    ctx.warnings = [];
    compiler.hooks.done.tap("matrix", (stats) => {
      const { errors, warnings } = stats.toJson({ all: false, errors: true, warnings: true });
      ctx.warnings.push(...errors.map((e) => `error: ${e.message}`), ...warnings.map((w) => w.message));
    });
    const served = [];
    const started = Date.now();
    server = new WebpackDevServer(
      {
        host: "127.0.0.1",
        port: 0,
        hot: false,
        liveReload: false,
        client: false,
        static: { directory: project.dir, watch: false },
        setupMiddlewares: (middlewares, devServer) => {
          devServer.app.use(recordInto(served));
          return middlewares;
        },
      },
      compiler,
    );
    await server.start();
    ctx.startMs = Date.now() - started;
    await visit({ url: `http://127.0.0.1:${server.server.address().port}`, served }, ctx);
  });

  cleanup(async () => {
    await server?.stop();
    await project?.remove();
  });

  checkScenario(check, ctx);

  check("serves the bundle and the .wasm asset from memory, as application/wasm; no webpack error or warning", (t) => {
    t.diagnostic(`webpack dev server ready in ${ctx.startMs} ms`);
    assert.deepEqual(ctx.warnings, [], "webpack errors and warnings");
    checkDevAssets(ctx);
    assert.match(ctx.served.find((s) => s.path.endsWith(".wasm")).path, /^\/[0-9a-f]+\.wasm$/, "the hashed asset, not node_modules");
  });
});

// ---- 10: the .wasm is not where the package looks ---------------------------------------------

fixture("10 .wasm missing → FloorwalkerError, then init(url)", { skip: NO_BROWSER }, ({ setup, cleanup, check }) => {
  const ctx = {};
  let project;
  let server;

  setup(async () => {
    project = await tempProject("missing-wasm", { from: path.join(FIXTURES, "missing-wasm") });
    ctx.version = await installTarball(project.dir);
    // Served from /elsewhere/ only: the package's own URL for it answers 404.
    await mkdir(path.join(project.dir, "elsewhere"));
    await rename(
      path.join(project.dir, "node_modules/floorwalker/floorwalker_wasm_bg.wasm"),
      path.join(project.dir, "elsewhere/floorwalker_wasm_bg.wasm"),
    );
    server = await serveStatic(project.dir);
    ctx.since = await resetEmulator();
    Object.assign(ctx, await runPage(`${server.url}/?emu=${encodeURIComponent(emu.url)}`));
    ctx.served = server.served;
    ctx.origin = server.url;
  });

  cleanup(async () => {
    await server?.close();
    await project?.remove();
  });

  check("the first call throws a FloorwalkerError naming the URL that failed and init(url), not a TypeError", () => {
    const { outcome } = ctx;
    assert.equal(outcome.error, undefined, `the page failed: ${JSON.stringify(outcome, null, 2)}`);
    const wasmUrl = `${ctx.origin}/node_modules/floorwalker/floorwalker_wasm_bg.wasm`;
    for (const what of ["first", "sync"]) {
      const e = outcome.result[what];
      assert.equal(e.isFloorwalkerError, true, `${what}: ${JSON.stringify(e)}`);
      assert.equal(e.isTypeError, false);
      assert.equal(e.code, "INVALID_STATE");
      assert.ok(e.message.includes(wasmUrl), `${what}: the message names ${wasmUrl}: ${e.message}`);
      assert.match(e.message, /await init\(url\)/, `${what}: the message says how to pass the URL`);
      assert.match(e.cause ?? "", /404/, `${what}: the cause is the failed fetch (404): ${e.cause}`);
    }
  });

  check("init() with a wrong URL rejects with its cause and calls then name that URL; init(url) with the right one makes every call work", () => {
    const r = ctx.outcome.result;
    assert.equal(r.badInit.resolved, undefined, JSON.stringify(r.badInit));
    assert.match(r.badInit.message, /nothing-here\.wasm/);
    assert.equal(r.afterBadInit.isFloorwalkerError, true, JSON.stringify(r.afterBadInit));
    assert.ok(r.afterBadInit.message.includes(`${ctx.origin}/elsewhere/nothing-here.wasm`) || r.afterBadInit.message.includes("/elsewhere/nothing-here.wasm"), r.afterBadInit.message);
    assert.deepEqual(r.ready, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
    assert.equal(r.version, ctx.version);
    assert.deepEqual(
      ctx.served.filter((s) => s.path.endsWith(".wasm")).map((s) => `${s.status} ${s.path}`),
      ["404 /node_modules/floorwalker/floorwalker_wasm_bg.wasm", "404 /elsewhere/nothing-here.wasm", "200 /elsewhere/floorwalker_wasm_bg.wasm"],
    );
  });
});

// ---- 11-12: Jest ----------------------------------------------------------------------------------

// Jest runs tests in a vm context, whose Promise is not the one the global fetch returns: these
// rows show a custom or global fetch from another realm works (src/js/io.js accepts any thenable).
for (const { name, dir, type, nodeOptions } of [
  { name: "11 jest (CommonJS)", dir: "jest-cjs", type: "commonjs" },
  { name: "12 jest (ESM, --experimental-vm-modules)", dir: "jest-esm", type: "module", nodeOptions: "--experimental-vm-modules" },
]) {
  fixture(name, {}, ({ setup, cleanup, check }) => {
    let project;
    let out;

    setup(async () => {
      project = await tempProject(dir, { from: path.join(FIXTURES, dir), pkgJson: { type } });
      await installTarball(project.dir);
      await resetEmulator();
      // Jest from the repository's node_modules; "floorwalker" resolves from the project's own.
      out = await run(
        process.execPath,
        [path.join(ROOT, "node_modules/jest/bin/jest.js"), "--ci", "--no-watchman", "--rootDir", project.dir, "--json"],
        {
          cwd: project.dir,
          timeoutMs: BUILD_TIMEOUT_MS,
          env: { EMULATOR_URL: emu.url, NODE_OPTIONS: nodeOptions ?? "", FORCE_COLOR: "0" },
        },
      );
    });

    cleanup(() => project?.remove());

    check("jest runs the suite against the emulator: every test passes", () => {
      assert.equal(out.code, 0, describeRun(out));
      const report = JSON.parse(out.stdout);
      assert.equal(report.numFailedTests, 0, describeRun(out));
      assert.equal(report.numPassedTests, 2, describeRun(out));
    });
  });
}

// ---- the kit itself --------------------------------------------------------------------------------

describe("finding the tarball", () => {
  it("uses $FLOORWALKER_TARBALL, and says so when it names a missing file", () => {
    const found = tarball ?? findTarball();
    assert.equal(findTarball({ env: { FLOORWALKER_TARBALL: found } }), found);
    assert.throws(
      () => findTarball({ env: { FLOORWALKER_TARBALL: "dist/nope-0.0.0.tgz" } }),
      /FLOORWALKER_TARBALL=dist\/nope-0\.0\.0\.tgz does not exist/,
    );
  });

  it("fails with a clear message when there is none in dist/", async () => {
    const empty = await tempProject("no-dist");
    try {
      assert.throws(() => findTarball({ root: empty.dir, env: {} }), /No floorwalker tarball: set FLOORWALKER_TARBALL or run .*npm pack/);
    } finally {
      await empty.remove();
    }
  });
});

function parseResult(out) {
  const line = out.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  assert.ok(line, `the script printed no RESULT line: ${describeRun(out)}`);
  return JSON.parse(line.slice("RESULT ".length));
}

function pick(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj?.[k]]));
}
