// The emulator's HTTP core: server, router, CORS, control API, fault injection, request log.
// Vendor behaviour lives in modules (livevox.mjs, gws.mjs). This file uses Node built-ins only.
//
// A module is a plain object:
//   {
//     name: "livevox",
//     routes: [{ method, path, handler }],        // path like "/session/validate/:sessionId"
//     controlRoutes: [{ method, path, handler }], // relative to /__control, e.g. "/chat/reply"
//     normalizeSegments?(segs) -> segs,           // e.g. drop a version segment
//     notFound?(ctx) -> response | undefined,      // may throw HttpError (e.g. 401 before 404)
//     configSchema?: { key: (value) => normalisedValue (throw HttpError 400 if bad) },
//     corsAllowHeaders?: string[], corsExposeHeaders?: string[],
//     reset(), state() -> object merged into GET /__control/state,
//     listening?(url),                             // told the base URL once the server listens
//     close?(),                                    // stop timers, release held requests
//   }
// A handler gets a `ctx` (see makeCtx) and returns `{ status, headers?, body? }` (body: object →
// JSON, string/Buffer → as is, undefined → empty) or a Promise of it, or `HANDLED` when it wrote
// the response itself (e.g. a held long-poll; `ctx.corsHeaders()` gives the CORS headers to set).
// Throwing HttpError answers `{code, message}`, or the error's `body` when it has one.

import http from "node:http";
import { HttpError, STATUS_TEXT, compileRoute, errorBody, isPlainObject, matchRoute, own, pathSegments } from "./util.mjs";

export const HANDLED = Symbol("handled");

const MAX_BODY = 1024 * 1024;
const CONTROL_PREFIX = "/__control";
const DEFAULT_ALLOW_HEADERS = ["content-type", "accept", "lv-session", "lv-access", "authorization", "x-csrf-token"];
const DEFAULT_EXPOSE_HEADERS = ["Retry-After", "Content-Type"];
const ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS";

export class EmulatorServer {
  /**
   * @param {object} opts
   * @param {object[]} opts.modules vendor modules (see top of file)
   * @param {object} opts.config shared mutable config object (modules read it)
   * @param {number} [opts.port] 0 = any free port
   * @param {boolean} [opts.verbose] one line per request on stderr
   * @param {(line: string) => void} [opts.logLine] where verbose lines go (default stderr)
   */
  constructor({ modules, config, port = 0, verbose = false, logLine } = {}) {
    this.modules = modules;
    this.config = config;
    this.initialConfig = { ...config };
    this.port = port;
    this.verbose = verbose;
    this.logLine = logLine ?? ((line) => process.stderr.write(line + "\n"));
    this.host = "127.0.0.1"; // loopback only, never 0.0.0.0
    this.seq = 0;
    this.requestLog = [];
    this.preflights = [];
    this.faults = [];
    this.faultSeq = 0;
    this.pending = new Set(); // timers of delayed responses, cleared on close
    this.closed = false;

    this.routes = [];
    for (const m of modules) {
      for (const r of m.routes ?? []) this.routes.push({ ...r, module: m, compiled: compileRoute(r.path) });
    }
    this.controlRoutes = this._builtinControlRoutes().map((r) => ({ ...r, compiled: compileRoute(r.path) }));
    for (const m of modules) {
      for (const r of m.controlRoutes ?? []) this.controlRoutes.push({ ...r, module: m, compiled: compileRoute(r.path) });
    }
    this.exposeHeaders = [...new Set([...DEFAULT_EXPOSE_HEADERS, ...modules.flatMap((m) => m.corsExposeHeaders ?? [])])];
    this.allowHeaders = [...new Set([...DEFAULT_ALLOW_HEADERS, ...modules.flatMap((m) => m.corsAllowHeaders ?? [])])];

    this.server = http.createServer((req, res) => {
      this._handle(req, res).catch((err) => this._internalError(req, res, err));
    });
    this.server.on("clientError", (err, socket) => {
      if (socket.writable && !socket.destroyed) {
        const body = JSON.stringify(errorBody(400, "Malformed HTTP request"));
        socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      } else socket.destroy();
    });
  }

  /** Start listening; resolves to the base URL. */
  listen() {
    return new Promise((resolve, reject) => {
      const onError = (err) => reject(err);
      this.server.once("error", onError);
      this.server.listen(this.port, this.host, () => {
        this.server.off("error", onError);
        this.port = this.server.address().port;
        this.url = `http://${this.host}:${this.port}`;
        for (const m of this.modules) m.listening?.(this.url);
        resolve(this.url);
      });
    });
  }

  /** Stop accepting, cut open connections and pending delayed responses. */
  close() {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.resolve();
    }
    this.pending.clear();
    for (const m of this.modules) {
      try {
        m.close?.();
      } catch {
        // a module failing to stop must not keep the server open
      }
    }
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections?.();
    });
  }

  /** Everything back to the start: module state, config, faults, request log, preflight count. */
  reset() {
    for (const k of Object.keys(this.config)) delete this.config[k];
    Object.assign(this.config, this.initialConfig);
    for (const m of this.modules) m.reset?.();
    this.faults = [];
    this.requestLog = [];
    this.preflights = [];
    // seq keeps growing so a `since` cursor taken before a reset never re-reads entries.
  }

  /** The object GET /__control/state answers: every module's state plus server counters. */
  snapshot() {
    const state = {};
    for (const m of this.modules) Object.assign(state, m.state?.() ?? {});
    state.preflightCount = this.preflights.length;
    state.requestCount = this.requestLog.length;
    state.faults = this.faults.map(publicFault);
    state.config = { ...this.config };
    return state;
  }

  clearRequests() {
    this.requestLog = [];
  }

  /** Entries with seq > since (deep copies). */
  requests(since = 0) {
    return this.requestLog.filter((e) => e.seq > since).map((e) => structuredClone(e));
  }

  /** Validate and queue a fault; returns the stored fault. Throws HttpError 400 on bad input. */
  addFault(spec) {
    if (!isPlainObject(spec)) throw new HttpError(400, "Fault must be a JSON object");
    const path = own(spec, "path");
    if (typeof path !== "string" || !path.startsWith("/")) throw new HttpError(400, "Fault 'path' must be a string starting with '/'");
    const method = own(spec, "method");
    if (method !== undefined && method !== null && (typeof method !== "string" || !/^[A-Za-z]+$/.test(method))) {
      throw new HttpError(400, "Fault 'method' must be an HTTP method name");
    }
    const status = own(spec, "status");
    if (status !== undefined && status !== null && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
      throw new HttpError(400, "Fault 'status' must be an integer 100-599");
    }
    const headers = own(spec, "headers");
    if (headers !== undefined && headers !== null) {
      if (!isPlainObject(headers)) throw new HttpError(400, "Fault 'headers' must be an object");
      for (const [k, v] of Object.entries(headers)) {
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || /[\r\n]/.test(String(v))) {
          throw new HttpError(400, `Fault header ${JSON.stringify(k)} is not a valid header`);
        }
      }
    }
    let times = own(spec, "times");
    if (times === undefined || times === null) times = 1;
    if (!Number.isInteger(times) || times === 0 || times < -1) {
      throw new HttpError(400, "Fault 'times' must be a positive integer (or -1 for every request)");
    }
    const delayMs = own(spec, "delayMs");
    if (delayMs !== undefined && delayMs !== null && !(Number.isFinite(delayMs) && delayMs >= 0 && delayMs <= 600000)) {
      throw new HttpError(400, "Fault 'delayMs' must be a number 0-600000");
    }
    const drop = own(spec, "drop");
    if (drop !== undefined && drop !== null && typeof drop !== "boolean") throw new HttpError(400, "Fault 'drop' must be a boolean");
    const truncateAt = own(spec, "truncateAt");
    if (truncateAt !== undefined && truncateAt !== null && !(Number.isInteger(truncateAt) && truncateAt >= 0)) {
      throw new HttpError(400, "Fault 'truncateAt' must be a non-negative integer (bytes of the body sent before the connection is cut)");
    }
    const hasTruncate = truncateAt !== undefined && truncateAt !== null;
    if (!status && !delayMs && !drop && !hasTruncate) {
      throw new HttpError(400, "Fault needs at least one of 'status', 'delayMs', 'drop', 'truncateAt'");
    }
    const fault = {
      id: ++this.faultSeq,
      method: method ? method.toUpperCase() : null,
      path,
      status: status ?? null,
      headers: headers ?? {},
      hasBody: Object.prototype.hasOwnProperty.call(spec, "body"),
      body: own(spec, "body"),
      times,
      delayMs: delayMs ?? 0,
      drop: drop ?? false,
      truncateAt: hasTruncate ? truncateAt : null,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  clearFaults() {
    this.faults = [];
  }

  // ---------------------------------------------------------------- request handling

  async _handle(req, res) {
    const started = Date.now();
    const rawUrl = req.url ?? "/";
    let url = rawUrl;
    if (!url.startsWith("/")) {
      // absolute-form request target
      try {
        const u = new URL(url);
        url = u.pathname + u.search;
      } catch {
        url = "/";
      }
    }
    const qi = url.indexOf("?");
    const rawPath = qi === -1 ? url : url.slice(0, qi);
    const rawQuery = qi === -1 ? "" : url.slice(qi + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const isControl = rawPath === CONTROL_PREFIX || rawPath.startsWith(CONTROL_PREFIX + "/");

    if (this.verbose) {
      res.on("finish", () => this.logLine(`[emulator] ${method} ${rawUrl} -> ${res.statusCode} ${Date.now() - started}ms`));
      res.on("close", () => {
        if (!res.writableFinished) this.logLine(`[emulator] ${method} ${rawUrl} -> (connection closed) ${Date.now() - started}ms`);
      });
    }

    // CORS preflight: any OPTIONS, any path. Not logged (counted separately).
    if (method === "OPTIONS") {
      const fault = isControl ? null : this._takeFault("OPTIONS", rawPath, true);
      this.preflights.push({
        time: Date.now(),
        path: rawPath,
        url,
        origin: req.headers.origin ?? null,
        requestMethod: req.headers["access-control-request-method"] ?? null,
        requestHeaders: req.headers["access-control-request-headers"] ?? null,
      });
      req.resume();
      if (fault) return this._applyFault(req, res, fault, null);
      return this._preflight(req, res);
    }

    const { raw: rawBody, tooLarge } = await readBody(req);
    let body = null;
    let bodyError = false;
    if (rawBody.trim() !== "") {
      try {
        body = JSON.parse(rawBody);
      } catch {
        bodyError = true;
      }
    }

    if (isControl) {
      return this._respondSafely(req, res, () => this._control(req, res, { method, rawPath, rawQuery, body, bodyError, rawBody, tooLarge }));
    }

    const entry = {
      seq: ++this.seq,
      method,
      path: rawPath,
      query: rawQuery,
      url,
      headers: { ...req.headers },
      body,
      rawBody,
      time: Date.now(),
    };
    this.requestLog.push(entry);
    // A client that gives up (an aborted or timed-out fetch) closes the connection before the
    // reply is written: the entry says so, and when.
    res.on("close", () => {
      if (!res.writableFinished && !res.emuCut && !this.closed) {
        entry.clientClosed = true;
        entry.closedAt = Date.now();
      }
    });

    const fault = this._takeFault(method, rawPath, false);
    if (fault) {
      const handled = await this._applyFault(req, res, fault, entry);
      if (handled) return;
    }

    const ctx = makeCtx({ req, res, method, rawPath, rawQuery, url, body, bodyError, rawBody, config: this.config });
    ctx.corsHeaders = () => this._cors(req);
    return this._respondSafely(req, res, () => {
      if (tooLarge) throw new HttpError(413, `Request body larger than ${MAX_BODY} bytes`);
      return this._route(ctx);
    });
  }

  _takeFault(method, path, preflight) {
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (preflight ? f.method !== "OPTIONS" : f.method && f.method !== method) continue;
      const match = f.path.endsWith("*") ? path.startsWith(f.path.slice(0, -1)) : path === f.path;
      if (!match) continue;
      f.hits++;
      if (f.times !== -1) {
        f.times--;
        if (f.times === 0) this.faults.splice(i, 1);
      }
      return f;
    }
    return null;
  }

  /** Returns true when the fault fully answered (or dropped) the request. */
  async _applyFault(req, res, fault, entry) {
    if (entry) entry.fault = fault.id;
    if (fault.delayMs > 0) {
      await this._delay(fault.delayMs);
      if (this.closed || res.destroyed) return true;
    }
    if (fault.drop) {
      res.emuCut = true;
      req.socket.destroy();
      return true;
    }
    if (fault.truncateAt !== null) res.emuTruncateAt = fault.truncateAt; // applied in _write
    if (!fault.status) return false; // delay (or truncate) only: handle normally
    const headers = { ...this._cors(req) };
    let payload;
    if (fault.status === 204 || fault.status === 304 || (fault.hasBody && fault.body === null)) {
      payload = undefined;
    } else if (!fault.hasBody) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(errorBody(fault.status, `Injected fault: ${STATUS_TEXT[fault.status] ?? "HTTP " + fault.status}`));
    } else if (typeof fault.body === "string") {
      headers["Content-Type"] = "text/plain; charset=utf-8";
      payload = fault.body;
    } else {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(fault.body);
    }
    Object.assign(headers, fault.headers);
    this._write(res, fault.status, headers, payload);
    return true;
  }

  _delay(ms) {
    return new Promise((resolve) => {
      const p = { resolve };
      p.timer = setTimeout(() => {
        this.pending.delete(p);
        resolve();
      }, ms);
      this.pending.add(p);
    });
  }

  _route(ctx) {
    if (ctx.segmentError) throw ctx.segmentError;
    let allowed = [];
    for (const m of this.modules) {
      const segs = m.normalizeSegments ? m.normalizeSegments(ctx.segments) : ctx.segments;
      for (const r of this.routes) {
        if (r.module !== m) continue;
        const params = matchRoute(r.compiled, segs);
        if (!params) continue;
        if (r.method !== ctx.method) {
          allowed.push(r.method);
          continue;
        }
        ctx.params = params;
        ctx.module = m;
        return r.handler(ctx);
      }
    }
    if (allowed.length) {
      allowed = [...new Set(allowed)];
      throw new HttpError(405, `Method ${ctx.method} not allowed on ${ctx.path}; use ${allowed.join(", ")}`, {
        headers: { Allow: allowed.join(", ") },
      });
    }
    for (const m of this.modules) {
      const r = m.notFound?.(ctx);
      if (r) return r;
    }
    throw new HttpError(404, `No such resource: ${ctx.path}`);
  }

  async _respondSafely(req, res, fn) {
    let result;
    try {
      result = await fn();
    } catch (err) {
      if (err instanceof HttpError) {
        const body = err.body !== undefined ? err.body : errorBody(err.status, err.message, err.code);
        return this._send(req, res, { status: err.status, headers: err.headers, body });
      }
      return this._internalError(req, res, err);
    }
    if (result === HANDLED) return;
    if (!result || typeof result !== "object") return this._internalError(req, res, new Error("handler returned nothing"));
    return this._send(req, res, result);
  }

  _internalError(req, res, err) {
    if (this.verbose) this.logLine(`[emulator] internal error: ${err?.stack ?? err}`);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    this._send(req, res, { status: 500, body: errorBody(500, `Internal emulator error: ${err?.message ?? err}`) });
  }

  _send(req, res, { status, headers = {}, body }) {
    const h = { ...this._cors(req) };
    let payload;
    if (status === 204 || status === 304 || body === undefined) {
      payload = undefined;
    } else if (typeof body === "string" || Buffer.isBuffer(body)) {
      payload = body;
    } else {
      h["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    Object.assign(h, headers);
    this._write(res, status, h, payload);
  }

  _write(res, status, headers, payload) {
    if (res.destroyed || res.headersSent) return;
    if (payload !== undefined) headers["Content-Length"] = String(Buffer.byteLength(payload));
    else if (status !== 204 && status !== 304) headers["Content-Length"] = "0";
    if (res.emuTruncateAt !== undefined) return this._writeTruncated(res, status, headers, payload);
    res.writeHead(status, headers);
    res.end(payload);
  }

  /**
   * A `truncateAt` fault: the status, the headers and the full Content-Length go out, then only
   * the first bytes of the body (never all of it), then the connection is cut mid-body. With no
   * body to cut, the connection is cut before anything is written.
   */
  _writeTruncated(res, status, headers, payload) {
    res.emuCut = true;
    const buf = payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
    if (buf.length === 0) {
      res.socket?.destroy();
      return;
    }
    const part = buf.subarray(0, Math.min(res.emuTruncateAt, buf.length - 1));
    headers.Connection = "close";
    res.writeHead(status, headers);
    res.flushHeaders();
    const cut = () => res.socket?.destroy();
    if (part.length === 0) setTimeout(cut, 20);
    else res.write(part, () => setTimeout(cut, 20));
  }

  _cors(req) {
    const origin = req.headers.origin;
    const h = {
      "Access-Control-Allow-Origin": origin || "*",
      "Access-Control-Expose-Headers": this.exposeHeaders.join(", "),
    };
    if (origin) {
      h["Access-Control-Allow-Credentials"] = "true";
      h["Vary"] = "Origin";
    }
    return h;
  }

  _preflight(req, res) {
    const h = {
      ...this._cors(req),
      "Access-Control-Allow-Methods": ALLOW_METHODS,
      "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] || this.allowHeaders.join(", "),
      "Access-Control-Max-Age": "600",
    };
    if (req.headers.origin) h["Vary"] = "Origin, Access-Control-Request-Headers";
    if (req.headers["access-control-request-private-network"] === "true") h["Access-Control-Allow-Private-Network"] = "true";
    this._write(res, 204, h, undefined);
  }

  // ---------------------------------------------------------------- control API

  _control(req, res, { method, rawPath, rawQuery, body, bodyError, rawBody, tooLarge }) {
    if (tooLarge) throw new HttpError(413, `Request body larger than ${MAX_BODY} bytes`);
    if (bodyError) throw new HttpError(400, "Malformed JSON body");
    const segs = pathSegments(rawPath).slice(1); // drop "__control"
    const ctx = makeCtx({ req, res, method, rawPath, rawQuery, url: req.url, body, bodyError, rawBody, config: this.config });
    ctx.segments = segs;
    let allowed = [];
    for (const r of this.controlRoutes) {
      const params = matchRoute(r.compiled, segs);
      if (!params) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      ctx.params = params;
      return r.handler(ctx);
    }
    if (allowed.length) {
      allowed = [...new Set(allowed)];
      throw new HttpError(405, `Method ${method} not allowed on ${rawPath}; use ${allowed.join(", ")}`, { headers: { Allow: allowed.join(", ") } });
    }
    throw new HttpError(404, `No such control endpoint: ${rawPath}`);
  }

  _builtinControlRoutes() {
    const ok = (body) => ({ status: 200, body });
    return [
      {
        method: "GET",
        path: "/requests",
        handler: (ctx) => {
          const s = ctx.query.get("since");
          let since = 0;
          if (s !== null && s !== "") {
            if (!/^\d+$/.test(s)) throw new HttpError(400, "'since' must be a non-negative integer");
            since = Number(s);
          }
          return ok(this.requests(since));
        },
      },
      { method: "DELETE", path: "/requests", handler: () => (this.clearRequests(), { status: 204 }) },
      {
        method: "GET",
        path: "/preflights",
        handler: () => ok({ count: this.preflights.length, preflights: structuredClone(this.preflights) }),
      },
      { method: "DELETE", path: "/preflights", handler: () => ((this.preflights = []), { status: 204 }) },
      { method: "POST", path: "/reset", handler: () => (this.reset(), ok({ reset: true })) },
      {
        method: "POST",
        path: "/faults",
        handler: (ctx) => {
          const specs = Array.isArray(ctx.body) ? ctx.body : [ctx.body];
          if (specs.length === 0) throw new HttpError(400, "No fault given");
          const added = specs.map((s) => this.addFault(s));
          return { status: 201, body: Array.isArray(ctx.body) ? added.map(publicFault) : publicFault(added[0]) };
        },
      },
      { method: "GET", path: "/faults", handler: () => ok(this.faults.map(publicFault)) },
      { method: "DELETE", path: "/faults", handler: () => (this.clearFaults(), { status: 204 }) },
      { method: "GET", path: "/config", handler: () => ok({ ...this.config }) },
      {
        method: "POST",
        path: "/config",
        handler: (ctx) => {
          if (!isPlainObject(ctx.body)) throw new HttpError(400, "Config must be a JSON object");
          const updates = {};
          for (const [k, v] of Object.entries(ctx.body)) {
            const m = this.modules.find((mod) => mod.configSchema && Object.prototype.hasOwnProperty.call(mod.configSchema, k));
            if (!m) throw new HttpError(400, `Unknown config key ${JSON.stringify(k)}`);
            updates[k] = m.configSchema[k](v);
          }
          Object.assign(this.config, updates);
          return ok({ ...this.config });
        },
      },
      {
        method: "GET",
        path: "/state",
        handler: () => ok(this.snapshot()),
      },
    ];
  }
}

function publicFault(f) {
  const { hasBody, body, ...rest } = f;
  return hasBody ? { ...rest, body } : rest;
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve({ raw: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge }));
    req.on("error", () => resolve({ raw: "", tooLarge }));
    req.on("aborted", () => resolve({ raw: "", tooLarge }));
  });
}

/**
 * The object handlers receive.
 *   method, path (raw, no query), rawQuery, url, segments (decoded; set before routing),
 *   query (URLSearchParams: percent-decoded, '+' = space as servlet containers do),
 *   headers (lower-case), header(name), rawBody, body (parsed JSON or null), bodyError (true if
 *   a non-empty body was not JSON), params (route params), config (live config), req, res.
 */
function makeCtx({ req, res, method, rawPath, rawQuery, url, body, bodyError, rawBody, config }) {
  const ctx = {
    req,
    res,
    method,
    path: rawPath,
    rawQuery,
    url,
    query: new URLSearchParams(rawQuery),
    headers: req.headers,
    header: (name) => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    },
    rawBody,
    body,
    bodyError,
    params: {},
    config,
    segments: [],
  };
  // Decoding errors surface as 400 when routing runs (inside _respondSafely).
  try {
    ctx.segments = pathSegments(rawPath);
  } catch (err) {
    ctx.segmentError = err;
  }
  return ctx;
}
