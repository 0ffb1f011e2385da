//! A fixed-size set of dense contact ids, one bit each.
//!
//! Segment rules combine with AND/OR/NOT; on a million contacts that is
//! 15,625 words per operation instead of a million bools.

use serde::{Serialize, Serializer};

/// A set of ids `0..len`.
#[derive(Clone, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl std::fmt::Debug for Bits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter_ones()).finish()
    }
}

impl Serialize for Bits {
    /// Serialised as the list of member ids, the form the API returns.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter_ones())
    }
}

impl Bits {
    /// The empty set over `len` ids.
    pub fn new(len: usize) -> Self {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// The full set over `len` ids.
    pub fn full(len: usize) -> Self {
        let mut b = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        b.clear_tail();
        b
    }

    /// The set of ids `i` where `f(i)` holds, built a word at a time.
    pub fn from_fn(len: usize, mut f: impl FnMut(usize) -> bool) -> Self {
        let mut words = Vec::with_capacity(len.div_ceil(64));
        for w in 0..len.div_ceil(64) {
            let base = w * 64;
            let mut word = 0u64;
            for bit in 0..(len - base).min(64) {
                word |= u64::from(f(base + bit)) << bit;
            }
            words.push(word);
        }
        Bits { words, len }
    }

    /// Ids the set ranges over.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set ranges over no id at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `i` is a member; ids out of range are not.
    pub fn get(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// Adds `i` (ignored when out of range).
    pub fn insert(&mut self, i: usize) {
        if i < self.len {
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    /// Removes `i`.
    pub fn remove(&mut self, i: usize) {
        if i < self.len {
            self.words[i / 64] &= !(1 << (i % 64));
        }
    }

    /// Keeps the ids also in `other`.
    pub fn and_with(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
        let n = other.words.len();
        if self.words.len() > n {
            self.words[n..].fill(0);
        }
    }

    /// Adds the ids in `other`.
    pub fn or_with(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Complements the set within `0..len`.
    pub fn negate(&mut self) {
        for w in &mut self.words {
            *w = !*w;
        }
        self.clear_tail();
    }

    fn clear_tail(&mut self) {
        if self.len % 64 != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << (self.len % 64)) - 1;
            }
        }
    }

    /// Number of members.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Members in increasing order.
    pub fn iter_ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut word = word;
            std::iter::from_fn(move || {
                (word != 0).then(|| {
                    let bit = word.trailing_zeros();
                    word &= word - 1;
                    (w * 64) as u32 + bit
                })
            })
        })
    }

    /// One bool per id.
    pub fn to_bools(&self) -> Vec<bool> {
        (0..self.len).map(|i| self.get(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bits: &Bits, expected: &[u32]) {
        assert_eq!(bits.iter_ones().collect::<Vec<_>>(), expected);
        assert_eq!(bits.count(), expected.len());
    }

    #[test]
    fn set_algebra() {
        let evens = Bits::from_fn(130, |i| i % 2 == 0);
        let small = Bits::from_fn(130, |i| i < 5);
        let mut both = evens.clone();
        both.and_with(&small);
        check(&both, &[0, 2, 4]);
        let mut either = small.clone();
        either.or_with(&Bits::from_fn(130, |i| i >= 128));
        check(&either, &[0, 1, 2, 3, 4, 128, 129]);
        let mut not_small = small.clone();
        not_small.negate();
        assert_eq!(not_small.count(), 125);
        assert!(!not_small.get(130) && !not_small.get(4) && not_small.get(129));
        check(&Bits::full(3), &[0, 1, 2]);
        check(&Bits::new(0), &[]);
        let mut b = Bits::new(70);
        b.insert(69);
        b.insert(70);
        b.insert(1);
        b.remove(1);
        check(&b, &[69]);
        assert_eq!(serde_json::to_string(&b).ok().as_deref(), Some("[69]"));
    }
}
