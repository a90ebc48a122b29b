// How the CometD class hands a reply's messages to its listeners, against a scripted Bayeux
// server behind the `fetch` option (each /meta/connect answered with the next scripted reply):
// every listener gets every message in order, message by message, the parsed `data` itself;
// a listener that throws stops no one; a batch that arrives again is not delivered again;
// replies the client cannot read are retried; incoming extensions see each message.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { CometD } from "floorwalker";
import { waitFor, sleep, failIfProcessLingers } from "./support/harness.mjs";

after(() => failIfProcessLingers());

const URL = "http://127.0.0.1:9/cometd";
const ADVICE = { reconnect: "retry", interval: 0, timeout: 30000 };

/**
 * A `fetch` playing a Bayeux server with the acknowledgement extension. `replies` are the
 * /meta/connect answers after the first: each `{ messages, batch, body? }` (`body`: sent as it
 * is instead, e.g. bad JSON); once they run out, connects hang until aborted. `acks` records the
 * `ext.ack` of each connect. Nothing is answered after the first connect until `go()`.
 */
function scripted(replies) {
  let go;
  const started = new Promise((resolve) => (go = resolve));
  const acks = [];
  let connects = 0;
  const fetch = async (url, init) => {
    const sent = JSON.parse(init.body);
    const out = [];
    for (const m of sent) {
      if (m.channel === "/meta/handshake") {
        out.push({ channel: m.channel, id: m.id, successful: true, clientId: "c1", version: "1.0", supportedConnectionTypes: ["long-polling"], advice: ADVICE, ext: { ack: true } });
      } else if (m.channel === "/meta/subscribe" || m.channel === "/meta/unsubscribe") {
        out.push({ channel: m.channel, id: m.id, successful: true, subscription: m.subscription });
      } else if (m.channel === "/meta/disconnect") {
        out.push({ channel: m.channel, id: m.id, successful: true });
      } else if (m.channel === "/meta/connect") {
        acks.push(m.ext?.ack);
        if (connects++ === 0) {
          out.push({ channel: m.channel, id: m.id, successful: true, advice: ADVICE });
          continue;
        }
        await started;
        const next = replies.shift();
        if (!next) {
          await new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
        }
        if (next.body !== undefined) return new Response(next.body, { status: next.status ?? 200 });
        out.push(...next.messages, { channel: m.channel, id: m.id, successful: true, advice: ADVICE, ext: { ack: next.batch } });
      }
    }
    return new Response(JSON.stringify(out), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetch, acks, go };
}

const msg = (channel, n, extra = {}) => ({ channel, data: { n, nested: { list: [n, "x"] } }, id: `m${n}`, ...extra });

test("each listener gets each message in order, message by message; one that throws stops no one", async () => {
  const { fetch, go } = scripted([
    { batch: 1, messages: [msg("/a/b", 1), msg("/a/b", 2), msg("/a/c", 3), msg("/x", 4), msg("/a/b", 5, { ext: { k: 1 } }), msg("/a/b", 6)] },
    { batch: 2, messages: [msg("/a/b", 7)] },
  ]);
  const c = new CometD({ url: URL, fetch });
  const calls = [];
  await c.handshake();
  await c.subscribe("/a/*", (data, channel) => calls.push(["star", data.n, channel]));
  await c.subscribe("/a/b", (data) => {
    calls.push(["b", data.n]);
    throw new Error("listener bug");
  });
  await c.subscribe("/a/**", (data) => calls.push(["deep", data.n, data.nested.list]));
  go();
  await waitFor(() => calls.length === 17, { what: "every message" });
  await sleep(20);
  assert.deepEqual(calls, [
    ["star", 1, "/a/b"], ["b", 1], ["deep", 1, [1, "x"]],
    ["star", 2, "/a/b"], ["b", 2], ["deep", 2, [2, "x"]],
    ["star", 3, "/a/c"], ["deep", 3, [3, "x"]],
    ["star", 5, "/a/b"], ["b", 5], ["deep", 5, [5, "x"]],
    ["star", 6, "/a/b"], ["b", 6], ["deep", 6, [6, "x"]],
    ["star", 7, "/a/b"], ["b", 7], ["deep", 7, [7, "x"]],
  ]);
  await c.disconnect();
  c.free();
});

test("a batch that arrives again is acknowledged, not delivered again", async () => {
  const first = [msg("/d", 1), msg("/d", 2)];
  const { fetch, acks, go } = scripted([
    { batch: 1, messages: first },
    { batch: 1, messages: first },
    { batch: 2, messages: [msg("/d", 3)] },
  ]);
  const c = new CometD({ url: URL, fetch });
  const got = [];
  await c.handshake();
  await c.subscribe("/d", (data) => got.push(data.n));
  go();
  await waitFor(() => got.includes(3), { what: "the third message" });
  await sleep(20);
  assert.deepEqual(got, [1, 2, 3]);
  assert.deepEqual(acks.slice(1, 5), [0, 1, 1, 2]);
  await c.disconnect();
  c.free();
});

test("a reply that is not JSON is retried; a byte-order mark and a single-object reply are read", async () => {
  const { fetch, go } = scripted([
    { body: "<html>proxy error</html>" },
    { batch: 1, messages: [msg("/e", 1)] },
    { body: "\uFEFF" + JSON.stringify([msg("/e", 2), { channel: "/meta/connect", successful: true, advice: ADVICE, ext: { ack: 2 } }]) },
    { body: JSON.stringify({ channel: "/meta/connect", successful: true, advice: ADVICE, ext: { ack: 3 } }) },
    { batch: 4, messages: [msg("/e", 3)] },
  ]);
  const c = new CometD({ url: URL, fetch, maxNetworkDelayMs: 1000 });
  const got = [];
  await c.handshake();
  await c.subscribe("/e", (data) => got.push(data.n));
  go();
  await waitFor(() => got.includes(3), { timeoutMs: 8000, what: "the last message" });
  assert.deepEqual(got, [1, 2, 3]);
  await c.disconnect();
  c.free();
});

test("incoming extensions see each message (last registered first) and may drop one", async () => {
  const { fetch, go } = scripted([{ batch: 1, messages: [msg("/f", 1), msg("/f", 2), msg("/f", 3)] }]);
  const seen = [];
  const c = new CometD({
    url: URL,
    fetch,
    extensions: [
      { incoming: (m) => void seen.push(["first", m.channel, m.data?.n]) },
      { incoming: (m) => (seen.push(["second", m.channel, m.data?.n]), m.data?.n === 2 ? null : m) },
    ],
  });
  const got = [];
  await c.handshake();
  await c.subscribe("/f", (data) => got.push(data.n));
  go();
  await waitFor(() => got.includes(3), { what: "the third message" });
  assert.deepEqual(got, [1, 3]);
  const data = seen.filter(([, channel]) => channel === "/f");
  assert.deepEqual(data, [
    ["second", "/f", 1], ["second", "/f", 2], ["second", "/f", 3],
    ["first", "/f", 1], ["first", "/f", 3],
  ]);
  await c.disconnect();
  c.free();
});
