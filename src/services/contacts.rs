//! `/api/contacts`: the contact list with search and filters, one contact,
//! create and update, and a contact's timeline.

use super::events::Event;
use super::requests::{get_json, post_json, put_json, ApiError};
use super::wire::{opt_time, segment, Page, Paging, Url};
use serde::{Deserialize, Serialize};
use web_sys::AbortSignal;

/// A contact as the server holds it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Contact {
    /// The contact's key.
    pub id: String,
    /// Normalised e-mail.
    pub email: Option<String>,
    /// Phone as given.
    pub phone: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Region or city.
    pub city: Option<String>,
    /// Year of birth.
    pub birth_year: Option<i64>,
    /// Job title.
    pub job_title: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Company size in employees.
    pub company_size: Option<i64>,
    /// When it was created, seconds since the epoch.
    #[serde(deserialize_with = "opt_time")]
    pub created_at: Option<i64>,
    /// Lifecycle stage.
    pub stage: Option<String>,
    /// Every other attribute.
    pub attributes: serde_json::Value,
}

/// A contact as the app sends it (every field optional on update).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContactIn {
    /// The key; on update it comes from the URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Lifecycle stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Other attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Search and filters of the contact list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactQuery {
    /// Free text over id, name, e-mail and phone.
    pub q: String,
    /// Country.
    pub country: String,
    /// City.
    pub city: String,
    /// Lifecycle stage.
    pub stage: String,
    /// Company.
    pub company: String,
    /// Paging.
    pub paging: Paging,
}

impl ContactQuery {
    /// The request URL.
    pub fn url(&self) -> String {
        Url::new("/api/contacts")
            .param("q", self.q.trim())
            .param("country", &self.country)
            .param("city", &self.city)
            .param("stage", &self.stage)
            .param("company", &self.company)
            .paging(&self.paging)
            .build()
    }
}

/// Filters of a contact's timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineQuery {
    /// Channel name.
    pub channel: String,
    /// Event kind name.
    pub kind: String,
    /// Scope name.
    pub scope: String,
    /// Paging.
    pub paging: Paging,
}

/// The URL of one contact.
pub fn contact_url(id: &str) -> String {
    format!("/api/contacts/{}", segment(id))
}

impl TimelineQuery {
    /// The request URL for contact `id`.
    pub fn url(&self, id: &str) -> String {
        Url::new(&format!("{}/timeline", contact_url(id)))
            .param("channel", &self.channel)
            .param("kind", &self.kind)
            .param("scope", &self.scope)
            .paging(&self.paging)
            .build()
    }
}

/// One page of contacts.
pub async fn list(
    q: &ContactQuery,
    signal: Option<&AbortSignal>,
) -> Result<Page<Contact>, ApiError> {
    get_json(&q.url(), signal).await
}

/// One contact.
pub async fn get(id: &str, signal: Option<&AbortSignal>) -> Result<Contact, ApiError> {
    get_json(&contact_url(id), signal).await
}

/// Creates a contact.
pub async fn create(contact: &ContactIn) -> Result<Contact, ApiError> {
    post_json("/api/contacts", contact).await
}

/// Replaces contact `id`.
pub async fn update(id: &str, contact: &ContactIn) -> Result<Contact, ApiError> {
    put_json(&contact_url(id), contact).await
}

/// One page of a contact's events, newest first.
pub async fn timeline(
    id: &str,
    q: &TimelineQuery,
    signal: Option<&AbortSignal>,
) -> Result<Page<Event>, ApiError> {
    get_json(&q.url(id), signal).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_and_timeline_urls() {
        let q = ContactQuery {
            q: " ana ".into(),
            country: "ES".into(),
            paging: Paging {
                limit: Some(50),
                cursor: Some("abc".into()),
            },
            ..ContactQuery::default()
        };
        assert_eq!(
            q.url(),
            "/api/contacts?q=ana&country=ES&limit=50&cursor=abc"
        );
        let t = TimelineQuery {
            channel: "email".into(),
            ..TimelineQuery::default()
        };
        assert_eq!(
            t.url("ana@x.com"),
            "/api/contacts/ana%40x.com/timeline?channel=email"
        );
    }
}
