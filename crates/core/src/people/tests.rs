use super::*;
use crate::import::{import_bytes, ImportOptions, TableKind};
use crate::model::{Channel, Dataset, EventKind, EventRow};
use proptest::prelude::*;

const HEADER: &str = "contact_id,email,phone,name,city,created_at\n";

/// A contacts file of `rows` (`;`-separated lines under [`HEADER`]) and
/// one event per contact id, imported the way every loader does.
fn dataset(rows: &str) -> Dataset {
    let mut ds = Dataset::default();
    let csv = format!("{HEADER}{}\n", rows.replace(';', "\n"));
    let opts = ImportOptions {
        kind: Some(TableKind::Contacts),
        ..ImportOptions::default()
    };
    let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
    assert_eq!(report.errors, [], "{rows}");
    for id in ids(rows) {
        ds.push_event(&EventRow::new(id, 1, Channel::Email, EventKind::Sent));
    }
    ds
}

fn ids(rows: &str) -> Vec<&str> {
    rows.split(';')
        .map(|r| r.split(',').next().unwrap_or(""))
        .collect()
}

/// The people of `ds` as record ids grouped by person, in person order:
/// `"C1 C2 | C3"`, with each person's event count: `"C1 C2 (2)"`.
fn people(ds: &Dataset, ids: &[&str]) -> String {
    let mut groups: Vec<(u32, Vec<&str>)> = Vec::new();
    for &id in ids {
        let p = ds.resolve_key(id).expect("every record id resolves");
        match groups.iter_mut().find(|(q, _)| *q == p) {
            Some((_, g)) => g.push(id),
            None => groups.push((p, vec![id])),
        }
    }
    groups.sort_by_key(|(p, _)| *p);
    groups
        .iter()
        .map(|(p, g)| {
            let events = ds.events.contact.iter().filter(|&&c| c == *p).count();
            format!("{} ({events})", g.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn check(rows: &str, expected: &str) {
    let mut ds = dataset(rows);
    let report = unify(&mut ds);
    let got = people(&ds, &ids(rows));
    assert_eq!(got, expected, "{rows}");
    assert_eq!(report.people, ds.contact_count(), "{rows}");
    assert_eq!(ds.contacts.len(), ds.contact_count(), "{rows}");
}

#[test]
fn records_sharing_any_identifier_are_one_person() {
    // Nothing shared: three people.
    check(
        "C1,a@x.com,,,,;C2,b@x.com,,,,;C3,,611000111,,,",
        "C1 (1) | C2 (1) | C3 (1)",
    );
    // The importer joins e-mails; the pass keeps them joined.
    check("C1,a@x.com,,,,;C2,A@X.com ,,,,", "C1 C2 (2)");
    // Phone only, written two ways (E.164 with Spain as default country).
    check(
        "C1,a@x.com,600111222,,,;C2,,+34 600 111 222,,,",
        "C1 C2 (2)",
    );
    // A chain: C1~C2 by e-mail, C2~C3 by phone, C3~C4 by e-mail.
    check(
        "C1,a@x.com,,,,;C2,A@x.com,600111222,,,;C3,c@x.com,0034600111222,,,;C4,C@x.com,,,,;C5,e@x.com,,,,",
        "C1 C2 C3 C4 (4) | C5 (1)",
    );
    // Rows the importer joins by e-mail keep both phones as identifiers,
    // in either order.
    check(
        "C1,a@x.com,600111222,,,;C2,A@x.com,611000111,,,;C3,,+34600111222,,,",
        "C1 C2 C3 (3)",
    );
    check(
        "C2,A@x.com,611000111,,,;C1,a@x.com,600111222,,,;C3,,+34611000111,,,",
        "C2 C1 C3 (3)",
    );
    // An invalid phone is no identifier: both stay apart.
    check("C1,,12,,,;C2,,12,,,", "C1 (1) | C2 (1)");
    check(
        "C1,,600 111 222 ext 4,,,;C2,,600 111 222 ext 4,,,",
        "C1 (1) | C2 (1)",
    );
    // Another country's number is not the Spanish one.
    check("C1,,+33 600111222,,,;C2,,600111222,,,", "C1 (1) | C2 (1)");
}

#[test]
fn an_external_id_links_contact_ids() {
    // A person merged earlier kept record "L-9" (a loyalty card); a contact
    // known by that card is the same person.
    let mut ds = dataset("C1,a@x.com,600111222,,,;C2,,600111222,,,;C3,c@x.com,,,,");
    unify(&mut ds);
    let c3 = ds.resolve_key("C3").expect("C3");
    let p = ds.resolve_key("C1").expect("C1");
    let row = ds.records.range_of(p).start;
    // Give C1's record the card as a further alias.
    let recs = &mut ds.records;
    let card = recs.ids.intern("L-9");
    recs.id_list.insert(recs.id_end[row] as usize, card);
    for e in &mut recs.id_end[row..] {
        *e += 1;
    }
    ds.add_alias("L-9", c3);
    assert_eq!(people(&ds, &["C1", "C2", "C3"]), "C1 C2 (2) | C3 (1)");
    unify(&mut ds);
    assert_eq!(people(&ds, &["C1", "C2", "C3", "L-9"]), "C1 C2 C3 L-9 (3)");
}

#[test]
fn events_keyed_by_phone_meet_the_contact_with_that_phone() {
    let mut ds = dataset("C1,a@x.com,600111222,,,");
    ds.push_event(&EventRow::new(
        "+34600111222",
        2,
        Channel::Sms,
        EventKind::Clicked,
    ));
    assert_eq!(ds.contact_count(), 2);
    unify(&mut ds);
    assert_eq!(people(&ds, &["C1", "+34600111222"]), "C1 +34600111222 (2)");
}

/// The resolved attributes of the person of `id`: name, city, created_at.
fn attributes(ds: &Dataset, id: &str) -> (String, String, i64) {
    let p = ds.resolve_key(id).expect("id") as usize;
    let t = &ds.contacts;
    let text = |col: &[u32]| ds.text.try_get(col[p]).unwrap_or("-").to_owned();
    (text(&t.name), text(&t.city), t.created_at[p])
}

fn check_attributes(rows: &str, expected: (&str, &str, i64)) {
    let mut ds = dataset(rows);
    unify(&mut ds);
    let (name, city, created) = attributes(&ds, "C1");
    assert_eq!((name.as_str(), city.as_str(), created), expected, "{rows}");
}

#[test]
fn attributes_resolve_to_the_most_recent_non_empty_value() {
    const D1: i64 = 1_704_067_200; // 2024-01-01
    const D2: i64 = 1_735_689_600; // 2025-01-01
    const D3: i64 = 1_767_225_600; // 2026-01-01

    // The newest record names the person; an empty value never wins; the
    // person was first seen at the earliest date.
    check_attributes(
        "C1,,600111222,Ana,Madrid,2024-01-01;C2,,600111222,Ana María,,2025-01-01;C3,,600111222,,,2026-01-01",
        ("Ana María", "Madrid", D1),
    );
    // Order of the records does not matter, recency does.
    check_attributes(
        "C1,,600111222,,,2026-01-01;C2,,600111222,Ana María,,2025-01-01;C3,,600111222,Ana,Madrid,2024-01-01",
        ("Ana María", "Madrid", D1),
    );
    // A record without a date is the oldest.
    check_attributes(
        "C1,,600111222,Old,,;C2,,600111222,New,,2025-01-01",
        ("New", "-", D2),
    );
    // Equal dates, or none: the later record wins, as the later row of a
    // key does in a file.
    check_attributes(
        "C1,,600111222,First,,2026-01-01;C2,,600111222,Second,,2026-01-01",
        ("Second", "-", D3),
    );
    check_attributes(
        "C1,,600111222,First,Lugo,;C2,,600111222,Second,,",
        ("Second", "Lugo", i64::MIN),
    );
    check_attributes("C1,,600111222,,,;C2,,600111222,,,", ("-", "-", i64::MIN));
}

#[test]
fn absorbed_records_keep_their_provenance_and_keys() {
    let mut ds = dataset("C1,a@x.com,600111222,Ana,,2024-01-01;C2,,+34600111222,Ana L,Sevilla,2025-01-01;C3,b@x.com,,Bo,,");
    let report = unify(&mut ds);
    assert_eq!(
        report,
        UnifyReport {
            before: 3,
            people: 2
        }
    );
    assert_eq!(report.merged(), 1);
    let p = ds.resolve_key("C2").expect("C2");
    let recs = person_records(&ds, p, true);
    let summary: Vec<String> = recs
        .iter()
        .map(|r| {
            format!(
                "{} e{:?} p{:?} x{:?} {}",
                r.record_id,
                r.emails,
                r.phones,
                r.external_ids,
                r.attributes.len()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            r#"a@x.com e["a@x.com"] p["600111222"] x["C1"] 1"#,
            r#"C2 e[] p["+34600111222"] x["C2"] 2"#,
        ]
    );
    // A person of one record is its contact row.
    let bo = ds.resolve_key("C3").expect("C3");
    assert!(ds.records.range_of(bo).is_empty());
    assert_eq!(person_records(&ds, bo, false).len(), 1);
    // Their identity merge finds the phone that matched.
    let m = crate::identity::merge(&recs, &config(&ds));
    assert_eq!(m.person_count(), 1);
    assert_eq!(m.matched_key(1), Some((KeyKind::Phone, "+34600111222")));
}

#[test]
fn orders_and_consent_follow_the_person() {
    let mut ds = dataset("C1,a@x.com,600111222,,,;C2,,600111222,,,");
    ds.push_order(Some("o1"), "C2", 5, 10.0);
    ds.consent.contact.push(ds.resolve_key("C2").expect("C2"));
    ds.consent.subject.push(ds.names.intern("news"));
    ds.consent.channel.push(0);
    ds.consent.status.push(1);
    ds.consent.ts.push(5);
    ds.consent.source.push(crate::model::NONE);
    unify(&mut ds);
    let p = ds.resolve_key("C1").expect("C1");
    assert_eq!(ds.orders.contact, [p]);
    assert_eq!(ds.consent.contact, [p]);
}

#[test]
fn the_map_moves_contact_columns_held_elsewhere_as_unify_moved_the_events() {
    let check = |rows: &str, events: &[&str]| {
        let mut ds = dataset(rows);
        for key in events {
            ds.push_event(&EventRow::new(key, 1, Channel::Email, EventKind::Opened));
        }
        let mut outside = ds.events.contact.clone();
        let (report, map) = unify_with_map(&mut ds);
        assert_eq!(map.is_some(), report.merged() > 0, "{rows}");
        if let Some(map) = map {
            assert_eq!(map.len(), report.before);
            for c in &mut outside {
                *c = map[*c as usize];
            }
        }
        assert_eq!(outside, ds.events.contact, "{rows}");
    };
    check(
        "C1,a@x.com,600111222,,,;C2,,600111222,,,",
        &["C2", "C1", "a@x.com"],
    );
    check("C1,a@x.com,,,,;C2,b@x.com,,,,", &["C2", "C1"]);
    check("C1,a@x.com,,,,;C2,b@x.com,,,,;C3,,,,,", &[]);
}

/// Contacts rows from small pools, so that e-mails and phones collide.
fn arb_rows() -> impl Strategy<Value = Vec<(u8, u8)>> {
    prop::collection::vec((0u8..6, 0u8..6), 1..24)
}

/// One contact id per row, in `order`, with the row's e-mail and phone as
/// written. The rows do not go through the importer, which joins rows that
/// share an e-mail and keeps one phone of them (the later row's), so which
/// phone survives there depends on row order; the pass sees every record.
fn records_dataset(rows: &[(u8, u8)], order: &[usize]) -> Dataset {
    const EMAILS: [&str; 6] = ["", "a@x.com", "A@x.com", "b@x.com", "c@x.com", "bad"];
    const PHONES: [&str; 6] = [
        "",
        "600111222",
        "+34 600 111 222",
        "611000111",
        "12",
        "622 000 111",
    ];
    let mut ds = Dataset::default();
    for &i in order {
        let (e, p) = rows[i];
        let key = format!("C{i}");
        let c = ds.contact_id(&key) as usize;
        if e > 0 {
            ds.contacts.email[c] = ds.text.intern(EMAILS[e as usize]);
        }
        if p > 0 {
            ds.contacts.phone[c] = ds.text.intern(PHONES[p as usize]);
        }
        ds.contacts.name[c] = ds.text.intern(&format!("n{i}"));
        ds.contacts.created_at[c] = i64::from(p);
        for _ in 0..=i % 3 {
            ds.push_event(&EventRow::new(&key, 1, Channel::Email, EventKind::Sent));
        }
    }
    ds
}

/// The partition as sorted groups of record ids with their event counts,
/// independent of ids and order.
fn partition_of(ds: &Dataset, n: usize) -> Vec<(Vec<usize>, usize)> {
    let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
    for i in 0..n {
        let p = ds.resolve_key(&format!("C{i}")).expect("id");
        match groups.iter_mut().find(|(q, _)| *q == p) {
            Some((_, g)) => g.push(i),
            None => groups.push((p, vec![i])),
        }
    }
    let mut out: Vec<(Vec<usize>, usize)> = groups
        .into_iter()
        .map(|(p, g)| (g, ds.events.contact.iter().filter(|&&c| c == p).count()))
        .collect();
    out.sort();
    out
}

proptest! {
    #[test]
    fn unifying_twice_changes_nothing(rows in arb_rows()) {
        let order: Vec<usize> = (0..rows.len()).collect();
        let mut ds = records_dataset(&rows, &order);
        unify(&mut ds);
        let once = ds.clone();
        let again = unify(&mut ds);
        prop_assert_eq!(again.merged(), 0);
        prop_assert_eq!(&ds, &once);
        prop_assert_eq!(crate::codec::decode(&crate::codec::encode(&ds)).ok(), Some(once));
    }

    #[test]
    fn record_order_does_not_change_the_people(rows in arb_rows(), seed in any::<u64>()) {
        let n = rows.len();
        let order: Vec<usize> = (0..n).collect();
        let mut shuffled = order.clone();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let mut a = records_dataset(&rows, &order);
        let mut b = records_dataset(&rows, &shuffled);
        let (ra, rb) = (unify(&mut a), unify(&mut b));
        prop_assert_eq!(ra.people, rb.people);
        prop_assert_eq!(partition_of(&a, n), partition_of(&b, n));
        prop_assert_eq!(a.records.len(), b.records.len());
        // Resolved attributes agree too, except where recency ties.
        let created = |ds: &Dataset, i: usize| {
            ds.contacts.created_at[ds.resolve_key(&format!("C{i}")).expect("id") as usize]
        };
        for i in 0..n {
            prop_assert_eq!(created(&a, i), created(&b, i));
        }
    }
}

#[test]
fn all_records_are_each_persons_records() {
    let mut ds = dataset("C1,a@x.com,600111222,Ana,,;C2,,+34600111222,,,;C3,b@x.com,,Bo,,;C4,,,,,");
    unify(&mut ds);
    let all = all_person_records(&ds, true);
    let each: Vec<(u32, crate::identity::SourceRecord)> = (0..ds.contact_count() as u32)
        .flat_map(|p| {
            person_records(&ds, p, true)
                .into_iter()
                .map(move |r| (p, r))
        })
        .collect();
    assert_eq!(all, each);
    let ids: Vec<(u32, &str)> = all
        .iter()
        .map(|(p, r)| (*p, r.record_id.as_str()))
        .collect();
    assert_eq!(ids, [(0, "a@x.com"), (0, "C2"), (1, "b@x.com"), (2, "C4")]);
}
