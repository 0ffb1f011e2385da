//! Reading a file's raw records, streaming, for analyses that need the rows
//! as written rather than a dataset (identity keeps every source record,
//! where the importer folds records of one key into one contact).

use super::load::{fill, open};
use canal_core::import::csv::{Record, Tokenizer};
use canal_core::import::decode::{field_str, Decoder, Gunzip};
use canal_core::import::sniff::HEAD_BYTES;
use canal_core::import::{sniff, Sniff};

/// A file opened and sniffed, ready to stream its data records.
pub struct Rows {
    /// What the head says: headers, delimiter, suggested mapping.
    pub sniff: Sniff,
    input: Box<dyn std::io::Read>,
    head: Vec<u8>,
    path: String,
}

impl Rows {
    /// Opens `path` and sniffs its first bytes.
    pub fn open(path: &str) -> Result<Rows, String> {
        let mut input = open(path)?;
        let mut head = Vec::new();
        fill(&mut input, &mut head, HEAD_BYTES, path)?;
        let sniff = sniff(&head);
        if sniff.headers.is_empty() {
            return Err(format!("{path} is empty"));
        }
        Ok(Rows {
            sniff,
            input,
            head,
            path: path.to_owned(),
        })
    }

    /// Streams every data record (after the header) to `row`.
    pub fn for_each(self, mut row: impl FnMut(&Record)) -> Result<(), String> {
        let Rows {
            sniff: s,
            mut input,
            head: mut buf,
            path,
        } = self;
        let mut gunzip = s.gzip.then(Gunzip::default);
        let mut inflated = Vec::new();
        let mut decoder = Decoder::new(s.encoding);
        let mut tok = Tokenizer::new(s.delimiter);
        // The header and any `sep=` line come before the data.
        let mut skip = s.skip as usize + 1;
        let mut sink = |rec: &mut Record| {
            if skip > 0 {
                skip -= 1;
            } else {
                row(rec);
            }
        };
        loop {
            let last = buf.is_empty();
            let text: &[u8] = match &mut gunzip {
                Some(g) => {
                    inflated.clear();
                    g.push(&buf, &mut inflated)
                        .map_err(|e| format!("{path}: {e}"))?;
                    if last {
                        g.finish(&mut inflated)
                            .map_err(|e| format!("{path}: {e}"))?;
                    }
                    &inflated
                }
                None => &buf,
            };
            tok.feed(decoder.decode(text, last), &mut sink);
            if last {
                break;
            }
            buf.clear();
            fill(&mut input, &mut buf, 1 << 20, &path)?;
        }
        if let Some(u) = tok.finish(&mut sink) {
            return Err(format!(
                "{path}: a quoted field opened on line {} never closes",
                u.quote_line
            ));
        }
        Ok(())
    }
}

/// Field `i` of `rec` as trimmed text.
pub fn text(rec: &Record, i: usize) -> String {
    let mut scratch = String::new();
    field_str(rec.get(i), &mut scratch).trim().to_owned()
}
