// GWS and its CometD notifications in headless Chromium, from a page served on another origin
// than the emulator: a page cannot set a Cookie header, so the session cookie and Bayeux's
// BAYEUX_BROWSER must travel with `credentials: "include"` and the server's CORS must allow
// credentials. Also a plain CometD client in the page against the same server.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./support/chromium.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const INSTALLED = path.join(ROOT, "js-tests/node_modules/floorwalker");
const PKG_DIR = existsSync(path.join(INSTALLED, "index.js")) ? INSTALLED : path.join(ROOT, "pkg");
const SKIP = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(path.join(PKG_DIR, "index.js")) ? "no built package" : false;

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>gws</title>
<script type="module">
import { Gws, CometD, FloorwalkerError } from "/pkg/index.js";
const emu = new URLSearchParams(location.search).get("emu");
const out = { steps: [] };
window.__result = out;
try {
  const gws = await Gws.connect({ baseUrl: emu, username: "supervisor1", password: "sup-pass" });
  out.steps.push("connected");
  const events = await gws.notifications();
  out.state = events.state;
  const seen = [];
  events.on("/v2/me/*", (data, channel) => seen.push([channel, data.messageType, data.notificationType ?? null]));
  await gws.listenIn("efe1ab32-53f9-43ce-b65e-5768c61f7d4a", { targetDeviceUri: emu + "/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224" });
  const chat = await gws.intrude("90cc5439ff6848748e5e67811273f266", "0001Da9PFC93000S", { visibility: "BargeIn" });
  await chat.sendMessage("Hello from the page");
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !seen.some((s) => s[1] === "MessageLogUpdated")) await new Promise((r) => setTimeout(r, 50));
  out.seen = seen;
  try {
    await gws.chat("0000UaB58WAR003N", { mode: "Monitor" }).sendMessage("x");
  } catch (e) {
    out.refused = { isFw: e instanceof FloorwalkerError, code: e.code };
  }
  await events.close();
  out.closedState = events.state;

  // The CometD class on its own, against the same Bayeux server (Basic auth as a header).
  const c = new CometD({ url: emu + "/api/v2/notifications", headers: { Authorization: "Basic " + btoa("supervisor1:sup-pass") } });
  const states = [];
  c.on("state", (s) => states.push(s));
  await c.handshake();
  const got = [];
  const unsubscribe = await c.subscribe("/v2/me/devices", (data, channel) => got.push(channel));
  await gws.cancelMonitoring("efe1ab32-53f9-43ce-b65e-5768c61f7d4a");
  const until = Date.now() + 5000;
  while (Date.now() < until && got.length === 0) await new Promise((r) => setTimeout(r, 50));
  out.cometd = { got, states: [...states] };
  await unsubscribe();
  await c.disconnect();
  out.cometd.finalStates = states;
  out.done = true;
} catch (e) {
  out.error = (e && e.code ? e.code + ": " : "") + (e && e.message ? e.message : String(e));
  out.done = true;
}
</script>`;

let emu;
let server;
let pageOrigin;
before(async () => {
  if (SKIP) return;
  emu = await startEmulator({ port: 0 });
  server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(PAGE);
      return;
    }
    if (url.pathname.startsWith("/pkg/")) {
      const file = path.join(PKG_DIR, path.normalize(url.pathname.slice(5)).replace(/^(\.\.[/\\])+/, ""));
      try {
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
        res.end(body);
        return;
      } catch {
        // fall through
      }
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  pageOrigin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await new Promise((r) => (server ? server.close(r) : r()));
  await emu?.close();
});

test("GWS with notifications and a CometD client work in Chromium across origins", { skip: SKIP }, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${pageOrigin}/?emu=${encodeURIComponent(emu.url)}`);
    await page.waitForFunction(() => window.__result?.done === true, null, { timeout: 20_000 });
    const r = await page.evaluate(() => window.__result);
    assert.equal(r.error, undefined, `the page failed: ${r.error}`);
    assert.deepEqual(problems, []);
    assert.equal(r.state, "connected");
    const types = r.seen.map((s) => s[1]);
    for (const t of ["DeviceStateChangeMessage", "ChatStateChangeMessage", "MessageLogUpdated"]) assert.ok(types.includes(t), `${t} in ${JSON.stringify(r.seen)}`);
    assert.deepEqual(r.refused, { isFw: true, code: "INVALID_STATE" });
    assert.equal(r.closedState, "disconnected");
    assert.deepEqual(r.cometd.got.slice(0, 1), ["/v2/me/devices"]);
    assert.ok(r.cometd.states.includes("connected"));
    assert.equal(r.cometd.finalStates.at(-1), "disconnected");
    // The page never set a Cookie header itself: the browser sent the session cookie.
    const log = emu.requests();
    const writes = log.filter((e) => e.method === "POST" && e.path.startsWith("/api/v2/me/"));
    assert.ok(writes.length >= 2);
    for (const w of writes) assert.match(w.headers.cookie ?? "", /JSESSIONID=/, "the browser sent the GWS cookie");
    const polls = log.filter((e) => e.path.startsWith("/api/v2/notifications"));
    assert.ok(polls.some((e) => /BAYEUX_BROWSER=/.test(e.headers.cookie ?? "")), "Bayeux's cookie travelled with the long-polls");
  } finally {
    await browser.close();
  }
});
