// The packed package in headless Chromium, as a browser user gets it: (1) a plain HTML page whose
// <script type="module"> imports the installed package's browser entry by URL, and (2) a Vite 8
// app that imports "floorwalker" by name, built with Vite's JS API. Both pages are served from a
// static server on another port than the emulator, so every call is cross-origin (CORS).
//
// The tarball comes from $FLOORWALKER_TARBALL or the newest dist/floorwalker-*.tgz. Without
// /usr/bin/chromium every test is skipped with the reason (counted as skipped, never as passed).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { startEmulator } from "./emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./support/chromium.mjs";
import {
  FIXTURES, READY_PATH, control, findTarball, installedVersion, logMark, npmInstall, requestLog, serveStatic,
  tempProject,
} from "./fixtures/kit.mjs";

const PAGE_TIMEOUT_MS = 20000;
const SKIP = existsSync(CHROMIUM)
  ? false
  : `headless Chromium not found at ${CHROMIUM} (install chromium or set FLOORWALKER_CHROMIUM); browser tests not run`;

let emu;
let browser;
let tarball;
let version;

/** Collects what a page reports besides its result: uncaught errors, console errors/warnings, failed requests. */
function watchPage(page) {
  const seen = { pageErrors: [], console: [], failedRequests: [] };
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

/**
 * Open `pageUrl` in a fresh browser context and wait for the scenario (fixtures/browser/scenario.js)
 * to finish. Resolves to `{ outcome, seen, domText }`.
 */
/** Resets the emulator, runs the scenario page served by `server`, and records into `ctx` what the page did and what was served. */
async function visit(server, ctx) {
  await control(emu.url, "POST", "/reset");
  ctx.since = await logMark(emu.url);
  ctx.origin = server.url;
  Object.assign(ctx, await runPage(`${server.url}/?emu=${encodeURIComponent(emu.url)}`));
  ctx.served = server.served;
}

async function runPage(pageUrl) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(pageUrl, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
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
    const domText = await page.textContent("#result");
    return { outcome, seen, domText };
  } finally {
    await context.close();
  }
}

/** The assertions shared by both pages, on the scenario's result and the emulator's log. */
function checkScenario(get) {
  it("loads with no init call, logs in and makes LV_TEST Ready", { skip: SKIP }, () => {
    const { outcome, seen, domText } = get();
    assert.equal(outcome.error, undefined, `the page failed: ${JSON.stringify(outcome.error, null, 2)}`);
    assert.deepEqual(seen.pageErrors, [], "uncaught errors in the page");
    const r = outcome.result;
    assert.deepEqual(r.ready, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
    assert.match(r.sessionId, /^[0-9a-f-]{36}$/, "lv.sessionId");
    assert.equal(r.version, version, "version() is the package.json version");
    assert.equal(r.initType, "function", "init is exported");
    assert.deepEqual(JSON.parse(domText), JSON.parse(JSON.stringify(r)), "the result is written into the DOM");
    assert.deepEqual(seen.console, [], "console errors or warnings in the page (a wrong wasm MIME type shows here)");
  });

  it("sends setReady cross-origin: Origin and LV-Session headers, after a CORS preflight", { skip: SKIP }, async () => {
    const { outcome, since, origin } = get();
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

  it("rejects bad input with a FloorwalkerError (INVALID_ARGUMENT) and server refusals with their code", { skip: SKIP }, () => {
    const r = get().outcome.result;
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

  it("yields agent chat replies with `for await` over watchChat, and stops on break", { skip: SKIP }, () => {
    const r = get().outcome.result;
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

describe("floorwalker in headless Chromium", () => {
  before(async () => {
    if (SKIP) return;
    tarball = findTarball();
    const { chromium } = await import("playwright-core");
    [emu, browser] = await Promise.all([
      startEmulator({ port: 0 }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 }),
    ]);
  });

  after(async () => {
    await browser?.close();
    await emu?.close();
  });

  describe("a plain <script type=module> page importing node_modules/floorwalker/index.js", () => {
    const ctx = {};
    let project;
    let server;

    before(async () => {
      if (SKIP) return;
      project = await tempProject("module-page");
      await npmInstall(project.dir, tarball);
      version = await installedVersion(project.dir);
      await copyFile(path.join(FIXTURES, "module-page/index.html"), path.join(project.dir, "index.html"));
      await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
      server = await serveStatic(project.dir);
      await visit(server, ctx);
    });

    after(async () => {
      await server?.close();
      await project?.remove();
    });

    checkScenario(() => ctx);

    it("fetches the .wasm beside the browser entry, served as application/wasm", { skip: SKIP }, () => {
      const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
      assert.deepEqual(wasm, [{ path: "/node_modules/floorwalker/floorwalker_wasm_bg.wasm", status: 200 }]);
      assert.deepEqual(ctx.served.filter((s) => s.status !== 200), [], "every file the page asked for exists");
    });
  });

  describe("a Vite 8 app importing \"floorwalker\" (vite build, then served statically)", () => {
    const ctx = {};
    let project;
    let server;

    before(async () => {
      if (SKIP) return;
      project = await tempProject("vite-app", { from: path.join(FIXTURES, "vite-app"), pkgJson: { type: "module" } });
      await copyFile(path.join(FIXTURES, "browser/scenario.js"), path.join(project.dir, "scenario.js"));
      await npmInstall(project.dir, tarball);
      version = await installedVersion(project.dir);
      const { build, createLogger } = await import("vite");
      // Vite's warnings about the package (an unresolvable `new URL(..., import.meta.url)`, a
      // top-level await the target cannot take, ...) are collected and must be none.
      const logger = createLogger("warn", { allowClearScreen: false });
      ctx.viteWarnings = [];
      logger.warn = logger.warnOnce = (msg) => ctx.viteWarnings.push(msg);
      const outDir = path.join(project.dir, "dist");
      const started = Date.now();
      // No config file and no build.target: the zero-config app a user starts with.
      await build({ root: project.dir, configFile: false, customLogger: logger, build: { outDir, emptyOutDir: true } });
      ctx.buildMs = Date.now() - started;
      server = await serveStatic(outDir);
      await visit(server, ctx);
    });

    after(async () => {
      await server?.close();
      await project?.remove();
    });

    checkScenario(() => ctx);

    it("bundles the .wasm as an asset that the app fetches, with no Vite warning", { skip: SKIP }, (t) => {
      t.diagnostic(`vite build took ${ctx.buildMs} ms`);
      assert.deepEqual(ctx.viteWarnings, [], "Vite warned while building the app");
      const wasm = ctx.served.filter((s) => s.path.endsWith(".wasm"));
      assert.equal(wasm.length, 1, `one .wasm fetched: ${JSON.stringify(ctx.served)}`);
      assert.match(wasm[0].path, /^\/assets\/floorwalker_wasm_bg-[\w-]+\.wasm$/);
      assert.equal(wasm[0].status, 200);
      assert.ok(
        !ctx.served.some((s) => s.path.includes("node_modules")),
        "the built app must not reach into node_modules",
      );
    });
  });
});

