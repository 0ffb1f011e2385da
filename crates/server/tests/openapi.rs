//! The OpenAPI document lists exactly the routes the router serves.

mod common;

use axum::http::{Method, StatusCode};
use std::collections::BTreeSet;

#[tokio::test]
async fn openapi_matches_the_routes() {
    let env = common::env().await;
    let res = env
        .send(env.req(Method::GET, "/api/openapi.json", None, false))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert_eq!(doc["openapi"], "3.1.0");

    let routed: BTreeSet<(String, String)> = canal_server::routes::api_routes(env.state.clone())
        .list
        .into_iter()
        .map(|(m, p)| (m.to_owned(), format!("/api{p}")))
        .collect();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let phantom: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.json: {undocumented:?}"
    );
    assert!(
        phantom.is_empty(),
        "openapi.json lists routes that do not exist: {phantom:?}"
    );

    // Every schema reference resolves.
    let text = doc.to_string();
    for r in text.split("\"#/components/schemas/").skip(1) {
        let name = &r[..r.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "dangling $ref {name}"
        );
    }
}
