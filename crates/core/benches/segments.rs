//! Segmentation benchmarks: RFM + tiers over 100k customers / 1M order
//! lines, rule re-evaluation over 1M contacts, identity merge of 1M records.
//!
//! Data comes from a seeded LCG so every run measures the same input, and
//! is built on first use, so a filtered run builds only what it measures.
//!
//! With `CANAL_BENCH_CPU=1` the figures are this thread's CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`) instead of wall time: on a shared, loaded machine
//! that measures the work rather than the wait for a core.

use canal_core::by_contact::ContactEvents;
use canal_core::identity::{merge, IdentityConfig, SourceRecord};
use canal_core::model::{Channel, Dataset, EventKind, EventRow, DAY};
use canal_core::pressure::{Pressure, PressureConfig};
use canal_core::rfm::{f64_order_key, quintile_scores, rfm, RfmOptions};
use canal_core::rules::{AttrOp, Rule, SegmentContext};
use canal_core::scoring::{score, FitRule, InteractionRule, ScoringModel};
use canal_core::tiers::{tiers, TierConfig};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::OnceLock;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::run;

/// Knuth's MMIX LCG; the high bits are the usable ones.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

const T0: i64 = 20_000 * DAY;

fn orders_dataset(customers: u32, orders: u32) -> Dataset {
    let mut rng = Lcg(42);
    let mut ds = Dataset::default();
    let keys: Vec<String> = (0..customers).map(|i| format!("c{i}")).collect();
    for k in &keys {
        ds.contact_id(k);
    }
    // Order lines: two per order id.
    for o in 0..orders / 2 {
        // Skewed: low ids buy more often, like real customer bases.
        let c = rng.below(customers).min(rng.below(customers));
        let ts = T0 + i64::from(rng.below(730)) * DAY + i64::from(rng.below(86_400));
        let id = format!("o{o}");
        for _ in 0..2 {
            let amount = f64::from(rng.below(20_000)) / 100.0;
            ds.push_order(Some(&id), &keys[c as usize], ts, amount);
        }
    }
    ds
}

fn orders() -> &'static (Dataset, Vec<(u32, f64)>) {
    static DATA: OnceLock<(Dataset, Vec<(u32, f64)>)> = OnceLock::new();
    DATA.get_or_init(|| {
        let ds = orders_dataset(100_000, 1_000_000);
        let monetary = rfm(&ds, &RfmOptions::default())
            .customers
            .iter()
            .map(|c| (c.contact, c.monetary))
            .collect();
        (ds, monetary)
    })
}

fn bench_rfm_tiers(c: &mut Criterion) {
    let mut g = c.benchmark_group("rfm_tiers");
    g.bench_function("rfm_100k_customers_1m_orders", |b| {
        let (ds, _) = orders();
        run(b, || rfm(black_box(ds), &RfmOptions::default()))
    });
    g.bench_function("rfm_scores_only_100k_customers", |b| {
        // The scoring half of RFM: three dimensions from per-customer values.
        let (ds, _) = orders();
        let result = rfm(ds, &RfmOptions::default());
        let r: Vec<u64> = result
            .customers
            .iter()
            .map(|c| u64::from(u32::MAX - c.recency_days))
            .collect();
        let f: Vec<u64> = result
            .customers
            .iter()
            .map(|c| u64::from(c.frequency))
            .collect();
        let m: Vec<u64> = result
            .customers
            .iter()
            .map(|c| f64_order_key(c.monetary))
            .collect();
        run(b, || {
            (
                quintile_scores(&r),
                quintile_scores(&f),
                quintile_scores(&m),
            )
        })
    });
    g.bench_function("tiers_100k_customers", |b| {
        let (ds, monetary) = orders();
        run(b, || {
            tiers(
                black_box(monetary),
                ds.contact_count(),
                &TierConfig::default(),
            )
        })
    });
    g.finish();
}

fn contacts_dataset(n: u32, events: u32) -> Dataset {
    let mut rng = Lcg(7);
    let mut ds = Dataset::default();
    let countries: Vec<u32> = ["ES", "FR", "DE", "IT", "PT", "GB", "US", "MX", "AR", "BR"]
        .iter()
        .map(|c| ds.text.intern(c))
        .collect();
    let stages: Vec<u32> = ["lead", "mql", "sql", "customer"]
        .iter()
        .map(|s| ds.text.intern(s))
        .collect();
    let keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
    for k in &keys {
        let c = ds.contact_id(k) as usize;
        ds.contacts.country[c] = countries[rng.below(10) as usize];
        ds.contacts.stage[c] = stages[rng.below(4) as usize];
        ds.contacts.birth_year[c] = 1940 + rng.below(65) as u16;
        ds.contacts.company_size[c] = rng.below(5_000);
    }
    let kinds = [
        EventKind::Sent,
        EventKind::Opened,
        EventKind::Clicked,
        EventKind::Visited,
    ];
    for _ in 0..events {
        let who = &keys[rng.below(n) as usize];
        let ts = T0 + i64::from(rng.below(365 * 86_400 / 60)) * 60;
        let channel = Channel::ALL[rng.below(4) as usize];
        let kind = kinds[rng.below(4) as usize];
        ds.push_event(&EventRow::new(who, ts, channel, kind));
    }
    ds
}

/// A rule with five leaves of every costly kind.
fn rule(min_clicks: u32, country: &str) -> Rule {
    Rule::And {
        rules: vec![
            Rule::Or {
                rules: vec![
                    Rule::Attribute {
                        field: "country".into(),
                        op: AttrOp::In(vec![country.into(), "FR".into()]),
                    },
                    Rule::Attribute {
                        field: "age".into(),
                        op: AttrOp::Lt(30.0),
                    },
                ],
            },
            Rule::Not {
                rule: Box::new(Rule::Attribute {
                    field: "stage".into(),
                    op: AttrOp::Eq("customer".into()),
                }),
            },
            Rule::EventCount {
                as_of: None,
                kind: Some(EventKind::Clicked),
                channel: None,
                direction: None,
                days: 90,
                min: Some(min_clicks),
                max: None,
            },
            Rule::Attribute {
                field: "company_size".into(),
                op: AttrOp::Gt(50.0),
            },
        ],
    }
}

fn bench_rules(c: &mut Criterion) {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    let data = || DATA.get_or_init(|| contacts_dataset(1_000_000, 2_000_000));
    let as_of = T0 + 365 * DAY;
    let mut g = c.benchmark_group("rules");
    g.sample_size(20);
    g.bench_function("rules_cold_1m_contacts_2m_events", |b| {
        let ds = data();
        run(b, || {
            let mut ctx = SegmentContext::new(ds, as_of);
            ctx.evaluate(&rule(1, "ES")).map(|m| m.count())
        })
    });
    g.bench_function("scoring_1m_contacts_2m_events", |b| {
        let ds = data();
        let events = ContactEvents::build(&ds.events, ds.contact_count());
        let fit = |id: &str, condition: Rule, points: f64| FitRule {
            id: id.into(),
            condition,
            points,
        };
        let interaction =
            |id: &str, kind: EventKind, points: f64, cap: Option<f64>| InteractionRule {
                id: id.into(),
                kind: Some(kind),
                channel: None,
                direction: None,
                name: None,
                points,
                cap,
                cap_period_days: 30,
            };
        let model = ScoringModel {
            demographic: vec![fit("target", rule(1, "ES"), 20.0)],
            functional: vec![fit(
                "big",
                Rule::Attribute {
                    field: "company_size".into(),
                    op: AttrOp::Gt(500.0),
                },
                15.0,
            )],
            interaction: vec![
                interaction("open", EventKind::Opened, 1.0, Some(5.0)),
                interaction("click", EventKind::Clicked, 3.0, Some(9.0)),
                interaction("visit", EventKind::Visited, 2.0, None),
            ],
            ..ScoringModel::default()
        };
        run(b, || {
            let mut ctx = SegmentContext::new(ds, as_of);
            score(ds, &mut ctx, &events, &model, as_of, Some(as_of - 30 * DAY))
                .map(|s| s.crossings.len())
        })
    });
    g.bench_function("pressure_all_1m_contacts_2m_events", |b| {
        let ds = data();
        let events = ContactEvents::build(&ds.events, ds.contact_count());
        let config = PressureConfig::default();
        let p = Pressure::new(ds, &events, &config);
        run(b, || p.all_at(as_of).len())
    });
    g.bench_function("rules_reevaluate_1m_contacts", |b| {
        let mut ctx = SegmentContext::new(data(), as_of);
        let _ = ctx.evaluate(&rule(1, "ES"));
        let mut i = 0u32;
        run(b, || {
            // A rule edit: a new threshold and a new country each time.
            i += 1;
            let country = if i % 2 == 0 { "DE" } else { "ES" };
            ctx.evaluate(&rule(1 + i % 3, country)).map(|m| m.count())
        })
    });
    g.bench_function("rules_reevaluate_through_cache_1m_contacts", |b| {
        // The app's path: the context cannot outlive one render, so each
        // edit rebuilds it from the kept cache, with RFM codes set once.
        let ds = data();
        let r = rfm(ds, &RfmOptions::default());
        let mut ctx = SegmentContext::new(ds, as_of);
        ctx.set_rfm(&r);
        let _ = ctx.evaluate(&rule(1, "ES"));
        let mut cache = Some(ctx.into_cache());
        let mut i = 0u32;
        run(b, || {
            i += 1;
            let country = if i % 2 == 0 { "DE" } else { "ES" };
            let mut ctx = SegmentContext::with_cache(ds, as_of, cache.take().unwrap_or_default());
            let n = ctx.evaluate(&rule(1 + i % 3, country)).map(|m| m.count());
            cache = Some(ctx.into_cache());
            n
        })
    });
    g.finish();
}

fn identity_records(n: u32) -> Vec<SourceRecord> {
    let mut rng = Lcg(99);
    (0..n)
        .map(|i| {
            let person = rng.below(n * 7 / 10);
            let mut rec = SourceRecord {
                source: if i % 3 == 0 { "shop" } else { "crm" }.into(),
                record_id: format!("r{i}"),
                ..SourceRecord::default()
            };
            rec.emails.push(format!(" User{person}@Example.com"));
            if rng.below(2) == 0 {
                rec.phones.push(format!(
                    "6{:02} {:03} {:03}",
                    person % 100,
                    person / 100 % 1000,
                    person / 100_000
                ));
            }
            if rng.below(4) == 0 {
                rec.external_ids.push(format!("loy-{}", rng.below(n)));
            }
            rec
        })
        .collect()
}

fn bench_identity(c: &mut Criterion) {
    static DATA: OnceLock<Vec<SourceRecord>> = OnceLock::new();
    let config = IdentityConfig::default();
    let mut g = c.benchmark_group("identity");
    g.sample_size(10);
    g.bench_function("merge_1m_records", |b| {
        let records = DATA.get_or_init(|| identity_records(1_000_000));
        run(b, || merge(black_box(records), &config).person_count())
    });
    g.finish();
}

criterion_group!(benches, bench_rfm_tiers, bench_rules, bench_identity);
criterion_main!(benches);
