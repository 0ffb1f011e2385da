//! Serving the built app and the security headers on every response.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy: the app is self-contained Wasm; `wasm-unsafe-eval`
/// lets the browser compile it, nothing else runs inline.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; \
form-action 'self'";

/// Adds the built app (with client-side routes falling back to `index.html`)
/// and the security headers to `router`.
pub fn with_static(router: Router, dist: Option<&Path>) -> Router {
    let router = match dist {
        Some(dist) => {
            let index = dist.join("index.html");
            let serve = ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(ServeFile::new(index));
            router.fallback_service(serve)
        }
        None => router,
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
}
