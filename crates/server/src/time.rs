//! Timestamps on the wire: RFC 3339 text out, RFC 3339, a plain date or epoch
//! seconds in. Stored as `i64` seconds since the Unix epoch, UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize, Serializer};

/// The earliest and latest instants accepted (1970-01-01 to 2100-01-01):
/// anything outside is a typo, not a CRM event.
const MIN_TS: i64 = 0;
const MAX_TS: i64 = 4_102_444_800;

/// A timestamp as a client may send it.
#[derive(Clone, Debug)]
pub enum TimeIn {
    /// Seconds since the Unix epoch.
    Seconds(i64),
    /// RFC 3339 (`2026-03-01T10:00:00Z`), or `YYYY-MM-DD[ HH:MM:SS]` as UTC.
    Text(String),
}

// By hand rather than `#[serde(untagged)]`, which buffers every value into
// an intermediate tree first: ingest reads one of these per event.
impl<'de> Deserialize<'de> for TimeIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TimeIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("seconds since 1970 or a date-time text")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TimeIn, E> {
                Ok(TimeIn::Seconds(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TimeIn, E> {
                i64::try_from(v)
                    .map(TimeIn::Seconds)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TimeIn, E> {
                Ok(TimeIn::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<TimeIn, E> {
                Ok(TimeIn::Text(v))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl TimeIn {
    /// The instant, or why it is not one.
    pub fn seconds(&self) -> Result<i64, String> {
        let ts = match self {
            TimeIn::Seconds(s) => *s,
            TimeIn::Text(t) => {
                parse(t).ok_or_else(|| format!("not a valid date or time: {t:?}"))?
            }
        };
        if (MIN_TS..MAX_TS).contains(&ts) {
            Ok(ts)
        } else {
            Err(format!("time {ts} is outside 1970–2100"))
        }
    }
}

/// Parses RFC 3339 or a UTC date/date-time; `None` for impossible dates
/// such as 2026-02-30.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.timestamp());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
            return Some(dt.and_utc().timestamp());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc().timestamp())
}

/// Appends `ts` as `YYYY-MM-DDTHH:MM:SSZ` without allocating; the bulk CSV
/// writers call this millions of times.
pub fn write_rfc3339(out: &mut Vec<u8>, ts: i64) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    push_num(out, y, 4);
    out.push(b'-');
    push_num(out, m, 2);
    out.push(b'-');
    push_num(out, d, 2);
    out.push(b'T');
    push_num(out, h, 2);
    out.push(b':');
    push_num(out, mi, 2);
    out.push(b':');
    push_num(out, s, 2);
    out.push(b'Z');
}

/// `ts` as an RFC 3339 string.
pub fn rfc3339(ts: i64) -> String {
    let mut out = Vec::with_capacity(20);
    write_rfc3339(&mut out, ts);
    String::from_utf8(out).unwrap_or_default()
}

fn push_num(out: &mut Vec<u8>, mut n: i64, width: usize) {
    let mut buf = [b'0'; 8];
    let mut i = buf.len();
    while n > 0 && i > 0 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend_from_slice(&buf[buf.len() - width.max(buf.len() - i)..]);
}

/// Days since 1970-01-01 to (year, month, day); Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Serialises an `i64` timestamp field as RFC 3339.
pub fn ser<S: Serializer>(ts: &i64, s: S) -> Result<S::Ok, S::Error> {
    rfc3339(*ts).serialize(s)
}

/// Serialises an optional `i64` timestamp field as RFC 3339 or null.
pub fn ser_opt<S: Serializer>(ts: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    ts.map(rfc3339).serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<i64>) {
        assert_eq!(parse(text), expected, "{text}");
    }

    #[test]
    fn parses_rfc3339_dates_and_rejects_impossible_ones() {
        check("2026-01-01T00:00:00Z", Some(1_767_225_600));
        check("2026-01-01T01:00:00+01:00", Some(1_767_225_600));
        check("2026-01-01", Some(1_767_225_600));
        check("2026-01-01 00:00:10", Some(1_767_225_610));
        check("1970-01-02T00:00:00Z", Some(86_400));
        check("2026-02-30T00:00:00Z", None);
        check("2026-13-01", None);
        check("2026-02-29", None);
        check("2024-02-29", Some(1_709_164_800));
        check("yesterday", None);
        check("", None);
    }

    #[test]
    fn formats_like_chrono() {
        for ts in [
            0,
            59,
            86_399,
            951_782_400,
            1_709_164_800,
            1_767_225_599,
            4_102_444_799,
        ] {
            let chrono = DateTime::from_timestamp(ts, 0)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            assert_eq!(rfc3339(ts), chrono, "{ts}");
        }
    }

    fn check_wire(json: &str, expected: Option<i64>) {
        let parsed = serde_json::from_str::<TimeIn>(json).ok();
        assert_eq!(parsed.and_then(|t| t.seconds().ok()), expected, "{json}");
    }

    #[test]
    fn reads_numbers_and_texts_from_json() {
        check_wire("1767225600", Some(1_767_225_600));
        check_wire("\"2026-01-01\"", Some(1_767_225_600));
        check_wire("\"2026-01-01T01:00:00+01:00\"", Some(1_767_225_600));
        check_wire("-5", None);
        check_wire("18446744073709551615", None);
        check_wire("1767225600.5", None);
        check_wire("null", None);
        check_wire("[1]", None);
        check_wire("true", None);
    }

    #[test]
    fn range_is_enforced() {
        assert!(TimeIn::Seconds(-1).seconds().is_err());
        assert!(TimeIn::Text("2150-01-01".into()).seconds().is_err());
        assert_eq!(TimeIn::Seconds(5).seconds(), Ok(5));
    }
}
