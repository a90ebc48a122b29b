//! Time-bounded fuzzing of every parser of outside data (issue 5, item 5).
//!
//! cargo-fuzz needs a nightly toolchain, so this is a plain integration test: for
//! `FLOORWALKER_FUZZ_SECS` seconds (default 10, split across the parsers) it feeds each parser
//!
//! 1. every file of its corpus under `tests/corpus/<dir>/`,
//! 2. random mutations of corpus entries (byte flips, truncation, splicing with any corpus file,
//!    duplication, deep nesting, huge numbers, odd Unicode and invalid UTF-8, CR/LF/NUL, JSON-aware
//!    node replacement), and
//! 3. random structured input generated from the reply shapes (LiveVox and GWS replies, Bayeux
//!    messages, GWS notifications, SIP INVITEs, `Set-Cookie` and `Retry-After` values).
//!
//! Every call must return (`Ok` or `Err`) and never panic. Each input runs under `catch_unwind`;
//! a panic is printed with its location, the input is saved to
//! `target/fuzz-failures/<parser>-<n>.bin`, and the test fails at the end. Replay a saved input
//! with `FLOORWALKER_FUZZ_REPLAY=target/fuzz-failures/<parser>-<n>.bin`.
//!
//! Everything derives from one seed (`FLOORWALKER_FUZZ_SEED`, printed at the start), so a run
//! repeats its inputs in the same order; `FLOORWALKER_FUZZ_ITERS` caps the executions per parser
//! (to compare runs exactly), `FLOORWALKER_FUZZ_ONLY=sip,bayeux` picks parsers. See
//! `tests/README.md`.
// Tests may use the methods clippy.toml keeps out of the wasm modules.
#![allow(clippy::disallowed_methods)]
#![cfg(not(target_arch = "wasm32"))]

use floorwalker::client::{
    decode_json, decode_optional_json, error_from_response, parse_retry_after, BaseUrl,
    CallOptions, LogEvent, Pipeline, RetryOptions,
};
use floorwalker::cometd::channel::{self, Purpose};
use floorwalker::cometd::message::{
    decode_messages, encode_messages, is_unknown_client, refusal, Message, HANDSHAKE,
};
use floorwalker::cometd::state::{Action, Machine, Outgoing, Timing};
use floorwalker::cookies::CookieJar;
use floorwalker::gws::model::{
    ChatHandleOptions, ChatMode, ChatMonitorOptions, GwsDevice, GwsUser, IntrudeOptions, MeOptions,
    StartSessionOptions, VoiceMonitorOptions,
};
use floorwalker::gws::session::Operation;
use floorwalker::gws::status::{explain_http_error, meaning, vendor_error};
use floorwalker::gws::{
    decode_notification, ChatOperation, GwsCredentials, GwsNotification, GwsSession,
};
use floorwalker::http::{HttpRequest, HttpResponse, Runtime, Transport, TransportError};
use floorwalker::lenient::field_at;
use floorwalker::livevox::agent_model::{
    AgentServices, AgentStatusBody, AgentStatusOptions, CurrentCall, ScreenPop, ScreenPopReply,
    ServiceFeatures, SetTermCode, TermCodes,
};
use floorwalker::livevox::contacts::{
    ContactDetails, ContactFields, CreatedContact, ListContactsOptions,
};
use floorwalker::livevox::model::{
    AgentStatusReply, BroadcastReply, ChatMessagesReply, ChatRecipient, LoginReply, MessageOptions,
    MonitorState, NotReadyOptions, ServicesAllowed, StartMonitorOptions, SwitchServiceReply,
};
use floorwalker::livevox::{Agent, ChatCursor, Contacts, Credentials, Session, Supervisor};
use floorwalker::{lenient, Error};
use futures_executor::block_on;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::collections::{HashSet, VecDeque};
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Inputs are cut to this size (SIP's limit is 64 KiB; a bit over it is worth trying).
const MAX_INPUT: usize = 160 * 1024;
/// Panics saved per parser (one per distinct location).
const MAX_SAVED: usize = 10;
/// An input slower than this is reported (not failed): a sign of quadratic behaviour.
const SLOW: Duration = Duration::from_secs(2);
const DEFAULT_SEED: u64 = 0xF100_2A1C_E5EE_D005;

// ------------------------------------------------------------------------------------------
// Randomness: splitmix64, deterministic from the seed.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True `num` times in `den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.wrapping_sub(lo) as u64;
        if span == u64::MAX {
            return self.next() as i64;
        }
        lo.wrapping_add((self.next() % (span + 1)) as i64)
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Choices a parser makes beyond its input (HTTP status, headers, which call): derived from the
/// input itself, so that a saved input replays exactly.
fn aux_rng(input: &[u8]) -> Rng {
    Rng::new(fnv1a(input) ^ 0x5A5A_1234_ABCD_0F0F)
}

fn text_of(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

// ------------------------------------------------------------------------------------------
// Structured generation: JSON shaped like the replies, with the wire's quirks and wrong types.

/// The shape of a JSON value a parser expects.
#[derive(Clone, Copy)]
enum S {
    Obj(&'static [(&'static str, S)]),
    Arr(&'static S),
    /// Text (strings; numbers and booleans where the readers are lenient).
    Text,
    /// An integer as a number or numeric string.
    Int,
    /// A boolean as `true`, `"true"`, `1` …
    Bool,
    /// A float.
    Num,
    /// A GWS timestamp in one of its forms.
    Time,
    /// One of these strings (sometimes mangled).
    Enum(&'static [&'static str]),
    /// One of these shapes.
    Either(&'static [S]),
    /// Anything.
    Any,
}

struct Gen {
    rng: Rng,
    /// Raw JSON literals (huge numbers, deep nesting) that `serde_json::Value` cannot hold, put
    /// in by [`Gen::render`] in place of placeholders.
    raw: Vec<String>,
    /// Generate values of the right type in a form the lenient readers accept (half the
    /// documents), so that decoding succeeds and what runs after it is fuzzed too.
    clean: bool,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen {
            rng: Rng::new(seed),
            raw: Vec::new(),
            clean: false,
        }
    }

    fn raw_literal(&mut self, literal: String) -> Value {
        self.raw.push(literal);
        Value::String(format!("\u{1}RAW{}\u{1}", self.raw.len() - 1))
    }

    /// The JSON text of `v`, raw literals put in, sometimes pretty-printed.
    fn render(&mut self, v: &Value) -> Vec<u8> {
        let mut text = if self.rng.chance(1, 5) {
            serde_json::to_string_pretty(v).unwrap_or_default()
        } else {
            serde_json::to_string(v).unwrap_or_default()
        };
        for (i, lit) in self.raw.iter().enumerate() {
            text = text.replace(&format!("\"\\u0001RAW{i}\\u0001\""), lit);
        }
        self.raw.clear();
        text.into_bytes()
    }

    fn make(&mut self, s: &S, depth: usize) -> Value {
        if !self.clean && self.rng.chance(1, 18) {
            return self.wild(depth);
        }
        match *s {
            S::Obj(fields) => {
                let mut m = Map::new();
                let keep = if self.clean { 15 } else { 7 };
                for (k, fs) in fields {
                    if self.rng.chance(keep, keep + 1) {
                        let v = self.make(fs, depth + 1);
                        m.insert((*k).to_string(), v);
                    }
                }
                if !self.clean && self.rng.chance(1, 6) {
                    let k = self.key();
                    let v = self.wild(depth + 1);
                    m.insert(k, v);
                }
                Value::Object(m)
            }
            S::Arr(inner) => {
                let n = if depth > 7 {
                    0
                } else if self.rng.chance(1, 25) {
                    self.rng.below(60)
                } else {
                    self.rng.below(4)
                };
                Value::Array((0..n).map(|_| self.make(inner, depth + 1)).collect())
            }
            S::Text => self.text(),
            S::Int => self.int(),
            S::Bool => self.boolean(),
            S::Num => self.num(),
            S::Time => self.time(),
            S::Enum(names) => {
                let name = *self.rng.pick(names);
                if self.clean {
                    Value::String(name.to_string())
                } else {
                    Value::String(self.mangle(name))
                }
            }
            S::Either(shapes) => {
                let s = *self.rng.pick(shapes);
                self.make(&s, depth)
            }
            S::Any => self.wild(depth),
        }
    }

    fn key(&mut self) -> String {
        let k = *self.rng.pick(&[
            "statusCode",
            "messageType",
            "channel",
            "data",
            "id",
            "__proto__",
            "constructor",
            "",
            " ",
            "a\"b",
            "é",
            "\u{0}",
            "user",
            "devices",
            "chat",
            "messages",
            "call",
            "sessionId",
            "code",
            "message",
            "extra",
        ]);
        k.to_string()
    }

    fn mangle(&mut self, name: &str) -> String {
        match self.rng.below(12) {
            0 => name.to_ascii_lowercase(),
            1 => name.to_ascii_uppercase(),
            2 => format!(" {name} "),
            3 => format!("{name}\u{0}"),
            4 => name.chars().rev().collect(),
            5 => String::new(),
            _ => name.to_string(),
        }
    }

    fn string(&mut self) -> String {
        match self.rng.below(14) {
            0 => String::new(),
            1 => " ".repeat(self.rng.below(4) + 1),
            2 => "x".repeat(self.rng.below(6000)),
            3 => {
                let n = self.rng.below(24);
                (0..n).map(|_| self.odd_char()).collect()
            }
            4 => format!("{}", self.rng.range(i64::MIN, i64::MAX)),
            5 => "a\r\nb: c".to_string(),
            _ => self
                .rng
                .pick(&[
                    "LV_TEST",
                    "lv_usr1",
                    "SEBYSA",
                    "ACC-1001",
                    "ACC 1004/B",
                    "Success",
                    "queued",
                    "0001Da9PFC93000S",
                    "efe1ab32-53f9-43ce-b65e-5768c61f7d4a",
                    "5005",
                    "+18990000001",
                    "http://10.10.15.212:9090/api/v2/chats/0001Da9PFC93000S",
                    "/chats/",
                    "/",
                    "null",
                    "true",
                    "1416817899000",
                    "1399313326000L",
                    "NaN",
                    "Lunch with team",
                    "<html>",
                    "\\",
                    "\"",
                    "%2B1899",
                    "../..",
                    "402::Unknown client",
                    "Chatting",
                    "Revoked",
                    "ListenIn",
                    "Coach",
                    "BargeIn",
                    "ROLE_SUPERVISOR",
                ])
                .to_string(),
        }
    }

    fn odd_char(&mut self) -> char {
        *self.rng.pick(&[
            'a',
            'Z',
            '0',
            ' ',
            '\t',
            '\r',
            '\n',
            '\0',
            '\u{7f}',
            '\u{85}',
            '\u{a0}',
            'é',
            'ß',
            '\u{300}',
            '\u{200b}',
            '\u{200d}',
            '\u{2028}',
            '\u{2029}',
            '\u{202e}',
            '\u{feff}',
            '\u{fffd}',
            '\u{ffff}',
            '１',
            '٣',
            '𝟘',
            '😀',
            '\u{10ffff}',
            '"',
            '\\',
            '/',
            ':',
            ';',
            ',',
            '=',
            '{',
            '[',
            '^',
            'M',
            'L',
        ])
    }

    fn text(&mut self) -> Value {
        if self.clean {
            return match self.rng.below(6) {
                0 => json!(self.rng.range(0, 1 << 40)),
                _ => Value::String(self.string()),
            };
        }
        match self.rng.below(10) {
            0 => self.int(),
            1 => Value::Bool(self.rng.chance(1, 2)),
            2 => Value::Null,
            _ => Value::String(self.string()),
        }
    }

    fn huge_number(&mut self) -> String {
        match self.rng.below(4) {
            0 => "9".repeat(self.rng.below(400) + 20),
            1 => format!("-{}", "1".repeat(self.rng.below(400) + 20)),
            2 => format!("1e{}", self.rng.range(-100_000, 100_000)),
            _ => (*self.rng.pick(&[
                "1e999",
                "-1e999",
                "18446744073709551616",
                "-9223372036854775809",
                "9007199254740993",
                "1.7976931348623157e309",
                "4e-400",
                "-0",
                "-0.0",
                "0e0",
                "123456789012345678901234567890.5",
                "1E+2",
                "1.0",
                "0.1e1",
            ]))
            .to_string(),
        }
    }

    fn int(&mut self) -> Value {
        if self.clean {
            let v = self.rng.range(-5, 1_800_000_000_000);
            return match self.rng.below(4) {
                0 => json!(v.to_string()),
                1 => json!(format!(" {v} ")),
                2 => json!(v as f64),
                _ => json!(v),
            };
        }
        match self.rng.below(20) {
            0 => json!(self.rng.range(-1000, 1000)),
            1 => json!(i64::MAX),
            2 => json!(i64::MIN),
            3 => json!(u64::MAX),
            4 => json!(self.rng.range(0, 1 << 53) as f64 + 0.5),
            5 => json!(9_007_199_254_740_992.0_f64 * 4.0),
            6 => json!(format!(" {} ", self.rng.range(-99, 1 << 42))),
            7 => json!(format!("{}L", self.rng.range(0, 1 << 42))),
            8 => json!(""),
            9 => json!("abc"),
            10 => json!("1e3"),
            11 => Value::Null,
            12 => {
                let lit = self.huge_number();
                self.raw_literal(lit)
            }
            13 => json!("NaN"),
            14 => json!(-1),
            _ => {
                let v = self.rng.range(1_300_000_000_000, 1_800_000_000_000);
                if self.rng.chance(1, 2) {
                    json!(v)
                } else {
                    json!(v.to_string())
                }
            }
        }
    }

    fn boolean(&mut self) -> Value {
        if self.clean {
            let forms = [
                json!(true),
                json!(false),
                json!("true"),
                json!("FALSE"),
                json!(1),
                json!(0),
            ];
            return self.rng.pick(&forms).clone();
        }
        match self.rng.below(14) {
            0 => json!("true"),
            1 => json!("FALSE"),
            2 => json!(" yes "),
            3 => json!("no"),
            4 => json!(1),
            5 => json!(0),
            6 => json!(2),
            7 => json!(-1),
            8 => json!("On"),
            9 => Value::Null,
            10 => json!(u64::MAX),
            _ => Value::Bool(self.rng.chance(1, 2)),
        }
    }

    fn num(&mut self) -> Value {
        if self.clean {
            return json!(self.rng.range(-1_000_000, 1_000_000) as f64 / 100.0);
        }
        match self.rng.below(6) {
            0 => json!(self.rng.range(-1_000_000, 1_000_000) as f64 / 100.0),
            1 => json!(f64::MAX),
            2 => {
                let lit = self.huge_number();
                self.raw_literal(lit)
            }
            3 => json!("12.50"),
            _ => json!(self.rng.range(0, 10_000)),
        }
    }

    fn time(&mut self) -> Value {
        match self.rng.below(5) {
            0 => self.int(),
            _ => Value::String(gen_timestamp(&mut self.rng)),
        }
    }

    /// Any JSON value.
    fn wild(&mut self, depth: usize) -> Value {
        let top = if depth > 5 { 5 } else { 8 };
        match self.rng.below(top) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.chance(1, 2)),
            2 => self.int(),
            3 => self.num(),
            4 => Value::String(self.string()),
            5 => {
                if self.rng.chance(1, 10) {
                    let n = *self.rng.pick(&[60, 127, 128, 129, 300, 5000]);
                    let lit = if self.rng.chance(1, 2) {
                        format!("{}{}", "[".repeat(n), "]".repeat(n))
                    } else {
                        format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))
                    };
                    self.raw_literal(lit)
                } else {
                    Value::String(self.string())
                }
            }
            6 => {
                let n = self.rng.below(5);
                Value::Array((0..n).map(|_| self.wild(depth + 1)).collect())
            }
            _ => {
                let n = self.rng.below(5);
                let mut m = Map::new();
                for _ in 0..n {
                    let k = self.key();
                    let v = self.wild(depth + 1);
                    m.insert(k, v);
                }
                Value::Object(m)
            }
        }
    }

    fn shaped(&mut self, shapes: &[S]) -> Vec<u8> {
        let s = *self.rng.pick(shapes);
        self.clean = self.rng.chance(1, 2);
        let v = self.make(&s, 0);
        self.clean = false;
        self.render(&v)
    }
}

fn gen_timestamp(r: &mut Rng) -> String {
    let two = |r: &mut Rng, hi: i64| {
        let v = if r.chance(1, 8) {
            r.range(0, 99)
        } else {
            r.range(0, hi)
        };
        format!("{v:02}")
    };
    let year = if r.chance(1, 10) {
        r.range(0, 99_999).to_string()
    } else {
        r.range(1970, 2100).to_string()
    };
    let (mo, d, h, mi, s) = (two(r, 12), two(r, 31), two(r, 23), two(r, 59), two(r, 60));
    let date_sep = *r.pick(&["-", "-", "-", "/", ""]);
    let dt_sep = *r.pick(&[" ", "T", "", "t", "  "]);
    let colon = *r.pick(&[":", ":", ": ", "", "::"]);
    let mut t = format!("{year}{date_sep}{mo}{date_sep}{d}{dt_sep}{h}{colon}{mi}");
    if r.chance(3, 4) {
        t.push_str(colon);
        t.push_str(&s);
    }
    if r.chance(1, 2) {
        t.push(*r.pick(&['.', ',']));
        for _ in 0..r.below(14) {
            t.push(char::from(b'0' + r.below(10) as u8));
        }
    }
    let zones: &[&str] = &[
        "",
        "Z",
        "z",
        "+0200",
        "-0700",
        "+02:00",
        "+2",
        "+99:99",
        "-",
        "+",
        "GMT",
        "+02:0",
        "+020000",
        "+0200L",
        "\u{fffd}",
        "+٠٢٠٠",
    ];
    let zone = *r.pick(zones);
    t.push_str(zone);
    if r.chance(1, 6) {
        let at = r.below(t.len() + 1);
        if t.is_char_boundary(at) {
            t.insert(at, *r.pick(&[' ', 'é', '\0', 'L', '1']));
        }
    }
    t
}

// --- the reply shapes (seed 000, 001, 002, 003; js-tests/emulator) ---

const INT: S = S::Int;
const TEXT: S = S::Text;
const BOOL: S = S::Bool;
const LOGIN: S = S::Obj(&[
    ("sessionId", TEXT),
    ("userId", INT),
    ("clientId", INT),
    ("daysUntilPasswordExpires", INT),
]);
const STATUS_RESULT: S = S::Obj(&[("agentLoginId", TEXT), ("status", TEXT)]);
const AGENT_STATUS_REPLY: S = S::Obj(&[("agents", S::Arr(&STATUS_RESULT))]);
const BROADCAST_STATUS: S = S::Obj(&[
    ("usersLoginId", TEXT),
    ("userLoginId", TEXT),
    ("sent", BOOL),
]);
const BROADCAST: S = S::Obj(&[("broadcastStatus", S::Arr(&BROADCAST_STATUS))]);
const CHAT_MESSAGE: S = S::Obj(&[
    ("message", TEXT),
    ("senderId", TEXT),
    ("timestamp", INT),
    ("canReply", BOOL),
]);
const CHAT_THREAD: S = S::Obj(&[
    ("userLoginId", TEXT),
    ("canReply", BOOL),
    ("messageList", S::Arr(&CHAT_MESSAGE)),
]);
const CHAT_MESSAGES: S = S::Obj(&[("chatList", S::Arr(&CHAT_THREAD)), ("timestamp", INT)]);
const MONITOR: S = S::Obj(&[("activeCall", BOOL)]);
const SERVICE: S = S::Obj(&[("serviceId", INT), ("serviceName", TEXT)]);
const CALL_CENTER: S = S::Obj(&[
    ("callCenterId", INT),
    ("callCenterName", TEXT),
    ("services", S::Arr(&SERVICE)),
]);
const SERVICES: S = S::Obj(&[("callCenters", S::Arr(&CALL_CENTER))]);
const SWITCH_RESULT: S = S::Obj(&[("agentLoginId", TEXT), ("message", TEXT)]);
const SWITCH: S = S::Obj(&[("agents", S::Arr(&SWITCH_RESULT))]);
const LINE_STATES: &[&str] = &[
    "LOGOFF",
    "LOGON",
    "READY",
    "NOTREADY",
    "INCALL",
    "WRAPUP",
    "TRANSFERRING",
    "MANUALDIAL",
    "PREVIEWDIAL",
    "DIALING",
    "REGISTERING",
    "HOLD",
    "RESERVED",
    "SOMETHING_NEW",
];
const LINE_CALL: S = S::Obj(&[
    ("callTransactionId", TEXT),
    ("callSessionId", TEXT),
    ("serviceId", INT),
    ("callCenterId", INT),
    ("accountNumber", TEXT),
    ("phoneNumber", TEXT),
    ("callRequiresAcceptance", BOOL),
]);
const LINE: S = S::Obj(&[
    ("lineNumber", TEXT),
    ("state", S::Enum(LINE_STATES)),
    ("stateChangedTime", INT),
    ("call", LINE_CALL),
]);
const SERVICE_STATUS: S = S::Obj(&[
    ("callsInProgress", INT),
    ("callsOnHold", INT),
    ("reloadServiceId", INT),
]);
const AGENT_STATUS: S = S::Obj(&[
    ("reasonCode", TEXT),
    ("agentMuted", BOOL),
    ("service", SERVICE_STATUS),
    ("lines", S::Arr(&LINE)),
]);
const AGENT_STATUS_BODY: S = S::Obj(&[("agentStatus", AGENT_STATUS)]);
const TERM_CODE: S = S::Obj(&[
    ("id", TEXT),
    ("name", TEXT),
    ("lvResultId", INT),
    ("lvResult", TEXT),
    (
        "actionType",
        S::Enum(&["RPC_WITH_PAYMENT", "RPC_WITHOUT_PAYMENT", "WPC", "OTHER"]),
    ),
    ("paymentAmtRequired", BOOL),
]);
const TERM_CATEGORY: S = S::Obj(&[("name", TEXT), ("termCodes", S::Arr(&TERM_CODE))]);
const TERM_CODES: S = S::Obj(&[("termCodeCategories", S::Arr(&TERM_CATEGORY))]);
const BLOCKS: &[&str] = &[
    "DAILY",
    "PERMANENT",
    "NONE",
    "BOTH",
    "DAILY_OFF",
    "PERMANENT_OFF",
];
const PERSON: S = S::Obj(&[
    ("firstName", TEXT),
    ("lastName", TEXT),
    ("email", TEXT),
    ("dateOfBirth", TEXT),
    ("ssn", TEXT),
    ("zipCode", TEXT),
]);
const PHONE: S = S::Obj(&[
    ("phone", TEXT),
    ("ordinal", INT),
    ("phoneBlock", S::Enum(BLOCKS)),
    ("smsConsent", BOOL),
    ("cellConsent", BOOL),
]);
const CUSTOM_FIELD: S = S::Obj(&[("field", TEXT), ("value", TEXT)]);
const CONTACT: S = S::Obj(&[
    ("account", TEXT),
    ("balance", S::Num),
    ("accountBlock", S::Enum(BLOCKS)),
    ("person", PERSON),
    ("guarantor", PERSON),
    ("phone", S::Arr(&PHONE)),
    ("accountToSpeak", TEXT),
    ("originalAccountNumber", TEXT),
    ("address1", TEXT),
    ("city", TEXT),
    ("state", TEXT),
    ("country", TEXT),
    ("amountToSpeak", S::Num),
    ("dueDate", INT),
    ("groupId", TEXT),
    ("active", BOOL),
    ("customFields", S::Arr(&CUSTOM_FIELD)),
    ("primaryEmailConsent", BOOL),
]);
const CONTACT_WRAPPED: S = S::Obj(&[("readContactDetails", CONTACT)]);
const CONTACT_LIST: S = S::Obj(&[("listContactDetails", S::Arr(&CONTACT)), ("next", TEXT)]);
const CREATED: S = S::Obj(&[("id", TEXT)]);
const LIVEVOX_ERROR: S = S::Obj(&[("code", INT), ("message", S::Either(&[TEXT, S::Any]))]);
const LIVEVOX_REPLIES: &[S] = &[
    LOGIN,
    AGENT_STATUS_REPLY,
    BROADCAST,
    CHAT_MESSAGES,
    MONITOR,
    SERVICES,
    SWITCH,
    AGENT_STATUS_BODY,
    TERM_CODES,
    CONTACT,
    CONTACT_WRAPPED,
    CONTACT_LIST,
    CREATED,
    LIVEVOX_ERROR,
];

const USER_STATE: S = S::Obj(&[("id", TEXT), ("displayName", TEXT), ("state", TEXT)]);
const MONITORING_STATE: S = S::Obj(&[
    ("state", S::Enum(&["ListenIn", "Coach", "BargeIn"])),
    ("mode", S::Enum(&["AllCalls", "NextCall"])),
    ("scope", S::Enum(&["Call", "Agent"])),
    ("targetDeviceUri", TEXT),
]);
const STRINGS: S = S::Arr(&TEXT);
const DEVICE: S = S::Obj(&[
    ("id", TEXT),
    ("deviceState", TEXT),
    ("userState", USER_STATE),
    ("phoneNumber", TEXT),
    ("e164Number", TEXT),
    ("doNotDisturb", TEXT),
    ("capabilities", STRINGS),
    ("supervisorMonitoringState", MONITORING_STATE),
]);
const GWS_USER: S = S::Obj(&[
    ("id", TEXT),
    ("userName", TEXT),
    ("firstName", TEXT),
    ("lastName", TEXT),
    ("roles", STRINGS),
    ("userState", USER_STATE),
    ("devices", S::Arr(&DEVICE)),
]);
const GWS_STATUS: S = S::Obj(&[("statusCode", INT), ("statusMessage", TEXT)]);
const GWS_ME: S = S::Obj(&[("statusCode", INT), ("user", GWS_USER)]);
const GWS_DEVICES: S = S::Obj(&[("statusCode", INT), ("devices", S::Arr(&DEVICE))]);
const GWS_REPLIES: &[S] = &[GWS_STATUS, GWS_ME, GWS_DEVICES, GWS_USER];

const MESSAGE_TYPES: &[&str] = &[
    "DeviceStateChangeMessage",
    "ChatStateChangeMessage",
    "MessageLogUpdated",
    "CallStateChangeMessage",
    "EventUserStateChanged",
];
const CHAT_OPS: &[&str] = &[
    "Leave",
    "SetInFocus",
    "SetDisposition",
    "SendMessage",
    "SendToAgents",
    "SwitchToMonitor",
    "SwitchToCoach",
    "SwitchToBargeIn",
    "SwitchBargeIn",
    "Transfer",
    "Invite",
];
const PARTICIPANT: S = S::Obj(&[
    ("nickname", TEXT),
    ("type", S::Enum(&["Agent", "Customer", "Supervisor"])),
    ("visibility", S::Enum(&["All", "Agents", "Supervisors"])),
    ("participantId", TEXT),
    ("uri", TEXT),
]);
const CHAT_INFO: S = S::Obj(&[
    ("id", TEXT),
    ("uri", TEXT),
    (
        "state",
        S::Enum(&["Invited", "Chatting", "Revoked", "Completed"]),
    ),
    ("capabilities", S::Arr(&S::Enum(CHAT_OPS))),
    ("participants", S::Arr(&PARTICIPANT)),
    ("receivedDate", S::Time),
    ("chatType", TEXT),
]);
const GWS_CHAT_MESSAGE: S = S::Obj(&[
    ("index", INT),
    ("from", PARTICIPANT),
    (
        "type",
        S::Enum(&[
            "Text",
            "Notice",
            "CustomNotice",
            "ParticipantJoined",
            "ParticipantLeft",
        ]),
    ),
    ("text", TEXT),
    ("noticeText", TEXT),
    ("visibility", TEXT),
    ("timestamp", S::Time),
    ("timestampSeconds", INT),
    ("timestampMs", INT),
]);
const GWS_CALL: S = S::Obj(&[
    ("id", TEXT),
    ("state", TEXT),
    ("callType", TEXT),
    ("capabilities", STRINGS),
    ("supervisorListeningIn", BOOL),
    ("monitoredUserMuted", BOOL),
    ("participants", S::Arr(&S::Obj(&[("phoneNumber", TEXT)]))),
]);
const NOTE_DEVICE: S = S::Obj(&[
    ("messageType", S::Enum(MESSAGE_TYPES)),
    ("devices", S::Arr(&DEVICE)),
]);
const NOTE_CHAT: S = S::Obj(&[
    ("messageType", S::Enum(MESSAGE_TYPES)),
    ("notificationType", TEXT),
    ("chat", CHAT_INFO),
]);
const NOTE_LOG: S = S::Obj(&[
    ("messageType", S::Enum(MESSAGE_TYPES)),
    ("notificationType", TEXT),
    ("messages", S::Arr(&GWS_CHAT_MESSAGE)),
    ("chatUri", TEXT),
    ("chatPath", TEXT),
    ("chatId", TEXT),
]);
const NOTE_CALL: S = S::Obj(&[
    ("messageType", S::Enum(MESSAGE_TYPES)),
    ("notificationType", TEXT),
    ("call", GWS_CALL),
]);
const NOTE: S = S::Either(&[NOTE_DEVICE, NOTE_CHAT, NOTE_LOG, NOTE_CALL]);
const CHANNELS: &[&str] = &[
    "/meta/handshake",
    "/meta/connect",
    "/meta/subscribe",
    "/meta/unsubscribe",
    "/meta/disconnect",
    "/v2/me/devices",
    "/v2/me/chats",
    "/v2/me/calls",
    "/v2/me/*",
    "/v2/me/**",
    "/service/echo",
    "/meta/x",
    "",
    "/",
    "//",
    "/v2/me/devices/",
];
const ENVELOPE: S = S::Obj(&[("channel", S::Enum(CHANNELS)), ("data", NOTE)]);
const GWS_NOTIFICATIONS: &[S] = &[NOTE, NOTE, NOTE, ENVELOPE];

const ADVICE: S = S::Obj(&[
    (
        "reconnect",
        S::Enum(&["retry", "handshake", "none", "later"]),
    ),
    ("interval", INT),
    ("timeout", INT),
    ("multiple-clients", BOOL),
]);
const BAYEUX_MESSAGE: S = S::Obj(&[
    ("channel", S::Enum(CHANNELS)),
    ("id", S::Either(&[TEXT, INT])),
    ("clientId", TEXT),
    ("successful", BOOL),
    (
        "error",
        S::Either(&[
            S::Enum(&[
                "402::Unknown client",
                "403::Handshake denied",
                "401:abc:Unknown client",
                "402::session_unknown",
                "500",
                ":::",
                "",
            ]),
            S::Any,
        ]),
    ),
    ("advice", ADVICE),
    (
        "subscription",
        S::Either(&[S::Enum(CHANNELS), S::Arr(&S::Enum(CHANNELS))]),
    ),
    ("data", S::Either(&[NOTE, S::Any])),
    ("ext", S::Any),
    ("connectionType", S::Enum(&["long-polling", "websocket"])),
    ("version", TEXT),
    ("minimumVersion", TEXT),
    ("supportedConnectionTypes", STRINGS),
]);
const BAYEUX_REPLIES: &[S] = &[
    S::Arr(&BAYEUX_MESSAGE),
    S::Arr(&BAYEUX_MESSAGE),
    BAYEUX_MESSAGE,
];

// ------------------------------------------------------------------------------------------
// Mutation of corpus entries.

const TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "-0",
    "1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "9007199254740993",
    "\"\"",
    "[]",
    "{}",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\\",
    "\"",
    ",",
    ":",
    "\r\n",
    "\r",
    "\n",
    "\0",
    "^M",
    "^M ",
    " \t",
    "\u{feff}",
    "\u{202e}",
    "\u{2028}",
    "é",
    "😀",
    "١٢٣",
    "１２３",
    "L",
    "%2B",
    "INVITE",
    "SIP/2.0",
    "; Max-Age=0",
    "GMT",
    "Z",
    "+0200",
    "\"statusCode\":",
    "\"channel\":\"/meta/connect\"",
    "\"messageType\":",
];

fn mutate(g: &mut Gen, data: &mut Vec<u8>, pool: &[Vec<u8>]) {
    let rounds = if g.rng.chance(1, 8) {
        g.rng.below(16) + 1
    } else {
        g.rng.below(3) + 1
    };
    for _ in 0..rounds {
        let len = data.len();
        let r = &mut g.rng;
        match r.below(17) {
            0 if len > 0 => {
                let i = r.below(len);
                data[i] ^= 1 << r.below(8);
            }
            1 if len > 0 => {
                let i = r.below(len);
                data[i] = *r.pick(&[
                    0, 0xff, 0x7f, 0x80, 0xc0, 0xed, b'"', b'{', b'[', b'\\', b':', b',', b'\r',
                    b'\n', b' ', b'0', b'9', b'-', b'e', b'.',
                ]);
            }
            2 => {
                let at = r.below(len + 1);
                let n = r.below(8) + 1;
                let bytes: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
                data.splice(at..at, bytes);
            }
            3 if len > 0 => {
                let a = r.below(len);
                let b = (a + r.below(len - a) + 1).min(len);
                data.drain(a..b);
            }
            4 => data.truncate(r.below(len + 1)),
            5 if len > 0 => {
                let a = r.below(len);
                let b = (a + r.below((len - a).min(4096)) + 1).min(len);
                let chunk = data[a..b].to_vec();
                let times = if r.chance(1, 6) { r.below(64) + 1 } else { 1 };
                let at = r.below(len + 1);
                let rep: Vec<u8> = chunk
                    .iter()
                    .copied()
                    .cycle()
                    .take(chunk.len() * times)
                    .collect();
                data.splice(at..at, rep);
            }
            6 if !pool.is_empty() => {
                // splice: a prefix of this with a suffix of another
                let other = r.pick(pool);
                let cut = r.below(len + 1);
                let from = r.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            7 if !pool.is_empty() => {
                let other = r.pick(pool);
                if !other.is_empty() {
                    let a = r.below(other.len());
                    let b = (a + r.below(other.len() - a) + 1).min(other.len());
                    let at = r.below(len + 1);
                    data.splice(at..at, other[a..b].iter().copied());
                }
            }
            8 | 9 => {
                let tok = r.pick(TOKENS).as_bytes().to_vec();
                let at = r.below(len + 1);
                data.splice(at..at, tok);
            }
            10 => {
                // a run of digits becomes a huge number
                if let Some(start) = (0..len)
                    .map(|_| r.below(len))
                    .find(|i| data[*i].is_ascii_digit())
                {
                    let end = data[start..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .map_or(len, |p| start + p);
                    let huge = g.huge_number().into_bytes();
                    data.splice(start..end, huge);
                }
            }
            11 => {
                // deep nesting around the whole input or at a point
                let n = *r.pick(&[20, 127, 128, 129, 500, 20_000]);
                let (open, close) = *r.pick(&[("[", "]"), ("{\"a\":", "}"), ("[{\"data\":", "}]")]);
                if r.chance(1, 2) {
                    let mut out = open.repeat(n).into_bytes();
                    out.extend_from_slice(data);
                    out.extend_from_slice(close.repeat(n).as_bytes());
                    *data = out;
                } else {
                    let at = r.below(len + 1);
                    data.splice(at..at, open.repeat(n).into_bytes());
                }
            }
            12 => {
                // odd Unicode, valid or not
                let at = r.below(len + 1);
                let bytes: Vec<u8> = if r.chance(1, 3) {
                    r.pick(&[
                        &[0xed, 0xa0, 0x80][..],
                        &[0xc0, 0xaf],
                        &[0xf4, 0x90, 0x80, 0x80],
                        &[0xe2, 0x82],
                        &[0xff, 0xfe],
                    ])
                    .to_vec()
                } else {
                    let c = g.odd_char();
                    c.to_string().into_bytes()
                };
                data.splice(at..at, bytes);
            }
            13 => {
                // line ends: all of them another way, or one CR/LF/NUL
                let ends: &[&[u8]] = &[b"\r\n", b"\r", b"\n", b"^M", b"^M ", b"\n\n"];
                let to = *r.pick(ends);
                if r.chance(1, 2) {
                    let mut out = Vec::with_capacity(len);
                    for &b in data.iter() {
                        if b == b'\n' {
                            out.extend_from_slice(to);
                        } else if b != b'\r' {
                            out.push(b);
                        }
                    }
                    *data = out;
                } else {
                    let at = r.below(len + 1);
                    data.splice(at..at, to.iter().copied());
                }
            }
            14 if len > 1 => {
                let (a, b) = (r.below(len), r.below(len));
                data.swap(a, b);
            }
            15 if len > 0 => {
                let a = r.below(len);
                let b = (a + r.below(64)).min(len);
                for byte in &mut data[a..b] {
                    if byte.is_ascii_alphabetic() {
                        *byte ^= 0x20;
                    }
                }
            }
            _ => {
                // JSON-aware: replace, drop or retype one node
                if let Ok(mut v) = serde_json::from_slice::<Value>(data) {
                    mutate_value(g, &mut v, 0);
                    *data = g.render(&v);
                }
            }
        }
    }
    data.truncate(MAX_INPUT);
}

fn mutate_value(g: &mut Gen, v: &mut Value, depth: usize) {
    let here = g.rng.chance(1, 3) || depth > 12;
    match v {
        Value::Array(items) if !items.is_empty() && !here => {
            let i = g.rng.below(items.len());
            mutate_value(g, &mut items[i], depth + 1);
        }
        Value::Object(m) if !m.is_empty() && !here => {
            let k = m
                .keys()
                .nth(g.rng.below(m.len()))
                .cloned()
                .unwrap_or_default();
            if let Some(child) = m.get_mut(&k) {
                mutate_value(g, child, depth + 1);
            }
        }
        _ => match g.rng.below(8) {
            0 => *v = g.wild(depth),
            1 => *v = Value::Array(vec![v.take()]),
            2 => {
                if let Value::Object(m) = v {
                    if let Some(k) = m.keys().next().cloned() {
                        m.remove(&k);
                    }
                } else {
                    *v = Value::Null;
                }
            }
            3 => *v = g.int(),
            4 => *v = g.boolean(),
            5 => *v = g.text(),
            6 => {
                let s = v.to_string();
                *v = Value::String(s);
            }
            _ => {
                let n = *g.rng.pick(&[100, 127, 128, 129, 1000]);
                let lit = format!("{}{}", "[".repeat(n), "]".repeat(n));
                *v = g.raw_literal(lit);
            }
        },
    }
}

// ------------------------------------------------------------------------------------------
// The parsers.

struct Target {
    name: &'static str,
    /// Corpus directories under `tests/corpus/`.
    dirs: &'static [&'static str],
    run: fn(&[u8]),
    generate: fn(&mut Gen) -> Vec<u8>,
}

const JSON_DIRS: &[&str] = &[
    "livevox",
    "gws-reply",
    "gws-notification",
    "bayeux",
    "lenient",
    "options",
];

const TARGETS: &[Target] = &[
    Target {
        name: "sip",
        dirs: &["sip"],
        run: run_sip,
        generate: gen_sip,
    },
    Target {
        name: "livevox_reply",
        dirs: &["livevox", "gws-reply"],
        run: run_reply,
        generate: gen_reply,
    },
    Target {
        name: "livevox_api",
        dirs: &["livevox"],
        run: run_livevox_api,
        generate: gen_livevox,
    },
    Target {
        name: "lenient",
        dirs: &["lenient"],
        run: run_lenient,
        generate: gen_lenient,
    },
    Target {
        name: "retry_after",
        dirs: &["retry-after"],
        run: run_retry_after,
        generate: gen_retry_after,
    },
    Target {
        name: "set_cookie",
        dirs: &["set-cookie"],
        run: run_set_cookie,
        generate: gen_set_cookie,
    },
    Target {
        name: "bayeux",
        dirs: &["bayeux"],
        run: run_bayeux,
        generate: gen_bayeux,
    },
    Target {
        name: "bayeux_machine",
        dirs: &["bayeux"],
        run: run_bayeux_machine,
        generate: gen_bayeux,
    },
    Target {
        name: "gws_notification",
        dirs: &["gws-notification"],
        run: run_gws_notification,
        generate: gen_gws_notification,
    },
    Target {
        name: "gws_api",
        dirs: &["gws-reply", "gws-notification"],
        run: run_gws_api,
        generate: gen_gws_reply,
    },
    Target {
        name: "field_at",
        dirs: JSON_DIRS,
        run: run_field_at,
        generate: gen_any_json,
    },
];

/// What every error must carry.
fn check_error(e: &Error) {
    assert!(
        !e.message.trim().is_empty(),
        "an error without a message: {e:?}"
    );
    let _ = format!("{e} {e:?}");
}

fn check<T: Debug>(r: &Result<T, Error>) {
    match r {
        Ok(v) => {
            let _ = format!("{v:?}");
        }
        Err(e) => check_error(e),
    }
}

// --- SIP ---

fn run_sip(input: &[u8]) {
    let text = text_of(input);
    let r = floorwalker::sip::parse_invite(&text);
    check(&r);
    if let Ok(invite) = r {
        let _ = serde_json::to_string(&invite);
        // Only the Call-ID is required; what else is named is absent or a non-empty value.
        assert!(!invite.call_id.is_empty(), "empty Call-ID accepted");
        for v in [
            &invite.from,
            &invite.to,
            &invite.cseq,
            &invite.agent_login_id,
            &invite.transaction_id,
            &invite.dnis,
        ] {
            assert!(v.as_deref() != Some(""), "an empty header read as a value");
        }
        if let Some(n) = &invite.agent_number {
            let _ = floorwalker::livevox::pool::phone_key(n);
        }
    }
}

fn gen_sip(g: &mut Gen) -> Vec<u8> {
    let r = &mut g.rng;
    // half the messages are well-formed but for the tolerated quirks, so that they parse
    let clean = r.chance(1, 2);
    let numbers: &[&str] = &[
        "+18990000001",
        "+1 899 000 0001",
        "8990000001",
        "%2B18990000001",
        "+1-899-000-0001",
        "(899) 000-0001",
        "alice",
        "",
        "+",
        "١٨٩٩",
        "+1.899.000.0001",
        "+%2B",
        "99999999999999999999999999999999",
    ];
    let number = *r.pick(if clean { &numbers[..7] } else { numbers });
    let hosts: &[&str] = &[
        "10.0.0.2:5070",
        "XX.XX.XX.XX:5060",
        "[::1]",
        "example.com",
        "",
        " 10.0.0.1 ",
    ];
    let host = *r.pick(if clean { &hosts[..4] } else { hosts });
    let uri = match if clean { 7 } else { r.below(8) } {
        0 => format!("tel:{number}"),
        1 => format!("sips:{number}@{host}"),
        2 => format!("sip: {number}@ {host}"),
        3 => format!("<sip:{number}@{host}>"),
        4 => String::new(),
        _ => format!("sip:{number}@{host}"),
    };
    let (method, version) = if clean {
        ("INVITE", "SIP/2.0")
    } else {
        let method = *r.pick(&[
            "INVITE", "INVITE", "INVITE", "invite", "BYE", "OPTIONS", "SIP/2.0",
        ]);
        let version = *r.pick(&[
            "SIP/2.0", "SIP/2.0", "SIP/2.0", "sip/2.0", "SIP/3.0", "HTTP/1.1", "", "200 OK",
        ]);
        (method, version)
    };
    let mut lines: Vec<String> = Vec::new();
    for _ in 0..r.below(3) {
        lines.push(String::new());
    }
    let prefix = if r.chance(1, 8) { "Request-Line: " } else { "" };
    let gap = *r.pick(&[" ", " ", "  ", "\t"]);
    lines.push(format!("{prefix}{method}{gap}{uri}{gap}{version}"));
    if r.chance(1, 10) {
        lines.push("Message Header".to_string());
    }
    let headers: &[(&str, &str, &[&str])] = &[
        (
            "Via",
            "v",
            &[
                "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds",
                "SIP/2.0/UDP a;branch=1, SIP/2.0/TCP b;branch=2",
                "",
            ],
        ),
        (
            "From",
            "f",
            &[
                "<sip:+12125550100@10.0.0.1>;tag=1928301774",
                "\"Caller\" <sip:+12125550100@10.0.0.1>",
                "",
            ],
        ),
        (
            "To",
            "t",
            &[
                "<sip:+18990000001@10.0.0.2>",
                "sip:+ 18990000001@ XX.XX.XX.XX:5070",
                "<tel:+1-899-000-0001>",
                "",
            ],
        ),
        (
            "Call-ID",
            "i",
            &[
                "a84b4c76e66710@pc33.example.com",
                "5e18e8dc-0000-7b7397a3@10.101.21.27",
                "",
                " ",
            ],
        ),
        (
            "CSeq",
            "CSeq",
            &[
                "314159 INVITE",
                "1 BYE",
                "abc INVITE",
                "-1 INVITE",
                "99999999999999999999 INVITE",
                "INVITE",
                "1",
            ],
        ),
        ("Contact", "m", &["<sip:10.0.0.1:5060>", "*", ""]),
        ("Content-Type", "c", &["application/sdp", ""]),
        (
            "Content-Length",
            "l",
            &["0", "142", "-1", "99999999999999999999", "abc", ""],
        ),
        (
            "Session-ID",
            "Session-ID",
            &["U2DB327T5E18E8DC@XX.XX.XX.XX;remote=00000000", ";", ""],
        ),
        ("Max-Forwards", "Max-Forwards", &["70", ""]),
        ("Supported", "k", &["timer, 100rel"]),
        ("Subject", "s", &["hello"]),
        // the LiveVox headers parseInvite names (the second spelling is the LV- one)
        ("X-agent-login-id", "LV-agent-login-id", &["AIVA5", ""]),
        (
            "X-transaction-id",
            "LV-transaction-id",
            &["147516594361", " "],
        ),
        ("DNIS", "dnis", &["899", ""]),
        ("X-Custom", "X-Custom", &["é😀\u{202e}", "\u{0}", "a\u{7}b"]),
    ];
    let mut count = 0;
    for (full, compact, values) in headers {
        let copies = if clean {
            1
        } else if r.chance(1, 12) {
            0
        } else if r.chance(1, 12) {
            2
        } else {
            1
        };
        for _ in 0..copies {
            let name = if r.chance(1, 3) { *compact } else { *full };
            let name = match r.below(6) {
                0 => name.to_ascii_lowercase(),
                1 => name.to_ascii_uppercase(),
                _ => name.to_string(),
            };
            let seps: &[&str] = &[": ", ": ", ":", " : ", ":  ", " "];
            let sep = *r.pick(if clean { &seps[..5] } else { seps });
            let value = if clean { values[0] } else { *r.pick(values) };
            if r.chance(1, 8) && value.len() > 4 {
                let cut = value.len() / 2;
                if value.is_char_boundary(cut) {
                    lines.push(format!("{name}{sep}{}", &value[..cut]));
                    lines.push(format!("{}{}", r.pick(&[" ", "\t", "   "]), &value[cut..]));
                    continue;
                }
            }
            lines.push(format!("{name}{sep}{value}"));
            count += 1;
        }
    }
    if r.chance(1, 30) {
        for i in 0..(250 + r.below(20)) {
            lines.push(format!("X-H{i}: v"));
        }
    }
    if r.chance(1, 40) {
        lines.push(format!("X-Big: {}", "y".repeat(66_000)));
    }
    let _ = count;
    if r.chance(1, 10) {
        lines.push("Message Body".to_string());
    } else {
        lines.push(String::new());
    }
    if r.chance(2, 3) {
        for l in [
            "v=0",
            "o=- 1 1 IN IP4 10.0.0.1",
            "s=-",
            "c=IN IP4 10.0.0.1",
            "t=0 0",
            "m=audio 10000 RTP/AVP 0",
        ] {
            lines.push(l.to_string());
        }
    }
    let eol = *r.pick(&["\r\n", "\r\n", "\n", "\r", "^M\n", "^M ", "^M"]);
    let mixed = r.chance(1, 8);
    let mut out = String::new();
    for l in &lines {
        out.push_str(l);
        let ends: &[&str] = &["\r\n", "\n", "\r"];
        let end = if mixed { *r.pick(ends) } else { eol };
        out.push_str(end);
    }
    out.into_bytes()
}

// --- LiveVox (and GWS) reply models through decode_json / error_from_response ---

const STATUSES: &[u16] = &[
    200, 200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503, 0, 99, 302, 999,
];

fn decode_all<T: DeserializeOwned + Debug>(resp: &HttpResponse) -> Option<T> {
    let r = decode_json::<T>(resp);
    check(&r);
    check(&decode_optional_json::<T>(resp));
    r.ok()
}

fn run_reply(input: &[u8]) {
    let mut aux = aux_rng(input);
    let status = *aux.pick(STATUSES);
    let resp = HttpResponse::new(status, text_of(input));
    decode_all::<LoginReply>(&resp);
    decode_all::<AgentStatusReply>(&resp);
    decode_all::<BroadcastReply>(&resp);
    if let Some(reply) = decode_all::<ChatMessagesReply>(&resp) {
        let after = if aux.chance(1, 2) {
            None
        } else {
            Some(aux.range(i64::MIN, i64::MAX))
        };
        let mut cursor = ChatCursor::new(after);
        let _ = cursor.accept(&reply);
        let again = cursor.accept(&reply);
        assert!(again.is_empty(), "a chat message was yielded twice");
        let _ = cursor.after();
        let _ = serde_json::to_string(&reply);
    }
    decode_all::<MonitorState>(&resp);
    decode_all::<ServicesAllowed>(&resp);
    decode_all::<SwitchServiceReply>(&resp);
    if let Some(body) = decode_all::<AgentStatusBody>(&resp) {
        if let Some(status) = &body.agent_status {
            let _ = CurrentCall::from_status(status);
            let _ = (status.is_ready(), status.is_on_call());
        }
        let _ = serde_json::to_string(&body);
    }
    decode_all::<TermCodes>(&resp);
    if let Some(pop) = decode_all::<ScreenPopReply>(&resp) {
        let _ = serde_json::to_string(&ScreenPop::from(pop));
    }
    decode_all::<AgentServices>(&resp);
    decode_all::<ServiceFeatures>(&resp);
    decode_all::<ContactDetails>(&resp);
    decode_all::<CreatedContact>(&resp);
    decode_all::<GwsUser>(&resp);
    decode_all::<GwsDevice>(&resp);
    // the non-2xx path
    let retry_after = if aux.chance(1, 3) {
        Some(aux.next() >> aux.below(64))
    } else {
        None
    };
    let e = error_from_response(&resp, aux.chance(1, 2), retry_after);
    check_error(&e);
    let e = explain_http_error("GET /me", e);
    check_error(&e);
    if let Some(code) = e.vendor_code {
        let _ = meaning(code);
        check_error(&vendor_error("ListenIn", code, e.vendor_message.clone()));
    }
}

fn gen_reply(g: &mut Gen) -> Vec<u8> {
    if g.rng.chance(1, 4) {
        g.shaped(GWS_REPLIES)
    } else {
        g.shaped(LIVEVOX_REPLIES)
    }
}

fn gen_livevox(g: &mut Gen) -> Vec<u8> {
    g.shaped(LIVEVOX_REPLIES)
}

// --- the lenient readers, through small wrapper structs ---

#[allow(dead_code)]
mod wrappers {
    use super::lenient;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct Int {
        #[serde(deserialize_with = "lenient::int")]
        pub v: i64,
    }
    #[derive(Debug, Deserialize)]
    pub struct IntOrZero {
        #[serde(default, deserialize_with = "lenient::int")]
        pub v: i64,
    }
    #[derive(Debug, Deserialize)]
    pub struct OptNumber {
        #[serde(default, deserialize_with = "lenient::opt_number")]
        pub v: Option<f64>,
    }
    #[derive(Debug, Deserialize)]
    pub struct OptValue {
        #[serde(default, deserialize_with = "lenient::opt_value")]
        pub v: Option<Vec<u8>>,
    }
    #[derive(Debug, Deserialize)]
    pub struct StringOrEmpty {
        #[serde(default, deserialize_with = "lenient::string_or_empty")]
        pub v: String,
    }
    #[derive(Debug, Deserialize)]
    pub struct OptString {
        #[serde(default, deserialize_with = "lenient::opt_string")]
        pub v: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    pub struct OptBoolean {
        #[serde(default, deserialize_with = "lenient::opt_boolean")]
        pub v: Option<bool>,
    }
    /// Every reader at once, as the models use them side by side.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct All {
        #[serde(default, deserialize_with = "lenient::opt_number")]
        pub a: Option<f64>,
        #[serde(default, deserialize_with = "lenient::opt_boolean")]
        pub b: Option<bool>,
        #[serde(default, deserialize_with = "lenient::opt_string")]
        pub c: Option<String>,
        #[serde(default)]
        pub v: Option<serde_json::Value>,
        #[serde(flatten)]
        pub rest: serde_json::Map<String, serde_json::Value>,
    }
}

fn lenient_one<T: DeserializeOwned + Debug>(text: &str, value: Option<&Value>) {
    let _ = format!("{:?}", serde_json::from_str::<T>(text));
    if let Some(v) = value {
        let _ = format!("{:?}", T::deserialize(v));
        let _ = format!("{:?}", serde_json::from_value::<T>(v.clone()));
    }
}

fn run_lenient(input: &[u8]) {
    let text = text_of(input);
    let value = serde_json::from_str::<Value>(&text).ok();
    let v = value.as_ref();
    lenient_one::<wrappers::Int>(&text, v);
    lenient_one::<wrappers::IntOrZero>(&text, v);
    lenient_one::<wrappers::OptNumber>(&text, v);
    lenient_one::<wrappers::OptValue>(&text, v);
    lenient_one::<wrappers::StringOrEmpty>(&text, v);
    lenient_one::<wrappers::OptString>(&text, v);
    lenient_one::<wrappers::OptBoolean>(&text, v);
    lenient_one::<wrappers::All>(&text, v);
    if let Some(v) = v {
        wire_readers(v);
        if let Some(inner) = v.get("v") {
            wire_readers(inner);
        }
    }
    let _ = lenient::parse_timestamp(&text);
    if let Some(inner) = v.and_then(|v| v.get("v")) {
        let _ = lenient::timestamp_ms(inner);
        if let Some(s) = inner.as_str() {
            let _ = lenient::parse_timestamp(s);
        }
    }
}

/// The value readers the reply models use (`floorwalker::wire`) on one value: none panics, and
/// what each reads agrees with the plain readers of `lenient` it shares its rules with.
fn wire_readers(v: &Value) {
    use floorwalker::wire::{self, Field};
    if let Ok(i) = wire::int(v) {
        assert_eq!(
            lenient::int_value(v),
            Some(i),
            "wire::int and int_value differ on {v}"
        );
    }
    if let Ok(b) = wire::boolean(v) {
        assert_eq!(
            lenient::flag_value(v),
            Some(b),
            "wire::boolean and flag_value differ on {v}"
        );
    }
    let _ = format!("{:?}", wire::string(v.clone()));
    let _ = format!("{:?}", wire::text(v.clone(), true));
    let _ = format!("{:?}", wire::text(v.clone(), false));
    let _ = format!("{:?}", wire::strings(v.clone()));
    let _ = format!("{:?}", wire::string_list(v.clone()));
    let _ = format!("{:?}", wire::variant(v, &["A", "B"], &[0u8, 1], None));
    let _ = format!("{:?}", wire::variant(v, &["A", "B"], &[0u8, 1], Some(2)));
    let (mut t, mut l, mut f, mut s, mut te, mut st) = (None, None, None, Vec::new(), None, None);
    let (mut i, mut oi, mut b, mut items) = (None, None, None, 0);
    let (mut os, mut ob) = (None, None);
    /// A model of no documented field: an object, whatever it holds.
    struct AnyObject;
    impl wire::FromJson for AnyObject {
        fn from_json(value: Value) -> wire::Result<Self> {
            wire::read_named(value, "struct AnyObject", &mut []).map(|_| AnyObject)
        }
    }
    let mut each = |item: Value| wire::list::<AnyObject>(item).map(|list| items += list.len());
    let read = wire::read_named(
        v.clone(),
        "struct All",
        &mut [
            ("a", Field::Text(&mut t)),
            ("b", Field::Long(&mut l)),
            ("c", Field::Flag(&mut f)),
            ("d", Field::Strings(&mut s)),
            ("e", Field::TextOrEmpty(&mut te)),
            ("f", Field::Str(&mut st)),
            ("g", Field::Int(&mut i)),
            ("h", Field::OptInt(&mut oi)),
            ("i", Field::Bool(&mut b)),
            ("j", Field::OptStr(&mut os)),
            ("k", Field::OptBool(&mut ob)),
            ("v", Field::With(&mut each)),
        ],
    );
    let _ = format!("{read:?}");
    // A caller's input read the same way, with serde's "unknown field" for any other key, and
    // the errors named as a caller sees them.
    let (mut os2, mut ob2) = (None, None);
    let known = wire::read_known(
        v.clone(),
        "struct Known",
        &mut [
            ("j", Field::OptStr(&mut os2)),
            ("k", Field::OptBool(&mut ob2)),
        ],
        &["j", "k"],
    );
    let _ = format!("{known:?}");
    let _ = format!(
        "{:?}",
        wire::input::<AnyObject>(v.clone(), None).map(|_| ())
    );
    let _ = format!("{:?}", wire::i64_value(v));
    let _ = format!("{:?}", wire::u32_value(v));
    let _ = format!("{:?}", wire::f64_value(v));
}

fn gen_lenient(g: &mut Gen) -> Vec<u8> {
    let v = match g.rng.below(8) {
        0 => g.int(),
        1 => g.boolean(),
        2 => g.text(),
        3 => g.time(),
        4 => Value::String(gen_timestamp(&mut g.rng)),
        5 => {
            let n = g.rng.below(4);
            Value::Array((0..n).map(|_| json!({"v": g.int()})).collect())
        }
        6 => g.num(),
        _ => g.wild(1),
    };
    let mut doc = Map::new();
    doc.insert("v".to_string(), v);
    for k in ["a", "b", "c"] {
        if g.rng.chance(1, 3) {
            let x = g.wild(1);
            doc.insert(k.to_string(), x);
        }
    }
    g.render(&Value::Object(doc))
}

// --- Retry-After ---

fn run_retry_after(input: &[u8]) {
    let text = text_of(input);
    let mut aux = aux_rng(input);
    let any = f64::from_bits(aux.next());
    let odd_now = *aux.pick(&[0.0, -1e300, f64::MAX, f64::NAN, f64::INFINITY, any]);
    for now in [1.7e12, odd_now] {
        let _ = parse_retry_after(&text, now);
        for line in text.lines().take(4) {
            let _ = parse_retry_after(line, now);
        }
    }
}

fn gen_retry_after(g: &mut Gen) -> Vec<u8> {
    let r = &mut g.rng;
    let s = match r.below(6) {
        0 => {
            let n = r.below(26);
            let digits: String = (0..n)
                .map(|_| char::from(b'0' + r.below(10) as u8))
                .collect();
            format!(
                "{}{}{}",
                r.pick(&["", "", "-", "+", " "]),
                digits,
                r.pick(&["", "", " ", ".5", "s"])
            )
        }
        1 => r.range(i64::MIN, i64::MAX).to_string(),
        _ => {
            let wd = *r.pick(&["Sun, ", "Mon, ", "", "Sunday, ", "Xyz, ", ", "]);
            let day = if r.chance(1, 6) {
                r.range(i64::MIN, i64::MAX)
            } else {
                r.range(0, 32)
            };
            let month = *r.pick(&[
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                "nov", "Foo", "",
            ]);
            let year = match r.below(5) {
                0 => r.range(i64::MIN, i64::MAX),
                1 => r.range(-10_000, 10_000),
                2 => r.range(0, 100),
                _ => r.range(1970, 2200),
            };
            let big = |r: &mut Rng| {
                if r.chance(1, 8) {
                    r.range(i64::MIN, i64::MAX)
                } else {
                    r.range(0, 61)
                }
            };
            let (h, m, s) = (big(r), big(r), big(r));
            let sep = *r.pick(&[" ", " ", "  ", "-", "\t"]);
            format!(
                "{wd}{day:02}{sep}{month}{sep}{year}{sep}{h:02}:{m:02}:{s:02} {}",
                r.pick(&["GMT", "UTC", "", "+0000"])
            )
        }
    };
    s.into_bytes()
}

// --- Set-Cookie ---

fn run_set_cookie(input: &[u8]) {
    let text = text_of(input);
    let mut aux = aux_rng(input);
    let values: Vec<&str> = if aux.chance(1, 4) {
        vec![text.as_str()]
    } else {
        text.split('\n').collect()
    };
    let mut resp = HttpResponse::new(200, "");
    for v in &values {
        let name = *aux.pick(&[
            "set-cookie",
            "Set-Cookie",
            "SET-COOKIE",
            "set-cookie2",
            "cookie",
        ]);
        resp.headers.push((name.to_string(), (*v).to_string()));
    }
    let mut jar = CookieJar::new();
    let mut seeded = HttpResponse::new(200, "");
    seeded
        .headers
        .push(("set-cookie".into(), "JSESSIONID=old; Path=/".into()));
    if aux.chance(1, 2) {
        jar.store(&seeded);
    }
    jar.store(&resp);
    jar.store(&resp);
    if let Some(header) = jar.header() {
        assert!(
            !header.chars().any(|c| c.is_control()),
            "the Cookie header carries a control character: {header:?}"
        );
    }
    let _ = jar.get("JSESSIONID");
    let _ = format!("{jar:?}");
    jar.clear();
    assert_eq!(jar.header(), None);
}

fn gen_set_cookie(g: &mut Gen) -> Vec<u8> {
    let r = &mut g.rng;
    let mut lines = Vec::new();
    for _ in 0..(r.below(4) + 1) {
        let name = *r.pick(&[
            "JSESSIONID",
            "BAYEUX_BROWSER",
            "A",
            "",
            " ",
            "na me",
            "é",
            "a;b",
            "x=y",
            "\u{0}",
        ]);
        let value = match r.below(8) {
            0 => String::new(),
            1 => "v".repeat(4096 + r.below(3) - 1),
            2 => format!("\"{}\"", r.range(0, i64::MAX)),
            3 => "a\r\nInjected: yes".to_string(),
            4 => "a,b".to_string(),
            5 => "\"".to_string(),
            _ => format!("{:x}", r.next()),
        };
        let mut cookie = format!("{name}={value}");
        if r.chance(1, 12) {
            cookie = name.to_string();
        }
        for _ in 0..r.below(4) {
            let attr = match r.below(8) {
                0 => format!(
                    "Max-Age={}",
                    r.pick(&["0", "-1", "3600", "", "abc", "00", " 0", "+5"])
                ),
                1 => "Path=/".to_string(),
                2 => "HttpOnly".to_string(),
                3 => "Secure".to_string(),
                4 => "Expires=Wed, 21 Oct 2015 07:28:00 GMT".to_string(),
                5 => "SameSite=None".to_string(),
                6 => "Domain=.example.com".to_string(),
                _ => "max-age = 0".to_string(),
            };
            let seps: &[&str] = &["; ", ";", " ; ", ";;"];
            let sep = *r.pick(seps);
            cookie.push_str(sep);
            cookie.push_str(&attr);
        }
        lines.push(cookie);
    }
    if r.chance(1, 20) {
        for i in 0..40 {
            lines.push(format!("C{i}=v{i}"));
        }
    }
    lines.join("\n").into_bytes()
}

// --- Bayeux message decoding ---

/// Whether serde_json reads `text` as JSON; `None` for what the JSON grammar allows and
/// serde_json refuses but `JSON.parse` reads: a number beyond `f64` (`Infinity`), a lone
/// surrogate escape such as `"\ud800"`.
fn serde_valid(text: &str) -> Option<bool> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => Some(true),
        Err(e)
            if [
                "number out of range",
                "surrogate",
                "hex escape",
                "unicode code point",
            ]
            .iter()
            .any(|m| e.to_string().contains(m)) =>
        {
            None
        }
        Err(_) => Some(false),
    }
}

/// How many `[` and `{` the text has: an upper bound of its nesting.
fn nesting(text: &str) -> usize {
    text.bytes().filter(|b| matches!(b, b'[' | b'{')).count()
}

fn run_bayeux(input: &[u8]) {
    let text = text_of(input);
    // The one-pass splitter accepts exactly the JSON serde_json accepts (nesting within both
    // limits), and every `data` it keeps is JSON.
    let split = floorwalker::cometd::split::split(&text);
    if let (true, Some(valid)) = (nesting(&text) < 100, serde_valid(&text)) {
        assert_eq!(
            split.is_ok(),
            valid,
            "the splitter and serde_json disagree on {text:?}"
        );
    }
    let r = decode_messages(&text);
    check(&r);
    // The same messages as reading the reply into values and each object field by field.
    // (`data` is compared as read once from the text: serde_json's float parsing does not
    // always survive a write and a second read, which the reference's own `data` went through.)
    if let Ok(serde_json::Value::Array(items)) = serde_json::from_str(&text) {
        let without_data = |m: &Message| Message {
            data: None,
            ..m.clone()
        };
        let reference: Vec<(Message, Option<serde_json::Value>)> = items
            .iter()
            .filter_map(|v| v.as_object())
            .filter_map(|o| {
                Some((
                    without_data(&Message::from_json(o)?),
                    o.get("data").cloned(),
                ))
            })
            .collect();
        let got: Option<Vec<(Message, Option<serde_json::Value>)>> = r.as_ref().ok().map(|ms| {
            ms.iter()
                .map(|m| (without_data(m), m.data.as_ref().map(|d| d.to_value())))
                .collect()
        });
        assert_eq!(got, Some(reference), "decoding differs for {text:?}");
    }
    let Ok(messages) = r else { return };
    for m in &messages {
        if let Some(d) = &m.data {
            let json = d.json().expect("decoded data is JSON text");
            assert_ne!(serde_valid(json), Some(false), "data is not JSON");
        }
    }
    let encoded = encode_messages(&messages);
    check(&encoded);
    if let Ok(body) = &encoded {
        let again = decode_messages(body);
        check(&again);
        assert_eq!(
            again.map(|m| m.len()).ok(),
            Some(messages.len()),
            "encoded messages do not decode to as many messages"
        );
    }
    for m in &messages {
        let _ = m.is_meta();
        let _ = channel::is_wildcard(&m.channel);
        let _ = channel::matches("/v2/me/*", &m.channel);
        let _ = channel::matches("/v2/**", &m.channel);
        for s in m.subscription.iter().flatten() {
            let _ = channel::matches(s, &m.channel);
            let _ = channel::check(s, Purpose::Subscribe);
        }
        let _ = channel::check(&m.channel, Purpose::Publish);
        if let Some(e) = &m.error {
            let _ = is_unknown_client(e);
        }
        check_error(&refusal("subscribe()", m.error.as_deref()));
        if let Some(data) = &m.data {
            let n = decode_notification(&m.channel, data.to_value());
            let _ = serde_json::to_string(&n);
        }
    }
}

fn gen_bayeux(g: &mut Gen) -> Vec<u8> {
    g.shaped(BAYEUX_REPLIES)
}

/// Carries out what the machine asked for (as far as the fuzz needs: requests and the timer).
fn absorb(actions: Vec<Action>, pending: &mut Vec<Outgoing>, timer: &mut Option<u64>) {
    for a in actions {
        match a {
            Action::Send(o) => pending.push(o),
            Action::Abort(id) => pending.retain(|o| o.request != id),
            Action::Schedule { timer: t, .. } => *timer = Some(t),
            Action::CancelTimer => *timer = None,
            Action::Deliver { message, .. } => {
                let _ = format!("{message:?}");
            }
            Action::Resolve { result: Err(e), .. } => check_error(&e),
            _ => {}
        }
    }
}

fn canned_reply(o: &Outgoing) -> Vec<Message> {
    o.messages
        .iter()
        .map(|sent| {
            let mut m = Message::new(&sent.channel);
            m.id = sent.id.clone();
            m.successful = Some(true);
            m.subscription = sent.subscription.clone();
            if sent.channel == HANDSHAKE {
                m.client_id = Some("fuzz-client".into());
            }
            m
        })
        .collect()
}

/// The Bayeux state machine fed with the decoded input as replies, their ids patched to match
/// what it sent so that the replies reach its logic.
fn run_bayeux_machine(input: &[u8]) {
    let mut aux = aux_rng(input);
    let decoded = decode_messages(&text_of(input));
    let mut m = Machine::new(Timing::default(), Box::new(|| 0.5));
    let (mut pending, mut timer) = (Vec::new(), None);
    absorb(m.handshake(1), &mut pending, &mut timer);
    let mut op: u64 = 2;
    for _ in 0..12 {
        op += 1;
        match aux.below(12) {
            0 => {
                let ch = *aux.pick(&["/v2/me/*", "/v2/me/devices", "/a/**", "/meta/x", ""]);
                if let Ok(a) = m.subscribe(op, ch, op) {
                    absorb(a, &mut pending, &mut timer);
                }
            }
            1 => {
                if let Ok(a) = m.publish(op, "/service/x", json!({"k": 1})) {
                    absorb(a, &mut pending, &mut timer);
                }
            }
            2 => {
                if let Some(t) = timer.take() {
                    absorb(m.on_timer(t), &mut pending, &mut timer);
                }
            }
            3 if aux.chance(1, 4) => absorb(m.disconnect(op), &mut pending, &mut timer),
            4 => absorb(
                m.cancel(aux.below(op as usize) as u64),
                &mut pending,
                &mut timer,
            ),
            5 => absorb(
                m.unsubscribe(aux.below(op as usize) as u64, Some(op)),
                &mut pending,
                &mut timer,
            ),
            _ if !pending.is_empty() => {
                let o = pending.remove(aux.below(pending.len()));
                let reply = if aux.chance(1, 3) {
                    Ok(canned_reply(&o))
                } else {
                    decoded.clone().map(|mut msgs| {
                        for (i, msg) in msgs.iter_mut().enumerate() {
                            if let Some(sent) = o.messages.get(i) {
                                if aux.chance(3, 4) {
                                    msg.channel = sent.channel.clone();
                                    msg.id = sent.id.clone();
                                }
                            }
                        }
                        msgs
                    })
                };
                absorb(m.on_response(o.request, reply), &mut pending, &mut timer);
            }
            _ => {}
        }
    }
    let _ = (m.state(), m.channels(), m.client_id());
}

// --- GWS notifications ---

fn run_gws_notification(input: &[u8]) {
    let text = text_of(input);
    let mut aux = aux_rng(input);
    let data = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
    let channel = *aux.pick(CHANNELS);
    let n = decode_notification(channel, data);
    let _ = n.message_type();
    let _ = serde_json::to_value(&n);
    if let GwsNotification::ChatStateChange(m) = &n {
        let _ = m.chat.chat_id();
    }
}

fn gen_gws_notification(g: &mut Gen) -> Vec<u8> {
    g.shaped(GWS_NOTIFICATIONS)
}

fn gen_gws_reply(g: &mut Gen) -> Vec<u8> {
    if g.rng.chance(1, 4) {
        g.shaped(GWS_NOTIFICATIONS)
    } else {
        g.shaped(GWS_REPLIES)
    }
}

// --- field_at (the scanner that names the field of a reply that did not read) ---

fn run_field_at(input: &[u8]) {
    let text = text_of(input);
    let mut aux = aux_rng(input);
    let len = text.len();
    let offsets = vec![
        0,
        len.saturating_sub(1),
        len,
        len + 7,
        usize::MAX,
        aux.below(len + 1),
    ];
    let mut positions: Vec<(usize, usize)> = offsets.into_iter().map(|o| (1, o)).collect();
    if let Err(e) = serde_json::from_str::<Value>(&text) {
        positions.push((e.line(), e.column()));
    }
    positions.push((aux.below(4), aux.below(len + 2)));
    for (line, column) in positions {
        let _ = field_at(&text, line, column);
    }
}

fn gen_any_json(g: &mut Gen) -> Vec<u8> {
    let v = match g.rng.below(4) {
        0 => {
            let s = *g.rng.pick(LIVEVOX_REPLIES);
            g.make(&s, 0)
        }
        1 => g.make(&NOTE, 0),
        _ => {
            let mut m = Map::new();
            for _ in 0..g.rng.below(6) {
                let k = if g.rng.chance(1, 2) {
                    g.string()
                } else {
                    g.key()
                };
                let v = g.wild(1);
                m.insert(k, v);
            }
            Value::Object(m)
        }
    };
    g.render(&v)
}

// --- end to end: sessions and calls over a scripted transport ---

struct Scripted {
    replies: RefCell<VecDeque<Option<HttpResponse>>>,
    last: RefCell<Option<HttpResponse>>,
    calls: Cell<u32>,
}

impl Scripted {
    fn new(replies: Vec<Option<HttpResponse>>) -> Rc<Self> {
        Rc::new(Scripted {
            replies: RefCell::new(replies.into()),
            last: RefCell::new(None),
            calls: Cell::new(0),
        })
    }
}

impl Transport for Scripted {
    fn send(
        &self,
        _request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        let n = self.calls.get();
        self.calls.set(n + 1);
        let next = if n >= 16 {
            None
        } else {
            let r = self.replies.borrow_mut().pop_front();
            match r {
                Some(r) => r,
                None => self.last.borrow().clone(),
            }
        };
        self.last.replace(next.clone());
        let out = next.ok_or_else(|| TransportError {
            message: "fuzz: connection reset".into(),
        });
        Box::pin(std::future::ready(out))
    }
}

/// Time stands still and every wait is over at once.
struct Frozen;

impl Runtime for Frozen {
    fn now_ms(&self) -> f64 {
        1.7e12
    }
    fn sleep(&self, _ms: u32) -> LocalBoxFuture<'static, ()> {
        Box::pin(std::future::ready(()))
    }
    fn random(&self) -> f64 {
        0.5
    }
}

fn pipeline(base: &str, transport: Rc<Scripted>, aux: &mut Rng) -> Pipeline {
    Pipeline {
        base: BaseUrl::parse(base, "baseUrl").expect("base URL"),
        timeout_ms: 1000,
        retry: RetryOptions {
            max_retries: aux.below(3) as u32,
            base_delay_ms: 0,
            max_delay_ms: if aux.chance(1, 2) { 0 } else { 5000 },
        },
        transport,
        runtime: Rc::new(Frozen),
        logger: Some(Rc::new(|e: &LogEvent| {
            let _ = format!("{e:?}");
        })),
    }
}

/// An answer made of the fuzz body and a status and headers picked by `aux`; `None` is a
/// dropped connection.
fn fuzz_response(aux: &mut Rng, body: &str) -> Option<HttpResponse> {
    if aux.chance(1, 25) {
        return None;
    }
    let mut resp = HttpResponse::new(*aux.pick(STATUSES), body);
    let first_line = body.lines().next().unwrap_or_default();
    if aux.chance(1, 4) {
        let v = *aux.pick(&[
            "0",
            "1",
            "3",
            "120",
            "-1",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Fri, 31 Dec 2100 23:59:59 GMT",
            "abc",
            "18446744073709551615",
            first_line,
        ]);
        resp = resp.with_header("Retry-After", v);
    }
    if aux.chance(1, 3) {
        let v = *aux.pick(&[
            "JSESSIONID=S9; Path=/",
            "JSESSIONID=; Max-Age=0",
            "A=b\r\nc",
            first_line,
        ]);
        resp = resp.with_header("Set-Cookie", v);
    }
    if aux.chance(1, 3) {
        let v = *aux.pick(&["T2", "", " ", "bad\r\nX-Injected: 1", first_line]);
        resp = resp.with_header("X-CSRF-TOKEN", v);
        let h = *aux.pick(&[
            "X-CSRF-TOKEN",
            "X-XSRF-TOKEN",
            "bad header",
            "",
            "a\nb",
            first_line,
        ]);
        resp = resp.with_header("X-CSRF-HEADER", h);
    }
    Some(resp)
}

fn ok_json(body: &str) -> Option<HttpResponse> {
    Some(HttpResponse::new(200, body).with_header("content-type", "application/json"))
}

const LOGIN_OK: &str = r#"{"sessionId":"S2","userId":5001,"clientId":1001}"#;
const ME_OK: &str = r#"{"statusCode":0,"user":{"id":"991a4bece8dd","userName":"supervisor1","roles":["ROLE_SUPERVISOR"]}}"#;

fn me_ok() -> Option<HttpResponse> {
    ok_json(ME_OK).map(|r| {
        r.with_header("set-cookie", "JSESSIONID=S1; Path=/; HttpOnly")
            .with_header("X-CSRF-HEADER", "X-CSRF-TOKEN")
            .with_header("X-CSRF-TOKEN", "T1")
    })
}

fn none() -> CallOptions {
    CallOptions::default()
}

/// Every LiveVox call whose reply is outside data, over a session whose replies come from the
/// input (a 401 makes it log in again, with a reply that may come from the input too).
fn run_livevox_api(input: &[u8]) {
    let mut aux = aux_rng(input);
    let body = text_of(input);
    let mut replies = vec![fuzz_response(&mut aux, &body)];
    for _ in 0..4 {
        replies.push(if aux.chance(1, 2) {
            ok_json(LOGIN_OK)
        } else {
            fuzz_response(&mut aux, &body)
        });
    }
    let transport = Scripted::new(replies);
    let p = pipeline("https://api.livevox.test", transport, &mut aux);
    let creds = Credentials {
        access_token: "tok".into(),
        client_name: "ACME".into(),
        user_name: "supervisor".into(),
        password: "s3cret".into(),
        agent: aux.chance(1, 2),
    };
    let op = aux.below(24);
    if op == 0 {
        let r = block_on(Session::login(p, creds, &none()));
        if let Ok(s) = &r {
            let _ = s.info();
        }
        return check(&r.map(|_| ()));
    }
    let session = Session::resume(p, "S1", Some(creds)).expect("resume");
    let sup = Supervisor::new(session.clone());
    let agent = Agent::new(session.clone());
    let contacts = Contacts::new(session.clone());
    let agents = vec!["LV_TEST".to_string(), "lv_usr1".to_string()];
    let call = none();
    block_on(async {
        match op {
            1 => check(
                &sup.set_ready(&agents, &MessageOptions::default(), &call)
                    .await,
            ),
            2 => check(
                &sup.set_not_ready(&agents, &NotReadyOptions::default(), &call)
                    .await,
            ),
            3 => check(
                &sup.logoff(
                    &agents,
                    &MessageOptions {
                        message: Some("bye".into()),
                    },
                    &call,
                )
                .await,
            ),
            4 => {
                let to = [ChatRecipient {
                    user_login_id: "lv_usr1".into(),
                    can_reply: true,
                }];
                check(&sup.broadcast_chat(&to, "hello", &call).await)
            }
            5 => {
                let r = sup
                    .chat_messages_after(Some(1_416_817_899_000), true, &call)
                    .await;
                check(&r);
                if let Ok(reply) = r {
                    let _ = ChatCursor::new(None).accept(&reply);
                }
            }
            6 => check(&sup.send_chat("lv_usr1", "hi\nthere", &call).await),
            7 => check(&sup.end_chat("lv_usr1", &call).await),
            8 => check(
                &sup.start_monitor("+12125550100", &StartMonitorOptions::default(), &call)
                    .await,
            ),
            9 => check(&sup.monitor_state(&call).await),
            10 => check(&sup.listen("LV_TEST", &call).await),
            11 => check(&sup.services_allowed(&call).await),
            12 => check(
                &sup.switch_service(&agents, 33722, &MessageOptions::default(), &call)
                    .await,
            ),
            13 => check(&agent.status(&AgentStatusOptions::default(), &call).await),
            14 => check(&agent.current_call(&call).await),
            15 => check(&agent.term_codes(1001.0, &call).await),
            16 => {
                let term = SetTermCode {
                    call_transaction_id: "108821676850".into(),
                    call_session_id: "U5EF8FT5DFC07F9@10.101.21.216".into(),
                    term_code_id: "101416228".into(),
                    phone_dialed: Some("2134634007".into()),
                    phone_number: None,
                    move_agent_to_not_ready: false,
                    notes: Some("done".into()),
                    line_number: Some("ACD".into()),
                    service_id: Some(1001),
                    account: None,
                    account_number: None,
                    payment_amt: None,
                    agent_entered_account: None,
                    reason_code: None,
                    immediate_callback_number: None,
                };
                check(&agent.set_term_code(&term, &call).await)
            }
            17 => check(&agent.join_service(1001.0, "+18990000001", &call).await),
            18 => {
                let details = ContactDetails {
                    account: "ACC-9".into(),
                    fields: ContactFields::default(),
                    other: Default::default(),
                };
                check(&contacts.create(&details, &call).await)
            }
            19 => check(&contacts.get("ACC 1004/B", &call).await),
            20 => check(&contacts.list(&ListContactsOptions::default(), &call).await),
            21 => check(&session.validate(&call).await),
            22 => check(&session.logout(&call).await),
            _ => {
                let mut fields = Map::new();
                fields.insert("transactionId".into(), json!("108821676850"));
                fields.insert("sessionId".into(), json!("U5EF8FT5DFC07F9"));
                let r = floorwalker::livevox::aia::post_aia(
                    session.pipeline(),
                    "https://aia.example.com/hook?client=acme",
                    &fields,
                    &Vec::new(),
                    &call,
                )
                .await;
                check(&r)
            }
        }
    });
    let _ = session.info();
}

/// GWS: connect (`GET /me`), then one call, with replies from the input (a 401 or a CSRF
/// refusal makes it read the session again, with a reply that may come from the input too);
/// and notifications fed to the session's chat tracking.
fn run_gws_api(input: &[u8]) {
    let mut aux = aux_rng(input);
    let body = text_of(input);
    let op = aux.below(11);
    let mut replies = Vec::new();
    if op != 0 {
        replies.push(me_ok());
    }
    replies.push(fuzz_response(&mut aux, &body));
    for _ in 0..4 {
        replies.push(if aux.chance(1, 2) {
            me_ok()
        } else {
            fuzz_response(&mut aux, &body)
        });
    }
    let transport = Scripted::new(replies);
    let base = *aux.pick(&["https://gws.test", "https://gws.test/api/v2"]);
    let p = pipeline(base, transport, &mut aux);
    let creds = GwsCredentials {
        username: "supervisor1".into(),
        password: "s3cret!".into(),
    };
    let call = none();
    let session = match block_on(GwsSession::connect(p, creds, &call)) {
        Ok(s) => s,
        Err(e) => return check_error(&e),
    };
    let _ = format!("{:?} {:?}", session.user(), session);
    let chat_id = "0001Da9PFC93000S";
    block_on(async {
        match op {
            0 | 1 => check(&session.perform(&Operation::end_session(), &call).await),
            2 => check(&session.devices(&call).await),
            3 => check(&session.me(&MeOptions::default(), &call).await),
            4 => {
                let opts = VoiceMonitorOptions {
                    target_device_uri: "https://gws.test/api/v2/devices/9c14cad7".into(),
                    ..VoiceMonitorOptions::default()
                };
                check(&session.listen_in("efe1ab32", &opts, &call).await)
            }
            5 => {
                let opts = ChatMonitorOptions {
                    mode: ChatMode::Coach,
                    scope: None,
                    nickname: Some("sup".into()),
                };
                check(&session.monitor_chats("90cc5439", &opts, &call).await)
            }
            6 => {
                let opts = IntrudeOptions {
                    visibility: Some(ChatMode::BargeIn),
                };
                let r = session.intrude("90cc5439", chat_id, &opts, &call).await;
                check(&r);
                if let Ok(chat) = r {
                    check(&chat.send_message("hello", &call).await);
                }
            }
            7 | 8 => {
                // the input as a notification, then what the chat handle now allows
                let data =
                    serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body.clone()));
                let channel = *aux.pick(CHANNELS);
                let n = session.notification(channel, data);
                let _ = serde_json::to_string(&n);
                let id = match &n {
                    GwsNotification::ChatStateChange(m) => m.chat.chat_id(),
                    _ => None,
                };
                let id = id.unwrap_or_else(|| chat_id.to_string());
                let handle = session.chat(&id, &ChatHandleOptions::default());
                check(&handle.as_ref().map(|_| ()).map_err(Clone::clone));
                if let Ok(chat) = handle {
                    for op in ChatOperation::ALL {
                        let _ = chat.allows(op);
                    }
                    let _ = format!("{:?} {:?}", chat.state(), chat.capabilities());
                    check(&chat.send_to_agents("psst", &call).await);
                }
            }
            9 => {
                let opts = StartSessionOptions {
                    channels: vec!["voice".into(), "chat".into()],
                    ..StartSessionOptions::default()
                };
                check(&session.start_session(&opts, &call).await)
            }
            _ => check(&session.switch_to_barge_in("019P0F5N3OBH7A3V", &call).await),
        }
    });
    let _ = session.notification_auth();
    session.close();
}

// ------------------------------------------------------------------------------------------
// The harness.

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn corpus_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn failures_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("fuzz-failures")
}

fn load_dir(dir: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_root().join(dir))
        .unwrap_or_else(|e| panic!("tests/corpus/{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("corpus file"))
        .collect()
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse_seed(s: &str) -> u64 {
    let s = s.trim();
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    };
    parsed.unwrap_or_else(|| fnv1a(s.as_bytes()))
}

struct Failure {
    parser: &'static str,
    saved: Option<PathBuf>,
    panic: String,
    preview: String,
}

fn preview(input: &[u8]) -> String {
    let shown: String = String::from_utf8_lossy(&input[..input.len().min(160)]).into_owned();
    format!("{shown:?}{}", if input.len() > 160 { " …" } else { "" })
}

/// Runs one input; a panic becomes a [`Failure`] (the input saved once per panic location).
fn exec(
    t: &Target,
    input: &[u8],
    seen: &mut HashSet<String>,
    failures: &mut Vec<Failure>,
    slow: &mut u32,
) {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| (t.run)(input)));
    let took = started.elapsed();
    if let Err(payload) = outcome {
        let message = LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut p| p.take())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into());
        let location = message.split(" at ").last().unwrap_or_default().to_string();
        let saved = if seen.insert(location) && seen.len() <= MAX_SAVED {
            save(t.name, "", seen.len() - 1, input)
        } else {
            None
        };
        failures.push(Failure {
            parser: t.name,
            saved,
            panic: message,
            preview: preview(input),
        });
    } else if took > SLOW {
        *slow += 1;
        let saved = if *slow <= 3 {
            save(t.name, "slow-", *slow as usize - 1, input)
        } else {
            None
        };
        println!(
            "fuzz: warning: {} took {:.1} s on a {}-byte input{}",
            t.name,
            took.as_secs_f64(),
            input.len(),
            saved
                .map(|p| format!(" (saved to {})", p.display()))
                .unwrap_or_default()
        );
    }
}

fn save(parser: &str, kind: &str, n: usize, input: &[u8]) -> Option<PathBuf> {
    let dir = failures_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{parser}-{kind}{n}.bin"));
    std::fs::write(&path, input).ok()?;
    Some(path)
}

struct Stats {
    execs: u64,
    secs: f64,
    corpus: usize,
    panics: usize,
}

fn fuzz_target(
    t: &Target,
    seed: u64,
    budget: Duration,
    cap: Option<u64>,
    pool: &[Vec<u8>],
    failures: &mut Vec<Failure>,
) -> Stats {
    let started = Instant::now();
    let before = failures.len();
    let corpus: Vec<Vec<u8>> = t.dirs.iter().flat_map(|d| load_dir(d)).collect();
    let mut g = Gen::new(seed ^ fnv1a(t.name.as_bytes()));
    let (mut seen, mut slow, mut execs) = (HashSet::new(), 0u32, 0u64);
    let more = |execs: u64| cap.map_or(true, |c| execs < c);
    // (a) every corpus file as it is
    for input in &corpus {
        exec(t, input, &mut seen, failures, &mut slow);
        execs += 1;
    }
    // (b) mutations and (c) generated input, until the time is up; generated inputs are kept
    // (a few) as further material to mutate
    let mut recent: Vec<Vec<u8>> = Vec::new();
    while started.elapsed() < budget && more(execs) {
        let input = match g.rng.below(10) {
            0..=4 if !corpus.is_empty() || !recent.is_empty() => {
                let i = g.rng.below(corpus.len() + recent.len());
                let mut data = if i < corpus.len() {
                    corpus[i].clone()
                } else {
                    recent[i - corpus.len()].clone()
                };
                mutate(&mut g, &mut data, pool);
                data
            }
            5..=8 => {
                let mut data = (t.generate)(&mut g);
                if g.rng.chance(1, 4) {
                    mutate(&mut g, &mut data, pool);
                }
                data.truncate(MAX_INPUT);
                if recent.len() < 64 {
                    recent.push(data.clone());
                } else {
                    let slot = g.rng.below(64);
                    recent[slot] = data.clone();
                }
                data
            }
            _ => {
                // any corpus file of any parser, mutated: JSON where SIP is expected and so on
                let mut data = g.rng.pick(pool).clone();
                mutate(&mut g, &mut data, pool);
                data
            }
        };
        exec(t, &input, &mut seen, failures, &mut slow);
        execs += 1;
    }
    Stats {
        execs,
        secs: started.elapsed().as_secs_f64(),
        corpus: corpus.len(),
        panics: failures.len() - before,
    }
}

fn replay(paths: &str) {
    let mut failed = Vec::new();
    for path in paths.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let stem = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let name = stem.rsplit_once('-').map_or(stem, |(n, _)| n);
        let name = name.strip_suffix("-slow").unwrap_or(name);
        let t = TARGETS.iter().find(|t| t.name == name).unwrap_or_else(|| {
            panic!(
                "{path}: name it <parser>-<n>.bin, parser one of {:?}",
                names()
            )
        });
        let input = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut seen, mut slow) = (HashSet::new(), 0);
        let mut failures = Vec::new();
        let started = Instant::now();
        exec(t, &input, &mut seen, &mut failures, &mut slow);
        println!(
            "fuzz: replayed {path} through {} in {:.3} s: {}",
            t.name,
            started.elapsed().as_secs_f64(),
            failures
                .first()
                .map_or("no panic".to_string(), |f| f.panic.clone())
        );
        failed.extend(failures.into_iter().map(|f| f.panic));
    }
    assert!(
        failed.is_empty(),
        "{} replayed inputs panicked",
        failed.len()
    );
}

fn names() -> Vec<&'static str> {
    TARGETS.iter().map(|t| t.name).collect()
}

#[test]
fn fuzz_every_parser_of_outside_data() {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into());
        let mut location = info.location().map(|l| l.to_string()).unwrap_or_default();
        if !location.starts_with("src/") {
            // a panic inside the standard library: name the crate's own frame that led there
            let trace = std::backtrace::Backtrace::force_capture().to_string();
            let ours = trace
                .lines()
                .map(str::trim)
                .filter_map(|l| l.strip_prefix("at "))
                .find(|l| l.contains("/src/") && !l.contains("/rustc/") && !l.contains("/.cargo/"));
            if let Some(frame) = ours {
                let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
                let frame = frame
                    .strip_prefix(root)
                    .or_else(|| frame.strip_prefix("./"))
                    .unwrap_or(frame);
                location = format!("{location}, called from {frame}");
            }
        }
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{payload} at {location}"));
        }
    }));
    let result = catch_unwind(run_all);
    std::panic::set_hook(previous_hook);
    if let Err(e) = result {
        let message = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the fuzz harness failed".into());
        panic!("{message}");
    }
}

fn run_all() {
    if let Some(paths) = env_var("FLOORWALKER_FUZZ_REPLAY") {
        return replay(&paths);
    }
    let secs: f64 = env_var("FLOORWALKER_FUZZ_SECS")
        .map(|s| {
            s.trim()
                .parse()
                .expect("FLOORWALKER_FUZZ_SECS must be a number of seconds")
        })
        .unwrap_or(10.0);
    let cap: Option<u64> = env_var("FLOORWALKER_FUZZ_ITERS").map(|s| {
        s.trim()
            .parse()
            .expect("FLOORWALKER_FUZZ_ITERS must be a whole number")
    });
    let seed = env_var("FLOORWALKER_FUZZ_SEED").map_or(DEFAULT_SEED, |s| parse_seed(&s));
    let only: Option<Vec<String>> = env_var("FLOORWALKER_FUZZ_ONLY")
        .map(|s| s.split(',').map(|n| n.trim().to_string()).collect());
    let targets: Vec<&Target> = TARGETS
        .iter()
        .filter(|t| {
            only.as_ref()
                .map_or(true, |o| o.iter().any(|n| n == t.name))
        })
        .collect();
    assert!(
        !targets.is_empty(),
        "FLOORWALKER_FUZZ_ONLY names none of {:?}",
        names()
    );

    let pool: Vec<Vec<u8>> = [
        "sip",
        "livevox",
        "gws-reply",
        "gws-notification",
        "bayeux",
        "set-cookie",
        "retry-after",
        "lenient",
        "options",
    ]
    .iter()
    .flat_map(|d| load_dir(d))
    .collect();
    println!(
        "fuzz: seed {seed:#x} (FLOORWALKER_FUZZ_SEED={seed:#x} repeats this run), {secs} s over {} parsers{}",
        targets.len(),
        cap.map(|c| format!(", at most {c} execs each")).unwrap_or_default()
    );

    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(secs.max(0.0));
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let mut total = 0u64;
    for (i, t) in targets.iter().enumerate() {
        // an even share of what is left, so that a slow parser does not eat the others' time
        let left = deadline.saturating_duration_since(Instant::now());
        let budget = left / (targets.len() - i) as u32;
        let s = fuzz_target(t, seed, budget, cap, &pool, &mut failures);
        println!(
            "fuzz: {} {} execs in {:.1} s ({} corpus files, {} panics)",
            t.name, s.execs, s.secs, s.corpus, s.panics
        );
        summary.push(format!("{} {} execs in {:.1} s", t.name, s.execs, s.secs));
        total += s.execs;
    }
    println!(
        "fuzz: {}; total {total} execs in {:.1} s (seed {seed:#x}, {} panics)",
        summary.join("; "),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    // one report per distinct panic (parser and location), with its first input
    let mut distinct: Vec<(&str, String)> = Vec::new();
    for f in &failures {
        let location = f
            .panic
            .rsplit(" at ")
            .next()
            .unwrap_or_default()
            .to_string();
        if distinct
            .iter()
            .any(|(p, l)| *p == f.parser && *l == location)
        {
            continue;
        }
        let count = failures
            .iter()
            .filter(|g| {
                g.parser == f.parser && g.panic.rsplit(" at ").next() == Some(location.as_str())
            })
            .count();
        let saved = failures
            .iter()
            .filter(|g| {
                g.parser == f.parser && g.panic.rsplit(" at ").next() == Some(location.as_str())
            })
            .find_map(|g| g.saved.as_ref());
        println!(
            "fuzz: PANIC in {} ({count} inputs): {}\n      first input: {}{}",
            f.parser,
            f.panic,
            f.preview,
            saved
                .map(|p| format!("\n      saved to {}", p.display()))
                .unwrap_or_default()
        );
        distinct.push((f.parser, location));
    }
    assert!(
        failures.is_empty(),
        "{} inputs panicked ({} distinct panics); see the lines above and target/fuzz-failures/",
        failures.len(),
        distinct.len()
    );
}
