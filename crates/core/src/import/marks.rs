//! Structural marks of a 64-byte block: one bit per byte for quotes,
//! delimiters and line ends (LF, CR), the input of the tokenizer's fast
//! path ([`super::csv`]).
//!
//! x86_64 compares 16 bytes at a time with SSE2 (its baseline) and gathers
//! each comparison with one `pmovmskb`; Wasm does the same with simd128
//! (`i8x16.eq`, `i8x16.bitmask`; every current browser has it). Both go
//! through safe interfaces: `safe_arch` on x86_64, where `core::arch`'s
//! intrinsics need `unsafe` outside a `#[target_feature]` function, and a
//! `#[target_feature(enable = "simd128")]` function on Wasm, which safe code
//! may call. Elsewhere a byte loop does it. Left to itself LLVM vectorises
//! the comparisons but not the gathering (one multiplication per eight
//! bytes), which made a block cost ~150 instructions instead of ~80.

/// Bytes per block.
pub(crate) const BLOCK: usize = 64;

/// One block's marks: bit `i` stands for byte `i`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    pub quote: u64,
    pub delim: u64,
    /// LF or CR.
    pub newline: u64,
}

/// The marks of `block` for `delim`.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn classify(block: &[u8; BLOCK], delim: u8) -> Marks {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let splat = |b: u8| set_splat_i8_m128i(b as i8);
    let (quote, delim, lf, cr) = (splat(b'"'), splat(delim), splat(b'\n'), splat(b'\r'));
    let mut m = Marks::default();
    for (k, lane) in block.chunks_exact(16).enumerate() {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(lane);
        let v = load_unaligned_m128i(&bytes);
        let newline = bitor_m128i(cmp_eq_mask_i8_m128i(v, lf), cmp_eq_mask_i8_m128i(v, cr));
        let bits = |x| u64::from(move_mask_i8_m128i(x) as u16) << (16 * k);
        m.quote |= bits(cmp_eq_mask_i8_m128i(v, quote));
        m.delim |= bits(cmp_eq_mask_i8_m128i(v, delim));
        m.newline |= bits(newline);
    }
    m
}

/// The marks of `block` for `delim`.
#[cfg(target_arch = "wasm32")]
#[inline]
#[target_feature(enable = "simd128")]
pub(crate) fn classify(block: &[u8; BLOCK], delim: u8) -> Marks {
    use core::arch::wasm32::{u8x16, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let (quote, delim, lf, cr) = (
        u8x16_splat(b'"'),
        u8x16_splat(delim),
        u8x16_splat(b'\n'),
        u8x16_splat(b'\r'),
    );
    let mut m = Marks::default();
    for (k, c) in block.chunks_exact(16).enumerate() {
        // Sixteen consecutive bytes: LLVM makes this one `v128.load`.
        let v = u8x16(
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13],
            c[14], c[15],
        );
        let newline = v128_or(u8x16_eq(v, lf), u8x16_eq(v, cr));
        let bits = |x| u64::from(u8x16_bitmask(x)) << (16 * k);
        m.quote |= bits(u8x16_eq(v, quote));
        m.delim |= bits(u8x16_eq(v, delim));
        m.newline |= bits(newline);
    }
    m
}

/// The marks of `block` for `delim`.
#[cfg(not(any(target_arch = "x86_64", target_arch = "wasm32")))]
#[inline]
pub(crate) fn classify(block: &[u8; BLOCK], delim: u8) -> Marks {
    classify_bytes(block, delim)
}

/// [`classify`] a byte at a time: the portable path, and the reference
/// the vector ones are tested against.
#[cfg_attr(any(target_arch = "x86_64", target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn classify_bytes(block: &[u8; BLOCK], delim: u8) -> Marks {
    let mut m = Marks::default();
    for (i, &b) in block.iter().enumerate() {
        m.quote |= u64::from(b == b'"') << i;
        m.delim |= u64::from(b == delim) << i;
        m.newline |= u64::from(b == b'\n' || b == b'\r') << i;
    }
    m
}

/// Bit `i` of the result is the parity of the set bits `0..=i` of `x`:
/// with `x` the quote marks, the bytes from an opening quote up to (not
/// including) its closing quote.
#[inline]
pub(crate) fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, delim: u8, quote: &str, delims: &str, newline: &str) {
        let mut block = [b'x'; BLOCK];
        block[..text.len()].copy_from_slice(text.as_bytes());
        let bits = |s: &str| {
            s.bytes()
                .enumerate()
                .fold(0u64, |m, (i, c)| m | u64::from(c == b'1') << i)
        };
        let want = Marks {
            quote: bits(quote),
            delim: bits(delims),
            newline: bits(newline),
        };
        assert_eq!(classify(&block, delim), want, "{text:?}");
        assert_eq!(classify_bytes(&block, delim), want, "{text:?}");
    }

    #[test]
    fn marks_quotes_separators_and_line_ends() {
        check("", b',', "", "", "");
        check("a,\"b\"\n", b',', "001010", "010000", "000001");
        check("a;b,c\r\n", b';', "0000000", "0100000", "0000011");
        check("\t\"\"\t", b'\t', "0110", "1001", "0000");
        check("\n\r\r\n,", b'\n', "00000", "10010", "11110");
        // The last lane, past byte 48.
        let far = format!("{}\",\r", "x".repeat(61));
        let zeros = "0".repeat(61);
        check(
            &far,
            b',',
            &format!("{zeros}100"),
            &format!("{zeros}010"),
            &format!("{zeros}001"),
        );
    }

    #[test]
    fn prefix_xor_spans_quotes() {
        assert_eq!(prefix_xor(0), 0);
        assert_eq!(prefix_xor(0b1), !0);
        assert_eq!(prefix_xor(0b1001), 0b0111);
        assert_eq!(prefix_xor(0b1010_0010), 0b0001_1110 | !0 << 7);
        assert_eq!(prefix_xor(1 << 63), 1 << 63);
        assert_eq!(prefix_xor(1 << 62 | 1), (1 << 62) - 1);
    }

    proptest::proptest! {
        /// The vector classification is the byte loop's, for any bytes
        /// and delimiter.
        #[test]
        fn classify_matches_the_byte_loop(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => proptest::prelude::any::<u8>(),
                    1 => proptest::prelude::Just(b'"'),
                    1 => proptest::prelude::Just(b','),
                    1 => proptest::prelude::Just(b'\n'),
                    1 => proptest::prelude::Just(b'\r'),
                ],
                BLOCK,
            ),
            delim in proptest::prelude::any::<u8>(),
        ) {
            let mut block = [0u8; BLOCK];
            block.copy_from_slice(&bytes);
            proptest::prop_assert_eq!(classify(&block, delim), classify_bytes(&block, delim));
        }

        /// Prefix parity, bit by bit.
        #[test]
        fn prefix_xor_is_the_running_parity(x in proptest::prelude::any::<u64>()) {
            let mut want = 0u64;
            let mut parity = 0u64;
            for i in 0..64 {
                parity ^= (x >> i) & 1;
                want |= parity << i;
            }
            proptest::prop_assert_eq!(prefix_xor(x), want);
        }
    }
}
