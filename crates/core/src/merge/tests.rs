use super::*;
use crate::import::{import_bytes, ImportOptions, TableKind};
use crate::model::{Channel, EventKind, EventRow};
use proptest::prelude::*;

fn import(kind: TableKind, csv: &str) -> Dataset {
    let mut ds = Dataset::default();
    let opts = ImportOptions {
        kind: Some(kind),
        ..ImportOptions::default()
    };
    let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    ds
}

/// Every event as `key kind ts`, sorted: what analyses see, whatever the
/// ids.
fn events(ds: &Dataset) -> Vec<String> {
    let mut out: Vec<String> = (0..ds.events.len())
        .map(|i| {
            let key = ds.keys.get(ds.events.contact[i]);
            format!("{key} {} {}", ds.events.kind(i), ds.events.ts[i])
        })
        .collect();
    out.sort();
    out
}

fn orders(ds: &Dataset) -> Vec<String> {
    let mut out: Vec<String> = (0..ds.orders.len())
        .map(|i| {
            let key = ds.keys.get(ds.orders.contact[i]);
            format!("{key} {}", ds.orders.amount[i])
        })
        .collect();
    out.sort();
    out
}

fn country(ds: &Dataset, key: &str) -> Option<String> {
    let c = ds.resolve_key(key)? as usize;
    ds.text.try_get(ds.contacts.country[c]).map(str::to_owned)
}

/// Merges `parts` in order into an empty data set.
fn merged(parts: &[&Dataset]) -> (Dataset, Vec<MergeReport>) {
    let mut ds = Dataset::default();
    let reports = parts.iter().map(|p| merge_into(&mut ds, p)).collect();
    (ds, reports)
}

const CONTACTS: &str = "contact_id,email,country\nc1,ana@x.com,ES\nc2,bo@x.com,PT\n";
const EVENTS: &str =
    "email,event,timestamp\nana@x.com,open,2024-03-05\nbo@x.com,click,2024-03-06\n";
const MORE_EVENTS: &str =
    "email,event,timestamp\nana@x.com,open,2024-03-05\nana@x.com,click,2024-03-07\n";

#[test]
fn merging_into_nothing_keeps_everything() {
    let ev = import(TableKind::Events, EVENTS);
    let (ds, reports) = merged(&[&ev]);
    assert_eq!(events(&ds), events(&ev));
    assert_eq!(reports[0].events_added, 2);
    assert_eq!(reports[0].contacts_new, 2);
}

#[test]
fn contacts_then_events_meet_on_one_person() {
    let (ds, reports) = merged(&[
        &import(TableKind::Contacts, CONTACTS),
        &import(TableKind::Events, EVENTS),
    ]);
    assert_eq!(ds.contact_count(), 2, "no person counted twice");
    // The contacts file keys people by e-mail and keeps the id as an alias.
    assert_eq!(
        events(&ds),
        ["ana@x.com opened 1709596800", "bo@x.com clicked 1709683200"]
    );
    assert_eq!(reports[1].contacts_matched, 2);
    assert_eq!(country(&ds, "c1").as_deref(), Some("ES"));
}

#[test]
fn events_then_contacts_meet_too_and_later_files_find_both_keys() {
    let (mut ds, _) = merged(&[
        &import(TableKind::Events, EVENTS),
        &import(TableKind::Contacts, CONTACTS),
    ]);
    assert_eq!(ds.contact_count(), 2);
    assert_eq!(country(&ds, "c1").as_deref(), Some("ES"));
    assert_eq!(ds.resolve_key("c1"), ds.resolve_key("ana@x.com"));
    let orders = import(
        TableKind::Orders,
        "contact_id,date,amount\nc1,2024-03-08,12.5\n",
    );
    merge_into(&mut ds, &orders);
    assert_eq!(ds.contact_count(), 2);
    assert_eq!(self::orders(&ds), ["ana@x.com 12.5"]);
}

#[test]
fn a_second_events_file_appends_and_repeated_events_count_once() {
    let (ds, reports) = merged(&[
        &import(TableKind::Events, EVENTS),
        &import(TableKind::Events, MORE_EVENTS),
    ]);
    assert_eq!(
        events(&ds),
        [
            "ana@x.com clicked 1709769600",
            "ana@x.com opened 1709596800",
            "bo@x.com clicked 1709683200",
        ]
    );
    assert_eq!(
        (reports[1].events_added, reports[1].events_duplicate),
        (1, 1)
    );
}

#[test]
fn repeats_inside_one_file_are_kept() {
    let twice =
        "email,event,timestamp\nana@x.com,page_view,2024-03-05\nana@x.com,page_view,2024-03-05\n";
    let (ds, _) = merged(&[&import(TableKind::Events, twice)]);
    assert_eq!(ds.events.len(), 2);
}

#[test]
fn events_differing_in_any_column_are_different_events() {
    let check = |second: &str, added: u64| {
        let first = "email,event,timestamp,channel,campaign,value\nana@x.com,click,2024-03-05,email,spring,1\n";
        let (_, reports) = merged(&[
            &import(TableKind::Events, first),
            &import(TableKind::Events, second),
        ]);
        assert_eq!(reports[1].events_added, added, "{second}");
    };
    let head = "email,event,timestamp,channel,campaign,value\n";
    check(
        &format!("{head}ana@x.com,click,2024-03-05,email,spring,1\n"),
        0,
    );
    check(
        &format!("{head}ana@x.com,click,2024-03-05,sms,spring,1\n"),
        1,
    );
    check(
        &format!("{head}ana@x.com,click,2024-03-05,email,autumn,1\n"),
        1,
    );
    check(
        &format!("{head}ana@x.com,click,2024-03-05,email,spring,2\n"),
        1,
    );
    check(
        &format!("{head}ana@x.com,open,2024-03-05,email,spring,1\n"),
        1,
    );
    check(
        &format!("{head}bo@x.com,click,2024-03-05,email,spring,1\n"),
        1,
    );
    // Without the optional columns the campaign and value are absent, which
    // differs from "spring" and 1.
    check("email,event,timestamp\nana@x.com,click,2024-03-05\n", 1);
}

#[test]
fn orders_repeat_by_order_id_or_by_content() {
    let check = |first: &str, second: &str, expected: (u64, u64)| {
        let (_, reports) = merged(&[
            &import(TableKind::Orders, first),
            &import(TableKind::Orders, second),
        ]);
        let r = reports[1];
        assert_eq!((r.orders_added, r.orders_duplicate), expected, "{second}");
    };
    let with_id = "order_id,email,date,amount\no1,ana@x.com,2024-03-05,10\n";
    check(with_id, with_id, (0, 1));
    // Same id, other amount: still the same order (a corrected export).
    check(
        with_id,
        "order_id,email,date,amount\no1,ana@x.com,2024-03-05,11\n",
        (0, 1),
    );
    check(
        with_id,
        "order_id,email,date,amount\no2,ana@x.com,2024-03-05,10\n",
        (1, 0),
    );
    let no_id = "email,date,amount\nana@x.com,2024-03-05,10\n";
    check(no_id, no_id, (0, 1));
    check(
        no_id,
        "email,date,amount\nana@x.com,2024-03-05,10.5\n",
        (1, 0),
    );
}

#[test]
fn later_non_empty_attributes_win_and_empty_ones_keep_the_earlier() {
    let (ds, _) = merged(&[
        &import(
            TableKind::Contacts,
            "email,country,city\nana@x.com,ES,Madrid\n",
        ),
        &import(TableKind::Contacts, "email,country,city\nana@x.com,PT,\n"),
    ]);
    assert_eq!(country(&ds, "ana@x.com").as_deref(), Some("PT"));
    let c = ds.resolve_key("ana@x.com").unwrap() as usize;
    assert_eq!(ds.text.try_get(ds.contacts.city[c]), Some("Madrid"));
}

#[test]
fn extra_columns_meet_by_header() {
    let (ds, _) = merged(&[
        &import(TableKind::Contacts, "email,tier_code\nana@x.com,gold\n"),
        &import(
            TableKind::Contacts,
            "email,tier_code,shoe\nbo@x.com,silver,42\n",
        ),
    ]);
    let extra: Vec<(&str, Vec<Option<&str>>)> = ds
        .contacts
        .extra
        .iter()
        .map(|(h, col)| {
            (
                h.as_str(),
                col.iter().map(|&v| ds.text.try_get(v)).collect(),
            )
        })
        .collect();
    assert_eq!(
        extra,
        [
            ("tier_code", vec![Some("gold"), Some("silver")]),
            ("shoe", vec![None, Some("42")]),
        ]
    );
}

#[test]
fn optional_columns_stay_aligned() {
    let mut a = Dataset::default();
    a.push_event(&EventRow::new("a", 1, Channel::Email, EventKind::Sent));
    let mut b = Dataset::default();
    let mut row = EventRow::new("b", 2, Channel::Sms, EventKind::Clicked);
    row.campaign = Some("spring");
    row.value = Some(3.0);
    b.push_event(&row);
    let (ds, _) = merged(&[&a, &b, &a]);
    let e = &ds.events;
    assert_eq!(e.len(), 2);
    assert_eq!(e.campaign.len(), 2);
    assert_eq!(e.campaign[0], NONE);
    assert_eq!(ds.campaign_ids.get(e.campaign[1]), "spring");
    assert!(e.value[0].is_nan() && e.value[1] == 3.0);
    assert!(e.name.is_empty() && e.session.is_empty());
}

#[test]
fn campaigns_are_replaced_by_id() {
    let v1 = "campaign_id,name,channel\nspring,Spring sale,email\n";
    let v2 = "campaign_id,name,channel\nspring,Spring sale (final),email\nautumn,Autumn,sms\n";
    let (ds, _) = merged(&[
        &import(TableKind::Campaigns, v1),
        &import(TableKind::Campaigns, v2),
    ]);
    let names: Vec<&str> = ds.campaigns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Spring sale (final)", "Autumn"]);
}

fn arb_events() -> impl Strategy<Value = Vec<(u8, i64, u8)>> {
    prop::collection::vec((0u8..6, 0i64..50, 0u8..4), 0..40)
}

fn build(rows: &[(u8, i64, u8)]) -> Dataset {
    let mut ds = Dataset::default();
    for &(who, ts, kind) in rows {
        let kind = EventKind::ALL[kind as usize];
        ds.push_event(&EventRow::new(&format!("p{who}"), ts, Channel::Email, kind));
    }
    ds
}

proptest! {
    #[test]
    fn merging_twice_changes_nothing(rows in arb_events()) {
        let x = build(&rows);
        let (once, _) = merged(&[&x]);
        let (twice, r) = merged(&[&x, &x]);
        prop_assert_eq!(events(&once), events(&twice));
        prop_assert_eq!(r[1].events_added, 0);
        prop_assert_eq!(twice.contact_count(), x.contact_count());
    }

    #[test]
    fn disjoint_files_add_up(a in arb_events(), b in arb_events()) {
        // Shifting b's times past a's makes every event of b new.
        let b: Vec<_> = b.into_iter().map(|(w, t, k)| (w, t + 100, k)).collect();
        let (ds, _) = merged(&[&build(&a), &build(&b)]);
        let mut expected = events(&build(&a));
        expected.extend(events(&build(&b)));
        expected.sort();
        prop_assert_eq!(events(&ds), expected);
    }
}

#[test]
fn events_keyed_by_id_meet_contacts_keyed_by_email_in_either_order() {
    let ev = import(
        TableKind::Events,
        "contact_id,event,timestamp\nc1,open,2024-03-05\n",
    );
    let contacts = import(TableKind::Contacts, CONTACTS);
    for parts in [[&ev, &contacts], [&contacts, &ev]] {
        let (ds, _) = merged(&parts);
        assert_eq!(ds.contact_count(), 2);
        assert_eq!(ds.resolve_key("c1"), ds.resolve_key("ana@x.com"));
        assert_eq!(country(&ds, "c1").as_deref(), Some("ES"));
    }
}

/// A worker's image of one contacts file: imported, then made people.
fn people_file(csv: &str) -> Dataset {
    let mut ds = import(TableKind::Contacts, csv);
    crate::people::unify(&mut ds);
    ds
}

/// People as groups of record ids (`"c1 c2 | c3"`, person order) and the
/// number of kept source records.
fn people_of(ds: &Dataset, ids: &[&str]) -> (String, usize) {
    let mut groups: Vec<(u32, Vec<&str>)> = Vec::new();
    for &id in ids {
        let p = ds.resolve_key(id).expect("known id");
        match groups.iter_mut().find(|(q, _)| *q == p) {
            Some((_, g)) => g.push(id),
            None => groups.push((p, vec![id])),
        }
    }
    groups.sort_by_key(|(p, _)| *p);
    let text: Vec<String> = groups.iter().map(|(_, g)| g.join(" ")).collect();
    (text.join(" | "), ds.records.len())
}

fn check_people(files: &[&str], ids: &[&str], expected: (&str, usize)) {
    let parts: Vec<Dataset> = files.iter().map(|f| people_file(f)).collect();
    let refs: Vec<&Dataset> = parts.iter().collect();
    let (ds, _) = merged(&refs);
    assert_eq!(
        people_of(&ds, ids),
        (expected.0.to_owned(), expected.1),
        "{files:?}"
    );
    assert_eq!(ds.contacts.len(), ds.contact_count());
}

#[test]
fn a_new_file_can_link_two_people() {
    const A: &str = "contact_id,email,phone,city\nc1,ana@x.com,,Vigo\nc2,,600111222,Lugo\n";
    // c3 shares c1's e-mail and c2's phone: all three are one person.
    const B: &str = "contact_id,email,phone\nc3,ANA@x.com,+34 600 111 222\n";
    const C: &str = "contact_id,email,phone\nc4,bo@x.com,\n";
    check_people(&[A], &["c1", "c2"], ("c1 | c2", 0));
    // c3 joins c1's record (same e-mail key); that record meets c2's by phone.
    check_people(&[A, B], &["c1", "c2", "c3"], ("c1 c2 c3", 2));
    check_people(&[B, A], &["c1", "c2", "c3"], ("c1 c2 c3", 2));
    check_people(&[A, C], &["c1", "c2", "c4"], ("c1 | c2 | c4", 0));
    // A person of two records meets a third file: three records.
    const D: &str = "contact_id,phone,city\nc5,600 111 222,Ourense\n";
    check_people(&[A, B, D], &["c1", "c2", "c3", "c5"], ("c1 c2 c3 c5", 3));
    // The same files again add no record.
    check_people(&[A, B, A, B], &["c1", "c2", "c3"], ("c1 c2 c3", 2));
}

#[test]
fn merged_records_keep_their_own_attributes() {
    // Within one file c1 and c2 are one person by phone; a later file
    // updates c2's city and the person's city is c2's (the newer record).
    const A: &str = "contact_id,phone,city,created_at\nc1,600111222,Vigo,2024-01-01\nc2,+34600111222,Lugo,2025-01-01\n";
    const B: &str = "contact_id,phone,city\nc2,+34600111222,Ourense\nc1,600111222,\n";
    let (ds, _) = merged(&[&people_file(A), &people_file(B)]);
    assert_eq!(people_of(&ds, &["c1", "c2"]), ("c1 c2".to_owned(), 2));
    let p = ds.resolve_key("c1").expect("c1") as usize;
    assert_eq!(ds.text.try_get(ds.contacts.city[p]), Some("Ourense"));
    let cities: Vec<&str> = (0..ds.records.len())
        .map(|r| ds.text.get(ds.records.attributes.city[r]))
        .collect();
    assert_eq!(cities, ["Vigo", "Ourense"]);
}
