use super::*;
use crate::error::ErrorCode;
use crate::http::HttpRequest;
use crate::livevox::agent_model::PaymentAmount;
use crate::livevox::test_support::{header, path_of, pipeline};
use crate::testing::{json, run, Reply, ScriptedTransport, VirtualClock};
use serde_json::Value;
use std::cell::RefCell;

fn invite(number: &str) -> String {
    format!(
        "INVITE sip:{number}@10.0.0.5:5070 SIP/2.0\r\n\
         Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n\
         From: <sip:+19192109237@10.0.0.1>;tag=1\r\n\
         To: <sip:{number}@10.0.0.5>\r\n\
         Call-ID: abc@10.0.0.1\r\n\
         CSeq: 1 INVITE\r\n\
         Content-Length: 0\r\n\r\n"
    )
}

fn agents(n: usize) -> Vec<PoolAgent> {
    (1..=n)
        .map(|i| PoolAgent {
            user_name: format!("VA{i}"),
            password: format!("agent-va{i}"),
            phone_number: format!("+1899000000{i}"),
        })
        .collect()
}

fn config(n: usize) -> PoolConfig {
    PoolConfig {
        access_token: "tok".into(),
        client_name: "ACME".into(),
        service_id: 1001.0,
        agents: agents(n),
        keep_alive_ms: Some(0.0),
        concurrency: None,
        api_version: None,
    }
}

/// The path of `r` (without its query; versioned paths read as the plain ones) and the agent
/// it is for: the login's `userName`, or the user of its `LV-Session` (or of the session id
/// ending the path).
fn path_and_agent(r: &HttpRequest) -> (String, String) {
    let path = path_of(r)
        .split('?')
        .next()
        .unwrap_or_default()
        .replace("/v6.0/", "/");
    let who = if path == "/session/login" {
        let body: Value = serde_json::from_str(r.body.as_deref().unwrap_or("{}")).unwrap();
        assert_eq!(body["agent"], true);
        body["userName"].as_str().unwrap_or_default().to_string()
    } else {
        header(r, "LV-Session")
            .or_else(|| path.rsplit('/').next())
            .unwrap_or_default()
            .trim_start_matches("SID-")
            .to_string()
    };
    (path, who)
}

/// The platform's answer to `path` for agent `who` when nothing fails.
fn answer(path: &str, who: &str) -> Reply {
    if path == "/session/login" {
        json(
            200,
            &format!(r#"{{"sessionId":"SID-{who}","userId":1,"clientId":2}}"#),
        )
    } else {
        json(204, "")
    }
}

/// A server where login gives `SID-<user>`, and `fail` names a user and the path that fails.
fn server(
    clock: &Rc<VirtualClock>,
    fail: Option<(&'static str, &'static str)>,
) -> (Pipeline, Rc<ScriptedTransport>) {
    pipeline(clock, move |r: &HttpRequest| {
        let (path, who) = path_and_agent(r);
        if let Some((user, failing)) = fail {
            if user == who && path.starts_with(failing) {
                return json(400, r#"{"code":400,"message":"Invalid phone number"}"#);
            }
        }
        answer(&path, &who)
    })
}

#[test]
fn config_is_checked_before_anything_is_sent() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, None);
    type Change = Box<dyn Fn(&mut PoolConfig)>;
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|c| c.agents.clear()), "agents"),
        (Box::new(|c| c.service_id = 0.5), "serviceId"),
        (Box::new(|c| c.keep_alive_ms = Some(10.0)), "keepAliveMs"),
        (Box::new(|c| c.concurrency = Some(0.0)), "concurrency"),
        (Box::new(|c| c.access_token = "a\nb".into()), "accessToken"),
        (
            Box::new(|c| c.agents[1].phone_number = "8990000001".into()),
            "phoneNumber",
        ),
        (
            Box::new(|c| c.agents[0].phone_number = "sip:x".into()),
            "phoneNumber",
        ),
        (Box::new(|c| c.agents[0].password.clear()), "password"),
        (Box::new(|c| c.agents[0].user_name = " ".into()), "userName"),
    ];
    for (change, field) in cases {
        let mut c = config(2);
        change(&mut c);
        let e = AgentPool::new(p.clone(), c).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some(field))
        );
    }
    assert_eq!(t.count(), 0);
    let shown = format!("{:?}", config(1).agents);
    assert!(
        !shown.contains("agent-va1"),
        "no password in Debug output: {shown}"
    );
}

#[test]
fn start_routes_invites_and_shuts_down_in_order() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, None);
    let pool = Rc::new(AgentPool::new(p, config(3)).unwrap());
    let (outcomes, keep) = run(&clock, pool.start(&CallOptions::default()));
    run(&clock, keep);
    assert!(outcomes.iter().all(|o| o.failure.is_none()));
    assert_eq!(pool.running(), 3);
    let mut per_agent: Vec<String> = t
        .requests
        .borrow()
        .iter()
        .filter(|r| header(r, "LV-Session") == Some("SID-VA2"))
        .map(|r| path_of(r).to_string())
        .collect();
    assert_eq!(
        per_agent,
        [
            "/callControl/agent/service/join?serviceId=1001&phoneNumber=%2B18990000002",
            "/callControl/agent/status/ready"
        ]
    );
    assert_eq!(
        pool.agent_for_invite(&invite("+18990000002")).unwrap(),
        Some(1)
    );
    assert_eq!(
        pool.agent_for_invite(&invite("8990000003")).unwrap(),
        Some(2)
    );
    assert_eq!(
        pool.agent_for_invite(&invite("+18990000009")).unwrap(),
        None
    );
    let e = pool.agent_for_invite("SIP/2.0 200 OK\r\n\r\n").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert_eq!(pool.session(0).unwrap().info().session_id, "SID-VA1");

    let before = t.count();
    let outcomes = run(&clock, pool.shutdown(&CallOptions::default()));
    assert_eq!(
        outcomes.iter().map(|o| o.index).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(outcomes.iter().all(|o| o.failure.is_none()));
    assert_eq!(t.count() - before, 9);
    per_agent = t.paths().split_off(before);
    assert!(per_agent.contains(&"/session/logout/SID-VA3".to_string()));
    assert_eq!(pool.running(), 0);
    assert_eq!(
        pool.agent_for_invite(&invite("+18990000002")).unwrap(),
        None
    );
}

#[test]
fn one_agents_failure_is_reported_and_not_fatal() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, Some(("VA2", "/callControl/agent/service/join")));
    let pool = Rc::new(AgentPool::new(p, config(3)).unwrap());
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    let (step, e) = outcomes[1].failure.clone().unwrap();
    assert_eq!(
        (step, e.code, outcomes[1].user_name.as_str()),
        (PoolStep::Join, ErrorCode::InvalidArgument, "VA2")
    );
    assert!(outcomes[0].failure.is_none() && outcomes[2].failure.is_none());
    assert_eq!(pool.running(), 2);
    assert!(
        t.paths().contains(&"/session/logout/SID-VA2".to_string()),
        "the half-started agent is logged out"
    );
    assert_eq!(pool.agent_for_number("+18990000002"), None);
    // A second start retries only the agent that is not running.
    let before = t.count();
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    assert_eq!(outcomes.len(), 1);
    assert!(t.count() > before);
}

#[test]
fn shutdown_tries_every_step_and_reports_the_first_failure() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, Some(("VA1", "/callControl/agent/status/notReady")));
    let pool = Rc::new(AgentPool::new(p, config(2)).unwrap());
    let _ = run(&clock, pool.start(&CallOptions::default()));
    let outcomes = run(&clock, pool.shutdown(&CallOptions::default()));
    assert_eq!(
        outcomes[0].failure.as_ref().map(|f| f.0),
        Some(PoolStep::NotReady)
    );
    assert!(outcomes[1].failure.is_none());
    assert!(t.paths().contains(&"/session/logout/SID-VA1".to_string()));
}

#[test]
fn phone_keys_ignore_formatting_and_the_country_code() {
    for n in [
        "+18990000001",
        "18990000001",
        "8990000001",
        "+1 899-000-0001",
    ] {
        assert_eq!(phone_key(n), "8990000001");
    }
    assert_eq!(phone_key("+448990000001"), "448990000001");
}

#[test]
fn status_reports_per_agent_whether_it_takes_calls_and_versions_reach_every_path() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, Some(("VA2", "/callControl/agent/service/join")));
    let mut cfg = config(3);
    cfg.api_version = Some(crate::livevox::session::ApiVersion::parse("v6.0").unwrap());
    let pool = Rc::new(AgentPool::new(p, cfg).unwrap());
    assert!(pool
        .status()
        .iter()
        .all(|a| !a.started && !a.taking_calls()));
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    assert_eq!(
        outcomes
            .iter()
            .map(|o| o.failure.is_none())
            .collect::<Vec<_>>(),
        [true, false, true]
    );
    let status = pool.status();
    assert_eq!(
        status
            .iter()
            .map(|a| (a.user_name.as_str(), a.started, a.taking_calls()))
            .collect::<Vec<_>>(),
        [
            ("VA1", true, true),
            ("VA2", false, false),
            ("VA3", true, true)
        ]
    );
    assert_eq!(status[0].health.ready, Some(true));
    assert!(t
        .paths()
        .iter()
        .all(|p| p.starts_with("/session/v6.0/") || p.starts_with("/callControl/v6.0/")));
}

/// One agent's side of a call, as a fake platform keeps it for `handleInvite` tests.
#[derive(Default)]
struct Desk {
    state: &'static str,
    reason: Option<&'static str>,
    on_call: bool,
    /// The state the platform leaves the agent in after a term code (default READY).
    after_term: Option<(&'static str, Option<&'static str>)>,
    /// How many Ready requests fail with 503 before one works.
    ready_failures: u32,
    /// Term-code bodies received.
    terms: Vec<Value>,
    /// Ready requests received.
    readies: u32,
    /// Term-code list reads received.
    term_code_reads: u32,
    /// The term-code list names two codes again in a second category, the other way round
    /// (PAID without a payment, DONE with one).
    repeated_codes: bool,
}

const PAID: &str = "101416230";
const DONE: &str = "101416228";
const FAILED: &str = "101416232";

fn desk_server(clock: &Rc<VirtualClock>, desk: Rc<RefCell<Desk>>) -> Pipeline {
    let (p, _) = pipeline(clock, move |r: &HttpRequest| {
        let path = path_of(r).split('?').next().unwrap_or_default().to_string();
        let mut d = desk.borrow_mut();
        match path.as_str() {
            "/session/login" => json(200, r#"{"sessionId":"SID-VA1","userId":1,"clientId":2}"#),
            "/callControl/agent/status/ready" => {
                d.readies += 1;
                if d.ready_failures > 0 {
                    d.ready_failures -= 1;
                    return json(503, r#"{"code":503,"message":"busy"}"#);
                }
                (d.state, d.reason) = ("READY", None);
                json(204, "")
            }
            "/callControl/agent/status" => {
                let call = if d.on_call {
                    serde_json::json!({"callTransactionId": "108821676851", "callSessionId": "U1@h",
                        "serviceId": 1001, "accountNumber": "ACC-1001", "phoneNumber": "2134634007"})
                } else {
                    Value::Null
                };
                let state = if d.on_call { "INCALL" } else { d.state };
                let body = serde_json::json!({"agentStatus": {"reasonCode": d.reason,
                    "lines": [{"lineNumber": "ACD", "state": state, "call": call}]}});
                json(200, &body.to_string())
            }
            "/callControl/agent/screenpop" => json(
                200,
                r#"{"screenPopRow":[{"key":"FIRST NAME","value":"John"},{"key":"ACCOUNT NUMBER","value":"ACC-1001"}]}"#,
            ),
            "/callControl/agent/termCode" => {
                d.term_code_reads += 1;
                let again = if d.repeated_codes {
                    format!(
                        r#",{{"name":"Again","termCodes":[
                        {{"id":"{PAID}","name":"Paid","paymentAmtRequired":false}},
                        {{"id":"{DONE}","name":"Done","paymentAmtRequired":true}}]}}"#
                    )
                } else {
                    String::new()
                };
                json(
                    200,
                    &format!(
                        r#"{{"termCodeCategories":[{{"name":"Success","termCodes":[
                        {{"id":"{DONE}","name":"Done","paymentAmtRequired":false}},
                        {{"id":"{PAID}","name":"Payment taken","paymentAmtRequired":true}},
                        {{"id":"{FAILED}","name":"Caller hung up","paymentAmtRequired":false}}]}}{again}]}}"#
                    ),
                )
            }
            "/callControl/agent/call/termCode" => {
                if !d.on_call {
                    return json(400, r#"{"code":400,"message":"no call"}"#);
                }
                d.terms
                    .push(serde_json::from_str(r.body.as_deref().unwrap_or("{}")).unwrap());
                d.on_call = false;
                (d.state, d.reason) = d.after_term.unwrap_or(("READY", None));
                json(204, "")
            }
            _ => json(204, ""),
        }
    });
    p
}

/// A started one-agent pool with a call on VA1.
fn pool_with_call(desk: Desk) -> (Rc<VirtualClock>, Rc<AgentPool>, Rc<RefCell<Desk>>) {
    let clock = VirtualClock::new();
    let desk = Rc::new(RefCell::new(Desk {
        state: "READY",
        on_call: true,
        ..desk
    }));
    let pool = Rc::new(AgentPool::new(desk_server(&clock, desk.clone()), config(1)).unwrap());
    let calls_before = desk.borrow().on_call;
    desk.borrow_mut().on_call = false;
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    assert!(outcomes.iter().all(|o| o.failure.is_none()));
    desk.borrow_mut().on_call = calls_before;
    desk.borrow_mut().readies = 0;
    (clock, pool, desk)
}

fn outcome(id: &str, paid: Option<f64>) -> CallOutcome {
    CallOutcome {
        term_code_id: id.into(),
        payment_amt: paid.map(PaymentAmount::Number),
        ..CallOutcome::default()
    }
}

#[test]
fn handle_invite_runs_the_handler_and_sets_its_term_code_with_the_payment() {
    let (clock, pool, desk) = pool_with_call(Desk::default());
    let seen = Rc::new(RefCell::new(None));
    let s = seen.clone();
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("+18990000001"),
            &HandleInviteOptions::default(),
            move |call: InviteCall| async move {
                *s.borrow_mut() = Some(call.clone());
                let mut o = outcome(PAID, Some(12.5));
                o.agent_entered_account = Some("ACC-1001".into());
                Ok(Some(o))
            },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert!(done.ok(), "{:?}", done.failure);
    assert!(done.ready);
    assert_eq!(done.term_code_id.as_deref(), Some(PAID));
    assert_eq!(done.user_name, "VA1");
    let call = seen.borrow().clone().unwrap();
    assert_eq!(call.call.call_transaction_id, "108821676851");
    assert_eq!(call.screen_pop.unwrap().fields["FIRST NAME"], "John");
    assert_eq!(call.invite.agent_number.as_deref(), Some("+18990000001"));
    let terms = &desk.borrow().terms;
    assert_eq!(terms.len(), 1);
    assert_eq!(
        terms[0],
        serde_json::json!({"callTransactionId": "108821676851", "callSessionId": "U1@h",
            "termCodeId": PAID, "phoneDialed": "2134634007", "moveAgentToNotReady": false,
            "serviceId": 1001, "account": "ACC-1001", "paymentAmt": 12.5,
            "agentEnteredAccount": "ACC-1001"})
    );
}

#[test]
fn a_payment_code_without_an_amount_is_refused_and_the_failure_code_set() {
    let (clock, pool, desk) = pool_with_call(Desk::default());
    let opts = HandleInviteOptions {
        failure_term_code_id: Some(FAILED.into()),
    };
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("8990000001"),
            &opts,
            |_| async { Ok(Some(outcome(PAID, None))) },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    let (step, e) = done.failure.clone().unwrap();
    assert_eq!(
        (step, e.code, e.field.as_deref()),
        (
            CallStep::TermCode,
            ErrorCode::InvalidArgument,
            Some("paymentAmt")
        )
    );
    assert_eq!(done.term_code_id.as_deref(), Some(FAILED));
    assert!(done.ready && !done.ok());
    let terms = &desk.borrow().terms;
    assert_eq!(terms.len(), 1, "the payment code never went out");
    assert_eq!(terms[0]["termCodeId"], FAILED);
}

#[test]
fn payment_codes_are_read_once_per_service_and_a_repeated_code_takes_its_last_entry() {
    let (clock, pool, desk) = pool_with_call(Desk {
        repeated_codes: true,
        ..Desk::default()
    });
    let handle = |code: &'static str| {
        run(
            &clock,
            pool.handle_invite(
                &invite("+18990000001"),
                &HandleInviteOptions::default(),
                move |_| async move { Ok(Some(outcome(code, None))) },
                &CallOptions::default(),
            ),
        )
        .unwrap()
    };
    // DONE is listed without a payment first, then with one: it needs one
    let done = handle(DONE);
    let (step, e) = done.failure.clone().unwrap();
    assert_eq!(
        (step, e.field.as_deref()),
        (CallStep::TermCode, Some("paymentAmt"))
    );
    assert!(desk.borrow().terms.is_empty());
    // PAID is listed with a payment first, then without: it goes out without one
    let done = handle(PAID);
    assert!(done.ok(), "{:?}", done.failure);
    assert_eq!(desk.borrow().terms.len(), 1);
    assert_eq!(desk.borrow().terms[0]["termCodeId"], PAID);
    assert_eq!(desk.borrow().term_code_reads, 1, "the list is read once");
}

#[test]
fn a_handler_that_throws_never_leaves_the_agent_not_ready() {
    // The handler made the agent Not Ready (no reason) and then failed; the first Ready
    // afterwards fails in passing.
    let (clock, pool, desk) = pool_with_call(Desk {
        after_term: Some(("NOTREADY", None)),
        ..Desk::default()
    });
    desk.borrow_mut().ready_failures = 1;
    let opts = HandleInviteOptions {
        failure_term_code_id: Some(FAILED.into()),
    };
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("+18990000001"),
            &opts,
            |_| async { Err(Error::invalid_state("the AI fell over")) },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(done.failure.as_ref().map(|f| f.0), Some(CallStep::Handler));
    assert_eq!(done.term_code_id.as_deref(), Some(FAILED));
    assert!(done.ready, "made Ready again");
    assert_eq!(desk.borrow().state, "READY");
    assert_eq!(
        desk.borrow().readies,
        2,
        "a Ready lost in passing is tried again"
    );
    assert!(done.outcome.is_none());
}

#[test]
fn after_the_call_a_not_ready_with_a_reason_is_left_alone() {
    let (clock, pool, desk) = pool_with_call(Desk {
        after_term: Some(("NOTREADY", Some("BREAK"))),
        ..Desk::default()
    });
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("+18990000001"),
            &HandleInviteOptions::default(),
            |_| async { Ok(Some(outcome(DONE, None))) },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(desk.borrow().readies, 0, "no Ready was sent");
    assert!(done.failure.is_none());
    assert!(!done.ready, "someone's Not Ready is theirs");
    assert_eq!(desk.borrow().state, "NOTREADY");
    assert_eq!(desk.borrow().reason, Some("BREAK"));
}

#[test]
fn without_a_failure_code_a_failed_call_is_reported_not_ready() {
    let (clock, pool, desk) = pool_with_call(Desk::default());
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("+18990000001"),
            &HandleInviteOptions::default(),
            |_| async { Err(Error::invalid_state("boom")) },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(done.failure.as_ref().map(|f| f.0), Some(CallStep::Handler));
    assert!(!done.ready && done.term_code_id.is_none());
    assert!(desk.borrow().terms.is_empty());
    assert!(desk.borrow().on_call, "the call waits for its term code");

    // A handler that resolves None set the term code itself: nothing more is sent for it.
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("+18990000001"),
            &HandleInviteOptions::default(),
            |_| async { Ok(None) },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(done.term_code_id, None);
    assert!(desk.borrow().terms.is_empty());
}

#[test]
fn handle_invite_reports_an_unknown_agent_and_refuses_bad_text() {
    let (clock, pool, _desk) = pool_with_call(Desk::default());
    let ran = Rc::new(RefCell::new(false));
    let r = ran.clone();
    let done = run(
        &clock,
        pool.handle_invite(
            &invite("+18990000009"),
            &HandleInviteOptions::default(),
            move |_| async move {
                *r.borrow_mut() = true;
                Ok(None)
            },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    let (step, e) = done.failure.clone().unwrap();
    assert_eq!((step, e.code), (CallStep::Agent, ErrorCode::NotFound));
    assert_eq!(done.agent_number.as_deref(), Some("+18990000009"));
    assert!(!*ran.borrow());
    let e = run(
        &clock,
        pool.handle_invite(
            "hello",
            &HandleInviteOptions::default(),
            |_| async { Ok(None) },
            &CallOptions::default(),
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
}

#[test]
fn results_come_back_in_list_order() {
    assert_eq!(
        in_order(vec![(2, "c"), (0, "a"), (3, "d")], 4),
        [(0, "a"), (2, "c"), (3, "d")]
    );
    assert_eq!(in_order(vec![(5, "x"), (1, "b")], 2), [(1, "b")]);
    assert!(in_order(Vec::<(usize, ())>::new(), 3).is_empty());
}

/// What the `AgentPool` method that reads the caller-input model `model` makes of the
/// caller's JSON `text`: `Ok` and the value read, or `Err`, the error's `field` and message.
fn input_pin(model: &str, text: &str) -> String {
    let agents = |list: &PoolAgents| {
        let list: Vec<_> = list
            .0
            .iter()
            .map(|a| format!("{}/{}/{}", a.user_name, a.password, a.phone_number))
            .collect();
        format!("{list:?}")
    };
    match model {
        // `new AgentPool`'s `agents` (an array), what a call handler resolves to, and the
        // options of `handleInvite`.
        "PoolAgent[]" => input_read::<PoolAgents>(text, Some("agents"), agents),
        "CallOutcome" => input_read::<CallOutcome>(text, None, |v| format!("{v:?}")),
        "HandleInviteOptions" => {
            input_read::<HandleInviteOptions>(text, None, |v| format!("{v:?}"))
        }
        _ => format!("no model {model}"),
    }
}

/// What `convert::read_input` gives for a caller's JSON `text` read as `T` (`field` for a
/// positional argument, else the option at fault is named).
fn input_read<T: crate::wire::FromJson>(
    text: &str,
    field: Option<&str>,
    show: impl Fn(&T) -> String,
) -> String {
    let value: Value = serde_json::from_str(text).unwrap();
    match crate::wire::input::<T>(value, field) {
        Ok(v) => format!("Ok {}", show(&v)),
        Err(e) => format!("Err {} | {}", e.field.unwrap_or_default(), e.message),
    }
}

/// A model of [`input_cases`]: its name, a good input, and the values of the wrong type to try
/// in each field.
type InputModel<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);

/// The caller inputs of [`input_models_read_as_pinned`]: for each model, values that are not
/// an object, a good object, then for each field: the field left out, `null`, and values of
/// the wrong type; then the quirks.
fn input_cases() -> Vec<(String, String)> {
    let not_objects = ["{}", "[]", "[\"a\"]", "null", "5", "1.5", "\"x\"", "true"];
    let text = &["5", "1.5", "true", "[]", "[\"a\"]", "{}", "\"\""][..];
    let amount = &[
        "true",
        "[]",
        "[1]",
        "{}",
        "\"\"",
        "\"12.50\"",
        "-1",
        "1e300",
        "18446744073709551615",
    ][..];
    let agent = r#"{"userName":"VA1","password":"pw","phoneNumber":"+18990000001"}"#;
    let models: &[InputModel] = &[
        (
            "PoolAgent",
            agent,
            &[
                ("userName", text),
                ("password", text),
                ("phoneNumber", text),
            ],
        ),
        (
            "CallOutcome",
            r#"{"termCodeId":"T1","paymentAmt":12.5,"agentEnteredAccount":"ACC","notes":"n","immediateCallbackNumber":"6505550100"}"#,
            &[
                ("termCodeId", text),
                ("paymentAmt", amount),
                ("agentEnteredAccount", text),
                ("notes", text),
                ("immediateCallbackNumber", text),
            ],
        ),
        (
            "HandleInviteOptions",
            r#"{"failureTermCodeId":"T9"}"#,
            &[("failureTermCodeId", text)],
        ),
    ];
    let mut cases = Vec::new();
    for (model, good, fields) in models {
        // a pool's agents are read as a list
        let (name, wrap) = match *model {
            "PoolAgent" => ("PoolAgent[]", true),
            m => (m, false),
        };
        for t in crate::livevox::test_support::input_variants(&not_objects, good, fields) {
            let t = if wrap { format!("[{t}]") } else { t };
            cases.push((name.to_string(), t));
        }
    }
    let quirks = [
        ("PoolAgent[]", "[]"),
        ("PoolAgent[]", "null"),
        ("PoolAgent[]", "{}"),
        ("PoolAgent[]", "5"),
        (
            "PoolAgent[]",
            r#"[{"userName":"VA1","password":"pw","phoneNumber":"1"},{"userName":"VA2","password":5,"phoneNumber":"2"}]"#,
        ),
        (
            "PoolAgent[]",
            r#"[{"userName":"VA1","password":"pw","phoneNumber":"1"},{"userName":"VA2"}]"#,
        ),
        ("PoolAgent[]", r#"[{"userName":5,"password":true}]"#),
        ("PoolAgent[]", r#"[{"password":true,"userName":5}]"#),
        ("CallOutcome", r#"{"termCodeId":5,"notes":true}"#),
        ("CallOutcome", r#"{"notes":true,"termCodeId":5}"#),
        ("CallOutcome", r#"{"zzz":1,"termCodeId":5}"#),
        ("CallOutcome", r#"{"termCodeId":5,"zzz":1}"#),
        ("CallOutcome", r#"{"notes":"n","zzz":1}"#),
        ("CallOutcome", r#"{"zzz":1,"notes":"n"}"#),
        ("CallOutcome", r#"{"notes":"n"}"#),
        ("CallOutcome", r#"{"termCodeId":"T1","paymentAmt":"10.00"}"#),
        ("HandleInviteOptions", r#"{"failureTermCodeId":5,"zzz":1}"#),
        ("HandleInviteOptions", r#"{"zzz":1,"failureTermCodeId":5}"#),
    ];
    cases.extend(
        quirks
            .into_iter()
            .map(|(m, t)| (m.to_string(), t.to_string())),
    );
    cases
}

/// Each caller-input model of the pool reads each input as `input_pins.txt` says (one
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
    crate::livevox::test_support::check_pins(pinned, &actual, "pool_input_pins.actual.txt");
}

/// `concurrency` agents are started (and shut down) at a time, in list order; the next one
/// starts as soon as one ends, and every outcome comes back in list order.
#[test]
fn start_and_shutdown_run_concurrency_agents_at_a_time() {
    let clock = VirtualClock::new();
    let sent: Rc<RefCell<Vec<(f64, String)>>> = Rc::default();
    let (seen, c) = (sent.clone(), clock.clone());
    let (p, _) = pipeline(&clock, move |r: &HttpRequest| {
        let (path, who) = path_and_agent(r);
        seen.borrow_mut()
            .push((c.elapsed(), format!("{who} {path}")));
        // Agent VA<n> takes n × 100 ms per request: later agents are slower.
        let delay = 100 * who.trim_start_matches("VA").parse::<u32>().unwrap_or(1);
        Reply::After(delay, Box::new(answer(&path, &who)))
    });
    let mut cfg = config(5);
    cfg.concurrency = Some(2.0);
    let pool = Rc::new(AgentPool::new(p, cfg).unwrap());
    // When each agent's first request of a step left, after the step began: VA1 (3 requests ×
    // 100 ms) ends at 300 ms and VA3 begins; VA2 (3 × 200) ends at 600 and VA4 begins; VA3
    // (3 × 300) ends at 1200 and VA5 begins. Shutting down has three requests per agent too.
    let firsts = |since: f64, path: &str| -> Vec<(f64, String)> {
        sent.borrow()
            .iter()
            .filter(|(_, what)| what.ends_with(path))
            .map(|(at, what)| (at - since, what.clone()))
            .collect()
    };
    let expected = |path: &str| -> Vec<(f64, String)> {
        [(0.0, 1), (0.0, 2), (300.0, 3), (600.0, 4), (1200.0, 5)]
            .iter()
            .map(|(at, n)| (*at, format!("VA{n} {path}")))
            .collect()
    };
    let in_order = |outcomes: &[PoolOutcome]| outcomes.iter().map(|o| o.index).collect::<Vec<_>>();

    let t0 = clock.elapsed();
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    assert_eq!(in_order(&outcomes), [0, 1, 2, 3, 4]);
    assert!(outcomes.iter().all(|o| o.failure.is_none()));
    assert_eq!(firsts(t0, "/session/login"), expected("/session/login"));

    let t1 = clock.elapsed();
    let outcomes = run(&clock, pool.shutdown(&CallOptions::default()));
    assert_eq!(in_order(&outcomes), [0, 1, 2, 3, 4]);
    let not_ready = "/callControl/agent/status/notReady";
    assert_eq!(firsts(t1, not_ready), expected(not_ready));
}
