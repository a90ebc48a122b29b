use super::*;
use crate::error::ErrorCode;
use crate::http::Runtime;
use crate::livevox::model::{ChatMessage, ChatThread};
use crate::livevox::session::Session;
use crate::livevox::test_support::pipeline;
use crate::testing::{json, run, Reply, VirtualClock, VirtualRuntime};
use std::cell::Cell;
use std::rc::Rc;

fn reply(ts: Option<i64>, msgs: &[(&str, &str, i64)]) -> ChatMessagesReply {
    let mut threads: Vec<ChatThread> = Vec::new();
    for (user, text, t) in msgs {
        let m = ChatMessage {
            message: text.to_string(),
            sender_id: user.to_string(),
            timestamp: *t,
            can_reply: None,
        };
        match threads.iter_mut().find(|th| th.user_login_id == *user) {
            Some(th) => th.message_list.push(m),
            None => threads.push(ChatThread {
                user_login_id: user.to_string(),
                can_reply: true,
                message_list: vec![m],
            }),
        }
    }
    ChatMessagesReply {
        chat_list: threads,
        timestamp: ts,
    }
}

fn texts(ms: &[ChatWatchMessage]) -> Vec<&str> {
    ms.iter().map(|m| m.message.as_str()).collect()
}

#[test]
fn cursor_orders_across_agents_and_follows_the_reply_timestamp() {
    let mut c = ChatCursor::new(None);
    let got = c.accept(&reply(
        Some(30),
        &[("b", "b1", 20), ("a", "a1", 10), ("a", "a2", 30)],
    ));
    assert_eq!(texts(&got), ["a1", "b1", "a2"]);
    assert_eq!(c.after(), Some(30));
    assert!(c.accept(&reply(None, &[])).is_empty());
    assert_eq!(c.after(), Some(30));
}

#[test]
fn cursor_never_yields_twice_when_the_server_answers_at_or_after() {
    let mut c = ChatCursor::new(Some(5));
    assert_eq!(
        texts(&c.accept(&reply(Some(10), &[("a", "x", 10), ("a", "y", 10)]))),
        ["x", "y"]
    );
    // a server using >= returns the messages at the cursor again, plus a new one at the same ms
    assert_eq!(
        texts(&c.accept(&reply(
            Some(10),
            &[("a", "x", 10), ("a", "y", 10), ("b", "z", 10)]
        ))),
        ["z"]
    );
    // and old messages below the cursor are ignored
    assert!(c.accept(&reply(Some(10), &[("a", "old", 3)])).is_empty());
    assert_eq!(texts(&c.accept(&reply(Some(11), &[("a", "w", 11)]))), ["w"]);
}

/// A scripted chat server: messages become visible at given virtual times.
fn chat_server(
    clock: &Rc<VirtualClock>,
    schedule: Vec<(f64, &'static str, i64)>,
    faults: Rc<Cell<u32>>,
) -> (Supervisor, Rc<crate::testing::ScriptedTransport>) {
    let c = clock.clone();
    let (p, t) = pipeline(clock, move |r| {
        if faults.get() > 0 {
            faults.set(faults.get() - 1);
            return json(500, r#"{"code":500,"message":"boom"}"#);
        }
        let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        let after: i64 = body["filter"]["messageReceivedAfter"]
            .as_str()
            .map_or(-1, |s| s.parse().unwrap());
        let now = VirtualRuntime(c.clone()).now_ms() - 1_767_225_600_000.0;
        let visible: Vec<(&str, &str, i64)> = schedule
            .iter()
            .filter(|(at, _, ts)| *at <= now && *ts > after)
            .map(|(_, m, ts)| ("lv_usr1", *m, *ts))
            .collect();
        let newest = visible.iter().map(|v| v.2).max();
        let mut v = serde_json::json!({"chatList": []});
        if !visible.is_empty() {
            v = serde_json::json!({
                "chatList": [{"userLoginId": "lv_usr1", "canReply": true, "messageList": visible.iter().map(|(u, m, ts)| serde_json::json!({"message": m, "senderId": u, "timestamp": ts.to_string()})).collect::<Vec<_>>()}],
                "timestamp": newest.unwrap().to_string()
            });
        }
        Reply::Respond(crate::http::HttpResponse::new(200, v.to_string()))
    });
    (Supervisor::new(Session::resume(p, "SID", None).unwrap()), t)
}

#[test]
fn watch_yields_each_message_once_in_order_through_errors_and_stops() {
    let clock = VirtualClock::new();
    let faults = Rc::new(Cell::new(0));
    let (sup, t) = chat_server(
        &clock,
        vec![
            (0.0, "one", 100),
            (150.0, "two", 200),
            (150.0, "three", 201),
            (900.0, "four", 300),
        ],
        faults.clone(),
    );
    let opts = ChatWatchOptions {
        interval_ms: Some(100),
        exclude_own: None,
        after: None,
    };
    let (watch, driver) = ChatWatch::start(sup, &opts).unwrap();
    let errors = Rc::new(Cell::new(0));
    let e2 = errors.clone();
    watch.events().subscribe(Rc::new(move |e: &WatchEvent| {
        if let WatchEvent::Error(_) = e {
            e2.set(e2.get() + 1)
        }
    }));
    let w = watch.clone();
    let rt = VirtualRuntime(clock.clone());
    let consumer = async move {
        let mut got = Vec::new();
        while let Some(m) = w.next().await.unwrap() {
            got.push(m.message.clone());
            if got.len() == 3 {
                faults.set(2); // two failing polls before "four" is seen
            }
            if got.len() == 4 {
                w.stop();
            }
        }
        got
    };
    let keepalive = async move { rt.sleep(1).await };
    let (got, (), ()) = run(
        &clock,
        futures_util::future::join3(consumer, driver, keepalive),
    );
    assert_eq!(got, ["one", "two", "three", "four"]);
    assert_eq!(errors.get(), 2);
    assert!(watch.is_stopped());
    let polls = t.count();
    // every poll after the first carries the previous reply's timestamp
    let bodies: Vec<String> = t
        .requests
        .borrow()
        .iter()
        .map(|r| r.body.clone().unwrap())
        .collect();
    assert!(
        bodies[0].contains(r#""excludeOwn":true"#) && !bodies[0].contains("messageReceivedAfter")
    );
    assert!(bodies
        .iter()
        .any(|b| b.contains(r#""messageReceivedAfter":"201""#)));
    assert!(polls >= 5, "{polls}");
}

#[test]
fn lasting_errors_end_the_watch_with_the_error() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| json(403, r#"{"code":403,"message":"no"}"#));
    let sup = Supervisor::new(Session::resume(p, "SID", None).unwrap());
    let (watch, driver) = ChatWatch::start(
        sup,
        &ChatWatchOptions {
            interval_ms: Some(50),
            ..Default::default()
        },
    )
    .unwrap();
    let w = watch.clone();
    let (r, ()) = run(
        &clock,
        futures_util::future::join(async move { w.next().await }, driver),
    );
    assert_eq!(r.unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(run(&clock, watch.next()).unwrap(), None);
    assert_eq!(t.count(), 1);
}

#[test]
fn options_are_checked() {
    let clock = VirtualClock::new();
    let (p, _t) = pipeline(&clock, |_| Reply::Hang);
    let sup = Supervisor::new(Session::resume(p, "SID", None).unwrap());
    let e = ChatWatch::start(
        sup.clone(),
        &ChatWatchOptions {
            interval_ms: Some(10),
            ..Default::default()
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.field.as_deref(), Some("intervalMs"));
    let e = ChatWatch::start(
        sup,
        &ChatWatchOptions {
            after: Some(crate::livevox::model::Instant::Text("x".into())),
            ..Default::default()
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.field.as_deref(), Some("after"));
}

#[test]
fn stop_cancels_the_poll_in_flight() {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, |_| Reply::Hang);
    let sup = Supervisor::new(Session::resume(p, "SID", None).unwrap());
    let (watch, driver) = ChatWatch::start(
        sup,
        &ChatWatchOptions {
            interval_ms: Some(50),
            ..Default::default()
        },
    )
    .unwrap();
    let w = watch.clone();
    let rt = VirtualRuntime(clock.clone());
    let stopper = async move {
        rt.sleep(20).await;
        w.stop();
    };
    run(&clock, futures_util::future::join(driver, stopper));
    assert_eq!(run(&clock, watch.next()).unwrap(), None);
    assert_eq!(t.count(), 1);
}

#[test]
fn cursor_keeps_the_platform_order_of_messages_of_equal_time() {
    let mut c = ChatCursor::new(None);
    let got = c.accept(&reply(
        None,
        &[
            ("b", "b1", 20),
            ("b", "b2", 10),
            ("a", "a1", 20),
            ("a", "a2", 10),
            ("c", "c1", 5),
        ],
    ));
    assert_eq!(texts(&got), ["c1", "b2", "a2", "b1", "a1"]);
}
