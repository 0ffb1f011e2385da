//! Streaming CSV import into the columnar [`Dataset`] (SPEC §9).
//!
//! Feed an [`Importer`] byte chunks of any size (a browser `File` slice, a
//! file or stdin natively); it reports [`Progress`] as it goes and, at the
//! end, an [`ImportReport`] with the rows loaded and a [`RowError`] (line,
//! column, reason) for every row that was not. A bad row never stops the
//! file and is never dropped silently.
//!
//! Pipeline, each stage keeping its state between chunks:
//! gzip ([`decode::Gunzip`]) → encoding to UTF-8 ([`decode::Decoder`]) →
//! records ([`csv::Tokenizer`]) → typed rows (`load`, one builder per
//! [`TableKind`]). Before streaming, the first [`sniff::HEAD_BYTES`] are
//! sniffed ([`sniff()`]) for whatever [`ImportOptions`] leaves open.
//!
//! The hot path allocates nothing per row: fields live in one reusable
//! record buffer, numbers and dates are parsed from bytes, strings go
//! straight into the dataset's dictionaries (through a per-import cache that
//! keeps short strings inline), and vocabularies (event types, channels, …)
//! are resolved once per distinct value. Event rows are loaded in batches of
//! 32 whose contact-key lookups run back to back, so their cache misses
//! overlap.

pub mod csv;
pub mod date;
pub mod decode;
mod importer;
mod load;
pub mod mapping;
mod marks;
pub mod number;
mod problem;
pub mod sniff;
pub mod split;
mod synonyms;
pub mod words;

pub use date::DateOrder;
pub use decode::Encoding;
pub use importer::{Importer, MAX_ERRORS};
pub use mapping::{Field, Mapping, TableKind};
pub use problem::RowErrorKind;
pub use sniff::{sniff, sniff_with, Sniff};
pub use split::import_bytes_parallel;

use crate::model::{Channel, Dataset};
use serde::{Deserialize, Serialize};

/// What the caller fixes; everything left `None` is sniffed from the file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The kind of table.
    pub kind: Option<TableKind>,
    /// Field per column (by index); overrides every suggestion.
    pub mapping: Option<Mapping>,
    /// Field delimiter.
    pub delimiter: Option<u8>,
    /// Text encoding.
    pub encoding: Option<Encoding>,
    /// Day/month order of `01/02/2024`.
    pub date_order: Option<DateOrder>,
    /// Numbers use a decimal comma.
    pub decimal_comma: Option<bool>,
    /// Channel of rows whose file has no channel column (default: email).
    pub default_channel: Option<Channel>,
    /// The year an `age` column is counted from; without it ages are kept
    /// as a plain attribute (core has no clock).
    pub reference_year: Option<i32>,
    /// How many row errors to keep (default [`MAX_ERRORS`]); the rest are
    /// counted in [`ImportReport::errors_total`].
    pub max_errors: Option<usize>,
    /// How many leading bytes are sniffed before rows stream (default
    /// [`sniff::HEAD_BYTES`]); a file smaller than that is sniffed whole.
    pub head_bytes: Option<usize>,
    /// The country of phone numbers written without an international
    /// prefix, which decides the contact keys and identifiers they become.
    /// `None`: the data set's own ([`Dataset::key_country`]; Spain for a
    /// new one). A data set with contacts keyed with another country
    /// refuses the file ([`Dataset::check_country`]); a file that loads
    /// makes it the data set's country.
    #[serde(default)]
    pub phone_country: Option<crate::identity::CountryCode>,
}

/// How far an import has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Input bytes consumed (compressed bytes for a gzip file).
    pub bytes: u64,
    /// Data rows read so far.
    pub rows: u64,
    /// Errors so far.
    pub errors: u64,
}

/// One row that was not loaded, or one problem with the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Header of the offending column, when one column is to blame.
    pub column: Option<String>,
    /// What went wrong, for people.
    pub reason: String,
    /// What went wrong, for programs (and translations).
    #[serde(default)]
    pub kind: RowErrorKind,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column '{c}': {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// The outcome of one import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The kind the file was loaded as (`None`: empty file).
    pub kind: Option<TableKind>,
    /// Header cells.
    pub headers: Vec<String>,
    /// The mapping that was applied.
    pub mapping: Mapping,
    /// Encoding read.
    pub encoding: Encoding,
    /// Delimiter used.
    pub delimiter: u8,
    /// The file was gzip-compressed.
    pub gzip: bool,
    /// Numbers were read with a decimal comma.
    pub decimal_comma: bool,
    /// Day/month order used.
    pub date_order: DateOrder,
    /// Input bytes.
    pub bytes: u64,
    /// Data rows read (header excluded).
    pub rows_read: u64,
    /// Rows written into the dataset.
    pub rows_loaded: u64,
    /// Rows folded into the row before (further line items of an order).
    pub rows_merged: u64,
    /// Row and file errors, in file order, at most `max_errors`.
    pub errors: Vec<RowError>,
    /// Every error, including those not kept.
    pub errors_total: u64,
}

impl Default for ImportReport {
    fn default() -> Self {
        ImportReport {
            kind: None,
            headers: Vec::new(),
            mapping: Mapping::default(),
            encoding: Encoding::Utf8,
            delimiter: b',',
            gzip: false,
            decimal_comma: false,
            date_order: DateOrder::Dmy,
            bytes: 0,
            rows_read: 0,
            rows_loaded: 0,
            rows_merged: 0,
            errors: Vec::new(),
            errors_total: 0,
        }
    }
}

/// Imports a whole file held in memory.
pub fn import_bytes(ds: &mut Dataset, bytes: &[u8], opts: &ImportOptions) -> ImportReport {
    let mut imp = Importer::new(opts.clone());
    imp.push(bytes, ds);
    imp.finish(ds)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cells;
#[cfg(test)]
mod tests_country;
#[cfg(test)]
mod tests_recency;
