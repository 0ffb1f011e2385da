//! The page's side of a [`ServerJob`]: a worker loads the server's exports
//! (or the benchmark's files) and hands back the data set's image.

use super::import::decode_image;
use crate::worker::protocol::{FromWorker, JobProgress, ServerJob, SERVER_JOB};
use canal_core::Dataset;
use js_sys::{Array, Function, Promise, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// Runs `job` in a worker of its own, calling `on_progress` for every
/// report, and returns the data set it loaded (people unified), or why not.
pub async fn load(
    job: &ServerJob,
    on_progress: impl Fn(JobProgress) + 'static,
) -> Result<Dataset, String> {
    let text = serde_json::to_string(job).map_err(|e| e.to_string())?;
    let worker = Worker::new(super::import::WORKER_URL)
        .map_err(|_| "the loading worker cannot start".to_owned())?;
    // Resolved with the image, rejected with the reason.
    let settle: Rc<RefCell<Option<(Function, Function)>>> = Rc::default();
    let done = {
        let settle = settle.clone();
        Promise::new(&mut move |resolve, reject| *settle.borrow_mut() = Some((resolve, reject)))
    };
    let finish = {
        let settle = settle.clone();
        move |outcome: Result<JsValue, String>| {
            if let Some((resolve, reject)) = settle.borrow_mut().take() {
                let _ = match outcome {
                    Ok(image) => resolve.call1(&JsValue::NULL, &image),
                    Err(reason) => reject.call1(&JsValue::NULL, &JsValue::from_str(&reason)),
                };
            }
        }
    };
    let target = worker.clone();
    let on_done = finish.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let msg: Array = ev.data().unchecked_into();
        let parsed = msg
            .get(0)
            .as_string()
            .and_then(|text| serde_json::from_str::<FromWorker>(&text).ok());
        match parsed {
            // Sent only now: a worker drops messages that arrive before its
            // module installed a handler.
            Some(FromWorker::Ready) => {
                let out = Array::of2(&JsValue::from_str(SERVER_JOB), &JsValue::from_str(&text));
                if target.post_message(&out).is_err() {
                    on_done(Err("the load could not be handed to the worker".into()));
                }
            }
            Some(FromWorker::Progress(p)) => on_progress(p),
            Some(FromWorker::Done { reports, .. }) => {
                // Server exports should load cleanly; say so where developers look.
                for r in reports.iter().filter(|r| r.report.errors_total > 0) {
                    gloo::console::warn!(format!(
                        "{}: {} of {} rows not loaded; first: {:?}",
                        r.name,
                        r.report.errors_total,
                        r.report.rows_read,
                        r.report.errors.first().map(ToString::to_string)
                    ));
                }
                on_done(Ok(msg.get(1)))
            }
            Some(FromWorker::Failed { reason }) => on_done(Err(reason)),
            // Messages of a file split between two workers: not this job's.
            Some(FromWorker::PartDone { .. } | FromWorker::ReadingOn) | None => {
                on_done(Err("the loading worker sent an unreadable message".into()))
            }
        }
    });
    let on_failure = finish;
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        on_failure(Err("the loading worker stopped".into()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(done).await;
    worker.terminate();
    drop((on_message, on_error));
    let image: Uint8Array = outcome
        .map_err(|e| e.as_string().unwrap_or_else(|| "the load failed".into()))?
        .unchecked_into();
    decode_image(&image)
}
