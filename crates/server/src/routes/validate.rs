//! Field checks shared by the write endpoints. Every problem in a request is
//! collected (with the row index in a batch) and reported in one 422, so a
//! client fixes its data in one round trip.

use crate::time::TimeIn;
use crate::AppError;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The problems found so far.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Value>,
    /// The batch row being checked, if any.
    pub index: Option<usize>,
}

/// Problems reported in detail; the rest are counted.
const MAX_REPORTED: usize = 100;

impl Problems {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.list.len() < MAX_REPORTED {
            let mut v = json!({ "field": field, "message": message.into() });
            if let Some(i) = self.index {
                v["index"] = json!(i);
            }
            self.list.push(v);
        } else {
            self.list.push(Value::Null);
        }
    }

    /// `Ok` when nothing was found, else the 422.
    pub fn finish(self) -> Result<(), AppError> {
        if self.list.is_empty() {
            return Ok(());
        }
        let total = self.list.len();
        let shown: Vec<Value> = self.list.into_iter().filter(|v| !v.is_null()).collect();
        Err(AppError::invalid(
            format!("{total} invalid field(s); nothing was written."),
            json!({ "problems": shown, "total": total }),
        ))
    }

    /// A required identifier: 1–200 characters, no control characters.
    pub fn id(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, "must not be empty");
        } else if value.chars().count() > 200 {
            self.add(field, "must be at most 200 characters");
        } else if value.chars().any(char::is_control) {
            self.add(field, "must not contain control characters");
        }
    }

    /// An optional free text of at most 1,000 characters; trims it, and
    /// turns an empty one into `None`.
    pub fn text(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let v = value?.trim().to_owned();
        if v.chars().count() > 1000 {
            self.add(field, "must be at most 1000 characters");
        }
        (!v.is_empty()).then_some(v)
    }

    /// A time.
    pub fn time(&mut self, field: &str, value: &TimeIn) -> i64 {
        value.seconds().unwrap_or_else(|m| {
            self.add(field, m);
            0
        })
    }

    /// A finite number.
    pub fn number(&mut self, field: &str, value: Option<f64>) -> Option<f64> {
        match value {
            Some(v) if !v.is_finite() => {
                self.add(field, "must be a finite number");
                None
            }
            v => v,
        }
    }

    /// A value of a closed set, parsed by `parse`.
    pub fn choice<T>(
        &mut self,
        field: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
        fallback: T,
    ) -> T {
        parse(value).unwrap_or_else(|| {
            self.add(field, format!("unknown value {value:?}"));
            fallback
        })
    }
}

/// A batch body: JSON array of `T`, parsed straight from the bytes into rows
/// when it is valid (the common case, and one pass), else re-read as a JSON
/// tree by [`rows`] to report every bad row with its index. Answers like
/// `ApiJson`: 415 without a JSON content type, 413 over the body limit, 400
/// for malformed JSON.
pub fn batch<T: DeserializeOwned>(
    headers: &axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    max: usize,
) -> Result<Vec<T>, AppError> {
    use axum::http::StatusCode;
    if !is_json(headers) {
        return Err(AppError::status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Expected request with `Content-Type: application/json`",
        ));
    }
    let bytes = body.map_err(|r| {
        let status = r.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "bad_body"
        };
        AppError::status(status, code, r.body_text())
    })?;
    if let Ok(out) = serde_json::from_slice::<Vec<T>>(&bytes) {
        if !out.is_empty() && out.len() <= max {
            return Ok(out);
        }
    }
    let tree: Value = serde_json::from_slice(&bytes).map_err(|e| {
        AppError::bad_request(
            "malformed_json",
            format!("Failed to parse the request body as JSON: {e}"),
        )
    })?;
    rows(tree, max)
}

/// Whether the request says its body is JSON (`application/json` or a
/// `+json` type), as axum's `Json` extractor requires.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(ct) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Parses a JSON array of `T` from an already-parsed body, reporting every
/// row whose shape is wrong (wrong types, unknown fields) with its index.
pub fn rows<T: DeserializeOwned>(body: Value, max: usize) -> Result<Vec<T>, AppError> {
    let items = match body {
        Value::Array(items) => items,
        _ => {
            return Err(AppError::invalid(
                "The body must be a JSON array.",
                Value::Null,
            ))
        }
    };
    if items.is_empty() {
        return Err(AppError::invalid("The batch is empty.", Value::Null));
    }
    if items.len() > max {
        return Err(AppError::BadRequest {
            status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            code: "batch_too_large",
            message: format!("At most {max} rows per batch, got {}.", items.len()),
            details: json!({ "max": max, "got": items.len() }),
        });
    }
    let mut problems = Problems::default();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<T>(item) {
            Ok(row) => out.push(row),
            Err(e) => {
                problems.index = Some(i);
                problems.add("", e.to_string());
            }
        }
    }
    problems.finish()?;
    Ok(out)
}
