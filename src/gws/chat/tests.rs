use super::*;
use crate::error::ErrorCode;
use crate::gws::events::decode_notification;
use crate::gws::test_support::*;
use crate::http::Method;
use crate::testing::{json as reply_json, run, ScriptedTransport, VirtualClock};
use serde_json::json;
use std::collections::HashSet;

fn ok_gws() -> (Rc<VirtualClock>, Rc<GwsSession>, Rc<ScriptedTransport>) {
    connected(|_| reply_json(200, r#"{"statusCode":0}"#))
}

/// Seed 002's table, written out independently of `MODE_TABLE`.
fn seed_table(mode: ChatMode) -> HashSet<&'static str> {
    let shared = [
        "Leave",
        "SetInFocus",
        "SetDisposition",
        "AttachUserData",
        "DeleteUserData",
        "UpdateUserData",
        "AddComment",
        "Transfer",
        "Invite",
        "Consult",
        "SendToAgents",
        "SendStartTypingToAgentsNotification",
        "SendStopTypingToAgentsNotification",
    ];
    let mut set: HashSet<&str> = HashSet::new();
    match mode {
        ChatMode::Monitor => set.extend(["Leave", "SwitchToCoach", "SwitchToBargeIn"]),
        ChatMode::Coach => {
            set.extend(shared);
            set.extend(["SwitchToMonitor", "SwitchToBargeIn"]);
        }
        ChatMode::BargeIn => {
            set.extend(shared);
            set.extend([
                "SendMessage",
                "SendStartTypingNotification",
                "SendStopTypingNotification",
                "SwitchToMonitor",
                "SwitchToCoach",
            ]);
        }
    }
    set
}

/// Performs `op` on `chat` with valid arguments.
async fn perform(chat: &GwsChat, op: ChatOperation) -> Result<()> {
    use ChatOperation::*;
    let target = ChatTarget {
        target_uri: "http://gws/api/v2/users/u2".into(),
    };
    let mut data = Map::new();
    data.insert("k".into(), json!("v"));
    match op {
        Leave => chat.leave(&LeaveOptions::default(), &NONE).await,
        SetInFocus => chat.set_in_focus(&NONE).await,
        SetDisposition => {
            chat.set_disposition("Resolved", &DispositionOptions::default(), &NONE)
                .await
        }
        AttachUserData => chat.attach_user_data(&data, &NONE).await,
        DeleteUserData => chat.delete_user_data(&["k".to_string()], &NONE).await,
        UpdateUserData => chat.update_user_data(&data, &NONE).await,
        AddComment => chat.add_comment("note", &NONE).await,
        Transfer => {
            let t = TransferOptions {
                queue_name: Some("q".into()),
                ..Default::default()
            };
            chat.transfer(&t, &NONE).await
        }
        Invite => chat.invite(&target, &NONE).await,
        Consult => chat.consult(&target, &NONE).await,
        SendToAgents => chat.send_to_agents("psst", &NONE).await,
        SendStartTypingToAgentsNotification => chat.typing(true, true, &NONE).await,
        SendStopTypingToAgentsNotification => chat.typing(false, true, &NONE).await,
        SendMessage => chat.send_message("hello", &NONE).await,
        SendStartTypingNotification => chat.typing(true, false, &NONE).await,
        SendStopTypingNotification => chat.typing(false, false, &NONE).await,
        SwitchToMonitor => chat.switch_to(ChatMode::Monitor, &NONE).await,
        SwitchToCoach => chat.switch_to(ChatMode::Coach, &NONE).await,
        SwitchToBargeIn => chat.switch_to(ChatMode::BargeIn, &NONE).await,
    }
}

#[test]
fn mode_table_is_seed_002s() {
    for (mode, ops) in MODE_TABLE {
        let names: HashSet<&str> = ops.iter().map(|o| o.as_str()).collect();
        assert_eq!(names, seed_table(mode), "{mode:?}");
        assert_eq!(names.len(), ops.len(), "no duplicates in {mode:?}");
    }
}

#[test]
fn every_mode_times_every_operation() {
    let (clock, s, t) = ok_gws();
    let mut n = 0;
    for mode in [ChatMode::Monitor, ChatMode::Coach, ChatMode::BargeIn] {
        let allowed = seed_table(mode);
        for op in ChatOperation::ALL {
            n += 1;
            let id = format!("chat-{n}");
            let chat = s
                .chat(&id, &ChatHandleOptions { mode: Some(mode) })
                .unwrap();
            let before = t.count();
            let res = run(&clock, perform(&chat, op));
            if allowed.contains(op.as_str()) {
                res.unwrap_or_else(|e| panic!("{mode:?} × {op:?}: {e}"));
                assert_eq!(t.count(), before + 1);
                let reqs = t.requests.borrow();
                let r = reqs.last().unwrap();
                assert_eq!(
                    (r.method, path_of(r)),
                    (Method::Post, format!("/api/v2/me/chats/{id}").as_str())
                );
                assert_eq!(body_of(r)["operationName"], json!(op.as_str()));
            } else {
                let e = res.expect_err(&format!("{mode:?} × {op:?} must be refused"));
                assert_eq!(e.code, ErrorCode::InvalidState, "{mode:?} × {op:?}");
                assert!(
                    e.message.contains(op.as_str()) && e.message.contains(mode.as_str()),
                    "{}",
                    e.message
                );
                assert_eq!(t.count(), before, "{mode:?} × {op:?}: nothing may be sent");
            }
        }
    }
}

#[test]
fn monitor_chats_and_cancel() {
    let (clock, s, t) = ok_gws();
    let o = ChatMonitorOptions {
        mode: ChatMode::Coach,
        scope: Some(ChatMonitoringScope::NextChat),
        nickname: Some("Sue".into()),
    };
    run(&clock, s.monitor_chats("90cc5439ff68", &o, &NONE)).unwrap();
    let o = ChatMonitorOptions {
        mode: ChatMode::Monitor,
        scope: None,
        nickname: None,
    };
    run(&clock, s.monitor_chats("a/b", &o, &NONE)).unwrap();
    run(&clock, s.cancel_chat_monitoring("90cc5439ff68", &NONE)).unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(
        path_of(&reqs[1]),
        "/api/v2/users/90cc5439ff68/channels/chat"
    );
    assert_eq!(
        body_of(&reqs[1]),
        json!({"operationName": "Coach", "supervisorMonitoringMode": "NextChat", "nickname": "Sue"})
    );
    assert_eq!(path_of(&reqs[2]), "/api/v2/users/a%2Fb/channels/chat");
    assert_eq!(body_of(&reqs[2]), json!({"operationName": "Monitor"}));
    assert_eq!(
        body_of(&reqs[3]),
        json!({"operationName": "CancelSupervisorMonitoring"})
    );
    assert_eq!(header(&reqs[3], "X-CSRF-TOKEN"), Some("T1"));
}

#[test]
fn intrude_joins_in_the_mode_asked_and_the_handle_follows_switches() {
    let (clock, s, t) = ok_gws();
    let chat = run(
        &clock,
        s.intrude(
            "90cc5439ff68",
            "0001Da9PFC93000S",
            &IntrudeOptions {
                visibility: Some(ChatMode::Monitor),
            },
            &NONE,
        ),
    )
    .unwrap();
    {
        let reqs = t.requests.borrow();
        assert_eq!(
            path_of(&reqs[1]),
            "/api/v2/users/90cc5439ff68/chats/0001Da9PFC93000S"
        );
        assert_eq!(
            body_of(&reqs[1]),
            json!({"operationName": "Intrude", "supervisorVisibilityMode": "Monitor"})
        );
    }
    assert_eq!(chat.mode(), Some(ChatMode::Monitor));
    let e = run(&clock, chat.send_message("hi", &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    run(&clock, chat.switch_to(ChatMode::BargeIn, &NONE)).unwrap();
    // another handle of the same chat shares what is known
    let again = s
        .chat("0001Da9PFC93000S", &ChatHandleOptions::default())
        .unwrap();
    assert_eq!(again.mode(), Some(ChatMode::BargeIn));
    run(
        &clock,
        again.send_message("Hello,\r\nI am the supervisor.", &NONE),
    )
    .unwrap();
    let reqs = t.requests.borrow();
    let last = reqs.last().unwrap();
    assert_eq!(path_of(last), "/api/v2/me/chats/0001Da9PFC93000S");
    assert_eq!(
        body_of(last),
        json!({"operationName": "SendMessage", "text": "Hello,\r\nI am the supervisor."})
    );
}

#[test]
fn capabilities_from_a_notification_win_over_the_mode_table() {
    let (clock, s, t) = ok_gws();
    let chat = s
        .chat(
            "0001Da9PFC93000S",
            &ChatHandleOptions {
                mode: Some(ChatMode::Coach),
            },
        )
        .unwrap();
    // seed 002's sample: a Coach supervisor's capabilities, with the `SwitchBargeIn` spelling
    let sample = json!({
        "chat": {"id": "0001Da9PFC93000S", "state": "Chatting", "uri": "http://10.10.15.212:9090/api/v2/chats/0001Da9PFC93000S",
                 "capabilities": ["Leave", "SetInFocus", "SwitchToMonitor", "SwitchBargeIn"], "participants": []},
        "notificationType": "ParticipantsUpdated", "messageType": "ChatStateChangeMessage"});
    s.observe(&decode_notification("/v2/me/chats", sample));
    assert_eq!(chat.capabilities().map(|c| c.len()), Some(4));
    assert!(chat.allows(ChatOperation::SwitchToBargeIn));
    assert!(
        !chat.allows(ChatOperation::SendToAgents),
        "the table allows it, the chat does not"
    );
    let before = t.count();
    let e = run(&clock, chat.send_to_agents("x", &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("capabilities"), "{}", e.message);
    assert_eq!(t.count(), before);
    run(&clock, chat.switch_to(ChatMode::BargeIn, &NONE)).unwrap();
    assert_eq!(
        (chat.mode(), chat.capabilities()),
        (Some(ChatMode::BargeIn), None)
    );
    // set_capabilities by hand; then the chat is revoked: nothing is allowed
    chat.set_capabilities(vec!["SendMessage".into()]);
    assert!(chat.allows(ChatOperation::SendMessage) && !chat.allows(ChatOperation::Leave));
    let revoked = json!({"chat": {"id": "0001Da9PFC93000S", "state": "Revoked", "capabilities": [], "participants": []},
                         "notificationType": "StatusChange", "messageType": "ChatStateChangeMessage"});
    s.observe(&decode_notification("/v2/me/chats", revoked));
    let e = run(&clock, chat.leave(&LeaveOptions::default(), &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("ended"), "{}", e.message);
    // a notification without capabilities changes nothing
    s.observe(&decode_notification(
        "/v2/me/chats",
        json!({"messageType": "ChatStateChangeMessage", "chat": {"id": "0001Da9PFC93000S"}}),
    ));
    assert_eq!(chat.capabilities(), Some(vec![]));
}

#[test]
fn leaving_ends_the_handle_until_the_supervisor_joins_again() {
    let (clock, s, t) = ok_gws();
    let chat = s
        .chat(
            "c1",
            &ChatHandleOptions {
                mode: Some(ChatMode::BargeIn),
            },
        )
        .unwrap();
    let bye = LeaveOptions {
        text: Some("Bye".into()),
        message_type: Some("Text".into()),
        treat_as: Some(TreatAs::System),
    };
    run(&clock, chat.leave(&bye, &NONE)).unwrap();
    assert_eq!(
        body_of(t.requests.borrow().last().unwrap()),
        json!({"operationName": "Leave", "text": "Bye", "messageType": "Text", "treatAs": "System"})
    );
    let e = run(&clock, chat.send_message("still here?", &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("left"), "{}", e.message);
    run(
        &clock,
        s.intrude(
            "u1",
            "c1",
            &IntrudeOptions {
                visibility: Some(ChatMode::BargeIn),
            },
            &NONE,
        ),
    )
    .unwrap();
    run(&clock, chat.send_message("back", &NONE)).unwrap();
}

#[test]
fn an_unknown_mode_lets_everything_through() {
    let (clock, s, t) = ok_gws();
    let chat = s.chat("c9", &ChatHandleOptions::default()).unwrap();
    assert_eq!(chat.mode(), None);
    for op in ChatOperation::ALL {
        let chat = s
            .chat(
                &format!("free-{}", op.as_str()),
                &ChatHandleOptions::default(),
            )
            .unwrap();
        run(&clock, perform(&chat, op)).unwrap();
    }
    assert_eq!(t.count(), 1 + ChatOperation::ALL.len());
}

#[test]
fn operation_bodies() {
    let (clock, s, t) = ok_gws();
    let chat = s
        .chat(
            "c1",
            &ChatHandleOptions {
                mode: Some(ChatMode::BargeIn),
            },
        )
        .unwrap();
    let mut data = Map::new();
    data.insert("UserData1".into(), json!("DATA1"));
    data.insert("UserData2".into(), json!(123456789));
    run(&clock, chat.attach_user_data(&data, &NONE)).unwrap();
    run(&clock, chat.delete_user_data(&["UserData1".into()], &NONE)).unwrap();
    let disp = DispositionOptions {
        disposition_key: Some("DispositionCode".into()),
    };
    run(&clock, chat.set_disposition("IssueResolved", &disp, &NONE)).unwrap();
    run(&clock, chat.add_comment("Some chat comment text", &NONE)).unwrap();
    let tr = TransferOptions {
        target_uri: Some("http://localhost:8080/api/v2/users/e62d".into()),
        text: Some("Transferring you".into()),
        ..Default::default()
    };
    run(&clock, chat.transfer(&tr, &NONE)).unwrap();
    run(
        &clock,
        chat.consult(
            &ChatTarget {
                target_uri: "http://localhost:8080/api/v2/users/u3".into(),
            },
            &NONE,
        ),
    )
    .unwrap();
    run(&clock, chat.typing(true, false, &NONE)).unwrap();
    let bodies: Vec<Value> = t.requests.borrow()[1..].iter().map(body_of).collect();
    assert_eq!(
        bodies,
        vec![
            json!({"operationName": "AttachUserData", "userData": {"UserData1": "DATA1", "UserData2": 123456789}}),
            json!({"operationName": "DeleteUserData", "keys": ["UserData1"]}),
            json!({"operationName": "SetDisposition", "dispositionKey": "DispositionCode", "disposition": "IssueResolved"}),
            json!({"operationName": "AddComment", "comment": "Some chat comment text"}),
            json!({"operationName": "Transfer", "targetUri": "http://localhost:8080/api/v2/users/e62d", "text": "Transferring you"}),
            json!({"operationName": "Consult", "targetUri": "http://localhost:8080/api/v2/users/u3"}),
            json!({"operationName": "SendStartTypingNotification"}),
        ]
    );
}

#[test]
fn bad_input_is_invalid_argument_before_sending() {
    let (clock, s, t) = ok_gws();
    let chat = s
        .chat(
            "c1",
            &ChatHandleOptions {
                mode: Some(ChatMode::BargeIn),
            },
        )
        .unwrap();
    let field = |r: Result<()>| r.unwrap_err().field.unwrap_or_default();
    assert_eq!(field(run(&clock, chat.send_message("  ", &NONE))), "text");
    assert_eq!(
        field(run(
            &clock,
            chat.transfer(&TransferOptions::default(), &NONE)
        )),
        "targetUri"
    );
    let two = TransferOptions {
        target_uri: Some("u".into()),
        queue_name: Some("q".into()),
        ..Default::default()
    };
    assert_eq!(field(run(&clock, chat.transfer(&two, &NONE))), "targetUri");
    let no_text = LeaveOptions {
        treat_as: Some(TreatAs::System),
        ..Default::default()
    };
    assert_eq!(field(run(&clock, chat.leave(&no_text, &NONE))), "treatAs");
    assert_eq!(
        field(run(&clock, chat.delete_user_data(&[], &NONE))),
        "keys"
    );
    assert_eq!(
        field(run(&clock, chat.attach_user_data(&Map::new(), &NONE))),
        "userData"
    );
    assert_eq!(
        field(run(
            &clock,
            chat.set_disposition("", &DispositionOptions::default(), &NONE)
        )),
        "disposition"
    );
    let bad_id = |id: &str| s.chat(id, &ChatHandleOptions::default()).unwrap_err().field;
    assert_eq!(bad_id(""), Some("chatId".into()));
    assert_eq!(bad_id("c\n1"), Some("chatId".into()));
    let o = ChatMonitorOptions {
        mode: ChatMode::Coach,
        scope: None,
        nickname: Some("a\rb".into()),
    };
    assert_eq!(
        field(run(&clock, s.monitor_chats("u1", &o, &NONE))),
        "nickname"
    );
    let o = ChatMonitorOptions {
        mode: ChatMode::Coach,
        scope: None,
        nickname: None,
    };
    assert_eq!(
        field(run(&clock, s.monitor_chats("", &o, &NONE))),
        "agentUserId"
    );
    let v = IntrudeOptions {
        visibility: Some(ChatMode::Coach),
    };
    assert_eq!(
        field(run(&clock, s.intrude("u1", " ", &v, &NONE)).map(drop)),
        "chatId"
    );
    assert_eq!(t.count(), 1);
    s.close();
    assert_eq!(
        s.chat("c1", &ChatHandleOptions::default())
            .unwrap_err()
            .code,
        ErrorCode::InvalidState
    );
    assert_eq!(
        run(&clock, chat.set_in_focus(&NONE)).unwrap_err().code,
        ErrorCode::InvalidState
    );
}

#[test]
fn a_refused_switch_keeps_the_mode() {
    let (clock, s, _t) =
        connected(|_| reply_json(200, r#"{"statusCode":2,"statusMessage":"Invalid state"}"#));
    let chat = s
        .chat(
            "c1",
            &ChatHandleOptions {
                mode: Some(ChatMode::Coach),
            },
        )
        .unwrap();
    let e = run(&clock, chat.switch_to(ChatMode::BargeIn, &NONE)).unwrap_err();
    assert_eq!((e.code, e.vendor_code), (ErrorCode::VendorError, Some(2)));
    assert!(e.message.contains("SwitchToBargeIn"), "{}", e.message);
    assert_eq!(chat.mode(), Some(ChatMode::Coach));
}

#[test]
fn operation_names_parse_with_gws_spellings() {
    assert_eq!(
        ChatOperation::parse("SwitchBargeIn"),
        Some(ChatOperation::SwitchToBargeIn)
    );
    assert_eq!(
        ChatOperation::parse("switchtocoach"),
        Some(ChatOperation::SwitchToCoach)
    );
    assert_eq!(
        ChatOperation::parse(" SwitchMonitor "),
        Some(ChatOperation::SwitchToMonitor)
    );
    // the agent-side capability name (chat Leave and AddComment samples)
    assert_eq!(
        ChatOperation::parse("InFocus"),
        Some(ChatOperation::SetInFocus)
    );
    assert_eq!(ChatOperation::parse("Complete"), None);
    assert_eq!(ChatOperation::parse("Swítch"), None);
    for op in ChatOperation::ALL {
        assert_eq!(ChatOperation::parse(op.as_str()), Some(op));
        assert_eq!(serde_json::to_value(op).unwrap(), json!(op.as_str()));
    }
}

#[test]
fn an_in_focus_capability_allows_set_in_focus() {
    let (clock, s, t) = ok_gws();
    let chat = s.chat("c1", &ChatHandleOptions::default()).unwrap();
    chat.set_capabilities(vec!["InFocus".into(), "Leave".into()]);
    run(&clock, chat.set_in_focus(&NONE)).unwrap();
    assert_eq!(
        body_of(&t.requests.borrow()[1]),
        json!({"operationName": "SetInFocus"})
    );
    assert_eq!(
        run(&clock, chat.add_comment("x", &NONE)).unwrap_err().code,
        ErrorCode::InvalidState
    );
}

#[test]
fn intrude_without_visibility_leaves_it_to_gws_and_takes_the_monitoring_mode() {
    let (clock, s, t) = ok_gws();
    let monitor = ChatMonitorOptions {
        mode: ChatMode::Coach,
        scope: None,
        nickname: None,
    };
    run(&clock, s.monitor_chats("agent1", &monitor, &NONE)).unwrap();
    let chat = run(
        &clock,
        s.intrude("agent1", "c1", &IntrudeOptions::default(), &NONE),
    )
    .unwrap();
    assert_eq!(
        body_of(&t.requests.borrow()[2]),
        json!({"operationName": "Intrude"})
    );
    assert_eq!(chat.mode(), Some(ChatMode::Coach));
    // an agent this client does not monitor: the mode stays unknown (GWS decides or refuses)
    let other = run(
        &clock,
        s.intrude("agent2", "c2", &IntrudeOptions::default(), &NONE),
    )
    .unwrap();
    assert_eq!(other.mode(), None);
    // after cancelling, the agent's mode is forgotten
    run(&clock, s.cancel_chat_monitoring("agent1", &NONE)).unwrap();
    let again = run(
        &clock,
        s.intrude("agent1", "c3", &IntrudeOptions::default(), &NONE),
    )
    .unwrap();
    assert_eq!(again.mode(), None);
}

#[test]
fn transfer_takes_an_agent_or_a_queue_and_invite_and_consult_an_agent() {
    let (clock, s, t) = ok_gws();
    let chat = s
        .chat(
            "c1",
            &ChatHandleOptions {
                mode: Some(ChatMode::Coach),
            },
        )
        .unwrap();
    let queue = TransferOptions {
        queue_name: Some("test-queue".into()),
        ..Default::default()
    };
    run(&clock, chat.transfer(&queue, &NONE)).unwrap();
    let target = ChatTarget {
        target_uri: "http://localhost:8080/api/v2/users/e62d".into(),
    };
    run(&clock, chat.invite(&target, &NONE)).unwrap();
    let bodies: Vec<Value> = t.requests.borrow()[1..].iter().map(body_of).collect();
    assert_eq!(
        bodies,
        [
            json!({"operationName": "Transfer", "queueName": "test-queue"}),
            json!({"operationName": "Invite", "targetUri": "http://localhost:8080/api/v2/users/e62d"}),
        ]
    );
    let e = run(&clock, chat.consult(&ChatTarget::default(), &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("targetUri"));
    let e = run(
        &clock,
        chat.transfer(
            &TransferOptions {
                queue_name: Some(" ".into()),
                ..Default::default()
            },
            &NONE,
        ),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("queueName"));
    assert_eq!(t.count(), 3);
}
