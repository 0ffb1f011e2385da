//! Group commit for `POST /api/events` on SQLite: batches that arrive while
//! another is being written wait in a queue, and the next statement writes
//! all of them in one commit. Each request still gets its own answer, only
//! after the commit that stored it (so an acknowledged event survives the
//! process being killed; see `db.rs` for power cuts), and stays
//! all-or-nothing: if the shared statement fails, every batch in it is
//! retried alone, so one bad batch fails by itself.
//!
//! Why: one SQLite writer at a time, and most of a batch's cost is the
//! commit (the WAL frames of every index page it touched); batches written
//! together share the pages they both touch. The JSON texts the database
//! unpacks are built by each request's task before it queues, so the
//! writer only splices them. PostgreSQL runs concurrent writers itself, so
//! there batches go straight to their own transaction.

use crate::db::Db;
use crate::records::Event;
use crate::store::{self, EventsJson};
use crate::AppError;
use rustc_hash::FxHashSet;
use tokio::sync::{mpsc, oneshot};

/// Events per shared transaction, at most (a new batch is not added once
/// the group holds this many).
const GROUP_EVENTS: usize = 20_000;

/// How long the checkpointer lets commits pile up in the WAL before copying
/// them into the database: a page many of them changed is copied once. At
/// full ingest speed that is some 50 MB of WAL.
const CHECKPOINT_PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// A batch waiting to be written, and where its result goes.
struct Job {
    events: Vec<Event>,
    json: EventsJson,
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
        let json = EventsJson::new(&events)?;
        let (done, answer) = oneshot::channel();
        queue
            .send(Job {
                events,
                json,
                now,
                done,
            })
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
    // Ends with this task, when `commits` is dropped.
    let (commits, pending) = mpsc::channel(1);
    tokio::spawn(checkpointer(db.clone(), pending));
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
        let result = write_group(&db, &group).await;
        // Full means a checkpoint is already due.
        let _ = commits.try_send(());
        match result {
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

/// Copies the WAL into the database (a passive checkpoint, which never
/// blocks the writer) from a reading connection, a moment after commits.
///
/// Why: SQLite otherwise checkpoints on the writing connection, inside the
/// commit that crossed `wal_autocheckpoint`: the writer stopped for the
/// copy and for the two fsyncs (about a tenth of its time in the profile),
/// while every batch waited for it. The writer's own automatic checkpoint
/// still comes every 64 MiB of WAL (`db.rs`): a passive checkpoint beside a
/// busy writer never catches up with the end of the WAL, and only a
/// checkpoint that does lets the next commit start the file over; by then
/// this one has copied most of it.
async fn checkpointer(db: Db, mut commits: mpsc::Receiver<()>) {
    while commits.recv().await.is_some() {
        tokio::time::sleep(CHECKPOINT_PAUSE).await;
        while commits.try_recv().is_ok() {}
        let done = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(db.pool())
            .await;
        if let Err(err) = done {
            tracing::warn!(error = %err, "background checkpoint failed");
        }
    }
}

/// Every batch of `group` in one statement: how many events of each were
/// new, or the first error (and no event written).
///
/// Outside a transaction, so SQLite does not copy every page the insert
/// changes into a statement journal first (it must inside one, to undo a
/// failing statement alone; it cost about a tenth of the writer's time),
/// and one statement for the whole group writes the index pages its
/// batches share once. The statement commits by itself: each batch is
/// still all-or-nothing, and the group is one commit. The bare contact
/// rows for new contact ids commit just before, by their own statement; if
/// the events then fail, those stubs stay, which is what a retry of the
/// batch would write anyway.
///
/// The statement only says how many rows were new in all. Usually that is
/// every distinct id of the group, and each batch's count follows (an id
/// repeated in the group counts for its first batch, as if written in
/// order); otherwise the rowids tell the rows stored before the group.
async fn write_group(db: &Db, group: &[Job]) -> Result<Vec<u64>, sqlx::Error> {
    let (_writer, mut conn) = db.write_connection().await?;
    let now = group.iter().map(|j| j.now).max().unwrap_or_default();
    let joined;
    let json = match group {
        [job] => &job.json,
        _ => {
            joined = EventsJson::concat(group.iter().map(|j| &j.json));
            &joined
        }
    };
    store::ensure_contacts_json(&mut conn, &json.contacts, now).await?;
    if group.len() == 1 {
        return Ok(vec![store::insert_event_rows(&mut conn, &json.rows).await?]);
    }
    let before = store::last_event_rowid(&mut conn).await?;
    let n = store::insert_event_rows(&mut conn, &json.rows).await?;
    let none = FxHashSet::default();
    let fresh = first_occurrences(group, &none);
    if n == fresh.iter().sum::<u64>() {
        return Ok(fresh);
    }
    let ids: Vec<&str> = group
        .iter()
        .flat_map(|j| j.events.iter().map(|e| e.id.as_str()))
        .collect();
    let stored: Vec<String> = store::event_ids_up_to(&mut conn, &ids, before).await?;
    let stored: FxHashSet<&str> = stored.iter().map(String::as_str).collect();
    Ok(first_occurrences(group, &stored))
}

/// For each batch of `group`, how many of its ids are not in `stored` and
/// appear nowhere earlier in the group.
fn first_occurrences(group: &[Job], stored: &FxHashSet<&str>) -> Vec<u64> {
    count_first(
        group.iter().map(|j| j.events.iter().map(|e| e.id.as_str())),
        stored,
    )
}

/// For each batch of ids, how many are not in `stored` and appear nowhere
/// earlier (in this batch or an earlier one).
fn count_first<'a, B>(batches: impl Iterator<Item = B>, stored: &FxHashSet<&str>) -> Vec<u64>
where
    B: Iterator<Item = &'a str>,
{
    let mut seen = FxHashSet::default();
    batches
        .map(|ids| {
            ids.filter(|id| !stored.contains(id) && seen.insert(*id))
                .count() as u64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(batches: &[&[&str]], stored: &[&str], expected: &[u64]) {
        let stored: FxHashSet<&str> = stored.iter().copied().collect();
        let got = count_first(batches.iter().map(|b| b.iter().copied()), &stored);
        assert_eq!(got, expected, "{batches:?} with {stored:?} stored");
    }

    #[test]
    fn each_id_counts_once_for_its_first_batch() {
        check(&[], &[], &[]);
        check(&[&[]], &[], &[0]);
        check(&[&["a", "b"]], &[], &[2]);
        check(&[&["a", "a", "b"]], &[], &[2]);
        check(&[&["a", "b"], &["b", "c"]], &[], &[2, 1]);
        check(&[&["a", "b"], &["a", "b"]], &[], &[2, 0]);
        check(&[&["a", "b"], &["c"], &["c", "a", "d"]], &[], &[2, 1, 1]);
        check(&[&["a", "b"], &["b", "c"]], &["b"], &[1, 1]);
        check(&[&["a"], &["b"]], &["a", "b"], &[0, 0]);
        check(&[&["x", "y", "x"], &["y", "z"]], &["z"], &[2, 0]);
    }
}
