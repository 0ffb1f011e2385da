//! The import's asynchronous steps: one worker job as a future, and the
//! kept files merged back into one data set.

use crate::services::import::{decode_image, ImportJob, WarmPool, WorkerEvent};
use crate::services::saved;
use crate::worker::protocol::{FileReport, Job, JobProgress};
use canal_core::merge::{merge_into, MergeReport};
use canal_core::Dataset;
use js_sys::{Function, Promise, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

mod split;

pub use split::{plan_split, run_split};

/// How one job ended.
#[derive(Debug)]
pub enum JobEnd {
    /// Parsed: the file's report and its data set image.
    Done {
        /// The file's report.
        report: FileReport,
        /// [`codec`] image.
        image: Uint8Array,
        /// Worker milliseconds.
        parse_ms: f64,
        /// Worker memory, bytes.
        memory_bytes: u64,
    },
    /// The worker failed.
    Failed(String),
    /// The user cancelled.
    Cancelled,
}

/// The job running now: cancelling terminates its workers and settles its
/// future.
pub struct Active {
    jobs: Vec<ImportJob>,
    finish: Rc<dyn Fn(JobEnd)>,
}

impl Active {
    /// Stops the workers; the job's future ends as cancelled.
    pub fn cancel(self) {
        for job in &self.jobs {
            job.cancel();
        }
        (self.finish)(JobEnd::Cancelled);
    }
}

/// How a job ends, once: the first call of `finish` settles `settled`
/// with its outcome in `outcome`.
struct Settle {
    outcome: Rc<RefCell<Option<JobEnd>>>,
    settled: Promise,
    finish: Rc<dyn Fn(JobEnd)>,
}

impl Settle {
    fn new() -> Self {
        let outcome: Rc<RefCell<Option<JobEnd>>> = Rc::default();
        let mut resolver: Option<Function> = None;
        let settled = Promise::new(&mut |resolve, _| resolver = Some(resolve));
        let finish: Rc<dyn Fn(JobEnd)> = {
            let outcome = outcome.clone();
            Rc::new(move |end| {
                let mut slot = outcome.borrow_mut();
                if slot.is_none() {
                    *slot = Some(end);
                    if let Some(resolve) = &resolver {
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                }
            })
        };
        Settle {
            outcome,
            settled,
            finish,
        }
    }

    /// Waits for the end; the workers in `active` are dropped (ended)
    /// after their own callbacks have returned.
    async fn wait(self, active: &RefCell<Option<Active>>) -> JobEnd {
        let _ = JsFuture::from(self.settled).await;
        active.borrow_mut().take();
        let end = self.outcome.borrow_mut().take();
        end.unwrap_or(JobEnd::Cancelled)
    }
}

/// The end of a job from the worker's `Done`.
fn done(reports: Vec<FileReport>, image: Uint8Array, parse_ms: f64, memory_bytes: u64) -> JobEnd {
    match reports.into_iter().next() {
        Some(report) => JobEnd::Done {
            report,
            image,
            parse_ms,
            memory_bytes,
        },
        None => JobEnd::Failed("the import worker reported no file".into()),
    }
}

/// Runs `job` (one file) in a worker from `pool`, reporting progress,
/// until it ends or is cancelled through `active`.
pub async fn run_one(
    pool: &WarmPool,
    job: Job,
    file: File,
    on_progress: impl Fn(JobProgress) + 'static,
    active: Rc<RefCell<Option<Active>>>,
) -> JobEnd {
    let settle = Settle::new();
    let finish = settle.finish.clone();
    let on_event = {
        let finish = finish.clone();
        move |ev| match ev {
            WorkerEvent::Progress(p) => on_progress(p),
            WorkerEvent::Failed(reason) => finish(JobEnd::Failed(reason)),
            WorkerEvent::Done {
                reports,
                image,
                parse_ms,
                memory_bytes,
            } => finish(done(reports, image, parse_ms, memory_bytes)),
            WorkerEvent::PartDone { .. } | WorkerEvent::ReadingOn => finish(JobEnd::Failed(
                "the import worker read a part of a file unasked".into(),
            )),
        }
    };
    match pool
        .take()
        .and_then(|worker| ImportJob::start(worker, job, vec![file], on_event))
    {
        Ok(job) => {
            *active.borrow_mut() = Some(Active {
                jobs: vec![job],
                finish,
            })
        }
        Err(reason) => return JobEnd::Failed(reason),
    }
    settle.wait(&active).await
}

/// Whether `ds` holds nothing, so the first part can be taken as it is.
fn is_empty(ds: &Dataset) -> bool {
    ds.keys.is_empty()
        && ds.events.is_empty()
        && ds.orders.is_empty()
        && ds.campaigns.is_empty()
        && ds.consent.contact.is_empty()
}

/// Adds `part` to `ds`. The first part is taken whole, which keeps a
/// single large import from holding two copies.
pub fn add(ds: &mut Dataset, part: Dataset) -> MergeReport {
    if is_empty(ds) {
        let report = MergeReport {
            contacts_new: part.keys.len() as u64,
            events_added: part.events.len() as u64,
            orders_added: part.orders.len() as u64,
            ..MergeReport::default()
        };
        *ds = part;
        return report;
    }
    merge_into(ds, &part)
}

/// The kept images `keys`, merged in order, with what each merge did.
pub async fn rebuild(keys: &[String]) -> Result<(Dataset, Vec<MergeReport>), String> {
    let mut ds = Dataset::default();
    let mut reports = Vec::with_capacity(keys.len());
    for key in keys {
        let image = saved::load_image(key)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "the saved data is incomplete".to_owned())?;
        let mut part = decode_image(&image)?;
        // An image kept before people were unified (format 1) becomes
        // people here; the worker's images already are (and a later part
        // is unified again by the merge).
        if canal_core::codec::is_version_1(&image.subarray(0, 8).to_vec()) {
            canal_core::people::unify(&mut part);
        }
        drop(image);
        reports.push(add(&mut ds, part));
    }
    Ok((ds, reports))
}
