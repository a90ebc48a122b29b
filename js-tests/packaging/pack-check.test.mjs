// scripts/pack-check.mjs and scripts/references.mjs can fail: the reference finder flags the
// internal-note citations users must never read and lets ordinary words through, and the pack
// check rejects a package with a test file, a dangling source map, no LICENSE, a wrong version,
// an undeclared dependency or an internal reference (each one named in its report).

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { findReferences, binaryStrings } from "../../scripts/references.mjs";
import { ROOT, describeRun, run, tempProject } from "./kit.mjs";

describe("references.mjs: what counts as citing internal notes", () => {
  it("flags seeds, VENDOR-APIS, § sections, issue numbers and files outside the repository", () => {
    const flagged = [
      "The supervisor API (seed 000): agent status.",
      "as in seed 003's sample",
      "Seeds 001 and 002",
      "not in the seed's table",
      "A phone or account block (VENDOR-APIS §1.6).",
      "see §6",
      "issue 7's goals",
      "fixed in issue #14",
      "(see #5)",
      "The full contract is `../shared/API.md`.",
      "read /work/shared/TOOLCHAIN.md",
      "VENDOR_APIS notes",
    ];
    for (const text of flagged) assert.ok(findReferences(text).length > 0, `not flagged: ${text}`);
  });

  it("lets ordinary words through (issues page, seeded fixtures, anchors, versions)", () => {
    const clean = [
      "Report bugs on the issues page: https://github.com/floorwalker-sdk/floorwalker/issues",
      "seeded client, tokens, users",
      "See [In the browser](#in-the-browser).",
      "GWS 8.5.2 Devices API; LiveVox Agent API: Get Agent Status",
      "color #fff; node >= 20.19; RFC 9110 section 10.2.3",
      "the AzureDemo C# client",
    ];
    for (const text of clean) assert.deepEqual(findReferences(text), [], `flagged: ${text}`);
  });

  it("reports line, column and the line's text", () => {
    const [hit] = findReferences("first line\nsecond (seed 003) line");
    assert.deepEqual({ line: hit.line, column: hit.column, match: hit.match }, { line: 2, column: 9, match: "seed" });
    assert.equal(hit.excerpt, "second (seed 003) line");
  });

  it("reads a binary's strings, so a .wasm's error messages are checked too", () => {
    const bytes = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from("not a chat operation of seed 002's table"), Buffer.from([0, 255])]);
    assert.deepEqual(findReferences(binaryStrings(bytes)).map((h) => h.match), ["seed"]);
  });
});

describe("pack-check.mjs on broken packages", () => {
  const pkgDir = path.join(ROOT, "pkg");
  const skip = existsSync(path.join(pkgDir, "node.js")) ? false : "no pkg/ (node scripts/build.mjs first)";

  it("fails, naming each problem", { skip, timeout: 60000 }, async () => {
    const t = await tempProject("pack-check");
    try {
      const pkg = path.join(t.dir, "pkg");
      const emu = path.join(t.dir, "emulator");
      await cp(pkgDir, pkg, { recursive: true });
      await cp(path.join(ROOT, "emulator"), emu, { recursive: true });
      const manifest = JSON.parse(await readFile(path.join(pkg, "package.json"), "utf8"));
      manifest.files.push("helpers.test.js");
      await writeFile(path.join(pkg, "package.json"), JSON.stringify(manifest));
      await writeFile(path.join(pkg, "helpers.test.js"), "export {};\n");
      await appendFile(path.join(pkg, "index.js"), "\n//# sourceMappingURL=index.js.map\n");
      await rm(path.join(pkg, "LICENSE"));
      // A per-platform entry without its .wasm, and one whose Node entry has its own error class.
      await rm(path.join(pkg, "gws/floorwalker_wasm_bg.wasm"));
      const sipNode = path.join(pkg, "sip/node.js");
      await writeFile(sipNode, (await readFile(sipNode, "utf8")).replace('export { FloorwalkerError } from "../error.js";', "export class FloorwalkerError extends Error {}"));
      await appendFile(path.join(pkg, "index.d.ts"), "\n/** Modes of the chat (seed 002). */\nexport {};\n");
      const emuManifest = JSON.parse(await readFile(path.join(emu, "package.json"), "utf8"));
      emuManifest.version = "9.9.9";
      await writeFile(path.join(emu, "package.json"), JSON.stringify(emuManifest));
      await appendFile(path.join(emu, "util.mjs"), '\nimport "left-pad";\n');
      const out = await run(process.execPath, [path.join(ROOT, "scripts/pack-check.mjs"), "--dest", t.dir, "--pkg", pkg, "--emulator", emu], { timeoutMs: 60000 });
      assert.equal(out.code, 1, describeRun(out));
      for (const expected of [
        /floorwalker: helpers\.test\.js is a test file/,
        /floorwalker: index\.js points at the source map index\.js\.map, which is not in the tarball/,
        /floorwalker: LICENSE is missing from the tarball/,
        /floorwalker: gws\/floorwalker_wasm_bg\.wasm is missing from the tarball/,
        /floorwalker: \.\/sip: its FloorwalkerError is not the one of "\."/,
        /floorwalker: index\.d\.ts:\d+: cites internal notes \(seed/,
        /floorwalker-emulator: version 9\.9\.9 is not Cargo\.toml's/,
        /floorwalker-emulator: util\.mjs imports left-pad, which is not in its dependencies/,
      ]) {
        assert.match(out.stderr, expected);
      }
    } finally {
      await t.remove();
    }
  });
});
