//! Reads the objects GWS sends into the reply and notification models: each model lists its
//! documented fields with how each one is read ([`Field`]), and one loop ([`read`]) takes them
//! out of the object and keeps every other field, unchanged, for the model's `extra`.
//!
//! This gives what `#[derive(Deserialize)]` with a `#[serde(flatten)] extra` field gives (the
//! same values, the same errors, the first one in the object's key order), without its cost:
//! serde buffers every flattened object and compiles a reader per model and per source (this
//! reader took 34.8 KB raw, 13.1 KB gzip off the GWS module). The models still implement
//! `Deserialize` (through [`FromJson`]).

use serde::de::Error as _;
use serde_json::{Error, Map, Value};

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
                <$model as $crate::gws::wire::FromJson>::from_json(value)
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
    /// A Java `long` ([`crate::lenient::opt_long`]); anything unreadable is absent.
    Long(&'a mut Option<i64>),
    /// A boolean ([`crate::lenient::opt_boolean`]); anything unreadable is absent.
    Flag(&'a mut Option<bool>),
    /// A list of strings; `null` reads as empty ([`crate::lenient::list_or_empty`]).
    Strings(&'a mut Vec<String>),
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
    let Value::Object(object) = value else {
        return Err(invalid_type(&value, what));
    };
    let mut rest = Map::new();
    for (key, value) in object {
        let Some((_, field)) = fields.iter_mut().find(|(name, _)| *name == key) else {
            rest.insert(key, value);
            continue;
        };
        match field {
            Field::Text(slot) => **slot = text(value, true)?,
            Field::Long(slot) => **slot = long(&value),
            Field::Flag(slot) => **slot = flag(&value),
            Field::Strings(slot) => **slot = strings(value)?.unwrap_or_default(),
            Field::With(read) => read(value)?,
        }
    }
    Ok(rest)
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

use crate::lenient::{flag_value as flag, long_value as long, Found, MAX_SAFE};

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
    let items = items(value)?;
    let mut list = Vec::with_capacity(items.len());
    for item in items {
        list.push(T::from_json(item)?);
    }
    Ok(list)
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

#[cfg(test)]
mod tests {
    use super::super::events::{ChatStateChangeMessage, GwsCall, GwsChatInfo, GwsChatMessage};
    use super::super::model::{GwsDevice, GwsUser};
    use super::FromJson;
    use serde::Serialize;
    use serde_json::{json, Value};

    /// The model read from `input`, written back as JSON, or the error's message.
    fn read<T: FromJson + Serialize>(input: Value) -> String {
        match T::from_json(input) {
            Ok(t) => serde_json::to_string(&t).unwrap_or_default(),
            Err(e) => format!("Err {e}"),
        }
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
