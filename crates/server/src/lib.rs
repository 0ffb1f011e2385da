//! Canal's reference backend: the JSON API under `/api`, the built app at
//! every other path, and the `canal` command-line tool around them.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it
//! with `tower::ServiceExt::oneshot` and no socket.

pub mod auth;
pub mod cli;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod metrics;
pub mod openapi;
pub mod push;
pub mod ratelimit;
pub mod records;
pub mod routes;
pub mod settings;
pub mod store;
pub mod time;
pub mod watch;
pub mod web;

use axum::http::{HeaderValue, Request};
use axum::Router;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

pub use error::AppError;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database, or `None` when the server runs without one.
    pub db: Option<db::Db>,
    /// The folder holding the built app (Trunk's `dist/`), if any.
    pub dist: Option<PathBuf>,
    /// Whether session cookies carry `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Per-IP limits.
    pub limits: Arc<Limits>,
    /// The data set the metric endpoints analyse.
    pub data: Arc<metrics::Cache>,
    /// Recently checked credentials.
    pub auth_cache: Arc<auth::AuthCache>,
    /// The number of contacts, for unfiltered contact lists.
    pub contact_total: Arc<metrics::Total>,
    /// Event batches waiting to be written together.
    pub ingest: Arc<ingest::Ingest>,
}

/// The rate limiters, shared by every clone of the state.
#[derive(Debug)]
pub struct Limits {
    /// `POST /api/auth/login`: 10 at once, then one every 6 s.
    pub login: ratelimit::RateLimiter,
    /// Endpoints anyone may call: 100 at once, then 50 a second.
    pub public: ratelimit::RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login: ratelimit::RateLimiter::new(10, 1.0 / 6.0),
            public: ratelimit::RateLimiter::new(100, 50.0),
        }
    }
}

impl AppState {
    /// State with default limits and plain-HTTP cookies.
    pub fn new(db: Option<db::Db>, dist: Option<PathBuf>) -> Self {
        AppState {
            db,
            dist,
            secure_cookies: false,
            limits: Arc::new(Limits::default()),
            data: Arc::default(),
            auth_cache: Arc::default(),
            contact_total: Arc::default(),
            ingest: Arc::default(),
        }
    }

    /// The database, or a 503-free internal error when there is none.
    pub fn db(&self) -> Result<&db::Db, AppError> {
        self.db
            .as_ref()
            .ok_or_else(|| AppError::Internal("no database configured".into()))
    }

    /// A hash to verify against when the e-mail is unknown (see [`auth::login`]).
    pub fn dummy_hash(&self) -> &'static str {
        static HASH: OnceLock<String> = OnceLock::new();
        HASH.get_or_init(|| auth::hash_password("not-a-real-password").unwrap_or_default())
    }
}

/// Request ids: a per-process random prefix and a counter, so log lines of
/// one request can be found and ids do not repeat across restarts.
#[derive(Clone, Debug)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The whole HTTP application: API routes, the built app, security headers,
/// request ids and tracing.
pub fn app(state: AppState) -> Router {
    let dist = state.dist.clone();
    let router = Router::new().nest("/api", routes::api(state));
    let ids = RequestIds {
        prefix: auth::random_hex(4).unwrap_or_else(|_| "0".into()).into(),
        next: Arc::new(AtomicU64::new(1)),
    };
    let trace = TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
        let id = req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", id, method = %req.method(), uri = %req.uri())
    });
    web::with_static(router, dist.as_deref())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(ids))
}
