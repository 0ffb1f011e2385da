//! The data set the metric endpoints analyse, loaded from the database into
//! the core's columnar [`Dataset`] and kept until a write changes the data.
//!
//! Every write path calls [`Cache::invalidate`] after its commit; writes by
//! other processes are noticed through [`crate::watch`].

use crate::watch::SqliteVersion;
use canal_core::contact_index::{sort_by_contact, ContactIndex};
use canal_core::Dataset;
use sqlx::AnyPool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A loaded data set and its contact index.
#[derive(Debug)]
pub struct Loaded {
    /// Everything in the database, as columns.
    pub data: Dataset,
    /// Each contact's rows in time order.
    pub index: ContactIndex,
}

/// The cached data set and the generation it was loaded at.
#[derive(Debug, Default)]
pub struct Cache {
    generation: AtomicU64,
    loaded: tokio::sync::Mutex<Option<(u64, Arc<Loaded>)>>,
    /// Wakes [`Cache::changed_since`] callers.
    changed: tokio::sync::Notify,
    /// On SQLite, how other connections' commits are seen (see [`crate::watch`]).
    sqlite: std::sync::OnceLock<tokio::sync::Mutex<SqliteVersion>>,
}

impl Cache {
    /// Marks the cached data stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.changed.notify_waiters();
    }

    /// Returns once the data generation has moved past `generation`.
    pub async fn changed_since(&self, generation: u64) {
        loop {
            let next = self.changed.notified();
            if self.generation() > generation {
                return;
            }
            next.await;
        }
    }

    /// The data generation: it moves on at every committed write.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Checks `version` before every use of the data set from now on.
    pub fn watch_sqlite(&self, version: SqliteVersion) {
        // A second call (a second `watch::start`) keeps the first watcher.
        let _ = self.sqlite.set(tokio::sync::Mutex::new(version));
    }

    /// The current data set, loading it if a write happened since the last
    /// load. Concurrent callers wait for one load rather than each running it.
    pub async fn get(&self, pool: &AnyPool) -> Result<Arc<Loaded>, sqlx::Error> {
        let mut slot = self.loaded.lock().await;
        if let Some(version) = self.sqlite.get() {
            if version.lock().await.changed().await? {
                self.invalidate();
            }
        }
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some((g, loaded)) = slot.as_ref() {
            if *g == generation {
                return Ok(loaded.clone());
            }
        }
        let mut data = crate::store::load_dataset(pool, None).await?;
        let index = sort_by_contact(&mut data);
        let loaded = Arc::new(Loaded { data, index });
        *slot = Some((generation, loaded.clone()));
        Ok(loaded)
    }
}

/// A count (such as the number of contacts) remembered for one data
/// generation and at most [`Total::LEASE`], so a busy list endpoint does not
/// count the whole table per request. The lease bounds how stale it can be
/// after writes this process did not make (another server on the same
/// PostgreSQL, a `canal` command on the same SQLite file).
#[derive(Debug, Default)]
pub struct Total {
    slot: std::sync::Mutex<Option<(u64, std::time::Instant, i64)>>,
}

impl Total {
    /// How long a remembered count is trusted.
    pub const LEASE: std::time::Duration = std::time::Duration::from_secs(1);

    /// The count remembered for `generation`, if still fresh.
    pub fn get(&self, generation: u64) -> Option<i64> {
        let slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        slot.filter(|(g, at, _)| *g == generation && at.elapsed() < Self::LEASE)
            .map(|(_, _, n)| n)
    }

    /// Remembers `n`, counted at `generation` (read before counting, so a
    /// write committed meanwhile makes it stale at once).
    pub fn put(&self, generation: u64, n: i64) {
        *self.slot.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((generation, std::time::Instant::now(), n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_lives_for_its_generation_only() {
        let t = Total::default();
        assert_eq!(t.get(0), None);
        t.put(3, 42);
        assert_eq!(t.get(3), Some(42));
        assert_eq!(t.get(4), None);
        t.put(4, 43);
        assert_eq!(t.get(3), None);
        assert_eq!(t.get(4), Some(43));
    }
}
