//! The LiveVox Supervisor API (its "Supervisor API Methods" page): agent status, chat, monitoring, services.
//!
//! Every method checks its input before anything is sent and fails with `INVALID_ARGUMENT`
//! naming the field.

use super::model::*;
use super::session::{Prepared, Session};
use crate::client::{check_id, check_no_control, ApiRequest, CallOptions};
use crate::error::{Error, Result};
use crate::http::Method;
use std::rc::Rc;

const BASE: &str = "/callControl/supervisor";

/// The supervisor operations of a logged-in LiveVox session.
#[derive(Clone)]
pub struct Supervisor {
    session: Rc<Session>,
}

/// Checks an agent list: non-empty, every id non-blank and free of line breaks.
pub fn check_agents(field: &str, agents: &[String]) -> Result<()> {
    if agents.is_empty() {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must list at least one agent login id."),
        ));
    }
    for a in agents {
        check_id(field, a)?;
    }
    Ok(())
}

/// An optional message to agents: line breaks are data; an empty string means "no message".
fn optional_message(message: &Option<String>) -> Option<&str> {
    message.as_deref().filter(|m| !m.is_empty())
}

fn required_message(message: &str) -> Result<()> {
    if message.trim().is_empty() {
        return Err(Error::invalid_argument(
            "message",
            "message must be a non-empty string.",
        ));
    }
    Ok(())
}

/// Converts a caller's point in time to epoch milliseconds (`field` names the option).
pub fn instant_ms(field: &str, at: &Instant) -> Result<i64> {
    let bad = || {
        Error::invalid_argument(
            field,
            format!("{field} must be epoch milliseconds (a non-negative number or digit string) or a Date."),
        )
    };
    let ms = match at {
        Instant::Millis(v) => {
            if !v.is_finite() || *v < 0.0 || *v > 8.64e15 {
                return Err(bad());
            }
            v.trunc() as i64
        }
        Instant::Text(s) => {
            let t = s.trim();
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse::<i64>().map_err(|_| bad())?
        }
    };
    Ok(ms)
}

impl Supervisor {
    /// The supervisor API over `session`.
    pub fn new(session: Rc<Session>) -> Self {
        Supervisor { session }
    }

    /// The session the calls go through.
    pub fn session(&self) -> &Rc<Session> {
        &self.session
    }

    fn status_call(
        action: &str,
        agents: &[String],
        reason_code: Option<ReasonCode>,
        message: &Option<String>,
    ) -> Result<Prepared<AgentStatusReply>> {
        check_agents("agents", agents)?;
        let body = AgentStatusRequest {
            agents,
            reason_code,
            message: optional_message(message),
        };
        let req =
            ApiRequest::new(Method::Post, format!("{BASE}/agent/status/{action}")).json(&body)?;
        Ok(Prepared::json(req))
    }

    /// [`Supervisor::set_ready`] before it is sent.
    pub fn set_ready_call(
        agents: &[String],
        opts: &MessageOptions,
    ) -> Result<Prepared<AgentStatusReply>> {
        Self::status_call("ready", agents, None, &opts.message)
    }

    /// Makes agents Ready: `POST /callControl/supervisor/agent/status/ready`.
    pub async fn set_ready(
        &self,
        agents: &[String],
        opts: &MessageOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        Self::set_ready_call(agents, opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::set_not_ready`] before it is sent.
    pub fn set_not_ready_call(
        agents: &[String],
        opts: &NotReadyOptions,
    ) -> Result<Prepared<AgentStatusReply>> {
        Self::status_call("notReady", agents, opts.reason_code, &opts.message)
    }

    /// Makes agents Not Ready, with an optional reason: `POST .../agent/status/notReady`.
    pub async fn set_not_ready(
        &self,
        agents: &[String],
        opts: &NotReadyOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        Self::set_not_ready_call(agents, opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::logoff`] before it is sent.
    pub fn logoff_call(
        agents: &[String],
        opts: &MessageOptions,
    ) -> Result<Prepared<AgentStatusReply>> {
        Self::status_call("logoff", agents, None, &opts.message)
    }

    /// Logs agents off: `POST .../agent/status/logoff`.
    pub async fn logoff(
        &self,
        agents: &[String],
        opts: &MessageOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        Self::logoff_call(agents, opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::broadcast_chat`] before it is sent.
    pub fn broadcast_chat_call(
        users_info: &[ChatRecipient],
        message: &str,
    ) -> Result<Prepared<BroadcastReply>> {
        if users_info.is_empty() {
            return Err(Error::invalid_argument(
                "usersInfo",
                "usersInfo must list at least one agent ({ userLoginId, canReply }).",
            ));
        }
        for u in users_info {
            check_id("usersInfo", &u.user_login_id)?;
        }
        required_message(message)?;
        let body = BroadcastRequest {
            users_info,
            message,
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/broadcast")).json(&body)?;
        Ok(Prepared::json(req))
    }

    /// Sends a chat message to several agents: `POST .../chat/broadcast`.
    pub async fn broadcast_chat(
        &self,
        users_info: &[ChatRecipient],
        message: &str,
        call: &CallOptions,
    ) -> Result<BroadcastReply> {
        Self::broadcast_chat_call(users_info, message)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::chat_messages`] before it is sent.
    pub fn chat_messages_call(opts: &ChatMessagesOptions) -> Result<Prepared<ChatMessagesReply>> {
        let after = match &opts.after {
            Some(a) => Some(instant_ms("after", a)?),
            None => None,
        };
        Self::chat_messages_after_call(after, opts.exclude_own)
    }

    /// New chat messages for the supervisor: `POST .../chat/messages`.
    pub async fn chat_messages(
        &self,
        opts: &ChatMessagesOptions,
        call: &CallOptions,
    ) -> Result<ChatMessagesReply> {
        Self::chat_messages_call(opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::chat_messages_after`] before it is sent.
    pub fn chat_messages_after_call(
        after: Option<i64>,
        exclude_own: bool,
    ) -> Result<Prepared<ChatMessagesReply>> {
        let body = ChatMessagesRequest {
            filter: ChatFilter {
                message_received_after: after.map(|ms| ms.to_string()),
                exclude_own,
            },
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/messages")).json(&body)?;
        Ok(Prepared::json(req))
    }

    /// [`Supervisor::chat_messages`] with a checked cursor.
    pub async fn chat_messages_after(
        &self,
        after: Option<i64>,
        exclude_own: bool,
        call: &CallOptions,
    ) -> Result<ChatMessagesReply> {
        Self::chat_messages_after_call(after, exclude_own)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::send_chat`] before it is sent.
    pub fn send_chat_call(user_login_id: &str, message: &str) -> Result<Prepared<()>> {
        check_id("userLoginId", user_login_id)?;
        required_message(message)?;
        let body = SendChatRequest {
            user_login_id,
            message,
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/send")).json(&body)?;
        Ok(Prepared::unit(req))
    }

    /// Sends a chat message to one agent: `POST .../chat/send` (line breaks are kept).
    pub async fn send_chat(
        &self,
        user_login_id: &str,
        message: &str,
        call: &CallOptions,
    ) -> Result<()> {
        Self::send_chat_call(user_login_id, message)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::end_chat`] before it is sent.
    pub fn end_chat_call(user_login_id: &str) -> Result<Prepared<()>> {
        check_id("userLoginId", user_login_id)?;
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/end"))
            .query("userLoginId", user_login_id);
        Ok(Prepared::unit(req))
    }

    /// Ends an agent's chat session: `POST .../chat/end?userLoginId=`.
    pub async fn end_chat(&self, user_login_id: &str, call: &CallOptions) -> Result<()> {
        Self::end_chat_call(user_login_id)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::start_monitor`] before it is sent.
    pub fn start_monitor_call(
        number_to_dial: &str,
        opts: &StartMonitorOptions,
    ) -> Result<Prepared<Option<MonitorState>>> {
        check_id("numberToDial", number_to_dial)?;
        let mut req = ApiRequest::new(Method::Post, format!("{BASE}/monitor/start"))
            .query("numberToDial", number_to_dial);
        if let Some(ext) = opts.extension.as_deref().filter(|e| !e.is_empty()) {
            check_no_control("extension", ext)?;
            req = req.query("extension", ext);
        }
        Ok(Prepared::new(req, |resp| {
            if resp.status == 204 || resp.body.trim().is_empty() {
                Ok(None)
            } else {
                super::decode(resp).map(Some)
            }
        }))
    }

    /// Connects the supervisor's phone for monitoring: `POST .../monitor/start`. The platform
    /// answers 204 (then `None`) although its table promises `{ activeCall }`.
    pub async fn start_monitor(
        &self,
        number_to_dial: &str,
        opts: &StartMonitorOptions,
        call: &CallOptions,
    ) -> Result<Option<MonitorState>> {
        Self::start_monitor_call(number_to_dial, opts)?
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::monitor_state`] before it is sent.
    pub fn monitor_state_call() -> Prepared<MonitorState> {
        Prepared::json(ApiRequest::new(
            Method::Get,
            format!("{BASE}/monitor/state"),
        ))
    }

    /// Whether the supervisor's monitoring audio path is up: `GET .../monitor/state`.
    pub async fn monitor_state(&self, call: &CallOptions) -> Result<MonitorState> {
        Self::monitor_state_call().send(&self.session, call).await
    }

    /// [`Supervisor::listen`], [`Supervisor::coach`] or [`Supervisor::barge`] (`mode`) before
    /// it is sent.
    pub fn monitor_call(mode: MonitorMode, agent_login_id: &str) -> Result<Prepared<()>> {
        check_id("agentLoginId", agent_login_id)?;
        let mode = match mode {
            MonitorMode::Listen => "listen",
            MonitorMode::Coach => "coach",
            MonitorMode::Barge => "barge",
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/monitor/{mode}"))
            .query("agentLoginId", agent_login_id);
        Ok(Prepared::unit(req))
    }

    async fn monitor(
        &self,
        mode: MonitorMode,
        agent_login_id: &str,
        call: &CallOptions,
    ) -> Result<()> {
        Self::monitor_call(mode, agent_login_id)?
            .send(&self.session, call)
            .await
    }

    /// Listens to an agent's call (nobody hears the supervisor): `POST .../monitor/listen`.
    pub async fn listen(&self, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        self.monitor(MonitorMode::Listen, agent_login_id, call)
            .await
    }

    /// Coaches an agent (only the agent hears the supervisor): `POST .../monitor/coach`.
    pub async fn coach(&self, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        self.monitor(MonitorMode::Coach, agent_login_id, call).await
    }

    /// Barges into an agent's call (everyone hears the supervisor): `POST .../monitor/barge`.
    pub async fn barge(&self, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        self.monitor(MonitorMode::Barge, agent_login_id, call).await
    }

    /// [`Supervisor::services_allowed`] before it is sent.
    pub fn services_allowed_call() -> Prepared<ServicesAllowed> {
        Prepared::json(ApiRequest::new(
            Method::Get,
            format!("{BASE}/service/access"),
        ))
    }

    /// The call centers and services the supervisor may use: `GET .../service/access`.
    pub async fn services_allowed(&self, call: &CallOptions) -> Result<ServicesAllowed> {
        Self::services_allowed_call()
            .send(&self.session, call)
            .await
    }

    /// [`Supervisor::switch_service`] before it is sent.
    pub fn switch_service_call(
        agents: &[String],
        target_service_id: i64,
        opts: &MessageOptions,
    ) -> Result<Prepared<SwitchServiceReply>> {
        check_agents("agents", agents)?;
        if target_service_id <= 0 {
            return Err(Error::invalid_argument(
                "targetServiceId",
                "targetServiceId must be a positive integer service id.",
            ));
        }
        let body = SwitchServiceRequest {
            agents,
            target_service_id,
            message: optional_message(&opts.message),
        };
        let req =
            ApiRequest::new(Method::Post, format!("{BASE}/agent/service/switch")).json(&body)?;
        Ok(Prepared::json(req))
    }

    /// Moves agents to another service: `POST .../agent/service/switch`.
    pub async fn switch_service(
        &self,
        agents: &[String],
        target_service_id: i64,
        opts: &MessageOptions,
        call: &CallOptions,
    ) -> Result<SwitchServiceReply> {
        Self::switch_service_call(agents, target_service_id, opts)?
            .send(&self.session, call)
            .await
    }
}

/// Which way a supervisor joins an agent's call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonitorMode {
    /// Nobody hears the supervisor.
    Listen,
    /// Only the agent hears the supervisor.
    Coach,
    /// Everyone hears the supervisor.
    Barge,
}

#[cfg(test)]
mod tests;
