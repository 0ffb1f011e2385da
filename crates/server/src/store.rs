//! Reading and writing the resource tables: batched inserts, row decoding,
//! and loading everything into a core [`Dataset`] for server-side metrics.

use crate::db::{Arg, Sql};
use crate::records::{Campaign, Consent, Contact, Event, Order};
use canal_core::model::EventRow;
use canal_core::{Channel, Dataset, Direction, EventKind, Scope};
use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

/// Binds per row stay under SQLite's 32,766 and PostgreSQL's 65,535 limits.
const MAX_BINDS: usize = 30_000;

/// Inserts `rows` with multi-row `VALUES` statements of `cols` columns each,
/// `head` being `INSERT INTO t (…) VALUES ` and `tail` the conflict clause.
/// Returns how many rows the database reports as written.
async fn insert_rows<T>(
    conn: &mut AnyConnection,
    head: &str,
    cols: usize,
    tail: &str,
    rows: &[T],
    bind: impl Fn(&mut Sql, &T),
) -> Result<u64, sqlx::Error> {
    let mut written = 0;
    for chunk in rows.chunks((MAX_BINDS / cols).max(1)) {
        let mut sql = Sql::new(head);
        for (i, row) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            bind(&mut sql, row);
            sql.push(")");
        }
        sql.push(tail);
        if conn.backend_name() == "SQLite" {
            // sqlx asks SQLite for each parameter's name, a linear scan of
            // the named ones: quadratic, seconds for one 30,000-bind insert.
            // Anonymous `?`s have no names; every placeholder here appears
            // once, in bind order, so they bind the same values.
            sql.text = anonymous_placeholders(&sql.text);
        }
        written += sql.query().execute(&mut *conn).await?.rows_affected();
    }
    Ok(written)
}

/// The rows with distinct keys, the last occurrence winning: PostgreSQL
/// refuses an `ON CONFLICT DO UPDATE` that touches one row twice.
fn last_by_key<T, K: Eq + std::hash::Hash>(rows: &[T], key: impl Fn(&T) -> K) -> Vec<&T> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<&T> = rows.iter().rev().filter(|r| seen.insert(key(r))).collect();
    out.reverse();
    out
}

/// `$1, $2` → `?, ?`. Only for SQL whose placeholders appear once each, in
/// order, and with no other `$`.
fn anonymous_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' {
            out.push('?');
            while chars.next_if(char::is_ascii_digit).is_some() {}
        } else {
            out.push(c);
        }
    }
    out
}

fn text(s: &str) -> Arg {
    Arg::Text(s.to_owned())
}

fn opt_text(s: &Option<String>) -> Arg {
    Arg::OptText(s.clone())
}

/// Binds `args` separated by commas.
fn bind_list(sql: &mut Sql, args: impl IntoIterator<Item = Arg>) {
    for (i, a) in args.into_iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(a);
    }
}

/// Rows per JSON-array statement: the largest `POST /api/events` batch is
/// one statement, and the demo's bulk load stays in bounded pieces.
const JSON_CHUNK: usize = 10_000;

/// Inserts events, skipping ids already stored; returns how many were new.
/// Contacts they name get a bare row if they have none yet.
///
/// The rows travel as one JSON text bound to one placeholder, unpacked by the
/// database (`json_each` on SQLite, `jsonb_array_elements` on PostgreSQL):
/// the statement text never changes, so it is prepared once per connection,
/// and binding one value instead of 13 per row removes most of the per-row
/// cost of sqlx's argument conversion (see BENCHMARKS.md, session 11).
pub async fn insert_events(
    conn: &mut AnyConnection,
    events: &[Event],
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut written = 0;
    for chunk in events.chunks(JSON_CHUNK) {
        let batch = EventsJson::new(chunk)?;
        written += insert_events_json(conn, &batch.rows, &batch.contacts, now).await?;
    }
    Ok(written)
}

/// Events as the JSON texts [`insert_events_json`] binds.
#[derive(Debug)]
pub struct EventsJson {
    /// The rows, an array of 13-element arrays in `events` column order.
    pub rows: String,
    /// The distinct contact ids the rows name, an array of strings.
    pub contacts: String,
}

impl EventsJson {
    /// The JSON texts of `events`.
    pub fn new(events: &[Event]) -> Result<Self, sqlx::Error> {
        let mut ids: Vec<&str> = events.iter().map(|e| e.contact_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows: Vec<_> = events
            .iter()
            .map(|e| {
                (
                    &e.id,
                    &e.contact_id,
                    e.ts,
                    e.channel.as_str(),
                    e.direction.as_str(),
                    e.kind.as_str(),
                    e.scope.as_str(),
                    e.flags,
                    &e.campaign_id,
                    &e.name,
                    &e.session_id,
                    e.value,
                    &e.payload,
                )
            })
            .collect();
        Ok(EventsJson {
            rows: json_text(&rows)?,
            contacts: json_text(&ids)?,
        })
    }
}

/// Inserts the event rows of the JSON text `rows` (see [`EventsJson`]),
/// skipping ids already stored, after giving each contact id of `contacts`
/// a bare row if it has none; returns how many events were new.
pub async fn insert_events_json(
    conn: &mut AnyConnection,
    rows: &str,
    contacts: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    ensure_contacts_json(conn, contacts, now).await?;
    insert_event_rows(conn, rows).await
}

/// Inserts the event rows of the JSON text `rows` in one statement,
/// skipping ids already stored; returns how many were new.
pub async fn insert_event_rows(conn: &mut AnyConnection, rows: &str) -> Result<u64, sqlx::Error> {
    let sql = if conn.backend_name() == "SQLite" {
        // `WHERE true`: SQLite's grammar needs it before an upsert clause
        // on INSERT … SELECT.
        "INSERT INTO events (id, contact_id, ts, channel, direction, kind, scope, flags, \
         campaign_id, name, session_id, value, payload) \
         SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, \
         r.value ->> 5, r.value ->> 6, r.value ->> 7, r.value ->> 8, r.value ->> 9, \
         r.value ->> 10, r.value ->> 11, r.value ->> 12 \
         FROM json_each($1) AS r WHERE true ON CONFLICT (id) DO NOTHING"
    } else {
        "INSERT INTO events (id, contact_id, ts, channel, direction, kind, scope, flags, \
         campaign_id, name, session_id, value, payload) \
         SELECT r ->> 0, r ->> 1, (r ->> 2)::bigint, r ->> 3, r ->> 4, r ->> 5, r ->> 6, \
         (r ->> 7)::bigint, r ->> 8, r ->> 9, r ->> 10, (r ->> 11)::double precision, r ->> 12 \
         FROM jsonb_array_elements($1::jsonb) AS r ON CONFLICT (id) DO NOTHING"
    };
    Ok(sqlx::query(sql)
        .bind(rows)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// `rows` as one JSON array text, for the single-placeholder inserts.
fn json_text(rows: &impl serde::Serialize) -> Result<String, sqlx::Error> {
    serde_json::to_string(rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Gives every id in `ids` a contact row if it has none.
pub async fn ensure_contacts(
    conn: &mut AnyConnection,
    ids: &[&str],
    now: i64,
) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(JSON_CHUNK) {
        ensure_contacts_json(conn, &json_text(&chunk)?, now).await?;
    }
    Ok(())
}

/// Gives every id of the JSON array text `ids` a contact row if it has none.
pub async fn ensure_contacts_json(
    conn: &mut AnyConnection,
    ids: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = if conn.backend_name() == "SQLite" {
        "INSERT INTO contacts (id, updated_at) SELECT r.value, $2 FROM json_each($1) AS r \
         WHERE true ON CONFLICT (id) DO NOTHING"
    } else {
        "INSERT INTO contacts (id, updated_at) \
         SELECT r, $2 FROM jsonb_array_elements_text($1::jsonb) AS r ON CONFLICT (id) DO NOTHING"
    };
    sqlx::query(sql)
        .bind(ids)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Inserts or replaces contacts.
pub async fn upsert_contacts(
    conn: &mut AnyConnection,
    contacts: &[Contact],
    now: i64,
) -> Result<u64, sqlx::Error> {
    insert_rows(
        conn,
        "INSERT INTO contacts (id, email, phone, name, country, city, birth_year, job_title, \
         company, company_size, created_at, stage, attributes, updated_at) VALUES ",
        14,
        " ON CONFLICT (id) DO UPDATE SET email = excluded.email, phone = excluded.phone, \
         name = excluded.name, country = excluded.country, city = excluded.city, \
         birth_year = excluded.birth_year, job_title = excluded.job_title, \
         company = excluded.company, company_size = excluded.company_size, \
         created_at = excluded.created_at, stage = excluded.stage, \
         attributes = excluded.attributes, updated_at = excluded.updated_at",
        &last_by_key(contacts, |c| c.id.clone()),
        |sql, c| {
            bind_list(
                sql,
                [
                    text(&c.id),
                    opt_text(&c.email),
                    opt_text(&c.phone),
                    opt_text(&c.name),
                    opt_text(&c.country),
                    opt_text(&c.city),
                    Arg::OptInt(c.birth_year),
                    opt_text(&c.job_title),
                    opt_text(&c.company),
                    Arg::OptInt(c.company_size),
                    Arg::OptInt(c.created_at),
                    opt_text(&c.stage),
                    Arg::Text(c.attributes.to_string()),
                    Arg::Int(now),
                ],
            )
        },
    )
    .await
}

/// Inserts or replaces orders (by order id).
pub async fn upsert_orders(
    conn: &mut AnyConnection,
    orders: &[Order],
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut ids: Vec<&str> = orders.iter().map(|o| o.contact_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ensure_contacts(conn, &ids, now).await?;
    insert_rows(
        conn,
        "INSERT INTO orders (id, contact_id, ts, amount, currency, items) VALUES ",
        6,
        " ON CONFLICT (id) DO UPDATE SET contact_id = excluded.contact_id, ts = excluded.ts, \
         amount = excluded.amount, currency = excluded.currency, items = excluded.items",
        &last_by_key(orders, |o| o.id.clone()),
        |sql, o| {
            bind_list(
                sql,
                [
                    text(&o.id),
                    text(&o.contact_id),
                    Arg::Int(o.ts),
                    Arg::Float(o.amount),
                    opt_text(&o.currency),
                    Arg::OptInt(o.items),
                ],
            )
        },
    )
    .await
}

/// Inserts or replaces campaigns.
pub async fn upsert_campaigns(
    conn: &mut AnyConnection,
    campaigns: &[Campaign],
) -> Result<u64, sqlx::Error> {
    insert_rows(
        conn,
        "INSERT INTO campaigns (id, name, channel, scope, subject, message_type, sent_at, cost) \
         VALUES ",
        8,
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, channel = excluded.channel, \
         scope = excluded.scope, subject = excluded.subject, \
         message_type = excluded.message_type, sent_at = excluded.sent_at, cost = excluded.cost",
        &last_by_key(campaigns, |c| c.id.clone()),
        |sql, c| {
            bind_list(
                sql,
                [
                    text(&c.id),
                    text(&c.name),
                    text(c.channel.as_str()),
                    text(c.scope.as_str()),
                    text(&c.subject),
                    text(&c.message_type),
                    Arg::OptInt(c.sent_at),
                    Arg::Float(c.cost),
                ],
            )
        },
    )
    .await
}

/// Records consent statements; restating the same one is a no-op.
pub async fn insert_consent(
    conn: &mut AnyConnection,
    rows: &[Consent],
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut ids: Vec<&str> = rows.iter().map(|c| c.contact_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ensure_contacts(conn, &ids, now).await?;
    insert_rows(
        conn,
        "INSERT INTO consent (contact_id, subject, channel, status, ts, source) VALUES ",
        6,
        " ON CONFLICT (contact_id, subject, channel, ts) DO UPDATE SET status = excluded.status, \
         source = excluded.source",
        &last_by_key(rows, |c| {
            (c.contact_id.clone(), c.subject.clone(), c.channel, c.ts)
        }),
        |sql, c| {
            bind_list(
                sql,
                [
                    text(&c.contact_id),
                    text(&c.subject),
                    text(c.channel.as_str()),
                    text(&c.status),
                    Arg::Int(c.ts),
                    opt_text(&c.source),
                ],
            )
        },
    )
    .await
}

/// The columns [`contact_from_row`] reads, for `SELECT`.
pub const CONTACT_COLS: &str = "id, email, phone, name, country, city, birth_year, job_title, \
     company, company_size, created_at, stage, attributes";
/// The columns [`event_from_row`] reads.
pub const EVENT_COLS: &str = "id, contact_id, ts, channel, direction, kind, scope, flags, \
     campaign_id, name, session_id, value, payload";
/// The columns [`order_from_row`] reads.
pub const ORDER_COLS: &str = "id, contact_id, ts, amount, currency, items";
/// The columns [`campaign_from_row`] reads.
pub const CAMPAIGN_COLS: &str = "id, name, channel, scope, subject, message_type, sent_at, cost";
/// The columns [`consent_from_row`] reads.
pub const CONSENT_COLS: &str = "contact_id, subject, channel, status, ts, source";

/// Decodes a contact row.
pub fn contact_from_row(r: &AnyRow) -> Result<Contact, sqlx::Error> {
    let attributes: String = r.try_get("attributes")?;
    Ok(Contact {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        name: r.try_get("name")?,
        country: r.try_get("country")?,
        city: r.try_get("city")?,
        birth_year: r.try_get("birth_year")?,
        job_title: r.try_get("job_title")?,
        company: r.try_get("company")?,
        company_size: r.try_get("company_size")?,
        created_at: r.try_get("created_at")?,
        stage: r.try_get("stage")?,
        attributes: serde_json::from_str(&attributes)
            .unwrap_or_else(|_| serde_json::Value::Object(Default::default())),
    })
}

/// Decodes an event row.
pub fn event_from_row(r: &AnyRow) -> Result<Event, sqlx::Error> {
    let channel: String = r.try_get("channel")?;
    let direction: String = r.try_get("direction")?;
    let kind: String = r.try_get("kind")?;
    let scope: String = r.try_get("scope")?;
    let flags: i64 = r.try_get("flags")?;
    Ok(Event {
        id: r.try_get("id")?,
        contact_id: r.try_get("contact_id")?,
        ts: r.try_get("ts")?,
        // Stored values were validated on the way in; the fallbacks only
        // guard against hand-edited rows.
        channel: Channel::parse(&channel).unwrap_or(Channel::Email),
        direction: Direction::parse(&direction).unwrap_or(Direction::Outbound),
        kind: EventKind::parse(&kind).unwrap_or(EventKind::Custom),
        scope: Scope::parse(&scope).unwrap_or(Scope::Unknown),
        flags: u8::try_from(flags).unwrap_or(0),
        campaign_id: r.try_get("campaign_id")?,
        name: r.try_get("name")?,
        session_id: r.try_get("session_id")?,
        value: r.try_get("value")?,
        payload: r.try_get("payload")?,
    })
}

/// Decodes an order row.
pub fn order_from_row(r: &AnyRow) -> Result<Order, sqlx::Error> {
    Ok(Order {
        id: r.try_get("id")?,
        contact_id: r.try_get("contact_id")?,
        ts: r.try_get("ts")?,
        amount: r.try_get("amount")?,
        currency: r.try_get("currency")?,
        items: r.try_get("items")?,
    })
}

/// Decodes a campaign row.
pub fn campaign_from_row(r: &AnyRow) -> Result<Campaign, sqlx::Error> {
    let channel: String = r.try_get("channel")?;
    let scope: String = r.try_get("scope")?;
    Ok(Campaign {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        channel: Channel::parse(&channel).unwrap_or(Channel::Email),
        scope: Scope::parse(&scope).unwrap_or(Scope::Unknown),
        subject: r.try_get("subject")?,
        message_type: r.try_get("message_type")?,
        sent_at: r.try_get("sent_at")?,
        cost: r.try_get("cost")?,
    })
}

/// Decodes a consent row.
pub fn consent_from_row(r: &AnyRow) -> Result<Consent, sqlx::Error> {
    let channel: String = r.try_get("channel")?;
    Ok(Consent {
        contact_id: r.try_get("contact_id")?,
        subject: r.try_get("subject")?,
        channel: Channel::parse(&channel).unwrap_or(Channel::Email),
        status: r.try_get("status")?,
        ts: r.try_get("ts")?,
        source: r.try_get("source")?,
    })
}

/// Loads every event and order (optionally only those at or after `since`)
/// into a core [`Dataset`], streaming rows so memory holds the columns only.
/// People are joined with the workspace's phone country
/// ([`crate::settings::identity`]).
pub async fn load_dataset(pool: &AnyPool, since: Option<i64>) -> Result<Dataset, sqlx::Error> {
    // National numbers in the phone column are read in it by `unify` below.
    let phone_country = crate::settings::identity::stored_identity(pool)
        .await?
        .map(|s| s.value);
    let mut data = Dataset {
        phone_country,
        ..Dataset::default()
    };
    let since = since.unwrap_or(i64::MIN);
    {
        // Contacts first, in id order, so dense ids do not depend on which
        // table mentions a contact first.
        let sql = format!("SELECT {CONTACT_COLS} FROM contacts ORDER BY id");
        let mut rows = sqlx::query(&sql).fetch(pool);
        while let Some(row) = rows.try_next().await? {
            let c = contact_from_row(&row)?;
            // Every row is one record: people are joined by
            // `people::unify` below, by any identifier they share, as the
            // app and `canal analyze` join them (SPEC §7). Joining here by
            // e-mail would keep one phone of the two and lose a link.
            let id = data.contact_id(&c.id) as usize;
            let email = c.email.as_deref().map(|e| e.trim().to_lowercase());
            let mut text = |v: Option<&str>, col: &mut Vec<u32>| {
                if let Some(t) = v.filter(|t| !t.is_empty()) {
                    col[id] = data.text.intern(t);
                }
            };
            let t = &mut data.contacts;
            text(c.name.as_deref(), &mut t.name);
            text(email.as_deref(), &mut t.email);
            text(c.phone.as_deref(), &mut t.phone);
            text(c.country.as_deref(), &mut t.country);
            text(c.city.as_deref(), &mut t.city);
            text(c.job_title.as_deref(), &mut t.job_title);
            text(c.company.as_deref(), &mut t.company);
            text(c.stage.as_deref(), &mut t.stage);
            if let Some(y) = c.birth_year.and_then(|y| u16::try_from(y).ok()) {
                t.birth_year[id] = y;
            }
            if let Some(n) = c.company_size.and_then(|n| u32::try_from(n).ok()) {
                t.company_size[id] = n;
            }
            if let Some(at) = c.created_at {
                t.created_at[id] = at;
            }
        }
    }
    {
        let sql = format!("SELECT {EVENT_COLS} FROM events WHERE ts >= $1 ORDER BY ts, id");
        let mut rows = sqlx::query(&sql).bind(since).fetch(pool);
        while let Some(row) = rows.try_next().await? {
            let e = event_from_row(&row)?;
            let mut r = EventRow::new(&e.contact_id, e.ts, e.channel, e.kind);
            r.direction = e.direction;
            r.scope = e.scope;
            r.flags = e.flags;
            r.campaign = e.campaign_id.as_deref();
            r.name = e.name.as_deref();
            r.session = e.session_id.as_deref();
            r.value = e.value.map(|v| v as f32);
            data.push_event(&r);
        }
    }
    {
        let sql = format!("SELECT {ORDER_COLS} FROM orders WHERE ts >= $1 ORDER BY ts, id");
        let mut rows = sqlx::query(&sql).bind(since).fetch(pool);
        while let Some(row) = rows.try_next().await? {
            let o = order_from_row(&row)?;
            data.push_order(Some(&o.id), &o.contact_id, o.ts, o.amount);
        }
    }
    let rows = sqlx::query(&format!(
        "SELECT {CAMPAIGN_COLS} FROM campaigns ORDER BY id"
    ))
    .fetch_all(pool)
    .await?;
    for row in rows {
        let c = campaign_from_row(&row)?;
        let id = data.campaign_ids.intern(&c.id);
        data.campaigns.push(canal_core::model::Campaign {
            id,
            name: c.name,
            channel: c.channel,
            scope: c.scope,
            subject: c.subject,
            message_type: c.message_type,
            sent_at: c.sent_at,
            cost: c.cost,
        });
    }
    // Records that share any identifier are one person, exactly as the app
    // and `canal analyze` count them.
    canal_core::people::unify(&mut data);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_anonymous() {
        assert_eq!(
            anonymous_placeholders("VALUES ($1, $2), ($3, $10) ON CONFLICT"),
            "VALUES (?, ?), (?, ?) ON CONFLICT"
        );
    }
}
