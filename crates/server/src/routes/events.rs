//! Events: batched, validated, idempotent ingest and filtered listing.

use super::page::{self, Page};
use super::validate::{self, Problems};
use crate::auth::now;
use crate::db::Arg;
use crate::extract::ApiQuery;
use crate::records::{Event, FLAG_NAMES};
use crate::store::{self, EVENT_COLS};
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::State;
use axum::Json;
use canal_core::model::EventRow;
use canal_core::{Channel, Direction, EventKind, Scope};
use serde::Deserialize;
use serde_json::{json, Value};

/// Most events in one `POST /api/events`.
pub const MAX_BATCH: usize = 10_000;

/// An event as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventIn {
    id: String,
    contact_id: String,
    ts: TimeIn,
    channel: String,
    kind: String,
    direction: Option<String>,
    scope: Option<String>,
    campaign_id: Option<String>,
    name: Option<String>,
    session_id: Option<String>,
    value: Option<f64>,
    #[serde(default)]
    flags: Vec<String>,
    payload: Option<Value>,
}

impl EventIn {
    fn check(self, p: &mut Problems) -> Event {
        p.id("id", &self.id);
        p.id("contact_id", &self.contact_id);
        let ts = p.time("ts", &self.ts);
        let channel = p.choice("channel", &self.channel, Channel::parse, Channel::Email);
        let kind = p.choice("kind", &self.kind, EventKind::parse, EventKind::Custom);
        // The core's defaults say which way a kind usually goes.
        let default_direction = EventRow::new("", 0, channel, kind).direction;
        let direction = match &self.direction {
            Some(d) => p.choice("direction", d, Direction::parse, default_direction),
            None => default_direction,
        };
        let scope = match &self.scope {
            Some(s) => p.choice("scope", s, Scope::parse, Scope::Unknown),
            None => Scope::Unknown,
        };
        let mut flags = 0u8;
        for f in &self.flags {
            match FLAG_NAMES.iter().find(|(n, _)| *n == f.as_str()) {
                Some((_, bit)) => flags |= bit,
                None => p.add("flags", format!("unknown flag {f:?}")),
            }
        }
        let payload = self.payload.map(|v| v.to_string());
        if payload.as_ref().is_some_and(|t| t.len() > 16 * 1024) {
            p.add("payload", "must be at most 16 KiB of JSON");
        }
        Event {
            id: self.id,
            contact_id: self.contact_id,
            ts,
            channel,
            direction,
            kind,
            scope,
            flags,
            campaign_id: p.text("campaign_id", self.campaign_id),
            name: p.text("name", self.name),
            session_id: p.text("session_id", self.session_id),
            value: p.number("value", self.value),
            payload,
        }
    }
}

/// `POST /api/events`: a JSON array of up to 10,000 events, stored in one
/// transaction (all or none; on SQLite possibly shared with other batches,
/// see [`crate::ingest`]). Ids already stored are skipped, so a client
/// may resend a batch whose answer it did not get.
pub async fn ingest(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, AppError> {
    let input: Vec<EventIn> = validate::batch(&headers, body, MAX_BATCH)?;
    let mut p = Problems::default();
    let events: Vec<Event> = input
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            p.index = Some(i);
            e.check(&mut p)
        })
        .collect();
    p.finish()?;
    let accepted = events.len();
    let inserted = state.ingest.insert(state.db()?, events, now()).await?;
    state.data.invalidate();
    Ok(Json(json!({
        "accepted": accepted,
        "inserted": inserted,
        "duplicates": accepted as u64 - inserted.min(accepted as u64),
    })))
}

/// Filters for `GET /api/events`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    contact_id: Option<String>,
    channel: Option<String>,
    kind: Option<String>,
    scope: Option<String>,
    campaign_id: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /api/events`: oldest first.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<Event>>, AppError> {
    let limit = page::limit(q.limit)?;
    let mut p = Problems::default();
    let mut conds: Vec<(&str, Arg)> = Vec::new();
    if let Some(c) = &q.contact_id {
        conds.push(("contact_id = ", Arg::Text(c.clone())));
    }
    if let Some(c) = &q.channel {
        let c = p.choice("channel", c, Channel::parse, Channel::Email);
        conds.push(("channel = ", Arg::Text(c.as_str().into())));
    }
    if let Some(k) = &q.kind {
        let k = p.choice("kind", k, EventKind::parse, EventKind::Custom);
        conds.push(("kind = ", Arg::Text(k.as_str().into())));
    }
    if let Some(s) = &q.scope {
        let s = p.choice("scope", s, Scope::parse, Scope::Unknown);
        conds.push(("scope = ", Arg::Text(s.as_str().into())));
    }
    if let Some(c) = &q.campaign_id {
        conds.push(("campaign_id = ", Arg::Text(c.clone())));
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
        "events",
        EVENT_COLS,
        &conds,
        q.cursor.as_deref(),
        limit,
        store::event_from_row,
        |r| (r.ts, &r.id),
    )
    .await?;
    Ok(Json(page))
}
