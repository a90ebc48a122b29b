//! The LiveVox session: `login` with `LV-Access`, later calls with `LV-Session`, `validate`,
//! `logout`, and on a 401 one re-login shared by every waiting call.

use super::model::{LoginReply, LoginRequest};
use crate::client::{check_id, decode_json, ApiRequest, CallOptions, LogLevel, Pipeline};
use crate::error::{Error, ErrorCode, Result};
use crate::events::Emitter;
use crate::http::{unless_cancelled, HttpResponse, Method};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use tsify::Tsify;

/// What `LiveVox.login` needs (and what re-login reuses).
#[derive(Clone, Deserialize, Tsify)]
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
}

impl std::fmt::Debug for SessionEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionEvent::Renewed { .. } => f.write_str("Renewed { session_id: <hidden> }"),
            SessionEvent::Expired { message } => {
                f.debug_struct("Expired").field("message", message).finish()
            }
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

type Renewal = Shared<LocalBoxFuture<'static, Result<String>>>;

struct State {
    info: SessionInfo,
    logged_out: bool,
    renewing: Option<Renewal>,
    expired_reported_for: Option<String>,
}

/// A LiveVox session: sends calls with `LV-Session` and renews itself once on a 401.
pub struct Session {
    pipeline: Pipeline,
    /// Kept only for re-login; forgotten at logout.
    credentials: RefCell<Option<Credentials>>,
    state: RefCell<State>,
    events: Emitter<SessionEvent>,
}

impl Session {
    /// Logs in (`POST /session/login` with `LV-Access`).
    pub async fn login(
        pipeline: Pipeline,
        credentials: Credentials,
        call: &CallOptions,
    ) -> Result<Rc<Session>> {
        credentials.validate()?;
        let info = login_request(&pipeline, &credentials, call).await?;
        Ok(Rc::new(Session::with(pipeline, Some(credentials), info)))
    }

    /// Reuses a session id. With credentials, the session can renew itself on a 401.
    pub fn resume(
        pipeline: Pipeline,
        session_id: &str,
        credentials: Option<Credentials>,
    ) -> Result<Rc<Session>> {
        check_id("sessionId", session_id)?;
        crate::client::check_header_value("sessionId", session_id)?;
        if let Some(c) = &credentials {
            c.validate()?;
        }
        let info = SessionInfo {
            session_id: session_id.to_string(),
            ..SessionInfo::default()
        };
        Ok(Rc::new(Session::with(pipeline, credentials, info)))
    }

    fn with(pipeline: Pipeline, credentials: Option<Credentials>, info: SessionInfo) -> Session {
        Session {
            pipeline,
            credentials: RefCell::new(credentials),
            state: RefCell::new(State {
                info,
                logged_out: false,
                renewing: None,
                expired_reported_for: None,
            }),
            events: Emitter::default(),
        }
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
        if st.logged_out {
            return Err(Error::invalid_state(
                "This LiveVox client has logged out; log in again to make calls.",
            ));
        }
        Ok(st.info.session_id.clone())
    }

    /// `GET /session/validate/{id}`: `true` if the platform still knows the session.
    pub async fn validate(&self, call: &CallOptions) -> Result<bool> {
        let id = self.current_id()?;
        let req = ApiRequest::new(
            Method::Get,
            format!("/session/validate/{}", path_segment(&id)),
        )
        .log_as("/session/validate/{sessionId}");
        match self.pipeline.send(&req, call).await {
            Ok(_) => Ok(true),
            Err(e) if matches!(e.status, Some(401 | 404)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether the client still holds credentials to renew the session (false after logout).
    pub fn can_renew(&self) -> bool {
        self.credentials.borrow().is_some()
    }

    /// `DELETE /session/logout/{id}`; afterwards every call fails with `INVALID_STATE`, and the
    /// credentials are forgotten.
    /// Logging out a session the platform already forgot succeeds.
    pub async fn logout(&self, call: &CallOptions) -> Result<()> {
        let id = self.current_id()?;
        let req = ApiRequest::new(
            Method::Delete,
            format!("/session/logout/{}", path_segment(&id)),
        )
        .log_as("/session/logout/{sessionId}");
        let res = self.pipeline.send(&req, call).await;
        match res {
            Ok(_) => {}
            Err(e) if matches!(e.status, Some(401 | 404)) => {}
            Err(e) => return Err(e),
        }
        self.state.borrow_mut().logged_out = true;
        // Nothing can renew a logged-out session: drop the password and token now.
        self.credentials.borrow_mut().take();
        Ok(())
    }

    /// Sends a session-bound call with `LV-Session`. On a 401 it renews the session (one login
    /// for all waiting calls) and retries the call once.
    pub async fn send(
        self: &Rc<Self>,
        req: ApiRequest,
        call: &CallOptions,
    ) -> Result<HttpResponse> {
        let id = self.current_id()?;
        let first = self.pipeline.send(&with_session(&req, &id)?, call).await;
        match first {
            Err(e) if e.status == Some(401) => {}
            other => return other,
        }
        if self.credentials.borrow().is_none() {
            self.report_expired(
                &id,
                "The session expired and this client has no credentials to log in again.",
            );
            return Err(expired_error(
                "The LiveVox session expired; log in again (resume() without credentials cannot renew it).",
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

    /// The one re-login for session `stale`, shared by every caller that saw it expire.
    fn renew(self: &Rc<Self>, stale: &str) -> LocalBoxFuture<'static, Result<String>> {
        let mut st = self.state.borrow_mut();
        if st.info.session_id != stale {
            // Someone already renewed it.
            let id = st.info.session_id.clone();
            return Box::pin(async move { Ok(id) });
        }
        if let Some(r) = &st.renewing {
            return Box::pin(r.clone());
        }
        let me = self.clone();
        let stale = stale.to_string();
        let fut: LocalBoxFuture<'static, Result<String>> = Box::pin(async move {
            let creds = me.credentials.borrow().clone();
            let res = match &creds {
                Some(c) => login_request(&me.pipeline, c, &CallOptions::default()).await,
                None => Err(Error::invalid_state("no credentials")),
            };
            let outcome = {
                let mut st = me.state.borrow_mut();
                st.renewing = None;
                match res {
                    Ok(info) => {
                        let id = info.session_id.clone();
                        st.info = info;
                        Ok(id)
                    }
                    Err(e) => Err(e),
                }
            };
            match outcome {
                Ok(id) => {
                    me.pipeline.note(
                        LogLevel::Warn,
                        Method::Post,
                        "/session/login",
                        "The LiveVox session expired; logged in again and retrying the waiting calls.",
                    );
                    me.events.emit(&SessionEvent::Renewed {
                        session_id: id.clone(),
                    });
                    Ok(id)
                }
                Err(e) if e.code.is_transient() || e.code == ErrorCode::Aborted => Err(e),
                Err(e) => {
                    me.report_expired(&stale, "Logging in again failed.");
                    let mut err = expired_error(format!(
                        "The LiveVox session expired and logging in again failed ({}).",
                        e.message.trim_end_matches('.')
                    ));
                    err.status = e.status;
                    err.vendor_code = e.vendor_code;
                    err.vendor_message = e.vendor_message;
                    Err(err)
                }
            }
        });
        let shared = fut.shared();
        st.renewing = Some(shared.clone());
        Box::pin(shared)
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
    c: &Credentials,
    call: &CallOptions,
) -> Result<SessionInfo> {
    let body = LoginRequest {
        client_name: &c.client_name,
        user_name: &c.user_name,
        password: &c.password,
        agent: c.agent,
    };
    let req = ApiRequest::new(Method::Post, "/session/login")
        .not_session_bound()
        .header("LV-Access", &c.access_token, "accessToken")?
        .json(&body)?;
    let resp = pipeline.send(&req, call).await?;
    let reply: LoginReply = decode_json(&resp)?;
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

#[cfg(test)]
mod tests;
