//! `GET/PUT/DELETE /api/settings/identity`: the workspace's phone country
//! (see [`crate::settings::identity`]).

use super::Routes;
use crate::auth::{now, User};
use crate::extract::ApiJson;
use crate::settings::{self, identity};
use crate::{AppError, AppState};
use axum::extract::State;
use axum::{Extension, Json};
use canal_core::identity::CountryCode;
use serde_json::{json, Value};

const PATH: &str = "/settings/identity";

/// The identity settings routes.
pub fn routes() -> Routes {
    Routes::new()
        .get(PATH, get_identity)
        .put(PATH, put_identity)
        .delete(PATH, reset_identity)
}

/// The answer of every identity route: the country in force, whether it
/// was saved (else it is the default), when, and the default.
async fn identity_view(state: &AppState) -> Result<Json<Value>, AppError> {
    let stored = identity::stored_identity(state.db()?.pool()).await?;
    let (country, updated_at) = match stored {
        Some(s) => (s.value, Some(crate::time::rfc3339(s.updated_at))),
        None => (CountryCode::default(), None),
    };
    Ok(Json(json!({
        "phone_country": country,
        "stored": updated_at.is_some(),
        "updated_at": updated_at,
        "default": CountryCode::default(),
    })))
}

/// `GET /api/settings/identity`.
async fn get_identity(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    identity_view(&state).await
}

/// `PUT /api/settings/identity`: `{"phone_country": "US"}`; 422 with the
/// problems, and nothing written, for a country the phone table does not
/// know. People are keyed with it from the next metric on.
async fn put_identity(
    State(state): State<AppState>,
    user: Option<Extension<User>>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    let country = identity::check_identity(&body).map_err(settings::invalid)?;
    let user = user.map(|Extension(u)| u.id);
    let text = identity::document(country).to_string();
    let db = state.db()?;
    settings::save(db, identity::IDENTITY, &text, user.as_deref(), now()).await?;
    // The cached data set joined people with the old country.
    state.data.invalidate();
    identity_view(&state).await
}

/// `DELETE /api/settings/identity`: back to the default country.
async fn reset_identity(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    settings::reset(state.db()?, identity::IDENTITY).await?;
    state.data.invalidate();
    identity_view(&state).await
}

/// The OpenAPI paths of these routes.
pub fn openapi_paths() -> serde_json::Map<String, Value> {
    let err = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let view = json!({ "description": "The phone country in force", "content": { "application/json": { "schema": {
        "$ref": "#/components/schemas/IdentitySettings" } } } });
    let op = |summary: &str, body: bool| {
        let mut responses = serde_json::Map::new();
        responses.insert("200".into(), view.clone());
        responses.insert("401".into(), err("Not logged in"));
        if body {
            responses.insert("400".into(), err("Malformed JSON"));
            responses.insert(
                "403".into(),
                err("Cookie-authenticated write from another origin"),
            );
            responses.insert("413".into(), err("Body too large"));
            responses.insert("415".into(), err("Not JSON"));
            responses.insert(
                "422".into(),
                err("Unknown country or field; nothing was written"),
            );
        }
        let mut v = json!({ "summary": summary, "tags": ["settings"], "responses": responses });
        if body {
            v["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": {
                "$ref": "#/components/schemas/IdentityConfig" } } } });
        }
        v
    };
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/api/settings/identity".into(),
        json!({
            "get": op("The workspace's phone country, for numbers written without +prefix: {phone_country, stored, updated_at, default}", false),
            "put": op("Save the phone country; people are joined with it from the next metric on", true),
            "delete": op("Forget the saved country; the default (ES) applies again", false),
        }),
    );
    paths
}

/// The schemas these routes refer to.
pub fn openapi_schemas() -> serde_json::Map<String, Value> {
    let codes: Vec<&str> = CountryCode::all().map(CountryCode::iso).collect();
    let country = json!({ "type": "string", "enum": codes,
        "description": "ISO 3166 alpha-2 code (any case on input)" });
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "IdentityConfig".into(),
        json!({ "type": "object", "additionalProperties": false, "required": ["phone_country"],
            "properties": { "phone_country": country } }),
    );
    schemas.insert(
        "IdentitySettings".into(),
        json!({ "type": "object", "properties": {
            "phone_country": country,
            "stored": { "type": "boolean" },
            "updated_at": { "type": ["string", "null"], "format": "date-time" },
            "default": country } }),
    );
    schemas
}
