mod input;

use super::*;
use crate::error::ErrorCode;
use crate::http::HttpResponse;
use crate::livevox::poll_watch::WatchEvent;
use crate::livevox::session::Session;
use crate::livevox::test_support::{path_of, pipeline};
use crate::testing::{json, run, Reply, VirtualClock, VirtualRuntime};
use std::cell::{Cell, RefCell};

const T0: f64 = 1_767_225_600_000.0;

fn st(agent: &str, service: i64, state_id: i64) -> AgentState {
    AgentState {
        agent_login_id: agent.into(),
        service_id: service,
        state: AgentStateName::from_state_id(state_id),
        state_id,
    }
}

fn summary(changes: &[AgentStateChange]) -> Vec<String> {
    let name = |s: Option<AgentStateName>| {
        s.map_or("-".to_string(), |s| {
            serde_json::to_value(s)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
    };
    changes
        .iter()
        .map(|c| {
            format!(
                "{}@{} {}>{}",
                c.agent_login_id,
                c.service_id,
                name(c.from),
                name(c.to)
            )
        })
        .collect()
}

// ---- state mapping ----

#[test]
fn state_ids_map_as_the_public_client_maps_them() {
    use AgentStateName::*;
    for (id, want) in [
        (1, LoggedOn),
        (2, Ready),
        (3, NotReady),
        (4, InCall),
        (5, WrapUp),
        (6, InCall),
        (7, Active),
        (8, Active),
        (9, Active),
        (12, Active),
        (13, Active),
        (0, Unknown),
        (10, Unknown),
        (11, Unknown),
        (14, Unknown),
        (-1, Unknown),
        (i64::MAX, Unknown),
    ] {
        assert_eq!(AgentStateName::from_state_id(id), want, "stateId {id}");
    }
    let names: Vec<String> = [LoggedOn, Ready, NotReady, InCall, WrapUp, Active, Unknown]
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "LOGGED_ON",
            "READY",
            "NOT_READY",
            "IN_CALL",
            "WRAP_UP",
            "ACTIVE",
            "UNKNOWN"
        ]
    );
}

#[test]
fn typescript_types_are_string_unions_and_nullable_changes() {
    let decl = <AgentStateName as tsify::Tsify>::DECL;
    assert!(decl.contains("\"LOGGED_ON\""), "{decl}");
    assert!(decl.contains("\"UNKNOWN\""), "{decl}");
    let decl = <AgentStateChange as tsify::Tsify>::DECL;
    for line in [
        "agentLoginId: string;",
        "serviceId: number;",
        "from: AgentStateName | null;",
        "to: AgentStateName | null;",
        "fromStateId: number | null;",
        "at: number;",
    ] {
        assert!(decl.contains(line), "{line} not in {decl}");
    }
    let decl = <ServiceStats as tsify::Tsify>::DECL;
    assert!(decl.contains("serviceId: number | null;"), "{decl}");
    assert!(
        decl.contains("totalAgents?: number | string | null;"),
        "{decl}"
    );
    assert!(decl.contains("RealtimeExtraFields"), "{decl}");
    let decl = <AgentState as tsify::Tsify>::DECL;
    assert!(decl.contains("state: AgentStateName;"), "{decl}");
    assert!(decl.contains("stateId: number;"), "{decl}");
}

// ---- change detection ----

#[test]
fn first_update_reports_the_full_board_as_appearing() {
    let mut b = AgentBoard::new();
    let c = b.update(vec![st("B", 1, 2), st("A", 1, 3), st("A", 2, 4)], 10);
    assert_eq!(
        summary(&c),
        ["A@1 ->NOT_READY", "A@2 ->IN_CALL", "B@1 ->READY"]
    );
    assert!(c.iter().all(|c| c.at == 10 && c.from_state_id.is_none()));
    assert_eq!(c[1].to_state_id, Some(4));
    assert_eq!(b.states().len(), 3);
    // an unchanged board reports nothing
    assert!(b
        .update(vec![st("A", 1, 3), st("B", 1, 2), st("A", 2, 4)], 20)
        .is_empty());
}

#[test]
fn a_state_that_flips_and_flips_back_between_polls_is_not_reported() {
    let mut b = AgentBoard::new();
    b.update(vec![st("A", 1, 2)], 0);
    // between these two polls A went READY -> IN_CALL -> READY: the board sees no change
    assert!(b.update(vec![st("A", 1, 2)], 1).is_empty());
    // a real change is reported once, not again on the next poll
    let c = b.update(vec![st("A", 1, 3)], 2);
    assert_eq!(summary(&c), ["A@1 READY>NOT_READY"]);
    assert_eq!((c[0].from_state_id, c[0].to_state_id), (Some(2), Some(3)));
    assert!(b.update(vec![st("A", 1, 3)], 3).is_empty());
    // and back
    assert_eq!(
        summary(&b.update(vec![st("A", 1, 2)], 4)),
        ["A@1 NOT_READY>READY"]
    );
}

#[test]
fn agents_that_appear_or_disappear_are_reported() {
    let mut b = AgentBoard::new();
    b.update(vec![st("A", 1, 2), st("C", 1, 2)], 0);
    let c = b.update(vec![st("A", 1, 2), st("B", 1, 1)], 5);
    assert_eq!(summary(&c), ["B@1 ->LOGGED_ON", "C@1 READY>-"]);
    assert_eq!(c[1].from_state_id, Some(2));
    assert_eq!(c[1].to_state_id, None);
    // everybody leaves
    assert_eq!(
        summary(&b.update(vec![], 6)),
        ["A@1 READY>-", "B@1 LOGGED_ON>-"]
    );
    assert!(b.states().is_empty());
}

#[test]
fn a_service_switch_is_a_departure_and_an_arrival() {
    let mut b = AgentBoard::new();
    b.update(vec![st("A", 1, 2)], 0);
    assert_eq!(
        summary(&b.update(vec![st("A", 2, 2)], 1)),
        ["A@1 READY>-", "A@2 ->READY"]
    );
}

#[test]
fn ids_with_the_same_name_are_no_change_but_unknown_ids_are_compared_raw() {
    let mut b = AgentBoard::new();
    b.update(vec![st("A", 1, 4), st("B", 1, 10), st("C", 1, 7)], 0);
    // 4 -> 6 is IN_CALL either way; 7 -> 9 is ACTIVE either way
    assert!(b
        .update(vec![st("A", 1, 6), st("B", 1, 10), st("C", 1, 9)], 1)
        .is_empty());
    let c = b.update(vec![st("A", 1, 6), st("B", 1, 11), st("C", 1, 9)], 2);
    assert_eq!(summary(&c), ["B@1 UNKNOWN>UNKNOWN"]);
    assert_eq!((c[0].from_state_id, c[0].to_state_id), (Some(10), Some(11)));
}

#[test]
fn a_repeated_row_counts_once() {
    let mut b = AgentBoard::new();
    let c = b.update(vec![st("A", 1, 2), st("A", 1, 3)], 0);
    assert_eq!(summary(&c), ["A@1 ->NOT_READY"]);
}

/// The board as a map would keep it (the last row of an agent wins), and the changes from
/// `before` to `after` worked out agent by agent: what `AgentBoard` must match.
fn reference_board(rows: &[AgentState]) -> std::collections::BTreeMap<(String, i64), AgentState> {
    rows.iter()
        .map(|s| ((s.agent_login_id.clone(), s.service_id), s.clone()))
        .collect()
}

fn reference_changes(
    before: &[AgentState],
    after: &[AgentState],
    at: i64,
) -> Vec<AgentStateChange> {
    let (old, new) = (reference_board(before), reference_board(after));
    let mut keys: Vec<_> = old.keys().chain(new.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (o, n) = (old.get(&k), new.get(&k));
            let same = match (o, n) {
                (Some(o), Some(n)) => !differs(o, n),
                _ => false,
            };
            (!same).then(|| AgentStateChange {
                agent_login_id: k.0.clone(),
                service_id: k.1,
                from: o.map(|s| s.state),
                to: n.map(|s| s.state),
                from_state_id: o.map(|s| s.state_id),
                to_state_id: n.map(|s| s.state_id),
                at,
            })
        })
        .collect()
}

#[test]
fn many_agents_in_any_order_with_repeats_give_the_sorted_board_and_its_changes() {
    // a small deterministic generator (no randomness in the tests)
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut polls: Vec<Vec<AgentState>> = Vec::new();
    // in key order, in reverse key order, then shuffled polls with repeated rows
    let ordered: Vec<AgentState> = (0..40)
        .flat_map(|a| (1..=3).map(move |s| st(&format!("agent{a:02}"), s, 1 + (a + s) % 6)))
        .collect();
    polls.push(ordered.clone());
    polls.push(ordered.iter().rev().cloned().collect());
    for len in [0, 1, 2, 3, 7, 64, 333] {
        let poll = (0..len)
            .map(|_| {
                let agent = format!("agent{:02}", next(45));
                st(&agent, 1 + next(4) as i64, 1 + next(14) as i64)
            })
            .collect();
        polls.push(poll);
    }
    let mut b = AgentBoard::new();
    let mut before: Vec<AgentState> = Vec::new();
    for (at, poll) in (0..).zip(&polls) {
        let changes = b.update(poll.clone(), at);
        assert_eq!(changes, reference_changes(&before, poll, at), "poll {at}");
        let board: Vec<AgentState> = reference_board(poll).into_values().collect();
        assert_eq!(b.states(), board, "poll {at}");
        before = poll.clone();
    }
    // the reversed poll is the same board: no change
    assert_eq!(AgentBoard::new().update(polls[1].clone(), 0).len(), 120);
    let mut b = AgentBoard::new();
    b.update(polls[0].clone(), 0);
    assert!(b.update(polls[1].clone(), 1).is_empty());
}

// ---- the wire ----

type Board = Rc<RefCell<Vec<serde_json::Value>>>;

fn realtime_server(
    clock: &Rc<VirtualClock>,
    board: Board,
    faults: Rc<Cell<u32>>,
) -> (Supervisor, Rc<crate::testing::ScriptedTransport>) {
    let (p, t) = pipeline(clock, move |r| {
        if faults.get() > 0 {
            faults.set(faults.get() - 1);
            return json(500, r#"{"code":500,"message":"boom"}"#);
        }
        match path_of(r) {
            "/realtime/service/agents/status" => {
                let v = serde_json::json!({ "agentDetails": *board.borrow() });
                Reply::Respond(HttpResponse::new(200, v.to_string()))
            }
            "/realtime/service/stats" => json(
                200,
                r#"{"stats":[
                    {"serviceId":"23114","serviceName":"Inbound","totalAgents":2,"cip":"1","pacingMethod":"Predictive","queueDepth":4},
                    {"serviceId":45165,"serviceName":"Outbound","throttle":10}
                ]}"#,
            ),
            other => json(404, &format!(r#"{{"code":404,"message":"{other}"}}"#)),
        }
    });
    (Supervisor::new(Session::resume(p, "SID", None).unwrap()), t)
}

fn row(agent: &str, service: serde_json::Value, state: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "agentLoginId": agent, "serviceId": service, "stateId": state })
}

#[test]
fn agent_states_posts_an_empty_body_and_reads_ids_as_numbers_or_strings() {
    let clock = VirtualClock::new();
    let board: Board = Rc::new(RefCell::new(vec![
        row("LV_TEST", 23114.into(), 4.into()),
        row("LV_SEB", "23114".into(), "3".into()),
        row("lv_usr1", 45165.into(), 99.into()),
    ]));
    let (sup, t) = realtime_server(&clock, board, Rc::default());
    let all = run(
        &clock,
        sup.agent_states(&AgentStatesOptions::default(), &CallOptions::default()),
    )
    .unwrap();
    assert_eq!(
        all,
        [
            st("LV_TEST", 23114, 4),
            st("LV_SEB", 23114, 3),
            st("lv_usr1", 45165, 99)
        ]
    );
    assert_eq!(all[2].state, AgentStateName::Unknown);
    let reqs = t.requests.borrow();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, Method::Post);
    assert_eq!(reqs[0].body.as_deref(), Some("{}"));
    drop(reqs);

    let only = run(
        &clock,
        sup.agent_states(
            &AgentStatesOptions {
                service_ids: Some(vec![45165]),
            },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(only, [st("lv_usr1", 45165, 99)]);
    assert_eq!(t.requests.borrow()[1].body.as_deref(), Some("{}"));
}

#[test]
fn agent_states_rejects_bad_filters_before_sending() {
    let clock = VirtualClock::new();
    let (sup, t) = realtime_server(&clock, Rc::default(), Rc::default());
    for ids in [vec![], vec![0], vec![-5, 1], vec![1; MAX_SERVICE_IDS + 1]] {
        let e = run(
            &clock,
            sup.agent_states(
                &AgentStatesOptions {
                    service_ids: Some(ids),
                },
                &CallOptions::default(),
            ),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert_eq!(e.field.as_deref(), Some("serviceIds"));
    }
    assert_eq!(t.count(), 0);
}

#[test]
fn agent_states_replies_that_cannot_be_read_are_bad_response() {
    for body in [
        r#"{}"#,
        r#"{"agentDetails":[{"serviceId":1,"stateId":2}]}"#,
        r#"{"agentDetails":[{"agentLoginId":"A","serviceId":"x","stateId":2}]}"#,
        r#"{"agentDetails":[{"agentLoginId":"A","serviceId":1}]}"#,
        r#"[]"#,
    ] {
        let clock = VirtualClock::new();
        let body = body.to_string();
        let (p, _) = pipeline(&clock, move |_| json(200, &body));
        let sup = Supervisor::new(Session::resume(p, "SID", None).unwrap());
        let e = run(
            &clock,
            sup.agent_states(&AgentStatesOptions::default(), &CallOptions::default()),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse);
    }
    // null and extra fields are fine
    let clock = VirtualClock::new();
    let (p, _) = pipeline(&clock, |_| {
        json(
            200,
            r#"{"agentDetails":[{"agentLoginId":"A","serviceId":1,"stateId":2,"extra":true}]}"#,
        )
    });
    let sup = Supervisor::new(Session::resume(p, "SID", None).unwrap());
    let got = run(
        &clock,
        sup.agent_states(&AgentStatesOptions::default(), &CallOptions::default()),
    )
    .unwrap();
    assert_eq!(got, [st("A", 1, 2)]);
}

#[test]
fn service_stats_reads_leniently_and_filters_by_service() {
    let clock = VirtualClock::new();
    let (sup, t) = realtime_server(&clock, Rc::default(), Rc::default());
    let all = run(
        &clock,
        sup.service_stats(&ServiceStatsOptions::default(), &CallOptions::default()),
    )
    .unwrap();
    assert_eq!(all.stats.len(), 2);
    let first = &all.stats[0];
    assert_eq!(first.service_id, Some(23114));
    assert_eq!(first.service_name.as_deref(), Some("Inbound"));
    assert_eq!(first.cip, Some(serde_json::json!("1")), "passed on as sent");
    assert_eq!(first.other["queueDepth"], 4, "unknown fields pass through");
    let json = serde_json::to_value(first).unwrap();
    assert_eq!(json["queueDepth"], 4);
    assert_eq!(json["totalAgents"], 2);
    assert!(json.get("throttle").is_none(), "absent stays absent");
    assert_eq!(
        serde_json::to_value(&all.stats[1]).unwrap()["throttle"],
        10,
        "known figures are written back"
    );
    assert_eq!(t.requests.borrow()[0].body.as_deref(), Some("{}"));
    assert_eq!(path_of(&t.requests.borrow()[0]), "/realtime/service/stats");

    let some = run(
        &clock,
        sup.service_stats(
            &ServiceStatsOptions {
                service_ids: Some(vec![45165]),
            },
            &CallOptions::default(),
        ),
    )
    .unwrap();
    assert_eq!(some.stats.len(), 1);
    assert_eq!(some.stats[0].service_name.as_deref(), Some("Outbound"));
}

#[test]
fn watch_yields_the_board_then_changes_through_errors_and_stops() {
    let clock = VirtualClock::new();
    let board: Board = Rc::new(RefCell::new(vec![
        row("A", 1.into(), 2.into()),
        row("B", 1.into(), 3.into()),
        row("X", 9.into(), 2.into()),
    ]));
    let faults = Rc::new(Cell::new(0));
    let (sup, t) = realtime_server(&clock, board.clone(), faults.clone());
    let opts = AgentWatchOptions {
        interval_ms: Some(100),
        service_ids: Some(vec![1]),
    };
    let (watch, driver) = AgentWatch::start(sup, &opts).unwrap();
    let errors = Rc::new(Cell::new(0));
    let e2 = errors.clone();
    watch
        .watch()
        .events()
        .subscribe(Rc::new(move |e: &WatchEvent<AgentStateChange>| {
            if let WatchEvent::Error(err) = e {
                assert_eq!(err.code, ErrorCode::ServerError);
                e2.set(e2.get() + 1)
            }
        }));
    let w = watch.clone();
    let rt = VirtualRuntime(clock.clone());
    let b2 = board.clone();
    let consumer = async move {
        let mut got = Vec::new();
        while let Some(c) = w.watch().next().await.unwrap() {
            got.push(c);
            match got.len() {
                2 => {
                    assert_eq!(
                        w.board().len(),
                        2,
                        "the board is there after the first poll"
                    );
                    // A goes on a call and comes back before the next poll: nothing to report;
                    // B becomes Ready; C logs on; two failing polls come first
                    *b2.borrow_mut() = vec![
                        row("A", 1.into(), 2.into()),
                        row("B", 1.into(), 2.into()),
                        row("C", 1.into(), 1.into()),
                        row("X", 9.into(), 3.into()),
                    ];
                    faults.set(2);
                }
                4 => {
                    *b2.borrow_mut() = vec![row("B", 1.into(), 2.into())];
                }
                6 => w.watch().stop(),
                _ => {}
            }
        }
        got
    };
    let keepalive = async move { rt.sleep(1).await };
    let (got, (), ()) = run(
        &clock,
        futures_util::future::join3(consumer, driver, keepalive),
    );
    assert_eq!(
        summary(&got),
        [
            "A@1 ->READY",
            "B@1 ->NOT_READY",
            "B@1 NOT_READY>READY",
            "C@1 ->LOGGED_ON",
            "A@1 READY>-",
            "C@1 LOGGED_ON>-",
        ]
    );
    assert_eq!(errors.get(), 2, "the passing errors were reported");
    assert!(watch.watch().is_stopped());
    assert_eq!(got[0].at, T0 as i64);
    assert!(got[2].at > got[0].at);
    assert_eq!(watch.board(), [st("B", 1, 2)]);
    assert!(t
        .requests
        .borrow()
        .iter()
        .all(|r| r.body.as_deref() == Some("{}")));
}

#[test]
fn watch_ends_on_a_lasting_error_and_checks_its_options() {
    let clock = VirtualClock::new();
    let (p, _) = pipeline(&clock, |_| json(403, r#"{"code":403,"message":"no"}"#));
    let sup = Supervisor::new(Session::resume(p, "SID", None).unwrap());
    for opts in [
        AgentWatchOptions {
            interval_ms: Some(10),
            service_ids: None,
        },
        AgentWatchOptions {
            interval_ms: None,
            service_ids: Some(vec![]),
        },
    ] {
        let e = AgentWatch::start(sup.clone(), &opts).err().unwrap();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
    }
    let (watch, driver) = AgentWatch::start(sup, &AgentWatchOptions::default()).unwrap();
    let w = watch.clone();
    let (first, ()) = run(
        &clock,
        futures_util::future::join(async move { w.watch().next().await }, driver),
    );
    assert_eq!(first.unwrap_err().code, ErrorCode::Forbidden);
    assert!(watch.watch().is_stopped());
}

// The pins below were taken on serde's derived readers (`decode_text`, which names the field
// at fault); the models' own readers must give the same values and the same errors.

#[test]
fn agent_details_reply_pinned() {
    use crate::livevox::model::tests::{check_pin, each, pinned};
    use serde_json::json;
    let show = |r: &AgentDetail| format!("{r:?}");
    let mut got = pinned(
        json!({"agentLoginId": "a1", "serviceId": "10", "stateId": 2}),
        show,
    );
    let show = |r: &AgentDetailsReply| format!("{r:?}");
    got.extend(pinned(
        json!({"agentDetails": [{"agentLoginId": 7, "serviceId": 10.0, "stateId": "3"}]}),
        show,
    ));
    got.extend(each(
        &[
            r#"{"agentDetails":[{"agentLoginId":"a","serviceId":"x","stateId":1}]}"#,
            r#"{"agentDetails":[{"agentLoginId":"a","serviceId":1}]}"#,
            r#"{"agentDetails":[5]}"#,
        ],
        show,
    ));
    check_pin(
        "AgentDetailsReply",
        got,
        &[
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "a1", service_id: 10, state_id: 2 }"##,
            r##"{"serviceId":"10","stateId":2} => Err The platform's answer was not in the documented format (field `agentLoginId`: missing field `agentLoginId`). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":null,"serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":{},"serviceId":"10","stateId":2} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: map, expected an optional string or number). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":[],"serviceId":"10","stateId":2} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: sequence, expected an optional string or number). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":"","serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":"x","serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "x", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":"12","serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "12", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":true,"serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "true", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":-7,"serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "-7", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":1.5,"serviceId":"10","stateId":2} => AgentDetail { agent_login_id: "1.5", service_id: 10, state_id: 2 }"##,
            r##"{"agentLoginId":"a1","stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: missing field `serviceId`). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":null,"stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: null, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":{},"stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: map, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":[],"stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: sequence, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"","stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: string "", expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"x","stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: string "x", expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"12","stateId":2} => AgentDetail { agent_login_id: "a1", service_id: 12, state_id: 2 }"##,
            r##"{"agentLoginId":"a1","serviceId":true,"stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: boolean `true`, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":-7,"stateId":2} => AgentDetail { agent_login_id: "a1", service_id: -7, state_id: 2 }"##,
            r##"{"agentLoginId":"a1","serviceId":1.5,"stateId":2} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: floating point `1.5`, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10"} => Err The platform's answer was not in the documented format (field `stateId`: missing field `stateId`). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":null} => Err The platform's answer was not in the documented format (field `stateId`: invalid type: null, expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":{}} => Err The platform's answer was not in the documented format (field `stateId`: invalid type: map, expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":[]} => Err The platform's answer was not in the documented format (field `stateId`: invalid type: sequence, expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":""} => Err The platform's answer was not in the documented format (field `stateId`: invalid value: string "", expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":"x"} => Err The platform's answer was not in the documented format (field `stateId`: invalid value: string "x", expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":"12"} => AgentDetail { agent_login_id: "a1", service_id: 10, state_id: 12 }"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":true} => Err The platform's answer was not in the documented format (field `stateId`: invalid type: boolean `true`, expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":-7} => AgentDetail { agent_login_id: "a1", service_id: 10, state_id: -7 }"##,
            r##"{"agentLoginId":"a1","serviceId":"10","stateId":1.5} => Err The platform's answer was not in the documented format (field `stateId`: invalid value: floating point `1.5`, expected an integer or a numeric string). (field Some("stateId"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct AgentDetail). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct AgentDetail). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct AgentDetail). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct AgentDetail). (field None)"##,
            r##"{"agentDetails":[{"agentLoginId":7,"serviceId":10.0,"stateId":"3"}]} => AgentDetailsReply { agent_details: [AgentDetail { agent_login_id: "7", service_id: 10, state_id: 3 }] }"##,
            r##"{} => Err The platform's answer was not in the documented format (field `agentDetails`: missing field `agentDetails`). (field Some("agentDetails"))"##,
            r##"{"agentDetails":null} => AgentDetailsReply { agent_details: [] }"##,
            r##"{"agentDetails":{}} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: map, expected a sequence). (field Some("agentDetails"))"##,
            r##"{"agentDetails":[]} => AgentDetailsReply { agent_details: [] }"##,
            r##"{"agentDetails":""} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: string "", expected a sequence). (field Some("agentDetails"))"##,
            r##"{"agentDetails":"x"} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: string "x", expected a sequence). (field Some("agentDetails"))"##,
            r##"{"agentDetails":"12"} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: string "12", expected a sequence). (field Some("agentDetails"))"##,
            r##"{"agentDetails":true} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: boolean `true`, expected a sequence). (field Some("agentDetails"))"##,
            r##"{"agentDetails":-7} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: integer `-7`, expected a sequence). (field Some("agentDetails"))"##,
            r##"{"agentDetails":1.5} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: floating point `1.5`, expected a sequence). (field Some("agentDetails"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct AgentDetailsReply). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct AgentDetailsReply). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct AgentDetailsReply). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct AgentDetailsReply). (field None)"##,
            r##"{"agentDetails":[{"agentLoginId":"a","serviceId":"x","stateId":1}]} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: string "x", expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"agentDetails":[{"agentLoginId":"a","serviceId":1}]} => Err The platform's answer was not in the documented format (field `stateId`: missing field `stateId`). (field Some("stateId"))"##,
            r##"{"agentDetails":[5]} => Err The platform's answer was not in the documented format (field `agentDetails`: invalid type: integer `5`, expected struct AgentDetail). (field Some("agentDetails"))"##,
        ],
    );
}

#[test]
fn service_stats_reply_pinned() {
    use crate::livevox::model::tests::{as_json, check_pin, each, pinned};
    use serde_json::json;
    let mut got = pinned(
        json!({"serviceId": "12", "serviceName": "Sales", "totalAgents": 3, "cip": "2", "throttle": null, "queue": {"a": 1}}),
        as_json::<ServiceStats>,
    );
    got.extend(pinned(
        json!({"stats": [{"serviceId": 1, "serviceName": 5, "loaded": "9"}]}),
        as_json::<ServiceStatsReply>,
    ));
    got.extend(each(
        &[
            r#"{"stats":[5]}"#,
            r#"{"stats":[{}]}"#,
            r#"{"stats":[null]}"#,
        ],
        as_json::<ServiceStatsReply>,
    ));
    check_pin(
        "ServiceStatsReply",
        got,
        &[
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":null,"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":null,"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":{},"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":{},"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":[],"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":[],"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"x","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"x","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"12","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"12","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":true,"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":true,"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":-7,"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":-7,"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":1.5,"queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":1.5,"throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null}"##,
            r##"{"cip":"2","queue":null,"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":null}"##,
            r##"{"cip":"2","queue":{},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{}}"##,
            r##"{"cip":"2","queue":[],"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":[]}"##,
            r##"{"cip":"2","queue":"","serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":""}"##,
            r##"{"cip":"2","queue":"x","serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":"x"}"##,
            r##"{"cip":"2","queue":"12","serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":"12"}"##,
            r##"{"cip":"2","queue":true,"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":true}"##,
            r##"{"cip":"2","queue":-7,"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":-7}"##,
            r##"{"cip":"2","queue":1.5,"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":1.5}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":null,"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":{},"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":[],"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"x","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":true,"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":-7,"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":-7,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":1.5,"serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":null,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":null,"totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":null,"throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":null,"totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":{},"throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":null,"totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":[],"throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":null,"totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":null,"totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"x","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"x","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"12","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"12","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":true,"throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"true","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":-7,"throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"-7","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":1.5,"throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"1.5","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":{},"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":{},"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":[],"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":[],"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":"","totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":"","queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":"x","totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":"x","queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":"12","totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":"12","queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":true,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":true,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":-7,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":-7,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":1.5,"totalAgents":3} => {"serviceId":12,"serviceName":"Sales","totalAgents":3,"cip":"2","throttle":1.5,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null} => {"serviceId":12,"serviceName":"Sales","cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":null} => {"serviceId":12,"serviceName":"Sales","totalAgents":null,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":{}} => {"serviceId":12,"serviceName":"Sales","totalAgents":{},"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":[]} => {"serviceId":12,"serviceName":"Sales","totalAgents":[],"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":""} => {"serviceId":12,"serviceName":"Sales","totalAgents":"","cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":"x"} => {"serviceId":12,"serviceName":"Sales","totalAgents":"x","cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":"12"} => {"serviceId":12,"serviceName":"Sales","totalAgents":"12","cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":true} => {"serviceId":12,"serviceName":"Sales","totalAgents":true,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":-7} => {"serviceId":12,"serviceName":"Sales","totalAgents":-7,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"{"cip":"2","queue":{"a":1},"serviceId":"12","serviceName":"Sales","throttle":null,"totalAgents":1.5} => {"serviceId":12,"serviceName":"Sales","totalAgents":1.5,"cip":"2","throttle":null,"queue":{"a":1}}"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected a map). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected a map). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected a map). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected a map). (field None)"##,
            r##"{"stats":[{"loaded":"9","serviceId":1,"serviceName":5}]} => {"stats":[{"serviceId":1,"serviceName":"5","loaded":"9"}]}"##,
            r##"{} => Err The platform's answer was not in the documented format (field `stats`: missing field `stats`). (field Some("stats"))"##,
            r##"{"stats":null} => {"stats":[]}"##,
            r##"{"stats":{}} => Err The platform's answer was not in the documented format (field `stats`: invalid type: map, expected a sequence). (field Some("stats"))"##,
            r##"{"stats":[]} => {"stats":[]}"##,
            r##"{"stats":""} => Err The platform's answer was not in the documented format (field `stats`: invalid type: string "", expected a sequence). (field Some("stats"))"##,
            r##"{"stats":"x"} => Err The platform's answer was not in the documented format (field `stats`: invalid type: string "x", expected a sequence). (field Some("stats"))"##,
            r##"{"stats":"12"} => Err The platform's answer was not in the documented format (field `stats`: invalid type: string "12", expected a sequence). (field Some("stats"))"##,
            r##"{"stats":true} => Err The platform's answer was not in the documented format (field `stats`: invalid type: boolean `true`, expected a sequence). (field Some("stats"))"##,
            r##"{"stats":-7} => Err The platform's answer was not in the documented format (field `stats`: invalid type: integer `-7`, expected a sequence). (field Some("stats"))"##,
            r##"{"stats":1.5} => Err The platform's answer was not in the documented format (field `stats`: invalid type: floating point `1.5`, expected a sequence). (field Some("stats"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct ServiceStatsReply). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct ServiceStatsReply). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct ServiceStatsReply). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct ServiceStatsReply). (field None)"##,
            r##"{"stats":[5]} => Err The platform's answer was not in the documented format (field `stats`: invalid type: integer `5`, expected a map). (field Some("stats"))"##,
            r##"{"stats":[{}]} => {"stats":[{"serviceId":null,"serviceName":null}]}"##,
            r##"{"stats":[null]} => Err The platform's answer was not in the documented format (field `stats`: invalid type: null, expected a map). (field Some("stats"))"##,
        ],
    );
}
