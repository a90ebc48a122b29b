//! The live agent board on the `Supervisor` class (`agentStates`, `watchAgents`,
//! `serviceStats`) and the `AgentWatch` class. Each method converts its arguments, calls the
//! core (`crate::livevox::realtime`), and converts the answer; nothing is decided here.

use super::convert::*;
use super::livevox::{iter_result, reply, send_call, Supervisor};
use super::shapes;
use crate::livevox::poll_watch::WatchEvent;
use crate::livevox::realtime::{
    AgentStateChange, AgentStatesOptions, AgentWatch as CoreAgentWatch, AgentWatchOptions,
    ServiceStatsOptions,
};
use crate::livevox::Supervisor as CoreSupervisor;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

#[wasm_bindgen(typescript_custom_section)]
const REALTIME_TYPES: &'static str = r#"
/** Fields of a realtime reply that floorwalker does not name, passed on as sent. */
export type RealtimeExtraFields = Record<string, unknown>;

export interface AgentWatch extends AsyncIterable<AgentStateChange> {
  /** Each change of an agent's state (the first poll's: every agent, `from: null`). Returns a function that removes the listener. */
  on(event: "change", callback: (change: AgentStateChange) => void): () => void;
  /** Each failed poll (passing errors are retried with backoff; others end the watch). */
  on(event: "error", callback: (error: FloorwalkerError) => void): () => void;
}
"#;

#[wasm_bindgen]
impl Supervisor {
    /// Every agent's state on the LiveVox Real-Time API: `POST /realtime/service/agents/status`
    /// (body `{}`) → `{ agentLoginId, serviceId, state, stateId }` per agent, `state` named from
    /// the platform's `stateId` (`"UNKNOWN"` for ids no source names; `stateId` is always kept).
    /// `serviceIds` keeps only agents in those services. Needs the Real-Time API enabled for
    /// the client and a Sysadmin, Superuser, Manager or Report Admin user.
    #[wasm_bindgen(js_name = agentStates)]
    pub fn agent_states(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgentStatesOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseAgentStateList {
        let prepared = read_options(&options)
            .and_then(|opts: AgentStatesOptions| CoreSupervisor::agent_states_call(&opts));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Each service's figures on the LiveVox Real-Time API: `POST /realtime/service/stats`
    /// (body `{}`) → `{ stats: [{ serviceId, serviceName, totalAgents, callsWithAgent, … }] }`,
    /// figures passed on as the platform sends them, unknown fields included. `serviceIds`
    /// keeps only those services.
    #[wasm_bindgen(js_name = serviceStats)]
    pub fn service_stats(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgentStatesOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseServiceStatsReply {
        let prepared = read_options(&options)
            .and_then(|opts: ServiceStatsOptions| CoreSupervisor::service_stats_call(&opts));
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Starts polling `agentStates` (every `intervalMs`, default 5000) and returns an
    /// `AgentWatch`: an async iterable of state changes `{ agentLoginId, serviceId, from, to,
    /// fromStateId, toStateId, at }`. The first poll reports the full board (every agent with
    /// `from: null`); later polls report what differs from the poll before (an agent that left
    /// has `to: null`). Passing errors are retried with backoff, as `watchChat` does.
    #[wasm_bindgen(js_name = watchAgents)]
    pub fn watch_agents(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AgentWatchOptions")] options: JsValue,
    ) -> std::result::Result<AgentWatch, JsValue> {
        let opts: AgentWatchOptions = read_options(&options).map_err(throw)?;
        let (watch, driver) = CoreAgentWatch::start(self.inner.clone(), &opts).map_err(throw)?;
        spawn_local(driver);
        Ok(AgentWatch { inner: watch })
    }
}

/// A running agent board watch: `for await (const change of watch)`, `on("change" | "error",
/// cb)`, `board`, `stop()`.
#[wasm_bindgen]
pub struct AgentWatch {
    inner: CoreAgentWatch,
}

#[wasm_bindgen]
impl AgentWatch {
    /// The next change (`{ value, done }`, the async-iterator protocol). Rejects with the error
    /// that ended the watch, once.
    pub fn next(&self) -> shapes::PromiseAgentWatchNext {
        let next = self.inner.watch().next();
        promise(async move {
            match next.await? {
                Some(c) => Ok(iter_result(to_js(&c)?, false)),
                None => Ok(iter_result(JsValue::UNDEFINED, true)),
            }
        })
    }

    /// Stops the watch (called by `for await` on `break`).
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self) -> shapes::PromiseAgentWatchNext {
        self.inner.watch().stop();
        Promise::resolve(&iter_result(JsValue::UNDEFINED, true)).unchecked_into()
    }

    /// Stops polling; changes already received are still yielded, then iteration ends.
    pub fn stop(&self) {
        self.inner.watch().stop();
    }

    /// Whether the watch has stopped.
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> bool {
        self.inner.watch().is_stopped()
    }

    /// Every agent on the board as of the last successful poll, ordered by login id and
    /// service (empty before the first).
    #[wasm_bindgen(getter)]
    pub fn board(&self) -> shapes::AgentStateList {
        to_js(&self.inner.board())
            .unwrap_or_else(|_| js_sys::Array::new().into())
            .unchecked_into()
    }

    /// Listens for `"change"` (an `AgentStateChange`) or `"error"` (a `FloorwalkerError`;
    /// passing errors are retried with backoff); returns a function that removes the listener.
    pub fn on(
        &self,
        event: shapes::AgentWatchEvent,
        callback: shapes::AgentWatchListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        listen(
            self.inner.clone(),
            |w| w.watch().events(),
            &event,
            &["change", "error"],
            &callback,
            |which, e: &WatchEvent<AgentStateChange>| match (e, which) {
                (WatchEvent::Message(c), 0) => to_js(c).ok(),
                (WatchEvent::Error(err), 1) => Some(to_js_error(err)),
                _ => None,
            },
        )
        .map(JsCast::unchecked_into)
    }
}
