use crate::cometd::message::*;
use crate::cometd::Payload;
use crate::error::ErrorCode;
use serde_json::json;
use std::rc::Rc;

#[test]
fn decodes_arrays_and_single_objects_leniently() {
    let body = json!([
        {"channel": "/meta/handshake", "id": 7, "clientId": "c1", "successful": "true",
         "advice": {"reconnect": "RETRY", "interval": 0, "timeout": 30000.0},
         "supportedConnectionTypes": ["long-polling", 5], "version": "1.0"},
        {"channel": "/meta/subscribe", "id": "2", "successful": false, "error": 403,
         "subscription": ["/a", "/b"]},
        {"channel": "/x", "data": null},
        {"no": "channel"},
        42,
        {"channel": 5},
        {"channel": "/y", "data": {"n": 1}, "advice": "weird", "successful": 3}
    ])
    .to_string();
    let ms = decode_messages(&body).unwrap();
    assert_eq!(ms.len(), 4);
    let hs = &ms[0];
    assert_eq!(hs.id.as_deref(), Some("7"));
    assert_eq!(hs.successful, Some(true));
    let advice = hs.advice.as_ref().unwrap();
    assert_eq!(advice.reconnect, Some(Reconnect::Retry));
    assert_eq!(advice.timeout, Some(30000));
    assert_eq!(
        hs.supported_connection_types.as_deref(),
        Some(&["long-polling".to_string()][..])
    );
    assert_eq!(ms[1].error.as_deref(), Some("403"));
    assert_eq!(ms[1].subscription.as_ref().unwrap().len(), 2);
    assert_eq!(ms[2].data.as_ref().and_then(|d| d.json()), Some("null"));
    assert_eq!(ms[3].advice, None);
    assert_eq!(ms[3].successful, None);

    let one = decode_messages(r#"{"channel":"/meta/connect","successful":true}"#).unwrap();
    assert_eq!(one.len(), 1);
    assert!(decode_messages("[]").unwrap().is_empty());
}

#[test]
fn data_messages_keep_their_data_as_the_text_it_came_in() {
    let body = r#"[
        {"channel":"/v2/me/devices","data":{"seq":1, "s":"a\"b\u00e9"},"id":"7"},
        {"id":7,"channel":"/v2/me/devices","data":[1.50, -0, 1e400]},
        {"channel":"/v2/\u006de","data":"x"},
        {"channel":"/d","data":{"k":1},"ext":{"ack":true}}
    ]"#;
    let ms = decode_messages(body).unwrap();
    assert_eq!(ms.len(), 4);
    // The common shape (channel, data, string id) and every other one read the same way.
    assert_eq!(ms[0].channel, "/v2/me/devices");
    assert_eq!(ms[0].id.as_deref(), Some("7"));
    assert_eq!(
        ms[0].data.as_ref().unwrap().json().unwrap(),
        r#"{"seq":1, "s":"a\"b\u00e9"}"#
    );
    assert_eq!(
        ms[0].data.as_ref().unwrap().to_value(),
        json!({"seq": 1, "s": "a\"bé"})
    );
    assert_eq!(ms[1].id.as_deref(), Some("7"));
    // Numbers JavaScript reads differently from Rust (1e400 is Infinity) pass through as sent.
    assert_eq!(
        ms[1].data.as_ref().unwrap().json(),
        Some("[1.50, -0, 1e400]")
    );
    assert_eq!(ms[2].channel, "/v2/me");
    assert_eq!(ms[3].ext, Some(json!({"ack": true})));
    assert!(ms
        .iter()
        .all(|m| m.successful.is_none() && m.client_id.is_none()));
}

#[test]
fn bad_bodies_are_bad_response_and_never_panic() {
    let deep = "[".repeat(10_000);
    for body in [
        "",
        "not json",
        "<html>502</html>",
        "\"text\"",
        "12",
        "null",
        "{}",
        "{\"channel\": 1}",
        "[{\"channel\":\"/a\"",
        deep.as_str(),
    ] {
        let e = decode_messages(body).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadResponse, "{body:.20}");
    }
}

#[test]
fn encodes_only_present_fields_and_one_subscription_as_a_string() {
    let mut m = Message::new(SUBSCRIBE);
    m.id = Some("3".into());
    m.client_id = Some("c".into());
    m.subscription = Some(vec!["/a/*".into()]);
    let text = encode_messages(&[m.clone()]).unwrap();
    assert_eq!(
        text,
        r#"[{"channel":"/meta/subscribe","id":"3","clientId":"c","subscription":"/a/*"}]"#
    );
    m.subscription = Some(vec!["/a".into(), "/b".into()]);
    let text = encode_messages(&[m]).unwrap();
    assert!(text.contains(r#""subscription":["/a","/b"]"#));
    let mut a = Message::new(CONNECT);
    a.advice = Some(Advice {
        timeout: Some(0),
        ..Advice::default()
    });
    assert_eq!(
        encode_messages(&[a]).unwrap(),
        r#"[{"channel":"/meta/connect","advice":{"timeout":0}}]"#
    );
}

#[test]
fn encodes_what_serde_json_makes_of_the_message() {
    let odd = "q\"b\\s/\u{0}\u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f}é€😀";
    let mut full = Message::new("/a/b");
    full.id = Some(odd.into());
    full.client_id = Some("c1".into());
    full.data = Some(Payload::from_value(
        &json!({"z": [1, -2.5, 1e300, null, true], "a": {"s": odd}}),
    ));
    full.successful = Some(false);
    full.error = Some("402::Unknown client".into());
    full.advice = Some(Advice {
        reconnect: Some(Reconnect::Handshake),
        interval: Some(-1),
        timeout: Some(i64::MAX),
        multiple_clients: Some(true),
        max_interval: Some(i64::MIN),
    });
    full.subscription = Some(vec![]);
    full.ext = Some(json!({"ack": 3, "token": odd}));
    full.connection_type = Some("long-polling".into());
    full.version = Some("1.0".into());
    full.minimum_version = Some("1.0".into());
    full.supported_connection_types = Some(vec!["long-polling".into(), odd.into()]);
    let mut host = Message::new(CONNECT);
    host.data = Some(Payload::from_host(Rc::new(5)));
    host.successful = Some(true);
    host.advice = Some(Advice::default());
    let mut none = Message::new(HANDSHAKE);
    none.advice = Some(Advice {
        reconnect: Some(Reconnect::None),
        ..Advice::default()
    });
    none.subscription = Some(vec!["/x".into(), "/y/**".into()]);
    let all = [full, host, none, Message::new(""), Message::default()];
    for n in 0..=all.len() {
        let some = &all[..n];
        assert_eq!(
            encode_messages(some).unwrap(),
            serde_json::to_string(some).unwrap()
        );
    }
}

#[test]
fn unknown_client_errors_and_refusals() {
    for e in [
        "402::Unknown client",
        "402:abc:Unknown Client ID",
        "402::session_unknown",
        "401:abc:Unknown client",
        "403::unknown client",
    ] {
        assert!(is_unknown_client(e), "{e}");
    }
    for e in [
        "",
        "403:abc,/foo:Subscription denied",
        "404:/foo:Unknown Channel",
        "500",
    ] {
        assert!(!is_unknown_client(e), "{e}");
    }
    let r = refusal(
        "the subscription to /foo",
        Some("403:abc,/foo:Subscription denied"),
    );
    assert_eq!(r.code, ErrorCode::Forbidden);
    assert_eq!(r.vendor_code, Some(403));
    assert_eq!(
        r.vendor_message.as_deref(),
        Some("403:abc,/foo:Subscription denied")
    );
    assert!(r
        .message
        .starts_with("The Bayeux server refused the subscription to /foo"));
    let r = refusal("the handshake", None);
    assert_eq!(r.code, ErrorCode::VendorError);
    assert_eq!(r.vendor_code, None);
    assert_eq!(r.message, "The Bayeux server refused the handshake.");
}

#[test]
fn a_host_payload_is_carried_as_it_is() {
    let value: Rc<dyn std::any::Any> = Rc::new(vec![1u8, 2]);
    let a = Payload::from_host(value.clone());
    let b = Payload::from_host(value);
    let c = Payload::from_host(Rc::new(vec![1u8, 2]));
    assert_eq!(a.host::<Vec<u8>>(), Some(&vec![1u8, 2]));
    assert_eq!(a.host::<String>(), None);
    assert_eq!(a.json(), None);
    assert_eq!(a.to_value(), serde_json::Value::Null);
    // the same value is equal to itself only; never to JSON
    assert_eq!(a, b.clone());
    assert_ne!(a, c);
    assert_ne!(a, Payload::from_value(&json!(null)));
    let json = Payload::from_value(&json!({"k": [1]}));
    assert_eq!(json.host::<Vec<u8>>(), None);
    assert_eq!(json.json(), Some(r#"{"k":[1]}"#));
    assert_eq!(format!("{a:?}"), "Payload(<hidden>)");
}
