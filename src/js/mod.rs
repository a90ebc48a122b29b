//! The only part of the crate that knows wasm-bindgen: JavaScript classes over the core,
//! conversions, the `fetch` transport, timers, and `FloorwalkerError`.

mod agent;
mod cometd;
mod convert;
mod gws;
mod gws_events;
mod livevox;
mod pool;
mod runtime;

pub use agent::{Agent, Contacts, KeepAlive};
pub use cometd::CometD;
pub use gws::{Gws, GwsChat};
pub use gws_events::GwsNotifications;
pub use livevox::{ChatWatch, LiveVox, Supervisor};
pub use pool::AgentPool;

use wasm_bindgen::prelude::*;

/// Parses the SIP INVITE a virtual-agent platform receives for a call (seed 003) and tells which
/// agent it is for: `agentNumber` is the dialled 899 number of the Request-URI. Tolerates LF or
/// CRLF, folded headers, compact header names and the stray spaces and `^M` of copied captures;
/// `headers` maps lower-case names to their values. Throws a `FloorwalkerError`
/// (`INVALID_ARGUMENT`) for anything that is not a SIP/2.0 INVITE request, or over 64 KiB.
#[wasm_bindgen(js_name = parseInvite, unchecked_return_type = "Invite")]
pub fn parse_invite(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    let text = convert::string_arg(&text, "text").map_err(convert::throw)?;
    let invite = crate::sip::parse_invite(&text).map_err(convert::throw)?;
    convert::to_js_with_nulls(&invite).map_err(convert::throw)
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
  /** A `fetch` to use instead of the global one. */
  fetch?: FetchLike;
}

/** What floorwalker needs of a `fetch` (the global `fetch` and undici's fit). */
export type FetchLike = (
  input: string,
  init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
    credentials?: "include";
  },
) => Promise<{ status: number; headers: Iterable<[string, string]>; text(): Promise<string> }>;

/** The last argument of every method that does I/O. */
export interface CallOptions {
  /** Aborts the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

/** `LiveVox.login` options. */
export interface LiveVoxLoginOptions extends ClientOptions, Credentials {}

/** `LiveVox.resume` options; with the credentials too, the client can renew the session. */
export interface LiveVoxResumeOptions extends ClientOptions {
  sessionId: string;
  accessToken?: string;
  clientName?: string;
  userName?: string;
  password?: string;
  agent?: boolean;
}

/** Events of a `LiveVox` client. */
export type LiveVoxEvent = "sessionRenewed" | "sessionExpired";
/** The session expired and the client logged in again. */
export interface SessionRenewedEvent { sessionId: string }
/** The session expired and could not be renewed. */
export interface SessionExpiredEvent { message: string }

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
  /** A `fetch` to use instead of the global one. */
  fetch?: (input: string, init?: any) => Promise<any>;
}

/** Called with each message's `data` and the channel it was published on. */
export type CometDListener = (data: any, channel: string) => void;

/** Extra fields of a `FloorwalkerError`. */
export interface FloorwalkerErrorDetails {
  status?: number;
  vendorCode?: number;
  vendorMessage?: string;
  retryAfterMs?: number;
  field?: string;
}

/** Every failure of floorwalker: a stable `code`, a message saying what to do, and what the platform said. */
export class FloorwalkerError extends Error {
  constructor(code: ErrorCode, message: string, details?: FloorwalkerErrorDetails);
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
}

/** The AI Integration App record of a call (seed 003): every value a string. */
export interface AiaFields {
  transactionId?: string; sessionId?: string; ani?: string; accountNumber?: string;
  nextAction?: string; callOutcome?: string; lvresult?: string;
  other1?: string; other2?: string; other3?: string; other4?: string; other5?: string;
  other6?: string; other7?: string; other8?: string; other9?: string; other10?: string;
  other11?: string; other12?: string; other13?: string; other14?: string; other15?: string;
  other16?: string; other17?: string; other18?: string; other19?: string; other20?: string;
}

/** Options of `postAia`: headers the client's AIA specification asks for, plus the call options. */
export interface AiaOptions extends CallOptions {
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
  userName: string;
  phoneNumber: string;
  /** Whether every step succeeded. */
  ok: boolean;
  /** The first step that failed. */
  step?: "login" | "join" | "ready" | "notReady" | "leave" | "logout";
  /** Why it failed. */
  error?: FloorwalkerError;
}

/** Why a keep-alive cycle was skipped. */
export interface KeepAliveSkipEvent { reason: "on a call" | "not Ready" }

export interface KeepAlive {
  /** The agent went Not Ready → Ready. Returns a function that removes the listener. */
  on(event: "cycle", callback: () => void): () => void;
  /** A cycle was skipped (the agent was on a call, or not Ready). */
  on(event: "skip", callback: (event: KeepAliveSkipEvent) => void): () => void;
  /** A cycle failed; it goes on unless the session is gone. */
  on(event: "error", callback: (error: FloorwalkerError) => void): () => void;
}

export interface ChatWatch extends AsyncIterable<ChatWatchMessage> {
  /** Each new agent message. Returns a function that removes the listener. */
  on(event: "message", callback: (message: ChatWatchMessage) => void): () => void;
  /** Each failed poll (passing errors are retried with backoff; others end the watch). */
  on(event: "error", callback: (error: FloorwalkerError) => void): () => void;
}
"#;
