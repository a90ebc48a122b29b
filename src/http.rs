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
    /// The id of the call that got this answer (set by the request pipeline), so that an error
    /// found in the body names the same call as the log line.
    pub request_id: Option<crate::error::RequestId>,
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
            request_id: None,
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

/// The three spellings of an HTTP date (RFC 9110, section 5.6.7), each to epoch milliseconds:
/// the IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 form
/// `Sunday, 06-Nov-94 08:49:37 GMT` and C's asctime form `Sun Nov  6 08:49:37 1994`. A
/// two-digit RFC 850 year is read as RFC 9110 says: the year with those last digits that is not
/// more than 50 years after `now_ms`. An IMF-fixdate without its day name is read too. Anything
/// else (another zone, a field out of range, extra words) is `None`, never a guess and never a
/// panic. The day name is not checked against the
/// date (servers get it wrong; the date itself is what counts).
pub fn parse_http_date(text: &str, now_ms: f64) -> Option<f64> {
    let text = text.trim();
    let (year, month, day, time) = if let Some((day_name, rest)) = text.split_once(',') {
        if !is_day_name(day_name.trim()) {
            return None;
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.as_slice() {
            // IMF-fixdate: `06 Nov 1994 08:49:37 GMT`.
            [day, month, year, time, zone] if zone.eq_ignore_ascii_case("GMT") => {
                (four_digit_year(year)?, month_number(month)?, *day, *time)
            }
            // RFC 850: `06-Nov-94 08:49:37 GMT`.
            [date, time, zone] if zone.eq_ignore_ascii_case("GMT") => {
                let mut parts = date.split('-');
                let (day, month, yy) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() {
                    return None;
                }
                (
                    two_digit_year(yy, now_ms)?,
                    month_number(month)?,
                    day,
                    *time,
                )
            }
            _ => return None,
        }
    } else {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            // asctime: `Sun Nov  6 08:49:37 1994`.
            [day_name, month, day, time, year] if is_day_name(day_name) => {
                (four_digit_year(year)?, month_number(month)?, *day, *time)
            }
            // An IMF-fixdate without its day name, as some servers send it.
            [day, month, year, time, zone] if zone.eq_ignore_ascii_case("GMT") => {
                (four_digit_year(year)?, month_number(month)?, *day, *time)
            }
            _ => return None,
        }
    };
    let day = small_number(day, 2)?;
    let mut clock = time.split(':');
    let (h, m, s) = (
        small_number(clock.next()?, 2)?,
        small_number(clock.next()?, 2)?,
        small_number(clock.next()?, 2)?,
    );
    if clock.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = crate::lenient::days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3600 + m * 60 + s) * 1000) as f64)
}

/// A number of 1 to `max_len` ASCII digits.
fn small_number(text: &str, max_len: usize) -> Option<i64> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn four_digit_year(text: &str) -> Option<i64> {
    if text.len() != 4 {
        return None;
    }
    small_number(text, 4)
}

/// RFC 9110: a two-digit year more than 50 years in the future is the most recent past year
/// with the same last two digits.
fn two_digit_year(text: &str, now_ms: f64) -> Option<i64> {
    if text.len() != 2 {
        return None;
    }
    let yy = small_number(text, 2)?;
    let now_year = year_of(now_ms);
    let mut year = now_year - now_year.rem_euclid(100) + yy;
    if year > now_year + 50 {
        year -= 100;
    }
    Some(year)
}

/// The (proleptic Gregorian) year of an epoch-milliseconds instant; 1970 for a value that is
/// not a finite date within years 0 to 9999.
fn year_of(ms: f64) -> i64 {
    if !ms.is_finite() || ms.abs() > 253_402_300_800_000.0 {
        return 1970;
    }
    let days = (ms / 86_400_000.0).floor() as i64;
    let mut year = 1970 + days.div_euclid(366);
    while crate::lenient::days_from_civil(year + 1, 1, 1) <= days {
        year += 1;
    }
    year
}

fn is_day_name(text: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = text.to_ascii_lowercase();
    DAYS.iter()
        .any(|d| lower == *d || (lower.len() == 3 && d.starts_with(lower.as_str())))
}

fn month_number(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_ascii_lowercase();
    let at = MONTHS.iter().position(|m| *m == lower)?;
    i64::try_from(at + 1).ok()
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

    /// 1994-11-06T08:49:37Z, RFC 9110's example date.
    const EXAMPLE_MS: f64 = 784_111_777_000.0;
    /// 2026-12-05T00:00:00Z.
    const NOW_2026: f64 = 1_796_428_800_000.0;

    #[test]
    fn the_three_http_date_forms_of_rfc_9110_read_alike() {
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            // case and spacing as servers vary them
            "sun, 06 nov 1994 08:49:37 gmt",
            "  Sun,  06 Nov 1994 08:49:37 GMT ",
            "Sun Nov 06 08:49:37 1994",
            // an IMF-fixdate without the day name
            "06 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(form, NOW_2026), Some(EXAMPLE_MS), "{form}");
        }
        assert_eq!(
            parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
            Some(0.0)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 23:59:60 GMT", 0.0),
            Some(1_835_481_600_000.0)
        );
    }

    #[test]
    fn a_two_digit_year_is_at_most_fifty_years_ahead() {
        let at = |year: i64| {
            let days = crate::lenient::days_from_civil(year, 11, 6);
            ((days * 86_400 + 8 * 3600 + 49 * 60 + 37) * 1000) as f64
        };
        // In 2026: 94 is 1994, 76 is 2076 (50 years ahead), 77 is 1977, 26 is 2026.
        for (yy, year) in [
            ("94", 1994),
            ("76", 2076),
            ("77", 1977),
            ("26", 2026),
            ("00", 2000),
        ] {
            let text = format!("Sunday, 06-Nov-{yy} 08:49:37 GMT");
            assert_eq!(parse_http_date(&text, NOW_2026), Some(at(year)), "{text}");
        }
        // Judged from the clock, whatever it says (even nonsense).
        let text = "Sunday, 06-Nov-94 08:49:37 GMT";
        assert_eq!(parse_http_date(text, EXAMPLE_MS), Some(at(1994)));
        assert_eq!(parse_http_date(text, f64::NAN), Some(at(1994)));
        assert_eq!(parse_http_date(text, -1e300), Some(at(1994)));
    }

    #[test]
    fn anything_else_is_not_an_http_date() {
        for bad in [
            "",
            "soon",
            "5",
            "Sun, 06 Nov 1994 08:49:37",        // no zone
            "Sun, 06 Nov 1994 08:49:37 UTC",    // another zone
            "Sun, 06 Nov 1994 08:49:37 +0000",  // another zone
            "Sun, 06 Nov 94 08:49:37 GMT",      // two-digit year in the IMF form
            "Sunday, 06-Nov-1994 08:49:37 GMT", // four-digit year in the RFC 850 form
            "Sunday, 06-Nov-94-1 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94",
            "Sun Nov  6 08:49:37 1994 GMT",
            "Nov  6 08:49:37 1994",
            "Funday, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:1 GMT",
            "Sun, 06 Nov 1994 +8:49:37 GMT",
            "Sun, -6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 99999 08:49:37 GMT",
            "Sun, 06 Nov 1994 008:49:37 GMT",
            "Mon, 01 Jan 9223372036854775807 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, , 06 Nov 1994 08:49:37 GMT",
            "Sun,06-Nov-94",
            "\u{0}\u{ffff}, 06 Nov 1994 08:49:37 GMT",
            "Sun, ١٢ Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad, NOW_2026), None, "{bad:?}");
        }
    }

    #[test]
    fn header_lookup_ignores_case() {
        let r = HttpResponse::new(429, "").with_header("Retry-After", "3");
        assert_eq!(r.header("retry-after"), Some("3"));
        assert_eq!(r.header("RETRY-AFTER"), Some("3"));
        assert_eq!(r.header("x"), None);
    }
}
