//! The database: SQLite in one file by default, PostgreSQL when the URL says
//! so, both through sqlx's `Any` driver so the same queries serve both.

use sqlx::any::{AnyPool, AnyPoolOptions};
use std::str::FromStr;

/// A pooled connection to the configured database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    kind: DbKind,
}

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DbKind {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            DbKind::Postgres
        } else {
            DbKind::Sqlite
        };
        let pool = if kind == DbKind::Sqlite {
            // WAL and a busy timeout let readers run beside the writer.
            let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(5));
            let any: sqlx::any::AnyConnectOptions = opts.into();
            AnyPoolOptions::new()
                .max_connections(8)
                .connect_with(any)
                .await?
        } else {
            AnyPoolOptions::new()
                .max_connections(16)
                .connect(url)
                .await?
        };
        Ok(Db { pool, kind })
    }

    /// The pool, for queries.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The engine behind this database.
    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}
