//! The only part of the crate that knows wasm-bindgen: JavaScript classes over the core,
//! conversions, the `fetch` transport, timers, and `FloorwalkerError`.

//!
//! Cargo features choose the classes compiled in (one npm entry each): `livevox` (`LiveVox`,
//! its agent, contacts and live board, `AgentPool`), `livevox-supervisor` (`LiveVox` without
//! the agent and contact APIs, `postAia` and the pool), `gws` (`Gws` and its notifications),
//! `cometd` (`CometD`), `sip` (`parseInvite`). What every entry has: `version`, the
//! conversions, the runtime and the shared types below.

// A partial build (one platform) leaves some shared helpers unused.
#![cfg_attr(
    not(all(
        feature = "livevox",
        feature = "gws",
        feature = "cometd",
        feature = "sip"
    )),
    allow(dead_code, unused_imports)
)]

#[cfg(feature = "livevox")]
mod agent;
#[cfg(feature = "cometd")]
mod cometd;
#[cfg(any(feature = "cometd", feature = "gws"))]
mod cometd_shared;
mod convert;
#[cfg(feature = "gws")]
mod gws;
#[cfg(feature = "gws")]
mod gws_events;
#[cfg(feature = "livevox-supervisor")]
mod livevox;
#[cfg(feature = "livevox")]
mod pool;
#[cfg(feature = "livevox-supervisor")]
mod realtime;
mod runtime;
mod shapes;

#[cfg(feature = "livevox")]
pub use agent::{Agent, Contacts, KeepAlive};
#[cfg(feature = "cometd")]
pub use cometd::CometD;
#[cfg(feature = "gws")]
pub use gws::{Gws, GwsChat};
#[cfg(feature = "gws")]
pub use gws_events::GwsNotifications;
#[cfg(feature = "livevox-supervisor")]
pub use livevox::{ChatWatch, LiveVox, Supervisor};
#[cfg(feature = "livevox")]
pub use pool::AgentPool;
#[cfg(feature = "livevox-supervisor")]
pub use realtime::AgentWatch;

use wasm_bindgen::prelude::*;

/// Parses the SIP INVITE a virtual-agent platform receives for a call (LiveVox virtual-agent
/// guide) and tells which agent it is for: `agentNumber` is the dialled 899 number of the
/// Request-URI. Needs only the request line and a Call-ID (`from`, `to`, `cseq` are `null` when
/// missing); names LiveVox's `X-agent-login-id`, `X-transaction-id`, `DNIS` and `Session-ID`
/// headers when present. Tolerates LF or CRLF, folded headers, compact header names and the
/// stray spaces and `^M` of copied captures; `headers` maps lower-case names to their values.
/// Throws a `FloorwalkerError` (`INVALID_ARGUMENT`) for anything that is not a SIP/2.0 INVITE
/// request, or over 64 KiB.
#[cfg(feature = "sip")]
#[wasm_bindgen(js_name = parseInvite)]
pub fn parse_invite(text: shapes::Text) -> Result<shapes::Invite, JsValue> {
    let text = convert::string_arg(&text, "text").map_err(convert::throw)?;
    let invite = crate::sip::parse_invite(&text).map_err(convert::throw)?;
    // The same JSON text either way (a host test compares them): the modules with LiveVox carry
    // serde_json anyway, the SIP-only one is smaller writing it by hand.
    #[cfg(feature = "livevox-supervisor")]
    let value = convert::to_js(&invite);
    #[cfg(not(feature = "livevox-supervisor"))]
    let value = js_sys::JSON::parse(&invite.to_json())
        .map_err(|_| crate::Error::bad_response("cannot convert the reply to a JavaScript value"));
    value.map_err(convert::throw).map(JsCast::unchecked_into)
}

/// The package version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options every client takes. */
export interface ClientOptions {
  /** The platform's address, e.g. `https://api.livevox.com` (http:// only for loopback). */
  baseUrl: string;
  /** Per-request timeout in ms (default 15000); then the call rejects with `TIMEOUT`. */
  timeoutMs?: number;
  /** Retries with backoff and jitter: reads on network errors, timeouts and 5xx; any call on 429/503. */
  retry?: Partial<RetryOptions>;
  /** Receives one event per HTTP attempt; never a password, token, session id or message body. */
  logger?: (event: LogEvent) => void;
  /** The lowest level passed to `logger` (default `"debug"`: every event). */
  logLevel?: LogLevel;
  /** A `fetch` to use instead of the global one. It may return a Promise of any realm (an
   * iframe's, a `vm` context's) or any thenable. */
  fetch?: FetchLike;
}

/** What floorwalker needs of a `fetch` (the global `fetch` and undici's fit). */
export type FetchLike = (
  input: string,
  init?: {
    /** The HTTP method, e.g. `"POST"`. */
    method?: string;
    /** The request headers. */
    headers?: Record<string, string>;
    /** The request body. */
    body?: string;
    /** Aborts the request. */
    signal?: AbortSignal;
    /** Set for requests that must carry cookies (CometD). */
    credentials?: "include";
  },
) => PromiseLike<{
  /** The HTTP status code. */
  status: number;
  /** The response headers (a `Headers` object fits): read by name, and `Set-Cookie` through
   * `getSetCookie()` where the runtime has it (Node). */
  headers: {
    /** One header's value, or `null`. */
    get(name: string): string | null;
    /** Every `Set-Cookie` value (Node has it; browsers never expose cookies). */
    getSetCookie?(): string[];
  };
  /** Reads the whole response body as text. */
  text(): PromiseLike<string>;
}>;

/** The last argument of every method that does I/O. */
export interface CallOptions {
  /** Aborts the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

/** Extra fields of a `FloorwalkerError`. */
export interface FloorwalkerErrorDetails {
  /** The HTTP status, when there was one. */
  status?: number;
  /** The vendor's error code (LiveVox `code`, GWS `statusCode`). */
  vendorCode?: number;
  /** The vendor's error text. */
  vendorMessage?: string;
  /** For 429/503: how long the platform asked to wait. */
  retryAfterMs?: number;
  /** For `INVALID_ARGUMENT`: the argument or option at fault. */
  field?: string;
  /** The id of the call that failed, as in its `LogEvent.requestId`. */
  requestId?: string;
}

/** Every failure of floorwalker: a stable `code`, a message saying what to do, and what the platform said. */
export class FloorwalkerError extends Error {
  constructor(code: ErrorCode, message: string, details?: FloorwalkerErrorDetails);
  /** Always `"FloorwalkerError"`. */
  readonly name: "FloorwalkerError";
  /** What kind of failure: stable, safe to switch on. */
  readonly code: ErrorCode;
  /** The HTTP status, when there was one. */
  readonly status?: number;
  /** The vendor's error code (LiveVox `code`, GWS `statusCode`). */
  readonly vendorCode?: number;
  /** The vendor's error text. */
  readonly vendorMessage?: string;
  /** For 429/503: how long the platform asked to wait. */
  readonly retryAfterMs?: number;
  /** For `INVALID_ARGUMENT`: the argument or option at fault. */
  readonly field?: string;
  /** The id of the call that failed, the same as on its log lines (`LogEvent.requestId`);
   * absent when the call failed before any request was made (bad input, a closed client). */
  readonly requestId?: string;
}
"#;

#[cfg(feature = "livevox-supervisor")]
#[wasm_bindgen(typescript_custom_section)]
const LIVEVOX_TYPES: &'static str = r#"
/** `LiveVox.login` options. */
export interface LiveVoxLoginOptions extends ClientOptions, Credentials {}

/** `LiveVox.resume` options; with the credentials too, the client can renew the session. */
export interface LiveVoxResumeOptions extends ClientOptions {
  /** The session id to reuse (sent as `LV-Session`). */
  sessionId: string;
  /** The API access token (`LV-Access`); needed, with the three below, to renew the session. */
  accessToken?: string;
  /** The client code (to renew the session). */
  clientName?: string;
  /** The user (or agent) login name (to renew the session). */
  userName?: string;
  /** The password (to renew the session). */
  password?: string;
  /** Renew the session as an agent (`true`) or a user (`false`, the default). */
  agent?: boolean;
}

/** Events of a `LiveVox` client. */
export type LiveVoxEvent = "sessionRenewed" | "sessionExpired" | "passwordExpiring";
/** The session expired and the client logged in again. */
export interface SessionRenewedEvent {
  /** The new session id (also `LiveVox.sessionId` from now on). */
  sessionId: string;
}
/** The session expired and could not be renewed. */
export interface SessionExpiredEvent {
  /** Why, in one sentence. */
  message: string;
}

export interface ChatWatch extends AsyncIterable<ChatWatchMessage> {
  /** Each new agent message. Returns a function that removes the listener. */
  on(event: "message", callback: (message: ChatWatchMessage) => void): () => void;
  /** Each failed poll (passing errors are retried with backoff; others end the watch). */
  on(event: "error", callback: (error: FloorwalkerError) => void): () => void;
  /** Like `on`, for the first agent message only. */
  once(event: "message", callback: (message: ChatWatchMessage) => void): () => void;
  /** Like `on`, for the first failed poll only. */
  once(event: "error", callback: (error: FloorwalkerError) => void): () => void;
}
"#;

#[cfg(feature = "livevox")]
#[wasm_bindgen(typescript_custom_section)]
const LIVEVOX_AGENT_TYPES: &'static str = r#"
/** The AI Integration App record of a call (LiveVox virtual-agent integration guide): every value a string. */
export interface AiaFields {
  /** The call's transaction id (`callTransactionId` of `agent.currentCall()`). */
  transactionId?: string;
  /** The call's session id (`callSessionId` of `agent.currentCall()`), not the LiveVox session id. */
  sessionId?: string;
  /** The caller's phone number (ANI). */
  ani?: string;
  /** The account the call is about. */
  accountNumber?: string;
  /** What the human agent should do next (values as the client's AIA specification defines them). */
  nextAction?: string;
  /** How the virtual agent's part of the call ended (values as the client's specification defines them). */
  callOutcome?: string;
  /** The call's LiveVox result (values as the client's specification defines them). */
  lvresult?: string;
  /** Client-specific field 1 (`other1` … `other20` are defined by the client's AIA specification). */
  other1?: string;
  /** Client-specific field 2. */
  other2?: string;
  /** Client-specific field 3. */
  other3?: string;
  /** Client-specific field 4. */
  other4?: string;
  /** Client-specific field 5. */
  other5?: string;
  /** Client-specific field 6. */
  other6?: string;
  /** Client-specific field 7. */
  other7?: string;
  /** Client-specific field 8. */
  other8?: string;
  /** Client-specific field 9. */
  other9?: string;
  /** Client-specific field 10. */
  other10?: string;
  /** Client-specific field 11. */
  other11?: string;
  /** Client-specific field 12. */
  other12?: string;
  /** Client-specific field 13. */
  other13?: string;
  /** Client-specific field 14. */
  other14?: string;
  /** Client-specific field 15. */
  other15?: string;
  /** Client-specific field 16. */
  other16?: string;
  /** Client-specific field 17. */
  other17?: string;
  /** Client-specific field 18. */
  other18?: string;
  /** Client-specific field 19. */
  other19?: string;
  /** Client-specific field 20. */
  other20?: string;
}

/** Options of `postAia`: headers the client's AIA specification asks for, plus the call options. */
export interface AiaOptions extends CallOptions {
  /** Headers to add to the AIA request (names of letters, digits, `-` and `_`). */
  headers?: Record<string, string>;
}

/** `new AgentPool(...)` options. */
export interface AgentPoolOptions extends ClientOptions {
  /** The API access token (`LV-Access`). */
  accessToken: string;
  /** The client code. */
  clientName: string;
  /** The service every agent joins. */
  serviceId: number;
  /** The virtual agents, each with its own 899 number. */
  agents: PoolAgent[];
  /** Keep-alive interval in ms (default one hour; 0 for none). */
  keepAliveMs?: number;
  /** How many agents start or shut down at once (default 8). */
  concurrency?: number;
}

/** What happened to one agent in `start()` or `shutdown()`. */
export interface PoolAgentResult {
  /** The agent's login name. */
  userName: string;
  /** The agent's 899 number. */
  phoneNumber: string;
  /** Whether every step succeeded. */
  ok: boolean;
  /** The first step that failed. */
  step?: "login" | "join" | "ready" | "notReady" | "leave" | "logout";
  /** Why it failed. */
  error?: FloorwalkerError;
}

/** Why a keep-alive cycle was skipped. */
export interface KeepAliveSkipEvent {
  /** The agent was on a call, or was not Ready. */
  reason: "on a call" | "not Ready";
}

export interface KeepAlive {
  /** The agent went Not Ready → Ready. Returns a function that removes the listener. */
  on(event: "cycle", callback: () => void): () => void;
  /** A cycle was skipped (the agent was on a call, or not Ready). */
  on(event: "skip", callback: (event: KeepAliveSkipEvent) => void): () => void;
  /** A cycle failed; it goes on unless the session is gone. */
  on(event: "error", callback: (error: FloorwalkerError) => void): () => void;
  /** Like `on`, for the first cycle only. */
  once(event: "cycle", callback: () => void): () => void;
  /** Like `on`, for the first skipped cycle only. */
  once(event: "skip", callback: (event: KeepAliveSkipEvent) => void): () => void;
  /** Like `on`, for the first failed cycle only. */
  once(event: "error", callback: (error: FloorwalkerError) => void): () => void;
}
"#;

#[cfg(feature = "cometd")]
#[wasm_bindgen(typescript_custom_section)]
const COMETD_OPTIONS_TYPES: &'static str = r#"
/** `new CometD(options)`: a Bayeux (CometD) long-polling client. */
export interface CometDOptions {
  /** The Bayeux endpoint, e.g. `https://host/cometd` (http:// only for localhost, 127.0.0.0/8 and [::1]). */
  url: string;
  /** Limit in ms for the handshake and for subscribe, publish and disconnect requests (default 15000); then `TIMEOUT`. */
  timeoutMs?: number;
  /** How much longer than the server's advised hold time a `/meta/connect` may take before it is considered lost (default 10000). */
  maxNetworkDelayMs?: number;
  /** Extra headers for every request, e.g. `{ Authorization: "Basic ..." }`. */
  headers?: Record<string, string>;
  /** Receives one event per HTTP request and per reconnection step; never a client id, cookie or message data. */
  logger?: (event: LogEvent) => void;
  /** The lowest level passed to `logger` (default `"debug"`: every event). */
  logLevel?: LogLevel;
  /** A `fetch` to use instead of the global one. */
  fetch?: FetchLike;
}

/** Called with each message's `data` (the server's JSON, untyped: any Bayeux server may send
 * anything) and the channel it was published on. */
export type CometDListener = (data: any, channel: string) => void;
"#;
