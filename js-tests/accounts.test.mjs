// Accounts of the packed package against the emulator: LiveVox.changePassword, the
// passwordExpiring warning of a login, and the contact calls delete, search and setDoNotCall.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  LiveVox, CREDS, startEmu, reset, requests, mark, requestsSince, login, rejectsWith, assertWire,
  failIfProcessLingers,
} from "./support/harness.mjs";

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
});

const change = (extra = {}) =>
  LiveVox.changePassword({ baseUrl: emu.url, ...CREDS, newPassword: "n3w-secret", ...extra });

test("changePassword sends POST /session/password with LV-Access and both passwords; then only the new one logs in", async () => {
  const lv = await login(emu);
  const since = await mark(emu);
  const logged = [];
  assert.equal(await change({ logger: (e) => logged.push(JSON.stringify(e)) }), undefined);
  const [e] = await requestsSince(emu, since);
  assert.equal(e.method, "POST");
  assert.equal(e.path, "/session/password");
  assert.equal(e.headers["lv-access"], CREDS.accessToken);
  assert.equal(e.headers["lv-session"], undefined, "no session needed to change a password");
  assert.deepStrictEqual(JSON.parse(e.rawBody), {
    clientName: "ACME", userName: "supervisor", password: "s3cret", newPassword: "n3w-secret", agent: false,
  });
  assert.ok(logged.length > 0);
  assert.ok(logged.every((l) => !l.includes("s3cret") && !l.includes("n3w-secret")), "no password in the log");
  // LiveVox ends the user's sessions when the password changes
  assert.equal(await lv.validate(), false);
  await rejectsWith(login(emu), "UNAUTHORIZED");
  const again = await login(emu, { password: "n3w-secret" });
  assert.equal(typeof again.sessionId, "string");
  // the new password's expiry starts again: no warning any more
  assert.equal(again.daysUntilPasswordExpires, 90);
});

test("changePassword: a wrong current password is UNAUTHORIZED, the platform's rules are refused, nothing changes", async () => {
  await rejectsWith(change({ password: "wrong" }), "UNAUTHORIZED", { status: 401 });
  const weak = await rejectsWith(change({ newPassword: "short1" }), "INVALID_ARGUMENT", { status: 400 });
  assert.match(weak.vendorMessage ?? weak.message, /8 characters/);
  const lv = await login(emu); // the old password still works
  await lv.close();
});

test("changePassword checks its input before sending anything", async () => {
  const since = await mark(emu);
  await rejectsWith(change({ newPassword: "" }), "INVALID_ARGUMENT", { field: "newPassword" });
  await rejectsWith(change({ newPassword: "s3cret" }), "INVALID_ARGUMENT", { field: "newPassword" });
  await rejectsWith(change({ newPassword: undefined }), "INVALID_ARGUMENT", { field: "newPassword" });
  await rejectsWith(change({ userName: "sup\r\nervisor" }), "INVALID_ARGUMENT", { field: "userName" });
  await rejectsWith(change({ accessToken: "a\nb" }), "INVALID_ARGUMENT", { field: "accessToken" });
  await rejectsWith(change({ apiVersion: "6" }), "INVALID_ARGUMENT", { field: "apiVersion" });
  assert.deepEqual(await requestsSince(emu, since), []);
});

test("changePassword with apiVersion uses /session/v6.0/password; an agent changes its own with agent: true", async () => {
  const since = await mark(emu);
  await LiveVox.changePassword({
    baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: "ACME", userName: "LV_SEB",
    password: "agent-lv_seb", newPassword: "agent-lv_seb2", agent: true, apiVersion: "v6.0",
  });
  const [e] = await requestsSince(emu, since);
  assert.equal(e.path, "/session/v6.0/password");
  assert.equal(JSON.parse(e.rawBody).agent, true);
  await LiveVox.login({ baseUrl: emu.url, accessToken: CREDS.accessToken, clientName: "ACME", userName: "LV_SEB", password: "agent-lv_seb2", agent: true });
});

test("passwordExpiring: a listener added right after login gets { daysUntilPasswordExpires } once", async () => {
  const lv = await login(emu, { userName: "expiring", password: "expir1ng" });
  assert.equal(lv.daysUntilPasswordExpires, 3);
  const seen = [];
  lv.on("passwordExpiring", (e) => seen.push(e));
  assert.deepEqual(seen, [], "delivered in a microtask, not inside on()");
  await new Promise((r) => setTimeout(r, 10));
  assert.deepStrictEqual(seen, [{ daysUntilPasswordExpires: 3 }]);
  // a later listener is told too; an unsubscribed one is not
  const later = [];
  const off = lv.on("passwordExpiring", (e) => later.push(e));
  off();
  const kept = [];
  lv.on("passwordExpiring", (e) => kept.push(e));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(later.length, 0);
  assert.equal(kept.length, 1);
  assert.equal(seen.length, 1, "the first listener is not told twice");
  // a login far from expiry does not warn
  const fine = await login(emu);
  const none = [];
  fine.on("passwordExpiring", (e) => none.push(e));
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(none, []);
});

test("contacts.delete: DELETE /contact/contacts/{account} (encoded); the contact is gone", async () => {
  const lv = await login(emu);
  const since = await mark(emu);
  await lv.contacts.delete("ACC 1004/B");
  const [del] = await requestsSince(emu, since);
  assert.equal(del.url.split("?")[0], "/contact/contacts/ACC%201004%2FB");
  assertWire(del, { method: "DELETE", path: del.path, body: undefined, sessionId: lv.sessionId });
  await rejectsWith(lv.contacts.get("ACC 1004/B"), "NOT_FOUND");
  await rejectsWith(lv.contacts.delete("ACC 1004/B"), "NOT_FOUND");
  const before = await mark(emu);
  await rejectsWith(lv.contacts.delete(""), "INVALID_ARGUMENT", { field: "account" });
  assert.equal((await requestsSince(emu, before)).length, 0);
});

test("contacts.search: POST /contact/contacts/search with the filter; matches the stored contacts, sorted and paged", async () => {
  const lv = await login(emu);
  await lv.contacts.create({ account: "ACC-2001", person: { firstName: "Jane", lastName: "Austen" }, city: "Raleigh", active: true });
  const since = await mark(emu);
  const criteria = {
    search: {
      rule: "OR",
      left: { field: "city", criteria: "raleigh", condition: "EQUALS" },
      right: { field: "name", criteria: "John", condition: "STARTS_WITH" },
    },
    sort: [{ field: "ACCOUNT", order: "DESC" }],
  };
  const page = await lv.contacts.search(criteria);
  const [post] = await requestsSince(emu, since);
  assertWire(post, {
    method: "POST", path: "/contact/contacts/search", query: "count=1000&offset=0",
    body: { search: criteria.search, sort: criteria.sort }, sessionId: lv.sessionId,
  });
  assert.deepEqual(page.contacts.map((c) => c.account), ["ACC-2001", "ACC-1002", "ACC-1001"]);
  assert.equal(page.next, undefined);
  // fields floorwalker does not name pass through
  assert.match(page.contacts[0].createDate, /^\d+$/);

  const first = await lv.contacts.search({ ...criteria, count: 2 });
  assert.deepEqual(first.contacts.map((c) => c.account), ["ACC-2001", "ACC-1002"]);
  assert.ok(first.next);
  const rest = await lv.contacts.search({ ...criteria, count: 2, offset: 2 });
  assert.deepEqual(rest.contacts.map((c) => c.account), ["ACC-1001"]);

  const negated = await lv.contacts.search({ search: { rule: "AND", isNegated: true, left: { field: "city", criteria: "Raleigh", condition: "EQUALS" }, right: { field: "city", criteria: "Raleigh", condition: "EQUALS" } } });
  assert.ok(!negated.contacts.some((c) => c.city === "Raleigh"));
  const before = await mark(emu);
  await rejectsWith(lv.contacts.search({ search: { field: "city", criteria: "x", condition: "LIKE" } }), "INVALID_ARGUMENT", { field: "search" });
  await rejectsWith(lv.contacts.search({ search: { field: "city", criteria: "x", condition: "EQUALS" }, count: 1001 }), "INVALID_ARGUMENT", { field: "count" });
  await rejectsWith(lv.contacts.search({ filter: {} }), "INVALID_ARGUMENT");
  assert.equal((await requestsSince(emu, before)).length, 0);
});

test("contacts.setDoNotCall: PUT /contact/contacts/{account}/dnd; the blocks are stored and shown by get", async () => {
  const lv = await login(emu);
  const since = await mark(emu);
  const flags = { accountBlock: "PERMANENT", updateContactDND: [{ ordinal: 1, phone: "6505550100", phoneBlock: "DAILY_OFF" }, { ordinal: 2, phoneBlock: "PERMANENT" }] };
  assert.equal(await lv.contacts.setDoNotCall("ACC-1003", flags), undefined);
  const [put] = await requestsSince(emu, since);
  assertWire(put, { method: "PUT", path: "/contact/contacts/ACC-1003/dnd", body: flags, sessionId: lv.sessionId });
  const got = await lv.contacts.get("ACC-1003");
  assert.equal(got.accountBlock, "PERMANENT");
  assert.deepEqual(got.phone.map((p) => [p.ordinal, p.phoneBlock]), [[1, "NONE"], [2, "PERMANENT"]]);
  await lv.contacts.setDoNotCall("ACC-1003", { accountBlock: "DAILY" });
  assert.equal((await lv.contacts.get("ACC-1003")).accountBlock, "BOTH");
  await rejectsWith(lv.contacts.setDoNotCall("NOPE-1", { accountBlock: "DAILY" }), "NOT_FOUND");
  const before = await mark(emu);
  await rejectsWith(lv.contacts.setDoNotCall("ACC-1003", {}), "INVALID_ARGUMENT", { field: "flags" });
  await rejectsWith(lv.contacts.setDoNotCall("ACC-1003", { accountBlock: "SOMETIMES" }), "INVALID_ARGUMENT", { field: "accountBlock" });
  await rejectsWith(lv.contacts.setDoNotCall("ACC-1003", { updateContactDND: [{ ordinal: 0, phoneBlock: "NONE" }] }), "INVALID_ARGUMENT", { field: "updateContactDND" });
  assert.equal((await requestsSince(emu, before)).length, 0);
});
