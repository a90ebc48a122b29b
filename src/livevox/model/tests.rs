//! The seed's example JSON (seed 000), read and written back.
use super::*;
use serde_json::{json, Value};
mod supervisor_input;

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

/// What `decode_text` gives for `text`: the value shown by `show`, or the error's message and
/// field.
pub(crate) fn outcome<T: serde::de::DeserializeOwned + crate::wire::FromJson>(
    text: &str,
    show: fn(&T) -> String,
) -> String {
    match crate::livevox::decode_text::<T>(text) {
        Ok(v) => show(&v),
        Err(e) => format!("Err {} (field {:?})", e.message, e.field),
    }
}

/// A reply written back as JSON.
pub(crate) fn as_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The replies a model is pinned on: `good`, then for each of its fields the field left out and
/// the field as `null` and as each value of the wrong type, then values that are not objects.
/// Each line is `input => outcome`.
pub(crate) fn pinned<T: serde::de::DeserializeOwned + crate::wire::FromJson>(
    good: Value,
    show: fn(&T) -> String,
) -> Vec<String> {
    let odd = [
        json!(null),
        json!({}),
        json!([]),
        json!(""),
        json!("x"),
        json!("12"),
        json!(true),
        json!(-7),
        json!(1.5),
    ];
    let mut inputs = vec![good.clone()];
    if let Value::Object(map) = &good {
        for key in map.keys() {
            let mut left_out = map.clone();
            left_out.remove(key);
            inputs.push(Value::Object(left_out));
            for v in &odd {
                let mut changed = map.clone();
                changed.insert(key.clone(), v.clone());
                inputs.push(Value::Object(changed));
            }
        }
    }
    inputs.extend([json!(5), json!("x"), json!(null), json!(true)]);
    inputs
        .iter()
        .map(|v| {
            let text = v.to_string();
            format!("{text} => {}", outcome(&text, show))
        })
        .collect()
}

/// Compares the lines of a pin with those written down.
pub(crate) fn check_pin(name: &str, got: Vec<String>, want: &[&str]) {
    assert_eq!(got, want, "{name}");
}

/// `input => outcome` for each of `texts`.
pub(crate) fn each<T: serde::de::DeserializeOwned + crate::wire::FromJson>(
    texts: &[&str],
    show: fn(&T) -> String,
) -> Vec<String> {
    texts
        .iter()
        .map(|text| format!("{text} => {}", outcome(text, show)))
        .collect()
}

// The pins below were taken on serde's derived readers; the models' own readers must give the
// same values and the same errors (message and field).

#[test]
fn login_reply_pinned() {
    let show = |r: &LoginReply| format!("{r:?}");
    let mut got = pinned(
        json!({"sessionId": "abc", "clientId": 1001, "userId": "5001", "daysUntilPasswordExpires": 30}),
        show,
    );
    got.extend(each(
        &[
            r#"{"sessionId":"abc"}"#,
            r#"{"sessionId":"abc","clientId":"12L","userId":5.0}"#,
        ],
        show,
    ));
    check_pin(
        "LoginReply",
        got,
        &[
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":null,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":{},"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":[],"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":"","daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":"x","daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":"12","daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(12), user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":true,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":-7,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(-7), user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1.5,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":null,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":{},"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":[],"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":"","sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":"x","sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":"12","sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: Some(12) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":true,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":-7,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: Some(-7) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":1.5,"sessionId":"abc","userId":"5001"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: None }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: missing field `sessionId`). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":null,"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: invalid type: null, expected a string). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":{},"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: invalid type: map, expected a string). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":[],"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: invalid type: sequence, expected a string). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"","userId":"5001"} => LoginReply { session_id: "", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"x","userId":"5001"} => LoginReply { session_id: "x", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"12","userId":"5001"} => LoginReply { session_id: "12", client_id: Some(1001), user_id: Some(5001), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":true,"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: invalid type: boolean `true`, expected a string). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":-7,"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: invalid type: integer `-7`, expected a string). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":1.5,"userId":"5001"} => Err The platform's answer was not in the documented format (field `sessionId`: invalid type: floating point `1.5`, expected a string). (field Some("sessionId"))"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":null} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":{}} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":[]} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":""} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"x"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":"12"} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(12), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":true} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":-7} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: Some(-7), days_until_password_expires: Some(30) }"##,
            r##"{"clientId":1001,"daysUntilPasswordExpires":30,"sessionId":"abc","userId":1.5} => LoginReply { session_id: "abc", client_id: Some(1001), user_id: None, days_until_password_expires: Some(30) }"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct LoginReply). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct LoginReply). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct LoginReply). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct LoginReply). (field None)"##,
            r##"{"sessionId":"abc"} => LoginReply { session_id: "abc", client_id: None, user_id: None, days_until_password_expires: None }"##,
            r##"{"sessionId":"abc","clientId":"12L","userId":5.0} => LoginReply { session_id: "abc", client_id: None, user_id: Some(5), days_until_password_expires: None }"##,
        ],
    );
}

#[test]
fn broadcast_status_pinned() {
    let mut got = pinned(
        json!({"usersLoginId": "lv_usr1", "sent": true}),
        as_json::<BroadcastStatus>,
    );
    got.extend(pinned(
        json!({"userLoginId": "lv_usr1", "sent": "false"}),
        as_json::<BroadcastStatus>,
    ));
    check_pin(
        "BroadcastStatus",
        got,
        &[
            r##"{"sent":true,"usersLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","sent":true}"##,
            r##"{"usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: missing field `sent`). (field Some("sent"))"##,
            r##"{"sent":null,"usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: null, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":{},"usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: map, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":[],"usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: sequence, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"","usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "", expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"x","usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "x", expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"12","usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "12", expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":true,"usersLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","sent":true}"##,
            r##"{"sent":-7,"usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: integer `-7`, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":1.5,"usersLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: floating point `1.5`, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":true} => Err The platform's answer was not in the documented format (field `userLoginId`: missing field `userLoginId`). (field Some("userLoginId"))"##,
            r##"{"sent":true,"usersLoginId":null} => Err The platform's answer was not in the documented format (field `usersLoginId`: invalid type: null, expected a string). (field Some("usersLoginId"))"##,
            r##"{"sent":true,"usersLoginId":{}} => Err The platform's answer was not in the documented format (field `usersLoginId`: invalid type: map, expected a string). (field Some("usersLoginId"))"##,
            r##"{"sent":true,"usersLoginId":[]} => Err The platform's answer was not in the documented format (field `usersLoginId`: invalid type: sequence, expected a string). (field Some("usersLoginId"))"##,
            r##"{"sent":true,"usersLoginId":""} => {"userLoginId":"","sent":true}"##,
            r##"{"sent":true,"usersLoginId":"x"} => {"userLoginId":"x","sent":true}"##,
            r##"{"sent":true,"usersLoginId":"12"} => {"userLoginId":"12","sent":true}"##,
            r##"{"sent":true,"usersLoginId":true} => Err The platform's answer was not in the documented format (field `usersLoginId`: invalid type: boolean `true`, expected a string). (field Some("usersLoginId"))"##,
            r##"{"sent":true,"usersLoginId":-7} => Err The platform's answer was not in the documented format (field `usersLoginId`: invalid type: integer `-7`, expected a string). (field Some("usersLoginId"))"##,
            r##"{"sent":true,"usersLoginId":1.5} => Err The platform's answer was not in the documented format (field `usersLoginId`: invalid type: floating point `1.5`, expected a string). (field Some("usersLoginId"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct BroadcastStatus). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct BroadcastStatus). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct BroadcastStatus). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct BroadcastStatus). (field None)"##,
            r##"{"sent":"false","userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","sent":false}"##,
            r##"{"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: missing field `sent`). (field Some("sent"))"##,
            r##"{"sent":null,"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: null, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":{},"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: map, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":[],"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: sequence, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"","userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "", expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"x","userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "x", expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"12","userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "12", expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":true,"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","sent":true}"##,
            r##"{"sent":-7,"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid value: integer `-7`, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":1.5,"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `sent`: invalid type: floating point `1.5`, expected a boolean or "true"/"false"). (field Some("sent"))"##,
            r##"{"sent":"false"} => Err The platform's answer was not in the documented format (field `userLoginId`: missing field `userLoginId`). (field Some("userLoginId"))"##,
            r##"{"sent":"false","userLoginId":null} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: null, expected a string). (field Some("userLoginId"))"##,
            r##"{"sent":"false","userLoginId":{}} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: map, expected a string). (field Some("userLoginId"))"##,
            r##"{"sent":"false","userLoginId":[]} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: sequence, expected a string). (field Some("userLoginId"))"##,
            r##"{"sent":"false","userLoginId":""} => {"userLoginId":"","sent":false}"##,
            r##"{"sent":"false","userLoginId":"x"} => {"userLoginId":"x","sent":false}"##,
            r##"{"sent":"false","userLoginId":"12"} => {"userLoginId":"12","sent":false}"##,
            r##"{"sent":"false","userLoginId":true} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: boolean `true`, expected a string). (field Some("userLoginId"))"##,
            r##"{"sent":"false","userLoginId":-7} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: integer `-7`, expected a string). (field Some("userLoginId"))"##,
            r##"{"sent":"false","userLoginId":1.5} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: floating point `1.5`, expected a string). (field Some("userLoginId"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct BroadcastStatus). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct BroadcastStatus). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct BroadcastStatus). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct BroadcastStatus). (field None)"##,
        ],
    );
}

#[test]
fn broadcast_reply_pinned() {
    let mut got = pinned(
        json!({"broadcastStatus": [{"usersLoginId": "a", "sent": "true"}, {"userLoginId": "b", "sent": 0}]}),
        as_json::<BroadcastReply>,
    );
    got.extend(each(
        &[
            r#"{"broadcastStatus":[5]}"#,
            r#"{"broadcastStatus":[{"sent":true}]}"#,
            r#"{"broadcastStatus":[{"userLoginId":"a","sent":"maybe"}]}"#,
        ],
        as_json::<BroadcastReply>,
    ));
    check_pin(
        "BroadcastReply",
        got,
        &[
            r##"{"broadcastStatus":[{"sent":"true","usersLoginId":"a"},{"sent":0,"userLoginId":"b"}]} => {"broadcastStatus":[{"userLoginId":"a","sent":true},{"userLoginId":"b","sent":false}]}"##,
            r##"{} => Err The platform's answer was not in the documented format (field `broadcastStatus`: missing field `broadcastStatus`). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":null} => {"broadcastStatus":[]}"##,
            r##"{"broadcastStatus":{}} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: map, expected a sequence). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":[]} => {"broadcastStatus":[]}"##,
            r##"{"broadcastStatus":""} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: string "", expected a sequence). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":"x"} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: string "x", expected a sequence). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":"12"} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: string "12", expected a sequence). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":true} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: boolean `true`, expected a sequence). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":-7} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: integer `-7`, expected a sequence). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":1.5} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: floating point `1.5`, expected a sequence). (field Some("broadcastStatus"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct BroadcastReply). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct BroadcastReply). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct BroadcastReply). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct BroadcastReply). (field None)"##,
            r##"{"broadcastStatus":[5]} => Err The platform's answer was not in the documented format (field `broadcastStatus`: invalid type: integer `5`, expected struct BroadcastStatus). (field Some("broadcastStatus"))"##,
            r##"{"broadcastStatus":[{"sent":true}]} => Err The platform's answer was not in the documented format (field `userLoginId`: missing field `userLoginId`). (field Some("userLoginId"))"##,
            r##"{"broadcastStatus":[{"userLoginId":"a","sent":"maybe"}]} => Err The platform's answer was not in the documented format (field `sent`: invalid value: string "maybe", expected a boolean or "true"/"false"). (field Some("sent"))"##,
        ],
    );
}

#[test]
fn chat_message_pinned() {
    let got = pinned(
        json!({"message": "hi", "senderId": "SEBYSA", "timestamp": "1416817899000", "canReply": "true"}),
        as_json::<ChatMessage>,
    );
    check_pin(
        "ChatMessage",
        got,
        &[
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"hi","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"hi","senderId":"SEBYSA","timestamp":1416817899000}"##,
            r##"{"canReply":null,"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid type: null, expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":{},"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid type: map, expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":[],"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid type: sequence, expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":"","message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid value: string "", expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":"x","message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid value: string "x", expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":"12","message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid value: string "12", expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":true,"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"hi","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":-7,"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid value: integer `-7`, expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":1.5,"message":"hi","senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `canReply`: invalid type: floating point `1.5`, expected a boolean or "true"/"false"). (field Some("canReply"))"##,
            r##"{"canReply":"true","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":null,"senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":{},"senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `message`: invalid type: map, expected an optional string or number). (field Some("message"))"##,
            r##"{"canReply":"true","message":[],"senderId":"SEBYSA","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `message`: invalid type: sequence, expected an optional string or number). (field Some("message"))"##,
            r##"{"canReply":"true","message":"","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"x","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"x","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"12","senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"12","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":true,"senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"true","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":-7,"senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"-7","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":1.5,"senderId":"SEBYSA","timestamp":"1416817899000"} => {"message":"1.5","senderId":"SEBYSA","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","timestamp":"1416817899000"} => {"message":"hi","senderId":"","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":null,"timestamp":"1416817899000"} => {"message":"hi","senderId":"","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":{},"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `senderId`: invalid type: map, expected an optional string or number). (field Some("senderId"))"##,
            r##"{"canReply":"true","message":"hi","senderId":[],"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `senderId`: invalid type: sequence, expected an optional string or number). (field Some("senderId"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"","timestamp":"1416817899000"} => {"message":"hi","senderId":"","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":"x","timestamp":"1416817899000"} => {"message":"hi","senderId":"x","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":"12","timestamp":"1416817899000"} => {"message":"hi","senderId":"12","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":true,"timestamp":"1416817899000"} => {"message":"hi","senderId":"true","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":-7,"timestamp":"1416817899000"} => {"message":"hi","senderId":"-7","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":1.5,"timestamp":"1416817899000"} => {"message":"hi","senderId":"1.5","timestamp":1416817899000,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA"} => Err The platform's answer was not in the documented format (field `timestamp`: missing field `timestamp`). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":null} => Err The platform's answer was not in the documented format (field `timestamp`: invalid type: null, expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":{}} => Err The platform's answer was not in the documented format (field `timestamp`: invalid type: map, expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":[]} => Err The platform's answer was not in the documented format (field `timestamp`: invalid type: sequence, expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":""} => Err The platform's answer was not in the documented format (field `timestamp`: invalid value: string "", expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":"x"} => Err The platform's answer was not in the documented format (field `timestamp`: invalid value: string "x", expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":"12"} => {"message":"hi","senderId":"SEBYSA","timestamp":12,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":true} => Err The platform's answer was not in the documented format (field `timestamp`: invalid type: boolean `true`, expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":-7} => {"message":"hi","senderId":"SEBYSA","timestamp":-7,"canReply":true}"##,
            r##"{"canReply":"true","message":"hi","senderId":"SEBYSA","timestamp":1.5} => Err The platform's answer was not in the documented format (field `timestamp`: invalid value: floating point `1.5`, expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct ChatMessage). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct ChatMessage). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct ChatMessage). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct ChatMessage). (field None)"##,
        ],
    );
}

#[test]
fn chat_thread_pinned() {
    let mut got = pinned(
        json!({"userLoginId": "lv_usr1", "canReply": "false", "messageList": [{"message": "hi", "senderId": "S", "timestamp": 5}]}),
        as_json::<ChatThread>,
    );
    got.extend(each(
        &[
            r#"{"userLoginId":"u","messageList":[{"senderId":"S"}]}"#,
            r#"{"userLoginId":"u","messageList":[{"timestamp":"x"}]}"#,
            r#"{"userLoginId":"u","messageList":[7]}"#,
        ],
        as_json::<ChatThread>,
    ));
    check_pin(
        "ChatThread",
        got,
        &[
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":null,"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":{},"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":[],"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"x","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"12","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":true,"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":true,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":-7,"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":1.5,"messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"false","userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[]}"##,
            r##"{"canReply":"false","messageList":null,"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[]}"##,
            r##"{"canReply":"false","messageList":{},"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: map, expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":[],"userLoginId":"lv_usr1"} => {"userLoginId":"lv_usr1","canReply":false,"messageList":[]}"##,
            r##"{"canReply":"false","messageList":"","userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: string "", expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":"x","userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: string "x", expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":"12","userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: string "12", expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":true,"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: boolean `true`, expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":-7,"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: integer `-7`, expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":1.5,"userLoginId":"lv_usr1"} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: floating point `1.5`, expected a sequence). (field Some("messageList"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}]} => Err The platform's answer was not in the documented format (field `userLoginId`: missing field `userLoginId`). (field Some("userLoginId"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":null} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: null, expected a string). (field Some("userLoginId"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":{}} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: map, expected a string). (field Some("userLoginId"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":[]} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: sequence, expected a string). (field Some("userLoginId"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":""} => {"userLoginId":"","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"x"} => {"userLoginId":"x","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":"12"} => {"userLoginId":"12","canReply":false,"messageList":[{"message":"hi","senderId":"S","timestamp":5}]}"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":true} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: boolean `true`, expected a string). (field Some("userLoginId"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":-7} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: integer `-7`, expected a string). (field Some("userLoginId"))"##,
            r##"{"canReply":"false","messageList":[{"message":"hi","senderId":"S","timestamp":5}],"userLoginId":1.5} => Err The platform's answer was not in the documented format (field `userLoginId`: invalid type: floating point `1.5`, expected a string). (field Some("userLoginId"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct ChatThreadWire). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct ChatThreadWire). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct ChatThreadWire). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct ChatThreadWire). (field None)"##,
            r##"{"userLoginId":"u","messageList":[{"senderId":"S"}]} => Err The platform's answer was not in the documented format (field `timestamp`: missing field `timestamp`). (field Some("timestamp"))"##,
            r##"{"userLoginId":"u","messageList":[{"timestamp":"x"}]} => Err The platform's answer was not in the documented format (field `timestamp`: invalid value: string "x", expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"userLoginId":"u","messageList":[7]} => Err The platform's answer was not in the documented format (field `messageList`: invalid type: integer `7`, expected struct ChatMessage). (field Some("messageList"))"##,
        ],
    );
}

#[test]
fn chat_messages_reply_pinned() {
    let mut got = pinned(
        json!({"chatList": [{"userLoginId": "u", "canReply": true, "messageList": []}], "timestamp": "1416817899000"}),
        as_json::<ChatMessagesReply>,
    );
    got.extend(each(
        &[
            r#"{"chatList":[{"canReply":true}]}"#,
            r#"{"chatList":[{"userLoginId":"u","messageList":[{"timestamp":true}]}]}"#,
            r#"{"chatList":["u"]}"#,
        ],
        as_json::<ChatMessagesReply>,
    ));
    check_pin(
        "ChatMessagesReply",
        got,
        &[
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":"1416817899000"} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}],"timestamp":1416817899000}"##,
            r##"{"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: missing field `chatList`). (field Some("chatList"))"##,
            r##"{"chatList":null,"timestamp":"1416817899000"} => {"chatList":[],"timestamp":1416817899000}"##,
            r##"{"chatList":{},"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: map, expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":[],"timestamp":"1416817899000"} => {"chatList":[],"timestamp":1416817899000}"##,
            r##"{"chatList":"","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: string "", expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":"x","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: string "x", expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":"12","timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: string "12", expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":true,"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: boolean `true`, expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":-7,"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: integer `-7`, expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":1.5,"timestamp":"1416817899000"} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: floating point `1.5`, expected a sequence). (field Some("chatList"))"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}]} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":null} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":{}} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":[]} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":""} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":"x"} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":"12"} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}],"timestamp":12}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":true} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":-7} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}],"timestamp":-7}"##,
            r##"{"chatList":[{"canReply":true,"messageList":[],"userLoginId":"u"}],"timestamp":1.5} => {"chatList":[{"userLoginId":"u","canReply":true,"messageList":[]}]}"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct ChatMessagesReply). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct ChatMessagesReply). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct ChatMessagesReply). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct ChatMessagesReply). (field None)"##,
            r##"{"chatList":[{"canReply":true}]} => Err The platform's answer was not in the documented format (field `userLoginId`: missing field `userLoginId`). (field Some("userLoginId"))"##,
            r##"{"chatList":[{"userLoginId":"u","messageList":[{"timestamp":true}]}]} => Err The platform's answer was not in the documented format (field `timestamp`: invalid type: boolean `true`, expected an integer or a numeric string). (field Some("timestamp"))"##,
            r##"{"chatList":["u"]} => Err The platform's answer was not in the documented format (field `chatList`: invalid type: string "u", expected struct ChatThreadWire). (field Some("chatList"))"##,
        ],
    );
}

#[test]
fn monitor_state_pinned() {
    let got = pinned(json!({"activeCall": "true"}), as_json::<MonitorState>);
    check_pin(
        "MonitorState",
        got,
        &[
            r##"{"activeCall":"true"} => {"activeCall":true}"##,
            r##"{} => Err The platform's answer was not in the documented format (field `activeCall`: missing field `activeCall`). (field Some("activeCall"))"##,
            r##"{"activeCall":null} => Err The platform's answer was not in the documented format (field `activeCall`: invalid type: null, expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":{}} => Err The platform's answer was not in the documented format (field `activeCall`: invalid type: map, expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":[]} => Err The platform's answer was not in the documented format (field `activeCall`: invalid type: sequence, expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":""} => Err The platform's answer was not in the documented format (field `activeCall`: invalid value: string "", expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":"x"} => Err The platform's answer was not in the documented format (field `activeCall`: invalid value: string "x", expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":"12"} => Err The platform's answer was not in the documented format (field `activeCall`: invalid value: string "12", expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":true} => {"activeCall":true}"##,
            r##"{"activeCall":-7} => Err The platform's answer was not in the documented format (field `activeCall`: invalid value: integer `-7`, expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"{"activeCall":1.5} => Err The platform's answer was not in the documented format (field `activeCall`: invalid type: floating point `1.5`, expected a boolean or "true"/"false"). (field Some("activeCall"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct MonitorState). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct MonitorState). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct MonitorState). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct MonitorState). (field None)"##,
        ],
    );
}

#[test]
fn services_allowed_pinned() {
    let mut got = pinned(
        json!({"serviceId": "23114", "serviceName": "Inskill"}),
        as_json::<Service>,
    );
    got.extend(pinned(
        json!({"callCenterId": 1718, "callCenterName": "Call Center 2", "services": [{"serviceId": 1, "serviceName": "S"}]}),
        as_json::<CallCenter>,
    ));
    got.extend(pinned(
        json!({"callCenters": [{"callCenterId": "3086", "callCenterName": null, "services": null}]}),
        as_json::<ServicesAllowed>,
    ));
    got.extend(each(
        &[
            r#"{"callCenters":[{"callCenterId":1,"callCenterName":"c","services":[{"serviceId":"x","serviceName":"s"}]}]}"#,
            r#"{"callCenters":[{"callCenterId":1,"callCenterName":"c","services":[{"serviceName":"s"}]}]}"#,
            r#"{"callCenters":[{"callCenterId":1,"callCenterName":"c","services":[7]}]}"#,
            r#"{"callCenters":[{"callCenterName":"c","services":[]}]}"#,
        ],
        as_json::<ServicesAllowed>,
    ));
    check_pin(
        "ServicesAllowed",
        got,
        &[
            r##"{"serviceId":"23114","serviceName":"Inskill"} => {"serviceId":23114,"serviceName":"Inskill"}"##,
            r##"{"serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: missing field `serviceId`). (field Some("serviceId"))"##,
            r##"{"serviceId":null,"serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: null, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":{},"serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: map, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":[],"serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: sequence, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":"","serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: string "", expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":"x","serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: string "x", expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":"12","serviceName":"Inskill"} => {"serviceId":12,"serviceName":"Inskill"}"##,
            r##"{"serviceId":true,"serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid type: boolean `true`, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":-7,"serviceName":"Inskill"} => {"serviceId":-7,"serviceName":"Inskill"}"##,
            r##"{"serviceId":1.5,"serviceName":"Inskill"} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: floating point `1.5`, expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"serviceId":"23114"} => Err The platform's answer was not in the documented format (field `serviceName`: missing field `serviceName`). (field Some("serviceName"))"##,
            r##"{"serviceId":"23114","serviceName":null} => {"serviceId":23114,"serviceName":""}"##,
            r##"{"serviceId":"23114","serviceName":{}} => Err The platform's answer was not in the documented format (field `serviceName`: invalid type: map, expected an optional string or number). (field Some("serviceName"))"##,
            r##"{"serviceId":"23114","serviceName":[]} => Err The platform's answer was not in the documented format (field `serviceName`: invalid type: sequence, expected an optional string or number). (field Some("serviceName"))"##,
            r##"{"serviceId":"23114","serviceName":""} => {"serviceId":23114,"serviceName":""}"##,
            r##"{"serviceId":"23114","serviceName":"x"} => {"serviceId":23114,"serviceName":"x"}"##,
            r##"{"serviceId":"23114","serviceName":"12"} => {"serviceId":23114,"serviceName":"12"}"##,
            r##"{"serviceId":"23114","serviceName":true} => {"serviceId":23114,"serviceName":"true"}"##,
            r##"{"serviceId":"23114","serviceName":-7} => {"serviceId":23114,"serviceName":"-7"}"##,
            r##"{"serviceId":"23114","serviceName":1.5} => {"serviceId":23114,"serviceName":"1.5"}"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct Service). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct Service). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct Service). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct Service). (field None)"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: missing field `callCenterId`). (field Some("callCenterId"))"##,
            r##"{"callCenterId":null,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid type: null, expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":{},"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid type: map, expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":[],"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid type: sequence, expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":"","callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid value: string "", expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":"x","callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid value: string "x", expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":"12","callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":12,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":true,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid type: boolean `true`, expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":-7,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":-7,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1.5,"callCenterName":"Call Center 2","services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterId`: invalid value: floating point `1.5`, expected an integer or a numeric string). (field Some("callCenterId"))"##,
            r##"{"callCenterId":1718,"services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterName`: missing field `callCenterName`). (field Some("callCenterName"))"##,
            r##"{"callCenterId":1718,"callCenterName":null,"services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":{},"services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterName`: invalid type: map, expected an optional string or number). (field Some("callCenterName"))"##,
            r##"{"callCenterId":1718,"callCenterName":[],"services":[{"serviceId":1,"serviceName":"S"}]} => Err The platform's answer was not in the documented format (field `callCenterName`: invalid type: sequence, expected an optional string or number). (field Some("callCenterName"))"##,
            r##"{"callCenterId":1718,"callCenterName":"","services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":"x","services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"x","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":"12","services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"12","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":true,"services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"true","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":-7,"services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"-7","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":1.5,"services":[{"serviceId":1,"serviceName":"S"}]} => {"callCenterId":1718,"callCenterName":"1.5","services":[{"serviceId":1,"serviceName":"S"}]}"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2"} => Err The platform's answer was not in the documented format (field `services`: missing field `services`). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":null} => {"callCenterId":1718,"callCenterName":"Call Center 2","services":[]}"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":{}} => Err The platform's answer was not in the documented format (field `services`: invalid type: map, expected a sequence). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":[]} => {"callCenterId":1718,"callCenterName":"Call Center 2","services":[]}"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":""} => Err The platform's answer was not in the documented format (field `services`: invalid type: string "", expected a sequence). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":"x"} => Err The platform's answer was not in the documented format (field `services`: invalid type: string "x", expected a sequence). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":"12"} => Err The platform's answer was not in the documented format (field `services`: invalid type: string "12", expected a sequence). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":true} => Err The platform's answer was not in the documented format (field `services`: invalid type: boolean `true`, expected a sequence). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":-7} => Err The platform's answer was not in the documented format (field `services`: invalid type: integer `-7`, expected a sequence). (field Some("services"))"##,
            r##"{"callCenterId":1718,"callCenterName":"Call Center 2","services":1.5} => Err The platform's answer was not in the documented format (field `services`: invalid type: floating point `1.5`, expected a sequence). (field Some("services"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct CallCenter). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct CallCenter). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct CallCenter). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct CallCenter). (field None)"##,
            r##"{"callCenters":[{"callCenterId":"3086","callCenterName":null,"services":null}]} => {"callCenters":[{"callCenterId":3086,"callCenterName":"","services":[]}]}"##,
            r##"{} => Err The platform's answer was not in the documented format (field `callCenters`: missing field `callCenters`). (field Some("callCenters"))"##,
            r##"{"callCenters":null} => {"callCenters":[]}"##,
            r##"{"callCenters":{}} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: map, expected a sequence). (field Some("callCenters"))"##,
            r##"{"callCenters":[]} => {"callCenters":[]}"##,
            r##"{"callCenters":""} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: string "", expected a sequence). (field Some("callCenters"))"##,
            r##"{"callCenters":"x"} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: string "x", expected a sequence). (field Some("callCenters"))"##,
            r##"{"callCenters":"12"} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: string "12", expected a sequence). (field Some("callCenters"))"##,
            r##"{"callCenters":true} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: boolean `true`, expected a sequence). (field Some("callCenters"))"##,
            r##"{"callCenters":-7} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: integer `-7`, expected a sequence). (field Some("callCenters"))"##,
            r##"{"callCenters":1.5} => Err The platform's answer was not in the documented format (field `callCenters`: invalid type: floating point `1.5`, expected a sequence). (field Some("callCenters"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct ServicesAllowed). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct ServicesAllowed). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct ServicesAllowed). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct ServicesAllowed). (field None)"##,
            r##"{"callCenters":[{"callCenterId":1,"callCenterName":"c","services":[{"serviceId":"x","serviceName":"s"}]}]} => Err The platform's answer was not in the documented format (field `serviceId`: invalid value: string "x", expected an integer or a numeric string). (field Some("serviceId"))"##,
            r##"{"callCenters":[{"callCenterId":1,"callCenterName":"c","services":[{"serviceName":"s"}]}]} => Err The platform's answer was not in the documented format (field `serviceId`: missing field `serviceId`). (field Some("serviceId"))"##,
            r##"{"callCenters":[{"callCenterId":1,"callCenterName":"c","services":[7]}]} => Err The platform's answer was not in the documented format (field `services`: invalid type: integer `7`, expected struct Service). (field Some("services"))"##,
            r##"{"callCenters":[{"callCenterName":"c","services":[]}]} => Err The platform's answer was not in the documented format (field `callCenterId`: missing field `callCenterId`). (field Some("callCenterId"))"##,
        ],
    );
}

#[test]
fn switch_service_reply_pinned() {
    let mut got = pinned(
        json!({"agentLoginId": "LV_TEST", "message": "Completed: Success"}),
        as_json::<SwitchServiceResult>,
    );
    got.extend(pinned(
        json!({"agents": [{"agentLoginId": "LV_TEST", "message": "queued"}]}),
        as_json::<SwitchServiceReply>,
    ));
    got.extend(each(
        &[
            r#"{"agents":[{"agentLoginId":5,"message":"m"}]}"#,
            r#"{"agents":[{"message":"m"}]}"#,
            r#"{"agents":[{"agentLoginId":"a","message":{}}]}"#,
        ],
        as_json::<SwitchServiceReply>,
    ));
    check_pin(
        "SwitchServiceReply",
        got,
        &[
            r##"{"agentLoginId":"LV_TEST","message":"Completed: Success"} => {"agentLoginId":"LV_TEST","message":"Completed: Success"}"##,
            r##"{"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: missing field `agentLoginId`). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":null,"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: null, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":{},"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: map, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":[],"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: sequence, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":"","message":"Completed: Success"} => {"agentLoginId":"","message":"Completed: Success"}"##,
            r##"{"agentLoginId":"x","message":"Completed: Success"} => {"agentLoginId":"x","message":"Completed: Success"}"##,
            r##"{"agentLoginId":"12","message":"Completed: Success"} => {"agentLoginId":"12","message":"Completed: Success"}"##,
            r##"{"agentLoginId":true,"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: boolean `true`, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":-7,"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: integer `-7`, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":1.5,"message":"Completed: Success"} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: floating point `1.5`, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agentLoginId":"LV_TEST"} => Err The platform's answer was not in the documented format (field `message`: missing field `message`). (field Some("message"))"##,
            r##"{"agentLoginId":"LV_TEST","message":null} => {"agentLoginId":"LV_TEST","message":""}"##,
            r##"{"agentLoginId":"LV_TEST","message":{}} => Err The platform's answer was not in the documented format (field `message`: invalid type: map, expected an optional string or number). (field Some("message"))"##,
            r##"{"agentLoginId":"LV_TEST","message":[]} => Err The platform's answer was not in the documented format (field `message`: invalid type: sequence, expected an optional string or number). (field Some("message"))"##,
            r##"{"agentLoginId":"LV_TEST","message":""} => {"agentLoginId":"LV_TEST","message":""}"##,
            r##"{"agentLoginId":"LV_TEST","message":"x"} => {"agentLoginId":"LV_TEST","message":"x"}"##,
            r##"{"agentLoginId":"LV_TEST","message":"12"} => {"agentLoginId":"LV_TEST","message":"12"}"##,
            r##"{"agentLoginId":"LV_TEST","message":true} => {"agentLoginId":"LV_TEST","message":"true"}"##,
            r##"{"agentLoginId":"LV_TEST","message":-7} => {"agentLoginId":"LV_TEST","message":"-7"}"##,
            r##"{"agentLoginId":"LV_TEST","message":1.5} => {"agentLoginId":"LV_TEST","message":"1.5"}"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct SwitchServiceResult). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct SwitchServiceResult). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct SwitchServiceResult). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct SwitchServiceResult). (field None)"##,
            r##"{"agents":[{"agentLoginId":"LV_TEST","message":"queued"}]} => {"agents":[{"agentLoginId":"LV_TEST","message":"queued"}]}"##,
            r##"{} => Err The platform's answer was not in the documented format (field `agents`: missing field `agents`). (field Some("agents"))"##,
            r##"{"agents":null} => {"agents":[]}"##,
            r##"{"agents":{}} => Err The platform's answer was not in the documented format (field `agents`: invalid type: map, expected a sequence). (field Some("agents"))"##,
            r##"{"agents":[]} => {"agents":[]}"##,
            r##"{"agents":""} => Err The platform's answer was not in the documented format (field `agents`: invalid type: string "", expected a sequence). (field Some("agents"))"##,
            r##"{"agents":"x"} => Err The platform's answer was not in the documented format (field `agents`: invalid type: string "x", expected a sequence). (field Some("agents"))"##,
            r##"{"agents":"12"} => Err The platform's answer was not in the documented format (field `agents`: invalid type: string "12", expected a sequence). (field Some("agents"))"##,
            r##"{"agents":true} => Err The platform's answer was not in the documented format (field `agents`: invalid type: boolean `true`, expected a sequence). (field Some("agents"))"##,
            r##"{"agents":-7} => Err The platform's answer was not in the documented format (field `agents`: invalid type: integer `-7`, expected a sequence). (field Some("agents"))"##,
            r##"{"agents":1.5} => Err The platform's answer was not in the documented format (field `agents`: invalid type: floating point `1.5`, expected a sequence). (field Some("agents"))"##,
            r##"5 => Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct SwitchServiceReply). (field None)"##,
            r##""x" => Err The platform's answer was not in the documented format (invalid type: string "x", expected struct SwitchServiceReply). (field None)"##,
            r##"null => Err The platform's answer was not in the documented format (invalid type: null, expected struct SwitchServiceReply). (field None)"##,
            r##"true => Err The platform's answer was not in the documented format (invalid type: boolean `true`, expected struct SwitchServiceReply). (field None)"##,
            r##"{"agents":[{"agentLoginId":5,"message":"m"}]} => Err The platform's answer was not in the documented format (field `agentLoginId`: invalid type: integer `5`, expected a string). (field Some("agentLoginId"))"##,
            r##"{"agents":[{"message":"m"}]} => Err The platform's answer was not in the documented format (field `agentLoginId`: missing field `agentLoginId`). (field Some("agentLoginId"))"##,
            r##"{"agents":[{"agentLoginId":"a","message":{}}]} => Err The platform's answer was not in the documented format (field `message`: invalid type: map, expected an optional string or number). (field Some("message"))"##,
        ],
    );
}

/// `MessageOptions` and `NotReadyOptions` read a caller's options as serde's derive did (the
/// expectations were written from it), but where the derive read what no caller means: a list
/// read field by field by position (now "invalid type: sequence"), a key given twice (now the
/// last one counts).
#[test]
fn status_options_read_as_pinned() {
    use crate::livevox::test_support::wire_input;
    let cases = [
        (r#"{}"#, r#"Ok {}"#, r#"Ok {}"#),
        (
            r#"{"message":"hi"}"#,
            r#"Ok {"message":"hi"}"#,
            r#"Ok {"message":"hi"}"#,
        ),
        (
            r#"{"message":""}"#,
            r#"Ok {"message":""}"#,
            r#"Ok {"message":""}"#,
        ),
        (r#"{"message":null}"#, r#"Ok {}"#, r#"Ok {}"#),
        (
            r#"{"message":5}"#,
            r#"Err message | message is not valid: invalid type: integer `5`, expected a string."#,
            r#"Err message | message is not valid: invalid type: integer `5`, expected a string."#,
        ),
        (
            r#"{"message":1.5}"#,
            r#"Err message | message is not valid: invalid type: floating point `1.5`, expected a string."#,
            r#"Err message | message is not valid: invalid type: floating point `1.5`, expected a string."#,
        ),
        (
            r#"{"message":["a"]}"#,
            r#"Err message | message is not valid: invalid type: sequence, expected a string."#,
            r#"Err message | message is not valid: invalid type: sequence, expected a string."#,
        ),
        (
            r#"{"message":{}}"#,
            r#"Err message | message is not valid: invalid type: map, expected a string."#,
            r#"Err message | message is not valid: invalid type: map, expected a string."#,
        ),
        (r#"{"other":1}"#, r#"Ok {}"#, r#"Ok {}"#),
        (
            r#"[]"#,
            r#"Err options | options is not valid: invalid type: sequence, expected struct MessageOptions."#,
            r#"Err options | options is not valid: invalid type: sequence, expected struct NotReadyOptions."#,
        ),
        (
            r#"["hi"]"#,
            r#"Err options | options is not valid: invalid type: sequence, expected struct MessageOptions."#,
            r#"Err options | options is not valid: invalid type: sequence, expected struct NotReadyOptions."#,
        ),
        (
            r#"null"#,
            r#"Err options | options is not valid: invalid type: null, expected struct MessageOptions."#,
            r#"Err options | options is not valid: invalid type: null, expected struct NotReadyOptions."#,
        ),
        (
            r#"{"message":"a","message":"b"}"#,
            r#"Ok {"message":"b"}"#,
            r#"Ok {"message":"b"}"#,
        ),
        (
            r#"{"reasonCode":"LUNCH"}"#,
            r#"Ok {}"#,
            r#"Ok {"reasonCode":"LUNCH"}"#,
        ),
        (
            r#"{"reasonCode":"lunch"}"#,
            r#"Ok {}"#,
            r#"Err reasonCode | reasonCode is not valid: unknown variant `lunch`, expected one of `BREAK`, `LUNCH`, `MEETING`, `OTHER`, `TECH_DIFFICULTIES`, `TRAINING`."#,
        ),
        (
            r#"{"reasonCode":5}"#,
            r#"Ok {}"#,
            r#"Err reasonCode | reasonCode is not valid: invalid type: integer `5`, expected one of `BREAK`, `LUNCH`, `MEETING`, `OTHER`, `TECH_DIFFICULTIES`, `TRAINING`."#,
        ),
        (
            r#"{"reasonCode":null,"message":"m"}"#,
            r#"Ok {"message":"m"}"#,
            r#"Ok {"message":"m"}"#,
        ),
        (
            r#"{"reasonCode":"BREAK","message":7}"#,
            r#"Err message | message is not valid: invalid type: integer `7`, expected a string."#,
            r#"Err message | message is not valid: invalid type: integer `7`, expected a string."#,
        ),
        (
            r#"{"message":7,"reasonCode":"x"}"#,
            r#"Err message | message is not valid: invalid type: integer `7`, expected a string."#,
            r#"Err message | message is not valid: invalid type: integer `7`, expected a string."#,
        ),
        (
            r#"["BREAK","m"]"#,
            r#"Err options | options is not valid: invalid type: sequence, expected struct MessageOptions."#,
            r#"Err options | options is not valid: invalid type: sequence, expected struct NotReadyOptions."#,
        ),
    ];
    for (text, message, not_ready) in cases {
        assert_eq!(
            wire_input::<MessageOptions>(text, None),
            message,
            "MessageOptions {text}"
        );
        assert_eq!(
            wire_input::<NotReadyOptions>(text, None),
            not_ready,
            "NotReadyOptions {text}"
        );
    }
}
