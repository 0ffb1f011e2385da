//! Fast-hash collections for hot paths: hashbrown tables with FxHash, which
//! is several times faster than SipHash on the short keys used here (ids,
//! normalised identifiers) and needs no HashDoS protection in a local tool.

/// A hash map keyed with FxHash.
pub type FxHashMap<K, V> = hashbrown::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A hash set keyed with FxHash.
pub type FxHashSet<T> = hashbrown::HashSet<T, rustc_hash::FxBuildHasher>;
