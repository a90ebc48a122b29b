// The live agent board and parseInvite's nullable fields as a strict application writes them.
// Type-checked only (strict), never run; the `@ts-expect-error` lines prove misuse fails.

import {
  LiveVox,
  parseInvite,
  type AgentState,
  type AgentStateChange,
  type AgentStateName,
  type AgentWatch,
  type Invite,
  type ServiceStats,
} from "floorwalker";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

const lv = await LiveVox.login({ baseUrl: "https://api.livevox.com", accessToken: "t", clientName: "ACME", userName: "u", password: "p" });

// ---- agentStates -----------------------------------------------------------------------------

const board: AgentState[] = await lv.supervisor.agentStates();
const some: AgentState[] = await lv.supervisor.agentStates({ serviceIds: [23114] }, { timeoutMs: 5000 });
assertType<Equal<AgentState["state"], AgentStateName>>();
assertType<Equal<AgentStateName, "LOGGED_ON" | "READY" | "NOT_READY" | "IN_CALL" | "WRAP_UP" | "ACTIVE" | "UNKNOWN">>();
const rawId: number = board[0]!.stateId;
const service: number = some[0]!.serviceId;
// @ts-expect-error serviceIds are numbers
await lv.supervisor.agentStates({ serviceIds: ["23114"] });

// ---- watchAgents -----------------------------------------------------------------------------

const watch: AgentWatch = lv.supervisor.watchAgents({ intervalMs: 1000, serviceIds: [23114] });
const off: () => void = watch.on("change", (c: AgentStateChange) => {
  const from: AgentStateName | null = c.from;
  const to: AgentStateName | null = c.to;
  const fromId: number | null = c.fromStateId;
  const at: number = c.at;
  console.log(c.agentLoginId, c.serviceId, from, to, fromId, at);
});
watch.on("error", (e) => console.log(e.code));
off();
for await (const change of watch) {
  assertType<Equal<typeof change, AgentStateChange>>();
  const now: AgentState[] = watch.board;
  if (now.length > 10) break;
}
watch.stop();
const stopped: boolean = watch.stopped;
// @ts-expect-error the events are "change" and "error"
watch.on("message", () => {});

// ---- serviceStats ----------------------------------------------------------------------------

const { stats } = await lv.supervisor.serviceStats({ serviceIds: [23114] });
const first: ServiceStats | undefined = stats[0];
const sid: number | null = first?.serviceId ?? null;
const name: string | null = first?.serviceName ?? null;
const agents: number | string | null | undefined = first?.totalAgents;
const passedOn: unknown = first?.["someNewField"];

// ---- parseInvite: only the request line and Call-ID are required ------------------------------

const invite: Invite = parseInvite("INVITE sip:+18990000001@XX.XXX.XX.XX:5070 SIP/2.0^M\nCall-ID: x\n");
const from: string | null = invite.from;
const to: string | null = invite.to;
const cseq: string | null = invite.cseq;
const agentLoginId: string | null = invite.agentLoginId;
const transactionId: string | null = invite.transactionId;
const dnis: string | null = invite.dnis;
// @ts-expect-error from may be null
const fromText: string = invite.from;

console.log(rawId, service, stopped, sid, name, agents, passedOn, from, to, cseq, agentLoginId, transactionId, dnis, fromText);
