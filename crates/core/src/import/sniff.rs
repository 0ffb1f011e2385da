//! Guessing a file's shape from its first bytes: compression, encoding,
//! delimiter, header, kind, mapping, decimal and date conventions, and a
//! preview for the mapping screen.

use super::csv::{Record, Tokenizer};
use super::date::{order_evidence, DateOrder};
use super::decode::{detect_encoding, is_gzip, Decoder, Encoding, Gunzip};
use super::mapping::{suggest, Mapping, TableKind};
use super::number::decimal_evidence;
use super::ImportOptions;
use serde::{Deserialize, Serialize};

/// How many data rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// How many bytes of a file the importer reads before it decides.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Delimiters tried, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// What the first bytes of a file say about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sniff {
    /// Gzip-compressed.
    pub gzip: bool,
    /// Text encoding.
    pub encoding: Encoding,
    /// Field delimiter.
    pub delimiter: u8,
    /// Records before the header (1 for an Excel `sep=;` line).
    pub skip: u32,
    /// Header cells.
    pub headers: Vec<String>,
    /// The first data rows, as text.
    pub preview: Vec<Vec<String>>,
    /// The kind of table; `None` when there is no header at all.
    pub kind: Option<TableKind>,
    /// Suggested field per column.
    pub mapping: Mapping,
    /// Numbers use a decimal comma.
    pub decimal_comma: bool,
    /// Order of day and month in `01/02/2024`.
    pub date_order: DateOrder,
    /// Whether `date_order` was seen in the data (a day above 12) rather
    /// than assumed.
    pub date_order_from_data: bool,
}

/// Sniffs the first bytes of a file (about [`HEAD_BYTES`]; the whole file
/// when it is smaller).
pub fn sniff(head: &[u8]) -> Sniff {
    sniff_with(head, &ImportOptions::default())
}

/// Like [`sniff`], but what `opts` fixes (encoding, delimiter, kind,
/// mapping, conventions) is taken as given, e.g. to redo the preview after
/// the user picked another delimiter.
pub fn sniff_with(head: &[u8], opts: &ImportOptions) -> Sniff {
    let gzip = is_gzip(head);
    let inflated;
    let raw = if gzip {
        let mut g = Gunzip::default();
        let mut out = Vec::new();
        // A head cut inside the stream inflates as far as it goes.
        let _ = g.push(head, &mut out);
        inflated = out;
        &inflated[..]
    } else {
        head
    };
    let encoding = opts.encoding.unwrap_or_else(|| detect_encoding(raw));
    let mut dec = Decoder::new(encoding);
    let text = dec.decode(raw, true).to_vec();

    let (sep_line, skip) = match sep_line(&text) {
        Some(d) => (Some(d), 1),
        None => (None, 0),
    };
    let delimiter = opts
        .delimiter
        .or(sep_line)
        .unwrap_or_else(|| detect_delimiter(&text, skip));

    let records = records(&text, delimiter, 2_000);
    let mut rows = records.into_iter().skip(skip as usize);
    let headers: Vec<String> = rows.next().unwrap_or_default();
    let data: Vec<Vec<String>> = rows.collect();

    let (kind, mapping) = if headers.is_empty() {
        (None, Mapping::default())
    } else {
        let (k, m) = suggest(&headers, opts.kind);
        (Some(k), opts.mapping.clone().unwrap_or(m))
    };

    let (mut comma, mut point, mut dmy, mut mdy) = (0, 0, 0, 0);
    for cell in data.iter().flatten() {
        match decimal_evidence(cell.as_bytes()) {
            Some(true) => comma += 1,
            Some(false) => point += 1,
            None => {}
        }
        match order_evidence(cell.as_bytes()) {
            Some(DateOrder::Dmy) => dmy += 1,
            Some(DateOrder::Mdy) => mdy += 1,
            None => {}
        }
    }
    let decimal_comma = opts
        .decimal_comma
        .unwrap_or(comma > point || (comma == point && delimiter == b';'));
    let from_data = dmy != mdy;
    let guessed = if dmy > mdy {
        DateOrder::Dmy
    } else if mdy > dmy {
        DateOrder::Mdy
    } else if decimal_comma || delimiter == b';' {
        DateOrder::Dmy
    } else {
        DateOrder::Mdy
    };
    Sniff {
        gzip,
        encoding,
        delimiter,
        skip,
        headers,
        preview: data.into_iter().take(PREVIEW_ROWS).collect(),
        kind,
        mapping,
        decimal_comma,
        date_order: opts.date_order.unwrap_or(guessed),
        date_order_from_data: opts.date_order.is_none() && from_data,
    }
}

/// Excel's `sep=;` first line names the delimiter.
fn sep_line(text: &[u8]) -> Option<u8> {
    let rest = text.strip_prefix(b"sep=")?;
    let d = *rest.first()?;
    matches!(rest.get(1), None | Some(b'\r') | Some(b'\n')).then_some(d)
}

/// The delimiter that splits the first lines into the most consistent
/// number of fields (more than one), preferring more fields on a tie.
fn detect_delimiter(text: &[u8], skip: u32) -> u8 {
    let mut best = (0usize, 0usize, b',');
    for d in DELIMITERS {
        let mut counts = Vec::new();
        let mut t = Tokenizer::new(d);
        let mut sink = |r: &mut Record| {
            if counts.len() < 50 {
                counts.push(r.len());
            }
        };
        t.feed(&text[..text.len().min(16 * 1024)], &mut sink);
        let counts: Vec<usize> = counts.into_iter().skip(skip as usize).collect();
        let Some(&width) = counts.first() else {
            continue;
        };
        if width < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&n| n == width).count() * 1000 / counts.len();
        if (consistent, width) > (best.0, best.1) {
            best = (consistent, width, d);
        }
    }
    best.2
}

/// Up to `max` records as text (the last one may be cut by the head's end).
fn records(text: &[u8], delimiter: u8, max: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut t = Tokenizer::new(delimiter);
    let mut scratch = String::new();
    let mut sink = |r: &mut Record| {
        if out.len() < max {
            out.push(
                r.iter()
                    .map(|f| super::decode::field_str(f, &mut scratch).to_owned())
                    .collect(),
            );
        }
    };
    t.feed(text, &mut sink);
    let _ = t.finish(&mut sink);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        input: &[u8],
        delimiter: u8,
        decimal_comma: bool,
        order: DateOrder,
        kind: Option<TableKind>,
    ) {
        let s = sniff(input);
        assert_eq!(
            (s.delimiter, s.decimal_comma, s.date_order, s.kind),
            (delimiter, decimal_comma, order, kind),
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn sniffs_conventions() {
        use DateOrder::{Dmy, Mdy};
        use TableKind::*;
        check(
            b"email,event,ts\na@x,open,2024-01-02\n",
            b',',
            false,
            Mdy,
            Some(Events),
        );
        check(
            b"email;importe;fecha\na@x;12,50;25/03/2024\n",
            b';',
            true,
            Dmy,
            Some(Orders),
        );
        check(
            b"email\tamount\tdate\na@x\t1,234.50\t03/25/2024\n",
            b'\t',
            false,
            Mdy,
            Some(Orders),
        );
        check(b"email|name\na@x|Ana\n", b'|', false, Mdy, Some(Contacts));
        check(
            b"sep=;\nemail;name\na@x;Ana\n",
            b';',
            true,
            Dmy,
            Some(Contacts),
        );
        check(
            b"email,name\n\"a@x\",\"Lopez; Ana\"\n",
            b',',
            false,
            Mdy,
            Some(Contacts),
        );
        check(b"email\na@x\n", b',', false, Mdy, Some(Contacts));
        check(b"", b',', false, Mdy, None);
    }

    #[test]
    fn sniffs_preview_and_encoding() {
        let s = sniff(b"\xFF\xFEe\0m\0a\0i\0l\0;\0n\0\n\0a\0;\0\xF1\0\n\0");
        assert_eq!(s.encoding, Encoding::Utf16Le);
        assert_eq!(s.delimiter, b';');
        assert_eq!(s.headers, ["email", "n"]);
        assert_eq!(s.preview, [["a", "ñ"]]);
    }
}
