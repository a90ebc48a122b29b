//! CometD / Bayeux: a long-polling client for any Bayeux server (GWS notifications, CometD,
//! Faye).
//!
//! - [`message`]: the message model and lenient decoding of replies.
//! - [`channel`]: channel-name rules and wildcard matching.
//! - [`state`]: the sans-I/O state machine (handshake, the `/meta/connect` loop, advice,
//!   backoff, re-handshake with subscriptions replayed).
//! - [`driver`]: [`CometdClient`], the machine over a [`crate::http::Transport`] with cookies,
//!   extra headers and listeners.
//!
//! ```no_run
//! # async fn demo(pipeline: floorwalker::client::Pipeline) -> floorwalker::Result<()> {
//! use floorwalker::client::CallOptions;
//! use floorwalker::cometd::{CometdClient, CometdConfig};
//! use std::rc::Rc;
//!
//! let config = CometdConfig::from_pipeline("https://gws.example.com/api/v2/notifications", &pipeline)
//!     .header("Authorization", "Basic dXNlcjpwYXNz");
//! let (client, driver) = CometdClient::new(config)?;
//! // spawn `driver` (wasm_bindgen_futures::spawn_local in the browser and Node)
//! # drop(driver);
//! let call = CallOptions::default();
//! client.handshake(&call).await?;
//! let sub = client
//!     .subscribe("/v2/me/*", Rc::new(|m| println!("{} {:?}", m.channel, m.data)), &call)
//!     .await?;
//! client.unsubscribe(sub).await;
//! client.disconnect(&call).await?;
//! # Ok(()) }
//! ```

pub mod channel;
pub mod driver;
pub mod message;
pub mod options;
pub mod split;
pub mod state;

pub use driver::{
    CometdClient, CometdConfig, CredentialRefresh, DecodedReply, DecodingTransport, Extension,
    HeaderSource, MessageListener, SubscriptionId,
};
pub use message::{Message, Payload};
pub use state::{CometdState, CometdWarning, Timing};

#[cfg(test)]
mod tests;
