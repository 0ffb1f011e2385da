//! Web push: the marketer's endpoints (`/api/push/subscribers`,
//! `/api/push/sends`) and the visitor opt-in script (`/static/canal-push.js`),
//! which the app loads rather than duplicating, so the card in the app and
//! the one embedded on other pages of the site are the same code.

use super::requests::{get_json, post_json};
use super::ApiError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Element};

/// Where the opt-in script is served; a stable URL other pages can embed.
pub const SCRIPT_URL: &str = "/static/canal-push.js";
const SCRIPT_ID: &str = "canal-push-script";

/// `GET /api/push/subscribers`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SubscriberStats {
    /// Subscriptions stored.
    pub total: u64,
    /// Of which linked to a known contact.
    pub with_contact: u64,
    /// Subscriptions per topic.
    pub by_topic: BTreeMap<String, u64>,
    /// New subscriptions per UTC day with the running total.
    pub by_day: Vec<SubscriberDay>,
}

/// One day of [`SubscriberStats::by_day`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SubscriberDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// New that day.
    pub subscribed: u64,
    /// Running total at the end of the day.
    pub total: u64,
}

/// What became of a send's deliveries.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SendResults {
    /// Deliveries in the send.
    pub total: u64,
    /// Not settled yet.
    pub pending: u64,
    /// Accepted by the push service.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Subscription gone (404/410); it was removed.
    pub expired_removed: u64,
    /// Sent without an answer; never resent.
    pub unknown: u64,
    /// Not sent: consent or pressure.
    pub skipped: u64,
}

/// A contact a send left out, and why.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SkippedContact {
    /// Contact key (or `push:<subscription>` when anonymous).
    pub contact_id: String,
    /// Machine-readable reason, e.g. `consent_opted_out`, `pressure_cap`.
    pub reason: String,
}

/// A send with its results, as `GET /api/push/sends` lists them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Send {
    /// Id (`wp_…`), also the campaign id of its events.
    pub id: String,
    /// Notification title.
    pub title: String,
    /// Notification text.
    pub body: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who it went to, as sent.
    pub audience: serde_json::Value,
    /// A test send (kept out of the KPIs).
    pub test: bool,
    /// Delivery counts.
    pub results: SendResults,
    /// Skipped deliveries per reason.
    #[serde(default)]
    pub skipped_reasons: BTreeMap<String, u64>,
    /// The first skipped contacts.
    #[serde(default)]
    pub skipped_contacts: Vec<SkippedContact>,
    /// Notifications clicked.
    pub clicks: u64,
    /// Notifications the service worker showed.
    pub displayed: u64,
}

#[derive(Deserialize)]
struct SendList {
    items: Vec<Send>,
}

/// Who a new send goes to.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AudienceOut {
    /// Every subscriber.
    All {
        /// Always true.
        all: bool,
    },
    /// Subscribers of a topic.
    Topic {
        /// The topic.
        topic: String,
    },
    /// Subscribers linked to these contact keys.
    Contacts {
        /// Contact keys.
        contacts: Vec<String>,
    },
    /// These subscriptions (a test send to this browser).
    Endpoints {
        /// Push endpoints.
        endpoints: Vec<String>,
    },
}

/// `POST /api/push/sends`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewSend {
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// Where a click leads.
    pub url: String,
    /// RFC 8030 Topic header, replacing a queued message with the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Seconds the push service keeps it for an offline device.
    pub ttl: u32,
    /// `very-low`, `low`, `normal` or `high`.
    pub urgency: String,
    /// Who.
    pub audience: AudienceOut,
    /// A test send.
    pub test: bool,
}

/// Subscriber counts.
pub async fn subscribers(signal: Option<&AbortSignal>) -> Result<SubscriberStats, ApiError> {
    get_json("/api/push/subscribers", signal).await
}

/// The newest sends with their results.
pub async fn sends(signal: Option<&AbortSignal>) -> Result<Vec<Send>, ApiError> {
    Ok(get_json::<SendList>("/api/push/sends", signal).await?.items)
}

/// Creates a send; the server applies consent and pressure.
pub async fn create(send: &NewSend) -> Result<Send, ApiError> {
    post_json("/api/push/sends", send).await
}

/// Fills `el` with the opt-in card, loading the script on first use.
pub fn mount_opt_in(el: &Element) {
    let window = gloo::utils::window();
    if let Ok(api) = js_sys::Reflect::get(&window, &"CanalPush".into()) {
        if let Ok(mount) = js_sys::Reflect::get(&api, &"mount".into()) {
            if let Some(mount) = mount.dyn_ref::<js_sys::Function>() {
                if let Err(e) = mount.call1(&api, el) {
                    gloo::console::warn!("canal-push mount failed", e);
                }
                return;
            }
        }
    }
    let document = gloo::utils::document();
    if document.get_element_by_id(SCRIPT_ID).is_some() {
        // Still loading: it mounts every card on the page once it runs.
        return;
    }
    let Ok(script) = document.create_element("script") else {
        return;
    };
    let _ = script.set_attribute("id", SCRIPT_ID);
    let _ = script.set_attribute("src", SCRIPT_URL);
    // The app places its cards itself; no corner button inside the app.
    let _ = script.set_attribute("data-mount", "none");
    if let Some(head) = document.head() {
        let _ = head.append_child(&script);
    }
}

/// This browser's push endpoint, if it is subscribed (for a test send to
/// oneself).
pub async fn own_endpoint() -> Option<String> {
    let window = gloo::utils::window();
    let api = js_sys::Reflect::get(&window, &"CanalPush".into()).ok()?;
    let f = js_sys::Reflect::get(&api, &"endpoint".into()).ok()?;
    let promise = f.dyn_ref::<js_sys::Function>()?.call0(&api).ok()?;
    let value: JsValue = JsFuture::from(js_sys::Promise::from(promise)).await.ok()?;
    value.as_string()
}
