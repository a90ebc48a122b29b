//! `gws.notifications()`: GWS's CometD channel (`<baseUrl>/api/v2/notifications`), on the GWS
//! session's credentials and cookies, delivering typed notifications to `on(channel, cb)`.

use super::convert::*;
use super::gws::Gws;
use super::runtime::deliver2;
use crate::client::CallOptions;
use crate::cometd::channel;
use crate::cometd::{CometdClient, CometdConfig, Message, SubscriptionId};
use crate::events::Emitter;
use crate::gws::events::{
    forwarding_subscription, notification_route, NotificationRoute, ME_CHANNELS,
};
use crate::gws::GwsSession;
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

/// The server subscriptions of one `GwsNotifications`, in subscription order, each keyed by a
/// number: the one [`forwarding_subscription`] picks passes a message on.
type Order = Rc<RefCell<Vec<(u64, String)>>>;

/// A notification: its channel and the decoded `data` as a JavaScript value.
#[derive(Clone)]
struct Delivered {
    channel: String,
    data: JsValue,
}

#[wasm_bindgen]
impl Gws {
    /// Opens the notification channel: a CometD long-poll on `<baseUrl>/api/v2/notifications`
    /// with this session's Basic auth, cookies and CSRF token, subscribed to `/v2/me/*`
    /// (`on()` adds subscriptions for channels outside it). Resolves once the handshake and the
    /// subscription are done; a server that is restarting is tried again until it answers
    /// (pass `timeoutMs` or a `signal` to give up). Messages are acknowledged when the server
    /// offers the CometD acknowledgement extension. Notifications are decoded into typed objects
    /// (`DeviceStateChangeMessage`, `ChatStateChangeMessage`, `MessageLogUpdated`,
    /// `CallStateChangeMessage`; any other type is passed through as it came), and a chat's
    /// `capabilities` update what its `GwsChat` handle allows.
    #[wasm_bindgen(unchecked_return_type = "Promise<GwsNotifications>")]
    pub fn notifications(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let session = self.session.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            let (auth, jar) = session.notification_auth()?;
            let mut config =
                CometdConfig::from_pipeline(&session.notifications_url(), session.pipeline())
                    .header(&auth.0, &auth.1)
                    .cookies(jar);
            let csrf = session.clone();
            config.header_source = Some(Rc::new(move || csrf.csrf_header().into_iter().collect()));
            let (client, driver) = CometdClient::new(config)?;
            spawn_local(driver);
            super::cometd_shared::wake_on_browser_events(&client);
            client.handshake(&call).await?;
            let emitter: Rc<Emitter<Delivered>> = Rc::default();
            let order: Order = Rc::new(RefCell::new(vec![(0, ME_CHANNELS.to_string())]));
            let listener = message_listener(session.clone(), emitter.clone(), order.clone(), 0);
            if let Err(e) = client.subscribe(ME_CHANNELS, listener, &call).await {
                let _ = client.disconnect(&CallOptions::default()).await;
                return Err(e);
            }
            Ok(GwsNotifications {
                client,
                session,
                emitter,
                order,
                next_key: Cell::new(0),
            }
            .into())
        })
    }
}

/// Decodes each message of the subscription `key` and passes it to the `on()` callbacks, when
/// that subscription is the one that forwards its channel.
fn message_listener(
    session: Rc<GwsSession>,
    emitter: Rc<Emitter<Delivered>>,
    order: Order,
    key: u64,
) -> Rc<dyn Fn(&Message)> {
    Rc::new(move |m: &Message| {
        if forwarding_subscription(&order.borrow(), &m.channel) != Some(key) {
            return;
        }
        let data = m
            .data
            .as_ref()
            .map_or(serde_json::Value::Null, |d| d.to_value());
        let typed = session.notification(&m.channel, data);
        if emitter.is_empty() {
            return;
        }
        let Ok(data) = to_js(&typed) else {
            return;
        };
        emitter.emit(&Delivered {
            channel: m.channel.clone(),
            data,
        });
    })
}

/// The notifications of a GWS session: `on(channel, cb)`, `on("state" | "rehandshake" |
/// "warning", cb)`, `reconnect()`, `close()`.
#[wasm_bindgen]
pub struct GwsNotifications {
    client: CometdClient,
    session: Rc<GwsSession>,
    emitter: Rc<Emitter<Delivered>>,
    order: Order,
    next_key: Cell<u64>,
}

/// Where an `on()` subscription of its own stands.
enum Own {
    Pending,
    Subscribed(SubscriptionId),
    Removed,
}

#[wasm_bindgen]
impl GwsNotifications {
    /// Calls `callback(data, channel)` for each notification on `channel`, which may be a
    /// pattern (`/v2/me/*`, `/v2/users/**`). Channels under `/v2/me/*` come with the
    /// subscription `notifications()` made; any other (`/notifications/services`,
    /// `/v2/users`, `/v2/me/**` …) is subscribed on the server now, and unsubscribed when its
    /// last listener is removed (a refusal is reported as a `"warning"`). `/meta` and
    /// `/service` channels, which never carry notifications, throw `INVALID_ARGUMENT`.
    /// Events: `on("state", cb)` reports the connection's state (`"connecting" | "connected"
    /// | "reconnecting" | "disconnected"`); `on("rehandshake", cb)` fires after GWS forgot
    /// the connection and a new one took its place (notifications in between may be missing:
    /// re-read calls and chats); `on("warning", cb)` receives `{ reason, message }`. Returns a
    /// function that removes the listener.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] channel: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "(data: GwsNotification & CometdState & CometdWarning, channel: string) => void"
        )]
        callback: JsValue,
    ) -> std::result::Result<Function, JsValue> {
        let name = string_arg(&channel, "channel").map_err(throw)?;
        let cb = callback_arg(&callback)?;
        if matches!(name.as_str(), "state" | "rehandshake" | "warning") {
            return super::cometd_shared::listen_client(&self.client, Some(&name), cb)
                .map_err(throw);
        }
        let route = notification_route(&name).map_err(throw)?;
        let pattern = name.clone();
        let id = self.emitter.subscribe(Rc::new(move |d: &Delivered| {
            if channel::matches(&pattern, &d.channel) {
                deliver2(&cb, d.data.clone(), JsValue::from_str(&d.channel));
            }
        }));
        let emitter = self.emitter.clone();
        if route == NotificationRoute::Covered {
            return Ok(unsubscribe_fn(move || emitter.unsubscribe(id)));
        }
        let own = self.subscribe_own(&name);
        let client = self.client.clone();
        let order = self.order.clone();
        Ok(unsubscribe_fn(move || {
            emitter.unsubscribe(id);
            let (key, state) = &own;
            order.borrow_mut().retain(|(k, _)| k != key);
            if let Own::Subscribed(sub) = state.replace(Own::Removed) {
                spawn_local(client.unsubscribe(sub));
            }
        }))
    }

    /// Reconnects now instead of waiting out the backoff after a failure (see
    /// `CometD.reconnect()`); browsers do it by themselves on `online` and when the page
    /// becomes visible.
    pub fn reconnect(&self) {
        self.client.reconnect();
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn once(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] event: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "(data: GwsNotification & CometdState, channel: string) => void"
        )]
        callback: JsValue,
    ) -> std::result::Result<Function, JsValue> {
        super::convert::once(&callback, &|listener| self.on(event.clone(), listener))
    }

    /// The connection's state.
    #[wasm_bindgen(getter, unchecked_return_type = "CometdState")]
    pub fn state(&self) -> JsValue {
        JsValue::from_str(self.client.state().as_str())
    }

    /// Disconnects (`/meta/disconnect`); no notification is delivered afterwards.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn close(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        self.emitter.clear();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            client.disconnect(&call).await.map(|()| JsValue::UNDEFINED)
        })
    }
}

impl GwsNotifications {
    /// Subscribes `pattern` on the server for one `on()` listener; returns its key in the
    /// forwarding order and where it stands.
    fn subscribe_own(&self, pattern: &str) -> (u64, Rc<Cell<Own>>) {
        let key = self.next_key.get() + 1;
        self.next_key.set(key);
        self.order.borrow_mut().push((key, pattern.to_string()));
        let state = Rc::new(Cell::new(Own::Pending));
        let listener = message_listener(
            self.session.clone(),
            self.emitter.clone(),
            self.order.clone(),
            key,
        );
        let done = self
            .client
            .subscribe(pattern, listener, &CallOptions::default());
        let (client, order, st) = (self.client.clone(), self.order.clone(), state.clone());
        spawn_local(async move {
            match done.await {
                Ok(sub) => {
                    if let Own::Removed = st.replace(Own::Subscribed(sub)) {
                        st.set(Own::Removed);
                        client.unsubscribe(sub).await;
                    }
                }
                // refused or failed: the client logged it and warned ("warning")
                Err(_) => {
                    order.borrow_mut().retain(|(k, _)| *k != key);
                    st.set(Own::Removed);
                }
            }
        });
        (key, state)
    }
}
