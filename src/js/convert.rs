//! JavaScript values in and out: typed reads with `INVALID_ARGUMENT` naming the field, the
//! common client options, per-call options (`signal`, `timeoutMs`), and errors out.

use super::runtime::{deliver, FetchTransport, JsRuntime};
use crate::client::options as client_options;
use crate::client::{with_threshold, CallOptions, LogEvent, Pipeline};
use crate::error::{Error, Result};
use crate::http::CancelToken;
use crate::input::unreadable;
pub use crate::input::Arg;
use js_sys::{Function, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Registers the package's `FloorwalkerError` class (done once by the package entry at load;
/// later calls are ignored, so nothing can swap the class errors are made of).
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: JsValue) {
    if let Ok(f) = class.dyn_into::<Function>() {
        ERROR_CLASS.with(|c| {
            let mut c = c.borrow_mut();
            if c.is_none() {
                *c = Some(f);
            }
        });
    }
}

/// Turns an [`Error`] into a `FloorwalkerError` (or, before the class is registered, an
/// `Error` named `FloorwalkerError` with the same fields).
pub fn to_js_error(e: &Error) -> JsValue {
    let details = Object::new();
    let put = |k: &str, v: JsValue| {
        let _ = Reflect::set(&details, &JsValue::from_str(k), &v);
    };
    if let Some(s) = e.status {
        put("status", JsValue::from(s));
    }
    if let Some(c) = e.vendor_code {
        put("vendorCode", JsValue::from(c as f64));
    }
    if let Some(m) = &e.vendor_message {
        put("vendorMessage", JsValue::from_str(m));
    }
    if let Some(r) = e.retry_after_ms {
        put("retryAfterMs", JsValue::from(r as f64));
    }
    if let Some(f) = &e.field {
        put("field", JsValue::from_str(f));
    }
    if let Some(id) = &e.request_id {
        put("requestId", JsValue::from_str(&id.to_string()));
    }
    let code = JsValue::from_str(e.code.as_str());
    let message = JsValue::from_str(&e.message);
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        let args = js_sys::Array::of3(&code, &message, &details);
        if let Ok(err) = Reflect::construct(&class, &args) {
            return err;
        }
    }
    let err: JsValue = js_sys::Error::new(&e.message).into();
    let _ = Reflect::set(
        &err,
        &JsValue::from_str("name"),
        &JsValue::from_str("FloorwalkerError"),
    );
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &code);
    let _ = Object::assign(err.unchecked_ref(), &details);
    err
}

/// Serializes a reply for JavaScript: Rust → JSON text → `JSON.parse`. One serializer
/// (serde_json, which the wire needs anyway) serves every type, which keeps the module small,
/// and `JSON.parse` builds plain objects faster than property-by-property conversion.
/// `Option` fields left out with `skip_serializing_if` are absent; the others are `null`.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    parse_reply(serde_json::to_string(value))
}

/// The part of [`to_js`] that does not depend on the type (one copy, not one per reply type).
#[inline(never)]
fn parse_reply(text: serde_json::Result<String>) -> Result<JsValue> {
    let text = text.map_err(|e| Error::bad_response(format!("cannot convert the reply: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| Error::bad_response("cannot convert the reply to a JavaScript value"))
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

#[wasm_bindgen]
extern "C" {
    /// `Symbol(description)`: a new symbol no one else holds.
    #[wasm_bindgen(js_name = Symbol)]
    fn new_symbol(description: &str) -> JsValue;
}

thread_local! {
    /// What [`prop`] gives for a property that cannot be read: a symbol of the module's own,
    /// which no reader accepts (they all name it "cannot be read").
    static UNREADABLE: JsValue = new_symbol("floorwalker: unreadable property");
}

/// Whether `value` is what [`prop`] gives for a property that cannot be read.
pub fn is_unreadable(value: &JsValue) -> bool {
    value.is_symbol() && UNREADABLE.with(|u| u == value)
}

/// Reads a JavaScript value into plain Rust for the checks of [`crate::input`]: the one path
/// every scalar argument and option goes through.
pub fn arg(value: &JsValue) -> Arg {
    if value.is_undefined() {
        Arg::Absent
    } else if value.is_null() {
        Arg::Null
    } else if let Some(b) = value.as_bool() {
        Arg::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Arg::Number(n)
    } else if let Some(s) = value.as_string() {
        Arg::Text(s)
    } else if is_unreadable(value) {
        Arg::Unreadable
    } else if value.dyn_ref::<Function>().is_some() {
        Arg::Function
    } else if value.is_object() {
        Arg::Object
    } else {
        Arg::Other
    }
}

/// The option `key` of `obj` read by [`arg`] (through [`prop`]).
pub fn opt(obj: &JsValue, key: &str) -> Arg {
    arg(&prop(obj, key))
}

/// The JSON-valued option `key` of `obj` read as `T` (errors name the option), `None` when
/// the option is `undefined` or `null`.
pub fn json_option<T: DeserializeOwned>(obj: &JsValue, key: &str) -> Result<Option<T>> {
    let value = prop(obj, key);
    if is_absent(&value) {
        return Ok(None);
    }
    from_js_named(&value, key).map(Some)
}

/// The function-valued option `key` of `obj` (`fetch`, `logger`, `renewSession` …), `None`
/// when absent.
pub fn function_option(obj: &JsValue, key: &str) -> Result<Option<Function>> {
    optional_function(&prop(obj, key), key)
}

/// A caller's options object as the core's rules read it ([`crate::input::Options`]).
pub struct JsOptions<'a>(pub &'a JsValue);

impl crate::input::Options for JsOptions<'_> {
    fn arg(&self, key: &str) -> Arg {
        opt(self.0, key)
    }

    fn child(&self, key: &str, inner: &str) -> Arg {
        opt(&prop(self.0, key), inner)
    }
}

#[wasm_bindgen(module = "/src/js/io.js")]
extern "C" {
    /// `JSON.stringify` refusing `NaN`, `Infinity` and `BigInt` (src/js/io.js).
    #[wasm_bindgen(js_name = fwStringify, catch)]
    fn fw_stringify(value: &JsValue) -> std::result::Result<JsValue, JsValue>;
    /// A plain array of strings as one NUL-joined text, or `undefined` (src/js/io.js).
    #[wasm_bindgen(js_name = fwStringList)]
    fn fw_string_list(value: &JsValue) -> Option<String>;
    /// The key `fwStringify` refused last.
    #[wasm_bindgen(js_name = fwRefusedKey)]
    fn fw_refused_key() -> Option<String>;
}

/// The JSON text of a caller's value (`JSON.stringify`): functions and `undefined` properties
/// drop out, `Date`s become strings. A value JSON cannot hold faithfully (`NaN`, `Infinity`, a
/// `BigInt`, a `Symbol`, a cycle, a getter that throws, nesting too deep) is `INVALID_ARGUMENT`
/// naming the property (or `field`).
fn json_text(value: &JsValue, field: &str) -> Result<String> {
    if value.is_undefined() {
        return Ok("null".to_string());
    }
    if is_unreadable(value) {
        return Err(unreadable(field));
    }
    if value.is_symbol() {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must not be a Symbol."),
        ));
    }
    let text = fw_stringify(value);
    match text {
        Ok(s) => Ok(s.as_string().unwrap_or_else(|| "null".to_string())),
        Err(_) => match fw_refused_key().filter(|k| !k.is_empty()) {
            Some(key) => Err(Error::invalid_argument(
                key.clone(),
                format!("{key} must be a finite number (not NaN, Infinity or a BigInt)."),
            )),
            None => Err(Error::invalid_argument(
                field,
                format!("{field} cannot be read (a non-finite number, a BigInt, a cycle, a getter that throws, or nesting too deep)."),
            )),
        },
    }
}

/// Reads a list of strings (agent login ids): a plain array of strings crosses in one string;
/// anything else is read as JSON, with serde's errors for a `Vec<String>`.
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
pub fn string_list(value: &JsValue, field: &str) -> Result<Vec<String>> {
    match fw_string_list(value) {
        Some(joined) => Ok(joined.split('\0').map(str::to_string).collect()),
        None => from_js_with(value, field, crate::wire::string_list),
    }
}

/// Reads `value` as a JSON value, then with `read` (a reader of [`crate::wire`], whose errors
/// are serde's): the same result and the same `INVALID_ARGUMENT` naming `field` as a typed
/// serde read gives, without one (a typed read keeps serde's type-error texts, and through
/// them Rust's float printing, in the module).
pub fn from_js_with<T>(
    value: &JsValue,
    field: &str,
    read: fn(serde_json::Value) -> serde_json::Result<T>,
) -> Result<T> {
    let json: serde_json::Value = from_js_named(value, field)?;
    read(json).map_err(|e| not_valid_named(&e, field))
}

/// Reads the caller's value `field` as `T` (through `JSON.stringify`, see [`json_text`]); a
/// value that does not read is `INVALID_ARGUMENT` naming `field`. `T` is a JSON value or a
/// type with a hand-written visitor (`retry`): a derived reader would bring serde's
/// type-error texts into the module.
pub fn from_js_named<T: DeserializeOwned>(value: &JsValue, field: &str) -> Result<T> {
    let text = json_text(value, field)?;
    serde_json::from_str(&text).map_err(|e| not_valid_named(&e, field))
}

/// The `INVALID_ARGUMENT` for a value named `field` that did not read (one copy, not one per
/// type).
#[inline(never)]
fn not_valid_named(e: &serde_json::Error, field: &str) -> Error {
    let inner = crate::lenient::serde_message(e);
    Error::invalid_argument(field, format!("{field} is not valid: {inner}."))
}

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy: caught here.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
}

/// Whether `value` is an array; a value that cannot even be asked (a revoked Proxy) is
/// `INVALID_ARGUMENT` naming `field`.
pub fn is_array(value: &JsValue, field: &str) -> Result<bool> {
    if is_unreadable(value) {
        return Err(unreadable(field));
    }
    array_is_array(value).map_err(|_| unreadable(field))
}

/// Checks that `value` is an object and not an array (`shape` shows what is expected).
pub fn plain_object(value: &JsValue, field: &str, shape: &str) -> Result<()> {
    if is_unreadable(value) {
        return Err(unreadable(field));
    }
    if !value.is_object() || is_array(value, field)? {
        return Err(Error::invalid_argument(
            field,
            format!("{field} must be an object ({shape})."),
        ));
    }
    Ok(())
}

/// Reads `value` as `T` through the model's [`crate::wire::FromJson`]: [`crate::wire::input`]
/// gives the errors (naming `field` when given, else the option at fault).
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
pub fn read_input<T: crate::wire::FromJson>(value: &JsValue, field: Option<&str>) -> Result<T> {
    crate::wire::input(input_json(value, field)?, field)
}

/// The JSON value of a caller's input for [`read_input`] (one copy, not one per model).
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
#[inline(never)]
fn input_json(value: &JsValue, field: Option<&str>) -> Result<serde_json::Value> {
    from_js_named(value, field.unwrap_or("options"))
}

/// Reads an optional options object (`undefined`/`null` give the defaults) through the
/// model's [`crate::wire::FromJson`] (errors name the option at fault).
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
pub fn read_options<T: crate::wire::FromJson + Default>(value: &JsValue) -> Result<T> {
    match options_json(value)? {
        Some(json) => crate::wire::input(json, None),
        None => Ok(T::default()),
    }
}

/// The JSON value of an options object for [`read_options`], `None` when absent (one copy,
/// not one per model).
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
#[inline(never)]
fn options_json(value: &JsValue) -> Result<Option<serde_json::Value>> {
    if is_absent(value) {
        return Ok(None);
    }
    if !value.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "options must be an object.",
        ));
    }
    input_json(value, None).map(Some)
}

/// Reads a required string argument.
pub fn string_arg(value: &JsValue, field: &str) -> Result<String> {
    arg(value).string(field)
}

/// Reads a property of an object (own or inherited), `undefined` when absent: the one path
/// every option is read through. It fails closed: a property that cannot be read (its getter or
/// a Proxy trap throws, the object is a revoked Proxy) is never taken as absent, but gives a
/// value that every reader here refuses with `INVALID_ARGUMENT` naming the option, so a call
/// never goes ahead without an option it could not read.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or_else(|_| UNREADABLE.with(Clone::clone))
}

/// Replaces `Date` values of the named options by their epoch milliseconds, on a copy, after
/// checking that each is a number, a string or a `Date` (a BigInt or Symbol is refused).
pub fn dates_to_millis(value: &JsValue, keys: &[&str]) -> Result<JsValue> {
    if !value.is_object() {
        return Ok(value.clone());
    }
    for k in keys {
        let v = prop(value, k);
        if is_unreadable(&v) {
            return Err(unreadable(k));
        }
        let ok = is_absent(&v)
            || v.as_f64().is_some()
            || v.is_string()
            || v.is_instance_of::<js_sys::Date>();
        if !ok {
            return Err(Error::invalid_argument(
                *k,
                format!("{k} must be epoch milliseconds (a number or digit string) or a Date."),
            ));
        }
    }
    let dated: Vec<(&str, f64)> = keys
        .iter()
        .filter_map(|k| {
            prop(value, k)
                .dyn_into::<js_sys::Date>()
                .ok()
                .map(|d| (*k, d.get_time()))
        })
        .collect();
    if dated.is_empty() {
        return Ok(value.clone());
    }
    let proto: Object = JsValue::NULL.unchecked_into();
    let copy: Object = Object::create(&proto);
    let copy = Object::assign(&copy, value.unchecked_ref());
    for (k, ms) in dated {
        let _ = Reflect::set(&copy, &JsValue::from_str(k), &JsValue::from(ms));
    }
    Ok(copy.into())
}

/// Reads an optional function argument or option (checked by [`Arg::opt_function`]).
pub fn optional_function(value: &JsValue, field: &str) -> Result<Option<Function>> {
    Ok(arg(value)
        .opt_function(field)?
        .and_then(|()| value.dyn_ref::<Function>().cloned()))
}

/// Reads a listener callback.
pub fn callback(value: &JsValue) -> Result<Function> {
    optional_function(value, "callback")?
        .ok_or_else(|| Error::invalid_argument("callback", "callback must be a function."))
}

/// Builds the request pipeline from the options every client takes: `baseUrl`, `timeoutMs`,
/// `retry`, `logger`, `fetch`.
#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
pub fn pipeline(opts: &JsValue) -> Result<Pipeline> {
    if !opts.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "options must be an object.",
        ));
    }
    let o = JsOptions(opts);
    let base = client_options::base_url(&o)?;
    let timeout_ms = client_options::timeout_ms(&o)?;
    let retry = client_options::retry(match prop(opts, "retry") {
        v if is_absent(&v) => None,
        v => Some(read_input(&v, Some("retry"))?),
    })?;
    let logger = logger_options(opts)?;
    let transport = fetch_option(opts)?;
    Ok(Pipeline {
        base,
        timeout_ms,
        retry,
        transport: Rc::new(transport),
        runtime: Rc::new(JsRuntime),
        logger,
    })
}

/// Reads the `logger` and `logLevel` options of a client: the function that receives each
/// `LogEvent` (in a microtask) at `logLevel` or above (default `"debug"`: every event).
pub fn logger_options(opts: &JsValue) -> Result<Option<crate::client::Logger>> {
    let logger = logger_option(opts)?;
    let threshold = client_options::log_level(&JsOptions(opts))?;
    Ok(logger.map(|l| with_threshold(l, threshold)))
}

/// Reads the `logger` option of `opts`: a function that receives each `LogEvent` (in a
/// microtask).
pub fn logger_option(opts: &JsValue) -> Result<Option<crate::client::Logger>> {
    Ok(function_option(opts, "logger")?.map(|f| {
        Rc::new(move |event: &LogEvent| {
            deliver(&f, log_event_js(event));
        }) as crate::client::Logger
    }))
}

/// `event` as the object [`to_js`] makes of it (the same keys in the same order; a
/// non-finite duration is `null`), built directly: serializing it would link serde's struct
/// writer and float printing into modules that need neither.
fn log_event_js(event: &LogEvent) -> JsValue {
    let o = Object::new();
    let put = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    put("level", JsValue::from_str(event.level.as_str()));
    if let Some(id) = &event.request_id {
        put("requestId", JsValue::from_str(id));
    }
    put("message", JsValue::from_str(&event.message));
    put("method", JsValue::from_str(&event.method));
    put("path", JsValue::from_str(&event.path));
    if let Some(s) = event.status {
        put("status", JsValue::from(s));
    }
    let ms = event.duration_ms;
    put(
        "durationMs",
        if ms.is_finite() {
            JsValue::from(ms)
        } else {
            JsValue::NULL
        },
    );
    o.into()
}

/// Reads the `fetch` option of `opts`: the caller's `fetch`, or the global one.
pub fn fetch_option(opts: &JsValue) -> Result<FetchTransport> {
    let fetch = function_option(opts, "fetch")?;
    FetchTransport::new(fetch).ok_or_else(|| {
        Error::invalid_argument(
            "fetch",
            "There is no global fetch here; pass options.fetch.",
        )
    })
}

/// Keeps an `abort` listener on the caller's signal for the length of a call.
pub struct SignalLink {
    signal: JsValue,
    listener: Option<Closure<dyn FnMut()>>,
}

impl Drop for SignalLink {
    fn drop(&mut self) {
        if let Some(l) = &self.listener {
            if let Ok(remove) =
                Reflect::get(&self.signal, &JsValue::from_str("removeEventListener"))
            {
                if let Ok(remove) = remove.dyn_into::<Function>() {
                    let _ = remove.call2(&self.signal, &JsValue::from_str("abort"), l.as_ref());
                }
            }
        }
    }
}

/// Reads the per-call options `{ signal?, timeoutMs? }`. Anything that cannot be read (a getter
/// that throws, a Proxy, a revoked Proxy, a signal whose `aborted` or `addEventListener` fails)
/// is `INVALID_ARGUMENT`: the call never goes ahead without the signal or timeout it was given.
pub fn call_options(value: &JsValue) -> Result<(CallOptions, Option<SignalLink>)> {
    if is_absent(value) {
        return Ok((CallOptions::default(), None));
    }
    if !value.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "The last argument must be { signal?, timeoutMs }.",
        ));
    }
    let timeout_ms = opt(value, "timeoutMs").millis("timeoutMs")?;
    let signal = prop(value, "signal");
    if is_unreadable(&signal) {
        return Err(unreadable("signal"));
    }
    if is_absent(&signal) {
        return Ok((
            CallOptions {
                timeout_ms,
                cancel: None,
            },
            None,
        ));
    }
    let aborted = prop(&signal, "aborted");
    let add = prop(&signal, "addEventListener").dyn_into::<Function>();
    let (Some(aborted), Ok(add)) = (aborted.as_bool(), add) else {
        return Err(Error::invalid_argument(
            "signal",
            "signal must be an AbortSignal.",
        ));
    };
    let token = CancelToken::new();
    if aborted {
        token.cancel();
        let call = CallOptions {
            timeout_ms,
            cancel: Some(token),
        };
        return Ok((call, None));
    }
    let t = token.clone();
    let listener = Closure::<dyn FnMut()>::new(move || t.cancel());
    if add
        .call2(&signal, &JsValue::from_str("abort"), listener.as_ref())
        .is_err()
    {
        return Err(unreadable("signal"));
    }
    let link = SignalLink {
        signal,
        listener: Some(listener),
    };
    Ok((
        CallOptions {
            timeout_ms,
            cancel: Some(token),
        },
        Some(link),
    ))
}

/// An `unsubscribe()` function for JavaScript.
pub fn unsubscribe_fn(f: impl FnMut() + 'static) -> Function {
    Closure::<dyn FnMut()>::new(f)
        .into_js_value()
        .unchecked_into()
}

/// Runs `fut` as a Promise, typed as the method's result shape `P` (see `shapes`); an
/// [`Error`] rejects it with a `FloorwalkerError`.
pub fn promise<P: JsCast>(fut: impl std::future::Future<Output = Result<JsValue>> + 'static) -> P {
    // Boxing here means the Promise glue is compiled once, not once per method.
    spawn_promise(Box::pin(fut)).unchecked_into()
}

#[inline(never)]
fn spawn_promise(
    fut: futures_util::future::LocalBoxFuture<'static, Result<JsValue>>,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move { fut.await.map_err(|e| to_js_error(&e)) })
}

/// The `FloorwalkerError` to throw for `e` (synchronous calls).
pub fn throw(e: Error) -> JsValue {
    to_js_error(&e)
}

/// `undefined` for a call that resolves to nothing.
pub fn unit(r: Result<()>) -> Result<JsValue> {
    r.map(|()| JsValue::UNDEFINED)
}

/// Reads a callback argument, throwing `INVALID_ARGUMENT` when it is not a function.
pub fn callback_arg(value: &JsValue) -> std::result::Result<Function, JsValue> {
    callback(value).map_err(throw)
}

/// `once(event, callback)` for any class with an `on`: `subscribe(listener)` is that class's
/// `on(event, listener)`. The callback runs for the first matching event only and the listener
/// is then removed (events already queued with it are dropped too). Returns the function that
/// removes the listener sooner. A `callback` that is not a function throws `INVALID_ARGUMENT`,
/// as `on` does; so does an event `on` refuses.
#[inline(never)]
pub fn once(
    callback: &JsValue,
    subscribe: &dyn Fn(JsValue) -> std::result::Result<Function, JsValue>,
) -> std::result::Result<Function, JsValue> {
    let cb = callback_arg(callback)?;
    let done = Rc::new(std::cell::Cell::new(false));
    let off: Rc<RefCell<Option<Function>>> = Rc::default();
    let (d, o) = (done.clone(), off.clone());
    // Events pass one or two arguments (`data, channel`); a missing one arrives as undefined.
    let listener = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |a: JsValue, b: JsValue| {
        if d.replace(true) {
            return;
        }
        let unsubscribe = o.borrow_mut().take();
        if let Some(unsubscribe) = unsubscribe {
            let _ = unsubscribe.call0(&JsValue::UNDEFINED);
        }
        let _ = if b.is_undefined() {
            cb.call1(&JsValue::UNDEFINED, &a)
        } else {
            cb.call2(&JsValue::UNDEFINED, &a, &b)
        };
    });
    let unsubscribe = subscribe(listener.into_js_value())?;
    *off.borrow_mut() = Some(unsubscribe.clone());
    Ok(unsubscribe_fn(move || {
        done.set(true);
        off.borrow_mut().take();
        let _ = unsubscribe.call0(&JsValue::UNDEFINED);
    }))
}

/// `on(event, callback)` over an [`Emitter`](crate::events::Emitter), shared by every class
/// with events: `names` are the events it takes (anything else throws `INVALID_ARGUMENT`);
/// `payload(which, e)` is what the callback receives for an event of kind `names[which]`, or
/// `None` when `e` is another kind. The callback runs in a microtask. Returns the function
/// that removes the listener; `holder` keeps the emitter reachable for it.
pub fn listen<H: 'static, E: 'static>(
    holder: H,
    emitter: fn(&H) -> &crate::events::Emitter<E>,
    event: &JsValue,
    names: &[&str],
    callback: &JsValue,
    payload: impl Fn(usize, &E) -> Option<JsValue> + 'static,
) -> std::result::Result<Function, JsValue> {
    let name = event.as_string().unwrap_or_default();
    let which = crate::events::event_index(names, &name).map_err(throw)?;
    let cb = callback_arg(callback)?;
    let id = emitter(&holder).subscribe(Rc::new(move |e: &E| {
        if let Some(value) = payload(which, e) {
            super::runtime::deliver(&cb, value);
        }
    }));
    Ok(unsubscribe_fn(move || emitter(&holder).unsubscribe(id)))
}
