//! A pool of virtual agents (the LiveVox virtual-agent guide): one LiveVox agent session per concurrent call, each
//! joined to the service with its own 899 number, kept Ready and alive, and found again from the
//! SIP INVITE the platform sends for a call.

use super::agent::{
    check_phone, check_service_id, Agent, AgentHealth, KeepAlive, MIN_KEEP_ALIVE_MS,
};
use super::agent_model::{
    check_line_number, AgentNotReadyOptions, AgentStatusOptions, CallLineOptions, CurrentCall,
    KeepAliveOptions, PaymentAmount, ScreenPop, SetTermCode,
};
use super::session::{ApiVersion, Credentials, Session};
use crate::client::{check_id, CallOptions, Pipeline};
use crate::error::{Error, ErrorCode, Result};
use crate::wire::{self, Field, FromJson};
use futures_util::future::LocalBoxFuture;
use serde_json::Value;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::Poll;
use tsify::Tsify;

/// How many agents log in (or out) at the same time by default.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// One virtual agent of a pool.
#[derive(Clone, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PoolAgent {
    /// The agent's login name.
    pub user_name: String,
    /// The agent's password.
    pub password: String,
    /// The agent's unique 899 number, e.g. `"+18990000001"`.
    pub phone_number: String,
}

impl std::fmt::Debug for PoolAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolAgent")
            .field("user_name", &self.user_name)
            .field("phone_number", &self.phone_number)
            .finish_non_exhaustive()
    }
}

impl FromJson for PoolAgent {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut user_name, mut password, mut phone_number) = (None, None, None);
        wire::read_named(
            value,
            "struct PoolAgent",
            &mut [
                ("userName", Field::Str(&mut user_name)),
                ("password", Field::Str(&mut password)),
                ("phoneNumber", Field::Str(&mut phone_number)),
            ],
        )?;
        Ok(PoolAgent {
            user_name: wire::required(user_name, "userName")?,
            password: wire::required(password, "password")?,
            phone_number: wire::required(phone_number, "phoneNumber")?,
        })
    }
}

/// The `agents` of `new AgentPool`: a list of [`PoolAgent`] (`null` is not one).
#[derive(Debug)]
pub struct PoolAgents(pub Vec<PoolAgent>);

impl FromJson for PoolAgents {
    fn from_json(value: Value) -> wire::Result<Self> {
        match value {
            Value::Null => Err(wire::invalid_type(&value, "a sequence")),
            v => wire::list(v).map(PoolAgents),
        }
    }
}

/// What a pool needs besides the client options.
#[derive(Clone, Debug)]
pub struct PoolConfig {
    /// The API access token (`LV-Access`).
    pub access_token: String,
    /// The client code.
    pub client_name: String,
    /// The service every agent joins.
    pub service_id: f64,
    /// The agents.
    pub agents: Vec<PoolAgent>,
    /// Keep-alive interval; `None` for the default hour, `Some(0.0)` for none.
    pub keep_alive_ms: Option<f64>,
    /// How many agents start or shut down at once.
    pub concurrency: Option<f64>,
    /// The API version of every agent's paths (`/session/v6.0/login`, …), if any.
    pub api_version: Option<ApiVersion>,
}

/// Whether one agent of a pool is Ready and taking calls, as far as the pool knows.
#[derive(Debug, Clone)]
pub struct PoolAgentStatus {
    /// The agent's position in the pool's list.
    pub index: usize,
    /// The agent's login name.
    pub user_name: String,
    /// The agent's 899 number.
    pub phone_number: String,
    /// Logged in and joined (by `start`, until `shutdown`).
    pub started: bool,
    /// What the pool last knew (from `start`, then from each keep-alive status read).
    pub health: AgentHealth,
}

impl PoolAgentStatus {
    /// Started, and Ready or on a call, and not being restored: the agent takes calls.
    pub fn taking_calls(&self) -> bool {
        self.started && self.health.taking_calls()
    }
}

/// The step of an agent's start or shutdown that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolStep {
    /// `POST /session/login`.
    Login,
    /// `POST .../service/join`.
    Join,
    /// `POST .../status/ready`.
    Ready,
    /// `POST .../status/notReady`.
    NotReady,
    /// `POST .../service/leave`.
    Leave,
    /// `DELETE /session/logout/{id}`.
    Logout,
}

impl PoolStep {
    /// The step's name as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolStep::Login => "login",
            PoolStep::Join => "join",
            PoolStep::Ready => "ready",
            PoolStep::NotReady => "notReady",
            PoolStep::Leave => "leave",
            PoolStep::Logout => "logout",
        }
    }
}

/// What happened to one agent in `start` or `shutdown`.
#[derive(Debug, Clone)]
pub struct PoolOutcome {
    /// The agent's position in the pool's list.
    pub index: usize,
    /// The agent's login name.
    pub user_name: String,
    /// The agent's 899 number.
    pub phone_number: String,
    /// The first step that failed, and why; `None` when every step succeeded.
    pub failure: Option<(PoolStep, Error)>,
}

/// One agent's start: its session, or the step that failed and why.
type Started = std::result::Result<Rc<Session>, (PoolStep, Error)>;

/// A service's term codes, each with whether it needs a payment amount, in the platform's order.
type PaymentCodes = Rc<Vec<(String, bool)>>;

struct Running {
    session: Rc<Session>,
    keep_alive: Option<KeepAlive>,
    /// When the agent was made Ready by `start`.
    started_at_ms: f64,
}

struct Member {
    spec: PoolAgent,
    key: String,
    running: RefCell<Option<Running>>,
}

/// The digits that identify a phone number: `+1 899-000-0001`, `18990000001` and `8990000001`
/// all give `8990000001` (a North American number's country code is dropped).
pub fn phone_key(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest.to_string(),
        _ => digits,
    }
}

/// A pool of virtual agents over one client configuration.
pub struct AgentPool {
    pipeline: Pipeline,
    access_token: String,
    client_name: String,
    service_id: f64,
    keep_alive_ms: Option<f64>,
    concurrency: usize,
    api_version: Option<ApiVersion>,
    members: Vec<Member>,
    /// Per service: whether each term code needs a payment amount (read once, on demand). Lists
    /// searched from end to end rather than hash maps (a pool serves a service or a few, each
    /// with tens of term codes; a hash map's code is kilobytes of wasm).
    payment_codes: RefCell<Vec<(i64, PaymentCodes)>>,
}

impl std::fmt::Debug for AgentPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentPool")
            .field("client_name", &self.client_name)
            .field("service_id", &self.service_id)
            .field("agents", &self.members.len())
            .finish_non_exhaustive()
    }
}

impl AgentPool {
    /// Checks the configuration (nothing is sent): a non-empty agent list, each with a user
    /// name, a password and a distinct phone number.
    pub fn new(pipeline: Pipeline, config: PoolConfig) -> Result<AgentPool> {
        check_id("accessToken", &config.access_token)?;
        check_id("clientName", &config.client_name)?;
        let sid = config.service_id;
        check_service_id(sid)?;
        if let Some(ms) = config.keep_alive_ms {
            let ok = ms == 0.0 || (ms.is_finite() && ms >= f64::from(MIN_KEEP_ALIVE_MS));
            if !ok {
                return Err(Error::invalid_argument(
                    "keepAliveMs",
                    format!(
                        "keepAliveMs must be 0 (no keep-alive) or at least {MIN_KEEP_ALIVE_MS}."
                    ),
                ));
            }
        }
        let concurrency = match config.concurrency {
            None => DEFAULT_CONCURRENCY,
            Some(c) if c.is_finite() && c.fract() == 0.0 && (1.0..=256.0).contains(&c) => {
                c as usize
            }
            Some(_) => {
                return Err(Error::invalid_argument(
                    "concurrency",
                    "concurrency must be a whole number from 1 to 256.",
                ))
            }
        };
        if config.agents.is_empty() {
            return Err(Error::invalid_argument(
                "agents",
                "agents must list at least one { userName, password, phoneNumber }.",
            ));
        }
        let mut members = Vec::with_capacity(config.agents.len());
        for spec in config.agents {
            check_id("userName", &spec.user_name)?;
            if spec.password.is_empty() {
                return Err(Error::invalid_argument(
                    "password",
                    format!("agent {} has no password.", spec.user_name),
                ));
            }
            check_phone("phoneNumber", &spec.phone_number)?;
            let key = phone_key(&spec.phone_number);
            if members.iter().any(|m: &Member| m.key == key) {
                return Err(Error::invalid_argument(
                    "phoneNumber",
                    format!(
                        "phone number {} is given to two agents; each virtual agent needs its own.",
                        spec.phone_number
                    ),
                ));
            }
            members.push(Member {
                spec,
                key,
                running: RefCell::new(None),
            });
        }
        Ok(AgentPool {
            pipeline,
            access_token: config.access_token,
            client_name: config.client_name,
            service_id: sid,
            keep_alive_ms: config.keep_alive_ms,
            concurrency,
            api_version: config.api_version,
            members,
            payment_codes: RefCell::default(),
        })
    }

    /// How many agents the pool holds.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the pool holds no agents (never true: `new` refuses an empty list).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The session of agent `index`, while it is started.
    pub fn session(&self, index: usize) -> Option<Rc<Session>> {
        self.members
            .get(index)
            .and_then(|m| m.running.borrow().as_ref().map(|r| r.session.clone()))
    }

    /// Per agent, in list order: started or not, and whether it is Ready and taking calls as
    /// far as the pool knows (its keep-alive reads the status each cycle, and reports an agent
    /// it is restoring to Ready after a failed cycle as not taking calls).
    pub fn status(&self) -> Vec<PoolAgentStatus> {
        self.members
            .iter()
            .enumerate()
            .map(|(index, m)| {
                let running = m.running.borrow();
                let health = match running.as_ref() {
                    None => AgentHealth::default(),
                    Some(r) => match r.keep_alive.as_ref().map(KeepAlive::health) {
                        Some(h) if h.checked_at_ms.is_some() || h.restoring => h,
                        // Nothing seen since start: Ready, as start left it.
                        _ => AgentHealth {
                            ready: Some(true),
                            on_call: None,
                            restoring: false,
                            last_error: None,
                            checked_at_ms: Some(r.started_at_ms),
                        },
                    },
                };
                PoolAgentStatus {
                    index,
                    user_name: m.spec.user_name.clone(),
                    phone_number: m.spec.phone_number.clone(),
                    started: running.is_some(),
                    health,
                }
            })
            .collect()
    }

    /// How many agents are started.
    pub fn running(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.running.borrow().is_some())
            .count()
    }

    /// Logs in, joins and makes Ready every agent not yet started (a few at a time), then starts
    /// their keep-alives. One agent's failure does not stop the others: each gets an outcome, in
    /// list order. An agent that fails after logging in is logged out again. Returns the
    /// outcomes and the keep-alives' loop, which the caller spawns.
    pub async fn start(
        self: &Rc<Self>,
        call: &CallOptions,
    ) -> (Vec<PoolOutcome>, LocalBoxFuture<'static, ()>) {
        let done: Slots<Started> = Rc::default();
        let work = self.members.iter().enumerate().filter_map(|(index, m)| {
            if m.running.borrow().is_some() {
                return None;
            }
            let pool = self.clone();
            let call = call.clone();
            let done = done.clone();
            let one: LocalBoxFuture<'static, ()> = Box::pin(async move {
                let started = pool.start_one(index, &call).await;
                done.borrow_mut().push((index, started));
            });
            Some(one)
        });
        run_limited(work.collect(), self.concurrency).await;
        let results = in_order(done.take(), self.members.len());
        let mut drivers: Vec<LocalBoxFuture<'static, ()>> = Vec::new();
        let mut outcomes = Vec::with_capacity(results.len());
        for (index, result) in results {
            let Some(member) = self.members.get(index) else {
                continue;
            };
            let failure = match result {
                Ok(session) => {
                    let keep_alive = match self.keep_alive_ms {
                        Some(0.0) => None,
                        ms => {
                            let opts = KeepAliveOptions { interval_ms: ms };
                            KeepAlive::start(Agent::new(session.clone()), &opts)
                                .ok()
                                .map(|(keep, driver)| {
                                    drivers.push(Box::pin(driver));
                                    keep
                                })
                        }
                    };
                    *member.running.borrow_mut() = Some(Running {
                        session,
                        keep_alive,
                        started_at_ms: self.pipeline.runtime.now_ms(),
                    });
                    None
                }
                Err(f) => Some(f),
            };
            outcomes.push(self.outcome(index, failure));
        }
        let keep_alives = Box::pin(run_limited(drivers, usize::MAX));
        (outcomes, keep_alives)
    }

    fn outcome(&self, index: usize, failure: Option<(PoolStep, Error)>) -> PoolOutcome {
        let (user_name, phone_number) = self
            .members
            .get(index)
            .map(|m| (m.spec.user_name.clone(), m.spec.phone_number.clone()))
            .unwrap_or_default();
        PoolOutcome {
            index,
            user_name,
            phone_number,
            failure,
        }
    }

    async fn start_one(&self, index: usize, call: &CallOptions) -> Started {
        let member = self
            .members
            .get(index)
            .ok_or_else(|| (PoolStep::Login, Error::invalid_state("no such agent")))?;
        let credentials = Credentials {
            access_token: self.access_token.clone(),
            client_name: self.client_name.clone(),
            user_name: member.spec.user_name.clone(),
            password: member.spec.password.clone(),
            agent: true,
        };
        let session = Session::login_with(
            self.pipeline.clone(),
            credentials,
            self.api_version.clone(),
            call,
        )
        .await
        .map_err(|e| (PoolStep::Login, e))?;
        let agent = Agent::new(session.clone());
        let steps = async {
            agent
                .join_service(self.service_id, &member.spec.phone_number, call)
                .await
                .map_err(|e| (PoolStep::Join, e))?;
            agent
                .set_ready(call)
                .await
                .map_err(|e| (PoolStep::Ready, e))
        };
        match steps.await {
            Ok(()) => Ok(session),
            Err(failure) => {
                // Leave nothing half-started behind.
                let _ = session.logout(&CallOptions::default()).await;
                Err(failure)
            }
        }
    }

    /// The index of the agent a call is for, from the 899 number of the INVITE's Request-URI;
    /// `None` when no started agent has that number. Text that is not a SIP INVITE is
    /// `INVALID_ARGUMENT`.
    pub fn agent_for_invite(&self, invite: &str) -> Result<Option<usize>> {
        let parsed = crate::sip::parse_invite(invite)?;
        Ok(parsed
            .agent_number
            .as_deref()
            .and_then(|n| self.agent_for_number(n)))
    }

    /// The index of the started agent with this phone number.
    pub fn agent_for_number(&self, number: &str) -> Option<usize> {
        let key = phone_key(number);
        if key.is_empty() {
            return None;
        }
        self.members
            .iter()
            .position(|m| m.key == key && m.running.borrow().is_some())
    }

    /// Stops every keep-alive, then makes each started agent Not Ready, leaves the service and
    /// logs out (a few agents at a time). Every step is tried even when an earlier one failed;
    /// each agent's first failure is reported. Agents that were not started are left out.
    pub async fn shutdown(self: &Rc<Self>, call: &CallOptions) -> Vec<PoolOutcome> {
        let mut sessions = Vec::new();
        for (index, m) in self.members.iter().enumerate() {
            if let Some(r) = m.running.borrow_mut().take() {
                if let Some(k) = &r.keep_alive {
                    k.stop();
                }
                sessions.push((index, r.session));
            }
        }
        let done: Slots<Option<(PoolStep, Error)>> = Rc::default();
        let work = sessions.into_iter().map(|(index, session)| {
            let call = call.clone();
            let done = done.clone();
            let one: LocalBoxFuture<'static, ()> = Box::pin(async move {
                let agent = Agent::new(session.clone());
                let mut failure = None;
                let not_ready = agent
                    .set_not_ready(&AgentNotReadyOptions::default(), &call)
                    .await;
                if let Err(e) = not_ready {
                    failure.get_or_insert((PoolStep::NotReady, e));
                }
                if let Err(e) = agent.leave_service(&call).await {
                    failure.get_or_insert((PoolStep::Leave, e));
                }
                if let Err(e) = session.logout(&call).await {
                    failure.get_or_insert((PoolStep::Logout, e));
                }
                done.borrow_mut().push((index, failure));
            });
            one
        });
        run_limited(work.collect(), self.concurrency).await;
        let results = in_order(done.take(), self.members.len());
        results
            .into_iter()
            .map(|(index, failure)| self.outcome(index, failure))
            .collect()
    }
}

/// Per-agent results as the agents' futures end, in the order they end.
type Slots<T> = Rc<RefCell<Vec<(usize, T)>>>;

/// Runs `work` at most `limit` futures at a time, starting them in order, and ends when every
/// one has ended. Every running future is polled when any of them is woken: the few a pool runs
/// at once do not need a waker each (what `FuturesUnordered` keeps, in kilobytes of wasm).
fn run_limited(
    work: Vec<LocalBoxFuture<'static, ()>>,
    limit: usize,
) -> impl Future<Output = ()> + 'static {
    let mut waiting = work.into_iter();
    let mut running: Vec<LocalBoxFuture<'static, ()>> = Vec::new();
    std::future::poll_fn(move |cx| loop {
        while running.len() < limit.max(1) {
            match waiting.next() {
                Some(next) => running.push(next),
                None => break,
            }
        }
        if running.is_empty() {
            return Poll::Ready(());
        }
        let before = running.len();
        running.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if running.len() == before {
            return Poll::Pending;
        }
    })
}

/// Per-agent results (each index below `len` at most once) in list order. (Placed by index
/// rather than sorted: a sort's code is kilobytes of wasm.)
fn in_order<T>(results: Vec<(usize, T)>, len: usize) -> Vec<(usize, T)> {
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(len).collect();
    for (index, result) in results {
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(result);
        }
    }
    slots
        .into_iter()
        .enumerate()
        .filter_map(|(index, result)| Some((index, result?)))
        .collect()
}

/// What a call handler of `handleInvite` resolves to: the term code to set for the call, and
/// the payment when the code records one. A key not listed here is `INVALID_ARGUMENT`.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallOutcome {
    /// The term code's id (from `termCodes()`).
    pub term_code_id: String,
    /// The amount paid: required by a term code with `paymentAmtRequired` (`actionType`
    /// `RPC_WITH_PAYMENT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "number | string | null")]
    pub payment_amt: Option<PaymentAmount>,
    /// The account the caller gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub agent_entered_account: Option<String>,
    /// Notes stored with the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub notes: Option<String>,
    /// The number to call back at once, for term codes that schedule a callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | null")]
    pub immediate_callback_number: Option<String>,
}

/// Options of `handleInvite`. A key not listed here is `INVALID_ARGUMENT`.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HandleInviteOptions {
    /// The term code set when the handler fails (throws, or resolves to an outcome that cannot
    /// be set), so that the agent is freed for the next call. Without it such a call is left
    /// in wrap-up for you to finish, and the result says `ready: false`.
    #[serde(default)]
    #[tsify(optional)]
    pub failure_term_code_id: Option<String>,
}

impl FromJson for CallOutcome {
    fn from_json(value: Value) -> wire::Result<Self> {
        const FIELDS: &[&str] = &[
            "termCodeId",
            "paymentAmt",
            "agentEnteredAccount",
            "notes",
            "immediateCallbackNumber",
        ];
        let (mut term, mut payment_amt, mut entered, mut notes, mut callback) =
            (None, None, None, None, None);
        let mut amount = |v| wire::optional(v).map(|a| payment_amt = a);
        wire::read_known(
            value,
            "struct CallOutcome",
            &mut [
                ("termCodeId", Field::Str(&mut term)),
                ("paymentAmt", Field::With(&mut amount)),
                ("agentEnteredAccount", Field::OptStr(&mut entered)),
                ("notes", Field::OptStr(&mut notes)),
                ("immediateCallbackNumber", Field::OptStr(&mut callback)),
            ],
            FIELDS,
        )?;
        Ok(CallOutcome {
            term_code_id: wire::required(term, "termCodeId")?,
            payment_amt,
            agent_entered_account: entered,
            notes,
            immediate_callback_number: callback,
        })
    }
}

impl FromJson for HandleInviteOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut failure = None;
        wire::read_known(
            value,
            "struct HandleInviteOptions",
            &mut [("failureTermCodeId", Field::OptStr(&mut failure))],
            &["failureTermCodeId"],
        )?;
        Ok(HandleInviteOptions {
            failure_term_code_id: failure,
        })
    }
}

wire::deserialize_from_json!(PoolAgent, CallOutcome, HandleInviteOptions);

/// The step of `handleInvite` that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStep {
    /// No started agent has the INVITE's number.
    Agent,
    /// The agent's current call could not be read, or there is none.
    Call,
    /// The handler threw.
    Handler,
    /// The term code could not be set.
    TermCode,
    /// The agent could not be made Ready again.
    Ready,
}

impl CallStep {
    /// The step's name as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            CallStep::Agent => "agent",
            CallStep::Call => "call",
            CallStep::Handler => "handler",
            CallStep::TermCode => "termCode",
            CallStep::Ready => "ready",
        }
    }
}

/// What a handler of `handleInvite` is given besides the agent's client.
#[derive(Debug, Clone)]
pub struct InviteCall {
    /// The agent's position in the pool.
    pub index: usize,
    /// The INVITE, parsed.
    pub invite: crate::sip::Invite,
    /// The agent's current call.
    pub call: CurrentCall,
    /// The call's screen pop; `None` when it could not be read (see `screen_pop_error`).
    pub screen_pop: Option<ScreenPop>,
    /// Why the screen pop could not be read.
    pub screen_pop_error: Option<Error>,
}

/// What `handleInvite` did with one call.
#[derive(Debug, Clone, Default)]
pub struct HandledCall {
    /// The agent's position in the pool, when one has the INVITE's number.
    pub index: Option<usize>,
    /// The agent's login name (`""` when no agent was found).
    pub user_name: String,
    /// The number the INVITE was for.
    pub agent_number: Option<String>,
    /// The call, as read before the handler ran.
    pub call: Option<CurrentCall>,
    /// The screen pop, as given to the handler.
    pub screen_pop: Option<ScreenPop>,
    /// What the handler resolved to (`None` when it threw, or left the term code to itself).
    pub outcome: Option<CallOutcome>,
    /// The term code the pool set (the outcome's, or the failure term code).
    pub term_code_id: Option<String>,
    /// Whether the agent was seen Ready (or on its next call) afterwards.
    pub ready: bool,
    /// The first step that failed, and why.
    pub failure: Option<(CallStep, Error)>,
}

impl HandledCall {
    /// Every step succeeded and the agent takes calls again.
    pub fn ok(&self) -> bool {
        self.failure.is_none() && self.ready
    }

    fn fail(&mut self, step: CallStep, e: Error) {
        self.failure.get_or_insert((step, e));
    }
}

/// How many times `handleInvite` tries to make the agent Ready again after a call.
const READY_TRIES: u32 = 4;

impl AgentPool {
    /// A call's whole life: finds the agent the INVITE is for, reads its current call and the
    /// screen pop, runs `handler`, sets the term code it resolves to (checking that a code
    /// which records a payment is given `paymentAmt`; `moveAgentToNotReady` is `false`), and
    /// makes sure the agent is Ready again. A handler that throws gets the
    /// `failureTermCodeId` (when given) so the agent is freed all the same; a handler that
    /// resolves to `None` has set the term code itself.
    ///
    /// After the call the agent's status is read: an agent left Not Ready *without* a reason
    /// (nobody chose that) is made Ready, trying again with growing pauses after passing
    /// failures, as the keep-alive restores Ready; a Not Ready with a reason is someone's
    /// decision and is left alone. Only an INVITE that cannot be read is an `Err`; everything
    /// else is reported in the result.
    pub async fn handle_invite<H, F>(
        self: &Rc<Self>,
        invite: &str,
        opts: &HandleInviteOptions,
        handler: H,
        call: &CallOptions,
    ) -> Result<HandledCall>
    where
        H: FnOnce(InviteCall) -> F,
        F: Future<Output = Result<Option<CallOutcome>>>,
    {
        let parsed = crate::sip::parse_invite(invite)?;
        if let Some(code) = &opts.failure_term_code_id {
            check_id("failureTermCodeId", code)?;
        }
        let mut done = HandledCall {
            agent_number: parsed.agent_number.clone(),
            ..HandledCall::default()
        };
        let found = parsed
            .agent_number
            .as_deref()
            .and_then(|n| self.agent_for_number(n));
        let (Some(index), Some(session)) = (found, found.and_then(|i| self.session(i))) else {
            done.fail(
                CallStep::Agent,
                Error::new(
                    ErrorCode::NotFound,
                    format!(
                        "no started agent of the pool has the number {}",
                        parsed
                            .agent_number
                            .as_deref()
                            .unwrap_or("(none in the INVITE)")
                    ),
                ),
            );
            return Ok(done);
        };
        done.index = Some(index);
        done.user_name = self
            .members
            .get(index)
            .map(|m| m.spec.user_name.clone())
            .unwrap_or_default();
        let agent = Agent::new(session);
        let current = match agent.current_call(call).await {
            Ok(Some(c)) => c,
            Ok(None) => {
                done.fail(
                    CallStep::Call,
                    Error::invalid_state(
                        "the agent has no call (the caller may have hung up before it was read)",
                    ),
                );
                done.ready = self.ensure_ready(&agent, None, &mut done, call).await;
                return Ok(done);
            }
            Err(e) => {
                done.fail(CallStep::Call, e);
                return Ok(done);
            }
        };
        let line = Some(current.line_number.clone()).filter(|l| check_line_number(l).is_ok());
        let (screen_pop, screen_pop_error) = match agent
            .screen_pop(&CallLineOptions { line_number: line }, call)
            .await
        {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(e)),
        };
        done.call = Some(current.clone());
        done.screen_pop = screen_pop.clone();
        let input = InviteCall {
            index,
            invite: parsed,
            call: current.clone(),
            screen_pop,
            screen_pop_error,
        };
        let mut term = match handler(input).await {
            Ok(Some(outcome)) => {
                done.outcome = Some(outcome.clone());
                Some(outcome)
            }
            Ok(None) => None,
            Err(e) => {
                done.fail(CallStep::Handler, e);
                fallback(opts)
            }
        };
        while let Some(outcome) = term.take() {
            match self.set_outcome(&agent, &current, &outcome, call).await {
                Ok(()) => done.term_code_id = Some(outcome.term_code_id),
                Err(e) => {
                    let retry = fallback(opts).filter(|f| f.term_code_id != outcome.term_code_id);
                    done.fail(CallStep::TermCode, e);
                    term = retry;
                }
            }
        }
        done.ready = self
            .ensure_ready(&agent, Some(&current), &mut done, call)
            .await;
        Ok(done)
    }

    /// Sets the handler's term code on the call, after checking that a code which records a
    /// payment has one.
    async fn set_outcome(
        &self,
        agent: &Agent,
        current: &CurrentCall,
        outcome: &CallOutcome,
        call: &CallOptions,
    ) -> Result<()> {
        if outcome.payment_amt.is_none() {
            if let Some(service) = current.service_id {
                let codes = self.payment_codes(agent, service, call).await;
                // as a map of the list would say: the last entry of a code wins
                let needs = codes.and_then(|codes| {
                    let mut it = codes.iter().rev();
                    it.find(|(id, _)| *id == outcome.term_code_id)
                        .map(|(_, needs)| *needs)
                });
                if needs == Some(true) {
                    return Err(Error::invalid_argument(
                        "paymentAmt",
                        format!(
                            "term code {} records a payment: the handler's outcome must give paymentAmt.",
                            outcome.term_code_id
                        ),
                    ));
                }
            }
        }
        let term = SetTermCode {
            call_transaction_id: current.call_transaction_id.clone(),
            call_session_id: current.call_session_id.clone(),
            term_code_id: outcome.term_code_id.clone(),
            move_agent_to_not_ready: false,
            phone_dialed: None,
            phone_number: current.phone_number.clone(),
            notes: outcome.notes.clone(),
            line_number: Some(current.line_number.clone()).filter(|l| !l.is_empty()),
            service_id: current.service_id,
            account: None,
            account_number: current.account_number.clone(),
            payment_amt: outcome.payment_amt.clone(),
            agent_entered_account: outcome.agent_entered_account.clone(),
            reason_code: None,
            immediate_callback_number: outcome.immediate_callback_number.clone(),
        };
        agent.set_term_code(&term, call).await
    }

    /// Which term codes of a service need a payment, read once per service; `None` when the
    /// list cannot be read (the platform then judges the term code itself).
    async fn payment_codes(
        &self,
        agent: &Agent,
        service: i64,
        call: &CallOptions,
    ) -> Option<PaymentCodes> {
        let known = self.known_payment_codes(service);
        if known.is_some() {
            return known;
        }
        let codes = agent.term_codes(service as f64, call).await.ok()?;
        let codes: PaymentCodes = Rc::new(
            codes
                .term_code_categories
                .into_iter()
                .flat_map(|c| c.term_codes)
                .map(|t| (t.id, t.payment_amt_required))
                .collect(),
        );
        // another call may have read them meanwhile: the newest list wins
        let mut known = self.payment_codes.borrow_mut();
        match known.iter_mut().find(|(s, _)| *s == service) {
            Some((_, old)) => *old = codes.clone(),
            None => known.push((service, codes.clone())),
        }
        Some(codes)
    }

    /// The term codes of a service read before, if any.
    fn known_payment_codes(&self, service: i64) -> Option<PaymentCodes> {
        let known = self.payment_codes.borrow();
        let (_, codes) = known.iter().find(|(s, _)| *s == service)?;
        Some(codes.clone())
    }

    /// Makes the agent Ready after a call when it was left Not Ready without a reason (the
    /// keep-alive's rule: a Not Ready with a reason is someone's decision). `true` when the
    /// agent is Ready or on its next call; `false` when it is still on `current` (no term code
    /// was set), Not Ready for a reason, or could not be made Ready.
    async fn ensure_ready(
        &self,
        agent: &Agent,
        current: Option<&CurrentCall>,
        done: &mut HandledCall,
        call: &CallOptions,
    ) -> bool {
        let mut delay = 250u32;
        for attempt in 1..=READY_TRIES {
            let error = match agent.status(&AgentStatusOptions::default(), call).await {
                Ok(body) => match body.agent_status {
                    Some(status) => {
                        let same_call = CurrentCall::from_status(&status).is_some_and(|c| {
                            current
                                .is_some_and(|cur| cur.call_transaction_id == c.call_transaction_id)
                        });
                        if same_call {
                            return false;
                        }
                        if status.is_ready() || status.is_on_call() {
                            return true;
                        }
                        if status.reason_code.as_deref().is_some_and(|r| !r.is_empty()) {
                            return false;
                        }
                        match agent.set_ready(call).await {
                            Ok(()) => return true,
                            Err(e) => e,
                        }
                    }
                    None => Error::bad_response("the agent status came back as an empty list"),
                },
                Err(e) => e,
            };
            let passing = error.code.is_transient()
                || matches!(error.code, ErrorCode::ServerError | ErrorCode::BadResponse);
            if !passing || attempt == READY_TRIES {
                done.fail(CallStep::Ready, error);
                return false;
            }
            self.pipeline.runtime.sleep(delay).await;
            delay = delay.saturating_mul(2);
        }
        false
    }
}

/// The failure term code of `opts` as an outcome.
fn fallback(opts: &HandleInviteOptions) -> Option<CallOutcome> {
    opts.failure_term_code_id.clone().map(|id| CallOutcome {
        term_code_id: id,
        ..CallOutcome::default()
    })
}

#[cfg(test)]
mod tests;
