//! A streaming CSV tokenizer over UTF-8 bytes.
//!
//! Input arrives in chunks that may split anywhere (inside a quoted field,
//! between the CR and LF of a line ending); the tokenizer keeps its state
//! between calls and hands each complete record to a callback. Fields are
//! copied into one reusable buffer, so a record costs no allocation once the
//! buffer has grown to the widest row.
//!
//! Dialect: one delimiter byte, `"` quotes, `""` inside quotes is a quote,
//! LF, CRLF and CR all end a record, blank lines are skipped. It is lenient
//! the way spreadsheet exports need: a quote inside an unquoted field and
//! text after a closing quote are kept literally.

/// One record: its fields back to back in one buffer.
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
    #[inline]
    pub fn get(&self, i: usize) -> &[u8] {
        match self.ends.get(i) {
            Some(&end) => {
                let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
                // An oversized record dropped its bytes: its fields read empty.
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

    fn clear(&mut self, line: u64) {
        self.bytes.clear();
        self.ends.clear();
        self.line = line;
        self.oversized = false;
    }

    /// Appends field bytes, giving up on a record past `max` bytes so that
    /// a runaway quote or a file without line endings cannot exhaust memory.
    #[inline]
    fn append(&mut self, bytes: &[u8], max: usize) {
        if self.oversized {
            return;
        }
        if self.bytes.len() + bytes.len() > max {
            self.oversized = true;
            self.bytes = Vec::new();
            return;
        }
        self.bytes.extend_from_slice(bytes);
    }

    #[inline]
    fn end_field(&mut self) {
        // A record over 4 GiB cannot be addressed; saturating keeps the
        // tokenizer total (the row will fail its field checks instead).
        self.ends
            .push(u32::try_from(self.bytes.len()).unwrap_or(u32::MAX));
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

/// The index of the first of `a`, `b`, `c` in `s[i..]`, or `s.len()`.
/// Fields are short, so eight bytes at a time (SWAR) beats both a byte loop
/// and `memchr3`'s setup.
#[inline]
fn skip_until3(s: &[u8], mut i: usize, a: u8, b: u8, c: u8) -> usize {
    while let Some(word) = s.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w);
        let hit = bytes_equal(x, a) | bytes_equal(x, b) | bytes_equal(x, c);
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < s.len() && s[i] != a && s[i] != b && s[i] != c {
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
    AfterQuote,
}

/// The longest record kept, in bytes; longer ones are reported instead.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

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
    rec: Record,
    /// Line of the next byte.
    line: u64,
    quote_line: u64,
    /// Whether the last byte of the previous chunk was CR, so an LF that
    /// starts this chunk belongs to the same line ending.
    last_was_cr: bool,
    /// Whether the input so far ends with a line ending.
    ends_with_newline: bool,
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
            rec: Record::default(),
            line: 1,
            quote_line: 1,
            last_was_cr: false,
            ends_with_newline: false,
        }
    }

    /// The line number of the next byte to be read.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads `input`, calling `sink` for every record it completes. The sink
    /// may take the record's buffers (e.g. swap it with a spare record): the
    /// tokenizer clears whatever it gets back before the next record.
    pub fn feed(&mut self, input: &[u8], sink: &mut impl FnMut(&mut Record)) {
        let n = input.len();
        let mut i = 0;
        while i < n {
            match self.state {
                State::StartRecord => {
                    let b = input[i];
                    if b == b'\n' {
                        if !self.prev_is_cr(input, i) {
                            self.line += 1;
                        }
                        i += 1;
                    } else if b == b'\r' {
                        self.line += 1;
                        i += 1;
                    } else {
                        self.rec.clear(self.line);
                        self.state = State::StartField;
                    }
                }
                State::StartField => {
                    if input[i] == b'"' {
                        self.state = State::InQuoted;
                        self.quote_line = self.line;
                        i += 1;
                    } else {
                        i = self.plain(input, i, sink);
                    }
                }
                State::InField => i = self.plain(input, i, sink),
                State::InQuoted => {
                    let start = i;
                    i = skip_until3(input, i, b'"', b'\n', b'\r');
                    self.rec.append(&input[start..i], self.max_record);
                    if i == n {
                        break;
                    }
                    let b = input[i];
                    match b {
                        b'"' => self.state = State::AfterQuote,
                        b'\n' => {
                            if !self.prev_is_cr(input, i) {
                                self.line += 1;
                            }
                            self.rec.append(&[b], self.max_record);
                        }
                        _ => {
                            self.line += 1;
                            self.rec.append(&[b], self.max_record);
                        }
                    }
                    i += 1;
                }
                State::AfterQuote => {
                    if input[i] == b'"' {
                        self.rec.append(b"\"", self.max_record);
                        self.state = State::InQuoted;
                        i += 1;
                    } else {
                        self.state = State::InField;
                    }
                }
            }
        }
        if let Some(&last) = input.last() {
            self.last_was_cr = last == b'\r';
            self.ends_with_newline = last == b'\r' || last == b'\n';
        }
    }

    /// Ends the input: completes a last record that had no line ending, or
    /// reports a quoted field that was never closed (its record is dropped
    /// and described by the returned value).
    pub fn finish(&mut self, sink: &mut impl FnMut(&mut Record)) -> Option<Unterminated> {
        let state = std::mem::replace(&mut self.state, State::StartRecord);
        match state {
            State::StartRecord => None,
            State::InQuoted => Some(Unterminated {
                record_line: self.rec.line,
                quote_line: self.quote_line,
                last_line: if self.ends_with_newline {
                    self.line - 1
                } else {
                    self.line
                },
            }),
            State::StartField | State::InField | State::AfterQuote => {
                self.rec.end_field();
                sink(&mut self.rec);
                None
            }
        }
    }

    /// Reads unquoted fields from `i`: the whole rest of the record while
    /// no field starts with a quote, so common rows take one tight loop.
    #[inline]
    fn plain(&mut self, input: &[u8], mut i: usize, sink: &mut impl FnMut(&mut Record)) -> usize {
        let n = input.len();
        loop {
            let start = i;
            i = skip_until3(input, i, self.delimiter, b'\n', b'\r');
            self.rec.append(&input[start..i], self.max_record);
            if i == n {
                self.state = State::InField;
                return i;
            }
            let b = input[i];
            i += 1;
            self.rec.end_field();
            if b == self.delimiter {
                if i < n && input[i] != b'"' {
                    continue;
                }
                self.state = State::StartField;
                return i;
            }
            // CR or LF: an LF right after this CR is skipped by StartRecord
            // through `prev_is_cr`.
            self.line += 1;
            self.state = State::StartRecord;
            sink(&mut self.rec);
            return i;
        }
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

    fn check(input: &str, expected: &[&str]) {
        let whole = run(input, b',', &[]);
        assert_eq!(whole, expected, "input {input:?}");
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

    #[test]
    fn finds_stop_bytes_eight_at_a_time() {
        let check = |s: &str, from: usize, e: usize| {
            assert_eq!(
                skip_until3(s.as_bytes(), from, b',', b'\n', b'\r'),
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
        for i in 0..20 {
            let mut s = "x".repeat(20);
            s.replace_range(i..=i, "\r");
            check(&s, 0, i);
        }
    }

    #[test]
    fn flags_oversized_records_and_goes_on() {
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
        t.feed(b"a,b\n\"0123456789\"\nabcdefghijk,x\nc\n", &mut sink);
        assert_eq!(out[0], "1:false:a|b");
        assert!(out[1].starts_with("2:true:"));
        assert!(out[2].starts_with("3:true:"));
        assert_eq!(out[3], "4:false:c");
    }

    #[test]
    fn other_delimiters() {
        assert_eq!(run("a;b,c\n", b';', &[]), ["1:a|b,c"]);
        assert_eq!(run("a\tb\n", b'\t', &[]), ["1:a|b"]);
        assert_eq!(run("a|\"b|c\"\n", b'|', &[]), ["1:a|b|c"]);
    }
}
