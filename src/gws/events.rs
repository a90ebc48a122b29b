//! Typed GWS notifications (Web Services API: Asynchronous Events, voice and chat supervision pages), decoded from the `data`
//! of a CometD message by [`decode_notification`], a pure function.
//!
//! Known message types become typed values whose objects keep every field GWS sent; a type this
//! module does not know, or a message that does not fit its type, is passed on untouched as
//! [`GwsNotification::Other`]: nothing is dropped. Timestamps are read leniently (every form GWS
//! sends) into an added `timestampMs`; the raw `timestamp` stays as it came.

use super::model::{GwsDevice, GwsExtraFields};
use super::wire::{self, Field, FromJson};
use crate::lenient;
use serde::Serialize;
use serde_json::Value;
use tsify::Tsify;

/// A chat participant (agent, supervisor, customer).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsChatParticipant {
    /// The name shown in the chat.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub nickname: Option<String>,
    /// `Agent`, `Customer` …
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub participant_type: Option<String>,
    /// Who sees the participant: `All`, `Agents`, `Supervisors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub visibility: Option<String>,
    /// The participant's id in the chat.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub participant_id: Option<String>,
    /// The user's URI (agents).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub uri: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A chat as `ChatStateChangeMessage` describes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsChatInfo {
    /// The chat id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    /// The chat's URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub uri: Option<String>,
    /// `Invited`, `Chatting`, `Revoked`, `Completed` …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub state: Option<String>,
    /// What the supervisor may do in the chat now (what a `GwsChat` handle checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub capabilities: Option<Vec<String>>,
    /// The people in the chat.
    // (`default` only tells tsify to declare the field optional.)
    #[serde(default)]
    pub participants: Vec<GwsChatParticipant>,
    /// Every other field (`receivedDate`, `chatType`, `userData` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

impl GwsChatInfo {
    /// The chat id, or the last segment of its URI.
    pub fn chat_id(&self) -> Option<String> {
        self.id
            .clone()
            .filter(|i| !i.is_empty())
            .or_else(|| self.uri.as_deref().and_then(last_segment))
    }
}

fn last_segment(uri: &str) -> Option<String> {
    uri.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// One message of a chat transcript.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsChatMessage {
    /// Its position in the transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub index: Option<i64>,
    /// Who wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub from: Option<GwsChatParticipant>,
    /// `Text`, `Notice`, `CustomNotice`, `ParticipantJoined`, `ParticipantLeft` …
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message_type: Option<String>,
    /// The text (messages).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub text: Option<String>,
    /// The text (notices).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub notice_text: Option<String>,
    /// Who sees it: `All`, `Agents`, `Supervisors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub visibility: Option<String>,
    /// The time as GWS sent it (one of several formats).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | number")]
    pub timestamp: Option<Value>,
    /// GWS's `timestampSeconds`, which holds milliseconds despite its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub timestamp_seconds: Option<i64>,
    /// The time in epoch milliseconds, read from `timestampSeconds` or `timestamp` (added by
    /// floorwalker; absent when neither could be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub timestamp_ms: Option<i64>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// Values below this are taken as seconds when they come as `timestampSeconds` (1e11 ms is
/// 1973; 1e11 s is year 5138), so both readings of the field work.
const SECONDS_BELOW: i64 = 100_000_000_000;

impl GwsChatMessage {
    fn fill_timestamp_ms(&mut self) {
        if self.timestamp_ms.is_some() {
            return;
        }
        let from_seconds_field = self.timestamp_seconds.map(|v| {
            if v.unsigned_abs() < SECONDS_BELOW.unsigned_abs() {
                v.saturating_mul(1000)
            } else {
                v
            }
        });
        self.timestamp_ms =
            from_seconds_field.or_else(|| self.timestamp.as_ref().and_then(lenient::timestamp_ms));
    }
}

/// A call as `CallStateChangeMessage` describes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsCall {
    /// The call id: what `switchToListenIn` / `switchToBargeIn` take.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    /// `Dialing`, `Ringing`, `Established`, `Held`, `Released` …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub state: Option<String>,
    /// `Inbound`, `Outbound`, `Internal`, `Consult` …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call_type: Option<String>,
    /// What may be done with the call now.
    // (`default` only tells tsify to declare the field optional.)
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Whether this supervisor is listening in.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supervisor_listening_in: Option<bool>,
    /// Whether the monitored agent is muted.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub monitored_user_muted: Option<bool>,
    /// Every other field (`participants`, `mute`, `duration` as GWS sent it …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A device changed (on `/v2/me/devices`): e.g. `supervisorMonitoringState` appeared after
/// `listenIn`, or went away after `cancelMonitoring`.
///
/// @property messageType Always `"DeviceStateChangeMessage"`: what tells the members of
/// `GwsNotification` apart.
// (`messageType` is the serde tag, which tsify declares with no doc comment: typedoc reads
// the `@property` tag above as its documentation.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct DeviceStateChangeMessage {
    /// The devices as they are now.
    // (`default` only tells tsify to declare the field optional.)
    #[serde(default)]
    pub devices: Vec<GwsDevice>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A chat changed (on `/v2/me/chats`): `notificationType` `ParticipantsUpdated`,
/// `StatusChange` (e.g. `chat.state` `Revoked` when the chat left the agent),
/// `PropertiesUpdated` …
///
/// @property messageType Always `"ChatStateChangeMessage"`: what tells the members of
/// `GwsNotification` apart.
// (`messageType` is the serde tag, which tsify declares with no doc comment: typedoc reads
// the `@property` tag above as its documentation.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct ChatStateChangeMessage {
    /// What changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub notification_type: Option<String>,
    /// The chat as it is now.
    pub chat: GwsChatInfo,
    /// Every other field (`referenceId` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// New transcript messages (on `/v2/me/chats`, `notificationType` `NewMessages`).
///
/// @property messageType Always `"MessageLogUpdated"`: what tells the members of
/// `GwsNotification` apart.
// (`messageType` is the serde tag, which tsify declares with no doc comment: typedoc reads
// the `@property` tag above as its documentation.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct MessageLogUpdated {
    /// Usually `NewMessages`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub notification_type: Option<String>,
    /// The new messages.
    // (`default` only tells tsify to declare the field optional.)
    #[serde(default)]
    pub messages: Vec<GwsChatMessage>,
    /// The chat's URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub chat_uri: Option<String>,
    /// The chat id, from `chatUri` or `chatPath` (added by floorwalker when GWS does not
    /// send it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub chat_id: Option<String>,
    /// Every other field (`chatPath` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A call changed (on `/v2/me/calls`): `notificationType` `StatusChange`,
/// `ParticipantsUpdated`, `AttachedDataChanged` …
///
/// @property messageType Always `"CallStateChangeMessage"`: what tells the members of
/// `GwsNotification` apart.
// (`messageType` is the serde tag, which tsify declares with no doc comment: typedoc reads
// the `@property` tag above as its documentation.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct CallStateChangeMessage {
    /// What changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub notification_type: Option<String>,
    /// The call as it is now.
    pub call: GwsCall,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

impl FromJson for GwsChatParticipant {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut p = GwsChatParticipant::default();
        p.extra = wire::read(
            value,
            "struct GwsChatParticipant",
            &mut [
                ("nickname", Field::Text(&mut p.nickname)),
                ("type", Field::Text(&mut p.participant_type)),
                ("visibility", Field::Text(&mut p.visibility)),
                ("participantId", Field::Text(&mut p.participant_id)),
                ("uri", Field::Text(&mut p.uri)),
            ],
        )?;
        Ok(p)
    }
}

impl FromJson for GwsChatInfo {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut c = GwsChatInfo::default();
        c.extra = wire::read(
            value,
            "struct GwsChatInfo",
            &mut [
                ("id", Field::Text(&mut c.id)),
                ("uri", Field::Text(&mut c.uri)),
                ("state", Field::Text(&mut c.state)),
                (
                    "capabilities",
                    Field::With(&mut |v| {
                        c.capabilities = wire::strings(v)?;
                        Ok(())
                    }),
                ),
                (
                    "participants",
                    Field::With(&mut |v| {
                        c.participants = wire::list(v)?;
                        Ok(())
                    }),
                ),
            ],
        )?;
        Ok(c)
    }
}

impl FromJson for GwsChatMessage {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut m = GwsChatMessage::default();
        m.extra = wire::read(
            value,
            "struct GwsChatMessage",
            &mut [
                ("index", Field::Long(&mut m.index)),
                (
                    "from",
                    Field::With(&mut |v| {
                        m.from = wire::optional(v)?;
                        Ok(())
                    }),
                ),
                ("type", Field::Text(&mut m.message_type)),
                ("text", Field::Text(&mut m.text)),
                ("noticeText", Field::Text(&mut m.notice_text)),
                ("visibility", Field::Text(&mut m.visibility)),
                (
                    "timestamp",
                    Field::With(&mut |v| {
                        m.timestamp = Some(v).filter(|v| !v.is_null());
                        Ok(())
                    }),
                ),
                ("timestampSeconds", Field::Long(&mut m.timestamp_seconds)),
                ("timestampMs", Field::Long(&mut m.timestamp_ms)),
            ],
        )?;
        Ok(m)
    }
}

impl FromJson for GwsCall {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut c = GwsCall::default();
        c.extra = wire::read(
            value,
            "struct GwsCall",
            &mut [
                ("id", Field::Text(&mut c.id)),
                ("state", Field::Text(&mut c.state)),
                ("callType", Field::Text(&mut c.call_type)),
                ("capabilities", Field::Strings(&mut c.capabilities)),
                (
                    "supervisorListeningIn",
                    Field::Flag(&mut c.supervisor_listening_in),
                ),
                (
                    "monitoredUserMuted",
                    Field::Flag(&mut c.monitored_user_muted),
                ),
            ],
        )?;
        Ok(c)
    }
}

// The messages' `messageType` is one of their other fields when read (as with serde's derive):
// `decode_notification` takes it out.

impl FromJson for DeviceStateChangeMessage {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut m = DeviceStateChangeMessage::default();
        m.extra = wire::read(
            value,
            "struct DeviceStateChangeMessage",
            &mut [(
                "devices",
                Field::With(&mut |v| {
                    m.devices = wire::list(v)?;
                    Ok(())
                }),
            )],
        )?;
        Ok(m)
    }
}

impl FromJson for ChatStateChangeMessage {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut m = ChatStateChangeMessage::default();
        let mut chat = None;
        m.extra = wire::read(
            value,
            "struct ChatStateChangeMessage",
            &mut [
                ("notificationType", Field::Text(&mut m.notification_type)),
                (
                    "chat",
                    Field::With(&mut |v| {
                        chat = Some(GwsChatInfo::from_json(v)?);
                        Ok(())
                    }),
                ),
            ],
        )?;
        m.chat = chat.ok_or_else(|| wire::missing("chat"))?;
        Ok(m)
    }
}

impl FromJson for MessageLogUpdated {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut m = MessageLogUpdated::default();
        m.extra = wire::read(
            value,
            "struct MessageLogUpdated",
            &mut [
                ("notificationType", Field::Text(&mut m.notification_type)),
                (
                    "messages",
                    Field::With(&mut |v| {
                        m.messages = wire::list(v)?;
                        Ok(())
                    }),
                ),
                ("chatUri", Field::Text(&mut m.chat_uri)),
                ("chatId", Field::Text(&mut m.chat_id)),
            ],
        )?;
        Ok(m)
    }
}

impl FromJson for CallStateChangeMessage {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut m = CallStateChangeMessage::default();
        let mut call = None;
        m.extra = wire::read(
            value,
            "struct CallStateChangeMessage",
            &mut [
                ("notificationType", Field::Text(&mut m.notification_type)),
                (
                    "call",
                    Field::With(&mut |v| {
                        call = Some(GwsCall::from_json(v)?);
                        Ok(())
                    }),
                ),
            ],
        )?;
        m.call = call.ok_or_else(|| wire::missing("call"))?;
        Ok(m)
    }
}

wire::deserialize_from_json!(
    GwsChatParticipant,
    GwsChatInfo,
    GwsChatMessage,
    GwsCall,
    DeviceStateChangeMessage,
    ChatStateChangeMessage,
    MessageLogUpdated,
    CallStateChangeMessage,
);

/// A decoded GWS notification. Serialises as the message itself (a union discriminated by
/// `messageType`); [`GwsNotification::Other`] is the data exactly as it came.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum GwsNotification {
    /// `DeviceStateChangeMessage`.
    DeviceStateChange(DeviceStateChangeMessage),
    /// `ChatStateChangeMessage`.
    ChatStateChange(ChatStateChangeMessage),
    /// `MessageLogUpdated`.
    MessageLogUpdated(MessageLogUpdated),
    /// `CallStateChangeMessage`.
    CallStateChange(CallStateChangeMessage),
    /// Any other message type, or a message that does not fit its type: passed on untyped.
    Other(Value),
}

impl GwsNotification {
    /// The message's `messageType` (as decoded, or as sent for [`GwsNotification::Other`]).
    pub fn message_type(&self) -> Option<&str> {
        match self {
            GwsNotification::DeviceStateChange(_) => Some(DEVICE),
            GwsNotification::ChatStateChange(_) => Some(CHAT),
            GwsNotification::MessageLogUpdated(_) => Some(MESSAGES),
            GwsNotification::CallStateChange(_) => Some(CALL),
            GwsNotification::Other(v) => v.get("messageType").and_then(Value::as_str),
        }
    }
}

const DEVICE: &str = "DeviceStateChangeMessage";
const CHAT: &str = "ChatStateChangeMessage";
const MESSAGES: &str = "MessageLogUpdated";
const CALL: &str = "CallStateChangeMessage";

/// The message type of data that does not say it (GWS's chat samples leave it out at times):
/// from the channel, then from the shape.
fn infer_type(channel: &str, data: &Value) -> Option<&'static str> {
    let has = |k: &str| data.get(k).is_some();
    let channel = channel.trim_end_matches('/');
    if channel.ends_with("/devices") {
        return Some(DEVICE);
    }
    if channel.ends_with("/calls") {
        return Some(CALL);
    }
    if has("messages") {
        Some(MESSAGES)
    } else if has("chat") {
        Some(CHAT)
    } else if has("devices") {
        Some(DEVICE)
    } else if has("call") {
        Some(CALL)
    } else {
        None
    }
}

/// Decodes the `data` of a GWS CometD message received on `channel`. A whole CometD message
/// (`{channel, data}`) is unwrapped first. Never fails: what cannot be typed comes back as
/// [`GwsNotification::Other`] with the data unchanged.
pub fn decode_notification(channel: &str, data: Value) -> GwsNotification {
    let data = match data {
        Value::Object(mut m)
            if !m.contains_key("messageType")
                && m.get("channel").is_some_and(Value::is_string)
                && m.get("data").is_some_and(Value::is_object) =>
        {
            wire::take(&mut m, "data").unwrap_or_default()
        }
        other => other,
    };
    let kind = match data.get("messageType") {
        Some(Value::String(k)) => match k.as_str() {
            DEVICE => Some(DEVICE),
            CHAT => Some(CHAT),
            MESSAGES => Some(MESSAGES),
            CALL => Some(CALL),
            _ => None,
        },
        Some(_) => None,
        None => infer_type(channel, &data),
    };
    let typed = match kind {
        Some(DEVICE) => DeviceStateChangeMessage::from_json(data.clone())
            .ok()
            .map(|mut m| {
                wire::take(&mut m.extra, "messageType");
                m.devices
                    .iter_mut()
                    .for_each(GwsDevice::normalize_monitoring_state);
                GwsNotification::DeviceStateChange(m)
            }),
        Some(CHAT) => ChatStateChangeMessage::from_json(data.clone())
            .ok()
            .map(|mut m| {
                wire::take(&mut m.extra, "messageType");
                GwsNotification::ChatStateChange(m)
            }),
        Some(MESSAGES) => MessageLogUpdated::from_json(data.clone())
            .ok()
            .map(|mut m| {
                wire::take(&mut m.extra, "messageType");
                for msg in &mut m.messages {
                    msg.fill_timestamp_ms();
                }
                if m.chat_id.is_none() {
                    let path = m.extra.get("chatPath").and_then(Value::as_str);
                    m.chat_id = m.chat_uri.as_deref().or(path).and_then(last_segment);
                }
                GwsNotification::MessageLogUpdated(m)
            }),
        Some(CALL) => CallStateChangeMessage::from_json(data.clone())
            .ok()
            .map(|mut m| {
                wire::take(&mut m.extra, "messageType");
                GwsNotification::CallStateChange(m)
            }),
        _ => None,
    };
    typed.unwrap_or(GwsNotification::Other(data))
}

/// What `gws.notifications()` always subscribes to: every notification of the logged-in user
/// (`/v2/me/devices`, `/v2/me/calls`, `/v2/me/chats`, ...).
pub const ME_CHANNELS: &str = "/v2/me/*";

/// How `events.on(channel)` gets its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationRoute {
    /// Every channel the pattern matches is one of [`ME_CHANNELS`]: nothing more to subscribe.
    Covered,
    /// The pattern reaches channels outside [`ME_CHANNELS`] (`/notifications/services`,
    /// `/v2/users`, `/v2/me/**` …): it needs a subscription of its own on the server.
    OwnSubscription,
}

/// Where `events.on(channel)` listens: covered by [`ME_CHANNELS`], or on a subscription of its
/// own. Channels no notification can arrive on are `INVALID_ARGUMENT` (naming `channel`):
/// protocol channels (`/meta/…`), service channels (`/service/…`, answered to their sender
/// only, never broadcast), and malformed names or patterns.
pub fn notification_route(channel: &str) -> crate::Result<NotificationRoute> {
    use crate::cometd::channel::{self, Purpose};
    let unreachable = channel::is_meta(channel)
        || channel == "/service"
        || channel.starts_with("/service/")
        || !channel.starts_with('/');
    if unreachable {
        return Err(crate::Error::invalid_argument(
            "channel",
            "channel must be a notification channel such as \"/v2/me/chats\" or \"/notifications/services\", or a pattern such as \"/v2/users/**\" (/meta and /service channels never carry notifications), or an event: \"state\", \"rehandshake\", \"warning\".",
        ));
    }
    channel::check(channel, Purpose::Subscribe)?;
    let one_me_channel = channel
        .strip_prefix("/v2/me/")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains('*'));
    Ok(if channel == ME_CHANNELS || one_me_channel {
        NotificationRoute::Covered
    } else {
        NotificationRoute::OwnSubscription
    })
}

/// Of the server subscriptions in `order` (keys with their patterns, in subscription order),
/// the one that passes a message on `channel` to the listeners: the first whose pattern
/// matches. The server sends a message once however many subscriptions match, but the client
/// calls each matching subscription's listener; only this one forwards it, so overlapping
/// patterns (`/v2/me/*` and `/v2/**`) never deliver a notification twice.
pub fn forwarding_subscription<K: Copy>(order: &[(K, String)], channel: &str) -> Option<K> {
    order
        .iter()
        .find(|(_, pattern)| crate::cometd::channel::matches(pattern, channel))
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests;
