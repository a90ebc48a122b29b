//! The SIP INVITE reader (LiveVox virtual-agent integration guide): [`parse_invite`] turns the INVITE that LiveVox sends to an
//! AI vendor's virtual agent into an [`Invite`] whose `agent_number` is the agent's 899 number.
//!
//! It reads what RFC 3261 sends and what people paste from captures:
//!
//! - line ends CRLF, LF, bare CR, or the literal `^M` of a copied capture (a `^M` followed by
//!   spaces instead of a line feed is a capture flattened to one line);
//! - folded header lines (starting with a space or tab) joined to the header above with one space;
//! - header names in any case, compact forms (`i f t v m l c k s` and a few more) expanded;
//! - a first line labelled `Request-Line:` and a `Message Header` label line (Wireshark); a
//!   `Message Body` label line ends the headers like a blank line;
//! - stray spaces inside the Request-URI (`sip: +1899…@ host`), empty header values.
//!
//! It needs only the request line and a Call-ID: a virtual-agent platform reads whatever capture
//! it is handed, so From, To, CSeq and Via may be missing (`None`, `null` in JavaScript; Via an
//! empty list). The one-line INVITE of the LiveVox virtual-agent guide plus a Call-ID line is
//! enough.
//!
//! It rejects with `INVALID_ARGUMENT` (field `text`) anything that is not a SIP/2.0 INVITE
//! request: over 64 KiB, a NUL byte or control characters in the header part, a response status
//! line, another method, another version, no Request-URI, a missing, empty or repeated Call-ID,
//! a repeated From, To or CSeq, a CSeq that is not a number and INVITE, more than
//! [`MAX_HEADERS`] headers.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::lenient::{push_json_string, push_json_strings};
use crate::{Error, Result};
use serde::Serialize;
use tsify::Tsify;

// The tests use proptest, which builds on the host only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod json_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// The longest text [`parse_invite`] accepts, in bytes (64 KiB).
pub const MAX_INVITE_BYTES: usize = 64 * 1024;

/// The most header lines (after folding) [`parse_invite`] accepts.
pub const MAX_HEADERS: usize = 256;

/// A SIP INVITE request, as [`parse_invite`] read it.
///
/// For JavaScript, absent values are `null` and `headers` a plain object when it goes out
/// through tsify (`Tsify::into_js`, `tsify::Ts`), whose serializer is configured for that.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null, hashmap_as_object)]
pub struct Invite {
    /// The Request-URI with stray whitespace removed, e.g. `sip:+18990000001@10.0.0.1:5060`.
    pub request_uri: String,
    /// The dialled number that names the virtual agent, e.g. `+18990000001`: the user part of
    /// the Request-URI (or, when that is not a phone number, of the To URI) with visual
    /// separators (`-`, `.`, `(`, `)`) dropped and a leading `+` (or `%2B`) kept as `+`;
    /// `null` when neither is a phone number.
    pub agent_number: Option<String>,
    /// The Call-ID header.
    pub call_id: String,
    /// The Session-ID header without its parameters (LiveVox's call session id), or `null`.
    pub session_id: Option<String>,
    /// The LiveVox login id of the virtual agent the call is for (`X-agent-login-id`, also read
    /// as `LV-agent-login-id`), e.g. `AIVA5`, or `null`.
    pub agent_login_id: Option<String>,
    /// The LiveVox call transaction id (`X-transaction-id`, also read as
    /// `LV-transaction-id`), e.g. `147516594361`, or `null`.
    pub transaction_id: Option<String>,
    /// The dialled number as LiveVox names it (`DNIS` header), e.g. `899`, or `null`.
    pub dnis: Option<String>,
    /// The From header, as sent, or `null` when the text has none (or an empty one).
    pub from: Option<String>,
    /// The To header, as sent, or `null` when the text has none (or an empty one).
    pub to: Option<String>,
    /// The CSeq header, e.g. `4117825 INVITE`, or `null` when the text has none.
    pub cseq: Option<String>,
    /// Every Via value, top first (comma-joined values split); empty when the text has none.
    pub via: Vec<String>,
    /// The first Contact header, or `null`.
    pub contact: Option<String>,
    /// The Content-Type header, or `null`.
    pub content_type: Option<String>,
    /// Every header by lower-case name (compact forms expanded), values in message order.
    #[tsify(type = "Record<string, string[]>")]
    pub headers: Headers,
    /// The body (normally SDP), cut to Content-Length when that is shorter; `""` when none.
    pub sdp: String,
}

impl Invite {
    /// The invite as JSON text: the same text `serde_json::to_string` gives for it (fields in
    /// declaration order, camelCase names, `null` for absent values, `headers` sorted by name),
    /// written by hand so the SIP-only module carries no JSON serializer.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + self.sdp.len());
        let fields: [(&str, Option<&str>); 13] = [
            ("requestUri", Some(&self.request_uri)),
            ("agentNumber", self.agent_number.as_deref()),
            ("callId", Some(&self.call_id)),
            ("sessionId", self.session_id.as_deref()),
            ("agentLoginId", self.agent_login_id.as_deref()),
            ("transactionId", self.transaction_id.as_deref()),
            ("dnis", self.dnis.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("cseq", self.cseq.as_deref()),
            ("via", None),
            ("contact", self.contact.as_deref()),
            ("contentType", self.content_type.as_deref()),
        ];
        let mut sep = '{';
        for (name, value) in fields {
            out.push(sep);
            sep = ',';
            push_json_string(&mut out, name);
            out.push(':');
            if name == "via" {
                push_json_strings(&mut out, &self.via);
            } else {
                match value {
                    Some(v) => push_json_string(&mut out, v),
                    None => out.push_str("null"),
                }
            }
        }
        out.push_str(",\"headers\":");
        let mut sep = '{';
        for (name, values) in self.headers.iter() {
            out.push(sep);
            sep = ',';
            push_json_string(&mut out, name);
            out.push(':');
            push_json_strings(&mut out, values);
        }
        if sep == '{' {
            out.push('{');
        }
        out.push_str("},\"sdp\":");
        push_json_string(&mut out, &self.sdp);
        out.push('}');
        out
    }
}

/// The headers of an [`Invite`] by lower-case name, sorted by name (as a `BTreeMap` would be),
/// each with its values in message order. It serialises as a map (an object in JSON and
/// JavaScript). A sorted list rather than a `BTreeMap`: the SIP-only module is smaller without
/// the tree's code.
#[derive(Clone, PartialEq, Default)]
pub struct Headers(Vec<(String, Vec<String>)>);

impl Headers {
    /// The values of header `name` (lower-case, compact forms expanded), if it was sent.
    pub fn get(&self, name: &str) -> Option<&Vec<String>> {
        self.position(name)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }

    /// Whether header `name` was sent.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// The header names, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// (name, values) pairs, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// How many different headers were sent.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no header was sent.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, name: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// Adds `value` as the last value of header `name`.
    fn push(&mut self, name: String, value: String) {
        match self.position(&name) {
            Ok(i) => {
                if let Some((_, values)) = self.0.get_mut(i) {
                    values.push(value);
                }
            }
            Err(i) => self.0.insert(i, (name, vec![value])),
        }
    }
}

/// `headers["via"]`: the values of a header; an empty list when it was not sent.
impl std::ops::Index<&str> for Headers {
    type Output = Vec<String>;

    fn index(&self, name: &str) -> &Vec<String> {
        static NONE: Vec<String> = Vec::new();
        self.get(name).unwrap_or(&NONE)
    }
}

impl std::fmt::Debug for Headers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Headers {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Reads a SIP INVITE request from `text`.
///
/// Fails with `INVALID_ARGUMENT` (field `text`) and a sentence saying why when `text` is not a
/// SIP/2.0 INVITE request; see the [module docs](self) for what is tolerated.
pub fn parse_invite(text: &str) -> Result<Invite> {
    if text.len() > MAX_INVITE_BYTES {
        return Err(reject(
            "The text is over 64 KiB, far larger than any SIP INVITE.",
        ));
    }
    if text.contains('\0') {
        return Err(reject(
            "The text contains a NUL byte, so it is not a SIP message.",
        ));
    }

    // Start line: blank lines before it are ignored (RFC 3261 §7.5).
    let mut rest = Some(text);
    let mut first = None;
    while let Some(s) = rest {
        let (line, tail) = split_line(s);
        rest = tail;
        if !line.trim().is_empty() {
            first = Some(line);
            break;
        }
    }
    let Some(first) = first else {
        return Err(reject("The text is empty; expected a SIP INVITE request."));
    };
    let request_uri = request_line(first)?;

    // Header lines up to the first blank line; folded lines joined to the header above.
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut body = "";
    let mut line_no = 1usize;
    while let Some(s) = rest {
        let (line, tail) = split_line(s);
        rest = tail;
        line_no += 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("Message Body") {
            body = rest.unwrap_or("");
            break;
        }
        if line.chars().any(|c| c.is_control() && c != '\t') {
            return Err(reject(format!(
                "Line {line_no} contains a control character, so it is not a SIP header."
            )));
        }
        if line.starts_with([' ', '\t']) {
            let Some((_, value)) = fields.last_mut() else {
                return Err(reject(format!(
                    "Line {line_no} is indented but no header comes before it to continue."
                )));
            };
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(trimmed);
            continue;
        }
        if trimmed.eq_ignore_ascii_case("Message Header") {
            continue;
        }
        let (name, value) = match trimmed.split_once(':') {
            Some((name, value)) if is_token(name.trim_end()) => (name.trim_end(), value.trim()),
            _ => {
                return Err(reject(format!(
                    "Line {line_no} is not a SIP header (Name: value)."
                )))
            }
        };
        if fields.len() >= MAX_HEADERS {
            return Err(reject(format!(
                "The INVITE has more than {MAX_HEADERS} headers."
            )));
        }
        fields.push((header_name(name), value.to_owned()));
    }

    let mut headers = Headers::default();
    for (name, value) in fields {
        headers.push(name, value);
    }

    let call_id = required(&headers, "call-id", "Call-ID")?;
    let from = at_most_once(&headers, "from", "From")?;
    let to = at_most_once(&headers, "to", "To")?;
    let cseq = at_most_once(&headers, "cseq", "CSeq")?;
    if let Some(cseq) = &cseq {
        check_cseq(cseq)?;
    }

    let mut via = Vec::new();
    for value in headers.get("via").into_iter().flatten() {
        split_commas(value, &mut via);
    }

    let agent_number = agent_number(&request_uri)
        .or_else(|| to.as_deref().and_then(|to| agent_number(&header_uri(to))));
    let session_id = first_value(&headers, "session-id")
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let agent_login_id = first_of(&headers, &["x-agent-login-id", "lv-agent-login-id"]);
    let transaction_id = first_of(&headers, &["x-transaction-id", "lv-transaction-id"]);
    let dnis = first_of(&headers, &["dnis"]);
    let contact = first_value(&headers, "contact").map(str::to_owned);
    let content_type = first_value(&headers, "content-type").map(str::to_owned);

    let body = caret_m_to_crlf(body);
    let sdp = match content_length(&headers) {
        Some(n) => take_bytes(&body, n),
        None => &body,
    }
    .to_owned();

    Ok(Invite {
        request_uri,
        agent_number,
        call_id,
        session_id,
        agent_login_id,
        transaction_id,
        dnis,
        from,
        to,
        cseq,
        via,
        contact,
        content_type,
        headers,
        sdp,
    })
}

fn reject(message: impl Into<String>) -> Error {
    Error::invalid_argument("text", message)
}

/// Splits off one line: ends are CRLF, LF, CR, or `^M` followed by one line end or by any run of
/// spaces and tabs (a capture flattened to one line). `None` rest: there was no line end.
fn split_line(s: &str) -> (&str, Option<&str>) {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let mut i = 0;
    while let Some(c) = at(i) {
        let end = match c {
            b'\n' => i + 1,
            b'\r' if at(i + 1) == Some(b'\n') => i + 2,
            b'\r' => i + 1,
            b'^' if at(i + 1) == Some(b'M') => {
                let mut j = i + 2;
                match at(j) {
                    Some(b'\r') if at(j + 1) == Some(b'\n') => j += 2,
                    Some(b'\r' | b'\n') => j += 1,
                    _ => {
                        while matches!(at(j), Some(b' ' | b'\t')) {
                            j += 1;
                        }
                    }
                }
                j
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` and `end` sit next to ASCII bytes, so both are char boundaries.
        return (s.get(..i).unwrap_or(""), Some(s.get(end..).unwrap_or("")));
    }
    (s, None)
}

/// Checks the request line and returns the Request-URI without whitespace.
fn request_line(line: &str) -> Result<String> {
    let mut line = line.trim();
    if let Some(after) = strip_prefix_ci(line, "Request-Line:") {
        line = after.trim();
    }
    if line.chars().any(|c| c.is_control() && c != '\t') {
        return Err(reject(
            "The first line contains a control character, so it is not a SIP request line.",
        ));
    }
    let (method, tail) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    if strip_prefix_ci(method, "SIP/").is_some() {
        return Err(reject(
            "The text is a SIP response (status line), not an INVITE request.",
        ));
    }
    let tail = tail.trim();
    let (uri, version) = tail.rsplit_once(char::is_whitespace).unwrap_or(("", tail));
    if strip_prefix_ci(version, "SIP/").is_none() || !is_token(method) {
        return Err(reject(
            "The first line is not a SIP request line (INVITE <uri> SIP/2.0).",
        ));
    }
    if !version.eq_ignore_ascii_case("SIP/2.0") {
        return Err(reject(if version.len() <= 16 {
            format!("The SIP version is {version}; only SIP/2.0 is accepted.")
        } else {
            "The SIP version is not SIP/2.0, the only one accepted.".to_owned()
        }));
    }
    if method != "INVITE" {
        return Err(reject(if method.eq_ignore_ascii_case("INVITE") {
            format!("The method is {method}; SIP methods are case-sensitive and must be INVITE.")
        } else if method.len() <= 32 {
            format!("The request's method is {method}, not INVITE.")
        } else {
            "The request's method is not INVITE.".to_owned()
        }));
    }
    let uri: String = uri.split_whitespace().collect();
    if uri.is_empty() {
        return Err(reject("The request line has no Request-URI."));
    }
    let has_scheme = ["sip:", "sips:", "tel:"]
        .iter()
        .any(|s| strip_prefix_ci(&uri, s).is_some_and(|r| !r.is_empty()));
    if !has_scheme {
        return Err(reject("The Request-URI is not a sip:, sips: or tel: URI."));
    }
    Ok(uri)
}

/// The phone number in a URI's user part (`tel:` number), normalised; `None` if it is not one.
fn agent_number(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once(':')?;
    let user = if scheme.eq_ignore_ascii_case("tel") {
        rest
    } else {
        rest.split_once('@')?.0
    };
    let user = user.split(';').next().unwrap_or(user);
    let (plus, digits) = match user.strip_prefix('+') {
        Some(d) => (true, d),
        None => match strip_prefix_ci(user, "%2B") {
            Some(d) => (true, d),
            None => (false, user),
        },
    };
    let mut out = String::with_capacity(user.len());
    if plus {
        out.push('+');
    }
    let mut count = 0;
    for c in digits.chars() {
        match c {
            '0'..='9' => {
                out.push(c);
                count += 1;
            }
            '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    (1..=32).contains(&count).then_some(out)
}

/// The URI of a From/To style value (`"Name" <sip:…>;tag=…` or `sip:…;tag=…`), no whitespace.
fn header_uri(value: &str) -> String {
    let uri = match value.split_once('<') {
        Some((_, r)) => r.split('>').next().unwrap_or(r),
        None => value.split(';').next().unwrap_or(value),
    };
    uri.split_whitespace().collect()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// RFC 3261 `token`: what a header name or method may be made of.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~'
                )
        })
}

/// The lower-case header name, compact forms (RFC 3261 §7.3.3 and later RFCs) expanded.
fn header_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let full = match lower.as_str() {
        "i" => "call-id",
        "f" => "from",
        "t" => "to",
        "v" => "via",
        "m" => "contact",
        "l" => "content-length",
        "c" => "content-type",
        "k" => "supported",
        "s" => "subject",
        "e" => "content-encoding",
        "o" => "event",
        "r" => "refer-to",
        "u" => "allow-events",
        "x" => "session-expires",
        "b" => "referred-by",
        _ => return lower,
    };
    full.to_owned()
}

/// The one non-empty value of a header that must appear exactly once.
fn required(headers: &Headers, key: &str, label: &str) -> Result<String> {
    match headers.get(key).map(Vec::as_slice) {
        None | Some([]) => Err(reject(format!(
            "The INVITE has no {label} header, which every SIP request carries."
        ))),
        Some([v]) if v.is_empty() => Err(reject(format!("The INVITE's {label} header is empty."))),
        Some([v]) => Ok(v.clone()),
        Some(_) => Err(reject(format!(
            "The INVITE has more than one {label} header."
        ))),
    }
}

/// The value of a header that may be missing but not repeated; an empty one reads as missing.
fn at_most_once(headers: &Headers, key: &str, label: &str) -> Result<Option<String>> {
    match headers.get(key).map(Vec::as_slice) {
        None | Some([]) => Ok(None),
        Some([v]) if v.is_empty() => Ok(None),
        Some([v]) => Ok(Some(v.clone())),
        Some(_) => Err(reject(format!(
            "The INVITE has more than one {label} header."
        ))),
    }
}

/// The first non-empty value of the first of `keys` that has one.
fn first_of(headers: &Headers, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| first_value(headers, k))
        .map(str::to_owned)
}

fn first_value<'a>(headers: &'a Headers, key: &str) -> Option<&'a str> {
    headers
        .get(key)?
        .iter()
        .map(String::as_str)
        .find(|v| !v.is_empty())
}

/// CSeq is `<number below 2^31> INVITE`.
fn check_cseq(cseq: &str) -> Result<()> {
    let mut parts = cseq.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(n), Some(method), None)
            if n.bytes().all(|b| b.is_ascii_digit())
                && n.parse::<u32>().is_ok_and(|n| n < 1 << 31) =>
        {
            if method == "INVITE" {
                Ok(())
            } else if method.len() <= 32 && is_token(method) {
                Err(reject(format!("The CSeq method is {method}, not INVITE.")))
            } else {
                Err(reject("The CSeq method is not INVITE."))
            }
        }
        _ => Err(reject(
            "The CSeq header is not a sequence number and a method.",
        )),
    }
}

/// Splits a comma-joined header value (commas inside double quotes kept), trimmed, none empty.
fn split_commas(value: &str, out: &mut Vec<String>) {
    let mut push = |part: Option<&str>| {
        let part = part.unwrap_or("").trim();
        if !part.is_empty() {
            out.push(part.to_owned());
        }
    };
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                push(value.get(start..i));
                start = i + 1;
            }
            _ => {}
        }
    }
    push(value.get(start..));
}

/// Content-Length when it is a plain number.
fn content_length(headers: &Headers) -> Option<usize> {
    let v = headers.get("content-length")?.first()?.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// A body copied with `^M` line ends gets its CRLFs back (so Content-Length fits again).
fn caret_m_to_crlf(body: &str) -> std::borrow::Cow<'_, str> {
    // A byte search: `str::contains` with a `&str` pattern links the substring searcher.
    if !body.as_bytes().windows(2).any(|w| w == b"^M") {
        return body.into();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = Some(body);
    while let Some(s) = rest {
        let (line, tail) = split_line(s);
        out.push_str(line);
        if tail.is_some() {
            out.push_str("\r\n");
        }
        rest = tail.filter(|t| !t.is_empty());
    }
    out.into()
}

/// At most `n` bytes of `s`, cut back to a char boundary.
fn take_bytes(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n = n.saturating_sub(1);
    }
    s.get(..n).unwrap_or(s)
}
