//! Send jobs: creating one (with its delivery rows, consent applied), its
//! results, and the click and display beacons that feed the channel KPIs.

use crate::auth::{now, random_hex};
use crate::db::Db;
use crate::records::Event;
use crate::AppError;
use canal_core::{Channel, Direction, EventKind, Scope};
use serde_json::{json, Value};
use sqlx::Row;

/// Who a send goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every subscription.
    All,
    /// Subscriptions that picked this topic.
    Topic(&'static str),
    /// Subscriptions linked to these contact keys.
    Contacts(Vec<String>),
    /// These subscriptions, by endpoint: a test send to the marketer's own
    /// browser.
    Endpoints(Vec<String>),
}

impl Audience {
    fn to_json(&self) -> Value {
        match self {
            Audience::All => json!({ "all": true }),
            Audience::Topic(t) => json!({ "topic": t }),
            Audience::Contacts(c) => json!({ "contacts": c }),
            Audience::Endpoints(e) => json!({ "endpoints": e.len() }),
        }
    }
}

/// A validated send request (see `routes/push.rs`).
#[derive(Debug, Clone)]
pub struct NewSend {
    /// Notification title.
    pub title: String,
    /// Notification text.
    pub body: String,
    /// Where a click leads.
    pub url: String,
    /// Notification icon URL.
    pub icon: Option<String>,
    /// RFC 8030 `Topic`: a newer message with it replaces a queued one.
    pub topic: Option<String>,
    /// Seconds the push service keeps the message for an offline device.
    pub ttl: u32,
    /// RFC 8030 urgency, as its header value.
    pub urgency: &'static str,
    /// Who gets it.
    pub audience: Audience,
    /// A test send: delivered like any other, but kept out of the KPIs.
    pub test: bool,
}

/// The notification JSON the service worker reads. The tag is the send id,
/// so a resend of the same send replaces its notification on screen.
pub fn payload(send_id: &str, s: &NewSend) -> String {
    json!({
        "title": s.title,
        "body": s.body,
        "url": s.url,
        "icon": s.icon,
        "tag": send_id,
        "send_id": send_id,
    })
    .to_string()
}

/// A new send id; fixed length, so payload size checks can use it.
pub fn new_id() -> Result<String, AppError> {
    Ok(format!("wp_{}", random_hex(10)?))
}

/// SQL true when subscription `s`'s contact has opted out of web push: its
/// latest web_push statement for a subject (the audience topic when there is
/// one, else any subject) is `opted_out`. When unsure, Canal does not send.
fn opted_out(topic: bool) -> String {
    format!(
        "(s.contact_id IS NOT NULL AND EXISTS (SELECT 1 FROM consent c \
         WHERE c.contact_id = s.contact_id AND c.channel = '{ch}' AND c.status = 'opted_out' {subject} \
         AND c.ts = (SELECT MAX(c2.ts) FROM consent c2 WHERE c2.contact_id = c.contact_id \
         AND c2.subject = c.subject AND c2.channel = c.channel)))",
        ch = Channel::WebPush.as_str(),
        subject = if topic { "AND c.subject = $3" } else { "" },
    )
}

/// Stores the send and one delivery row per subscription in the audience,
/// in one transaction; subscriptions whose contact opted out, or whose
/// contact is in `held_back` (pressure, by reason code), are stored as
/// `skipped` with the reason. Returns the new send's results.
pub async fn create(
    db: &Db,
    id: &str,
    s: &NewSend,
    payload: &str,
    user: Option<&str>,
    held_back: &[(&'static str, Vec<String>)],
) -> Result<Value, AppError> {
    let at = now();
    let (_writer, mut tx) = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO push_sends (id, title, body, url, icon, topic, ttl, urgency, audience, test, \
         payload, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(&s.title)
    .bind(&s.body)
    .bind(&s.url)
    .bind(s.icon.as_deref())
    .bind(s.topic.as_deref())
    .bind(i64::from(s.ttl))
    .bind(s.urgency)
    .bind(s.audience.to_json().to_string())
    .bind(i64::from(s.test))
    .bind(payload)
    .bind(user)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let topic = matches!(s.audience, Audience::Topic(_));
    let out = opted_out(topic);
    let mut sql = format!(
        "INSERT INTO push_deliveries (id, send_id, subscription_id, status, attempts, next_at, \
         reason, updated_at) SELECT $1 || '.' || s.id, $1, s.id, \
         CASE WHEN {out} THEN 'skipped' ELSE 'pending' END, 0, $2, \
         CASE WHEN {out} THEN 'consent_opted_out' ELSE NULL END, $2 \
         FROM push_subscriptions s WHERE "
    );
    match &s.audience {
        Audience::All => sql.push_str("1 = 1"),
        Audience::Topic(_) => sql.push_str("s.topics LIKE $4"),
        Audience::Contacts(keys) | Audience::Endpoints(keys) => {
            let column = match &s.audience {
                Audience::Contacts(_) => "s.contact_id",
                _ => "s.endpoint",
            };
            sql.push_str(&format!("{column} IN ({})", placeholders(3, keys.len())));
        }
    }
    let mut q = sqlx::query(&sql).bind(id).bind(at);
    match &s.audience {
        Audience::All => {}
        Audience::Topic(t) => q = q.bind(*t).bind(format!("%\"{t}\"%")),
        Audience::Contacts(keys) | Audience::Endpoints(keys) => {
            for k in keys {
                q = q.bind(k.as_str());
            }
        }
    }
    q.execute(&mut *tx).await?;
    for (reason, keys) in held_back {
        // Bounded statements; SQLite allows 32766 parameters.
        for chunk in keys.chunks(500) {
            let sql = format!(
                "UPDATE push_deliveries SET status = 'skipped', reason = $2 WHERE send_id = $1 \
                 AND status = 'pending' AND subscription_id IN \
                 (SELECT id FROM push_subscriptions WHERE contact_id IN ({}))",
                placeholders(3, chunk.len())
            );
            let mut q = sqlx::query(&sql).bind(id).bind(*reason);
            for k in chunk {
                q = q.bind(k.as_str());
            }
            q.execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    results(db, id)
        .await?
        .ok_or_else(|| AppError::Internal("send vanished after insert".into()))
}

/// `$first, $first+1, …` for `n` parameters.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Most skipped contacts listed with a send's results.
pub const SKIPPED_LISTED: u32 = 100;

/// The send and what became of it, or `None` if there is no such send.
pub async fn results(db: &Db, id: &str) -> Result<Option<Value>, AppError> {
    let pool = db.pool();
    let Some(row) = sqlx::query(
        "SELECT id, title, body, url, icon, topic, ttl, urgency, audience, test, created_at \
         FROM push_sends WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let audience: String = row.try_get("audience")?;
    let mut counts = json!({
        "total": 0, "pending": 0, "sent": 0, "failed": 0, "expired_removed": 0,
        "unknown": 0, "skipped": 0,
    });
    let mut skipped = serde_json::Map::new();
    let rows = sqlx::query(
        "SELECT status, reason, COUNT(*) AS n FROM push_deliveries WHERE send_id = $1 \
         GROUP BY status, reason",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for r in rows {
        let status: String = r.try_get("status")?;
        let n: i64 = r.try_get("n")?;
        let key = match status.as_str() {
            "pending" | "sending" => "pending",
            "delivered" => "sent",
            "expired" => "expired_removed",
            other => other,
        };
        if key == "skipped" {
            let reason: Option<String> = r.try_get("reason")?;
            skipped.insert(reason.unwrap_or_default(), json!(n));
        }
        counts[key] = json!(counts[key].as_i64().unwrap_or(0) + n);
        counts["total"] = json!(counts["total"].as_i64().unwrap_or(0) + n);
    }
    let mut engagement = serde_json::Map::new();
    for (name, kind) in [
        ("clicks", EventKind::Clicked),
        ("displayed", EventKind::Delivered),
    ] {
        let n: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM events WHERE channel = $1 AND kind = $2 AND campaign_id = $3",
        )
        .bind(Channel::WebPush.as_str())
        .bind(kind.as_str())
        .bind(id)
        .fetch_one(pool)
        .await?
        .try_get("n")?;
        engagement.insert(name.into(), json!(n));
    }
    let skipped_rows = sqlx::query(&format!(
        "SELECT d.subscription_id AS sub, s.contact_id AS contact, d.reason AS reason \
         FROM push_deliveries d LEFT JOIN push_subscriptions s ON s.id = d.subscription_id \
         WHERE d.send_id = $1 AND d.status = 'skipped' ORDER BY d.id LIMIT {SKIPPED_LISTED}"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut skipped_contacts = Vec::with_capacity(skipped_rows.len());
    for r in skipped_rows {
        let sub: String = r.try_get("sub")?;
        let reason: Option<String> = r.try_get("reason")?;
        skipped_contacts.push(json!({
            "contact_id": event_contact(&sub, r.try_get("contact")?),
            "reason": reason.unwrap_or_default(),
        }));
    }
    let test: i64 = row.try_get("test")?;
    Ok(Some(json!({
        "id": row.try_get::<String, _>("id")?,
        "title": row.try_get::<String, _>("title")?,
        "body": row.try_get::<String, _>("body")?,
        "url": row.try_get::<String, _>("url")?,
        "icon": row.try_get::<Option<String>, _>("icon")?,
        "topic": row.try_get::<Option<String>, _>("topic")?,
        "ttl": row.try_get::<i64, _>("ttl")?,
        "urgency": row.try_get::<String, _>("urgency")?,
        "audience": serde_json::from_str::<Value>(&audience).unwrap_or(Value::Null),
        "test": test != 0,
        "created_at": crate::time::rfc3339(row.try_get("created_at")?),
        "results": counts,
        "skipped_reasons": skipped,
        "skipped_contacts": skipped_contacts,
        "clicks": engagement["clicks"],
        "displayed": engagement["displayed"],
    })))
}

/// The `limit` newest sends with their results, newest first.
pub async fn recent(db: &Db, limit: u32) -> Result<Vec<Value>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT id FROM push_sends ORDER BY created_at DESC, id DESC LIMIT {limit}"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("id")?;
        if let Some(v) = results(db, &id).await? {
            out.push(v);
        }
    }
    Ok(out)
}

/// The contact an event of subscription `sub` is filed under: its contact,
/// or a stand-in per anonymous subscription so per-contact KPIs still count.
pub fn event_contact(sub: &str, contact: Option<String>) -> String {
    contact.unwrap_or_else(|| format!("push:{sub}"))
}

/// A web_push event about one delivery, with an id derived from it so a
/// repeated beacon or a re-recorded outcome is stored once.
pub fn event(kind: EventKind, send_id: &str, sub: &str, contact: String, ts: i64) -> Event {
    Event {
        id: format!("wp-{}-{send_id}.{sub}", kind.as_str()),
        contact_id: contact,
        ts,
        channel: Channel::WebPush,
        direction: match kind {
            EventKind::Clicked => Direction::Inbound,
            _ => Direction::Outbound,
        },
        kind,
        scope: Scope::Engagement,
        flags: 0,
        campaign_id: Some(send_id.to_owned()),
        name: None,
        session_id: None,
        value: None,
        payload: None,
    }
}

/// Records a click or display reported by the service worker. Only a
/// subscription the send was actually addressed to counts, so the public
/// beacon cannot inflate a send's figures; test sends record nothing.
/// Returns whether an event was stored (or already was).
pub async fn record_beacon(
    db: &Db,
    send_id: &str,
    endpoint: &str,
    kind: EventKind,
) -> Result<bool, AppError> {
    let row = sqlx::query(
        "SELECT s.id AS sub, s.contact_id AS contact, p.test AS test FROM push_deliveries d \
         JOIN push_subscriptions s ON s.id = d.subscription_id \
         JOIN push_sends p ON p.id = d.send_id \
         WHERE d.send_id = $1 AND s.endpoint = $2 \
         AND d.status IN ('delivered', 'sending', 'unknown')",
    )
    .bind(send_id)
    .bind(endpoint)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(false) };
    let test: i64 = row.try_get("test")?;
    if test != 0 {
        return Ok(false);
    }
    let sub: String = row.try_get("sub")?;
    let contact = event_contact(&sub, row.try_get("contact")?);
    let e = event(kind, send_id, &sub, contact, now());
    let (_writer, mut tx) = db.begin_write().await?;
    crate::store::insert_events(&mut tx, &[e], now()).await?;
    tx.commit().await?;
    Ok(true)
}
