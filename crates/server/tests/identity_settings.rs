//! `/api/settings/identity`: the workspace's phone country, the country of
//! phone numbers written without an international prefix (SPEC §7), which
//! decides who is one person in the metrics. Runs on SQLite, or PostgreSQL
//! with `CANAL_TEST_DATABASE_URL`.

mod common;

use axum::http::{Method, StatusCode};
use common::env;
use serde_json::{json, Value};

const PATH: &str = "/api/settings/identity";
const SUMMARY: &str = "/api/metrics/summary";

/// Two national US numbers written in two ways, a Spanish number written
/// internationally, and the same Spanish number written nationally; every
/// e-mail differs, so only phones can join them.
fn contacts() -> Value {
    json!([
        { "id": "C1", "email": "ana@example.com", "phone": "(415) 555-0100" },
        { "id": "C2", "email": "bob@example.com", "phone": "415.555.0100" },
        { "id": "C3", "email": "cy@example.com", "phone": "+34 600 111 222" },
        { "id": "C4", "email": "dee@example.com", "phone": "600 111 222" },
    ])
}

/// People as `C1 C2|C3|C4`, from the server's metrics data set, and the
/// summary's people count.
async fn people(env: &common::Env) -> (String, u64) {
    let pool = env.state.db.as_ref().unwrap().pool();
    let data = canal_server::store::load_dataset(pool, None).await.unwrap();
    let mut by: Vec<(u32, Vec<&str>)> = Vec::new();
    for id in ["C1", "C2", "C3", "C4"] {
        let p = data.resolve_key(id).expect("a person");
        match by.iter_mut().find(|(q, _)| *q == p) {
            Some((_, list)) => list.push(id),
            None => by.push((p, vec![id])),
        }
    }
    let groups: Vec<String> = by.into_iter().map(|(_, l)| l.join(" ")).collect();
    let summary = env.get(SUMMARY).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text());
    (
        groups.join("|"),
        summary.json()["contacts"].as_u64().unwrap(),
    )
}

async fn put(env: &common::Env, body: &str) -> common::Res {
    env.call(Method::PUT, PATH, body).await
}

#[tokio::test]
async fn identity_settings_need_a_login() {
    let env = env().await;
    for (method, body) in [
        (Method::GET, None),
        (Method::PUT, Some(r#"{"phone_country":"US"}"#)),
        (Method::DELETE, None),
    ] {
        let res = env.send(env.req(method.clone(), PATH, body, false)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method}");
    }
    assert_eq!(env.count("settings").await, 0);
}

#[tokio::test]
async fn the_phone_country_starts_at_spain_and_round_trips() {
    let env = env().await;
    let defaults =
        json!({ "phone_country": "ES", "stored": false, "updated_at": null, "default": "ES" });
    assert_eq!(env.get(PATH).await.json(), defaults);

    let res = put(&env, r#"{"phone_country":"us"}"#).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let saved = res.json();
    assert_eq!(saved["phone_country"], "US");
    assert_eq!(saved["stored"], true);
    assert_eq!(saved["default"], "ES");
    assert!(saved["updated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(env.get(PATH).await.json(), saved);

    // Saving again replaces the document; the pressure rules are another row.
    assert_eq!(
        put(&env, r#"{"phone_country":"MX"}"#).await.json()["phone_country"],
        "MX"
    );
    let res = env
        .call(
            Method::PUT,
            "/api/settings/pressure",
            r#"{"min_spacing_hours": 48}"#,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(env.count("settings").await, 2);

    let res = env.send(env.req(Method::DELETE, PATH, None, true)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json(), defaults);
    assert_eq!(env.count("settings").await, 1);
    assert_eq!(
        env.get("/api/settings/pressure").await.json()["config"]["min_spacing_hours"],
        48
    );
}

/// PUTs `body` and expects 422 with these problem fields, nothing written.
async fn check_refused(env: &common::Env, body: &str, fields: &[&str]) {
    let before = env.get(PATH).await.json();
    let generation = env.state.data.generation();
    let res = put(env, body).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(res.code(), "invalid", "{body}");
    let problems = &res.json()["error"]["details"]["problems"];
    let got: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(got, fields, "{body}");
    assert!(problems[0]["message"].is_string(), "{body}");
    assert_eq!(env.get(PATH).await.json(), before, "{body} wrote something");
    assert_eq!(env.state.data.generation(), generation, "{body}");
}

#[tokio::test]
async fn unknown_countries_are_refused_and_nothing_is_written() {
    let env = env().await;
    assert_eq!(
        put(&env, r#"{"phone_country":"US"}"#).await.status,
        StatusCode::OK
    );
    check_refused(&env, r#"{"phone_country":"XX"}"#, &["phone_country"]).await;
    check_refused(&env, r#"{"phone_country":""}"#, &["phone_country"]).await;
    check_refused(&env, r#"{"phone_country":1}"#, &["phone_country"]).await;
    check_refused(&env, r#"{}"#, &["phone_country"]).await;
    check_refused(&env, r#"[]"#, &[""]).await;
    check_refused(
        &env,
        r#"{"phone_country":"US","country":"US"}"#,
        &["country"],
    )
    .await;
    let res = put(&env, r#"{"phone_country":"XX"}"#).await;
    let message = res.json()["error"]["details"]["problems"][0]["message"].clone();
    assert!(
        message
            .as_str()
            .unwrap()
            .contains("unknown country code 'XX'"),
        "{message}"
    );
    assert_eq!(env.get(PATH).await.json()["phone_country"], "US");

    // Nothing stored: a refused PUT leaves no row either.
    let fresh = common::env().await;
    check_refused(&fresh, r#"{"phone_country":"XX"}"#, &["phone_country"]).await;
    assert_eq!(fresh.count("settings").await, 0);
}

#[tokio::test]
async fn the_phone_country_decides_who_is_one_person() {
    let env = env().await;
    let res = env.post("/api/contacts/batch", &contacts()).await;
    assert_eq!(res.json()["accepted"], 4, "{}", res.text());

    // Spain: the US numbers are no numbers; 600 111 222 is +34600111222.
    // The summary loads and caches the data set here.
    assert_eq!(people(&env).await, ("C1|C2|C3 C4".into(), 3));

    // US: both US numbers are +14155550100; 600 111 222 has too few digits.
    // The cached data set was joined with Spain: the PUT must drop it.
    assert_eq!(
        put(&env, r#"{"phone_country":"US"}"#).await.status,
        StatusCode::OK
    );
    assert_eq!(people(&env).await, ("C1 C2|C3|C4".into(), 3));

    let res = env.send(env.req(Method::DELETE, PATH, None, true)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(people(&env).await, ("C1|C2|C3 C4".into(), 3));
}

#[tokio::test]
async fn the_summary_counts_people_with_the_new_country_at_once() {
    // Counts that differ by country, so a stale cache shows: US joins C1
    // and C2 (2 people), Spain joins nobody (3).
    let env = env().await;
    let rows = json!([
        { "id": "C1", "phone": "(415) 555-0100" },
        { "id": "C2", "phone": "415.555.0100" },
        { "id": "C3", "phone": "+34 600 111 222" },
    ]);
    env.post("/api/contacts/batch", &rows).await;
    let count = || async { env.get(SUMMARY).await.json()["contacts"].clone() };
    assert_eq!(count().await, 3);
    put(&env, r#"{"phone_country":"US"}"#).await;
    assert_eq!(count().await, 2);
    env.send(env.req(Method::DELETE, PATH, None, true)).await;
    assert_eq!(count().await, 3);
}

#[tokio::test]
async fn another_servers_country_change_reaches_the_cache() {
    // Server B saves the country; A, watching the database, must not
    // answer from the data set it joined with Spain.
    let a = env().await;
    a.watch().await;
    let b = a.second_server().await;
    let rows = json!([
        { "id": "C1", "phone": "(415) 555-0100" },
        { "id": "C2", "phone": "415.555.0100" },
    ]);
    b.post("/api/contacts/batch", &rows).await;
    assert_eq!(a.get(SUMMARY).await.json()["contacts"], 2);

    let generation = a.state.data.generation();
    assert_eq!(
        put(&b, r#"{"phone_country":"US"}"#).await.status,
        StatusCode::OK
    );
    a.seen_since(generation).await;
    assert_eq!(a.get(SUMMARY).await.json()["contacts"], 1);
}

#[tokio::test]
async fn a_hand_edited_country_is_reported_by_name_until_saved_again() {
    // Someone writes a country the phone table does not know straight into
    // the database. The metrics must not join people under a default in
    // silence: they answer a 500 that names the setting and the fix, and a
    // valid save brings them back.
    let env = env().await;
    env.post("/api/contacts/batch", &contacts()).await;
    assert_eq!(env.get(SUMMARY).await.status, StatusCode::OK);
    env.store_setting_by_hand("identity", r#"{"phone_country":"XX"}"#)
        .await;
    env.state.data.invalidate();

    let message = env.get(SUMMARY).await.invalid_setting("identity");
    assert!(message.contains("phone_country"), "{message}");
    assert!(message.contains("PUT /api/settings/identity"), "{message}");
    // Reading the setting says the same, so Settings can show it.
    env.get(PATH).await.invalid_setting("identity");

    assert_eq!(
        put(&env, r#"{"phone_country":"US"}"#).await.status,
        StatusCode::OK
    );
    let summary = env.get(SUMMARY).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text());
    // C1 and C2 share a US number now: three people.
    assert_eq!(summary.json()["contacts"], 3);
}
