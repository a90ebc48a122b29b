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
