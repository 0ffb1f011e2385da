//! [`ContactIndex::build`] on several threads, for the native full
//! recompute: on a table already sorted by contact (as the app and the
//! server hold it) the build is three linear scans of the event rows, each
//! split into ranges of rows.

use super::{group, group_any, ContactIndex};
use crate::model::Dataset;
use crate::par::on_threads;
use std::ops::Range;

impl ContactIndex {
    /// [`ContactIndex::build`], its scans over the event rows split over
    /// `threads` threads; the index is the same.
    pub fn build_parallel(ds: &Dataset, threads: usize) -> Self {
        let (contact, ts) = (&ds.events.contact, &ds.events.ts);
        let chunks = row_chunks(contact.len(), threads);
        // Per range: its largest contact, and whether its rows (and the
        // pair across its start) are in (contact, time) order.
        let scans: Vec<(Option<u32>, bool)> = on_threads(&chunks, |_, r| scan(contact, ts, r));
        let max_event = scans.iter().filter_map(|s| s.0).max();
        let sorted = ts.len() == contact.len() && scans.iter().all(|s| s.1);
        let max_order = ds.orders.contact.iter().copied().max();
        let max_id = max_event.max(max_order).map_or(0, |m| m as usize + 1);
        let n = ds.contact_count().max(max_id);
        let (offsets, rows) = if sorted {
            sorted_parallel(contact, n, &chunks)
        } else {
            group_any(contact, ts, n)
        };
        let (order_offsets, order_rows) = group(&ds.orders.contact, &ds.orders.ts, n);
        ContactIndex {
            offsets,
            rows,
            order_offsets,
            order_rows,
        }
    }
}

/// `threads` consecutive ranges covering `0..len`.
fn row_chunks(len: usize, threads: usize) -> Vec<Range<usize>> {
    let threads = threads.max(1);
    (0..threads)
        .map(|k| len * k / threads..len * (k + 1) / threads)
        .collect()
}

/// The largest contact of rows `r`, and whether each of them (from the
/// row before the range on) follows its predecessor in (contact, time)
/// order.
fn scan(contact: &[u32], ts: &[i64], r: Range<usize>) -> (Option<u32>, bool) {
    let max = contact[r.clone()].iter().copied().max();
    let start = r.start.saturating_sub(1);
    let (c, t) = (
        &contact[start..r.end],
        &ts[start.min(ts.len())..r.end.min(ts.len())],
    );
    if t.len() != c.len() {
        return (max, false);
    }
    let pairs = c.iter().zip(t).zip(c.iter().zip(t).skip(1));
    let out_of_order = pairs.fold(false, |bad, ((c0, t0), (c1, t1))| {
        bad | (c1 < c0) | ((c1 == c0) & (t1 < t0))
    });
    (max, !out_of_order)
}

/// Rows, the first contact whose offset they write, and their parts of the
/// offsets and rows.
type Job<'a> = (Range<usize>, usize, &'a mut [u32], &'a mut [u32]);

/// Offsets and rows of a table sorted by contact, each range of rows
/// filling its own part of both.
fn sorted_parallel(contact: &[u32], n: usize, chunks: &[Range<usize>]) -> (Vec<u32>, Vec<u32>) {
    let len = contact.len();
    let mut offsets = vec![len as u32; n + 1];
    let mut rows = vec![0u32; len];
    // Range k writes offsets[c] for the contacts whose first row it holds:
    // those after the contact of the row before it, up to its last row's.
    // Sorted contacts make these parts consecutive and disjoint.
    let mut jobs = Vec::with_capacity(chunks.len());
    let (mut offsets_rest, mut rows_rest) = (&mut offsets[..], &mut rows[..]);
    let mut next = 0usize;
    for r in chunks {
        let end = r
            .end
            .checked_sub(1)
            .map_or(next, |last| contact[last] as usize + 1);
        let end = end.max(next);
        let (own_offsets, o_rest) = offsets_rest.split_at_mut(end - next);
        let (own_rows, r_rest) = rows_rest.split_at_mut(r.len());
        jobs.push((r.clone(), next, own_offsets, own_rows));
        (offsets_rest, rows_rest, next) = (o_rest, r_rest, end);
    }
    let fill = |(r, first, own_offsets, own_rows): Job<'_>| {
        let start = r.start;
        let mut next = first;
        for (row, &c) in r.clone().zip(&contact[r]) {
            let c = c as usize;
            if c >= next {
                own_offsets[next - first..=c - first].fill(row as u32);
                next = c + 1;
            }
        }
        for (slot, row) in own_rows.iter_mut().zip(start as u32..) {
            *slot = row;
        }
    };
    let mut jobs = jobs.into_iter();
    std::thread::scope(|scope| {
        let first = jobs.next();
        for job in jobs {
            scope.spawn(move || fill(job));
        }
        if let Some(job) = first {
            fill(job);
        }
    });
    (offsets, rows)
}
