//! The `retry` option read from its JSON text as serde's derive reads [`RetryOptions`] (the
//! same values, the same errors: the first in the text's key order), without a typed read:
//! serde's type-error texts can print any float, which keeps Rust's float printing in every
//! module that has one. The messages are written out by [`crate::lenient::Found`].

use crate::client::RetryOptions;
use crate::lenient::Found;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::fmt;

/// [`RetryOptions`] read as its derive reads it (the `retry` option of every client).
pub struct Retry(pub RetryOptions);

const WHAT: &str = "struct RetryOptions";
const FIELDS: [&str; 3] = ["maxRetries", "baseDelayMs", "maxDelayMs"];

/// serde's "invalid type" error: `found` where `expected` belongs.
fn invalid_type<E: de::Error>(found: Value, expected: &str) -> E {
    E::custom(format_args!(
        "invalid type: {}, expected {expected}",
        Found(&found)
    ))
}

fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

impl<'de> de::Deserialize<'de> for Retry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Whole).map(Retry)
    }
}

/// The whole option: an object, or (as the derive allows) a list of the fields in order.
struct Whole;

impl<'de> Visitor<'de> for Whole {
    type Value = RetryOptions;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(WHAT)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(invalid_type(Value::Null, WHAT))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Err(invalid_type(Value::Bool(v), WHAT))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Err(invalid_type(Value::from(v), WHAT))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(invalid_type(Value::from(v), WHAT))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(invalid_type(float(v), WHAT))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Err(invalid_type(Value::from(v), WHAT))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut retry = RetryOptions::default();
        for slot in [
            &mut retry.max_retries,
            &mut retry.base_delay_ms,
            &mut retry.max_delay_ms,
        ] {
            if let Some(v) = seq.next_element_seed(U32)? {
                *slot = v;
            }
        }
        Ok(retry)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut given: [Option<u32>; 3] = [None; 3];
        while let Some(key) = map.next_key_seed(Key)? {
            let Some(i) = FIELDS.iter().position(|f| *f == key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let Some(slot) = given.get_mut(i) else {
                continue;
            };
            if slot.is_some() {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            *slot = Some(map.next_value_seed(U32)?);
        }
        let d = RetryOptions::default();
        let [max_retries, base_delay_ms, max_delay_ms] = given;
        Ok(RetryOptions {
            max_retries: max_retries.unwrap_or(d.max_retries),
            base_delay_ms: base_delay_ms.unwrap_or(d.base_delay_ms),
            max_delay_ms: max_delay_ms.unwrap_or(d.max_delay_ms),
        })
    }
}

/// A key of the object.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// A field's value: a `u32`, as serde reads one.
struct U32;

const U32_NAME: &str = "u32";

fn out_of_range<E: de::Error>(found: Value) -> E {
    E::custom(format_args!(
        "invalid value: {}, expected {U32_NAME}",
        Found(&found)
    ))
}

impl<'de> DeserializeSeed<'de> for U32 {
    type Value = u32;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for U32 {
    type Value = u32;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(U32_NAME)
    }
    fn visit_unit<E: de::Error>(self) -> Result<u32, E> {
        Err(invalid_type(Value::Null, U32_NAME))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<u32, E> {
        Err(invalid_type(Value::Bool(v), U32_NAME))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| out_of_range(Value::from(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| out_of_range(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u32, E> {
        Err(invalid_type(float(v), U32_NAME))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        Err(invalid_type(Value::from(v), U32_NAME))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<u32, A::Error> {
        Err(invalid_type(Value::Array(Vec::new()), U32_NAME))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<u32, A::Error> {
        Err(invalid_type(
            Value::Object(serde_json::Map::new()),
            U32_NAME,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::Retry;
    use crate::client::RetryOptions;

    /// What serde_json gives for `text`, the message without its position.
    fn read<T>(text: &str, take: fn(T) -> RetryOptions) -> Result<RetryOptions, String>
    where
        T: serde::de::DeserializeOwned,
    {
        serde_json::from_str::<T>(text).map(take).map_err(|e| {
            let msg = e.to_string();
            msg.split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string()
        })
    }

    #[test]
    fn the_same_as_the_derive() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let texts = [
            "{}".to_string(),
            r#"{"maxRetries":3}"#.into(),
            r#"{"maxRetries":3,"baseDelayMs":10,"maxDelayMs":20,"other":[1,{"a":null}]}"#.into(),
            r#"{"maxDelayMs":20,"baseDelayMs":"x","maxRetries":1.5}"#.into(),
            r#"{"maxRetries":1.5,"baseDelayMs":"x"}"#.into(),
            r#"{"maxRetries":-1}"#.into(),
            r#"{"maxRetries":-0.0}"#.into(),
            r#"{"maxRetries":4294967295}"#.into(),
            r#"{"maxRetries":4294967296}"#.into(),
            r#"{"maxRetries":1e21}"#.into(),
            r#"{"maxRetries":null}"#.into(),
            r#"{"maxRetries":true}"#.into(),
            r#"{"maxRetries":"a\"b\n"}"#.into(),
            r#"{"maxRetries":[]}"#.into(),
            r#"{"maxRetries":[1]}"#.into(),
            r#"{"maxRetries":{"a":1}}"#.into(),
            r#"{"maxRetries":1,"maxRetries":2}"#.into(),
            format!(r#"{{"x":{deep},"maxRetries":1}}"#),
            format!(r#"{{"maxRetries":{deep}}}"#),
            "[]".into(),
            "[1]".into(),
            "[1,2,3]".into(),
            "[1,2,3,4]".into(),
            "[1,null]".into(),
            "[1,2,3,[]]".into(),
            "null".into(),
            "5".into(),
            "-5".into(),
            "1.5".into(),
            "true".into(),
            r#""often""#.into(),
        ];
        for text in texts {
            assert_eq!(
                read(&text, |r: Retry| r.0),
                read(&text, |r: RetryOptions| r),
                "{text}"
            );
        }
    }
}
