//! The files whose data is loaded and kept in this browser: what each
//! brought, removing one, and clearing them all.

use super::file_card::kind_label;
use super::texts::field_text;
use crate::hooks::{use_import, use_settings};
use crate::i18n::Text;
use canal_core::format;
use yew::prelude::*;

/// The loaded files with their rows, row errors and mappings.
#[component]
pub fn SavedPanel() -> Html {
    let settings = use_settings();
    let import = use_import();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let Some(saved) = &import.state().saved else {
        return Html::default();
    };
    let files = saved.files.iter().enumerate().map(|(i, f)| {
        let mapping = f
            .mapping
            .iter()
            .map(|(header, field)| format!("{header} → {}", t(field_text(*field))))
            .collect::<Vec<_>>()
            .join(" · ");
        let on_remove = {
            let import = import.clone();
            Callback::from(move |_| import.remove_saved(i))
        };
        let label = format!("{} {}", t(Text::ImportRemoveFile), f.name);
        html! {
            <li class="import-loaded-file" data-saved-file={f.name.clone()} data-kind={f.kind.as_str()}
                data-rows={f.rows_loaded.to_string()} data-errors={f.errors_total.to_string()}
                data-duplicates={f.duplicates.to_string()}>
                <div class="import-loaded-main">
                    <p class="import-loaded-name">
                        <strong>{ &f.name }</strong>
                        <span class="chip">{ t(kind_label(f.kind)) }</span>
                    </p>
                    <p class="import-loaded-figures">
                        <span>{ format::count(f.rows_loaded, locale) }{ " " }{ t(if f.rows_loaded == 1 { Text::ImportRowWord } else { Text::ImportRows }) }</span>
                        <span class={classes!((f.errors_total > 0).then_some("warn"))}>
                            { format::count(f.errors_total, locale) }{ " " }{ t(if f.errors_total == 1 { Text::ImportErrorWord } else { Text::ImportErrorsWord }) }
                        </span>
                        if f.duplicates > 0 {
                            <span title={t(Text::ImportDuplicatesHint)}>
                                { format::count(f.duplicates, locale) }{ " " }{ t(Text::ImportColDuplicates).to_lowercase() }
                            </span>
                        }
                    </p>
                    <p class="import-mapping-summary">{ mapping }</p>
                </div>
                <button type="button" class="button ghost" data-testid="import-remove-saved"
                    aria-label={label} onclick={on_remove}>
                    { t(Text::ImportRemove) }
                </button>
            </li>
        }
    });
    let total: u64 = saved.files.iter().map(|f| f.rows_loaded).sum();
    let on_clear = {
        let import = import.clone();
        Callback::from(move |_| import.clear_saved())
    };
    html! {
        <section class="card import-saved" data-testid="import-saved" data-files={saved.files.len().to_string()}>
            <div class="import-job-head">
                <div>
                    <h2>{ t(Text::ImportLoadedTitle) }</h2>
                    <p class="import-note" data-total-rows={total.to_string()}>
                        { format::count(total, locale) }{ " " }{ t(Text::ImportLoadedTotal) }
                        { " · " }{ t(Text::ImportSavedBody) }
                    </p>
                </div>
                <button type="button" class="button danger" data-testid="import-clear" onclick={on_clear}>
                    { t(Text::ImportClearAll) }
                </button>
            </div>
            <ul class="import-loaded">{ for files }</ul>
        </section>
    }
}
