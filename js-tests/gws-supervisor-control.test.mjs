// GWS supervisor control against the emulator, checked on the wire (the emulator's request log)
// and in its state: an agent's channel state set by a supervisor (with the agent's
// ChannelStateChangeMessageV2), the snapshot read at start-up and after a rehandshake (chat
// handles then know their mode), and hangUp / removeParticipant checked against the monitored
// call's capabilities before anything is sent.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Gws } from "floorwalker";
import { control, reset, mark, requestsSince, rejectsWith, failIfProcessLingers, startEmu, waitFor } from "./support/harness.mjs";

const SUP = { username: "supervisor1", password: "sup-pass" };
const AGENT1 = { username: "agent1", password: "agent1-pass" };
const AGENT1_ID = "90cc5439ff6848748e5e67811273f266";
const AGENT1_DEVICE = "9c14cad7-17c4-48d0-8492-7cf0ff92c224";
const SUP_DEVICE = "efe1ab32-53f9-43ce-b65e-5768c61f7d4a";
const CALL = "011DJV5JI898NB2L04000VTAES00000I";
const CHAT = "0001Da9PFC93000S";

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(() => reset(emu));

const connect = (who = SUP) => Gws.connect({ baseUrl: emu.url, ...who, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 50 } });
const gwsState = () => control(emu, "GET", "/gws/state");
const posts = (log) => log.filter((e) => e.method === "POST" && e.path.startsWith("/api/v2/") && !e.path.startsWith("/api/v2/notifications"));

test("setAgentState: the documented body on the agent's channel, and the agent is told", async () => {
  const agent = await connect(AGENT1);
  const agentEvents = await agent.notifications();
  const told = [];
  agentEvents.on("/v2/me/channels", (data) => told.push(data));
  const gws = await connect();
  const since = await mark(emu);
  await gws.setAgentState(AGENT1_ID, "chat", "NotReady", { reasonCode: "Lunch" });
  await gws.setAgentState(AGENT1_ID, "voice", "Ready");
  await gws.setAgentState(AGENT1_ID, "chat", "Offline");
  const sent = posts(await requestsSince(emu, since));
  assert.deepEqual(
    sent.map((e) => [e.path, JSON.parse(e.rawBody)]),
    [
      [`/api/v2/users/${AGENT1_ID}/channels/chat`, { operationName: "NotReady", reasonCode: "Lunch" }],
      [`/api/v2/users/${AGENT1_ID}/channels/voice`, { operationName: "Ready" }],
      [`/api/v2/users/${AGENT1_ID}/channels/chat`, { operationName: "Offline" }],
    ],
  );
  for (const e of sent) assert.ok(e.headers["x-csrf-token"], "the CSRF token on every write");

  await waitFor(() => told.length === 3, { what: "three channel notifications to the agent" });
  assert.deepEqual(told[0], {
    messageType: "ChannelStateChangeMessageV2",
    channels: [{ channel: "chat", dndState: "Off", userState: { id: "900D55CC-2BB0-431F-8BF9-D3525B383BE6", displayName: "Not Ready", state: "NotReady", reason: "Lunch" } }],
  });
  assert.equal(told[1].channels[0].userState.state, "Ready");
  assert.deepEqual(told[2].channels[0], { channel: "chat", userState: { id: "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB", displayName: "Offline", state: "LoggedOut" } });
  const st = (await gwsState()).users.agent1;
  assert.deepEqual(st.channels, ["voice"], "Offline logged the agent out of chat");
  assert.equal(st.userState, "Ready");

  // the channel is logged out now: GWS refuses, nothing changes
  await rejectsWith(gws.setAgentState(AGENT1_ID, "chat", "Ready"), "VENDOR_ERROR", { vendorCode: 2 });
  agentEvents.close();
  agent.close();
  gws.close();
});

test("setAgentState: bad input is refused before anything is sent", async () => {
  const gws = await connect();
  const since = await mark(emu);
  await rejectsWith(gws.setAgentState(AGENT1_ID, "voice", "Busy"), "INVALID_ARGUMENT", { field: "state" });
  await rejectsWith(gws.setAgentState(AGENT1_ID, "voice", "Ready", { reasonCode: "Lunch" }), "INVALID_ARGUMENT", { field: "reasonCode" });
  await rejectsWith(gws.setAgentState(AGENT1_ID, "chat/../x", "Ready"), "INVALID_ARGUMENT", { field: "channel" });
  await rejectsWith(gws.setAgentState("", "voice", "Ready"), "INVALID_ARGUMENT", { field: "userId" });
  await rejectsWith(gws.setAgentState(AGENT1_ID, "voice", "NotReady", { reasonCode: " " }), "INVALID_ARGUMENT", { field: "reasonCode" });
  assert.deepEqual(posts(await requestsSince(emu, since)), []);
  gws.close();
});

test("snapshot: devices, calls and chats with ?fields=*; chat handles know their mode", async () => {
  const gws = await connect();
  await gws.startSession({ channels: ["voice", "chat"] });
  await gws.bargeIn(SUP_DEVICE, { targetDeviceUri: AGENT1_DEVICE }); // joins agent1's call at once
  await gws.intrude(AGENT1_ID, CHAT, { visibility: "Monitor" });
  const since = await mark(emu);
  const snap = await gws.snapshot();
  const gets = (await requestsSince(emu, since)).filter((e) => e.method === "GET");
  assert.deepEqual(gets.map((e) => `${e.path}?${e.query}`).sort(), ["/api/v2/me/calls?fields=*", "/api/v2/me/chats?fields=*", "/api/v2/me/devices?fields=*"]);

  assert.equal(snap.devices[0].id, SUP_DEVICE);
  assert.equal(snap.devices[0].supervisorMonitoringState.state, "BargeIn");
  assert.equal(snap.calls.length, 1);
  assert.equal(snap.calls[0].id, CALL);
  assert.ok(snap.calls[0].capabilities.includes("Hangup"));
  assert.ok(snap.calls[0].capabilities.includes("RemoveParticipantFromConference"));
  assert.equal(typeof snap.calls[0].connId, "string", "unknown fields pass through");
  assert.equal(snap.chats.length, 1);
  assert.equal(snap.chats[0].id, CHAT);
  assert.deepEqual(snap.chats[0].capabilities, ["Leave", "SwitchToCoach", "SwitchToBargeIn"]);

  // a handle made now knows the supervisor's mode and the chat's capabilities
  const chat = gws.chat(CHAT);
  assert.equal(chat.mode, "Monitor");
  assert.deepEqual(chat.capabilities, ["Leave", "SwitchToCoach", "SwitchToBargeIn"]);
  const before = await mark(emu);
  await rejectsWith(chat.sendMessage("hi"), "INVALID_STATE");
  assert.deepEqual(posts(await requestsSince(emu, before)), [], "refused before sending");
  gws.close();
});

test("the README pattern: a snapshot on rehandshake shows what changed while notifications were lost", async () => {
  const gws = await connect();
  await gws.startSession({ channels: ["voice", "chat"] });
  const events = await gws.notifications();
  await gws.bargeIn(SUP_DEVICE, { targetDeviceUri: AGENT1_DEVICE });
  const renders = [];
  const render = (s) => renders.push(s);
  events.on("rehandshake", async () => render(await gws.snapshot()));
  await control(emu, "POST", "/gws/forget-cometd");
  // the call ends while GWS has no Bayeux client of ours: its Released notification is lost
  await control(emu, "POST", "/gws/call", { agent: "agent1", action: "end" });
  await waitFor(() => renders.length === 1, { timeoutMs: 8000, what: "the snapshot after the rehandshake" });
  assert.deepEqual(renders[0].calls, [], "the ended call is gone");
  assert.equal(renders[0].devices[0].supervisorMonitoringState.state, "BargeIn", "AllCalls monitoring goes on");
  events.close();
  gws.close();
});

test("hangUp and removeParticipant: sent when the call offers them, refused before sending when not", async () => {
  const gws = await connect();
  await gws.startSession({ channels: ["voice"] });
  const events = await gws.notifications();
  const calls = [];
  events.on("/v2/me/calls", (data) => calls.push(data));
  await gws.bargeIn(SUP_DEVICE, { targetDeviceUri: AGENT1_DEVICE });
  await waitFor(() => calls.length === 1, { what: "the monitored call" });

  // ListenIn: the call offers no RemoveParticipantFromConference
  await gws.switchToListenIn(CALL);
  await waitFor(() => calls.length === 2, { what: "the switch" });
  assert.ok(!calls[1].call.capabilities.includes("RemoveParticipantFromConference"));
  let since = await mark(emu);
  await rejectsWith(gws.removeParticipant(CALL, "5000"), "INVALID_STATE");
  assert.deepEqual(posts(await requestsSince(emu, since)), [], "nothing sent");

  // BargeIn: it does
  await gws.switchToBargeIn(CALL);
  await waitFor(() => calls.length === 3, { what: "the switch back" });
  since = await mark(emu);
  await gws.removeParticipant(CALL, "5000");
  let sent = posts(await requestsSince(emu, since));
  assert.deepEqual(sent.map((e) => [e.path, JSON.parse(e.rawBody)]), [[`/api/v2/me/calls/${CALL}`, { operationName: "RemoveParticipantFromConference", participant: "5000" }]]);
  await waitFor(() => calls.length === 4, { what: "ParticipantsUpdated" });
  assert.equal(calls[3].notificationType, "ParticipantsUpdated");
  assert.deepEqual(calls[3].call.participants.map((p) => p.phoneNumber), ["5001"]);

  // Hangup: the supervisor leaves; the agent's call goes on
  since = await mark(emu);
  await gws.hangUp(CALL);
  sent = posts(await requestsSince(emu, since));
  assert.deepEqual(sent.map((e) => [e.path, JSON.parse(e.rawBody)]), [[`/api/v2/me/calls/${CALL}`, { operationName: "Hangup" }]]);
  await waitFor(() => calls.length === 5, { what: "Released" });
  assert.equal(calls[4].call.state, "Released");
  const st = await gwsState();
  assert.deepEqual(st.supervisorCalls, []);
  assert.deepEqual(st.calls.map((c) => c.id), [CALL]);
  assert.deepEqual(st.calls[0].removed, ["5000"]);

  // released: nothing more is possible, and nothing is sent
  since = await mark(emu);
  await rejectsWith(gws.hangUp(CALL), "INVALID_STATE");
  await rejectsWith(gws.removeParticipant(CALL, "5001"), "INVALID_STATE");
  await rejectsWith(gws.removeParticipant(CALL, ""), "INVALID_ARGUMENT", { field: "participant" });
  assert.deepEqual(posts(await requestsSince(emu, since)), []);
  events.close();
  gws.close();
});

test("an agent's hangUp ends the call for everyone", async () => {
  const agent = await connect(AGENT1);
  await agent.hangUp(CALL);
  const st = await gwsState();
  assert.deepEqual(st.calls, []);
  const released = (await control(emu, "GET", "/gws/notifications")).filter((n) => n.userName === "agent1" && n.channel === "/v2/me/calls");
  assert.equal(released.at(-1).data.call.state, "Released");
  agent.close();
});
