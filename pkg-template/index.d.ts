/// <reference lib="esnext.disposable" />
// The declarations of the whole API (one .d.cts, so that `import` and `require` see the same
// classes); index.d.cts is a copy of this file for `require`.
export * from "./floorwalker_wasm.cjs";
/**
 * Initialises the WebAssembly module. Node and pages that load the package normally never
 * need it; a page that hosts the .wasm elsewhere passes its URL before first use. When the
 * automatic load in a page failed, every call throws a `FloorwalkerError` (`INVALID_STATE`)
 * that names the URL tried, until `init(url)` succeeds; `init` rejects with the cause.
 */
export declare function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
