//! GWS request options and reply models, named as GWS names them (the Web Services API 8.5
//! voice, chat and supervisor pages). Replies are typed where callers need the fields and keep
//! everything else: each object has its documented fields plus every other field GWS sent,
//! unchanged.

use super::wire::{self, Field, FromJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

/// Fields GWS sent that the typed model does not name, kept as they came.
///
/// Each model keeps one of these (`#[serde(flatten)] extra`, filled by its reader, see
/// `wire::read`), so unknown fields pass through both ways. Its field type is written as this
/// name, not overridden with `#[tsify(type)]`: tsify then sees a type reference and emits
/// `export interface GwsCall extends GwsExtraFields { … }` with every field's doc comment, where
/// an override would make an undocumented `{ … } & Record<string, unknown>` alias. The TypeScript `GwsExtraFields`
/// (`Record<string, unknown>`) is declared in `src/js/gws.rs`.
pub type GwsExtraFields = Map<String, Value>;

/// The user the session belongs to (`GET /api/v2/me`, `user`), with the subresources asked for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsUser {
    /// The user's GWS id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    /// The login name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub user_name: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub last_name: Option<String>,
    /// Every other field (roles, `devices`, `channels`, `settings` … when asked for).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// An agent or supervisor state as GWS reports it on a device or channel.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsUserState {
    /// The state's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    /// Its name for people (`"Not Ready"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub display_name: Option<String>,
    /// `Ready`, `NotReady`, `LoggedOut` …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub state: Option<String>,
    /// Every other field (`reason`, `workMode` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// What a supervisor's device is monitoring (present while monitoring is set up).
///
/// GWS 8.5.2 and later send it as this object; GWS 8.5.1 (Devices API) sends
/// `supervisorMonitoringState` as a plain string (`"ListenIn"`) with `supervisorMonitoringMode`
/// and `supervisorMonitoringScope` beside it on the device. Both read into this one shape.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorMonitoringState {
    /// `ListenIn`, `Coach` or `BargeIn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub state: Option<String>,
    /// `NextCall` or `AllCalls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub mode: Option<String>,
    /// `Agent` or `Call`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scope: Option<String>,
    /// The monitored device.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub target_device_uri: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// A device (phone) of the user: `GET /api/v2/me/devices` and `DeviceStateChangeMessage`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsDevice {
    /// The device id: what `listenIn`, `coach`, `bargeIn`, `cancelMonitoring` take.
    pub id: String,
    /// `Active`, `Inactive` …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub device_state: Option<String>,
    /// The user's state on this device.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub user_state: Option<GwsUserState>,
    /// The phone number (DN).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phone_number: Option<String>,
    /// What GWS allows on the device now (`ListenIn`, `CancelSupervisorMonitoring` …).
    // (`default` only tells tsify to declare the field optional.)
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Present while the device monitors another one, in one shape whatever the GWS version
    /// (see [`SupervisorMonitoringState`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supervisor_monitoring_state: Option<SupervisorMonitoringState>,
    /// Every other field (`e164Number`, `doNotDisturb`, `voiceEnvironmentUri` …).
    #[serde(flatten)]
    pub extra: GwsExtraFields,
}

/// Reads `supervisorMonitoringState` as GWS 8.5.2+ sends it (an object) or as GWS 8.5.1 sends
/// it (the state's name as a string); anything else reads as absent. The 8.5.1 mode and scope
/// sit beside it on the device: [`GwsDevice::normalize_monitoring_state`] moves them in.
fn monitoring_state(raw: Value) -> Option<SupervisorMonitoringState> {
    match raw {
        Value::String(s) if !s.trim().is_empty() => Some(SupervisorMonitoringState {
            state: Some(s.trim().to_string()),
            ..SupervisorMonitoringState::default()
        }),
        v @ Value::Object(_) => SupervisorMonitoringState::from_json(v).ok(),
        _ => None,
    }
}

impl FromJson for GwsUser {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut u = GwsUser::default();
        u.extra = wire::read(
            value,
            "struct GwsUser",
            &mut [
                ("id", Field::Text(&mut u.id)),
                ("userName", Field::Text(&mut u.user_name)),
                ("firstName", Field::Text(&mut u.first_name)),
                ("lastName", Field::Text(&mut u.last_name)),
            ],
        )?;
        Ok(u)
    }
}

impl FromJson for GwsUserState {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut s = GwsUserState::default();
        s.extra = wire::read(
            value,
            "struct GwsUserState",
            &mut [
                ("id", Field::Text(&mut s.id)),
                ("displayName", Field::Text(&mut s.display_name)),
                ("state", Field::Text(&mut s.state)),
            ],
        )?;
        Ok(s)
    }
}

impl FromJson for SupervisorMonitoringState {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut s = SupervisorMonitoringState::default();
        s.extra = wire::read(
            value,
            "struct SupervisorMonitoringState",
            &mut [
                ("state", Field::Text(&mut s.state)),
                ("mode", Field::Text(&mut s.mode)),
                ("scope", Field::Text(&mut s.scope)),
                ("targetDeviceUri", Field::Text(&mut s.target_device_uri)),
            ],
        )?;
        Ok(s)
    }
}

impl FromJson for GwsDevice {
    /// The device as it came: see [`GwsDevice::from_wire`] for the one shape.
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut d = GwsDevice::default();
        let mut id = None;
        d.extra = wire::read(
            value,
            "struct GwsDevice",
            &mut [
                (
                    "id",
                    Field::With(&mut |v| {
                        id = Some(wire::text(v, false)?.unwrap_or_default());
                        Ok(())
                    }),
                ),
                ("deviceState", Field::Text(&mut d.device_state)),
                (
                    "userState",
                    Field::With(&mut |v| {
                        d.user_state = wire::optional(v)?;
                        Ok(())
                    }),
                ),
                ("phoneNumber", Field::Text(&mut d.phone_number)),
                ("capabilities", Field::Strings(&mut d.capabilities)),
                (
                    "supervisorMonitoringState",
                    Field::With(&mut |v| {
                        d.supervisor_monitoring_state = monitoring_state(v);
                        Ok(())
                    }),
                ),
            ],
        )?;
        d.id = id.ok_or_else(|| wire::missing("id"))?;
        Ok(d)
    }
}

wire::deserialize_from_json!(GwsUser, GwsUserState, SupervisorMonitoringState, GwsDevice);

impl GwsDevice {
    /// Brings a GWS 8.5.1 device into the one shape: when `supervisorMonitoringState` came
    /// as a string, the `supervisorMonitoringMode` and `supervisorMonitoringScope` sent beside
    /// it on the device become its `mode` and `scope` (and leave the device's other fields).
    /// A device in the 8.5.2 shape is left as it is. Used by `devices()` and by the
    /// notification decoder, so both hand callers the same shape.
    pub fn normalize_monitoring_state(&mut self) {
        let Some(sms) = self.supervisor_monitoring_state.as_mut() else {
            return;
        };
        for (key, slot) in [
            ("supervisorMonitoringMode", &mut sms.mode),
            ("supervisorMonitoringScope", &mut sms.scope),
        ] {
            if slot.is_some() {
                continue;
            }
            if let Some(Value::String(v)) = self.extra.get(key) {
                if !v.trim().is_empty() {
                    *slot = Some(v.trim().to_string());
                    wire::take(&mut self.extra, key);
                }
            }
        }
    }

    /// Reads one device as GWS sends it (either version) into the one shape.
    pub fn from_wire(value: Value) -> std::result::Result<GwsDevice, serde_json::Error> {
        let mut d = GwsDevice::from_json(value)?;
        d.normalize_monitoring_state();
        Ok(d)
    }
}

/// The per-channel outcome of `startSession`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChannelResult {
    /// The channel, as asked for (`"voice"`, `"chat"` …).
    pub channel: String,
    /// Whether the user is logged in on it; absent when GWS reported a partial success
    /// without saying which channels failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub logged_in: Option<bool>,
    /// The channel's own `statusCode`, when GWS gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status_code: Option<i64>,
    /// Why the channel failed, as GWS said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status_message: Option<String>,
}

/// What `startSession` resolves to: one result per channel asked for.
///
/// GWS answers `statusCode: 7` (partial success) when some channels logged in and others did
/// not, e.g. voice in and chat out while the Interaction Server is down (Web Services API:
/// StartContactCenterSession); the channels that failed carry their own `statusCode` and
/// `statusMessage`. A session start where every channel failed still rejects with
/// `VENDOR_ERROR`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StartSessionResult {
    /// `true` when GWS answered a partial success (`statusCode` 7).
    pub partial: bool,
    /// One entry per channel asked for, in the order asked.
    pub channels: Vec<ChannelResult>,
    /// GWS's `statusMessage` for the whole operation, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status_message: Option<String>,
}

/// A `statusCode` as a number, or as a string of digits (`"0"`, as some GWS builds send it).
pub fn status_code_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(t) => t.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// A reply's non-empty `statusMessage`.
fn message_of(v: &Value) -> Option<String> {
    let m = v.get("statusMessage")?.as_str()?;
    Some(m.to_string()).filter(|m| !m.is_empty())
}

impl StartSessionResult {
    /// Reads the reply of `StartContactCenterSession` for `channels`. With `statusCode` 0 every
    /// channel is logged in. With 7, each channel's outcome is read from the reply where it is
    /// given, either under the channel's name (`"chat": {statusCode, statusMessage}`) or in a
    /// list `channels: [{channel, statusCode, statusMessage}]`; a channel the reply does not
    /// mention has `loggedIn` absent.
    pub fn from_reply(channels: &[String], body: &Value) -> StartSessionResult {
        let code = status_code_of(body.get("statusCode")).unwrap_or(0);
        let status_message = message_of(body);
        let listed = |name: &str| -> Option<&Value> {
            body.get("channels")?
                .as_array()?
                .iter()
                .find(|item| item.get("channel").and_then(Value::as_str) == Some(name))
        };
        let results = channels
            .iter()
            .map(|name| {
                if code == 0 {
                    return ChannelResult {
                        channel: name.clone(),
                        logged_in: Some(true),
                        status_code: None,
                        status_message: None,
                    };
                }
                let own = body
                    .get(name.as_str())
                    .filter(|v| v.is_object())
                    .or_else(|| listed(name));
                let own_code = own.and_then(|o| status_code_of(o.get("statusCode")));
                ChannelResult {
                    channel: name.clone(),
                    logged_in: own_code.map(|c| c == 0),
                    status_code: own_code,
                    status_message: own.and_then(message_of),
                }
            })
            .collect();
        StartSessionResult {
            partial: code == 7,
            channels: results,
            status_message,
        }
    }
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

impl MonitoringScope {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            MonitoringScope::Agent => "Agent",
            MonitoringScope::Call => "Call",
        }
    }
}

/// Which calls are monitored (voice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum MonitoringMode {
    /// Only the agent's next call.
    NextCall,
    /// Every call until monitoring is cancelled (the GWS default).
    AllCalls,
}

impl MonitoringMode {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            MonitoringMode::NextCall => "NextCall",
            MonitoringMode::AllCalls => "AllCalls",
        }
    }
}

/// The agent device to monitor, as the caller named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceTarget {
    /// A device URI (`https://gws.example.com/api/v2/devices/<id>`) or a bare device id.
    Text(String),
    /// The id of a device object (e.g. one of `devices()`).
    Id(String),
}

impl Default for DeviceTarget {
    fn default() -> Self {
        DeviceTarget::Text(String::new())
    }
}

impl<'de> Deserialize<'de> for DeviceTarget {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Device { id: String },
        }
        Ok(match Wire::deserialize(d)? {
            Wire::Text(t) => DeviceTarget::Text(t),
            Wire::Device { id } => DeviceTarget::Id(id),
        })
    }
}

impl From<&str> for DeviceTarget {
    fn from(s: &str) -> Self {
        DeviceTarget::Text(s.to_string())
    }
}

impl DeviceTarget {
    /// The `targetDeviceUri` to send: a URI as given (checked: `http://` or `https://`, a
    /// `/devices/{id}` path, no spaces or control characters), or, for a device id or
    /// object, `{root}/api/v2/devices/{id}` on the session's server. A `tel:` number, a
    /// relative path or a malformed URI is `INVALID_ARGUMENT`.
    pub fn to_uri(&self, root: &str) -> crate::error::Result<String> {
        use crate::error::Error;
        const FIELD: &str = "targetDeviceUri";
        let bad = |why: &str| {
            Error::invalid_argument(
                FIELD,
                format!("targetDeviceUri {why} (give a device URI, id or object)."),
            )
        };
        let id_uri = |id: &str| -> crate::error::Result<String> {
            crate::client::check_id(FIELD, id)?;
            if id.chars().any(char::is_whitespace) || id.contains('/') {
                return Err(bad("is not a device id"));
            }
            Ok(format!(
                "{}{}/devices/{}",
                root.trim_end_matches('/'),
                super::session::API_PREFIX,
                crate::client::encode_component(id)
            ))
        };
        let text = match self {
            DeviceTarget::Id(id) => return id_uri(id),
            DeviceTarget::Text(t) => t,
        };
        crate::client::check_id(FIELD, text)?;
        if !text.contains(':') && !text.contains('/') {
            return id_uri(text);
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain spaces"));
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("tel:") {
            return Err(bad("is not a tel: number in GWS"));
        }
        let rest = ["http://", "https://"].into_iter().find_map(|scheme| {
            if lower.starts_with(scheme) {
                text.get(scheme.len()..)
            } else {
                None
            }
        });
        let Some(rest) = rest else {
            return Err(bad("must be an http:// or https:// URI"));
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let path = format!("/{}", path.trim_end_matches('/'));
        let id = path
            .rsplit_once("/devices/")
            .map(|(_, id)| id)
            .unwrap_or("");
        if host.is_empty() || id.is_empty() || id.contains('/') {
            return Err(bad("must name a device"));
        }
        Ok(text.clone())
    }
}

/// Options of `listenIn`, `coach`, `bargeIn` (Web Services API: ListenIn, Coach, BargeIn).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct VoiceMonitorOptions {
    /// The agent's device: its URI (`https://gws.example.com/api/v2/devices/<id>`, the `uri`
    /// of a device), its id, or the device object itself; an id or object is sent as the URI
    /// on this client's server. Never a `tel:` number.
    #[tsify(type = "string | DeviceRef")]
    pub target_device_uri: DeviceTarget,
    /// `Agent` or `Call`; left out, GWS uses `Call`.
    #[serde(default)]
    #[tsify(optional)]
    pub scope: Option<MonitoringScope>,
    /// `NextCall` or `AllCalls`; left out, GWS uses `AllCalls`.
    #[serde(default)]
    #[tsify(optional)]
    pub mode: Option<MonitoringMode>,
    /// The monitored phone number (the optional `phoneNumber` of the Coach and ListenIn pages).
    #[serde(default)]
    #[tsify(optional)]
    pub phone_number: Option<String>,
}

/// How a supervisor takes part in a chat (the three modes of the chat supervision page).
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

impl ChatMonitoringScope {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatMonitoringScope::NextChat => "NextChat",
            ChatMonitoringScope::AllChats => "AllChats",
        }
    }
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IntrudeOptions {
    /// How the supervisor joins (sent as `supervisorVisibilityMode`). Left out, GWS uses the
    /// mode the supervisor monitors the agent's chats in (`monitorChats`), and refuses when
    /// the agent is not monitored (Web Services API: Intrude).
    #[serde(default)]
    #[tsify(optional)]
    pub visibility: Option<ChatMode>,
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

impl TreatAs {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TreatAs::Normal => "Normal",
            TreatAs::System => "System",
        }
    }
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

/// Options of `chat.transfer()`: `targetUri` (an agent) or `queueName`, and an optional
/// message to the customer (Web Services API: chat Transfer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TransferOptions {
    /// The user (agent) to transfer to, as a URI (`https://gws.example.com/api/v2/users/<id>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub target_uri: Option<String>,
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

/// Options of `chat.invite()` and `chat.consult()`: the agent, as a URI (Web Services API:
/// chat Invite, Consult; neither takes a queue).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChatTarget {
    /// The user to invite or consult, as a URI (`https://gws.example.com/api/v2/users/<id>`).
    pub target_uri: String,
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

    #[test]
    fn wire_names_are_the_serde_names() {
        let names = [
            (
                json!(MonitoringScope::Agent),
                MonitoringScope::Agent.as_str(),
            ),
            (json!(MonitoringScope::Call), MonitoringScope::Call.as_str()),
            (
                json!(MonitoringMode::NextCall),
                MonitoringMode::NextCall.as_str(),
            ),
            (
                json!(MonitoringMode::AllCalls),
                MonitoringMode::AllCalls.as_str(),
            ),
            (
                json!(ChatMonitoringScope::NextChat),
                ChatMonitoringScope::NextChat.as_str(),
            ),
            (
                json!(ChatMonitoringScope::AllChats),
                ChatMonitoringScope::AllChats.as_str(),
            ),
            (json!(ChatMode::Monitor), ChatMode::Monitor.as_str()),
            (json!(ChatMode::Coach), ChatMode::Coach.as_str()),
            (json!(ChatMode::BargeIn), ChatMode::BargeIn.as_str()),
            (json!(TreatAs::Normal), TreatAs::Normal.as_str()),
            (json!(TreatAs::System), TreatAs::System.as_str()),
        ];
        for (serde, ours) in names {
            assert_eq!(serde, json!(ours));
        }
    }

    #[test]
    fn monitoring_state_reads_the_851_string_and_the_852_object_into_one_shape() {
        let v852 = json!({"id": "efe1ab32", "supervisorMonitoringState": {
            "state": "ListenIn", "mode": "AllCalls", "scope": "Call",
            "targetDeviceUri": "http://127.0.0.1:8080/api/v2/devices/9c14"}});
        let v851 = json!({"id": "efe1ab32", "supervisorMonitoringState": "ListenIn",
            "supervisorMonitoringMode": "AllCalls", "supervisorMonitoringScope": "Call",
            "phoneNumber": "5005"});
        let a = GwsDevice::from_wire(v852).unwrap();
        let b = GwsDevice::from_wire(v851).unwrap();
        let (sa, sb) = (
            a.supervisor_monitoring_state.clone().unwrap(),
            b.supervisor_monitoring_state.clone().unwrap(),
        );
        for s in [&sa, &sb] {
            assert_eq!(
                (s.state.as_deref(), s.mode.as_deref(), s.scope.as_deref()),
                (Some("ListenIn"), Some("AllCalls"), Some("Call"))
            );
        }
        assert_eq!(sb.target_device_uri, None);
        assert!(!b.extra.contains_key("supervisorMonitoringMode"));
        assert!(!b.extra.contains_key("supervisorMonitoringScope"));
        // serialised, the 8.5.1 device looks like an 8.5.2 one
        assert_eq!(
            serde_json::to_value(&b).unwrap()["supervisorMonitoringState"],
            json!({"state": "ListenIn", "mode": "AllCalls", "scope": "Call"})
        );
        // no monitoring: top-level fields stay where they are; odd values read as absent
        let c = GwsDevice::from_wire(json!({"id": "d", "supervisorMonitoringMode": "NextCall",
            "supervisorMonitoringState": ""}))
        .unwrap();
        assert!(c.supervisor_monitoring_state.is_none());
        assert_eq!(
            c.extra.get("supervisorMonitoringMode"),
            Some(&json!("NextCall"))
        );
        for odd in [
            json!(5),
            json!(["ListenIn"]),
            json!(null),
            json!({"state": ["x"]}),
        ] {
            let d = GwsDevice::from_wire(json!({"id": "d", "supervisorMonitoringState": odd}));
            assert!(d.is_ok());
        }
        // an 8.5.2 object keeps its own mode over a stray top-level one
        let mut d = GwsDevice::from_wire(json!({"id": "d", "supervisorMonitoringMode": "NextCall",
            "supervisorMonitoringState": {"state": "Coach", "mode": "AllCalls"}}))
        .unwrap();
        d.normalize_monitoring_state();
        assert_eq!(
            d.supervisor_monitoring_state.unwrap().mode.as_deref(),
            Some("AllCalls")
        );
    }

    #[test]
    fn device_notifications_normalise_the_851_monitoring_state_too() {
        let data = json!({"messageType": "DeviceStateChangeMessage", "devices": [{
            "id": "efe1ab32", "supervisorMonitoringState": "Coach",
            "supervisorMonitoringMode": "NextCall", "supervisorMonitoringScope": "Agent"}]});
        let n = crate::gws::events::decode_notification("/v2/me/devices", data);
        let crate::gws::events::GwsNotification::DeviceStateChange(m) = n else {
            panic!("not a device message: {n:?}");
        };
        let sms = m.devices[0].supervisor_monitoring_state.clone().unwrap();
        assert_eq!(
            (
                sms.state.as_deref(),
                sms.mode.as_deref(),
                sms.scope.as_deref()
            ),
            (Some("Coach"), Some("NextCall"), Some("Agent"))
        );
    }

    #[test]
    fn device_targets_read_a_string_or_a_device_object() {
        let o: VoiceMonitorOptions =
            serde_json::from_value(json!({"targetDeviceUri": {"id": "9c14", "uri": "x"}})).unwrap();
        assert_eq!(o.target_device_uri, DeviceTarget::Id("9c14".into()));
        let o: VoiceMonitorOptions =
            serde_json::from_value(json!({"targetDeviceUri": "9c14"})).unwrap();
        assert_eq!(o.target_device_uri, DeviceTarget::Text("9c14".into()));
    }
}
