use super::*;
use crate::error::ErrorCode;
use crate::gws::model::{MonitoringMode, MonitoringScope};
use crate::gws::test_support::*;
use crate::http::Method;
use crate::testing::{json as reply_json, run};
use serde_json::json;

const TARGET: &str = "http://localhost:8080/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224";

fn opts() -> VoiceMonitorOptions {
    VoiceMonitorOptions {
        target_device_uri: TARGET.into(),
        ..Default::default()
    }
}

#[test]
fn listen_in_coach_and_barge_in_send_seed_001s_body() {
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    let dev = "efe1ab32-53f9-43ce-b65e-5768c61f7d4a";
    run(&clock, s.coach(dev, &opts(), &NONE)).unwrap();
    let full = VoiceMonitorOptions {
        target_device_uri: TARGET.into(),
        scope: Some(MonitoringScope::Agent),
        mode: Some(MonitoringMode::NextCall),
        phone_number: Some("5005".into()),
    };
    run(&clock, s.listen_in(dev, &full, &NONE)).unwrap();
    let barge = VoiceMonitorOptions {
        scope: Some(MonitoringScope::Call),
        mode: Some(MonitoringMode::AllCalls),
        ..opts()
    };
    run(&clock, s.barge_in(dev, &barge, &NONE)).unwrap();
    run(&clock, s.cancel_monitoring(dev, &NONE)).unwrap();
    let reqs = t.requests.borrow();
    for r in &reqs[1..] {
        assert_eq!(r.method, Method::Post);
        assert_eq!(path_of(r), format!("/api/v2/me/devices/{dev}"));
        assert_eq!(header(r, "X-CSRF-TOKEN"), Some("T1"));
    }
    assert_eq!(
        body_of(&reqs[1]),
        json!({"operationName": "Coach", "targetDeviceUri": TARGET})
    );
    assert_eq!(
        body_of(&reqs[2]),
        json!({"operationName": "ListenIn", "targetDeviceUri": TARGET,
               "supervisorMonitoringScope": "Agent", "supervisorMonitoringMode": "NextCall",
               "phoneNumber": "5005"})
    );
    assert_eq!(
        body_of(&reqs[3]),
        json!({"operationName": "BargeIn", "targetDeviceUri": TARGET,
               "supervisorMonitoringScope": "Call", "supervisorMonitoringMode": "AllCalls"})
    );
    assert_eq!(
        body_of(&reqs[4]),
        json!({"operationName": "CancelSupervisorMonitoring"})
    );
}

#[test]
fn switching_a_monitored_call() {
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    run(&clock, s.switch_to_listen_in("0001Da9P/C93", &NONE)).unwrap();
    run(&clock, s.switch_to_barge_in("call 2", &NONE)).unwrap();
    let reqs = t.requests.borrow();
    assert_eq!(path_of(&reqs[1]), "/api/v2/me/calls/0001Da9P%2FC93");
    assert_eq!(
        body_of(&reqs[1]),
        json!({"operationName": "SwitchToListenIn"})
    );
    assert_eq!(path_of(&reqs[2]), "/api/v2/me/calls/call%202");
    assert_eq!(
        body_of(&reqs[2]),
        json!({"operationName": "SwitchToBargeIn"})
    );
}

#[test]
fn a_refusal_in_an_http_200_is_a_vendor_error_with_its_meaning() {
    for (code, meaning) in [
        (2, "not valid in the current state"),
        (3, "forbidden"),
        (6, "not found"),
        (19, "in use"),
    ] {
        let body = format!(r#"{{"statusCode":{code},"statusMessage":"refused {code}"}}"#);
        let (clock, s, _t) = connected(move |_| reply_json(200, &body));
        let e = run(&clock, s.listen_in("d1", &opts(), &NONE)).unwrap_err();
        assert_eq!(e.code, ErrorCode::VendorError);
        assert_eq!(e.vendor_code, Some(code));
        assert_eq!(
            e.vendor_message.as_deref(),
            Some(format!("refused {code}").as_str())
        );
        assert!(e.message.contains(meaning), "{}", e.message);
        assert!(e.message.contains("ListenIn"), "{}", e.message);
    }
}

#[test]
fn ids_and_uris_are_checked_before_sending() {
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    let cases: Vec<(&str, VoiceMonitorOptions, &str)> = vec![
        ("", opts(), "deviceId"),
        ("d\r\n1", opts(), "deviceId"),
        ("d1", VoiceMonitorOptions::default(), "targetDeviceUri"),
        (
            "d1",
            VoiceMonitorOptions {
                target_device_uri: "x\ny".into(),
                ..opts()
            },
            "targetDeviceUri",
        ),
        (
            "d1",
            VoiceMonitorOptions {
                phone_number: Some("50\n05".into()),
                ..opts()
            },
            "phoneNumber",
        ),
    ];
    for (dev, o, field) in cases {
        let e = run(&clock, s.coach(dev, &o, &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some(field))
        );
    }
    let e = run(&clock, s.cancel_monitoring(" ", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("deviceId"));
    let e = run(&clock, s.switch_to_barge_in("", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("callId"));
    assert_eq!(t.count(), 1);
}
