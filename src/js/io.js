// One request through `fetch`, and the parts of its reply the SDK reads, in one promise: the
// Rust side crosses into JavaScript once per request instead of once per field and header
// name (each crossing copies a string). scripts/build.mjs inlines this file into the glue.

const FW_READ_HEADERS = ["retry-after", "x-csrf-header", "x-csrf-token"];

/**
 * Calls `fetchFn(url, init)`. `spec` is `method \0 url (\0 name \0 value)*`; `body` is a string
 * or `undefined`; `credentials` adds `credentials: "include"`. Resolves to
 * `[status, body, name, value, ...]` (`body`: the text, or the bytes of a real `Response`) with the headers the SDK reads (`Retry-After`, GWS's CSRF
 * pair, and each `Set-Cookie` where the runtime exposes them); rejects with what failed.
 */
export function fwSend(fetchFn, spec, body, credentials, signal) {
  try {
    const parts = spec.split("\0");
    const headers = {};
    for (let i = 2; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
    const init = { method: parts[0], headers };
    if (body !== undefined) init.body = body;
    if (credentials) init.credentials = "include";
    init.signal = signal;
    return fwAwait(fetchFn(parts[1], init), "the fetch option").then(fwReply);
  } catch (e) {
    return Promise.reject(e);
  }
}

// Adopts a Promise of any realm (iframe, vm) or any thenable, as `await` would.
function fwAwait(value, what) {
  if (value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function") {
    return Promise.resolve(value);
  }
  throw new TypeError(`${what} did not return a Promise or thenable`);
}

function fwReply(response) {
  const status = response == null ? undefined : response.status;
  if (typeof status !== "number") throw new TypeError("fetch resolved to something that is not a Response");
  const out = [status, ""];
  // A header that cannot be read is treated as absent, as a missing one is.
  try {
    const h = response.headers;
    if (h != null && typeof h.get === "function") {
      for (const name of FW_READ_HEADERS) {
        const value = h.get(name);
        if (typeof value === "string") out.push(name, value);
      }
    }
    if (h != null && typeof h.getSetCookie === "function") {
      for (const value of h.getSetCookie()) if (typeof value === "string") out.push("set-cookie", value);
    }
  } catch {
    out.length = 2;
  }
  // A real Response hands its bytes over (copied straight into wasm memory); anything else
  // the fetch option returns needs only text().
  if (typeof Response === "function" && response instanceof Response) {
    return response.arrayBuffer().then((bytes) => {
      out[1] = new Uint8Array(bytes);
      return out;
    });
  }
  const text = response.text;
  if (typeof text !== "function") throw new TypeError("the response has no text()");
  return fwAwait(text.call(response), "text()").then((t) => {
    out[1] = typeof t === "string" ? t : "";
    return out;
  });
}

let fwRefused = null;

function fwReplacer(key, value) {
  if (typeof value === "bigint" || (typeof value === "number" && !Number.isFinite(value))) {
    fwRefused = key;
    throw new RangeError("refused");
  }
  return value;
}

/**
 * `JSON.stringify(value)` that refuses what JSON would silently turn into `null` or cannot
 * hold (`NaN`, `Infinity`, a `BigInt`) by throwing; `fwRefusedKey()` then names the key.
 */
export function fwStringify(value) {
  fwRefused = null;
  return JSON.stringify(value, fwReplacer);
}

/**
 * The items of `value` joined by NUL when it is a plain array of strings that JSON.stringify
 * would write as they are (no `toJSON`, no NUL in any item, at least one item); `undefined`
 * otherwise, and then the caller reads it through `fwStringify`.
 */
export function fwStringList(value) {
  try {
    if (!Array.isArray(value) || value.length === 0 || typeof value.toJSON === "function") return undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item !== "string" || item.includes("\0")) return undefined;
    }
    return value.join("\0");
  } catch {
    return undefined;
  }
}

/** The key of the value `fwStringify` refused last (`""` at the top level), or `null`. */
export function fwRefusedKey() {
  return fwRefused;
}

/** Bytes that are not UTF-8, decoded as `Response.text()` decodes them (U+FFFD for each bad sequence). */
export function fwDecodeText(bytes) {
  return new TextDecoder().decode(bytes);
}
