#!/usr/bin/env node
// A LiveVox virtual agent that takes a payment and then hands the caller to a person, in Node,
// with AgentPool.handleInvite doing the call's whole life: for each INVITE it finds the agent,
// reads the call and its screen pop, runs the AI (here a script), sets the term code with the
// payment, and makes sure the agent is Ready for the next call, even when the AI fails.
//
// While the caller reads out the card number, the recording is paused (PCI), and the emulator's
// own record of the call shows it paused; then the recording resumes and the agent conferences
// a person in for the caller's other question.
//
//   node examples/payment-agent.mjs            # starts the emulator in-process
//   node examples/payment-agent.mjs --verbose  # also prints the SDK's log events
//
// Exit code 0 when every call was handled as planned.

import { parseArgs } from "node:util";
import { AgentPool, FloorwalkerError } from "../pkg/node.js";
import { startEmulator } from "../emulator/index.mjs";

const USAGE = "usage: node examples/payment-agent.mjs [--verbose]";
let args;
try {
  args = parseArgs({ options: { verbose: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } }).values;
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const SERVICE = 1001; // "AI Inbound" in the emulator's fixtures
const TERM = { paid: "101416230", transfer: "101416229", failed: "101416232" };
const BILLING_DESK = "+18005550100"; // the person the caller is handed to
const print = (line = "") => console.log(line);

const emu = await startEmulator({ port: 0 });
const control = async (method, path, body) => {
  const res = await fetch(`${emu.url}/__control${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};
const recordOf = async (tx) => (await control("GET", "/agent/calls")).find((c) => c.callTransactionId === tx);

/** The "AI": what it does with one call. A real one talks to the caller over the SIP leg. */
function scriptFor(n) {
  return async (call, lv) => {
    const who = call.screenPop?.fields["FIRST NAME"] || "caller";
    print(`  call ${n}: ${call.invite.agentNumber} answers ${who} (account ${call.accountNumber || "unknown"}, ${call.screenPop?.fields["Call Direction"] ?? "?"})`);
    if (n === 3) throw new Error("the speech model timed out"); // an AI failure, to show the safety net

    // The caller pays: no card digits in the recording.
    await lv.agent.pauseRecording();
    const paused = (await recordOf(call.callTransactionId)).recording;
    print(`    recording ${paused.toLowerCase()} while the card number is read out`);
    const amount = 40 + n * 5;
    await lv.agent.resumeRecording();
    const resumed = (await recordOf(call.callTransactionId)).recording === "RECORDING";
    print(`    payment of $${amount.toFixed(2)} taken; recording ${resumed ? "resumed" : "still paused"}`);

    // The caller has a question the AI cannot answer: bring a person in.
    await lv.agent.transferToPerson({ number: BILLING_DESK, hold: true });
    print(`    ${BILLING_DESK} conferenced in (caller on hold while it rings)`);
    return { termCodeId: TERM.paid, paymentAmt: amount, agentEnteredAccount: call.accountNumber, notes: `transferred to ${BILLING_DESK}` };
  };
}

let failed = 0;
try {
  const pool = new AgentPool({
    baseUrl: emu.url,
    accessToken: "test-access-token",
    clientName: "ACME",
    serviceId: SERVICE,
    agents: [1, 2].map((i) => ({ userName: `VA${i}`, password: `agent-va${i}`, phoneNumber: `+1899000000${i}` })),
    keepAliveMs: 0,
    logger: args.verbose ? (e) => print(`  [log] ${e.level} ${e.method} ${e.path} ${e.status ?? ""}`) : undefined,
  });
  print("Starting 2 virtual agents…");
  for (const r of await pool.start()) print(`  ${r.userName} ${r.phoneNumber} ${r.ok ? "Ready" : `failed at ${r.step}: ${r.error.code}`}`);

  const lv = pool.agentForNumber("+18990000001");
  const features = await lv.agent.serviceFeatures(SERVICE);
  print(`service ${features.serviceDescription}: recording control ${features.features.callRecordingControlEnabled ? "on" : "off"}, Not Ready reasons ${features.features.notReadyReasonCodes.join(", ")}`);

  const results = [];
  for (const n of [1, 2, 3]) {
    const routed = await control("POST", "/agent/route-call", { ani: "2134634007", accountNumber: "ACC-1001" });
    const done = await pool.handleInvite(routed.invite, scriptFor(n), { failureTermCodeId: TERM.failed });
    const rec = await recordOf(routed.callTransactionId);
    results.push({ n, done, rec });
    const planned = n === 3 ? done.step === "handler" && done.ready : done.ok;
    if (!planned) failed++;
  }

  print();
  print(" call | agent | result  | term code (recorded)            | payment | conference     | agent after");
  print("------+-------+---------+---------------------------------+---------+----------------+------------");
  for (const { n, done, rec } of results) {
    const result = done.ok ? "ok" : `${done.step}`;
    const term = rec.termCode ? `${rec.termCode.termCodeId} ${rec.termCode.name}` : "-";
    const paid = rec.termCode?.paymentAmt != null ? `$${rec.termCode.paymentAmt.toFixed(2)}` : "-";
    print(` ${String(n).padStart(4)} | ${done.userName.padEnd(5)} | ${result.padEnd(7)} | ${term.padEnd(31)} | ${paid.padEnd(7)} | ${(rec.conference?.number ?? "-").padEnd(14)} | ${done.ready ? "Ready" : "NOT Ready"}`);
    if (!done.ok) print(`      (${done.step} failed: ${done.error?.message ?? done.error})`);
  }

  print();
  print("Shutting down…");
  const down = await pool.shutdown();
  if (!down.every((r) => r.ok)) failed++;
} catch (err) {
  failed++;
  print(`FAILED: ${err instanceof FloorwalkerError ? `${err.code}: ` : ""}${err.message}`);
} finally {
  await emu.close();
}
print(failed ? `\n${failed} failure(s)` : "\nEvery call handled; no agent left Not Ready.");
process.exit(failed ? 1 : 0);
