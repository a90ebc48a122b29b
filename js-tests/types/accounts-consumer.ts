// Password change, the passwordExpiring warning and the contact search / delete / do-not-call
// calls as a strict application writes them. Type-checked only (strict), never run; the
// `@ts-expect-error` lines prove misuse fails.

import {
  LiveVox,
  type ContactDetails,
  type ContactFilter,
  type ContactPage,
  type ContactSearch,
  type DoNotCallFlags,
  type PasswordExpiringEvent,
} from "floorwalker";

const base = { baseUrl: "https://api.livevox.com", accessToken: "t", clientName: "ACME", userName: "u", password: "p" };

// ---- changePassword --------------------------------------------------------------------------

const changed: void = await LiveVox.changePassword({ ...base, newPassword: "n3w-secret" });
await LiveVox.changePassword({ ...base, newPassword: "n3w-secret", agent: true, apiVersion: "v6.0", timeoutMs: 5000 }, { timeoutMs: 1000 });
// @ts-expect-error newPassword is required
await LiveVox.changePassword({ ...base });
// @ts-expect-error changePassword is static
await (await LiveVox.login(base)).changePassword({ ...base, newPassword: "x" });

// ---- passwordExpiring ------------------------------------------------------------------------

const lv = await LiveVox.login(base);
const off: () => void = lv.on("passwordExpiring", (e) => {
  const days: number = (e as PasswordExpiringEvent).daysUntilPasswordExpires;
  console.log(days);
});
off();
// @ts-expect-error unknown event
lv.on("passwordExpired", () => {});

// ---- contacts --------------------------------------------------------------------------------

const removed: void = await lv.contacts.delete("ACC 1/2");
const filter: ContactFilter = {
  rule: "AND",
  left: { field: "city", criteria: "Raleigh", condition: "EQUALS" },
  right: { rule: "OR", isNegated: true, left: { field: "name", criteria: "Ada", condition: "STARTS_WITH" }, right: { field: "phone", criteria: "919", condition: "CONTAINS" } },
};
const criteria: ContactSearch = { search: filter, sort: [{ field: "LAST_NAME", order: "DESC" }], count: 100, offset: 0 };
const page: ContactPage = await lv.contacts.search(criteria);
const single: ContactPage = await lv.contacts.search({ search: { field: "account", criteria: "ACC", condition: "CONTAINS" } });
const first: ContactDetails | undefined = page.contacts[0];
const passedThrough: unknown = first?.["createDate"];
const city: string | undefined = first?.city;
// @ts-expect-error condition is a union of the known comparisons
await lv.contacts.search({ search: { field: "city", criteria: "x", condition: "LIKE" } });
// @ts-expect-error rule is AND or OR
await lv.contacts.search({ search: { rule: "XOR", left: filter, right: filter } });
// @ts-expect-error order is ASC or DESC
await lv.contacts.search({ search: filter, sort: [{ field: "CITY", order: "UP" }] });

const flags: DoNotCallFlags = { accountBlock: "PERMANENT", updateContactDND: [{ ordinal: 1, phone: "9195550100", phoneBlock: "DAILY_OFF" }] };
const set: void = await lv.contacts.setDoNotCall("ACC-1", flags);
// @ts-expect-error a block is one of the LiveVox dial blocks
await lv.contacts.setDoNotCall("ACC-1", { accountBlock: "SOMETIMES" });
// @ts-expect-error ordinal is a number
await lv.contacts.setDoNotCall("ACC-1", { updateContactDND: [{ ordinal: "1", phoneBlock: "NONE" }] });

console.log(changed, removed, single, passedThrough, city, set);
