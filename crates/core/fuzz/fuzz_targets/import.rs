//! Fuzzes the CSV importer: arbitrary bytes, fed whole and in chunks whose
//! size comes from the input, must never panic and must give the same
//! dataset and report either way.
#![no_main]

use canal_core::import::{ImportOptions, Importer, TableKind};
use canal_core::model::Dataset;
use libfuzzer_sys::fuzz_target;

fn run(bytes: &[u8], chunk: usize, opts: &ImportOptions) -> (Dataset, canal_core::import::ImportReport) {
    let mut ds = Dataset::default();
    let mut imp = Importer::new(opts.clone());
    for piece in bytes.chunks(chunk.max(1)) {
        imp.push(piece, &mut ds);
    }
    let report = imp.finish(&mut ds);
    (ds, report)
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, bytes)) = data.split_first() else {
        return;
    };
    let opts = ImportOptions {
        kind: TableKind::ALL.get(usize::from(control >> 5)).copied(),
        head_bytes: Some(usize::from(control & 0x1F) * 8 + 1),
        ..Default::default()
    };
    let whole = run(bytes, bytes.len(), &opts);
    let chunked = run(bytes, usize::from(control % 7) + 1, &opts);
    assert_eq!(whole, chunked, "chunk boundaries changed the import");
});
