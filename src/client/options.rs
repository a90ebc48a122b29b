//! The rules of the options every client takes (`baseUrl`, `timeoutMs`, `retry`, `logLevel`):
//! what each must be and its default. The wasm layer reads each option ([`Options`]) and the
//! values that are functions or objects (`fetch`, `logger`, `retry`), and forwards.

use super::{BaseUrl, LogLevel, RetryOptions, DEFAULT_TIMEOUT_MS};
use crate::error::Result;
use crate::input::Options;

/// `baseUrl`: required, checked by [`BaseUrl::parse`].
pub fn base_url(o: &dyn Options) -> Result<BaseUrl> {
    BaseUrl::parse(&o.arg("baseUrl").string("baseUrl")?, "baseUrl")
}

/// `timeoutMs`: a positive whole number of milliseconds, default [`DEFAULT_TIMEOUT_MS`].
pub fn timeout_ms(o: &dyn Options) -> Result<u32> {
    Ok(o.arg("timeoutMs")
        .millis("timeoutMs")?
        .unwrap_or(DEFAULT_TIMEOUT_MS))
}

/// `retry` as given (`None` when left out), defaults filled in and checked.
pub fn retry(given: Option<RetryOptions>) -> Result<RetryOptions> {
    let retry = given.unwrap_or_default();
    retry.validate()?;
    Ok(retry)
}

/// `logLevel`: the lowest level passed to the logger, default `"debug"` (every event).
pub fn log_level(o: &dyn Options) -> Result<LogLevel> {
    match o.arg("logLevel").opt_string("logLevel")? {
        None => Ok(LogLevel::Debug),
        Some(level) => LogLevel::parse(&level),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Arg;

    #[test]
    fn defaults() {
        let none: [(&str, Arg); 0] = [];
        assert_eq!(timeout_ms(&none).unwrap(), DEFAULT_TIMEOUT_MS);
        assert_eq!(log_level(&none).unwrap(), LogLevel::Debug);
        assert_eq!(retry(None).unwrap(), RetryOptions::default());
        assert_eq!(
            base_url(&none).unwrap_err().field.as_deref(),
            Some("baseUrl")
        );
    }

    #[test]
    fn given_values_are_checked() {
        let o = [
            ("baseUrl", Arg::Text("https://api.example.com".into())),
            ("timeoutMs", Arg::Number(250.0)),
            ("logLevel", Arg::Text("warn".into())),
        ];
        assert_eq!(base_url(&o).unwrap().as_str(), "https://api.example.com");
        assert_eq!(timeout_ms(&o).unwrap(), 250);
        assert_eq!(log_level(&o).unwrap(), LogLevel::Warn);
        let o = [
            ("baseUrl", Arg::Text("ftp://x".into())),
            ("timeoutMs", Arg::Number(-1.0)),
            ("logLevel", Arg::Text("loud".into())),
        ];
        assert_eq!(base_url(&o).unwrap_err().field.as_deref(), Some("baseUrl"));
        assert_eq!(
            timeout_ms(&o).unwrap_err().field.as_deref(),
            Some("timeoutMs")
        );
        assert_eq!(
            log_level(&o).unwrap_err().field.as_deref(),
            Some("logLevel")
        );
        let o = [("logLevel", Arg::Number(1.0))];
        assert_eq!(
            log_level(&o).unwrap_err().message,
            "logLevel must be a string."
        );
    }
}
