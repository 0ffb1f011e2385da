//! `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`.

use super::client_ip;
use crate::auth::{self, User, SESSION_COOKIE, SESSION_SECONDS};
use crate::extract::ApiJson;
use crate::{AppError, AppState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;
use std::time::Instant;

/// The login form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    email: String,
    password: String,
}

fn session_cookie(state: &AppState, token: &str, max_age: i64) -> Result<HeaderValue, AppError> {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// Checks e-mail and password, then sets the session cookie.
pub async fn login(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    state
        .limits
        .login
        .check(client_ip(&req), Instant::now())
        .map_err(AppError::TooManyRequests)?;
    // A page on another site must not log the browser into our account
    // (login CSRF); non-browser clients send no Origin and are fine.
    if req.headers().contains_key(header::ORIGIN) && !auth::same_origin(req.headers()) {
        return Err(auth::csrf_error());
    }
    let ApiJson(form) = ApiJson::<Login>::from_request_ok(req, &state).await?;
    let (user, token) = auth::login(&state, &form.email, &form.password).await?;
    let mut response = Json(json!({ "user": user })).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&state, &token, SESSION_SECONDS)?,
    );
    Ok(response)
}

impl<T: serde::de::DeserializeOwned> ApiJson<T> {
    async fn from_request_ok(req: Request, state: &AppState) -> Result<Self, AppError> {
        <Self as axum::extract::FromRequest<AppState>>::from_request(req, state).await
    }
}

/// Ends the session and clears the cookie.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = auth::cookie(&headers, SESSION_COOKIE) {
        auth::logout(&state, token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, "", 0)?);
    Ok(response)
}

/// Who is logged in.
pub async fn me(Extension(user): Extension<User>) -> Json<serde_json::Value> {
    Json(json!({ "user": user }))
}
