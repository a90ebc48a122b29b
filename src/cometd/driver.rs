//! [`CometdClient`]: the [`Machine`] driven over a [`Transport`] and a [`Runtime`]. Requests
//! are JSON arrays POSTed to one URL with the client's cookies (Node has no cookie jar of its
//! own; browsers get `credentials: "include"`), and every state change and message goes out
//! through listeners that are called with no borrow held.

use super::message::{decode_messages, encode_messages, Message};
use super::state::{
    Action, CometdState, CometdWarning, ListenerId, Machine, OpId, Outgoing, RequestId, Slot,
    TimerId, Timing,
};
use crate::client::{check_header_value, check_url, error_from_response, CallOptions, LogEvent};
use crate::client::{LogLevel, Logger, Pipeline};
use crate::cookies::CookieJar;
use crate::error::{Error, ErrorCode, Result};
use crate::events::{Emitter, Listener};
use crate::http::{
    unless_cancelled, HttpRequest, HttpResponse, Method, Runtime, Transport, TransportError,
};
use futures_util::future::{select, Either, LocalBoxFuture};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::rc::{Rc, Weak};
use std::task::{Poll, Waker};

/// A subscriber: called with each message whose channel matches its subscription.
pub type MessageListener = Rc<dyn Fn(&Message)>;

/// The handle [`CometdClient::subscribe`] returns; pass it to [`CometdClient::unsubscribe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubscriptionId(pub ListenerId);

/// An extension, as in CometD's extension registry: sees every message going out (after the
/// client built it, acknowledgement fields included) and coming in (before the client reads
/// it), and may change it (e.g. add an auth token to `ext`) or drop it (`None`).
pub trait Extension {
    /// A message about to be sent; `None` drops it.
    fn outgoing(&self, message: Message) -> Option<Message>;
    /// A message just received; `None` drops it.
    fn incoming(&self, message: Message) -> Option<Message>;
}

/// A reply and, when the host decoded it itself, its messages.
pub type DecodedReply = (HttpResponse, Option<Vec<Message>>);

/// Sends the requests of a host that decodes replies itself (the JavaScript client parses a
/// reply with one `JSON.parse` and keeps each message's `data` as the parsed value, a
/// [`Payload::from_host`](super::Payload::from_host)).
pub trait DecodingTransport {
    /// Sends `request`. The answer comes with its messages (in order, what
    /// [`decode_messages`] would have read, extensions not yet applied) when the host decoded
    /// a 2xx reply, and the body is then not read; with `None` for anything else (another
    /// status, a body the host left to the client), which the client reads as usual.
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, std::result::Result<DecodedReply, TransportError>>;
}

/// Headers computed for each request (e.g. a CSRF token that a renewed session replaces).
pub type HeaderSource = Rc<dyn Fn() -> Vec<(String, String)>>;

/// Refreshes the credentials the requests carry (see [`CometdConfig::refresh_credentials`]);
/// resolves once the next request would carry fresh ones.
pub type CredentialRefresh = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<()>>>;

/// What a [`CometdClient`] is built from.
#[derive(Clone)]
pub struct CometdConfig {
    /// The Bayeux endpoint, e.g. `https://host/api/v2/notifications` (`http://` only for
    /// loopback hosts).
    pub url: String,
    /// Sends the requests.
    pub transport: Rc<dyn Transport>,
    /// Time and randomness.
    pub runtime: Rc<dyn Runtime>,
    /// The cookies sent with every request and updated from every answer (share one with the
    /// REST client of the same server, e.g. the GWS session's `JSESSIONID`).
    pub cookies: Rc<RefCell<CookieJar>>,
    /// Extra headers for every request, e.g. `Authorization: Basic …`.
    pub headers: Vec<(String, String)>,
    /// Receives one [`LogEvent`] per request and per notable event.
    pub logger: Option<Logger>,
    /// Timeouts and backoff.
    pub timing: Timing,
    /// Offer the acknowledgement extension (default `true`): used when the server agrees.
    pub ack: bool,
    /// Extensions, called in order on outgoing messages and in reverse order on incoming ones.
    pub extensions: Vec<Rc<dyn Extension>>,
    /// More headers, asked for at each request (after [`CometdConfig::headers`]).
    pub header_source: Option<HeaderSource>,
    /// Sends the requests instead of [`CometdConfig::transport`] when set.
    pub decoding_transport: Option<Rc<dyn DecodingTransport>>,
    /// Renews what the requests authenticate with (e.g. the HTTP session behind the cookies
    /// and [`CometdConfig::header_source`]'s CSRF token) when the server refuses it: a
    /// handshake refused for authentication (HTTP 401/403, or a Bayeux 401/403) or a
    /// `/meta/connect` refused with HTTP 401/403 calls it, then handshakes again at once with
    /// the subscriptions replayed. Called at most once until a `/meta/connect` succeeds again;
    /// refused again, or a refresh that fails, ends the client with the server's refusal.
    /// Without it (the default), such a refusal ends the client.
    pub refresh_credentials: Option<CredentialRefresh>,
}

impl CometdConfig {
    /// A configuration with its own empty cookie jar, no extra headers, no logger and the
    /// default [`Timing`].
    pub fn new(url: &str, transport: Rc<dyn Transport>, runtime: Rc<dyn Runtime>) -> Self {
        CometdConfig {
            url: url.to_string(),
            transport,
            runtime,
            cookies: Rc::default(),
            headers: Vec::new(),
            logger: None,
            timing: Timing::default(),
            ack: true,
            extensions: Vec::new(),
            header_source: None,
            decoding_transport: None,
            refresh_credentials: None,
        }
    }

    /// A configuration using a REST client's transport, runtime, logger and timeout.
    pub fn from_pipeline(url: &str, pipeline: &Pipeline) -> Self {
        let mut c = CometdConfig::new(url, pipeline.transport.clone(), pipeline.runtime.clone());
        c.logger = pipeline.logger.clone();
        c.timing.timeout_ms = pipeline.timeout_ms;
        c
    }

    /// Adds a header sent with every request (checked by [`CometdClient::new`]).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Uses `jar` for cookies (shared with whoever else holds it).
    pub fn cookies(mut self, jar: Rc<RefCell<CookieJar>>) -> Self {
        self.cookies = jar;
        self
    }
}

enum OpSlot {
    Waiting(Option<Waker>),
    Done(Result<()>),
}

struct Inner {
    url: String,
    log_path: String,
    transport: Rc<dyn Transport>,
    decoding_transport: Option<Rc<dyn DecodingTransport>>,
    runtime: Rc<dyn Runtime>,
    cookies: Rc<RefCell<CookieJar>>,
    headers: Vec<(String, String)>,
    header_source: Option<HeaderSource>,
    refresh_credentials: Option<CredentialRefresh>,
    extensions: Vec<Rc<dyn Extension>>,
    logger: Option<Logger>,
    timing: Timing,
    machine: RefCell<Machine>,
    /// Actions the machine returned, in order, for the driver loop to carry out.
    actions: RefCell<Vec<Action>>,
    driver_waker: RefCell<Option<Waker>>,
    /// Operations callers wait for (few at a time: a list beats a hash map in code size).
    ops: RefCell<Vec<(OpId, OpSlot)>>,
    next_id: Cell<u64>,
    listeners: RefCell<Vec<(ListenerId, MessageListener)>>,
    states: Emitter<CometdState>,
    rehandshakes: Emitter<()>,
    warnings: Emitter<CometdWarning>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Let the driver loop see that the client is gone, and end.
        if let Some(w) = self.driver_waker.get_mut().take() {
            w.wake();
        }
    }
}

impl Inner {
    fn next_id(&self) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        id
    }

    /// Runs a machine command and hands its actions to the driver loop.
    fn command(&self, f: impl FnOnce(&mut Machine) -> Vec<Action>) {
        let actions = f(&mut self.machine.borrow_mut());
        self.enqueue(actions);
    }

    fn enqueue(&self, actions: Vec<Action>) {
        if actions.is_empty() {
            return;
        }
        self.actions.borrow_mut().extend(actions);
        let waker = self.driver_waker.borrow().clone();
        if let Some(w) = waker {
            w.wake();
        }
    }

    fn new_op(&self) -> OpId {
        let op = self.next_id();
        self.ops.borrow_mut().push((op, OpSlot::Waiting(None)));
        op
    }

    fn drop_op(&self, op: OpId) {
        self.ops.borrow_mut().retain(|(o, _)| *o != op);
    }

    fn listener(&self, id: ListenerId) -> Option<MessageListener> {
        let listeners = self.listeners.borrow();
        listeners
            .iter()
            .find(|(l, _)| *l == id)
            .map(|(_, f)| f.clone())
    }

    fn drop_listeners(&self, ids: &[ListenerId]) {
        self.listeners
            .borrow_mut()
            .retain(|(l, _)| !ids.contains(l));
    }

    fn settle(&self, op: OpId, result: Result<()>) {
        let waker = {
            let mut ops = self.ops.borrow_mut();
            match ops.iter_mut().find(|(o, _)| *o == op).map(|(_, s)| s) {
                Some(slot @ OpSlot::Waiting(_)) => {
                    match std::mem::replace(slot, OpSlot::Done(result)) {
                        OpSlot::Waiting(w) => w,
                        OpSlot::Done(_) => None,
                    }
                }
                _ => None,
            }
        };
        if let Some(w) = waker {
            w.wake();
        }
    }

    fn log(&self, level: LogLevel, message: String, status: Option<u16>, duration_ms: f64) {
        if let Some(logger) = &self.logger {
            logger(&LogEvent {
                level,
                request_id: None,
                message,
                method: Method::Post.as_str().to_string(),
                path: self.log_path.clone(),
                status,
                duration_ms,
            });
        }
    }

    /// Starts one request; the future reports the decoded reply or the error.
    fn request(self: &Rc<Self>, out: &Outgoing) -> LocalBoxFuture<'static, Result<Vec<Message>>> {
        let mut messages = out.messages.clone();
        for ext in &self.extensions {
            messages = messages
                .into_iter()
                .filter_map(|m| ext.outgoing(m))
                .collect();
        }
        if messages.is_empty() {
            return Box::pin(async { Ok(Vec::new()) });
        }
        let body = match encode_messages(&messages) {
            Ok(b) => b,
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let mut headers = vec![
            (
                "Content-Type".to_string(),
                "application/json;charset=UTF-8".to_string(),
            ),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        headers.extend(self.headers.iter().cloned());
        if let Some(source) = &self.header_source {
            headers.extend(
                source()
                    .into_iter()
                    .filter(|(n, v)| check_header(n, v).is_ok()),
            );
        }
        if let Some(cookie) = self.cookies.borrow().header() {
            headers.push(("Cookie".to_string(), cookie));
        }
        let request = HttpRequest {
            method: Method::Post,
            url: self.url.clone(),
            headers,
            body: Some(body),
            with_credentials: true,
        };
        let what = describe(&messages);
        let timeout_ms = out.timeout_ms;
        let send: LocalBoxFuture<'static, _> = match &self.decoding_transport {
            Some(t) => t.send(request),
            None => {
                let sent = self.transport.send(request);
                Box::pin(async move { sent.await.map(|r| (r, None)) })
            }
        };
        let timer = self.runtime.sleep(timeout_ms);
        let started = self.runtime.now_ms();
        let weak = Rc::downgrade(self);
        Box::pin(async move {
            let outcome = select(send, timer).await;
            let inner = weak.upgrade();
            let elapsed = inner.as_ref().map_or(0.0, |i| {
                ((i.runtime.now_ms() - started) * 10.0).round() / 10.0
            });
            let note = |level: LogLevel, outcome: &str, status: Option<u16>| {
                if let Some(i) = &inner {
                    i.log(
                        level,
                        format!(
                            "POST {} {what} -> {outcome} in {} ms",
                            i.log_path,
                            crate::client::tenths_text(elapsed)
                        ),
                        status,
                        elapsed,
                    );
                }
            };
            match outcome {
                Either::Left((Ok((resp, predecoded)), _)) => {
                    if let Some(i) = &inner {
                        i.cookies.borrow_mut().store(&resp);
                    }
                    if (200..300).contains(&resp.status) {
                        let decoded = match predecoded {
                            Some(messages) => Ok(messages),
                            None => decode_messages(&resp.body),
                        };
                        let decoded =
                            decoded
                                .map_err(|e| e.with_status(resp.status))
                                .map(|m| match &inner {
                                    Some(i) if !i.extensions.is_empty() => i.incoming(m),
                                    _ => m,
                                });
                        let level = if decoded.is_ok() {
                            LogLevel::Debug
                        } else {
                            LogLevel::Warn
                        };
                        note(
                            level,
                            &crate::lenient::int_text(resp.status.into()),
                            Some(resp.status),
                        );
                        decoded
                    } else {
                        note(
                            LogLevel::Warn,
                            &crate::lenient::int_text(resp.status.into()),
                            Some(resp.status),
                        );
                        Err(error_from_response(&resp, false, None))
                    }
                }
                Either::Left((Err(e), _)) => {
                    note(LogLevel::Warn, "no answer", None);
                    Err(Error::new(
                        ErrorCode::Network,
                        format!(
                            "Could not reach the Bayeux server ({}); check the url, the network and CORS.",
                            e.message
                        ),
                    ))
                }
                Either::Right(_) => {
                    note(LogLevel::Warn, "no answer", None);
                    Err(Error::timeout(timeout_ms))
                }
            }
        })
    }
}

impl Inner {
    /// Runs the extensions (last registered first) over received messages.
    fn incoming(&self, mut messages: Vec<Message>) -> Vec<Message> {
        for ext in self.extensions.iter().rev() {
            messages = messages
                .into_iter()
                .filter_map(|m| ext.incoming(m))
                .collect();
        }
        messages
    }
}

/// Whether the call's signal fired before the call: then nothing is started.
fn already_aborted(call: &CallOptions) -> bool {
    call.cancel.as_ref().is_some_and(|c| c.is_cancelled())
}

/// `/meta/connect`, or `/meta/subscribe +2 more`: what a request carries, for the log (channel
/// names only; never ids or data).
fn describe(messages: &[Message]) -> String {
    match messages {
        [] => String::new(),
        [one] => one.channel.clone(),
        [first, rest @ ..] => format!("{} +{} more", first.channel, rest.len()),
    }
}

fn url_path(url: &str) -> String {
    let scheme_end = url.as_bytes().windows(3).position(|w| w == b"://");
    let after_scheme = scheme_end.and_then(|i| url.get(i + 3..)).unwrap_or(url);
    let path = after_scheme
        .find('/')
        .and_then(|i| after_scheme.get(i..))
        .unwrap_or("/");
    path.split(['?', '#']).next().unwrap_or("/").to_string()
}

fn check_header(name: &str, value: &str) -> Result<()> {
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err(Error::invalid_argument(
            "headers",
            format!("headers: {} is not a valid header name.", quoted(name)),
        ));
    }
    check_header_value("headers", value)
}

/// `text` in quotes as `{:?}` shows it (quotes, backslashes and control characters escaped),
/// without linking `Debug` for `str` (Unicode's printable tables and the escaping machinery)
/// for one message. Other characters `{:?}` escapes (format controls such as U+200B) show as
/// they are.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                out.push_str("\\u{");
                out.push_str(&crate::lenient::hex_text(u32::from(c), false, 1));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A [`CometdClient`] that does not keep it alive ([`CometdClient::downgrade`]).
#[derive(Clone)]
pub struct WeakCometdClient(Weak<Inner>);

impl WeakCometdClient {
    /// The client, while some clone of it is alive.
    pub fn upgrade(&self) -> Option<CometdClient> {
        self.0.upgrade().map(|inner| CometdClient { inner })
    }
}

/// A Bayeux (CometD) client: long-polling over the [`Transport`], one `/meta/connect`
/// outstanding, the server's advice obeyed, backoff on failures, and subscriptions kept across
/// re-handshakes. Clones share the client.
///
/// Created with its driver loop ([`CometdClient::new`]), which the caller must run (spawn)
/// for anything to happen; the loop ends once every clone of the client is dropped.
#[derive(Clone)]
pub struct CometdClient {
    inner: Rc<Inner>,
}

impl CometdClient {
    /// Checks the configuration (`url` as for every SDK URL; header names and values) and
    /// returns the client, disconnected, and its driver loop.
    pub fn new(config: CometdConfig) -> Result<(CometdClient, impl Future<Output = ()> + 'static)> {
        let url = check_url(&config.url, "url")?;
        if url.contains('#') {
            return Err(Error::invalid_argument(
                "url",
                "url must not contain a fragment.",
            ));
        }
        for (name, value) in &config.headers {
            check_header(name, value)?;
        }
        config.timing.validate()?;
        let runtime = config.runtime.clone();
        let clock = config.runtime.clone();
        let machine = Machine::new(config.timing, Box::new(move || runtime.random()))
            .acknowledgements(config.ack)
            .refreshes_credentials(config.refresh_credentials.is_some())
            .clock(Box::new(move || clock.now_ms()));
        let inner = Rc::new(Inner {
            log_path: url_path(&url),
            url,
            transport: config.transport,
            decoding_transport: config.decoding_transport,
            runtime: config.runtime,
            cookies: config.cookies,
            headers: config.headers,
            header_source: config.header_source,
            refresh_credentials: config.refresh_credentials,
            extensions: config.extensions,
            logger: config.logger,
            timing: config.timing,
            machine: RefCell::new(machine),
            actions: RefCell::new(Vec::new()),
            driver_waker: RefCell::new(None),
            ops: RefCell::new(Vec::new()),
            next_id: Cell::new(0),
            listeners: RefCell::new(Vec::new()),
            states: Emitter::default(),
            rehandshakes: Emitter::default(),
            warnings: Emitter::default(),
        });
        let driver = drive(Rc::downgrade(&inner));
        Ok((CometdClient { inner }, driver))
    }

    /// A handle that does not keep the client (and its driver loop) alive.
    pub fn downgrade(&self) -> WeakCometdClient {
        WeakCometdClient(Rc::downgrade(&self.inner))
    }

    /// The connection state (as last reported).
    pub fn state(&self) -> CometdState {
        self.inner.machine.borrow().state()
    }

    /// Calls `listener` with each new state; returns an id for [`CometdClient::off_state`].
    pub fn on_state(&self, listener: Listener<CometdState>) -> u64 {
        self.inner.states.subscribe(listener)
    }

    /// Removes a state listener.
    pub fn off_state(&self, id: u64) {
        self.inner.states.unsubscribe(id)
    }

    /// Calls `listener` after each re-handshake (a new session replaced a lost one and every
    /// subscription is confirmed again); returns an id for [`CometdClient::off_rehandshake`].
    pub fn on_rehandshake(&self, listener: Listener<()>) -> u64 {
        self.inner.rehandshakes.subscribe(listener)
    }

    /// Removes a re-handshake listener.
    pub fn off_rehandshake(&self, id: u64) {
        self.inner.rehandshakes.unsubscribe(id)
    }

    /// Calls `listener` with each warning (e.g. advice `multiple-clients`); returns an id for
    /// [`CometdClient::off_warning`].
    pub fn on_warning(&self, listener: Listener<CometdWarning>) -> u64 {
        self.inner.warnings.subscribe(listener)
    }

    /// Removes a warning listener.
    pub fn off_warning(&self, id: u64) {
        self.inner.warnings.unsubscribe(id)
    }

    /// Whether the server agreed to acknowledge messages in this session.
    pub fn acknowledging(&self) -> bool {
        self.inner.machine.borrow().acknowledging()
    }

    /// Reconnects now instead of waiting out a backoff (the network came back, the machine
    /// woke up); see [`Machine::reconnect`](super::state::Machine::reconnect).
    pub fn reconnect(&self) {
        self.inner.command(|m| m.reconnect());
    }

    /// The cookie jar the client uses.
    pub fn cookies(&self) -> Rc<RefCell<CookieJar>> {
        self.inner.cookies.clone()
    }

    /// The subscribed channels and patterns, in subscription order.
    pub fn channels(&self) -> Vec<String> {
        self.inner.machine.borrow().channels()
    }

    /// Opens a session: resolves once the server accepted the handshake (at once when already
    /// connected). Failures (server down, network) are retried with backoff for as long as it
    /// takes; it fails only on `disconnect()`, advice `none`, an authentication refusal, or the
    /// call's own `timeout_ms` or abort signal (there is no default timeout).
    ///
    /// Like every method here, the command is issued when the method is called; the returned
    /// future only waits for the outcome, and dropping it does not undo the call.
    pub fn handshake(&self, call: &CallOptions) -> impl Future<Output = Result<()>> + 'static {
        let aborted = already_aborted(call);
        let op = self.inner.new_op();
        if aborted {
            self.inner.settle(op, Err(Error::aborted()));
        } else {
            self.inner.command(|m| m.handshake(op));
        }
        self.clone().wait(op, call.clone(), None)
    }

    /// Subscribes `listener` to `channel` (a name, or a pattern ending in `/*` or `/**`), and
    /// resolves once the server confirmed. Messages are delivered in arrival order, each once
    /// per listener. `/meta/*` and bad names are `INVALID_ARGUMENT`; before `handshake()` it is
    /// `INVALID_STATE`. A subscription that fails, times out or is aborted leaves nothing
    /// behind.
    pub fn subscribe(
        &self,
        channel: &str,
        listener: MessageListener,
        call: &CallOptions,
    ) -> impl Future<Output = Result<SubscriptionId>> + 'static {
        let id = self.inner.next_id();
        let op = self.inner.new_op();
        self.inner.listeners.borrow_mut().push((id, listener));
        let started = if already_aborted(call) {
            Err(Error::aborted())
        } else {
            self.inner.machine.borrow_mut().subscribe(op, channel, id)
        };
        let refused = match started {
            Ok(actions) => {
                self.inner.enqueue(actions);
                None
            }
            Err(e) => {
                self.inner.drop_op(op);
                self.inner.drop_listeners(&[id]);
                Some(e)
            }
        };
        let this = self.clone();
        let call = call.clone();
        async move {
            if let Some(e) = refused {
                return Err(e);
            }
            let inner = this.inner.clone();
            match this.wait(op, call, Some(inner.timing.timeout_ms)).await {
                Ok(()) => Ok(SubscriptionId(id)),
                Err(e) => {
                    inner.drop_listeners(&[id]);
                    Err(e)
                }
            }
        }
    }

    /// Stops delivery to the subscription at once (no call after this returns) and, when it
    /// was its channel's last listener, unsubscribes on the server; the future completes when
    /// that is done. It never fails: a server that cannot be told only costs traffic.
    pub fn unsubscribe(&self, id: SubscriptionId) -> impl Future<Output = ()> + 'static {
        self.inner.drop_listeners(&[id.0]);
        let op = self.inner.new_op();
        self.inner.command(|m| m.unsubscribe(id.0, Some(op)));
        let timeout = Some(self.inner.timing.timeout_ms);
        let wait = self.clone().wait(op, CallOptions::default(), timeout);
        async move {
            let _ = wait.await;
        }
    }

    /// Publishes `data` on `channel` and resolves with the server's acknowledgement. Wildcards,
    /// `/meta/*` and bad names are `INVALID_ARGUMENT`; when disconnected it is `INVALID_STATE`;
    /// while reconnecting the message waits for the session (a timeout or abort withdraws it
    /// if it has not gone out yet). A publish whose request failed is not sent again (it may
    /// have arrived).
    pub fn publish(
        &self,
        channel: &str,
        data: Value,
        call: &CallOptions,
    ) -> impl Future<Output = Result<()>> + 'static {
        let op = self.inner.new_op();
        let started = if already_aborted(call) {
            Err(Error::aborted())
        } else {
            self.inner.machine.borrow_mut().publish(op, channel, data)
        };
        let refused = match started {
            Ok(actions) => {
                self.inner.enqueue(actions);
                None
            }
            Err(e) => {
                self.inner.drop_op(op);
                Some(e)
            }
        };
        let wait = self
            .clone()
            .wait(op, call.clone(), Some(self.inner.timing.timeout_ms));
        async move {
            match refused {
                Some(e) => Err(e),
                None => wait.await,
            }
        }
    }

    /// Ends the session: the long poll stops, the server is told (`/meta/disconnect`), the
    /// state becomes `disconnected` and every subscription is forgotten. Resolves when the
    /// server answered or could not be reached (only an abort makes it fail).
    pub fn disconnect(&self, call: &CallOptions) -> impl Future<Output = Result<()>> + 'static {
        let op = self.inner.new_op();
        self.inner.command(|m| m.disconnect(op));
        let wait = self
            .clone()
            .wait(op, call.clone(), Some(self.inner.timing.timeout_ms));
        async move {
            match wait.await {
                Err(e) if e.code == ErrorCode::Aborted => Err(e),
                _ => Ok(()),
            }
        }
    }

    /// Waits for `op` to settle, within the call's timeout (else `default_timeout_ms`, if any)
    /// and abort signal. Giving up (timeout, abort) withdraws the operation where it can be;
    /// dropping the future only stops waiting.
    async fn wait(
        self,
        op: OpId,
        call: CallOptions,
        default_timeout_ms: Option<u32>,
    ) -> Result<()> {
        struct Forget {
            inner: Weak<Inner>,
            op: OpId,
        }
        impl Drop for Forget {
            fn drop(&mut self) {
                if let Some(inner) = self.inner.upgrade() {
                    inner.drop_op(self.op);
                }
            }
        }
        let _forget = Forget {
            inner: Rc::downgrade(&self.inner),
            op,
        };
        let inner = self.inner.clone();
        let settled = std::future::poll_fn(move |cx| {
            let mut ops = inner.ops.borrow_mut();
            let Some(i) = ops.iter().position(|(o, _)| *o == op) else {
                return Poll::Ready(None);
            };
            match ops.get_mut(i).map(|(_, s)| s) {
                Some(OpSlot::Waiting(w)) => {
                    *w = Some(cx.waker().clone());
                    Poll::Pending
                }
                _ => match ops.swap_remove(i).1 {
                    OpSlot::Done(result) => Poll::Ready(Some(result)),
                    OpSlot::Waiting(_) => Poll::Ready(None),
                },
            }
        });
        let timeout_ms = call.timeout_ms.or(default_timeout_ms);
        let timer: LocalBoxFuture<'static, ()> = match timeout_ms {
            Some(ms) => self.inner.runtime.sleep(ms),
            None => Box::pin(std::future::pending()),
        };
        let settled = pin!(settled);
        let raced = unless_cancelled(select(settled, timer), call.cancel.as_ref()).await;
        let gave_up = match raced {
            Some(Either::Left((Some(result), _))) => return result,
            Some(Either::Left((None, _))) => {
                return Err(Error::invalid_state("The operation was forgotten."))
            }
            None => Error::aborted(),
            Some(Either::Right(_)) => Error::timeout(timeout_ms.unwrap_or_default()),
        };
        self.inner.command(|m| m.cancel(op));
        Err(gave_up)
    }
}

enum Step {
    Run(Vec<Action>),
    Response(RequestId, Result<Vec<Message>>),
    Timer(TimerId),
    Refreshed(u64, Result<()>),
}

type InFlight = Option<(RequestId, LocalBoxFuture<'static, Result<Vec<Message>>>)>;

/// The driver loop: carries out the machine's actions, feeds it replies and timer expiries.
/// Ends when the client is gone.
async fn drive(weak: Weak<Inner>) {
    let mut session: InFlight = None;
    let mut normal: InFlight = None;
    let mut timer: Option<(TimerId, LocalBoxFuture<'static, ()>)> = None;
    let mut refresh: Option<(u64, LocalBoxFuture<'static, Result<()>>)> = None;
    loop {
        let step = std::future::poll_fn(|cx| {
            let Some(inner) = weak.upgrade() else {
                return Poll::Ready(None);
            };
            let queued = std::mem::take(&mut *inner.actions.borrow_mut());
            if !queued.is_empty() {
                return Poll::Ready(Some(Step::Run(queued)));
            }
            for slot in [&mut session, &mut normal] {
                if let Some((id, fut)) = slot.as_mut() {
                    if let Poll::Ready(result) = fut.as_mut().poll(cx) {
                        let id = *id;
                        *slot = None;
                        return Poll::Ready(Some(Step::Response(id, result)));
                    }
                }
            }
            if let Some((id, sleep)) = timer.as_mut() {
                if sleep.as_mut().poll(cx).is_ready() {
                    let id = *id;
                    timer = None;
                    return Poll::Ready(Some(Step::Timer(id)));
                }
            }
            if let Some((id, fut)) = refresh.as_mut() {
                if let Poll::Ready(result) = fut.as_mut().poll(cx) {
                    let id = *id;
                    refresh = None;
                    return Poll::Ready(Some(Step::Refreshed(id, result)));
                }
            }
            *inner.driver_waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        })
        .await;
        let (Some(step), Some(inner)) = (step, weak.upgrade()) else {
            return;
        };
        match step {
            Step::Response(id, result) => inner.command(|m| m.on_response(id, result)),
            Step::Timer(id) => inner.command(|m| m.on_timer(id)),
            Step::Refreshed(id, result) => {
                inner.command(|m| m.on_credentials_refreshed(id, result))
            }
            Step::Run(actions) => {
                for action in actions {
                    if let Action::RefreshCredentials(id) = action {
                        // Only asked for when the hook is set.
                        refresh = inner.refresh_credentials.as_ref().map(|f| (id, f()));
                        continue;
                    }
                    run_action(&inner, action, &mut session, &mut normal, &mut timer);
                }
            }
        }
    }
}

fn run_action(
    inner: &Rc<Inner>,
    action: Action,
    session: &mut InFlight,
    normal: &mut InFlight,
    timer: &mut Option<(TimerId, LocalBoxFuture<'static, ()>)>,
) {
    match action {
        Action::Send(out) => {
            let fut = inner.request(&out);
            let slot = match out.slot {
                Slot::Session => session,
                Slot::Normal => normal,
            };
            *slot = Some((out.request, fut));
        }
        Action::Abort(id) => {
            for slot in [session, normal] {
                if slot.as_ref().is_some_and(|(r, _)| *r == id) {
                    *slot = None;
                }
            }
        }
        Action::Schedule {
            timer: id,
            delay_ms,
        } => {
            *timer = Some((id, inner.runtime.sleep(delay_ms)));
        }
        Action::CancelTimer => *timer = None,
        Action::State(state) => inner.states.emit(&state),
        Action::Rehandshake => inner.rehandshakes.emit(&()),
        Action::Warning(w) => inner.warnings.emit(&w),
        Action::Deliver { message, listeners } => {
            for id in listeners {
                // Looked up one by one: a listener may unsubscribe another.
                let listener = inner.listener(id);
                if let Some(l) = listener {
                    l(message.as_ref());
                }
            }
        }
        Action::Release(ids) => inner.drop_listeners(&ids),
        Action::Resolve { op, result } => inner.settle(op, result),
        Action::Log { level, text } => inner.log(level, text, None, 0.0),
        // Carried out by the loop itself (it holds the future).
        Action::RefreshCredentials(_) => {}
    }
}
