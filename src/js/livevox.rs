//! `LiveVox`, `Supervisor` and `ChatWatch` as JavaScript classes. Each method converts its
//! arguments, calls the core, and converts the answer; nothing is decided here. A method that
//! sends one request gets it prepared by the core (checked, with its reply reader:
//! [`Prepared`]) and sends it through [`send_call`], the one async path those methods share.

use super::convert::*;
use super::shapes;
use crate::error::{Error, Result};
use crate::livevox::model::*;
use crate::livevox::options::{resume_plan, RenewAnswer, Renewal};
use crate::livevox::session::{change_password, ApiVersion, Prepared, Renew, RenewSession};
use crate::livevox::supervisor::MonitorMode;
use crate::livevox::{
    ChatWatch as CoreWatch, Credentials, Session, SessionEvent, Supervisor as CoreSupervisor,
    WatchEvent,
};
use js_sys::{Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// The login credentials of `opts` (rules: [`crate::livevox::options::credentials`]).
fn credentials(opts: &JsValue) -> Result<Credentials> {
    crate::livevox::options::credentials(&JsOptions(opts))
}

/// The `apiVersion` option (rules: [`crate::livevox::options::api_version`]).
pub(crate) fn api_version(opts: &JsValue) -> Result<Option<ApiVersion>> {
    crate::livevox::options::api_version(&JsOptions(opts))
}

/// Wraps the caller's `renewSession` (a function resolving to a new session id).
fn renew_callback(f: Function) -> RenewSession {
    Rc::new(move || {
        let f = f.clone();
        Box::pin(async move {
            let answer = match f.call0(&JsValue::UNDEFINED) {
                // Promise.resolve accepts any thenable, and a plain string too.
                Ok(asked) => match JsFuture::from(Promise::resolve(&asked)).await {
                    Ok(id) => id
                        .as_string()
                        .map_or(RenewAnswer::NotAString, RenewAnswer::Id),
                    Err(e) => RenewAnswer::Failed(thrown_message(&e)),
                },
                Err(e) => RenewAnswer::Failed(thrown_message(&e)),
            };
            answer.session_id()
        })
    })
}

/// The `message` of what JavaScript threw (or the thrown string itself).
pub(super) fn thrown_message(e: &JsValue) -> Option<String> {
    Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
}

#[wasm_bindgen(typescript_custom_section)]
const LIVEVOX_OPTION_TYPES: &str = r#"
/** Extra `LiveVox.login` options. */
export interface LiveVoxLoginOptions {
  /** An API version for every path, e.g. `"v6.0"` (`/session/v6.0/login`, `/callControl/v6.0/…`); unversioned when left out. */
  apiVersion?: string;
}
/** Extra `LiveVox.resume` options. */
export interface LiveVoxResumeOptions {
  /** An API version for every path, e.g. `"v6.0"`; unversioned when left out. */
  apiVersion?: string;
  /**
   * Called (once for all waiting calls) when the platform answers 401: resolves to a new
   * session id (e.g. from the page's own server), and every waiting call and running
   * `watchChat` goes on with it. Without it (or the credentials), calls reject with
   * `SESSION_EXPIRED`.
   */
  renewSession?: () => Promise<string> | string;
}
/** `LiveVox.changePassword` options: the login credentials and the new password. */
export interface LiveVoxChangePasswordOptions extends LiveVoxLoginOptions {
  /** The new password: not empty, and not the current one. */
  newPassword: string;
}
/**
 * The login said the password expires within 7 days. A listener added after `login`
 * resolved still receives it (once, in a microtask); a renewal login that says so again
 * tells the listeners again.
 */
export interface PasswordExpiringEvent {
  /** Days until the password expires (0 or less: it expires today). */
  daysUntilPasswordExpires: number;
}
/** Fields of a contact that floorwalker does not name, as the platform sent them. */
export type ContactExtraFields = Record<string, unknown>;
"#;

/// The events `on` takes, in the order of the `which` its payload function receives.
const SESSION_EVENTS: [&str; 3] = ["sessionRenewed", "sessionExpired", "passwordExpiring"];

/// The payload of session event `e` for listeners of `SESSION_EVENTS[which]`.
fn session_payload(which: usize, e: &SessionEvent) -> Option<JsValue> {
    let payload = Object::new();
    let (key, value) = match (e, which) {
        (SessionEvent::Renewed { session_id }, 0) => ("sessionId", JsValue::from_str(session_id)),
        (SessionEvent::Expired { message }, 1) => ("message", JsValue::from_str(message)),
        (
            SessionEvent::PasswordExpiring {
                days_until_password_expires: d,
            },
            2,
        ) => ("daysUntilPasswordExpires", JsValue::from_f64(*d as f64)),
        _ => return None,
    };
    let _ = Reflect::set(&payload, &JsValue::from_str(key), &value);
    Some(payload.into())
}

/// A `passwordExpiring` listener added after the login is told what the login said, once, in
/// a microtask (an event emitted during `login` would have had no listener), unless it was
/// removed before then. Returns the listener's remover.
fn replay_password_warning(
    session: &Session,
    event: &JsValue,
    callback: &JsValue,
    off: Function,
) -> Function {
    let payload = session.info().password_expiring().and_then(|days| {
        session_payload(
            2,
            &SessionEvent::PasswordExpiring {
                days_until_password_expires: days,
            },
        )
    });
    let (Some(payload), Some(cb)) = (payload, callback.dyn_ref::<Function>().cloned()) else {
        return off;
    };
    if event.as_string().as_deref() != Some(SESSION_EVENTS[2]) {
        return off;
    }
    let listening = Rc::new(std::cell::Cell::new(true));
    let still = listening.clone();
    spawn_local(async move {
        if still.get() {
            super::runtime::deliver(&cb, payload);
        }
    });
    unsubscribe_fn(move || {
        listening.set(false);
        let _ = off.call0(&JsValue::UNDEFINED);
    })
}

/// A prepared call that resolves to the plain object of its reply.
pub(super) fn reply<T: serde::Serialize + 'static>(
    prepared: Result<Prepared<T>>,
) -> Result<Prepared<JsValue>> {
    prepared.map(|p| p.map(|value| to_js(&value)))
}

/// A prepared call that resolves to the plain object of its reply, or `undefined` when the
/// reply holds none.
pub(super) fn maybe<T: serde::Serialize + 'static>(
    prepared: Result<Prepared<Option<T>>>,
) -> Result<Prepared<JsValue>> {
    prepared.map(|p| p.map(|value| value.map_or(Ok(JsValue::UNDEFINED), |v| to_js(&v))))
}

/// A prepared call that resolves to `undefined`.
pub(super) fn nothing(prepared: Result<Prepared<()>>) -> Result<Prepared<JsValue>> {
    prepared.map(|p| p.map(|()| Ok(JsValue::UNDEFINED)))
}

/// Sends a prepared call through `session` (with the caller's `{ signal, timeoutMs }`) and
/// resolves to its reply. A call that could not be prepared rejects with that error, and
/// nothing is sent.
pub(super) fn send_call<P: JsCast>(
    session: &Rc<Session>,
    prepared: Result<Prepared<JsValue>>,
    call: JsValue,
) -> P {
    send_prepared(session.clone(), prepared, call).unchecked_into()
}

/// The one async path of every simple LiveVox call (one state machine in the module, not one
/// per method): reads the call options, sends, and converts the reply.
#[inline(never)]
fn send_prepared(
    session: Rc<Session>,
    prepared: Result<Prepared<JsValue>>,
    call: JsValue,
) -> Promise {
    promise(async move {
        let Prepared { request, read } = prepared?;
        let (call, _link) = call_options(&call)?;
        let resp = Box::pin(session.send(request, &call)).await?;
        read(&resp)
    })
}

/// A logged-in LiveVox client: the session, and the APIs that use it.
#[wasm_bindgen]
pub struct LiveVox {
    session: Rc<Session>,
    supervisor: JsValue,
    #[cfg(feature = "livevox")]
    agent: JsValue,
    #[cfg(feature = "livevox")]
    contacts: JsValue,
}

impl LiveVox {
    /// Wraps a session (also used by `AgentPool`).
    pub(crate) fn wrap(session: Rc<Session>) -> LiveVox {
        let supervisor = JsValue::from(Supervisor {
            inner: CoreSupervisor::new(session.clone()),
        });
        LiveVox {
            #[cfg(feature = "livevox")]
            agent: super::agent::agent_object(&session),
            #[cfg(feature = "livevox")]
            contacts: super::agent::contacts_object(&session),
            session,
            supervisor,
        }
    }
}

#[wasm_bindgen]
impl LiveVox {
    /// Logs in (`POST /session/login` with `LV-Access`) and resolves to a client whose later
    /// calls send `LV-Session`. The client keeps the credentials to log in again, once for all
    /// waiting calls, when the session expires.
    pub fn login(
        options: shapes::LiveVoxLoginOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseLiveVox {
        promise(async move {
            let pipeline = pipeline(&options)?;
            let creds = credentials(&options)?;
            let version = api_version(&options)?;
            let (call, _link) = call_options(&call)?;
            let session = Box::pin(Session::login_with(pipeline, creds, version, &call)).await?;
            Ok(LiveVox::wrap(session).into())
        })
    }

    /// Reuses an existing session id (no request). To renew the session when it expires, pass
    /// `accessToken`, `clientName`, `userName` and `password` (the client logs in again), or
    /// `renewSession: async () => newSessionId` (a page whose server holds the credentials);
    /// not both. `apiVersion` (e.g. `"v6.0"`) puts the version in every path.
    pub fn resume(options: shapes::LiveVoxResumeOptions) -> std::result::Result<LiveVox, JsValue> {
        let pipeline = pipeline(&options).map_err(throw)?;
        let plan = resume_plan(&JsOptions(&options)).map_err(throw)?;
        let renew = match plan.renewal {
            Renewal::Never => Renew::Never,
            Renewal::Login(c) => Renew::Login(c),
            Renewal::Callback => match prop(&options, "renewSession").dyn_into::<Function>() {
                Ok(f) => Renew::Callback(renew_callback(f)),
                Err(_) => {
                    return Err(throw(Error::invalid_argument(
                        "renewSession",
                        "renewSession must be a function resolving to a new session id.",
                    )))
                }
            },
        };
        let session = Session::resume_with(pipeline, &plan.session_id, renew, plan.api_version)
            .map_err(throw)?;
        Ok(LiveVox::wrap(session))
    }

    /// The current session id (it changes when the session is renewed).
    #[wasm_bindgen(getter, js_name = sessionId)]
    pub fn session_id(&self) -> String {
        self.session.info().session_id
    }

    /// The user's id from the login reply (`undefined` after `resume`).
    #[wasm_bindgen(getter, js_name = userId)]
    pub fn user_id(&self) -> Option<f64> {
        self.session.info().user_id.map(|v| v as f64)
    }

    /// The client's id from the login reply (`undefined` after `resume`).
    #[wasm_bindgen(getter, js_name = clientId)]
    pub fn client_id(&self) -> Option<f64> {
        self.session.info().client_id.map(|v| v as f64)
    }

    /// Days until the password expires, when the platform says.
    #[wasm_bindgen(getter, js_name = daysUntilPasswordExpires)]
    pub fn days_until_password_expires(&self) -> Option<f64> {
        self.session
            .info()
            .days_until_password_expires
            .map(|v| v as f64)
    }

    /// The supervisor API (roles Sysadmin, Superuser, Manager).
    #[wasm_bindgen(getter)]
    pub fn supervisor(&self) -> shapes::Supervisor {
        self.supervisor.clone().unchecked_into()
    }

    /// The agent API, for a session logged in with `agent: true` (a virtual agent): join a
    /// service, Ready / Not Ready, status and current call, term codes, keep-alive.
    #[cfg(feature = "livevox")]
    #[wasm_bindgen(getter)]
    pub fn agent(&self) -> shapes::Agent {
        self.agent.clone().unchecked_into()
    }

    /// The contact API (Contact Manager): create, update, get, list, search, delete,
    /// setDoNotCall.
    #[cfg(feature = "livevox")]
    #[wasm_bindgen(getter)]
    pub fn contacts(&self) -> shapes::Contacts {
        self.contacts.clone().unchecked_into()
    }

    /// Sends a call's AI Integration App record (`transactionId`, `sessionId`, `ani`,
    /// `accountNumber`, `nextAction`, `callOutcome`, `lvresult`, `other1` … `other20`) as JSON to
    /// the client-specific `url` (https, or http on loopback). The session id is not sent there;
    /// `opts.headers` adds headers the client's specification asks for. Resolves to the reply
    /// body when it is JSON, else `undefined`.
    #[cfg(feature = "livevox")]
    #[wasm_bindgen(js_name = postAia)]
    pub fn post_aia(
        &self,
        url: shapes::Text,
        fields: shapes::AiaFields,
        #[wasm_bindgen(unchecked_optional_param_type = "AiaOptions")] opts: JsValue,
    ) -> shapes::PromiseUnknown {
        super::agent::post_aia(
            self.session.pipeline().clone(),
            url.into(),
            fields.into(),
            opts,
        )
        .unchecked_into()
    }

    /// Whether the platform still knows the session (`GET /session/validate/{id}`).
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseBoolean {
        let session = self.session.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            Ok(JsValue::from(Box::pin(session.validate(&call)).await?))
        })
    }

    /// Forgets the session here and sends nothing: later calls of this client reject with
    /// `INVALID_STATE`, while other processes using the same session go on. LiveVox gives the
    /// same session id to every login of the same user with the same access token, so
    /// `logout()` would end theirs too.
    pub fn close(&self) {
        self.session.close();
    }

    /// Ends the session (`DELETE /session/logout/{id}`); later calls reject with `INVALID_STATE`.
    /// LiveVox gives the same session id to every login of the same user with the same access
    /// token, so this ends the session of every process sharing it; use `close()` to stop
    /// using it here only.
    pub fn logout(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let session = self.session.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            unit(Box::pin(session.logout(&call)).await)
        })
    }

    /// Listens for `"sessionRenewed"` (`{ sessionId }`), `"sessionExpired"` (`{ message }`) or
    /// `"passwordExpiring"` (`{ daysUntilPasswordExpires }`, when a login says the password
    /// expires within 7 days; a listener added after `login` still receives the login's
    /// warning); returns a function that removes the listener.
    pub fn on(
        &self,
        event: shapes::LiveVoxEvent,
        callback: shapes::SessionListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        let off = listen(
            self.session.clone(),
            |s| s.events(),
            &event,
            &SESSION_EVENTS,
            &callback,
            session_payload,
        )?;
        Ok(replay_password_warning(&self.session, &event, &callback, off).unchecked_into())
    }

    /// Changes a user's (or, with `agent: true`, an agent's) password without a session (an
    /// expired password cannot log in): `POST /session/password` with `LV-Access` and
    /// `{clientName, userName, password, newPassword, agent}` (`/session/v6.0/password` with
    /// `apiVersion`). `newPassword` must be given and differ from `password`; the platform's
    /// own rules (length, reuse) answer `INVALID_ARGUMENT`/`VENDOR_ERROR` from the platform, a
    /// wrong current password `UNAUTHORIZED`. LiveVox ends the user's sessions when the
    /// password changes: log in again with the new one. Neither password is ever logged.
    #[wasm_bindgen(js_name = changePassword)]
    pub fn change_password(
        options: shapes::LiveVoxChangePasswordOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        promise(async move {
            let pipeline = pipeline(&options)?;
            let creds = credentials(&options)?;
            let new_password = opt(&options, "newPassword").string("newPassword")?;
            let version = api_version(&options)?;
            let (call, _link) = call_options(&call)?;
            unit(
                Box::pin(change_password(
                    &pipeline,
                    &creds,
                    &new_password,
                    version.as_ref(),
                    &call,
                ))
                .await,
            )
        })
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    pub fn once(
        &self,
        event: shapes::LiveVoxEvent,
        callback: shapes::SessionListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        super::convert::once(&callback, &|listener| {
            self.on(event.clone().unchecked_into(), listener.unchecked_into())
                .map(JsCast::unchecked_into)
        })
        .map(JsCast::unchecked_into)
    }
}

/// The LiveVox supervisor API: agent status, chat, monitoring, services.
#[wasm_bindgen]
pub struct Supervisor {
    pub(super) inner: CoreSupervisor,
}

#[wasm_bindgen]
impl Supervisor {
    /// Makes agents Ready. `POST /callControl/supervisor/agent/status/ready`.
    #[wasm_bindgen(js_name = setReady)]
    pub fn set_ready(
        &self,
        agents: shapes::TextList,
        #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseAgentStatusReply {
        let prepared = (|| {
            let agents = string_list(&agents, "agents")?;
            let opts: MessageOptions = read_options(&options)?;
            CoreSupervisor::set_ready_call(&agents, &opts)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Makes agents Not Ready, with an optional `reasonCode`. `POST .../agent/status/notReady`.
    #[wasm_bindgen(js_name = setNotReady)]
    pub fn set_not_ready(
        &self,
        agents: shapes::TextList,
        #[wasm_bindgen(unchecked_optional_param_type = "NotReadyOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseAgentStatusReply {
        let prepared = (|| {
            let agents = string_list(&agents, "agents")?;
            let opts: NotReadyOptions = read_options(&options)?;
            CoreSupervisor::set_not_ready_call(&agents, &opts)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Logs agents off. `POST .../agent/status/logoff`.
    pub fn logoff(
        &self,
        agents: shapes::TextList,
        #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseAgentStatusReply {
        let prepared = (|| {
            let agents = string_list(&agents, "agents")?;
            let opts: MessageOptions = read_options(&options)?;
            CoreSupervisor::logoff_call(&agents, &opts)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Sends a chat message to several agents. `POST .../chat/broadcast`.
    #[wasm_bindgen(js_name = broadcastChat)]
    pub fn broadcast_chat(
        &self,
        #[wasm_bindgen(js_name = "usersInfo")] users_info: shapes::ChatRecipientList,
        message: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseBroadcastReply {
        let prepared = (|| {
            let users: Vec<ChatRecipient> = read_input(&users_info, Some("usersInfo"))?;
            let message = string_arg(&message, "message")?;
            CoreSupervisor::broadcast_chat_call(&users, &message)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// New chat messages for the supervisor after `after`. `POST .../chat/messages`.
    #[wasm_bindgen(js_name = chatMessages)]
    pub fn chat_messages(
        &self,
        options: shapes::ChatMessagesOptions,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseChatMessagesReply {
        let prepared = (|| {
            crate::livevox::options::require_exclude_own(&JsOptions(&options))?;
            let opts: ChatMessagesOptions =
                read_input(&dates_to_millis(&options, &["after"])?, None)?;
            CoreSupervisor::chat_messages_call(&opts)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Sends a chat message to one agent (line breaks are kept). `POST .../chat/send`.
    #[wasm_bindgen(js_name = sendChat)]
    pub fn send_chat(
        &self,
        #[wasm_bindgen(js_name = "userLoginId")] user_login_id: shapes::Text,
        message: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = (|| {
            let user = string_arg(&user_login_id, "userLoginId")?;
            let message = string_arg(&message, "message")?;
            CoreSupervisor::send_chat_call(&user, &message)
        })();
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// Ends an agent's chat session. `POST .../chat/end?userLoginId=`.
    #[wasm_bindgen(js_name = endChat)]
    pub fn end_chat(
        &self,
        #[wasm_bindgen(js_name = "userLoginId")] user_login_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let prepared = string_arg(&user_login_id, "userLoginId")
            .and_then(|user| CoreSupervisor::end_chat_call(&user));
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// Connects the supervisor's phone for monitoring. `POST .../monitor/start`. Resolves to
    /// `undefined` when the platform answers 204 (as it does), else `{ activeCall }`.
    #[wasm_bindgen(js_name = startMonitor)]
    pub fn start_monitor(
        &self,
        #[wasm_bindgen(js_name = "numberToDial")] number_to_dial: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "StartMonitorOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseMonitorStateOrUndefined {
        let prepared = (|| {
            let number = string_arg(&number_to_dial, "numberToDial")?;
            let opts: StartMonitorOptions = read_options(&options)?;
            CoreSupervisor::start_monitor_call(&number, &opts)
        })();
        send_call(self.inner.session(), maybe(prepared), call)
    }

    /// Whether the supervisor's monitoring audio path is up. `GET .../monitor/state`.
    #[wasm_bindgen(js_name = monitorState)]
    pub fn monitor_state(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseMonitorState {
        send_call(
            self.inner.session(),
            reply(Ok(CoreSupervisor::monitor_state_call())),
            call,
        )
    }

    /// Listens to an agent's call; nobody hears the supervisor. `POST .../monitor/listen`.
    pub fn listen(
        &self,
        #[wasm_bindgen(js_name = "agentLoginId")] agent_login_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.monitor(MonitorMode::Listen, agent_login_id.into(), call)
            .unchecked_into()
    }

    /// Coaches an agent; only the agent hears the supervisor. `POST .../monitor/coach`.
    pub fn coach(
        &self,
        #[wasm_bindgen(js_name = "agentLoginId")] agent_login_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.monitor(MonitorMode::Coach, agent_login_id.into(), call)
            .unchecked_into()
    }

    /// Barges into an agent's call; everyone hears the supervisor. `POST .../monitor/barge`.
    pub fn barge(
        &self,
        #[wasm_bindgen(js_name = "agentLoginId")] agent_login_id: shapes::Text,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        self.monitor(MonitorMode::Barge, agent_login_id.into(), call)
            .unchecked_into()
    }

    fn monitor(&self, mode: MonitorMode, agent_login_id: JsValue, call: JsValue) -> Promise {
        let prepared = string_arg(&agent_login_id, "agentLoginId")
            .and_then(|agent| CoreSupervisor::monitor_call(mode, &agent));
        send_call(self.inner.session(), nothing(prepared), call)
    }

    /// The call centers and services the supervisor may use. `GET .../service/access`.
    #[wasm_bindgen(js_name = servicesAllowed)]
    pub fn services_allowed(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseServicesAllowed {
        send_call(
            self.inner.session(),
            reply(Ok(CoreSupervisor::services_allowed_call())),
            call,
        )
    }

    /// Moves agents to another service. `POST .../agent/service/switch`.
    #[wasm_bindgen(js_name = switchService)]
    pub fn switch_service(
        &self,
        agents: shapes::TextList,
        #[wasm_bindgen(js_name = "targetServiceId")] target_service_id: shapes::Number,
        #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseSwitchServiceReply {
        let prepared = (|| {
            let agents = string_list(&agents, "agents")?;
            crate::livevox::options::check_target_service_id(&arg(&target_service_id))?;
            let target: i64 = from_js_with(&target_service_id, "targetServiceId", |v| {
                crate::wire::i64_value(&v)
            })?;
            let opts: MessageOptions = read_options(&options)?;
            CoreSupervisor::switch_service_call(&agents, target, &opts)
        })();
        send_call(self.inner.session(), reply(prepared), call)
    }

    /// Starts polling `chatMessages` (every `intervalMs`, default 5000) and returns a
    /// `ChatWatch`: an async iterable of each agent message, once and in order.
    #[wasm_bindgen(js_name = watchChat)]
    pub fn watch_chat(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ChatWatchOptions")] options: JsValue,
    ) -> std::result::Result<ChatWatch, JsValue> {
        let opts: ChatWatchOptions =
            read_options(&dates_to_millis(&options, &["after"]).map_err(throw)?).map_err(throw)?;
        let (watch, driver) = CoreWatch::start(self.inner.clone(), &opts).map_err(throw)?;
        spawn_local(driver);
        Ok(ChatWatch { inner: watch })
    }
}

/// A running chat watch: `for await (const m of watch)`, `on("message" | "error", cb)`,
/// `stop()`.
#[wasm_bindgen]
pub struct ChatWatch {
    inner: CoreWatch,
}

pub(super) fn iter_result(value: JsValue, done: bool) -> JsValue {
    let r = Object::new();
    let _ = Reflect::set(&r, &JsValue::from_str("value"), &value);
    let _ = Reflect::set(&r, &JsValue::from_str("done"), &JsValue::from(done));
    r.into()
}

#[wasm_bindgen]
impl ChatWatch {
    /// The next message (`{ value, done }`, the async-iterator protocol). Rejects with the
    /// error that ended the watch, once.
    pub fn next(&self) -> shapes::PromiseChatWatchNext {
        let next = self.inner.next();
        promise(async move {
            match next.await? {
                Some(m) => Ok(iter_result(to_js(&m)?, false)),
                None => Ok(iter_result(JsValue::UNDEFINED, true)),
            }
        })
    }

    /// Stops the watch (called by `for await` on `break`).
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self) -> shapes::PromiseChatWatchNext {
        self.inner.stop();
        Promise::resolve(&iter_result(JsValue::UNDEFINED, true)).unchecked_into()
    }

    /// Stops polling; messages already received are still yielded, then iteration ends.
    pub fn stop(&self) {
        self.inner.stop();
    }

    /// Whether the watch has stopped.
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// Listens for `"message"` (a `ChatWatchMessage`) or `"error"` (a `FloorwalkerError`;
    /// passing errors are retried with backoff); returns a function that removes the listener.
    pub fn on(
        &self,
        event: shapes::ChatWatchEvent,
        callback: shapes::ChatWatchListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        listen(
            self.inner.clone(),
            |w| w.events(),
            &event,
            &["message", "error"],
            &callback,
            |which, e: &WatchEvent| match (e, which) {
                (WatchEvent::Message(m), 0) => to_js(m).ok(),
                (WatchEvent::Error(err), 1) => Some(to_js_error(err)),
                _ => None,
            },
        )
        .map(JsCast::unchecked_into)
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    pub fn once(
        &self,
        event: shapes::ChatWatchEvent,
        callback: shapes::ChatWatchListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        super::convert::once(&callback, &|listener| {
            self.on(event.clone().unchecked_into(), listener.unchecked_into())
                .map(JsCast::unchecked_into)
        })
        .map(JsCast::unchecked_into)
    }
}

/// Reads the caller's object argument `field` as `T`, where every key must be one `T` knows: an
/// unknown key (a typo, a field of another call) or a value that does not read is
/// `INVALID_ARGUMENT` naming the key, never dropped.
pub(super) fn strict_arg<T>(value: &JsValue, field: &str) -> Result<T>
where
    T: crate::wire::FromJson + serde::Serialize,
{
    let value: serde_json::Value = from_js_named(value, field)?;
    crate::livevox::strict_read(value)
}
