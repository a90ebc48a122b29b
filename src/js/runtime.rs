//! The wasm side of [`Transport`] and [`Runtime`]: `fetch` (global or the caller's), with an
//! `AbortController` that aborts the request when its future is dropped (timeout, abort), and
//! `setTimeout` timers that are cleared when their future is dropped (so Node can exit).

use crate::http::{HttpRequest, HttpResponse, Runtime, Transport, TransportError};
use futures_util::future::LocalBoxFuture;
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(cb: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(cb: &Function);

    /// `Headers.prototype.getSetCookie` (Node 19.7+, current browsers; not in web-sys): each
    /// `Set-Cookie` value. Throws where the runtime or a response-like object lacks it.
    type CookieHeaders;
    #[wasm_bindgen(method, catch, js_name = getSetCookie)]
    fn get_set_cookie(this: &CookieHeaders) -> Result<js_sys::Array, JsValue>;
}

/// A queued callback's first argument: a value, or JSON text (known to be valid) that the
/// drain parses, with every other text queued alongside it, in one `JSON.parse`.
enum Arg {
    Value(JsValue),
    /// The next element of [`JSON_ARGS`].
    Json,
}

/// A callback waiting to run, with its one or two arguments.
type Task = (Function, Arg, Option<JsValue>);

thread_local! {
    /// Callbacks waiting for the next microtask, in the order they were queued.
    static TASKS: RefCell<Vec<Task>> = RefCell::default();
    /// Whether a drain is already queued.
    static SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The JSON arguments queued so far, as the text of one array being written: `[a,b,c`.
    static JSON_ARGS: RefCell<String> = RefCell::default();
    /// The one drain closure, made once (not one closure per delivered event).
    static DRAIN: Closure<dyn FnMut()> = Closure::new(drain);
}

/// Runs every queued callback, oldest first; callbacks queued meanwhile run in this drain too.
fn drain() {
    SCHEDULED.with(|s| s.set(false));
    loop {
        let batch = TASKS.with(|t| std::mem::take(&mut *t.borrow_mut()));
        if batch.is_empty() {
            return;
        }
        let parsed = parse_json_args();
        let mut next_parsed = 0;
        for (cb, first, second) in batch {
            let first = match first {
                Arg::Value(v) => v,
                Arg::Json => {
                    next_parsed += 1;
                    parsed.get(next_parsed - 1)
                }
            };
            // A listener's exception must not break the SDK or the other listeners.
            let _ = match second {
                None => cb.call1(&JsValue::UNDEFINED, &first),
                Some(second) => cb.call2(&JsValue::UNDEFINED, &first, &second),
            };
        }
    }
}

/// The JSON arguments queued since the last drain, in order, parsed as one array (one
/// crossing and one parse however many messages a reply carried).
fn parse_json_args() -> js_sys::Array {
    let mut joined = JSON_ARGS.with(|j| std::mem::take(&mut *j.borrow_mut()));
    if joined.is_empty() {
        return js_sys::Array::new();
    }
    joined.push(']');
    js_sys::JSON::parse(&joined)
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_default()
}

fn enqueue(task: Task) {
    TASKS.with(|t| t.borrow_mut().push(task));
    if !SCHEDULED.with(|s| s.replace(true)) {
        DRAIN.with(|d| queue_microtask(d.as_ref().unchecked_ref()));
    }
}

/// Calls `cb(payload)` in a microtask: after the current Rust work, never re-entering it.
/// Exceptions thrown by `cb` are swallowed (a listener's bug must not break the SDK). Events
/// queued together are delivered in order by one microtask.
pub fn deliver(cb: &Function, payload: JsValue) {
    enqueue((cb.clone(), Arg::Value(payload), None));
}

/// Like [`deliver`], with two arguments: `cb(first, second)` in a microtask.
pub fn deliver2(cb: &Function, first: JsValue, second: JsValue) {
    enqueue((cb.clone(), Arg::Value(first), Some(second)));
}

/// Like [`deliver2`], with the first argument given as JSON text (valid JSON, such as a
/// Bayeux message's data): `cb(JSON.parse(json), second)` in a microtask.
pub fn deliver_json2(cb: &Function, json: &str, second: JsValue) {
    JSON_ARGS.with(|j| {
        let mut j = j.borrow_mut();
        let separator = if j.is_empty() { '[' } else { ',' };
        j.push(separator);
        j.push_str(json);
    });
    enqueue((cb.clone(), Arg::Json, Some(second)));
}

/// `Date.now`, `Math.random`, `setTimeout`.
pub struct JsRuntime;

/// A sleep's deadline and id.
type SleepKey = (u64, u64);

/// Every pending [`Runtime::sleep`], served by at most one `setTimeout` at a time (armed for
/// the earliest deadline and cleared when nothing waits, so Node can exit): a call's timeout
/// costs a list entry, not a JavaScript closure and a timer of its own.
#[derive(Default)]
struct Timers {
    /// Deadline (ms on [`monotonic_ms`]'s clock) and id, and the waiting future's state, in
    /// no particular order: one entry per call in flight or keep-alive waiting, for which a
    /// linear scan costs microseconds and less code than a tree.
    waiting: Vec<(SleepKey, Rc<RefCell<SleepState>>)>,
    next_id: u64,
    /// The armed `setTimeout`: its deadline and handle.
    armed: Option<(u64, JsValue)>,
}

thread_local! {
    static TIMERS: RefCell<Timers> = RefCell::default();
    /// The one timer callback, made once.
    static FIRE: Closure<dyn FnMut()> = Closure::new(fire);
    /// `performance.now` (monotonic) where the runtime has it; `Date.now` otherwise.
    static PERFORMANCE: Option<(JsValue, Function)> = {
        let perf = Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).ok();
        perf.and_then(|p| {
            let now = Reflect::get(&p, &JsValue::from_str("now")).ok()?.dyn_into().ok()?;
            Some((p, now))
        })
    };
}

/// Milliseconds on a clock that does not jump with the wall clock, rounded up.
fn monotonic_ms() -> u64 {
    let now = PERFORMANCE
        .with(|p| {
            p.as_ref()
                .and_then(|(perf, now)| now.call0(perf).ok()?.as_f64())
        })
        .unwrap_or_else(js_sys::Date::now);
    now.max(0.0).ceil() as u64
}

/// Arms the `setTimeout` for the earliest deadline, unless it is armed for that one already.
fn arm(t: &mut Timers) {
    let Some(earliest) = t.waiting.iter().map(|((at, _), _)| *at).min() else {
        if let Some((_, handle)) = t.armed.take() {
            clear_timeout(&handle);
        }
        return;
    };
    if t.armed.as_ref().is_some_and(|(at, _)| *at <= earliest) {
        return;
    }
    if let Some((_, handle)) = t.armed.take() {
        clear_timeout(&handle);
    }
    let delay = earliest.saturating_sub(monotonic_ms());
    let delay = i32::try_from(delay).unwrap_or(i32::MAX);
    let handle = FIRE.with(|f| set_timeout(f.as_ref().unchecked_ref(), delay));
    t.armed = Some((earliest, handle));
}

/// The timer fired: wakes every sleep that is due and arms the timer for the next one.
fn fire() {
    let now = monotonic_ms();
    let mut wakers = Vec::new();
    TIMERS.with(|t| {
        let mut t = t.borrow_mut();
        t.armed = None;
        t.waiting.retain(|((at, _), state)| {
            if *at > now {
                return true;
            }
            let mut s = state.borrow_mut();
            s.done = true;
            wakers.extend(s.waker.take());
            false
        });
        arm(&mut t);
    });
    for w in wakers {
        w.wake();
    }
}

struct SleepState {
    done: bool,
    waker: Option<Waker>,
}

struct Sleep {
    state: Rc<RefCell<SleepState>>,
    key: SleepKey,
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.state.borrow_mut();
        if s.done {
            Poll::Ready(())
        } else {
            s.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if self.state.borrow().done {
            return;
        }
        TIMERS.with(|t| {
            let mut t = t.borrow_mut();
            if let Some(i) = t.waiting.iter().position(|(key, _)| *key == self.key) {
                t.waiting.swap_remove(i);
            }
            // Clears the timer when nothing waits any more; an earlier-armed timer that
            // outlives its sleep just fires and re-arms.
            if t.waiting.is_empty() {
                arm(&mut t);
            }
        });
    }
}

impl Runtime for JsRuntime {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        let state = Rc::new(RefCell::new(SleepState {
            done: false,
            waker: None,
        }));
        let key = TIMERS.with(|t| {
            let mut t = t.borrow_mut();
            t.next_id += 1;
            let key = (monotonic_ms() + u64::from(ms), t.next_id);
            t.waiting.push((key, state.clone()));
            arm(&mut t);
            key
        });
        Box::pin(Sleep { state, key })
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// Sends requests with a `fetch` function.
pub struct FetchTransport {
    fetch: Function,
    /// Experiment: gloo-net sends the requests that go to the global `fetch`.
    #[cfg(feature = "gloo-net")]
    global: bool,
}

impl FetchTransport {
    /// Uses `fetch` (the caller's) or the global one.
    pub fn new(fetch: Option<Function>) -> Option<FetchTransport> {
        #[cfg(feature = "gloo-net")]
        let global = fetch.is_none();
        let fetch = match fetch {
            Some(f) => f,
            None => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
                .ok()?
                .dyn_into::<Function>()
                .ok()?,
        };
        Some(FetchTransport {
            fetch,
            #[cfg(feature = "gloo-net")]
            global,
        })
    }
}

struct AbortOnDrop {
    controller: AbortController,
    finished: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.finished {
            self.controller.abort();
        }
    }
}

/// The response headers the SDK reads: `Retry-After` and GWS's CSRF pair.
const READ_HEADERS: [&str; 3] = ["retry-after", "x-csrf-header", "x-csrf-token"];

/// A failure before or while reading the reply, as a `NETWORK` error's message.
fn failed(message: &str) -> TransportError {
    TransportError {
        message: message.into(),
    }
}

/// Awaits `value` as `await` would: a Promise of this realm directly; a Promise of another
/// realm (iframe, `vm`, Jest) or any other thenable through `Promise.resolve`. Anything else
/// is refused, naming `what` returned it.
async fn adopt(value: JsValue, what: &str) -> Result<JsValue, TransportError> {
    let promise = match value.dyn_into::<Promise>() {
        Ok(p) => p,
        Err(value) => {
            let thenable = (value.is_object() || value.is_function())
                && Reflect::get(&value, &JsValue::from_str("then")).is_ok_and(|t| t.is_function());
            if !thenable {
                return Err(failed(&format!(
                    "{what} did not return a Promise or thenable"
                )));
            }
            Promise::resolve(&value)
        }
    };
    JsFuture::from(promise)
        .await
        .map_err(|e| failed(&describe(&e)))
}

/// The headers of the reply the SDK reads (each `Set-Cookie` where the runtime exposes them:
/// Node; browsers hide them). A header that cannot be read is treated as absent.
fn read_headers(headers: &Headers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in READ_HEADERS {
        if let Ok(Some(value)) = headers.get(name) {
            out.push((name.to_string(), value));
        }
    }
    if let Ok(cookies) = headers.unchecked_ref::<CookieHeaders>().get_set_cookie() {
        for value in cookies.iter() {
            if let Some(value) = value.as_string() {
                out.push(("set-cookie".to_string(), value));
            }
        }
    }
    out
}

/// A body's bytes decoded as `Response.text()` would: UTF-8, a leading byte-order mark
/// dropped, bad bytes replaced.
fn utf8_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Status, the headers the SDK reads and the body of what `fetch` resolved with: a real
/// `Response` (its bytes are copied straight into wasm memory), or a response-like object of
/// a test double or another realm, of which only `status`, `headers.get` and `text()` are used.
async fn read_reply(reply: JsValue) -> Result<HttpResponse, TransportError> {
    let (status, headers, body) = match reply.dyn_into::<Response>() {
        Ok(response) => {
            let headers = read_headers(&response.headers());
            let bytes = response.array_buffer().map_err(|e| failed(&describe(&e)))?;
            let bytes = JsFuture::from(bytes)
                .await
                .map_err(|e| failed(&describe(&e)))?;
            let body = utf8_text(js_sys::Uint8Array::new(&bytes).to_vec());
            (response.status(), headers, body)
        }
        Err(like) => {
            let field = |name: &str| Reflect::get(&like, &JsValue::from_str(name)).ok();
            let status = field("status").and_then(|s| s.as_f64());
            let Some(status) = status.filter(|s| (0.0..=999.0).contains(s)) else {
                return Err(failed("fetch resolved to something that is not a Response"));
            };
            let headers = field("headers")
                .filter(|h| h.is_object())
                .map(|h| read_headers(h.unchecked_ref()))
                .unwrap_or_default();
            let Some(text) = field("text").and_then(|t| t.dyn_into::<Function>().ok()) else {
                return Err(failed("the response has no text()"));
            };
            let text = text.call0(&like).map_err(|e| failed(&describe(&e)))?;
            let body = adopt(text, "text()").await?.as_string().unwrap_or_default();
            (status as u16, headers, body)
        }
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
        request_id: None,
    })
}

fn describe(err: &JsValue) -> String {
    let text = |v: &JsValue, key: &str| {
        Reflect::get(v, &JsValue::from_str(key))
            .ok()
            .and_then(|m| m.as_string())
    };
    let mut msg = text(err, "message").unwrap_or_else(|| "fetch failed".to_string());
    if let Ok(cause) = Reflect::get(err, &JsValue::from_str("cause")) {
        if let Some(code) = text(&cause, "code") {
            msg = format!("{msg}: {code}");
        }
    }
    msg
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        #[cfg(feature = "gloo-net")]
        if self.global {
            return Box::pin(gloo_send(request));
        }
        let fetch = self.fetch.clone();
        Box::pin(async move {
            let net = |e: JsValue| failed(&describe(&e));
            let mut guard = AbortOnDrop {
                controller: AbortController::new().map_err(net)?,
                finished: false,
            };
            let headers = Headers::new().map_err(net)?;
            for (name, value) in &request.headers {
                headers.set(name, value).map_err(net)?;
            }
            let init = RequestInit::new();
            init.set_method(request.method.as_str());
            init.set_headers(&headers);
            if let Some(body) = &request.body {
                init.set_body(&JsValue::from_str(body));
            }
            if request.with_credentials {
                init.set_credentials(RequestCredentials::Include);
            }
            init.set_signal(Some(&guard.controller.signal()));
            let reply = fetch
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
                .map_err(net)?;
            let reply = read_reply(adopt(reply, "the fetch option").await?).await?;
            guard.finished = true;
            Ok(reply)
        })
    }
}

/// Experiment: one request through gloo-net's `RequestBuilder` and the global `fetch`.
#[cfg(feature = "gloo-net")]
async fn gloo_send(request: HttpRequest) -> Result<HttpResponse, TransportError> {
    use gloo_net::http::{Method, RequestBuilder};
    let net = |e: gloo_net::Error| failed(&e.to_string());
    let mut guard = AbortOnDrop {
        controller: AbortController::new().map_err(|e| failed(&describe(&e)))?,
        finished: false,
    };
    let method = match request.method.as_str() {
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        "PATCH" => Method::PATCH,
        _ => Method::GET,
    };
    let mut builder = RequestBuilder::new(&request.url).method(method);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if request.with_credentials {
        builder = builder.credentials(RequestCredentials::Include);
    }
    let signal = guard.controller.signal();
    builder = builder.abort_signal(Some(&signal));
    let built = match &request.body {
        Some(body) => builder.body(JsValue::from_str(body)),
        None => builder.build(),
    }
    .map_err(net)?;
    let response = built.send().await.map_err(net)?;
    let mut headers = Vec::new();
    let h = response.headers();
    for name in READ_HEADERS {
        if let Some(value) = h.get(name) {
            headers.push((name.to_string(), value));
        }
    }
    headers.extend(
        read_headers(&h.into_raw())
            .into_iter()
            .filter(|(n, _)| n == "set-cookie"),
    );
    let body = utf8_text(response.binary().await.map_err(net)?);
    guard.finished = true;
    Ok(HttpResponse {
        status: response.status(),
        headers,
        body,
        request_id: None,
    })
}
