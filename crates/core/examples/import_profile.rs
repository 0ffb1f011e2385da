//! One import of the bench's generated event CSV, for instruction counts:
//!
//! `cargo build --profile bench -p canal-core --example import_profile`, then
//! `ROWS=200000 valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect=import_profile::import target/release/examples/import_profile`
//!
//! Only `import` is counted, not the generation of the file. `ROWS` sets
//! the number of rows (default 200,000); `CSV_OUT=path` also writes the
//! file there (to time the same bytes elsewhere, e.g. in Wasm).
//! `ESCAPED=1` writes the campaign cells with a `""` escape (every batch
//! then holds copied fields).
//! `TOKENIZE=1` only tokenizes (`--toggle-collect=import_profile::tokenize`),
//! to count the tokenizer's share on its own.

use canal_core::import::csv::{Batch, Tokenizer};
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

/// Tokenizes in the importer's chunks; returns the number of fields.
#[inline(never)]
fn tokenize(bytes: &[u8]) -> usize {
    let mut t = Tokenizer::new(b',');
    let mut fields = 0;
    let mut sink = |b: &Batch<'_>| {
        for r in b.iter() {
            fields += r.len();
        }
    };
    for chunk in bytes.chunks(1 << 20) {
        t.feed_batches(chunk, &mut sink);
    }
    assert!(t.finish_batches(&mut sink).is_none());
    fields
}

fn main() {
    let rows = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200_000);
    let mut csv = common::generate(rows);
    if std::env::var_os("ESCAPED").is_some() {
        // Every row with a `""` escape, so every batch holds copied fields.
        let text = String::from_utf8(csv).expect("the generator writes UTF-8");
        csv = text
            .replace("\"Spring sale,", "\"Spring \"\"sale\"\",")
            .into_bytes();
    }
    if let Some(path) = std::env::var_os("CSV_OUT") {
        std::fs::write(path, &csv).expect("CSV_OUT is writable");
    }
    if std::env::var_os("TOKENIZE").is_some() {
        let fields = std::hint::black_box(tokenize(&csv));
        println!("{} bytes, {fields} fields", csv.len());
        return;
    }
    let ds = std::hint::black_box(import(&csv));
    println!("{} bytes, {} rows", csv.len(), ds.events.len());
}
