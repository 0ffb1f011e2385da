//! `/api/settings/pressure`: the stored contact rules push sends apply.
//! Runs on SQLite, or PostgreSQL with `CANAL_TEST_DATABASE_URL`.

mod common;

use axum::http::{header, Method, StatusCode};
use common::env;
use serde_json::{json, Value};

const PATH: &str = "/api/settings/pressure";

/// canal_core's defaults, as the API writes them.
fn defaults() -> Value {
    json!(canal_core::pressure::PressureConfig::default())
}

#[tokio::test]
async fn pressure_settings_need_a_login() {
    let env = env().await;
    for (method, body) in [
        (Method::GET, None),
        (Method::PUT, Some("{}")),
        (Method::DELETE, None),
    ] {
        let res = env.send(env.req(method.clone(), PATH, body, false)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method}");
        assert_eq!(res.code(), "unauthorized");
    }
    assert_eq!(env.count("settings").await, 0);
}

#[tokio::test]
async fn pressure_settings_start_at_the_defaults_and_round_trip() {
    let env = env().await;
    let res = env.get(PATH).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({ "config": defaults(), "stored": false, "updated_at": null, "defaults": defaults() })
    );

    // Fields left out take the defaults; missing channel weights weigh 1.
    let body = json!({ "half_life_days": 7, "weights": [2],
        "caps": [{ "channel": "sms", "max": 1, "period_days": 30 }, { "channel": null, "max": 3, "period_days": 7 }],
        "kind_weights": [{ "kind": "call", "weight": 5 }], "max_pressure": null });
    let res = env.call(Method::PUT, PATH, &body.to_string()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let saved = res.json();
    let mut expected = defaults();
    expected["half_life_days"] = json!(7.0);
    expected["weights"] = json!(std::iter::once(2.0)
        .chain(std::iter::repeat_n(1.0, canal_core::Channel::ALL.len() - 1))
        .collect::<Vec<f64>>());
    expected["caps"] = body["caps"].clone();
    expected["kind_weights"] = json!([{ "kind": "call", "weight": 5.0 }]);
    expected["max_pressure"] = Value::Null;
    assert_eq!(saved["config"], expected);
    assert_eq!(saved["stored"], true);
    assert_eq!(saved["defaults"], defaults());
    assert!(saved["updated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(env.get(PATH).await.json(), saved);

    // Saving again replaces the document; there is one row.
    let res = env
        .call(Method::PUT, PATH, r#"{"min_spacing_hours": 48}"#)
        .await;
    assert_eq!(res.json()["config"]["min_spacing_hours"], 48);
    assert_eq!(res.json()["config"]["caps"], defaults()["caps"]);
    assert_eq!(env.count("settings").await, 1);

    let res = env.send(env.req(Method::DELETE, PATH, None, true)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["stored"], false);
    assert_eq!(res.json()["config"], defaults());
    assert_eq!(env.count("settings").await, 0);
}

/// PUTs `body` and expects `status` and error `code`, with the stored
/// document unchanged.
async fn check_refused(env: &common::Env, body: &str, status: StatusCode, code: &str) {
    let before = env.get(PATH).await.json();
    let res = env.call(Method::PUT, PATH, body).await;
    assert_eq!(res.status, status, "{body} -> {}", res.text());
    assert_eq!(res.code(), code, "{body}");
    let error = &res.json()["error"];
    assert!(error["message"].is_string(), "{body}");
    assert!(error.get("details").is_some(), "{body}");
    assert_eq!(env.get(PATH).await.json(), before, "{body} wrote something");
}

#[tokio::test]
async fn bad_pressure_settings_are_refused_and_nothing_is_written() {
    let env = env().await;
    let ok = env
        .call(Method::PUT, PATH, r#"{"min_spacing_hours": 12}"#)
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    check_refused(&env, "{", StatusCode::BAD_REQUEST, "malformed_json").await;
    check_refused(&env, "[]", unprocessable, "invalid").await;
    check_refused(&env, r#"{"half_life_days": 0}"#, unprocessable, "invalid").await;
    check_refused(&env, r#"{"half_life_days": "x"}"#, unprocessable, "invalid").await;
    check_refused(&env, r#"{"weights": [1, -2]}"#, unprocessable, "invalid").await;
    check_refused(&env, r#"{"max_pressure": 0}"#, unprocessable, "invalid").await;
    check_refused(
        &env,
        r#"{"min_spacing_hours": -1}"#,
        unprocessable,
        "invalid",
    )
    .await;
    check_refused(&env, r#"{"max_presure": 4}"#, unprocessable, "invalid").await;
    check_refused(
        &env,
        r#"{"caps": [{"channel": "sms", "max": 1, "period_days": 0}]}"#,
        unprocessable,
        "invalid",
    )
    .await;
    check_refused(
        &env,
        r#"{"caps": [{"channel": "pigeon", "max": 1, "period_days": 7}]}"#,
        unprocessable,
        "invalid",
    )
    .await;

    // Every problem is reported, with its field.
    let res = env
        .call(
            Method::PUT,
            PATH,
            r#"{"half_life_days": -1, "caps": [{"max": 1, "period_days": 9999}]}"#,
        )
        .await;
    let body = res.json();
    let fields: Vec<&str> = body["error"]["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["half_life_days", "caps[0].period_days"]);

    // Not JSON: 415.
    let mut req = env.req(Method::PUT, PATH, Some("{}"), true);
    req.headers_mut().remove(header::CONTENT_TYPE);
    let res = env.send(req).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(res.code(), "unsupported_media_type");
    assert_eq!(
        env.get(PATH).await.json()["config"]["min_spacing_hours"],
        12
    );
}

#[tokio::test]
async fn cookie_writes_need_this_sites_origin() {
    let env = env().await;
    let mut login = env.req(
        Method::POST,
        "/api/auth/login",
        Some(r#"{"email":"ana@example.com","password":"correct horse"}"#),
        false,
    );
    login
        .headers_mut()
        .insert(header::ORIGIN, "http://canal.test".parse().unwrap());
    let res = env.send(login).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let cookie = res.headers[header::SET_COOKIE].to_str().unwrap();
    let session = cookie.split(';').next().unwrap().to_owned();
    let put = |origin: Option<&str>| {
        let mut req = env.req(
            Method::PUT,
            PATH,
            Some(r#"{"min_spacing_hours": 6}"#),
            false,
        );
        req.headers_mut()
            .insert(header::COOKIE, session.parse().unwrap());
        if let Some(o) = origin {
            req.headers_mut().insert(header::ORIGIN, o.parse().unwrap());
        }
        req
    };
    for origin in [None, Some("http://evil.test")] {
        let res = env.send(put(origin)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(res.code(), "csrf");
    }
    assert_eq!(env.count("settings").await, 0);
    let res = env.send(put(Some("http://canal.test"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["config"]["min_spacing_hours"], 6);
    // Reading with the cookie needs no Origin.
    let mut get = env.req(Method::GET, PATH, None, false);
    get.headers_mut()
        .insert(header::COOKIE, session.parse().unwrap());
    assert_eq!(env.send(get).await.json()["stored"], true);
}

#[tokio::test]
async fn a_hand_edited_pressure_document_is_reported_by_name_until_reset() {
    // A half-life of zero written straight into the database: sends must
    // not run under the defaults in silence. Reading the settings says
    // which document is broken and how to fix it; a reset clears it.
    let env = env().await;
    env.store_setting_by_hand("pressure", r#"{"half_life_days":0}"#)
        .await;

    let message = env.get(PATH).await.invalid_setting("pressure");
    assert!(message.contains("half_life_days"), "{message}");
    assert!(
        message.contains("DELETE /api/settings/pressure"),
        "{message}"
    );

    let res = env.send(env.req(Method::DELETE, PATH, None, true)).await;
    assert!(res.status.is_success(), "{}", res.text());
    let res = env.get(PATH).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["stored"], false);
    assert_eq!(res.json()["config"], defaults());
}
