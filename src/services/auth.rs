//! `POST /api/auth/login`, `GET /api/auth/me`, `POST /api/auth/logout`.
//! The session lives in an HttpOnly cookie the browser keeps; the app only
//! learns who is logged in.

use super::requests::{get_json, post_empty, post_json};
use super::ApiError;
use crate::state::session::User;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct UserBody {
    user: User,
}

#[derive(Serialize)]
struct Credentials<'a> {
    email: &'a str,
    password: &'a str,
}

/// Logs in; the server sets the session cookie.
pub async fn login(email: &str, password: &str) -> Result<User, ApiError> {
    let body: UserBody = post_json("/api/auth/login", &Credentials { email, password }).await?;
    Ok(body.user)
}

/// Who is logged in: `None` when nobody is (401).
pub async fn me() -> Result<Option<User>, ApiError> {
    match get_json::<UserBody>("/api/auth/me", None).await {
        Ok(body) => Ok(Some(body.user)),
        Err(ApiError::Status { status: 401, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Ends the session.
pub async fn logout() -> Result<(), ApiError> {
    post_empty("/api/auth/logout").await
}
