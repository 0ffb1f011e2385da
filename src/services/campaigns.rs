//! `/api/campaigns`: list, create, get and update.

use super::requests::{get_json, post_json, put_json, ApiError};
use super::wire::{opt_time, segment, Page, Paging, Url};
use canal_core::{Channel, Scope};
use serde::{Deserialize, Serialize};
use web_sys::AbortSignal;

/// A campaign.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Campaign {
    /// Campaign id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Channel.
    pub channel: Channel,
    /// Scope.
    pub scope: Scope,
    /// Subject or topic.
    pub subject: String,
    /// Message type.
    pub message_type: String,
    /// When it went out.
    #[serde(deserialize_with = "opt_time")]
    pub sent_at: Option<i64>,
    /// What it cost.
    pub cost: f64,
}

/// A campaign to create or replace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CampaignIn {
    /// Id (from the URL on update).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Channel name.
    pub channel: String,
    /// Scope name.
    pub scope: String,
    /// Subject or topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// When it went out, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// What it cost.
    pub cost: f64,
}

/// Filters of the campaign list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CampaignQuery {
    /// Channel name.
    pub channel: String,
    /// Scope name.
    pub scope: String,
    /// Paging.
    pub paging: Paging,
}

impl CampaignQuery {
    /// The request URL.
    pub fn url(&self) -> String {
        Url::new("/api/campaigns")
            .param("channel", &self.channel)
            .param("scope", &self.scope)
            .paging(&self.paging)
            .build()
    }
}

fn url(id: &str) -> String {
    format!("/api/campaigns/{}", segment(id))
}

/// One page of campaigns.
pub async fn list(
    q: &CampaignQuery,
    signal: Option<&AbortSignal>,
) -> Result<Page<Campaign>, ApiError> {
    get_json(&q.url(), signal).await
}

/// One campaign.
pub async fn get(id: &str, signal: Option<&AbortSignal>) -> Result<Campaign, ApiError> {
    get_json(&url(id), signal).await
}

/// Creates a campaign.
pub async fn create(c: &CampaignIn) -> Result<Campaign, ApiError> {
    post_json("/api/campaigns", c).await
}

/// Replaces campaign `id`.
pub async fn update(id: &str, c: &CampaignIn) -> Result<Campaign, ApiError> {
    put_json(&url(id), c).await
}
