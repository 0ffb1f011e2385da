//! One contact's rows, as [`ContactIndex`](super::ContactIndex) hands them
//! out: a run of consecutive rows when the table is sorted by contact (the
//! app, the server and the benches always sort), a list otherwise.
//!
//! A sorted table's rows of contact `c` are `offsets[c]..offsets[c + 1]`:
//! storing them as a list would be the identity `0..n`, 4 bytes per event
//! row held for nothing and, at 10M rows, 40 MB of fresh pages (≈ 10k
//! page faults) on every build.

use std::ops::Range;

/// A contact's rows of the event or order table, in (timestamp, file)
/// order.
#[derive(Clone, Copy, Debug)]
pub enum Rows<'a> {
    /// The consecutive rows `start..end`.
    Run {
        /// First row.
        start: u32,
        /// One past the last row.
        end: u32,
    },
    /// These rows, in this order.
    List(&'a [u32]),
}

impl Default for Rows<'_> {
    fn default() -> Self {
        Rows::EMPTY
    }
}

/// Same rows in the same order, however stored.
impl PartialEq for Rows<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Rows<'_> {}

impl<'a> Rows<'a> {
    /// No rows.
    pub const EMPTY: Rows<'static> = Rows::Run { start: 0, end: 0 };

    /// How many rows.
    #[inline]
    pub fn len(&self) -> usize {
        match *self {
            Rows::Run { start, end } => end.saturating_sub(start) as usize,
            Rows::List(list) => list.len(),
        }
    }

    /// Whether there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th row, if there are more than `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<usize> {
        match *self {
            Rows::Run { start, .. } => (i < self.len()).then(|| start as usize + i),
            Rows::List(list) => list.get(i).map(|&r| r as usize),
        }
    }

    /// The `i`-th row. Panics when `i >= len`, as a slice index does.
    #[inline]
    pub fn at(&self, i: usize) -> usize {
        match *self {
            Rows::Run { start, .. } => {
                assert!(i < self.len(), "row {i} of {}", self.len());
                start as usize + i
            }
            Rows::List(list) => list[i] as usize,
        }
    }

    /// The first row.
    #[inline]
    pub fn first(&self) -> Option<usize> {
        self.get(0)
    }

    /// The last row.
    #[inline]
    pub fn last(&self) -> Option<usize> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The rows before position `mid` and from it on. Panics when `mid >
    /// len`, as `slice::split_at` does.
    #[inline]
    pub fn split_at(&self, mid: usize) -> (Rows<'a>, Rows<'a>) {
        match *self {
            Rows::Run { start, end } => {
                assert!(mid <= self.len(), "split at {mid} of {}", self.len());
                let m = start + mid as u32;
                (Rows::Run { start, end: m }, Rows::Run { start: m, end })
            }
            Rows::List(list) => {
                let (a, b) = list.split_at(mid);
                (Rows::List(a), Rows::List(b))
            }
        }
    }

    /// The rows at positions `from..` (none when `from >= len`).
    #[inline]
    pub fn from(&self, from: usize) -> Rows<'a> {
        self.split_at(from.min(self.len())).1
    }

    /// The rows at positions `..to` (all when `to >= len`).
    #[inline]
    pub fn until(&self, to: usize) -> Rows<'a> {
        self.split_at(to.min(self.len())).0
    }

    /// The rows as a range of the table, when they are consecutive (always
    /// for a sorted table): a hot loop can then read the columns directly.
    #[inline]
    pub fn as_run(&self) -> Option<Range<usize>> {
        match *self {
            Rows::Run { start, end } => Some(start as usize..(end as usize).max(start as usize)),
            Rows::List(_) => None,
        }
    }

    /// How many leading rows satisfy `pred`, which must hold for a prefix
    /// of the rows and not after it (as `slice::partition_point`).
    #[inline]
    pub fn partition_point(&self, mut pred: impl FnMut(usize) -> bool) -> usize {
        match *self {
            Rows::Run { start, .. } => {
                let (mut lo, mut hi) = (0, self.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if pred(start as usize + mid) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                lo
            }
            Rows::List(list) => list.partition_point(|&r| pred(r as usize)),
        }
    }

    /// The rows in order.
    #[inline]
    pub fn iter(&self) -> Iter<'a> {
        match *self {
            Rows::Run { start, end } => Iter::Run(start..end.max(start)),
            Rows::List(list) => Iter::List(list.iter()),
        }
    }

    /// The rows as a list, for tests and callers that keep them.
    pub fn to_vec(&self) -> Vec<u32> {
        self.iter().map(|r| r as u32).collect()
    }
}

impl<'a> IntoIterator for Rows<'a> {
    type Item = usize;
    type IntoIter = Iter<'a>;

    #[inline]
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> From<&'a [u32]> for Rows<'a> {
    fn from(list: &'a [u32]) -> Self {
        Rows::List(list)
    }
}

/// The rows of a [`Rows`], in order.
#[derive(Clone, Debug)]
pub enum Iter<'a> {
    /// Of a run.
    Run(Range<u32>),
    /// Of a list.
    List(std::slice::Iter<'a, u32>),
}

impl Iterator for Iter<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Iter::Run(r) => r.next().map(|r| r as usize),
            Iter::List(l) => l.next().map(|&r| r as usize),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<usize> {
        match self {
            Iter::Run(r) => r.next_back().map(|r| r as usize),
            Iter::List(l) => l.next_back().map(|&r| r as usize),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {
    #[inline]
    fn len(&self) -> usize {
        match self {
            Iter::Run(r) => r.len(),
            Iter::List(l) => l.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every accessor of `rows` against the same accessor of the list.
    fn check(rows: Rows<'_>, expected: &[u32]) {
        let want: Vec<usize> = expected.iter().map(|&r| r as usize).collect();
        assert_eq!(rows.len(), want.len());
        assert_eq!(rows.is_empty(), want.is_empty());
        assert_eq!(rows.iter().collect::<Vec<_>>(), want);
        assert_eq!(rows.iter().rev().collect::<Vec<_>>(), {
            let mut w = want.clone();
            w.reverse();
            w
        });
        assert_eq!(rows.first(), want.first().copied());
        assert_eq!(rows.last(), want.last().copied());
        assert_eq!(rows.get(want.len()), None);
        for (i, &r) in want.iter().enumerate() {
            assert_eq!(rows.at(i), r);
            assert_eq!(rows.until(i).to_vec(), expected[..i]);
            assert_eq!(rows.from(i).to_vec(), expected[i..]);
            // Rows rise in these cases, so "before row r" is a prefix.
            assert_eq!(rows.partition_point(|x| x < r), i);
        }
        assert_eq!(rows.from(want.len() + 3), Rows::EMPTY);
        assert_eq!(rows.until(want.len() + 3), Rows::List(expected));
    }

    #[test]
    fn runs_and_lists_read_alike() {
        check(Rows::EMPTY, &[]);
        check(Rows::Run { start: 4, end: 4 }, &[]);
        check(Rows::Run { start: 7, end: 8 }, &[7]);
        check(Rows::Run { start: 2, end: 6 }, &[2, 3, 4, 5]);
        check(Rows::List(&[]), &[]);
        check(Rows::List(&[1, 5, 9]), &[1, 5, 9]);
    }
}
