//! The import screen: files waiting for confirmation with their preview and
//! mapping, the running job, and the outcome. The `File` handles themselves
//! live in the import hook; this state is plain data, tested natively.

mod country;
mod saved;

pub use country::{country_conflict, file_job};

pub use saved::{plan_import, plan_removal, ImportMode, Plan, SavedFile, SavedMeta, LEGACY_IMAGE};

use crate::worker::protocol::{FileReport, JobProgress};
use canal_core::import::mapping::suggest;
use canal_core::import::{Field, Mapping, Sniff, TableKind};
use std::rc::Rc;
use yew::Reducible;

/// A file that has been sniffed and waits for confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingFile {
    /// Stable id while the file is listed.
    pub id: u32,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// What its first bytes say (headers, preview rows, conventions).
    pub sniff: Sniff,
    /// The kind it will load as.
    pub kind: TableKind,
    /// Field per column.
    pub mapping: Mapping,
}

impl PendingFile {
    /// A file with the sniffed kind and mapping (events when there is no
    /// header to tell).
    pub fn new(id: u32, name: String, size: u64, sniff: Sniff) -> Self {
        let kind = sniff.kind.unwrap_or(TableKind::Events);
        let mapping = sniff.mapping.clone();
        PendingFile {
            id,
            name,
            size,
            sniff,
            kind,
            mapping,
        }
    }
}

/// Where the import stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ImportStatus {
    /// Nothing running.
    #[default]
    Idle,
    /// The worker is parsing.
    Parsing(JobProgress),
    /// Finished; the data is in the data context.
    Done {
        /// One per file.
        reports: Rc<Vec<FileReport>>,
        /// Worker time, milliseconds.
        parse_ms: f64,
        /// Wasm memory the worker had grown to, bytes.
        memory_bytes: u64,
    },
    /// The job failed or was cancelled; earlier data is untouched.
    Failed {
        /// Why.
        reason: String,
        /// The user cancelled it.
        cancelled: bool,
    },
}

impl ImportStatus {
    /// The `data-import-status` value (an automation contract).
    pub fn attr(&self) -> Option<&'static str> {
        match self {
            ImportStatus::Idle => None,
            ImportStatus::Parsing(_) => Some("parsing"),
            ImportStatus::Done { .. } => Some("done"),
            ImportStatus::Failed { .. } => Some("failed"),
        }
    }
}

/// The import screen's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportState {
    /// Files waiting for confirmation.
    pub files: Vec<PendingFile>,
    /// The job.
    pub status: ImportStatus,
    /// What is kept in this browser, once known.
    pub saved: Option<SavedMeta>,
    /// Files that could not even be previewed: (name, reason).
    pub unreadable: Vec<(String, String)>,
    /// Whether confirming adds to the saved files or replaces them.
    pub mode: ImportMode,
}

/// A change to the import state.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportAction {
    /// Sniffed files join the list.
    Add(Vec<PendingFile>),
    /// A file could not be read for its preview.
    Unreadable(String, String),
    /// Drop a file from the list.
    Remove(u32),
    /// Load a file as another kind (the mapping is suggested afresh).
    SetKind(u32, TableKind),
    /// Map one column of a file to a field, or ignore it.
    SetField(u32, usize, Option<Field>),
    /// The worker reports progress (or just started).
    Progress(JobProgress),
    /// The worker finished (reports, milliseconds, worker memory); the
    /// pending list is done with.
    Finished(Rc<Vec<FileReport>>, f64, u64),
    /// The job failed.
    Failed(String),
    /// The user cancelled the job.
    Cancelled,
    /// What storage holds now.
    Saved(Option<SavedMeta>),
    /// Add to the loaded data, or replace it.
    SetMode(ImportMode),
}

impl Reducible for ImportState {
    type Action = ImportAction;

    fn reduce(self: Rc<Self>, action: ImportAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ImportAction::Add(files) => {
                next.files.extend(files);
                if !matches!(next.status, ImportStatus::Parsing(_)) {
                    next.status = ImportStatus::Idle;
                }
            }
            ImportAction::Unreadable(name, reason) => next.unreadable.push((name, reason)),
            ImportAction::Remove(id) => next.files.retain(|f| f.id != id),
            ImportAction::SetKind(id, kind) => {
                if let Some(f) = next.files.iter_mut().find(|f| f.id == id) {
                    f.kind = kind;
                    f.mapping = suggest(&f.sniff.headers, Some(kind)).1;
                }
            }
            ImportAction::SetField(id, col, field) => {
                if let Some(f) = next.files.iter_mut().find(|f| f.id == id) {
                    if col < f.sniff.headers.len() {
                        f.mapping.columns.resize(f.sniff.headers.len(), None);
                        f.mapping.set(col, field);
                    }
                }
            }
            ImportAction::Progress(p) => next.status = ImportStatus::Parsing(p),
            ImportAction::Finished(reports, parse_ms, memory_bytes) => {
                next.files.clear();
                next.unreadable.clear();
                next.status = ImportStatus::Done {
                    reports,
                    parse_ms,
                    memory_bytes,
                };
            }
            ImportAction::Failed(reason) => {
                next.status = ImportStatus::Failed {
                    reason,
                    cancelled: false,
                }
            }
            ImportAction::Cancelled => {
                if matches!(self.status, ImportStatus::Parsing(_)) {
                    next.status = ImportStatus::Failed {
                        reason: String::new(),
                        cancelled: true,
                    };
                }
            }
            ImportAction::Saved(saved) => next.saved = saved.filter(|m| !m.files.is_empty()),
            ImportAction::SetMode(mode) => next.mode = mode,
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests;
