// GWS supervisor control as an application writes it: agent channel states, the snapshot read at
// start-up and after a rehandshake, and call control checked against the call's capabilities.
// Only type-checked (strict), never run; the `@ts-expect-error` lines must not compile.

import {
  Gws,
  type GwsAgentState,
  type GwsCall,
  type GwsChat,
  type GwsChatInfo,
  type GwsDevice,
  type GwsSnapshot,
  type SetAgentStateOptions,
} from "floorwalker";

/** True only when A and B are the same type (so `any` does not pass for a real type). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

assertType<Equal<GwsAgentState, "Ready" | "NotReady" | "Offline">>();

const gws: Gws = await Gws.connect({ baseUrl: "http://127.0.0.1:8099", username: "supervisor1", password: "sup-pass" });

const lunch: SetAgentStateOptions = { reasonCode: "Lunch" };
const done: Promise<void> = gws.setAgentState("agent-user-id", "voice", "NotReady", lunch);
await done;
await gws.setAgentState("agent-user-id", "chat", "Ready");
await gws.setAgentState("agent-user-id", "email", "Offline", {}, { timeoutMs: 5000 });
// @ts-expect-error: not one of the three states
await gws.setAgentState("agent-user-id", "voice", "Busy");
// @ts-expect-error: reasonCode is a string
await gws.setAgentState("agent-user-id", "voice", "NotReady", { reasonCode: 7 });

const snap: GwsSnapshot = await gws.snapshot();
const devices: GwsDevice[] = snap.devices;
const calls: GwsCall[] = snap.calls;
const chats: GwsChatInfo[] = snap.chats;
const capabilities: string[] = calls[0]?.capabilities ?? [];
const unknownField: unknown = calls[0]?.["connId"];
const chatCaps: string[] | undefined = chats[0]?.capabilities;
console.log(devices.length, capabilities, unknownField, chatCaps);

for (const c of chats) {
  if (c.id === undefined) continue;
  const handle: GwsChat = gws.chat(c.id);
  const mode: "Monitor" | "Coach" | "BargeIn" | undefined = handle.mode;
  console.log(mode, handle.allows("SendMessage"));
}

const callId: string = calls[0]?.id ?? "call-id";
if (capabilities.includes("RemoveParticipantFromConference")) await gws.removeParticipant(callId, "5000");
const hungUp: Promise<void> = gws.hangUp(callId, { timeoutMs: 5000 });
await hungUp;
// @ts-expect-error: the participant is required
await gws.removeParticipant(callId);

const events = await gws.notifications();
const render = (s: GwsSnapshot): number => s.calls.length + s.chats.length;
events.on("rehandshake", async () => render(await gws.snapshot()));
