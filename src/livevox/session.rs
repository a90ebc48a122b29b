//! The LiveVox session: `login` with `LV-Access`, later calls with `LV-Session`, `validate`,
//! `logout`, on a 401 one re-login shared by every waiting call, and `changePassword`.

use super::model::{LoginReply, LoginRequest};
use crate::client::renewal::SingleFlight;
use crate::client::{check_id, ApiRequest, CallOptions, LogLevel, Pipeline};
use crate::error::{Error, ErrorCode, Result};
use crate::events::Emitter;
use crate::http::{unless_cancelled, HttpResponse, Method};
use futures_util::future::{select, Either, LocalBoxFuture};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use tsify::Tsify;

/// What `LiveVox.login` needs (and what re-login reuses).
#[derive(Clone, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// The API access token, sent as `LV-Access` on login.
    pub access_token: String,
    /// The client code.
    pub client_name: String,
    /// The user (or agent) login name.
    pub user_name: String,
    /// The password.
    pub password: String,
    /// Log in as an agent (`true`) or a user (`false`, the default).
    #[serde(default)]
    #[tsify(optional)]
    pub agent: bool,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secrets.
        f.debug_struct("Credentials")
            .field("client_name", &self.client_name)
            .field("user_name", &self.user_name)
            .field("agent", &self.agent)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Checks that every field is usable before anything is sent.
    pub fn validate(&self) -> Result<()> {
        check_id("accessToken", &self.access_token)?;
        crate::client::check_header_value("accessToken", &self.access_token)?;
        check_id("clientName", &self.client_name)?;
        check_id("userName", &self.user_name)?;
        if self.password.is_empty() {
            return Err(Error::invalid_argument("password", "password is required."));
        }
        Ok(())
    }
}

/// What the session tells its listeners. `Debug` hides the session id.
#[derive(Clone, PartialEq)]
pub enum SessionEvent {
    /// The session expired and the client logged in again; calls go on with this id.
    Renewed {
        /// The new session id.
        session_id: String,
    },
    /// The session expired and could not be renewed; calls fail with `SESSION_EXPIRED`.
    Expired {
        /// Why, in one sentence.
        message: String,
    },
    /// A login said the password expires within [`PASSWORD_WARNING_DAYS`] days.
    PasswordExpiring {
        /// Days until the password expires (0 or less: it expires today).
        days_until_password_expires: i64,
    },
}

/// A login whose reply says the password expires within this many days warns with
/// `passwordExpiring`.
pub const PASSWORD_WARNING_DAYS: i64 = 7;

impl std::fmt::Debug for SessionEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionEvent::Renewed { .. } => f.write_str("Renewed { session_id: <hidden> }"),
            SessionEvent::Expired { message } => {
                f.debug_struct("Expired").field("message", message).finish()
            }
            SessionEvent::PasswordExpiring {
                days_until_password_expires: d,
            } => write!(f, "PasswordExpiring({d})"),
        }
    }
}

/// What the platform said about the logged-in user. `Debug` hides the session id.
#[derive(Clone, PartialEq, Default)]
pub struct SessionInfo {
    /// The session id.
    pub session_id: String,
    /// The user's id (unknown after `resume`).
    pub user_id: Option<i64>,
    /// The client's id (unknown after `resume`).
    pub client_id: Option<i64>,
    /// Days until the password expires, when the platform says.
    pub days_until_password_expires: Option<i64>,
}

impl SessionInfo {
    /// Days until the password expires, when a login said it is within
    /// [`PASSWORD_WARNING_DAYS`] days.
    pub fn password_expiring(&self) -> Option<i64> {
        self.days_until_password_expires
            .filter(|d| *d <= PASSWORD_WARNING_DAYS)
    }
}

impl std::fmt::Debug for SessionInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionInfo")
            .field("session_id", &"<hidden>")
            .field("user_id", &self.user_id)
            .field("client_id", &self.client_id)
            .field(
                "days_until_password_expires",
                &self.days_until_password_expires,
            )
            .finish()
    }
}

/// A caller-supplied source of a new session id (`renewSession` of `LiveVox.resume`): a page
/// that got its session from its own server asks that server again.
pub type RenewSession = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<String>>>;

/// How a session renews itself when the platform answers 401.
#[derive(Clone, Default)]
pub enum Renew {
    /// It does not: calls fail with `SESSION_EXPIRED`.
    #[default]
    Never,
    /// It logs in again with these credentials.
    Login(Credentials),
    /// It asks the caller for a new session id.
    Callback(RenewSession),
}

impl std::fmt::Debug for Renew {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Renew::Never => "Never",
            Renew::Login(_) => "Login(<credentials>)",
            Renew::Callback(_) => "Callback",
        })
    }
}

/// A LiveVox API version segment such as `v6.0`: with it every path carries the version after
/// its category (`/session/v6.0/login`, `/callControl/v6.0/agent/status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiVersion(String);

impl ApiVersion {
    /// Checks `text`: `v` then a whole number, optionally `.` and another (`v6.0`, `v5`);
    /// anything else is `INVALID_ARGUMENT` naming `apiVersion`.
    pub fn parse(text: &str) -> Result<ApiVersion> {
        let digits = text.strip_prefix('v').unwrap_or("");
        let (major, minor) = match digits.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (digits, None),
        };
        let number =
            |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
        if number(major) && minor.map_or(true, number) {
            Ok(ApiVersion(text.to_string()))
        } else {
            Err(Error::invalid_argument(
                "apiVersion",
                "apiVersion must look like \"v6.0\" (v, a number, optionally a dot and a number).",
            ))
        }
    }

    /// The version as given, e.g. `"v6.0"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `path` with the version after its first segment: `/session/login` → `/session/v6.0/login`.
    pub fn apply(&self, path: &str) -> String {
        let rest = path.strip_prefix('/').unwrap_or(path);
        match rest.split_once('/') {
            Some((category, tail)) => format!("/{category}/{}/{tail}", self.0),
            None => format!("/{rest}/{}", self.0),
        }
    }
}

/// The path `path` takes on the wire under `version` (unchanged without one).
fn versioned(version: Option<&ApiVersion>, path: &str) -> String {
    version.map_or_else(|| path.to_string(), |v| v.apply(path))
}

struct State {
    info: SessionInfo,
    /// `Some(why)` once the session was logged out or closed: every call fails `INVALID_STATE`.
    ended: Option<&'static str>,
    expired_reported_for: Option<String>,
}

/// A LiveVox session: sends calls with `LV-Session` and renews itself once on a 401.
pub struct Session {
    pipeline: Pipeline,
    api_version: Option<ApiVersion>,
    /// How to renew; forgotten at logout and close (credentials are dropped then).
    renew: RefCell<Renew>,
    renewal: SingleFlight<String>,
    state: RefCell<State>,
    events: Emitter<SessionEvent>,
}

/// How a [`Prepared`] call reads the reply of a successful request.
pub type ReadReply<T> = Box<dyn FnOnce(&HttpResponse) -> Result<T>>;

/// A session-bound call checked and ready to go: its request and how its reply reads. Every
/// simple call of the LiveVox APIs is one, so that one send path (one state machine in the
/// wasm module, not one per method) serves all of them.
pub struct Prepared<T> {
    /// The request, without the session header (added by [`Session::send`]).
    pub request: ApiRequest,
    /// Reads the reply of a successful call.
    pub read: ReadReply<T>,
}

impl<T> Prepared<T> {
    /// A call whose reply is read by `read`.
    pub fn new(
        request: ApiRequest,
        read: impl FnOnce(&HttpResponse) -> Result<T> + 'static,
    ) -> Self {
        Prepared {
            request,
            read: Box::new(read),
        }
    }

    /// The same call, its reply read on into `U` by `then`.
    pub fn map<U>(self, then: impl FnOnce(T) -> Result<U> + 'static) -> Prepared<U>
    where
        T: 'static,
    {
        let read = self.read;
        Prepared::new(self.request, move |resp| then(read(resp)?))
    }

    /// Sends the call through `session` and reads its reply.
    pub async fn send(self, session: &Rc<Session>, call: &CallOptions) -> Result<T> {
        let resp = session.send(self.request, call).await?;
        (self.read)(&resp)
    }
}

impl<T: crate::wire::FromJson + 'static> Prepared<T> {
    /// A call whose reply is a JSON body read as `T`.
    pub fn json(request: ApiRequest) -> Self {
        Prepared::new(request, super::decode::<T>)
    }
}

impl Prepared<()> {
    /// A call whose reply has nothing to read (any body is ignored).
    pub fn unit(request: ApiRequest) -> Self {
        Prepared::new(request, |_| Ok(()))
    }
}

impl Session {
    /// Logs in (`POST /session/login` with `LV-Access`).
    pub async fn login(
        pipeline: Pipeline,
        credentials: Credentials,
        call: &CallOptions,
    ) -> Result<Rc<Session>> {
        Session::login_with(pipeline, credentials, None, call).await
    }

    /// Logs in on versioned paths when `api_version` is given (`/session/v6.0/login`); every
    /// later call of the session uses the same version.
    pub async fn login_with(
        pipeline: Pipeline,
        credentials: Credentials,
        api_version: Option<ApiVersion>,
        call: &CallOptions,
    ) -> Result<Rc<Session>> {
        credentials.validate()?;
        let info = login_request(&pipeline, api_version.as_ref(), &credentials, call).await?;
        Ok(Rc::new(Session::with(
            pipeline,
            Renew::Login(credentials),
            api_version,
            info,
        )))
    }

    /// Reuses a session id. With credentials, the session can renew itself on a 401.
    pub fn resume(
        pipeline: Pipeline,
        session_id: &str,
        credentials: Option<Credentials>,
    ) -> Result<Rc<Session>> {
        let renew = credentials.map_or(Renew::Never, Renew::Login);
        Session::resume_with(pipeline, session_id, renew, None)
    }

    /// Reuses a session id, renewing it as `renew` says, on versioned paths when `api_version`
    /// is given.
    pub fn resume_with(
        pipeline: Pipeline,
        session_id: &str,
        renew: Renew,
        api_version: Option<ApiVersion>,
    ) -> Result<Rc<Session>> {
        check_id("sessionId", session_id)?;
        crate::client::check_header_value("sessionId", session_id)?;
        if let Renew::Login(c) = &renew {
            c.validate()?;
        }
        let info = SessionInfo {
            session_id: session_id.to_string(),
            ..SessionInfo::default()
        };
        Ok(Rc::new(Session::with(pipeline, renew, api_version, info)))
    }

    fn with(
        pipeline: Pipeline,
        renew: Renew,
        api_version: Option<ApiVersion>,
        info: SessionInfo,
    ) -> Session {
        Session {
            pipeline,
            api_version,
            renew: RefCell::new(renew),
            renewal: SingleFlight::default(),
            state: RefCell::new(State {
                info,
                ended: None,
                expired_reported_for: None,
            }),
            events: Emitter::default(),
        }
    }

    /// The API version the session's paths carry, if any.
    pub fn api_version(&self) -> Option<&ApiVersion> {
        self.api_version.as_ref()
    }

    /// The pipeline (for timers and settings).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// What the platform said about the user, as of now.
    pub fn info(&self) -> SessionInfo {
        self.state.borrow().info.clone()
    }

    /// The listeners of `sessionRenewed` / `sessionExpired`.
    pub fn events(&self) -> &Emitter<SessionEvent> {
        &self.events
    }

    fn current_id(&self) -> Result<String> {
        let st = self.state.borrow();
        if let Some(why) = st.ended {
            return Err(Error::invalid_state(why));
        }
        Ok(st.info.session_id.clone())
    }

    /// `GET /session/validate/{id}`: `true` if the platform still knows the session.
    pub async fn validate(&self, call: &CallOptions) -> Result<bool> {
        let id = self.current_id()?;
        let req = ApiRequest::new(
            Method::Get,
            self.path(&format!("/session/validate/{}", path_segment(&id))),
        )
        .log_as(self.path("/session/validate/{sessionId}"));
        match self.pipeline.send(&req, call).await {
            Ok(_) => Ok(true),
            Err(e) if matches!(e.status, Some(401 | 404)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether the client can renew the session on a 401 (false after logout or close).
    pub fn can_renew(&self) -> bool {
        !matches!(*self.renew.borrow(), Renew::Never)
    }

    /// `path` as the wire has it (with the API version, when one is set).
    fn path(&self, path: &str) -> String {
        versioned(self.api_version.as_ref(), path)
    }

    /// Forgets the session here without telling the platform (nothing is sent): other
    /// processes holding the same session id (LiveVox hands the same id to the same user and
    /// token) keep working. Afterwards every call fails with `INVALID_STATE`.
    pub fn close(&self) {
        let mut st = self.state.borrow_mut();
        if st.ended.is_none() {
            st.ended =
                Some("This LiveVox client was closed; log in or resume again to make calls.");
        }
        drop(st);
        *self.renew.borrow_mut() = Renew::Never;
    }

    /// `DELETE /session/logout/{id}`; afterwards every call fails with `INVALID_STATE`, and the
    /// credentials are forgotten.
    /// Logging out a session the platform already forgot succeeds.
    pub async fn logout(&self, call: &CallOptions) -> Result<()> {
        let id = self.current_id()?;
        let req = ApiRequest::new(
            Method::Delete,
            self.path(&format!("/session/logout/{}", path_segment(&id))),
        )
        .log_as(self.path("/session/logout/{sessionId}"));
        let res = self.pipeline.send(&req, call).await;
        match res {
            Ok(_) => {}
            Err(e) if matches!(e.status, Some(401 | 404)) => {}
            Err(e) => return Err(e),
        }
        self.state.borrow_mut().ended =
            Some("This LiveVox client has logged out; log in again to make calls.");
        // Nothing can renew a logged-out session: drop the password and token now.
        *self.renew.borrow_mut() = Renew::Never;
        Ok(())
    }

    /// Sends a session-bound call with `LV-Session` (on the versioned path when the session
    /// has an API version). On a 401 it renews the session (one renewal for all waiting calls)
    /// and retries the call once; a call made while a renewal runs waits for it first.
    pub async fn send(
        self: &Rc<Self>,
        mut req: ApiRequest,
        call: &CallOptions,
    ) -> Result<HttpResponse> {
        if let Some(version) = &self.api_version {
            if let Some(log) = &req.log_path {
                req.log_path = Some(version.apply(log));
            }
            req.path = version.apply(&req.path);
        }
        if let Some(running) = self.renewal.pending() {
            // The session is about to change: going out with the old id would only earn a 401.
            // A renewal that failed for good fails this call too (no second renewal); after a
            // passing failure the call goes out and reports what it gets.
            match unless_cancelled(running, call.cancel.as_ref()).await {
                None => return Err(Error::aborted()),
                Some(Err(e)) if e.code == ErrorCode::SessionExpired => return Err(e),
                Some(_) => {}
            }
        }
        let id = self.current_id()?;
        let first = self.pipeline.send(&with_session(&req, &id)?, call).await;
        match first {
            Err(e) if e.status == Some(401) => {}
            other => return other,
        }
        if !self.can_renew() {
            self.report_expired(
                &id,
                "The session expired and this client has no way to renew it.",
            );
            return Err(expired_error(
                "The LiveVox session expired; log in again (resume() without credentials or renewSession cannot renew it).",
            ));
        }
        let renewal = self.renew(&id);
        let new_id = match unless_cancelled(renewal, call.cancel.as_ref()).await {
            None => return Err(Error::aborted()),
            Some(r) => r?,
        };
        let second = self
            .pipeline
            .send(&with_session(&req, &new_id)?, call)
            .await;
        if let Err(e) = &second {
            if e.status == Some(401) {
                self.report_expired(&new_id, "The renewed session was refused too.");
            }
        }
        second
    }

    /// The one renewal of session `stale`, shared by every caller that saw it expire.
    fn renew(self: &Rc<Self>, stale: &str) -> LocalBoxFuture<'static, Result<String>> {
        {
            let st = self.state.borrow();
            if st.info.session_id != stale {
                // Someone already renewed it.
                let id = st.info.session_id.clone();
                return Box::pin(async move { Ok(id) });
            }
        }
        let me = self.clone();
        let stale = stale.to_string();
        self.renewal
            .join_or_start(move || Box::pin(me.renew_now(stale)))
    }

    async fn renew_now(self: Rc<Self>, stale: String) -> Result<String> {
        let how = self.renew.borrow().clone();
        let res = match how {
            Renew::Login(c) => {
                login_request(
                    &self.pipeline,
                    self.api_version.as_ref(),
                    &c,
                    &CallOptions::default(),
                )
                .await
            }
            Renew::Callback(f) => self.session_from_caller(f).await.map(|id| {
                let mut info = self.state.borrow().info.clone();
                info.session_id = id;
                info
            }),
            Renew::Never => Err(Error::invalid_state(
                "This client cannot renew its session.",
            )),
        };
        let res = res.and_then(|info| {
            // A logout or close while the renewal ran wins: the new session is not used.
            let _ = self.current_id()?;
            Ok(info)
        });
        match res {
            Ok(info) => {
                let id = info.session_id.clone();
                let expiring = info.password_expiring();
                self.state.borrow_mut().info = info;
                self.pipeline.note(
                    LogLevel::Warn,
                    Method::Post,
                    &self.path("/session/login"),
                    "The LiveVox session expired; renewed it and retrying the waiting calls.",
                );
                self.events.emit(&SessionEvent::Renewed {
                    session_id: id.clone(),
                });
                if let Some(days) = expiring {
                    self.events.emit(&SessionEvent::PasswordExpiring {
                        days_until_password_expires: days,
                    });
                }
                Ok(id)
            }
            Err(e)
                if e.code.is_transient()
                    || e.code == ErrorCode::Aborted
                    || e.code == ErrorCode::InvalidState =>
            {
                Err(e)
            }
            Err(e) => {
                self.report_expired(&stale, "Renewing the session failed.");
                let mut err = expired_error(format!(
                    "The LiveVox session expired and renewing it failed ({}).",
                    e.message.trim_end_matches('.')
                ));
                err.status = e.status;
                err.vendor_code = e.vendor_code;
                err.vendor_message = e.vendor_message;
                Err(err)
            }
        }
    }

    /// Asks the caller's `renewSession` for a new id, within the client's timeout.
    async fn session_from_caller(&self, renew: RenewSession) -> Result<String> {
        let timeout_ms = self.pipeline.timeout_ms;
        let asked = renew();
        let id = match select(asked, self.pipeline.runtime.sleep(timeout_ms)).await {
            Either::Left((r, _)) => r?,
            Either::Right(_) => {
                return Err(Error::new(
                    ErrorCode::SessionExpired,
                    format!("renewSession did not answer within {timeout_ms} ms."),
                ))
            }
        };
        check_id("sessionId", &id).map_err(|_| {
            Error::new(
                ErrorCode::SessionExpired,
                "renewSession must resolve to a non-empty session id without control characters.",
            )
        })?;
        Ok(id)
    }

    fn report_expired(&self, session_id: &str, message: &str) {
        {
            let mut st = self.state.borrow_mut();
            if st.expired_reported_for.as_deref() == Some(session_id) {
                return;
            }
            st.expired_reported_for = Some(session_id.to_string());
        }
        self.events.emit(&SessionEvent::Expired {
            message: message.to_string(),
        });
    }
}

fn expired_error(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::SessionExpired, message).with_status(401)
}

fn with_session(req: &ApiRequest, session_id: &str) -> Result<ApiRequest> {
    req.clone().header("LV-Session", session_id, "sessionId")
}

fn path_segment(id: &str) -> String {
    crate::client::encode_component(id)
}

async fn login_request(
    pipeline: &Pipeline,
    version: Option<&ApiVersion>,
    c: &Credentials,
    call: &CallOptions,
) -> Result<SessionInfo> {
    let body = LoginRequest {
        client_name: &c.client_name,
        user_name: &c.user_name,
        password: &c.password,
        agent: c.agent,
    };
    let req = ApiRequest::new(Method::Post, versioned(version, "/session/login"))
        .not_session_bound()
        .header("LV-Access", &c.access_token, "accessToken")?
        .json(&body)?;
    let resp = pipeline.send(&req, call).await?;
    let reply: LoginReply = super::decode(&resp)?;
    if reply.session_id.trim().is_empty() {
        return Err(Error::bad_response("login returned no sessionId").with_status(resp.status));
    }
    check_id("sessionId", &reply.session_id)
        .map_err(|_| Error::bad_response("login returned an unusable sessionId"))?;
    Ok(SessionInfo {
        session_id: reply.session_id,
        user_id: reply.user_id,
        client_id: reply.client_id,
        days_until_password_expires: reply.days_until_password_expires,
    })
}

/// Body of `POST /session/password`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PasswordChangeRequest<'a> {
    client_name: &'a str,
    user_name: &'a str,
    password: &'a str,
    new_password: &'a str,
    agent: bool,
}

/// Checks a password change before anything is sent: the credentials as for a login, and a
/// `new_password` that is given and differs from the current one. (The platform's own rules,
/// such as length and reuse, are the platform's to enforce.)
pub fn check_password_change(credentials: &Credentials, new_password: &str) -> Result<()> {
    credentials.validate()?;
    if new_password.is_empty() {
        return Err(Error::invalid_argument(
            "newPassword",
            "newPassword is required.",
        ));
    }
    if new_password == credentials.password {
        return Err(Error::invalid_argument(
            "newPassword",
            "newPassword must differ from the current password.",
        ));
    }
    Ok(())
}

/// Changes a user's (or, with `agent`, an agent's) password: `POST /session/password`
/// `{clientName, userName, password, newPassword, agent}` with `LV-Access` and no session (an
/// expired password cannot log in). Any 2xx is success; the reply body is not read. LiveVox
/// ends the user's sessions when the password changes. Neither password is ever logged.
pub async fn change_password(
    pipeline: &Pipeline,
    credentials: &Credentials,
    new_password: &str,
    api_version: Option<&ApiVersion>,
    call: &CallOptions,
) -> Result<()> {
    check_password_change(credentials, new_password)?;
    let body = PasswordChangeRequest {
        client_name: &credentials.client_name,
        user_name: &credentials.user_name,
        password: &credentials.password,
        new_password,
        agent: credentials.agent,
    };
    let req = ApiRequest::new(Method::Post, versioned(api_version, "/session/password"))
        .not_session_bound()
        .header("LV-Access", &credentials.access_token, "accessToken")?
        .json(&body)?;
    pipeline.send(&req, call).await.map(|_| ())
}

#[cfg(test)]
mod tests;
