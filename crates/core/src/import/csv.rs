//! A streaming CSV tokenizer over UTF-8 bytes.
//!
//! Input arrives in chunks that may split anywhere (inside a quoted field,
//! between the CR and LF of a line ending); the tokenizer keeps its state
//! between calls and hands complete records over in batches
//! ([`Tokenizer::feed_batches`]). A field is a slice of the input itself:
//! bytes are copied only for a field that spans two chunks or holds `""`
//! escapes (into one buffer reused batch after batch; the rest of such a
//! batch is then copied next to them, so that a batch's fields all index
//! one buffer), so a record costs no allocation and, usually, no copy.
//! [`Tokenizer::feed`] hands out owned [`Record`]s one at a time for
//! callers that keep them.
//!
//! Ordinary records (no escapes, no line breaks inside quotes, whole in the
//! chunk) are read from SIMD bitmasks of the structural bytes, 64 bytes at a
//! time (`marks.rs`); a byte-level state machine reads everything else, and
//! the tests hold both to a byte-by-byte reference reading.
//!
//! Dialect: one delimiter byte, `"` quotes, `""` inside quotes is a quote,
//! LF, CRLF and CR all end a record, blank lines are skipped. It is lenient
//! the way spreadsheet exports need: a quote inside an unquoted field and
//! text after a closing quote are kept literally.

use super::marks::{classify, prefix_xor, BLOCK};

/// A field span with this bit in its start indexes the tokenizer's own
/// buffer rather than the input.
const OWN: u32 = 1 << 31;

/// Input is tokenized in pieces of at most this many bytes, so that spans
/// fit in 31 bits whatever the caller passes at once.
const PIECE: usize = 1 << 30;

/// Records per batch: enough for the loader to overlap its look-ups, few
/// enough that a batch's fields stay in L1.
pub const BATCH: usize = 32;

/// Copied bytes after which a batch is handed over before it is full.
const OWN_SOFT_MAX: usize = 1 << 20;

/// The longest record kept, in bytes; longer ones are reported instead.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

type Span = (u32, u32);

#[inline]
fn resolve<'a>(input: &'a [u8], own: &'a [u8], (start, end): Span) -> &'a [u8] {
    let (buf, start) = if start & OWN != 0 {
        (own, start & !OWN)
    } else {
        (input, start)
    };
    buf.get(start as usize..end as usize).unwrap_or(&[])
}

/// Makes the fields `spans` of a batch index one buffer, which it returns:
/// the input when no field was copied (`own` is empty; a copied field then
/// is empty, and its span reads empty in the input too), else `joined`,
/// filled with the part of the input the fields lie in and then `own`,
/// with every span moved to match (one that reads empty to `(0, 0)`).
/// Batches with copied fields are rare (escapes, chunk ends), and the
/// loader's every cell read saves the choice of buffer.
fn one_buffer<'b>(
    input: &'b [u8],
    own: &[u8],
    joined: &'b mut Vec<u8>,
    spans: &mut [Span],
) -> &'b [u8] {
    if own.is_empty() {
        return input;
    }
    let plain = |(start, end): Span, len: usize| start < end && end as usize <= len;
    let (mut lo, mut hi) = (u32::MAX, 0);
    for &(start, end) in spans.iter() {
        if start & OWN == 0 && plain((start, end), input.len()) {
            lo = lo.min(start);
            hi = hi.max(end);
        }
    }
    let lo = lo.min(hi);
    joined.clear();
    joined.extend_from_slice(input.get(lo as usize..hi as usize).unwrap_or(&[]));
    joined.extend_from_slice(own);
    let base = hi - lo;
    for span in spans.iter_mut() {
        let (start, end) = *span;
        *span = if start & OWN == 0 {
            if plain((start, end), input.len()) {
                (start - lo, end - lo)
            } else {
                (0, 0)
            }
        } else if plain((start & !OWN, end), own.len()) {
            ((start & !OWN) + base, end + base)
        } else {
            (0, 0)
        };
    }
    joined
}

/// One record of a [`Batch`]: its fields borrow the input chunk.
#[derive(Clone, Copy, Debug)]
pub struct RecordRef<'a> {
    /// What every span of the batch indexes (see [`one_buffer`]); empty
    /// for an oversized record, whose fields then all read empty without
    /// a test of their own.
    buf: &'a [u8],
    spans: &'a [Span],
    /// Borrowed from the [`Batch`]: a record is five words to make.
    meta: &'a Meta,
}

impl<'a> RecordRef<'a> {
    /// The number of fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the record has no field.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The 1-based physical line the record starts on.
    #[inline]
    pub fn line(&self) -> u64 {
        self.meta.line
    }

    /// Field `i` as raw bytes (empty when the record is shorter, or
    /// oversized).
    #[inline(always)]
    pub fn get(&self, i: usize) -> &'a [u8] {
        // The loader reads every cell through here: one buffer, so no
        // choice of buffer, and no branch on `oversized` (see `buf`).
        match self.spans.get(i) {
            Some(&(start, end)) => self.buf.get(start as usize..end as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }

    /// Whether the record outgrew [`MAX_RECORD_BYTES`]; its fields read
    /// empty and it must be reported, not loaded.
    #[inline]
    pub fn is_oversized(&self) -> bool {
        self.meta.oversized
    }
}

#[derive(Clone, Copy, Debug)]
struct Meta {
    first: u32,
    end: u32,
    line: u64,
    oversized: bool,
}

/// Up to [`BATCH`] consecutive records, in file order.
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a> {
    /// A record's [`RecordRef::buf`], indexed by whether it is oversized.
    bufs: [&'a [u8]; 2],
    spans: &'a [Span],
    metas: &'a [Meta],
}

impl<'a> Batch<'a> {
    /// `spans` (those of `metas`) all index `buf` (see [`one_buffer`]).
    #[inline]
    fn new(buf: &'a [u8], spans: &'a [Span], metas: &'a [Meta]) -> Self {
        Batch {
            bufs: [buf, &[]],
            spans,
            metas,
        }
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// Whether the batch holds no record.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// Record `k` (`k < len()`).
    #[inline]
    pub fn get(&self, k: usize) -> RecordRef<'a> {
        let m = &self.metas[k];
        RecordRef {
            buf: self.bufs[usize::from(m.oversized)],
            spans: &self.spans[m.first as usize..m.end as usize],
            meta: m,
        }
    }

    /// Every record in order.
    pub fn iter(&self) -> impl Iterator<Item = RecordRef<'a>> + '_ {
        (0..self.len()).map(move |k| self.get(k))
    }
}

/// One record with its fields copied out, for callers that keep records
/// ([`Tokenizer::feed`]).
#[derive(Clone, Debug, Default)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<u32>,
    line: u64,
    oversized: bool,
}

impl Record {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The 1-based physical line the record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Field `i` as raw bytes (empty when the record is shorter).
    pub fn get(&self, i: usize) -> &[u8] {
        match self.ends.get(i) {
            Some(&end) => {
                let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
                self.bytes.get(start..end as usize).unwrap_or(&[])
            }
            None => &[],
        }
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }

    /// Whether the record outgrew [`MAX_RECORD_BYTES`]; its fields were
    /// dropped and it must be reported, not loaded.
    pub fn is_oversized(&self) -> bool {
        self.oversized
    }

    fn fill(&mut self, r: &RecordRef<'_>) {
        self.bytes.clear();
        self.ends.clear();
        self.line = r.line();
        self.oversized = r.is_oversized();
        for f in r.iter() {
            self.bytes.extend_from_slice(f);
            // The record is at most MAX_RECORD_BYTES long unless oversized,
            // and an oversized one has empty fields.
            self.ends
                .push(u32::try_from(self.bytes.len()).unwrap_or(u32::MAX));
        }
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `x` equal to `b`. Bits above the first
/// match may be false positives (borrows), so only the lowest is exact.
#[inline]
fn bytes_equal(x: u64, b: u8) -> u64 {
    let y = x ^ (LO * u64::from(b));
    y.wrapping_sub(LO) & !y & HI
}

/// The index of the first `a`, LF or CR in `s[i..]`, or `s.len()`.
/// Fields are short, so eight bytes at a time (SWAR) beats both a byte loop
/// and `memchr3`'s setup. LF and CR are found together as "a byte below
/// 0x0E" (one test instead of two); the rare other control byte that
/// passes it is stepped over.
#[inline]
fn skip_to_stop(s: &[u8], mut i: usize, a: u8) -> usize {
    const BELOW_0E: u64 = LO * 0x0E;
    while let Some(word) = s.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w);
        // Bytes of 0x80 and up never pass (`!x`); only bits above the
        // lowest true hit can be borrows.
        let hit = bytes_equal(x, a) | (x.wrapping_sub(BELOW_0E) & !x & HI);
        if hit == 0 {
            i += 8;
            continue;
        }
        let j = i + (hit.trailing_zeros() / 8) as usize;
        if matches!(s[j], b'\n' | b'\r') || s[j] == a {
            return j;
        }
        i = j + 1;
    }
    while i < s.len() && s[i] != a && s[i] != b'\n' && s[i] != b'\r' {
        i += 1;
    }
    i
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    InField,
    InQuoted,
    /// A closing quote ended the previous chunk; what follows decides
    /// whether it was an escape, the field's end or literal text.
    AfterQuote,
}

/// A quoted field still open when the input ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unterminated {
    /// Line of the record that holds the open quote.
    pub record_line: u64,
    /// Line the quote was opened on.
    pub quote_line: u64,
    /// Last line of the input.
    pub last_line: u64,
}

/// The streaming tokenizer; see the module docs for the dialect.
#[derive(Clone, Debug)]
pub struct Tokenizer {
    delimiter: u8,
    max_record: usize,
    state: State,
    /// Line of the next byte.
    line: u64,
    quote_line: u64,
    /// Whether the last byte of the previous chunk was CR, so an LF that
    /// starts this chunk belongs to the same line ending.
    last_was_cr: bool,
    /// Whether the input so far ends with a line ending.
    ends_with_newline: bool,
    /// Fields of the records of the batch being filled, then of the record
    /// being read.
    spans: Vec<Span>,
    metas: Vec<Meta>,
    /// Copied field bytes (see [`OWN`]).
    own: Vec<u8>,
    spare: Vec<u8>,
    /// A batch's fields in one buffer when some were copied (see
    /// [`one_buffer`]).
    joined: Vec<u8>,
    /// The record being read: its first span, line, content bytes so far.
    rec_first: usize,
    rec_line: u64,
    rec_bytes: usize,
    /// Where in `own` the current field's bytes start once it had to be
    /// copied (an escape, a chunk boundary); `None` while it is a slice.
    field_own: Option<usize>,
    /// A spare record for [`Tokenizer::feed`].
    owned: Record,
    /// Bytes copied or moved at chunk ends, so a test can tell that a
    /// record spanning many chunks is not copied again at each of them.
    handed_over: u64,
}

impl Tokenizer {
    /// A tokenizer for `delimiter`, starting at line 1.
    pub fn new(delimiter: u8) -> Self {
        Self::with_max_record(delimiter, MAX_RECORD_BYTES)
    }

    /// Like [`Tokenizer::new`] with another record size limit.
    pub fn with_max_record(delimiter: u8, max_record: usize) -> Self {
        Tokenizer {
            delimiter,
            max_record,
            state: State::StartRecord,
            line: 1,
            quote_line: 1,
            last_was_cr: false,
            ends_with_newline: false,
            spans: Vec::new(),
            metas: Vec::new(),
            own: Vec::new(),
            spare: Vec::new(),
            joined: Vec::new(),
            rec_first: 0,
            rec_line: 1,
            rec_bytes: 0,
            field_own: None,
            owned: Record::default(),
            handed_over: 0,
        }
    }

    /// The line number of the next byte to be read.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Counts lines from `by` further on: for a part of a file read apart
    /// from the lines before it, once their number is known.
    pub fn shift_lines(&mut self, by: u64) {
        self.line += by;
        self.rec_line += by;
        self.quote_line += by;
    }

    /// Whether the input so far ends exactly at the end of a record (or
    /// is empty): not inside a field, let alone a quoted one.
    pub fn at_record_start(&self) -> bool {
        matches!(self.state, State::StartRecord)
    }

    /// Reads `input`, calling `sink` with an owned copy of every record it
    /// completes. The sink may take the record's buffers (e.g. swap it with
    /// a spare record): whatever it leaves is refilled for the next one.
    pub fn feed(&mut self, input: &[u8], sink: &mut impl FnMut(&mut Record)) {
        let mut owned = std::mem::take(&mut self.owned);
        self.feed_batches(input, &mut |batch| {
            for r in batch.iter() {
                owned.fill(&r);
                sink(&mut owned);
            }
        });
        self.owned = owned;
    }

    /// Reads `input`, calling `sink` with every batch of records it
    /// completes; the records borrow `input` and live until `sink` returns.
    pub fn feed_batches(&mut self, input: &[u8], sink: &mut impl FnMut(&Batch<'_>)) {
        for piece in input.chunks(PIECE) {
            self.feed_piece(piece, sink);
        }
    }

    /// Ends the input: completes a last record that had no line ending, or
    /// reports a quoted field that was never closed (its record is dropped
    /// and described by the returned value).
    pub fn finish(&mut self, sink: &mut impl FnMut(&mut Record)) -> Option<Unterminated> {
        let mut owned = std::mem::take(&mut self.owned);
        let u = self.finish_batches(&mut |batch| {
            for r in batch.iter() {
                owned.fill(&r);
                sink(&mut owned);
            }
        });
        self.owned = owned;
        u
    }

    /// [`Tokenizer::finish`] for [`Tokenizer::feed_batches`].
    pub fn finish_batches(&mut self, sink: &mut impl FnMut(&Batch<'_>)) -> Option<Unterminated> {
        let state = std::mem::replace(&mut self.state, State::StartRecord);
        match state {
            State::StartRecord => None,
            State::InQuoted => {
                self.spans.clear();
                self.own.clear();
                self.field_own = None;
                Some(Unterminated {
                    record_line: self.rec_line,
                    quote_line: self.quote_line,
                    last_line: if self.ends_with_newline {
                        self.line - 1
                    } else {
                        self.line
                    },
                })
            }
            State::StartField | State::InField | State::AfterQuote => {
                // Whatever the field had was copied when its chunk ended.
                self.end_field(&[], 0, 0);
                self.end_record(&[], sink);
                self.hand_over(&[], sink);
                None
            }
        }
    }

    fn feed_piece(&mut self, input: &[u8], sink: &mut impl FnMut(&Batch<'_>)) {
        let n = input.len();
        let delim = self.delimiter;
        let mut i = 0;
        // Start of the current field's bytes in `input`: a field carried
        // over from the previous chunk goes on from 0.
        let mut fs = 0;
        while i < n {
            match self.state {
                State::StartRecord => {
                    i = self.fast_records(input, i, sink);
                    let Some(&b) = input.get(i) else {
                        break;
                    };
                    if b == b'\n' {
                        if !self.prev_is_cr(input, i) {
                            self.line += 1;
                        }
                        i += 1;
                    } else if b == b'\r' {
                        self.line += 1;
                        i += 1;
                    } else {
                        self.begin_record();
                        self.state = State::StartField;
                    }
                }
                State::StartField => {
                    if input[i] == b'"' {
                        self.quote_line = self.line;
                        i += 1;
                        self.state = State::InQuoted;
                    } else {
                        self.state = State::InField;
                    }
                    fs = i;
                }
                State::InField => {
                    i = skip_to_stop(input, i, delim);
                    if i == n {
                        break;
                    }
                    self.end_field(input, fs, i);
                    i = self.after_field(input, i, sink);
                }
                State::InQuoted => {
                    i = skip_to_stop(input, i, b'"');
                    if i == n {
                        break;
                    }
                    match input[i] {
                        b'"' => {
                            let q = i;
                            i += 1;
                            let Some(&b) = input.get(i) else {
                                self.carry(input, fs, q);
                                self.state = State::AfterQuote;
                                break;
                            };
                            if b == b'"' {
                                // An escaped quote: keep one, copy from here on.
                                self.carry(input, fs, i);
                                i += 1;
                                fs = i;
                            } else if b == delim || b == b'\n' || b == b'\r' {
                                self.end_field(input, fs, q);
                                i = self.after_field(input, i, sink);
                            } else {
                                // Text after the closing quote is kept.
                                self.carry(input, fs, q);
                                fs = i;
                                self.state = State::InField;
                            }
                        }
                        b'\n' => {
                            if !self.prev_is_cr(input, i) {
                                self.line += 1;
                            }
                            i += 1;
                        }
                        _ => {
                            self.line += 1;
                            i += 1;
                        }
                    }
                }
                State::AfterQuote => {
                    if input[i] == b'"' {
                        self.carry(b"\"", 0, 1);
                        i += 1;
                        self.state = State::InQuoted;
                    } else {
                        // A delimiter or line end closes the (copied) field
                        // at once in `InField`; anything else is kept.
                        self.state = State::InField;
                    }
                    fs = i;
                }
            }
        }
        if matches!(self.state, State::InField | State::InQuoted) {
            self.carry(input, fs, n);
        }
        if let Some(&last) = input.last() {
            self.last_was_cr = last == b'\r';
            self.ends_with_newline = last == b'\r' || last == b'\n';
        }
        self.hand_over(input, sink);
    }

    #[inline]
    fn begin_record(&mut self) {
        self.rec_first = self.spans.len();
        self.rec_line = self.line;
        self.rec_bytes = 0;
        self.field_own = None;
    }

    /// Reads the ordinary records from `start`, a record start, in one
    /// tight loop over the structural marks of 64-byte blocks: fields plain
    /// or quoted without escapes or line breaks, records within the size
    /// limit and ended inside `input`; blank lines too. Returns where it
    /// stopped: the end of `input`, or the start of a record for the state
    /// machine to read.
    ///
    /// The quotes' running parity (prefix XOR) tells which delimiters and
    /// line ends are inside quotes. It is right as long as every quote so
    /// far opens a field (parity set, a separator before it) or closes one
    /// (parity clear, a separator after it). The first quote that does
    /// neither, or a line end inside quotes, is "odd": the walk stops there
    /// and leaves that record to the state machine.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    fn fast_records(
        &mut self,
        input: &[u8],
        start: usize,
        sink: &mut impl FnMut(&Batch<'_>),
    ) -> usize {
        let n = input.len();
        let delim = self.delimiter;
        // The marks cannot tell these delimiters apart, and a NUL one
        // would mark the zeros that pad the last block.
        if matches!(delim, b'"' | b'\n' | b'\r' | 0) {
            return start;
        }
        // Kept in locals (registers) for the loop, given back at the end.
        // `spans[..ns]` are the batch's fields: a field is a store and an
        // increment, not a `Vec::push` (its capacity test and length kept
        // in memory cost ~10 instructions per field); every block first
        // makes room for its at most `BLOCK` fields.
        let mut spans = std::mem::take(&mut self.spans);
        let mut ns = spans.len();
        let mut metas = std::mem::take(&mut self.metas);
        let mut line = self.line;
        let mut rec_first = ns;
        // Start of the record and of the field being read.
        let (mut rec, mut fs) = (start, start);
        // Carried from the block before, in bit 0 (all bits for
        // `in_quotes`): whether it ended inside quotes, with a separator,
        // with a quote, with a closing quote (which a separator must follow).
        let mut in_quotes = 0u64;
        let mut sep_before = 1u64;
        let mut quote_before = 0u64;
        let mut close_before = 0u64;
        let mut pad = [0u8; BLOCK];
        let mut base = start;
        // Room for two blocks to start with: the loop's first test then
        // passes for a call that reads a record or two, as in a file of
        // escapes, which comes back here after every record, and each time
        // the spans are cut back below (the loop's 576 spans per record
        // were 4,600 instructions a row).
        if spans.len() - ns < 2 * BLOCK {
            spans.resize(ns + 2 * BLOCK, (0, 0));
        }
        'blocks: while base < n {
            let block = match input[base..].first_chunk::<BLOCK>() {
                Some(block) => block,
                None => {
                    // Zeros mark nothing: the record running into them is
                    // unfinished and left to the state machine.
                    pad[..n - base].copy_from_slice(&input[base..]);
                    &pad
                }
            };
            // Room for the block, plus a batch of 16-field records so
            // that a batch of the usual width grows the buffer once.
            if spans.len() - ns < BLOCK {
                spans.resize(ns + BATCH * 16 + BLOCK, (0, 0));
            }
            let m = classify(block, delim);
            let sep = m.delim | m.newline;
            let inside = prefix_xor(m.quote) ^ in_quotes;
            in_quotes = ((inside as i64) >> 63) as u64;
            let (open, close) = (m.quote & inside, m.quote & !inside);
            // A closing quote in bit 63 is checked against the next block.
            let odd = open & !(sep << 1 | sep_before)
                | close & !(sep >> 1 | 1 << 63)
                | close_before & !sep
                | m.newline & inside;
            // Bit i: byte i - 1 is a quote, so the field ending at i was
            // quoted (an unquoted one cannot end with a quote unless odd).
            let quoted = m.quote << 1 | quote_before;
            sep_before = sep >> 63;
            quote_before = m.quote >> 63;
            close_before = close >> 63;
            // The bits below the first odd one (all when there is none).
            let usable = odd.wrapping_sub(1) & !odd;
            let mut delims = m.delim & !inside & usable;
            let mut ends = m.newline & !inside & usable;
            loop {
                // The fields ended by a delimiter before the next line end.
                let mut d = delims & (ends.wrapping_sub(1) & !ends);
                delims ^= d;
                while d != 0 {
                    let t = d.trailing_zeros();
                    d &= d - 1;
                    let p = base + t as usize;
                    let q = (quoted >> t & 1) as usize;
                    // Pieces are at most PIECE bytes, so this fits in 31 bits.
                    spans[ns] = ((fs + q) as u32, (p - q) as u32);
                    ns += 1;
                    fs = p + 1;
                }
                if ends == 0 {
                    break;
                }
                let t = ends.trailing_zeros();
                ends &= ends - 1;
                let p = base + t as usize;
                if p == rec {
                    // A blank line; CRLF is one line end.
                    if input[p] == b'\r' || !self.prev_is_cr(input, p) {
                        line += 1;
                    }
                    rec = p + 1;
                    fs = rec;
                    continue;
                }
                // Within the limit counting quotes and delimiters too; a
                // record longer than that is measured by the state machine.
                if p - rec > self.max_record {
                    break 'blocks;
                }
                let q = (quoted >> t & 1) as usize;
                spans[ns] = ((fs + q) as u32, (p - q) as u32);
                ns += 1;
                metas.push(Meta {
                    first: rec_first as u32,
                    end: ns as u32,
                    line,
                    oversized: false,
                });
                line += 1;
                rec = p + 1;
                fs = rec;
                rec_first = ns;
                if metas.len() >= BATCH {
                    let buf = one_buffer(input, &self.own, &mut self.joined, &mut spans[..ns]);
                    sink(&Batch::new(buf, &spans[..ns], &metas));
                    metas.clear();
                    ns = 0;
                    self.own.clear();
                    rec_first = 0;
                }
            }
            if odd != 0 {
                break;
            }
            base += BLOCK;
        }
        spans.truncate(rec_first);
        self.spans = spans;
        self.metas = metas;
        self.line = line;
        rec
    }

    /// After a field ended at the delimiter or line end at `i`: the next
    /// field, or the end of the record. Returns the next position.
    #[inline]
    fn after_field(&mut self, input: &[u8], i: usize, sink: &mut impl FnMut(&Batch<'_>)) -> usize {
        if input[i] == self.delimiter {
            self.state = State::StartField;
        } else {
            // CR or LF: an LF right after this CR is skipped by StartRecord
            // through `prev_is_cr`.
            self.line += 1;
            self.state = State::StartRecord;
            self.end_record(input, sink);
        }
        i + 1
    }

    /// Ends the current field with `input[fs..fe]` as its last bytes.
    #[inline]
    fn end_field(&mut self, input: &[u8], fs: usize, fe: usize) {
        if self.field_own.is_none() {
            self.rec_bytes += fe - fs;
            // Pieces are at most PIECE bytes, so this fits in 31 bits.
            self.spans.push((fs as u32, fe as u32));
            return;
        }
        self.carry(input, fs, fe);
        let start = self.field_own.take().unwrap_or_default();
        self.spans.push((start as u32 | OWN, self.own.len() as u32));
    }

    /// Copies `input[fs..fe]` to the end of the current field's own bytes,
    /// unless the record has outgrown the limit (then it is only counted).
    #[inline]
    fn carry(&mut self, input: &[u8], fs: usize, fe: usize) {
        if self.field_own.is_none() {
            self.field_own = Some(self.own.len());
        }
        let was_over = self.rec_bytes > self.max_record;
        self.rec_bytes = self.rec_bytes.saturating_add(fe - fs);
        if self.rec_bytes <= self.max_record {
            self.own.extend_from_slice(&input[fs..fe]);
        } else if !was_over {
            // A runaway quote must not grow memory: drop what was copied.
            if let Some(start) = self.field_own {
                self.own.truncate(start);
            }
        }
    }

    #[inline]
    fn end_record(&mut self, input: &[u8], sink: &mut impl FnMut(&Batch<'_>)) {
        self.metas.push(Meta {
            first: self.rec_first as u32,
            end: self.spans.len() as u32,
            line: self.rec_line,
            oversized: self.rec_bytes > self.max_record,
        });
        self.rec_first = self.spans.len();
        if self.metas.len() >= BATCH || self.own.len() >= OWN_SOFT_MAX {
            self.emit(input, sink);
            self.spans.clear();
            self.own.clear();
            self.rec_first = 0;
        }
    }

    fn emit(&mut self, input: &[u8], sink: &mut impl FnMut(&Batch<'_>)) {
        // The spans after the last record's are the record still being
        // read: left as they are.
        let end = self.metas.last().map_or(0, |m| m.end as usize);
        let done = self.spans.get_mut(..end).unwrap_or_default();
        let buf = one_buffer(input, &self.own, &mut self.joined, done);
        sink(&Batch::new(buf, &self.spans, &self.metas));
        self.metas.clear();
    }

    /// At the end of a chunk: hands over the complete records and copies
    /// the one still being read out of the chunk.
    fn hand_over(&mut self, input: &[u8], sink: &mut impl FnMut(&Batch<'_>)) {
        let completed = !self.metas.is_empty();
        if completed {
            self.emit(input, sink);
        }
        if self.state == State::StartRecord {
            self.spans.clear();
            self.own.clear();
            self.rec_first = 0;
            return;
        }
        let over = self.rec_bytes > self.max_record;
        if !completed && self.rec_first == 0 && !over {
            self.keep_in_place(input);
            return;
        }
        let mut own = std::mem::take(&mut self.spare);
        own.clear();
        for span in &mut self.spans[self.rec_first..] {
            let start = own.len();
            if !over {
                own.extend_from_slice(resolve(input, &self.own, *span));
            }
            *span = (start as u32 | OWN, own.len() as u32);
        }
        if let Some(start) = self.field_own {
            let at = own.len();
            if !over {
                own.extend_from_slice(self.own.get(start..).unwrap_or(&[]));
            }
            self.field_own = Some(at);
        }
        self.handed_over += own.len() as u64;
        self.spans.drain(..self.rec_first);
        self.rec_first = 0;
        self.spare = std::mem::replace(&mut self.own, own);
    }

    /// [`Tokenizer::hand_over`] when `own` holds nothing but the record
    /// being read (no record ended since it was last emptied): only the
    /// fields still pointing into `input` are copied, in front of the field
    /// being read, which stays last for [`Tokenizer::carry`]. Copying the
    /// whole record again at every chunk made a record spanning many chunks
    /// (a wide header, a long quoted field, fed in small chunks) quadratic.
    fn keep_in_place(&mut self, input: &[u8]) {
        let tail = self.field_own.unwrap_or(self.own.len());
        let mut add = std::mem::take(&mut self.spare);
        add.clear();
        for span in &mut self.spans {
            if span.0 & OWN == 0 {
                let start = tail + add.len();
                add.extend_from_slice(resolve(input, &[], *span));
                *span = (start as u32 | OWN, (tail + add.len()) as u32);
            }
        }
        if !add.is_empty() {
            self.handed_over += (add.len() + self.own.len() - tail) as u64;
            self.own.splice(tail..tail, add.iter().copied());
            if let Some(start) = &mut self.field_own {
                *start += add.len();
            }
        }
        self.spare = add;
    }

    #[inline]
    fn prev_is_cr(&self, input: &[u8], i: usize) -> bool {
        if i == 0 {
            self.last_was_cr
        } else {
            input[i - 1] == b'\r'
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokenizes `input` split at `splits` and renders each record as
    /// `line:field|field`, or `!quote@line` for an unterminated quote.
    fn run(input: &str, delimiter: u8, splits: &[usize]) -> Vec<String> {
        let mut t = Tokenizer::new(delimiter);
        let mut out = Vec::new();
        let mut sink = |r: &mut Record| {
            let fields: Vec<String> = r
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push(format!("{}:{}", r.line(), fields.join("|")));
        };
        let bytes = input.as_bytes();
        let mut prev = 0;
        for &s in splits.iter().chain(std::iter::once(&bytes.len())) {
            let s = s.clamp(prev, bytes.len());
            t.feed(&bytes[prev..s], &mut sink);
            prev = s;
        }
        if let Some(u) = t.finish(&mut sink) {
            out.push(format!("!quote@{}", u.quote_line));
        }
        out
    }

    /// Like `run`, through the batches: `line:field|field` per record.
    fn run_batched(input: &str, splits: &[usize]) -> Vec<String> {
        let mut t = Tokenizer::new(b',');
        let mut out = Vec::new();
        let mut sink = |b: &Batch<'_>| {
            assert!(!b.is_empty() && b.len() <= BATCH);
            for r in b.iter() {
                let fields: Vec<String> = r
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                out.push(format!("{}:{}", r.line(), fields.join("|")));
            }
        };
        let bytes = input.as_bytes();
        let mut prev = 0;
        for &s in splits.iter().chain(std::iter::once(&bytes.len())) {
            let s = s.clamp(prev, bytes.len());
            t.feed_batches(&bytes[prev..s], &mut sink);
            prev = s;
        }
        if let Some(u) = t.finish_batches(&mut sink) {
            out.push(format!("!quote@{}", u.quote_line));
        }
        out
    }

    fn check(input: &str, expected: &[&str]) {
        let whole = run(input, b',', &[]);
        assert_eq!(whole, expected, "input {input:?}");
        for s in 0..=input.len() {
            assert_eq!(
                run_batched(input, &[s]),
                expected,
                "batched, input {input:?} split at {s}"
            );
        }
        // Every single split point must give the same records.
        for s in 0..=input.len() {
            assert_eq!(
                run(input, b',', &[s]),
                expected,
                "input {input:?} split at {s}"
            );
        }
        let bytewise: Vec<usize> = (1..input.len()).collect();
        assert_eq!(
            run(input, b',', &bytewise),
            expected,
            "input {input:?} byte by byte"
        );
    }

    #[test]
    fn a_record_spanning_many_chunks_is_copied_once() {
        // A 10,000-column header and a long quoted field, fed 7 bytes at a
        // time: each chunk end copies what the chunk added to the record,
        // not the whole record read so far (which was quadratic).
        let header: Vec<String> = (0..10_000).map(|i| format!("col_{i:05}")).collect();
        let quoted = format!("\"{}\"\"{}\"", "x".repeat(30_000), "y".repeat(30_000));
        let input = format!("{}\n{quoted},b\n", header.join(","));
        let mut t = Tokenizer::new(b',');
        let mut records: Vec<Vec<Vec<u8>>> = Vec::new();
        for chunk in input.as_bytes().chunks(7) {
            t.feed(chunk, &mut |r: &mut Record| {
                records.push(r.iter().map(<[u8]>::to_vec).collect());
            });
        }
        assert!(t.finish(&mut |_: &mut Record| {}).is_none());
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].len(), 10_000);
        assert_eq!(records[0][9_999], b"col_09999");
        let field = format!("{}\"{}", "x".repeat(30_000), "y".repeat(30_000));
        assert_eq!(records[1], [field.as_bytes(), b"b"]);
        assert!(
            t.handed_over <= 3 * input.len() as u64,
            "{} bytes copied at chunk ends for {} bytes of input",
            t.handed_over,
            input.len()
        );
    }

    #[test]
    fn tokenizes() {
        check("", &[]);
        check("a", &["1:a"]);
        check("a,b,c", &["1:a|b|c"]);
        check("a,b\nc,d\n", &["1:a|b", "2:c|d"]);
        check("a,b\r\nc,d\r\n", &["1:a|b", "2:c|d"]);
        check("a,b\rc,d\r", &["1:a|b", "2:c|d"]);
        check("a\n\n\nb", &["1:a", "4:b"]);
        check("a\r\n\r\nb", &["1:a", "3:b"]);
        check("a\r\rb", &["1:a", "3:b"]);
        check("a,,b,", &["1:a||b|"]);
        check(",", &["1:|"]);
        check("\"a,b\",c", &["1:a,b|c"]);
        check("\"a\"\"b\"", &["1:a\"b"]);
        check("\"\"\"\"", &["1:\""]);
        check("\"\"", &["1:"]);
        check("\"a\nb\",c\nd", &["1:a\nb|c", "3:d"]);
        check("\"a\r\nb\"\r\nc", &["1:a\r\nb", "3:c"]);
        check("\"a\rb\"\rc", &["1:a\rb", "3:c"]);
        check("x\n\"a\n\nb\"\ny", &["1:x", "2:a\n\nb", "5:y"]);
        check("ab\"c,d", &["1:ab\"c|d"]);
        check("\"ab\"cd,e", &["1:abcd|e"]);
        check("\"open", &["!quote@1"]);
        check("a\n\"open\nmore", &["1:a", "!quote@2"]);
        check("é,ñ\n日本,x", &["1:é|ñ", "2:日本|x"]);
        check(" a , b ", &["1: a | b "]);
    }

    /// Tokenizes `input` in one chunk and tells, field by field, whether
    /// it is a slice of the input (`b`) or was copied (`c`).
    fn check_borrowed(input: &str, expected: &str) {
        let bytes = input.as_bytes();
        let range = bytes.as_ptr_range();
        let mut got = String::new();
        let mut t = Tokenizer::new(b',');
        let mut sink = |b: &Batch<'_>| {
            for r in b.iter() {
                for f in r.iter() {
                    let inside = range.contains(&f.as_ptr()) || f.is_empty();
                    got.push(if inside { 'b' } else { 'c' });
                }
                got.push(' ');
            }
        };
        t.feed_batches(bytes, &mut sink);
        t.finish_batches(&mut sink);
        assert_eq!(got.trim_end(), expected, "input {input:?}");
    }

    #[test]
    fn fields_borrow_the_input_unless_rewritten() {
        check_borrowed("a,b\nc,d\n", "bb bb");
        check_borrowed("\"a,b\",\"c\nd\"\n", "bb");
        // A batch with a copied field reads all its fields from one copy
        // (see `one_buffer`).
        check_borrowed("\"a\"\"b\",c\n", "cc");
        check_borrowed("\"ab\"cd,e\n", "cc");
        check_borrowed("ab\"c,d\n", "bb");
        // The last record has no line ending: finish() copied it out, and
        // the batch with it.
        check_borrowed("a,b\nc,d", "cc cc");
    }

    #[test]
    fn hands_over_full_batches() {
        let input: String = (0..100).map(|i| format!("{i},x\n")).collect();
        let mut sizes = Vec::new();
        let mut t = Tokenizer::new(b',');
        t.feed_batches(input.as_bytes(), &mut |b: &Batch<'_>| sizes.push(b.len()));
        t.finish_batches(&mut |b: &Batch<'_>| sizes.push(b.len()));
        assert_eq!(sizes, [32, 32, 32, 4]);
    }

    #[test]
    fn finds_stop_bytes_eight_at_a_time() {
        let check = |s: &str, from: usize, e: usize| {
            assert_eq!(
                skip_to_stop(s.as_bytes(), from, b','),
                e,
                "{s:?} from {from}"
            )
        };
        check("", 0, 0);
        check("abc", 0, 3);
        check("abcdefgh,", 0, 8);
        check("abcdefghijklmnop", 0, 16);
        check("a,b", 0, 1);
        check("a,b", 2, 3);
        check("abcdefg\n,", 0, 7);
        check("\u{1}\u{1}\u{1},\u{0}\u{2c}xxxx", 0, 3);
        check("ÿÿÿÿÿÿÿÿ\r", 0, 16);
        // Control bytes below 0x0E pass the quick test and are stepped over.
        check("a\tb\u{b}\u{c}\u{0}cd\u{9}\n", 0, 9);
        check(
            "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{b}\r",
            0,
            10,
        );
        for i in 0..20 {
            let mut s = "x".repeat(20);
            s.replace_range(i..=i, "\r");
            check(&s, 0, i);
        }
    }

    /// What a record reads as: its line and fields, or the line of an
    /// unterminated quote.
    #[derive(Debug, PartialEq)]
    enum Read {
        Record(u64, Vec<Vec<u8>>),
        Unterminated(u64),
    }

    /// The dialect of the module docs, byte by byte and in one piece: the
    /// reference the tokenizer's fast paths and chunking are held to.
    fn reference(input: &[u8], delim: u8) -> Vec<Read> {
        let n = input.len();
        let (mut out, mut i, mut line) = (Vec::new(), 0, 1u64);
        // A line ending at `i`: CRLF is one.
        let newline = |i: &mut usize, line: &mut u64| {
            if input[*i] == b'\r' && input.get(*i + 1) == Some(&b'\n') {
                *i += 1;
            }
            *i += 1;
            *line += 1;
        };
        loop {
            while i < n && matches!(input[i], b'\n' | b'\r') {
                newline(&mut i, &mut line);
            }
            if i >= n {
                return out;
            }
            let (rec_line, mut fields) = (line, Vec::new());
            loop {
                let mut f = Vec::new();
                if i < n && input[i] == b'"' {
                    let quote_line = line;
                    i += 1;
                    loop {
                        match input.get(i) {
                            None => {
                                out.push(Read::Unterminated(quote_line));
                                return out;
                            }
                            Some(b'"') if input.get(i + 1) == Some(&b'"') => {
                                f.push(b'"');
                                i += 2;
                            }
                            Some(b'"') => {
                                i += 1;
                                break;
                            }
                            Some(&b) if b == b'\n' || b == b'\r' => {
                                let from = i;
                                newline(&mut i, &mut line);
                                f.extend_from_slice(&input[from..i]);
                            }
                            Some(&b) => {
                                f.push(b);
                                i += 1;
                            }
                        }
                    }
                }
                // Unquoted text, or text after a closing quote: literal.
                while i < n && input[i] != delim && !matches!(input[i], b'\n' | b'\r') {
                    f.push(input[i]);
                    i += 1;
                }
                fields.push(f);
                if i < n && input[i] == delim {
                    i += 1;
                    continue;
                }
                break;
            }
            if i < n {
                newline(&mut i, &mut line);
            }
            out.push(Read::Record(rec_line, fields));
        }
    }

    /// The tokenizer's reading of `input` cut at `cuts`.
    fn tokenized(input: &[u8], delim: u8, cuts: &[usize]) -> Vec<Read> {
        tokenized_max(input, delim, cuts, MAX_RECORD_BYTES)
    }

    /// [`tokenized`] with a record size limit; an oversized record reads
    /// as its line and as many empty fields as it has.
    fn tokenized_max(input: &[u8], delim: u8, cuts: &[usize], max: usize) -> Vec<Read> {
        let mut t = Tokenizer::with_max_record(delim, max);
        let mut out = Vec::new();
        let mut sink = |r: &mut Record| {
            out.push(Read::Record(
                r.line(),
                r.iter().map(<[u8]>::to_vec).collect(),
            ));
        };
        let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
        cuts.sort_unstable();
        let mut prev = 0;
        for c in cuts.into_iter().chain(std::iter::once(input.len())) {
            t.feed(&input[prev..c], &mut sink);
            prev = c;
        }
        if let Some(u) = t.finish(&mut sink) {
            out.push(Read::Unterminated(u.quote_line));
        }
        out
    }

    /// The reference's reading with a record size limit: the content of
    /// a record longer than `max` bytes is dropped.
    fn reference_max(input: &[u8], delim: u8, max: usize) -> Vec<Read> {
        let mut out = reference(input, delim);
        for r in &mut out {
            if let Read::Record(_, fields) = r {
                if fields.iter().map(Vec::len).sum::<usize>() > max {
                    fields.iter_mut().for_each(Vec::clear);
                }
            }
        }
        out
    }

    /// CSV made of pieces that cross the tokenizer's 64-byte blocks: long
    /// plain and quoted fields (with delimiters, line ends and escapes
    /// inside), stray quotes, every line ending, blank lines.
    fn blocky_csv() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            6 => "[a-z]{0,70}".prop_map(String::into_bytes),
            4 => "[a-z,;\t]{0,70}".prop_map(|s| format!("\"{s}\"").into_bytes()),
            1 => "[a-z,\r\n\"]{0,70}".prop_map(|s| format!("\"{s}\"").into_bytes()),
            4 => Just(b",".to_vec()),
            1 => Just(b";".to_vec()),
            1 => Just(b"\t".to_vec()),
            2 => Just(b"\n".to_vec()),
            1 => Just(b"\r\n".to_vec()),
            1 => Just(b"\r".to_vec()),
            1 => Just(b"\"".to_vec()),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|p| p.concat())
    }

    /// Every odd case moved across the 64-byte block edges of the fast
    /// path: each snippet after 0 to 140 bytes of a plain first field.
    #[test]
    fn odd_quotes_at_every_block_offset() {
        let snippets = [
            "ab\"c,d\ne,\"f,g\"\n",
            "ab\"c,d\",e\n",
            "\"ab\"c,d\ne\n",
            "\"a\"\"b\",c\nd\n",
            "\"a\nb\",c\nd\n",
            "\"a\rb\"\r\nc\r\n",
            "\"\",\"\"\n\n\r\n,\n",
            "a,\"b,c\"\"\",d\n",
            "\"open,x\ny\n",
        ];
        for snippet in snippets {
            for pad in 0..140 {
                let input = format!("{},{snippet}", "x".repeat(pad));
                let bytes = input.as_bytes();
                assert_eq!(
                    tokenized(bytes, b',', &[]),
                    reference(bytes, b','),
                    "{input:?}"
                );
                let second = format!("h\n{input}");
                assert_eq!(
                    tokenized(second.as_bytes(), b',', &[]),
                    reference(second.as_bytes(), b','),
                    "{second:?}"
                );
            }
        }
    }

    #[test]
    fn reference_reads_the_documented_cases() {
        let check = |input: &str, want: Vec<Read>| {
            assert_eq!(reference(input.as_bytes(), b','), want, "{input:?}");
            assert_eq!(tokenized(input.as_bytes(), b',', &[]), want, "{input:?}");
        };
        let rec = |line: u64, fields: &[&str]| {
            Read::Record(line, fields.iter().map(|f| f.as_bytes().to_vec()).collect())
        };
        check(
            "a,\"b,\"\"c\"\"\"\r\n\r\nd",
            vec![rec(1, &["a", "b,\"c\""]), rec(3, &["d"])],
        );
        check("\"x\ny\"z,w\n", vec![rec(1, &["x\nyz", "w"])]);
        check("a\n\"b", vec![rec(1, &["a"]), Read::Unterminated(2)]);
        check("a,\n,", vec![rec(1, &["a", ""]), rec(2, &["", ""])]);
    }

    proptest::proptest! {
        /// `one_buffer` keeps what every span reads, whichever buffer it
        /// indexed and whether or not its range is valid.
        #[test]
        fn one_buffer_reads_every_span_as_before(
            input in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            own in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..20),
            raw in proptest::collection::vec(
                (proptest::bool::ANY, 0u32..48, 0u32..48),
                0..12,
            ),
        ) {
            let mut spans: Vec<Span> = raw
                .iter()
                .map(|&(copied, a, b)| (a | if copied { OWN } else { 0 }, b))
                .collect();
            let before: Vec<Vec<u8>> =
                spans.iter().map(|&sp| resolve(&input, &own, sp).to_vec()).collect();
            let mut joined = Vec::new();
            let buf = one_buffer(&input, &own, &mut joined, &mut spans);
            let after: Vec<Vec<u8>> = spans
                .iter()
                .map(|&(a, b)| buf.get(a as usize..b as usize).unwrap_or(&[]).to_vec())
                .collect();
            proptest::prop_assert_eq!(after, before);
        }

        /// Over random CSV-ish bytes (quotes, escapes, every line ending,
        /// blank lines) cut anywhere, the tokenizer reads what the
        /// byte-by-byte reference reads.
        #[test]
        fn tokenizer_matches_the_reference(
            input in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => proptest::prelude::Just(b'a'),
                    2 => proptest::prelude::Just(b'"'),
                    2 => proptest::prelude::Just(b','),
                    1 => proptest::prelude::Just(b';'),
                    1 => proptest::prelude::Just(b'\n'),
                    1 => proptest::prelude::Just(b'\r'),
                    1 => proptest::prelude::Just(b' '),
                    1 => proptest::prelude::Just(0xC3u8),
                    1 => 0u8..0x0F,
                ],
                0..200,
            ),
            cuts in proptest::collection::vec(0usize..200, 0..4),
            delim in proptest::prop_oneof![
                proptest::prelude::Just(b','),
                proptest::prelude::Just(b';'),
                proptest::prelude::Just(b'\t'),
            ],
        ) {
            proptest::prop_assert_eq!(tokenized(&input, delim, &cuts), reference(&input, delim));
        }

        /// The same over longer input whose fields and quotes cross the
        /// fast path's 64-byte blocks, with and without a small record
        /// size limit.
        #[test]
        fn tokenizer_matches_the_reference_across_blocks(
            input in blocky_csv(),
            cuts in proptest::collection::vec(0usize..3000, 0..3),
            delim in proptest::prop_oneof![
                proptest::prelude::Just(b','),
                proptest::prelude::Just(b';'),
                proptest::prelude::Just(b'\t'),
                proptest::prelude::Just(0u8),
            ],
            max in proptest::prop_oneof![
                proptest::prelude::Just(MAX_RECORD_BYTES),
                0usize..150,
            ],
        ) {
            proptest::prop_assert_eq!(
                tokenized_max(&input, delim, &cuts, max),
                reference_max(&input, delim, max)
            );
        }

        /// Well-formed quoted CSV, as writers produce it: every field
        /// quoted or not at random, escapes, line breaks inside quotes.
        #[test]
        fn quoted_csv_reads_back_field_for_field(
            rows in proptest::collection::vec(
                proptest::collection::vec(("[a-z ,;\"\r\n]{0,12}", proptest::bool::ANY), 1..6),
                1..20,
            ),
            crlf in proptest::bool::ANY,
            cuts in proptest::collection::vec(0usize..600, 0..4),
        ) {
            let mut csv = Vec::new();
            for row in &rows {
                for (k, (field, quote)) in row.iter().enumerate() {
                    if k > 0 {
                        csv.push(b',');
                    }
                    let must = field.is_empty() && row.len() == 1
                        || field.contains(['"', ',', '\r', '\n']);
                    if *quote || must {
                        csv.push(b'"');
                        csv.extend_from_slice(field.replace('"', "\"\"").as_bytes());
                        csv.push(b'"');
                    } else {
                        csv.extend_from_slice(field.as_bytes());
                    }
                }
                csv.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            }
            let got = tokenized(&csv, b',', &cuts);
            proptest::prop_assert_eq!(&got, &reference(&csv, b','));
            let fields: Vec<Vec<u8>> = got
                .into_iter()
                .flat_map(|r| match r {
                    Read::Record(_, f) => f,
                    Read::Unterminated(_) => Vec::new(),
                })
                .collect();
            let want: Vec<Vec<u8>> = rows
                .iter()
                .flatten()
                .map(|(f, _)| f.as_bytes().to_vec())
                .collect();
            proptest::prop_assert_eq!(fields, want);
        }

        /// The word-wise search finds what a byte scan finds, for any
        /// bytes (control bytes included) and any delimiter.
        #[test]
        fn stop_search_matches_a_byte_scan(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => proptest::prelude::any::<u8>(),
                    2 => 0u8..0x0F,
                    1 => proptest::prelude::Just(b','),
                ],
                0..80,
            ),
            from in 0usize..90,
            a in proptest::prop_oneof![
                proptest::prelude::Just(b','),
                proptest::prelude::Just(b'"'),
                proptest::prelude::Just(b'\t'),
                proptest::prelude::any::<u8>(),
            ],
        ) {
            let want = (from..bytes.len())
                .find(|&i| matches!(bytes[i], b'\n' | b'\r') || bytes[i] == a)
                .unwrap_or(bytes.len().max(from));
            proptest::prop_assert_eq!(skip_to_stop(&bytes, from, a), want);
        }
    }

    #[test]
    fn flags_oversized_records_and_goes_on() {
        let input: &[u8] = b"a,b\n\"0123456789\"\nabcdefghijk,x\n\"ab\"\"cdefgh\"\"\",y\nc\n";
        for split in 0..=input.len() {
            let mut t = Tokenizer::with_max_record(b',', 8);
            let mut out = Vec::new();
            let mut sink = |r: &mut Record| {
                let fields: Vec<String> = r
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                out.push(format!(
                    "{}:{}:{}",
                    r.line(),
                    r.is_oversized(),
                    fields.join("|")
                ));
            };
            t.feed(&input[..split], &mut sink);
            t.feed(&input[split..], &mut sink);
            assert!(t.finish(&mut sink).is_none());
            assert_eq!(
                out,
                [
                    "1:false:a|b",
                    "2:true:",
                    "3:true:|",
                    "4:true:|",
                    "5:false:c"
                ],
                "split at {split}"
            );
        }
    }

    #[test]
    fn other_delimiters() {
        assert_eq!(run("a\0b\0\n\0c", 0, &[]), ["1:a|b|", "2:|c"]);
        assert_eq!(run("a;b,c\n", b';', &[]), ["1:a|b,c"]);
        assert_eq!(run("a\tb\n", b'\t', &[]), ["1:a|b"]);
        assert_eq!(run("a|\"b|c\"\n", b'|', &[]), ["1:a|b|c"]);
    }
}
