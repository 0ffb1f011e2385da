//! The load-tuned paths give the same answers as the plain ones: events
//! travel to the database as one JSON text (every field must come back
//! exactly, floats to the bit), and the contact list is built as JSON by the
//! database (each item must equal `GET /api/contacts/{id}`, which serde
//! writes). Runs on SQLite, or PostgreSQL with `CANAL_TEST_DATABASE_URL`.

mod common;

use axum::http::StatusCode;
use common::env;
use serde_json::{json, Value};

/// Ingests `event` alone and expects `GET /api/events?contact_id=` to give
/// back `expected` as its one item.
async fn check_event(env: &common::Env, event: Value, expected: Value) {
    let res = env.post("/api/events", &json!([event])).await;
    assert_eq!(res.status, StatusCode::OK, "{event} -> {}", res.text());
    let contact = event["contact_id"].as_str().unwrap();
    let url = format!("/api/events?contact_id={}", urlencode(contact));
    let list = env.get(&url).await.json();
    assert_eq!(list["items"], json!([expected]), "{event}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An event with only the required fields and `value`, and its listing
/// (where `value` reads back as `stored`).
fn with_value(id: &str, value: Value, stored: Value) -> (Value, Value) {
    let input = json!({ "id": id, "contact_id": id, "ts": 1_767_225_600, "channel": "store",
        "kind": "purchase", "value": value });
    let output = json!({ "id": id, "contact_id": id, "ts": "2026-01-01T00:00:00Z",
        "channel": "store", "direction": "inbound", "kind": "purchase", "scope": "unknown",
        "flags": [], "campaign_id": null, "name": null, "session_id": null, "value": stored,
        "payload": null });
    (input, output)
}

#[tokio::test]
async fn event_fields_come_back_exactly() {
    let env = env().await;
    for (i, v) in [
        json!(0.1),
        json!(19.99),
        json!(0.30000000000000004),
        json!(1234.5678),
        json!(1e-7),
        json!(123456789.123),
        json!(-42.5),
        json!(1.7976931348623157e308),
        json!(2.2250738585072014e-308),
        json!(5e-324),
        json!(9007199254740993.0),
    ]
    .into_iter()
    .enumerate()
    {
        let (input, output) = with_value(&format!("v{i}"), v.clone(), v);
        check_event(&env, input, output).await;
    }
    // Stored as a float, so an integer comes back as one.
    let (input, output) = with_value("int", json!(7), json!(7.0));
    check_event(&env, input, output).await;
    check_event(
        &env,
        json!({ "id": "e \"quoted\" \\ ü 🎉", "contact_id": "c/ñ 'x'", "ts": "2026-03-01T10:00:00+02:00",
            "channel": "email", "kind": "clicked", "direction": "inbound", "scope": "transactional",
            "campaign_id": "C\u{1}".replace('\u{1}', "-1"), "name": "  Spring sale  ",
            "session_id": "s\t1".replace('\t', ""), "flags": ["machine_open", "unsubscribe_link"],
            "payload": { "url": "https://x.test/?a=1&b=\"2\"", "n": [1, 2.5, null], "ok": true } }),
        json!({ "id": "e \"quoted\" \\ ü 🎉", "contact_id": "c/ñ 'x'", "ts": "2026-03-01T08:00:00Z",
            "channel": "email", "direction": "inbound", "kind": "clicked", "scope": "lifecycle",
            "flags": ["machine_open", "unsubscribe_link"], "campaign_id": "C-1", "name": "Spring sale",
            "session_id": "s1", "value": null,
            "payload": { "url": "https://x.test/?a=1&b=\"2\"", "n": [1, 2.5, null], "ok": true } }),
    )
    .await;
}

#[tokio::test]
async fn a_batch_with_repeated_and_stored_ids_inserts_each_once() {
    let env = env().await;
    let e = |id: &str| json!({ "id": id, "contact_id": "c1", "ts": 0, "channel": "sms", "kind": "sent" });
    let res = env
        .post("/api/events", &json!([e("a"), e("b"), e("a")]))
        .await;
    assert_eq!(
        res.json(),
        json!({ "accepted": 3, "inserted": 2, "duplicates": 1 })
    );
    let res = env.post("/api/events", &json!([e("b"), e("c")])).await;
    assert_eq!(
        res.json(),
        json!({ "accepted": 2, "inserted": 1, "duplicates": 1 })
    );
    assert_eq!(env.count("events").await, 3);
    assert_eq!(env.count("contacts").await, 1);
}

/// Every item of `GET /api/contacts` (walked in pages of `limit`) equals
/// the contact's own `GET`, and the ids come in `expected` order.
async fn check_list(env: &common::Env, query: &str, limit: u32, expected: &[&str]) {
    let mut seen = Vec::new();
    let mut url = format!("/api/contacts?limit={limit}{query}");
    loop {
        let res = env.get(&url).await;
        assert_eq!(res.status, StatusCode::OK, "{url}: {}", res.text());
        assert_eq!(res.headers["content-type"], "application/json", "{url}");
        let page = res.json();
        assert_eq!(page["total"], expected.len(), "{url}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize);
        for item in items {
            let id = item["id"].as_str().unwrap();
            let one = env.get(&format!("/api/contacts/{}", urlencode(id))).await;
            assert_eq!(*item, one.json(), "{url}");
            seen.push(id.to_owned());
        }
        match page["next"].as_str() {
            Some(next) => {
                assert_eq!(
                    items.len(),
                    limit as usize,
                    "{url}: short page before the end"
                );
                url = format!("/api/contacts?limit={limit}{query}&cursor={next}");
            }
            None => break,
        }
    }
    assert_eq!(seen, expected, "{query}");
}

#[tokio::test]
async fn contact_list_items_equal_single_contacts_and_totals_follow_writes() {
    let env = env().await;
    check_list(&env, "", 50, &[]).await;
    assert_eq!(
        env.get("/api/contacts").await.json(),
        json!({ "items": [], "total": 0, "next": null })
    );
    let batch = json!([
        { "id": "a1", "email": "ana@example.com", "phone": "+34 600 000 000", "name": "Ana \"A\" García",
          "country": "ES", "city": "Madrid", "birth_year": 1980, "job_title": "CMO", "company": "Acme",
          "company_size": 250, "created_at": "2025-03-01T12:34:56Z", "stage": "customer",
          "attributes": { "tier": "gold", "tags": ["a", "b"], "score": 1.5, "nested": { "x": null } } },
        { "id": "b2" },
        { "id": "c3", "name": "Bo 🎉", "created_at": 0 },
        { "id": "d4", "country": "ES", "attributes": {} },
    ]);
    assert_eq!(
        env.post("/api/contacts/batch", &batch).await.status,
        StatusCode::OK
    );
    check_list(&env, "", 50, &["a1", "b2", "c3", "d4"]).await;
    check_list(&env, "", 1, &["a1", "b2", "c3", "d4"]).await;
    check_list(&env, "", 4, &["a1", "b2", "c3", "d4"]).await;
    check_list(&env, "&country=ES", 1, &["a1", "d4"]).await;
    check_list(&env, "&q=bo", 50, &["c3"]).await;
    check_list(&env, "&q=nobody", 50, &[]).await;

    // An event for a new contact creates it: the remembered total moves on.
    let e = json!([{ "id": "e1", "contact_id": "e5", "ts": 0, "channel": "sms", "kind": "sent" }]);
    assert_eq!(env.post("/api/events", &e).await.status, StatusCode::OK);
    check_list(&env, "", 3, &["a1", "b2", "c3", "d4", "e5"]).await;
}

#[tokio::test]
async fn concurrent_batches_each_get_their_own_answer() {
    let env = env().await;
    // Eight batches of 500 at once, each sharing 100 ids with the next, so
    // batches written in one transaction still count their own duplicates.
    let batches: Vec<Value> = (0..8)
        .map(|b| {
            let events: Vec<Value> = (0..500)
                .map(|i| {
                    json!({ "id": format!("g{}", b * 400 + i), "contact_id": format!("c{}", i % 7),
                        "ts": 1_767_225_600 + i, "channel": "email", "kind": "sent" })
                })
                .collect();
            json!(events)
        })
        .collect();
    let answers =
        futures_util::future::join_all(batches.iter().map(|b| env.post("/api/events", b))).await;
    let mut inserted = 0;
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let a = a.json();
        assert_eq!(a["accepted"], 500);
        assert_eq!(
            a["inserted"].as_u64().unwrap() + a["duplicates"].as_u64().unwrap(),
            500
        );
        inserted += a["inserted"].as_u64().unwrap();
    }
    assert_eq!(inserted, 7 * 400 + 500);
    assert_eq!(env.count("events").await, 7 * 400 + 500);
    assert_eq!(env.count("contacts").await, 7);
}

#[tokio::test]
async fn concurrent_batches_count_ids_stored_before_them() {
    let env = env().await;
    // 400 ids stored first; then eight batches at once, each with 50 of
    // those and 100 new ids of its own: whichever batches share a commit,
    // each answer counts exactly its own 50 duplicates.
    let event = |id: String| {
        json!({ "id": id, "contact_id": "c1", "ts": 1_767_225_600, "channel": "email",
            "kind": "sent" })
    };
    let old: Vec<Value> = (0..400).map(|i| event(format!("old{i}"))).collect();
    let res = env.post("/api/events", &json!(old)).await;
    assert_eq!(res.json()["inserted"], 400, "{}", res.text());
    let batches: Vec<Value> = (0..8)
        .map(|b| {
            let old = (0..50).map(|i| event(format!("old{}", b * 50 + i)));
            let new = (0..100).map(|i| event(format!("new{b}-{i}")));
            json!(old.chain(new).collect::<Vec<_>>())
        })
        .collect();
    let answers =
        futures_util::future::join_all(batches.iter().map(|b| env.post("/api/events", b))).await;
    for a in &answers {
        assert_eq!(
            a.json(),
            json!({ "accepted": 150, "inserted": 100, "duplicates": 50 }),
            "{}",
            a.text()
        );
    }
    assert_eq!(env.count("events").await, 400 + 8 * 100);
}
