//! The LiveVox agent API as a virtual (AI) agent uses it (seed 003): join a service with the
//! agent's 899 number, go Ready / Not Ready, read the status and the current call, set term
//! codes, and keep an idle session alive.

use super::agent_model::*;
use super::session::Session;
use super::supervisor::instant_ms;
use crate::client::{check_id, decode_json, ApiRequest, CallOptions};
use crate::error::{Error, ErrorCode, Result};
use crate::events::Emitter;
use crate::http::{unless_cancelled, CancelToken, Method};
use serde::Serialize;
use std::future::Future;
use std::rc::Rc;

const BASE: &str = "/callControl/agent";

/// Default time between keep-alive cycles: the seed's "every hour" (sessions expire after two
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusRequest {
    state_changed_after: String,
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

    async fn post(&self, req: ApiRequest, call: &CallOptions) -> Result<()> {
        self.session.send(req, call).await.map(|_| ())
    }

    /// Joins a service with the agent's phone number (the unique 899 number LiveVox conferences
    /// the calls to): `POST /callControl/agent/service/join?serviceId=&phoneNumber=`.
    pub async fn join_service(
        &self,
        service_id: f64,
        phone_number: &str,
        call: &CallOptions,
    ) -> Result<()> {
        let service_id = check_service_id(service_id)?;
        check_phone("phoneNumber", phone_number)?;
        let req = ApiRequest::new(Method::Post, format!("{BASE}/service/join"))
            .query("serviceId", service_id.to_string())
            .query("phoneNumber", phone_number.trim());
        self.post(req, call).await
    }

    /// Leaves the service: `POST /callControl/agent/service/leave`.
    pub async fn leave_service(&self, call: &CallOptions) -> Result<()> {
        let req = ApiRequest::new(Method::Post, format!("{BASE}/service/leave"));
        self.post(req, call).await
    }

    /// Makes the agent Ready: `POST /callControl/agent/status/ready`.
    pub async fn set_ready(&self, call: &CallOptions) -> Result<()> {
        let req = ApiRequest::new(Method::Post, format!("{BASE}/status/ready"));
        self.post(req, call).await
    }

    /// Makes the agent Not Ready: `POST /callControl/agent/status/notReady[?reasonCode=]`.
    pub async fn set_not_ready(
        &self,
        opts: &AgentNotReadyOptions,
        call: &CallOptions,
    ) -> Result<()> {
        let mut req = ApiRequest::new(Method::Post, format!("{BASE}/status/notReady"));
        if let Some(code) = opts.reason_code {
            let name = serde_json::to_value(code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            req = req.query("reasonCode", name);
        }
        self.post(req, call).await
    }

    /// The agent's status with its lines and the call on each: `POST /callControl/agent/status`,
    /// with `stateChangedAfter` (epoch-ms string) in the body when given.
    pub async fn status(
        &self,
        opts: &AgentStatusOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusBody> {
        let mut req = ApiRequest::new(Method::Post, format!("{BASE}/status"));
        if let Some(at) = &opts.state_changed_after {
            let ms = instant_ms("stateChangedAfter", at)?;
            req = req.json(&StatusRequest {
                state_changed_after: ms.to_string(),
            })?;
        }
        let resp = self.session.send(req, call).await?;
        decode_json(&resp)
    }

    /// The call the agent is on, from [`Agent::status`], or `None`.
    pub async fn current_call(&self, call: &CallOptions) -> Result<Option<CurrentCall>> {
        let status = self.status(&AgentStatusOptions::default(), call).await?;
        Ok(CurrentCall::from_status(&status.agent_status))
    }

    /// The term codes of a service, by category: `GET /callControl/agent/termCode?serviceId=`.
    pub async fn term_codes(&self, service_id: f64, call: &CallOptions) -> Result<TermCodes> {
        let service_id = check_service_id(service_id)?;
        let req = ApiRequest::new(Method::Get, format!("{BASE}/termCode"))
            .query("serviceId", service_id.to_string());
        let resp = self.session.send(req, call).await?;
        decode_json(&resp)
    }

    /// Assigns a term code to the call (done, or transfer to a human) and frees the agent:
    /// `PUT /callControl/agent/call/termCode[?lineNumber=]`.
    pub async fn set_term_code(&self, term: &SetTermCode, call: &CallOptions) -> Result<()> {
        check_id("callTransactionId", &term.call_transaction_id)?;
        check_id("callSessionId", &term.call_session_id)?;
        check_id("termCodeId", &term.term_code_id)?;
        check_id("phoneDialed", &term.phone_dialed)?;
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
        self.session.send(req, call).await.map(|_| ())
    }
}

/// What a keep-alive tells its listeners after each due cycle.
#[derive(Debug, Clone)]
pub enum KeepAliveEvent {
    /// The agent was cycled Not Ready → Ready.
    Cycled,
    /// The cycle was skipped: the agent was on a call, or not Ready.
    Skipped(&'static str),
    /// A cycle failed; the keep-alive goes on unless the session is gone.
    Error(Error),
}

/// A running keep-alive; [`KeepAlive::stop`] ends it. Cloning shares it.
#[derive(Clone)]
pub struct KeepAlive {
    stop: CancelToken,
    events: Rc<Emitter<KeepAliveEvent>>,
}

impl KeepAlive {
    /// Checks the options and returns the keep-alive plus its loop, which the caller spawns.
    ///
    /// Every `intervalMs` (the first time at a random point of the first interval, so that many
    /// agents started together do not cycle together) the loop reads the agent's status and,
    /// only when a line is Ready and no line has a call, sends Not Ready then Ready (a Ready
    /// that fails in passing is tried once more). An agent found Not Ready is never made
    /// Ready. The loop ends on `stop()` or when the session is gone.
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
            let outcome = self.cycle(&agent, &call).await;
            let fatal = matches!(&outcome, Err(e) if matches!(e.code, ErrorCode::InvalidState | ErrorCode::SessionExpired | ErrorCode::Unauthorized | ErrorCode::Forbidden));
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

    async fn cycle(&self, agent: &Agent, call: &CallOptions) -> Result<KeepAliveEvent> {
        let status = agent
            .status(&AgentStatusOptions::default(), call)
            .await?
            .agent_status;
        if status.is_on_call() {
            return Ok(KeepAliveEvent::Skipped("on a call"));
        }
        if !status.is_ready() {
            return Ok(KeepAliveEvent::Skipped("not Ready"));
        }
        agent
            .set_not_ready(&AgentNotReadyOptions::default(), call)
            .await?;
        // The Ready must follow, or the agent is left Not Ready (and a later cycle never makes
        // a Not Ready agent Ready): one more try after a passing failure.
        match agent.set_ready(call).await {
            Ok(()) => Ok(KeepAliveEvent::Cycled),
            Err(e) if e.code.is_transient() => {
                agent.set_ready(call).await.map(|()| KeepAliveEvent::Cycled)
            }
            Err(e) => Err(e),
        }
    }

    /// Stops the keep-alive; a cycle in flight finishes, no new one starts.
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
}

#[cfg(test)]
mod tests;
