#!/usr/bin/env node
// The API reference: typedoc over the package's own declaration files (pkg/index.d.ts and the
// floorwalker_wasm.d.cts it re-exports, whose JSDoc comes from the Rust doc comments), written
// to docs/api/ (git-ignored). Warnings are errors: an export without a doc comment, a broken
// {@link}, a type used but not exported all fail the run (exit 1) and nothing is written.
//
//   node scripts/build.mjs          # pkg/ first (scripts/demo.sh and scripts/test.sh do it too)
//   node scripts/api-docs.mjs       # → docs/api/index.html
//   npm run docs                    # the same
//
// Options: --out DIR (default docs/api), --json FILE (also write typedoc's JSON model).
//
// The one thing added here rather than in Rust: wasm-bindgen generates `free()` and
// `[Symbol.dispose]()` on every exported class with no doc comment and no way to give it one
// from Rust, so the two get a fixed description below. Nothing else is filled in or excluded.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { Application, Comment, Converter, LogLevel, ReflectionKind } from "typedoc";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PKG = path.join(ROOT, "pkg");
const ENTRY = path.join(PKG, "index.d.ts");

let args;
try {
  args = parseArgs({
    options: {
      out: { type: "string", default: path.join(ROOT, "docs/api") },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\nusage: node scripts/api-docs.mjs [--out DIR] [--json FILE]`);
  process.exit(2);
}
if (args.help) {
  console.log("usage: node scripts/api-docs.mjs [--out DIR] [--json FILE]\nwrites the API reference (typedoc over pkg/index.d.ts) to docs/api/; any warning fails the run");
  process.exit(0);
}
if (!existsSync(ENTRY)) {
  console.error(`no ${path.relative(ROOT, ENTRY)}: build the package first (node scripts/build.mjs)`);
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));

const GENERATED = {
  free: "Releases this object's WebAssembly memory now rather than when it is garbage-collected. The object is unusable afterwards. Optional: objects are freed on garbage collection anyway.",
  "[dispose]": "Calls `free()`, so that `using x = …` releases the object at the end of its block.",
};

const app = await Application.bootstrapWithPlugins(
  {
    name: `floorwalker ${version}`,
    entryPoints: [ENTRY],
    out: path.resolve(args.out),
    readme: path.join(ROOT, "pkg-template/README.md"),
    // Only the options given here: no tsconfig.json or typedoc.json is read.
    compilerOptions: {
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: ["es2022", "dom", "dom.iterable", "esnext.disposable"],
      strict: true,
      types: [],
      skipLibCheck: false,
    },
    disableSources: true, // the sources are generated .d.ts files: line links would help nobody
    excludePrivate: true,
    treatWarningsAsErrors: true,
    treatValidationWarningsAsErrors: true,
    validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
    logLevel: LogLevel.Info,
  },
  [],
);

app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
  for (const method of context.project.getReflectionsByKind(ReflectionKind.Method)) {
    const text = GENERATED[method.name];
    if (!text || method.parent?.kind !== ReflectionKind.Class) continue;
    for (const sig of method.signatures ?? []) {
      if (!sig.comment && !method.comment) sig.comment = new Comment([{ kind: "text", text }]);
    }
  }
});

const fail = (what, written = false) => {
  const w = app.logger.warningCount;
  const e = app.logger.errorCount;
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  console.error(
    `\napi-docs: ${what} (${plural(e, "error")}, ${plural(w, "warning")}; warnings count as errors). ` +
      (written ? "The output is incomplete." : "Nothing was written."),
  );
  process.exit(1);
};

const project = await app.convert();
if (!project) fail("typedoc could not read pkg/index.d.ts");
if (app.logger.hasErrors() || app.logger.hasWarnings()) fail("conversion reported problems");
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings() || app.logger.validationWarningCount) fail("validation failed");
await app.generateOutputs(project);
if (args.json) await app.generateJson(project, path.resolve(args.json));
if (app.logger.hasErrors() || app.logger.hasWarnings()) fail("writing the output reported problems", true);
console.log(`API reference written to ${path.relative(process.cwd(), path.resolve(args.out)) || "."}/index.html`);
