use super::*;
use crate::analytics_testkit::*;
use crate::model::{Channel, EventRow};
use proptest::prelude::*;

/// `view`, `cart`, `buy` by name; anything else is a plain event.
fn e<'a>(contact: &'a str, ts: i64, what: &'a str) -> EventRow<'a> {
    match what {
        "view" | "cart" | "buy" => ev(contact, ts, Web, Custom).named(what),
        "unsub" => ev(contact, ts, Email, Unsubscribed),
        _ => ev(contact, ts, Email, Sent),
    }
}

fn query(ds: &Dataset) -> FunnelQuery {
    let step = |n: &str| {
        Step::new(
            StepMatch::name(ds, n).unwrap_or(StepMatch::Name(NONE - 1)),
            n,
        )
    };
    FunnelQuery::new(
        vec![step("view"), step("cart"), step("buy")],
        Period::ALL,
        1_000 * DAY,
    )
}

/// Entered counts per step, then `+N` for runs still in progress.
fn render(g: &FunnelGroup) -> String {
    let mut s: Vec<String> = g.steps.iter().map(|s| s.entered.to_string()).collect();
    if g.in_progress > 0 {
        s.push(format!("+{}", g.in_progress));
    }
    format!("{}: {}", g.label, s.join(" "))
}

fn check(rows: &[EventRow<'_>], tweak: impl Fn(&mut FunnelQuery), expected: &str) -> FunnelReport {
    let ds = dataset(rows);
    let idx = ContactIndex::build(&ds);
    let mut q = query(&ds);
    tweak(&mut q);
    let report = funnel(&ds, &idx, &q);
    assert_eq!(
        render(&report.total),
        format!("total: {expected}"),
        "{rows:?}"
    );
    report
}

fn ordered(_: &mut FunnelQuery) {}
fn strict(q: &mut FunnelQuery) {
    q.mode = OrderMode::Strict;
}
fn any_order(q: &mut FunnelQuery) {
    q.mode = OrderMode::Any;
}

#[test]
fn ordered_counts_units_reaching_each_step() {
    let r = check(
        &[
            e("a", 0, "view"),
            e("a", 10, "cart"),
            e("a", 20, "buy"),
            e("b", 0, "view"),
            e("b", 5, "cart"),
            e("c", 0, "view"),
            e("d", 0, "cart"),
            e("d", 1, "buy"),
        ],
        ordered,
        "3 2 1",
    );
    let s = &r.total.steps;
    assert_eq!(
        (s[0].conversion, s[1].conversion, s[2].conversion),
        (Rate::new(3, 3), Rate::new(2, 3), Rate::new(1, 2))
    );
    assert_eq!(s[1].drop_off, Rate::new(1, 3));
    assert_eq!(r.total.overall, Rate::new(1, 3));
}

#[test]
fn order_modes() {
    // A step before s1 does not count in any mode.
    check(
        &[e("a", 0, "cart"), e("a", 5, "view"), e("a", 10, "buy")],
        ordered,
        "1 0 0",
    );
    check(
        &[e("a", 0, "cart"), e("a", 5, "view"), e("a", 10, "buy")],
        any_order,
        "1 0 0",
    );
    // Another event in between is fine when ordered, fatal when strict.
    let between = [
        e("a", 0, "view"),
        e("a", 1, "sent"),
        e("a", 2, "cart"),
        e("a", 3, "buy"),
    ];
    check(&between, ordered, "1 1 1");
    check(&between, strict, "1 0 0");
    check(
        &[e("a", 0, "view"), e("a", 2, "cart"), e("a", 3, "buy")],
        strict,
        "1 1 1",
    );
    // A repeated step is "another event" too.
    check(
        &[e("a", 0, "view"), e("a", 1, "view"), e("a", 2, "cart")],
        strict,
        "1 0 0",
    );
    check(
        &[e("a", 0, "view"), e("a", 1, "view"), e("a", 2, "cart")],
        ordered,
        "1 1 0",
    );
    // Any order after s1.
    let swapped = [e("a", 0, "view"), e("a", 1, "buy"), e("a", 2, "cart")];
    check(&swapped, any_order, "1 1 1");
    check(&swapped, ordered, "1 1 0");
    check(&[e("a", 0, "view"), e("a", 1, "buy")], any_order, "1 0 0");
}

#[test]
fn ordered_takes_the_earliest_occurrence() {
    // Taking the cart at 1 leaves the buy at 2 reachable; at 5 the buy at 2
    // would be before it.
    let r = check(
        &[
            e("a", 0, "view"),
            e("a", 1, "cart"),
            e("a", 2, "buy"),
            e("a", 5, "cart"),
        ],
        ordered,
        "1 1 1",
    );
    assert_eq!(r.total.steps[1].mean_secs, Some(1.0));
}

#[test]
fn equal_timestamps_keep_file_order() {
    check(&[e("a", 5, "cart"), e("a", 5, "view")], ordered, "1 0 0");
    check(&[e("a", 5, "view"), e("a", 5, "cart")], ordered, "1 1 0");
    check(
        &[e("a", 5, "view"), e("a", 5, "cart"), e("a", 5, "buy")],
        strict,
        "1 1 1",
    );
}

#[test]
fn windows() {
    let late = [
        e("a", 0, "view"),
        e("a", 14 * DAY, "cart"),
        e("a", 14 * DAY + 1, "buy"),
    ];
    check(&late, ordered, "1 1 0");
    check(&late, |q| q.window = None, "1 1 1");
    // Per-step window: cart within an hour of the view.
    let hour = |q: &mut FunnelQuery| q.steps[1].window = Some(3_600);
    check(&[e("a", 0, "view"), e("a", 3_601, "cart")], hour, "1 0 0");
    check(&[e("a", 0, "view"), e("a", 3_600, "cart")], hour, "1 1 0");
    // In any order, a step's own window counts from s1.
    let any_buy_5 = |q: &mut FunnelQuery| {
        q.mode = OrderMode::Any;
        q.steps[2].window = Some(5);
    };
    check(
        &[e("a", 0, "view"), e("a", 10, "buy"), e("a", 2, "cart")],
        any_buy_5,
        "1 1 0",
    );
    check(
        &[e("a", 0, "view"), e("a", 5, "buy"), e("a", 9, "cart")],
        any_buy_5,
        "1 1 1",
    );
}

#[test]
fn open_windows_are_reported_apart() {
    let rows = [
        e("a", 0, "view"),
        e("a", DAY, "cart"),
        e("b", 0, "view"),
        e("b", 1, "cart"),
        e("b", 2, "buy"),
        e("c", 0, "view"),
        e("c", 1, "sent"),
        e("c", 2, "cart"),
    ];
    // Ten days in, a and c can still buy; b is done.
    let r = check(&rows, |q| q.as_of = 10 * DAY, "1 1 1 +2");
    assert_eq!(r.total.steps[1].in_progress, 2);
    assert_eq!(r.total.steps[2].in_progress, 0);
    // c's strict run was broken by the send: final, a drop-off.
    check(
        &rows,
        |q| {
            q.as_of = 10 * DAY;
            q.mode = OrderMode::Strict;
        },
        "2 1 1 +1",
    );
    // Once 14 days have passed everyone is final.
    check(&rows, |q| q.as_of = 14 * DAY, "3 3 1");
    // Events after as_of do not exist yet.
    check(
        &[e("a", 0, "view"), e("a", 5, "cart")],
        |q| q.as_of = 4,
        "0 0 0 +1",
    );
}

#[test]
fn exclusions_end_the_run() {
    let ex = |q: &mut FunnelQuery| q.exclusions = vec![StepMatch::Kind(Unsubscribed)];
    check(
        &[e("a", 0, "view"), e("a", 1, "unsub"), e("a", 2, "cart")],
        ex,
        "1 0 0",
    );
    check(
        &[e("a", 0, "unsub"), e("a", 1, "view"), e("a", 2, "cart")],
        ex,
        "1 1 0",
    );
}

#[test]
fn period_bounds_entry_only() {
    let rows = [e("a", 5, "view"), e("a", 50, "cart"), e("b", 100, "view")];
    check(&rows, |q| q.period = Period::new(0, 10), "1 1 0");
    check(&rows, |q| q.period = Period::new(10, 100), "0 0 0");
}

#[test]
fn per_session_runs() {
    let rows = [
        e("a", 0, "view").session("s1"),
        e("a", 1, "view").session("s2"),
        e("a", 2, "cart").session("s1"),
        e("a", 3, "cart"),
        e("b", 0, "view"),
    ];
    check(&rows, |q| q.unit = Unit::Session, "2 1 0");
    check(&rows, ordered, "2 1 0");
}

#[test]
fn time_between_steps() {
    let r = check(
        &[
            e("a", 0, "view"),
            e("a", 10, "cart"),
            e("a", 30, "buy"),
            e("b", 0, "view"),
            e("b", 20, "cart"),
            e("b", 30, "buy"),
            e("c", 0, "view"),
            e("c", 60, "cart"),
        ],
        ordered,
        "3 3 2",
    );
    let s = &r.total.steps;
    assert_eq!((s[0].mean_secs, s[0].median_secs), (None, None));
    assert_eq!((s[1].mean_secs, s[1].median_secs), (Some(30.0), Some(20.0)));
    assert_eq!((s[2].mean_secs, s[2].median_secs), (Some(15.0), Some(15.0)));
}

#[test]
fn breakdowns() {
    let mut ds = dataset(&[
        ev("a", 0, Web, Custom).named("view"),
        ev("a", 1, Web, Custom).named("cart"),
        ev("b", 0, Channel::AppPush, Custom).named("view"),
        ev("c", 0, Web, Custom).named("view"),
    ]);
    let idx = ContactIndex::build(&ds);
    let mut q = query(&ds);
    q.breakdown = Breakdown::Channel;
    let r = funnel(&ds, &idx, &q);
    let got: Vec<String> = r.groups.iter().map(render).collect();
    assert_eq!(got, ["web: 2 1 0", "app_push: 1 0 0"]);
    let es = ds.text.intern("ES");
    ds.contacts.country = vec![es, NONE, es];
    q.breakdown = Breakdown::Attribute("country".into());
    let got: Vec<String> = funnel(&ds, &idx, &q).groups.iter().map(render).collect();
    assert_eq!(got, ["ES: 2 1 0", "(none): 1 0 0"]);
}

#[test]
fn steps_by_kind() {
    let ds = dataset(&[
        ev("a", 0, Email, Sent),
        ev("a", 1, Email, Opened),
        ev("b", 0, Email, Sent),
    ]);
    let idx = ContactIndex::build(&ds);
    let q = FunnelQuery::new(
        vec![
            Step::new(StepMatch::Kind(Sent), "sent"),
            Step::new(StepMatch::Kind(Opened), "opened"),
        ],
        Period::ALL,
        100 * DAY,
    );
    let r = funnel(&ds, &idx, &q);
    assert_eq!(render(&r.total), "total: 2 1");
}

#[test]
fn mean_and_median() {
    assert_eq!(mean_median(&mut []), (None, None));
    assert_eq!(mean_median(&mut [5]), (Some(5.0), Some(5.0)));
    assert_eq!(mean_median(&mut [4, 1, 3, 2]), (Some(2.5), Some(2.5)));
    assert_eq!(mean_median(&mut [9, 1, 2]), (Some(4.0), Some(2.0)));
}

fn arb_events() -> impl Strategy<Value = Vec<(u8, i64, u8)>> {
    proptest::collection::vec((0u8..5, 0i64..40 * DAY, 0u8..5), 0..60)
}

proptest! {
    #[test]
    fn entered_never_increases(events in arb_events(), mode in 0u8..3, as_of in 0i64..60 * DAY, excl in any::<bool>()) {
        let names = ["view", "cart", "buy", "sent", "unsub"];
        let contacts = ["a", "b", "c", "d", "e"];
        let rows: Vec<EventRow<'_>> = events.iter().map(|&(c, t, w)| e(contacts[c as usize], t, names[w as usize])).collect();
        let ds = dataset(&rows);
        let idx = ContactIndex::build(&ds);
        let mut q = query(&ds);
        q.mode = [OrderMode::Ordered, OrderMode::Strict, OrderMode::Any][mode as usize];
        q.as_of = as_of;
        if excl {
            q.exclusions = vec![StepMatch::Kind(Unsubscribed)];
        }
        let r = funnel(&ds, &idx, &q);
        let mut sorted = ds.clone();
        let sorted_idx = crate::contact_index::sort_by_contact(&mut sorted);
        prop_assert_eq!(&r, &funnel(&sorted, &sorted_idx, &q));
        for w in r.total.steps.windows(2) {
            prop_assert!(w[1].entered <= w[0].entered);
            prop_assert!(w[1].in_progress <= w[0].in_progress);
        }
        for s in &r.total.steps {
            prop_assert!(s.conversion.value().is_none_or(|v| (0.0..=1.0).contains(&v)));
            prop_assert!(s.mean_secs.is_none_or(|m| m >= 0.0));
        }
    }
}

proptest! {
    /// The s1 search of a run of rows (one column compared per row) finds
    /// the row the plain test on every row finds, for a step 1 by kind,
    /// by a name, by no name and by an unknown name, over every run of a
    /// random table, with a period and an `as_of` cutting some rows off.
    #[test]
    fn run_entry_is_the_plain_one(
        events in proptest::collection::vec((0u8..5, 0i64..40 * DAY), 0..40),
        first in 0u8..5,
        from in 0i64..20 * DAY,
        as_of in 0i64..40 * DAY,
    ) {
        let names = ["view", "cart", "buy", "sent", "unsub"];
        let rows: Vec<EventRow<'_>> = events.iter().map(|&(w, t)| e("a", t, names[w as usize])).collect();
        let ds = dataset(&rows);
        let view = StepMatch::name(&ds, "view").unwrap_or(StepMatch::Name(NONE - 1));
        let matcher = [view, StepMatch::Kind(Sent), StepMatch::Name(NONE), StepMatch::Name(NONE - 1), StepMatch::Kind(Opened)][first as usize];
        let mut q = query(&ds);
        q.steps[0].matcher = matcher;
        q.period = Period::new(from, 40 * DAY);
        q.as_of = as_of;
        let walker = Walker::new(&ds, &q, &q.steps);
        let n = ds.events.len();
        for start in 0..=n {
            for end in start..=n {
                prop_assert_eq!(
                    walker.first_in_run(start..end),
                    walker.first(&mut (start..end)),
                    "{:?} {}..{}", matcher, start, end
                );
            }
        }
    }
}
