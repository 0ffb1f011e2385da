//! One pending file: what was detected, the table kind, and a preview whose
//! column headers are the mapping editor.

use crate::hooks::{use_import, use_settings};
use crate::i18n::Text;
use crate::state::import::PendingFile;
use canal_core::import::{DateOrder, Field, TableKind};
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Rows of the preview shown under the mapping.
const PREVIEW_ROWS: usize = 5;

/// The label of a table kind.
pub fn kind_label(kind: TableKind) -> Text {
    match kind {
        TableKind::Contacts => Text::KindContacts,
        TableKind::Events => Text::KindEvents,
        TableKind::Orders => Text::KindOrders,
        TableKind::Campaigns => Text::KindCampaigns,
        TableKind::Consent => Text::KindConsent,
    }
}

fn select_value(e: &Event) -> Option<String> {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
}

/// Props of [`FileCard`].
#[derive(Properties, PartialEq)]
pub struct FileCardProps {
    /// The file.
    pub file: PendingFile,
    /// While a job runs the mapping is fixed.
    pub disabled: bool,
}

/// The preview and mapping editor of one file.
#[component]
pub fn FileCard(props: &FileCardProps) -> Html {
    let settings = use_settings();
    let import = use_import();
    let f = &props.file;
    let id = f.id;
    let s = &f.sniff;

    let on_kind = {
        let import = import.clone();
        Callback::from(move |e: Event| {
            if let Some(kind) = select_value(&e).and_then(|v| TableKind::parse(&v)) {
                import.set_kind(id, kind);
            }
        })
    };
    let on_remove = {
        let import = import.clone();
        Callback::from(move |_| import.remove(id))
    };
    let kinds = TableKind::ALL.iter().map(|&k| {
        html! {
            <option value={k.as_str()} selected={k == f.kind}>{ settings.t(kind_label(k)) }</option>
        }
    });

    let heads = s.headers.iter().enumerate().map(|(col, header)| {
        let current = f.mapping.columns.get(col).copied().flatten();
        let on_field = {
            let import = import.clone();
            Callback::from(move |e: Event| {
                let field = select_value(&e).and_then(|v| Field::parse(&v));
                import.set_field(id, col, field);
            })
        };
        let options = Field::ALL.iter().map(|&fl| {
            html! { <option value={fl.as_str()} selected={current == Some(fl)}>{ settings.t(super::texts::field_text(fl)) }</option> }
        });
        let select_id = format!("map-{id}-{col}");
        html! {
            <th scope="col" class={classes!(current.is_none().then_some("unmapped"))}>
                <label class="import-col-name" for={select_id.clone()}>{ header }</label>
                <select id={select_id} data-column={col.to_string()} disabled={props.disabled}
                    data-field={current.map_or("", Field::as_str)} onchange={on_field}>
                    <option value="" selected={current.is_none()}>{ settings.t(Text::ImportIgnore) }</option>
                    { for options }
                </select>
            </th>
        }
    });
    let rows = s.preview.iter().take(PREVIEW_ROWS).map(|row| {
        html! { <tr>{ for row.iter().map(|cell| html! { <td>{ cell }</td> }) }</tr> }
    });

    let delimiter = match s.delimiter {
        b'\t' => "tab".to_owned(),
        d => format!("'{}'", d as char),
    };
    let detected = [
        s.encoding.as_str().to_owned(),
        format!("{} {delimiter}", settings.t(Text::ImportDelimiter)),
        settings
            .t(if s.decimal_comma {
                Text::ImportDecimalComma
            } else {
                Text::ImportDecimalPoint
            })
            .to_owned(),
    ]
    .into_iter()
    // The day/month order only matters, and is only shown, when the
    // preview has dates that say it.
    .chain(s.date_order_from_data.then(|| {
        settings
            .t(match s.date_order {
                DateOrder::Dmy => Text::ImportDayFirst,
                DateOrder::Mdy => Text::ImportMonthFirst,
            })
            .to_owned()
    }))
    .chain(s.gzip.then(|| "gzip".to_owned()))
    .map(|t| html! { <li>{ t }</li> });

    html! {
        <section class="card import-file" data-file={f.name.clone()} data-kind={f.kind.as_str()}>
            <header class="import-file-head">
                <div>
                    <h2 class="import-file-name">{ &f.name }</h2>
                    <ul class="import-detected">
                        <li>{ super::bytes(f.size, settings.locale()) }</li>
                        { for detected }
                    </ul>
                </div>
                <label class="import-kind">
                    <span>{ settings.t(Text::ImportKind) }</span>
                    <select data-testid="import-kind" disabled={props.disabled} onchange={on_kind}>
                        { for kinds }
                    </select>
                </label>
                <button type="button" class="button ghost" disabled={props.disabled} onclick={on_remove}>
                    { settings.t(Text::ImportRemove) }
                </button>
            </header>
            <div class="import-preview" tabindex="0">
                <table class="data-table">
                    <caption class="visually-hidden">{ settings.t(Text::ImportPreviewCaption) }</caption>
                    <thead><tr>{ for heads }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
