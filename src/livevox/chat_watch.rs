//! `watchChat`: polls `chat/messages` with the cursor of each reply, yields every message once
//! and in order, keeps going through passing errors with backoff, and stops on `stop()`.

use super::model::{ChatMessagesReply, ChatWatchMessage, ChatWatchOptions};
use super::supervisor::{instant_ms, Supervisor};
use crate::client::CallOptions;
use crate::error::{Error, Result};
use crate::events::Emitter;
use crate::http::{unless_cancelled, CancelToken};
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// Default time between polls.
pub const DEFAULT_INTERVAL_MS: u32 = 5_000;
/// Shortest allowed time between polls.
pub const MIN_INTERVAL_MS: u32 = 50;
/// Longest wait between polls after repeated failures.
pub const MAX_BACKOFF_MS: u32 = 60_000;
/// Messages kept for a consumer that does not iterate; beyond it the oldest are dropped.
pub const MAX_BUFFERED: usize = 10_000;

type MessageKey = (String, String, i64, String);

/// The `messageReceivedAfter` cursor plus the messages already seen at exactly that time, so
/// that a server that answers `>=` instead of `>` never makes us yield a message twice.
#[derive(Debug, Default, Clone)]
pub struct ChatCursor {
    after: Option<i64>,
    seen_at_cursor: HashSet<MessageKey>,
}

impl ChatCursor {
    /// A cursor starting after `after` (everything when `None`).
    pub fn new(after: Option<i64>) -> Self {
        ChatCursor {
            after,
            seen_at_cursor: HashSet::new(),
        }
    }

    /// The value to send as `messageReceivedAfter`.
    pub fn after(&self) -> Option<i64> {
        self.after
    }

    /// Takes a reply: returns the messages not yielded before, oldest first, and moves the
    /// cursor to the reply's `timestamp` (or the newest message when the reply has none).
    pub fn accept(&mut self, reply: &ChatMessagesReply) -> Vec<ChatWatchMessage> {
        let mut fresh: Vec<ChatWatchMessage> = Vec::new();
        for thread in &reply.chat_list {
            for m in &thread.message_list {
                let key: MessageKey = (
                    thread.user_login_id.clone(),
                    m.sender_id.clone(),
                    m.timestamp,
                    m.message.clone(),
                );
                let new = match self.after {
                    None => true,
                    Some(a) if m.timestamp > a => true,
                    Some(a) if m.timestamp == a => !self.seen_at_cursor.contains(&key),
                    Some(_) => false,
                };
                if new {
                    fresh.push(ChatWatchMessage {
                        user_login_id: thread.user_login_id.clone(),
                        can_reply: m.can_reply.unwrap_or(thread.can_reply),
                        message: m.message.clone(),
                        sender_id: m.sender_id.clone(),
                        timestamp: m.timestamp,
                    });
                }
            }
        }
        // Stable: messages of equal time keep the platform's order.
        fresh.sort_by_key(|m| m.timestamp);
        let newest = fresh.iter().map(|m| m.timestamp).max();
        let next = match (reply.timestamp, newest, self.after) {
            (Some(t), Some(n), _) => Some(t.max(n)),
            (Some(t), None, Some(a)) => Some(t.max(a)),
            (Some(t), None, None) => Some(t),
            (None, Some(n), a) => Some(a.map_or(n, |a| a.max(n))),
            (None, None, a) => a,
        };
        if next != self.after {
            self.seen_at_cursor.clear();
            self.after = next;
        }
        if let Some(cursor) = self.after {
            for m in fresh.iter().filter(|m| m.timestamp == cursor) {
                self.seen_at_cursor.insert((
                    m.user_login_id.clone(),
                    m.sender_id.clone(),
                    m.timestamp,
                    m.message.clone(),
                ));
            }
        }
        fresh
    }
}

/// What a watch tells its listeners.
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// A new message.
    Message(ChatWatchMessage),
    /// A poll failed (passing errors are followed by a retry; others end the watch).
    Error(Error),
}

#[derive(Default)]
struct WatchState {
    queue: VecDeque<ChatWatchMessage>,
    waiters: Vec<Waker>,
    stopped: bool,
    failure: Option<Error>,
}

/// A running chat watch. Cloning shares it.
#[derive(Clone)]
pub struct ChatWatch {
    state: Rc<RefCell<WatchState>>,
    stop: CancelToken,
    events: Rc<Emitter<WatchEvent>>,
}

impl ChatWatch {
    /// Checks the options and returns the watch plus the polling loop, which the caller runs
    /// (spawns) until it completes.
    pub fn start(
        supervisor: Supervisor,
        opts: &ChatWatchOptions,
    ) -> Result<(ChatWatch, impl Future<Output = ()> + 'static)> {
        let interval = opts.interval_ms.unwrap_or(DEFAULT_INTERVAL_MS);
        if interval < MIN_INTERVAL_MS {
            return Err(Error::invalid_argument(
                "intervalMs",
                format!("intervalMs must be at least {MIN_INTERVAL_MS}."),
            ));
        }
        let after = match &opts.after {
            Some(a) => Some(instant_ms("after", a)?),
            None => None,
        };
        let watch = ChatWatch {
            state: Rc::default(),
            stop: CancelToken::new(),
            events: Rc::default(),
        };
        let exclude_own = opts.exclude_own.unwrap_or(true);
        let driver = watch.clone().run(supervisor, interval, after, exclude_own);
        Ok((watch, driver))
    }

    async fn run(
        self,
        supervisor: Supervisor,
        interval: u32,
        after: Option<i64>,
        exclude_own: bool,
    ) {
        let runtime = supervisor.session().pipeline().runtime.clone();
        let mut cursor = ChatCursor::new(after);
        let mut failures: u32 = 0;
        let call = CallOptions {
            timeout_ms: None,
            cancel: Some(self.stop.clone()),
        };
        loop {
            if self.stop.is_cancelled() {
                break;
            }
            let res = supervisor
                .chat_messages_after(cursor.after(), exclude_own, &call)
                .await;
            match res {
                Ok(reply) => {
                    failures = 0;
                    for m in cursor.accept(&reply) {
                        self.push(m);
                    }
                }
                Err(_) if self.stop.is_cancelled() => break,
                Err(e) if e.code.is_transient() => {
                    failures = failures.saturating_add(1);
                    self.events.emit(&WatchEvent::Error(e));
                }
                Err(e) => {
                    self.events.emit(&WatchEvent::Error(e.clone()));
                    self.finish(Some(e));
                    return;
                }
            }
            let delay = if failures == 0 {
                interval
            } else {
                // Double from the poll interval per failure, capped at a minute, with equal
                // jitter, and never faster than the poll interval itself.
                let cap = u64::from(MAX_BACKOFF_MS.max(interval));
                let grown = (u64::from(interval) << failures.min(10)).min(cap) as u32;
                let half = grown / 2;
                (half + (f64::from(half) * runtime.random()) as u32).max(interval)
            };
            if unless_cancelled(runtime.sleep(delay), Some(&self.stop))
                .await
                .is_none()
            {
                break;
            }
        }
        self.finish(None);
    }

    fn push(&self, m: ChatWatchMessage) {
        let waiters = {
            let mut st = self.state.borrow_mut();
            if st.queue.len() >= MAX_BUFFERED {
                st.queue.pop_front();
            }
            st.queue.push_back(m.clone());
            std::mem::take(&mut st.waiters)
        };
        waiters.into_iter().for_each(Waker::wake);
        self.events.emit(&WatchEvent::Message(m));
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

    /// Stops polling (an in-flight poll is cancelled). Messages already received are still
    /// yielded by [`ChatWatch::next`], then it ends.
    pub fn stop(&self) {
        self.stop.cancel();
        self.finish(None);
    }

    /// Whether the watch has stopped (by `stop()` or a lasting error).
    pub fn is_stopped(&self) -> bool {
        self.state.borrow().stopped
    }

    /// The next message; `Ok(None)` once stopped and drained; the error that ended the watch
    /// is returned once.
    pub fn next(&self) -> impl Future<Output = Result<Option<ChatWatchMessage>>> + 'static {
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

    /// The listeners of `message` and `error`.
    pub fn events(&self) -> &Emitter<WatchEvent> {
        &self.events
    }
}

#[cfg(test)]
mod tests;
