use super::*;
use crate::testing::{json, run, Reply, ScriptedTransport, VirtualClock, VirtualRuntime};
use std::cell::RefCell;
use std::rc::Rc;

fn pipeline(
    clock: &Rc<VirtualClock>,
    handler: impl FnMut(&HttpRequest) -> Reply + 'static,
) -> (Pipeline, Rc<ScriptedTransport>) {
    let transport = ScriptedTransport::new(clock, handler);
    let p = Pipeline {
        base: BaseUrl::parse("https://api.example.com/", "baseUrl").unwrap(),
        timeout_ms: 1000,
        retry: RetryOptions::default(),
        transport: transport.clone(),
        runtime: Rc::new(VirtualRuntime(clock.clone())),
        logger: None,
    };
    (p, transport)
}

fn get(path: &str) -> ApiRequest {
    ApiRequest::new(Method::Get, path)
}

fn post(path: &str) -> ApiRequest {
    ApiRequest::new(Method::Post, path)
}

#[test]
fn url_rules() {
    for ok in [
        "https://api.livevox.com",
        "https://api.na4.livevox.com/",
        "http://localhost:8080",
        "http://127.0.0.1:9",
        "http://127.200.3.4",
        "http://[::1]:8080/base",
        "HTTPS://Example.com",
    ] {
        assert!(BaseUrl::parse(ok, "baseUrl").is_ok(), "{ok}");
    }
    for bad in [
        "",
        "api.livevox.com",
        "http://api.livevox.com",
        "http://0.0.0.0:80",
        "http://128.0.0.1",
        "http://localhost.evil.com",
        "ftp://localhost",
        "https://user:pw@host",
        "https://host/a b",
        "https://host/\r\nX: y",
        "https://host?x=1",
        "https://",
    ] {
        let e = BaseUrl::parse(bad, "baseUrl").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad}");
        assert_eq!(e.field.as_deref(), Some("baseUrl"));
    }
}

#[test]
fn query_components_are_strictly_encoded() {
    assert_eq!(encode_component("+1 650/x&y=z"), "%2B1%20650%2Fx%26y%3Dz");
    assert_eq!(encode_component("LV_TEST-1.~"), "LV_TEST-1.~");
    assert_eq!(encode_component("é"), "%C3%A9");
    let base = BaseUrl::parse("https://h/base/", "baseUrl").unwrap();
    assert_eq!(
        base.join(
            "/p",
            &[("a".into(), "+1".into()), ("b".into(), "x y".into())]
        ),
        "https://h/base/p?a=%2B1&b=x%20y"
    );
}

#[test]
fn standard_headers_and_body() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(200, "{}"));
    run(&clock, p.send(&get("/x"), &CallOptions::default())).unwrap();
    let req = post("/y").json(&serde_json::json!({"a": 1})).unwrap();
    run(&clock, p.send(&req, &CallOptions::default())).unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(
        reqs[0].headers,
        vec![("Accept".into(), "application/json".into())]
    );
    assert_eq!(reqs[0].body, None);
    assert!(reqs[1]
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
    assert_eq!(reqs[1].body.as_deref(), Some(r#"{"a":1}"#));
}

#[test]
fn header_values_http_cannot_carry_are_rejected_naming_the_field() {
    for ok in [
        "abc-123_XYZ.~+/=",
        "Basic dXNlcjpw",
        "a b",
        "!\"#$%&'()*,;<>?@[\\]^`{|}",
    ] {
        assert!(check_header_value("accessToken", ok).is_ok(), "{ok}");
    }
    for bad in [
        "tok\r\nX-Evil: 1",
        "tok\n",
        "a\0b",
        "tab\there",
        "caf\u{e9}",
        "\u{20ac}100",
        "emoji\u{1F600}",
        "\u{7f}",
        "\u{a0}nbsp",
        " leading",
        "trailing ",
    ] {
        let e = check_header_value("sessionId", bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad:?}");
        assert_eq!(e.field.as_deref(), Some("sessionId"), "{bad:?}");
        assert!(e.message.starts_with("sessionId "), "{}", e.message);
        // The same rule wherever a request gets a header.
        let e = post("/x")
            .header("LV-Access", bad, "accessToken")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("accessToken"), "{bad:?}");
    }
    // The character at fault is named with its code point (so an invisible one shows).
    let e = check_header_value("sessionId", "\u{a0}nbsp").unwrap_err();
    assert!(
        e.message
            .starts_with("sessionId contains '\u{a0}' (U+00A0), "),
        "{}",
        e.message
    );
    let e = check_header_value("sessionId", "emoji\u{1F600}").unwrap_err();
    assert!(e.message.contains("'\u{1F600}' (U+1F600)"), "{}", e.message);
}

#[test]
fn header_values_with_line_breaks_are_rejected() {
    let e = post("/x")
        .header("LV-Session", "abc\r\nX-Evil: 1", "sessionId")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert_eq!(e.field.as_deref(), Some("sessionId"));
}

#[test]
fn status_mapping() {
    let cases = [
        (400, true, ErrorCode::InvalidArgument),
        (401, true, ErrorCode::SessionExpired),
        (401, false, ErrorCode::Unauthorized),
        (403, true, ErrorCode::Forbidden),
        (404, true, ErrorCode::NotFound),
        (405, true, ErrorCode::VendorError),
        (409, true, ErrorCode::Conflict),
        (429, true, ErrorCode::RateLimited),
        (500, true, ErrorCode::ServerError),
        (502, true, ErrorCode::ServerError),
        (418, true, ErrorCode::VendorError),
    ];
    for (status, bound, code) in cases {
        let resp = HttpResponse::new(status, r#"{"code":1234,"message":"Nope"}"#);
        let e = error_from_response(&resp, bound, None);
        assert_eq!(e.code, code, "{status}");
        assert_eq!(e.status, Some(status));
        assert_eq!(e.vendor_code, Some(1234));
        assert_eq!(e.vendor_message.as_deref(), Some("Nope"));
        assert!(e.message.contains("Nope"), "{}", e.message);
    }
    let gws = HttpResponse::new(400, r#"{"statusCode":2,"statusMessage":"Invalid state"}"#);
    let e = error_from_response(&gws, true, None);
    assert_eq!(e.vendor_code, Some(2));
    assert_eq!(e.vendor_message.as_deref(), Some("Invalid state"));
    let html = HttpResponse::new(502, "<html>Bad gateway</html>");
    let e = error_from_response(&html, true, None);
    assert_eq!((e.code, e.vendor_code), (ErrorCode::ServerError, None));
}

#[test]
fn vendor_fields_read_either_name_and_forgive_odd_values() {
    let read = |body: &str| {
        let e = error_from_response(&HttpResponse::new(400, body), true, None);
        (e.vendor_code, e.vendor_message)
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(read(r#"{"code":"7","message":"m"}"#), (Some(7), some("m")));
    assert_eq!(read(r#"{"statusCode":3}"#), (Some(3), None));
    assert_eq!(
        read(r#"{"code":null,"statusMessage":"s"}"#),
        (None, some("s"))
    );
    // A code that is not a whole number is absent; the message still reads.
    assert_eq!(read(r#"{"code":{"a":1},"message":"m"}"#), (None, some("m")));
    assert_eq!(read(r#"{"code":1.5,"message":"m"}"#), (None, some("m")));
    // A message that is not text is shown as its JSON.
    assert_eq!(
        read(r#"{"code":1,"message":{"k":2}}"#),
        (Some(1), some(r#"{"k":2}"#))
    );
    // Both names of one field, a list, or not JSON: neither field.
    assert_eq!(
        read(r#"{"code":1,"statusCode":2,"message":"m"}"#),
        (None, None)
    );
    assert_eq!(read(r#"[{"code":1}]"#), (None, None));
    assert_eq!(read("code=1"), (None, None));
}

#[test]
fn get_retries_on_5xx_then_succeeds() {
    let clock = VirtualClock::new();
    let n = Rc::new(RefCell::new(0));
    let n2 = n.clone();
    let (p, t) = pipeline(&clock, move |_| {
        *n2.borrow_mut() += 1;
        if *n2.borrow() < 3 {
            json(500, "{}")
        } else {
            json(200, r#"{"ok":true}"#)
        }
    });
    let resp = run(&clock, p.send(&get("/x"), &CallOptions::default())).unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(t.count(), 3);
    // backoff: 250 then 500, each with full jitter at random 0.5 → 125 + 250
    assert_eq!(clock.elapsed(), 125.0 + 250.0);
}

#[test]
fn post_is_not_retried_on_500_or_timeout_or_network() {
    for reply in [0, 1, 2] {
        let clock = VirtualClock::new();
        let (p, t) = pipeline(&clock, move |_| match reply {
            0 => json(500, "{}"),
            1 => Reply::Hang,
            _ => Reply::Network,
        });
        let e = run(&clock, p.send(&post("/x"), &CallOptions::default())).unwrap_err();
        assert_eq!(t.count(), 1);
        assert_eq!(
            e.code,
            [
                ErrorCode::ServerError,
                ErrorCode::Timeout,
                ErrorCode::Network
            ][reply]
        );
    }
}

#[test]
fn get_retries_network_and_timeout() {
    let clock = VirtualClock::new();
    let n = Rc::new(RefCell::new(0));
    let n2 = n.clone();
    let (p, t) = pipeline(&clock, move |_| {
        *n2.borrow_mut() += 1;
        match *n2.borrow() {
            1 => Reply::Network,
            2 => Reply::Hang,
            _ => json(200, "{}"),
        }
    });
    run(&clock, p.send(&get("/x"), &CallOptions::default())).unwrap();
    assert_eq!(t.count(), 3);
}

#[test]
fn any_method_retries_429_and_503_honouring_retry_after() {
    let clock = VirtualClock::new();
    let n = Rc::new(RefCell::new(0));
    let n2 = n.clone();
    let (p, t) = pipeline(&clock, move |_| {
        *n2.borrow_mut() += 1;
        match *n2.borrow() {
            1 => Reply::Respond(HttpResponse::new(429, "{}").with_header("Retry-After", "2")),
            2 => Reply::Respond(HttpResponse::new(503, "{}").with_header("Retry-After", "1")),
            _ => json(204, ""),
        }
    });
    run(&clock, p.send(&post("/x"), &CallOptions::default())).unwrap();
    assert_eq!(t.count(), 3);
    assert_eq!(clock.elapsed(), 3000.0);
}

#[test]
fn exhausted_503_carries_retry_after() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| {
        Reply::Respond(
            HttpResponse::new(503, r#"{"code":503,"message":"busy"}"#)
                .with_header("retry-after", "1"),
        )
    });
    let e = run(&clock, p.send(&post("/x"), &CallOptions::default())).unwrap_err();
    assert_eq!(t.count(), 3);
    assert_eq!(e.code, ErrorCode::ServerError);
    assert_eq!(e.retry_after_ms, Some(1000));
}

#[test]
fn too_long_retry_after_is_not_waited_out() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| {
        Reply::Respond(HttpResponse::new(429, "{}").with_header("retry-after", "3600"))
    });
    let e = run(&clock, p.send(&get("/x"), &CallOptions::default())).unwrap_err();
    assert_eq!(t.count(), 1);
    assert_eq!(e.code, ErrorCode::RateLimited);
    assert_eq!(e.retry_after_ms, Some(3_600_000));
}

#[test]
fn retry_after_beyond_max_delay_rejects_at_once() {
    let clock = VirtualClock::new();
    let (mut p, t) = pipeline(&clock, |_| {
        Reply::Respond(HttpResponse::new(503, "{}").with_header("retry-after", "30"))
    });
    p.retry.max_delay_ms = 200;
    let e = run(&clock, p.send(&get("/x"), &CallOptions::default())).unwrap_err();
    assert_eq!(
        t.count(),
        1,
        "a 30 s Retry-After is not waited out under maxDelayMs 200"
    );
    assert_eq!(e.code, ErrorCode::ServerError);
    assert_eq!(e.retry_after_ms, Some(30_000));
    assert_eq!(clock.elapsed(), 0.0);
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    assert_eq!(parse_retry_after("5", 0.0), Some(5000));
    // 1994-11-06T08:49:37Z = 784111777000 ms
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000.0),
        Some(7000)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 9e12),
        Some(0)
    );
    assert_eq!(parse_retry_after("soon", 0.0), None);
    // The obsolete forms RFC 9110 still asks recipients to read, and delta-seconds only as digits.
    for form in [
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        " Sun, 06 Nov 1994 08:49:37 GMT ",
    ] {
        assert_eq!(
            parse_retry_after(form, 784_111_770_000.0),
            Some(7000),
            "{form}"
        );
    }
    assert_eq!(parse_retry_after(" 5 ", 0.0), Some(5000));
    assert_eq!(parse_retry_after("0", 0.0), Some(0));
    for bad in ["", "+5", "-5", "5.5", "5s", "0x10", "5 5"] {
        assert_eq!(parse_retry_after(bad, 0.0), None, "{bad}");
    }
    assert_eq!(
        parse_retry_after("99999999999999999999999", 0.0),
        Some(u64::MAX),
        "more seconds than fit read as very long, not as absent"
    );
    // Found by tests/fuzz.rs: out-of-range dates are refused, never overflowed.
    for hostile in [
        "Mon, 01 Jan 9223372036854775807 00:00:00 GMT",
        "Sun, 06 Nov 1994 -9223372036854775808:00:00 GMT",
        "Mon, 01 Jan -9223372036854775808 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:-1:37 GMT",
    ] {
        assert_eq!(parse_retry_after(hostile, 0.0), None, "{hostile}");
    }
}

#[test]
fn timeout_per_call_overrides_client_default() {
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| Reply::Hang);
    let opts = CallOptions {
        timeout_ms: Some(50),
        cancel: None,
    };
    let e = run(&clock, p.send(&post("/x"), &opts)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Timeout);
    assert_eq!(clock.elapsed(), 50.0);
}

#[test]
fn slow_answer_within_timeout_succeeds() {
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| Reply::After(900, Box::new(json(200, "{}"))));
    assert!(run(&clock, p.send(&post("/x"), &CallOptions::default())).is_ok());
}

#[test]
fn cancellation_before_and_during_a_call() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| Reply::Hang);
    let token = CancelToken::new();
    token.cancel();
    let opts = CallOptions {
        timeout_ms: None,
        cancel: Some(token),
    };
    let e = run(&clock, p.send(&post("/x"), &opts)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Aborted);
    assert_eq!(t.count(), 0, "an aborted call sends nothing");

    let token = CancelToken::new();
    let opts = CallOptions {
        timeout_ms: None,
        cancel: Some(token.clone()),
    };
    let rt = VirtualRuntime(clock.clone());
    let canceller = async move {
        rt.sleep(10).await;
        token.cancel();
    };
    let (res, ()) = run(
        &clock,
        futures_util::future::join(p.send(&post("/x"), &opts), canceller),
    );
    assert_eq!(res.unwrap_err().code, ErrorCode::Aborted);
}

#[test]
fn backoff_grows_and_is_capped() {
    let r = RetryOptions {
        max_retries: 5,
        base_delay_ms: 100,
        max_delay_ms: 1000,
    };
    assert_eq!(r.backoff_ms(0, 0.0), 0);
    assert_eq!(r.backoff_ms(0, 0.5), 50);
    assert_eq!(r.backoff_ms(0, 1.0), 100);
    assert_eq!(r.backoff_ms(3, 1.0), 800);
    assert_eq!(r.backoff_ms(10, 1.0), 1000);
    assert_eq!(r.backoff_ms(40, 0.25), 250);
    assert!(RetryOptions {
        max_retries: 11,
        ..r
    }
    .validate()
    .is_err());
}

#[test]
fn logger_sees_method_path_status_and_hidden_ids() {
    let clock = VirtualClock::new();
    let (mut p, _t) = pipeline(&clock, |_| json(200, "{}"));
    let events = Rc::new(RefCell::new(Vec::<LogEvent>::new()));
    let ev = events.clone();
    p.logger = Some(Rc::new(move |e: &LogEvent| ev.borrow_mut().push(e.clone())));
    let req = get("/session/validate/SECRET-ID").log_as("/session/validate/{sessionId}");
    run(&clock, p.send(&req, &CallOptions::default())).unwrap();
    let e = &events.borrow()[0];
    assert_eq!(e.level, LogLevel::Debug);
    assert_eq!(e.method, "GET");
    assert_eq!(e.path, "/session/validate/{sessionId}");
    assert_eq!(e.status, Some(200));
    assert!(!e.message.contains("SECRET"));
}

#[test]
fn decode_reports_where_the_body_is_wrong() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        a: Vec<u32>,
    }
    let e = decode_json::<T>(&HttpResponse::new(200, r#"{"a":[1,"x"]}"#)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse);
    assert!(e.message.contains("line 1 column"), "{}", e.message);
    assert_eq!(
        decode_optional_json::<T>(&HttpResponse::new(204, ""))
            .unwrap()
            .map(|t| t.a),
        None
    );
}

fn recording_logger(p: &mut Pipeline, threshold: LogLevel) -> Rc<RefCell<Vec<LogEvent>>> {
    let events = Rc::new(RefCell::new(Vec::<LogEvent>::new()));
    let ev = events.clone();
    let logger: Logger = Rc::new(move |e: &LogEvent| ev.borrow_mut().push(e.clone()));
    p.logger = Some(with_threshold(logger, threshold));
    events
}

#[test]
fn one_request_id_per_call_on_every_log_line_and_on_the_error() {
    let clock = VirtualClock::new();
    let (mut p, _t) = pipeline(&clock, |_| json(503, "{}"));
    let events = recording_logger(&mut p, LogLevel::Debug);
    let e = run(&clock, p.send(&post("/x"), &CallOptions::default())).unwrap_err();
    let first = e.request_id.expect("the error names its call").to_string();
    let ids: Vec<_> = events
        .borrow()
        .iter()
        .map(|e| e.request_id.clone())
        .collect();
    assert_eq!(ids.len(), 3, "two retries and the failure");
    assert!(ids.iter().all(|id| id.as_deref() == Some(first.as_str())));
    // The next call has another id, from the same module-wide sequence.
    let e2 = run(&clock, p.send(&post("/y"), &CallOptions::default())).unwrap_err();
    let second = e2.request_id.unwrap().to_string();
    assert_ne!(first, second);
    let (tag1, n1) = first.split_once('-').unwrap();
    let (tag2, n2) = second.split_once('-').unwrap();
    assert_eq!(tag1, tag2);
    assert_eq!(tag1.len(), 4);
    assert!(n2.parse::<u64>().unwrap() > n1.parse::<u64>().unwrap());
    // A call whose signal fired before it started still has an id (it reached the pipeline).
    let cancel = CancelToken::new();
    cancel.cancel();
    let opts = CallOptions {
        timeout_ms: None,
        cancel: Some(cancel),
    };
    let e3 = run(&clock, p.send(&post("/z"), &opts)).unwrap_err();
    assert_eq!(e3.code, ErrorCode::Aborted);
    assert!(e3.request_id.is_some());
}

#[test]
fn an_answer_that_does_not_decode_names_the_call_that_got_it() {
    let clock = VirtualClock::new();
    let (mut p, _t) = pipeline(&clock, |_| json(200, "not json"));
    let events = recording_logger(&mut p, LogLevel::Debug);
    let resp = run(&clock, p.send(&get("/x"), &CallOptions::default())).unwrap();
    let e = decode_json::<serde_json::Value>(&resp).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse);
    assert_eq!(
        e.request_id.map(|id| id.to_string()),
        events.borrow()[0].request_id
    );
    assert!(e.request_id.is_some());
    // The id the error already has is kept (an inner call's).
    let e = Error::invalid_state("x")
        .with_request_id(RequestId::new(1, 1))
        .with_request_id(RequestId::new(2, 2));
    assert_eq!(
        e.request_id.map(|id| id.to_string()).as_deref(),
        Some("1000-1")
    );
    // Tags are four base-36 digits; the counter is shown in decimal.
    assert_eq!(RequestId::new(35 + 36 * 10, 42).to_string(), "za00-42");
    assert_eq!(
        RequestId::new(u64::MAX, u64::MAX).to_string().len(),
        4 + 1 + 13
    );
}

#[test]
fn log_level_is_a_threshold() {
    assert!(LogLevel::Debug < LogLevel::Info);
    assert!(LogLevel::Info < LogLevel::Warn);
    assert!(LogLevel::Warn < LogLevel::Error);
    for (name, level) in [
        ("debug", LogLevel::Debug),
        ("info", LogLevel::Info),
        ("warn", LogLevel::Warn),
        ("error", LogLevel::Error),
    ] {
        assert_eq!(LogLevel::parse(name).unwrap(), level);
        assert_eq!(
            serde_json::to_string(&level).unwrap(),
            format!("\"{name}\"")
        );
    }
    for bad in ["", "DEBUG", "verbose", "warning", " info"] {
        let e = LogLevel::parse(bad).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("logLevel"), "{bad}");
    }
    // A call retried once then failing logs warn, then error; a success logs debug.
    let levels_seen = |threshold: LogLevel| {
        let clock = VirtualClock::new();
        let mut n = 0;
        let (mut p, _t) = pipeline(&clock, move |_| {
            n += 1;
            if n <= 2 {
                json(503, "{}")
            } else {
                json(200, "{}")
            }
        });
        p.retry.max_retries = 1;
        let events = recording_logger(&mut p, threshold);
        let _ = run(&clock, p.send(&post("/x"), &CallOptions::default()));
        let _ = run(&clock, p.send(&post("/x"), &CallOptions::default()));
        let levels: Vec<LogLevel> = events.borrow().iter().map(|e| e.level).collect();
        levels
    };
    use LogLevel::*;
    assert_eq!(levels_seen(Debug), vec![Warn, Error, Debug]);
    assert_eq!(levels_seen(Info), vec![Warn, Error]);
    assert_eq!(levels_seen(Warn), vec![Warn, Error]);
    assert_eq!(levels_seen(Error), vec![Error]);
}

#[test]
fn log_durations_print_as_display_prints_the_rounded_value() {
    for ms in [0.0, 12.34, 12.0, 12.96, 0.04, 0.05, 1234.5, 99.99, 7.25] {
        let rounded = (ms * 10.0_f64).round() / 10.0;
        assert_eq!(tenths_text(rounded), rounded.to_string(), "{ms}");
    }
}
