//! The worker's event loop (wasm32 only).

use super::parts::{export_dicts, read_first, read_rest, Mailbox};
use super::protocol::{
    load_order, warm_rows, FileJob, FileReport, FromWorker, Job, Part, ServerJob, CHUNK_BYTES,
    SERVER_JOB, WARM_BYTES, WARM_JOB,
};
use super::read::{note_memory, wasm_memory, Reader};
use crate::services::import::concat;
use canal_core::import::{ImportOptions, Importer, TableKind};
use canal_core::{codec, Dataset};
use js_sys::{Array, Uint8Array};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let mailbox = Rc::new(Mailbox::default());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let msg: Array = ev.data().unchecked_into();
        let text = msg.get(0).as_string().unwrap_or_default();
        if text == SERVER_JOB {
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
        if text == WARM_JOB {
            let (reply, mailbox) = (reply.clone(), mailbox.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let started = js_sys::Date::now();
                let answer = match warm(&reply, &mailbox).await {
                    Ok(()) => FromWorker::Warm {
                        ms: js_sys::Date::now() - started,
                        memory_bytes: wasm_memory(),
                    },
                    Err(reason) => failed(&reason),
                };
                post(&reply, &answer, None);
            });
            return;
        }
        // The second worker's rows, handed on by the page: for the job
        // under way, which waits for them.
        if let Ok(FromWorker::PartDone { .. }) = serde_json::from_str::<FromWorker>(&text) {
            mailbox.put(msg);
            return;
        }
        let Ok(job) = serde_json::from_str::<Job>(&text) else {
            post(&reply, &failed("the import job could not be read"), None);
            return;
        };
        let files: Vec<File> = (1..msg.length())
            .map(|i| msg.get(i).unchecked_into())
            .collect();
        let (reply, mailbox) = (reply.clone(), mailbox.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match import(&reply, &job, &files, &mailbox, false).await {
                Ok((done, extra, transfer)) => post_with(&reply, &done, &extra, &transfer),
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
pub fn post(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker, image: Option<&Uint8Array>) {
    let (extra, transfer) = (Array::new(), Array::new());
    if let Some(bytes) = image {
        extra.push(bytes);
        transfer.push(&bytes.buffer());
    }
    post_with(scope, msg, &extra, &transfer);
}

/// Posts `msg` followed by the entries of `extra`, moving the buffers of
/// `transfer` to the page without a copy.
fn post_with(
    scope: &DedicatedWorkerGlobalScope,
    msg: &FromWorker,
    extra: &Array,
    transfer: &Array,
) {
    let text = serde_json::to_string(msg).unwrap_or_default();
    let out = Array::of1(&JsValue::from_str(&text));
    for v in extra.iter() {
        out.push(&v);
    }
    let result = if transfer.length() == 0 {
        scope.post_message(&out)
    } else {
        scope.post_message_with_transfer(&out, transfer)
    };
    if let Err(err) = result {
        web_sys::console::error_2(&"canal worker: cannot post".into(), &err);
    }
}

/// What a job ends with: the message, the arrays after it and the buffers
/// moved with it.
type Reply = (FromWorker, Array, Array);

/// A warm-up: [`warm_rows`] imported as a dropped event file is, from a
/// `File` through every step to the image, which is then dropped. Nothing
/// of it stays but the engine's optimised code (and the Wasm memory it
/// grew, which a job reuses).
async fn warm(scope: &DedicatedWorkerGlobalScope, mailbox: &Mailbox) -> Result<(), String> {
    let name = "warm-up.csv";
    let bytes = Uint8Array::from(&warm_rows(WARM_BYTES)[..]);
    let file = File::new_with_u8_array_sequence(&Array::of1(&bytes), name)
        .map_err(|_| "the warm-up file could not be made".to_owned())?;
    let job = Job {
        files: vec![FileJob {
            name: name.into(),
            size: file.size() as u64,
            options: ImportOptions {
                kind: Some(TableKind::Events),
                ..ImportOptions::default()
            },
        }],
        chunk_bytes: CHUNK_BYTES,
        part: Part::Whole,
    };
    let (done, _, _) = import(scope, &job, &[file], mailbox, true).await?;
    match done {
        FromWorker::Done { reports, .. } if reports.iter().all(|r| r.report.errors_total == 0) => {
            Ok(())
        }
        _ => Err("the warm-up rows did not load".into()),
    }
}

/// Runs `job`; `quiet`: posts no progress (a warm-up).
async fn import(
    scope: &DedicatedWorkerGlobalScope,
    job: &Job,
    files: &[File],
    mailbox: &Mailbox,
    quiet: bool,
) -> Result<Reply, String> {
    if files.len() != job.files.len() {
        return Err("the import job lost its files".into());
    }
    let started = js_sys::Date::now();
    let total_bytes = job.files.iter().map(|f| f.size).sum();
    let mut reader = Reader::new(scope, job.chunk_bytes, total_bytes);
    reader.quiet = quiet;
    let mut ds = Dataset::default();
    let mut reports: Vec<Option<FileReport>> = vec![None; files.len()];
    match (&job.part, files, job.files.as_slice()) {
        (Part::Whole, _, _) => {
            for i in load_order(&job.files) {
                let (file, spec) = (&files[i], &job.files[i]);
                let mut importer = Importer::new(spec.options.clone());
                reader.base = reader.progress;
                reader.progress.file = i as u32;
                let all = (0.0, file.size());
                reader
                    .read(file, &spec.name, all, &mut importer, &mut ds)
                    .await?;
                let report = importer.finish(&mut ds);
                reader.staged.take(&mut ds.events);
                reader.mark(|| "finish".into());
                reader.step("read");
                reader.progress.rows = reader.base.rows + report.rows_read;
                reader.progress.errors = reader.base.errors + report.errors_total;
                reports[i] = Some(FileReport {
                    name: spec.name.clone(),
                    report,
                });
            }
        }
        (&Part::First { cut }, [file], [spec]) => {
            let report = read_first(&mut reader, mailbox, file, spec, cut, &mut ds).await?;
            reports[0] = Some(FileReport {
                name: spec.name.clone(),
                report,
            });
        }
        (&Part::Rest { cut }, [file], [spec]) => {
            let Some(report) = read_rest(&mut reader, file, spec, cut, &mut ds).await? else {
                return Ok((FromWorker::ReadingOn, Array::new(), Array::new()));
            };
            let (extra, transfer) = (Array::new(), Array::new());
            export_dicts(&ds, &extra, &transfer);
            let blocks = std::mem::take(&mut reader.staged).export(&extra, &transfer);
            let done = FromWorker::PartDone {
                report,
                blocks,
                parse_ms: js_sys::Date::now() - started,
                memory_bytes: wasm_memory(),
            };
            return Ok((done, extra, transfer));
        }
        _ => return Err("a part of a file is read alone".into()),
    }
    reader.release();
    let Reader {
        staged,
        mut phases,
        mut steps,
        ..
    } = reader;
    // The image holds people, not records (SPEC §7), as the server counts.
    if let (_, Some(map)) = canal_core::people::unify_with_map(&mut ds) {
        staged.remap(&map);
    }
    note_memory(&mut phases, || "unify".into());
    steps.push(("unified".into(), js_sys::Date::now() - started));
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
    note_memory(&mut phases, || "encode".into());
    steps.push(("encoded".into(), js_sys::Date::now() - started));
    let memory_bytes = wasm_memory();
    drop(ds);
    let image = concat(&parts);
    steps.push(("image built".into(), js_sys::Date::now() - started));
    let done = FromWorker::Done {
        reports: reports.into_iter().flatten().collect(),
        parse_ms,
        memory_bytes,
        phases,
        steps,
    };
    let (extra, transfer) = (Array::of1(&image), Array::of1(&image.buffer()));
    Ok((done, extra, transfer))
}
