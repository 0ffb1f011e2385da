//! Bytes to UTF-8: gzip detection and inflation, encoding detection and
//! streaming decoding. Both keep their state between chunks, so a chunk may
//! end inside a gzip block or a multi-byte character.

mod text;

use serde::{Deserialize, Serialize};
use std::io::Write;
use text::{push_char, windows_1252_to_utf8, Utf16};

/// A text encoding the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian (what Excel calls "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1252, which also reads Latin-1 (ISO-8859-1) text.
    Windows1252,
}

impl Encoding {
    /// The stable name used in the UI and the CLI.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// Parses a name or common label (`latin1`, `cp1252`, `utf16`, …).
    pub fn parse(label: &str) -> Option<Self> {
        let l = label.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Some(match l.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16le" | "utf-16" | "utf16" | "utf16le" | "unicode" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" | "ansi" => {
                Encoding::Windows1252
            }
            _ => return None,
        })
    }
}

/// Guesses the encoding of the first bytes of a file: a byte-order mark
/// wins; otherwise NUL bytes in every other position mean UTF-16 without a
/// mark; otherwise valid UTF-8 (a character cut at the end is allowed) means
/// UTF-8 and anything else is read as Windows-1252.
pub fn detect_encoding(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8;
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le;
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be;
    }
    let sample = &head[..head.len().min(4096) & !1];
    if sample.len() >= 4 {
        let pairs = sample.len() / 2;
        let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd_nul = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        // Text that is mostly ASCII has a NUL in every pair's high byte.
        if odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs {
            return Encoding::Utf16Le;
        }
        if even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs {
            return Encoding::Utf16Be;
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Streaming conversion of one encoding to UTF-8.
#[derive(Debug)]
pub struct Decoder {
    inner: Inner,
    at_start: bool,
    out: Vec<u8>,
}

#[derive(Debug)]
enum Inner {
    /// Passes through once its BOM is removed.
    Utf8,
    Utf16(Utf16),
    Windows1252,
}

impl Decoder {
    /// A decoder for `encoding`; a leading byte-order mark is removed.
    pub fn new(encoding: Encoding) -> Self {
        let inner = match encoding {
            Encoding::Utf8 => Inner::Utf8,
            Encoding::Utf16Le => Inner::Utf16(Utf16::new(false)),
            Encoding::Utf16Be => Inner::Utf16(Utf16::new(true)),
            Encoding::Windows1252 => Inner::Windows1252,
        };
        Decoder {
            inner,
            at_start: true,
            out: Vec::new(),
        }
    }

    /// Decodes the next chunk; `last` flushes a character cut at the end.
    /// UTF-8 input is returned as is (callers validate per field, see
    /// [`field_str`]), other encodings are converted with U+FFFD for bytes
    /// that are not text in them.
    pub fn decode<'a>(&'a mut self, input: &'a [u8], last: bool) -> &'a [u8] {
        match &mut self.inner {
            Inner::Utf8 if !self.at_start => input,
            Inner::Utf8 => {
                // The BOM may arrive split over chunks: hold the first bytes
                // until three are in or the input ends.
                self.out.extend_from_slice(input);
                if self.out.len() < 3 && !last {
                    return &[];
                }
                self.at_start = false;
                if self.out.starts_with(&[0xEF, 0xBB, 0xBF]) {
                    self.out.drain(..3);
                }
                &self.out
            }
            Inner::Utf16(dec) => {
                self.out.clear();
                let out = &mut self.out;
                dec.push(input, last, |c| push_char(out, c));
                &self.out
            }
            Inner::Windows1252 => {
                self.out.clear();
                windows_1252_to_utf8(input, &mut self.out);
                &self.out
            }
        }
    }
}

/// A field's bytes as text. Fields of a file read as UTF-8 can still hold a
/// stray Latin-1 byte past the detection window; such a field is read as
/// Windows-1252 (into `scratch`) rather than rejected or mangled. As in the
/// WHATWG `decode` it follows, a byte-order mark at the start of such a
/// field overrides Windows-1252.
pub fn field_str<'a>(bytes: &'a [u8], scratch: &'a mut String) -> &'a str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => {
            scratch.clear();
            if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
                scratch.push_str(&String::from_utf8_lossy(rest));
            } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                // The decoder drops the mark itself.
                Utf16::new(bytes[0] == 0xFE).push(bytes, true, |c| scratch.push(c));
            } else {
                scratch.extend(bytes.iter().map(|&b| text::windows_1252_char(b)));
            }
            scratch
        }
    }
}

/// Whether bytes start like a gzip member.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1F, 0x8B])
}

/// Streaming gzip inflation (several concatenated members are one stream).
pub struct Gunzip {
    inner: flate2::write::MultiGzDecoder<Vec<u8>>,
    failed: bool,
}

impl std::fmt::Debug for Gunzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gunzip")
            .field("failed", &self.failed)
            .finish()
    }
}

impl Default for Gunzip {
    fn default() -> Self {
        Gunzip {
            inner: flate2::write::MultiGzDecoder::new(Vec::new()),
            failed: false,
        }
    }
}

impl Gunzip {
    /// Inflates the next chunk into `out` (cleared first). After an error
    /// every later call returns nothing: the stream cannot be resynchronised.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        out.clear();
        if self.failed {
            return Ok(());
        }
        let res = self.inner.write_all(input);
        std::mem::swap(self.inner.get_mut(), out);
        res.map_err(|e| {
            self.failed = true;
            format!("the gzip data is corrupt ({e}); the rest of the file was not read")
        })
    }

    /// Flushes the end of the stream into `out` (cleared first); a stream
    /// that stops early is reported.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), String> {
        out.clear();
        if self.failed {
            return Ok(());
        }
        let res = self.inner.try_finish();
        std::mem::swap(self.inner.get_mut(), out);
        res.map_err(|e| format!("the gzip data ends early ({e}); the end of the file is missing"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(head: &[u8], expected: Encoding) {
        assert_eq!(detect_encoding(head), expected, "head {head:?}");
    }

    #[test]
    fn detects_encodings() {
        check(b"", Encoding::Utf8);
        check(b"email,ts\n", Encoding::Utf8);
        check(b"\xEF\xBB\xBFemail", Encoding::Utf8);
        check(b"\xFF\xFEe\0m\0", Encoding::Utf16Le);
        check(b"\xFE\xFF\0e\0m", Encoding::Utf16Be);
        check(b"e\0m\0a\0i\0l\0", Encoding::Utf16Le);
        check(b"\0e\0m\0a\0i\0l", Encoding::Utf16Be);
        check("año;niño".as_bytes(), Encoding::Utf8);
        check(b"a\xC3", Encoding::Utf8);
        check(b"a\xF1o;ni\xF1o", Encoding::Windows1252);
        check(b"caf\xE9\n", Encoding::Windows1252);
        check(b"\x80 euro", Encoding::Windows1252);
    }

    /// Decodes `bytes` split into `chunk`-byte pieces.
    fn decode_all(enc: Encoding, bytes: &[u8], chunk: usize) -> String {
        let mut d = Decoder::new(enc);
        let mut out = Vec::new();
        for piece in bytes.chunks(chunk.max(1)) {
            out.extend_from_slice(d.decode(piece, false));
        }
        out.extend_from_slice(d.decode(&[], true));
        String::from_utf8(out).expect("decoder output is UTF-8")
    }

    fn check_decode(enc: Encoding, bytes: &[u8], expected: &str) {
        for chunk in 1..=bytes.len().max(1) {
            assert_eq!(
                decode_all(enc, bytes, chunk),
                expected,
                "{enc:?} chunk {chunk}"
            );
        }
    }

    #[test]
    fn decodes_in_any_chunks() {
        check_decode(Encoding::Utf8, b"\xEF\xBB\xBFa\xC3\xB1", "añ");
        check_decode(Encoding::Utf16Le, b"\xFF\xFEa\0\xF1\0\xAC\x20", "añ€");
        check_decode(Encoding::Utf16Be, b"\xFE\xFF\0a\0\xF1\x20\xAC", "añ€");
        check_decode(Encoding::Utf16Le, b"=\xD8\0\xDE", "😀");
        check_decode(Encoding::Windows1252, b"a\xF1\x80", "añ€");
        check_decode(Encoding::Windows1252, b"", "");
    }

    #[test]
    fn field_str_falls_back_to_windows_1252() {
        let mut s = String::new();
        assert_eq!(field_str(b"plain", &mut s), "plain");
        assert_eq!(field_str("ñ".as_bytes(), &mut s), "ñ");
        assert_eq!(field_str(b"a\xF1o", &mut s), "año");
        assert_eq!(field_str(b"\xEF\xBB\xBFa\xF1", &mut s), "a\u{FFFD}");
        assert_eq!(field_str(b"\xFF\xFEa\0\xF1", &mut s), "a\u{FFFD}");
        assert_eq!(field_str(b"\xFE\xFF\0a\xF1", &mut s), "a\u{FFFD}");
    }

    proptest::proptest! {
        #[test]
        fn field_str_is_whatwg_decode(bytes in proptest::collection::vec(
            proptest::prop_oneof![proptest::prelude::any::<u8>(), 0xFEu8..=0xFF, 0xBBu8..=0xBF], 0..12)) {
            // Valid UTF-8 is taken as is; anything else as the WHATWG
            // `decode` of Windows-1252 reads it.
            let mut s = String::new();
            let expected = match std::str::from_utf8(&bytes) {
                Ok(text) => text.to_owned(),
                Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
            };
            proptest::prop_assert_eq!(field_str(&bytes, &mut s), expected);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(Encoding::parse("Latin1"), Some(Encoding::Windows1252));
        assert_eq!(Encoding::parse("UTF_16"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::parse("ebcdic"), None);
        for e in [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1252,
        ] {
            assert_eq!(Encoding::parse(e.as_str()), Some(e));
        }
    }

    #[test]
    fn gunzip_streams_and_reports_truncation() {
        use flate2::write::GzEncoder;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"email,ts\na@x.com,1\n")
            .expect("in-memory write");
        let gz = enc.finish().expect("in-memory gzip");
        assert!(is_gzip(&gz));
        for chunk in [1, 3, 7, gz.len()] {
            let mut g = Gunzip::default();
            let (mut all, mut out) = (Vec::new(), Vec::new());
            for piece in gz.chunks(chunk) {
                g.push(piece, &mut out).expect("valid gzip");
                all.extend_from_slice(&out);
            }
            g.finish(&mut out).expect("complete gzip");
            all.extend_from_slice(&out);
            assert_eq!(all, b"email,ts\na@x.com,1\n");
        }
        let mut g = Gunzip::default();
        let mut out = Vec::new();
        g.push(&gz[..gz.len() - 6], &mut out).expect("valid so far");
        assert!(g.finish(&mut out).is_err());
    }
}
