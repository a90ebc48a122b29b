#!/usr/bin/env node
// An AI vendor's virtual agents on LiveVox (as LiveVox's virtual-agent integration guide
// describes them), in Node: a pool of 5 virtual agents logs in, joins the AI service with their
// 899 numbers and goes Ready; 20 calls are routed to them; for each, the SIP INVITE tells which agent it is for, the agent reads the call's ids,
// writes to the contact record and the AI Integration App, and assigns a term code (done, or
// transfer to a human); then the pool shuts down in order. Prints a table of the calls.
//
//   node examples/virtual-agents.mjs            # starts the emulator in-process
//   node examples/virtual-agents.mjs --calls 50 --agents 10
//
// The emulator plays the platform's routing (its control API hands back the INVITE LiveVox
// would send to the vendor's SIP endpoint). Exit code 0 when every call was handled.

import { parseArgs } from "node:util";
import { AgentPool, parseInvite, FloorwalkerError } from "../pkg/node.js";
import { startEmulator } from "../emulator/index.mjs";

const USAGE = "usage: node examples/virtual-agents.mjs [--agents N (1-20)] [--calls N] [--verbose]";
let args;
try {
  args = parseArgs({
    options: {
      agents: { type: "string", default: "5" },
      calls: { type: "string", default: "20" },
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
const AGENTS = Number(args.agents);
const CALLS = Number(args.calls);
if (!Number.isInteger(AGENTS) || AGENTS < 1 || AGENTS > 20 || !Number.isInteger(CALLS) || CALLS < 1) {
  console.error(USAGE);
  process.exit(2);
}

const SERVICE = 1001; // "AI Inbound" in the emulator's fixtures
const TERM = { done: "101416228", transfer: "101416229" };
const print = (line = "") => console.log(line);

const emu = await startEmulator({ port: 0 });
const control = async (method, path, body) => {
  const res = await fetch(`${emu.url}/__control${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

let failed = 0;
try {
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    userName: `VA${i + 1}`,
    password: `agent-va${i + 1}`,
    phoneNumber: `+1899${String(i + 1).padStart(7, "0")}`,
  }));
  const pool = new AgentPool({
    baseUrl: emu.url,
    accessToken: "test-access-token",
    clientName: "ACME",
    serviceId: SERVICE,
    agents,
    logger: args.verbose ? (e) => print(`  [log] ${e.level} ${e.method} ${e.path} ${e.status ?? ""} ${e.durationMs ?? ""}ms`) : undefined,
  });

  print(`Starting a pool of ${AGENTS} virtual agents on service ${SERVICE}…`);
  const started = await pool.start();
  for (const r of started) print(`  ${r.userName.padEnd(5)} ${r.phoneNumber}  ${r.ok ? "Ready" : `failed at ${r.step}: ${r.error.code}`}`);

  const rows = [];
  const inFlight = new Set();
  const handle = async (n, routed) => {
    // What the vendor's SIP endpoint does with the INVITE it receives.
    const invite = parseInvite(routed.invite);
    const lv = pool.agentForInvite(routed.invite);
    if (!lv) throw new Error(`no agent for ${invite.agentNumber}`);
    const call = await lv.agent.currentCall();
    const outcome = n % 3 === 0 ? "transfer" : "done";
    await lv.contacts.update(call.accountNumber ?? "ACC-1001", {
      customFields: [{ field: "lastAiOutcome", value: outcome }],
    });
    await lv.postAia(`${emu.url}/aia/acme`, {
      transactionId: call.callTransactionId,
      sessionId: call.callSessionId,
      ani: routed.ani,
      accountNumber: call.accountNumber ?? "",
      nextAction: outcome === "transfer" ? "transfer to billing" : "none",
      callOutcome: outcome === "transfer" ? "needs a human" : "resolved",
      lvresult: outcome === "transfer" ? "TRANSFER" : "AGENT - SUCCESS",
      other1: `call ${n}`,
    });
    await lv.agent.setTermCode({
      callTransactionId: call.callTransactionId,
      callSessionId: call.callSessionId,
      termCodeId: TERM[outcome],
      phoneDialed: routed.ani,
      moveAgentToNotReady: false,
      lineNumber: call.lineNumber,
    });
    rows.push({ n, agent: routed.agentLoginId, number: invite.agentNumber, tx: call.callTransactionId, outcome, term: TERM[outcome] });
  };

  for (let n = 1; n <= CALLS; n++) {
    // The platform routes the call to the longest-available Ready agent; with every agent on a
    // call it has none, so wait for one to finish.
    let routed;
    for (;;) {
      const r = await control("POST", "/agent/route-call", { ani: `919555${String(1000 + n)}`, accountNumber: `ACC-100${(n % 3) + 1}` });
      if (r.status === 200) {
        routed = r.body;
        break;
      }
      if (r.status !== 409 || inFlight.size === 0) throw new Error(`route-call: ${r.status} ${JSON.stringify(r.body)}`);
      await Promise.race(inFlight);
    }
    const p = handle(n, routed)
      .catch((err) => {
        failed++;
        rows.push({ n, agent: routed.agentLoginId, number: "", tx: routed.callTransactionId, outcome: `FAILED ${err.code ?? ""} ${err.message}`, term: "" });
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);

  rows.sort((a, b) => a.n - b.n);
  print();
  print(" call | agent | 899 number   | transaction  | outcome  | term code");
  print("------+-------+--------------+--------------+----------+----------");
  for (const r of rows) {
    print(` ${String(r.n).padStart(4)} | ${r.agent.padEnd(5)} | ${r.number.padEnd(12)} | ${String(r.tx).padEnd(12)} | ${r.outcome.padEnd(8)} | ${r.term}`);
  }
  const perAgent = new Map();
  for (const r of rows) perAgent.set(r.agent, (perAgent.get(r.agent) ?? 0) + 1);
  print();
  print(`calls per agent: ${[...perAgent].map(([a, c]) => `${a} ${c}`).join(", ")}`);
  const aia = await control("GET", "/aia");
  print(`AIA records received by the client's endpoint: ${aia.body.length}`);

  print();
  print("Shutting down (Not Ready, leave the service, log out)…");
  const down = await pool.shutdown();
  for (const r of down) print(`  ${r.userName.padEnd(5)} ${r.ok ? "logged out" : `failed at ${r.step}: ${r.error.code}`}`);
  if (!started.every((r) => r.ok) || !down.every((r) => r.ok)) failed++;
} catch (err) {
  failed++;
  print(`FAILED: ${err instanceof FloorwalkerError ? `${err.code}: ` : ""}${err.message}`);
} finally {
  await emu.close();
}
print(failed ? `\n${failed} failure(s)` : "\nAll calls handled.");
process.exit(failed ? 1 : 0);
