// CometD in headless Chromium: when the browser says the network is back (`online`) or the
// page becomes visible again (`visibilitychange`), a client that is backing off after failures
// reconnects at once instead of waiting out its backoff. The page talks to cometd-nodejs-server
// on its own origin through a `fetch` that fails while the test says the page is offline.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM, CHROMIUM_ARGS } from "./support/chromium.mjs";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const INSTALLED = path.join(ROOT, "js-tests/node_modules/floorwalker");
const PKG_DIR = existsSync(path.join(INSTALLED, "index.js")) ? INSTALLED : path.join(ROOT, "pkg");
const SKIP = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(path.join(PKG_DIR, "index.js")) ? "no built package" : false;

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

// `window.__offline` makes every request fail as a dropped network does; `window.__failures`
// counts them. `wake(event)` goes back online and fires `event`; it resolves with the ms until
// the state is "connected" again.
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>wake</title>
<script type="module">
import { CometD } from "/pkg/index.js";
window.__offline = false;
window.__failures = 0;
const netFetch = (input, init) => {
  if (window.__offline) {
    window.__failures++;
    return Promise.reject(new TypeError("Failed to fetch"));
  }
  return fetch(input, init);
};
const c = new CometD({ url: location.origin + "/cometd", fetch: netFetch });
window.__states = [];
c.on("state", (s) => window.__states.push(s));
await c.handshake();
window.__got = [];
await c.subscribe("/wake", (d) => window.__got.push(d));
window.wake = (target, event) => new Promise((resolve) => {
  window.__offline = false;
  const t0 = performance.now();
  const off = c.on("state", (s) => {
    if (s === "connected") {
      off();
      resolve(performance.now() - t0);
    }
  });
  (target === "window" ? window : document).dispatchEvent(new Event(event));
});
window.__ready = true;
</script>`;

let server;
let bayeux;
let origin;
before(async () => {
  if (SKIP) return;
  bayeux = require("cometd-nodejs-server").createCometDServer({ timeout: 1000 });
  server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(PAGE);
      return;
    }
    if (url.pathname.startsWith("/cometd")) return bayeux.handle(req, res);
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
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  bayeux?.close();
  server?.closeAllConnections?.();
  await new Promise((r) => (server ? server.close(r) : r()));
});

test("online and visibilitychange cut the backoff in a browser", { skip: SKIP }, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(origin);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 });
    for (const [target, event] of [["window", "online"], ["document", "visibilitychange"]]) {
      // offline until three requests failed: the next wait is 2-4 s of backoff
      await page.evaluate(() => {
        window.__failures = 0;
        window.__offline = true;
      });
      await page.waitForFunction(() => window.__failures >= 3 && window.__states.at(-1) === "reconnecting", null, { timeout: 15_000 });
      await new Promise((r) => setTimeout(r, 100));
      const ms = await page.evaluate(([t, e]) => window.wake(t, e), [target, event]);
      assert.ok(ms < 1500, `${event}: connected ${Math.round(ms)} ms after the event, not after the backoff`);
    }
    bayeux.createServerChannel("/wake").publish(null, "hello");
    await page.waitForFunction(() => window.__got.includes("hello"), null, { timeout: 5_000 });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
