//! A person's source records as identity records, for provenance: the
//! contact page lists them with the key that matched, the Identity page
//! merges them all again under the country it is asked for.

use super::{id_kinds, text_of, AliasIndex};
use crate::identity::{Attribute, KeyKind, SourceRecord};
use crate::model::{ContactTable, Dataset};

/// The source records of `person` (a dense contact id), in the order they
/// were merged: the person's rows in [`Dataset::records`], or, for a person
/// of one record, its contact row. Each has its key as record id, its keys
/// and aliases, e-mail and phone as identifiers (matched as [`unify`] does,
/// see [`id_kinds`]) and, when `attributes` is set, its display attributes
/// dated by its `created_at` (`i64::MIN` when it has none).
///
/// [`unify`]: super::unify
pub fn person_records(ds: &Dataset, person: u32, attributes: bool) -> Vec<SourceRecord> {
    let rows = ds.records.range_of(person);
    if rows.is_empty() {
        if (person as usize) >= ds.keys.len() {
            return Vec::new();
        }
        let aliases = ds
            .alias_of
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c == person)
            .map(|(a, _)| ds.aliases.get(a as u32));
        let ids = std::iter::once(ds.keys.get(person)).chain(aliases);
        return vec![source_record_of(
            ds,
            ids,
            &ds.contacts,
            person as usize,
            attributes,
        )];
    }
    rows.map(|r| {
        source_record_of(
            ds,
            ds.records.ids_of(r),
            &ds.records.attributes,
            r,
            attributes,
        )
    })
    .collect()
}

/// The source records of every person, in person order, each with its
/// person: what [`person_records`] gives for each, in one pass.
pub fn all_person_records(ds: &Dataset, attributes: bool) -> Vec<(u32, SourceRecord)> {
    let aliases = AliasIndex::new(ds);
    let mut out = Vec::with_capacity(ds.keys.len() + ds.records.len());
    let mut r = 0;
    for p in 0..ds.keys.len() as u32 {
        let start = r;
        while r < ds.records.len() && ds.records.person[r] == p {
            let rec = source_record_of(
                ds,
                ds.records.ids_of(r),
                &ds.records.attributes,
                r,
                attributes,
            );
            out.push((p, rec));
            r += 1;
        }
        if r == start {
            let own = aliases.of(p).iter().map(|&a| ds.aliases.get(a));
            let ids = std::iter::once(ds.keys.get(p)).chain(own);
            out.push((
                p,
                source_record_of(ds, ids, &ds.contacts, p as usize, attributes),
            ));
        }
    }
    out
}

/// One record: identifiers `ids` (key first) and row `row` of `table`.
pub fn source_record_of<'a>(
    ds: &Dataset,
    ids: impl IntoIterator<Item = &'a str>,
    table: &ContactTable,
    row: usize,
    attributes: bool,
) -> SourceRecord {
    let mut rec = SourceRecord {
        source: "contacts".into(),
        ..SourceRecord::default()
    };
    let mut add = |kind: KeyKind, id: &str| {
        let list = match kind {
            KeyKind::Email => &mut rec.emails,
            KeyKind::Phone => &mut rec.phones,
            KeyKind::ExternalId => &mut rec.external_ids,
        };
        if !id.is_empty() && !list.iter().any(|x| x == id) {
            list.push(id.to_owned());
        }
    };
    if let Some(e) = text_of(ds, &table.email, row) {
        add(KeyKind::Email, e);
    }
    let mut key = None;
    for id in ids {
        key.get_or_insert(id);
        for &kind in id_kinds(id) {
            add(kind, id);
        }
    }
    if let Some(p) = text_of(ds, &table.phone, row) {
        add(KeyKind::Phone, p);
    }
    rec.record_id = key.unwrap_or("").to_owned();
    if attributes {
        // A record without a date stays the oldest (`i64::MIN`), as it is
        // to `unify`, so a merge of these records resolves as `unify` did.
        let updated_at = table.created_at.get(row).copied().unwrap_or(i64::MIN);
        for (name, col) in [
            ("name", &table.name),
            ("country", &table.country),
            ("city", &table.city),
            ("company", &table.company),
            ("job_title", &table.job_title),
            ("stage", &table.stage),
        ] {
            if let Some(value) = text_of(ds, col, row) {
                rec.attributes.push(Attribute {
                    name: name.into(),
                    value: value.to_owned(),
                    updated_at,
                });
            }
        }
    }
    rec
}
