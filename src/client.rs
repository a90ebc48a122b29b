//! The request pipeline every platform client goes through: base URL, headers, JSON, per-call
//! timeout, cancellation, retries with backoff and `Retry-After`, logging, and the one mapping
//! from HTTP statuses and vendor bodies to [`ErrorCode`]s.

use crate::error::{Error, ErrorCode, RequestId, Result};
use crate::http::{
    unless_cancelled, CancelToken, HttpRequest, HttpResponse, Method, Runtime, Transport,
};
use futures_util::future::{select, Either};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::rc::Rc;
use tsify::Tsify;

pub mod options;
pub mod renewal;
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
pub mod retry;

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// The longest `Retry-After` the SDK ever waits out by itself. A call waits out a `Retry-After`
/// up to the larger of the retry policy's `maxDelayMs` and its own `timeoutMs` (never beyond
/// this); a longer one fails the call at once with `retryAfterMs`, so the caller decides.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// How failed calls are retried: only reads (GET) on network errors, timeouts and 5xx, and any
/// call on 429/503. Delays grow as `baseDelayMs * 2^n` up to `maxDelayMs`, with jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct RetryOptions {
    /// Retries after the first attempt (0 disables retries). Default 2.
    pub max_retries: u32,
    /// The first backoff delay in milliseconds. Default 250.
    pub base_delay_ms: u32,
    /// The largest backoff delay in milliseconds. Default 5000.
    pub max_delay_ms: u32,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            max_retries: 2,
            base_delay_ms: 250,
            max_delay_ms: 5_000,
        }
    }
}

impl RetryOptions {
    /// The backoff before retry number `attempt` (0-based), jitter drawn from `random` in [0,1).
    pub fn backoff_ms(&self, attempt: u32, random: f64) -> u32 {
        let exp = 1u64 << attempt.min(20);
        let full = (u64::from(self.base_delay_ms) * exp).min(u64::from(self.max_delay_ms));
        // "Full jitter": anywhere from 0 to the capped exponential, so that many clients
        // retrying together spread out instead of arriving in waves.
        let jittered = (full as f64 * random.clamp(0.0, 1.0)) as u64;
        u32::try_from(jittered).unwrap_or(u32::MAX)
    }

    /// Rejects values that would make the client misbehave.
    pub fn validate(&self) -> Result<()> {
        if self.max_retries > 10 {
            return Err(Error::invalid_argument(
                "retry",
                "retry.maxRetries must be between 0 and 10.",
            ));
        }
        if self.base_delay_ms > self.max_delay_ms {
            return Err(Error::invalid_argument(
                "retry",
                "retry.baseDelayMs must not exceed retry.maxDelayMs.",
            ));
        }
        Ok(())
    }
}

/// One line of the pluggable logger. Never carries a password, token, session id or body.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LogEvent {
    /// `"debug"` (a call succeeded), `"warn"` (it will be retried, or the session was
    /// renewed), `"error"` (it failed).
    pub level: LogLevel,
    /// The id of the call this line belongs to (the same on each of its attempts and retries),
    /// also set as `requestId` on the `FloorwalkerError` the call rejects with: how a failure
    /// is tied to its log lines. Absent on lines that belong to no one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// A readable line such as `POST /callControl/supervisor/chat/send -> 204 in 12 ms`.
    pub message: String,
    /// The HTTP method.
    pub method: String,
    /// The path, without query, with secret ids hidden.
    pub path: String,
    /// The HTTP status, when there was an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How long the attempt took.
    pub duration_ms: f64,
}

/// Severity of a [`LogEvent`], lowest first; also the `logLevel` option, the lowest severity a
/// client passes to its `logger`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Routine: a call succeeded.
    Debug,
    /// A step worth a line in a production log (none of the SDK's own lines today; the level
    /// exists so that `logLevel: "info"` reads as in other loggers).
    Info,
    /// Worth knowing: a retry, a renewed session.
    Warn,
    /// A call failed.
    Error,
}

impl LogLevel {
    /// The level's name, as it serializes (`"debug"`, `"info"`, `"warn"`, `"error"`).
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }

    /// Reads the `logLevel` option: `"debug"`, `"info"`, `"warn"` or `"error"`; anything else
    /// is `INVALID_ARGUMENT` naming `logLevel`.
    pub fn parse(text: &str) -> Result<LogLevel> {
        match text {
            "debug" => Ok(LogLevel::Debug),
            "info" => Ok(LogLevel::Info),
            "warn" => Ok(LogLevel::Warn),
            "error" => Ok(LogLevel::Error),
            _ => Err(Error::invalid_argument(
                "logLevel",
                "logLevel must be \"debug\", \"info\", \"warn\" or \"error\".",
            )),
        }
    }
}

/// The logger callback.
pub type Logger = Rc<dyn Fn(&LogEvent)>;

/// `logger`, passed only the events at `threshold` or above. The default threshold,
/// [`LogLevel::Debug`], passes everything.
pub fn with_threshold(logger: Logger, threshold: LogLevel) -> Logger {
    if threshold == LogLevel::Debug {
        return logger;
    }
    Rc::new(move |event: &LogEvent| {
        if event.level >= threshold {
            logger(event);
        }
    })
}

thread_local! {
    /// This module instance's tag (drawn once) and the number of calls so far.
    static REQUEST_IDS: std::cell::Cell<Option<(u64, u64)>> = const { std::cell::Cell::new(None) };
}

/// A new per-call id (see [`RequestId`]): the tag is drawn from `runtime` on first use.
pub fn next_request_id(runtime: &dyn Runtime) -> RequestId {
    REQUEST_IDS.with(|ids| {
        let (tag, n) = ids.get().unwrap_or_else(|| {
            let tag = (runtime.random().clamp(0.0, 1.0) * 1_679_616.0) as u64; // 36^4
            (tag, 0)
        });
        let n = n + 1;
        ids.set(Some((tag, n)));
        RequestId::new(tag, n)
    })
}

/// Per-call options: the last argument of every method that does I/O.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Overrides the client's timeout for each request of this call.
    pub timeout_ms: Option<u32>,
    /// Cancels the call when fired (the JS `AbortSignal`).
    pub cancel: Option<CancelToken>,
}

/// A checked base URL: `https://`, or `http://` on a loopback host; no query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url` (the option named `field`) and drops a trailing `/`.
    pub fn parse(url: &str, field: &str) -> Result<BaseUrl> {
        let checked = check_url(url, field)?;
        if checked.contains(['?', '#']) {
            return Err(Error::invalid_argument(
                field,
                format!("{field} must not contain a query or fragment."),
            ));
        }
        Ok(BaseUrl(checked.trim_end_matches('/').to_string()))
    }

    /// The URL as given, without trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `self` + `path` (which starts with `/`) + `?query`.
    pub fn join(&self, path: &str, query: &[(String, String)]) -> String {
        let mut url = format!("{}{}", self.0, path);
        for (i, (k, v)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&encode_component(k));
            url.push('=');
            url.push_str(&encode_component(v));
        }
        url
    }
}

/// `url` split at its first `://` (found by bytes: a `&str` pattern would link core's
/// substring searcher for this one use).
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let at = url.as_bytes().windows(3).position(|w| w == b"://")?;
    Some((url.get(..at)?, url.get(at + 3..)?))
}

/// Checks an absolute URL the SDK is given: `https://` anywhere, `http://` only for
/// `localhost`, `127.0.0.0/8` and `[::1]`; no credentials, spaces or control characters.
/// Returns the URL unchanged.
pub fn check_url(url: &str, field: &str) -> Result<String> {
    let bad = |why: &str| Error::invalid_argument(field, format!("{field} {why}"));
    if url.is_empty() {
        return Err(bad("is required (e.g. \"https://api.livevox.com\")."));
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("must not contain spaces or control characters."));
    }
    let (scheme, rest) = split_scheme(url)
        .ok_or_else(|| bad("must be an absolute URL such as \"https://api.livevox.com\"."))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return Err(bad("has no host."));
    }
    if authority.contains('@') {
        return Err(bad("must not carry credentials; pass them as options."));
    }
    let host = if let Some(stripped) = authority.strip_prefix('[') {
        match stripped.split_once(']') {
            Some((h, _)) => format!("[{h}]"),
            None => return Err(bad("has a malformed IPv6 host.")),
        }
    } else {
        authority.split(':').next().unwrap_or_default().to_string()
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_string()),
        "http" if is_loopback(&host) => Ok(url.to_string()),
        "http" => Err(bad(
            "must use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and [::1]).",
        )),
        _ => Err(bad("must start with https://.")),
    }
}

fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    if h == "localhost" || h == "[::1]" {
        return true;
    }
    let parts: Vec<&str> = h.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
        && parts.first() == Some(&"127")
}

/// Percent-encodes a query component: everything but `A-Z a-z 0-9 - . _ ~` (so `+` is `%2B`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Fails with `INVALID_ARGUMENT` if `value` has a CR, LF or other control character (it would
/// split a header or a path).
pub fn check_no_control(field: &str, value: &str) -> Result<()> {
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must not contain line breaks or control characters."),
        ));
    }
    Ok(())
}

/// Fails with `INVALID_ARGUMENT` naming `field` unless every HTTP client can send `value` as a
/// header value unchanged: visible ASCII (`!` to `~`), with spaces only between other
/// characters. A line break or NUL would split the request; a character past ASCII (`é`, `€`,
/// an emoji) is refused by `fetch` ("not a valid ByteString") or sent differently by each
/// runtime; and `fetch` silently trims spaces at either end. Every header value built from the
/// caller's input (access tokens, session ids, extra headers) goes through this check before
/// anything is sent.
pub fn check_header_value(field: &str, value: &str) -> Result<()> {
    check_no_control(field, value)?;
    if let Some(c) = value.chars().find(|c| !(c.is_ascii_graphic() || *c == ' ')) {
        // the character pushed and its code point written by hand: `{c}` and `{:04X}` would
        // link core's char and hexadecimal formatting for this one message
        let mut msg = format!("{field} contains '");
        msg.push(c);
        msg.push_str("' (U+");
        msg.push_str(&crate::lenient::hex_text(u32::from(c), true, 4));
        msg.push_str(
            "), which an HTTP header cannot carry: only visible ASCII characters are allowed.",
        );
        return Err(Error::invalid_argument(field, msg));
    }
    if value.starts_with(' ') || value.ends_with(' ') {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must not start or end with a space (HTTP drops it)."),
        ));
    }
    Ok(())
}

/// Fails with `INVALID_ARGUMENT` unless `value` is non-blank and free of control characters:
/// the rule for ids (agent login ids, session ids, phone numbers).
pub fn check_id(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must be a non-empty string."),
        ));
    }
    check_no_control(field, value)
}

/// A request before the pipeline adds the base URL and standard headers. Its `Debug` output
/// shows the logged path (secret ids hidden), the header names and the body's size.
#[derive(Clone)]
pub struct ApiRequest {
    /// The method.
    pub method: Method,
    /// The path below the base URL, starting with `/`.
    pub path: String,
    /// Query parameters (encoded by the pipeline).
    pub query: Vec<(String, String)>,
    /// Extra headers (auth).
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// The path as the logger shows it, when it differs (secret ids hidden).
    pub log_path: Option<String>,
    /// Whether a 401 means "session expired" (every call but login).
    pub session_bound: bool,
    /// Whether a browser should include its cookies (see [`HttpRequest::with_credentials`]).
    pub with_credentials: bool,
}

impl std::fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.log_path.as_deref().unwrap_or(&self.path))
            .field("headers", &names)
            .field("body_bytes", &self.body.as_ref().map(String::len))
            .finish_non_exhaustive()
    }
}

impl ApiRequest {
    /// A request with no query, body or extra headers.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            log_path: None,
            session_bound: true,
            with_credentials: false,
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_string(), value.into()));
        self
    }

    /// Adds a header; a value HTTP cannot carry (see [`check_header_value`]) is
    /// `INVALID_ARGUMENT` naming `field`.
    pub fn header(mut self, name: &str, value: &str, field: &str) -> Result<Self> {
        check_header_value(field, value)?;
        self.headers.push((name.to_string(), value.to_string()));
        Ok(self)
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize>(self, body: &T) -> Result<Self> {
        self.json_text(serde_json::to_string(body))
    }

    /// The part of [`ApiRequest::json`] that does not depend on the body's type (one copy).
    #[inline(never)]
    fn json_text(mut self, text: serde_json::Result<String>) -> Result<Self> {
        let text = text
            .map_err(|e| Error::invalid_argument("body", format!("cannot encode the body: {e}")))?;
        self.body = Some(text);
        Ok(self)
    }

    /// Sets the path shown by the logger.
    pub fn log_as(mut self, path: impl Into<String>) -> Self {
        self.log_path = Some(path.into());
        self
    }

    /// Asks browsers to send and keep cookies for this request (GWS, CometD).
    pub fn with_credentials(mut self) -> Self {
        self.with_credentials = true;
        self
    }

    /// Marks this as a login request (401 means bad credentials, not an expired session).
    pub fn not_session_bound(mut self) -> Self {
        self.session_bound = false;
        self
    }
}

/// Client-wide settings shared by every call.
#[derive(Clone)]
pub struct Pipeline {
    /// Where requests go.
    pub base: BaseUrl,
    /// Per-request timeout unless a call overrides it.
    pub timeout_ms: u32,
    /// Retry policy.
    pub retry: RetryOptions,
    /// Sends requests.
    pub transport: Rc<dyn Transport>,
    /// Time and randomness.
    pub runtime: Rc<dyn Runtime>,
    /// Receives a [`LogEvent`] per attempt.
    pub logger: Option<Logger>,
}

/// What [`Pipeline::send`] does after one attempt.
enum Next {
    /// Return this.
    Done(Result<HttpResponse>),
    /// Try again after this many milliseconds.
    Retry(u32),
}

/// One attempt of a call, as [`Pipeline::after_attempt`] judges it.
#[derive(Clone, Copy)]
struct Attempted<'a> {
    req: &'a ApiRequest,
    log_path: &'a str,
    id: RequestId,
    attempt: u32,
    timeout_ms: u32,
    retry_after_cap: u64,
    duration_ms: f64,
}

enum Attempt {
    Answer(HttpResponse),
    Timeout,
    Network(String),
}

impl Pipeline {
    /// Sends `req`, retrying where that is safe, and returns a 2xx answer or the mapped error.
    /// The call gets a new request id (see [`next_request_id`]): on each of its log lines, on
    /// the error, and on the answer (for errors found while decoding it).
    pub async fn send(&self, req: &ApiRequest, opts: &CallOptions) -> Result<HttpResponse> {
        let id = next_request_id(self.runtime.as_ref());
        match self.send_as(req, opts, id).await {
            Ok(mut resp) => {
                resp.request_id = Some(id);
                Ok(resp)
            }
            Err(e) => Err(e.with_request_id(id)),
        }
    }

    async fn send_as(
        &self,
        req: &ApiRequest,
        opts: &CallOptions,
        id: RequestId,
    ) -> Result<HttpResponse> {
        let timeout_ms = opts.timeout_ms.unwrap_or(self.timeout_ms);
        let retry_after_cap =
            u64::from(self.retry.max_delay_ms.max(timeout_ms)).min(MAX_RETRY_AFTER_MS);
        let cancel = opts.cancel.as_ref();
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if req.body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        headers.extend(req.headers.iter().cloned());
        let http = HttpRequest {
            method: req.method,
            url: self.base.join(&req.path, &req.query),
            headers,
            body: req.body.clone(),
            with_credentials: req.with_credentials,
        };
        let log_path = req.log_path.as_deref().unwrap_or(&req.path);

        let mut attempt = 0u32;
        loop {
            if cancel.is_some_and(CancelToken::is_cancelled) {
                return Err(Error::aborted());
            }
            let started = self.runtime.now_ms();
            let outcome = {
                let send = self.transport.send(http.clone());
                let timer = self.runtime.sleep(timeout_ms);
                let raced = unless_cancelled(select(send, timer), cancel).await;
                match raced {
                    None => return Err(Error::aborted()),
                    Some(Either::Left((Ok(resp), _))) => Attempt::Answer(resp),
                    Some(Either::Left((Err(e), _))) => Attempt::Network(e.message),
                    Some(Either::Right(_)) => Attempt::Timeout,
                }
            };
            let duration_ms = self.runtime.now_ms() - started;
            let attempted = Attempted {
                req,
                log_path,
                id,
                attempt,
                timeout_ms,
                retry_after_cap,
                duration_ms,
            };
            match self.after_attempt(&attempted, outcome) {
                Next::Done(result) => return result,
                Next::Retry(delay) => {
                    if unless_cancelled(self.runtime.sleep(delay), cancel)
                        .await
                        .is_none()
                    {
                        return Err(Error::aborted());
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// What follows one attempt: its answer, its error, or a retry after a delay (logged).
    /// Not async, and not inlined into [`Pipeline::send`]'s state machine: one copy.
    #[inline(never)]
    fn after_attempt(&self, at: &Attempted<'_>, outcome: Attempt) -> Next {
        let Attempted {
            req,
            log_path,
            id,
            attempt,
            timeout_ms,
            retry_after_cap,
            duration_ms,
        } = *at;
        let status = match &outcome {
            Attempt::Answer(r) => Some(r.status),
            _ => None,
        };
        let retry_after_ms = match &outcome {
            Attempt::Answer(r) => r
                .header("retry-after")
                .and_then(|v| parse_retry_after(v, self.runtime.now_ms())),
            _ => None,
        };
        let outcome = match outcome {
            Attempt::Answer(resp) if (200..300).contains(&resp.status) => {
                self.log(
                    id,
                    LogLevel::Debug,
                    req.method,
                    log_path,
                    status,
                    duration_ms,
                    "",
                );
                return Next::Done(Ok(resp));
            }
            other => other,
        };
        let retryable = match &outcome {
            Attempt::Network(_) | Attempt::Timeout => req.method == Method::Get,
            Attempt::Answer(r) => {
                r.status == 429
                    || r.status == 503
                    || (req.method == Method::Get && (500..600).contains(&r.status))
            }
        };
        let delay = match retry_after_ms {
            Some(ms) if ms > retry_after_cap => None,
            Some(ms) => Some(ms as u32),
            None => Some(self.retry.backoff_ms(attempt, self.runtime.random())),
        };
        match delay {
            Some(delay) if retryable && attempt < self.retry.max_retries => {
                self.log(
                    id,
                    LogLevel::Warn,
                    req.method,
                    log_path,
                    status,
                    duration_ms,
                    &format!("; retrying in {delay} ms"),
                );
                Next::Retry(delay)
            }
            _ => {
                // A 401 on a session call is usually followed by a renewal: a warning.
                let level = if req.session_bound && status == Some(401) {
                    LogLevel::Warn
                } else {
                    LogLevel::Error
                };
                self.log(id, level, req.method, log_path, status, duration_ms, "");
                Next::Done(Err(match outcome {
                    Attempt::Answer(resp) => {
                        error_from_response(&resp, req.session_bound, retry_after_ms)
                    }
                    Attempt::Timeout => Error::timeout(timeout_ms),
                    Attempt::Network(msg) => Error::new(
                        ErrorCode::Network,
                        format!(
                            "Could not reach {} ({msg}); check the address, the network and CORS.",
                            self.base.as_str()
                        ),
                    ),
                }))
            }
        }
    }

    /// Logs a note that is not one HTTP attempt (e.g. a renewed session).
    pub fn note(&self, level: LogLevel, method: Method, path: &str, message: &str) {
        if let Some(logger) = &self.logger {
            logger(&LogEvent {
                level,
                request_id: None,
                message: message.to_string(),
                method: method.as_str().to_string(),
                path: path.to_string(),
                status: None,
                duration_ms: 0.0,
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn log(
        &self,
        id: RequestId,
        level: LogLevel,
        method: Method,
        path: &str,
        status: Option<u16>,
        duration_ms: f64,
        suffix: &str,
    ) {
        if let Some(logger) = &self.logger {
            let outcome = match status {
                Some(s) => s.to_string(),
                None => "no answer".to_string(),
            };
            let duration_ms = (duration_ms * 10.0).round() / 10.0;
            logger(&LogEvent {
                level,
                request_id: Some(id.to_string()),
                message: format!(
                    "{} {path} -> {outcome} in {} ms{suffix}",
                    method.as_str(),
                    tenths_text(duration_ms)
                ),
                method: method.as_str().to_string(),
                path: path.to_string(),
                status,
                duration_ms,
            });
        }
    }
}

/// The vendor's error fields `(code, message)`, read from a LiveVox `{code, message}` or GWS
/// `{statusCode, statusMessage}` body: `code` an integer (or numeric text), anything else in it
/// reads as absent. A body that is not a JSON object, or that gives both names of one field,
/// gives neither. Read through `serde_json::Value`, whose reader every module holds already,
/// rather than a derived reader of its own.
fn vendor_fields(body: &str) -> (Option<i64>, Option<serde_json::Value>) {
    use serde_json::Value;
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(body) else {
        return (None, None);
    };
    // `get`, not `remove`: keeps `BTreeMap::remove` (and its rebalancing) out of the modules
    // that need nothing else of it
    let field = |name: &str, alias: &str| match (obj.get(name), obj.get(alias)) {
        (Some(_), Some(_)) => Err(()),
        (one, other) => Ok(one.or(other).filter(|v| !v.is_null())),
    };
    match (
        field("code", "statusCode"),
        field("message", "statusMessage"),
    ) {
        (Ok(code), Ok(message)) => (code.and_then(crate::lenient::int_value), message.cloned()),
        _ => (None, None),
    }
}

/// The one mapping from a non-2xx answer to an [`Error`].
pub fn error_from_response(
    resp: &HttpResponse,
    session_bound: bool,
    retry_after_ms: Option<u64>,
) -> Error {
    let (vendor_code, vendor_message) = vendor_fields(&resp.body);
    let vendor_message = match vendor_message {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(crate::lenient::json_text(&other)),
    };
    let status = resp.status;
    let (code, advice) = match status {
        400 => (
            ErrorCode::InvalidArgument,
            "the platform rejected the request as invalid; check the arguments",
        ),
        401 if session_bound => (
            ErrorCode::SessionExpired,
            "the session is no longer valid; log in again",
        ),
        401 => (
            ErrorCode::Unauthorized,
            "the platform refused the credentials or access token; check them and the environment's baseUrl",
        ),
        403 => (
            ErrorCode::Forbidden,
            "the user's role may not do this; use a user with the needed role",
        ),
        404 => (ErrorCode::NotFound, "the platform does not know this resource"),
        409 => (
            ErrorCode::Conflict,
            "the request conflicts with the current state on the platform",
        ),
        429 => (
            ErrorCode::RateLimited,
            "the platform asked to slow down; wait retryAfterMs before calling again",
        ),
        500..=599 => (
            ErrorCode::ServerError,
            "the platform failed; try again later",
        ),
        _ => (ErrorCode::VendorError, "the platform refused the request"),
    };
    let mut message = format!("HTTP {}: {advice}", crate::lenient::int_text(status.into()));
    if let Some(vm) = &vendor_message {
        let _ = write!(message, " (platform says: {vm})");
    }
    message.push('.');
    let mut err = Error::new(code, message).with_status(status);
    err.vendor_code = vendor_code;
    err.vendor_message = vendor_message;
    err.retry_after_ms = retry_after_ms;
    err
}

/// A duration rounded to tenths as `{}` prints it (`12.3`, `12`), with integer formatting only:
/// `{}` of an `f64` would add Rust's float formatting to the module for log lines alone.
pub(crate) fn tenths_text(ms: f64) -> String {
    let tenths = (ms * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    match t % 10 {
        0 => format!("{sign}{}", t / 10),
        d => format!("{sign}{}.{d}", t / 10),
    }
}

/// Reads `Retry-After` (RFC 9110, section 10.2.3): delay seconds, or an HTTP date in any of its
/// three forms (see [`crate::http::parse_http_date`]), then relative to `now_ms`. A date in the
/// past means "now" (0); anything unreadable is `None`, as if the header were absent.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than fit are "very long": the caller then rejects at once.
        return Some(v.parse::<u64>().unwrap_or(u64::MAX).saturating_mul(1000));
    }
    let at = crate::http::parse_http_date(v, now_ms)?;
    let diff = at - now_ms;
    Some(if diff > 0.0 { diff.ceil() as u64 } else { 0 })
}

/// Decodes a JSON body into `T`; a body that does not fit is `BAD_RESPONSE`.
pub fn decode_json<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T> {
    serde_json::from_str(&resp.body).map_err(|e| undecodable(&e, resp))
}

/// The `BAD_RESPONSE` for an answer that does not decode (one copy, not one per reply type).
#[inline(never)]
fn undecodable(e: &serde_json::Error, resp: &HttpResponse) -> Error {
    let err = Error::bad_response(e).with_status(resp.status);
    match resp.request_id {
        Some(id) => err.with_request_id(id),
        None => err,
    }
}

/// Like [`decode_json`], but an empty body (204) reads as `None`.
pub fn decode_optional_json<T: DeserializeOwned>(resp: &HttpResponse) -> Result<Option<T>> {
    if resp.status == 204 || resp.body.trim().is_empty() {
        Ok(None)
    } else {
        decode_json(resp).map(Some)
    }
}

#[cfg(test)]
mod tests;
