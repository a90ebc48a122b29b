// Starting the helper processes of the benchmarks (emulator, Bayeux server) and waiting for
// the one line that tells their URL.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Spawns `node <script> ...args`, waits for a stdout line `<key>=<value>` and resolves to
 * `{ value, close(), child }`. The child exits when its stdin closes (so it never outlives
 * this process) or on `close()`.
 */
export function startChild(script, args, key, { timeoutMs = 20_000 } = {}) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script} did not print ${key}= within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before printing ${key}=`));
    });
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = new RegExp(`^${key}=(.*)$`, "m").exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({
        value: m[1].trim(),
        child,
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.stdin.end();
            setTimeout(() => child.kill("SIGKILL"), 3000).unref();
          }),
      });
    });
  });
}

/** The emulator in a child process; `agents` extra virtual agents BENCH1 … (see emulator-child.mjs). */
export async function startEmulatorProcess({ agents = 0 } = {}) {
  const c = await startChild(here("./emulator-child.mjs"), ["--agents", String(agents)], "EMULATOR_URL");
  return { url: c.value, close: c.close, child: c.child };
}

/** Supervisor credentials of the emulator's fixtures. */
export const SUPERVISOR = {
  accessToken: "test-access-token",
  clientName: "ACME",
  userName: "supervisor",
  password: "s3cret",
};

/** A request to the emulator's control API (`/__control/...`); resolves to the JSON reply or null. */
export async function control(url, method, path, body) {
  const res = await fetch(`${url}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Makes one call with each of `calls` (name -> async function) and compares the requests the
 * emulator saw: method, URL, body bytes and every header (names and values). Resolves to
 * `{ same, requests }`.
 */
export async function compareRequests(url, calls) {
  await control(url, "DELETE", "/requests");
  const names = Object.keys(calls);
  for (const k of names) await calls[k]();
  const log = await control(url, "GET", "/requests");
  const requests = Object.fromEntries(
    names.map((k, i) => {
      const e = log[i] ?? {};
      return [k, { method: e.method, url: e.url, rawBody: e.rawBody, headers: e.headers }];
    }),
  );
  const key = (r) => JSON.stringify(r);
  const same = names.every((k) => key(requests[k]) === key(requests[names[0]]));
  return { same, requests };
}

/** cometd-nodejs-server in a child process (see bayeux-child.mjs); `url` is the Bayeux endpoint. */
export async function startBayeuxProcess() {
  const c = await startChild(here("./bayeux-child.mjs"), [], "BAYEUX_URL");
  return { url: c.value, origin: new URL(c.value).origin, close: c.close, child: c.child };
}
