//! The identity partition of contact ids, with each distinct identifier
//! string normalised once: its normalised form's hash is kept in its
//! dictionary's memo ([`Dict::memo`]), so a later pass (another file, a
//! merge) only reads it. The contacts importer fills the memos as it
//! finishes a file ([`prepare`]); [`partition`] fills whatever is missing.
//!
//! Equal hashes are found by radix-sorting them; identifiers whose hashes
//! meet on two contact ids are compared normalised before they join
//! anything, so a hash collision never merges people.

use super::{config, AliasIndex};
use crate::identity::{normalize_email, normalize_phone, radix_sort, PhoneCountry, UnionFind};
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

/// Where an entry's identifier lies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Src {
    Key,
    Alias,
    Shared,
    TextEmail,
    TextPhone,
    RecordId,
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
    let m = dict.memo(id);
    let wanted = match read {
        Read::Id => m & KIND,
        Read::Email => EMAIL,
        Read::Phone => PHONE,
    };
    if m != 0 && m & KIND == wanted {
        return m;
    }
    let v = value(read, dict.get(id), &cx.country, &mut cx.out);
    if m == 0 {
        dict.set_memo(id, v);
    }
    v
}

struct Cx {
    country: PhoneCountry,
    out: String,
}

/// Calls `sink(value, contact, src, id)` for every identifier of every
/// contact id (its key, aliases, shared identifiers, e-mail and phone, and
/// those of the records merged into it), filling missing memos. An e-mail
/// equal to its record's key is left out: it is the key.
fn gather(
    ds: &mut Dataset,
    aliases: &AliasIndex,
    shared: &AliasIndex,
    sink: &mut impl FnMut(u64, u32, Src, u32),
) {
    let n = ds.keys.len();
    let cx = &mut Cx {
        country: config().default_country,
        out: String::new(),
    };
    let Dataset {
        keys,
        aliases: alias_dict,
        text,
        contacts,
        records,
        shared_ids,
        ..
    } = ds;
    let text_len = text.len();
    let column =
        |col: &[u32], row: usize, read: Read, text: &mut Dict, cx: &mut Cx| match col.get(row) {
            Some(&t) if t != NONE && (t as usize) < text_len => memo(text, t, read, cx),
            _ => 0,
        };
    let mut r = 0usize;
    for c in 0..n as u32 {
        let key = memo(keys, c, Read::Id, cx);
        sink(key, c, Src::Key, c);
        for &a in aliases.of(c) {
            sink(memo(alias_dict, a, Read::Id, cx), c, Src::Alias, a);
        }
        for &e in shared.of(c) {
            let id = shared_ids.id[e as usize];
            sink(
                memo(&mut shared_ids.ids, id, Read::Id, cx),
                c,
                Src::Shared,
                id,
            );
        }
        let row = c as usize;
        let email = column(&contacts.email, row, Read::Email, text, cx);
        if email != key {
            sink(email, c, Src::TextEmail, contacts.email[row]);
        }
        let phone = column(&contacts.phone, row, Read::Phone, text, cx);
        sink(
            phone,
            c,
            Src::TextPhone,
            contacts.phone.get(row).copied().unwrap_or(NONE),
        );
        // Records merged earlier bring their identifiers back in, so a new
        // file can link anyone any of them named.
        while r < records.person.len() && records.person[r] <= c {
            if records.person[r] == c {
                let start = if r == 0 {
                    0
                } else {
                    records.id_end[r - 1] as usize
                };
                let end = records.id_end.get(r).map_or(start, |&e| e as usize);
                let mut first = 0;
                for k in start..end {
                    let id = records.id_list[k];
                    let v = memo(&mut records.ids, id, Read::Id, cx);
                    if k == start {
                        first = v;
                    }
                    sink(v, c, Src::RecordId, id);
                }
                let t = &records.attributes;
                let email = column(&t.email, r, Read::Email, text, cx);
                if email != first {
                    sink(email, c, Src::TextEmail, t.email[r]);
                }
                let phone = column(&t.phone, r, Read::Phone, text, cx);
                sink(
                    phone,
                    c,
                    Src::TextPhone,
                    t.phone.get(r).copied().unwrap_or(NONE),
                );
            }
            r += 1;
        }
    }
}

/// Normalises every identifier of `ds` not normalised yet, so the next
/// [`super::unify`] only reads hashes. The contacts importer calls it as it
/// finishes a file.
pub fn prepare(ds: &mut Dataset) {
    let n = ds.keys.len();
    let aliases = AliasIndex::new(ds);
    let shared = AliasIndex::by_owner(&ds.shared_ids.contact, n);
    gather(ds, &aliases, &shared, &mut |_, _, _, _| {});
}

/// Identifiers found, one entry each.
#[derive(Default)]
struct Entries {
    /// High half of the value, then the entry index: what is sorted.
    sort: Vec<u64>,
    /// Low half of the value.
    lo: Vec<u32>,
    contact: Vec<u32>,
    src: Vec<Src>,
    id: Vec<u32>,
}

/// Person per contact id, numbered by first contact id, and the number of
/// people: contact ids sharing any normalised identifier, transitively,
/// are one.
pub(super) fn partition(
    ds: &mut Dataset,
    aliases: &AliasIndex,
    shared: &AliasIndex,
) -> (Vec<u32>, usize) {
    let n = ds.keys.len();
    let mut en = Entries::default();
    let cap = n * 3;
    en.sort.reserve(cap);
    en.lo.reserve(cap);
    en.contact.reserve(cap);
    en.src.reserve(cap);
    en.id.reserve(cap);
    gather(ds, aliases, shared, &mut |v, c, src, id| {
        if is_id(v) {
            en.sort.push((v >> 32) << 32 | en.contact.len() as u64);
            en.lo.push(v as u32);
            en.contact.push(c);
            en.src.push(src);
            en.id.push(id);
        }
    });
    let sorted = radix_sort(std::mem::take(&mut en.sort));
    let mut uf = UnionFind::new(n);
    let mut cx = Cx {
        country: config().default_country,
        out: String::new(),
    };
    let mut i = 0;
    while i < sorted.len() {
        let high = sorted[i] >> 32;
        let mut j = i + 1;
        while j < sorted.len() && sorted[j] >> 32 == high {
            j += 1;
        }
        if j - i > 1 {
            link(ds, &en, &sorted[i..j], &mut uf, &mut cx);
        }
        i = j;
    }
    let mut person_of_root = vec![NONE; n];
    let mut people = 0u32;
    let person_of = (0..n as u32)
        .map(|c| {
            let root = uf.find(c) as usize;
            if person_of_root[root] == NONE {
                person_of_root[root] = people;
                people += 1;
            }
            person_of_root[root]
        })
        .collect();
    (person_of, people as usize)
}

/// Joins the contact ids of a run of entries with equal high hash halves
/// that hold the same identifier: equal full hashes, then equal
/// normalised strings (compared only where two contact ids meet).
fn link(ds: &Dataset, en: &Entries, run: &[u64], uf: &mut UnionFind, cx: &mut Cx) {
    let full = |packed: u64| {
        let e = packed as u32 as usize;
        (packed >> 32) << 32 | u64::from(en.lo[e])
    };
    let mut group: Vec<usize> = Vec::new();
    let mut done = vec![false; run.len()];
    for a in 0..run.len() {
        if done[a] {
            continue;
        }
        let v = full(run[a]);
        group.clear();
        for (b, &p) in run.iter().enumerate().skip(a) {
            if !done[b] && full(p) == v {
                done[b] = true;
                group.push(p as u32 as usize);
            }
        }
        let first = en.contact[group[0]];
        if group.iter().all(|&e| en.contact[e] == first) {
            continue;
        }
        // Normalised forms, each with the first contact id holding it.
        let mut forms: Vec<(String, u32)> = Vec::new();
        for &e in &group {
            let (read, raw) = raw_of(ds, en.src[e], en.id[e]);
            if normalise(read, raw, &cx.country, &mut cx.out).is_none() {
                continue;
            }
            let c = en.contact[e];
            match forms.iter().find(|(s, _)| *s == cx.out) {
                Some(&(_, holder)) => uf.union(c, holder),
                None => forms.push((cx.out.clone(), c)),
            }
        }
    }
}

/// The string an entry stands for and how it is read.
fn raw_of(ds: &Dataset, src: Src, id: u32) -> (Read, &str) {
    match src {
        Src::Key => (Read::Id, ds.keys.get(id)),
        Src::Alias => (Read::Id, ds.aliases.get(id)),
        Src::Shared => (Read::Id, ds.shared_ids.ids.get(id)),
        Src::RecordId => (Read::Id, ds.records.ids.get(id)),
        Src::TextEmail => (Read::Email, ds.text.get(id)),
        Src::TextPhone => (Read::Phone, ds.text.get(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind and normalised form a string has, read as `read`.
    fn check(read: Read, raw: &str, expected: Option<(u64, &str)>) {
        let country = config().default_country;
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
        let country = config().default_country;
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
        for key in ["a@x.com", "b@x.com", "A@x.com"] {
            ds.contact_id(key);
        }
        // Pretend all three hashed alike: only the two spellings of a@x.com
        // are one identifier.
        let en = Entries {
            sort: Vec::new(),
            lo: vec![7; 3],
            contact: vec![0, 1, 2],
            src: vec![Src::Key; 3],
            id: vec![0, 1, 2],
        };
        let run: Vec<u64> = (0..3).map(|e| 5 << 32 | e).collect();
        let mut uf = UnionFind::new(3);
        let mut cx = Cx {
            country: config().default_country,
            out: String::new(),
        };
        link(&ds, &en, &run, &mut uf, &mut cx);
        assert_eq!(uf.find(0), uf.find(2));
        assert_ne!(uf.find(0), uf.find(1));
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
        partition(ds.keys.len(), ids, &config())
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
            let n = ds.keys.len();
            let aliases = AliasIndex::new(&ds);
            let shared = AliasIndex::by_owner(&ds.shared_ids.contact, n);
            proptest::prop_assert_eq!(partition(&mut ds, &aliases, &shared), expected);
        }
    }

    #[test]
    fn memos_are_kept_and_read_back() {
        let mut ds = Dataset::default();
        let c = ds.contact_id("a@x.com") as usize;
        ds.contacts.phone[c] = ds.text.intern("600 111 222");
        assert_eq!(ds.keys.memo(0), 0);
        prepare(&mut ds);
        let country = config().default_country;
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
