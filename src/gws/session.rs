//! The GWS session: HTTP Basic auth on every request, the `JSESSIONID` cookie kept (Node) or
//! left to the browser (`credentials: "include"`), the CSRF token read from the first GET and
//! sent on every write, and one shared re-read of `GET /api/v2/me` when GWS loses the session
//! (401) or refuses the CSRF token (403), after which the call is retried once.

use super::chat::ChatState;
use super::model::{
    status_code_of, ChatMode, GwsDevice, GwsUser, MeOptions, StartSessionOptions,
    StartSessionResult, Subresources,
};
use super::status::{explain_http_error, vendor_error};
use super::wire::FromJson;
use crate::client::renewal::Shared;
use crate::client::{
    check_id, check_no_control, encode_component, ApiRequest, CallOptions, LogLevel, Pipeline,
};
use crate::cookies::CookieJar;
use crate::error::{Error, ErrorCode, Result};
use crate::http::{unless_cancelled, HttpResponse, Method};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Where the GWS API lives below the server root.
pub const API_PREFIX: &str = "/api/v2";

/// The `operationName` that logs the user in to the contact center.
const START_SESSION: &str = "StartContactCenterSession";

/// A header name and value.
pub type Header = (String, String);

/// The user name and password of `Gws.connect`.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GwsCredentials {
    /// The GWS user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for GwsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the password.
        f.debug_struct("GwsCredentials")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl GwsCredentials {
    /// Checks the credentials before anything is sent: a non-blank user name without `:` or
    /// control characters, and a non-empty password.
    pub fn validate(&self) -> Result<()> {
        check_id("username", &self.username)?;
        if self.username.contains(':') {
            return Err(Error::invalid_argument(
                "username",
                "username must not contain ':' (HTTP Basic auth cannot carry it).",
            ));
        }
        if self.password.is_empty() {
            return Err(Error::invalid_argument("password", "password is required."));
        }
        check_no_control("password", &self.password)?;
        Ok(())
    }

    /// The `Authorization` header value.
    fn basic(&self) -> Secret {
        let raw = format!("{}:{}", self.username, self.password);
        Secret(format!("Basic {}", base64(raw.as_bytes())))
    }
}

/// A header value that must never be printed.
#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Standard base64 with padding (RFC 4648), for the Basic auth header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |i: u32| char::from(ALPHABET.get((i & 63) as usize).copied().unwrap_or(b'='));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        out.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    out
}

/// The CSRF header to send on writes, as the server named it.
#[derive(Clone, PartialEq)]
struct Csrf {
    header: String,
    token: String,
}

impl std::fmt::Debug for Csrf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Csrf")
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

type Renewal = Shared<u64>;

struct State {
    auth: Option<Secret>,
    /// Shared with the notifications' CometD client (one `JSESSIONID`, one `BAYEUX_BROWSER`).
    cookies: Rc<RefCell<CookieJar>>,
    csrf: Option<Csrf>,
    user: GwsUser,
    /// Bumped by each re-read of the session: a call that failed on an older generation just
    /// retries.
    generation: u64,
    renewing: Option<Renewal>,
    chats: Keyed<ChatState>,
    /// The mode of each agent's chats this supervisor monitors (`monitorChats`): what GWS uses
    /// for an `Intrude` that names no visibility.
    monitored: Keyed<ChatMode>,
    /// The capabilities of each call the client has seen (`snapshot`, `CallStateChangeMessage`),
    /// by call id; a released call has none (see [`super::supervisor`]).
    calls: Keyed<Vec<String>>,
}

/// A connected GWS client: every voice and chat operation goes through it.
pub struct GwsSession {
    pipeline: Pipeline,
    credentials: RefCell<Option<GwsCredentials>>,
    state: RefCell<State>,
}

impl std::fmt::Debug for GwsSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = self.state.borrow();
        let cookies = st.cookies.borrow();
        f.debug_struct("GwsSession")
            .field("base", &self.pipeline.base)
            .field("credentials", &*self.credentials.borrow())
            .field("cookies", &*cookies)
            .field("csrf", &st.csrf)
            .field("closed", &st.auth.is_none())
            .finish_non_exhaustive()
    }
}

/// Whether `e` is GWS refusing the CSRF token (a 403 that is not a GWS role refusal).
fn is_csrf_refusal(e: &Error) -> bool {
    if e.status != Some(403) {
        return false;
    }
    let mentions_csrf = e
        .vendor_message
        .as_deref()
        .is_some_and(|m| m.to_ascii_lowercase().contains("csrf"));
    mentions_csrf || e.vendor_code.is_none()
}

/// The server root: `baseUrl` without a trailing `/api/v2`, so that both forms work.
fn server_root(mut pipeline: Pipeline) -> Result<Pipeline> {
    let base = pipeline.base.as_str();
    if let Some(root) = base.strip_suffix(API_PREFIX) {
        pipeline.base = crate::client::BaseUrl::parse(root, "baseUrl")?;
    }
    Ok(pipeline)
}

impl GwsSession {
    /// Connects: checks the credentials, then `GET /api/v2/me` with Basic auth, keeping the
    /// session cookie and CSRF token of the answer. A refused login is `UNAUTHORIZED`.
    pub async fn connect(
        pipeline: Pipeline,
        credentials: GwsCredentials,
        call: &CallOptions,
    ) -> Result<Rc<GwsSession>> {
        credentials.validate()?;
        let pipeline = server_root(pipeline)?;
        let session = Rc::new(GwsSession {
            pipeline,
            state: RefCell::new(State {
                auth: Some(credentials.basic()),
                cookies: Rc::default(),
                csrf: None,
                user: GwsUser::default(),
                generation: 0,
                renewing: None,
                chats: Keyed::default(),
                monitored: Keyed::default(),
                calls: Keyed::default(),
            }),
            credentials: RefCell::new(Some(credentials)),
        });
        let user = session.read_me(call).await?;
        session.state.borrow_mut().user = user;
        Ok(session)
    }

    /// The pipeline (settings, timers).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The user as `connect` (or the last re-read of the session) found it.
    pub fn user(&self) -> GwsUser {
        self.state.borrow().user.clone()
    }

    /// Whether [`GwsSession::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.state.borrow().auth.is_none()
    }

    /// Forgets the credentials, cookies and CSRF token; later calls fail with `INVALID_STATE`.
    /// GWS keeps its HTTP session until it times out (call `end_session` first to log the
    /// agent out of the contact center).
    pub fn close(&self) {
        *self.credentials.borrow_mut() = None;
        let mut st = self.state.borrow_mut();
        st.auth = None;
        st.cookies.borrow_mut().clear();
        st.csrf = None;
        st.renewing = None;
        st.chats.clear();
        st.monitored.clear();
        st.calls.clear();
    }

    /// What a CometD connection needs to join this session: the `Authorization` header and
    /// the session's cookie jar (shared, so a renewed `JSESSIONID` reaches it too).
    pub fn notification_auth(&self) -> Result<(Header, Rc<RefCell<CookieJar>>)> {
        let st = self.state.borrow();
        let auth = st.auth.as_ref().ok_or_else(closed_error)?;
        Ok((
            ("Authorization".to_string(), auth.0.clone()),
            st.cookies.clone(),
        ))
    }

    /// The CSRF header the session holds (name and token), if GWS sent one: CometD requests
    /// send it too, since servers that enforce CSRF check every POST, handshakes included.
    /// Asked for at each request, so a token renewed with the session is used at once.
    pub fn csrf_header(&self) -> Option<Header> {
        let st = self.state.borrow();
        st.csrf
            .as_ref()
            .map(|c| (c.header.clone(), c.token.clone()))
    }

    /// Which HTTP session the current cookie and CSRF token belong to: bumped by each
    /// re-read of the session (see [`GwsSession::renew_after`]).
    pub fn generation(&self) -> u64 {
        self.state.borrow().generation
    }

    /// Re-reads the session after GWS refused a request sent in `generation` (the CometD
    /// channel's handshake with a stale CSRF token): the same single `GET /api/v2/me` that
    /// waiting REST calls share, or nothing when the session was re-read since.
    pub fn renew_after(self: &Rc<Self>, generation: u64) -> LocalBoxFuture<'static, Result<()>> {
        let renewal = self.renew(generation);
        Box::pin(async move { renewal.await.map(drop) })
    }

    /// The base URL's `/api/v2/notifications`, the CometD endpoint of GWS.
    pub fn notifications_url(&self) -> String {
        format!("{}{API_PREFIX}/notifications", self.pipeline.base.as_str())
    }

    /// Runs `f` over the chat states this client tracks (see [`super::chat`]).
    pub(super) fn with_chats<R>(&self, f: impl FnOnce(&mut Keyed<ChatState>) -> R) -> R {
        f(&mut self.state.borrow_mut().chats)
    }

    /// Runs `f` over the chat modes of the agents this client monitors, keyed by the agent's
    /// user id as it goes in a path (see `GwsSession::learn`).
    pub(super) fn with_monitored<R>(&self, f: impl FnOnce(&mut Keyed<ChatMode>) -> R) -> R {
        f(&mut self.state.borrow_mut().monitored)
    }

    /// Runs `f` over the known capabilities of calls, keyed by call id (see
    /// [`super::supervisor`]).
    pub(super) fn with_calls<R>(&self, f: impl FnOnce(&mut Keyed<Vec<String>>) -> R) -> R {
        f(&mut self.state.borrow_mut().calls)
    }

    /// `req` with auth, cookie and (on writes) CSRF headers, and the generation it belongs to.
    fn prepare(&self, req: &ApiRequest) -> Result<(ApiRequest, u64)> {
        let st = self.state.borrow();
        let auth = st.auth.as_ref().ok_or_else(closed_error)?;
        let mut r = req.clone().with_credentials();
        r.headers
            .push(("Authorization".to_string(), auth.0.clone()));
        if let Some(cookie) = st.cookies.borrow().header() {
            r.headers.push(("Cookie".to_string(), cookie));
        }
        if req.method != Method::Get {
            if let Some(csrf) = &st.csrf {
                r = r.header(&csrf.header, &csrf.token, "csrfToken")?;
            }
        }
        Ok((r, st.generation))
    }

    /// Keeps what an answer says about the session: cookies and a (new) CSRF token.
    fn absorb(&self, resp: &HttpResponse) {
        let mut st = self.state.borrow_mut();
        st.cookies.borrow_mut().store(resp);
        if let Some(token) = resp.header("x-csrf-token").map(str::trim) {
            let header = resp
                .header("x-csrf-header")
                .map(str::trim)
                .filter(|h| {
                    !h.is_empty()
                        && h.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
                .unwrap_or("X-CSRF-TOKEN");
            if !token.is_empty() && crate::client::check_header_value("csrfToken", token).is_ok() {
                st.csrf = Some(Csrf {
                    header: header.to_string(),
                    token: token.to_string(),
                });
            }
        }
    }

    /// Sends a request of this session. When GWS answers 401 (session lost), or 403 to a write
    /// because of the CSRF token, it re-reads the session once (one `GET /api/v2/me` for all
    /// waiting calls) and retries the call once.
    pub async fn send(
        self: &Rc<Self>,
        req: &ApiRequest,
        call: &CallOptions,
    ) -> Result<HttpResponse> {
        // While the session is being read again, new calls wait for it rather than go out
        // without a session.
        let pending = self.state.borrow().renewing.clone();
        if let Some(renewal) = pending {
            match unless_cancelled(renewal, call.cancel.as_ref()).await {
                None => return Err(Error::aborted()),
                Some(r) => r?,
            };
        }
        let (prepared, generation) = self.prepare(req)?;
        let first = self.pipeline.send(&prepared, call).await;
        let e = match first {
            Ok(resp) => {
                self.absorb(&resp);
                return Ok(resp);
            }
            Err(e) => e,
        };
        let renew = e.status == Some(401) || (req.method != Method::Get && is_csrf_refusal(&e));
        if !renew {
            return Err(e);
        }
        let csrf = e.status == Some(403);
        match unless_cancelled(self.renew(generation), call.cancel.as_ref()).await {
            None => return Err(Error::aborted()),
            Some(r) => r?,
        };
        let (prepared, _) = self.prepare(req)?;
        match self.pipeline.send(&prepared, call).await {
            Ok(resp) => {
                self.absorb(&resp);
                Ok(resp)
            }
            Err(e) if csrf && is_csrf_refusal(&e) => {
                let mut err = Error::new(
                    ErrorCode::Forbidden,
                    "GWS refused the CSRF token even after reading a new one; in a browser, the \
                     server's CORS settings must expose X-CSRF-HEADER and X-CSRF-TOKEN and allow \
                     credentials.",
                )
                .with_status(403);
                err.vendor_code = e.vendor_code;
                err.vendor_message = e.vendor_message;
                Err(err)
            }
            Err(e) => Err(e),
        }
    }

    /// The one re-read of the session for calls that failed on `generation`.
    fn renew(self: &Rc<Self>, generation: u64) -> LocalBoxFuture<'static, Result<u64>> {
        let mut st = self.state.borrow_mut();
        if st.generation != generation {
            let current = st.generation;
            return Box::pin(async move { Ok(current) });
        }
        if let Some(r) = &st.renewing {
            return Box::pin(r.clone());
        }
        // A new HTTP session: forget the old cookie and token so GWS issues new ones.
        st.cookies.borrow_mut().clear();
        st.csrf = None;
        let me = self.clone();
        let fut: LocalBoxFuture<'static, Result<u64>> = Box::pin(async move {
            let res = me.read_me(&CallOptions::default()).await;
            let mut st = me.state.borrow_mut();
            st.renewing = None;
            match res {
                Ok(user) => {
                    st.user = user;
                    st.generation += 1;
                    let g = st.generation;
                    drop(st);
                    me.pipeline.note(
                        LogLevel::Warn,
                        Method::Get,
                        "/api/v2/me",
                        "GWS lost the session; read it again and retried the waiting calls.",
                    );
                    Ok(g)
                }
                Err(e)
                    if e.code.is_transient()
                        || e.code == ErrorCode::Aborted
                        || e.code == ErrorCode::InvalidState =>
                {
                    Err(e)
                }
                Err(e) => {
                    let mut err = Error::new(
                        ErrorCode::SessionExpired,
                        format!(
                            "The GWS session was lost and reading it again failed ({}); connect again.",
                            e.message.trim_end_matches('.')
                        ),
                    );
                    err.status = e.status;
                    err.vendor_code = e.vendor_code;
                    err.vendor_message = e.vendor_message;
                    Err(err)
                }
            }
        });
        let shared = Shared::new(fut);
        st.renewing = Some(shared.clone());
        Box::pin(shared)
    }

    /// `GET /api/v2/me` as a login: 401 means bad credentials.
    async fn read_me(&self, call: &CallOptions) -> Result<GwsUser> {
        let req = ApiRequest::new(Method::Get, format!("{API_PREFIX}/me")).not_session_bound();
        let (prepared, _) = self.prepare(&req)?;
        let resp = self
            .pipeline
            .send(&prepared, call)
            .await
            .map_err(|e| explain_http_error("GET /me", e))?;
        self.absorb(&resp);
        let body = checked_body(&resp, "GET /me", false)?;
        user_of(body)
    }

    /// Sends `req` and returns its JSON body once GWS said `statusCode` 0. `operation` names
    /// the call in errors.
    pub async fn request(
        self: &Rc<Self>,
        req: &ApiRequest,
        operation: &str,
        call: &CallOptions,
    ) -> Result<Value> {
        self.request_with_status(req, operation, call)
            .await
            .map(|(body, _)| body)
    }

    /// [`GwsSession::request`], with the HTTP status (for errors found in the body later).
    async fn request_with_status(
        self: &Rc<Self>,
        req: &ApiRequest,
        operation: &str,
        call: &CallOptions,
    ) -> Result<(Value, u16)> {
        let resp = self
            .send(req, call)
            .await
            .map_err(|e| explain_http_error(operation, e))?;
        Ok((checked_body(&resp, operation, false)?, resp.status))
    }

    /// Sends an [`Operation`]; resolves to the reply once GWS accepted it (`statusCode` 0;
    /// the outcome arrives as a notification). `StartContactCenterSession` also resolves on a
    /// partial success (`statusCode` 7). What the operation tells about chat monitoring is
    /// remembered (see `GwsSession::learn`).
    pub async fn perform(self: &Rc<Self>, op: &Operation, call: &CallOptions) -> Result<Value> {
        let mut req = ApiRequest::new(Method::Post, format!("{API_PREFIX}{}", op.path));
        req.body = Some(op.body());
        let resp = self
            .send(&req, call)
            .await
            .map_err(|e| explain_http_error(op.name, e))?;
        let body = checked_body(&resp, op.name, op.name == START_SESSION)?;
        self.learn(op);
        Ok(body)
    }

    /// Remembers, from an accepted operation, the mode in which this supervisor monitors an
    /// agent's chats (`POST /users/{id}/channels/chat` `Monitor` | `Coach` | `BargeIn`, forgotten
    /// on `CancelSupervisorMonitoring`): GWS uses it for an `Intrude` that names no visibility.
    fn learn(&self, op: &Operation) {
        let Some(agent) = op
            .path
            .strip_prefix("/users/")
            .and_then(|rest| rest.strip_suffix("/channels/chat"))
        else {
            return;
        };
        let mode = match op.name {
            "Monitor" => Some(ChatMode::Monitor),
            "Coach" => Some(ChatMode::Coach),
            "BargeIn" => Some(ChatMode::BargeIn),
            "CancelSupervisorMonitoring" => None,
            _ => return,
        };
        let mut st = self.state.borrow_mut();
        match mode {
            Some(m) => st.monitored.insert(agent.to_string(), m),
            None => st.monitored.remove(agent),
        };
    }

    /// `GET /api/v2/me[?subresources=...]`: the user object.
    pub async fn me(self: &Rc<Self>, opts: &MeOptions, call: &CallOptions) -> Result<GwsUser> {
        let mut req = ApiRequest::new(Method::Get, format!("{API_PREFIX}/me"));
        if let Some(sub) = &opts.subresources {
            let list = match sub {
                Subresources::One(s) => vec![s.clone()],
                Subresources::Many(v) => v.clone(),
            };
            if list.is_empty() {
                return Err(Error::invalid_argument(
                    "subresources",
                    "subresources must name at least one subresource (or \"*\").",
                ));
            }
            for s in &list {
                check_id("subresources", s)?;
            }
            req = req.query("subresources", list.join(","));
        }
        let (body, status) = self.request_with_status(&req, "GET /me", call).await?;
        let user = user_of(body).map_err(|e| e.with_status(status))?;
        self.state.borrow_mut().user = user.clone();
        Ok(user)
    }

    /// Logs the user in to the contact center (see [`Operation::start_session`]) and resolves
    /// to one result per channel. A partial success (`statusCode` 7: e.g. voice logged in,
    /// chat not) resolves too, with the failed channels marked; anything else but 0 rejects.
    pub async fn start_session(
        self: &Rc<Self>,
        opts: &StartSessionOptions,
        call: &CallOptions,
    ) -> Result<StartSessionResult> {
        let body = self.perform(&Operation::start_session(opts)?, call).await?;
        Ok(StartSessionResult::from_reply(&opts.channels, &body))
    }

    /// Logs the user out of the contact center (see [`Operation::end_session`]).
    pub async fn end_session(self: &Rc<Self>, call: &CallOptions) -> Result<()> {
        self.perform(&Operation::end_session(), call)
            .await
            .map(drop)
    }

    /// The user's devices as device objects: `GET /api/v2/me/devices?fields=*` → `devices`.
    /// A server that answers the collection as `uris` (what GWS does without `fields=*`, Web
    /// Services API: Request Parameters) has each device read with
    /// `GET /api/v2/devices/{id}` on this client's server. Each device's monitoring state is
    /// in one shape whatever the GWS version.
    pub async fn devices(self: &Rc<Self>, call: &CallOptions) -> Result<Vec<GwsDevice>> {
        // `*` goes on the wire as it stands (the query encoder would send `%2A`).
        let req = ApiRequest::new(Method::Get, format!("{API_PREFIX}/me/devices?fields=*"));
        let (body, status) = self
            .request_with_status(&req, "GET /me/devices", call)
            .await?;
        let bad = |why: String| Error::bad_response(why).with_status(status);
        let mut devices = Vec::new();
        match (body.get("devices"), body.get("uris")) {
            (Some(Value::Array(list)), _) => {
                for d in list {
                    devices.push(GwsDevice::from_wire(d.clone()).map_err(|e| bad(e.to_string()))?);
                }
            }
            (None | Some(Value::Null), Some(Value::Array(uris))) => {
                for uri in uris {
                    let id = uri.as_str().and_then(device_id_of);
                    let id = id.ok_or_else(|| bad(format!("{uri} is not a device URI")))?;
                    let req = ApiRequest::new(
                        Method::Get,
                        format!("{API_PREFIX}/devices/{}", path_id("deviceId", &id)?),
                    );
                    let (one, _) = self
                        .request_with_status(&req, "GET /devices/{id}", call)
                        .await?;
                    let d = one.get("device").filter(|d| d.is_object()).cloned();
                    let d = d.ok_or_else(|| bad("GET /devices/{id} answered no device".into()))?;
                    devices.push(GwsDevice::from_wire(d).map_err(|e| bad(e.to_string()))?);
                }
            }
            (None | Some(Value::Null), None | Some(Value::Null)) => {}
            _ => return Err(bad("devices or uris is not a list".into())),
        }
        Ok(devices)
    }
}

/// A GWS operation, checked and ready to send: `POST /api/v2{path}` with
/// `{"operationName": name, ...params}`. Built (and its input checked) without I/O; sent by
/// [`GwsSession::perform`]. `Debug` shows the path, the name and the parameter names (never
/// their values: chat text, user data).
#[derive(Clone, PartialEq)]
pub struct Operation {
    /// The path below `/api/v2`, ids already encoded.
    pub path: String,
    /// The `operationName`.
    pub name: &'static str,
    /// The other fields of the body.
    pub params: Map<String, Value>,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.params.keys().map(String::as_str).collect();
        f.debug_struct("Operation")
            .field("path", &self.path)
            .field("name", &self.name)
            .field("params", &names)
            .finish()
    }
}

impl Operation {
    /// An operation without parameters.
    pub fn new(path: impl Into<String>, name: &'static str) -> Self {
        Operation {
            path: path.into(),
            name,
            params: Map::new(),
        }
    }

    /// The JSON body: `operationName` first (as GWS documents it), then the other fields.
    pub fn body(&self) -> String {
        let mut body = format!("{{\"operationName\":{}", Value::from(self.name));
        for (key, value) in &self.params {
            body.push(',');
            body.push_str(&Value::from(key.as_str()).to_string());
            body.push(':');
            body.push_str(&value.to_string());
        }
        body.push('}');
        body
    }

    /// Adds a body field.
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.params.insert(key.into(), value);
        self
    }

    /// `POST /api/v2/me {operationName: "StartContactCenterSession", channels, place?,
    /// loginCode?, queue?}`: logs the user in to the contact center.
    pub fn start_session(opts: &StartSessionOptions) -> Result<Self> {
        if opts.channels.is_empty() {
            return Err(Error::invalid_argument(
                "channels",
                "channels must list at least one channel, e.g. [\"voice\", \"chat\"].",
            ));
        }
        for c in &opts.channels {
            check_id("channels", c)?;
        }
        let mut op = Operation::new("/me", START_SESSION)
            .with("channels", Value::from(opts.channels.clone()));
        for (key, value) in [
            ("place", &opts.place),
            ("loginCode", &opts.login_code),
            ("queue", &opts.queue),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                check_no_control(key, v)?;
                op = op.with(key, Value::String(v.into()));
            }
        }
        Ok(op)
    }

    /// `POST /api/v2/me {operationName: "EndContactCenterSession"}`: logs the user out of the
    /// contact center.
    pub fn end_session() -> Self {
        Operation::new("/me", "EndContactCenterSession")
    }
}

/// The device id at the end of a device URI (`http://host/api/v2/devices/<id>`, or a path
/// `/devices/<id>`), percent-decoding left to the server; `None` for anything else.
pub fn device_id_of(uri: &str) -> Option<String> {
    let path = uri.split(['?', '#']).next().unwrap_or_default();
    let (_, id) = path.trim_end_matches('/').rsplit_once("/devices/")?;
    Some(id.to_string()).filter(|id| !id.is_empty() && !id.contains('/'))
}

/// `/segment` with `id` checked (non-blank, no control characters) and percent-encoded.
pub fn path_id(field: &str, id: &str) -> Result<String> {
    check_id(field, id)?;
    Ok(encode_component(id))
}

fn closed_error() -> Error {
    Error::invalid_state("This GWS client was closed; connect again to make calls.")
}

/// The JSON object of a 2xx answer, or `VENDOR_ERROR` if its `statusCode` is not 0 (nor 7, a
/// partial success, when `partial_ok`). `statusCode` may be a number or a string of digits
/// (`"0"`). An empty body counts as success; a body that is not a JSON object, or whose
/// `statusCode` is not a number, is `BAD_RESPONSE`.
fn checked_body(resp: &HttpResponse, operation: &str, partial_ok: bool) -> Result<Value> {
    if resp.body.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let bad = |why: String| Error::bad_response(why).with_status(resp.status);
    let body: Value = serde_json::from_str(&resp.body).map_err(|e| bad(e.to_string()))?;
    let Value::Object(fields) = &body else {
        return Err(bad(format!("{operation} did not answer a JSON object")));
    };
    let code = status_code_of(fields.get("statusCode"));
    if code.is_none() && fields.get("statusCode").is_some_and(|v| !v.is_null()) {
        return Err(bad(format!(
            "{operation} answered a statusCode that is not a number"
        )));
    }
    match code {
        Some(7) if partial_ok => Ok(body),
        Some(code) if code != 0 => {
            let message = match fields.get("statusMessage") {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                None | Some(Value::Null) | Some(Value::String(_)) => None,
                Some(other) => Some(other.to_string()),
            };
            let mut e = vendor_error(operation, code, message);
            e.status = Some(resp.status);
            Err(e)
        }
        _ => Ok(body),
    }
}

/// The `user` of a `GET /me` reply (or the reply itself when it has no `user`).
fn user_of(body: Value) -> Result<GwsUser> {
    let mut body = match body {
        Value::Object(m) => m,
        _ => return Err(Error::bad_response("GET /me did not return an object")),
    };
    let user = match crate::wire::take(&mut body, "user") {
        Some(u @ Value::Object(_)) => u,
        Some(_) => {
            return Err(Error::bad_response(
                "GET /me answered a user that is not an object",
            ))
        }
        None => {
            crate::wire::take(&mut body, "statusCode");
            Value::Object(body)
        }
    };
    GwsUser::from_json(user).map_err(Error::bad_response)
}

#[cfg(test)]
mod tests;

/// What the session keeps per chat, call or agent, by id: a list searched from end to end
/// rather than a hash table. The lists are short (the chats and calls a supervisor is in, at
/// most [`super::supervisor`]'s bound of calls), and a module without hash tables carries no
/// hashing code (SipHash, random keys): about 2 KB gzip less.
#[derive(Debug)]
pub(super) struct Keyed<V>(Vec<(String, V)>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<V> Keyed<V> {
    /// The value kept for `key`.
    pub(super) fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Keeps `value` for `key`, giving back the value it replaces.
    pub(super) fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Forgets `key`, giving back its value.
    pub(super) fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.swap_remove(i).1)
    }

    /// Runs `f` on the value kept for `key`, a default one kept first when there is none.
    pub(super) fn update(&mut self, key: String, f: impl FnOnce(&mut V))
    where
        V: Default,
    {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => f(v),
            None => {
                let mut v = V::default();
                f(&mut v);
                self.0.push((key, v));
            }
        }
    }

    /// Keeps the entries `keep` says yes to.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&str, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    /// Every value kept.
    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// How many entries are kept.
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing is kept.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Forgets everything.
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod keyed_tests {
    use super::Keyed;

    /// `Keyed` behaves as the `HashMap` it replaced did for every operation the session uses.
    #[test]
    fn keyed_acts_as_a_map() {
        let mut m: Keyed<Vec<String>> = Keyed::default();
        assert!(m.is_empty());
        assert_eq!(m.insert("a".into(), vec!["Hold".into()]), None);
        assert_eq!(m.insert("b".into(), Vec::new()), None);
        assert_eq!(
            m.insert("a".into(), vec!["Retrieve".into()]),
            Some(vec!["Hold".to_string()])
        );
        assert_eq!(m.len(), 2);
        assert_eq!(m.get("a"), Some(&vec!["Retrieve".to_string()]));
        m.update("c".into(), |v| v.push("Release".into()));
        m.update("a".into(), |v| v.push("Hold".into()));
        assert_eq!(m.get("c"), Some(&vec!["Release".to_string()]));
        assert_eq!(m.get("a").map(Vec::len), Some(2));
        m.retain(|_, v| !v.is_empty());
        assert_eq!(m.get("b"), None);
        assert_eq!(m.len(), 2);
        assert_eq!(m.remove("a").map(|v| v.len()), Some(2));
        assert_eq!(m.remove("a"), None);
        for v in m.values_mut() {
            v.clear();
        }
        assert_eq!(m.get("c"), Some(&Vec::new()));
        m.clear();
        assert!(m.is_empty());
    }
}
