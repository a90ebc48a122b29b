use super::*;
use crate::error::ErrorCode;
use crate::http::{HttpRequest, Runtime};
use crate::livevox::test_support::{path_of, pipeline};
use crate::testing::{json, run, ScriptedTransport, VirtualClock, VirtualRuntime};
use serde_json::{json as j, Value};
use std::cell::RefCell;

const NONE: CallOptions = CallOptions {
    timeout_ms: None,
    cancel: None,
};

/// A tiny agent-side server: the line state, and whether a call is on it.
struct Line {
    state: &'static str,
    on_call: bool,
}

fn status_body(line: &Line) -> String {
    let call = if line.on_call {
        j!({"callTransactionId": "108821676850", "callSessionId": "U5EF8FT5DFC07F9@10.101.21.216",
            "serviceId": "1001", "callCenterId": 7, "accountNumber": "ACC-1001",
            "phoneNumber": "9192109237", "callRequiresAcceptance": "false"})
    } else {
        Value::Null
    };
    j!({"agentStatus": {"reasonCode": null, "agentMuted": "false",
        "service": {"callsInProgress": "2", "callsOnHold": 0},
        "lines": [{"lineNumber": "ACD", "state": line.state,
                   "stateChangedTime": "1573809480000", "call": call}]}})
    .to_string()
}

fn setup() -> (
    Rc<VirtualClock>,
    Agent,
    Rc<ScriptedTransport>,
    Rc<RefCell<Line>>,
) {
    let clock = VirtualClock::new();
    let line = Rc::new(RefCell::new(Line {
        state: "READY",
        on_call: false,
    }));
    let l = line.clone();
    let (p, t) = pipeline(&clock, move |r: &HttpRequest| {
        let path = path_of(r).split('?').next().unwrap_or_default().to_string();
        let mut line = l.borrow_mut();
        match path.as_str() {
            "/callControl/agent/status" => json(200, &status_body(&line)),
            "/callControl/agent/status/ready" => {
                line.state = "READY";
                json(204, "")
            }
            "/callControl/agent/status/notReady" => {
                line.state = "NOTREADY";
                json(204, "")
            }
            "/callControl/agent/termCode" => json(
                200,
                r#"{"termCodeCategories":[{"name":"Success","termCodes":[{"id":101416228,"name":"Done","lvResultId":"1","lvResult":"AGENT - Done","actionType":null,"paymentAmtRequired":"false"}]}]}"#,
            ),
            _ => json(204, ""),
        }
    });
    let s = Session::resume(p, "SID", None).unwrap();
    (clock, Agent::new(s), t, line)
}

fn bodies(t: &ScriptedTransport) -> Vec<Option<Value>> {
    t.requests
        .borrow()
        .iter()
        .map(|r| r.body.as_deref().map(|b| serde_json::from_str(b).unwrap()))
        .collect()
}

#[test]
fn join_leave_ready_not_ready_go_to_the_seed_paths() {
    let (clock, a, t, _) = setup();
    run(&clock, a.join_service(1001.0, "+18990000001", &NONE)).unwrap();
    run(&clock, a.set_ready(&NONE)).unwrap();
    let opts = AgentNotReadyOptions {
        reason_code: Some("LUNCH".into()),
    };
    run(&clock, a.set_not_ready(&opts, &NONE)).unwrap();
    run(&clock, a.leave_service(&NONE)).unwrap();
    assert_eq!(
        t.paths(),
        [
            "/callControl/agent/service/join?serviceId=1001&phoneNumber=%2B18990000001",
            "/callControl/agent/status/ready",
            "/callControl/agent/status/notReady?reasonCode=LUNCH",
            "/callControl/agent/service/leave",
        ]
    );
    assert!(
        bodies(&t).iter().all(Option::is_none),
        "these POSTs have no body"
    );
}

#[test]
fn bad_input_is_rejected_before_sending() {
    let (clock, a, t, _) = setup();
    for (service, phone, field) in [
        (0.0, "8990000001", "serviceId"),
        (1.5, "8990000001", "serviceId"),
        (f64::NAN, "8990000001", "serviceId"),
        (1001.0, "", "phoneNumber"),
        (1001.0, "899\r\n0000001", "phoneNumber"),
        (1001.0, "sip:899", "phoneNumber"),
        (1001.0, "12", "phoneNumber"),
    ] {
        let e = run(&clock, a.join_service(service, phone, &NONE)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert_eq!(e.field.as_deref(), Some(field), "{service} {phone:?}");
    }
    let mut term = SetTermCode {
        call_transaction_id: "1".into(),
        call_session_id: "S".into(),
        term_code_id: "".into(),
        phone_dialed: Some("2134634007".into()),
        ..term_fixture()
    };
    let e = run(&clock, a.set_term_code(&term, &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("termCodeId"));
    term.term_code_id = "101416228".into();
    term.notes = Some("bell\u{7}".into());
    let e = run(&clock, a.set_term_code(&term, &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("notes"));
    let e = run(
        &clock,
        a.status(
            &AgentStatusOptions {
                state_changed_after: Some(crate::livevox::model::Instant::Text("soon".into())),
            },
            &NONE,
        ),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("stateChangedAfter"));
    assert_eq!(t.count(), 0);
}

#[test]
fn status_is_typed_and_state_changed_after_goes_in_the_body() {
    let (clock, a, t, line) = setup();
    line.borrow_mut().state = "INCALL";
    line.borrow_mut().on_call = true;
    let opts = AgentStatusOptions {
        state_changed_after: Some(crate::livevox::model::Instant::Millis(1_573_809_480_000.0)),
    };
    let s = run(&clock, a.status(&opts, &NONE))
        .unwrap()
        .agent_status
        .unwrap();
    assert_eq!(
        bodies(&t)[0],
        Some(j!({"stateChangedAfter": "1573809480000"}))
    );
    let l = &s.lines[0];
    assert_eq!(
        (l.line_number.as_str(), l.state),
        ("ACD", LineState::InCall)
    );
    assert_eq!(l.state_changed_time, Some(1_573_809_480_000));
    assert_eq!(s.service.as_ref().unwrap().calls_in_progress, Some(2));
    assert!(!s.agent_muted && s.is_on_call() && !s.is_ready());
    let call = run(&clock, a.current_call(&NONE)).unwrap().unwrap();
    assert_eq!(
        call,
        CurrentCall {
            call_transaction_id: "108821676850".into(),
            call_session_id: "U5EF8FT5DFC07F9@10.101.21.216".into(),
            service_id: Some(1001),
            phone_number: Some("9192109237".into()),
            account_number: Some("ACC-1001".into()),
            line_number: "ACD".into(),
        }
    );
    assert_eq!(
        bodies(&t)[1],
        Some(j!({})),
        "no stateChangedAfter: the body is {{}}"
    );
    line.borrow_mut().on_call = false;
    line.borrow_mut().state = "READY";
    assert_eq!(run(&clock, a.current_call(&NONE)).unwrap(), None);
}

#[test]
fn unknown_line_states_and_missing_fields_are_tolerated() {
    let body = r#"{"agentStatus":{"lines":[{"lineNumber":"EXT1","state":"SOMETHING_NEW"},{"lineNumber":"ACD","state":"WRAPUP","call":{"callTransactionId":5,"callSessionId":"S"}}]}}"#;
    let s = serde_json::from_str::<AgentStatusBody>(body)
        .unwrap()
        .agent_status
        .unwrap();
    assert_eq!(s.lines[0].state, LineState::Unknown);
    let c = CurrentCall::from_status(&s).unwrap();
    assert_eq!(
        (c.call_transaction_id.as_str(), c.line_number.as_str()),
        ("5", "ACD")
    );
    let s = serde_json::from_str::<AgentStatusBody>(r#"{"agentStatus":{"lines":null}}"#)
        .unwrap()
        .agent_status
        .unwrap();
    assert!(s.lines.is_empty() && CurrentCall::from_status(&s).is_none());
    assert!(serde_json::from_str::<AgentStatusBody>(r#"{"lines":[]}"#).is_err());
}

#[test]
fn term_codes_and_set_term_code() {
    let (clock, a, t, _) = setup();
    let codes = run(&clock, a.term_codes(1001.0, &NONE)).unwrap();
    let tc = &codes.term_code_categories[0].term_codes[0];
    assert_eq!((tc.id.as_str(), tc.lv_result_id), ("101416228", Some(1)));
    let term = SetTermCode {
        phone_dialed: Some("2134634007".into()),
        notes: Some("verified\ncaller".into()),
        line_number: Some("ACD".into()),
        ..term_fixture()
    };
    run(&clock, a.set_term_code(&term, &NONE)).unwrap();
    let reqs = t.requests.borrow();
    let r = reqs.last().unwrap();
    assert_eq!(r.method, Method::Put);
    assert_eq!(
        path_of(r),
        "/callControl/agent/call/termCode?lineNumber=ACD"
    );
    assert_eq!(
        serde_json::from_str::<Value>(r.body.as_deref().unwrap()).unwrap(),
        j!({"callTransactionId": "108821676850", "callSessionId": "U5EF8FT5DFC07F9@10.101.21.216",
            "termCodeId": "101416228", "phoneDialed": "2134634007",
            "moveAgentToNotReady": false, "notes": "verified\ncaller"})
    );
    assert_eq!(t.paths()[0], "/callControl/agent/termCode?serviceId=1001");
}

/// Runs a keep-alive for `for_ms` of virtual time, then stops it.
fn keep_alive_for(
    clock: &Rc<VirtualClock>,
    a: &Agent,
    interval: f64,
    for_ms: u32,
) -> (KeepAlive, Rc<RefCell<Vec<String>>>) {
    let (keep, driver) = KeepAlive::start(
        a.clone(),
        &KeepAliveOptions {
            interval_ms: Some(interval),
        },
    )
    .unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    keep.events().subscribe(Rc::new(move |e: &KeepAliveEvent| {
        s.borrow_mut().push(match e {
            KeepAliveEvent::Cycled => "cycled".to_string(),
            KeepAliveEvent::Skipped(why) => format!("skipped: {why}"),
            KeepAliveEvent::Error(e) => format!("error: {}", e.code.as_str()),
            KeepAliveEvent::Stranded { attempt, error } => {
                format!("stranded {attempt}: {}", error.code.as_str())
            }
            KeepAliveEvent::Restored { attempts } => format!("restored after {attempts}"),
        })
    }));
    let runtime = VirtualRuntime(clock.clone());
    let k = keep.clone();
    let stopper = async move {
        runtime.sleep(for_ms).await;
        k.stop();
    };
    run(clock, futures_util::future::join(driver, stopper));
    (keep, seen)
}

fn cycle_paths(t: &ScriptedTransport) -> Vec<String> {
    t.paths()
        .into_iter()
        .map(|p| p.trim_start_matches("/callControl/agent/").to_string())
        .collect()
}

#[test]
fn keep_alive_cycles_a_ready_idle_agent() {
    let (clock, a, t, _) = setup();
    let (keep, seen) = keep_alive_for(&clock, &a, 100.0, 330);
    assert!(keep.is_stopped());
    // A random first phase (0.5 of the interval in tests), then every 100 ms: 50, 150, 250.
    assert_eq!(seen.borrow().as_slice(), ["cycled", "cycled", "cycled"]);
    assert_eq!(
        cycle_paths(&t),
        ["status", "status/notReady", "status/ready"].repeat(3)
    );
}

#[test]
fn keep_alive_never_cycles_during_a_call_or_readies_a_not_ready_agent() {
    let (clock, a, t, line) = setup();
    line.borrow_mut().state = "INCALL";
    line.borrow_mut().on_call = true;
    let (_, seen) = keep_alive_for(&clock, &a, 100.0, 230);
    assert_eq!(
        seen.borrow().as_slice(),
        ["skipped: on a call", "skipped: on a call"]
    );
    assert_eq!(cycle_paths(&t), ["status", "status"]);

    let (clock, a, t, line) = setup();
    line.borrow_mut().state = "NOTREADY";
    let (_, seen) = keep_alive_for(&clock, &a, 100.0, 230);
    assert_eq!(
        seen.borrow().as_slice(),
        ["skipped: not Ready", "skipped: not Ready"]
    );
    assert_eq!(cycle_paths(&t), ["status", "status"]);
}

#[test]
fn keep_alive_phases_are_spread_and_intervals_checked() {
    for bad in [0.0, 49.0, f64::NAN, f64::INFINITY, 3.0e9] {
        let (_, a, _, _) = setup();
        let e = KeepAlive::start(
            a,
            &KeepAliveOptions {
                interval_ms: Some(bad),
            },
        )
        .err()
        .unwrap();
        assert_eq!(e.field.as_deref(), Some("intervalMs"));
    }
    // The first cycle comes at random() × interval: with random() = 0.1, at 10 ms of 100.
    let (clock, a, t, _) = setup();
    clock.set_random(0.1);
    let (_, seen) = keep_alive_for(&clock, &a, 100.0, 20);
    assert_eq!(seen.borrow().len(), 1);
    assert_eq!(t.count(), 3);
}

/// A server whose `status/ready` answers `ready_replies` in turn (then 204).
fn flaky_ready(
    clock: &Rc<VirtualClock>,
    ready_replies: Vec<crate::testing::Reply>,
) -> (Agent, Rc<ScriptedTransport>) {
    let state = Rc::new(RefCell::new(("READY", ready_replies.into_iter())));
    let s = state.clone();
    let (p, t) = pipeline(clock, move |r: &HttpRequest| {
        let path = path_of(r).to_string();
        let mut st = s.borrow_mut();
        match path.as_str() {
            "/callControl/agent/status" => json(
                200,
                &j!({"agentStatus":{"lines":[{"lineNumber":"ACD","state":st.0}]}}).to_string(),
            ),
            "/callControl/agent/status/notReady" => {
                st.0 = "NOTREADY";
                json(204, "")
            }
            _ => match st.1.next() {
                Some(reply) => reply,
                None => {
                    st.0 = "READY";
                    json(204, "")
                }
            },
        }
    });
    (Agent::new(Session::resume(p, "SID", None).unwrap()), t)
}

#[test]
fn a_ready_lost_in_passing_is_tried_once_more() {
    let clock = VirtualClock::new();
    let (a, t) = flaky_ready(&clock, vec![crate::testing::Reply::Network]);
    let (_, seen) = keep_alive_for(&clock, &a, 100.0, 60);
    assert_eq!(seen.borrow().as_slice(), ["cycled"]);
    assert_eq!(
        cycle_paths(&t),
        ["status", "status/notReady", "status/ready", "status/ready"]
    );
}

#[test]
fn a_refused_ready_is_reported_and_restored() {
    let clock = VirtualClock::new();
    let (a, t) = flaky_ready(
        &clock,
        vec![json(400, r#"{"code":400,"message":"not now"}"#)],
    );
    let (_, seen) = keep_alive_for(&clock, &a, 100.0, 160);
    // The keep-alive made the agent Not Ready itself: it reports the refusal and restores
    // Ready after a pause (the status shows a Not Ready without a reason: its own).
    assert_eq!(
        seen.borrow().as_slice(),
        ["stranded 1: INVALID_ARGUMENT", "restored after 1"]
    );
    assert_eq!(
        cycle_paths(&t),
        [
            "status",
            "status/notReady",
            "status/ready",
            "status",
            "status/ready"
        ]
    );
}

#[test]
fn keep_alive_ends_when_the_session_is_gone() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(401, r#"{"code":401,"message":"expired"}"#));
    let a = Agent::new(Session::resume(p, "SID", None).unwrap());
    let (keep, seen) = keep_alive_for(&clock, &a, 100.0, 1000);
    assert_eq!(seen.borrow().as_slice(), ["error: SESSION_EXPIRED"]);
    assert_eq!(t.count(), 1);
    assert!(
        keep.is_stopped(),
        "a keep-alive whose session is gone reports stopped"
    );
}

fn term_fixture() -> SetTermCode {
    SetTermCode {
        call_transaction_id: "108821676850".into(),
        call_session_id: "U5EF8FT5DFC07F9@10.101.21.216".into(),
        term_code_id: "101416228".into(),
        move_agent_to_not_ready: false,
        phone_dialed: None,
        phone_number: None,
        notes: None,
        line_number: None,
        service_id: None,
        account: None,
        account_number: None,
        payment_amt: None,
        agent_entered_account: None,
        reason_code: None,
        immediate_callback_number: None,
    }
}

fn status_server(
    clock: &Rc<VirtualClock>,
    replies: Vec<&'static str>,
) -> (Agent, Rc<ScriptedTransport>) {
    let replies = Rc::new(RefCell::new(replies.into_iter()));
    let (p, t) = pipeline(clock, move |_| {
        json(200, replies.borrow_mut().next().unwrap_or("{}"))
    });
    (Agent::new(Session::resume(p, "SID", None).unwrap()), t)
}

#[test]
fn agent_status_as_an_array_and_an_empty_array_is_never_idle() {
    let clock = VirtualClock::new();
    let on_call = r#"{"agentStatus":[{"agentCallConnected":true,"lines":[{"lineNumber":"ACD","state":"INCALL","call":{"callTransactionId":"T1","callSessionId":"S1","phoneNumber":"9192109237"}}]}]}"#;
    let (a, t) = status_server(&clock, vec![on_call]);
    let call = run(&clock, a.current_call(&NONE)).unwrap().unwrap();
    assert_eq!(call.call_transaction_id, "T1");
    assert_eq!(bodies(&t)[0], Some(j!({})));

    // An empty list: "nothing changed", so currentCall asks again, and never answers "no call".
    let (a, t) = status_server(&clock, vec![r#"{"agentStatus":[]}"#, on_call]);
    let call = run(&clock, a.current_call(&NONE)).unwrap();
    assert_eq!(call.map(|c| c.call_transaction_id).as_deref(), Some("T1"));
    assert_eq!(t.count(), 2);
    let (a, _) = status_server(
        &clock,
        vec![r#"{"agentStatus":[]}"#, r#"{"agentStatus":[]}"#],
    );
    let e = run(&clock, a.current_call(&NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse);

    // status() itself hands the empty list on as `null`.
    let (a, _) = status_server(&clock, vec![r#"{"agentStatus":[]}"#]);
    let opts = AgentStatusOptions {
        state_changed_after: Some(crate::livevox::model::Instant::Millis(5.0)),
    };
    assert_eq!(
        run(&clock, a.status(&opts, &NONE)).unwrap().agent_status,
        None
    );

    // A keep-alive skips a cycle on an empty list instead of cycling an agent it cannot see.
    let (a, t) = status_server(&clock, vec![r#"{"agentStatus":[]}"#]);
    let (_, seen) = keep_alive_for(&clock, &a, 100.0, 60);
    assert_eq!(seen.borrow().as_slice(), ["skipped: status unknown"]);
    assert_eq!(cycle_paths(&t), ["status"]);
}

#[test]
fn a_required_field_that_does_not_read_is_a_bad_response_naming_it() {
    let clock = VirtualClock::new();
    let (a, _) = status_server(
        &clock,
        vec![r#"{"agentStatus":{"lines":[{"lineNumber":"ACD","state":7}]}}"#],
    );
    let e = run(&clock, a.status(&AgentStatusOptions::default(), &NONE)).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::BadResponse, Some("state"))
    );
    // The error names the call that got the answer (its log lines carry the same id).
    assert!(e.request_id.is_some());
    let (a, _) = status_server(&clock, vec![r#"{"status":{}}"#]);
    let e = run(&clock, a.status(&AgentStatusOptions::default(), &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("agentStatus"));
    // Odd optional fields read as absent.
    let (a, _) = status_server(
        &clock,
        vec![
            r#"{"agentStatus":{"agentMuted":"sometimes","service":"n/a","reasonCode":{},"lines":[{"lineNumber":"ACD","state":"READY","stateChangedTime":"yesterday","call":null}]}}"#,
        ],
    );
    let s = run(&clock, a.status(&AgentStatusOptions::default(), &NONE))
        .unwrap()
        .agent_status
        .unwrap();
    assert!(!s.agent_muted && s.service.is_none() && s.reason_code.is_none());
    assert_eq!(s.lines[0].state_changed_time, None);
}

#[test]
fn not_ready_takes_any_configured_code_up_to_64_characters() {
    let (clock, a, t, _) = setup();
    let opts = |c: &str| AgentNotReadyOptions {
        reason_code: Some(c.to_string()),
    };
    run(&clock, a.set_not_ready(&opts("Voice Mail"), &NONE)).unwrap();
    assert_eq!(
        t.paths(),
        ["/callControl/agent/status/notReady?reasonCode=Voice%20Mail"]
    );
    for bad in ["", "  ", &"X".repeat(65), "A\r\nB"] {
        let e = run(&clock, a.set_not_ready(&opts(bad), &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("reasonCode"), "{bad:?}");
    }
    assert_eq!(t.count(), 1);
}

#[test]
fn set_term_code_with_payment_fields_and_the_current_call_spread_in() {
    let (clock, a, t, _) = setup();
    // What `{ ...await agent.currentCall(), termCodeId, moveAgentToNotReady, paymentAmt }`
    // sends from JavaScript.
    let input = j!({"callTransactionId": "108821676850", "callSessionId": "U5EF",
        "serviceId": 1001, "phoneNumber": "9192109237", "accountNumber": null,
        "lineNumber": "ACD", "termCodeId": "101416230", "moveAgentToNotReady": false,
        "paymentAmt": 12.5, "agentEnteredAccount": "ACC-1001", "reasonCode": null,
        "immediateCallbackNumber": null});
    let term: SetTermCode = crate::livevox::strict_read(input).unwrap();
    run(&clock, a.set_term_code(&term, &NONE)).unwrap();
    assert_eq!(
        bodies(&t)[0],
        Some(
            j!({"callTransactionId": "108821676850", "callSessionId": "U5EF",
            "termCodeId": "101416230", "phoneDialed": "9192109237",
            "moveAgentToNotReady": false, "serviceId": 1001, "paymentAmt": 12.5,
            "agentEnteredAccount": "ACC-1001"})
        )
    );
    assert_eq!(
        path_of(&t.requests.borrow()[0]),
        "/callControl/agent/call/termCode?lineNumber=ACD"
    );
    // No phone at all is fine; every documented field goes on the wire as given.
    let term = SetTermCode {
        account: Some("ACC-9".into()),
        payment_amt: Some(PaymentAmount::Text("10.00".into())),
        reason_code: Some("Voice Mail".into()),
        immediate_callback_number: Some("6505550100".into()),
        move_agent_to_not_ready: true,
        ..term_fixture()
    };
    run(&clock, a.set_term_code(&term, &NONE)).unwrap();
    let sent = bodies(&t)[1].clone().unwrap();
    assert_eq!(sent["paymentAmt"], j!("10.00"));
    assert_eq!(sent["account"], j!("ACC-9"));
    assert_eq!(sent["reasonCode"], j!("Voice Mail"));
    assert_eq!(sent["immediateCallbackNumber"], j!("6505550100"));
    assert!(sent.get("phoneDialed").is_none());
    // Unknown keys and unusable values are rejected before sending, naming the key.
    let typo = j!({"callTransactionId": "1", "callSessionId": "S", "termCodeId": "T",
        "moveAgentToNotReady": false, "paymentAmount": 5});
    let e = crate::livevox::strict_read::<SetTermCode>(typo).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidArgument, Some("paymentAmount"))
    );
    let unsure = j!({"callTransactionId": "1", "callSessionId": "S", "termCodeId": "T",
        "moveAgentToNotReady": "perhaps"});
    let e = crate::livevox::strict_read::<SetTermCode>(unsure).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("moveAgentToNotReady"));
    for amount in [j!(-1), j!("ten")] {
        let term = SetTermCode {
            payment_amt: serde_json::from_value(amount.clone()).ok(),
            ..term_fixture()
        };
        let e = run(&clock, a.set_term_code(&term, &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("paymentAmt"), "{amount}");
    }
    assert_eq!(t.count(), 2);
}

/// The line state and Not Ready reason of [`stranding_server`].
type LineAndReason = Rc<RefCell<(&'static str, Option<&'static str>)>>;

/// A server whose Ready fails `failures` times with `fail` (Not Ready always works).
fn stranding_server(
    clock: &Rc<VirtualClock>,
    failures: usize,
    fail: fn() -> crate::testing::Reply,
) -> (Agent, Rc<ScriptedTransport>, LineAndReason) {
    let state = Rc::new(RefCell::new(("READY", None::<&'static str>)));
    let left = Rc::new(std::cell::Cell::new(failures));
    let s = state.clone();
    let (p, t) = pipeline(clock, move |r: &HttpRequest| {
        let path = path_of(r).to_string();
        let mut st = s.borrow_mut();
        match path.as_str() {
            "/callControl/agent/status" => json(
                200,
                &j!({"agentStatus":{"reasonCode": st.1,
                    "lines":[{"lineNumber":"ACD","state":st.0}]}})
                .to_string(),
            ),
            "/callControl/agent/status/notReady" => {
                st.0 = "NOTREADY";
                json(204, "")
            }
            _ if left.get() > 0 => {
                left.set(left.get() - 1);
                fail()
            }
            _ => {
                st.0 = "READY";
                json(204, "")
            }
        }
    });
    (
        Agent::new(Session::resume(p, "SID", None).unwrap()),
        t,
        state,
    )
}

#[test]
fn a_keep_alive_that_stranded_its_agent_keeps_restoring_ready_until_it_works() {
    let clock = VirtualClock::new();
    // Ready and its re-try fail (500), then four more tries fail: six failures in all.
    let (a, t, state) =
        stranding_server(&clock, 6, || json(500, r#"{"code":500,"message":"boom"}"#));
    let (keep, seen) = keep_alive_for(&clock, &a, 100.0, 5_000);
    let events = seen.borrow().clone();
    assert_eq!(
        &events[..6],
        [
            "stranded 1: SERVER_ERROR",
            "stranded 2: SERVER_ERROR",
            "stranded 3: SERVER_ERROR",
            "stranded 4: SERVER_ERROR",
            "stranded 5: SERVER_ERROR",
            "restored after 5",
        ]
    );
    assert!(events[6..].iter().all(|e| e == "cycled"), "{events:?}");
    assert_eq!(state.borrow().0, "READY");
    let h = keep.health();
    assert!(h.taking_calls() && !h.restoring && h.last_error.is_none());
    // The pauses grow: 100, 200, 400, 800 ms between the tries.
    let paths = cycle_paths(&t);
    assert_eq!(
        &paths[..8],
        [
            "status",
            "status/notReady",
            "status/ready",
            "status/ready",
            "status",
            "status/ready",
            "status",
            "status/ready"
        ]
    );
}

#[test]
fn restoring_stops_on_stop_and_leaves_someone_elses_not_ready_alone() {
    let clock = VirtualClock::new();
    let (a, _, state) = stranding_server(&clock, 1000, || crate::testing::Reply::Network);
    let (keep, seen) = keep_alive_for(&clock, &a, 100.0, 3_000);
    assert!(keep.is_stopped());
    let h = keep.health();
    assert!(!h.taking_calls());
    assert_eq!(state.borrow().0, "NOTREADY");
    let events = seen.borrow().clone();
    let (last, tries) = events.split_last().unwrap();
    assert_eq!(last, "skipped: stopped while restoring Ready");
    assert!(
        tries.iter().all(|e| e.starts_with("stranded")),
        "{events:?}"
    );
    assert!(seen.borrow().len() >= 4, "{:?}", seen.borrow());

    // A supervisor sets a reason while the keep-alive restores: that Not Ready is theirs.
    let (a, t, state) =
        stranding_server(&clock, 2, || json(503, r#"{"code":503,"message":"busy"}"#));
    let mut retry_free = a.session().pipeline().clone();
    retry_free.retry.max_retries = 0;
    let a = Agent::new(Session::resume(retry_free, "SID", None).unwrap());
    let s = state.clone();
    let (_, driver) = KeepAlive::start(
        a.clone(),
        &KeepAliveOptions {
            interval_ms: Some(100.0),
        },
    )
    .unwrap();
    let runtime = VirtualRuntime(clock.clone());
    let meddle = async move {
        runtime.sleep(80).await; // after the failed cycle at 50 ms, before the retry at 150
        s.borrow_mut().1 = Some("LUNCH");
    };
    let _ = run(
        &clock,
        futures_util::future::select(
            Box::pin(driver),
            Box::pin(async {
                meddle.await;
                VirtualRuntime(clock.clone()).sleep(500).await;
            }),
        ),
    );
    assert_eq!(state.borrow().0, "NOTREADY");
    let readies_after = cycle_paths(&t)
        .iter()
        .skip(4)
        .filter(|p| *p == "status/ready")
        .count();
    assert_eq!(readies_after, 0, "{:?}", cycle_paths(&t));
}

/// An agent whose server answers every request with `reply`, recording what was sent.
fn answering(reply: &'static str) -> (Agent, Rc<ScriptedTransport>, Rc<VirtualClock>) {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, move |_r: &HttpRequest| {
        if reply.is_empty() {
            json(204, "")
        } else {
            json(200, reply)
        }
    });
    (
        Agent::new(Session::resume(p, "SID", None).unwrap()),
        t,
        clock,
    )
}

fn sent(t: &ScriptedTransport) -> Vec<(String, String, Option<String>)> {
    t.requests
        .borrow()
        .iter()
        .map(|r| {
            (
                format!("{:?}", r.method).to_uppercase(),
                path_of(r).to_string(),
                r.body.clone(),
            )
        })
        .collect()
}

#[test]
fn call_actions_send_the_paths_and_methods_of_the_public_clients() {
    let (a, t, clock) = answering("");
    let line = |l: &str| CallLineOptions {
        line_number: Some(l.into()),
    };
    let none = CallLineOptions::default();
    let cases = [
        (
            CallAction::EndCall,
            line("ACD"),
            "POST",
            "/callControl/agent/customer/call/end?lineNumber=ACD",
        ),
        (
            CallAction::Hold,
            none.clone(),
            "POST",
            "/callControl/agent/customer/call/hold",
        ),
        (
            CallAction::Unhold,
            line("EXT20"),
            "POST",
            "/callControl/agent/customer/call/unhold?lineNumber=EXT20",
        ),
        (
            CallAction::Mute,
            none.clone(),
            "PUT",
            "/callControl/agent/call/mute",
        ),
        (
            CallAction::Unmute,
            none.clone(),
            "PUT",
            "/callControl/agent/call/unmute",
        ),
        (
            CallAction::PauseRecording,
            none.clone(),
            "POST",
            "/callControl/agent/callRecord/pause",
        ),
        (
            CallAction::ResumeRecording,
            line("DIRECT"),
            "POST",
            "/callControl/agent/callRecord/resume?lineNumber=DIRECT",
        ),
    ];
    for (action, opts, method, path) in &cases {
        run(&clock, a.call_action(*action, opts, &NONE)).unwrap();
        let last = sent(&t).pop().unwrap();
        assert_eq!(
            (last.0.as_str(), last.1.as_str(), last.2),
            (*method, *path, None),
            "{action:?}"
        );
    }
    // Bad lines, and a line for mute, are refused before anything is sent.
    let before = t.count();
    for bad in ["acd", "EXT0", "EXT21", "EXT01", "EXT+1", "", "LINE1"] {
        let e = run(&clock, a.call_action(CallAction::Hold, &line(bad), &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("lineNumber")),
            "{bad}"
        );
    }
    let e = run(&clock, a.call_action(CallAction::Mute, &line("ACD"), &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("lineNumber"));
    assert_eq!(t.count(), before);
}

#[test]
fn transfer_to_person_sends_the_manual_conference_body() {
    let (a, t, clock) = answering("");
    let mut tr = TransferToPerson {
        number: " +1 800-555-0100 ".into(),
        ..TransferToPerson::default()
    };
    run(&clock, a.transfer_to_person(&tr, &NONE)).unwrap();
    tr.hold = Some(true);
    tr.secure = Some(true);
    tr.line_number = Some("ACD".into());
    run(&clock, a.transfer_to_person(&tr, &NONE)).unwrap();
    let s = sent(&t);
    assert_eq!(s[0].0, "POST");
    assert_eq!(s[0].1, "/callControl/agent/conference/manual");
    let body: Value = serde_json::from_str(s[0].2.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        j!({"supervisorNumber": "+1 800-555-0100", "putCallOnHold": false, "secureTransfer": false})
    );
    assert_eq!(
        s[1].1,
        "/callControl/agent/conference/manual?lineNumber=ACD"
    );
    let body: Value = serde_json::from_str(s[1].2.as_deref().unwrap()).unwrap();
    assert_eq!(body["putCallOnHold"], true);
    assert_eq!(body["secureTransfer"], true);
    for bad in ["", "12", "sip:x@h", "+1 800 CALL NOW"] {
        tr.number = bad.into();
        let e = run(&clock, a.transfer_to_person(&tr, &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("number"), "{bad}");
    }
    assert_eq!(t.count(), 2);
}

#[test]
fn screen_pop_reads_rows_and_fields_leniently() {
    let (a, t, clock) = answering(
        r#"{"screenPopRow":[{"key":"FIRST NAME","value":"LV"},{"key":"ACCOUNT NUMBER","value":1234},
            {"key":"PHONE DIALED","value":"9174645253"},{"key":"Call Direction","value":"Outbound"},
            {"key":"Notes","value":null},{"key":"FIRST NAME","value":"second"}],"extra":true}"#,
    );
    let pop = run(&clock, a.screen_pop(&CallLineOptions::default(), &NONE)).unwrap();
    assert_eq!(t.paths(), ["/callControl/agent/screenpop"]);
    assert_eq!(pop.rows.len(), 6);
    assert_eq!(pop.rows[1].value, "1234", "a number reads as text");
    assert_eq!(
        pop.fields["FIRST NAME"], "LV",
        "the first row of a repeated key wins"
    );
    assert_eq!(pop.fields["Notes"], "", "null reads as empty");
    assert_eq!(pop.fields["Call Direction"], "Outbound");
    // No rows at all, or null: empty.
    for body in [r#"{}"#, r#"{"screenPopRow":null}"#] {
        let (a, _, clock) = answering(body);
        let pop = run(&clock, a.screen_pop(&CallLineOptions::default(), &NONE)).unwrap();
        assert!(pop.rows.is_empty() && pop.fields.is_empty());
    }
    let (a, _, clock) = answering(r#"{"screenPopRow":"nope"}"#);
    let e = run(&clock, a.screen_pop(&CallLineOptions::default(), &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse);
}

#[test]
fn services_allowed_and_features_decode_the_recorded_replies() {
    // The AzureDemo client's recorded GetListOfServicesResult, plus a sipId (LiveVox.NET).
    let (a, t, clock) = answering(
        r#"{"services":[{"serviceId":46014,"serviceName":"Omega_Manual_RT"},{"serviceId":"22131","serviceName":"AgentReg (Agent Call Out 7)"}],
            "homeAgent":true,"phoneNumber":"6503517524","sipId":"sip-7"}"#,
    );
    let s = run(&clock, a.services_allowed(&NONE)).unwrap();
    assert_eq!(t.paths(), ["/callControl/agent/service/access"]);
    assert_eq!(s.services[1].service_id, 22131, "an id sent as text");
    assert_eq!(s.home_agent, Some(true));
    assert_eq!(s.phone_number.as_deref(), Some("6503517524"));
    assert_eq!(s.other["sipId"], "sip-7", "unknown fields pass through");

    // The recorded GetServiceDetailsResult (made valid JSON), ids as text.
    let (a, t, clock) = answering(
        r#"{"features":{"notReadyReasonCodes":null,"agentNotesEnabled":"true","callRecordingControlEnabled":true,
            "reasonCodesEnabled":false,"featureCode":2,"lvScreenPopurl":"JSONScreenPop_ACDDev.jsp"},
            "callInPhoneNumber":null,"clientId":"1234","clientCode":"ACD210","serviceId":"22340",
            "serviceDescription":"DIRECT-CALL","callCenterId":1623,"callCenterName":"Test Call Center"}"#,
    );
    let f = run(&clock, a.service_features(22340.0, &NONE)).unwrap();
    assert_eq!(
        t.paths(),
        ["/callControl/agent/service/features?serviceId=22340"]
    );
    assert_eq!(f.service_id, Some(22340));
    assert_eq!(f.call_center_id, Some(1623));
    assert_eq!(f.other["clientCode"], "ACD210");
    let flags = f.features.unwrap();
    assert!(
        flags.not_ready_reason_codes.is_empty(),
        "null reads as no codes"
    );
    assert!(!flags.reason_codes_enabled);
    assert_eq!(flags.call_recording_control_enabled, Some(true));
    assert_eq!(flags.other["featureCode"], 2);
    assert_eq!(flags.other["agentNotesEnabled"], "true", "raw values kept");

    let (a, _, clock) = answering(
        r#"{"features":{"notReadyReasonCodes":["BREAK","Voice Mail"],"reasonCodesEnabled":"true"}}"#,
    );
    let flags = run(&clock, a.service_features(1001.0, &NONE))
        .unwrap()
        .features
        .unwrap();
    assert_eq!(flags.not_ready_reason_codes, ["BREAK", "Voice Mail"]);
    assert!(flags.reason_codes_enabled);
    let e = run(&clock, a.service_features(0.5, &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("serviceId"));
}

#[test]
fn a_conferenced_line_says_so() {
    let (a, _, clock) = answering(
        r#"{"agentStatus":[{"agentMuted":"true","lines":[{"lineNumber":"ACD","state":"INCALL",
            "conferenceInitiated":true,"callConferenced":"true"},{"lineNumber":"DIRECT","state":"READY"}]}]}"#,
    );
    let s = run(&clock, a.status(&AgentStatusOptions::default(), &NONE))
        .unwrap()
        .agent_status
        .unwrap();
    assert!(s.agent_muted);
    assert_eq!(s.lines[0].conference_initiated, Some(true));
    assert_eq!(s.lines[0].call_conferenced, Some(true));
    assert_eq!(s.lines[1].call_conferenced, None);
}

/// What `decode_text::<T>` makes of `text`: the value written back as JSON, or the error's
/// `field` and message.
fn decoded<T: serde::de::DeserializeOwned + crate::wire::FromJson + Serialize>(
    text: &str,
) -> String {
    match crate::livevox::decode_text::<T>(text) {
        Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
        Err(e) => format!("Err {:?} {}", e.field, e.message),
    }
}

/// What the reply model `model` makes of `text` (`Inner@Outer`: `text` placed where the
/// platform sends an `Inner` in an `Outer` reply).
fn pin(model: &str, text: &str) -> String {
    let line = |call: &str| format!(r#"{{"lineNumber":"ACD","state":"INCALL","call":{call}}}"#);
    match model {
        "LineCall" => decoded::<LineCall>(text),
        "AgentLine" => decoded::<AgentLine>(text),
        "AgentServiceStatus" => decoded::<AgentServiceStatus>(text),
        "AgentStatus" => decoded::<AgentStatus>(text),
        "AgentStatusBody" => decoded::<AgentStatusBody>(text),
        "LineCall@AgentStatusBody" => decoded::<AgentStatusBody>(&format!(
            r#"{{"agentStatus":{{"lines":[{}]}}}}"#,
            line(text)
        )),
        "LineCall@AgentStatusBody[]" => decoded::<AgentStatusBody>(&format!(
            r#"{{"agentStatus":[{{"lines":[{}]}}]}}"#,
            line(text)
        )),
        "AgentLine@AgentStatusBody" => {
            decoded::<AgentStatusBody>(&format!(r#"{{"agentStatus":{{"lines":[{text}]}}}}"#))
        }
        "AgentLine@AgentStatusBody[]" => {
            decoded::<AgentStatusBody>(&format!(r#"{{"agentStatus":[{{"lines":[{text}]}}]}}"#))
        }
        "AgentStatus@AgentStatusBody" => {
            decoded::<AgentStatusBody>(&format!(r#"{{"agentStatus":{text}}}"#))
        }
        "AgentStatus@AgentStatusBody[]" => {
            decoded::<AgentStatusBody>(&format!(r#"{{"agentStatus":[{text}]}}"#))
        }
        "TermCode" => decoded::<TermCode>(text),
        "TermCodeCategory" => decoded::<TermCodeCategory>(text),
        "TermCodes" => decoded::<TermCodes>(text),
        "TermCode@TermCodes" => decoded::<TermCodes>(&format!(
            r#"{{"termCodeCategories":[{{"name":"Done","termCodes":[{text}]}}]}}"#
        )),
        "ScreenPopReply" => match crate::livevox::decode_text::<ScreenPopReply>(text) {
            Ok(v) => serde_json::to_string(&ScreenPop::from(v)).unwrap_or_default(),
            Err(e) => format!("Err {:?} {}", e.field, e.message),
        },
        "ScreenPopWireRow@ScreenPopReply" => {
            pin("ScreenPopReply", &format!(r#"{{"screenPopRow":[{text}]}}"#))
        }
        "AllowedService" => decoded::<AllowedService>(text),
        "AgentServices" => decoded::<AgentServices>(text),
        "AllowedService@AgentServices" => {
            decoded::<AgentServices>(&format!(r#"{{"services":[{text}]}}"#))
        }
        "ServiceFeatureFlags" => decoded::<ServiceFeatureFlags>(text),
        "ServiceFeatures" => decoded::<ServiceFeatures>(text),
        "ServiceFeatureFlags@ServiceFeatures" => {
            decoded::<ServiceFeatures>(&format!(r#"{{"features":{text}}}"#))
        }
        _ => format!("no model {model}"),
    }
}

/// A model of [`pinned_cases`]: its name, a good reply, and the values of the wrong type to
/// try in each field.
type PinnedModel<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);

/// The reply texts of [`reply_models_read_as_pinned`]: for each model, a good reply, values that
/// are not an object, then for each field: the field left out, `null`, and values of the wrong
/// type; then the quirks.
fn pinned_cases() -> Vec<(String, String)> {
    // (model, good object, [(field, wrong values)])
    let s = &["{}", "[]", "true", "5.5", "5.0", "-7"][..];
    let t = &["{}", "[1]", "\"\"", "5.0", "false"][..];
    let oi = &["\"x\"", "{}", "1.5", "\"12\"", "\"12L\"", "3.0"][..];
    let fl = &["\"maybe\"", "{}", "1", "\"yes\"", "\" No \""][..];
    let int = &[
        "\"x\"",
        "1.5",
        "{}",
        "\"22131\"",
        "22131.0",
        "18446744073709551615",
    ][..];
    let models: &[PinnedModel] = &[
        (
            "LineCall",
            r#"{"callTransactionId":"T1","callSessionId":"S1","serviceId":"1001","callCenterId":7,"accountNumber":"ACC","phoneNumber":9192109237,"callRequiresAcceptance":"true"}"#,
            &[
                ("callTransactionId", s),
                ("callSessionId", s),
                ("serviceId", oi),
                ("callCenterId", oi),
                ("accountNumber", t),
                ("phoneNumber", t),
                ("callRequiresAcceptance", fl),
            ],
        ),
        (
            "LineCall@AgentStatusBody",
            r#"{"callTransactionId":"T1","callSessionId":"S1","serviceId":"1001","callCenterId":7,"accountNumber":"ACC","phoneNumber":9192109237,"callRequiresAcceptance":"true"}"#,
            &[
                ("callTransactionId", s),
                ("callSessionId", s),
                ("serviceId", oi),
                ("callRequiresAcceptance", fl),
            ],
        ),
        (
            "LineCall@AgentStatusBody[]",
            r#"{"callTransactionId":"T1","callSessionId":"S1"}"#,
            &[("callTransactionId", s), ("callSessionId", s)],
        ),
        (
            "AgentLine",
            r#"{"lineNumber":"ACD","state":"INCALL","stateChangedTime":"1573809480000","call":{"callTransactionId":"T1","callSessionId":"S1"},"conferenceInitiated":true,"callConferenced":"false"}"#,
            &[
                ("lineNumber", s),
                ("state", &["7", "\"NEW\"", "{}", "\"incall\"", "\"\""]),
                ("stateChangedTime", oi),
                ("call", &["5", "\"\"", "[]", "{}", "[\"T\",\"S\"]"]),
                ("conferenceInitiated", fl),
                ("callConferenced", fl),
            ],
        ),
        (
            "AgentLine@AgentStatusBody",
            r#"{"lineNumber":"ACD","state":"INCALL","stateChangedTime":"1573809480000","call":{"callTransactionId":"T1","callSessionId":"S1"}}"#,
            &[
                ("lineNumber", s),
                ("state", &["7", "\"NEW\"", "{}"]),
                ("stateChangedTime", oi),
                ("call", &["5", "[]", "{}"]),
            ],
        ),
        (
            "AgentLine@AgentStatusBody[]",
            r#"{"lineNumber":"ACD","state":"READY"}"#,
            &[
                ("lineNumber", s),
                ("state", &["7", "{}"]),
                ("call", &["5", "{}"]),
            ],
        ),
        (
            "AgentServiceStatus",
            r#"{"callsInProgress":"2","callsOnHold":0,"reloadServiceId":1001}"#,
            &[
                ("callsInProgress", oi),
                ("callsOnHold", oi),
                ("reloadServiceId", oi),
            ],
        ),
        (
            "AgentStatus",
            r#"{"reasonCode":"BREAK","agentMuted":"false","service":{"callsInProgress":"2"},"lines":[{"lineNumber":"ACD","state":"READY"}]}"#,
            &[
                ("reasonCode", t),
                ("agentMuted", fl),
                (
                    "service",
                    &[
                        "\"n/a\"",
                        "[]",
                        "[1,2,3]",
                        "{}",
                        "{\"callsInProgress\":\"x\"}",
                        "5",
                    ],
                ),
                ("lines", &["5", "{}", "[5]", "\"x\"", "[null]", "[[]]"]),
            ],
        ),
        (
            "AgentStatus@AgentStatusBody",
            r#"{"reasonCode":"BREAK","agentMuted":"false","service":{"callsInProgress":"2"},"lines":[{"lineNumber":"ACD","state":"READY"}]}"#,
            &[
                ("reasonCode", t),
                ("agentMuted", fl),
                ("service", &["\"n/a\"", "[]", "[1,2,3]"]),
                ("lines", &["5", "{}", "[5]", "[null]", "[[]]"]),
            ],
        ),
        (
            "AgentStatus@AgentStatusBody[]",
            r#"{"agentMuted":true,"lines":[]}"#,
            &[
                ("agentMuted", fl),
                ("service", &["[1,2,3]", "[]"]),
                ("lines", &["5", "[5]"]),
            ],
        ),
        (
            "AgentStatusBody",
            r#"{"agentStatus":{"lines":[]}}"#,
            &[(
                "agentStatus",
                &[
                    "5",
                    "\"x\"",
                    "true",
                    "[]",
                    "[5]",
                    "[null]",
                    "[[]]",
                    "[{\"lines\":[]},{\"lines\":5}]",
                    "[{\"lines\":5}]",
                    "{}",
                    "[{}]",
                    "{\"lines\":[5]}",
                ],
            )],
        ),
        (
            "TermCode",
            r#"{"id":"11","name":"Paid","lvResultId":"240","lvResult":"AGENT","actionType":"RPC_WITH_PAYMENT","paymentAmtRequired":"true","reportDisplayOrder":3,"previewDialEnabled":false,"triggerDNC":"false","triggerDnc":"yes"}"#,
            &[
                ("id", s),
                ("name", s),
                ("lvResultId", oi),
                ("lvResult", t),
                ("actionType", t),
                ("paymentAmtRequired", fl),
                ("reportDisplayOrder", oi),
                ("previewDialEnabled", fl),
                ("triggerDnc", fl),
            ],
        ),
        (
            "TermCode@TermCodes",
            r#"{"id":11,"name":"Paid","paymentAmtRequired":"true"}"#,
            &[
                ("id", s),
                ("name", &["{}", "5"]),
                ("lvResultId", &["\"x\""]),
                ("paymentAmtRequired", &["{}"]),
            ],
        ),
        (
            "TermCodeCategory",
            r#"{"name":"Done","termCodes":[{"id":"1","name":"Sale"}]}"#,
            &[
                ("name", s),
                ("termCodes", &["5", "{}", "[5]", "[{}]", "[{\"id\":\"1\"}]"]),
            ],
        ),
        (
            "TermCodes",
            r#"{"termCodeCategories":[{"name":"Done","termCodes":[]}]}"#,
            &[(
                "termCodeCategories",
                &[
                    "5",
                    "{}",
                    "[5]",
                    "[{}]",
                    "[{\"name\":\"x\"}]",
                    "[{\"name\":{},\"termCodes\":[]}]",
                ],
            )],
        ),
        (
            "ScreenPopReply",
            r#"{"screenPopRow":[{"key":"FIRST NAME","value":"LV"},{"key":"A","value":12}],"extra":true}"#,
            &[(
                "screenPopRow",
                &["\"nope\"", "5", "{}", "[5]", "[[]]", "[null]", "[{}]"],
            )],
        ),
        (
            "ScreenPopWireRow@ScreenPopReply",
            r#"{"key":"FIRST NAME","value":"LV"}"#,
            &[("key", s), ("value", s)],
        ),
        (
            "AllowedService",
            r#"{"serviceId":"22131","serviceName":"AgentReg"}"#,
            &[("serviceId", int), ("serviceName", s)],
        ),
        (
            "AllowedService@AgentServices",
            r#"{"serviceId":46014,"serviceName":"Omega"}"#,
            &[("serviceId", int), ("serviceName", s)],
        ),
        (
            "AgentServices",
            r#"{"services":[{"serviceId":46014,"serviceName":"Omega"}],"homeAgent":true,"phoneNumber":"6503517524","sipId":"sip-7"}"#,
            &[
                ("services", &["5", "{}", "[5]", "[{}]", "\"x\""]),
                ("homeAgent", fl),
                ("phoneNumber", t),
            ],
        ),
        (
            "ServiceFeatureFlags",
            r#"{"notReadyReasonCodes":["BREAK"],"reasonCodesEnabled":"true","callRecordingControlEnabled":true,"manualTransferEnabled":"false","termCodeEnabled":1,"featureCode":2}"#,
            &[
                (
                    "notReadyReasonCodes",
                    &["5", "{}", "[5]", "\"x\"", "[null]"],
                ),
                ("reasonCodesEnabled", fl),
                ("callRecordingControlEnabled", fl),
                ("manualTransferEnabled", fl),
                ("termCodeEnabled", fl),
            ],
        ),
        (
            "ServiceFeatureFlags@ServiceFeatures",
            r#"{"notReadyReasonCodes":["BREAK"],"reasonCodesEnabled":"true"}"#,
            &[
                ("notReadyReasonCodes", &["5", "[5]"]),
                ("reasonCodesEnabled", &["{}"]),
            ],
        ),
        (
            "ServiceFeatures",
            r#"{"features":{"notReadyReasonCodes":null},"serviceId":"22340","serviceDescription":"DIRECT-CALL","callCenterId":1623,"callCenterName":"Test","clientCode":"ACD210"}"#,
            &[
                (
                    "features",
                    &["5", "[]", "{}", "{\"notReadyReasonCodes\":5}", "\"x\""],
                ),
                ("serviceId", oi),
                ("serviceDescription", t),
                ("callCenterId", oi),
                ("callCenterName", t),
            ],
        ),
    ];
    let mut cases = Vec::new();
    for (model, good, fields) in models {
        cases.push((model.to_string(), good.to_string()));
        for other in ["5", "\"x\"", "[]", "null", "true", "{}"] {
            cases.push((model.to_string(), other.to_string()));
        }
        let base: Value = serde_json::from_str(good).unwrap();
        for (field, wrong) in *fields {
            let mut v = base.clone();
            v.as_object_mut().unwrap().remove(*field);
            cases.push((model.to_string(), v.to_string()));
            for w in ["null"].iter().chain(wrong.iter()) {
                let mut v = base.clone();
                v[*field] = serde_json::from_str(w).unwrap();
                cases.push((model.to_string(), v.to_string()));
            }
        }
    }
    let quirks = [
        // a repeated key
        ("LineCall", r#"{"callTransactionId":"a","callTransactionId":"b","callSessionId":"S"}"#),
        ("AgentServices", r#"{"services":[],"services":null,"sipId":1,"sipId":2}"#),
        ("ServiceFeatures", r#"{"serviceId":1,"serviceId":"2","x":1,"x":2}"#),
        // two fields at fault: the one reported
        ("AgentLine", r#"{"state":7,"lineNumber":{}}"#),
        ("AgentLine", r#"{"lineNumber":{},"state":7}"#),
        // a list where an object is expected
        ("AgentLine", r#"{"lineNumber":"ACD","state":"INCALL","call":["T","S"]}"#),
        ("AgentStatus", r#"{"service":[1,2],"lines":[["ACD","READY"]]}"#),
        ("ScreenPopReply", r#"[[{"key":"k","value":"v"}]]"#),
        // the replies of the agent-status tests above
        ("AgentStatusBody", r#"{"agentStatus":{"lines":[{"lineNumber":"EXT1","state":"SOMETHING_NEW"},{"lineNumber":"ACD","state":"WRAPUP","call":{"callTransactionId":5,"callSessionId":"S"}}]}}"#),
        ("AgentStatusBody", r#"{"agentStatus":{"lines":null}}"#),
        ("AgentStatusBody", r#"{"lines":[]}"#),
        ("AgentStatusBody", r#"{"status":{}}"#),
        ("AgentStatusBody", r#"{"agentStatus":{"agentMuted":"sometimes","service":"n/a","reasonCode":{},"lines":[{"lineNumber":"ACD","state":"READY","stateChangedTime":"yesterday","call":null}]}}"#),
        ("AgentStatusBody", r#"{"agentStatus":[{"agentMuted":"true","lines":[{"lineNumber":"ACD","state":"INCALL","conferenceInitiated":true,"callConferenced":"true"},{"lineNumber":"DIRECT","state":"READY"}]}]}"#),
        ("AgentStatusBody", r#"{"agentStatus":[{"agentCallConnected":true,"lines":[{"lineNumber":"ACD","state":"INCALL","call":{"callTransactionId":"T1","callSessionId":"S1","phoneNumber":"9192109237"}}]}]}"#),
        ("AgentStatusBody", r#"{"agentStatus":[{"lines":[]},5]}"#),
        ("AgentStatusBody", r#" {"agentStatus" : {"lines":[{"lineNumber":"ACD","state":7}]}} "#),
        ("AgentStatusBody", "{\n \"agentStatus\": [\n  {\"lines\": [\n   {\"lineNumber\": \"ACD\", \"state\": {}}]}]}"),
        ("AgentStatusBody", r#"{"agentStatus":{"lines":[]}"#),
        ("AgentStatusBody", r#"{"agentStatus":{"lines":[]}} x"#),
        ("AgentStatusBody", ""),
        ("ScreenPopReply", r#"{"screenPopRow":[{"key":"FIRST NAME","value":"LV"},{"key":"ACCOUNT NUMBER","value":1234},{"key":"Notes","value":null},{"key":"FIRST NAME","value":"second"},{"value":"no key"}],"extra":true}"#),
        ("AgentServices", r#"{"services":[{"serviceId":46014,"serviceName":"Omega_Manual_RT"},{"serviceId":"22131","serviceName":"AgentReg (Agent Call Out 7)"}],"homeAgent":true,"phoneNumber":"6503517524","sipId":"sip-7"}"#),
        ("ServiceFeatures", r#"{"features":{"notReadyReasonCodes":null,"agentNotesEnabled":"true","callRecordingControlEnabled":true,"reasonCodesEnabled":false,"featureCode":2,"lvScreenPopurl":"JSONScreenPop_ACDDev.jsp"},"callInPhoneNumber":null,"clientId":"1234","clientCode":"ACD210","serviceId":"22340","serviceDescription":"DIRECT-CALL","callCenterId":1623,"callCenterName":"Test Call Center"}"#),
        ("ServiceFeatures", r#"{"features":{"notReadyReasonCodes":["BREAK","Voice Mail"],"reasonCodesEnabled":"true"},"big":123456789012345678901234,"f":1.0e3}"#),
    ];
    cases.extend(
        quirks
            .into_iter()
            .map(|(m, t)| (m.to_string(), t.to_string())),
    );
    cases
}

/// Each reply model of the agent API reads each reply as `reply_pins.txt` says (one line per
/// case: the model, the reply, and what `decode_text` gives: the value written back as JSON,
/// or `Err`, the error's `field` and message). The file was written from serde's derived
/// readers; the models' own readers (`crate::wire`) give the same but where serde's derive
/// read what no platform sends: a list where an object belongs (serde's derive read it by
/// position; now an error, or absent for `service`), a key sent twice (serde's derive refused
/// it; now the last one counts), two fields at fault (serde's derive reported the first in the
/// text; now the first in key order).
#[test]
fn reply_models_read_as_pinned() {
    let pinned = include_str!("reply_pins.txt");
    let mut actual = String::new();
    for (model, text) in pinned_cases() {
        let got = pin(&model, &text);
        let text = text.replace('\n', "\\n");
        actual.push_str(&format!("{model}\t{text}\t{got}\n"));
    }
    crate::livevox::test_support::check_pins(pinned, &actual, "reply_pins.actual.txt");
}

/// What the agent method that reads the caller-input model `model` makes of the caller's JSON
/// `text`: `Ok` and the value read, or `Err`, the error's `field` and message.
fn input_pin(model: &str, text: &str) -> String {
    use crate::livevox::test_support::wire_strict;
    match model {
        // `status`, `setNotReady`, `keepAlive` and the line's call controls read an options
        // object; `setTermCode` and `transferToPerson` a strict argument.
        "AgentStatusOptions" => input_read::<AgentStatusOptions>(text, None),
        "AgentNotReadyOptions" => input_read::<AgentNotReadyOptions>(text, None),
        "KeepAliveOptions" => input_read::<KeepAliveOptions>(text, None),
        "CallLineOptions" => input_read::<CallLineOptions>(text, None),
        "SetTermCode" => wire_strict::<SetTermCode>(text),
        "TransferToPerson" => wire_strict::<TransferToPerson>(text),
        _ => format!("no model {model}"),
    }
}

/// What `convert::read_input` gives for a caller's JSON `text` read as `T` (`field` for a
/// positional argument, else the option at fault is named).
fn input_read<T: crate::wire::FromJson + std::fmt::Debug>(
    text: &str,
    field: Option<&str>,
) -> String {
    let value: Value = serde_json::from_str(text).unwrap();
    match crate::wire::input::<T>(value, field) {
        Ok(v) => format!("Ok {v:?}"),
        Err(e) => format!("Err {} | {}", e.field.unwrap_or_default(), e.message),
    }
}

/// The caller inputs of [`input_models_read_as_pinned`]: for each model, values that are not
/// an object, a good object, then for each field: the field left out, `null`, and values of
/// the wrong type; then the quirks.
fn input_cases() -> Vec<(String, String)> {
    let not_objects = ["{}", "[]", "[\"a\"]", "null", "5", "1.5", "\"x\"", "true"];
    let text = &["5", "1.5", "true", "[]", "[\"a\"]", "{}", "\"\""][..];
    let flag = &["\"true\"", "1", "0", "1.5", "[]", "{}", "null"][..];
    let float = &[
        "\"x\"",
        "\"5\"",
        "true",
        "[]",
        "{}",
        "1.5",
        "-1",
        "0",
        "1e300",
        "18446744073709551615",
    ][..];
    let int = &[
        "\"5\"",
        "1.5",
        "5.0",
        "true",
        "[]",
        "{}",
        "-1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
    ][..];
    let amount = &[
        "true",
        "[]",
        "[1]",
        "{}",
        "{\"a\":1}",
        "\"\"",
        "\"12.50\"",
        "-1",
        "0",
        "1e300",
        "18446744073709551615",
    ][..];
    let instant = &[
        "\"1700000000000\"",
        "\"x\"",
        "1.5",
        "-1",
        "true",
        "[]",
        "[1]",
        "{}",
        "18446744073709551615",
    ][..];
    let term = r#"{"callTransactionId":"108821676850","callSessionId":"U5EF","termCodeId":"101416230","moveAgentToNotReady":false,"phoneDialed":"9192109237","phoneNumber":"9192109000","notes":"n","lineNumber":"ACD","serviceId":1001,"account":"A1","accountNumber":"A2","paymentAmt":12.5,"agentEnteredAccount":"ACC","reasonCode":"BREAK","immediateCallbackNumber":"6505550100"}"#;
    let models: &[PinnedModel] = &[
        (
            "AgentStatusOptions",
            r#"{"stateChangedAfter":1700000000000}"#,
            &[("stateChangedAfter", instant)],
        ),
        (
            "AgentNotReadyOptions",
            r#"{"reasonCode":"BREAK"}"#,
            &[("reasonCode", text)],
        ),
        (
            "KeepAliveOptions",
            r#"{"intervalMs":60000}"#,
            &[("intervalMs", float)],
        ),
        (
            "CallLineOptions",
            r#"{"lineNumber":"ACD"}"#,
            &[("lineNumber", text)],
        ),
        (
            "SetTermCode",
            term,
            &[
                ("callTransactionId", text),
                ("callSessionId", text),
                ("termCodeId", text),
                ("moveAgentToNotReady", flag),
                ("phoneDialed", text),
                ("phoneNumber", text),
                ("notes", text),
                ("lineNumber", text),
                ("serviceId", int),
                ("account", text),
                ("accountNumber", text),
                ("paymentAmt", amount),
                ("agentEnteredAccount", text),
                ("reasonCode", text),
                ("immediateCallbackNumber", text),
            ],
        ),
        (
            "TransferToPerson",
            r#"{"number":"+18005550100","hold":true,"secure":false,"lineNumber":"EXT1"}"#,
            &[
                ("number", text),
                ("hold", flag),
                ("secure", flag),
                ("lineNumber", text),
            ],
        ),
    ];
    let mut cases = Vec::new();
    for (model, good, fields) in models {
        for t in crate::livevox::test_support::input_variants(&not_objects, good, fields) {
            cases.push((model.to_string(), t));
        }
    }
    let quirks = [
        // two bad values: the first in the text and the first in key order
        (
            "SetTermCode",
            r#"{"termCodeId":5,"callTransactionId":true}"#,
        ),
        ("SetTermCode", r#"{"zzz":1,"callTransactionId":5}"#),
        ("SetTermCode", r#"{"callTransactionId":5,"zzz":1}"#),
        ("SetTermCode", r#"{"aaa":1,"callTransactionId":5}"#),
        ("SetTermCode", r#"{"callTransactionId":"1","zzz":1}"#),
        (
            "SetTermCode",
            r#"{"callTransactionId":"1","callSessionId":"S"}"#,
        ),
        (
            "SetTermCode",
            r#"{"callTransactionId":"1","callSessionId":"S","termCodeId":"T","moveAgentToNotReady":false}"#,
        ),
        (
            "SetTermCode",
            r#"{"callTransactionId":"1","callSessionId":"S","termCodeId":"T","moveAgentToNotReady":false,"paymentAmount":5}"#,
        ),
        (
            "SetTermCode",
            r#"{"callTransactionId":"1","callSessionId":"S","termCodeId":"T","moveAgentToNotReady":"perhaps"}"#,
        ),
        (
            "SetTermCode",
            r#"{"callTransactionId":"1","callSessionId":"S","termCodeId":"T","moveAgentToNotReady":true,"paymentAmt":"10.00","phoneDialed":null,"accountNumber":null}"#,
        ),
        ("TransferToPerson", r#"{"number":"1","hold":5,"zzz":1}"#),
        ("TransferToPerson", r#"{"zzz":1,"number":5}"#),
        ("TransferToPerson", r#"{"hold":true}"#),
        ("TransferToPerson", r#"{"number":"+18005550100"}"#),
        (
            "AgentStatusOptions",
            r#"{"stateChangedAfter":"1700000000000","other":[1]}"#,
        ),
        ("KeepAliveOptions", r#"{"intervalMs":5,"intervalMS":"x"}"#),
        ("CallLineOptions", r#"{"lineNumber":"","line":5}"#),
    ];
    cases.extend(
        quirks
            .into_iter()
            .map(|(m, t)| (m.to_string(), t.to_string())),
    );
    cases
}

/// Each caller-input model of the agent API reads each input as `input_pins.txt` says (one
/// line per case: the model, the input, and what the method's reader gives). The file was
/// written from serde's derived readers; the models' own readers (`crate::wire`) give the same
/// but where serde's derive read what no caller means: a list where an object belongs (serde's
/// derive read it field by field by position; now "invalid type: sequence, expected struct
/// …"), a key given twice (serde's derive refused it; now the last one counts), two fields at
/// fault, an unknown key included (serde's derive named the first in the text; now the first
/// in key order).
#[test]
fn input_models_read_as_pinned() {
    let pinned = include_str!("input_pins.txt");
    let mut actual = String::new();
    for (model, text) in input_cases() {
        let got = input_pin(&model, &text);
        actual.push_str(&format!("{model}\t{text}\t{got}\n"));
    }
    crate::livevox::test_support::check_pins(pinned, &actual, "agent_input_pins.actual.txt");
}
