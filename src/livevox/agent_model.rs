//! Models of the LiveVox agent API (seed 003, VENDOR-APIS §1.5) as a virtual agent uses it:
//! the status reply with its lines and calls, term codes, and the term-code request.

use crate::lenient;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// The state of one agent line (VENDOR-APIS §1.5). A state this list does not know is read as
/// `UNKNOWN` rather than failing the whole reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LineState {
    /// Logged off.
    Logoff,
    /// Logged on, not yet Ready.
    Logon,
    /// Ready for a call.
    Ready,
    /// Not Ready.
    #[serde(rename = "NOTREADY")]
    NotReady,
    /// On a call.
    #[serde(rename = "INCALL")]
    InCall,
    /// After a call, before the term code.
    #[serde(rename = "WRAPUP")]
    WrapUp,
    /// Transferring a call.
    Transferring,
    /// Dialing manually.
    #[serde(rename = "MANUALDIAL")]
    ManualDial,
    /// Previewing before a dial.
    #[serde(rename = "PREVIEWDIAL")]
    PreviewDial,
    /// Dialing.
    Dialing,
    /// Registering a phone.
    Registering,
    /// A call on hold.
    Hold,
    /// Reserved for a call.
    Reserved,
    /// A state this SDK does not know.
    #[serde(other)]
    Unknown,
}

impl LineState {
    /// Whether the line is busy with a call (so a keep-alive cycle must not run).
    pub fn is_busy(self) -> bool {
        matches!(
            self,
            LineState::InCall
                | LineState::WrapUp
                | LineState::Transferring
                | LineState::Hold
                | LineState::Reserved
                | LineState::Dialing
                | LineState::ManualDial
                | LineState::PreviewDial
        )
    }
}

/// The call on an agent line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LineCall {
    /// The call's transaction id (for `setTermCode` and the AIA record).
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub call_transaction_id: String,
    /// The call's session id (for `setTermCode` and the AIA record).
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub call_session_id: String,
    /// The service the call came through.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub service_id: Option<i64>,
    /// The call center.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub call_center_id: Option<i64>,
    /// The customer's account number.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub account_number: Option<String>,
    /// The customer's phone number.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub phone_number: Option<String>,
    /// Whether the agent must accept the call first.
    #[serde(default, deserialize_with = "lenient::boolean_or_false")]
    pub call_requires_acceptance: bool,
}

/// One line of the agent (`ACD`, `DIRECT`, `EXT1`…`EXT20`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentLine {
    /// The line's name, e.g. `"ACD"`.
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub line_number: String,
    /// The line's state.
    pub state: LineState,
    /// When the state last changed, epoch milliseconds.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub state_changed_time: Option<i64>,
    /// The call on the line, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call: Option<LineCall>,
}

/// The agent's service figures in the status reply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentServiceStatus {
    /// Calls in progress in the service.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub calls_in_progress: Option<i64>,
    /// Calls on hold in the service.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub calls_on_hold: Option<i64>,
    /// Set when the agent was moved to another service and should reload it.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub reload_service_id: Option<i64>,
}

/// `agentStatus` of the status reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatus {
    /// The Not Ready reason, when Not Ready.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub reason_code: Option<String>,
    /// Whether the agent is muted.
    #[serde(default, deserialize_with = "lenient::boolean_or_false")]
    pub agent_muted: bool,
    /// Service figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service: Option<AgentServiceStatus>,
    /// The agent's lines and their calls.
    #[serde(deserialize_with = "lenient::list_or_empty")]
    pub lines: Vec<AgentLine>,
}

impl AgentStatus {
    /// The line with a call on it, preferring one in `INCALL`.
    pub fn call_line(&self) -> Option<&AgentLine> {
        let with_call = || self.lines.iter().filter(|l| l.call.is_some());
        with_call()
            .find(|l| l.state == LineState::InCall)
            .or_else(|| with_call().next())
    }

    /// Whether any line is Ready.
    pub fn is_ready(&self) -> bool {
        self.lines.iter().any(|l| l.state == LineState::Ready)
    }

    /// Whether the agent is busy with a call on any line.
    pub fn is_on_call(&self) -> bool {
        self.lines
            .iter()
            .any(|l| l.call.is_some() || l.state.is_busy())
    }
}

/// Reply of `POST /callControl/agent/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusBody {
    /// The agent's status.
    pub agent_status: AgentStatus,
}

/// The call an agent is on, from its status: what a virtual agent needs to write the AIA
/// record and the term code. Unknown values are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct CurrentCall {
    /// The call's transaction id.
    pub call_transaction_id: String,
    /// The call's session id.
    pub call_session_id: String,
    /// The service the call came through.
    pub service_id: Option<i64>,
    /// The customer's phone number.
    pub phone_number: Option<String>,
    /// The customer's account number.
    pub account_number: Option<String>,
    /// The line the call is on, e.g. `"ACD"`.
    pub line_number: String,
}

impl CurrentCall {
    /// The current call of a status reply, or `None` when the agent is not on a call.
    pub fn from_status(status: &AgentStatus) -> Option<CurrentCall> {
        let line = status.call_line()?;
        let call = line.call.as_ref()?;
        Some(CurrentCall {
            call_transaction_id: call.call_transaction_id.clone(),
            call_session_id: call.call_session_id.clone(),
            service_id: call.service_id,
            phone_number: call.phone_number.clone(),
            account_number: call.account_number.clone(),
            line_number: line.line_number.clone(),
        })
    }
}

/// Options of `status()`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusOptions {
    /// Only report changes after this time: epoch milliseconds (number or digit string) or a
    /// `Date`. Sent in the body as an epoch-ms string (seed 003).
    #[serde(default)]
    #[tsify(optional, type = "number | string | Date")]
    pub state_changed_after: Option<super::model::Instant>,
}

/// Options of the agent's `setNotReady`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentNotReadyOptions {
    /// Why the agent is Not Ready.
    #[serde(default)]
    #[tsify(optional)]
    pub reason_code: Option<super::model::ReasonCode>,
}

/// One term code of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TermCode {
    /// The id to pass as `termCodeId`.
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub id: String,
    /// The term code's name.
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub name: String,
    /// The LiveVox result id it maps to.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub lv_result_id: Option<i64>,
    /// The LiveVox result it maps to.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub lv_result: Option<String>,
    /// What the term code does (e.g. a transfer).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub action_type: Option<String>,
    /// Whether a payment amount must be given with it.
    #[serde(default, deserialize_with = "lenient::boolean_or_false")]
    pub payment_amt_required: bool,
}

/// A named group of term codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TermCodeCategory {
    /// The category's name.
    #[serde(deserialize_with = "lenient::string_or_empty")]
    pub name: String,
    /// Its term codes.
    #[serde(deserialize_with = "lenient::list_or_empty")]
    pub term_codes: Vec<TermCode>,
}

/// Reply of `GET /callControl/agent/termCode`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TermCodes {
    /// The service's term codes by category.
    #[serde(deserialize_with = "lenient::list_or_empty")]
    pub term_code_categories: Vec<TermCodeCategory>,
}

/// What `setTermCode` takes: the call (from `currentCall()`), the term code, and what happens to
/// the agent afterwards. `lineNumber` goes in the query; the rest is the body.
#[derive(Debug, Clone, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SetTermCode {
    /// The call's transaction id.
    pub call_transaction_id: String,
    /// The call's session id.
    pub call_session_id: String,
    /// The term code's id (from `termCodes()`).
    pub term_code_id: String,
    /// The number the call was for.
    pub phone_dialed: String,
    /// `true` to leave the agent Not Ready after the call, `false` to make it Ready.
    pub move_agent_to_not_ready: bool,
    /// Notes stored with the call.
    #[serde(default)]
    #[tsify(optional)]
    pub notes: Option<String>,
    /// The line of the call, e.g. `"ACD"` (sent as `?lineNumber=`).
    #[serde(default)]
    #[tsify(optional)]
    pub line_number: Option<String>,
    /// The service of the call.
    #[serde(default)]
    #[tsify(optional)]
    pub service_id: Option<i64>,
    /// The customer's account.
    #[serde(default)]
    #[tsify(optional)]
    pub account: Option<String>,
}

/// The body of `PUT /callControl/agent/call/termCode` (`lineNumber` goes in the query).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermCodeBody<'a> {
    /// See [`SetTermCode`].
    pub call_transaction_id: &'a str,
    /// See [`SetTermCode`].
    pub call_session_id: &'a str,
    /// See [`SetTermCode`].
    pub term_code_id: &'a str,
    /// See [`SetTermCode`].
    pub phone_dialed: &'a str,
    /// See [`SetTermCode`].
    pub move_agent_to_not_ready: bool,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<i64>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<&'a str>,
}

impl SetTermCode {
    /// The JSON body for the wire.
    pub fn body(&self) -> TermCodeBody<'_> {
        TermCodeBody {
            call_transaction_id: &self.call_transaction_id,
            call_session_id: &self.call_session_id,
            term_code_id: &self.term_code_id,
            phone_dialed: &self.phone_dialed,
            move_agent_to_not_ready: self.move_agent_to_not_ready,
            notes: self.notes.as_deref(),
            service_id: self.service_id,
            account: self.account.as_deref(),
        }
    }
}

/// Options of `keepAlive`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct KeepAliveOptions {
    /// Time between cycles, at least 50 ms; one hour when left out.
    #[serde(default)]
    #[tsify(optional)]
    pub interval_ms: Option<f64>,
}
