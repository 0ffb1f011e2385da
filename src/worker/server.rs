//! Loading the server's exports in the worker (a [`ServerJob`]): each CSV
//! table streams from `fetch` into the importer, then campaigns and consent
//! from their JSON endpoints; people are unified and the data set goes to
//! the page as one image, as a file import's does. The page's own module
//! then needs no CSV importer, and a 25 MB export never blocks it.

use super::protocol::{FileReport, FromWorker, JobProgress, ServerJob};
use super::read::wasm_memory;
use super::run::post;
use crate::services::export;
use crate::services::import::image_of;
use canal_core::Dataset;
use js_sys::Uint8Array;
use web_sys::DedicatedWorkerGlobalScope;

/// Rows between two progress reports.
const PROGRESS_ROWS: u64 = 25_000;

/// Runs `job`; the answer is [`FromWorker::Done`] and the image.
pub async fn load(
    scope: &DedicatedWorkerGlobalScope,
    job: &ServerJob,
) -> Result<(FromWorker, Uint8Array), String> {
    let started = js_sys::Date::now();
    let mut ds = Dataset::default();
    let country = if job.workspace_country {
        workspace_country().await
    } else {
        None
    };
    let mut reports = Vec::new();
    for (step, (kind, url)) in job.tables.iter().enumerate() {
        let at = |p: canal_core::import::Progress| JobProgress {
            file: step as u32,
            bytes: p.bytes,
            total_bytes: 0,
            rows: p.rows,
            errors: p.errors,
        };
        post(scope, &FromWorker::Progress(at(Default::default())), None);
        let mut shown = 0;
        let report = export::import_table(&mut ds, *kind, url, country, |p| {
            if p.rows >= shown + PROGRESS_ROWS {
                shown = p.rows;
                post(scope, &FromWorker::Progress(at(p)), None);
            }
        })
        .await
        .map_err(|e| format!("{url}: {e}"))?;
        reports.push(FileReport {
            name: url.clone(),
            report,
        });
    }
    if job.campaigns_and_consent {
        let step = JobProgress {
            file: job.tables.len() as u32,
            ..JobProgress::default()
        };
        post(scope, &FromWorker::Progress(step), None);
        let campaigns = export::campaigns().await.map_err(|e| e.to_string())?;
        export::add_campaigns(&mut ds, &campaigns);
        let consent = export::consent().await.map_err(|e| e.to_string())?;
        let skipped = export::add_consent(&mut ds, &consent);
        if skipped > 0 {
            web_sys::console::warn_1(&format!("consent: {skipped} statements not loaded").into());
        }
    }
    // People, not records (SPEC §7): the server's metrics count the same.
    canal_core::people::unify(&mut ds);
    let parse_ms = js_sys::Date::now() - started;
    let image = image_of(&ds);
    let done = FromWorker::Done {
        reports,
        parse_ms,
        memory_bytes: wasm_memory(),
        phases: Vec::new(),
        steps: Vec::new(),
    };
    Ok((done, image))
}

/// The server workspace's phone country; `None` (the default, Spain) when
/// it cannot be read: an older server has no such setting, and the data
/// still loads.
async fn workspace_country() -> Option<canal_core::identity::CountryCode> {
    match crate::services::identity::load().await {
        Ok(w) => Some(w.phone_country),
        Err(err) => {
            web_sys::console::warn_1(&format!("phone country: {err}; reading Spain's").into());
            None
        }
    }
}
