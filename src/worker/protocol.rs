//! The messages between the page and the CSV worker.
//!
//! Both directions carry one small JSON text; the files ride along as
//! `File` objects (the browser passes a handle, not the bytes) and the
//! finished data set comes back as one transferred buffer holding its
//! [`canal_core::codec`] image, so no row is ever copied message by message.

use canal_core::import::{ImportOptions, ImportReport, TableKind};
use serde::{Deserialize, Serialize};

/// Bytes of a file read between moving the event rows out of the worker's
/// memory and reporting progress (and the slice size where a file cannot be
/// read as a byte stream, `read::ByteStream`): large enough that per-chunk
/// overhead vanishes, small enough that progress moves several times a
/// second. 8 MiB (measured with slices, before the byte stream): the import screen parsed a 105 MB file at 242–263 MB/s against
/// 226–233 with 4 MiB, alternated; 16 MiB gained nothing more and took the
/// worker's memory from 24.2 to 31.4 B/row (BENCHMARKS, session 20).
pub const CHUNK_BYTES: u32 = 8 << 20;

/// The first element of a warm-up message, `[WARM_JOB]`: the worker parses
/// [`warm_rows`] as an event file and answers [`FromWorker::Warm`]. A fresh
/// worker runs its Wasm code on the engine's first tier; the import screen
/// warms its idle workers so a file's first slices are not parsed there.
pub const WARM_JOB: &str = "warm";

/// Bytes of synthetic event rows a warm-up parses. 8 MiB: the import
/// screen parsed a 105 MB file at a median of 292 MB/s against 277 with
/// 2 MiB, over nine alternated pairs (7 of them faster); 16 MiB gained
/// nothing more. The worker's memory: 24.5 B/row against 24.2 (BENCHMARKS,
/// session 21).
pub const WARM_BYTES: usize = 8 << 20;

/// At least `bytes` bytes of an event file (a header, then rows) shaped as
/// people's exports are: quoted and bare fields, quoted commas, ISO and
/// spaced timestamps, every channel and kind, values present and absent.
pub fn warm_rows(bytes: usize) -> Vec<u8> {
    use std::fmt::Write;
    let kinds = ["sent", "delivered", "open", "click", "purchase"];
    let channels = ["email", "sms", "web_push", "app_push"];
    let mut out = String::with_capacity(bytes + 256);
    out.push_str("email,event,timestamp,channel,campaign,value\n");
    let mut i = 0u64;
    while out.len() < bytes {
        let key = i.wrapping_mul(2_654_435_761) % 5_000;
        let (kind, channel) = (kinds[(i % 5) as usize], channels[(i % 4) as usize]);
        let (month, day, hour, minute) = (1 + i % 12, 1 + i % 28, i % 24, i % 60);
        let value = if i % 5 == 4 { "19.90" } else { "" };
        let _ = if i % 2 == 0 {
            writeln!(
                out,
                "\"user{key}@example.com\",\"{kind}\",\"2024-{month:02}-{day:02}T{hour:02}:{minute:02}:00Z\",\"{channel}\",\"Spring sale, week {}\",\"{value}\"",
                i % 9
            )
        } else {
            writeln!(
                out,
                "user{key}@example.com,{kind},2024-{month:02}-{day:02} {hour:02}:{minute:02}:00,{channel},summer_{},{value}",
                i % 7
            )
        };
        i += 1;
    }
    out.into_bytes()
}

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
    /// Bytes between moving the rows out and reporting ([`CHUNK_BYTES`]).
    pub chunk_bytes: u32,
    /// Which part of its one file the job reads (two workers share a large
    /// event file).
    #[serde(default, skip_serializing_if = "Part::is_whole")]
    pub part: Part,
}

/// The share of a job's one file a worker reads.
///
/// A large event file is read by two workers at once: the first reads the
/// bytes before a cut at a line start, the second those after it as a
/// continuation (`canal_core::import::split`), and sends its rows over (a
/// [`FromWorker::PartDone`] the page hands on to the first). When the cut
/// lay inside a quoted field, the first worker finds out at the cut and
/// reads on itself ([`FromWorker::ReadingOn`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    /// The whole file (every job with several files).
    #[default]
    Whole,
    /// The bytes before `cut`, then the second worker's rows after them.
    First {
        /// Offset of the cut.
        cut: u64,
    },
    /// The bytes from `cut` on, continuing the file whose head (sniff and
    /// header) the worker reads first, as the first part's importer does.
    /// A file that cannot be read in parts (`split::part_headers`) is
    /// answered with [`FromWorker::ReadingOn`]: the first worker, finding
    /// the same, reads it whole.
    Rest {
        /// Offset of the cut.
        cut: u64,
    },
}

impl Part {
    /// Whether the whole file is read.
    pub fn is_whole(&self) -> bool {
        *self == Part::Whole
    }
}

/// Files from this size on are read by two workers.
pub const SPLIT_BYTES: u64 = 16 << 20;

/// Bytes read after the middle of a file to find a line start there.
pub const CUT_WINDOW: u64 = 64 << 10;

/// Where to look for the cut of a file of `size` bytes and this kind: the
/// offset of the window to read (`CUT_WINDOW` bytes; the first line start
/// after its first byte is the cut, `canal_core::import::split::line_start_in`),
/// or `None` when one worker reads the file (small, or not events).
pub fn cut_window(size: u64, kind: Option<TableKind>) -> Option<u64> {
    (kind == Some(TableKind::Events) && size >= SPLIT_BYTES).then(|| size / 2 - 1)
}

/// One block of event rows a worker sends over: its rows and which columns
/// follow for it (bit `i` for `EventColumn::ALL[i]`; an optional column the
/// block's rows did not use is left out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockShape {
    /// Rows in the block.
    pub rows: u32,
    /// The columns present.
    pub columns: u16,
}

/// The first element of a [`ServerJob`] message (a file [`Job`]'s first
/// element is its JSON text).
pub const SERVER_JOB: &str = "server";

/// Page → worker: load tables the page would otherwise fetch and parse
/// itself (the server's exports, or the benchmark's files) into one data
/// set. Sent as `[SERVER_JOB, json]`; answered like a [`Job`], with one
/// [`FileReport`] per table (named by its URL) and [`FromWorker::Progress`]
/// per table: `file` is the table's index, `bytes`, `rows` and `errors`
/// count that table only and `total_bytes` is 0 (an export's size is not
/// known before it ends).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerJob {
    /// Same-origin URLs of CSV tables and their kind, in load order.
    pub tables: Vec<(TableKind, String)>,
    /// Whether to add the server's campaigns and consent statements (JSON
    /// endpoints) after the tables.
    pub campaigns_and_consent: bool,
    /// Whether to read the tables' national phone numbers in the server
    /// workspace's country (`/api/settings/identity`), so people are joined
    /// as the server's metrics join them; else in Spain's.
    #[serde(default)]
    pub workspace_country: bool,
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
    /// The warm-up ([`WARM_JOB`]) is over: the worker is idle again, its
    /// import code tiered up, and holds nothing of the synthetic rows.
    Warm {
        /// Milliseconds the warm-up took.
        ms: f64,
        /// Bytes of Wasm memory the worker had grown to.
        memory_bytes: u64,
    },
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
        /// Where the worker's Wasm memory grew: (step, bytes after it).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        phases: Vec<(String, u64)>,
        /// When the steps after the reading ended: (step, milliseconds
        /// since the job came).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        steps: Vec<(String, f64)>,
    },
    /// The second part of a file is read ([`Part::Rest`]): its report (row
    /// errors numbered from its first line) and its rows. The message's
    /// next eight entries are the dictionaries its rows refer to (arena
    /// and end offsets of the keys, event names, campaign ids and
    /// sessions: `parts::export_dicts`), then one transferred array per
    /// column of each block.
    PartDone {
        /// The part's report.
        report: ImportReport,
        /// The blocks of event rows, in order.
        blocks: Vec<BlockShape>,
        /// Milliseconds spent reading and parsing.
        parse_ms: f64,
        /// Bytes of Wasm memory the worker had grown to.
        memory_bytes: u64,
    },
    /// The first part did not end at a record's end (the cut lay inside a
    /// quoted field): this worker reads the rest of the file itself, and
    /// the second worker's part is not wanted.
    ReadingOn,
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

/// How many event rows to make room for before parsing the next slice of
/// a file, if the columns might otherwise grow by doubling in it: the last
/// slice gave `last` rows (the columns are emptied after every slice, see
/// `stage`) and the columns have room for `capacity`.
///
/// The answer is the last slice's rows plus a quarter (a file's rows are
/// much alike) and some slack, so the columns are allocated about once;
/// Wasm memory never shrinks, and the blocks a doubling leaves behind
/// would otherwise stay in it.
pub fn rows_to_reserve(last: usize, capacity: usize) -> Option<usize> {
    let want = last.saturating_add(last / 4).saturating_add(1024);
    (last > 0 && capacity < want).then_some(want)
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
        check(FromWorker::ReadingOn, r#"{"type":"reading_on"}"#);
        check(
            FromWorker::Warm {
                ms: 12.5,
                memory_bytes: 3,
            },
            r#"{"type":"warm","ms":12.5,"memory_bytes":3}"#,
        );
    }

    #[test]
    fn jobs_keep_their_shape() {
        let check = |part: Part, json: &str| {
            let job = Job {
                files: Vec::new(),
                chunk_bytes: 4,
                part,
            };
            assert_eq!(serde_json::to_string(&job).unwrap(), json);
            assert_eq!(serde_json::from_str::<Job>(json).unwrap(), job);
        };
        // A job without a part (as the benchmark posts it) reads the whole
        // file.
        check(Part::Whole, r#"{"files":[],"chunk_bytes":4}"#);
        check(
            Part::First { cut: 9 },
            r#"{"files":[],"chunk_bytes":4,"part":{"type":"first","cut":9}}"#,
        );
        check(
            Part::Rest { cut: 9 },
            r#"{"files":[],"chunk_bytes":4,"part":{"type":"rest","cut":9}}"#,
        );
    }

    #[test]
    fn file_jobs_carry_the_phone_country() {
        use canal_core::identity::CountryCode;
        let us = CountryCode::parse("US").expect("US");
        let mut file = job(Some(TableKind::Contacts));
        file.options.phone_country = Some(us);
        let json = serde_json::to_value(&file).expect("json");
        assert_eq!(json["options"]["phone_country"], "US");
        let back: FileJob = serde_json::from_value(json).expect("parse");
        assert_eq!(back, file);
        // A job from a page of the previous version (no field) reads as
        // "the data set's country", Spain for a new one.
        let old = r#"{"name":"a.csv","size":3,"options":{"kind":"contacts","mapping":null,
            "delimiter":null,"encoding":null,"date_order":null,"decimal_comma":null,
            "default_channel":null,"reference_year":null,"max_errors":null,"head_bytes":null}}"#;
        let old: FileJob = serde_json::from_str(old).expect("old job");
        assert_eq!(old.options.phone_country, None);
        assert_eq!(old.options.kind, Some(TableKind::Contacts));
        let minimal: Job = serde_json::from_str(
            r#"{"files":[{"name":"a","size":0,"options":{}}],"chunk_bytes":4}"#,
        )
        .expect("minimal job");
        assert_eq!(minimal.files[0].options.phone_country, None);
        // An unknown code is refused with the reason, never read as Spain.
        let bad = r#"{"name":"a","size":0,"options":{"phone_country":"XX"}}"#;
        let e = serde_json::from_str::<FileJob>(bad).expect_err("unknown country");
        assert!(e.to_string().contains("unknown country code 'XX'"), "{e}");
    }

    #[test]
    fn warm_up_rows_load_as_events_without_errors() {
        use canal_core::import::Importer;
        let bytes = warm_rows(WARM_BYTES);
        assert!(bytes.len() >= WARM_BYTES && bytes.len() < WARM_BYTES + 256);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        let mut ds = canal_core::Dataset::default();
        let mut importer = Importer::new(canal_core::import::ImportOptions {
            kind: Some(TableKind::Events),
            ..Default::default()
        });
        // In slices, as the worker pushes them.
        for part in bytes.chunks(256 << 10) {
            importer.push(part, &mut ds);
        }
        let report = importer.finish(&mut ds);
        assert_eq!(report.errors_total, 0, "{:?}", report.errors.first());
        assert_eq!(report.rows_read, lines - 1);
        assert_eq!(report.rows_loaded, lines - 1);
        assert_eq!(ds.events.len() as u64, lines - 1);
        // Both quoted and bare rows, every channel, values present and absent.
        assert!(
            ds.events
                .channel
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
                == 4
        );
        assert!(ds.events.value.iter().any(|v| v.is_nan()));
        assert!(ds.events.value.contains(&19.9));
        assert_eq!(ds.keys.len(), 5_000);
    }

    #[test]
    fn large_event_files_are_cut_in_the_middle() {
        let check = |size: u64, kind: Option<TableKind>, expected: Option<u64>| {
            assert_eq!(cut_window(size, kind), expected, "{size} bytes of {kind:?}");
        };
        use TableKind::*;
        check(16 << 20, Some(Events), Some((8 << 20) - 1));
        check(100_000_001, Some(Events), Some(49_999_999));
        check((16 << 20) - 1, Some(Events), None);
        check(100 << 20, Some(Contacts), None);
        check(100 << 20, Some(Orders), None);
        check(100 << 20, None, None);
    }

    #[test]
    fn columns_are_reserved_for_the_next_slice() {
        let check = |last, capacity, expected: Option<usize>| {
            assert_eq!(
                rows_to_reserve(last, capacity),
                expected,
                "{last} rows in the last slice, room for {capacity}"
            );
        };
        // 1,000 rows: room for 1,250 and the slack is asked for.
        check(1_000, 0, Some(2_274));
        check(1_000, 2_273, Some(2_274));
        check(1_000, 2_274, None);
        check(45_866, 60_000, None);
        check(45_866, 50_000, Some(58_356));
        // No rows (a header, another kind of file): nothing to do.
        check(0, 0, None);
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
