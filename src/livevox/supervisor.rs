//! The LiveVox Supervisor API (its "Supervisor API Methods" page): agent status, chat, monitoring, services.
//!
//! Every method checks its input before anything is sent and fails with `INVALID_ARGUMENT`
//! naming the field.

use super::model::*;
use super::session::Session;
use crate::client::{check_id, check_no_control, ApiRequest, CallOptions};
use crate::error::{Error, Result};
use crate::http::{HttpResponse, Method};
use serde::de::DeserializeOwned;
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

    async fn send(&self, req: ApiRequest, call: &CallOptions) -> Result<HttpResponse> {
        self.session.send(req, call).await
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        req: ApiRequest,
        call: &CallOptions,
    ) -> Result<T> {
        let resp = self.send(req, call).await?;
        super::decode(&resp)
    }

    async fn status_change(
        &self,
        action: &str,
        agents: &[String],
        reason_code: Option<ReasonCode>,
        message: &Option<String>,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        check_agents("agents", agents)?;
        let body = AgentStatusRequest {
            agents,
            reason_code,
            message: optional_message(message),
        };
        let req =
            ApiRequest::new(Method::Post, format!("{BASE}/agent/status/{action}")).json(&body)?;
        self.send_json(req, call).await
    }

    /// Makes agents Ready: `POST /callControl/supervisor/agent/status/ready`.
    pub async fn set_ready(
        &self,
        agents: &[String],
        opts: &MessageOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        self.status_change("ready", agents, None, &opts.message, call)
            .await
    }

    /// Makes agents Not Ready, with an optional reason: `POST .../agent/status/notReady`.
    pub async fn set_not_ready(
        &self,
        agents: &[String],
        opts: &NotReadyOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        self.status_change("notReady", agents, opts.reason_code, &opts.message, call)
            .await
    }

    /// Logs agents off: `POST .../agent/status/logoff`.
    pub async fn logoff(
        &self,
        agents: &[String],
        opts: &MessageOptions,
        call: &CallOptions,
    ) -> Result<AgentStatusReply> {
        self.status_change("logoff", agents, None, &opts.message, call)
            .await
    }

    /// Sends a chat message to several agents: `POST .../chat/broadcast`.
    pub async fn broadcast_chat(
        &self,
        users_info: &[ChatRecipient],
        message: &str,
        call: &CallOptions,
    ) -> Result<BroadcastReply> {
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
        self.send_json(req, call).await
    }

    /// New chat messages for the supervisor: `POST .../chat/messages`.
    pub async fn chat_messages(
        &self,
        opts: &ChatMessagesOptions,
        call: &CallOptions,
    ) -> Result<ChatMessagesReply> {
        let after = match &opts.after {
            Some(a) => Some(instant_ms("after", a)?),
            None => None,
        };
        self.chat_messages_after(after, opts.exclude_own, call)
            .await
    }

    /// [`Supervisor::chat_messages`] with a checked cursor.
    pub async fn chat_messages_after(
        &self,
        after: Option<i64>,
        exclude_own: bool,
        call: &CallOptions,
    ) -> Result<ChatMessagesReply> {
        let body = ChatMessagesRequest {
            filter: ChatFilter {
                message_received_after: after.map(|ms| ms.to_string()),
                exclude_own,
            },
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/messages")).json(&body)?;
        self.send_json(req, call).await
    }

    /// Sends a chat message to one agent: `POST .../chat/send` (line breaks are kept).
    pub async fn send_chat(
        &self,
        user_login_id: &str,
        message: &str,
        call: &CallOptions,
    ) -> Result<()> {
        check_id("userLoginId", user_login_id)?;
        required_message(message)?;
        let body = SendChatRequest {
            user_login_id,
            message,
        };
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/send")).json(&body)?;
        self.send(req, call).await.map(drop)
    }

    /// Ends an agent's chat session: `POST .../chat/end?userLoginId=`.
    pub async fn end_chat(&self, user_login_id: &str, call: &CallOptions) -> Result<()> {
        check_id("userLoginId", user_login_id)?;
        let req = ApiRequest::new(Method::Post, format!("{BASE}/chat/end"))
            .query("userLoginId", user_login_id);
        self.send(req, call).await.map(drop)
    }

    /// Connects the supervisor's phone for monitoring: `POST .../monitor/start`. The platform
    /// answers 204 (then `None`) although its table promises `{ activeCall }`.
    pub async fn start_monitor(
        &self,
        number_to_dial: &str,
        opts: &StartMonitorOptions,
        call: &CallOptions,
    ) -> Result<Option<MonitorState>> {
        check_id("numberToDial", number_to_dial)?;
        let mut req = ApiRequest::new(Method::Post, format!("{BASE}/monitor/start"))
            .query("numberToDial", number_to_dial);
        if let Some(ext) = opts.extension.as_deref().filter(|e| !e.is_empty()) {
            check_no_control("extension", ext)?;
            req = req.query("extension", ext);
        }
        let resp = self.send(req, call).await?;
        if resp.status == 204 || resp.body.trim().is_empty() {
            Ok(None)
        } else {
            super::decode(&resp).map(Some)
        }
    }

    /// Whether the supervisor's monitoring audio path is up: `GET .../monitor/state`.
    pub async fn monitor_state(&self, call: &CallOptions) -> Result<MonitorState> {
        let req = ApiRequest::new(Method::Get, format!("{BASE}/monitor/state"));
        self.send_json(req, call).await
    }

    async fn monitor(&self, mode: &str, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        check_id("agentLoginId", agent_login_id)?;
        let req = ApiRequest::new(Method::Post, format!("{BASE}/monitor/{mode}"))
            .query("agentLoginId", agent_login_id);
        self.send(req, call).await.map(drop)
    }

    /// Listens to an agent's call (nobody hears the supervisor): `POST .../monitor/listen`.
    pub async fn listen(&self, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        self.monitor("listen", agent_login_id, call).await
    }

    /// Coaches an agent (only the agent hears the supervisor): `POST .../monitor/coach`.
    pub async fn coach(&self, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        self.monitor("coach", agent_login_id, call).await
    }

    /// Barges into an agent's call (everyone hears the supervisor): `POST .../monitor/barge`.
    pub async fn barge(&self, agent_login_id: &str, call: &CallOptions) -> Result<()> {
        self.monitor("barge", agent_login_id, call).await
    }

    /// The call centers and services the supervisor may use: `GET .../service/access`.
    pub async fn services_allowed(&self, call: &CallOptions) -> Result<ServicesAllowed> {
        let req = ApiRequest::new(Method::Get, format!("{BASE}/service/access"));
        self.send_json(req, call).await
    }

    /// Moves agents to another service: `POST .../agent/service/switch`.
    pub async fn switch_service(
        &self,
        agents: &[String],
        target_service_id: i64,
        opts: &MessageOptions,
        call: &CallOptions,
    ) -> Result<SwitchServiceReply> {
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
        self.send_json(req, call).await
    }
}

#[cfg(test)]
mod tests;
