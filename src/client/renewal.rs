//! The one session-renewal mechanism of every platform client: when calls find their session
//! expired, the first starts one renewal (a re-login, or a new session id from the caller) and
//! every other waiting call joins it instead of starting its own.

use crate::error::Result;
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// One run of some work that several callers wait for: each clone resolves to the same
/// outcome, and the work runs once. (What `futures`' `Shared` does, for one thread: the waiter
/// being polled drives the work, so no waker of its own is needed, which keeps the module
/// smaller.)
pub struct Shared<T> {
    run: Rc<RefCell<Run<T>>>,
}

/// The state of a [`Shared`] run.
struct Run<T> {
    /// The work, while it runs and nobody is polling it.
    work: Option<LocalBoxFuture<'static, Result<T>>>,
    /// The outcome, once the work ended.
    outcome: Option<Result<T>>,
    /// The waiters to wake when the work ends, or when the waiter driving it goes away.
    waiting: Vec<Waker>,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            run: self.run.clone(),
        }
    }
}

impl<T: Clone> Shared<T> {
    /// Starts sharing `work` (it runs when a clone is first polled).
    pub fn new(work: LocalBoxFuture<'static, Result<T>>) -> Self {
        Shared {
            run: Rc::new(RefCell::new(Run {
                work: Some(work),
                outcome: None,
                waiting: Vec::new(),
            })),
        }
    }
}

impl<T: Clone> Future for Shared<T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let taken = {
            let mut run = self.run.borrow_mut();
            if let Some(outcome) = &run.outcome {
                return Poll::Ready(outcome.clone());
            }
            if !run.waiting.iter().any(|w| w.will_wake(cx.waker())) {
                run.waiting.push(cx.waker().clone());
            }
            run.work.take()
        };
        // Taken out while polled: the work may look at this run (a renewal asking whether one
        // is running), and a waiter polled meanwhile just waits.
        let Some(mut work) = taken else {
            return Poll::Pending;
        };
        let polled = work.as_mut().poll(cx);
        let mut run = self.run.borrow_mut();
        match polled {
            Poll::Pending => {
                run.work = Some(work);
                Poll::Pending
            }
            Poll::Ready(outcome) => {
                run.outcome = Some(outcome.clone());
                for waiter in run.waiting.drain(..) {
                    waiter.wake();
                }
                Poll::Ready(outcome)
            }
        }
    }
}

impl<T> Drop for Shared<T> {
    /// The work wakes the waiter that polled it last: when that one goes away before the end,
    /// the others are woken so that one of them drives the work on.
    fn drop(&mut self) {
        let Ok(mut run) = self.run.try_borrow_mut() else {
            return;
        };
        if run.outcome.is_none() {
            for waiter in run.waiting.drain(..) {
                waiter.wake();
            }
        }
    }
}

/// At most one renewal at a time, shared by every caller that asks while it runs. Cloning
/// shares the slot. `T` is what a renewal yields (a new session id, a generation number).
pub struct SingleFlight<T: Clone + 'static> {
    slot: Rc<RefCell<Option<Shared<T>>>>,
}

impl<T: Clone + 'static> Clone for SingleFlight<T> {
    fn clone(&self) -> Self {
        SingleFlight {
            slot: self.slot.clone(),
        }
    }
}

impl<T: Clone + 'static> Default for SingleFlight<T> {
    fn default() -> Self {
        SingleFlight {
            slot: Rc::default(),
        }
    }
}

impl<T: Clone + 'static> SingleFlight<T> {
    /// The renewal running now, to wait for before sending with a session about to change.
    pub fn pending(&self) -> Option<LocalBoxFuture<'static, Result<T>>> {
        let running = self.slot.borrow().clone();
        running.map(|r| Box::pin(r) as LocalBoxFuture<'static, Result<T>>)
    }

    /// Whether a renewal is running.
    pub fn is_running(&self) -> bool {
        self.slot.borrow().is_some()
    }

    /// Joins the running renewal, or starts one with `start` (called only then). Every caller
    /// gets the same outcome; the slot is free again as soon as the renewal ends, so a later
    /// expiry starts a new one.
    pub fn join_or_start(
        &self,
        start: impl FnOnce() -> LocalBoxFuture<'static, Result<T>>,
    ) -> LocalBoxFuture<'static, Result<T>> {
        if let Some(running) = self.pending() {
            return running;
        }
        let inner = start();
        let slot = self.slot.clone();
        let run: LocalBoxFuture<'static, Result<T>> = Box::pin(async move {
            let outcome = inner.await;
            slot.borrow_mut().take();
            outcome
        });
        let shared = Shared::new(run);
        *self.slot.borrow_mut() = Some(shared.clone());
        Box::pin(shared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorCode};
    use crate::http::Runtime;
    use crate::testing::{run, VirtualClock, VirtualRuntime};
    use futures_util::future::join_all;
    use std::cell::Cell;

    #[test]
    fn concurrent_callers_share_one_renewal_and_a_later_one_starts_anew() {
        let clock = VirtualClock::new();
        let runtime = Rc::new(VirtualRuntime(clock.clone()));
        let flight: SingleFlight<u32> = SingleFlight::default();
        let started = Rc::new(Cell::new(0));
        let calls: Vec<_> = (0..20)
            .map(|_| {
                let started = started.clone();
                let runtime = runtime.clone();
                flight.join_or_start(move || {
                    started.set(started.get() + 1);
                    Box::pin(async move {
                        runtime.sleep(100).await;
                        Ok(7)
                    })
                })
            })
            .collect();
        assert!(flight.is_running());
        let results = run(&clock, join_all(calls));
        assert_eq!(started.get(), 1);
        assert!(results.iter().all(|r| matches!(r, Ok(7))));
        assert!(!flight.is_running(), "the slot is free after the renewal");
        let again = flight.join_or_start(|| Box::pin(async { Err(Error::aborted()) }));
        let err = run(&clock, again).unwrap_err();
        assert_eq!(err.code, ErrorCode::Aborted);
        assert!(!flight.is_running());
    }

    /// Counts its wakes.
    struct Count(std::sync::atomic::AtomicUsize);

    impl std::task::Wake for Count {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn counting() -> (std::sync::Arc<Count>, Waker) {
        let count = std::sync::Arc::new(Count(std::sync::atomic::AtomicUsize::new(0)));
        (count.clone(), Waker::from(count))
    }

    fn wakes(count: &Count) -> usize {
        count.0.load(std::sync::atomic::Ordering::SeqCst)
    }

    #[test]
    fn a_shared_run_goes_on_when_the_waiter_driving_it_goes_away() {
        let clock = VirtualClock::new();
        let runtime = Rc::new(VirtualRuntime(clock.clone()));
        let polls = Rc::new(Cell::new(0));
        let counted = polls.clone();
        let work: LocalBoxFuture<'static, Result<u32>> = Box::pin(async move {
            counted.set(counted.get() + 1);
            runtime.sleep(100).await;
            Ok(7)
        });
        let shared = Shared::new(work);
        let (mut first, mut second) = (shared.clone(), shared.clone());
        let (first_wakes, first_waker) = counting();
        let (_, second_waker) = counting();
        // `first` polls the work, then `second` does: the work's timer now wakes `second`.
        let poll = |f: &mut Shared<u32>, w: &Waker| {
            Pin::new(f).poll(&mut Context::from_waker(w)).is_pending()
        };
        assert!(poll(&mut first, &first_waker));
        assert!(poll(&mut second, &second_waker));
        assert_eq!(polls.get(), 1, "the work started once");
        // `second` goes away: `first`, which the work would not wake any more, is woken.
        drop(second);
        assert_eq!(wakes(&first_wakes), 1);
        assert!(matches!(run(&clock, first), Ok(7)));
        // A waiter that comes after the end gets the same outcome without running anything.
        assert!(matches!(run(&clock, shared.clone()), Ok(7)));
        assert_eq!(polls.get(), 1);
    }
}
