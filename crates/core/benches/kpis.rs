//! Channel analytics over synthetic data: 1M events / 100k contacts, and a
//! full recompute over 10M events / 1M contacts. Data is generated in time
//! order (as exported) and then sorted by contact, as the app should on load;
//! the file-order figures show why.
//!
//! Run: `cargo bench -p canal-core --bench kpis -- --warm-up-time 1 --measurement-time 3`

use canal_core::contact_index::{sort_by_contact, ContactIndex};
use canal_core::funnel::{funnel, FunnelQuery};
use canal_core::kpi::{kpis, kpis_compare, kpis_parallel, GroupBy, KpiQuery};
use canal_core::model::{Dataset, DAY, NONE};
use canal_core::rate::Period;
use canal_core::reactivation::{reactivation, ReactivationQuery};
use canal_core::recompute::{dashboard_figures, recompute, recompute_parallel};
use canal_core::rfm::{rfm, RfmOptions};
use canal_core::tiers::{tiers_in_period, TierConfig};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;

#[path = "support/kpis_data.rs"]
mod data;
use data::{funnel_query, generate, with_orders, START};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::run;

fn analytics(c: &mut Criterion) {
    let all = Period::ALL;
    let by_channel = KpiQuery::new(all, GroupBy::Channel);
    let rq = ReactivationQuery::new(Period::new(START + 200 * DAY, START + 400 * DAY));
    let full = |ds: &Dataset, fq: &FunnelQuery| {
        let idx = ContactIndex::build(ds);
        (
            kpis(ds, &idx, &by_channel),
            reactivation(ds, &idx, &rq),
            funnel(ds, &idx, fq),
        )
    };

    // The same, as one walk.
    let one_walk = |ds: &Dataset, fq: &FunnelQuery| {
        let idx = ContactIndex::build(ds);
        recompute(ds, &idx, &by_channel, &rq, fq)
    };

    // The same, the index build and the walk split over the box's two
    // cores. With `CANAL_BENCH_CPU=1` this measures the calling
    // thread's CPU time: the index, its half of the walk and the merge,
    // the critical path when the other half takes as long.
    let two_threads = |ds: &Dataset, fq: &FunnelQuery| {
        let idx = ContactIndex::build_parallel(ds, 2);
        recompute_parallel(ds, &idx, &by_channel, &rq, fq, 2)
    };

    let file_order = generate(1_000_000, 100_000, 42);
    let fq = funnel_query(&file_order);
    let mut g = c.benchmark_group("1M events");
    g.bench_function("file order: index build", |b| {
        run(b, || ContactIndex::build(black_box(&file_order)))
    });
    let idx = ContactIndex::build(&file_order);
    g.bench_function("file order: kpis by channel", |b| {
        run(b, || kpis(&file_order, &idx, &by_channel))
    });
    g.bench_function("sort by contact", |b| {
        b.iter_batched(
            || file_order.clone(),
            |mut ds| sort_by_contact(&mut ds),
            BatchSize::LargeInput,
        )
    });
    let mut ds = file_order.clone();
    drop(file_order);
    let idx = sort_by_contact(&mut ds);
    // The floor: one pass reading the columns the KPIs read, counting
    // (channel, kind). Compare the figures below with it on a busy machine.
    g.bench_function("baseline: one pass over 5 columns", |b| {
        run(b, || {
            let e = &ds.events;
            let mut hist = [[0u64; 32]; 16];
            let mut last = 0i64;
            for r in 0..e.len() {
                hist[e.channel[r] as usize & 15][e.kind[r] as usize & 31] +=
                    u64::from(e.meta[r] & 1) + u64::from(e.campaign[r] != NONE);
                last = last.max(e.ts[r]);
            }
            (hist, last)
        })
    });
    g.bench_function("index build", |b| {
        run(b, || ContactIndex::build(black_box(&ds)))
    });
    g.bench_function("index build, 2 threads", |b| {
        run(b, || ContactIndex::build_parallel(black_box(&ds), 2))
    });
    g.bench_function("kpis by channel", |b| {
        run(b, || kpis(&ds, &idx, &by_channel))
    });
    g.bench_function("kpis by channel, 2 threads", |b| {
        run(b, || kpis_parallel(&ds, &idx, &by_channel, 2))
    });
    g.bench_function("kpis by campaign", |b| {
        run(b, || {
            kpis(&ds, &idx, &KpiQuery::new(all, GroupBy::Campaign))
        })
    });
    g.bench_function("reactivation", |b| run(b, || reactivation(&ds, &idx, &rq)));
    g.bench_function("funnel 3 steps", |b| run(b, || funnel(&ds, &idx, &fq)));
    g.bench_function("index + kpis + reactivation + funnel", |b| {
        run(b, || full(&ds, &fq))
    });
    g.bench_function("index + kpis + reactivation + funnel, one walk", |b| {
        run(b, || one_walk(&ds, &fq))
    });
    g.bench_function("index + kpis + reactivation + funnel, 2 threads", |b| {
        run(b, || two_threads(&ds, &fq))
    });
    // A dashboard filter change: the last 30 days and the 30 before, KPIs
    // by channel and reactivations, as four passes (what the app did) and
    // as one walk.
    let month = Period::new(START + 370 * DAY, START + 400 * DAY);
    let dash_kq = KpiQuery::new(month, GroupBy::Channel);
    let dash_rq = ReactivationQuery::new(month);
    let dash_rq_before = ReactivationQuery::new(month.previous());
    g.bench_function("dashboard: kpis_compare + 2 reactivations", |b| {
        run(b, || {
            (
                kpis_compare(&ds, &idx, &dash_kq),
                reactivation(&ds, &idx, &dash_rq),
                reactivation(&ds, &idx, &dash_rq_before),
            )
        })
    });
    g.bench_function("dashboard: one walk", |b| {
        run(b, || dashboard_figures(&ds, &idx, &dash_kq, &dash_rq))
    });
    // The dashboard and segments screens together (SPEC targets ≤ 20 ms):
    // KPIs for all channels, RFM and tiers, on the data as the app holds it
    // (sorted by contact on load), with order lines added to the events.
    for order_lines in [200_000u32, 1_000_000] {
        let mut dash = with_orders(&ds, order_lines);
        let didx = sort_by_contact(&mut dash);
        g.bench_function(
            format!("kpis + rfm + tiers ({}k order lines)", order_lines / 1000),
            |b| {
                run(b, || {
                    (
                        kpis(&dash, &didx, &by_channel),
                        rfm(&dash, &RfmOptions::default()),
                        tiers_in_period(&dash, i64::MIN, i64::MAX, &TierConfig::default()),
                    )
                })
            },
        );
    }
    g.finish();
    drop(idx);
    drop(ds);

    let mut ds = generate(10_000_000, 1_000_000, 7);
    let idx = sort_by_contact(&mut ds);
    let mut g = c.benchmark_group("10M events");
    g.sample_size(10);
    g.bench_function("kpis by channel", |b| {
        run(b, || kpis(&ds, &idx, &by_channel))
    });
    g.bench_function("kpis by channel, 2 threads", |b| {
        run(b, || kpis_parallel(&ds, &idx, &by_channel, 2))
    });
    g.bench_function("index build", |b| {
        run(b, || ContactIndex::build(black_box(&ds)))
    });
    g.bench_function("index build, 2 threads", |b| {
        run(b, || ContactIndex::build_parallel(black_box(&ds), 2))
    });
    g.bench_function(
        "full recompute (index + kpis + reactivation + funnel)",
        |b| run(b, || full(&ds, &fq)),
    );
    g.bench_function(
        "full recompute, one walk (index + kpis + reactivation + funnel)",
        |b| run(b, || one_walk(&ds, &fq)),
    );
    g.bench_function(
        "full recompute, 2 threads (index + kpis + reactivation + funnel)",
        |b| run(b, || two_threads(&ds, &fq)),
    );
    g.finish();
}

criterion_group!(benches, analytics);
criterion_main!(benches);
