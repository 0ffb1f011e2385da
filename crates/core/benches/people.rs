//! `people::unify` over 100k contact records: the pass every loader runs
//! after import (SPEC §7, dashboards count people), with and without
//! records to merge.
//!
//! The data is shaped like the demo export: contacts keyed by e-mail with
//! the CRM id as alias and a phone on 70 %, and one record in 50 the same
//! person again under another id with only the phone, written differently
//! (what the importer cannot join and the pass must). 1M events spread over
//! them, so the figure includes moving events to their person.
//!
//! With `CANAL_BENCH_CPU=1` the figures are this thread's CPU time.

use canal_core::model::{Channel, Dataset, EventKind, EventRow, DAY};
use canal_core::people::unify;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::time::Duration;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::{cpu_requested, thread_cpu};

/// `records` contact records, one in `dup_every` a phone-only duplicate of
/// an earlier one (none when 0), and `events` events.
fn dataset(records: u32, dup_every: u32, events: u32) -> Dataset {
    let mut ds = Dataset::default();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as u32
    };
    let phone = |i: u32| format!("+346{:08}", i);
    for i in 0..records {
        let id = format!("C{i:07}");
        if dup_every > 0 && i > 0 && i % dup_every == 0 {
            let of = next() % i;
            let c = ds.contact_id(&id) as usize;
            // The same number, nationally and with spaces.
            let national = phone(of)[3..].to_string();
            let spaced = format!("{} {} {}", &national[..3], &national[3..6], &national[6..]);
            ds.contacts.phone[c] = ds.text.intern(&spaced);
            ds.contacts.created_at[c] = i64::from(i) * 60;
            continue;
        }
        let email = format!("p{i}@example.com");
        let c = ds.contact_id(&email);
        ds.add_alias(&id, c);
        let c = c as usize;
        ds.contacts.email[c] = ds.text.intern(&email);
        if next() % 10 < 7 {
            ds.contacts.phone[c] = ds.text.intern(&phone(i));
        }
        ds.contacts.name[c] = ds.text.intern(&format!("Name {}", i % 5000));
        ds.contacts.created_at[c] = i64::from(i) * 60;
    }
    let n = ds.contact_count() as u32;
    let keys: Vec<String> = (0..n).map(|c| ds.keys.get(c).to_owned()).collect();
    for e in 0..events {
        let c = next() % n;
        let row = EventRow::new(
            &keys[c as usize],
            20_000 * DAY + i64::from(e),
            Channel::Email,
            EventKind::Sent,
        );
        ds.push_event(&row);
    }
    ds
}

fn bench_unify(c: &mut Criterion) {
    let mut g = c.benchmark_group("people");
    g.sample_size(20);
    let cpu = cpu_requested();
    for (name, dup_every) in [
        ("unify_100k_records_none_merge", 0),
        ("unify_100k_records_2pc_phone_dups_1m_events", 50),
    ] {
        let ds = dataset(100_000, dup_every, 1_000_000);
        let report = unify(&mut ds.clone());
        eprintln!(
            "{name}: {} records, {} people",
            report.before, report.people
        );
        g.bench_function(name, |b| {
            if cpu {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let mut d = ds.clone();
                        let start = thread_cpu().unwrap_or_default();
                        std::hint::black_box(unify(&mut d));
                        total += thread_cpu().unwrap_or_default().saturating_sub(start);
                    }
                    total
                });
            } else {
                b.iter_batched_ref(|| ds.clone(), unify, BatchSize::LargeInput);
            }
        });
    }
    g.finish();
}

criterion_group!(benches, bench_unify);
criterion_main!(benches);
