//! Chat supervision (Web Services API: Supervisor Monitoring, Intrude): monitoring an agent's chats, intruding into one, and a
//! [`GwsChat`] handle that knows what the supervisor's current mode allows.
//!
//! What each mode allows is [`MODE_TABLE`], the Supervisor Monitoring page's table as data. A chat handle checks an
//! operation against the chat's own `capabilities` when a notification has told them, else
//! against its mode when known (from `intrude`, the last switch, or the caller), and rejects
//! what is not allowed with `INVALID_STATE` before anything is sent.

use super::events::GwsNotification;
use super::model::*;
use super::session::{path_id, GwsSession, Operation};
use crate::client::CallOptions;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::rc::Rc;
use tsify::Tsify;

/// An operation a supervisor may perform on a chat (`POST /api/v2/me/chats/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
pub enum ChatOperation {
    /// Leave the chat.
    Leave,
    /// Bring the chat into focus on the desktop.
    SetInFocus,
    /// Set the chat's disposition.
    SetDisposition,
    /// Add user data.
    AttachUserData,
    /// Remove user data keys.
    DeleteUserData,
    /// Overwrite user data.
    UpdateUserData,
    /// Set the chat's comment.
    AddComment,
    /// Transfer the chat to an agent or a queue.
    Transfer,
    /// Invite another agent into a conference.
    Invite,
    /// Consult another agent (the customer does not see it).
    Consult,
    /// Write to the agents only.
    SendToAgents,
    /// Tell the agents the supervisor is typing.
    SendStartTypingToAgentsNotification,
    /// Tell the agents the supervisor stopped typing.
    SendStopTypingToAgentsNotification,
    /// Write to everyone, the customer included.
    SendMessage,
    /// Tell everyone the supervisor is typing.
    SendStartTypingNotification,
    /// Tell everyone the supervisor stopped typing.
    SendStopTypingNotification,
    /// Switch to Monitor mode.
    SwitchToMonitor,
    /// Switch to Coach mode.
    SwitchToCoach,
    /// Switch to BargeIn mode.
    SwitchToBargeIn,
}

impl ChatOperation {
    /// Every operation, in the order of the Supervisor Monitoring page's table.
    pub const ALL: [ChatOperation; 19] = [
        ChatOperation::Leave,
        ChatOperation::SetInFocus,
        ChatOperation::SetDisposition,
        ChatOperation::AttachUserData,
        ChatOperation::DeleteUserData,
        ChatOperation::UpdateUserData,
        ChatOperation::AddComment,
        ChatOperation::Transfer,
        ChatOperation::Invite,
        ChatOperation::Consult,
        ChatOperation::SendToAgents,
        ChatOperation::SendStartTypingToAgentsNotification,
        ChatOperation::SendStopTypingToAgentsNotification,
        ChatOperation::SendMessage,
        ChatOperation::SendStartTypingNotification,
        ChatOperation::SendStopTypingNotification,
        ChatOperation::SwitchToMonitor,
        ChatOperation::SwitchToCoach,
        ChatOperation::SwitchToBargeIn,
    ];

    /// The `operationName` on the wire.
    pub fn as_str(self) -> &'static str {
        use ChatOperation::*;
        match self {
            Leave => "Leave",
            SetInFocus => "SetInFocus",
            SetDisposition => "SetDisposition",
            AttachUserData => "AttachUserData",
            DeleteUserData => "DeleteUserData",
            UpdateUserData => "UpdateUserData",
            AddComment => "AddComment",
            Transfer => "Transfer",
            Invite => "Invite",
            Consult => "Consult",
            SendToAgents => "SendToAgents",
            SendStartTypingToAgentsNotification => "SendStartTypingToAgentsNotification",
            SendStopTypingToAgentsNotification => "SendStopTypingToAgentsNotification",
            SendMessage => "SendMessage",
            SendStartTypingNotification => "SendStartTypingNotification",
            SendStopTypingNotification => "SendStopTypingNotification",
            SwitchToMonitor => "SwitchToMonitor",
            SwitchToCoach => "SwitchToCoach",
            SwitchToBargeIn => "SwitchToBargeIn",
        }
    }

    /// Reads an `operationName` or a capability, accepting GWS's `SwitchBargeIn` spelling
    /// (the chat supervision page's sample) for `SwitchToBargeIn`, the `InFocus` capability
    /// (the chat Leave and AddComment samples) for `SetInFocus`, and any letter case.
    pub fn parse(name: &str) -> Option<ChatOperation> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("InFocus") {
            return Some(ChatOperation::SetInFocus);
        }
        let normalized = match name.get(..6) {
            Some(p)
                if p.eq_ignore_ascii_case("switch")
                    && !name
                        .get(..8)
                        .is_some_and(|p| p.eq_ignore_ascii_case("switchto")) =>
            {
                format!("SwitchTo{}", name.get(6..).unwrap_or_default())
            }
            _ => name.to_string(),
        };
        ChatOperation::ALL
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(&normalized))
    }
}

/// The Supervisor Monitoring page's table: what the supervisor may do in each mode.
pub const MODE_TABLE: [(ChatMode, &[ChatOperation]); 3] = {
    use ChatOperation::*;
    [
        (ChatMode::Monitor, &[Leave, SwitchToCoach, SwitchToBargeIn]),
        (
            ChatMode::Coach,
            &[
                Leave,
                SetInFocus,
                SetDisposition,
                AttachUserData,
                DeleteUserData,
                UpdateUserData,
                AddComment,
                Transfer,
                Invite,
                Consult,
                SendToAgents,
                SendStartTypingToAgentsNotification,
                SendStopTypingToAgentsNotification,
                SwitchToMonitor,
                SwitchToBargeIn,
            ],
        ),
        (
            ChatMode::BargeIn,
            &[
                Leave,
                SetInFocus,
                SetDisposition,
                AttachUserData,
                DeleteUserData,
                UpdateUserData,
                AddComment,
                Transfer,
                Invite,
                Consult,
                SendToAgents,
                SendStartTypingToAgentsNotification,
                SendStopTypingToAgentsNotification,
                SendMessage,
                SendStartTypingNotification,
                SendStopTypingNotification,
                SwitchToMonitor,
                SwitchToCoach,
            ],
        ),
    ]
};

/// The operations `mode` allows (Supervisor Monitoring page).
pub fn allowed_in(mode: ChatMode) -> &'static [ChatOperation] {
    MODE_TABLE
        .iter()
        .find(|(m, _)| *m == mode)
        .map(|(_, ops)| *ops)
        .unwrap_or(&[])
}

/// What the client knows about one chat the supervisor is in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatState {
    /// The supervisor's mode, when known.
    pub mode: Option<ChatMode>,
    /// The chat's own `capabilities`, once a notification has told them (they win over the
    /// mode table).
    pub capabilities: Option<Vec<String>>,
    /// The supervisor left the chat.
    pub left: bool,
}

impl ChatState {
    /// Whether `op` may be sent now, and if not, why.
    pub fn check(&self, chat_id: &str, op: ChatOperation) -> Result<()> {
        if self.left {
            return Err(Error::invalid_state(format!(
                "The supervisor has left chat {chat_id}; {} is no longer possible.",
                op.as_str()
            )));
        }
        if let Some(caps) = &self.capabilities {
            if caps.iter().any(|c| ChatOperation::parse(c) == Some(op)) {
                return Ok(());
            }
            let list = if caps.is_empty() {
                "none; the chat may have ended".to_string()
            } else {
                caps.join(", ")
            };
            return Err(Error::invalid_state(format!(
                "Chat {chat_id} does not allow {} now (its capabilities: {list}).",
                op.as_str()
            )));
        }
        if let Some(mode) = self.mode {
            let allowed = allowed_in(mode);
            if !allowed.contains(&op) {
                let names: Vec<&str> = allowed.iter().map(|o| o.as_str()).collect();
                return Err(Error::invalid_state(format!(
                    "{} is not allowed in {} mode (allowed: {}); switch mode first.",
                    op.as_str(),
                    mode.as_str(),
                    names.join(", ")
                )));
            }
        }
        Ok(())
    }
}

fn non_blank(field: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must be a non-empty string."),
        ));
    }
    Ok(())
}

/// The options that are set, under their wire names.
fn params(fields: &[(&str, Option<&str>)]) -> Map<String, Value> {
    let mut params = Map::new();
    for (key, value) in fields {
        if let Some(value) = value {
            params.insert(key.to_string(), Value::from(*value));
        }
    }
    params
}

/// `messageType` and `treatAs` only make sense with `text`.
fn check_message_extras(
    text: &Option<String>,
    message_type: &Option<String>,
    treat_as: &Option<TreatAs>,
) -> Result<()> {
    if text.is_none() {
        if message_type.is_some() {
            return Err(Error::invalid_argument(
                "messageType",
                "messageType needs text.",
            ));
        }
        if treat_as.is_some() {
            return Err(Error::invalid_argument("treatAs", "treatAs needs text."));
        }
    }
    if let Some(t) = text {
        non_blank("text", t)?;
    }
    Ok(())
}

/// A transfer goes to an agent (`targetUri`) or a queue (`queueName`): exactly one.
fn check_target(uri: &Option<String>, queue: &Option<String>) -> Result<()> {
    match (uri, queue) {
        (Some(u), None) => crate::client::check_id("targetUri", u),
        (None, Some(q)) => crate::client::check_id("queueName", q),
        (None, None) => Err(Error::invalid_argument(
            "targetUri",
            "Give targetUri or queueName.",
        )),
        (Some(_), Some(_)) => Err(Error::invalid_argument(
            "targetUri",
            "Give targetUri or queueName, not both.",
        )),
    }
}

impl Operation {
    /// `POST /api/v2/users/{agentUserId}/channels/chat` `{operationName: mode,
    /// supervisorMonitoringMode?: scope, nickname?}`: monitor an agent's chats.
    pub fn monitor_chats(agent_user_id: &str, opts: &ChatMonitorOptions) -> Result<Self> {
        let id = path_id("agentUserId", agent_user_id)?;
        let mut op = Operation::new(format!("/users/{id}/channels/chat"), opts.mode.as_str());
        if let Some(scope) = opts.scope {
            op = op.with("supervisorMonitoringMode", Value::from(scope.as_str()));
        }
        if let Some(nick) = opts.nickname.as_deref().filter(|n| !n.is_empty()) {
            crate::client::check_no_control("nickname", nick)?;
            op = op.with("nickname", Value::from(nick));
        }
        Ok(op)
    }

    /// `POST /api/v2/users/{agentUserId}/channels/chat`
    /// `{operationName: "CancelSupervisorMonitoring"}`: stop monitoring an agent's chats (a
    /// chat already joined stays; leave it).
    pub fn cancel_chat_monitoring(agent_user_id: &str) -> Result<Self> {
        let id = path_id("agentUserId", agent_user_id)?;
        Ok(Operation::new(
            format!("/users/{id}/channels/chat"),
            "CancelSupervisorMonitoring",
        ))
    }

    /// `POST /api/v2/users/{userId}/chats/{chatId}` `{operationName: "Intrude",
    /// supervisorVisibilityMode?}`: join an agent's active chat. Without a visibility GWS
    /// uses the mode the supervisor monitors the agent in.
    pub fn intrude(user_id: &str, chat_id: &str, opts: &IntrudeOptions) -> Result<Self> {
        let uid = path_id("userId", user_id)?;
        let cid = path_id("chatId", chat_id)?;
        let mut op = Operation::new(format!("/users/{uid}/chats/{cid}"), "Intrude");
        if let Some(v) = opts.visibility {
            op = op.with("supervisorVisibilityMode", Value::from(v.as_str()));
        }
        Ok(op)
    }
}

impl GwsSession {
    /// Starts monitoring an agent's chats (see [`Operation::monitor_chats`]).
    pub async fn monitor_chats(
        self: &Rc<Self>,
        agent_user_id: &str,
        opts: &ChatMonitorOptions,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::monitor_chats(agent_user_id, opts)?;
        self.perform(&op, call).await.map(drop)
    }

    /// Stops monitoring an agent's chats (see [`Operation::cancel_chat_monitoring`]).
    pub async fn cancel_chat_monitoring(
        self: &Rc<Self>,
        agent_user_id: &str,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::cancel_chat_monitoring(agent_user_id)?;
        self.perform(&op, call).await.map(drop)
    }

    /// Joins an agent's active chat (see [`Operation::intrude`]) and resolves to the chat's
    /// handle, in the mode asked for or, without one, the mode this client monitors the
    /// agent's chats in (unknown, so checked once a notification tells, if it does not).
    pub async fn intrude(
        self: &Rc<Self>,
        user_id: &str,
        chat_id: &str,
        opts: &IntrudeOptions,
        call: &CallOptions,
    ) -> Result<GwsChat> {
        let op = Operation::intrude(user_id, chat_id, opts)?;
        self.perform(&op, call).await?;
        let agent = crate::client::encode_component(user_id);
        let mode = opts
            .visibility
            .or_else(|| self.with_monitored(|m| m.get(&agent).copied()));
        self.with_chats(|chats| {
            chats.insert(
                chat_id.to_string(),
                ChatState {
                    mode,
                    capabilities: None,
                    left: false,
                },
            )
        });
        Ok(GwsChat {
            session: self.clone(),
            id: chat_id.to_string(),
        })
    }

    /// The handle of a chat the supervisor is in (no request). `opts.mode` records the mode
    /// when the caller knows it (e.g. from `monitorChats`).
    pub fn chat(self: &Rc<Self>, chat_id: &str, opts: &ChatHandleOptions) -> Result<GwsChat> {
        crate::client::check_id("chatId", chat_id)?;
        if self.is_closed() {
            return Err(Error::invalid_state(
                "This GWS client was closed; connect again to make calls.",
            ));
        }
        if let Some(mode) = opts.mode {
            self.with_chats(|chats| chats.update(chat_id.to_string(), |c| c.mode = Some(mode)));
        }
        Ok(GwsChat {
            session: self.clone(),
            id: chat_id.to_string(),
        })
    }

    /// Decodes the `data` of a notification received on `channel` (see
    /// [`super::events::decode_notification`]) and learns from it (see [`GwsSession::observe`]):
    /// what the notifications wiring calls for each message.
    pub fn notification(&self, channel: &str, data: Value) -> GwsNotification {
        let n = super::events::decode_notification(channel, data);
        self.observe(&n);
        n
    }

    /// Learns from a notification: a `ChatStateChangeMessage` gives its chat's `capabilities`
    /// (what the handle checks from then on), a `CallStateChangeMessage` its call's (what
    /// `hangUp` and `removeParticipant` check). Other notifications are ignored.
    pub fn observe(&self, notification: &GwsNotification) {
        if let GwsNotification::CallStateChange(msg) = notification {
            self.learn_call(&msg.call);
        }
        let GwsNotification::ChatStateChange(msg) = notification else {
            return;
        };
        let Some(id) = msg.chat.chat_id() else {
            return;
        };
        let Some(caps) = msg.chat.capabilities.clone() else {
            return;
        };
        self.with_chats(|chats| chats.update(id, |c| c.capabilities = Some(caps)));
    }
}

/// One chat the supervisor is in: `POST /api/v2/me/chats/{id}` operations, each checked against
/// the chat's capabilities or the supervisor's mode before anything is sent.
#[derive(Clone)]
pub struct GwsChat {
    session: Rc<GwsSession>,
    id: String,
}

impl std::fmt::Debug for GwsChat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GwsChat")
            .field("id", &self.id)
            .field("state", &self.state())
            .finish()
    }
}

impl GwsChat {
    /// The chat id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the client knows about the chat now.
    pub fn state(&self) -> ChatState {
        self.session
            .with_chats(|chats| chats.get(&self.id).cloned())
            .unwrap_or_default()
    }

    /// The supervisor's mode in this chat, when known.
    pub fn mode(&self) -> Option<ChatMode> {
        self.state().mode
    }

    /// The chat's capabilities, once a notification has told them.
    pub fn capabilities(&self) -> Option<Vec<String>> {
        self.state().capabilities
    }

    /// Records the chat's `capabilities` from a notification; from now on they decide what is
    /// allowed (until the next switch of mode).
    pub fn set_capabilities(&self, capabilities: Vec<String>) {
        self.session.with_chats(|chats| {
            chats.update(self.id.clone(), |c| c.capabilities = Some(capabilities));
        });
    }

    /// Records the supervisor's mode (when known from elsewhere).
    pub fn set_mode(&self, mode: ChatMode) {
        self.session
            .with_chats(|chats| chats.update(self.id.clone(), |c| c.mode = Some(mode)));
    }

    /// Whether `op` would be let through now.
    pub fn allows(&self, op: ChatOperation) -> bool {
        self.state().check(&self.id, op).is_ok()
    }

    /// Sends a checked [`ChatRequest`] after checking it against the chat's capabilities or
    /// the supervisor's mode (`INVALID_STATE`, nothing sent, when it is not allowed), and
    /// records a switch of mode or the supervisor leaving.
    pub async fn perform(&self, req: &ChatRequest, call: &CallOptions) -> Result<()> {
        let cid = path_id("chatId", &self.id)?;
        if self.session.is_closed() {
            return Err(Error::invalid_state(
                "This GWS client was closed; connect again to make calls.",
            ));
        }
        self.state().check(&self.id, req.op)?;
        let op = Operation {
            path: format!("/me/chats/{cid}"),
            name: req.op.as_str(),
            params: req.params.clone(),
        };
        self.session.perform(&op, call).await?;
        let switched = match req.op {
            ChatOperation::SwitchToMonitor => Some(ChatMode::Monitor),
            ChatOperation::SwitchToCoach => Some(ChatMode::Coach),
            ChatOperation::SwitchToBargeIn => Some(ChatMode::BargeIn),
            _ => None,
        };
        self.session.with_chats(|chats| {
            chats.update(self.id.clone(), |st| {
                if let Some(mode) = switched {
                    st.mode = Some(mode);
                    // The old capabilities describe the old mode; the next notification brings new ones.
                    st.capabilities = None;
                }
                if req.op == ChatOperation::Leave {
                    st.left = true;
                }
            })
        });
        Ok(())
    }

    /// Switches to `mode` (see [`ChatRequest::switch_to`]).
    pub async fn switch_to(&self, mode: ChatMode, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::switch_to(mode), call).await
    }

    /// Leaves the chat (see [`ChatRequest::leave`]).
    pub async fn leave(&self, opts: &LeaveOptions, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::leave(opts)?, call).await
    }

    /// Writes to everyone in the chat (see [`ChatRequest::send_message`]).
    pub async fn send_message(&self, text: &str, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::send_message(text)?, call).await
    }

    /// Writes to the agents only (see [`ChatRequest::send_to_agents`]).
    pub async fn send_to_agents(&self, text: &str, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::send_to_agents(text)?, call)
            .await
    }

    /// A typing notification (see [`ChatRequest::typing`]).
    pub async fn typing(
        &self,
        started: bool,
        to_agents_only: bool,
        call: &CallOptions,
    ) -> Result<()> {
        self.perform(&ChatRequest::typing(started, to_agents_only), call)
            .await
    }

    /// Brings the chat into focus (`SetInFocus`).
    pub async fn set_in_focus(&self, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::new(ChatOperation::SetInFocus), call)
            .await
    }

    /// Sets the disposition (see [`ChatRequest::set_disposition`]).
    pub async fn set_disposition(
        &self,
        disposition: &str,
        opts: &DispositionOptions,
        call: &CallOptions,
    ) -> Result<()> {
        self.perform(&ChatRequest::set_disposition(disposition, opts)?, call)
            .await
    }

    /// Adds user data (see [`ChatRequest::user_data`]).
    pub async fn attach_user_data(
        &self,
        user_data: &Map<String, Value>,
        call: &CallOptions,
    ) -> Result<()> {
        let req = ChatRequest::user_data(ChatOperation::AttachUserData, user_data)?;
        self.perform(&req, call).await
    }

    /// Overwrites user data (see [`ChatRequest::user_data`]).
    pub async fn update_user_data(
        &self,
        user_data: &Map<String, Value>,
        call: &CallOptions,
    ) -> Result<()> {
        let req = ChatRequest::user_data(ChatOperation::UpdateUserData, user_data)?;
        self.perform(&req, call).await
    }

    /// Removes user data keys (see [`ChatRequest::delete_user_data`]).
    pub async fn delete_user_data(&self, keys: &[String], call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::delete_user_data(keys)?, call)
            .await
    }

    /// Sets the chat's comment (see [`ChatRequest::add_comment`]).
    pub async fn add_comment(&self, comment: &str, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::add_comment(comment)?, call)
            .await
    }

    /// Transfers the chat (see [`ChatRequest::transfer`]).
    pub async fn transfer(&self, opts: &TransferOptions, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::transfer(opts)?, call).await
    }

    /// Invites another agent (see [`ChatRequest::target`]).
    pub async fn invite(&self, target: &ChatTarget, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::target(ChatOperation::Invite, target)?, call)
            .await
    }

    /// Consults another agent (see [`ChatRequest::target`]).
    pub async fn consult(&self, target: &ChatTarget, call: &CallOptions) -> Result<()> {
        self.perform(&ChatRequest::target(ChatOperation::Consult, target)?, call)
            .await
    }
}

/// A chat operation with its input checked, ready for [`GwsChat::perform`]: the body of
/// `POST /api/v2/me/chats/{id}` is `{"operationName": op, ...params}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    /// The operation.
    pub op: ChatOperation,
    /// The other fields of the body.
    pub params: Map<String, Value>,
}

impl ChatRequest {
    /// An operation without parameters (`SetInFocus`, the typing notifications, switches).
    pub fn new(op: ChatOperation) -> Self {
        ChatRequest {
            op,
            params: Map::new(),
        }
    }

    fn with(mut self, key: &str, value: Value) -> Self {
        self.params.insert(key.into(), value);
        self
    }

    /// `SwitchToMonitor`, `SwitchToCoach` or `SwitchToBargeIn`.
    pub fn switch_to(mode: ChatMode) -> Self {
        ChatRequest::new(match mode {
            ChatMode::Monitor => ChatOperation::SwitchToMonitor,
            ChatMode::Coach => ChatOperation::SwitchToCoach,
            ChatMode::BargeIn => ChatOperation::SwitchToBargeIn,
        })
    }

    /// `{operationName: "Leave", text?, messageType?, treatAs?}`.
    pub fn leave(opts: &LeaveOptions) -> Result<Self> {
        check_message_extras(&opts.text, &opts.message_type, &opts.treat_as)?;
        Ok(ChatRequest {
            op: ChatOperation::Leave,
            params: params(&[
                ("text", opts.text.as_deref()),
                ("messageType", opts.message_type.as_deref()),
                ("treatAs", opts.treat_as.map(TreatAs::as_str)),
            ]),
        })
    }

    /// `{operationName: "SendMessage", text}` (line breaks are kept).
    pub fn send_message(text: &str) -> Result<Self> {
        non_blank("text", text)?;
        Ok(ChatRequest::new(ChatOperation::SendMessage).with("text", Value::from(text)))
    }

    /// `{operationName: "SendToAgents", text}`.
    pub fn send_to_agents(text: &str) -> Result<Self> {
        non_blank("text", text)?;
        Ok(ChatRequest::new(ChatOperation::SendToAgents).with("text", Value::from(text)))
    }

    /// `SendStartTypingNotification`, `SendStopTypingNotification`,
    /// `SendStartTypingToAgentsNotification` or `SendStopTypingToAgentsNotification`.
    pub fn typing(started: bool, to_agents_only: bool) -> Self {
        ChatRequest::new(match (started, to_agents_only) {
            (true, false) => ChatOperation::SendStartTypingNotification,
            (false, false) => ChatOperation::SendStopTypingNotification,
            (true, true) => ChatOperation::SendStartTypingToAgentsNotification,
            (false, true) => ChatOperation::SendStopTypingToAgentsNotification,
        })
    }

    /// `{operationName: "SetDisposition", disposition, dispositionKey?}`.
    pub fn set_disposition(disposition: &str, opts: &DispositionOptions) -> Result<Self> {
        non_blank("disposition", disposition)?;
        Ok(ChatRequest {
            op: ChatOperation::SetDisposition,
            params: params(&[("dispositionKey", opts.disposition_key.as_deref())]),
        }
        .with("disposition", Value::from(disposition)))
    }

    /// `{operationName: "AttachUserData" | "UpdateUserData", userData}`.
    pub fn user_data(op: ChatOperation, user_data: &Map<String, Value>) -> Result<Self> {
        if user_data.is_empty() {
            return Err(Error::invalid_argument(
                "userData",
                "userData must have at least one key.",
            ));
        }
        Ok(ChatRequest::new(op).with("userData", Value::Object(user_data.clone())))
    }

    /// `{operationName: "DeleteUserData", keys}`.
    pub fn delete_user_data(keys: &[String]) -> Result<Self> {
        if keys.is_empty() {
            return Err(Error::invalid_argument(
                "keys",
                "keys must list at least one user-data key.",
            ));
        }
        for k in keys {
            crate::client::check_id("keys", k)?;
        }
        Ok(ChatRequest::new(ChatOperation::DeleteUserData).with("keys", Value::from(keys)))
    }

    /// `{operationName: "AddComment", comment}`.
    pub fn add_comment(comment: &str) -> Result<Self> {
        non_blank("comment", comment)?;
        Ok(ChatRequest::new(ChatOperation::AddComment).with("comment", Value::from(comment)))
    }

    /// `{operationName: "Transfer", targetUri | queueName, text?, messageType?, treatAs?}`.
    pub fn transfer(opts: &TransferOptions) -> Result<Self> {
        check_target(&opts.target_uri, &opts.queue_name)?;
        check_message_extras(&opts.text, &opts.message_type, &opts.treat_as)?;
        Ok(ChatRequest {
            op: ChatOperation::Transfer,
            params: params(&[
                ("targetUri", opts.target_uri.as_deref()),
                ("queueName", opts.queue_name.as_deref()),
                ("text", opts.text.as_deref()),
                ("messageType", opts.message_type.as_deref()),
                ("treatAs", opts.treat_as.map(TreatAs::as_str)),
            ]),
        })
    }

    /// `{operationName: "Invite" | "Consult", targetUri}`.
    pub fn target(op: ChatOperation, target: &ChatTarget) -> Result<Self> {
        crate::client::check_id("targetUri", &target.target_uri)?;
        Ok(ChatRequest::new(op).with("targetUri", Value::from(target.target_uri.as_str())))
    }
}

#[cfg(test)]
mod tests;
