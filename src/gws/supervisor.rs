//! Supervisor control: an agent's channel state (Web Services API: Supervisor Agent State
//! Control, `Ready`, `NotReady`, `Offline`), what the supervisor has open now (Recovering
//! Existing State: devices, calls and chats with `?fields=*`), and hanging up or removing a
//! participant on a monitored call (Voice API: Hangup, RemoveParticipantFromConference).
//!
//! A call operation is checked against the call's `capabilities` when the client knows them
//! (from [`GwsSession::snapshot`] or a `CallStateChangeMessage`) and rejected with
//! `INVALID_STATE` before anything is sent when they do not offer it; an unknown call lets the
//! operation through, as a chat with an unknown mode does.

use super::events::{GwsCall, GwsChatInfo};
use super::model::{ChatMode, GwsDevice};
use super::session::{path_id, GwsSession, Operation, API_PREFIX};
use super::wire;
use crate::client::{check_id, ApiRequest, CallOptions};
use crate::error::{Error, Result};
use crate::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::rc::Rc;
use tsify::Tsify;

/// The state a supervisor puts an agent's channel in (Supervisor Agent State Control).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum GwsAgentState {
    /// Available for calls (voice) or interaction invitations (other channels).
    Ready,
    /// Not available.
    NotReady,
    /// Logged out of the channel (GWS then reports the state `LoggedOut`, shown as "Offline").
    Offline,
}

impl GwsAgentState {
    /// Reads `"Ready"`, `"NotReady"` or `"Offline"` (exactly); anything else is
    /// `INVALID_ARGUMENT` naming `state`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "Ready" => Ok(GwsAgentState::Ready),
            "NotReady" => Ok(GwsAgentState::NotReady),
            "Offline" => Ok(GwsAgentState::Offline),
            _ => Err(Error::invalid_argument(
                "state",
                "state must be one of \"Ready\", \"NotReady\", \"Offline\".",
            )),
        }
    }

    /// The `operationName`.
    pub fn as_str(self) -> &'static str {
        match self {
            GwsAgentState::Ready => "Ready",
            GwsAgentState::NotReady => "NotReady",
            GwsAgentState::Offline => "Offline",
        }
    }
}

/// Options of `setAgentState`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SetAgentStateOptions {
    /// Why the agent is Not Ready (only with `"NotReady"`). Sent as `reasonCode` beside
    /// `operationName`: the Supervisor Agent State Control pages document no reason parameter,
    /// and `reasonCode` is the name the Query Agent State page gives a channel's reason.
    #[serde(default)]
    #[tsify(optional)]
    pub reason_code: Option<String>,
}

/// What the supervisor has open now: `GET /api/v2/me/devices`, `/me/calls` and `/me/chats`,
/// each with `?fields=*` (Web Services API: Recovering Existing State). Read it at start-up
/// and after the notifications' `rehandshake`, when notifications may have been missed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GwsSnapshot {
    /// The supervisor's devices (with their monitoring state).
    pub devices: Vec<GwsDevice>,
    /// The calls the supervisor is in (monitored calls), each with its `capabilities`.
    pub calls: Vec<GwsCall>,
    /// The chats the supervisor is in, each with its `capabilities`.
    pub chats: Vec<GwsChatInfo>,
}

impl Operation {
    /// `POST /api/v2/users/{userId}/channels/{channel} {operationName: "Ready" | "NotReady" |
    /// "Offline", reasonCode?}`: sets an agent's channel state (feature
    /// `api-supervisor-agent-control`). `channel` is a media name (`voice`, `chat`, `email` …);
    /// `reasonCode` goes only with `NotReady`.
    pub fn agent_state(
        user_id: &str,
        channel: &str,
        state: GwsAgentState,
        opts: &SetAgentStateOptions,
    ) -> Result<Self> {
        let user = path_id("userId", user_id)?;
        let media = !channel.is_empty()
            && channel
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !media {
            return Err(Error::invalid_argument(
                "channel",
                "channel must be a media channel name such as \"voice\", \"chat\" or \"email\".",
            ));
        }
        let mut op = Operation::new(format!("/users/{user}/channels/{channel}"), state.as_str());
        if let Some(code) = &opts.reason_code {
            if state != GwsAgentState::NotReady {
                return Err(Error::invalid_argument(
                    "reasonCode",
                    "reasonCode goes only with \"NotReady\".",
                ));
            }
            check_id("reasonCode", code)?;
            op = op.with("reasonCode", Value::from(code.as_str()));
        }
        Ok(op)
    }

    /// `POST /api/v2/me/calls/{callId} {operationName: "Hangup"}` (Voice API: Hangup).
    pub fn hang_up(call_id: &str) -> Result<Self> {
        let id = path_id("callId", call_id)?;
        Ok(Operation::new(format!("/me/calls/{id}"), "Hangup"))
    }

    /// `POST /api/v2/me/calls/{callId} {operationName: "RemoveParticipantFromConference",
    /// participant}` (Voice API: RemoveParticipantFromConference): `participant` is the
    /// party's number as the call's `participants` show it.
    pub fn remove_participant(call_id: &str, participant: &str) -> Result<Self> {
        let id = path_id("callId", call_id)?;
        check_id("participant", participant)?;
        Ok(
            Operation::new(format!("/me/calls/{id}"), "RemoveParticipantFromConference")
                .with("participant", Value::from(participant.trim())),
        )
    }
}

/// What a call's capabilities are known to be: none once it is `Released`, its list when it
/// sent one, else unknown (a call message without `capabilities` says nothing about them).
pub fn known_capabilities(call: &GwsCall) -> Option<Vec<String>> {
    let released = call
        .state
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("Released"));
    if released {
        Some(Vec::new())
    } else if call.capabilities.is_empty() {
        None
    } else {
        Some(call.capabilities.clone())
    }
}

/// Released calls kept (so that an operation on them says why it fails) before they are
/// forgotten.
const KEEP_CALLS: usize = 256;

/// The supervisor's mode in a chat, from the visibility GWS gives the supervisor's own
/// participant (the chat supervision page: Monitor is seen by supervisors only, Coach by the
/// agents, BargeIn by all).
fn mode_in(chat: &GwsChatInfo, user_id: &str) -> Option<ChatMode> {
    let me = format!("/users/{user_id}");
    let p = chat.participants.iter().find(|p| {
        p.uri
            .as_deref()
            .is_some_and(|u| u.trim_end_matches('/').ends_with(&me))
    })?;
    match p.visibility.as_deref()? {
        "Supervisors" => Some(ChatMode::Monitor),
        "Agents" => Some(ChatMode::Coach),
        "All" => Some(ChatMode::BargeIn),
        _ => None,
    }
}

/// The last segment of a URI (`…/calls/<id>` → `<id>`).
fn last_segment(uri: &str) -> Option<String> {
    let path = uri.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The items of a collection reply: `key` as a list of objects, or `uris` (what GWS answers
/// without `fields`), each URI read as `{id, uri}`. Items that are URIs are read the same way.
fn collection(body: &Value, key: &str) -> std::result::Result<Vec<Value>, String> {
    let as_item = |v: &Value| -> Option<Value> {
        match v {
            Value::Object(_) => Some(v.clone()),
            Value::String(uri) => {
                let mut m = Map::new();
                m.insert("id".into(), Value::from(last_segment(uri)?));
                m.insert("uri".into(), Value::from(uri.as_str()));
                Some(Value::Object(m))
            }
            _ => None,
        }
    };
    let list = match (body.get(key), body.get("uris")) {
        (Some(Value::Array(l)), _) => l,
        (None | Some(Value::Null), Some(Value::Array(l))) => l,
        (None | Some(Value::Null), None | Some(Value::Null)) => return Ok(Vec::new()),
        _ => return Err(format!("{key} is not a list")),
    };
    let mut items = Vec::with_capacity(list.len());
    for v in list {
        items.push(as_item(v).ok_or_else(|| format!("an item of {key} is not an object"))?);
    }
    Ok(items)
}

impl GwsSession {
    /// Learns a call's capabilities (see [`known_capabilities`]) from a notification.
    pub(super) fn learn_call(&self, call: &GwsCall) {
        let Some(id) = call.id.clone().filter(|i| !i.is_empty()) else {
            return;
        };
        let Some(caps) = known_capabilities(call) else {
            return;
        };
        self.with_calls(|calls| {
            if calls.len() >= KEEP_CALLS {
                calls.retain(|_, c| !c.is_empty());
            }
            calls.insert(id, caps);
        });
    }

    /// Lets `op` (an operation on call `call_id`) through when the call's known capabilities
    /// offer it, or when they are not known; otherwise `INVALID_STATE`, nothing sent.
    pub fn allow_on_call(&self, call_id: &str, op: Operation) -> Result<Operation> {
        let Some(caps) = self.with_calls(|calls| calls.get(call_id).cloned()) else {
            return Ok(op);
        };
        if caps.iter().any(|c| c.trim().eq_ignore_ascii_case(op.name)) {
            return Ok(op);
        }
        Err(Error::invalid_state(if caps.is_empty() {
            format!(
                "Call {call_id} has ended; {} is no longer possible.",
                op.name
            )
        } else {
            format!(
                "Call {call_id} does not offer {} now (its capabilities: {}).",
                op.name,
                caps.join(", ")
            )
        }))
    }

    /// Sets an agent's channel state (see [`Operation::agent_state`]). Resolves once GWS
    /// accepted it; the agent gets a `ChannelStateChangeMessageV2` on `/v2/me/channels`.
    pub async fn set_agent_state(
        self: &Rc<Self>,
        user_id: &str,
        channel: &str,
        state: GwsAgentState,
        opts: &SetAgentStateOptions,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::agent_state(user_id, channel, state, opts)?;
        self.perform(&op, call).await.map(drop)
    }

    /// Hangs up the supervisor's leg of a call (`Hangup`), when its capabilities allow it.
    pub async fn hang_up(self: &Rc<Self>, call_id: &str, call: &CallOptions) -> Result<()> {
        let op = self.allow_on_call(call_id, Operation::hang_up(call_id)?)?;
        self.perform(&op, call).await.map(drop)
    }

    /// Removes a party from a monitored conference (`RemoveParticipantFromConference`), when
    /// the call's capabilities allow it.
    pub async fn remove_participant(
        self: &Rc<Self>,
        call_id: &str,
        participant: &str,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::remove_participant(call_id, participant)?;
        let op = self.allow_on_call(call_id, op)?;
        self.perform(&op, call).await.map(drop)
    }

    /// `GET /api/v2/me/{what}?fields=*` read as a list of objects, each with an `id` (from its
    /// `uri` when GWS sent none).
    async fn collection(self: &Rc<Self>, what: &str, call: &CallOptions) -> Result<Vec<Value>> {
        // `*` goes on the wire as it stands (the query encoder would send `%2A`).
        let req = ApiRequest::new(Method::Get, format!("{API_PREFIX}/me/{what}?fields=*"));
        let operation = format!("GET /me/{what}");
        let body = self.request(&req, &operation, call).await?;
        let mut items = collection(&body, what).map_err(Error::bad_response)?;
        for item in &mut items {
            let Value::Object(m) = item else { continue };
            if m.get("id").map_or(true, Value::is_null) {
                if let Some(id) = m.get("uri").and_then(Value::as_str).and_then(last_segment) {
                    m.insert("id".into(), Value::from(id));
                }
            }
        }
        Ok(items)
    }

    /// What the supervisor has open now (see [`GwsSnapshot`]), read one collection after the
    /// other (it runs at start-up and after a reconnection: a smaller module rather than two
    /// fewer round trips). The client takes it as the truth: each call's and chat's
    /// capabilities (and the supervisor's mode in each chat, from its visibility) are what
    /// handles check from now on, calls it no longer lists are forgotten, and chats it no
    /// longer lists are known to have none (the supervisor is out of them).
    pub async fn snapshot(self: &Rc<Self>, call: &CallOptions) -> Result<GwsSnapshot> {
        let devices = self.devices(call).await?;
        let calls = self.collection("calls", call).await?;
        let chats = self.collection("chats", call).await?;
        let calls: Vec<GwsCall> = wire::list(Value::Array(calls)).map_err(Error::bad_response)?;
        let chats: Vec<GwsChatInfo> =
            wire::list(Value::Array(chats)).map_err(Error::bad_response)?;
        self.with_calls(|known| {
            known.clear();
            for c in &calls {
                if let (Some(id), Some(caps)) = (c.id.clone(), known_capabilities(c)) {
                    known.insert(id, caps);
                }
            }
        });
        let me = self.user().id.unwrap_or_default();
        self.with_chats(|known| {
            for st in known.values_mut() {
                st.capabilities = Some(Vec::new());
            }
            for chat in &chats {
                let Some(id) = chat.chat_id() else { continue };
                known.update(id, |st| {
                    st.capabilities = chat.capabilities.clone();
                    if let Some(mode) = mode_in(chat, &me).filter(|_| !me.is_empty()) {
                        st.mode = Some(mode);
                    }
                });
            }
        });
        Ok(GwsSnapshot {
            devices,
            calls,
            chats,
        })
    }
}

#[cfg(test)]
mod tests;
