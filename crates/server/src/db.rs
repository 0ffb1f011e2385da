//! The database: SQLite in one file by default, PostgreSQL when the URL says
//! so, both through sqlx's `Any` driver so the same queries serve both.
//!
//! Queries use `$1`-style placeholders, which both engines understand, and
//! portable types only (TEXT, BIGINT, DOUBLE PRECISION); see `migrations/`.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;

/// The migrations, embedded at build time; they run at every start.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A pooled connection to the configured database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// SQLite: a one-connection pool for write transactions.
    write_pool: Option<AnyPool>,
    kind: DbKind,
    /// SQLite has one writer at a time; queueing writers here, fairly,
    /// beats its busy-wait polling, which starves under load.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// SQLite in a file: the file, and its `PRAGMA synchronous` level.
    sqlite_file: Option<(std::path::PathBuf, &'static str)>,
}

/// A write transaction, holding the writer slot on SQLite until dropped.
pub type WriteTx = (
    Option<tokio::sync::OwnedMutexGuard<()>>,
    sqlx::Transaction<'static, sqlx::Any>,
);

/// A connection for writes outside a transaction, holding the writer slot
/// on SQLite until dropped.
pub type WriteConn = (
    Option<tokio::sync::OwnedMutexGuard<()>>,
    sqlx::pool::PoolConnection<sqlx::Any>,
);

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
    /// Connects to `url` (`sqlite://path` or `postgres://…`) and brings the
    /// schema up to date. A SQLite file (and its folder) is created if missing.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            DbKind::Postgres
        } else {
            DbKind::Sqlite
        };
        let mut sqlite_file = None;
        let (pool, write_pool) = if kind == DbKind::Sqlite {
            let (url, sync) = take_synchronous(url);
            let url = sqlite_url(&url)?;
            let path = sqlite_path(&url);
            if path != ":memory:" {
                sqlite_file = Some((path.into(), sync));
            }
            // Write transactions always run on the one connection of their
            // own pool: its page cache then still holds the index pages the
            // last batch touched, where a connection taken from the shared
            // pool had to read back what another one wrote.
            // (Not for `:memory:`, where each connection is its own database.)
            let write_pool = if url.contains(":memory:") {
                None
            } else {
                Some(sqlite_pool(&url, 1, sync).await?)
            };
            (sqlite_pool(&url, 8, sync).await?, write_pool)
        } else {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .connect_with(quiet(url)?)
                .await?;
            (pool, None)
        };
        MIGRATOR.run(&pool).await?;
        Ok(Db {
            pool,
            write_pool,
            kind,
            writer: Default::default(),
            sqlite_file,
        })
    }

    /// SQLite in a file: a new connection of its own to it, set up like
    /// the pooled ones, for a writer that binds rows straight to SQLite
    /// (see `ingest.rs`). Take [`Db::writer`] before writing with it.
    pub fn sqlite_direct(&self) -> Option<rusqlite::Result<rusqlite::Connection>> {
        let (path, sync) = self.sqlite_file.as_ref()?;
        let open = || {
            let conn = rusqlite::Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.execute_batch(&pragmas(sync))?;
            Ok(conn)
        };
        Some(open())
    }

    /// Begins a write transaction (after waiting for the writer slot on
    /// SQLite). Commit `.1`; the slot is released when the pair is dropped.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let guard = self.writer().await;
        self.begin_holding(guard).await
    }

    /// Begins a write transaction in the writer slot `guard` (from
    /// [`Db::writer`]), which the returned pair then holds.
    pub async fn begin_holding(
        &self,
        guard: Option<tokio::sync::OwnedMutexGuard<()>>,
    ) -> Result<WriteTx, sqlx::Error> {
        let pool = self.write_pool.as_ref().unwrap_or(&self.pool);
        Ok((guard, pool.begin().await?))
    }

    /// The SQLite write connection in the writer slot, outside any
    /// transaction: each statement on it commits by itself.
    pub async fn write_connection(&self) -> Result<WriteConn, sqlx::Error> {
        let guard = self.writer().await;
        let pool = self.write_pool.as_ref().unwrap_or(&self.pool);
        Ok((guard, pool.acquire().await?))
    }

    /// Waits for the writer slot (SQLite only), for a single-statement write.
    pub async fn writer(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.kind {
            DbKind::Sqlite => Some(self.writer.clone().lock_owned().await),
            DbKind::Postgres => None,
        }
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

/// A pool of up to `max` connections to the SQLite database at `url`.
async fn sqlite_pool(url: &str, max: u32, sync: &'static str) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(max)
        // A file does not drop connections the way a network server can;
        // pinging it before every query cost a round trip to the
        // connection's worker thread per request.
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                // WAL lets readers run beside the one writer. NORMAL (the
                // default, see `take_synchronous`) writes the WAL at each
                // commit and syncs it at checkpoints: a committed batch
                // survives the process being killed, not a power cut or OS
                // crash, which may lose the last commits (never corrupt).
                // FULL also syncs at every commit. A 32 MiB page cache
                // and mmap keep index pages out of read() calls (the default
                // cache is 2 MiB). Ingest checkpoints from a reading
                // connection, in the background (`ingest.rs`), and the
                // writer's own checkpoint every 128 MiB of WAL (the default
                // is 4 MiB) then finds most frames copied and starts the WAL
                // over: one 1,000-event batch dirties about 1,000 index
                // pages, so the default copied them back into the database
                // at nearly every commit, where a longer interval copies a
                // page that many batches changed once (64 MiB cost the
                // writer some 7% more CPU per event: BENCHMARKS.md, session 13).
                conn.execute(pragmas(sync).as_str()).await?;
                Ok(())
            })
        })
        .connect_with(quiet(url)?)
        .await
}

/// The settings of every SQLite connection, `sync` being the
/// `PRAGMA synchronous` level (why these: `sqlite_pool`).
fn pragmas(sync: &str) -> String {
    format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; \
         PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456; \
         PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 32768;"
    )
}

/// The file of a URL from [`sqlite_url`] (or `:memory:`).
fn sqlite_path(url: &str) -> &str {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    rest.split_once('?').map_or(rest, |(p, _)| p)
}

/// Options for `url` without sqlx's statement logging: a slow batch insert
/// would otherwise log all of its 30,000 placeholders; request tracing
/// already times every call.
fn quiet(url: &str) -> Result<AnyConnectOptions, sqlx::Error> {
    Ok(AnyConnectOptions::from_str(url)?
        .log_statements(log::LevelFilter::Off)
        .log_slow_statements(log::LevelFilter::Off, std::time::Duration::from_secs(3600)))
}

/// Takes Canal's own `synchronous=normal|full` parameter (any case) out of a
/// SQLite URL, which sqlx would refuse: the URL without it, and the
/// `PRAGMA synchronous` level, NORMAL unless FULL is asked for (the
/// guarantees are in `sqlite_pool`).
fn take_synchronous(url: &str) -> (String, &'static str) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), "NORMAL");
    };
    let mut sync = "NORMAL";
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.split_once('=') {
            Some(("synchronous", v)) => {
                if v.eq_ignore_ascii_case("full") {
                    sync = "FULL";
                }
                false
            }
            _ => true,
        })
        .collect();
    if rest.is_empty() {
        (base.to_owned(), sync)
    } else {
        (format!("{base}?{}", rest.join("&")), sync)
    }
}

/// Normalises a SQLite URL: creates the file's folder and asks for the file
/// to be created (`mode=rwc`) unless the caller chose a mode.
fn sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if path != ":memory:" {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    Ok(match query {
        Some(q) if q.contains("mode=") => format!("sqlite://{path}?{q}"),
        Some(q) => format!("sqlite://{path}?{q}&mode=rwc"),
        None => format!("sqlite://{path}?mode=rwc"),
    })
}

/// A SQL text with `$n` placeholders and the values to bind, built piece by
/// piece for queries whose filters depend on the request.
#[derive(Debug, Default)]
pub struct Sql {
    /// The statement so far.
    pub text: String,
    args: Vec<Arg>,
}

/// One value to bind.
#[derive(Clone, Debug)]
pub enum Arg {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Float.
    Float(f64),
    /// An optional text.
    OptText(Option<String>),
    /// An optional integer.
    OptInt(Option<i64>),
    /// An optional float.
    OptFloat(Option<f64>),
}

impl Sql {
    /// Starts a statement.
    pub fn new(text: &str) -> Self {
        Sql {
            text: text.to_owned(),
            args: Vec::new(),
        }
    }

    /// Appends raw SQL.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.text.push('$');
        self.text.push_str(&self.args.len().to_string());
        self
    }

    /// The query, ready to run.
    pub fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for a in &self.args {
            q = match a {
                Arg::Text(v) => q.bind(v.as_str()),
                Arg::Int(v) => q.bind(*v),
                Arg::Float(v) => q.bind(*v),
                Arg::OptText(v) => q.bind(v.as_deref()),
                Arg::OptInt(v) => q.bind(*v),
                Arg::OptFloat(Some(v)) => q.bind(*v),
                // sqlx 0.8's Any driver sends a NULL f64 to PostgreSQL as a
                // float4 and a NULL f32 as a float8 (sqlx-core
                // any/arguments.rs). A cached statement first prepared with
                // a float4 NULL then rejects real f64s, so send the float8 NULL.
                Arg::OptFloat(None) => q.bind(None::<f32>),
            };
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expected: &str) {
        assert_eq!(sqlite_url(url).unwrap(), expected, "{url}");
    }

    #[test]
    fn sqlite_urls_ask_for_creation() {
        check("sqlite::memory:", "sqlite://:memory:?mode=rwc");
        check("sqlite://canal.db", "sqlite://canal.db?mode=rwc");
        check("sqlite://canal.db?mode=ro", "sqlite://canal.db?mode=ro");
        check(
            "sqlite://canal.db?cache=shared",
            "sqlite://canal.db?cache=shared&mode=rwc",
        );
    }

    fn check_sync(url: &str, rest: &str, sync: &str) {
        assert_eq!(take_synchronous(url), (rest.to_owned(), sync), "{url}");
    }

    #[test]
    fn synchronous_is_normal_unless_the_url_asks_for_full() {
        check_sync("sqlite://canal.db", "sqlite://canal.db", "NORMAL");
        check_sync(
            "sqlite://canal.db?synchronous=full",
            "sqlite://canal.db",
            "FULL",
        );
        check_sync(
            "sqlite://canal.db?synchronous=FULL",
            "sqlite://canal.db",
            "FULL",
        );
        check_sync(
            "sqlite://canal.db?synchronous=normal",
            "sqlite://canal.db",
            "NORMAL",
        );
        check_sync(
            "sqlite://canal.db?synchronous=off",
            "sqlite://canal.db",
            "NORMAL",
        );
        check_sync(
            "sqlite://canal.db?mode=ro&synchronous=full",
            "sqlite://canal.db?mode=ro",
            "FULL",
        );
        check_sync(
            "sqlite://canal.db?synchronous=full&cache=shared",
            "sqlite://canal.db?cache=shared",
            "FULL",
        );
        check_sync(
            "sqlite://canal.db?mode=ro",
            "sqlite://canal.db?mode=ro",
            "NORMAL",
        );
    }

    /// `PRAGMA synchronous` as the pools (and the ingest writer's own
    /// connection) of a database opened with `query` see it (1 = NORMAL,
    /// 2 = FULL).
    async fn synchronous_of(query: &str) -> i64 {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/c.db{query}", dir.path().display());
        let db = Db::connect(&url).await.unwrap();
        let read: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(db.pool())
            .await
            .unwrap();
        let (_slot, mut conn) = db.write_connection().await.unwrap();
        let write: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(read, write, "{query}");
        let direct: i64 = db
            .sqlite_direct()
            .unwrap()
            .unwrap()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(read, direct, "{query}");
        read
    }

    #[tokio::test]
    async fn the_url_sets_synchronous_on_every_connection() {
        assert_eq!(synchronous_of("").await, 1);
        assert_eq!(synchronous_of("?synchronous=normal").await, 1);
        assert_eq!(synchronous_of("?synchronous=full").await, 2);
    }

    #[test]
    fn placeholders_are_numbered_in_bind_order() {
        let mut sql = Sql::new("SELECT * FROM t WHERE a = ");
        sql.bind(Arg::Int(1))
            .push(" AND b = ")
            .bind(Arg::Text("x".into()));
        assert_eq!(sql.text, "SELECT * FROM t WHERE a = $1 AND b = $2");
    }
}
