//! The polling engine under `watchChat` and `watchAgents`: polls a source every interval, queues
//! what each poll finds for an async consumer and tells listeners, keeps going through passing
//! errors with a growing, jittered backoff, ends on a lasting error, and stops on `stop()`.
//!
//! A watch is a [`PollWatch<T>`]; what is polled and how a reply becomes items is a
//! `PollSource` (the chat cursor, the agent board).

use super::model::ChatWatchMessage;
use crate::client::CallOptions;
use crate::error::{Error, Result};
use crate::events::Emitter;
use crate::http::{unless_cancelled, CancelToken, Runtime};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// Shortest allowed time between polls.
pub const MIN_INTERVAL_MS: u32 = 50;
/// Longest wait between polls after repeated failures.
pub const MAX_BACKOFF_MS: u32 = 60_000;
/// Items kept for a consumer that does not iterate; beyond it the oldest are dropped.
pub const MAX_BUFFERED: usize = 10_000;

/// What a watch tells its listeners.
#[derive(Debug, Clone)]
pub enum WatchEvent<T = ChatWatchMessage> {
    /// A new item (a chat message, an agent state change).
    Message(T),
    /// A poll failed (passing errors are followed by a retry; others end the watch).
    Error(Error),
}

/// What a watch polls: one request per call, turned into the items not yielded before.
pub(crate) trait PollSource {
    /// What the watch yields.
    type Item;
    /// Polls once; `call` carries the watch's stop token.
    async fn poll(&mut self, call: &CallOptions) -> Result<Vec<Self::Item>>;
}

/// Checks a caller's `intervalMs` (default `default_ms`, at least [`MIN_INTERVAL_MS`]).
pub fn check_interval(interval_ms: Option<u32>, default_ms: u32) -> Result<u32> {
    let interval = interval_ms.unwrap_or(default_ms);
    if interval < MIN_INTERVAL_MS {
        return Err(Error::invalid_argument(
            "intervalMs",
            format!("intervalMs must be at least {MIN_INTERVAL_MS}."),
        ));
    }
    Ok(interval)
}

/// The wait before the next poll: the interval, or after `failures` failed polls in a row,
/// double from the interval per failure, capped at a minute, with equal jitter, and never
/// faster than the interval itself.
pub fn next_delay(interval: u32, failures: u32, random: f64) -> u32 {
    if failures == 0 {
        return interval;
    }
    let cap = u64::from(MAX_BACKOFF_MS.max(interval));
    let grown = (u64::from(interval) << failures.min(10)).min(cap) as u32;
    let half = grown / 2;
    (half + (f64::from(half) * random) as u32).max(interval)
}

struct WatchState<T> {
    queue: VecDeque<T>,
    waiters: Vec<Waker>,
    stopped: bool,
    failure: Option<Error>,
}

impl<T> Default for WatchState<T> {
    fn default() -> Self {
        WatchState {
            queue: VecDeque::new(),
            waiters: Vec::new(),
            stopped: false,
            failure: None,
        }
    }
}

/// A running watch. Cloning shares it.
pub struct PollWatch<T> {
    state: Rc<RefCell<WatchState<T>>>,
    stop: CancelToken,
    events: Rc<Emitter<WatchEvent<T>>>,
}

impl<T> Clone for PollWatch<T> {
    fn clone(&self) -> Self {
        PollWatch {
            state: self.state.clone(),
            stop: self.stop.clone(),
            events: self.events.clone(),
        }
    }
}

impl<T: Clone + 'static> PollWatch<T> {
    /// A watch that has not polled yet; [`PollWatch::run`] drives it.
    pub(crate) fn new() -> Self {
        PollWatch {
            state: Rc::default(),
            stop: CancelToken::new(),
            events: Rc::default(),
        }
    }

    /// Polls `source` every `interval` ms until stopped or a lasting error; the caller runs
    /// (spawns) the returned future until it completes.
    pub(crate) fn run<S: PollSource<Item = T> + 'static>(
        &self,
        runtime: Rc<dyn Runtime>,
        interval: u32,
        mut source: S,
    ) -> impl Future<Output = ()> + 'static {
        let watch = self.clone();
        async move {
            let mut failures: u32 = 0;
            let call = CallOptions {
                timeout_ms: None,
                cancel: Some(watch.stop.clone()),
            };
            loop {
                if watch.stop.is_cancelled() {
                    break;
                }
                match source.poll(&call).await {
                    Ok(items) => {
                        failures = 0;
                        for item in items {
                            watch.push(item);
                        }
                    }
                    Err(_) if watch.stop.is_cancelled() => break,
                    Err(e) if e.code.is_transient() => {
                        failures = failures.saturating_add(1);
                        watch.events.emit(&WatchEvent::Error(e));
                    }
                    Err(e) => {
                        watch.events.emit(&WatchEvent::Error(e.clone()));
                        watch.finish(Some(e));
                        return;
                    }
                }
                let delay = next_delay(interval, failures, runtime.random());
                if unless_cancelled(runtime.sleep(delay), Some(&watch.stop))
                    .await
                    .is_none()
                {
                    break;
                }
            }
            watch.finish(None);
        }
    }

    fn push(&self, item: T) {
        let waiters = {
            let mut st = self.state.borrow_mut();
            if st.queue.len() >= MAX_BUFFERED {
                st.queue.pop_front();
            }
            st.queue.push_back(item.clone());
            std::mem::take(&mut st.waiters)
        };
        waiters.into_iter().for_each(Waker::wake);
        self.events.emit(&WatchEvent::Message(item));
    }

    fn finish(&self, failure: Option<Error>) {
        let waiters = {
            let mut st = self.state.borrow_mut();
            st.stopped = true;
            if st.failure.is_none() {
                st.failure = failure;
            }
            std::mem::take(&mut st.waiters)
        };
        waiters.into_iter().for_each(Waker::wake);
    }

    /// Stops polling (an in-flight poll is cancelled). Items already received are still
    /// yielded by [`PollWatch::next`], then it ends.
    pub fn stop(&self) {
        self.stop.cancel();
        self.finish(None);
    }

    /// Whether the watch has stopped (by `stop()` or a lasting error).
    pub fn is_stopped(&self) -> bool {
        self.state.borrow().stopped
    }

    /// The next item; `Ok(None)` once stopped and drained; the error that ended the watch is
    /// returned once.
    pub fn next(&self) -> impl Future<Output = Result<Option<T>>> + 'static {
        let state = self.state.clone();
        std::future::poll_fn(move |cx| {
            let mut st = state.borrow_mut();
            if let Some(m) = st.queue.pop_front() {
                return Poll::Ready(Ok(Some(m)));
            }
            if st.stopped {
                return Poll::Ready(match st.failure.take() {
                    Some(e) => Err(e),
                    None => Ok(None),
                });
            }
            st.waiters.push(cx.waker().clone());
            Poll::Pending
        })
    }

    /// The listeners of new items and errors.
    pub fn events(&self) -> &Emitter<WatchEvent<T>> {
        &self.events
    }
}
