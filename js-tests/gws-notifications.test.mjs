// gws.notifications() against the emulator: channels outside /v2/me/* (subscribed on demand,
// each notification delivered once however the patterns overlap), channels that cannot carry
// notifications refused, the session's CSRF header on every CometD request, and the
// `rehandshake` event after GWS forgot the connection.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Gws } from "floorwalker";
import { control, reset, mark, requestsSince, throwsWith, failIfProcessLingers, startEmu, waitFor, sleep } from "./support/harness.mjs";

const SUP = { username: "supervisor1", password: "sup-pass" };

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(() => reset(emu));

const connect = () => Gws.connect({ baseUrl: emu.url, ...SUP, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 50 } });
const notify = (channel, data) => control(emu, "POST", "/gws/notify", { channel, data, userName: SUP.username });
const bayeux = (log) => log.filter((e) => e.path.startsWith("/api/v2/notifications"));
const subscriptionsIn = (log) =>
  bayeux(log)
    .flatMap((e) => JSON.parse(e.rawBody))
    .filter((m) => m.channel === "/meta/subscribe" || m.channel === "/meta/unsubscribe")
    .map((m) => `${m.channel === "/meta/subscribe" ? "+" : "-"}${m.subscription}`);

test("channels outside /v2/me/* are subscribed on demand; every notification arrives once", async () => {
  const gws = await connect();
  const events = await gws.notifications();
  const since = await mark(emu);
  const services = [];
  const offServices = events.on("/notifications/services", (d, ch) => services.push([ch, d]));
  const everything = [];
  const offAll = events.on("/**", (d, ch) => everything.push(ch));
  const me = [];
  events.on("/v2/me/*", (d, ch) => me.push(ch));
  await waitFor(async () => subscriptionsIn(await requestsSince(emu, since)).length === 2, { what: "two subscriptions" });
  assert.deepEqual(subscriptionsIn(await requestsSince(emu, since)), ["+/notifications/services", "+/**"], "/v2/me/* needs none");

  await notify("/notifications/services", { messageType: "ServiceStateChange", state: "up" });
  await notify("/v2/me/devices", { messageType: "DeviceStateChangeMessage", devices: [] });
  await notify("/v2/users", { messageType: "UserStateChange" });
  await waitFor(() => everything.length === 3, { what: "three notifications" });
  await sleep(150);
  assert.deepEqual(services, [["/notifications/services", { messageType: "ServiceStateChange", state: "up" }]]);
  assert.deepEqual(everything, ["/notifications/services", "/v2/me/devices", "/v2/users"], "once each, though several subscriptions match");
  assert.deepEqual(me, ["/v2/me/devices"]);

  // the last listener of a channel gone: unsubscribed on the server, nothing more delivered
  const m = await mark(emu);
  offServices();
  offAll();
  await waitFor(async () => subscriptionsIn(await requestsSince(emu, m)).length === 2, { what: "two unsubscriptions" });
  assert.deepEqual(subscriptionsIn(await requestsSince(emu, m)).sort(), ["-/**", "-/notifications/services"]);
  await notify("/notifications/services", { state: "down" });
  await notify("/v2/me/calls", { messageType: "CallStateChangeMessage", call: { id: "c1" } });
  await waitFor(() => me.length === 2, { what: "the /v2/me notification" });
  assert.equal(services.length, 1);
  assert.equal(everything.length, 3);
  await events.close();
});

test("channels that never carry notifications are INVALID_ARGUMENT, before anything is sent", async () => {
  const gws = await connect();
  const events = await gws.notifications();
  const since = await mark(emu);
  for (const ch of ["/meta/connect", "/meta/**", "/service/x", "/service", "v2/me", "/a/*/b", "/a//b", ""]) {
    throwsWith(() => events.on(ch, () => {}), "INVALID_ARGUMENT", { field: "channel" });
  }
  await sleep(100);
  assert.deepEqual(subscriptionsIn(await requestsSince(emu, since)), []);
  await events.close();
});

test("every CometD request carries the session's CSRF header", async () => {
  const since = await mark(emu);
  const gws = await connect();
  const events = await gws.notifications();
  events.on("/notifications/services", () => {});
  await sleep(200);
  const st = await control(emu, "GET", "/gws/state");
  const tokens = (st.sessions ?? []).map((s) => s.csrfToken);
  const polls = bayeux(await requestsSince(emu, since));
  assert.ok(polls.length >= 3, "handshake, subscribe, connect");
  for (const e of polls) {
    assert.ok(tokens.includes(e.headers["x-csrf-token"]), `${e.rawBody.slice(0, 40)} carries the CSRF token`);
  }
  await events.close();
});

test("rehandshake fires after GWS forgot the connection, once the subscriptions are back", async () => {
  const gws = await connect();
  const events = await gws.notifications();
  const seen = [];
  events.on("/notifications/services", (d) => seen.push(d.n));
  let rehandshakes = 0;
  const states = [];
  events.on("state", (s) => states.push(s));
  events.on("rehandshake", () => rehandshakes++);
  throwsWith(() => events.on("rehandshake", "nope"), "INVALID_ARGUMENT", { field: "callback" });
  await sleep(100);
  await notify("/notifications/services", { n: 1 });
  await waitFor(() => seen.length === 1, { what: "the first notification" });
  const since = await mark(emu);
  await control(emu, "POST", "/gws/forget-cometd");
  await waitFor(() => rehandshakes === 1, { timeoutMs: 8000, what: "the rehandshake event" });
  // by then both subscriptions were replayed: what is published now arrives
  assert.deepEqual(subscriptionsIn(await requestsSince(emu, since)).sort(), ["+/notifications/services", "+/v2/me/*"]);
  await notify("/notifications/services", { n: 2 });
  await waitFor(() => seen.length === 2, { what: "a notification after the rehandshake" });
  assert.deepEqual(seen, [1, 2]);
  assert.ok(states.includes("reconnecting"));
  assert.equal(events.state, "connected");
  events.reconnect(); // connected and polling: nothing to do
  await sleep(100);
  assert.equal(rehandshakes, 1);
  await events.close();
});
