//! Contact rows into [`crate::model::ContactTable`]. Columns that are no
//! contact field become extra attributes; a consent column also records a
//! consent statement. A contact seen again keeps its attributes unless the
//! new row has a non-empty value (most recent non-empty wins, SPEC §7).

use super::consent::{push as push_consent, ALL_SUBJECTS};
use super::{bad, cell, contact_key, date_cell, word_cell, Bad, Cols, Cx, Outcome, Vocab};
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
        Contacts {
            c,
            keys: super::Interner::default(),
            extra,
            statuses: Vocab::default(),
            consent_channel,
        }
    }

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
        let c = &self.c;
        let set = |ds: &mut Dataset, f: Field, cx: &mut Cx| {
            let raw = cell(rec, c.get(f));
            if raw.is_empty() {
                return;
            }
            let mut v = field_str(raw, &mut cx.scratch);
            if f == Field::Email {
                cx.scratch2.clear();
                if v.is_ascii() {
                    cx.scratch2.push_str(v);
                    cx.scratch2.make_ascii_lowercase();
                } else {
                    cx.scratch2.push_str(&v.to_lowercase());
                }
                v = &cx.scratch2;
            }
            let t = ds.text.intern(v);
            if f == Field::Phone {
                keep_phone(ds, id, t);
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
        };
        for f in [
            Field::Email,
            Field::Phone,
            Field::Country,
            Field::City,
            Field::JobTitle,
            Field::Company,
            Field::Stage,
        ] {
            set(ds, f, cx);
        }
        if let Some(name) = full_name(rec, c, cx) {
            ds.contacts.name[id] = ds.text.intern(name);
        }
        if let Some(ts) = created {
            ds.contacts.created_at[id] = ts;
        }
        if let Some(y) = birth_year {
            ds.contacts.birth_year[id] = y;
        }
        if let Some(s) = company_size {
            ds.contacts.company_size[id] = s;
        }
        for &(col, idx) in &self.extra {
            let raw = cell(rec, Some(col));
            if !raw.is_empty() {
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

/// A row of a known key with another phone replaces it; the earlier one
/// stays an identifier of the record (E.164, as [`crate::people::id_kinds`]
/// reads a `+` key), so identity reconciliation still links records that
/// only share that phone, whatever the order of the rows (SPEC §7).
fn keep_phone(ds: &mut Dataset, id: usize, new: u32) {
    let old = ds.contacts.phone.get(id).copied().unwrap_or(NONE);
    if old == NONE || old == new {
        return;
    }
    let country = crate::people::config().default_country;
    let e164 = |raw: &str| {
        let mut out = String::new();
        crate::identity::normalize_phone(raw, &country, &mut out).map(|()| out)
    };
    // The same number written another way is no other identifier.
    if let Ok(kept) = e164(ds.text.get(old)) {
        if e164(ds.text.get(new)).ok().as_deref() != Some(kept.as_str()) {
            ds.bind_id(&kept, id as u32);
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
