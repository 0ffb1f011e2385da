//! The worker's event loop (wasm32 only).

use super::protocol::{load_order, FileReport, FromWorker, Job, JobProgress};
use canal_core::import::Importer;
use canal_core::{codec, Dataset};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let msg: Array = ev.data().unchecked_into();
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
        match import(&reply, &job, &files) {
            Ok((done, image)) => post(&reply, &done, Some(&image)),
            Err(reason) => post(&reply, &failed(&reason), None),
        }
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
fn post(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker, image: Option<&Uint8Array>) {
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

fn import(
    scope: &DedicatedWorkerGlobalScope,
    job: &Job,
    files: &[File],
) -> Result<(FromWorker, Uint8Array), String> {
    if files.len() != job.files.len() {
        return Err("the import job lost its files".into());
    }
    let started = js_sys::Date::now();
    let reader = FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker")?;
    let chunk = f64::from(job.chunk_bytes.max(1 << 16));
    let mut progress = JobProgress {
        total_bytes: job.files.iter().map(|f| f.size).sum(),
        ..JobProgress::default()
    };
    let mut ds = Dataset::default();
    let mut reports: Vec<Option<FileReport>> = vec![None; files.len()];
    let mut buf = Vec::new();
    for i in load_order(&job.files) {
        let (file, spec) = (&files[i], &job.files[i]);
        let mut importer = Importer::new(spec.options.clone());
        let (base_bytes, base_rows, base_errors) = (progress.bytes, progress.rows, progress.errors);
        progress.file = i as u32;
        let size = file.size();
        let mut at = 0.0;
        while at < size {
            let end = (at + chunk).min(size);
            let slice = file
                .slice_with_f64_and_f64(at, end)
                .map_err(|_| format!("{}: cannot slice the file", spec.name))?;
            let buffer = reader
                .read_as_array_buffer(&slice)
                .map_err(|_| format!("{}: the file could not be read", spec.name))?;
            let bytes = Uint8Array::new(&buffer);
            buf.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut buf);
            let p = importer.push(&buf, &mut ds);
            progress.bytes = base_bytes + p.bytes;
            progress.rows = base_rows + p.rows;
            progress.errors = base_errors + p.errors;
            post(scope, &FromWorker::Progress(progress), None);
            at = end;
        }
        let report = importer.finish(&mut ds);
        progress.rows = base_rows + report.rows_read;
        progress.errors = base_errors + report.errors_total;
        reports[i] = Some(FileReport {
            name: spec.name.clone(),
            report,
        });
    }
    drop(buf);
    let parse_ms = js_sys::Date::now() - started;
    let memory_bytes = wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as u64;
    let image = codec::encode(&ds);
    drop(ds);
    let image = Uint8Array::from(&image[..]);
    let done = FromWorker::Done {
        reports: reports.into_iter().flatten().collect(),
        parse_ms,
        memory_bytes,
    };
    Ok((done, image))
}
