//! Typed GWS notifications (Web Services API: Asynchronous Events, voice and chat supervision pages), decoded from the `data`
//! of a CometD message by [`decode_notification`], a pure function.
//!
//! Known message types become typed values whose objects keep every field GWS sent; a type this
//! module does not know, or a message that does not fit its type, is passed on untouched as
//! [`GwsNotification::Other`]: nothing is dropped. Timestamps are read leniently (every form GWS
//! sends) into an added `timestampMs`; the raw `timestamp` stays as it came.

use super::model::{GwsDevice, GwsExtraFields};
use crate::lenient;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

/// A chat participant (agent, supervisor, customer).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsChatParticipant {
    /// The name shown in the chat.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub nickname: Option<String>,
    /// `Agent`, `Customer` …
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub participant_type: Option<String>,
    /// Who sees the participant: `All`, `Agents`, `Supervisors`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub visibility: Option<String>,
    /// The participant's id in the chat.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub participant_id: Option<String>,
    /// The user's URI (agents).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub uri: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A chat as `ChatStateChangeMessage` describes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsChatInfo {
    /// The chat id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub id: Option<String>,
    /// The chat's URI.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub uri: Option<String>,
    /// `Invited`, `Chatting`, `Revoked`, `Completed` …
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub state: Option<String>,
    /// What the supervisor may do in the chat now (what a `GwsChat` handle checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub capabilities: Option<Vec<String>>,
    /// The people in the chat.
    #[serde(default, deserialize_with = "lenient::list_or_empty")]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsChatMessage {
    /// Its position in the transcript.
    #[serde(
        default,
        deserialize_with = "lenient::opt_long",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub index: Option<i64>,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub from: Option<GwsChatParticipant>,
    /// `Text`, `Notice`, `CustomNotice`, `ParticipantJoined`, `ParticipantLeft` …
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub message_type: Option<String>,
    /// The text (messages).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub text: Option<String>,
    /// The text (notices).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub notice_text: Option<String>,
    /// Who sees it: `All`, `Agents`, `Supervisors`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub visibility: Option<String>,
    /// The time as GWS sent it (one of several formats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | number")]
    pub timestamp: Option<Value>,
    /// GWS's `timestampSeconds`, which holds milliseconds despite its name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_long",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub timestamp_seconds: Option<i64>,
    /// The time in epoch milliseconds, read from `timestampSeconds` or `timestamp` (added by
    /// floorwalker; absent when neither could be read).
    #[serde(
        default,
        deserialize_with = "lenient::opt_long",
        skip_serializing_if = "Option::is_none"
    )]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsCall {
    /// The call id: what `switchToListenIn` / `switchToBargeIn` take.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub id: Option<String>,
    /// `Dialing`, `Ringing`, `Established`, `Held`, `Released` …
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub state: Option<String>,
    /// `Inbound`, `Outbound`, `Internal`, `Consult` …
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub call_type: Option<String>,
    /// What may be done with the call now.
    #[serde(default, deserialize_with = "lenient::list_or_empty")]
    pub capabilities: Vec<String>,
    /// Whether this supervisor is listening in.
    #[serde(
        default,
        deserialize_with = "lenient::opt_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub supervisor_listening_in: Option<bool>,
    /// Whether the monitored agent is muted.
    #[serde(
        default,
        deserialize_with = "lenient::opt_boolean",
        skip_serializing_if = "Option::is_none"
    )]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct DeviceStateChangeMessage {
    /// The devices as they are now.
    #[serde(default, deserialize_with = "lenient::list_or_empty")]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct ChatStateChangeMessage {
    /// What changed.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct MessageLogUpdated {
    /// Usually `NewMessages`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub notification_type: Option<String>,
    /// The new messages.
    #[serde(default, deserialize_with = "lenient::list_or_empty")]
    pub messages: Vec<GwsChatMessage>,
    /// The chat's URI.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub chat_uri: Option<String>,
    /// The chat id, from `chatUri` or `chatPath` (added by floorwalker when GWS does not
    /// send it).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", tag = "messageType")]
pub struct CallStateChangeMessage {
    /// What changed.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub notification_type: Option<String>,
    /// The call as it is now.
    pub call: GwsCall,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

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
            m.remove("data").unwrap_or_default()
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
        Some(DEVICE) => DeviceStateChangeMessage::deserialize(&data)
            .ok()
            .map(|mut m| {
                m.extra.remove("messageType");
                m.devices
                    .iter_mut()
                    .for_each(GwsDevice::normalize_monitoring_state);
                GwsNotification::DeviceStateChange(m)
            }),
        Some(CHAT) => ChatStateChangeMessage::deserialize(&data)
            .ok()
            .map(|mut m| {
                m.extra.remove("messageType");
                GwsNotification::ChatStateChange(m)
            }),
        Some(MESSAGES) => MessageLogUpdated::deserialize(&data).ok().map(|mut m| {
            m.extra.remove("messageType");
            for msg in &mut m.messages {
                msg.fill_timestamp_ms();
            }
            if m.chat_id.is_none() {
                let path = m.extra.get("chatPath").and_then(Value::as_str);
                m.chat_id = m.chat_uri.as_deref().or(path).and_then(last_segment);
            }
            GwsNotification::MessageLogUpdated(m)
        }),
        Some(CALL) => CallStateChangeMessage::deserialize(&data)
            .ok()
            .map(|mut m| {
                m.extra.remove("messageType");
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
