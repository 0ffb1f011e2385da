//! `/api/events`: batched ingest and the event list.

use super::requests::{get_json, post_json, ApiError};
use super::wire::{format_time, time, Page, Paging, Url};
use canal_core::{Channel, Direction, EventKind, Scope};
use serde::{Deserialize, Serialize};
use web_sys::AbortSignal;

/// One interaction as the server holds it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Event {
    /// The event id.
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// When, seconds since the epoch.
    #[serde(deserialize_with = "time")]
    pub ts: i64,
    /// Channel.
    pub channel: Channel,
    /// Direction.
    pub direction: Direction,
    /// Kind.
    pub kind: EventKind,
    /// Scope.
    pub scope: Scope,
    /// Flag names (machine_open, bot_click, unsubscribe_link).
    pub flags: Vec<String>,
    /// Campaign id.
    pub campaign_id: Option<String>,
    /// Event name.
    pub name: Option<String>,
    /// Session id.
    pub session_id: Option<String>,
    /// Revenue or survey score.
    pub value: Option<f64>,
    /// Free JSON payload.
    pub payload: Option<serde_json::Value>,
}

/// An event to ingest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventIn {
    /// The caller's id; ingest is idempotent by it.
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// When, RFC 3339.
    pub ts: String,
    /// Channel name.
    pub channel: String,
    /// Kind name.
    pub kind: String,
    /// Direction name (the kind's usual one when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Scope name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Campaign id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    /// Event name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

impl EventIn {
    /// An event of `kind` on `channel` for `contact` at `ts`.
    pub fn new(id: &str, contact: &str, ts: i64, channel: Channel, kind: EventKind) -> Self {
        EventIn {
            id: id.to_owned(),
            contact_id: contact.to_owned(),
            ts: format_time(ts),
            channel: channel.as_str().to_owned(),
            kind: kind.as_str().to_owned(),
            direction: None,
            scope: None,
            campaign_id: None,
            name: None,
            value: None,
        }
    }
}

/// What an ingest did.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Ingested {
    /// Events in the batch.
    pub accepted: u64,
    /// Events written.
    pub inserted: u64,
    /// Events already known by id, left as they were.
    pub duplicates: u64,
}

/// Filters of the event list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// The contact's key.
    pub contact_id: String,
    /// Channel name.
    pub channel: String,
    /// Kind name.
    pub kind: String,
    /// Scope name.
    pub scope: String,
    /// Campaign id.
    pub campaign_id: String,
    /// From this time (RFC 3339 or a date).
    pub since: String,
    /// Before this time.
    pub until: String,
    /// Paging.
    pub paging: Paging,
}

impl EventQuery {
    /// The request URL.
    pub fn url(&self) -> String {
        Url::new("/api/events")
            .param("contact_id", &self.contact_id)
            .param("channel", &self.channel)
            .param("kind", &self.kind)
            .param("scope", &self.scope)
            .param("campaign_id", &self.campaign_id)
            .param("since", &self.since)
            .param("until", &self.until)
            .paging(&self.paging)
            .build()
    }
}

/// Sends a batch (all or nothing: one bad event rejects the batch with
/// the reasons).
pub async fn ingest(events: &[EventIn]) -> Result<Ingested, ApiError> {
    post_json("/api/events", &events).await
}

/// One page of events, oldest first.
pub async fn list(q: &EventQuery, signal: Option<&AbortSignal>) -> Result<Page<Event>, ApiError> {
    get_json(&q.url(), signal).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_in_uses_wire_names() {
        let e = EventIn::new(
            "e1",
            "u1",
            1_772_359_200,
            Channel::WebPush,
            EventKind::Clicked,
        );
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": "e1", "contact_id": "u1", "ts": "2026-03-01T10:00:00Z",
                "channel": "web_push", "kind": "clicked"})
        );
        let q = EventQuery {
            contact_id: "u 1".into(),
            since: "2026-01-01".into(),
            ..EventQuery::default()
        };
        assert_eq!(q.url(), "/api/events?contact_id=u%201&since=2026-01-01");
    }
}
