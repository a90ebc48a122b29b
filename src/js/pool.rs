//! `AgentPool` as a JavaScript class: converts options and results, holds one `LiveVox` object
//! per started agent so that `agentForInvite` hands back the same client every time.

use super::convert::*;
use super::livevox::LiveVox;
use super::shapes;
use crate::error::Result;
use crate::livevox::agent::AgentHealth;
use crate::livevox::pool::{
    AgentPool as CorePool, CallOutcome, CallStep, HandleInviteOptions, HandledCall, InviteCall,
    PoolAgentStatus, PoolAgents, PoolConfig, PoolOutcome,
};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

/// `new AgentPool` options (rules: [`crate::livevox::options::pool_config`]).
fn config(opts: &JsValue) -> Result<PoolConfig> {
    crate::livevox::options::pool_config(&JsOptions(opts), || {
        let agents = prop(opts, "agents");
        match is_array(&agents, "agents")? {
            true => read_input::<PoolAgents>(&agents, Some("agents")).map(|a| Some(a.0)),
            false => Ok(None),
        }
    })
}

/// An [`AgentHealth`] as JavaScript sees it (`AgentHealth` in the types).
pub(crate) fn health_to_js(h: &AgentHealth) -> JsValue {
    let item = Object::new();
    let opt_bool = |v: Option<bool>| v.map_or(JsValue::NULL, JsValue::from_bool);
    set(&item, "ready", &opt_bool(h.ready));
    set(&item, "onCall", &opt_bool(h.on_call));
    set(&item, "restoring", &JsValue::from_bool(h.restoring));
    set(&item, "takingCalls", &JsValue::from_bool(h.taking_calls()));
    set(
        &item,
        "checkedAt",
        &h.checked_at_ms.map_or(JsValue::NULL, JsValue::from_f64),
    );
    set(
        &item,
        "lastError",
        &h.last_error.as_ref().map_or(JsValue::NULL, to_js_error),
    );
    item.into()
}

fn status_to_js(list: &[PoolAgentStatus]) -> JsValue {
    let out = Array::new();
    for a in list {
        let item = health_to_js(&a.health);
        let obj: &Object = item.unchecked_ref();
        set(obj, "userName", &JsValue::from_str(&a.user_name));
        set(obj, "phoneNumber", &JsValue::from_str(&a.phone_number));
        set(obj, "started", &JsValue::from_bool(a.started));
        set(obj, "takingCalls", &JsValue::from_bool(a.taking_calls()));
        out.push(&item);
    }
    out.into()
}

#[wasm_bindgen(typescript_custom_section)]
const POOL_STATUS_TYPES: &str = r#"
/** What is known of an agent's readiness (a keep-alive's `health`, or a pool agent). */
export interface AgentHealth {
  /** A line was Ready at the last look (`null`: not known yet). */
  ready: boolean | null;
  /** The agent was on a call at the last look (`null`: not known yet). */
  onCall: boolean | null;
  /** The keep-alive left the agent Not Ready after a failed cycle and is making it Ready again. */
  restoring: boolean;
  /** Ready or on a call, and not being restored: the agent takes calls. */
  takingCalls: boolean;
  /** When the agent was last seen (epoch milliseconds), or `null`. */
  checkedAt: number | null;
  /** The last failure of its keep-alive, cleared by the next success. */
  lastError: FloorwalkerError | null;
}
/** One agent of `pool.status()`. */
export interface PoolAgentStatus extends AgentHealth {
  /** The agent's login name. */
  userName: string;
  /** The agent's 899 number. */
  phoneNumber: string;
  /** Logged in and joined (by `start`, until `shutdown`). */
  started: boolean;
}
/** Extra `new AgentPool(...)` options. */
export interface AgentPoolOptions {
  /** An API version for every path, e.g. `"v6.0"` (`/session/v6.0/login`); unversioned when left out. */
  apiVersion?: string;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const HANDLE_INVITE_TYPES: &str = r#"
/** The call a `handleInvite` handler is given: the current call, its screen pop and the INVITE. */
export interface InviteCall extends CurrentCall {
  /** The call's screen pop, or `null` when it could not be read (`screenPopError` says why). */
  screenPop: ScreenPop | null;
  /** Why the screen pop could not be read, or `null`. */
  screenPopError: FloorwalkerError | null;
  /** The INVITE, parsed. */
  invite: Invite;
}
/** What `handleInvite` did with one call. */
export interface HandledCallResult {
  /** Every step succeeded and the agent takes calls again. */
  ok: boolean;
  /** The agent's login name (`null` when no started agent has the INVITE's number). */
  userName: string | null;
  /** The number the INVITE was for. */
  agentNumber: string | null;
  /** The call as read before the handler ran. */
  call: CurrentCall | null;
  /** The screen pop given to the handler. */
  screenPop: ScreenPop | null;
  /** What the handler resolved to (`null` when it threw or set the term code itself). */
  outcome: CallOutcome | null;
  /** The term code the pool set: the outcome's, or `failureTermCodeId`. */
  termCodeId: string | null;
  /** The agent was seen Ready (or on its next call) afterwards. */
  ready: boolean;
  /** The first step that failed. */
  step?: "agent" | "call" | "handler" | "termCode" | "ready";
  /** Why it failed: what the handler threw (as thrown), else a `FloorwalkerError`. */
  error?: unknown;
}
"#;

fn opt_to_js<T: serde::Serialize>(v: &Option<T>) -> JsValue {
    v.as_ref()
        .and_then(|v| to_js(v).ok())
        .unwrap_or(JsValue::NULL)
}

/// The handler's input as JavaScript sees it (`InviteCall`).
fn invite_call_to_js(input: &InviteCall) -> Result<JsValue> {
    let obj = to_js(&input.call)?;
    let o: &Object = obj.unchecked_ref();
    set(o, "screenPop", &opt_to_js(&input.screen_pop));
    set(
        o,
        "screenPopError",
        &input
            .screen_pop_error
            .as_ref()
            .map_or(JsValue::NULL, to_js_error),
    );
    set(o, "invite", &to_js(&input.invite)?);
    Ok(obj)
}

fn handled_to_js(h: &HandledCall, thrown: Option<JsValue>, returned: Option<JsValue>) -> JsValue {
    let o = Object::new();
    let text = |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    set(&o, "ok", &JsValue::from_bool(h.ok()));
    let user = Some(h.user_name.clone()).filter(|u| !u.is_empty());
    set(&o, "userName", &text(&user));
    set(&o, "agentNumber", &text(&h.agent_number));
    set(&o, "call", &opt_to_js(&h.call));
    set(&o, "screenPop", &opt_to_js(&h.screen_pop));
    let outcome = returned.filter(|_| h.outcome.is_some());
    set(&o, "outcome", &outcome.unwrap_or(JsValue::NULL));
    set(&o, "termCodeId", &text(&h.term_code_id));
    set(&o, "ready", &JsValue::from_bool(h.ready));
    if let Some((step, e)) = &h.failure {
        set(&o, "step", &JsValue::from_str(step.as_str()));
        let error = match (step, thrown) {
            (CallStep::Handler, Some(v)) => v,
            _ => to_js_error(e),
        };
        set(&o, "error", &error);
    }
    o.into()
}

/// Runs the caller's handler and reads what it resolves to; what it throws is kept in `thrown`.
async fn run_handler(
    f: Function,
    input: JsValue,
    client: JsValue,
    thrown: Rc<RefCell<Option<JsValue>>>,
    returned: Rc<RefCell<Option<JsValue>>>,
) -> Result<Option<CallOutcome>> {
    let fail = |e: JsValue| {
        let why = super::livevox::thrown_message(&e);
        *thrown.borrow_mut() = Some(e);
        crate::livevox::options::handler_failed(why)
    };
    let asked = f
        .call2(&JsValue::UNDEFINED, &input, &client)
        .map_err(fail)?;
    let value = JsFuture::from(Promise::resolve(&asked))
        .await
        .map_err(fail)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    plain_object(
        &value,
        "outcome",
        "such as { termCodeId, paymentAmt? }, or null when the handler set the term code itself",
    )?;
    let outcome = read_input(&value, None)?;
    *returned.borrow_mut() = Some(value);
    Ok(Some(outcome))
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn outcomes_to_js(outcomes: &[PoolOutcome]) -> JsValue {
    let list = Array::new();
    for o in outcomes {
        let item = Object::new();
        set(&item, "userName", &JsValue::from_str(&o.user_name));
        set(&item, "phoneNumber", &JsValue::from_str(&o.phone_number));
        set(&item, "ok", &JsValue::from_bool(o.failure.is_none()));
        if let Some((step, e)) = &o.failure {
            set(&item, "step", &JsValue::from_str(step.as_str()));
            set(&item, "error", &to_js_error(e));
        }
        list.push(&item);
    }
    list.into()
}

/// Many LiveVox virtual agents in one process (one agent per concurrent call, as the LiveVox virtual-agent guide says): logs
/// them in, joins each to the service with its own 899 number, keeps them Ready and alive, finds
/// the agent a SIP INVITE is for, and shuts them down in order. One agent's failure is
/// reported in its result, never fatal to the others.
#[wasm_bindgen]
pub struct AgentPool {
    inner: Rc<CorePool>,
    clients: Rc<RefCell<Vec<Option<JsValue>>>>,
}

#[wasm_bindgen]
impl AgentPool {
    /// Checks the options (nothing is sent yet): the client options (`baseUrl`, `timeoutMs`,
    /// `retry`, `logger`, `fetch`), `accessToken`, `clientName`, `serviceId`, `agents` (each
    /// `{ userName, password, phoneNumber }`, numbers distinct), `keepAliveMs` (default one
    /// hour; 0 for none), `concurrency` (agents started at once, default 8) and `apiVersion`
    /// (e.g. `"v6.0"`; unversioned paths when left out).
    #[wasm_bindgen(constructor)]
    pub fn new(options: shapes::AgentPoolOptions) -> std::result::Result<AgentPool, JsValue> {
        let pipeline = pipeline(&options).map_err(throw)?;
        let config = config(&options).map_err(throw)?;
        let size = config.agents.len();
        let inner = CorePool::new(pipeline, config).map_err(throw)?;
        Ok(AgentPool {
            inner: Rc::new(inner),
            clients: Rc::new(RefCell::new(vec![None; size])),
        })
    }

    /// Logs in, joins and makes Ready every agent not started yet, then keeps them alive.
    /// Resolves to one result per agent started now: `{ userName, phoneNumber, ok, step?,
    /// error? }` (`step` names what failed). Calling it again retries the agents that failed.
    pub fn start(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromisePoolAgentResultList {
        let pool = self.inner.clone();
        let clients = self.clients.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            let (outcomes, keep_alives) = Box::pin(pool.start(&call)).await;
            spawn_local(keep_alives);
            let mut list = clients.borrow_mut();
            for o in outcomes.iter().filter(|o| o.failure.is_none()) {
                if let (Some(slot), Some(session)) = (list.get_mut(o.index), pool.session(o.index))
                {
                    *slot = Some(JsValue::from(LiveVox::wrap(session)));
                }
            }
            Ok(outcomes_to_js(&outcomes))
        })
    }

    /// The `LiveVox` client of the started agent a call is for, from the 899 number in the
    /// INVITE's Request-URI; `null` when no started agent has it. Throws `INVALID_ARGUMENT`
    /// when the text is not a SIP INVITE.
    #[wasm_bindgen(js_name = agentForInvite)]
    pub fn agent_for_invite(
        &self,
        text: shapes::Text,
    ) -> std::result::Result<shapes::LiveVoxOrNull, JsValue> {
        let text = string_arg(&text, "text").map_err(throw)?;
        let index = self.inner.agent_for_invite(&text).map_err(throw)?;
        Ok(self.client(index).unchecked_into())
    }

    /// The `LiveVox` client of the started agent with this phone number (`+18990000001`,
    /// `8990000001` and `1 899 000 0001` are the same), or `null`.
    #[wasm_bindgen(js_name = agentForNumber)]
    pub fn agent_for_number(
        &self,
        number: shapes::Text,
    ) -> std::result::Result<shapes::LiveVoxOrNull, JsValue> {
        let number = string_arg(&number, "number").map_err(throw)?;
        Ok(self
            .client(self.inner.agent_for_number(&number))
            .unchecked_into())
    }

    /// A call's whole life in one call. Finds the agent the INVITE is for, reads its current
    /// call and screen pop, runs `handler(call, lv)` (`call`: the current call plus
    /// `screenPop`, `screenPopError` and the parsed `invite`; `lv`: the agent's `LiveVox`
    /// client), sets the term code the handler resolves to (`{ termCodeId, paymentAmt?,
    /// agentEnteredAccount?, notes?, immediateCallbackNumber? }`; a code that records a payment
    /// must be given `paymentAmt`), and makes sure the agent is Ready again. Resolve `null` when
    /// the handler set the term code itself. When the handler throws, `failureTermCodeId` (if
    /// given) is set so the agent is freed. An agent left Not Ready without a reason after the
    /// call is made Ready again (retrying passing failures); a Not Ready with a reason is
    /// someone's decision and is left alone. Resolves to a per-call result, never rejects for
    /// a failed call; rejects with `INVALID_ARGUMENT` for text that is not an INVITE.
    #[wasm_bindgen(js_name = handleInvite)]
    pub fn handle_invite(
        &self,
        text: shapes::Text,
        handler: shapes::CallHandler,
        #[wasm_bindgen(unchecked_optional_param_type = "HandleInviteOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseHandledCallResult {
        let pool = self.inner.clone();
        let clients = self.clients.clone();
        promise(async move {
            let text = string_arg(&text, "text")?;
            let f = callback(&handler)?;
            let opts: HandleInviteOptions = read_options(&options)?;
            let (call, _link) = call_options(&call)?;
            let thrown = Rc::new(RefCell::new(None));
            let stash = thrown.clone();
            let returned = Rc::new(RefCell::new(None));
            let kept = returned.clone();
            let handled = Box::pin(pool.handle_invite(
                &text,
                &opts,
                move |input: InviteCall| async move {
                    let client = clients
                        .borrow()
                        .get(input.index)
                        .cloned()
                        .flatten()
                        .unwrap_or(JsValue::NULL);
                    let js = invite_call_to_js(&input)?;
                    run_handler(f, js, client, stash, kept).await
                },
                &call,
            ))
            .await?;
            let thrown = thrown.borrow_mut().take();
            let returned = returned.borrow_mut().take();
            Ok(handled_to_js(&handled, thrown, returned))
        })
    }

    fn client(&self, index: Option<usize>) -> JsValue {
        index
            .and_then(|i| self.clients.borrow().get(i).cloned().flatten())
            .unwrap_or(JsValue::NULL)
    }

    /// How many agents the pool holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// How many agents are started (logged in, joined, Ready).
    #[wasm_bindgen(getter)]
    pub fn running(&self) -> usize {
        self.inner.running()
    }

    /// Per agent, in list order: `{ userName, phoneNumber, started, ready, onCall, restoring,
    /// takingCalls, checkedAt, lastError }`. `takingCalls` is false for an agent not started,
    /// seen Not Ready, or being restored to Ready by its keep-alive after a failed cycle. No
    /// request is sent: this is what the keep-alives last saw.
    pub fn status(&self) -> shapes::PoolAgentStatusList {
        status_to_js(&self.inner.status()).unchecked_into()
    }

    /// Stops the keep-alives, then makes each started agent Not Ready, leaves the service and
    /// logs out. Resolves to one result per agent that was started (every step is tried; `step`
    /// names the first that failed).
    pub fn shutdown(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromisePoolAgentResultList {
        let pool = self.inner.clone();
        let clients = self.clients.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            let outcomes = Box::pin(pool.shutdown(&call)).await;
            clients.borrow_mut().iter_mut().for_each(|c| *c = None);
            Ok(outcomes_to_js(&outcomes))
        })
    }
}
