//! The live agent board of the LiveVox Real-Time API: `agentStates` (`POST
//! /realtime/service/agents/status`), `watchAgents` (polls it and reports state changes) and
//! `serviceStats` (`POST /realtime/service/stats`).
//!
//! The public clients that call these endpoints (justicedemocrats/dialer-metrics) send the body
//! `{}` and read `agentDetails: [{ serviceId, agentLoginId, stateId }]` and `stats: [{ serviceId,
//! serviceName, … }]`. No source shows a request filter, so `serviceIds` filters the reply here
//! and the request stays `{}`. `stateId` maps to a state name as that client maps it; the raw id
//! is kept beside the name.

use super::poll_watch::{check_interval, PollSource, PollWatch};
use super::session::Prepared;
use super::supervisor::Supervisor;
use crate::client::{decode_json, ApiRequest, CallOptions};
use crate::error::{Error, Result};
use crate::http::{Method, Runtime};
use crate::lenient;
use crate::wire::{self, Field, FromJson};
use serde::Serialize;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::future::Future;
use std::rc::Rc;
use tsify::Tsify;

const BASE: &str = "/realtime";

/// Default time between `watchAgents` polls.
pub const DEFAULT_INTERVAL_MS: u32 = 5_000;

/// The most service ids a filter takes.
pub const MAX_SERVICE_IDS: usize = 1_000;

/// An agent's state on the board, named from the platform's `stateId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AgentStateName {
    /// Logged on, not yet Ready (`stateId` 1).
    LoggedOn,
    /// Ready for calls (`stateId` 2).
    Ready,
    /// Not Ready (`stateId` 3).
    NotReady,
    /// On a call (`stateId` 4 or 6).
    InCall,
    /// In wrap-up after a call (`stateId` 5).
    WrapUp,
    /// Another active state the public clients do not name (`stateId` 7, 8, 9, 12 or 13).
    Active,
    /// A `stateId` no source names; the raw id is in `stateId`.
    Unknown,
}

impl AgentStateName {
    /// The name of a `stateId`, as justicedemocrats/dialer-metrics maps them.
    pub fn from_state_id(id: i64) -> Self {
        match id {
            1 => Self::LoggedOn,
            2 => Self::Ready,
            3 => Self::NotReady,
            4 | 6 => Self::InCall,
            5 => Self::WrapUp,
            7 | 8 | 9 | 12 | 13 => Self::Active,
            _ => Self::Unknown,
        }
    }
}

/// One agent on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentState {
    /// The agent's login id.
    pub agent_login_id: String,
    /// The service the agent is in.
    pub service_id: i64,
    /// The state, named from `stateId`.
    pub state: AgentStateName,
    /// The platform's own state id.
    pub state_id: i64,
}

/// An agent whose state changed between two polls of `watchAgents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct AgentStateChange {
    /// The agent's login id.
    pub agent_login_id: String,
    /// The service the agent is (or was) in.
    pub service_id: i64,
    /// The state before, or `null` when the agent was not on the board (it appeared; every
    /// agent of the first poll).
    pub from: Option<AgentStateName>,
    /// The state now, or `null` when the agent left the board (logged off, or moved to another
    /// service, where it appears as a change of its own).
    pub to: Option<AgentStateName>,
    /// The platform's state id before, or `null`.
    pub from_state_id: Option<i64>,
    /// The platform's state id now, or `null`.
    pub to_state_id: Option<i64>,
    /// When the poll that saw the change answered, epoch milliseconds.
    pub at: i64,
}

/// Options of `agentStates`: which services to show.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatesOptions {
    /// Only agents in these services (default: every service the supervisor sees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service_ids: Option<Vec<i64>>,
}

/// Options of `watchAgents`.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentWatchOptions {
    /// Time between polls in milliseconds (default 5000, at least 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub interval_ms: Option<u32>,
    /// Only agents in these services (default: every service the supervisor sees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service_ids: Option<Vec<i64>>,
}

/// Options of `serviceStats`: which services to show.
pub type ServiceStatsOptions = AgentStatesOptions;

/// `serviceIds`, as serde reads an `Option<Vec<i64>>`: `null` is `None`, else a list of
/// integers.
fn service_ids(value: Value) -> wire::Result<Option<Vec<i64>>> {
    wire::nullable(value, |list| match list {
        Value::Array(items) => items.iter().map(wire::i64_value).collect(),
        other => Err(wire::invalid_type(&other, "a sequence")),
    })
}

impl FromJson for AgentStatesOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut ids = None;
        let mut read = |v| service_ids(v).map(|i| ids = i);
        wire::read_named(
            value,
            "struct AgentStatesOptions",
            &mut [("serviceIds", Field::With(&mut read))],
        )?;
        Ok(Self { service_ids: ids })
    }
}

impl FromJson for AgentWatchOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut o = Self::default();
        let mut interval =
            |v| wire::nullable(v, |v| wire::u32_value(&v)).map(|i| o.interval_ms = i);
        let mut ids = |v| service_ids(v).map(|i| o.service_ids = i);
        wire::read_named(
            value,
            "struct AgentWatchOptions",
            &mut [
                ("intervalMs", Field::With(&mut interval)),
                ("serviceIds", Field::With(&mut ids)),
            ],
        )?;
        Ok(o)
    }
}

wire::deserialize_from_json!(AgentStatesOptions, AgentWatchOptions);

/// Fields of a realtime reply that floorwalker does not name, passed on as sent. (The TypeScript
/// `RealtimeExtraFields`, `Record<string, unknown>`, is declared in `src/js/realtime.rs`.)
pub type RealtimeExtraFields = Map<String, Value>;

/// One row of `agentDetails` as the platform sends it.
#[derive(Debug, Clone)]
struct AgentDetail {
    agent_login_id: String,
    service_id: i64,
    state_id: i64,
}

impl FromJson for AgentDetail {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut id, mut service_id, mut state_id) = (None, None, None);
        wire::read_named(
            value,
            "struct AgentDetail",
            &mut [
                ("agentLoginId", Field::TextOrEmpty(&mut id)),
                ("serviceId", Field::Int(&mut service_id)),
                ("stateId", Field::Int(&mut state_id)),
            ],
        )?;
        Ok(Self {
            agent_login_id: wire::required(id, "agentLoginId")?,
            service_id: wire::required(service_id, "serviceId")?,
            state_id: wire::required(state_id, "stateId")?,
        })
    }
}

/// Reply of `POST /realtime/service/agents/status`.
#[derive(Debug, Clone)]
struct AgentDetailsReply {
    agent_details: Vec<AgentDetail>,
}

impl FromJson for AgentDetailsReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut list = None;
        let mut read = |v| wire::list(v).map(|l| list = Some(l));
        wire::read_named(
            value,
            "struct AgentDetailsReply",
            &mut [("agentDetails", Field::With(&mut read))],
        )?;
        Ok(Self {
            agent_details: wire::required(list, "agentDetails")?,
        })
    }
}

/// One service's figures from `POST /realtime/service/stats`. The names are the ones
/// justicedemocrats/dialer-metrics reads; their value types are not documented, so each is
/// passed on as sent (`null` included; absent when the platform leaves it out). Every other
/// field passes through too.
///
/// It is read and written through one JSON object (not derived field by field: a derived
/// reader for this many optional fields plus the pass-through costs kilobytes of wasm).
#[derive(Debug, Clone, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStats {
    /// The service's id.
    #[tsify(type = "number | null")]
    pub service_id: Option<i64>,
    /// The service's name.
    #[tsify(type = "string | null")]
    pub service_name: Option<String>,
    /// Agents in the service.
    #[tsify(optional, type = "number | string | null")]
    pub total_agents: Option<Value>,
    /// Calls connected to an agent now.
    #[tsify(optional, type = "number | string | null")]
    pub calls_with_agent: Option<Value>,
    /// Calls in progress.
    #[tsify(optional, type = "number | string | null")]
    pub cip: Option<Value>,
    /// Longest wait of a call in the queue.
    #[tsify(optional, type = "number | string | null")]
    pub longest_call_in_queue: Option<Value>,
    /// Calls offered today.
    #[tsify(optional, type = "number | string | null")]
    pub total_offered: Option<Value>,
    /// Calls handled today.
    #[tsify(optional, type = "number | string | null")]
    pub total_handled: Option<Value>,
    /// Calls abandoned today.
    #[tsify(optional, type = "number | string | null")]
    pub total_abandoned: Option<Value>,
    /// The abandon rate.
    #[tsify(optional, type = "number | string | null")]
    pub abandon_rate: Option<Value>,
    /// Records loaded for the service (outbound).
    #[tsify(optional, type = "number | string | null")]
    pub loaded: Option<Value>,
    /// Records left to dial (outbound).
    #[tsify(optional, type = "number | string | null")]
    pub remaining: Option<Value>,
    /// How much of the list is done (outbound).
    #[tsify(optional, type = "number | string | null")]
    pub percent_complete: Option<Value>,
    /// Dialable records being played (outbound).
    #[tsify(optional, type = "number | string | null")]
    pub playing_dialable: Option<Value>,
    /// The pacing method (outbound).
    #[tsify(optional, type = "number | string | null")]
    pub pacing_method: Option<Value>,
    /// The dialling throttle (outbound).
    #[tsify(optional, type = "number | string | null")]
    pub throttle: Option<Value>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub other: RealtimeExtraFields,
}

/// The figures [`ServiceStats`] names, in the order they are written.
const STAT_FIELDS: [&str; 14] = [
    "totalAgents",
    "callsWithAgent",
    "cip",
    "longestCallInQueue",
    "totalOffered",
    "totalHandled",
    "totalAbandoned",
    "abandonRate",
    "loaded",
    "remaining",
    "percentComplete",
    "playingDialable",
    "pacingMethod",
    "throttle",
];

impl ServiceStats {
    fn figures(&self) -> [&Option<Value>; 14] {
        [
            &self.total_agents,
            &self.calls_with_agent,
            &self.cip,
            &self.longest_call_in_queue,
            &self.total_offered,
            &self.total_handled,
            &self.total_abandoned,
            &self.abandon_rate,
            &self.loaded,
            &self.remaining,
            &self.percent_complete,
            &self.playing_dialable,
            &self.pacing_method,
            &self.throttle,
        ]
    }
}

impl FromJson for ServiceStats {
    fn from_json(value: Value) -> wire::Result<Self> {
        let Value::Object(m) = value else {
            return Err(wire::invalid_type(&value, "a map"));
        };
        let mut head = [None, None];
        let m = wire::take_named(m, &["serviceId", "serviceName"], &mut head);
        let mut figures: [Option<Value>; 14] = Default::default();
        let m = wire::take_named(m, &STAT_FIELDS, &mut figures);
        let [service_id, service_name] = head;
        // `lenient::opt_int` and `lenient::opt_string`: anything unreadable is absent.
        let service_id = service_id.as_ref().and_then(lenient::int_value);
        let service_name = match service_name {
            Some(v) => wire::text(v, true)?,
            None => None,
        };
        let [total_agents, calls_with_agent, cip, longest_call_in_queue, total_offered, total_handled, total_abandoned, abandon_rate, loaded, remaining, percent_complete, playing_dialable, pacing_method, throttle] =
            figures;
        Ok(ServiceStats {
            service_id,
            service_name,
            total_agents,
            calls_with_agent,
            cip,
            longest_call_in_queue,
            total_offered,
            total_handled,
            total_abandoned,
            abandon_rate,
            loaded,
            remaining,
            percent_complete,
            playing_dialable,
            pacing_method,
            throttle,
            other: m,
        })
    }
}

impl Serialize for ServiceStats {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("serviceId", &self.service_id)?;
        map.serialize_entry("serviceName", &self.service_name)?;
        for (k, v) in STAT_FIELDS.iter().zip(self.figures()) {
            if let Some(v) = v {
                map.serialize_entry(k, v)?;
            }
        }
        for (k, v) in &self.other {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Reply of `serviceStats`: one entry per service.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStatsReply {
    /// The services' figures.
    pub stats: Vec<ServiceStats>,
}

impl FromJson for ServiceStatsReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut list = None;
        let mut read = |v| wire::list(v).map(|l| list = Some(l));
        wire::read_named(
            value,
            "struct ServiceStatsReply",
            &mut [("stats", Field::With(&mut read))],
        )?;
        Ok(Self {
            stats: wire::required(list, "stats")?,
        })
    }
}

wire::deserialize_from_json!(
    AgentDetail,
    AgentDetailsReply,
    ServiceStats,
    ServiceStatsReply
);

/// A checked service filter: `None` means every service.
fn service_filter(service_ids: &Option<Vec<i64>>) -> Result<Option<Vec<i64>>> {
    let Some(ids) = service_ids else {
        return Ok(None);
    };
    let bad = |m: &str| Error::invalid_argument("serviceIds", m);
    if ids.is_empty() {
        return Err(bad(
            "serviceIds must list at least one service id (leave it out for every service).",
        ));
    }
    if ids.len() > MAX_SERVICE_IDS {
        return Err(bad(&format!(
            "serviceIds may list at most {MAX_SERVICE_IDS} service ids."
        )));
    }
    if ids.iter().any(|id| *id <= 0) {
        return Err(bad("serviceIds must be positive integer service ids."));
    }
    Ok(Some(ids.clone()))
}

fn wanted(filter: &Option<Vec<i64>>, service_id: i64) -> bool {
    filter
        .as_ref()
        .map_or(true, |ids| ids.contains(&service_id))
}

/// The realtime calls of a supervisor session.
impl Supervisor {
    /// [`Supervisor::agent_states`] before it is sent.
    pub fn agent_states_call(opts: &AgentStatesOptions) -> Result<Prepared<Vec<AgentState>>> {
        let filter = service_filter(&opts.service_ids)?;
        Self::agent_states_in(filter)
    }

    /// Every agent's state: `POST /realtime/service/agents/status` with the body `{}`, the
    /// rows kept when their service is in `serviceIds` (when given).
    pub async fn agent_states(
        &self,
        opts: &AgentStatesOptions,
        call: &CallOptions,
    ) -> Result<Vec<AgentState>> {
        Self::agent_states_call(opts)?
            .send(self.session(), call)
            .await
    }

    /// The agent states call for a checked service filter.
    fn agent_states_in(filter: Option<Vec<i64>>) -> Result<Prepared<Vec<AgentState>>> {
        let req = ApiRequest::new(Method::Post, format!("{BASE}/service/agents/status"))
            .json(&Map::new())?;
        Ok(Prepared::new(req, move |resp| {
            let reply: AgentDetailsReply = decode_json(resp)?;
            Ok(reply
                .agent_details
                .into_iter()
                .filter(|d| wanted(&filter, d.service_id))
                .map(|d| AgentState {
                    agent_login_id: d.agent_login_id,
                    service_id: d.service_id,
                    state: AgentStateName::from_state_id(d.state_id),
                    state_id: d.state_id,
                })
                .collect())
        }))
    }

    /// [`Supervisor::service_stats`] before it is sent.
    pub fn service_stats_call(opts: &ServiceStatsOptions) -> Result<Prepared<ServiceStatsReply>> {
        let filter = service_filter(&opts.service_ids)?;
        let req =
            ApiRequest::new(Method::Post, format!("{BASE}/service/stats")).json(&Map::new())?;
        Ok(Prepared::new(req, move |resp| {
            let mut reply: ServiceStatsReply = decode_json(resp)?;
            if filter.is_some() {
                reply
                    .stats
                    .retain(|s| s.service_id.is_some_and(|id| wanted(&filter, id)));
            }
            Ok(reply)
        }))
    }

    /// Each service's figures: `POST /realtime/service/stats` with the body `{}`, the entries
    /// kept when their service is in `serviceIds` (when given).
    pub async fn service_stats(
        &self,
        opts: &ServiceStatsOptions,
        call: &CallOptions,
    ) -> Result<ServiceStatsReply> {
        Self::service_stats_call(opts)?
            .send(self.session(), call)
            .await
    }
}

/// The board as of the last poll, and what changed since the poll before.
#[derive(Debug, Default, Clone)]
pub struct AgentBoard {
    /// One entry per agent (login id and service), ordered by login id, then service. (A sorted
    /// list rather than a `BTreeMap`: the map's code is kilobytes of wasm.)
    agents: Vec<AgentState>,
}

/// Whether two states of the same agent differ for the board: by name, and for states no
/// source names, by raw id.
fn differs(a: &AgentState, b: &AgentState) -> bool {
    a.state != b.state || (a.state == AgentStateName::Unknown && a.state_id != b.state_id)
}

/// The board's order: by login id, then service.
fn by_agent(a: &AgentState, b: &AgentState) -> Ordering {
    a.agent_login_id
        .cmp(&b.agent_login_id)
        .then(a.service_id.cmp(&b.service_id))
}

/// `states` in the board's order, rows of the same agent in their order in `states`: a stable
/// merge sort (written out: std's sorts are kilobytes of wasm each).
fn sorted(mut states: Vec<AgentState>) -> Vec<AgentState> {
    if states.len() < 2 {
        return states;
    }
    let right = sorted(states.split_off(states.len() / 2));
    let left = sorted(states);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut right = right.into_iter().peekable();
    for l in left {
        while let Some(r) = right.next_if(|r| by_agent(r, &l) == Ordering::Less) {
            out.push(r);
        }
        out.push(l);
    }
    out.extend(right);
    out
}

impl AgentBoard {
    /// An empty board: the first [`AgentBoard::update`] reports every agent as appearing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one poll's states (an agent is one login id in one service; a repeated row counts
    /// once, the last one wins) and returns the changes since the last poll, ordered by agent
    /// and service: agents that appeared (`from: null`), left (`to: null`) or whose state
    /// differs. A state that changed and changed back between two polls is no change.
    pub fn update(&mut self, states: Vec<AgentState>, at: i64) -> Vec<AgentStateChange> {
        let mut next: Vec<AgentState> = Vec::with_capacity(states.len());
        for s in sorted(states) {
            match next.last_mut() {
                // the rows of one agent are together, in the poll's order: the last one wins
                Some(last) if by_agent(last, &s) == Ordering::Equal => *last = s,
                _ => next.push(s),
            }
        }
        let mut changes = Vec::new();
        let change = |key: &AgentState, from: Option<&AgentState>, to: Option<&AgentState>| {
            AgentStateChange {
                agent_login_id: key.agent_login_id.clone(),
                service_id: key.service_id,
                from: from.map(|s| s.state),
                to: to.map(|s| s.state),
                from_state_id: from.map(|s| s.state_id),
                to_state_id: to.map(|s| s.state_id),
                at,
            }
        };
        // Both lists are ordered by agent: walk them together.
        let mut old = self.agents.iter().peekable();
        let mut new = next.iter().peekable();
        loop {
            match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(o), None) => {
                    changes.push(change(o, Some(o), None));
                    old.next();
                }
                (None, Some(n)) => {
                    changes.push(change(n, None, Some(n)));
                    new.next();
                }
                (Some(o), Some(n)) => match by_agent(o, n) {
                    Ordering::Less => {
                        changes.push(change(o, Some(o), None));
                        old.next();
                    }
                    Ordering::Greater => {
                        changes.push(change(n, None, Some(n)));
                        new.next();
                    }
                    Ordering::Equal => {
                        if differs(o, n) {
                            changes.push(change(n, Some(o), Some(n)));
                        }
                        old.next();
                        new.next();
                    }
                },
            }
        }
        self.agents = next;
        changes
    }

    /// Every agent on the board, ordered by login id and service.
    pub fn states(&self) -> Vec<AgentState> {
        self.agents.clone()
    }
}

/// The source `watchAgents` polls: the agent states, diffed against the board.
struct BoardSource {
    supervisor: Supervisor,
    filter: Option<Vec<i64>>,
    board: Rc<std::cell::RefCell<AgentBoard>>,
    runtime: Rc<dyn Runtime>,
}

impl PollSource for BoardSource {
    type Item = AgentStateChange;

    async fn poll(&mut self, call: &CallOptions) -> Result<Vec<AgentStateChange>> {
        let states = Supervisor::agent_states_in(self.filter.clone())?
            .send(self.supervisor.session(), call)
            .await?;
        let at = self.runtime.now_ms() as i64;
        Ok(self.board.borrow_mut().update(states, at))
    }
}

/// A running `watchAgents`: yields [`AgentStateChange`]s (the first poll's are the full board,
/// every agent with `from: null`), and keeps the board as of the last poll. Cloning shares it.
#[derive(Clone)]
pub struct AgentWatch {
    watch: PollWatch<AgentStateChange>,
    board: Rc<std::cell::RefCell<AgentBoard>>,
}

impl AgentWatch {
    /// Checks the options and returns the watch plus the polling loop, which the caller runs
    /// (spawns) until it completes.
    pub fn start(
        supervisor: Supervisor,
        opts: &AgentWatchOptions,
    ) -> Result<(AgentWatch, impl Future<Output = ()> + 'static)> {
        let interval = check_interval(opts.interval_ms, DEFAULT_INTERVAL_MS)?;
        let filter = service_filter(&opts.service_ids)?;
        let runtime = supervisor.session().pipeline().runtime.clone();
        let board = Rc::new(std::cell::RefCell::new(AgentBoard::new()));
        let source = BoardSource {
            supervisor,
            filter,
            board: board.clone(),
            runtime: runtime.clone(),
        };
        let watch = PollWatch::new();
        let driver = watch.run(runtime, interval, source);
        Ok((AgentWatch { watch, board }, driver))
    }

    /// The changes, stop, the listeners: the polling engine itself.
    pub fn watch(&self) -> &PollWatch<AgentStateChange> {
        &self.watch
    }

    /// Every agent on the board as of the last successful poll (empty before the first).
    pub fn board(&self) -> Vec<AgentState> {
        self.board.borrow().states()
    }
}

#[cfg(test)]
mod tests;
