#!/usr/bin/env node
// Decoding a large reply: `lv.supervisor.chatMessages()` answered (through the `fetch` option,
// no network) with a 5,000-message `chat/messages` body, against `JSON.parse` of the same
// body after the same fetch stub and `text()` (and, for reference, `JSON.parse` alone). The
// SDK's figure covers building the request, the boundary crossings and decoding + checking the
// reply into typed JavaScript objects.
//
// `--compare DIR[,DIR...]` times other builds of the package in the same rounds (a row each).
//
//   node bench/decode.mjs [--quick] [--json] [--messages 5000] [--compare DIR[,DIR...]]

import { sdk, PKG_DIR, comparePackages } from "./lib/sdk.mjs";
import { compareKey, compareRows } from "./lib/compare.mjs";
import { PlainLiveVox } from "./plain-client.mjs";
import { interleavedRounds } from "./lib/timing.mjs";
import { cliOptions, isMain, printRows, row } from "./lib/report.mjs";

const { LiveVox } = sdk;

export const ROW = { id: "decode", what: "decode a 5,000-message chatMessages reply", target: { ratioMax: 1.5 } };

/** A `chat/messages` reply as the platform sends it: messages grouped per agent, 100 per agent. */
export function chatMessagesBody(messages) {
  const perAgent = 100;
  const chatList = [];
  let ts = 1_700_000_000_000;
  for (let i = 0; i < messages; i++) {
    const g = Math.floor(i / perAgent);
    if (!chatList[g]) chatList[g] = { messageList: [], userLoginId: `VA${g + 1}`, canReply: g % 3 !== 0 };
    const fromAgent = i % 2 === 0;
    chatList[g].messageList.push({
      message: fromAgent ? `Customer on hold, checking the account balance (step ${i})` : `Please offer the payment plan, ref ${10_000 + i}`,
      senderId: fromAgent ? `VA${g + 1}` : "supervisor",
      timestamp: String(ts++),
    });
  }
  return JSON.stringify({ chatList, timestamp: String(ts - 1) });
}

export async function run({ quick = false, messages = 5000, compare } = {}) {
  const others = await comparePackages(compare);
  const body = chatMessagesBody(messages);
  // A real Response, as fetch resolves to, the same for both sides (no network).
  const stub = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  const lv = LiveVox.resume({ baseUrl: "http://127.0.0.1:9", sessionId: "bench-session", fetch: stub });
  const plain = new PlainLiveVox({ baseUrl: "http://127.0.0.1:9", sessionId: "bench-session", fetch: stub });
  const opts = { after: 1_699_999_999_999, excludeOwn: false };
  const got = await lv.supervisor.chatMessages(opts);
  const count = got.chatList.reduce((n, c) => n + c.messageList.length, 0);
  if (count !== messages) throw new Error(`the SDK decoded ${count} messages, not ${messages}`);
  const n = quick ? 20 : 60;
  const variants = {
    sdk: () => lv.supervisor.chatMessages(opts),
    plain: () => plain.chatMessages(opts),
    parse: async () => JSON.parse(body),
  };
  for (const [i, other] of others.entries()) {
    const lvOther = other.sdk.LiveVox.resume({ baseUrl: "http://127.0.0.1:9", sessionId: "bench-session", fetch: stub });
    const theirs = JSON.stringify(await lvOther.supervisor.chatMessages(opts));
    if (theirs !== JSON.stringify(got)) throw new Error(`${other.dir} decoded the reply differently`);
    variants[compareKey(i)] = () => lvOther.supervisor.chatMessages(opts);
  }
  const r = await interleavedRounds(variants, { n, warmup: quick ? 5 : 15, round: 5 });
  const what = `decode a ${messages.toLocaleString("en-US")}-message chatMessages reply (${(body.length / 1024).toFixed(0)} KiB)`;
  const baselineLabel = "bench/plain-client.mjs chatMessages through the same fetch stub (text() + JSON.parse + shape check)";
  return [
    row({
      ...ROW,
      what: others.length ? `${what} [${PKG_DIR}]` : what,
      unit: "ms",
      sdk: r.sdk.median,
      baseline: r.plain.median,
      baselineLabel,
      note: `JSON.parse alone: ${r.parse.median.toFixed(2)} ms (SDK / that = ${(r.sdk.median / r.parse.median).toFixed(2)}×)`,
      details: { stats: r, bodyBytes: body.length, messages },
    }),
    ...compareRows({ base: ROW, what, pkgDir: PKG_DIR, others, passes: [r], r, baselineLabel, unit: "ms" }),
  ];
}

if (isMain(import.meta.url)) {
  const o = cliOptions({ messages: { type: "string" }, compare: { type: "string" } });
  printRows(await run({ quick: o.quick, messages: o.messages ? Number(o.messages) : undefined, compare: o.compare }), { json: o.json });
}
