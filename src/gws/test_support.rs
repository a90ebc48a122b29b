//! Host-test helpers for the GWS modules: a scripted GWS over the scripted transport.
use super::session::{GwsCredentials, GwsSession};
use crate::client::{BaseUrl, CallOptions, Pipeline, RetryOptions};
use crate::http::{HttpRequest, HttpResponse};
use crate::testing::{run, Reply, ScriptedTransport, VirtualClock, VirtualRuntime};
use serde_json::Value;
use std::rc::Rc;

pub const NONE: CallOptions = CallOptions {
    timeout_ms: None,
    cancel: None,
};

pub fn pipeline(
    clock: &Rc<VirtualClock>,
    handler: impl FnMut(&HttpRequest) -> Reply + 'static,
) -> (Pipeline, Rc<ScriptedTransport>) {
    let transport = ScriptedTransport::new(clock, handler);
    let p = Pipeline {
        base: BaseUrl::parse("https://gws.test", "baseUrl").unwrap(),
        timeout_ms: 1000,
        retry: RetryOptions::default(),
        transport: transport.clone(),
        runtime: Rc::new(VirtualRuntime(clock.clone())),
        logger: None,
    };
    (p, transport)
}

pub fn creds() -> GwsCredentials {
    GwsCredentials {
        username: "supervisor1".into(),
        password: "s3cret!".into(),
    }
}

/// `Basic base64("supervisor1:s3cret!")`.
pub const BASIC: &str = "Basic c3VwZXJ2aXNvcjE6czNjcmV0IQ==";

pub const ME: &str = r#"{"statusCode":0,"user":{"id":"991a4bece8dd","userName":"supervisor1","firstName":"Sue","roles":["ROLE_SUPERVISOR"]}}"#;

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

pub fn body_of(r: &HttpRequest) -> Value {
    r.body
        .as_deref()
        .map(|b| serde_json::from_str(b).unwrap())
        .unwrap_or(Value::Null)
}

/// The answer to `GET /api/v2/me`: the user, a session cookie and a CSRF token.
pub fn me_reply(session: &str, token: &str) -> Reply {
    Reply::Respond(
        HttpResponse::new(200, ME)
            .with_header("content-type", "application/json")
            .with_header(
                "set-cookie",
                &format!("JSESSIONID={session}; Path=/; HttpOnly"),
            )
            .with_header("X-CSRF-HEADER", "X-CSRF-TOKEN")
            .with_header("X-CSRF-TOKEN", token),
    )
}

/// A GWS that answers `GET /me` with session S1 / token T1 and everything else with `other`.
pub fn connected(
    other: impl FnMut(&HttpRequest) -> Reply + 'static,
) -> (Rc<VirtualClock>, Rc<GwsSession>, Rc<ScriptedTransport>) {
    let clock = VirtualClock::new();
    let mut other = other;
    let (p, t) = pipeline(&clock, move |r| {
        if path_of(r) == "/api/v2/me" && r.method == crate::http::Method::Get {
            me_reply("S1", "T1")
        } else {
            other(r)
        }
    });
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    (clock, s, t)
}
