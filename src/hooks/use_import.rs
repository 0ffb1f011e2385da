//! The import context: files dropped anywhere in the app, their mapping,
//! the worker that parses them, and the imported data kept in the browser.
//!
//! Each confirmed file is parsed by its own worker job into its own data
//! set image; the images are merged (`canal_core::merge`) onto the data
//! already imported, or replace it, and are kept one per file so that one
//! file can be removed later and the others merged afresh.

mod run;

use super::use_data::{use_data, DataHandle};
use crate::services::import::{decode_image, read_head, WarmPool};
use crate::services::{saved, storage};
use crate::state::data::{DataSource, LoadProgress};
use crate::state::import::{
    country_conflict, file_job, plan_import, plan_removal, ImportAction, ImportMode, ImportState,
    PendingFile, SavedFile, SavedMeta, LEGACY_IMAGE,
};
use crate::worker::protocol::{load_order, FileJob, Job, JobProgress, Part, CHUNK_BYTES};
use canal_core::import::sniff::HEAD_BYTES;
use canal_core::import::{sniff, Field, TableKind};
use canal_core::merge::MergeReport;
use canal_core::Dataset;
use js_sys::Uint8Array;
use run::{add, plan_split, rebuild, run_one, run_split, Active, JobEnd};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::File;
use yew::prelude::*;

/// The least time between two progress re-renders, ms.
const PROGRESS_MS: f64 = 150.0;

/// A cheap handle on the import; clones share the same state.
#[derive(Clone)]
pub struct ImportHandle {
    state: UseReducerHandle<ImportState>,
    /// The `File` of each pending file, by id.
    files: Rc<RefCell<Vec<(u32, File)>>>,
    next_id: Rc<RefCell<u32>>,
    /// The worker job running now.
    active: Rc<RefCell<Option<Active>>>,
    /// An import, removal or restore is under way.
    busy: Rc<Cell<bool>>,
    /// The user cancelled the import under way.
    cancelled: Rc<Cell<bool>>,
    /// Idle workers kept warm for the next file (never one used before).
    pool: Rc<WarmPool>,
    /// How many of them are warm.
    warm: usize,
    data: DataHandle,
}

impl PartialEq for ImportHandle {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.warm == other.warm && self.data == other.data
    }
}

impl std::fmt::Debug for ImportHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportHandle")
            .field("state", &*self.state)
            .finish()
    }
}

/// What a confirmed import starts from, read when it is confirmed (the
/// handle's state is a snapshot of that render).
struct Base {
    saved: Vec<SavedFile>,
    mode: ImportMode,
    /// The data shown, when it is the merge of `saved`.
    current: Option<Rc<Dataset>>,
}

/// A parsed file waiting to be merged.
struct Parsed {
    report: crate::worker::protocol::FileReport,
    image: Uint8Array,
    size: u64,
}

impl ImportHandle {
    /// The import state.
    pub fn state(&self) -> &ImportState {
        &self.state
    }

    /// Starts keeping workers warm (the import screen has opened); they
    /// stay for the tab's life.
    pub fn warm_up(&self) {
        self.pool.start();
    }

    /// Idle workers that are warm.
    pub fn warm_workers(&self) -> usize {
        self.warm
    }

    /// Reads the head of each file, sniffs it and lists it for confirmation.
    pub fn add_files(&self, files: Vec<File>) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for file in files {
                let name = file.name();
                match read_head(&file, HEAD_BYTES).await {
                    Ok(head) => {
                        let id = {
                            let mut next = this.next_id.borrow_mut();
                            *next += 1;
                            *next
                        };
                        let size = file.size() as u64;
                        this.files.borrow_mut().push((id, file));
                        let pending = PendingFile::new(id, name, size, sniff(&head));
                        this.state.dispatch(ImportAction::Add(vec![pending]));
                    }
                    Err(reason) => this.state.dispatch(ImportAction::Unreadable(name, reason)),
                }
            }
        });
    }

    /// Whether the next import adds to the loaded files or replaces them.
    pub fn set_mode(&self, mode: ImportMode) {
        self.state.dispatch(ImportAction::SetMode(mode));
    }

    /// Drops a pending file.
    pub fn remove(&self, id: u32) {
        self.files.borrow_mut().retain(|(i, _)| *i != id);
        self.state.dispatch(ImportAction::Remove(id));
    }

    /// Loads a pending file as another kind.
    pub fn set_kind(&self, id: u32, kind: TableKind) {
        self.state.dispatch(ImportAction::SetKind(id, kind));
    }

    /// Maps a column of a pending file to a field (or ignores it).
    pub fn set_field(&self, id: u32, col: usize, field: Option<Field>) {
        self.state.dispatch(ImportAction::SetField(id, col, field));
    }

    /// Parses every pending file in the worker with its confirmed kind and
    /// mapping, one file per job, then adds the result to the imported data
    /// (or replaces it) and keeps it in the browser.
    pub fn confirm(&self) {
        let pending = &self.state.files;
        if pending.is_empty() || self.busy.get() {
            return;
        }
        // Read now: the Settings page may be another module's.
        let phone_country = storage::load_phone_country();
        let by_id = self.files.borrow();
        let mut jobs = Vec::new();
        for p in pending {
            let Some((_, file)) = by_id.iter().find(|(id, _)| *id == p.id) else {
                continue;
            };
            jobs.push((file_job(p, phone_country), file.clone()));
        }
        drop(by_id);
        // Contacts before events, as in one job: their aliases then exist
        // when the events are merged.
        let specs: Vec<FileJob> = jobs.iter().map(|(s, _)| s.clone()).collect();
        let mut slots: Vec<Option<(FileJob, File)>> = jobs.into_iter().map(Some).collect();
        let jobs: Vec<(FileJob, File)> = load_order(&specs)
            .into_iter()
            .filter_map(|i| slots[i].take())
            .collect();
        let saved = self
            .state
            .saved
            .as_ref()
            .map(|m| m.files.clone())
            .unwrap_or_default();
        let current = match (self.data.source(), self.data.data()) {
            (DataSource::Imported { .. }, Some(loaded)) if !saved.is_empty() => {
                Some(loaded.dataset.clone())
            }
            _ => None,
        };
        // Data keyed with another country is not added to: said now, not
        // after the files were read.
        if self.state.mode == ImportMode::Add {
            let conflict = current
                .as_deref()
                .and_then(|ds| country_conflict(ds, Some(phone_country), storage::load_locale()));
            if let Some(reason) = conflict {
                self.state.dispatch(ImportAction::Failed(reason));
                return;
            }
        }
        let base = Base {
            saved,
            mode: self.state.mode,
            current,
        };
        self.busy.set(true);
        self.cancelled.set(false);
        self.state.dispatch(ImportAction::Progress(JobProgress {
            total_bytes: specs.iter().map(|s| s.size).sum(),
            ..JobProgress::default()
        }));
        let this = self.clone();
        // No worker is warmed while this import runs (it would take the
        // processor from it); the used ones are replaced after it.
        let hold = self.pool.hold();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(parsed) = this.parse(jobs).await {
                let (parts, parse_ms, memory_bytes) = parsed;
                if let Err(reason) = this.apply(base, parts, parse_ms, memory_bytes).await {
                    this.state.dispatch(ImportAction::Failed(reason));
                }
            }
            this.busy.set(false);
            drop(hold);
        });
    }

    /// Runs the jobs one after the other; `None` when one failed or the
    /// user cancelled (already reported).
    async fn parse(&self, jobs: Vec<(FileJob, File)>) -> Option<(Vec<Parsed>, f64, u64)> {
        let total_bytes: u64 = jobs.iter().map(|(s, _)| s.size).sum();
        let mut done = JobProgress {
            total_bytes,
            ..JobProgress::default()
        };
        let (mut parts, mut parse_ms, mut memory) = (Vec::new(), 0.0, 0u64);
        for (i, (spec, file)) in jobs.into_iter().enumerate() {
            if self.cancelled.get() {
                return None;
            }
            let size = spec.size;
            let (state, base) = (self.state.clone(), done);
            // At most one re-render per `PROGRESS_MS`: the workers report
            // every slice, and each re-render is main-thread time taken from
            // them on a busy machine.
            let shown = Cell::new(f64::NEG_INFINITY);
            let on_progress = move |p: JobProgress| {
                let now = js_sys::Date::now();
                if now - shown.get() < PROGRESS_MS {
                    return;
                }
                shown.set(now);
                state.dispatch(ImportAction::Progress(JobProgress {
                    file: i as u32,
                    bytes: base.bytes + p.bytes,
                    total_bytes,
                    rows: base.rows + p.rows,
                    errors: base.errors + p.errors,
                }))
            };
            // A large event file is read by two workers at once.
            let split = plan_split(&spec, &file).await;
            if self.cancelled.get() {
                return None;
            }
            let job = Job {
                files: vec![spec],
                chunk_bytes: CHUNK_BYTES,
                part: Part::Whole,
            };
            let active = self.active.clone();
            let pool = &self.pool;
            let end = match split {
                Some(cut) => run_split(pool, job, file, cut, on_progress, active).await,
                None => run_one(pool, job, file, on_progress, active).await,
            };
            match end {
                JobEnd::Done {
                    report,
                    image,
                    parse_ms: ms,
                    memory_bytes,
                } => {
                    done.bytes += size;
                    done.rows += report.report.rows_read;
                    done.errors += report.report.errors_total;
                    parse_ms += ms;
                    memory = memory.max(memory_bytes);
                    parts.push(Parsed {
                        report,
                        image,
                        size,
                    });
                }
                JobEnd::Failed(reason) => {
                    self.state.dispatch(ImportAction::Failed(reason));
                    return None;
                }
                JobEnd::Cancelled => return None,
            }
        }
        Some((parts, parse_ms, memory))
    }

    /// Merges the parsed files onto the kept ones (or instead of them),
    /// shows the result and keeps it.
    async fn apply(
        &self,
        base: Base,
        parts: Vec<Parsed>,
        parse_ms: f64,
        memory_bytes: u64,
    ) -> Result<(), String> {
        let before = SavedMeta {
            files: base.saved.clone(),
        };
        let keys = before.fresh_images(parts.len());
        let new: Vec<SavedFile> = parts
            .iter()
            .zip(&keys)
            .map(|(p, key)| SavedFile::from_report(&p.report, p.size, key.clone()))
            .collect();
        let mut plan = plan_import(&base.saved, new, base.mode);
        let (mut ds, merged) = match (plan.onto_current, base.current) {
            (true, Some(current)) => ((*current).clone(), Vec::new()),
            _ => rebuild(&plan.rebuild_from).await?,
        };
        let first_new = plan.files.len() - parts.len();
        // Merging afresh recounts the kept files' repeats too.
        set_duplicates(&mut plan.files[..first_new], &plan.rebuild_from, &merged);
        let mut reports = Vec::with_capacity(parts.len());
        let mut images = Vec::with_capacity(parts.len());
        for (k, p) in parts.into_iter().enumerate() {
            let part = decode_image(&p.image)?;
            // Kept files restored here were keyed with their own country.
            if let Some(reason) = country_conflict(&ds, part.phone_country, storage::load_locale())
            {
                return Err(reason);
            }
            let m = add(&mut ds, part);
            plan.files[first_new + k].duplicates = m.events_duplicate + m.orders_duplicate;
            images.push((keys[k].clone(), p.image));
            reports.push(p.report);
        }
        let meta = SavedMeta { files: plan.files };
        self.files.borrow_mut().clear();
        self.data.set_dataset(
            ds,
            DataSource::Imported {
                files: meta.names(),
            },
        );
        self.state.dispatch(ImportAction::Finished(
            Rc::new(reports),
            parse_ms,
            memory_bytes,
        ));
        // The kept files (and their remove buttons) show once they are
        // kept: a removal clicked while the import is still busy would be
        // dropped.
        if let Err(err) = saved::commit(&meta, &images, &plan.dropped).await {
            gloo::console::warn!(err.to_string());
        }
        self.state.dispatch(ImportAction::Saved(Some(meta)));
        Ok(())
    }

    /// Stops the running import; the data shown before stays.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        let active = self.active.borrow_mut().take();
        if let Some(active) = active {
            active.cancel();
        }
        self.state.dispatch(ImportAction::Cancelled);
    }

    /// Removes kept file `index`: the others are merged afresh.
    pub fn remove_saved(&self, index: usize) {
        let Some(meta) = self.state.saved.clone() else {
            return;
        };
        if self.busy.get() || index >= meta.files.len() {
            return;
        }
        let plan = plan_removal(&meta.files, index);
        if plan.files.is_empty() {
            self.clear_saved();
            return;
        }
        self.busy.set(true);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            this.data.progress(LoadProgress {
                step: 0,
                steps: 1,
                bytes: 0,
                rows: 0,
            });
            match rebuild(&plan.rebuild_from).await {
                Ok((ds, merged)) => {
                    let mut files = plan.files;
                    set_duplicates(&mut files, &plan.rebuild_from, &merged);
                    let meta = SavedMeta { files };
                    this.data.set_dataset(
                        ds,
                        DataSource::Imported {
                            files: meta.names(),
                        },
                    );
                    // As after an import: listed once kept.
                    if let Err(err) = saved::commit(&meta, &[], &plan.dropped).await {
                        gloo::console::warn!(err.to_string());
                    }
                    this.state.dispatch(ImportAction::Saved(Some(meta)));
                }
                Err(reason) => this.data.fail(reason),
            }
            this.busy.set(false);
        });
    }

    /// Forgets the imported data, here and in browser storage.
    pub fn clear_saved(&self) {
        if matches!(self.data.source(), DataSource::Imported { .. }) {
            self.data.clear();
        }
        self.state.dispatch(ImportAction::Saved(None));
        wasm_bindgen_futures::spawn_local(async {
            if let Err(err) = saved::clear().await {
                gloo::console::warn!(err.to_string());
            }
        });
    }
}

/// The repeats each kept file brought, from merging `images` in order
/// (files sharing the old single image keep their count).
fn set_duplicates(files: &mut [SavedFile], images: &[String], merged: &[MergeReport]) {
    for (key, m) in images.iter().zip(merged) {
        if key == LEGACY_IMAGE {
            continue;
        }
        for f in files.iter_mut().filter(|f| &f.image == key) {
            f.duplicates = m.events_duplicate + m.orders_duplicate;
        }
    }
}

/// Brings back the data imported before the last reload, if any. Nothing
/// saved leaves the data context alone (the server's data may be loading).
async fn restore(data: DataHandle, state: UseReducerHandle<ImportState>) {
    let meta = match saved::load_meta::<SavedMeta>().await {
        Ok(Some(meta)) if !meta.files.is_empty() => meta,
        Ok(_) => return,
        Err(err) => {
            gloo::console::warn!(err.to_string());
            return;
        }
    };
    // Show "loading" rather than "no data" while the images are read.
    data.progress(LoadProgress {
        step: 0,
        steps: 1,
        bytes: 0,
        rows: 0,
    });
    match rebuild(&meta.images()).await {
        Ok((ds, _)) => {
            data.set_dataset(
                ds,
                DataSource::Imported {
                    files: meta.names(),
                },
            );
            state.dispatch(ImportAction::Saved(Some(meta)));
        }
        Err(reason) => {
            // An image from another version, or a half-written one: start
            // afresh rather than fail on every start.
            gloo::console::warn!(format!("saved import dropped: {reason}"));
            data.clear();
            if let Err(err) = saved::clear().await {
                gloo::console::warn!(err.to_string());
            }
        }
    }
}

/// Props of [`ImportProvider`].
#[derive(Properties, PartialEq)]
pub struct ImportProviderProps {
    /// The app.
    pub children: Children,
}

/// Provides [`ImportHandle`]; restores saved imported data on start.
#[component]
pub fn ImportProvider(props: &ImportProviderProps) -> Html {
    let state = use_reducer(ImportState::default);
    let files = use_mut_ref(Vec::new);
    let next_id = use_mut_ref(|| 0u32);
    let active = use_mut_ref(|| None);
    let busy = use_memo((), |_| Cell::new(false));
    let cancelled = use_memo((), |_| Cell::new(false));
    let warm = use_state_eq(|| 0usize);
    let pool = {
        let set = warm.setter();
        use_memo((), move |_| WarmPool::new(move |n| set.set(n)))
    };
    let data = use_data();
    {
        let (data, state) = (data.clone(), state.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(restore(data, state));
        });
    }
    let handle = ImportHandle {
        state,
        files,
        next_id,
        active,
        busy,
        cancelled,
        pool,
        warm: *warm,
        data,
    };
    html! {
        <ContextProvider<ImportHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<ImportHandle>>
    }
}

/// The import; panics outside an [`ImportProvider`], which is a bug.
#[hook]
pub fn use_import() -> ImportHandle {
    use_context::<ImportHandle>().expect("use_import outside ImportProvider")
}
