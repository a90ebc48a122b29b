#!/usr/bin/env node
// The CometD project's Bayeux server (cometd-nodejs-server) in its own process, for the CometD
// benchmark: `node bench/lib/bayeux-child.mjs`. Prints `BAYEUX_URL=<url>` (the Bayeux
// endpoint, `<origin>/cometd`) once listening; exits when stdin closes or on SIGTERM.
//
// `POST <origin>/publish?channel=/bench/x&n=5000&burst=100` publishes n messages server-side
// on the channel, `burst` at a time (one burst per event-loop turn), each a GWS-like
// DeviceStateChangeMessage of about 400 bytes with `seq` 1 … n, and answers
// `{published, ms, bayeuxRequests}` once it has published them all (`bayeuxRequests`: HTTP
// requests to the Bayeux endpoint while publishing, i.e. the client's polls). `GET /stats`
// answers `{bayeuxRequests, ackedConnects}`, counts since start (`ackedConnects`: /meta/connect
// messages that acknowledged a batch). The acknowledged-messages extension is on: clients that
// offer it at handshake get every message acknowledged.

import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cometd = require("cometd-nodejs-server");
const server = cometd.createCometDServer({ timeout: 20_000 });
const { AcknowledgedMessagesExtension } = require("cometd-nodejs-server/ack-extension.js");
server.addExtension(new AcknowledgedMessagesExtension());

let requests = 0; // HTTP requests to the Bayeux endpoint (during a run: the /meta/connect polls)
let ackedConnects = 0;
server.addExtension({
  incoming(cometd, session, message, callback) {
    if (message.channel === "/meta/connect" && typeof message.ext?.ack === "number") ackedConnects++;
    callback(undefined, true);
  },
});

function message(seq) {
  return {
    messageType: "DeviceStateChangeMessage",
    seq,
    devices: [
      {
        id: "9c14cad7-17c4-48d0-8492-7cf0ff92c224",
        deviceState: seq % 2 ? "Active" : "Inactive",
        userState: { id: "9c14cad7", displayName: "Ready", state: "Ready" },
        phoneNumber: "5001",
        e164Number: "+14155550101",
        telephonyNetwork: "Private",
        doNotDisturb: "Off",
        voiceEnvironmentUri: "http://127.0.0.1/api/v2/voice-environments/ea8a3b8d",
        capabilities: ["ForwardCallsOn", "DoNotDisturbOn"],
        uri: "http://127.0.0.1/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224",
        path: "/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224",
      },
    ],
  };
}

async function publish(channelName, n, burst) {
  const channel = server.createServerChannel(channelName);
  const t = performance.now();
  for (let seq = 1; seq <= n; ) {
    const end = Math.min(n, seq + burst - 1);
    for (; seq <= end; seq++) channel.publish(null, message(seq));
    await new Promise((r) => setImmediate(r));
  }
  return performance.now() - t;
}

const http = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/publish" && req.method === "POST") {
    const n = Number(url.searchParams.get("n") ?? 5000);
    const burst = Number(url.searchParams.get("burst") ?? 100);
    const channel = url.searchParams.get("channel") ?? "/bench/x";
    req.resume();
    const before = requests;
    publish(channel, n, burst).then((ms) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ published: n, ms, bayeuxRequests: requests - before }));
    });
    return;
  }
  if (url.pathname === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ bayeuxRequests: requests, ackedConnects }));
    return;
  }
  requests++;
  server.handle(req, res);
});
http.listen(0, "127.0.0.1", () => {
  process.stdout.write(`BAYEUX_URL=http://127.0.0.1:${http.address().port}/cometd\n`);
});

const stop = () => {
  server.close();
  http.closeAllConnections?.();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
