//! The table of normalised identifiers met during a merge.
//!
//! Like [`crate::model::Dict`] it keeps strings in one arena with `u32` ids,
//! but it is sized for every identifier of the input up front, so it never
//! grows and never rehashes (which rereads every key from the arena). Probes
//! are filtered by hashbrown's 7-bit tags, so the arena is read almost only
//! for true matches; with a million records the merge is bound by these
//! cache misses, and 4-byte slots keep the table small.

use hashbrown::HashTable;
use std::hash::{BuildHasher, Hasher};

#[derive(Clone, Default)]
pub(super) struct KeyTable {
    arena: String,
    ends: Vec<u32>,
    table: HashTable<u32>,
}

impl std::fmt::Debug for KeyTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyTable")
            .field("len", &self.ends.len())
            .finish()
    }
}

impl PartialEq for KeyTable {
    fn eq(&self, other: &Self) -> bool {
        self.arena == other.arena && self.ends == other.ends
    }
}

fn hash(s: &[u8]) -> u64 {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(s);
    h.finish()
}

impl KeyTable {
    pub(super) fn with_capacity(keys: usize) -> Self {
        KeyTable {
            arena: String::with_capacity(keys * 16),
            ends: Vec::with_capacity(keys),
            table: HashTable::with_capacity(keys),
        }
    }

    fn bytes(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena.as_bytes()[start..self.ends[i] as usize]
    }

    pub(super) fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// The id of `key`, interning it if new.
    pub(super) fn intern(&mut self, key: &str) -> u32 {
        let h = hash(key.as_bytes());
        if let Some(&id) = self.table.find(h, |&id| self.bytes(id) == key.as_bytes()) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.arena.push_str(key);
        self.ends.push(self.arena.len() as u32);
        let (arena, ends) = (self.arena.as_bytes(), &self.ends);
        // Only runs if the up-front size was too small.
        self.table.insert_unique(h, id, |&other| {
            let i = other as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            hash(&arena[start..ends[i] as usize])
        });
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_when_undersized() {
        let mut t = KeyTable::with_capacity(0);
        for i in 0..5_000u32 {
            assert_eq!(t.intern(&format!("e:u{i}@x.com")), i);
        }
        for i in (0..5_000u32).rev() {
            assert_eq!(t.intern(&format!("e:u{i}@x.com")), i);
            assert_eq!(t.get(i), format!("e:u{i}@x.com"));
        }
    }
}
