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

/// What a caller's JSON `text` read as `T` gives ([`crate::wire::input`]): `Ok <T as JSON>`
/// or `Err <field> | <message>`, named as the caller sees it (`field` for a positional
/// argument, else the option at fault). The pins of the caller-input models were written
/// from serde's derive with the same format.
pub fn wire_input<T>(text: &str, field: Option<&str>) -> String
where
    T: crate::wire::FromJson + serde::Serialize,
{
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => outcome(crate::wire::input::<T>(value, field)),
        Err(e) => format!("not JSON: {e}"),
    }
}

/// [`wire_input`] for a strict argument (`livevox::strict_read`: unknown keys refused).
pub fn wire_strict<T>(text: &str) -> String
where
    T: crate::wire::FromJson + serde::Serialize,
{
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => outcome(super::strict_read::<T>(value)),
        Err(e) => format!("not JSON: {e}"),
    }
}

fn outcome<T: serde::Serialize>(read: crate::error::Result<T>) -> String {
    match read {
        Ok(v) => format!("Ok {}", serde_json::to_string(&v).unwrap_or_default()),
        Err(e) => format!("Err {} | {}", e.field.unwrap_or_default(), e.message),
    }
}

/// Compares the outcomes of a pin test (`actual`, one line per case) with its pin file
/// (`pinned`); on a difference, writes `actual` to `<temp dir>/<name>` and fails showing the
/// first lines that differ.
pub fn check_pins(pinned: &str, actual: &str, name: &str) {
    if actual == pinned {
        return;
    }
    let path = std::env::temp_dir().join(name);
    let _ = std::fs::write(&path, actual);
    let diff: Vec<_> = actual
        .lines()
        .zip(pinned.lines())
        .filter(|(a, p)| a != p)
        .map(|(a, p)| format!("  got: {a}\n want: {p}"))
        .take(10)
        .collect();
    panic!(
        "{} of {} cases differ ({} pinned), all written to {}:\n{}",
        diff.len(),
        actual.lines().count(),
        pinned.lines().count(),
        path.display(),
        diff.join("\n")
    );
}

/// The caller inputs a pin test of a caller-input model reads, in order: each of
/// `not_objects`; `good`; for each `(field, wrong)` of `fields`, `good` without the field, then
/// with it `null` and with each `wrong` value; an unknown key alone, and before the other keys
/// (`aaa` first, `zzz` first, `aaa: null`); the first key given twice; the object's values as
/// a list.
pub fn input_variants(not_objects: &[&str], good: &str, fields: &[(&str, &[&str])]) -> Vec<String> {
    let mut cases: Vec<String> = not_objects.iter().map(|t| t.to_string()).collect();
    cases.push(good.to_string());
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(good).unwrap_or_default();
    for (field, wrong) in fields {
        let mut without = object.clone();
        without.remove(*field);
        cases.push(serde_json::Value::Object(without).to_string());
        for w in ["null"].iter().chain(wrong.iter()) {
            let mut with = object.clone();
            let value = serde_json::from_str(w).unwrap_or(serde_json::Value::Null);
            with.insert(field.to_string(), value);
            cases.push(serde_json::Value::Object(with).to_string());
        }
    }
    cases.push(r#"{"other":1}"#.to_string());
    cases.push(good.replacen('{', r#"{"aaa":1,"#, 1));
    cases.push(good.replacen('{', r#"{"zzz":1,"#, 1));
    cases.push(good.replacen('{', r#"{"aaa":null,"#, 1));
    let first = object.iter().next().map(|(k, v)| format!("{k:?}:{v}"));
    cases.push(good.replacen('{', &format!("{{{},", first.unwrap_or_default()), 1));
    let values: Vec<serde_json::Value> = object.values().cloned().collect();
    cases.push(serde_json::Value::Array(values).to_string());
    cases
}
