//! `/api/orders`: batched create, the order list and one order.

use super::requests::{get_json, post_json, ApiError};
use super::wire::{format_time, segment, time, Page, Paging, Url};
use serde::{Deserialize, Serialize};
use web_sys::AbortSignal;

/// A transaction.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Order {
    /// Order id.
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// When it was placed, seconds since the epoch.
    #[serde(deserialize_with = "time")]
    pub ts: i64,
    /// Amount.
    pub amount: f64,
    /// Currency code.
    pub currency: Option<String>,
    /// Number of items.
    pub items: Option<i64>,
}

/// An order to create.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrderIn {
    /// Order id (creating it again replaces it).
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// When, RFC 3339.
    pub ts: String,
    /// Amount.
    pub amount: f64,
    /// Currency code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl OrderIn {
    /// Order `id` of `amount` by `contact` at `ts`.
    pub fn new(id: &str, contact: &str, ts: i64, amount: f64) -> Self {
        OrderIn {
            id: id.to_owned(),
            contact_id: contact.to_owned(),
            ts: format_time(ts),
            amount,
            currency: None,
        }
    }
}

/// Filters of the order list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderQuery {
    /// The contact's key.
    pub contact_id: String,
    /// From this time.
    pub since: String,
    /// Before this time.
    pub until: String,
    /// Paging.
    pub paging: Paging,
}

impl OrderQuery {
    /// The request URL.
    pub fn url(&self) -> String {
        Url::new("/api/orders")
            .param("contact_id", &self.contact_id)
            .param("since", &self.since)
            .param("until", &self.until)
            .paging(&self.paging)
            .build()
    }
}

/// How many orders a batch stored.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Accepted {
    /// Rows in the batch, all written.
    pub accepted: u64,
}

/// Creates or replaces a batch of orders, all or nothing.
pub async fn create(orders: &[OrderIn]) -> Result<Accepted, ApiError> {
    post_json("/api/orders", &orders).await
}

/// One page of orders.
pub async fn list(q: &OrderQuery, signal: Option<&AbortSignal>) -> Result<Page<Order>, ApiError> {
    get_json(&q.url(), signal).await
}

/// One order.
pub async fn get(id: &str, signal: Option<&AbortSignal>) -> Result<Order, ApiError> {
    get_json(&format!("/api/orders/{}", segment(id)), signal).await
}
