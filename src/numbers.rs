//! How the dashboard writes numbers: compact counts and money ("12.3k"),
//! rates with enough decimals to tell small ones apart, and signed changes.
//! Digits and separators always come from `canal_core::format`, so English
//! and Spanish agree with the CLI.

use crate::state::dashboard::{Metric, Polarity, Unit};
use canal_core::format::{self, Locale};

/// Below this, counts and money are written in full.
const COMPACT_FROM: f64 = 10_000.0;

/// `value` with a thousand/million/billion suffix once it reaches 10 000:
/// "12.3k", "1.2M" in English; "12,3 mil", "1,2 M" in Spanish.
pub fn compact(value: f64, locale: Locale) -> String {
    let abs = value.abs();
    if !value.is_finite() || abs < COMPACT_FROM {
        return format::number(value, 0, locale);
    }
    let (scaled, en, es) = if abs >= 1e9 {
        (value / 1e9, "B", "\u{a0}mil\u{a0}M")
    } else if abs >= 1e6 {
        (value / 1e6, "M", "\u{a0}M")
    } else {
        (value / 1e3, "k", "\u{a0}mil")
    };
    // One decimal while it still says something (12.3k), none past 100.
    let decimals = if scaled.abs() < 100.0 { 1 } else { 0 };
    let digits = format::number(scaled, decimals, locale);
    let digits = digits
        .strip_suffix(".0")
        .or_else(|| digits.strip_suffix(",0"))
        .unwrap_or(&digits);
    match locale {
        Locale::En => format!("{digits}{en}"),
        Locale::Es => format!("{digits}{es}"),
    }
}

/// Money, compact from 10 000 on, with its currency code.
pub fn compact_money(value: f64, currency: &str, locale: Locale) -> String {
    if value.abs() < COMPACT_FROM {
        return format::money(value, currency, locale);
    }
    let n = compact(value, locale);
    match locale {
        Locale::En => format!("{currency}\u{a0}{n}"),
        Locale::Es => format!("{n}\u{a0}{currency}"),
    }
}

/// A rate as a percentage; rates under 1 % get two decimals so 0.02 % and
/// 0.04 % do not both read "0.0 %".
pub fn rate(fraction: f64, locale: Locale) -> String {
    let decimals = if fraction.abs() < 0.01 && fraction != 0.0 {
        2
    } else {
        1
    };
    format::percent(fraction, decimals, locale)
}

/// A rate as a percentage, "–" when there is none.
pub fn metric_rate(fraction: Option<f64>, locale: Locale) -> String {
    fraction.map_or_else(|| "–".to_owned(), |f| rate(f, locale))
}

/// A metric's value as shown on a card or in the table; "–" when there is
/// none (e.g. a rate over nothing).
pub fn metric_value(metric: Metric, value: Option<f64>, currency: &str, locale: Locale) -> String {
    let Some(v) = value else {
        return "–".to_owned();
    };
    match metric.unit() {
        Unit::Count => compact(v, locale),
        Unit::Money => compact_money(v, currency, locale),
        Unit::Rate if metric == Metric::Roi => format::percent(v, 0, locale),
        Unit::Rate => rate(v, locale),
    }
}

/// A metric's value written in full, for hover text and the series table.
pub fn metric_value_full(
    metric: Metric,
    value: Option<f64>,
    currency: &str,
    locale: Locale,
) -> String {
    let Some(v) = value else {
        return "–".to_owned();
    };
    match metric.unit() {
        Unit::Count => format::number(v, if v.fract() == 0.0 { 0 } else { 1 }, locale),
        Unit::Money => format::money(v, currency, locale),
        Unit::Rate if metric == Metric::Roi => format::percent(v, 1, locale),
        Unit::Rate => format::percent(v, 2, locale),
    }
}

/// Relative change from `previous` to `current`: `Some(0.0)` when both are
/// zero, `None` when there is nothing to compare with.
pub fn relative_change(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    let (c, p) = (current?, previous?);
    if p == 0.0 {
        return (c == 0.0).then_some(0.0);
    }
    Some((c - p) / p.abs())
}

/// Which way a change went and what that means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// A rise that is good news.
    Good,
    /// A change that is bad news.
    Bad,
    /// No real change, or a metric with no good direction.
    Neutral,
}

impl Trend {
    /// The CSS class and `data-trend` value.
    pub fn slug(self) -> &'static str {
        match self {
            Trend::Good => "good",
            Trend::Bad => "bad",
            Trend::Neutral => "neutral",
        }
    }
}

/// A change as shown: an arrow, a signed percentage, and whether it is
/// good; `None` when there is nothing to compare with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delta {
    /// ↑, ↓ or → (no change at the shown precision).
    pub arrow: &'static str,
    /// "+12.3%", "−4,0 %", "0.0%".
    pub text: String,
    /// What it means.
    pub trend: Trend,
}

/// The change shown beside `metric`.
pub fn delta(metric: Metric, change: Option<f64>, locale: Locale) -> Option<Delta> {
    let change = change?;
    let text = format::signed_percent(change, 1, locale);
    // Under 0.05 % the shown text is "0.0%": call that flat.
    let flat = change.abs() < 0.0005;
    let arrow = if flat {
        "\u{2192}"
    } else if change > 0.0 {
        "\u{2191}"
    } else {
        "\u{2193}"
    };
    let up = change > 0.0;
    let trend = match metric.polarity() {
        _ if flat => Trend::Neutral,
        Polarity::Neutral => Trend::Neutral,
        Polarity::UpIsGood if up => Trend::Good,
        Polarity::UpIsBad if !up => Trend::Good,
        Polarity::UpIsGood | Polarity::UpIsBad => Trend::Bad,
    };
    Some(Delta { arrow, text, trend })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::{En, Es};

    fn check(got: String, expected: &str) {
        assert_eq!(got, expected);
    }

    #[test]
    fn compact_numbers() {
        check(compact(0.0, En), "0");
        check(compact(9_999.0, En), "9,999");
        check(compact(9_999.0, Es), "9999");
        check(compact(12_345.0, En), "12.3k");
        check(compact(12_345.0, Es), "12,3\u{a0}mil");
        check(compact(10_000.0, En), "10k");
        check(compact(250_400.0, En), "250k");
        check(compact(1_234_567.0, En), "1.2M");
        check(compact(1_234_567.0, Es), "1,2\u{a0}M");
        check(compact(-45_600.0, En), "-45.6k");
        check(compact(3_000_000_000.0, En), "3B");
        check(compact_money(1234.5, "EUR", En), "EUR\u{a0}1,234.50");
        check(compact_money(98_765.0, "EUR", Es), "98,8\u{a0}mil\u{a0}EUR");
    }

    #[test]
    fn rates_keep_small_ones_apart() {
        check(rate(0.2346, En), "23.5%");
        check(rate(0.0002, En), "0.02%");
        check(rate(0.0004, Es), "0,04\u{a0}%");
        check(rate(0.0, En), "0.0%");
    }

    #[test]
    fn metric_values() {
        check(
            metric_value(Metric::OpenRate, Some(0.5), "EUR", Es),
            "50,0\u{a0}%",
        );
        check(metric_value(Metric::Roi, Some(2.5), "EUR", En), "250%");
        check(
            metric_value(Metric::Delivered, Some(12_345.0), "EUR", En),
            "12.3k",
        );
        check(metric_value(Metric::ClickRate, None, "EUR", En), "–");
        check(
            metric_value_full(Metric::Delivered, Some(12_345.0), "EUR", En),
            "12,345",
        );
        check(
            metric_value_full(Metric::Reactivations, Some(2.5), "EUR", En),
            "2.5",
        );
        check(
            metric_value_full(Metric::OpenRate, Some(0.5), "EUR", En),
            "50.00%",
        );
    }

    #[test]
    fn relative_changes() {
        assert_eq!(relative_change(Some(12.0), Some(10.0)), Some(0.2));
        assert_eq!(relative_change(Some(5.0), Some(10.0)), Some(-0.5));
        assert_eq!(relative_change(Some(0.0), Some(0.0)), Some(0.0));
        assert_eq!(relative_change(Some(3.0), Some(0.0)), None);
        assert_eq!(relative_change(None, Some(1.0)), None);
        // A negative ROI improving is a rise.
        assert_eq!(relative_change(Some(-0.5), Some(-1.0)), Some(0.5));
    }

    fn check_delta(metric: Metric, change: f64, locale: Locale, expected: (&str, &str, Trend)) {
        let d = delta(metric, Some(change), locale).unwrap();
        assert_eq!(
            (d.arrow, d.text.as_str(), d.trend),
            expected,
            "{metric:?} {change}"
        );
    }

    #[test]
    fn deltas_carry_meaning() {
        check_delta(Metric::OpenRate, 0.123, En, ("↑", "+12.3%", Trend::Good));
        check_delta(
            Metric::OpenRate,
            -0.04,
            Es,
            ("↓", "\u{2212}4,0\u{a0}%", Trend::Bad),
        );
        check_delta(Metric::ComplaintRate, 0.5, En, ("↑", "+50.0%", Trend::Bad));
        check_delta(
            Metric::UnsubscribeRate,
            -0.25,
            En,
            ("↓", "\u{2212}25.0%", Trend::Good),
        );
        check_delta(Metric::Cost, 0.3, En, ("↑", "+30.0%", Trend::Neutral));
        check_delta(Metric::Revenue, 0.0001, En, ("→", "0.0%", Trend::Neutral));
        assert_eq!(delta(Metric::Revenue, None, En), None);
    }
}
