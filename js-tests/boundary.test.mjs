// The JavaScript boundary of every entry (floorwalker, /livevox, /livevox-supervisor, /gws,
// /cometd, /sip), as shipped in the installed package:
//
// - the shipped types name every parameter in camelCase (wasm-bindgen would write Rust's
//   snake_case names, e.g. `device_id`, unless the parameter is renamed);
// - a method called on a freed object, on `new X()`, or with another `this` (a plain object,
//   null, an object of another class, an object of another entry) throws a FloorwalkerError
//   with code INVALID_STATE at once, instead of wasm-bindgen's "null pointer passed to rust"
//   Error (or Rust reading a foreign pointer), and the module keeps working afterwards.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CREDS, FloorwalkerError, reset, startEmu } from "./support/harness.mjs";

const require = createRequire(import.meta.url);
const PKG_DIR = path.dirname(require.resolve("floorwalker/package.json"));
const ENTRIES = [
  { spec: "floorwalker", dir: "" },
  { spec: "floorwalker/livevox", dir: "livevox" },
  { spec: "floorwalker/livevox-supervisor", dir: "livevox-supervisor" },
  { spec: "floorwalker/gws", dir: "gws" },
  { spec: "floorwalker/cometd", dir: "cometd" },
  { spec: "floorwalker/sip", dir: "sip" },
];
const SUP1 = { username: "supervisor1", password: "sup-pass" };
const RETRY = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 10 };
const CHAT_ID = "0001Da9PFC93000S";
const VALID_INVITE =
  "INVITE sip:+18990000020@10.0.0.5:5070 SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:+18990000020@h>\r\nCall-ID: x@h\r\nCSeq: 1 INVITE\r\n\r\n";

// ------------------------------------------------------------------ parameter names

/**
 * The snake_case parameter names in declaration text: a name directly after `(` or `,` (a
 * parameter of a method, function, constructor or callback type) and before `:` or `?:`, and
 * the names of `@param` tags.
 */
function snakeParams(text) {
  const hits = [];
  text.split("\n").forEach((line, i) => {
    // wasm-bindgen's loader (the glue's default export): the entries re-export neither it nor
    // its types, and export `init` instead.
    if (/function __wbg_init\b/.test(line)) return;
    for (const m of line.matchAll(/[(,]\s*(?:\.\.\.)?([A-Za-z$][\w$]*_[\w$]*)\??\s*:/g)) hits.push(`${i + 1}: ${m[1]} in ${line.trim()}`);
    for (const m of line.matchAll(/@param\s+(?:\{[^}]*\}\s+)?\[?([A-Za-z$][\w$]*_[\w$]*)/g)) hits.push(`${i + 1}: @param ${m[1]}`);
  });
  return hits;
}

test("the scanner finds snake_case parameters (so the check below can fail)", () => {
  assert.equal(snakeParams("    bargeIn(device_id: string, options: X, call?: CallOptions): Promise<void>;").length, 1);
  assert.equal(snakeParams("export function f(a: string, agent_login_id?: string): void;").length, 1);
  assert.equal(snakeParams("    startMonitor(numberToDial: string, opts?: { a_b: 1 }): void;").length, 0, "a field of an inline object type is not a parameter");
  assert.equal(snakeParams(" * @param {string} user_id the user").length, 1);
  assert.equal(snakeParams("export default function __wbg_init (module_or_path?: InitInput): Promise<InitOutput>;").length, 0);
  assert.equal(snakeParams("    agent_login_id: string;").length, 0, "an interface field is not a parameter");
});

for (const { spec, dir } of ENTRIES) {
  test(`${spec}: no snake_case parameter name in the shipped types`, () => {
    const hits = [];
    for (const file of ["floorwalker_wasm.d.cts", "index.d.ts", "index.d.cts"]) {
      const text = readFileSync(path.join(PKG_DIR, dir, file), "utf8");
      for (const h of snakeParams(text)) hits.push(`${dir ? dir + "/" : ""}${file}:${h}`);
    }
    assert.deepEqual(hits, []);
  });
}

// ------------------------------------------------------------------ misuse

let emu;
const cleanups = [];
before(async () => {
  emu = await startEmu();
  await reset(emu);
});
after(async () => {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      // already ended
    }
  }
  await emu?.close?.();
});

const cometdOptions = (url) => ({
  url: `${url}/api/v2/notifications`,
  timeoutMs: 5000,
  headers: { Authorization: `Basic ${Buffer.from(`${SUP1.username}:${SUP1.password}`).toString("base64")}` },
});

/** A live instance of each class an entry may export, made through the public API. */
function makers(m, url) {
  const lvLogin = () => m.LiveVox.login({ baseUrl: url, ...CREDS, retry: { ...RETRY } });
  const vaLogin = () =>
    m.LiveVox.login({ baseUrl: url, ...CREDS, userName: "VA1", password: "agent-va1", agent: true, retry: { ...RETRY } });
  const gwsConnect = () => m.Gws.connect({ baseUrl: url, ...SUP1, retry: { ...RETRY } });
  return {
    LiveVox: lvLogin,
    Supervisor: async () => (await lvLogin()).supervisor,
    Agent: async () => (await vaLogin()).agent,
    Contacts: async () => (await vaLogin()).contacts,
    KeepAlive: async () => {
      const k = (await vaLogin()).agent.keepAlive({ intervalMs: 60_000 });
      k.stop();
      return k;
    },
    ChatWatch: async () => {
      const w = (await lvLogin()).supervisor.watchChat({ intervalMs: 60_000 });
      w.stop();
      return w;
    },
    AgentWatch: async () => {
      const w = (await lvLogin()).supervisor.watchAgents({ intervalMs: 60_000 });
      w.stop();
      return w;
    },
    AgentPool: async () =>
      new m.AgentPool({
        baseUrl: url,
        accessToken: CREDS.accessToken,
        clientName: CREDS.clientName,
        serviceId: 1001,
        agents: [{ userName: "VA20", password: "agent-va20", phoneNumber: "+18990000020" }],
        keepAliveMs: 0,
        retry: { ...RETRY },
      }),
    CometD: async () => new m.CometD(cometdOptions(url)),
    Gws: gwsConnect,
    GwsChat: async () => (await gwsConnect()).chat(CHAT_ID, { mode: "BargeIn" }),
    GwsNotifications: async () => {
      const g = await gwsConnect();
      const events = await g.notifications();
      await events.close();
      cleanups.push(() => g.close());
      return events;
    },
  };
}

/** A normal call of the entry that must still succeed after the misuse. */
async function stillWorks(m, url) {
  if (m.LiveVox) {
    const lv = await m.LiveVox.login({ baseUrl: url, ...CREDS, retry: { ...RETRY } });
    await lv.supervisor.servicesAllowed();
    await lv.logout();
  }
  if (m.Gws) {
    const g = await m.Gws.connect({ baseUrl: url, ...SUP1, retry: { ...RETRY } });
    assert.ok(await g.me());
    g.close();
  }
  if (m.CometD) {
    const c = new m.CometD(cometdOptions(url));
    await c.handshake();
    await c.disconnect();
  }
  if (m.parseInvite) assert.equal(typeof m.parseInvite(VALID_INVITE), "object");
}

const exportedClasses = (m) =>
  Object.entries(m).filter(([name, v]) => typeof v === "function" && /^[A-Z]/.test(name) && v !== FloorwalkerError && v.prototype);

/**
 * Every public method and getter of a class: all but the JS-only async iterator hook and the
 * glue's internal `__` members.
 */
function members(cls) {
  const out = [];
  for (const key of Reflect.ownKeys(cls.prototype)) {
    if (key === "constructor" || key === Symbol.asyncIterator || (typeof key === "string" && key.startsWith("__"))) continue;
    const d = Object.getOwnPropertyDescriptor(cls.prototype, key);
    const label = typeof key === "symbol" ? `[${key.description}]` : key;
    if (typeof d.value === "function") out.push([label, (self) => d.value.call(self)]);
    else if (typeof d.get === "function") out.push([`get ${label}`, (self) => d.get.call(self)]);
  }
  return out;
}

/** `fn` must throw a FloorwalkerError INVALID_STATE synchronously whose message matches `re`. */
function expectInvalidState(label, fn, re, problems) {
  let r;
  try {
    r = fn();
  } catch (e) {
    if (!(e instanceof FloorwalkerError) || e.code !== "INVALID_STATE") {
      problems.push(`${label}: threw ${e?.constructor?.name} ${e?.code ?? ""} ${e?.message}`);
    } else if (!re.test(e.message)) {
      problems.push(`${label}: message "${e.message}" does not match ${re}`);
    }
    return;
  }
  if (r && typeof r.then === "function") r.catch(() => {});
  problems.push(`${label}: did not throw (returned ${typeof r})`);
}

const FREED = /was freed/;
const WRONG = /method called on another object/;

for (const { spec } of ENTRIES) {
  test(`${spec}: every method on a freed object or a wrong \`this\` throws FloorwalkerError INVALID_STATE, and the module still works`, async () => {
    const m = await import(spec);
    const make = makers(m, emu.url);
    const classes = exportedClasses(m);
    const problems = [];
    const live = new Map();
    for (const [name] of classes) {
      assert.ok(make[name], `a maker for ${spec}'s class ${name} (add it to makers())`);
      live.set(name, await make[name]());
    }
    for (const [name, cls] of classes) {
      const other = [...live.entries()].find(([n]) => n !== name)?.[1];
      for (const [member, call] of members(cls)) {
        const where = `${name}#${member}`;
        expectInvalidState(`${where} with {} as this`, () => call({}), WRONG, problems);
        expectInvalidState(`${where} with null as this`, () => call(null), WRONG, problems);
        expectInvalidState(`${where} on Object.create(${name}.prototype)`, () => call(Object.create(cls.prototype)), FREED, problems);
        if (other) expectInvalidState(`${where} on another class's object`, () => call(other), WRONG, problems);
      }
      const obj = live.get(name);
      obj.free();
      for (const [member, call] of members(cls)) expectInvalidState(`${name}#${member} after free()`, () => call(obj), FREED, problems);
      expectInvalidState(`${name}: free() twice`, () => obj.free(), FREED, problems);
    }
    // An object of this entry is not one of another entry's classes (another module's memory).
    if (spec !== "floorwalker" && m.LiveVox) {
      const main = await import("floorwalker");
      const lv = await make.LiveVox();
      expectInvalidState("floorwalker's LiveVox#validate on a floorwalker/livevox LiveVox", () => main.LiveVox.prototype.validate.call(lv), WRONG, problems);
      await lv.logout();
    }
    assert.deepEqual(problems, []);
    await stillWorks(m, emu.url);
    console.log(`${spec}: ${classes.length} classes checked`);
  });
}
