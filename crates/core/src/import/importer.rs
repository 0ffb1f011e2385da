//! The streaming importer: bytes in, rows and row errors out.

use super::csv::Tokenizer;
use super::decode::{Decoder, Encoding, Gunzip};
use super::load::{Cx, Loader};
use super::mapping::{Field, Mapping, TableKind};
use super::sniff::{sniff_with, HEAD_BYTES};
use super::{ImportOptions, ImportReport, Progress};
use crate::model::{Channel, Dataset};

/// Default cap on stored row errors; later ones are only counted.
pub const MAX_ERRORS: usize = 10_000;

/// Everything that runs once the head has been sniffed.
struct Pipeline {
    gunzip: Option<Gunzip>,
    inflated: Vec<u8>,
    decoder: Decoder,
    tokenizer: Tokenizer,
    loader: Loader,
    encoding: Encoding,
    delimiter: u8,
}

impl Pipeline {
    fn feed(&mut self, raw: &[u8], ds: &mut Dataset) {
        let text = match &mut self.gunzip {
            Some(g) => {
                if let Err(reason) = g.push(raw, &mut self.inflated) {
                    // Rows inflated before the damage still load, first.
                    let text = self.decoder.decode(&self.inflated, false);
                    let loader = &mut self.loader;
                    self.tokenizer
                        .feed_batches(text, &mut |b| loader.batch(b, ds));
                    self.inflated.clear();
                    let line = self.tokenizer.line();
                    self.loader.problem(line, reason);
                }
                &self.inflated[..]
            }
            None => raw,
        };
        let text = self.decoder.decode(text, false);
        let loader = &mut self.loader;
        self.tokenizer
            .feed_batches(text, &mut |b| loader.batch(b, ds));
    }

    fn finish(&mut self, ds: &mut Dataset) {
        if let Some(g) = &mut self.gunzip {
            let res = g.finish(&mut self.inflated);
            let text = self.decoder.decode(&self.inflated, false);
            let loader = &mut self.loader;
            self.tokenizer
                .feed_batches(text, &mut |b| loader.batch(b, ds));
            if let Err(reason) = res {
                let line = self.tokenizer.line();
                self.loader.problem(line, reason);
            }
        }
        let text = self.decoder.decode(&[], true);
        let loader = &mut self.loader;
        self.tokenizer
            .feed_batches(text, &mut |b| loader.batch(b, ds));
        let loader = &mut self.loader;
        if let Some(u) = self.tokenizer.finish_batches(&mut |b| loader.batch(b, ds)) {
            self.loader.unterminated(u);
        }
        if self.loader.headers.is_none() {
            self.loader.problem(1, "the file is empty".into());
        }
        self.loader.finish(ds);
    }
}

/// Imports one CSV file fed in chunks of any size.
///
/// The first [`HEAD_BYTES`] are held back and sniffed (what `opts` leaves
/// open is guessed), then everything streams: each chunk is inflated,
/// decoded, tokenized and written into the [`Dataset`] before `push`
/// returns.
pub struct Importer {
    opts: ImportOptions,
    head: Vec<u8>,
    pipeline: Option<Pipeline>,
    bytes: u64,
    gzip: bool,
}

impl std::fmt::Debug for Importer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Importer")
            .field("bytes", &self.bytes)
            .field("started", &self.pipeline.is_some())
            .finish()
    }
}

impl Importer {
    /// An importer with these options.
    pub fn new(opts: ImportOptions) -> Self {
        Importer {
            opts,
            head: Vec::new(),
            pipeline: None,
            bytes: 0,
            gzip: false,
        }
    }

    /// Reads the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8], ds: &mut Dataset) -> Progress {
        self.bytes += chunk.len() as u64;
        let mut chunk = chunk;
        if self.pipeline.is_none() {
            // Exactly the first `head_bytes` are sniffed, however the file is
            // chunked, so the guesses never depend on chunk boundaries.
            let want = self.opts.head_bytes.unwrap_or(HEAD_BYTES).max(1);
            let take = want.saturating_sub(self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if self.head.len() >= want {
                self.start(ds);
            }
        }
        if let Some(p) = &mut self.pipeline {
            if !chunk.is_empty() {
                p.feed(chunk, ds);
            }
        }
        self.progress()
    }

    /// An importer for a part of a file that starts at a record after the
    /// header: the file's `head` is sniffed as [`Importer::new`] would (so
    /// every guess is the same as for the whole file), `headers` are taken
    /// as read, and lines are counted from 1 at the part's first byte.
    pub fn continuing(
        opts: ImportOptions,
        head: &[u8],
        headers: Vec<String>,
        ds: &mut Dataset,
    ) -> Self {
        let mut imp = Importer::new(opts);
        imp.start_with(head, ds, false);
        if let Some(p) = &mut imp.pipeline {
            p.loader.set_headers(headers, 1, ds);
        }
        imp
    }

    /// The header and the kind of table, once the header was read.
    pub fn header(&self) -> Option<(&[String], Option<TableKind>)> {
        let l = &self.pipeline.as_ref()?.loader;
        Some((l.headers.as_deref()?, l.plan().0))
    }

    /// Whether, once the header was read, rows name their contact by one
    /// column (e-mail, contact id or phone) at most. Rows of a file with
    /// several bind identifiers to contacts as they go, which a later row
    /// may find.
    pub(crate) fn keyed_by_one_column(&self) -> bool {
        let Some(p) = self.pipeline.as_ref() else {
            return false;
        };
        let m = p.loader.plan().1;
        [Field::Email, Field::ContactId, Field::Phone]
            .iter()
            .filter(|&&f| m.column_of(f).is_some())
            .count()
            <= 1
    }

    /// Whether the bytes pushed so far end exactly at the end of a record
    /// (see [`super::csv::Tokenizer::at_record_start`]); false before the
    /// head was sniffed and for gzip input, whose bytes are not the text's.
    pub fn at_record_start(&self) -> bool {
        self.pipeline
            .as_ref()
            .is_some_and(|p| p.gunzip.is_none() && p.tokenizer.at_record_start())
    }

    /// Numbers lines (the next byte's, and those of the row errors so
    /// far) `by` further on.
    pub(crate) fn shift_lines(&mut self, by: u64) {
        if let Some(p) = &mut self.pipeline {
            p.tokenizer.shift_lines(by);
            p.loader.shift_lines(by);
        }
    }

    /// The line of the next byte of text.
    pub fn line(&self) -> u64 {
        self.pipeline.as_ref().map_or(1, |p| p.tokenizer.line())
    }

    /// How far the import has got.
    pub fn progress(&self) -> Progress {
        match &self.pipeline {
            Some(p) => Progress {
                bytes: self.bytes,
                rows: p.loader.rows_read,
                errors: p.loader.errors_total,
            },
            None => Progress {
                bytes: self.bytes,
                rows: 0,
                errors: 0,
            },
        }
    }

    fn start(&mut self, ds: &mut Dataset) {
        let head = std::mem::take(&mut self.head);
        self.start_with(&head, ds, true);
    }

    /// Sniffs `head` and builds the pipeline; `feed` reads the head's rows.
    fn start_with(&mut self, head: &[u8], ds: &mut Dataset, feed: bool) {
        let s = sniff_with(head, &self.opts);
        self.gzip = s.gzip;
        let cx = Cx::new(
            s.decimal_comma,
            s.date_order,
            self.opts.default_channel.unwrap_or(Channel::Email),
            self.opts.reference_year,
            self.opts.phone_country,
        );
        let loader = Loader::new(
            self.opts.kind,
            self.opts.mapping.clone(),
            cx,
            self.opts.max_errors.unwrap_or(MAX_ERRORS),
        );
        let mut p = Pipeline {
            gunzip: s.gzip.then(Gunzip::default),
            inflated: Vec::new(),
            decoder: Decoder::new(s.encoding),
            tokenizer: Tokenizer::new(s.delimiter),
            loader,
            encoding: s.encoding,
            delimiter: s.delimiter,
        };
        if feed {
            p.feed(head, ds);
        }
        self.pipeline = Some(p);
    }

    /// Ends the file and reports what was loaded and what was not.
    pub fn finish(self, ds: &mut Dataset) -> ImportReport {
        let report = self.finish_unindexed(ds);
        ds.index_dicts();
        report
    }

    /// [`Importer::finish`] that leaves the strings this import added out
    /// of their dictionaries' hash tables, for a data set whose
    /// dictionaries are only written out next (a part of a file read by a
    /// second worker, see [`super::split`]); a look-up in them must follow
    /// [`Dataset::index_dicts`], which any `&mut` use of a dictionary does
    /// first.
    pub fn finish_unindexed(mut self, ds: &mut Dataset) -> ImportReport {
        if self.pipeline.is_none() {
            self.start(ds);
        }
        let Some(mut p) = self.pipeline.take() else {
            return ImportReport::default();
        };
        p.finish(ds);
        let (kind, mapping): (Option<TableKind>, Mapping) = p.loader.plan();
        let l = p.loader;
        ImportReport {
            kind,
            headers: l.headers.unwrap_or_default(),
            mapping,
            encoding: p.encoding,
            delimiter: p.delimiter,
            gzip: self.gzip,
            decimal_comma: l.cx.decimal_comma,
            date_order: l.cx.date_order,
            bytes: self.bytes,
            rows_read: l.rows_read,
            rows_loaded: l.rows_loaded,
            rows_merged: l.rows_merged,
            errors: l.errors,
            errors_total: l.errors_total,
        }
    }
}
