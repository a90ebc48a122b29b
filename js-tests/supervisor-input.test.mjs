// The supervisor's caller input (broadcastChat's usersInfo, chatMessages, startMonitor,
// switchService's targetServiceId, watchChat, agentStates, serviceStats, watchAgents) is
// refused with INVALID_ARGUMENT naming the option at fault, with the reader's message, before
// anything is sent. The messages are those serde's derived readers gave before these options
// got their own readers; the last cases show the one change: a list where an options object
// belongs is refused instead of being read field by field by position.

import { test, before, after, beforeEach } from "node:test";
import { startEmu, freshLogin, assertNothingSent, rejectsWith, throwsWith, failIfProcessLingers } from "./support/harness.mjs";

let emu;
let lv;
let since;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(async () => {
  ({ lv, since } = await freshLogin(emu));
});

const nothingSent = () => assertNothingSent(emu, since);

/** [label, call, field, message]: calls that return a promise. */
const REJECTED = [
  ["broadcastChat userLoginId number", (s) => s.broadcastChat([{ userLoginId: 5 }], "hi"), "usersInfo",
    "usersInfo is not valid: invalid type: integer `5`, expected a string."],
  ["broadcastChat userLoginId missing", (s) => s.broadcastChat([{ canReply: true }], "hi"), "usersInfo",
    "usersInfo is not valid: missing field `userLoginId`."],
  ["broadcastChat canReply text", (s) => s.broadcastChat([{ userLoginId: "a", canReply: "yes" }], "hi"), "usersInfo",
    'usersInfo is not valid: invalid type: string "yes", expected a boolean.'],
  ["broadcastChat recipient not an object", (s) => s.broadcastChat([{ userLoginId: "a" }, 7], "hi"), "usersInfo",
    "usersInfo is not valid: invalid type: integer `7`, expected struct ChatRecipient."],
  ["chatMessages excludeOwn text", (s) => s.chatMessages({ excludeOwn: "x" }), "excludeOwn",
    'excludeOwn is not valid: invalid type: string "x", expected a boolean.'],
  ["startMonitor extension number", (s) => s.startMonitor("+16505317524", { extension: 12 }), "extension",
    "extension is not valid: invalid type: integer `12`, expected a string."],
  ["switchService id beyond i64", (s) => s.switchService(["LV_TEST"], 2 ** 63), "targetServiceId",
    "targetServiceId is not valid: invalid value: integer `9223372036854776000`, expected i64."],
  ["switchService fractional id", (s) => s.switchService(["LV_TEST"], 1.5), "targetServiceId",
    "targetServiceId is not valid: invalid type: floating point `1.5`, expected i64."],
  ["agentStates serviceIds text item", (s) => s.agentStates({ serviceIds: ["x"] }), "serviceIds",
    'serviceIds is not valid: invalid type: string "x", expected i64.'],
  ["serviceStats serviceIds text", (s) => s.serviceStats({ serviceIds: "23114" }), "serviceIds",
    'serviceIds is not valid: invalid type: string "23114", expected a sequence.'],
];

for (const [label, call, field, message] of REJECTED) {
  test(`${label} → INVALID_ARGUMENT (${field})`, async () => {
    await rejectsWith(() => call(lv.supervisor), "INVALID_ARGUMENT", { field, message });
    await nothingSent();
  });
}

/** [label, call, field, message]: watches, which throw synchronously. */
const THROWN = [
  ["watchChat intervalMs fractional", (s) => s.watchChat({ intervalMs: 1.5 }), "intervalMs",
    "intervalMs is not valid: invalid type: floating point `1.5`, expected u32."],
  ["watchChat intervalMs negative", (s) => s.watchChat({ intervalMs: -1 }), "intervalMs",
    "intervalMs is not valid: invalid value: integer `-1`, expected u32."],
  ["watchChat excludeOwn text", (s) => s.watchChat({ excludeOwn: "no" }), "excludeOwn",
    'excludeOwn is not valid: invalid type: string "no", expected a boolean.'],
  ["watchAgents intervalMs text", (s) => s.watchAgents({ intervalMs: "fast" }), "intervalMs",
    'intervalMs is not valid: invalid type: string "fast", expected u32.'],
  ["watchAgents serviceIds fractional item", (s) => s.watchAgents({ serviceIds: [1.5] }), "serviceIds",
    "serviceIds is not valid: invalid type: floating point `1.5`, expected i64."],
];

for (const [label, call, field, message] of THROWN) {
  test(`${label} → INVALID_ARGUMENT (${field}), thrown`, async () => {
    throwsWith(() => call(lv.supervisor), "INVALID_ARGUMENT", { field, message });
    await new Promise((r) => setTimeout(r, 100));
    await nothingSent();
  });
}

test("a list where an options object belongs is refused, not read by position", async () => {
  await rejectsWith(() => lv.supervisor.startMonitor("+16505317524", ["123"]), "INVALID_ARGUMENT", {
    field: "options",
    message: "options is not valid: invalid type: sequence, expected struct StartMonitorOptions.",
  });
  await rejectsWith(() => lv.supervisor.agentStates([[45165]]), "INVALID_ARGUMENT", {
    field: "options",
    message: "options is not valid: invalid type: sequence, expected struct AgentStatesOptions.",
  });
  throwsWith(() => lv.supervisor.watchChat([50]), "INVALID_ARGUMENT", {
    field: "options",
    message: "options is not valid: invalid type: sequence, expected struct ChatWatchOptions.",
  });
  await nothingSent();
});
