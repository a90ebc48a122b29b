//! LiveVox request and reply models, named as the vendor names them (the LiveVox Supervisor API page and Session API).
//!
//! Replies are read leniently (timestamps as strings or numbers, booleans as strings, the
//! broadcast reply's `usersLoginId`) and handed to callers in one shape: timestamps are epoch
//! milliseconds as numbers, booleans are booleans.

use crate::wire::{self, Field, FromJson};
use serde::Serialize;
use serde_json::Value;
use tsify::Tsify;

/// Why an agent is Not Ready (the list of the LiveVox Supervisor API page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReasonCode {
    /// On a break.
    Break,
    /// At lunch.
    Lunch,
    /// In a meeting.
    Meeting,
    /// Anything else.
    Other,
    /// Technical difficulties.
    TechDifficulties,
    /// In training.
    Training,
}

crate::lenient::wire_enum!(ReasonCode {
    Break = "BREAK",
    Lunch = "LUNCH",
    Meeting = "MEETING",
    Other = "OTHER",
    TechDifficulties = "TECH_DIFFICULTIES",
    Training = "TRAINING",
});

/// `POST /session/login` body.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest<'a> {
    /// The client code.
    pub client_name: &'a str,
    /// The user or agent login name.
    pub user_name: &'a str,
    /// The password.
    pub password: &'a str,
    /// `true` to log in as an agent, `false` as a user.
    pub agent: bool,
}

/// `POST /session/login` reply.
#[derive(Debug, Clone)]
pub struct LoginReply {
    /// The new session id.
    pub session_id: String,
    /// The client's id.
    pub client_id: Option<i64>,
    /// The user's id.
    pub user_id: Option<i64>,
    /// Days until the password expires.
    pub days_until_password_expires: Option<i64>,
}

impl FromJson for LoginReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut session_id, mut client_id, mut user_id, mut days) = (None, None, None, None);
        wire::read_named(
            value,
            "struct LoginReply",
            &mut [
                ("sessionId", Field::Str(&mut session_id)),
                ("clientId", Field::OptInt(&mut client_id)),
                ("userId", Field::OptInt(&mut user_id)),
                ("daysUntilPasswordExpires", Field::OptInt(&mut days)),
            ],
        )?;
        Ok(Self {
            session_id: wire::required(session_id, "sessionId")?,
            client_id,
            user_id,
            days_until_password_expires: days,
        })
    }
}

wire::deserialize_from_json!(LoginReply);

/// Options of `setReady`, `logoff`: an optional message shown to the agents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MessageOptions {
    /// A message to send to the agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message: Option<String>,
}

/// Options of `setNotReady`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NotReadyOptions {
    /// Why the agents are Not Ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reason_code: Option<ReasonCode>,
    /// A message to send to the agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message: Option<String>,
}

impl FromJson for MessageOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut message = None;
        wire::read_named(
            value,
            "struct MessageOptions",
            &mut [("message", Field::OptStr(&mut message))],
        )?;
        Ok(Self { message })
    }
}

impl FromJson for NotReadyOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut reason_code, mut message) = (None, None);
        let mut reason = |v: Value| {
            let read = |v: Value| {
                wire::variant(&v, ReasonCode::WIRE_NAMES, ReasonCode::WIRE_VARIANTS, None)
            };
            wire::nullable(v, read).map(|r| reason_code = r)
        };
        wire::read_named(
            value,
            "struct NotReadyOptions",
            &mut [
                ("reasonCode", Field::With(&mut reason)),
                ("message", Field::OptStr(&mut message)),
            ],
        )?;
        Ok(Self {
            reason_code,
            message,
        })
    }
}

wire::deserialize_from_json!(MessageOptions, NotReadyOptions);

/// Body of `agent/status/ready|notReady|logoff`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusRequest<'a> {
    /// Agent login ids.
    pub agents: &'a [String],
    /// Not Ready reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<ReasonCode>,
    /// Message to the agents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
}

/// The result of a status change for one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusResult {
    /// The agent's login id.
    pub agent_login_id: String,
    /// What happened, in the platform's words (e.g. `"Success"`).
    pub status: String,
}

impl FromJson for AgentStatusResult {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut status) = (None, None);
        wire::read_named(
            value,
            "struct AgentStatusResult",
            &mut [
                ("agentLoginId", Field::Str(&mut id)),
                ("status", Field::TextOrEmpty(&mut status)),
            ],
        )?;
        Ok(Self {
            agent_login_id: wire::required(id, "agentLoginId")?,
            status: wire::required(status, "status")?,
        })
    }
}

/// Reply of `setReady`, `setNotReady`, `logoff`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusReply {
    /// One result per agent.
    pub agents: Vec<AgentStatusResult>,
}

impl FromJson for AgentStatusReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut agents = None;
        let mut read = |v| wire::list(v).map(|l| agents = Some(l));
        wire::read_named(
            value,
            "struct AgentStatusReply",
            &mut [("agents", Field::With(&mut read))],
        )?;
        Ok(Self {
            agents: wire::required(agents, "agents")?,
        })
    }
}

wire::deserialize_from_json!(AgentStatusResult, AgentStatusReply);

/// One recipient of `broadcastChat`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatRecipient {
    /// The agent's login id.
    pub user_login_id: String,
    /// Whether the agent may reply (default `true`).
    #[serde(default = "yes")]
    #[tsify(optional)]
    pub can_reply: bool,
}

fn yes() -> bool {
    true
}

impl FromJson for ChatRecipient {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut can_reply) = (None, yes());
        let mut reply = |v: Value| wire::bool_value(&v).map(|b| can_reply = b);
        wire::read_named(
            value,
            "struct ChatRecipient",
            &mut [
                ("userLoginId", Field::Str(&mut id)),
                ("canReply", Field::With(&mut reply)),
            ],
        )?;
        Ok(Self {
            user_login_id: wire::required(id, "userLoginId")?,
            can_reply,
        })
    }
}

/// `broadcastChat`'s `usersInfo`, as serde reads a `Vec`: a list (`null` is an error).
impl FromJson for Vec<ChatRecipient> {
    fn from_json(value: Value) -> wire::Result<Self> {
        match value {
            Value::Null => Err(wire::invalid_type(&value, "a sequence")),
            list => wire::list(list),
        }
    }
}

wire::deserialize_from_json!(ChatRecipient);

/// Body of `chat/broadcast`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BroadcastRequest<'a> {
    /// Recipients.
    pub users_info: &'a [ChatRecipient],
    /// The message.
    pub message: &'a str,
}

/// Whether the broadcast reached one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BroadcastStatus {
    /// The agent's login id (the wire spells it `usersLoginId`).
    pub user_login_id: String,
    /// Whether the message was sent.
    pub sent: bool,
}

impl FromJson for BroadcastStatus {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut users_id, mut sent) = (None, None, None);
        wire::read_named(
            value,
            "struct BroadcastStatus",
            &mut [
                ("userLoginId", Field::Str(&mut id)),
                ("usersLoginId", Field::Str(&mut users_id)),
                ("sent", Field::Bool(&mut sent)),
            ],
        )?;
        // Either spelling; when both come, the wire's own (`usersLoginId`).
        Ok(Self {
            user_login_id: wire::required(users_id.or(id), "userLoginId")?,
            sent: wire::required(sent, "sent")?,
        })
    }
}

/// Reply of `broadcastChat`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BroadcastReply {
    /// One status per recipient.
    pub broadcast_status: Vec<BroadcastStatus>,
}

impl FromJson for BroadcastReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut list = None;
        let mut read = |v| wire::list(v).map(|l| list = Some(l));
        wire::read_named(
            value,
            "struct BroadcastReply",
            &mut [("broadcastStatus", Field::With(&mut read))],
        )?;
        Ok(Self {
            broadcast_status: wire::required(list, "broadcastStatus")?,
        })
    }
}

wire::deserialize_from_json!(BroadcastStatus, BroadcastReply);

/// Body of `chat/messages`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessagesRequest {
    /// The filter.
    pub filter: ChatFilter,
}

/// The `filter` of `chat/messages`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatFilter {
    /// Epoch ms as a string: only messages after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_received_after: Option<String>,
    /// Leave out the supervisor's own messages.
    pub exclude_own: bool,
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    /// The text.
    // `default` is read by tsify only (the field is optional in TypeScript).
    #[serde(default)]
    pub message: String,
    /// Who sent it.
    #[serde(default)]
    pub sender_id: String,
    /// When, in epoch milliseconds.
    pub timestamp: i64,
    /// Whether the agent may reply, when the platform says so per message.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub can_reply: Option<bool>,
}

impl FromJson for ChatMessage {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut message, mut sender_id, mut timestamp, mut can_reply) = (None, None, None, None);
        wire::read_named(
            value,
            "struct ChatMessage",
            &mut [
                ("message", Field::TextOrEmpty(&mut message)),
                ("senderId", Field::TextOrEmpty(&mut sender_id)),
                ("timestamp", Field::Int(&mut timestamp)),
                // when sent, a boolean (`null` is an error)
                ("canReply", Field::Bool(&mut can_reply)),
            ],
        )?;
        Ok(Self {
            message: message.unwrap_or_default(),
            sender_id: sender_id.unwrap_or_default(),
            timestamp: wire::required(timestamp, "timestamp")?,
            can_reply,
        })
    }
}

/// The messages of one agent's chat session.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatThread {
    /// The agent's login id.
    pub user_login_id: String,
    /// Whether the agent may reply.
    pub can_reply: bool,
    /// The messages, oldest first (empty when the platform leaves the list out).
    pub message_list: Vec<ChatMessage>,
}

impl FromJson for ChatThread {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut can_reply, mut list) = (None, None, None);
        let mut read_list = |v| wire::list(v).map(|l| list = Some(l));
        // `messageList` and `canReply` may be missing. (Errors name the struct the wire form
        // had when serde read it.)
        wire::read_named(
            value,
            "struct ChatThreadWire",
            &mut [
                ("userLoginId", Field::Str(&mut id)),
                ("canReply", Field::Flag(&mut can_reply)),
                ("messageList", Field::With(&mut read_list)),
            ],
        )?;
        Ok(Self {
            user_login_id: wire::required(id, "userLoginId")?,
            can_reply: can_reply.unwrap_or(false),
            message_list: list.unwrap_or_default(),
        })
    }
}

/// Reply of `chatMessages`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessagesReply {
    /// One entry per agent with new messages.
    pub chat_list: Vec<ChatThread>,
    /// The newest timestamp in the reply: the cursor for the next call.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub timestamp: Option<i64>,
}

impl FromJson for ChatMessagesReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut list, mut timestamp) = (None, None);
        let mut read_list = |v| wire::list(v).map(|l| list = Some(l));
        wire::read_named(
            value,
            "struct ChatMessagesReply",
            &mut [
                ("chatList", Field::With(&mut read_list)),
                ("timestamp", Field::OptInt(&mut timestamp)),
            ],
        )?;
        Ok(Self {
            chat_list: wire::required(list, "chatList")?,
            timestamp,
        })
    }
}

wire::deserialize_from_json!(ChatMessage, ChatThread, ChatMessagesReply);

/// Body of `chat/send`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendChatRequest<'a> {
    /// The agent.
    pub user_login_id: &'a str,
    /// The message (line breaks kept).
    pub message: &'a str,
}

/// Options of `startMonitor`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StartMonitorOptions {
    /// The supervisor's extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub extension: Option<String>,
}

impl FromJson for StartMonitorOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut extension = None;
        wire::read_named(
            value,
            "struct StartMonitorOptions",
            &mut [("extension", Field::OptStr(&mut extension))],
        )?;
        Ok(Self { extension })
    }
}

wire::deserialize_from_json!(StartMonitorOptions);

/// Whether the supervisor has an audio path for monitoring.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MonitorState {
    /// `true` when the audio path is established.
    pub active_call: bool,
}

impl FromJson for MonitorState {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut active = None;
        wire::read_named(
            value,
            "struct MonitorState",
            &mut [("activeCall", Field::Bool(&mut active))],
        )?;
        Ok(Self {
            active_call: wire::required(active, "activeCall")?,
        })
    }
}

/// A service the supervisor may use.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// The service id.
    pub service_id: i64,
    /// The service name.
    pub service_name: String,
}

impl FromJson for Service {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut name) = (None, None);
        wire::read_named(
            value,
            "struct Service",
            &mut [
                ("serviceId", Field::Int(&mut id)),
                ("serviceName", Field::TextOrEmpty(&mut name)),
            ],
        )?;
        Ok(Self {
            service_id: wire::required(id, "serviceId")?,
            service_name: wire::required(name, "serviceName")?,
        })
    }
}

/// A call center and its services.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CallCenter {
    /// The call center id.
    pub call_center_id: i64,
    /// The call center name.
    pub call_center_name: String,
    /// Its services the supervisor may use.
    pub services: Vec<Service>,
}

impl FromJson for CallCenter {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut name, mut services) = (None, None, None);
        let mut read_services = |v| wire::list(v).map(|l| services = Some(l));
        wire::read_named(
            value,
            "struct CallCenter",
            &mut [
                ("callCenterId", Field::Int(&mut id)),
                ("callCenterName", Field::TextOrEmpty(&mut name)),
                ("services", Field::With(&mut read_services)),
            ],
        )?;
        Ok(Self {
            call_center_id: wire::required(id, "callCenterId")?,
            call_center_name: wire::required(name, "callCenterName")?,
            services: wire::required(services, "services")?,
        })
    }
}

/// Reply of `servicesAllowed`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServicesAllowed {
    /// The call centers.
    pub call_centers: Vec<CallCenter>,
}

impl FromJson for ServicesAllowed {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut list = None;
        let mut read = |v| wire::list(v).map(|l| list = Some(l));
        wire::read_named(
            value,
            "struct ServicesAllowed",
            &mut [("callCenters", Field::With(&mut read))],
        )?;
        Ok(Self {
            call_centers: wire::required(list, "callCenters")?,
        })
    }
}

wire::deserialize_from_json!(MonitorState, Service, CallCenter, ServicesAllowed);

/// Body of `agent/service/switch`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SwitchServiceRequest<'a> {
    /// Agent login ids.
    pub agents: &'a [String],
    /// The service to move them to.
    pub target_service_id: i64,
    /// Message to the agents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
}

/// The result of a service switch for one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SwitchServiceResult {
    /// The agent's login id.
    pub agent_login_id: String,
    /// What happened (`successful`, `queued`, `failed`, or the platform's own words).
    pub message: String,
}

impl FromJson for SwitchServiceResult {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut message) = (None, None);
        wire::read_named(
            value,
            "struct SwitchServiceResult",
            &mut [
                ("agentLoginId", Field::Str(&mut id)),
                ("message", Field::TextOrEmpty(&mut message)),
            ],
        )?;
        Ok(Self {
            agent_login_id: wire::required(id, "agentLoginId")?,
            message: wire::required(message, "message")?,
        })
    }
}

/// Reply of `switchService`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SwitchServiceReply {
    /// One result per agent.
    pub agents: Vec<SwitchServiceResult>,
}

impl FromJson for SwitchServiceReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut list = None;
        let mut read = |v| wire::list(v).map(|l| list = Some(l));
        wire::read_named(
            value,
            "struct SwitchServiceReply",
            &mut [("agents", Field::With(&mut read))],
        )?;
        Ok(Self {
            agents: wire::required(list, "agents")?,
        })
    }
}

wire::deserialize_from_json!(SwitchServiceResult, SwitchServiceReply);

/// A point in time given by the caller: epoch milliseconds as a number or a digit string
/// (the JS layer turns a `Date` into its milliseconds).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(untagged)]
pub enum Instant {
    /// Epoch milliseconds.
    Millis(f64),
    /// Epoch milliseconds as a string.
    Text(String),
}

// By hand rather than derived (`untagged`): serde's untagged enums buffer the value.
impl FromJson for Instant {
    fn from_json(value: Value) -> wire::Result<Self> {
        match value {
            Value::Number(n) => n.as_f64().map(Instant::Millis),
            Value::String(t) => Some(Instant::Text(t)),
            _ => None,
        }
        .ok_or_else(|| {
            serde::de::Error::custom("data did not match any variant of untagged enum Instant")
        })
    }
}

wire::deserialize_from_json!(Instant);

/// Options of `chatMessages`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessagesOptions {
    /// Only messages after this time (epoch ms number or string, or a `Date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "number | string | Date")]
    pub after: Option<Instant>,
    /// Leave out the supervisor's own messages (required).
    pub exclude_own: bool,
}

/// Options of `watchChat`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatWatchOptions {
    /// Time between polls in milliseconds (default 5000, at least 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub interval_ms: Option<u32>,
    /// Leave out the supervisor's own messages (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub exclude_own: Option<bool>,
    /// Start after this time (epoch ms number or string, or a `Date`); default: everything the
    /// platform still holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "number | string | Date")]
    pub after: Option<Instant>,
}

/// An `after` option: a point in time, `null` read as absent.
fn after(value: Value) -> wire::Result<Option<Instant>> {
    wire::nullable(value, Instant::from_json)
}

impl FromJson for ChatMessagesOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut after_, mut exclude_own) = (None, None);
        let mut read_after = |v| after(v).map(|a| after_ = a);
        let mut read_exclude = |v: Value| wire::bool_value(&v).map(|b| exclude_own = Some(b));
        wire::read_named(
            value,
            "struct ChatMessagesOptions",
            &mut [
                ("after", Field::With(&mut read_after)),
                ("excludeOwn", Field::With(&mut read_exclude)),
            ],
        )?;
        Ok(Self {
            after: after_,
            exclude_own: wire::required(exclude_own, "excludeOwn")?,
        })
    }
}

impl FromJson for ChatWatchOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut o = Self::default();
        let mut interval =
            |v| wire::nullable(v, |v| wire::u32_value(&v)).map(|i| o.interval_ms = i);
        let mut read_after = |v| after(v).map(|a| o.after = a);
        wire::read_named(
            value,
            "struct ChatWatchOptions",
            &mut [
                ("intervalMs", Field::With(&mut interval)),
                ("excludeOwn", Field::OptBool(&mut o.exclude_own)),
                ("after", Field::With(&mut read_after)),
            ],
        )?;
        Ok(o)
    }
}

wire::deserialize_from_json!(ChatMessagesOptions, ChatWatchOptions);

/// A message yielded by a `ChatWatch`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatWatchMessage {
    /// The agent whose chat session it belongs to.
    pub user_login_id: String,
    /// Whether the agent may reply.
    pub can_reply: bool,
    /// The text.
    pub message: String,
    /// Who sent it.
    pub sender_id: String,
    /// When, in epoch milliseconds.
    pub timestamp: i64,
}

#[cfg(test)]
pub(crate) mod tests;
