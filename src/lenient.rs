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

/// A string that may arrive as a number (ids) or `null`; `null` reads as `""`. An object or a
/// list is an error: a required value of the wrong shape must not read as empty.
pub fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(d.deserialize_option(Text { containers: false })?
        .unwrap_or_default())
}

/// An optional string that may arrive as a number or boolean (ids, phone numbers) or `null`;
/// `""`, `null`, and an object or list where text belongs read as absent.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(Text { containers: true })
}

/// Reads text leniently; `containers` says whether an object or a list reads as absent (else
/// it is an error).
struct Text {
    containers: bool,
}

impl<'de> Visitor<'de> for Text {
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
        d.deserialize_any(self)
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
    // An object or a list where text belongs is not text: read as absent rather than
    // failing the whole message.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if !self.containers {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if !self.containers {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
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

/// Like [`boolean`] for optional fields: `null`, a missing value or anything unreadable
/// (`"On"`, an object) reads as absent rather than failing the whole message.
pub fn opt_boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(match v {
        Some(serde_json::Value::Bool(b)) => Some(b),
        Some(serde_json::Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    })
}

/// A Java `long` as GWS samples print it: a number, a numeric string, or a string with
/// Java's `L` suffix (`"1399313326000L"`). Anything else reads as absent.
pub fn opt_long<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(v.as_ref().and_then(long_value))
}

fn long_value(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15)
                .map(|f| f as i64)
        }),
        serde_json::Value::String(s) => {
            let t = s.trim();
            let t = t.strip_suffix(['L', 'l']).unwrap_or(t);
            t.parse::<i64>().ok()
        }
        _ => None,
    }
}

/// Reads a GWS timestamp to epoch milliseconds. Accepts every form GWS is seen to send
/// (VENDOR-APIS §2.7): `"2015-11-19 12:30:20.000+0200"`, the same without a separator
/// (`"2014-05-0511:08:45.000-0700"`) or with stray spaces (`"2014-05-0511: 08: 46.000-0700"`),
/// ISO 8601 (`"2015-11-26T16:39:41Z"`, `+02:00`), no zone (read as UTC), and epoch
/// milliseconds as a number or digit string (with or without a Java `L`). `None` if unreadable.
pub fn timestamp_ms(value: &serde_json::Value) -> Option<i64> {
    match value {
        serde_json::Value::Number(_) => long_value(value),
        serde_json::Value::String(s) => parse_timestamp(s),
        _ => None,
    }
}

/// [`timestamp_ms`] for text.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    let digits = compact.strip_suffix(['L', 'l']).unwrap_or(&compact);
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse::<i64>().ok();
    }
    if !compact.is_ascii() {
        return None;
    }
    let num = |s: Option<&str>| -> Option<i64> {
        let s = s?;
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse::<i64>().ok()
    };
    let year = num(compact.get(0..4))?;
    let month = num(compact.get(5..7))?;
    let day = num(compact.get(8..10))?;
    if compact.get(4..5) != Some("-") || compact.get(7..8) != Some("-") {
        return None;
    }
    let rest = compact.get(10..)?;
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest);
    let hour = num(rest.get(0..2))?;
    let minute = num(rest.get(3..5))?;
    if rest.get(2..3) != Some(":") {
        return None;
    }
    let (second, mut rest) = match rest.get(5..6) {
        Some(":") => (num(rest.get(6..8))?, rest.get(8..)?),
        _ => (0, rest.get(5..)?),
    };
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix(['.', ',']) {
        let len = frac.bytes().take_while(u8::is_ascii_digit).count();
        let digits = frac.get(..len)?;
        if digits.is_empty() {
            return None;
        }
        let mut ms = String::from(digits.get(..digits.len().min(3))?);
        while ms.len() < 3 {
            ms.push('0');
        }
        millis = ms.parse().ok()?;
        rest = frac.get(len..)?;
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let z = zone.get(1..)?.replace(':', "");
            let (h, m) = match z.len() {
                2 => (num(Some(&z))?, 0),
                4 => (num(z.get(0..2))?, num(z.get(2..4))?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 60 + m)
        }
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm): the one
/// piece of calendar arithmetic in the crate (timestamps here, HTTP dates in [`crate::http`]).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    fn required_text_refuses_objects_and_lists() {
        #[derive(Deserialize, Debug)]
        struct R {
            #[serde(deserialize_with = "super::string_or_empty")]
            id: String,
        }
        assert_eq!(serde_json::from_str::<R>(r#"{"id":7}"#).unwrap().id, "7");
        assert_eq!(serde_json::from_str::<R>(r#"{"id":null}"#).unwrap().id, "");
        assert!(serde_json::from_str::<R>(r#"{"id":[[]]}"#).is_err());
        assert!(serde_json::from_str::<R>(r#"{"id":{"a":1}}"#).is_err());
    }

    #[test]
    fn rejects_what_is_not_a_number_or_boolean() {
        assert!(read(r#"{"ts":"abc","flag":true}"#).is_err());
        assert!(read(r#"{"ts":1.5,"flag":true}"#).is_err());
        assert!(read(r#"{"ts":1,"flag":"maybe"}"#).is_err());
        assert!(read(r#"{"ts":1,"flag":7}"#).is_err());
    }

    #[test]
    fn gws_timestamps_in_every_seen_form() {
        use super::parse_timestamp as p;
        // 2015-11-19 10:30:20 UTC
        let base = 1_447_929_020_000;
        assert_eq!(p("2015-11-19 12:30:20.000+0200"), Some(base));
        assert_eq!(p("2015-11-1912:30:20.000+0200"), Some(base));
        assert_eq!(p("2015-11-19 12: 30: 20.000+0200"), Some(base));
        assert_eq!(p("2015-11-19T10:30:20Z"), Some(base));
        assert_eq!(p("2015-11-19T12:30:20+02:00"), Some(base));
        assert_eq!(p("2015-11-19T10:30:20"), Some(base));
        assert_eq!(p("2015-11-19T10:30:20.5Z"), Some(base + 500));
        assert_eq!(p("2015-11-19T03:30:20.123-0700"), Some(base + 123));
        assert_eq!(p("2015-11-19T10:30Z"), Some(base - 20_000));
        assert_eq!(p("1447929020000"), Some(base));
        assert_eq!(p("1447929020000L"), Some(base));
        assert_eq!(p("2014-05-0511:08:45.000-0700"), Some(1_399_313_325_000));
        for bad in [
            "",
            "yesterday",
            "2015-13-01T00:00:00Z",
            "2015-11-19",
            "2015-11-19T10:30:20+2",
            "2015-11-19T1é:30:20Z",
            "2015/11/19 10:30:20",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert_eq!(
            super::timestamp_ms(&serde_json::json!(1447929020000_i64)),
            Some(base)
        );
        assert_eq!(super::timestamp_ms(&serde_json::json!(null)), None);
    }

    #[test]
    fn optional_text_boolean_and_long() {
        #[derive(Deserialize)]
        struct O {
            #[serde(default, deserialize_with = "super::opt_string")]
            t: Option<String>,
            #[serde(default, deserialize_with = "super::opt_boolean")]
            b: Option<bool>,
            #[serde(default, deserialize_with = "super::opt_long")]
            l: Option<i64>,
        }
        let o: O = serde_json::from_str(r#"{"t":5005,"b":"true","l":"1399313326000L"}"#).unwrap();
        assert_eq!(
            (o.t.as_deref(), o.b, o.l),
            (Some("5005"), Some(true), Some(1_399_313_326_000))
        );
        let o: O = serde_json::from_str(r#"{"t":{"a":[1]},"b":"On","l":{}}"#).unwrap();
        assert_eq!((o.t, o.b, o.l), (None, None, None));
        let o: O = serde_json::from_str(r#"{"t":null,"b":"On","l":[]}"#).unwrap();
        assert_eq!((o.t, o.b, o.l), (None, None, None));
        let o: O = serde_json::from_str(r#"{"t":"x","b":0,"l":12.0}"#).unwrap();
        assert_eq!(
            (o.t.as_deref(), o.b, o.l),
            (Some("x"), Some(false), Some(12))
        );
    }
}
