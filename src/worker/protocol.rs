//! The messages between the page and the CSV worker.
//!
//! Both directions carry one small JSON text; the files ride along as
//! `File` objects (the browser passes a handle, not the bytes) and the
//! finished data set comes back as one transferred buffer holding its
//! [`canal_core::codec`] image, so no row is ever copied message by message.

use canal_core::import::{ImportOptions, ImportReport, TableKind};
use serde::{Deserialize, Serialize};

/// Bytes read from a file per step: large enough that per-chunk overhead
/// vanishes, small enough that progress moves several times a second.
pub const CHUNK_BYTES: u32 = 4 << 20;

/// One file to import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileJob {
    /// File name, for reports.
    pub name: String,
    /// Size in bytes, for progress.
    pub size: u64,
    /// Kind and mapping as confirmed on the page.
    pub options: ImportOptions,
}

/// Page → worker: import these files, in the order of [`load_order`], into
/// one data set. The `File` objects follow the JSON in the same order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// The files.
    pub files: Vec<FileJob>,
    /// Bytes per read.
    pub chunk_bytes: u32,
}

/// How one file went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// File name.
    pub name: String,
    /// The importer's report (rows, row errors with line numbers).
    pub report: ImportReport,
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    /// Loaded and listening; messages sent before this would be lost.
    Ready,
    /// How far the job has got, over all files.
    Progress(JobProgress),
    /// Finished; the data set image follows as a transferred buffer.
    Done {
        /// One report per file, in job order.
        reports: Vec<FileReport>,
        /// Milliseconds spent reading and parsing.
        parse_ms: f64,
        /// Bytes of Wasm memory the worker had grown to.
        memory_bytes: u64,
    },
    /// The job could not run at all (unreadable file, bad message).
    Failed {
        /// Why, for people.
        reason: String,
    },
}

/// Progress over a whole job.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobProgress {
    /// Index (in job order) of the file being read.
    pub file: u32,
    /// Bytes read over all files.
    pub bytes: u64,
    /// Bytes of all files together.
    pub total_bytes: u64,
    /// Data rows read over all files.
    pub rows: u64,
    /// Row errors over all files.
    pub errors: u64,
}

impl JobProgress {
    /// Share done, between 0 and 1.
    pub fn fraction(&self) -> f64 {
        if self.total_bytes == 0 {
            0.0
        } else {
            (self.bytes as f64 / self.total_bytes as f64).min(1.0)
        }
    }
}

/// The order files load in: contacts first (their e-mail/id aliases must
/// exist before events meet them), then campaigns and consent, then events
/// and orders; files of one kind keep the order they were given in.
pub fn load_order(files: &[FileJob]) -> Vec<usize> {
    let rank = |f: &FileJob| match f.options.kind {
        Some(TableKind::Contacts) => 0,
        Some(TableKind::Campaigns) => 1,
        Some(TableKind::Consent) => 2,
        Some(TableKind::Events) | None => 3,
        Some(TableKind::Orders) => 4,
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| rank(&files[i]));
    order
}

/// How many more event rows to make room for before parsing the next
/// slice of a file, if the columns might otherwise grow by doubling in it:
/// `file_rows` rows came from the first `read` of `size` bytes, the columns
/// have room for `free` more, and a slice is `slice` bytes.
///
/// The answer is the rest of the file at the rate seen so far plus 3 %
/// (a file's rows are much alike), so the columns are allocated about once
/// at their final size; Wasm memory never shrinks, and the blocks a
/// doubling leaves behind would otherwise stay in it.
pub fn rows_to_reserve(
    file_rows: usize,
    free: usize,
    read: u64,
    size: u64,
    slice: u64,
) -> Option<usize> {
    if file_rows == 0 || read == 0 || read >= size {
        return None;
    }
    // Rows in `bytes` at the rate seen so far, times `pct` %.
    let rows_in = |bytes: u64, pct: u128| {
        let n = file_rows as u128 * u128::from(bytes) * pct / (u128::from(read) * 100);
        usize::try_from(n)
            .unwrap_or(usize::MAX)
            .saturating_add(1024)
    };
    let next = rows_in(slice.min(size - read), 150);
    if free >= next {
        return None;
    }
    Some(rows_in(size - read, 103).max(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(kind: Option<TableKind>) -> FileJob {
        FileJob {
            name: String::new(),
            size: 0,
            options: ImportOptions {
                kind,
                ..ImportOptions::default()
            },
        }
    }

    #[test]
    fn contacts_load_first_and_ties_keep_their_order() {
        let check = |kinds: &[Option<TableKind>], expected: &[usize]| {
            let files: Vec<FileJob> = kinds.iter().map(|&k| job(k)).collect();
            assert_eq!(load_order(&files), expected, "{kinds:?}");
        };
        use TableKind::*;
        check(&[], &[]);
        check(&[Some(Events), Some(Contacts)], &[1, 0]);
        check(&[Some(Orders), Some(Events), Some(Contacts)], &[2, 1, 0]);
        check(&[Some(Events), None, Some(Events)], &[0, 1, 2]);
        check(
            &[Some(Orders), Some(Consent), Some(Campaigns), Some(Contacts)],
            &[3, 2, 1, 0],
        );
    }

    #[test]
    fn messages_keep_their_shape() {
        // The JSON is the contract between two separately loaded Wasm
        // modules; a renamed field would silently break the import.
        let check = |msg: FromWorker, json: &str| {
            assert_eq!(serde_json::to_string(&msg).unwrap(), json);
            assert_eq!(serde_json::from_str::<FromWorker>(json).unwrap(), msg);
        };
        check(FromWorker::Ready, r#"{"type":"ready"}"#);
        check(
            FromWorker::Progress(JobProgress {
                file: 1,
                bytes: 10,
                total_bytes: 40,
                rows: 3,
                errors: 1,
            }),
            r#"{"type":"progress","file":1,"bytes":10,"total_bytes":40,"rows":3,"errors":1}"#,
        );
        check(
            FromWorker::Failed { reason: "x".into() },
            r#"{"type":"failed","reason":"x"}"#,
        );
    }

    #[test]
    fn columns_are_reserved_for_the_rest_of_the_file() {
        let check = |file_rows, free, read, size, expected: Option<usize>| {
            assert_eq!(
                rows_to_reserve(file_rows, free, read, size, 1_000),
                expected,
                "{file_rows} rows in {read} of {size} bytes, room for {free}"
            );
        };
        // 100 bytes a row: 10 rows read, 90 to come (+3 %) and the slack.
        check(10, 0, 1_000, 10_000, Some(92 + 1024));
        // Room for the next slice (10 rows × 1.5 + 1024): nothing to do.
        check(10, 1_039, 1_000, 10_000, None);
        check(10, 1_038, 1_000, 10_000, Some(92 + 1024));
        // A large file: the rest of it.
        check(1_000, 0, 100_000, 10_000_000, Some(101_970 + 1024));
        // Nothing read yet, no rows (a header), or the file is done.
        check(0, 0, 1_000, 10_000, None);
        check(10, 0, 0, 10_000, None);
        check(10, 0, 10_000, 10_000, None);
    }

    #[test]
    fn fraction_is_bounded() {
        let p = |bytes, total_bytes| {
            JobProgress {
                bytes,
                total_bytes,
                ..JobProgress::default()
            }
            .fraction()
        };
        assert_eq!(p(0, 0), 0.0);
        assert_eq!(p(25, 100), 0.25);
        assert_eq!(p(120, 100), 1.0);
    }
}
