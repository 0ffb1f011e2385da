//! The one error type handlers return.
//!
//! Clients get a status and a JSON body `{"error": {"code", "message",
//! "details"}}`; internal causes are logged with the request id, never sent.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error a handler can return.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed, fails validation or is refused (4xx).
    #[error("{message}")]
    BadRequest {
        /// HTTP status to answer with.
        status: StatusCode,
        /// Stable machine-readable code.
        code: &'static str,
        /// What went wrong, for a person.
        message: String,
        /// Structured details (e.g. the offending field and row).
        details: Value,
    },
    /// No such resource.
    #[error("not found")]
    NotFound,
    /// Authentication is required.
    #[error("authentication required")]
    Unauthorized,
    /// Too many requests from one client; retry after this many seconds.
    #[error("rate limited")]
    TooManyRequests(u64),
    /// The database failed.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A stored settings document no longer validates (edited by hand in
    /// the database): what needs it cannot run until it is saved again.
    #[error("{0}")]
    BrokenSetting(#[from] crate::settings::InvalidSetting),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A 400 with a code and a message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::status(StatusCode::BAD_REQUEST, code, message)
    }

    /// A 422: well-formed but invalid, with details saying where.
    pub fn invalid(message: impl Into<String>, details: Value) -> Self {
        AppError::BadRequest {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid",
            message: message.into(),
            details,
        }
    }

    /// Any 4xx with a code and a message.
    pub fn status(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            status,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }
}

impl From<sqlx::Error> for AppError {
    /// A database error, except the invalid stored setting the data set
    /// loader reports through sqlx (it returns `sqlx::Error`).
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::Decode(inner) => match inner.downcast::<crate::settings::InvalidSetting>()
            {
                Ok(setting) => AppError::BrokenSetting(*setting),
                Err(inner) => AppError::Database(sqlx::Error::Decode(inner)),
            },
            err => AppError::Database(err),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let (status, code, message, details) = match self {
            AppError::BadRequest {
                status,
                code,
                message,
                details,
            } => (status, code, message, details),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "No such resource.".into(),
                Value::Null,
            ),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Log in or send an API token.".into(),
                Value::Null,
            ),
            AppError::TooManyRequests(secs) => {
                retry_after = Some(secs.max(1));
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    "Too many requests; slow down.".into(),
                    Value::Null,
                )
            }
            AppError::BrokenSetting(setting) => {
                // The reason names the fields; it is the workspace's own
                // document, so the administrator may see it.
                tracing::error!(error = %setting, "stored settings are invalid");
                let key = setting.key;
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "invalid_setting",
                    format!(
                        "The workspace's stored {key} settings are invalid ({}), so this cannot be \
                         computed. Save them again in Settings (PUT /api/settings/{key}), or reset them \
                         (DELETE /api/settings/{key}).",
                        setting.reason
                    ),
                    json!({ "setting": key }),
                )
            }
            err @ (AppError::Database(_) | AppError::Internal(_)) => {
                // The request id is on the enclosing tracing span.
                tracing::error!(error = %err, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on the server; it has been logged.".into(),
                    Value::Null,
                )
            }
        };
        let body = json!({ "error": { "code": code, "message": message, "details": details } });
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response
    }
}
