// The rest of API.md as an application would write it: virtual agents (lv.agent, lv.contacts,
// postAia, AgentPool, parseInvite), Genesys Web Services (voice, chat, notifications) and
// CometD. Type-checked only (strict), never run; the `@ts-expect-error` lines prove misuse fails.

import {
  AgentPool,
  CometD,
  FloorwalkerError,
  Gws,
  LiveVox,
  parseInvite,
  type AgentStatusBody,
  type CometdState,
  type ContactDetails,
  type ContactPage,
  type CurrentCall,
  type GwsChat,
  type GwsDevice,
  type GwsNotification,
  type GwsUser,
  type Invite,
  type KeepAlive,
  type LineState,
  type PoolAgentResult,
  type StartSessionResult,
  type SupervisorMonitoringState,
  type TermCodes,
} from "floorwalker";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

const baseUrl = "http://127.0.0.1:8099";

// ---- a virtual agent (seed 003) -------------------------------------------------------------

const va = await LiveVox.login({ baseUrl, accessToken: "t", clientName: "ACME", userName: "VA1", password: "p", agent: true });
await va.agent.joinService(1001, "+18990000001");
await va.agent.setReady();
await va.agent.setNotReady({ reasonCode: "BREAK" });
const status: AgentStatusBody = await va.agent.status({ stateChangedAfter: new Date() });
// `agentStatus` is null when the platform answered "nothing changed since stateChangedAfter".
const state: LineState | undefined = status.agentStatus?.lines[0].state;
const callOnLine = status.agentStatus?.lines[0].call?.callTransactionId;
console.log(state, callOnLine);
const current: CurrentCall | null = await va.agent.currentCall();
if (current) {
  const tx: string = current.callTransactionId;
  const line: string = current.lineNumber;
  const service: number | null = current.serviceId;
  console.log(tx, line, service);
  const codes: TermCodes = await va.agent.termCodes(1001);
  const termCodeId: string = codes.termCodeCategories[0].termCodes[0].id;
  await va.agent.setTermCode({
    callTransactionId: current.callTransactionId,
    callSessionId: current.callSessionId,
    termCodeId,
    phoneDialed: "2134634007",
    moveAgentToNotReady: false,
    lineNumber: current.lineNumber,
  });
  // @ts-expect-error moveAgentToNotReady is required
  await va.agent.setTermCode({ callTransactionId: tx, callSessionId: tx, termCodeId, phoneDialed: "1" });
  await va.postAia("https://aia.example.com/acme", {
    transactionId: tx,
    sessionId: current.callSessionId,
    callOutcome: "resolved",
    other20: "last",
  });
  // @ts-expect-error other21 is not a field of the AIA record
  await va.postAia("https://aia.example.com/acme", { other21: "x" });
}
// @ts-expect-error serviceId is a number
await va.agent.joinService("1001", "+18990000001");
// @ts-expect-error a reason code is text (any code the service configures, the six known ones suggested)
await va.agent.setNotReady({ reasonCode: 7 });
// @ts-expect-error "READY" is not a LineState spelled like this
const wrongState: LineState = "Ready";
console.log(wrongState);

const keep: KeepAlive = va.agent.keepAlive({ intervalMs: 60_000 });
keep.on("skip", (e) => console.log(e.reason));
keep.on("error", (e) => console.log(e.code));
keep.stop();

const details: ContactDetails = {
  account: "ACC-1",
  person: { firstName: "Ada" },
  phone: [{ phone: "9195550100", ordinal: 1, smsConsent: true }],
  customFields: [{ field: "tier", value: "gold" }],
};
const { id } = await va.contacts.create(details);
await va.contacts.update("ACC-1", { city: "Durham" });
const contact: ContactDetails = await va.contacts.get("ACC-1");
const page: ContactPage = await va.contacts.list({ count: 100, offset: 0 });
console.log(id, contact.account, page.next ?? "last page", page.contacts.length);
// @ts-expect-error account is required when creating a contact
await va.contacts.create({ city: "Durham" });

// ---- SIP and the pool ------------------------------------------------------------------------

const invite: Invite = parseInvite("INVITE sip:+18990000001@10.0.0.5 SIP/2.0\r\n...");
const agentNumber: string | null = invite.agentNumber;
const sessionIdOfCall: string | null = invite.sessionId;
const vias: string[] = invite.headers["via"] ?? [];
console.log(agentNumber, sessionIdOfCall, vias, invite.sdp.length);

const pool = new AgentPool({
  baseUrl,
  accessToken: "t",
  clientName: "ACME",
  serviceId: 1001,
  agents: [{ userName: "VA1", password: "p", phoneNumber: "+18990000001" }],
  keepAliveMs: 3_600_000,
});
const started: PoolAgentResult[] = await pool.start();
for (const r of started) if (!r.ok) console.log(r.userName, r.step, r.error?.code);
const forCall: LiveVox | null = pool.agentForInvite("INVITE ...");
await forCall?.agent.currentCall();
await pool.shutdown();
// @ts-expect-error agents need a phoneNumber
new AgentPool({ baseUrl, accessToken: "t", clientName: "c", serviceId: 1, agents: [{ userName: "VA1", password: "p" }] });

// ---- Genesys Web Services ---------------------------------------------------------------------

const gws: Gws = await Gws.connect({ baseUrl, username: "supervisor1", password: "sup-pass" });
const me: GwsUser = await gws.me({ subresources: ["devices"] });
const devices: GwsDevice[] = await gws.devices();
console.log(me.userName, devices.length);
const session: StartSessionResult = await gws.startSession({ channels: ["voice", "chat"], place: "Place_5005" });
const chatIn: boolean | undefined = session.channels.find((c) => c.channel === "chat")?.loggedIn;
console.log(session.partial, chatIn, session.channels[0].statusCode, session.channels[0].statusMessage);
const device = devices[0].id;
const agentDevice = `${baseUrl}/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224`;
await gws.listenIn(device, { targetDeviceUri: agentDevice });
await gws.coach(device, { targetDeviceUri: agentDevice, scope: "Agent", mode: "NextCall" });
await gws.bargeIn(device, { targetDeviceUri: agentDevice, scope: "Call", mode: "AllCalls" });
// a device id or a device object (of devices()) as the target
await gws.listenIn(device, { targetDeviceUri: "9c14cad7-17c4-48d0-8492-7cf0ff92c224" });
await gws.listenIn(device, { targetDeviceUri: devices[0] });
const monitoring: SupervisorMonitoringState | undefined = devices[0].supervisorMonitoringState;
console.log(monitoring?.state, monitoring?.mode, monitoring?.scope);
// @ts-expect-error a device object needs its id
await gws.listenIn(device, { targetDeviceUri: { uri: agentDevice } });
await gws.cancelMonitoring(device);
await gws.switchToListenIn("call-1");
await gws.switchToBargeIn("call-1");
// @ts-expect-error scope is "Agent" | "Call"
await gws.listenIn(device, { targetDeviceUri: agentDevice, scope: "Everything" });
// @ts-expect-error targetDeviceUri is required
await gws.coach(device, { mode: "NextCall" });

await gws.monitorChats("agent-id", { mode: "Monitor", scope: "AllChats", nickname: "Sam" });
await gws.cancelChatMonitoring("agent-id");
const chat: GwsChat = await gws.intrude("agent-id", "chat-id", { visibility: "Coach" });
const joinedInMonitoringMode: GwsChat = await gws.intrude("agent-id", "chat-id");
await joinedInMonitoringMode.transfer({ queueName: "test-queue" });
await joinedInMonitoringMode.transfer({ targetUri: `${baseUrl}/api/v2/users/agent-id`, text: "One moment" });
await joinedInMonitoringMode.invite({ targetUri: `${baseUrl}/api/v2/users/agent-id` });
// @ts-expect-error Invite takes targetUri only
await joinedInMonitoringMode.invite({ queueName: "test-queue" });
await chat.sendToAgents("offer a refund");
await chat.switchToBargeIn();
await chat.sendMessage("Hello");
await chat.switchToMonitor();
await chat.leave();
const sameChat: GwsChat = gws.chat("chat-id", { mode: "BargeIn" });
const can: boolean = sameChat.allows("SendMessage");
console.log(can);
// @ts-expect-error "Spy" is not a chat mode
await gws.monitorChats("agent-id", { mode: "Spy" });

const events = await gws.notifications();
const off = events.on("/v2/me/chats", (data, channel) => {
  const n: GwsNotification = data;
  if (n.messageType === "MessageLogUpdated") console.log(channel, n);
});
events.on("state", (s) => console.log(s));
off();
await events.close();
await gws.endSession();
gws.close();

// ---- CometD against any Bayeux server ----------------------------------------------------------

const cometd = new CometD({ url: "http://127.0.0.1:8080/cometd" });
cometd.on("state", (s) => {
  assertType<Equal<typeof s, CometdState>>();
});
await cometd.handshake();
const unsubscribe = await cometd.subscribe("/chat/*", (data, channel) => console.log(channel, data));
await cometd.publish("/chat/room", { text: "hi" });
await unsubscribe();
await cometd.disconnect();
// @ts-expect-error not a state event
cometd.on("message", () => {});

// ---- errors ---------------------------------------------------------------------------------

try {
  await gws.me();
} catch (err) {
  if (err instanceof FloorwalkerError && err.code === "VENDOR_ERROR") console.log(err.vendorCode, err.vendorMessage);
}
