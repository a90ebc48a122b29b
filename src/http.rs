//! Plain HTTP values, the [`Transport`] that sends them, the [`Runtime`] that gives time, and
//! [`CancelToken`] for cancellation.
//!
//! Nothing here knows about JavaScript: the wasm build plugs `fetch`, `setTimeout` and
//! `AbortSignal` in behind these traits (see `src/js/`), and the host tests plug in a scripted
//! transport and a virtual clock.

use futures_util::future::{select, Either, LocalBoxFuture};
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// An HTTP method the SDK uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: a read; safe to retry.
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A fully built request, ready for a [`Transport`]. Its `Debug` output shows the method, the
/// origin, the header names and the body's size: never a token, session id, cookie or text.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Header names and values, in sending order.
    pub headers: Vec<(String, String)>,
    /// The body, when there is one (always JSON text here).
    pub body: Option<String>,
    /// Whether a browser should send its cookies for this origin (`credentials: "include"`);
    /// the GWS session and CometD need it, since a page cannot set a `Cookie` header itself.
    pub with_credentials: bool,
}

/// What the server answered. Its `Debug` output shows the status, the header names and the
/// body's size (a body may carry a session id or chat text).
#[derive(Clone, PartialEq, Default)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lower-case) and values.
    pub headers: Vec<(String, String)>,
    /// The body text ("" when none).
    pub body: String,
}

/// The scheme and host of `url`, without path or query (where ids and secrets may sit).
pub fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end).unwrap_or_default()
}

fn header_names(headers: &[(String, String)]) -> Vec<&str> {
    headers.iter().map(|(n, _)| n.as_str()).collect()
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("origin", &origin_of(&self.url))
            .field("headers", &header_names(&self.headers))
            .field("body_bytes", &self.body.as_ref().map(String::len))
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &header_names(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    /// A response with a status and a body, for tests and scripted transports.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header (name stored lower-case).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TransportError {
    /// A short description (never containing credentials).
    pub message: String,
}

/// Sends one HTTP request and returns the answer. Dropping the returned future must cancel the
/// request (the `fetch` transport aborts it).
pub trait Transport {
    /// Sends `request`.
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>>;
}

/// Time and randomness, behind a trait so that tests control them.
pub trait Runtime {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// A future that completes after `ms` milliseconds. Dropping it must release the timer.
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()>;
    /// A number in `[0, 1)`, for jitter.
    fn random(&self) -> f64;
}

#[derive(Default)]
struct CancelState {
    cancelled: bool,
    wakers: Vec<Waker>,
}

/// A cancellation flag that futures can wait on. Clones share the flag.
#[derive(Clone, Default)]
pub struct CancelToken {
    state: Rc<RefCell<CancelState>>,
}

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels: every future waiting on [`CancelToken::cancelled`] completes.
    pub fn cancel(&self) {
        let wakers = {
            let mut s = self.state.borrow_mut();
            s.cancelled = true;
            std::mem::take(&mut s.wakers)
        };
        for w in wakers {
            w.wake();
        }
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.state.borrow().cancelled
    }

    /// Completes when the token is cancelled.
    pub fn cancelled(&self) -> impl Future<Output = ()> + 'static {
        let state = self.state.clone();
        std::future::poll_fn(move |cx| {
            let mut s = state.borrow_mut();
            if s.cancelled {
                Poll::Ready(())
            } else {
                if !s.wakers.iter().any(|w| w.will_wake(cx.waker())) {
                    s.wakers.push(cx.waker().clone());
                }
                Poll::Pending
            }
        })
    }
}

/// Runs `fut` unless `cancel` fires first; `None` means it was cancelled.
pub async fn unless_cancelled<F: Future>(
    fut: F,
    cancel: Option<&CancelToken>,
) -> Option<F::Output> {
    match cancel {
        None => Some(fut.await),
        Some(token) => {
            if token.is_cancelled() {
                return None;
            }
            match select(pin!(fut), pin!(token.cancelled())).await {
                Either::Left((out, _)) => Some(out),
                Either::Right(_) => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;

    #[test]
    fn debug_output_hides_secrets() {
        let req = HttpRequest {
            method: Method::Post,
            url: "https://api.livevox.test/session/validate/SECRET-SID?x=1".into(),
            headers: vec![("LV-Session".into(), "SECRET-SID".into())],
            body: Some(r#"{"message":"SECRET-CHAT"}"#.into()),
            with_credentials: false,
        };
        let shown = format!("{req:?}");
        assert!(shown.contains("LV-Session") && shown.contains("https://api.livevox.test"));
        assert!(!shown.contains("SECRET"), "{shown}");
        let resp = HttpResponse::new(200, r#"{"sessionId":"SECRET-SID"}"#)
            .with_header("Set-Cookie", "JSESSIONID=SECRET");
        let shown = format!("{resp:?}");
        assert!(
            shown.contains("set-cookie") && !shown.contains("SECRET"),
            "{shown}"
        );
    }

    #[test]
    fn cancelled_token_stops_a_pending_future() {
        let token = CancelToken::new();
        token.cancel();
        let out = block_on(unless_cancelled(std::future::pending::<()>(), Some(&token)));
        assert_eq!(out, None);
    }

    #[test]
    fn untouched_token_lets_the_future_finish() {
        let token = CancelToken::new();
        let out = block_on(unless_cancelled(async { 7 }, Some(&token)));
        assert_eq!(out, Some(7));
    }

    #[test]
    fn header_lookup_ignores_case() {
        let r = HttpResponse::new(429, "").with_header("Retry-After", "3");
        assert_eq!(r.header("retry-after"), Some("3"));
        assert_eq!(r.header("RETRY-AFTER"), Some("3"));
        assert_eq!(r.header("x"), None);
    }
}
