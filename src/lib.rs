//! # floorwalker
//!
//! Drive contact-center platforms from Node and the browser: the LiveVox supervisor API (agents
//! Ready / Not Ready / logged off, chat with agents, listen / coach / barge, switch services)
//! over a session that renews itself; and Genesys Web Services voice and chat supervision.
//!
//! The crate is a plain-Rust core, tested on the host, with a thin WebAssembly layer
//! (`src/js/`, built only for `wasm32`) that converts JavaScript values and forwards:
//!
//! | module | what it holds |
//! |---|---|
//! | [`error`] | [`Error`] and the [`ErrorCode`] list |
//! | [`http`] | request/response values, the [`http::Transport`] and [`http::Runtime`] traits, cancellation |
//! | [`client`] | the request pipeline: URL rules, timeout, retries, `Retry-After`, logging, status mapping |
//! | [`lenient`] | tolerant readers for the wire's quirks |
//! | [`input`] | caller input as plain values ([`input::Arg`]) and the checks that name the bad field |
//! | [`events`] | listener lists whose `on` returns an unsubscribe handle |
//! | [`livevox`] | session (login, resume, validate, logout, one shared re-login), supervisor API, chat watch |
//! | [`sip`] | [`sip::parse_invite`]: the SIP INVITE reader that finds the virtual agent's 899 number (LiveVox's virtual-agent integration guide) |
//! | [`gws`] | Genesys Web Services: session (Basic auth, cookie, CSRF, one shared re-read), voice and chat supervision, the chat mode table, typed notifications |
//! | [`cometd`] | a Bayeux long-polling client: sans-I/O state machine (advice, backoff, re-handshake with subscriptions replayed) and its driver |
//!
//! Cargo features choose the platforms compiled in (all by default): `livevox` (with `sip`),
//! `livevox-supervisor` (LiveVox without the agent API, contacts, AIA and the agent pool, which
//! `livevox` adds), `gws` (with the CometD core), `cometd`, `sip`. Each entry of the npm package
//! is one of them.
#![warn(missing_docs)]
// A panic in wasm poisons the module for every later call: outside tests, nothing may unwrap,
// index out of bounds or panic on data that comes from outside.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
// clippy.toml keeps some methods out of the modules for their size; tests may use them.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

/// The module's allocator: talc instead of the standard library's dlmalloc, 2.5 to 2.8 KB
/// smaller (gzip) in every entry; the README's "Design choices" has the measurements. Single
/// threaded, as the module is (no `atomics` target feature).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod client;
#[cfg(any(feature = "cometd", feature = "gws"))]
pub mod cometd;
pub mod cookies;
pub mod error;
pub mod events;
#[cfg(feature = "gws")]
pub mod gws;
pub mod http;
pub mod input;
pub mod lenient;
#[cfg(feature = "livevox-supervisor")]
pub mod livevox;
#[cfg(feature = "sip")]
pub mod sip;
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
pub mod wire;

#[cfg(test)]
pub(crate) mod testing;

/// The JavaScript-facing classes (wasm32 only): what the npm package exports.
#[cfg(target_arch = "wasm32")]
pub mod js;

pub use error::{Error, ErrorCode, Result};
