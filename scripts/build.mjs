#!/usr/bin/env node
// Builds pkg/: cargo (wasm32, release) → wasm-bindgen --target web → wasm-opt -Oz (npm
// binaryen) → the files of pkg-template/ with the crate's version. Prints the .wasm size.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });

run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--lib"]);
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
run("wasm-bindgen", [
  "--target", "web",
  "--out-dir", pkg,
  "--out-name", "floorwalker_wasm",
  join(root, "target/wasm32-unknown-unknown/release/floorwalker.wasm"),
]);
// The glue's loader types (InitInput, InitOutput — the raw exports —, SyncInitInput, initSync)
// are wasm-bindgen internals: keep them out of the package's public types (the entries export
// `init` instead). They stay declared, unexported, because the glue's default export uses them.
const dts = join(pkg, "floorwalker_wasm.d.ts");
writeFileSync(
  dts,
  readFileSync(dts, "utf8")
    .replace(/^export type InitInput /m, "type InitInput ")
    .replace(/^export interface InitOutput /m, "interface InitOutput ")
    .replace(/^export type SyncInitInput /m, "type SyncInitInput ")
    .replace(/^export function initSync\(/m, "declare function initSync(") +
    // Without this, a declaration file exports its unexported top-level declarations too.
    "\nexport {};\n",
);
// The hand-written JavaScript the Rust side imports (src/js/io.js) goes into the glue itself:
// one file fewer for a page to fetch and for the package to list.
const glue = join(pkg, "floorwalker_wasm.js");
let glueText = readFileSync(glue, "utf8");
const snippetImport = /^import \{ ([\w, ]+) \} from '\.\/snippets\/([^']+)';\n/gm;
glueText = glueText.replace(snippetImport, (_, names, path) => {
  const source = readFileSync(join(pkg, "snippets", path), "utf8");
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
// initialised?" checks compare against the stand-in instead of `undefined`.
const patch = (text, from, to, count) => {
  const parts = text.split(from);
  if (parts.length - 1 !== count) {
    throw new Error(`build: expected ${count} × ${JSON.stringify(from)} in the wasm-bindgen glue, found ${parts.length - 1}`);
  }
  return parts.join(to);
};
glueText = patch(glueText, "let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notLoaded;", 1);
glueText = patch(glueText, "if (wasm !== undefined) return wasm;", "if (wasm !== notLoaded) return wasm;", 2);
glueText = `import { notLoaded } from "./error.js";\n${glueText}`;
// The glue's pointer to its types (read by Deno) follows them into the .d.cts (below).
glueText = patch(glueText, '/* @ts-self-types="./floorwalker_wasm.d.ts" */', '/* @ts-self-types="./floorwalker_wasm.d.cts" */', 1);
writeFileSync(glue, glueText);
rmSync(join(pkg, "snippets"), { recursive: true, force: true });
const wasm = join(pkg, "floorwalker_wasm_bg.wasm");
run(join(root, "node_modules/.bin/wasm-opt"), ["-Oz", "--converge", wasm, "-o", wasm]);

// The one place the version is written: Cargo.toml. It reaches `version()` through
// CARGO_PKG_VERSION and pkg/package.json through the lines below.
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
for (const file of readdirSync(join(root, "pkg-template"))) {
  copyFileSync(join(root, "pkg-template", file), join(pkg, file));
}
for (const file of ["LICENSE", "CHANGELOG.md"]) copyFileSync(join(root, file), join(pkg, file));
// One declaration file for both kinds of consumer: the declarations go into a .d.cts (a
// CommonJS declaration file), which ESM declaration files may re-export and CommonJS ones may
// too. index.d.ts (import) and index.d.cts (require; the `types.require` condition of
// package.json) both re-export it, so `import` and `require` see the very same classes.
const dtsText = readFileSync(dts, "utf8");
writeFileSync(join(pkg, "floorwalker_wasm.d.cts"), dtsText);
rmSync(dts);
copyFileSync(join(pkg, "index.d.ts"), join(pkg, "index.d.cts"));
// The JavaScript a page downloads carries no comments: the documentation lives in the .d.ts
// files (what editors read). Only whole comment lines and /** … */ blocks go; code is untouched.
for (const file of readdirSync(pkg).filter((f) => f.endsWith(".js"))) {
  const path = join(pkg, file);
  const stripped = readFileSync(path, "utf8")
    .replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "")
    .replace(/^[ \t]*\/\/.*\n/gm, "");
  writeFileSync(path, stripped);
}
// node.cjs: the same Node entry as CommonJS, for `require` where Node's require() cannot load an
// ES module (Jest's module system in CommonJS mode, and any runtime without require(esm)).
// package.json sends a Node that can (the `module-sync` condition, Node >= 20.19) to node.js for
// both `import` and `require`, so a plain Node app has one module instance; only the others get
// node.cjs. It is error.js, the glue, setup.js and node.js in one script, with `export`/`import`
// taken off; the build then loads both entries and checks they export the same names.
const esmToScript = (file, text) => {
  const script = text
    .replace(/^import \{[^}]*\} from "\.\/(?:error|setup|floorwalker_wasm)\.js";\n/gm, "")
    .replace(/^import initWasm, \* as glue from "\.\/floorwalker_wasm\.js";\n/gm, "")
    .replace(/^export (async function|function|class|const|let) /gm, "$1 ")
    .replace(/^export \{ initSync, __wbg_init as default \};\n?/m, "")
    .replaceAll("import.meta.url", 'require("node:url").pathToFileURL(__filename)');
  const left = /^\s*(?:import|export)\b.*$/m.exec(script);
  if (left) throw new Error(`build: node.cjs: ${file} still has "${left[0]}" after the ESM-to-script edits`);
  return `// ---- ${file}\n${script}`;
};
const glueNames = [
  ...[...glueText.matchAll(/^export (?:async function|function|class|const|let) (\w+)/gm)].map((m) => m[1]),
  "initSync",
];
const readPkg = (f) => readFileSync(join(pkg, f), "utf8");
writeFileSync(
  join(pkg, "node.cjs"),
  [
    '"use strict";',
    "// The CommonJS Node entry (generated by the build from error.js, floorwalker_wasm.js and setup.js).",
    esmToScript("error.js", readPkg("error.js")),
    esmToScript("floorwalker_wasm.js", readPkg("floorwalker_wasm.js")),
    esmToScript("setup.js", readPkg("setup.js")),
    "// ---- node.js",
    'initSync({ module: require("node:fs").readFileSync(require("node:path").join(__dirname, "floorwalker_wasm_bg.wasm")) });',
    `const glue = { ${glueNames.join(", ")} };`,
    "setup(glue);",
    "async function init() {}",
    "module.exports = { ...glue, FloorwalkerError, init };",
    "",
  ].join("\n"),
);
{
  const esmNames = Object.keys(await import(pathToFileURL(join(pkg, "node.js")).href)).sort();
  const cjsNames = Object.keys(createRequire(import.meta.url)(join(pkg, "node.cjs"))).sort();
  if (JSON.stringify(esmNames) !== JSON.stringify(cjsNames)) {
    throw new Error(`build: node.cjs exports ${cjsNames.join(", ")}\nbut node.js exports ${esmNames.join(", ")}`);
  }
}

const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

const bytes = readFileSync(wasm);
const kb = (n) => (n / 1024).toFixed(1) + " KiB";
console.log(`pkg/ built: floorwalker ${version}; .wasm ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
