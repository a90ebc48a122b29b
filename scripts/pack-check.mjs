#!/usr/bin/env node
// Packs the two published packages, `floorwalker` (pkg/, built by scripts/build.mjs) and
// `floorwalker-emulator` (emulator/), with `npm pack`, and checks what a user would get:
//
//   - the file list: LICENSE (the repository's), README.md, CHANGELOG.md, the .d.ts/.d.cts, the
//     .wasm and the entries are there, for `floorwalker` and each per-platform entry
//     (`floorwalker/livevox`, `/gws`, `/cometd`, `/sip`: exports, Node and browser files, types); no test files, Rust or TypeScript sources, configs or
//     node_modules; every path package.json points at (main, module, types, exports, bin) exists;
//   - no dangling pointers: every `sourceMappingURL` and `@ts-self-types` in a shipped file, and
//     every relative import of a .js/.mjs or a declaration file, names a file in the tarball; no
//     source map without its script;
//   - one FloorwalkerError: every entry's Node build exports the class of the shared error.js;
//   - one version: both package.json files and `version()` of every packed Node entry say the
//     version of Cargo.toml, and CHANGELOG.md has a section for it; the repository URL is
//     Cargo.toml's;
//   - the emulator imports nothing but Node built-ins and its declared dependencies, and its bin
//     starts with a `#!/usr/bin/env node` line;
//   - words users see (scripts/references.mjs): the packed .d.ts/.d.cts, the shipped JavaScript,
//     the .wasm's strings (error messages) and the three READMEs (README.md, the npm README, the
//     emulator's) cite no internal notes ("seed 003", "VENDOR-APIS §1.5", issue numbers,
//     "../shared/…").
//
//   node scripts/pack-check.mjs [--dest DIR]   # default dist/; prints the two tarball paths
//   (--pkg DIR and --emulator DIR pack other folders than pkg/ and emulator/: the tests use them
//   to show that each check fails on a package that breaks it)
//
// Exits 1 listing every problem found (all of them, not the first); 0 when clean.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { binaryStrings, findReferences } from "./references.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const { values: args } = parseArgs({
  options: {
    dest: { type: "string", default: path.join(ROOT, "dist") },
    pkg: { type: "string", default: path.join(ROOT, "pkg") },
    emulator: { type: "string", default: path.join(ROOT, "emulator") },
  },
});
const dest = path.resolve(args.dest);
mkdirSync(dest, { recursive: true });

/** The per-platform entries, each a folder of the package (`floorwalker/<name>`). */
const PLATFORMS = ["livevox", "livevox-supervisor", "gws", "cometd", "sip"];

const problems = [];
const problem = (pkgName, text) => problems.push(`${pkgName}: ${text}`);

const cargo = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
const cargoRepo = /^repository\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
const license = readFileSync(path.join(ROOT, "LICENSE"), "utf8");

/** `npm pack` of `dir` into dest/; returns the tarball path, npm's file list and the unpacked folder. */
function pack(dir) {
  if (!existsSync(path.join(dir, "package.json"))) {
    throw new Error(`${path.relative(ROOT, dir)}/package.json is missing (for pkg/: node scripts/build.mjs first)`);
  }
  const out = execFileSync("npm", ["pack", dir, "--pack-destination", dest, "--json", "--silent"], { cwd: ROOT, encoding: "utf8" });
  const [info] = JSON.parse(out.slice(out.indexOf("[")));
  const tarball = path.join(dest, info.filename);
  const unpacked = mkdtempSync(path.join(os.tmpdir(), "floorwalker-pack-check-"));
  execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
  return { tarball, files: info.files.map((f) => f.path).sort(), dir: path.join(unpacked, "package"), cleanup: () => rmSync(unpacked, { recursive: true, force: true }) };
}

/** Files no package should ship. */
const FORBIDDEN = [
  [/(^|\/)(tests?|__tests__|fixtures|node_modules|\.github|target|src)\//, "a test, source or dependency folder"],
  [/\.(test|spec)\.[cm]?[jt]s$/, "a test file"],
  [/\.rs$/, "Rust source"],
  [/(?<!\.d)\.[cm]?ts$/, "TypeScript source (only declaration files ship)"],
  [/(^|\/)(tsconfig[\w.-]*\.json|\.npmrc|\.gitignore|\.eslintrc[\w.]*|Cargo\.(toml|lock))$/, "a config file"],
  [/\.tgz$/, "a tarball"],
];

/** Every string path in a package.json `exports`/`bin` value (conditions and nesting followed). */
function targets(value) {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(targets);
  return [];
}

/** Relative specifiers imported or re-exported by a JS module or declaration file. */
function relativeImports(source) {
  // Whole comment lines and /* … */ blocks out first (usage examples in comments are not imports).
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specs = new Set();
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)) {
    const spec = m[1] ?? m[2] ?? m[3];
    specs.add(spec);
  }
  return [...specs];
}

/** For a declaration file, the file TypeScript reads for a relative specifier. */
function declarationFor(spec) {
  if (spec.endsWith(".cjs")) return spec.replace(/\.cjs$/, ".d.cts");
  if (spec.endsWith(".mjs")) return spec.replace(/\.mjs$/, ".d.mts");
  return spec.replace(/\.js$/, ".d.ts");
}

function checkCommon(name, pk, manifest, required) {
  const files = new Set(pk.files);
  for (const f of required) if (!files.has(f)) problem(name, `${f} is missing from the tarball`);
  for (const f of pk.files) {
    for (const [re, what] of FORBIDDEN) if (re.test(f)) problem(name, `${f} is ${what} and must not ship`);
  }
  if (files.has("LICENSE") && readFileSync(path.join(pk.dir, "LICENSE"), "utf8") !== license) {
    problem(name, "LICENSE differs from the repository's LICENSE");
  }
  if (manifest.license !== "MIT") problem(name, `license is ${JSON.stringify(manifest.license)}, not "MIT"`);
  if (manifest.version !== cargoVersion) problem(name, `version ${manifest.version} is not Cargo.toml's ${cargoVersion}`);
  const repoUrl = manifest.repository?.url ?? "";
  if (!cargoRepo || !repoUrl.includes(cargoRepo.replace(/^https:\/\//, ""))) {
    problem(name, `repository.url ${JSON.stringify(repoUrl)} is not Cargo.toml's repository ${cargoRepo}`);
  }
  for (const key of ["homepage", "bugs", "keywords", "description", "engines"]) {
    if (!manifest[key] || (Array.isArray(manifest[key]) && !manifest[key].length)) problem(name, `package.json has no ${key}`);
  }
  const pointed = [manifest.main, manifest.module, manifest.types, typeof manifest.browser === "string" ? manifest.browser : undefined, ...targets(manifest.exports), ...targets(manifest.bin)];
  for (const p of pointed.filter(Boolean)) {
    const rel = path.posix.normalize(p);
    if (!files.has(rel)) problem(name, `package.json points at ${p}, which is not in the tarball`);
  }
  for (const f of pk.files) {
    const full = path.join(pk.dir, f);
    const isScript = /\.[cm]?js$/.test(f);
    const isDecl = /\.d\.[cm]?ts$/.test(f);
    if (f.endsWith(".map")) {
      const script = f.slice(0, -".map".length);
      if (!files.has(script)) problem(name, `${f} is a source map without its script`);
      continue;
    }
    if (!isScript && !isDecl) continue;
    const text = readFileSync(full, "utf8");
    for (const m of text.matchAll(/[#@]\s*sourceMappingURL=(\S+)/g)) {
      if (m[1].startsWith("data:")) continue;
      const target = path.posix.join(path.posix.dirname(f), m[1]);
      if (!files.has(target)) problem(name, `${f} points at the source map ${m[1]}, which is not in the tarball`);
    }
    for (const m of text.matchAll(/@ts-self-types="([^"]+)"/g)) {
      const target = path.posix.join(path.posix.dirname(f), m[1]);
      if (!files.has(target)) problem(name, `${f} names its types ${m[1]}, which are not in the tarball`);
    }
    for (const spec of relativeImports(text).filter((s) => s.startsWith("."))) {
      const target = path.posix.join(path.posix.dirname(f), isDecl ? declarationFor(spec) : spec);
      if (!files.has(target)) problem(name, `${f} imports ${spec} (${target}), which is not in the tarball`);
    }
  }
}

/** Words users see: the report of scripts/references.mjs over `texts` ([label, text]). */
function checkWords(name, texts) {
  for (const [label, text] of texts) {
    for (const hit of findReferences(text)) {
      problem(name, `${label}:${hit.line}: cites internal notes (${hit.rule}: "${hit.match}"): ${hit.excerpt}`);
    }
  }
}

// ---- floorwalker ----------------------------------------------------------------------------------

const sdk = pack(path.resolve(args.pkg));
try {
  const manifest = JSON.parse(readFileSync(path.join(sdk.dir, "package.json"), "utf8"));
  const entryFiles = ["index.js", "node.js", "node.cjs", "index.d.ts", "index.d.cts", "floorwalker_wasm.js", "floorwalker_wasm.d.cts", "floorwalker_wasm_bg.wasm"];
  checkCommon("floorwalker", sdk, manifest, [
    "package.json", "README.md", "LICENSE", "CHANGELOG.md", "error.js", "error.cjs", "setup.js", ...entryFiles,
    ...PLATFORMS.flatMap((p) => entryFiles.map((f) => `${p}/${f}`)),
  ]);
  if (sdk.files.includes("CHANGELOG.md") && !readFileSync(path.join(sdk.dir, "CHANGELOG.md"), "utf8").includes(`## [${cargoVersion}]`)) {
    problem("floorwalker", `CHANGELOG.md has no "## [${cargoVersion}]" section for Cargo.toml's version`);
  }
  // Every entry: `floorwalker` and `floorwalker/<platform>` (scripts/build.mjs).
  let mainError;
  for (const dir of ["", ...PLATFORMS]) {
    const key = dir ? `./${dir}` : ".";
    const at = (f) => (dir ? `./${dir}/${f}` : `./${f}`);
    const exp = manifest.exports?.[key];
    const typesRequire = exp?.types?.require;
    if (typesRequire !== at("index.d.cts")) problem("floorwalker", `exports["${key}"].types.require is ${JSON.stringify(typesRequire)}, not "${at("index.d.cts")}" (CommonJS TypeScript would get no types)`);
    for (const [cond, want] of [["types.default", at("index.d.ts")], ["node.require", at("node.cjs")], ["node.default", at("node.js")], ["default", at("index.js")]]) {
      const got = cond.split(".").reduce((o, k) => o?.[k], exp);
      if (got !== want) problem("floorwalker", `exports["${key}"].${cond} is ${JSON.stringify(got)}, not "${want}"`);
    }
    const wasmKey = at("floorwalker_wasm_bg.wasm");
    if (manifest.exports?.[wasmKey] !== wasmKey) problem("floorwalker", `exports has no "${wasmKey}" (a page hosting the .wasm elsewhere needs it)`);
    try {
      const entry = await import(pathToFileURL(path.join(sdk.dir, dir, "node.js")).href);
      if (entry.version() !== manifest.version) problem("floorwalker", `${key}: version() says ${entry.version()}, package.json ${manifest.version}`);
      mainError ??= entry.FloorwalkerError;
      if (entry.FloorwalkerError !== mainError) problem("floorwalker", `${key}: its FloorwalkerError is not the one of "." (it must come from the shared error.js)`);
    } catch (err) {
      problem("floorwalker", `the packed ${dir ? `${dir}/` : ""}node.js does not load: ${err.message}`);
    }
  }
  const text = (f) => readFileSync(path.join(sdk.dir, f), "utf8");
  checkWords("floorwalker", [
    ...sdk.files.filter((f) => /\.(d\.[cm]?ts|[cm]?js|md)$/.test(f) && f !== "CHANGELOG.md").map((f) => [f, text(f)]),
    ...["", ...PLATFORMS]
      .map((dir) => path.posix.join(dir, "floorwalker_wasm_bg.wasm"))
      .filter((f) => sdk.files.includes(f))
      .map((f) => [`${f} (its strings)`, binaryStrings(readFileSync(path.join(sdk.dir, f)))]),
    ["README.md of the repository", readFileSync(path.join(ROOT, "README.md"), "utf8")],
  ]);
  console.log(sdk.tarball);
} finally {
  sdk.cleanup();
}

// ---- floorwalker-emulator -----------------------------------------------------------------------

const emu = pack(path.resolve(args.emulator));
try {
  const manifest = JSON.parse(readFileSync(path.join(emu.dir, "package.json"), "utf8"));
  checkCommon("floorwalker-emulator", emu, manifest, ["package.json", "README.md", "LICENSE", "cli.mjs", "index.mjs"]);
  const bin = manifest.bin?.["floorwalker-emulator"];
  if (!bin) problem("floorwalker-emulator", "package.json has no bin floorwalker-emulator");
  else if (existsSync(path.join(emu.dir, bin)) && !readFileSync(path.join(emu.dir, bin), "utf8").startsWith("#!/usr/bin/env node\n")) {
    problem("floorwalker-emulator", `${bin} does not start with "#!/usr/bin/env node"`);
  }
  const deps = new Set(Object.keys(manifest.dependencies ?? {}));
  const used = new Set();
  for (const f of emu.files.filter((f) => f.endsWith(".mjs"))) {
    for (const spec of relativeImports(readFileSync(path.join(emu.dir, f), "utf8")).filter((s) => !s.startsWith("."))) {
      const bare = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (spec.startsWith("node:") || builtinModules.includes(bare)) continue;
      used.add(bare);
      if (!deps.has(bare)) problem("floorwalker-emulator", `${f} imports ${spec}, which is not in its dependencies`);
    }
  }
  for (const d of deps) if (!used.has(d)) problem("floorwalker-emulator", `dependency ${d} is never imported`);
  checkWords("floorwalker-emulator", [["README.md", readFileSync(path.join(emu.dir, "README.md"), "utf8")]]);
  console.log(emu.tarball);
} finally {
  emu.cleanup();
}

if (problems.length) {
  console.error(`\npack-check: ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.error("pack-check: both tarballs have the files they need and nothing else; versions agree; no internal references");
