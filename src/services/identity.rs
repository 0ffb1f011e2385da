//! The workspace's phone country on the server (`/api/settings/identity`):
//! the country of national phone numbers in the server's data, which the
//! server's metrics join people with. Files dropped in this browser use the
//! browser's own choice (Settings) instead.

use super::requests::{delete, get_json, put_json};
use super::ApiError;
use canal_core::identity::CountryCode;
use serde::Deserialize;

const URL: &str = "/api/settings/identity";

/// What every identity route answers.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct WorkspaceCountry {
    /// The country in force.
    pub phone_country: CountryCode,
    /// Whether it was saved (else it is the default).
    pub stored: bool,
}

/// The workspace's phone country.
pub async fn load() -> Result<WorkspaceCountry, ApiError> {
    get_json(URL, None).await
}

/// Saves `country` as the workspace's phone country.
pub async fn save(country: CountryCode) -> Result<WorkspaceCountry, ApiError> {
    put_json(URL, &serde_json::json!({ "phone_country": country })).await
}

/// Forgets the saved country; the default applies again.
pub async fn reset() -> Result<(), ApiError> {
    delete(URL).await
}
