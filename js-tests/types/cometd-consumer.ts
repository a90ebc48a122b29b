// An example CometD consumer, only type-checked (see consumer.ts): correct use compiles, and
// the `@ts-expect-error` lines prove that wrong use does not.

import {
  CometD,
  FloorwalkerError,
  type BayeuxMessage,
  type CometDExtension,
  type CometDOptions,
  type CometdState,
  type CometdWarning,
  type CallOptions,
} from "floorwalker";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

const options: CometDOptions = {
  url: "https://gws.example.com/api/v2/notifications",
  headers: { Authorization: "Basic dXNlcjpwYXNz" },
  timeoutMs: 10_000,
  maxNetworkDelayMs: 5_000,
  logger: (e) => console.log(e.level, e.message),
  ack: true,
  extensions: [
    {
      outgoing(m) {
        if (m.channel === "/meta/handshake") m.ext = { ...m.ext, token: "t" };
      },
    },
    { incoming: (m: BayeuxMessage) => (m.channel === "/noise" ? null : m) },
  ],
};
const onlyIncoming: CometDExtension = { incoming: (m) => m };
const c = new CometD(options);
const call: CallOptions = { signal: AbortSignal.timeout(30_000) };
const offState: () => void = c.on("state", (s) => {
  assertType<Equal<typeof s, CometdState>>();
  if (s === "reconnecting") console.warn("link lost; the client is reconnecting");
});
const offRehandshake: () => void = c.on("rehandshake", () => console.log("re-read state"));
c.on("warning", (w) => {
  assertType<Equal<typeof w, CometdWarning>>();
  const why: string = w.reason;
  console.warn(why, w.message);
});
c.reconnect();
offRehandshake();
await c.handshake(call);
const state: CometdState = c.state;
const unsubscribe = await c.subscribe("/v2/me/*", (data, channel) => {
  const ch: string = channel;
  console.log(ch, data);
});
await c.publish("/service/chat", { text: "hi" }, call);
await unsubscribe();
offState();
try {
  await c.disconnect();
} catch (err) {
  if (err instanceof FloorwalkerError && err.code === "ABORTED") console.log("aborted");
}

// @ts-expect-error: url is required
new CometD({ timeoutMs: 1000 });
// @ts-expect-error: the events are "state", "rehandshake" and "warning"
c.on("message", () => {});
// @ts-expect-error: ack is a boolean
new CometD({ url: "https://h/c", ack: "yes" });
// @ts-expect-error: an extension hook takes a message
new CometD({ url: "https://h/c", extensions: [{ outgoing: (m: number) => m }] });
// @ts-expect-error: not a state
const badState: CometdState = "open";
// @ts-expect-error: state is read-only
c.state = "connected";

export { state, badState, onlyIncoming };
