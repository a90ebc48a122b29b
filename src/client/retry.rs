//! The `retry` option of every client, read as a caller's input through the field reader
//! ([`crate::wire`]): the values and messages of serde's derive for [`RetryOptions`]
//! (`#[serde(default)]`: a field left out keeps its default; other keys are ignored), without
//! a typed serde read in the module. What a JSON value cannot show reads as for every other
//! options object: an array is refused (serde's derive read it by position), and of two wrong
//! fields the first in alphabetical order is named.

use crate::client::RetryOptions;
use crate::wire::{self, Field, FromJson};
use serde_json::Value;

/// A reader of one `u32` field into `slot`.
fn u32_into(slot: &mut Option<u32>) -> impl FnMut(Value) -> wire::Result<()> + '_ {
    move |v| wire::u32_value(&v).map(|n| *slot = Some(n))
}

impl FromJson for RetryOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut read = RetryOptions::default();
        let (mut max_retries, mut base_delay_ms, mut max_delay_ms) = (None, None, None);
        {
            let (mut a, mut b, mut c) = (
                u32_into(&mut max_retries),
                u32_into(&mut base_delay_ms),
                u32_into(&mut max_delay_ms),
            );
            wire::read_named(
                value,
                "struct RetryOptions",
                &mut [
                    ("maxRetries", Field::With(&mut a)),
                    ("baseDelayMs", Field::With(&mut b)),
                    ("maxDelayMs", Field::With(&mut c)),
                ],
            )?;
        }
        read.max_retries = max_retries.unwrap_or(read.max_retries);
        read.base_delay_ms = base_delay_ms.unwrap_or(read.base_delay_ms);
        read.max_delay_ms = max_delay_ms.unwrap_or(read.max_delay_ms);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use crate::client::RetryOptions;

    /// What a caller's `retry` option gives: the options, or the error's field and message.
    fn read(text: &str) -> Result<RetryOptions, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        crate::wire::input::<RetryOptions>(value, Some("retry"))
            .map_err(|e| format!("{} | {}", e.field.unwrap_or_default(), e.message))
    }

    /// What serde's derive gave for `text`, as [`read`] writes it.
    fn derived(text: &str) -> Result<RetryOptions, String> {
        serde_json::from_str::<RetryOptions>(text).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or_default();
            format!("retry | retry is not valid: {msg}.")
        })
    }

    #[test]
    fn the_same_as_the_derive_for_every_object_javascript_can_send() {
        let texts = [
            "{}",
            r#"{"maxRetries":3}"#,
            r#"{"maxRetries":3,"baseDelayMs":10,"maxDelayMs":20,"other":[1,{"a":null}]}"#,
            r#"{"maxDelayMs":20,"baseDelayMs":"x","maxRetries":1.5}"#,
            r#"{"maxRetries":-1}"#,
            r#"{"maxRetries":-0.0}"#,
            r#"{"maxRetries":4294967295}"#,
            r#"{"maxRetries":4294967296}"#,
            r#"{"maxRetries":1e21}"#,
            r#"{"maxRetries":null}"#,
            r#"{"maxRetries":true}"#,
            r#"{"maxRetries":"a\"b\n"}"#,
            r#"{"maxRetries":[]}"#,
            r#"{"maxRetries":[1]}"#,
            r#"{"maxRetries":{"a":1}}"#,
            r#"{"baseDelayMs":0,"maxDelayMs":0,"maxRetries":0}"#,
            "null",
            "5",
            "-5",
            "1.5",
            "true",
            r#""often""#,
        ];
        for text in texts {
            assert_eq!(read(text), derived(text), "{text}");
        }
        assert_eq!(
            read(r#"{"maxRetries":7}"#),
            Ok(RetryOptions {
                max_retries: 7,
                ..RetryOptions::default()
            })
        );
    }

    /// Where the field reader differs from serde's derive, as for every other options object
    /// (the CHANGELOG's accepted changes): arrays are refused, the first wrong field in
    /// alphabetical order is named, a repeated key (which `JSON.stringify` never writes) takes
    /// its last value.
    #[test]
    fn what_differs_from_the_derive() {
        let refused =
            "retry | retry is not valid: invalid type: sequence, expected struct RetryOptions.";
        for text in ["[]", "[1]", "[1,2,3]", "[1,null]"] {
            assert_eq!(read(text), Err(refused.to_string()), "{text}");
            assert!(derived(text).is_ok() || text == "[1,null]", "{text}");
        }
        assert_eq!(
            read(r#"{"maxRetries":1.5,"baseDelayMs":"x"}"#),
            Err(
                r#"retry | retry is not valid: invalid type: string "x", expected u32."#
                    .to_string()
            )
        );
        assert_eq!(
            derived(r#"{"maxRetries":1.5,"baseDelayMs":"x"}"#),
            Err(
                "retry | retry is not valid: invalid type: floating point `1.5`, expected u32."
                    .to_string()
            )
        );
        assert_eq!(
            read(r#"{"maxRetries":1,"maxRetries":2}"#).map(|r| r.max_retries),
            Ok(2)
        );
    }
}
