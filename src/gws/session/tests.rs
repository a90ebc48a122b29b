use super::*;
use crate::gws::test_support::*;
use crate::http::HttpRequest;
use crate::testing::{json as reply_json, run, Reply, ScriptedTransport, VirtualClock};
use futures_util::future::join_all;
use std::cell::{Cell, RefCell};

#[test]
fn connect_reads_me_with_basic_auth_and_keeps_cookie_and_token() {
    let (_clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    let reqs = t.requests.borrow();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, Method::Get);
    assert_eq!(reqs[0].url, "https://gws.test/api/v2/me");
    assert_eq!(header(&reqs[0], "Authorization"), Some(BASIC));
    assert_eq!(header(&reqs[0], "Cookie"), None);
    assert_eq!(header(&reqs[0], "X-CSRF-TOKEN"), None);
    assert!(
        reqs[0].with_credentials,
        "browsers must send and keep the session cookie"
    );
    let user = s.user();
    assert_eq!(user.id.as_deref(), Some("991a4bece8dd"));
    assert_eq!(user.user_name.as_deref(), Some("supervisor1"));
    assert_eq!(
        user.extra.get("roles"),
        Some(&serde_json::json!(["ROLE_SUPERVISOR"]))
    );
    let shown = format!("{s:?}");
    assert!(
        shown.contains("JSESSIONID") && shown.contains("X-CSRF-TOKEN"),
        "{shown}"
    );
    for secret in ["s3cret", "c3VwZXJ2aXNvcjE6czNjcmV0IQ", "S1", "T1"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let (auth, jar) = s.notification_auth().unwrap();
    assert_eq!(auth, ("Authorization".to_string(), BASIC.to_string()));
    assert_eq!(jar.borrow().header().as_deref(), Some("JSESSIONID=S1"));
    assert_eq!(
        s.notifications_url(),
        "https://gws.test/api/v2/notifications"
    );
}

#[test]
fn base_url_may_be_the_server_root_or_end_in_api_v2() {
    let clock = VirtualClock::new();
    let (mut p, t) = pipeline(&clock, |_| reply_json(200, ME));
    p.base = crate::client::BaseUrl::parse("https://gws.test:8090/api/v2/", "baseUrl").unwrap();
    run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    assert_eq!(
        t.requests.borrow()[0].url,
        "https://gws.test:8090/api/v2/me"
    );
}

#[test]
fn basic_auth_is_utf8_base64() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foob"), "Zm9vYg==");
    assert_eq!(base64("é:ü".as_bytes()), "w6k6w7w=");
    let c = GwsCredentials {
        username: "Aladdin".into(),
        password: "open sesame".into(),
    };
    assert_eq!(c.basic().0, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

#[test]
fn refused_login_is_unauthorized_and_bad_credentials_are_never_sent() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| {
        reply_json(
            401,
            r#"{"statusCode":20,"statusMessage":"Bad credentials"}"#,
        )
    });
    let e = run(&clock, GwsSession::connect(p.clone(), creds(), &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert_eq!(e.vendor_code, Some(20));
    assert!(
        e.message.contains("the user is not authenticated"),
        "{}",
        e.message
    );
    for (user, pass, field) in [
        ("", "x", "username"),
        ("a:b", "x", "username"),
        ("a\r\nX-Evil: 1", "x", "username"),
        ("sup", "", "password"),
    ] {
        let c = GwsCredentials {
            username: user.into(),
            password: pass.into(),
        };
        let e = run(&clock, GwsSession::connect(p.clone(), c, &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some(field))
        );
    }
    assert_eq!(t.count(), 1);
    let shown = format!("{:?}", creds());
    assert!(
        shown.contains("supervisor1") && !shown.contains("s3cret"),
        "{shown}"
    );
}

#[test]
fn cookie_is_replayed_and_csrf_goes_only_on_writes() {
    let (clock, s, t) = connected(|r| match r.method {
        Method::Get => reply_json(200, r#"{"statusCode":0,"devices":[]}"#),
        _ => reply_json(200, r#"{"statusCode":0}"#),
    });
    run(&clock, s.devices(&NONE)).unwrap();
    run(&clock, s.end_session(&NONE)).unwrap();
    let reqs = t.requests.borrow();
    let (get, post) = (&reqs[1], &reqs[2]);
    for r in [get, post] {
        assert_eq!(header(r, "Cookie"), Some("JSESSIONID=S1"));
        assert_eq!(header(r, "Authorization"), Some(BASIC));
        assert!(r.with_credentials);
    }
    assert_eq!(header(get, "X-CSRF-TOKEN"), None);
    assert_eq!(header(post, "X-CSRF-TOKEN"), Some("T1"));
    assert_eq!(header(post, "Content-Type"), Some("application/json"));
}

#[test]
fn the_csrf_header_name_comes_from_the_server_and_a_new_token_replaces_the_old() {
    let clock = VirtualClock::new();
    let n = Cell::new(0);
    let (p, t) = pipeline(&clock, move |r| {
        n.set(n.get() + 1);
        if r.method == Method::Get {
            let token = format!("tok{}", n.get());
            Reply::Respond(
                HttpResponse::new(200, ME)
                    .with_header("x-csrf-header", "X-Custom-Csrf")
                    .with_header("x-csrf-token", &token),
            )
        } else {
            reply_json(200, "{}")
        }
    });
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    run(&clock, s.end_session(&NONE)).unwrap();
    run(&clock, s.me(&Default::default(), &NONE)).unwrap();
    run(&clock, s.end_session(&NONE)).unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(header(&reqs[1], "X-Custom-Csrf"), Some("tok1"));
    assert_eq!(header(&reqs[1], "X-CSRF-TOKEN"), None);
    assert_eq!(header(&reqs[3], "X-Custom-Csrf"), Some("tok3"));
    assert_eq!(
        header(&reqs[0], "Cookie"),
        None,
        "no cookie was set: none is sent"
    );
}

/// A scripted GWS with sessions: `GET /me` opens S1, S2 … (token T1, T2 …); a request with a
/// session in `lost`, or a write with the wrong token, is refused as `refusal` says.
struct Gws {
    next: Cell<u32>,
    lost: RefCell<Vec<String>>,
    tokens: RefCell<Vec<(String, String)>>,
}

fn platform(
    clock: &Rc<VirtualClock>,
    me_delay: u32,
    refusal: fn(&Gws, &HttpRequest) -> Option<Reply>,
) -> (Pipeline, Rc<ScriptedTransport>, Rc<Gws>) {
    let gws = Rc::new(Gws {
        next: Cell::new(0),
        lost: RefCell::new(Vec::new()),
        tokens: RefCell::new(Vec::new()),
    });
    let g = gws.clone();
    let (p, t) = pipeline(clock, move |r| {
        if path_of(r) == "/api/v2/me" && r.method == Method::Get {
            g.next.set(g.next.get() + 1);
            let (sid, tok) = (format!("S{}", g.next.get()), format!("T{}", g.next.get()));
            g.tokens.borrow_mut().push((sid.clone(), tok.clone()));
            let Reply::Respond(resp) = me_reply(&sid, &tok) else {
                unreachable!()
            };
            return Reply::After(me_delay, Box::new(Reply::Respond(resp)));
        }
        // Answers take a little time, so that concurrent calls are all in flight together.
        if let Some(refused) = refusal(&g, r) {
            return Reply::After(5, Box::new(refused));
        }
        reply_json(200, r#"{"statusCode":0,"devices":[]}"#)
    });
    (p, t, gws)
}

fn reads(t: &ScriptedTransport) -> usize {
    t.requests
        .borrow()
        .iter()
        .filter(|r| r.method == Method::Get && path_of(r) == "/api/v2/me")
        .count()
}

fn session_of(r: &HttpRequest) -> String {
    header(r, "Cookie")
        .and_then(|c| c.strip_prefix("JSESSIONID="))
        .unwrap_or_default()
        .to_string()
}

fn csrf_refusal(g: &Gws, r: &HttpRequest) -> Option<Reply> {
    let sid = session_of(r);
    let want = g
        .tokens
        .borrow()
        .iter()
        .find(|(s, _)| *s == sid)
        .map(|(_, t)| t.clone());
    let stale = g.lost.borrow().contains(&sid);
    if r.method != Method::Get && (stale || header(r, "X-CSRF-TOKEN").map(str::to_string) != want) {
        return Some(reply_json(
            403,
            r#"{"statusCode":3,"statusMessage":"Missing or invalid Csrf token"}"#,
        ));
    }
    None
}

fn lost_session(g: &Gws, r: &HttpRequest) -> Option<Reply> {
    if g.lost.borrow().contains(&session_of(r)) {
        return Some(Reply::Respond(HttpResponse::new(401, "")));
    }
    None
}

#[test]
fn one_reread_for_many_writes_refused_for_csrf_then_each_retried_once() {
    let clock = VirtualClock::new();
    let (p, t, gws) = platform(&clock, 30, csrf_refusal);
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    gws.lost.borrow_mut().push("S1".into());
    let calls = (0..5).map(|_| {
        let s = s.clone();
        async move { s.end_session(&NONE).await }
    });
    let results = run(&clock, join_all(calls));
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    let reqs = t.requests.borrow();
    let reads = reqs.iter().filter(|r| r.method == Method::Get).count();
    assert_eq!(reads, 2, "connect + one re-read: {:?}", t.paths());
    assert_eq!(reqs.len(), 1 + 5 + 1 + 5);
    let renewal = &reqs[6];
    assert_eq!(renewal.method, Method::Get);
    assert_eq!(
        header(renewal, "Cookie"),
        None,
        "the re-read starts a new HTTP session"
    );
    for retry in &reqs[7..] {
        assert_eq!(header(retry, "Cookie"), Some("JSESSIONID=S2"));
        assert_eq!(header(retry, "X-CSRF-TOKEN"), Some("T2"));
    }
    drop(reqs);
    // later calls go out with the new session at once
    run(&clock, s.end_session(&NONE)).unwrap();
    assert_eq!(t.count(), 13);
}

#[test]
fn a_lost_session_is_read_again_for_reads_and_writes() {
    let clock = VirtualClock::new();
    let (p, t, gws) = platform(&clock, 10, lost_session);
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    gws.lost.borrow_mut().push("S1".into());
    let results = run(
        &clock,
        futures_util::future::join(s.devices(&NONE), s.end_session(&NONE)),
    );
    assert!(results.0.is_ok() && results.1.is_ok(), "{results:?}");
    assert_eq!(reads(&t), 2, "{:?}", t.paths());
    assert_eq!(t.count(), 1 + 2 + 1 + 2);
    // a call made while the session is being read again waits for it
    gws.lost.borrow_mut().push("S2".into());
    let (a, b) = run(
        &clock,
        futures_util::future::join(s.devices(&NONE), async {
            crate::http::Runtime::sleep(&crate::testing::VirtualRuntime(clock.clone()), 7).await;
            s.end_session(&NONE).await
        }),
    );
    assert!(a.is_ok() && b.is_ok());
    let reqs = t.requests.borrow();
    let late = reqs.last().unwrap();
    assert_eq!(
        (late.method, header(late, "Cookie")),
        (Method::Post, Some("JSESSIONID=S3"))
    );
    assert_eq!(reqs.len(), 6 + 3 + 1);
}

#[test]
fn a_403_that_is_a_role_refusal_is_not_retried() {
    let (clock, s, t) =
        connected(|_| reply_json(403, r#"{"statusCode":5,"statusMessage":"No permission"}"#));
    let e = run(&clock, s.end_session(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(e.vendor_code, Some(5));
    assert!(
        e.message.contains("the user does not have permission"),
        "{}",
        e.message
    );
    assert_eq!(t.count(), 2);
    // and a 403 on a read is never a CSRF problem
    let (clock, s, t) = connected(|_| Reply::Respond(HttpResponse::new(403, "Forbidden")));
    let e = run(&clock, s.devices(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(t.count(), 2);
}

#[test]
fn a_csrf_token_refused_again_is_forbidden_with_advice_and_no_loop() {
    let (clock, s, t) = connected(|_| {
        Reply::Respond(HttpResponse::new(
            403,
            "<html>Missing or invalid Csrf token</html>",
        ))
    });
    let e = run(&clock, s.end_session(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("X-CSRF-TOKEN"), "{}", e.message);
    assert_eq!(t.count(), 1 + 1 + 1 + 1, "{:?}", t.paths());
}

#[test]
fn a_failed_reread_rejects_every_waiting_call_with_session_expired() {
    let clock = VirtualClock::new();
    let connects = Cell::new(0);
    let (p, t) = pipeline(&clock, move |r| {
        if r.method == Method::Get {
            connects.set(connects.get() + 1);
            if connects.get() == 1 {
                return me_reply("S1", "T1");
            }
            return Reply::After(
                10,
                Box::new(reply_json(
                    401,
                    r#"{"statusCode":20,"statusMessage":"Password changed"}"#,
                )),
            );
        }
        Reply::Respond(HttpResponse::new(401, ""))
    });
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    let calls = (0..3).map(|_| {
        let s = s.clone();
        async move { s.end_session(&NONE).await }
    });
    for r in run(&clock, join_all(calls)) {
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::SessionExpired);
        assert_eq!(e.vendor_message.as_deref(), Some("Password changed"));
    }
    assert_eq!(reads(&t), 2);
}

#[test]
fn a_status_code_other_than_0_is_a_vendor_error_even_with_http_200() {
    let (clock, s, _t) = connected(|_| {
        reply_json(
            200,
            r#"{"statusCode":2,"statusMessage":"Agent is already logged in"}"#,
        )
    });
    let e = run(
        &clock,
        s.start_session(
            &StartSessionOptions {
                channels: vec!["voice".into()],
                ..Default::default()
            },
            &NONE,
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::VendorError);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.vendor_code, Some(2));
    assert_eq!(
        e.vendor_message.as_deref(),
        Some("Agent is already logged in")
    );
    assert!(
        e.message.contains("StartContactCenterSession"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("not valid in the current state"),
        "{}",
        e.message
    );
    // a string statusCode too, and HTTP 400 with a statusCode
    let (clock, s, _t) = connected(|_| {
        reply_json(
            400,
            r#"{"statusCode":"1","statusMessage":"channels missing"}"#,
        )
    });
    let e = run(&clock, s.end_session(&NONE)).unwrap_err();
    assert_eq!(
        (e.code, e.vendor_code, e.status),
        (ErrorCode::VendorError, Some(1), Some(400))
    );
    assert!(
        e.message.contains("a required parameter is missing"),
        "{}",
        e.message
    );
}

#[test]
fn me_devices_and_contact_center_session() {
    let (clock, s, t) = connected(|r| match (r.method, path_of(r)) {
        (Method::Get, p) if p.starts_with("/api/v2/me?") => reply_json(
            200,
            r#"{"statusCode":0,"user":{"id":"U1","devices":[{"id":"D1"}]}}"#,
        ),
        (Method::Get, "/api/v2/me/devices?fields=*") => reply_json(
            200,
            r#"{"statusCode":0,"devices":[{"id":"efe1ab32","deviceState":"Active","phoneNumber":"5005","capabilities":["ListenIn"],"doNotDisturb":"On"}]}"#,
        ),
        _ => reply_json(200, r#"{"statusCode":0}"#),
    });
    let me = run(
        &clock,
        s.me(
            &MeOptions {
                subresources: Some(Subresources::Many(vec![
                    "devices".into(),
                    "channels".into(),
                ])),
            },
            &NONE,
        ),
    )
    .unwrap();
    assert_eq!(me.id.as_deref(), Some("U1"));
    assert!(me.extra.contains_key("devices"));
    let devices = run(&clock, s.devices(&NONE)).unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id, "efe1ab32");
    assert_eq!(devices[0].capabilities, vec!["ListenIn".to_string()]);
    run(
        &clock,
        s.start_session(
            &StartSessionOptions {
                channels: vec!["voice".into(), "chat".into()],
                place: Some("Place_5005".into()),
                login_code: None,
                queue: Some(String::new()),
            },
            &NONE,
        ),
    )
    .unwrap();
    run(&clock, s.end_session(&NONE)).unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(
        path_of(&reqs[1]),
        "/api/v2/me?subresources=devices%2Cchannels"
    );
    assert_eq!(
        (reqs[3].method, path_of(&reqs[3])),
        (Method::Post, "/api/v2/me")
    );
    assert_eq!(
        body_of(&reqs[3]),
        serde_json::json!({"operationName":"StartContactCenterSession","channels":["voice","chat"],"place":"Place_5005"})
    );
    assert_eq!(
        body_of(&reqs[4]),
        serde_json::json!({"operationName":"EndContactCenterSession"})
    );
}

#[test]
fn bad_input_is_rejected_before_sending() {
    let (clock, s, t) = connected(|_| reply_json(200, "{}"));
    let e = run(
        &clock,
        s.start_session(&StartSessionOptions::default(), &NONE),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("channels"));
    let opts = StartSessionOptions {
        channels: vec!["voice".into()],
        place: Some("a\nb".into()),
        ..Default::default()
    };
    let e = run(&clock, s.start_session(&opts, &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("place"));
    let e = run(
        &clock,
        s.me(
            &MeOptions {
                subresources: Some(Subresources::Many(vec![])),
            },
            &NONE,
        ),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("subresources"));
    assert_eq!(t.count(), 1);
}

#[test]
fn close_forgets_everything_and_later_calls_are_invalid_state() {
    let (clock, s, t) = connected(|_| reply_json(200, "{}"));
    s.close();
    assert!(s.is_closed());
    let e = run(&clock, s.devices(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    let e = run(&clock, s.end_session(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert_eq!(
        s.notification_auth().unwrap_err().code,
        ErrorCode::InvalidState
    );
    assert_eq!(t.count(), 1);
    let shown = format!("{s:?}");
    assert!(
        !shown.contains("JSESSIONID") && !shown.contains("supervisor1"),
        "{shown}"
    );
}

#[test]
fn the_logger_never_sees_credentials_cookies_or_tokens() {
    let clock = VirtualClock::new();
    let (mut p, _t, gws) = platform(&clock, 0, csrf_refusal);
    let events = Rc::new(RefCell::new(Vec::<crate::client::LogEvent>::new()));
    let ev = events.clone();
    p.logger = Some(Rc::new(move |e: &crate::client::LogEvent| {
        ev.borrow_mut().push(e.clone())
    }));
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    gws.lost.borrow_mut().push("S1".into());
    run(&clock, s.end_session(&NONE)).unwrap();
    let all = format!("{:?}", events.borrow());
    for secret in [
        "s3cret",
        "c3VwZXJ2aXNvcjE6",
        "JSESSIONID",
        "T1",
        "T2",
        "S1",
        "S2",
    ] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
    assert!(events
        .borrow()
        .iter()
        .any(|e| e.level == LogLevel::Warn && e.status.is_none()));
}

#[test]
fn an_aborted_call_waiting_for_the_reread_rejects_with_aborted() {
    let clock = VirtualClock::new();
    let (p, _t, gws) = platform(&clock, 500, lost_session);
    let s = run(&clock, GwsSession::connect(p, creds(), &NONE)).unwrap();
    gws.lost.borrow_mut().push("S1".into());
    let cancel = crate::http::CancelToken::new();
    let call = CallOptions {
        timeout_ms: None,
        cancel: Some(cancel.clone()),
    };
    let c2 = cancel.clone();
    let clock2 = clock.clone();
    let (r, ()) = run(
        &clock,
        futures_util::future::join(s.end_session(&call), async move {
            crate::http::Runtime::sleep(&crate::testing::VirtualRuntime(clock2), 100).await;
            c2.cancel();
        }),
    );
    assert_eq!(r.unwrap_err().code, ErrorCode::Aborted);
}

#[test]
fn devices_asks_for_fields_and_reads_a_uris_reply_device_by_device() {
    // Without `fields=*` GWS answers the collection as URIs (Web Services API: Request
    // Parameters); a server that does so anyway has each device read on this client's server.
    let (clock, s, t) = connected(|r| match path_of(r) {
        "/api/v2/me/devices?fields=*" => reply_json(
            200,
            r#"{"statusCode":"0","uris":["http://10.0.0.7:8080/api/v2/devices/efe1ab32","http://10.0.0.7:8080/api/v2/devices/9c14cad7/"]}"#,
        ),
        "/api/v2/devices/efe1ab32" => reply_json(
            200,
            r#"{"statusCode":0,"device":{"id":"efe1ab32","phoneNumber":"5005","supervisorMonitoringState":"ListenIn","supervisorMonitoringMode":"NextCall","supervisorMonitoringScope":"Agent"}}"#,
        ),
        "/api/v2/devices/9c14cad7" => reply_json(
            200,
            r#"{"statusCode":0,"device":{"id":"9c14cad7","phoneNumber":"5001"}}"#,
        ),
        _ => reply_json(404, r#"{"statusCode":6,"statusMessage":"no"}"#),
    });
    let devices = run(&clock, s.devices(&NONE)).unwrap();
    let ids: Vec<&str> = devices.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["efe1ab32", "9c14cad7"]);
    let sms = devices[0].supervisor_monitoring_state.as_ref().unwrap();
    assert_eq!(
        (
            sms.state.as_deref(),
            sms.mode.as_deref(),
            sms.scope.as_deref()
        ),
        (Some("ListenIn"), Some("NextCall"), Some("Agent"))
    );
    assert!(!devices[0].extra.contains_key("supervisorMonitoringMode"));
    let reqs = t.requests.borrow();
    let urls: Vec<&str> = reqs[1..].iter().map(|r| r.url.as_str()).collect();
    // never to the host named in the URIs: the credentials stay on the session's server
    assert_eq!(
        urls,
        [
            "https://gws.test/api/v2/me/devices?fields=*",
            "https://gws.test/api/v2/devices/efe1ab32",
            "https://gws.test/api/v2/devices/9c14cad7",
        ]
    );
}

#[test]
fn devices_rejects_uris_that_name_no_device_and_reads_an_empty_reply() {
    let (clock, s, _t) = connected(|_| {
        reply_json(
            200,
            r#"{"statusCode":0,"uris":["http://gws/api/v2/users/u1"]}"#,
        )
    });
    let e = run(&clock, s.devices(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse);
    let (clock, s, _t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    assert_eq!(run(&clock, s.devices(&NONE)).unwrap(), vec![]);
    let (clock, s, _t) = connected(|_| reply_json(200, r#"{"statusCode":0,"uris":"x"}"#));
    assert_eq!(
        run(&clock, s.devices(&NONE)).unwrap_err().code,
        ErrorCode::BadResponse
    );
    assert_eq!(device_id_of("/devices/abc?x=1").as_deref(), Some("abc"));
    assert_eq!(device_id_of("http://h/api/v2/devices/"), None);
}

fn start(reply: &'static str) -> Result<crate::gws::model::StartSessionResult> {
    let (clock, s, _t) = connected(move |_| reply_json(200, reply));
    run(
        &clock,
        s.start_session(
            &StartSessionOptions {
                channels: vec!["voice".into(), "chat".into()],
                ..StartSessionOptions::default()
            },
            &NONE,
        ),
    )
}

#[test]
fn start_session_resolves_per_channel_on_partial_success() {
    // StartContactCenterSession: voice logged in, chat not (statusCode 7).
    let r = start(
        r#"{"statusCode":7,"statusMessage":"Partial success","voice":{"statusCode":0},"chat":{"statusCode":4,"statusMessage":"Interaction Server is out of service"}}"#,
    )
    .unwrap();
    assert!(r.partial);
    assert_eq!(r.status_message.as_deref(), Some("Partial success"));
    assert_eq!(r.channels.len(), 2);
    assert_eq!(
        (r.channels[0].channel.as_str(), r.channels[0].logged_in),
        ("voice", Some(true))
    );
    assert_eq!(
        (
            r.channels[1].logged_in,
            r.channels[1].status_code,
            r.channels[1].status_message.as_deref()
        ),
        (
            Some(false),
            Some(4),
            Some("Interaction Server is out of service")
        )
    );
    // the same as a list, with string codes
    let r = start(
        r#"{"statusCode":"7","channels":[{"channel":"chat","statusCode":"6","statusMessage":"no chat"},{"channel":"voice","statusCode":"0"}]}"#,
    )
    .unwrap();
    assert!(r.partial);
    assert_eq!(r.channels[0].logged_in, Some(true));
    assert_eq!(r.channels[1].status_code, Some(6));
    // a partial success that does not say which channel failed: unknown, not guessed
    let r = start(r#"{"statusCode":7,"statusMessage":"chat failed"}"#).unwrap();
    assert!(r.channels.iter().all(|c| c.logged_in.is_none()));
    // full success, statusCode as a number or a string
    for reply in [r#"{"statusCode":0}"#, r#"{"statusCode":"0"}"#, ""] {
        let r = start(reply).unwrap();
        assert!(!r.partial);
        assert!(r.channels.iter().all(|c| c.logged_in == Some(true)));
    }
    // every channel failed: one error code, a rejection
    let e = start(r#"{"statusCode":4,"statusMessage":"down"}"#).unwrap_err();
    assert_eq!((e.code, e.vendor_code), (ErrorCode::VendorError, Some(4)));
}

#[test]
fn a_string_status_code_reads_like_a_number_everywhere() {
    let (clock, s, _t) = connected(|r| match path_of(r) {
        "/api/v2/me/devices?fields=*" => {
            reply_json(200, r#"{"statusCode":"0","devices":[{"id":"D1"}]}"#)
        }
        _ => reply_json(200, r#"{"statusCode":"0"}"#),
    });
    assert_eq!(run(&clock, s.devices(&NONE)).unwrap()[0].id, "D1");
    run(&clock, s.end_session(&NONE)).unwrap();
}
