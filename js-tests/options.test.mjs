// Package loading and version, the logger option (with redaction), and the fetch option.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as floorwalker from "floorwalker";
import {
  LiveVox, CREDS, FAST_RETRY, SUP, startEmu, reset, login, addFault, expireSessions, agentReply, requests, requestsSince,
  mark, rejectsWith,
  failIfProcessLingers,
} from "./support/harness.mjs";

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(async () => {
  await reset(emu);
});

const pkgJson = JSON.parse(readFileSync(fileURLToPath(new URL("./node_modules/floorwalker/package.json", import.meta.url)), "utf8"));

test("version() returns the package.json version", () => {
  assert.equal(typeof floorwalker.version, "function");
  assert.equal(floorwalker.version(), pkgJson.version);
  assert.match(floorwalker.version(), /^\d+\.\d+\.\d+/);
});

test("the ESM entry exports the documented names", () => {
  for (const name of ["LiveVox", "FloorwalkerError", "init", "version"]) {
    assert.equal(typeof floorwalker[name], "function", `export ${name}`);
  }
});

test("the ESM entry exports every name API.md lists, in ESM and CommonJS alike", () => {
  const require = createRequire(import.meta.url);
  const cjs = require("floorwalker");
  for (const name of ["LiveVox", "Gws", "CometD", "AgentPool", "parseInvite", "FloorwalkerError", "version", "init"]) {
    assert.equal(typeof floorwalker[name], "function", `ESM export ${name}`);
    assert.equal(cjs[name], floorwalker[name], `CommonJS export ${name} is the same object`);
  }
});

test("require('floorwalker') works from CommonJS without an init call", async () => {
  const require = createRequire(import.meta.url);
  const cjs = require("floorwalker");
  assert.equal(typeof cjs.LiveVox?.login, "function");
  assert.equal(typeof cjs.FloorwalkerError, "function");
  assert.equal(cjs.version(), pkgJson.version);
  const lv = await cjs.LiveVox.login({ baseUrl: emu.url, ...CREDS });
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
});

// ---------------------------------------------------------------- logger

const SECRET_CHAT = "TOP-SECRET-CHAT-BODY-7f3a";
const SECRET_BROADCAST = "BROADCAST-BODY-91c2";

test("logger gets {level, message, method, path, status, durationMs} and never a secret", async () => {
  const events = [];
  const logger = (e) => events.push(structuredClone(e));
  const lv = await login(emu, { logger });
  const firstSession = lv.sessionId;

  await lv.supervisor.monitorState();
  await lv.supervisor.sendChat("lv_usr1", SECRET_CHAT);
  await lv.supervisor.broadcastChat([{ userLoginId: "lv_usr2" }], SECRET_BROADCAST);
  await agentReply(emu, "lv_usr1", "AGENT-REPLY-BODY-55e1");
  await lv.supervisor.chatMessages({ excludeOwn: false });
  await addFault(emu, { method: "POST", path: `${SUP}/agent/status/ready`, status: 500 });
  await lv.supervisor.setReady(["LV_TEST"]).catch(() => {});
  await addFault(emu, { method: "GET", path: `${SUP}/monitor/state`, status: 503, headers: { "Retry-After": "0" } });
  await lv.supervisor.monitorState();
  await expireSessions(emu);
  await lv.supervisor.servicesAllowed(); // 401 → re-login → retry
  const secondSession = lv.sessionId;
  assert.notEqual(secondSession, firstSession);
  assert.equal(await lv.validate(), true);
  await lv.logout();
  await LiveVox.login({ baseUrl: emu.url, ...CREDS, password: "wr0ng-pass-xyz", logger }).catch(() => {});

  assert.ok(events.length >= 10, `expected an event per request, got ${events.length}`);
  for (const e of events) {
    assert.equal(typeof e.level, "string", JSON.stringify(e));
    assert.equal(typeof e.message, "string", JSON.stringify(e));
  }
  const requestEvents = events.filter((e) => e.method !== undefined);
  for (const e of requestEvents) {
    assert.equal(typeof e.path, "string");
    assert.ok(e.path.startsWith("/"), `path is a path: ${e.path}`);
    assert.equal(typeof e.durationMs, "number");
    assert.ok(e.durationMs >= 0);
  }
  const has = (method, pathPrefix, status) =>
    requestEvents.some((e) => e.method === method && e.path.startsWith(pathPrefix) && (status === undefined || e.status === status));
  assert.ok(has("POST", "/session/login", 200), "login logged with status 200");
  assert.ok(has("GET", `${SUP}/monitor/state`, 200));
  assert.ok(has("POST", `${SUP}/chat/send`, 204));
  assert.ok(has("POST", `${SUP}/agent/status/ready`, 500), "a failed call is logged with its status");
  assert.ok(has("GET", `${SUP}/monitor/state`, 503), "a retried 503 is logged");
  assert.ok(has("GET", `${SUP}/service/access`, 401), "the 401 before renewal is logged");
  assert.ok(has("GET", "/session/validate"), "validate logged");
  assert.ok(has("DELETE", "/session/logout"), "logout logged");

  const all = JSON.stringify(events);
  for (const secret of [
    "s3cret", "wr0ng-pass-xyz", "test-access-token", firstSession, secondSession, SECRET_CHAT, SECRET_BROADCAST, "AGENT-REPLY-BODY-55e1",
  ]) {
    assert.ok(!all.includes(secret), `logger output leaks ${secret}`);
  }
});

test("a logger that throws does not break calls", async () => {
  const lv = await login(emu, { logger: () => { throw new Error("logger broke"); } });
  assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false });
});

test("logger option of the wrong type → INVALID_ARGUMENT", async () => {
  await rejectsWith(() => login(emu, { logger: "console" }), "INVALID_ARGUMENT", { field: "logger" });
  assert.deepEqual(await requests(emu), []);
});

// ---------------------------------------------------------------- fetch

function countingFetch() {
  const seen = [];
  const f = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, method: init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET") });
    return fetch(input, init);
  };
  return { f, seen };
}

test("a custom fetch is used for every request (login, calls, re-login, validate, logout)", async () => {
  const { f, seen } = countingFetch();
  const lv = await login(emu, { fetch: f });
  await lv.supervisor.monitorState();
  await lv.supervisor.setReady(["lv_usr1"]);
  await expireSessions(emu);
  await lv.supervisor.servicesAllowed();
  await lv.validate();
  await lv.logout();
  const log = await requests(emu);
  assert.equal(seen.length, log.length, "every logged request went through the custom fetch");
  assert.equal(seen.length, 8); // login, state, ready, access(401), login, access, validate, logout
  assert.deepEqual(seen.map((s) => new URL(s.url).pathname), log.map((e) => e.path));
});

test("a custom fetch can answer on its own (nothing reaches the network)", async () => {
  const lv = await login(emu);
  const since = await mark(emu);
  const urls = [];
  const lv2 = LiveVox.resume({
    baseUrl: emu.url,
    sessionId: lv.sessionId,
    fetch: async (input) => {
      urls.push(typeof input === "string" ? input : input.url ?? String(input));
      return new Response(JSON.stringify({ activeCall: true }), { status: 200, headers: { "content-type": "application/json" } });
    },
  });
  assert.deepStrictEqual(await lv2.supervisor.monitorState(), { activeCall: true });
  assert.equal(urls.length, 1);
  assert.equal(urls[0], `${emu.url}${SUP}/monitor/state`);
  assert.deepEqual(await requestsSince(emu, since), []);
});

test("a reply's bytes are read as Response.text() reads them: a byte-order mark dropped, bytes that are not UTF-8 replaced", async () => {
  const bytesOf = (...parts) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
  // Error replies, whose vendor message the error carries as the SDK read it.
  const replies = [
    bytesOf('{"code":1,"message":"caf\u00e9 \u20ac"}'),
    bytesOf([0xef, 0xbb, 0xbf], '{"code":2,"message":"bom"}'),
    bytesOf('{"code":3,"message":"a', [0xff], 'b"}'),
    bytesOf([0xef, 0xbb, 0xbf], '{"code":4,"message":"', [0xc3], '"}'),
  ];
  const lv = LiveVox.resume({
    baseUrl: emu.url,
    sessionId: "s1",
    fetch: async () => {
      const body = replies.shift();
      // What the SDK reads must equal what Response.text() gives for the same bytes.
      assert.ok(JSON.parse(await new Response(body).text()));
      return new Response(body, { status: 400, headers: { "content-type": "application/json" } });
    },
  });
  const read = async () => {
    const err = await lv.supervisor.monitorState().then(() => assert.fail("resolved"), (e) => e);
    assert.equal(err.code, "INVALID_ARGUMENT");
    return [err.vendorCode, err.vendorMessage];
  };
  assert.deepEqual(await read(), [1, "caf\u00e9 \u20ac"]);
  assert.deepEqual(await read(), [2, "bom"]);
  assert.deepEqual(await read(), [3, "a\ufffdb"]);
  assert.deepEqual(await read(), [4, "\ufffd"]);
});

test("a custom fetch that throws → NETWORK", async () => {
  const lv = await login(emu, {
    fetch: (() => {
      let n = 0;
      return async (input, init) => {
        if (n++ === 0) return fetch(input, init); // the login
        throw new TypeError("fetch failed");
      };
    })(),
    retry: { ...FAST_RETRY, maxRetries: 0 },
  });
  await rejectsWith(() => lv.supervisor.setReady(["lv_usr1"]), "NETWORK");
});

test("fetch option of the wrong type → INVALID_ARGUMENT", async () => {
  await rejectsWith(() => login(emu, { fetch: "fetch" }), "INVALID_ARGUMENT", { field: "fetch" });
  assert.deepEqual(await requests(emu), []);
});

// ---------------------------------------------------------------- fetch of another realm

test("a custom fetch may return a plain thenable, or a Promise from another realm (vm context, iframe, Jest)", async () => {
  const { runInNewContext } = await import("node:vm");
  const ForeignPromise = runInNewContext("Promise");
  assert.ok(!(ForeignPromise.resolve(1) instanceof Promise), "a vm context's Promise is not this realm's");
  const fetches = {
    thenable: (input, init) => ({ then: (resolve, reject) => fetch(input, init).then(resolve, reject) }),
    "vm Promise": (input, init) => new ForeignPromise((resolve, reject) => fetch(input, init).then(resolve, reject)),
    // A response-like object whose text() gives another realm's Promise (no real Response).
    "vm Promise and response-like": (input, init) => runInNewContext("(f, input, init) => f(input, init)", {})(
      async (i, o) => {
        const r = await fetch(i, o);
        const body = await r.text();
        return { status: r.status, headers: r.headers, text: () => ForeignPromise.resolve(body) };
      },
      input,
      init,
    ),
  };
  for (const [label, f] of Object.entries(fetches)) {
    const since = await mark(emu);
    const lv = await login(emu, { fetch: f });
    assert.deepStrictEqual(await lv.supervisor.monitorState(), { activeCall: false }, label);
    assert.deepEqual((await requestsSince(emu, since)).map((e) => e.path), ["/session/login", `${SUP}/monitor/state`], label);
  }
  // Anything that is not a thenable is still refused, as a NETWORK failure naming the fetch option.
  const lv = await login(emu);
  const bad = LiveVox.resume({ baseUrl: emu.url, sessionId: lv.sessionId, fetch: () => ({ status: 200 }), retry: { maxRetries: 0 } });
  const err = await rejectsWith(() => bad.supervisor.monitorState(), "NETWORK");
  assert.match(err.message, /fetch option did not return a Promise/);
});

// ---------------------------------------------------------------- logLevel

test("logLevel is a threshold: each client passes its logger the events at its level or above; default: every event", async () => {
  const levels = ["default", "debug", "info", "warn", "error"];
  const seen = Object.fromEntries(levels.map((l) => [l, []]));
  for (const level of levels) {
    const extra = { logger: (e) => seen[level].push(e.level), retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } };
    if (level !== "default") extra.logLevel = level;
    const lv = await login(emu, extra); // debug
    await addFault(emu, { method: "GET", path: `${SUP}/monitor/state`, status: 503, times: 2 });
    await lv.supervisor.monitorState().catch(() => {}); // warn (retried), error
    await lv.supervisor.monitorState(); // debug
  }
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen, {
    default: ["debug", "warn", "error", "debug"],
    debug: ["debug", "warn", "error", "debug"],
    info: ["warn", "error"],
    warn: ["warn", "error"],
    error: ["error"],
  });
  for (const bad of ["verbose", "WARN", 3, true]) {
    await rejectsWith(() => login(emu, { logLevel: bad, logger: () => {} }), "INVALID_ARGUMENT", { field: "logLevel" });
  }
  await rejectsWith(() => floorwalker.Gws.connect({ baseUrl: emu.url, username: "supervisor1", password: "sup-pass", logLevel: "loud" }), "INVALID_ARGUMENT", { field: "logLevel" });
  assert.throws(() => new floorwalker.CometD({ url: `${emu.url}/api/v2/notifications`, logLevel: "loud" }), (e) => e.code === "INVALID_ARGUMENT" && e.field === "logLevel");
  assert.deepEqual((await requests(emu)).filter((e) => e.path.includes("/api/v2")), [], "nothing sent for a bad logLevel");
});

// ---------------------------------------------------------------- requestId

test("a failed call's FloorwalkerError carries the requestId of its log lines; each call has its own", async () => {
  const events = [];
  const lv = await login(emu, { logger: (e) => events.push(e), retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } });
  await addFault(emu, { method: "GET", path: `${SUP}/monitor/state`, status: 500, times: 2 });
  const err = await rejectsWith(() => lv.supervisor.monitorState(), "SERVER_ERROR");
  await new Promise((r) => setTimeout(r, 10));
  assert.match(err.requestId, /^[0-9a-z]{4}-\d+$/);
  const lines = events.filter((e) => e.requestId === err.requestId);
  assert.deepEqual(lines.map((e) => [e.level, e.status]), [["warn", 500], ["error", 500]], "both attempts, one id");
  const ids = new Set(events.map((e) => e.requestId));
  assert.equal(ids.size, 2, "the login had its own id");
  assert.equal(err.toJSON().requestId, err.requestId);
  // An answer that does not decode names the call too.
  await addFault(emu, { method: "GET", path: `${SUP}/monitor/state`, status: 200, body: "<html>oops</html>" });
  const bad = await rejectsWith(() => lv.supervisor.monitorState(), "BAD_RESPONSE", { status: 200 });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(events.at(-1).status, 200);
  assert.ok(bad.requestId && events.at(-1).requestId === bad.requestId);
  // Bad input fails before any request: no id.
  const early = await rejectsWith(() => lv.supervisor.setReady([]), "INVALID_ARGUMENT");
  assert.equal(early.requestId, undefined);
});

// ---------------------------------------------------------------- once

test("once(event, cb) calls back for the first event only; its return value removes it sooner; bad arguments throw", async () => {
  const lv = await login(emu);
  const on = [];
  const once = [];
  const never = [];
  lv.on("sessionRenewed", (e) => on.push(e.sessionId));
  lv.once("sessionRenewed", (e) => once.push(e.sessionId));
  const off = lv.once("sessionRenewed", (e) => never.push(e));
  off();
  for (let i = 0; i < 2; i++) {
    await expireSessions(emu);
    await lv.supervisor.servicesAllowed();
  }
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(on.length, 2);
  assert.deepEqual(once, [on[0]]);
  assert.deepEqual(never, []);

  // ChatWatch: two agent messages delivered in one poll; once sees the first only.
  const watch = lv.supervisor.watchChat({ intervalMs: 50 });
  const messages = [];
  const first = [];
  watch.on("message", (m) => messages.push(m.message));
  watch.once("message", (m) => first.push(m.message));
  await agentReply(emu, "lv_usr1", "one");
  await agentReply(emu, "lv_usr1", "two");
  for (let i = 0; i < 100 && messages.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  watch.stop();
  assert.deepEqual(messages, ["one", "two"]);
  assert.deepEqual(first, ["one"]);

  // CometD: the first state change only.
  const basic = Buffer.from("supervisor1:sup-pass").toString("base64");
  const c = new floorwalker.CometD({ url: `${emu.url}/api/v2/notifications`, headers: { Authorization: `Basic ${basic}` } });
  const states = [];
  const firstState = [];
  c.on("state", (s) => states.push(s));
  c.once("state", (s) => firstState.push(s));
  await c.handshake();
  await c.disconnect();
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(states.length >= 2, JSON.stringify(states));
  assert.deepEqual(firstState, [states[0]]);

  for (const [label, call] of [
    ["LiveVox", () => lv.once("sessionRenewed", "not a function")],
    ["LiveVox event", () => lv.once("nope", () => {})],
    ["ChatWatch", () => watch.once("message")],
    ["CometD", () => c.once("state", null)],
  ]) {
    assert.throws(call, (e) => e instanceof floorwalker.FloorwalkerError && e.code === "INVALID_ARGUMENT", label);
  }
});
