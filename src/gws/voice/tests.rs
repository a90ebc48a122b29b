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
fn listen_in_coach_and_barge_in_send_the_documented_body() {
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

#[test]
fn the_target_is_a_device_uri_built_from_an_id_or_a_device() {
    use crate::gws::model::DeviceTarget;
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    for target in [
        DeviceTarget::Text("9c14cad7-17c4".into()),
        DeviceTarget::Id("9c14cad7-17c4".into()),
        DeviceTarget::Text("https://gws.test/api/v2/devices/9c14cad7-17c4".into()),
    ] {
        let o = VoiceMonitorOptions {
            target_device_uri: target,
            ..opts()
        };
        run(&clock, s.listen_in("d1", &o, &NONE)).unwrap();
    }
    // a URI on another host (what GWS itself puts in `uri` behind a proxy) is sent as given
    let o = VoiceMonitorOptions {
        target_device_uri: TARGET.into(),
        ..opts()
    };
    run(&clock, s.listen_in("d1", &o, &NONE)).unwrap();
    let sent: Vec<serde_json::Value> = t.requests.borrow()[1..]
        .iter()
        .map(|r| body_of(r)["targetDeviceUri"].clone())
        .collect();
    assert_eq!(
        sent,
        [
            json!("https://gws.test/api/v2/devices/9c14cad7-17c4"),
            json!("https://gws.test/api/v2/devices/9c14cad7-17c4"),
            json!("https://gws.test/api/v2/devices/9c14cad7-17c4"),
            json!(TARGET),
        ]
    );
    // an id that needs encoding is encoded into the URI
    let uri = DeviceTarget::Id("a b".into())
        .to_uri("https://gws.test")
        .unwrap_err();
    assert_eq!(uri.field.as_deref(), Some("targetDeviceUri"));
    assert_eq!(
        DeviceTarget::Id("a+b".into())
            .to_uri("https://gws.test/")
            .unwrap(),
        "https://gws.test/api/v2/devices/a%2Bb"
    );
}

#[test]
fn tel_numbers_and_malformed_uris_are_rejected_before_sending() {
    use crate::gws::model::DeviceTarget;
    let (clock, s, t) = connected(|_| reply_json(200, r#"{"statusCode":0}"#));
    for bad in [
        "tel:5001",
        "TEL:+14155550101",
        "http://gws.test/api/v2/devices/9c14 cad7",
        " http://gws.test/api/v2/devices/9c14",
        "gws.test/api/v2/devices/9c14",
        "/api/v2/devices/9c14",
        "ftp://gws.test/api/v2/devices/9c14",
        "http:///api/v2/devices/9c14",
        "https://gws.test/api/v2/users/90cc5439",
        "https://gws.test/api/v2/devices/",
        "https://gws.test/api/v2/mydevices/9c14",
        "sip:5001@gws.test",
    ] {
        let o = VoiceMonitorOptions {
            target_device_uri: DeviceTarget::Text(bad.into()),
            ..opts()
        };
        let e = run(&clock, s.barge_in("d1", &o, &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("targetDeviceUri")),
            "{bad}"
        );
        if bad.starts_with("tel") {
            assert!(e.message.contains("not a tel:"), "{}", e.message);
        }
    }
    let e = run(
        &clock,
        s.listen_in(
            "d1",
            &VoiceMonitorOptions {
                target_device_uri: DeviceTarget::Id(" ".into()),
                ..opts()
            },
            &NONE,
        ),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("targetDeviceUri"));
    assert_eq!(t.count(), 1, "nothing was sent");
}
