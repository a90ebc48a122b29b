// <floorwalker-panel>: a LiveVox supervisor panel to drop into a CRM page. No framework and no
// global styles: everything it shows and every rule of its CSS live inside its own (open)
// Shadow DOM. It needs only the package's browser entry, imported as "floorwalker" (an import
// map or a bundler points that name at floorwalker's index.js).
//
//   <script type="importmap">{ "imports": { "floorwalker": "/pkg/index.js" } }</script>
//   <script type="module" src="./floorwalker-panel.js"></script>
//   <floorwalker-panel base-url="https://api.livevox.com" agents="LV_TEST,LV_SEB"></floorwalker-panel>
//
// Attributes:
//   base-url          the platform's address (prefills the log-in form)
//   agents            comma-separated agent login ids to show (default LV_TEST,LV_SEB,lv_usr1,lv_usr2)
//   chat-interval-ms  how often the chat pane polls for agent messages (default 3000)
//   board-interval-ms how often the live board polls the agents' states (default 3000)
//   emulator          present when base-url is the floorwalker emulator: prefills its fixture
//                     credentials and a monitor number
//   client-name, user-name   prefill those fields (never put an access token or password in a page)
//
// What the table shows: each row's state is what this panel last set and what the platform
// answered for that agent; under it, the live line is the agent's state on the LiveVox
// Real-Time API (lv.supervisor.watchAgents), which follows changes made anywhere. Agents that
// appear on the live board get a row of their own.

import { LiveVox, FloorwalkerError } from "floorwalker";

const DEFAULT_AGENTS = "LV_TEST,LV_SEB,lv_usr1,lv_usr2";
const DEFAULT_CHAT_INTERVAL_MS = 3000;
const DEFAULT_BOARD_INTERVAL_MS = 3000;
/** How the live line names each state of `watchAgents`. */
const LIVE_LABELS = {
  LOGGED_ON: "logged on",
  READY: "Ready",
  NOT_READY: "Not Ready",
  IN_CALL: "on a call",
  WRAP_UP: "wrap-up",
  ACTIVE: "active",
  UNKNOWN: "unknown state",
};
const REASON_CODES = ["BREAK", "LUNCH", "MEETING", "OTHER", "TECH_DIFFICULTIES", "TRAINING"];
const FIXTURE_CREDENTIALS = { accessToken: "test-access-token", clientName: "ACME", userName: "supervisor", password: "s3cret" };
const NOTICE_MS = 15_000;

/** What each FloorwalkerError code means to a supervisor, in one sentence. */
export const ERROR_SENTENCES = {
  INVALID_ARGUMENT: "That input was refused before anything was sent; check the field it names.",
  UNAUTHORIZED: "The platform refused the log-in; check the access token, client, user name and password.",
  SESSION_EXPIRED: "Your session ended; log in again.",
  FORBIDDEN: "Your LiveVox user may not do that (the supervisor API needs the Manager, Superuser or Sysadmin role).",
  NOT_FOUND: "The platform does not know that agent or item.",
  CONFLICT: "The platform refused because of the current state (for example the agent is logged off, or no monitor line is open).",
  RATE_LIMITED: "The platform is throttling requests; wait a moment and try again.",
  SERVER_ERROR: "The platform had an internal error; try again shortly.",
  NETWORK: "The platform could not be reached; check its address and your connection.",
  TIMEOUT: "The platform did not answer in time; try again.",
  ABORTED: "The request was cancelled.",
  BAD_RESPONSE: "The platform answered with something that could not be read.",
  VENDOR_ERROR: "The platform reported an error.",
  INVALID_STATE: "That is not possible right now (for example after logging out); log in again.",
};

const CSS = `
:host {
  all: initial;
  display: block;
  contain: content;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2733;
  --line: #d9dee6;
  --muted: #5f6b7a;
  --accent: #2456c7;
  --ok: #17733a;
  --warn: #9a5b00;
  --bad: #b3261e;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.panel { border: 1px solid var(--line); border-radius: 8px; background: #fff; overflow: hidden; }
header { display: flex; align-items: center; gap: .6rem; padding: .55rem .8rem; background: #f3f5f9; border-bottom: 1px solid var(--line); }
header h2 { font-size: 14px; margin: 0; font-weight: 650; }
header .who { color: var(--muted); flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button, select, input, textarea { font: inherit; color: inherit; }
button { border: 1px solid #b9c2cf; background: #fff; border-radius: 5px; padding: .2rem .55rem; cursor: pointer; white-space: nowrap; }
button:hover:not(:disabled) { background: #eef2f8; }
button:disabled { opacity: .45; cursor: default; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.primary:hover:not(:disabled) { background: #1d48a8; }
select, input, textarea { border: 1px solid #b9c2cf; border-radius: 5px; padding: .2rem .35rem; background: #fff; }
[hidden] { display: none !important; }
.stack { padding: .4rem .8rem 0; display: grid; gap: .4rem; }
.stack:empty { display: none; }
.banner { display: grid; grid-template-columns: 1fr auto; gap: .1rem .6rem; padding: .5rem .7rem; border-radius: 6px; border: 1px solid #f0b4ae; background: #fdeceb; color: #5c1611; }
.banner .title { font-weight: 650; }
.banner .code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: #f7d3cf; border-radius: 3px; padding: 0 .25rem; margin-right: .35rem; }
.banner .detail { grid-column: 1; color: #6e2b25; word-break: break-word; }
.banner .dismiss, .notice .dismiss { grid-row: 1 / span 2; grid-column: 2; align-self: start; border: 0; background: transparent; font-size: 16px; line-height: 1; padding: 0 .2rem; }
.notice { display: grid; grid-template-columns: 1fr auto; padding: .35rem .7rem; border-radius: 6px; background: #eaf4ec; border: 1px solid #b5d9bf; color: #124d26; }
form.login { display: grid; grid-template-columns: max-content minmax(12rem, 24rem); gap: .35rem .6rem; align-items: center; padding: .8rem; }
form.login .hint { grid-column: 1 / -1; color: var(--muted); margin: 0; }
form.login .actions { grid-column: 2; }
.work { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); }
.agents { padding: .6rem .8rem; border-right: 1px solid var(--line); min-width: 0; }
.note { color: var(--muted); margin: 0 0 .5rem; }
.monitor { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin-bottom: .5rem; }
.monitor .line-state { color: var(--muted); }
.monitor .line-state.on { color: var(--ok); font-weight: 600; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); padding: .25rem .3rem; }
td { border-bottom: 1px solid #edf0f4; padding: .35rem .3rem; vertical-align: top; }
td.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; white-space: nowrap; }
.state { font-weight: 600; }
.state.ready { color: var(--ok); }
.state.notready { color: var(--warn); }
.state.logoff, .state.unknown { color: var(--muted); }
.live { font-size: 12px; color: var(--muted); }
.live.ready { color: var(--ok); }
.live.not_ready, .live.wrap_up { color: var(--warn); }
.live.in_call { color: var(--accent); }
.board-status { color: var(--muted); font-size: 12px; margin: .4rem 0 0; }
.board-status.trouble { color: var(--bad); }
.result { color: var(--muted); font-size: 12px; }
.result.failed { color: var(--bad); }
.tag { display: inline-block; margin-left: .35rem; border-radius: 3px; padding: 0 .3rem; background: #e6ecfa; color: #1d3f91; font-size: 12px; }
.actions-cell { display: grid; gap: .25rem; }
.group { display: flex; flex-wrap: wrap; gap: .25rem; align-items: center; }
.add { display: flex; gap: .35rem; margin-top: .5rem; }
.chat { display: grid; grid-template-rows: auto 1fr auto auto; min-width: 0; min-height: 22rem; }
.threads { display: flex; flex-wrap: wrap; gap: .25rem; padding: .5rem .6rem; border-bottom: 1px solid var(--line); }
.threads button[aria-selected="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.badge { display: inline-block; min-width: 1.2em; margin-left: .3rem; padding: 0 .3rem; border-radius: 9px; background: var(--bad); color: #fff; font-size: 11px; text-align: center; }
.messages { list-style: none; margin: 0; padding: .5rem .6rem; overflow-y: auto; max-height: 24rem; display: grid; gap: .35rem; align-content: start; }
.messages li { max-width: 92%; padding: .3rem .5rem; border-radius: 7px; background: #f1f3f7; word-break: break-word; white-space: pre-wrap; }
.messages li.own { justify-self: end; background: #e2eafc; }
.messages li.system { justify-self: center; background: transparent; color: var(--muted); font-size: 12px; }
.messages .meta { display: block; font-size: 11px; color: var(--muted); }
.messages .empty { color: var(--muted); background: transparent; }
form.composer { display: flex; gap: .35rem; padding: .5rem .6rem; border-top: 1px solid var(--line); }
form.composer textarea { flex: 1; resize: vertical; min-height: 2.2rem; }
.chat-status { margin: 0; padding: 0 .6rem .45rem; color: var(--muted); font-size: 12px; }
.chat-status.trouble { color: var(--warn); }
@media (max-width: 760px) { .work { grid-template-columns: 1fr; } .agents { border-right: 0; border-bottom: 1px solid var(--line); } }
`;

/** A tiny element builder: text always goes in as text, never as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const short = (id) => (typeof id === "string" && id.length > 8 ? `${id.slice(0, 8)}…` : String(id ?? ""));
const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const key = (id) => String(id).toLowerCase(); // LiveVox login ids are case-insensitive
const isSuccess = (status) => /^success/i.test(String(status ?? ""));

export class FloorwalkerPanel extends HTMLElement {
  static observedAttributes = ["base-url", "agents", "emulator", "client-name", "user-name"];

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    /** @type {import("floorwalker").LiveVox | null} */
    this.lv = null;
    this.watch = null;
    this.boardWatch = null;
    this.unsubscribe = [];
    this.services = []; // [{ serviceId, label }]
    this.rows = new Map(); // key(id) -> { id, state, stateClass, setAt, result, failed, service, monitor, el }
    this.threads = new Map(); // key(id) -> { id, unread }
    this.messages = []; // { thread: key|null, to?: [keys], from, text, at, own, system }
    this.activeThread = null; // null = everyone
    this.monitorLine = null; // number dialled, once open
    this.touched = new Set(); // login fields the user edited
    this.render();
  }

  connectedCallback() {
    this.applyDefaults();
    this.setAgents(this.getAttribute("agents") ?? DEFAULT_AGENTS);
  }

  disconnectedCallback() {
    // Leaving the CRM page section stops the polling; the session is the user's to end.
    this.stopWatch();
    this.stopBoard();
  }

  attributeChangedCallback(name) {
    if (!this.isConnected) return;
    if (name === "agents") this.setAgents(this.getAttribute("agents") ?? DEFAULT_AGENTS);
    else this.applyDefaults();
  }

  /** The LiveVox client while logged in (for a host page that wants to make its own calls). */
  get client() {
    return this.lv;
  }

  // ---- rendering ---------------------------------------------------------------------------

  render() {
    const field = (name, label, type = "text", extra = {}) => {
      const input = h("input", { name, type, id: `f-${name}`, autocomplete: "off", ...extra, oninput: () => this.touched.add(name) });
      return [h("label", { for: `f-${name}`, text: label }), input];
    };
    this.loginForm = h(
      "form",
      { class: "login", onsubmit: (e) => { e.preventDefault(); this.login(); } },
      h("p", { class: "hint", text: "Log in to LiveVox as a supervisor (Manager, Superuser or Sysadmin)." }),
      field("baseUrl", "Platform URL", "url", { placeholder: "https://api.livevox.com", required: true }),
      field("accessToken", "Access token", "password", { required: true }),
      field("clientName", "Client", "text", { required: true }),
      field("userName", "User name", "text", { required: true }),
      field("password", "Password", "password", { required: true }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", "data-action": "login", text: "Log in" })),
    );

    this.who = h("span", { class: "who", text: "not logged in" });
    this.logoutButton = h("button", { type: "button", "data-action": "logout", hidden: true, text: "Log out", onclick: () => this.logout() });
    this.banners = h("div", { class: "stack banners", role: "alert" });
    this.notices = h("div", { class: "stack notices", role: "status", "aria-live": "polite" });

    // Agents and the monitor line.
    this.phone = h("input", { name: "monitorNumber", type: "tel", placeholder: "your phone, e.g. 5551230000", size: 18, "aria-label": "Supervisor phone for the monitor line" });
    this.lineState = h("span", { class: "line-state", text: "monitor line not open: Listen, Coach and Barge need it" });
    this.tbody = h("tbody");
    this.addInput = h("input", { type: "text", placeholder: "agent login id", size: 14, "aria-label": "Agent login id to add" });
    const agents = h(
      "section",
      { class: "agents", "aria-label": "Agents" },
      h("p", {
        class: "note",
        text:
          "Each row shows what you last set from this panel and what the platform answered; the live line " +
          "under it is the agent's state on the LiveVox Real-Time API, and follows changes made anywhere.",
      }),
      h(
        "form",
        { class: "monitor", onsubmit: (e) => { e.preventDefault(); this.startMonitor(); } },
        this.phone,
        h("button", { type: "submit", "data-action": "startMonitor", text: "Open monitor line" }),
        this.lineState,
      ),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", { text: "Agent" }), h("th", { text: "State (as last set here)" }), h("th", { text: "Actions" }))),
        this.tbody,
      ),
      (this.boardStatus = h("p", { class: "board-status", "data-role": "boardStatus", text: "" })),
      h(
        "form",
        { class: "add", onsubmit: (e) => { e.preventDefault(); this.addAgent(this.addInput.value); this.addInput.value = ""; } },
        this.addInput,
        h("button", { type: "submit", text: "Add agent" }),
      ),
    );

    // Chat.
    this.threadNav = h("nav", { class: "threads", "aria-label": "Chat threads" });
    this.messageList = h("ol", { class: "messages", "aria-live": "polite" });
    this.composerText = h("textarea", { name: "chatMessage", rows: 2, placeholder: "Message to every agent…", "aria-label": "Chat message" });
    this.endChatButton = h("button", { type: "button", "data-action": "endChat", hidden: true, text: "End chat", onclick: () => this.endChat() });
    this.chatStatus = h("p", { class: "chat-status", text: "" });
    const chat = h(
      "section",
      { class: "chat", "aria-label": "Chat" },
      this.threadNav,
      this.messageList,
      h(
        "form",
        { class: "composer", onsubmit: (e) => { e.preventDefault(); this.sendChat(); } },
        this.composerText,
        h("button", { type: "submit", class: "primary", "data-action": "send", text: "Send" }),
        this.endChatButton,
      ),
      this.chatStatus,
    );
    this.composerText.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.sendChat();
      }
    });

    this.work = h("div", { class: "work", hidden: true }, agents, chat);
    this.root.replaceChildren(
      h("style", { text: CSS }),
      h(
        "section",
        { class: "panel" },
        h("header", {}, h("h2", { text: "Floor supervisor" }), this.who, this.logoutButton),
        this.banners,
        this.notices,
        this.loginForm,
        this.work,
      ),
    );
  }

  /** Prefills the log-in form from the attributes, leaving what the user typed alone. */
  applyDefaults() {
    const emulator = this.hasAttribute("emulator");
    const values = {
      baseUrl: this.getAttribute("base-url") ?? "",
      clientName: this.getAttribute("client-name") ?? (emulator ? FIXTURE_CREDENTIALS.clientName : ""),
      userName: this.getAttribute("user-name") ?? (emulator ? FIXTURE_CREDENTIALS.userName : ""),
      accessToken: emulator ? FIXTURE_CREDENTIALS.accessToken : "",
      password: emulator ? FIXTURE_CREDENTIALS.password : "",
    };
    for (const [name, value] of Object.entries(values)) {
      const input = this.loginForm.elements.namedItem(name);
      if (input && !this.touched.has(name) && value) input.value = value;
    }
    if (emulator && !this.phone.value) this.phone.value = "5551230000";
  }

  setAgents(list) {
    for (const id of String(list).split(",").map((s) => s.trim()).filter(Boolean)) this.addAgent(id);
  }

  addAgent(rawId) {
    const id = String(rawId ?? "").trim();
    if (!id || this.rows.has(key(id))) return;
    const row = { id, state: "not set yet", stateClass: "unknown", setAt: null, result: "", failed: false, service: null, monitor: null, live: null };
    this.rows.set(key(id), row);
    this.threads.set(key(id), this.threads.get(key(id)) ?? { id, unread: 0 });
    row.el = this.buildRow(row);
    this.tbody.append(row.el);
    this.paintRow(row);
    this.renderThreads();
  }

  buildRow(row) {
    const act = (action, label, fn, title) =>
      h("button", { type: "button", "data-action": action, title, text: label, onclick: () => fn() });
    const reason = h(
      "select",
      { "data-role": "reason", "aria-label": `Not Ready reason for ${row.id}` },
      h("option", { value: "", text: "(no reason)" }),
      REASON_CODES.map((c) => h("option", { value: c, text: c })),
    );
    const service = h("select", { "data-role": "service", "aria-label": `Target service for ${row.id}` });
    row.reasonSelect = reason;
    row.serviceSelect = service;
    this.fillServiceSelect(service);
    row.stateEl = h("div", { class: "state", "data-role": "state" });
    row.liveEl = h("div", { class: "live", "data-role": "live" });
    row.infoEl = h("div", { class: "result", "data-role": "info" });
    row.resultEl = h("div", { class: "result", "data-role": "result" });
    row.monitorButtons = [
      act("listen", "Listen", () => this.monitor(row, "listen"), "Hear the agent's call (needs the monitor line)"),
      act("coach", "Coach", () => this.monitor(row, "coach"), "Talk to the agent only (needs the monitor line)"),
      act("barge", "Barge", () => this.monitor(row, "barge"), "Join the call (needs the monitor line)"),
    ];
    return h(
      "tr",
      { "data-agent": row.id },
      h("td", { class: "id", text: row.id }),
      h("td", {}, row.stateEl, row.liveEl, row.infoEl, row.resultEl),
      h(
        "td",
        { class: "actions-cell" },
        h(
          "div",
          { class: "group" },
          act("ready", "Ready", () => this.setStatus(row, "ready")),
          reason,
          act("notReady", "Not Ready", () => this.setStatus(row, "notReady")),
          act("logoff", "Log off", () => this.setStatus(row, "logoff")),
        ),
        h("div", { class: "group" }, row.monitorButtons, act("chat", "Chat", () => this.selectThread(key(row.id)))),
        h("div", { class: "group" }, service, act("switch", "Move", () => this.switchService(row))),
      ),
    );
  }

  paintRow(row) {
    row.stateEl.textContent = row.state;
    row.stateEl.className = `state ${row.stateClass}`;
    const info = [];
    if (row.setAt) info.push(`set ${clock(row.setAt)}`);
    if (row.service) info.push(`service: ${row.service}`);
    row.infoEl.replaceChildren(
      info.join(" · "),
      row.monitor ? h("span", { class: "tag", "data-role": "monitor", text: row.monitor }) : "",
    );
    row.resultEl.textContent = row.result;
    row.resultEl.className = `result${row.failed ? " failed" : ""}`;
    const live = row.live; // { state, stateId, serviceId } from the live board, or null
    row.liveEl.textContent = !this.boardWatch
      ? ""
      : live
        ? `live: ${LIVE_LABELS[live.state] ?? live.state}${live.state === "UNKNOWN" ? ` (${live.stateId})` : ""} · service ${live.serviceId}`
        : "live: not on the board (logged off)";
    row.liveEl.className = `live${live ? ` ${live.state.toLowerCase()}` : ""}`;
    for (const b of row.monitorButtons) b.disabled = !this.monitorLine || row.busy;
  }

  fillServiceSelect(select) {
    const current = select.value;
    select.replaceChildren(
      h("option", { value: "", text: this.services.length ? "Move to service…" : "(services load after log-in)" }),
      ...this.services.map((s) => h("option", { value: s.serviceId, text: s.label })),
    );
    if (current) select.value = current;
  }

  // ---- errors and notices ------------------------------------------------------------------

  /** Shows a dismissible banner for `err` (a FloorwalkerError or anything else) while doing `action`. */
  showError(err, action) {
    const known = err instanceof FloorwalkerError;
    const code = known ? err.code : "ERROR";
    const sentence = (known && ERROR_SENTENCES[err.code]) || "Something unexpected went wrong.";
    const message = String(err?.message ?? err);
    // The SDK's message already says what the platform said; add only what it leaves out.
    const facts = [];
    if (known && err.status !== undefined && !message.includes(`HTTP ${err.status}`)) facts.push(`HTTP ${err.status}`);
    if (known && err.vendorMessage && !message.includes(err.vendorMessage)) facts.push(`platform says "${err.vendorMessage}"`);
    if (known && err.field && !message.includes(err.field)) facts.push(`field: ${err.field}`);
    if (known && err.retryAfterMs !== undefined) facts.push(`retry after ${Math.ceil(err.retryAfterMs / 1000)} s`);
    const detail = `${action ? `${action}: ` : ""}${message}${facts.length ? ` (${facts.join(", ")})` : ""}`;
    // The same failure twice (say, several calls hit an expired session) makes one banner.
    for (const b of this.banners.children) {
      if (b.dataset.code === code && b.dataset.detail === detail) {
        b.dataset.count = String(Number(b.dataset.count) + 1);
        b.querySelector(".count").textContent = ` ×${b.dataset.count}`;
        return b;
      }
    }
    const banner = h(
      "div",
      { class: "banner", "data-code": code, "data-detail": detail, "data-count": "1" },
      h("div", { class: "title" }, h("span", { class: "code", text: code }), sentence, h("span", { class: "count" })),
      h("div", { class: "detail", text: detail }),
      h("button", { type: "button", class: "dismiss", "data-action": "dismiss", "aria-label": "Dismiss", title: "Dismiss", text: "×", onclick: () => banner.remove() }),
    );
    this.banners.append(banner);
    return banner;
  }

  notice(kind, text) {
    const el = h(
      "div",
      { class: "notice", "data-kind": kind },
      h("span", { text }),
      h("button", { type: "button", class: "dismiss", "aria-label": "Dismiss", text: "×", onclick: () => el.remove() }),
    );
    this.notices.append(el);
    setTimeout(() => el.remove(), NOTICE_MS);
  }

  /** Runs one operation: disables the row meanwhile and turns a failure into a banner. */
  async run(action, fn, row) {
    if (!this.lv) return undefined;
    if (row) {
      row.busy = true;
      for (const b of row.el.querySelectorAll("button, select")) b.disabled = true;
    }
    try {
      return await fn(this.lv.supervisor);
    } catch (err) {
      this.showError(err, action);
      return undefined;
    } finally {
      if (row) {
        row.busy = false;
        for (const b of row.el.querySelectorAll("button, select")) b.disabled = false;
        this.paintRow(row);
      }
    }
  }

  // ---- session -----------------------------------------------------------------------------

  async login() {
    const f = this.loginForm.elements;
    const value = (name) => f.namedItem(name).value.trim();
    const submit = this.loginForm.querySelector("button[type=submit]");
    submit.disabled = true;
    submit.textContent = "Logging in…";
    try {
      const lv = await LiveVox.login({
        baseUrl: value("baseUrl").replace(/\/+$/, ""),
        accessToken: value("accessToken"),
        clientName: value("clientName"),
        userName: value("userName"),
        password: f.namedItem("password").value,
      });
      this.lv = lv;
      f.namedItem("password").value = this.hasAttribute("emulator") ? f.namedItem("password").value : "";
      this.unsubscribe.push(
        lv.on("sessionRenewed", (e) => {
          this.notice("sessionRenewed", `Session renewed: the SDK logged in again by itself (session ${short(e?.sessionId)}).`);
          this.who.textContent = this.whoText();
        }),
        lv.on("sessionExpired", (e) => {
          this.showError(new FloorwalkerError("SESSION_EXPIRED", e?.message ?? "The LiveVox session expired."), "Session");
          this.toLoggedOut();
        }),
      );
      for (const b of this.banners.querySelectorAll('.banner[data-code="UNAUTHORIZED"], .banner[data-code="SESSION_EXPIRED"]')) b.remove();
      this.who.textContent = this.whoText();
      this.loginForm.hidden = true;
      this.work.hidden = false;
      this.logoutButton.hidden = false;
      this.loadServices();
      this.startWatch();
      this.startBoard();
      this.renderThreads();
      this.renderMessages();
    } catch (err) {
      this.showError(err, "Log in");
    } finally {
      submit.disabled = false;
      submit.textContent = "Log in";
    }
  }

  whoText() {
    const user = this.loginForm.elements.namedItem("userName").value.trim();
    const client = this.loginForm.elements.namedItem("clientName").value.trim();
    return this.lv ? `${user}@${client} · session ${short(this.lv.sessionId)}` : "not logged in";
  }

  async logout() {
    const lv = this.lv;
    this.stopWatch();
    if (lv) {
      try {
        await lv.logout();
      } catch (err) {
        // Already ended on the platform's side: the panel is logged out either way.
        if (!(err instanceof FloorwalkerError && ["SESSION_EXPIRED", "INVALID_STATE"].includes(err.code))) this.showError(err, "Log out");
      }
    }
    this.toLoggedOut();
  }

  toLoggedOut() {
    this.stopWatch();
    this.stopBoard();
    for (const off of this.unsubscribe.splice(0)) off();
    this.lv = null;
    this.monitorLine = null;
    this.lineState.textContent = "monitor line not open: Listen, Coach and Barge need it";
    this.lineState.className = "line-state";
    this.who.textContent = "not logged in";
    this.logoutButton.hidden = true;
    this.work.hidden = true;
    this.loginForm.hidden = false;
    for (const row of this.rows.values()) this.paintRow(row);
  }

  async loadServices() {
    const reply = await this.run("Load services", (s) => s.servicesAllowed());
    if (!reply) return;
    this.services = (reply.callCenters ?? []).flatMap((cc) =>
      (cc.services ?? []).map((s) => ({
        serviceId: String(s.serviceId),
        label: `${s.serviceName ?? "service"} (${s.serviceId}) · ${cc.callCenterName ?? cc.callCenterId}`,
        name: s.serviceName ?? String(s.serviceId),
      })),
    );
    for (const row of this.rows.values()) this.fillServiceSelect(row.serviceSelect);
  }

  // ---- agent operations --------------------------------------------------------------------

  async setStatus(row, kind) {
    const reasonCode = row.reasonSelect.value || undefined;
    const labels = {
      ready: ["Ready", "ready", `Set ${row.id} Ready`],
      notReady: [reasonCode ? `Not Ready · ${reasonCode}` : "Not Ready", "notready", `Set ${row.id} Not Ready`],
      logoff: ["Logged off", "logoff", `Log ${row.id} off`],
    };
    const [state, stateClass, action] = labels[kind];
    const reply = await this.run(
      action,
      (s) =>
        kind === "ready" ? s.setReady([row.id]) : kind === "notReady" ? s.setNotReady([row.id], reasonCode ? { reasonCode } : {}) : s.logoff([row.id]),
      row,
    );
    if (!reply) return;
    for (const a of reply.agents ?? []) {
      const r = this.rows.get(key(a.agentLoginId));
      if (!r) continue;
      r.result = `platform: ${a.status}`;
      r.failed = !isSuccess(a.status);
      if (!r.failed) {
        Object.assign(r, { state, stateClass, setAt: Date.now() });
        if (kind === "logoff") Object.assign(r, { service: null, monitor: null });
      } else if (/not logged in/i.test(a.status)) {
        Object.assign(r, { state: "Logged off (per platform)", stateClass: "logoff", setAt: Date.now() });
      }
      this.paintRow(r);
    }
  }

  async switchService(row) {
    const serviceId = row.serviceSelect.value;
    if (!serviceId) {
      this.showError(new FloorwalkerError("INVALID_ARGUMENT", `Choose the service to move ${row.id} to.`, { field: "targetServiceId" }), `Move ${row.id}`);
      return;
    }
    const target = this.services.find((s) => s.serviceId === serviceId);
    const reply = await this.run(`Move ${row.id} to service ${serviceId}`, (s) => s.switchService([row.id], Number(serviceId)), row);
    if (!reply) return;
    for (const a of reply.agents ?? []) {
      const r = this.rows.get(key(a.agentLoginId));
      if (!r) continue;
      const ok = /success/i.test(String(a.message ?? ""));
      r.result = `platform: ${a.message}`;
      r.failed = !ok;
      if (ok) r.service = target ? `${target.name} (${serviceId})` : serviceId;
      this.paintRow(r);
    }
  }

  async startMonitor() {
    const number = this.phone.value.trim();
    if (!number) {
      this.showError(new FloorwalkerError("INVALID_ARGUMENT", "Enter the phone number the platform should call for the monitor line.", { field: "numberToDial" }), "Open monitor line");
      return;
    }
    const done = await this.run("Open monitor line", async (s) => {
      await s.startMonitor(number);
      return true;
    });
    if (!done) return;
    this.monitorLine = number;
    this.lineState.textContent = `monitor line open to ${number}`;
    this.lineState.className = "line-state on";
    for (const row of this.rows.values()) this.paintRow(row);
  }

  async monitor(row, mode) {
    const done = await this.run(`${mode[0].toUpperCase()}${mode.slice(1)} ${row.id}`, async (s) => {
      await s[mode](row.id);
      return true;
    }, row);
    if (!done) return;
    // The platform monitors one agent at a time per supervisor.
    for (const r of this.rows.values()) {
      if (r.monitor) {
        r.monitor = null;
        this.paintRow(r);
      }
    }
    row.monitor = { listen: "listening", coach: "coaching", barge: "barged in" }[mode];
    this.paintRow(row);
  }

  // ---- live board --------------------------------------------------------------------------

  startBoard() {
    this.stopBoard();
    const attr = Number(this.getAttribute("board-interval-ms"));
    const intervalMs = Number.isFinite(attr) && attr >= 50 ? attr : DEFAULT_BOARD_INTERVAL_MS;
    let watch;
    try {
      watch = this.lv.supervisor.watchAgents({ intervalMs });
    } catch (err) {
      this.showError(err, "Start the live board");
      return;
    }
    this.boardWatch = watch;
    for (const row of this.rows.values()) row.live = null;
    const ok = `Live board: checking every ${(intervalMs / 1000).toFixed(1)} s.`;
    this.setBoardStatus(ok);
    watch.on("error", (err) => {
      if (this.boardWatch !== watch) return;
      this.setBoardStatus(`Live board: ${err?.code ?? "ERROR"} (${err?.message ?? err}); retrying.`, true);
    });
    (async () => {
      try {
        for await (const c of watch) {
          if (this.boardWatch !== watch) break;
          if (this.boardTrouble) this.setBoardStatus(ok);
          this.boardChange(c);
        }
      } catch (err) {
        // A lasting failure (say, the Real-Time API is not enabled for this client): the rest of
        // the panel works on.
        if (this.boardWatch === watch) this.setBoardStatus(`Live board stopped: ${err?.code ?? "ERROR"} (${err?.message ?? err}).`, true);
      }
    })();
  }

  stopBoard() {
    const w = this.boardWatch;
    this.boardWatch = null;
    try {
      w?.stop();
    } catch {
      // already stopped
    }
    for (const row of this.rows.values()) {
      row.live = null;
      if (row.liveEl) this.paintRow(row);
    }
  }

  /** One change from `watchAgents`: `{ agentLoginId, serviceId, from, to, fromStateId, toStateId, at }`. */
  boardChange(c) {
    if (c.to !== null && !this.rows.has(key(c.agentLoginId))) this.addAgent(c.agentLoginId);
    const row = this.rows.get(key(c.agentLoginId));
    if (!row) return;
    if (c.to !== null) row.live = { state: c.to, stateId: c.toStateId, serviceId: c.serviceId };
    else if (row.live && row.live.serviceId === c.serviceId) row.live = null; // left this service (or logged off)
    this.paintRow(row);
  }

  setBoardStatus(text, trouble = false) {
    this.boardTrouble = trouble;
    this.boardStatus.textContent = text;
    this.boardStatus.className = `board-status${trouble ? " trouble" : ""}`;
  }

  // ---- chat --------------------------------------------------------------------------------

  startWatch() {
    this.stopWatch();
    const attr = Number(this.getAttribute("chat-interval-ms"));
    const intervalMs = Number.isFinite(attr) && attr >= 50 ? attr : DEFAULT_CHAT_INTERVAL_MS;
    let watch;
    try {
      watch = this.lv.supervisor.watchChat({ intervalMs });
    } catch (err) {
      this.showError(err, "Start the chat feed");
      return;
    }
    this.watch = watch;
    this.setChatStatus(`Chat feed: checking every ${(intervalMs / 1000).toFixed(1)} s.`);
    watch.on("error", (err) => {
      if (this.watch !== watch) return;
      this.setChatStatus(`Chat feed: ${err?.code ?? "ERROR"} (${err?.message ?? err}); retrying.`, true);
    });
    (async () => {
      try {
        for await (const m of watch) {
          if (this.watch !== watch) break;
          if (this.chatTrouble) this.setChatStatus(`Chat feed: checking every ${(intervalMs / 1000).toFixed(1)} s.`);
          this.incoming(m);
        }
      } catch (err) {
        if (this.watch === watch) {
          this.showError(err, "Chat feed");
          this.setChatStatus("Chat feed stopped.", true);
        }
      }
    })();
  }

  stopWatch() {
    const w = this.watch;
    this.watch = null;
    try {
      w?.stop();
    } catch {
      // already stopped
    }
  }

  setChatStatus(text, trouble = false) {
    this.chatTrouble = trouble;
    this.chatStatus.textContent = text;
    this.chatStatus.className = `chat-status${trouble ? " trouble" : ""}`;
  }

  incoming(m) {
    const k = key(m.userLoginId);
    if (!this.rows.has(k)) this.addAgent(m.userLoginId);
    const thread = this.threads.get(k);
    if (this.activeThread !== k) thread.unread += 1;
    this.messages.push({ thread: k, from: m.senderId || m.userLoginId, text: m.message, at: m.timestamp ?? Date.now(), own: false });
    if (this.messages.length > 500) this.messages.splice(0, this.messages.length - 500); // a long shift stays light
    this.renderThreads();
    this.renderMessages();
  }

  selectThread(k) {
    this.activeThread = k;
    if (k && this.threads.has(k)) this.threads.get(k).unread = 0;
    this.renderThreads();
    this.renderMessages();
    this.composerText.focus();
  }

  renderThreads() {
    const tab = (k, label, unread) =>
      h(
        "button",
        { type: "button", "data-thread": k ?? "*", role: "tab", "aria-selected": String(this.activeThread === k), onclick: () => this.selectThread(k) },
        label,
        unread ? h("span", { class: "badge", "aria-label": `${unread} unread`, text: String(unread) }) : "",
      );
    this.threadNav.replaceChildren(tab(null, "Everyone"), ...[...this.threads.entries()].map(([k, t]) => tab(k, t.id, t.unread)));
    const thread = this.activeThread && this.threads.get(this.activeThread);
    this.composerText.placeholder = thread ? `Message to ${thread.id}…` : "Broadcast to every agent in the table…";
    this.endChatButton.hidden = !thread;
  }

  renderMessages() {
    const k = this.activeThread;
    const shown = this.messages.filter((m) => k === null || m.thread === k || (m.to && m.to.includes(k)));
    this.messageList.replaceChildren(
      ...(shown.length
        ? shown.map((m) =>
            h(
              "li",
              { class: m.system ? "system" : m.own ? "own" : "", "data-from": m.from },
              h("span", { class: "meta", text: `${m.own ? "you" : m.from}${m.own && m.label ? ` → ${m.label}` : ""} · ${clock(m.at)}` }),
              m.text,
            ),
          )
        : [h("li", { class: "empty", text: k ? "No messages with this agent yet." : "No messages yet. A broadcast goes to every agent in the table." })]),
    );
    this.messageList.scrollTop = this.messageList.scrollHeight;
  }

  async sendChat() {
    const text = this.composerText.value;
    if (!text.trim() || !this.lv) return;
    const k = this.activeThread;
    if (k === null) {
      const ids = [...this.rows.values()].map((r) => r.id);
      const reply = await this.run("Broadcast", (s) => s.broadcastChat(ids.map((userLoginId) => ({ userLoginId, canReply: true })), text));
      if (!reply) return;
      const status = reply.broadcastStatus ?? [];
      const sent = status.filter((s) => s.sent).map((s) => s.userLoginId);
      const missed = status.filter((s) => !s.sent).map((s) => s.userLoginId);
      this.messages.push({ thread: null, to: sent.map(key), from: "you", label: "everyone", text, at: Date.now(), own: true });
      this.messages.push({
        thread: null,
        system: true,
        from: "panel",
        text: `Broadcast sent to ${sent.length} of ${status.length}${missed.length ? `; not sent to ${missed.join(", ")} (unknown or logged off)` : ""}.`,
        at: Date.now(),
      });
    } else {
      const id = this.threads.get(k).id;
      const done = await this.run(`Chat to ${id}`, async (s) => {
        await s.sendChat(id, text);
        return true;
      });
      if (!done) return;
      this.messages.push({ thread: k, from: "you", label: id, text, at: Date.now(), own: true });
    }
    this.composerText.value = "";
    this.renderMessages();
  }

  async endChat() {
    const k = this.activeThread;
    if (!k) return;
    const id = this.threads.get(k).id;
    const done = await this.run(`End chat with ${id}`, async (s) => {
      await s.endChat(id);
      return true;
    });
    if (!done) return;
    this.messages.push({ thread: k, system: true, from: "panel", text: `Chat with ${id} ended.`, at: Date.now() });
    this.renderMessages();
  }
}

if (!customElements.get("floorwalker-panel")) customElements.define("floorwalker-panel", FloorwalkerPanel);
