//! Windows-1252 and UTF-16 to text, as the WHATWG Encoding Standard decodes
//! them (what browsers and `encoding_rs` do).
//!
//! Written out here rather than taken from `encoding_rs`: its decoder is one
//! enum over every web encoding, so using it for these three links the
//! Chinese, Japanese and Korean tables too, about 150 KB of the Wasm app
//! that no Canal file is ever read with. The tests check these decoders
//! against `encoding_rs` on arbitrary bytes and chunkings.

/// What Windows-1252 bytes 0x80–0x9F mean (the WHATWG index); every other
/// byte is the code point of the same number (Latin-1).
const HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The character a Windows-1252 byte stands for (every byte is one).
pub fn windows_1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Appends the UTF-8 of Windows-1252 `bytes` to `out`.
pub fn windows_1252_to_utf8(bytes: &[u8], out: &mut Vec<u8>) {
    let mut rest = bytes;
    while !rest.is_empty() {
        // ASCII runs are copied whole; they are most of any CSV.
        let ascii = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.extend_from_slice(&rest[..ascii]);
        if let Some((&b, tail)) = rest[ascii..].split_first() {
            push_char(out, windows_1252_char(b));
            rest = tail;
        } else {
            rest = &[];
        }
    }
}

/// Appends the UTF-8 of `c` to `out`.
pub fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Streaming UTF-16: a chunk may end inside a code unit or between the two
/// halves of a surrogate pair. Unpaired surrogates and a dangling byte at
/// the end become U+FFFD; a byte-order mark at the very start is dropped.
#[derive(Clone, Debug)]
pub struct Utf16 {
    big_endian: bool,
    at_start: bool,
    /// First byte of a code unit whose second byte has not arrived.
    byte: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
}

impl Utf16 {
    /// A decoder for little- or big-endian UTF-16.
    pub fn new(big_endian: bool) -> Self {
        Utf16 {
            big_endian,
            at_start: true,
            byte: None,
            high: None,
        }
    }

    /// Decodes the next chunk, calling `emit` per character; `last` ends the
    /// stream (a half character left over becomes one U+FFFD).
    pub fn push(&mut self, input: &[u8], last: bool, mut emit: impl FnMut(char)) {
        for &b in input {
            let Some(first) = self.byte.take() else {
                self.byte = Some(b);
                continue;
            };
            let unit = if self.big_endian {
                u16::from_be_bytes([first, b])
            } else {
                u16::from_le_bytes([first, b])
            };
            if std::mem::take(&mut self.at_start) && unit == 0xFEFF {
                continue;
            }
            self.unit(unit, &mut emit);
        }
        if last && (self.byte.take().is_some() | self.high.take().is_some()) {
            emit(char::REPLACEMENT_CHARACTER);
        }
    }

    fn unit(&mut self, unit: u16, emit: &mut impl FnMut(char)) {
        if let Some(high) = self.high.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                emit(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            // The high half stands alone; `unit` is read afresh.
            emit(char::REPLACEMENT_CHARACTER);
        }
        match unit {
            0xD800..=0xDBFF => self.high = Some(unit),
            0xDC00..=0xDFFF => emit(char::REPLACEMENT_CHARACTER),
            _ => emit(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utf16(big_endian: bool, bytes: &[u8], chunk: usize) -> String {
        let mut d = Utf16::new(big_endian);
        let mut s = String::new();
        for piece in bytes.chunks(chunk.max(1)) {
            d.push(piece, false, |c| s.push(c));
        }
        d.push(&[], true, |c| s.push(c));
        s
    }

    fn check16(bytes: &[u8], expected_le: &str) {
        assert_eq!(utf16(false, bytes, bytes.len()), expected_le, "{bytes:?}");
    }

    #[test]
    fn utf16_cases() {
        check16(b"", "");
        check16(b"a\0", "a");
        check16(b"\xFF\xFEa\0", "a");
        check16(b"a\0\xFF\xFE", "a\u{FEFF}");
        check16(b"\xFF\xFE\xFF\xFE", "\u{FEFF}");
        check16(b"a\0b", "a\u{FFFD}");
        check16(b"=\xD8\0\xDE", "😀");
        check16(b"=\xD8a\0", "\u{FFFD}a");
        check16(b"=\xD8=\xD8\0\xDE", "\u{FFFD}😀");
        check16(b"\0\xDEa\0", "\u{FFFD}a");
        check16(b"=\xD8", "\u{FFFD}");
        check16(b"=\xD8\0", "\u{FFFD}");
        assert_eq!(utf16(true, b"\xFE\xFF\0a\x20\xAC", 1), "a€");
        assert_eq!(utf16(true, b"\xFF\xFE", 1), "\u{FFFE}");
    }

    #[test]
    fn windows_1252_cases() {
        let check = |bytes: &[u8], expected: &str| {
            let mut out = Vec::new();
            windows_1252_to_utf8(bytes, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{bytes:?}");
        };
        check(b"", "");
        check(b"plain", "plain");
        check(b"a\xF1o", "año");
        check(b"\x80\x81\x8D\x9F\xA0\xFF", "€\u{81}\u{8D}Ÿ\u{A0}ÿ");
        check(b"\xEF\xBB\xBF", "ï»¿");
    }

    fn reference(enc: &'static encoding_rs::Encoding, bytes: &[u8], chunk: usize) -> String {
        let mut d = enc.new_decoder_with_bom_removal();
        let mut s = String::new();
        let mut out = vec![0u8; bytes.len() * 3 + 16];
        for piece in bytes.chunks(chunk.max(1)) {
            let (_, _, n, _) = d.decode_to_utf8(piece, &mut out, false);
            s.push_str(std::str::from_utf8(&out[..n]).unwrap());
        }
        let (_, _, n, _) = d.decode_to_utf8(&[], &mut out, true);
        s.push_str(std::str::from_utf8(&out[..n]).unwrap());
        s
    }

    /// Bytes rich in what the decoders branch on: byte-order marks,
    /// surrogates, NULs, bytes 0x80–0x9F.
    fn tricky() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            any::<u8>(),
            Just(0u8),
            Just(0xFEu8),
            Just(0xFFu8),
            0xD8u8..=0xDF,
            0x80u8..=0x9F
        ];
        proptest::collection::vec(byte, 0..40)
    }

    proptest! {
        #[test]
        fn same_as_encoding_rs(bytes in tricky(), chunk in 1usize..8) {
            prop_assert_eq!(utf16(false, &bytes, chunk), reference(encoding_rs::UTF_16LE, &bytes, chunk));
            prop_assert_eq!(utf16(true, &bytes, chunk), reference(encoding_rs::UTF_16BE, &bytes, chunk));
            let mut out = Vec::new();
            windows_1252_to_utf8(&bytes, &mut out);
            prop_assert_eq!(String::from_utf8(out).unwrap(), reference(encoding_rs::WINDOWS_1252, &bytes, chunk));
        }
    }
}
