//! Preferences: language, with a preview of how numbers and dates read,
//! the largest workspace this browser loads, and the country of imported
//! phone numbers: this browser's, and when logged in the server
//! workspace's ([`workspace_country`]).

use crate::components::{LocaleSwitch, PageHeader};
use crate::hooks::{browser_limit, use_session, use_settings};
use crate::i18n::{country_label, Text};
use crate::state::data::BrowserLimit;
use crate::state::session::Session;
use canal_core::format;
use canal_core::identity::CountryCode;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use workspace_country::WorkspaceCountryField;
use yew::prelude::*;

mod workspace_country;

/// What became of the last edit of the limit.
#[derive(Clone, Copy, PartialEq)]
enum LimitEdit {
    Untouched,
    Saved,
    Invalid,
}

/// The browser's workspace limit, kept in localStorage.
#[component]
fn BrowserLimitField() -> Html {
    let settings = use_settings();
    let edit = use_state(|| LimitEdit::Untouched);
    let current = browser_limit().0;
    let onchange = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            let stored = BrowserLimit::from_text(&text).is_some_and(|limit| {
                gloo::utils::window()
                    .local_storage()
                    .ok()
                    .flatten()
                    .is_some_and(|s| s.set_item(BrowserLimit::KEY, &limit.0.to_string()).is_ok())
            });
            edit.set(if stored {
                LimitEdit::Saved
            } else {
                LimitEdit::Invalid
            });
        })
    };
    html! {
        <>
            <dt><label for="browser-limit">{ settings.t(Text::BrowserLimitLabel) }</label></dt>
            <dd>
                <input id="browser-limit" type="number" min="1" step="1" inputmode="numeric"
                       data-testid="browser-limit" value={current.to_string()} {onchange}
                       aria-invalid={(*edit == LimitEdit::Invalid).to_string()}
                       aria-describedby="browser-limit-help" />
                { " " }{ settings.t(Text::BrowserLimitUnit) }
                <p id="browser-limit-help" class="field-help">{ settings.t(Text::BrowserLimitHelp) }</p>
                if *edit == LimitEdit::Invalid {
                    <p class="field-error" role="alert">{ settings.t(Text::BrowserLimitInvalid) }</p>
                }
                if *edit == LimitEdit::Saved {
                    <p class="field-help" role="status">{ settings.t(Text::BrowserLimitSaved) }</p>
                }
            </dd>
        </>
    }
}

/// The country of imported phone numbers without a prefix (#3): a select
/// of the countries the phone table knows, so no unknown code can be
/// chosen.
#[component]
fn PhoneCountryField() -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let current = settings.phone_country();
    let saved = use_state(|| false);
    // Beside the workspace's country, say which data this one is for.
    let session = use_session();
    let logged_in = matches!(session.session(), Session::User(_));
    let onchange = {
        let (settings, saved) = (settings.clone(), saved.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(c) = CountryCode::parse(&select.value()) {
                settings.set_phone_country(c);
                saved.set(true);
            }
        })
    };
    html! {
        <>
            <dt><label for="phone-country">{ settings.t(Text::PhoneCountryLabel) }</label></dt>
            <dd>
                if logged_in {
                    <p class="field-help">{ settings.t(Text::PhoneCountryBrowserScope) }</p>
                }
                <select id="phone-country" data-testid="phone-country" {onchange}
                        aria-describedby="phone-country-help">
                    { for CountryCode::all().map(|c| html! {
                        <option value={c.iso()} selected={c == current}>{ country_label(c, locale) }</option>
                    }) }
                </select>
                <p id="phone-country-help" class="field-help">{ settings.t(Text::PhoneCountryHelp) }</p>
                if *saved {
                    <p class="field-help" role="status">{ settings.t(Text::PhoneCountrySaved) }</p>
                }
            </dd>
        </>
    }
}

/// The settings screen.
#[component]
pub fn SettingsPage() -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let sample_date = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default();
    html! {
        <>
            <PageHeader title={Text::NavSettings} intro={Text::SettingsIntro} />
            <section class="card settings-card">
                <dl class="settings-list">
                    <dt>{ settings.t(Text::LanguageLabel) }</dt>
                    <dd><LocaleSwitch /></dd>
                    <dt>{ settings.t(Text::NumberPreview) }</dt>
                    <dd data-testid="number-preview">
                        { format::number(1_234_567.89, 2, locale) }
                        {" · "}
                        { format::percent(0.1234, 1, locale) }
                    </dd>
                    <dt>{ settings.t(Text::DatePreview) }</dt>
                    <dd data-testid="date-preview">{ format::date(sample_date, locale) }</dd>
                    <BrowserLimitField />
                    <WorkspaceCountryField />
                    <PhoneCountryField />
                </dl>
            </section>
        </>
    }
}
