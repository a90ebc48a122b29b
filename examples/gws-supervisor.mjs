#!/usr/bin/env node
// A Genesys supervisor with floorwalker, in Node: connect to Genesys Web Services, open the
// notification channel, listen in on an agent's call and switch to barge-in, then join an
// agent's chat (coach the agent, then talk to the customer), with each notification that
// follows printed as it arrives. Prints a transcript.
//
//   node examples/gws-supervisor.mjs                   # starts the emulator in-process
//   node examples/gws-supervisor.mjs --base-url URL    # an emulator (or a GWS) already running
//   GWS_USER=… GWS_PASSWORD=… node examples/gws-supervisor.mjs --base-url https://gws.example.com
//
// Exit code: 0 when every step succeeded, 1 otherwise (2 for bad arguments).

import { parseArgs } from "node:util";
import { Gws, FloorwalkerError } from "../pkg/node.js";
import { startEmulator } from "../emulator/index.mjs";

const USAGE = "usage: node examples/gws-supervisor.mjs [--base-url URL] [--verbose]";
let args;
try {
  args = parseArgs({
    options: {
      "base-url": { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

// The emulator's fixtures (emulator/README.md, "GWS fixtures").
const AGENT1 = "90cc5439ff6848748e5e67811273f266";
const AGENT1_CHAT = "0001Da9PFC93000S";
const AGENT1_DEVICE = process.env.GWS_AGENT_DEVICE ?? "9c14cad7-17c4-48d0-8492-7cf0ff92c224";
const t0 = Date.now();
const print = (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(2).padStart(5)}s] ${line}`);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

const emu = args["base-url"] ? null : await startEmulator({ port: 0 });
const baseUrl = args["base-url"] ?? emu.url;
const control = (path, body) =>
  fetch(`${baseUrl}/__control${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let ok = true;
let gws;
let events;
try {
  print(`1. Connect to ${baseUrl} (Basic auth; the SDK keeps the session cookie and CSRF token)`);
  gws = await Gws.connect({
    baseUrl,
    username: process.env.GWS_USER ?? "supervisor1",
    password: process.env.GWS_PASSWORD ?? "sup-pass",
    logger: args.verbose ? (e) => print(`   [log] ${e.level} ${e.method} ${e.path} ${e.status ?? ""}`) : undefined,
  });
  const me = await gws.me();
  const [device] = await gws.devices();
  print(`   ${me.firstName ?? ""} ${me.lastName ?? ""} (${me.userName}), device ${device.id}`);

  print("2. Open the notification channel (CometD on /api/v2/notifications, /v2/me/*)");
  events = await gws.notifications();
  events.on("state", (s) => print(`   notifications: ${s}`));
  events.on("/v2/me/*", (n, channel) => {
    const what = n.notificationType ? `${n.messageType} ${n.notificationType}` : n.messageType;
    let detail = "";
    if (n.messageType === "DeviceStateChangeMessage") {
      const m = n.devices?.[0]?.supervisorMonitoringState;
      detail = m ? ` monitoring ${JSON.stringify(m)}` : " monitoring off";
    } else if (n.messageType === "MessageLogUpdated") {
      detail = ` ${n.messages.map((m) => `${m.from?.nickname ?? "?"}: ${m.text ?? m.type}`).join(" | ")}`;
    } else if (n.chat) {
      detail = ` chat ${n.chat.state ?? ""} (capabilities: ${(n.chat.capabilities ?? []).length})`;
    } else if (n.call) {
      detail = ` call ${n.call.state} mute ${n.call.mute ?? "-"}`;
    }
    print(`   ⇠ ${channel} ${what}${detail}`);
  });

  // The target is the agent's device: its URI (`uri` of the device, …/api/v2/devices/<id>), its
  // id (sent as that URI on this server), or the device object; never a tel: number.
  print(`3. Barge in on agent1's call (device ${AGENT1_DEVICE}), then switch to listen-in`);
  await gws.bargeIn(device.id, { targetDeviceUri: AGENT1_DEVICE, scope: "Call", mode: "AllCalls" });
  await pause(150);
  const calls = await fetch(`${baseUrl}/__control/gws/state`).then((r) => r.json()).catch(() => null);
  const callId = calls?.supervisorCalls?.[0]?.callId ?? calls?.supervisorCalls?.[0]?.id ?? "011DJV5JI898NB2L04000VTAES00000I";
  await gws.switchToListenIn(callId);
  await pause(150);
  await gws.cancelMonitoring(device.id);
  await pause(150);

  print("4. Join agent1's chat as a coach (only the agent sees the supervisor)");
  const chat = await gws.intrude(AGENT1, AGENT1_CHAT, { visibility: "Coach" });
  await pause(150);
  await chat.sendToAgents("Offer the refund, the order is late.");
  try {
    await chat.sendMessage("Hello!");
  } catch (err) {
    print(`   sendMessage in Coach mode: ${err.code} (refused before anything was sent)`);
  }
  if (emu) await control("/gws/chat/message", { chatId: AGENT1_CHAT, text: "Can I get my money back?", from: "customer" });
  await pause(150);

  print("5. Barge in on the chat and greet the customer, then leave");
  await chat.switchToBargeIn();
  await chat.sendMessage("Hi, I'm the supervisor: your refund is on its way.");
  await pause(150);
  await chat.leave();
  await pause(150);

  print("6. Close the notifications and the client");
  await events.close();
  events = null;
  gws.close();
  print("done: every step succeeded");
} catch (err) {
  ok = false;
  print(`FAILED: ${err instanceof FloorwalkerError ? `${err.code}: ` : ""}${err.message}`);
} finally {
  await events?.close().catch(() => {});
  await emu?.close();
}
process.exit(ok ? 0 : 1);
