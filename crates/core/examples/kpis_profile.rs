//! One run of a `benches/kpis.rs` workload, for a profiler:
//!
//! ```sh
//! cargo build --release -p canal-core --example kpis_profile
//! valgrind --tool=callgrind --toggle-collect='kpis_profile::measured*' \
//!   target/release/examples/kpis_profile dash 1
//! ```
//!
//! Workloads: `dash` (KPIs + RFM + tiers, 1M events, 200k order lines),
//! `recompute` (full recompute over the given millions of events),
//! `recompute2` (the same on two threads: add `--separate-threads=yes`
//! to see each thread's share).
//! `dashtime` runs `dash` the given number of times and prints the
//! minimum and median of the calling thread's CPU time and of wall time.
//! `time` runs `recompute2` the given number of times and prints, per
//! run, wall time, the calling thread's and the process's CPU time and
//! minor page faults, then the minimum and median of each: on a shared,
//! loaded box the minimum of CPU times is the figure that says what the
//! work costs.
//! The second argument is millions of events (default 1); the third, how
//! many times to run the workload (default 1).

#[path = "../benches/support/kpis_data.rs"]
#[allow(dead_code)]
mod data;

use canal_core::contact_index::{sort_by_contact, ContactIndex};
use canal_core::kpi::{kpis, GroupBy, KpiQuery};
use canal_core::model::{Dataset, DAY};
use canal_core::rate::Period;
use canal_core::reactivation::ReactivationQuery;
use canal_core::recompute::{recompute, recompute_parallel};
use canal_core::rfm::{rfm, RfmOptions};
use canal_core::tiers::{tiers_in_period, TierConfig};
use data::{funnel_query, generate, with_orders, START};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../benches/support/cpu.rs"]
mod cpu;

#[inline(never)]
fn measured_dash(ds: &Dataset, idx: &ContactIndex, q: &KpiQuery) -> usize {
    let k = kpis(ds, idx, q);
    let r = rfm(ds, &RfmOptions::default());
    let t = tiers_in_period(ds, i64::MIN, i64::MAX, &TierConfig::default());
    black_box(&k);
    black_box(&t);
    r.customers.len() + k.rows.len() + t.members.len()
}

#[inline(never)]
fn measured_recompute(ds: &Dataset, q: &KpiQuery, rq: &ReactivationQuery) -> usize {
    let idx = ContactIndex::build(ds);
    let fq = funnel_query(ds);
    let r = recompute(ds, &idx, q, rq, &fq);
    black_box(&r);
    r.kpis.rows.len()
}

#[inline(never)]
fn measured_recompute_2(ds: &Dataset, q: &KpiQuery, rq: &ReactivationQuery) -> usize {
    let idx = ContactIndex::build_parallel(ds, 2);
    let fq = funnel_query(ds);
    let r = recompute_parallel(ds, &idx, q, rq, &fq, 2);
    black_box(&r);
    r.kpis.rows.len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let millions: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let runs: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let q = KpiQuery::new(Period::ALL, GroupBy::Channel);
    let ds = generate(millions * 1_000_000, millions as u32 * 100_000, 42);
    let mut out = 0;
    match args.get(1).map_or("dash", String::as_str) {
        "time" => {
            let mut ds = ds;
            sort_by_contact(&mut ds);
            let rq = ReactivationQuery::new(Period::new(START + 200 * DAY, START + 400 * DAY));
            let mut rows = Vec::new();
            for _ in 0..runs {
                let zero = Duration::ZERO;
                let (thread, process) = (cpu::thread_cpu(), cpu::process_cpu());
                let faults = cpu::minor_faults();
                let wall = Instant::now();
                out += measured_recompute_2(&ds, &q, &rq);
                let wall = wall.elapsed();
                let thread = cpu::thread_cpu().unwrap_or(zero) - thread.unwrap_or(zero);
                let process = cpu::process_cpu().unwrap_or(zero) - process.unwrap_or(zero);
                let faults = cpu::minor_faults().unwrap_or(0) - faults.unwrap_or(0);
                let ms = |d: Duration| d.as_secs_f64() * 1e3;
                println!(
                    "wall {:7.1} ms  thread {:7.1} ms  process {:7.1} ms  faults {faults}",
                    ms(wall),
                    ms(thread),
                    ms(process)
                );
                rows.push([ms(wall), ms(thread), ms(process), faults as f64]);
            }
            for (k, name) in ["wall", "thread", "process", "faults"].iter().enumerate() {
                let mut col: Vec<f64> = rows.iter().map(|r| r[k]).collect();
                col.sort_by(f64::total_cmp);
                if let (Some(min), Some(med)) = (col.first(), col.get(col.len() / 2)) {
                    println!("{name}: min {min:.1}, median {med:.1}");
                }
            }
        }
        "dashtime" => {
            let mut dash = with_orders(&ds, 200_000);
            drop(ds);
            let idx = sort_by_contact(&mut dash);
            let mut cpu_ms = Vec::new();
            let mut wall_ms = Vec::new();
            for _ in 0..runs {
                let zero = Duration::ZERO;
                let thread = cpu::thread_cpu();
                let wall = Instant::now();
                out += measured_dash(&dash, &idx, &q);
                wall_ms.push(wall.elapsed().as_secs_f64() * 1e3);
                let thread = cpu::thread_cpu().unwrap_or(zero) - thread.unwrap_or(zero);
                cpu_ms.push(thread.as_secs_f64() * 1e3);
            }
            for (name, mut col) in [("thread", cpu_ms), ("wall", wall_ms)] {
                col.sort_by(f64::total_cmp);
                if let (Some(min), Some(med)) = (col.first(), col.get(col.len() / 2)) {
                    println!("{name}: min {min:.2}, median {med:.2} ms");
                }
            }
        }
        which @ ("recompute" | "recompute2") => {
            let mut ds = ds;
            sort_by_contact(&mut ds);
            let rq = ReactivationQuery::new(Period::new(START + 200 * DAY, START + 400 * DAY));
            for _ in 0..runs {
                out += if which == "recompute" {
                    measured_recompute(&ds, &q, &rq)
                } else {
                    measured_recompute_2(&ds, &q, &rq)
                };
            }
        }
        _ => {
            let mut dash = with_orders(&ds, 200_000);
            drop(ds);
            let idx = sort_by_contact(&mut dash);
            for _ in 0..runs {
                out += measured_dash(&dash, &idx, &q);
            }
        }
    }
    println!("{out}");
}
