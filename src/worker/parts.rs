//! One large event file read by two workers (wasm32 only): this worker
//! reads the first part, or the rest (see [`super::protocol::Part`]).

use super::protocol::{FileJob, FromWorker};
use super::read::{read_bytes, Reader};
use super::run::post;
use super::stage::Staged;
use canal_core::import::sniff::HEAD_BYTES;
use canal_core::import::split::{append_dicts, append_report, part_headers, PartDicts};
use canal_core::import::{ImportReport, Importer, MAX_ERRORS};
use canal_core::Dataset;
use js_sys::{Array, Function, Promise, Uint32Array, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// The second worker's rows, handed on by the page; they may come before
/// the first part is read, or after.
#[derive(Default)]
pub struct Mailbox {
    msg: RefCell<Option<Array>>,
    wake: RefCell<Option<Function>>,
}

impl Mailbox {
    /// Leaves `msg` for [`Mailbox::take`].
    pub fn put(&self, msg: Array) {
        *self.msg.borrow_mut() = Some(msg);
        if let Some(wake) = self.wake.borrow_mut().take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }

    /// The message left, once there is one.
    async fn take(&self) -> Array {
        loop {
            if let Some(msg) = self.msg.borrow_mut().take() {
                return msg;
            }
            let wait = Promise::new(&mut |resolve, _| *self.wake.borrow_mut() = Some(resolve));
            let _ = JsFuture::from(wait).await;
        }
    }
}

/// Reads `file[..cut]`, then appends the second worker's part after it, or
/// reads on when the cut lay inside a quoted field.
pub async fn read_first(
    reader: &mut Reader<'_>,
    mailbox: &Mailbox,
    file: &File,
    spec: &FileJob,
    cut: u64,
    ds: &mut Dataset,
) -> Result<ImportReport, String> {
    let name = &spec.name;
    let mut importer = Importer::new(spec.options.clone());
    let size = file.size();
    // A file that cannot be read in parts (gzip, UTF-16, several
    // identifier columns) is read whole; the second worker finds the same
    // in the same head and stands down.
    let want = spec.options.head_bytes.unwrap_or(HEAD_BYTES).max(1) as f64;
    let head = read_bytes(file, 0.0, want, name).await?;
    let whole = part_headers(&head, &spec.options).is_none();
    drop(head);
    let cut = if whole { size } else { (cut as f64).min(size) };
    reader
        .read(file, name, (0.0, cut), &mut importer, ds)
        .await?;
    if whole {
        post(reader.scope, &FromWorker::ReadingOn, None);
        let report = importer.finish(ds);
        reader.staged.take(&mut ds.events);
        return Ok(report);
    }
    if !importer.at_record_start() {
        post(reader.scope, &FromWorker::ReadingOn, None);
        reader
            .read(file, name, (cut, size), &mut importer, ds)
            .await?;
        let report = importer.finish(ds);
        reader.staged.take(&mut ds.events);
        return Ok(report);
    }
    // The second part's lines come after these.
    let lines_before = importer.line() - 1;
    let mut report = importer.finish(ds);
    reader.staged.take(&mut ds.events);
    reader.mark(|| "finish".into());
    reader.step("first part read");
    // While the second worker still reads (or exports) its part, this
    // part's identifiers are normalised: the unify after the append then
    // normalises only the keys the second part adds (a few per cent of
    // them), instead of every key on the path to the figures.
    canal_core::people::prepare(ds);
    reader.mark(|| "prepare".into());
    reader.step("identifiers normalised");
    let msg = mailbox.take().await;
    reader.step("second part came");
    let text = msg.get(0).as_string().unwrap_or_default();
    let Ok(FromWorker::PartDone {
        report: part_report,
        blocks,
        ..
    }) = serde_json::from_str::<FromWorker>(&text)
    else {
        return Err(format!("{name}: the second part was lost"));
    };
    let mut arrays = (1..msg.length()).map(|i| msg.get(i).unchecked_into::<Uint8Array>());
    let unreadable = || format!("{name}: the second part is unreadable");
    let dicts = import_dicts(&mut arrays).ok_or_else(unreadable)?;
    reader.step("second part's strings copied");
    // Contacts and strings first seen in the second part get the next ids,
    // as one importer reading on would have given them.
    let [keys, names, campaigns, sessions] = &dicts;
    let part = PartDicts {
        keys: (&keys.0, &keys.1),
        names: (&names.0, &names.1),
        campaigns: (&campaigns.0, &campaigns.1),
        sessions: (&sessions.0, &sessions.1),
    };
    let maps = append_dicts(ds, part).ok_or_else(unreadable)?;
    drop(dicts);
    reader.step("ids appended");
    let rest = Staged::import(&blocks, &mut arrays)
        .ok_or_else(|| format!("{name}: the second part's rows do not fit"))?;
    rest.remap_part(&maps);
    reader.step("rows remapped");
    reader.staged.append(rest);
    reader.mark(|| "append".into());
    reader.step("appended");
    let max_errors = spec.options.max_errors.unwrap_or(MAX_ERRORS);
    append_report(&mut report, part_report, lines_before, max_errors);
    Ok(report)
}

/// A dictionary as it crosses between workers: its arena and its end
/// offsets.
type DictParts = (String, Vec<u32>);

/// Pushes the dictionaries the part's rows refer to ([`PartDicts`], in its
/// order) to `out` as two byte arrays each, the arena and the end offsets,
/// with their buffers on `transfer`: only what the append reads, written
/// without hashing a string (a whole image cost an encode here and a
/// decode, which hashed every key, in the first worker).
pub fn export_dicts(ds: &Dataset, out: &Array, transfer: &Array) {
    let d = PartDicts::of(ds);
    for (arena, ends) in [d.keys, d.names, d.campaigns, d.sessions] {
        let arena = Uint8Array::from(arena.as_bytes());
        let ends = Uint8Array::new(&Uint32Array::from(ends).buffer());
        for bytes in [arena, ends] {
            transfer.push(&bytes.buffer());
            out.push(&bytes);
        }
    }
}

/// The dictionaries [`export_dicts`] wrote, copied into this memory;
/// `None` when an arena is not UTF-8 or an array is missing.
fn import_dicts(arrays: &mut dyn Iterator<Item = Uint8Array>) -> Option<[DictParts; 4]> {
    let mut one = || -> Option<DictParts> {
        let arena = String::from_utf8(arrays.next()?.to_vec()).ok()?;
        let ends = arrays.next()?;
        if ends.length() % 4 != 0 {
            return None;
        }
        let ends = Uint32Array::new_with_byte_offset_and_length(
            &ends.buffer(),
            ends.byte_offset(),
            ends.length() / 4,
        );
        Some((arena, ends.to_vec()))
    };
    Some([one()?, one()?, one()?, one()?])
}

/// Reads `file[cut..]` as the continuation of the file whose head it
/// reads first; the event rows stay staged in `reader`, and `ds` keeps the
/// dictionaries they refer to ([`export_dicts`]). `None` when the file
/// cannot be read in parts (the first worker reads it whole).
pub async fn read_rest(
    reader: &mut Reader<'_>,
    file: &File,
    spec: &FileJob,
    cut: u64,
    ds: &mut Dataset,
) -> Result<Option<ImportReport>, String> {
    let name = &spec.name;
    // The file's head, sniffed as the first worker's importer sniffs it.
    let want = spec.options.head_bytes.unwrap_or(HEAD_BYTES).max(1) as f64;
    let head = read_bytes(file, 0.0, want, name).await?;
    let Some(headers) = part_headers(&head, &spec.options) else {
        return Ok(None);
    };
    let mut importer = Importer::continuing(spec.options.clone(), &head, headers, ds);
    drop(head);
    let range = ((cut as f64).min(file.size()), file.size());
    reader.read(file, name, range, &mut importer, ds).await?;
    // Its dictionaries are only written out (`export_dicts`): the new
    // strings need no hash table here.
    let report = importer.finish_unindexed(ds);
    reader.staged.take(&mut ds.events);
    Ok(Some(report))
}
