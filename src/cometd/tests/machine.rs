//! The state machine alone: commands and replies in, actions out.

use crate::cometd::message::*;
use crate::cometd::state::*;
use crate::error::{Error, ErrorCode, Result};
use serde_json::{json, Value};

fn machine() -> Machine {
    // random 0: backoff delays are exactly step * 2^n, capped.
    Machine::new(Timing::default(), Box::new(|| 0.0))
}

fn msgs(v: Value) -> Result<Vec<Message>> {
    decode_messages(&v.to_string())
}

fn sends(actions: &[Action]) -> Vec<&Outgoing> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(o) => Some(o),
            _ => None,
        })
        .collect()
}

fn send_on(actions: &[Action], slot: Slot) -> Outgoing {
    let found: Vec<&Outgoing> = sends(actions)
        .into_iter()
        .filter(|o| o.slot == slot)
        .collect();
    assert_eq!(found.len(), 1, "one {slot:?} send expected in {actions:#?}");
    found[0].clone()
}

fn no_send_on(actions: &[Action], slot: Slot) {
    assert!(
        sends(actions).iter().all(|o| o.slot != slot),
        "no {slot:?} send expected in {actions:#?}"
    );
}

fn states(actions: &[Action]) -> Vec<CometdState> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::State(s) => Some(*s),
            _ => None,
        })
        .collect()
}

fn resolved(actions: &[Action]) -> Vec<(OpId, Result<()>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Resolve { op, result } => Some((*op, result.clone())),
            _ => None,
        })
        .collect()
}

fn ok_ops(actions: &[Action]) -> Vec<OpId> {
    resolved(actions)
        .into_iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(op, _)| op)
        .collect()
}

fn failed(actions: &[Action], op: OpId) -> Error {
    resolved(actions)
        .into_iter()
        .find(|(o, _)| *o == op)
        .and_then(|(_, r)| r.err())
        .unwrap_or_else(|| panic!("op {op} should have failed in {actions:#?}"))
}

fn schedule(actions: &[Action]) -> Option<(TimerId, u32)> {
    actions.iter().rev().find_map(|a| match a {
        Action::Schedule { timer, delay_ms } => Some((*timer, *delay_ms)),
        _ => None,
    })
}

fn delivered(actions: &[Action]) -> Vec<(String, Value, Vec<ListenerId>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Deliver { message, listeners } => Some((
                message.channel.clone(),
                message.data.as_ref().map_or(Value::Null, |d| d.to_value()),
                listeners.clone(),
            )),
            _ => None,
        })
        .collect()
}

fn released(actions: &[Action]) -> Vec<ListenerId> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Release(ids) => Some(ids.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn id_of(o: &Outgoing, i: usize) -> String {
    o.messages[i].id.clone().unwrap()
}

/// Fires the zero-delay timer that `actions` scheduled last, as the host does right after
/// carrying them out: `actions` followed by what the timer brought (the next `/meta/connect`).
/// Without such a timer, `actions` unchanged.
fn fire_due(m: &mut Machine, mut actions: Vec<Action>) -> Vec<Action> {
    if let Some((timer, 0)) = schedule(&actions) {
        actions.extend(m.on_timer(timer));
    }
    actions
}

/// Answers a handshake request successfully with `client_id` and `advice` (`Value::Null`: none);
/// a `/meta/connect` due at once is sent (see [`fire_due`]).
fn handshake_ok(m: &mut Machine, hs: &Outgoing, client_id: &str, advice: Value) -> Vec<Action> {
    let mut reply = json!({"channel": HANDSHAKE, "id": id_of(hs, 0), "successful": true,
        "clientId": client_id, "version": "1.0", "supportedConnectionTypes": ["long-polling"]});
    if !advice.is_null() {
        reply["advice"] = advice;
    }
    let a = m.on_response(hs.request, msgs(json!([reply])));
    fire_due(m, a)
}

/// Handshakes (op 1) as client `c1`; returns the outstanding `/meta/connect`.
fn connected(m: &mut Machine, advice: Value) -> Outgoing {
    let a = m.handshake(1);
    let hs = send_on(&a, Slot::Session);
    let a = handshake_ok(m, &hs, "c1", advice);
    send_on(&a, Slot::Session)
}

fn std_advice() -> Value {
    json!({"reconnect": "retry", "interval": 0, "timeout": 30000})
}

/// Answers a connect successfully, with `events` riding along; the next `/meta/connect`, when
/// due at once, is sent (see [`fire_due`]).
fn connect_ok(m: &mut Machine, c: &Outgoing, events: Vec<Value>) -> Vec<Action> {
    let mut all = vec![json!({"channel": CONNECT, "id": id_of(c, 0), "successful": true})];
    all.extend(events);
    let a = m.on_response(c.request, msgs(Value::Array(all)));
    fire_due(m, a)
}

/// Answers every message of a normal request successfully, with `events` first.
fn normal_ok(m: &mut Machine, n: &Outgoing, events: Vec<Value>) -> Vec<Action> {
    let mut all = events;
    for msg in &n.messages {
        let mut r = json!({"channel": msg.channel, "id": msg.id, "successful": true});
        if let Some(s) = &msg.subscription {
            r["subscription"] = json!(s);
        }
        all.push(r);
    }
    m.on_response(n.request, msgs(Value::Array(all)))
}

fn subscriptions_in(o: &Outgoing) -> Vec<String> {
    o.messages
        .iter()
        .filter(|m| m.channel == SUBSCRIBE)
        .flat_map(|m| m.subscription.clone().unwrap_or_default())
        .collect()
}

/// Subscribes `channel` (op, listener) on a connected machine with a free normal slot and
/// confirms it.
fn subscribe_confirmed(m: &mut Machine, op: OpId, channel: &str, listener: ListenerId) {
    let a = m.subscribe(op, channel, listener).unwrap();
    let n = send_on(&a, Slot::Normal);
    let a = normal_ok(m, &n, vec![]);
    assert_eq!(ok_ops(&a), [op]);
}

#[test]
fn handshake_then_connect_cycle() {
    let mut m = machine();
    assert_eq!(m.state(), CometdState::Disconnected);
    let a = m.handshake(1);
    assert_eq!(states(&a), [CometdState::Connecting]);
    let hs = send_on(&a, Slot::Session);
    assert_eq!(hs.timeout_ms, 15_000);
    let h = &hs.messages[0];
    assert_eq!(hs.messages.len(), 1, "a handshake travels alone");
    assert_eq!(h.channel, HANDSHAKE);
    assert_eq!(h.version.as_deref(), Some("1.0"));
    assert_eq!(h.minimum_version.as_deref(), Some("1.0"));
    assert_eq!(
        h.supported_connection_types,
        Some(vec!["long-polling".to_string()])
    );
    assert_eq!(h.client_id, None);
    assert_eq!(
        h.ext,
        Some(json!({"ack": true})),
        "acknowledgements offered"
    );
    // a second caller joins the handshake under way
    let a = m.handshake(2);
    assert!(sends(&a).is_empty() && resolved(&a).is_empty());

    let a = handshake_ok(&mut m, &hs, "c1", std_advice());
    assert_eq!(ok_ops(&a), [1, 2]);
    assert_eq!(states(&a), [CometdState::Connected]);
    assert_eq!(m.client_id(), Some("c1"));
    let c = send_on(&a, Slot::Session);
    let cm = &c.messages[0];
    assert_eq!(cm.channel, CONNECT);
    assert_eq!(cm.client_id.as_deref(), Some("c1"));
    assert_eq!(cm.connection_type.as_deref(), Some("long-polling"));
    assert_eq!(
        cm.advice.as_ref().and_then(|a| a.timeout),
        Some(0),
        "the first connect asks for an immediate answer"
    );
    assert_eq!(c.timeout_ms, 10_000, "0 + maxNetworkDelay");
    assert_eq!(cm.ext, None, "the server did not agree to acknowledgements");

    // connected: handshake() settles at once
    let a = m.handshake(3);
    assert_eq!(ok_ops(&a), [3]);
    assert!(sends(&a).is_empty());

    // each connect reply sends the next one as soon as the timer fires (interval 0): one
    // outstanding
    let mut current = c;
    for _ in 0..3 {
        let a = connect_ok(&mut m, &current, vec![]);
        let next = send_on(&a, Slot::Session);
        assert_eq!(next.timeout_ms, 40_000, "advice.timeout + maxNetworkDelay");
        assert_eq!(next.messages[0].advice, None, "held from now on");
        assert_ne!(next.request, current.request);
        assert!(states(&a).is_empty());
        // a late answer to an earlier request changes nothing
        assert!(connect_ok(&mut m, &current, vec![]).is_empty());
        current = next;
    }
}

#[test]
fn the_next_connect_waits_for_the_timer_even_after_interval_0() {
    // As CometD's own client (`setTimeout(connect, interval)` for every `/meta/connect`): the
    // reply's messages reach their listeners first, and what the server gets meanwhile rides
    // on the next reply.
    let mut m = machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    let reply = json!([{"channel": HANDSHAKE, "id": id_of(&hs, 0), "successful": true,
        "clientId": "c1", "advice": std_advice()}]);
    let a = m.on_response(hs.request, msgs(reply));
    assert_eq!(ok_ops(&a), [1]);
    no_send_on(&a, Slot::Session);
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 0, "after a handshake");
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(c.messages[0].channel, CONNECT);
    subscribe_confirmed(&mut m, 2, "/a", 7);

    let reply = json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": true},
        {"channel": "/a", "data": 1}]);
    let a = m.on_response(c.request, msgs(reply));
    no_send_on(&a, Slot::Session);
    assert_eq!(delivered(&a), [("/a".into(), json!(1), vec![7])]);
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 0, "after a connect reply");
    let deliver_at = a.iter().position(|x| matches!(x, Action::Deliver { .. }));
    let schedule_at = a.iter().position(|x| matches!(x, Action::Schedule { .. }));
    assert!(
        deliver_at < schedule_at,
        "delivered before the wait: {a:#?}"
    );
    assert!(
        m.on_timer(timer + 1).is_empty(),
        "another timer sends nothing"
    );
    let a = m.on_timer(timer);
    let next = send_on(&a, Slot::Session);
    assert_eq!(next.messages[0].channel, CONNECT);
    assert!(m.on_timer(timer).is_empty(), "a timer fires once");

    // a disconnect during the wait: the timer is dropped, no connect follows
    let a = connect_ok_raw(&mut m, &next);
    let (timer, _) = schedule(&a).unwrap();
    let a = m.disconnect(3);
    assert!(a.iter().any(|x| matches!(x, Action::CancelTimer)));
    assert!(sends(&m.on_timer(timer)).is_empty());
}

/// Answers a connect successfully, without firing the timer it sets.
fn connect_ok_raw(m: &mut Machine, c: &Outgoing) -> Vec<Action> {
    let reply = json!([{"channel": CONNECT, "id": id_of(c, 0), "successful": true}]);
    m.on_response(c.request, msgs(reply))
}

#[test]
fn advice_retry_waits_the_interval() {
    let mut m = machine();
    // the first connect too waits the interval the handshake reply advised (as in CometD's
    // own client)
    let hs = send_on(&m.handshake(1), Slot::Session);
    let advice = json!({"reconnect": "retry", "interval": 2500, "timeout": 30000});
    let a = handshake_ok(&mut m, &hs, "c1", advice);
    assert_eq!(ok_ops(&a), [1]);
    no_send_on(&a, Slot::Session);
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 2500);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(c.messages[0].channel, CONNECT);
    let a = connect_ok(&mut m, &c, vec![]);
    no_send_on(&a, Slot::Session);
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 2500);
    assert!(m.on_timer(timer + 100).is_empty(), "unknown timer ignored");
    let a = m.on_timer(timer);
    let c2 = send_on(&a, Slot::Session);
    assert_eq!(c2.messages[0].channel, CONNECT);
    assert!(m.on_timer(timer).is_empty(), "a timer fires once");
}

#[test]
fn latest_advice_wins_over_the_defaults() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    // a connect reply's advice replaces the handshake's
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": true,
            "advice": {"interval": 1000, "timeout": 5000}}]),
        ),
    );
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 1000);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(c.timeout_ms, 15_000);
    // a reply without advice keeps the latest one
    let a = connect_ok(&mut m, &c, vec![]);
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 1000);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    // partial advice: the absent fields fall back to the defaults, not to older advice
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": true,
            "advice": {"reconnect": "retry"}}]),
        ),
    );
    let c = send_on(&fire_due(&mut m, a), Slot::Session);
    assert_eq!(c.timeout_ms, 70_000, "default timeout 60 s + 10 s");
}

#[test]
fn advice_handshake_rehandshakes_and_replays_each_subscription_once() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    // three listeners on two channels
    let a = m.subscribe(10, "/a", 100).unwrap();
    let n1 = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n1), ["/a"]);
    assert_eq!(n1.messages[0].client_id.as_deref(), Some("c1"));
    let a = m.subscribe(11, "/b/*", 101).unwrap();
    no_send_on(&a, Slot::Normal); // one normal request at a time
    let a = m.subscribe(12, "/a", 102).unwrap();
    assert!(sends(&a).is_empty() && resolved(&a).is_empty());
    let a = normal_ok(&mut m, &n1, vec![]);
    assert_eq!(ok_ops(&a), [10, 12]);
    let n2 = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n2), ["/b/*"]);
    assert_eq!(ok_ops(&normal_ok(&mut m, &n2, vec![])), [11]);

    // the server forgot the session
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": false,
            "error": "402::Unknown client", "advice": {"reconnect": "handshake", "interval": 0}}]),
        ),
    );
    assert_eq!(states(&a), [CometdState::Reconnecting]);
    let hs = send_on(&a, Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);
    assert_eq!(hs.messages[0].client_id, None);
    assert_eq!(m.client_id(), None);
    no_send_on(&a, Slot::Normal);

    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    assert_eq!(states(&a), [CometdState::Connected]);
    assert!(resolved(&a).is_empty(), "nobody was waiting");
    let c2 = send_on(&a, Slot::Session);
    assert_eq!(c2.messages[0].client_id.as_deref(), Some("c2"));
    let n = send_on(&a, Slot::Normal);
    let mut replayed = subscriptions_in(&n);
    replayed.sort();
    assert_eq!(
        replayed,
        ["/a", "/b/*"],
        "each channel once, listeners kept"
    );
    assert!(n
        .messages
        .iter()
        .all(|m| m.client_id.as_deref() == Some("c2")));
    let a = normal_ok(&mut m, &n, vec![]);
    assert!(sends(&a).is_empty());
    assert_eq!(m.channels(), ["/a", "/b/*"]);
    // delivery still reaches all three listeners
    let a = connect_ok(
        &mut m,
        &c2,
        vec![
            json!({"channel": "/a", "data": 1}),
            json!({"channel": "/b/x", "data": 2}),
        ],
    );
    assert_eq!(
        delivered(&a),
        [
            ("/a".to_string(), json!(1), vec![100, 102]),
            ("/b/x".to_string(), json!(2), vec![101]),
        ]
    );
}

#[test]
fn subscriptions_added_during_a_rehandshake_are_sent_once_with_the_rest() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "successful": false, "error": "402::session_unknown",
            "advice": {"reconnect": "handshake"}}]),
        ),
    );
    let hs = send_on(&a, Slot::Session);
    // while handshaking: nothing goes out on the normal slot
    let a = m.subscribe(11, "/a", 101).unwrap();
    assert!(sends(&a).is_empty());
    let a = m.subscribe(12, "/c", 102).unwrap();
    assert!(sends(&a).is_empty());
    let a = m.publish(13, "/p", json!({"x": 1})).unwrap();
    assert!(sends(&a).is_empty());
    let a = handshake_ok(&mut m, &hs, "c2", Value::Null);
    let n = send_on(&a, Slot::Normal);
    let mut subs = subscriptions_in(&n);
    subs.sort();
    assert_eq!(subs, ["/a", "/c"]);
    assert_eq!(n.messages.iter().filter(|m| m.channel == "/p").count(), 1);
    let a = normal_ok(&mut m, &n, vec![]);
    let mut ok = ok_ops(&a);
    ok.sort();
    assert_eq!(ok, [11, 12, 13]);
}

#[test]
fn advice_none_disconnects_and_stops() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    let a = m.subscribe(11, "/b", 101).unwrap();
    let _n = send_on(&a, Slot::Normal);
    let a = m.publish(12, "/p", json!(1)).unwrap();
    assert!(sends(&a).is_empty(), "queued behind the subscribe");
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": true,
            "advice": {"reconnect": "none"}}]),
        ),
    );
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert!(sends(&a).is_empty() && schedule(&a).is_none());
    assert_eq!(failed(&a, 11).code, ErrorCode::InvalidState);
    assert_eq!(failed(&a, 12).code, ErrorCode::InvalidState);
    let mut rel = released(&a);
    rel.sort();
    assert_eq!(rel, [100, 101]);
    assert_eq!(m.state(), CometdState::Disconnected);
    assert!(m.channels().is_empty());
    let e = m.subscribe(20, "/a", 200).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    let e = m.publish(21, "/a", json!(1)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
}

#[test]
fn refused_connect_with_advice_none_disconnects() {
    // CometD's answer to a second tab of the same browser: multiple-clients, reconnect none
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(
        c.request,
        msgs(json!([{"channel": CONNECT, "successful": false,
            "advice": {"reconnect": "none", "multiple-clients": true}}])),
    );
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert!(sends(&a).is_empty());
}

#[test]
fn negative_interval_means_do_not_reconnect() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(
        c.request,
        msgs(json!([{"channel": CONNECT, "successful": true, "advice": {"interval": -1}}])),
    );
    assert_eq!(states(&a), [CometdState::Disconnected]);
}

#[test]
fn unknown_client_on_subscribe_and_publish_makes_one_handshake() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.publish(9, "/p0", json!(0)).unwrap();
    let n0 = send_on(&a, Slot::Normal);
    m.subscribe(10, "/a", 100).unwrap();
    m.publish(11, "/p", json!({"k": "v"})).unwrap();
    let a = normal_ok(&mut m, &n0, vec![]);
    assert_eq!(ok_ops(&a), [9]);
    let n1 = send_on(&a, Slot::Normal);
    assert_eq!(n1.messages.len(), 2, "batched: subscribe and publish");
    // both refused: the server forgot the client
    let a = m.on_response(
        n1.request,
        msgs(json!([
            {"channel": SUBSCRIBE, "id": id_of(&n1, 0), "successful": false,
             "error": "402::Unknown client", "subscription": "/a"},
            {"channel": "/p", "id": id_of(&n1, 1), "successful": false,
             "error": "402::Unknown client"}
        ])),
    );
    let handshakes = sends(&a)
        .iter()
        .filter(|o| o.messages[0].channel == HANDSHAKE)
        .count();
    assert_eq!(handshakes, 1, "single-flight");
    assert!(
        a.contains(&Action::Abort(c.request)),
        "the old connect is abandoned"
    );
    assert!(
        resolved(&a).is_empty(),
        "callers keep waiting for the new session"
    );
    let hs = send_on(&a, Slot::Session);
    // the abandoned connect's answer arrives anyway: ignored
    let late = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "successful": false, "error": "402::Unknown client",
            "advice": {"reconnect": "handshake"}}]),
        ),
    );
    assert!(late.is_empty());

    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    let n2 = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n2), ["/a"]);
    let publishes: Vec<&Message> = n2.messages.iter().filter(|m| m.channel == "/p").collect();
    assert_eq!(
        publishes.len(),
        1,
        "the refused publish is sent again, once"
    );
    assert_eq!(
        publishes[0].data.as_ref().map(|d| d.to_value()),
        Some(json!({"k": "v"}))
    );
    let a = normal_ok(&mut m, &n2, vec![]);
    let mut ok = ok_ops(&a);
    ok.sort();
    assert_eq!(ok, [10, 11]);
}

#[test]
fn a_stale_unknown_client_reply_does_not_start_another_handshake() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.subscribe(10, "/a", 100).unwrap();
    let n = send_on(&a, Slot::Normal);
    // the connect finds the session gone first; the new session is up before the old
    // subscribe's answer arrives
    let a = m.on_response(
        c.request,
        msgs(json!([{"channel": CONNECT, "successful": false, "error": "402::Unknown client"}])),
    );
    let hs = send_on(&a, Slot::Session);
    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    no_send_on(&a, Slot::Normal); // the old request still holds the normal slot
    let a = m.on_response(
        n.request,
        msgs(
            json!([{"channel": SUBSCRIBE, "id": id_of(&n, 0), "successful": false,
            "error": "402::Unknown client"}]),
        ),
    );
    assert!(
        sends(&a).iter().all(|o| o.messages[0].channel != HANDSHAKE),
        "no second handshake: {a:#?}"
    );
    let n2 = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n2), ["/a"]);
    assert_eq!(ok_ops(&normal_ok(&mut m, &n2, vec![])), [10]);
}

#[test]
fn network_failures_back_off_exponentially_up_to_the_cap_then_reset() {
    let mut m = machine();
    let mut c = connected(&mut m, std_advice());
    let mut delays = Vec::new();
    let mut all_states = Vec::new();
    for _ in 0..7 {
        let a = m.on_response(
            c.request,
            Err(Error::new(ErrorCode::Network, "connection reset")),
        );
        all_states.extend(states(&a));
        no_send_on(&a, Slot::Session);
        let (timer, delay) = schedule(&a).unwrap();
        delays.push(delay);
        c = send_on(&m.on_timer(timer), Slot::Session);
    }
    assert_eq!(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert_eq!(all_states, [CometdState::Reconnecting]);
    let a = connect_ok(&mut m, &c, vec![]);
    assert_eq!(states(&a), [CometdState::Connected]);
    let c = send_on(&a, Slot::Session);
    let a = m.on_response(c.request, Err(Error::timeout(70_000)));
    assert_eq!(schedule(&a).unwrap().1, 1000, "reset after a success");
}

#[test]
fn backoff_jitter_takes_off_at_most_half() {
    let t = Timing::default();
    assert_eq!(t.backoff_ms(0, 0.3), 0);
    assert_eq!(t.backoff_ms(1, 0.0), 1000);
    assert_eq!(t.backoff_ms(1, 0.5), 750);
    assert_eq!(t.backoff_ms(1, 0.999), 501);
    assert_eq!(t.backoff_ms(1, 7.0), 500);
    assert_eq!(t.backoff_ms(40, 0.0), 30_000);
    assert_eq!(t.backoff_ms(u32::MAX, 0.5), 22_500);
    let custom = Timing {
        backoff_step_ms: 100,
        max_backoff_ms: 250,
        ..Timing::default()
    };
    assert_eq!(
        (1..5)
            .map(|n| custom.backoff_ms(n, 0.0))
            .collect::<Vec<_>>(),
        [100, 200, 250, 250]
    );
    assert!(Timing {
        backoff_step_ms: 0,
        ..Timing::default()
    }
    .validate()
    .is_err());
    assert!(Timing {
        timeout_ms: 0,
        ..Timing::default()
    }
    .validate()
    .is_err());
}

#[test]
fn connect_is_abandoned_after_advice_timeout_plus_max_network_delay() {
    let mut m = Machine::new(
        Timing {
            max_network_delay_ms: 2_000,
            ..Timing::default()
        },
        Box::new(|| 0.0),
    );
    let c = connected(
        &mut m,
        json!({"reconnect": "retry", "interval": 0, "timeout": 25000}),
    );
    assert_eq!(c.timeout_ms, 2_000, "the first connect is answered at once");
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    assert_eq!(c.timeout_ms, 27_000);
    let mut m = machine();
    let c = connected(&mut m, Value::Null);
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    assert_eq!(c.timeout_ms, 70_000, "no advice: 60 s default + 10 s");
    // the driver reports the abandoned poll as a timeout: back off and poll again
    let a = m.on_response(c.request, Err(Error::timeout(70_000)));
    assert_eq!(states(&a), [CometdState::Reconnecting]);
    assert_eq!(schedule(&a).unwrap().1, 1000);
}

#[test]
fn a_rehandshake_does_not_reuse_stale_advice() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": false,
            "error": "402::Unknown client",
            "advice": {"reconnect": "handshake", "interval": 5000, "timeout": 1000}}]),
        ),
    );
    let hs = send_on(&a, Slot::Session);
    // the new handshake reply carries no advice: defaults, not the advice that sent us here
    let a = handshake_ok(&mut m, &hs, "c2", Value::Null);
    let c = send_on(&a, Slot::Session);
    let a = connect_ok(&mut m, &c, vec![]);
    assert_eq!(schedule(&a).unwrap().1, 0, "interval back to 0");
    let c = send_on(&a, Slot::Session);
    assert_eq!(c.timeout_ms, 70_000);
    assert_eq!(c.messages[0].channel, CONNECT, "no handshake loop");
    assert_eq!(m.state(), CometdState::Connected);
}

#[test]
fn repeated_rehandshakes_without_a_successful_connect_back_off() {
    let mut m = machine();
    let mut c = connected(&mut m, std_advice());
    let forgot = |c: &Outgoing| {
        msgs(
            json!([{"channel": CONNECT, "id": id_of(c, 0), "successful": false,
            "error": "402::Unknown client", "advice": {"reconnect": "handshake"}}]),
        )
    };
    let mut delays = Vec::new();
    for i in 0..4 {
        let a = m.on_response(c.request, forgot(&c));
        let hs = match schedule(&a) {
            None => {
                delays.push(0);
                send_on(&a, Slot::Session)
            }
            Some((timer, delay)) => {
                delays.push(delay);
                no_send_on(&a, Slot::Session);
                send_on(&m.on_timer(timer), Slot::Session)
            }
        };
        let a = handshake_ok(&mut m, &hs, &format!("c{i}"), std_advice());
        c = send_on(&a, Slot::Session);
    }
    assert_eq!(delays, [0, 1000, 2000, 4000]);
    // a successful connect ends the streak
    let a = connect_ok(&mut m, &c, vec![]);
    let c = send_on(&a, Slot::Session);
    let a = m.on_response(c.request, forgot(&c));
    assert!(schedule(&a).is_none());
    assert_eq!(send_on(&a, Slot::Session).messages[0].channel, HANDSHAKE);
}

#[test]
fn a_failed_rehandshake_retries_with_backoff_and_a_caller_can_hurry_it() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(
        c.request,
        msgs(json!([{"channel": CONNECT, "successful": false, "error": "402::x"}])),
    );
    let hs = send_on(&a, Slot::Session);
    let a = m.on_response(hs.request, Err(Error::new(ErrorCode::Network, "down")));
    assert!(resolved(&a).is_empty() && states(&a).is_empty());
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 1000);
    let hs = send_on(&m.on_timer(timer), Slot::Session);
    let a = m.on_response(hs.request, Err(Error::new(ErrorCode::ServerError, "503")));
    let (_, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 2000);
    // a caller's handshake() does not wait out the backoff
    let a = m.handshake(7);
    assert!(a.contains(&Action::CancelTimer));
    let hs = send_on(&a, Slot::Session);
    let a = handshake_ok(&mut m, &hs, "c9", std_advice());
    assert_eq!(ok_ops(&a), [7]);
    assert_eq!(states(&a), [CometdState::Connected]);
}

#[test]
fn a_rehandshake_refused_with_advice_none_disconnects() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(
        c.request,
        msgs(json!([{"channel": CONNECT, "successful": false, "error": "402::x"}])),
    );
    let hs = send_on(&a, Slot::Session);
    let a = m.on_response(
        hs.request,
        msgs(
            json!([{"channel": HANDSHAKE, "successful": false, "error": "403::nope",
            "advice": {"reconnect": "none"}}]),
        ),
    );
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert!(sends(&a).is_empty() && schedule(&a).is_none());
}

#[test]
fn the_first_handshake_retries_until_connected() {
    let mut m = machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    // network down, then a server answering 503, bad JSON, no reply, a clientId-less reply,
    // an unsuccessful reply advising a retry: each is retried with a growing backoff
    let failures: Vec<Result<Vec<Message>>> = vec![
        Err(Error::new(ErrorCode::Network, "refused")),
        Err(Error::new(ErrorCode::ServerError, "unavailable").with_status(503)),
        msgs(json!("oops")),
        msgs(json!([])),
        msgs(json!([{"channel": HANDSHAKE, "successful": true}])),
        msgs(
            json!([{"channel": HANDSHAKE, "successful": false, "error": "500::busy",
            "advice": {"reconnect": "handshake"}}]),
        ),
        // a 403 the server advises to retry is retried too
        msgs(
            json!([{"channel": HANDSHAKE, "successful": false, "error": "403::later",
            "advice": {"reconnect": "retry"}}]),
        ),
    ];
    let mut hs = hs;
    for (n, reply) in failures.into_iter().enumerate() {
        let a = m.on_response(hs.request, reply);
        assert!(resolved(&a).is_empty(), "failure {n} settles nothing");
        assert!(states(&a).is_empty(), "still connecting after failure {n}");
        let (timer, delay) = schedule(&a).expect("a retry is scheduled");
        assert_eq!(
            delay,
            (1000u32 << n).min(30_000),
            "backoff after failure {n}"
        );
        hs = send_on(&m.on_timer(timer), Slot::Session);
        assert_eq!(hs.messages[0].channel, HANDSHAKE);
    }
    assert_eq!(m.state(), CometdState::Connecting);
    let a = handshake_ok(&mut m, &hs, "c1", std_advice());
    assert_eq!(ok_ops(&a), [1]);
    assert_eq!(states(&a), [CometdState::Connected]);
    assert!(
        !a.contains(&Action::Rehandshake),
        "a first session is no re-handshake"
    );
}

#[test]
fn the_first_handshake_gives_up_only_for_a_reason() {
    let mut m = machine();
    // HTTP 401 / 403: the credentials were refused
    for status in [401, 403] {
        let hs = send_on(&m.handshake(1), Slot::Session);
        let e = Error::new(ErrorCode::Unauthorized, "no").with_status(status);
        let a = m.on_response(hs.request, Err(e));
        assert_eq!(failed(&a, 1).status, Some(status));
        assert_eq!(states(&a), [CometdState::Disconnected]);
        assert!(schedule(&a).is_none());
    }
    // a Bayeux 403 without advice to retry, and advice none
    for reply in [
        json!([{"channel": HANDSHAKE, "successful": false, "error": "403::Handshake denied"}]),
        json!([{"channel": HANDSHAKE, "successful": false, "error": "500::no",
            "advice": {"reconnect": "none"}}]),
    ] {
        let hs = send_on(&m.handshake(2), Slot::Session);
        let a = m.on_response(hs.request, msgs(reply));
        failed(&a, 2);
        assert_eq!(m.state(), CometdState::Disconnected);
        assert!(schedule(&a).is_none());
    }
    let hs = send_on(&m.handshake(3), Slot::Session);
    let a = m.on_response(
        hs.request,
        msgs(
            json!([{"channel": HANDSHAKE, "id": id_of(&hs, 0), "successful": false,
            "error": "403::Handshake denied", "advice": {"reconnect": "none"}}]),
        ),
    );
    let e = failed(&a, 3);
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(e.vendor_message.as_deref(), Some("403::Handshake denied"));
    // disconnect() while retrying
    let hs = send_on(&m.handshake(4), Slot::Session);
    let a = m.on_response(hs.request, Err(Error::new(ErrorCode::Network, "down")));
    assert!(schedule(&a).is_some());
    let a = m.disconnect(5);
    assert_eq!(failed(&a, 4).code, ErrorCode::InvalidState);
    assert_eq!(ok_ops(&a), [5]);
    assert_eq!(m.state(), CometdState::Disconnected);
}

#[test]
fn bad_json_on_connect_backs_off_like_a_network_failure() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(c.request, decode_messages("<html>proxy error</html>"));
    assert_eq!(states(&a), [CometdState::Reconnecting]);
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 1000);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    // a reply without a /meta/connect answer counts as a failure too
    let a = m.on_response(c.request, msgs(json!([{"channel": "/a", "data": 1}])));
    assert_eq!(schedule(&a).unwrap().1, 2000);
}

#[test]
fn messages_are_delivered_in_order_once_per_matching_listener() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a/*", 100);
    subscribe_confirmed(&mut m, 11, "/a/b", 101);
    subscribe_confirmed(&mut m, 12, "/z/**", 102);
    let a = connect_ok(
        &mut m,
        &c,
        vec![
            json!({"channel": "/a/b", "data": 1}),
            json!({"channel": "/a/c", "data": 2}),
            json!({"channel": "/x", "data": 3}),
            json!({"channel": "/a/b", "data": 4}),
            json!({"channel": "/z/1/2", "data": 5}),
            json!({"channel": "/a/b", "id": "1", "successful": true}),
            json!({"channel": "/meta/unknown", "data": 6}),
        ],
    );
    let c = send_on(&a, Slot::Session);
    assert_eq!(
        delivered(&a),
        [
            ("/a/b".to_string(), json!(1), vec![100, 101]),
            ("/a/c".to_string(), json!(2), vec![100]),
            ("/a/b".to_string(), json!(4), vec![100, 101]),
            ("/z/1/2".to_string(), json!(5), vec![102]),
        ]
    );
    // messages riding on a normal reply are delivered in the same order as they arrive
    let a = m.publish(13, "/out", json!("x")).unwrap();
    let n = send_on(&a, Slot::Normal);
    let a = normal_ok(
        &mut m,
        &n,
        vec![
            json!({"channel": "/a/q", "data": 7}),
            json!({"channel": "/a/q", "data": 8}),
        ],
    );
    let got: Vec<Value> = delivered(&a).into_iter().map(|(_, d, _)| d).collect();
    assert_eq!(got, [json!(7), json!(8)]);
    assert_eq!(ok_ops(&a), [13]);
    let a = connect_ok(&mut m, &c, vec![json!({"channel": "/a/q", "data": 9})]);
    let got: Vec<Value> = delivered(&a).into_iter().map(|(_, d, _)| d).collect();
    assert_eq!(got, [json!(9)]);
}

#[test]
fn events_around_a_session_loss_are_delivered_once() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    // events ride on the connect reply that reports the lost session
    let a = m.on_response(
        c.request,
        msgs(json!([
            {"channel": "/a", "data": 1},
            {"channel": CONNECT, "successful": false, "error": "402::Unknown client",
             "advice": {"reconnect": "handshake"}},
            {"channel": "/a", "data": 2}
        ])),
    );
    let got: Vec<Value> = delivered(&a).into_iter().map(|(_, d, _)| d).collect();
    assert_eq!(got, [json!(1), json!(2)]);
    let hs = send_on(&a, Slot::Session);
    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    let c = send_on(&a, Slot::Session);
    let n = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n), ["/a"]);
    let a = normal_ok(&mut m, &n, vec![json!({"channel": "/a", "data": 3})]);
    let a2 = connect_ok(&mut m, &c, vec![json!({"channel": "/a", "data": 4})]);
    let got: Vec<Value> = delivered(&a)
        .into_iter()
        .chain(delivered(&a2))
        .map(|(_, d, l)| {
            assert_eq!(l, [100]);
            d
        })
        .collect();
    assert_eq!(got, [json!(3), json!(4)]);
}

#[test]
fn disconnect_tells_the_server_and_forgets_everything() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    let a = m.publish(20, "/p", json!(1)).unwrap();
    let n = send_on(&a, Slot::Normal);
    m.publish(21, "/q", json!(2)).unwrap();
    let a = m.disconnect(30);
    assert!(a.contains(&Action::Abort(c.request)), "{a:#?}");
    assert_eq!(states(&a), [CometdState::Disconnected]);
    let d = send_on(&a, Slot::Session);
    assert_eq!(d.messages[0].channel, DISCONNECT);
    assert_eq!(d.messages[0].client_id.as_deref(), Some("c1"));
    assert_eq!(failed(&a, 21).code, ErrorCode::InvalidState);
    assert_eq!(released(&a), [100]);
    assert!(resolved(&a).iter().all(|(op, _)| *op != 30));
    assert_eq!(m.state(), CometdState::Disconnected);
    // the publish already sent still gets its answer
    assert_eq!(ok_ops(&normal_ok(&mut m, &n, vec![])), [20]);
    let a = m.on_response(
        d.request,
        msgs(json!([{"channel": DISCONNECT, "id": id_of(&d, 0), "successful": true}])),
    );
    assert_eq!(ok_ops(&a), [30]);
    assert!(sends(&a).is_empty());
    // disconnecting again: nothing to do
    assert_eq!(ok_ops(&m.disconnect(31)), [31]);
    // a new session starts clean
    let hs = send_on(&m.handshake(40), Slot::Session);
    let a = handshake_ok(&mut m, &hs, "c5", std_advice());
    no_send_on(&a, Slot::Normal);
    assert!(m.channels().is_empty());
}

#[test]
fn disconnect_settles_even_when_the_server_cannot_be_reached() {
    let mut m = machine();
    connected(&mut m, std_advice());
    let d = send_on(&m.disconnect(30), Slot::Session);
    let a = m.on_response(d.request, Err(Error::new(ErrorCode::Network, "down")));
    assert_eq!(ok_ops(&a), [30]);
    // disconnect during the first handshake: it is abandoned
    let hs = send_on(&m.handshake(1), Slot::Session);
    let a = m.disconnect(2);
    assert!(a.contains(&Action::Abort(hs.request)));
    assert_eq!(failed(&a, 1).code, ErrorCode::InvalidState);
    assert_eq!(ok_ops(&a), [2]);
    assert_eq!(states(&a), [CometdState::Disconnected]);
    // a handshake right after a disconnect does not leave the disconnect hanging
    connected(&mut m, std_advice());
    let d = send_on(&m.disconnect(50), Slot::Session);
    let a = m.handshake(51);
    assert!(a.contains(&Action::Abort(d.request)));
    assert_eq!(ok_ops(&a), [50]);
}

#[test]
fn the_server_can_disconnect_the_client() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    let a = m.on_response(
        c.request,
        msgs(json!([
            {"channel": DISCONNECT, "successful": true},
            {"channel": CONNECT, "id": id_of(&c, 0), "successful": true}
        ])),
    );
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert!(sends(&a).is_empty());
    assert_eq!(released(&a), [100]);
}

#[test]
fn bad_channels_are_invalid_argument_and_a_disconnected_client_is_invalid_state() {
    let mut m = machine();
    for ch in ["/meta/*", "/meta/connect", "/meta/**", "", "x", "/a/*/b"] {
        let e = m.subscribe(1, ch, 1).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{ch:?}");
        assert_eq!(e.field.as_deref(), Some("channel"));
    }
    for ch in ["/a/*", "/a/**", "/meta/handshake"] {
        let e = m.publish(1, ch, json!(1)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{ch:?}");
    }
    let e = m.subscribe(1, "/a", 1).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("handshake()"));
    let e = m.publish(1, "/a", json!(1)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    // checked before anything else, also when connected
    connected(&mut m, std_advice());
    assert_eq!(
        m.subscribe(2, "/meta/subscribe", 2).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    assert!(m.channels().is_empty());
}

#[test]
fn unsubscribe_tells_the_server_when_the_last_listener_leaves() {
    let mut m = machine();
    connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    let a = m.subscribe(11, "/a", 101).unwrap();
    assert_eq!(ok_ops(&a), [11], "already confirmed: settles at once");
    assert!(sends(&a).is_empty());
    let a = m.unsubscribe(100, Some(20));
    assert_eq!(ok_ops(&a), [20]);
    assert!(sends(&a).is_empty());
    let a = m.unsubscribe(101, Some(21));
    let n = send_on(&a, Slot::Normal);
    assert_eq!(n.messages[0].channel, UNSUBSCRIBE);
    assert_eq!(n.messages[0].subscription, Some(vec!["/a".to_string()]));
    assert!(resolved(&a).is_empty());
    assert!(m.channels().is_empty());
    let a = m.on_response(
        n.request,
        msgs(
            json!([{"channel": UNSUBSCRIBE, "id": id_of(&n, 0), "successful": false,
            "error": "404::whatever"}]),
        ),
    );
    assert_eq!(ok_ops(&a), [21], "unsubscribe never fails");
    assert_eq!(ok_ops(&m.unsubscribe(999, Some(22))), [22]);
}

#[test]
fn unsubscribe_and_resubscribe_go_out_in_order() {
    let mut m = machine();
    connected(&mut m, std_advice());
    let a = m.subscribe(10, "/a", 100).unwrap();
    let n1 = send_on(&a, Slot::Normal);
    // gone before the server answered, then back
    m.cancel(10);
    m.subscribe(11, "/a", 101).unwrap();
    let a = normal_ok(&mut m, &n1, vec![]);
    assert!(
        ok_ops(&a).is_empty(),
        "the withdrawn subscribe settles nobody"
    );
    let n2 = send_on(&a, Slot::Normal);
    let order: Vec<&str> = n2.messages.iter().map(|m| m.channel.as_str()).collect();
    assert_eq!(order, [UNSUBSCRIBE, SUBSCRIBE]);
    let a = normal_ok(&mut m, &n2, vec![]);
    assert_eq!(ok_ops(&a), [11]);
    assert_eq!(m.channels(), ["/a"]);
}

#[test]
fn publish_outcomes() {
    let mut m = machine();
    connected(&mut m, std_advice());
    let a = m.publish(1, "/p", json!({"a": [1, 2]})).unwrap();
    let n = send_on(&a, Slot::Normal);
    let p = &n.messages[0];
    assert_eq!(p.channel, "/p");
    assert_eq!(
        p.data.as_ref().map(|d| d.to_value()),
        Some(json!({"a": [1, 2]}))
    );
    assert_eq!(p.client_id.as_deref(), Some("c1"));
    assert_eq!(ok_ops(&normal_ok(&mut m, &n, vec![])), [1]);

    let n = send_on(&m.publish(2, "/p", json!(1)).unwrap(), Slot::Normal);
    let a = m.on_response(
        n.request,
        msgs(
            json!([{"channel": "/p", "id": id_of(&n, 0), "successful": false,
            "error": "403::Publish denied"}]),
        ),
    );
    assert_eq!(failed(&a, 2).code, ErrorCode::Forbidden);

    // a failed request: the publish may have arrived, so it is not sent again
    let n = send_on(&m.publish(3, "/p", json!(1)).unwrap(), Slot::Normal);
    let a = m.on_response(n.request, Err(Error::new(ErrorCode::Network, "reset")));
    assert_eq!(failed(&a, 3).code, ErrorCode::Network);
    assert!(sends(&a).is_empty());

    // an answer that forgets the publish
    let n = send_on(&m.publish(4, "/p", json!(1)).unwrap(), Slot::Normal);
    let a = m.on_response(n.request, msgs(json!([])));
    assert_eq!(failed(&a, 4).code, ErrorCode::BadResponse);

    // a published message that happens to carry our id is not the answer
    let n = send_on(&m.publish(5, "/p", json!(1)).unwrap(), Slot::Normal);
    let a = m.on_response(
        n.request,
        msgs(json!([
            {"channel": "/p", "id": id_of(&n, 0), "data": "someone else's"},
            {"channel": "/p", "id": id_of(&n, 0), "successful": true}
        ])),
    );
    assert_eq!(ok_ops(&a), [5]);
}

#[test]
fn a_failed_subscribe_request_fails_its_callers_and_keeps_replayed_listeners() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 10, "/a", 100);
    // session lost and replayed; the replay request fails, and a caller joined it
    let a = m.on_response(
        c.request,
        msgs(json!([{"channel": CONNECT, "successful": false, "error": "402::x"}])),
    );
    let hs = send_on(&a, Slot::Session);
    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    let c = send_on(&a, Slot::Session);
    let n = send_on(&a, Slot::Normal);
    m.subscribe(11, "/a", 101).unwrap();
    let a = m.on_response(n.request, Err(Error::new(ErrorCode::ServerError, "500")));
    assert_eq!(failed(&a, 11).code, ErrorCode::ServerError);
    assert_eq!(released(&a), [101]);
    assert_eq!(m.channels(), ["/a"], "the replayed listener stays");
    // sent again after the next successful connect
    let a = connect_ok(&mut m, &c, vec![]);
    let n = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n), ["/a"]);

    // refused for good: the subscription ends
    let a = m.on_response(
        n.request,
        msgs(
            json!([{"channel": SUBSCRIBE, "id": id_of(&n, 0), "successful": false,
            "error": "403::denied", "subscription": "/a"}]),
        ),
    );
    assert_eq!(released(&a), [100]);
    assert!(m.channels().is_empty());
    assert!(a
        .iter()
        .any(|x| matches!(x, Action::Log { text, .. } if text.contains("/a"))));
}

#[test]
fn a_refused_subscribe_rejects_its_caller() {
    let mut m = machine();
    connected(&mut m, std_advice());
    let n = send_on(&m.subscribe(10, "/secret", 100).unwrap(), Slot::Normal);
    let a = m.on_response(
        n.request,
        msgs(
            json!([{"channel": SUBSCRIBE, "id": id_of(&n, 0), "successful": false,
            "error": "403:c1,/secret:Subscription denied"}]),
        ),
    );
    let e = failed(&a, 10);
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(e.vendor_code, Some(403));
    assert_eq!(released(&a), [100]);
    assert!(a
        .iter()
        .any(|x| matches!(x, Action::Warning(w) if w.reason == "subscription-refused")));
}

#[test]
fn replies_without_ids_are_matched_by_channel() {
    let mut m = machine();
    connected(&mut m, std_advice());
    let a = m.subscribe(10, "/a", 100).unwrap();
    let n = send_on(&a, Slot::Normal);
    let a = m.on_response(
        n.request,
        msgs(json!([{"channel": SUBSCRIBE, "successful": true, "subscription": ["/a"]}])),
    );
    assert_eq!(ok_ops(&a), [10]);
}

#[test]
fn cancelling_operations() {
    let mut m = machine();
    // the only caller of the first handshake gives up: abandoned
    let hs = send_on(&m.handshake(1), Slot::Session);
    let a = m.cancel(1);
    assert!(a.contains(&Action::Abort(hs.request)));
    assert_eq!(states(&a), [CometdState::Disconnected]);
    connected(&mut m, std_advice());
    // a waiting subscribe: its listener goes, and the server is told
    let n = send_on(&m.subscribe(10, "/a", 100).unwrap(), Slot::Normal);
    let a = m.cancel(10);
    assert_eq!(released(&a), [100]);
    assert!(m.channels().is_empty());
    let a = normal_ok(&mut m, &n, vec![]);
    let n = send_on(&a, Slot::Normal);
    assert_eq!(n.messages[0].channel, UNSUBSCRIBE);
    normal_ok(&mut m, &n, vec![]);
    // a queued publish is dropped
    let n = send_on(&m.publish(20, "/p", json!(1)).unwrap(), Slot::Normal);
    m.publish(21, "/q", json!(2)).unwrap();
    m.cancel(21);
    let a = normal_ok(&mut m, &n, vec![]);
    assert_eq!(ok_ops(&a), [20]);
    assert!(sends(&a).is_empty());
}

// ----- acknowledgements, prompt recovery, maxInterval, reconnect(), events -----------------

/// A machine whose clock the test moves.
fn clocked() -> (Machine, std::rc::Rc<std::cell::Cell<f64>>) {
    let now = std::rc::Rc::new(std::cell::Cell::new(0.0));
    let n = now.clone();
    (machine().clock(Box::new(move || n.get())), now)
}

fn ack_of(o: &Outgoing) -> Option<Value> {
    o.messages[0]
        .ext
        .as_ref()
        .and_then(|e| e.get("ack"))
        .cloned()
}

/// Answers a connect with batch `batch` and `events`.
fn connect_batch(m: &mut Machine, c: &Outgoing, batch: i64, events: Vec<Value>) -> Vec<Action> {
    let mut all = vec![
        json!({"channel": CONNECT, "id": id_of(c, 0), "successful": true,
        "ext": {"ack": batch}}),
    ];
    all.extend(events);
    let a = m.on_response(c.request, msgs(Value::Array(all)));
    fire_due(m, a)
}

/// Handshakes with a server that agrees to acknowledgements (`ext.ack` as given).
fn connected_with_acks(m: &mut Machine, ext_ack: Value) -> Outgoing {
    let hs = send_on(&m.handshake(1), Slot::Session);
    assert_eq!(ack_of(&hs), Some(json!(true)));
    let reply = json!([{"channel": HANDSHAKE, "id": id_of(&hs, 0), "successful": true,
        "clientId": "c1", "advice": std_advice(), "ext": {"ack": ext_ack}}]);
    let a = m.on_response(hs.request, msgs(reply));
    send_on(&fire_due(m, a), Slot::Session)
}

#[test]
fn acknowledged_batches_are_sent_back_and_a_repeated_batch_is_delivered_once() {
    let mut m = machine();
    let c = connected_with_acks(&mut m, json!(true));
    assert!(m.acknowledging());
    assert_eq!(ack_of(&c), Some(json!(0)), "nothing received yet");
    subscribe_confirmed(&mut m, 2, "/a", 7);
    let ev = |n: i64| json!({"channel": "/a", "data": n});
    let a = connect_batch(&mut m, &c, 1, vec![ev(1), ev(2)]);
    assert_eq!(delivered(&a).len(), 2);
    let c = send_on(&a, Slot::Session);
    assert_eq!(ack_of(&c), Some(json!(1)), "batch 1 acknowledged");
    // the reply to this connect is lost: the next connect acknowledges batch 1 again, and
    // the server sends batch 2's messages again, in batch 3
    let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "cut")));
    let (timer, _) = schedule(&a).unwrap();
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(ack_of(&c), Some(json!(1)));
    let a = connect_batch(&mut m, &c, 3, vec![ev(3), ev(4)]);
    assert_eq!(
        delivered(&a)
            .iter()
            .map(|d| d.1.clone())
            .collect::<Vec<_>>(),
        [json!(3), json!(4)]
    );
    let c = send_on(&a, Slot::Session);
    assert_eq!(ack_of(&c), Some(json!(3)));
    // a batch that arrives a second time (a proxy replaying a reply) is not delivered again
    let a = connect_batch(&mut m, &c, 3, vec![ev(3), ev(4)]);
    assert!(delivered(&a).is_empty(), "batch 3 was delivered already");
    let c = send_on(&a, Slot::Session);
    assert_eq!(ack_of(&c), Some(json!(3)));
    let a = connect_batch(&mut m, &c, 2, vec![ev(2)]);
    assert!(delivered(&a).is_empty(), "an older batch neither");
    let c = send_on(&a, Slot::Session);
    let a = connect_batch(&mut m, &c, 4, vec![ev(5)]);
    assert_eq!(delivered(&a).len(), 1);
}

#[test]
fn acknowledgements_follow_the_servers_answer_and_the_callers_choice() {
    // newer servers answer {enabled, batch}
    let mut m = machine();
    let c = connected_with_acks(&mut m, json!({"enabled": true, "batch": 41}));
    assert_eq!(ack_of(&c), Some(json!(41)));
    // a server that does not answer the offer: no ack field on connects
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    assert!(!m.acknowledging());
    assert_eq!(ack_of(&c), None);
    // turned off: not offered, and ignored if the server says yes anyway
    let mut m = machine().acknowledgements(false);
    let hs = send_on(&m.handshake(1), Slot::Session);
    assert_eq!(hs.messages[0].ext, None);
    let reply = json!([{"channel": HANDSHAKE, "id": id_of(&hs, 0), "successful": true,
        "clientId": "c1", "ext": {"ack": true}}]);
    let a = m.on_response(hs.request, msgs(reply));
    let c = send_on(&fire_due(&mut m, a), Slot::Session);
    assert_eq!(ack_of(&c), None);
    // a re-handshake starts from batch 0 again
    let mut m = machine();
    let c = connected_with_acks(&mut m, json!(true));
    let a = connect_batch(&mut m, &c, 5, vec![]);
    let c = send_on(&a, Slot::Session);
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": false,
            "error": "402::Unknown client", "advice": {"reconnect": "handshake"}}]),
        ),
    );
    let hs = send_on(&a, Slot::Session);
    assert_eq!(ack_of(&hs), Some(json!(true)));
    let reply = json!([{"channel": HANDSHAKE, "id": id_of(&hs, 0), "successful": true,
        "clientId": "c2", "ext": {"ack": true}}]);
    let a = m.on_response(hs.request, msgs(reply));
    let c = send_on(&fire_due(&mut m, a), Slot::Session);
    assert_eq!(ack_of(&c), Some(json!(0)));
}

#[test]
fn the_first_connect_after_a_failure_asks_for_an_immediate_answer() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let prompt = |o: &Outgoing| o.messages[0].advice.as_ref().and_then(|a| a.timeout) == Some(0);
    assert!(prompt(&c));
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    assert!(!prompt(&c));
    let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "cut")));
    assert_eq!(states(&a), [CometdState::Reconnecting]);
    let (timer, _) = schedule(&a).unwrap();
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert!(prompt(&c), "after a failure");
    assert_eq!(c.timeout_ms, 10_000);
    // still failing: still prompt
    let a = m.on_response(c.request, Err(Error::timeout(10_000)));
    let (timer, _) = schedule(&a).unwrap();
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert!(prompt(&c));
    let a = connect_ok(&mut m, &c, vec![]);
    assert_eq!(states(&a), [CometdState::Connected], "connected at once");
    assert!(!prompt(&send_on(&a, Slot::Session)));
}

#[test]
fn away_longer_than_max_interval_handshakes_again_at_once() {
    let (mut m, now) = clocked();
    // hold 30 s, interval 0, the server keeps a silent client 10 s
    let advice =
        json!({"reconnect": "retry", "interval": 0, "timeout": 30000, "maxInterval": 10000});
    let c = connected(&mut m, advice);
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    // the held poll (sent at 0) fails at 35 s: retrying after the backoff (1 s) is still
    // within 30 + 10 s
    now.set(35_000.0);
    let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "cut")));
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 1000);
    now.set(36_000.0);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(c.messages[0].channel, CONNECT);
    // that prompt one (hold 0, sent at 36 s) fails at 46 s: 2 s more would be past
    // 36 + 0 + 10 s, so the client handshakes again instead of earning a 402
    now.set(46_000.0);
    let a = m.on_response(c.request, Err(Error::timeout(10_000)));
    assert_eq!(m.state(), CometdState::Reconnecting);
    let hs = send_on(&a, Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);
}

#[test]
fn after_sleep_a_late_timer_handshakes_and_an_overdue_poll_is_replaced() {
    let (mut m, now) = clocked();
    let advice =
        json!({"reconnect": "retry", "interval": 0, "timeout": 30000, "maxInterval": 10000});
    let c = connected(&mut m, advice.clone());
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    // the laptop sleeps with the poll out; on waking, the app calls reconnect(): the poll is
    // past its deadline (30 + 10 s), so it is replaced, and by now the server forgot the client
    now.set(3_600_000.0);
    let a = m.reconnect();
    assert!(a.contains(&Action::Abort(c.request)));
    let hs = send_on(&a, Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);

    // a backoff timer that fires long after it should have (sleep) handshakes too
    let (mut m, now) = clocked();
    let c = connected(&mut m, advice);
    now.set(1_000.0);
    let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "cut")));
    let (timer, _) = schedule(&a).unwrap();
    now.set(600_000.0);
    let hs = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);

    // without maxInterval advice the client never guesses: it polls and lets the server say
    let (mut m, now) = clocked();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "cut")));
    let (timer, _) = schedule(&a).unwrap();
    now.set(600_000.0);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert_eq!(c.messages[0].channel, CONNECT);
}

#[test]
fn reconnect_cuts_the_backoff_and_leaves_a_live_poll_alone() {
    let (mut m, now) = clocked();
    let c = connected(&mut m, std_advice());
    // a poll in flight, within its deadline: nothing to do
    now.set(5_000.0);
    assert!(m.reconnect().is_empty());
    // failing: the backoff is cut short
    let mut c = c;
    for _ in 0..4 {
        let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "down")));
        let (timer, _) = schedule(&a).unwrap();
        c = send_on(&m.on_timer(timer), Slot::Session);
    }
    let a = m.on_response(c.request, Err(Error::new(ErrorCode::Network, "down")));
    assert_eq!(schedule(&a).unwrap().1, 16_000);
    let a = m.reconnect();
    assert!(a.contains(&Action::CancelTimer));
    let c = send_on(&a, Slot::Session);
    assert_eq!(c.messages[0].channel, CONNECT);
    // a re-handshake waiting out its backoff is hurried the same way
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": false,
            "error": "402::Unknown client", "advice": {"reconnect": "handshake"}}]),
        ),
    );
    let hs = send_on(&a, Slot::Session);
    let a = m.on_response(hs.request, Err(Error::new(ErrorCode::Network, "down")));
    assert!(schedule(&a).is_some());
    let hs = send_on(&m.reconnect(), Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);
    // disconnected: nothing
    let mut m = machine();
    assert!(m.reconnect().is_empty());
}

#[test]
fn rehandshake_is_reported_once_every_subscription_is_back() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 2, "/a", 7);
    subscribe_confirmed(&mut m, 3, "/b/*", 8);
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": false,
            "error": "402::Unknown client", "advice": {"reconnect": "handshake"}}]),
        ),
    );
    assert!(!a.contains(&Action::Rehandshake));
    let hs = send_on(&a, Slot::Session);
    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    assert!(
        !a.contains(&Action::Rehandshake),
        "subscriptions not confirmed yet"
    );
    let c = send_on(&a, Slot::Session);
    let sub = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&sub), ["/a", "/b/*"]);
    let a = normal_ok(&mut m, &sub, vec![]);
    assert_eq!(
        a.iter().filter(|x| **x == Action::Rehandshake).count(),
        1,
        "{a:#?}"
    );
    // nothing more on later polls
    assert!(!connect_ok(&mut m, &c, vec![]).contains(&Action::Rehandshake));
}

#[test]
fn advice_multiple_clients_is_reported_once() {
    let mut m = machine();
    let c = connected(&mut m, std_advice());
    let mc = json!({"reconnect": "retry", "interval": 2000, "multiple-clients": true});
    let answer = |m: &mut Machine, c: &Outgoing, advice: Value| {
        m.on_response(
            c.request,
            msgs(
                json!([{"channel": CONNECT, "id": id_of(c, 0), "successful": true,
                "advice": advice}]),
            ),
        )
    };
    let warnings = |a: &[Action]| -> Vec<CometdWarning> {
        a.iter()
            .filter_map(|x| match x {
                Action::Warning(w) => Some(w.clone()),
                _ => None,
            })
            .collect()
    };
    let a = answer(&mut m, &c, mc.clone());
    let w = warnings(&a);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].reason, "multiple-clients");
    assert!(w[0].message.contains("BAYEUX_BROWSER"));
    // the server's interval is obeyed
    let (timer, delay) = schedule(&a).unwrap();
    assert_eq!(delay, 2000);
    let c = send_on(&m.on_timer(timer), Slot::Session);
    assert!(warnings(&answer(&mut m, &c, mc.clone())).is_empty(), "once");
}

// ----- refreshing credentials ---------------------------------------------------------------

fn refreshing_machine() -> Machine {
    machine().refreshes_credentials(true)
}

/// The id of the one credential refresh `actions` ask for.
fn refresh_asked(actions: &[Action]) -> u64 {
    let ids: Vec<u64> = actions
        .iter()
        .filter_map(|a| match a {
            Action::RefreshCredentials(id) => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 1, "one refresh expected in {actions:#?}");
    ids[0]
}

fn no_refresh(actions: &[Action]) {
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::RefreshCredentials(_))),
        "no refresh expected in {actions:#?}"
    );
}

fn http_refusal(status: u16) -> Error {
    Error::new(ErrorCode::Forbidden, "Missing or invalid Csrf token").with_status(status)
}

#[test]
fn a_refused_handshake_refreshes_the_credentials_and_handshakes_again_at_once() {
    // the first handshake, HTTP 401 and 403 alike
    for status in [401, 403] {
        let mut m = refreshing_machine();
        let hs = send_on(&m.handshake(1), Slot::Session);
        let a = m.on_response(hs.request, Err(http_refusal(status)));
        let id = refresh_asked(&a);
        assert!(resolved(&a).is_empty(), "the caller keeps waiting");
        assert!(schedule(&a).is_none());
        no_send_on(&a, Slot::Session);
        assert_eq!(m.state(), CometdState::Connecting);
        let a = m.on_credentials_refreshed(id, Ok(()));
        let hs = send_on(&a, Slot::Session);
        assert_eq!(hs.messages[0].channel, HANDSHAKE);
        let a = handshake_ok(&mut m, &hs, "c1", std_advice());
        assert_eq!(ok_ops(&a), [1]);
        assert_eq!(m.state(), CometdState::Connected);
    }
    // a Bayeux 403 refusal of the handshake too
    let mut m = refreshing_machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    let a = m.on_response(
        hs.request,
        msgs(
            json!([{"channel": HANDSHAKE, "successful": false, "error": "403::Handshake denied"}]),
        ),
    );
    let id = refresh_asked(&a);
    let hs = send_on(&m.on_credentials_refreshed(id, Ok(())), Slot::Session);
    assert_eq!(ok_ops(&handshake_ok(&mut m, &hs, "c1", std_advice())), [1]);
}

#[test]
fn a_refused_rehandshake_refreshes_and_the_subscriptions_are_replayed() {
    let mut m = refreshing_machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 2, "/a", 7);
    // the server forgot the client; the re-handshake carries a stale token
    let a = m.on_response(
        c.request,
        msgs(
            json!([{"channel": CONNECT, "id": id_of(&c, 0), "successful": false,
            "error": "402::Unknown client", "advice": {"reconnect": "handshake"}}]),
        ),
    );
    let hs = send_on(&a, Slot::Session);
    let a = m.on_response(hs.request, Err(http_refusal(403)));
    let id = refresh_asked(&a);
    assert_eq!(m.state(), CometdState::Reconnecting);
    assert!(released(&a).is_empty(), "listeners kept");
    let hs = send_on(&m.on_credentials_refreshed(id, Ok(())), Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);
    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    assert_eq!(states(&a), [CometdState::Connected]);
    let n = send_on(&a, Slot::Normal);
    assert_eq!(subscriptions_in(&n), ["/a"]);
    let c2 = send_on(&a, Slot::Session);
    assert!(normal_ok(&mut m, &n, vec![]).contains(&Action::Rehandshake));
    let a = connect_ok(&mut m, &c2, vec![json!({"channel": "/a", "data": 1})]);
    assert_eq!(delivered(&a), [("/a".to_string(), json!(1), vec![7])]);
}

#[test]
fn a_connect_refused_with_http_403_refreshes_then_handshakes_once_per_streak() {
    let mut m = refreshing_machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 2, "/a", 7);
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    let a = m.on_response(c.request, Err(http_refusal(403)));
    let id = refresh_asked(&a);
    assert_eq!(states(&a), [CometdState::Reconnecting]);
    assert_eq!(m.client_id(), None);
    let hs = send_on(&m.on_credentials_refreshed(id, Ok(())), Slot::Session);
    assert_eq!(hs.messages[0].channel, HANDSHAKE);
    let a = handshake_ok(&mut m, &hs, "c2", std_advice());
    assert_eq!(subscriptions_in(&send_on(&a, Slot::Normal)), ["/a"]);
    // refused again before any /meta/connect succeeded: the end, with that refusal
    let c = send_on(&a, Slot::Session);
    let a = m.on_response(c.request, Err(http_refusal(403)));
    no_refresh(&a);
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert_eq!(released(&a), [7]);
    assert!(schedule(&a).is_none());

    // after a successful /meta/connect, a later refusal refreshes again
    let mut m = refreshing_machine();
    let c = connected(&mut m, std_advice());
    let a = m.on_response(c.request, Err(http_refusal(401)));
    let hs = send_on(
        &m.on_credentials_refreshed(refresh_asked(&a), Ok(())),
        Slot::Session,
    );
    let c = send_on(
        &handshake_ok(&mut m, &hs, "c2", std_advice()),
        Slot::Session,
    );
    let c = send_on(&connect_ok(&mut m, &c, vec![]), Slot::Session);
    refresh_asked(&m.on_response(c.request, Err(http_refusal(403))));
}

#[test]
fn a_handshake_refused_again_after_a_refresh_gives_up_with_that_refusal() {
    let mut m = refreshing_machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    let id = refresh_asked(&m.on_response(hs.request, Err(http_refusal(403))));
    let hs = send_on(&m.on_credentials_refreshed(id, Ok(())), Slot::Session);
    let a = m.on_response(hs.request, Err(http_refusal(403)));
    no_refresh(&a);
    let e = failed(&a, 1);
    assert_eq!(
        (e.status, e.message.as_str()),
        (Some(403), "Missing or invalid Csrf token")
    );
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert!(schedule(&a).is_none());
    // a new handshake() starts a new streak
    let hs = send_on(&m.handshake(2), Slot::Session);
    refresh_asked(&m.on_response(hs.request, Err(http_refusal(401))));
}

#[test]
fn a_failed_refresh_gives_up_with_the_handshake_refusal() {
    let mut m = refreshing_machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    let id = refresh_asked(&m.on_response(hs.request, Err(http_refusal(401))));
    let a = m.on_credentials_refreshed(
        id,
        Err(Error::new(
            ErrorCode::SessionExpired,
            "reading the session failed",
        )),
    );
    let e = failed(&a, 1);
    assert_eq!(e.status, Some(401));
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(states(&a), [CometdState::Disconnected]);
    no_send_on(&a, Slot::Session);
    assert!(a.iter().any(|x| matches!(x, Action::Log { text, .. }
        if text.contains("Refreshing the credentials failed (reading the session failed)"))));
}

#[test]
fn without_a_refresh_a_refused_handshake_or_connect_is_handled_as_before() {
    let mut m = machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    let a = m.on_response(hs.request, Err(http_refusal(403)));
    no_refresh(&a);
    assert_eq!(failed(&a, 1).status, Some(403));
    assert_eq!(states(&a), [CometdState::Disconnected]);
    // a /meta/connect refused with 403 backs off like any failed connect
    let c = connected(&mut m, std_advice());
    let a = m.on_response(c.request, Err(http_refusal(403)));
    no_refresh(&a);
    assert_eq!(schedule(&a).map(|(_, d)| d), Some(1_000));
    assert_eq!(m.state(), CometdState::Reconnecting);
}

#[test]
fn disconnect_during_a_refresh_wins() {
    let mut m = refreshing_machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 2, "/a", 7);
    let id = refresh_asked(&m.on_response(c.request, Err(http_refusal(403))));
    // a handshake() meanwhile joins the refresh, sends nothing
    let a = m.handshake(3);
    assert!(sends(&a).is_empty());
    let a = m.disconnect(4);
    assert_eq!(states(&a), [CometdState::Disconnected]);
    assert_eq!(failed(&a, 3).code, ErrorCode::InvalidState);
    assert!(ok_ops(&a).contains(&4));
    assert_eq!(released(&a), [7]);
    // the refresh's late outcome changes nothing
    assert!(m.on_credentials_refreshed(id, Ok(())).is_empty());
    assert_eq!(m.state(), CometdState::Disconnected);
    // nor one of a refresh from before a new handshake
    let hs = send_on(&m.handshake(5), Slot::Session);
    let id2 = refresh_asked(&m.on_response(hs.request, Err(http_refusal(403))));
    assert!(m.on_credentials_refreshed(id, Ok(())).is_empty());
    let hs = send_on(&m.on_credentials_refreshed(id2, Ok(())), Slot::Session);
    assert_eq!(ok_ops(&handshake_ok(&mut m, &hs, "c3", std_advice())), [5]);
}

#[test]
fn a_refresh_that_fails_for_a_passing_reason_is_tried_again_after_a_backoff() {
    let mut m = refreshing_machine();
    let hs = send_on(&m.handshake(1), Slot::Session);
    let id = refresh_asked(&m.on_response(hs.request, Err(http_refusal(403))));
    // the network is not back yet: no end, a handshake after a backoff
    let a = m.on_credentials_refreshed(id, Err(Error::new(ErrorCode::Network, "no route")));
    assert!(resolved(&a).is_empty());
    assert_ne!(m.state(), CometdState::Disconnected);
    no_send_on(&a, Slot::Session);
    let (timer, delay) = schedule(&a).expect("a handshake after a backoff");
    assert_eq!(delay, 1_000);
    assert!(a.iter().any(|x| matches!(x, Action::Log { text, .. }
        if text.contains("failed (NETWORK); trying again in 1000 ms"))));
    // refused again: a new refresh, which works this time
    let hs = send_on(&m.on_timer(timer), Slot::Session);
    let id2 = refresh_asked(&m.on_response(hs.request, Err(http_refusal(403))));
    let hs = send_on(&m.on_credentials_refreshed(id2, Ok(())), Slot::Session);
    assert_eq!(ok_ops(&handshake_ok(&mut m, &hs, "c2", std_advice())), [1]);
}

#[test]
fn a_refresh_after_a_refused_connect_that_fails_for_a_passing_reason_backs_off() {
    let mut m = refreshing_machine();
    let c = connected(&mut m, std_advice());
    subscribe_confirmed(&mut m, 2, "/a", 7);
    let id = refresh_asked(&m.on_response(c.request, Err(http_refusal(403))));
    let a = m.on_credentials_refreshed(id, Err(Error::new(ErrorCode::Timeout, "slow")));
    assert_ne!(m.state(), CometdState::Disconnected);
    no_send_on(&a, Slot::Session);
    let (timer, _) = schedule(&a).expect("a handshake after a backoff");
    let hs = send_on(&m.on_timer(timer), Slot::Session);
    handshake_ok(&mut m, &hs, "c2", std_advice());
    assert_eq!(m.state(), CometdState::Connected);
}
