//! `parse_invite` over hand-written messages, the corpus in `tests/corpus/sip/`, and properties.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::ErrorCode;
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/sip")
}

/// Every corpus file as (name, text); bytes that are not UTF-8 become U+FFFD.
fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sip"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn file(name: &str) -> String {
    String::from_utf8_lossy(&std::fs::read(corpus_dir().join(name)).unwrap()).into_owned()
}

fn ok(name: &str) -> Invite {
    parse_invite(&file(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn rejected(text: &str) -> String {
    let e = parse_invite(text).expect_err("rejected");
    assert_eq!(e.code, ErrorCode::InvalidArgument, "{e}");
    assert_eq!(e.field.as_deref(), Some("text"));
    e.message
}

/// A minimal valid INVITE with the given line end and extra header lines.
fn minimal(eol: &str, extra: &[&str]) -> String {
    let mut lines = vec![
        "INVITE sip:+18990000001@10.0.0.2:5070 SIP/2.0",
        "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKm",
        "From: <sip:+12125550100@10.0.0.1>;tag=m",
        "To: <sip:+18990000001@10.0.0.2>",
        "Call-ID: min-1@10.0.0.1",
        "CSeq: 1 INVITE",
    ];
    lines.extend_from_slice(extra);
    lines.push("");
    lines.push("");
    lines.join(eol)
}

// ---- the corpus ----

#[test]
fn corpus_valid_files_parse_and_invalid_files_reject() {
    let files = corpus();
    let valid = files
        .iter()
        .filter(|(n, _)| n.starts_with("valid-"))
        .count();
    let invalid = files
        .iter()
        .filter(|(n, _)| n.starts_with("invalid-"))
        .count();
    assert!(
        valid >= 15 && invalid >= 20,
        "{valid} valid, {invalid} invalid"
    );
    for (name, text) in &files {
        let result = parse_invite(text);
        if name.starts_with("valid-") {
            let invite = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(invite.agent_number.is_some(), "{name}: no agent number");
        } else if name.starts_with("invalid-") {
            let e = result.expect_err(name);
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{name}");
            assert_eq!(e.field.as_deref(), Some("text"), "{name}");
            assert!(e.message.ends_with('.'), "{name}: {}", e.message);
            assert_eq!(e.message.matches(". ").count(), 0, "{name}: one sentence");
        } else {
            panic!("{name}: corpus files are named valid-* or invalid-*");
        }
    }
}

// ---- valid messages ----

#[test]
fn seed_sample_verbatim() {
    let i = ok("valid-seed-003-sample.sip");
    assert_eq!(i.request_uri, "sip:+18990000001@XX.XX.XX.XX:5060");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000001"));
    assert_eq!(
        i.call_id,
        "5e18e8dc-0000-7b7397a3-f7f2e4ec-d3e93b6c@10.101.21.27"
    );
    assert_eq!(
        i.session_id.as_deref(),
        Some("U2DB327T5E18E8DC@XX.XX.XX.XX")
    );
    assert_eq!(
        i.from.as_deref(),
        Some("<sip:+19192109237@ XX.XX.XX.XX:5060>;tag=telstage-4c11af69-5e18e8dc")
    );
    assert_eq!(i.to.as_deref(), Some("sip:+ 18990000001@ XX.XX.XX.XX:5070"));
    assert_eq!(i.cseq.as_deref(), Some("4117825 INVITE"));
    assert_eq!(i.via.len(), 3);
    assert_eq!(
        i.via[2],
        "SIP/2.0/UDP XX.XX.XX.XX:5060;branch=z9hG4bK5e18e8dc-0000-7b7397a4-f7f2e4ec-d3e93b6c"
    );
    assert_eq!(
        i.contact.as_deref(),
        Some("<sip: XX.XX.XX.XX:5060;transport=udp>")
    );
    assert_eq!(i.content_type.as_deref(), Some("application/sdp"));
    assert_eq!(i.headers["x-lv-destination-ip"], vec![String::new()]);
    assert_eq!(i.headers["record-route"].len(), 3);
    assert_eq!(i.headers["max-forwards"], vec!["68".to_owned()]);
    assert!(!i.headers.contains_key("message header"));
    // Content-Length says 177 but the sample carries no body.
    assert_eq!(i.sdp, "");
}

#[test]
fn seed_sample_with_crlf_and_caret_m_reads_the_same() {
    let lf = file("valid-seed-003-sample.sip");
    let a = parse_invite(&lf).unwrap();
    assert_eq!(parse_invite(&lf.replace('\n', "\r\n")).unwrap(), a);
    assert_eq!(parse_invite(&lf.replace('\n', "^M\n")).unwrap(), a);
    assert_eq!(parse_invite(&lf.replace('\n', "\r")).unwrap(), a);
}

#[test]
fn crlf_message_with_sdp_body() {
    let i = ok("valid-crlf-with-sdp.sip");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000002"));
    assert!(i.sdp.starts_with("v=0\r\no=LiveVox"));
    assert!(i.sdp.ends_with("telephone-event/8000\r\n"));
    let len: usize = i.headers["content-length"][0].parse().unwrap();
    assert_eq!(i.sdp.len(), len);
    assert_eq!(
        i.from.as_deref(),
        Some("\"Caller\" <sip:+19195550100@10.0.0.5>;tag=1928301774")
    );
}

#[test]
fn lf_only_message_matches_crlf_one_but_body() {
    let crlf = ok("valid-crlf-with-sdp.sip");
    let lf = ok("valid-lf-only.sip");
    assert_eq!(lf.sdp, crlf.sdp.replace("\r\n", "\n"));
    assert_eq!(lf.call_id, crlf.call_id);
    assert_eq!(lf.via, crlf.via);
}

#[test]
fn compact_forms_are_expanded() {
    let i = ok("valid-compact-forms.sip");
    assert_eq!(i.call_id, "compact-1@192.0.2.4");
    assert_eq!(
        i.from.as_deref(),
        Some("<sip:+13125550199@lv.example.net>;tag=abc")
    );
    assert_eq!(i.to.as_deref(), Some("<sip:+18990000003@lv.example.net>"));
    assert_eq!(i.via, vec!["SIP/2.0/TCP 192.0.2.4;branch=z9hG4bKnashds7"]);
    assert_eq!(i.contact.as_deref(), Some("<sip:192.0.2.4>"));
    assert_eq!(i.content_type.as_deref(), Some("application/sdp"));
    assert_eq!(i.headers["supported"], vec!["timer, 100rel"]);
    assert_eq!(i.headers["subject"], vec!["compact forms"]);
    assert_eq!(i.headers["content-length"], vec!["0"]);
    for short in ["i", "f", "t", "v", "m", "l", "c", "k", "s"] {
        assert!(!i.headers.contains_key(short), "{short} left unexpanded");
    }
}

#[test]
fn other_compact_forms() {
    let text = minimal(
        "\r\n",
        &[
            "e: gzip",
            "o: refer",
            "r: <sip:x@y>",
            "u: talk",
            "x: 1800",
            "b: <sip:z@y>",
        ],
    );
    let i = parse_invite(&text).unwrap();
    for name in [
        "content-encoding",
        "event",
        "refer-to",
        "allow-events",
        "session-expires",
        "referred-by",
    ] {
        assert!(i.headers.contains_key(name), "{name}");
    }
}

#[test]
fn folded_lines_join_with_one_space() {
    let i = ok("valid-folded-headers.sip");
    assert_eq!(
        i.from.as_deref(),
        Some("\"A Very Long Display Name\" <sip:+12125550111@10.1.1.2>;tag=f1")
    );
    assert_eq!(i.to.as_deref(), Some("<sip:+18990000004@10.1.1.1>"));
    assert_eq!(
        i.headers["subject"],
        vec!["first part second part third part"]
    );
}

#[test]
fn header_names_are_case_insensitive() {
    let i = ok("valid-mixed-case.sip");
    assert_eq!(i.call_id, "Case-ID-1@10.2.2.3");
    assert_eq!(i.cseq.as_deref(), Some("42 INVITE"));
    assert_eq!(i.to.as_deref(), Some("<sip:+18990000005@10.2.2.2>"));
    assert!(i.headers.keys().all(|k| k == &k.to_ascii_lowercase()));
    assert_eq!(i.headers["via"].len(), 1);
}

#[test]
fn session_id_drops_its_parameters() {
    let i = ok("valid-mixed-case.sip");
    assert_eq!(i.session_id.as_deref(), Some("ABC123@10.2.2.3"));
    assert_eq!(
        i.headers["session-id"],
        vec!["ABC123@10.2.2.3;remote=00000000000000000000000000000000"]
    );
}

#[test]
fn via_headers_and_comma_joined_values_are_all_listed_in_order() {
    let i = ok("valid-multiple-via.sip");
    let branches: Vec<&str> = i
        .via
        .iter()
        .map(|v| v.rsplit_once('=').unwrap().1)
        .collect();
    assert_eq!(branches, ["z9hG4bKa", "z9hG4bKb", "z9hG4bKc", "z9hG4bKd"]);
    assert_eq!(i.headers["via"].len(), 3);
}

#[test]
fn comma_inside_quotes_does_not_split_a_via() {
    let text = minimal("\r\n", &["Via: SIP/2.0/UDP h;x=\"a,b\" , SIP/2.0/UDP k"]);
    let i = parse_invite(&text).unwrap();
    assert_eq!(i.via.len(), 3);
    assert_eq!(i.via[1], "SIP/2.0/UDP h;x=\"a,b\"");
    assert_eq!(i.via[2], "SIP/2.0/UDP k");
}

#[test]
fn no_session_id_and_no_body() {
    let i = ok("valid-no-session-id-no-body.sip");
    assert_eq!(i.session_id, None);
    assert_eq!(i.sdp, "");
    assert_eq!(i.contact, None);
    assert_eq!(i.content_type, None);
    let json = serde_json::to_value(&i).unwrap();
    assert!(json["sessionId"].is_null());
    assert_eq!(json["sdp"], "");
}

#[test]
fn serialises_camel_case_with_headers_as_an_object() {
    let i = ok("valid-seed-003-sample.sip");
    let json = serde_json::to_value(&i).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "requestUri",
        "agentNumber",
        "callId",
        "sessionId",
        "agentLoginId",
        "transactionId",
        "dnis",
        "from",
        "to",
        "cseq",
        "via",
        "contact",
        "contentType",
        "headers",
        "sdp",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(json["headers"]["cseq"][0], "4117825 INVITE");
    assert_eq!(json["agentNumber"], "+18990000001");
}

#[test]
fn typescript_type_says_null_and_record() {
    let decl = <Invite as tsify::Tsify>::DECL;
    for line in [
        "agentNumber: string | null;",
        "sessionId: string | null;",
        "agentLoginId: string | null;",
        "transactionId: string | null;",
        "dnis: string | null;",
        "from: string | null;",
        "to: string | null;",
        "cseq: string | null;",
        "headers: Record<string, string[]>;",
        "via: string[];",
        "sdp: string;",
    ] {
        assert!(decl.contains(line), "{line} not in {decl}");
    }
    let config = <Invite as tsify::Tsify>::SERIALIZATION_CONFIG;
    assert!(config.missing_as_null && config.hashmap_as_object);
}

#[test]
fn content_length_bigger_than_body_takes_what_is_there() {
    let full = ok("valid-crlf-with-sdp.sip").sdp;
    assert_eq!(ok("valid-content-length-bigger-than-body.sip").sdp, full);
}

#[test]
fn content_length_smaller_than_body_cuts_the_body() {
    assert_eq!(
        ok("valid-content-length-smaller-than-body.sip").sdp,
        "v=0\r\n"
    );
}

#[test]
fn content_length_cut_inside_a_character_backs_off() {
    let text = minimal("\r\n", &["Content-Length: 2"]) + "é!";
    assert_eq!(parse_invite(&text).unwrap().sdp, "é");
    let text = minimal("\r\n", &["Content-Length: 1"]) + "é!";
    assert_eq!(parse_invite(&text).unwrap().sdp, "");
}

#[test]
fn content_length_that_is_not_a_number_is_ignored() {
    for cl in [
        "Content-Length: many",
        "Content-Length: -1",
        "l: 99999999999999999999",
    ] {
        let text = minimal("\r\n", &[cl]) + "v=0\r\n";
        assert_eq!(parse_invite(&text).unwrap().sdp, "v=0\r\n", "{cl}");
    }
}

#[test]
fn body_without_content_length_is_taken_whole() {
    let text = minimal("\n", &[]) + "v=0\nm=audio 1 RTP/AVP 0\n";
    assert_eq!(
        parse_invite(&text).unwrap().sdp,
        "v=0\nm=audio 1 RTP/AVP 0\n"
    );
}

#[test]
fn caret_m_capture_gets_its_crlfs_back() {
    let capture = ok("valid-caret-m-capture.sip");
    let real = ok("valid-crlf-with-sdp.sip");
    assert_eq!(capture, real);
}

#[test]
fn flat_one_line_capture() {
    let i = ok("valid-flat-one-line.sip");
    assert_eq!(i.request_uri, "sip:+18990000001@XX.XXX.XX.XX:5070");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000001"));
    assert_eq!(i.call_id, "flat-1@XX.XX.XX.XX");
    assert_eq!(i.cseq.as_deref(), Some("1 INVITE"));
    assert_eq!(i.sdp, "");
}

#[test]
fn flat_request_line_alone_lacks_the_mandatory_headers() {
    let m = rejected(&file("invalid-request-line-only.sip"));
    assert!(m.contains("Call-ID"), "{m}");
}

#[test]
fn tel_request_uri_with_visual_separators() {
    let i = ok("valid-tel-uri.sip");
    assert_eq!(i.request_uri, "tel:+1-899-000-0008;phone-context=+1");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000008"));
}

#[test]
fn bare_cr_line_ends() {
    let i = ok("valid-bare-cr.sip");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000009"));
    assert_eq!(i.sdp, "v=0\ro=- 1 1 IN IP4 10.6.6.7\r");
}

#[test]
fn blank_lines_before_the_request_line_are_skipped() {
    assert_eq!(ok("valid-leading-blank-lines.sip").call_id, "lead-1");
}

#[test]
fn agent_number_falls_back_to_the_to_uri() {
    let i = ok("valid-proxy-rewritten-request-uri.sip");
    assert_eq!(
        i.request_uri,
        "sip:vendor-agent@10.8.8.8:5080;transport=udp"
    );
    assert_eq!(i.agent_number.as_deref(), Some("+18990000011"));
}

#[test]
fn stray_spaces_in_the_request_uri_are_removed() {
    let i = ok("valid-stray-spaces-in-request-uri.sip");
    assert_eq!(i.request_uri, "sip:+18990000012@10.9.9.9:5070");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000012"));
}

#[test]
fn agent_number_normalisation() {
    let cases = [
        ("sip:+18990000001@h", Some("+18990000001")),
        ("sip:18990000001@h", Some("18990000001")),
        ("sip:8990000001@h;user=phone", Some("8990000001")),
        ("sip:%2B18990000001@h", Some("+18990000001")),
        ("sips:+1(899)000-0001@h", Some("+18990000001")),
        ("sip:+18990000001;isub=12@h", Some("+18990000001")),
        ("tel:+18990000001", Some("+18990000001")),
        ("sip:agent1@h", None),
        ("sip:h:5060", None),
        ("sip:+@h", None),
        ("sip:++1899@h", None),
    ];
    for (uri, want) in cases {
        assert_eq!(agent_number(uri).as_deref(), want, "{uri}");
    }
    // Neither the Request-URI nor the To URI is a number.
    let text = minimal("\r\n", &[])
        .replace("sip:+18990000001@10.0.0.2:5070", "sip:agent@10.0.0.2")
        .replace(
            "To: <sip:+18990000001@10.0.0.2>",
            "To: <sip:agent@10.0.0.2>",
        );
    let i = parse_invite(&text).unwrap();
    assert_eq!(i.agent_number, None);
    assert!(serde_json::to_value(&i).unwrap()["agentNumber"].is_null());
}

#[test]
fn version_is_case_insensitive_and_tabs_separate() {
    let text = minimal("\r\n", &[]).replace(" SIP/2.0\r\n", "\tsip/2.0\r\n");
    assert_eq!(parse_invite(&text).unwrap().call_id, "min-1@10.0.0.1");
}

#[test]
fn message_body_label_starts_the_body() {
    let text = minimal("\n", &[]).trim_end().to_owned() + "\nMessage Body\nv=0\n";
    assert_eq!(parse_invite(&text).unwrap().sdp, "v=0\n");
}

#[test]
fn exactly_64_kib_is_accepted() {
    let base = minimal("\r\n", &[]);
    let text = base.clone() + &"x".repeat(MAX_INVITE_BYTES - base.len());
    assert_eq!(text.len(), MAX_INVITE_BYTES);
    assert_eq!(
        parse_invite(&text).unwrap().sdp.len(),
        MAX_INVITE_BYTES - base.len()
    );
}

#[test]
fn exactly_max_headers_is_accepted() {
    let extra: Vec<String> = (0..MAX_HEADERS - 5)
        .map(|n| format!("X-H{n}: {n}"))
        .collect();
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    assert!(parse_invite(&minimal("\r\n", &extra)).is_ok());
}

// ---- invalid messages ----

#[test]
fn over_64_kib_is_rejected() {
    let base = minimal("\r\n", &[]);
    let text = base.clone() + &"x".repeat(MAX_INVITE_BYTES + 1 - base.len());
    assert!(rejected(&text).contains("64 KiB"));
    // Counted in bytes, not chars.
    let text = base.clone() + &"é".repeat(MAX_INVITE_BYTES / 2);
    assert!(rejected(&text).contains("64 KiB"));
}

#[test]
fn too_many_headers_are_rejected() {
    let extra: Vec<String> = (0..MAX_HEADERS).map(|n| format!("X-H{n}: {n}")).collect();
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    assert!(rejected(&minimal("\r\n", &extra)).contains("more than 256 headers"));
}

#[test]
fn empty_and_blank_text_is_rejected() {
    for t in ["", "\r\n", " \n\t\n", "^M^M", "\n\n\n"] {
        assert!(rejected(t).contains("empty"), "{t:?}");
    }
}

#[test]
fn responses_are_rejected() {
    let m = rejected(&file("invalid-response-200-ok.sip"));
    assert_eq!(
        m,
        "The text is a SIP response (status line), not an INVITE request."
    );
    assert!(rejected("SIP/2.0 180 Ringing\r\n\r\n").contains("response"));
}

#[test]
fn other_methods_are_rejected() {
    assert_eq!(
        rejected(&file("invalid-bye.sip")),
        "The request's method is BYE, not INVITE."
    );
    for method in ["ACK", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE"] {
        let text = minimal("\r\n", &[]).replacen("INVITE", method, 1);
        assert!(rejected(&text).contains(method), "{method}");
    }
    assert!(rejected(&file("invalid-lowercase-method.sip")).contains("case-sensitive"));
}

#[test]
fn other_versions_are_rejected() {
    assert_eq!(
        rejected(&file("invalid-sip-version-3.sip")),
        "The SIP version is SIP/3.0; only SIP/2.0 is accepted."
    );
    assert!(rejected(&file("invalid-http-request.sip")).contains("not a SIP request line"));
}

#[test]
fn missing_or_odd_request_uri_is_rejected() {
    assert_eq!(
        rejected(&file("invalid-missing-request-uri.sip")),
        "The request line has no Request-URI."
    );
    assert!(rejected(&file("invalid-request-uri-not-sip.sip")).contains("sip:, sips: or tel:"));
    assert!(
        rejected(&minimal("\r\n", &[]).replace("sip:+18990000001@10.0.0.2:5070", "sip:"))
            .contains("sip:, sips: or tel:")
    );
    assert!(rejected("INVITE\r\n").contains("not a SIP request line"));
}

#[test]
fn call_id_is_the_one_required_header() {
    assert!(
        rejected(&file("invalid-missing-call-id.sip")).contains("no Call-ID header"),
        "missing Call-ID"
    );
    assert_eq!(
        rejected(&file("invalid-empty-call-id.sip")),
        "The INVITE's Call-ID header is empty."
    );
    assert_eq!(
        rejected(&file("invalid-duplicate-call-id.sip")),
        "The INVITE has more than one Call-ID header."
    );
}

#[test]
fn from_to_cseq_and_via_may_be_missing() {
    let i = ok("valid-missing-from.sip");
    assert_eq!(i.from, None);
    assert_eq!(i.to.as_deref(), Some("<sip:+18990000001@10.0.0.2>"));
    assert_eq!(ok("valid-missing-to.sip").to, None);
    assert_eq!(ok("valid-missing-cseq.sip").cseq, None);
    let i = ok("valid-missing-via.sip");
    assert!(i.via.is_empty());
    assert_eq!(i.call_id, "bad-1");
    let json = serde_json::to_value(ok("valid-missing-cseq.sip")).unwrap();
    assert!(json["cseq"].is_null());
    assert!(json["from"].is_string());
}

#[test]
fn empty_from_to_and_cseq_read_as_missing() {
    let text = minimal("\r\n", &[])
        .replace("From: <sip:+12125550100@10.0.0.1>;tag=m", "From:")
        .replace("To: <sip:+18990000001@10.0.0.2>", "To: ")
        .replace("CSeq: 1 INVITE", "CSeq:");
    let i = parse_invite(&text).unwrap();
    assert_eq!((i.from, i.to, i.cseq), (None, None, None));
}

#[test]
fn repeated_from_to_or_cseq_is_still_rejected() {
    for (line, label) in [
        ("From: <sip:b@h>", "From"),
        ("t: <sip:c@h>", "To"),
        ("CSeq: 2 INVITE", "CSeq"),
    ] {
        assert_eq!(
            rejected(&minimal("\r\n", &[line])),
            format!("The INVITE has more than one {label} header."),
            "{line}"
        );
    }
}

#[test]
fn guide_one_line_invite_with_a_call_id_parses_with_every_line_end() {
    let request = "INVITE sip:+18990000001@XX.XXX.XX.XX:5070 SIP/2.0";
    for eol in ["^M\n", "^M\r\n", "^M ", "^M", "\r\n", "\n", "\r"] {
        for tail in ["", eol] {
            let text = format!("{request}{eol}Call-ID: guide-1@XX.XX.XX.XX{tail}");
            let i = parse_invite(&text).unwrap_or_else(|e| panic!("{eol:?}{tail:?}: {e}"));
            assert_eq!(i.request_uri, "sip:+18990000001@XX.XXX.XX.XX:5070");
            assert_eq!(i.agent_number.as_deref(), Some("+18990000001"));
            assert_eq!(i.call_id, "guide-1@XX.XX.XX.XX", "{eol:?}{tail:?}");
            assert_eq!((&i.from, &i.to, &i.cseq), (&None, &None, &None));
            assert!(i.via.is_empty());
            assert_eq!(i.sdp, "");
        }
    }
    let i = ok("valid-guide-one-line-caret-m.sip");
    assert_eq!(i.call_id, "guide-1@XX.XX.XX.XX");
    let i = ok("valid-guide-one-line-flat.sip");
    assert_eq!(i.agent_number.as_deref(), Some("+18990000002"));
    assert_eq!(i.call_id, "guide-2@XX.XX.XX.XX");
}

#[test]
fn livevox_headers_are_named() {
    let i = ok("valid-livevox-x-headers.sip");
    assert_eq!(i.agent_login_id.as_deref(), Some("AIVA5"));
    assert_eq!(i.transaction_id.as_deref(), Some("147516594361"));
    assert_eq!(i.dnis.as_deref(), Some("899"));
    assert_eq!(i.session_id.as_deref(), Some("UF200T64DE3A63@10.0.0.1"));
    let json = serde_json::to_value(&i).unwrap();
    assert_eq!(json["agentLoginId"], "AIVA5");
    assert_eq!(json["transactionId"], "147516594361");
    assert_eq!(json["dnis"], "899");

    // names in any case; the LV- spellings are read too; the X- one wins when both are there
    let i = parse_invite(&minimal(
        "\n",
        &[
            "lv-agent-login-id: AIVA7",
            "LV-Transaction-Id: 9",
            "dnis: 8990000001",
        ],
    ))
    .unwrap();
    assert_eq!(i.agent_login_id.as_deref(), Some("AIVA7"));
    assert_eq!(i.transaction_id.as_deref(), Some("9"));
    assert_eq!(i.dnis.as_deref(), Some("8990000001"));
    let i = parse_invite(&minimal(
        "\n",
        &["LV-agent-login-id: old", "X-Agent-Login-Id: new"],
    ))
    .unwrap();
    assert_eq!(i.agent_login_id.as_deref(), Some("new"));

    // absent or empty: null
    let i = parse_invite(&minimal("\n", &["X-transaction-id:", "DNIS:   "])).unwrap();
    assert_eq!(
        (&i.agent_login_id, &i.transaction_id, &i.dnis),
        (&None, &None, &None)
    );
    let json = serde_json::to_value(&i).unwrap();
    for k in ["agentLoginId", "transactionId", "dnis"] {
        assert!(json[k].is_null(), "{k}");
    }
}

#[test]
fn cseq_must_be_a_number_and_invite() {
    assert_eq!(
        rejected(&file("invalid-cseq-method-bye.sip")),
        "The CSeq method is BYE, not INVITE."
    );
    assert!(rejected(&file("invalid-cseq-not-a-number.sip")).contains("sequence number"));
    for bad in [
        "CSeq: 2147483648 INVITE",
        "CSeq: 1",
        "CSeq: 1 INVITE extra",
        "CSeq: +1 INVITE",
    ] {
        let text = minimal("\r\n", &[]).replace("CSeq: 1 INVITE", bad);
        rejected(&text);
    }
    let text = minimal("\r\n", &[]).replace("CSeq: 1 INVITE", "CSeq: 2147483647   INVITE");
    assert!(parse_invite(&text).is_ok());
}

#[test]
fn lines_that_are_not_headers_are_rejected() {
    assert_eq!(
        rejected(&file("invalid-header-without-colon.sip")),
        "Line 7 is not a SIP header (Name: value)."
    );
    assert!(rejected(&file("invalid-fold-after-request-line.sip")).contains("indented"));
    for bad in [": value", "Bad Name: x", "Bad\u{e9}: x"] {
        assert!(
            rejected(&minimal("\n", &[bad])).contains("not a SIP header"),
            "{bad}"
        );
    }
}

#[test]
fn nul_bytes_control_characters_and_binary_junk_are_rejected() {
    assert!(rejected(&file("invalid-nul-byte.sip")).contains("NUL"));
    assert!(rejected(&file("invalid-control-character.sip")).contains("control character"));
    rejected(&file("invalid-binary-junk.sip"));
    rejected("\u{1}\u{2}\u{3}INVITE sip:x@y SIP/2.0\r\n");
    // A NUL in the body is rejected too.
    assert!(rejected(&(minimal("\r\n", &[]) + "v=0\0")).contains("NUL"));
}

#[test]
fn long_junk_is_not_echoed_into_the_message() {
    let method = "X".repeat(1000);
    let m = rejected(&format!("{method} sip:a@b SIP/2.0\r\n\r\n"));
    assert!(m.len() < 100, "{m}");
    let version = format!("SIP/{}", "9".repeat(1000));
    assert!(rejected(&format!("INVITE sip:a@b {version}\r\n")).len() < 100);
    let text = minimal("\r\n", &[]).replace("CSeq: 1 INVITE", &format!("CSeq: 1 {method}"));
    assert!(rejected(&text).len() < 100);
}

// ---- properties ----

fn fuzz_config() -> ProptestConfig {
    let cases = std::env::var("FLOORWALKER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Ok, or INVALID_ARGUMENT on `text`: never anything else, never a panic.
fn well_behaved(text: &str) -> std::result::Result<(), TestCaseError> {
    if let Err(e) = parse_invite(text) {
        prop_assert_eq!(e.code, ErrorCode::InvalidArgument);
        prop_assert_eq!(e.field.as_deref(), Some("text"));
        prop_assert!(!e.message.is_empty() && e.message.len() < 200);
    }
    Ok(())
}

/// One edit to a message, applied on chars.
#[derive(Debug, Clone)]
enum Edit {
    Delete(Index),
    Insert(Index, char),
    Replace(Index, char),
    InsertLineEnd(Index, &'static str),
    Duplicate(Index, Index),
    Truncate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let line_end =
        prop::sample::select(vec!["\r\n", "\n", "\r", "^M", "^M ", "\r\n\r\n", " ", ":"]);
    let ch = prop_oneof![
        any::<char>(),
        prop::sample::select(vec![
            '\r', '\n', ' ', '\t', ':', ',', '@', '^', 'M', '"', ';'
        ]),
    ];
    prop_oneof![
        any::<Index>().prop_map(Edit::Delete),
        (any::<Index>(), ch.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<Index>(), ch).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<Index>(), line_end).prop_map(|(i, s)| Edit::InsertLineEnd(i, s)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Duplicate(a, b)),
        any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match e {
            Edit::Delete(i) if !chars.is_empty() => {
                chars.remove(i.index(len));
            }
            Edit::Insert(i, c) => chars.insert(i.index(len + 1).min(chars.len()), *c),
            Edit::Replace(i, c) if !chars.is_empty() => chars[i.index(len)] = *c,
            Edit::InsertLineEnd(i, s) => {
                let at = i.index(len + 1).min(chars.len());
                chars.splice(at..at, s.chars());
            }
            Edit::Duplicate(a, b) if !chars.is_empty() => {
                let (a, b) = (a.index(len), b.index(len));
                let lo = a.min(b);
                let hi = a.max(b).min(lo + 200);
                let piece: Vec<char> = chars[lo..=hi].to_vec();
                chars.splice(lo..lo, piece);
            }
            Edit::Truncate(i) if !chars.is_empty() => chars.truncate(i.index(len)),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// How one header name is spelled in a generated message.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    AsIs,
    Lower,
    Upper,
    Compact,
    Mixed(u64),
}

fn spell(name: &str, how: Spelling) -> String {
    match how {
        Spelling::AsIs => name.to_owned(),
        Spelling::Lower => name.to_ascii_lowercase(),
        Spelling::Upper => name.to_ascii_uppercase(),
        Spelling::Compact => match name {
            "Via" => "v",
            "From" => "f",
            "To" => "t",
            "Call-ID" => "i",
            "Contact" => "m",
            "Content-Length" => "l",
            "Subject" => "s",
            _ => name,
        }
        .to_owned(),
        Spelling::Mixed(bits) => name
            .chars()
            .enumerate()
            .map(|(n, c)| {
                if (bits >> (n % 64)) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
    }
}

fn spelling() -> impl Strategy<Value = Spelling> {
    prop_oneof![
        Just(Spelling::AsIs),
        Just(Spelling::Lower),
        Just(Spelling::Upper),
        Just(Spelling::Compact),
        any::<u64>().prop_map(Spelling::Mixed),
    ]
}

/// A valid INVITE: (text, agent number, call id, expected sdp).
fn generated_invite() -> impl Strategy<Value = (String, String, String, String)> {
    (
        "[0-9]{7}",
        "[A-Za-z0-9.!%*_+`'~-]{1,24}(@[a-z0-9.]{1,15})?",
        prop::sample::select(vec!["\r\n", "\n", "\r", "^M\n"]),
        prop::collection::vec(spelling(), 8),
        Just((0..8usize).collect::<Vec<_>>()).prop_shuffle(),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(digits, call_id, eol, spellings, order, (stray, label, body, fold))| {
                let number = format!("+1899{digits}");
                let uri = if stray {
                    format!("sip: {} @ 10.0.0.2:5070", number.replacen('+', "+ ", 1))
                } else {
                    format!("sip:{number}@10.0.0.2:5070")
                };
                let sdp_lines = [
                    "v=0",
                    "o=- 1 1 IN IP4 10.0.0.1",
                    "m=audio 4000 RTP/AVP 0",
                    "",
                ];
                let raw_body = if body {
                    sdp_lines.join(eol)
                } else {
                    String::new()
                };
                let sdp = if body && eol == "^M\n" {
                    sdp_lines.join("\r\n")
                } else {
                    raw_body.clone()
                };
                let subject = if fold {
                    format!("first{eol} second")
                } else {
                    "one line".to_owned()
                };
                let headers = [
                    ("Via", "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKgen".to_owned()),
                    ("From", "<sip:+12125550100@10.0.0.1>;tag=gen".to_owned()),
                    ("To", format!("<sip:{number}@10.0.0.2>")),
                    ("Call-ID", call_id.clone()),
                    ("CSeq", "7 INVITE".to_owned()),
                    ("Contact", "<sip:10.0.0.1>".to_owned()),
                    ("Subject", subject),
                    ("Content-Length", raw_body.len().to_string()),
                ];
                let mut text = String::new();
                if label {
                    text.push_str("Request-Line: ");
                }
                text.push_str(&format!("INVITE {uri} SIP/2.0{eol}"));
                if label {
                    text.push_str(&format!("Message Header{eol}"));
                }
                for n in order {
                    let (name, value) = &headers[n];
                    text.push_str(&format!("{}: {value}{eol}", spell(name, spellings[n])));
                }
                text.push_str(eol);
                text.push_str(&raw_body);
                (text, number, call_id, sdp)
            },
        )
}

proptest! {
    #![proptest_config(fuzz_config())]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        well_behaved(&text)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        well_behaved(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn sip_looking_strings_never_panic(
        text in "(INVITE|SIP/2.0|sip:|\\^M|\r|\n|\r\n| |\t|:|;|,|@|\\+|[0-9]|[A-Za-z-]{1,8}|\u{e9}|\0){0,80}"
    ) {
        well_behaved(&text)?;
    }

    #[test]
    fn mutated_corpus_messages_never_panic(
        (name, text) in prop::sample::select(corpus()),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mutated = apply(&text, &edits);
        well_behaved(&mutated).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
    }

    #[test]
    fn generated_invites_round_trip((text, number, call_id, sdp) in generated_invite()) {
        let invite = parse_invite(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text:?}")))?;
        prop_assert_eq!(invite.agent_number.as_deref(), Some(number.as_str()));
        prop_assert_eq!(&invite.call_id, &call_id);
        prop_assert_eq!(invite.cseq.as_deref(), Some("7 INVITE"));
        prop_assert_eq!(invite.via.len(), 1);
        prop_assert_eq!(&invite.sdp, &sdp);
        prop_assert_eq!(invite.headers.len(), 8);
    }
}
