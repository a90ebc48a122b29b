/**
 * Every failure of floorwalker: a stable `code`, a one-sentence `message` saying what to do,
 * and what the platform said (`status`, `vendorCode`, `vendorMessage`, `retryAfterMs`), or
 * the `field` at fault for `INVALID_ARGUMENT`; `requestId` ties it to the call's log lines.
 */
export class FloorwalkerError extends Error {
  constructor(code, message, details) {
    super(typeof message === "string" ? message : "floorwalker error");
    Object.defineProperty(this, "name", { value: "FloorwalkerError", enumerable: false, configurable: true, writable: true });
    this.code = typeof code === "string" ? code : "INVALID_ARGUMENT";
    if (details !== null && typeof details === "object") {
      for (const key of ["status", "vendorCode", "vendorMessage", "retryAfterMs", "field", "requestId"]) {
        let value;
        try {
          value = details[key];
        } catch {
          continue;
        }
        if (value !== undefined) this[key] = value;
      }
    }
  }

  toJSON() {
    const { code, message, status, vendorCode, vendorMessage, retryAfterMs, field, requestId } = this;
    return { name: this.name, code, message, status, vendorCode, vendorMessage, retryAfterMs, field, requestId };
  }
}

/** Why an entry's browser build could not load its .wasm, by entry ("floorwalker", "livevox", …). */
const loadFailures = new Map();

/** Records why an entry could not load its .wasm (`source`: what it tried). */
export function wasmLoadFailed(entry, source, cause) {
  loadFailures.set(entry, { source, cause });
}

/**
 * An entry's glue `wasm` until its module is instantiated: any use throws a FloorwalkerError
 * saying which URL failed and how to pass another, instead of a TypeError about `undefined`.
 */
export function notLoaded(entry) {
  return new Proxy(
    {},
    {
      get() {
        const f = loadFailures.get(entry);
        const err = new FloorwalkerError(
          "INVALID_STATE",
          `floorwalker: the .wasm ${f ? `failed to load from ${f.source} (${f.cause?.message ?? f.cause})` : "is not loaded yet"}. ` +
            "Serve it there or call `await init(url)` with its URL before the first call.",
        );
        if (f) err.cause = f.cause;
        throw err;
      },
    },
  );
}
