//! Tolerant readers for the wire's quirks, used through `#[serde(deserialize_with = ...)]`.
//!
//! LiveVox sends epoch-millisecond timestamps as JSON strings (sometimes numbers), booleans as
//! `"true"`/`"false"` strings, and integer ids either way. These readers accept every form and
//! hand callers one type, so the quirks stop at the edge.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

struct IntVisitor(&'static str);

impl Visitor<'_> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && v.abs() < 9.007_199_254_740_992e15 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let t = v.trim();
        t.parse::<i64>().or_else(|_| match t.parse::<f64>() {
            Ok(f) if f.is_finite() => self.visit_f64(f),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        })
    }
}

/// An integer sent as a JSON number or as a numeric string (`1416817899000` or
/// `"1416817899000"`).
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IntVisitor("an integer or a numeric string"))
}

/// Like [`int`], for optional fields; `null` and `""` read as absent.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an optional integer or numeric string")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            opt_int(d)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            IntVisitor("").visit_u64(v).map(Some)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            IntVisitor("an integer").visit_f64(v).map(Some)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.trim().is_empty() {
                Ok(None)
            } else {
                IntVisitor("an integer or numeric string")
                    .visit_str(v)
                    .map(Some)
            }
        }
    }
    d.deserialize_any(Opt)
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean or \"true\"/\"false\"")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

/// A boolean sent as `true`/`false` or as the strings `"true"`/`"false"`.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolVisitor)
}

/// Like [`boolean`]; a missing or `null` value reads as `false`.
pub fn boolean_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a boolean, \"true\"/\"false\" or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<bool, D2::Error> {
            boolean(d)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            BoolVisitor.visit_str(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
            BoolVisitor.visit_i64(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
            BoolVisitor.visit_u64(v)
        }
    }
    d.deserialize_any(Opt)
}

/// An optional boolean that may arrive as a string (`"true"`) or `null`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => boolean(v).map(Some).map_err(de::Error::custom),
    }
}

/// A string that may arrive as a number (ids) or `null`; `null` reads as `""`.
pub fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string(d)?.unwrap_or_default())
}

/// An optional string that may arrive as a number (ids, phone numbers) or `null`; `""` and
/// `null` read as absent.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an optional string or number")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(Opt)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()).filter(|s| !s.is_empty()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    d.deserialize_option(Opt)
}

/// A list that may arrive as `null` or be missing; reads as empty then.
pub fn list_or_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let v: Option<Vec<T>> = serde::Deserialize::deserialize(d)?;
    Ok(v.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(deserialize_with = "super::int")]
        ts: i64,
        #[serde(default, deserialize_with = "super::opt_int")]
        opt: Option<i64>,
        #[serde(deserialize_with = "super::boolean")]
        flag: bool,
        #[serde(default, deserialize_with = "super::boolean_or_false")]
        maybe: bool,
    }

    fn read(s: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn epoch_ms_as_string_or_number() {
        let a = read(r#"{"ts":"1416817899000","flag":true}"#).unwrap();
        let b = read(r#"{"ts":1416817899000,"flag":"true"}"#).unwrap();
        assert_eq!(a.ts, 1_416_817_899_000);
        assert_eq!(a.ts, b.ts);
        assert!(a.flag && b.flag);
        assert_eq!(read(r#"{"ts":" 12 ","flag":"FALSE"}"#).unwrap().ts, 12);
    }

    #[test]
    fn optional_forms() {
        let t = read(r#"{"ts":1,"opt":"","flag":false,"maybe":null}"#).unwrap();
        assert_eq!(t.opt, None);
        assert!(!t.maybe);
        let t = read(r#"{"ts":1,"opt":"42","flag":false,"maybe":"true"}"#).unwrap();
        assert_eq!(t.opt, Some(42));
        assert!(t.maybe);
        let t = read(r#"{"ts":1,"flag":0}"#).unwrap();
        assert_eq!(t.opt, None);
        assert!(!t.flag);
    }

    #[test]
    fn optional_strings_accept_numbers_and_blanks() {
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "super::opt_string")]
            v: Option<String>,
        }
        let read = |s: &str| serde_json::from_str::<S>(s).unwrap().v;
        assert_eq!(read(r#"{"v":"8990000001"}"#).as_deref(), Some("8990000001"));
        assert_eq!(read(r#"{"v":8990000001}"#).as_deref(), Some("8990000001"));
        assert_eq!(read(r#"{"v":""}"#), None);
        assert_eq!(read(r#"{"v":null}"#), None);
        assert_eq!(read(r#"{}"#), None);
    }

    #[test]
    fn rejects_what_is_not_a_number_or_boolean() {
        assert!(read(r#"{"ts":"abc","flag":true}"#).is_err());
        assert!(read(r#"{"ts":1.5,"flag":true}"#).is_err());
        assert!(read(r#"{"ts":1,"flag":"maybe"}"#).is_err());
        assert!(read(r#"{"ts":1,"flag":7}"#).is_err());
    }
}
