use super::*;
use crate::model::DAY;
use proptest::prelude::*;

/// Tiers of customers 0.. with the given amounts, as a string in input order.
fn tiers_of(amounts: &[f64], config: &TierConfig) -> String {
    let customers: Vec<(u32, f64)> = amounts.iter().zip(0u32..).map(|(&m, c)| (c, m)).collect();
    let got = tiers(&customers, amounts.len(), config);
    (0..amounts.len() as u32)
        .map(|c| match got.get(c) {
            Some(Tier::A) => 'A',
            Some(Tier::B) => 'B',
            Some(Tier::C) => 'C',
            None => '-',
        })
        .collect()
}

fn check(amounts: &[f64], expected: &str) {
    assert_eq!(
        tiers_of(amounts, &TierConfig::default()),
        expected,
        "{amounts:?}"
    );
}

#[test]
fn boundaries() {
    check(&[80.0, 15.0, 5.0], "ABC");
    check(&[0.8, 0.15, 0.05], "ABC");
    check(&[100.0], "A");
    // 79 + 20: the 20 starts at 79 % < 80 %, so it straddles the line and is A.
    check(&[79.0, 1.0, 20.0], "ACA");
    check(&[50.0, 30.0, 10.0, 5.0, 5.0], "AABBB");
    // Ties share the tier of the first of their group.
    check(&[40.0, 40.0, 20.0], "AAB");
    check(&[10.0, 10.0, 10.0, 10.0], "AAAA");
    check(&[10.0, 0.0, -5.0], "ACC");
    check(&[0.0, 0.0], "CC");
    check(&[], "");
    // 60 | 25 | 10 | 5: 25 starts at 60 % (A), 10 at 85 % (B), 5 at 95 % (C).
    check(&[10.0, 25.0, 60.0, 5.0], "BAAC");
}

#[test]
fn custom_thresholds() {
    let half = TierConfig {
        a_percent: 50.0,
        b_percent: 30.0,
    };
    assert_eq!(tiers_of(&[40.0, 30.0, 20.0, 10.0], &half), "AABC");
    assert_eq!(tiers_of(&[50.0, 30.0, 20.0], &half), "ABC");
}

#[test]
fn totals_and_members() {
    let got = tiers(&[(0, 5.0), (1, 80.0), (2, 15.0)], 4, &TierConfig::default());
    assert_eq!(
        got.members.iter().map(|m| m.contact).collect::<Vec<_>>(),
        [1, 2, 0]
    );
    assert_eq!(got.totals[0].customers, 1);
    assert_eq!(got.totals[1].revenue, 15.0);
    assert_eq!(got.get(3), None);
}

fn period_dataset() -> Dataset {
    let mut ds = Dataset::default();
    // Period 1 (days 0–9): a 80, b 15, c 5. Period 2 (days 10–19): c 80, a 15, d 5.
    for (who, day, amount) in [
        ("a", 1, 80.0),
        ("b", 2, 15.0),
        ("c", 3, 5.0),
        ("c", 11, 80.0),
        ("a", 12, 15.0),
        ("d", 13, 5.0),
    ] {
        ds.push_order(None, who, day * DAY, amount);
    }
    ds
}

#[test]
fn migration_between_periods() {
    let ds = period_dataset();
    let config = TierConfig::default();
    let p1 = tiers_in_period(&ds, 0, 10 * DAY, &config);
    let p2 = tiers_in_period(&ds, 10 * DAY, 20 * DAY, &config);
    let m = migration(&p1, &p2);
    let cases = [
        (Some(Tier::A), Some(Tier::B), 1),
        (Some(Tier::B), None, 1),
        (Some(Tier::C), Some(Tier::A), 1),
        (None, Some(Tier::C), 1),
        (Some(Tier::A), Some(Tier::A), 0),
        (None, Some(Tier::A), 0),
    ];
    for (from, to, n) in cases {
        assert_eq!(m.count(from, to), n, "{from:?} → {to:?}");
    }
    assert_eq!(m.cells.len(), 15);
    assert_eq!(m.cells.iter().map(|c| c.customers).sum::<u32>(), 4);
    assert_eq!((m.up, m.down), (1, 1));
}

proptest! {
    #[test]
    fn tiers_partition_customers_and_follow_value(
        amounts in proptest::collection::vec(-50i32..5000, 0..60),
        a in 0u8..100, b in 0u8..100,
    ) {
        let config = TierConfig { a_percent: f64::from(a), b_percent: f64::from(b) };
        let customers: Vec<(u32, f64)> =
            amounts.iter().zip(0u32..).map(|(&m, c)| (c, f64::from(m) / 100.0)).collect();
        let got = tiers(&customers, amounts.len(), &config);
        prop_assert_eq!(got.members.len(), amounts.len());
        prop_assert_eq!(got.totals.iter().map(|t| t.customers as usize).sum::<usize>(), amounts.len());
        for &(c, m) in &customers {
            let t = got.get(c);
            prop_assert!(t.is_some());
            for &(d, n) in &customers {
                if m > n { prop_assert!(t <= got.get(d)); }
                if m == n { prop_assert_eq!(t, got.get(d)); }
            }
        }
    }
}

proptest! {
    #[test]
    fn the_radix_order_is_the_comparison_order(
        amounts in proptest::collection::vec(-500i64..500, 0..80),
        // One radix pass, two, and too wide for the radix path.
        scale in prop_oneof![Just(1i64), Just(1_000), Just(1 << 30)],
        gaps in proptest::collection::vec(0u32..3, 80),
    ) {
        // Contact ids ascending (with repeats), as `tiers_in_period` gives
        // them: the radix path; the sort by (cents desc, contact, index) is
        // the reference.
        let mut contact = 0;
        let customers: Vec<(u32, f64)> = amounts
            .iter()
            .zip(&gaps)
            .map(|(&a, &g)| {
                contact += g;
                (contact, (a * scale) as f64 / 100.0)
            })
            .collect();
        let mut expected: Vec<u32> = (0..customers.len() as u32).collect();
        expected.sort_by_key(|&i| {
            let (c, m) = customers[i as usize];
            (std::cmp::Reverse(cents(m)), c, i)
        });
        let cents: Vec<i64> = customers.iter().map(|&(_, m)| cents(m)).collect();
        prop_assert_eq!(by_value(&customers, &cents), expected);
    }
}

proptest! {
    #[test]
    fn round_is_the_standard_round(bits in any::<u64>(), small in -1e6f64..1e6, half in -2000i32..2000) {
        // Any f64 at all, ordinary amounts, and exact halves (x.5), the
        // ties that decide the rounding direction.
        for y in [f64::from_bits(bits), small, f64::from(half) + 0.5, f64::from(half) / 100.0 * 100.0] {
            if y.is_finite() {
                prop_assert_eq!(round(y), y.round() as i64, "{}", y);
            }
        }
    }
}

#[test]
fn round_at_the_edges() {
    for y in [
        0.49999999999999994,
        -0.49999999999999994,
        0.5,
        -0.5,
        1.5,
        -2.5,
        4_503_599_627_370_495.5,
        -4_503_599_627_370_495.5,
        4_503_599_627_370_496.0,
        9.3e18,
        -9.3e18,
        1e300,
        -1e300,
    ] {
        assert_eq!(round(y), y.round() as i64, "{y}");
    }
}

proptest! {
    #[test]
    fn runs_are_the_general_sums(
        // (customer, day, amount)
        orders in proptest::collection::vec((0u8..12, 0i64..30, 0usize..8), 0..80),
        from in prop_oneof![Just(i64::MIN), 0i64..30],
        to in prop_oneof![Just(i64::MAX), 0i64..35],
    ) {
        // Non-finite amounts are skipped; −0.0 and cancelling cents must
        // give the same bits on both paths.
        let amounts = [0.1, 0.2, 19.99, -0.0, -5.5, f64::NAN, f64::INFINITY, 1e300];
        let mut ds = Dataset::default();
        for &(who, day, amount) in &orders {
            ds.push_order(None, &format!("c{who}"), day * DAY + 3600, amounts[amount]);
        }
        let unsorted = ds.clone();
        crate::contact_index::sort_by_contact(&mut ds);
        let (from, to) = (from.saturating_mul(DAY), to.saturating_mul(DAY));
        let bits = |c: &[(u32, f64)]| c.iter().map(|&(c, m)| (c, m.to_bits())).collect::<Vec<_>>();
        for (ds, sorted) in [(&ds, true), (&unsorted, false)] {
            let n = ds.contact_count();
            let general = by_contact(&ds.orders, from, to, n);
            match by_runs(&ds.orders, from, to, n) {
                Some(got) => prop_assert_eq!(bits(&got), bits(&general)),
                // Rows in file order may or may not be grouped; sorted
                // ones always are.
                None => prop_assert!(!sorted),
            }
        }
    }
}

/// The tiers as the first version placed them: the sorted customers cut
/// into groups of equal cents, each group placed by the revenue before it.
fn reference(customers: &[(u32, f64)], n: usize, config: &TierConfig) -> TierResult {
    let c: Vec<i64> = customers.iter().map(|&(_, m)| cents(m)).collect();
    let order: Vec<(i64, u32, f64)> = by_value(customers, &c)
        .into_iter()
        .map(|i| {
            (
                c[i as usize],
                customers[i as usize].0,
                customers[i as usize].1,
            )
        })
        .collect();
    let total: i128 = order.iter().map(|o| i128::from(o.0.max(0))).sum();
    let a_line = total * basis_points(config.a_percent);
    let b_line = total * (basis_points(config.a_percent) + basis_points(config.b_percent));
    let n = n.max(order.iter().map(|o| o.1 as usize + 1).max().unwrap_or(0));
    let mut tier_of = vec![u8::MAX; n];
    let mut members = Vec::new();
    let mut totals: Vec<TierTotal> = Tier::ALL
        .iter()
        .map(|&tier| TierTotal {
            tier,
            customers: 0,
            revenue: 0.0,
        })
        .collect();
    let (mut before, mut start) = (0i128, 0);
    while start < order.len() {
        let value = order[start].0;
        let end = start + order[start..].iter().take_while(|o| o.0 == value).count();
        let scaled = before * 10_000;
        let tier = if value <= 0 {
            Tier::C
        } else if scaled < a_line {
            Tier::A
        } else if scaled < b_line {
            Tier::B
        } else {
            Tier::C
        };
        for &(c, contact, monetary) in &order[start..end] {
            before += i128::from(c.max(0));
            tier_of[contact as usize] = tier as u8;
            members.push(TierMember {
                contact,
                monetary,
                tier,
            });
            totals[tier as usize].customers += 1;
            totals[tier as usize].revenue += monetary;
        }
        start = end;
    }
    TierResult {
        members,
        totals,
        tier_of,
    }
}

proptest! {
    #[test]
    fn tiers_are_the_reference(
        amounts in proptest::collection::vec(prop_oneof![-50i32..50, -50i32..5000], 0..80),
        a in 0u8..100, b in 0u8..100,
        sorted in any::<bool>(),
    ) {
        // Contact ids ascending (the radix path) or descending (the
        // comparison sort), ties frequent.
        let config = TierConfig { a_percent: f64::from(a), b_percent: f64::from(b) };
        let len = amounts.len() as u32;
        let customers: Vec<(u32, f64)> = amounts
            .iter()
            .zip(0u32..)
            .map(|(&m, c)| (if sorted { c } else { len - c }, f64::from(m) / 10.0))
            .collect();
        let got = tiers(&customers, amounts.len(), &config);
        let expected = reference(&customers, amounts.len(), &config);
        prop_assert_eq!(format!("{got:?}"), format!("{expected:?}"));
    }
}
