//! The data set the metric endpoints analyse, loaded from the database into
//! the core's columnar [`Dataset`] and kept until a write changes the data.
//!
//! Every write path calls [`Cache::invalidate`] after its commit; a server
//! sharing a PostgreSQL database with other writers would need a shorter
//! lease (see `ARCHITECTURE.md`).

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
}

impl Cache {
    /// Marks the cached data stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The current data set, loading it if a write happened since the last
    /// load. Concurrent callers wait for one load rather than each running it.
    pub async fn get(&self, pool: &AnyPool) -> Result<Arc<Loaded>, sqlx::Error> {
        let mut slot = self.loaded.lock().await;
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
