//! Channel analytics over synthetic data: 1M events / 100k contacts, and a
//! full recompute over 10M events / 1M contacts. Data is generated in time
//! order (as exported) and then sorted by contact, as the app should on load;
//! the file-order figures show why.
//!
//! Run: `cargo bench -p canal-core --bench kpis -- --warm-up-time 1 --measurement-time 3`

use canal_core::contact_index::{sort_by_contact, ContactIndex};
use canal_core::funnel::{funnel, FunnelQuery, Step, StepMatch};
use canal_core::kpi::{kpis, kpis_compare, GroupBy, KpiQuery};
use canal_core::model::{
    flags, Campaign, Channel, Dataset, Direction, EventKind, EventTable, Scope, DAY, NONE,
};
use canal_core::rate::Period;
use canal_core::reactivation::{reactivation, ReactivationQuery};
use canal_core::recompute::{dashboard_figures, recompute};
use canal_core::rfm::{rfm, RfmOptions};
use canal_core::tiers::{tiers_in_period, TierConfig};
use criterion::{criterion_group, criterion_main, BatchSize, Bencher, Criterion};
use std::hint::black_box;
use std::time::Duration;

/// This thread's CPU time (`CANAL_BENCH_CPU=1`, as in `benches/segments.rs`):
/// on a shared, loaded machine it measures the work rather than the wait
/// for a core.
#[allow(unsafe_code)]
fn thread_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

fn run<O>(b: &mut Bencher<'_>, mut f: impl FnMut() -> O) {
    if std::env::var_os("CANAL_BENCH_CPU").is_some() && thread_cpu().is_some() {
        b.iter_custom(|iters| {
            let start = thread_cpu().unwrap_or_default();
            for _ in 0..iters {
                black_box(f());
            }
            thread_cpu().unwrap_or_default().saturating_sub(start)
        });
    } else {
        b.iter(f);
    }
}

/// Knuth's MMIX LCG; the high bits are the good ones.
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
        ((u64::from(self.next()) * u64::from(n)) >> 31) as u32
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

/// ts, contact, channel, kind, meta, campaign, name, value.
type Row = (i64, u32, u8, u8, u8, u32, u32, f32);

const START: i64 = 1_704_067_200; // 2024-01-01
const CAMPAIGNS: u32 = 300;

/// Messages (send, bounce or opens/clicks/purchase) and web activity, in
/// time order as an export would be.
fn generate(events: usize, contacts: u32, seed: u64) -> Dataset {
    let mut rng = Lcg(seed);
    let mut ds = Dataset::default();
    for c in 0..contacts {
        ds.contact_id(&format!("c{c}"));
    }
    let channels = [
        Channel::Email,
        Channel::Email,
        Channel::Sms,
        Channel::WebPush,
        Channel::AppPush,
        Channel::Mail,
    ];
    for k in 0..CAMPAIGNS {
        let id = ds.campaign_ids.intern(&format!("camp{k}"));
        ds.campaigns.push(Campaign {
            id,
            name: format!("Campaign {k}"),
            channel: channels[(k % 6) as usize],
            scope: [Scope::Engagement, Scope::Lifecycle, Scope::Support][(k % 3) as usize],
            subject: String::new(),
            message_type: String::new(),
            sent_at: Some(START + i64::from(k) * 1_200 * 60),
            cost: 100.0,
        });
    }
    let steps = ["view", "cart", "buy"].map(|s| ds.names.intern(s));
    let mut rows: Vec<Row> = Vec::with_capacity(events + 8);
    let push =
        |rows: &mut Vec<_>, t, c, ch: Channel, k: EventKind, dir, scope, fl: u8, camp, name, v| {
            rows.push((
                t,
                c,
                ch.code(),
                k.code(),
                EventTable::pack_meta(dir, scope, fl),
                camp,
                name,
                v,
            ));
        };
    use Direction::{Inbound as In, Outbound as Out};
    use EventKind::*;
    while rows.len() < events {
        let c = rng.below(contacts);
        if rng.chance(30) {
            // A web visit, sometimes a funnel.
            let t = START + i64::from(rng.below(400)) * DAY + i64::from(rng.below(86_400));
            push(
                &mut rows,
                t,
                c,
                Channel::Web,
                PageView,
                In,
                Scope::Unknown,
                0,
                NONE,
                steps[0],
                f32::NAN,
            );
            if rng.chance(30) {
                push(
                    &mut rows,
                    t + 60,
                    c,
                    Channel::Web,
                    PageView,
                    In,
                    Scope::Unknown,
                    0,
                    NONE,
                    steps[1],
                    f32::NAN,
                );
                if rng.chance(30) {
                    push(
                        &mut rows,
                        t + 300,
                        c,
                        Channel::Web,
                        Purchase,
                        In,
                        Scope::Unknown,
                        0,
                        NONE,
                        steps[2],
                        50.0,
                    );
                }
            }
            continue;
        }
        let k = rng.below(CAMPAIGNS);
        let camp = &ds.campaigns[k as usize];
        let (ch, scope) = (camp.channel, camp.scope);
        let t = camp.sent_at.unwrap_or(START) + i64::from(rng.below(3_600));
        push(&mut rows, t, c, ch, Sent, Out, scope, 0, k, NONE, f32::NAN);
        if rng.chance(3) {
            push(
                &mut rows,
                t + 5,
                c,
                ch,
                BouncedSoft,
                Out,
                scope,
                0,
                k,
                NONE,
                f32::NAN,
            );
            continue;
        }
        if rng.chance(35) {
            let machine = rng.chance(40);
            let dt = if machine {
                1
            } else {
                600 + i64::from(rng.below(80_000))
            };
            push(
                &mut rows,
                t + dt,
                c,
                ch,
                Opened,
                Out,
                scope,
                if machine { flags::MACHINE_OPEN } else { 0 },
                k,
                NONE,
                f32::NAN,
            );
            if rng.chance(20) {
                let fl = if rng.chance(5) { flags::BOT_CLICK } else { 0 };
                push(
                    &mut rows,
                    t + dt + 30,
                    c,
                    ch,
                    Clicked,
                    Out,
                    scope,
                    fl,
                    k,
                    NONE,
                    f32::NAN,
                );
                if rng.chance(10) {
                    push(
                        &mut rows,
                        t + dt + 900,
                        c,
                        Channel::Web,
                        Purchase,
                        In,
                        Scope::Unknown,
                        0,
                        NONE,
                        NONE,
                        80.0,
                    );
                }
            }
        }
    }
    rows.truncate(events);
    rows.sort_unstable_by_key(|r| r.0);
    let e = &mut ds.events;
    for (t, c, ch, k, meta, camp, name, v) in rows {
        e.ts.push(t);
        e.contact.push(c);
        e.channel.push(ch);
        e.kind.push(k);
        e.meta.push(meta);
        e.campaign.push(camp);
        e.name.push(name);
        e.value.push(v);
    }
    ds
}

fn funnel_query(ds: &Dataset) -> FunnelQuery {
    let step = |n: &str| Step::new(StepMatch::name(ds, n).expect("generated"), n);
    FunnelQuery::new(
        vec![step("view"), step("cart"), step("buy")],
        Period::ALL,
        START + 500 * DAY,
    )
}

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
    g.bench_function("kpis by channel", |b| {
        run(b, || kpis(&ds, &idx, &by_channel))
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
        let mut dash = ds.clone();
        let mut rng = Lcg(order_lines.into());
        for o in 0..order_lines / 2 {
            let c = rng.below(100_000).min(rng.below(100_000));
            let key = format!("c{c}");
            let ts = START + i64::from(rng.below(700)) * DAY + i64::from(rng.below(86_400));
            let id = format!("o{o}");
            for _ in 0..2 {
                dash.push_order(Some(&id), &key, ts, f64::from(rng.below(20_000)) / 100.0);
            }
        }
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
    g.bench_function(
        "full recompute (index + kpis + reactivation + funnel)",
        |b| run(b, || full(&ds, &fq)),
    );
    g.bench_function(
        "full recompute, one walk (index + kpis + reactivation + funnel)",
        |b| run(b, || one_walk(&ds, &fq)),
    );
    g.finish();
}

criterion_group!(benches, analytics);
criterion_main!(benches);
