//! The running job (progress, cancel) and how it ended: rows loaded per
//! file, and the rows that were not, with line numbers and reasons.

use super::file_card::kind_label;
use crate::hooks::{use_data, use_import, use_settings};
use crate::i18n::{Locale, Text};
use crate::route::Route;
use crate::services::import::{download, page_memory};
use crate::state::import::ImportStatus;
use crate::worker::protocol::{FileReport, JobProgress};
use canal_core::csv_out::push_row;
use canal_core::format;
use yew::prelude::*;
use yew_router::prelude::*;

/// Row errors listed on the page; the download has every kept one.
const SHOWN_ERRORS: usize = 100;

/// Props of [`Progress`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// How far the worker has got.
    pub progress: JobProgress,
}

/// Bytes and rows read so far, with a cancel button.
#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    let settings = use_settings();
    let import = use_import();
    let locale = settings.locale();
    let p = props.progress;
    let on_cancel = Callback::from(move |_| import.cancel());
    html! {
        <section class="card import-job" data-import-status="parsing" aria-busy="true">
            <div class="import-job-head">
                <h2>{ settings.t(Text::ImportParsing) }</h2>
                <button type="button" class="button" data-testid="import-cancel" onclick={on_cancel}>
                    { settings.t(Text::ImportCancel) }
                </button>
            </div>
            <progress max="1" value={p.fraction().to_string()} aria-label={settings.t(Text::ImportParsing)}></progress>
            <p class="import-job-figures" role="status" data-bytes={p.bytes.to_string()} data-rows={p.rows.to_string()}>
                { super::bytes(p.bytes, locale) }{ " / " }{ super::bytes(p.total_bytes, locale) }
                { " · " }{ format::count(p.rows, locale) }{ " " }{ settings.t(Text::ImportRows) }
                { " · " }{ format::count(p.errors, locale) }{ " " }{ settings.t(Text::ImportErrorsWord) }
            </p>
        </section>
    }
}

/// The row errors of every file as CSV, in the reader's language: in
/// English `file,line,column,reason` with the importer's own sentences (what
/// `canal analyze` prints), in Spanish the same columns and reasons worded
/// as the page shows them.
pub fn errors_csv(reports: &[FileReport], locale: Locale) -> String {
    let mut out = String::new();
    let header = [
        Text::ImportColFile,
        Text::ImportColLine,
        Text::ImportColColumn,
        Text::ImportColReason,
    ];
    if locale == Locale::En {
        push_row(&mut out, ["file", "line", "column", "reason"]);
    } else {
        push_row(&mut out, header.map(|t| t.get(locale)));
    }
    for f in reports {
        for e in &f.report.errors {
            let line = e.line.to_string();
            let reason = super::texts::reason(e, locale);
            push_row(
                &mut out,
                [
                    f.name.as_str(),
                    line.as_str(),
                    e.column.as_deref().unwrap_or(""),
                    reason.as_str(),
                ],
            );
        }
    }
    out
}

/// The `data-reason-kind` of a row error (`unknown`, `missing`, …).
fn reason_kind(e: &canal_core::import::RowError) -> String {
    serde_json::to_value(&e.kind)
        .ok()
        .and_then(|v| v.get("type")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// How the last job ended, if one ended.
#[component]
pub fn Outcome() -> Html {
    let settings = use_settings();
    let import = use_import();
    let data = use_data();
    let locale = settings.locale();
    match &import.state().status {
        ImportStatus::Idle | ImportStatus::Parsing(_) => Html::default(),
        ImportStatus::Failed { reason, cancelled } => {
            let (title, body) = if *cancelled {
                (
                    Text::ImportCancelledTitle,
                    settings.t(Text::ImportCancelledBody).to_owned(),
                )
            } else {
                (Text::ImportFailedTitle, reason.clone())
            };
            html! {
                <section class="card import-job failed" data-import-status="failed"
                    data-cancelled={cancelled.to_string()} role="alert">
                    <h2>{ settings.t(title) }</h2>
                    <p>{ body }</p>
                </section>
            }
        }
        ImportStatus::Done {
            reports,
            parse_ms,
            memory_bytes,
        } => {
            let input_bytes: u64 = reports.iter().map(|f| f.report.bytes).sum();
            // Resident size of the event columns, for the memory budget
            // (SPEC §9: bytes per event row); the benchmark reads these.
            let (event_rows, event_bytes) = data
                .dataset()
                .map_or((0, 0), |ds| (ds.events.len(), ds.events.heap_bytes()));
            let total_errors: u64 = reports.iter().map(|f| f.report.errors_total).sum();
            let total_rows: u64 = reports.iter().map(|f| f.report.rows_loaded).sum();
            let files = reports.iter().map(|f| {
                let r = &f.report;
                let kind = r.kind.map_or("", |k| settings.t(kind_label(k)));
                html! {
                    <tr data-file={f.name.clone()} data-rows-loaded={r.rows_loaded.to_string()}
                        data-errors={r.errors_total.to_string()}>
                        <th scope="row">{ &f.name }</th>
                        <td>{ kind }</td>
                        <td class="num">{ format::count(r.rows_loaded, locale) }</td>
                        <td class="num">{ format::count(r.errors_total, locale) }</td>
                    </tr>
                }
            });
            let shown = reports
                .iter()
                .flat_map(|f| f.report.errors.iter().map(move |e| (&f.name, e)))
                .take(SHOWN_ERRORS)
                .map(|(name, e)| {
                    html! {
                        <tr>
                            <td>{ name }</td>
                            <td class="num">{ e.line }</td>
                            <td>{ e.column.clone().unwrap_or_default() }</td>
                            <td data-reason-kind={reason_kind(e)}>{ super::texts::reason(e, locale) }</td>
                        </tr>
                    }
                });
            let kept: usize = reports.iter().map(|f| f.report.errors.len()).sum();
            let on_download = {
                let reports = reports.clone();
                Callback::from(move |_| {
                    if let Err(err) = download(
                        "import-errors.csv",
                        "text/csv",
                        &errors_csv(&reports, locale),
                    ) {
                        gloo::console::warn!(err);
                    }
                })
            };
            let seconds = format::number(parse_ms / 1000.0, 2, locale);
            html! {
                <section class="card import-job done" data-import-status="done"
                    data-parse-ms={parse_ms.to_string()} data-input-bytes={input_bytes.to_string()}
                    data-worker-memory={memory_bytes.to_string()} data-event-rows={event_rows.to_string()}
                    data-event-bytes={event_bytes.to_string()}
                    data-page-memory={page_memory().to_string()}>
                    <div class="import-job-head">
                        <h2>{ settings.t(Text::ImportDoneTitle) }</h2>
                        <Link<Route> to={Route::Dashboard} classes="button primary">
                            { settings.t(Text::ImportOpenDashboard) }
                        </Link<Route>>
                    </div>
                    <p class="import-job-figures" data-rows-loaded={total_rows.to_string()}>
                        { format::count(total_rows, locale) }{ " " }{ settings.t(Text::ImportLoaded) }
                        { " " }{ settings.t(Text::ImportIn) }{ " " }{ seconds }{ " s" }
                    </p>
                    <table class="data-table import-files">
                        <thead><tr>
                            <th scope="col">{ settings.t(Text::ImportColFile) }</th>
                            <th scope="col">{ settings.t(Text::ImportKind) }</th>
                            <th scope="col" class="num">{ settings.t(Text::ImportRows) }</th>
                            <th scope="col" class="num">{ settings.t(Text::ImportErrorsWord) }</th>
                        </tr></thead>
                        <tbody>{ for files }</tbody>
                    </table>
                    <div class="import-errors" data-row-errors={total_errors.to_string()}>
                        <h3>{ settings.t(Text::ImportRowErrorsTitle) }{ " · " }{ format::count(total_errors, locale) }</h3>
                        if total_errors == 0 {
                            <p>{ settings.t(Text::ImportNoRowErrors) }</p>
                        } else {
                            <>
                                if kept > SHOWN_ERRORS {
                                    <p class="import-note">{ settings.t(Text::ImportShowingFirst) }{ " " }{ SHOWN_ERRORS }</p>
                                }
                                <div class="import-preview">
                                    <table class="data-table">
                                        <thead><tr>
                                            <th scope="col">{ settings.t(Text::ImportColFile) }</th>
                                            <th scope="col" class="num">{ settings.t(Text::ImportColLine) }</th>
                                            <th scope="col">{ settings.t(Text::ImportColColumn) }</th>
                                            <th scope="col">{ settings.t(Text::ImportColReason) }</th>
                                        </tr></thead>
                                        <tbody>{ for shown }</tbody>
                                    </table>
                                </div>
                                <button type="button" class="button" data-testid="import-errors-download" onclick={on_download}>
                                    { settings.t(Text::ImportDownloadErrors) }
                                </button>
                            </>
                        }
                    </div>
                </section>
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::import::{ImportReport, RowError};

    #[test]
    fn errors_download_as_csv() {
        let err = |line, column: Option<&str>, reason: &str| RowError {
            line,
            column: column.map(str::to_owned),
            reason: reason.to_owned(),
            kind: canal_core::import::RowErrorKind::of(reason),
        };
        let reports = vec![
            FileReport {
                name: "a.csv".into(),
                report: ImportReport {
                    errors: vec![
                        err(3, Some("amount"), "not a number: \"1,2,3\""),
                        err(9, None, "too few fields"),
                    ],
                    ..ImportReport::default()
                },
            },
            FileReport {
                name: "b.csv".into(),
                report: ImportReport::default(),
            },
        ];
        assert_eq!(
            errors_csv(&reports, Locale::En),
            "file,line,column,reason\n\
             a.csv,3,amount,\"not a number: \"\"1,2,3\"\"\"\n\
             a.csv,9,,too few fields\n"
        );
        // Spanish: the page's words, reasons the importer knows reworded.
        let reports = vec![FileReport {
            name: "pedidos.csv".into(),
            report: ImportReport {
                errors: vec![
                    err(4, Some("importe"), "cannot read 'mucho' as a number"),
                    err(7, None, "the row has 3 fields but the header has 5"),
                ],
                ..ImportReport::default()
            },
        }];
        assert_eq!(
            errors_csv(&reports, Locale::Es),
            "Archivo,Línea,Columna,Motivo\n\
             pedidos.csv,4,importe,no se puede leer «mucho» como número\n\
             pedidos.csv,7,,la fila tiene 3 campos y la cabecera 5\n"
        );
    }
}
