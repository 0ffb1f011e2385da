//! Preferences: language, with a preview of how numbers and dates read.

use crate::components::{LocaleSwitch, PageHeader};
use crate::hooks::use_settings;
use crate::i18n::Text;
use canal_core::format;
use yew::prelude::*;

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
                </dl>
            </section>
        </>
    }
}
