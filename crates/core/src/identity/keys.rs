//! The table of normalised identifiers met during a merge.
//!
//! Like [`crate::model::Dict`] it keeps strings in one arena, but it stores
//! each key's full hash next to its id: growing the table then never rereads
//! the arena, and a probe touches the arena only for a true match. With a
//! million records that is the difference between a merge bound by hashing
//! and one bound by cache misses.

use hashbrown::HashTable;
use std::hash::{BuildHasher, Hasher};

#[derive(Clone, Default)]
pub(super) struct KeyTable {
    arena: String,
    ends: Vec<u32>,
    table: HashTable<(u64, u32)>,
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

    /// The id of `key`, and whether it is new.
    pub(super) fn intern(&mut self, key: &str) -> u32 {
        let h = hash(key.as_bytes());
        if let Some(&(_, id)) = self
            .table
            .find(h, |&(kh, id)| kh == h && self.bytes(id) == key.as_bytes())
        {
            return id;
        }
        let id = self.ends.len() as u32;
        self.arena.push_str(key);
        self.ends.push(self.arena.len() as u32);
        self.table.insert_unique(h, (h, id), |&(kh, _)| kh);
        id
    }
}
