//! The language picker.

use crate::hooks::use_settings;
use crate::i18n::{Locale, Text};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A labelled select between English and Spanish.
#[component]
pub fn LocaleSwitch() -> Html {
    let settings = use_settings();
    let onchange = {
        let settings = settings.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(locale) = Locale::from_tag(&select.value()) {
                settings.set_locale(locale);
            }
        })
    };
    let current = settings.locale();
    html! {
        <label class="locale-switch">
            <span class="visually-hidden">{ settings.t(Text::LanguageLabel) }</span>
            <select data-testid="locale" {onchange} aria-label={settings.t(Text::LanguageLabel)}>
                <option value="en" selected={current == Locale::En}>{"English"}</option>
                <option value="es" selected={current == Locale::Es}>{"Español"}</option>
            </select>
        </label>
    }
}
