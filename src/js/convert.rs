//! JavaScript values in and out: typed reads with `INVALID_ARGUMENT` naming the field, the
//! common client options, per-call options (`signal`, `timeoutMs`), and errors out.

use super::runtime::{deliver, FetchTransport, JsRuntime};
use crate::client::{BaseUrl, CallOptions, LogEvent, Pipeline, RetryOptions, DEFAULT_TIMEOUT_MS};
use crate::error::{Error, Result};
use crate::http::CancelToken;
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

/// Registers the package's `FloorwalkerError` class (done by the package entry at load).
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: JsValue) {
    if let Ok(f) = class.dyn_into::<Function>() {
        ERROR_CLASS.with(|c| *c.borrow_mut() = Some(f));
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

/// Serializes a reply for JavaScript (plain objects, absent options left out).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&ser)
        .map_err(|e| Error::bad_response(format!("cannot convert the reply: {e}")))
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// Reads `value` as `T`. `field` names a positional argument; for an options object, leave it
/// `None` and the option at fault is named.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, field: Option<&str>) -> Result<T> {
    let de = serde_wasm_bindgen::Deserializer::from(value.clone());
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let top = path
            .split(['.', '['])
            .next()
            .filter(|s| !s.is_empty() && *s != "?")
            .unwrap_or("options")
            .to_string();
        let name = field.map(str::to_string).unwrap_or(top);
        let inner = e.into_inner().to_string();
        let inner = inner.trim_start_matches("Error: ");
        Error::invalid_argument(name.clone(), format!("{name} is not valid: {inner}."))
    })
}

/// Reads an optional options object (`undefined`/`null` give the defaults).
pub fn read_options<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T> {
    if is_absent(value) {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "options must be an object.",
        ));
    }
    from_js(value, None)
}

/// Reads a required string argument.
pub fn string_arg(value: &JsValue, field: &str) -> Result<String> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid_argument(field, format!("{field} must be a string.")))
}

/// Reads a property of an object (own or inherited), `undefined` when absent.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Replaces `Date` values of the named options by their epoch milliseconds, on a copy, after
/// checking that each is a number, a string or a `Date` (a BigInt or Symbol is refused).
pub fn dates_to_millis(value: &JsValue, keys: &[&str]) -> Result<JsValue> {
    if !value.is_object() {
        return Ok(value.clone());
    }
    for k in keys {
        let v = prop(value, k);
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

/// Reads a positive whole number of milliseconds.
pub fn millis(value: &JsValue, field: &str) -> Result<Option<u32>> {
    if is_absent(value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n.is_finite() && n.fract() == 0.0 && n > 0.0 && n <= f64::from(i32::MAX) => {
            Ok(Some(n as u32))
        }
        _ => Err(Error::invalid_argument(
            field,
            format!("{field} must be a positive whole number of milliseconds."),
        )),
    }
}

/// Reads an optional function argument or option.
pub fn optional_function(value: &JsValue, field: &str) -> Result<Option<Function>> {
    if is_absent(value) {
        return Ok(None);
    }
    value
        .clone()
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|_| Error::invalid_argument(field, format!("{field} must be a function.")))
}

/// Reads a listener callback.
pub fn callback(value: &JsValue) -> Result<Function> {
    optional_function(value, "callback")?
        .ok_or_else(|| Error::invalid_argument("callback", "callback must be a function."))
}

/// Builds the request pipeline from the options every client takes: `baseUrl`, `timeoutMs`,
/// `retry`, `logger`, `fetch`.
pub fn pipeline(opts: &JsValue) -> Result<Pipeline> {
    if !opts.is_object() {
        return Err(Error::invalid_argument(
            "options",
            "options must be an object.",
        ));
    }
    let base_url = string_arg(&prop(opts, "baseUrl"), "baseUrl")?;
    let base = BaseUrl::parse(&base_url, "baseUrl")?;
    let timeout_ms = millis(&prop(opts, "timeoutMs"), "timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS);
    let retry_value = prop(opts, "retry");
    let retry: RetryOptions = if is_absent(&retry_value) {
        RetryOptions::default()
    } else {
        from_js(&retry_value, Some("retry"))?
    };
    retry.validate()?;
    let logger = logger_option(&prop(opts, "logger"))?;
    let transport = fetch_option(&prop(opts, "fetch"))?;
    Ok(Pipeline {
        base,
        timeout_ms,
        retry,
        transport: Rc::new(transport),
        runtime: Rc::new(JsRuntime),
        logger,
    })
}

/// Reads the `logger` option: a function that receives each `LogEvent` (in a microtask).
pub fn logger_option(value: &JsValue) -> Result<Option<crate::client::Logger>> {
    Ok(optional_function(value, "logger")?.map(|f| {
        Rc::new(move |event: &LogEvent| {
            if let Ok(v) = to_js(event) {
                deliver(&f, v);
            }
        }) as crate::client::Logger
    }))
}

/// Reads the `fetch` option: the caller's `fetch`, or the global one.
pub fn fetch_option(value: &JsValue) -> Result<FetchTransport> {
    let fetch = optional_function(value, "fetch")?;
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

/// Reads the per-call options `{ signal?, timeoutMs? }`.
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
    let timeout_ms = millis(&prop(value, "timeoutMs"), "timeoutMs")?;
    let signal = prop(value, "signal");
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
    let _ = add.call2(&signal, &JsValue::from_str("abort"), listener.as_ref());
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
