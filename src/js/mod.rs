//! The only part of the crate that knows wasm-bindgen: JavaScript classes over the core,
//! conversions, the `fetch` transport, timers, and `FloorwalkerError`.

mod cometd;
mod convert;
mod livevox;
mod runtime;

pub use cometd::CometD;
pub use livevox::{ChatWatch, LiveVox, Supervisor};

use wasm_bindgen::prelude::*;

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
  fetch?: (input: string, init?: any) => Promise<any>;
}

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

export interface ChatWatch extends AsyncIterable<ChatWatchMessage> {
  /** Each new agent message. Returns a function that removes the listener. */
  on(event: "message", callback: (message: ChatWatchMessage) => void): () => void;
  /** Each failed poll (passing errors are retried with backoff; others end the watch). */
  on(event: "error", callback: (error: FloorwalkerError) => void): () => void;
}
"#;
