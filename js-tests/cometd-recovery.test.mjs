// CometD through outages, against real Bayeux servers started in-process behind a TCP proxy
// that can cut the network (every open connection destroyed, new ones refused):
// - cometd-nodejs-server with its acknowledged-messages extension: messages published while
//   the server holds the long poll of a dead connection arrive exactly once and in order, also
//   under 20 cuts of 0.1-2 s while 2,000 messages flow, published at an even pace over the
//   whole run (after every other cut the test calls reconnect(), as a browser's `online` event
//   does; after the others the client finds the network back by itself);
// - faye (no acknowledgements): the client resumes, later messages arrive, and `rehandshake`
//   fires when faye forgets the client;
// - a first handshake against a server that is down for 3 s, then up, connects by itself.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttp } from "node:http";
import { createServer as createTcp, connect as tcpConnect } from "node:net";
import { createRequire } from "node:module";
import { CometD } from "floorwalker";
import { waitFor, within, sleep, rejectsWith, throwsWith, failIfProcessLingers } from "./support/harness.mjs";

const require = createRequire(import.meta.url);

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

function closeHttp(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A TCP proxy to `port` that can cut the network: `cut(ms)` destroys every connection and
 * refuses new ones for `ms`; `down()`/`up()` do the same without a timer. */
async function proxy(port) {
  const pairs = new Set();
  let isDown = false;
  const server = createTcp((client) => {
    if (isDown) return client.destroy();
    const upstream = tcpConnect(port, "127.0.0.1");
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const proxyPort = await listen(server);
  const down = () => {
    isDown = true;
    for (const p of [...pairs]) {
      p.client.destroy();
      p.upstream.destroy();
    }
    pairs.clear();
  };
  const up = () => {
    isDown = false;
  };
  return {
    port: proxyPort,
    down,
    up,
    async cut(ms) {
      down();
      await sleep(ms);
      up();
    },
    close() {
      down();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** cometd-nodejs-server with the acknowledged-messages extension, behind a proxy. */
async function startCometd({ ack = true, timeout = 2000 } = {}) {
  const cometd = require("cometd-nodejs-server");
  const server = cometd.createCometDServer({ timeout });
  if (ack) {
    const { AcknowledgedMessagesExtension } = require("cometd-nodejs-server/ack-extension.js");
    server.addExtension(new AcknowledgedMessagesExtension());
  }
  const http = createHttp(server.handle);
  const port = await listen(http);
  const net = await proxy(port);
  return {
    url: `http://127.0.0.1:${net.port}/cometd`,
    net,
    server,
    publish(channel, data) {
      server.createServerChannel(channel).publish(null, data);
    },
    async close() {
      await net.close();
      server.close();
      await closeHttp(http);
    },
  };
}

/** Faye behind a proxy. */
async function startFaye() {
  const faye = require("faye");
  const bayeux = new faye.NodeAdapter({ mount: "/faye", timeout: 2 });
  const clients = new Set();
  bayeux.addExtension({
    outgoing(message, request, callback) {
      if (request && message.channel === "/meta/handshake" && message.successful) clients.add(message.clientId);
      callback(message);
    },
  });
  const local = bayeux.getClient();
  const http = createHttp();
  bayeux.attach(http);
  const port = await listen(http);
  const net = await proxy(port);
  return {
    url: `http://127.0.0.1:${net.port}/faye`,
    net,
    publish(channel, data) {
      return local.publish(channel, data);
    },
    forget() {
      for (const id of [...clients]) bayeux._server._engine.destroyClient(id);
      clients.clear();
    },
    async close() {
      await net.close();
      local.disconnect();
      bayeux.close();
      await closeHttp(http);
    },
  };
}

/** A client that records states, events and, through an extension, the acks it sends. */
function client(url, extra = {}) {
  const acks = [];
  const c = new CometD({
    url,
    timeoutMs: 5000,
    extensions: [
      {
        outgoing(m) {
          if (m.channel === "/meta/connect" && typeof m.ext?.ack === "number") acks.push(m.ext.ack);
        },
      },
    ],
    ...extra,
  });
  const states = [];
  const rehandshakes = [];
  c.on("state", (s) => states.push(s));
  c.on("rehandshake", () => rehandshakes.push(Date.now()));
  return { c, states, rehandshakes, acks };
}

describe("CometD with acknowledgements against cometd-nodejs-server", () => {
  let srv;
  before(async () => {
    srv = await startCometd();
  });
  after(async () => {
    await srv?.close();
  });

  test("an outage while the server holds the poll loses nothing and repeats nothing", async () => {
    const { c, states, acks } = client(srv.url);
    await c.handshake();
    const got = [];
    await c.subscribe("/outage/one", (d) => got.push(d));
    srv.publish("/outage/one", 0);
    await waitFor(() => got.length === 1, { what: "the first message" });
    assert.ok(acks.length > 0, "the server agreed: connects carry ext.ack");
    await sleep(100); // the next poll is held now
    srv.net.down();
    // published while the held poll's connection is dead: the server writes into it
    for (let i = 1; i <= 5; i++) srv.publish("/outage/one", i);
    await sleep(1200);
    srv.net.up();
    c.reconnect();
    await waitFor(() => got.length >= 6, { timeoutMs: 10000, what: "the messages published during the outage" });
    await sleep(500);
    assert.deepEqual(got, [0, 1, 2, 3, 4, 5], "each once, in order");
    assert.ok(states.includes("reconnecting"));
    assert.equal(c.state, "connected");
    await c.disconnect();
  });

  test("20 cuts while 2,000 messages flow: none lost, none repeated, order kept", async () => {
    const { c, rehandshakes } = client(srv.url);
    await c.handshake();
    const got = [];
    await c.subscribe("/outage/many", (d) => got.push(d));
    const total = 2000;
    let sent = 0;
    // 10 messages every 100 ms: the 2,000 span the cuts (about 20 s of them), so messages are
    // published before, during and after every cut.
    const publisher = (async () => {
      while (sent < total) {
        for (let k = 0; k < 10 && sent < total; k++) srv.publish("/outage/many", sent++);
        await sleep(100);
      }
    })();
    const started = Date.now();
    let cuts = 0;
    let publishedDuringCuts = 0;
    for (let cut = 0; cut < 20; cut++) {
      await sleep(100 + Math.floor(Math.random() * 200));
      const before = sent;
      await srv.net.cut(100 + Math.floor(Math.random() * 1900));
      publishedDuringCuts += sent - before;
      cuts++;
      if (cut % 2 === 0) c.reconnect();
    }
    await publisher;
    assert.equal(cuts, 20);
    assert.ok(publishedDuringCuts > 500, `messages published during the cuts: ${publishedDuringCuts}`);
    await waitFor(() => got.length >= total, { timeoutMs: 20000, what: `${total} messages (got ${got.length})` });
    await sleep(300);
    assert.equal(got.length, total, "none repeated");
    assert.deepEqual(got, Array.from({ length: total }, (_, i) => i), "none lost, order kept");
    assert.equal(rehandshakes.length, 0, "the session survived every cut");
    assert.ok(Date.now() - started < 60000);
    await c.disconnect();
  });

  test("ack: false turns acknowledgements off", async () => {
    const { c, acks } = client(srv.url, { ack: false });
    await c.handshake();
    const got = [];
    await c.subscribe("/noack", (d) => got.push(d));
    srv.publish("/noack", 1);
    await waitFor(() => got.length === 1);
    assert.deepEqual(acks, []);
    await c.disconnect();
  });
});

describe("CometD against faye (no acknowledgements)", () => {
  let srv;
  before(async () => {
    srv = await startFaye();
  });
  after(async () => {
    await srv?.close();
  });

  test("resumes after an outage; later messages arrive; rehandshake when faye forgets the client", async () => {
    const { c, states, rehandshakes, acks } = client(srv.url);
    await c.handshake();
    const got = [];
    await c.subscribe("/faye/news", (d) => got.push(d));
    await srv.publish("/faye/news", "before");
    await waitFor(() => got.length === 1, { what: "a message before the outage" });
    await srv.net.cut(1500);
    await waitFor(() => states.at(-1) === "connected" && states.includes("reconnecting"), { timeoutMs: 10000, what: "connected again" });
    await srv.publish("/faye/news", "after");
    await waitFor(() => got.includes("after"), { timeoutMs: 5000, what: "a message after the outage" });
    assert.deepEqual(acks, [], "faye does not offer acknowledgements");
    assert.equal(rehandshakes.length, 0);

    srv.forget();
    await waitFor(() => rehandshakes.length === 1, { timeoutMs: 10000, what: "the rehandshake event" });
    await srv.publish("/faye/news", "after rehandshake");
    await waitFor(() => got.includes("after rehandshake"), { what: "a message after the rehandshake" });
    assert.equal(got.filter((g) => g === "after").length, 1);
    await c.disconnect();
  });
});

describe("CometD first handshake", () => {
  test("a server down for 3 s, then up: handshake() connects without the caller retrying", async () => {
    const srv = await startCometd();
    try {
      srv.net.down();
      const { c, states } = client(srv.url);
      const t0 = Date.now();
      const done = c.handshake();
      setTimeout(() => srv.net.up(), 3000);
      await within(done, 15000, "handshake");
      assert.ok(Date.now() - t0 >= 2900);
      assert.equal(c.state, "connected");
      assert.deepEqual(states, ["connecting", "connected"]);
      const got = [];
      await c.subscribe("/late", (d) => got.push(d));
      srv.publish("/late", "hi");
      await waitFor(() => got.length === 1);
      await c.disconnect();
    } finally {
      await srv.close();
    }
  });

  test("only disconnect(), the caller's signal or a refusal end a handshake that keeps failing", async () => {
    const srv = await startCometd();
    try {
      srv.net.down();
      const { c } = client(srv.url);
      const pending = c.handshake();
      await sleep(1500);
      assert.equal(c.state, "connecting");
      await c.disconnect();
      await rejectsWith(pending, "INVALID_STATE");
      const ac = new AbortController();
      const aborted = c.handshake({ signal: ac.signal });
      setTimeout(() => ac.abort(), 300);
      await rejectsWith(aborted, "ABORTED");
      assert.equal(c.state, "disconnected");
    } finally {
      await srv.close();
    }
    // a 401 is a refusal: no retry
    const refusing = createHttp((req, res) => {
      res.writeHead(401, { "content-type": "text/plain" });
      res.end("no");
    });
    const port = await listen(refusing);
    try {
      const c = new CometD({ url: `http://127.0.0.1:${port}/cometd` });
      await rejectsWith(within(c.handshake(), 5000, "handshake"), "UNAUTHORIZED", { status: 401 });
      assert.equal(c.state, "disconnected");
    } finally {
      await closeHttp(refusing);
    }
  });

  test("bad ack and extensions options throw INVALID_ARGUMENT", () => {
    const url = "http://127.0.0.1:1/cometd";
    throwsWith(() => new CometD({ url, ack: "yes" }), "INVALID_ARGUMENT", { field: "ack" });
    for (const extensions of [{}, [1], ["x"], [{ incoming: 1 }], [{ outgoing: "f" }]]) {
      throwsWith(() => new CometD({ url, extensions }), "INVALID_ARGUMENT", { field: "extensions" });
    }
    const c = new CometD({ url, ack: false, extensions: [{}, { incoming: (m) => m }] });
    throwsWith(() => c.on("nope", () => {}), "INVALID_ARGUMENT", { field: "event" });
    const off = c.on("warning", () => {});
    off();
    c.reconnect(); // disconnected: nothing to do
    assert.equal(c.state, "disconnected");
  });

  after(() => failIfProcessLingers());
});
