//! The one error type of floorwalker and its code list.
//!
//! Every failure (bad input, HTTP status, vendor body, transport failure) becomes an [`Error`]
//! carrying a stable [`ErrorCode`]. The mapping from HTTP statuses lives in
//! [`crate::client`]; the JavaScript layer turns an [`Error`] into a `FloorwalkerError` without
//! deciding anything.

use serde::{Deserialize, Serialize};
use std::fmt;
use tsify::Tsify;

/// What kind of failure happened: stable, documented, safe to `switch` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The caller passed something unusable; nothing was sent. `field` names it.
    InvalidArgument,
    /// The platform refused the credentials or access token (login).
    Unauthorized,
    /// The session is gone and could not be renewed; log in again.
    SessionExpired,
    /// The user's role may not do this.
    Forbidden,
    /// The thing (agent, chat, path) does not exist.
    NotFound,
    /// The request conflicts with the current state on the platform.
    Conflict,
    /// The platform asked to slow down (429); see `retryAfterMs`.
    RateLimited,
    /// The platform failed (5xx).
    ServerError,
    /// The request never got an answer (DNS, refused connection, dropped socket, CORS).
    Network,
    /// No answer within the call's `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The platform answered something that is not what its API documents.
    BadResponse,
    /// The platform answered with a vendor error code (LiveVox `code`, GWS `statusCode`).
    VendorError,
    /// The operation is not allowed in the object's current state (logged out, stopped, chat mode, an object already freed).
    InvalidState,
}

impl ErrorCode {
    /// The wire/JS spelling, e.g. `"INVALID_ARGUMENT"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::SessionExpired => "SESSION_EXPIRED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::ServerError => "SERVER_ERROR",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::BadResponse => "BAD_RESPONSE",
            ErrorCode::VendorError => "VENDOR_ERROR",
            ErrorCode::InvalidState => "INVALID_STATE",
        }
    }

    /// True for failures that may go away on their own (worth retrying later).
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::Network
                | ErrorCode::Timeout
                | ErrorCode::ServerError
                | ErrorCode::RateLimited
                | ErrorCode::BadResponse
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A floorwalker failure: a stable code, a one-sentence message, and what the platform said.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// The kind of failure.
    pub code: ErrorCode,
    /// What went wrong and what to do about it.
    pub message: String,
    /// The HTTP status, when the platform answered.
    pub status: Option<u16>,
    /// The vendor's own error code (LiveVox `code`, GWS `statusCode`).
    pub vendor_code: Option<i64>,
    /// The vendor's own error text.
    pub vendor_message: Option<String>,
    /// How long the platform asked us to wait (429/503 `Retry-After`), in milliseconds.
    pub retry_after_ms: Option<u64>,
    /// The argument or option at fault, for `INVALID_ARGUMENT`.
    pub field: Option<String>,
    /// The id of the call that failed, as on its log lines (`LogEvent.requestId`); absent when
    /// the call failed before a request was made (bad input, a closed client).
    pub request_id: Option<RequestId>,
}

/// The id of one call through the request pipeline, shown as `<tag>-<n>` (`k3f9-12`): `tag` is
/// four base-36 characters drawn once per module instance (so that ids from several processes
/// in one log rarely collide), `n` counts the calls. Eight bytes, so that [`Error`] stays
/// small enough to return by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestId(std::num::NonZeroU64);

impl RequestId {
    /// Tags have 4 base-36 digits: below 36^4.
    const TAG_LIMIT: u64 = 36 * 36 * 36 * 36;
    /// The counter takes the low 40 bits.
    const COUNTER_BITS: u32 = 40;

    /// The `n`th id (from 1) of the instance tagged `tag` (reduced below 36^4); `n` wraps
    /// within 40 bits (a trillion calls).
    pub fn new(tag: u64, n: u64) -> RequestId {
        let n = (n & ((1 << Self::COUNTER_BITS) - 1)).max(1);
        let packed = ((tag % Self::TAG_LIMIT) << Self::COUNTER_BITS) | n;
        RequestId(std::num::NonZeroU64::MIN.saturating_add(packed - 1))
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let packed = self.0.get();
        let mut tag = packed >> Self::COUNTER_BITS;
        for _ in 0..4 {
            let digit = u32::try_from(tag % 36).unwrap_or(0);
            write!(f, "{}", char::from_digit(digit, 36).unwrap_or('0'))?;
            tag /= 36;
        }
        write!(f, "-{}", packed & ((1 << Self::COUNTER_BITS) - 1))
    }
}

impl Error {
    /// An error with a code and message and nothing else.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            status: None,
            vendor_code: None,
            vendor_message: None,
            retry_after_ms: None,
            field: None,
            request_id: None,
        }
    }

    /// Bad input from the caller: names the field and says what is expected.
    pub fn invalid_argument(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Error::new(ErrorCode::InvalidArgument, message);
        e.field = Some(field.into());
        e
    }

    /// The operation is not allowed in the current state.
    pub fn invalid_state(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidState, message)
    }

    /// The caller's signal aborted the call.
    pub fn aborted() -> Self {
        Error::new(
            ErrorCode::Aborted,
            "The call was aborted by its AbortSignal.",
        )
    }

    /// The call took longer than its timeout.
    pub fn timeout(ms: u32) -> Self {
        Error::new(
            ErrorCode::Timeout,
            format!("No answer within {ms} ms; check the network or raise timeoutMs."),
        )
    }

    /// The platform's answer could not be read as documented.
    pub fn bad_response(detail: impl fmt::Display) -> Self {
        Error::new(
            ErrorCode::BadResponse,
            format!("The platform's answer was not in the documented format ({detail})."),
        )
    }

    /// Adds the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Adds the id of the call (see `client::next_request_id`), unless it has one already (an
    /// inner call's id names the request that failed).
    pub fn with_request_id(mut self, id: RequestId) -> Self {
        if self.request_id.is_none() {
            self.request_id = Some(id);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

/// Result with floorwalker's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ErrorCode; 14] = [
        ErrorCode::InvalidArgument,
        ErrorCode::Unauthorized,
        ErrorCode::SessionExpired,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::BadResponse,
        ErrorCode::VendorError,
        ErrorCode::InvalidState,
    ];

    #[test]
    fn as_str_matches_serde_spelling_for_every_code() {
        for code in ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }

    #[test]
    fn code_list_is_the_documented_one() {
        let names: Vec<&str> = ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names.join(" "),
            "INVALID_ARGUMENT UNAUTHORIZED SESSION_EXPIRED FORBIDDEN NOT_FOUND CONFLICT \
             RATE_LIMITED SERVER_ERROR NETWORK TIMEOUT ABORTED BAD_RESPONSE VENDOR_ERROR INVALID_STATE"
        );
    }
}
