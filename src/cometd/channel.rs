//! Channel names: what may be subscribed or published, and wildcard matching (`/a/*` matches
//! one more segment, `/a/**` any number of them, at least one).

use crate::error::{Error, Result};

/// The longest channel name accepted.
pub const MAX_CHANNEL_LEN: usize = 1024;

/// What a channel name is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A subscription: wildcards allowed as the last segment; `/meta/*` refused.
    Subscribe,
    /// A publish: no wildcards, no `/meta/*`.
    Publish,
}

/// Whether `channel` is a protocol channel (`/meta` or below).
pub fn is_meta(channel: &str) -> bool {
    channel == "/meta" || channel.starts_with("/meta/")
}

/// Whether `channel` ends in a wildcard segment (`*` or `**`).
pub fn is_wildcard(channel: &str) -> bool {
    let last = split_last(channel).map_or(channel, |(_, last)| last);
    matches!(last, "*" | "**")
}

/// `channel` split at its last `/`: what is before it and the last segment (a byte search:
/// `rsplit_once('/')` would link core's reverse char searcher for this alone).
fn split_last(channel: &str) -> Option<(&str, &str)> {
    let at = channel.bytes().rposition(|b| b == b'/')?;
    Some((channel.get(..at)?, channel.get(at + 1..)?))
}

/// Checks a channel name the caller passed; `INVALID_ARGUMENT` (field `channel`) says why not.
pub fn check(channel: &str, purpose: Purpose) -> Result<()> {
    let bad = |why: &str| Error::invalid_argument("channel", format!("channel {why}"));
    if channel.is_empty() || !channel.starts_with('/') || channel == "/" {
        return Err(bad(
            "must be a name such as \"/v2/me/devices\" (starting with /).",
        ));
    }
    if channel.len() > MAX_CHANNEL_LEN {
        return Err(bad(&format!(
            "must be at most {MAX_CHANNEL_LEN} characters."
        )));
    }
    if channel.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("must not contain spaces or control characters."));
    }
    let segments = channel.get(1..).unwrap_or_default();
    if segments.split('/').any(str::is_empty) {
        return Err(bad(
            "must not contain an empty segment (// or a trailing /).",
        ));
    }
    let (before, last) = split_last(segments).unwrap_or(("", segments));
    if before.contains('*') || (last.contains('*') && last != "*" && last != "**") {
        return Err(bad(
            "may use * or ** only as its whole last segment (\"/a/*\", \"/a/**\").",
        ));
    }
    if is_meta(channel) {
        return Err(bad(
            "must not be a /meta channel: the client handles the protocol channels itself.",
        ));
    }
    if purpose == Purpose::Publish && is_wildcard(channel) {
        return Err(bad(
            "must name one channel to publish to, not a wildcard pattern.",
        ));
    }
    Ok(())
}

/// Whether the message channel `channel` matches the subscription `pattern`.
pub fn matches(pattern: &str, channel: &str) -> bool {
    if pattern == channel {
        return true;
    }
    let Some((prefix, last)) = split_last(pattern) else {
        return false;
    };
    let Some(rest) = channel
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('/'))
    else {
        return false;
    };
    match last {
        "*" => !rest.is_empty() && !rest.contains('/'),
        "**" => !rest.is_empty() && rest.split('/').all(|s| !s.is_empty()),
        _ => false,
    }
}
