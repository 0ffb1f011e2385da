//! `/api/segments` and `/api/scoring-rules`: named definitions the
//! workbenches save on the server (a segment rule, a scoring model).

use super::requests::{delete, get_json, post_json, put_json, ApiError};
use super::wire::{segment, time, Page, Paging, Url};
use serde::{Deserialize, Serialize};
use web_sys::AbortSignal;

/// Which kind of definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Saved segments (`canal_core::rules::Rule`).
    Segments,
    /// Scoring models (`canal_core::scoring::ScoringModel`).
    ScoringRules,
}

impl Kind {
    fn base(self) -> &'static str {
        match self {
            Kind::Segments => "/api/segments",
            Kind::ScoringRules => "/api/scoring-rules",
        }
    }

    /// The URL of the list, or of one definition.
    pub fn url(self, id: Option<&str>) -> String {
        match id {
            Some(id) => format!("{}/{}", self.base(), segment(id)),
            None => self.base().to_owned(),
        }
    }
}

/// A stored definition.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Definition {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The definition itself.
    pub definition: serde_json::Value,
    /// Created, seconds since the epoch.
    #[serde(deserialize_with = "time")]
    pub created_at: i64,
    /// Last changed.
    #[serde(deserialize_with = "time")]
    pub updated_at: i64,
}

/// What the app sends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DefinitionIn {
    /// Name.
    pub name: String,
    /// The definition.
    pub definition: serde_json::Value,
}

/// One page of definitions.
pub async fn list(
    kind: Kind,
    paging: &Paging,
    signal: Option<&AbortSignal>,
) -> Result<Page<Definition>, ApiError> {
    get_json(&Url::new(kind.base()).paging(paging).build(), signal).await
}

/// One definition.
pub async fn get(
    kind: Kind,
    id: &str,
    signal: Option<&AbortSignal>,
) -> Result<Definition, ApiError> {
    get_json(&kind.url(Some(id)), signal).await
}

/// Saves a new definition.
pub async fn create(kind: Kind, d: &DefinitionIn) -> Result<Definition, ApiError> {
    post_json(&kind.url(None), d).await
}

/// Replaces definition `id`.
pub async fn update(kind: Kind, id: &str, d: &DefinitionIn) -> Result<Definition, ApiError> {
    put_json(&kind.url(Some(id)), d).await
}

/// Deletes definition `id`.
pub async fn remove(kind: Kind, id: &str) -> Result<(), ApiError> {
    delete(&kind.url(Some(id))).await
}
