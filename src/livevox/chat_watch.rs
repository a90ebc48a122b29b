//! `watchChat`: polls `chat/messages` with the cursor of each reply, yields every message once
//! and in order, keeps going through passing errors with backoff, and stops on `stop()`.

use super::model::{ChatMessagesReply, ChatWatchMessage, ChatWatchOptions};
use super::poll_watch::{check_interval, PollSource, PollWatch};
use super::supervisor::{instant_ms, Supervisor};
use crate::client::CallOptions;
use crate::error::Result;
use std::future::Future;

pub use super::poll_watch::{WatchEvent, MAX_BACKOFF_MS, MAX_BUFFERED, MIN_INTERVAL_MS};

/// Default time between polls.
pub const DEFAULT_INTERVAL_MS: u32 = 5_000;

type MessageKey = (String, String, i64, String);

/// The `messageReceivedAfter` cursor plus the messages already seen at exactly that time, so
/// that a server that answers `>=` instead of `>` never makes us yield a message twice.
#[derive(Debug, Default, Clone)]
pub struct ChatCursor {
    after: Option<i64>,
    /// The messages of one millisecond: a few at most, so a list searched from end to end (a
    /// hash set's code is kilobytes of wasm).
    seen_at_cursor: Vec<MessageKey>,
}

impl ChatCursor {
    /// A cursor starting after `after` (everything when `None`).
    pub fn new(after: Option<i64>) -> Self {
        ChatCursor {
            after,
            seen_at_cursor: Vec::new(),
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
                    // In time order; messages of equal time keep the platform's order. (Placed
                    // one by one rather than sorted: a sort's code is kilobytes of wasm.)
                    let at = fresh.partition_point(|f| f.timestamp <= m.timestamp);
                    fresh.insert(
                        at,
                        ChatWatchMessage {
                            user_login_id: thread.user_login_id.clone(),
                            can_reply: m.can_reply.unwrap_or(thread.can_reply),
                            message: m.message.clone(),
                            sender_id: m.sender_id.clone(),
                            timestamp: m.timestamp,
                        },
                    );
                }
            }
        }
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
                let key = (
                    m.user_login_id.clone(),
                    m.sender_id.clone(),
                    m.timestamp,
                    m.message.clone(),
                );
                if !self.seen_at_cursor.contains(&key) {
                    self.seen_at_cursor.push(key);
                }
            }
        }
        fresh
    }
}

/// The source a chat watch polls: `chat/messages` with the cursor of each reply.
struct ChatSource {
    supervisor: Supervisor,
    cursor: ChatCursor,
    exclude_own: bool,
}

impl PollSource for ChatSource {
    type Item = ChatWatchMessage;

    async fn poll(&mut self, call: &CallOptions) -> Result<Vec<ChatWatchMessage>> {
        let reply = self
            .supervisor
            .chat_messages_after(self.cursor.after(), self.exclude_own, call)
            .await?;
        Ok(self.cursor.accept(&reply))
    }
}

/// A running chat watch (the polling engine of [`PollWatch`] over `chat/messages`). Cloning
/// shares it.
pub type ChatWatch = PollWatch<ChatWatchMessage>;

impl ChatWatch {
    /// Checks the options and returns the watch plus the polling loop, which the caller runs
    /// (spawns) until it completes.
    pub fn start(
        supervisor: Supervisor,
        opts: &ChatWatchOptions,
    ) -> Result<(ChatWatch, impl Future<Output = ()> + 'static)> {
        let interval = check_interval(opts.interval_ms, DEFAULT_INTERVAL_MS)?;
        let after = match &opts.after {
            Some(a) => Some(instant_ms("after", a)?),
            None => None,
        };
        let runtime = supervisor.session().pipeline().runtime.clone();
        let source = ChatSource {
            supervisor,
            cursor: ChatCursor::new(after),
            exclude_own: opts.exclude_own.unwrap_or(true),
        };
        let watch = ChatWatch::new();
        let driver = watch.run(runtime, interval, source);
        Ok((watch, driver))
    }
}

#[cfg(test)]
mod tests;
