//! [`ContactIndex::build`] on several threads, for the native full
//! recompute: on a table already sorted by contact (as the app and the
//! server hold it) the build is one linear pass over the event rows, split
//! into ranges of rows.

use super::{contacts_n, fill_sorted, group, group_any, sorted_layout, sorted_n, ContactIndex};
use crate::model::Dataset;
use std::ops::Range;

impl ContactIndex {
    /// [`ContactIndex::build`], its pass over the event rows split over
    /// `threads` threads; the index is the same.
    pub fn build_parallel(ds: &Dataset, threads: usize) -> Self {
        let (contact, ts) = (&ds.events.contact, &ds.events.ts);
        let chunks = row_chunks(contact.len(), threads);
        let fill_all = |jobs: Vec<super::SortedJob<'_>>| {
            std::thread::scope(|scope| {
                let mut jobs = jobs.into_iter();
                let first = jobs.next();
                let later: Vec<_> = jobs
                    .map(|job| scope.spawn(move || fill_sorted(contact, ts, job)))
                    .collect();
                let ok = first.is_none_or(|job| fill_sorted(contact, ts, job));
                // Every thread is joined, whatever the first found.
                later.into_iter().fold(ok, |ok, handle| {
                    let done = handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    ok & done
                })
            })
        };
        let (offsets, rows) = sorted_layout(contact, ts, sorted_n(ds), &chunks, fill_all)
            .unwrap_or_else(|| {
                let n = contacts_n(ds, contact.iter().copied().max());
                group_any(contact, ts, n)
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
}

/// `threads` consecutive ranges covering `0..len`.
fn row_chunks(len: usize, threads: usize) -> Vec<Range<usize>> {
    let threads = threads.max(1);
    (0..threads)
        .map(|k| len * k / threads..len * (k + 1) / threads)
        .collect()
}
