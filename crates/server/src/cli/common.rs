//! What several subcommands share: loading their files, time bounds.

use super::args;
use super::load::{load_all, sources};
use canal_core::model::DAY;
use canal_core::rate::Period;
use canal_core::Dataset;

/// The contact a key given on the command line names: a key or alias as
/// written, lower-cased (e-mails are stored so), or a phone number in the
/// data set's country (`(415) 555-0100` finds `+14155550100` in a data
/// set read with `--phone-country US`).
pub fn find_contact(ds: &Dataset, key: &str) -> Option<u32> {
    let key = key.trim();
    let mut e164 = String::new();
    ds.resolve_key(key)
        .or_else(|| ds.resolve_key(&key.to_lowercase()))
        .or_else(|| {
            let country = ds.key_country().phone();
            canal_core::identity::normalize_phone(key, &country, &mut e164).ok()?;
            ds.resolve_key(&e164)
        })
}

/// Options for subcommands that read several files into one dataset.
#[derive(Debug, clap::Args)]
pub struct Files {
    /// Input files (`-` reads stdin): events, orders, contacts, campaigns,
    /// consent, in any order; each file's kind is sniffed from its headers.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// The kind of a file when sniffing guesses wrong: FILE=KIND (contacts,
    /// events, orders, campaigns, consent). Repeatable.
    #[arg(long, value_name = "FILE=KIND")]
    pub kind: Vec<String>,
    /// Read a column of a file as a field when the suggested mapping is
    /// wrong: FILE:HEADER=FIELD, e.g. events.csv:Fecha=timestamp
    /// (fields: email, contact_id, phone, timestamp, channel, event_type,
    /// value, order_id, amount, …; `ignore` leaves the column unmapped).
    /// Repeatable.
    #[arg(long, value_name = "FILE:HEADER=FIELD")]
    pub column: Vec<String>,
}

impl Files {
    /// Loads every file into one dataset; fails when nothing was loaded.
    pub fn load(&self) -> Result<Dataset, String> {
        let mut ds = Dataset::default();
        let mut sources = sources(&self.files, &self.kind)?;
        for spec in &self.column {
            let (file, header, field) = parse_column(spec, &self.files)?;
            if let Some(src) = sources.iter_mut().find(|s| s.path == file) {
                match field {
                    Some(f) => src.columns.push((header, f)),
                    None => src.ignore.push(header),
                }
            }
        }
        let loaded = load_all(&mut ds, &sources)?;
        if loaded.iter().all(|l| l.report.rows_loaded == 0) {
            return Err(format!(
                "no row could be read from {}",
                self.files.join(", ")
            ));
        }
        Ok(ds)
    }
}

/// Parses `--column FILE:HEADER=FIELD` against the files given; `None` is
/// `ignore`.
pub fn parse_column(
    spec: &str,
    files: &[String],
) -> Result<(String, String, Option<canal_core::import::Field>), String> {
    let usage = || {
        format!("--column {spec:?}: expected FILE:HEADER=FIELD, e.g. events.csv:Fecha=timestamp")
    };
    let (left, field) = spec.rsplit_once('=').ok_or_else(usage)?;
    // The longest file name that prefixes the spec, so paths with ':' work.
    let file = files
        .iter()
        .filter(|f| left.len() > f.len() && left.starts_with(f.as_str()))
        .filter(|f| left.as_bytes()[f.len()] == b':')
        .max_by_key(|f| f.len())
        .ok_or_else(|| format!("--column {spec:?}: FILE must be one of the files given"))?;
    let header = &left[file.len() + 1..];
    if header.trim().is_empty() {
        return Err(usage());
    }
    let field = match field.trim() {
        "ignore" => None,
        name => Some(canal_core::import::Field::parse(name).ok_or_else(|| {
            let names: Vec<&str> = canal_core::import::Field::ALL
                .iter()
                .map(|f| f.as_str())
                .collect();
            format!(
                "--column {spec:?}: unknown field '{name}' (one of {}, or ignore)",
                names.join(", ")
            )
        })?),
    };
    Ok((file.clone(), header.to_owned(), field))
}

/// The first and last timestamps of events and orders.
pub fn span(ds: &Dataset) -> Option<(i64, i64)> {
    let ts = ds.events.ts.iter().chain(&ds.orders.ts);
    let min = ts.clone().min()?;
    Some((*min, *ts.max()?))
}

/// `--period-from D --period-to D` (both days included); each side missing
/// defaults to the data's first / last day.
pub fn period(ds: &Dataset, from: Option<&str>, to: Option<&str>) -> Result<Period, String> {
    let (lo, hi) = span(ds).unwrap_or((0, 0));
    let from = match from {
        Some(d) => args::day_start("--period-from", d)?,
        None => lo.div_euclid(DAY) * DAY,
    };
    let to = match to {
        Some(d) => args::day_start("--period-to", d)? + DAY,
        None => (hi.div_euclid(DAY) + 1) * DAY,
    };
    if to <= from {
        return Err("--period-to is before --period-from".into());
    }
    Ok(Period::new(from, to))
}

/// `--at D` or `--as-of D` as the start of that day; by default the start of
/// the day after the last event or order, so the whole last day counts.
pub fn at(ds: &Dataset, option: &str, day: Option<&str>) -> Result<i64, String> {
    match day {
        Some(d) => args::day_start(option, d),
        None => Ok(span(ds).map_or(0, |(_, hi)| (hi.div_euclid(DAY) + 1) * DAY)),
    }
}
