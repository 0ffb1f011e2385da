//! Fast-hash collections for hot paths: hashbrown tables with FxHash, which
//! is several times faster than SipHash on the short keys used here (ids,
//! normalised identifiers) and needs no HashDoS protection in a local tool.

/// A hash map keyed with FxHash.
pub type FxHashMap<K, V> = hashbrown::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A hash set keyed with FxHash.
pub type FxHashSet<T> = hashbrown::HashSet<T, rustc_hash::FxBuildHasher>;

/// FxHash of `bytes` with entropy in the high 32 bits on every target.
///
/// On 32-bit targets (wasm32) `FxHasher::finish` returns a `usize` widened
/// to `u64`, so its top half is always zero; a table that takes its bucket
/// from `hash >> 32` then probes one bucket for every key and turns
/// quadratic. There the value is spread over 64 bits (MurmurHash3's fmix64);
/// 64-bit targets keep the plain FxHash.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(bytes);
    let h = h.finish();
    if usize::BITS < 64 {
        let mut x = h ^ (h >> 33);
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    } else {
        h
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn high_bits_vary() {
        // What the import's probing tables rely on, on every target.
        let highs: std::collections::BTreeSet<u64> = (0..64)
            .map(|i| super::hash_bytes(format!("user{i}@example.com").as_bytes()) >> 32)
            .collect();
        assert!(highs.len() > 60, "{} distinct high halves", highs.len());
    }
}
