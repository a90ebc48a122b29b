//! The Bayeux message: what goes into and comes out of every request, decoded leniently (ids as
//! numbers or strings, `subscription` as a string or a list, booleans sent as strings) and never
//! panicking on what a server sends.

use crate::error::{Error, ErrorCode, Result};
use crate::lenient::{push_json_string, push_json_strings};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// `/meta/handshake`: opens a session and gets a `clientId`.
pub const HANDSHAKE: &str = "/meta/handshake";
/// `/meta/connect`: the long poll that carries the server's messages.
pub const CONNECT: &str = "/meta/connect";
/// `/meta/subscribe`
pub const SUBSCRIBE: &str = "/meta/subscribe";
/// `/meta/unsubscribe`
pub const UNSUBSCRIBE: &str = "/meta/unsubscribe";
/// `/meta/disconnect`: ends the session.
pub const DISCONNECT: &str = "/meta/disconnect";
/// The only connection type this client speaks.
pub const LONG_POLLING: &str = "long-polling";

/// What the server wants the client to do after a `/meta/connect` (or handshake) reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reconnect {
    /// Connect again (same `clientId`) after `interval`.
    Retry,
    /// The session is gone: handshake again and replay every subscription.
    Handshake,
    /// Do not reconnect at all.
    None,
}

impl Reconnect {
    /// The wire name: `retry`, `handshake` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reconnect::Retry => "retry",
            Reconnect::Handshake => "handshake",
            Reconnect::None => "none",
        }
    }
}

/// The `advice` field of a message. Absent fields are `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Advice {
    /// `retry`, `handshake` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconnect: Option<Reconnect>,
    /// Milliseconds to wait before the next `/meta/connect` (negative: do not reconnect).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// Milliseconds the server may hold a `/meta/connect`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// The server saw several clients from one browser (it then stops holding long polls).
    #[serde(rename = "multiple-clients", skip_serializing_if = "Option::is_none")]
    pub multiple_clients: Option<bool>,
    /// Milliseconds the server keeps a client that does not poll before forgetting it.
    #[serde(rename = "maxInterval", skip_serializing_if = "Option::is_none")]
    pub max_interval: Option<i64>,
}

/// A message's `data`, kept as the JSON text it came in (or was published) as: a subscriber
/// in JavaScript gets it through one `JSON.parse`, with no Rust value built and re-encoded in
/// between. [`Payload::to_value`] reads it as a [`Value`] where Rust needs the contents. The
/// text is always valid JSON: it comes from [`super::split`], which checks it, or from a
/// [`Value`].
///
/// Or a value the host parsed itself ([`Payload::from_host`]): the JavaScript client parses a
/// reply once with `JSON.parse` and hands its listeners the parsed `data`, so Rust never sees
/// those bytes and only carries the handle from the reply to the listeners.
#[derive(Clone)]
pub struct Payload(Repr);

#[derive(Clone)]
enum Repr {
    Json(String),
    Host(std::rc::Rc<dyn std::any::Any>),
}

impl Payload {
    /// The JSON text; `None` for a host value.
    pub fn json(&self) -> Option<&str> {
        match &self.0 {
            Repr::Json(text) => Some(text),
            Repr::Host(_) => None,
        }
    }

    /// The host's value, when it is one of type `T`.
    pub fn host<T: 'static>(&self) -> Option<&T> {
        match &self.0 {
            Repr::Host(value) => value.downcast_ref(),
            Repr::Json(_) => None,
        }
    }

    /// A value only the host can read (e.g. a JavaScript object), carried as it is.
    pub fn from_host(value: std::rc::Rc<dyn std::any::Any>) -> Payload {
        Payload(Repr::Host(value))
    }

    /// The contents as a [`Value`] (`Null` for JSON nested too deeply to read back, and for
    /// a host value, which Rust cannot read).
    pub fn to_value(&self) -> Value {
        match &self.0 {
            Repr::Json(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            Repr::Host(_) => Value::Null,
        }
    }

    /// Encodes `value`.
    pub fn from_value(value: &Value) -> Payload {
        Payload(Repr::Json(crate::lenient::json_text(value)))
    }

    /// JSON text known to be valid (a slice [`super::split`] checked).
    fn from_checked_json(text: &str) -> Payload {
        Payload(Repr::Json(text.to_string()))
    }
}

impl PartialEq for Payload {
    /// Equal JSON (as text or as values), or the very same host value.
    fn eq(&self, other: &Payload) -> bool {
        match (&self.0, &other.0) {
            (Repr::Json(a), Repr::Json(b)) => a == b || self.to_value() == other.to_value(),
            (Repr::Host(a), Repr::Host(b)) => std::rc::Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Payload(<hidden>)")
    }
}

impl Serialize for Payload {
    /// Only published messages are encoded (rarely, and small): read back as a value.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

/// One Bayeux message. Absent fields are `None` and left out on the wire. `Debug` hides the
/// client id (a session secret) and the data (chat text), showing only whether they are there.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The channel, e.g. `/meta/connect` or `/v2/me/devices`.
    pub channel: String,
    /// Correlates a meta reply with its request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The session id the server gave at handshake (a secret: never logged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The payload of a published message (`Some` of `null` when the server sent `null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Payload>,
    /// Whether a meta or publish request succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successful: Option<bool>,
    /// The error of a failed request, as `code:args:message` (e.g. `402::Unknown client`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The server's advice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<Advice>,
    /// The channel(s) of a subscribe or unsubscribe (sent as one string when there is one).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "one_or_many"
    )]
    pub subscription: Option<Vec<String>>,
    /// Extension data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ext: Option<Value>,
    /// The connection type of a `/meta/connect` (`long-polling`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<String>,
    /// The protocol version of a handshake.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The oldest protocol version the client accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_version: Option<String>,
    /// The connection types the sender supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_connection_types: Option<Vec<String>>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |present: bool| if present { "<hidden>" } else { "-" };
        f.debug_struct("Message")
            .field("channel", &self.channel)
            .field("id", &self.id)
            .field("client_id", &hidden(self.client_id.is_some()))
            .field("data", &hidden(self.data.is_some()))
            .field("successful", &self.successful)
            .field("error", &self.error)
            .field("advice", &self.advice)
            .field("subscription", &self.subscription)
            .finish_non_exhaustive()
    }
}

fn one_or_many<S: Serializer>(v: &Option<Vec<String>>, s: S) -> Result<S::Ok, S::Error> {
    match v.as_deref() {
        Some([one]) => s.serialize_str(one),
        Some(many) => many.serialize(s),
        None => s.serialize_none(),
    }
}

impl Message {
    /// A message on `channel` with every other field absent.
    pub fn new(channel: &str) -> Self {
        Message {
            channel: channel.to_string(),
            ..Message::default()
        }
    }

    /// Whether the channel is a protocol channel (`/meta/...`).
    pub fn is_meta(&self) -> bool {
        super::channel::is_meta(&self.channel)
    }

    /// Reads one message from a JSON object; `None` when it has no string `channel`. Fields
    /// of the wrong type are dropped, never fatal.
    pub fn from_json(obj: &Map<String, Value>) -> Option<Message> {
        let channel = obj.get("channel")?.as_str()?.to_string();
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            match v? {
                Value::String(s) => Some(vec![s.clone()]),
                Value::Array(items) => Some(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                ),
                _ => None,
            }
        };
        Some(Message {
            channel,
            id: obj.get("id").and_then(scalar_text),
            client_id: text("clientId"),
            data: obj.get("data").map(Payload::from_value),
            successful: obj.get("successful").and_then(boolish),
            error: obj.get("error").and_then(|e| match e {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(crate::lenient::json_text(other)),
            }),
            advice: obj.get("advice").and_then(Value::as_object).map(advice),
            subscription: strings(obj.get("subscription")),
            ext: obj.get("ext").cloned(),
            connection_type: text("connectionType"),
            version: text("version"),
            minimum_version: text("minimumVersion"),
            supported_connection_types: strings(obj.get("supportedConnectionTypes")),
        })
    }
}

/// One element of a reply; `None` when it is not a message (not an object, no string
/// `channel`). `data` stays JSON text (the bulk of a reply, handed to JavaScript as is); the
/// small protocol fields are read as values.
fn message(fields: super::split::Fields<'_>) -> Option<Message> {
    let fields = fields?;
    if let Some(m) = plain_data_message(&fields) {
        return Some(m);
    }
    let mut rest = Map::new();
    let mut data = None;
    for (key, value) in fields {
        if key == "data" {
            data = Some(Payload::from_checked_json(value));
        } else if let Ok(v) = serde_json::from_str(value) {
            rest.insert(key.into_owned(), v);
        }
    }
    let mut m = Message::from_json(&rest)?;
    m.data = data;
    Some(m)
}

/// The common case read without building values: a server's data message, with only a
/// `channel` (a string without escapes), `data` and perhaps a string `id`. `None` for any
/// other shape, which [`message`] reads field by field.
fn plain_data_message(fields: &[(std::borrow::Cow<'_, str>, &str)]) -> Option<Message> {
    let unquoted = |v: &str| {
        v.strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .filter(|v| !v.contains('\\'))
            .map(str::to_string)
    };
    let mut channel = None;
    let mut data = None;
    let mut id = None;
    for (key, value) in fields {
        match key.as_ref() {
            "channel" if channel.is_none() => channel = Some(unquoted(value)?),
            "data" if data.is_none() => data = Some(Payload::from_checked_json(value)),
            "id" if id.is_none() => id = Some(unquoted(value)?),
            _ => return None,
        }
    }
    Some(Message {
        channel: channel?,
        id,
        data: Some(data?),
        ..Message::default()
    })
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn boolish(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn millis(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn advice(obj: &Map<String, Value>) -> Advice {
    Advice {
        reconnect: obj.get("reconnect").and_then(Value::as_str).and_then(|r| {
            match r.to_ascii_lowercase().as_str() {
                "retry" => Some(Reconnect::Retry),
                "handshake" => Some(Reconnect::Handshake),
                "none" => Some(Reconnect::None),
                _ => None,
            }
        }),
        interval: obj.get("interval").and_then(millis),
        timeout: obj.get("timeout").and_then(millis),
        multiple_clients: obj.get("multiple-clients").and_then(boolish),
        max_interval: obj.get("maxInterval").and_then(millis),
    }
}

/// Decodes a reply body: a JSON array of messages, or one message object. Elements that are not
/// messages (no string `channel`) are skipped; a body that is not JSON, or JSON of another
/// shape, is `BAD_RESPONSE`.
pub fn decode_messages(body: &str) -> Result<Vec<Message>> {
    let elements = super::split::split(body)
        .map_err(|e| Error::bad_response(format!("the Bayeux reply is not JSON: {e}")))?
        .ok_or_else(|| Error::bad_response("the Bayeux reply is neither an array nor an object"))?;
    let single = body.trim_start().starts_with('{');
    let messages: Vec<Message> = elements.into_iter().filter_map(message).collect();
    if single && messages.is_empty() {
        return Err(Error::bad_response(
            "the Bayeux reply is an object without a channel",
        ));
    }
    Ok(messages)
}

/// Encodes messages as the JSON array a request body carries: the text `serde_json` makes of
/// them (fields in declaration order, absent ones left out), written by hand, which keeps
/// serde's struct serializer out of the module. It never fails (the `Result` is the API's).
pub fn encode_messages(messages: &[Message]) -> Result<String> {
    let mut out = String::from("[");
    for (i, m) in messages.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        encode_message(&mut out, m);
    }
    out.push(']');
    Ok(out)
}

fn encode_message(out: &mut String, m: &Message) {
    let mut o = Object::open(out);
    o.string("channel", Some(&m.channel));
    o.string("id", m.id.as_deref());
    o.string("clientId", m.client_id.as_deref());
    if let Some(data) = &m.data {
        // as `Serialize for Payload`: read back as a value (canonical JSON)
        o.raw("data", &crate::lenient::json_text(&data.to_value()));
    }
    o.raw(
        "successful",
        m.successful.map(bool_text).unwrap_or_default(),
    );
    o.string("error", m.error.as_deref());
    if let Some(a) = &m.advice {
        let mut text = String::new();
        let mut adv = Object::open(&mut text);
        adv.string("reconnect", a.reconnect.map(Reconnect::as_str));
        adv.raw(
            "interval",
            &a.interval.map(|n| n.to_string()).unwrap_or_default(),
        );
        adv.raw(
            "timeout",
            &a.timeout.map(|n| n.to_string()).unwrap_or_default(),
        );
        let multiple = a.multiple_clients.map(bool_text).unwrap_or_default();
        adv.raw("multiple-clients", multiple);
        let max = a.max_interval.map(|n| n.to_string()).unwrap_or_default();
        adv.raw("maxInterval", &max);
        adv.close();
        o.raw("advice", &text);
    }
    match m.subscription.as_deref() {
        Some([one]) => o.string("subscription", Some(one)),
        Some(many) => o.raw("subscription", &string_array(many)),
        None => {}
    }
    if let Some(ext) = &m.ext {
        o.raw("ext", &crate::lenient::json_text(ext));
    }
    o.string("connectionType", m.connection_type.as_deref());
    o.string("version", m.version.as_deref());
    o.string("minimumVersion", m.minimum_version.as_deref());
    if let Some(types) = &m.supported_connection_types {
        o.raw("supportedConnectionTypes", &string_array(types));
    }
    o.close();
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// `items` as a JSON array of strings (for [`Object::raw`]).
fn string_array(items: &[String]) -> String {
    let mut out = String::new();
    push_json_strings(&mut out, items);
    out
}

/// A JSON object being written: fields whose value is absent (`None`, or empty raw text) are
/// left out.
struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    fn open(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        push_json_string(self.out, key);
        self.out.push(':');
    }

    fn string(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.key(key);
            push_json_string(self.out, v);
        }
    }

    fn raw(&mut self, key: &str, json: &str) {
        if !json.is_empty() {
            self.key(key);
            self.out.push_str(json);
        }
    }

    fn close(self) {
        self.out.push('}');
    }
}

/// Whether a Bayeux `error` says the server no longer knows the client (its session expired):
/// code 402 (CometD's `402::Unknown client`, `402::session_unknown`), or any code with
/// "unknown client" (Faye answers `401:<id>:Unknown client`).
pub fn is_unknown_client(error: &str) -> bool {
    let code = error.split(':').next().unwrap_or_default().trim();
    // byte windows, not `str::contains`: a `&str` pattern links the two-way string searcher
    let has = |needle: &[u8]| {
        error
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    code == "402" || has(b"unknown client") || has(b"unknown_client") || has(b"session_unknown")
}

/// The error for a meta or publish request the server refused: `FORBIDDEN` for 403, else
/// `VENDOR_ERROR`, carrying the Bayeux code and text.
pub fn refusal(what: &str, error: Option<&str>) -> Error {
    let text = error.unwrap_or_default().trim();
    let code = text
        .split(':')
        .next()
        .and_then(|c| c.trim().parse::<i64>().ok());
    let kind = match code {
        Some(403) => ErrorCode::Forbidden,
        _ => ErrorCode::VendorError,
    };
    let message = if text.is_empty() {
        format!("The Bayeux server refused {what}.")
    } else {
        format!("The Bayeux server refused {what} ({text}).")
    };
    let mut err = Error::new(kind, message);
    err.vendor_code = code;
    if !text.is_empty() {
        err.vendor_message = Some(text.to_string());
    }
    err
}
