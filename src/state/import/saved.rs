//! The files whose data is loaded, as kept in the browser, and how a new
//! import or a removal changes that list: the decisions, without storage.
//!
//! Each file's rows are kept as their own data set image under its own key,
//! so one file can be removed and the rest rebuilt without the originals.

use crate::worker::protocol::FileReport;
use canal_core::import::{Field, TableKind};
use serde::{Deserialize, Serialize};

/// The image key of files saved before each file had its own: one image
/// held every file of the single import kept then.
pub const LEGACY_IMAGE: &str = "image";

fn legacy_image() -> String {
    LEGACY_IMAGE.to_owned()
}

/// Whether a new import adds to the loaded data or replaces it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportMode {
    /// Events and orders are appended, contacts merged by key.
    #[default]
    Add,
    /// The new files are the only data.
    Replace,
}

/// A file as kept with the saved data: what was loaded and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFile {
    /// File name.
    pub name: String,
    /// Kind loaded as.
    pub kind: TableKind,
    /// `(header, field)` per mapped column.
    pub mapping: Vec<(String, Field)>,
    /// Rows written.
    pub rows_loaded: u64,
    /// Rows not loaded.
    pub errors_total: u64,
    /// Size of the file, bytes; with the name, how a file given again is
    /// recognised.
    #[serde(default)]
    pub size: u64,
    /// Events and orders left out because an earlier file had them.
    #[serde(default)]
    pub duplicates: u64,
    /// Storage key of this file's data set image.
    #[serde(default = "legacy_image")]
    pub image: String,
}

impl SavedFile {
    /// The description of one imported file whose image is kept at `image`.
    pub fn from_report(f: &FileReport, size: u64, image: String) -> Self {
        let r = &f.report;
        let mapping = r
            .mapping
            .columns
            .iter()
            .zip(&r.headers)
            .filter_map(|(field, header)| field.map(|fl| (header.clone(), fl)))
            .collect();
        SavedFile {
            name: f.name.clone(),
            kind: r.kind.unwrap_or(TableKind::Events),
            mapping,
            rows_loaded: r.rows_loaded,
            errors_total: r.errors_total,
            size,
            duplicates: 0,
            image,
        }
    }

    /// The same file given again (same name, size and kind): it replaces
    /// its earlier copy rather than counting its rows twice.
    pub fn same_file(&self, other: &SavedFile) -> bool {
        self.name == other.name && self.size == other.size && self.kind == other.kind
    }
}

/// What is kept in the browser besides the data set images.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedMeta {
    /// The files, in the order their data was added.
    pub files: Vec<SavedFile>,
}

impl SavedMeta {
    /// File names, for `DataSource::Imported`.
    pub fn names(&self) -> Vec<String> {
        self.files.iter().map(|f| f.name.clone()).collect()
    }

    /// Image keys in the order their data is merged, each once.
    pub fn images(&self) -> Vec<String> {
        image_keys(&self.files)
    }

    /// `n` image keys no saved file uses.
    pub fn fresh_images(&self, n: usize) -> Vec<String> {
        let last = self
            .files
            .iter()
            .filter_map(|f| f.image.strip_prefix("file-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        (1..=n as u32)
            .map(|i| format!("file-{}", last + i))
            .collect()
    }
}

fn image_keys(files: &[SavedFile]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for f in files {
        if !keys.contains(&f.image) {
            keys.push(f.image.clone());
        }
    }
    keys
}

/// How the loaded data changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The files afterwards, in merge order.
    pub files: Vec<SavedFile>,
    /// The data now shown is the merge of every kept file before the new
    /// ones, so the new ones can be merged onto it; otherwise the kept
    /// files are merged afresh from storage.
    pub onto_current: bool,
    /// Images of the kept files, merged afresh when not `onto_current`.
    pub rebuild_from: Vec<String>,
    /// Images no file uses any more.
    pub dropped: Vec<String>,
}

impl Plan {
    fn new(before: &[SavedFile], files: Vec<SavedFile>, onto_current: bool, new: usize) -> Self {
        let after = image_keys(&files);
        let dropped = image_keys(before)
            .into_iter()
            .filter(|k| !after.contains(k))
            .collect();
        let kept = &files[..files.len() - new];
        Plan {
            rebuild_from: image_keys(kept),
            files,
            onto_current,
            dropped,
        }
    }
}

/// A finished import of `new` files over the `saved` ones.
pub fn plan_import(saved: &[SavedFile], new: Vec<SavedFile>, mode: ImportMode) -> Plan {
    let n = new.len();
    match mode {
        ImportMode::Replace => Plan::new(saved, new, false, n),
        ImportMode::Add => {
            let kept: Vec<SavedFile> = saved
                .iter()
                .filter(|s| !new.iter().any(|f| f.same_file(s)))
                .cloned()
                .collect();
            // A file given again leaves the data it had loaded, which the
            // current data cannot subtract: rebuild from the kept files.
            let onto_current = kept.len() == saved.len();
            let mut files = kept;
            files.extend(new);
            Plan::new(saved, files, onto_current, n)
        }
    }
}

/// Removing saved file `index`. Files saved together in one image before
/// each had its own go together.
pub fn plan_removal(saved: &[SavedFile], index: usize) -> Plan {
    let Some(gone) = saved.get(index) else {
        return Plan::new(saved, saved.to_vec(), true, 0);
    };
    let files = saved
        .iter()
        .filter(|f| f.image != gone.image)
        .cloned()
        .collect();
    Plan::new(saved, files, false, 0)
}
