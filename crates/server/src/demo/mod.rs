//! The seeded demo data set: `canal serve --demo` loads it into an empty
//! database, `canal demo-data` writes it as CSV files. Both come from the
//! same generator, so the same seed gives the same rows either way.
//!
//! The data is anchored to a fixed end date, never the wall clock, so the
//! files and every figure computed from them are reproducible.

mod gen;
mod names;
mod rng;

pub use gen::{generate, Counts};
pub use rng::Rng;

use crate::records::{csv, Campaign, Consent, Contact, Event, Order};
use crate::{auth, store, AppError, AppState};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The default seed.
pub const DEFAULT_SEED: u64 = 42;
/// The default number of contact records (about 4 % are duplicates).
pub const DEFAULT_CONTACTS: usize = 5_200;
/// The default number of events.
pub const DEFAULT_EVENTS: usize = 250_000;
/// The default last day of data.
pub const DEFAULT_END: &str = "2026-11-01";
/// The demo login.
pub const DEMO_EMAIL: &str = "demo@example.com";
/// The demo password.
pub const DEMO_PASSWORD: &str = "canal-demo";

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Seed of the generator.
    pub seed: u64,
    /// Contact records.
    pub contacts: usize,
    /// Events, exactly.
    pub events: usize,
    /// The end of the 12 months of data, seconds since the epoch.
    pub end: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: DEFAULT_SEED,
            contacts: DEFAULT_CONTACTS,
            events: DEFAULT_EVENTS,
            end: crate::time::parse(DEFAULT_END).unwrap_or(1_793_491_200),
        }
    }
}

/// A web push subscription (database only; not part of the CSV set).
#[derive(Clone, Debug, PartialEq)]
pub struct PushSubscription {
    /// Id.
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// Push service endpoint.
    pub endpoint: String,
    /// The browser's public key.
    pub p256dh: String,
    /// The auth secret.
    pub auth: String,
    /// Topics, a JSON array.
    pub topics: String,
    /// When it was made.
    pub created_at: i64,
}

/// Where generated rows go.
pub trait Sink {
    /// A contact.
    fn contact(&mut self, c: &Contact) -> io::Result<()>;
    /// An event.
    fn event(&mut self, e: &Event) -> io::Result<()>;
    /// An order.
    fn order(&mut self, o: &Order) -> io::Result<()>;
    /// A campaign.
    fn campaign(&mut self, c: &Campaign) -> io::Result<()>;
    /// A consent statement.
    fn consent(&mut self, c: &Consent) -> io::Result<()>;
    /// A push subscription.
    fn push_subscription(&mut self, _s: &PushSubscription) -> io::Result<()> {
        Ok(())
    }
}

/// Streams rows into the five CSV files.
struct CsvSink {
    files: [BufWriter<std::fs::File>; 5],
    line: Vec<u8>,
}

impl CsvSink {
    fn write(&mut self, file: usize, f: impl FnOnce(&mut Vec<u8>)) -> io::Result<()> {
        self.line.clear();
        f(&mut self.line);
        self.files[file].write_all(&self.line)
    }
}

impl Sink for CsvSink {
    fn contact(&mut self, c: &Contact) -> io::Result<()> {
        self.write(0, |l| csv::contact(l, c))
    }
    fn event(&mut self, e: &Event) -> io::Result<()> {
        self.write(1, |l| csv::event(l, e))
    }
    fn order(&mut self, o: &Order) -> io::Result<()> {
        self.write(2, |l| csv::order(l, o))
    }
    fn campaign(&mut self, c: &Campaign) -> io::Result<()> {
        self.write(3, |l| csv::campaign(l, c))
    }
    fn consent(&mut self, c: &Consent) -> io::Result<()> {
        self.write(4, |l| csv::consent(l, c))
    }
}

/// Writes contacts.csv, events.csv, orders.csv, campaigns.csv and
/// consent.csv into `dir` (created if missing).
pub fn write_csv(cfg: &Config, dir: &Path) -> io::Result<Counts> {
    std::fs::create_dir_all(dir)?;
    let open = |name: &str, header: &str| -> io::Result<BufWriter<std::fs::File>> {
        let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join(name))?);
        w.write_all(header.as_bytes())?;
        Ok(w)
    };
    let mut sink = CsvSink {
        files: [
            open("contacts.csv", csv::CONTACTS)?,
            open("events.csv", csv::EVENTS)?,
            open("orders.csv", csv::ORDERS)?,
            open("campaigns.csv", csv::CAMPAIGNS)?,
            open("consent.csv", csv::CONSENT)?,
        ],
        line: Vec::with_capacity(256),
    };
    let counts = generate(cfg, &mut sink)?;
    for f in &mut sink.files {
        f.flush()?;
    }
    Ok(counts)
}

/// Collects rows in memory for a database load.
#[derive(Default)]
struct VecSink {
    contacts: Vec<Contact>,
    events: Vec<Event>,
    orders: Vec<Order>,
    campaigns: Vec<Campaign>,
    consent: Vec<Consent>,
    push: Vec<PushSubscription>,
}

impl Sink for VecSink {
    fn contact(&mut self, c: &Contact) -> io::Result<()> {
        self.contacts.push(c.clone());
        Ok(())
    }
    fn event(&mut self, e: &Event) -> io::Result<()> {
        self.events.push(e.clone());
        Ok(())
    }
    fn order(&mut self, o: &Order) -> io::Result<()> {
        self.orders.push(o.clone());
        Ok(())
    }
    fn campaign(&mut self, c: &Campaign) -> io::Result<()> {
        self.campaigns.push(c.clone());
        Ok(())
    }
    fn consent(&mut self, c: &Consent) -> io::Result<()> {
        self.consent.push(c.clone());
        Ok(())
    }
    fn push_subscription(&mut self, s: &PushSubscription) -> io::Result<()> {
        self.push.push(s.clone());
        Ok(())
    }
}

/// Loads the demo data set when the database has no contact yet; returns
/// whether it did. One transaction: a crash mid-load leaves it empty.
pub async fn load_if_empty(state: &AppState, cfg: &Config) -> Result<bool, AppError> {
    use sqlx::Row;
    let pool = state.db()?.pool();
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM contacts")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    if n > 0 {
        return Ok(false);
    }
    let cfg = cfg.clone();
    let data = tokio::task::spawn_blocking(move || {
        let mut sink = VecSink::default();
        generate(&cfg, &mut sink).map(|_| sink)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let now = auth::now();
    let (_writer, mut tx) = state.db()?.begin_write().await?;
    store::upsert_contacts(&mut tx, &data.contacts, now).await?;
    store::upsert_campaigns(&mut tx, &data.campaigns).await?;
    store::insert_events(&mut tx, &data.events, now).await?;
    store::upsert_orders(&mut tx, &data.orders, now).await?;
    store::insert_consent(&mut tx, &data.consent, now).await?;
    for chunk in data.push.chunks(1000) {
        let mut sql = crate::db::Sql::new(
            "INSERT INTO push_subscriptions (id, contact_id, endpoint, p256dh, auth, topics, \
             created_at) VALUES ",
        );
        for (i, s) in chunk.iter().enumerate() {
            use crate::db::Arg;
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(Arg::Text(s.id.clone()))
                .push(", ")
                .bind(Arg::Text(s.contact_id.clone()))
                .push(", ")
                .bind(Arg::Text(s.endpoint.clone()))
                .push(", ")
                .bind(Arg::Text(s.p256dh.clone()))
                .push(", ")
                .bind(Arg::Text(s.auth.clone()))
                .push(", ")
                .bind(Arg::Text(s.topics.clone()))
                .push(", ")
                .bind(Arg::Int(s.created_at))
                .push(")");
        }
        sql.push(" ON CONFLICT (id) DO NOTHING");
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    state.data.invalidate();
    Ok(true)
}

/// Creates demo@example.com / canal-demo unless it exists.
pub async fn ensure_demo_user(state: &AppState) -> Result<(), AppError> {
    if auth::user_id(state, DEMO_EMAIL).await?.is_none() {
        auth::create_user(state, DEMO_EMAIL, DEMO_PASSWORD).await?;
    }
    Ok(())
}
