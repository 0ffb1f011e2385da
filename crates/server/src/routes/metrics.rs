//! Server-side metrics over the same core code the app runs, for data too
//! large for a browser.

use super::Routes;
use crate::extract::ApiQuery;
use crate::store;
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::State;
use axum::Json;
use canal_core::{Channel, EventKind};
use serde::Deserialize;
use serde_json::{json, Value};

/// The metric routes.
pub fn routes() -> Routes {
    Routes::new().get("/metrics/summary", summary)
}

/// `?since=` for the metrics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsQuery {
    since: Option<String>,
}

/// `GET /api/metrics/summary`: counts per channel and kind, orders and revenue.
async fn summary(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let since = match &q.since {
        Some(s) => Some(
            TimeIn::Text(s.clone())
                .seconds()
                .map_err(|m| AppError::bad_request("bad_since", m))?,
        ),
        None => None,
    };
    let data = store::load_dataset(state.db()?.pool(), since).await?;
    let mut counts = vec![[0u64; 19]; Channel::ALL.len()];
    for (&c, &k) in data.events.channel.iter().zip(&data.events.kind) {
        if let Some(row) = counts.get_mut(c as usize) {
            if let Some(n) = row.get_mut(k as usize) {
                *n += 1;
            }
        }
    }
    let channels: serde_json::Map<String, Value> = Channel::ALL
        .iter()
        .map(|&c| {
            let kinds: serde_json::Map<String, Value> = EventKind::ALL
                .iter()
                .filter(|&&k| counts[c.code() as usize][k.code() as usize] > 0)
                .map(|&k| {
                    (
                        k.as_str().to_owned(),
                        json!(counts[c.code() as usize][k.code() as usize]),
                    )
                })
                .collect();
            (c.as_str().to_owned(), Value::Object(kinds))
        })
        .collect();
    Ok(Json(json!({
        "contacts": data.contact_count(),
        "events": data.events.len(),
        "orders": data.orders.len(),
        "revenue": data.orders.amount.iter().sum::<f64>(),
        "channels": channels,
    })))
}
