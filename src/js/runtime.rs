//! The wasm side of [`Transport`] and [`Runtime`]: `fetch` (global or the caller's), with an
//! `AbortController` that aborts the request when its future is dropped (timeout, abort), and
//! `setTimeout` timers that are cleared when their future is dropped (so Node can exit).

use crate::http::{HttpRequest, HttpResponse, Runtime, Transport, TransportError};
use futures_util::future::LocalBoxFuture;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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

/// A callback waiting to run, with its one or two arguments.
type Task = (Function, JsValue, Option<JsValue>);

thread_local! {
    /// Callbacks waiting for the next microtask, in the order they were queued.
    static TASKS: RefCell<std::collections::VecDeque<Task>> = RefCell::default();
    /// Whether a drain is already queued.
    static SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The one drain closure, made once (not one closure per delivered event).
    static DRAIN: Closure<dyn FnMut()> = Closure::new(drain);
}

/// Runs every queued callback, oldest first; callbacks queued meanwhile run in this drain too.
fn drain() {
    SCHEDULED.with(|s| s.set(false));
    while let Some((cb, first, second)) = TASKS.with(|t| t.borrow_mut().pop_front()) {
        // A listener's exception must not break the SDK or the other listeners.
        let _ = match second {
            None => cb.call1(&JsValue::UNDEFINED, &first),
            Some(second) => cb.call2(&JsValue::UNDEFINED, &first, &second),
        };
    }
}

fn enqueue(task: Task) {
    TASKS.with(|t| t.borrow_mut().push_back(task));
    if !SCHEDULED.with(|s| s.replace(true)) {
        DRAIN.with(|d| queue_microtask(d.as_ref().unchecked_ref()));
    }
}

/// Calls `cb(payload)` in a microtask: after the current Rust work, never re-entering it.
/// Exceptions thrown by `cb` are swallowed (a listener's bug must not break the SDK). Events
/// queued together are delivered in order by one microtask.
pub fn deliver(cb: &Function, payload: JsValue) {
    enqueue((cb.clone(), payload, None));
}

/// Like [`deliver`], with two arguments: `cb(first, second)` in a microtask.
pub fn deliver2(cb: &Function, first: JsValue, second: JsValue) {
    enqueue((cb.clone(), first, Some(second)));
}

/// `Date.now`, `Math.random`, `setTimeout`.
pub struct JsRuntime;

struct SleepState {
    done: bool,
    waker: Option<Waker>,
}

struct Sleep {
    state: Rc<RefCell<SleepState>>,
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
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
        if !self.state.borrow().done {
            clear_timeout(&self.handle);
        }
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
        let s = state.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let waker = {
                let mut st = s.borrow_mut();
                st.done = true;
                st.waker.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
        });
        let handle = set_timeout(
            callback.as_ref().unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        );
        Box::pin(Sleep {
            state,
            handle,
            _callback: callback,
        })
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// Sends requests with a `fetch` function.
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

/// The response headers the SDK reads: `Retry-After`, GWS's CSRF pair, and `Set-Cookie` where
/// the runtime exposes it (Node's `getSetCookie()`; browsers keep cookies to themselves). Asked
/// for by name: iterating a `Headers` object sorts and copies every header, on every call.
const READ_HEADERS: [&str; 3] = ["retry-after", "x-csrf-header", "x-csrf-token"];

fn read_headers(resp: &JsValue) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let Ok(headers) = Reflect::get(resp, &JsValue::from_str("headers")) else {
        return pairs;
    };
    let method = |name: &str| {
        Reflect::get(&headers, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    if let Some(get) = method("get") {
        for name in READ_HEADERS {
            if let Some(value) = get
                .call1(&headers, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
            {
                pairs.push((name.to_string(), value));
            }
        }
    }
    if let Some(get_set_cookie) = method("getSetCookie") {
        if let Ok(list) = get_set_cookie.call0(&headers) {
            if let Ok(Some(iter)) = js_sys::try_iter(&list) {
                for value in iter.flatten().filter_map(|v| v.as_string()) {
                    pairs.push(("set-cookie".to_string(), value));
                }
            }
        }
    }
    pairs
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        let fetch = self.fetch.clone();
        Box::pin(async move {
            let mut guard = AbortOnDrop {
                controller: AbortController::new(),
                finished: false,
            };
            let init = Object::new();
            set(&init, "method", &JsValue::from_str(request.method.as_str()));
            let headers = Object::new();
            for (name, value) in &request.headers {
                set(&headers, name, &JsValue::from_str(value));
            }
            set(&init, "headers", &headers);
            if let Some(body) = &request.body {
                set(&init, "body", &JsValue::from_str(body));
            }
            if request.with_credentials {
                set(&init, "credentials", &JsValue::from_str("include"));
            }
            set(&init, "signal", &guard.controller.signal());
            let net = |e: JsValue| TransportError {
                message: describe(&e),
            };
            let promise = fetch
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
                .map_err(net)?;
            let promise: Promise = promise.dyn_into().map_err(|_| TransportError {
                message: "the fetch option did not return a Promise".into(),
            })?;
            let resp = JsFuture::from(promise).await.map_err(net)?;
            let status = Reflect::get(&resp, &JsValue::from_str("status"))
                .ok()
                .and_then(|s| s.as_f64())
                .ok_or_else(|| TransportError {
                    message: "fetch resolved to something that is not a Response".into(),
                })?;
            let header_pairs = read_headers(&resp);
            let text_fn: Function = Reflect::get(&resp, &JsValue::from_str("text"))
                .ok()
                .and_then(|f| f.dyn_into().ok())
                .ok_or_else(|| TransportError {
                    message: "the response has no text()".into(),
                })?;
            let text_promise: Promise =
                text_fn
                    .call0(&resp)
                    .map_err(net)?
                    .dyn_into()
                    .map_err(|_| TransportError {
                        message: "text() did not return a Promise".into(),
                    })?;
            let body = JsFuture::from(text_promise).await.map_err(net)?;
            guard.finished = true;
            Ok(HttpResponse {
                status: status as u16,
                headers: header_pairs,
                body: body.as_string().unwrap_or_default(),
            })
        })
    }
}
