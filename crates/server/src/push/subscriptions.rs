//! Visitors' push subscriptions: validation, upsert by endpoint, removal and
//! the counts marketers see.

use crate::auth::{now, random_hex};
use crate::db::Db;
use crate::AppError;
use serde_json::{json, Value};
use sqlx::Row;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};

/// The topics a visitor may pick; they double as consent subjects (SPEC §6).
pub const TOPICS: [&str; 4] = ["news", "offers", "account", "loyalty"];
/// Longest endpoint accepted; real ones are a few hundred bytes.
pub const MAX_ENDPOINT: usize = 2048;
/// Largest subscription request body.
pub const BODY_LIMIT: usize = 8 * 1024;

/// A subscription that passed every check (see `routes/push.rs`).
#[derive(Debug)]
pub struct Valid {
    /// The push endpoint.
    pub endpoint: String,
    /// The browser's public key, base64url as received.
    pub p256dh: String,
    /// The auth secret, base64url as received.
    pub auth: String,
    /// Known topics, without repeats.
    pub topics: Vec<&'static str>,
    /// The visitor's contact key, when the site knows it.
    pub contact_id: Option<String>,
}

static LOOPBACK: AtomicBool = AtomicBool::new(false);

/// Lets subscriptions name plain-`http` loopback endpoints, for a mock push
/// service in tests. Also on when `CANAL_PUSH_ALLOW_LOOPBACK=1`. Off by
/// default: otherwise any visitor could make the server POST to services
/// listening on its own machine.
pub fn allow_loopback_endpoints() {
    LOOPBACK.store(true, Ordering::Relaxed);
}

fn loopback_allowed() -> bool {
    LOOPBACK.load(Ordering::Relaxed)
        || std::env::var("CANAL_PUSH_ALLOW_LOOPBACK").is_ok_and(|v| v == "1")
}

/// Why `endpoint` may not receive our pushes, if it may not: it must be
/// `https` to a host name or a public address; plain `http` to a loopback
/// host only when [`allow_loopback_endpoints`] was called.
pub fn endpoint_problem(endpoint: &str) -> Option<&'static str> {
    if endpoint.len() > MAX_ENDPOINT {
        return Some("must be at most 2048 bytes");
    }
    let Ok(url) = reqwest::Url::parse(endpoint) else {
        return Some("must be an absolute URL");
    };
    let Some(host) = url.host_str() else {
        return Some("must have a host");
    };
    let ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .ok();
    let loopback = host.eq_ignore_ascii_case("localhost") || ip.is_some_and(|ip| ip.is_loopback());
    if loopback {
        return match url.scheme() {
            "http" | "https" if loopback_allowed() => None,
            _ => Some("must not point at this server"),
        };
    }
    if url.scheme() != "https" {
        return Some("must be an https URL");
    }
    // Push services have public names; an internal address is never one.
    match ip {
        Some(IpAddr::V4(v4)) if v4.is_private() || v4.is_link_local() || v4.is_unspecified() => {
            Some("must not be a private address")
        }
        Some(IpAddr::V6(v6))
            if v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80 =>
        {
            Some("must not be a private address")
        }
        _ => None,
    }
}

/// Stores a subscription, replacing keys, topics and contact of one with the
/// same endpoint. Returns its id and whether it is new.
pub async fn upsert(db: &Db, s: &Valid) -> Result<(String, bool), AppError> {
    let existing = sqlx::query("SELECT id FROM push_subscriptions WHERE endpoint = $1")
        .bind(&s.endpoint)
        .fetch_optional(db.pool())
        .await?;
    let topics = json!(s.topics).to_string();
    let _writer = db.writer().await;
    if let Some(row) = existing {
        let id: String = row.try_get("id")?;
        sqlx::query(
            "UPDATE push_subscriptions SET p256dh = $1, auth = $2, topics = $3, \
             contact_id = COALESCE($4, contact_id) WHERE id = $5",
        )
        .bind(&s.p256dh)
        .bind(&s.auth)
        .bind(&topics)
        .bind(s.contact_id.as_deref())
        .bind(&id)
        .execute(db.pool())
        .await?;
        return Ok((id, false));
    }
    let id = format!("ps_{}", random_hex(12)?);
    // A concurrent insert of the same endpoint wins; ours becomes an update.
    sqlx::query(
        "INSERT INTO push_subscriptions (id, contact_id, endpoint, p256dh, auth, topics, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (endpoint) DO UPDATE SET \
         p256dh = excluded.p256dh, auth = excluded.auth, topics = excluded.topics",
    )
    .bind(&id)
    .bind(s.contact_id.as_deref())
    .bind(&s.endpoint)
    .bind(&s.p256dh)
    .bind(&s.auth)
    .bind(&topics)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok((id, true))
}

/// Removes the subscription with this endpoint; whether there was one.
pub async fn remove(db: &Db, endpoint: &str) -> Result<bool, AppError> {
    let _writer = db.writer().await;
    let done = sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = $1")
        .bind(endpoint)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The id and contact of the subscription with this endpoint.
pub async fn find(db: &Db, endpoint: &str) -> Result<Option<(String, Option<String>)>, AppError> {
    let row = sqlx::query("SELECT id, contact_id FROM push_subscriptions WHERE endpoint = $1")
        .bind(endpoint)
        .fetch_optional(db.pool())
        .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("id")?, r.try_get("contact_id")?)),
        None => None,
    })
}

/// Totals, per topic, with a contact, and new subscriptions per UTC day
/// (with the running total) for the marketer's chart.
pub async fn stats(db: &Db) -> Result<Value, AppError> {
    let pool = db.pool();
    let count = |sql: String| async move {
        let n: i64 = sqlx::query(&sql).fetch_one(pool).await?.try_get("n")?;
        Ok::<i64, AppError>(n)
    };
    let total = count("SELECT COUNT(*) AS n FROM push_subscriptions".into()).await?;
    let known =
        count("SELECT COUNT(*) AS n FROM push_subscriptions WHERE contact_id IS NOT NULL".into())
            .await?;
    let mut by_topic = serde_json::Map::new();
    for t in TOPICS {
        // Topics are stored as a JSON array of these fixed words.
        let n = count(format!(
            "SELECT COUNT(*) AS n FROM push_subscriptions WHERE topics LIKE '%\"{t}\"%'"
        ))
        .await?;
        by_topic.insert(t.into(), json!(n));
    }
    let rows = sqlx::query(
        "SELECT created_at / 86400 AS day, COUNT(*) AS n FROM push_subscriptions \
         GROUP BY created_at / 86400 ORDER BY day",
    )
    .fetch_all(pool)
    .await?;
    let mut running = 0;
    let mut by_day = Vec::with_capacity(rows.len());
    for r in rows {
        let day: i64 = r.try_get("day")?;
        let n: i64 = r.try_get("n")?;
        running += n;
        let date = crate::time::rfc3339(day * 86_400);
        by_day.push(json!({ "day": &date[..10], "subscribed": n, "total": running }));
    }
    Ok(json!({
        "total": total,
        "with_contact": known,
        "by_topic": by_topic,
        "by_day": by_day,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(endpoint: &str, expected: Option<&str>) {
        assert_eq!(endpoint_problem(endpoint), expected, "{endpoint}");
    }

    #[test]
    fn endpoints_must_be_public_https() {
        check("https://fcm.googleapis.com/fcm/send/abc", None);
        check("https://web.push.apple.com/QGx", None);
        check("https://93.184.216.34/push", None);
        check(
            "http://fcm.googleapis.com/fcm/send/abc",
            Some("must be an https URL"),
        );
        check("ftp://push.example.net/x", Some("must be an https URL"));
        check("https://10.1.2.3/x", Some("must not be a private address"));
        check(
            "https://192.168.0.1/x",
            Some("must not be a private address"),
        );
        check(
            "https://169.254.169.254/latest",
            Some("must not be a private address"),
        );
        check("https://[fd00::1]/x", Some("must not be a private address"));
        check("https://[fe80::1]/x", Some("must not be a private address"));
        check("https://0.0.0.0/x", Some("must not be a private address"));
        check("/relative", Some("must be an absolute URL"));
        // Only tests turn loopback on; this binary never does.
        check(
            "http://127.0.0.1:9/push/x",
            Some("must not point at this server"),
        );
        check(
            "https://localhost/push/x",
            Some("must not point at this server"),
        );
        check(
            "https://[::1]/push/x",
            Some("must not point at this server"),
        );
        check("mailto:a@b.c", Some("must have a host"));
        check(
            &format!("https://a.example/{}", "x".repeat(2048)),
            Some("must be at most 2048 bytes"),
        );
    }
}
