//! The index against the row lists it used to hold for every table (a
//! plain per-contact filter of the rows, stably sorted by time): sorted
//! tables (runs) and unsorted ones (lists), one thread and several.

use super::*;
use crate::model::{Channel, EventKind, EventRow};

/// The row-list layout of the index before runs, flattened: each
/// contact's rows in (time, row) order, contacts in id order.
fn row_list(contact: &[u32], ts: &[i64], n: usize) -> Vec<Vec<u32>> {
    (0..n as u32)
        .map(|c| {
            let mut rows: Vec<u32> = (0..contact.len() as u32)
                .filter(|&r| contact[r as usize] == c)
                .collect();
            rows.sort_by_key(|&r| ts[r as usize]);
            rows
        })
        .collect()
}

/// Every contact's (event rows, order rows) of `idx`.
fn per_contact(idx: &ContactIndex) -> Vec<(Vec<u32>, Vec<u32>)> {
    (0..idx.contacts())
        .map(|c| (idx.events(c).to_vec(), idx.orders(c).to_vec()))
        .collect()
}

/// Contacts `keys` (ids in that order), then the events and orders, each
/// `(key, time)`; every event an e-mail send.
fn dataset(keys: &[&str], events: &[(&str, i64)], orders: &[(&str, i64)]) -> Dataset {
    let mut ds = Dataset::default();
    for k in keys {
        ds.contact_id(k);
    }
    for &(c, t) in events {
        ds.push_event(&EventRow::new(c, t, Channel::Email, EventKind::Sent));
    }
    for &(c, t) in orders {
        ds.push_order(None, c, t, 1.0);
    }
    ds
}

/// The index of the data, built on one thread and on several, gives each
/// contact `expected` (event rows, order rows); after `sort_by_contact`
/// each contact has the same times, as runs.
fn check(
    keys: &[&str],
    events: &[(&str, i64)],
    orders: &[(&str, i64)],
    expected: &[(&[u32], &[u32])],
) {
    let ds = dataset(keys, events, orders);
    let want: Vec<(Vec<u32>, Vec<u32>)> = expected
        .iter()
        .map(|(e, o)| (e.to_vec(), o.to_vec()))
        .collect();
    let builds = [
        ContactIndex::build(&ds),
        ContactIndex::build_parallel(&ds, 2),
        ContactIndex::build_parallel(&ds, 3),
    ];
    for idx in &builds {
        assert_eq!(per_contact(idx), want, "{events:?} {orders:?}");
        assert!(idx.events(idx.contacts()).is_empty());
        assert!(idx.orders(idx.contacts() + 5).is_empty());
    }
    let mut sorted = ds.clone();
    let idx = sort_by_contact(&mut sorted);
    assert!(idx.events_sorted());
    assert_eq!(idx, ContactIndex::build(&sorted));
    let times =
        |ds: &Dataset, rows: Rows<'_>| rows.iter().map(|r| ds.events.ts[r]).collect::<Vec<_>>();
    for (c, (e, _)) in expected.iter().enumerate() {
        let before: Vec<i64> = e.iter().map(|&r| ds.events.ts[r as usize]).collect();
        assert_eq!(times(&sorted, idx.events(c)), before, "{events:?}");
        assert!(idx.events(c).as_run().is_some());
        assert!(idx.orders(c).as_run().is_some());
    }
}

#[test]
fn each_contact_gets_its_rows() {
    // No contacts, no rows.
    check(&[], &[], &[], &[]);
    // Contacts without any row.
    check(&["a", "b"], &[], &[], &[(&[], &[]), (&[], &[])]);
    // Orders only.
    check(&["a"], &[], &[("a", 1)], &[(&[], &[0])]);
    // A contact without events between two with, and the last contact's rows end the table.
    check(
        &["a", "b", "c"],
        &[("a", 1), ("c", 2)],
        &[],
        &[(&[0], &[]), (&[], &[]), (&[1], &[])],
    );
    // The last contact has no events: its run starts and ends at the table's end.
    check(
        &["a", "b"],
        &[("a", 1), ("a", 2)],
        &[],
        &[(&[0, 1], &[]), (&[], &[])],
    );
    // The first contact has no events, only an order.
    check(
        &["a", "b"],
        &[("b", 1)],
        &[("a", 3)],
        &[(&[], &[0]), (&[0], &[])],
    );
    // Rows out of contact order.
    check(
        &["a", "b"],
        &[("b", 1), ("a", 2), ("b", 0)],
        &[],
        &[(&[1], &[]), (&[2, 0], &[])],
    );
    // Out of time order, ties kept in file order.
    check(
        &["a"],
        &[("a", 5), ("a", 3), ("a", 5)],
        &[("a", 9), ("a", 2)],
        &[(&[1, 0, 2], &[1, 0])],
    );
    // Sorted events, unsorted orders.
    check(
        &["a", "b"],
        &[("a", 1), ("b", 1)],
        &[("b", 2), ("a", 7)],
        &[(&[0], &[1]), (&[1], &[0])],
    );
}

#[test]
fn sorting_reorders_the_rows_and_drops_the_lists() {
    let mut ds = dataset(
        &[],
        &[("a", 5), ("b", 1), ("a", 3), ("a", 5), ("b", 0)],
        &[("b", 9), ("b", 2)],
    );
    assert!(!ContactIndex::build(&ds).events_sorted());
    let sorted = sort_by_contact(&mut ds);
    assert_eq!(sorted.events(0), Rows::Run { start: 0, end: 3 });
    assert_eq!(sorted.orders(1), Rows::Run { start: 0, end: 2 });
    assert_eq!(ds.events.ts, [3, 5, 5, 0, 1]);
    assert_eq!(ds.orders.ts, [2, 9]);
    // Offsets only: a word per contact and one more, events and orders.
    assert_eq!(sorted.heap_bytes(), 4 * 2 * 3);
}

proptest::proptest! {
    /// On random tables, as imported and after `sort_by_contact`, every
    /// contact's rows (events and orders) are those of the row-list
    /// index, and the open-tracking channels those of a pass over the
    /// events.
    #[test]
    fn runs_and_lists_give_the_row_list_index(
        rows in proptest::collection::vec((0u8..6, 0i64..5, 0u8..12, 0u8..4), 0..60),
        orders in proptest::collection::vec((0u8..8, 0i64..5), 0..6),
        (threads, idle) in (1usize..5, 0u8..3),
    ) {
        let keys = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let kinds = [EventKind::Sent, EventKind::Opened, EventKind::Clicked, EventKind::Delivered];
        let mut ds = Dataset::default();
        for &(c, t, ch, k) in &rows {
            let channel = Channel::ALL[ch as usize % Channel::ALL.len()];
            ds.push_event(&EventRow::new(keys[c as usize], t, channel, kinds[k as usize]));
        }
        for &(c, t) in &orders {
            ds.push_order(None, keys[c as usize], t, 1.0);
        }
        for k in 0..idle {
            ds.contact_id(&format!("idle{k}"));
        }
        let expect = |ds: &Dataset| {
            let n = ds.contact_count();
            let e = row_list(&ds.events.contact, &ds.events.ts, n);
            let o = row_list(&ds.orders.contact, &ds.orders.ts, n);
            e.into_iter().zip(o).collect::<Vec<_>>()
        };
        let mut sorted = ds.clone();
        let sorted_idx = sort_by_contact(&mut sorted);
        for (ds, idx) in [(&ds, ContactIndex::build(&ds)), (&sorted, sorted_idx)] {
            let want = expect(ds);
            proptest::prop_assert_eq!(per_contact(&idx), want.clone());
            proptest::prop_assert_eq!(&ContactIndex::build_parallel(ds, threads), &idx);
            proptest::prop_assert_eq!(idx.open_tracking_channels(), crate::kpi::open_tracking_channels(ds));
            let sorted = want.iter().flat_map(|(e, _)| e).copied().eq(0..ds.events.len() as u32);
            proptest::prop_assert_eq!(idx.events_sorted(), sorted);
        }
        // The same history per contact, in the same order.
        let history = |ds: &Dataset, idx: &ContactIndex, c: usize| {
            idx.events(c).iter().map(|r| (ds.events.ts[r], ds.events.kind[r], ds.events.channel[r])).collect::<Vec<_>>()
        };
        let (before, after) = (ContactIndex::build(&ds), ContactIndex::build(&sorted));
        proptest::prop_assert!(after.events_sorted());
        for c in 0..before.contacts() {
            proptest::prop_assert_eq!(history(&ds, &before, c), history(&sorted, &after, c));
        }
    }

    /// Moving rows through the `u32` scratch gives what gathering each
    /// column into a new one gives, optional columns in use or not, whatever
    /// the times' two halves hold.
    #[test]
    fn rows_moved_through_the_scratch_are_the_gathered_columns(
        rows in proptest::collection::vec(
            (0u32..9, proptest::prop_oneof![0i64..4, proptest::num::i64::ANY], 0u32..300),
            0..60,
        ),
        (with_campaign, with_value) in (proptest::bool::ANY, proptest::bool::ANY),
    ) {
        let mut e = EventTable::default();
        for (i, &(c, t, x)) in rows.iter().enumerate() {
            e.contact.push(c);
            e.ts.push(t);
            e.channel.push(x as u8);
            e.kind.push(i as u8);
            e.meta.push((x * 3) as u8);
            if with_campaign {
                e.campaign.push(x + 100);
            }
            e.name.push(i as u32);
            e.session.push(x.wrapping_mul(0x9E37_79B9));
            if with_value {
                e.value.push(x as f32 / 2.0);
            }
        }
        let order: Vec<u32> = row_list(&e.contact, &e.ts, 9).concat();
        let mut want = e.clone();
        permute(&mut want.contact, &order);
        permute(&mut want.ts, &order);
        permute(&mut want.channel, &order);
        permute(&mut want.kind, &order);
        permute(&mut want.meta, &order);
        permute(&mut want.campaign, &order);
        permute(&mut want.name, &order);
        permute(&mut want.session, &order);
        permute(&mut want.value, &order);
        permute_events(&mut e, &order);
        proptest::prop_assert_eq!(e, want);
    }

    #[test]
    fn the_parallel_build_is_the_build(
        rows in proptest::collection::vec((0u8..6, 0i64..5), 0..40),
        orders in proptest::collection::vec((0u8..8, 0i64..5), 0..5),
        (sort, threads, idle) in (proptest::bool::ANY, 1usize..5, 0u8..3),
    ) {
        let keys = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mut ds = Dataset::default();
        for &(c, t) in &rows {
            ds.push_event(&EventRow::new(keys[c as usize], t, Channel::Email, EventKind::Sent));
        }
        for &(c, t) in &orders {
            ds.push_order(None, keys[c as usize], t, 1.0);
        }
        // Contacts without any row, after the others.
        for k in 0..idle {
            ds.contact_id(&format!("idle{k}"));
        }
        if sort {
            sort_by_contact(&mut ds);
        }
        proptest::prop_assert_eq!(ContactIndex::build_parallel(&ds, threads), ContactIndex::build(&ds));
    }

    /// Tables long enough for several blocks of the sorted pass, split
    /// over threads, sorted or with one row out of order anywhere
    /// (a block's first row, a thread's first row…), an open on a
    /// channel somewhere.
    #[test]
    fn long_tables_group_as_the_general_path_does(
        (len, per_contact, threads) in (0usize..3 * BLOCK + 50, 1usize..9, 1usize..5),
        broken in proptest::option::of(proptest::sample::select(vec![1usize, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 3 * BLOCK])),
        shift in 0usize..3,
        (earlier_contact, order_contact) in (proptest::bool::ANY, proptest::option::of(0u32..2000)),
        open in proptest::option::of((0usize..3 * BLOCK + 50, 0u8..12)),
    ) {
        // Every other contact has no rows; times rise inside a contact.
        let mut contact: Vec<u32> = (0..len).map(|i| (i / per_contact) as u32 * 2).collect();
        let mut ts: Vec<i64> = (0..len).map(|i| (i % per_contact) as i64).collect();
        // Around a third of the broken cases fall at the middle of a thread's range.
        let at = broken.map(|b| if shift == 2 { len / 2 } else { b + shift });
        if let Some(p) = at.filter(|&p| p > 0 && p < len) {
            if earlier_contact && contact[p - 1] > 0 {
                contact[p] = contact[p - 1] - 1;
            } else {
                contact[p] = contact[p - 1];
                ts[p] = ts[p - 1] - 1;
            }
        }
        let mut ds = Dataset::default();
        ds.events.contact = contact.clone();
        ds.events.ts = ts.clone();
        ds.events.kind = vec![EventKind::Sent.code(); len];
        ds.events.channel = vec![Channel::Sms.code(); len];
        if let Some((row, channel)) = open.filter(|&(row, _)| row < len) {
            ds.events.kind[row] = EventKind::Opened.code();
            ds.events.channel[row] = channel;
        }
        if let Some(c) = order_contact {
            ds.orders.contact.push(c);
            ds.orders.ts.push(0);
        }
        let max = contact.iter().chain(&ds.orders.contact).copied().max();
        let n = max.map_or(0, |m| m as usize + 1);
        let (offsets, rows) = group_any(&contact, &ts, n);
        let (order_offsets, order_rows) = group_any(&ds.orders.contact, &ds.orders.ts, n);
        let tracked = crate::kpi::open_tracking_channels(&ds);
        let expected = ContactIndex { offsets, rows, order_offsets, order_rows, tracked };
        proptest::prop_assert_eq!(&ContactIndex::build(&ds), &expected);
        proptest::prop_assert_eq!(&ContactIndex::build_parallel(&ds, threads), &expected);
        proptest::prop_assert_eq!(expected.events_sorted(), at.is_none_or(|p| p == 0 || p >= len));
    }

    #[test]
    fn the_sorted_fast_path_agrees_with_the_general_one(
        mut rows in proptest::collection::vec((0u32..6, 0i64..5), 0..40),
        sort in proptest::bool::ANY,
    ) {
        if sort {
            rows.sort_unstable();
        }
        let contact: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let ts: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let fast = group_sorted(&contact, &ts, 7);
        proptest::prop_assert_eq!(fast.is_some(), sort || rows.is_sorted());
        let (offsets, list) = group_any(&contact, &ts, 7);
        proptest::prop_assert_eq!(list.is_none(), fast.is_some());
        if let Some(fast) = fast {
            proptest::prop_assert_eq!(fast, offsets);
        }
    }
}

proptest::proptest! {
    /// The order check by the sign of time differences is the one by
    /// comparisons: on sorted and unsorted rows, with times near zero and
    /// anywhere in i64 (beyond ±2^62 it falls back to comparisons).
    #[test]
    fn the_order_check_is_the_exact_one(
        mut rows in proptest::collection::vec((0u32..4, proptest::prop_oneof![-3i64..3, proptest::num::i64::ANY, (1i64 << 62) - 2..(1i64 << 62) + 2, -(1i64 << 62) - 2..-(1i64 << 62) + 2]), 0..40),
        sort in proptest::bool::ANY,
    ) {
        if sort {
            rows.sort_unstable();
        }
        let contact: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let ts: Vec<i64> = rows.iter().map(|r| r.1).collect();
        proptest::prop_assert_eq!(in_order(&contact, &ts), in_order_exact(&contact, &ts));
        proptest::prop_assert_eq!(in_order(&contact, &ts), rows.is_sorted());
    }
}
