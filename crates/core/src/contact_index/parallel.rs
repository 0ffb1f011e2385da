//! [`ContactIndex::build`] on several threads, for the native full
//! recompute: on a table already sorted by contact (as the app and the
//! server hold it) the build is one linear pass over the event rows, split
//! into ranges of rows.

use super::{fill_events, sorted_layout, sorted_n, ContactIndex, SortedJob};
use crate::model::Dataset;
use std::ops::Range;

impl ContactIndex {
    /// [`ContactIndex::build`], its pass over the event rows split over
    /// `threads` threads; the index is the same.
    pub fn build_parallel(ds: &Dataset, threads: usize) -> Self {
        let events = &ds.events;
        let chunks = row_chunks(events.contact.len(), threads);
        let fill_all = |jobs: Vec<SortedJob<'_>>| {
            std::thread::scope(|scope| {
                let mut jobs = jobs.into_iter();
                let first = jobs.next();
                let later: Vec<_> = jobs
                    .map(|job| scope.spawn(move || fill_events(events, job)))
                    .collect();
                let mine = first.map_or(Some(0), |job| fill_events(events, job));
                // Every thread is joined, whatever the first found.
                later.into_iter().fold(mine, |mask, handle| {
                    let theirs = handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    Some(mask? | theirs?)
                })
            })
        };
        let sorted = sorted_layout(&events.contact, &events.ts, sorted_n(ds), &chunks, fill_all);
        Self::assemble(ds, sorted)
    }
}

/// `threads` consecutive ranges covering `0..len`.
fn row_chunks(len: usize, threads: usize) -> Vec<Range<usize>> {
    let threads = threads.max(1);
    (0..threads)
        .map(|k| len * k / threads..len * (k + 1) / threads)
        .collect()
}
