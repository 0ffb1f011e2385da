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
use rustc_hash::FxHashSet;
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

/// The writer's connection, and contact ids it saw committed.
struct Writer {
    conn: Connection,
    /// Contact ids known to have a row (contacts are never deleted), so
    /// their `INSERT … DO NOTHING` is skipped; at most [`KNOWN_CONTACTS`].
    known: FxHashSet<String>,
}

/// Contact ids the writer remembers, at most (about 50 MB); past that it
/// starts over.
const KNOWN_CONTACTS: usize = 1_000_000;

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
        Some(Ok(conn)) => Some(Writer {
            conn,
            known: FxHashSet::default(),
        }),
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
fn write_groups(conn: &mut Writer, group: &[Job]) -> Vec<rusqlite::Result<u64>> {
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
fn write_group(writer: &mut Writer, group: &[Job]) -> rusqlite::Result<Vec<u64>> {
    let tx = writer
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut counts = Vec::with_capacity(group.len());
    let mut fresh = Vec::new();
    {
        let mut contact = tx.prepare_cached(INSERT_CONTACT)?;
        let mut event = tx.prepare_cached(INSERT_EVENT)?;
        for job in group {
            for &i in &job.contacts {
                let id = &job.events[i].contact_id;
                if writer.known.contains(id) {
                    continue;
                }
                contact.execute(params![id, job.now])?;
                fresh.push(id);
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
    if writer.known.len() + fresh.len() > KNOWN_CONTACTS {
        writer.known.clear();
    }
    writer.known.extend(fresh.into_iter().cloned());
    Ok(counts)
}

/// Copies the WAL into the database (a passive checkpoint, which never
/// blocks the writer) from a reading connection, a moment after commits.
///
/// Why: SQLite otherwise checkpoints on the writing connection, inside the
/// commit that crossed `wal_autocheckpoint`: the writer stopped for the
/// copy and for the two fsyncs (about a tenth of its time in the profile),
/// while every batch waited for it. The writer's own automatic checkpoint
/// still comes every 128 MiB of WAL (`db.rs`): a passive checkpoint beside a
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

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::{Channel, Direction, EventKind, Scope};

    /// The writer tables, with `ts >= 0` checked so a batch can fail.
    const SCHEMA: &str =
        "CREATE TABLE contacts (id TEXT PRIMARY KEY, updated_at BIGINT NOT NULL); \
        CREATE TABLE events (id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, \
        ts BIGINT NOT NULL CHECK (ts >= 0), channel TEXT NOT NULL, direction TEXT NOT NULL, \
        kind TEXT NOT NULL, scope TEXT NOT NULL, flags BIGINT NOT NULL DEFAULT 0, \
        campaign_id TEXT, name TEXT, session_id TEXT, value DOUBLE PRECISION, payload TEXT);";

    /// A batch of `(event id, contact id, ts)`.
    type Batch<'a> = &'a [(&'a str, &'a str, i64)];

    fn job(events: Batch) -> Job {
        let events: Vec<Event> = events
            .iter()
            .map(|&(id, contact, ts)| Event {
                id: id.into(),
                contact_id: contact.into(),
                ts,
                channel: Channel::Sms,
                direction: Direction::Outbound,
                kind: EventKind::Sent,
                scope: Scope::Unknown,
                flags: 0,
                campaign_id: None,
                name: None,
                session_id: None,
                value: None,
                payload: None,
            })
            .collect();
        let mut contacts: Vec<usize> = (0..events.len()).collect();
        contacts.sort_by(|&a, &b| events[a].contact_id.cmp(&events[b].contact_id));
        contacts.dedup_by(|a, b| events[*a].contact_id == events[*b].contact_id);
        Job {
            events,
            contacts,
            now: 7,
            done: oneshot::channel().0,
        }
    }

    /// Writes each group in turn; each batch's count (or `None` for an
    /// error) and, after each group, the stored contact ids.
    fn check(groups: &[&[Batch]], expected: &[(&[Option<u64>], &[&str])]) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let mut writer = Writer {
            conn,
            known: FxHashSet::default(),
        };
        for (group, (counts, contacts)) in groups.iter().zip(expected) {
            let jobs: Vec<Job> = group.iter().map(|b| job(b)).collect();
            let got: Vec<Option<u64>> = write_groups(&mut writer, &jobs)
                .into_iter()
                .map(Result::ok)
                .collect();
            assert_eq!(got, *counts, "{group:?}");
            let stored: Vec<String> = writer
                .conn
                .prepare("SELECT id FROM contacts ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(stored, *contacts, "{group:?}");
        }
    }

    #[test]
    fn batches_count_their_own_new_events_and_fail_alone() {
        check(
            &[&[&[("a", "c1", 1), ("b", "c2", 2)]]],
            &[(&[Some(2)], &["c1", "c2"])],
        );
        // An id repeated across batches of a group counts for the first.
        check(
            &[&[
                &[("a", "c1", 1), ("a", "c1", 1)],
                &[("a", "c1", 1), ("b", "c1", 1)],
            ]],
            &[(&[Some(1), Some(1)], &["c1"])],
        );
        // A failing batch (ts < 0) takes neither its events nor its new
        // contacts with it, the other batch of its group is stored, and a
        // later batch still creates the contact the failed one named.
        check(
            &[
                &[&[("a", "c1", 1), ("x", "c9", -1)], &[("b", "c2", 1)]],
                &[&[("c", "c9", 1), ("a", "c1", 1)]],
            ],
            &[
                (&[None, Some(1)], &["c2"]),
                (&[Some(2)], &["c1", "c2", "c9"]),
            ],
        );
    }
}
