//! The streaming importer: bytes in, rows and row errors out.

use super::csv::Tokenizer;
use super::decode::{Decoder, Encoding, Gunzip};
use super::load::{Cx, Loader};
use super::mapping::{Mapping, TableKind};
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
        let s = sniff_with(&head, &self.opts);
        self.gzip = s.gzip;
        let cx = Cx::new(
            s.decimal_comma,
            s.date_order,
            self.opts.default_channel.unwrap_or(Channel::Email),
            self.opts.reference_year,
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
        p.feed(&head, ds);
        self.pipeline = Some(p);
    }

    /// Ends the file and reports what was loaded and what was not.
    pub fn finish(mut self, ds: &mut Dataset) -> ImportReport {
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
