//! `CometD` as a JavaScript class: converts arguments, calls [`CometdClient`], converts the
//! answers. The driver loop is spawned by the constructor and ends when the client is freed.

use super::cometd_shared::{listen_client, wake_on_browser_events};
use super::convert::*;
use super::runtime::{
    body_text, deliver2, deliver_json2, deliver_run, response_of, FetchTransport, JsRuntime,
};
use super::shapes;
use crate::cometd::message::decode_messages;
use crate::cometd::{
    CometdClient, CometdConfig, DecodedReply, DecodingTransport, Extension, Message,
    MessageListener, Payload, SubscriptionId,
};
use crate::error::{Error, Result};
use crate::http::{HttpRequest, TransportError};
use futures_util::future::LocalBoxFuture;
use js_sys::{Function, Promise};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

#[wasm_bindgen(typescript_custom_section)]
const COMETD_TYPES: &'static str = r#"
/** `new CometD(options)`: what the CometD client adds to the common options. */
export interface CometDOptions {
  /** Use the CometD acknowledgement extension when the server offers it (default `true`): the server keeps every message until the next `/meta/connect` acknowledges it, so a reply lost with the network is sent again, and nothing is delivered twice. */
  ack?: boolean;
  /** Extensions, as in the official CometD client: `outgoing` sees every message about to be sent (in this order), `incoming` every message received (in reverse order), before the client reads it. Change the message in place (e.g. `message.ext = { ...message.ext, token }`) or return a new one; return `null` to drop it. */
  extensions?: CometDExtension[];
}

/** A Bayeux message as an extension sees it (`data` only on published messages). */
export interface BayeuxMessage {
  /** The channel, e.g. `/meta/connect` or `/v2/me/devices`. */
  channel: string;
  /** Correlates a meta reply with its request. */
  id?: string;
  /** The session id the server gave at handshake (a secret: never log it). */
  clientId?: string;
  /** The payload of a published message. */
  data?: unknown;
  /** Whether a meta or publish request succeeded (replies). */
  successful?: boolean;
  /** The error of a failed request, as `code:args:message`, e.g. `402::Unknown client`. */
  error?: string;
  /** The server's advice (or, on an outgoing `/meta/connect`, the client's request for an immediate answer). */
  advice?: BayeuxAdvice;
  /** The channel(s) of a subscribe or unsubscribe. */
  subscription?: string | string[];
  /** Extension data, e.g. `{ ack: 3 }` or an auth token. */
  ext?: Record<string, unknown>;
  /** The connection type of a `/meta/connect` (`long-polling`). */
  connectionType?: string;
  /** The protocol version of a handshake. */
  version?: string;
  /** The oldest protocol version the sender accepts. */
  minimumVersion?: string;
  /** The connection types the sender supports. */
  supportedConnectionTypes?: string[];
  /** Any other field the server sent. */
  [field: string]: unknown;
}

/** The `advice` field of a Bayeux message. */
export interface BayeuxAdvice {
  /** What to do after this reply: connect again (`retry`), handshake again, or stop (`none`). */
  reconnect?: "retry" | "handshake" | "none";
  /** Milliseconds to wait before the next `/meta/connect`. */
  interval?: number;
  /** Milliseconds the server may hold a `/meta/connect`. */
  timeout?: number;
  /** Milliseconds the server keeps a client that does not poll. */
  maxInterval?: number;
  /** The server saw several clients from one browser. */
  "multiple-clients"?: boolean;
}

/** One entry of `CometDOptions.extensions`. */
export interface CometDExtension {
  /** Called with each message received; return it (or nothing, after changing it), another message, or `null` to drop it. */
  incoming?(message: BayeuxMessage): BayeuxMessage | null | undefined | void;
  /** Called with each message about to be sent; return it (or nothing, after changing it), another message, or `null` to drop it. */
  outgoing?(message: BayeuxMessage): BayeuxMessage | null | undefined | void;
}

/** The events of a `CometD` client beside `"state"`. */
export interface CometD {
  /** `"rehandshake"`: a new session replaced one the server had forgotten, and every subscription is back. Messages published in between may be missing (even with acknowledgements): re-read the state you show. Returns a function that removes the listener. */
  on(event: "rehandshake", callback: () => void): () => void;
  /** `"warning"`: something worth telling the user, e.g. `{ reason: "multiple-clients" }` when the server sees two clients in one browser. Returns a function that removes the listener. */
  on(event: "warning", callback: (warning: CometdWarning) => void): () => void;
}
"#;

#[wasm_bindgen(module = "/src/js/bayeux.js")]
extern "C" {
    /// `src/js/bayeux.js`: parses a reply body; `[head, data]` or `null`. (`catch` also
    /// gives it a named import, which the build inlines into the glue.)
    #[wasm_bindgen(js_name = fwBayeuxSplit, catch)]
    fn fw_bayeux_split(body: &JsValue) -> std::result::Result<JsValue, JsValue>;
}

/// The `data` of one message, or of a run of messages on one channel, as JavaScript parsed
/// them: elements `start..end` of their reply's values.
struct JsData {
    all: Rc<JsValue>,
    start: u32,
    end: u32,
}

/// Sends with `fetch` and reads a 2xx reply in JavaScript: one `JSON.parse` of the body, the
/// messages' protocol fields handed to Rust as a small JSON text, each `data` kept as the
/// parsed value for the listeners (never copied into wasm, parsed again or encoded again).
struct JsDecoding(FetchTransport);

impl DecodingTransport for JsDecoding {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, std::result::Result<DecodedReply, TransportError>> {
        let reply = self.0.exchange(request);
        Box::pin(async move {
            let reply = reply.await?;
            let body = reply.get(1);
            let status = reply.get(0).as_f64().unwrap_or_default();
            if (200.0..300.0).contains(&status) {
                if let Some(messages) = decode_in_js(&body) {
                    return Ok((response_of(&reply, String::new()), Some(messages)));
                }
            }
            // anything else is read (and its faults reported) as the client always did
            Ok((response_of(&reply, body_text(&body)), None))
        })
    }
}

/// The messages of a reply body parsed by JavaScript; `None` when it is not a JSON array or
/// object, or its protocol fields do not decode (the client then reads the body itself).
fn decode_in_js(body: &JsValue) -> Option<Vec<Message>> {
    let split = fw_bayeux_split(body).ok()?;
    if !js_sys::Array::is_array(&split) {
        return None;
    }
    let split: js_sys::Array = split.unchecked_into();
    let head = split.get(0).as_string()?;
    let all = Rc::new(split.get(1));
    let mut messages = decode_messages(&head).ok()?;
    for m in &mut messages {
        if let Some(data) = m.data.take() {
            let range = data.json()?.strip_prefix('[')?.strip_suffix(']')?;
            let (start, end) = range.split_once(',')?;
            // read as i64, the one integer parser the module holds already
            let index = |t: &str| u32::try_from(t.parse::<i64>().ok()?).ok();
            let value = JsData {
                all: all.clone(),
                start: index(start)?,
                end: index(end)?,
            };
            m.data = Some(Payload::from_host(Rc::new(value)));
        }
    }
    Some(messages)
}

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
    // as JSON.stringify sees it (`toJSON`, functions and `undefined` values left out)
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| JsValue::from(t).as_string());
    let parsed = text.and_then(|t| serde_json::from_str(&t).ok()).ok_or_else(|| {
        Error::invalid_argument(
            "headers",
            "headers cannot be read (a BigInt, a cycle, a getter that throws, or nesting too deep).",
        )
    })?;
    crate::cometd::options::headers(parsed)
}

fn config(opts: &JsValue) -> Result<CometdConfig> {
    if !opts.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "options must be an object such as { url: \"https://host/cometd\" }.",
        ));
    }
    let o = JsOptions(opts);
    let url = crate::cometd::options::url(&o)?;
    let transport = fetch_option(opts)?;
    let mut config = CometdConfig::new(&url, Rc::new(transport.clone()), Rc::new(JsRuntime));
    config.logger = logger_options(opts)?;
    config.headers = headers_option(&prop(opts, "headers"))?;
    crate::cometd::options::apply_timing(&mut config, &o)?;
    let (extensions, incoming) = extensions_option(&prop(opts, "extensions"))?;
    config.extensions = extensions;
    // An `incoming` hook gets each message with its data as JSON: the replies are then read
    // in Rust, as the hook's result is.
    if !incoming {
        config.decoding_transport = Some(Rc::new(JsDecoding(transport)));
    }
    Ok(config)
}

/// Reads `extensions`: an array of objects with optional `incoming` and `outgoing` functions;
/// and whether any has `incoming`.
fn extensions_option(value: &JsValue) -> Result<(Vec<Rc<dyn Extension>>, bool)> {
    if value.is_undefined() || value.is_null() {
        return Ok((Vec::new(), false));
    }
    let bad = || {
        Error::invalid_argument(
            "extensions",
            "extensions must be an array of objects with incoming(message) and/or outgoing(message) functions.",
        )
    };
    if !js_sys::Array::is_array(value) {
        return Err(bad());
    }
    let mut out: Vec<Rc<dyn Extension>> = Vec::new();
    let mut any_incoming = false;
    for item in js_sys::Array::from(value).iter() {
        if !item.is_object() {
            return Err(bad());
        }
        let hook = |name: &str| -> Result<Option<Function>> {
            let f = prop(&item, name);
            if f.is_undefined() || f.is_null() {
                return Ok(None);
            }
            f.dyn_into::<Function>().map(Some).map_err(|_| bad())
        };
        let incoming = hook("incoming")?;
        any_incoming |= incoming.is_some();
        out.push(Rc::new(JsExtension {
            this: item.clone(),
            incoming,
            outgoing: hook("outgoing")?,
        }));
    }
    Ok((out, any_incoming))
}

/// An extension written in JavaScript: the message goes to it as a plain object (through
/// JSON) and comes back the same way.
struct JsExtension {
    this: JsValue,
    incoming: Option<Function>,
    outgoing: Option<Function>,
}

impl JsExtension {
    /// Calls `f` with `m` as an object; `None` when it returns `null` (drop). A hook that
    /// throws, or returns something that is not a message, leaves the message as it was.
    fn call(&self, f: &Option<Function>, m: Message) -> Option<Message> {
        let Some(f) = f else { return Some(m) };
        // one message encoded as the request body is: `[{…}]`
        let Ok(text) = crate::cometd::message::encode_messages(std::slice::from_ref(&m)) else {
            return Some(m);
        };
        let Ok(obj) = js_sys::JSON::parse(&text).map(|a| js_sys::Reflect::get_u32(&a, 0)) else {
            return Some(m);
        };
        let Ok(obj) = obj else { return Some(m) };
        let returned = match f.call1(&self.this, &obj) {
            Ok(r) => r,
            Err(_) => return Some(m),
        };
        if returned.is_null() {
            return None;
        }
        let result = if returned.is_undefined() {
            obj
        } else {
            returned
        };
        let changed = js_to_json(&result)
            .ok()
            .and_then(|v| v.as_object().and_then(Message::from_json));
        Some(changed.unwrap_or(m))
    }
}

impl Extension for JsExtension {
    fn outgoing(&self, message: Message) -> Option<Message> {
        self.call(&self.outgoing, message)
    }
    fn incoming(&self, message: Message) -> Option<Message> {
        self.call(&self.incoming, message)
    }
}

/// A Bayeux (CometD) client for any Bayeux server: long-polling over `fetch`, one
/// `/meta/connect` outstanding, the server's advice obeyed (`retry`, `handshake` with every
/// subscription replayed, `none`), backoff on network failures (1 s doubling up to 30 s), and no
/// lost or repeated subscription across a re-handshake. Messages are acknowledged when the
/// server offers the CometD acknowledgement extension, so an outage loses none. In Node it
/// keeps the server's cookies (`BAYEUX_BROWSER`) itself; in browsers requests carry the page's
/// cookies, and the client reconnects at once when the browser comes back `online` or the page
/// becomes visible.
#[wasm_bindgen(js_name = CometD)]
pub struct CometD {
    inner: CometdClient,
}

#[wasm_bindgen(js_class = CometD)]
impl CometD {
    /// Creates a disconnected client (no request yet). Throws a `FloorwalkerError`
    /// (`INVALID_ARGUMENT`) for a bad `url` (https://, or http:// on a loopback host) or option.
    #[wasm_bindgen(constructor)]
    pub fn new(options: shapes::CometDOptions) -> std::result::Result<CometD, JsValue> {
        let config = config(&options).map_err(throw)?;
        let (inner, driver) = CometdClient::new(config).map_err(throw)?;
        spawn_local(driver);
        wake_on_browser_events(&inner);
        Ok(CometD { inner })
    }

    /// The connection state: `"connecting"`, `"connected"`, `"reconnecting"` or
    /// `"disconnected"`.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> shapes::CometdState {
        JsValue::from_str(self.inner.state().as_str()).unchecked_into()
    }

    /// Opens a session (`/meta/handshake`) and resolves once the server accepted it; at once
    /// when already connected. A server that is down or restarting is tried again with
    /// backoff for as long as it takes (no default timeout: pass `timeoutMs` or a `signal` to
    /// give up); it rejects only on `disconnect()`, advice `none` or an authentication refusal
    /// (401/403). Once connected, the client reconnects by itself.
    pub fn handshake(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let (call, link) = match call_options(&call) {
            Ok(c) => c,
            Err(e) => return rejected(e).unchecked_into(),
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
    /// message's `data`, in order (treat it as read-only: the other listeners of the message
    /// may get the same object). `/meta/*` channels are `INVALID_ARGUMENT`; before
    /// `handshake()` it is `INVALID_STATE`.
    pub fn subscribe(
        &self,
        channel: shapes::Text,
        callback: shapes::CometDListener,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseUnsubscribeAsync {
        let checked = string_arg(&channel, "channel")
            .and_then(|ch| Ok((ch, super::convert::callback(&callback)?)))
            .and_then(|(ch, cb)| Ok((ch, cb, call_options(&call)?)));
        let (channel, cb, (call, link)) = match checked {
            Ok(c) => c,
            Err(e) => return rejected(e).unchecked_into(),
        };
        let listener: MessageListener = Rc::new(move |m: &Message| {
            let channel = channel_js(&m.channel);
            let data = m.data.as_ref();
            if let Some(d) = data.and_then(Payload::host::<JsData>) {
                deliver_run(&cb, &d.all, d.start, d.end, channel);
            } else if let Some(json) = data.and_then(Payload::json) {
                deliver_json2(&cb, json, channel);
            } else {
                deliver2(&cb, JsValue::NULL, channel);
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
    pub fn publish(
        &self,
        channel: shapes::Text,
        data: shapes::Unknown,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let checked = string_arg(&channel, "channel")
            .and_then(|ch| Ok((ch, js_to_json(&data)?)))
            .and_then(|(ch, d)| Ok((ch, d, call_options(&call)?)));
        let (channel, data, (call, link)) = match checked {
            Ok(c) => c,
            Err(e) => return rejected(e).unchecked_into(),
        };
        let done = self.inner.publish(&channel, data, &call);
        promise(async move {
            let _link = link;
            done.await.map(|()| JsValue::UNDEFINED)
        })
    }

    /// Listens for `"state"` (`callback(state)` with each new connection state),
    /// `"rehandshake"` (`callback()` after a new session replaced one the server forgot, once
    /// every subscription is back: re-read what you show) or `"warning"` (`callback({ reason,
    /// message })`, e.g. reason `"multiple-clients"`). Returns a function that removes the
    /// listener.
    pub fn on(
        &self,
        event: shapes::StateEvent,
        callback: shapes::StateListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        let cb = super::convert::callback(&callback).map_err(throw)?;
        listen_client(&self.inner, event.as_string().as_deref(), cb)
            .map_err(throw)
            .map(JsCast::unchecked_into)
    }

    /// Reconnects now instead of waiting out the backoff after a failure (the network came
    /// back, the machine woke up from sleep). A connected client with a live long poll is left
    /// alone; a poll older than its own deadline is replaced. Browsers do this by themselves on
    /// `online` and when the page becomes visible.
    pub fn reconnect(&self) {
        self.inner.reconnect();
    }

    /// Like `on`, for the first event only; returns a function that removes the listener.
    pub fn once(
        &self,
        event: shapes::StateEvent,
        callback: shapes::StateListener,
    ) -> std::result::Result<shapes::Unsubscribe, JsValue> {
        super::convert::once(&callback, &|listener| {
            self.on(event.clone().unchecked_into(), listener.unchecked_into())
                .map(JsCast::unchecked_into)
        })
        .map(JsCast::unchecked_into)
    }

    /// Ends the session: stops the long poll, tells the server (`/meta/disconnect`) and
    /// forgets every subscription; the state becomes `"disconnected"`. Resolves even when the
    /// server cannot be reached.
    pub fn disconnect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> shapes::PromiseVoid {
        let (call, link) = match call_options(&call) {
            Ok(c) => c,
            Err(e) => return rejected(e).unchecked_into(),
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
