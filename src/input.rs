//! Caller input before any rule looked at it: [`Arg`] is a JavaScript argument or option read
//! into plain Rust (the wasm layer does only that reading), and the checks here turn it into
//! typed values or `INVALID_ARGUMENT` naming the field. Keeping the checks in the core lets the
//! host tests reach every message a caller can see.

use crate::error::{Error, Result};

/// One argument or option as the caller passed it, reduced to what the checks need.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Arg {
    /// `undefined`, or a property that is not there.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (any, `NaN` included).
    Number(f64),
    /// A string.
    Text(String),
    /// A function.
    Function,
    /// An array.
    Array,
    /// Any other object.
    Object,
    /// A Symbol or a BigInt.
    Other,
    /// A property that could not be read (a getter or Proxy trap threw, a revoked Proxy).
    Unreadable,
}

/// `INVALID_ARGUMENT` for a value or property that cannot be read.
pub fn unreadable(field: &str) -> Error {
    Error::invalid_argument(
        field,
        format!("{field} cannot be read (a getter or Proxy trap threw, or the Proxy was revoked); nothing was sent."),
    )
}

impl Arg {
    /// `undefined` or `null`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Arg::Absent | Arg::Null)
    }

    /// Fails for a value that could not be read.
    pub fn readable(&self, field: &str) -> Result<&Arg> {
        match self {
            Arg::Unreadable => Err(unreadable(field)),
            other => Ok(other),
        }
    }

    /// A required string.
    pub fn string(&self, field: &str) -> Result<String> {
        match self.readable(field)? {
            Arg::Text(s) => Ok(s.clone()),
            _ => Err(Error::invalid_argument(
                field,
                format!("{field} must be a string."),
            )),
        }
    }

    /// An optional string (`undefined` and `null` are `None`).
    pub fn opt_string(&self, field: &str) -> Result<Option<String>> {
        if self.is_absent() {
            return Ok(None);
        }
        self.string(field).map(Some)
    }

    /// An optional boolean (`undefined` and `null` are `None`); `why` is the message otherwise.
    pub fn opt_bool(&self, field: &str, why: &str) -> Result<Option<bool>> {
        match self.readable(field)? {
            a if a.is_absent() => Ok(None),
            Arg::Bool(b) => Ok(Some(*b)),
            _ => Err(Error::invalid_argument(field, why)),
        }
    }

    /// A required number such as a service id.
    pub fn id_number(&self, field: &str) -> Result<f64> {
        self.number(field, &format!("{field} must be a number (e.g. 1001)."))
    }

    /// A number; `why` is the message otherwise.
    pub fn number(&self, field: &str, why: &str) -> Result<f64> {
        match self.readable(field)? {
            Arg::Number(n) => Ok(*n),
            _ => Err(Error::invalid_argument(field, why)),
        }
    }

    /// An optional number (`undefined` and `null` are `None`); `why` is the message otherwise.
    pub fn opt_number(&self, field: &str, why: &str) -> Result<Option<f64>> {
        if self.is_absent() {
            return Ok(None);
        }
        self.number(field, why).map(Some)
    }

    /// An optional positive whole number of milliseconds (at most `i32::MAX`).
    pub fn millis(&self, field: &str) -> Result<Option<u32>> {
        match self.readable(field)? {
            a if a.is_absent() => Ok(None),
            Arg::Number(n)
                if n.is_finite() && n.fract() == 0.0 && *n > 0.0 && *n <= f64::from(i32::MAX) =>
            {
                Ok(Some(*n as u32))
            }
            _ => Err(Error::invalid_argument(
                field,
                format!("{field} must be a positive whole number of milliseconds."),
            )),
        }
    }

    /// Whether this is a function, `None` when absent; anything else fails with
    /// "`field` must be a function.".
    pub fn opt_function(&self, field: &str) -> Result<Option<()>> {
        match self.readable(field)? {
            a if a.is_absent() => Ok(None),
            Arg::Function => Ok(Some(())),
            _ => Err(Error::invalid_argument(
                field,
                format!("{field} must be a function."),
            )),
        }
    }

    /// One of `choices` by name, `None` when absent.
    pub fn opt_choice<E: Copy>(&self, field: &str, choices: &[(&str, E)]) -> Result<Option<E>> {
        let Some(text) = self.opt_string(field)? else {
            return Ok(None);
        };
        match choices.iter().find(|(name, _)| *name == text) {
            Some((_, e)) => Ok(Some(*e)),
            None => {
                let names: Vec<String> = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                Err(Error::invalid_argument(
                    field,
                    format!("{field} must be one of {}.", names.join(", ")),
                ))
            }
        }
    }

    /// One of `choices` by name, required.
    pub fn choice<E: Copy>(&self, field: &str, choices: &[(&str, E)]) -> Result<E> {
        self.opt_choice(field, choices)?
            .ok_or_else(|| Error::invalid_argument(field, format!("{field} is required.")))
    }
}

/// An options object as the wasm layer reads it: each option by name, one at a time (so a
/// getter runs only when its option is needed, in the order the checks ask).
pub trait Options {
    /// The option `key` (`Arg::Absent` when the object has none).
    fn arg(&self, key: &str) -> Arg;

    /// The property `inner` of the option `key` when that is an object (lists name it
    /// `"key.inner"`).
    fn child(&self, key: &str, inner: &str) -> Arg {
        self.arg(&format!("{key}.{inner}"))
    }
}

/// Options given as a list (host tests, and callers that built their options in Rust).
impl Options for Vec<(&str, Arg)> {
    fn arg(&self, key: &str) -> Arg {
        self.as_slice().arg(key)
    }
}

impl<const N: usize> Options for [(&str, Arg); N] {
    fn arg(&self, key: &str) -> Arg {
        self.as_slice().arg(key)
    }
}

impl Options for &[(&str, Arg)] {
    fn arg(&self, key: &str) -> Arg {
        self.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| a.clone())
            .unwrap_or_default()
    }
}

/// Fails naming the first of `keys` whose value is given: options that do not apply here.
pub fn refuse(args: &[(&str, &Arg)], why: &str) -> Result<()> {
    match args.iter().find(|(_, a)| !a.is_absent()) {
        Some((k, _)) => Err(Error::invalid_argument(*k, format!("{k}: {why}"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn field(r: Result<impl std::fmt::Debug>) -> (String, String) {
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        (e.field.unwrap_or_default(), e.message)
    }

    #[test]
    fn strings_and_unreadable_values() {
        assert_eq!(Arg::Text("a".into()).string("x").unwrap(), "a");
        assert_eq!(
            field(Arg::Number(1.0).string("userName")),
            ("userName".into(), "userName must be a string.".into())
        );
        let (f, m) = field(Arg::Unreadable.string("userName"));
        assert_eq!(f, "userName");
        assert!(m.contains("cannot be read"), "{m}");
        assert_eq!(Arg::Null.opt_string("x").unwrap(), None);
        assert!(Arg::Unreadable.opt_string("x").is_err());
        assert!(Arg::Unreadable.millis("x").is_err());
        assert!(Arg::Unreadable.opt_bool("x", "why").is_err());
    }

    #[test]
    fn millis_are_positive_whole_numbers() {
        assert_eq!(Arg::Absent.millis("t").unwrap(), None);
        assert_eq!(Arg::Number(5.0).millis("t").unwrap(), Some(5));
        assert_eq!(
            Arg::Number(f64::from(i32::MAX)).millis("t").unwrap(),
            Some(i32::MAX as u32)
        );
        for bad in [
            Arg::Number(0.0),
            Arg::Number(-1.0),
            Arg::Number(1.5),
            Arg::Number(f64::NAN),
            Arg::Number(f64::INFINITY),
            Arg::Number(f64::from(i32::MAX) + 1.0),
            Arg::Text("5".into()),
        ] {
            let (f, m) = field(bad.millis("timeoutMs"));
            assert_eq!(f, "timeoutMs");
            assert_eq!(
                m,
                "timeoutMs must be a positive whole number of milliseconds."
            );
        }
    }

    #[test]
    fn choices_name_the_allowed_values() {
        let choices = [("a", 1), ("b", 2)];
        assert_eq!(Arg::Text("b".into()).choice("mode", &choices).unwrap(), 2);
        assert_eq!(Arg::Absent.opt_choice("mode", &choices).unwrap(), None);
        assert_eq!(
            field(Arg::Text("c".into()).choice("mode", &choices)).1,
            "mode must be one of \"a\", \"b\"."
        );
        assert_eq!(
            field(Arg::Absent.choice("mode", &choices)).1,
            "mode is required."
        );
    }

    #[test]
    fn functions_bools_numbers_and_refusals() {
        assert_eq!(Arg::Function.opt_function("fetch").unwrap(), Some(()));
        assert_eq!(Arg::Null.opt_function("fetch").unwrap(), None);
        assert_eq!(
            field(Arg::Text("f".into()).opt_function("fetch")).1,
            "fetch must be a function."
        );
        assert_eq!(Arg::Bool(true).opt_bool("ack", "no").unwrap(), Some(true));
        assert_eq!(field(Arg::Number(1.0).opt_bool("ack", "no")).1, "no");
        assert_eq!(Arg::Number(2.0).number("n", "no").unwrap(), 2.0);
        assert_eq!(
            field(Arg::Null.id_number("serviceId")).1,
            "serviceId must be a number (e.g. 1001)."
        );
        assert_eq!(field(Arg::Text("2".into()).number("n", "no")).0, "n");
        assert!(refuse(&[("a", &Arg::Absent), ("b", &Arg::Null)], "why").is_ok());
        assert_eq!(
            field(refuse(
                &[("a", &Arg::Absent), ("b", &Arg::Bool(false))],
                "not here."
            )),
            ("b".into(), "b: not here.".into())
        );
    }
}
