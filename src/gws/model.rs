//! GWS request options and reply models, named as GWS names them (seeds 001, 002; VENDOR-APIS
//! §2). Replies are typed where callers need the fields and keep everything else: each object
//! has its documented fields plus every other field GWS sent, unchanged.

use crate::lenient;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

/// Fields GWS sent that the typed model does not name, kept as they came.
///
/// Each model flattens one of these (`#[serde(flatten)] extra`), so unknown fields pass through
/// both ways. Its field type is written as this name, not overridden with `#[tsify(type)]`: tsify
/// then sees a type reference and emits `export interface GwsCall extends GwsExtraFields { … }`
/// with every field's doc comment, where an override would make an undocumented
/// `{ … } & Record<string, unknown>` alias. The TypeScript `GwsExtraFields`
/// (`Record<string, unknown>`) is declared in `src/js/gws.rs`.
pub type GwsExtraFields = Map<String, Value>;

/// The user the session belongs to (`GET /api/v2/me`, `user`), with the subresources asked for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsUser {
    /// The user's GWS id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub id: Option<String>,
    /// The login name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub user_name: Option<String>,
    /// First name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub last_name: Option<String>,
    /// Every other field (roles, `devices`, `channels`, `settings` … when asked for).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// An agent or supervisor state as GWS reports it on a device or channel.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsUserState {
    /// The state's id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub id: Option<String>,
    /// Its name for people (`"Not Ready"`).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub display_name: Option<String>,
    /// `Ready`, `NotReady`, `LoggedOut` …
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub state: Option<String>,
    /// Every other field (`reason`, `workMode` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// What a supervisor's device is monitoring (present while monitoring is set up).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorMonitoringState {
    /// `ListenIn`, `Coach` or `BargeIn`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub state: Option<String>,
    /// `NextCall` or `AllCalls`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub mode: Option<String>,
    /// `Agent` or `Call`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub scope: Option<String>,
    /// The monitored device.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub target_device_uri: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A device (phone) of the user: `GET /api/v2/me/devices` and `DeviceStateChangeMessage`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsDevice {
    /// The device id: what `listenIn`, `coach`, `bargeIn`, `cancelMonitoring` take.
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub id: String,
    /// `Active`, `Inactive` …
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub device_state: Option<String>,
    /// The user's state on this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub user_state: Option<GwsUserState>,
    /// The phone number (DN).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub phone_number: Option<String>,
    /// What GWS allows on the device now (`ListenIn`, `CancelSupervisorMonitoring` …).
    #[serde(default, deserialize_with = "lenient::list_or_empty")]
    pub capabilities: Vec<String>,
    /// Present while the device monitors another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supervisor_monitoring_state: Option<SupervisorMonitoringState>,
    /// Every other field (`e164Number`, `doNotDisturb`, `voiceEnvironmentUri` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// `gws.me()` options.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MeOptions {
    /// Subresources to include: `"*"`, one name, or a list (`["devices", "channels"]`).
    #[serde(default)]
    #[tsify(optional, type = "string | string[]")]
    pub subresources: Option<Subresources>,
}

/// One subresource name or several.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Subresources {
    /// `"*"` or `"devices,channels"`.
    One(String),
    /// `["devices", "channels"]`.
    Many(Vec<String>),
}

/// `gws.startSession()` options: `POST /api/v2/me` `StartContactCenterSession`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StartSessionOptions {
    /// Channels to log in to, e.g. `["voice", "chat"]`.
    pub channels: Vec<String>,
    /// The place (workstation) to log in at.
    #[serde(default)]
    #[tsify(optional)]
    pub place: Option<String>,
    /// The agent login code, where the switch needs one.
    #[serde(default)]
    #[tsify(optional)]
    pub login_code: Option<String>,
    /// The ACD queue to log in to, where the switch needs one.
    #[serde(default)]
    #[tsify(optional)]
    pub queue: Option<String>,
}

/// Who is monitored when the agent transfers the call (voice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum MonitoringScope {
    /// Only the agent: the supervisor leaves the call when the agent transfers it.
    Agent,
    /// The whole call, whichever agent has it (the GWS default).
    Call,
}

/// Which calls are monitored (voice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum MonitoringMode {
    /// Only the agent's next call.
    NextCall,
    /// Every call until monitoring is cancelled (the GWS default).
    AllCalls,
}

/// Options of `listenIn`, `coach`, `bargeIn` (seed 001).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct VoiceMonitorOptions {
    /// The full URI of the agent's device, e.g. `https://gws/api/v2/devices/<id>`.
    pub target_device_uri: String,
    /// `Agent` or `Call`; left out, GWS uses `Call`.
    #[serde(default)]
    #[tsify(optional)]
    pub scope: Option<MonitoringScope>,
    /// `NextCall` or `AllCalls`; left out, GWS uses `AllCalls`.
    #[serde(default)]
    #[tsify(optional)]
    pub mode: Option<MonitoringMode>,
    /// The monitored phone number (seed 001's optional `phoneNumber`).
    #[serde(default)]
    #[tsify(optional)]
    pub phone_number: Option<String>,
}

/// How a supervisor takes part in a chat (seed 002's three modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
pub enum ChatMode {
    /// Sees the chat; nobody sees the supervisor; may only leave or switch.
    Monitor,
    /// Only the agent sees the supervisor.
    Coach,
    /// Everyone sees the supervisor, who may write to the customer.
    BargeIn,
}

impl ChatMode {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatMode::Monitor => "Monitor",
            ChatMode::Coach => "Coach",
            ChatMode::BargeIn => "BargeIn",
        }
    }
}

/// Which of the agent's chats are monitored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum ChatMonitoringScope {
    /// Only the agent's next chat.
    NextChat,
    /// Every chat until monitoring is cancelled (the GWS default).
    AllChats,
}

/// Options of `monitorChats`.
#[derive(Debug, Clone, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatMonitorOptions {
    /// How the supervisor joins the agent's chats.
    pub mode: ChatMode,
    /// `NextChat` or `AllChats` (sent as `supervisorMonitoringMode`); left out, GWS uses
    /// `AllChats`.
    #[serde(default)]
    #[tsify(optional)]
    pub scope: Option<ChatMonitoringScope>,
    /// The name the supervisor shows in the chats.
    #[serde(default)]
    #[tsify(optional)]
    pub nickname: Option<String>,
}

/// Options of `intrude`.
#[derive(Debug, Clone, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IntrudeOptions {
    /// How the supervisor joins (sent as `supervisorVisibilityMode`).
    pub visibility: ChatMode,
}

/// Options of `gws.chat(id)`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatHandleOptions {
    /// The mode the supervisor is in, when known (e.g. from `monitorChats`); unknown modes
    /// let every operation through until a switch or a notification tells.
    #[serde(default)]
    #[tsify(optional)]
    pub mode: Option<ChatMode>,
}

/// How a message is shown in the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum TreatAs {
    /// As a message of the participant (default).
    Normal,
    /// As a system message.
    System,
}

/// Options of `chat.leave()`: an optional goodbye.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LeaveOptions {
    /// A last message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub text: Option<String>,
    /// Its type (default `Text`); only with `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message_type: Option<String>,
    /// `Normal` or `System`; only with `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub treat_as: Option<TreatAs>,
}

/// Options of `chat.transfer()`: one of `targetUri`, `targetPath`, `queueName`, and an
/// optional message to the customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TransferOptions {
    /// The user (agent) to transfer to, as a URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub target_uri: Option<String>,
    /// The user or queue to transfer to, as a path (`/users/<id>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub target_path: Option<String>,
    /// The queue to transfer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub queue_name: Option<String>,
    /// A message to the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub text: Option<String>,
    /// Its type (default `Text`); only with `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message_type: Option<String>,
    /// `Normal` or `System`; only with `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub treat_as: Option<TreatAs>,
}

/// Options of `chat.invite()` and `chat.consult()`: one of `targetUri`, `targetPath`,
/// `queueName`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatTarget {
    /// The user to invite or consult, as a URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub target_uri: Option<String>,
    /// The user or queue, as a path (`/users/<id>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub target_path: Option<String>,
    /// The queue to go through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub queue_name: Option<String>,
}

/// Options of `chat.setDisposition()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DispositionOptions {
    /// The user-data key to store it under (default: the server's disposition key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub disposition_key: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn devices_keep_unknown_fields_and_read_numbers_as_text() {
        let raw = json!({
            "id": "efe1ab32", "deviceState": "Active", "phoneNumber": 5005,
            "e164Number": "5005", "doNotDisturb": "On",
            "userState": {"id": "900D", "displayName": "Not Ready", "state": "NotReady", "workMode": "Unknown"},
            "capabilities": ["ListenIn", "CancelSupervisorMonitoring"],
            "supervisorMonitoringState": {"state": "Coach", "mode": "AllCalls", "scope": "Call",
                "targetDeviceUri": "http://127.0.0.1:8080/api/v2/devices/9c14"}
        });
        let d: GwsDevice = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(d.phone_number.as_deref(), Some("5005"));
        assert_eq!(d.extra.get("doNotDisturb"), Some(&json!("On")));
        let sms = d.supervisor_monitoring_state.as_ref().unwrap();
        assert_eq!(sms.state.as_deref(), Some("Coach"));
        let back = serde_json::to_value(&d).unwrap();
        let mut expected = raw;
        expected["phoneNumber"] = json!("5005");
        assert_eq!(back, expected);
    }

    #[test]
    fn enums_use_the_wire_spelling() {
        assert_eq!(
            serde_json::to_value(MonitoringMode::NextCall).unwrap(),
            json!("NextCall")
        );
        assert_eq!(
            serde_json::to_value(ChatMonitoringScope::AllChats).unwrap(),
            json!("AllChats")
        );
        assert_eq!(
            serde_json::to_value(ChatMode::BargeIn).unwrap(),
            json!("BargeIn")
        );
        assert!(serde_json::from_value::<ChatMode>(json!("bargein")).is_err());
        let o: MeOptions =
            serde_json::from_value(json!({"subresources": ["devices", "channels"]})).unwrap();
        assert_eq!(
            o.subresources,
            Some(Subresources::Many(vec![
                "devices".into(),
                "channels".into()
            ]))
        );
    }
}
