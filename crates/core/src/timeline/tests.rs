use super::*;
use crate::model::EventRow;

const H: i64 = 3600;

fn d(k: i64) -> i64 {
    (20_460 + k) * DAY
}

/// (contact, ts, channel, kind, campaign, inbound)
type Row<'a> = (&'a str, i64, Channel, EventKind, Option<&'a str>, bool);
/// (id, channel, campaign, message row, reply rows)
type ThreadSummary<'a> = (u32, Channel, Option<&'a str>, u32, &'a [u32]);

/// The person is contacts `a` and `a2`; `x` is someone else.
fn dataset() -> Dataset {
    use Channel::*;
    use EventKind::*;
    let mut ds = Dataset::default();
    let rows: &[Row<'_>] = &[
        ("a", d(0) + 10 * H, Email, Sent, Some("c1"), false), // 0
        ("a2", d(0) + 10 * H, Sms, Sent, None, false),        // 1
        ("x", d(0) + 11 * H, Email, Sent, Some("c1"), false), // 2
        ("a", d(0) + 12 * H, Email, Replied, Some("c1"), true), // 3
        ("a2", d(1) + 9 * H, Sms, Replied, None, true),       // 4
        ("a", d(1) + 8 * H, Email, Opened, Some("c1"), false), // 5
        ("a", d(2), Email, Sent, Some("c2"), false),          // 6
        ("a", d(2) + H, Email, Replied, Some("c1"), true),    // 7
        ("a", d(3) + 5 * H, Web, Visited, None, true),        // 8
        ("a", d(3) + 4 * H, Sms, Replied, Some("c9"), true),  // 9
    ];
    for &(key, ts, channel, kind, campaign, inbound) in rows {
        let mut row = EventRow::new(key, ts, channel, kind);
        row.campaign = campaign;
        if inbound {
            row.direction = Direction::Inbound;
        }
        if kind == Visited {
            row.scope = Scope::Support;
        }
        ds.push_event(&row);
    }
    ds
}

/// Days as `date: row/thread row …`, separated by ` | `.
fn check(filter: &TimelineFilter, expected: &str, shown: u32) {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let person = [
        ds.keys.lookup("a2").expect("a2"),
        ds.keys.lookup("a").expect("a"),
    ];
    let t = timeline(&ds, &events, &person, filter);
    let got: Vec<String> = t
        .days
        .iter()
        .map(|day| {
            let items: Vec<String> = day
                .items
                .iter()
                .map(|i| match i.thread {
                    Some(th) => format!("{}/{th}", i.row),
                    None => i.row.to_string(),
                })
                .collect();
            format!("{}: {}", day.date, items.join(" "))
        })
        .collect();
    assert_eq!(got.join(" | "), expected, "{filter:?}");
    assert_eq!((t.shown, t.total), (shown, 9));
}

#[test]
fn merged_history_in_time_order_with_threads() {
    check(
        &TimelineFilter::default(),
        "2026-01-07: 0/0 1/1 3/0 | 2026-01-08: 5 4/1 | 2026-01-09: 6 7/0 | 2026-01-10: 9 8",
        9,
    );
}

#[test]
fn filters_keep_threads() {
    let kinds = TimelineFilter {
        kinds: vec![EventKind::Replied],
        ..TimelineFilter::default()
    };
    check(
        &kinds,
        "2026-01-07: 3/0 | 2026-01-08: 4/1 | 2026-01-09: 7/0 | 2026-01-10: 9",
        4,
    );
    let sms = TimelineFilter {
        channels: vec![Channel::Sms],
        ..TimelineFilter::default()
    };
    check(&sms, "2026-01-07: 1/1 | 2026-01-08: 4/1 | 2026-01-10: 9", 3);
    let support = TimelineFilter {
        scopes: vec![Scope::Support],
        ..TimelineFilter::default()
    };
    check(&support, "2026-01-10: 8", 1);
}

#[test]
fn threads_list_message_and_replies() {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let person = [0, 1, 0];
    let t = timeline(&ds, &events, &person, &TimelineFilter::default());
    let got: Vec<ThreadSummary<'_>> = t
        .threads
        .iter()
        .map(|th| {
            (
                th.id,
                th.channel,
                th.campaign.as_deref(),
                th.message,
                th.replies.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, Channel::Email, Some("c1"), 0, &[3, 7][..]),
            (1, Channel::Sms, None, 1, &[4][..]),
        ]
    );
    let item = &t.days[0].items[1];
    assert_eq!(
        (item.contact_key.as_str(), item.kind),
        ("a2", EventKind::Sent)
    );
    let empty = timeline(&ds, &events, &[], &TimelineFilter::default());
    assert_eq!((empty.days.len(), empty.total), (0, 0));
}

proptest::proptest! {
    #[test]
    fn every_event_of_the_person_once_in_time_order(
        rows in proptest::collection::vec((0u8..4, 0i64..5 * 24, 0u8..4), 0..40),
        person in proptest::collection::vec(0u32..4, 0..4),
    ) {
        use EventKind::*;
        let kinds = [Sent, Replied, Opened, Visited];
        let mut ds = Dataset::default();
        for key in ["p0", "p1", "p2", "p3"] {
            ds.contact_id(key);
        }
        for &(who, hour, k) in &rows {
            let mut row = EventRow::new(["p0", "p1", "p2", "p3"][who as usize], d(0) + hour * H, Channel::Email, kinds[k as usize]);
            if kinds[k as usize] == Replied {
                row.direction = Direction::Inbound;
            }
            ds.push_event(&row);
        }
        let events = ContactEvents::build(&ds.events, ds.contact_count());
        let t = timeline(&ds, &events, &person, &TimelineFilter::default());
        let shown: Vec<u32> = t.days.iter().flat_map(|d| d.items.iter().map(|i| i.row)).collect();
        let mut expected: Vec<u32> = (0..rows.len() as u32)
            .filter(|&r| person.contains(&ds.events.contact[r as usize]))
            .collect();
        expected.sort_by_key(|&r| (ds.events.ts[r as usize], r));
        proptest::prop_assert_eq!(&shown, &expected);
        for w in t.days.windows(2) {
            proptest::prop_assert!(w[0].date < w[1].date);
        }
        for th in &t.threads {
            proptest::prop_assert!(!th.replies.is_empty());
            for &r in &th.replies {
                proptest::prop_assert!(ds.events.ts[r as usize] >= ds.events.ts[th.message as usize]);
                proptest::prop_assert!(r != th.message);
            }
        }
    }
}
