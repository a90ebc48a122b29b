// The options the GWS methods read as JSON (`retry`, `channels`, `subresources`,
// `capabilities`, user-data `keys`): the `floorwalker/gws` entry reads them without serde's
// typed reads (so its module carries no float printing), and must give what the full
// `floorwalker` entry gives, value for value and message for message.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Gws as FullGws } from "floorwalker";
import { Gws as LeanGws } from "floorwalker/gws";
import { reset, failIfProcessLingers, startEmu } from "./support/harness.mjs";

const SUP = { username: "supervisor1", password: "sup-pass" };
const AGENT1_CHAT = "0001Da9PFC93000S";

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(() => reset(emu));

/** What `run` gave: its error's code, field and message, or "ok". */
async function outcome(run) {
  try {
    await run();
    return "ok";
  } catch (e) {
    return `${e.code} ${e.field} ${e.message}`;
  }
}

const deep = JSON.parse("[".repeat(200) + "]".repeat(200));

test("retry: the GWS entry reads it as the full entry does (values and errors)", async () => {
  const pinned = new Map([
    ["often", 'INVALID_ARGUMENT retry retry is not valid: invalid type: string "often", expected struct RetryOptions.'],
    [1.5, "INVALID_ARGUMENT retry retry is not valid: invalid type: floating point `1.5`, expected struct RetryOptions."],
    [[1, 2, 3], "INVALID_ARGUMENT retry retry is not valid: invalid type: sequence, expected struct RetryOptions."],
  ]);
  const values = [
    ...pinned.keys(),
    5,
    true,
    [1, 2, 3, 4],
    [1, null],
    { maxRetries: -1 },
    { maxRetries: 1.5 },
    { maxRetries: 1e21 },
    { maxRetries: 4294967296 },
    { maxRetries: [1] },
    { maxRetries: {} },
    { maxRetries: "x", baseDelayMs: 1.5 },
    { baseDelayMs: 1.5, maxRetries: "x" },
    { other: deep, maxRetries: 11 },
    { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 50 },
    { toJSON: () => "later" },
  ];
  for (const retry of values) {
    const options = { baseUrl: emu.url, ...SUP, retry };
    const full = await outcome(() => FullGws.connect(options));
    const lean = await outcome(() => LeanGws.connect(options));
    assert.equal(lean, full, JSON.stringify(retry));
    if (pinned.has(retry)) assert.equal(lean, pinned.get(retry));
  }
  assert.equal(await outcome(() => LeanGws.connect({ baseUrl: emu.url, ...SUP, retry: { maxRetries: 1 } })), "ok");
});

test("lists of names: the GWS entry reads them as the full entry does", async () => {
  const full = await FullGws.connect({ baseUrl: emu.url, ...SUP });
  const lean = await LeanGws.connect({ baseUrl: emu.url, ...SUP });
  const pinned = new Map([
    [null, "INVALID_ARGUMENT capabilities capabilities is not valid: invalid type: null, expected a sequence."],
    [[1], "INVALID_ARGUMENT capabilities capabilities is not valid: invalid type: integer `1`, expected a string."],
    [2.5, "INVALID_ARGUMENT capabilities capabilities is not valid: invalid type: floating point `2.5`, expected a sequence."],
  ]);
  const values = [...pinned.keys(), undefined, "Leave", { a: 1 }, ["Leave", 1.5], ["Leave", "x\"y"], ["Leave"]];
  for (const v of values) {
    const calls = [
      (g) => g.chat(AGENT1_CHAT).setCapabilities(v),
      (g) => g.chat(AGENT1_CHAT).deleteUserData(v),
      (g) => g.startSession({ channels: v }),
    ];
    // a valid list would be sent: only setCapabilities (which sends nothing) takes it
    const valid = Array.isArray(v) && v.every((s) => typeof s === "string");
    for (const call of valid ? calls.slice(0, 1) : calls) {
      const a = await outcome(() => call(full));
      const b = await outcome(() => call(lean));
      assert.equal(b, a, `${call} ${JSON.stringify(v)}`);
    }
    if (pinned.has(v)) assert.equal(await outcome(() => lean.chat(AGENT1_CHAT).setCapabilities(v)), pinned.get(v));
  }
  for (const v of [[1], { a: 1 }, [null]]) {
    assert.equal(await outcome(() => lean.me({ subresources: v })), await outcome(() => full.me({ subresources: v })));
  }
  assert.equal(
    await outcome(() => lean.me({ subresources: [1] })),
    "INVALID_ARGUMENT subresources subresources is not valid: invalid type: integer `1`, expected a string.",
  );
});
