//! The scoring model and the pressure settings the marketer edited, kept
//! per workspace: the data imported into this browser, or the server's
//! data after logging in. Each setting has one load and one save function,
//! so moving it to another store changes those two bodies only.
//!
//! - Scoring model: in the server workspace `/api/scoring-rules` (one
//!   definition named [`SERVER_MODEL_NAME`]), with a copy in localStorage so
//!   pages that must answer at once (the contact page) read it without a
//!   request; in the browser workspace localStorage only.
//! - Pressure settings: in the server workspace `/api/settings/pressure`,
//!   the rules the server's push sends apply too, so the Pressure page and
//!   a send from the Push page skip the same contacts; a copy in
//!   localStorage as for the scoring model. In the browser workspace
//!   localStorage only.

use super::definitions::{self, DefinitionIn, Kind};
use super::requests::{delete, get_json, put_json, ApiError};
use super::wire::Paging;
use crate::state::data::DataSource;
use canal_core::pressure::PressureConfig;
use canal_core::scoring::ScoringModel;
use gloo::storage::{LocalStorage, Storage};
use std::cell::Cell;

/// The name of the scoring definition the app keeps on the server.
pub const SERVER_MODEL_NAME: &str = "Canal scoring model";

/// Whose settings: the imported data's or the server's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Workspace {
    /// Files imported into this browser (or nothing loaded yet).
    #[default]
    Browser,
    /// The server's data, logged in.
    Server,
}

impl Workspace {
    /// The workspace of the data shown.
    pub fn of(source: &DataSource) -> Self {
        match source {
            DataSource::Server => Workspace::Server,
            DataSource::Imported { .. } | DataSource::None => Workspace::Browser,
        }
    }

    /// The localStorage key of `what` in this workspace.
    pub fn key(self, what: &str) -> String {
        let ws = match self {
            Workspace::Browser => "imported",
            Workspace::Server => "server",
        };
        format!("canal.{what}.{ws}")
    }
}

thread_local! {
    static CURRENT: Cell<Workspace> = const { Cell::new(Workspace::Browser) };
}

/// Records the workspace of the data shown (the import provider follows
/// the data context), for code that has no context at hand.
pub fn set_current(ws: Workspace) {
    CURRENT.with(|c| c.set(ws));
}

/// The workspace of the data shown.
pub fn current() -> Workspace {
    CURRENT.with(Cell::get)
}

fn local<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    // Native unit tests run the pages' pure parts without a browser.
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    LocalStorage::get(key).ok()
}

fn keep<T: serde::Serialize>(key: &str, value: &T) {
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    // Storage can be full or disabled; the edit then lasts for this page.
    if let Err(err) = LocalStorage::set(key, value) {
        gloo::console::warn!(format!("cannot keep {key}: {err}"));
    }
}

/// The scoring model as last kept in this browser, without a request.
pub fn cached_scoring(ws: Workspace) -> Option<ScoringModel> {
    local(&ws.key("scoring"))
}

/// The server's scoring definition: its id and model, if there is one.
async fn server_scoring() -> Result<Option<(String, ScoringModel)>, ApiError> {
    let paging = Paging {
        limit: Some(100),
        cursor: None,
    };
    let page = definitions::list(Kind::ScoringRules, &paging, None).await?;
    let newest = page
        .items
        .into_iter()
        .filter(|d| d.name == SERVER_MODEL_NAME)
        .max_by_key(|d| d.updated_at);
    Ok(newest.and_then(|d| {
        let model = serde_json::from_value(d.definition).ok()?;
        Some((d.id, model))
    }))
}

/// The kept scoring model of `ws`, if the marketer saved one; `Err` when
/// the server's could not be read, with this browser's copy.
pub async fn load_scoring(
    ws: Workspace,
) -> Result<Option<ScoringModel>, (Option<ScoringModel>, ApiError)> {
    if ws == Workspace::Server {
        match server_scoring().await {
            Ok(Some((_, model))) => {
                keep(&ws.key("scoring"), &model);
                return Ok(Some(model));
            }
            Ok(None) => {}
            Err(err) => return Err((cached_scoring(ws), err)),
        }
    }
    Ok(cached_scoring(ws))
}

/// Keeps `model` as the scoring model of `ws`.
pub async fn save_scoring(ws: Workspace, model: &ScoringModel) -> Result<(), ApiError> {
    keep(&ws.key("scoring"), model);
    if ws != Workspace::Server {
        return Ok(());
    }
    let body = DefinitionIn {
        name: SERVER_MODEL_NAME.to_owned(),
        definition: serde_json::to_value(model).map_err(|e| ApiError::Decode(e.to_string()))?,
    };
    let saved = match server_scoring().await? {
        Some((id, _)) => definitions::update(Kind::ScoringRules, &id, &body).await,
        None => definitions::create(Kind::ScoringRules, &body).await,
    };
    saved.map(|_| ())
}

/// Forgets the kept scoring model of `ws` (the default applies again).
pub async fn reset_scoring(ws: Workspace) -> Result<(), ApiError> {
    LocalStorage::delete(ws.key("scoring"));
    if ws != Workspace::Server {
        return Ok(());
    }
    if let Some((id, _)) = server_scoring().await? {
        definitions::remove(Kind::ScoringRules, &id).await?;
    }
    Ok(())
}

/// The pressure settings as last kept, without a request.
pub fn cached_pressure(ws: Workspace) -> Option<PressureConfig> {
    local(&ws.key("pressure"))
}

/// `GET /api/settings/pressure`: the rules in force and whether they were
/// saved (else they are the server's defaults).
#[derive(serde::Deserialize)]
struct PressureView {
    config: PressureConfig,
    stored: bool,
}

const PRESSURE_URL: &str = "/api/settings/pressure";

/// The kept pressure settings of `ws`, if the marketer saved some; `Err`
/// when the server's could not be read (a document edited by hand by
/// someone answers `invalid_setting`, and the server's sends stop until it
/// is saved again or reset), with this browser's copy.
pub async fn load_pressure(
    ws: Workspace,
) -> Result<Option<PressureConfig>, (Option<PressureConfig>, ApiError)> {
    if ws == Workspace::Server {
        match get_json::<PressureView>(PRESSURE_URL, None).await {
            Ok(view) if view.stored => {
                keep(&ws.key("pressure"), &view.config);
                return Ok(Some(view.config));
            }
            // Nothing saved on the server: the defaults apply there, so
            // an older copy in this browser would disagree with the sends.
            Ok(_) => {
                LocalStorage::delete(ws.key("pressure"));
                return Ok(None);
            }
            Err(err) => return Err((cached_pressure(ws), err)),
        }
    }
    Ok(cached_pressure(ws))
}

/// Keeps `config` as the pressure settings of `ws`; on the server, the
/// rules its push sends apply from now on.
pub async fn save_pressure(ws: Workspace, config: &PressureConfig) -> Result<(), ApiError> {
    keep(&ws.key("pressure"), config);
    if ws != Workspace::Server {
        return Ok(());
    }
    put_json::<_, serde_json::Value>(PRESSURE_URL, config)
        .await
        .map(|_| ())
}

/// Forgets the kept pressure settings of `ws` (the defaults apply again,
/// on the server's sends too).
pub async fn reset_pressure(ws: Workspace) -> Result<(), ApiError> {
    LocalStorage::delete(ws.key("pressure"));
    if ws != Workspace::Server {
        return Ok(());
    }
    delete(PRESSURE_URL).await
}
