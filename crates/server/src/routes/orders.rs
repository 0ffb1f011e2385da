//! Orders: batched create/update, list, get.

use super::page::{self, Page};
use super::validate::{self, Problems};
use crate::auth::now;
use crate::db::Arg;
use crate::extract::ApiQuery;
use crate::records::Order;
use crate::store::{self, ORDER_COLS};
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// Most orders in one `POST /api/orders`.
pub const MAX_BATCH: usize = 10_000;

/// An order as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderIn {
    id: String,
    contact_id: String,
    ts: TimeIn,
    amount: f64,
    currency: Option<String>,
    items: Option<i64>,
}

impl OrderIn {
    fn check(self, p: &mut Problems) -> Order {
        p.id("id", &self.id);
        p.id("contact_id", &self.contact_id);
        let ts = p.time("ts", &self.ts);
        let amount = p.number("amount", Some(self.amount)).unwrap_or(0.0);
        let currency = p.text("currency", self.currency).map(|c| c.to_uppercase());
        if let Some(c) = &currency {
            if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                p.add("currency", "must be a three-letter ISO 4217 code");
            }
        }
        if self.items.is_some_and(|n| n < 0) {
            p.add("items", "must not be negative");
        }
        Order {
            id: self.id,
            contact_id: self.contact_id,
            ts,
            amount,
            currency,
            items: self.items,
        }
    }
}

/// `POST /api/orders`: a JSON array of orders, all or none; an existing
/// order id is updated.
pub async fn create(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, AppError> {
    let input: Vec<OrderIn> = validate::batch(&headers, body, MAX_BATCH)?;
    let mut p = Problems::default();
    let orders: Vec<Order> = input
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            p.index = Some(i);
            o.check(&mut p)
        })
        .collect();
    p.finish()?;
    let (_writer, mut tx) = state.db()?.begin_write().await?;
    store::upsert_orders(&mut tx, &orders, now()).await?;
    tx.commit().await?;
    state.data.invalidate();
    Ok(Json(json!({ "accepted": orders.len() })))
}

/// Filters for `GET /api/orders`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    contact_id: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /api/orders`: oldest first.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<Order>>, AppError> {
    let limit = page::limit(q.limit)?;
    let mut p = Problems::default();
    let mut conds: Vec<(&str, Arg)> = Vec::new();
    if let Some(c) = &q.contact_id {
        conds.push(("contact_id = ", Arg::Text(c.clone())));
    }
    if let Some(s) = &q.since {
        conds.push((
            "ts >= ",
            Arg::Int(p.time("since", &TimeIn::Text(s.clone()))),
        ));
    }
    if let Some(u) = &q.until {
        conds.push(("ts < ", Arg::Int(p.time("until", &TimeIn::Text(u.clone())))));
    }
    p.finish()?;
    let page = page::by_time(
        state.db()?.pool(),
        "orders",
        ORDER_COLS,
        &conds,
        q.cursor.as_deref(),
        limit,
        store::order_from_row,
        |r| (r.ts, &r.id),
    )
    .await?;
    Ok(Json(page))
}

/// `GET /api/orders/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Order>, AppError> {
    let row = sqlx::query(&format!("SELECT {ORDER_COLS} FROM orders WHERE id = $1"))
        .bind(&id)
        .fetch_optional(state.db()?.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(store::order_from_row(&row)?))
}
