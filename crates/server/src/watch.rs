//! Writes that other processes make to the database (a second server on
//! the same PostgreSQL, a script writing to the SQLite file) make the
//! metric endpoints' cached data set stale, as this process's own writes
//! do through [`Cache::invalidate`](crate::metrics::Cache::invalidate).
//!
//! - SQLite: `PRAGMA data_version` on a connection kept for the purpose
//!   changes whenever any other connection commits anything (a login's
//!   session, a push send's status). Only then does the watcher look at the
//!   data: a count that row triggers keep (`canal_data_version`) of every
//!   change to contacts, orders, campaigns, consent and settings (the phone
//!   country decides who is one person) and of updates and deletes of
//!   events, plus the largest event rowid, since events are only
//!   ever inserted here and a trigger per inserted event cost the ingest a
//!   quarter more CPU (BENCHMARKS "Session 16: metrics cache"). Only a new
//!   count or rowid marks the cache stale. Both reads take microseconds, so
//!   a metric is never computed from data older than the last commit, and a
//!   login does not cost a reload of every event.
//! - PostgreSQL: statement-level triggers on the data tables `NOTIFY` at
//!   commit; a listener marks the cache stale for each notification, and
//!   whenever its connection dropped (notifications sent meanwhile are lost).

use crate::db::DbKind;
use crate::metrics::Cache;
use sqlx::{AnyConnection, Executor};
use std::sync::Arc;

/// The tables the metric endpoints' data set is read from; `settings` for
/// the phone country its people are joined with (a pressure change reloads
/// too: rare, and cheaper than a trigger condition per key).
const DATA_TABLES: [&str; 6] = [
    "contacts",
    "events",
    "orders",
    "campaigns",
    "consent",
    "settings",
];

/// The notification channel the triggers signal on.
const CHANNEL: &str = "canal_data";

/// A SQLite connection, and the `data_version`, change count and largest
/// event rowid it last read.
#[derive(Debug)]
pub struct SqliteVersion {
    conn: AnyConnection,
    seen: Option<(i64, (i64, i64))>,
}

impl SqliteVersion {
    /// Whether another connection changed a data table since the last call
    /// (the first call only remembers where things stand).
    pub async fn changed(&mut self) -> Result<bool, sqlx::Error> {
        let version: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut self.conn)
            .await?;
        if self.seen.is_some_and(|(seen, _)| seen == version) {
            return Ok(false);
        }
        let count: (i64, i64) = sqlx::query_as(
            "SELECT (SELECT n FROM canal_data_version WHERE id = 1), \
             (SELECT coalesce(max(rowid), 0) FROM events)",
        )
        .fetch_one(&mut self.conn)
        .await?;
        let changed = self.seen.is_some_and(|(_, seen)| seen != count);
        self.seen = Some((version, count));
        Ok(changed)
    }
}

/// Starts watching `db` (opened from `url`) for other processes' writes on
/// behalf of `cache`.
pub async fn start(cache: &Arc<Cache>, db: &crate::db::Db, url: &str) -> Result<(), sqlx::Error> {
    match db.kind() {
        DbKind::Sqlite => {
            install_sqlite_triggers(db).await?;
            // Taken out of the pool for good: the pool opens another.
            let conn = db.pool().acquire().await?.detach();
            let mut version = SqliteVersion { conn, seen: None };
            version.changed().await?;
            cache.watch_sqlite(version);
            Ok(())
        }
        DbKind::Postgres => {
            install_triggers(db.pool()).await?;
            let mut listener = sqlx::postgres::PgListener::connect(url).await?;
            listener.listen(CHANNEL).await?;
            let cache = Arc::downgrade(cache);
            tokio::spawn(async move {
                loop {
                    let event = listener.try_recv().await;
                    let Some(cache) = cache.upgrade() else { return };
                    cache.invalidate();
                    match event {
                        // `None`: the connection dropped and is reopened at
                        // the next call; marking stale covers what was lost.
                        Ok(_) => {}
                        Err(err) => {
                            tracing::warn!(%err, "database change listener failed; metrics reload at every request until it is back");
                            drop(cache);
                            // Wait for the next attempt without spinning.
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    }
                }
            });
            Ok(())
        }
    }
}

/// The change count and its row-level triggers (SQLite has no statement
/// triggers), created if missing in the writer slot, so a server starting
/// beside a busy one waits its turn instead of failing on a locked file.
/// Inserted events are seen by their rowid instead (see the module notes);
/// a trigger on them from an earlier build is dropped. The count's table
/// has no constraint, so its update never makes a statement abortable
/// (which would cost a statement journal per write).
async fn install_sqlite_triggers(db: &crate::db::Db) -> Result<(), sqlx::Error> {
    let (_slot, mut tx) = db.begin_write().await?;
    tx.execute("CREATE TABLE IF NOT EXISTS canal_data_version (id INTEGER PRIMARY KEY, n BIGINT)")
        .await?;
    tx.execute("INSERT OR IGNORE INTO canal_data_version (id, n) VALUES (1, 0)")
        .await?;
    tx.execute("DROP TRIGGER IF EXISTS canal_insert_events")
        .await?;
    for table in DATA_TABLES {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            if table == "events" && op == "INSERT" {
                continue;
            }
            let name = format!("canal_{}_{table}", op.to_lowercase());
            tx.execute(
                format!(
                    "CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON {table} BEGIN \
                     UPDATE canal_data_version SET n = n + 1 WHERE id = 1; END"
                )
                .as_str(),
            )
            .await?;
        }
    }
    tx.commit().await
}

/// The trigger function and one statement-level trigger per data table,
/// replaced idempotently (under a lock, since servers may start together).
async fn install_triggers(pool: &sqlx::AnyPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    tx.execute("SELECT pg_advisory_xact_lock(7153)").await?;
    tx.execute(
        format!(
            "CREATE OR REPLACE FUNCTION canal_data_changed() RETURNS trigger LANGUAGE plpgsql \
             AS $$ BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$"
        )
        .as_str(),
    )
    .await?;
    for table in DATA_TABLES {
        tx.execute(
            format!(
                "CREATE OR REPLACE TRIGGER canal_data_changed AFTER INSERT OR UPDATE OR DELETE \
                 OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION canal_data_changed()"
            )
            .as_str(),
        )
        .await?;
    }
    tx.commit().await
}
