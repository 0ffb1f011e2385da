//! Identity reconciliation of the contact records: how many records are
//! how many people, which keys matched, and the merge map export.

use super::labels::key_kind_name;
use super::model::{identity_view, IdentityView};
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::pages::workbench::{input_value, Shared};
use crate::services::download;
use crate::state::data::Loaded;
use canal_core::format;
use canal_core::identity::{CountryCode, KeyKind};
use yew::prelude::*;

/// Props of [`IdentitySection`].
#[derive(Properties, PartialEq)]
pub struct IdentitySectionProps {
    /// The data.
    pub data: Loaded,
}

/// Records merged into people.
#[component]
pub fn IdentitySection(props: &IdentitySectionProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    // The country the data was keyed with, so the page merges as the
    // dashboards count; another can be tried.
    let country = use_state(|| props.data.dataset.key_country().iso().to_owned());
    let view = use_memo(
        (props.data.clone(), (*country).clone()),
        |(data, country)| Shared::new(identity_view(&data.dataset, country)),
    );
    let error = use_state(|| None::<String>);
    let on_country = {
        let country = country.clone();
        Callback::from(move |e: Event| country.set(input_value(&e)))
    };
    let on_export = {
        let (view, error) = (view.clone(), error.clone());
        Callback::from(move |_| {
            let v: &IdentityView = &view;
            let csv = v.merge.merge_map_csv(&v.records);
            error.set(
                download::save_csv("merge-map.csv", &csv)
                    .err()
                    .map(|e| e.to_string()),
            );
        })
    };
    let records = view.records.len() as u64;
    let people = view.merge.person_count() as u64;
    let merged = records - people;
    // Contacts carry e-mails and phones only, so no external id can match.
    let kinds = [KeyKind::Email, KeyKind::Phone];
    html! {
        <section class="card wb-section" aria-labelledby="identity-title" data-testid="identity"
                 data-records={records.to_string()} data-people={people.to_string()}>
            <div class="card-head wb-head">
                <div>
                    <h2 id="identity-title">{ t(Text::IdTitle) }</h2>
                    <p class="card-hint">{ t(Text::IdHint) }</p>
                </div>
                <div class="wb-tools">
                    <label class="field inline">
                        <span>{ t(Text::IdCountry) }</span>
                        <select onchange={on_country}>
                            { for CountryCode::all().map(CountryCode::iso).map(|c| html! {
                                <option value={c} selected={*country == c}>{ c }</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" class="button primary" data-testid="export-merge-map" onclick={on_export}>
                        { t(Text::IdExport) }
                    </button>
                </div>
            </div>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ e.clone() }</p>
            }
            <div class="stat-row">
                <div class="stat"><span class="stat-value">{ format::count(records, locale) }</span><span class="stat-label">{ t(Text::IdRecords) }</span></div>
                <div class="stat"><span class="stat-value">{ format::count(people, locale) }</span><span class="stat-label">{ t(Text::IdPeople) }</span></div>
                <div class="stat"><span class="stat-value">{ format::count(merged, locale) }</span><span class="stat-label">{ t(Text::IdMerged) }</span></div>
                { for kinds.iter().zip(view.matched_by).map(|(&k, n)| html! {
                    <div class="stat" data-key-kind={k.as_str()}>
                        <span class="stat-value">{ format::count(u64::from(n), locale) }</span>
                        <span class="stat-label">{ format!("{} {}", t(Text::IdMatchedBy), t(key_kind_name(k)).to_lowercase()) }</span>
                    </div>
                }) }
                <div class="stat"><span class="stat-value">{ format::count(view.merge.invalid.len() as u64, locale) }</span><span class="stat-label">{ t(Text::IdInvalid) }</span></div>
            </div>
        </section>
    }
}
