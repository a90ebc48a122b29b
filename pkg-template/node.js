// Node entry: loads the .wasm beside this file synchronously, so `import` and `require`
// both work with no init call (no top-level await).
import { readFileSync } from "node:fs";
import * as glue from "./floorwalker_wasm.js";
import { setup } from "./setup.js";

glue.initSync({ module: readFileSync(new URL("./floorwalker_wasm_bg.wasm", import.meta.url)) });
setup(glue);

export * from "./floorwalker_wasm.js";
export { FloorwalkerError } from "./error.js";

/** Already initialised in Node; kept so code shared with the browser can call it. */
export async function init() {}
