//! The worker's event loop (wasm32 only).

use super::protocol::{
    load_order, rows_to_reserve, FileReport, FromWorker, Job, JobProgress, ServerJob, SERVER_JOB,
};
use super::stage::Staged;
use canal_core::import::Importer;
use canal_core::{codec, Dataset};
use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

/// Bytes per call into the importer (see `import`).
const PUSH_BYTES: usize = 256 << 10;

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let msg: Array = ev.data().unchecked_into();
        if msg.get(0).as_string().as_deref() == Some(SERVER_JOB) {
            let job = msg.get(1).as_string();
            let job = job.and_then(|text| serde_json::from_str::<ServerJob>(&text).ok());
            let reply = reply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = match job {
                    Some(job) => super::server::load(&reply, &job).await,
                    None => Err("the load job could not be read".into()),
                };
                match answer {
                    Ok((done, image)) => post(&reply, &done, Some(&image)),
                    Err(reason) => post(&reply, &failed(&reason), None),
                }
            });
            return;
        }
        let job = msg
            .get(0)
            .as_string()
            .and_then(|text| serde_json::from_str::<Job>(&text).ok());
        let Some(job) = job else {
            post(&reply, &failed("the import job could not be read"), None);
            return;
        };
        let files: Vec<File> = (1..msg.length())
            .map(|i| msg.get(i).unchecked_into())
            .collect();
        let reply = reply.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match import(&reply, &job, &files).await {
                Ok((done, image)) => post(&reply, &done, Some(&image)),
                Err(reason) => post(&reply, &failed(&reason), None),
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &FromWorker::Ready, None);
}

fn failed(reason: &str) -> FromWorker {
    FromWorker::Failed {
        reason: reason.to_owned(),
    }
}

/// Posts `msg`, moving `image` (if any) to the page without a copy.
pub(super) fn post(
    scope: &DedicatedWorkerGlobalScope,
    msg: &FromWorker,
    image: Option<&Uint8Array>,
) {
    let text = serde_json::to_string(msg).unwrap_or_default();
    let out = Array::of1(&JsValue::from_str(&text));
    let result = match image {
        Some(bytes) => {
            out.push(bytes);
            scope.post_message_with_transfer(&out, &Array::of1(&bytes.buffer()))
        }
        None => scope.post_message(&out),
    };
    if let Err(err) = result {
        web_sys::console::error_2(&"canal worker: cannot post".into(), &err);
    }
}

/// Bytes of Wasm memory this module has grown to.
pub(super) fn wasm_memory() -> u64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as u64
}

/// Starts reading `file[at..end]`; the browser reads it while the worker
/// parses the slice before.
fn read(file: &File, at: f64, end: f64, name: &str) -> Result<Promise, String> {
    let slice = file
        .slice_with_f64_and_f64(at, end)
        .map_err(|_| format!("{name}: cannot slice the file"))?;
    Ok(slice.array_buffer())
}

async fn import(
    scope: &DedicatedWorkerGlobalScope,
    job: &Job,
    files: &[File],
) -> Result<(FromWorker, Uint8Array), String> {
    if files.len() != job.files.len() {
        return Err("the import job lost its files".into());
    }
    let started = js_sys::Date::now();
    let chunk = f64::from(job.chunk_bytes.max(1 << 16));
    let mut progress = JobProgress {
        total_bytes: job.files.iter().map(|f| f.size).sum(),
        ..JobProgress::default()
    };
    let mut ds = Dataset::default();
    // The event rows, moved out of this memory slice by slice.
    let mut staged = Staged::default();
    let mut reports: Vec<Option<FileReport>> = vec![None; files.len()];
    // One push's worth of bytes at a time crosses into Wasm memory, not a
    // whole slice: the memory a Wasm instance grows to is never given back.
    let mut part = vec![0u8; PUSH_BYTES];
    let mut phases: Vec<(String, u64)> = vec![("start".into(), wasm_memory())];
    let mark = |phases: &mut Vec<(String, u64)>, what: String| {
        let now = wasm_memory();
        if phases.last().is_none_or(|(_, m)| *m != now) {
            phases.push((what, now));
        }
    };
    for i in load_order(&job.files) {
        let (file, spec) = (&files[i], &job.files[i]);
        let mut importer = Importer::new(spec.options.clone());
        let (base_bytes, base_rows, base_errors) = (progress.bytes, progress.rows, progress.errors);
        progress.file = i as u32;
        let size = file.size();
        // One slice is always being read ahead (`Blob.arrayBuffer`), so
        // reading overlaps parsing instead of adding to it as a
        // `FileReaderSync` read did.
        let mut at = 0.0_f64.min(size);
        let mut pending = (at < size)
            .then(|| read(file, at, (at + chunk).min(size), &spec.name))
            .transpose()?;
        while let Some(promise) = pending.take() {
            let buffer = JsFuture::from(promise)
                .await
                .map_err(|_| format!("{}: the file could not be read", spec.name))?;
            at = (at + chunk).min(size);
            if at < size {
                pending = Some(read(file, at, (at + chunk).min(size), &spec.name)?);
            }
            let bytes = Uint8Array::new(&buffer);
            // Pushed in small parts: the engine swaps in its optimised code
            // for a function only when it is next called, so one call per
            // 4 MiB slice kept the first slice on the baseline compiler's
            // code (~0.8 s of a 4 s parse).
            let mut p = importer.progress();
            let len = bytes.length();
            let mut from = 0;
            while from < len {
                let to = len.min(from + PUSH_BYTES as u32);
                let n = (to - from) as usize;
                bytes.subarray(from, to).copy_to(&mut part[..n]);
                p = importer.push(&part[..n], &mut ds);
                from = to;
            }
            let events = &mut ds.events;
            let slice_rows = events.len();
            staged.take(events);
            if let Some(rows) = rows_to_reserve(slice_rows, events.row_capacity()) {
                events.reserve_rows(rows);
            }
            progress.bytes = base_bytes + p.bytes;
            progress.rows = base_rows + p.rows;
            progress.errors = base_errors + p.errors;
            mark(
                &mut phases,
                format!(
                    "rows {} keys {} ev {}",
                    progress.rows,
                    ds.keys.len(),
                    ds.events.heap_bytes()
                ),
            );
            post(scope, &FromWorker::Progress(progress), None);
        }
        let report = importer.finish(&mut ds);
        staged.take(&mut ds.events);
        mark(&mut phases, "finish".into());
        progress.rows = base_rows + report.rows_read;
        progress.errors = base_errors + report.errors_total;
        reports[i] = Some(FileReport {
            name: spec.name.clone(),
            report,
        });
    }
    drop(part);
    // The image holds people, not records (SPEC §7), as the server counts.
    if let (_, Some(map)) = canal_core::people::unify_with_map(&mut ds) {
        staged.remap(&map);
    }
    mark(&mut phases, "unify".into());
    let parse_ms = js_sys::Date::now() - started;
    // The image is built part by part in JavaScript memory, so this
    // memory never holds it beside the columns.
    let parts = Array::new();
    codec::encode_to_with_events(
        &ds,
        &|col| staged.count(col),
        &mut |col| staged.push_column(col, &parts),
        &mut |bytes| {
            parts.push(&Uint8Array::from(bytes));
        },
    );
    drop(staged);
    mark(&mut phases, "encode".into());
    let memory_bytes = wasm_memory();
    drop(ds);
    let total = parts
        .iter()
        .map(|p| p.unchecked_into::<Uint8Array>().length())
        .sum();
    let image = Uint8Array::new_with_length(total);
    let mut offset = 0;
    for p in parts.iter() {
        let p: Uint8Array = p.unchecked_into();
        image.set(&p, offset);
        offset += p.length();
    }
    let done = FromWorker::Done {
        reports: reports.into_iter().flatten().collect(),
        parse_ms,
        memory_bytes,
        phases,
    };
    Ok((done, image))
}
