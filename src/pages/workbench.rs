//! What the segment, scoring and pressure workbenches share: the data gate
//! (loading, failed, empty or ready) and date helpers for their inputs.

use crate::components::EmptyState;
use crate::hooks::DataHandle;
use crate::pages::dashboard::status::{LoadErrorState, LoadingState};
use crate::state::data::{DataStatus, Loaded};
use canal_core::model::DAY;
use canal_core::rfm::{date_of_day, day_number};
use chrono::NaiveDate;
use std::rc::Rc;
use yew::prelude::*;

/// A computed result shared by pointer: props and memo keys compare the
/// pointer, never the (large) contents.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shared<T> {
    /// Shares `value`.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

/// The loaded data, or what to show instead of the workbench.
pub fn gate(data: &DataHandle) -> Result<Loaded, Html> {
    match (data.data(), data.status()) {
        (Some(loaded), _) => Ok(loaded.clone()),
        (None, DataStatus::Loading { progress }) => {
            Err(html! { <LoadingState progress={*progress} /> })
        }
        (None, DataStatus::Failed(reason)) => {
            Err(html! { <LoadErrorState reason={reason.clone()} /> })
        }
        (None, _) => Err(html! { <EmptyState /> }),
    }
}

/// The UTC date of a timestamp in seconds.
pub fn date_of(ts: i64) -> NaiveDate {
    date_of_day(ts.div_euclid(DAY))
}

/// The first second of `date`, UTC.
pub fn start_of(date: NaiveDate) -> i64 {
    day_number(date) * DAY
}

/// The last second of `date`, UTC: "as of" a day includes all of it.
pub fn end_of(date: NaiveDate) -> i64 {
    start_of(date) + DAY - 1
}

/// Parses an `<input type=date>` value.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// The value of the input or select that fired `e`.
pub fn input_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    target
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Whether the checkbox that fired `e` is checked.
pub fn input_checked(e: &Event) -> bool {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_bounds() {
        let d = parse_date("2026-03-01").expect("date");
        assert_eq!(end_of(d) - start_of(d), DAY - 1);
        assert_eq!(date_of(start_of(d)), d);
        assert_eq!(date_of(end_of(d)), d);
        assert_eq!(parse_date("03/01/2026"), None);
    }
}

/// Props of [`KeptBar`].
#[derive(Properties, PartialEq)]
pub struct KeptBarProps {
    /// Nothing was changed: the defaults apply.
    pub is_default: bool,
    /// "Reset to defaults".
    pub on_reset: Callback<()>,
    /// The reset button's `data-testid`.
    pub testid: AttrValue,
    /// Logged in, the setting is kept on the server (else in the browser).
    #[prop_or(true)]
    pub on_server: bool,
    /// Why what is shown may not be what is kept.
    #[prop_or_default]
    pub problem: Option<crate::hooks::KeptProblem>,
}

/// Says that edits are kept, with the button that goes back to defaults.
#[component]
pub fn KeptBar(props: &KeptBarProps) -> Html {
    let settings = crate::hooks::use_settings();
    let data = crate::hooks::use_data();
    let t = |k| settings.t(k);
    let server = crate::services::workbench::Workspace::of(data.source())
        == crate::services::workbench::Workspace::Server;
    let note = if server && props.on_server {
        crate::i18n::Text::WbKeptServer
    } else {
        crate::i18n::Text::WbKeptBrowser
    };
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let problem = props.problem.as_ref().map(|p| {
        let (what, why, kind) = match p {
            crate::hooks::KeptProblem::Read(why) => {
                (crate::i18n::Text::WbKeptReadFailed, why, "read")
            }
            crate::hooks::KeptProblem::Keep(why) => {
                (crate::i18n::Text::WbKeptSaveFailed, why, "keep")
            }
        };
        html! {
            <p class="field-error wb-kept-problem" role="alert" data-problem={kind}
               data-testid={format!("{}-problem", props.testid)}>
                // Written as it is drawn: in the language shown now.
                { t(what) }{ " " }{ why.to_string() }
            </p>
        }
    });
    html! {
        <div class="wb-kept" data-default={props.is_default.to_string()}>
            <span class="wb-kept-note">
                { t(if props.is_default { crate::i18n::Text::WbUsingDefaults } else { note }) }
            </span>
            <button type="button" class="button ghost" data-testid={props.testid.clone()}
                disabled={props.is_default && props.problem.is_none()} onclick={on_reset}>
                { t(crate::i18n::Text::WbResetDefaults) }
            </button>
            { for problem }
        </div>
    }
}
