//! The one session-renewal mechanism of every platform client: when calls find their session
//! expired, the first starts one renewal (a re-login, or a new session id from the caller) and
//! every other waiting call joins it instead of starting its own.

use crate::error::Result;
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;

type InFlight<T> = Shared<LocalBoxFuture<'static, Result<T>>>;

/// At most one renewal at a time, shared by every caller that asks while it runs. Cloning
/// shares the slot. `T` is what a renewal yields (a new session id, a generation number).
pub struct SingleFlight<T: Clone + 'static> {
    slot: Rc<RefCell<Option<InFlight<T>>>>,
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
        let shared = run.shared();
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
}
