// Browser (and bundler) entry: fetches the .wasm beside this file before the import
// resolves, so nothing needs an init call. (Every entry, `floorwalker` and `floorwalker/<platform>`,
// is this file with its own .wasm; FloorwalkerError is the one of the package's error.js.) Pages that host the .wasm elsewhere (CDN,
// strict CSP) call `await init(url)` before first use.
import initWasm, * as glue from "./floorwalker_wasm.js";
import { setup } from "./setup.js";
import { wasmLoadFailed } from "./error.js";

export * from "./floorwalker_wasm.js";
export { FloorwalkerError } from "./error.js";

const ENTRY = "floorwalker";
let ready = false;
let pending = null;

/**
 * Initialises the module from `input` (URL, Response, bytes or WebAssembly.Module); without
 * it, from the .wasm file beside this script. Resolves at once when already initialised.
 */
export function init(input) {
  if (ready) return Promise.resolve();
  if (pending && input === undefined) return pending;
  const source = input ?? new URL("./floorwalker_wasm_bg.wasm", import.meta.url);
  pending = initWasm({ module_or_path: source }).then(() => {
    setup(glue);
    ready = true;
  });
  pending.catch((err) => {
    pending = null;
    // Every later call names this URL and the cause (error.js), until an init succeeds.
    wasmLoadFailed(ENTRY, source instanceof URL || typeof source === "string" ? String(source) : "the input given to init()", err);
  });
  return pending;
}

try {
  await init();
} catch {
  // The .wasm is not beside this script (CDN, CSP, a bundler that moved this file): the page
  // calls init(url) itself; until then every call throws a FloorwalkerError saying so.
}
