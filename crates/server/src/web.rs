//! Serving the built app and the security headers on every response.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy, with `{scripts}` standing for the hashes of
/// the inline scripts of `index.html`: the app is self-contained Wasm
/// (`wasm-unsafe-eval` lets the browser compile it) and the only inline script
/// is Trunk's loader, allowed by its hash and nothing else.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; \
form-action 'self'";

/// The CSP for a page whose HTML is `index_html`.
pub fn csp_for(index_html: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = String::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push_str(&format!(" 'sha256-{b64}'"));
        }
        rest = &body_and_more[close..];
    }
    CSP.replace("{scripts}", &hashes)
}

/// Adds the built app (with client-side routes falling back to `index.html`)
/// and the security headers to `router`.
pub fn with_static(router: Router, dist: Option<&Path>) -> Router {
    let index_html = dist
        .and_then(|d| std::fs::read_to_string(d.join("index.html")).ok())
        .unwrap_or_default();
    let csp = HeaderValue::from_str(&csp_for(&index_html))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
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
            csp,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_exactly_the_inline_scripts() {
        let html = "<script type=\"module\">init()</script><script src=\"/a.js\"></script>";
        let csp = csp_for(html);
        // sha256("init()") in base64.
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let want = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert!(csp.contains(&format!("'sha256-{want}'")), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp_for("").contains("sha256"));
    }
}
