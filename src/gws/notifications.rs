//! The wiring of `gws.notifications()`: the CometD client on the GWS session's credentials,
//! cookies and CSRF token; the `/v2/me/*` subscription it opens with; which of several
//! overlapping server subscriptions passes a message on; what an `on(name)` listens to; and
//! the life of the server subscription an `on()` listener of its own makes. The wasm layer
//! spawns the futures and converts the notifications.

use super::events::{
    forwarding_subscription, notification_route, GwsNotification, NotificationRoute, ME_CHANNELS,
};
use super::GwsSession;
use crate::client::CallOptions;
use crate::cometd::{CometdClient, CometdConfig, Message, MessageListener, SubscriptionId};
use crate::error::Result;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The CometD configuration of a session's notification channel: `<baseUrl>/api/v2/notifications`
/// with the session's Basic auth, its cookie jar (shared), and its CSRF header asked for at
/// each request (a token renewed with the session is used at once). When GWS refuses the
/// channel's credentials (an HTTP session that expired while the channel was away: 401, or 403
/// for the stale CSRF token), the session is re-read, once for the channel and every waiting
/// REST call, and the channel handshakes again with the new cookie and token.
pub fn cometd_config(session: &Rc<GwsSession>) -> Result<CometdConfig> {
    let (auth, jar) = session.notification_auth()?;
    let mut config = CometdConfig::from_pipeline(&session.notifications_url(), session.pipeline())
        .header(&auth.0, &auth.1)
        .cookies(jar);
    // The session generation whose token the channel sent last.
    let sent = Rc::new(Cell::new(session.generation()));
    let (csrf, seen) = (session.clone(), sent.clone());
    config.header_source = Some(Rc::new(move || {
        seen.set(csrf.generation());
        csrf.csrf_header().into_iter().collect()
    }));
    let renew = session.clone();
    config.refresh_credentials = Some(Rc::new(move || renew.renew_after(sent.get())));
    Ok(config)
}

/// Opens the channel: the handshake, then the [`ME_CHANNELS`] subscription with `listener`;
/// when that subscription fails, the client disconnects (nothing stays connected for a
/// channel the caller never got).
pub async fn open(
    client: &CometdClient,
    listener: MessageListener,
    call: &CallOptions,
) -> Result<()> {
    client.handshake(call).await?;
    if let Err(e) = client.subscribe(ME_CHANNELS, listener, call).await {
        let _ = client.disconnect(&CallOptions::default()).await;
        return Err(e);
    }
    Ok(())
}

/// The server subscriptions of one notification channel, in subscription order, each keyed by
/// a number (0 is [`ME_CHANNELS`]): the one [`forwarding_subscription`] picks passes a message
/// on, so overlapping patterns never deliver a notification twice.
#[derive(Debug)]
pub struct Subscriptions {
    order: RefCell<Vec<(u64, String)>>,
    next_key: Cell<u64>,
}

impl Default for Subscriptions {
    fn default() -> Self {
        Subscriptions {
            order: RefCell::new(vec![(0, ME_CHANNELS.to_string())]),
            next_key: Cell::new(0),
        }
    }
}

impl Subscriptions {
    /// The key of the [`ME_CHANNELS`] subscription.
    pub const ME: u64 = 0;

    /// Adds a subscription for `pattern` (last in the order); returns its key.
    pub fn add(&self, pattern: &str) -> u64 {
        let key = self.next_key.get() + 1;
        self.next_key.set(key);
        self.order.borrow_mut().push((key, pattern.to_string()));
        key
    }

    /// Removes the subscription `key`.
    pub fn remove(&self, key: u64) {
        self.order.borrow_mut().retain(|(k, _)| *k != key);
    }

    /// Whether subscription `key` is the one that passes a message on `channel` on.
    pub fn forwards(&self, key: u64, channel: &str) -> bool {
        forwarding_subscription(&self.order.borrow(), channel) == Some(key)
    }

    /// The notification of message `m` received by subscription `key`, decoded (with what it
    /// tells the session, e.g. a chat's capabilities), or `None` when another subscription
    /// passes it on.
    pub fn receive(&self, session: &GwsSession, key: u64, m: &Message) -> Option<GwsNotification> {
        if !self.forwards(key, &m.channel) {
            return None;
        }
        let data = m
            .data
            .as_ref()
            .map_or(serde_json::Value::Null, |d| d.to_value());
        Some(session.notification(&m.channel, data))
    }
}

/// What `notifications.on(name, callback)` listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnTarget {
    /// A connection event of the CometD client: `"state"`, `"rehandshake"`, `"warning"`.
    ClientEvent,
    /// Notifications on channels the [`ME_CHANNELS`] subscription already brings.
    Covered,
    /// Notifications that need a server subscription of the listener's own.
    OwnSubscription,
}

/// What `on(name)` listens to; a channel no notification can arrive on is `INVALID_ARGUMENT`.
pub fn on_target(name: &str) -> Result<OnTarget> {
    if matches!(name, "state" | "rehandshake" | "warning") {
        return Ok(OnTarget::ClientEvent);
    }
    Ok(match notification_route(name)? {
        NotificationRoute::Covered => OnTarget::Covered,
        NotificationRoute::OwnSubscription => OnTarget::OwnSubscription,
    })
}

/// Where the server subscription of one `on()` listener stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Own {
    /// Asked for; the server has not answered.
    #[default]
    Pending,
    /// The server subscribed it.
    Subscribed(SubscriptionId),
    /// The listener was removed (or the server refused).
    Removed,
}

/// The server subscription of one `on()` listener: its key in the [`Subscriptions`] order and
/// where it stands.
#[derive(Debug, Clone, Default)]
pub struct OwnSubscription {
    key: u64,
    state: Rc<Cell<Own>>,
}

impl OwnSubscription {
    /// Subscribes `pattern` on the server for one listener (its messages go to `listener`,
    /// built with the returned key). Returns the handle and the future to run, which settles
    /// the subscription: when the listener was removed meanwhile it unsubscribes at once; when
    /// the server refused, the pattern leaves the order (the client logged it and warned).
    pub fn start(
        client: &CometdClient,
        subs: &Rc<Subscriptions>,
        pattern: &str,
        listener: impl FnOnce(u64) -> MessageListener,
    ) -> (
        OwnSubscription,
        impl std::future::Future<Output = ()> + 'static,
    ) {
        let key = subs.add(pattern);
        let own = OwnSubscription {
            key,
            state: Rc::default(),
        };
        let done = client.subscribe(pattern, listener(key), &CallOptions::default());
        let (client, subs, st) = (client.clone(), subs.clone(), own.clone());
        let settle = async move {
            let result = done.await;
            if let Some(sub) = st.settled(&subs, result.ok()) {
                client.unsubscribe(sub).await;
            }
        };
        (own, settle)
    }

    /// The server answered (`Some` when it subscribed): returns the subscription to drop now,
    /// when the listener was removed before the answer.
    pub fn settled(
        &self,
        subs: &Subscriptions,
        sub: Option<SubscriptionId>,
    ) -> Option<SubscriptionId> {
        match sub {
            Some(sub) => match self.state.replace(Own::Subscribed(sub)) {
                Own::Removed => {
                    self.state.set(Own::Removed);
                    Some(sub)
                }
                _ => None,
            },
            None => {
                subs.remove(self.key);
                self.state.set(Own::Removed);
                None
            }
        }
    }

    /// The listener was removed: its pattern leaves the order; returns the server subscription
    /// to drop, when there is one already.
    pub fn removed(&self, subs: &Subscriptions) -> Option<SubscriptionId> {
        subs.remove(self.key);
        match self.state.replace(Own::Removed) {
            Own::Subscribed(sub) => Some(sub),
            _ => None,
        }
    }

    /// Where the subscription stands.
    pub fn state(&self) -> Own {
        self.state.get()
    }
}

#[cfg(test)]
mod tests;
