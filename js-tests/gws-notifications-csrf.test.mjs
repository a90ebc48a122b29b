// gws.notifications() against a GWS that checks the CSRF token on CometD POSTs too (emulator
// flavour `cometdCsrf`): when the HTTP session expired while the channel was polling, the next
// poll is refused (403 "Missing or invalid Csrf token"); the client reads the session again once
// (one GET /api/v2/me, shared with REST calls) and handshakes with the new cookie and token. With
// credentials that no longer work, the channel ends instead of looping.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Gws } from "floorwalker";
import { control, reset, mark, requestsSince, failIfProcessLingers, startEmu, waitFor, sleep } from "./support/harness.mjs";

const SUP = { username: "supervisor1", password: "sup-pass" };

let emu;
before(async () => {
  emu = await startEmu();
});
after(async () => {
  await emu?.close();
  failIfProcessLingers();
});
beforeEach(async () => {
  await reset(emu);
  await control(emu, "POST", "/config", { cometdCsrf: true });
  // polls come back every 300 ms, so a refused one shows soon after the session expired
  await control(emu, "POST", "/gws/config", { cometdTimeoutMs: 300 });
});

const connect = () => Gws.connect({ baseUrl: emu.url, ...SUP, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 50 } });
const notify = (channel, data) => control(emu, "POST", "/gws/notify", { channel, data, userName: SUP.username });
const bayeux = (log) => log.filter((e) => e.path.startsWith("/api/v2/notifications"));
const renewals = (log) => log.filter((e) => e.method === "GET" && e.path === "/api/v2/me");
const channelsIn = (e) => JSON.parse(e.rawBody).map((m) => m.channel);

test("an expired session: the refused poll renews it once and the channel comes back", async () => {
  const gws = await connect();
  const events = await gws.notifications();
  const seen = [];
  events.on("/v2/me/devices", (d) => seen.push(d.n));
  const states = [];
  events.on("state", (s) => states.push(s));
  let rehandshakes = 0;
  events.on("rehandshake", () => rehandshakes++);
  await notify("/v2/me/devices", { messageType: "DeviceStateChangeMessage", devices: [], n: 1 });
  await waitFor(() => seen.length === 1, { what: "the first notification" });

  const since = await mark(emu);
  const { expired } = await control(emu, "POST", "/gws/expire-session", { userName: SUP.username });
  assert.equal(expired.length, 1);
  await waitFor(() => rehandshakes === 1, { timeoutMs: 8000, what: "the rehandshake event" });
  await notify("/v2/me/devices", { messageType: "DeviceStateChangeMessage", devices: [], n: 2 });
  await waitFor(() => seen.length === 2, { what: "a notification after the renewal" });
  assert.deepEqual(seen, [1, 2]);
  assert.equal(events.state, "connected");
  assert.ok(states.includes("reconnecting"));

  const log = await requestsSince(emu, since);
  assert.equal(renewals(log).length, 1, "one GET /api/v2/me");
  const st = await control(emu, "GET", "/gws/state");
  const live = st.sessions.filter((s) => !s.expired && s.userName === SUP.username);
  assert.equal(live.length, 1, "one new session");
  const renewedAt = renewals(log)[0].seq;
  const before = bayeux(log).filter((e) => e.seq < renewedAt);
  const afterRenewal = bayeux(log).filter((e) => e.seq > renewedAt);
  assert.ok(before.length >= 1, "a poll went out with the stale token");
  assert.ok(before.every((e) => e.headers["x-csrf-token"] !== live[0].csrfToken));
  assert.deepEqual(channelsIn(afterRenewal[0]), ["/meta/handshake"], "a new handshake right after the renewal");
  for (const e of afterRenewal) {
    assert.equal(e.headers["x-csrf-token"], live[0].csrfToken, `${channelsIn(e)} carries the new token`);
    assert.ok(e.headers.cookie.includes(`JSESSIONID=${live[0].id}`), `${channelsIn(e)} carries the new session`);
  }
  // REST calls use the renewed session without reading it again
  const m = await mark(emu);
  await gws.devices();
  const rest = await requestsSince(emu, m);
  assert.deepEqual(rest.map((e) => `${e.method} ${e.path}`).filter((r) => !r.includes("/notifications")), ["GET /api/v2/me/devices"]);
  await events.close();
});

test("credentials that no longer work: the channel ends after one renewal attempt, no loop", async () => {
  const gws = await connect();
  const events = await gws.notifications();
  const states = [];
  events.on("state", (s) => states.push(s));
  await sleep(100);
  const since = await mark(emu);
  // the password changed on the server, and the HTTP session expired
  const user = [...emu.gws.users.values()].find((u) => u.userName === SUP.username);
  user.password = "changed-elsewhere";
  await control(emu, "POST", "/gws/expire-session", { userName: SUP.username });
  await waitFor(() => events.state === "disconnected", { timeoutMs: 8000, what: "the channel to end" });
  const log = await requestsSince(emu, since);
  assert.equal(renewals(log).length, 1, "one GET /api/v2/me, refused");
  const count = bayeux(log).length;
  await sleep(1500);
  const later = await requestsSince(emu, since);
  assert.equal(bayeux(later).length, count, "no request after the end");
  assert.equal(renewals(later).length, 1);
  assert.deepEqual(states.slice(-1), ["disconnected"]);
  await events.close();
});
