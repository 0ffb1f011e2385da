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

/// Amounts whose float sums change with the order of addition, so a merge
/// that adds partial sums instead of replaying them in order shows.
const AWKWARD: [f64; 5] = [0.1, 1e16, 0.3, -1e16, 7.7];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_split_recompute_equals_the_single_walk(
        mut ds in arb_dataset(ARB_DAYS),
        (from, len) in (0i64..ARB_DAYS, 1i64..30),
        (kfilter, rfilter) in (arb_filter(), arb_filter()),
        (orders_count, dormancy, rule, by_channel) in (any::<bool>(), 1i64..20, 0u8..3, any::<bool>()),
        mut cuts in proptest::collection::vec(0usize..7, 0..4),
        threads in 1usize..5,
    ) {
        use crate::funnel::{Breakdown, FunnelQuery, Step, StepMatch};
        use crate::kpi::{kpis, kpis_parallel};
        for (i, a) in ds.orders.amount.iter_mut().enumerate() {
            *a = AWKWARD[i % AWKWARD.len()];
        }
        for (i, v) in ds.events.value.iter_mut().enumerate() {
            *v = AWKWARD[(i + 2) % AWKWARD.len()] as f32;
        }
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
            attribution: [Attribution::LastTouch, Attribution::FirstTouch, Attribution::Linear][rule as usize],
            filter: rfilter,
            ..ReactivationQuery::new(period)
        };
        let mut fq = FunnelQuery::new(
            [Sent, Opened, Clicked].iter().map(|&k| Step::new(StepMatch::Kind(k), k.as_str())).collect(),
            period,
            (from + len) * DAY,
        );
        fq.breakdown = if by_channel { Breakdown::Channel } else { Breakdown::None };
        let idx = ContactIndex::build(&ds);
        let single = recompute(&ds, &idx, &kq, &rq, &fq);
        // Any consecutive ranges, empty ones included.
        let n = idx.contacts();
        cuts.iter_mut().for_each(|c| *c = (*c).min(n));
        cuts.sort_unstable();
        let mut ranges = Vec::new();
        let mut start = 0;
        for &c in cuts.iter().chain([&n]) {
            ranges.push(start..c);
            start = c;
        }
        prop_assert_eq!(&recompute_split(&ds, &idx, &kq, &rq, &fq, &ranges), &single);
        prop_assert_eq!(&recompute_parallel(&ds, &idx, &kq, &rq, &fq, threads), &single);
        for group_by in [GroupBy::Total, GroupBy::Scope, GroupBy::Campaign] {
            let kq = KpiQuery { group_by, ..kq.clone() };
            prop_assert_eq!(kpis_parallel(&ds, &idx, &kq, threads), kpis(&ds, &idx, &kq));
        }
        prop_assert_eq!(kpis_parallel(&ds, &idx, &kq, threads), single.kpis);
    }
}

#[test]
fn split_ranges_cover_the_contacts_with_balanced_rows() {
    let mut ds = Dataset::default();
    for (c, n) in [("a", 4), ("b", 1), ("c", 1), ("d", 2)] {
        for t in 0..n {
            ds.push_event(&ev(c, t, Email, Sent));
        }
    }
    ds.push_order(None, "d", 5, 1.0);
    let idx = ContactIndex::build(&ds);
    // 9 rows: a has 4, then b, c, d (3 with its order).
    let everyone = std::iter::once(0..4).collect::<Vec<_>>();
    assert_eq!(idx.split(1), everyone);
    assert_eq!(idx.split(2), [0..1, 1..4]);
    assert_eq!(idx.split(3), [0..1, 1..3, 3..4]);
    assert_eq!(idx.split(0), everyone);
    assert_eq!(ContactIndex::default().split(2), [0..0, 0..0]);
}
