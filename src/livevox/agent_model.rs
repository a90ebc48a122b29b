//! Models of the LiveVox agent API as a virtual agent uses it (LiveVox Agent API pages, the
//! virtual-agent guide, and public clients that ran against production): the status reply with
//! its lines and calls, term codes, and the term-code request.

use crate::wire::{self, Field, FromJson};
use serde::Serialize;
use serde_json::Value;
use tsify::Tsify;

/// The state of one agent line. A state this list does not know is read as
/// `UNKNOWN` rather than failing the whole reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
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

crate::lenient::wire_enum!(LineState {
    Logoff = "LOGOFF",
    Logon = "LOGON",
    Ready = "READY",
    NotReady = "NOTREADY",
    InCall = "INCALL",
    WrapUp = "WRAPUP",
    Transferring = "TRANSFERRING",
    ManualDial = "MANUALDIAL",
    PreviewDial = "PREVIEWDIAL",
    Dialing = "DIALING",
    Registering = "REGISTERING",
    Hold = "HOLD",
    Reserved = "RESERVED",
}, other = Unknown);

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
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LineCall {
    /// The call's transaction id (for `setTermCode` and the AIA record).
    pub call_transaction_id: String,
    /// The call's session id (for `setTermCode` and the AIA record).
    pub call_session_id: String,
    /// The service the call came through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service_id: Option<i64>,
    /// The call center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call_center_id: Option<i64>,
    /// The customer's account number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub account_number: Option<String>,
    /// The customer's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phone_number: Option<String>,
    /// Whether the agent must accept the call first.
    #[serde(default)]
    pub call_requires_acceptance: bool,
}

/// One line of the agent (`ACD`, `DIRECT`, `EXT1`…`EXT20`).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentLine {
    /// The line's name, e.g. `"ACD"`.
    pub line_number: String,
    /// The line's state.
    pub state: LineState,
    /// When the state last changed, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub state_changed_time: Option<i64>,
    /// The call on the line, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call: Option<LineCall>,
    /// Whether the agent started a conference on the line (e.g. `transferToPerson`), as the
    /// AzureDemo client reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub conference_initiated: Option<bool>,
    /// Whether the call on the line is in a conference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call_conferenced: Option<bool>,
}

/// The agent's service figures in the status reply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentServiceStatus {
    /// Calls in progress in the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub calls_in_progress: Option<i64>,
    /// Calls on hold in the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub calls_on_hold: Option<i64>,
    /// Set when the agent was moved to another service and should reload it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reload_service_id: Option<i64>,
}

/// `agentStatus` of the status reply.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatus {
    /// The Not Ready reason, when Not Ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reason_code: Option<String>,
    /// Whether the agent is muted.
    #[serde(default)]
    pub agent_muted: bool,
    /// Service figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service: Option<AgentServiceStatus>,
    /// The agent's lines and their calls.
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

/// Reply of `POST /callControl/agent/status`. LiveVox answers `agentStatus` as an object or as
/// a list of one (the AzureDemo client reads `agentStatus[0]`); both read as one status.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusBody {
    /// The agent's status; `null` when the platform answered an empty list, which means
    /// "nothing changed since `stateChangedAfter`". It never means the agent is idle or has no
    /// call: ask again without `stateChangedAfter` to read the whole status.
    #[tsify(type = "AgentStatus | null")]
    pub agent_status: Option<AgentStatus>,
}

/// The call an agent is on, from its status: what a virtual agent needs to write the AIA
/// record and the term code. Unknown values are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
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
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusOptions {
    /// Only report changes after this time: epoch milliseconds (number or digit string) or a
    /// `Date`. Sent in the body as an epoch-ms string, as the LiveVox virtual-agent guide shows.
    /// A reply with an empty `agentStatus` list then means nothing changed.
    #[serde(default)]
    #[tsify(optional, type = "number | string | Date")]
    pub state_changed_after: Option<super::model::Instant>,
}

/// The longest Not Ready reason code the agent API takes.
pub const MAX_REASON_CODE_LEN: usize = 64;

/// Options of the agent's `setNotReady`.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentNotReadyOptions {
    /// Why the agent is Not Ready: one of the six codes of the supervisor page, or any code the
    /// client configured for the service (its features' `notReadyReasonCodes`), non-empty and at
    /// most 64 characters.
    #[serde(default)]
    #[tsify(optional, type = "ReasonCode | (string & {})")]
    pub reason_code: Option<String>,
}

impl AgentNotReadyOptions {
    /// Checks the reason code (nothing is sent before): non-blank, at most 64 characters, no
    /// control characters.
    pub fn validate(&self) -> crate::error::Result<()> {
        if let Some(code) = &self.reason_code {
            let bad = code.trim().is_empty()
                || code.chars().count() > MAX_REASON_CODE_LEN
                || code.chars().any(char::is_control);
            if bad {
                return Err(crate::error::Error::invalid_argument(
                    "reasonCode",
                    format!(
                        "reasonCode must be a non-empty code of at most {MAX_REASON_CODE_LEN} characters without control characters (e.g. \"BREAK\" or one the service configures)."
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// One term code of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TermCode {
    /// The id to pass as `termCodeId`.
    pub id: String,
    /// The term code's name.
    pub name: String,
    /// The LiveVox result id it maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub lv_result_id: Option<i64>,
    /// The LiveVox result it maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub lv_result: Option<String>,
    /// What the term code records, e.g. `RPC_WITH_PAYMENT`, `RPC_WITHOUT_PAYMENT`, `OTHER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub action_type: Option<String>,
    /// Whether a payment amount must be given with it (`setTermCode`'s `paymentAmt`).
    #[serde(default)]
    pub payment_amt_required: bool,
    /// The order in which reports list it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub report_display_order: Option<i64>,
    /// Whether preview dialing is enabled with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub preview_dial_enabled: Option<bool>,
    /// Whether it puts the number on the Do Not Call list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub trigger_dnc: Option<bool>,
}

/// A named group of term codes.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TermCodeCategory {
    /// The category's name.
    pub name: String,
    /// Its term codes.
    pub term_codes: Vec<TermCode>,
}

/// Reply of `GET /callControl/agent/termCode`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TermCodes {
    /// The service's term codes by category.
    pub term_code_categories: Vec<TermCodeCategory>,
}

/// A payment amount: a number, or the text a client's specification asks for (`"12.50"`).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(untagged)]
pub enum PaymentAmount {
    /// An amount as a number.
    Number(f64),
    /// An amount as text, e.g. `"12.50"`.
    Text(String),
}

// By hand rather than derived (`untagged`): serde's untagged enums buffer the value.
impl FromJson for PaymentAmount {
    fn from_json(value: Value) -> wire::Result<Self> {
        match value {
            Value::Number(n) => n.as_f64().map(PaymentAmount::Number),
            Value::String(t) => Some(PaymentAmount::Text(t)),
            _ => None,
        }
        .ok_or_else(|| {
            serde::de::Error::custom(
                "data did not match any variant of untagged enum PaymentAmount",
            )
        })
    }
}

/// What `setTermCode` takes: the call (from `currentCall()`, whose object can be spread in:
/// its `phoneNumber` and `accountNumber` stand for `phoneDialed` and `account` when those are
/// not given), the term code, and what happens to the agent afterwards. `lineNumber` goes in
/// the query; the rest is the body. A key not listed here is `INVALID_ARGUMENT`; `null` reads
/// as absent.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetTermCode {
    /// The call's transaction id.
    pub call_transaction_id: String,
    /// The call's session id.
    pub call_session_id: String,
    /// The term code's id (from `termCodes()`).
    pub term_code_id: String,
    /// `true` to leave the agent Not Ready after the call, `false` to make it Ready.
    pub move_agent_to_not_ready: bool,
    /// The number the call was for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub phone_dialed: Option<String>,
    /// The call's phone number as `currentCall()` names it: sent as `phoneDialed` when
    /// `phoneDialed` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub phone_number: Option<String>,
    /// Notes stored with the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub notes: Option<String>,
    /// The line of the call, e.g. `"ACD"` (sent as `?lineNumber=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub line_number: Option<String>,
    /// The service of the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "number | null")]
    pub service_id: Option<i64>,
    /// The customer's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub account: Option<String>,
    /// The call's account number as `currentCall()` names it: sent as `account` when
    /// `account` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub account_number: Option<String>,
    /// The amount paid, for a term code with `paymentAmtRequired` (`actionType`
    /// `RPC_WITH_PAYMENT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "number | string | null")]
    pub payment_amt: Option<PaymentAmount>,
    /// The account the agent (or the AI) was told by the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub agent_entered_account: Option<String>,
    /// The Not Ready reason when `moveAgentToNotReady` is `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "ReasonCode | (string & {}) | null")]
    pub reason_code: Option<String>,
    /// The number to call back at once, for term codes that schedule a callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub immediate_callback_number: Option<String>,
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
    /// See [`SetTermCode`] (or its `phoneNumber`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_dialed: Option<&'a str>,
    /// See [`SetTermCode`].
    pub move_agent_to_not_ready: bool,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<i64>,
    /// See [`SetTermCode`] (or its `accountNumber`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<&'a str>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_amt: Option<&'a PaymentAmount>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_entered_account: Option<&'a str>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<&'a str>,
    /// See [`SetTermCode`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub immediate_callback_number: Option<&'a str>,
}

impl SetTermCode {
    /// The number sent as `phoneDialed`: `phoneDialed`, else the call's `phoneNumber`.
    pub fn dialed(&self) -> Option<&str> {
        self.phone_dialed
            .as_deref()
            .or(self.phone_number.as_deref())
            .filter(|s| !s.is_empty())
    }

    /// The account sent as `account`: `account`, else the call's `accountNumber`.
    pub fn account_sent(&self) -> Option<&str> {
        self.account
            .as_deref()
            .or(self.account_number.as_deref())
            .filter(|s| !s.is_empty())
    }

    /// The JSON body for the wire.
    pub fn body(&self) -> TermCodeBody<'_> {
        fn text(v: &Option<String>) -> Option<&str> {
            v.as_deref().filter(|s| !s.is_empty())
        }
        TermCodeBody {
            call_transaction_id: &self.call_transaction_id,
            call_session_id: &self.call_session_id,
            term_code_id: &self.term_code_id,
            phone_dialed: self.dialed(),
            move_agent_to_not_ready: self.move_agent_to_not_ready,
            notes: self.notes.as_deref(),
            service_id: self.service_id,
            account: self.account_sent(),
            payment_amt: self.payment_amt.as_ref(),
            agent_entered_account: text(&self.agent_entered_account),
            reason_code: text(&self.reason_code),
            immediate_callback_number: text(&self.immediate_callback_number),
        }
    }
}

/// Options of `keepAlive`.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct KeepAliveOptions {
    /// Time between cycles, at least 50 ms; one hour when left out.
    #[serde(default)]
    #[tsify(optional)]
    pub interval_ms: Option<f64>,
}

/// Fields of an agent-API reply that floorwalker does not name, passed on as sent (the
/// TypeScript `AgentExtraFields`, `Record<string, unknown>`, is declared in `src/js/agent.rs`).
pub type AgentExtraFields = serde_json::Map<String, serde_json::Value>;

/// The lines of an agent, as the agent API names them: `ACD`, `DIRECT`, `EXT1`…`EXT20`.
pub fn check_line_number(line: &str) -> crate::error::Result<()> {
    let ext = line.strip_prefix("EXT").is_some_and(|n| {
        !n.starts_with('0')
            && n.bytes().all(|b| b.is_ascii_digit())
            && n.parse::<u8>().is_ok_and(|n| (1..=20).contains(&n))
    });
    if line == "ACD" || line == "DIRECT" || ext {
        Ok(())
    } else {
        Err(crate::error::Error::invalid_argument(
            "lineNumber",
            "lineNumber must be \"ACD\", \"DIRECT\" or \"EXT1\" to \"EXT20\".",
        ))
    }
}

/// One row of the screen pop: a label and its value, e.g. `{ key: "FIRST NAME", value:
/// "John" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct ScreenPopRow {
    /// The field's label, as the service's screen pop names it (`FIRST NAME`, `ACCOUNT
    /// NUMBER`, `PHONE DIALED`, `Call Direction`, …).
    pub key: String,
    /// The field's value (a value the platform sends as a number reads as text; `null` as
    /// `""`).
    pub value: String,
}

/// A screen pop row as the platform sends it: either part may be missing, `null` or a number.
#[derive(Debug, Clone)]
pub struct ScreenPopWireRow {
    key: String,
    value: String,
}

/// Reply of `GET /callControl/agent/screenpop` as the platform sends it.
#[derive(Debug, Clone)]
pub struct ScreenPopReply {
    /// The rows, in the platform's order.
    pub screen_pop_row: Vec<ScreenPopWireRow>,
}

/// The screen pop of the agent's current call: the rows as sent, and the same as a plain
/// object keyed by label (the first row of a label wins when one repeats).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScreenPop {
    /// The rows, in the platform's order.
    pub rows: Vec<ScreenPopRow>,
    /// The rows as `{ [key]: value }`.
    #[tsify(type = "Record<string, string>")]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl From<ScreenPopReply> for ScreenPop {
    fn from(reply: ScreenPopReply) -> Self {
        let mut fields = serde_json::Map::new();
        let rows: Vec<ScreenPopRow> = reply
            .screen_pop_row
            .into_iter()
            .map(|r| ScreenPopRow {
                key: r.key,
                value: r.value,
            })
            .collect();
        for row in &rows {
            if !fields.contains_key(&row.key) {
                fields.insert(row.key.clone(), row.value.clone().into());
            }
        }
        ScreenPop { rows, fields }
    }
}

/// Options of the call controls that act on one line (`endCall`, `hold`, `unhold`,
/// `pauseRecording`, `resumeRecording`, `screenPop`).
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CallLineOptions {
    /// The line of the call (`"ACD"`, `"DIRECT"`, `"EXT1"`…`"EXT20"`), sent as
    /// `?lineNumber=`; the platform takes the ACD line when it is left out.
    #[serde(default)]
    #[tsify(optional)]
    pub line_number: Option<String>,
}

/// What `transferToPerson` takes. A key not listed here is `INVALID_ARGUMENT`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransferToPerson {
    /// The person's phone number (sent as `supervisorNumber`).
    pub number: String,
    /// Put the caller on hold while the person is dialled (`putCallOnHold`); default `false`.
    #[serde(default)]
    #[tsify(optional)]
    pub hold: Option<bool>,
    /// A secure transfer (`secureTransfer`); default `false`.
    #[serde(default)]
    #[tsify(optional)]
    pub secure: Option<bool>,
    /// The line of the call, sent as `?lineNumber=` (as LiveVox.NET does).
    #[serde(default)]
    #[tsify(optional)]
    pub line_number: Option<String>,
}

/// The body of `POST /callControl/agent/conference/manual`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualConferenceBody<'a> {
    /// The number to conference in.
    pub supervisor_number: &'a str,
    /// Hold the caller while dialling.
    pub put_call_on_hold: bool,
    /// A secure transfer.
    pub secure_transfer: bool,
}

/// One service an agent may join.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AllowedService {
    /// The service's id (a number; sent as text by some platforms).
    pub service_id: i64,
    /// The service's name.
    pub service_name: String,
}

/// Reply of `GET /callControl/agent/service/access`: the services the agent may join.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentServices {
    /// The services (`null` reads as none).
    pub services: Vec<AllowedService>,
    /// Whether the agent is a home agent (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "boolean | null")]
    pub home_agent: Option<bool>,
    /// The agent's phone number (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "string | null")]
    pub phone_number: Option<String>,
    /// Every other field (e.g. `sipId`), as sent.
    #[serde(flatten)]
    pub other: AgentExtraFields,
}

/// `features` of a service: what the agent may do in it. The fields floorwalker reads are
/// named; every other flag passes through as sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServiceFeatureFlags {
    /// The Not Ready reasons configured for the service (`[]` when `null`): any of them may be
    /// given to `setNotReady`.
    #[serde(default)]
    pub not_ready_reason_codes: Vec<String>,
    /// Whether Not Ready reasons are enabled.
    #[serde(default)]
    pub reason_codes_enabled: bool,
    /// Whether the agent may pause, resume and stop the recording (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "boolean | null")]
    pub call_recording_control_enabled: Option<bool>,
    /// Whether the agent may transfer to a number (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "boolean | null")]
    pub manual_transfer_enabled: Option<bool>,
    /// Whether term codes are enabled (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "boolean | null")]
    pub term_code_enabled: Option<bool>,
    /// Every other flag, as sent.
    #[serde(flatten)]
    pub other: AgentExtraFields,
}

/// Reply of `GET /callControl/agent/service/features?serviceId=`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServiceFeatures {
    /// What the agent may do in the service.
    #[serde(default)]
    #[tsify(type = "ServiceFeatureFlags | null")]
    pub features: Option<ServiceFeatureFlags>,
    /// The service's id (sent as text by some platforms; `null` when not sent).
    #[serde(default)]
    #[tsify(type = "number | null")]
    pub service_id: Option<i64>,
    /// The service's description (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "string | null")]
    pub service_description: Option<String>,
    /// The call center's id (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "number | null")]
    pub call_center_id: Option<i64>,
    /// The call center's name (`null` when not sent).
    #[serde(default)]
    #[tsify(type = "string | null")]
    pub call_center_name: Option<String>,
    /// Every other field (`clientId`, `clientCode`, `callInPhoneNumber`, …), as sent.
    #[serde(flatten)]
    pub other: AgentExtraFields,
}

// The reply models read themselves from a JSON value (`crate::wire`) rather than through serde's
// derive: each field as the `crate::lenient` reader its `Field` stands for did. (`#[serde(default)]`
// stays on their fields: it marks the field optional in the generated TypeScript.)

/// [`lenient::opt_value`] on a value: the model, or `None` when it is `null` or does not read.
///
/// [`lenient::opt_value`]: crate::lenient::opt_value
fn opt_model<T: FromJson>(value: Value) -> Option<T> {
    T::from_json(value).ok()
}

/// [`lenient::one_or_first`] on a value: a model sent alone or as a list of them (the list's
/// first, `None` for an empty list).
///
/// [`lenient::one_or_first`]: crate::lenient::one_or_first
fn one_or_first<T: FromJson>(value: Value) -> wire::Result<Option<T>> {
    let item = match value {
        Value::Array(items) => match items.into_iter().next() {
            Some(first) => first,
            None => return Ok(None),
        },
        object @ Value::Object(_) => object,
        _ => {
            return Err(serde::de::Error::custom(
                "invalid type: expected an object or a list of objects",
            ))
        }
    };
    T::from_json(item).map(Some)
}

impl FromJson for LineCall {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut transaction, mut session, mut service, mut center) = (None, None, None, None);
        let (mut account, mut phone, mut acceptance) = (None, None, None);
        wire::read_named(
            value,
            "struct LineCall",
            &mut [
                ("callTransactionId", Field::TextOrEmpty(&mut transaction)),
                ("callSessionId", Field::TextOrEmpty(&mut session)),
                ("serviceId", Field::OptInt(&mut service)),
                ("callCenterId", Field::OptInt(&mut center)),
                ("accountNumber", Field::Text(&mut account)),
                ("phoneNumber", Field::Text(&mut phone)),
                ("callRequiresAcceptance", Field::Flag(&mut acceptance)),
            ],
        )?;
        Ok(Self {
            call_transaction_id: wire::required(transaction, "callTransactionId")?,
            call_session_id: wire::required(session, "callSessionId")?,
            service_id: service,
            call_center_id: center,
            account_number: account,
            phone_number: phone,
            call_requires_acceptance: acceptance.unwrap_or(false),
        })
    }
}

impl FromJson for AgentLine {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut line, mut state, mut changed, mut call) = (None, None, None, None);
        let (mut initiated, mut conferenced) = (None, None);
        let mut read_state = |v: Value| {
            let names = (LineState::WIRE_NAMES, LineState::WIRE_VARIANTS);
            wire::variant(&v, names.0, names.1, Some(LineState::Unknown)).map(|s| state = Some(s))
        };
        let mut read_call = |v| wire::optional(v).map(|c| call = c);
        wire::read_named(
            value,
            "struct AgentLine",
            &mut [
                ("lineNumber", Field::TextOrEmpty(&mut line)),
                ("state", Field::With(&mut read_state)),
                ("stateChangedTime", Field::OptInt(&mut changed)),
                ("call", Field::With(&mut read_call)),
                ("conferenceInitiated", Field::Flag(&mut initiated)),
                ("callConferenced", Field::Flag(&mut conferenced)),
            ],
        )?;
        Ok(Self {
            line_number: wire::required(line, "lineNumber")?,
            state: wire::required(state, "state")?,
            state_changed_time: changed,
            call,
            conference_initiated: initiated,
            call_conferenced: conferenced,
        })
    }
}

impl FromJson for AgentServiceStatus {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut in_progress, mut on_hold, mut reload) = (None, None, None);
        wire::read_named(
            value,
            "struct AgentServiceStatus",
            &mut [
                ("callsInProgress", Field::OptInt(&mut in_progress)),
                ("callsOnHold", Field::OptInt(&mut on_hold)),
                ("reloadServiceId", Field::OptInt(&mut reload)),
            ],
        )?;
        Ok(Self {
            calls_in_progress: in_progress,
            calls_on_hold: on_hold,
            reload_service_id: reload,
        })
    }
}

impl FromJson for AgentStatus {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut reason, mut muted, mut service, mut lines) = (None, None, None, None);
        let mut read_service = |v| {
            service = opt_model(v);
            Ok(())
        };
        let mut read_lines = |v| wire::list(v).map(|l| lines = Some(l));
        wire::read_named(
            value,
            "struct AgentStatus",
            &mut [
                ("reasonCode", Field::Text(&mut reason)),
                ("agentMuted", Field::Flag(&mut muted)),
                ("service", Field::With(&mut read_service)),
                ("lines", Field::With(&mut read_lines)),
            ],
        )?;
        Ok(Self {
            reason_code: reason,
            agent_muted: muted.unwrap_or(false),
            service,
            lines: wire::required(lines, "lines")?,
        })
    }
}

impl FromJson for AgentStatusBody {
    // Errors of `agentStatus` itself do not name it (an error within names its own field).
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut status = None;
        let mut read_status = |v| one_or_first(v).map(|s| status = Some(s));
        wire::read(
            value,
            "struct AgentStatusBody",
            &mut [("agentStatus", Field::With(&mut read_status))],
        )?;
        Ok(Self {
            agent_status: wire::required(status, "agentStatus")?,
        })
    }
}

impl FromJson for TermCode {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut name, mut result_id, mut result) = (None, None, None, None);
        let (mut action, mut payment, mut order, mut preview, mut dnc) =
            (None, None, None, None, None);
        wire::read_named(
            value,
            "struct TermCode",
            &mut [
                ("id", Field::TextOrEmpty(&mut id)),
                ("name", Field::TextOrEmpty(&mut name)),
                ("lvResultId", Field::OptInt(&mut result_id)),
                ("lvResult", Field::Text(&mut result)),
                ("actionType", Field::Text(&mut action)),
                ("paymentAmtRequired", Field::Flag(&mut payment)),
                ("reportDisplayOrder", Field::OptInt(&mut order)),
                ("previewDialEnabled", Field::Flag(&mut preview)),
                ("triggerDnc", Field::Flag(&mut dnc)),
            ],
        )?;
        Ok(Self {
            id: wire::required(id, "id")?,
            name: wire::required(name, "name")?,
            lv_result_id: result_id,
            lv_result: result,
            action_type: action,
            payment_amt_required: payment.unwrap_or(false),
            report_display_order: order,
            preview_dial_enabled: preview,
            trigger_dnc: dnc,
        })
    }
}

impl FromJson for TermCodeCategory {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut name, mut codes) = (None, None);
        let mut read_codes = |v| wire::list(v).map(|l| codes = Some(l));
        wire::read_named(
            value,
            "struct TermCodeCategory",
            &mut [
                ("name", Field::TextOrEmpty(&mut name)),
                ("termCodes", Field::With(&mut read_codes)),
            ],
        )?;
        Ok(Self {
            name: wire::required(name, "name")?,
            term_codes: wire::required(codes, "termCodes")?,
        })
    }
}

impl FromJson for TermCodes {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut categories = None;
        let mut read = |v| wire::list(v).map(|l| categories = Some(l));
        wire::read_named(
            value,
            "struct TermCodes",
            &mut [("termCodeCategories", Field::With(&mut read))],
        )?;
        Ok(Self {
            term_code_categories: wire::required(categories, "termCodeCategories")?,
        })
    }
}

impl FromJson for ScreenPopWireRow {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut key, mut text) = (None, None);
        wire::read_named(
            value,
            "struct ScreenPopWireRow",
            &mut [
                ("key", Field::TextOrEmpty(&mut key)),
                ("value", Field::TextOrEmpty(&mut text)),
            ],
        )?;
        Ok(Self {
            key: key.unwrap_or_default(),
            value: text.unwrap_or_default(),
        })
    }
}

impl FromJson for ScreenPopReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut rows = None;
        let mut read = |v| wire::list(v).map(|l| rows = Some(l));
        wire::read_named(
            value,
            "struct ScreenPopReply",
            &mut [("screenPopRow", Field::With(&mut read))],
        )?;
        Ok(Self {
            screen_pop_row: rows.unwrap_or_default(),
        })
    }
}

// `AllowedService` and the three models below them name no field in their errors (but a
// missing one), as their earlier readers did.

impl FromJson for AllowedService {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut name) = (None, None);
        wire::read(
            value,
            "struct AllowedService",
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

// Unknown fields pass through (`other`); what is not an object is refused as a map.

impl FromJson for AgentServices {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut services, mut home, mut phone) = (None, None, None);
        let mut read_services = |v| wire::list(v).map(|l| services = Some(l));
        let other = wire::read(
            value,
            "a map",
            &mut [
                ("services", Field::With(&mut read_services)),
                ("homeAgent", Field::Flag(&mut home)),
                ("phoneNumber", Field::Text(&mut phone)),
            ],
        )?;
        Ok(Self {
            services: wire::required(services, "services")?,
            home_agent: home,
            phone_number: phone,
            other,
        })
    }
}

impl FromJson for ServiceFeatureFlags {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut codes, mut enabled, mut recording, mut transfer, mut term) =
            (Vec::new(), None, None, None, None);
        let other = wire::read(
            value,
            "a map",
            &mut [
                ("notReadyReasonCodes", Field::Strings(&mut codes)),
                ("reasonCodesEnabled", Field::Flag(&mut enabled)),
                ("callRecordingControlEnabled", Field::Flag(&mut recording)),
                ("manualTransferEnabled", Field::Flag(&mut transfer)),
                ("termCodeEnabled", Field::Flag(&mut term)),
            ],
        )?;
        Ok(Self {
            not_ready_reason_codes: codes,
            reason_codes_enabled: enabled.unwrap_or(false),
            call_recording_control_enabled: recording,
            manual_transfer_enabled: transfer,
            term_code_enabled: term,
            other,
        })
    }
}

impl FromJson for ServiceFeatures {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut features, mut service, mut description) = (None, None, None);
        let (mut center, mut center_name) = (None, None);
        let mut read_features = |v| {
            features = opt_model(v);
            Ok(())
        };
        let other = wire::read(
            value,
            "a map",
            &mut [
                ("features", Field::With(&mut read_features)),
                ("serviceId", Field::OptInt(&mut service)),
                ("serviceDescription", Field::Text(&mut description)),
                ("callCenterId", Field::OptInt(&mut center)),
                ("callCenterName", Field::Text(&mut center_name)),
            ],
        )?;
        Ok(Self {
            features,
            service_id: service,
            service_description: description,
            call_center_id: center,
            call_center_name: center_name,
            other,
        })
    }
}

wire::deserialize_from_json!(
    LineCall,
    AgentLine,
    AgentServiceStatus,
    AgentStatus,
    AgentStatusBody,
    TermCode,
    TermCodeCategory,
    TermCodes,
    ScreenPopWireRow,
    ScreenPopReply,
    AllowedService,
    AgentServices,
    ServiceFeatureFlags,
    ServiceFeatures,
);

// The caller's input: options objects and arguments, read as serde's derive read them (the
// strict readers of `wire`: `null` is absent for an optional field, an error for a required
// one; no numeric text, no lenient booleans).

impl FromJson for AgentStatusOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut after = None;
        let mut read = |v| wire::optional(v).map(|i| after = i);
        wire::read_named(
            value,
            "struct AgentStatusOptions",
            &mut [("stateChangedAfter", Field::With(&mut read))],
        )?;
        Ok(Self {
            state_changed_after: after,
        })
    }
}

impl FromJson for AgentNotReadyOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut reason_code = None;
        wire::read_named(
            value,
            "struct AgentNotReadyOptions",
            &mut [("reasonCode", Field::OptStr(&mut reason_code))],
        )?;
        Ok(Self { reason_code })
    }
}

impl FromJson for KeepAliveOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut interval_ms = None;
        let mut read = |v| wire::nullable(v, |v| wire::f64_value(&v)).map(|n| interval_ms = n);
        wire::read_named(
            value,
            "struct KeepAliveOptions",
            &mut [("intervalMs", Field::With(&mut read))],
        )?;
        Ok(Self { interval_ms })
    }
}

impl FromJson for CallLineOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut line_number = None;
        wire::read_named(
            value,
            "struct CallLineOptions",
            &mut [("lineNumber", Field::OptStr(&mut line_number))],
        )?;
        Ok(Self { line_number })
    }
}

impl FromJson for SetTermCode {
    fn from_json(value: Value) -> wire::Result<Self> {
        const FIELDS: &[&str] = &[
            "callTransactionId",
            "callSessionId",
            "termCodeId",
            "moveAgentToNotReady",
            "phoneDialed",
            "phoneNumber",
            "notes",
            "lineNumber",
            "serviceId",
            "account",
            "accountNumber",
            "paymentAmt",
            "agentEnteredAccount",
            "reasonCode",
            "immediateCallbackNumber",
        ];
        let (mut transaction, mut session, mut term, mut not_ready) = (None, None, None, None);
        let (mut phone_dialed, mut phone_number, mut notes, mut line_number) =
            (None, None, None, None);
        let (mut service_id, mut account, mut account_number, mut payment_amt) =
            (None, None, None, None);
        let (mut entered, mut reason_code, mut callback) = (None, None, None);
        let mut move_to = |v: Value| wire::bool_value(&v).map(|b| not_ready = Some(b));
        let mut service = |v| wire::nullable(v, |v| wire::i64_value(&v)).map(|n| service_id = n);
        let mut amount = |v| wire::optional(v).map(|a| payment_amt = a);
        wire::read_known(
            value,
            "struct SetTermCode",
            &mut [
                ("callTransactionId", Field::Str(&mut transaction)),
                ("callSessionId", Field::Str(&mut session)),
                ("termCodeId", Field::Str(&mut term)),
                ("moveAgentToNotReady", Field::With(&mut move_to)),
                ("phoneDialed", Field::OptStr(&mut phone_dialed)),
                ("phoneNumber", Field::OptStr(&mut phone_number)),
                ("notes", Field::OptStr(&mut notes)),
                ("lineNumber", Field::OptStr(&mut line_number)),
                ("serviceId", Field::With(&mut service)),
                ("account", Field::OptStr(&mut account)),
                ("accountNumber", Field::OptStr(&mut account_number)),
                ("paymentAmt", Field::With(&mut amount)),
                ("agentEnteredAccount", Field::OptStr(&mut entered)),
                ("reasonCode", Field::OptStr(&mut reason_code)),
                ("immediateCallbackNumber", Field::OptStr(&mut callback)),
            ],
            FIELDS,
        )?;
        Ok(Self {
            call_transaction_id: wire::required(transaction, "callTransactionId")?,
            call_session_id: wire::required(session, "callSessionId")?,
            term_code_id: wire::required(term, "termCodeId")?,
            move_agent_to_not_ready: wire::required(not_ready, "moveAgentToNotReady")?,
            phone_dialed,
            phone_number,
            notes,
            line_number,
            service_id,
            account,
            account_number,
            payment_amt,
            agent_entered_account: entered,
            reason_code,
            immediate_callback_number: callback,
        })
    }
}

impl FromJson for TransferToPerson {
    fn from_json(value: Value) -> wire::Result<Self> {
        const FIELDS: &[&str] = &["number", "hold", "secure", "lineNumber"];
        let (mut number, mut hold, mut secure, mut line_number) = (None, None, None, None);
        wire::read_known(
            value,
            "struct TransferToPerson",
            &mut [
                ("number", Field::Str(&mut number)),
                ("hold", Field::OptBool(&mut hold)),
                ("secure", Field::OptBool(&mut secure)),
                ("lineNumber", Field::OptStr(&mut line_number)),
            ],
            FIELDS,
        )?;
        Ok(Self {
            number: wire::required(number, "number")?,
            hold,
            secure,
            line_number,
        })
    }
}

wire::deserialize_from_json!(
    PaymentAmount,
    AgentStatusOptions,
    AgentNotReadyOptions,
    KeepAliveOptions,
    CallLineOptions,
    SetTermCode,
    TransferToPerson,
);
