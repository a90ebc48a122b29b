// The emulator as users get it: both packed packages (dist/floorwalker-*.tgz and
// dist/floorwalker-emulator-*.tgz, or $FLOORWALKER_TARBALL / $FLOORWALKER_EMULATOR_TARBALL) are
// installed with `npm install` into an empty folder in the OS temp dir (no repository checkout,
// no dev packages: the emulator's one dependency comes from the registry or npm's cache), the
// emulator is started with `npx floorwalker-emulator --port 0`, and the quickstart of the
// installed emulator README (the block after `<!-- docs-test:emulator-quickstart`) runs against
// it. `npm run emulator` in the repository keeps working too.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, describeRun, findEmulatorTarball, findTarball, npmNoise, run, tempProject } from "./kit.mjs";

/** Starts `cmd args` in its own process group; resolves once it printed EMULATOR_URL=… */
function startServer(cmd, args, { cwd, timeoutMs = 20000 }) {
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(" ")}: no EMULATOR_URL line within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = /^EMULATOR_URL=(\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on("data", (d) => (stderr += d));
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code ?? signal}) before printing EMULATOR_URL\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  return {
    url,
    exited,
    output: () => ({ stdout, stderr }),
    /** SIGTERM to the whole group (npx and the node it started); resolves to the exit of `cmd`. */
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {}
      }
      return exited;
    },
  };
}

/** The fenced block after `<!-- docs-test:<name>` in `markdown`. */
function block(markdown, name) {
  const at = markdown.indexOf(`<!-- docs-test:${name}`);
  assert.ok(at >= 0, `no <!-- docs-test:${name} --> marker`);
  const m = /```\w*\n([\s\S]*?)\n```/.exec(markdown.slice(at));
  assert.ok(m, `no code block after the docs-test:${name} marker`);
  return m[1];
}

describe("floorwalker-emulator, packed and installed into an empty folder", () => {
  let project;
  let install;
  let server;
  let emuUrl;

  before(async () => {
    const sdk = findTarball();
    const emulator = findEmulatorTarball();
    project = await tempProject("emulator-user", { pkgJson: { type: "module" } });
    install = await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--save-dev", emulator, sdk],
      { cwd: project.dir, timeoutMs: 120000 },
    );
    assert.equal(install.code, 0, `npm install of the two tarballs failed: ${describeRun(install)}`);
    server = startServer("npx", ["floorwalker-emulator", "--port", "0"], { cwd: project.dir });
    emuUrl = await server.url;
  });

  after(async () => {
    await server?.stop();
    await project?.remove();
  });

  it("installs with no npm warning, and brings only the emulator's one runtime dependency", async () => {
    assert.equal(npmNoise(install.stderr).match(/npm (warn|error)/i), null, `npm install warned:\n${install.stderr}`);
    const installed = (await readdir(path.join(project.dir, "node_modules"))).filter((n) => !n.startsWith("."));
    assert.deepEqual(installed.sort(), ["cometd-nodejs-server", "floorwalker", "floorwalker-emulator"]);
    const pj = JSON.parse(await readFile(path.join(project.dir, "node_modules/floorwalker-emulator/package.json"), "utf8"));
    assert.deepEqual(Object.keys(pj.dependencies), ["cometd-nodejs-server"]);
    for (const f of ["LICENSE", "README.md", "cli.mjs", "index.mjs"]) {
      assert.ok((await readdir(path.join(project.dir, "node_modules/floorwalker-emulator"))).includes(f), `${f} is installed`);
    }
  });

  it("`npx floorwalker-emulator --port 0` prints the URL it listens on (127.0.0.1, a free port)", () => {
    assert.match(emuUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(emuUrl, "http://127.0.0.1:0");
  });

  it("runs the README quickstart (from the installed README) against it", async () => {
    const readme = await readFile(path.join(project.dir, "node_modules/floorwalker-emulator/README.md"), "utf8");
    await writeFile(path.join(project.dir, "quickstart.mjs"), block(readme, "emulator-quickstart"));
    const out = await run(process.execPath, ["quickstart.mjs"], { cwd: project.dir, timeoutMs: 20000, env: { EMULATOR_URL: emuUrl } });
    assert.equal(out.code, 0, describeRun(out));
    assert.equal(out.stderr.trim(), "", describeRun(out));
    assert.match(out.stdout, /agentLoginId: 'LV_TEST', status: 'Success'/, describeRun(out));
    assert.match(out.stdout, /'POST \/session\/login',\s+'POST \/callControl\/supervisor\/agent\/status\/ready'/, describeRun(out));
    // The quickstart reset the emulator last: its request log is empty again.
    const log = await (await fetch(`${emuUrl}/__control/requests`)).json();
    assert.deepEqual(log, []);
  });

  it("`import { startEmulator } from \"floorwalker-emulator\"` starts another one in-process", async () => {
    const script = 'import { startEmulator } from "floorwalker-emulator"; const emu = await startEmulator({ port: 0 }); ' +
      'const state = await (await fetch(`${emu.url}/__control/state`)).json(); console.log(typeof state); await emu.close();';
    const out = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: project.dir, timeoutMs: 20000 });
    assert.equal(out.code, 0, describeRun(out));
    assert.equal(out.stdout.trim(), "object", describeRun(out));
  });

  it("`--help` prints the usage under the bin's name; a bad argument exits 2", async () => {
    const help = await run("npx", ["floorwalker-emulator", "--help"], { cwd: project.dir });
    assert.equal(help.code, 0, describeRun(help));
    assert.match(help.stderr, /usage: floorwalker-emulator \[--port N\]/);
    const bad = await run("npx", ["floorwalker-emulator", "--nope"], { cwd: project.dir });
    assert.equal(bad.code, 2, describeRun(bad));
  });

  it("stops on SIGTERM to npx's process group: the port closes", async () => {
    await server.stop();
    await assert.rejects(fetch(`${emuUrl}/__control/state`), TypeError, "the emulator still answers after SIGTERM");
  });
});

describe("in the repository", () => {
  it("`npm run emulator -- --port 0` still starts it", async () => {
    const server = startServer("npm", ["run", "--silent", "emulator", "--", "--port", "0"], { cwd: ROOT });
    try {
      assert.match(await server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await server.stop();
    }
  });
});
