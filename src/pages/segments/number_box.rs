//! A number typed as text: the raw text stays while typing (so "12," on the
//! way to "12,5" is not reset to "12" under the cursor), each keystroke
//! that reads as a number updates the rule, and text that does not says so
//! beside the box.

use crate::hooks::use_settings;
use crate::i18n::{Locale, Text};
use yew::prelude::*;

/// The number in `text` as typed in `locale`, or `None`.
///
/// The locale's decimal separator (`.` in English, `,` in Spanish) is
/// always decimal. The other one is decimal too when it appears once and
/// is not followed by exactly three digits ("12.5" typed in Spanish),
/// otherwise it groups thousands ("1.250" in Spanish, "1,250" in English).
/// Spaces group thousands. A trailing separator ("12,") reads as 12, so
/// typing never passes through an error.
pub fn parse_number(text: &str, locale: Locale) -> Option<f64> {
    let (decimal, other) = match locale {
        Locale::En => ('.', ','),
        Locale::Es => (',', '.'),
    };
    let s: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return None;
    }
    let others = s.matches(other).count();
    let other_is_decimal = others == 1 && !s.contains(decimal) && {
        let after = s.rsplit(other).next().unwrap_or("");
        !(after.len() == 3 && after.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == decimal || (c == other && other_is_decimal) {
            out.push('.');
        } else if c != other {
            out.push(c);
        }
    }
    if out.matches('.').count() > 1 {
        return None;
    }
    let out = out.strip_suffix('.').unwrap_or(&out);
    // `f64::from_str` also takes "inf", "NaN" and "1e5"; people type digits.
    let digits = out.strip_prefix('-').unwrap_or(out);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    out.parse().ok()
}

/// `x` as `locale` writes it in an input (no grouping).
pub fn format_number(x: f64, locale: Locale) -> String {
    let s = x.to_string();
    match locale {
        Locale::En => s,
        Locale::Es => s.replace('.', ","),
    }
}

/// Props of [`NumberBox`].
#[derive(Properties, PartialEq)]
pub struct NumberBoxProps {
    /// The number in force.
    pub value: f64,
    /// A new number, on each keystroke that reads as one.
    pub on_change: Callback<f64>,
    /// Accessible name.
    pub label: AttrValue,
    /// `data-testid` of the input.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A text box for a decimal number.
#[component]
pub fn NumberBox(props: &NumberBoxProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let raw = use_state(|| None::<String>);
    // The typed text stays while it is what the number came from (or does
    // not read yet); a number changed elsewhere shows as that number.
    let typed = raw
        .as_ref()
        .filter(|r| parse_number(r, locale).is_none_or(|x| x == props.value));
    let shown = typed
        .cloned()
        .unwrap_or_else(|| format_number(props.value, locale));
    let invalid = typed.is_some_and(|r| !r.trim().is_empty() && parse_number(r, locale).is_none());
    let on_input = {
        let (raw, emit) = (raw.clone(), props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let text = crate::pages::workbench::input_value(&e);
            if let Some(x) = parse_number(&text, locale) {
                emit.emit(x);
            }
            raw.set(Some(text));
        })
    };
    // Leaving a box that reads shows the number as the locale writes it.
    let on_blur = {
        let raw = raw.clone();
        Callback::from(move |_: FocusEvent| {
            if raw
                .as_ref()
                .is_some_and(|r| parse_number(r, locale).is_some())
            {
                raw.set(None);
            }
        })
    };
    html! {
        <span class="num-box">
            <input type="text" inputmode="decimal" class="rb-value" data-testid={props.testid.clone()}
                aria-label={props.label.clone()} aria-invalid={invalid.to_string()}
                value={shown} oninput={on_input} onblur={on_blur} />
            if invalid {
                <span class="num-box-error" role="alert">{ settings.t(Text::NumInvalid) }</span>
            }
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        let check = |text: &str, locale: Locale, expected: Option<f64>| {
            assert_eq!(parse_number(text, locale), expected, "{text:?} {locale:?}");
        };
        use Locale::{En, Es};
        check("12.5", En, Some(12.5));
        check("12,5", Es, Some(12.5));
        // The other convention, typed once, is a decimal too.
        check("12,5", En, Some(12.5));
        check("12.5", Es, Some(12.5));
        // Three digits after it: thousands.
        check("1,250", En, Some(1250.0));
        check("1.250", Es, Some(1250.0));
        check("1.250,75", Es, Some(1250.75));
        check("1,250.75", En, Some(1250.75));
        check("1 250,5", Es, Some(1250.5));
        // On the way to "12,5".
        check("12,", Es, Some(12.0));
        check("12.", En, Some(12.0));
        check("-3", En, Some(-3.0));
        check("0,25", Es, Some(0.25));
        check("", En, None);
        check("-", En, None);
        check(",", Es, None);
        check("12,5,3", Es, None);
        check("abc", En, None);
        check("1e5", En, None);
        check("inf", En, None);
    }

    #[test]
    fn numbers_as_written_in_the_box() {
        assert_eq!(format_number(12.5, Locale::Es), "12,5");
        assert_eq!(format_number(12.5, Locale::En), "12.5");
        assert_eq!(format_number(50.0, Locale::Es), "50");
        for x in [0.0, 12.5, -3.25, 1250.0] {
            for locale in [Locale::En, Locale::Es] {
                assert_eq!(parse_number(&format_number(x, locale), locale), Some(x));
            }
        }
    }
}
