//! Group commit for `POST /api/events` on SQLite: batches that arrive while
//! another is being written wait in a queue, and the next transaction
//! writes all of them. Each request still gets its own answer, only after
//! the commit that stored it (so an acknowledged event survives the process
//! being killed; see `db.rs` for power cuts), and stays all-or-nothing: if
//! the shared transaction fails, every batch in it is retried alone, so one
//! bad batch fails by itself.
//!
//! Why: one SQLite writer at a time, and most of a batch's cost is the
//! commit (the WAL frames of every index page it touched); batches written
//! together share the pages they both touch. The writer binds each row's
//! values straight to one prepared single-row `INSERT` on a connection of
//! its own (rusqlite, `Db::sqlite_direct`): sqlx's `Any` driver converts
//! every bound value and hops to a worker thread per statement, which is
//! why rows used to travel as one JSON text that SQLite unpacked again
//! (a fifth of the writer's time; BENCHMARKS.md, session 13). A one-row
//! `INSERT … VALUES` also needs no statement journal inside a transaction.
//! PostgreSQL runs concurrent writers itself, so there batches go straight
//! to their own transaction.

use crate::db::Db;
use crate::records::Event;
use crate::store;
use crate::AppError;
use rusqlite::{params, Connection, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};

/// Events per shared transaction, at most (a new batch is not added once
/// the group holds this many).
const GROUP_EVENTS: usize = 20_000;

/// How long the checkpointer lets commits pile up in the WAL before copying
/// them into the database: a page many of them changed is copied once. At
/// full ingest speed that is some 50 MB of WAL.
const CHECKPOINT_PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// The writer's statements; prepared once per connection (rusqlite's cache).
const INSERT_CONTACT: &str =
    "INSERT INTO contacts (id, updated_at) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING";
const INSERT_EVENT: &str = "INSERT INTO events (id, contact_id, ts, channel, direction, kind, \
     scope, flags, campaign_id, name, session_id, value, payload) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING";

/// A batch waiting to be written, and where its result goes.
struct Job {
    events: Vec<Event>,
    /// Indexes into `events` of one event per distinct contact id, in
    /// contact id order (found by the request's task, off the writer's
    /// serial path).
    contacts: Vec<usize>,
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
        let mut contacts: Vec<usize> = (0..events.len()).collect();
        contacts.sort_unstable_by(|&a, &b| events[a].contact_id.cmp(&events[b].contact_id));
        contacts.dedup_by(|a, b| events[*a].contact_id == events[*b].contact_id);
        let (done, answer) = oneshot::channel();
        queue
            .send(Job {
                events,
                contacts,
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

/// One batch in its own transaction, through sqlx.
async fn write_alone(db: &Db, events: &[Event], now: i64) -> Result<u64, sqlx::Error> {
    let (_writer, mut tx) = db.begin_write().await?;
    let n = store::insert_events(&mut tx, events, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// The writer task: takes the waiting batches, writes them together,
/// answers each; ends when the server (every sender) is gone.
async fn writer(db: Db, mut rx: mpsc::UnboundedReceiver<Job>) {
    let mut conn = match db.sqlite_direct() {
        Some(Ok(conn)) => Some(conn),
        Some(Err(err)) => {
            tracing::warn!(error = %err, "cannot open the ingest writer's connection; writing through sqlx");
            None
        }
        None => None,
    };
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
        let Some(direct) = conn.take() else {
            // `:memory:`, or the file would not open a second time.
            for job in group {
                let result = write_alone(&db, &job.events, job.now).await;
                let _ = job.done.send(result.map_err(|e| e.to_string()));
            }
            continue;
        };
        let slot = db.writer().await;
        let written = tokio::task::spawn_blocking(move || {
            let mut direct = direct;
            let results = write_groups(&mut direct, &group);
            (direct, group, results)
        })
        .await;
        drop(slot);
        let Ok((direct, group, results)) = written else {
            // A panic: the group's requests see their answers dropped, and
            // later ones see the queue closed.
            tracing::error!("the ingest writer panicked");
            return;
        };
        conn = Some(direct);
        // Full means a checkpoint is already due.
        let _ = commits.try_send(());
        for (job, result) in group.into_iter().zip(results) {
            // The client may have hung up; its events are stored.
            let _ = job.done.send(result.map_err(|e| e.to_string()));
        }
    }
}

/// Writes `group` in one transaction, or, if that fails, each batch in its
/// own: each batch's count of new events, or its error.
fn write_groups(conn: &mut Connection, group: &[Job]) -> Vec<rusqlite::Result<u64>> {
    match write_group(conn, group) {
        Ok(counts) => counts.into_iter().map(Ok).collect(),
        Err(err) if group.len() == 1 => vec![Err(err)],
        Err(err) => {
            tracing::warn!(error = %err, batches = group.len(), "group commit failed; writing each batch alone");
            group
                .iter()
                .map(|job| write_group(conn, std::slice::from_ref(job)).map(|c| c[0]))
                .collect()
        }
    }
}

/// Every batch of `group` in one transaction: how many events of each were
/// new (an id repeated in the group counts for its first batch, as if the
/// batches were written in order), or the first error, and nothing written.
fn write_group(conn: &mut Connection, group: &[Job]) -> rusqlite::Result<Vec<u64>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut counts = Vec::with_capacity(group.len());
    {
        let mut contact = tx.prepare_cached(INSERT_CONTACT)?;
        let mut event = tx.prepare_cached(INSERT_EVENT)?;
        for job in group {
            for &i in &job.contacts {
                contact.execute(params![job.events[i].contact_id, job.now])?;
            }
            let mut n = 0;
            for e in &job.events {
                n += event.execute(params![
                    e.id,
                    e.contact_id,
                    e.ts,
                    e.channel.as_str(),
                    e.direction.as_str(),
                    e.kind.as_str(),
                    e.scope.as_str(),
                    i64::from(e.flags),
                    e.campaign_id,
                    e.name,
                    e.session_id,
                    e.value,
                    e.payload,
                ])? as u64;
            }
            counts.push(n);
        }
    }
    // Dropped uncommitted (an error above), the transaction rolls back.
    tx.commit()?;
    Ok(counts)
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
