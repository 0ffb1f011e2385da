//! Canal's reference backend: the JSON API under `/api`, the built app at
//! every other path, and the `canal` command-line tool around them.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it
//! with `tower::ServiceExt::oneshot` and no socket.

pub mod db;
pub mod error;
pub mod routes;
pub mod web;

use axum::Router;
use std::path::PathBuf;

pub use error::AppError;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database, or `None` when the server runs without one.
    pub db: Option<db::Db>,
    /// The folder holding the built app (Trunk's `dist/`), if any.
    pub dist: Option<PathBuf>,
}

/// The whole HTTP application: API routes, the built app, security headers.
pub fn app(state: AppState) -> Router {
    let dist = state.dist.clone();
    let router = Router::new().nest("/api", routes::api(state));
    web::with_static(router, dist.as_deref())
}
