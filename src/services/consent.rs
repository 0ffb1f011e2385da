//! `/api/consent`: statements by contact, subject and channel.

use super::orders::Accepted;
use super::requests::{get_json, post_json, ApiError};
use super::wire::{time, Page, Paging, Url};
use canal_core::Channel;
use serde::{Deserialize, Serialize};
use web_sys::AbortSignal;

/// One consent statement.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Consent {
    /// The contact's key.
    pub contact_id: String,
    /// Subject (news, offers, account, …).
    pub subject: String,
    /// Channel.
    pub channel: Channel,
    /// `opted_in`, `opted_out` or `unknown`.
    pub status: String,
    /// When it was stated.
    #[serde(deserialize_with = "time")]
    pub ts: i64,
    /// Where it came from.
    pub source: Option<String>,
}

/// A statement to record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsentIn {
    /// The contact's key.
    pub contact_id: String,
    /// Subject.
    pub subject: String,
    /// Channel name.
    pub channel: String,
    /// `opted_in`, `opted_out` or `unknown`.
    pub status: String,
    /// When, RFC 3339.
    pub ts: String,
    /// Where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Filters of the consent list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsentQuery {
    /// The contact's key.
    pub contact_id: String,
    /// Subject.
    pub subject: String,
    /// Channel name.
    pub channel: String,
    /// Paging.
    pub paging: Paging,
}

impl ConsentQuery {
    /// The request URL.
    pub fn url(&self) -> String {
        Url::new("/api/consent")
            .param("contact_id", &self.contact_id)
            .param("subject", &self.subject)
            .param("channel", &self.channel)
            .paging(&self.paging)
            .build()
    }
}

/// Records a batch of statements, all or nothing.
pub async fn create(list: &[ConsentIn]) -> Result<Accepted, ApiError> {
    post_json("/api/consent", &list).await
}

/// One page of statements.
pub async fn list(
    q: &ConsentQuery,
    signal: Option<&AbortSignal>,
) -> Result<Page<Consent>, ApiError> {
    get_json(&q.url(), signal).await
}
