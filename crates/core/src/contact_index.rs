//! Every contact's events and orders in time order, as row indices.
//!
//! Most analyses need "this contact's history, in order": a machine open is
//! an open seconds after that message's delivery, a conversion is credited
//! to the last click before it, a funnel walks one person's steps. Sorting
//! once per data set and sharing the result keeps each analysis a single
//! pass with no hashing; filters and parameters change far more often than
//! the data, so the index is built once and reused by every query.
//!
//! Layout is compressed sparse rows: `rows[offsets[c]..offsets[c + 1]]` are
//! contact `c`'s event rows, ordered by timestamp and, for equal timestamps,
//! by row (file order). Memory: 4 bytes per event plus 4 per contact.

use crate::model::{Dataset, EventTable};

#[cfg(not(target_arch = "wasm32"))]
mod parallel;

/// Events and orders grouped by contact, each group in (timestamp, row)
/// order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactIndex {
    offsets: Vec<u32>,
    rows: Vec<u32>,
    order_offsets: Vec<u32>,
    order_rows: Vec<u32>,
}

impl ContactIndex {
    /// Indexes `ds`. Linear in rows plus a sort of each contact's rows that
    /// are not already in time order.
    pub fn build(ds: &Dataset) -> Self {
        let events = &ds.events;
        let (offsets, rows) = group_sorted(&events.contact, &events.ts, sorted_n(ds))
            .unwrap_or_else(|| {
                let max_event = events.contact.iter().copied().max();
                let n = contacts_n(ds, max_event);
                group_any(&events.contact, &events.ts, n)
            });
        let n = offsets.len() - 1;
        let (order_offsets, order_rows) = group(&ds.orders.contact, &ds.orders.ts, n);
        ContactIndex {
            offsets,
            rows,
            order_offsets,
            order_rows,
        }
    }

    /// The number of contacts indexed (dense ids `0..len`).
    pub fn contacts(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Contact `c`'s event rows in (timestamp, row) order; empty for an
    /// unknown contact.
    #[inline]
    pub fn events(&self, c: usize) -> &[u32] {
        slice(&self.offsets, &self.rows, c)
    }

    /// Contact `c`'s order rows in (timestamp, row) order.
    #[inline]
    pub fn orders(&self, c: usize) -> &[u32] {
        slice(&self.order_offsets, &self.order_rows, c)
    }

    /// `parts` consecutive ranges of contacts covering them all, with about
    /// as many rows (events and orders) each, for a walk split over
    /// threads. Some ranges may be empty; there is always at least one.
    pub fn split(&self, parts: usize) -> Vec<std::ops::Range<usize>> {
        let n = self.contacts();
        // Rows before contact c: monotone in c.
        let before = |c: usize| {
            u64::from(self.offsets.get(c).copied().unwrap_or(0))
                + u64::from(self.order_offsets.get(c).copied().unwrap_or(0))
        };
        let total = before(n);
        let parts = parts.max(1) as u64;
        let mut ranges = Vec::with_capacity(parts as usize);
        let mut start = 0;
        for k in 1..parts {
            let target = total * k / parts;
            let (mut lo, mut hi) = (start, n);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if before(mid) < target {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            ranges.push(start..lo);
            start = lo;
        }
        ranges.push(start..n);
        ranges
    }

    /// Bytes held, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.offsets.capacity()
            + self.rows.capacity()
            + self.order_offsets.capacity()
            + self.order_rows.capacity())
    }
}

/// Reorders the events and orders of `ds` by (contact, timestamp, file
/// order) and returns the index of the reordered data.
///
/// Analyses walk one contact's history at a time; on a table in file (time)
/// order each contact's rows are scattered, so every row read is a cache
/// miss. After this one-off reordering the same walks read every column
/// front to back, several times faster. Event rows are moved in place
/// (orders, fewer, a column at a time). Per-contact order, and
/// therefore every result, is unchanged.
pub fn sort_by_contact(ds: &mut Dataset) -> ContactIndex {
    let mut idx = ContactIndex::build(ds);
    if !is_identity(&idx.rows) {
        permute_events(&mut ds.events, &mut idx.rows);
    }
    let o = &mut ds.orders;
    if !is_identity(&idx.order_rows) {
        permute(&mut o.order_id, &idx.order_rows);
        permute(&mut o.contact, &idx.order_rows);
        permute(&mut o.ts, &idx.order_rows);
        permute(&mut o.amount, &idx.order_rows);
        permute(&mut o.currency, &idx.order_rows);
        set_identity(&mut idx.order_rows);
    }
    idx
}

fn is_identity(rows: &[u32]) -> bool {
    rows.iter().enumerate().all(|(i, &r)| i as u32 == r)
}

fn set_identity(rows: &mut [u32]) {
    for (i, r) in rows.iter_mut().enumerate() {
        *r = i as u32;
    }
}

/// One event row, every column (optional ones unused are left alone).
#[derive(Clone, Copy)]
struct EventRowValues {
    contact: u32,
    ts: i64,
    channel: u8,
    kind: u8,
    meta: u8,
    campaign: u32,
    name: u32,
    session: u32,
    value: f32,
}

/// Row `i` of `e`.
#[inline]
fn read_row(e: &EventTable, i: usize) -> EventRowValues {
    let opt = |col: &[u32]| col.get(i).copied().unwrap_or(0);
    EventRowValues {
        contact: e.contact[i],
        ts: e.ts[i],
        channel: e.channel[i],
        kind: e.kind[i],
        meta: e.meta[i],
        campaign: opt(&e.campaign),
        name: opt(&e.name),
        session: opt(&e.session),
        value: e.value.get(i).copied().unwrap_or(0.0),
    }
}

/// Writes row `i` of `e`.
#[inline]
fn write_row(e: &mut EventTable, i: usize, r: EventRowValues) {
    e.contact[i] = r.contact;
    e.ts[i] = r.ts;
    e.channel[i] = r.channel;
    e.kind[i] = r.kind;
    e.meta[i] = r.meta;
    if let Some(v) = e.campaign.get_mut(i) {
        *v = r.campaign;
    }
    if let Some(v) = e.name.get_mut(i) {
        *v = r.name;
    }
    if let Some(v) = e.session.get_mut(i) {
        *v = r.session;
    }
    if let Some(v) = e.value.get_mut(i) {
        *v = r.value;
    }
}

/// Row `i` becomes old row `perm[i]`, in place: each cycle of the
/// permutation is followed once, moving whole rows, and `perm` is left as
/// the identity (which it marks visited rows with). Permuting a column at
/// a time into a new one needed a second copy of the largest column (9 MB
/// per million rows) in the page's memory, which never shrinks.
fn permute_events(e: &mut EventTable, perm: &mut [u32]) {
    for start in 0..perm.len() {
        if perm[start] as usize == start {
            continue;
        }
        let first = read_row(e, start);
        let mut at = start;
        loop {
            let from = perm[at] as usize;
            perm[at] = at as u32;
            if from == start {
                write_row(e, at, first);
                break;
            }
            let row = read_row(e, from);
            write_row(e, at, row);
            at = from;
        }
    }
}

/// `col[i] = old col[perm[i]]`; optional (empty) columns stay empty.
fn permute<T: Copy>(col: &mut Vec<T>, perm: &[u32]) {
    if col.len() == perm.len() {
        let sorted: Vec<T> = perm.iter().map(|&r| col[r as usize]).collect();
        *col = sorted;
    }
}

#[inline]
fn slice<'a>(offsets: &[u32], rows: &'a [u32], c: usize) -> &'a [u32] {
    match (offsets.get(c), offsets.get(c + 1)) {
        (Some(&a), Some(&b)) => &rows[a as usize..b as usize],
        _ => &[],
    }
}

/// The number of contacts to index when the largest contact of an event
/// is `max_event`: every known contact and every one a row names.
fn contacts_n(ds: &Dataset, max_event: Option<u32>) -> usize {
    let max_order = ds.orders.contact.iter().copied().max();
    let max_id = max_event.max(max_order).map_or(0, |m| m as usize + 1);
    ds.contact_count().max(max_id)
}

/// [`contacts_n`] if the events are sorted by contact, as the sorted
/// grouping then proves: their largest contact is the last row's.
fn sorted_n(ds: &Dataset) -> usize {
    contacts_n(ds, ds.events.contact.last().copied())
}

/// Counting sort by contact (stable, so rows stay in file order), then a
/// stable sort by time of the groups that need it.
fn group(contact: &[u32], ts: &[i64], n: usize) -> (Vec<u32>, Vec<u32>) {
    group_sorted(contact, ts, n).unwrap_or_else(|| group_any(contact, ts, n))
}

/// [`group`] for rows in any order.
fn group_any(contact: &[u32], ts: &[i64], n: usize) -> (Vec<u32>, Vec<u32>) {
    let mut offsets = vec![0u32; n + 1];
    for &c in contact {
        offsets[c as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let rows: Vec<u32> = if contact.is_sorted() {
        // Already grouped (see `sort_by_contact`): no scatter needed.
        (0..contact.len() as u32).collect()
    } else {
        let mut next = offsets[..n].to_vec();
        let mut rows = vec![0u32; contact.len()];
        for (row, &c) in contact.iter().enumerate() {
            let slot = &mut next[c as usize];
            rows[*slot as usize] = row as u32;
            *slot += 1;
        }
        rows
    };
    let mut rows = rows;
    for c in 0..n {
        let group = &mut rows[offsets[c] as usize..offsets[c + 1] as usize];
        if !group.is_sorted_by_key(|&r| ts[r as usize]) {
            group.sort_by_key(|&r| ts[r as usize]);
        }
    }
    (offsets, rows)
}

/// The common case after [`sort_by_contact`]: rows already grouped by
/// contact and in time order inside each group. `None` when the table is
/// not in that order.
fn group_sorted(contact: &[u32], ts: &[i64], n: usize) -> Option<(Vec<u32>, Vec<u32>)> {
    let everything = 0..contact.len();
    sorted_layout(contact, ts, n, std::slice::from_ref(&everything), |jobs| {
        jobs.into_iter().all(|job| fill_sorted(contact, ts, job))
    })
}

/// Rows of one part of a sorted table, the first contact whose offset
/// they write, and that part's share of the offsets and of the rows.
pub(crate) type SortedJob<'a> = (std::ops::Range<usize>, usize, &'a mut [u32], &'a mut [u32]);

/// Offsets and rows of a table sorted by (contact, time), its rows split
/// into consecutive `chunks` whose jobs `run` fills (all true when every
/// chunk was in order). `None` when some row is out of order: the table
/// then needs the general grouping. One pass reads each row once: the
/// order check and the offsets of a block of rows share its reads.
pub(crate) fn sorted_layout(
    contact: &[u32],
    ts: &[i64],
    n: usize,
    chunks: &[std::ops::Range<usize>],
    run: impl FnOnce(Vec<SortedJob<'_>>) -> bool,
) -> Option<(Vec<u32>, Vec<u32>)> {
    let len = contact.len();
    if ts.len() != len || contact.last().is_some_and(|&c| c as usize >= n) {
        return None;
    }
    // Zeroed memory comes from the allocator untouched: each job's writes
    // are the first, on its own thread.
    let mut offsets = vec![0u32; n + 1];
    let mut rows = vec![0u32; len];
    // Part k writes offsets[c] for the contacts whose first row it holds:
    // those after the contact of the row before it, up to its last row's.
    // Sorted contacts make these parts consecutive and disjoint; a part
    // whose rows are not in order is caught by its own check.
    let mut jobs = Vec::with_capacity(chunks.len());
    let (mut offsets_rest, mut rows_rest) = (&mut offsets[..], &mut rows[..]);
    let mut next = 0usize;
    for r in chunks {
        let end = r
            .end
            .checked_sub(1)
            .map_or(next, |last| contact[last] as usize + 1)
            .clamp(next, n);
        let (own_offsets, o_rest) = offsets_rest.split_at_mut(end - next);
        let (own_rows, r_rest) = rows_rest.split_at_mut(r.len());
        jobs.push((r.clone(), next, own_offsets, own_rows));
        (offsets_rest, rows_rest, next) = (o_rest, r_rest, end);
    }
    let tail = offsets_rest;
    if !run(jobs) {
        return None;
    }
    // Contacts after the last one with a row start (and end) at the end.
    tail.fill(len as u32);
    Some((offsets, rows))
}

/// Rows per block of [`fill_sorted`]: a block's contacts are still in
/// cache when its offsets are written.
const BLOCK: usize = 2048;

/// Fills one job of [`sorted_layout`]; false as soon as a row (or the row
/// before the range, against its first) is out of (contact, time) order.
pub(crate) fn fill_sorted(
    contact: &[u32],
    ts: &[i64],
    (r, first, own_offsets, own_rows): SortedJob<'_>,
) -> bool {
    let mut next = first;
    let mut from = r.start;
    while from < r.end {
        let to = (from + BLOCK).min(r.end);
        // The pairs (row − 1, row) for the block's rows.
        let lo = from.saturating_sub(1);
        if !in_order(&contact[lo..to], &ts[lo..to]) {
            return false;
        }
        for (row, &c) in (from..to).zip(&contact[from..to]) {
            let c = c as usize;
            if c >= next {
                // In order so far, a contact beyond the part can only come
                // from rows further on that are out of order.
                let Some(slots) = own_offsets.get_mut(next - first..=c - first) else {
                    return false;
                };
                slots.fill(row as u32);
                next = c + 1;
            }
        }
        from = to;
    }
    for (slot, row) in own_rows.iter_mut().zip(r.start as u32..) {
        *slot = row;
    }
    true
}

/// Whether each row follows the one before it in (contact, time) order.
/// Branch-free over equal-length slices, so it compiles to vector code.
fn in_order(contact: &[u32], ts: &[i64]) -> bool {
    let n = contact.len().min(ts.len());
    if n < 2 {
        return true;
    }
    let (c0, c1) = (&contact[..n - 1], &contact[1..n]);
    let (t0, t1) = (&ts[..n - 1], &ts[1..n]);
    let mut bad = false;
    for i in 0..n - 1 {
        bad |= (c1[i] < c0[i]) | ((c1[i] == c0[i]) & (t1[i] < t0[i]));
    }
    !bad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, EventKind, EventRow};

    #[test]
    fn groups_by_contact_in_time_then_file_order() {
        let mut ds = Dataset::default();
        for (c, t) in [("a", 5), ("b", 1), ("a", 3), ("a", 5), ("b", 0)] {
            ds.push_event(&EventRow::new(c, t, Channel::Email, EventKind::Sent));
        }
        ds.push_order(None, "b", 9, 1.0);
        ds.push_order(None, "b", 2, 1.0);
        let idx = ContactIndex::build(&ds);
        assert_eq!(idx.contacts(), 2);
        assert_eq!(idx.events(0), [2, 0, 3]);
        assert_eq!(idx.events(1), [4, 1]);
        assert_eq!(idx.orders(1), [1, 0]);
        assert!(idx.orders(0).is_empty());
        assert!(idx.events(7).is_empty());

        let sorted = sort_by_contact(&mut ds);
        assert_eq!(sorted, ContactIndex::build(&ds));
        assert_eq!(sorted.events(0), [0, 1, 2]);
        assert_eq!(ds.events.ts, [3, 5, 5, 0, 1]);
        assert_eq!(ds.orders.ts, [2, 9]);
    }

    proptest::proptest! {
        /// Moving rows in place gives what gathering each column into a
        /// new one gives, optional columns in use or not.
        #[test]
        fn rows_moved_in_place_are_the_gathered_columns(
            rows in proptest::collection::vec((0u32..9, 0i64..4, 0u32..5), 0..60),
            (with_campaign, with_value) in (proptest::bool::ANY, proptest::bool::ANY),
        ) {
            let mut e = EventTable::default();
            for (i, &(c, t, x)) in rows.iter().enumerate() {
                e.contact.push(c);
                e.ts.push(t);
                e.channel.push(x as u8);
                e.kind.push(i as u8);
                e.meta.push((x * 3) as u8);
                if with_campaign {
                    e.campaign.push(x + 100);
                }
                e.name.push(i as u32);
                if with_value {
                    e.value.push(x as f32 / 2.0);
                }
            }
            let (_, order) = group(&e.contact, &e.ts, 9);
            let mut want = e.clone();
            permute(&mut want.contact, &order);
            permute(&mut want.ts, &order);
            permute(&mut want.channel, &order);
            permute(&mut want.kind, &order);
            permute(&mut want.meta, &order);
            permute(&mut want.campaign, &order);
            permute(&mut want.name, &order);
            permute(&mut want.value, &order);
            let mut perm = order.clone();
            permute_events(&mut e, &mut perm);
            proptest::prop_assert_eq!(e, want);
            proptest::prop_assert!(is_identity(&perm));
        }

        #[test]
        fn the_parallel_build_is_the_build(
            rows in proptest::collection::vec((0u8..6, 0i64..5), 0..40),
            orders in proptest::collection::vec((0u8..8, 0i64..5), 0..5),
            (sort, threads, idle) in (proptest::bool::ANY, 1usize..5, 0u8..3),
        ) {
            let keys = ["a", "b", "c", "d", "e", "f", "g", "h"];
            let mut ds = Dataset::default();
            for &(c, t) in &rows {
                ds.push_event(&EventRow::new(keys[c as usize], t, Channel::Email, EventKind::Sent));
            }
            for &(c, t) in &orders {
                ds.push_order(None, keys[c as usize], t, 1.0);
            }
            // Contacts without any row, after the others.
            for k in 0..idle {
                ds.contact_id(&format!("idle{k}"));
            }
            if sort {
                sort_by_contact(&mut ds);
            }
            proptest::prop_assert_eq!(ContactIndex::build_parallel(&ds, threads), ContactIndex::build(&ds));
        }

        /// Tables long enough for several blocks of the sorted pass, split
        /// over threads, sorted or with one row out of order anywhere
        /// (a block's first row, a thread's first row…).
        #[test]
        fn long_tables_group_as_the_general_path_does(
            (len, per_contact, threads) in (0usize..3 * BLOCK + 50, 1usize..9, 1usize..5),
            broken in proptest::option::of(proptest::sample::select(vec![1usize, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 3 * BLOCK])),
            shift in 0usize..3,
            (earlier_contact, order_contact) in (proptest::bool::ANY, proptest::option::of(0u32..2000)),
        ) {
            // Every other contact has no rows; times rise inside a contact.
            let mut contact: Vec<u32> = (0..len).map(|i| (i / per_contact) as u32 * 2).collect();
            let mut ts: Vec<i64> = (0..len).map(|i| (i % per_contact) as i64).collect();
            // Around a third of the broken cases fall at the middle of a thread's range.
            let at = broken.map(|b| if shift == 2 { len / 2 } else { b + shift });
            if let Some(p) = at.filter(|&p| p > 0 && p < len) {
                if earlier_contact && contact[p - 1] > 0 {
                    contact[p] = contact[p - 1] - 1;
                } else {
                    contact[p] = contact[p - 1];
                    ts[p] = ts[p - 1] - 1;
                }
            }
            let mut ds = Dataset::default();
            ds.events.contact = contact.clone();
            ds.events.ts = ts.clone();
            if let Some(c) = order_contact {
                ds.orders.contact.push(c);
                ds.orders.ts.push(0);
            }
            let max = contact.iter().chain(&ds.orders.contact).copied().max();
            let n = max.map_or(0, |m| m as usize + 1);
            let (offsets, rows) = group_any(&contact, &ts, n);
            let (order_offsets, order_rows) = group_any(&ds.orders.contact, &ds.orders.ts, n);
            let expected = ContactIndex { offsets, rows, order_offsets, order_rows };
            proptest::prop_assert_eq!(&ContactIndex::build(&ds), &expected);
            proptest::prop_assert_eq!(&ContactIndex::build_parallel(&ds, threads), &expected);
        }

        #[test]
        fn the_sorted_fast_path_agrees_with_the_general_one(
            mut rows in proptest::collection::vec((0u32..6, 0i64..5), 0..40),
            sort in proptest::bool::ANY,
        ) {
            if sort {
                rows.sort_unstable();
            }
            let contact: Vec<u32> = rows.iter().map(|r| r.0).collect();
            let ts: Vec<i64> = rows.iter().map(|r| r.1).collect();
            let fast = group_sorted(&contact, &ts, 7);
            proptest::prop_assert_eq!(fast.is_some(), sort || rows.is_sorted());
            if let Some(fast) = fast {
                proptest::prop_assert_eq!(fast, group_any(&contact, &ts, 7));
            }
        }
    }
}
