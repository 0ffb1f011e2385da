//! The small value types every analysis reports in: a [`Rate`] that keeps
//! its numerator and denominator, a half-open [`Period`], and time
//! [`Bucket`]s for series.
//!
//! A rate is never stored as a bare `f64`: the dashboard shows `num / den` on
//! hover (SPEC §3), and a rate over nothing is "no value", not `0` or `NaN`.

use crate::model::DAY;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A ratio that remembers what it was computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    /// Numerator (e.g. unique openers).
    pub num: u64,
    /// Denominator (e.g. delivered).
    pub den: u64,
}

impl Rate {
    /// A rate of `num` over `den`.
    pub const fn new(num: u64, den: u64) -> Self {
        Rate { num, den }
    }

    /// `num / den`, or `None` when the denominator is zero.
    pub fn value(self) -> Option<f64> {
        (self.den != 0).then(|| self.num as f64 / self.den as f64)
    }

    /// `1 − value`, with the numerator counting the complement (drop-off).
    pub fn complement(self) -> Rate {
        Rate::new(self.den.saturating_sub(self.num), self.den)
    }

    /// The change of this rate against `previous`, in absolute points
    /// (`0.25 − 0.20 = 0.05`), or `None` when either has no value.
    pub fn change(self, previous: Rate) -> Option<f64> {
        Some(self.value()? - previous.value()?)
    }
}

/// A half-open time range `[from, to)` in seconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First second included.
    pub from: i64,
    /// First second excluded.
    pub to: i64,
}

impl Period {
    /// The period `[from, to)`.
    pub const fn new(from: i64, to: i64) -> Self {
        Period { from, to }
    }

    /// Every representable second, for "all time".
    pub const ALL: Period = Period {
        from: i64::MIN,
        to: i64::MAX,
    };

    /// Whether `t` falls in the period.
    #[inline]
    pub fn contains(self, t: i64) -> bool {
        self.from <= t && t < self.to
    }

    /// Length in seconds (0 for an empty or inverted period).
    pub fn len(self) -> i64 {
        self.to.saturating_sub(self.from).max(0)
    }

    /// Whether the period contains no second.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The period of the same length that ends where this one starts, for
    /// "change against the previous period".
    pub fn previous(self) -> Period {
        Period::new(self.from.saturating_sub(self.len()), self.from)
    }
}

/// The width of one point of a time series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// UTC calendar days.
    Day,
    /// ISO weeks, Monday 00:00 UTC to Monday.
    Week,
    /// UTC calendar months.
    Month,
}

impl Bucket {
    /// The start of the bucket holding `t`.
    pub fn floor(self, t: i64) -> i64 {
        let day = t.div_euclid(DAY);
        let start_day = match self {
            Bucket::Day => day,
            // 1970-01-01 was a Thursday: shifting by 3 days makes Monday 0.
            Bucket::Week => day - (day + 3).rem_euclid(7),
            Bucket::Month => date_of_day(day)
                .and_then(|d| day_of_date(d.year(), d.month()))
                .unwrap_or(day),
        };
        // Only near i64::MIN ("all time") does the start not fit.
        start_day.checked_mul(DAY).unwrap_or(t)
    }

    /// The start of the bucket after the one starting at `start`.
    pub fn next(self, start: i64) -> i64 {
        match self {
            Bucket::Day => start.saturating_add(DAY),
            Bucket::Week => start.saturating_add(7 * DAY),
            Bucket::Month => {
                let day = start.div_euclid(DAY);
                match date_of_day(day) {
                    Some(d) => {
                        let (y, m) = if d.month() == 12 {
                            (d.year() + 1, 1)
                        } else {
                            (d.year(), d.month() + 1)
                        };
                        day_of_date(y, m).map_or(i64::MAX, |n| n * DAY)
                    }
                    None => i64::MAX,
                }
            }
        }
    }

    /// The buckets covering `period`, each clipped to it, in order. Empty
    /// for an empty period; capped at 100 000 buckets so a mistaken "all
    /// time, by day" cannot exhaust memory.
    pub fn split(self, period: Period) -> Vec<Period> {
        let mut out = Vec::new();
        if period.is_empty() {
            return out;
        }
        let mut start = self.floor(period.from);
        while start < period.to && out.len() < 100_000 {
            let end = self.next(start);
            if end <= start {
                break;
            }
            out.push(Period::new(start.max(period.from), end.min(period.to)));
            start = end;
        }
        out
    }
}

fn date_of_day(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::try_days(day)?)
}

fn day_of_date(year: i32, month: u32) -> Option<i64> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((NaiveDate::from_ymd_opt(year, month, 1)? - epoch).num_days())
}

/// The index of the bucket of `buckets` (sorted, contiguous) holding `t`.
#[inline]
pub(crate) fn bucket_index(buckets: &[Period], t: i64) -> Option<usize> {
    let i = buckets.partition_point(|b| b.to <= t);
    (i < buckets.len() && buckets[i].contains(t)).then_some(i)
}

/// Mean and median of `xs` (reordered in place); `None` when empty.
pub(crate) fn mean_median(xs: &mut [i64]) -> (Option<f64>, Option<f64>) {
    if xs.is_empty() {
        return (None, None);
    }
    let mean = xs.iter().map(|&x| x as f64).sum::<f64>() / xs.len() as f64;
    let mid = xs.len() / 2;
    let (_, &mut hi, _) = xs.select_nth_unstable(mid);
    let median = if xs.len() % 2 == 1 {
        hi as f64
    } else {
        let lo = xs[..mid].iter().copied().max().unwrap_or(hi);
        (lo as f64 + hi as f64) / 2.0
    };
    (Some(mean), Some(median))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-01-01 was a Monday.
    const JAN1_2024: i64 = 1_704_067_200;

    #[test]
    fn rate_value_and_change() {
        assert_eq!(Rate::new(1, 4).value(), Some(0.25));
        assert_eq!(Rate::new(3, 0).value(), None);
        assert_eq!(Rate::new(1, 4).complement(), Rate::new(3, 4));
        assert_eq!(Rate::new(1, 2).change(Rate::new(1, 4)), Some(0.25));
        assert_eq!(Rate::new(1, 2).change(Rate::new(0, 0)), None);
    }

    #[test]
    fn period_previous_has_same_length() {
        let p = Period::new(100, 160);
        assert_eq!(p.previous(), Period::new(40, 100));
        assert!(p.contains(100) && !p.contains(160));
        assert_eq!(Period::new(5, 1).len(), 0);
    }

    fn check(bucket: Bucket, period: Period, expected: &[(i64, i64)]) {
        let got: Vec<(i64, i64)> = bucket
            .split(period)
            .iter()
            .map(|p| (p.from, p.to))
            .collect();
        assert_eq!(got, expected, "{bucket:?} {period:?}");
    }

    #[test]
    fn buckets_split_periods() {
        let d = DAY;
        let j = JAN1_2024;
        check(
            Bucket::Day,
            Period::new(j + 10, j + d + 5),
            &[(j + 10, j + d), (j + d, j + d + 5)],
        );
        // Wednesday 3rd to the next Wednesday: two ISO weeks.
        check(
            Bucket::Week,
            Period::new(j + 2 * d, j + 9 * d),
            &[(j + 2 * d, j + 7 * d), (j + 7 * d, j + 9 * d)],
        );
        // Jan 15 to Mar 2, 2024 (leap year: Feb has 29 days).
        check(
            Bucket::Month,
            Period::new(j + 14 * d, j + 61 * d),
            &[
                (j + 14 * d, j + 31 * d),
                (j + 31 * d, j + 60 * d),
                (j + 60 * d, j + 61 * d),
            ],
        );
        check(Bucket::Day, Period::new(j, j), &[]);
        assert_eq!(Bucket::Week.floor(j + 6 * d + 5), j);
        assert_eq!(Bucket::Month.floor(j - 1), j - 31 * d);
        assert_eq!(Bucket::Day.floor(i64::MIN), i64::MIN);
        assert_eq!(Bucket::Day.split(Period::ALL).len(), 100_000);
    }

    #[test]
    fn bucket_index_finds_the_bucket() {
        let b = Bucket::Day.split(Period::new(0, 3 * DAY));
        assert_eq!(bucket_index(&b, 0), Some(0));
        assert_eq!(bucket_index(&b, DAY), Some(1));
        assert_eq!(bucket_index(&b, 3 * DAY), None);
        assert_eq!(bucket_index(&b, -1), None);
    }
}
