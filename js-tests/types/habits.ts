// Event and logging habits, type-checked only (`tsc -p js-tests/types`, strict): `once` beside
// `on` on every class with events, `logLevel` on every client, `requestId` on log events and on
// FloorwalkerError, and a `fetch` that returns a thenable.

import {
  LiveVox,
  Gws,
  CometD,
  FloorwalkerError,
  type LogEvent,
  type LogLevel,
  type FetchLike,
} from "floorwalker";

/** True only when A and B are the same type (so `any` does not pass for a real type). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

assertType<Equal<LogLevel, "debug" | "info" | "warn" | "error">>();
assertType<Equal<LogEvent["requestId"], string | undefined>>();
assertType<Equal<FloorwalkerError["requestId"], string | undefined>>();

// A fetch that returns a plain thenable (or another realm's Promise) fits FetchLike.
const thenableFetch: FetchLike = (input, init) => ({
  then: (resolve, reject) => fetch(input, init).then(resolve, reject),
});

const lines = new Map<string, LogEvent[]>();
const lv = await LiveVox.login({
  baseUrl: "http://127.0.0.1:8099",
  accessToken: "test-access-token",
  clientName: "ACME",
  userName: "supervisor",
  password: "s3cret",
  logLevel: "warn",
  fetch: thenableFetch,
  logger: (e) => {
    if (e.requestId !== undefined) lines.set(e.requestId, [...(lines.get(e.requestId) ?? []), e]);
  },
});
try {
  await lv.supervisor.servicesAllowed();
} catch (err) {
  if (err instanceof FloorwalkerError && err.requestId !== undefined) console.log(lines.get(err.requestId));
}

const offRenewed: () => void = lv.once("sessionRenewed", (e) => console.log(e));
offRenewed();
const watch = lv.supervisor.watchChat({ intervalMs: 5000 });
watch.once("message", (m) => console.log(m.message));
watch.once("error", (e) => console.log(e.code));
const keepAlive = (await LiveVox.login({
  baseUrl: "http://127.0.0.1:8099",
  accessToken: "t",
  clientName: "ACME",
  userName: "VA1",
  password: "p",
  agent: true,
})).agent.keepAlive({ intervalMs: 60_000 });
keepAlive.once("skip", (e) => console.log(e.reason));
keepAlive.once("cycle", () => {});

const gws = await Gws.connect({ baseUrl: "http://127.0.0.1:8099", username: "u", password: "p", logLevel: "error" });
const events = await gws.notifications();
events.once("/v2/me/devices", (data, channel) => console.log(data, channel));

const c = new CometD({ url: "http://127.0.0.1:8099/cometd", logLevel: "info" });
c.once("state", (s) => console.log(s));

// @ts-expect-error: not a level
await LiveVox.resume({ baseUrl: "http://127.0.0.1:8099", sessionId: "s", logLevel: "verbose" });
