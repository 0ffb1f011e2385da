//! The import context: files dropped anywhere in the app, their mapping,
//! the worker that parses them, and the imported data kept in the browser.

use super::use_data::{use_data, DataHandle};
use crate::services::import::{read_head, ImportJob, WorkerEvent};
use crate::services::saved;
use crate::state::data::{DataSource, LoadProgress};
use crate::state::import::{ImportAction, ImportState, PendingFile, SavedMeta};
use crate::worker::protocol::{FileJob, Job, JobProgress, CHUNK_BYTES};
use canal_core::codec;
use canal_core::import::sniff::HEAD_BYTES;
use canal_core::import::{sniff, Field, ImportOptions, TableKind};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::File;
use yew::prelude::*;

/// A cheap handle on the import; clones share the same state.
#[derive(Clone)]
pub struct ImportHandle {
    state: UseReducerHandle<ImportState>,
    /// The `File` of each pending file, by id.
    files: Rc<RefCell<Vec<(u32, File)>>>,
    next_id: Rc<RefCell<u32>>,
    job: Rc<RefCell<Option<ImportJob>>>,
    data: DataHandle,
}

impl PartialEq for ImportHandle {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.data == other.data
    }
}

impl std::fmt::Debug for ImportHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportHandle")
            .field("state", &*self.state)
            .finish()
    }
}

impl ImportHandle {
    /// The import state.
    pub fn state(&self) -> &ImportState {
        &self.state
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
    /// mapping; the result replaces the app's data and is kept in the
    /// browser.
    pub fn confirm(&self) {
        let pending = &self.state.files;
        if pending.is_empty() || self.job.borrow().is_some() {
            return;
        }
        let by_id = self.files.borrow();
        let mut files = Vec::new();
        let mut specs = Vec::new();
        for p in pending {
            let Some((_, file)) = by_id.iter().find(|(id, _)| *id == p.id) else {
                continue;
            };
            files.push(file.clone());
            specs.push(FileJob {
                name: p.name.clone(),
                size: p.size,
                options: ImportOptions {
                    kind: Some(p.kind),
                    mapping: Some(p.mapping.clone()),
                    ..ImportOptions::default()
                },
            });
        }
        drop(by_id);
        let total_bytes = specs.iter().map(|s| s.size).sum();
        let job = Job {
            files: specs,
            chunk_bytes: CHUNK_BYTES,
        };
        self.state.dispatch(ImportAction::Progress(JobProgress {
            total_bytes,
            ..JobProgress::default()
        }));
        let this = self.clone();
        match ImportJob::start(job, files, move |ev| this.on_worker(ev)) {
            Ok(job) => *self.job.borrow_mut() = Some(job),
            Err(reason) => self.state.dispatch(ImportAction::Failed(reason)),
        }
    }

    fn on_worker(&self, ev: WorkerEvent) {
        match ev {
            WorkerEvent::Progress(p) => self.state.dispatch(ImportAction::Progress(p)),
            WorkerEvent::Failed(reason) => {
                self.end_job();
                self.state.dispatch(ImportAction::Failed(reason));
            }
            WorkerEvent::Done {
                reports,
                image,
                parse_ms,
                memory_bytes,
            } => {
                self.end_job();
                let ds = match codec::decode(&image) {
                    Ok(ds) => ds,
                    Err(err) => {
                        self.state.dispatch(ImportAction::Failed(err.to_string()));
                        return;
                    }
                };
                let meta = SavedMeta::from_reports(&reports);
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
                let state = self.state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match saved::save(&image, &meta).await {
                        Ok(()) => state.dispatch(ImportAction::Saved(Some(meta))),
                        Err(err) => gloo::console::warn!(err.to_string()),
                    }
                });
            }
        }
    }

    /// Forgets the finished or failed job. The worker's own callback is
    /// running when this is called, so the job is dropped a moment later.
    fn end_job(&self) {
        let job = self.job.clone();
        wasm_bindgen_futures::spawn_local(async move {
            job.borrow_mut().take();
        });
    }

    /// Stops the running import; the data shown before stays.
    pub fn cancel(&self) {
        if let Some(job) = self.job.borrow_mut().take() {
            job.cancel();
        }
        self.state.dispatch(ImportAction::Cancelled);
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

/// Brings back the data imported before the last reload, if any. Nothing
/// saved leaves the data context alone (the server's data may be loading).
async fn restore(data: DataHandle, state: UseReducerHandle<ImportState>) {
    let meta = match saved::load_meta::<SavedMeta>().await {
        Ok(Some(meta)) => meta,
        Ok(None) => return,
        Err(err) => {
            gloo::console::warn!(err.to_string());
            return;
        }
    };
    // Show "loading" rather than "no data" while the image is read.
    data.progress(LoadProgress {
        step: 0,
        steps: 1,
        bytes: 0,
        rows: 0,
    });
    let decoded = match saved::load_image().await {
        Ok(Some(image)) => codec::decode(&image).map_err(|e| e.to_string()),
        Ok(None) => Err("the saved data is incomplete".to_owned()),
        Err(err) => Err(err.to_string()),
    };
    match decoded {
        Ok(ds) => {
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
    let job = use_mut_ref(|| None);
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
        job,
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
