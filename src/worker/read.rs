//! Reading a range of a file into an importer, slice by slice (wasm32 only).

use super::protocol::{rows_to_reserve, FromWorker, JobProgress};
use super::run::post;
use super::stage::Staged;
use canal_core::import::Importer;
use canal_core::Dataset;
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File};

/// Bytes per call into the importer (see [`Reader::read`]).
const PUSH_BYTES: usize = 256 << 10;

/// What a job's reads share: the reply channel, the staged rows, the
/// progress and where the memory grew.
pub struct Reader<'a> {
    pub scope: &'a DedicatedWorkerGlobalScope,
    /// Bytes per `Blob.arrayBuffer` read.
    pub chunk: f64,
    /// The event rows, moved out of this memory slice by slice.
    pub staged: Staged,
    /// Progress over the job; the current file's counts are added to
    /// `base`.
    pub progress: JobProgress,
    pub base: JobProgress,
    /// Where the Wasm memory grew: (step, bytes after it).
    pub phases: Vec<(String, u64)>,
    /// When steps ended: (step, ms since `started`).
    pub steps: Vec<(String, f64)>,
    started: f64,
    /// No progress is posted (a warm-up's rows are nobody's).
    pub quiet: bool,
    /// One push's worth of bytes at a time crosses into Wasm memory, not a
    /// whole slice: the memory a Wasm instance grows to is never given back.
    buf: Vec<u8>,
}

/// Bytes of Wasm memory this module has grown to.
pub fn wasm_memory() -> u64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as u64
}

/// Adds (`what`, the memory now) to `phases` if the memory grew since the
/// last entry; `what` is only written then.
pub fn note_memory(phases: &mut Vec<(String, u64)>, what: impl FnOnce() -> String) {
    let now = wasm_memory();
    if phases.last().is_none_or(|(_, m)| *m != now) {
        phases.push((what(), now));
    }
}

/// Starts reading `file[at..end]`; the browser reads it while the worker
/// parses the slice before.
fn start_read(file: &File, at: f64, end: f64, name: &str) -> Result<Promise, String> {
    let slice = file
        .slice_with_f64_and_f64(at, end)
        .map_err(|_| format!("{name}: cannot slice the file"))?;
    Ok(slice.array_buffer())
}

/// `file[at..end]` in this memory (a small read: a file's head).
pub async fn read_bytes(file: &File, at: f64, end: f64, name: &str) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(start_read(file, at, end.min(file.size()), name)?)
        .await
        .map_err(|_| format!("{name}: the file could not be read"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

impl<'a> Reader<'a> {
    /// A reader for a job of `total_bytes`.
    pub fn new(scope: &'a DedicatedWorkerGlobalScope, chunk_bytes: u32, total_bytes: u64) -> Self {
        Reader {
            scope,
            chunk: f64::from(chunk_bytes.max(1 << 16)),
            staged: Staged::default(),
            progress: JobProgress {
                total_bytes,
                ..JobProgress::default()
            },
            base: JobProgress::default(),
            phases: vec![("start".into(), wasm_memory())],
            steps: Vec::new(),
            started: js_sys::Date::now(),
            quiet: false,
            buf: vec![0u8; PUSH_BYTES],
        }
    }

    /// Gives back the push buffer (its memory can then serve what follows
    /// the parse).
    pub fn release(&mut self) {
        self.buf = Vec::new();
    }

    /// Notes when `what` ended.
    pub fn step(&mut self, what: &str) {
        let ms = js_sys::Date::now() - self.started;
        self.steps.push((what.to_owned(), ms));
    }

    /// Notes the memory after `what`, if it grew ([`note_memory`]).
    pub fn mark(&mut self, what: impl FnOnce() -> String) {
        note_memory(&mut self.phases, what);
    }

    /// Sets the progress from `importer` (plus `extra` rows and errors read
    /// elsewhere) and posts it.
    pub fn report(&mut self, importer: &Importer, extra: (u64, u64)) {
        let p = importer.progress();
        self.progress.bytes = self.base.bytes + p.bytes;
        self.progress.rows = self.base.rows + p.rows + extra.0;
        self.progress.errors = self.base.errors + p.errors + extra.1;
        if !self.quiet {
            post(self.scope, &FromWorker::Progress(self.progress), None);
        }
    }

    /// Reads `file[from..to]` into `importer`, moving the event rows out
    /// after every slice and reporting progress.
    pub async fn read(
        &mut self,
        file: &File,
        name: &str,
        (from, to): (f64, f64),
        importer: &mut Importer,
        ds: &mut Dataset,
    ) -> Result<(), String> {
        let chunk = self.chunk;
        // One slice is always being read ahead (`Blob.arrayBuffer`), so
        // reading overlaps parsing instead of adding to it as a
        // `FileReaderSync` read did.
        let mut at = from.min(to);
        let mut pending = (at < to)
            .then(|| start_read(file, at, (at + chunk).min(to), name))
            .transpose()?;
        while let Some(promise) = pending.take() {
            let buffer = JsFuture::from(promise)
                .await
                .map_err(|_| format!("{name}: the file could not be read"))?;
            at = (at + chunk).min(to);
            if at < to {
                pending = Some(start_read(file, at, (at + chunk).min(to), name)?);
            }
            let bytes = Uint8Array::new(&buffer);
            // Pushed in small parts: the engine swaps in its optimised code
            // for a function only when it is next called, so one call per
            // 4 MiB slice kept the first slice on the baseline compiler's
            // code (~0.8 s of a 4 s parse).
            let len = bytes.length();
            let mut from = 0;
            while from < len {
                let end = len.min(from + PUSH_BYTES as u32);
                let n = (end - from) as usize;
                bytes.subarray(from, end).copy_to(&mut self.buf[..n]);
                importer.push(&self.buf[..n], ds);
                from = end;
            }
            let events = &mut ds.events;
            let slice_rows = events.len();
            self.staged.take(events);
            if let Some(rows) = rows_to_reserve(slice_rows, events.row_capacity()) {
                events.reserve_rows(rows);
            }
            self.report(importer, (0, 0));
            let rows = self.progress.rows;
            self.mark(|| {
                format!(
                    "rows {rows} keys {} ev {}",
                    ds.keys.len(),
                    ds.events.heap_bytes()
                )
            });
        }
        Ok(())
    }
}
