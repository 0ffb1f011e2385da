//! Contact rows into [`crate::model::ContactTable`]. Columns that are no
//! contact field become extra attributes; a consent column also records a
//! consent statement.
//!
//! Rows of one key are one record, each attribute the most recent
//! non-empty value (SPEC §7): recency is the row's update date (a column
//! mapped to the timestamp, such as `updated_at`), else its creation date;
//! equally recent or undated rows go by file order, the later winning. The
//! record's `created_at` is its earliest, when the contact was first seen,
//! as [`crate::people::unify`] gives a person's. A file without dates is
//! read in file order alone, and a record loaded by an earlier file takes
//! this file's values.

use super::consent::{push as push_consent, ALL_SUBJECTS};
use super::{
    bad, cell, contact_key, date_cell, word_cell, Bad, Cols, Cx, FxHashMap, Outcome, Vocab,
};
use crate::identity::PhoneCountry;
use crate::import::csv::RecordRef;
use crate::import::decode::field_str;
use crate::import::mapping::{normalize_header, Field, Mapping};
use crate::import::number::{parse_number, parse_u64};
use crate::import::words;
use crate::model::{Channel, ConsentStatus, Dataset, NONE};
use chrono::Datelike;

/// Fields a contacts file stores in named columns.
const CONTACT_FIELDS: &[Field] = &[
    Field::Email,
    Field::ContactId,
    Field::Phone,
    Field::Name,
    Field::FirstName,
    Field::LastName,
    Field::Country,
    Field::City,
    Field::BirthYear,
    Field::BirthDate,
    Field::JobTitle,
    Field::Company,
    Field::CompanySize,
    Field::CreatedAt,
    Field::Stage,
    Field::ConsentStatus,
];

pub(crate) struct Contacts {
    c: Cols,
    keys: super::Interner,
    /// (column, index in `ContactTable::extra`).
    extra: Vec<(usize, usize)>,
    statuses: Vocab<ConsentStatus>,
    /// Channel of the consent column: SMS when its header says so.
    consent_channel: Channel,
    /// The update-date column, if any; else rows are dated by `created_at`.
    updated: Option<usize>,
    /// Whether rows carry a date at all (an update or creation column).
    dated: bool,
    /// By contact id: the date of its newest row in this file, [`UNSEEN`]
    /// before its first.
    latest: Vec<i64>,
    /// By contact id, for keys with several rows: the date of the row each
    /// attribute's value came from ([`Slot`] order, then the extra columns).
    value_at: FxHashMap<u32, Vec<i64>>,
}

/// [`Contacts::latest`] of a key no row of this file had.
const UNSEEN: i64 = i64::MAX;

/// The attributes whose values are dated, in [`Contacts::value_at`].
#[derive(Clone, Copy)]
enum Slot {
    Email,
    Phone,
    Country,
    City,
    JobTitle,
    Company,
    Stage,
    Name,
    BirthYear,
    CompanySize,
}

/// Slots before the extra columns'.
const SLOTS: usize = 10;

/// Whether a row's values replace the record's, attribute by attribute.
enum Gate<'a> {
    /// Every non-empty value does: the first row of its key, or no dates.
    All,
    /// A value does when the row (dated `at`) is at least as recent as the
    /// one it replaces, and then dates it.
    Dated { at: i64, value_at: &'a mut [i64] },
}

impl Gate<'_> {
    fn wins(&mut self, slot: usize) -> bool {
        match self {
            Gate::All => true,
            Gate::Dated { at, value_at } => match value_at.get_mut(slot) {
                Some(v) if *at >= *v => {
                    *v = *at;
                    true
                }
                Some(_) => false,
                None => true,
            },
        }
    }
}

impl Contacts {
    pub fn new(mut c: Cols, m: &Mapping, headers: &[String], ds: &mut Dataset, cx: &Cx) -> Self {
        if cx.reference_year.is_none() {
            // Without a reference year an age cannot become a birth year; the
            // column is kept as an attribute instead.
            c.0[Field::Age as usize] = None;
        }
        let mut extra = Vec::new();
        for (col, header) in headers.iter().enumerate() {
            let used = m.columns.get(col).copied().flatten().is_some_and(|f| {
                (CONTACT_FIELDS.contains(&f) || (f == Field::Age && cx.reference_year.is_some()))
                    && c.get(f) == Some(col)
            });
            if used {
                continue;
            }
            let name = if header.is_empty() {
                format!("column {}", col + 1)
            } else {
                header.clone()
            };
            let n = ds.contacts.len();
            let idx = match ds.contacts.extra.iter().position(|(h, _)| *h == name) {
                Some(i) => i,
                None => {
                    ds.contacts.extra.push((name, vec![NONE; n]));
                    ds.contacts.extra.len() - 1
                }
            };
            extra.push((col, idx));
        }
        let consent_channel = c
            .get(Field::ConsentStatus)
            .and_then(|col| headers.get(col))
            .filter(|h| normalize_header(h).contains("sms"))
            .map_or(cx.default_channel, |_| Channel::Sms);
        let updated = c.get(Field::Timestamp);
        let dated = updated.is_some() || c.get(Field::CreatedAt).is_some();
        Contacts {
            c,
            keys: super::Interner::default(),
            extra,
            statuses: Vocab::default(),
            consent_channel,
            updated,
            dated,
            latest: Vec::new(),
            value_at: FxHashMap::default(),
        }
    }
}

/// What [`gate`] reads and keeps of the rows so far.
struct Dates<'a> {
    dated: bool,
    latest: &'a mut Vec<i64>,
    value_at: &'a mut FxHashMap<u32, Vec<i64>>,
    extra: &'a [(usize, usize)],
}

/// How row `at` (its date, `i64::MIN` for none) of contact `id` fills
/// the record: see [`Gate`]. A key's second row dates the values its
/// first row left, by that row's date.
fn gate<'a>(d: Dates<'a>, id: u32, at: i64, ds: &Dataset) -> Gate<'a> {
    if !d.dated {
        return Gate::All;
    }
    let i = id as usize;
    if d.latest.len() <= i {
        d.latest.resize(i + 1, UNSEEN);
    }
    let first = d.latest[i];
    if first == UNSEEN {
        d.latest[i] = at;
        return Gate::All;
    }
    d.latest[i] = first.max(at);
    let extra = d.extra;
    let value_at = d.value_at.entry(id).or_insert_with(|| {
        let k = &ds.contacts;
        let text = |col: &[u32]| col[i] != NONE;
        let set = [
            text(&k.email),
            text(&k.phone),
            text(&k.country),
            text(&k.city),
            text(&k.job_title),
            text(&k.company),
            text(&k.stage),
            text(&k.name),
            k.birth_year[i] != 0,
            k.company_size[i] != 0,
        ];
        let extras = extra.iter().map(|&(_, idx)| text(&k.extra[idx].1));
        set.into_iter()
            .chain(extras)
            .map(|s| if s { first } else { i64::MIN })
            .collect()
    });
    Gate::Dated { at, value_at }
}

impl Contacts {
    /// The row's contact record: one per distinct key (the e-mail, else the
    /// contact id, else the phone), so repeated rows of a key fill in one
    /// record. Rows are never joined by any other identifier: a contact id
    /// beside an e-mail stays an identifier of the record (an alias, so
    /// event and order files keyed by the id find it), and
    /// [`crate::people::unify`] joins the records that share identifiers,
    /// all at once, whatever the order of the rows.
    fn contact(&mut self, rec: &RecordRef<'_>, ds: &mut Dataset, cx: &mut Cx) -> u32 {
        let key = cx.key.as_str();
        let b = key.as_bytes();
        let hash = super::Interner::hash(b);
        let id = match self
            .keys
            .find_or_vacant(hash, b, |id| ds.keys.get(id).as_bytes())
        {
            Ok(id) => id,
            Err(vacant) => {
                let id = ds.keys.intern(key);
                self.keys.insert(vacant, id);
                id
            }
        };
        if ds.contacts.len() <= id as usize {
            ds.contacts.resize(id as usize + 1);
        }
        if !cell(rec, self.c.get(Field::Email)).is_empty() {
            let other = cell(rec, self.c.get(Field::ContactId));
            if !other.is_empty() {
                ds.bind_id(field_str(other, &mut cx.scratch), id);
            }
        }
        id
    }

    pub fn row(
        &mut self,
        rec: &RecordRef<'_>,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> Result<Outcome, Bad> {
        let c = &self.c;
        contact_key(rec, c, cx)?;
        let created = date_cell(rec, c.get(Field::CreatedAt), cx, false)?;
        let birth_year = self.birth_year(rec, cx)?;
        let c = &self.c;
        let size_col = c.get(Field::CompanySize);
        let size_raw = cell(rec, size_col);
        let company_size = if size_raw.is_empty() {
            None
        } else {
            Some(company_size(size_raw, cx.decimal_comma).ok_or_else(|| {
                bad(
                    size_col,
                    format!("cannot read '{}' as a company size", super::shown(size_raw)),
                )
            })?)
        };
        let status_col = c.get(Field::ConsentStatus);
        let status = word_cell(
            rec,
            status_col,
            cx,
            &mut self.statuses,
            words::consent,
            "consent status",
        )?;

        let id = self.contact(rec, ds, cx) as usize;
        if ds.contacts.len() <= id {
            ds.contacts.resize(id + 1);
        }
        let at = match self.updated {
            // An update date that does not read as one dates nothing; it
            // stays an attribute as written.
            Some(col) => date_cell(rec, Some(col), cx, false).ok().flatten(),
            None => created,
        };
        let Contacts {
            c,
            extra,
            dated,
            latest,
            value_at,
            ..
        } = self;
        let dates = Dates {
            dated: *dated,
            latest,
            value_at,
            extra,
        };
        let mut gate = gate(dates, id as u32, at.unwrap_or(i64::MIN), ds);
        for (f, slot) in [
            (Field::Email, Slot::Email),
            (Field::Phone, Slot::Phone),
            (Field::Country, Slot::Country),
            (Field::City, Slot::City),
            (Field::JobTitle, Slot::JobTitle),
            (Field::Company, Slot::Company),
            (Field::Stage, Slot::Stage),
        ] {
            let raw = cell(rec, c.get(f));
            if raw.is_empty() {
                continue;
            }
            let mut v = field_str(raw, &mut cx.scratch);
            if f == Field::Email {
                cx.scratch2.clear();
                super::push_email_key(v, &mut cx.scratch2);
                v = &cx.scratch2;
            }
            let t = ds.text.intern(v);
            let wins = gate.wins(slot as usize);
            if f == Field::Phone {
                let old = ds.contacts.phone[id];
                // The phone that is not kept stays an identifier.
                let (stays, dropped) = if wins { (t, old) } else { (old, t) };
                keep_phone(ds, id, stays, dropped, &cx.country);
            }
            if !wins {
                continue;
            }
            let k = &mut ds.contacts;
            let col = match f {
                Field::Email => &mut k.email,
                Field::Phone => &mut k.phone,
                Field::Country => &mut k.country,
                Field::City => &mut k.city,
                Field::JobTitle => &mut k.job_title,
                Field::Company => &mut k.company,
                _ => &mut k.stage,
            };
            col[id] = t;
        }
        if let Some(name) = full_name(rec, c, cx) {
            if gate.wins(Slot::Name as usize) {
                ds.contacts.name[id] = ds.text.intern(name);
            }
        }
        if let Some(ts) = created {
            let kept = &mut ds.contacts.created_at[id];
            if matches!(gate, Gate::All) || *kept == i64::MIN || ts < *kept {
                *kept = ts;
            }
        }
        if let Some(y) = birth_year {
            if gate.wins(Slot::BirthYear as usize) {
                ds.contacts.birth_year[id] = y;
            }
        }
        if let Some(s) = company_size {
            if gate.wins(Slot::CompanySize as usize) {
                ds.contacts.company_size[id] = s;
            }
        }
        for (k, &(col, idx)) in extra.iter().enumerate() {
            let raw = cell(rec, Some(col));
            if !raw.is_empty() && gate.wins(SLOTS + k) {
                let t = ds.text.intern(field_str(raw, &mut cx.scratch));
                ds.contacts.extra[idx].1[id] = t;
            }
        }
        if let Some(status) = status {
            let subject = ds.names.intern(ALL_SUBJECTS);
            push_consent(
                ds,
                id as u32,
                subject,
                self.consent_channel,
                status,
                created.unwrap_or(i64::MIN),
                NONE,
            );
        }
        Ok(Outcome::Loaded)
    }

    fn birth_year(&self, rec: &RecordRef<'_>, cx: &Cx) -> Result<Option<u16>, Bad> {
        let c = &self.c;
        let col = c.get(Field::BirthYear);
        let raw = cell(rec, col);
        if !raw.is_empty() {
            return match parse_u64(raw) {
                Some(y @ 1850..=2100) => Ok(Some(y as u16)),
                _ => Err(bad(
                    col,
                    format!("cannot read '{}' as a birth year", super::shown(raw)),
                )),
            };
        }
        if let Some(ts) = date_cell(rec, c.get(Field::BirthDate), cx, false)? {
            let year = chrono::DateTime::from_timestamp(ts, 0).map_or(0, |d| d.year());
            return Ok(u16::try_from(year).ok());
        }
        let col = c.get(Field::Age);
        let raw = cell(rec, col);
        if let (false, Some(reference)) = (raw.is_empty(), cx.reference_year) {
            return match parse_u64(raw) {
                Some(age @ 0..=130) => Ok(u16::try_from(i64::from(reference) - age as i64).ok()),
                _ => Err(bad(
                    col,
                    format!("cannot read '{}' as an age", super::shown(raw)),
                )),
            };
        }
        Ok(None)
    }
}

/// The name column, or first and last name joined by a space.
fn full_name<'a>(rec: &'a RecordRef<'a>, c: &Cols, cx: &'a mut Cx) -> Option<&'a str> {
    let full = cell(rec, c.get(Field::Name));
    if !full.is_empty() {
        return Some(field_str(full, &mut cx.scratch));
    }
    let first = cell(rec, c.get(Field::FirstName));
    let last = cell(rec, c.get(Field::LastName));
    cx.scratch2.clear();
    for part in [first, last] {
        if !part.is_empty() {
            if !cx.scratch2.is_empty() {
                cx.scratch2.push(' ');
            }
            let s = field_str(part, &mut cx.scratch);
            cx.scratch2.push_str(s);
        }
    }
    (!cx.scratch2.is_empty()).then_some(cx.scratch2.as_str())
}

/// A company size: a number, or the lower bound of `51-200`, `1000+`,
/// `10,001 or more`.
fn company_size(raw: &[u8], decimal_comma: bool) -> Option<u32> {
    if let Some(v) = parse_number(raw, decimal_comma) {
        return (0.0..=u32::MAX as f64).contains(&v).then_some(v as u32);
    }
    let end = raw
        .iter()
        .position(|&b| !(b.is_ascii_digit() || b == b',' || b == b'.' || b == b' '))
        .unwrap_or(raw.len());
    let head = &raw[..end];
    let digits: Vec<u8> = head.iter().copied().filter(u8::is_ascii_digit).collect();
    parse_u64(&digits).and_then(|v| u32::try_from(v).ok())
}

/// Of two phones of one record, the one whose value the record keeps
/// (`stays`) and the other: the other stays an identifier of the record
/// (E.164, as [`crate::people::id_kinds`] reads a `+` key), so identity
/// reconciliation still links records that only share it, whatever the
/// order of the rows (SPEC §7).
fn keep_phone(ds: &mut Dataset, id: usize, stays: u32, dropped: u32, country: &PhoneCountry) {
    if stays == NONE || dropped == NONE || stays == dropped {
        return;
    }
    let e164 = |raw: &str| {
        let mut out = String::new();
        crate::identity::normalize_phone(raw, country, &mut out).map(|()| out)
    };
    // The same number written another way is no other identifier.
    if let Ok(other) = e164(ds.text.get(dropped)) {
        if e164(ds.text.get(stays)).ok().as_deref() != Some(other.as_str()) {
            ds.bind_id(&other, id as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_company_sizes() {
        let check = |s: &str, e: Option<u32>| {
            assert_eq!(super::company_size(s.as_bytes(), false), e, "{s:?}")
        };
        check("250", Some(250));
        check("51-200", Some(51));
        check("1,000+", Some(1000));
        check("10,001 or more", Some(10001));
        check("many", None);
    }
}
