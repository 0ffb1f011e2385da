//! Source records across a merge (SPEC §7): when either side of a matched
//! contact is a person of several records, the person's records become
//! those of both sides, a record of the added data set that shares a key or
//! alias with one of the base's being that record again (its non-empty
//! attributes win, as for contact rows), and the person's row is resolved
//! from them again. [`crate::people::unify`] then joins the people a new
//! file links.

use super::Remap;
use crate::model::{ContactTable, Dataset, NONE};
use crate::people::build::{align_extra, push_resolved, push_row, RecordWriter};
use crate::people::AliasIndex;

/// Base records that a merge must keep before it overwrites contact rows.
pub(super) struct Before {
    /// Whether each base person (by id after `contact_map`) takes part.
    involved: Vec<bool>,
    /// The rows of involved base people of one record, as they were.
    snapshot: RecordWriter,
}

/// Marks the people whose records change and keeps the rows of those that
/// were one record. `contacts_before` and `aliases_before` are the base's
/// sizes before `contact_map` added to them.
pub(super) fn before(
    base: &Dataset,
    other: &Dataset,
    map: &[u32],
    contacts_before: usize,
    aliases_before: usize,
) -> Before {
    let mut involved = vec![false; base.keys.len()];
    for (c, &p) in map.iter().enumerate() {
        let p_known = (p as usize) < contacts_before;
        if !other.records.range_of(c as u32).is_empty()
            || (p_known && !base.records.range_of(p).is_empty())
        {
            if let Some(slot) = involved.get_mut(p as usize) {
                *slot = true;
            }
        }
    }
    let mut snapshot = RecordWriter::new(&base.contacts);
    if !involved.contains(&true) {
        return Before { involved, snapshot };
    }
    let aliases = AliasIndex::new(base);
    for (p, _) in involved.iter().enumerate().filter(|(_, &i)| i) {
        let p32 = p as u32;
        if p < contacts_before && base.records.range_of(p32).is_empty() {
            let own = aliases
                .of(p32)
                .iter()
                .filter(|&&a| (a as usize) < aliases_before)
                .map(|&a| base.aliases.get(a));
            let ids = std::iter::once(base.keys.get(p32)).chain(own);
            snapshot.push(p32, ids, &base.contacts, p);
        }
    }
    Before { involved, snapshot }
}

/// One record being assembled: identifiers, and its row in a scratch table.
struct Item {
    ids: Vec<String>,
    row: usize,
}

/// Rebuilds the records of the involved people and resolves their rows.
pub(super) fn after(base: &mut Dataset, other: &Dataset, map: &[u32], before: Before) {
    let Before {
        involved,
        mut snapshot,
    } = before;
    if !involved.contains(&true) {
        return;
    }
    let n = base.keys.len();
    crate::people::build::align_records(base);
    align_extra(&mut snapshot.table.attributes, &base.contacts);
    let mut scratch = base.contacts.empty_like();
    let mut items: Vec<Vec<Item>> = (0..n).map(|_| Vec::new()).collect();
    let mut add = |scratch: &mut ContactTable, p: usize, ids, src: &ContactTable, r| {
        let row = scratch.len();
        push_row(scratch, src, r);
        items[p].push(Item { ids, row });
    };
    // The base's records first: its side rows, or the row as it was.
    for p in (0..n).filter(|&p| involved[p]) {
        for r in base.records.range_of(p as u32) {
            let ids = base.records.ids_of(r).map(str::to_owned).collect();
            add(&mut scratch, p, ids, &base.records.attributes, r);
        }
        for r in snapshot.table.range_of(p as u32) {
            let ids = snapshot.table.ids_of(r).map(str::to_owned).collect();
            add(&mut scratch, p, ids, &snapshot.table.attributes, r);
        }
    }
    // Then the added data set's, in the base's text and extra columns.
    let mut text = Remap::new(&other.text);
    let contacts_extra = extra_at(&other.contacts, &base.contacts);
    let records_extra = extra_at(&other.records.attributes, &base.contacts);
    let other_aliases = AliasIndex::new(other);
    for (c, &p) in map.iter().enumerate() {
        let p = p as usize;
        if !involved.get(p).copied().unwrap_or(false) {
            continue;
        }
        let c32 = c as u32;
        let own = other.records.range_of(c32);
        let mut incoming: Vec<(Vec<String>, &ContactTable, usize, &[usize])> = Vec::new();
        if own.is_empty() {
            let ids = std::iter::once(other.keys.get(c32))
                .chain(other_aliases.of(c32).iter().map(|&a| other.aliases.get(a)))
                .map(str::to_owned)
                .collect();
            incoming.push((ids, &other.contacts, c, &contacts_extra));
        }
        for r in own {
            let ids = other.records.ids_of(r).map(str::to_owned).collect();
            incoming.push((ids, &other.records.attributes, r, &records_extra));
        }
        for (ids, src, r, extra) in incoming {
            let row = scratch.len();
            push_foreign(&mut scratch, src, r, extra, &mut |v| {
                text.get(&other.text, &mut base.text, v)
            });
            let known = items[p]
                .iter_mut()
                .find(|it| it.ids.iter().any(|i| ids.contains(i)));
            match known {
                Some(it) => {
                    overwrite_non_empty(&mut scratch, it.row, row);
                    for id in ids {
                        if !it.ids.contains(&id) {
                            it.ids.push(id);
                        }
                    }
                }
                None => items[p].push(Item { ids, row }),
            }
        }
    }
    // Write the records back in person order and resolve the rows.
    let old = std::mem::take(&mut base.records);
    let mut w = RecordWriter::new(&base.contacts);
    let mut resolved = base.contacts.empty_like();
    for p in 0..n {
        if !involved[p] {
            for r in old.range_of(p as u32) {
                w.push(p as u32, old.ids_of(r), &old.attributes, r);
            }
            continue;
        }
        let its = &items[p];
        let first = w.table.len();
        if its.len() >= 2 {
            for it in its {
                w.push(
                    p as u32,
                    it.ids.iter().map(String::as_str),
                    &scratch,
                    it.row,
                );
            }
        }
        let at = resolved.len();
        match its.as_slice() {
            [one] => push_row(&mut resolved, &scratch, one.row),
            _ => push_resolved(&mut resolved, &w.table.attributes, first..w.table.len()),
        }
        set_row(&mut base.contacts, p, &resolved, at);
    }
    base.records = w.table;
}

/// Where each extra column of `from` sits among `to`'s (`usize::MAX`: none).
fn extra_at(from: &ContactTable, to: &ContactTable) -> Vec<usize> {
    from.extra
        .iter()
        .map(|(h, _)| {
            to.extra
                .iter()
                .position(|(b, _)| b == h)
                .unwrap_or(usize::MAX)
        })
        .collect()
}

/// Appends row `r` of another data set's `src` to `dst`, its text ids
/// translated by `text` and its extra column `k` landing in `extra[k]`.
fn push_foreign(
    dst: &mut ContactTable,
    src: &ContactTable,
    r: usize,
    extra: &[usize],
    text: &mut impl FnMut(u32) -> u32,
) {
    let mut t = |v: u32| if v == NONE { NONE } else { text(v) };
    dst.name.push(t(src.name[r]));
    dst.email.push(t(src.email[r]));
    dst.phone.push(t(src.phone[r]));
    dst.country.push(t(src.country[r]));
    dst.city.push(t(src.city[r]));
    dst.birth_year.push(src.birth_year[r]);
    dst.job_title.push(t(src.job_title[r]));
    dst.company.push(t(src.company[r]));
    dst.company_size.push(src.company_size[r]);
    dst.created_at.push(src.created_at[r]);
    dst.stage.push(t(src.stage[r]));
    let row = dst.len() - 1;
    for (_, col) in &mut dst.extra {
        col.push(NONE);
    }
    for (k, (_, col)) in src.extra.iter().enumerate() {
        if let Some((_, to)) = extra.get(k).and_then(|&at| dst.extra.get_mut(at)) {
            to[row] = t(col[r]);
        }
    }
}

/// Row `src` of `t` fills row `dst` wherever it has a value (the later file
/// wins, as for contact rows).
fn overwrite_non_empty(t: &mut ContactTable, dst: usize, src: usize) {
    fn fill<T: Copy + PartialEq>(col: &mut [T], dst: usize, src: usize, empty: T) {
        if col[src] != empty {
            col[dst] = col[src];
        }
    }
    for col in [
        &mut t.name,
        &mut t.email,
        &mut t.phone,
        &mut t.country,
        &mut t.city,
        &mut t.job_title,
        &mut t.company,
        &mut t.stage,
    ] {
        fill(col, dst, src, NONE);
    }
    fill(&mut t.birth_year, dst, src, 0);
    fill(&mut t.company_size, dst, src, 0);
    fill(&mut t.created_at, dst, src, i64::MIN);
    for (_, col) in &mut t.extra {
        fill(col, dst, src, NONE);
    }
}

/// Copies row `j` of `src` over row `i` of `dst` (same extra columns).
fn set_row(dst: &mut ContactTable, i: usize, src: &ContactTable, j: usize) {
    dst.name[i] = src.name[j];
    dst.email[i] = src.email[j];
    dst.phone[i] = src.phone[j];
    dst.country[i] = src.country[j];
    dst.city[i] = src.city[j];
    dst.birth_year[i] = src.birth_year[j];
    dst.job_title[i] = src.job_title[j];
    dst.company[i] = src.company[j];
    dst.company_size[i] = src.company_size[j];
    dst.created_at[i] = src.created_at[j];
    dst.stage[i] = src.stage[j];
    for (k, (_, col)) in dst.extra.iter_mut().enumerate() {
        col[i] = src.extra.get(k).map_or(NONE, |(_, c)| c[j]);
    }
}
