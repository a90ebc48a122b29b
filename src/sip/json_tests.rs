//! `Invite::to_json` gives the text serde_json gives, byte for byte; `Headers` serialises as
//! the `BTreeMap` it replaced.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use proptest::prelude::*;

fn same_as_serde_json(invite: &Invite) {
    assert_eq!(invite.to_json(), serde_json::to_string(invite).unwrap());
}

#[test]
fn to_json_matches_serde_json_on_the_corpus() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/sip");
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sip") {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            if let Ok(invite) = parse_invite(&text) {
                same_as_serde_json(&invite);
                read += 1;
            }
        }
    }
    assert!(read > 5, "only {read} corpus files parsed");
}

fn invite(text: String, opt: Option<String>, list: Vec<String>) -> Invite {
    let mut headers = Headers::default();
    for (i, v) in list.iter().enumerate() {
        for value in &list[..i] {
            headers.push(format!("{text}{i}"), value.clone());
        }
        headers.push(v.clone(), text.clone());
    }
    Invite {
        request_uri: text.clone(),
        agent_number: opt.clone(),
        call_id: text.clone(),
        session_id: None,
        agent_login_id: opt.clone(),
        transaction_id: opt.clone(),
        dnis: None,
        from: opt.clone(),
        to: None,
        cseq: opt.clone(),
        via: list,
        contact: opt.clone(),
        content_type: None,
        headers,
        sdp: text,
    }
}

#[test]
fn to_json_escapes_as_serde_json_does() {
    let every_control: String = (0u8..0x20).map(char::from).collect();
    let text = format!("{every_control}\"\\/\u{7f}\u{80}é\u{2028}\u{1F600}");
    same_as_serde_json(&invite(text.clone(), Some(text.clone()), vec![text]));
    same_as_serde_json(&invite(String::new(), None, Vec::new()));
}

proptest! {
    #[test]
    fn to_json_matches_serde_json(
        text in any::<String>(),
        opt in proptest::option::of(any::<String>()),
        list in proptest::collection::vec(any::<String>(), 0..4),
    ) {
        let invite = invite(text, opt, list);
        prop_assert_eq!(invite.to_json(), serde_json::to_string(&invite).unwrap());
    }
}

proptest! {
    /// `Headers` keeps names as a `BTreeMap` would: sorted, values in the order pushed.
    #[test]
    fn headers_serialise_like_a_btreemap(
        pairs in proptest::collection::vec(("[a-d]{0,3}|\\PC{0,4}", any::<String>()), 0..12),
    ) {
        let mut headers = Headers::default();
        let mut map: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (name, value) in pairs {
            headers.push(name.clone(), value.clone());
            map.entry(name).or_default().push(value);
        }
        prop_assert_eq!(
            serde_json::to_string(&headers).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        prop_assert_eq!(format!("{headers:?}"), format!("{map:?}"));
        prop_assert_eq!(headers.len(), map.len());
        for (name, values) in &map {
            prop_assert!(headers.contains_key(name));
            prop_assert_eq!(headers.get(name), Some(values));
            prop_assert_eq!(&headers[name.as_str()], values);
        }
        prop_assert!(!headers.contains_key("no such header"));
        prop_assert!(headers["no such header"].is_empty());
    }
}
