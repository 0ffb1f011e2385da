//! Parsing the option values every subcommand shares: dates, durations.

use canal_core::identity::CountryCode;
use canal_core::model::DAY;
use chrono::NaiveDate;

/// Parses `--phone-country`: a country code of the phone table.
pub fn phone_country(s: &str) -> Result<CountryCode, String> {
    CountryCode::parse(s).map_err(|e| e.to_string())
}

/// Parses `YYYY-MM-DD`.
pub fn date(option: &str, s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{option} {s:?} is not a date (expected YYYY-MM-DD)"))
}

/// Seconds since the epoch at the start of a `YYYY-MM-DD` day, UTC.
pub fn day_start(option: &str, s: &str) -> Result<i64, String> {
    Ok(canal_core::rfm::day_number(date(option, s)?) * DAY)
}

/// Parses a duration like `14d`, `36h`, `30m`, `90s` into seconds; `none`
/// is no limit.
pub fn duration(option: &str, s: &str) -> Result<Option<i64>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let bad = || format!("{option} {s:?} is not a duration (like 14d, 36h, 30m, 90s or none)");
    let (n, unit) = s.split_at(s.len().saturating_sub(1));
    let unit = match unit {
        "d" => DAY,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => return Err(bad()),
    };
    let n: i64 = n.parse().map_err(|_| bad())?;
    if n < 0 {
        return Err(bad());
    }
    n.checked_mul(unit).map(Some).ok_or_else(bad)
}

/// The ISO date of a timestamp (seconds since the epoch, UTC).
pub fn iso_date(ts: i64) -> String {
    canal_core::rfm::date_of_day(ts.div_euclid(DAY)).to_string()
}

/// The ISO date-time of a timestamp, UTC (`2024-03-05T10:00:00Z`).
pub fn iso_time(ts: i64) -> String {
    let secs = ts.rem_euclid(DAY);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso_date(ts),
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}
