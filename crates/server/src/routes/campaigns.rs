//! Campaigns: list, get, create, update.

use super::page::{self, Page};
use super::validate::Problems;
use crate::db::{Arg, Sql};
use crate::extract::{ApiJson, ApiQuery};
use crate::records::Campaign;
use crate::store::{self, CAMPAIGN_COLS};
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use canal_core::{Channel, Scope};
use serde::Deserialize;
use sqlx::Row;

/// A campaign as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignIn {
    id: Option<String>,
    name: String,
    channel: String,
    scope: String,
    subject: Option<String>,
    message_type: Option<String>,
    sent_at: Option<TimeIn>,
    #[serde(default)]
    cost: f64,
}

impl CampaignIn {
    fn check(self, p: &mut Problems, id: Option<String>) -> Campaign {
        let id = id.or(self.id).unwrap_or_default();
        p.id("id", &id);
        p.id("name", &self.name);
        let channel = p.choice("channel", &self.channel, Channel::parse, Channel::Email);
        let scope = p.choice("scope", &self.scope, Scope::parse, Scope::Unknown);
        let cost = p.number("cost", Some(self.cost)).unwrap_or(0.0);
        if cost < 0.0 {
            p.add("cost", "must not be negative");
        }
        Campaign {
            id,
            name: self.name.trim().to_owned(),
            channel,
            scope,
            subject: p.text("subject", self.subject).unwrap_or_default(),
            message_type: p
                .text("message_type", self.message_type)
                .unwrap_or_default(),
            sent_at: self.sent_at.as_ref().map(|t| p.time("sent_at", t)),
            cost,
        }
    }
}

/// Filters for `GET /api/campaigns`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    channel: Option<String>,
    scope: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /api/campaigns`, by id.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<Campaign>>, AppError> {
    let limit = page::limit(q.limit)?;
    let mut p = Problems::default();
    let channel = q
        .channel
        .as_deref()
        .map(|c| p.choice("channel", c, Channel::parse, Channel::Email));
    let scope = q
        .scope
        .as_deref()
        .map(|s| p.choice("scope", s, Scope::parse, Scope::Unknown));
    p.finish()?;
    let where_ = |sql: &mut Sql| {
        sql.push(" WHERE 1 = 1");
        if let Some(c) = channel {
            sql.push(" AND channel = ")
                .bind(Arg::Text(c.as_str().into()));
        }
        if let Some(s) = scope {
            sql.push(" AND scope = ").bind(Arg::Text(s.as_str().into()));
        }
    };
    let pool = state.db()?.pool();
    let mut count = Sql::new("SELECT COUNT(*) AS n FROM campaigns");
    where_(&mut count);
    let total: i64 = count.query().fetch_one(pool).await?.try_get("n")?;
    let mut sql = Sql::new(&format!("SELECT {CAMPAIGN_COLS} FROM campaigns"));
    where_(&mut sql);
    if let Some(c) = &q.cursor {
        let after = page::decode(c, 1)?;
        sql.push(" AND id > ").bind(Arg::Text(after[0].clone()));
    }
    sql.push(&format!(" ORDER BY id LIMIT {}", limit + 1));
    let rows = sql.query().fetch_all(pool).await?;
    let items = rows
        .iter()
        .map(store::campaign_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(page::finish(items, limit, total, |c| {
        page::encode(&[&c.id])
    })))
}

async fn fetch(state: &AppState, id: &str) -> Result<Option<Campaign>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {CAMPAIGN_COLS} FROM campaigns WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(state.db()?.pool())
    .await?;
    Ok(row.as_ref().map(store::campaign_from_row).transpose()?)
}

/// `GET /api/campaigns/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Campaign>, AppError> {
    fetch(&state, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

async fn save(state: &AppState, c: &Campaign) -> Result<(), AppError> {
    let (_writer, mut tx) = state.db()?.begin_write().await?;
    store::upsert_campaigns(&mut tx, std::slice::from_ref(c)).await?;
    tx.commit().await?;
    state.data.invalidate();
    Ok(())
}

/// `POST /api/campaigns`: 201, or 409 if the id is taken.
pub async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CampaignIn>,
) -> Result<(StatusCode, Json<Campaign>), AppError> {
    let mut p = Problems::default();
    let c = body.check(&mut p, None);
    p.finish()?;
    if fetch(&state, &c.id).await?.is_some() {
        return Err(AppError::status(
            StatusCode::CONFLICT,
            "exists",
            format!("Campaign {:?} already exists; PUT it to update.", c.id),
        ));
    }
    save(&state, &c).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// `PUT /api/campaigns/{id}`: creates or replaces.
pub async fn put(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CampaignIn>,
) -> Result<Json<Campaign>, AppError> {
    let mut p = Problems::default();
    if body.id.as_deref().is_some_and(|b| b != id) {
        p.add("id", "differs from the id in the path");
    }
    let c = body.check(&mut p, Some(id));
    p.finish()?;
    save(&state, &c).await?;
    Ok(Json(c))
}
