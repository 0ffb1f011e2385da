use super::*;
use crate::analytics_testkit::*;
use crate::kpi::{kpis_compare, Filter, GroupBy, KpiConfig};
use crate::model::{Channel, EventKind, EventRow, Scope};
use crate::rate::Period;
use crate::reactivation::{reactivation, Attribution};
use proptest::prelude::*;

const D: i64 = 90 * DAY;

/// `dashboard_figures` against the separate functions it replaces.
fn check_same(ds: &Dataset, kq: &KpiQuery, rq: &ReactivationQuery) -> DashboardFigures {
    let idx = ContactIndex::build(ds);
    let fused = dashboard_figures(ds, &idx, kq, rq);
    let previous = ReactivationQuery {
        period: rq.period.previous(),
        ..rq.clone()
    };
    let separate = DashboardFigures {
        kpis: kpis_compare(ds, &idx, kq),
        reactivation: reactivation(ds, &idx, rq),
        previous_reactivation: reactivation(ds, &idx, &previous),
    };
    assert_eq!(fused, separate);
    fused
}

/// `(sent now, sent before, reactivations now, reactivations before)`.
fn check(rows: &[EventRow<'_>], orders: &[(&str, i64)], expected: (u64, u64, u64, u64)) {
    let mut ds = dataset(rows);
    for &(c, t) in orders {
        ds.push_order(None, c, t, 10.0);
    }
    let period = Period::new(D, 2 * D);
    let f = check_same(
        &ds,
        &KpiQuery::new(period, GroupBy::Channel),
        &ReactivationQuery::new(period),
    );
    let got = (
        f.kpis.current.total.counts.sent,
        f.kpis.previous.total.counts.sent,
        f.reactivation.reactivations,
        f.previous_reactivation.reactivations,
    );
    assert_eq!(got, expected);
}

#[test]
fn both_periods_in_one_walk() {
    // Nothing at all.
    check(&[], &[], (0, 0, 0, 0));
    // A visit at -100 days, a mail at 5 days and a visit at 6: back after
    // 106 days, in the previous period [0, D).
    check(
        &[
            ev("a", -100 * DAY, Web, Visited),
            ev("a", 5 * DAY, Email, Sent),
            ev("a", 6 * DAY, Web, Visited),
        ],
        &[],
        (0, 1, 0, 1),
    );
    // An order is activity too: back in the current period after 100 days.
    check(
        &[ev("a", D, Email, Sent), ev("a", D + 1, Email, Sent)],
        &[("a", 0), ("a", D + 100 * DAY - 5 * DAY)],
        (2, 0, 0, 0),
    );
    check(
        &[ev("a", D + 10 * DAY, Sms, Sent)],
        &[("a", 0), ("a", D + 11 * DAY)],
        (1, 0, 1, 0),
    );
}

const CHANNELS: [Channel; 4] = [Email, Sms, Web, WebPush];
const CONTACTS: [&str; 5] = ["a", "b", "c", "d", "e"];
const CAMPAIGNS: [&str; 3] = ["x", "y", "z"];

/// contact, day, hour, channel, kind code, campaign (3 = none), inbound,
/// flags, value.
type Raw = (u8, i64, i64, u8, u8, u8, bool, u8, Option<f32>);

fn raw() -> impl Strategy<Value = Raw> {
    (
        0u8..5,
        0i64..120,
        0i64..3,
        0u8..4,
        0u8..26,
        0u8..4,
        any::<bool>(),
        prop_oneof![3 => Just(0u8), 1 => 0u8..32],
        proptest::option::of(0f32..100.0),
    )
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        proptest::option::of(proptest::collection::vec(0usize..4, 0..3)),
        proptest::option::of(proptest::collection::vec(0u8..4, 0..3)),
        proptest::option::of(proptest::collection::vec(0u32..4, 0..3)),
    )
        .prop_map(|(ch, sc, camp)| Filter {
            channels: ch.map(|v| v.into_iter().map(|i| CHANNELS[i]).collect()),
            scopes: sc.map(|v| v.into_iter().filter_map(Scope::from_code).collect()),
            campaigns: camp,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn one_walk_equals_the_separate_passes(
        events in proptest::collection::vec(raw(), 0..120),
        orders in proptest::collection::vec((0u8..5, 0i64..120, 0i64..3), 0..10),
        (from, len) in (0i64..120, 1i64..60),
        kfilter in filter(),
        rfilter in filter(),
        (group, machine, orders_count, dormancy, window, rule) in
            (0u8..4, proptest::option::of(0i64..3), any::<bool>(), 1i64..40, 0i64..10, 0u8..3),
    ) {
        let mut ds = Dataset::default();
        for &(c, day, hour, ch, kind, camp, inbound, fl, value) in &events {
            // Codes past the last kind weigh the messaging ones, so that
            // clicks lead to conversions often enough.
            let kind = EventKind::from_code(kind)
                .filter(|_| kind < 19)
                .unwrap_or([Sent, Opened, Clicked, Purchase, Converted, Opened, Clicked][kind as usize % 19 % 7]);
            let mut r = ev(CONTACTS[c as usize], day * DAY + hour * 3600, CHANNELS[ch as usize], kind)
                .flag(fl)
                .scope(Scope::from_code(camp).unwrap_or(Scope::Unknown));
            if let Some(c) = CAMPAIGNS.get(camp as usize) {
                r = r.camp(c);
            }
            if let Some(v) = value {
                r = r.value(v);
            }
            r = if inbound { r.inbound() } else { r.outbound() };
            ds.push_event(&r);
        }
        for &(c, day, hour) in &orders {
            ds.push_order(None, CONTACTS[c as usize], day * DAY + hour * 3600, 5.0 + hour as f64);
        }
        let period = Period::new(from * DAY, (from + len) * DAY);
        let kq = KpiQuery {
            period,
            group_by: [GroupBy::Total, GroupBy::Channel, GroupBy::Scope, GroupBy::Campaign][group as usize],
            filter: kfilter,
            config: KpiConfig {
                machine_open_secs: machine,
                orders_as_conversions: orders_count,
                ..KpiConfig::default()
            },
        };
        let rq = ReactivationQuery {
            period: Period::new((120 - from) * DAY, (120 - from + len) * DAY),
            dormancy: dormancy * DAY,
            window: window * DAY,
            attribution: [Attribution::LastTouch, Attribution::FirstTouch, Attribution::Linear][rule as usize],
            filter: rfilter,
        };
        check_same(&ds, &kq, &rq);
        // The dashboard's own use: the same period and filter for both.
        let same = ReactivationQuery { period, filter: kq.filter.clone(), ..rq };
        check_same(&ds, &kq, &same);
    }
}
