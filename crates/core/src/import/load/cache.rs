//! Per-import caches in front of the dataset's dictionaries: an interner
//! that keeps short strings inline (one cache miss per repeat) and the
//! answers for small vocabularies (channels, yes/no, …).

use crate::import::decode::field_str;
use crate::model::{Dataset, Dict};

/// Bytes of a key hashed and compared as words (most e-mails and ids fit).
const INLINE: usize = 32;

/// Slot id of an empty slot.
const EMPTY: u32 = u32::MAX;

/// `b` (at most [`INLINE`] bytes) as four words that, with its length,
/// tell it from any other string: overlapping loads from both ends instead
/// of a byte loop for the tail (the bytes of a string of 16 to 32 are the
/// first 16 and the last 16, of 8 to 16 the first 8 and the last 8, …).
/// Always inlined: a call costs as much as the loads.
#[inline(always)]
fn words(b: &[u8]) -> [u64; 4] {
    #[inline(always)]
    fn le64(b: &[u8], at: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    }
    #[inline(always)]
    fn le32(b: &[u8], at: usize) -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    }
    let n = b.len();
    match n {
        16..=INLINE => [le64(b, 0), le64(b, 8), le64(b, n - 16), le64(b, n - 8)],
        8..=15 => [le64(b, 0), le64(b, n - 8), 0, 0],
        4..=7 => [le32(b, 0) | le32(b, n - 4) << 32, 0, 0, 0],
        1..=3 => [
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
            0,
            0,
        ],
        _ => [0; 4],
    }
}

/// A key being looked up, with its [`words`] when it is short, read once
/// before a probe rather than at every slot whose tag matches.
struct Probe<'a> {
    bytes: &'a [u8],
    words: [u64; 4],
}

impl<'a> Probe<'a> {
    #[inline(always)]
    fn new(bytes: &'a [u8]) -> Self {
        let words = if bytes.len() <= INLINE {
            words(bytes)
        } else {
            [0; 4]
        };
        Probe { bytes, words }
    }

    /// Whether `text` is the key's bytes. Short keys of one length are
    /// compared as their words, which cover every byte, so a probe that
    /// hits costs a few loads instead of a `memcmp` call.
    #[inline(always)]
    fn matches(&self, text: &[u8]) -> bool {
        text.len() == self.bytes.len()
            && if text.len() <= INLINE {
                words(text) == self.words
            } else {
                text == self.bytes
            }
    }
}

/// Whether two keys are the same bytes, as a probe compares them.
#[cfg(test)]
fn same(a: &[u8], b: &[u8]) -> bool {
    Probe::new(b).matches(a)
}

/// The bytes of string `id` of `dict`: [`Dict::get`] without the string
/// slice's character-boundary checks (the ends are boundaries) and inlined.
#[inline(always)]
fn dict_bytes(dict: &Dict, id: u32) -> &[u8] {
    let (arena, ends) = dict.parts();
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &arena.as_bytes()[start..ends[i] as usize]
}

/// The hash of an inline key, from its words: four multiply-rotate steps
/// instead of a byte loop. Both halves carry entropy on every target: a
/// multiplication only carries differences upwards, so the last word's
/// high bytes (where the end of a key lies) are folded down before one
/// more multiplication and folded down again.
#[inline]
fn hash_words(len: usize, w: &[u64; 4]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = (len as u64).wrapping_mul(K);
    for &x in w {
        h = (h.rotate_left(26) ^ x).wrapping_mul(K);
    }
    h = (h ^ (h >> 33)).wrapping_mul(K);
    h ^ (h >> 29)
}

#[inline]
fn fx(bytes: &[u8]) -> u64 {
    // Not `FxHasher` directly: its high half is zero on wasm32 (see
    // `fx::hash_bytes`), and `start` takes the high half.
    crate::fx::hash_bytes(bytes)
}

/// The hash of any key: short keys by their words, long ones with FxHash.
#[inline(always)]
fn key_hash(b: &[u8]) -> u64 {
    if b.len() <= INLINE {
        hash_words(b.len(), &words(b))
    } else {
        fx(b)
    }
}

/// A per-import front for a [`Dict`]: the id of every string seen in this
/// file, in an open-addressing table (linear probing, at most 3/4 full) of
/// 8-byte slots, the id and 32 bits of the string's hash. The strings
/// themselves stay in the dictionary, which a probe reads only when the
/// hash bits match. Slots of 40 bytes holding the strings inline saved
/// that read, but took 21 MB for 200,000 contact keys, in a memory that
/// never shrinks (the browser's import worker). Dropped with the import.
#[derive(Default)]
pub(crate) struct Interner {
    /// `[id, tag]`; `id == EMPTY` is a free slot.
    slots: Vec<[u32; 2]>,
    len: usize,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner").field("len", &self.len).finish()
    }
}

/// Where a string [`Interner::find_or_vacant`] did not find would go.
pub(crate) struct Vacant {
    slot: usize,
    tag: u32,
}

/// The 32 bits of a hash a slot keeps; the probe starts from them too, so
/// growing never needs the strings.
#[inline]
fn tag(hash: u64) -> u32 {
    // Fx leaves its best bits high on 64-bit targets; on wasm32 its hash
    // is 32 bits and the high half is zero: fold rather than shift.
    (hash ^ (hash >> 32)) as u32
}

impl Interner {
    /// The hash [`Interner::find_hashed`] and [`Interner::touch`] take.
    #[inline]
    pub fn hash(s: &[u8]) -> u64 {
        key_hash(s)
    }

    /// [`Interner::hash`] of a key of at most 32 bytes, with the words it
    /// is hashed from, which cover every byte of it (and are zero past
    /// it), so a caller can check its bytes without loading them again.
    /// `None` for a longer key.
    #[inline(always)]
    pub fn hash_short(s: &[u8]) -> Option<(u64, [u64; 4])> {
        (s.len() <= INLINE).then(|| {
            let w = words(s);
            (hash_words(s.len(), &w), w)
        })
    }

    #[inline]
    fn start(&self, tag: u32) -> usize {
        tag as usize & (self.slots.len() - 1)
    }

    /// Reads the first slot `hash` probes, so that a probe soon after hits
    /// the cache; the caller folds the results into `std::hint::black_box`.
    #[inline]
    pub fn touch(&self, hash: u64) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        self.slots[self.start(tag(hash))][0]
    }

    /// The id of `b` (whose [`Interner::hash`] is `hash`) if this import
    /// has seen it; `text` gives the string of an id.
    #[inline]
    pub fn find_hashed<'t>(
        &self,
        hash: u64,
        b: &[u8],
        text: impl Fn(u32) -> &'t [u8],
    ) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(tag(hash), b, text).ok()
    }

    /// The id of `b`, or the slot to give it; the table grows first if it
    /// is full, so [`Interner::insert`] can follow without another probe.
    #[inline]
    pub fn find_or_vacant<'t>(
        &mut self,
        hash: u64,
        b: &[u8],
        text: impl Fn(u32) -> &'t [u8],
    ) -> Result<u32, Vacant> {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        self.probe(tag(hash), b, text)
    }

    /// Gives the vacant slot of a string its id.
    #[inline]
    pub fn insert(&mut self, v: Vacant, id: u32) {
        self.slots[v.slot] = [id, v.tag];
        self.len += 1;
    }

    #[inline]
    fn probe<'t>(&self, tag: u32, b: &[u8], text: impl Fn(u32) -> &'t [u8]) -> Result<u32, Vacant> {
        let mask = self.slots.len() - 1;
        let mut i = self.start(tag);
        let key = Probe::new(b);
        loop {
            let [id, t] = self.slots[i];
            if id == EMPTY {
                return Err(Vacant { slot: i, tag });
            }
            if t == tag && key.matches(text(id)) {
                return Ok(id);
            }
            i = (i + 1) & mask;
        }
    }

    #[cfg(test)]
    pub fn intern(&mut self, s: &str, dict: &mut Dict) -> u32 {
        self.intern_raw(s.as_bytes(), dict, &mut String::new())
    }

    /// Interns a raw cell: text conversion (UTF-8 check, Windows-1252
    /// fallback) only happens the first time these bytes are seen. A cell
    /// that conversion changes is not kept here (its bytes are not the
    /// dictionary's): it goes to the dictionary every time, which is rare.
    #[inline]
    pub fn intern_raw(&mut self, raw: &[u8], dict: &mut Dict, scratch: &mut String) -> u32 {
        let hash = key_hash(raw);
        match self.find_or_vacant(hash, raw, |id| dict_bytes(dict, id)) {
            Ok(id) => id,
            Err(v) => {
                let s = field_str(raw, scratch);
                if s.as_bytes() != raw {
                    return dict.intern(s);
                }
                // This interner holds every string it added, so the
                // dictionary's table is all that is left to ask.
                let id = dict.intern_new(s);
                self.insert(v, id);
                id
            }
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![[EMPTY, 0]; cap]);
        let mask = cap - 1;
        for [id, t] in old.into_iter().filter(|s| s[0] != EMPTY) {
            let mut i = self.start(t);
            while self.slots[i][0] != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = [id, t];
        }
    }
}

/// An interner entry of [`contact_id`] that names an alias (its id in
/// [`Dataset::aliases`] with this bit set), not a key.
const ALIAS: u32 = 1 << 31;

/// The text of a [`contact_id`] interner entry.
#[inline]
fn entry_text(ds: &Dataset, entry: u32) -> &[u8] {
    if entry & ALIAS == 0 {
        dict_bytes(&ds.keys, entry)
    } else {
        dict_bytes(&ds.aliases, entry & !ALIAS)
    }
}

/// The contact id of a [`contact_id`] interner entry.
#[inline]
pub(crate) fn entry_contact(ds: &Dataset, entry: u32) -> u32 {
    if entry & ALIAS == 0 {
        entry
    } else {
        ds.alias_of[(entry & !ALIAS) as usize]
    }
}

/// The interner entry of `b` (hash `hash`) if this import has seen it;
/// [`entry_contact`] gives its contact id.
#[inline]
pub(crate) fn find_contact(ds: &Dataset, keys: &Interner, hash: u64, b: &[u8]) -> Option<u32> {
    keys.find_hashed(hash, b, |e| entry_text(ds, e))
        .map(|e| entry_contact(ds, e))
}

/// The dense id of the row's contact key (`cx.key`), interning a new one.
/// The contact table is not grown here: [`super::Loader::finish`] sizes it
/// once for every key, as memory that doubles leaves its old blocks behind
/// in Wasm.
#[inline]
pub(crate) fn contact_id(ds: &mut Dataset, keys: &mut Interner, key: &str) -> u32 {
    let b = key.as_bytes();
    let entry = match keys.find_or_vacant(key_hash(b), b, |e| entry_text(ds, e)) {
        Ok(entry) => entry,
        Err(v) => {
            // A key this import has not seen yet may be another file's
            // key or alias of a known contact.
            // `keys` holds every string this import added to `ds.keys`,
            // so the dictionary's table (the earlier ones) is all that is
            // left to ask, and a new key skips it (`Dict::intern_new`).
            let entry = if ds.aliases.is_empty() {
                ds.keys.intern_new(key)
            } else if let Some(id) = ds.keys.lookup_indexed(key) {
                id
            } else {
                match ds.aliases.lookup(key) {
                    Some(a) => a | ALIAS,
                    None => ds.keys.push_new(key),
                }
            };
            keys.insert(v, entry);
            entry
        }
    };
    entry_contact(ds, entry)
}

/// The contact `key` names (a key or alias of `ds`), if any, without
/// interning it; a hit is kept in `keys` as [`contact_id`] keeps it.
#[inline]
pub(crate) fn find_key(ds: &Dataset, keys: &mut Interner, key: &str) -> Option<u32> {
    let b = key.as_bytes();
    let entry = match keys.find_or_vacant(key_hash(b), b, |e| entry_text(ds, e)) {
        Ok(entry) => entry,
        Err(v) => {
            let entry = match ds.keys.lookup_indexed(key) {
                Some(id) => id,
                None => ds.aliases.lookup(key)? | ALIAS,
            };
            keys.insert(v, entry);
            entry
        }
    };
    Some(entry_contact(ds, entry))
}

/// The ids of the short values of a column that repeats a few hundred
/// values or fewer (event types, campaigns), in front of its [`Interner`]:
/// a table of the values' [`words`] in buckets of two, one bucket per cheap
/// mix of the words, the newest value first. A hit costs the words, the mix
/// and a comparison or two: no hash, no probe, no dictionary read. A column
/// whose values rarely repeat (sessions) soon stops asking it.
#[derive(Debug)]
pub(crate) struct RecentIds {
    buckets: Box<[[Recent; 2]; RECENT_BUCKETS]>,
    lookups: u32,
    misses: u32,
    off: bool,
}

const RECENT_BUCKETS: usize = 128;

/// A value of [`RecentIds`]: its length (`u32::MAX` for an empty entry,
/// which no value of at most [`INLINE`] bytes matches), id and words.
#[derive(Clone, Copy, Debug)]
struct Recent {
    len: u32,
    id: u32,
    words: [u64; 4],
}

impl Default for RecentIds {
    fn default() -> Self {
        let empty = Recent {
            len: u32::MAX,
            id: 0,
            words: [0; 4],
        };
        RecentIds {
            buckets: Box::new([[empty; 2]; RECENT_BUCKETS]),
            lookups: 0,
            misses: 0,
            off: false,
        }
    }
}

impl RecentIds {
    /// Misses after which the table is given up if they are at least half
    /// the look-ups.
    const TRIAL: u32 = 1024;

    /// The bucket of a value: every word mixed in, the top bits of a
    /// multiplication taken (`RECENT_BUCKETS` is 128).
    #[inline(always)]
    fn bucket(len: usize, w: &[u64; 4]) -> usize {
        let x = w[0] ^ w[1].rotate_left(21) ^ w[2].rotate_left(42) ^ w[3].rotate_left(11);
        ((x ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize
    }

    /// The id of `raw`, from the table or else from `intern` (which must
    /// give a value the same id every time). Always inlined: the event
    /// loop calls it four times a row, and LLVM's choice flipped with
    /// unrelated changes to the loop (a call cost ~25 instructions).
    #[inline(always)]
    pub fn get_or(&mut self, raw: &[u8], intern: impl FnOnce(&[u8]) -> u32) -> u32 {
        if raw.len() > INLINE || self.off {
            return intern(raw);
        }
        let key = words(raw);
        let b = Self::bucket(raw.len(), &key);
        self.lookups = self.lookups.wrapping_add(1);
        for r in &self.buckets[b] {
            if r.len == raw.len() as u32 && r.words == key {
                return r.id;
            }
        }
        self.miss(b, raw, key, intern)
    }

    #[inline(never)]
    fn miss(
        &mut self,
        b: usize,
        raw: &[u8],
        key: [u64; 4],
        intern: impl FnOnce(&[u8]) -> u32,
    ) -> u32 {
        let id = intern(raw);
        let bucket = &mut self.buckets[b];
        bucket[1] = bucket[0];
        bucket[0] = Recent {
            len: raw.len() as u32,
            id,
            words: key,
        };
        self.misses += 1;
        if self.misses >= Self::TRIAL && u64::from(self.misses) * 2 >= u64::from(self.lookups) {
            self.off = true;
        }
        id
    }
}

/// Answers for a small vocabulary (channels, yes/no, …), computed once per
/// distinct cell value. Such columns hold a handful of values, so a linear
/// scan of the first few (compared as words, see [`words`]) beats hashing;
/// the rest, and values longer than [`INLINE`], go through a dictionary.
#[derive(Debug)]
pub(crate) struct Vocab<T: Copy> {
    recent: Vec<(usize, [u64; 4], Option<T>)>,
    seen: Dict,
    answers: Vec<Option<T>>,
}

impl<T: Copy> Default for Vocab<T> {
    fn default() -> Self {
        Vocab {
            recent: Vec::new(),
            seen: Dict::new(),
            answers: Vec::new(),
        }
    }
}

impl<T: Copy> Vocab<T> {
    const LINEAR: usize = 16;

    /// The answer for a raw cell; `read` sees its text the first time.
    /// Inlined as far as the list of recent words; the rest is not.
    #[inline(always)]
    pub fn get(
        &mut self,
        raw: &[u8],
        scratch: &mut String,
        read: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        if raw.len() <= INLINE {
            let key = words(raw);
            if let Some((_, _, v)) = self
                .recent
                .iter()
                .find(|(len, k, _)| *len == raw.len() && *k == key)
            {
                return *v;
            }
        }
        self.get_new(raw, scratch, read)
    }

    /// [`Vocab::get`] for a word not in the list of recent ones.
    #[inline(never)]
    fn get_new(
        &mut self,
        raw: &[u8],
        scratch: &mut String,
        read: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let short = raw.len() <= INLINE;
        let key = if short { words(raw) } else { [0; 4] };
        let s = field_str(raw, scratch);
        if short && self.recent.len() < Self::LINEAR {
            let v = read(s);
            self.recent.push((raw.len(), key, v));
            return v;
        }
        let id = self.seen.intern(s) as usize;
        if id == self.answers.len() {
            self.answers.push(read(s));
        }
        self.answers[id]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_agrees_with_the_dictionary() {
        let mut dict = Dict::new();
        dict.intern("already@there.com");
        let mut i = Interner::default();
        let long = "a-very-long-contact-key-that-does-not-fit-inline@example.com";
        let check = |i: &mut Interner, dict: &mut Dict, s: &str, id: u32| {
            assert_eq!(i.intern(s, dict), id, "{s:?}");
            assert_eq!(dict.get(id), s);
        };
        check(&mut i, &mut dict, "ana@x.com", 1);
        check(&mut i, &mut dict, "already@there.com", 0);
        check(&mut i, &mut dict, "ana@x.com", 1);
        check(&mut i, &mut dict, long, 2);
        check(&mut i, &mut dict, long, 2);
        check(&mut i, &mut dict, "", 3);
        let mut scratch = String::new();
        assert_eq!(i.intern_raw(b"ana@x.com", &mut dict, &mut scratch), 1);
        // A stray Latin-1 byte is read as Windows-1252, once.
        assert_eq!(i.intern_raw(b"espa\xF1a", &mut dict, &mut scratch), 4);
        assert_eq!(dict.get(4), "españa");
        assert_eq!(
            i.intern_raw("españa".as_bytes(), &mut dict, &mut scratch),
            4
        );
        let find = |b: &[u8]| i.find_hashed(Interner::hash(b), b, |id| dict.get(id).as_bytes());
        assert_eq!(find(b"ana@x.com"), Some(1));
        assert_eq!(find(b"bo@x.com"), None);
        // Long keys are kept too; a converted cell is not (its bytes are
        // not the dictionary's).
        assert_eq!(find(long.as_bytes()), Some(2));
        assert_eq!(find("españa".as_bytes()), Some(4));
        assert_eq!(find(b"espa\xF1a"), None);
    }

    #[test]
    fn keys_pack_into_words() {
        let check = |b: &[u8], w: [u64; 4]| assert_eq!(words(b), w, "{b:?}");
        check(b"", [0; 4]);
        check(b"a", [0x61_6161, 0, 0, 0]);
        check(b"ab", [0x62_6261, 0, 0, 0]);
        check(b"abc", [0x63_6261, 0, 0, 0]);
        check(b"abcd", [0x6463_6261_6463_6261, 0, 0, 0]);
        check(b"abcdefg", [0x6766_6564_6463_6261, 0, 0, 0]);
        check(
            b"abcdefgh",
            [0x6867_6665_6463_6261, 0x6867_6665_6463_6261, 0, 0],
        );
        check(
            b"abcdefghi",
            [0x6867_6665_6463_6261, 0x6968_6766_6564_6362, 0, 0],
        );
        check(
            b"0123456789abcdef",
            [
                0x3736_3534_3332_3130,
                0x6665_6463_6261_3938,
                0x3736_3534_3332_3130,
                0x6665_6463_6261_3938,
            ],
        );
        check(&[0xFF; 32], [u64::MAX; 4]);
        // 31 bytes: the last two words start at 15 and 23.
        let b: Vec<u8> = (0u8..31).collect();
        check(
            &b,
            [
                0x0706_0504_0302_0100,
                0x0F0E_0D0C_0B0A_0908,
                0x1615_1413_1211_100F,
                0x1E1D_1C1B_1A19_1817,
            ],
        );
        // Padding and repeats are told apart by the length.
        assert_ne!(key_hash(b"a"), key_hash(b"a\0"));
        assert_ne!(key_hash(b"a"), key_hash(b"aa"));
        assert_ne!(key_hash(b"aa"), key_hash(b"aaa"));
    }

    /// Keys that differ only in their last bytes (campaign names, numbered
    /// e-mails) must not share a first slot; 50 keys over 128 slots fill
    /// about 42 at random.
    #[test]
    fn keys_differing_at_the_end_spread() {
        let i = Interner {
            slots: vec![[EMPTY, 0]; 128],
            len: 0,
        };
        for pattern in ["Spring sale, wave {}", "customer.0000{}@example.com", "k{}"] {
            let starts: std::collections::HashSet<usize> = (10..60)
                .map(|n| {
                    i.start(tag(Interner::hash(
                        pattern.replace("{}", &n.to_string()).as_bytes(),
                    )))
                })
                .collect();
            assert!(
                starts.len() >= 30,
                "{pattern}: {} first slots",
                starts.len()
            );
        }
    }

    /// `same` against slice equality: every length up to past the inline
    /// limit, against a copy, a copy changed at each position, and every
    /// other length.
    #[test]
    fn same_is_byte_equality() {
        for n in 0..=INLINE + 8 {
            let a: Vec<u8> = (0..n).map(|i| (i * 37 + n) as u8).collect();
            assert!(same(&a, &a.clone()), "{n}");
            for i in 0..n {
                for flip in [1u8, 0x80, 0xFF] {
                    let mut b = a.clone();
                    b[i] ^= flip;
                    assert!(!same(&a, &b), "{n} at {i} ^ {flip}");
                }
            }
            for m in 0..=INLINE + 8 {
                let b: Vec<u8> = (0..m).map(|i| (i * 37 + n) as u8).collect();
                assert_eq!(same(&a, &b), a == b, "{n} against {m}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn same_agrees_with_slice_equality(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..48),
            b in proptest::collection::vec(0u8..3, 0..48),
        ) {
            proptest::prop_assert_eq!(same(&a, &b), a == b);
            proptest::prop_assert!(same(&a, &a));
        }
    }

    #[test]
    fn dict_bytes_are_the_dictionarys_strings() {
        let mut dict = Dict::new();
        let strings = [
            "",
            "a",
            "españa",
            "",
            "日本",
            "long enough to pass thirty-two bytes",
        ];
        for s in strings {
            dict.intern(s);
        }
        for id in 0..dict.len() as u32 {
            assert_eq!(dict_bytes(&dict, id), dict.get(id).as_bytes(), "{id}");
        }
    }

    #[test]
    fn interner_survives_growth() {
        let mut dict = Dict::new();
        let mut i = Interner::default();
        for n in 0..10_000u32 {
            assert_eq!(i.intern(&format!("k{n}@x"), &mut dict), n);
        }
        for n in (0..10_000u32).rev() {
            let s = format!("k{n}@x");
            let b = s.as_bytes();
            let text = |id| dict.get(id).as_bytes();
            assert_eq!(i.find_hashed(Interner::hash(b), b, text), Some(n));
            assert_eq!(i.intern(&s, &mut dict), n);
        }
        assert_eq!(dict.len(), 10_000);
    }

    /// Interns `values` in order both through `RecentIds` and straight,
    /// and compares every id.
    fn check_recent(values: &[Vec<u8>]) -> RecentIds {
        let (mut dict, mut straight) = (Dict::new(), Dict::new());
        let (mut interner, mut plain) = (Interner::default(), Interner::default());
        let mut recent = RecentIds::default();
        let mut scratch = String::new();
        for (n, v) in values.iter().enumerate() {
            let want = plain.intern_raw(v, &mut straight, &mut scratch);
            let got = recent.get_or(v, |b| interner.intern_raw(b, &mut dict, &mut scratch));
            assert_eq!(got, want, "value {n}: {v:?}");
        }
        recent
    }

    #[test]
    fn recent_ids_agree_with_the_interner_and_give_up_on_many_values() {
        let long = "an event type far longer than thirty-two bytes";
        let few = [
            "open", "click", "sent", "x1", "x2", "x3", "x4", "x5", "x6", long, "",
        ];
        let values: Vec<Vec<u8>> = (0..300)
            .flat_map(|_| few.iter().map(|s| s.as_bytes().to_vec()))
            .collect();
        let recent = check_recent(&values);
        assert!(!recent.off);
        // A few hundred campaigns whose names differ only at the end, and
        // a stray Latin-1 byte (its text is converted, its id the same).
        let values: Vec<Vec<u8>> = (0..20_000)
            .map(|n| format!("Spring sale, wave {:02}", n * 7919 % 50).into_bytes())
            .chain([
                b"espa\xF1a".to_vec(),
                "españa".as_bytes().to_vec(),
                b"espa\xF1a".to_vec(),
            ])
            .collect();
        let recent = check_recent(&values);
        assert!(!recent.off);
        assert!(recent.misses < 1_000, "{} misses", recent.misses);
        let values: Vec<Vec<u8>> = (0..20_000)
            .map(|n| format!("Spring sale, wave {:03}", n * 7919 % 400).into_bytes())
            .collect();
        check_recent(&values);
        // Values that never repeat: the table is given up.
        let values: Vec<Vec<u8>> = (0..5_000)
            .map(|n| format!("session-{n}").into_bytes())
            .collect();
        let recent = check_recent(&values);
        assert!(recent.off);
        assert_eq!(recent.misses, RecentIds::TRIAL);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn recent_ids_agree_with_the_interner(
            values in proptest::collection::vec(
                proptest::collection::vec(proptest::prop_oneof![
                    proptest::prelude::Just(b'a'),
                    proptest::prelude::Just(b'b'),
                    proptest::prelude::Just(0xF1u8),
                    proptest::prelude::any::<u8>(),
                ], 0..40),
                1..200,
            ),
            repeat in 1usize..4,
        ) {
            let values: Vec<Vec<u8>> = (0..repeat).flat_map(|_| values.iter().cloned()).collect();
            check_recent(&values);
        }
    }

    #[test]
    fn vocab_answers_once_per_value_past_the_linear_part() {
        let mut v: Vocab<usize> = Vocab::default();
        for round in 0..2 {
            for n in 0..40 {
                let s = format!("w{n}");
                let want = (n % 3 != 0).then_some(n);
                assert_eq!(
                    v.get(s.as_bytes(), &mut String::new(), |_| want),
                    want,
                    "{s} round {round}"
                );
            }
        }
        // Answers are cached: a different reader is not asked again.
        let mut scratch = String::new();
        assert_eq!(v.get(b"w1", &mut scratch, |_| None), Some(1));
        assert_eq!(v.get(b"w38", &mut scratch, |_| None), Some(38));
        assert_eq!(v.get(b"w39", &mut scratch, |_| Some(0)), None);
    }
}
