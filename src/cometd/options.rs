//! The rules of `new CometD(options)`: what each scalar option means and its default. The
//! wasm layer reads the options ([`Options`]) and the values that are functions or objects
//! (`fetch`, `logger`, `headers`, `extensions`), and forwards.

use super::driver::CometdConfig;
use crate::client::DEFAULT_TIMEOUT_MS;
use crate::error::{Error, Result};
use crate::input::{Arg, Options};
use serde_json::Value;

/// The `url` option: required, a string (checked as a URL by `CometdClient::new`).
pub fn url(o: &dyn Options) -> Result<String> {
    o.arg("url").string("url")
}

/// Applies `timeoutMs` (default 15000), `maxNetworkDelayMs` (default: the [`Timing`]'s) and
/// `ack` (default `true`) to `config`.
///
/// [`Timing`]: super::state::Timing
pub fn apply_timing(config: &mut CometdConfig, o: &dyn Options) -> Result<()> {
    config.timing.timeout_ms = o
        .arg("timeoutMs")
        .millis("timeoutMs")?
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    if let Some(ms) = o.arg("maxNetworkDelayMs").millis("maxNetworkDelayMs")? {
        config.timing.max_network_delay_ms = ms;
    }
    match o.arg("ack") {
        Arg::Absent => {}
        Arg::Bool(b) => config.ack = b,
        _ => return Err(Error::invalid_argument("ack", "ack must be true or false.")),
    }
    Ok(())
}

/// The `headers` option as JSON (what `JSON.stringify` makes of the object): each name with
/// its string value, by name; the `__proto__` key a `JSON.parse`d object can hold is dropped.
/// Anything else is `INVALID_ARGUMENT` naming `headers`, worded as serde words a type error.
pub fn headers(value: Value) -> Result<Vec<(String, String)>> {
    let bad = |v: &Value, expected: &str| {
        let found = match v {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
            Value::Number(n) => format!("integer `{n}`"),
            Value::String(s) => format!("string \"{s}\""),
            Value::Array(_) => "sequence".to_string(),
            Value::Object(_) => "map".to_string(),
        };
        Error::invalid_argument(
            "headers",
            format!("headers is not valid: invalid type: {found}, expected {expected}."),
        )
    };
    let Value::Object(map) = value else {
        return Err(bad(&value, "a map"));
    };
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        match value {
            Value::String(v) if name != "__proto__" => out.push((name, v)),
            Value::String(_) => {}
            other => return Err(bad(&other, "a string")),
        }
    }
    Ok(out)
}

/// The connection events of a CometD client that `on(event, callback)` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientEvent {
    /// The connection's state changed.
    State,
    /// The server forgot the client and a new handshake took its place.
    Rehandshake,
    /// Something went wrong that the client works around (a refused subscription …).
    Warning,
}

/// The [`ClientEvent`] named `name`; anything else is `INVALID_ARGUMENT` naming `event`.
pub fn client_event(name: Option<&str>) -> Result<ClientEvent> {
    match name {
        Some("state") => Ok(ClientEvent::State),
        Some("rehandshake") => Ok(ClientEvent::Rehandshake),
        Some("warning") => Ok(ClientEvent::Warning),
        _ => Err(Error::invalid_argument(
            "event",
            "event must be \"state\", \"rehandshake\" or \"warning\".",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Reply, ScriptedTransport, VirtualClock, VirtualRuntime};
    use std::rc::Rc;

    fn config() -> CometdConfig {
        let clock = VirtualClock::new();
        let transport = ScriptedTransport::new(&clock, |_| Reply::Hang);
        CometdConfig::new(
            "https://h/cometd",
            transport,
            Rc::new(VirtualRuntime(clock)),
        )
    }

    #[test]
    fn defaults_and_given_values() {
        let mut c = config();
        let delay = c.timing.max_network_delay_ms;
        let none: [(&str, Arg); 0] = [];
        apply_timing(&mut c, &none).unwrap();
        assert_eq!(
            (c.timing.timeout_ms, c.timing.max_network_delay_ms, c.ack),
            (DEFAULT_TIMEOUT_MS, delay, true)
        );
        let o = [
            ("timeoutMs", Arg::Number(500.0)),
            ("maxNetworkDelayMs", Arg::Number(700.0)),
            ("ack", Arg::Bool(false)),
        ];
        apply_timing(&mut c, &o).unwrap();
        assert_eq!(
            (c.timing.timeout_ms, c.timing.max_network_delay_ms, c.ack),
            (500, 700, false)
        );
    }

    #[test]
    fn bad_values_name_the_option() {
        for (key, value, message) in [
            (
                "timeoutMs",
                Arg::Number(0.0),
                "timeoutMs must be a positive whole number of milliseconds.",
            ),
            (
                "maxNetworkDelayMs",
                Arg::Text("5".into()),
                "maxNetworkDelayMs must be a positive whole number of milliseconds.",
            ),
            ("ack", Arg::Null, "ack must be true or false."),
        ] {
            let e = apply_timing(&mut config(), &[(key, value)]).unwrap_err();
            assert_eq!(
                (e.field.as_deref(), e.message.as_str()),
                (Some(key), message)
            );
        }
        let none: [(&str, Arg); 0] = [];
        assert_eq!(url(&none).unwrap_err().field.as_deref(), Some("url"));
    }

    #[test]
    fn headers_by_name_with_string_values_only() {
        let v = serde_json::json!({"X-B": "2", "__proto__": "x", "X-A": "1"});
        let got = headers(v).unwrap();
        assert_eq!(
            got,
            [("X-A".into(), "1".into()), ("X-B".into(), "2".into())]
        );
        for (value, found) in [
            (serde_json::json!(1), "integer `1`"),
            (serde_json::json!(1.5), "floating point `1.5`"),
            (serde_json::json!(true), "boolean `true`"),
            (serde_json::json!(null), "null"),
            (serde_json::json!([]), "sequence"),
            (serde_json::json!({}), "map"),
        ] {
            let e = headers(serde_json::json!({ "X-A": value })).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("headers"));
            assert_eq!(
                e.message,
                format!("headers is not valid: invalid type: {found}, expected a string.")
            );
        }
        let e = headers(serde_json::json!("x")).unwrap_err();
        assert_eq!(
            e.message,
            "headers is not valid: invalid type: string \"x\", expected a map."
        );
    }

    #[test]
    fn client_events_by_name() {
        assert_eq!(client_event(Some("state")).unwrap(), ClientEvent::State);
        assert_eq!(
            client_event(Some("rehandshake")).unwrap(),
            ClientEvent::Rehandshake
        );
        assert_eq!(client_event(Some("warning")).unwrap(), ClientEvent::Warning);
        for bad in [None, Some("State"), Some("message")] {
            let e = client_event(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("event"));
            assert_eq!(
                e.message,
                "event must be \"state\", \"rehandshake\" or \"warning\"."
            );
        }
    }
}
