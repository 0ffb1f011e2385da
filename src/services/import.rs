//! Files dropped into the page: their first bytes for the preview, the CSV
//! worker that parses them, and the row-error download.

use crate::worker::protocol::{FileReport, FromWorker, Job, JobProgress};
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, MessageEvent, Worker};

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html).
pub(crate) const WORKER_URL: &str = "/canal-worker_loader.js";

/// The first `n` bytes of `file` (the whole file when it is smaller).
pub async fn read_head(file: &File, n: usize) -> Result<Vec<u8>, String> {
    let end = (n as f64).min(file.size());
    let slice = file
        .slice_with_f64_and_f64(0.0, end)
        .map_err(|_| "cannot slice the file".to_owned())?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|_| "the file could not be read".to_owned())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Bytes of Wasm memory the page's module has grown to (it never shrinks):
/// the benchmark reads it before and after an import.
pub fn page_memory() -> u64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as u64
}

/// The arrays of `parts` as one.
pub fn concat(parts: &Array) -> Uint8Array {
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
    image
}

/// The [`canal_core::codec`] image of `ds`, written part by part into
/// JavaScript memory: the Wasm memory of the module writing it, which never
/// shrinks, never holds a copy of the whole image beside the data set.
pub fn image_of(ds: &canal_core::Dataset) -> Uint8Array {
    let parts = Array::new();
    canal_core::codec::encode_to(ds, &mut |bytes| {
        parts.push(&Uint8Array::from(bytes));
    });
    concat(&parts)
}

/// The data set an image holds, read a part at a time from JavaScript
/// memory: the page's Wasm memory (which never shrinks) gets the columns,
/// never a copy of the whole image beside them.
pub fn decode_image(image: &Uint8Array) -> Result<canal_core::Dataset, String> {
    canal_core::codec::decode_from(image.length() as usize, &mut |at, out| {
        let (from, to) = (at as u32, (at + out.len()) as u32);
        image.subarray(from, to).copy_to(out);
    })
    .map_err(|e| e.to_string())
}

/// What the worker says, as the page needs it.
#[derive(Debug)]
pub enum WorkerEvent {
    /// Progress over all files.
    Progress(JobProgress),
    /// Finished: reports and the data set's byte image.
    Done {
        /// One per file.
        reports: Vec<FileReport>,
        /// [`canal_core::codec`] image, left in JavaScript memory (see
        /// [`decode_image`]).
        image: Uint8Array,
        /// Milliseconds the worker spent parsing.
        parse_ms: f64,
        /// Bytes of Wasm memory the worker had grown to.
        memory_bytes: u64,
    },
    /// The second part of a file is read: the whole message, to hand on
    /// to the worker reading the first part ([`hand_on`]).
    PartDone {
        /// The message as it came (its arrays still in it).
        msg: Array,
        /// Bytes of Wasm memory the worker had grown to.
        memory_bytes: u64,
    },
    /// The worker reading the first part reads the rest too.
    ReadingOn,
    /// The job could not run.
    Failed(String),
}

/// A running import; dropping or cancelling it terminates the worker.
pub struct ImportJob {
    worker: Worker,
    // Kept alive as long as the worker may call them.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl std::fmt::Debug for ImportJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ImportJob")
    }
}

impl ImportJob {
    /// Starts a worker and hands it `job` and `files` once it is ready.
    /// `on_event` is called for every progress report and once at the end.
    pub fn start(
        job: Job,
        files: Vec<File>,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<Self, String> {
        let text = serde_json::to_string(&job).map_err(|e| e.to_string())?;
        let msg = Array::of1(&JsValue::from_str(&text));
        for f in &files {
            msg.push(f);
        }
        Self::start_with(msg, on_event)
    }

    /// Starts a worker and posts it `msg` (a job's first message) once it
    /// is ready; `on_event` as for [`ImportJob::start`].
    pub fn start_with(
        msg: Array,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<Self, String> {
        let worker =
            Worker::new(WORKER_URL).map_err(|_| "the import worker cannot start".to_owned())?;
        let on_event = Rc::new(on_event);
        // The job waits for `Ready`: a worker drops messages that arrive
        // before its Wasm module has installed a handler.
        let pending = RefCell::new(Some(msg));
        let target = worker.clone();
        let events = on_event.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let msg: Array = ev.data().unchecked_into();
            let parsed = msg
                .get(0)
                .as_string()
                .and_then(|text| serde_json::from_str::<FromWorker>(&text).ok());
            match parsed {
                Some(FromWorker::Ready) => {
                    if let Some(job) = pending.borrow_mut().take() {
                        if target.post_message(&job).is_err() {
                            events(WorkerEvent::Failed(
                                "the files could not be handed to the import worker".into(),
                            ));
                        }
                    }
                }
                Some(FromWorker::Progress(p)) => events(WorkerEvent::Progress(p)),
                Some(FromWorker::Done {
                    reports,
                    parse_ms,
                    memory_bytes,
                    ..
                }) => {
                    let image = Uint8Array::new(&msg.get(1));
                    events(WorkerEvent::Done {
                        reports,
                        image,
                        parse_ms,
                        memory_bytes,
                    });
                }
                Some(FromWorker::PartDone { memory_bytes, .. }) => {
                    events(WorkerEvent::PartDone { msg, memory_bytes })
                }
                Some(FromWorker::ReadingOn) => events(WorkerEvent::ReadingOn),
                Some(FromWorker::Failed { reason }) => events(WorkerEvent::Failed(reason)),
                None => events(WorkerEvent::Failed(
                    "the import worker sent an unreadable message".into(),
                )),
            }
        });
        let events = on_event;
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            events(WorkerEvent::Failed("the import worker stopped".into()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(ImportJob {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Stops the worker at once; nothing it parsed reaches the page.
    pub fn cancel(&self) {
        self.worker.terminate();
    }

    /// The worker, for callbacks that must reach it (a job's own callback
    /// must not drop the job: its closures would go while running).
    pub fn worker(&self) -> Worker {
        self.worker.clone()
    }
}

/// Hands a message from one worker to another, moving its arrays' buffers
/// (the second part's rows) rather than copying them.
pub fn hand_on(to: &Worker, msg: &Array) -> Result<(), String> {
    let transfer = Array::new();
    for v in msg.iter().skip(1) {
        if let Some(bytes) = v.dyn_ref::<Uint8Array>() {
            transfer.push(&bytes.buffer());
        }
    }
    to.post_message_with_transfer(msg, &transfer)
        .map_err(|_| "the second part could not be handed on".to_owned())
}

impl Drop for ImportJob {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot build the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "cannot offer the file".to_owned())?;
    let a: web_sys::HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(|_| "cannot offer the file".to_owned())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL is not needed any more.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
