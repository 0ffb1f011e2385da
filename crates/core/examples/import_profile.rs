//! One import of the bench's generated event CSV, for instruction counts:
//!
//! `cargo build --profile bench -p canal-core --example import_profile`, then
//! `ROWS=200000 valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect=import_profile::import target/release/examples/import_profile`
//!
//! Only `import` is counted, not the generation of the file. `ROWS` sets
//! the number of rows (default 200,000); `CSV_OUT=path` also writes the
//! file there (to time the same bytes elsewhere, e.g. in Wasm).

use canal_core::import::{ImportOptions, Importer};
use canal_core::model::Dataset;

#[path = "../benches/common/mod.rs"]
mod common;

#[inline(never)]
fn import(bytes: &[u8]) -> Dataset {
    let mut ds = Dataset::default();
    let mut imp = Importer::new(ImportOptions::default());
    for chunk in bytes.chunks(1 << 20) {
        imp.push(chunk, &mut ds);
    }
    let report = imp.finish(&mut ds);
    assert_eq!(report.errors_total, 0, "{:?}", report.errors.first());
    ds
}

fn main() {
    let rows = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200_000);
    let csv = common::generate(rows);
    if let Some(path) = std::env::var_os("CSV_OUT") {
        std::fs::write(path, &csv).expect("CSV_OUT is writable");
    }
    let ds = std::hint::black_box(import(&csv));
    println!("{} bytes, {} rows", csv.len(), ds.events.len());
}
