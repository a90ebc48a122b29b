//! `gws.notifications()`: GWS's CometD channel (`<baseUrl>/api/v2/notifications`), on the GWS
//! session's credentials and cookies, delivering typed notifications to `on(channel, cb)`.

use super::convert::*;
use super::gws::Gws;
use super::runtime::{deliver, deliver2};
use crate::cometd::channel::{self, Purpose};
use crate::cometd::{CometdClient, CometdConfig, CometdState, Message};
use crate::error::{Error, Result};
use crate::events::Emitter;
use crate::gws::GwsSession;
use js_sys::{Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

/// What GWS subscribes to: every notification of the logged-in user (`/v2/me/devices`,
/// `/v2/me/calls`, `/v2/me/chats`, ...).
const ME_CHANNELS: &str = "/v2/me/*";

/// A notification: its channel and the decoded `data` as a JavaScript value.
#[derive(Clone)]
struct Delivered {
    channel: String,
    data: JsValue,
}

#[wasm_bindgen]
impl Gws {
    /// Opens the notification channel: a CometD long-poll on `<baseUrl>/api/v2/notifications`
    /// with this session's Basic auth and cookies, subscribed to `/v2/me/*`. Resolves once the
    /// handshake and the subscription are done. Notifications are decoded into typed objects
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
            let config =
                CometdConfig::from_pipeline(&session.notifications_url(), session.pipeline())
                    .header(&auth.0, &auth.1)
                    .cookies(jar);
            let (client, driver) = CometdClient::new(config)?;
            spawn_local(driver);
            client.handshake(&call).await?;
            let emitter: Rc<Emitter<Delivered>> = Rc::default();
            let listener = message_listener(session.clone(), emitter.clone());
            if let Err(e) = client.subscribe(ME_CHANNELS, listener, &call).await {
                let _ = client
                    .disconnect(&crate::client::CallOptions::default())
                    .await;
                return Err(e);
            }
            Ok(GwsNotifications { client, emitter }.into())
        })
    }
}

fn message_listener(
    session: Rc<GwsSession>,
    emitter: Rc<Emitter<Delivered>>,
) -> Rc<dyn Fn(&Message)> {
    Rc::new(move |m: &Message| {
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

/// The notifications of a GWS session: `on(channel, cb)`, `on("state", cb)`, `close()`.
#[wasm_bindgen]
pub struct GwsNotifications {
    client: CometdClient,
    emitter: Rc<Emitter<Delivered>>,
}

#[wasm_bindgen]
impl GwsNotifications {
    /// Calls `callback(data, channel)` for each notification on `channel`, which may be a
    /// pattern (`/v2/me/*`, `/v2/**`); `on("state", cb)` reports the connection's state
    /// (`"connecting" | "connected" | "reconnecting" | "disconnected"`). Returns a function
    /// that removes the listener.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] channel: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "(data: GwsNotification & CometdState, channel: string) => void"
        )]
        callback: JsValue,
    ) -> std::result::Result<Function, JsValue> {
        let name = string_arg(&channel, "channel").map_err(throw)?;
        let cb = callback_arg(&callback)?;
        if name == "state" {
            let id = self.client.on_state(Rc::new(move |s: &CometdState| {
                deliver(&cb, JsValue::from_str(s.as_str()));
            }));
            let client = self.client.clone();
            return Ok(unsubscribe_fn(move || client.off_state(id)));
        }
        check_pattern(&name).map_err(throw)?;
        let id = self.emitter.subscribe(Rc::new(move |d: &Delivered| {
            if channel::matches(&name, &d.channel) {
                deliver2(&cb, d.data.clone(), JsValue::from_str(&d.channel));
            }
        }));
        let emitter = self.emitter.clone();
        Ok(unsubscribe_fn(move || emitter.unsubscribe(id)))
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

/// A channel or pattern to listen on: absolute, no `/meta/` channels.
fn check_pattern(name: &str) -> Result<()> {
    if !name.starts_with('/') || channel::is_meta(name) {
        return Err(Error::invalid_argument(
            "channel",
            "channel must be a channel such as \"/v2/me/chats\" or a pattern such as \"/v2/me/*\" (or \"state\").",
        ));
    }
    channel::check(name, Purpose::Subscribe)
}
