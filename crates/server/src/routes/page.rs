//! Keyset pagination: `limit` and an opaque `cursor` in, `{items, total,
//! next}` out. Cursors encode the sort key of the last row sent, so pages stay
//! stable while rows are inserted elsewhere.

use crate::AppError;
use serde::Serialize;

/// Rows per page when the client does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most rows one page may ask for.
pub const MAX_LIMIT: u32 = 1000;

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// How many rows match the filters in all pages.
    pub total: i64,
    /// The cursor for the next page, `null` on the last one.
    pub next: Option<String>,
}

/// The page size to use, or a 400 for a nonsensical one.
pub fn limit(requested: Option<u32>) -> Result<u32, AppError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(AppError::bad_request(
            "bad_limit",
            format!("limit must be between 1 and {MAX_LIMIT}, not {n}"),
        )),
    }
}

/// Encodes sort-key parts as a cursor.
pub fn encode(parts: &[&str]) -> String {
    parts
        .join("\u{1f}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Decodes a cursor made by [`encode`] with `n` parts.
pub fn decode(cursor: &str, n: usize) -> Result<Vec<String>, AppError> {
    let bad = || AppError::bad_request("bad_cursor", "The cursor is not one this server issued.");
    if cursor.len() % 2 != 0 || !cursor.is_ascii() {
        return Err(bad());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let parts: Vec<String> = text.split('\u{1f}').map(str::to_owned).collect();
    if parts.len() == n {
        Ok(parts)
    } else {
        Err(bad())
    }
}

/// Splits `rows` (fetched with `limit + 1`) into a page, making the cursor
/// from the last row kept.
pub fn finish<T>(mut rows: Vec<T>, limit: u32, total: i64, key: impl Fn(&T) -> String) -> Page<T> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(key) } else { None };
    Page {
        items: rows,
        total,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = encode(&["1767225600", "ev,1 é"]);
        assert_eq!(decode(&c, 2).unwrap(), ["1767225600", "ev,1 é"]);
        assert!(decode(&c, 1).is_err());
        assert!(decode("zz", 1).is_err());
        assert!(decode("abc", 1).is_err());
        assert!(decode("ff", 1).is_err());
    }

    #[test]
    fn limits() {
        assert_eq!(limit(None).unwrap(), 50);
        assert_eq!(limit(Some(1000)).unwrap(), 1000);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(1001)).is_err());
    }
}
