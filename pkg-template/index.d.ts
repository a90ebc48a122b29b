/// <reference lib="esnext.disposable" />
export * from "./floorwalker_wasm.js";
/**
 * Initialises the WebAssembly module. Node and pages that load the package normally never
 * need it; a page that hosts the .wasm elsewhere passes its URL before first use.
 */
export declare function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
