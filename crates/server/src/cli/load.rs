//! Reading input files into one [`Dataset`], streaming.
//!
//! Each file is read in 1 MiB chunks through [`Importer::push`], so a
//! gigabyte export never sits whole in memory; only the dataset's columns
//! grow. A large event file on disk is read in parts on several threads
//! ([`canal_core::import::split`]), with the same result. The first 64 KiB are sniffed first to learn the headers, so the
//! column options (`--customer email`, …) can be turned into a mapping
//! before any row is loaded.

use canal_core::identity::CountryCode;
use canal_core::import::mapping::normalize_header;
use canal_core::import::{
    sniff::HEAD_BYTES, sniff_with, Field, ImportOptions, ImportReport, Importer, Mapping, TableKind,
};
use canal_core::Dataset;
use std::io::{self, IsTerminal, Read};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Threads for one file; 0 until set: the machine's cores.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many threads read one large event file (`--threads`).
pub fn set_threads(n: usize) {
    THREADS.store(n.max(1), Ordering::Relaxed);
}

/// The country of national phone numbers (`--phone-country`); `None`:
/// none was given, each data set's own (Spain for a new one).
static PHONE_COUNTRY: std::sync::Mutex<Option<CountryCode>> = std::sync::Mutex::new(None);

/// Sets the country every file is read with (`--phone-country`).
pub fn set_phone_country(c: Option<CountryCode>) {
    if let Ok(mut slot) = PHONE_COUNTRY.lock() {
        *slot = c;
    }
}

/// The country given with `--phone-country`, if any.
pub fn phone_country() -> Option<CountryCode> {
    PHONE_COUNTRY.lock().ok().and_then(|c| *c)
}

fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
        n => n,
    }
}

/// Size of each chunk handed to the importer.
const CHUNK: usize = 1 << 20;

/// Bytes between two progress lines on a terminal.
const PROGRESS_EVERY: u64 = 32 << 20;

/// How to read one file.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The path, or `-` for stdin.
    pub path: String,
    /// The kind of table; sniffed when `None`.
    pub kind: Option<TableKind>,
    /// Columns named on the command line: header → field.
    pub columns: Vec<(String, Field)>,
    /// Fields the suggested mapping must not use unless a column option
    /// names them (e.g. the order id for RFM without `--order-id`).
    pub unmap: Vec<Field>,
    /// Columns named on the command line to leave unmapped.
    pub ignore: Vec<String>,
}

impl Source {
    /// A file read with the suggested kind and mapping.
    pub fn new(path: &str) -> Self {
        Source {
            path: path.to_owned(),
            ..Source::default()
        }
    }

    /// Maps the column `header` to `field`, if one was given.
    pub fn column(mut self, header: Option<&String>, field: Field) -> Self {
        if let Some(h) = header {
            self.columns.push((h.clone(), field));
        }
        self
    }
}

/// What was loaded from one file.
#[derive(Debug)]
pub struct Loaded {
    /// The kind it was read as.
    pub kind: TableKind,
    /// Rows, mapping and row errors.
    pub report: ImportReport,
}

pub(super) fn open(path: &str) -> Result<Box<dyn Read>, String> {
    if path == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    std::fs::File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| format!("cannot read {path}: {e}"))
}

/// Reads until `buf` holds `want` bytes or the input ends.
pub(super) fn fill(
    r: &mut dyn Read,
    buf: &mut Vec<u8>,
    want: usize,
    path: &str,
) -> Result<(), String> {
    let start = buf.len();
    buf.resize(start + want, 0);
    let mut got = start;
    while got < start + want {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot read {path}: {e}")),
        }
    }
    buf.truncate(got);
    Ok(())
}

/// The headers of `path`, listed for error messages.
fn listed(headers: &[String]) -> String {
    headers.join(", ")
}

/// The field a contact key column should be read as: what the suggestion
/// says when it is a key already (so e-mails are normalised), else an id.
fn key_field(suggested: Option<Field>) -> Field {
    match suggested {
        Some(f @ (Field::Email | Field::Phone | Field::ContactId)) => f,
        _ => Field::ContactId,
    }
}

const KEYS: [Field; 3] = [Field::Email, Field::ContactId, Field::Phone];

/// Applies the command line's columns to the suggested mapping.
fn mapping(src: &Source, headers: &[String], mut m: Mapping) -> Result<Mapping, String> {
    m.columns.resize(headers.len(), None);
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    for col in m.columns.iter_mut() {
        if col.is_some_and(|f| src.unmap.contains(&f)) {
            *col = None;
        }
    }
    let find = |name: &str| {
        let wanted = normalize_header(name);
        headers
            .iter()
            .position(|h| h == name)
            .or_else(|| norm.iter().position(|h| *h == wanted))
            .ok_or_else(|| {
                format!(
                    "{} has no column '{name}' (its columns: {})",
                    src.path,
                    listed(headers)
                )
            })
    };
    for name in &src.ignore {
        m.set(find(name)?, None);
    }
    for (name, field) in &src.columns {
        let c = find(name)?;
        let field = if KEYS.contains(field) {
            // One key column decides who a row belongs to.
            let f = key_field(m.columns[c]);
            for k in m.columns.iter_mut() {
                if k.is_some_and(|k| KEYS.contains(&k)) {
                    *k = None;
                }
            }
            f
        } else {
            *field
        };
        m.set(c, Some(field));
    }
    Ok(m)
}

/// What a kind cannot be loaded without, as the importer checks it.
fn check(kind: TableKind, m: &Mapping) -> Result<(), &'static str> {
    let has = |f: Field| m.column_of(f).is_some();
    if kind != TableKind::Campaigns && !KEYS.iter().any(|&f| has(f)) {
        return Err("a contact (e-mail, customer id or phone)");
    }
    let need: &[(Field, &str)] = match kind {
        TableKind::Events => &[
            (Field::Timestamp, "the timestamp"),
            (Field::EventType, "the event type"),
        ],
        TableKind::Orders => &[
            (Field::Timestamp, "the order date"),
            (Field::Amount, "the amount"),
        ],
        TableKind::Consent => &[(Field::ConsentStatus, "the consent status")],
        TableKind::Campaigns if !has(Field::Campaign) && !has(Field::CampaignName) => {
            return Err("the campaign id or name")
        }
        TableKind::Campaigns | TableKind::Contacts => &[],
    };
    match need.iter().find(|(f, _)| !has(*f)) {
        Some((_, what)) => Err(what),
        None => Ok(()),
    }
}

/// Loads one file into `ds`, writing its row errors to stderr (prefixed
/// with the path when `prefix` is set). Fails when the file cannot be read
/// or has no column for what its kind needs.
pub fn load(ds: &mut Dataset, src: &Source, prefix: bool) -> Result<Loaded, String> {
    let loaded = load_opened(ds, src, Opened::new(&src.path)?, prefix)?;
    // Counted as people, like every other loader (SPEC §7).
    canal_core::people::unify(ds);
    Ok(loaded)
}

/// A file opened, with its first [`HEAD_BYTES`] read for sniffing.
struct Opened {
    input: Box<dyn Read>,
    head: Vec<u8>,
}

impl Opened {
    fn new(path: &str) -> Result<Opened, String> {
        let mut input = open(path)?;
        let mut head = Vec::new();
        fill(&mut input, &mut head, HEAD_BYTES, path)?;
        Ok(Opened { input, head })
    }
}

fn load_opened(
    ds: &mut Dataset,
    src: &Source,
    opened: Opened,
    prefix: bool,
) -> Result<Loaded, String> {
    let Opened { mut input, head } = opened;
    let sniffed = sniff_with(
        &head,
        &ImportOptions {
            kind: src.kind,
            ..ImportOptions::default()
        },
    );
    let Some(kind) = sniffed.kind else {
        return Err(format!("{} is empty", src.path));
    };
    let m = mapping(src, &sniffed.headers, sniffed.mapping)?;
    if let Err(what) = check(kind, &m) {
        return Err(format!(
            "{}: no column holds {what} (read as a {} file; its columns: {}); name it with an option, see --help",
            src.path,
            kind.as_str(),
            listed(&sniffed.headers)
        ));
    }
    let opts = ImportOptions {
        kind: Some(kind),
        mapping: Some(m),
        phone_country: phone_country(),
        ..ImportOptions::default()
    };
    if let Some(report) = load_in_parts(ds, src, &opts, kind)? {
        report_errors(&src.path, &report, prefix);
        return Ok(Loaded { kind, report });
    }
    let mut imp = Importer::new(opts);
    imp.push(&head, ds);
    let mut buf = Vec::with_capacity(CHUNK);
    // Progress for people watching a large file load; never in pipes/logs.
    let tty = io::stderr().is_terminal();
    let mut shown = 0u64;
    loop {
        buf.clear();
        fill(&mut input, &mut buf, CHUNK, &src.path)?;
        if buf.is_empty() {
            break;
        }
        let p = imp.push(&buf, ds);
        if tty && p.bytes - shown >= PROGRESS_EVERY {
            shown = p.bytes;
            eprint!("\r{}: {} MB, {} rows", src.path, p.bytes >> 20, p.rows);
        }
    }
    if shown > 0 {
        eprint!("\r\x1b[K");
    }
    let report = imp.finish(ds);
    report_errors(&src.path, &report, prefix);
    Ok(Loaded { kind, report })
}

/// Reads a large event file on disk in parts on several threads; `None`
/// when it is to be streamed in one pass (stdin, other tables, one
/// thread, a small file; gzip and UTF-16 are read whole by the core).
#[cfg(unix)]
fn load_in_parts(
    ds: &mut Dataset,
    src: &Source,
    opts: &ImportOptions,
    kind: TableKind,
) -> Result<Option<ImportReport>, String> {
    use canal_core::import::split::{import_split, MIN_PART_BYTES};
    use std::os::unix::fs::FileExt;
    let threads = threads();
    if threads < 2 || kind != TableKind::Events || !rereadable(&src.path) {
        return Ok(None);
    }
    let path = &src.path;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read {path}: {e}"))?
        .len();
    if len < 2 * MIN_PART_BYTES {
        return Ok(None);
    }
    let tty = io::stderr().is_terminal();
    let done = AtomicU64::new(0);
    let read = |range: std::ops::Range<u64>, sink: &mut dyn FnMut(&[u8])| -> Result<(), String> {
        let mut buf = vec![0u8; CHUNK];
        let mut at = range.start;
        while at < range.end {
            let n = ((range.end - at) as usize).min(CHUNK);
            file.read_exact_at(&mut buf[..n], at)
                .map_err(|e| format!("cannot read {path}: {e}"))?;
            sink(&buf[..n]);
            at += n as u64;
            let before = done.fetch_add(n as u64, Ordering::Relaxed);
            if tty && (before + n as u64) / PROGRESS_EVERY > before / PROGRESS_EVERY {
                eprint!(
                    "\r{path}: {} of {} MB",
                    (before + n as u64) >> 20,
                    len >> 20
                );
            }
        }
        Ok(())
    };
    let report = import_split(ds, len, opts, threads, MIN_PART_BYTES, &read)?;
    if tty && len >= PROGRESS_EVERY {
        eprint!("\r\x1b[K");
    }
    Ok(Some(report))
}

#[cfg(not(unix))]
fn load_in_parts(
    _: &mut Dataset,
    _: &Source,
    _: &ImportOptions,
    _: TableKind,
) -> Result<Option<ImportReport>, String> {
    Ok(None)
}

/// Writes `line N: reason` per row error to stderr.
fn report_errors(path: &str, report: &ImportReport, prefix: bool) {
    use std::io::Write;
    let mut err = io::stderr().lock();
    let p = if prefix {
        format!("{path}: ")
    } else {
        String::new()
    };
    for e in &report.errors {
        let _ = match &e.column {
            Some(c) => writeln!(err, "{p}line {}: column '{c}': {}", e.line, e.reason),
            None => writeln!(err, "{p}line {}: {}", e.line, e.reason),
        };
    }
    let more = report
        .errors_total
        .saturating_sub(report.errors.len() as u64);
    if more > 0 {
        let _ = writeln!(err, "{p}{more} more row errors not shown");
    }
}

/// Loads several files into one dataset; with more than one, each error
/// line names its file.
///
/// Contacts files load first, whatever the order on the command line, as
/// the app loads the server's exports: records that share an e-mail are
/// one person (the importer's rule, and the server's) before events and
/// orders name them by id. Then the contact ids become people
/// ([`canal_core::people::unify`]).
pub fn load_all(ds: &mut Dataset, sources: &[Source]) -> Result<Vec<Loaded>, String> {
    let prefix = sources.len() > 1;
    // Every head is read first, so the kinds are known without reading any
    // input twice (stdin and pipes included).
    let mut opened: Vec<Option<Opened>> = sources
        .iter()
        .map(|s| Opened::new(&s.path).map(Some))
        .collect::<Result<_, _>>()?;
    let is_contacts = |src: &Source, o: &Opened| {
        let kind = src
            .kind
            .or_else(|| sniff_with(&o.head, &ImportOptions::default()).kind);
        kind == Some(TableKind::Contacts)
    };
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| {
        !opened[i]
            .as_ref()
            .is_some_and(|o| is_contacts(&sources[i], o))
    });
    let mut loaded: Vec<Option<Loaded>> = sources.iter().map(|_| None).collect();
    for i in order {
        if let Some(o) = opened[i].take() {
            loaded[i] = Some(load_opened(ds, &sources[i], o, prefix)?);
        }
    }
    // Dashboards count people, not records (SPEC §7): records linked by a
    // phone or a chain of identifiers become one contact, as in the app
    // and the server.
    canal_core::people::unify(ds);
    Ok(loaded.into_iter().flatten().collect())
}

/// Whether `path` is a regular file, which can be opened and read again
/// (stdin and pipes such as `<(zcat …)` cannot).
pub fn rereadable(path: &str) -> bool {
    path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Parses `--kind PATH=KIND`.
pub fn parse_kind(spec: &str) -> Result<(String, TableKind), String> {
    let (path, kind) = spec
        .rsplit_once('=')
        .ok_or_else(|| format!("--kind {spec:?}: expected FILE=KIND, e.g. events.csv=events"))?;
    let kind = TableKind::parse(kind).ok_or_else(|| {
        format!(
            "--kind {spec:?}: unknown kind '{kind}' (contacts, events, orders, campaigns, consent)"
        )
    })?;
    Ok((path.to_owned(), kind))
}

/// Sources for `files`, with kinds from `--kind FILE=KIND` options.
pub fn sources(files: &[String], kinds: &[String]) -> Result<Vec<Source>, String> {
    let kinds: Vec<(String, TableKind)> = kinds
        .iter()
        .map(|k| parse_kind(k))
        .collect::<Result<_, _>>()?;
    if let Some((p, _)) = kinds.iter().find(|(p, _)| !files.contains(p)) {
        return Err(format!("--kind names {p}, which is not one of the files"));
    }
    Ok(files
        .iter()
        .map(|f| Source {
            kind: kinds.iter().find(|(p, _)| p == f).map(|(_, k)| *k),
            ..Source::new(f)
        })
        .collect())
}
