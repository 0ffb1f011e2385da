//! Saved segments and scoring rules: named JSON definitions the app builds
//! and evaluates client-side; the server stores them as given.

use super::page::{self, Page};
use super::Routes;
use crate::auth::{now, random_hex};
use crate::db::{Arg, Sql};
use crate::extract::{ApiJson, ApiQuery};
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;

/// The largest definition accepted, in bytes of JSON.
const MAX_DEFINITION: usize = 256 * 1024;

/// A stored definition.
#[derive(Debug, Serialize)]
pub struct Definition {
    id: String,
    name: String,
    definition: Value,
    #[serde(serialize_with = "crate::time::ser")]
    created_at: i64,
    #[serde(serialize_with = "crate::time::ser")]
    updated_at: i64,
}

/// What a client sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionIn {
    name: String,
    definition: Value,
}

/// Paging for the lists.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The routes of both resources.
pub fn routes() -> Routes {
    macro_rules! resource {
        ($routes:expr, $path:literal, $item:literal, $table:literal) => {{
            async fn list_h(
                s: State<AppState>,
                q: ApiQuery<ListQuery>,
            ) -> Result<Json<Page<Definition>>, AppError> {
                list(s, q, $table).await
            }
            async fn create_h(
                s: State<AppState>,
                b: ApiJson<DefinitionIn>,
            ) -> Result<(StatusCode, Json<Definition>), AppError> {
                create(s, b, $table).await
            }
            async fn get_h(
                s: State<AppState>,
                p: Path<String>,
            ) -> Result<Json<Definition>, AppError> {
                get(s, p, $table).await
            }
            async fn put_h(
                s: State<AppState>,
                p: Path<String>,
                b: ApiJson<DefinitionIn>,
            ) -> Result<Json<Definition>, AppError> {
                put(s, p, b, $table).await
            }
            async fn delete_h(s: State<AppState>, p: Path<String>) -> Result<StatusCode, AppError> {
                delete(s, p, $table).await
            }
            $routes
                .get($path, list_h)
                .post($path, create_h)
                .get($item, get_h)
                .put($item, put_h)
                .delete($item, delete_h)
        }};
    }
    let r = resource!(Routes::new(), "/segments", "/segments/{id}", "segments");
    resource!(r, "/scoring-rules", "/scoring-rules/{id}", "scoring_rules")
}

fn check(body: DefinitionIn) -> Result<(String, String), AppError> {
    let name = body.name.trim().to_owned();
    let text = body.definition.to_string();
    let mut p = super::validate::Problems::default();
    p.id("name", &name);
    if !body.definition.is_object() {
        p.add("definition", "must be a JSON object");
    }
    if text.len() > MAX_DEFINITION {
        p.add("definition", "must be at most 256 KiB");
    }
    p.finish()?;
    Ok((name, text))
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Definition, AppError> {
    let text: String = r.try_get("definition")?;
    Ok(Definition {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        definition: serde_json::from_str(&text).unwrap_or(Value::Null),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

async fn fetch(state: &AppState, table: &str, id: &str) -> Result<Definition, AppError> {
    let row = sqlx::query(&format!(
        "SELECT id, name, definition, created_at, updated_at FROM {table} WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(state.db()?.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    from_row(&row)
}

async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
    table: &str,
) -> Result<Json<Page<Definition>>, AppError> {
    let limit = page::limit(q.limit)?;
    let pool = state.db()?.pool();
    let total: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    let mut sql = Sql::new(&format!(
        "SELECT id, name, definition, created_at, updated_at FROM {table} WHERE 1 = 1"
    ));
    if let Some(c) = &q.cursor {
        let after = page::decode(c, 1)?;
        sql.push(" AND id > ").bind(Arg::Text(after[0].clone()));
    }
    sql.push(&format!(" ORDER BY id LIMIT {}", limit + 1));
    let rows = sql.query().fetch_all(pool).await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(page::finish(items, limit, total, |d| {
        page::encode(&[&d.id])
    })))
}

async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<DefinitionIn>,
    table: &str,
) -> Result<(StatusCode, Json<Definition>), AppError> {
    let (name, text) = check(body)?;
    // Time-ordered ids keep lists in creation order.
    let id = format!("{:010x}{}", now(), random_hex(6)?);
    let t = now();
    let db = state.db()?;
    let writer = db.writer().await;
    sqlx::query(&format!(
        "INSERT INTO {table} (id, name, definition, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5)"
    ))
    .bind(&id)
    .bind(&name)
    .bind(&text)
    .bind(t)
    .bind(t)
    .execute(db.pool())
    .await?;
    drop(writer);
    Ok((StatusCode::CREATED, Json(fetch(&state, table, &id).await?)))
}

async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    table: &str,
) -> Result<Json<Definition>, AppError> {
    Ok(Json(fetch(&state, table, &id).await?))
}

async fn put(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DefinitionIn>,
    table: &str,
) -> Result<Json<Definition>, AppError> {
    let (name, text) = check(body)?;
    let db = state.db()?;
    let writer = db.writer().await;
    let done = sqlx::query(&format!(
        "UPDATE {table} SET name = $1, definition = $2, updated_at = $3 WHERE id = $4"
    ))
    .bind(&name)
    .bind(&text)
    .bind(now())
    .bind(&id)
    .execute(db.pool())
    .await?;
    drop(writer);
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(Json(fetch(&state, table, &id).await?))
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    table: &str,
) -> Result<StatusCode, AppError> {
    let db = state.db()?;
    let _writer = db.writer().await;
    let done = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
        .bind(&id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
