//! The rules of the options of `LiveVox.login`, `LiveVox.resume`, `LiveVox.changePassword`
//! and `new AgentPool`: which options go together, their types and defaults. The wasm layer
//! only reads each option ([`Options`]) and forwards.

#[cfg(feature = "livevox")]
use super::pool::{PoolAgent, PoolConfig};
use super::session::{ApiVersion, Credentials};
use crate::error::{Error, ErrorCode, Result};
use crate::input::{Arg, Options};

/// The login credentials (`accessToken`, `clientName`, `userName`, `password`, `agent`),
/// checked before anything is sent.
pub fn credentials(o: &dyn Options) -> Result<Credentials> {
    let agent = match o.arg("agent") {
        a if a.is_absent() => false,
        Arg::Bool(b) => b,
        _ => {
            return Err(Error::invalid_argument(
                "agent",
                "agent must be a boolean (true to log in as an agent).",
            ))
        }
    };
    let c = Credentials {
        access_token: o.arg("accessToken").string("accessToken")?,
        client_name: o.arg("clientName").string("clientName")?,
        user_name: o.arg("userName").string("userName")?,
        password: o.arg("password").string("password")?,
        agent,
    };
    c.validate()?;
    Ok(c)
}

/// The `apiVersion` option (`"v6.0"`), `None` when left out.
pub fn api_version(o: &dyn Options) -> Result<Option<ApiVersion>> {
    match o.arg("apiVersion") {
        a if a.is_absent() => Ok(None),
        Arg::Text(text) => ApiVersion::parse(&text).map(Some),
        _ => Err(Error::invalid_argument(
            "apiVersion",
            "apiVersion must be a string such as \"v6.0\".",
        )),
    }
}

/// How a resumed session is renewed when it expires.
#[derive(Debug)]
pub enum Renewal {
    /// It is not: calls fail with `SESSION_EXPIRED`.
    Never,
    /// By logging in again with these credentials.
    Login(Credentials),
    /// By the caller's `renewSession` function.
    Callback,
}

/// What `LiveVox.resume` makes of its options.
#[derive(Debug)]
pub struct ResumePlan {
    /// The session id to reuse.
    pub session_id: String,
    /// How the session is renewed.
    pub renewal: Renewal,
    /// The API version of every path.
    pub api_version: Option<ApiVersion>,
}

/// The rules of `LiveVox.resume`'s options: `sessionId` is required; the credentials come
/// all together or not at all; `renewSession` is a function, and never with the credentials.
pub fn resume_plan(o: &dyn Options) -> Result<ResumePlan> {
    let session_id = o.arg("sessionId").string("sessionId")?;
    let keys = ["clientName", "userName", "password"];
    let missing: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| o.arg(k) == Arg::Absent)
        .collect();
    let creds = match missing.len() {
        3 => None,
        0 => Some(credentials(o)?),
        _ => {
            return Err(Error::invalid_argument(
                missing.first().copied().unwrap_or("options"),
                "To let resume() renew the session, pass accessToken, clientName, userName and password together.",
            ))
        }
    };
    if creds.is_none() {
        let token = o.arg("accessToken");
        if token != Arg::Absent {
            crate::client::check_no_control("accessToken", &token.string("accessToken")?)?;
        }
    }
    let api_version = api_version(o)?;
    let renew = o.arg("renewSession");
    let renewal = match (creds, renew.is_absent()) {
        (Some(c), true) => Renewal::Login(c),
        (None, true) => Renewal::Never,
        (None, false) if renew == Arg::Function => Renewal::Callback,
        (None, false) => {
            return Err(Error::invalid_argument(
                "renewSession",
                "renewSession must be a function resolving to a new session id.",
            ))
        }
        (Some(_), false) => {
            return Err(Error::invalid_argument(
                "renewSession",
                "Pass either the credentials or renewSession to resume(), not both.",
            ))
        }
    };
    Ok(ResumePlan {
        session_id,
        renewal,
        api_version,
    })
}

/// What the caller's `renewSession` gave.
#[derive(Debug, Clone, PartialEq)]
pub enum RenewAnswer {
    /// It resolved to this string: the new session id.
    Id(String),
    /// It resolved to something else.
    NotAString,
    /// It threw or rejected (with this message, when the error had one).
    Failed(Option<String>),
}

impl RenewAnswer {
    /// The new session id, or `SESSION_EXPIRED` saying why there is none.
    pub fn session_id(self) -> Result<String> {
        match self {
            RenewAnswer::Id(id) => Ok(id),
            RenewAnswer::NotAString => Err(Error::new(
                ErrorCode::SessionExpired,
                "renewSession must resolve to the new session id (a string).",
            )),
            RenewAnswer::Failed(why) => Err(Error::new(
                ErrorCode::SessionExpired,
                format!(
                    "renewSession failed: {}",
                    why.as_deref().unwrap_or("it threw")
                ),
            )),
        }
    }
}

/// `INVALID_STATE` for an `AgentPool` call handler that threw or rejected (with this message,
/// when the error had one).
pub fn handler_failed(why: Option<String>) -> Error {
    Error::new(
        ErrorCode::InvalidState,
        format!(
            "the call handler failed: {}",
            why.as_deref().unwrap_or("it threw")
        ),
    )
}

/// `chatMessages` options: `excludeOwn` must be given (`true` to leave out the supervisor's
/// own messages); it is not defaulted.
pub fn require_exclude_own(o: &dyn Options) -> Result<()> {
    if o.arg("excludeOwn") == Arg::Absent {
        return Err(Error::invalid_argument(
            "excludeOwn",
            "excludeOwn is required (true to leave out the supervisor's own messages).",
        ));
    }
    Ok(())
}

/// `switchService`'s `targetServiceId`: a number (whole, as its reading checks).
pub fn check_target_service_id(a: &Arg) -> Result<()> {
    match a {
        Arg::Number(_) => Ok(()),
        _ => Err(Error::invalid_argument(
            "targetServiceId",
            "targetServiceId must be an integer service id.",
        )),
    }
}

#[cfg(feature = "livevox")]
/// `new AgentPool(options)`: `agents` reads the `agents` option (`None` when it is not an
/// array), asked for after `serviceId` is checked.
pub fn pool_config(
    o: &dyn Options,
    agents: impl FnOnce() -> Result<Option<Vec<PoolAgent>>>,
) -> Result<PoolConfig> {
    let service_id = o
        .arg("serviceId")
        .number("serviceId", "serviceId must be a number (e.g. 1001).")?;
    let agents = agents()?.ok_or_else(|| {
        Error::invalid_argument(
            "agents",
            "agents must be an array of { userName, password, phoneNumber }.",
        )
    })?;
    let number = |key: &str| {
        o.arg(key)
            .opt_number(key, &format!("{key} must be a number."))
    };
    Ok(PoolConfig {
        access_token: o.arg("accessToken").string("accessToken")?,
        client_name: o.arg("clientName").string("clientName")?,
        service_id,
        agents,
        keep_alive_ms: number("keepAliveMs")?,
        concurrency: number("concurrency")?,
        api_version: api_version(o)?,
    })
}

#[cfg(test)]
mod tests;
