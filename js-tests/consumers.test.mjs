// The packed package as Node users get it: `npm install <tarball>` into an empty project in the
// OS temp dir, then a plain ESM script (`import ... from "floorwalker"`) and a plain CommonJS
// script (`require("floorwalker")`) run with `node` against the emulator. Each must finish on
// its own (no dangling timers), so it runs under a deadline and never calls process.exit.
//
// Also type-checks js-tests/types (an example TypeScript consumer) with strict tsc against the
// same tarball, installed into js-tests/types/node_modules (ignored by git).
//
// The tarball comes from $FLOORWALKER_TARBALL or the newest dist/floorwalker-*.tgz.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFile, rm } from "node:fs/promises";
import path from "node:path";
import { startEmulator } from "./emulator/index.mjs";
import {
  FIXTURES, READY_PATH, ROOT, control, describeRun, findTarball, installedVersion, logMark, npmInstall, npmNoise,
  requestLog, run, tempProject,
} from "./fixtures/kit.mjs";

/** Past this the consumer script is killed (it normally ends in well under a second). */
const SCRIPT_DEADLINE_MS = 20000;
/**
 * The script must have exited by then: shorter than the SDK's default 15 s request timeout, so
 * a timer left armed after a settled call (or by a stopped watch) is caught, not waited out.
 */
const EXIT_BUDGET_MS = 5000;

let tarball;

describe("Node consumers of the packed package (empty project, npm install <tarball>)", () => {
  let emu;
  let project;
  let version;

  before(async () => {
    tarball = findTarball();
    [emu, project] = await Promise.all([startEmulator({ port: 0 }), tempProject("node")]);
    const r = await npmInstall(project.dir, tarball);
    assert.equal(npmNoise(r.stderr).match(/npm (warn|error)/i), null, `npm install warned:\n${r.stderr}`);
    version = await installedVersion(project.dir);
    await copyFile(path.join(FIXTURES, "node-consumer/esm.mjs"), path.join(project.dir, "esm.mjs"));
    await copyFile(path.join(FIXTURES, "node-consumer/cjs.cjs"), path.join(project.dir, "cjs.cjs"));
  });

  after(async () => {
    await emu?.close();
    await project?.remove();
  });

  for (const { label, file, entrySuffix } of [
    { label: "ESM (import)", file: "esm.mjs", entrySuffix: "node_modules/floorwalker/node.js" },
    { label: "CommonJS (require)", file: "cjs.cjs", entrySuffix: "node_modules/floorwalker/node.js" },
  ]) {
    describe(label, () => {
      let out;
      let since;

      before(async () => {
        await control(emu.url, "POST", "/reset");
        since = await logMark(emu.url);
        out = await run(process.execPath, [file, emu.url], { cwd: project.dir, timeoutMs: SCRIPT_DEADLINE_MS });
      });

      it("runs to the end and exits by itself (no dangling timers or handles)", () => {
        assert.equal(out.timedOut, false, `still running after ${SCRIPT_DEADLINE_MS} ms: ${describeRun(out)}`);
        assert.equal(out.code, 0, describeRun(out));
        assert.ok(out.ms < EXIT_BUDGET_MS, `exited only after ${out.ms} ms (something kept it alive): ${describeRun(out)}`);
        assert.equal(out.stderr.trim(), "", `nothing on stderr (warnings included): ${describeRun(out)}`);
      });

      it("logs in and makes LV_TEST Ready; the emulator saw the POST with LV-Session", async () => {
        const result = parseResult(out);
        assert.deepEqual(result.ready, { agents: [{ agentLoginId: "LV_TEST", status: "Success" }] });
        assert.ok(result.resolved.endsWith(entrySuffix), `"floorwalker" resolves to the Node entry: ${result.resolved}`);
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

      it("rejects with FloorwalkerError instances that carry a code", () => {
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

      it("version() is the installed package.json version", () => {
        const result = parseResult(out);
        assert.equal(result.version, version);
        assert.equal(result.packageVersion, version);
      });

      it("watchChat yields with `for await` and stops on break", () => {
        const { watched, watchStopped } = parseResult(out);
        assert.equal(watched?.userLoginId, "lv_usr1", JSON.stringify(watched));
        assert.match(watched.message, /^hello from Node/);
        assert.equal(typeof watched.timestamp, "number");
        assert.equal(watchStopped, true);
      });
    });
  }
});

describe("TypeScript: js-tests/types type-checks with strict tsc against the packed package", () => {
  const typesDir = path.join(ROOT, "js-tests/types");
  const tsc = path.join(ROOT, "node_modules/.bin/tsc");

  before(async () => {
    tarball ??= findTarball();
    // A fresh install of the tarball under test (a stale one would hide a types regression).
    await rm(path.join(typesDir, "node_modules"), { recursive: true, force: true });
    await npmInstall(typesDir, tarball, ["--no-save", "--no-package-lock", "--prefix", typesDir]);
  });

  it("tsc -p js-tests/types (strict, nodenext, skipLibCheck false) exits 0", async () => {
    const r = await run(tsc, ["-p", "js-tests/types", "--pretty", "false"], { cwd: ROOT, timeoutMs: 60000 });
    assert.equal(r.code, 0, `tsc reported errors:\n${r.stdout}${r.stderr}`);
  });

  it("also with target es2022 (a common Node 20 setting; lib without esnext)", async () => {
    const r = await run(tsc, ["-p", "js-tests/types/tsconfig.es2022.json", "--pretty", "false"], {
      cwd: ROOT,
      timeoutMs: 60000,
    });
    assert.equal(r.code, 0, `tsc reported errors:\n${r.stdout}${r.stderr}`);
  });
});

describe("finding the tarball", () => {
  it("uses $FLOORWALKER_TARBALL, and says so when it names a missing file", () => {
    assert.equal(findTarball({ env: { FLOORWALKER_TARBALL: tarball ?? findTarball() } }), tarball ?? findTarball());
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
