//! Records to table rows: the header, field-count checks, the dispatch to one
//! builder per table kind, and row errors.
//!
//! Every builder parses and checks a whole row before it writes anything, so
//! a failing row leaves the columns aligned and is reported, never half
//! written.

mod cache;
mod campaigns;
mod consent;
mod contacts;
mod events;
#[cfg(test)]
mod fast_tests;
mod orders;
mod pending;
mod row_ids;

use super::csv::{Batch, RecordRef, Unterminated};
use super::date::{order_evidence, parse_datetime_memo, DateOrder, MonthMemo};
use super::decode::field_str;
use super::mapping::{suggest, Field, Mapping, TableKind};
use super::number::{parse_number, trim};
use super::RowError;
use crate::identity::{CountryCode, PhoneCountry};
use crate::model::{Channel, Dataset};
pub(crate) use cache::{contact_id, find_contact, find_key, Interner, RecentIds, Vocab};

/// A map with the fast non-cryptographic hasher (keys are our own ids).
pub(crate) type FxHashMap<K, V> = hashbrown::HashMap<K, V, rustc_hash::FxBuildHasher>;
/// A set with the fast non-cryptographic hasher.
pub(crate) type FxHashSet<K> = hashbrown::HashSet<K, rustc_hash::FxBuildHasher>;

/// Parsing conventions and scratch buffers shared by the builders.
#[derive(Debug)]
pub(crate) struct Cx {
    pub decimal_comma: bool,
    pub date_order: DateOrder,
    pub default_channel: Channel,
    pub reference_year: Option<i32>,
    /// The current row's contact key, normalised.
    pub key: String,
    pub scratch: String,
    pub scratch2: String,
    /// The month of the last date read ([`parse_datetime_memo`]).
    pub month: std::cell::Cell<MonthMemo>,
    /// The country of national phone numbers: the data set's, which
    /// identity reconciliation uses too, so keys and identifiers read
    /// alike. Settled when the header is read ([`Loader::set_headers`]).
    pub country: PhoneCountry,
    /// The country the import asked for (`ImportOptions::phone_country`).
    pub wanted_country: Option<CountryCode>,
}

impl Cx {
    pub fn new(
        decimal_comma: bool,
        date_order: DateOrder,
        default_channel: Channel,
        reference_year: Option<i32>,
        wanted_country: Option<CountryCode>,
    ) -> Self {
        Cx {
            decimal_comma,
            date_order,
            default_channel,
            reference_year,
            key: String::new(),
            scratch: String::new(),
            scratch2: String::new(),
            month: std::cell::Cell::default(),
            country: PhoneCountry::default(),
            wanted_country,
        }
    }
}

/// Why a row failed: the column (index) and a reason for people.
#[derive(Debug)]
pub(crate) struct Bad {
    pub col: Option<usize>,
    pub reason: String,
}

pub(crate) fn bad(col: Option<usize>, reason: impl Into<String>) -> Bad {
    Bad {
        col,
        reason: reason.into(),
    }
}

/// The column of every field, looked up once per file.
#[derive(Clone, Debug)]
pub(crate) struct Cols([Option<usize>; 64]);

impl Cols {
    fn new(m: &Mapping) -> Self {
        let mut cols = [None; 64];
        for (i, f) in m.columns.iter().enumerate() {
            if let Some(f) = f {
                let slot = &mut cols[*f as usize];
                if slot.is_none() {
                    *slot = Some(i);
                }
            }
        }
        Cols(cols)
    }

    #[inline]
    pub fn get(&self, f: Field) -> Option<usize> {
        self.0[f as usize]
    }
}

/// A trimmed cell, empty when the column is absent.
#[inline(always)]
pub(crate) fn cell<'a>(rec: &RecordRef<'a>, col: Option<usize>) -> &'a [u8] {
    match col {
        Some(c) => trim(rec.get(c)),
        None => &[],
    }
}

/// Shows a cell in an error message (cut, and lossy for odd bytes).
pub(crate) fn shown(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.into_owned()
    }
}

/// Reads a date cell; `required` makes an empty cell an error.
#[inline]
pub(crate) fn date_cell(
    rec: &RecordRef<'_>,
    col: Option<usize>,
    cx: &Cx,
    required: bool,
) -> Result<Option<i64>, Bad> {
    let raw = cell(rec, col);
    if raw.is_empty() {
        return if required {
            Err(bad(col, "missing date"))
        } else {
            Ok(None)
        };
    }
    let mut memo = cx.month.get();
    let ts = parse_datetime_memo(raw, cx.date_order, &mut memo);
    cx.month.set(memo);
    match ts {
        Some(ts) => Ok(Some(ts)),
        None => {
            let hint = if order_evidence(raw).is_some() || raw.contains(&b'/') {
                format!(
                    " (dates in this file are read as {})",
                    cx.date_order.pattern()
                )
            } else {
                String::new()
            };
            Err(bad(
                col,
                format!("cannot read '{}' as a date{hint}", shown(raw)),
            ))
        }
    }
}

/// [`date_cell`] for a caller that holds `cx` mutably (the event loop):
/// every date is read with the memo in place, without copying it in and
/// out of its cell; an empty cell or one no reading takes goes to
/// [`date_cell`] for its answer or error.
#[inline(always)]
pub(crate) fn date_cell_mut(
    rec: &RecordRef<'_>,
    col: Option<usize>,
    cx: &mut Cx,
    required: bool,
) -> Result<Option<i64>, Bad> {
    let raw = cell(rec, col);
    if !raw.is_empty() {
        if let Some(ts) = parse_datetime_memo(raw, cx.date_order, cx.month.get_mut()) {
            return Ok(Some(ts));
        }
    }
    date_cell(rec, col, cx, required)
}

/// Reads a number cell; empty is `None`. Inlined up to the emptiness test,
/// as optional number columns are mostly empty.
#[inline(always)]
pub(crate) fn number_cell(
    rec: &RecordRef<'_>,
    col: Option<usize>,
    cx: &Cx,
) -> Result<Option<f64>, Bad> {
    let raw = cell(rec, col);
    if raw.is_empty() {
        return Ok(None);
    }
    number_text(raw, col, cx).map(Some)
}

fn number_text(raw: &[u8], col: Option<usize>, cx: &Cx) -> Result<f64, Bad> {
    parse_number(raw, cx.decimal_comma)
        .ok_or_else(|| bad(col, format!("cannot read '{}' as a number", shown(raw))))
}

/// Puts the row's contact key into `cx.key`: the e-mail (trimmed,
/// lower-cased), else the contact id, else the phone (E.164 when it reads
/// as one, see [`push_phone_key`]).
#[inline]
pub(crate) fn contact_key(rec: &RecordRef<'_>, c: &Cols, cx: &mut Cx) -> Result<(), Bad> {
    let email = cell(rec, c.get(Field::Email));
    cx.key.clear();
    if !email.is_empty() {
        push_email_key(field_str(email, &mut cx.scratch), &mut cx.key);
        return Ok(());
    }
    let id = cell(rec, c.get(Field::ContactId));
    if !id.is_empty() {
        cx.key.push_str(field_str(id, &mut cx.scratch));
        return Ok(());
    }
    let phone = cell(rec, c.get(Field::Phone));
    if !phone.is_empty() {
        push_phone_key(field_str(phone, &mut cx.scratch), &cx.country, &mut cx.key);
        return Ok(());
    }
    let col = [Field::Email, Field::ContactId, Field::Phone]
        .iter()
        .find_map(|&f| c.get(f));
    Err(bad(
        col,
        "no contact: the e-mail, id and phone are all empty",
    ))
}

/// Appends an e-mail cell as a key: lower-cased (it is trimmed already).
#[inline]
pub(crate) fn push_email_key(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Appends a phone cell as a key: in E.164 with `country` for a national
/// number, as identity reconciliation reads phones (so `612 345 678` keys
/// the contact whose phone is `+34612345678`), or as given when it is no
/// phone number.
/// Returns whether it was a phone number. Out of line: the number
/// parsing would bloat the callers' hot loops, where phone keys are rare.
#[inline(never)]
pub(crate) fn push_phone_key(s: &str, country: &PhoneCountry, out: &mut String) -> bool {
    let ok = crate::identity::normalize_phone(s, country, out).is_ok();
    if !ok {
        out.push_str(s);
    }
    ok
}

/// Appends to an optional column, which is either empty or one value per
/// row: a first value fills the earlier `n` rows with `absent`.
#[inline(always)]
pub(crate) fn push_opt<T: Copy>(col: &mut Vec<T>, n: usize, absent: T, value: Option<T>) {
    if col.is_empty() {
        if let Some(v) = value {
            col.resize(n, absent);
            col.push(v);
        }
    } else {
        col.push(value.unwrap_or(absent));
    }
}

/// Reads a vocabulary cell; empty is `Ok(None)`, an unknown word an error.
/// Inlined up to the vocabulary's list of recent words: a call cost as
/// much as the look-up, and absent columns cost a call for nothing.
#[inline(always)]
pub(crate) fn word_cell<T: Copy>(
    rec: &RecordRef<'_>,
    col: Option<usize>,
    cx: &mut Cx,
    vocab: &mut Vocab<T>,
    read: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, Bad> {
    let raw = cell(rec, col);
    if raw.is_empty() {
        return Ok(None);
    }
    match vocab.get(raw, &mut cx.scratch, read) {
        Some(v) => Ok(Some(v)),
        None => Err(unknown_word(col, what, raw)),
    }
}

#[cold]
#[inline(never)]
fn unknown_word(col: Option<usize>, what: &str, raw: &[u8]) -> Bad {
    bad(col, format!("unknown {what} '{}'", shown(raw)))
}

/// Whether a record may not be loaded as it stands: oversized, or not
/// `width` fields long ([`Loader::misfit_error`] tells).
#[inline(always)]
fn misfit(rec: &RecordRef<'_>, width: usize) -> bool {
    rec.is_oversized() | (rec.len() != width)
}

/// How one row went.
pub(crate) enum Outcome {
    Loaded,
    /// Folded into the previous row (an order's further line items).
    Merged,
}

/// One per table kind; boxed because the event builder's caches are large.
enum Builder {
    Events(Box<events::Events>),
    Orders(orders::Orders),
    Contacts(contacts::Contacts),
    Campaigns(campaigns::Campaigns),
    Consent(consent::Consent),
}

impl Builder {
    fn new(
        kind: TableKind,
        m: &Mapping,
        headers: &[String],
        ds: &mut Dataset,
        cx: &Cx,
    ) -> Result<Self, String> {
        let c = Cols::new(m);
        let key = [Field::Email, Field::ContactId, Field::Phone]
            .iter()
            .any(|&f| c.get(f).is_some());
        let need = |f: Field, what: &str| -> Result<(), String> {
            match c.get(f) {
                Some(_) => Ok(()),
                None => Err(format!("no column is mapped to {what}; nothing was loaded")),
            }
        };
        if kind != TableKind::Campaigns && !key {
            return Err(
                "no column is mapped to a contact (email, contact id or phone); nothing was loaded"
                    .into(),
            );
        }
        Ok(match kind {
            TableKind::Events => {
                need(Field::Timestamp, "the timestamp")?;
                need(Field::EventType, "the event type")?;
                Builder::Events(Box::new(events::Events::new(c, ds)))
            }
            TableKind::Orders => {
                need(Field::Timestamp, "the order date")?;
                need(Field::Amount, "the amount")?;
                Builder::Orders(orders::Orders::new(c))
            }
            TableKind::Contacts => {
                Builder::Contacts(contacts::Contacts::new(c, m, headers, ds, cx))
            }
            TableKind::Campaigns => {
                if c.get(Field::Campaign).is_none() && c.get(Field::CampaignName).is_none() {
                    return Err(
                        "no column is mapped to the campaign id or name; nothing was loaded".into(),
                    );
                }
                Builder::Campaigns(campaigns::Campaigns::new(c, ds))
            }
            TableKind::Consent => {
                need(Field::ConsentStatus, "the consent status")?;
                Builder::Consent(consent::Consent::new(c))
            }
        })
    }

    #[inline(always)]
    fn row(
        &mut self,
        k: usize,
        rec: &RecordRef<'_>,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> Result<Outcome, Bad> {
        match self {
            Builder::Events(b) => b.row(k, rec, ds, cx),
            Builder::Orders(b) => b.row(rec, ds, cx),
            Builder::Contacts(b) => b.row(rec, ds, cx),
            Builder::Campaigns(b) => b.row(rec, ds, cx),
            Builder::Consent(b) => b.row(rec, ds, cx),
        }
    }
}

/// Turns records into rows of one table and keeps the tally.
pub(crate) struct Loader {
    kind: Option<TableKind>,
    mapping: Option<Mapping>,
    /// Whether the first record was read (only it may be a `sep=` line).
    first_read: bool,
    pub headers: Option<Vec<String>>,
    builder: Option<Builder>,
    pub cx: Cx,
    pub rows_read: u64,
    pub rows_loaded: u64,
    pub rows_merged: u64,
    pub errors: Vec<RowError>,
    pub errors_total: u64,
    max_errors: usize,
}

impl Loader {
    pub fn new(
        kind: Option<TableKind>,
        mapping: Option<Mapping>,
        cx: Cx,
        max_errors: usize,
    ) -> Self {
        Loader {
            kind,
            mapping,
            first_read: false,
            headers: None,
            builder: None,
            cx,
            rows_read: 0,
            rows_loaded: 0,
            rows_merged: 0,
            errors: Vec::new(),
            errors_total: 0,
            max_errors,
        }
    }

    /// The kind and mapping in force once the header was read.
    pub fn plan(&self) -> (Option<TableKind>, Mapping) {
        (self.kind, self.mapping.clone().unwrap_or_default())
    }

    pub fn error(&mut self, line: u64, column: Option<String>, reason: String) {
        self.errors_total += 1;
        if self.errors.len() < self.max_errors {
            self.errors.push(RowError {
                line,
                column,
                kind: super::RowErrorKind::of(&reason),
                reason,
            });
        }
    }

    fn column_name(&self, col: usize) -> String {
        match self.headers.as_ref().and_then(|h| h.get(col)) {
            Some(h) if !h.is_empty() => h.clone(),
            _ => format!("column {}", col + 1),
        }
    }

    /// Takes one batch of records: the header first, then data rows.
    pub fn batch(&mut self, batch: &Batch<'_>, ds: &mut Dataset) {
        let mut k = 0;
        while self.headers.is_none() && k < batch.len() {
            let rec = batch.get(k);
            k += 1;
            // Excel's `sep=;` line names the delimiter and is no header.
            let first = rec.get(0);
            let is_sep_line =
                first.starts_with(b"sep=") && rec.len() <= 2 && first.len() + rec.get(1).len() <= 5;
            if !is_sep_line || self.first_read {
                self.header(&rec, ds);
            }
            self.first_read = true;
        }
        self.rows_read += (batch.len() - k) as u64;
        if k < batch.len() {
            self.load(batch, k, ds);
        }
    }

    /// Loads records `from..` of a batch, in file order.
    fn load(&mut self, batch: &Batch<'_>, from: usize, ds: &mut Dataset) {
        let (Some(builder), Some(headers)) = (&mut self.builder, &self.headers) else {
            return;
        };
        let width = headers.len();
        if let Builder::Events(_) = builder {
            self.load_events(batch, from, width, ds);
            return;
        }
        for k in from..batch.len() {
            let rec = batch.get(k);
            if misfit(&rec, width) && self.misfit_error(&rec, width) {
                continue;
            }
            let Some(builder) = &mut self.builder else {
                break;
            };
            match builder.row(k - from, &rec, ds, &mut self.cx) {
                Ok(Outcome::Loaded) => self.rows_loaded += 1,
                Ok(Outcome::Merged) => self.rows_merged += 1,
                Err(b) => self.row_error(rec.line(), b),
            }
        }
    }

    /// [`Loader::load`] for an event file: the builder is taken out of
    /// `self` for the batch, so the loop matches on it once, not per row,
    /// and the row errors (rare) are reported out of line.
    #[inline(always)]
    fn load_events(&mut self, batch: &Batch<'_>, from: usize, width: usize, ds: &mut Dataset) {
        let Some(Builder::Events(mut b)) = self.builder.take() else {
            return;
        };
        b.prepare(batch, from, ds, &mut self.cx);
        let mut loaded = 0;
        for k in from..batch.len() {
            let rec = batch.get(k);
            if misfit(&rec, width) && self.misfit_error(&rec, width) {
                continue;
            }
            match b.row(k - from, &rec, ds, &mut self.cx) {
                Ok(Outcome::Loaded) => loaded += 1,
                Ok(Outcome::Merged) => self.rows_merged += 1,
                Err(e) => self.row_error(rec.line(), e),
            }
        }
        self.rows_loaded += loaded;
        b.flush(ds);
        self.builder = Some(Builder::Events(b));
    }

    /// Reports a row a builder refused.
    #[cold]
    #[inline(never)]
    fn row_error(&mut self, line: u64, b: Bad) {
        let column = b.col.map(|c| self.column_name(c));
        self.error(line, column, b.reason);
    }

    /// For a record [`misfit`] flagged: whether it is not to be loaded
    /// (oversized, or another number of fields than the header, unless
    /// the extra ones are empty), reported here.
    #[cold]
    #[inline(never)]
    fn misfit_error(&mut self, rec: &RecordRef<'_>, width: usize) -> bool {
        if rec.is_oversized() {
            let reason = format!(
                "the row is longer than {} MiB and was not loaded",
                super::csv::MAX_RECORD_BYTES >> 20
            );
            self.error(rec.line(), None, reason);
            return true;
        }
        if rec.len() < width || (width..rec.len()).any(|i| !trim(rec.get(i)).is_empty()) {
            let reason = format!(
                "the row has {} fields but the header has {width}",
                rec.len()
            );
            self.error(rec.line(), None, reason);
            return true;
        }
        false
    }

    /// Moves the row errors so far `by` lines down (see
    /// [`super::csv::Tokenizer::shift_lines`]).
    pub fn shift_lines(&mut self, by: u64) {
        for e in &mut self.errors {
            e.line += by;
        }
    }

    /// A problem with the file itself, after the rows read so far.
    pub fn problem(&mut self, line: u64, reason: String) {
        self.error(line, None, reason);
    }

    fn header(&mut self, rec: &RecordRef<'_>, ds: &mut Dataset) {
        let headers: Vec<String> = rec
            .iter()
            .map(|f| {
                field_str(trim(f), &mut self.cx.scratch)
                    .trim_start_matches('\u{feff}')
                    .to_owned()
            })
            .collect();
        self.set_headers(headers, rec.line(), ds);
    }

    /// Takes `headers` as the file's header, read on `line`: for a part of
    /// a file that starts after it (see `import::split`).
    pub fn set_headers(&mut self, headers: Vec<String>, line: u64, ds: &mut Dataset) {
        self.first_read = true;
        let (kind, mut mapping) = suggest(&headers, self.kind);
        if let Some(m) = self.mapping.take() {
            mapping = m;
        }
        mapping.columns.resize(headers.len(), None);
        // Campaigns name no contact: any country will do.
        let country = match kind {
            TableKind::Campaigns => Ok(ds.key_country()),
            _ => ds.check_country(self.cx.wanted_country),
        };
        // A builder's interners start empty: they can only stand for the
        // strings added from here on (`Dict::intern_new`).
        ds.index_dicts();
        let built = match country {
            Ok(c) => {
                self.cx.country = c.phone();
                if kind != TableKind::Campaigns && self.cx.wanted_country.is_some() {
                    ds.phone_country = Some(c);
                }
                Builder::new(kind, &mapping, &headers, ds, &self.cx)
            }
            Err(e) => Err(format!("{e}; nothing was loaded")),
        };
        match built {
            Ok(b) => self.builder = Some(b),
            Err(reason) => self.error(line, None, reason),
        }
        self.kind = Some(kind);
        self.mapping = Some(mapping);
        self.headers = Some(headers);
    }

    /// A quoted field that never closed swallowed the rest of the file.
    pub fn unterminated(&mut self, u: Unterminated) {
        if self.headers.is_some() {
            self.rows_read += 1;
        }
        let lost = if u.last_line > u.record_line {
            format!("lines {}–{} were not loaded", u.record_line, u.last_line)
        } else {
            format!("line {} was not loaded", u.record_line)
        };
        let reason = format!(
            "a quoted field opened on line {} is never closed; {lost}",
            u.quote_line
        );
        self.error(u.record_line, None, reason);
    }

    /// Releases the per-import caches and spare capacity, gives every
    /// contact key its (empty) contact row, and normalises a contacts
    /// file's new identifiers once, here, so that [`crate::people::unify`]
    /// only reads them.
    pub fn finish(&mut self, ds: &mut Dataset) {
        let contacts_file = matches!(self.builder, Some(Builder::Contacts(_)));
        // First, so the contact rows can take the caches' memory.
        self.builder = None;
        if contacts_file {
            crate::people::prepare(ds);
        }
        for d in [
            &mut ds.keys,
            &mut ds.aliases,
            &mut ds.text,
            &mut ds.names,
            &mut ds.campaign_ids,
            &mut ds.order_ids,
            &mut ds.sessions,
        ] {
            d.shrink_to_fit();
        }
        grow_contacts(&mut ds.contacts, ds.keys.len());
        let e = &mut ds.events;
        e.contact.shrink_to_fit();
        e.ts.shrink_to_fit();
        e.channel.shrink_to_fit();
        e.kind.shrink_to_fit();
        e.meta.shrink_to_fit();
        e.campaign.shrink_to_fit();
        e.name.shrink_to_fit();
        e.session.shrink_to_fit();
        e.value.shrink_to_fit();
        let o = &mut ds.orders;
        o.order_id.shrink_to_fit();
        o.contact.shrink_to_fit();
        o.ts.shrink_to_fit();
        o.amount.shrink_to_fit();
        o.currency.shrink_to_fit();
    }
}

/// Grows the contact table to `n` rows in one allocation per column
/// (`Vec::resize` alone may double a column that already has rows).
fn grow_contacts(t: &mut crate::model::ContactTable, n: usize) {
    let more = n.saturating_sub(t.len());
    if more == 0 {
        return;
    }
    t.name.reserve_exact(more);
    t.email.reserve_exact(more);
    t.phone.reserve_exact(more);
    t.country.reserve_exact(more);
    t.city.reserve_exact(more);
    t.birth_year.reserve_exact(more);
    t.job_title.reserve_exact(more);
    t.company.reserve_exact(more);
    t.company_size.reserve_exact(more);
    t.created_at.reserve_exact(more);
    t.stage.reserve_exact(more);
    for (_, col) in &mut t.extra {
        col.reserve_exact(more);
    }
    t.resize(n);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NONE;

    #[test]
    fn optional_columns_stay_empty_or_full() {
        let mut col: Vec<u32> = Vec::new();
        push_opt(&mut col, 0, NONE, None);
        assert!(col.is_empty());
        push_opt(&mut col, 2, NONE, Some(7));
        assert_eq!(col, [NONE, NONE, 7]);
        push_opt(&mut col, 3, NONE, None);
        assert_eq!(col, [NONE, NONE, 7, NONE]);
    }
}
