//! Tolerant readers for the wire's quirks: the rules on a JSON value already read
//! (`int_value`, `flag_value`, `long_value`, `number_value`, `parse_number` …), which
//! `crate::wire` reads the models with, and the same rules as serde readers for
//! `#[serde(deserialize_with = ...)]`, the reference `crate::wire`'s tests hold it to.
//!
//! LiveVox sends epoch-millisecond timestamps as JSON strings (sometimes numbers), booleans as
//! `"true"`/`"false"` strings, and integer ids either way. These readers accept every form and
//! hand callers one type, so the quirks stop at the edge.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

// The serde readers marked `#[cfg(test)]` below are no longer used by any model (the reply
// models read JSON values through `crate::wire`): the tests keep them as the reference the
// value readers of `crate::wire` are held to (the same values, the same messages).

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
        if v.fract() == 0.0 && v.abs() < MAX_SAFE {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let t = v.trim();
        t.parse::<i64>().or_else(|_| match parse_number(t) {
            Some(f) => self.visit_f64(f),
            None => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        })
    }
}

/// An integer sent as a JSON number or as a numeric string (`1416817899000` or
/// `"1416817899000"`).
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IntVisitor("an integer or a numeric string"))
}

#[cfg(test)]
/// Like [`int`], for optional fields: `null`, `""` and anything that is not a whole number
/// (free text, an object, a fraction) read as absent rather than failing the whole message.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(v.as_ref().and_then(int_value))
}

/// 2^53: integers below it are exact as floats.
pub const MAX_SAFE: f64 = 9.007_199_254_740_992e15;

/// `value` as the compact JSON text `value.to_string()` makes (keys in the map's order,
/// strings escaped as `serde_json` escapes them, numbers as `Number` prints them), written by
/// hand: `to_string` links serde's serializer for `Value` into every module that prints one.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut out = String::new();
    push_json(&mut out, value);
    out
}

/// `n` as `{}` prints it, through `serde_json`'s integer printer (which every module holds
/// for JSON numbers) instead of one `Display` of core per integer type.
pub fn int_text(n: i64) -> String {
    serde_json::Number::from(n).to_string()
}

/// `n` in hexadecimal with at least `digits` digits, as `{:0digits$X}` (`upper`) or
/// `{:0digits$x}` print it, without core's hexadecimal formatting and padding.
pub fn hex_text(n: u32, upper: bool, digits: usize) -> String {
    let mut out = String::new();
    for i in (0..8u32).rev() {
        let d = (n >> (4 * i)) & 15;
        if out.is_empty() && d == 0 && i as usize >= digits.max(1) {
            continue;
        }
        let c = char::from_digit(d, 16).unwrap_or('0');
        out.push(if upper { c.to_ascii_uppercase() } else { c });
    }
    out
}

/// Appends `value` as [`json_text`] writes it.
pub fn push_json(out: &mut String, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => push_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(out, k);
                out.push(':');
                push_json(out, v);
            }
            out.push('}');
        }
    }
}

/// Appends `values` as a JSON array of strings, each as [`push_json_string`] writes it.
pub fn push_json_strings(out: &mut String, values: &[String]) {
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, v);
    }
    out.push(']');
}

/// `text` as a JSON string, escaped as `serde_json` escapes it: `"`, `\\` and the control
/// characters below U+0020 (as `\n`, `\t` … or `\u00XX`); nothing else.
pub fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let digit = |n: u32| char::from_digit(n, 16).unwrap_or('0');
                out.push_str("\\u00");
                out.push(digit(u32::from(c) >> 4));
                out.push(digit(u32::from(c) & 15));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// [`int`]'s rules on a JSON value already read: a whole number (below 2^53 when sent as a
/// float), or text that reads as one; anything else is `None`. Not generic: one copy serves
/// every reader of a value.
pub fn int_value(v: &serde_json::Value) -> Option<i64> {
    let whole = |f: f64| (f.fract() == 0.0 && f.abs() < MAX_SAFE).then_some(f as i64);
    match v {
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Some(i),
            None if n.is_u64() => None,
            None => n.as_f64().and_then(whole),
        },
        serde_json::Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>()
                .ok()
                .or_else(|| parse_number(t).and_then(whole))
        }
        _ => None,
    }
}

/// An optional number (amounts, balances) sent as a JSON number or a numeric string; `null`
/// and anything else (free text, an object) read as absent.
pub fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(v.as_ref().and_then(number_value))
}

/// [`opt_number`]'s rules on a JSON value already read: a finite JSON number or numeric text;
/// anything else (`null` included) is `None`.
pub fn number_value(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => parse_number(s),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// A finite decimal number written as text (`"12.50"`, `" -3 "`, `"+1e3"`, `".5"`, `"007"`):
/// the forms Rust's `f64::from_str` reads, less `inf` and `NaN`. Read through serde_json's
/// number reader (which the module carries anyway) rather than core's float parser, so the
/// module holds one float parser; its JSON grammar is widened here to a leading `+`, leading
/// zeros and a bare `.5` or `5.`.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (t.get(..i)?, Some(t.get(i + 1..)?)),
        None => (t, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    let exp_digits = exponent.map(|e| e.strip_prefix(['+', '-']).unwrap_or(e));
    if exp_digits.is_some_and(|e| e.is_empty() || !digits(e)) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let mut json = String::with_capacity(t.len() + 3);
    if neg {
        json.push('-');
    }
    json.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json.push('.');
        json.push_str(frac);
    }
    if let Some(e) = exponent {
        json.push('e');
        json.push_str(e);
    }
    // As a JSON value rather than a typed `f64`: a typed read links serde's type-error texts,
    // and with them Rust's float printing, into modules that have no other use for them.
    serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.as_f64())
        .filter(|f| f.is_finite())
}

/// An optional value of a fixed vocabulary (an enum such as a block or a state) or shape:
/// `null` and any value that does not read as `T` read as absent.
pub fn opt_value<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    // Through text rather than `from_value`: `T` is read from text anyway, so this reuses that
    // code instead of adding a second copy of `T`'s reader to the module.
    Ok(v.and_then(|v| serde_json::from_str(&v.to_string()).ok()))
}

#[cfg(test)]
/// A value sent alone or as a list of such values (LiveVox answers `agentStatus` as an object
/// or as a one-element array): the value, the list's first element, or `None` for an empty
/// list. A list element or a value that does not read as `T` is an error naming the field at
/// fault (`` field `state`: … ``).
pub fn one_or_first<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v: serde_json::Value = serde::Deserialize::deserialize(d)?;
    let item = match v {
        serde_json::Value::Array(items) => match items.into_iter().next() {
            Some(first) => first,
            None => return Ok(None),
        },
        serde_json::Value::Object(_) => v,
        _ => {
            return Err(de::Error::custom(
                "invalid type: expected an object or a list of objects",
            ))
        }
    };
    // Through text: `T`'s text reader serves, and the error's position names the field.
    let text = item.to_string();
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| de::Error::custom(naming_the_field(&e, &text)))
}

/// serde_json's message for `e` without the " at line L column C" it adds, which means nothing
/// to a caller whose input was a JavaScript value or a reply.
pub fn serde_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    if e.line() == 0 {
        return message;
    }
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(position.as_str()) {
        Some(m) => m.to_string(),
        None => message,
    }
}

#[cfg(test)]
/// The message of an error reading the JSON `text`, naming the field at fault (one copy, not
/// one per type read).
#[inline(never)]
fn naming_the_field(e: &serde_json::Error, text: &str) -> String {
    let msg = serde_message(e);
    match field_at(text, e.line(), e.column()) {
        Some(f) if !msg.contains(" field `") => format!("field `{f}`: {msg}"),
        _ => msg,
    }
}

/// The object keys open at byte `offset` of the JSON `text`, outermost first: one entry per
/// container around that byte, the key whose value is being read in it (objects), or `None`
/// (arrays, and objects between a `,` and the next key's `:`). Keys are unescaped. How a reply
/// that is not even JSON still gets the field at fault named, without a path-tracking decoder
/// (which would double the code of every model in the module).
fn keys_at(text: &str, offset: usize) -> Vec<Option<String>> {
    let mut stack: Vec<Option<&str>> = Vec::new();
    let (mut in_string, mut escaped, mut start) = (false, false, 0usize);
    let mut last_string: Option<&str> = None;
    for (i, b) in text.bytes().enumerate().take(offset.saturating_add(1)) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                last_string = text.get(start..i);
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                start = i + 1;
            }
            b'{' | b'[' => stack.push(None),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    *top = last_string;
                }
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    *top = None;
                }
            }
            _ => {}
        }
    }
    let unescape = |k: &str| -> Option<String> {
        if k.contains('\\') {
            // Read as a JSON value, not as a `String`: a typed read would bring serde's
            // type-error texts, and through them Rust's float printing, into the module.
            match serde_json::from_str::<serde_json::Value>(&format!("\"{k}\"")) {
                Ok(serde_json::Value::String(s)) => Some(s),
                _ => None,
            }
        } else {
            Some(k.to_string())
        }
    };
    stack.into_iter().map(|k| k.and_then(unescape)).collect()
}

/// The byte offset of serde_json's 1-based `line` and `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    line_start.saturating_add(column.saturating_sub(1))
}

/// The innermost object key whose value holds the position serde_json reported (1-based
/// `line`, `column`) in `text`: how a decoding error names the field at fault.
pub fn field_at(text: &str, line: usize, column: usize) -> Option<String> {
    keys_at(text, offset_of(text, line, column))
        .into_iter()
        .rev()
        .flatten()
        .next()
}

/// Reads a unit enum from its wire name: `names` are the wire names and `all` the variants in
/// the same order; `other` is what any other name reads as (serde's `#[serde(other)]`), or
/// `None` to refuse it with serde's own "unknown variant `X`, expected one of …". One reader
/// for every such enum (through `wire_enum`) instead of a derived visitor per enum.
pub fn variant<'de, D, T>(
    d: D,
    names: &'static [&'static str],
    all: &[T],
    other: Option<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Copy,
{
    let found = d.deserialize_str(VariantVisitor {
        names,
        open: other.is_some(),
    })?;
    found
        .and_then(|i| all.get(i).copied())
        .or(other)
        .ok_or_else(|| de::Error::custom("unknown variant"))
}

struct VariantVisitor {
    names: &'static [&'static str],
    open: bool,
}

impl Visitor<'_> for VariantVisitor {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("one of")?;
        for (i, name) in self.names.iter().enumerate() {
            f.write_str(if i == 0 { " `" } else { ", `" })?;
            f.write_str(name)?;
            f.write_str("`")?;
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.names.iter().position(|n| *n == v) {
            Some(i) => Ok(Some(i)),
            None if self.open => Ok(None),
            None => Err(E::unknown_variant(v, self.names)),
        }
    }
}

/// Implements `Deserialize` for a unit enum through [`variant`]:
/// `wire_enum!(SortOrder { Asc = "ASC", Desc = "DESC" });`, with `other = Variant` after the
/// list for an enum whose unknown names read as that variant. The wire names must be those
/// its `Serialize` writes (a host test per enum checks it with `WIRE_NAMES`/`WIRE_VARIANTS`).
/// (Unused in the entries without LiveVox.)
#[allow(unused_macros)]
macro_rules! wire_enum {
    ($ty:ident { $($v:ident = $name:literal),+ $(,)? } $(, other = $o:ident)?) => {
        impl $ty {
            /// The wire names [`Deserialize`](serde::Deserialize) reads, in the order of
            /// `WIRE_VARIANTS`.
            pub(crate) const WIRE_NAMES: &'static [&'static str] = &[$($name),+];
            /// The variants of `WIRE_NAMES`.
            pub(crate) const WIRE_VARIANTS: &'static [$ty] = &[$($ty::$v),+];
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let other: Option<$ty> = None $(.or(Some($ty::$o)))?;
                $crate::lenient::variant(d, Self::WIRE_NAMES, Self::WIRE_VARIANTS, other)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use wire_enum;

#[cfg(test)]
struct BoolVisitor;

#[cfg(test)]
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

#[cfg(test)]
/// A boolean sent as `true`/`false` or as the strings `"true"`/`"false"`.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolVisitor)
}

#[cfg(test)]
/// Like [`boolean`] for optional flags: a missing, `null` or unreadable value (`"On"`, an
/// object) reads as `false`, the flag's absence.
pub fn boolean_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_boolean(d)?.unwrap_or(false))
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
        Ok(Some(float_text(v)))
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

/// A number read where text belongs, as text: a whole number as an integer (`5005.0` →
/// `"5005"`), any other as serde_json writes it (`1.5`). Not through Rust's float formatting,
/// which would add its code to the module for this one use.
fn float_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.007_199_254_740_992e15 {
        (v as i64).to_string()
    } else {
        serde_json::Number::from_f64(v)
            .map(|n| n.to_string())
            .unwrap_or_default()
    }
}

#[cfg(test)]
/// A list that may arrive as `null` or be missing; reads as empty then.
pub fn list_or_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let v: Option<Vec<T>> = serde::Deserialize::deserialize(d)?;
    Ok(v.unwrap_or_default())
}

/// Like `boolean` for optional fields: `null`, a missing value or anything unreadable
/// (`"On"`, an object) reads as absent rather than failing the whole message.
pub fn opt_boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(v.as_ref().and_then(flag_value))
}

/// [`opt_boolean`]'s rules on a JSON value already read.
pub fn flag_value(v: &serde_json::Value) -> Option<bool> {
    match v {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
/// A Java `long` as GWS samples print it: a number, a numeric string, or a string with
/// Java's `L` suffix (`"1399313326000L"`). Anything else reads as absent.
pub fn opt_long<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(v.as_ref().and_then(long_value))
}

/// `opt_long`'s rules on a JSON value already read.
pub fn long_value(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < MAX_SAFE)
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
/// (GWS API samples): `"2015-11-19 12:30:20.000+0200"`, the same without a separator
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

/// How serde names what it found (`integer \`5\``, `sequence` …) in an "invalid type" error.
pub struct Found<'a>(pub &'a serde_json::Value);

impl std::fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            serde_json::Value::Null => f.write_str("null"),
            serde_json::Value::Bool(b) => write!(f, "boolean `{b}`"),
            serde_json::Value::Number(n) if n.is_f64() => write!(f, "floating point `{n}`"),
            serde_json::Value::Number(n) => write!(f, "integer `{n}`"),
            serde_json::Value::String(s) => write!(f, "string {s:?}"),
            serde_json::Value::Array(_) => f.write_str("sequence"),
            serde_json::Value::Object(_) => f.write_str("map"),
        }
    }
}

#[cfg(test)]
mod tests {

    /// `serde_message` takes off serde_json's position only, even when the message itself
    /// holds " at line ".
    #[test]
    fn serde_message_drops_the_position_only() {
        let message = |text: &str| {
            let e = serde_json::from_str::<u32>(text)
                .err()
                .unwrap_or_else(|| panic!("{text}"));
            (e.to_string(), super::serde_message(&e))
        };
        let (full, ours) = message("\"x\"");
        assert_eq!(
            full,
            "invalid type: string \"x\", expected u32 at line 1 column 3"
        );
        assert_eq!(ours, "invalid type: string \"x\", expected u32");
        let (_, ours) = message("\"a at line 2\"");
        assert_eq!(ours, "invalid type: string \"a at line 2\", expected u32");
        let (_, ours) = message("\n\n  [");
        assert_eq!(ours, "invalid type: sequence, expected u32");
        let e = <serde_json::Error as serde::de::Error>::custom("no position");
        assert_eq!(super::serde_message(&e), "no position");
    }

    #[test]
    fn hex_text_writes_what_the_hex_formats_write() {
        for n in [0, 9, 10, 0x1f, 0xfeff, 0x1f600, u32::MAX] {
            assert_eq!(super::hex_text(n, true, 4), format!("{n:04X}"));
            assert_eq!(super::hex_text(n, false, 1), format!("{n:x}"));
        }
    }

    #[test]
    fn json_text_writes_what_to_string_writes() {
        let text = r#"{"z":[1,-2,3.5,1e300,0.1,18446744073709551615,-9223372036854775808],
            "a":{"s":"q\"b\\ \n\r\t\b\f\u0001\u001f\u007f é 😀","e":{},"l":[]},
            "n":null,"t":true,"f":false,"x":-0.0,"y":1E-7}"#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(super::json_text(&value), value.to_string());
        for v in [
            serde_json::json!("\u{0}"),
            serde_json::json!(12),
            serde_json::json!([]),
        ] {
            assert_eq!(super::json_text(&v), v.to_string());
        }
    }

    #[test]
    fn the_scanner_names_the_innermost_field() {
        use super::field_at;
        let text =
            r#"{"agents":["a","b"],"retry":{"maxRetries":"x"},"q\"k":{"a":[1,{"b":2}]},"z":1}"#;
        let at = |needle: &str| text.find(needle).unwrap() + 1;
        // Inside a list: the key of the list.
        assert_eq!(field_at(text, 1, at("\"b\"]")).as_deref(), Some("agents"));
        assert_eq!(
            field_at(text, 1, at("\"x\"")).as_deref(),
            Some("maxRetries")
        );
        // At the closing brace of a nested object (a missing field in it): its key's.
        assert_eq!(
            field_at(text, 1, at("\"x\"}") + 3).as_deref(),
            Some("retry")
        );
        // The innermost key, unescaped.
        assert_eq!(field_at(text, 1, at("2}")).as_deref(), Some("b"));
        assert_eq!(field_at(text, 1, at("{\"a\"")).as_deref(), Some("q\"k"));
        // On a key not yet followed by its `:` (serde's position of an unknown field), the key
        // of the object around it, if any.
        let unknown = r#"{"number":"1","warm":true}"#;
        assert_eq!(field_at(unknown, 1, unknown.find(":true").unwrap()), None);
        assert_eq!(field_at(text, 1, 1), None);
        assert_eq!(field_at("[1,2]", 1, 4), None);
        assert_eq!(field_at("", 1, 11), None);
        // A later line: columns count from that line's start.
        assert_eq!(field_at("{\n \"a\": [1,\n 2]}", 3, 2).as_deref(), Some("a"));
    }

    use super::{flag_value, int, int_value, long_value, opt_boolean, opt_int, opt_long};
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
    fn optional_fields_with_unexpected_values_read_as_absent() {
        // Required ones still fail (above); optional ones never fail the whole message.
        let t = read(r#"{"ts":1,"opt":"soon","flag":true,"maybe":"On"}"#).unwrap();
        assert_eq!((t.opt, t.maybe), (None, false));
        let t = read(r#"{"ts":1,"opt":{"a":1},"flag":true,"maybe":[1]}"#).unwrap();
        assert_eq!((t.opt, t.maybe), (None, false));
        assert_eq!(read(r#"{"ts":1,"opt":2.5,"flag":true}"#).unwrap().opt, None);

        #[derive(Deserialize, Debug, PartialEq, Clone, Copy)]
        #[serde(rename_all = "UPPERCASE")]
        enum Kind {
            Daily,
        }
        #[derive(Deserialize, Debug)]
        struct O {
            #[serde(default, deserialize_with = "super::opt_number")]
            amount: Option<f64>,
            #[serde(default, deserialize_with = "super::opt_value")]
            kind: Option<Kind>,
            #[serde(default, deserialize_with = "super::opt_boolean")]
            consent: Option<bool>,
        }
        let o: O =
            serde_json::from_str(r#"{"amount":"12.50","kind":"DAILY","consent":"true"}"#).unwrap();
        assert_eq!(
            (o.amount, o.kind, o.consent),
            (Some(12.5), Some(Kind::Daily), Some(true))
        );
        let o: O =
            serde_json::from_str(r#"{"amount":"n/a","kind":"WEEKLY","consent":"Y - verbal"}"#)
                .unwrap();
        assert_eq!((o.amount, o.kind, o.consent), (None, None, None));
    }

    #[test]
    fn one_value_or_the_first_of_a_list() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct W {
            #[serde(deserialize_with = "super::one_or_first")]
            v: Option<T2>,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        struct T2 {
            n: i64,
        }
        let read = |s: &str| serde_json::from_str::<W>(s).map(|w| w.v);
        assert_eq!(read(r#"{"v":{"n":1}}"#).unwrap(), Some(T2 { n: 1 }));
        assert_eq!(
            read(r#"{"v":[{"n":2},{"n":3}]}"#).unwrap(),
            Some(T2 { n: 2 })
        );
        assert_eq!(read(r#"{"v":[]}"#).unwrap(), None);
        assert!(read(r#"{"v":null}"#).is_err());
        assert!(read(r#"{"v":"x"}"#).is_err());
        assert!(read(r#"{}"#).is_err());
    }

    #[test]
    fn value_readers_follow_the_serde_readers() {
        let values = [
            "0",
            "-7",
            "42",
            "1.0",
            "1.5",
            "-2.0",
            "1e3",
            "9007199254740991",
            "9007199254740992.0",
            "9223372036854775807",
            "18446744073709551615",
            "1e300",
            r#""12""#,
            r#"" 12 ""#,
            r#""1.0""#,
            r#""1.5""#,
            r#""+3""#,
            r#""1e2""#,
            r#""12L""#,
            r#""x""#,
            r#""""#,
            r#""true""#,
            r#""Yes""#,
            r#""0""#,
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "[1]",
        ];
        for text in values {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(int_value(&v), int(&v).ok(), "{text}");
            assert_eq!(int_value(&v), opt_int(&v).unwrap(), "{text}");
            assert_eq!(flag_value(&v), opt_boolean(&v).unwrap(), "{text}");
            assert_eq!(long_value(&v), opt_long(&v).unwrap(), "{text}");
        }
    }

    #[test]
    fn numbers_in_text_read_as_rust_reads_them_less_inf_and_nan() {
        use super::parse_number as p;
        for (text, want) in [
            ("12.50", 12.5),
            (" -3 ", -3.0),
            ("+1e3", 1000.0),
            ("2.5E-1", 0.25),
            (".5", 0.5),
            ("5.", 5.0),
            ("007", 7.0),
            ("-0.125", -0.125),
            ("1416817899000.0", 1_416_817_899_000.0),
        ] {
            assert_eq!(p(text), Some(want), "{text}");
            assert_eq!(text.trim().parse::<f64>().ok(), Some(want), "{text}");
        }
        for bad in [
            "", ".", "-", "+", "1e", "1e+", "e5", "1.2.3", "12,50", "inf", "NaN", "1e400", "0x10",
            "--1", "1 2",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_where_text_belongs_read_as_their_digits() {
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "super::opt_string")]
            v: Option<String>,
        }
        let read = |s: &str| serde_json::from_str::<S>(s).unwrap().v;
        assert_eq!(read(r#"{"v":5005.0}"#).as_deref(), Some("5005"));
        assert_eq!(read(r#"{"v":1.5}"#).as_deref(), Some("1.5"));
        assert_eq!(read(r#"{"v":-2e-3}"#).as_deref(), Some("-0.002"));
    }

    /// `names` are what `Serialize` writes for `all`, and each reads back as its variant.
    fn wire_names_round_trip<T>(names: &[&str], all: &[T])
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        assert_eq!(names.len(), all.len());
        for (name, v) in names.iter().zip(all) {
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{name}\""));
            assert_eq!(
                &serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
                v
            );
        }
    }

    #[test]
    #[cfg(feature = "livevox")]
    fn livevox_enums_read_the_names_they_write() {
        use crate::livevox::agent_model::LineState;
        use crate::livevox::contacts::{Block, ConditionType, RuleOperator, SortOrder};
        use crate::livevox::model::ReasonCode;
        wire_names_round_trip(LineState::WIRE_NAMES, LineState::WIRE_VARIANTS);
        wire_names_round_trip(Block::WIRE_NAMES, Block::WIRE_VARIANTS);
        wire_names_round_trip(ConditionType::WIRE_NAMES, ConditionType::WIRE_VARIANTS);
        wire_names_round_trip(RuleOperator::WIRE_NAMES, RuleOperator::WIRE_VARIANTS);
        wire_names_round_trip(SortOrder::WIRE_NAMES, SortOrder::WIRE_VARIANTS);
        wire_names_round_trip(ReasonCode::WIRE_NAMES, ReasonCode::WIRE_VARIANTS);
        // An unknown name: the `other` variant where there is one, else serde's message.
        let state: LineState = serde_json::from_str(r#""ON_THE_MOON""#).unwrap();
        assert_eq!(state, LineState::Unknown);
        let err = serde_json::from_str::<SortOrder>(r#""UP""#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown variant `UP`, expected `ASC` or `DESC` at line 1 column 4"
        );
        let err = serde_json::from_str::<SortOrder>("5").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: integer `5`, expected one of `ASC`, `DESC` at line 1 column 1"
        );
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
