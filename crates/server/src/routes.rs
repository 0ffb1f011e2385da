//! The `/api` routes.

use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

/// Every API route, relative to `/api`.
pub fn api(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .fallback(|| async { crate::AppError::NotFound })
        .with_state(state)
}

/// `GET /api/health`: the version and whether the database answers.
async fn health(State(state): State<AppState>) -> Json<Value> {
    let database = match &state.db {
        None => json!({ "status": "none" }),
        Some(db) => match db.ping().await {
            Ok(()) => json!({ "status": "ok", "kind": db.kind() }),
            Err(err) => {
                tracing::warn!(error = %err, "database ping failed");
                json!({ "status": "error", "kind": db.kind() })
            }
        },
    };
    let ok = database["status"] != "error";
    Json(json!({
        "status": if ok { "ok" } else { "degraded" },
        "version": env!("CARGO_PKG_VERSION"),
        "database": database,
    }))
}
