//! What is kept in this browser, and the button that forgets it.

use super::file_card::kind_label;
use crate::hooks::{use_import, use_settings};
use crate::i18n::Text;
use canal_core::format;
use yew::prelude::*;

/// The imported files kept across reloads, with their mappings.
#[component]
pub fn SavedPanel() -> Html {
    let settings = use_settings();
    let import = use_import();
    let locale = settings.locale();
    let Some(saved) = &import.state().saved else {
        return Html::default();
    };
    let files = saved.files.iter().map(|f| {
        let mapping = f
            .mapping
            .iter()
            .map(|(header, field)| format!("{header} → {}", field.as_str().replace('_', " ")))
            .collect::<Vec<_>>()
            .join(" · ");
        html! {
            <li data-saved-file={f.name.clone()}>
                <strong>{ &f.name }</strong>{ " · " }{ settings.t(kind_label(f.kind)) }{ " · " }
                { format::count(f.rows_loaded, locale) }{ " " }{ settings.t(Text::ImportRows) }
                <p class="import-mapping-summary">{ mapping }</p>
            </li>
        }
    });
    let on_clear = {
        let import = import.clone();
        Callback::from(move |_| import.clear_saved())
    };
    html! {
        <section class="card import-saved" data-testid="import-saved">
            <div class="import-job-head">
                <h2>{ settings.t(Text::ImportSavedTitle) }</h2>
                <button type="button" class="button danger" data-testid="import-clear" onclick={on_clear}>
                    { settings.t(Text::ImportClear) }
                </button>
            </div>
            <p class="import-note">{ settings.t(Text::ImportSavedBody) }</p>
            <ul class="import-saved-files">{ for files }</ul>
        </section>
    }
}
