//! Rows of one key in a contacts file: each attribute the most recent
//! non-empty value (SPEC §7), file order breaking ties.

use super::*;
use crate::model::{Dataset, NONE};

/// The record of `a@x.com` after importing contacts `csv` (`;` between
/// lines): `name city phone created favourite [other identifiers]`, `-`
/// for an empty value.
fn record(csv: &str) -> String {
    let mut ds = Dataset::default();
    let opts = ImportOptions {
        kind: Some(TableKind::Contacts),
        ..ImportOptions::default()
    };
    let csv = format!("{}\n", csv.replace(';', "\n"));
    let r = import_bytes(&mut ds, csv.as_bytes(), &opts);
    assert_eq!(r.errors, [], "{csv}");
    let id = ds.resolve_key("a@x.com").expect("a@x.com") as usize;
    let k = &ds.contacts;
    let text = |col: &[u32]| match col[id] {
        NONE => "-".to_owned(),
        t => ds.text.get(t).to_owned(),
    };
    let created = match k.created_at[id] {
        i64::MIN => "-".to_owned(),
        t => chrono::DateTime::from_timestamp(t, 0)
            .map_or("?".into(), |d| d.date_naive().to_string()),
    };
    let favourite = k
        .extra
        .iter()
        .find(|(h, _)| h == "favourite")
        .map_or("-".to_owned(), |(_, col)| text(col));
    let others: Vec<&str> = ds
        .aliases
        .iter()
        .zip(&ds.alias_of)
        .filter(|&(_, &c)| c as usize == id)
        .map(|(a, _)| a)
        .collect();
    format!(
        "{} {} {} {created} {favourite} [{}]",
        text(&k.name),
        text(&k.city),
        text(&k.phone),
        others.join(" ")
    )
}

fn check(csv: &str, expected: &str) {
    assert_eq!(record(csv), expected, "{csv}");
}

#[test]
fn rows_of_one_key_keep_the_most_recent_non_empty_value() {
    // No dates: file order, the last non-empty value.
    check(
        "email,name,city;a@x.com,Ana,Madrid;a@x.com,Ana M,",
        "Ana M Madrid - - - []",
    );
    // An older row after a newer one fills only what the newer left empty.
    check(
        "email,name,city,updated_at;a@x.com,New,,2025-01-01;a@x.com,Old,Lugo,2024-01-01",
        "New Lugo - - - []",
    );
    // Each attribute by itself: the name of 2025, the city of 2024.
    check(
        "email,name,city,updated_at;a@x.com,A,,2025-01-01;a@x.com,B,Y,2023-01-01;a@x.com,,Z,2024-01-01",
        "A Z - - - []",
    );
    // Equally recent: the later row.
    check(
        "email,name,updated_at;a@x.com,X,2024-01-01;a@x.com,Y,2024-01-01",
        "Y - - - - []",
    );
    // An undated row is the oldest, wherever it stands.
    check(
        "email,name,city,updated_at;a@x.com,X,,2024-01-01;a@x.com,Y,C,",
        "X C - - - []",
    );
    check(
        "email,name,updated_at;a@x.com,Y,;a@x.com,X,2024-01-01",
        "X - - - - []",
    );
    // Without an update date the creation date orders the rows; the
    // record was created at the earliest.
    check(
        "email,name,created_at;a@x.com,B,2025-01-01;a@x.com,A,2024-01-01",
        "B - - 2024-01-01 - []",
    );
    // With both, the update date orders them.
    check(
        "email,name,created_at,updated_at;a@x.com,B,2024-06-01,2024-07-01;a@x.com,A,2025-01-01,2025-02-01",
        "A - - 2024-06-01 - []",
    );
    // Extra columns too; the newer phone is kept, the older one stays an
    // identifier of the record.
    check(
        "email,favourite,phone,updated_at;a@x.com,blue,600111222,2025-01-01;a@x.com,green,611000111,2024-01-01",
        "- - 600111222 - blue [+34611000111]",
    );
    check(
        "email,favourite,phone,updated_at;a@x.com,green,611000111,2024-01-01;a@x.com,blue,600111222,2025-01-01",
        "- - 600111222 - blue [+34611000111]",
    );
    // A date that does not read as one dates nothing.
    check(
        "email,name,updated_at;a@x.com,X,2024-01-01;a@x.com,Y,someday",
        "X - - - - []",
    );
}
