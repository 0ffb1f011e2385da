//! Finding equal normalised identifiers among millions without a hash table.
//!
//! A hash table over a million keys is bound by cache misses: every probe
//! lands on a random control group, slot, offset and arena line. Here every
//! identifier is appended to one arena, its 32-bit hash is packed with its
//! entry index into a `u64`, and those are radix-sorted (two stable 16-bit
//! passes over sequential memory). Equal identifiers then sit next to each
//! other; strings are compared only inside a run of equal hashes, where a
//! hash collision just splits the run into several keys.

/// Identifiers of all records, normalised, in record order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Entries {
    pub(super) arena: String,
    /// Per entry: owning record and `[start, end)` in the arena.
    pub(super) spans: Vec<(u32, u32, u32)>,
    hashes: Vec<u32>,
}

fn hash(s: &[u8]) -> u32 {
    // The high half, which plain `FxHasher` leaves empty on wasm32.
    (crate::fx::hash_bytes(s) >> 32) as u32
}

impl Entries {
    /// Room for `entries` identifiers of `bytes` normalised bytes in all
    /// (`None`: about 20 each). Sized once, as memory that doubles leaves
    /// its old blocks behind in Wasm.
    pub(super) fn with_capacity(entries: usize, bytes: Option<usize>) -> Self {
        Entries {
            arena: String::with_capacity(bytes.unwrap_or(entries * 20)),
            spans: Vec::with_capacity(entries),
            hashes: Vec::with_capacity(entries),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Appends an identifier of `record`, written by `write` at the end of
    /// the arena; an `Err` from `write` rolls the arena back.
    pub(super) fn push<E>(
        &mut self,
        record: u32,
        write: impl FnOnce(&mut String) -> Result<(), E>,
    ) -> Result<(), E> {
        let start = self.arena.len();
        if let Err(e) = write(&mut self.arena) {
            self.arena.truncate(start);
            return Err(e);
        }
        let end = self.arena.len();
        self.hashes.push(hash(&self.arena.as_bytes()[start..end]));
        self.spans.push((record, start as u32, end as u32));
        Ok(())
    }

    pub(super) fn bytes(&self, entry: u32) -> &[u8] {
        let (_, s, e) = self.spans[entry as usize];
        &self.arena.as_bytes()[s as usize..e as usize]
    }

    pub(super) fn str(&self, entry: u32) -> &str {
        let (_, s, e) = self.spans[entry as usize];
        &self.arena[s as usize..e as usize]
    }

    /// Groups equal identifiers: a dense key id per entry (ids follow hash
    /// order: arbitrary but stable), and per key its first entry and the
    /// number of distinct records holding it. `union(a, b)` is called for
    /// each later record holding a key with the key's first record.
    pub(super) fn group(&self, mut union: impl FnMut(u32, u32)) -> Grouping {
        let n = self.len();
        let sorted = radix_sort(
            self.hashes
                .iter()
                .zip(0u32..)
                .map(|(&h, i)| (u64::from(h) << 32) | u64::from(i))
                .collect(),
        );
        let mut g = Grouping {
            key_of: vec![0; n],
            first_entry: Vec::with_capacity(n),
            holders: Vec::with_capacity(n),
        };
        // Keys of the current run of equal hashes (usually one), with the
        // last record seen holding each: entries come in record order.
        let mut run: Vec<(u32, u32)> = Vec::new();
        let mut run_hash = None;
        for packed in sorted {
            let (h, e) = ((packed >> 32) as u32, packed as u32);
            if run_hash != Some(h) {
                run.clear();
                run_hash = Some(h);
            }
            let bytes = self.bytes(e);
            let record = self.spans[e as usize].0;
            let found = run
                .iter_mut()
                .find(|(k, _)| self.bytes(g.first_entry[*k as usize]) == bytes);
            let key = match found {
                Some((k, last)) => {
                    if *last != record {
                        *last = record;
                        g.holders[*k as usize] += 1;
                        let first = self.spans[g.first_entry[*k as usize] as usize].0;
                        union(record, first);
                    }
                    *k
                }
                None => {
                    let k = g.first_entry.len() as u32;
                    g.first_entry.push(e);
                    g.holders.push(1);
                    run.push((k, record));
                    k
                }
            };
            g.key_of[e as usize] = key;
        }
        g
    }
}

/// The result of [`Entries::group`].
pub(super) struct Grouping {
    /// Key id per entry.
    pub(super) key_of: Vec<u32>,
    /// First entry per key.
    pub(super) first_entry: Vec<u32>,
    /// Distinct records per key.
    pub(super) holders: Vec<u32>,
}

/// Sorts by the high 32 bits (two stable 16-bit LSD passes); the low bits,
/// entry indices, stay in increasing order within equal hashes.
fn radix_sort(mut keys: Vec<u64>) -> Vec<u64> {
    if keys.len() < 1 << 14 {
        // Same order (entry indices increase within a hash), and small
        // inputs do not pay for two 64 Ki-entry histograms.
        keys.sort_unstable();
        return keys;
    }
    let mut tmp = vec![0u64; keys.len()];
    for shift in [32u32, 48] {
        let mut counts = vec![0u32; (1 << 16) + 1];
        for &k in &keys {
            counts[((k >> shift) & 0xFFFF) as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        for &k in &keys {
            let d = ((k >> shift) & 0xFFFF) as usize;
            tmp[counts[d] as usize] = k;
            counts[d] += 1;
        }
        std::mem::swap(&mut keys, &mut tmp);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(keys: &[&str], expected: &[u32]) {
        let mut entries = Entries::with_capacity(0, None);
        for (i, k) in keys.iter().enumerate() {
            entries
                .push(i as u32, |out| {
                    out.push_str(k);
                    Ok::<(), ()>(())
                })
                .expect("push");
        }
        let mut unions = Vec::new();
        let g = entries.group(|a, b| unions.push((a, b)));
        let (key_of, first) = (g.key_of, g.first_entry);
        // Every later holder of a key is united with the key's first one.
        for &(a, b) in &unions {
            assert!(b < a && keys[a as usize] == keys[b as usize], "{a} {b}");
        }
        // Renumber keys by first appearance to compare with the expectation.
        let mut seen: Vec<u32> = Vec::new();
        let got: Vec<u32> = key_of
            .iter()
            .map(|k| match seen.iter().position(|s| s == k) {
                Some(p) => p as u32,
                None => {
                    seen.push(*k);
                    seen.len() as u32 - 1
                }
            })
            .collect();
        assert_eq!(got, expected, "{keys:?}");
        for (e, &k) in key_of.iter().enumerate() {
            assert_eq!(entries.bytes(first[k as usize]), keys[e].as_bytes());
        }
    }

    #[test]
    fn equal_strings_share_keys() {
        check(&["a", "b", "a", "c", "b", "a"], &[0, 1, 0, 2, 1, 0]);
        check(&[], &[]);
        check(&["", ""], &[0, 0]);
        let many: Vec<String> = (0..3000).map(|i| format!("k{}", i % 1000)).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let expected: Vec<u32> = (0..3000).map(|i| i % 1000).collect();
        check(&refs, &expected);
    }

    #[test]
    fn radix_and_comparison_sorts_agree() {
        let mut x = 12345u64;
        let keys: Vec<u64> = (0..20_000u64)
            .map(|i| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                ((x >> 40) << 32) | i
            })
            .collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        assert_eq!(radix_sort(keys), expected);
    }

    #[test]
    fn radix_sort_groups_by_high_bits_keeping_entry_order() {
        let keys = vec![5u64 << 32, (1 << 32) | 1, (5 << 32) | 2, (1u64 << 48) | 3];
        assert_eq!(
            radix_sort(keys),
            [(1 << 32) | 1, 5 << 32, (5 << 32) | 2, (1 << 48) | 3]
        );
    }
}
