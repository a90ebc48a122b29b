//! `Invite::to_json` gives the text serde_json gives, byte for byte.
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
    let mut headers = BTreeMap::new();
    for (i, v) in list.iter().enumerate() {
        headers.insert(format!("{text}{i}"), list[..i].to_vec());
        headers.insert(v.clone(), vec![text.clone()]);
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
