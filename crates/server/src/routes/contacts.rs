//! Contacts: search and filters, get, create/update, timeline.

use super::page::{self, Page};
use super::validate::{self, Problems};
use crate::auth::now;
use crate::db::{Arg, DbKind, Sql};
use crate::extract::{ApiJson, ApiQuery};
use crate::records::{Contact, Event};
use crate::store::{self, CONTACT_COLS, EVENT_COLS};
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use canal_core::{Channel, EventKind, Scope};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;

/// Most contacts in one `POST /api/contacts/batch`.
pub const MAX_BATCH: usize = 5_000;

/// A contact as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactIn {
    id: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    name: Option<String>,
    country: Option<String>,
    city: Option<String>,
    birth_year: Option<i64>,
    job_title: Option<String>,
    company: Option<String>,
    company_size: Option<i64>,
    created_at: Option<TimeIn>,
    stage: Option<String>,
    attributes: Option<serde_json::Map<String, Value>>,
}

impl ContactIn {
    fn check(self, p: &mut Problems, id: Option<String>) -> Contact {
        let id = id.or(self.id).unwrap_or_default();
        p.id("id", &id);
        let email = p.text("email", self.email).map(|e| e.to_lowercase());
        if let Some(e) = &email {
            if crate::auth::normalize_email(e).is_err() {
                p.add("email", "is not an e-mail address");
            }
        }
        let phone = p.text("phone", self.phone);
        if let Some(ph) = &phone {
            let digits = ph.chars().filter(char::is_ascii_digit).count();
            let ok_chars = ph
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            if !ok_chars || !(5..=15).contains(&digits) {
                p.add("phone", "is not a phone number");
            }
        }
        if let Some(y) = self.birth_year {
            if !(1900..=2100).contains(&y) {
                p.add("birth_year", "must be between 1900 and 2100");
            }
        }
        if let Some(n) = self.company_size {
            if n < 0 {
                p.add("company_size", "must not be negative");
            }
        }
        let created_at = self.created_at.as_ref().map(|t| p.time("created_at", t));
        Contact {
            id,
            email,
            phone,
            name: p.text("name", self.name),
            country: p.text("country", self.country),
            city: p.text("city", self.city),
            birth_year: self.birth_year,
            job_title: p.text("job_title", self.job_title),
            company: p.text("company", self.company),
            company_size: self.company_size,
            created_at,
            stage: p.text("stage", self.stage),
            attributes: Value::Object(self.attributes.unwrap_or_default()),
        }
    }
}

/// Filters for `GET /api/contacts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    q: Option<String>,
    country: Option<String>,
    city: Option<String>,
    stage: Option<String>,
    company: Option<String>,
    email: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

fn like_pattern(q: &str) -> String {
    let mut p = String::from("%");
    for c in q.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn filters(sql: &mut Sql, q: &ListQuery) {
    sql.push(" WHERE 1 = 1");
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        let pat = like_pattern(text);
        sql.push(" AND (LOWER(id) LIKE ")
            .bind(Arg::Text(pat.clone()))
            .push(" ESCAPE '\\' OR LOWER(name) LIKE ")
            .bind(Arg::Text(pat.clone()))
            .push(" ESCAPE '\\' OR email LIKE ")
            .bind(Arg::Text(pat.clone()))
            .push(" ESCAPE '\\' OR phone LIKE ")
            .bind(Arg::Text(pat))
            .push(" ESCAPE '\\')");
    }
    for (col, v) in [
        ("country", &q.country),
        ("city", &q.city),
        ("stage", &q.stage),
        ("company", &q.company),
    ] {
        if let Some(v) = v {
            sql.push(" AND ")
                .push(col)
                .push(" = ")
                .bind(Arg::Text(v.clone()));
        }
    }
    if let Some(e) = &q.email {
        sql.push(" AND email = ")
            .bind(Arg::Text(e.trim().to_lowercase()));
    }
}

/// One contact as a JSON object built by SQLite, shaped like [`Contact`]'s
/// serialisation (times as RFC 3339, attributes as an object).
const SQLITE_CONTACT_JSON: &str = "json_object('id', id, 'email', email, 'phone', phone, \
     'name', name, 'country', country, 'city', city, 'birth_year', birth_year, \
     'job_title', job_title, 'company', company, 'company_size', company_size, \
     'created_at', replace(datetime(created_at, 'unixepoch'), ' ', 'T') || 'Z', 'stage', stage, \
     'attributes', CASE WHEN json_valid(attributes) THEN json(attributes) ELSE json_object() END)";

/// The same object built by PostgreSQL.
const POSTGRES_CONTACT_JSON: &str = "json_build_object('id', id, 'email', email, \
     'phone', phone, 'name', name, 'country', country, 'city', city, 'birth_year', birth_year, \
     'job_title', job_title, 'company', company, 'company_size', company_size, \
     'created_at', to_char(to_timestamp(created_at) AT TIME ZONE 'UTC', \
     'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'stage', stage, 'attributes', attributes::json)";

/// `GET /api/contacts`: search (`q` over id, name, e-mail, phone) and filters.
///
/// The database builds the whole page as one JSON text in one row: handing
/// sqlx 50 rows of 13 columns each cost more CPU than the query itself
/// (BENCHMARKS.md, session 11). The unfiltered total is remembered per data
/// generation ([`crate::metrics::Total`]) instead of counted per request.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, AppError> {
    let limit = page::limit(q.limit)?;
    let db = state.db()?;
    let unfiltered = q.q.as_deref().is_none_or(|t| t.trim().is_empty())
        && q.country.is_none()
        && q.city.is_none()
        && q.stage.is_none()
        && q.company.is_none()
        && q.email.is_none();
    let generation = state.data.generation();
    let known_total = if unfiltered {
        state.contact_total.get(generation)
    } else {
        None
    };
    let items = match db.kind() {
        // SQLite fills and scans the materialised page in id order.
        DbKind::Sqlite => format!("json_group_array({SQLITE_CONTACT_JSON})"),
        DbKind::Postgres => {
            format!("COALESCE(json_agg({POSTGRES_CONTACT_JSON} ORDER BY id), '[]')::text")
        }
    };
    // The page, then whether anything follows it: an index probe, cheaper
    // than fetching one row more and numbering the rows to leave it out.
    let mut sql = Sql::new(&format!(
        "WITH p AS MATERIALIZED (SELECT {CONTACT_COLS} FROM contacts"
    ));
    filters(&mut sql, &q);
    if let Some(c) = &q.cursor {
        let after = page::decode(c, 1)?;
        sql.push(" AND id > ").bind(Arg::Text(after[0].clone()));
    }
    sql.push(&format!(
        " ORDER BY id LIMIT {limit}) SELECT {items} AS items, MAX(id) AS last, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM contacts"
    ));
    filters(&mut sql, &q);
    sql.push(" AND id > (SELECT MAX(id) FROM p)) THEN 1 ELSE 0 END AS BIGINT) AS more, ");
    if known_total.is_some() {
        sql.push("NULL");
    } else {
        sql.push("(SELECT COUNT(*) FROM contacts");
        filters(&mut sql, &q);
        sql.push(")");
    }
    sql.push(" AS total FROM p");
    let row = sql.query().fetch_one(db.pool()).await?;
    let items: String = row.try_get("items")?;
    let last: Option<String> = row.try_get("last")?;
    let more: i64 = row.try_get("more")?;
    let total = match known_total {
        Some(n) => n,
        None => {
            let n: i64 = row.try_get("total")?;
            if unfiltered {
                state.contact_total.put(generation, n);
            }
            n
        }
    };
    let next = match last {
        Some(id) if more != 0 => Some(page::encode(&[&id])),
        _ => None,
    };
    // The items are already JSON: splice them in rather than parse them back.
    let mut body = String::with_capacity(items.len() + 64);
    body.push_str("{\"items\":");
    body.push_str(&items);
    body.push_str(",\"total\":");
    body.push_str(&total.to_string());
    body.push_str(",\"next\":");
    body.push_str(&serde_json::to_string(&next).map_err(|e| AppError::Internal(e.to_string()))?);
    body.push('}');
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn fetch(state: &AppState, id: &str) -> Result<Option<Contact>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {CONTACT_COLS} FROM contacts WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(state.db()?.pool())
    .await?;
    Ok(row.as_ref().map(store::contact_from_row).transpose()?)
}

/// `GET /api/contacts/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Contact>, AppError> {
    fetch(&state, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

async fn save(state: &AppState, contacts: &[Contact]) -> Result<(), AppError> {
    let (_writer, mut tx) = state.db()?.begin_write().await?;
    store::upsert_contacts(&mut tx, contacts, now()).await?;
    tx.commit().await?;
    state.data.invalidate();
    Ok(())
}

/// `POST /api/contacts`: creates one contact; 409 if the id is taken.
pub async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ContactIn>,
) -> Result<(StatusCode, Json<Contact>), AppError> {
    let mut p = Problems::default();
    let contact = body.check(&mut p, None);
    p.finish()?;
    if fetch(&state, &contact.id).await?.is_some() {
        return Err(AppError::status(
            StatusCode::CONFLICT,
            "exists",
            format!("Contact {:?} already exists; PUT it to update.", contact.id),
        ));
    }
    save(&state, std::slice::from_ref(&contact)).await?;
    Ok((StatusCode::CREATED, Json(contact)))
}

/// `PUT /api/contacts/{id}`: creates or replaces one contact.
pub async fn put(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ContactIn>,
) -> Result<Json<Contact>, AppError> {
    let mut p = Problems::default();
    if body.id.as_deref().is_some_and(|b| b != id) {
        p.add("id", "differs from the id in the path");
    }
    let contact = body.check(&mut p, Some(id));
    p.finish()?;
    save(&state, std::slice::from_ref(&contact)).await?;
    Ok(Json(contact))
}

/// `POST /api/contacts/batch`: creates or replaces up to 5,000 contacts, all
/// or none.
pub async fn batch(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, AppError> {
    let input: Vec<ContactIn> = validate::batch(&headers, body, MAX_BATCH)?;
    let mut p = Problems::default();
    let contacts: Vec<Contact> = input
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            p.index = Some(i);
            c.check(&mut p, None)
        })
        .collect();
    p.finish()?;
    save(&state, &contacts).await?;
    Ok(Json(json!({ "accepted": contacts.len() })))
}

/// Filters for the timeline.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineQuery {
    channel: Option<String>,
    kind: Option<String>,
    scope: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /api/contacts/{id}/timeline`: the contact's events, newest first.
pub async fn timeline(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<TimelineQuery>,
) -> Result<Json<Page<Event>>, AppError> {
    let limit = page::limit(q.limit)?;
    if fetch(&state, &id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let mut p = Problems::default();
    let channel = q
        .channel
        .as_deref()
        .map(|c| p.choice("channel", c, Channel::parse, Channel::Email));
    let kind = q
        .kind
        .as_deref()
        .map(|k| p.choice("kind", k, EventKind::parse, EventKind::Custom));
    let scope = q
        .scope
        .as_deref()
        .map(|s| p.choice("scope", s, Scope::parse, Scope::Unknown));
    p.finish()?;
    let where_ = |sql: &mut Sql| {
        sql.push(" WHERE contact_id = ").bind(Arg::Text(id.clone()));
        if let Some(c) = channel {
            sql.push(" AND channel = ")
                .bind(Arg::Text(c.as_str().into()));
        }
        if let Some(k) = kind {
            sql.push(" AND kind = ").bind(Arg::Text(k.as_str().into()));
        }
        if let Some(s) = scope {
            sql.push(" AND scope = ").bind(Arg::Text(s.as_str().into()));
        }
    };
    let pool = state.db()?.pool();
    let mut count = Sql::new("SELECT COUNT(*) AS n FROM events");
    where_(&mut count);
    let total: i64 = count.query().fetch_one(pool).await?.try_get("n")?;
    let mut sql = Sql::new(&format!("SELECT {EVENT_COLS} FROM events"));
    where_(&mut sql);
    if let Some(c) = &q.cursor {
        let after = page::decode(c, 2)?;
        let ts: i64 = after[0]
            .parse()
            .map_err(|_| AppError::bad_request("bad_cursor", "The cursor is damaged."))?;
        sql.push(" AND (ts < ")
            .bind(Arg::Int(ts))
            .push(" OR (ts = ")
            .bind(Arg::Int(ts))
            .push(" AND id < ")
            .bind(Arg::Text(after[1].clone()))
            .push("))");
    }
    sql.push(&format!(" ORDER BY ts DESC, id DESC LIMIT {}", limit + 1));
    let rows = sql.query().fetch_all(pool).await?;
    let items = rows
        .iter()
        .map(store::event_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(page::finish(items, limit, total, |e| {
        page::encode(&[&e.ts.to_string(), &e.id])
    })))
}
