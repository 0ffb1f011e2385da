//! Reading a range of a file into an importer, slice by slice (wasm32 only).

use super::protocol::{rows_to_reserve, FromWorker, JobProgress};
use super::run::post;
use super::stage::Staged;
use canal_core::import::Importer;
use canal_core::Dataset;
use js_sys::{ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DedicatedWorkerGlobalScope, File, ReadableStreamByobReader, ReadableStreamReadResult,
};

/// Bytes per call into the importer (see [`Reader::read`]).
const PUSH_BYTES: usize = 256 << 10;

/// Bytes per read of a file's stream into the worker's one buffer. 1 MiB:
/// in a bench of the reads alone with a parse's cost simulated, two workers
/// took 199 ms with 1 MiB reads, 206 ms with 256 KiB, 256 ms with 8 MiB and
/// 266 ms with `Blob.arrayBuffer` slices of 8 MiB (BENCHMARKS, session 21).
const READ_BYTES: u32 = 1 << 20;

/// What a job's reads share: the reply channel, the staged rows, the
/// progress and where the memory grew.
pub struct Reader<'a> {
    pub scope: &'a DedicatedWorkerGlobalScope,
    /// Bytes read between moving the event rows out and reporting progress.
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

/// `file[at..end]` as a `Blob`.
fn slice(file: &File, at: f64, end: f64, name: &str) -> Result<web_sys::Blob, String> {
    file.slice_with_f64_and_f64(at, end)
        .map_err(|_| format!("{name}: cannot slice the file"))
}

/// What a failed read of `name` says.
fn unreadable(name: &str) -> String {
    format!("{name}: the file could not be read")
}

/// Starts reading `file[at..end]` whole (`Blob.arrayBuffer`).
fn start_read(file: &File, at: f64, end: f64, name: &str) -> Result<Promise, String> {
    Ok(slice(file, at, end, name)?.array_buffer())
}

/// Starts reading the slice of `chunk` bytes at `*at`, unless the range
/// ends there, and moves `*at` past it.
fn read_ahead(
    file: &File,
    at: &mut f64,
    to: f64,
    chunk: f64,
    name: &str,
) -> Result<Option<Promise>, String> {
    if *at >= to {
        return Ok(None);
    }
    let end = (*at + chunk).min(to);
    let promise = start_read(file, *at, end, name)?;
    *at = end;
    Ok(Some(promise))
}

/// The bytes of `file[from..to]`, a buffer at a time.
///
/// Read as a byte stream into one buffer over and over (a BYOB reader).
/// Each `Blob.arrayBuffer` slice was a new 8 MiB buffer: the engine mapped
/// it, the kernel zeroed its pages as the file's bytes were copied in (a
/// fault every 4 KiB) and it was unmapped after; that was a fifth of each
/// worker's time on two workers (BENCHMARKS, session 21). A browser whose
/// `Blob.stream()` is no byte stream gets those slices still, one read
/// ahead ([`ByteStream::slices`]).
pub enum ByteStream {
    /// A BYOB reader and the buffer its reads fill: each read hands it
    /// back transferred, as a new `ArrayBuffer` over the same memory.
    Byob {
        reader: ReadableStreamByobReader,
        buffer: ArrayBuffer,
        name: String,
    },
    /// `Blob.arrayBuffer` slices of `chunk` bytes, the next one read while
    /// the one before is parsed.
    Slices {
        file: File,
        /// Where the slice after `pending` starts, and the range's end.
        at: f64,
        to: f64,
        chunk: f64,
        pending: Option<Promise>,
        name: String,
    },
}

impl ByteStream {
    /// A byte stream of `file[from..to]`, or [`ByteStream::slices`] of
    /// `chunk` bytes where the browser has no BYOB reader for it.
    pub fn open(
        file: &File,
        (from, to): (f64, f64),
        chunk: f64,
        name: &str,
    ) -> Result<Self, String> {
        let stream = slice(file, from, to.max(from), name)?.stream();
        match ReadableStreamByobReader::new(&stream) {
            Ok(reader) => Ok(ByteStream::Byob {
                reader,
                buffer: ArrayBuffer::new(READ_BYTES),
                name: name.to_owned(),
            }),
            Err(_) => {
                let _ = stream.cancel();
                Self::slices(file, (from, to), chunk, name)
            }
        }
    }

    /// `file[from..to]` in `Blob.arrayBuffer` slices of `chunk` bytes.
    pub fn slices(
        file: &File,
        (from, to): (f64, f64),
        chunk: f64,
        name: &str,
    ) -> Result<Self, String> {
        let mut at = from.min(to);
        let chunk = chunk.max(1.0);
        let pending = read_ahead(file, &mut at, to, chunk, name)?;
        Ok(ByteStream::Slices {
            file: file.clone(),
            at,
            to,
            chunk,
            pending,
            name: name.to_owned(),
        })
    }

    /// The next bytes (up to [`READ_BYTES`] from a byte stream, a slice
    /// otherwise); empty at the end. The view is valid until the next call.
    pub async fn next(&mut self) -> Result<Uint8Array, String> {
        match self {
            ByteStream::Byob {
                reader,
                buffer,
                name,
            } => {
                let mut filled = 0;
                while filled < READ_BYTES {
                    let view = Uint8Array::new_with_byte_offset_and_length(
                        buffer,
                        filled,
                        READ_BYTES - filled,
                    );
                    let result: ReadableStreamReadResult =
                        JsFuture::from(reader.read_with_array_buffer_view(&view))
                            .await
                            .map_err(|_| unreadable(name))?
                            .unchecked_into();
                    let value = result.get_value();
                    if let Some(got) = value.dyn_ref::<Uint8Array>() {
                        *buffer = got.buffer();
                        filled += got.byte_length();
                    }
                    if result.get_done().unwrap_or(true) || value.is_undefined() {
                        break;
                    }
                }
                Ok(Uint8Array::new_with_byte_offset_and_length(
                    buffer, 0, filled,
                ))
            }
            ByteStream::Slices {
                file,
                at,
                to,
                chunk,
                pending,
                name,
            } => {
                let Some(promise) = pending.take() else {
                    return Ok(Uint8Array::new_with_length(0));
                };
                let bytes = JsFuture::from(promise)
                    .await
                    .map_err(|_| unreadable(name))?;
                *pending = read_ahead(file, at, *to, *chunk, name)?;
                Ok(Uint8Array::new(&bytes))
            }
        }
    }
}

/// `file[at..end]` in this memory (a small read: a file's head).
pub async fn read_bytes(file: &File, at: f64, end: f64, name: &str) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(start_read(file, at, end.min(file.size()), name)?)
        .await
        .map_err(|_| unreadable(name))?;
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
        // The browser fills the stream's pipe while the worker parses what
        // came before; a read of at most `READ_BYTES` drains it often
        // enough that reading overlaps parsing.
        let mut stream = ByteStream::open(file, (from, to), self.chunk, name)?;
        let mut since_take = 0.0;
        loop {
            let bytes = stream.next().await?;
            let len = bytes.length();
            // Pushed in small parts: the engine swaps in its optimised code
            // for a function only when it is next called, so one call per
            // 4 MiB slice kept the first slice on the baseline compiler's
            // code (~0.8 s of a 4 s parse).
            let mut at = 0;
            while at < len {
                let end = len.min(at + PUSH_BYTES as u32);
                let n = (end - at) as usize;
                bytes.subarray(at, end).copy_to(&mut self.buf[..n]);
                importer.push(&self.buf[..n], ds);
                at = end;
            }
            since_take += f64::from(len);
            if since_take >= self.chunk || len == 0 {
                since_take = 0.0;
                self.take_rows(importer, ds);
            }
            if len == 0 {
                break;
            }
        }
        Ok(())
    }

    /// Moves the event rows parsed so far out of this memory, and reports.
    fn take_rows(&mut self, importer: &Importer, ds: &mut Dataset) {
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
}
