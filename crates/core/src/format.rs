//! Locale-aware formatting of counts, rates, money and dates.
//!
//! The app and the CLI show the same numbers the same way, so the formatting
//! lives here rather than in the UI. English groups thousands with `,` and
//! uses `.` for decimals; Spanish uses `.` and `,` (RAE: no grouping for
//! four-digit numbers) and writes dates day first.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Locale {
    /// Every supported locale.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Es];

    /// The BCP 47 tag (`en`, `es`).
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
        }
    }

    /// The locale for a tag such as `es-ES` or `en`; `None` if unsupported.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let lang = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match lang.as_str() {
            "en" => Some(Locale::En),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    const fn separators(self) -> (char, char) {
        match self {
            Locale::En => (',', '.'),
            Locale::Es => ('.', ','),
        }
    }
}

/// Groups the digits of a non-negative integer string.
fn group(digits: &str, sep: char, locale: Locale) -> String {
    if locale == Locale::Es && digits.len() <= 4 {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Formats `value` with `decimals` fraction digits and grouped thousands.
pub fn number(value: f64, decimals: usize, locale: Locale) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let (thousands, point) = locale.separators();
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    // `-0.00` reads as a sign error; only show a minus for a visible value.
    if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    out.push_str(&group(int, thousands, locale));
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// Formats an integer count with grouped thousands.
pub fn count(value: u64, locale: Locale) -> String {
    group(&value.to_string(), locale.separators().0, locale)
}

/// Formats a fraction (0.1234) as a percentage ("12.3%", "12,3 %").
pub fn percent(fraction: f64, decimals: usize, locale: Locale) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    let n = number(fraction * 100.0, decimals, locale);
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Es => format!("{n}\u{a0}%"),
    }
}

/// Formats a signed change in percentage points or relative terms with an
/// explicit sign ("+3.2%", "−1,0 %").
pub fn signed_percent(fraction: f64, decimals: usize, locale: Locale) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    let body = percent(fraction.abs(), decimals, locale);
    if number(fraction.abs() * 100.0, decimals, locale)
        .bytes()
        .all(|b| !(b'1'..=b'9').contains(&b))
    {
        return body;
    }
    if fraction < 0.0 {
        format!("\u{2212}{body}")
    } else {
        format!("+{body}")
    }
}

/// Formats money with a currency code ("€1,234.50" style is avoided on
/// purpose: the code is unambiguous across locales).
pub fn money(value: f64, currency: &str, locale: Locale) -> String {
    let n = number(value, 2, locale);
    match locale {
        Locale::En => format!("{currency}\u{a0}{n}"),
        Locale::Es => format!("{n}\u{a0}{currency}"),
    }
}

/// Formats a civil date ("2026-03-01" in English as "Mar 1, 2026", in
/// Spanish as "1/3/2026").
pub fn date(date: chrono::NaiveDate, locale: Locale) -> String {
    use chrono::Datelike;
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match locale {
        Locale::En => format!(
            "{} {}, {}",
            EN_MONTHS[date.month0() as usize],
            date.day(),
            date.year()
        ),
        Locale::Es => format!("{}/{}/{}", date.day(), date.month(), date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn check(got: String, expected: &str) {
        assert_eq!(got, expected);
    }

    #[test]
    fn numbers() {
        check(number(1234567.891, 2, Locale::En), "1,234,567.89");
        check(number(1234567.891, 2, Locale::Es), "1.234.567,89");
        check(number(1234.0, 0, Locale::Es), "1234");
        check(number(12345.0, 0, Locale::Es), "12.345");
        check(number(-0.001, 2, Locale::En), "0.00");
        check(number(-5.5, 1, Locale::En), "-5.5");
        check(number(f64::NAN, 1, Locale::En), "–");
        check(count(0, Locale::En), "0");
        check(count(1_000, Locale::En), "1,000");
        check(count(1_000_000, Locale::Es), "1.000.000");
    }

    #[test]
    fn percents() {
        check(percent(0.1234, 1, Locale::En), "12.3%");
        check(percent(0.1234, 1, Locale::Es), "12,3\u{a0}%");
        check(signed_percent(0.032, 1, Locale::En), "+3.2%");
        check(signed_percent(-0.01, 1, Locale::Es), "\u{2212}1,0\u{a0}%");
        check(signed_percent(0.0001, 1, Locale::En), "0.0%");
    }

    #[test]
    fn money_and_dates() {
        check(money(1234.5, "EUR", Locale::En), "EUR\u{a0}1,234.50");
        check(money(1234.5, "EUR", Locale::Es), "1234,50\u{a0}EUR");
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        check(date(d, Locale::En), "Mar 1, 2026");
        check(date(d, Locale::Es), "1/3/2026");
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::from_tag("es-ES"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("EN_us"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
    }
}
