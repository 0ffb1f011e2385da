//! The `/api` routes.
//!
//! Routes are registered through [`Routes`], which records each (method,
//! path) pair so a test can check the OpenAPI document lists every one.

mod campaigns;
mod consent;
mod contacts;
mod definitions;
mod events;
mod export;
mod metrics;
mod orders;
pub mod page;
pub mod push;
mod session;
pub mod settings;
mod validate;

use crate::auth::require_user;
use crate::{AppError, AppState};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::handler::Handler;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::{self, MethodRouter};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

/// The request body limit for most routes.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// The request body limit for batched ingest.
pub const BATCH_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// A router that remembers what it routes.
pub struct Routes {
    router: Router<AppState>,
    /// (method, path relative to `/api`) for every route.
    pub list: Vec<(&'static str, &'static str)>,
}

macro_rules! verb {
    ($name:ident, $text:literal) => {
        /// Adds a handler for this method at `path`.
        pub fn $name<H, T>(self, path: &'static str, handler: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            self.add($text, path, routing::$name(handler))
        }
    };
}

impl Routes {
    fn new() -> Self {
        Routes {
            router: Router::new(),
            list: Vec::new(),
        }
    }

    fn add(mut self, method: &'static str, path: &'static str, r: MethodRouter<AppState>) -> Self {
        self.list.push((method, path));
        self.router = self.router.route(path, r);
        self
    }

    verb!(get, "get");
    verb!(post, "post");
    verb!(put, "put");
    verb!(delete, "delete");

    fn merge(mut self, other: Routes) -> Self {
        self.list.extend(other.list);
        self.router = self.router.merge(other.router);
        self
    }

    fn map(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Self {
        self.router = f(self.router);
        self
    }
}

/// Routes anyone may call (rate-limited per IP).
fn public() -> Routes {
    Routes::new()
        .get("/health", health)
        .get("/openapi.json", openapi)
        .post("/auth/login", session::login)
        .merge(push::public())
}

/// Routes that need a logged-in marketer or an API token.
fn private() -> Routes {
    let ingest = Routes::new()
        .post("/events", events::ingest)
        .post("/orders", orders::create)
        .post("/consent", consent::create)
        .post("/contacts/batch", contacts::batch)
        .map(|r| r.layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)));
    let rest = Routes::new()
        .post("/auth/logout", session::logout)
        .get("/auth/me", session::me)
        .get("/contacts", contacts::list)
        .post("/contacts", contacts::create)
        .get("/contacts/{id}", contacts::get)
        .put("/contacts/{id}", contacts::put)
        .get("/contacts/{id}/timeline", contacts::timeline)
        .get("/events", events::list)
        .get("/orders", orders::list)
        .get("/orders/{id}", orders::get)
        .get("/campaigns", campaigns::list)
        .post("/campaigns", campaigns::create)
        .get("/campaigns/{id}", campaigns::get)
        .put("/campaigns/{id}", campaigns::put)
        .get("/consent", consent::list)
        .merge(definitions::routes())
        .merge(export::routes())
        .merge(metrics::routes())
        .merge(push::private())
        .merge(settings::routes())
        .map(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)));
    ingest.merge(rest)
}

/// Every API route, with its (method, path) list.
pub fn api_routes(state: AppState) -> Routes {
    let public = public().map(|r| {
        r.layer(DefaultBodyLimit::max(BODY_LIMIT))
            .route_layer(from_fn_with_state(state.clone(), public_limit))
    });
    let private = private().map(|r| r.route_layer(from_fn_with_state(state, require_user)));
    public.merge(private)
}

/// Every API route, relative to `/api`.
pub fn api(state: AppState) -> Router {
    api_routes(state.clone())
        .router
        .fallback(|| async { AppError::NotFound })
        .with_state(state)
}

/// The client's IP: the socket peer; tests without a socket share one key.
pub fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

async fn public_limit(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    state
        .limits
        .public
        .check(client_ip(&req), Instant::now())
        .map_err(AppError::TooManyRequests)?;
    Ok(next.run(req).await)
}

/// `GET /api/health`: the version and whether the database answers.
async fn health(State(state): State<AppState>) -> Json<Value> {
    let database = match &state.db {
        None => json!({ "status": "none" }),
        Some(db) => match db.ping().await {
            Ok(()) => json!({ "status": "ok", "kind": db.kind() }),
            Err(err) => {
                tracing::warn!(error = %err, "database ping failed");
                json!({ "status": "error", "kind": db.kind() })
            }
        },
    };
    let ok = database["status"] != "error";
    Json(json!({
        "status": if ok { "ok" } else { "degraded" },
        "version": env!("CARGO_PKG_VERSION"),
        "database": database,
    }))
}

/// `GET /api/openapi.json`.
async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}
