//! The LiveVox agent API as a virtual (AI) agent uses it (the LiveVox virtual-agent guide):
//! join a service with the agent's 899 number, go Ready / Not Ready, read the status and the
//! current call, set term codes, and keep an idle session alive.

use super::agent_model::*;
use super::session::{Prepared, Session};
use super::supervisor::instant_ms;
use crate::client::{check_id, ApiRequest, CallOptions, LogLevel};
use crate::error::{Error, ErrorCode, Result};
use crate::events::Emitter;
use crate::http::{unless_cancelled, CancelToken, Method};
use serde::Serialize;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

const BASE: &str = "/callControl/agent";

/// Default time between keep-alive cycles: the virtual-agent guide's "every hour" (sessions expire after two
/// idle hours).
pub const DEFAULT_KEEP_ALIVE_MS: u32 = 3_600_000;
/// Shortest keep-alive interval.
pub const MIN_KEEP_ALIVE_MS: u32 = 50;
/// Longest keep-alive interval (what a JavaScript timer can wait).
pub const MAX_KEEP_ALIVE_MS: u32 = i32::MAX as u32;

/// The agent operations of a LiveVox session logged in with `agent: true`.
#[derive(Clone)]
pub struct Agent {
    session: Rc<Session>,
}

/// `?lineNumber=` after checking it.
fn with_line(req: ApiRequest, line: Option<&str>) -> Result<ApiRequest> {
    match line {
        Some(line) => {
            check_line_number(line)?;
            Ok(req.query("lineNumber", line))
        }
        None => Ok(req),
    }
}

/// The status request's body: `{}`, or `{"stateChangedAfter": "<epoch ms>"}`. The body is
/// always sent (the AzureDemo client notes the platform requires it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    state_changed_after: Option<String>,
}

/// Checks a phone number: digits with an optional leading `+`, 4 to 20 of them, spaces and
/// dashes allowed between.
pub(crate) fn check_phone(field: &str, phone: &str) -> Result<()> {
    let digits = phone.bytes().filter(u8::is_ascii_digit).count();
    let allowed = phone
        .trim()
        .strip_prefix('+')
        .unwrap_or(phone.trim())
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-');
    if !allowed || !(4..=20).contains(&digits) {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must be a phone number such as \"8990000001\" or \"+18990000001\"."),
        ));
    }
    Ok(())
}

/// Checks a service id: a positive whole number.
pub(crate) fn check_service_id(service_id: f64) -> Result<i64> {
    if service_id.is_finite() && service_id.fract() == 0.0 && (1.0..9.0e15).contains(&service_id) {
        Ok(service_id as i64)
    } else {
        Err(Error::invalid_argument(
            "serviceId",
            "serviceId must be a positive whole number.",
        ))
    }
}

impl Agent {
    /// The agent API over `session`.
    pub fn new(session: Rc<Session>) -> Self {
        Agent { session }
    }

    /// The session the calls go through.
    pub fn session(&self) -> &Rc<Session> {
        &self.session
    }

    /// [`Agent::join_service`] before it is sent.
    pub fn join_service_call(service_id: f64, phone_number: &str) -> Result<Prepared<()>> {
        let service_id = check_service_id(service_id)?;
        check_phone("phoneNumber", phone_number)?;
        let req = ApiRequest::new(Method::Post, format!("{BASE}/service/join"))
            .query("serviceId", service_id.to_string())
            .query("phoneNumber", phone_number.trim());
        Ok(Prepared::unit(req))
    }

    /// Joins a service with the agent's phone number (the unique 899 number LiveVox conferences
    /// the calls to): `POST /callControl/agent/service/join?serviceId=&phoneNumber=`.
    pub async fn join_service(
        &self,
        service_id: f64,
        phone_number: &str,
        call: &CallOptions,
    ) -> Result<()> {
        Self::join_service_call(service_id, phone_number)?
            .send(&self.session, call)
            .await
    }

    /// [`Agent::leave_service`] before it is sent.
    pub fn leave_service_call() -> Prepared<()> {
        Prepared::unit(ApiRequest::new(
            Method::Post,
            format!("{BASE}/service/leave"),
        ))
    }

    /// Leaves the service: `POST /callControl/agent/service/leave`.
    pub async fn leave_service(&self, call: &CallOptions) -> Result<()> {
        Self::leave_service_call().send(&self.session, call).await
    }

    /// [`Agent::set_ready`] before it is sent.
    pub fn set_ready_call() -> Prepared<()> {
        Prepared::unit(ApiRequest::new(
            Method::Post,
            format!("{BASE}/status/ready"),
        ))
    }

    /// Makes the agent Ready: `POST /callControl/agent/status/ready`.
    pub async fn set_ready(&self, call: &CallOptions) -> Result<()> {
        Self::set_ready_call().send(&self.session, call).await
    }

    /// [`Agent::set_not_ready`] before it is sent.
    pub fn set_not_ready_call(opts: &AgentNotReadyOptions) -> Result<Prepared<()>> {
        opts.validate()?;
        let mut req = ApiRequest::new(Method::Post, format!("{BASE}/status/notReady"));
        if let Some(code) = &opts.reason_code {
            req = req.query("reasonCode", code.as_str());
        }
        Ok(Prepared::unit(req))
    }

    /// Makes the agent Not Ready: `POST /callControl/agent/status/notReady[?reasonCode=]`.
    pub async fn set_not_ready(
        &self,
        opts: &AgentNotReadyOptions,
        call: &CallOptions,
    ) -> Result<()> {
        Self::set_not_ready_call(opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Agent::status`] before it is sent.
    pub fn status_call(opts: &AgentStatusOptions) -> Result<Prepared<AgentStatusBody>> {
        let state_changed_after = match &opts.state_changed_after {
            Some(at) => Some(instant_ms("stateChangedAfter", at)?.to_string()),
            None => None,
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/status")).json(&StatusRequest {
            state_changed_after,
        })?;
        Ok(Prepared::json(req))
    }

    /// The agent's status with its lines and the call on each: `POST /callControl/agent/status`
    /// with a JSON body, `{}` or `{"stateChangedAfter": "<epoch ms>"}`. `agentStatus` is `None`
    /// when the platform answered an empty list ("nothing changed since then").
    pub async fn status(
        &self,
        opts: &AgentStatusOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusBody> {
        Self::status_call(opts)?.send(&self.session, call).await
    }

    /// The agent's whole status. An empty `agentStatus` list tells nothing about the agent, so
    /// it is asked once more; a second empty list is `BAD_RESPONSE` (status unknown), never
    /// "idle".
    pub async fn full_status(&self, call: &CallOptions) -> Result<AgentStatus> {
        for _ in 0..2 {
            if let Some(status) = self
                .status(&AgentStatusOptions::default(), call)
                .await?
                .agent_status
            {
                return Ok(status);
            }
        }
        Err(Error::bad_response(
            "the agent status came back as an empty list twice, so the agent's state is unknown; ask again later",
        ))
    }

    /// The call the agent is on, from its whole status ([`Agent::full_status`]), or `None`
    /// when the status shows no call.
    pub async fn current_call(&self, call: &CallOptions) -> Result<Option<CurrentCall>> {
        let status = self.full_status(call).await?;
        Ok(CurrentCall::from_status(&status))
    }

    /// [`Agent::term_codes`] before it is sent.
    pub fn term_codes_call(service_id: f64) -> Result<Prepared<TermCodes>> {
        let service_id = check_service_id(service_id)?;
        let req = ApiRequest::new(Method::Get, format!("{BASE}/termCode"))
            .query("serviceId", service_id.to_string());
        Ok(Prepared::json(req))
    }

    /// The term codes of a service, by category: `GET /callControl/agent/termCode?serviceId=`.
    pub async fn term_codes(&self, service_id: f64, call: &CallOptions) -> Result<TermCodes> {
        Self::term_codes_call(service_id)?
            .send(&self.session, call)
            .await
    }

    /// [`Agent::set_term_code`] before it is sent.
    pub fn set_term_code_call(term: &SetTermCode) -> Result<Prepared<()>> {
        check_id("callTransactionId", &term.call_transaction_id)?;
        check_id("callSessionId", &term.call_session_id)?;
        check_id("termCodeId", &term.term_code_id)?;
        if let Some(dialed) = term.dialed() {
            check_id("phoneDialed", dialed)?;
        }
        if let Some(account) = term.account_sent() {
            check_id("account", account)?;
        }
        for (field, value) in [
            ("agentEnteredAccount", &term.agent_entered_account),
            ("immediateCallbackNumber", &term.immediate_callback_number),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                check_id(field, v)?;
            }
        }
        if let Some(code) = term.reason_code.as_ref().filter(|c| !c.is_empty()) {
            AgentNotReadyOptions {
                reason_code: Some(code.clone()),
            }
            .validate()?;
        }
        if let Some(amount) = &term.payment_amt {
            let value = match amount {
                PaymentAmount::Number(n) => Some(*n),
                PaymentAmount::Text(t) => crate::lenient::parse_number(t),
            };
            if !value.is_some_and(|v| v.is_finite() && v >= 0.0) {
                return Err(Error::invalid_argument(
                    "paymentAmt",
                    "paymentAmt must be a non-negative amount (a number, or text such as \"12.50\").",
                ));
            }
        }
        // Notes are data: line breaks are fine, other control characters are not.
        if let Some(notes) = &term.notes {
            if notes
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            {
                return Err(Error::invalid_argument(
                    "notes",
                    "notes must not contain control characters other than line breaks and tabs.",
                ));
            }
        }
        if let Some(id) = term.service_id {
            check_service_id(id as f64)?;
        }
        let mut req =
            ApiRequest::new(Method::Put, format!("{BASE}/call/termCode")).json(&term.body())?;
        if let Some(line) = &term.line_number {
            check_id("lineNumber", line)?;
            req = req.query("lineNumber", line.as_str());
        }
        Ok(Prepared::unit(req))
    }

    /// Assigns a term code to the call (done, or transfer to a human) and frees the agent:
    /// `PUT /callControl/agent/call/termCode[?lineNumber=]`.
    pub async fn set_term_code(&self, term: &SetTermCode, call: &CallOptions) -> Result<()> {
        Self::set_term_code_call(term)?
            .send(&self.session, call)
            .await
    }

    /// [`Agent::call_action`] before it is sent.
    pub fn call_action_call(action: CallAction, opts: &CallLineOptions) -> Result<Prepared<()>> {
        let (method, path) = action.route();
        let line = opts.line_number.as_deref();
        if line.is_some() && !action.takes_line() {
            return Err(Error::invalid_argument(
                "lineNumber",
                "mute and unmute act on the agent, not on a line: leave lineNumber out.",
            ));
        }
        let req = with_line(ApiRequest::new(method, format!("{BASE}/{path}")), line)?;
        Ok(Prepared::unit(req))
    }

    /// Runs one of the call controls without a body ([`CallAction`]); `lineNumber` is sent
    /// only by the actions that act on a line (and rejected for the others).
    pub async fn call_action(
        &self,
        action: CallAction,
        opts: &CallLineOptions,
        call: &CallOptions,
    ) -> Result<()> {
        Self::call_action_call(action, opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Agent::screen_pop`] before it is sent.
    pub fn screen_pop_call(opts: &CallLineOptions) -> Result<Prepared<ScreenPop>> {
        let req = with_line(
            ApiRequest::new(Method::Get, format!("{BASE}/screenpop")),
            opts.line_number.as_deref(),
        )?;
        Ok(Prepared::new(req, |resp| {
            super::decode::<ScreenPopReply>(resp).map(ScreenPop::from)
        }))
    }

    /// The screen pop of the current call, as rows and as a plain object:
    /// `GET /callControl/agent/screenpop[?lineNumber=]` → `{ screenPopRow: [{ key, value }] }`.
    pub async fn screen_pop(
        &self,
        opts: &CallLineOptions,
        call: &CallOptions,
    ) -> Result<ScreenPop> {
        Self::screen_pop_call(opts)?.send(&self.session, call).await
    }

    /// [`Agent::transfer_to_person`] before it is sent.
    pub fn transfer_to_person_call(t: &TransferToPerson) -> Result<Prepared<()>> {
        check_phone("number", &t.number)?;
        let body = ManualConferenceBody {
            supervisor_number: t.number.trim(),
            put_call_on_hold: t.hold.unwrap_or(false),
            secure_transfer: t.secure.unwrap_or(false),
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/conference/manual")).json(&body)?;
        Ok(Prepared::unit(with_line(req, t.line_number.as_deref())?))
    }

    /// Conferences a person in by phone number (a warm transfer to a human):
    /// `POST /callControl/agent/conference/manual[?lineNumber=]` with `{ supervisorNumber,
    /// putCallOnHold, secureTransfer }`.
    pub async fn transfer_to_person(&self, t: &TransferToPerson, call: &CallOptions) -> Result<()> {
        Self::transfer_to_person_call(t)?
            .send(&self.session, call)
            .await
    }

    /// [`Agent::services_allowed`] before it is sent.
    pub fn services_allowed_call() -> Prepared<AgentServices> {
        Prepared::json(ApiRequest::new(
            Method::Get,
            format!("{BASE}/service/access"),
        ))
    }

    /// The services the agent may join: `GET /callControl/agent/service/access`.
    pub async fn services_allowed(&self, call: &CallOptions) -> Result<AgentServices> {
        Self::services_allowed_call()
            .send(&self.session, call)
            .await
    }

    /// [`Agent::service_features`] before it is sent.
    pub fn service_features_call(service_id: f64) -> Result<Prepared<ServiceFeatures>> {
        let service_id = check_service_id(service_id)?;
        let req = ApiRequest::new(Method::Get, format!("{BASE}/service/features"))
            .query("serviceId", service_id.to_string());
        Ok(Prepared::json(req))
    }

    /// What the agent may do in a service, with its configured Not Ready reasons:
    /// `GET /callControl/agent/service/features?serviceId=`.
    pub async fn service_features(
        &self,
        service_id: f64,
        call: &CallOptions,
    ) -> Result<ServiceFeatures> {
        Self::service_features_call(service_id)?
            .send(&self.session, call)
            .await
    }
}

/// The call controls that take no body: each is one request, with `?lineNumber=` when the
/// action acts on a line. Paths and methods as the AzureDemo C# client and LiveVox.NET send them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallAction {
    /// `POST /callControl/agent/customer/call/end[?lineNumber=]`: hang up on the customer.
    EndCall,
    /// `POST /callControl/agent/customer/call/hold[?lineNumber=]`.
    Hold,
    /// `POST /callControl/agent/customer/call/unhold[?lineNumber=]`.
    Unhold,
    /// `PUT /callControl/agent/call/mute`.
    Mute,
    /// `PUT /callControl/agent/call/unmute`.
    Unmute,
    /// `POST /callControl/agent/callRecord/pause[?lineNumber=]` (e.g. while a payment is taken).
    PauseRecording,
    /// `POST /callControl/agent/callRecord/resume[?lineNumber=]`.
    ResumeRecording,
}

impl CallAction {
    /// The method and the path under `/callControl/agent`.
    pub fn route(self) -> (Method, &'static str) {
        match self {
            CallAction::EndCall => (Method::Post, "customer/call/end"),
            CallAction::Hold => (Method::Post, "customer/call/hold"),
            CallAction::Unhold => (Method::Post, "customer/call/unhold"),
            CallAction::Mute => (Method::Put, "call/mute"),
            CallAction::Unmute => (Method::Put, "call/unmute"),
            CallAction::PauseRecording => (Method::Post, "callRecord/pause"),
            CallAction::ResumeRecording => (Method::Post, "callRecord/resume"),
        }
    }

    /// Whether it acts on one line (and so takes `lineNumber`).
    pub fn takes_line(self) -> bool {
        !matches!(self, CallAction::Mute | CallAction::Unmute)
    }
}

/// What a keep-alive tells its listeners after each due cycle.
#[derive(Debug, Clone)]
pub enum KeepAliveEvent {
    /// The agent was cycled Not Ready → Ready.
    Cycled,
    /// The cycle was skipped: the agent was on a call, not Ready, or its status unknown.
    Skipped(&'static str),
    /// A cycle failed; the keep-alive goes on unless the session is gone.
    Error(Error),
    /// The keep-alive put the agent Not Ready and could not make it Ready again: it keeps
    /// trying (with growing pauses) until it succeeds or is stopped. `attempt` counts the
    /// failed tries so far.
    Stranded {
        /// Failed tries so far (1 for the cycle's own Ready and its re-try).
        attempt: u32,
        /// The last failure.
        error: Error,
    },
    /// The agent is Ready (or on a call) again after being stranded.
    Restored {
        /// How many tries it took.
        attempts: u32,
    },
}

/// What a keep-alive last knew of its agent: whether it is Ready and taking calls.
#[derive(Debug, Clone, Default)]
pub struct AgentHealth {
    /// Whether a line was Ready at the last look (`None`: not known yet).
    pub ready: Option<bool>,
    /// Whether the agent was on a call at the last look (`None`: not known yet).
    pub on_call: Option<bool>,
    /// The keep-alive put the agent Not Ready and is trying to make it Ready again.
    pub restoring: bool,
    /// The last failure, cleared by the next success.
    pub last_error: Option<Error>,
    /// When the agent was last seen (epoch milliseconds).
    pub checked_at_ms: Option<f64>,
}

impl AgentHealth {
    /// Ready or on a call: the agent takes calls.
    pub fn taking_calls(&self) -> bool {
        !self.restoring && (self.ready == Some(true) || self.on_call == Some(true))
    }
}

/// The longest pause between two tries to make a stranded agent Ready again.
pub const MAX_RESTORE_DELAY_MS: u32 = 60_000;

/// A running keep-alive; [`KeepAlive::stop`] ends it. Cloning shares it.
#[derive(Clone)]
pub struct KeepAlive {
    stop: CancelToken,
    events: Rc<Emitter<KeepAliveEvent>>,
    health: Rc<RefCell<AgentHealth>>,
}

fn session_gone(e: &Error) -> bool {
    matches!(
        e.code,
        ErrorCode::InvalidState
            | ErrorCode::SessionExpired
            | ErrorCode::Unauthorized
            | ErrorCode::Forbidden
    )
}

/// A failure after which the request may or may not have taken effect, or that may pass.
fn passing(e: &Error) -> bool {
    e.code.is_transient() || e.code == ErrorCode::ServerError
}

impl KeepAlive {
    /// Checks the options and returns the keep-alive plus its loop, which the caller spawns.
    ///
    /// Every `intervalMs` (the first time at a random point of the first interval, so that many
    /// agents started together do not cycle together) the loop reads the agent's status and,
    /// only when a line is Ready and no line has a call, sends Not Ready then Ready (a Ready
    /// that fails in passing is tried once more). If the Ready still fails, the agent would be
    /// stranded Not Ready by the keep-alive itself: it keeps trying to make it Ready, with
    /// growing pauses, until it succeeds or `stop()` is called, and reports each failure
    /// ([`KeepAliveEvent::Stranded`], and a warning in the log). An agent found Not Ready at
    /// the start of a cycle (someone else's doing) is never made Ready. The loop ends on
    /// `stop()` or when the session is gone.
    pub fn start(
        agent: Agent,
        opts: &KeepAliveOptions,
    ) -> Result<(KeepAlive, impl Future<Output = ()> + 'static)> {
        let interval = match opts.interval_ms {
            None => DEFAULT_KEEP_ALIVE_MS,
            Some(ms)
                if ms.is_finite()
                    && ms >= f64::from(MIN_KEEP_ALIVE_MS)
                    && ms <= f64::from(MAX_KEEP_ALIVE_MS) =>
            {
                ms as u32
            }
            Some(_) => {
                return Err(Error::invalid_argument(
                    "intervalMs",
                    format!(
                        "intervalMs must be a number of milliseconds from {MIN_KEEP_ALIVE_MS} to {MAX_KEEP_ALIVE_MS}."
                    ),
                ))
            }
        };
        let keep = KeepAlive {
            stop: CancelToken::new(),
            events: Rc::default(),
            health: Rc::default(),
        };
        let driver = keep.clone().run(agent, interval);
        Ok((keep, driver))
    }

    async fn run(self, agent: Agent, interval: u32) {
        let runtime = agent.session().pipeline().runtime.clone();
        // A cycle in flight is not cancelled by stop(): cutting it between Not Ready and Ready
        // would leave the agent Not Ready.
        let call = CallOptions::default();
        // A random phase within the first interval spreads many agents' cycles apart.
        let mut delay = (f64::from(interval) * runtime.random()).max(1.0) as u32;
        loop {
            if unless_cancelled(runtime.sleep(delay), Some(&self.stop))
                .await
                .is_none()
            {
                return;
            }
            delay = interval;
            if self.stop.is_cancelled() {
                return;
            }
            let outcome = match self.cycle(&agent, &call).await {
                Err(Stranding(e)) => self.restore(&agent, &call, interval, e).await,
                Ok(outcome) => outcome,
            };
            let fatal = matches!(&outcome, Err(e) if session_gone(e));
            if let Err(e) = &outcome {
                self.health.borrow_mut().last_error = Some(e.clone());
            }
            self.events.emit(&match outcome {
                Ok(event) => event,
                Err(e) => KeepAliveEvent::Error(e),
            });
            if fatal {
                // The session is gone: nothing more to keep alive.
                self.stop.cancel();
                return;
            }
        }
    }

    fn observe(&self, agent: &Agent, status: &AgentStatus) {
        let mut h = self.health.borrow_mut();
        h.ready = Some(status.is_ready());
        h.on_call = Some(status.is_on_call());
        h.checked_at_ms = Some(agent.session().pipeline().runtime.now_ms());
    }

    /// One cycle. `Err(Stranding)` when the keep-alive's own Not Ready could not be undone.
    async fn cycle(
        &self,
        agent: &Agent,
        call: &CallOptions,
    ) -> std::result::Result<Result<KeepAliveEvent>, Stranding> {
        let status = match agent.status(&AgentStatusOptions::default(), call).await {
            Ok(body) => body.agent_status,
            Err(e) => return Ok(Err(e)),
        };
        let Some(status) = status else {
            // An empty list says nothing about the agent: never act on it as if idle.
            return Ok(Ok(KeepAliveEvent::Skipped("status unknown")));
        };
        self.observe(agent, &status);
        if status.is_on_call() {
            return Ok(Ok(KeepAliveEvent::Skipped("on a call")));
        }
        if !status.is_ready() {
            return Ok(Ok(KeepAliveEvent::Skipped("not Ready")));
        }
        if let Err(e) = agent
            .set_not_ready(&AgentNotReadyOptions::default(), call)
            .await
        {
            // A Not Ready that may have taken effect (no answer, 5xx) must be undone too.
            return if passing(&e) {
                Err(Stranding(e))
            } else {
                Ok(Err(e))
            };
        }
        // The Ready must follow, or the agent is left Not Ready (and a later cycle never makes
        // a Not Ready agent Ready): one more try after a passing failure, then `restore`.
        let first = match agent.set_ready(call).await {
            Ok(()) => return Ok(Ok(self.ready_again())),
            Err(e) => e,
        };
        if !passing(&first) {
            return Err(Stranding(first));
        }
        match agent.set_ready(call).await {
            Ok(()) => Ok(Ok(self.ready_again())),
            Err(e) => Err(Stranding(e)),
        }
    }

    fn ready_again(&self) -> KeepAliveEvent {
        let mut h = self.health.borrow_mut();
        h.ready = Some(true);
        h.restoring = false;
        h.last_error = None;
        KeepAliveEvent::Cycled
    }

    /// Makes the agent this keep-alive put Not Ready Ready again: tries until it works, the
    /// agent is seen Ready or on a call, someone else gives the agent a Not Ready reason (then
    /// it is theirs), the session is gone, or `stop()`.
    async fn restore(
        &self,
        agent: &Agent,
        call: &CallOptions,
        interval: u32,
        mut error: Error,
    ) -> Result<KeepAliveEvent> {
        let pipeline = agent.session().pipeline().clone();
        let ready_path = agent.session().api_version().map_or_else(
            || format!("{BASE}/status/ready"),
            |v| v.apply(&format!("{BASE}/status/ready")),
        );
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            {
                let mut h = self.health.borrow_mut();
                h.restoring = true;
                h.ready = Some(false);
                h.last_error = Some(error.clone());
            }
            pipeline.note(
                LogLevel::Warn,
                Method::Post,
                &ready_path,
                &format!(
                    "The keep-alive left the agent Not Ready and could not make it Ready again ({}); retrying (try {attempt}).",
                    error.message.trim_end_matches('.')
                ),
            );
            self.events.emit(&KeepAliveEvent::Stranded {
                attempt,
                error: error.clone(),
            });
            if session_gone(&error) {
                self.health.borrow_mut().restoring = false;
                return Err(error);
            }
            let base = interval.clamp(MIN_KEEP_ALIVE_MS, 1_000);
            let delay = base
                .saturating_mul(1u32 << (attempt - 1).min(16))
                .min(MAX_RESTORE_DELAY_MS);
            if unless_cancelled(pipeline.runtime.sleep(delay), Some(&self.stop))
                .await
                .is_none()
            {
                self.health.borrow_mut().restoring = false;
                return Ok(KeepAliveEvent::Skipped("stopped while restoring Ready"));
            }
            match agent.status(&AgentStatusOptions::default(), call).await {
                Ok(AgentStatusBody {
                    agent_status: Some(status),
                }) => {
                    self.observe(agent, &status);
                    if status.is_ready() || status.is_on_call() {
                        return Ok(self.restored(attempt));
                    }
                    if status.reason_code.as_deref().is_some_and(|r| !r.is_empty()) {
                        // The keep-alive's Not Ready carries no reason: this one is someone
                        // else's, and a Not Ready it did not cause is never touched.
                        let mut h = self.health.borrow_mut();
                        h.restoring = false;
                        return Ok(KeepAliveEvent::Skipped(
                            "someone else set the agent Not Ready while the keep-alive restored it",
                        ));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    error = e;
                    continue;
                }
            }
            match agent.set_ready(call).await {
                Ok(()) => return Ok(self.restored(attempt)),
                Err(e) => error = e,
            }
        }
    }

    fn restored(&self, attempts: u32) -> KeepAliveEvent {
        self.ready_again();
        KeepAliveEvent::Restored { attempts }
    }

    /// Stops the keep-alive; a cycle in flight finishes, no new one starts (a stranded agent's
    /// restoring ends too).
    pub fn stop(&self) {
        self.stop.cancel();
    }

    /// Whether [`KeepAlive::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.stop.is_cancelled()
    }

    /// The listeners of each cycle's outcome.
    pub fn events(&self) -> &Emitter<KeepAliveEvent> {
        &self.events
    }

    /// What the keep-alive last knew of its agent.
    pub fn health(&self) -> AgentHealth {
        self.health.borrow().clone()
    }
}

/// The keep-alive's own Not Ready may be in force and could not be undone by the cycle.
struct Stranding(Error);

#[cfg(test)]
mod tests;
