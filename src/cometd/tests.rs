//! Host tests: the state machine with plain values, channel rules, the message model, and the
//! driver against a scripted Bayeux server on virtual time.

mod channels;
mod driver;
mod machine;
mod messages;
#[cfg(not(target_arch = "wasm32"))] // proptest is a host-only dev-dependency
mod properties;
