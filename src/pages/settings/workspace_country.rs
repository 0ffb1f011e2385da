//! The server workspace's phone country (`/api/settings/identity`), shown
//! to a logged-in user beside this browser's own: the server's figures and
//! the data loaded after login read national numbers in it, files dropped
//! in this browser in the browser's.

use crate::hooks::{use_data, use_session, use_settings};
use crate::i18n::{country_label, Text};
use crate::services::identity::{self, WorkspaceCountry};
use crate::services::ApiError;
use crate::state::data::DataSource;
use crate::state::session::Session;
use canal_core::identity::CountryCode;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Where the workspace's country stands.
#[derive(Clone, PartialEq)]
enum Loaded {
    Loading,
    Ready(WorkspaceCountry),
    /// It could not be read. `repairable` when the server says the stored
    /// document no longer validates (`invalid_setting`: someone edited the
    /// database by hand): choosing a country again or going back to the
    /// default mends it, so both stay on offer.
    Failed {
        /// Kept whole, and written when drawn: in the language on screen
        /// then, not the one of the moment it failed.
        error: ApiError,
        repairable: bool,
    },
}

/// What became of the last change.
#[derive(Clone, PartialEq)]
enum Change {
    Untouched,
    Saving,
    Saved,
    Failed(ApiError),
}

/// The workspace's phone country, editable; nothing when logged out.
#[component]
pub fn WorkspaceCountryField() -> Html {
    let settings = use_settings();
    let session = use_session();
    let data = use_data();
    let logged_in = matches!(session.session(), Session::User(_));
    let loaded = use_state(|| Loaded::Loading);
    let change = use_state(|| Change::Untouched);
    // Bumped when a save fails, so the select is drawn again with the
    // stored country rather than keep showing the refused one.
    let redraw = use_state(|| 0u32);
    {
        let loaded = loaded.clone();
        use_effect_with(logged_in, move |&logged_in| {
            if logged_in {
                wasm_bindgen_futures::spawn_local(async move {
                    loaded.set(match identity::load().await {
                        Ok(w) => Loaded::Ready(w),
                        Err(e) => Loaded::Failed {
                            repairable: e.code() == Some("invalid_setting"),
                            error: e,
                        },
                    });
                });
            }
        });
    }
    if !logged_in {
        return Html::default();
    }
    // After a change: the answer, and the server's data loaded again so the
    // browser's figures join people as the server's do.
    let apply = {
        let (loaded, change, data, redraw) =
            (loaded.clone(), change.clone(), data.clone(), redraw.clone());
        move |outcome: Result<WorkspaceCountry, ApiError>| match outcome {
            Ok(w) => {
                loaded.set(Loaded::Ready(w));
                change.set(Change::Saved);
                if *data.source() == DataSource::Server {
                    data.load_from_server();
                }
            }
            Err(e) => {
                change.set(Change::Failed(e));
                redraw.set(*redraw + 1);
            }
        }
    };
    let onchange = {
        let (change, apply) = (change.clone(), apply.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Ok(country) = CountryCode::parse(&select.value()) else {
                return;
            };
            change.set(Change::Saving);
            let apply = apply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                apply(identity::save(country).await);
            });
        })
    };
    let onreset = {
        let (change, apply) = (change.clone(), apply.clone());
        Callback::from(move |_: MouseEvent| {
            change.set(Change::Saving);
            let apply = apply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match identity::reset().await {
                    Ok(()) => identity::load().await,
                    Err(e) => Err(e),
                };
                apply(outcome);
            });
        })
    };
    let locale = settings.locale();
    let busy = *change == Change::Saving;
    // The country select; `None` selects no country (the stored one could
    // not be read).
    let select = |selected: Option<CountryCode>, stored: &str| {
        html! {
            <select key={*redraw} id="workspace-phone-country" data-testid="workspace-phone-country"
                    data-stored={stored.to_owned()} disabled={busy} onchange={onchange.clone()}
                    aria-describedby="workspace-phone-country-help">
                if selected.is_none() {
                    <option value="" selected=true disabled=true>{ settings.t(Text::WorkspaceCountryChoose) }</option>
                }
                { for CountryCode::all().map(|c| html! {
                    <option value={c.iso()} selected={Some(c) == selected}>{ country_label(c, locale) }</option>
                }) }
            </select>
        }
    };
    let reset = html! {
        <button type="button" class="link-button" data-testid="workspace-phone-country-reset"
                disabled={busy} onclick={onreset}>
            { settings.t(Text::WorkspaceCountryReset) }
        </button>
    };
    let body = match &*loaded {
        Loaded::Loading => html! {
            <p class="field-help" role="status">{ settings.t(Text::WorkspaceCountryLoading) }</p>
        },
        Loaded::Failed {
            error,
            repairable: false,
        } => html! {
            <p class="field-error" role="alert">{ settings.t(Text::WorkspaceCountryLoadFailed) }{ " " }{ error.to_string() }</p>
        },
        Loaded::Failed {
            error,
            repairable: true,
        } => html! {
            <>
                <p class="field-error" role="alert" data-testid="workspace-phone-country-invalid">
                    { settings.t(Text::WorkspaceCountryLoadFailed) }{ " " }{ error.to_string() }
                </p>
                <p class="field-help">{ settings.t(Text::WorkspaceCountryRepair) }</p>
                { select(None, "invalid") }
                { " " }
                { reset }
            </>
        },
        Loaded::Ready(w) => html! {
            <>
                { select(Some(w.phone_country), if w.stored { "true" } else { "false" }) }
                if w.stored {
                    { " " }
                    { reset }
                } else {
                    <p class="field-help">{ settings.t(Text::WorkspaceCountryNotSaved) }</p>
                }
            </>
        },
    };
    html! {
        <>
            <dt><label for="workspace-phone-country">{ settings.t(Text::WorkspaceCountryLabel) }</label></dt>
            <dd>
                { body }
                <p id="workspace-phone-country-help" class="field-help">{ settings.t(Text::WorkspaceCountryHelp) }</p>
                {
                    match &*change {
                        Change::Saved => html! {
                            <p class="field-help" role="status">{ settings.t(Text::WorkspaceCountrySaved) }</p>
                        },
                        Change::Failed(e) => html! {
                            <p class="field-error" role="alert" data-testid="workspace-phone-country-error">
                                { settings.t(Text::WorkspaceCountryFailed) }{ " " }{ e.to_string() }
                            </p>
                        },
                        Change::Untouched | Change::Saving => Html::default(),
                    }
                }
            </dd>
        </>
    }
}
