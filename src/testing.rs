//! Host test support: a virtual clock that jumps to the next timer only when every future is
//! waiting, and a scripted transport that records requests. No test sleeps for real.

use crate::http::{HttpRequest, HttpResponse, Runtime, Transport, TransportError};
use futures_util::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

#[derive(Default)]
struct SleepState {
    done: bool,
    waker: Option<Waker>,
}

/// Virtual time: `now` starts at a fixed epoch and moves only in [`run`].
pub struct VirtualClock {
    now: Cell<f64>,
    timers: RefCell<Vec<(f64, Weak<RefCell<SleepState>>)>>,
    random: Cell<f64>,
}

impl VirtualClock {
    /// A clock at 2026-01-01T00:00:00Z.
    pub fn new() -> Rc<Self> {
        Rc::new(VirtualClock {
            now: Cell::new(1_767_225_600_000.0),
            timers: RefCell::new(Vec::new()),
            random: Cell::new(0.5),
        })
    }

    /// Sets what `random()` returns from now on.
    pub fn set_random(&self, value: f64) {
        self.random.set(value);
    }

    /// Milliseconds elapsed since the clock was created.
    pub fn elapsed(&self) -> f64 {
        self.now.get() - 1_767_225_600_000.0
    }

    /// Fires the earliest pending timer (and all due with it); false if there is none.
    fn advance(&self) -> bool {
        let mut timers = self.timers.borrow_mut();
        timers.retain(|(_, w)| w.upgrade().is_some_and(|s| !s.borrow().done));
        let Some(next) = timers.iter().map(|(at, _)| *at).reduce(f64::min) else {
            return false;
        };
        if next > self.now.get() {
            self.now.set(next);
        }
        let now = self.now.get();
        let mut wakers = Vec::new();
        for (at, w) in timers.iter() {
            if *at <= now {
                if let Some(s) = w.upgrade() {
                    let mut s = s.borrow_mut();
                    s.done = true;
                    wakers.extend(s.waker.take());
                }
            }
        }
        drop(timers);
        for w in wakers {
            w.wake();
        }
        true
    }
}

/// The [`Runtime`] view of a shared [`VirtualClock`].
pub struct VirtualRuntime(pub Rc<VirtualClock>);

impl Runtime for VirtualRuntime {
    fn now_ms(&self) -> f64 {
        self.0.now.get()
    }

    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        let state = Rc::new(RefCell::new(SleepState::default()));
        let at = self.0.now.get() + f64::from(ms);
        self.0.timers.borrow_mut().push((at, Rc::downgrade(&state)));
        Box::pin(std::future::poll_fn(move |cx| {
            let mut s = state.borrow_mut();
            if s.done {
                Poll::Ready(())
            } else {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }))
    }

    fn random(&self) -> f64 {
        self.0.random.get()
    }
}

struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Drives `fut` to completion on virtual time: polls while anything woke, otherwise jumps the
/// clock to the next timer. Panics (test failure) on a deadlock.
pub fn run<F: Future>(clock: &VirtualClock, fut: F) -> F::Output {
    let flag = Arc::new(Flag(AtomicBool::new(true)));
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    loop {
        flag.0.store(false, Ordering::SeqCst);
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        if flag.0.load(Ordering::SeqCst) {
            continue;
        }
        assert!(
            clock.advance(),
            "deadlock: the future waits and no timer is pending"
        );
    }
}

/// What the scripted transport does with a request.
pub enum Reply {
    /// Answer at once.
    Respond(HttpResponse),
    /// Fail as if the connection dropped.
    Network,
    /// Never answer (until dropped).
    Hang,
    /// Answer after a virtual delay.
    After(u32, Box<Reply>),
}

type Handler = Box<dyn FnMut(&HttpRequest) -> Reply>;

/// A transport that records every request and answers from a script.
pub struct ScriptedTransport {
    /// Every request sent, in order.
    pub requests: RefCell<Vec<HttpRequest>>,
    handler: RefCell<Handler>,
    clock: Rc<VirtualClock>,
}

impl ScriptedTransport {
    /// A transport answering with `handler`.
    pub fn new(
        clock: &Rc<VirtualClock>,
        handler: impl FnMut(&HttpRequest) -> Reply + 'static,
    ) -> Rc<Self> {
        Rc::new(ScriptedTransport {
            requests: RefCell::new(Vec::new()),
            handler: RefCell::new(Box::new(handler)),
            clock: clock.clone(),
        })
    }

    /// How many requests were sent.
    pub fn count(&self) -> usize {
        self.requests.borrow().len()
    }

    /// The paths (with query, without the base URL) of the requests sent.
    pub fn paths(&self) -> Vec<String> {
        self.requests
            .borrow()
            .iter()
            .map(|r| {
                let after_scheme = r.url.split_once("://").map_or(r.url.as_str(), |x| x.1);
                after_scheme
                    .find('/')
                    .map_or(String::new(), |i| after_scheme[i..].to_string())
            })
            .collect()
    }
}

fn play(
    clock: Rc<VirtualClock>,
    reply: Reply,
) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
    match reply {
        Reply::Respond(r) => Box::pin(async move { Ok(r) }),
        Reply::Network => Box::pin(async {
            Err(TransportError {
                message: "connection reset".into(),
            })
        }),
        Reply::Hang => Box::pin(std::future::pending()),
        Reply::After(ms, inner) => Box::pin(async move {
            VirtualRuntime(clock.clone()).sleep(ms).await;
            play(clock, *inner).await
        }),
    }
}

impl Transport for ScriptedTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        let reply = (self.handler.borrow_mut())(&request);
        self.requests.borrow_mut().push(request);
        play(self.clock.clone(), reply)
    }
}

/// A JSON answer.
pub fn json(status: u16, body: &str) -> Reply {
    Reply::Respond(HttpResponse::new(status, body).with_header("content-type", "application/json"))
}

/// A caller's string, as the wasm layer reads it.
pub fn text(s: &str) -> crate::input::Arg {
    crate::input::Arg::Text(s.to_string())
}

/// The `field` and message of an `INVALID_ARGUMENT` error (failing the test on anything else).
pub fn bad<T: std::fmt::Debug>(r: crate::error::Result<T>) -> (String, String) {
    let e = r.unwrap_err();
    assert_eq!(e.code, crate::error::ErrorCode::InvalidArgument);
    (e.field.unwrap_or_default(), e.message)
}
