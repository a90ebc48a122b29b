use super::*;
use crate::error::ErrorCode;
use crate::http::HttpResponse;
use crate::livevox::test_support::{path_of, pipeline};
use crate::testing::{json, run, Reply, ScriptedTransport, VirtualClock};
use serde_json::{json as j, Value};
use std::cell::RefCell;

type Answer = Rc<RefCell<Reply>>;

fn setup() -> (Rc<VirtualClock>, Supervisor, Rc<ScriptedTransport>, Answer) {
    let clock = VirtualClock::new();
    let answer: Answer = Rc::new(RefCell::new(json(200, "{}")));
    let a = answer.clone();
    let (p, t) = pipeline(&clock, move |_| match &*a.borrow() {
        Reply::Respond(r) => Reply::Respond(r.clone()),
        _ => Reply::Network,
    });
    let s = Session::resume(p, "SID", None).unwrap();
    (clock, Supervisor::new(s), t, answer)
}

fn answer(a: &Answer, status: u16, body: &str) {
    *a.borrow_mut() = Reply::Respond(HttpResponse::new(status, body));
}

fn last(t: &ScriptedTransport) -> (Method, String, Option<Value>) {
    let reqs = t.requests.borrow();
    let r = reqs.last().expect("a request was sent");
    (
        r.method,
        path_of(r).to_string(),
        r.body.as_deref().map(|b| serde_json::from_str(b).unwrap()),
    )
}

fn agents(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

const NONE: CallOptions = CallOptions {
    timeout_ms: None,
    cancel: None,
};

#[test]
fn status_changes() {
    let (clock, s, t, a) = setup();
    answer(
        &a,
        200,
        r#"{"agents":[{"agentLoginId":"LV_TEST","status":"Success"}]}"#,
    );
    let r = run(
        &clock,
        s.set_ready(
            &agents(&["LV_TEST"]),
            &MessageOptions {
                message: Some("Get in ready".into()),
            },
            &NONE,
        ),
    )
    .unwrap();
    assert_eq!(r.agents[0].status, "Success");
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/agent/status/ready".into(),
            Some(j!({"agents":["LV_TEST"],"message":"Get in ready"}))
        )
    );

    let opts = NotReadyOptions {
        reason_code: Some(ReasonCode::TechDifficulties),
        message: None,
    };
    run(
        &clock,
        s.set_not_ready(&agents(&["LV_TEST", "LV_SEB"]), &opts, &NONE),
    )
    .unwrap();
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/agent/status/notReady".into(),
            Some(j!({"agents":["LV_TEST","LV_SEB"],"reasonCode":"TECH_DIFFICULTIES"}))
        )
    );

    run(
        &clock,
        s.logoff(
            &agents(&["LV_SEB"]),
            &MessageOptions {
                message: Some(String::new()),
            },
            &NONE,
        ),
    )
    .unwrap();
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/agent/status/logoff".into(),
            Some(j!({"agents":["LV_SEB"]}))
        )
    );
}

#[test]
fn agent_lists_are_checked_before_sending() {
    let (clock, s, t, _a) = setup();
    for bad in [
        vec![],
        agents(&[""]),
        agents(&["ok", "bad\nid"]),
        agents(&["  "]),
    ] {
        let e = run(&clock, s.set_ready(&bad, &MessageOptions::default(), &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("agents"))
        );
    }
    let e = run(
        &clock,
        s.switch_service(&agents(&["A"]), 0, &MessageOptions::default(), &NONE),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("targetServiceId"));
    assert_eq!(t.count(), 0);
}

#[test]
fn chat_operations() {
    let (clock, s, t, a) = setup();
    answer(
        &a,
        200,
        r#"{"broadcastStatus":[{"usersLoginId":"lv_usr1","sent":true}]}"#,
    );
    let users = vec![ChatRecipient {
        user_login_id: "lv_usr1".into(),
        can_reply: true,
    }];
    let r = run(&clock, s.broadcast_chat(&users, "Hello", &NONE)).unwrap();
    assert_eq!(r.broadcast_status[0].user_login_id, "lv_usr1");
    assert_eq!(
        last(&t).2,
        Some(j!({"usersInfo":[{"userLoginId":"lv_usr1","canReply":true}],"message":"Hello"}))
    );

    answer(
        &a,
        200,
        r#"{"chatList":[{"messageList":[{"message":"hi","senderId":"lv_usr1","timestamp":"1416817899001"}],"userLoginId":"lv_usr1","canReply":true}],"timestamp":"1416817899001"}"#,
    );
    let opts = ChatMessagesOptions {
        after: Some(Instant::Text("1416817899000".into())),
        exclude_own: false,
    };
    let r = run(&clock, s.chat_messages(&opts, &NONE)).unwrap();
    assert_eq!(r.timestamp, Some(1_416_817_899_001));
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/chat/messages".into(),
            Some(j!({"filter":{"messageReceivedAfter":"1416817899000","excludeOwn":false}}))
        )
    );
    let opts = ChatMessagesOptions {
        after: None,
        exclude_own: true,
    };
    run(&clock, s.chat_messages(&opts, &NONE)).unwrap();
    assert_eq!(last(&t).2, Some(j!({"filter":{"excludeOwn":true}})));

    answer(&a, 204, "");
    run(&clock, s.send_chat("lv_usr1", "line 1\r\nline 2", &NONE)).unwrap();
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/chat/send".into(),
            Some(j!({"userLoginId":"lv_usr1","message":"line 1\r\nline 2"}))
        )
    );
    run(&clock, s.end_chat("lv usr+1", &NONE)).unwrap();
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/chat/end?userLoginId=lv%20usr%2B1".into(),
            None
        )
    );
}

#[test]
fn chat_input_is_checked_before_sending() {
    let (clock, s, t, _a) = setup();
    let e = run(&clock, s.broadcast_chat(&[], "Hello", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("usersInfo"));
    let users = vec![ChatRecipient {
        user_login_id: "x".into(),
        can_reply: false,
    }];
    let e = run(&clock, s.broadcast_chat(&users, " ", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("message"));
    let e = run(&clock, s.send_chat("x", "", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("message"));
    let e = run(&clock, s.send_chat("x\r\n", "hi", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("userLoginId"));
    let e = run(&clock, s.end_chat("", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("userLoginId"));
    for bad in [
        Instant::Text("abc".into()),
        Instant::Millis(-5.0),
        Instant::Millis(f64::NAN),
        Instant::Text("".into()),
    ] {
        let opts = ChatMessagesOptions {
            after: Some(bad),
            exclude_own: true,
        };
        let e = run(&clock, s.chat_messages(&opts, &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("after"));
    }
    assert_eq!(t.count(), 0);
}

#[test]
fn monitoring() {
    let (clock, s, t, a) = setup();
    answer(&a, 204, "");
    let r = run(
        &clock,
        s.start_monitor("+16505317524", &StartMonitorOptions::default(), &NONE),
    )
    .unwrap();
    assert_eq!(r, None);
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/monitor/start?numberToDial=%2B16505317524".into(),
            None
        )
    );
    answer(&a, 200, r#"{"activeCall":true}"#);
    let r = run(
        &clock,
        s.start_monitor(
            "6505317524",
            &StartMonitorOptions {
                extension: Some("12".into()),
            },
            &NONE,
        ),
    )
    .unwrap();
    assert_eq!(r, Some(MonitorState { active_call: true }));
    assert_eq!(
        last(&t).1,
        "/callControl/supervisor/monitor/start?numberToDial=6505317524&extension=12"
    );
    let st = run(&clock, s.monitor_state(&NONE)).unwrap();
    assert!(st.active_call);
    assert_eq!(last(&t).0, Method::Get);
    assert_eq!(last(&t).1, "/callControl/supervisor/monitor/state");
    answer(&a, 204, "");
    run(&clock, s.listen("LV_TEST", &NONE)).unwrap();
    assert_eq!(
        last(&t).1,
        "/callControl/supervisor/monitor/listen?agentLoginId=LV_TEST"
    );
    run(&clock, s.coach("LV_TEST", &NONE)).unwrap();
    assert_eq!(
        last(&t).1,
        "/callControl/supervisor/monitor/coach?agentLoginId=LV_TEST"
    );
    run(&clock, s.barge("LV_TEST", &NONE)).unwrap();
    assert_eq!(
        last(&t).1,
        "/callControl/supervisor/monitor/barge?agentLoginId=LV_TEST"
    );
    let e = run(&clock, s.listen("", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("agentLoginId"));
    let e = run(
        &clock,
        s.start_monitor(" ", &StartMonitorOptions::default(), &NONE),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("numberToDial"));
}

#[test]
fn services() {
    let (clock, s, t, a) = setup();
    answer(
        &a,
        200,
        r#"{"callCenters":[{"services":[{"serviceId":23114,"serviceName":"Inskill feature code 1"}],"callCenterId":1718,"callCenterName":"Call Center 2"}]}"#,
    );
    let r = run(&clock, s.services_allowed(&NONE)).unwrap();
    assert_eq!(r.call_centers[0].services[0].service_id, 23114);
    assert_eq!(
        last(&t),
        (
            Method::Get,
            "/callControl/supervisor/service/access".into(),
            None
        )
    );
    answer(
        &a,
        200,
        r#"{"agents":[{"agentLoginId":"LV_TEST","message":"Completed: Success"}]}"#,
    );
    let r = run(
        &clock,
        s.switch_service(
            &agents(&["LV_TEST"]),
            33722,
            &MessageOptions {
                message: Some("new skill".into()),
            },
            &NONE,
        ),
    )
    .unwrap();
    assert_eq!(r.agents[0].message, "Completed: Success");
    assert_eq!(
        last(&t),
        (
            Method::Post,
            "/callControl/supervisor/agent/service/switch".into(),
            Some(j!({"agents":["LV_TEST"],"targetServiceId":33722,"message":"new skill"}))
        )
    );
}

#[test]
fn unexpected_replies_are_bad_responses() {
    let (clock, s, _t, a) = setup();
    answer(&a, 200, "<html>proxy login</html>");
    let e = run(&clock, s.monitor_state(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse);
    answer(&a, 403, r#"{"code":403,"message":"Role not allowed"}"#);
    let e = run(&clock, s.monitor_state(&NONE)).unwrap_err();
    assert_eq!((e.code, e.vendor_code), (ErrorCode::Forbidden, Some(403)));
}

/// The `*_call` functions the wasm layer sends through its one async path: they check
/// everything before a request exists, and their readers read what the async methods return.
mod prepared {
    use super::*;

    #[test]
    fn bad_input_fails_before_a_request_exists() {
        let none = MessageOptions::default();
        let cases: Vec<(Result<Prepared<AgentStatusReply>>, &str)> = vec![
            (Supervisor::set_ready_call(&[], &none), "agents"),
            (
                Supervisor::set_not_ready_call(&agents(&["a\nb"]), &NotReadyOptions::default()),
                "agents",
            ),
            (Supervisor::logoff_call(&agents(&[" "]), &none), "agents"),
        ];
        for (res, field) in cases {
            let e = res.err().expect("refused");
            assert_eq!(e.code, ErrorCode::InvalidArgument);
            assert_eq!(e.field.as_deref(), Some(field));
        }
        let e = Supervisor::switch_service_call(&agents(&["a"]), 0, &none)
            .err()
            .expect("refused");
        assert_eq!(e.field.as_deref(), Some("targetServiceId"));
        let e = Supervisor::send_chat_call("u", "  ")
            .err()
            .expect("refused");
        assert_eq!(e.field.as_deref(), Some("message"));
        let e = Supervisor::monitor_call(MonitorMode::Barge, "")
            .err()
            .expect("refused");
        assert_eq!(e.field.as_deref(), Some("agentLoginId"));
    }

    #[test]
    fn the_requests_are_those_the_async_methods_send() {
        let p = Supervisor::monitor_call(MonitorMode::Coach, "1001").unwrap();
        assert_eq!(p.request.method, Method::Post);
        assert_eq!(p.request.path, "/callControl/supervisor/monitor/coach");
        assert_eq!(
            p.request.query,
            vec![("agentLoginId".to_string(), "1001".to_string())]
        );
        let p = Supervisor::set_not_ready_call(
            &agents(&["1001"]),
            &NotReadyOptions {
                reason_code: None,
                message: Some("break".into()),
            },
        )
        .unwrap();
        assert_eq!(
            p.request.path,
            "/callControl/supervisor/agent/status/notReady"
        );
        let body: Value = serde_json::from_str(p.request.body.as_deref().unwrap()).unwrap();
        assert_eq!(body, j!({"agents": ["1001"], "message": "break"}));
    }

    #[test]
    fn the_readers_read_the_replies() {
        let p = Supervisor::start_monitor_call("+16505317524", &Default::default()).unwrap();
        assert_eq!((p.read)(&HttpResponse::new(204, "")).unwrap(), None);
        let p = Supervisor::start_monitor_call("+16505317524", &Default::default()).unwrap();
        let state = (p.read)(&HttpResponse::new(200, r#"{"activeCall":true}"#)).unwrap();
        assert_eq!(state.map(|s| s.active_call), Some(true));
        let p = Supervisor::send_chat_call("u", "hi").unwrap();
        assert!((p.read)(&HttpResponse::new(200, "not json")).is_ok());
        let p = Supervisor::services_allowed_call();
        let e = (p.read)(&HttpResponse::new(200, "not json")).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse);
        assert_eq!(e.status, Some(200));
    }

    #[test]
    fn a_mapped_call_reads_on_from_its_reader() {
        let p = Supervisor::monitor_state_call().map(|s| Ok(!s.active_call));
        assert_eq!(p.request.path, "/callControl/supervisor/monitor/state");
        assert!(!(p.read)(&HttpResponse::new(200, r#"{"activeCall":true}"#)).unwrap());
        let p = Supervisor::monitor_state_call().map(|s| Ok(!s.active_call));
        let e = (p.read)(&HttpResponse::new(200, "{}")).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse);
        let p = Supervisor::send_chat_call("u", "hi")
            .unwrap()
            .map(|()| -> Result<()> { Err(Error::invalid_state("refused on the way")) });
        let e = (p.read)(&HttpResponse::new(200, "{}")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidState);
    }
}
