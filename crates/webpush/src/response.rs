//! What to do with a push service's answer (RFC 8030 §5, §6.2, §8.3).

use chrono::NaiveDateTime;

/// Delay before the first retry after a server error.
pub const BACKOFF_BASE: u64 = 30;
/// Longest delay [`backoff`] returns.
pub const BACKOFF_MAX: u64 = 60 * 60;
/// Longest `Retry-After` honoured: a larger one (or a date far ahead) would
/// park the message past any useful TTL, so it is cut to a day.
pub const RETRY_AFTER_MAX: u64 = 24 * 60 * 60;

/// The decision for one delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted (201 Created or 202 Accepted, or any other 2xx).
    Delivered,
    /// 404 or 410: the subscription no longer exists; delete it.
    Gone,
    /// 429, 408 or 5xx: try again after this many seconds.
    Retry {
        /// The status that asked for the retry.
        status: u16,
        /// Seconds to wait.
        after: u64,
    },
    /// 400, 401, 403 or 413: the request was wrong (bad VAPID token, payload
    /// too large, ...); retrying cannot help, so log it as our bug.
    Rejected {
        /// The status received.
        status: u16,
    },
    /// Any other status: log it and do not retry.
    Unexpected {
        /// The status received.
        status: u16,
    },
}

/// Classifies a response. `retry_after` is the raw `Retry-After` header if
/// any, `now` the current time in seconds since the Unix epoch, and
/// `attempt` the number of attempts made so far including this one.
pub fn classify(status: u16, retry_after: Option<&str>, now: u64, attempt: u32) -> Outcome {
    let asked = retry_after.and_then(|v| parse_retry_after(v, now));
    match status {
        200..=299 => Outcome::Delivered,
        404 | 410 => Outcome::Gone,
        429 => Outcome::Retry {
            status,
            after: asked.unwrap_or_else(|| backoff(attempt)),
        },
        // A 503 may say how long it will be down; never retry sooner than
        // our own backoff, so a flapping service is not hammered.
        408 | 500..=599 => Outcome::Retry {
            status,
            after: asked.map_or(backoff(attempt), |a| a.max(backoff(attempt))),
        },
        400 | 401 | 403 | 413 => Outcome::Rejected { status },
        _ => Outcome::Unexpected { status },
    }
}

/// Exponential backoff: 30 s after the first attempt, doubling each time,
/// capped at an hour. Deterministic; add jitter at the caller if needed.
pub fn backoff(attempt: u32) -> u64 {
    let doublings = attempt.saturating_sub(1).min(63);
    BACKOFF_BASE.saturating_mul(1 << doublings).min(BACKOFF_MAX)
}

/// Seconds to wait from a `Retry-After` value: delay-seconds, or an HTTP date
/// (IMF-fixdate, or the obsolete RFC 850 and asctime forms that RFC 9110
/// requires recipients to accept) measured from `now`. A date in the past
/// means 0; the result is capped at [`RETRY_AFTER_MAX`]. `None` if the value
/// is neither.
pub fn parse_retry_after(value: &str, now: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for u64 is still a number: just a very long wait.
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(secs.min(RETRY_AFTER_MAX));
    }
    let at = parse_http_date(value)?;
    let now = i64::try_from(now).ok()?;
    Some(u64::try_from(at - now).map_or(0, |d| d.min(RETRY_AFTER_MAX)))
}

/// An HTTP date as seconds since the Unix epoch.
fn parse_http_date(value: &str) -> Option<i64> {
    const FORMATS: [&str; 3] = [
        "%a, %d %b %Y %H:%M:%S GMT", // IMF-fixdate
        "%A, %d-%b-%y %H:%M:%S GMT", // RFC 850
        "%a %b %e %H:%M:%S %Y",      // asctime
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .map(|t| t.and_utc().timestamp())
}
