//! Dashboards count people, not records (SPEC §7).
//!
//! Loading gives one dense contact id per key the files used; the importer
//! already joins contacts-file rows that share an e-mail, but records linked
//! only by a phone, an external id or a chain of both stay apart. [`unify`]
//! runs identity reconciliation over the contact ids (each one's key,
//! aliases, e-mail and phone) and rewrites the data set so that one contact
//! id is one person: events, orders and consent move to the person, the
//! contact table keeps one row per person with every attribute resolved
//! (most recent non-empty value), and the records merged away stay in
//! [`Dataset::records`] with their identifiers and attributes, for the
//! contact page's provenance.
//!
//! Every place that finishes a data set (the app's import worker and
//! server-export load, `canal analyze`, the server's metrics) calls
//! [`unify`], so all of them count the same people. It is idempotent, and
//! the partition does not depend on record order.

pub(crate) mod build;
mod records;

pub use records::{all_person_records, person_records, source_record_of};

use crate::identity::{partition, IdentityConfig, KeyKind};
use crate::model::{ContactTable, Dataset, RecordTable, NONE};

/// What [`unify`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnifyReport {
    /// Contact ids before the pass.
    pub before: usize,
    /// People after it.
    pub people: usize,
}

impl UnifyReport {
    /// Contact ids that joined another person.
    pub fn merged(&self) -> usize {
        self.before - self.people
    }
}

/// The identity settings the pass uses: the defaults, which the Identity
/// page and the contact page start from too.
pub fn config() -> IdentityConfig {
    IdentityConfig::default()
}

/// How a key or alias is matched: an e-mail when it has an `@`, else an
/// external id, compared as given. A key written as an international phone
/// number (`+…`) is a phone as well, so events keyed by phone meet the
/// contact whose phone column holds it.
pub fn id_kinds(id: &str) -> &'static [KeyKind] {
    if id.contains('@') {
        &[KeyKind::Email]
    } else if id.trim_start().starts_with('+') {
        &[KeyKind::ExternalId, KeyKind::Phone]
    } else {
        &[KeyKind::ExternalId]
    }
}

/// Turns the contact ids of `ds` into people: every contact id that shares
/// a normalised identifier with another, transitively, becomes one (see the
/// module docs). Nothing changes when no two contact ids meet.
pub fn unify(ds: &mut Dataset) -> UnifyReport {
    unify_with_map(ds).0
}

/// [`unify`], also giving the person of every former contact id when some
/// merged (`None` when nothing changed), for contact columns held outside
/// `ds` (the import worker's event rows): apply it as `ds` got it,
/// `contact = map[contact]`.
pub fn unify_with_map(ds: &mut Dataset) -> (UnifyReport, Option<Vec<u32>>) {
    let n = ds.keys.len();
    if ds.contacts.len() < n {
        ds.contacts.resize(n);
    }
    build::align_records(ds);
    let aliases = AliasIndex::new(ds);
    let (person_of, people) = partition_contacts(ds, &aliases);
    let report = UnifyReport { before: n, people };
    if people < n {
        build::rebuild(ds, &aliases, &person_of, people);
        return (report, Some(person_of));
    }
    (report, None)
}

/// The aliases of each contact id, in alias order.
pub(crate) struct AliasIndex {
    /// Aliases of contact `c` are `list[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    list: Vec<u32>,
}

impl AliasIndex {
    pub(crate) fn new(ds: &Dataset) -> Self {
        let n = ds.keys.len();
        let mut start = vec![0u32; n + 1];
        for &c in &ds.alias_of {
            if let Some(s) = start.get_mut(c as usize + 1) {
                *s += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut list = vec![0u32; start[n] as usize];
        for (a, &c) in ds.alias_of.iter().enumerate() {
            if let Some(f) = fill.get_mut(c as usize) {
                list[*f as usize] = a as u32;
                *f += 1;
            }
        }
        AliasIndex { start, list }
    }

    /// Alias ids of contact `c`.
    pub(crate) fn of(&self, c: u32) -> &[u32] {
        let c = c as usize;
        match self.start.get(c..c + 2) {
            Some(&[s, e]) => &self.list[s as usize..e as usize],
            _ => &[],
        }
    }
}

/// A text value of a contact-table column, if it holds a non-blank one.
pub(crate) fn text_of<'a>(ds: &'a Dataset, col: &[u32], row: usize) -> Option<&'a str> {
    col.get(row)
        .filter(|&&v| v != NONE)
        .and_then(|&v| ds.text.try_get(v))
        .filter(|v| !v.trim().is_empty())
}

/// Person per contact id and the number of people.
fn partition_contacts(ds: &Dataset, aliases: &AliasIndex) -> (Vec<u32>, usize) {
    let n = ds.keys.len();
    let recs = &ds.records;
    // Generated as they are read (twice: `partition` sizes its arena
    // first), never gathered in a list: 16 bytes per identifier more in
    // the import worker's memory, which never shrinks.
    let ids = (0..n as u32).flat_map(move |c| {
        let key = ds.keys.get(c);
        let own = std::iter::once(key).chain(aliases.of(c).iter().map(|&a| ds.aliases.get(a)));
        // Records merged earlier bring their identifiers back in, so a new
        // file can link anyone any of them named.
        let records = recs.range_of(c).flat_map(move |r| {
            let ids = record_ids(recs, r);
            let key = ids.clone().next().unwrap_or("");
            with_kinds(c, ids).chain(row_ids(ds, c, key, &recs.attributes, r))
        });
        with_kinds(c, own)
            .chain(row_ids(ds, c, key, &ds.contacts, c as usize))
            .chain(records)
    });
    partition(n, ids, &config())
}

/// Record `r`'s identifiers, key first (as [`crate::model::RecordTable::ids_of`]).
fn record_ids(recs: &RecordTable, r: usize) -> impl Iterator<Item = &str> + Clone {
    let start = if r == 0 {
        0
    } else {
        recs.id_end[r - 1] as usize
    };
    let end = recs.id_end.get(r).map_or(start, |&e| e as usize);
    recs.id_list[start..end].iter().map(|&i| recs.ids.get(i))
}

/// Each identifier of contact `c` with every kind it is matched as.
fn with_kinds<'a>(
    c: u32,
    ids: impl Iterator<Item = &'a str> + Clone + 'a,
) -> impl Iterator<Item = (u32, KeyKind, &'a str)> + Clone + 'a {
    ids.flat_map(move |id| id_kinds(id).iter().map(move |&kind| (c, kind, id)))
}

/// The e-mail and phone of row `row` of `t`, for contact `c`; an e-mail
/// equal to `key` is there already.
fn row_ids<'a>(
    ds: &'a Dataset,
    c: u32,
    key: &'a str,
    t: &'a ContactTable,
    row: usize,
) -> impl Iterator<Item = (u32, KeyKind, &'a str)> + Clone + 'a {
    let email = text_of(ds, &t.email, row)
        .filter(move |&e| e != key)
        .map(move |e| (c, KeyKind::Email, e));
    let phone = text_of(ds, &t.phone, row).map(move |p| (c, KeyKind::Phone, p));
    email.into_iter().chain(phone)
}

#[cfg(test)]
mod tests;
