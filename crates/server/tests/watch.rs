//! Metrics follow writes made by another server on the same database
//! (SQLite file or PostgreSQL: `./test` runs this file against both).

mod common;

use axum::http::StatusCode;
use common::env;
use serde_json::json;

const KPIS: &str = "/api/metrics/kpis?from=2026-01-01&to=2026-02-01";

fn delivered(id: &str, day: u32) -> serde_json::Value {
    json!({ "id": id, "contact_id": "c1", "ts": format!("2026-01-{day:02}T10:00:00Z"),
            "channel": "email", "kind": "delivered" })
}

#[tokio::test]
async fn metrics_follow_writes_made_by_another_server() {
    let a = env().await;
    a.watch().await;
    let b = a.second_server().await;

    let res = b.post("/api/events", &json!([delivered("e1", 5)])).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let first = a.get(KPIS).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());

    // B writes; A's cached data set must not hide it.
    let generation = a.state.data.generation();
    let res = b
        .post(
            "/api/events",
            &json!([delivered("e2", 6), delivered("e3", 7)]),
        )
        .await;
    assert_eq!(res.json()["inserted"], 2);
    a.seen_since(generation).await;
    let after = a.get(KPIS).await;
    assert_ne!(after.text(), first.text(), "A answered from stale data");
    // What a server with no cache at all computes.
    let fresh = a.second_server().await;
    assert_eq!(after.text(), fresh.get(KPIS).await.text());
}

#[tokio::test]
async fn without_the_watch_a_cache_would_be_stale() {
    // The control for the test above: the same steps with no watch show
    // the stale answer, so that test can fail.
    let a = env().await;
    let b = a.second_server().await;
    b.post("/api/events", &json!([delivered("e1", 5)])).await;
    let first = a.get(KPIS).await.text();
    b.post("/api/events", &json!([delivered("e2", 6)])).await;
    assert_eq!(a.get(KPIS).await.text(), first);
}

#[tokio::test]
async fn a_login_does_not_reload_the_metrics_data() {
    // A login writes a session: a commit, but not to a data table. On
    // SQLite that used to mark the cache stale, so the first metric after
    // every login reloaded all events.
    let a = env().await;
    a.watch().await;
    let b = a.second_server().await;
    b.post("/api/events", &json!([delivered("e1", 5)])).await;
    let first = a.get(KPIS).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let generation = a.state.data.generation();

    for env in [&a, &b] {
        let req = env.req(
            axum::http::Method::POST,
            "/api/auth/login",
            Some(r#"{"email":"ana@example.com","password":"correct horse"}"#),
            false,
        );
        let res = env.send(req).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    }
    assert_eq!(a.get(KPIS).await.text(), first.text());
    assert_eq!(
        a.state.data.generation(),
        generation,
        "a login marked the metrics data stale"
    );

    // A data write by the other server still does.
    b.post("/api/events", &json!([delivered("e2", 6)])).await;
    a.seen_since(generation).await;
    assert_ne!(a.get(KPIS).await.text(), first.text());
    assert!(a.state.data.generation() > generation);
}

#[tokio::test]
async fn metrics_follow_inserts_and_deletes_made_by_plain_sql() {
    // A script on the same database, not a server: an event inserted, then
    // an older one deleted. On SQLite the insert is seen by the largest
    // rowid, the delete (the largest rowid stays) by the count its trigger
    // keeps.
    let a = env().await;
    a.watch().await;
    a.post("/api/events", &json!([delivered("e1", 5)])).await;
    let first = a.get(KPIS).await.text();
    let other = canal_server::db::Db::connect(&a.url)
        .await
        .expect("connect");
    let generation = a.state.data.generation();
    sqlx::query(
        "INSERT INTO events (id, contact_id, ts, channel, direction, kind, scope) \
         VALUES ('e9', 'c1', 1767866400, 'email', 'outbound', 'delivered', 'marketing')",
    )
    .execute(other.pool())
    .await
    .expect("insert");
    a.seen_since(generation).await;
    let inserted = a.get(KPIS).await.text();
    assert_ne!(inserted, first, "an inserted event was not seen");

    let generation = a.state.data.generation();
    sqlx::query("DELETE FROM events WHERE id = 'e1'")
        .execute(other.pool())
        .await
        .expect("delete");
    a.seen_since(generation).await;
    let deleted = a.get(KPIS).await.text();
    assert_ne!(deleted, inserted, "a deleted event was not seen");
}
