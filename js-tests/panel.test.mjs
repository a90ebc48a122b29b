// The supervisor panel (examples/panel/) in headless Chromium, clicked through as a supervisor
// would: log in, Ready and Not Ready (LUNCH) from the agent table, a broadcast, an agent's
// reply arriving in the chat pane and a reply to it, a renewed session, the monitor line and
// Coach, a service switch, an error banner from an injected fault, a screenshot, log out.
//
// The page is served from another origin than the emulator (every call is cross-origin), with
// /pkg/ backed by the package under test: js-tests/node_modules/floorwalker (the packed tarball
// that scripts/test.sh installs) when present, else pkg/ (a plain `node scripts/build.mjs`).
// Without Chromium the test is skipped with the reason.
//
// It runs twice: as examples/panel/index.html is (its import map sends `floorwalker` to the
// LiveVox entry, floorwalker/livevox), and with that map pointing at the supervisor-only entry,
// floorwalker/livevox-supervisor, which the panel's README offers to a page (the panel uses
// nothing of the virtual-agent side).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./support/chromium.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const INSTALLED = path.join(ROOT, "js-tests/node_modules/floorwalker");
const PKG_DIR = existsSync(path.join(INSTALLED, "index.js")) ? INSTALLED : path.join(ROOT, "pkg");
const PANEL_DIR = path.join(ROOT, "examples/panel");
const SCREENSHOT = path.join(ROOT, "js-tests/output/panel.png");
const SUP = "/callControl/supervisor";
const STEP_MS = 5000;

const SKIP = !existsSync(CHROMIUM)
  ? `headless Chromium not found at ${CHROMIUM} (install chromium or set FLOORWALKER_CHROMIUM); panel test not run`
  : !existsSync(path.join(PKG_DIR, "index.js"))
    ? `no built package at ${PKG_DIR} (run node scripts/build.mjs); panel test not run`
    : false;

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** GET/POST on the emulator's control API (`/__control/...`); throws on non-2xx. */
async function control(emuUrl, method, p, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${emuUrl}/__control${p}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${p} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The emulator's request log after `since` (a `seq`), and the newest `seq` as a cursor. */
const requestLog = (emuUrl, since) => control(emuUrl, "GET", `/requests?since=${since}`);
async function logMark(emuUrl) {
  const all = await control(emuUrl, "GET", "/requests");
  return all.length ? all[all.length - 1].seq : 0;
}

/**
 * Serves /pkg/ from the package under test and /examples/panel/ from the repository, the
 * page's import map sending the LiveVox entry's paths to `entry`'s.
 */
async function servePanel(entry) {
  const mounts = [
    ["/pkg/", PKG_DIR],
    ["/examples/panel/", PANEL_DIR],
  ];
  const served = [];
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    let status = 404;
    try {
      const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
      if (!mount) throw new Error("not mounted");
      let rel = decodeURIComponent(pathname.slice(mount[0].length));
      if (rel === "" || rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(mount[1], rel);
      if (!file.startsWith(mount[1] + path.sep)) throw new Error("outside the mount");
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      let body = await readFile(file);
      if (file === path.join(PANEL_DIR, "index.html") && entry !== "livevox") {
        const html = body.toString("utf8");
        if (!html.includes('"/pkg/livevox/index.js"')) throw new Error("the page maps no /pkg/livevox/index.js");
        body = Buffer.from(html.replaceAll('"/pkg/livevox/index.js"', `"/pkg/${entry}/index.js"`));
      }
      status = 200;
      res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
    served.push({ path: pathname, status });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

for (const entry of ["livevox", "livevox-supervisor"]) {
  describe(`examples/panel: the supervisor panel in headless Chromium (floorwalker/${entry})`, () => {
    let emu;
    let browser;
    let server;
    let page;
    const seen = { pageErrors: [], console: [] };

    before(async () => {
      if (SKIP) return;
      const { chromium } = await import("playwright-core");
      [emu, browser, server] = await Promise.all([
        startEmulator({ port: 0 }),
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 }),
        servePanel(entry),
      ]);
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(STEP_MS);
      page.on("pageerror", (err) => seen.pageErrors.push(String(err?.stack ?? err)));
      page.on("console", (msg) => {
        // Chromium logs every HTTP error status; the test provokes one (the injected fault).
        if ((msg.type() === "error" || msg.type() === "warning") && !msg.text().startsWith("Failed to load resource")) {
          seen.console.push(`${msg.type()}: ${msg.text()}`);
        }
      });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      await emu?.close();
    });

    it("logs in, drives agents, chats, shows errors and a renewed session, and logs out", { skip: SKIP }, async (t) => {
      const started = Date.now();
      const panel = page.locator("floorwalker-panel");
      const row = (id) => panel.locator(`tr[data-agent="${id}"]`);
      const agent = (id) => control(emu.url, "GET", `/agents/${encodeURIComponent(id)}`);
      const sent = async (since, method, p) =>
        (await requestLog(emu.url, since)).filter((e) => e.method === method && e.path === p);

      await control(emu.url, "POST", "/reset");
      const query = `?baseUrl=${encodeURIComponent(emu.url)}&emulator=1&chatIntervalMs=250&boardIntervalMs=250`;
      await page.goto(`${server.url}/examples/panel/${query}`, { waitUntil: "load" });
      // The element is defined once the package (and its .wasm) has loaded.
      await page.evaluate(() => customElements.whenDefined("floorwalker-panel"));

      // The panel lives in its shadow root: no style of its own in the page's document.
      const styles = await page.evaluate(() => ({
        page: document.querySelectorAll("style, link[rel=stylesheet]").length,
        shadow: document.querySelector("floorwalker-panel").shadowRoot?.querySelectorAll("style").length,
      }));
      assert.deepEqual(styles, { page: 1, shadow: 1 }, "the CRM page keeps its one stylesheet; the panel's is in its shadow root");

      // 1. Log in with the prefilled fixture credentials.
      await page.waitForFunction(
        (url) => document.querySelector("floorwalker-panel")?.shadowRoot?.querySelector('input[name="baseUrl"]')?.value === url,
        emu.url,
      );
      assert.equal(await panel.locator('input[name="userName"]').inputValue(), "supervisor");
      await panel.locator('button[data-action="login"]').click();
      await panel.locator("header .who").filter({ hasText: "supervisor@ACME" }).waitFor();
      await row("lv_usr2").locator('select[data-role="service"] option[value="33722"]').waitFor({ state: "attached" });
      assert.match(await panel.locator("p.note").textContent(), /Real-Time API/);
      // The live line of each row comes from watchAgents (the LiveVox Real-Time API).
      await row("LV_SEB").locator('[data-role="live"]').filter({ hasText: "live: Not Ready · service 23114" }).waitFor();
      await row("LV_TEST").locator('[data-role="live"]').filter({ hasText: "live: on a call" }).waitFor();

      // 2. Ready for LV_SEB (NOTREADY/BREAK in the fixtures).
      let since = await logMark(emu.url);
      await row("LV_SEB").locator('button[data-action="ready"]').click();
      await row("LV_SEB").locator('[data-role="state"]').filter({ hasText: /^Ready$/ }).waitFor();
      assert.equal((await agent("LV_SEB")).state, "READY");
      await row("LV_SEB").locator('[data-role="live"]').filter({ hasText: "live: Ready" }).waitFor();
      assert.deepEqual((await sent(since, "POST", `${SUP}/agent/status/ready`)).map((e) => e.body), [{ agents: ["LV_SEB"] }]);

      // 3. Not Ready with reason LUNCH for lv_usr1.
      since = await logMark(emu.url);
      await row("lv_usr1").locator('select[data-role="reason"]').selectOption("LUNCH");
      await row("lv_usr1").locator('button[data-action="notReady"]').click();
      await row("lv_usr1").locator('[data-role="state"]').filter({ hasText: "Not Ready · LUNCH" }).waitFor();
      const usr1 = await agent("lv_usr1");
      assert.equal(usr1.state, "NOTREADY");
      assert.equal(usr1.reasonCode, "LUNCH");
      assert.deepEqual(
        (await sent(since, "POST", `${SUP}/agent/status/notReady`)).map((e) => e.body),
        [{ agents: ["lv_usr1"], reasonCode: "LUNCH" }],
      );

      // 4. A broadcast to every agent in the table.
      since = await logMark(emu.url);
      const composer = panel.locator('textarea[name="chatMessage"]');
      await composer.fill("Team huddle at 15:00 - reply to confirm.");
      await panel.locator('button[data-action="send"]').click();
      await panel.locator(".messages li.system").filter({ hasText: "Broadcast sent to 4 of 4" }).waitFor();
      const [broadcast] = await sent(since, "POST", `${SUP}/chat/broadcast`);
      assert.deepEqual(broadcast?.body, {
        usersInfo: ["LV_TEST", "LV_SEB", "lv_usr1", "lv_usr2"].map((userLoginId) => ({ userLoginId, canReply: true })),
        message: "Team huddle at 15:00 - reply to confirm.",
      });

      // 5. An agent's reply (typed by the emulator) arrives through watchChat; the supervisor answers.
      await control(emu.url, "POST", "/chat/reply", { userLoginId: "lv_usr1", message: "On my way after this call." });
      await panel.locator('.messages li[data-from="lv_usr1"]').filter({ hasText: "On my way after this call." }).waitFor();
      await panel.locator('.threads button[data-thread="lv_usr1"] .badge').filter({ hasText: "1" }).waitFor();
      await panel.locator('.threads button[data-thread="lv_usr1"]').click();
      since = await logMark(emu.url);
      await composer.fill("Thanks, see you there.");
      await panel.locator('button[data-action="send"]').click();
      await panel.locator(".messages li.own").filter({ hasText: "Thanks, see you there." }).waitFor();
      assert.deepEqual((await sent(since, "POST", `${SUP}/chat/send`)).map((e) => e.body), [
        { userLoginId: "lv_usr1", message: "Thanks, see you there." },
      ]);

      // 5b. The live board follows agents the panel never touched: the emulator puts VA1 in a
      // service (a row appears for it), then logs it off.
      await control(emu.url, "POST", "/agents/VA1", { state: "READY", serviceId: 45165 });
      await row("VA1").locator('[data-role="live"]').filter({ hasText: "live: Ready · service 45165" }).waitFor();
      await control(emu.url, "POST", "/agents/VA1", { state: "LOGOFF" });
      await row("VA1").locator('[data-role="live"]').filter({ hasText: "not on the board" }).waitFor();
      assert.ok(
        (await requestLog(emu.url, 0)).some((e) => e.method === "POST" && e.path === "/realtime/service/agents/status"),
        "the board polls the Real-Time API",
      );

      // 6. The session expires on the platform: the SDK logs in again and the panel says so.
      await control(emu.url, "POST", "/expire-session", {});
      await row("LV_TEST").locator('button[data-action="ready"]').click();
      await panel.locator('.notice[data-kind="sessionRenewed"]').waitFor();
      await row("LV_TEST").locator('[data-role="state"]').filter({ hasText: /^Ready$/ }).waitFor();

      // 7. The monitor line, then Coach LV_TEST; a service switch for lv_usr2.
      assert.equal(await row("LV_TEST").locator('button[data-action="coach"]').isDisabled(), true, "Coach waits for the monitor line");
      await panel.locator('button[data-action="startMonitor"]').click();
      await panel.locator(".line-state.on").waitFor();
      await row("LV_TEST").locator('button[data-action="coach"]').click();
      await row("LV_TEST").locator('[data-role="monitor"]').filter({ hasText: "coaching" }).waitFor();
      const tess = await agent("LV_TEST");
      assert.equal(tess.monitorMode, "coach");
      await row("lv_usr2").locator('select[data-role="service"]').selectOption("33722");
      await row("lv_usr2").locator('button[data-action="switch"]').click();
      await row("lv_usr2").locator('[data-role="info"]').filter({ hasText: "33722" }).waitFor();
      assert.equal((await agent("lv_usr2")).serviceId, 33722);

      // 8. A refusal from the platform becomes a dismissible banner with the error's code.
      await control(emu.url, "POST", "/faults", {
        method: "POST", path: `${SUP}/agent/status/logoff`, status: 403,
        body: { code: 403, message: "Not allowed for this role" },
      });
      await row("lv_usr2").locator('button[data-action="logoff"]').click();
      const banner = panel.locator('.banner[data-code="FORBIDDEN"]');
      await banner.waitFor();
      const bannerText = await banner.textContent();
      assert.match(bannerText, /FORBIDDEN/);
      assert.match(bannerText, /may not do that/, "the code's human sentence");
      assert.match(bannerText, /Log lv_usr2 off/, "what the supervisor was doing");
      assert.equal((await agent("lv_usr2")).state, "READY", "the refused logoff changed nothing");

      // 9. A screenshot of the CRM page with the panel, the banner still up.
      const screenshot = entry === "livevox" ? SCREENSHOT : SCREENSHOT.replace(/\.png$/, `-${entry}.png`);
      await mkdir(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      const { size } = await stat(screenshot);
      assert.ok(size > 20_000, `the screenshot is ${size} bytes`);
      t.diagnostic(`screenshot: ${path.relative(ROOT, screenshot)} (${size} bytes)`);

      await banner.locator('button[data-action="dismiss"]').click();
      await banner.waitFor({ state: "detached" });

      // 10. Log out: the session ends on the platform and the form is back.
      await panel.locator('button[data-action="logout"]').click();
      await panel.locator('button[data-action="login"]').waitFor();
      const { sessions } = await control(emu.url, "GET", "/state");
      const live = sessions.filter((s) => s.userName === "supervisor" && !s.expired && !s.loggedOut);
      assert.deepEqual(live, [], "no supervisor session left open");

      assert.deepEqual(seen.pageErrors, [], "uncaught errors in the page");
      assert.deepEqual(seen.console, [], "console errors or warnings in the page");
      const missing = server.served.filter((s) => s.status !== 200 && s.path !== "/favicon.ico");
      assert.deepEqual(missing, [], "every file the page asked for was served");
      const wasm = server.served.filter((s) => s.path.endsWith(".wasm")).map((s) => s.path);
      assert.deepEqual(wasm, [`/pkg/${entry}/floorwalker_wasm_bg.wasm`], `the one .wasm came from /pkg/${entry}/`);
      t.diagnostic(`package served from ${path.relative(ROOT, PKG_DIR)}; scenario took ${Date.now() - started} ms`);
    });
  });
}
