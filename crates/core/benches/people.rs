//! `people::unify` over 100k and 1M contact records: the pass every loader
//! runs after import (SPEC §7, dashboards count people), with and without
//! records to merge, and the import of the contacts file before it.
//!
//! The records are a contacts CSV shaped like the demo export, imported as
//! every loader imports it: keyed by e-mail with the CRM id beside it and a
//! phone on 70 %, and (when asked) one record in 50 the same person again
//! under another id with only the phone, written differently (what only
//! the pass can join). 1M events spread over them, so the figure includes
//! moving events to their person. `from_image` unifies a data set read
//! back from its image, which keeps no normalised identifiers.
//!
//! With `CANAL_BENCH_CPU=1` the figures are this thread's CPU time.

use canal_core::codec;
use canal_core::import::{import_bytes, ImportOptions, TableKind};
use canal_core::model::{Channel, Dataset, EventKind, EventRow, DAY};
use canal_core::people::unify;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::fmt::Write;
use std::time::Duration;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::{cpu_requested, thread_cpu};

/// A contacts file of `records` rows, one in `dup_every` a phone-only
/// duplicate of an earlier one (none when 0).
fn contacts_csv(records: u32, dup_every: u32) -> String {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as u32
    };
    let mut csv = String::from("contact_id,email,phone,name\n");
    for i in 0..records {
        if dup_every > 0 && i > 0 && i % dup_every == 0 {
            // The same number as an earlier record's, nationally and spaced.
            let of = next() % i;
            let n = format!("6{of:08}");
            let _ = writeln!(csv, "C{i:07},,{} {} {},", &n[..3], &n[3..6], &n[6..]);
            continue;
        }
        let phone = if next() % 10 < 7 {
            format!("+346{i:08}")
        } else {
            String::new()
        };
        let _ = writeln!(csv, "C{i:07},p{i}@example.com,{phone},Name {}", i % 5000);
    }
    csv
}

/// The contacts of [`contacts_csv`] imported, and `events` events.
fn dataset(csv: &str, events: u32) -> Dataset {
    let mut ds = Dataset::default();
    let opts = ImportOptions {
        kind: Some(TableKind::Contacts),
        ..ImportOptions::default()
    };
    let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
    assert!(report.errors.is_empty(), "{:?}", report.errors.first());
    let n = ds.contact_count() as u64;
    let keys: Vec<String> = (0..n as u32).map(|c| ds.keys.get(c).to_owned()).collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for e in 0..events {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let row = EventRow::new(
            &keys[(x % n) as usize],
            20_000 * DAY + i64::from(e),
            Channel::Email,
            EventKind::Sent,
        );
        ds.push_event(&row);
    }
    ds
}

/// Times `f` over a fresh clone of `ds` per run.
fn time_on_clone<O>(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    ds: &Dataset,
    f: impl Fn(&mut Dataset) -> O,
) {
    let cpu = cpu_requested();
    g.bench_function(name, |b| {
        if cpu {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut d = ds.clone();
                    let start = thread_cpu().unwrap_or_default();
                    std::hint::black_box(f(&mut d));
                    total += thread_cpu().unwrap_or_default().saturating_sub(start);
                }
                total
            });
        } else {
            b.iter_batched_ref(|| ds.clone(), |d| f(d), BatchSize::LargeInput);
        }
    });
}

fn bench_unify(c: &mut Criterion) {
    let mut g = c.benchmark_group("people");
    g.sample_size(10);
    for (name, records, dup_every) in [
        ("unify_100k_records_none_merge", 100_000, 0),
        ("unify_100k_records_2pc_phone_dups_1m_events", 100_000, 50),
        ("unify_1m_records_none_merge", 1_000_000, 0),
        ("unify_1m_records_2pc_phone_dups_1m_events", 1_000_000, 50),
    ] {
        let ds = dataset(&contacts_csv(records, dup_every), 1_000_000);
        let report = unify(&mut ds.clone());
        eprintln!(
            "{name}: {} records, {} people",
            report.before, report.people
        );
        time_on_clone(&mut g, name, &ds, unify);
        if records == 1_000_000 && dup_every > 0 {
            // Read back from an image: nothing normalised yet.
            let cold = codec::decode(&codec::encode(&ds)).expect("image");
            time_on_clone(&mut g, &format!("{name}_from_image"), &cold, unify);
        }
    }
    // The import of the contacts file, which now also normalises its
    // identifiers once.
    let csv = contacts_csv(1_000_000, 50);
    let opts = ImportOptions {
        kind: Some(TableKind::Contacts),
        ..ImportOptions::default()
    };
    time_on_clone(
        &mut g,
        "import_1m_contact_rows",
        &Dataset::default(),
        |ds| import_bytes(ds, csv.as_bytes(), &opts).rows_loaded,
    );
    g.finish();
}

criterion_group!(benches, bench_unify);
criterion_main!(benches);
