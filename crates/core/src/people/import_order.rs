//! The importer joins no records by identifier (only rows of one key are
//! one record); [`unify`] does, over every record at once. So the people
//! that files make, and the events each person has, do not depend on the
//! order of the rows or of the files.

use super::*;
use crate::identity::{normalize_email, normalize_phone};
use crate::import::{import_bytes, ImportOptions, TableKind};
use proptest::prelude::*;

/// One CSV file and what it holds.
type File = (TableKind, String);

/// Imports `files` in order as the loaders do (then [`unify`]) and
/// describes the people: each as its normalised identifiers, sorted
/// (`e:` e-mail, `p:` E.164 phone, `x:` external id), and its event count;
/// people sorted, `|` between them.
fn people_of(files: &[File]) -> String {
    let mut ds = Dataset::default();
    for (kind, csv) in files {
        let opts = ImportOptions {
            kind: Some(*kind),
            ..ImportOptions::default()
        };
        let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
        assert_eq!(report.errors, [], "{csv}");
    }
    let report = unify(&mut ds);
    assert_eq!(report.people, ds.contact_count());
    assert!(ds.shared_ids.is_empty());
    let country = crate::identity::PhoneCountry::default();
    let mut people: Vec<(Vec<String>, usize)> = vec![(Vec::new(), 0); ds.contact_count()];
    for (p, rec) in all_person_records(&ds, false) {
        let ids = &mut people[p as usize].0;
        let mut out = String::new();
        for e in &rec.emails {
            out.clear();
            if normalize_email(e, &mut out).is_ok() {
                ids.push(format!("e:{out}"));
            }
        }
        for ph in &rec.phones {
            out.clear();
            if normalize_phone(ph, &country, &mut out).is_ok() {
                ids.push(format!("p:{out}"));
            }
        }
        for x in &rec.external_ids {
            // A `+` identifier is matched as a phone too (`id_kinds`), and
            // as an external id it can only equal another `+` string,
            // which is then the same phone: it counts as the phone.
            out.clear();
            if x.starts_with('+') && normalize_phone(x, &country, &mut out).is_ok() {
                ids.push(format!("p:{out}"));
            } else {
                ids.push(format!("x:{x}"));
            }
        }
    }
    for &c in &ds.events.contact {
        people[c as usize].1 += 1;
    }
    let mut shown: Vec<String> = people
        .into_iter()
        .map(|(mut ids, events)| {
            ids.sort();
            ids.dedup();
            format!("{} ({events})", ids.join(" "))
        })
        .collect();
    shown.sort();
    shown.join(" | ")
}

/// A contacts file of `rows` (`contact_id,email,phone` each).
fn contacts_file(rows: &[&str]) -> File {
    let mut csv = String::from("contact_id,email,phone\n");
    for r in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    (TableKind::Contacts, csv)
}

/// Whether an event key is a phone: international, or national written
/// with spaces or brackets (ids and e-mails have neither).
fn is_phone(k: &str) -> bool {
    !k.contains('@') && (k.starts_with('+') || k.contains([' ', '(']))
}

/// One event per key, in three files: keys with `@` by e-mail, phones
/// ([`is_phone`]) by phone, the others by contact id; and one file with
/// all three columns for the keys written `id,email,phone`.
fn event_files(keys: &[&str]) -> Vec<File> {
    let mut files = Vec::new();
    for (column, of) in [
        (
            "email",
            (|k: &str| k.contains('@') && !k.contains(',')) as fn(&str) -> bool,
        ),
        ("phone", |k: &str| is_phone(k) && !k.contains(',')),
        ("contact_id", |k: &str| {
            !k.contains('@') && !is_phone(k) && !k.contains(',')
        }),
        ("contact_id,email,phone", |k: &str| k.contains(',')),
    ] {
        let mut csv = format!("{column},timestamp,event_type\n");
        let mut any = false;
        for k in keys.iter().filter(|k| of(k)) {
            csv.push_str(&format!("{k},2025-01-01,sent\n"));
            any = true;
        }
        if any {
            files.push((TableKind::Events, csv));
        }
    }
    files
}

/// Every order of `items`.
fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

/// The people of contacts `rows` (`;` between rows) and one event per key
/// of `events` (`;` between keys, see [`event_files`]), loaded in every
/// order of the rows, with the contacts file before and after the event
/// files.
fn check(rows: &str, events: &str, expected: &str) {
    let rows: Vec<&str> = rows.split(';').collect();
    let keys: Vec<&str> = events.split(';').filter(|k| !k.is_empty()).collect();
    for order in permutations(&rows) {
        let contacts = contacts_file(&order);
        let mut first = vec![contacts.clone()];
        first.extend(event_files(&keys));
        let mut last = event_files(&keys);
        last.push(contacts);
        for files in [first, last] {
            assert_eq!(people_of(&files), expected, "rows {order:?}");
        }
    }
}

#[test]
fn three_records_linked_two_by_two_are_one_person_in_every_order() {
    // A and C share the e-mail, B and C the phone: one person, whichever
    // row comes first (A: a + id 1, B: id 2 + p, C: a + p).
    check(
        "1,a@x.com,;2,,600111222;,a@x.com,600111222",
        "1;2;a@x.com;+34600111222",
        "e:a@x.com p:+34600111222 x:1 x:2 (4)",
    );
    // Written differently: an upper-case e-mail, a spaced national phone.
    check(
        "1,a@x.com,;2,,600 111 222;,A@x.com,+34600111222",
        "2;A@X.COM",
        "e:a@x.com p:+34600111222 x:1 x:2 (2)",
    );
    // Without C nothing links A and B.
    check(
        "1,a@x.com,;2,,600111222",
        "1;2",
        "e:a@x.com x:1 (1) | p:+34600111222 x:2 (1)",
    );
}

#[test]
fn an_identifier_two_records_hold_joins_them() {
    // One contact id beside two e-mails: one person.
    check(
        "1,a@x.com,;1,b@x.com,",
        "1;a@x.com;b@x.com",
        "e:a@x.com e:b@x.com x:1 (3)",
    );
    // A record keyed by the id, another naming it beside an e-mail.
    check("1,,;1,a@x.com,", "1", "e:a@x.com x:1 (1)");
    // Rows of one key with two phones keep both: a third record with the
    // first phone only joins too, and one with a bad phone stays apart.
    check(
        ",a@x.com,600111222;,a@x.com,611000111;3,,+34 600 111 222;4,,12",
        "a@x.com;3;4",
        "e:a@x.com p:+34600111222 p:+34611000111 x:3 (2) | x:4 (1)",
    );
    // Events keyed by something no record holds are a person of their own.
    check("1,a@x.com,", "1;zz", "e:a@x.com x:1 (1) | x:zz (1)");
    // The same row twice is one record.
    check(
        "1,a@x.com,600111222;1,a@x.com,600111222",
        "1",
        "e:a@x.com p:+34600111222 x:1 (1)",
    );
}

#[test]
fn events_keyed_by_a_national_phone_meet_the_contact_with_it() {
    // Read in E.164 with the default country (Spain), as the phones of
    // contacts are.
    check(
        "1,a@x.com,+34612345678",
        "612 345 678",
        "e:a@x.com p:+34612345678 x:1 (1)",
    );
    check(
        "1,a@x.com,612345678",
        "(612) 345-678",
        "e:a@x.com p:+34612345678 x:1 (1)",
    );
    // A record keyed by its phone is keyed in E.164 too.
    check(",,612 345 678", "+34 612 345 678", "p:+34612345678 (1)");
    // No phone number: an identifier of its own.
    check("1,a@x.com,", "12 34", "e:a@x.com x:1 (0) | x:12 34 (1)");
}

#[test]
fn events_find_contacts_by_every_identifier_of_the_row() {
    // The contact id names the record; the row's e-mail is one more of it.
    check(
        "1,a@x.com,;2,b@x.com,",
        "2,c@x.com,",
        "e:a@x.com x:1 (0) | e:b@x.com e:c@x.com x:2 (1)",
    );
    // An unknown id beside a known e-mail.
    check("1,a@x.com,", "9,a@x.com,", "e:a@x.com x:1 x:9 (1)");
    // An unknown e-mail beside a known phone, written nationally.
    check(
        "1,,600111222",
        ",zz@x.com,600 111 222",
        "e:zz@x.com p:+34600111222 x:1 (1)",
    );
    // A row naming two people's identifiers joins them.
    check(
        "1,a@x.com,;2,b@x.com,",
        "1,b@x.com,",
        "e:a@x.com e:b@x.com x:1 x:2 (1)",
    );
    // Rows nobody else names make their own people.
    check(
        "3,c@x.com,",
        "7,q@x.com,;,q@x.com,611 000 111;,,612345678",
        "e:c@x.com x:3 (0) | e:q@x.com p:+34611000111 x:7 (2) | p:+34612345678 (1)",
    );
}

/// Contact rows from small pools, so identifiers collide; no row is empty.
fn arb_rows() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    prop::collection::vec((0u8..4, 0u8..4, 0u8..5), 1..12).prop_map(|rows| {
        rows.into_iter()
            .filter(|&(i, e, p)| i + e + p > 0)
            .collect()
    })
}

const IDS: [&str; 4] = ["", "1", "2", "3"];
const EMAILS: [&str; 4] = ["", "a@x.com", "A@x.com", "b@x.com"];
const PHONES: [&str; 5] = ["", "600111222", "+34 600 111 222", "611000111", "12"];
const EVENT_KEYS: [&str; 9] = [
    "1",
    "3",
    "a@x.com",
    "B@x.com",
    "+34600111222",
    "+34611000111",
    "zz",
    "600 111 222",
    "(611) 000-111",
];

fn row((i, e, p): (u8, u8, u8)) -> String {
    format!(
        "{},{},{}",
        IDS[i as usize], EMAILS[e as usize], PHONES[p as usize]
    )
}

/// A deterministic shuffle of `items` by `seed`.
fn shuffled<T>(mut items: Vec<T>, seed: u64) -> Vec<T> {
    let mut x = seed | 1;
    for i in (1..items.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        items.swap(i, (x % (i as u64 + 1)) as usize);
    }
    items
}

/// The rows in two contacts files (cut at `cut`) and the events in their
/// files (keyed by `events`, or by all three identifiers of `multi`),
/// every list in the order `seed` gives.
fn files(
    rows: &[(u8, u8, u8)],
    events: &[u8],
    multi: &[(u8, u8, u8)],
    cut: usize,
    seed: u64,
) -> Vec<File> {
    let rows: Vec<String> = shuffled(rows.iter().map(|&r| row(r)).collect(), seed);
    let cut = cut.min(rows.len());
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let multi: Vec<String> = multi.iter().map(|&r| row(r)).collect();
    let keys: Vec<&str> = events
        .iter()
        .map(|&k| EVENT_KEYS[k as usize])
        .chain(multi.iter().map(String::as_str))
        .collect();
    let keys = shuffled(keys, seed.rotate_left(17));
    let mut all = vec![contacts_file(&refs[..cut]), contacts_file(&refs[cut..])];
    all.extend(event_files(&keys));
    shuffled(all, seed.rotate_left(31))
}

proptest! {
    #[test]
    fn row_and_file_order_do_not_change_the_people(
        rows in arb_rows(),
        events in prop::collection::vec(0u8..9, 0..10),
        multi in arb_rows().prop_map(|r| r.into_iter().take(4).collect::<Vec<_>>()),
        cut in 0usize..12,
        a in any::<u64>(),
        b in any::<u64>(),
    ) {
        prop_assert_eq!(
            people_of(&files(&rows, &events, &multi, cut, a)),
            people_of(&files(&rows, &events, &multi, cut, b))
        );
    }
}
