//! The API through `app(state)` and `oneshot`: every resource, its 401 and
//! its 4xx paths. Runs against SQLite, or PostgreSQL when
//! `CANAL_TEST_DATABASE_URL` is set (scripts/test-postgres.sh).

mod common;

use axum::http::{header, Method, StatusCode};
use common::env;
use serde_json::{json, Value};

fn event(id: &str, contact: &str, ts: &str, channel: &str, kind: &str) -> Value {
    json!({ "id": id, "contact_id": contact, "ts": ts, "channel": channel, "kind": kind })
}

#[tokio::test]
async fn health_keeps_its_shape_and_needs_no_login() {
    let env = env().await;
    let res = env
        .send(env.req(Method::GET, "/api/health", None, false))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let body = res.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"]["status"], "ok");
    assert!(["sqlite", "postgres"].contains(&body["database"]["kind"].as_str().unwrap()));
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-request-id",
    ] {
        assert!(res.headers.contains_key(h), "missing {h}");
    }
    assert!(res.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn every_private_route_answers_401_without_credentials() {
    let env = env().await;
    let routes = canal_server::routes::api_routes(env.state.clone()).list;
    let public = [
        "/health",
        "/openapi.json",
        "/auth/login",
        "/push/vapid-public-key",
        "/push/subscriptions",
        "/push/events",
    ];
    let mut checked = 0;
    for (method, path) in routes {
        if public.contains(&path) {
            continue;
        }
        let uri = format!("/api{}", path.replace("{id}", "x"));
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let body = (method != Method::GET).then_some("[]");
        let res = env.send(env.req(method.clone(), &uri, body, false)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(res.code(), "unauthorized");
        // A made-up token is no better.
        let mut req = env.req(method.clone(), &uri, body, false);
        req.headers_mut()
            .insert(header::AUTHORIZATION, "Bearer canal_nope".parse().unwrap());
        assert_eq!(env.send(req).await.status, StatusCode::UNAUTHORIZED);
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} private routes");
}

#[tokio::test]
async fn contacts_create_get_update_search_and_page() {
    let env = env().await;
    let ana = json!({ "id": "c1", "email": " Ana@Example.COM ", "name": "Ana García",
        "country": "ES", "city": "Madrid", "birth_year": 1980, "created_at": "2025-03-01",
        "attributes": { "tier": "gold" } });
    let res = env.post("/api/contacts", &ana).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["email"], "ana@example.com");
    assert_eq!(res.json()["created_at"], "2025-03-01T00:00:00Z");
    assert_eq!(
        env.post("/api/contacts", &ana).await.status,
        StatusCode::CONFLICT
    );

    let res = env.get("/api/contacts/c1").await;
    assert_eq!(res.json()["attributes"]["tier"], "gold");
    assert_eq!(
        env.get("/api/contacts/nobody").await.status,
        StatusCode::NOT_FOUND
    );

    let res = env
        .call(
            Method::PUT,
            "/api/contacts/c1",
            r#"{"name": "Ana G.", "country": "PT"}"#,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(env.get("/api/contacts/c1").await.json()["country"], "PT");

    let batch: Vec<Value> = (2..=7)
        .map(|i| json!({ "id": format!("c{i}"), "name": format!("Bo {i}"), "country": if i % 2 == 0 { "ES" } else { "FR" } }))
        .collect();
    let res = env.post("/api/contacts/batch", &json!(batch)).await;
    assert_eq!(res.json()["accepted"], 6);

    // The same id twice in one batch: the last one wins.
    let twice = json!([{ "id": "d1", "name": "first" }, { "id": "d1", "name": "second" }]);
    assert_eq!(
        env.post("/api/contacts/batch", &twice).await.status,
        StatusCode::OK
    );
    assert_eq!(env.get("/api/contacts/d1").await.json()["name"], "second");
    env.call(Method::PUT, "/api/contacts/d1", "{}").await;
    sqlx::query("DELETE FROM contacts WHERE id = 'd1'")
        .execute(env.state.db.as_ref().unwrap().pool())
        .await
        .unwrap();

    let res = env.get("/api/contacts?q=ana").await.json();
    assert_eq!(res["total"], 1);
    assert_eq!(res["items"][0]["id"], "c1");
    assert_eq!(env.get("/api/contacts?q=BO").await.json()["total"], 6);
    assert_eq!(env.get("/api/contacts?country=ES").await.json()["total"], 3);
    assert_eq!(env.get("/api/contacts?q=100%25").await.json()["total"], 0);

    // Walk pages of 3: 7 contacts in id order, no repeats, no gaps.
    let mut seen = Vec::new();
    let mut url = "/api/contacts?limit=3".to_owned();
    loop {
        let page = env.get(&url).await.json();
        assert_eq!(page["total"], 7);
        for c in page["items"].as_array().unwrap() {
            seen.push(c["id"].as_str().unwrap().to_owned());
        }
        match page["next"].as_str() {
            Some(next) => url = format!("/api/contacts?limit=3&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]);
}

#[tokio::test]
async fn contact_validation_reports_every_problem() {
    let env = env().await;
    let res = env
        .post(
            "/api/contacts",
            &json!({ "id": "", "email": "not-an-email", "birth_year": 1850, "phone": "call me" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = res.json()["error"]["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["id", "email", "phone", "birth_year"]);
    assert_eq!(env.count("contacts").await, 0);
}

#[tokio::test]
async fn events_ingest_is_idempotent_and_feeds_the_timeline() {
    let env = env().await;
    let mut batch = vec![
        event("e1", "c1", "2026-01-01T10:00:00Z", "email", "sent"),
        event("e2", "c1", "2026-01-01T10:00:05Z", "email", "delivered"),
        event("e3", "c1", "2026-01-01T10:00:09Z", "email", "opened"),
        event("e4", "c2", "2026-01-02T09:00:00Z", "web", "page_view"),
    ];
    batch[2]["flags"] = json!(["machine_open"]);
    batch[3]["name"] = json!("page_view");
    batch[3]["session_id"] = json!("s1");
    let res = env.post("/api/events", &json!(batch)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(
        res.json(),
        json!({ "accepted": 4, "inserted": 4, "duplicates": 0 })
    );
    // A retried batch, plus one new event.
    batch.push(event(
        "e5",
        "c2",
        1_767_400_000i64.to_string().as_str(),
        "store",
        "purchase",
    ));
    batch[4]["ts"] = json!(1_767_400_000i64);
    batch[4]["value"] = json!(42.5);
    let res = env.post("/api/events", &json!(batch)).await;
    assert_eq!(
        res.json(),
        json!({ "accepted": 5, "inserted": 1, "duplicates": 4 })
    );
    assert_eq!(env.count("events").await, 5);
    // Contacts seen only in events exist, bare.
    assert_eq!(env.get("/api/contacts/c2").await.status, StatusCode::OK);

    let tl = env.get("/api/contacts/c1/timeline").await.json();
    assert_eq!(tl["total"], 3);
    let ids: Vec<&str> = tl["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["e3", "e2", "e1"]);
    assert_eq!(tl["items"][0]["flags"], json!(["machine_open"]));
    assert_eq!(tl["items"][0]["direction"], "outbound");
    assert_eq!(tl["items"][0]["ts"], "2026-01-01T10:00:09Z");
    let tl = env.get("/api/contacts/c1/timeline?kind=sent").await.json();
    assert_eq!(tl["total"], 1);
    let page = env.get("/api/contacts/c1/timeline?limit=2").await.json();
    let next = page["next"].as_str().unwrap();
    let rest = env
        .get(&format!("/api/contacts/c1/timeline?limit=2&cursor={next}"))
        .await
        .json();
    assert_eq!(rest["items"][0]["id"], "e1");
    assert_eq!(rest["next"], Value::Null);
    assert_eq!(
        env.get("/api/contacts/zz/timeline").await.status,
        StatusCode::NOT_FOUND
    );

    let list = env.get("/api/events?contact_id=c2").await.json();
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["direction"], "inbound");
    assert_eq!(list["items"][1]["value"], 42.5);
    assert_eq!(
        env.get("/api/events?channel=email&kind=opened")
            .await
            .json()["total"],
        1
    );
    assert_eq!(
        env.get("/api/events?since=2026-01-02").await.json()["total"],
        2
    );
    assert_eq!(
        env.get("/api/events?channel=pigeon").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

/// Posts `body` to /api/events and expects `status` and error `code`, with
/// nothing written.
async fn check_bad_batch(env: &common::Env, body: &str, status: StatusCode, code: &str) {
    let before = env.count("events").await;
    let res = env.call(Method::POST, "/api/events", body).await;
    assert_eq!(res.status, status, "{body:.120} -> {}", res.text());
    assert_eq!(res.code(), code, "{body:.120}");
    assert!(res.json()["error"]["message"].is_string());
    assert_eq!(env.count("events").await, before, "{body:.120} wrote rows");
}

#[tokio::test]
async fn bad_event_batches_are_refused_whole() {
    let env = env().await;
    let ok = event("ok1", "c1", "2026-01-01T00:00:00Z", "email", "sent");
    let with = |bad: Value| json!([ok.clone(), bad]).to_string();
    let e = |f: &dyn Fn(&mut Value)| {
        let mut v = event("bad", "c1", "2026-01-01T00:00:00Z", "email", "sent");
        f(&mut v);
        with(v)
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    check_bad_batch(&env, "[{", StatusCode::BAD_REQUEST, "malformed_json").await;
    check_bad_batch(&env, "not json", StatusCode::BAD_REQUEST, "malformed_json").await;
    check_bad_batch(&env, r#"{"id": "e1"}"#, unprocessable, "invalid").await;
    check_bad_batch(&env, "[]", unprocessable, "invalid").await;
    check_bad_batch(
        &env,
        &e(&|v| v["channel"] = json!("pigeon")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| v["kind"] = json!("teleported")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| v["ts"] = json!("2026-02-30T00:00:00Z")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| v["ts"] = json!("2026-13-01")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(&env, &e(&|v| v["ts"] = json!(-5)), unprocessable, "invalid").await;
    check_bad_batch(
        &env,
        &e(&|v| v["value"] = json!("lots")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(&env, &e(&|v| v["id"] = json!(7)), unprocessable, "invalid").await;
    check_bad_batch(&env, &e(&|v| v["id"] = json!("")), unprocessable, "invalid").await;
    check_bad_batch(
        &env,
        &e(&|v| v["chanel"] = json!("email")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| v["flags"] = json!(["sparkly"])),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| v["scope"] = json!("galactic")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| v["direction"] = json!("sideways")),
        unprocessable,
        "invalid",
    )
    .await;
    check_bad_batch(
        &env,
        &e(&|v| {
            v.as_object_mut().unwrap().remove("contact_id");
        }),
        unprocessable,
        "invalid",
    )
    .await;
    let too_many: Vec<Value> = (0..10_001)
        .map(|i| event(&format!("e{i}"), "c", "2026-01-01", "sms", "sent"))
        .collect();
    check_bad_batch(
        &env,
        &json!(too_many).to_string(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "batch_too_large",
    )
    .await;
    let huge = format!("[{}]", "1,".repeat(9 * 1024 * 1024) + "1");
    check_bad_batch(&env, &huge, StatusCode::PAYLOAD_TOO_LARGE, "too_large").await;

    // The error says which row and field.
    let res = env
        .call(
            Method::POST,
            "/api/events",
            &e(&|v| v["channel"] = json!("pigeon")),
        )
        .await;
    let problem = &res.json()["error"]["details"]["problems"][0];
    assert_eq!(problem["index"], 1);
    assert_eq!(problem["field"], "channel");

    // Without a JSON content type: 415.
    let mut req = env.req(Method::POST, "/api/events", Some("[]"), true);
    req.headers_mut().remove(header::CONTENT_TYPE);
    let res = env.send(req).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(res.code(), "unsupported_media_type");
}

#[tokio::test]
async fn orders_campaigns_and_consent() {
    let env = env().await;
    let orders = json!([
        { "id": "o1", "contact_id": "c1", "ts": "2026-01-05T12:00:00Z", "amount": 99.9, "currency": "eur", "items": 2 },
        { "id": "o2", "contact_id": "c1", "ts": "2026-02-05T12:00:00Z", "amount": 10 },
    ]);
    let res = env.post("/api/orders", &orders).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let o1 = env.get("/api/orders/o1").await.json();
    assert_eq!(o1["currency"], "EUR");
    assert_eq!(o1["amount"], 99.9);
    assert_eq!(
        env.get("/api/orders?contact_id=c1").await.json()["total"],
        2
    );
    assert_eq!(
        env.get("/api/orders?since=2026-02-01").await.json()["total"],
        1
    );
    assert_eq!(
        env.get("/api/orders/o9").await.status,
        StatusCode::NOT_FOUND
    );
    let bad = json!([{ "id": "o3", "contact_id": "c1", "ts": "2026-01-05", "amount": 1, "currency": "euros" }]);
    assert_eq!(
        env.post("/api/orders", &bad).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let camp = json!({ "id": "k1", "name": "Spring", "channel": "SMS", "scope": "engagement", "cost": 120.5, "sent_at": "2026-03-01T09:00:00Z" });
    let res = env.post("/api/campaigns", &camp).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["channel"], "sms");
    assert_eq!(
        env.post("/api/campaigns", &camp).await.status,
        StatusCode::CONFLICT
    );
    let res = env
        .call(
            Method::PUT,
            "/api/campaigns/k1",
            r#"{"name":"Spring!","channel":"sms","scope":"lifecycle"}"#,
        )
        .await;
    assert_eq!(res.json()["scope"], "lifecycle");
    assert_eq!(
        env.get("/api/campaigns?scope=lifecycle").await.json()["total"],
        1
    );
    assert_eq!(
        env.get("/api/campaigns?channel=email").await.json()["total"],
        0
    );
    let bad =
        json!({ "id": "k2", "name": "X", "channel": "carrier pigeon", "scope": "engagement" });
    assert_eq!(
        env.post("/api/campaigns", &bad).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let consent = json!([
        { "contact_id": "c1", "subject": "Offers", "channel": "email", "status": "opted_in", "ts": "2026-01-01", "source": "form" },
        { "contact_id": "c1", "subject": "offers", "channel": "email", "status": "opted_out", "ts": "2026-02-01" },
        { "contact_id": "c2", "subject": "news", "channel": "sms", "status": "opted in", "ts": "2026-02-01" },
    ]);
    assert_eq!(
        env.post("/api/consent", &consent).await.status,
        StatusCode::OK
    );
    let list = env.get("/api/consent?contact_id=c1").await.json();
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][1]["status"], "opted_out");
    let page = env.get("/api/consent?limit=1").await.json();
    let second = env
        .get(&format!(
            "/api/consent?limit=1&cursor={}",
            page["next"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(second["items"][0]["ts"], "2026-02-01T00:00:00Z");
    assert_eq!(second["items"][0]["contact_id"], "c1");
    let bad = json!([{ "contact_id": "c1", "subject": "x", "channel": "email", "status": "maybe", "ts": "2026-01-01" }]);
    assert_eq!(
        env.post("/api/consent", &bad).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn segments_and_scoring_rules_store_definitions() {
    let env = env().await;
    for base in ["/api/segments", "/api/scoring-rules"] {
        let def = json!({ "name": "Loyal", "definition": { "all": [{ "rfm": "loyal" }] } });
        let res = env.post(base, &def).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
        let id = res.json()["id"].as_str().unwrap().to_owned();
        let item = format!("{base}/{id}");
        assert_eq!(
            env.get(&item).await.json()["definition"]["all"][0]["rfm"],
            "loyal"
        );
        let res = env
            .call(
                Method::PUT,
                &item,
                r#"{"name":"Loyal+","definition":{"any":[]}}"#,
            )
            .await;
        assert_eq!(res.json()["name"], "Loyal+");
        assert_eq!(env.get(base).await.json()["total"], 1);
        let bad = json!({ "name": "", "definition": [1] });
        let res = env.post(base, &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.json()["error"]["details"]["total"], 2);
        assert_eq!(
            env.call(Method::DELETE, &item, "").await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(env.get(&item).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            env.call(Method::DELETE, &item, "").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn exports_stream_ndjson_and_csv() {
    let env = env().await;
    let batch: Vec<Value> = (0..2500)
        .map(|i| {
            event(
                &format!("e{i:05}"),
                &format!("c{}", i % 7),
                "2026-01-01T00:00:00Z",
                "email",
                "sent",
            )
        })
        .collect();
    assert_eq!(
        env.post("/api/events", &json!(batch)).await.status,
        StatusCode::OK
    );
    let res = env.get("/api/export/events").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CONTENT_TYPE], "application/x-ndjson");
    let lines: Vec<Value> = res
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2500);
    assert_eq!(lines[2499]["id"], "e02499");
    let res = env.get("/api/export/events?format=csv").await;
    assert!(res.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), "event_id,contact_id,timestamp,channel,direction,kind,scope,campaign_id,name,session_id,value,flags");
    assert_eq!(
        lines.next().unwrap(),
        "e00000,c0,2026-01-01T00:00:00Z,email,outbound,sent,unknown,,,,,"
    );
    assert_eq!(lines.count(), 2499);
    let contacts = env.get("/api/export/contacts?format=csv").await.text();
    assert_eq!(contacts.lines().count(), 8);
    env.post(
        "/api/orders",
        &json!([{ "id": "o1", "contact_id": "c1", "ts": "2026-01-05", "amount": 5 }]),
    )
    .await;
    assert_eq!(
        env.get("/api/export/orders").await.text().lines().count(),
        1
    );
    assert_eq!(
        env.get("/api/export/orders?format=xml").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn login_sessions_logout_and_csrf() {
    let env = env().await;
    let login = |body: &str, origin: Option<&str>| {
        let mut req = env.req(Method::POST, "/api/auth/login", Some(body), false);
        if let Some(o) = origin {
            req.headers_mut().insert(header::ORIGIN, o.parse().unwrap());
        }
        req
    };
    let res = env
        .send(login(
            r#"{"email":"ana@example.com","password":"wrong one"}"#,
            None,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.code(), "bad_credentials");
    let res = env
        .send(login(
            r#"{"email":"bob@example.com","password":"correct horse"}"#,
            None,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = env
        .send(login(
            r#"{"email":"ana@example.com","password":"correct horse"}"#,
            Some("http://evil.test"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = env
        .send(login(
            r#"{"email":" ANA@example.com","password":"correct horse"}"#,
            Some("http://canal.test"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["user"]["email"], "ana@example.com");
    let cookie = res.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let session = cookie.split(';').next().unwrap().to_owned();

    let with_cookie = |method: Method, path: &str, body: Option<&str>, origin: Option<&str>| {
        let mut req = env.req(method, path, body, false);
        req.headers_mut()
            .insert(header::COOKIE, session.parse().unwrap());
        if let Some(o) = origin {
            req.headers_mut().insert(header::ORIGIN, o.parse().unwrap());
        }
        req
    };
    let me = env
        .send(with_cookie(Method::GET, "/api/auth/me", None, None))
        .await;
    assert_eq!(me.json()["user"]["via"], "session");
    let body =
        r#"[{"id":"e1","contact_id":"c1","ts":"2026-01-01","channel":"email","kind":"sent"}]"#;
    // Cookie-authenticated writes need this site's Origin.
    let res = env
        .send(with_cookie(Method::POST, "/api/events", Some(body), None))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.code(), "csrf");
    let res = env
        .send(with_cookie(
            Method::POST,
            "/api/events",
            Some(body),
            Some("https://evil.test"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(env.count("events").await, 0);
    let res = env
        .send(with_cookie(
            Method::POST,
            "/api/events",
            Some(body),
            Some("http://canal.test"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK);

    let res = env
        .send(with_cookie(
            Method::POST,
            "/api/auth/logout",
            None,
            Some("http://canal.test"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert!(res.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let me = env
        .send(with_cookie(Method::GET, "/api/auth/me", None, None))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    let me = env.get("/api/auth/me").await.json();
    assert_eq!(me["user"]["via"], "token");
}

#[tokio::test]
async fn login_is_rate_limited() {
    let mut env = env().await;
    // The default refill (one every 6 s) would let a slow debug build's
    // argon2 earn tokens back mid-test; refill almost never instead.
    env.state.limits = std::sync::Arc::new(canal_server::Limits {
        login: canal_server::ratelimit::RateLimiter::new(10, 1e-6),
        ..Default::default()
    });
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let req = env.req(
            Method::POST,
            "/api/auth/login",
            Some(r#"{"email":"ana@example.com","password":"nope nope"}"#),
            false,
        );
        statuses.push(env.send(req).await.status.as_u16());
    }
    assert_eq!(statuses[..10], [401; 10]);
    assert_eq!(statuses[10], 429);
    let req = env.req(Method::POST, "/api/auth/login", Some("{}"), false);
    let res = env.send(req).await;
    assert_eq!(res.code(), "rate_limited");
    assert!(res.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn internal_errors_do_not_leak() {
    let env = env().await;
    sqlx::query("DROP TABLE campaigns")
        .execute(env.state.db.as_ref().unwrap().pool())
        .await
        .unwrap();
    let res = env.get("/api/campaigns").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.code(), "internal");
    assert!(!res.text().contains("campaigns"), "{}", res.text());
    assert!(res.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn bad_queries_and_unknown_routes() {
    let env = env().await;
    assert_eq!(env.get("/api/contacts?limit=0").await.code(), "bad_limit");
    assert_eq!(env.get("/api/contacts?limit=abc").await.code(), "bad_query");
    assert_eq!(
        env.get("/api/contacts?cursor=zz").await.code(),
        "bad_cursor"
    );
    assert_eq!(
        env.get("/api/contacts?colour=red").await.status,
        StatusCode::BAD_REQUEST
    );
    let res = env.get("/api/nothing-here").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.code(), "not_found");
}

#[tokio::test]
async fn metrics_summary_counts_through_the_core_dataset() {
    let env = env().await;
    let batch = json!([
        event("e1", "c1", "2026-01-01", "email", "sent"),
        event("e2", "c1", "2026-01-02", "email", "sent"),
        event("e3", "c2", "2026-01-03", "sms", "clicked"),
    ]);
    env.post("/api/events", &batch).await;
    env.post(
        "/api/orders",
        &json!([{ "id": "o1", "contact_id": "c3", "ts": "2026-01-05", "amount": 30.5 }]),
    )
    .await;
    let m = env.get("/api/metrics/summary").await.json();
    assert_eq!(m["events"], 3);
    assert_eq!(m["contacts"], 3);
    assert_eq!(m["revenue"], 30.5);
    assert_eq!(m["channels"]["email"]["sent"], 2);
    assert_eq!(m["channels"]["sms"]["clicked"], 1);
    let m = env
        .get("/api/metrics/summary?since=2026-01-02")
        .await
        .json();
    assert_eq!(m["events"], 2);
}
