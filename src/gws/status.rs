//! GWS return values (Web Services API: Return Values): every reply carries a `statusCode`; anything but `0`
//! means nothing was changed, and comes with a `statusMessage`. The table lives here as data so
//! that every error can say what the code means.

use crate::error::{Error, ErrorCode};

/// What each GWS `statusCode` means, as documented (API/ReturnValues, 8.5.x).
pub const STATUS_CODES: &[(i64, &str)] = &[
    (0, "the request was accepted"),
    (1, "a required parameter is missing"),
    (2, "the operation is not valid in the current state"),
    (3, "the operation is forbidden"),
    (4, "the server hit an internal error"),
    (5, "the user does not have permission for this"),
    (6, "the resource was not found"),
    (7, "the bulk operation only partly succeeded"),
    (8, "the user must change the password"),
    (9, "the operation is incomplete"),
    (10, "a value is out of range"),
    (11, "the resource is read-only"),
    (12, "the resource could not be retrieved"),
    (13, "the resource could not be created"),
    (14, "the resource could not be deleted"),
    (15, "the resource could not be updated"),
    (16, "the resource could not be assigned"),
    (17, "the resource could not be unassigned"),
    (18, "the resource already exists"),
    (19, "the resource is in use"),
    (20, "the user is not authenticated"),
];

/// The documented meaning of a `statusCode`, or `None` for a code outside the table.
pub fn meaning(code: i64) -> Option<&'static str> {
    STATUS_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}

fn describe(code: i64) -> String {
    match meaning(code) {
        Some(m) => format!("statusCode {code}: {m}"),
        None => format!("statusCode {code}, not in the documented table"),
    }
}

/// The error for a reply whose `statusCode` is not `0` (HTTP 2xx or not): `VENDOR_ERROR`
/// naming the operation, the code, its meaning and the platform's message.
pub fn vendor_error(operation: &str, code: i64, message: Option<String>) -> Error {
    let said = match &message {
        Some(m) => format!(" (platform says: {m})"),
        None => String::new(),
    };
    let mut e = Error::new(
        ErrorCode::VendorError,
        format!(
            "GWS refused {operation} with {}{said}; nothing was changed.",
            describe(code)
        ),
    );
    e.vendor_code = Some(code);
    e.vendor_message = message;
    e
}

/// Adds the meaning of the GWS `statusCode` an HTTP error carries to its message, and makes it
/// `VENDOR_ERROR` when the HTTP status says nothing more useful (400, or an unmapped status);
/// 401, 403, 404, 409, 429 and 5xx keep their own codes.
pub fn explain_http_error(operation: &str, mut e: Error) -> Error {
    let Some(code) = e.vendor_code.filter(|c| *c != 0) else {
        return e;
    };
    if matches!(e.code, ErrorCode::InvalidArgument | ErrorCode::VendorError) {
        e.code = ErrorCode::VendorError;
        e.field = None;
    }
    let base = e.message.trim_end_matches('.');
    e.message = format!("{base}; GWS refused {operation} with {}.", describe(code));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_0_to_20_in_order() {
        let codes: Vec<i64> = STATUS_CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, (0..=20).collect::<Vec<_>>());
        assert_eq!(
            meaning(2),
            Some("the operation is not valid in the current state")
        );
        assert_eq!(meaning(21), None);
    }

    #[test]
    fn vendor_errors_carry_code_message_and_meaning() {
        let e = vendor_error("ListenIn", 6, Some("Device not found".into()));
        assert_eq!(e.code, ErrorCode::VendorError);
        assert_eq!(e.vendor_code, Some(6));
        assert_eq!(e.vendor_message.as_deref(), Some("Device not found"));
        assert!(e.message.contains("ListenIn"), "{}", e.message);
        assert!(
            e.message.contains("the resource was not found"),
            "{}",
            e.message
        );
        assert!(e.message.contains("Device not found"), "{}", e.message);
        let e = vendor_error("Coach", 99, None);
        assert!(e
            .message
            .contains("statusCode 99, not in the documented table"));
    }

    #[test]
    fn http_errors_keep_meaningful_codes_and_gain_the_meaning() {
        let mut bad = Error::invalid_argument("body", "HTTP 400: invalid.").with_status(400);
        bad.vendor_code = Some(1);
        let e = explain_http_error("StartContactCenterSession", bad);
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::VendorError, None));
        assert!(
            e.message.contains("a required parameter is missing"),
            "{}",
            e.message
        );
        let mut nf = Error::new(ErrorCode::NotFound, "HTTP 404: gone.").with_status(404);
        nf.vendor_code = Some(6);
        let e = explain_http_error("ListenIn", nf);
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("statusCode 6"));
        let plain = Error::new(ErrorCode::ServerError, "HTTP 500.").with_status(500);
        assert_eq!(explain_http_error("x", plain.clone()), plain);
    }
}
