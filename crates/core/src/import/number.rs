//! Numbers as spreadsheets write them, read straight from bytes.
//!
//! `1.234,56` and `1,234.56` are both 1234.56; which separator is decimal is
//! decided per value when the value shows it (both present, or one repeated)
//! and from the file's convention otherwise, with one guard: a lone
//! separator that is not followed by exactly three digits cannot be a
//! thousands separator, so `12.5` is 12.5 even in a decimal-comma file.

/// Powers of ten exactly representable as `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Trims ASCII whitespace and no-break spaces (U+00A0, U+202F).
#[inline(always)]
pub fn trim(s: &[u8]) -> &[u8] {
    // Most cells need nothing: check the two ends before looping. A
    // printable ASCII byte (one comparison) is never an edge.
    let edge = |b: u8| {
        b.wrapping_sub(0x21) >= 0x5E
            && (b.is_ascii_whitespace() || matches!(b, 0xC2 | 0xE2 | 0xA0 | 0xAF))
    };
    match (s.first(), s.last()) {
        (Some(&a), Some(&b)) if !edge(a) && !edge(b) => s,
        (None, _) => s,
        _ => trim_slow(s),
    }
}

fn trim_slow(mut s: &[u8]) -> &[u8] {
    loop {
        if let Some((&b, rest)) = s.split_first() {
            if b.is_ascii_whitespace() {
                s = rest;
                continue;
            }
        }
        if let Some(rest) = s.strip_prefix(b"\xC2\xA0") {
            s = rest;
            continue;
        }
        if let Some(rest) = s.strip_prefix(b"\xE2\x80\xAF") {
            s = rest;
            continue;
        }
        break;
    }
    loop {
        if let Some((&b, rest)) = s.split_last() {
            if b.is_ascii_whitespace() {
                s = rest;
                continue;
            }
        }
        if let Some(rest) = s.strip_suffix(b"\xC2\xA0") {
            s = rest;
            continue;
        }
        if let Some(rest) = s.strip_suffix(b"\xE2\x80\xAF") {
            s = rest;
            continue;
        }
        break;
    }
    s
}

const CURRENCY_SYMBOLS: [&[u8]; 5] = ["€".as_bytes(), "£".as_bytes(), "¥".as_bytes(), b"$", b"US$"];

/// Removes one currency symbol or three-letter code at either end.
fn strip_currency(s: &[u8]) -> &[u8] {
    for sym in CURRENCY_SYMBOLS {
        if let Some(rest) = s.strip_prefix(sym) {
            return trim(rest);
        }
        if let Some(rest) = s.strip_suffix(sym) {
            return trim(rest);
        }
    }
    if s.len() > 3 && s[..3].iter().all(u8::is_ascii_uppercase) {
        return trim(&s[3..]);
    }
    if s.len() > 3 && s[s.len() - 3..].iter().all(u8::is_ascii_uppercase) {
        return trim(&s[..s.len() - 3]);
    }
    s
}

/// The three-letter currency code written inside an amount (`EUR 12`,
/// `12,50 €`), if any.
pub fn currency_in(s: &[u8]) -> Option<&'static str> {
    let s = trim(s);
    let has = |sym: &[u8]| s.starts_with(sym) || s.ends_with(sym);
    if has("€".as_bytes()) {
        return Some("EUR");
    }
    if has("£".as_bytes()) {
        return Some("GBP");
    }
    if has(b"US$") || has(b"$") {
        return Some("USD");
    }
    const CODES: [&str; 8] = ["EUR", "USD", "GBP", "MXN", "ARS", "COP", "CLP", "BRL"];
    CODES
        .into_iter()
        .find(|c| s.starts_with(c.as_bytes()) || s.ends_with(c.as_bytes()))
}

/// Reads a number; `decimal_comma` is the file's convention for values that
/// do not show theirs. Accepts a sign, `(12.50)` for negatives, a currency
/// symbol or code, a trailing `%` (the number is kept as written), thousands
/// separators `.` `,` space, no-break space and `'`, and exponents.
pub fn parse_number(s: &[u8], decimal_comma: bool) -> Option<f64> {
    plain_decimal(s, decimal_comma).or_else(|| parse_general(s, decimal_comma))
}

/// [`parse_number`] without its fast path.
fn parse_general(s: &[u8], decimal_comma: bool) -> Option<f64> {
    let mut s = trim(s);
    let mut neg = false;
    if let Some(inner) = s.strip_prefix(b"(").and_then(|r| r.strip_suffix(b")")) {
        neg = true;
        s = trim(inner);
    }
    s = strip_currency(s);
    if let Some(rest) = s
        .strip_prefix(b"-")
        .or_else(|| s.strip_prefix("−".as_bytes()))
    {
        neg = !neg;
        s = trim(rest);
    } else if let Some(rest) = s.strip_prefix(b"+") {
        s = trim(rest);
    }
    s = strip_currency(s);
    if let Some(rest) = s.strip_suffix(b"%") {
        s = trim(rest);
    }
    let v = parse_unsigned(s, decimal_comma)?;
    Some(if neg { -v } else { v })
}

/// The common case read in one pass: digits with at most one `.` that is
/// the decimal point (files with a decimal comma read a lone `.` as a
/// thousands separator sometimes, so they take the general path), at most
/// 15 digits. Gives what [`accumulate`] would, or `None` to let it decide.
#[inline]
fn plain_decimal(s: &[u8], decimal_comma: bool) -> Option<f64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    let mut mantissa = 0u64;
    let mut dot = None;
    for (i, &b) in s.iter().enumerate() {
        let d = b.wrapping_sub(b'0');
        if d < 10 {
            mantissa = mantissa * 10 + u64::from(d);
        } else if b == b'.' && !decimal_comma && dot.is_none() {
            dot = Some(i);
        } else {
            return None;
        }
    }
    let digits = s.len() - usize::from(dot.is_some());
    if digits == 0 || digits > 15 {
        return None;
    }
    let frac = dot.map_or(0, |at| s.len() - at - 1);
    Some(mantissa as f64 / POW10[frac])
}

fn parse_unsigned(s: &[u8], decimal_comma: bool) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    if let Some(e) = s.iter().position(|&b| b == b'e' || b == b'E') {
        let mantissa = parse_unsigned(&s[..e], decimal_comma)?;
        let exp = std::str::from_utf8(&s[e + 1..]).ok()?.parse::<i32>().ok()?;
        return Some(mantissa * 10f64.powi(exp));
    }
    let (mut commas, mut dots, mut last_comma, mut last_dot) = (0usize, 0usize, 0usize, 0usize);
    for (i, &b) in s.iter().enumerate() {
        match b {
            b',' => {
                commas += 1;
                last_comma = i;
            }
            b'.' => {
                dots += 1;
                last_dot = i;
            }
            _ => {}
        }
    }
    let decimal = if commas > 0 && dots > 0 {
        if last_comma > last_dot {
            b','
        } else {
            b'.'
        }
    } else if commas + dots == 0 {
        0
    } else {
        let (sep, count, at) = if commas > 0 {
            (b',', commas, last_comma)
        } else {
            (b'.', dots, last_dot)
        };
        let preferred = if decimal_comma { b',' } else { b'.' };
        if count > 1 {
            0
        } else if sep == preferred {
            sep
        } else {
            let after = s[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let before = s[..at]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if after == 3 && at + 4 == s.len() && (1..=3).contains(&before) && s[0] != b'0' {
                0
            } else {
                sep
            }
        }
    };
    accumulate(s, decimal)
}

/// Sums the digits of `s`; `decimal` is the decimal separator (0: none),
/// every other separator must sit between groups of three digits.
fn accumulate(s: &[u8], decimal: u8) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut frac = 0usize;
    let mut in_frac = false;
    // Digits since the last thousands separator, or None before the first.
    let mut group: Option<usize> = None;
    let mut run = 0usize;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b.is_ascii_digit() {
            if digits < 19 {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if in_frac {
                    frac += 1;
                }
            } else if !in_frac {
                // Beyond 19 significant digits: keep the magnitude.
                frac = frac.wrapping_sub(1);
            }
            digits += 1;
            run += 1;
            i += 1;
            continue;
        }
        let sep_len = if b == decimal && decimal != 0 {
            if in_frac || group.is_some_and(|_| run != 3) {
                return None;
            }
            in_frac = true;
            i += 1;
            run = 0;
            continue;
        } else if matches!(b, b',' | b'.' | b' ' | b'\'') {
            1
        } else if s[i..].starts_with(b"\xC2\xA0") {
            2
        } else if s[i..].starts_with(b"\xE2\x80\xAF") {
            3
        } else {
            return None;
        };
        // A thousands separator: not in the fraction, after 1..=3 leading
        // digits or exactly 3 since the previous one.
        if in_frac || run == 0 || run > 3 || (group.is_some() && run != 3) {
            return None;
        }
        group = Some(run);
        run = 0;
        i += sep_len;
    }
    if digits == 0 || (group.is_some() && !in_frac && run != 3) {
        return None;
    }
    let frac = frac as isize;
    if (0..=22).contains(&frac) && mantissa < (1 << 53) {
        return Some(mantissa as f64 / POW10[frac as usize]);
    }
    if frac < 0 {
        return Some(mantissa as f64 * 10f64.powi(-frac as i32));
    }
    Some(mantissa as f64 / 10f64.powi(frac as i32))
}

/// Reads a non-negative integer written with digits only (after trimming).
pub fn parse_u64(s: &[u8]) -> Option<u64> {
    let s = trim(s);
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(b - b'0');
    }
    Some(v)
}

/// Evidence for the decimal convention from one cell: `Some(true)` when
/// the cell can only be a decimal comma (`12,5`, `1.234,56`), `Some(false)`
/// when it can only be a decimal point, `None` when it says nothing.
pub fn decimal_evidence(s: &[u8]) -> Option<bool> {
    let s = trim(s);
    if s.is_empty() || !s.iter().any(u8::is_ascii_digit) {
        return None;
    }
    if !s
        .iter()
        .all(|&b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-' | b' '))
    {
        return None;
    }
    let commas = s.iter().filter(|&&b| b == b',').count();
    let dots = s.iter().filter(|&&b| b == b'.').count();
    let last_comma = s.iter().rposition(|&b| b == b',');
    let last_dot = s.iter().rposition(|&b| b == b'.');
    match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(c > d),
        (Some(c), None) if commas == 1 => (s.len() - c - 1 != 3).then_some(true),
        (None, Some(d)) if dots == 1 => (s.len() - d - 1 != 3).then_some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, decimal_comma: bool, expected: Option<f64>) {
        assert_eq!(
            parse_number(input.as_bytes(), decimal_comma),
            expected,
            "{input:?} decimal_comma={decimal_comma}"
        );
    }

    proptest::proptest! {
        /// The fast path answers like the general reader, or leaves it.
        #[test]
        fn plain_decimals_read_like_the_general_path(
            s in "[0-9]{0,17}(\\.[0-9]{0,17})?|[0-9.,]{1,18}",
            decimal_comma in proptest::bool::ANY,
        ) {
            if let Some(v) = plain_decimal(s.as_bytes(), decimal_comma) {
                proptest::prop_assert_eq!(Some(v), parse_general(s.as_bytes(), decimal_comma), "{}", s);
            }
        }
    }

    /// The quick look at the ends never skips a trim the full one makes.
    #[test]
    fn trim_agrees_with_the_full_trim() {
        for a in 0..=255u8 {
            assert_eq!(trim(&[a]), trim_slow(&[a]), "{a:#x}");
            for b in 0..=255u8 {
                for s in [[a, b, b'x'], [b'x', a, b], [a, b'x', b]] {
                    assert_eq!(trim(&s), trim_slow(&s), "{s:?}");
                }
            }
        }
        assert_eq!(trim("\u{a0}12 \u{202f}".as_bytes()), b"12");
        assert_eq!(trim(b" \t12\r\n"), b"12");
    }

    #[test]
    fn parses_numbers() {
        check("0", false, Some(0.0));
        check("42", false, Some(42.0));
        check("  42 ", true, Some(42.0));
        check("12.5", false, Some(12.5));
        check("12,5", true, Some(12.5));
        check("12,5", false, Some(12.5));
        check("12.5", true, Some(12.5));
        check("1.234,56", true, Some(1234.56));
        check("1.234,56", false, Some(1234.56));
        check("1,234.56", false, Some(1234.56));
        check("1,234.56", true, Some(1234.56));
        check("1,234", false, Some(1234.0));
        check("1,234", true, Some(1.234));
        check("1.234", true, Some(1234.0));
        check("1.234", false, Some(1.234));
        check("0,125", false, Some(0.125));
        check("1.234.567", true, Some(1234567.0));
        check("1,234,567.89", false, Some(1234567.89));
        check("1.234.567,89", true, Some(1234567.89));
        check("12 345,67", true, Some(12345.67));
        check("12\u{a0}345,67", true, Some(12345.67));
        check("1'234.50", false, Some(1234.5));
        check("-3,5", true, Some(-3.5));
        check("+7", false, Some(7.0));
        check("(12.50)", false, Some(-12.5));
        check("€1.234,56", true, Some(1234.56));
        check("1.234,56 €", true, Some(1234.56));
        check("$ 19.99", false, Some(19.99));
        check("-$5", false, Some(-5.0));
        check("EUR 12,00", true, Some(12.0));
        check("12.00 USD", false, Some(12.0));
        check("45%", false, Some(45.0));
        check("1.5e3", false, Some(1500.0));
        check(".5", false, Some(0.5));
        check("5.", false, Some(5.0));
        check("0.1", false, Some(0.1));
        check("123456789012345678901", false, Some(1.2345678901234568e20));
        check("", false, None);
        check("-", false, None);
        check("abc", false, None);
        check("12a", false, None);
        check("1.2.3", false, None);
        check("1,23,456", false, None);
        check("1.234,5.6", true, None);
        check("12,34,56", true, None);
        check(",", false, None);
        check("1 2", false, None);
    }

    #[test]
    fn parses_integers() {
        assert_eq!(parse_u64(b"0"), Some(0));
        assert_eq!(parse_u64(b" 1987 "), Some(1987));
        assert_eq!(parse_u64(b"12a"), None);
        assert_eq!(parse_u64(b""), None);
        assert_eq!(parse_u64(b"-1"), None);
        assert_eq!(parse_u64(b"99999999999999999999"), None);
    }

    #[test]
    fn reads_decimal_evidence() {
        let check =
            |s: &str, e: Option<bool>| assert_eq!(decimal_evidence(s.as_bytes()), e, "{s:?}");
        check("12,5", Some(true));
        check("1.234,56", Some(true));
        check("1,234.56", Some(false));
        check("12.5", Some(false));
        check("1,234", None);
        check("1.234", None);
        check("42", None);
        check("abc", None);
        check("2024-01-05", None);
        check("1.234.567", None);
    }

    #[test]
    fn finds_currencies() {
        assert_eq!(currency_in("12,50 €".as_bytes()), Some("EUR"));
        assert_eq!(currency_in(b"$3"), Some("USD"));
        assert_eq!(currency_in(b"MXN 100"), Some("MXN"));
        assert_eq!(currency_in(b"100"), None);
    }
}
