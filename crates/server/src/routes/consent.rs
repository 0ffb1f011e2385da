//! Consent statements: batched recording and listing.

use super::page::{self, Page};
use super::validate::{self, Problems};
use crate::auth::now;
use crate::db::{Arg, Sql};
use crate::extract::ApiQuery;
use crate::records::Consent;
use crate::store::{self, CONSENT_COLS};
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::State;
use axum::Json;
use canal_core::Channel;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;

/// Most statements in one `POST /api/consent`.
pub const MAX_BATCH: usize = 10_000;

/// The statuses a statement may have.
pub const STATUSES: [&str; 3] = ["opted_in", "opted_out", "unknown"];

/// A consent statement as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentIn {
    contact_id: String,
    subject: String,
    channel: String,
    status: String,
    ts: TimeIn,
    source: Option<String>,
}

impl ConsentIn {
    fn check(self, p: &mut Problems) -> Consent {
        p.id("contact_id", &self.contact_id);
        p.id("subject", &self.subject);
        let channel = p.choice("channel", &self.channel, Channel::parse, Channel::Email);
        let status = canal_core::model::normalize_token(&self.status);
        if !STATUSES.contains(&status.as_str()) {
            p.add("status", "must be opted_in, opted_out or unknown");
        }
        Consent {
            contact_id: self.contact_id,
            subject: self.subject.trim().to_lowercase(),
            channel,
            status,
            ts: p.time("ts", &self.ts),
            source: p.text("source", self.source),
        }
    }
}

/// `POST /api/consent`: a JSON array of statements, all or none.
pub async fn create(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, AppError> {
    let input: Vec<ConsentIn> = validate::batch(&headers, body, MAX_BATCH)?;
    let mut p = Problems::default();
    let list: Vec<Consent> = input
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            p.index = Some(i);
            c.check(&mut p)
        })
        .collect();
    p.finish()?;
    let (_writer, mut tx) = state.db()?.begin_write().await?;
    store::insert_consent(&mut tx, &list, now()).await?;
    tx.commit().await?;
    state.data.invalidate();
    Ok(Json(json!({ "accepted": list.len() })))
}

/// Filters for `GET /api/consent`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    contact_id: Option<String>,
    subject: Option<String>,
    channel: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /api/consent`, by contact, subject, channel, time.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<Consent>>, AppError> {
    let limit = page::limit(q.limit)?;
    let mut p = Problems::default();
    let mut conds: Vec<(&str, Arg)> = Vec::new();
    if let Some(c) = &q.contact_id {
        conds.push(("contact_id = ", Arg::Text(c.clone())));
    }
    if let Some(s) = &q.subject {
        conds.push(("subject = ", Arg::Text(s.trim().to_lowercase())));
    }
    if let Some(c) = &q.channel {
        let c = p.choice("channel", c, Channel::parse, Channel::Email);
        conds.push(("channel = ", Arg::Text(c.as_str().into())));
    }
    p.finish()?;
    let where_ = |sql: &mut Sql| {
        sql.push(" WHERE 1 = 1");
        for (c, a) in &conds {
            sql.push(" AND ").push(c).bind(a.clone());
        }
    };
    let pool = state.db()?.pool();
    let mut count = Sql::new("SELECT COUNT(*) AS n FROM consent");
    where_(&mut count);
    let total: i64 = count.query().fetch_one(pool).await?.try_get("n")?;
    let mut sql = Sql::new(&format!("SELECT {CONSENT_COLS} FROM consent"));
    where_(&mut sql);
    if let Some(c) = &q.cursor {
        let k = page::decode(c, 4)?;
        let ts: i64 = k[3]
            .parse()
            .map_err(|_| AppError::bad_request("bad_cursor", "The cursor is damaged."))?;
        // Row-value comparison, spelled out for engines without it.
        sql.push(" AND (contact_id > ")
            .bind(Arg::Text(k[0].clone()))
            .push(" OR (contact_id = ")
            .bind(Arg::Text(k[0].clone()))
            .push(" AND (subject > ")
            .bind(Arg::Text(k[1].clone()))
            .push(" OR (subject = ")
            .bind(Arg::Text(k[1].clone()))
            .push(" AND (channel > ")
            .bind(Arg::Text(k[2].clone()))
            .push(" OR (channel = ")
            .bind(Arg::Text(k[2].clone()))
            .push(" AND ts > ")
            .bind(Arg::Int(ts))
            .push("))))))");
    }
    sql.push(&format!(
        " ORDER BY contact_id, subject, channel, ts LIMIT {}",
        limit + 1
    ));
    let rows = sql.query().fetch_all(pool).await?;
    let items = rows
        .iter()
        .map(store::consent_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(page::finish(items, limit, total, |c| {
        page::encode(&[
            &c.contact_id,
            &c.subject,
            c.channel.as_str(),
            &c.ts.to_string(),
        ])
    })))
}
