//! Files dropped into the page: their first bytes for the preview, the CSV
//! worker that parses them, and the row-error download.

use crate::worker::protocol::{FileReport, FromWorker, Job, JobProgress, WARM_JOB};
use js_sys::{Array, Uint8Array};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
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

/// The handlers a worker had before a job's replace them.
type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

/// A worker for one job, which ends with it: a warm one from a
/// [`WarmPool`], or a new one.
pub struct JobWorker {
    worker: Worker,
    /// It has answered [`FromWorker::Ready`] or [`FromWorker::Warm`] and
    /// waits: the job is posted at once (else when one of them comes).
    idle: bool,
    /// The pool's handlers, kept until the job's are installed.
    handlers: Option<Handlers>,
}

impl JobWorker {
    /// A new worker.
    pub fn new() -> Result<Self, String> {
        let worker =
            Worker::new(WORKER_URL).map_err(|_| "the import worker cannot start".to_owned())?;
        Ok(JobWorker {
            worker,
            idle: false,
            handlers: None,
        })
    }
}

/// Idle workers the import screen keeps warm: each has parsed
/// [`crate::worker::protocol::warm_rows`] once, so a file's first slices
/// run on the engine's optimised code rather than its first tier. A worker
/// serves one job and ends with it ([`WarmPool::take`]); another is
/// warmed in its place once no job runs. Workers are warmed one at a time,
/// so they never compete with each other (or a job) for the processor.
pub struct WarmPool {
    pool: Rc<Pool>,
}

/// Idle workers the pool keeps.
pub const WARM_WORKERS: usize = 2;

/// Workers failing to start or warm in a row after which the pool stops
/// trying (jobs then start their own, as without a pool).
const MAX_FAILURES: u32 = 3;

struct Pool {
    slots: RefCell<Vec<Slot>>,
    /// The import screen has opened: the pool fills.
    started: Cell<bool>,
    /// Jobs under way ([`WarmPool::hold`]): no worker is warmed meanwhile.
    holds: Cell<u32>,
    failures: Cell<u32>,
    next_id: Cell<u32>,
    /// Called with the number of warm workers when it changes.
    on_change: Box<dyn Fn(usize)>,
}

struct Slot {
    id: u32,
    worker: Worker,
    warm: bool,
    /// Failed and ended; removed once its handler has returned.
    dead: bool,
    handlers: Handlers,
}

impl WarmPool {
    /// An empty pool; `on_change` hears the number of warm workers.
    pub fn new(on_change: impl Fn(usize) + 'static) -> Self {
        WarmPool {
            pool: Rc::new(Pool {
                slots: RefCell::default(),
                started: Cell::new(false),
                holds: Cell::new(0),
                failures: Cell::new(0),
                next_id: Cell::new(0),
                on_change: Box::new(on_change),
            }),
        }
    }

    /// Starts keeping [`WARM_WORKERS`] warm workers (again and again).
    pub fn start(&self) {
        self.pool.started.set(true);
        self.pool.fill();
    }

    /// A worker for a job: a warm one, else one still warming (the job
    /// waits for its warm-up), else a new one.
    pub fn take(&self) -> Result<JobWorker, String> {
        let slot = {
            let mut slots = self.pool.slots.borrow_mut();
            let at = slots.iter().position(|s| s.warm && !s.dead);
            at.or_else(|| slots.iter().position(|s| !s.dead))
                .map(|i| slots.remove(i))
        };
        match slot {
            Some(s) => {
                self.pool.notify();
                Ok(JobWorker {
                    worker: s.worker,
                    idle: s.warm,
                    handlers: Some(s.handlers),
                })
            }
            None => JobWorker::new(),
        }
    }

    /// No worker is warmed until the returned guard goes (a job is under
    /// way); then the pool fills again.
    pub fn hold(&self) -> PoolHold {
        self.pool.holds.set(self.pool.holds.get() + 1);
        PoolHold {
            pool: self.pool.clone(),
        }
    }
}

/// See [`WarmPool::hold`].
pub struct PoolHold {
    pool: Rc<Pool>,
}

impl Drop for PoolHold {
    fn drop(&mut self) {
        self.pool.holds.set(self.pool.holds.get().saturating_sub(1));
        self.pool.fill();
    }
}

impl Pool {
    fn notify(&self) {
        let warm = self
            .slots
            .borrow()
            .iter()
            .filter(|s| s.warm && !s.dead)
            .count();
        (self.on_change)(warm);
    }

    /// Starts warming another worker if the pool is short of warm ones
    /// and none is warming.
    fn fill(self: &Rc<Self>) {
        if !self.started.get() || self.holds.get() > 0 || self.failures.get() >= MAX_FAILURES {
            return;
        }
        {
            let slots = self.slots.borrow();
            if slots.len() >= WARM_WORKERS || slots.iter().any(|s| !s.warm) {
                return;
            }
        }
        let Ok(JobWorker { worker, .. }) = JobWorker::new() else {
            self.failures.set(self.failures.get() + 1);
            return;
        };
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let weak: Weak<Pool> = Rc::downgrade(self);
        let target = worker.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(pool) = weak.upgrade() else {
                return;
            };
            let (_, parsed) = from_worker(&ev);
            match parsed {
                Some(FromWorker::Ready) => {
                    let warm = Array::of1(&JsValue::from_str(WARM_JOB));
                    if target.post_message(&warm).is_err() {
                        pool.lost(id);
                    }
                }
                Some(FromWorker::Warm { .. }) => pool.warmed(id),
                // A warm-up posts no progress.
                Some(FromWorker::Progress(_)) => {}
                _ => pool.lost(id),
            }
        });
        let weak: Weak<Pool> = Rc::downgrade(self);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if let Some(pool) = weak.upgrade() {
                pool.lost(id);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.slots.borrow_mut().push(Slot {
            id,
            worker,
            warm: false,
            dead: false,
            handlers: (on_message, on_error),
        });
    }

    fn warmed(self: &Rc<Self>, id: u32) {
        if let Some(s) = self.slots.borrow_mut().iter_mut().find(|s| s.id == id) {
            s.warm = true;
        }
        self.failures.set(0);
        self.notify();
        self.fill();
    }

    /// Worker `id` failed: it ends, and another is tried.
    fn lost(self: &Rc<Self>, id: u32) {
        let worker = {
            let mut slots = self.slots.borrow_mut();
            let Some(s) = slots.iter_mut().find(|s| s.id == id && !s.dead) else {
                return;
            };
            s.dead = true;
            s.warm = false;
            s.worker.clone()
        };
        self.failures.set(self.failures.get() + 1);
        worker.terminate();
        web_sys::console::warn_1(&"canal: an import worker could not be warmed".into());
        // Its handlers go once the one running now has returned.
        let pool = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            pool.slots.borrow_mut().retain(|s| s.id != id);
            pool.notify();
            pool.fill();
        });
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for s in self.slots.get_mut() {
            s.worker.terminate();
        }
    }
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
    /// Hands `worker` `job` and `files` once it is ready. `on_event` is
    /// called for every progress report and once at the end.
    pub fn start(
        worker: JobWorker,
        job: Job,
        files: Vec<File>,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<Self, String> {
        let text = serde_json::to_string(&job).map_err(|e| e.to_string())?;
        let msg = Array::of1(&JsValue::from_str(&text));
        for f in &files {
            msg.push(f);
        }
        Self::start_on(worker, msg, on_event)
    }

    /// Starts a new worker and posts it `msg` (a job's first message) once
    /// it is ready; `on_event` as for [`ImportJob::start`].
    pub fn start_with(
        msg: Array,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<Self, String> {
        Self::start_on(JobWorker::new()?, msg, on_event)
    }

    /// Posts `msg` to `worker` once it is ready (at once if it waits);
    /// `on_event` as for [`ImportJob::start`].
    pub fn start_on(
        worker: JobWorker,
        msg: Array,
        on_event: impl Fn(WorkerEvent) + 'static,
    ) -> Result<Self, String> {
        let JobWorker {
            worker,
            idle,
            handlers,
        } = worker;
        let on_event = Rc::new(on_event);
        // The job waits for `Ready` (or the end of a warm-up): a worker
        // drops messages that arrive before its Wasm module has installed
        // a handler.
        let pending = Rc::new(RefCell::new(Some(msg)));
        let pending_now = pending.clone();
        let target = worker.clone();
        let events = on_event.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let (msg, parsed) = from_worker(&ev);
            match parsed {
                Some(FromWorker::Ready | FromWorker::Warm { .. }) => {
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
        drop(handlers);
        if idle {
            if let Some(job) = pending_now.borrow_mut().take() {
                if worker.post_message(&job).is_err() {
                    worker.terminate();
                    return Err("the files could not be handed to the import worker".into());
                }
            }
        }
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

/// A worker's message: the array it posted (transferred buffers after the
/// first element) and its first element read as a [`FromWorker`] (`None`
/// when it is not one).
fn from_worker(ev: &MessageEvent) -> (Array, Option<FromWorker>) {
    let msg: Array = ev.data().unchecked_into();
    let parsed = msg
        .get(0)
        .as_string()
        .and_then(|text| serde_json::from_str::<FromWorker>(&text).ok());
    (msg, parsed)
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
