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

#[wasm_bindgen(module = "/src/js/io.js")]
extern "C" {
    /// `src/js/io.js`: one `fetch` and the reply's status, body and the headers the SDK reads.
    #[wasm_bindgen(js_name = fwSend)]
    fn fw_send(
        fetch: &Function,
        spec: &str,
        body: Option<&str>,
        credentials: bool,
        signal: &JsValue,
    ) -> Promise;

    /// `new TextDecoder().decode(bytes)`: bytes that are not UTF-8 decoded as `Response.text()`
    /// decodes them (each bad sequence replaced by U+FFFD).
    #[wasm_bindgen(js_name = fwDecodeText)]
    fn fw_decode_text(bytes: &js_sys::Uint8Array) -> String;
}

#[cfg(feature = "cometd")]
#[wasm_bindgen(module = "/src/js/bayeux.js")]
extern "C" {
    /// `src/js/bayeux.js`: calls each of `cbs` with `data[i]` and `channel`, `i` from `start`
    /// to `end`. (`catch` gives it a named import, which the build inlines into the glue; it
    /// catches the listeners' exceptions itself.)
    #[wasm_bindgen(js_name = fwDeliverRun, catch)]
    fn fw_deliver_run(
        cbs: &js_sys::Array,
        data: &JsValue,
        start: u32,
        end: u32,
        channel: &JsValue,
    ) -> Result<(), JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(cb: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(cb: &Function);

    type AbortController;
    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

/// A queued callback's first argument: a value, or JSON text (known to be valid) that the
/// drain parses, with every other text queued alongside it, in one `JSON.parse`.
enum Arg {
    Value(JsValue),
    /// The next element of [`JSON_ARGS`].
    Json,
    /// Elements `start..end` of a JavaScript array: `cb` is called with each in turn.
    #[cfg(feature = "cometd")]
    Run(Rc<JsValue>, u32, u32),
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
        let mut batch = batch.into_iter().peekable();
        // `batch` is peeked inside the loop in builds with CometD (a run of listeners).
        #[cfg_attr(not(feature = "cometd"), allow(clippy::while_let_on_iterator))]
        while let Some((cb, first, second)) = batch.next() {
            let first = match first {
                Arg::Value(v) => v,
                Arg::Json => {
                    next_parsed += 1;
                    parsed.get(next_parsed - 1)
                }
                #[cfg(feature = "cometd")]
                Arg::Run(all, start, end) => {
                    // The listeners of one run were queued together: each gets a message
                    // before any gets the next, as with messages delivered one by one.
                    let cbs = js_sys::Array::of1(&cb);
                    while let Some((next, _, _)) = batch.next_if(|(_, a, _)| {
                        matches!(a, Arg::Run(b, s, _) if Rc::ptr_eq(b, &all) && *s == start)
                    }) {
                        cbs.push(&next);
                    }
                    let channel = second.unwrap_or_default();
                    let _ = fw_deliver_run(&cbs, &all, start, end, &channel);
                    continue;
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

#[cfg(feature = "cometd")]
/// Calls `cb(value, second)` in a microtask with each of elements `start..end` of the
/// JavaScript array `all`, in order; as [`deliver2`] for each, in one crossing per run.
pub fn deliver_run(cb: &Function, all: &Rc<JsValue>, start: u32, end: u32, second: JsValue) {
    enqueue((cb.clone(), Arg::Run(all.clone(), start, end), Some(second)));
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
#[derive(Clone)]
pub struct FetchTransport {
    fetch: Function,
}

impl FetchTransport {
    /// Uses `fetch` (the caller's) or the global one.
    pub fn new(fetch: Option<Function>) -> Option<FetchTransport> {
        let fetch = match fetch {
            Some(f) => f,
            None => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
                .ok()?
                .dyn_into::<Function>()
                .ok()?,
        };
        Some(FetchTransport { fetch })
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

/// The body `fwSend` resolved with: a string, or the bytes of a real `Response`, decoded as
/// `Response.text()` would (UTF-8, a leading byte-order mark dropped, bad bytes replaced).
pub(super) fn body_text(body: &JsValue) -> String {
    if let Some(text) = body.as_string() {
        return text;
    }
    let Some(bytes) = body.dyn_ref::<js_sys::Uint8Array>() else {
        return String::new();
    };
    utf8_text(bytes)
}

/// Bytes as `Response.text()` decodes them. A module with the REST clients checks UTF-8 in
/// wasm (one copy of the bytes, no second pass through JavaScript).
#[cfg(any(feature = "livevox-supervisor", feature = "gws"))]
fn utf8_text(bytes: &js_sys::Uint8Array) -> String {
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        },
        // TextDecoder drops a leading byte-order mark itself.
        Err(_) => fw_decode_text(bytes),
    }
}

/// Bytes as `Response.text()` decodes them. The CometD-only module, whose replies JavaScript
/// mostly reads itself, leaves this to `TextDecoder` (the same text), which keeps Rust's UTF-8
/// validation out of it.
#[cfg(not(any(feature = "livevox-supervisor", feature = "gws")))]
fn utf8_text(bytes: &js_sys::Uint8Array) -> String {
    fw_decode_text(bytes)
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

impl FetchTransport {
    /// One `fetch` through `fwSend` (aborted when the future is dropped): its reply
    /// `[status, body, name, value, ...]`, the body as text or bytes.
    pub(super) fn exchange(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<js_sys::Array, TransportError>> {
        let fetch = self.fetch.clone();
        Box::pin(async move {
            let mut guard = AbortOnDrop {
                controller: AbortController::new(),
                finished: false,
            };
            let mut spec = String::with_capacity(request.url.len() + 128);
            spec.push_str(request.method.as_str());
            spec.push('\0');
            spec.push_str(&request.url);
            for (name, value) in &request.headers {
                spec.push('\0');
                spec.push_str(name);
                spec.push('\0');
                spec.push_str(value);
            }
            // The core rejects control characters in URLs and header values; a NUL here
            // would shift every field after it.
            if spec.matches('\0').count() != 1 + 2 * request.headers.len() {
                return Err(TransportError {
                    message: "a header or the URL contains a NUL character".into(),
                });
            }
            let net = |e: JsValue| TransportError {
                message: describe(&e),
            };
            let reply = JsFuture::from(fw_send(
                &fetch,
                &spec,
                request.body.as_deref(),
                request.with_credentials,
                &guard.controller.signal(),
            ))
            .await
            .map_err(net)?;
            guard.finished = true;
            Ok(reply.unchecked_into())
        })
    }
}

/// The status and headers of a reply of [`FetchTransport::exchange`], with `body`.
pub(super) fn response_of(reply: &js_sys::Array, body: String) -> HttpResponse {
    let status = reply.get(0).as_f64().unwrap_or_default();
    let mut headers = Vec::new();
    let mut i = 2;
    while i + 1 < reply.length() {
        if let (Some(name), Some(value)) = (reply.get(i).as_string(), reply.get(i + 1).as_string())
        {
            headers.push((name, value));
        }
        i += 2;
    }
    HttpResponse {
        status: status as u16,
        headers,
        body,
        request_id: None,
    }
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        let reply = self.exchange(request);
        Box::pin(async move {
            let reply = reply.await?;
            let body = body_text(&reply.get(1));
            Ok(response_of(&reply, body))
        })
    }
}
