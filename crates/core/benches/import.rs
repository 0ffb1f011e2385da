//! Import throughput and resident memory on a generated ~100 MB, 1M-row
//! event CSV with quoted fields (SPEC §9 targets: ≥ 400 MB/s natively on one
//! thread for this helper's brief, ≤ 32 bytes per resident event row).
//!
//! `cargo bench -p canal-core --bench import -- --warm-up-time 1 --measurement-time 5`
//!
//! `events_100mb_2_threads` is the same file through
//! `import_bytes_parallel` (two parts on two threads), checked to give the
//! same data set as the one-thread import; its ratio to `events_100mb` in
//! the same run is the figure to read on a shared machine.
//!
//! Contacts are drawn at random, the worst case for the key lookup; set
//! `SORTED=1` to group each contact's events (ten in a row) instead, or
//! `CANAL_BENCH_FILE=path` to time that file instead of the generated one
//! (e.g. the browser benchmark's file, to compare with the worker).

use canal_core::import::{import_bytes_parallel, ImportOptions, Importer};
use canal_core::model::Dataset;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

mod common;
use common::generate;

const ROWS: usize = 1_000_000;
const CHUNK: usize = 1 << 20;

fn import(bytes: &[u8]) -> Dataset {
    let mut ds = Dataset::default();
    let mut imp = Importer::new(ImportOptions::default());
    for chunk in bytes.chunks(CHUNK) {
        imp.push(chunk, &mut ds);
    }
    let report = imp.finish(&mut ds);
    assert_eq!(report.errors_total, 0, "{:?}", report.errors.first());
    ds
}

/// CPU time of this thread in ns (Linux), to see past a machine whose
/// other users compete for the cores.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn bench(c: &mut Criterion) {
    let file = std::env::var_os("CANAL_BENCH_FILE");
    let csv = match &file {
        Some(path) => std::fs::read(path).expect("CANAL_BENCH_FILE is readable"),
        None => generate(ROWS),
    };
    let ds = import(&csv);
    let rows = ds.events.len();
    if file.is_none() {
        assert_eq!(rows, ROWS);
    }
    let dicts = ds.keys.heap_bytes()
        + ds.names.heap_bytes()
        + ds.campaign_ids.heap_bytes()
        + ds.sessions.heap_bytes();
    let events = ds.events.heap_bytes();
    let k = &ds.contacts;
    let contacts = (k.name.capacity()
        + k.email.capacity()
        + k.phone.capacity()
        + k.country.capacity()
        + k.city.capacity()
        + k.job_title.capacity()
        + k.company.capacity()
        + k.company_size.capacity()
        + k.stage.capacity())
        * 4
        + k.birth_year.capacity() * 2
        + k.created_at.capacity() * 8;
    eprintln!(
        "contact attribute table: {:.2} B/row more ({} contacts)",
        contacts as f64 / rows as f64,
        k.len()
    );
    eprintln!(
        "input {:.1} MB, {rows} rows; resident: events {:.2} B/row + dictionaries {:.2} B/row = {:.2} B/row ({} contacts, {} sessions)",
        csv.len() as f64 / 1e6,
        events as f64 / rows as f64,
        dicts as f64 / rows as f64,
        (events + dicts) as f64 / rows as f64,
        ds.keys.len(),
        ds.sessions.len(),
    );
    let mut parallel = Dataset::default();
    let report = import_bytes_parallel(&mut parallel, &csv, &ImportOptions::default(), 2);
    assert_eq!(report.errors_total, 0);
    // Empty values are NaN, which `==` never finds equal: compared as bits.
    let bits = |d: &Dataset| {
        d.events
            .value
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert!(bits(&parallel) == bits(&ds), "the same values");
    let (mut a, mut b) = (parallel.clone(), ds.clone());
    a.events.value.clear();
    b.events.value.clear();
    assert!(a == b, "two threads give the one-thread data set");
    drop((a, b));
    drop((ds, parallel));
    for _ in 0..3 {
        let (cpu0, wall0) = (cpu_ns(), std::time::Instant::now());
        black_box(import(&csv));
        let wall = wall0.elapsed().as_secs_f64();
        if let (Some(a), Some(b)) = (cpu0, cpu_ns()) {
            let cpu = (b - a) as f64 / 1e9;
            eprintln!(
                "one import: wall {wall:.3} s ({:.0} MB/s), on-CPU {cpu:.3} s ({:.0} MB/s)",
                csv.len() as f64 / 1e6 / wall,
                csv.len() as f64 / 1e6 / cpu
            );
        }
    }

    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.bench_function("events_100mb", |b| {
        b.iter(|| black_box(import(black_box(&csv)).events.len()))
    });
    g.bench_function("events_100mb_2_threads", |b| {
        b.iter(|| {
            let mut ds = Dataset::default();
            import_bytes_parallel(&mut ds, black_box(&csv), &ImportOptions::default(), 2);
            black_box(ds.events.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
