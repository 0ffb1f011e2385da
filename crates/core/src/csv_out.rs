//! Writing CSV rows for exports (segment members, RFM tables, merge maps).
//!
//! Exports are read back by spreadsheets and by our own importer, so fields
//! are quoted exactly when RFC 4180 requires it and nothing else is escaped.

/// Appends `field` to `out`, quoted when it holds a delimiter, quote or line
/// break.
pub fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Rounds a measure to 6 decimals for writing: far below any currency or
/// rate precision, and it hides binary floating-point noise
/// (300.00000000000006). Non-finite values become 0 and `-0` becomes `0`.
pub fn round6(x: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    (x * 1e6).round() / 1e6 + 0.0
}

/// Appends one row (fields joined by `,`, ended by `\n`).
pub fn push_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, f);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(fields: &[&str], expected: &str) {
        let mut out = String::new();
        push_row(&mut out, fields.iter().copied());
        assert_eq!(out, expected, "{fields:?}");
    }

    #[test]
    fn quotes_only_when_needed() {
        check(&["a", "b"], "a,b\n");
        check(&["a,b"], "\"a,b\"\n");
        check(&["say \"hi\""], "\"say \"\"hi\"\"\"\n");
        check(&["two\nlines", ""], "\"two\nlines\",\n");
        check(&["ñandú"], "ñandú\n");
    }
}
