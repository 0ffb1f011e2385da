//! `GET /api/health`.

use super::{requests::get_json, ApiError};
use crate::state::health::HealthReport;
use web_sys::AbortSignal;

/// Asks the server how it is.
pub async fn get(signal: Option<&AbortSignal>) -> Result<HealthReport, ApiError> {
    get_json("/api/health", signal).await
}
