//! Dashboards count people, not records (SPEC §7).
//!
//! Loading gives one dense contact id per key the files used (a contacts
//! file's rows of one key are one record) and joins nothing else: a
//! record's other identifiers stay data (aliases, the e-mail and phone
//! columns, [`Dataset::shared_ids`]). [`unify`] runs identity
//! reconciliation over the contact ids (each one's key, aliases, shared
//! identifiers, e-mail and phone) and rewrites the data set so that one contact
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
mod ids;
mod records;

pub use ids::prepare;

pub use records::{all_person_records, person_records, source_record_of};

use crate::identity::{IdentityConfig, KeyKind};
use crate::model::{Dataset, NONE};

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

/// The identity settings the pass uses over `ds`: national phone numbers
/// are of the country it was keyed with ([`Dataset::key_country`]), the
/// rest the defaults. The Identity page and the contact page start from
/// them too, so they merge as the dashboards count.
pub fn config(ds: &Dataset) -> IdentityConfig {
    IdentityConfig {
        default_country: ds.key_country().phone(),
        ..IdentityConfig::default()
    }
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
    let (person_of, people) = ids::partition(ds);
    let report = UnifyReport { before: n, people };
    if people < n {
        let aliases = AliasIndex::new(ds);
        let shared = AliasIndex::by_owner(&ds.shared_ids.contact, n);
        build::rebuild(ds, &aliases, &shared, &person_of, people);
        return (report, Some(person_of));
    } else if !ds.shared_ids.is_empty() {
        // Nothing merged, so every shared identifier names its own contact
        // already (or is no identifier at all).
        let shared = std::mem::take(&mut ds.shared_ids);
        for (c, id) in shared.iter() {
            ds.add_alias(id, c);
        }
    }
    (report, None)
}

/// The aliases of each contact id, in alias order (or, built with
/// [`AliasIndex::by_owner`], the entries of any table by contact id).
pub(crate) struct AliasIndex {
    /// Aliases of contact `c` are `list[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    list: Vec<u32>,
}

impl AliasIndex {
    pub(crate) fn new(ds: &Dataset) -> Self {
        Self::by_owner(&ds.alias_of, ds.keys.len())
    }

    /// Entry indices of `owner` (a contact id per entry) by contact, for
    /// contacts `0..n`.
    pub(crate) fn by_owner(owner: &[u32], n: usize) -> Self {
        let mut start = vec![0u32; n + 1];
        for &c in owner {
            if let Some(s) = start.get_mut(c as usize + 1) {
                *s += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut list = vec![0u32; start[n] as usize];
        for (a, &c) in owner.iter().enumerate() {
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

#[cfg(test)]
mod import_order;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_resolve;
