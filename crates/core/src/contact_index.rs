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
//! by row (file order). A table sorted by (contact, time), as
//! [`sort_by_contact`] leaves it, needs no `rows`: contact `c`'s rows are
//! `offsets[c]..offsets[c + 1]` themselves ([`Rows::Run`]). Memory: 4 bytes
//! per contact, plus 4 per event for an unsorted table.

use crate::model::{Dataset, EventTable};

#[cfg(not(target_arch = "wasm32"))]
mod parallel;
mod rows;

pub use rows::{Iter, Rows};

/// Events and orders grouped by contact, each group in (timestamp, row)
/// order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactIndex {
    offsets: Vec<u32>,
    /// `None` when the events are sorted by (contact, time): contact `c`'s
    /// rows are then `offsets[c]..offsets[c + 1]` themselves.
    rows: Option<Vec<u32>>,
    order_offsets: Vec<u32>,
    /// As `rows`, for the orders.
    order_rows: Option<Vec<u32>>,
    /// [`crate::kpi::open_tracking_channels`] of the events: a property
    /// of the data, not of a query, read in the same pass as the order
    /// check instead of once more per KPI query.
    tracked: u16,
}

impl Default for ContactIndex {
    fn default() -> Self {
        ContactIndex::build(&Dataset::default())
    }
}

impl ContactIndex {
    /// Indexes `ds`. Linear in rows plus a sort of each contact's rows that
    /// are not already in time order.
    pub fn build(ds: &Dataset) -> Self {
        let events = &ds.events;
        let everything = 0..events.contact.len();
        let chunks = std::slice::from_ref(&everything);
        let sorted = sorted_layout(&events.contact, &events.ts, sorted_n(ds), chunks, |jobs| {
            jobs.into_iter()
                .try_fold(0, |mask, job| Some(mask | fill_events(events, job)?))
        });
        Self::assemble(ds, sorted)
    }

    /// The index of `ds` from the outcome of [`sorted_layout`] over its
    /// events: the general grouping when they were not in order.
    fn assemble(ds: &Dataset, sorted: Option<(Vec<u32>, u16)>) -> Self {
        let events = &ds.events;
        let (offsets, rows, tracked) = match sorted {
            Some((offsets, opened)) => (offsets, None, opened | EMAIL),
            None => {
                let n = contacts_n(ds, events.contact.iter().copied().max());
                let (offsets, rows) = group_any(&events.contact, &events.ts, n);
                (offsets, rows, crate::kpi::open_tracking_channels(ds))
            }
        };
        let n = offsets.len() - 1;
        let (order_offsets, order_rows) = group(&ds.orders.contact, &ds.orders.ts, n);
        ContactIndex {
            offsets,
            rows,
            order_offsets,
            order_rows,
            tracked,
        }
    }

    /// The number of contacts indexed (dense ids `0..len`).
    pub fn contacts(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Contact `c`'s event rows in (timestamp, row) order; empty for an
    /// unknown contact. A run of consecutive rows when the table is sorted.
    #[inline]
    pub fn events(&self, c: usize) -> Rows<'_> {
        rows_of(&self.offsets, self.rows.as_deref(), c)
    }

    /// Contact `c`'s order rows in (timestamp, row) order.
    #[inline]
    pub fn orders(&self, c: usize) -> Rows<'_> {
        rows_of(&self.order_offsets, self.order_rows.as_deref(), c)
    }

    /// Whether the events are sorted by (contact, time), so that every
    /// [`ContactIndex::events`] is a run.
    pub fn events_sorted(&self) -> bool {
        self.rows.is_none()
    }

    /// The channels whose opens are tracked in the indexed data, as
    /// [`crate::kpi::open_tracking_channels`] gives them.
    pub fn open_tracking_channels(&self) -> u16 {
        self.tracked
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
        let list = |rows: &Option<Vec<u32>>| rows.as_ref().map_or(0, Vec::capacity);
        4 * (self.offsets.capacity()
            + list(&self.rows)
            + self.order_offsets.capacity()
            + list(&self.order_rows))
    }
}

/// E-mail opens are tracked whatever the data holds.
const EMAIL: u16 = 1 << crate::model::Channel::Email.code();

/// Reorders the events and orders of `ds` by (contact, timestamp, file
/// order) and returns the index of the reordered data.
///
/// Analyses walk one contact's history at a time; on a table in file (time)
/// order each contact's rows are scattered, so every row read is a cache
/// miss. After this one-off reordering the same walks read every column
/// front to back, several times faster, and the index holds no row lists.
/// Event rows are moved a column at a time through one `u32` scratch
/// ([`permute_events`]); orders, fewer, into new columns.
/// Per-contact order, and therefore every result, is unchanged.
pub fn sort_by_contact(ds: &mut Dataset) -> ContactIndex {
    let mut idx = ContactIndex::build(ds);
    if let Some(rows) = idx.rows.take() {
        permute_events(&mut ds.events, &rows);
    }
    if let Some(rows) = idx.order_rows.take() {
        let o = &mut ds.orders;
        permute(&mut o.order_id, &rows);
        permute(&mut o.contact, &rows);
        permute(&mut o.ts, &rows);
        permute(&mut o.amount, &rows);
        permute(&mut o.currency, &rows);
    }
    idx
}

fn is_identity(rows: &[u32]) -> bool {
    rows.iter().enumerate().all(|(i, &r)| i as u32 == r)
}

/// Row `i` becomes old row `perm[i]`: a column at a time, each gathered
/// into one scratch of `u32`s and copied back (the 8-byte times in two
/// passes, low halves then high; the three byte columns packed into one).
///
/// This replaced a walk of the permutation's cycles moving whole rows in
/// place, chosen to keep the page's memory from growing (Wasm memory never
/// shrinks): that walk reads nine columns at random per row. In Wasm (V8),
/// 1.15M event rows took 102–109 ms that way against 18 ms gathered
/// (BENCHMARKS, session 21); the scratch is 4 bytes a row while sorting,
/// given back after. `perm` is left as it was.
fn permute_events(e: &mut EventTable, perm: &[u32]) {
    let n = perm.len();
    let mut scratch: Vec<u32> = Vec::with_capacity(n);
    gather(&mut e.contact, perm, &mut scratch, |v| v, |d, s| *d = s);
    gather(
        &mut e.ts,
        perm,
        &mut scratch,
        |v| v as u32,
        |d, s| *d = ((*d as u64 & !0xFFFF_FFFF) | u64::from(s)) as i64,
    );
    gather(
        &mut e.ts,
        perm,
        &mut scratch,
        |v| ((v as u64) >> 32) as u32,
        |d, s| *d = ((*d as u64 & 0xFFFF_FFFF) | (u64::from(s) << 32)) as i64,
    );
    if e.channel.len() == n && e.kind.len() == n && e.meta.len() == n {
        scratch.clear();
        scratch.extend(perm.iter().map(|&r| {
            let r = r as usize;
            u32::from(e.channel[r]) | u32::from(e.kind[r]) << 8 | u32::from(e.meta[r]) << 16
        }));
        for (i, &s) in scratch.iter().enumerate() {
            e.channel[i] = s as u8;
            e.kind[i] = (s >> 8) as u8;
            e.meta[i] = (s >> 16) as u8;
        }
    }
    gather(&mut e.campaign, perm, &mut scratch, |v| v, |d, s| *d = s);
    gather(&mut e.name, perm, &mut scratch, |v| v, |d, s| *d = s);
    gather(&mut e.session, perm, &mut scratch, |v| v, |d, s| *d = s);
    gather(&mut e.value, perm, &mut scratch, f32::to_bits, |d, s| {
        *d = f32::from_bits(s)
    });
}

/// `col[i]` takes `put` of `get(old col[perm[i]])`, through `scratch`; an
/// optional (empty) column stays empty.
#[inline]
fn gather<T: Copy>(
    col: &mut [T],
    perm: &[u32],
    scratch: &mut Vec<u32>,
    get: impl Fn(T) -> u32,
    put: impl Fn(&mut T, u32),
) {
    if col.len() != perm.len() {
        return;
    }
    scratch.clear();
    scratch.extend(perm.iter().map(|&r| get(col[r as usize])));
    for (d, &s) in col.iter_mut().zip(scratch.iter()) {
        put(d, s);
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
fn rows_of<'a>(offsets: &[u32], rows: Option<&'a [u32]>, c: usize) -> Rows<'a> {
    // One bounds test for both ends (a wrapped `c + 2` makes an empty
    // range: no rows).
    match offsets.get(c..c.wrapping_add(2)) {
        Some(&[start, end]) => match rows {
            None => Rows::Run { start, end },
            Some(rows) => Rows::List(&rows[start as usize..end as usize]),
        },
        _ => Rows::EMPTY,
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

/// Offsets by contact, and the row list unless the rows are already in
/// (contact, time) order.
fn group(contact: &[u32], ts: &[i64], n: usize) -> (Vec<u32>, Option<Vec<u32>>) {
    match group_sorted(contact, ts, n) {
        Some(offsets) => (offsets, None),
        None => group_any(contact, ts, n),
    }
}

/// [`group`] for rows in any order: a counting sort by contact (stable, so
/// rows stay in file order), then a stable sort by time of the groups that
/// need it. No list when it comes out as the identity.
fn group_any(contact: &[u32], ts: &[i64], n: usize) -> (Vec<u32>, Option<Vec<u32>>) {
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
    let rows = (!is_identity(&rows)).then_some(rows);
    (offsets, rows)
}

/// The offsets of rows already grouped by contact and in time order inside
/// each group (the common case, after [`sort_by_contact`]). `None` when
/// the table is not in that order.
fn group_sorted(contact: &[u32], ts: &[i64], n: usize) -> Option<Vec<u32>> {
    let everything = 0..contact.len();
    let chunks = std::slice::from_ref(&everything);
    let fill = |jobs: Vec<SortedJob<'_>>| {
        jobs.into_iter()
            .all(|job| fill_sorted(contact, ts, job, |_| {}))
            .then_some(())
    };
    sorted_layout(contact, ts, n, chunks, fill).map(|(offsets, ())| offsets)
}

/// Rows of one part of a sorted table, the first contact whose offset
/// they write, and that part's share of the offsets.
pub(crate) type SortedJob<'a> = (std::ops::Range<usize>, usize, &'a mut [u32]);

/// Offsets of a table sorted by (contact, time), its rows split into
/// consecutive `chunks` whose jobs `run` fills (`Some` of what it
/// gathered when every chunk was in order). `None` when some row is out
/// of order: the table then needs the general grouping. One pass reads
/// each row once: the order check and the offsets of a block of rows share
/// its reads.
pub(crate) fn sorted_layout<R>(
    contact: &[u32],
    ts: &[i64],
    n: usize,
    chunks: &[std::ops::Range<usize>],
    run: impl FnOnce(Vec<SortedJob<'_>>) -> Option<R>,
) -> Option<(Vec<u32>, R)> {
    let len = contact.len();
    if ts.len() != len || contact.last().is_some_and(|&c| c as usize >= n) {
        return None;
    }
    // Zeroed memory comes from the allocator untouched: each job's writes
    // are the first, on its own thread.
    let mut offsets = vec![0u32; n + 1];
    // Part k writes offsets[c] for the contacts whose first row it holds:
    // those after the contact of the row before it, up to its last row's.
    // Sorted contacts make these parts consecutive and disjoint; a part
    // whose rows are not in order is caught by its own check.
    let mut jobs = Vec::with_capacity(chunks.len());
    let mut offsets_rest = &mut offsets[..];
    let mut next = 0usize;
    for r in chunks {
        let end = r
            .end
            .checked_sub(1)
            .map_or(next, |last| contact[last] as usize + 1)
            .clamp(next, n);
        let (own_offsets, o_rest) = offsets_rest.split_at_mut(end - next);
        jobs.push((r.clone(), next, own_offsets));
        (offsets_rest, next) = (o_rest, end);
    }
    let tail = offsets_rest;
    let gathered = run(jobs)?;
    // Contacts after the last one with a row start (and end) at the end.
    tail.fill(len as u32);
    Some((offsets, gathered))
}

/// Rows per block of [`fill_sorted`]: a block's contacts are still in
/// cache when its offsets are written.
const BLOCK: usize = 2048;

/// [`fill_sorted`] over the events, which also gathers the channels with
/// an open among the job's rows (a bit per channel code). `None` when the
/// rows are out of order or the columns of unequal lengths.
pub(crate) fn fill_events(e: &EventTable, job: SortedJob<'_>) -> Option<u16> {
    let len = e.contact.len();
    if e.kind.len() != len || e.channel.len() != len {
        return None;
    }
    let mut opened = 0;
    let in_order = fill_sorted(&e.contact, &e.ts, job, |block| {
        opened |= crate::kpi::opened_channels(&e.kind[block.clone()], &e.channel[block]);
    });
    in_order.then_some(opened)
}

/// Fills one job of [`sorted_layout`], whose offsets are zeroed; false as
/// soon as a row (or the row before the range, against its first) is out
/// of (contact, time) order.
/// `per_block` sees each block of rows while it is in cache.
pub(crate) fn fill_sorted(
    contact: &[u32],
    ts: &[i64],
    (r, first, own_offsets): SortedJob<'_>,
    mut per_block: impl FnMut(std::ops::Range<usize>),
) -> bool {
    // The first contact whose offset is not written yet.
    let mut next = first;
    let mut from = r.start;
    while from < r.end {
        let to = (from + BLOCK).min(r.end);
        // The pairs (row − 1, row) for the block's rows.
        let lo = from.saturating_sub(1);
        if !in_order(&contact[lo..to], &ts[lo..to]) {
            return false;
        }
        // In order, the block's contacts rise: its rows of contacts begun
        // before it come first, and its last row names its largest one.
        let block = &contact[from..to];
        let begun = block.partition_point(|&c| (c as usize) < next);
        if let Some(&last) = block.get(begun..).and_then(<[u32]>::last) {
            let last = last as usize;
            // In order so far, a contact beyond the part can only come
            // from rows further on that are out of order.
            let Some(slots) = own_offsets.get_mut(next - first..=last - first) else {
                return false;
            };
            // Each contact's first row, plus one (zeroed memory: no row),
            // stored from the block's last row back so that the first
            // row's store stays: no branch on where a contact starts,
            // which mispredicted once per contact.
            for (row, &c) in (from + begun..to).zip(&block[begun..]).rev() {
                if let Some(slot) = slots.get_mut(c as usize - next) {
                    *slot = row as u32 + 1;
                }
            }
            // A contact without rows starts where the next one does; the
            // last slot is the block's last contact, which has rows.
            let mut start = to as u32;
            for slot in slots.iter_mut().rev() {
                start = if *slot == 0 { start } else { *slot - 1 };
                *slot = start;
            }
            next = last + 1;
        }
        per_block(from..to);
        from = to;
    }
    true
}

/// Whether each row follows the one before it in (contact, time) order.
/// Branch-free over equal-length slices, so it compiles to vector code.
/// x86-64's baseline vector set has no 64-bit comparison, so a time
/// going back is the sign of the difference (one subtraction), exact
/// while every time is within ±2^62; tables with a time beyond take
/// [`in_order_exact`].
fn in_order(contact: &[u32], ts: &[i64]) -> bool {
    let n = contact.len().min(ts.len());
    if n < 2 {
        return true;
    }
    let (c0, c1) = (&contact[..n - 1], &contact[1..n]);
    let (t0, t1) = (&ts[..n - 1], &ts[1..n]);
    // Bit 63: a pair out of order; of `wide`: a time beyond ±2^62 (its
    // two top bits differ).
    let (mut bad, mut wide) = (0u64, (ts[0] ^ ts[0] << 1) as u64);
    for i in 0..n - 1 {
        let same = u64::from(c1[i] == c0[i]).wrapping_neg();
        let back = t1[i].wrapping_sub(t0[i]) as u64;
        bad |= (back & same) | u64::from(c1[i] < c0[i]) << 63;
        wide |= (t1[i] ^ t1[i] << 1) as u64;
    }
    if wide >> 63 != 0 {
        return in_order_exact(contact, ts);
    }
    bad >> 63 == 0
}

/// [`in_order`] by comparisons, whatever the times.
fn in_order_exact(contact: &[u32], ts: &[i64]) -> bool {
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
mod tests;
