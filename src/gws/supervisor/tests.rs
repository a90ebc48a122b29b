use super::*;
use crate::error::ErrorCode;
use crate::gws::chat::ChatOperation;
use crate::gws::events::decode_notification;
use crate::gws::model::ChatHandleOptions;
use crate::gws::test_support::*;
use crate::http::Method;
use crate::testing::{json as reply_json, run};
use serde_json::json;

const CALL: &str = "011DJV5JI898NB2L04000VTAES00000I";

fn call_message(state: &str, caps: Value) -> Value {
    json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange",
        "call": {"id": CALL, "state": state, "capabilities": caps, "duration": "12",
                 "participants": [{"phoneNumber": "5000"}, {"phoneNumber": "5001"}]}})
}

#[test]
fn agent_state_sends_the_documented_body_on_the_agents_channel() {
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":"0"}"#));
    let none = SetAgentStateOptions::default();
    let lunch = SetAgentStateOptions {
        reason_code: Some("Lunch".into()),
    };
    run(
        &clock,
        s.set_agent_state("6c991eb2", "chat", GwsAgentState::Ready, &none, &NONE),
    )
    .unwrap();
    run(
        &clock,
        s.set_agent_state("6c991eb2", "voice", GwsAgentState::NotReady, &lunch, &NONE),
    )
    .unwrap();
    run(
        &clock,
        s.set_agent_state("a b", "email", GwsAgentState::Offline, &none, &NONE),
    )
    .unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(reqs.len(), 4);
    for r in &reqs[1..] {
        assert_eq!(r.method, Method::Post);
        assert_eq!(header(r, "X-CSRF-TOKEN"), Some("T1"));
    }
    assert_eq!(path_of(&reqs[1]), "/api/v2/users/6c991eb2/channels/chat");
    assert_eq!(body_of(&reqs[1]), json!({"operationName": "Ready"}));
    assert_eq!(path_of(&reqs[2]), "/api/v2/users/6c991eb2/channels/voice");
    assert_eq!(
        body_of(&reqs[2]),
        json!({"operationName": "NotReady", "reasonCode": "Lunch"})
    );
    assert_eq!(path_of(&reqs[3]), "/api/v2/users/a%20b/channels/email");
    assert_eq!(body_of(&reqs[3]), json!({"operationName": "Offline"}));
}

#[test]
fn agent_state_input_is_checked_before_anything_is_sent() {
    let field = |r: Result<Operation>| r.unwrap_err().field.unwrap_or_default();
    let none = SetAgentStateOptions::default();
    let ready = GwsAgentState::Ready;
    assert_eq!(
        field(Operation::agent_state(" ", "voice", ready, &none)),
        "userId"
    );
    for bad in ["", "voice/x", "../me", "chat?x=1", "vo ice"] {
        assert_eq!(
            field(Operation::agent_state("u1", bad, ready, &none)),
            "channel"
        );
    }
    let code = |c: &str| SetAgentStateOptions {
        reason_code: Some(c.into()),
    };
    for state in [GwsAgentState::Ready, GwsAgentState::Offline] {
        assert_eq!(
            field(Operation::agent_state("u1", "voice", state, &code("Lunch"))),
            "reasonCode"
        );
    }
    for bad in ["", "  ", "a\nb"] {
        let r = Operation::agent_state("u1", "voice", GwsAgentState::NotReady, &code(bad));
        assert_eq!(field(r), "reasonCode");
    }
    assert_eq!(
        GwsAgentState::parse("NotReady").unwrap(),
        GwsAgentState::NotReady
    );
    for bad in ["ready", "LoggedOut", "", "Not Ready"] {
        let e = GwsAgentState::parse(bad).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("state"))
        );
    }
    let d = <GwsAgentState as Tsify>::DECL;
    assert!(d.contains("\"Ready\" | \"NotReady\" | \"Offline\""), "{d}");
}

#[test]
fn hang_up_and_remove_participant_send_the_voice_api_bodies() {
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    run(&clock, s.hang_up("c/1", &NONE)).unwrap();
    run(&clock, s.remove_participant(CALL, " 15001 ", &NONE)).unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(path_of(&reqs[1]), "/api/v2/me/calls/c%2F1");
    assert_eq!(body_of(&reqs[1]), json!({"operationName": "Hangup"}));
    assert_eq!(path_of(&reqs[2]), format!("/api/v2/me/calls/{CALL}"));
    assert_eq!(
        body_of(&reqs[2]),
        json!({"operationName": "RemoveParticipantFromConference", "participant": "15001"})
    );
    drop(reqs);
    for bad in ["", " ", "1\r\n2"] {
        let e = run(&clock, s.remove_participant(CALL, bad, &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("participant"));
    }
    let e = run(&clock, s.hang_up("", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("callId"));
    assert_eq!(t.requests.borrow().len(), 3);
}

#[test]
fn call_operations_are_checked_against_the_calls_known_capabilities() {
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    // ListenIn: the sample capabilities, with Hangup and without RemoveParticipantFromConference
    let caps = json!(["AttachUserData", "Hold", "Hangup", "SwitchToBargeIn"]);
    s.notification("/v2/me/calls", call_message("Established", caps));
    let e = run(&clock, s.remove_participant(CALL, "5000", &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(
        e.message
            .contains("does not offer RemoveParticipantFromConference"),
        "{}",
        e.message
    );
    assert!(e.message.contains("Hangup"), "{}", e.message);
    assert_eq!(t.requests.borrow().len(), 1, "nothing sent");
    // BargeIn: now offered (any letter case)
    let caps = json!(["Hangup", "removeParticipantFromConference"]);
    s.notification("/v2/me/calls", call_message("Established", caps));
    run(&clock, s.remove_participant(CALL, "5000", &NONE)).unwrap();
    // a message without capabilities says nothing about them
    s.notification("/v2/me/calls", call_message("Established", json!(null)));
    run(&clock, s.remove_participant(CALL, "5000", &NONE)).unwrap();
    // released: nothing is possible any more
    s.notification("/v2/me/calls", call_message("Released", json!([])));
    let e = run(&clock, s.hang_up(CALL, &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("has ended"), "{}", e.message);
    assert_eq!(t.requests.borrow().len(), 3);
    // another call is unknown: let through
    run(&clock, s.hang_up("other", &NONE)).unwrap();
    assert_eq!(t.requests.borrow().len(), 4);
    // close() forgets them
    s.close();
    assert!(s.with_calls(|c| c.is_empty()));
}

const ME_URI: &str = "http://gws.test/api/v2/users/991a4bece8dd";

fn snapshot_gws(
    chats: Value,
) -> (
    Rc<crate::testing::VirtualClock>,
    Rc<GwsSession>,
    Rc<crate::testing::ScriptedTransport>,
) {
    connected(move |r| {
        let path = path_of(r);
        if r.method == Method::Get && path == "/api/v2/me/devices?fields=*" {
            reply_json(
                200,
                r#"{"statusCode":0,"devices":[{"id":"efe1ab32","capabilities":["ListenIn"],"doNotDisturb":"Off"}]}"#,
            )
        } else if r.method == Method::Get && path == "/api/v2/me/calls?fields=*" {
            let body = json!({"statusCode": 0, "calls": [{"id": CALL, "state": "Established",
                "capabilities": ["Hangup", "SwitchToListenIn"], "connId": "007102385535e00e",
                "duration": "60", "mute": "Off"}]});
            reply_json(200, &body.to_string())
        } else if r.method == Method::Get && path == "/api/v2/me/chats?fields=*" {
            reply_json(200, &chats.to_string())
        } else {
            reply_json(200, r#"{"statusCode":0}"#)
        }
    })
}

#[test]
fn snapshot_reads_devices_calls_and_chats_with_their_capabilities() {
    let chats = json!({"statusCode": 0, "chats": [{
    "uri": "http://gws.test/api/v2/chats/0001Da9PFC93000S", "state": "Chatting",
    "capabilities": ["Leave", "SwitchToCoach", "SwitchToBargeIn"], "chatType": "Inbound",
    "participants": [
        {"nickname": "test_clientL", "type": "Customer", "visibility": "All"},
        {"nickname": "supervisor1", "type": "Agent", "visibility": "Supervisors", "uri": ME_URI}
    ]}]});
    let (clock, s, t) = snapshot_gws(chats);
    let coach = ChatHandleOptions {
        mode: Some(ChatMode::Coach),
    };
    let gone = s.chat("0000UaB58WAR003N", &coach).unwrap();
    assert!(gone.allows(ChatOperation::Leave));
    let snap = run(&clock, s.snapshot(&NONE)).unwrap();
    let paths: Vec<String> = t.requests.borrow()[1..]
        .iter()
        .map(|r| path_of(r).to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v2/me/devices?fields=*",
            "/api/v2/me/calls?fields=*",
            "/api/v2/me/chats?fields=*"
        ]
    );
    assert_eq!(
        snap.devices[0].extra.get("doNotDisturb"),
        Some(&json!("Off"))
    );
    assert_eq!(
        snap.calls[0].extra.get("connId"),
        Some(&json!("007102385535e00e"))
    );
    assert_eq!(snap.calls[0].capabilities, ["Hangup", "SwitchToListenIn"]);
    // the chat id comes from its uri; unknown fields pass through
    assert_eq!(snap.chats[0].id.as_deref(), Some("0001Da9PFC93000S"));
    assert_eq!(snap.chats[0].extra.get("chatType"), Some(&json!("Inbound")));
    // handles know the mode (from the supervisor's visibility) and the capabilities
    let chat = s
        .chat("0001Da9PFC93000S", &ChatHandleOptions::default())
        .unwrap();
    assert_eq!(chat.mode(), Some(ChatMode::Monitor));
    assert!(chat.allows(ChatOperation::SwitchToCoach));
    assert!(!chat.allows(ChatOperation::SendMessage));
    // a chat the client knew that the snapshot does not list: the supervisor is out of it
    assert!(!gone.allows(ChatOperation::Leave));
    // calls: what the snapshot says decides
    let before = t.requests.borrow().len();
    let e = run(&clock, s.remove_participant(CALL, "5000", &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    run(&clock, s.hang_up(CALL, &NONE)).unwrap();
    assert_eq!(t.requests.borrow().len(), before + 1);
}

#[test]
fn snapshot_reads_uri_collections_and_refuses_what_is_not_a_list() {
    let uris = json!({"statusCode": 0, "uris": ["http://gws.test/api/v2/me/chats/0002EMU1"]});
    let (clock, s, _) = snapshot_gws(uris);
    let snap = run(&clock, s.snapshot(&NONE)).unwrap();
    assert_eq!(snap.chats.len(), 1);
    assert_eq!(snap.chats[0].id.as_deref(), Some("0002EMU1"));
    assert_eq!(snap.chats[0].capabilities, None);
    let (clock, s, _) = snapshot_gws(json!({"statusCode": 0}));
    assert!(run(&clock, s.snapshot(&NONE)).unwrap().chats.is_empty());
    for bad in [
        json!({"statusCode": 0, "chats": 5}),
        json!({"statusCode": 0, "chats": [7]}),
    ] {
        let (clock, s, _) = snapshot_gws(bad);
        let e = run(&clock, s.snapshot(&NONE)).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse);
    }
    let (clock, s, _) = snapshot_gws(json!({"statusCode": 6, "statusMessage": "nope"}));
    let e = run(&clock, s.snapshot(&NONE)).unwrap_err();
    assert_eq!(e.vendor_code, Some(6));
}

#[test]
fn the_snapshot_serialises_as_the_typescript_shape() {
    let d = <GwsSnapshot as Tsify>::DECL;
    for field in [
        "devices: GwsDevice[]",
        "calls: GwsCall[]",
        "chats: GwsChatInfo[]",
    ] {
        assert!(d.contains(field), "{d}");
    }
    let _ = decode_notification; // (the decoder is what `notification` uses above)
}
