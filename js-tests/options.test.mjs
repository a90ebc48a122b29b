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
