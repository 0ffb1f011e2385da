//! Identity reconciliation (SPEC §7): records from several sources that share
//! any normalised identifier are one person, transitively.
//!
//! Each identifier is normalised (kind-prefixed, so an e-mail never equals
//! a phone) into one arena; equal identifiers are found by sorting hashes
//! (see `keys`), and every later record holding a key is united with the
//! key's first record (union by rank, path halving). The partition therefore does
//! not depend on record order, and nor does the reported matching key: a
//! record's `matched_key` is its first identifier (e-mails, then phones, then
//! external ids, each in the record's order) that some other record also has.

mod country;
mod keys;
mod normalize;
mod profile;

pub use country::{CountryCode, CountryMismatch, UnknownCountry};
pub use normalize::{normalize_email, normalize_phone, InvalidReason, PhoneCountry};
pub use profile::{Person, ProvenanceRecord, ResolvedAttribute};

use crate::csv_out;
use crate::model::{Dict, NONE};
use keys::Entries;
use serde::{Deserialize, Serialize};

/// One attribute value as a source stated it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// Attribute name (`name`, `city`, …).
    pub name: String,
    /// Value; empty means "the source has nothing".
    pub value: String,
    /// When the source last changed it, seconds since the epoch.
    pub updated_at: i64,
}

/// A contact record as one source knows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// The system it came from (`shop`, `newsletter`, …).
    pub source: String,
    /// Its id in that system.
    pub record_id: String,
    /// E-mail addresses as written.
    pub emails: Vec<String>,
    /// Phone numbers as written.
    pub phones: Vec<String>,
    /// External ids (loyalty card, push subscription, CRM id), used as given.
    pub external_ids: Vec<String>,
    /// Attribute values.
    pub attributes: Vec<Attribute>,
}

/// The kind of an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// An e-mail address.
    Email,
    /// A phone number in E.164.
    Phone,
    /// Any other id, compared exactly.
    ExternalId,
}

impl KeyKind {
    /// The snake_case name used in exports.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyKind::Email => "email",
            KeyKind::Phone => "phone",
            KeyKind::ExternalId => "external_id",
        }
    }

    const fn prefix(self) -> &'static str {
        match self {
            KeyKind::Email => "e:",
            KeyKind::Phone => "p:",
            KeyKind::ExternalId => "x:",
        }
    }

    fn of_prefix(key: &str) -> (KeyKind, &str) {
        match key.split_at(2) {
            ("e:", v) => (KeyKind::Email, v),
            ("p:", v) => (KeyKind::Phone, v),
            (_, v) => (KeyKind::ExternalId, v),
        }
    }
}

/// How records are merged and attributes resolved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IdentityConfig {
    /// Country for phone numbers written without an international prefix.
    pub default_country: PhoneCountry,
    /// Sources in order of trust; when set, an attribute comes from the most
    /// trusted source that has a value (unlisted sources rank last), and
    /// recency only breaks ties. Empty: the most recent value wins.
    pub source_priority: Vec<String>,
}

/// Whether a value dated `at` replaces the best one so far, dated `best`,
/// when its record comes later (in file order, or input order): the most
/// recent value wins, and on equal dates the later record does, as the later
/// row of a key does in a file. [`crate::people::unify`] resolves a person's
/// row and [`Merge::profile`] its attributes by this one rule, so the two
/// always agree.
pub(crate) fn supersedes(at: i64, best: i64) -> bool {
    at >= best
}

/// An identifier that could not be normalised; it is kept out of matching.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InvalidIdentifier {
    /// Record index in the input.
    pub record: u32,
    /// What it was supposed to be.
    pub kind: KeyKind,
    /// The value as written.
    pub value: String,
    /// Why it was rejected.
    pub reason: InvalidReason,
}

/// The result of [`merge`]: which person each record belongs to and why.
///
/// Serialises as `person_of` and `invalid`; the rest is reached through the
/// methods (the merge map, profiles).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Merge {
    /// Person id per record; persons are numbered by their first record.
    pub person_of: Vec<u32>,
    /// Identifiers that were rejected, in record order.
    pub invalid: Vec<InvalidIdentifier>,
    #[serde(skip)]
    entries: Entries,
    /// An entry holding each key, for its text.
    #[serde(skip)]
    key_text: Vec<u32>,
    /// Per record, the key that links it to another record, or [`NONE`].
    #[serde(skip)]
    matched: Vec<u32>,
    /// Records of person `p` are `members[offsets[p]..offsets[p + 1]]`.
    #[serde(skip)]
    offsets: Vec<u32>,
    #[serde(skip)]
    members: Vec<u32>,
    /// Keys of record `r` are `record_keys[key_offsets[r]..key_offsets[r + 1]]`.
    #[serde(skip)]
    key_offsets: Vec<u32>,
    #[serde(skip)]
    record_keys: Vec<u32>,
}

/// One row of the merge map export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeMapRow<'a> {
    /// The source record's id.
    pub record_id: &'a str,
    /// The person it was merged into.
    pub person_id: u32,
    /// Kind of the identifier it shares with another record, if any.
    pub matched_key: Option<KeyKind>,
    /// That identifier, normalised (empty for a person of one record).
    pub matched_value: &'a str,
    /// The record's source.
    pub source: &'a str,
}

/// Union-find over dense ids (union by rank, path halving).
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    rank: Vec<u8>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            rank: vec![0; n],
        }
    }

    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        // Path halving: every visited node skips to its grandparent, which
        // flattens paths as well as full compression without a second pass.
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    pub(crate) fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (ra, rb) = (self.rank[a as usize], self.rank[b as usize]);
        if ra < rb {
            self.parent[a as usize] = b;
        } else {
            self.parent[b as usize] = a;
            if ra == rb {
                self.rank[a as usize] += 1;
            }
        }
    }

    /// The set of every element, numbered 0.. in order of each set's first
    /// element, and the number of sets.
    pub(crate) fn numbered(&mut self) -> (Vec<u32>, usize) {
        let n = self.parent.len();
        let mut number_of_root = vec![NONE; n];
        let mut sets = 0u32;
        let numbers = (0..n as u32)
            .map(|x| {
                let root = self.find(x) as usize;
                if number_of_root[root] == NONE {
                    number_of_root[root] = sets;
                    sets += 1;
                }
                number_of_root[root]
            })
            .collect();
        (numbers, sets as usize)
    }
}

/// Normalises one identifier of record `r` into `entries`.
fn push_identifier(
    entries: &mut Entries,
    r: u32,
    kind: KeyKind,
    raw: &str,
    config: &IdentityConfig,
) -> Result<(), InvalidReason> {
    entries.push(r, |out| {
        out.push_str(kind.prefix());
        match kind {
            KeyKind::Email => normalize_email(raw, out),
            KeyKind::Phone => normalize_phone(raw, &config.default_country, out),
            KeyKind::ExternalId if raw.is_empty() => Err(InvalidReason::Empty),
            KeyKind::ExternalId => {
                out.push_str(raw);
                Ok(())
            }
        }
    })
}

/// Person per record, numbered by first record, and the number of persons:
/// the partition [`merge`] finds, without its provenance.
///
/// `identifiers` yields `(record, kind, value)` for records `0..records`;
/// identifiers that do not normalise are left out of matching. Taking
/// borrowed identifiers instead of [`SourceRecord`]s spares a pass over a
/// whole data set one allocation per record (see `crate::people`).
pub fn partition<'a, I>(
    records: usize,
    identifiers: I,
    config: &IdentityConfig,
) -> (Vec<u32>, usize)
where
    I: IntoIterator<Item = (u32, KeyKind, &'a str)>,
    I::IntoIter: Clone,
{
    let identifiers = identifiers.into_iter();
    // A first pass sizes the normalised arena: the kind's prefix and what
    // normalising may add (a phone's country code and `+`) on top of each
    // value; e-mails and ids never grow.
    let (count, bytes) = identifiers.clone().fold((0, 0), |(n, b), (_, kind, raw)| {
        let more = if kind == KeyKind::Phone { 6 } else { 2 };
        (n + 1, b + raw.len() + more)
    });
    let mut entries = Entries::with_capacity(count, Some(bytes));
    for (r, kind, raw) in identifiers {
        if (r as usize) < records {
            // A value that is not an identifier only stays out of matching.
            let _ = push_identifier(&mut entries, r, kind, raw, config);
        }
    }
    let mut uf = UnionFind::new(records);
    entries.group(|a, b| uf.union(a, b));
    uf.numbered()
}

/// Groups `records` into persons.
pub fn merge(records: &[SourceRecord], config: &IdentityConfig) -> Merge {
    let n = records.len();
    let identifiers: usize = records
        .iter()
        .map(|r| r.emails.len() + r.phones.len() + r.external_ids.len())
        .sum();
    let mut entries = Entries::with_capacity(identifiers, None);
    let mut entry_offsets = Vec::with_capacity(n + 1);
    entry_offsets.push(0u32);
    let mut invalid = Vec::new();
    for (r, rec) in records.iter().enumerate() {
        let r = r as u32;
        let ids = rec
            .emails
            .iter()
            .map(|v| (KeyKind::Email, v))
            .chain(rec.phones.iter().map(|v| (KeyKind::Phone, v)))
            .chain(rec.external_ids.iter().map(|v| (KeyKind::ExternalId, v)));
        for (kind, raw) in ids {
            if let Err(reason) = push_identifier(&mut entries, r, kind, raw, config) {
                invalid.push(InvalidIdentifier {
                    record: r,
                    kind,
                    value: raw.clone(),
                    reason,
                });
            }
        }
        entry_offsets.push(entries.len() as u32);
    }
    let mut uf = UnionFind::new(n);
    let grouping = entries.group(|a, b| uf.union(a, b));

    // Each record's keys in its own order, an identifier repeated inside one
    // record kept once.
    let mut key_offsets = Vec::with_capacity(n + 1);
    let mut record_keys: Vec<u32> = Vec::with_capacity(entries.len());
    key_offsets.push(0u32);
    for r in 0..n {
        let start = record_keys.len();
        for e in entry_offsets[r]..entry_offsets[r + 1] {
            let k = grouping.key_of[e as usize];
            if !record_keys[start..].contains(&k) {
                record_keys.push(k);
            }
        }
        key_offsets.push(record_keys.len() as u32);
    }
    let holders = &grouping.holders;

    let mut person_of_root = vec![NONE; n];
    let mut sizes: Vec<u32> = Vec::new();
    let person_of: Vec<u32> = (0..n as u32)
        .map(|r| {
            let root = uf.find(r) as usize;
            if person_of_root[root] == NONE {
                person_of_root[root] = sizes.len() as u32;
                sizes.push(0);
            }
            let p = person_of_root[root];
            sizes[p as usize] += 1;
            p
        })
        .collect();
    let mut offsets = Vec::with_capacity(sizes.len() + 1);
    offsets.push(0u32);
    for s in &sizes {
        offsets.push(offsets[offsets.len() - 1] + s);
    }
    let mut fill: Vec<u32> = offsets[..sizes.len()].to_vec();
    let mut members = vec![0u32; n];
    for (r, &p) in person_of.iter().enumerate() {
        members[fill[p as usize] as usize] = r as u32;
        fill[p as usize] += 1;
    }
    let matched = (0..n)
        .map(|r| {
            let ks = &record_keys[key_offsets[r] as usize..key_offsets[r + 1] as usize];
            ks.iter()
                .copied()
                .find(|&k| holders[k as usize] >= 2)
                .unwrap_or(NONE)
        })
        .collect();
    Merge {
        person_of,
        invalid,
        key_text: grouping.first_entry,
        entries,
        matched,
        offsets,
        members,
        key_offsets,
        record_keys,
    }
}

impl Merge {
    fn key(&self, k: u32) -> &str {
        self.entries.str(self.key_text[k as usize])
    }

    /// Number of persons.
    pub fn person_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Record indices of person `p`, in input order (empty for an unknown id).
    pub fn records_of(&self, person: u32) -> &[u32] {
        let p = person as usize;
        match self.offsets.get(p..p + 2) {
            Some(&[start, end]) => &self.members[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The identifier linking `record` to another record of its person.
    pub fn matched_key(&self, record: u32) -> Option<(KeyKind, &str)> {
        let k = *self.matched.get(record as usize)?;
        (k != NONE).then(|| KeyKind::of_prefix(self.key(k)))
    }

    /// The normalised identifiers of `record`, in the record's order.
    pub fn keys_of(&self, record: u32) -> impl Iterator<Item = (KeyKind, &str)> + '_ {
        let r = record as usize;
        let keys = match self.key_offsets.get(r..r + 2) {
            Some(&[start, end]) => &self.record_keys[start as usize..end as usize],
            _ => &[],
        };
        keys.iter().map(|&k| KeyKind::of_prefix(self.key(k)))
    }

    /// Person id per dense contact id of a data set whose contact keys are
    /// these records' ids ([`NONE`] for contacts no record names), so
    /// dashboards count people and a timeline gathers a person's contacts.
    pub fn person_of_contacts(&self, records: &[SourceRecord], keys: &Dict) -> Vec<u32> {
        let mut out = vec![NONE; keys.len()];
        for (rec, &p) in records.iter().zip(&self.person_of) {
            if let Some(c) = keys.lookup(&rec.record_id) {
                out[c as usize] = p;
            }
        }
        out
    }

    /// The merge map, one row per record in input order.
    pub fn merge_map<'a>(&'a self, records: &'a [SourceRecord]) -> Vec<MergeMapRow<'a>> {
        records
            .iter()
            .zip(0u32..)
            .map(|(rec, r)| {
                let matched = self.matched_key(r);
                MergeMapRow {
                    record_id: &rec.record_id,
                    person_id: self.person_of[r as usize],
                    matched_key: matched.map(|m| m.0),
                    matched_value: matched.map_or("", |m| m.1),
                    source: &rec.source,
                }
            })
            .collect()
    }

    /// The merge map as CSV:
    /// `record_id,person_id,matched_key,matched_value,source`.
    pub fn merge_map_csv(&self, records: &[SourceRecord]) -> String {
        let mut out = String::from("record_id,person_id,matched_key,matched_value,source\n");
        for row in self.merge_map(records) {
            let person = row.person_id.to_string();
            let kind = row.matched_key.map_or("", KeyKind::as_str);
            csv_out::push_row(
                &mut out,
                [row.record_id, &person, kind, row.matched_value, row.source],
            );
        }
        out
    }
}

#[cfg(test)]
mod tests;
