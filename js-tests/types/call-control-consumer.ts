// A virtual agent handling the call (screen pop, transfer, hold, mute, recording, services) and
// AgentPool.handleInvite as a strict application writes them. Type-checked only (strict), never
// run; the `@ts-expect-error` lines prove misuse fails.

import {
  AgentPool,
  LiveVox,
  type AgentServices,
  type CallLineOptions,
  type CallOutcome,
  type HandledCallResult,
  type InviteCall,
  type ScreenPop,
  type ScreenPopRow,
  type ServiceFeatures,
  type TransferToPerson,
} from "floorwalker";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

const lv = await LiveVox.login({ baseUrl: "https://api.livevox.com", accessToken: "t", clientName: "ACME", userName: "VA1", password: "p", agent: true });

// ---- screen pop ------------------------------------------------------------------------------

const pop: ScreenPop = await lv.agent.screenPop();
const rows: ScreenPopRow[] = pop.rows;
const firstKey: string = rows[0]!.key;
const firstValue: string = rows[0]!.value;
const name: string | undefined = pop.fields["FIRST NAME"];
await lv.agent.screenPop({ lineNumber: "ACD" }, { timeoutMs: 5000 });
// @ts-expect-error lineNumber is text
await lv.agent.screenPop({ lineNumber: 1 });

// ---- call control ----------------------------------------------------------------------------

const line: CallLineOptions = { lineNumber: "EXT2" };
const controls: Promise<void>[] = [
  lv.agent.endCall(),
  lv.agent.endCall(line),
  lv.agent.hold(),
  lv.agent.unhold(line),
  lv.agent.mute(),
  lv.agent.unmute({ timeoutMs: 1000 }),
  lv.agent.pauseRecording(),
  lv.agent.resumeRecording(line),
];
await Promise.all(controls);
const transfer: TransferToPerson = { number: "+18005550100", hold: true, secure: false };
await lv.agent.transferToPerson(transfer);
await lv.agent.transferToPerson({ number: "+18005550100" });
// @ts-expect-error the number is required
await lv.agent.transferToPerson({ hold: true });

// ---- services ------------------------------------------------------------------------------

const allowed: AgentServices = await lv.agent.servicesAllowed();
const ids: number[] = allowed.services.map((s) => s.serviceId);
const home: boolean | null | undefined = allowed.homeAgent;
const sip: unknown = allowed["sipId"];
const features: ServiceFeatures = await lv.agent.serviceFeatures(ids[0] ?? 1001);
const reasons: string[] | undefined = features.features?.notReadyReasonCodes;
for (const reasonCode of reasons ?? []) await lv.agent.setNotReady({ reasonCode });
// @ts-expect-error serviceId is a number
await lv.agent.serviceFeatures("1001");

// ---- handleInvite ------------------------------------------------------------------------------

const pool = new AgentPool({
  baseUrl: "https://api.livevox.com", accessToken: "t", clientName: "ACME", serviceId: 1001,
  agents: [{ userName: "VA1", password: "p", phoneNumber: "+18990000001" }],
});
const result: HandledCallResult = await pool.handleInvite("INVITE …", async (call: InviteCall, agent: LiveVox): Promise<CallOutcome> => {
  const account: string | null = call.accountNumber;
  const popped: ScreenPop | null = call.screenPop;
  const number: string | null = call.invite.agentNumber;
  await agent.agent.pauseRecording();
  await agent.agent.resumeRecording();
  await agent.agent.transferToPerson({ number: "+18005550100" });
  return { termCodeId: "101416230", paymentAmt: 25.5, agentEnteredAccount: account };
}, { failureTermCodeId: "101416232" });
await pool.handleInvite("INVITE …", () => null);
await pool.handleInvite("INVITE …", async () => undefined);
assertType<Equal<HandledCallResult["step"], "agent" | "call" | "handler" | "termCode" | "ready" | undefined>>();
const ok: boolean = result.ok && result.ready;
const setCode: string | null = result.termCodeId;
// @ts-expect-error an outcome names its term code
await pool.handleInvite("INVITE …", async () => ({ paymentAmt: 1 }));
// @ts-expect-error the options are checked
await pool.handleInvite("INVITE …", async () => null, { failureCode: "x" });

export { firstKey, firstValue, name, home, sip, ok, setCode };
