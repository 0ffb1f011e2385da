//! The identity partition of contact ids, with each distinct identifier
//! string normalised once: its normalised form's hash is kept in its
//! dictionary's memo ([`Dict::memo`]), so a later pass (another file, a
//! merge) only reads it. The contacts importer fills the memos as it
//! finishes a file ([`prepare`]); [`partition`] fills whatever is missing.
//!
//! Equal hashes are found by radix-sorting them; identifiers whose hashes
//! meet on two contact ids are compared normalised before they join
//! anything, so a hash collision never merges people.

use super::AliasIndex;
use crate::identity::{normalize_email, normalize_phone, PhoneCountry, UnionFind};
use crate::model::{Dataset, Dict, NONE};

/// Kinds, in a memo's low two bits; the high 62 bits are the hash of the
/// normalised identifier, 0 when the string is no identifier of that kind.
const EMAIL: u64 = 1;
const PHONE: u64 = 2;
const EXTERNAL: u64 = 3;
const KIND: u64 = 3;

/// How a string is read: a key, alias or record id by its shape (see
/// [`super::id_kinds`]), a column value as the column's kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    Id,
    Email,
    Phone,
}

/// Writes `raw`, normalised as `read` says, into `out` and returns its
/// kind, or `None` when it is no identifier.
///
/// An id starting with `+` is matched as an external id and as a phone
/// ([`super::id_kinds`]); as an external id it can only equal another `+`
/// id written the same way, which is then the same phone, so a valid
/// phone is read as the phone alone.
fn normalise(read: Read, raw: &str, country: &PhoneCountry, out: &mut String) -> Option<u64> {
    out.clear();
    let external = |out: &mut String| {
        out.clear();
        out.push_str(raw);
        (!raw.is_empty()).then_some(EXTERNAL)
    };
    match read {
        Read::Email => normalize_email(raw, out).ok().map(|()| EMAIL),
        Read::Phone => normalize_phone(raw, country, out).ok().map(|()| PHONE),
        Read::Id if raw.contains('@') => normalize_email(raw, out).ok().map(|()| EMAIL),
        Read::Id if raw.trim_start().starts_with('+') => match normalize_phone(raw, country, out) {
            Ok(()) => Some(PHONE),
            Err(_) => external(out),
        },
        Read::Id => external(out),
    }
}

/// The memo value of `raw` read as `read`.
fn value(read: Read, raw: &str, country: &PhoneCountry, out: &mut String) -> u64 {
    let Some(kind) = normalise(read, raw, country, out) else {
        return match read {
            Read::Email => EMAIL,
            Read::Phone => PHONE,
            Read::Id => EXTERNAL,
        };
    };
    // FxHash, then MurmurHash3's finaliser so every bit depends on every
    // byte (the sort takes the high bits, the kind takes the low ones).
    let mut x = crate::fx::hash_bytes(out.as_bytes()) ^ kind;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    let hash = (x << 2).max(1 << 2);
    hash | kind
}

/// Whether a memo value is an identifier.
fn is_id(v: u64) -> bool {
    v >> 2 != 0
}

/// The memo value of string `id` of `dict` read as `read`, computed and
/// kept when missing. The text dictionary is read as e-mail or phone by
/// column: a value in both columns (odd data) keeps its first reading and
/// has the other computed each time.
fn memo(dict: &mut Dict, id: u32, read: Read, cx: &mut Cx) -> u64 {
    let v = peek(dict, id, read, cx);
    if dict.memo(id) == 0 {
        dict.set_memo(id, v);
    }
    v
}

/// The memo value of string `id` of `dict`, as [`memo`] gives it, without
/// keeping what it computes.
fn peek(dict: &Dict, id: u32, read: Read, cx: &mut Cx) -> u64 {
    let m = dict.memo(id);
    let wanted = match read {
        Read::Id => m & KIND,
        Read::Email => EMAIL,
        Read::Phone => PHONE,
    };
    if m != 0 && m & KIND == wanted {
        return m;
    }
    value(read, dict.get(id), &cx.country, &mut cx.out)
}

struct Cx {
    country: PhoneCountry,
    out: String,
}

impl Cx {
    fn new(ds: &Dataset) -> Self {
        Cx {
            country: ds.key_country().phone(),
            out: String::new(),
        }
    }
}

/// A text id of a column at `row`, if it holds one.
fn text_id(col: &[u32], row: usize, text: &Dict) -> Option<u32> {
    col.get(row)
        .copied()
        .filter(|&t| t != NONE && (t as usize) < text.len())
}

/// Calls `sink(value, contact)` for every identifier of every contact id
/// (its key, aliases, shared identifiers, e-mail and phone, and those of
/// the records merged into it), filling missing memos. Each table is read
/// in its own order, so every memo is read sequentially. An e-mail equal
/// to its record's key is left out: it is the key.
fn gather(ds: &mut Dataset, sink: &mut impl FnMut(u64, u32)) {
    let n = ds.keys.len();
    let cx = &mut Cx::new(ds);
    let Dataset {
        keys,
        aliases,
        alias_of,
        text,
        contacts,
        records,
        shared_ids,
        ..
    } = ds;
    for c in 0..n as u32 {
        let key = memo(keys, c, Read::Id, cx);
        sink(key, c);
        let row = c as usize;
        if let Some(t) = text_id(&contacts.email, row, text) {
            // Mostly the key itself, already normalised as an e-mail.
            let email = if text.memo(t) == 0 && key & KIND == EMAIL && text.get(t) == keys.get(c) {
                text.set_memo(t, key);
                key
            } else {
                memo(text, t, Read::Email, cx)
            };
            if email != key {
                sink(email, c);
            }
        }
        if let Some(t) = text_id(&contacts.phone, row, text) {
            sink(memo(text, t, Read::Phone, cx), c);
        }
    }
    for (a, &c) in alias_of.iter().enumerate().take(aliases.len()) {
        if (c as usize) < n {
            sink(memo(aliases, a as u32, Read::Id, cx), c);
        }
    }
    for (&c, &id) in shared_ids.contact.iter().zip(&shared_ids.id) {
        if (c as usize) < n {
            sink(memo(&mut shared_ids.ids, id, Read::Id, cx), c);
        }
    }
    // Records merged earlier bring their identifiers back in, so a new file
    // can link anyone any of them named.
    let mut start = 0usize;
    for r in 0..records.person.len() {
        let c = records.person[r];
        let end = records.id_end.get(r).map_or(start, |&e| e as usize);
        let (ids, from) = (start..end, start);
        start = end;
        if c as usize >= n {
            continue;
        }
        let mut first = 0;
        for k in ids {
            let v = memo(&mut records.ids, records.id_list[k], Read::Id, cx);
            if k == from {
                first = v;
            }
            sink(v, c);
        }
        let t = &records.attributes;
        if let Some(e) = text_id(&t.email, r, text) {
            let email = memo(text, e, Read::Email, cx);
            if email != first {
                sink(email, c);
            }
        }
        if let Some(p) = text_id(&t.phone, r, text) {
            sink(memo(text, p, Read::Phone, cx), c);
        }
    }
}

/// Normalises every identifier of `ds` not normalised yet, so the next
/// [`super::unify`] only reads hashes. The contacts importer calls it as it
/// finishes a file.
pub fn prepare(ds: &mut Dataset) {
    gather(ds, &mut |_, _| {});
}

/// Person per contact id, numbered by first contact id, and the number of
/// people: contact ids sharing any normalised identifier, transitively,
/// are one.
///
/// Every identifier becomes one `u64`: the high half of its hash, then
/// its contact id. Sorted by their top bits, identifiers that may be equal
/// sit together; entries of equal hash halves from two contact ids
/// (identifiers shared, or a collision) are settled by [`link`].
pub(super) fn partition(ds: &mut Dataset) -> (Vec<u32>, usize) {
    let n = ds.keys.len();
    let mut packed = Vec::with_capacity(n * 3);
    gather(ds, &mut |v, c| {
        if is_id(v) {
            packed.push((v >> 32) << 32 | u64::from(c));
        }
    });
    let sorted = sort_by_top_bits(packed);
    let mut uf = UnionFind::new(n);
    let mut cx = Cx::new(ds);
    let mut index = None;
    let mut i = 0;
    while i < sorted.len() {
        let top = sorted[i] >> TOP;
        let mut j = i + 1;
        while j < sorted.len() && sorted[j] >> TOP == top {
            j += 1;
        }
        // A run is short (one entry, mostly): look for two contact ids
        // with equal hash halves.
        let run = &sorted[i..j];
        i = j;
        if run.len() == 1 {
            continue;
        }
        for (k, &a) in run.iter().enumerate() {
            let high = a >> 32;
            let first = !run[..k].iter().any(|&b| b >> 32 == high);
            let meets = run[k + 1..]
                .iter()
                .any(|&b| b >> 32 == high && b as u32 != a as u32);
            if first && meets {
                let index = index.get_or_insert_with(|| Index::new(ds));
                let same: Vec<u64> = run.iter().copied().filter(|&b| b >> 32 == high).collect();
                link(ds, index, &same, &mut uf, &mut cx);
            }
        }
    }
    uf.numbered()
}

/// Sorts by the top 24 bits in three stable LSD passes of 8 bits: 256
/// buckets keep the scatter within the cache and the TLB (4,096 and
/// 65,536 buckets measured slower on a million records). Equal top bits
/// are all the scan needs: identifiers that may be equal sit together,
/// with others only where the top bits collide.
fn sort_by_top_bits(mut keys: Vec<u64>) -> Vec<u64> {
    if keys.len() < 1 << 12 {
        keys.sort_unstable_by_key(|k| k >> TOP);
        return keys;
    }
    let mut tmp = vec![0u64; keys.len()];
    for shift in [TOP, TOP + 8, TOP + 16] {
        let mut counts = [0u32; 256];
        for &k in &keys {
            counts[((k >> shift) & 255) as usize] += 1;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = sum;
            sum += here;
        }
        for &k in &keys {
            let d = ((k >> shift) & 255) as usize;
            tmp[counts[d] as usize] = k;
            counts[d] += 1;
        }
        std::mem::swap(&mut keys, &mut tmp);
    }
    keys
}

/// The shift that leaves a packed entry's top 24 bits.
const TOP: u32 = 40;

/// Each contact id's aliases and shared identifiers, for [`link`].
struct Index {
    aliases: AliasIndex,
    shared: AliasIndex,
}

impl Index {
    fn new(ds: &Dataset) -> Self {
        Index {
            aliases: AliasIndex::new(ds),
            shared: AliasIndex::by_owner(&ds.shared_ids.contact, ds.keys.len()),
        }
    }
}

/// Calls `f(value, read, raw)` for every identifier of contact `c` (those
/// [`gather`] gives it).
fn each_id_of<'a>(
    ds: &'a Dataset,
    index: &Index,
    c: u32,
    cx: &mut Cx,
    f: &mut impl FnMut(u64, Read, &'a str),
) {
    let mut column = |col: &[u32], row: usize, read: Read, cx: &mut Cx| {
        if let Some(t) = text_id(col, row, &ds.text) {
            f(peek(&ds.text, t, read, cx), read, ds.text.get(t));
        }
    };
    column(&ds.contacts.email, c as usize, Read::Email, cx);
    column(&ds.contacts.phone, c as usize, Read::Phone, cx);
    for r in ds.records.range_of(c) {
        column(&ds.records.attributes.email, r, Read::Email, cx);
        column(&ds.records.attributes.phone, r, Read::Phone, cx);
    }
    let mut id = |dict: &'a Dict, i: u32, cx: &mut Cx| {
        f(peek(dict, i, Read::Id, cx), Read::Id, dict.get(i));
    };
    id(&ds.keys, c, cx);
    for &a in index.aliases.of(c) {
        id(&ds.aliases, a, cx);
    }
    let sh = &ds.shared_ids;
    for &e in index.shared.of(c) {
        id(&sh.ids, sh.id[e as usize], cx);
    }
    let recs = &ds.records;
    for r in recs.range_of(c) {
        let start = if r == 0 {
            0
        } else {
            recs.id_end[r - 1] as usize
        };
        for &i in &recs.id_list[start..recs.id_end[r] as usize] {
            id(&recs.ids, i, cx);
        }
    }
}

/// Joins the contact ids of a run (entries with equal high hash halves)
/// that hold the same identifier: equal full hashes, then equal normalised
/// strings, so neither a collision of the halves nor one of the full hashes
/// joins anyone.
fn link(ds: &Dataset, index: &Index, run: &[u64], uf: &mut UnionFind, cx: &mut Cx) {
    let high = run[0] >> 32;
    let mut contacts: Vec<u32> = run.iter().map(|&p| p as u32).collect();
    contacts.sort_unstable();
    contacts.dedup();
    let root = uf.find(contacts[0]);
    if contacts.iter().all(|&c| uf.find(c) == root) {
        return;
    }
    let mut found: Vec<(u64, u32, Read, &str)> = Vec::new();
    for &c in &contacts {
        each_id_of(ds, index, c, cx, &mut |v, read, raw| {
            if is_id(v) && v >> 32 == high {
                found.push((v, c, read, raw));
            }
        });
    }
    found.sort_by_key(|&(v, c, _, _)| (v, c));
    let mut forms: Vec<(String, u32)> = Vec::new();
    for group in found.chunk_by(|a, b| a.0 == b.0) {
        if group.iter().all(|g| g.1 == group[0].1) {
            continue;
        }
        forms.clear();
        for &(_, c, read, raw) in group {
            if normalise(read, raw, &cx.country, &mut cx.out).is_none() {
                continue;
            }
            match forms.iter().find(|(s, _)| *s == cx.out) {
                Some(&(_, holder)) => uf.union(c, holder),
                None => forms.push((cx.out.clone(), c)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind and normalised form a string has, read as `read`.
    fn check(read: Read, raw: &str, expected: Option<(u64, &str)>) {
        let country = PhoneCountry::default();
        let mut out = String::new();
        let got = normalise(read, raw, &country, &mut out).map(|k| (k, out.as_str()));
        assert_eq!(got, expected, "{raw:?}");
        let v = value(read, raw, &country, &mut out);
        assert_eq!(is_id(v), expected.is_some(), "{raw:?}");
        assert_ne!(v, 0, "a computed memo is never 0");
    }

    #[test]
    fn identifiers_normalise_by_how_they_are_read() {
        check(Read::Id, "C1", Some((EXTERNAL, "C1")));
        check(Read::Id, " A@X.com", Some((EMAIL, "a@x.com")));
        check(Read::Id, "bad@x", None);
        check(Read::Id, "+34 600 111 222", Some((PHONE, "+34600111222")));
        check(Read::Id, "+1", Some((EXTERNAL, "+1")));
        check(Read::Id, "600111222", Some((EXTERNAL, "600111222")));
        check(Read::Id, "", None);
        check(Read::Email, "A@x.com ", Some((EMAIL, "a@x.com")));
        check(Read::Email, "C1", None);
        check(Read::Phone, "600 111 222", Some((PHONE, "+34600111222")));
        check(Read::Phone, "12", None);
    }

    #[test]
    fn kinds_never_meet() {
        let country = PhoneCountry::default();
        let mut out = String::new();
        let email = value(Read::Email, "a@x.com", &country, &mut out);
        let id = value(Read::Id, "a@x.com", &country, &mut out);
        let phone = value(Read::Phone, "+34600111222", &country, &mut out);
        let plus = value(Read::Id, "+34600111222", &country, &mut out);
        assert_eq!((email, phone), (id, plus));
        assert_ne!(email & KIND, phone & KIND);
    }

    #[test]
    fn equal_hashes_of_different_identifiers_join_nothing() {
        let mut ds = Dataset::default();
        for key in ["a@x.com", "b@x.com", "A@x.com", "c@x.com"] {
            ds.contact_id(key);
        }
        // Pretend the first three hashed alike, and the fourth alike in
        // its high half: only the two spellings of a@x.com are one.
        for c in 0..3 {
            ds.keys.set_memo(c, 0x1234_5678_0000_0100 | EMAIL);
        }
        ds.keys.set_memo(3, 0x1234_5678_0000_0200 | EMAIL);
        assert_eq!(partition(&mut ds), (vec![0, 1, 0, 2], 3));
    }

    /// The partition as identity reconciliation finds it from the strings
    /// (what `unify` did before the memos), for comparison.
    fn by_strings(ds: &Dataset) -> (Vec<u32>, usize) {
        use crate::identity::{partition, KeyKind};
        use crate::people::{id_kinds, text_of};
        let mut ids: Vec<(u32, KeyKind, &str)> = Vec::new();
        let aliases = AliasIndex::new(ds);
        for c in 0..ds.keys.len() as u32 {
            let own = aliases.of(c).iter().map(|&a| ds.aliases.get(a));
            let shared = ds
                .shared_ids
                .iter()
                .filter(|&(o, _)| o == c)
                .map(|(_, s)| s);
            for id in std::iter::once(ds.keys.get(c)).chain(own).chain(shared) {
                for &kind in id_kinds(id) {
                    ids.push((c, kind, id));
                }
            }
            if let Some(e) = text_of(ds, &ds.contacts.email, c as usize) {
                ids.push((c, KeyKind::Email, e));
            }
            if let Some(p) = text_of(ds, &ds.contacts.phone, c as usize) {
                ids.push((c, KeyKind::Phone, p));
            }
        }
        partition(ds.keys.len(), ids, &crate::people::config(ds))
    }

    const POOL: [&str; 12] = [
        "C1",
        "C2",
        "a@x.com",
        "A@X.com",
        "bad@x",
        "+34 600 111 222",
        "600111222",
        "+34600111222",
        "+1",
        "611000111",
        " ",
        "12",
    ];

    proptest::proptest! {
        #[test]
        fn memo_partition_is_the_string_partition(
            rows in proptest::collection::vec((0usize..12, 0usize..12, 0usize..12, 0usize..12), 1..20),
            warm in proptest::bool::ANY,
        ) {
            let mut ds = Dataset::default();
            for (i, &(alias, email, phone, shared)) in rows.iter().enumerate() {
                let c = ds.contact_id(&format!("K{i}"));
                ds.bind_id(POOL[alias], c);
                ds.contacts.email[c as usize] = ds.text.intern(POOL[email]);
                ds.contacts.phone[c as usize] = ds.text.intern(POOL[phone]);
                if shared % 3 == 0 {
                    ds.bind_id(POOL[shared], c);
                }
            }
            let expected = by_strings(&ds);
            if warm {
                prepare(&mut ds);
            }
            proptest::prop_assert_eq!(partition(&mut ds), expected);
        }
    }

    #[test]
    fn a_large_data_set_partitions_as_the_strings_do() {
        // Enough identifiers for the radix sort; every seventh contact has
        // an earlier one's phone, written nationally and spaced.
        let mut ds = Dataset::default();
        for i in 0..3000u32 {
            let c = ds.contact_id(&format!("p{i}@example.com")) as usize;
            ds.bind_id(&format!("C{i}"), c as u32);
            let phone = if i % 7 == 6 {
                let n = format!("6{:08}", i / 3);
                format!("{} {} {}", &n[..3], &n[3..6], &n[6..])
            } else {
                format!("+346{i:08}")
            };
            ds.contacts.phone[c] = ds.text.intern(&phone);
        }
        let expected = by_strings(&ds);
        assert!(expected.1 < 3000 && expected.1 > 2500, "{}", expected.1);
        assert_eq!(partition(&mut ds), expected);
    }

    #[test]
    fn memos_are_kept_and_read_back() {
        let mut ds = Dataset::default();
        let c = ds.contact_id("a@x.com") as usize;
        ds.contacts.phone[c] = ds.text.intern("600 111 222");
        assert_eq!(ds.keys.memo(0), 0);
        prepare(&mut ds);
        let country = PhoneCountry::default();
        let mut out = String::new();
        assert_eq!(
            ds.keys.memo(0),
            value(Read::Id, "a@x.com", &country, &mut out)
        );
        let t = ds.contacts.phone[c];
        assert_eq!(
            ds.text.memo(t),
            value(Read::Phone, "600111222", &country, &mut out)
        );
    }
}
