//! `CometD` as a JavaScript class: converts arguments, calls [`CometdClient`], converts the
//! answers. The driver loop is spawned by the constructor and ends when the client is freed.

use super::convert::*;
use super::runtime::{deliver, deliver2, deliver_json2, JsRuntime};
use crate::client::DEFAULT_TIMEOUT_MS;
use crate::cometd::{
    CometdClient, CometdConfig, CometdState, Message, MessageListener, SubscriptionId,
};
use crate::error::{Error, Result};
use js_sys::{Function, Promise};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

fn rejected(e: Error) -> Promise {
    Promise::reject(&to_js_error(&e))
}

thread_local! {
    /// The last channel name made into a JavaScript string: a reply's messages mostly share one.
    static LAST_CHANNEL: std::cell::RefCell<(String, JsValue)> =
        std::cell::RefCell::new((String::new(), JsValue::from_str("")));
}

/// `channel` as a JavaScript string, reusing the last one when it is the same.
fn channel_js(channel: &str) -> JsValue {
    LAST_CHANNEL.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != channel {
            *last = (channel.to_string(), JsValue::from_str(channel));
        }
        last.1.clone()
    })
}

/// A JavaScript value to JSON, as `JSON.stringify` sees it (so `toJSON` and `Date` work);
/// cycles, BigInt, functions and `undefined` are `INVALID_ARGUMENT`.
fn js_to_json(value: &JsValue) -> Result<Value> {
    let bad = |why: &str| Error::invalid_argument("data", format!("data {why}"));
    if value.is_undefined() {
        return Err(bad("is required (use null for a message without payload)."));
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| bad("must be JSON-serializable (no cycles or BigInt)."))?;
    let text = JsValue::from(text)
        .as_string()
        .ok_or_else(|| bad("must be JSON-serializable (not a function or symbol)."))?;
    serde_json::from_str(&text).map_err(|_| bad("is nested too deeply."))
}

fn headers_option(value: &JsValue) -> Result<Vec<(String, String)>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    plain_object(value, "headers", "header names to string values")?;
    let mut map: std::collections::BTreeMap<String, String> = from_js(value, Some("headers"))?;
    map.remove("__proto__");
    Ok(map.into_iter().collect())
}

fn config(opts: &JsValue) -> Result<CometdConfig> {
    if !opts.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "options must be an object such as { url: \"https://host/cometd\" }.",
        ));
    }
    let url = string_arg(&prop(opts, "url"), "url")?;
    let transport = fetch_option(&prop(opts, "fetch"))?;
    let mut config = CometdConfig::new(&url, Rc::new(transport), Rc::new(JsRuntime));
    config.logger = logger_options(opts)?;
    config.headers = headers_option(&prop(opts, "headers"))?;
    config.timing.timeout_ms =
        millis(&prop(opts, "timeoutMs"), "timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS);
    if let Some(ms) = millis(&prop(opts, "maxNetworkDelayMs"), "maxNetworkDelayMs")? {
        config.timing.max_network_delay_ms = ms;
    }
    Ok(config)
}

/// A Bayeux (CometD) client for any Bayeux server: long-polling over `fetch`, one
/// `/meta/connect` outstanding, the server's advice obeyed (`retry`, `handshake` with every
/// subscription replayed, `none`), backoff on network failures (1 s doubling up to 30 s), and no
/// lost or repeated subscription across a re-handshake. In Node it keeps the server's cookies
/// (`BAYEUX_BROWSER`) itself; in browsers requests carry the page's cookies.
#[wasm_bindgen(js_name = CometD)]
pub struct CometD {
    inner: CometdClient,
}

#[wasm_bindgen(js_class = CometD)]
impl CometD {
    /// Creates a disconnected client (no request yet). Throws a `FloorwalkerError`
    /// (`INVALID_ARGUMENT`) for a bad `url` (https://, or http:// on a loopback host) or option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CometDOptions")] options: JsValue,
    ) -> std::result::Result<CometD, JsValue> {
        let config = config(&options).map_err(throw)?;
        let (inner, driver) = CometdClient::new(config).map_err(throw)?;
        spawn_local(driver);
        Ok(CometD { inner })
    }

    /// The connection state: `"connecting"`, `"connected"`, `"reconnecting"` or
    /// `"disconnected"`.
    #[wasm_bindgen(getter, unchecked_return_type = "CometdState")]
    pub fn state(&self) -> JsValue {
        JsValue::from_str(self.inner.state().as_str())
    }

    /// Opens a session (`/meta/handshake`) and resolves once the server accepted it; at once
    /// when already connected. If this first handshake fails, the promise rejects and the
    /// client stays disconnected; once connected, the client reconnects by itself.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn handshake(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let (call, link) = match call_options(&call) {
            Ok(c) => c,
            Err(e) => return rejected(e),
        };
        let done = self.inner.handshake(&call);
        promise(async move {
            let _link = link;
            done.await.map(|()| JsValue::UNDEFINED)
        })
    }

    /// Subscribes `callback` to `channel` (a channel, or a pattern such as `/v2/me/*` or
    /// `/a/**`) and resolves, once the server confirmed, to a function that unsubscribes
    /// (returning a promise that always resolves). `callback(data, channel)` receives each
    /// message's `data`, in order. `/meta/*` channels are `INVALID_ARGUMENT`; before
    /// `handshake()` it is `INVALID_STATE`.
    #[wasm_bindgen(unchecked_return_type = "Promise<() => Promise<void>>")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] channel: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CometDListener")] callback: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let checked = string_arg(&channel, "channel")
            .and_then(|ch| Ok((ch, super::convert::callback(&callback)?)))
            .and_then(|(ch, cb)| Ok((ch, cb, call_options(&call)?)));
        let (channel, cb, (call, link)) = match checked {
            Ok(c) => c,
            Err(e) => return rejected(e),
        };
        let listener: MessageListener = Rc::new(move |m: &Message| {
            let channel = channel_js(&m.channel);
            match &m.data {
                Some(data) => deliver_json2(&cb, data.json(), channel),
                None => deliver2(&cb, JsValue::NULL, channel),
            }
        });
        let done = self.inner.subscribe(&channel, listener, &call);
        let client = self.inner.clone();
        promise(async move {
            let _link = link;
            let id = done.await?;
            Ok(unsubscriber(client, id).into())
        })
    }

    /// Publishes `data` (anything `JSON.stringify` accepts) on `channel` and resolves when the
    /// server acknowledged it. Wildcard and `/meta/*` channels are `INVALID_ARGUMENT`; when
    /// disconnected it is `INVALID_STATE`; while reconnecting the message waits for the session.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn publish(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] channel: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] data: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let checked = string_arg(&channel, "channel")
            .and_then(|ch| Ok((ch, js_to_json(&data)?)))
            .and_then(|(ch, d)| Ok((ch, d, call_options(&call)?)));
        let (channel, data, (call, link)) = match checked {
            Ok(c) => c,
            Err(e) => return rejected(e),
        };
        let done = self.inner.publish(&channel, data, &call);
        promise(async move {
            let _link = link;
            done.await.map(|()| JsValue::UNDEFINED)
        })
    }

    /// Listens for `"state"`: `callback(state)` with each new connection state. Returns a
    /// function that removes the listener.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"state\"")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(state: CometdState) => void")] callback: JsValue,
    ) -> std::result::Result<Function, JsValue> {
        if event.as_string().as_deref() != Some("state") {
            return Err(throw(Error::invalid_argument(
                "event",
                "event must be \"state\".",
            )));
        }
        let cb = super::convert::callback(&callback).map_err(throw)?;
        let id = self.inner.on_state(Rc::new(move |s: &CometdState| {
            deliver(&cb, JsValue::from_str(s.as_str()));
        }));
        let client = self.inner.clone();
        Ok(unsubscribe_fn(move || client.off_state(id)))
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn once(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"state\"")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(state: CometdState) => void")] callback: JsValue,
    ) -> std::result::Result<Function, JsValue> {
        super::convert::once(&callback, &|listener| self.on(event.clone(), listener))
    }

    /// Ends the session: stops the long poll, tells the server (`/meta/disconnect`) and
    /// forgets every subscription; the state becomes `"disconnected"`. Resolves even when the
    /// server cannot be reached.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn disconnect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let (call, link) = match call_options(&call) {
            Ok(c) => c,
            Err(e) => return rejected(e),
        };
        let done = self.inner.disconnect(&call);
        promise(async move {
            let _link = link;
            done.await.map(|()| JsValue::UNDEFINED)
        })
    }
}

/// The function `subscribe` resolves to: stops delivery at once, unsubscribes on the server
/// when it was the channel's last listener, and returns a promise that always resolves.
fn unsubscriber(client: CometdClient, id: SubscriptionId) -> Function {
    Closure::<dyn FnMut() -> Promise>::new(move || {
        let done = client.unsubscribe(id);
        promise(async move {
            done.await;
            Ok(JsValue::UNDEFINED)
        })
    })
    .into_js_value()
    .unchecked_into()
}
