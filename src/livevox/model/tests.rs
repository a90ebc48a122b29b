//! The seed's example JSON (seed 000), read and written back.
use super::*;
use serde_json::{json, Value};

fn read<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("reads the seed example")
}

#[test]
fn agent_status_reply_from_seed() {
    let r: AgentStatusReply =
        read(json!({"agents":[{"agentLoginId":"LV_TEST","status":"Success"}]}));
    assert_eq!(r.agents[0].agent_login_id, "LV_TEST");
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"agents":[{"agentLoginId":"LV_TEST","status":"Success"}]})
    );
}

#[test]
fn not_ready_request_matches_seed() {
    let agents = vec!["LV_TEST".to_string()];
    let body = AgentStatusRequest {
        agents: &agents,
        reason_code: Some(ReasonCode::Lunch),
        message: Some("Change to not ready when going to lunch"),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"agents":["LV_TEST"],"reasonCode":"LUNCH","message":"Change to not ready when going to lunch"})
    );
    let bare = AgentStatusRequest {
        agents: &agents,
        reason_code: None,
        message: None,
    };
    assert_eq!(
        serde_json::to_value(&bare).unwrap(),
        json!({"agents":["LV_TEST"]})
    );
}

#[test]
fn reason_codes_spelled_as_the_seed() {
    let all: Vec<ReasonCode> = read(json!([
        "BREAK",
        "LUNCH",
        "MEETING",
        "OTHER",
        "TECH_DIFFICULTIES",
        "TRAINING"
    ]));
    assert_eq!(all.len(), 6);
    assert!(serde_json::from_value::<ReasonCode>(json!("Tech Difficulties")).is_err());
}

#[test]
fn broadcast_reply_quirk_users_login_id() {
    let r: BroadcastReply =
        read(json!({"broadcastStatus":[{"usersLoginId":"lv_usr1","sent":true}]}));
    assert_eq!(r.broadcast_status[0].user_login_id, "lv_usr1");
    assert!(r.broadcast_status[0].sent);
    // the documented spelling and a string boolean read the same
    let r: BroadcastReply =
        read(json!({"broadcastStatus":[{"userLoginId":"lv_usr1","sent":"false"}]}));
    assert!(!r.broadcast_status[0].sent);
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"broadcastStatus":[{"userLoginId":"lv_usr1","sent":false}]})
    );
}

#[test]
fn broadcast_request_matches_seed() {
    let users = vec![ChatRecipient {
        user_login_id: "lv_usr1".into(),
        can_reply: true,
    }];
    let body = BroadcastRequest {
        users_info: &users,
        message: "Hello",
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"usersInfo":[{"userLoginId":"lv_usr1","canReply":true}],"message":"Hello"})
    );
    let defaulted: ChatRecipient = read(json!({"userLoginId":"a"}));
    assert!(defaulted.can_reply);
}

#[test]
fn chat_messages_reply_from_seed_has_numeric_timestamps() {
    let r: ChatMessagesReply = read(json!({
        "chatList": [{
            "messageList": [
                {"message": "Lunch with team", "senderId": "SEBYSA", "timestamp": "1416817899000"},
                {"message": "I am free ", "senderId": "SEBYSA", "timestamp": "1416817899000"}
            ],
            "userLoginId": "lv_usr1",
            "canReply": false
        }],
        "timestamp": "1416817899000"
    }));
    assert_eq!(r.timestamp, Some(1_416_817_899_000));
    assert_eq!(r.chat_list[0].message_list[1].message, "I am free ");
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({
            "chatList": [{
                "userLoginId": "lv_usr1",
                "canReply": false,
                "messageList": [
                    {"message": "Lunch with team", "senderId": "SEBYSA", "timestamp": 1416817899000i64},
                    {"message": "I am free ", "senderId": "SEBYSA", "timestamp": 1416817899000i64}
                ]
            }],
            "timestamp": 1416817899000i64
        })
    );
    let empty: ChatMessagesReply = read(json!({"chatList": []}));
    assert_eq!(empty.timestamp, None);
    let null_list: ChatMessagesReply = read(json!({"chatList": null}));
    assert!(null_list.chat_list.is_empty());
}

#[test]
fn chat_filter_sends_ms_as_string() {
    let body = ChatMessagesRequest {
        filter: ChatFilter {
            message_received_after: Some("1416817899000".into()),
            exclude_own: false,
        },
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"filter":{"messageReceivedAfter":"1416817899000","excludeOwn":false}})
    );
}

#[test]
fn monitor_state_and_services_from_seed() {
    let s: MonitorState = read(json!({"activeCall": true}));
    assert!(s.active_call);
    let s: MonitorState = read(json!({"activeCall": "false"}));
    assert!(!s.active_call);
    let r: ServicesAllowed = read(json!({"callCenters": [
        {"services": [{"serviceId": 23114, "serviceName": "Inskill feature code 1"}],
         "callCenterId": 1718, "callCenterName": "Call Center 2"},
        {"services": [{"serviceId": "45165", "serviceName": "TEST_MANUAL"}],
         "callCenterId": 3086, "callCenterName": "TEST Call Center"}
    ]}));
    assert_eq!(r.call_centers[1].services[0].service_id, 45165);
    assert_eq!(r.call_centers[0].call_center_name, "Call Center 2");
}

#[test]
fn switch_service_from_seed() {
    let agents = vec!["LV_TEST".to_string()];
    let body = SwitchServiceRequest {
        agents: &agents,
        target_service_id: 33722,
        message: Some("new skill"),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"agents":["LV_TEST"],"targetServiceId":33722,"message":"new skill"})
    );
    let r: SwitchServiceReply =
        read(json!({"agents":[{"agentLoginId":"LV_TEST","message":"Completed: Success"}]}));
    assert_eq!(r.agents[0].message, "Completed: Success");
}

#[test]
fn login_reply_tolerates_string_ids() {
    let r: LoginReply = read(json!({"sessionId":"abc","clientId":"1001","userId":5001}));
    assert_eq!(
        (r.client_id, r.user_id, r.days_until_password_expires),
        (Some(1001), Some(5001), None)
    );
}
