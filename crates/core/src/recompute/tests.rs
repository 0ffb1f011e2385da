use super::*;
use crate::analytics_testkit::*;
use crate::kpi::{kpis_compare, GroupBy, KpiConfig};
use crate::model::EventRow;
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn one_walk_equals_the_separate_passes(
        ds in arb_dataset(ARB_DAYS),
        (from, len) in (0i64..ARB_DAYS, 1i64..30),
        kfilter in arb_filter(),
        rfilter in arb_filter(),
        (group, machine, orders_count, dormancy, window, rule) in
            (0u8..4, proptest::option::of(0i64..3), any::<bool>(), 1i64..20, 0i64..10, 0u8..3),
    ) {
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
            period: Period::new((ARB_DAYS - from) * DAY, (ARB_DAYS - from + len) * DAY),
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_full_recompute_equals_the_separate_passes(
        ds in arb_dataset(ARB_DAYS),
        (from, len) in (0i64..ARB_DAYS, 1i64..30),
        (kfilter, rfilter) in (arb_filter(), arb_filter()),
        (orders_count, dormancy, mode, window, by_channel, web) in
            (any::<bool>(), 1i64..20, 0u8..3, proptest::option::of(0i64..5), any::<bool>(), any::<bool>()),
    ) {
        use crate::funnel::{funnel, Breakdown, FunnelQuery, OrderMode, Step, StepMatch};
        use crate::kpi::kpis;
        let period = Period::new(from * DAY, (from + len) * DAY);
        let kq = KpiQuery {
            filter: kfilter,
            config: KpiConfig {
                orders_as_conversions: orders_count,
                ..KpiConfig::default()
            },
            ..KpiQuery::new(period, GroupBy::Channel)
        };
        let rq = ReactivationQuery {
            dormancy: dormancy * DAY,
            filter: rfilter,
            ..ReactivationQuery::new(period)
        };
        let kinds = if web { [Visited, PageView, Purchase] } else { [Sent, Opened, Clicked] };
        let mut fq = FunnelQuery::new(
            kinds.iter().map(|&k| Step::new(StepMatch::Kind(k), k.as_str())).collect(),
            period,
            (from + len) * DAY,
        );
        fq.mode = [OrderMode::Ordered, OrderMode::Strict, OrderMode::Any][mode as usize];
        fq.window = window.map(|w| w * DAY);
        fq.breakdown = if by_channel { Breakdown::Channel } else { Breakdown::None };
        let idx = ContactIndex::build(&ds);
        let got = recompute(&ds, &idx, &kq, &rq, &fq);
        prop_assert_eq!(got.kpis, kpis(&ds, &idx, &kq));
        prop_assert_eq!(got.reactivation, reactivation(&ds, &idx, &rq));
        prop_assert_eq!(got.funnel, funnel(&ds, &idx, &fq));
    }
}
