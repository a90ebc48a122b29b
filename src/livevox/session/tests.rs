use super::*;
use crate::livevox::test_support::{creds, header, path_of, pipeline};
use crate::testing::{json, run, Reply, VirtualClock};
use futures_util::future::join_all;
use std::cell::{Cell, RefCell};

const LOGIN_OK: &str =
    r#"{"sessionId":"S1","clientId":1001,"userId":"5001","daysUntilPasswordExpires":42}"#;

#[test]
fn login_sends_lv_access_and_the_documented_body() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(200, LOGIN_OK));
    let s = run(&clock, Session::login(p, creds(), &CallOptions::default())).unwrap();
    let info = s.info();
    assert_eq!(info.session_id, "S1");
    assert_eq!((info.client_id, info.user_id), (Some(1001), Some(5001)));
    assert_eq!(info.days_until_password_expires, Some(42));
    let reqs = t.requests.borrow();
    assert_eq!(path_of(&reqs[0]), "/session/login");
    assert_eq!(header(&reqs[0], "LV-Access"), Some("tok"));
    assert_eq!(header(&reqs[0], "LV-Session"), None);
    assert_eq!(
        reqs[0].body.as_deref(),
        Some(r#"{"clientName":"ACME","userName":"supervisor","password":"s3cret","agent":false}"#)
    );
}

#[test]
fn bad_credentials_are_unauthorized_and_bad_input_is_never_sent() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| {
        json(401, r#"{"code":401,"message":"Invalid login"}"#)
    });
    let e = run(
        &clock,
        Session::login(p.clone(), creds(), &CallOptions::default()),
    )
    .err()
    .unwrap();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert_eq!(e.vendor_message.as_deref(), Some("Invalid login"));
    let mut c = creds();
    c.access_token = "tok\r\nX: 1".into();
    let e = run(
        &clock,
        Session::login(p.clone(), c, &CallOptions::default()),
    )
    .err()
    .unwrap();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidArgument, Some("accessToken"))
    );
    let mut c = creds();
    c.password = String::new();
    let e = run(&clock, Session::login(p, c, &CallOptions::default()))
        .err()
        .unwrap();
    assert_eq!(e.field.as_deref(), Some("password"));
    assert_eq!(t.count(), 1);
}

#[test]
fn login_without_session_id_is_a_bad_response() {
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| json(200, r#"{"sessionId":""}"#));
    let e = run(&clock, Session::login(p, creds(), &CallOptions::default()))
        .err()
        .unwrap();
    assert_eq!(e.code, ErrorCode::BadResponse);
}

#[test]
fn calls_send_lv_session_and_not_lv_access() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(200, "{}"));
    let s = Session::resume(p, "SID", None).unwrap();
    run(
        &clock,
        s.send(ApiRequest::new(Method::Get, "/x"), &CallOptions::default()),
    )
    .unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(header(&reqs[0], "LV-Session"), Some("SID"));
    assert_eq!(header(&reqs[0], "LV-Access"), None);
}

#[test]
fn resume_rejects_bad_ids() {
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| json(200, "{}"));
    for bad in ["", "  ", "a\nb"] {
        let e = Session::resume(p.clone(), bad, None).err().unwrap();
        assert_eq!(e.field.as_deref(), Some("sessionId"));
    }
}

#[test]
fn validate_and_logout() {
    let clock = VirtualClock::new();
    let valid = Rc::new(Cell::new(true));
    let v = valid.clone();
    let (p, t) = pipeline(&clock, move |r| match (r.method, v.get()) {
        (Method::Get, true) => json(200, "{}"),
        (Method::Get, false) => json(404, r#"{"code":404,"message":"no"}"#),
        _ => Reply::Respond(crate::http::HttpResponse::new(204, "")),
    });
    let s = Session::resume(p, "S/1", Some(creds())).unwrap();
    assert!(s.can_renew());
    assert!(run(&clock, s.validate(&CallOptions::default())).unwrap());
    valid.set(false);
    assert!(!run(&clock, s.validate(&CallOptions::default())).unwrap());
    run(&clock, s.logout(&CallOptions::default())).unwrap();
    assert!(!s.can_renew(), "logout forgets the credentials");
    let shown = format!(
        "{:?} {:?}",
        s.info(),
        SessionEvent::Renewed {
            session_id: "S/1".into()
        }
    );
    assert!(
        !shown.contains("S/1"),
        "no session id in Debug output: {shown}"
    );
    {
        let reqs = t.requests.borrow();
        assert_eq!(path_of(&reqs[0]), "/session/validate/S%2F1");
        assert_eq!(header(&reqs[0], "LV-Session"), None);
        assert_eq!(reqs[2].method, Method::Delete);
        assert_eq!(path_of(&reqs[2]), "/session/logout/S%2F1");
    }
    let e = run(
        &clock,
        s.send(ApiRequest::new(Method::Get, "/x"), &CallOptions::default()),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert_eq!(t.count(), 3);
}

/// A scripted LiveVox: sessions listed in `live` are valid; login issues S2, S3, ...
fn platform(
    clock: &Rc<VirtualClock>,
    login_delay: u32,
) -> (
    Pipeline,
    Rc<crate::testing::ScriptedTransport>,
    Rc<RefCell<Vec<String>>>,
) {
    let live = Rc::new(RefCell::new(vec!["S2-never".to_string()]));
    let l = live.clone();
    let n = Cell::new(1);
    let (p, t) = pipeline(clock, move |r| {
        if path_of(r) == "/session/login" {
            n.set(n.get() + 1);
            let id = format!("S{}", n.get());
            l.borrow_mut().push(id.clone());
            return Reply::After(
                login_delay,
                Box::new(json(200, &format!(r#"{{"sessionId":"{id}"}}"#))),
            );
        }
        let sid = header(r, "LV-Session").unwrap_or_default().to_string();
        if l.borrow().contains(&sid) {
            json(200, r#"{"ok":true}"#)
        } else {
            json(401, r#"{"code":401,"message":"Session expired"}"#)
        }
    });
    (p, t, live)
}

#[test]
fn one_relogin_for_many_concurrent_calls() {
    let clock = VirtualClock::new();
    let (p, t, _live) = platform(&clock, 30);
    let s = Session::resume(p, "S1-expired", Some(creds())).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let ev = events.clone();
    s.events().subscribe(Rc::new(move |e: &SessionEvent| {
        ev.borrow_mut().push(e.clone())
    }));
    let calls = (0..5).map(|i| {
        let s = s.clone();
        async move {
            s.send(
                ApiRequest::new(Method::Post, format!("/c/{i}")),
                &CallOptions::default(),
            )
            .await
        }
    });
    let results = run(&clock, join_all(calls));
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    let logins = t.paths().iter().filter(|p| *p == "/session/login").count();
    assert_eq!(logins, 1, "{:?}", t.paths());
    // The first call's 401 starts the renewal; the other four see it running and wait for it
    // instead of going out with the old id: one 401, one login, five calls.
    assert_eq!(t.count(), 1 + 1 + 5);
    assert_eq!(
        *events.borrow(),
        vec![SessionEvent::Renewed {
            session_id: "S2".into()
        }]
    );
    assert_eq!(s.info().session_id, "S2");
    // a later call uses the new session at once
    run(
        &clock,
        s.send(
            ApiRequest::new(Method::Get, "/later"),
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(t.count(), 8);
}

#[test]
fn no_credentials_means_session_expired_and_one_event() {
    let clock = VirtualClock::new();
    let (p, t, _live) = platform(&clock, 0);
    let s = Session::resume(p, "S1-expired", None).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let ev = events.clone();
    s.events().subscribe(Rc::new(move |e: &SessionEvent| {
        ev.borrow_mut().push(e.clone())
    }));
    for _ in 0..2 {
        let e = run(
            &clock,
            s.send(ApiRequest::new(Method::Post, "/c"), &CallOptions::default()),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::SessionExpired);
    }
    assert_eq!(t.count(), 2);
    assert_eq!(events.borrow().len(), 1);
    assert!(matches!(events.borrow()[0], SessionEvent::Expired { .. }));
}

#[test]
fn failed_relogin_rejects_every_waiting_call_with_session_expired() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |r| {
        if path_of(r) == "/session/login" {
            Reply::After(
                10,
                Box::new(json(401, r#"{"code":401,"message":"Password expired"}"#)),
            )
        } else {
            json(401, r#"{"code":401,"message":"Session expired"}"#)
        }
    });
    let s = Session::resume(p, "S1", Some(creds())).unwrap();
    let expired = Rc::new(Cell::new(0));
    let ex = expired.clone();
    s.events().subscribe(Rc::new(move |e: &SessionEvent| {
        if matches!(e, SessionEvent::Expired { .. }) {
            ex.set(ex.get() + 1)
        }
    }));
    let calls = (0..3).map(|_| {
        let s = s.clone();
        async move {
            s.send(ApiRequest::new(Method::Post, "/c"), &CallOptions::default())
                .await
        }
    });
    let results = run(&clock, join_all(calls));
    for r in &results {
        let e = r.as_ref().unwrap_err();
        assert_eq!(e.code, ErrorCode::SessionExpired);
        assert_eq!(e.vendor_message.as_deref(), Some("Password expired"));
    }
    assert_eq!(
        t.paths().iter().filter(|p| *p == "/session/login").count(),
        1
    );
    assert_eq!(expired.get(), 1);
}

#[test]
fn a_renewed_session_refused_again_is_not_renewed_in_a_loop() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |r| {
        if path_of(r) == "/session/login" {
            json(200, r#"{"sessionId":"S9"}"#)
        } else {
            json(401, "{}")
        }
    });
    let s = Session::resume(p, "S1", Some(creds())).unwrap();
    let e = run(
        &clock,
        s.send(ApiRequest::new(Method::Post, "/c"), &CallOptions::default()),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::SessionExpired);
    assert_eq!(t.count(), 3);
}

#[test]
fn credentials_debug_hides_secrets() {
    let text = format!("{:?}", creds());
    assert!(!text.contains("s3cret") && !text.contains("tok"), "{text}");
}

#[test]
fn renewal_is_logged_as_a_warning_without_secrets() {
    let clock = VirtualClock::new();
    let (mut p, _t, _live) = platform(&clock, 0);
    let events = Rc::new(RefCell::new(Vec::<crate::client::LogEvent>::new()));
    let ev = events.clone();
    p.logger = Some(Rc::new(move |e: &crate::client::LogEvent| {
        ev.borrow_mut().push(e.clone())
    }));
    let s = Session::resume(p, "S1-expired", Some(creds())).unwrap();
    run(
        &clock,
        s.send(ApiRequest::new(Method::Get, "/x"), &CallOptions::default()),
    )
    .unwrap();
    let levels: Vec<_> = events
        .borrow()
        .iter()
        .map(|e| (e.level, e.status))
        .collect();
    use crate::client::LogLevel::*;
    assert_eq!(
        levels,
        vec![
            (Warn, Some(401)),
            (Debug, Some(200)),
            (Warn, None),
            (Debug, Some(200))
        ]
    );
    let all = format!("{:?}", events.borrow());
    assert!(
        !all.contains("s3cret") && !all.contains("S2") && !all.contains("tok\""),
        "{all}"
    );
}

#[test]
fn api_version_goes_after_the_category_of_every_path() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(200, LOGIN_OK));
    let v = ApiVersion::parse("v6.0").unwrap();
    let s = run(
        &clock,
        Session::login_with(p, creds(), Some(v), &CallOptions::default()),
    )
    .unwrap();
    run(
        &clock,
        s.send(
            ApiRequest::new(Method::Post, "/callControl/agent/status"),
            &CallOptions::default(),
        ),
    )
    .unwrap();
    run(&clock, s.validate(&CallOptions::default())).unwrap();
    run(&clock, s.logout(&CallOptions::default())).unwrap();
    assert_eq!(
        t.paths(),
        [
            "/session/v6.0/login",
            "/callControl/v6.0/agent/status",
            "/session/v6.0/validate/S1",
            "/session/v6.0/logout/S1",
        ]
    );
    assert_eq!(
        ApiVersion::parse("v5")
            .unwrap()
            .apply("/contact/contacts/A%201"),
        "/contact/v5/contacts/A%201"
    );
    for bad in ["6.0", "v", "v6.", "v6.0.1", "V6.0", "v6.0/", "v6 .0", ""] {
        let e = ApiVersion::parse(bad).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("apiVersion")),
            "{bad:?}"
        );
    }
}

#[test]
fn close_forgets_the_session_without_a_request() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(200, "{}"));
    let s = Session::resume(p, "S1", Some(creds())).unwrap();
    s.close();
    assert!(!s.can_renew());
    let e = run(
        &clock,
        s.send(ApiRequest::new(Method::Get, "/x"), &CallOptions::default()),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    let e = run(&clock, s.logout(&CallOptions::default())).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert_eq!(t.count(), 0, "close sends nothing");
}

#[test]
fn renew_session_is_asked_once_for_twenty_waiting_calls() {
    let clock = VirtualClock::new();
    let (p, t, live) = platform(&clock, 0);
    let asked = Rc::new(Cell::new(0));
    let a = asked.clone();
    let l = live.clone();
    let runtime = p.runtime.clone();
    let renew: RenewSession = Rc::new(move || {
        a.set(a.get() + 1);
        l.borrow_mut().push("FROM-SERVER".into());
        let runtime = runtime.clone();
        Box::pin(async move {
            runtime.sleep(50).await; // the page's own server takes a while
            Ok("FROM-SERVER".to_string())
        })
    });
    let s = Session::resume_with(p, "S1-expired", Renew::Callback(renew), None).unwrap();
    let renewed = Rc::new(Cell::new(0));
    let r = renewed.clone();
    s.events().subscribe(Rc::new(move |e: &SessionEvent| {
        if matches!(e, SessionEvent::Renewed { .. }) {
            r.set(r.get() + 1)
        }
    }));
    let calls = (0..20).map(|i| {
        let s = s.clone();
        async move {
            s.send(
                ApiRequest::new(Method::Post, format!("/c/{i}")),
                &CallOptions::default(),
            )
            .await
        }
    });
    let results = run(&clock, join_all(calls));
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!((asked.get(), renewed.get()), (1, 1));
    assert_eq!(s.info().session_id, "FROM-SERVER");
    assert!(!t.paths().iter().any(|p| p.starts_with("/session/login")));
    let with_new = t
        .requests
        .borrow()
        .iter()
        .filter(|r| header(r, "LV-Session") == Some("FROM-SERVER"))
        .count();
    assert_eq!(with_new, 20);
}

#[test]
fn a_failing_renew_session_is_session_expired_for_every_call() {
    let clock = VirtualClock::new();
    let (p, t, _live) = platform(&clock, 0);
    let asked = Rc::new(Cell::new(0));
    let a = asked.clone();
    let renew: RenewSession = Rc::new(move || {
        a.set(a.get() + 1);
        Box::pin(async { Err(Error::new(ErrorCode::Network, "server down")) })
    });
    let s = Session::resume_with(p, "S1-expired", Renew::Callback(renew), None).unwrap();
    let calls = (0..3).map(|_| {
        let s = s.clone();
        async move {
            s.send(ApiRequest::new(Method::Post, "/c"), &CallOptions::default())
                .await
        }
    });
    for r in run(&clock, join_all(calls)) {
        // A passing failure of the caller's server is reported as it is.
        assert_eq!(r.unwrap_err().code, ErrorCode::Network);
    }
    assert!(asked.get() >= 1);
    let _ = t;
}

#[test]
fn change_password_sends_lv_access_and_both_passwords_without_a_session() {
    let clock = VirtualClock::new();
    let (mut p, t) = pipeline(&clock, |_| json(204, ""));
    let logs = Rc::new(RefCell::new(Vec::<crate::client::LogEvent>::new()));
    let l = logs.clone();
    p.logger = Some(Rc::new(move |e: &crate::client::LogEvent| {
        l.borrow_mut().push(e.clone())
    }));
    run(
        &clock,
        change_password(&p, &creds(), "n3w-Secret", None, &CallOptions::default()),
    )
    .unwrap();
    let v = ApiVersion::parse("v6.0").unwrap();
    run(
        &clock,
        change_password(
            &p,
            &creds(),
            "n3w-Secret",
            Some(&v),
            &CallOptions::default(),
        ),
    )
    .unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(path_of(&reqs[0]), "/session/password");
    assert_eq!(path_of(&reqs[1]), "/session/v6.0/password");
    assert_eq!(reqs[0].method, Method::Post);
    assert_eq!(header(&reqs[0], "LV-Access"), Some("tok"));
    assert_eq!(header(&reqs[0], "LV-Session"), None);
    assert_eq!(
        reqs[0].body.as_deref(),
        Some(
            r#"{"clientName":"ACME","userName":"supervisor","password":"s3cret","newPassword":"n3w-Secret","agent":false}"#
        )
    );
    let logged = format!("{:?}", logs.borrow());
    assert!(!logs.borrow().is_empty());
    assert!(
        !logged.contains("s3cret") && !logged.contains("n3w-Secret"),
        "{logged}"
    );
}

#[test]
fn change_password_checks_its_input_before_sending() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(204, ""));
    let fails = |c: Credentials, new: &str| {
        run(
            &clock,
            change_password(&p, &c, new, None, &CallOptions::default()),
        )
        .unwrap_err()
    };
    let e = fails(creds(), "");
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidArgument, Some("newPassword"))
    );
    let e = fails(creds(), "s3cret");
    assert_eq!(e.field.as_deref(), Some("newPassword"));
    assert!(e.message.contains("differ"), "{}", e.message);
    let mut c = creds();
    c.user_name = "sup\nervisor".into();
    assert_eq!(fails(c, "n3w").field.as_deref(), Some("userName"));
    let mut c = creds();
    c.access_token = "tok\r\nX: 1".into();
    assert_eq!(fails(c, "n3w").field.as_deref(), Some("accessToken"));
    let mut c = creds();
    c.password = String::new();
    assert_eq!(fails(c, "n3w").field.as_deref(), Some("password"));
    assert_eq!(t.count(), 0, "nothing may be sent");
}

#[test]
fn a_refused_old_password_is_unauthorized_not_an_expired_session() {
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| {
        json(401, r#"{"code":401,"message":"Invalid password"}"#)
    });
    let e = run(
        &clock,
        change_password(&p, &creds(), "n3w", None, &CallOptions::default()),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert_eq!(e.vendor_message.as_deref(), Some("Invalid password"));
    assert!(!format!("{:?}", e).contains("s3cret"));
}

#[test]
fn a_password_expiring_within_seven_days_is_a_warning() {
    let info = |d: Option<i64>| SessionInfo {
        days_until_password_expires: d,
        ..SessionInfo::default()
    };
    assert_eq!(info(Some(7)).password_expiring(), Some(7));
    assert_eq!(info(Some(0)).password_expiring(), Some(0));
    assert_eq!(info(Some(-1)).password_expiring(), Some(-1));
    assert_eq!(info(Some(8)).password_expiring(), None);
    assert_eq!(info(None).password_expiring(), None);
    // after login the client knows, so that a listener added later can be told
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| {
        json(200, r#"{"sessionId":"S1","daysUntilPasswordExpires":"3"}"#)
    });
    let s = run(&clock, Session::login(p, creds(), &CallOptions::default())).unwrap();
    assert_eq!(s.info().password_expiring(), Some(3));
}

#[test]
fn a_renewal_login_that_says_the_password_expires_soon_warns_listeners() {
    let clock = VirtualClock::new();
    let logins = Rc::new(Cell::new(0));
    let n = logins.clone();
    let (p, _t) = pipeline(&clock, move |r| {
        if path_of(r) == "/session/login" {
            n.set(n.get() + 1);
            json(200, r#"{"sessionId":"S2","daysUntilPasswordExpires":2}"#)
        } else if header(r, "LV-Session") == Some("S2") {
            json(200, "{}")
        } else {
            json(401, "{}")
        }
    });
    let s = Session::resume(p, "S1", Some(creds())).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let ev = events.clone();
    s.events().subscribe(Rc::new(move |e: &SessionEvent| {
        ev.borrow_mut().push(e.clone())
    }));
    run(
        &clock,
        s.send(ApiRequest::new(Method::Get, "/x"), &CallOptions::default()),
    )
    .unwrap();
    assert_eq!(logins.get(), 1);
    assert_eq!(
        *events.borrow(),
        vec![
            SessionEvent::Renewed {
                session_id: "S2".into()
            },
            SessionEvent::PasswordExpiring {
                days_until_password_expires: 2
            }
        ]
    );
}
