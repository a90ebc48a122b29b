// The docs cannot drift from the code:
//
// - the error table in README.md and pkg-template/README.md is what scripts/error-table.mjs
//   generates from src/error.rs and src/client.rs (`--check`);
// - every export named in API.md's import line appears in both READMEs;
// - README.md's relative links point at files that exist, and its #anchors at its headings;
// - README.md's Node example (the block after `<!-- docs-test:node`) runs against the emulator,
//   and its page example (after `<!-- docs-test:page`) runs in headless Chromium against it.
//
// The examples use the package under test: js-tests/node_modules/floorwalker (the packed
// tarball that scripts/test.sh installs) when present, else pkg/.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../emulator/index.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./support/chromium.mjs";
import { run as errorTable, TARGETS } from "../scripts/error-table.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const NPM_README = readFileSync(path.join(ROOT, "pkg-template/README.md"), "utf8");

const INSTALLED = path.join(ROOT, "js-tests/node_modules/floorwalker");
const PKG_DIR = existsSync(path.join(INSTALLED, "index.js")) ? INSTALLED : path.join(ROOT, "pkg");
const NO_PKG = !existsSync(path.join(PKG_DIR, "node.js"))
  ? `no built package at ${PKG_DIR} (run node scripts/build.mjs)`
  : false;
const NO_BROWSER =
  NO_PKG ||
  (!existsSync(CHROMIUM) ? `headless Chromium not found at ${CHROMIUM} (install chromium or set FLOORWALKER_CHROMIUM)` : false);

/** The names in API.md's `import { … } from "floorwalker"` line (../shared/API.md beside the repo). */
function apiImportNames() {
  const file = process.env.FLOORWALKER_API_MD ?? path.resolve(ROOT, "../shared/API.md");
  if (existsSync(file)) {
    const m = /import \{([^}]+)\} from "floorwalker"/.exec(readFileSync(file, "utf8"));
    assert.ok(m, `${file} has no import line`);
    return m[1].split(",").map((s) => s.trim()).filter(Boolean);
  }
  // API.md is not in the repository; this is its import line as fixed there.
  return ["LiveVox", "Gws", "CometD", "AgentPool", "parseInvite", "FloorwalkerError"];
}

/** The fenced block that follows `<!-- docs-test:<name>` in the README. */
function example(name) {
  const at = README.indexOf(`<!-- docs-test:${name}`);
  assert.ok(at >= 0, `README.md has no <!-- docs-test:${name} --> marker`);
  const m = /```\w*\n([\s\S]*?)\n```/.exec(README.slice(at));
  assert.ok(m, `no code block after the docs-test:${name} marker`);
  return m[1];
}

/** GitHub's anchor for a heading. */
const anchor = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

describe("docs match the code", () => {
  it("the error tables are generated from src/error.rs (node scripts/error-table.mjs --check)", () => {
    const { stale, table } = errorTable({ check: true });
    assert.deepEqual(stale, [], `stale error table in ${stale.join(", ")}: run node scripts/error-table.mjs`);
    for (const code of ["INVALID_ARGUMENT", "SESSION_EXPIRED", "RATE_LIMITED", "INVALID_STATE"]) {
      assert.match(table, new RegExp(`\`${code}\``));
    }
    assert.deepEqual(TARGETS, ["README.md", "pkg-template/README.md"]);
  });

  it("every export of API.md's import line appears in both READMEs", () => {
    const names = apiImportNames();
    assert.ok(names.length >= 6, `import line: ${names.join(", ")}`);
    for (const [file, text] of [["README.md", README], ["pkg-template/README.md", NPM_README]]) {
      const missing = names.filter((n) => !new RegExp(`\\b${n}\\b`).test(text));
      assert.deepEqual(missing, [], `${file} never mentions ${missing.join(", ")}`);
    }
  });

  it("README.md's relative links and #anchors resolve", () => {
    const headings = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1])));
    const broken = [];
    for (const [, target] of README.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [file, hash] = target.split("#");
      if (file) {
        if (!existsSync(path.join(ROOT, file))) broken.push(target);
      } else if (hash && !headings.has(hash)) {
        broken.push(target);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("README.md's Design choices name every crate of Cargo.toml, and the crates it says are not used are not", () => {
    const cargo = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
    const start = README.indexOf("## Design choices");
    assert.ok(start >= 0, "README.md has a Design choices section");
    const section = README.slice(start, README.indexOf("\n## ", start + 3));
    const crates = [];
    for (const [, table, body] of cargo.matchAll(/^\[([^\]]+)\]\n([\s\S]*?)(?=^\[|$(?![\s\S]))/gm)) {
      if (!/dependencies/.test(table)) continue;
      for (const [, name] of body.matchAll(/^([\w-]+)\s*=/gm)) crates.push(name);
    }
    assert.ok(crates.length >= 8, `crates read from Cargo.toml: ${crates.join(", ")}`);
    const unnamed = crates.filter((c) => !section.includes(`\`${c}\``));
    assert.deepEqual(unnamed, [], `Design choices never names ${unnamed.join(", ")}`);
    const notUsed = section.slice(section.indexOf("**Not used, and why:**"));
    for (const [, name] of notUsed.matchAll(/^- \*\*`([\w-]+)`\*\*/gm)) {
      if (name === "serde-wasm-bindgen") continue; // in Cargo.toml only as tsify's, as the section says
      assert.ok(!crates.includes(name), `Design choices says ${name} is not used, but Cargo.toml has it`);
    }
  });

  it("README.md points at the generated API reference and the packages' LICENSE and CHANGELOG", () => {
    assert.match(README, /`docs\/api\/index\.html`/);
    assert.match(README, /\]\(LICENSE\)/);
    assert.match(README, /\]\(CHANGELOG\.md\)/);
  });

  it("README.md keeps the two commands", () => {
    assert.match(README, /^bash scripts\/demo\.sh /m);
    assert.match(README, /^bash scripts\/test\.sh /m);
    assert.match(README, /node scripts\/api-docs\.mjs/);
  });
});

describe("the README's examples run against the emulator", () => {
  let emu;
  let dir;

  before(async () => {
    if (NO_PKG) return;
    emu = await startEmulator({ port: 0 });
    dir = await mkdtemp(path.join(os.tmpdir(), "floorwalker-docs-"));
    await mkdir(path.join(dir, "node_modules"));
    await symlink(PKG_DIR, path.join(dir, "node_modules/floorwalker"), "dir");
  });

  after(async () => {
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the Node example", { skip: NO_PKG, timeout: 60000 }, async () => {
    const code = example("node");
    assert.match(code, /from "floorwalker"/);
    const file = path.join(dir, "quickstart.mjs");
    await writeFile(file, code);
    const { stdout } = await new Promise((resolve, reject) => {
      execFile(process.execPath, [file], { cwd: dir, env: { ...process.env, LV_BASE_URL: emu.url }, timeout: 30000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr }),
      );
    });
    assert.match(stdout, /^floorwalker \d+\.\d+\.\d+: logged in as user 5001$/m);
    assert.match(stdout, /^call centers: .+/m);
    assert.match(stdout, /^LV_SEB Success$/m);
    assert.match(stdout, /^lv_usr1 Success$/m);
    assert.match(stdout, /^CONFLICT 409$/m);
    const st = await (await fetch(`${emu.url}/__control/state`)).json();
    assert.ok(JSON.stringify(st).includes("Queue is building: wrap up, please"), "the broadcast reached the emulator");
  });

  it("the page example, in headless Chromium", { skip: NO_BROWSER, timeout: 90000 }, async () => {
    const html = example("page");
    assert.match(html, /http:\/\/127\.0\.0\.1:8099/);
    const page = html.replaceAll("http://127.0.0.1:8099", emu.url);
    const server = await serve(page);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
    try {
      const tab = await browser.newPage();
      const errors = [];
      tab.on("pageerror", (err) => errors.push(String(err)));
      await tab.goto(`${server.url}/`, { waitUntil: "load" });
      // The page prints "done" last, or one line with a FloorwalkerError code or another error.
      await tab.waitForFunction(
        () => /done\n$|^[A-Z_]+: |Error/m.test(document.getElementById("out")?.textContent ?? ""),
        null,
        { timeout: 30000 },
      );
      const out = await tab.textContent("#out");
      assert.deepEqual(errors, []);
      assert.equal(out, "lv_usr1: Success\ndone\n");
      assert.ok(server.served.includes("/node_modules/floorwalker/livevox/floorwalker_wasm_bg.wasm"), "the LiveVox entry's .wasm came from beside its index.js");
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

const MIME = { ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json" };

/** Serves `html` at / and the package at /node_modules/floorwalker/, as the README says. */
async function serve(html) {
  const served = [];
  const prefix = "/node_modules/floorwalker/";
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    served.push(pathname);
    try {
      if (pathname === "/" || pathname === "/index.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(html);
      }
      if (!pathname.startsWith(prefix)) throw new Error("not served");
      const file = path.resolve(PKG_DIR, decodeURIComponent(pathname.slice(prefix.length)));
      if (!file.startsWith(PKG_DIR + path.sep) || !(await stat(file)).isFile()) throw new Error("not a file");
      res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
