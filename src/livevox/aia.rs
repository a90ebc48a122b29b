//! The AI Integration App (AIA) record of the LiveVox virtual-agent guide: the call-specific data a virtual agent
//! collected, screen-popped to the human agent a call is transferred to. The URL is specific to
//! each client; the record is POSTed there as JSON.

use crate::client::{check_id, check_url, ApiRequest, BaseUrl, CallOptions, Pipeline};
use crate::error::{Error, Result};
use crate::http::Method;
use serde_json::{Map, Value};

/// The named fields of the record, besides `other1` … `other20`.
pub const AIA_FIELDS: [&str; 7] = [
    "transactionId",
    "sessionId",
    "ani",
    "accountNumber",
    "nextAction",
    "callOutcome",
    "lvresult",
];
/// How many `otherN` fields the record has.
pub const AIA_OTHER_FIELDS: u32 = 20;
/// The longest value of one field.
pub const AIA_MAX_VALUE_LEN: usize = 4000;

/// Whether `name` is a field of the record (`otherN` with N from 1 to 20 included).
fn is_aia_field(name: &str) -> bool {
    if AIA_FIELDS.contains(&name) {
        return true;
    }
    name.strip_prefix("other")
        .filter(|n| !n.starts_with('0'))
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (1..=AIA_OTHER_FIELDS).contains(&n))
}

/// Checks the caller's fields and returns the record to send: every key a field of the record,
/// every value a string (numbers and booleans are written as text; `null` and `undefined` are
/// left out). An unknown key, such as `other21`, is `INVALID_ARGUMENT` naming it.
pub fn aia_record(fields: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut record = Map::new();
    for (name, value) in fields {
        if !is_aia_field(name) {
            let hint = if name.starts_with("other") || name.starts_with("Other") {
                format!("the AIA record has other1 to other{AIA_OTHER_FIELDS}; {name} is not one of them.")
            } else {
                format!(
                    "{name} is not a field of the AIA record (transactionId, sessionId, ani, accountNumber, nextAction, callOutcome, lvresult, other1 to other{AIA_OTHER_FIELDS})."
                )
            };
            return Err(Error::invalid_argument(name.clone(), hint));
        }
        let text = match value {
            Value::Null => continue,
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(_) | Value::Object(_) => {
                return Err(Error::invalid_argument(
                    name.clone(),
                    format!("{name} must be a string."),
                ))
            }
        };
        if text.chars().count() > AIA_MAX_VALUE_LEN {
            return Err(Error::invalid_argument(
                name.clone(),
                format!("{name} must be at most {AIA_MAX_VALUE_LEN} characters."),
            ));
        }
        record.insert(name.clone(), Value::String(text));
    }
    if record.is_empty() {
        return Err(Error::invalid_argument(
            "fields",
            "the AIA record must have at least one field (e.g. transactionId and sessionId).",
        ));
    }
    Ok(record)
}

/// Extra headers for the AIA request (the client's own specification may ask for some).
pub type AiaHeaders = Vec<(String, String)>;

/// The caller's `fields` of `postAia`, already JSON: an object (its values are checked by
/// [`aia_record`]); anything else is `INVALID_ARGUMENT` naming `fields`, with the message
/// serde's reader of a map gave.
pub fn caller_fields(value: Value) -> Result<Map<String, Value>> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(not_valid(
            "fields",
            &crate::wire::invalid_type(&other, "a map"),
        )),
    }
}

/// The caller's `headers` option of `postAia`, already JSON: an object of strings, in key
/// order; anything else is `INVALID_ARGUMENT` naming `headers`, with the message serde's
/// reader of a map of strings gave.
pub fn caller_headers(value: Value) -> Result<AiaHeaders> {
    let Value::Object(headers) = value else {
        return Err(not_valid(
            "headers",
            &crate::wire::invalid_type(&value, "a map"),
        ));
    };
    headers
        .into_iter()
        .map(|(name, v)| crate::wire::string(v).map(|v| (name, v)))
        .collect::<serde_json::Result<_>>()
        .map_err(|e| not_valid("headers", &e))
}

/// The `INVALID_ARGUMENT` of a caller's `field` that did not read.
fn not_valid(field: &str, e: &serde_json::Error) -> Error {
    Error::invalid_argument(field, format!("{field} is not valid: {e}."))
}

/// POSTs the record to the client-specific `url` through `pipeline` (its timeout, retry rules
/// and logger; the LiveVox session id is not sent there). Resolves to the reply body parsed as
/// JSON, or `None` when it is empty or not JSON.
pub async fn post_aia(
    pipeline: &Pipeline,
    url: &str,
    fields: &Map<String, Value>,
    headers: &AiaHeaders,
    call: &CallOptions,
) -> Result<Option<Value>> {
    let url = check_url(url, "url")?;
    let record = aia_record(fields)?;
    let (origin, path) = split_url(&url);
    let mut target = pipeline.clone();
    target.base = BaseUrl::parse(origin, "url")?;
    let mut req = ApiRequest::new(Method::Post, path)
        .json(&record)?
        .not_session_bound();
    for (name, value) in headers {
        check_id("headers", name)?;
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::invalid_argument(
                "headers",
                format!("{name:?} is not a valid header name."),
            ));
        }
        req = req.header(name, value, "headers")?;
    }
    let resp = target.send(&req, call).await?;
    Ok(serde_json::from_str(&resp.body).ok())
}

/// Splits an absolute URL into its origin and the rest (path and query; the path is `/` when
/// the URL has none). A fragment is dropped.
fn split_url(url: &str) -> (&str, String) {
    let url = url.split('#').next().unwrap_or(url);
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let cut = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?']))
        .map_or(url.len(), |i| after_scheme + i);
    match (url.get(..cut), url.get(cut..)) {
        (Some(origin), Some(rest)) if rest.starts_with('/') => (origin, rest.to_string()),
        (Some(origin), Some(rest)) => (origin, format!("/{rest}")),
        _ => (url, "/".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn accepts_the_seed_fields_and_other1_to_20() {
        let rec = aia_record(&map(serde_json::json!({
            "transactionId": "108821676850", "sessionId": "U5EF8FT5DFC07F9@10.101.21.216",
            "ani": 9192109237u64, "accountNumber": "ACC-1", "nextAction": "transfer",
            "callOutcome": "verified", "lvresult": "AGENT", "other1": "a", "other20": true,
            "other3": null
        })))
        .unwrap();
        assert_eq!(rec.len(), 9);
        assert_eq!(rec["ani"], "9192109237");
        assert_eq!(rec["other20"], "true");
        assert!(!rec.contains_key("other3"));
    }

    #[test]
    fn rejects_unknown_fields_and_other_beyond_20() {
        for bad in [
            "other21",
            "other0",
            "other01",
            "Other1",
            "transactionID",
            "__proto__",
        ] {
            let e = aia_record(&map(serde_json::json!({ bad: "x" }))).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::InvalidArgument, "{bad}");
            assert_eq!(e.field.as_deref(), Some(bad));
        }
        let e = aia_record(&map(serde_json::json!({ "ani": {"x": 1} }))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("ani"));
        let e = aia_record(&Map::new()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("fields"));
        let long = "x".repeat(AIA_MAX_VALUE_LEN + 1);
        assert!(aia_record(&map(serde_json::json!({ "other2": long }))).is_err());
    }

    // The caller's `fields` and `headers` read as serde's readers of a map and of a map of
    // strings read them, named as `convert::from_js` named them (but two bad headers: now the
    // first in key order is named).
    #[test]
    fn fields_and_headers_read_as_serdes_maps() {
        use std::collections::BTreeMap;
        let message = |name: &str| {
            let name = name.to_string();
            move |e: serde_json::Error| {
                let m = crate::lenient::serde_message(&e);
                (name.clone(), format!("{name} is not valid: {m}."))
            }
        };
        let ours = |e: Error| (e.field.unwrap_or_default(), e.message);
        let texts = [
            "{}",
            r#"{"transactionId":"1","ani":5,"other1":null,"x":{"a":[1]}}"#,
            r#"{"X-Api-Key":"k","X-Trace":"t"}"#,
            r#"{"X-Api-Key":5}"#,
            r#"{"X-Api-Key":null}"#,
            r#"{"X-Api-Key":1.5}"#,
            r#"{"X-Api-Key":true}"#,
            r#"{"X-Api-Key":[]}"#,
            r#"{"X-Api-Key":{}}"#,
            r#"{"a":"x","b":5}"#,
            "[]",
            r#"["a"]"#,
            "null",
            "5",
            "-5",
            "1.5",
            "1e300",
            r#""x""#,
            r#""2026-12-05T22:00:00.000Z""#,
            "true",
        ];
        for text in texts {
            let value: Value = serde_json::from_str(text).unwrap();
            let serde = serde_json::from_str::<Map<String, Value>>(text).map_err(message("fields"));
            assert_eq!(caller_fields(value.clone()).map_err(ours), serde, "{text}");
            let serde = serde_json::from_str::<BTreeMap<String, String>>(text)
                .map(|m| m.into_iter().collect::<AiaHeaders>())
                .map_err(message("headers"));
            assert_eq!(caller_headers(value).map_err(ours), serde, "{text}");
        }
        let two_bad = serde_json::json!({"b": 5, "a": true});
        assert_eq!(
            caller_headers(two_bad).map_err(ours),
            Err((
                "headers".to_string(),
                "headers is not valid: invalid type: boolean `true`, expected a string."
                    .to_string()
            ))
        );
    }

    #[test]
    fn splits_urls() {
        let split = |u| {
            let (a, b) = split_url(u);
            (a.to_string(), b)
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            split("https://aia.example.com/clients/acme/aia?x=1#f"),
            pair("https://aia.example.com", "/clients/acme/aia?x=1")
        );
        assert_eq!(
            split("http://127.0.0.1:9/"),
            pair("http://127.0.0.1:9", "/")
        );
        assert_eq!(split("https://h.example"), pair("https://h.example", "/"));
        assert_eq!(
            split("https://h.example?x"),
            pair("https://h.example", "/?x")
        );
    }
}
