//! Group commit for `POST /api/events` on SQLite: batches that arrive while
//! another is being written wait in a queue, and the next transaction writes
//! all of them and syncs once. Each request still gets its own answer, only
//! after the commit that stored it (so an acknowledged event survives a
//! crash), and stays all-or-nothing: if the shared transaction fails, every
//! batch in it is retried alone, so one bad batch fails by itself.
//!
//! Why: one SQLite writer at a time, and most of a batch's cost is the
//! commit (the WAL frames of every index page it touched, then the fsync);
//! batches written together share the pages they both touch and the sync.
//! PostgreSQL runs concurrent writers itself, so there batches go straight
//! to their own transaction.

use crate::db::Db;
use crate::records::Event;
use crate::{store, AppError};
use tokio::sync::{mpsc, oneshot};

/// Events per shared transaction, at most (a new batch is not added once
/// the group holds this many).
const GROUP_EVENTS: usize = 20_000;

/// A batch waiting to be written, and where its result goes.
struct Job {
    events: Vec<Event>,
    now: i64,
    done: oneshot::Sender<Result<u64, String>>,
}

/// The queue in front of the writer task, started at the first batch.
#[derive(Debug, Default)]
pub struct Ingest {
    queue: std::sync::OnceLock<mpsc::UnboundedSender<Job>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({} events)", self.events.len())
    }
}

impl Ingest {
    /// Stores `events` (skipping ids already stored) in one transaction,
    /// shared with other batches on SQLite; returns how many were new.
    pub async fn insert(&self, db: &Db, events: Vec<Event>, now: i64) -> Result<u64, AppError> {
        if db.kind() != crate::db::DbKind::Sqlite {
            return write_alone(db, &events, now).await.map_err(AppError::from);
        }
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            // Owned by no request, so a client hanging up mid-commit
            // cannot cancel a transaction other batches ride in.
            tokio::spawn(writer(db.clone(), rx));
            tx
        });
        let (done, answer) = oneshot::channel();
        queue
            .send(Job { events, now, done })
            .map_err(|_| AppError::Internal("the ingest writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Internal("the ingest writer has stopped".into()))?
            .map_err(AppError::Internal)
    }
}

/// One batch in its own transaction.
async fn write_alone(db: &Db, events: &[Event], now: i64) -> Result<u64, sqlx::Error> {
    let (_writer, mut tx) = db.begin_write().await?;
    let n = store::insert_events(&mut tx, events, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// The writer task: takes the waiting batches, writes them together,
/// answers each; ends when the server (every sender) is gone.
async fn writer(db: Db, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut group = vec![first];
        let mut size = group[0].events.len();
        while size < GROUP_EVENTS {
            match rx.try_recv() {
                Ok(job) => {
                    size += job.events.len();
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        match write_group(&db, &group).await {
            Ok(counts) => {
                for (job, n) in group.into_iter().zip(counts) {
                    // The client may have hung up; its events are stored.
                    let _ = job.done.send(Ok(n));
                }
            }
            Err(err) => {
                if group.len() > 1 {
                    tracing::warn!(error = %err, batches = group.len(), "group commit failed; writing each batch alone");
                }
                for job in group {
                    let result = write_alone(&db, &job.events, job.now).await;
                    let _ = job.done.send(result.map_err(|e| e.to_string()));
                }
            }
        }
    }
}

/// Every batch of `group` in one transaction: how many events of each were
/// new, or the first error (and nothing written).
async fn write_group(db: &Db, group: &[Job]) -> Result<Vec<u64>, sqlx::Error> {
    let (_writer, mut tx) = db.begin_write().await?;
    let mut counts = Vec::with_capacity(group.len());
    for job in group {
        counts.push(store::insert_events(&mut tx, &job.events, job.now).await?);
    }
    tx.commit().await?;
    Ok(counts)
}
