//! A minimal cookie jar for one origin: what the GWS session (`JSESSIONID`) and CometD
//! (`BAYEUX_BROWSER`) need in Node, which has no cookie store of its own.
//!
//! Browsers keep cookies themselves (requests go out with `credentials: "include"`, and a page
//! may not set a `Cookie` header, which `fetch` silently drops), so there the jar just stays
//! empty: browsers never expose `set-cookie` to scripts.

use crate::http::HttpResponse;

/// The longest cookie value kept; anything longer is ignored (hostile servers).
const MAX_VALUE_LEN: usize = 4096;
/// The most cookies kept.
const MAX_COOKIES: usize = 32;

/// Cookies by name, in the order first seen.
#[derive(Default, Clone, PartialEq)]
pub struct CookieJar {
    cookies: Vec<(String, String)>,
}

impl std::fmt::Debug for CookieJar {
    /// Names only: cookie values are session secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.cookies.iter().map(|(n, _)| n))
            .finish()
    }
}

impl CookieJar {
    /// An empty jar.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads every `set-cookie` header of `resp`: sets or replaces cookies by name, and removes
    /// those set to expire (`Max-Age=0` or an empty value). Attributes other than `Max-Age` are
    /// ignored: the jar serves one origin.
    pub fn store(&mut self, resp: &HttpResponse) {
        for (name, value) in &resp.headers {
            if name.eq_ignore_ascii_case("set-cookie") {
                self.store_one(value);
            }
        }
    }

    fn store_one(&mut self, header: &str) {
        let mut parts = header.split(';');
        let Some((name, value)) = parts.next().and_then(|nv| nv.split_once('=')) else {
            return;
        };
        let (name, value) = (name.trim(), value.trim().trim_matches('"'));
        let valid = |s: &str| {
            s.bytes()
                .all(|b| b > 0x20 && b < 0x7f && b != b';' && b != b',')
        };
        if name.is_empty() || !valid(name) || !valid(value) || value.len() > MAX_VALUE_LEN {
            return;
        }
        let expired = value.is_empty()
            || parts.any(|attr| {
                attr.split_once('=').is_some_and(|(k, v)| {
                    k.trim().eq_ignore_ascii_case("max-age") && v.trim().starts_with(['0', '-'])
                })
            });
        self.cookies.retain(|(n, _)| n != name);
        if !expired && self.cookies.len() < MAX_COOKIES {
            self.cookies.push((name.to_string(), value.to_string()));
        }
    }

    /// The `Cookie` header value to send, or `None` when the jar is empty.
    pub fn header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        Some(parts.join("; "))
    }

    /// The value of one cookie.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Forgets every cookie (logout, disconnect).
    pub fn clear(&mut self) {
        self.cookies.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(cookies: &[&str]) -> HttpResponse {
        cookies.iter().fold(HttpResponse::new(200, ""), |r, c| {
            r.with_header("Set-Cookie", c)
        })
    }

    #[test]
    fn stores_replaces_and_sends_cookies() {
        let mut jar = CookieJar::new();
        assert_eq!(jar.header(), None);
        jar.store(&resp(&[
            "JSESSIONID=abc123; Path=/; HttpOnly",
            "BAYEUX_BROWSER=b1; Path=/",
        ]));
        assert_eq!(
            jar.header().as_deref(),
            Some("JSESSIONID=abc123; BAYEUX_BROWSER=b1")
        );
        jar.store(&resp(&["JSESSIONID=\"def\"; Path=/"]));
        assert_eq!(jar.get("JSESSIONID"), Some("def"));
        assert_eq!(
            jar.header().as_deref(),
            Some("BAYEUX_BROWSER=b1; JSESSIONID=def")
        );
    }

    #[test]
    fn expired_and_malformed_cookies_are_dropped() {
        let mut jar = CookieJar::new();
        jar.store(&resp(&["A=1", "B=2"]));
        jar.store(&resp(&[
            "A=1; Max-Age=0",
            "B=; Path=/",
            "novalue",
            "=x",
            "C=bad\r\nInjected: yes",
        ]));
        assert_eq!(jar.header(), None);
        jar.store(&resp(&[&format!("D={}", "x".repeat(MAX_VALUE_LEN + 1))]));
        assert_eq!(jar.header(), None);
    }

    #[test]
    fn debug_output_hides_values() {
        let mut jar = CookieJar::new();
        jar.store(&resp(&["JSESSIONID=secret-value"]));
        let shown = format!("{jar:?}");
        assert!(shown.contains("JSESSIONID") && !shown.contains("secret-value"));
        jar.clear();
        assert_eq!(jar.header(), None);
    }
}
