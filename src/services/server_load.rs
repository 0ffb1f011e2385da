//! The page's side of a [`ServerJob`]: a worker loads the server's exports
//! (or the benchmark's files) and hands back the data set's image.

use super::import::{decode_image, ImportJob, WorkerEvent};
use crate::worker::protocol::{JobProgress, ServerJob, SERVER_JOB};
use canal_core::Dataset;
use js_sys::{Array, Function, Promise, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Runs `job` in a worker of its own, calling `on_progress` for every
/// report, and returns the data set it loaded (people unified), or why not.
pub async fn load(
    job: &ServerJob,
    on_progress: impl Fn(JobProgress) + 'static,
) -> Result<Dataset, String> {
    let text = serde_json::to_string(job).map_err(|e| e.to_string())?;
    let msg = Array::of2(&JsValue::from_str(SERVER_JOB), &JsValue::from_str(&text));
    // Resolved with the image, rejected with the reason.
    let settle: Rc<RefCell<Option<(Function, Function)>>> = Rc::default();
    let done = {
        let settle = settle.clone();
        Promise::new(&mut move |resolve, reject| *settle.borrow_mut() = Some((resolve, reject)))
    };
    let finish = move |outcome: Result<JsValue, String>| {
        if let Some((resolve, reject)) = settle.borrow_mut().take() {
            let _ = match outcome {
                Ok(image) => resolve.call1(&JsValue::NULL, &image),
                Err(reason) => reject.call1(&JsValue::NULL, &JsValue::from_str(&reason)),
            };
        }
    };
    let worker = ImportJob::start_with(msg, move |event| match event {
        WorkerEvent::Progress(p) => on_progress(p),
        WorkerEvent::Done { reports, image, .. } => {
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
            finish(Ok(image.into()));
        }
        WorkerEvent::Failed(reason) => finish(Err(reason)),
        // Messages of a file split between two workers: not this job's.
        WorkerEvent::PartDone { .. } | WorkerEvent::ReadingOn => {
            finish(Err("the loading worker sent an unexpected message".into()))
        }
    })?;
    let outcome = JsFuture::from(done).await;
    drop(worker);
    let image: Uint8Array = outcome
        .map_err(|e| e.as_string().unwrap_or_else(|| "the load failed".into()))?
        .unchecked_into();
    decode_image(&image)
}
