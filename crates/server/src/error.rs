//! The one error type handlers return.
//!
//! Clients get a status and a JSON body `{"error": {"code", "message",
//! "details"}}`; internal causes are logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error a handler can return.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or fails validation (400 or 422).
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
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A 400 with a code and a message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
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
            err @ (AppError::Database(_) | AppError::Internal(_)) => {
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
        (status, Json(body)).into_response()
    }
}
