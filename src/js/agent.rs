//! `Agent`, `KeepAlive` and `Contacts` as JavaScript classes, and `postAia`. Each method
//! converts its arguments, calls the core, and converts the answer.

use super::convert::*;
use super::livevox::{nothing, reply, send_call, strict_arg};
use super::shapes;
use crate::client::Pipeline;
use crate::error::Result;
use crate::livevox::agent::CallAction;
use crate::livevox::agent_model::*;
use crate::livevox::contacts::{
    ContactDetails, ContactFields, ContactSearch, DoNotCallFlags, ListContactsOptions,
};
use crate::livevox::{
    aia, Agent as CoreAgent, Contacts as CoreContacts, KeepAlive as CoreKeepAlive, KeepAliveEvent,
    Session,
};
use js_sys::{Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

/// The `Agent` object of a client.
pub(crate) fn agent_object(session: &Rc<Session>) -> JsValue {
    JsValue::from(Agent {
        inner: CoreAgent::new(session.clone()),
    })
}

/// The `Contacts` object of a client.
pub(crate) fn contacts_object(session: &Rc<Session>) -> JsValue {
    JsValue::from(Contacts {
        inner: CoreContacts::new(session.clone()),
    })
}

fn number_arg(value: &JsValue, field: &str) -> Result<f64> {
    arg(value).id_number(field)
}

/// `postAia` (see `LiveVox.postAia`).
pub(crate) fn post_aia(
    pipeline: Pipeline,
    url: JsValue,
    fields: JsValue,
    opts: JsValue,
) -> Promise {
    promise(async move {
        let url = string_arg(&url, "url")?;
        plain_object(
            &fields,
            "fields",
            "such as { transactionId, sessionId, callOutcome }",
        )?;
        let fields = aia::caller_fields(from_js_named(&fields, "fields")?)?;
        let headers = match json_option(&opts, "headers")? {
            Some(headers) => aia::caller_headers(headers)?,
            None => Vec::new(),
        };
        let (call, _link) = call_options(&opts)?;
        match Box::pin(aia::post_aia(&pipeline, &url, &fields, &headers, &call)).await? {
            Some(v) => to_js(&v),
            None => Ok(JsValue::UNDEFINED),
        }
    })
}

/// The LiveVox agent API as a virtual agent uses it (the LiveVox virtual-agent guide). Log in with `agent: true`.
#[wasm_bindgen]
pub struct Agent {
    inner: CoreAgent,
}

#[wasm_bindgen]
impl Agent {
    /// Joins a service with the agent's unique 899 phone number:
    /// `POST /callControl/agent/service/join?serviceId=&phoneNumber=`.
    #[wasm_bindgen(js_name = joinService)]
    pub fn join_service(
        &self,
        #[wasm_bindgen(js_name = "serviceId")] service_id: shapes::Number,
        #[wasm_bindgen(js_name = "phoneNumber")] phone_number: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = (|| {
            let service_id = number_arg(&service_id, "serviceId")?;
            let phone = string_arg(&phone_number, "phoneNumber")?;
            CoreAgent::join_service_call(service_id, &phone)
        })();
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// Leaves the service: `POST /callControl/agent/service/leave`.
    #[wasm_bindgen(js_name = leaveService)]
    pub fn leave_service(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        send_call(
            self.inner.session(),
            nothing(Ok(CoreAgent::leave_service_call())),
            call,
        )
    }

    /// Makes the agent Ready for the next call: `POST /callControl/agent/status/ready`.
    #[wasm_bindgen(js_name = setReady)]
    pub fn set_ready(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        send_call(
            self.inner.session(),
            nothing(Ok(CoreAgent::set_ready_call())),
            call,
        )
    }

    /// Makes the agent Not Ready, with an optional `reasonCode` (one of the six known codes, or
    /// any code the service configures, up to 64 characters):
    /// `POST /callControl/agent/status/notReady?reasonCode=`.
    #[wasm_bindgen(js_name = setNotReady)]
    pub fn set_not_ready(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgentNotReadyOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = read_options(&options)
            .and_then(|opts: AgentNotReadyOptions| CoreAgent::set_not_ready_call(&opts));
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// The agent's status: its lines, their states and the call on each.
    /// `POST /callControl/agent/status` with a JSON body (`{}`, or `stateChangedAfter`).
    /// `agentStatus` is `null` when the platform answered an empty list: nothing changed since
    /// `stateChangedAfter` (never "idle").
    pub fn status(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgentStatusOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseAgentStatusBody {
        let prepared = (|| {
            let opts: AgentStatusOptions =
                read_options(&dates_to_millis(&options, &["stateChangedAfter"])?)?;
            CoreAgent::status_call(&opts)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// The call the agent is on (`callTransactionId`, `callSessionId`, `serviceId`,
    /// `phoneNumber`, `accountNumber`, `lineNumber`), from the whole status; `null` when the
    /// status shows no call. An empty status list is asked again, and rejects with
    /// `BAD_RESPONSE` rather than answer `null` when the agent still cannot be seen. The
    /// object spreads into `setTermCode`.
    #[wasm_bindgen(js_name = currentCall)]
    pub fn current_call(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseCurrentCallOrNull {
        let a = self.inner.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            match Box::pin(a.current_call(&call)).await? {
                Some(c) => to_js(&c),
                None => Ok(JsValue::NULL),
            }
        })
    }

    /// The term codes of a service, by category: `GET /callControl/agent/termCode?serviceId=`.
    #[wasm_bindgen(js_name = termCodes)]
    pub fn term_codes(
        &self,
        #[wasm_bindgen(js_name = "serviceId")] service_id: shapes::Number,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseTermCodes {
        let prepared = number_arg(&service_id, "serviceId").and_then(CoreAgent::term_codes_call);
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Assigns a term code to the call (done, a payment, or transfer to a human) and frees the
    /// agent: `PUT /callControl/agent/call/termCode[?lineNumber=]`. Takes the call (e.g.
    /// `{ ...await agent.currentCall() }`), `termCodeId`, `moveAgentToNotReady`, and the
    /// optional `phoneDialed`, `notes`, `account`, `paymentAmt`, `agentEnteredAccount`,
    /// `reasonCode`, `immediateCallbackNumber`; any other key rejects with `INVALID_ARGUMENT`.
    #[wasm_bindgen(js_name = setTermCode)]
    pub fn set_term_code(
        &self,
        term: shapes::SetTermCode,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = (|| {
            plain_object(
                &term,
                "term",
                "such as { callTransactionId, callSessionId, termCodeId, moveAgentToNotReady }",
            )?;
            let term: SetTermCode = strict_arg(&term, "term")?;
            CoreAgent::set_term_code_call(&term)
        })();
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// The screen pop of the current call: `{ rows: [{ key, value }], fields: { [key]: value } }`
    /// (keys such as `"FIRST NAME"`, `"ACCOUNT NUMBER"`, `"PHONE DIALED"`, `"Call Direction"`,
    /// as the service configures them): `GET /callControl/agent/screenpop[?lineNumber=]`.
    #[wasm_bindgen(js_name = screenPop)]
    pub fn screen_pop(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallLineOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseScreenPop {
        let prepared = read_options(&options)
            .and_then(|opts: CallLineOptions| CoreAgent::screen_pop_call(&opts));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Conferences a person in by phone number (a warm transfer to a human): `{ number, hold?,
    /// secure?, lineNumber? }` → `POST /callControl/agent/conference/manual` with
    /// `{ supervisorNumber, putCallOnHold, secureTransfer }` (`hold` and `secure` default to
    /// `false`).
    #[wasm_bindgen(js_name = transferToPerson)]
    pub fn transfer_to_person(
        &self,
        transfer: shapes::TransferToPerson,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = (|| {
            plain_object(
                &transfer,
                "transfer",
                "such as { number: \"+18005550100\" }",
            )?;
            let t: TransferToPerson = strict_arg(&transfer, "transfer")?;
            CoreAgent::transfer_to_person_call(&t)
        })();
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// Hangs up on the customer: `POST /callControl/agent/customer/call/end[?lineNumber=]`.
    /// The line then waits in wrap-up for the term code.
    #[wasm_bindgen(js_name = endCall)]
    pub fn end_call(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallLineOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::EndCall, options, call)
            .unchecked_into()
    }

    /// Puts the customer on hold: `POST /callControl/agent/customer/call/hold[?lineNumber=]`.
    pub fn hold(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallLineOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::Hold, options, call)
            .unchecked_into()
    }

    /// Takes the customer off hold: `POST /callControl/agent/customer/call/unhold[?lineNumber=]`.
    pub fn unhold(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallLineOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::Unhold, options, call)
            .unchecked_into()
    }

    /// Mutes the agent: `PUT /callControl/agent/call/mute`.
    pub fn mute(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::Mute, JsValue::UNDEFINED, call)
            .unchecked_into()
    }

    /// Unmutes the agent: `PUT /callControl/agent/call/unmute`.
    pub fn unmute(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::Unmute, JsValue::UNDEFINED, call)
            .unchecked_into()
    }

    /// Pauses the call's recording (e.g. while a card number is taken):
    /// `POST /callControl/agent/callRecord/pause[?lineNumber=]`.
    #[wasm_bindgen(js_name = pauseRecording)]
    pub fn pause_recording(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallLineOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::PauseRecording, options, call)
            .unchecked_into()
    }

    /// Resumes the call's recording: `POST /callControl/agent/callRecord/resume[?lineNumber=]`.
    #[wasm_bindgen(js_name = resumeRecording)]
    pub fn resume_recording(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallLineOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.action(CallAction::ResumeRecording, options, call)
            .unchecked_into()
    }

    /// The services the agent may join, `{ services: [{ serviceId, serviceName }], homeAgent,
    /// phoneNumber, ... }`: `GET /callControl/agent/service/access`.
    #[wasm_bindgen(js_name = servicesAllowed)]
    pub fn services_allowed(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseAgentServices {
        send_call(
            self.inner.session(),
            reply(Ok(CoreAgent::services_allowed_call())),
            call,
        )
    }

    /// What the agent may do in a service, with the Not Ready reasons configured for it
    /// (`features.notReadyReasonCodes`, `features.reasonCodesEnabled`):
    /// `GET /callControl/agent/service/features?serviceId=`.
    #[wasm_bindgen(js_name = serviceFeatures)]
    pub fn service_features(
        &self,
        #[wasm_bindgen(js_name = "serviceId")] service_id: shapes::Number,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseServiceFeatures {
        let prepared =
            number_arg(&service_id, "serviceId").and_then(CoreAgent::service_features_call);
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Keeps an idle session alive (sessions expire after two idle hours): every `intervalMs`
    /// (default one hour, at least 50 ms) it reads the status and, only while the agent is
    /// Ready and not on a call, sends Not Ready then Ready. Many agents' cycles are spread over
    /// the interval. If the Ready fails after its own Not Ready, it keeps restoring Ready with
    /// growing pauses until it works or `stop()` (events `"stranded"`, `"restored"`); a Not
    /// Ready it did not cause is never touched. Returns a handle whose `stop()` ends it.
    #[wasm_bindgen(js_name = keepAlive)]
    pub fn keep_alive(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "KeepAliveOptions")] options: JsValue,
    ) -> std::result::Result<KeepAlive, JsValue> {
        let opts: KeepAliveOptions = read_options(&options).map_err(throw)?;
        let (keep, driver) = CoreKeepAlive::start(self.inner.clone(), &opts).map_err(throw)?;
        spawn_local(driver);
        Ok(KeepAlive { inner: keep })
    }
}

impl Agent {
    /// One call control without a body: every such method goes through here.
    fn action(&self, action: CallAction, options: JsValue, call: JsValue) -> Promise {
        let prepared = read_options(&options)
            .and_then(|opts: CallLineOptions| CoreAgent::call_action_call(action, &opts));
        send_call(self.inner.session(), nothing(prepared), call)
    }
}

#[wasm_bindgen(typescript_custom_section)]
const AGENT_EXTRA_TYPES: &str = r#"
/** Fields of an agent-API reply that floorwalker does not name, passed on as sent. */
export type AgentExtraFields = Record<string, unknown>;
"#;

/// A running keep-alive: `stop()` ends it; `on("cycle" | "skip" | "error" | "stranded" |
/// "restored", cb)` reports each due cycle.
#[wasm_bindgen]
pub struct KeepAlive {
    inner: CoreKeepAlive,
}

#[wasm_bindgen]
impl KeepAlive {
    /// Stops it: no further cycle starts (one in flight finishes, so the agent is never left
    /// Not Ready by a cut cycle); an agent being restored to Ready is left as it is.
    pub fn stop(&self) {
        self.inner.stop();
    }

    /// Whether `stop()` was called (or the session ended).
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// Whether the agent is Ready and taking calls as far as the keep-alive knows, and whether
    /// it is restoring Ready after a failed cycle.
    #[wasm_bindgen(getter)]
    pub fn health(&self) -> shapes::AgentHealth {
        super::pool::health_to_js(&self.inner.health()).unchecked_into()
    }

    /// Listens for `"cycle"` (the agent went Not Ready → Ready), `"skip"` (`{ reason }`: on a
    /// call, not Ready, or status unknown), `"error"` (a `FloorwalkerError`), `"stranded"`
    /// (`{ attempt, error }`: the keep-alive's own Not Ready could not be undone yet; it keeps
    /// trying with growing pauses) or `"restored"` (`{ attempts }`: Ready again); returns a
    /// function that removes the listener.
    pub fn on(
        &self,
        event: shapes::KeepAliveHealthEvent,
        callback: shapes::KeepAliveHealthListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        listen(
            self.inner.clone(),
            |k| k.events(),
            &event,
            &["cycle", "skip", "error", "stranded", "restored"],
            &callback,
            |which, e: &KeepAliveEvent| {
                let payload = Object::new();
                let set = |k: &str, v: &JsValue| {
                    let _ = Reflect::set(&payload, &JsValue::from_str(k), v);
                };
                match (e, which) {
                    (KeepAliveEvent::Cycled, 0) => Some(JsValue::UNDEFINED),
                    (KeepAliveEvent::Skipped(reason), 1) => {
                        set("reason", &JsValue::from_str(reason));
                        Some(payload.into())
                    }
                    (KeepAliveEvent::Error(err), 2) => Some(to_js_error(err)),
                    (KeepAliveEvent::Stranded { attempt, error }, 3) => {
                        set("attempt", &JsValue::from(*attempt));
                        set("error", &to_js_error(error));
                        Some(payload.into())
                    }
                    (KeepAliveEvent::Restored { attempts }, 4) => {
                        set("attempts", &JsValue::from(*attempts));
                        Some(payload.into())
                    }
                    _ => None,
                }
            },
        )
        .map(JsCast::unchecked_into)
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    pub fn once(
        &self,
        event: shapes::KeepAliveEvent,
        callback: shapes::KeepAliveListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        super::convert::once(&callback, &|listener| {
            self.on(event.clone().unchecked_into(), listener.unchecked_into())
                .map(JsCast::unchecked_into)
        })
        .map(JsCast::unchecked_into)
    }
}

#[wasm_bindgen(typescript_custom_section)]
const KEEP_ALIVE_TYPES: &str = r#"
/** `"stranded"` event of a keep-alive: its own Not Ready could not be undone yet. */
export interface KeepAliveStrandedEvent {
  /** Failed tries so far. */
  attempt: number;
  /** The last failure. */
  error: FloorwalkerError;
}
/** `"restored"` event of a keep-alive: the agent is Ready (or on a call) again. */
export interface KeepAliveRestoredEvent {
  /** How many tries it took. */
  attempts: number;
}
"#;

/// The LiveVox contact API (Contact Manager).
#[wasm_bindgen]
pub struct Contacts {
    pub(super) inner: CoreContacts,
}

#[wasm_bindgen]
impl Contacts {
    /// Creates a contact: `POST /contact/contacts`. An account that already exists rejects with
    /// `CONFLICT`.
    pub fn create(
        &self,
        details: shapes::ContactDetails,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseCreatedContact {
        let prepared = strict_arg(&details, "details")
            .and_then(|details: ContactDetails| CoreContacts::create_call(&details));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Updates only the given fields of a contact: `PUT /contact/contacts/{account}` (the
    /// account is percent-encoded).
    pub fn update(
        &self,
        account: shapes::Text,
        details: shapes::ContactFields,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = (|| {
            let account = string_arg(&account, "account")?;
            let fields: ContactFields = strict_arg(&details, "details")?;
            CoreContacts::update_call(&account, &fields)
        })();
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// Reads a contact: `GET /contact/contacts/{account}`.
    pub fn get(
        &self,
        account: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseContactDetails {
        let prepared =
            string_arg(&account, "account").and_then(|account| CoreContacts::get_call(&account));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// A page of contacts (`count` up to 1000, `offset`): `GET /contact/contacts`. `next` is
    /// set while more pages follow.
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListContactsOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseContactPage {
        let prepared = read_options(&options)
            .and_then(|opts: ListContactsOptions| CoreContacts::list_call(&opts));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Deletes a contact: `DELETE /contact/contacts/{account}` (the account is
    /// percent-encoded). A contact that does not exist rejects with `NOT_FOUND`.
    pub fn delete(
        &self,
        account: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared =
            string_arg(&account, "account").and_then(|account| CoreContacts::delete_call(&account));
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// The contacts matching a filter (one condition `{ field, criteria, condition }`, or
    /// rules `{ rule: "AND" | "OR", left, right }` joining them), with an optional `sort` and
    /// page (`count` up to 1000, `offset`): `POST /contact/contacts/search`. `next` is set
    /// while more pages follow; fields floorwalker does not name pass through.
    pub fn search(
        &self,
        criteria: shapes::ContactSearch,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseContactPage {
        let prepared = strict_arg(&criteria, "criteria")
            .and_then(|criteria: ContactSearch| CoreContacts::search_call(&criteria));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Sets a contact's do-not-call blocks: the account's (`accountBlock`), single phones'
    /// (`updateContactDND: [{ ordinal, phone?, phoneBlock }]`), or both:
    /// `PUT /contact/contacts/{account}/dnd`. `DAILY_OFF` and `PERMANENT_OFF` lift a block.
    #[wasm_bindgen(js_name = setDoNotCall)]
    pub fn set_do_not_call(
        &self,
        account: shapes::Text,
        flags: shapes::DoNotCallFlags,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = (|| {
            let account = string_arg(&account, "account")?;
            let flags: DoNotCallFlags = strict_arg(&flags, "flags")?;
            CoreContacts::set_do_not_call_call(&account, &flags)
        })();
        send_call(self.inner.session(), nothing(prepared), call)
    }
}
