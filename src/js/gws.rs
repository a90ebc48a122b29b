//! `Gws` and `GwsChat` as JavaScript classes: each method converts its arguments, calls the
//! core (`crate::gws`), and converts the answer; nothing is decided here.

use super::convert::*;
use super::shapes;
use crate::error::Result;
use crate::gws::chat::{ChatOperation, ChatRequest};
use crate::gws::model::*;
use crate::gws::options;
use crate::gws::session::Operation;
use crate::gws::supervisor::GwsAgentState;
use crate::gws::wire::string_list;
use crate::gws::{GwsChat as CoreChat, GwsSession, VoiceMonitoring};
use js_sys::Promise;
use serde_json::{Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const GWS_TYPES: &'static str = r#"
/** A device named by its id, as `gws.devices()` gives it: `{ id }` or the device object itself. */
export interface DeviceRef {
  /** The device's id. */
  id: string;
}
/** `Gws.connect` options: the common client options plus the GWS user's credentials. */
export interface GwsConnectOptions extends ClientOptions {
  /** The GWS server root, e.g. `https://gws.example.com:8090` (the SDK adds `/api/v2`). */
  baseUrl: string;
  /** The GWS user name (sent with HTTP Basic auth on every request). */
  username: string;
  /** The password. */
  password: string;
}

/**
 * The fields of a GWS object that its model does not name (`participants`, `userData`,
 * `e164Number` …), kept as GWS sent them. Every GWS model (`GwsCall`, `GwsDevice`,
 * `CallStateChangeMessage` …) extends it, so those fields are there, typed `unknown`.
 */
export type GwsExtraFields = Record<string, unknown>;

/** Any GWS notification this SDK does not type, exactly as it came. */
export interface GwsOtherNotification {
  /** The message type GWS sent, e.g. `"ChannelStateChangeMessage"` (absent when it sent none). */
  messageType?: string;
  /** Every other field, as it came. */
  [key: string]: unknown;
}

/** A GWS notification: a union discriminated by `messageType`. */
export type GwsNotification =
  | DeviceStateChangeMessage
  | ChatStateChangeMessage
  | MessageLogUpdated
  | CallStateChangeMessage
  | GwsOtherNotification;
"#;

/// What a method makes of GWS's reply to its operation.
type Finish = Box<dyn FnOnce(Value) -> Result<JsValue>>;

/// Sends a checked operation: the one async path that every operation method of `Gws` shares
/// (so the module carries one copy of it); `finish` turns the reply into the resolved value.
/// Bad input rejects without a request.
fn perform_with(
    session: &Rc<GwsSession>,
    op: Result<Operation>,
    call: &JsValue,
    finish: Finish,
) -> Promise {
    let prepared = op.and_then(|op| call_options(call).map(|(c, link)| (op, c, link)));
    let (op, call, link) = match prepared {
        Ok(p) => p,
        Err(e) => return Promise::reject(&to_js_error(&e)),
    };
    let s = session.clone();
    promise(async move {
        let _link = link;
        finish(s.perform(&op, &call).await?)
    })
}

/// [`perform_with`] for the methods that resolve to `undefined`.
fn perform(session: &Rc<GwsSession>, op: Result<Operation>, call: &JsValue) -> Promise {
    perform_with(session, op, call, Box::new(|_| Ok(JsValue::UNDEFINED)))
}

/// The same for the operations of a chat handle.
fn perform_chat(chat: &CoreChat, req: Result<ChatRequest>, call: &JsValue) -> Promise {
    let prepared = req.and_then(|r| call_options(call).map(|(c, link)| (r, c, link)));
    let (req, call, link) = match prepared {
        Ok(p) => p,
        Err(e) => return Promise::reject(&to_js_error(&e)),
    };
    let c = chat.clone();
    promise(async move {
        let _link = link;
        c.perform(&req, &call).await.map(|()| JsValue::UNDEFINED)
    })
}

// Options are read field by field (`JsOptions`) and checked by the core
// (`crate::gws::options`): one small reader per kind of field instead of a deserializer per
// options type keeps the module smaller.

/// Checks that `value` is an options object (`what` shows the expected shape).
fn object(value: &JsValue, what: &str) -> Result<()> {
    plain_object(value, "options", what)
}

/// Whether `value` is `undefined` or `null` (an absent optional argument).
fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Reads an optional options object: `T::default()` when absent, else checks that it is an
/// object (`what` shows its shape) and reads it with `read`.
fn optional<T: Default>(
    value: &JsValue,
    what: &str,
    read: fn(&dyn crate::input::Options) -> Result<T>,
) -> Result<T> {
    if absent(value) {
        return Ok(T::default());
    }
    object(value, what)?;
    read(&JsOptions(value))
}

/// Reads a required options object (`what` shows its shape) with `read`.
fn required<T>(
    value: &JsValue,
    what: &str,
    read: fn(&dyn crate::input::Options) -> Result<T>,
) -> Result<T> {
    object(value, what)?;
    read(&JsOptions(value))
}

fn start_session_options(v: &JsValue) -> Result<StartSessionOptions> {
    object(v, "{ channels, place? }")?;
    options::start_session(&JsOptions(v), || {
        from_js_with(&prop(v, "channels"), "channels", string_list)
    })
}

fn me_options(v: &JsValue) -> Result<MeOptions> {
    if absent(v) {
        return Ok(MeOptions::default());
    }
    object(v, "{ subresources? }")?;
    options::me(&JsOptions(v), || {
        from_js_with(&prop(v, "subresources"), "subresources", string_list)
    })
}

/// Reads a user-data object (an own `__proto__` key is ignored).
fn user_data(value: &JsValue) -> Result<Map<String, Value>> {
    plain_object(value, "userData", "keys and values")?;
    // Read as any JSON value (the reader the module has anyway); an object's `toJSON` may
    // still make it something else, refused as reading it as a map would.
    let mut map = match from_js_named(value, "userData")? {
        Value::Object(map) => map,
        other => {
            let e = crate::gws::wire::invalid_type(&other, "a map");
            return Err(crate::error::Error::invalid_argument(
                "userData",
                format!("userData is not valid: {e}."),
            ));
        }
    };
    crate::wire::take(&mut map, "__proto__");
    Ok(map)
}

/// A connected Genesys Web Services client: voice and chat supervision.
#[wasm_bindgen]
pub struct Gws {
    pub(super) session: Rc<GwsSession>,
}

#[wasm_bindgen]
impl Gws {
    /// Connects: `GET /api/v2/me` with HTTP Basic auth. The client keeps the session cookie
    /// (in Node; browsers keep it themselves) and the CSRF token, sends the token on every
    /// write, and reads the session again once, for all waiting calls, when GWS loses it.
    pub fn connect(
        options: shapes::GwsConnectOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseGws {
        promise(async move {
            let pipeline = pipeline(&options)?;
            let credentials = options::credentials(&JsOptions(&options))?;
            let (call, _link) = call_options(&call)?;
            let session = GwsSession::connect(pipeline, credentials, &call).await?;
            Ok(Gws { session }.into())
        })
    }

    /// The user as `connect` (or the last `me()`) found it.
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> std::result::Result<shapes::GwsUser, JsValue> {
        to_js(&self.session.user())
            .map_err(throw)
            .map(JsCast::unchecked_into)
    }

    /// The user object: `GET /api/v2/me`, with `subresources` (`"*"`, a name or a list).
    pub fn me(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "MeOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseGwsUser {
        let s = self.session.clone();
        promise(async move {
            let opts = me_options(&options)?;
            let (call, _link) = call_options(&call)?;
            to_js(&s.me(&opts, &call).await?)
        })
    }

    /// Logs the user in to the contact center on `channels` (e.g. `["voice", "chat"]`), at
    /// `place`: `POST /api/v2/me` `StartContactCenterSession`. Resolves to one result per
    /// channel: on a partial success (GWS `statusCode` 7, e.g. voice logged in and chat not
    /// because the Interaction Server is down) `partial` is `true` and the failed channels
    /// carry GWS's `statusCode` and `statusMessage`. Rejects when no channel logged in.
    #[wasm_bindgen(js_name = startSession)]
    pub fn start_session(
        &self,
        options: shapes::StartSessionOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseStartSessionResult {
        let opts = start_session_options(&options);
        let channels = opts
            .as_ref()
            .map(|o| o.channels.clone())
            .unwrap_or_default();
        let op = opts.and_then(|o| Operation::start_session(&o));
        let finish: Finish =
            Box::new(move |body| to_js(&StartSessionResult::from_reply(&channels, &body)));
        perform_with(&self.session, op, &call, finish).unchecked_into()
    }

    /// Logs the user out of the contact center: `POST /api/v2/me` `EndContactCenterSession`.
    #[wasm_bindgen(js_name = endSession)]
    pub fn end_session(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        perform(&self.session, Ok(Operation::end_session()), &call).unchecked_into()
    }

    /// The user's devices as device objects: `GET /api/v2/me/devices?fields=*` (a server that
    /// answers with device URIs only has each device read with `GET /api/v2/devices/{id}`).
    /// The monitoring state reads in one shape on GWS 8.5.1 and 8.5.2+.
    pub fn devices(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseGwsDeviceList {
        let s = self.session.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            to_js(&s.devices(&call).await?)
        })
    }

    /// Listens in on the agent device `targetDeviceUri` from the supervisor's device
    /// `deviceId` (nobody hears the supervisor): `POST /api/v2/me/devices/{deviceId}` `ListenIn`.
    /// `targetDeviceUri` is the agent device's URI (`https://gws.example.com/api/v2/devices/<id>`),
    /// its id, or the device object; a `tel:` number or a malformed URI is `INVALID_ARGUMENT`.
    #[wasm_bindgen(js_name = listenIn)]
    pub fn listen_in(
        &self,
        #[wasm_bindgen(js_name = "deviceId")] device_id: shapes::Text,
        options: shapes::VoiceMonitorOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.monitor(
            VoiceMonitoring::ListenIn,
            device_id.into(),
            options.into(),
            call,
        )
        .unchecked_into()
    }

    /// Coaches the agent (only the agent hears the supervisor): `... Coach`.
    pub fn coach(
        &self,
        #[wasm_bindgen(js_name = "deviceId")] device_id: shapes::Text,
        options: shapes::VoiceMonitorOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.monitor(
            VoiceMonitoring::Coach,
            device_id.into(),
            options.into(),
            call,
        )
        .unchecked_into()
    }

    /// Barges in on the agent's calls (everyone hears the supervisor): `... BargeIn`.
    #[wasm_bindgen(js_name = bargeIn)]
    pub fn barge_in(
        &self,
        #[wasm_bindgen(js_name = "deviceId")] device_id: shapes::Text,
        options: shapes::VoiceMonitorOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.monitor(
            VoiceMonitoring::BargeIn,
            device_id.into(),
            options.into(),
            call,
        )
        .unchecked_into()
    }

    fn monitor(
        &self,
        kind: VoiceMonitoring,
        device_id: JsValue,
        options: JsValue,
        call: JsValue,
    ) -> Promise {
        let root = self.session.pipeline().base.as_str();
        let op = string_arg(&device_id, "deviceId").and_then(|device| {
            let opts = required(
                &options,
                "{ targetDeviceUri, scope?, mode? }",
                options::voice_monitor,
            )?;
            Operation::monitor_device(kind, &device, &opts, root)
        });
        perform(&self.session, op, &call)
    }

    /// Cancels monitoring from the supervisor's device:
    /// `POST /api/v2/me/devices/{deviceId}` `CancelSupervisorMonitoring`.
    #[wasm_bindgen(js_name = cancelMonitoring)]
    pub fn cancel_monitoring(
        &self,
        #[wasm_bindgen(js_name = "deviceId")] device_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let op = string_arg(&device_id, "deviceId").and_then(|d| Operation::cancel_monitoring(&d));
        perform(&self.session, op, &call).unchecked_into()
    }

    /// On a monitored call, switches to listening: `POST /api/v2/me/calls/{callId}`
    /// `SwitchToListenIn`.
    #[wasm_bindgen(js_name = switchToListenIn)]
    pub fn switch_to_listen_in(
        &self,
        #[wasm_bindgen(js_name = "callId")] call_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.switch_call(false, call_id.into(), call)
            .unchecked_into()
    }

    /// On a monitored call, switches to barging in: `POST /api/v2/me/calls/{callId}`
    /// `SwitchToBargeIn`.
    #[wasm_bindgen(js_name = switchToBargeIn)]
    pub fn switch_to_barge_in(
        &self,
        #[wasm_bindgen(js_name = "callId")] call_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.switch_call(true, call_id.into(), call)
            .unchecked_into()
    }

    fn switch_call(&self, barge: bool, call_id: JsValue, call: JsValue) -> Promise {
        let op = string_arg(&call_id, "callId").and_then(|id| Operation::switch_call(&id, barge));
        perform(&self.session, op, &call)
    }

    /// Sets an agent's channel state as a supervisor (feature `api-supervisor-agent-control`):
    /// `POST /api/v2/users/{userId}/channels/{channel}` `Ready` | `NotReady` | `Offline`.
    /// `channel` is `"voice"`, `"chat"`, `"email"` or another media name; `reasonCode` goes only
    /// with `"NotReady"` (sent as `reasonCode`). The agent gets a `ChannelStateChangeMessageV2`
    /// on its `/v2/me/channels`.
    #[wasm_bindgen(js_name = setAgentState)]
    pub fn set_agent_state(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: shapes::Text,
        channel: shapes::Text,
        state: shapes::GwsAgentState,
        #[wasm_bindgen(unchecked_optional_param_type = "SetAgentStateOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let op = (|| {
            let user = string_arg(&user_id, "userId")?;
            let channel = string_arg(&channel, "channel")?;
            let state = GwsAgentState::parse(&string_arg(&state, "state")?)?;
            let opts = optional(&options, "{ reasonCode? }", options::agent_state)?;
            Operation::agent_state(&user, &channel, state, &opts)
        })();
        perform(&self.session, op, &call).unchecked_into()
    }

    /// What the supervisor has open now: its devices, calls and chats with their capabilities
    /// (`GET /api/v2/me/devices`, `/me/calls`, `/me/chats`, each with `?fields=*`, one after the
    /// other). Read it at start-up and on the notifications' `rehandshake`. From then on,
    /// `hangUp`, `removeParticipant` and chat handles check what these capabilities allow, and
    /// a chat handle knows the supervisor's mode.
    pub fn snapshot(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseGwsSnapshot {
        let s = self.session.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            to_js(&s.snapshot(&call).await?)
        })
    }

    /// Hangs up the supervisor's leg of a call: `POST /api/v2/me/calls/{callId}` `Hangup`.
    /// Rejects with `INVALID_STATE`, before anything is sent, when the call's known
    /// capabilities (from `snapshot()` or a `CallStateChangeMessage`) do not offer it.
    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(
        &self,
        #[wasm_bindgen(js_name = "callId")] call_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let op = string_arg(&call_id, "callId")
            .and_then(|id| self.session.allow_on_call(&id, Operation::hang_up(&id)?));
        perform(&self.session, op, &call).unchecked_into()
    }

    /// Removes a party (its number, as the call's `participants` show it) from a monitored
    /// conference: `POST /api/v2/me/calls/{callId}` `RemoveParticipantFromConference`. Checked
    /// against the call's known capabilities as `hangUp` is.
    #[wasm_bindgen(js_name = removeParticipant)]
    pub fn remove_participant(
        &self,
        #[wasm_bindgen(js_name = "callId")] call_id: shapes::Text,
        participant: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let op = string_arg(&call_id, "callId").and_then(|id| {
            let who = string_arg(&participant, "participant")?;
            self.session
                .allow_on_call(&id, Operation::remove_participant(&id, &who)?)
        });
        perform(&self.session, op, &call).unchecked_into()
    }

    /// Monitors an agent's chats in `mode` (`Monitor`, `Coach`, `BargeIn`), the next one or
    /// all (`scope`): `POST /api/v2/users/{agentUserId}/channels/chat`.
    #[wasm_bindgen(js_name = monitorChats)]
    pub fn monitor_chats(
        &self,
        #[wasm_bindgen(js_name = "agentUserId")] agent_user_id: shapes::Text,
        options: shapes::ChatMonitorOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let op = string_arg(&agent_user_id, "agentUserId").and_then(|agent| {
            let opts = required(
                &options,
                "{ mode, scope?, nickname? }",
                options::chat_monitor,
            )?;
            Operation::monitor_chats(&agent, &opts)
        });
        perform(&self.session, op, &call).unchecked_into()
    }

    /// Stops monitoring an agent's chats (a chat already joined stays; `leave` it):
    /// `POST /api/v2/users/{agentUserId}/channels/chat` `CancelSupervisorMonitoring`.
    #[wasm_bindgen(js_name = cancelChatMonitoring)]
    pub fn cancel_chat_monitoring(
        &self,
        #[wasm_bindgen(js_name = "agentUserId")] agent_user_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let op = string_arg(&agent_user_id, "agentUserId")
            .and_then(|agent| Operation::cancel_chat_monitoring(&agent));
        perform(&self.session, op, &call).unchecked_into()
    }

    /// Joins an agent's active chat with `visibility` (`Monitor`, `Coach`, `BargeIn`):
    /// `POST /api/v2/users/{userId}/chats/{chatId}` `Intrude`. Resolves to the chat's handle.
    /// Without `visibility`, GWS uses the mode the supervisor monitors the agent's chats in
    /// (and refuses when it does not monitor them).
    pub fn intrude(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: shapes::Text,
        #[wasm_bindgen(js_name = "chatId")] chat_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "IntrudeOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseGwsChat {
        let s = self.session.clone();
        promise(async move {
            let user = string_arg(&user_id, "userId")?;
            let chat = string_arg(&chat_id, "chatId")?;
            let opts = optional(&options, "{ visibility? }", options::intrude)?;
            let (call, _link) = call_options(&call)?;
            let inner = s.intrude(&user, &chat, &opts, &call).await?;
            Ok(GwsChat { inner }.into())
        })
    }

    /// The handle of a chat the supervisor is in (no request). Pass `{ mode }` when the mode
    /// is known (e.g. the `monitorChats` mode); otherwise operations are checked once a
    /// switch, a notification or `snapshot()` has told the mode or the chat's capabilities.
    pub fn chat(
        &self,
        #[wasm_bindgen(js_name = "chatId")] chat_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "ChatHandleOptions")] options: JsValue,
    ) -> std::result::Result<GwsChat, JsValue> {
        let id = string_arg(&chat_id, "chatId").map_err(throw)?;
        let opts = optional(&options, "{ mode? }", options::chat_handle).map_err(throw)?;
        let inner = self.session.chat(&id, &opts).map_err(throw)?;
        Ok(GwsChat { inner })
    }

    /// Forgets the credentials, the session cookie and the CSRF token; later calls reject with
    /// `INVALID_STATE`. (Call `endSession()` first to log out of the contact center.)
    pub fn close(&self) {
        self.session.close();
    }

    /// Whether `close()` was called.
    #[wasm_bindgen(getter)]
    pub fn closed(&self) -> bool {
        self.session.is_closed()
    }
}

/// One chat the supervisor is in. Each operation is checked against the chat's capabilities
/// (once a notification has told them) or the supervisor's mode (the table of the Web
/// Services chat supervision page) and
/// rejects with `INVALID_STATE`, before anything is sent, when it is not allowed.
#[wasm_bindgen]
pub struct GwsChat {
    inner: CoreChat,
}

#[wasm_bindgen]
impl GwsChat {
    /// The chat id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// The supervisor's mode in the chat (`"Monitor"`, `"Coach"`, `"BargeIn"`), or
    /// `undefined` when unknown.
    #[wasm_bindgen(getter)]
    pub fn mode(&self) -> shapes::ChatModeOrUndefined {
        match self.inner.mode() {
            Some(m) => JsValue::from_str(m.as_str()).unchecked_into(),
            None => JsValue::UNDEFINED.unchecked_into(),
        }
    }

    /// The chat's capabilities from the last notification, or `undefined` when not known.
    #[wasm_bindgen(getter)]
    pub fn capabilities(&self) -> shapes::StringListOrUndefined {
        match self.inner.capabilities() {
            Some(c) => c
                .iter()
                .map(|s| JsValue::from_str(s))
                .collect::<js_sys::Array>()
                .unchecked_into(),
            None => JsValue::UNDEFINED.unchecked_into(),
        }
    }

    /// Records the chat's `capabilities` (from a `ChatStateChangeMessage`); they decide what
    /// is allowed until the next switch of mode.
    #[wasm_bindgen(js_name = setCapabilities)]
    pub fn set_capabilities(
        &self,
        capabilities: shapes::TextList,
    ) -> std::result::Result<(), JsValue> {
        let caps = from_js_with(&capabilities, "capabilities", string_list).map_err(throw)?;
        self.inner.set_capabilities(caps);
        Ok(())
    }

    /// Whether `operation` (e.g. `"SendMessage"`) would be let through now.
    pub fn allows(&self, operation: shapes::ChatOperation) -> std::result::Result<bool, JsValue> {
        let name = string_arg(&operation, "operation").map_err(throw)?;
        let op = options::chat_operation(&name).map_err(throw)?;
        Ok(self.inner.allows(op))
    }

    /// Switches to Monitor mode (nobody sees the supervisor): `SwitchToMonitor`.
    #[wasm_bindgen(js_name = switchToMonitor)]
    pub fn switch_to_monitor(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.switch(ChatMode::Monitor, call).unchecked_into()
    }

    /// Switches to Coach mode (only the agent sees the supervisor): `SwitchToCoach`.
    #[wasm_bindgen(js_name = switchToCoach)]
    pub fn switch_to_coach(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.switch(ChatMode::Coach, call).unchecked_into()
    }

    /// Switches to BargeIn mode (everyone sees the supervisor): `SwitchToBargeIn`.
    #[wasm_bindgen(js_name = switchToBargeIn)]
    pub fn switch_to_barge_in(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.switch(ChatMode::BargeIn, call).unchecked_into()
    }

    fn switch(&self, mode: ChatMode, call: JsValue) -> Promise {
        perform_chat(&self.inner, Ok(ChatRequest::switch_to(mode)), &call)
    }

    /// Leaves the chat, optionally with a last message: `Leave`.
    pub fn leave(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LeaveOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = optional(
            &options,
            "{ text?, messageType?, treatAs? }",
            options::leave,
        )
        .and_then(|o| ChatRequest::leave(&o));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Writes to everyone, the customer included (BargeIn mode; line breaks are kept):
    /// `SendMessage`.
    #[wasm_bindgen(js_name = sendMessage)]
    pub fn send_message(
        &self,
        text: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = string_arg(&text, "text").and_then(|t| ChatRequest::send_message(&t));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Writes to the agents only (Coach and BargeIn modes): `SendToAgents`.
    #[wasm_bindgen(js_name = sendToAgents)]
    pub fn send_to_agents(
        &self,
        text: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = string_arg(&text, "text").and_then(|t| ChatRequest::send_to_agents(&t));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Tells everyone the supervisor is typing: `SendStartTypingNotification`.
    #[wasm_bindgen(js_name = sendStartTypingNotification)]
    pub fn send_start_typing_notification(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.typing(true, false, call).unchecked_into()
    }

    /// Tells everyone the supervisor stopped typing: `SendStopTypingNotification`.
    #[wasm_bindgen(js_name = sendStopTypingNotification)]
    pub fn send_stop_typing_notification(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.typing(false, false, call).unchecked_into()
    }

    /// Tells the agents the supervisor is typing: `SendStartTypingToAgentsNotification`.
    #[wasm_bindgen(js_name = sendStartTypingToAgentsNotification)]
    pub fn send_start_typing_to_agents_notification(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.typing(true, true, call).unchecked_into()
    }

    /// Tells the agents the supervisor stopped typing: `SendStopTypingToAgentsNotification`.
    #[wasm_bindgen(js_name = sendStopTypingToAgentsNotification)]
    pub fn send_stop_typing_to_agents_notification(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.typing(false, true, call).unchecked_into()
    }

    fn typing(&self, started: bool, to_agents: bool, call: JsValue) -> Promise {
        perform_chat(
            &self.inner,
            Ok(ChatRequest::typing(started, to_agents)),
            &call,
        )
    }

    /// Brings the chat into focus: `SetInFocus`.
    #[wasm_bindgen(js_name = setInFocus)]
    pub fn set_in_focus(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        perform_chat(
            &self.inner,
            Ok(ChatRequest::new(ChatOperation::SetInFocus)),
            &call,
        )
        .unchecked_into()
    }

    /// Sets the chat's disposition: `SetDisposition`.
    #[wasm_bindgen(js_name = setDisposition)]
    pub fn set_disposition(
        &self,
        disposition: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "DispositionOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = string_arg(&disposition, "disposition").and_then(|d| {
            let opts = optional(&options, "{ dispositionKey? }", options::disposition)?;
            ChatRequest::set_disposition(&d, &opts)
        });
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Adds user data to the chat: `AttachUserData`.
    #[wasm_bindgen(js_name = attachUserData)]
    pub fn attach_user_data(
        &self,
        data: shapes::RecordStringUnknown,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = user_data(&data)
            .and_then(|d| ChatRequest::user_data(ChatOperation::AttachUserData, &d));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Overwrites user data of the chat: `UpdateUserData`.
    #[wasm_bindgen(js_name = updateUserData)]
    pub fn update_user_data(
        &self,
        data: shapes::RecordStringUnknown,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = user_data(&data)
            .and_then(|d| ChatRequest::user_data(ChatOperation::UpdateUserData, &d));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Removes user-data keys from the chat: `DeleteUserData`.
    #[wasm_bindgen(js_name = deleteUserData)]
    pub fn delete_user_data(
        &self,
        keys: shapes::TextList,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = from_js_with(&keys, "keys", string_list)
            .and_then(|k| ChatRequest::delete_user_data(&k));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Sets the chat's comment: `AddComment`.
    #[wasm_bindgen(js_name = addComment)]
    pub fn add_comment(
        &self,
        comment: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = string_arg(&comment, "comment").and_then(|c| ChatRequest::add_comment(&c));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Transfers the chat to an agent (`targetUri`) or a queue (`queueName`): `Transfer`.
    pub fn transfer(
        &self,
        options: shapes::TransferOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = required(
            &options,
            "{ targetUri | queueName, text? }",
            options::transfer,
        )
        .and_then(|o| ChatRequest::transfer(&o));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Invites another agent (`targetUri`, the agent's user URI) into a conference: `Invite`.
    pub fn invite(
        &self,
        target: shapes::ChatTarget,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = required(&target, "{ targetUri }", options::chat_target)
            .and_then(|t| ChatRequest::target(ChatOperation::Invite, &t));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }

    /// Consults another agent (`targetUri`; the customer does not see it): `Consult`.
    pub fn consult(
        &self,
        target: shapes::ChatTarget,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let req = required(&target, "{ targetUri }", options::chat_target)
            .and_then(|t| ChatRequest::target(ChatOperation::Consult, &t));
        perform_chat(&self.inner, req, &call).unchecked_into()
    }
}
