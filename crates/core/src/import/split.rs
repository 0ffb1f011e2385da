//! One event file imported in parts, on several threads natively.
//!
//! The file is cut at line starts near equal byte offsets. The first part is
//! read by an ordinary [`Importer`]; every other part by one that takes the
//! file's sniffed settings and header ([`Importer::continuing`]), each into
//! a data set of its own. The parts are then appended in file order, so
//! contact and dictionary ids come out in order of first appearance and the
//! result equals, column for column and row error for row error, what one
//! importer reading the whole file gives ([`super::import_bytes`]).
//!
//! A cut is a guess: a line start may lie inside a quoted field that spans
//! lines. The part before a cut was read from a true record start, so its
//! tokenizer knows: when it does not end exactly at a record's end, the guess
//! was wrong, and that part's importer reads the next part's bytes itself
//! (the next part's own result is dropped). Only event files are cut: their
//! rows are independent, while a contacts row can merge into an earlier one
//! and an order row without an amount continues the row above it. Nor are
//! event files with several identifier columns: a row binds its
//! identifiers to its contact, for the rows after it.

use super::importer::Importer;
use super::mapping::TableKind;
use super::sniff::{sniff_with, HEAD_BYTES};
use super::{Encoding, ImportOptions, ImportReport, MAX_ERRORS};
use crate::model::{Dataset, NONE};
use std::ops::Range;
use std::sync::Mutex;

/// Parts are at least this long: below it, threads cost more than they
/// save.
pub const MIN_PART_BYTES: u64 = 8 << 20;

/// How far past a cut's offset a line start is looked for.
const LINE_WINDOW: u64 = 1 << 20;

/// Bytes handed to an importer per call when a part is read.
const PUSH_BYTES: usize = 1 << 20;

/// Reads `range` of the input, calling `sink` with its bytes in order (in
/// one or several pieces).
pub type Read<'a, E> = dyn Fn(Range<u64>, &mut dyn FnMut(&[u8])) -> Result<(), E> + Sync + 'a;

/// [`super::import_bytes`] on up to `threads` threads: the same data set and the
/// same report, sooner for large event files.
pub fn import_bytes_parallel(
    ds: &mut Dataset,
    bytes: &[u8],
    opts: &ImportOptions,
    threads: usize,
) -> ImportReport {
    let read = |r: Range<u64>, sink: &mut dyn FnMut(&[u8])| {
        sink(&bytes[r.start as usize..r.end as usize]);
        Ok::<(), std::convert::Infallible>(())
    };
    match import_split(ds, bytes.len() as u64, opts, threads, MIN_PART_BYTES, &read) {
        Ok(report) => report,
        Err(never) => match never {},
    }
}

/// Imports an input of `len` bytes that `read` serves by range (a file
/// read at offsets, bytes in memory) in parts of at least `min_part` bytes
/// on up to `threads` threads; the result equals one [`Importer`] fed the
/// whole input. Files that cannot be cut (gzip, UTF-16, tables other than
/// events, small ones) are read by one importer.
pub fn import_split<E: Send>(
    ds: &mut Dataset,
    len: u64,
    opts: &ImportOptions,
    threads: usize,
    min_part: u64,
    read: &Read<'_, E>,
) -> Result<ImportReport, E> {
    let want = opts.head_bytes.unwrap_or(HEAD_BYTES).max(1) as u64;
    // A file `ds` refuses for its phone country is refused by one importer,
    // before any part could load rows into a data set of its own.
    let refused = ds.check_country(opts.phone_country).is_err();
    let parts = if refused || threads < 2 || len < want || len < 2 * min_part.max(1) {
        None
    } else {
        plan(len, opts, threads, min_part.max(1), want, read)?
    };
    let Some(plan) = parts else {
        let mut imp = Importer::new(opts.clone());
        feed(&mut imp, ds, 0..len, read)?;
        return Ok(imp.finish(ds));
    };
    let seed = Dataset {
        campaign_ids: ds.campaign_ids.clone(),
        campaigns: ds.campaigns.clone(),
        phone_country: ds.phone_country,
        ..Dataset::default()
    };
    let ranges: Vec<Range<usize>> = plan
        .ranges
        .iter()
        .map(|r| r.start as usize..r.end as usize)
        .collect();
    // The first part is read straight into `ds`, as one importer would;
    // the others into data sets of their own (`None`: it is in `ds`).
    let first = Mutex::new(Some(&mut *ds));
    let run = |k: usize, r: Range<usize>| -> Result<(Importer, Option<Dataset>), E> {
        let range = r.start as u64..r.end as u64;
        let into = if k == 0 {
            first.lock().map_or(None, |mut slot| slot.take())
        } else {
            None
        };
        if let Some(ds) = into {
            let mut imp = Importer::new(opts.clone());
            feed(&mut imp, ds, range, read)?;
            return Ok((imp, None));
        }
        let mut part = seed.clone();
        let mut imp =
            Importer::continuing(opts.clone(), &plan.head, plan.headers.clone(), &mut part);
        feed(&mut imp, &mut part, range, read)?;
        Ok((imp, Some(part)))
    };
    let done = on_threads(&ranges, run);
    // Stitch: a part that did not end at a record's end reads on.
    let mut groups: Vec<(Importer, Option<Dataset>)> = Vec::with_capacity(done.len());
    for (k, part) in done.into_iter().enumerate() {
        match groups.last_mut() {
            Some((imp, into)) if !imp.at_record_start() => {
                feed(
                    imp,
                    into.as_mut().unwrap_or(ds),
                    plan.ranges[k].clone(),
                    read,
                )?;
            }
            _ => groups.push(part?),
        }
    }
    Ok(append_all(ds, groups, len, opts))
}

/// Where a file is cut, with what every part after the first needs.
struct Plan {
    ranges: Vec<Range<u64>>,
    head: Vec<u8>,
    headers: Vec<String>,
}

/// Cuts the input, or `None` when it must be read in one piece.
fn plan<E>(
    len: u64,
    opts: &ImportOptions,
    threads: usize,
    min_part: u64,
    want: u64,
    read: &Read<'_, E>,
) -> Result<Option<Plan>, E> {
    let head = collect(0..want, read)?;
    let Some(headers) = part_headers(&head, opts) else {
        return Ok(None);
    };
    let n = (threads as u64).min(len / min_part).max(1);
    let mut cuts = vec![0u64];
    for k in 1..n {
        let at = len * k / n;
        let Some(cut) = line_start(at, len, read)? else {
            continue;
        };
        if is_cut(cut, len, want) && cut > *cuts.last().unwrap_or(&0) {
            cuts.push(cut);
        }
    }
    if cuts.len() < 2 {
        return Ok(None);
    }
    cuts.push(len);
    let ranges = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    Ok(Some(Plan {
        ranges,
        head,
        headers,
    }))
}

/// The first line start at or after `at`, looked for in growing windows.
fn line_start<E>(at: u64, len: u64, read: &Read<'_, E>) -> Result<Option<u64>, E> {
    let from = at - 1;
    let mut width = 256;
    loop {
        let end = (from + width).min(len);
        let window = collect(from..end, read)?;
        if let Some(cut) = line_start_in(from, &window) {
            return Ok(Some(cut));
        }
        if end == len || width >= LINE_WINDOW {
            return Ok(None);
        }
        width *= 4;
    }
}

/// The header of a file whose first bytes are `head` (the importer's
/// `head_bytes`, or the whole file when shorter), when the file may be cut
/// into parts: an event file that is neither gzip nor UTF-16. Every part
/// after the first is read by [`Importer::continuing`] with `head` and
/// these headers.
pub fn part_headers(head: &[u8], opts: &ImportOptions) -> Option<Vec<String>> {
    let s = sniff_with(head, opts);
    if s.gzip || matches!(s.encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
        return None;
    }
    // The header as the first part's importer will read it.
    let mut probe = Importer::new(opts.clone());
    let mut scratch = Dataset::default();
    probe.push(head, &mut scratch);
    // Parts read apart could not find the identifiers earlier parts' rows
    // bound (an id beside an e-mail): such a file is read whole.
    if !probe.keyed_by_one_column() {
        return None;
    }
    match probe.header() {
        Some((headers, Some(TableKind::Events))) => Some(headers.to_vec()),
        _ => None,
    }
}

/// The first line start after the first byte of `window`, which holds the
/// input's bytes from offset `from`: where a cut looked for at `from + 1`
/// falls (a cut right at `from + 1` when the byte before it ends a line).
pub fn line_start_in(from: u64, window: &[u8]) -> Option<u64> {
    memchr::memchr(b'\n', window).map(|i| from + i as u64 + 1)
}

/// Whether a part may start at `cut` in an input of `len` bytes whose
/// importer sniffs its first `head` bytes: the first part must hold the
/// whole head (so its sniff is the file's) and every part a byte.
pub fn is_cut(cut: u64, len: u64, head: u64) -> bool {
    cut >= head && cut < len
}

fn collect<E>(range: Range<u64>, read: &Read<'_, E>) -> Result<Vec<u8>, E> {
    let mut out = Vec::with_capacity((range.end - range.start) as usize);
    read(range, &mut |b| out.extend_from_slice(b))?;
    Ok(out)
}

fn feed<E>(
    imp: &mut Importer,
    ds: &mut Dataset,
    range: Range<u64>,
    read: &Read<'_, E>,
) -> Result<(), E> {
    read(range, &mut |bytes| {
        // Small pushes, as the browser's worker makes: the importer's
        // batches stay in cache.
        for piece in bytes.chunks(PUSH_BYTES) {
            imp.push(piece, ds);
        }
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn on_threads<T: Send>(
    ranges: &[Range<usize>],
    f: impl Fn(usize, Range<usize>) -> T + Sync,
) -> Vec<T> {
    crate::par::on_threads(ranges, f)
}

/// The browser's module has no threads: the parts run one after the other
/// (its workers will each take one instead).
#[cfg(target_arch = "wasm32")]
fn on_threads<T: Send>(
    ranges: &[Range<usize>],
    f: impl Fn(usize, Range<usize>) -> T + Sync,
) -> Vec<T> {
    ranges
        .iter()
        .enumerate()
        .map(|(k, r)| f(k, r.clone()))
        .collect()
}

/// Finishes every part and appends it to `ds` in file order, with its row
/// errors moved to the file's line numbers.
fn append_all(
    ds: &mut Dataset,
    groups: Vec<(Importer, Option<Dataset>)>,
    len: u64,
    opts: &ImportOptions,
) -> ImportReport {
    let max_errors = opts.max_errors.unwrap_or(MAX_ERRORS);
    let mut report: Option<ImportReport> = None;
    let mut lines_before = 0u64;
    let later: usize = groups
        .iter()
        .filter_map(|(_, part)| part.as_ref())
        .map(|part| part.events.len())
        .sum();
    for (mut imp, part) in groups {
        let lines = imp.line() - 1;
        imp.shift_lines(lines_before);
        lines_before += lines;
        let r = match part {
            None => {
                let r = imp.finish(ds);
                // Once, exactly, for the parts still to come (the finish
                // just gave back the first part's spare room).
                ds.events.reserve_rows(later);
                r
            }
            Some(mut part) => {
                let r = imp.finish(&mut part);
                append(ds, &part);
                r
            }
        };
        match &mut report {
            None => report = Some(r),
            // The lines were shifted in the importer already.
            Some(all) => append_report(all, r, 0, max_errors),
        }
    }
    let mut report = report.unwrap_or_default();
    report.bytes = len;
    report
}

/// Where the ids of a part's data set went in the data set it was
/// appended to: `contacts[c]` is the id of the part's contact `c`, and so
/// on for each dictionary an event row refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdMaps {
    /// Contact ids (the part's `keys`).
    pub contacts: Vec<u32>,
    /// Event names.
    pub names: Vec<u32>,
    /// Campaign ids.
    pub campaigns: Vec<u32>,
    /// Sessions.
    pub sessions: Vec<u32>,
}

impl IdMaps {
    /// An optional column's id `v` in the data set appended to
    /// ([`NONE`] stays).
    pub fn map(ids: &[u32], v: u32) -> u32 {
        if v == NONE {
            NONE
        } else {
            ids.get(v as usize).copied().unwrap_or(NONE)
        }
    }
}

/// Adds a part's events to `ds`, as its importer would have written them
/// there: contacts by key (or alias) else new, strings by value.
fn append(ds: &mut Dataset, part: &Dataset) {
    let maps = append_ids(ds, part);
    let IdMaps {
        contacts,
        names,
        campaigns,
        sessions,
    } = &maps;
    let (p, n) = (&part.events, ds.events.len());
    let e = &mut ds.events;
    e.contact
        .extend(p.contact.iter().map(|&c| contacts[c as usize]));
    e.ts.extend_from_slice(&p.ts);
    e.channel.extend_from_slice(&p.channel);
    e.kind.extend_from_slice(&p.kind);
    e.meta.extend_from_slice(&p.meta);
    let id = IdMaps::map;
    extend_opt(&mut e.campaign, n, &p.campaign, p.len(), NONE, |v| {
        id(campaigns, v)
    });
    extend_opt(&mut e.name, n, &p.name, p.len(), NONE, |v| id(names, v));
    extend_opt(&mut e.session, n, &p.session, p.len(), NONE, |v| {
        id(sessions, v)
    });
    extend_opt(&mut e.value, n, &p.value, p.len(), f32::NAN, |v| v);
}

/// The dictionaries of a part that its event rows refer to, each as an
/// arena and the end offset of each string in it ([`crate::model::Dict::parts`]):
/// what a worker hands on instead of the whole part.
#[derive(Clone, Copy, Debug)]
pub struct PartDicts<'a> {
    /// Contact keys.
    pub keys: (&'a str, &'a [u32]),
    /// Event names.
    pub names: (&'a str, &'a [u32]),
    /// Campaign ids.
    pub campaigns: (&'a str, &'a [u32]),
    /// Sessions.
    pub sessions: (&'a str, &'a [u32]),
}

impl<'a> PartDicts<'a> {
    /// The dictionaries of `part`.
    pub fn of(part: &'a Dataset) -> Self {
        PartDicts {
            keys: part.keys.parts(),
            names: part.names.parts(),
            campaigns: part.campaign_ids.parts(),
            sessions: part.sessions.parts(),
        }
    }
}

/// The strings of an arena cut at `ends`, or `None` at the first offset
/// that goes back, past the arena's end or inside a character.
fn strings<'a>((arena, ends): (&'a str, &'a [u32])) -> Option<Vec<&'a str>> {
    let mut start = 0usize;
    let mut out = Vec::with_capacity(ends.len());
    for &end in ends {
        out.push(arena.get(start..end as usize)?);
        start = end as usize;
    }
    (start == arena.len()).then_some(out)
}

/// The first half of appending a part whose event rows are held elsewhere
/// (the browser's worker keeps them outside its Wasm memory): interns the
/// part's contacts and strings into `ds`, in the part's id order (so ids
/// stay in order of first appearance), and says where each went. The
/// caller rewrites the part's event rows with the maps and adds them after
/// `ds`'s own; `part.events` is ignored.
pub fn append_ids(ds: &mut Dataset, part: &Dataset) -> IdMaps {
    append_dicts(ds, PartDicts::of(part)).expect("a dictionary's own parts")
}

/// [`append_ids`] for a part known only by its dictionaries; `None` when
/// one of them is not a dictionary's parts (nothing is added then).
pub fn append_dicts(ds: &mut Dataset, part: PartDicts<'_>) -> Option<IdMaps> {
    let (keys, names, campaigns, sessions) = (
        strings(part.keys)?,
        strings(part.names)?,
        strings(part.campaigns)?,
        strings(part.sessions)?,
    );
    let contacts: Vec<u32> = keys
        .iter()
        .map(|&key| {
            // As `contact_id`: without aliases a key is found or added in
            // one look-up.
            if ds.aliases.is_empty() {
                return ds.keys.intern(key);
            }
            ds.resolve_key(key).unwrap_or_else(|| ds.keys.intern(key))
        })
        .collect();
    if ds.contacts.len() < ds.keys.len() {
        ds.contacts.resize(ds.keys.len());
    }
    let remap = |from: &[&str], into: &mut crate::model::Dict| -> Vec<u32> {
        from.iter().map(|s| into.intern(s)).collect()
    };
    // Names before campaigns before sessions, as `append` always did (a
    // loader interns them per row in this order, but each dictionary's
    // own order is all an id depends on).
    let names = remap(&names, &mut ds.names);
    let campaigns = remap(&campaigns, &mut ds.campaign_ids);
    let sessions = remap(&sessions, &mut ds.sessions);
    Some(IdMaps {
        contacts,
        names,
        campaigns,
        sessions,
    })
}

/// Adds a later part's report to `all`, the report so far, as one
/// importer reading on would have counted: rows and errors summed, the
/// part's row errors moved `lines_before` lines on (the lines of the parts
/// before it) and kept while fewer than `max_errors` are listed.
pub fn append_report(
    all: &mut ImportReport,
    part: ImportReport,
    lines_before: u64,
    max_errors: usize,
) {
    all.bytes += part.bytes;
    all.rows_read += part.rows_read;
    all.rows_loaded += part.rows_loaded;
    all.rows_merged += part.rows_merged;
    all.errors_total += part.errors_total;
    let room = max_errors.saturating_sub(all.errors.len());
    all.errors
        .extend(part.errors.into_iter().take(room).map(|mut e| {
            e.line += lines_before;
            e
        }));
}

/// Appends an optional column (empty while no row has a value), as the
/// importer's `push_opt` would have grown it row by row.
fn extend_opt<T: Copy>(
    col: &mut Vec<T>,
    rows: usize,
    part: &[T],
    part_rows: usize,
    absent: T,
    map: impl Fn(T) -> T,
) {
    if col.is_empty() && part.is_empty() {
        return;
    }
    col.resize(rows, absent);
    if part.is_empty() {
        col.resize(rows + part_rows, absent);
    } else {
        col.extend(part.iter().map(|&v| map(v)));
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod held_tests;
