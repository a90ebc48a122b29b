//! The Bayeux client as a sans-I/O state machine: it takes commands (handshake, subscribe, …),
//! replies and timer expiries, and answers with [`Action`]s (send these messages, wait, report a
//! state, deliver a message, settle a caller's operation). It never sleeps, sends or calls back
//! by itself, so every rule is testable with plain values.
//!
//! The rules:
//!
//! - Two request slots: the *session* slot carries the handshake, then the `/meta/connect` long
//!   poll (exactly one outstanding), or the disconnect; the *normal* slot carries subscribe,
//!   unsubscribe and publish messages, one request at a time, batching whatever queued up
//!   meanwhile (so the server sees them in call order).
//! - The server's advice is taken from the latest message that carries one, over the defaults
//!   ([`DEFAULT_ADVICE_TIMEOUT_MS`], interval 0, `retry`); a re-handshake starts from the
//!   defaults again, never from the advice that caused it.
//! - `retry`: connect again after `interval` (after a handshake too), always through the host's
//!   timer, even for 0, as CometD's own client does: the reply's messages reach their listeners
//!   first, and the server gathers what arrives meanwhile into the next reply. `handshake` (or a
//!   `402`/"unknown client" error on connect, subscribe or publish): one new handshake however
//!   many triggers, then every subscription replayed exactly once; `none` (or a negative
//!   interval): stop, `disconnected`.
//! - A `/meta/connect` is abandoned after `advice.timeout + maxNetworkDelay`.
//! - A `/meta/disconnect` the server sends on its own ends the session (`disconnected`), as in
//!   CometD's own client.
//! - Acknowledged messages (the CometD acknowledgement extension, on unless turned off): the
//!   handshake offers `ext: {ack: true}`; when the server agrees, every `/meta/connect` carries
//!   `ext: {ack: <last batch received>}`, so the server sends again whatever a lost reply
//!   carried; a batch that arrives a second time is not delivered again.
//! - No giving up by itself: a failing handshake (the first one too) is retried with backoff
//!   until it succeeds; only `disconnect()`, advice `none` and an authentication refusal (HTTP
//!   401/403, or a Bayeux 401/403 without advice to retry) end it.
//! - Credentials that expire: when the host can refresh them
//!   ([`Machine::refreshes_credentials`]), a handshake refused for authentication, or a
//!   `/meta/connect` refused with HTTP 401/403, first asks for a refresh
//!   ([`Action::RefreshCredentials`]) and then handshakes again at once (subscriptions
//!   replayed). At most one refresh per streak of failures (until the next successful
//!   `/meta/connect`): refused again, or a refresh refused, ends the client with the
//!   refusal; a refresh that fails for a passing reason (network, timeout, 5xx, 429, a bad
//!   answer) is
//!   followed by a handshake after a backoff, whose refusal may ask for a refresh again.
//!   Subscribe and publish requests refused that way fail as any failed request; the
//!   `/meta/connect` sent with the same credentials brings the refresh.
//! - Prompt recovery: the first `/meta/connect` after a handshake or a failed connect carries
//!   `advice: {timeout: 0}`, so the server answers at once and the state is `connected` again
//!   without waiting a whole hold. When the server advised `maxInterval` and the client has been
//!   away longer than the server keeps a silent client, it handshakes again at once instead of
//!   asking with a `/meta/connect` that can only earn a 402.
//! - After a re-handshake (a new session after an earlier one), once every subscription is
//!   confirmed again, [`Action::Rehandshake`] tells the app that messages may have been missed.
//!   Advice `multiple-clients` is reported once as [`Action::Warning`].
//! - Failed requests back off: [`Timing::backoff_ms`] doubles from `backoffStepMs` per
//!   consecutive failure up to `maxBackoffMs`, minus up to half at random, and resets after
//!   the next successful reply. Re-handshakes that are not followed by a successful connect
//!   back off the same way, so a server that forgets the client at once is not hammered.

use super::channel::{self, Purpose};
use super::message::*;
use crate::client::LogLevel;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::VecDeque;
use tsify::Tsify;

/// Identifies a caller's operation (handshake, subscribe, …) until it is settled.
pub type OpId = u64;
/// Identifies one subscribed listener.
pub type ListenerId = u64;
/// Identifies one HTTP request the machine asked for.
pub type RequestId = u64;
/// Identifies one scheduled wait.
pub type TimerId = u64;

/// How long the server may hold a `/meta/connect` when it has not advised a timeout.
pub const DEFAULT_ADVICE_TIMEOUT_MS: u32 = 60_000;
/// The longest interval or timeout advice honoured (one hour).
pub const MAX_ADVICE_MS: u32 = 3_600_000;

/// Timeouts and backoff of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Limit for the handshake and for subscribe, unsubscribe, publish and disconnect requests
    /// (default 15 000 ms).
    pub timeout_ms: u32,
    /// How much longer than `advice.timeout` a `/meta/connect` may take before it is considered
    /// lost and aborted (default 10 000 ms).
    pub max_network_delay_ms: u32,
    /// The first backoff delay after a failure (default 1 000 ms).
    pub backoff_step_ms: u32,
    /// The longest backoff delay (default 30 000 ms).
    pub max_backoff_ms: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            timeout_ms: 15_000,
            max_network_delay_ms: 10_000,
            backoff_step_ms: 1_000,
            max_backoff_ms: 30_000,
        }
    }
}

impl Timing {
    /// The delay after `failures` consecutive failures (1 for the first): `backoffStepMs *
    /// 2^(failures-1)` capped at `maxBackoffMs`, less up to half of it as `random` in [0, 1)
    /// goes up. Zero failures: no delay.
    pub fn backoff_ms(&self, failures: u32, random: f64) -> u32 {
        if failures == 0 {
            return 0;
        }
        let full = (u64::from(self.backoff_step_ms) << (failures - 1).min(20))
            .min(u64::from(self.max_backoff_ms));
        let jitter = (full as f64 / 2.0 * random.clamp(0.0, 1.0)) as u64;
        u32::try_from(full - jitter.min(full / 2)).unwrap_or(u32::MAX)
    }

    /// Rejects settings that would make the client spin or never give up.
    pub fn validate(&self) -> Result<()> {
        if self.timeout_ms == 0 {
            return Err(Error::invalid_argument(
                "timeoutMs",
                "timeoutMs must be a positive number of milliseconds.",
            ));
        }
        if self.backoff_step_ms == 0 || self.backoff_step_ms > self.max_backoff_ms {
            return Err(Error::invalid_argument(
                "backoff",
                "The backoff step must be positive and not above the largest backoff.",
            ));
        }
        Ok(())
    }
}

/// The connection state callers see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum CometdState {
    /// The first handshake is under way.
    Connecting,
    /// A session exists and the long poll is running.
    Connected,
    /// The link or the session was lost; the client is getting it back by itself.
    Reconnecting,
    /// No session, and none being sought (never started, `disconnect()`, advice `none`, or
    /// the first handshake failed).
    Disconnected,
}

impl CometdState {
    /// The name callers see, e.g. `"connected"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CometdState::Connecting => "connecting",
            CometdState::Connected => "connected",
            CometdState::Reconnecting => "reconnecting",
            CometdState::Disconnected => "disconnected",
        }
    }
}

/// Something the app should know about the connection, reported as the `warning` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CometdWarning {
    /// What it is about: `"multiple-clients"` (the server saw several clients from one browser
    /// and stopped holding long polls; see the README) or `"subscription-refused"`.
    pub reason: String,
    /// One sentence for a person.
    pub message: String,
}

/// Which request slot a send uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Handshake, `/meta/connect`, disconnect: at most one at a time.
    Session,
    /// Subscribe, unsubscribe, publish: at most one at a time.
    Normal,
}

/// A request to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Report its outcome with this id.
    pub request: RequestId,
    /// The slot it occupies.
    pub slot: Slot,
    /// The messages of the JSON array body.
    pub messages: Vec<Message>,
    /// Abort it (and report `TIMEOUT`) after this long.
    pub timeout_ms: u32,
}

/// What the machine asks its driver to do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// POST these messages; report the outcome with [`Machine::on_response`].
    Send(Outgoing),
    /// Abandon a request in flight (its outcome is no longer wanted).
    Abort(RequestId),
    /// Call [`Machine::on_timer`] after `delay_ms`; replaces any earlier schedule.
    Schedule {
        /// Report with this id.
        timer: TimerId,
        /// How long to wait.
        delay_ms: u32,
    },
    /// Drop the scheduled wait.
    CancelTimer,
    /// The connection state changed.
    State(CometdState),
    /// Call these listeners with this message.
    Deliver {
        /// The message (its channel is not `/meta/*`).
        message: Box<Message>,
        /// The listeners whose subscription matches, in subscription order.
        listeners: Vec<ListenerId>,
    },
    /// These listeners will never be called again (their subscription ended): forget them.
    Release(Vec<ListenerId>),
    /// Settle a caller's operation.
    Resolve {
        /// The operation.
        op: OpId,
        /// Its outcome.
        result: Result<()>,
    },
    /// A new session replaced a lost one and every subscription is confirmed again: messages
    /// published in between may be gone (even with acknowledgements), so the app should re-read
    /// the state it shows.
    Rehandshake,
    /// Tell the app (the `warning` event).
    Warning(CometdWarning),
    /// Refresh the credentials (e.g. renew the HTTP session whose token the server refused);
    /// report the outcome with [`Machine::on_credentials_refreshed`] and this id. Only asked
    /// for by a machine built with [`Machine::refreshes_credentials`].
    RefreshCredentials(u64),
    /// Worth a line in the caller's log (never carries a client id or message data).
    Log {
        /// How notable.
        level: LogLevel,
        /// What happened.
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Disconnected,
    /// `initial`: the caller's first handshake (it fails for good on the first error); else
    /// a re-handshake, retried with backoff.
    Handshaking {
        initial: bool,
    },
    Connected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EffectiveAdvice {
    reconnect: Reconnect,
    interval_ms: u32,
    timeout_ms: u32,
    /// The server's `maxInterval`, when it advised one (kept until a re-handshake).
    max_interval_ms: Option<u32>,
}

impl Default for EffectiveAdvice {
    fn default() -> Self {
        EffectiveAdvice {
            reconnect: Reconnect::Retry,
            interval_ms: 0,
            timeout_ms: DEFAULT_ADVICE_TIMEOUT_MS,
            max_interval_ms: None,
        }
    }
}

impl EffectiveAdvice {
    fn from_message(a: &Advice, previous: &EffectiveAdvice) -> Self {
        let clamp = |v: i64| v.clamp(0, i64::from(MAX_ADVICE_MS)) as u32;
        let d = EffectiveAdvice::default();
        let negative_interval = a.interval.is_some_and(|i| i < 0);
        EffectiveAdvice {
            reconnect: if negative_interval {
                Reconnect::None
            } else {
                a.reconnect.unwrap_or(d.reconnect)
            },
            interval_ms: a.interval.map_or(d.interval_ms, clamp),
            timeout_ms: a.timeout.map_or(d.timeout_ms, clamp),
            max_interval_ms: a
                .max_interval
                .filter(|m| *m > 0)
                .map(clamp)
                .or(previous.max_interval_ms),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SessionKind {
    Handshake,
    Connect,
    Disconnect(OpId),
}

#[derive(Debug)]
struct SessionRequest {
    request: RequestId,
    kind: SessionKind,
    msg_id: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Subscribe {
        channel: String,
    },
    Unsubscribe {
        channel: String,
        op: Option<OpId>,
    },
    Publish {
        channel: String,
        data: Value,
        op: OpId,
    },
}

#[derive(Debug)]
struct Sent {
    msg_id: String,
    item: Item,
}

#[derive(Debug)]
struct NormalRequest {
    request: RequestId,
    generation: u64,
    items: Vec<Sent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum SubStatus {
    /// Not sent in this session and not queued.
    Idle,
    /// A subscribe item is in the queue.
    Queued,
    /// Sent with this message id; no reply yet.
    Pending(String),
    /// The server confirmed it in this session.
    Confirmed,
}

#[derive(Debug)]
struct Sub {
    channel: String,
    listeners: Vec<ListenerId>,
    /// Callers waiting for the server's confirmation, with the listener each added.
    waiting: Vec<(OpId, ListenerId)>,
    status: SubStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    Connect,
    Handshake,
}

/// The Bayeux client's state. Feed it commands and events; carry out the [`Action`]s it returns
/// in order.
pub struct Machine {
    timing: Timing,
    random: Box<dyn FnMut() -> f64>,
    /// Milliseconds on any steady clock (for `maxInterval` and overdue polls).
    clock: Box<dyn FnMut() -> f64>,
    /// Offer the acknowledgement extension at handshake.
    ack: bool,
    /// The server agreed to acknowledgements in this session.
    server_acks: bool,
    /// The last batch received in this session (what the next `/meta/connect` acknowledges).
    batch: Option<i64>,
    /// The next `/meta/connect` asks for an immediate answer (`advice: {timeout: 0}`).
    prompt: bool,
    /// When the last `/meta/connect` went out, and how long the server could hold it.
    last_connect: Option<(f64, u32)>,
    /// A session existed before the current (re-)handshake.
    had_session: bool,
    /// [`Action::Rehandshake`] is due once the subscriptions are confirmed.
    rehandshake_due: bool,
    /// The server's last advice said `multiple-clients`.
    multiple_clients: bool,
    phase: Phase,
    reported: CometdState,
    client_id: Option<String>,
    advice: EffectiveAdvice,
    /// Bumped at every successful handshake: replies to requests of an older session say
    /// nothing about the current one.
    generation: u64,
    next_msg: u64,
    next_request: RequestId,
    next_timer: TimerId,
    session: Option<SessionRequest>,
    normal: Option<NormalRequest>,
    timer: Option<(TimerId, Wake)>,
    /// Consecutive failed requests on the session slot.
    failures: u32,
    /// Re-handshakes since the last successful `/meta/connect`.
    rehandshakes: u32,
    /// The host can refresh the credentials ([`Action::RefreshCredentials`]).
    can_refresh: bool,
    /// The credentials were refreshed since the last successful `/meta/connect`.
    refreshed: bool,
    /// The refresh under way (its id) and the refusal that asked for it.
    refreshing: Option<(u64, Error)>,
    handshake_ops: Vec<OpId>,
    subs: Vec<Sub>,
    queue: VecDeque<Item>,
    out: Vec<Action>,
}

impl Machine {
    /// A disconnected client. `random` yields numbers in [0, 1) for backoff jitter.
    pub fn new(timing: Timing, random: Box<dyn FnMut() -> f64>) -> Self {
        Machine {
            timing,
            random,
            clock: Box::new(|| 0.0),
            ack: true,
            server_acks: false,
            batch: None,
            prompt: false,
            last_connect: None,
            had_session: false,
            rehandshake_due: false,
            multiple_clients: false,
            phase: Phase::Disconnected,
            reported: CometdState::Disconnected,
            client_id: None,
            advice: EffectiveAdvice::default(),
            generation: 0,
            next_msg: 0,
            next_request: 0,
            next_timer: 0,
            session: None,
            normal: None,
            timer: None,
            failures: 0,
            rehandshakes: 0,
            can_refresh: false,
            refreshed: false,
            refreshing: None,
            handshake_ops: Vec::new(),
            subs: Vec::new(),
            queue: VecDeque::new(),
            out: Vec::new(),
        }
    }

    /// Offers (`true`, the default) or not the acknowledgement extension at handshake.
    pub fn acknowledgements(mut self, on: bool) -> Self {
        self.ack = on;
        self
    }

    /// Whether the host can refresh the credentials when the server refuses them (default
    /// `false`: such a refusal ends the client).
    pub fn refreshes_credentials(mut self, on: bool) -> Self {
        self.can_refresh = on;
        self
    }

    /// Reads time from `clock` (milliseconds on a steady clock); without one, `maxInterval`
    /// and overdue polls are never detected.
    pub fn clock(mut self, clock: Box<dyn FnMut() -> f64>) -> Self {
        self.clock = clock;
        self
    }

    /// Whether the server agreed to acknowledge messages in this session.
    pub fn acknowledging(&self) -> bool {
        self.server_acks
    }

    /// The state last reported.
    pub fn state(&self) -> CometdState {
        self.reported
    }

    /// The session id the server gave (a secret: never log it).
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The subscribed channels (patterns included), in subscription order.
    pub fn channels(&self) -> Vec<String> {
        self.subs.iter().map(|s| s.channel.clone()).collect()
    }

    // ----- commands -------------------------------------------------------------------------

    /// Starts a session (the caller's `handshake()`); `op` settles when the server accepts the
    /// handshake. Failures are retried with backoff; `op` fails only when the client gives up
    /// (advice `none`, an authentication refusal) or is disconnected. Joins a handshake under
    /// way (cutting what is left of its backoff); settles at once when connected.
    pub fn handshake(&mut self, op: OpId) -> Vec<Action> {
        match self.phase {
            Phase::Connected => self.resolve(op, Ok(())),
            Phase::Handshaking { .. } => {
                self.handshake_ops.push(op);
                // A caller is waiting: skip what is left of a re-handshake's backoff.
                if self.session.is_none() && self.refreshing.is_none() {
                    self.cancel_timer();
                    self.send_handshake();
                }
            }
            Phase::Disconnected => {
                self.handshake_ops.push(op);
                self.failures = 0;
                self.rehandshakes = 0;
                self.refreshed = false;
                self.advice = EffectiveAdvice::default();
                self.phase = Phase::Handshaking { initial: true };
                self.report(CometdState::Connecting);
                self.send_handshake();
            }
        }
        self.finish()
    }

    /// Adds `listener` to `channel` (a name or a trailing-wildcard pattern). The first listener
    /// of a channel makes the client subscribe; `op` settles when the server confirms (at once
    /// when the channel is already confirmed). Refuses `/meta/*` and bad names
    /// (`INVALID_ARGUMENT`) and a disconnected client (`INVALID_STATE`).
    pub fn subscribe(
        &mut self,
        op: OpId,
        channel: &str,
        listener: ListenerId,
    ) -> Result<Vec<Action>> {
        channel::check(channel, Purpose::Subscribe)?;
        self.require_session("subscribe()")?;
        match self.subs.iter_mut().find(|s| s.channel == channel) {
            Some(sub) => {
                sub.listeners.push(listener);
                if sub.status == SubStatus::Confirmed {
                    self.out.push(Action::Resolve { op, result: Ok(()) });
                } else {
                    sub.waiting.push((op, listener));
                }
            }
            None => self.subs.push(Sub {
                channel: channel.to_string(),
                listeners: vec![listener],
                waiting: vec![(op, listener)],
                status: SubStatus::Idle,
            }),
        }
        self.sync_subscriptions();
        Ok(self.finish())
    }

    /// Removes `listener`. When it was its channel's last, the client unsubscribes; `op` (if
    /// any) settles, always successfully, when that is done. Unknown listeners are ignored.
    pub fn unsubscribe(&mut self, listener: ListenerId, op: Option<OpId>) -> Vec<Action> {
        self.remove_listener(listener, op);
        self.finish()
    }

    /// Publishes `data` to `channel`; `op` settles with the server's reply. Refuses wildcards,
    /// `/meta/*` and bad names (`INVALID_ARGUMENT`) and a disconnected client (`INVALID_STATE`);
    /// while reconnecting, the message waits for the session.
    pub fn publish(&mut self, op: OpId, channel: &str, data: Value) -> Result<Vec<Action>> {
        channel::check(channel, Purpose::Publish)?;
        self.require_session("publish()")?;
        self.queue.push_back(Item::Publish {
            channel: channel.to_string(),
            data,
            op,
        });
        Ok(self.finish())
    }

    /// Ends the session: stops the long poll, tells the server (when there is a session), and
    /// reports `disconnected`. Pending operations fail with `INVALID_STATE`; every subscription
    /// is forgotten. `op` settles (successfully) when the server answered or could not be
    /// reached.
    pub fn disconnect(&mut self, op: OpId) -> Vec<Action> {
        let client_id = self.client_id.clone();
        match (self.phase, client_id) {
            (Phase::Disconnected, _) => self.resolve(op, Ok(())),
            (Phase::Connected, Some(client_id)) => {
                self.shut_down(Error::invalid_state(
                    "The client was disconnected before the call completed.",
                ));
                let msg_id = self.msg_id();
                let mut m = Message::new(DISCONNECT);
                m.id = Some(msg_id.clone());
                m.client_id = Some(client_id);
                self.send_session(
                    SessionKind::Disconnect(op),
                    msg_id,
                    m,
                    self.timing.timeout_ms,
                );
            }
            _ => {
                self.shut_down(Error::invalid_state(
                    "disconnect() was called before the handshake completed.",
                ));
                self.resolve(op, Ok(()));
            }
        }
        self.finish()
    }

    /// Reconnect now (the network came back, the page became visible, the app asked): a
    /// backoff or interval wait is cut short, and a `/meta/connect` older than its own deadline
    /// (after the machine slept) is replaced. A client that is connected and polling, or
    /// disconnected, is left alone.
    pub fn reconnect(&mut self) -> Vec<Action> {
        if self.session.is_none() {
            if let Some((_, wake)) = self.timer {
                self.cancel_timer();
                self.log(LogLevel::Debug, "Reconnecting now, as asked".into());
                match wake {
                    Wake::Connect => self.connect_or_rehandshake(),
                    Wake::Handshake => self.send_handshake(),
                }
            }
        } else if let Some(req) = &self.session {
            let overdue = req.kind == SessionKind::Connect
                && self.last_connect.is_some_and(|(at, hold)| {
                    (self.clock)() - at
                        > f64::from(hold) + f64::from(self.timing.max_network_delay_ms)
                });
            if overdue {
                self.log(
                    LogLevel::Warn,
                    "The /meta/connect outlived its deadline; polling again".into(),
                );
                self.prompt = true;
                self.report(CometdState::Reconnecting);
                self.connect_or_rehandshake();
            }
        }
        self.finish()
    }

    /// The caller gave up on `op` (timeout, abort): a waiting subscription is withdrawn, a
    /// queued publish dropped, and a first handshake nobody waits for any more abandoned.
    pub fn cancel(&mut self, op: OpId) -> Vec<Action> {
        if let Some(i) = self.handshake_ops.iter().position(|o| *o == op) {
            self.handshake_ops.remove(i);
            if self.phase == (Phase::Handshaking { initial: true }) && self.handshake_ops.is_empty()
            {
                self.shut_down(Error::aborted());
            }
        } else if let Some(listener) = self
            .subs
            .iter()
            .flat_map(|s| s.waiting.iter())
            .find(|(o, _)| *o == op)
            .map(|(_, l)| *l)
        {
            self.remove_listener(listener, None);
            self.out.push(Action::Release(vec![listener]));
        } else {
            self.queue
                .retain(|item| !matches!(item, Item::Publish { op: o, .. } if *o == op));
        }
        self.finish()
    }

    // ----- events ---------------------------------------------------------------------------

    /// The outcome of a request sent for [`Action::Send`]: the decoded reply messages, or why
    /// there was none (network, HTTP status, timeout, bad JSON).
    pub fn on_response(&mut self, request: RequestId, result: Result<Vec<Message>>) -> Vec<Action> {
        if self.session.as_ref().is_some_and(|s| s.request == request) {
            if let Some(req) = self.session.take() {
                self.on_session_response(req, result);
            }
        } else if self.normal.as_ref().is_some_and(|n| n.request == request) {
            if let Some(req) = self.normal.take() {
                self.on_normal_response(req, result);
            }
        }
        self.finish()
    }

    /// A wait scheduled with [`Action::Schedule`] is over.
    pub fn on_timer(&mut self, timer: TimerId) -> Vec<Action> {
        match self.timer {
            Some((id, wake)) if id == timer => {
                self.timer = None;
                match (wake, self.phase) {
                    (Wake::Connect, Phase::Connected) => self.connect_or_rehandshake(),
                    (Wake::Handshake, Phase::Handshaking { .. }) => self.send_handshake(),
                    _ => {}
                }
            }
            _ => {}
        }
        self.finish()
    }

    /// The outcome of [`Action::RefreshCredentials`] `id`: refreshed, the handshake goes out
    /// again at once; failed for a passing reason ([`crate::error::ErrorCode::is_transient`]:
    /// no network yet right after the machine woke, a timeout, the server failing), the handshake is tried again after a backoff and a
    /// new refusal may ask for a new refresh; failed otherwise (the credentials themselves
    /// refused), the client ends with the refusal that asked for the refresh. An outcome
    /// nobody waits for any more (after `disconnect()`) is ignored.
    pub fn on_credentials_refreshed(&mut self, id: u64, result: Result<()>) -> Vec<Action> {
        if self.refreshing.as_ref().is_some_and(|(r, _)| *r == id) {
            if let Some((_, refusal)) = self.refreshing.take() {
                match result {
                    Ok(()) => self.send_handshake(),
                    Err(e) if e.code.is_transient() => {
                        // As a failed handshake: a backoff, then a handshake whose refusal
                        // may ask for a refresh again.
                        self.refreshed = false;
                        self.handshake_failed(e);
                    }
                    Err(e) => {
                        self.log(
                            LogLevel::Error,
                            format!("Refreshing the credentials failed ({})", e.message),
                        );
                        self.give_up_handshake(refusal);
                    }
                }
            }
        }
        self.finish()
    }

    // ----- session slot ---------------------------------------------------------------------

    fn on_session_response(&mut self, req: SessionRequest, result: Result<Vec<Message>>) {
        let messages = match result {
            Ok(m) => m,
            Err(e) => return self.session_failed(req.kind, e),
        };
        let wanted = match req.kind {
            SessionKind::Handshake => HANDSHAKE,
            SessionKind::Connect => CONNECT,
            SessionKind::Disconnect(_) => DISCONNECT,
        };
        let position = messages.iter().position(|m| {
            m.channel == wanted && m.id.as_ref().map_or(true, |id| *id == req.msg_id)
        });
        let mut messages = messages;
        let reply = position.map(|i| messages.remove(i));
        // A `/meta/connect` reply whose batch was received before carries nothing new.
        let repeated = match (&reply, req.kind) {
            (Some(r), SessionKind::Connect) => self.repeated_batch(r),
            _ => false,
        };
        for m in messages {
            if repeated && !m.is_meta() {
                continue;
            }
            self.on_unsolicited(m);
        }
        let Some(reply) = reply else {
            return self.session_failed(
                req.kind,
                Error::bad_response(format!("the reply has no {wanted} message")),
            );
        };
        if let Some(a) = &reply.advice {
            self.take_advice(a);
        }
        match req.kind {
            SessionKind::Handshake => self.on_handshake_reply(reply),
            SessionKind::Connect => self.on_connect_reply(reply),
            SessionKind::Disconnect(op) => self.resolve(op, Ok(())),
        }
    }

    fn session_failed(&mut self, kind: SessionKind, e: Error) {
        match kind {
            SessionKind::Handshake => self.handshake_failed(e),
            SessionKind::Connect
                if self.can_refresh
                    && self.phase == Phase::Connected
                    && matches!(e.status, Some(401 | 403)) =>
            {
                // The credentials went stale under a running session: a new session with
                // refreshed ones (once), else the end.
                if self.refreshed {
                    return self.give_up_handshake(e);
                }
                self.begin_rehandshake();
                self.refresh(e);
            }
            SessionKind::Connect => {
                self.failures = self.failures.saturating_add(1);
                self.prompt = true;
                self.report(CometdState::Reconnecting);
                let delay = self
                    .advice
                    .interval_ms
                    .saturating_add(self.backoff(self.failures));
                if self.expired_by(delay) {
                    return self.rehandshake();
                }
                self.log(
                    LogLevel::Warn,
                    format!(
                        "/meta/connect failed ({}); connecting again in {delay} ms",
                        e.code
                    ),
                );
                self.schedule(Wake::Connect, delay);
            }
            SessionKind::Disconnect(op) => self.resolve(op, Ok(())),
        }
    }

    fn on_handshake_reply(&mut self, reply: Message) {
        let client_id = reply.client_id.filter(|c| !c.is_empty());
        match client_id {
            Some(client_id) if reply.successful == Some(true) => {
                self.client_id = Some(client_id);
                self.generation += 1;
                self.phase = Phase::Connected;
                self.failures = 0;
                self.prompt = true;
                self.read_ack_offer(reply.ext.as_ref());
                if self.had_session {
                    self.rehandshake_due = true;
                }
                self.had_session = true;
                self.report(CometdState::Connected);
                for op in std::mem::take(&mut self.handshake_ops) {
                    self.resolve(op, Ok(()));
                }
                self.sync_subscriptions();
                let delay = self.advice.interval_ms;
                self.schedule(Wake::Connect, delay);
            }
            _ => {
                let e = if reply.successful == Some(true) {
                    Error::bad_response("the handshake reply has no clientId")
                } else {
                    refusal("the handshake", reply.error.as_deref())
                };
                let advised_retry = reply
                    .advice
                    .as_ref()
                    .and_then(|a| a.reconnect)
                    .is_some_and(|r| r != Reconnect::None);
                if !advised_retry && matches!(e.vendor_code, Some(401 | 403)) {
                    return self.refused(e);
                }
                self.handshake_failed(e);
            }
        }
    }

    /// A handshake failed: retried with backoff, unless the server advised `none` or refused
    /// the credentials (HTTP 401 or 403).
    fn handshake_failed(&mut self, e: Error) {
        if !matches!(self.phase, Phase::Handshaking { .. }) {
            return;
        }
        if matches!(e.status, Some(401 | 403)) {
            return self.refused(e);
        }
        match self.phase {
            Phase::Handshaking { .. } if self.advice.reconnect == Reconnect::None => {
                self.log(
                    LogLevel::Error,
                    "The server advised not to reconnect; the client is disconnected".into(),
                );
                self.shut_down(e);
            }
            Phase::Handshaking { .. } => {
                self.failures = self.failures.saturating_add(1);
                let delay = self.backoff(self.failures);
                self.log(
                    LogLevel::Warn,
                    format!(
                        "/meta/handshake failed ({}); trying again in {delay} ms",
                        e.code
                    ),
                );
                self.schedule(Wake::Handshake, delay);
            }
            _ => {}
        }
    }

    /// The server refused the handshake's credentials: refreshed once per streak when the
    /// host can, else the end.
    fn refused(&mut self, e: Error) {
        if self.can_refresh && !self.refreshed {
            return self.refresh(e);
        }
        self.give_up_handshake(e);
    }

    /// Asks the host to refresh the credentials refused with `e` (the phase is handshaking,
    /// nothing in flight on the session slot, no timer).
    fn refresh(&mut self, e: Error) {
        self.refreshed = true;
        self.cancel_timer();
        self.next_timer += 1;
        let id = self.next_timer;
        self.log(
            LogLevel::Warn,
            format!(
                "The server refused the credentials ({}); refreshing them",
                e.code
            ),
        );
        self.refreshing = Some((id, e));
        self.out.push(Action::RefreshCredentials(id));
    }

    fn give_up_handshake(&mut self, e: Error) {
        self.log(
            LogLevel::Error,
            format!(
                "The server refused the credentials ({}); the client is disconnected",
                e.code
            ),
        );
        self.shut_down(e);
    }

    fn on_connect_reply(&mut self, reply: Message) {
        if self.phase != Phase::Connected {
            return;
        }
        if reply.successful == Some(true) {
            self.failures = 0;
            self.rehandshakes = 0;
            self.refreshed = false;
            self.prompt = false;
            match self.advice.reconnect {
                Reconnect::None => {
                    self.log(
                        LogLevel::Error,
                        "The server advised not to reconnect; the client is disconnected".into(),
                    );
                    self.shut_down(Error::invalid_state(
                        "The Bayeux server ended the session (advice: reconnect none).",
                    ));
                }
                Reconnect::Handshake => self.rehandshake(),
                Reconnect::Retry => {
                    self.report(CometdState::Connected);
                    self.sync_subscriptions();
                    let delay = self.advice.interval_ms;
                    self.schedule(Wake::Connect, delay);
                }
            }
            return;
        }
        let error = reply.error.as_deref().unwrap_or_default();
        if is_unknown_client(error) || self.advice.reconnect == Reconnect::Handshake {
            self.rehandshake();
        } else if self.advice.reconnect == Reconnect::None {
            self.log(
                LogLevel::Error,
                "The server advised not to reconnect; the client is disconnected".into(),
            );
            self.shut_down(refusal("/meta/connect", reply.error.as_deref()));
        } else {
            self.session_failed(
                SessionKind::Connect,
                refusal("/meta/connect", reply.error.as_deref()),
            );
        }
    }

    /// Starts a new handshake after the server forgot the client. Single-flight: does nothing
    /// while one is under way (or when disconnected).
    fn rehandshake(&mut self) {
        if self.phase != Phase::Connected {
            return;
        }
        self.begin_rehandshake();
        let delay = self.backoff(self.rehandshakes);
        self.rehandshakes = self.rehandshakes.saturating_add(1);
        self.log(
            LogLevel::Warn,
            format!("The server no longer knows the client; handshaking again in {delay} ms"),
        );
        self.schedule(Wake::Handshake, delay);
    }

    /// Leaves the session for a new handshake: subscriptions to replay, queued unsubscribes
    /// settled, publishes kept for the new session.
    fn begin_rehandshake(&mut self) {
        self.phase = Phase::Handshaking { initial: false };
        self.client_id = None;
        self.abort_session();
        self.cancel_timer();
        // The advice that sent us here must not steer the new session.
        self.advice = EffectiveAdvice::default();
        for sub in &mut self.subs {
            sub.status = SubStatus::Idle;
        }
        // Subscriptions are replayed from the registry; unsubscribes of the old session are
        // moot. Publishes wait for the new session.
        let mut kept = VecDeque::new();
        for item in std::mem::take(&mut self.queue) {
            match item {
                Item::Subscribe { .. } => {}
                Item::Unsubscribe { op, .. } => {
                    if let Some(op) = op {
                        self.resolve(op, Ok(()));
                    }
                }
                publish => kept.push_back(publish),
            }
        }
        self.queue = kept;
        self.report(CometdState::Reconnecting);
    }

    fn send_handshake(&mut self) {
        let msg_id = self.msg_id();
        let mut m = Message::new(HANDSHAKE);
        m.id = Some(msg_id.clone());
        self.server_acks = false;
        self.batch = None;
        if self.ack {
            m.ext = Some(ack_ext(Value::Bool(true)));
        }
        m.version = Some("1.0".into());
        m.minimum_version = Some("1.0".into());
        m.supported_connection_types = Some(vec![LONG_POLLING.into()]);
        self.send_session(SessionKind::Handshake, msg_id, m, self.timing.timeout_ms);
    }

    fn send_connect(&mut self) {
        let Some(client_id) = self.client_id.clone() else {
            return;
        };
        let msg_id = self.msg_id();
        let mut m = Message::new(CONNECT);
        m.id = Some(msg_id.clone());
        m.client_id = Some(client_id);
        m.connection_type = Some(LONG_POLLING.into());
        let hold = if self.prompt {
            m.advice = Some(Advice {
                timeout: Some(0),
                ..Advice::default()
            });
            0
        } else {
            self.advice.timeout_ms
        };
        if self.server_acks {
            m.ext = Some(ack_ext(self.batch.unwrap_or(0).into()));
        }
        self.last_connect = Some(((self.clock)(), hold));
        let timeout = hold.saturating_add(self.timing.max_network_delay_ms);
        self.send_session(SessionKind::Connect, msg_id, m, timeout);
    }

    /// The next `/meta/connect`, or a new handshake when the server must have forgotten the
    /// client by now.
    fn connect_or_rehandshake(&mut self) {
        if self.expired_by(0) {
            self.rehandshake();
        } else {
            self.send_connect();
        }
    }

    /// Whether, `delay_ms` from now, the server will have expired the client: longer since the
    /// last `/meta/connect` went out than it could hold it plus the interval plus the
    /// `maxInterval` it advised. Never without a `maxInterval`.
    fn expired_by(&mut self, delay_ms: u32) -> bool {
        let (Some(max_interval), Some((at, hold))) =
            (self.advice.max_interval_ms, self.last_connect)
        else {
            return false;
        };
        let away = (self.clock)() + f64::from(delay_ms) - at;
        let expired =
            away > f64::from(hold) + f64::from(self.advice.interval_ms) + f64::from(max_interval);
        if expired {
            self.log(
                LogLevel::Warn,
                format!(
                    "Away {} ms, longer than the server keeps a silent client ({max_interval} ms)",
                    crate::lenient::int_text(away.round() as i64)
                ),
            );
        }
        expired
    }

    /// Reads the server's answer to the acknowledgement offer: `ext.ack` `true`, or `{enabled,
    /// batch}` from newer servers.
    fn read_ack_offer(&mut self, ext: Option<&Value>) {
        let ack = ext.and_then(|e| e.get("ack"));
        self.server_acks = self.ack
            && match ack {
                Some(Value::Bool(b)) => *b,
                Some(Value::Object(o)) => {
                    self.batch = o.get("batch").and_then(Value::as_i64);
                    o.get("enabled").and_then(Value::as_bool) == Some(true)
                }
                _ => false,
            };
    }

    /// Whether a `/meta/connect` reply carries a batch already received (its messages were
    /// delivered then); otherwise its batch becomes the one the next connect acknowledges.
    fn repeated_batch(&mut self, reply: &Message) -> bool {
        if !self.server_acks || reply.successful != Some(true) {
            return false;
        }
        let Some(n) = reply
            .ext
            .as_ref()
            .and_then(|e| e.get("ack"))
            .and_then(Value::as_i64)
        else {
            return false;
        };
        if self.batch.is_some_and(|b| n <= b) {
            self.log(
                LogLevel::Debug,
                format!(
                    "Batch {} arrived again; its messages were delivered already",
                    crate::lenient::int_text(n)
                ),
            );
            return true;
        }
        self.batch = Some(n);
        false
    }

    /// Takes the server's latest advice; reports `multiple-clients` when it first appears.
    fn take_advice(&mut self, a: &Advice) {
        self.advice = EffectiveAdvice::from_message(a, &self.advice);
        let multiple = a.multiple_clients == Some(true);
        if multiple && !self.multiple_clients {
            let message = "The server sees several clients in one browser (another tab, or a blocked BAYEUX_BROWSER cookie) and no longer holds long polls: messages arrive later and cost more requests.";
            self.log(LogLevel::Warn, message.into());
            self.out.push(Action::Warning(CometdWarning {
                reason: "multiple-clients".into(),
                message: message.into(),
            }));
        }
        self.multiple_clients = multiple;
    }

    fn send_session(&mut self, kind: SessionKind, msg_id: String, m: Message, timeout_ms: u32) {
        self.abort_session();
        let request = self.request_id();
        self.session = Some(SessionRequest {
            request,
            kind,
            msg_id,
        });
        self.out.push(Action::Send(Outgoing {
            request,
            slot: Slot::Session,
            messages: vec![m],
            timeout_ms,
        }));
    }

    fn abort_session(&mut self) {
        if let Some(req) = self.session.take() {
            self.out.push(Action::Abort(req.request));
            if let SessionKind::Disconnect(op) = req.kind {
                self.resolve(op, Ok(()));
            }
        }
    }

    // ----- normal slot ----------------------------------------------------------------------

    /// Sends what queued up, as one request, when the normal slot is free and there is a
    /// session.
    fn pump(&mut self) {
        if self.phase != Phase::Connected || self.normal.is_some() || self.queue.is_empty() {
            return;
        }
        let Some(client_id) = self.client_id.clone() else {
            return;
        };
        let mut sent = Vec::new();
        let mut messages = Vec::new();
        for item in std::mem::take(&mut self.queue) {
            let msg_id = self.msg_id();
            let mut m = match &item {
                Item::Subscribe { channel } => {
                    let Some(sub) = self
                        .subs
                        .iter_mut()
                        .find(|s| s.channel == *channel && s.status == SubStatus::Queued)
                    else {
                        continue;
                    };
                    sub.status = SubStatus::Pending(msg_id.clone());
                    let mut m = Message::new(SUBSCRIBE);
                    m.subscription = Some(vec![channel.clone()]);
                    m
                }
                Item::Unsubscribe { channel, .. } => {
                    let mut m = Message::new(UNSUBSCRIBE);
                    m.subscription = Some(vec![channel.clone()]);
                    m
                }
                Item::Publish { channel, data, .. } => {
                    let mut m = Message::new(channel);
                    m.data = Some(super::message::Payload::from_value(data));
                    m
                }
            };
            m.id = Some(msg_id.clone());
            m.client_id = Some(client_id.clone());
            messages.push(m);
            sent.push(Sent { msg_id, item });
        }
        if messages.is_empty() {
            return;
        }
        let request = self.request_id();
        self.normal = Some(NormalRequest {
            request,
            generation: self.generation,
            items: sent,
        });
        self.out.push(Action::Send(Outgoing {
            request,
            slot: Slot::Normal,
            messages,
            timeout_ms: self.timing.timeout_ms,
        }));
    }

    fn on_normal_response(&mut self, req: NormalRequest, result: Result<Vec<Message>>) {
        let messages = match result {
            Ok(m) => m,
            Err(e) => {
                for sent in req.items {
                    self.item_failed(sent, e.clone());
                }
                return;
            }
        };
        let current = req.generation == self.generation;
        let mut unanswered = req.items;
        let mut requeue = Vec::new();
        for m in messages {
            if let Some(advice) = &m.advice {
                if current && m.is_meta() {
                    self.take_advice(advice);
                }
            }
            match unanswered.iter().position(|s| answers(s, &m)) {
                Some(i) => {
                    let sent = unanswered.remove(i);
                    if let Some(item) = self.on_item_reply(sent, &m, current) {
                        requeue.push(item);
                    }
                }
                None => self.on_unsolicited(m),
            }
        }
        for item in requeue.into_iter().rev() {
            self.queue.push_front(item);
        }
        for sent in unanswered {
            self.item_failed(
                sent,
                Error::bad_response("the Bayeux server did not answer the message"),
            );
        }
    }

    /// Handles the server's reply to one sent item; returns the item when it must be sent
    /// again in the next session.
    fn on_item_reply(&mut self, sent: Sent, m: &Message, current: bool) -> Option<Item> {
        let ok = m.successful == Some(true);
        let unknown = !ok && is_unknown_client(m.error.as_deref().unwrap_or_default());
        match sent.item {
            Item::Subscribe { channel } => {
                let pending = SubStatus::Pending(sent.msg_id);
                let idx = self
                    .subs
                    .iter()
                    .position(|s| s.channel == channel && s.status == pending)?;
                if ok {
                    let waiting = self.subs.get_mut(idx).map(|sub| {
                        sub.status = SubStatus::Confirmed;
                        std::mem::take(&mut sub.waiting)
                    });
                    for (op, _) in waiting.unwrap_or_default() {
                        self.resolve(op, Ok(()));
                    }
                } else if unknown {
                    if let Some(sub) = self.subs.get_mut(idx) {
                        sub.status = SubStatus::Idle;
                    }
                    if current {
                        self.rehandshake();
                    }
                } else {
                    let sub = self.subs.remove(idx);
                    let e = refusal(
                        &format!("the subscription to {channel}"),
                        m.error.as_deref(),
                    );
                    self.log(LogLevel::Error, e.message.clone());
                    self.out.push(Action::Warning(CometdWarning {
                        reason: "subscription-refused".into(),
                        message: e.message.clone(),
                    }));
                    for (op, _) in sub.waiting {
                        self.resolve(op, Err(e.clone()));
                    }
                    self.out.push(Action::Release(sub.listeners));
                }
                None
            }
            Item::Unsubscribe { op, .. } => {
                if let Some(op) = op {
                    self.resolve(op, Ok(()));
                }
                if unknown && current {
                    self.rehandshake();
                }
                None
            }
            Item::Publish { channel, data, op } => {
                if ok {
                    self.resolve(op, Ok(()));
                    None
                } else if unknown {
                    if current {
                        self.rehandshake();
                    }
                    Some(Item::Publish { channel, data, op })
                } else {
                    let e = refusal(&format!("the publish to {channel}"), m.error.as_deref());
                    self.resolve(op, Err(e));
                    None
                }
            }
        }
    }

    /// A sent item got no answer (the request failed): a subscribe is withdrawn for the callers
    /// waiting on it and retried later for listeners already settled; a publish fails (it may
    /// have arrived, so it is not sent twice).
    fn item_failed(&mut self, sent: Sent, e: Error) {
        match sent.item {
            Item::Subscribe { channel } => {
                let pending = SubStatus::Pending(sent.msg_id);
                let Some(idx) = self
                    .subs
                    .iter()
                    .position(|s| s.channel == channel && s.status == pending)
                else {
                    return;
                };
                let waiting = self
                    .subs
                    .get_mut(idx)
                    .map(|sub| {
                        sub.status = SubStatus::Idle;
                        std::mem::take(&mut sub.waiting)
                    })
                    .unwrap_or_default();
                let mut released = Vec::new();
                for (op, listener) in waiting {
                    self.resolve(op, Err(e.clone()));
                    released.push(listener);
                }
                if let Some(sub) = self.subs.get_mut(idx) {
                    sub.listeners.retain(|l| !released.contains(l));
                    if sub.listeners.is_empty() {
                        self.subs.remove(idx);
                    }
                }
                if !released.is_empty() {
                    self.out.push(Action::Release(released));
                }
            }
            Item::Unsubscribe { op, .. } => {
                if let Some(op) = op {
                    self.resolve(op, Ok(()));
                }
            }
            Item::Publish { op, .. } => self.resolve(op, Err(e)),
        }
    }

    // ----- messages -------------------------------------------------------------------------

    /// A message that answers nothing we sent: a published message for the subscribers, or a
    /// server-side `/meta/disconnect`.
    fn on_unsolicited(&mut self, m: Message) {
        if m.is_meta() {
            if m.channel == DISCONNECT && m.successful == Some(true) && self.client_id.is_some() {
                self.log(LogLevel::Warn, "The server disconnected the client".into());
                self.shut_down(Error::invalid_state(
                    "The Bayeux server disconnected the client.",
                ));
            }
            return;
        }
        if m.data.is_none() {
            return;
        }
        let mut listeners: Vec<ListenerId> = Vec::new();
        for s in &self.subs {
            if channel::matches(&s.channel, &m.channel) {
                listeners.extend_from_slice(&s.listeners);
            }
        }
        if !listeners.is_empty() {
            self.out.push(Action::Deliver {
                message: Box::new(m),
                listeners,
            });
        }
    }

    // ----- subscriptions --------------------------------------------------------------------

    /// Queues a subscribe for every subscription not yet sent in this session (each once).
    fn sync_subscriptions(&mut self) {
        if self.phase != Phase::Connected {
            return;
        }
        for sub in &mut self.subs {
            if sub.status == SubStatus::Idle {
                sub.status = SubStatus::Queued;
                self.queue.push_back(Item::Subscribe {
                    channel: sub.channel.clone(),
                });
            }
        }
    }

    fn remove_listener(&mut self, listener: ListenerId, op: Option<OpId>) {
        let Some(idx) = self
            .subs
            .iter()
            .position(|s| s.listeners.contains(&listener))
        else {
            if let Some(op) = op {
                self.resolve(op, Ok(()));
            }
            return;
        };
        let now_empty = match self.subs.get_mut(idx) {
            Some(sub) => {
                sub.listeners.retain(|l| *l != listener);
                sub.waiting.retain(|(_, l)| *l != listener);
                sub.listeners.is_empty()
            }
            None => false,
        };
        if !now_empty {
            if let Some(op) = op {
                self.resolve(op, Ok(()));
            }
            return;
        }
        let sub = self.subs.remove(idx);
        let on_server = matches!(sub.status, SubStatus::Pending(_) | SubStatus::Confirmed);
        if on_server && self.phase == Phase::Connected {
            self.queue.push_back(Item::Unsubscribe {
                channel: sub.channel,
                op,
            });
        } else if let Some(op) = op {
            self.resolve(op, Ok(()));
        }
    }

    // ----- helpers --------------------------------------------------------------------------

    fn require_session(&self, what: &str) -> Result<()> {
        if self.phase == Phase::Disconnected {
            return Err(Error::invalid_state(format!(
                "The client is disconnected; call handshake() before {what}."
            )));
        }
        Ok(())
    }

    /// Ends everything: no session, no subscriptions; waiting callers get `e`.
    fn shut_down(&mut self, e: Error) {
        self.phase = Phase::Disconnected;
        self.client_id = None;
        self.abort_session();
        self.cancel_timer();
        self.failures = 0;
        self.rehandshakes = 0;
        self.refreshed = false;
        self.refreshing = None;
        self.had_session = false;
        self.rehandshake_due = false;
        self.server_acks = false;
        self.last_connect = None;
        self.multiple_clients = false;
        for op in std::mem::take(&mut self.handshake_ops) {
            self.resolve(op, Err(e.clone()));
        }
        let mut released = Vec::new();
        for sub in std::mem::take(&mut self.subs) {
            for (op, _) in sub.waiting {
                self.resolve(op, Err(e.clone()));
            }
            released.extend(sub.listeners);
        }
        if !released.is_empty() {
            self.out.push(Action::Release(released));
        }
        for item in std::mem::take(&mut self.queue) {
            match item {
                Item::Publish { op, .. } => self.resolve(op, Err(e.clone())),
                Item::Unsubscribe { op: Some(op), .. } => self.resolve(op, Ok(())),
                _ => {}
            }
        }
        self.report(CometdState::Disconnected);
    }

    fn report(&mut self, state: CometdState) {
        if self.reported != state {
            self.reported = state;
            self.out.push(Action::State(state));
        }
    }

    fn resolve(&mut self, op: OpId, result: Result<()>) {
        self.out.push(Action::Resolve { op, result });
    }

    fn log(&mut self, level: LogLevel, text: String) {
        self.out.push(Action::Log { level, text });
    }

    /// A wait of `delay_ms`. A `/meta/connect` always waits for the timer, even for 0 ms (as
    /// CometD's own client does with `setTimeout`); a handshake due now is sent at once.
    fn schedule(&mut self, wake: Wake, delay_ms: u32) {
        if delay_ms == 0 && wake == Wake::Handshake {
            self.cancel_timer();
            self.send_handshake();
            return;
        }
        self.next_timer += 1;
        let timer = self.next_timer;
        self.timer = Some((timer, wake));
        self.out.push(Action::Schedule { timer, delay_ms });
    }

    fn cancel_timer(&mut self) {
        if self.timer.take().is_some() {
            self.out.push(Action::CancelTimer);
        }
    }

    fn backoff(&mut self, failures: u32) -> u32 {
        let r = (self.random)();
        self.timing.backoff_ms(failures, r)
    }

    fn msg_id(&mut self) -> String {
        self.next_msg += 1;
        self.next_msg.to_string()
    }

    fn request_id(&mut self) -> RequestId {
        self.next_request += 1;
        self.next_request
    }

    fn finish(&mut self) -> Vec<Action> {
        self.pump();
        if self.rehandshake_due
            && self.phase == Phase::Connected
            && self.reported == CometdState::Connected
            && self.subs.iter().all(|s| s.status == SubStatus::Confirmed)
        {
            self.rehandshake_due = false;
            self.log(
                LogLevel::Warn,
                "A new session replaced the lost one; messages in between may be missing".into(),
            );
            self.out.push(Action::Rehandshake);
        }
        std::mem::take(&mut self.out)
    }
}

/// Whether `m` is the server's answer to `sent`: same id (when the server echoes one) and the
/// channel of that kind of message. A published message (it has `data`) is never an answer.
fn answers(sent: &Sent, m: &Message) -> bool {
    if m.id.as_ref().is_some_and(|id| *id != sent.msg_id) {
        return false;
    }
    let same = |ch: &str| {
        m.id.is_some()
            || m.subscription
                .as_deref()
                .is_some_and(|s| s.iter().any(|c| c == ch))
    };
    match &sent.item {
        Item::Subscribe { channel } => m.channel == SUBSCRIBE && same(channel),
        Item::Unsubscribe { channel, .. } => m.channel == UNSUBSCRIBE && same(channel),
        Item::Publish { channel, .. } => {
            m.channel == *channel && m.data.is_none() && m.successful.is_some()
        }
    }
}

/// `{"ack": value}`, the acknowledgement extension's field. Built by hand: `json!` with a
/// value in it serializes through `to_value(..).unwrap()`, which links the Debug formatting of
/// serde_json's errors.
fn ack_ext(value: Value) -> Value {
    let mut ext = serde_json::Map::new();
    ext.insert("ack".to_string(), value);
    Value::Object(ext)
}
