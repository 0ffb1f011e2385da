//! Marketer authentication: argon2 password hashes, session cookies, API
//! tokens, and the CSRF origin check on cookie-authenticated writes.
//!
//! Sessions and API tokens are random 256-bit secrets; the database keeps
//! only their SHA-256, so reading it does not yield a credential.

use crate::{AppError, AppState};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "canal_session";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 7 * 86_400;

/// Who made the request, put in the request extensions by [`require_user`].
#[derive(Clone, Debug, Serialize)]
pub struct User {
    /// User id.
    pub id: String,
    /// Login e-mail.
    pub email: String,
    /// `session` or `token`.
    pub via: &'static str,
}

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A new random secret, hex-encoded.
pub fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).map_err(|e| AppError::Internal(format!("getrandom: {e}")))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of a session or API token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// An argon2id PHC hash of `password` with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches the PHC hash `stored`.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Creates a user; an existing e-mail is a 409.
pub async fn create_user(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<String, AppError> {
    let email = normalize_email(email)?;
    if password.chars().count() < 8 {
        return Err(AppError::bad_request(
            "weak_password",
            "The password needs at least 8 characters.",
        ));
    }
    let db = state.db()?;
    let exists = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db.pool())
        .await?;
    if exists.is_some() {
        return Err(AppError::status(
            StatusCode::CONFLICT,
            "exists",
            format!("A user with e-mail {email} already exists."),
        ));
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let id = random_hex(16)?;
    let _writer = db.writer().await;
    sqlx::query("INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(&email)
        .bind(&hash)
        .bind(now())
        .execute(db.pool())
        .await?;
    Ok(id)
}

/// Creates an API token for `user_id`; the token is shown once, here.
pub async fn create_token(state: &AppState, user_id: &str, name: &str) -> Result<String, AppError> {
    let token = format!("canal_{}", random_hex(32)?);
    let db = state.db()?;
    let _writer = db.writer().await;
    sqlx::query(
        "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(name)
    .bind(now())
    .execute(state.db()?.pool())
    .await?;
    Ok(token)
}

/// The user id for an e-mail, if such a user exists.
pub async fn user_id(state: &AppState, email: &str) -> Result<Option<String>, AppError> {
    let email = normalize_email(email)?;
    let row = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(state.db()?.pool())
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("id")?),
        None => None,
    })
}

/// Trims and lower-cases an e-mail, checking it has the shape of one.
pub fn normalize_email(email: &str) -> Result<String, AppError> {
    let e = email.trim().to_lowercase();
    match e.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') && !e.contains(' ') => {
            Ok(e)
        }
        _ => Err(AppError::bad_request(
            "invalid_email",
            format!("{email:?} is not an e-mail address."),
        )),
    }
}

/// Checks a login; on success creates a session and returns its token.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<(User, String), AppError> {
    let db = state.db()?;
    let email = email.trim().to_lowercase();
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db.pool())
        .await?;
    let (id, stored) = match row {
        Some(r) => (
            Some(r.try_get::<String, _>("id")?),
            r.try_get("password_hash")?,
        ),
        // Verify against a throwaway hash anyway, so the answer takes as
        // long for an unknown e-mail as for a wrong password.
        None => (None, state.dummy_hash().to_owned()),
    };
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let id = match (ok, id) {
        (true, Some(id)) => id,
        _ => {
            return Err(AppError::status(
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "Wrong e-mail or password.",
            ))
        }
    };
    let token = random_hex(32)?;
    let t = now();
    let _writer = db.writer().await;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(&id)
    .bind(t)
    .bind(t + SESSION_SECONDS)
    .execute(db.pool())
    .await?;
    Ok((
        User {
            id,
            email,
            via: "session",
        },
        token,
    ))
}

/// Ends the session whose token is `token`.
pub async fn logout(state: &AppState, token: &str) -> Result<(), AppError> {
    state.auth_cache.remove(&token_hash(token));
    let db = state.db()?;
    let _writer = db.writer().await;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Whether the request's `Origin` (or, failing that, `Referer`) names the
/// host it was sent to. Browsers send `Origin` on every cross-site write, so
/// a write with neither header is refused too.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let host = match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(h) => h,
        None => return false,
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source.and_then(|s| s.split_once("://")) {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => {
            let authority = rest.split('/').next().unwrap_or("");
            authority.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

/// Recently resolved credentials, so a busy client does not cost a database
/// round trip per request. Entries live [`CACHE_SECONDS`] at most; logout
/// drops its own entry at once.
#[derive(Debug, Default)]
pub struct AuthCache {
    // Keyed by the token's hash; SipHash since clients choose the tokens.
    entries: std::sync::Mutex<std::collections::HashMap<String, (User, std::time::Instant)>>,
}

/// How long a resolved token or session is trusted without a lookup.
pub const CACHE_SECONDS: u64 = 10;

impl AuthCache {
    fn get(&self, hash: &str) -> Option<User> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(hash)
            .filter(|(_, until)| *until > std::time::Instant::now())
            .map(|(u, _)| u.clone())
    }

    fn put(&self, hash: String, user: User) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= 10_000 {
            entries.clear();
        }
        let until = std::time::Instant::now() + std::time::Duration::from_secs(CACHE_SECONDS);
        entries.insert(hash, (user, until));
    }

    fn remove(&self, hash: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(hash);
    }
}

/// Resolves the caller, from the cache when it can.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Option<User>, AppError> {
    let hash = match bearer(headers).or_else(|| cookie(headers, SESSION_COOKIE)) {
        Some(t) => token_hash(t),
        None => return Ok(None),
    };
    if let Some(user) = state.auth_cache.get(&hash) {
        return Ok(Some(user));
    }
    let user = lookup(state, headers).await?;
    if let Some(u) = &user {
        state.auth_cache.put(hash, u.clone());
    }
    Ok(user)
}

/// Resolves the caller from a bearer token or the session cookie.
async fn lookup(state: &AppState, headers: &HeaderMap) -> Result<Option<User>, AppError> {
    let db = state.db()?;
    if let Some(token) = bearer(headers) {
        let row = sqlx::query(
            "SELECT u.id, u.email FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(db.pool())
        .await?;
        return Ok(match row {
            Some(r) => Some(User {
                id: r.try_get("id")?,
                email: r.try_get("email")?,
                via: "token",
            }),
            None => None,
        });
    }
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        let row = sqlx::query(
            "SELECT u.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now())
        .fetch_optional(db.pool())
        .await?;
        return Ok(match row {
            Some(r) => Some(User {
                id: r.try_get("id")?,
                email: r.try_get("email")?,
                via: "session",
            }),
            None => None,
        });
    }
    Ok(None)
}

/// Middleware for every route that returns personal data: 401 without a
/// valid token or session, 403 for a cookie-authenticated cross-site write.
pub async fn require_user(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let user = authenticate(&state, req.headers())
        .await?
        .ok_or(AppError::Unauthorized)?;
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if user.via == "session" && !safe && !same_origin(req.headers()) {
        return Err(csrf_error());
    }
    req.extensions_mut().insert(user);
    Ok(next.run(req).await)
}

/// The 403 for a write whose origin is not this site.
pub fn csrf_error() -> AppError {
    AppError::status(
        StatusCode::FORBIDDEN,
        "csrf",
        "Cross-site request refused: the Origin header does not match this site.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn check_origin(host: Option<&str>, origin: Option<&str>, referer: Option<&str>, ok: bool) {
        let mut h = HeaderMap::new();
        for (name, v) in [
            (header::HOST, host),
            (header::ORIGIN, origin),
            (header::REFERER, referer),
        ] {
            if let Some(v) = v {
                h.insert(name, HeaderValue::from_str(v).unwrap());
            }
        }
        assert_eq!(same_origin(&h), ok, "{host:?} {origin:?} {referer:?}");
    }

    #[test]
    fn origin_must_match_host() {
        check_origin(Some("a.test:8080"), Some("http://a.test:8080"), None, true);
        check_origin(Some("a.test"), Some("https://A.test"), None, true);
        check_origin(Some("a.test:8080"), Some("http://a.test"), None, false);
        check_origin(Some("a.test"), Some("http://evil.test"), None, false);
        check_origin(Some("a.test"), Some("null"), None, false);
        check_origin(Some("a.test"), None, Some("http://a.test/app"), true);
        check_origin(Some("a.test"), None, Some("http://evil.test/a.test"), false);
        check_origin(Some("a.test"), None, None, false);
        check_origin(None, Some("http://a.test"), None, false);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; canal_session=xyz; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn emails_are_normalised_or_refused() {
        assert_eq!(
            normalize_email(" Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        assert!(normalize_email("ana").is_err());
        assert!(normalize_email("@example.com").is_err());
        assert!(normalize_email("ana@localhost").is_err());
    }

    #[test]
    fn tokens_hash_stably() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
