use crate::cometd::channel::{check, is_meta, is_wildcard, matches, Purpose};
use crate::error::ErrorCode;

#[test]
fn wildcard_matching_table() {
    let table: &[(&str, &str, bool)] = &[
        ("/a/b", "/a/b", true),
        ("/a/b", "/a/c", false),
        ("/a/b", "/a/b/c", false),
        ("/a/*", "/a/b", true),
        ("/a/*", "/a/b/c", false),
        ("/a/*", "/a", false),
        ("/a/*", "/ab/c", false),
        ("/a/*", "/b/c", false),
        ("/a/**", "/a/b", true),
        ("/a/**", "/a/b/c", true),
        ("/a/**", "/a/b/c/d/e", true),
        ("/a/**", "/a", false),
        ("/a/**", "/ab/c", false),
        ("/*", "/a", true),
        ("/*", "/a/b", false),
        ("/**", "/a/b/c", true),
        ("/v2/me/*", "/v2/me/devices", true),
        ("/v2/me/*", "/v2/me/chats", true),
        ("/v2/me/*", "/v2/me", false),
        ("/v2/me/*", "/v2/users", false),
        ("/v2/me/*", "/v2/me/calls/123", false),
        ("/v2/me/**", "/v2/me/calls/123", true),
        ("/a/b/*", "/a/b/", false),
    ];
    for (pattern, channel, want) in table {
        assert_eq!(
            matches(pattern, channel),
            *want,
            "{pattern} vs {channel} should be {want}"
        );
    }
}

#[test]
fn wildcards_are_the_last_segment() {
    for (channel, wild) in [
        ("/a/*", true),
        ("/a/**", true),
        ("/*", true),
        ("*", true),
        ("**", true),
        ("/a/b", false),
        ("/a/*b", false),
        ("/*/a", false),
        ("", false),
        ("/", false),
    ] {
        assert_eq!(is_wildcard(channel), wild, "{channel}");
    }
}

#[test]
fn subscribe_and_publish_channel_rules() {
    let ok_sub = [
        "/a",
        "/a/b",
        "/a/*",
        "/a/**",
        "/*",
        "/v2/me/*",
        "/service/x",
    ];
    for c in ok_sub {
        assert!(
            check(c, Purpose::Subscribe).is_ok(),
            "{c} should be subscribable"
        );
    }
    let bad_sub = [
        "",
        "/",
        "a/b",
        "/a//b",
        "/a/",
        "/a/*/b",
        "/a/b*",
        "/a/***",
        "/meta",
        "/meta/*",
        "/meta/connect",
        "/meta/**",
        "/a b",
        "/a\r\nX: y",
    ];
    for c in bad_sub {
        let e = check(c, Purpose::Subscribe).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{c:?}");
        assert_eq!(e.field.as_deref(), Some("channel"));
    }
    assert!(check(&format!("/{}", "x".repeat(2000)), Purpose::Subscribe).is_err());
    assert!(check("/a/b", Purpose::Publish).is_ok());
    for c in ["/a/*", "/a/**", "/*", "/meta/x", "/meta/subscribe", "/a//b"] {
        let e = check(c, Purpose::Publish).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{c}");
    }
    assert!(is_meta("/meta") && is_meta("/meta/connect") && !is_meta("/metadata"));
    let empty = "channel must not contain an empty segment (// or a trailing /).";
    let star = "channel may use * or ** only as its whole last segment (\"/a/*\", \"/a/**\").";
    for (c, message) in [
        ("/a//b", empty),
        ("/a/", empty),
        ("//", empty),
        ("//*", empty),
        ("/a/*/b", star),
        ("/**/a", star),
        ("/*x", star),
        ("/a/b*", star),
        ("/a*/b", star),
        ("/a/***", star),
    ] {
        assert_eq!(
            check(c, Purpose::Subscribe).unwrap_err().message,
            message,
            "{c}"
        );
    }
}
