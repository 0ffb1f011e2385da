//! Rewriting a data set once its contact ids are known to be fewer people:
//! new keys and aliases, the record side table, resolved contact rows and
//! the contact columns of events, orders and consent.

use super::AliasIndex;
use crate::identity::supersedes;
use crate::model::{ContactTable, Dataset, RecordTable, SharedIds, NONE};
use std::ops::Range;

/// Makes the record table's extra columns those of the contact table, in
/// the same order, so rows can be copied between the two by position.
pub(crate) fn align_records(ds: &mut Dataset) {
    let n = ds.records.person.len();
    if ds.records.attributes.len() != n {
        ds.records.attributes.resize(n);
    }
    align_extra(&mut ds.records.attributes, &ds.contacts);
}

/// Gives `table` the extra columns of `like`, in `like`'s order, keeping
/// the values of headers it had and leaving the others empty.
pub(crate) fn align_extra(table: &mut ContactTable, like: &ContactTable) {
    let same = table.extra.len() == like.extra.len()
        && table
            .extra
            .iter()
            .zip(&like.extra)
            .all(|((a, _), (b, _))| a == b);
    if same {
        return;
    }
    let n = table.len();
    let mut old = std::mem::take(&mut table.extra);
    table.extra = like
        .extra
        .iter()
        .map(
            |(header, _)| match old.iter().position(|(h, _)| h == header) {
                Some(i) => old.swap_remove(i),
                None => (header.clone(), vec![NONE; n]),
            },
        )
        .collect();
}

/// Marks a row of the resolved table in [`gather_rows`]'s `from`.
const RESOLVED: u32 = 1 << 31;

/// The table whose row `i` is row `from[i]` of `rows`, or row
/// `from[i] - RESOLVED` of `resolved` (same extra columns), built column
/// by column: a million rows copy as a dozen sequential passes rather
/// than a million scattered appends.
fn gather_rows(rows: &ContactTable, resolved: &ContactTable, from: &[u32]) -> ContactTable {
    fn col<T: Copy>(rows: &[T], resolved: &[T], from: &[u32]) -> Vec<T> {
        from.iter()
            .map(|&f| {
                if f & RESOLVED != 0 {
                    resolved[(f & !RESOLVED) as usize]
                } else {
                    rows[f as usize]
                }
            })
            .collect()
    }
    ContactTable {
        name: col(&rows.name, &resolved.name, from),
        email: col(&rows.email, &resolved.email, from),
        phone: col(&rows.phone, &resolved.phone, from),
        country: col(&rows.country, &resolved.country, from),
        city: col(&rows.city, &resolved.city, from),
        birth_year: col(&rows.birth_year, &resolved.birth_year, from),
        job_title: col(&rows.job_title, &resolved.job_title, from),
        company: col(&rows.company, &resolved.company, from),
        company_size: col(&rows.company_size, &resolved.company_size, from),
        created_at: col(&rows.created_at, &resolved.created_at, from),
        stage: col(&rows.stage, &resolved.stage, from),
        extra: rows
            .extra
            .iter()
            .zip(&resolved.extra)
            .map(|((h, a), (_, b))| (h.clone(), col(a, b, from)))
            .collect(),
    }
}

/// Appends row `i` of `src` to `dst`; both have the same extra columns.
pub(crate) fn push_row(dst: &mut ContactTable, src: &ContactTable, i: usize) {
    dst.name.push(src.name[i]);
    dst.email.push(src.email[i]);
    dst.phone.push(src.phone[i]);
    dst.country.push(src.country[i]);
    dst.city.push(src.city[i]);
    dst.birth_year.push(src.birth_year[i]);
    dst.job_title.push(src.job_title[i]);
    dst.company.push(src.company[i]);
    dst.company_size.push(src.company_size[i]);
    dst.created_at.push(src.created_at[i]);
    dst.stage.push(src.stage[i]);
    for (k, (_, col)) in dst.extra.iter_mut().enumerate() {
        col.push(src.extra.get(k).map_or(NONE, |(_, c)| c[i]));
    }
}

/// Appends to `dst` one row resolving `rows` of `src`: per attribute the
/// most recent non-empty value, `created_at` being the recency (a record
/// without one is the oldest), the later record winning ties, as the later
/// row of a key does in a file (records are in contact order: the order
/// their keys were first seen). The person's own `created_at` is the
/// earliest known: when the person was first seen.
pub(crate) fn push_resolved(dst: &mut ContactTable, src: &ContactTable, rows: Range<usize>) {
    let at = &src.created_at;
    fn pick<T: Copy + PartialEq>(col: &[T], at: &[i64], rows: Range<usize>, empty: T) -> T {
        let mut best: Option<(i64, T)> = None;
        for r in rows {
            let v = col[r];
            if v != empty && best.is_none_or(|(t, _)| supersedes(at[r], t)) {
                best = Some((at[r], v));
            }
        }
        best.map_or(empty, |(_, v)| v)
    }
    let text = |col: &[u32]| pick(col, at, rows.clone(), NONE);
    dst.name.push(text(&src.name));
    dst.email.push(text(&src.email));
    dst.phone.push(text(&src.phone));
    dst.country.push(text(&src.country));
    dst.city.push(text(&src.city));
    dst.birth_year
        .push(pick(&src.birth_year, at, rows.clone(), 0));
    dst.job_title.push(text(&src.job_title));
    dst.company.push(text(&src.company));
    dst.company_size
        .push(pick(&src.company_size, at, rows.clone(), 0));
    let created = at[rows.clone()]
        .iter()
        .copied()
        .filter(|&t| t != i64::MIN)
        .min();
    dst.created_at.push(created.unwrap_or(i64::MIN));
    dst.stage.push(text(&src.stage));
    for (k, (_, col)) in dst.extra.iter_mut().enumerate() {
        col.push(src.extra.get(k).map_or(NONE, |(_, c)| text(c)));
    }
}

/// A record table being written in person order.
pub(crate) struct RecordWriter {
    pub(crate) table: RecordTable,
}

impl RecordWriter {
    /// An empty table with the extra columns of `like`.
    pub(crate) fn new(like: &ContactTable) -> Self {
        let table = RecordTable {
            attributes: like.empty_like(),
            ..RecordTable::default()
        };
        RecordWriter { table }
    }

    /// Appends a record of `person` with identifiers `ids` (key first) and
    /// the attributes of row `row` of `src`.
    pub(crate) fn push<'a>(
        &mut self,
        person: u32,
        ids: impl IntoIterator<Item = &'a str>,
        src: &ContactTable,
        row: usize,
    ) {
        let t = &mut self.table;
        t.person.push(person);
        let start = t.id_list.len();
        for id in ids {
            let i = t.ids.intern(id);
            if !t.id_list[start..].contains(&i) {
                t.id_list.push(i);
            }
        }
        t.id_end.push(t.id_list.len() as u32);
        push_row(&mut t.attributes, src, row);
    }
}

/// Record offsets per contact id of a table in person order: records of
/// contact `c` are `start[c]..start[c + 1]`.
pub(crate) fn record_starts(recs: &RecordTable, n: usize) -> Vec<u32> {
    let mut start = vec![0u32; n + 1];
    for &p in &recs.person {
        if let Some(s) = start.get_mut(p as usize + 1) {
            *s += 1;
        }
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    start
}

/// Rewrites `ds` so that contact id `c` becomes person `person_of[c]`
/// (numbered by first contact id, `people` of them).
pub(crate) fn rebuild(
    ds: &mut Dataset,
    aliases: &AliasIndex,
    shared: &AliasIndex,
    person_of: &[u32],
    people: usize,
) {
    let n = person_of.len();
    // Members of each person in contact order (counting sort).
    let mut start = vec![0u32; people + 1];
    for &q in person_of {
        start[q as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut fill = start.clone();
    let mut members = vec![0u32; n];
    for (c, &q) in person_of.iter().enumerate() {
        members[fill[q as usize] as usize] = c as u32;
        fill[q as usize] += 1;
    }
    let members_of = |q: usize| &members[start[q] as usize..start[q + 1] as usize];

    let is_first = |c: usize| members_of(person_of[c] as usize)[0] == c as u32;
    // Aliases keep their ids and memos: each names its contact's person
    // now. (One equal to a key names the same person, by that key.)
    let mut alias_dict = std::mem::take(&mut ds.aliases);
    let mut alias_of: Vec<u32> = ds.alias_of.iter().map(|&c| person_of[c as usize]).collect();

    let old = std::mem::take(&mut ds.records);
    let old_start = record_starts(&old, n);
    let own = |c: u32| old_start[c as usize]..old_start[c as usize + 1];
    let mut w = RecordWriter::new(&ds.contacts);
    // Each person's row: its contact row (most), or one resolved from its
    // records; the columns are gathered at the end, one at a time.
    let mut resolved = ds.contacts.empty_like();
    let mut from: Vec<u32> = Vec::with_capacity(people);
    for q in 0..people {
        let ms = members_of(q);
        if ms.len() == 1 && own(ms[0]).is_empty() {
            from.push(ms[0]);
            continue;
        }
        from.push(RESOLVED | resolved.len() as u32);
        let first = w.table.len();
        for &c in ms {
            let rows = own(c);
            if rows.is_empty() {
                let sh = &ds.shared_ids;
                let ids = std::iter::once(ds.keys.get(c))
                    .chain(aliases.of(c).iter().map(|&a| alias_dict.get(a)))
                    .chain(shared.of(c).iter().map(|&e| sh.ids.get(sh.id[e as usize])));
                w.push(q as u32, ids, &ds.contacts, c as usize);
            }
            for r in rows.start as usize..rows.end as usize {
                w.push(q as u32, old.ids_of(r), &old.attributes, r);
            }
        }
        push_resolved(&mut resolved, &w.table.attributes, first..w.table.len());
    }
    let contacts = gather_rows(&ds.contacts, &resolved, &from);

    {
        // The person's key: the key of its first contact id.
        let keys = &ds.keys;
        let is_key = |s: &str| keys.lookup(s).is_some_and(|k| is_first(k as usize));
        let mut bind = |s: &str, memo: u64, q: u32| {
            if !s.is_empty() && !is_key(s) && alias_dict.lookup(s).is_none() {
                let a = alias_dict.intern(s);
                alias_dict.set_memo(a, memo);
                alias_of.push(q);
            }
        };
        // Identifiers two records held are now their person's.
        let sh = &ds.shared_ids;
        for (&c, &i) in sh.contact.iter().zip(&sh.id) {
            if let Some(&q) = person_of.get(c as usize) {
                bind(sh.ids.get(i), sh.ids.memo(i), q);
            }
        }
        // Keys of absorbed records keep naming their person (search,
        // links, later imports).
        for (c, &q) in person_of.iter().enumerate() {
            if members_of(q as usize)[0] != c as u32 {
                bind(ds.keys.get(c as u32), ds.keys.memo(c as u32), q);
            }
        }
    }

    let remap = |col: &mut Vec<u32>| {
        for c in col.iter_mut() {
            if let Some(&q) = person_of.get(*c as usize) {
                *c = q;
            }
        }
    };
    remap(&mut ds.events.contact);
    remap(&mut ds.orders.contact);
    remap(&mut ds.consent.contact);
    // The first contact id of each person keeps its key (and memo): first
    // contact ids are in person order.
    ds.keys.retain(|c| is_first(c as usize));
    ds.aliases = alias_dict;
    ds.alias_of = alias_of;
    ds.contacts = contacts;
    ds.records = w.table;
    ds.shared_ids = SharedIds::default();
}
