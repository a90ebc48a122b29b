//! Reads the objects the platforms send into the reply and notification models: each model
//! lists its documented fields with how each one is read ([`Field`]), and one loop ([`read`],
//! or [`read_named`] where errors name the field) takes them out of the object and keeps every
//! other field, unchanged, for a model that keeps them (GWS's `extra`).
//!
//! This gives what `#[derive(Deserialize)]` (with a `#[serde(flatten)] extra` field for GWS)
//! gives: the same values, the same errors, the first one in the object's key order; without
//! its cost: serde compiles a reader per model and per source and buffers every flattened
//! object (this reader took 34.8 KB raw, 13.1 KB gzip off the GWS module). The models still
//! implement `Deserialize` (through [`FromJson`]).

use serde::de::Error as _;
use serde_json::{Error, Map, Value};
use std::cell::{Cell, RefCell};

/// What reading a model gives: serde_json's error, with serde's messages.
pub type Result<T> = std::result::Result<T, Error>;

/// A model read from a JSON value.
pub trait FromJson: Sized {
    /// Reads `value`; anything that does not fit is an error (as serde's derive would give).
    fn from_json(value: Value) -> Result<Self>;
}

/// Implements `Deserialize` for models that implement [`FromJson`]: the value is read as JSON,
/// then by the model's reader.
macro_rules! deserialize_from_json {
    ($($model:ty),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                <$model as $crate::wire::FromJson>::from_json(value)
                    .map_err(serde::de::Error::custom)
            }
        }
    )+};
}
pub(crate) use deserialize_from_json;

/// How one documented field is read, and where it goes. A field that is absent leaves its
/// place as it was (the model's default).
pub enum Field<'a> {
    /// Text (a number or a boolean as text); `null`, `""`, an object or a list read as absent
    /// ([`crate::lenient::opt_string`]).
    Text(&'a mut Option<String>),
    /// A Java `long` (`lenient::opt_long`); anything unreadable is absent.
    Long(&'a mut Option<i64>),
    /// A boolean ([`crate::lenient::opt_boolean`]); anything unreadable is absent.
    Flag(&'a mut Option<bool>),
    /// A list of strings; `null` reads as empty (`lenient::list_or_empty`).
    Strings(&'a mut Vec<String>),
    /// Text where a value is required ([`crate::lenient::string_or_empty`]): `null` reads as
    /// `""` (the slot is `Some` once the key is seen), an object or a list is an error.
    TextOrEmpty(&'a mut Option<String>),
    /// A plain string (serde's `String`): anything else, `null` included, is an error.
    Str(&'a mut Option<String>),
    /// A required integer ([`crate::lenient::int`]): a number or numeric text; anything else is
    /// an error.
    Int(&'a mut Option<i64>),
    /// An optional integer (`lenient::opt_int`); anything unreadable is absent.
    OptInt(&'a mut Option<i64>),
    /// A required boolean (`lenient::boolean`); anything unreadable is an error.
    Bool(&'a mut Option<bool>),
    /// A caller's optional string (serde's `Option<String>`): `null` is `None`, anything but a
    /// string an error.
    OptStr(&'a mut Option<String>),
    /// A caller's optional boolean (serde's `Option<bool>`): `null` is `None`, anything but
    /// `true` or `false` an error.
    OptBool(&'a mut Option<bool>),
    /// Anything else: the value (`null` included) goes to this reader.
    With(&'a mut dyn FnMut(Value) -> Result<()>),
}

/// Takes the `fields` out of the JSON object `value` (in the object's key order, stopping at
/// the first error) and returns the object's other fields. A value that is not an object is an
/// error naming `what` (`"struct GwsDevice"`).
pub fn read(
    value: Value,
    what: &'static str,
    fields: &mut [(&str, Field)],
) -> Result<Map<String, Value>> {
    read_object(value, what, fields, false)
}

/// [`read`] whose errors name the field they come from: `field \`status\`: invalid type: …`
/// (the innermost field: an error that names one already, or a "missing field", is kept as
/// it is). LiveVox's `BAD_RESPONSE` names the field at fault this way.
pub fn read_named(
    value: Value,
    what: &'static str,
    fields: &mut [(&str, Field)],
) -> Result<Map<String, Value>> {
    read_object(value, what, fields, true)
}

fn read_object(
    value: Value,
    what: &'static str,
    fields: &mut [(&str, Field)],
    named: bool,
) -> Result<Map<String, Value>> {
    let Value::Object(object) = value else {
        return Err(invalid_type(&value, what));
    };
    let mut rest = Map::new();
    for (key, value) in object {
        let Some((_, field)) = fields.iter_mut().find(|(name, _)| *name == key) else {
            rest.insert(key, value);
            continue;
        };
        let read = match field {
            Field::Text(slot) => text(value, true).map(|v| **slot = v),
            Field::Long(slot) => {
                **slot = long(&value);
                Ok(())
            }
            Field::Flag(slot) => {
                **slot = flag(&value);
                Ok(())
            }
            Field::Strings(slot) => strings(value).map(|v| **slot = v.unwrap_or_default()),
            Field::TextOrEmpty(slot) => {
                text(value, false).map(|v| **slot = Some(v.unwrap_or_default()))
            }
            Field::Str(slot) => string(value).map(|v| **slot = Some(v)),
            Field::Int(slot) => int(&value).map(|v| **slot = Some(v)),
            Field::OptInt(slot) => {
                **slot = int_value(&value);
                Ok(())
            }
            Field::Bool(slot) => boolean(&value).map(|v| **slot = Some(v)),
            Field::OptStr(slot) => nullable(value, string).map(|v| **slot = v),
            Field::OptBool(slot) => nullable(value, |v| bool_value(&v)).map(|v| **slot = v),
            Field::With(read) => read(value),
        };
        if let Err(e) = read {
            return Err(if named { in_field(&key, e) } else { e });
        }
    }
    Ok(rest)
}

/// `e` as an error of the field `key`, unless it names its field already. While a caller's
/// input is read ([`input`]) the error stays as it is and `key` is noted instead: the last
/// key noted is the top-level option at fault.
#[inline(never)]
fn in_field(key: &str, e: Error) -> Error {
    if INPUT.with(Cell::get) {
        INPUT_KEY.with(|k| *k.borrow_mut() = Some(key.to_string()));
        return e;
    }
    let message = e.to_string();
    if message.starts_with("field `") || message.starts_with("missing field `") {
        e
    } else {
        Error::custom(format_args!("field `{key}`: {message}"))
    }
}

thread_local! {
    /// Whether a caller's input is being read (by [`input`]).
    static INPUT: Cell<bool> = const { Cell::new(false) };
    /// The key of the field whose read failed last, while a caller's input is read.
    static INPUT_KEY: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Reads a caller's value (an argument or an options object, already JSON) as `T`, through the
/// model's [`FromJson`] (whose top-level reader must be [`read_named`]). A value that does not
/// read is `INVALID_ARGUMENT` `"{name} is not valid: {serde's message}."`, where `name` is
/// `field` when given (a positional argument), else the field a "missing field"/"unknown
/// field" message names, else the top-level option whose value failed, else `options`: the
/// names and messages serde's derive gave through `serde_json::from_str`, without a typed
/// serde reader (and through its messages Rust's float printing) in the module.
pub fn input<T: FromJson>(value: Value, field: Option<&str>) -> crate::error::Result<T> {
    let was = input_mode(true);
    let read = T::from_json(value);
    input_mode(was);
    read.map_err(|e| input_error(&e, field))
}

/// Sets whether a caller's input is being read (by [`input`]), and returns what it was;
/// entering the mode forgets the key noted by an earlier read. One copy, not one per model.
#[inline(never)]
fn input_mode(on: bool) -> bool {
    if on {
        INPUT_KEY.with(|k| k.borrow_mut().take());
    }
    INPUT.with(|i| i.replace(on))
}

/// The `INVALID_ARGUMENT` of [`input`] (one copy, not one per model).
#[inline(never)]
fn input_error(e: &Error, field: Option<&str>) -> crate::error::Error {
    let key = INPUT_KEY.with(|k| k.borrow_mut().take());
    let message = e.to_string();
    let name = match field {
        Some(f) => f.to_string(),
        None => message
            .split('`')
            .nth(1)
            .filter(|_| message.contains(" field `"))
            .map(str::to_string)
            .or(key)
            .unwrap_or_else(|| "options".to_string()),
    };
    crate::error::Error::invalid_argument(name.clone(), format!("{name} is not valid: {message}."))
}

/// [`read_named`] for a caller's model with serde's `deny_unknown_fields`: a key that is not
/// one of `names` (the model's fields in declaration order) is serde's "unknown field" error.
/// Keys are read in the object's key order (a map of `serde_json` keeps them sorted) up to the
/// first error, an unknown key included, as serde's derive read a caller's object written
/// again as JSON.
#[inline(never)]
pub fn read_known(
    value: Value,
    what: &'static str,
    fields: &mut [(&str, Field)],
    names: &'static [&'static str],
) -> Result<()> {
    let Value::Object(mut object) = value else {
        return read_named(value, what, fields).map(drop);
    };
    let unknown = object
        .keys()
        .find(|k| !names.contains(&k.as_str()))
        .cloned();
    if let Some(key) = &unknown {
        // The keys after it are never read: serde's derive stopped at it.
        keep(&mut object, |k, _| k < key.as_str());
    }
    read_named(Value::Object(object), what, fields)?;
    match unknown {
        Some(key) => Err(Error::unknown_field(&key, names)),
        None => Ok(()),
    }
}

/// Takes `key` out of `map`, as `Map::remove` does, without the B-tree's removal code (its
/// rebalancing is kilobytes of wasm in every module): the map is rebuilt without the key. The
/// maps it serves are one JSON object each, of a few dozen keys at most.
pub fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    if !map.contains_key(key) {
        return None;
    }
    let mut taken = None;
    keep(map, |k, v| {
        if k == key {
            taken = Some(std::mem::take(v));
            false
        } else {
            true
        }
    });
    taken
}

/// Splits `map` in one pass: the value of each of `names` goes to the same index of `slots`
/// (a name absent leaves its slot as it was), and every other entry stays in the map returned.
/// For a model that takes several fields out of an object and keeps the rest, where [`take`]
/// would rebuild the map once per field.
pub fn take_named(
    map: Map<String, Value>,
    names: &[&str],
    slots: &mut [Option<Value>],
) -> Map<String, Value> {
    let mut rest = Map::new();
    for (k, v) in map {
        match names
            .iter()
            .position(|n| *n == k)
            .and_then(|i| slots.get_mut(i))
        {
            Some(slot) => *slot = Some(v),
            None => {
                rest.insert(k, v);
            }
        }
    }
    rest
}

/// Keeps only the entries for which `wanted` is true, as `Map::retain` does (and without the
/// B-tree's removal code, as [`take`]).
pub fn keep(map: &mut Map<String, Value>, mut wanted: impl FnMut(&str, &mut Value) -> bool) {
    for (k, mut v) in std::mem::take(map) {
        if wanted(&k, &mut v) {
            map.insert(k, v);
        }
    }
}

/// A required field of a model read with [`read`]: its value, or serde's "missing field".
pub fn required<T>(slot: Option<T>, field: &'static str) -> Result<T> {
    slot.ok_or_else(|| missing(field))
}

// The lenient readers of `crate::lenient`, on a JSON value rather than through a serde
// `Deserializer`: the same results (`tests::the_same_as_lenient` holds them to it), without a
// copy of serde_json's value deserializer in the module.

/// [`crate::lenient::opt_string`] (`containers`: an object or a list reads as absent) or
/// [`crate::lenient::string_or_empty`] (`!containers`: they are an error, `null` is `None`).
pub fn text(value: Value, containers: bool) -> Result<Option<String>> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => Some(s).filter(|s| !s.is_empty()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            // a whole number as an integer (`5005.0` → `"5005"`), any other as written
            (None, None, Some(f)) if f.fract() == 0.0 && f.abs() < MAX_SAFE => {
                (f as i64).to_string()
            }
            _ => n.to_string(),
        }),
        Value::Array(_) | Value::Object(_) if containers => None,
        other => return Err(invalid_type(&other, "an optional string or number")),
    })
}

use crate::lenient::{
    flag_value as flag, int_value, long_value as long, parse_number, Found, MAX_SAFE,
};

/// A plain string (serde's `String`): anything else, `null` included, is serde's error.
pub fn string(value: Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(invalid_type(&other, "a string")),
    }
}

/// What [`crate::lenient::int`] expects, in its errors.
const INT: &str = "an integer or a numeric string";

/// [`crate::lenient::int`] on a value: a whole number (below 2^53 when sent as a float), or
/// text that reads as one; anything else is serde's error, with its text.
pub fn int(value: &Value) -> Result<i64> {
    let whole = |f: f64, found: &Value| {
        if f.fract() == 0.0 && f.abs() < MAX_SAFE {
            Ok(f as i64)
        } else {
            Err(invalid_value(found, INT))
        }
    };
    match value {
        Value::Number(n) => match (n.as_i64(), n.is_u64(), n.as_f64()) {
            (Some(i), _, _) => Ok(i),
            (None, true, _) => Err(Error::custom("integer out of range")),
            (None, false, Some(f)) => whole(f, value),
            (None, false, None) => Err(invalid_value(value, INT)),
        },
        Value::String(s) => {
            let t = s.trim();
            match t.parse::<i64>() {
                Ok(i) => Ok(i),
                Err(_) => match parse_number(t).and_then(serde_json::Number::from_f64) {
                    Some(n) => whole(n.as_f64().unwrap_or(f64::NAN), &Value::Number(n)),
                    None => Err(invalid_value(value, INT)),
                },
            }
        }
        other => Err(invalid_type(other, INT)),
    }
}

/// `lenient::boolean` on a value: `true`/`false`, `"true"`/`"1"`/`"yes"` (any case,
/// trimmed) and their opposites, `0` and `1`; anything else is serde's error, with its text.
pub fn boolean(value: &Value) -> Result<bool> {
    const BOOL: &str = "a boolean or \"true\"/\"false\"";
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(_) | Value::Number(_) => match (flag(value), value) {
            (Some(b), _) => Ok(b),
            (None, Value::Number(n)) if n.is_f64() => Err(invalid_type(value, BOOL)),
            (None, Value::Number(n)) if n.as_i64().is_none() => Err(Error::custom(format_args!(
                "invalid value: integer `{}`, expected {BOOL}",
                i64::MAX
            ))),
            (None, _) => Err(invalid_value(value, BOOL)),
        },
        other => Err(invalid_type(other, BOOL)),
    }
}

/// A unit enum of `lenient::wire_enum` read from a value: `names` are its wire names
/// and `all` its variants in the same order; `other` is what any other name reads as, or
/// `None` to refuse it with serde's "unknown variant" error. Errors are those of
/// [`crate::lenient::variant`]. (Use it as `variant(&v, T::WIRE_NAMES, T::WIRE_VARIANTS, None)`.)
pub fn variant<T: Copy>(
    value: &Value,
    names: &'static [&'static str],
    all: &[T],
    other: Option<T>,
) -> Result<T> {
    match variant_index(value, names, other.is_some())? {
        Some(i) => all.get(i).copied().or(other),
        None => other,
    }
    .ok_or_else(|| Error::custom("unknown variant"))
}

/// The part of [`variant`] that does not depend on the enum.
#[inline(never)]
fn variant_index(
    value: &Value,
    names: &'static [&'static str],
    open: bool,
) -> Result<Option<usize>> {
    let Value::String(s) = value else {
        let mut expected = String::from("one of");
        for (i, name) in names.iter().enumerate() {
            expected.push_str(if i == 0 { " `" } else { ", `" });
            expected.push_str(name);
            expected.push('`');
        }
        return Err(invalid_type(value, &expected));
    };
    match names.iter().position(|n| n == s) {
        Some(i) => Ok(Some(i)),
        None if open => Ok(None),
        None => Err(Error::unknown_variant(s, names)),
    }
}

// serde's own readers of Rust's types, on a JSON value: what a caller's input read with a
// derived `Deserialize` accepted, with the same messages.

/// `Option<T>` read by `read`: `null` is `None`, anything else goes to `read`.
pub fn nullable<T>(value: Value, read: impl FnOnce(Value) -> Result<T>) -> Result<Option<T>> {
    match value {
        Value::Null => Ok(None),
        other => read(other).map(Some),
    }
}

/// A Rust integer (`ty` names it for the messages: `"i64"`, `"u32"` …) within `min..=max`:
/// a JSON integer only (not numeric text, not `1.0`).
pub fn integer(value: &Value, ty: &str, min: i128, max: i128) -> Result<i128> {
    let n = match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => i128::from(u),
            (None, Some(i)) => i128::from(i),
            (None, None) => return Err(invalid_type(value, ty)),
        },
        _ => return Err(invalid_type(value, ty)),
    };
    if n < min || n > max {
        return Err(invalid_value(value, ty));
    }
    Ok(n)
}

/// An `i64`, as serde reads one.
pub fn i64_value(value: &Value) -> Result<i64> {
    let n = integer(value, "i64", i128::from(i64::MIN), i128::from(i64::MAX))?;
    i64::try_from(n).map_err(|_| invalid_value(value, "i64"))
}

/// A `u32`, as serde reads one.
pub fn u32_value(value: &Value) -> Result<u32> {
    let n = integer(value, "u32", 0, i128::from(u32::MAX))?;
    u32::try_from(n).map_err(|_| invalid_value(value, "u32"))
}

/// An `f64`, as serde reads one: any JSON number.
pub fn f64_value(value: &Value) -> Result<f64> {
    match value {
        Value::Number(n) => n.as_f64().ok_or_else(|| invalid_type(value, "f64")),
        _ => Err(invalid_type(value, "f64")),
    }
}

/// A `bool`, as serde reads one: `true` or `false` only.
pub fn bool_value(value: &Value) -> Result<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        _ => Err(invalid_type(value, "a boolean")),
    }
}

/// An optional list of strings (`Option<Vec<String>>`): `null` is `None`.
pub fn strings(value: Value) -> Result<Option<Vec<String>>> {
    let items = match value {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        other => return Err(invalid_type(&other, "a sequence")),
    };
    let mut list = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(s) => list.push(s),
            other => return Err(invalid_type(&other, "a string")),
        }
    }
    Ok(Some(list))
}

/// A required list of strings (`Vec<String>`), as a caller gives `channels` or `capabilities`:
/// `null` is an error, as it is for serde.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn string_list(value: Value) -> Result<Vec<String>> {
    match value {
        Value::Null => Err(invalid_type(&value, "a sequence")),
        v => Ok(strings(v)?.unwrap_or_default()),
    }
}

/// A model that may be `null` (absent then).
pub fn optional<T: FromJson>(value: Value) -> Result<Option<T>> {
    match value {
        Value::Null => Ok(None),
        v => T::from_json(v).map(Some),
    }
}

/// A list of models; `null` reads as empty.
pub fn list<T: FromJson>(value: Value) -> Result<Vec<T>> {
    let mut list = Vec::new();
    each(value, &mut |item| T::from_json(item).map(|t| list.push(t)))?;
    Ok(list)
}

/// The items of a list (`null`: none) given to `read` in order, up to the first error: the
/// part of [`list`] that does not depend on the model (one copy, not one per model).
#[inline(never)]
fn each(value: Value, read: &mut dyn FnMut(Value) -> Result<()>) -> Result<()> {
    for item in items(value)? {
        read(item)?;
    }
    Ok(())
}

/// The items of a list; `null` reads as empty.
fn items(value: Value) -> Result<Vec<Value>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items),
        other => Err(invalid_type(&other, "a sequence")),
    }
}

/// A required field that was absent: serde's error.
pub fn missing(field: &'static str) -> Error {
    Error::missing_field(field)
}

/// serde's "invalid value" error for `value` where `expected` belongs
/// (`invalid value: string "x", expected an integer or a numeric string`).
pub fn invalid_value(value: &Value, expected: &str) -> Error {
    Error::custom(format_args!(
        "invalid value: {}, expected {expected}",
        Found(value)
    ))
}

/// serde's "invalid type" error for `value` where `expected` belongs
/// (`invalid type: integer \`5\`, expected a sequence`). Written out here rather than through
/// serde's `Error::invalid_type`, whose way of naming what it found can print any float and
/// so keeps Rust's float printing in the module; the text is the same (a float as serde_json
/// writes it, a string as Rust's `{:?}` does).
pub fn invalid_type(value: &Value, expected: &str) -> Error {
    Error::custom(format_args!(
        "invalid type: {}, expected {expected}",
        Found(value)
    ))
}

#[cfg(all(test, feature = "gws"))]
mod tests {
    use super::FromJson;
    use crate::gws::events::{ChatStateChangeMessage, GwsCall, GwsChatInfo, GwsChatMessage};
    use crate::gws::model::{GwsDevice, GwsUser};
    use serde::Serialize;
    use serde_json::{json, Value};

    /// The model read from `input`, written back as JSON, or the error's message.
    fn read<T: FromJson + Serialize>(input: Value) -> String {
        match T::from_json(input) {
            Ok(t) => serde_json::to_string(&t).unwrap_or_default(),
            Err(e) => format!("Err {e}"),
        }
    }

    /// `take` and `keep` do what `Map::remove` and `Map::retain` do, key order included.
    #[test]
    fn take_and_keep_are_remove_and_retain() {
        let object = json!({ "b": 2, "a": [1], "c": { "d": null }, "e": "x" });
        let Value::Object(map) = object else {
            panic!("not an object");
        };
        for key in ["a", "b", "c", "e", "z", ""] {
            let (mut ours, mut theirs) = (map.clone(), map.clone());
            assert_eq!(super::take(&mut ours, key), theirs.remove(key), "{key}");
            assert_eq!(ours, theirs, "{key}");
            assert_eq!(
                ours.keys().collect::<Vec<_>>(),
                theirs.keys().collect::<Vec<_>>()
            );
        }
        let (mut ours, mut theirs) = (map.clone(), map.clone());
        super::keep(&mut ours, |k, v| k < "c" || v.is_string());
        theirs.retain(|k, v| k.as_str() < "c" || v.is_string());
        assert_eq!(ours, theirs);
        assert_eq!(
            Value::Object(ours).to_string(),
            r#"{"a":[1],"b":2,"e":"x"}"#
        );
        let mut empty = serde_json::Map::new();
        assert_eq!(super::take(&mut empty, "a"), None);
        super::keep(&mut empty, |_, _| true);
        assert!(empty.is_empty());
    }

    /// `take_named` gives what `take` of each name would, and leaves the same map.
    #[test]
    fn take_named_is_take_of_each_name() {
        let Value::Object(map) = json!({ "b": 2, "a": [1], "c": null, "e": "x" }) else {
            panic!("not an object");
        };
        let names = ["e", "z", "a", "c"];
        let mut slots = [None, None, None, Some(json!("kept"))];
        let rest = super::take_named(map.clone(), &names, &mut slots);
        let mut expected = map;
        let taken = names.map(|n| super::take(&mut expected, n));
        assert_eq!(
            slots,
            [taken[0].clone(), None, taken[2].clone(), Some(Value::Null)]
        );
        assert_eq!(rest, expected);
        assert_eq!(Value::Object(rest).to_string(), r#"{"b":2}"#);
    }

    // Each expectation is what serde's derive (with `#[serde(flatten)] extra`) gave for the
    // same input before the models got their own readers.
    #[test]
    fn values_and_errors_are_those_of_serdes_derive() {
        let cases = [
            (
                read::<GwsDevice>(json!(5)),
                "Err invalid type: integer `5`, expected struct GwsDevice",
            ),
            (
                read::<GwsDevice>(json!(1.5)),
                "Err invalid type: floating point `1.5`, expected struct GwsDevice",
            ),
            (read::<GwsDevice>(json!({})), "Err missing field `id`"),
            (
                read::<GwsDevice>(json!({"id": null})),
                r#"{"id":"","capabilities":[]}"#,
            ),
            (
                read::<GwsDevice>(json!({"id": -5})),
                r#"{"id":"-5","capabilities":[]}"#,
            ),
            (
                read::<GwsDevice>(json!({"id": {}})),
                "Err invalid type: map, expected an optional string or number",
            ),
            // the first error in the object's key order
            (
                read::<GwsDevice>(json!({"id": {}, "capabilities": 5})),
                "Err invalid type: integer `5`, expected a sequence",
            ),
            (
                read::<GwsDevice>(json!({"id": 5, "capabilities": {}})),
                "Err invalid type: map, expected a sequence",
            ),
            (
                read::<GwsUser>(json!({"id": 5.5, "userName": "ann"})),
                r#"{"id":"5.5","userName":"ann"}"#,
            ),
            (
                read::<GwsChatInfo>(json!({"id": "c1", "participants": [1]})),
                "Err invalid type: integer `1`, expected struct GwsChatParticipant",
            ),
            (
                read::<GwsChatMessage>(json!({"index": "12L"})),
                r#"{"index":12}"#,
            ),
            (
                read::<GwsCall>(json!({"capabilities": null, "id": "k1"})),
                r#"{"id":"k1","capabilities":[]}"#,
            ),
            (
                read::<GwsCall>(json!({"id": "k1", "supervisorListeningIn": "true"})),
                r#"{"id":"k1","capabilities":[],"supervisorListeningIn":true}"#,
            ),
            (
                read::<ChatStateChangeMessage>(json!({"messageType": "ChatStateChangeMessage"})),
                "Err missing field `chat`",
            ),
            (
                read::<ChatStateChangeMessage>(json!({"chat": null, "notificationType": 5})),
                "Err invalid type: null, expected struct GwsChatInfo",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn the_same_as_lenient() {
        use crate::lenient;
        let values = [
            json!(null),
            json!(""),
            json!(" "),
            json!("x"),
            json!("5"),
            json!(" 12L "),
            json!("12l"),
            json!("1.5"),
            json!("true"),
            json!(" Yes "),
            json!("NO"),
            json!("0"),
            json!("1"),
            json!("On"),
            json!(0),
            json!(1),
            json!(5),
            json!(-5),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(5.0),
            json!(-5.0),
            json!(5.5),
            json!(1e20),
            json!(9007199254740993.0),
            json!(true),
            json!(false),
            json!({}),
            json!({"a": 1}),
            json!([]),
            json!(["a"]),
            json!(["a", 1]),
            json!([null]),
        ];
        let msg = |e: serde_json::Error| e.to_string();
        for v in values {
            assert_eq!(
                super::text(v.clone(), true).map_err(msg),
                lenient::opt_string(&v).map_err(msg),
                "{v}"
            );
            assert_eq!(
                super::text(v.clone(), false)
                    .map(Option::unwrap_or_default)
                    .map_err(msg),
                lenient::string_or_empty(&v).map_err(msg),
                "{v}"
            );
            assert_eq!(super::long(&v), lenient::opt_long(&v).unwrap(), "{v}");
            assert_eq!(super::flag(&v), lenient::opt_boolean(&v).unwrap(), "{v}");
            let serde: Result<Option<Vec<String>>, _> = serde::Deserialize::deserialize(&v);
            assert_eq!(
                super::strings(v.clone()).map_err(msg),
                serde.map_err(msg),
                "{v}"
            );
            let serde: Result<Vec<String>, _> = serde_json::from_str(&v.to_string());
            let serde = serde.map_err(|e| msg(e).split(" at line ").next().map(str::to_string));
            assert_eq!(
                super::string_list(v.clone()).map_err(|e| Some(msg(e))),
                serde,
                "{v}"
            );
        }
    }

    #[test]
    fn invalid_type_is_serdes_message() {
        // as `userData` reads a value that JSON.stringify (an object's toJSON) made a non-object
        let texts = [
            "5",
            "-5",
            "1.5",
            "1e20",
            "1e300",
            "-0.0",
            "0.1",
            "18446744073709551615",
            "-9223372036854775808",
            "123456789012345678901234",
            "\"x\"",
            r#""a\"b\n\u0001\u00e9 \\ \ud83d\ude00""#,
            "true",
            "false",
            "null",
            "[1]",
        ];
        for text in texts {
            let value: Value = serde_json::from_str(text).unwrap();
            let serde = serde_json::from_str::<serde_json::Map<String, Value>>(text).unwrap_err();
            let serde = serde.to_string();
            let serde = serde.split(" at line ").next().unwrap_or_default();
            assert_eq!(super::invalid_type(&value, "a map").to_string(), serde);
        }
    }

    #[test]
    fn other_fields_are_kept_and_the_models_still_deserialize() {
        let raw = json!({"id": "k1", "participants": [{"id": 1}], "mute": "Off", "capabilities": ["Hold"]});
        let call = GwsCall::from_json(raw.clone()).unwrap();
        assert_eq!(call.extra.get("mute"), Some(&json!("Off")));
        assert_eq!(call.extra.get("participants"), Some(&json!([{"id": 1}])));
        assert_eq!(serde_json::to_value(&call).unwrap(), raw);
        let text: GwsCall = serde_json::from_str(&raw.to_string()).unwrap();
        assert_eq!(text, call);
    }
}

#[cfg(test)]
mod reader_tests {
    use super::{Field, FromJson, Value};
    use serde::Deserialize;
    use serde_json::json;

    /// serde_json's message for `text`, without its position.
    fn message(e: serde_json::Error) -> String {
        let m = e.to_string();
        m.split(" at line ").next().unwrap_or_default().to_string()
    }

    #[derive(Deserialize)]
    struct Int {
        #[serde(deserialize_with = "crate::lenient::int")]
        v: i64,
    }
    #[derive(Deserialize)]
    struct Bool {
        #[serde(deserialize_with = "crate::lenient::boolean")]
        v: bool,
    }
    #[derive(Deserialize)]
    struct Str {
        v: String,
    }

    // Each value reader gives what the serde reader it stands for gives, errors included.
    #[test]
    fn the_value_readers_give_what_the_serde_readers_give() {
        let values = [
            "null",
            "true",
            "false",
            "0",
            "1",
            "2",
            "-7",
            "5.0",
            "1.5",
            "-2.0",
            "1e3",
            "18446744073709551615",
            "9223372036854775807",
            "-9223372036854775808",
            "9007199254740993.0",
            "\"\"",
            "\" 12 \"",
            "\"12L\"",
            "\"1.0\"",
            "\"1.5\"",
            "\"x\"",
            "\"yes\"",
            "\" No \"",
            "\"TRUE\"",
            "\"1\"",
            "\"0\"",
            "\"on\"",
            "\"a\\\"b\"",
            "[]",
            "[1]",
            "{}",
            "{\"a\":1}",
        ];
        for text in values {
            let value: Value = serde_json::from_str(text).unwrap();
            let wrapped = format!("{{\"v\":{text}}}");
            let serde = serde_json::from_str::<Int>(&wrapped).map(|w| w.v);
            assert_eq!(
                super::int(&value).map_err(message),
                serde.map_err(message),
                "int {text}"
            );
            let serde = serde_json::from_str::<Bool>(&wrapped).map(|w| w.v);
            assert_eq!(
                super::boolean(&value).map_err(message),
                serde.map_err(message),
                "boolean {text}"
            );
            let serde = serde_json::from_str::<Str>(&wrapped).map(|w| w.v);
            assert_eq!(
                super::string(value.clone()).map_err(message),
                serde.map_err(message),
                "string {text}"
            );
        }
    }

    #[test]
    fn variant_gives_what_wire_enum_gives() {
        use crate::lenient::wire_enum;
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Open {
            A,
            B,
            Other,
        }
        wire_enum!(Open { A = "A", B = "B_B" }, other = Other);
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Closed {
            A,
            B,
        }
        wire_enum!(Closed { A = "A", B = "B_B" });
        for text in [
            "\"A\"", "\"B_B\"", "\"b_b\"", "\"\"", "5", "1.5", "null", "[]", "{}",
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                super::variant(
                    &value,
                    Open::WIRE_NAMES,
                    Open::WIRE_VARIANTS,
                    Some(Open::Other)
                )
                .map_err(message),
                serde_json::from_str::<Open>(text).map_err(message),
                "{text}"
            );
            assert_eq!(
                super::variant(&value, Closed::WIRE_NAMES, Closed::WIRE_VARIANTS, None)
                    .map_err(message),
                serde_json::from_str::<Closed>(text).map_err(message),
                "{text}"
            );
        }
    }

    #[test]
    fn read_named_names_the_innermost_field() {
        let read = |value: Value| Outer::from_json(value).map_err(|e| e.to_string());
        assert_eq!(
            read(json!({"id": "a", "x": 1})),
            Ok(Outer {
                id: Some("a".into()),
                inner: None
            })
        );
        assert_eq!(
            read(json!({"id": 5})),
            Err("field `id`: invalid type: integer `5`, expected a string".to_string())
        );
        assert_eq!(
            read(json!({"inner": {"status": "x"}})),
            Err(
                "field `status`: invalid value: string \"x\", expected an integer or a numeric string"
                    .to_string()
            )
        );
        assert_eq!(
            read(json!({"inner": {}})),
            Err("missing field `status`".to_string())
        );
        assert_eq!(
            read(json!({"inner": 5})),
            Err("field `inner`: invalid type: integer `5`, expected struct Inner".to_string())
        );
        assert_eq!(
            read(json!([])),
            Err("invalid type: sequence, expected struct Outer".to_string())
        );
    }

    /// A model of `{ id?: string, inner?: { status: integer } }`, read as a reply
    /// ([`read_named_names_the_innermost_field`]) and as a caller's input
    /// ([`input_names_the_top_level_option`]).
    #[derive(Debug, PartialEq)]
    struct Outer {
        id: Option<String>,
        inner: Option<i64>,
    }

    impl super::FromJson for Outer {
        fn from_json(value: Value) -> super::Result<Self> {
            let mut id = None;
            let mut inner = None;
            let mut with = |v: Value| {
                let mut status = None;
                super::read_named(
                    v,
                    "struct Inner",
                    &mut [("status", Field::Int(&mut status))],
                )?;
                inner = Some(super::required(status, "status")?);
                Ok(())
            };
            super::read_named(
                value,
                "struct Outer",
                &mut [
                    ("id", Field::Str(&mut id)),
                    ("inner", Field::With(&mut with)),
                ],
            )?;
            Ok(Outer { id, inner })
        }
    }

    // What `convert::not_valid` and `livevox::bad_input` gave for serde's derive: the option
    // at fault (the top-level key), or the field a "missing field" names, or `options`; a
    // positional argument's own name when given.
    #[test]
    fn input_names_the_top_level_option() {
        let read = |value: Value, field: Option<&str>| {
            super::input::<Outer>(value, field)
                .map_err(|e| (e.field.unwrap_or_default(), e.message))
        };
        let err = |name: &str, message: &str| Err((name.to_string(), message.to_string()));
        assert_eq!(
            read(json!({"id": "a", "inner": {"status": "7"}}), None),
            Ok(Outer {
                id: Some("a".into()),
                inner: Some(7)
            })
        );
        assert_eq!(
            read(json!({"id": 5}), None),
            err(
                "id",
                "id is not valid: invalid type: integer `5`, expected a string."
            )
        );
        assert_eq!(
            read(json!({"inner": {"status": "x"}}), None),
            err(
                "inner",
                "inner is not valid: invalid value: string \"x\", expected an integer or a numeric string."
            )
        );
        assert_eq!(
            read(json!({"inner": {}}), None),
            err("status", "status is not valid: missing field `status`.")
        );
        assert_eq!(
            read(json!([1.5]), None),
            err(
                "options",
                "options is not valid: invalid type: sequence, expected struct Outer."
            )
        );
        assert_eq!(
            read(json!({"inner": 1.5}), Some("arg")),
            err(
                "arg",
                "arg is not valid: invalid type: floating point `1.5`, expected struct Inner."
            )
        );
        // Reading a reply afterwards names the innermost field again.
        assert_eq!(
            super::read_named(
                json!({"id": 5}),
                "struct Outer",
                &mut [("id", Field::Str(&mut None))]
            )
            .map_err(|e| e.to_string())
            .map(|_| ()),
            Err("field `id`: invalid type: integer `5`, expected a string".to_string())
        );
    }
}

#[cfg(test)]
mod primitive_tests {
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    fn serde<T: DeserializeOwned + ToString>(text: &str) -> Result<String, String> {
        serde_json::from_str::<T>(text)
            .map(|v| v.to_string())
            .map_err(|e| {
                e.to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
    }

    fn ours<T: ToString>(
        text: &str,
        read: fn(&Value) -> super::Result<T>,
    ) -> Result<String, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        read(&value)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string())
    }

    // Each reader gives what serde's reader of the same Rust type gives from JSON text.
    #[test]
    fn the_primitive_readers_give_what_serde_gives() {
        let texts = [
            "null",
            "true",
            "false",
            "0",
            "1",
            "-1",
            "7",
            "1.5",
            "-2.25",
            "1.0",
            "4294967295",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "18446744073709551615",
            "\"5\"",
            "\"x\"",
            "\"\"",
            "[]",
            "[1]",
            "{}",
            "{\"a\":1}",
        ];
        for t in texts {
            assert_eq!(ours(t, super::i64_value), serde::<i64>(t), "i64 {t}");
            assert_eq!(ours(t, super::u32_value), serde::<u32>(t), "u32 {t}");
            assert_eq!(ours(t, super::f64_value), serde::<f64>(t), "f64 {t}");
            assert_eq!(ours(t, super::bool_value), serde::<bool>(t), "bool {t}");
            let string = |v: &Value| super::string(v.clone());
            assert_eq!(ours(t, string), serde::<String>(t), "String {t}");
            let opt = |v: &Value| {
                super::nullable(v.clone(), |v| super::i64_value(&v)).map(|o| format!("{o:?}"))
            };
            assert_eq!(
                ours(t, opt),
                serde_json::from_str::<Option<i64>>(t)
                    .map(|o| format!("{o:?}"))
                    .map_err(|e| e
                        .to_string()
                        .split(" at line ")
                        .next()
                        .unwrap_or_default()
                        .to_string()),
                "Option<i64> {t}"
            );
        }
    }
}
