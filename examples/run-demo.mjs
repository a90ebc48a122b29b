#!/usr/bin/env node
// Runs the whole demo: starts the emulator, runs the Node workflow (supervisor-demo.mjs)
// against it, then serves the browser page from another origin and runs it in headless
// Chromium, printing both transcripts.
//
//   node examples/run-demo.mjs            # both transcripts, then exit (0 = all good)
//   node examples/run-demo.mjs --serve    # ... then keep the emulator and the page server up
//                                         #     and print the page URL (and the supervisor panel's,
//                                         #     examples/panel/) for a person to open
//
// Options: --port N (page server, default any free port), --emulator-port N (default any),
// --verbose (also print the SDK's log events in both transcripts).

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../js-tests/support/chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const PAGE_TIMEOUT_MS = 60_000;

const USAGE = `usage: node examples/run-demo.mjs [--serve] [--port N] [--emulator-port N] [--verbose]`;
let args;
try {
  args = parseArgs({
    options: {
      serve: { type: "boolean", default: false },
      port: { type: "string", default: "0" },
      "emulator-port": { type: "string", default: "0" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(args.port);
const emulatorPort = Number(args["emulator-port"]);
for (const [name, value] of [["--port", port], ["--emulator-port", emulatorPort]]) {
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0 = any free port)\n${USAGE}`);
    process.exit(2);
  }
}

const heading = (text) => console.log(`\n${"=".repeat(78)}\n${text}\n${"=".repeat(78)}`);

// ---- the page server: /pkg/* from pkg/, /examples/* from examples/ (the demo page and the
// supervisor panel, examples/panel/), / -> the page ------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};
const MOUNTS = [
  ["/pkg/", join(root, "pkg")],
  ["/examples/", here],
];

function startPageServer(config) {
  const server = createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { "cache-control": "no-store", ...headers });
      res.end(body);
    };
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n", { allow: "GET, HEAD" });
      const url = new URL(req.url, "http://page.invalid");
      const path = decodeURIComponent(url.pathname);
      if (path === "/") return send(302, "", { location: `/examples/page/${url.search}` });
      if (path === "/demo-config.json") {
        return send(200, JSON.stringify(config), { "content-type": TYPES[".json"] });
      }
      if (path === "/favicon.ico") return send(204, "");
      for (const [prefix, dir] of MOUNTS) {
        if (!path.startsWith(prefix)) continue;
        let file = resolve(dir, `.${path.slice(prefix.length - 1)}`);
        if (file !== dir && !file.startsWith(dir + sep)) return send(403, "forbidden\n");
        let info = await stat(file).catch(() => null);
        if (info?.isDirectory()) {
          file = join(file, "index.html");
          info = await stat(file).catch(() => null);
        }
        if (!info?.isFile()) break;
        const body = await readFile(file);
        const type = TYPES[extname(file)] ?? "application/octet-stream";
        return send(200, req.method === "HEAD" ? "" : body, { "content-type": type, "content-length": body.length });
      }
      return send(404, "not found\n", { "content-type": "text/plain" });
    } catch (err) {
      return send(500, `${err.message}\n`, { "content-type": "text/plain" });
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolvePromise(server));
  });
}

// ---- the Node transcript: the real script, as a user would run it ----------------------------

function runNodeDemo(name, argv) {
  const script = join(here, name);
  const child = spawn(process.execPath, [script, ...argv, ...(args.verbose ? ["--verbose"] : [])], {
    stdio: "inherit",
  });
  return new Promise((resolvePromise) => {
    child.on("error", (err) => {
      console.error(`could not start ${script}: ${err.message}`);
      resolvePromise(1);
    });
    child.on("exit", (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

// ---- the browser transcript: the page in headless Chromium ----------------------------------

async function runPage(pageUrl) {
  if (!existsSync(CHROMIUM)) {
    console.log(`Chromium is not installed at ${CHROMIUM}: skipping the browser page.`);
    console.log("(Install it with `apt-get install chromium`, or run scripts/demo.sh, which does.)");
    return { skipped: true };
  }
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (err) {
    console.log(`playwright-core is not installed (${err.message}): skipping the browser page. Run \`npm ci\`.`);
    return { skipped: true };
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
    await page.goto(pageUrl);
    let timedOut = false;
    await page
      .waitForFunction(() => window.demoDone === true, null, { timeout: PAGE_TIMEOUT_MS, polling: 100 })
      .catch(() => {
        timedOut = true;
      });
    const transcript = (await page.textContent("#transcript").catch(() => "")) ?? "";
    const demoError = await page.evaluate(() => window.demoError ?? null).catch(() => null);
    return { version: browser.version(), transcript, demoError, timedOut, problems };
  } finally {
    await browser.close().catch(() => {});
  }
}

// ---- main ---------------------------------------------------------------------------------

let emu;
let pageServer;
let ok = true;
try {
  emu = await startEmulator({ port: emulatorPort });
  console.log(`emulator: ${emu.url}`);

  heading("Node: node examples/supervisor-demo.mjs");
  const nodeCode = await runNodeDemo("supervisor-demo.mjs", ["--base-url", emu.url]);
  if (nodeCode !== 0) {
    ok = false;
    console.log(`\n(the Node workflow exited with code ${nodeCode})`);
  }

  heading("Node: node examples/gws-supervisor.mjs (Genesys: voice and chat supervision, notifications)");
  const gwsCode = await runNodeDemo("gws-supervisor.mjs", []);
  if (gwsCode !== 0) {
    ok = false;
    console.log(`\n(the GWS example exited with code ${gwsCode})`);
  }

  heading("Node: node examples/virtual-agents.mjs (5 virtual agents, 20 routed calls)");
  const vaCode = await runNodeDemo("virtual-agents.mjs", []);
  if (vaCode !== 0) {
    ok = false;
    console.log(`\n(the virtual-agent example exited with code ${vaCode})`);
  }

  heading("Node: node examples/payment-agent.mjs (a payment with the recording paused, then a transfer to a person)");
  const payCode = await runNodeDemo("payment-agent.mjs", []);
  if (payCode !== 0) {
    ok = false;
    console.log(`\n(the payment-agent example exited with code ${payCode})`);
  }

  // The page starts from the fixtures too, as the Node script did.
  emu.reset();
  const config = { baseUrl: emu.url, emulator: true };
  pageServer = await startPageServer(config);
  const pageOrigin = `http://127.0.0.1:${pageServer.address().port}`;
  const query = `?baseUrl=${encodeURIComponent(emu.url)}&emulator=1${args.verbose ? "&verbose=1" : ""}`;
  const pageUrl = `${pageOrigin}/examples/page/${query}`;

  heading(`Browser: examples/page/ served from ${pageOrigin} (cross-origin to the emulator)`);
  const page = await runPage(pageUrl);
  if (!page.skipped) {
    console.log(`headless Chromium ${page.version}\n`);
    process.stdout.write(page.transcript.endsWith("\n") || page.transcript === "" ? page.transcript : `${page.transcript}\n`);
    if (page.timedOut) {
      ok = false;
      console.log(`\n(the page did not set window.demoDone within ${PAGE_TIMEOUT_MS / 1000} s)`);
    }
    if (page.demoError) {
      ok = false;
      console.log(`\n(the page reported window.demoError: ${page.demoError})`);
    }
    if (!ok && page.problems.length) {
      console.log("\nwhat the browser reported:");
      for (const p of page.problems) console.log(`  ${p}`);
    }
  }

  if (args.serve) {
    emu.reset();
    heading("Serving (Ctrl-C to stop)");
    console.log(`page:     ${pageOrigin}/   (open it in a browser; reload to run the workflow again)`);
    console.log(`panel:    ${pageOrigin}/examples/panel/   (the supervisor panel in a mock CRM page; fixture credentials prefilled)`);
    console.log(`emulator: ${emu.url}   (control API under ${emu.url}/__control/, e.g. /__control/state)`);
    console.log(`node:     node examples/supervisor-demo.mjs --base-url ${emu.url}`);
    await new Promise((resolvePromise) => {
      process.once("SIGINT", resolvePromise);
      process.once("SIGTERM", resolvePromise);
    });
    console.log("\nstopping");
  }
} catch (err) {
  ok = false;
  console.error(`run-demo failed: ${err?.stack ?? err}`);
} finally {
  if (pageServer) await new Promise((r) => pageServer.close(r)).catch(() => {});
  pageServer?.closeAllConnections?.();
  if (emu) await emu.close().catch(() => {});
}
if (!args.serve || !ok) console.log(`\n${ok ? "demo finished: every step succeeded" : "demo FAILED"}`);
process.exit(ok ? 0 : 1);
