use super::*;
use serde_json::json;

fn seed_001_coach() -> Value {
    json!({
        "data": {
            "messageType": "DeviceStateChangeMessage",
            "devices": [{
                "id": "efe1ab32-53f9-43ce-b65e-5768c61f7d4a",
                "deviceState": "Active",
                "userState": {"id": "900D55CC-2BB0-431F-8BF9-D3525B383BE6", "displayName": "Not Ready", "state": "NotReady"},
                "phoneNumber": "5005", "e164Number": "5005", "telephonyNetwork": "Private", "doNotDisturb": "On",
                "voiceEnvironmentUri": "http://127.0.0.1:8080/api/v2/voice-environments/370ef5e6",
                "capabilities": ["ForwardCallsOn", "DoNotDisturbOff", "ListenIn", "Coach", "BargeIn", "CancelSupervisorMonitoring"],
                "supervisorMonitoringState": {"state": "Coach", "mode": "AllCalls", "scope": "Call",
                    "targetDeviceUri": "http://127.0.0.1:8080/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224"}
            }]
        },
        "channel": "/v2/me/devices"
    })
}

#[test]
fn device_state_change_from_seed_001_with_or_without_the_envelope() {
    for data in [seed_001_coach(), seed_001_coach()["data"].clone()] {
        let n = decode_notification("/v2/me/devices", data);
        assert_eq!(n.message_type(), Some("DeviceStateChangeMessage"));
        let GwsNotification::DeviceStateChange(m) = &n else {
            panic!("{n:?}")
        };
        let d = &m.devices[0];
        assert_eq!(d.id, "efe1ab32-53f9-43ce-b65e-5768c61f7d4a");
        assert_eq!(
            d.user_state.as_ref().and_then(|u| u.state.as_deref()),
            Some("NotReady")
        );
        let sms = d.supervisor_monitoring_state.as_ref().unwrap();
        assert_eq!(
            (
                sms.state.as_deref(),
                sms.mode.as_deref(),
                sms.scope.as_deref()
            ),
            (Some("Coach"), Some("AllCalls"), Some("Call"))
        );
        assert!(d
            .capabilities
            .contains(&"CancelSupervisorMonitoring".to_string()));
        // serialised for JavaScript: everything GWS sent, unchanged
        assert_eq!(serde_json::to_value(&n).unwrap(), seed_001_coach()["data"]);
    }
    // after CancelSupervisorMonitoring the state is gone
    let n = decode_notification(
        "/v2/me/devices",
        json!({"messageType": "DeviceStateChangeMessage", "devices": [{"id": "d1", "capabilities": ["ListenIn"]}]}),
    );
    let GwsNotification::DeviceStateChange(m) = n else {
        panic!()
    };
    assert_eq!(m.devices[0].supervisor_monitoring_state, None);
}

fn seed_002_participants_updated() -> Value {
    json!({
        "chat": {
            "receivedDate": "2014-05-0511:08:45.000-0700",
            "chatType": "Inbound",
            "capabilities": ["Leave", "SetInFocus", "SwitchToMonitor", "SwitchBargeIn"],
            "uri": "http://10.10.15.212:9090/api/v2/chats/0001Da9PFC93000S",
            "state": "Chatting",
            "participants": [
                {"nickname": "test_agent", "type": "Agent", "uri": "http://10.10.15.212:9090/api/v2/users/90cc5439ff6848748e5e67811273f266", "visibility": "All", "participantId": "00AF5367D3D0000A"},
                {"nickname": "test_supervisor", "type": "Agent", "visibility": "Agents", "participantId": "00AF5367D3D0000B"},
                {"nickname": "test_clientL", "type": "Customer", "participantId": "00AF5367D3AD0008", "visibility": "All"}
            ],
            "id": "0001Da9PFC93000S"
        },
        "notificationType": "ParticipantsUpdated",
        "messageType": "ChatStateChangeMessage"
    })
}

#[test]
fn chat_state_changes_from_seed_002() {
    let n = decode_notification("/v2/me/chats", seed_002_participants_updated());
    let GwsNotification::ChatStateChange(m) = &n else {
        panic!("{n:?}")
    };
    assert_eq!(m.notification_type.as_deref(), Some("ParticipantsUpdated"));
    assert_eq!(m.chat.chat_id().as_deref(), Some("0001Da9PFC93000S"));
    assert_eq!(m.chat.participants.len(), 3);
    assert_eq!(m.chat.participants[1].visibility.as_deref(), Some("Agents"));
    assert_eq!(
        m.chat.participants[2].participant_type.as_deref(),
        Some("Customer")
    );
    assert_eq!(
        m.chat.extra.get("receivedDate"),
        Some(&json!("2014-05-0511:08:45.000-0700"))
    );
    assert_eq!(
        serde_json::to_value(&n).unwrap(),
        seed_002_participants_updated()
    );

    let revoked = json!({"chat": {"receivedDate": "2014-05-0511:09:45.000-0700", "participants": [], "capabilities": [],
        "uri": "http://10.10.15.212:9090/api/v2/chats/0001Da9PFC93000S", "state": "Revoked"},
        "notificationType": "StatusChange", "messageType": "ChatStateChangeMessage"});
    let GwsNotification::ChatStateChange(m) = decode_notification("/v2/me/chats", revoked) else {
        panic!()
    };
    assert_eq!(m.notification_type.as_deref(), Some("StatusChange"));
    assert_eq!(m.chat.state.as_deref(), Some("Revoked"));
    assert_eq!(m.chat.capabilities, Some(vec![]));
    assert_eq!(
        m.chat.chat_id().as_deref(),
        Some("0001Da9PFC93000S"),
        "from the uri"
    );
}

#[test]
fn new_messages_with_every_timestamp_form() {
    let data = json!({
        "messages": [
            {"index": 1, "from": {"nickname": "test_clientL", "type": "Customer", "participantId": "00AF5367D3AD0008", "visibility": "All"},
             "timestamp": "2014-05-0511: 08: 46.000-0700", "visibility": "All", "type": "ParticipantJoined", "timestampSeconds": "1399313326000L"},
            {"index": "2", "text": "How may I help you?", "type": "Text", "timestamp": "2014-01-09 11:58:12.035+0200", "timestampSeconds": 1389261492035_i64},
            {"index": 3, "noticeText": "notice", "type": "CustomNotice", "timestamp": "2015-11-26T16:39:41Z"},
            {"index": 4, "type": "Text", "text": "secs", "timestampSeconds": 1448555981},
            {"index": 5, "type": "Text", "text": "num", "timestamp": 1448555981000_i64},
            {"index": 6, "type": "Text", "text": "garbled", "timestamp": "sometime"}
        ],
        "notificationType": "NewMessages",
        "messageType": "MessageLogUpdated",
        "chatUri": "http://10.10.15.212:9090/api/v2/chats/0001Da9PFC93000S"
    });
    let n = decode_notification("/v2/me/chats", data);
    let GwsNotification::MessageLogUpdated(m) = &n else {
        panic!("{n:?}")
    };
    assert_eq!(m.chat_id.as_deref(), Some("0001Da9PFC93000S"));
    let ms: Vec<Option<i64>> = m.messages.iter().map(|x| x.timestamp_ms).collect();
    assert_eq!(
        ms,
        vec![
            Some(1_399_313_326_000),
            Some(1_389_261_492_035),
            Some(1_448_555_981_000),
            Some(1_448_555_981_000),
            Some(1_448_555_981_000),
            None
        ]
    );
    assert_eq!(m.messages[1].index, Some(2));
    assert_eq!(
        m.messages[0]
            .from
            .as_ref()
            .and_then(|f| f.nickname.as_deref()),
        Some("test_clientL")
    );
    assert_eq!(m.messages[2].notice_text.as_deref(), Some("notice"));
    let js = serde_json::to_value(&n).unwrap();
    assert_eq!(
        js["messages"][0]["timestamp"],
        json!("2014-05-0511: 08: 46.000-0700"),
        "the raw value stays"
    );
    assert_eq!(
        js["messages"][0]["timestampMs"],
        json!(1_399_313_326_000_i64)
    );
    assert_eq!(js["messages"][0]["type"], json!("ParticipantJoined"));
    assert_eq!(js["chatId"], json!("0001Da9PFC93000S"));
    // chatPath instead of chatUri (SendCustomNoticeToAgents sample)
    let n = decode_notification(
        "/v2/me/chats",
        json!({"messageType": "MessageLogUpdated", "chatPath": "/chats/0000RaB4Q006001K", "messages": []}),
    );
    let GwsNotification::MessageLogUpdated(m) = n else {
        panic!()
    };
    assert_eq!(m.chat_id.as_deref(), Some("0000RaB4Q006001K"));
}

#[test]
fn call_state_changes() {
    let data = json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange",
        "call": {"id": "019P0F5N3OBH7A3V", "state": "Established", "callType": "Inbound", "duration": "12",
                 "supervisorListeningIn": "true", "monitoredUserMuted": false, "mute": "Off",
                 "capabilities": ["SwitchToBargeIn"], "participants": [{"phoneNumber": "5001"}]}});
    let n = decode_notification("/v2/me/calls", data.clone());
    let GwsNotification::CallStateChange(m) = &n else {
        panic!("{n:?}")
    };
    assert_eq!(m.call.id.as_deref(), Some("019P0F5N3OBH7A3V"));
    assert_eq!(m.call.state.as_deref(), Some("Established"));
    assert_eq!(
        (m.call.supervisor_listening_in, m.call.monitored_user_muted),
        (Some(true), Some(false))
    );
    assert_eq!(m.call.extra.get("duration"), Some(&json!("12")));
    let js = serde_json::to_value(&n).unwrap();
    assert_eq!(js["call"]["supervisorListeningIn"], json!(true));
    assert_eq!(js["call"]["participants"], data["call"]["participants"]);
}

#[test]
fn unknown_types_and_misfits_pass_through_untouched() {
    for data in [
        json!({"messageType": "EmailStateChangeMessage", "email": {"id": "e1"}}),
        json!({"messageType": "ChatStateChangeMessage", "chat": "not an object"}),
        json!({"messageType": "CallStateChangeMessage"}),
        json!({"messageType": 42, "x": 1}),
        json!({"something": "else"}),
        json!("a string"),
        json!(null),
    ] {
        let n = decode_notification("/v2/me/workitems", data.clone());
        assert_eq!(n, GwsNotification::Other(data.clone()));
        assert_eq!(serde_json::to_value(&n).unwrap(), data);
    }
    let n = decode_notification("/v2/me", json!({"messageType": "PasswordChangeMessage"}));
    assert_eq!(n.message_type(), Some("PasswordChangeMessage"));
}

#[test]
fn a_missing_message_type_is_inferred_from_the_channel_or_the_shape() {
    let mut chat = seed_002_participants_updated();
    chat.as_object_mut().unwrap().remove("messageType");
    let n = decode_notification("/v2/me/chats", chat);
    assert_eq!(n.message_type(), Some("ChatStateChangeMessage"));
    assert_eq!(
        serde_json::to_value(&n).unwrap()["messageType"],
        json!("ChatStateChangeMessage")
    );
    let n = decode_notification(
        "/v2/me/chats",
        json!({"notificationType": "NewMessages", "messages": []}),
    );
    assert_eq!(n.message_type(), Some("MessageLogUpdated"));
    let n = decode_notification("/v2/me/devices", json!({"devices": []}));
    assert_eq!(n.message_type(), Some("DeviceStateChangeMessage"));
    let n = decode_notification("/v2/me/calls", json!({"call": {"id": "c"}}));
    assert_eq!(n.message_type(), Some("CallStateChangeMessage"));
    let n = decode_notification("/v2/me/*", json!({"call": {"id": "c"}}));
    assert_eq!(n.message_type(), Some("CallStateChangeMessage"));
}

#[test]
fn notification_channels_are_covered_need_their_own_subscription_or_are_refused() {
    use crate::error::ErrorCode;
    for ch in ["/v2/me/*", "/v2/me/devices", "/v2/me/chats", "/v2/me/calls"] {
        assert_eq!(
            notification_route(ch).unwrap(),
            NotificationRoute::Covered,
            "{ch}"
        );
    }
    for ch in [
        "/notifications/services",
        "/v2/me",
        "/v2/users",
        "/v2/users/**",
        "/v2/me/**",
        "/v2/me/calls/x",
        "/v2/**",
        "/**",
    ] {
        assert_eq!(
            notification_route(ch).unwrap(),
            NotificationRoute::OwnSubscription,
            "{ch}"
        );
    }
    for ch in [
        "/meta/connect",
        "/meta/*",
        "/service/x",
        "/service",
        "v2/me",
        "",
        "/a//b",
        "/a/*/b",
    ] {
        let e = notification_route(ch).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{ch}");
        assert_eq!(e.field.as_deref(), Some("channel"), "{ch}");
    }
}

#[test]
fn one_subscription_forwards_each_notification() {
    let order = vec![
        (1, "/v2/me/*".to_string()),
        (2, "/v2/**".to_string()),
        (3, "/v2/users/*".to_string()),
        (4, "/notifications/services".to_string()),
    ];
    assert_eq!(forwarding_subscription(&order, "/v2/me/chats"), Some(1));
    assert_eq!(forwarding_subscription(&order, "/v2/me/calls/x"), Some(2));
    assert_eq!(forwarding_subscription(&order, "/v2/users/7"), Some(2));
    assert_eq!(
        forwarding_subscription(&order, "/notifications/services"),
        Some(4)
    );
    assert_eq!(forwarding_subscription(&order, "/elsewhere"), None);
    // once /v2/** is gone, /v2/users/* forwards its channels
    let fewer: Vec<_> = order.into_iter().filter(|(k, _)| *k != 2).collect();
    assert_eq!(forwarding_subscription(&fewer, "/v2/users/7"), Some(3));
}
