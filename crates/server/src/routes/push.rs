//! Web push endpoints. Visitors' browsers call the public ones (rate-limited
//! and size-limited); marketers call the rest. The work is in
//! [`crate::push`].

use super::validate::Problems;
use super::Routes;
use crate::auth::now;
use crate::auth::User;
use crate::extract::ApiJson;
use crate::push::contact_token;
use crate::push::pressure as push_pressure;
use crate::push::sends::{self, Audience, NewSend};
use crate::push::subscriptions::{self, endpoint_problem, Valid, BODY_LIMIT, TOPICS};
use crate::push::vapid;
use crate::{AppError, AppState};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use canal_core::EventKind;
use canal_webpush::{SubscriptionKeys, Topic, MAX_PLAINTEXT_LEN};
use serde::Deserialize;
use serde_json::{json, Value};

/// Most contact keys in one send's audience.
pub const MAX_CONTACTS: usize = 10_000;
/// Most contact keys in a test send.
pub const MAX_TEST_CONTACTS: usize = 20;

/// The routes browsers call without logging in.
pub fn public() -> Routes {
    Routes::new()
        .get("/push/vapid-public-key", vapid_public_key)
        .post("/push/subscriptions", subscribe)
        .delete("/push/subscriptions", unsubscribe)
        .post("/push/events", beacon)
        .map(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

/// The marketer's routes.
pub fn private() -> Routes {
    Routes::new()
        .get("/push/subscribers", subscribers)
        .get("/push/sends", list_sends)
        .post("/push/sends", create_send)
        .get("/push/sends/{id}", get_send)
        .post("/push/contact-tokens", contact_token_route)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactTokenIn {
    contact_id: String,
    valid_days: Option<i64>,
}

/// `POST /api/push/contact-tokens`: a token the site puts in its page so a
/// visitor's subscription is linked to the contact the site knows.
async fn contact_token_route(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ContactTokenIn>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let mut p = Problems::default();
    p.id("contact_id", &body.contact_id);
    let validity = body
        .valid_days
        .map_or(contact_token::DEFAULT_VALIDITY, |d| {
            d.saturating_mul(86_400)
        });
    if !(86_400..=contact_token::MAX_VALIDITY).contains(&validity) {
        p.add("valid_days", "must be 1 to 365");
    }
    p.finish()?;
    let expires = now() + validity;
    let key = contact_token::key(state.db()?).await?;
    let token = contact_token::mint(&key, &body.contact_id, expires);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "contact_id": body.contact_id,
            "token": token,
            "expires_at": crate::time::rfc3339(expires),
        })),
    ))
}

/// `GET /api/push/vapid-public-key`: the `applicationServerKey`.
async fn vapid_public_key(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(
        json!({ "key": vapid::public_key(state.db()?).await? }),
    ))
}

/// A subscription as the opt-in script posts it: the browser's
/// `PushSubscription.toJSON()` plus the visitor's topics and, when the site
/// knows who they are, a signed contact token (see
/// [`crate::push::contact_token`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionIn {
    endpoint: String,
    keys: KeysIn,
    #[serde(default)]
    topics: Vec<String>,
    /// Refused: a browser could claim any contact.
    contact_id: Option<String>,
    contact_token: Option<String>,
    // Browsers include it; the push service, not us, enforces it.
    #[serde(default, rename = "expirationTime")]
    _expiration_time: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysIn {
    p256dh: String,
    auth: String,
}

impl SubscriptionIn {
    fn check(self, token_key: &[u8; 32], now: i64) -> Result<Valid, AppError> {
        let mut p = Problems::default();
        if let Some(problem) = endpoint_problem(&self.endpoint) {
            p.add("endpoint", problem);
        }
        if let Err(e) = SubscriptionKeys::from_base64(&self.keys.p256dh, &self.keys.auth) {
            let field = match e {
                canal_webpush::Error::InvalidAuthSecret(_)
                | canal_webpush::Error::Base64("auth") => "keys.auth",
                _ => "keys.p256dh",
            };
            p.add(field, e.to_string());
        }
        let mut topics = Vec::new();
        for t in &self.topics {
            match TOPICS.iter().find(|k| **k == t.as_str()) {
                Some(k) if !topics.contains(k) => topics.push(*k),
                Some(_) => {}
                None => p.add("topics", format!("unknown topic {t:?}")),
            }
        }
        if self.contact_id.is_some() {
            p.add(
                "contact_id",
                "is not accepted from browsers; pass contact_token from POST /api/push/contact-tokens",
            );
        }
        let contact_id = match &self.contact_token {
            Some(t) => match contact_token::verify(token_key, t, now) {
                Ok(c) => Some(c),
                Err(e) => {
                    p.add("contact_token", e.to_string());
                    None
                }
            },
            None => None,
        };
        p.finish()?;
        Ok(Valid {
            endpoint: self.endpoint,
            p256dh: self.keys.p256dh,
            auth: self.keys.auth,
            topics,
            contact_id,
        })
    }
}

/// `POST /api/push/subscriptions`: stores or updates (by endpoint).
async fn subscribe(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SubscriptionIn>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let db = state.db()?;
    let valid = body.check(&contact_token::key(db).await?, now())?;
    let (id, created) = subscriptions::upsert(db, &valid).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({ "id": id, "topics": valid.topics }))))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointIn {
    endpoint: String,
}

/// `DELETE /api/push/subscriptions`: knowing the endpoint is the right to
/// remove it, as only the browser and the push service know it.
async fn unsubscribe(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<EndpointIn>,
) -> Result<StatusCode, AppError> {
    if subscriptions::remove(state.db()?, &body.endpoint).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BeaconIn {
    send_id: String,
    endpoint: String,
    kind: String,
}

/// `POST /api/push/events`: the service worker reports a notification shown
/// or clicked. Always 202 for a well-formed report, so the beacon reveals
/// nothing about which endpoints exist.
async fn beacon(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<BeaconIn>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let kind = match body.kind.as_str() {
        "clicked" => EventKind::Clicked,
        "displayed" => EventKind::Delivered,
        _ => {
            return Err(AppError::invalid(
                "kind must be clicked or displayed",
                json!({ "problems": [{ "field": "kind", "message": "must be clicked or displayed" }] }),
            ))
        }
    };
    let recorded = sends::record_beacon(state.db()?, &body.send_id, &body.endpoint, kind).await?;
    if recorded {
        state.data.invalidate();
    }
    Ok((StatusCode::ACCEPTED, Json(json!({ "recorded": recorded }))))
}

/// `GET /api/push/subscribers`.
async fn subscribers(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(subscriptions::stats(state.db()?).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SendIn {
    title: String,
    body: String,
    url: String,
    icon: Option<String>,
    topic: Option<String>,
    ttl: Option<u32>,
    urgency: Option<String>,
    audience: AudienceIn,
    #[serde(default)]
    test: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AudienceIn {
    #[serde(default)]
    all: bool,
    topic: Option<String>,
    contacts: Option<Vec<String>>,
    /// Only for test sends: these browsers (the marketer's own).
    endpoints: Option<Vec<String>>,
}

/// Longest TTL accepted: four weeks, what push services keep at most.
const MAX_TTL: u32 = 28 * 86_400;

impl SendIn {
    fn check(self, p: &mut Problems) -> NewSend {
        p.id("title", &self.title);
        if self.body.chars().any(|c| c.is_control() && c != '\n') {
            p.add("body", "must not contain control characters");
        }
        if !(self.url.starts_with("https://")
            || self.url.starts_with("http://")
            || self.url.starts_with('/'))
        {
            p.add("url", "must be an http(s) URL or a path on this site");
        }
        if let Some(topic) = &self.topic {
            if Topic::new(topic).is_err() {
                p.add(
                    "topic",
                    "must be 1 to 32 characters of A-Z, a-z, 0-9, - and _",
                );
            }
        }
        let ttl = self.ttl.unwrap_or(canal_webpush::DEFAULT_TTL);
        if ttl > MAX_TTL {
            p.add("ttl", "must be at most 2419200 seconds (28 days)");
        }
        let urgency = match self.urgency.as_deref().unwrap_or("normal") {
            "very-low" => "very-low",
            "low" => "low",
            "normal" => "normal",
            "high" => "high",
            _ => {
                p.add("urgency", "must be very-low, low, normal or high");
                "normal"
            }
        };
        let a = self.audience;
        let audience = match (a.all, a.topic, a.contacts, a.endpoints) {
            (true, None, None, None) => Audience::All,
            (false, None, None, Some(endpoints)) => {
                if endpoints.is_empty() || endpoints.len() > MAX_TEST_CONTACTS {
                    p.add("audience.endpoints", "must list 1 to 20 endpoints");
                }
                Audience::Endpoints(endpoints)
            }
            (false, Some(t), None, None) => match TOPICS.iter().find(|k| **k == t) {
                Some(k) => Audience::Topic(k),
                None => {
                    p.add("audience.topic", format!("unknown topic {t:?}"));
                    Audience::All
                }
            },
            (false, None, Some(keys), None) => {
                if keys.is_empty() || keys.len() > MAX_CONTACTS {
                    p.add("audience.contacts", "must list 1 to 10000 contact keys");
                }
                for k in &keys {
                    p.id("audience.contacts", k);
                }
                Audience::Contacts(keys)
            }
            _ => {
                p.add(
                    "audience",
                    "must be exactly one of all: true, topic, contacts or endpoints",
                );
                Audience::All
            }
        };
        if self.test {
            match &audience {
                Audience::Contacts(keys) if keys.len() <= MAX_TEST_CONTACTS => {}
                Audience::Endpoints(_) => {}
                _ => p.add(
                    "test",
                    "a test send goes to at most 20 listed contacts or endpoints",
                ),
            }
        } else if matches!(audience, Audience::Endpoints(_)) {
            p.add("audience.endpoints", "only a test send may list endpoints");
        }
        NewSend {
            title: self.title,
            body: self.body,
            url: self.url,
            icon: self.icon,
            topic: self.topic,
            ttl,
            urgency,
            audience,
            test: self.test,
        }
    }
}

/// `POST /api/push/sends`: stores the job; the background sender delivers.
async fn create_send(
    State(state): State<AppState>,
    user: Option<Extension<User>>,
    ApiJson(body): ApiJson<SendIn>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let mut p = Problems::default();
    let send = body.check(&mut p);
    let id = sends::new_id()?;
    let payload = sends::payload(&id, &send);
    if payload.len() > MAX_PLAINTEXT_LEN {
        p.add(
            "body",
            format!(
                "the notification is {} bytes of JSON; Web Push carries at most {MAX_PLAINTEXT_LEN}",
                payload.len()
            ),
        );
    }
    p.finish()?;
    let user = user.map(|Extension(u)| u.id);
    let db = state.db()?;
    // Test sends go to the marketer's own devices: consent still applies,
    // pressure does not (and they add none, being kept out of the events).
    let held_back = if send.test {
        Vec::new()
    } else {
        let loaded = state.data.get(db.pool()).await?;
        let config = crate::settings::pressure(db).await?;
        push_pressure::held_back(db, &loaded, &send.audience, &config, now()).await?
    };
    let out = sends::create(db, &id, &send, &payload, user.as_deref(), &held_back).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// `GET /api/push/sends`: the 50 newest sends with their results.
async fn list_sends(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(
        json!({ "items": sends::recent(state.db()?, 50).await? }),
    ))
}

/// `GET /api/push/sends/{id}`: the send and its results so far.
async fn get_send(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    sends::results(state.db()?, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// The OpenAPI paths of these routes, merged into `/api/openapi.json`.
pub fn openapi_paths() -> serde_json::Map<String, Value> {
    let err = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let ok =
        |d: &str| json!({ "description": d, "content": { "application/json": { "schema": {} } } });
    let op = |summary: &str, public: bool, body: bool, okcode: &str, id: bool| {
        let mut responses = serde_json::Map::new();
        responses.insert(okcode.into(), ok("OK"));
        responses.insert("400".into(), err("Malformed request"));
        if body {
            responses.insert("413".into(), err("Body too large"));
            responses.insert("422".into(), err("Validation failed; nothing was written"));
        }
        if public {
            responses.insert("429".into(), err("Rate limited; see Retry-After"));
        } else {
            responses.insert("401".into(), err("Not logged in"));
        }
        if id {
            responses.insert("404".into(), err("No such resource"));
        }
        let mut v = json!({ "summary": summary, "tags": ["push"], "responses": responses });
        if body {
            v["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "type": "object" } } } });
        }
        if id {
            v["parameters"] = json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }]);
        }
        if public {
            v["security"] = json!([]);
        }
        v
    };
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/api/push/vapid-public-key".into(),
        json!({ "get": op("The VAPID public key for applicationServerKey: {key}", true, false, "200", false) }),
    );
    paths.insert(
        "/api/push/subscriptions".into(),
        json!({
            "post": op("Store a browser push subscription {endpoint, keys {p256dh, auth}, topics, contact_token}", true, true, "201", false),
            "delete": op("Remove the subscription {endpoint}", true, true, "204", false),
        }),
    );
    paths.insert(
        "/api/push/events".into(),
        json!({ "post": op("Report a notification clicked or displayed {send_id, endpoint, kind}", true, true, "202", false) }),
    );
    paths.insert(
        "/api/push/subscribers".into(),
        json!({ "get": op("Subscriber counts: total, by topic, per day", false, false, "200", false) }),
    );
    paths.insert(
        "/api/push/sends".into(),
        json!({ "get": op("The 50 newest sends with their results: {items}", false, false, "200", false),
                "post": op("Create a send job {title, body, url, icon, topic, ttl, urgency, audience, test}", false, true, "201", false) }),
    );
    paths.insert(
        "/api/push/contact-tokens".into(),
        json!({ "post": op("A signed token linking a visitor's subscription to a contact {contact_id, valid_days}: {token, expires_at}", false, true, "201", false) }),
    );
    paths.insert(
        "/api/push/sends/{id}".into(),
        json!({ "get": op("A send and its results: sent, failed, expired, unknown, skipped (with contacts and reasons), clicks", false, false, "200", true) }),
    );
    paths
}
