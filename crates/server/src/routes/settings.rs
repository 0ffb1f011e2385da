//! Workspace settings: `GET/PUT/DELETE /api/settings/pressure`, the contact
//! rules push sends apply (see [`crate::settings`]), and
//! `/api/settings/identity`, the phone country ([`identity`]).

use super::Routes;
use crate::auth::{now, User};
use crate::extract::ApiJson;
use crate::settings;
use crate::{AppError, AppState};
use axum::extract::State;
use axum::{Extension, Json};
use canal_core::pressure::PressureConfig;
use serde_json::{json, Value};

mod identity;

/// The settings routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/settings/pressure", get_pressure)
        .put("/settings/pressure", put_pressure)
        .delete("/settings/pressure", reset_pressure)
        .merge(identity::routes())
}

/// The answer of every pressure route: the rules in force, whether they
/// were saved (else they are the defaults), when, and the defaults.
async fn pressure_view(state: &AppState) -> Result<Json<Value>, AppError> {
    let stored = settings::stored_pressure(state.db()?).await?;
    let (config, updated_at) = match stored {
        Some(s) => (s.value, Some(crate::time::rfc3339(s.updated_at))),
        None => (PressureConfig::default(), None),
    };
    Ok(Json(json!({
        "config": config,
        "stored": updated_at.is_some(),
        "updated_at": updated_at,
        "defaults": PressureConfig::default(),
    })))
}

/// `GET /api/settings/pressure`.
async fn get_pressure(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    pressure_view(&state).await
}

/// `PUT /api/settings/pressure`: the body is a whole `PressureConfig`
/// (fields left out take the defaults); 422 with every problem, and nothing
/// written, if any value is out of range.
async fn put_pressure(
    State(state): State<AppState>,
    user: Option<Extension<User>>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    let config = settings::check_pressure(&body).map_err(settings::invalid)?;
    let user = user.map(|Extension(u)| u.id);
    settings::save_pressure(state.db()?, &config, user.as_deref(), now()).await?;
    pressure_view(&state).await
}

/// `DELETE /api/settings/pressure`: back to the defaults.
async fn reset_pressure(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    settings::reset_pressure(state.db()?).await?;
    pressure_view(&state).await
}

/// The OpenAPI paths of these routes, merged into `/api/openapi.json`.
pub fn openapi_paths() -> serde_json::Map<String, Value> {
    let err = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let view = json!({ "description": "The rules in force", "content": { "application/json": { "schema": {
        "$ref": "#/components/schemas/PressureSettings" } } } });
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
            responses.insert("422".into(), err("Invalid value; nothing was written"));
        }
        let mut v = json!({ "summary": summary, "tags": ["settings"], "responses": responses });
        if body {
            v["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": {
                "$ref": "#/components/schemas/PressureConfig" } } } });
        }
        v
    };
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/api/settings/pressure".into(),
        json!({
            "get": op("The contact rules push sends apply: {config, stored, updated_at, defaults}", false),
            "put": op("Save the contact rules (a PressureConfig, as `canal analyze pressure --config` reads)", true),
            "delete": op("Forget the saved rules; the defaults apply again", false),
        }),
    );
    paths.extend(identity::openapi_paths());
    paths
}

/// The schemas these routes refer to.
pub fn openapi_schemas() -> serde_json::Map<String, Value> {
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "PressureConfig".into(),
        json!({ "type": "object", "additionalProperties": false, "properties": {
            "half_life_days": { "type": "number", "exclusiveMinimum": 0, "maximum": 3653, "default": 14 },
            "weights": { "type": "array", "items": { "type": "number", "minimum": 0 },
                "description": "Weight per channel, by channel code; channels left out weigh 1" },
            "kind_weights": { "type": "array", "items": { "type": "object", "additionalProperties": false,
                "required": ["kind", "weight"], "properties": {
                "kind": { "$ref": "#/components/schemas/Kind" }, "weight": { "type": "number", "minimum": 0 } } } },
            "caps": { "type": "array", "items": { "type": "object", "additionalProperties": false,
                "required": ["max", "period_days"], "properties": {
                "channel": { "oneOf": [{ "$ref": "#/components/schemas/Channel" }, { "type": "null" }] },
                "max": { "type": "integer", "minimum": 0 },
                "period_days": { "type": "integer", "minimum": 1, "maximum": 3653 } } } },
            "min_spacing_hours": { "type": "integer", "minimum": 0, "default": 24 },
            "max_pressure": { "type": ["number", "null"], "exclusiveMinimum": 0, "default": 5 } } }),
    );
    schemas.insert(
        "PressureSettings".into(),
        json!({ "type": "object", "properties": {
            "config": { "$ref": "#/components/schemas/PressureConfig" },
            "stored": { "type": "boolean" },
            "updated_at": { "type": ["string", "null"], "format": "date-time" },
            "defaults": { "$ref": "#/components/schemas/PressureConfig" } } }),
    );
    schemas.extend(identity::openapi_schemas());
    schemas
}
