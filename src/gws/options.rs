//! The rules of the GWS methods' options: their types, the fixed lists of names, the options
//! an operation refuses. The wasm layer checks that an options object is an object, reads
//! each option ([`Options`]) and the JSON-valued ones (`channels`, a list of `subresources`),
//! and forwards.

use super::model::*;
use super::supervisor::SetAgentStateOptions;
use crate::error::{Error, Result};
use crate::input::{refuse, Arg, Options};

/// The chat modes by name.
pub const CHAT_MODES: [(&str, ChatMode); 3] = [
    ("Monitor", ChatMode::Monitor),
    ("Coach", ChatMode::Coach),
    ("BargeIn", ChatMode::BargeIn),
];

/// How a leave or transfer message is treated, by name.
pub const TREAT_AS: [(&str, TreatAs); 2] =
    [("Normal", TreatAs::Normal), ("System", TreatAs::System)];

fn opt_string(o: &dyn Options, key: &str) -> Result<Option<String>> {
    o.arg(key).opt_string(key)
}

/// The chat operation named `name` (as `GwsChat.allows` takes it).
pub fn chat_operation(name: &str) -> Result<super::chat::ChatOperation> {
    super::chat::ChatOperation::parse(name).ok_or_else(|| {
        Error::invalid_argument(
            "operation",
            format!("operation \"{name}\" is not a chat supervision operation."),
        )
    })
}

/// `Gws.connect`'s `username` and `password`.
pub fn credentials(o: &dyn Options) -> Result<super::GwsCredentials> {
    Ok(super::GwsCredentials {
        username: o.arg("username").string("username")?,
        password: o.arg("password").string("password")?,
    })
}

/// `startSession` options; `channels` reads the `channels` list.
pub fn start_session(
    o: &dyn Options,
    channels: impl FnOnce() -> Result<Vec<String>>,
) -> Result<StartSessionOptions> {
    Ok(StartSessionOptions {
        channels: channels()?,
        place: opt_string(o, "place")?,
        login_code: opt_string(o, "loginCode")?,
        queue: opt_string(o, "queue")?,
    })
}

/// `targetDeviceUri`: a URI or id (a string), or a device object (its `id`).
pub fn device_target(o: &dyn Options) -> Result<DeviceTarget> {
    match o.arg("targetDeviceUri") {
        Arg::Object | Arg::Function => match o.child("targetDeviceUri", "id") {
            Arg::Text(id) => Ok(DeviceTarget::Id(id)),
            _ => Err(Error::invalid_argument(
                "targetDeviceUri",
                "targetDeviceUri must be a device URI, id or object.",
            )),
        },
        other => Ok(DeviceTarget::Text(other.string("targetDeviceUri")?)),
    }
}

/// `listenIn` / `coach` / `bargeIn` options.
pub fn voice_monitor(o: &dyn Options) -> Result<VoiceMonitorOptions> {
    Ok(VoiceMonitorOptions {
        target_device_uri: device_target(o)?,
        scope: o.arg("scope").opt_choice(
            "scope",
            &[
                ("Agent", MonitoringScope::Agent),
                ("Call", MonitoringScope::Call),
            ],
        )?,
        mode: o.arg("mode").opt_choice(
            "mode",
            &[
                ("NextCall", MonitoringMode::NextCall),
                ("AllCalls", MonitoringMode::AllCalls),
            ],
        )?,
        phone_number: opt_string(o, "phoneNumber")?,
    })
}

/// `monitorChats` options: `mode` is required.
pub fn chat_monitor(o: &dyn Options) -> Result<ChatMonitorOptions> {
    Ok(ChatMonitorOptions {
        mode: o.arg("mode").choice("mode", &CHAT_MODES)?,
        scope: o.arg("scope").opt_choice(
            "scope",
            &[
                ("NextChat", ChatMonitoringScope::NextChat),
                ("AllChats", ChatMonitoringScope::AllChats),
            ],
        )?,
        nickname: opt_string(o, "nickname")?,
    })
}

/// A chat's `leave` options.
pub fn leave(o: &dyn Options) -> Result<LeaveOptions> {
    Ok(LeaveOptions {
        text: opt_string(o, "text")?,
        message_type: opt_string(o, "messageType")?,
        treat_as: o.arg("treatAs").opt_choice("treatAs", &TREAT_AS)?,
    })
}

/// A chat's `transfer` options (`targetPath` is refused, not dropped).
pub fn transfer(o: &dyn Options) -> Result<TransferOptions> {
    refuse(
        &[("targetPath", &o.arg("targetPath"))],
        "Transfer takes targetUri or queueName.",
    )?;
    Ok(TransferOptions {
        target_uri: opt_string(o, "targetUri")?,
        queue_name: opt_string(o, "queueName")?,
        text: opt_string(o, "text")?,
        message_type: opt_string(o, "messageType")?,
        treat_as: o.arg("treatAs").opt_choice("treatAs", &TREAT_AS)?,
    })
}

/// The target of a chat's `invite` or `consult`: `targetUri` only.
pub fn chat_target(o: &dyn Options) -> Result<ChatTarget> {
    refuse(
        &[
            ("queueName", &o.arg("queueName")),
            ("targetPath", &o.arg("targetPath")),
        ],
        "Invite and Consult take targetUri only.",
    )?;
    Ok(ChatTarget {
        target_uri: o.arg("targetUri").string("targetUri")?,
    })
}

/// `me` options: `subresources` is a name, or a list that `many` reads.
pub fn me(o: &dyn Options, many: impl FnOnce() -> Result<Vec<String>>) -> Result<MeOptions> {
    let subresources = match o.arg("subresources") {
        a if a.is_absent() => None,
        Arg::Text(one) => Some(Subresources::One(one)),
        _ => Some(Subresources::Many(many()?)),
    };
    Ok(MeOptions { subresources })
}

/// `setAgentState` options.
pub fn agent_state(o: &dyn Options) -> Result<SetAgentStateOptions> {
    Ok(SetAgentStateOptions {
        reason_code: opt_string(o, "reasonCode")?,
    })
}

/// `intrude` options.
pub fn intrude(o: &dyn Options) -> Result<IntrudeOptions> {
    Ok(IntrudeOptions {
        visibility: o.arg("visibility").opt_choice("visibility", &CHAT_MODES)?,
    })
}

/// `chat(id, options)` options.
pub fn chat_handle(o: &dyn Options) -> Result<ChatHandleOptions> {
    Ok(ChatHandleOptions {
        mode: o.arg("mode").opt_choice("mode", &CHAT_MODES)?,
    })
}

/// A chat's `setDisposition` options.
pub fn disposition(o: &dyn Options) -> Result<DispositionOptions> {
    Ok(DispositionOptions {
        disposition_key: opt_string(o, "dispositionKey")?,
    })
}

#[cfg(test)]
mod tests;
