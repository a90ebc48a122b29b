//! LiveVox: the session API, the supervisor API (seed 000) and the chat watch, the agent API a
//! virtual agent uses, the contact API and the AI Integration App record (seed 003).

pub mod agent;
pub mod agent_model;
pub mod aia;
pub mod chat_watch;
pub mod contacts;
pub mod model;
pub mod poll_watch;
pub mod pool;
pub mod realtime;
pub mod session;
pub mod supervisor;

#[cfg(test)]
mod test_support;

pub use agent::{Agent, KeepAlive, KeepAliveEvent};
pub use chat_watch::{ChatCursor, ChatWatch, WatchEvent};
pub use contacts::Contacts;
pub use pool::AgentPool;
pub use realtime::AgentWatch;
pub use session::{Credentials, Session, SessionEvent};
pub use supervisor::Supervisor;
