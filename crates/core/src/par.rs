//! Work split over threads, natively only: wasm32 in the browser has no
//! threads and keeps the sequential functions. Each caller makes the
//! result equal, bit for bit, to its sequential one.

use std::ops::Range;

/// `f(k, ranges[k])` for every range, the first on the calling thread and
/// the others on scoped threads; results in range order. A panic in a
/// thread is raised again here.
pub(crate) fn on_threads<T: Send>(
    ranges: &[Range<usize>],
    f: impl Fn(usize, Range<usize>) -> T + Sync,
) -> Vec<T> {
    std::thread::scope(|scope| {
        let f = &f;
        let later: Vec<_> = ranges
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, r)| {
                let r = r.clone();
                scope.spawn(move || f(k, r))
            })
            .collect();
        let mut out = Vec::with_capacity(ranges.len());
        if let Some(first) = ranges.first() {
            out.push(f(0, first.clone()));
        }
        for handle in later {
            out.push(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        out
    })
}
