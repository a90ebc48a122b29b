#!/usr/bin/env node
// Builds pkg/: per entry, cargo (wasm32, release, that entry's features) → wasm-bindgen --target
// web → wasm-opt -Oz (npm binaryen) → the entry files of pkg-template/; then the shared files and
// package.json with the crate's version. Prints each .wasm's size and how long each step took.
//
// Entries: `floorwalker` (every platform, in pkg/ itself) and one folder per platform,
// `floorwalker/livevox`, `/gws`, `/cometd`, `/sip` (pkg/<name>/), each its own .wasm built from
// the same crate with `--no-default-features --features <name>`, and
// `floorwalker/livevox-supervisor`: LiveVox without the virtual-agent side, for pages that only
// supervise. They share error.js (error.cjs
// for the CommonJS entries) and setup.js at the package root, so `FloorwalkerError` is one class
// whichever entry threw it.
//
// Time: the cargo builds run one after the other (2 cores: a parallel LTO link gains nothing);
// each entry's wasm-bindgen and wasm-opt run while cargo compiles the next entry. Every module
// gets `WASM_OPT` (measured against a single -Oz, gzip -9: cometd -1.3 KB, gws -1.6 KB, livevox
// -5.4 KB, sip -0.2 KB, livevox 39 s instead of 26 s; the full module against the `-Oz
// --converge` it had before: -2.4 KB, 31 s instead of 42 s). `--low-memory-unused` holds for
// Rust's modules: the stack is laid out first and grows down towards address 0, so the low
// 1 KiB is reached only by a stack about to overflow anyway.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const run = (cmd, args, env = process.env) => execFileSync(cmd, args, { cwd: root, stdio: "inherit", env });
const runAsync = promisify(execFile);
const started = Date.now();
const secs = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * The entries: `dir` inside pkg/ ("" for the package root), the cargo features (null: the
 * default, every platform) and names the entry must export (a check that the right module was
 * built) and must not.
 */
const ENTRIES = [
  { name: "floorwalker", dir: "", features: null, has: ["LiveVox", "Gws", "CometD", "parseInvite", "AgentPool"], lacks: [] },
  { name: "livevox", dir: "livevox", features: "livevox", has: ["LiveVox", "AgentPool", "parseInvite"], lacks: ["Gws", "CometD"] },
  {
    name: "livevox-supervisor",
    dir: "livevox-supervisor",
    features: "livevox-supervisor",
    has: ["LiveVox", "Supervisor", "ChatWatch", "AgentWatch"],
    lacks: ["AgentPool", "Agent", "Contacts", "KeepAlive", "parseInvite", "Gws", "CometD"],
  },
  { name: "gws", dir: "gws", features: "gws", has: ["Gws", "GwsNotifications"], lacks: ["LiveVox", "CometD", "parseInvite"] },
  { name: "cometd", dir: "cometd", features: "cometd", has: ["CometD"], lacks: ["LiveVox", "Gws", "parseInvite"] },
  { name: "sip", dir: "sip", features: "sip", has: ["parseInvite"], lacks: ["LiveVox", "Gws", "CometD"] },
];

/** wasm-opt passes of every module (see the top of this file). */
const WASM_OPT = ["--low-memory-unused", "-Oz", "--flatten", "--rereloop", "-Oz", "--gufa", "-Oz"];

const { values: cli } = parseArgs({ options: { only: { type: "string" } } });
const only = cli.only ? new Set(cli.only.split(",").map((s) => s.trim())) : null;
const entries = ENTRIES.filter((e) => !only || only.has(e.name));

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
const rawDir = join(root, "target", "entries");
mkdirSync(rawDir, { recursive: true });

/** The glue's exported names, as node.cjs re-exports them. */
const glueNamesOf = (glueText) => [
  ...[...glueText.matchAll(/^export (?:async function|function|class|const|let) (\w+)/gm)].map((m) => m[1]),
  "initSync",
];

/** Text of a pkg-template entry file, with its paths to the shared files made relative to `dir`. */
function entryTemplate(file, entry) {
  let text = readFileSync(join(root, "pkg-template", file), "utf8");
  if (entry.dir) {
    text = text.replaceAll('from "./error.js"', 'from "../error.js"').replaceAll('from "./setup.js"', 'from "../setup.js"');
  }
  return text.replaceAll('const ENTRY = "floorwalker";', `const ENTRY = ${JSON.stringify(entry.name)};`);
}

/**
 * The pointer of `obj`, a live instance of the glue class `cls`, for a call into wasm; anything
 * else (a freed object, `new X()`, another `this`) throws a FloorwalkerError before wasm is
 * entered. Goes into the glue (not error.js) so an entry without classes does not carry it.
 */
const PTR_OF = `function ptrOf(obj, cls) {
  if (!(obj instanceof cls)) throw new FloorwalkerError("INVALID_STATE", \`floorwalker: \${cls.name} method called on another object.\`);
  if (!obj.__wbg_ptr) throw new FloorwalkerError("INVALID_STATE", \`floorwalker: this \${cls.name} was freed.\`);
  return obj.__wbg_ptr;
}
`;

const patch = (text, from, to, count) => {
  const parts = text.split(from);
  if (parts.length - 1 !== count) {
    throw new Error(`build: expected ${count} × ${JSON.stringify(from)} in the wasm-bindgen glue, found ${parts.length - 1}`);
  }
  return parts.join(to);
};

/**
 * Gives the module's imports and exports names of one or two letters (`wasm-opt
 * --minify-imports-and-exports-and-modules`, as Emscripten does) and renames them the same way
 * in the glue and in the raw exports' declarations. wasm-bindgen's names carry a 16-digit hash
 * each, which gzip cannot shrink: livevox -4.5 KB raw, -1.6 KB gzip of .wasm. Every import
 * must be found in the glue, and no `wasm.__wbg_…`/`__wbindgen_…` name may be left in it.
 */
async function minifyNames(out, wasm) {
  // The same pass drops the `producers` and `target_features` sections, which only tools read
  // (livevox -265 B raw, -198 B gzip).
  const { stdout } = await runAsync(
    join(root, "node_modules/.bin/wasm-opt"),
    ["--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features", wasm, "-o", wasm],
    { cwd: root },
  );
  const map = JSON.parse(stdout);
  const glue = join(out, "floorwalker_wasm.js");
  let text = readFileSync(glue, "utf8");
  const modules = new Set(map.imports.map(([module]) => module));
  if (modules.size !== 1) throw new Error(`build: expected one import module, found ${[...modules].join(", ")}`);
  text = patch(text, `${JSON.stringify([...modules][0])}: import0,`, '"a": import0,', 1);
  for (const [, name, short] of map.imports) {
    text = patch(text, `\n        ${name}: `, `\n        ${short}: `, 1);
  }
  const bgDts = join(out, "floorwalker_wasm_bg.wasm.d.ts");
  let dts = readFileSync(bgDts, "utf8");
  for (const [name, short] of map.exports) {
    const uses = new RegExp(`\\bwasm\\.${name.replace(/\$/g, "\\$")}\\b`, "g");
    // An export the glue does not use (wasm-bindgen's `__instance_terminated`) keeps no name.
    text = text.replace(uses, `wasm.${short}`);
    dts = dts.replace(`export const ${name}:`, `export const ${short}:`);
  }
  const left = text.match(/\bwasm\.(__wbg_|__wbindgen_|__externref_)\w*/);
  if (left) throw new Error(`build: the glue still names ${left[0]} after the exports were renamed`);
  writeFileSync(glue, text);
  writeFileSync(bgDts, dts);
}

/** wasm-bindgen, glue edits and wasm-opt of one entry whose cargo output is `raw`. */
async function finishEntry(entry, raw) {
  const t0 = Date.now();
  const out = join(pkg, entry.dir);
  mkdirSync(out, { recursive: true });
  await runAsync("wasm-bindgen", ["--target", "web", "--out-dir", out, "--out-name", "floorwalker_wasm", raw], { cwd: root });
  // The glue's loader types (InitInput, InitOutput — the raw exports —, SyncInitInput, initSync)
  // are wasm-bindgen internals: keep them out of the package's public types (the entries export
  // `init` instead). They stay declared, unexported, because the glue's default export uses them.
  const dts = join(out, "floorwalker_wasm.d.ts");
  const dtsText =
    readFileSync(dts, "utf8")
      .replace(/^export type InitInput /m, "type InitInput ")
      .replace(/^export interface InitOutput /m, "interface InitOutput ")
      .replace(/^export type SyncInitInput /m, "type SyncInitInput ")
      .replace(/^export function initSync\(/m, "declare function initSync(") +
    // Without this, a declaration file exports its unexported top-level declarations too.
    "\nexport {};\n";
  // One declaration file for both kinds of consumer: the declarations go into a .d.cts (a
  // CommonJS declaration file), which ESM declaration files may re-export and CommonJS ones may
  // too. index.d.ts (import) and index.d.cts (require; the `types.require` condition of
  // package.json) both re-export it, so `import` and `require` see the very same classes.
  writeFileSync(join(out, "floorwalker_wasm.d.cts"), dtsText);
  rmSync(dts);
  // The hand-written JavaScript the Rust side imports (src/js/io.js) goes into the glue itself:
  // one file fewer for a page to fetch and for the package to list.
  const glue = join(out, "floorwalker_wasm.js");
  let glueText = readFileSync(glue, "utf8");
  const snippetImport = /^import \{ ([\w, ]+) \} from '\.\/snippets\/([^']+)';\n/gm;
  glueText = glueText.replace(snippetImport, (_, names, path) => {
    const source = readFileSync(join(out, "snippets", path), "utf8");
    for (const name of names.split(",").map((n) => n.trim())) {
      if (!new RegExp(`^export function ${name}\\(`, "m").test(source)) {
        throw new Error(`build: snippets/${path} does not export function ${name}`);
      }
    }
    return source.replace(/^export function /gm, "function ") + "\n";
  });
  if (glueText.includes("./snippets/")) throw new Error("build: a snippet import was left in the glue");
  // Until the module is instantiated, `wasm` is a stand-in whose every property read throws the
  // FloorwalkerError of error.js ("could not be loaded from <url>: … call init(url)") instead of
  // the TypeError that reading a property of `undefined` would give. The glue's two "already
  // initialised?" checks compare against the stand-in instead of `undefined`. Each entry has its
  // own stand-in (a failed load of one entry says nothing about another).
  glueText = patch(glueText, "let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notLoaded;", 1);
  glueText = patch(glueText, "if (wasm !== undefined) return wasm;", "if (wasm !== notLoaded) return wasm;", 2);
  // A method called on a freed object, on `new X()`, or with another `this` (a detached method,
  // a plain object, an object of another class or of another entry) would hand wasm-bindgen's
  // code a null or foreign pointer: a "null pointer passed to rust" Error, or worse, Rust reading
  // another type's memory. Each class's calls into wasm take the pointer through
  // `ptrOf(this, Class)` (PTR_OF, put into the glue of each entry that has classes), which throws a FloorwalkerError (INVALID_STATE) before wasm is entered.
  // `free()` (and any method taking the object) checks the same way. (No exported method takes
  // `&mut self`, so wasm-bindgen's "recursive use" error cannot arise.)
  glueText = glueText.replace(/^export class (\w+) \{\n[\s\S]*?^\}\n/gm, (body, cls) => {
    // Every class has free(); every use of __destroy_into_raw must be of this form.
    const takes = body.split("this.__destroy_into_raw()").length - 1;
    const edited = patch(body, "const ptr = this.__destroy_into_raw();", `const ptr = ptrOf(this, ${cls}) && this.__destroy_into_raw();`, Math.max(takes, 1));
    return edited.replace(/\bwasm\.(\w+)\(this\.__wbg_ptr\b/g, `wasm.$1(ptrOf(this, ${cls})`);
  });
  // Any other read of a pointer (a new form of wasm-bindgen's glue) fails the build.
  const unchecked = glueText
    .replace(/\b(obj|this)\.__wbg_ptr = (ptr|0|ret\[0\]);/g, "")
    .replace(/\bconst ptr = this\.__wbg_ptr;/g, "")
    .replace(/Finalization\.register\((obj|this), \1\.__wbg_ptr, \1\)/g, "")
    .match(/.*__wbg_ptr.*/);
  if (unchecked) throw new Error(`build: the glue reads a pointer without ptrOf: ${unchecked[0].trim()}`);
  const errorJs = entry.dir ? "../error.js" : "./error.js";
  const checks = glueText.includes("ptrOf(");
  glueText = `import { notLoaded as notLoadedIn${checks ? ", FloorwalkerError" : ""} } from "${errorJs}";\n${checks ? PTR_OF : ""}\nconst notLoaded = notLoadedIn(${JSON.stringify(entry.name)});\n${glueText}`;
  // The glue's pointer to its types (read by Deno) follows them into the .d.cts.
  glueText = patch(glueText, '/* @ts-self-types="./floorwalker_wasm.d.ts" */', '/* @ts-self-types="./floorwalker_wasm.d.cts" */', 1);
  writeFileSync(glue, glueText);
  rmSync(join(out, "snippets"), { recursive: true, force: true });
  const names = glueNamesOf(glueText);
  for (const n of entry.has) if (!names.includes(n)) throw new Error(`build: entry ${entry.name} does not export ${n}`);
  for (const n of entry.lacks) if (names.includes(n)) throw new Error(`build: entry ${entry.name} exports ${n}, which belongs to another entry`);
  const wasm = join(out, "floorwalker_wasm_bg.wasm");
  // Kept for size attribution (`node bench/size.mjs --twiggy`): wasm-opt drops the names.
  copyFileSync(wasm, join(rawDir, `${entry.name}.bg.wasm`));
  const t1 = Date.now();
  await runAsync(join(root, "node_modules/.bin/wasm-opt"), [...WASM_OPT, wasm, "-o", wasm], { cwd: root });
  await minifyNames(out, wasm);
  for (const file of ["index.js", "index.d.ts", "node.js"]) writeFileSync(join(out, file), entryTemplate(file, entry));
  copyFileSync(join(out, "index.d.ts"), join(out, "index.d.cts"));
  return { entry, names, bindgenMs: t1 - t0, optMs: Date.now() - t1 };
}

/**
 * The environment of the release builds.
 *
 * - The standard library is compiled with the crate (`STD_ARGS`, `STD_FLAGS`) instead of linked
 *   prebuilt: with the release profile's `opt-level = "z"`, std's size-optimised algorithms
 *   (`optimize_for_size`), panics that trap at once (`-Cpanic=immediate-abort`: no panic
 *   message is formatted, which is all `panic = "abort"` did besides trapping, since the module
 *   has nowhere to print it) and no panic locations (`-Zlocation-detail=none`). These are
 *   unstable options of the stable compiler, unlocked for these builds only by
 *   `RUSTC_BOOTSTRAP=1`; they need the `rust-src` component (scripts/setup.sh adds it). Measured
 *   (gzip -9 after wasm-opt): everything -10,352 B, livevox -8,507 B, gws -7,918 B,
 *   cometd -5,118 B, sip -2,788 B. See the README's "Design choices".
 * - A dependency's file is named from its crate folder (`serde_json-1.0.154/src/error.rs`), not
 *   from the build machine's cargo home (`/root/.cargo/registry/src/index.crates.io-…/`), so the
 *   shipped `.wasm` carries no path of the machine that built it.
 *
 * Flags the caller set in `CARGO_ENCODED_RUSTFLAGS` or `RUSTFLAGS` are kept.
 */
const STD_ARGS = ["-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"];
// `RUSTC_BOOTSTRAP=1` also switches the compiler to the newer symbol mangling, whose long names
// wasm-bindgen copies into the glue's closure functions: the legacy one is asked for.
const STD_FLAGS = ["-Zunstable-options", "-Cpanic=immediate-abort", "-Zlocation-detail=none", "-Csymbol-mangling-version=legacy"];

/** Fails with the command that fixes it when the standard library's sources are missing. */
function checkRustSrc() {
  const sysroot = execFileSync("rustc", ["--print", "sysroot"], { cwd: root, encoding: "utf8" }).trim();
  if (!existsSync(join(sysroot, "lib", "rustlib", "src", "rust", "library", "std"))) {
    throw new Error("build: the release builds compile Rust's standard library and need its sources: run `rustup component add rust-src` (or scripts/setup.sh)");
  }
}

function releaseEnv() {
  const cargoHome = process.env.CARGO_HOME || join(homedir(), ".cargo");
  const prefixes = [];
  const registry = join(cargoHome, "registry", "src");
  if (existsSync(registry)) for (const index of readdirSync(registry)) prefixes.push(join(registry, index));
  prefixes.push(join(cargoHome, "git", "checkouts"), root);
  const given = process.env.CARGO_ENCODED_RUSTFLAGS
    ? process.env.CARGO_ENCODED_RUSTFLAGS.split("\x1f")
    : (process.env.RUSTFLAGS || "").split(/\s+/).filter(Boolean);
  const flags = [...given, ...STD_FLAGS, ...prefixes.map((p) => `--remap-path-prefix=${p}/=`)];
  const env = { ...process.env, CARGO_ENCODED_RUSTFLAGS: flags.join("\x1f"), RUSTC_BOOTSTRAP: "1" };
  delete env.RUSTFLAGS;
  return env;
}

const finishing = [];
let failure = null;
try {
  // The sources are fetched first, so that releaseEnv() finds the registry folder on a new machine.
  run("cargo", ["fetch", "--quiet"]);
  checkRustSrc();
  const env = releaseEnv();
  for (const entry of entries) {
    const t = Date.now();
    const features = entry.features ? ["--no-default-features", "--features", entry.features] : [];
    run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--lib", ...STD_ARGS, ...features], env);
    // Copied out at once: the next entry's build overwrites cargo's output.
    const raw = join(rawDir, `${entry.name}.wasm`);
    copyFileSync(join(root, "target/wasm32-unknown-unknown/release/floorwalker.wasm"), raw);
    console.log(`build: cargo ${entry.name}: ${secs(t)}`);
    const job = finishEntry(entry, raw);
    job.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
    finishing.push(job);
  }
} catch (e) {
  failure = e;
}
// Every entry's wasm-bindgen and wasm-opt end before the build does, failed or not: a child
// left running would write into pkg/ while the next build fills it.
const settled = await Promise.allSettled(finishing);
failure ??= settled.find((r) => r.status === "rejected")?.reason;
if (failure) throw failure;
const finished = settled.map((r) => r.value);
for (const f of finished) console.log(`build: ${f.entry.name}: wasm-bindgen ${(f.bindgenMs / 1000).toFixed(1)} s, wasm-opt ${(f.optMs / 1000).toFixed(1)} s`);

// The one place the version is written: Cargo.toml. It reaches `version()` through
// CARGO_PKG_VERSION and pkg/package.json through the lines below.
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const entryFiles = new Set(["index.js", "index.d.ts", "node.js"]);
for (const file of readdirSync(join(root, "pkg-template"))) {
  if (!entryFiles.has(file)) copyFileSync(join(root, "pkg-template", file), join(pkg, file));
}
for (const file of ["LICENSE", "CHANGELOG.md"]) copyFileSync(join(root, file), join(pkg, file));
const allJs = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? allJs(join(dir, d.name)) : d.name.endsWith(".js") ? [join(dir, d.name)] : [],
  );
// The JavaScript a page downloads carries no comments: the documentation lives in the .d.ts
// files (what editors read). Only whole comment lines and /** … */ blocks go; code is untouched.
for (const path of allJs(pkg)) {
  const stripped = readFileSync(path, "utf8")
    .replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "")
    .replace(/^[ \t]*\/\/.*\n/gm, "");
  writeFileSync(path, stripped);
}
// node.cjs: the same Node entry as CommonJS, for `require` where Node's require() cannot load an
// ES module (Jest's module system in CommonJS mode, and any runtime without require(esm)).
// package.json sends a Node that can (the `module-sync` condition, Node >= 20.19) to node.js for
// both `import` and `require`, so a plain Node app has one module instance; only the others get
// node.cjs. It is the glue, setup.js and node.js in one script, with `export`/`import` taken
// off; FloorwalkerError comes from error.cjs (error.js as a script), shared by every entry's
// node.cjs. The build then loads both entries and checks they export the same names.
const esmToScript = (file, text) => {
  const script = text
    .replace(/^import \{[^}]*\} from "(?:\.|\.\.)\/(?:error|setup|floorwalker_wasm)\.js";\n/gm, "")
    .replace(/^import initWasm, \* as glue from "\.\/floorwalker_wasm\.js";\n/gm, "")
    .replace(/^export (async function|function|class|const|let) /gm, "$1 ")
    .replace(/^export \{ initSync, __wbg_init as default \};\n?/m, "")
    .replaceAll("import.meta.url", 'require("node:url").pathToFileURL(__filename)');
  const left = /^\s*(?:import|export)\b.*$/m.exec(script);
  if (left) throw new Error(`build: node.cjs: ${file} still has "${left[0]}" after the ESM-to-script edits`);
  return `// ---- ${file}\n${script}`;
};
const errorNames = [...readFileSync(join(pkg, "error.js"), "utf8").matchAll(/^export (?:async function|function|class|const|let) (\w+)/gm)].map((m) => m[1]);
writeFileSync(
  join(pkg, "error.cjs"),
  [
    '"use strict";',
    "// error.js as a script, for the CommonJS entries (generated by the build).",
    esmToScript("error.js", readFileSync(join(pkg, "error.js"), "utf8")),
    `module.exports = { ${errorNames.join(", ")} };`,
    "",
  ].join("\n"),
);
for (const { entry, names } of finished) {
  const out = join(pkg, entry.dir);
  const read = (f) => readFileSync(join(out, f), "utf8");
  writeFileSync(
    join(out, "node.cjs"),
    [
      '"use strict";',
      "// The CommonJS Node entry (generated by the build from floorwalker_wasm.js, setup.js and node.js).",
      `const { FloorwalkerError, notLoaded: notLoadedIn } = require("${entry.dir ? "../error.cjs" : "./error.cjs"}");`,
      esmToScript("floorwalker_wasm.js", read("floorwalker_wasm.js")),
      esmToScript("setup.js", readFileSync(join(pkg, "setup.js"), "utf8")),
      "// ---- node.js",
      'initSync({ module: require("node:fs").readFileSync(require("node:path").join(__dirname, "floorwalker_wasm_bg.wasm")) });',
      `const glue = { ${names.join(", ")} };`,
      "setup(glue);",
      "async function init() {}",
      "module.exports = { ...glue, FloorwalkerError, init };",
      "",
    ].join("\n"),
  );
  const esmNames = Object.keys(await import(pathToFileURL(join(out, "node.js")).href)).sort();
  const cjsNames = Object.keys(createRequire(import.meta.url)(join(out, "node.cjs"))).sort();
  if (JSON.stringify(esmNames) !== JSON.stringify(cjsNames)) {
    throw new Error(`build: ${entry.name}: node.cjs exports ${cjsNames.join(", ")}\nbut node.js exports ${esmNames.join(", ")}`);
  }
}

const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

const kb = (n) => (n / 1024).toFixed(1) + " KiB";
for (const { entry } of finished) {
  const bytes = readFileSync(join(pkg, entry.dir, "floorwalker_wasm_bg.wasm"));
  console.log(`pkg/${entry.dir ? entry.dir + "/" : ""} ${entry.name === "floorwalker" ? "floorwalker" : `floorwalker/${entry.name}`}: .wasm ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
}
console.log(`pkg/ built: floorwalker ${version} in ${secs(started)}`);
