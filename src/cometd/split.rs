//! Splits a Bayeux reply into its messages' top-level fields in one pass over the text, with
//! every value left as a slice of the body. A reply is mostly `data` that only JavaScript reads:
//! checking it here (it must be JSON) without building a value for it is what lets a subscriber
//! get it through one `JSON.parse`, and lets this client keep up with a busy server.
//!
//! The scanner checks the whole of RFC 8259's grammar (strings and their escapes, numbers,
//! literals, nesting up to [`MAX_DEPTH`]), so every slice it hands out is valid JSON.

/// How deeply arrays and objects may nest (serde_json's own limit).
pub const MAX_DEPTH: usize = 128;

/// One element of a reply: an object's keys (escapes undone) and raw values, in order, or
/// `None` for an element that is not an object.
pub type Fields<'a> = Option<Vec<(std::borrow::Cow<'a, str>, &'a str)>>;

/// The reply's elements: those of a top-level array, or the one top-level object. `Err` when
/// the text is not JSON (with what is wrong and where) or is JSON of another shape (`Ok(None)`).
pub fn split(body: &str) -> Result<Option<Vec<Fields<'_>>>, String> {
    let mut s = Scanner { text: body, at: 0 };
    s.space();
    let out = match s.peek() {
        Some(b'[') => {
            let mut items = Vec::new();
            s.members(b']', |s| {
                items.push(s.element()?);
                Ok(())
            })?;
            Some(items)
        }
        Some(b'{') => Some(vec![s.element()?]),
        Some(_) => {
            s.value(0)?;
            None
        }
        None => return Err(s.error("empty reply")),
    };
    s.space();
    if s.at != body.len() {
        return Err(s.error("trailing characters"));
    }
    Ok(out)
}

struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    #[inline(always)]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    #[inline(always)]
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    #[inline(always)]
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The text from `start` to where the scanner is.
    fn since(&self, start: usize) -> &'a str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    /// One element of the top level: an object's fields, or any other value (skipped).
    fn element(&mut self) -> Result<Fields<'a>, String> {
        if self.peek() != Some(b'{') {
            self.value(1)?;
            return Ok(None);
        }
        let mut fields = Vec::new();
        self.members(b'}', |s| {
            let key = s.key()?;
            s.colon()?;
            let start = s.at;
            s.value(2)?;
            fields.push((key, s.since(start)));
            Ok(())
        })?;
        Ok(Some(fields))
    }

    /// The members of an array or object whose opening bracket is next: `member` reads each
    /// one (whitespace around it is skipped here), up to the `close` bracket.
    fn members(
        &mut self,
        close: u8,
        mut member: impl FnMut(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        self.at += 1;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.space();
            member(self)?;
            self.space();
            match self.bump() {
                Some(b',') => continue,
                Some(b) if b == close => return Ok(()),
                _ if close == b']' => return Err(self.error("expected `,` or `]`")),
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// The `:` after an object key.
    fn colon(&mut self) -> Result<(), String> {
        self.space();
        if self.bump() != Some(b':') {
            return Err(self.error("expected `:`"));
        }
        self.space();
        Ok(())
    }

    /// An object key, with its escapes undone when it has any.
    fn key(&mut self) -> Result<std::borrow::Cow<'a, str>, String> {
        let start = self.at;
        let escaped = self.string()?;
        let raw = self.since(start);
        if !escaped {
            return Ok(raw.get(1..raw.len() - 1).unwrap_or_default().into());
        }
        // read as a `Value`: a typed read would link serde's type-error texts (and with them
        // Rust's float formatting) for a key the scanner already checked is a string. Its
        // escapes are checked too, so the reader can only refuse a lone surrogate (`\ud800`):
        // named here rather than with serde_json's error texts, which no other reader needs.
        match serde_json::from_str(raw) {
            Ok(serde_json::Value::String(key)) => Ok(key.into()),
            Ok(_) => Err(self.error("bad key")),
            Err(_) => Err(self.error("bad key (a lone surrogate escape)")),
        }
    }

    /// Skips one value at nesting `depth`.
    fn value(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        match self.peek() {
            Some(b'"') => self.string().map(|_| ()),
            Some(b'{') => self.members(b'}', |s| {
                s.string()?;
                s.colon()?;
                s.value(depth + 1)
            }),
            Some(b'[') => self.members(b']', |s| s.value(depth + 1)),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a value")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        if self.bytes().get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("bad number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("bad number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("bad number"));
            }
        }
        Ok(())
    }

    /// Skips a string; returns whether it has escapes.
    fn string(&mut self) -> Result<bool, String> {
        if self.bump() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        let mut escaped = false;
        loop {
            let bytes = self.bytes();
            while let Some(&b) = bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            match self.bump() {
                Some(b'"') => return Ok(escaped),
                Some(b'\\') => {
                    escaped = true;
                    match self.bump() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                        Some(b'u') => {
                            let hex = self.bytes().get(self.at..self.at + 4).unwrap_or_default();
                            if hex.len() != 4 || !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(self.error("bad \\u escape"));
                            }
                            self.at += 4;
                        }
                        _ => return Err(self.error("bad escape")),
                    }
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_with_a_lone_surrogate_is_refused_by_name() {
        let e = split(r#"[{"channel":"/a","\ud800x":1}]"#).unwrap_err();
        assert!(
            e.starts_with("bad key (a lone surrogate escape) at byte "),
            "{e}"
        );
        let e = split(r#"{"\udc00":1}"#).unwrap_err();
        assert!(
            e.starts_with("bad key (a lone surrogate escape) at byte "),
            "{e}"
        );
    }

    fn fields(body: &str) -> Vec<Option<Vec<(String, String)>>> {
        split(body)
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|f| {
                f.map(|f| {
                    f.into_iter()
                        .map(|(k, v)| (k.into_owned(), v.to_string()))
                        .collect()
                })
            })
            .collect()
    }

    #[test]
    fn splits_an_array_of_messages_into_raw_fields() {
        let got = fields(
            r#" [ {"channel":"/a","data":{"x":[1,2.5e3,-0.1,true,null,"q\"\u00e9"]}} , 7, "s", [1],
                {"id" : 3, "successful":true, "advice":{"reconnect":"retry"}}, {} ] "#,
        );
        let f = |pairs: &[(&str, &str)]| {
            Some(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            got,
            vec![
                f(&[
                    ("channel", r#""/a""#),
                    ("data", r#"{"x":[1,2.5e3,-0.1,true,null,"q\"\u00e9"]}"#)
                ]),
                None,
                None,
                None,
                f(&[
                    ("id", "3"),
                    ("successful", "true"),
                    ("advice", r#"{"reconnect":"retry"}"#)
                ]),
                f(&[]),
            ]
        );
        assert_eq!(fields("[]"), Vec::<Option<Vec<(String, String)>>>::new());
        assert_eq!(
            fields(r#"{"channel":"/b"}"#),
            vec![f(&[("channel", r#""/b""#)])]
        );
        assert_eq!(
            fields(r#"[{"ch\u0061nnel":"/c"}]"#),
            vec![f(&[("channel", r#""/c""#)])]
        );
    }

    #[test]
    fn every_slice_is_json_serde_accepts() {
        let body =
            r#"[{"data":{"a":[{"b":"\\\/\b\f\n\r\t"}],"c":-12.5E-3,"d":"日本"}},{"data":null}]"#;
        for f in split(body).unwrap().unwrap().into_iter().flatten() {
            for (_, v) in f {
                serde_json::from_str::<serde_json::Value>(v).unwrap();
            }
        }
    }

    #[test]
    fn other_json_is_none_and_bad_json_is_an_error() {
        assert_eq!(split("42").unwrap().map(|v| v.len()), None);
        assert_eq!(split(r#""text""#).unwrap().map(|v| v.len()), None);
        let deep = format!("[{{\"data\":{}{}}}]", "[".repeat(200), "]".repeat(200));
        for bad in [
            "",
            "  ",
            "<html>",
            "[",
            "[{]",
            r#"[{"a":1,}]"#,
            r#"[{"a":1}"#,
            r#"[{"a" 1}]"#,
            r#"[{"a":01}]"#,
            r#"[{"a":1.}]"#,
            r#"[{"a":1e}]"#,
            r#"[{"a":-}]"#,
            r#"[{"a":tru}]"#,
            r#"[{"a":"\x"}]"#,
            r#"[{"a":"\u12"}]"#,
            "[{\"a\":\"line\nbreak\"}]",
            r#"[{"a":"open}]"#,
            r#"[{"a":1}] x"#,
            r#"[1,]"#,
            r#"[1 2]"#,
            r#"{"a":1}}"#,
            deep.as_str(),
        ] {
            assert!(split(bad).is_err(), "accepted {bad:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "serde accepts {bad:?}"
            );
        }
    }
}
