// LiveVox additions as an application writes them under strict TypeScript: the current call
// spread into setTermCode (nullable fields, no casts), payment term codes, configured Not Ready
// reasons, apiVersion, renewSession, close(), keep-alive health and pool status. Type-checked
// only, never run; the `@ts-expect-error` lines prove misuse fails.

import {
  AgentPool,
  LiveVox,
  type AgentHealth,
  type AgentStatus,
  type CurrentCall,
  type PoolAgentStatus,
} from "floorwalker";

const lv = await LiveVox.login({
  baseUrl: "https://api.livevox.com",
  accessToken: "t",
  clientName: "ACME",
  userName: "VA1",
  password: "p",
  agent: true,
  apiVersion: "v6.0",
});

// The current call's fields are nullable (serviceId, phoneNumber, accountNumber): spreading
// them into setTermCode type-checks without casts.
const call: CurrentCall | null = await lv.agent.currentCall();
if (call) {
  const fromCall = {
    callTransactionId: call.callTransactionId,
    callSessionId: call.callSessionId,
    serviceId: call.serviceId,
    lineNumber: call.lineNumber,
    phoneDialed: call.phoneNumber,
    account: call.accountNumber,
  };
  await lv.agent.setTermCode({ ...fromCall, termCodeId: "101416230", moveAgentToNotReady: false, paymentAmt: 12.5 });
  // The whole current call spreads in too (phoneNumber and accountNumber stand for phoneDialed and account).
  await lv.agent.setTermCode({
    ...call,
    termCodeId: "101416230",
    moveAgentToNotReady: true,
    paymentAmt: "12.50",
    agentEnteredAccount: "ACC-1001",
    reasonCode: "Voice Mail",
    immediateCallbackNumber: null,
  });
  // @ts-expect-error paymentAmt is a number or text
  await lv.agent.setTermCode({ ...fromCall, termCodeId: "1", moveAgentToNotReady: false, paymentAmt: true });
}

// The six known Not Ready codes are suggested; any configured code is accepted.
await lv.agent.setNotReady({ reasonCode: "LUNCH" });
await lv.agent.setNotReady({ reasonCode: "Tech Difficulties" });
// @ts-expect-error a reason code is text
await lv.agent.setNotReady({ reasonCode: 7 });
// The supervisor API keeps the six of its page.
// @ts-expect-error not one of the supervisor's six codes
await lv.supervisor.setNotReady(["VA1"], { reasonCode: "Voice Mail" });

// An empty agentStatus list ("nothing changed") is null, never "idle".
const body = await lv.agent.status({ stateChangedAfter: Date.now() });
const status: AgentStatus | null = body.agentStatus;
console.log(status?.lines.length);

const keep = lv.agent.keepAlive({ intervalMs: 60_000 });
const health: AgentHealth = keep.health;
const taking: boolean = health.takingCalls;
keep.on("stranded", (e) => console.log(e));
keep.on("restored", (e) => console.log(e));
console.log(taking);

// A page whose server owns the credentials renews through it.
const page = LiveVox.resume({
  baseUrl: "https://api.livevox.com",
  sessionId: "S1",
  apiVersion: "v6.0",
  renewSession: async () => (await fetch("/my-server/livevox-session")).text(),
});
page.close();
// @ts-expect-error renewSession returns the new session id
LiveVox.resume({ baseUrl: "https://api.livevox.com", sessionId: "S1", renewSession: async () => 5 });

const pool = new AgentPool({
  baseUrl: "https://api.livevox.com",
  accessToken: "t",
  clientName: "ACME",
  serviceId: 1001,
  agents: [{ userName: "VA1", password: "p", phoneNumber: "+18990000001" }],
  apiVersion: "v6.0",
});
const board: PoolAgentStatus[] = pool.status();
const ready: (boolean | null)[] = board.map((a) => a.ready);
const stuck = board.filter((a) => a.started && !a.takingCalls).map((a) => a.userName);
console.log(ready, stuck);
