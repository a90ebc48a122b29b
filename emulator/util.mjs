// Small helpers shared by the emulator's server core and its vendor modules.
// Node built-ins only.

/** An error a handler throws to answer with a given status; the server turns it into JSON. */
export class HttpError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} message human-readable text
   * @param {{ code?: number, headers?: Record<string,string>, body?: unknown }} [extra]
   *   `code` overrides the vendor code in the default `{code, message}` body; `body` replaces the
   *   whole body; `headers` are added to the response.
   */
  constructor(status, message, extra = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = extra.code ?? status;
    this.headers = extra.headers ?? {};
    this.body = extra.body;
  }
}

/** The LiveVox-style error body `{code, message}` (LiveVox API error replies). */
export function errorBody(status, message, code = status) {
  return { code, message };
}

export const STATUS_TEXT = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

export function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Own-property read that ignores inherited keys (so `{"__proto__": …}` tricks do nothing). */
export function own(obj, key) {
  return isPlainObject(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * Lenient boolean as Java/Jackson servers accept it: true/false or "true"/"false" (any case).
 * Returns undefined for anything else.
 */
export function parseBool(v) {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "true") return true;
    if (s === "false") return false;
  }
  return undefined;
}

/** Split a raw path into percent-decoded segments; throws HttpError 400 on bad escapes. */
export function pathSegments(rawPath) {
  const parts = rawPath.split("/").filter((s) => s !== "");
  try {
    return parts.map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, `Malformed percent-encoding in path ${rawPath}`);
  }
}

/**
 * Compile a route pattern such as "/session/validate/:sessionId" or "/__control/agents/:id".
 * A final "*" segment matches any remaining segments (exposed as params["*"]).
 */
export function compileRoute(pattern) {
  const segs = pattern.split("/").filter((s) => s !== "");
  return segs.map((s) => {
    if (s === "*") return { rest: true };
    if (s.startsWith(":")) return { param: s.slice(1) };
    return { lit: s };
  });
}

/** Match compiled segments against decoded path segments; returns params or null. */
export function matchRoute(compiled, segs) {
  const params = {};
  for (let i = 0; i < compiled.length; i++) {
    const c = compiled[i];
    if (c.rest) {
      params["*"] = segs.slice(i).join("/");
      return params;
    }
    if (i >= segs.length) return null;
    if (c.param) params[c.param] = segs[i];
    else if (c.lit !== segs[i]) return null;
  }
  return compiled.length === segs.length ? params : null;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
