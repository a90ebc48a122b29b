//! Shared host-test helpers for the LiveVox modules: a pipeline over a scripted transport.
use crate::client::{BaseUrl, Pipeline, RetryOptions};
use crate::http::HttpRequest;
use crate::livevox::session::Credentials;
use crate::testing::{Reply, ScriptedTransport, VirtualClock, VirtualRuntime};
use std::rc::Rc;

pub fn pipeline(
    clock: &Rc<VirtualClock>,
    handler: impl FnMut(&HttpRequest) -> Reply + 'static,
) -> (Pipeline, Rc<ScriptedTransport>) {
    let transport = ScriptedTransport::new(clock, handler);
    let p = Pipeline {
        base: BaseUrl::parse("https://api.livevox.test", "baseUrl").unwrap(),
        timeout_ms: 1000,
        retry: RetryOptions::default(),
        transport: transport.clone(),
        runtime: Rc::new(VirtualRuntime(clock.clone())),
        logger: None,
    };
    (p, transport)
}

pub fn creds() -> Credentials {
    Credentials {
        access_token: "tok".into(),
        client_name: "ACME".into(),
        user_name: "supervisor".into(),
        password: "s3cret".into(),
        agent: false,
    }
}

pub fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub fn path_of(r: &HttpRequest) -> &str {
    let rest = r.url.split_once("://").map_or(r.url.as_str(), |x| x.1);
    rest.find('/').map_or("", |i| &rest[i..])
}

/// What a caller's JSON `text` read as `T` through serde's derive gave: `Ok <T as JSON>` or
/// `Err <field> | <message>`, named as `convert::from_js` named it (`field` for a positional
/// argument, else the option at fault). For pinning a caller-input model before it moves to
/// [`crate::wire::FromJson`]; [`wire_input`] gives the same for the moved model.
#[allow(dead_code)] // MIGRATION: the caller-input models move to `FromJson` one by one
pub fn serde_input<T>(text: &str, field: Option<&str>) -> String
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let read = serde_json::from_str::<T>(text).map_err(|e| match field {
        None => super::bad_input(text, &e),
        Some(f) => {
            let inner = e.to_string();
            let inner = inner.split(" at line ").next().unwrap_or_default();
            crate::error::Error::invalid_argument(f, format!("{f} is not valid: {inner}."))
        }
    });
    outcome(read)
}

/// [`serde_input`] for a model read by its [`crate::wire::FromJson`] ([`crate::wire::input`]).
#[allow(dead_code)] // MIGRATION: the caller-input models move to `FromJson` one by one
pub fn wire_input<T>(text: &str, field: Option<&str>) -> String
where
    T: crate::wire::FromJson + serde::Serialize,
{
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => outcome(crate::wire::input::<T>(value, field)),
        Err(e) => format!("not JSON: {e}"),
    }
}

/// What `livevox::strict_input` gave for the caller's JSON `text` (serde's derive).
#[allow(dead_code)] // MIGRATION: the caller-input models move to `FromJson` one by one
pub fn serde_strict<T>(text: &str) -> String
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => outcome(super::strict_input::<T>(value)),
        Err(e) => format!("not JSON: {e}"),
    }
}

/// [`serde_strict`] for a model read by its [`crate::wire::FromJson`] (`livevox::strict_read`).
#[allow(dead_code)] // MIGRATION: the caller-input models move to `FromJson` one by one
pub fn wire_strict<T>(text: &str) -> String
where
    T: crate::wire::FromJson + serde::Serialize,
{
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => outcome(super::strict_read::<T>(value, None)),
        Err(e) => format!("not JSON: {e}"),
    }
}

fn outcome<T: serde::Serialize>(read: crate::error::Result<T>) -> String {
    match read {
        Ok(v) => format!("Ok {}", serde_json::to_string(&v).unwrap_or_default()),
        Err(e) => format!("Err {} | {}", e.field.unwrap_or_default(), e.message),
    }
}
