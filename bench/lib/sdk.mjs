// The package under test: pkg/ (built by `node scripts/build.mjs`), or the directory named by
// FLOORWALKER_BENCH_PKG (e.g. a copy of an older build, to compare before and after).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const PKG_DIR = resolve(process.env.FLOORWALKER_BENCH_PKG ?? fileURLToPath(new URL("../../pkg", import.meta.url)));
export const PKG_NODE_URL = pathToFileURL(join(PKG_DIR, "node.js")).href;

if (!existsSync(join(PKG_DIR, "node.js"))) {
  throw new Error(`no package in ${PKG_DIR}: build it first (node scripts/build.mjs)`);
}

/** The package's Node entry (LiveVox, CometD, AgentPool, ...). */
export const sdk = await import(PKG_NODE_URL);

/** The wasm-bindgen glue module of that package (the same instance node.js initialised). */
export const glue = await import(pathToFileURL(join(PKG_DIR, "floorwalker_wasm.js")).href);

/**
 * Other builds of the package, timed in the same run as the one under test (`--compare
 * DIR[,DIR...]` of bench/run.mjs and the network rows, or FLOORWALKER_BENCH_COMPARE): a list
 * of `{ dir, sdk }` (empty when none is named), each its own wasm instance beside the first.
 */
export async function comparePackages(dirs = process.env.FLOORWALKER_BENCH_COMPARE) {
  const out = [];
  for (const dir of compareDirs(dirs)) out.push({ dir, sdk: await import(pathToFileURL(join(dir, "node.js")).href) });
  return out;
}

/** The directories of `--compare DIR[,DIR...]` (or FLOORWALKER_BENCH_COMPARE), absolute. */
export function compareDirs(dirs = process.env.FLOORWALKER_BENCH_COMPARE) {
  return (dirs ?? "")
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean)
    .map((dir) => {
      const abs = resolve(dir);
      if (!existsSync(join(abs, "node.js"))) throw new Error(`--compare: no package in ${abs}`);
      return abs;
    });
}
