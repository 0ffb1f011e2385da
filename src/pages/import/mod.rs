//! Drag-in CSV analysis (SPEC §9): pick or drop files, check the preview
//! and the suggested mapping, import in the worker, see what did not load.

mod file_card;
mod outcome;
mod saved;
pub mod texts;

use crate::components::PageHeader;
use crate::hooks::{use_import, use_settings};
use crate::i18n::Text;
use crate::services::import::page_memory;
use crate::state::import::{ImportMode, ImportStatus};
use canal_core::format;
use file_card::FileCard;
use outcome::{Outcome, Progress};
use saved::SavedPanel;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The files of a file list, in order.
pub fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The import screen.
#[component]
pub fn ImportPage() -> Html {
    let settings = use_settings();
    let import = use_import();
    let state = import.state();
    let parsing = matches!(state.status, ImportStatus::Parsing(_));
    // Workers are warmed while the files are picked and checked.
    {
        let import = import.clone();
        use_effect_with((), move |_| import.warm_up());
    }

    let on_pick = {
        let import = import.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            import.add_files(file_list(input.files()));
            // Picking the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let on_confirm = {
        let import = import.clone();
        Callback::from(move |_| import.confirm())
    };

    let cards = state.files.iter().map(|f| {
        html! { <FileCard key={f.id} file={f.clone()} disabled={parsing} /> }
    });
    let unreadable = state.unreadable.iter().map(|(name, reason)| {
        html! {
            <li>{ settings.t(Text::ImportUnreadable) }{ " " }<strong>{ name }</strong>{ ": " }{ reason }</li>
        }
    });
    let total: u64 = state.files.iter().map(|f| f.size).sum();
    // With files already loaded, the new ones are added unless the user
    // says to replace them.
    let has_saved = state.saved.is_some();
    let mode_choice = has_saved.then(|| {
        let choice = |mode: ImportMode, text: Text, testid: &'static str| {
            let import = import.clone();
            let on_change = Callback::from(move |_| import.set_mode(mode));
            html! {
                <label class={classes!("import-mode-option", (state.mode == mode).then_some("selected"))}>
                    <input type="radio" name="import-mode" data-testid={testid}
                        checked={state.mode == mode} disabled={parsing} onchange={on_change} />
                    { settings.t(text) }
                </label>
            }
        };
        html! {
            <fieldset class="import-mode" data-mode={match state.mode { ImportMode::Add => "add", ImportMode::Replace => "replace" }}>
                <legend>{ settings.t(Text::ImportModeLabel) }</legend>
                { choice(ImportMode::Add, Text::ImportModeAdd, "import-mode-add") }
                { choice(ImportMode::Replace, Text::ImportModeReplace, "import-mode-replace") }
            </fieldset>
        }
    });
    let note = match (has_saved, state.mode) {
        (false, _) => Text::ImportReplaces,
        (true, ImportMode::Add) => Text::ImportAddsNote,
        (true, ImportMode::Replace) => Text::ImportReplacesNote,
    };
    let confirm = (!state.files.is_empty()).then(|| {
        html! {
            <div class="import-confirm-row">
                { mode_choice.unwrap_or_default() }
                <button type="button" class="button primary" data-testid="import-confirm"
                    data-page-memory={page_memory().to_string()}
                    disabled={parsing} onclick={on_confirm}>
                    { settings.t(Text::ImportConfirm) }{ " " }
                    { format::count(state.files.len() as u64, settings.locale()) }{ " " }
                    { settings.t(if state.files.len() == 1 { Text::ImportFileWord } else { Text::ImportFilesWord }) }
                    { " · " }{ bytes(total, settings.locale()) }
                </button>
                <span class="import-note">{ settings.t(note) }</span>
            </div>
        }
    });

    html! {
        <>
            <PageHeader title={Text::NavImport} intro={Text::ImportIntro} />
            <section class="import-drop card" aria-labelledby="import-drop-title"
                data-warm-workers={import.warm_workers().to_string()}>
                <div class="import-drop-icon" aria-hidden="true">{ "⇪" }</div>
                <h2 id="import-drop-title">{ settings.t(Text::ImportDropTitle) }</h2>
                <p class="import-hint">{ settings.t(Text::ImportDropHint) }</p>
                <label class="button primary import-pick">
                    { settings.t(Text::ImportChoose) }
                    <input type="file" multiple=true data-testid="csv-input" class="visually-hidden"
                        accept=".csv,.tsv,.txt,.gz,text/csv,text/plain,application/gzip"
                        onchange={on_pick} />
                </label>
                <p class="import-privacy">{ settings.t(Text::ImportPrivacy) }</p>
            </section>
            if !state.unreadable.is_empty() {
                <ul class="import-unreadable" role="alert">{ for unreadable }</ul>
            }
            if let ImportStatus::Parsing(p) = &state.status {
                <Progress progress={*p} />
            }
            <Outcome />
            { for cards }
            { confirm.unwrap_or_default() }
            <SavedPanel />
        </>
    }
}

/// A byte size for people (kB, MB, GB with the locale's decimals).
pub fn bytes(n: u64, locale: canal_core::format::Locale) -> String {
    let n = n as f64;
    let (value, unit) = if n >= 1e9 {
        (n / 1e9, "GB")
    } else if n >= 1e6 {
        (n / 1e6, "MB")
    } else if n >= 1e3 {
        (n / 1e3, "kB")
    } else {
        return format!("{} B", format::count(n as u64, locale));
    };
    format!("{} {unit}", format::number(value, 1, locale))
}
