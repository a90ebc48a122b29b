// An example consumer of floorwalker, written the way an application would use it. It is only
// type-checked (`tsc -p js-tests/types`, strict), never run: it proves that a correct program
// compiles against the published types, and (the `@ts-expect-error` lines) that wrong ones do not.

import {
  LiveVox,
  FloorwalkerError,
  version,
  init,
  type AgentStatusReply,
  type CallOptions,
  type ChatMessagesReply,
  type ChatWatch,
  type ChatWatchMessage,
  type ErrorCode,
  type LiveVoxLoginOptions,
  type ReasonCode,
} from "floorwalker";

/** True only when A and B are the same type (so `any` does not pass for a real type). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

const options: LiveVoxLoginOptions = {
  baseUrl: "http://127.0.0.1:8099",
  accessToken: "test-access-token",
  clientName: "ACME",
  userName: "supervisor",
  password: "s3cret",
  timeoutMs: 10_000,
  retry: { maxRetries: 1 },
  logger: (event) => console.debug(event.level, event.message, event.status ?? "-", event.durationMs),
};

const versionString: string = version();
await init(); // harmless where the module is already loaded
console.log(`floorwalker ${versionString}`);

const lv: LiveVox = await LiveVox.login(options);
const sessionId: string = lv.sessionId;
const userId: number | undefined = lv.userId;
console.log(sessionId, userId);
const unsubscribe: () => void = lv.on("sessionRenewed", (event) => console.log("renewed", event));

// Agent status: the reply is typed, and a reason code is a closed union.
const ready: AgentStatusReply = await lv.supervisor.setReady(["LV_TEST"]);
for (const agent of ready.agents ?? []) {
  const id: string = agent.agentLoginId;
  console.log(id, agent.status);
}
const reason: ReasonCode = "LUNCH";
await lv.supervisor.setNotReady(["LV_SEB", "lv_usr1"], { reasonCode: reason, message: "Lunch break" });
await lv.supervisor.setReady(["LV_SEB"], { message: "Welcome back" });

// Every I/O method takes call options as its last argument.
const controller = new AbortController();
const call: CallOptions = { signal: controller.signal, timeoutMs: 5_000 };
await lv.supervisor.setReady(["LV_TEST"], undefined, call);

// Chat.
const broadcast = await lv.supervisor.broadcastChat(
  [{ userLoginId: "lv_usr1" }, { userLoginId: "LV_TEST", canReply: false }],
  "Team meeting in 5 minutes",
);
console.log(broadcast.broadcastStatus?.map((s) => `${s.userLoginId}: ${s.sent}`));

const reply: ChatMessagesReply = await lv.supervisor.chatMessages({ excludeOwn: true, after: new Date(0) });
const firstTimestamp: number = reply.chatList[0].messageList[0].timestamp;
assertType<Equal<typeof firstTimestamp, number>>();
console.log(new Date(firstTimestamp).toISOString());

// Watching chat: `for await` yields ChatWatchMessage (not `any`).
const watch: ChatWatch = lv.supervisor.watchChat({ intervalMs: 1_000, excludeOwn: true });
const stopListening = watch.on("error", (err) => console.warn("chat poll failed, retrying", err));
for await (const message of watch) {
  assertType<Equal<typeof message, ChatWatchMessage>>();
  const when: number = message.timestamp;
  console.log(`${message.userLoginId} at ${when}: ${message.message}`);
  if (message.message === "bye") break;
}
stopListening();
watch.stop();
const stopped: boolean = watch.stopped;
console.log(stopped);

// Errors: one class, a closed set of codes to switch on.
function advice(code: ErrorCode): string {
  switch (code) {
    case "INVALID_ARGUMENT":
      return "fix the input";
    case "UNAUTHORIZED":
    case "SESSION_EXPIRED":
    case "FORBIDDEN":
      return "log in again";
    case "NOT_FOUND":
    case "CONFLICT":
    case "VENDOR_ERROR":
    case "INVALID_STATE":
      return "check the agent";
    case "RATE_LIMITED":
    case "SERVER_ERROR":
    case "NETWORK":
    case "TIMEOUT":
    case "BAD_RESPONSE":
      return "try again later";
    case "ABORTED":
      return "nothing to do";
    default: {
      const unknown: never = code; // every ErrorCode is handled above
      return unknown;
    }
  }
}

try {
  await lv.supervisor.setNotReady(["LV_TEST"], { reasonCode: "BREAK" }, { timeoutMs: 2_000 });
} catch (err) {
  if (err instanceof FloorwalkerError) {
    const code: ErrorCode = err.code;
    const status: number | undefined = err.status;
    const field: string | undefined = err.field;
    const retryAfterMs: number | undefined = err.retryAfterMs;
    const name: "FloorwalkerError" = err.name;
    console.error(name, code, status, field, retryAfterMs, err.message, advice(err.code));
    if (err.code === "RATE_LIMITED") console.log(`wait ${err.retryAfterMs ?? 1000} ms`);
  } else {
    throw err;
  }
}

unsubscribe();
const valid: boolean = await lv.validate();
if (valid) await lv.logout();

// ---- The types are strict: each line below must NOT compile. -----------------------------

// @ts-expect-error: "NAP" is not a ReasonCode
const badReason: ReasonCode = "NAP";
// @ts-expect-error: reasonCode only takes a ReasonCode
await lv.supervisor.setNotReady(["LV_TEST"], { reasonCode: "NAP" }, call);
// @ts-expect-error: agents is a string[], not a string
await lv.supervisor.setReady("LV_TEST", undefined, call);
// @ts-expect-error: excludeOwn is required
await lv.supervisor.chatMessages({ after: 0 }, call);
// @ts-expect-error: broadcast recipients are objects, not ids
await lv.supervisor.broadcastChat(["lv_usr1"], "hi", call);
// @ts-expect-error: the login options need credentials
await LiveVox.login({ baseUrl: "http://127.0.0.1:8099" }, call);
// @ts-expect-error: not an event a LiveVox client emits
lv.on("sessionLost", () => {});
// @ts-expect-error: the session id is read-only
lv.sessionId = "forged";
// @ts-expect-error: not an ErrorCode
const badCode: ErrorCode = "EXPIRED";
// @ts-expect-error: a chat message's timestamp is a number, not a string
const badTimestamp: string = reply.chatList[0].messageList[0].timestamp;
// @ts-expect-error: a ChatWatchMessage has no `text`
const noText = (m: ChatWatchMessage) => m.text;
// @ts-expect-error: the code of a FloorwalkerError is read-only
new FloorwalkerError("TIMEOUT", "x").code = "ABORTED";

export { badReason, badCode, badTimestamp, noText };
