//! LiveVox: the session API, the supervisor API (seed 000) and the chat watch.

pub mod chat_watch;
pub mod model;
pub mod session;
pub mod supervisor;

#[cfg(test)]
mod test_support;

pub use chat_watch::{ChatCursor, ChatWatch, WatchEvent};
pub use session::{Credentials, Session, SessionEvent};
pub use supervisor::Supervisor;
