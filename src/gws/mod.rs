//! Genesys Web Services (`/api/v2`): the session (Basic auth, session cookie, CSRF token, one
//! shared re-read when the session is lost), voice supervision (ListenIn, Coach, BargeIn), chat
//! supervision with the Supervisor Monitoring page's mode table, supervisor control (agent
//! states, the open calls and chats, hanging up), and typed notifications.

pub mod chat;
pub mod events;
pub mod model;
pub mod notifications;
pub mod options;
// Read only by the GWS entry's `retry` option (the builds with LiveVox keep serde's derive).
#[cfg_attr(
    not(all(target_arch = "wasm32", not(feature = "livevox-supervisor"))),
    allow(dead_code)
)]
pub mod session;
pub mod status;
pub mod supervisor;
pub mod voice;
pub(crate) use crate::wire;

#[cfg(test)]
mod test_support;

pub use chat::{ChatOperation, ChatState, GwsChat, MODE_TABLE};
pub use events::{decode_notification, GwsNotification};
pub use session::{GwsCredentials, GwsSession};
pub use supervisor::{GwsAgentState, GwsSnapshot};
pub use voice::VoiceMonitoring;
