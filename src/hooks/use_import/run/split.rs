//! One large event file read by two workers at once: the page finds the
//! cut, starts both, hands the second part's rows to the first worker and
//! sums their progress.

use super::{done, Active, JobEnd, Settle};
use crate::services::import::{hand_on, ImportJob, WarmPool, WorkerEvent};
use crate::worker::protocol::{cut_window, FileJob, Job, JobProgress, Part, CUT_WINDOW};
use canal_core::import::sniff::HEAD_BYTES;
use canal_core::import::split::{is_cut, line_start_in};
use js_sys::{Array, Uint8Array};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, Worker};

/// Where two workers cut `file`, or `None` when one worker reads it
/// (small, not events, no line start near the middle). Whether the file's
/// format allows parts at all (gzip, UTF-16, several identifier columns)
/// the workers decide from its head: the page holds no importer.
pub async fn plan_split(spec: &FileJob, file: &File) -> Option<u64> {
    let from = cut_window(spec.size, spec.options.kind)?;
    let want = spec.options.head_bytes.unwrap_or(HEAD_BYTES).max(1);
    let window = read_range(file, from, from + CUT_WINDOW).await?;
    let cut = line_start_in(from, &window)?;
    is_cut(cut, spec.size, want as u64).then_some(cut)
}

async fn read_range(file: &File, from: u64, to: u64) -> Option<Vec<u8>> {
    let end = (to as f64).min(file.size());
    let slice = file.slice_with_f64_and_f64(from as f64, end).ok()?;
    let buffer = JsFuture::from(slice.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// The state both workers' callbacks share.
#[derive(Default)]
struct Shared {
    /// Each worker's last progress.
    progress: [Cell<JobProgress>; 2],
    /// The workers, once started.
    workers: [RefCell<Option<Worker>>; 2],
    /// The first worker has started reading (so it listens).
    first_started: Cell<bool>,
    /// The second part, waiting for the first worker to listen.
    held: RefCell<Option<Array>>,
    /// The second worker's part is not wanted (the cut lay in a quoted
    /// field) or was handed on.
    second_gone: Cell<bool>,
    /// The second worker's peak Wasm memory.
    second_memory: Cell<u64>,
}

impl Shared {
    fn end_second(&self, keep_progress: bool) {
        self.second_gone.set(true);
        if !keep_progress {
            self.progress[1].set(JobProgress::default());
        }
        if let Some(w) = self.workers[1].borrow().as_ref() {
            w.terminate();
        }
    }

    fn hand_on_held(&self) -> Result<(), String> {
        let held = self.held.borrow_mut().take();
        match (held, self.workers[0].borrow().as_ref()) {
            (Some(msg), Some(first)) => hand_on(first, &msg),
            _ => Ok(()),
        }
    }
}

/// Runs `job` (one event file) in two workers from `pool` cut at `cut`,
/// reporting the progress of both, until it ends or is cancelled through
/// `active`.
pub async fn run_split(
    pool: &WarmPool,
    job: Job,
    file: File,
    cut: u64,
    on_progress: impl Fn(JobProgress) + 'static,
    active: Rc<RefCell<Option<Active>>>,
) -> JobEnd {
    let settle = Settle::new();
    let finish = settle.finish.clone();
    let shared = Rc::new(Shared::default());
    let total_bytes = job.files.iter().map(|f| f.size).sum();
    let on_progress: Rc<dyn Fn()> = {
        let shared = shared.clone();
        Rc::new(move || {
            let [a, b] = [shared.progress[0].get(), shared.progress[1].get()];
            on_progress(JobProgress {
                file: 0,
                bytes: a.bytes + b.bytes,
                total_bytes,
                rows: a.rows + b.rows,
                errors: a.errors + b.errors,
            })
        })
    };
    let first = {
        let (shared, finish, on_progress) = (shared.clone(), finish.clone(), on_progress.clone());
        move |ev| match ev {
            WorkerEvent::Progress(p) => {
                shared.progress[0].set(p);
                on_progress();
                if !shared.first_started.replace(true) {
                    if let Err(reason) = shared.hand_on_held() {
                        finish(JobEnd::Failed(reason));
                    }
                }
            }
            WorkerEvent::ReadingOn => {
                shared.end_second(false);
                on_progress();
            }
            WorkerEvent::Done {
                reports,
                image,
                parse_ms,
                memory_bytes,
            } => {
                let memory = memory_bytes.max(shared.second_memory.get());
                finish(done(reports, image, parse_ms, memory));
            }
            WorkerEvent::PartDone { .. } => finish(JobEnd::Failed(
                "the import worker read the wrong part of the file".into(),
            )),
            WorkerEvent::Failed(reason) => finish(JobEnd::Failed(reason)),
        }
    };
    let second = {
        let (shared, finish) = (shared.clone(), finish.clone());
        move |ev| {
            if shared.second_gone.get() {
                return;
            }
            match ev {
                WorkerEvent::Progress(p) => {
                    shared.progress[1].set(p);
                    on_progress();
                }
                WorkerEvent::PartDone { msg, memory_bytes } => {
                    shared.second_memory.set(memory_bytes);
                    *shared.held.borrow_mut() = Some(msg);
                    let handed = if shared.first_started.get() {
                        shared.hand_on_held()
                    } else {
                        Ok(())
                    };
                    // Its rows are on their way: the worker may go, and
                    // its progress stays counted.
                    shared.end_second(true);
                    if let Err(reason) = handed {
                        finish(JobEnd::Failed(reason));
                    }
                }
                // The file cannot be read in parts: the first worker reads
                // it whole.
                WorkerEvent::ReadingOn => {
                    shared.end_second(false);
                    on_progress();
                }
                WorkerEvent::Failed(reason) => finish(JobEnd::Failed(reason)),
                WorkerEvent::Done { .. } => finish(JobEnd::Failed(
                    "the import worker read the whole file unasked".into(),
                )),
            }
        }
    };
    let part = |part| Job {
        part,
        ..job.clone()
    };
    let jobs = pool
        .take()
        .and_then(|w| ImportJob::start(w, part(Part::First { cut }), vec![file.clone()], first))
        .and_then(|a| {
            let w = pool.take()?;
            let b = ImportJob::start(w, part(Part::Rest { cut }), vec![file], second)?;
            Ok(vec![a, b])
        });
    match jobs {
        Ok(jobs) => {
            for (slot, job) in shared.workers.iter().zip(&jobs) {
                *slot.borrow_mut() = Some(job.worker());
            }
            *active.borrow_mut() = Some(Active { jobs, finish });
        }
        Err(reason) => return JobEnd::Failed(reason),
    }
    settle.wait(&active).await
}
