//! `unify` and `identity::merge` resolve a person's attributes by one rule
//! (`identity::supersedes`): the Identity page, the contact page and
//! `canal analyze identity` show what the dashboards count.

use super::*;
use crate::identity::{merge, SourceRecord};
use crate::import::{import_bytes, ImportOptions, TableKind};
use proptest::prelude::*;

/// The attributes `identity::merge` resolves for the person of `key` from
/// the records `unify` kept for it, and those `unify` wrote in its row:
/// `(name, city)` each.
fn both(ds: &Dataset, key: &str) -> ((String, String), (String, String)) {
    let p = ds.resolve_key(key).expect("key");
    let mut recs = person_records(ds, p, true);
    // One person whatever its records' identifiers say: only the
    // attributes are compared here.
    for r in &mut recs {
        r.external_ids.push("same".into());
    }
    let config = config(ds);
    let m = merge(&recs, &config);
    let profile = m.profile(&recs, 0, &config);
    let merged = |name: &str| {
        profile
            .attributes
            .iter()
            .find(|a| a.name == name)
            .map_or_else(|| "-".to_owned(), |a| a.value.clone())
    };
    let row = |col: &[u32]| text_of(ds, col, p as usize).unwrap_or("-").to_owned();
    (
        (merged("name"), merged("city")),
        (row(&ds.contacts.name), row(&ds.contacts.city)),
    )
}

fn check(rows: &str, key: &str, expected: (&str, &str)) {
    let mut ds = Dataset::default();
    let csv = format!(
        "contact_id,phone,name,city,created_at\n{}\n",
        rows.replace(';', "\n")
    );
    let opts = ImportOptions {
        kind: Some(TableKind::Contacts),
        ..ImportOptions::default()
    };
    assert_eq!(import_bytes(&mut ds, csv.as_bytes(), &opts).errors, []);
    unify(&mut ds);
    let (merged, unified) = both(&ds, key);
    let expected = (expected.0.to_owned(), expected.1.to_owned());
    assert_eq!(unified, expected, "unify: {rows}");
    assert_eq!(merged, expected, "merge: {rows}");
}

#[test]
fn equal_dates_resolve_alike_in_unify_and_merge() {
    // Equal dates: the later record wins in both (merge used to pick by
    // record id, "B" over "A", the earlier record here).
    check(
        "B,600111222,First,Lugo,2026-01-01;A,600111222,Second,,2026-01-01",
        "A",
        ("Second", "Lugo"),
    );
    check(
        "A,600111222,First,Lugo,2026-01-01;B,600111222,Second,,2026-01-01",
        "A",
        ("Second", "Lugo"),
    );
    // No dates at all: the same.
    check(
        "B,600111222,First,,;A,600111222,Second,,",
        "B",
        ("Second", "-"),
    );
    // A record without a date is older than any dated one, 1970 included
    // (merge used to date it 1970-01-01 and let the later record win).
    check(
        "A,600111222,Dated,,1970-01-01;B,600111222,Undated,,",
        "A",
        ("Dated", "-"),
    );
    // Recency first.
    check(
        "A,600111222,New,,2025-01-01;B,600111222,Old,Vigo,2024-01-01",
        "B",
        ("New", "Vigo"),
    );
}

/// Records with few distinct values, so phones link them and dates tie.
fn records_dataset(rows: &[(u8, u8, u8, u8)]) -> Dataset {
    const PHONES: [&str; 3] = ["600111222", "+34 600 111 222", "611000111"];
    const NAMES: [&str; 3] = ["", "Ana", "Bea"];
    const CITIES: [&str; 3] = ["", "Lugo", "Vigo"];
    const DATES: [i64; 4] = [i64::MIN, 0, 100, 200];
    let mut ds = Dataset::default();
    for (i, &(phone, name, city, date)) in rows.iter().enumerate() {
        let c = ds.contact_id(&format!("C{i}")) as usize;
        let mut set = |col: fn(&mut Dataset) -> &mut Vec<u32>, v: &str| {
            if !v.is_empty() {
                let t = ds.text.intern(v);
                col(&mut ds)[c] = t;
            }
        };
        set(|d| &mut d.contacts.phone, PHONES[phone as usize % 3]);
        set(|d| &mut d.contacts.name, NAMES[name as usize % 3]);
        set(|d| &mut d.contacts.city, CITIES[city as usize % 3]);
        ds.contacts.created_at[c] = DATES[date as usize % 4];
    }
    ds
}

proptest! {
    #[test]
    fn merge_resolves_a_person_as_unify_did(
        rows in prop::collection::vec((0u8..3, 0u8..3, 0u8..3, 0u8..4), 1..12),
    ) {
        let mut ds = records_dataset(&rows);
        unify(&mut ds);
        for i in 0..rows.len() {
            let (merged, unified) = both(&ds, &format!("C{i}"));
            prop_assert_eq!(merged, unified, "C{}", i);
        }
    }
}

/// A record list is what the Identity page merges; a plain check that its
/// shape is the one `both` relies on.
#[test]
fn person_records_carry_the_display_attributes() {
    let mut ds = records_dataset(&[(0, 1, 1, 2), (1, 2, 0, 2)]);
    unify(&mut ds);
    let recs: Vec<SourceRecord> = person_records(&ds, 0, true);
    let names: Vec<(&str, i64)> = recs
        .iter()
        .flat_map(|r| {
            r.attributes
                .iter()
                .map(|a| (a.value.as_str(), a.updated_at))
        })
        .collect();
    assert_eq!(names, [("Ana", 100), ("Lugo", 100), ("Bea", 100)]);
}
