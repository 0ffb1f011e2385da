//! What every resource shares on the wire: pages, timestamps, query strings.

use serde::{Deserialize, Deserializer};

/// One page of a list endpoint.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// How many rows match the filters, in all pages.
    pub total: i64,
    /// The cursor of the next page; `None` on the last one.
    pub next: Option<String>,
}

/// Paging of a list request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paging {
    /// Rows per page (the server caps it).
    pub limit: Option<u32>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

/// Seconds since the epoch from the server's RFC 3339 text.
pub fn parse_time(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.timestamp())
}

/// Seconds since the epoch as the server accepts them (RFC 3339, UTC).
pub fn format_time(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Deserialises an RFC 3339 timestamp into seconds.
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let text = String::deserialize(d)?;
    parse_time(&text).ok_or_else(|| serde::de::Error::custom(format!("not a time: {text:?}")))
}

/// Deserialises an optional RFC 3339 timestamp into seconds.
pub fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse_time(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("not a time: {text:?}"))),
    }
}

/// Builds `path?k=v&…` with each value percent-encoded; empty values are
/// left out, so an unset filter never reaches the server as `k=`.
#[derive(Clone, Debug)]
pub struct Url {
    out: String,
    first: bool,
}

impl Url {
    /// Starts at `path` (e.g. `/api/contacts`).
    pub fn new(path: &str) -> Url {
        Url {
            out: path.to_owned(),
            first: true,
        }
    }

    /// Adds `key=value` unless the value is empty.
    pub fn param(mut self, key: &str, value: &str) -> Url {
        if value.is_empty() {
            return self;
        }
        self.out.push(if self.first { '?' } else { '&' });
        self.first = false;
        encode_into(&mut self.out, key);
        self.out.push('=');
        encode_into(&mut self.out, value);
        self
    }

    /// Adds `key=value` when there is a value.
    pub fn opt(self, key: &str, value: Option<impl ToString>) -> Url {
        match value {
            Some(v) => self.param(key, &v.to_string()),
            None => self,
        }
    }

    /// Adds the paging parameters.
    pub fn paging(self, p: &Paging) -> Url {
        self.opt("limit", p.limit)
            .opt("cursor", p.cursor.as_deref())
    }

    /// The URL.
    pub fn build(self) -> String {
        self.out
    }
}

/// Percent-encodes a path segment (an id may hold `/`, `@`, spaces).
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_values_and_skip_empty_ones() {
        let url = Url::new("/api/contacts")
            .param("q", "ana garcía+1@x.com")
            .param("country", "")
            .opt("limit", Some(50))
            .opt("cursor", None::<&str>)
            .build();
        assert_eq!(
            url,
            "/api/contacts?q=ana%20garc%C3%ADa%2B1%40x.com&limit=50"
        );
        assert_eq!(Url::new("/api/events").build(), "/api/events");
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn times_round_trip_through_rfc3339() {
        assert_eq!(parse_time("2026-03-01T10:00:00Z"), Some(1_772_359_200));
        assert_eq!(parse_time("2026-03-01T11:00:00+01:00"), Some(1_772_359_200));
        assert_eq!(format_time(1_772_359_200), "2026-03-01T10:00:00Z");
        assert_eq!(parse_time("yesterday"), None);
    }
}
