//! Keyset pagination: `limit` and an opaque `cursor` in, `{items, total,
//! next}` out. Cursors encode the sort key of the last row sent, so pages stay
//! stable while rows are inserted elsewhere.

use crate::db::{Arg, Sql};
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

/// Decodes a `(ts, id)` cursor.
pub fn ts_cursor(cursor: &str) -> Result<(i64, String), AppError> {
    let mut parts = decode(cursor, 2)?;
    let ts = parts[0]
        .parse()
        .map_err(|_| AppError::bad_request("bad_cursor", "The cursor is damaged."))?;
    Ok((ts, parts.swap_remove(1)))
}

/// One page of `table` in `(ts, id)` order after `cursor`, filtered by
/// `conds` (an SQL prefix such as `"ts >= "` and its value), with the total
/// of the filtered rows: the keyset listing that events and orders share.
#[allow(clippy::too_many_arguments)]
pub async fn by_time<T>(
    pool: &sqlx::AnyPool,
    table: &str,
    cols: &str,
    conds: &[(&str, Arg)],
    cursor: Option<&str>,
    limit: u32,
    from_row: fn(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
    ts_id: impl Fn(&T) -> (i64, &str),
) -> Result<Page<T>, AppError> {
    use sqlx::Row;
    let where_ = |sql: &mut Sql| {
        sql.push(" WHERE 1 = 1");
        for (c, a) in conds {
            sql.push(" AND ").push(c).bind(a.clone());
        }
    };
    let mut count = Sql::new(&format!("SELECT COUNT(*) AS n FROM {table}"));
    where_(&mut count);
    let total: i64 = count.query().fetch_one(pool).await?.try_get("n")?;
    let mut sql = Sql::new(&format!("SELECT {cols} FROM {table}"));
    where_(&mut sql);
    if let Some(c) = cursor {
        let (ts, id) = ts_cursor(c)?;
        sql.push(" AND (ts > ")
            .bind(Arg::Int(ts))
            .push(" OR (ts = ")
            .bind(Arg::Int(ts))
            .push(" AND id > ")
            .bind(Arg::Text(id))
            .push("))");
    }
    sql.push(&format!(" ORDER BY ts, id LIMIT {}", limit + 1));
    let rows = sql.query().fetch_all(pool).await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok(finish(items, limit, total, |item| {
        let (ts, id) = ts_id(item);
        encode(&[&ts.to_string(), id])
    }))
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
