//! LiveVox: the session API, the supervisor API and the chat watch, the agent API a
//! virtual agent uses, the contact API and the AI Integration App record of the virtual-agent guide.

#[cfg(feature = "livevox")]
pub mod agent;
#[cfg(feature = "livevox")]
pub mod agent_model;
#[cfg(feature = "livevox")]
pub mod aia;
pub mod chat_watch;
#[cfg(feature = "livevox")]
pub mod contacts;
pub mod model;
pub mod options;
pub mod poll_watch;
#[cfg(feature = "livevox")]
pub mod pool;
pub mod realtime;
pub mod session;
pub mod supervisor;

#[cfg(test)]
mod test_support;

#[cfg(feature = "livevox")]
pub use agent::{Agent, KeepAlive, KeepAliveEvent};
pub use chat_watch::{ChatCursor, ChatWatch, WatchEvent};
#[cfg(feature = "livevox")]
pub use contacts::Contacts;
#[cfg(feature = "livevox")]
pub use pool::AgentPool;
pub use realtime::AgentWatch;
pub use session::{Credentials, Session, SessionEvent};
pub use supervisor::Supervisor;

use crate::error::{Error, Result};
use crate::http::HttpResponse;
use crate::wire::FromJson;

/// Decodes a LiveVox reply. Optional fields with unexpected values read as absent (the
/// readers of `lenient.rs`); a required field that is missing or unreadable fails with
/// `BAD_RESPONSE` naming it (in `field` and in the message).
pub(crate) fn decode<T: FromJson>(resp: &HttpResponse) -> Result<T> {
    decode_text(&resp.body).map_err(|e| of_response(e, resp))
}

/// A reply's JSON value, as it came (a `BAD_RESPONSE` when it is not JSON).
#[cfg(feature = "livevox")]
pub(crate) fn decode_value(resp: &HttpResponse) -> Result<serde_json::Value> {
    json_value(&resp.body).map_err(|e| of_response(e, resp))
}

/// A decoding error with the status and request id of the reply it came from.
// Not generic: one copy of this code, not one per decoded type.
fn of_response(e: Error, resp: &HttpResponse) -> Error {
    let e = e.with_status(resp.status);
    match resp.request_id {
        Some(id) => e.with_request_id(id),
        None => e,
    }
}

/// [`decode`] for a text: parsed as a JSON value (one parser for every model), then read by
/// the model's field reader.
pub(crate) fn decode_text<T: FromJson>(text: &str) -> Result<T> {
    read_value(json_value(text)?)
}

/// A reply's JSON value read by `T`'s field reader: a `BAD_RESPONSE` naming the field at
/// fault. (A reader's errors name their field in the message and point at no place in a text,
/// so no text is needed.)
pub(crate) fn read_value<T: FromJson>(value: serde_json::Value) -> Result<T> {
    T::from_json(value).map_err(|e| bad_reply("", &e))
}

/// `text` parsed as a JSON value.
#[inline(never)]
fn json_value(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| bad_reply(text, &e))
}

/// The `BAD_RESPONSE` of a reply `text` that did not decode.
// Not generic: one copy of this code, not one per decoded type.
fn bad_reply(text: &str, e: &serde_json::Error) -> Error {
    let inner = crate::lenient::serde_message(e);
    // "missing field `x`", or "field `x`: …" from a reader that read a part on its own.
    let named = inner
        .split('`')
        .nth(1)
        .filter(|_| inner.starts_with("missing field") || inner.starts_with("field `"));
    let field = named
        .map(str::to_string)
        .or_else(|| crate::lenient::field_at(text, e.line(), e.column()));
    let mut err = match &field {
        Some(f) if !inner.starts_with("field `") => {
            Error::bad_response(format!("field `{f}`: {inner}"))
        }
        _ => Error::bad_response(inner),
    };
    err.field = field;
    err
}

/// Reads a caller's value (`input`, already JSON) into `T` (errors named as
/// [`crate::wire::input`] names them) and makes sure nothing was silently dropped: every key
/// given with a non-null value must be one `T` knows and must read as a value (the lenient
/// readers that forgive the platform an odd optional field must not forgive the caller).
/// Otherwise `INVALID_ARGUMENT` naming the key.
// Called by the JavaScript layer (and host tests) only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn strict_read<T>(input: serde_json::Value) -> Result<T>
where
    T: crate::wire::FromJson + serde::Serialize,
{
    let parsed: T = crate::wire::input(input.clone(), None)?;
    nothing_dropped(&input, serde_json::to_string(&parsed))?;
    Ok(parsed)
}

/// Checks that the value read (`back`, written again as JSON) kept every key of `input`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn nothing_dropped(input: &serde_json::Value, back: serde_json::Result<String>) -> Result<()> {
    let back: serde_json::Value = back
        .and_then(|t| serde_json::from_str(&t))
        .map_err(|e| Error::invalid_argument("options", format!("cannot encode: {e}")))?;
    match first_dropped(input, &back, "") {
        Some(path) => Err(Error::invalid_argument(
            path.clone(),
            format!("{path} is not a known option or has a value of the wrong type."),
        )),
        None => Ok(()),
    }
}

/// The first key of `given` (dotted path) whose non-null value has no counterpart in `read`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn first_dropped(given: &serde_json::Value, read: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match (given, read) {
        (Value::Object(g), Value::Object(r)) => g.iter().find_map(|(k, v)| {
            if v.is_null() {
                return None;
            }
            match r.get(k) {
                None | Some(Value::Null) => Some(join(k)),
                Some(rv) => first_dropped(v, rv, &join(k)),
            }
        }),
        (Value::Array(g), Value::Array(r)) => g
            .iter()
            .zip(r.iter())
            .enumerate()
            .find_map(|(i, (gv, rv))| first_dropped(gv, rv, &format!("{at}[{i}]"))),
        (Value::Object(_) | Value::Array(_), _) => Some(at.to_string()),
        _ => None,
    }
}
