//! Random sequences of commands, replies, failures and timer expiries: the machine never
//! panics and keeps its promises.

use crate::cometd::message::*;
use crate::cometd::state::*;
use crate::error::{Error, ErrorCode};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

const CHANNELS: [&str; 5] = ["/a", "/a/*", "/a/**", "/b", "/meta/x"];

#[derive(Debug, Clone)]
enum Step {
    Handshake,
    Subscribe(usize),
    Unsubscribe(usize),
    Publish(usize),
    Disconnect,
    Cancel(usize),
    Timer,
    Reconnect,
    /// Answer the request in this slot (0 session, 1 normal) this way.
    Answer(usize, Answer),
}

#[derive(Debug, Clone, Copy)]
enum Answer {
    Ok,
    UnknownClient,
    Refused,
    AdviceNone,
    AdviceHandshake,
    Network,
    Timeout,
    BadJson,
    Empty,
    ServerDisconnect,
    WithEvents,
}

fn step() -> impl Strategy<Value = Step> {
    let answer = prop_oneof![
        4 => Just(Answer::Ok),
        1 => Just(Answer::UnknownClient),
        1 => Just(Answer::Refused),
        1 => Just(Answer::AdviceNone),
        1 => Just(Answer::AdviceHandshake),
        1 => Just(Answer::Network),
        1 => Just(Answer::Timeout),
        1 => Just(Answer::BadJson),
        1 => Just(Answer::Empty),
        1 => Just(Answer::ServerDisconnect),
        2 => Just(Answer::WithEvents),
    ];
    prop_oneof![
        2 => Just(Step::Handshake),
        3 => (0..CHANNELS.len()).prop_map(Step::Subscribe),
        1 => (0..8usize).prop_map(Step::Unsubscribe),
        2 => (0..CHANNELS.len()).prop_map(Step::Publish),
        1 => Just(Step::Disconnect),
        1 => (0..40usize).prop_map(Step::Cancel),
        2 => Just(Step::Timer),
        1 => Just(Step::Reconnect),
        8 => (0..2usize, answer).prop_map(|(slot, a)| Step::Answer(slot, a)),
    ]
}

fn reply_for(o: &Outgoing, answer: Answer) -> Result<Vec<Message>, Error> {
    let mut out = Vec::new();
    for m in &o.messages {
        let mut r = json!({"channel": m.channel, "id": m.id});
        if let Some(s) = &m.subscription {
            r["subscription"] = json!(s);
        }
        match answer {
            Answer::Network => return Err(Error::new(ErrorCode::Network, "reset")),
            Answer::Timeout => return Err(Error::timeout(1)),
            Answer::BadJson => return decode_messages("<html>"),
            Answer::Empty => return Ok(Vec::new()),
            Answer::UnknownClient => {
                r["successful"] = json!(false);
                r["error"] = json!("402::Unknown client");
                r["advice"] = json!({"reconnect": "handshake"});
            }
            Answer::Refused => {
                r["successful"] = json!(false);
                r["error"] = json!("403::denied");
            }
            Answer::AdviceNone => {
                r["successful"] = json!(true);
                r["clientId"] = json!("cX");
                r["advice"] = json!({"reconnect": "none"});
            }
            Answer::AdviceHandshake => {
                r["successful"] = json!(false);
                r["advice"] = json!({"reconnect": "handshake", "interval": 10});
            }
            Answer::Ok | Answer::WithEvents | Answer::ServerDisconnect => {
                r["successful"] = json!(true);
                r["clientId"] = json!(format!("c{}", o.request));
                r["advice"] = json!({"reconnect": "retry", "interval": 0, "timeout": 1000,
                    "multiple-clients": o.request % 7 == 0});
                // acknowledgements: agreed at handshake, batches (some repeated) on connects
                if m.channel == HANDSHAKE {
                    r["ext"] = json!({"ack": true});
                } else if m.channel == CONNECT {
                    r["ext"] = json!({"ack": o.request / 2});
                }
            }
        }
        out.push(r);
    }
    if matches!(answer, Answer::WithEvents) {
        for ch in ["/a", "/a/b", "/a/b/c", "/b", "/meta/connect"] {
            out.push(json!({"channel": ch, "data": ch}));
        }
    }
    if matches!(answer, Answer::ServerDisconnect) {
        out.insert(0, json!({"channel": DISCONNECT, "successful": true}));
    }
    decode_messages(&Value::Array(out).to_string())
}

/// What the test knows from the actions, checked against the rules.
#[derive(Default)]
struct Observer {
    in_flight: [Option<Outgoing>; 2],
    timer: Option<TimerId>,
    settled: HashSet<OpId>,
    state: Option<CometdState>,
    /// Listeners the caller removed: never called again.
    removed: HashSet<ListenerId>,
    /// Channels subscribed on the server in the current session, and whether a resend is
    /// legitimate (the earlier one failed, or was undone).
    subscribed: HashMap<String, bool>,
}

impl Observer {
    /// `caller_stop`: the step was `disconnect()` or a caller giving up, the only reasons to
    /// abandon a handshake in flight (anything else would be a second, overlapping handshake).
    fn take(&mut self, actions: Vec<Action>, caller_stop: bool) -> Result<(), TestCaseError> {
        for a in actions {
            match a {
                Action::Send(o) => {
                    let slot = usize::from(o.slot == Slot::Normal);
                    prop_assert!(
                        self.in_flight[slot].is_none(),
                        "a second request in the {:?} slot",
                        o.slot
                    );
                    prop_assert!(!o.messages.is_empty());
                    for m in &o.messages {
                        if m.channel == HANDSHAKE {
                            prop_assert_eq!(o.messages.len(), 1, "a handshake travels alone");
                            self.subscribed.clear();
                        } else {
                            prop_assert!(m.client_id.is_some(), "{} without clientId", m.channel);
                        }
                        if m.channel == SUBSCRIBE {
                            for ch in m.subscription.clone().unwrap_or_default() {
                                prop_assert!(!ch.starts_with("/meta"));
                                let again = self.subscribed.insert(ch.clone(), false);
                                prop_assert!(
                                    again.is_none_or(|may| may),
                                    "{ch} subscribed twice in one session"
                                );
                            }
                        }
                        if m.channel == UNSUBSCRIBE {
                            for ch in m.subscription.clone().unwrap_or_default() {
                                self.subscribed.insert(ch, true);
                            }
                        }
                    }
                    self.in_flight[slot] = Some(o);
                }
                Action::Abort(id) => {
                    for slot in &mut self.in_flight {
                        if let Some(o) = slot.as_ref().filter(|o| o.request == id) {
                            prop_assert!(
                                caller_stop || o.messages[0].channel != HANDSHAKE,
                                "a handshake in flight was replaced"
                            );
                            *slot = None;
                        }
                    }
                }
                Action::Schedule { timer, .. } => self.timer = Some(timer),
                Action::CancelTimer => self.timer = None,
                Action::State(s) => {
                    prop_assert_ne!(self.state, Some(s), "the same state reported twice");
                    self.state = Some(s);
                }
                Action::Deliver { message, listeners } => {
                    prop_assert!(!message.is_meta());
                    for l in &listeners {
                        prop_assert!(!self.removed.contains(l), "removed listener {l} called");
                    }
                    let unique: HashSet<_> = listeners.iter().collect();
                    prop_assert_eq!(unique.len(), listeners.len(), "a listener called twice");
                }
                Action::Release(ids) => self.removed.extend(ids),
                Action::Resolve { op, .. } => {
                    prop_assert!(self.settled.insert(op), "op {op} settled twice");
                }
                Action::Log { text, .. } => prop_assert!(!text.contains("\"c")),
                Action::Rehandshake => {
                    prop_assert_eq!(
                        self.state,
                        Some(CometdState::Connected),
                        "rehandshake while not connected"
                    );
                }
                Action::Warning(w) => {
                    prop_assert!(
                        ["multiple-clients", "subscription-refused"].contains(&w.reason.as_str())
                    );
                }
                Action::RefreshCredentials(_) => {
                    prop_assert!(false, "a refresh asked of a host that cannot refresh")
                }
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_machine_keeps_its_rules_whatever_happens(steps in prop::collection::vec(step(), 1..80)) {
        let mut m = Machine::new(Timing::default(), Box::new(|| 0.5));
        let mut obs = Observer::default();
        let mut listeners: Vec<ListenerId> = Vec::new();
        for (op, s) in (1..).zip(steps) {
            let caller_stop = matches!(s, Step::Disconnect | Step::Cancel(_) | Step::Handshake);
            let actions = match s {
                Step::Handshake => m.handshake(op),
                Step::Subscribe(i) => {
                    let l = 1000 + op;
                    match m.subscribe(op, CHANNELS[i], l) {
                        Ok(a) => {
                            listeners.push(l);
                            a
                        }
                        Err(e) => {
                            prop_assert!(matches!(e.code, ErrorCode::InvalidArgument | ErrorCode::InvalidState));
                            continue;
                        }
                    }
                }
                Step::Unsubscribe(i) => {
                    let Some(&l) = listeners.get(i) else { continue };
                    obs.removed.insert(l);
                    m.unsubscribe(l, Some(op))
                }
                Step::Publish(i) => match m.publish(op, CHANNELS[i], json!(i)) {
                    Ok(a) => a,
                    Err(e) => {
                        prop_assert!(matches!(e.code, ErrorCode::InvalidArgument | ErrorCode::InvalidState));
                        continue;
                    }
                },
                Step::Disconnect => m.disconnect(op),
                Step::Cancel(k) => m.cancel(k as OpId),
                Step::Reconnect => m.reconnect(),
                Step::Timer => match obs.timer.take() {
                    Some(t) => m.on_timer(t),
                    None => continue,
                },
                Step::Answer(slot, answer) => {
                    let Some(o) = obs.in_flight[slot].take() else { continue };
                    if slot == 1 {
                        for msg in &o.messages {
                            if msg.channel == SUBSCRIBE && !matches!(answer, Answer::Ok | Answer::WithEvents | Answer::ServerDisconnect) {
                                for ch in msg.subscription.clone().unwrap_or_default() {
                                    obs.subscribed.insert(ch, true);
                                }
                            }
                        }
                    }
                    m.on_response(o.request, reply_for(&o, answer))
                }
            };
            obs.take(actions, caller_stop)?;
            prop_assert_eq!(Some(m.state()), obs.state.or(Some(CometdState::Disconnected)));
            if m.state() == CometdState::Disconnected {
                prop_assert!(m.channels().is_empty());
                prop_assert!(m.client_id().is_none());
            }
            if m.state() == CometdState::Connected {
                let connect_pending = obs.in_flight[0].as_ref().is_some_and(|o| o.messages[0].channel == CONNECT);
                prop_assert!(connect_pending || obs.timer.is_some(), "connected without a poll or a scheduled one");
            }
        }
    }
}
