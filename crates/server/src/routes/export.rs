//! Bulk exports for the client-side engine: contacts, events and orders as
//! NDJSON or CSV, streamed page by page so memory stays flat however large
//! the table.

use super::Routes;
use crate::db::{Arg, Sql};
use crate::extract::ApiQuery;
use crate::records::csv;
use crate::store;
use crate::{AppError, AppState};
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use sqlx::AnyPool;

/// Rows fetched per database round trip.
const PAGE: i64 = 2_000;

/// `?format=ndjson|csv`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    format: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Ndjson,
    Csv,
}

#[derive(Clone, Copy, Debug)]
enum Table {
    Contacts,
    Events,
    Orders,
}

/// The export routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/export/contacts", contacts)
        .get("/export/events", events)
        .get("/export/orders", orders)
}

async fn contacts(s: State<AppState>, q: ApiQuery<ExportQuery>) -> Result<Response, AppError> {
    export(s, q, Table::Contacts).await
}

async fn events(s: State<AppState>, q: ApiQuery<ExportQuery>) -> Result<Response, AppError> {
    export(s, q, Table::Events).await
}

async fn orders(s: State<AppState>, q: ApiQuery<ExportQuery>) -> Result<Response, AppError> {
    export(s, q, Table::Orders).await
}

async fn export(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ExportQuery>,
    table: Table,
) -> Result<Response, AppError> {
    let format = match q.format.as_deref() {
        None | Some("ndjson") => Format::Ndjson,
        Some("csv") => Format::Csv,
        Some(other) => {
            return Err(AppError::bad_request(
                "bad_format",
                format!("format must be ndjson or csv, not {other:?}"),
            ))
        }
    };
    let pool = state.db()?.pool().clone();
    let name = match table {
        Table::Contacts => "contacts",
        Table::Events => "events",
        Table::Orders => "orders",
    };
    let header_line = match (format, table) {
        (Format::Ndjson, _) => "",
        (Format::Csv, Table::Contacts) => csv::CONTACTS,
        (Format::Csv, Table::Events) => csv::EVENTS,
        (Format::Csv, Table::Orders) => csv::ORDERS,
    };
    let first = Some(Cursor::Start(header_line));
    let stream = futures_util::stream::unfold(first, move |cursor| {
        let pool = pool.clone();
        async move {
            let cursor = cursor?;
            match next_chunk(&pool, table, format, cursor).await {
                Ok((bytes, next)) => Some((Ok::<Bytes, std::io::Error>(bytes), next)),
                Err(err) => {
                    // Headers are gone already; cut the stream so the client
                    // sees a truncated body, and log why.
                    tracing::error!(error = %err, "export failed mid-stream");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    let content_type = match format {
        Format::Ndjson => "application/x-ndjson",
        Format::Csv => "text/csv; charset=utf-8",
    };
    let ext = if format == Format::Csv {
        "csv"
    } else {
        "ndjson"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{ext}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Where an export has got to.
#[derive(Debug)]
enum Cursor {
    /// Nothing sent yet; the header line to send first.
    Start(&'static str),
    /// The sort key of the last row sent: (ts, id) or (id).
    After(i64, String),
}

async fn next_chunk(
    pool: &AnyPool,
    table: Table,
    format: Format,
    cursor: Cursor,
) -> Result<(Bytes, Option<Cursor>), AppError> {
    let mut out = Vec::with_capacity(256 * 1024);
    let mut sql = match table {
        Table::Contacts => Sql::new(&format!(
            "SELECT {} FROM contacts WHERE 1 = 1",
            store::CONTACT_COLS
        )),
        Table::Events => Sql::new(&format!(
            "SELECT {} FROM events WHERE 1 = 1",
            store::EVENT_COLS
        )),
        Table::Orders => Sql::new(&format!(
            "SELECT {} FROM orders WHERE 1 = 1",
            store::ORDER_COLS
        )),
    };
    match (&cursor, table) {
        (Cursor::Start(head), _) => out.extend_from_slice(head.as_bytes()),
        (Cursor::After(_, id), Table::Contacts) => {
            sql.push(" AND id > ").bind(Arg::Text(id.clone()));
        }
        (Cursor::After(ts, id), _) => {
            sql.push(" AND (ts > ")
                .bind(Arg::Int(*ts))
                .push(" OR (ts = ")
                .bind(Arg::Int(*ts))
                .push(" AND id > ")
                .bind(Arg::Text(id.clone()))
                .push("))");
        }
    }
    sql.push(match table {
        Table::Contacts => " ORDER BY id",
        _ => " ORDER BY ts, id",
    });
    sql.push(&format!(" LIMIT {PAGE}"));
    let rows = sql.query().fetch_all(pool).await?;
    let mut last = None;
    for row in &rows {
        match table {
            Table::Contacts => {
                let c = store::contact_from_row(row)?;
                write(&mut out, format, &c, csv::contact)?;
                last = Some((0, c.id));
            }
            Table::Events => {
                let e = store::event_from_row(row)?;
                write(&mut out, format, &e, csv::event)?;
                last = Some((e.ts, e.id));
            }
            Table::Orders => {
                let o = store::order_from_row(row)?;
                write(&mut out, format, &o, csv::order)?;
                last = Some((o.ts, o.id));
            }
        }
    }
    let next = match last {
        Some((ts, id)) if rows.len() as i64 == PAGE => Some(Cursor::After(ts, id)),
        _ => None,
    };
    Ok((Bytes::from(out), next))
}

fn write<T: serde::Serialize>(
    out: &mut Vec<u8>,
    format: Format,
    row: &T,
    csv_line: fn(&mut Vec<u8>, &T),
) -> Result<(), AppError> {
    match format {
        Format::Csv => csv_line(out, row),
        Format::Ndjson => {
            serde_json::to_writer(&mut *out, row).map_err(|e| AppError::Internal(e.to_string()))?;
            out.push(b'\n');
        }
    }
    Ok(())
}
