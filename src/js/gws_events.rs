//! `gws.notifications()`: GWS's CometD channel (`<baseUrl>/api/v2/notifications`), on the GWS
//! session's credentials and cookies, delivering typed notifications to `on(channel, cb)`.

use super::convert::*;
use super::gws::Gws;
use super::runtime::deliver2;
use super::shapes;
use crate::cometd::channel;
use crate::cometd::{CometdClient, Message};
use crate::events::Emitter;
use crate::gws::notifications::{self as core, OnTarget, OwnSubscription, Subscriptions};
use crate::gws::GwsSession;

use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

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
    pub fn notifications(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseGwsNotifications {
        let session = self.session.clone();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            let (client, driver) = CometdClient::new(core::cometd_config(&session)?)?;
            spawn_local(driver);
            super::cometd_shared::wake_on_browser_events(&client);
            let emitter: Rc<Emitter<Delivered>> = Rc::default();
            let subs: Rc<Subscriptions> = Rc::default();
            let listener = message_listener(
                session.clone(),
                emitter.clone(),
                subs.clone(),
                Subscriptions::ME,
            );
            core::open(&client, listener, &call).await?;
            Ok(GwsNotifications {
                client,
                session,
                emitter,
                subs,
            }
            .into())
        })
    }
}

/// Passes each message of the subscription `key` that it forwards, decoded
/// ([`Subscriptions::receive`]), to the `on()` callbacks.
fn message_listener(
    session: Rc<GwsSession>,
    emitter: Rc<Emitter<Delivered>>,
    subs: Rc<Subscriptions>,
    key: u64,
) -> Rc<dyn Fn(&Message)> {
    Rc::new(move |m: &Message| {
        let Some(typed) = subs.receive(&session, key, m) else {
            return;
        };
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
    subs: Rc<Subscriptions>,
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
    pub fn on(
        &self,
        channel: shapes::Text,
        callback: shapes::GwsListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        let name = string_arg(&channel, "channel").map_err(throw)?;
        let cb = callback_arg(&callback)?;
        let target = core::on_target(&name).map_err(throw)?;
        if target == OnTarget::ClientEvent {
            return super::cometd_shared::listen_client(&self.client, Some(&name), cb)
                .map_err(throw)
                .map(JsCast::unchecked_into);
        }
        let pattern = name.clone();
        let id = self.emitter.subscribe(Rc::new(move |d: &Delivered| {
            if channel::matches(&pattern, &d.channel) {
                deliver2(&cb, d.data.clone(), JsValue::from_str(&d.channel));
            }
        }));
        let emitter = self.emitter.clone();
        if target == OnTarget::Covered {
            return Ok(unsubscribe_fn(move || emitter.unsubscribe(id)).unchecked_into());
        }
        let (session, emitter2, subs) = (
            self.session.clone(),
            self.emitter.clone(),
            self.subs.clone(),
        );
        let (own, settle) = OwnSubscription::start(&self.client, &self.subs, &name, |key| {
            message_listener(session, emitter2, subs, key)
        });
        spawn_local(settle);
        let client = self.client.clone();
        let subs = self.subs.clone();
        Ok(unsubscribe_fn(move || {
            emitter.unsubscribe(id);
            if let Some(sub) = own.removed(&subs) {
                spawn_local(client.unsubscribe(sub));
            }
        })
        .unchecked_into())
    }

    /// Reconnects now instead of waiting out the backoff after a failure (see
    /// `CometD.reconnect()`); browsers do it by themselves on `online` and when the page
    /// becomes visible.
    pub fn reconnect(&self) {
        self.client.reconnect();
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    pub fn once(
        &self,
        event: shapes::Text,
        callback: shapes::GwsOnceListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        super::convert::once(&callback, &|listener| {
            self.on(event.clone().unchecked_into(), listener.unchecked_into())
                .map(JsCast::unchecked_into)
        })
        .map(JsCast::unchecked_into)
    }

    /// The connection's state.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> shapes::CometdState {
        JsValue::from_str(self.client.state().as_str()).unchecked_into()
    }

    /// Disconnects (`/meta/disconnect`); no notification is delivered afterwards.
    pub fn close(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let client = self.client.clone();
        self.emitter.clear();
        promise(async move {
            let (call, _link) = call_options(&call)?;
            client.disconnect(&call).await.map(|()| JsValue::UNDEFINED)
        })
    }
}
