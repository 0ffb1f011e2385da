//! Web push endpoints: the VAPID key, subscription validation and storage,
//! sends with consent, and the click beacon, against an in-process mock
//! push service.

mod common;
mod push_mock;

use axum::http::{Method, StatusCode};
use canal_server::push::sender::{Config, Sender};
use canal_server::push::{transport, vapid};
use common::{env, Env};
use push_mock::{Mock, Subscriber};
use serde_json::{json, Value};
use std::time::Duration;

/// A valid P-256 point and auth secret (RFC 8291 Appendix A's receiver).
const P256DH: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

fn sub(endpoint: &str, p256dh: &str, auth: &str, topics: Value) -> Value {
    json!({ "endpoint": endpoint, "keys": { "p256dh": p256dh, "auth": auth }, "topics": topics })
}

async fn public(env: &Env, method: Method, path: &str, body: &Value) -> common::Res {
    env.send(env.req(method, path, Some(&body.to_string()), false))
        .await
}

async fn sender(env: &Env) -> Sender<transport::Http> {
    let db = env.state.db.clone().unwrap();
    let key = vapid::load_or_create(&db).await.unwrap();
    let http = transport::Http::new(Duration::from_secs(60)).unwrap();
    Sender::new(db, key, "mailto:ops@canal.test", http, Config::default()).unwrap()
}

/// A test server whose subscriptions may point at the loopback mock.
async fn push_env() -> Env {
    canal_server::push::subscriptions::allow_loopback_endpoints();
    env().await
}

fn now() -> i64 {
    canal_server::auth::now()
}

#[tokio::test]
async fn the_vapid_key_is_made_once_and_kept() {
    let env = push_env().await;
    let first = env.get("/api/push/vapid-public-key").await;
    assert_eq!(first.status, StatusCode::OK);
    let key = first.json()["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 87, "65 bytes in unpadded base64url");
    let again = env
        .send(env.req(Method::GET, "/api/push/vapid-public-key", None, false))
        .await;
    assert_eq!(again.json()["key"], key);
    assert_eq!(env.count("push_vapid").await, 1);
}

/// Posts a subscription and expects `status` and, for a 422, `field` among
/// the problems; nothing may be stored.
async fn check_refused(env: &Env, body: Value, status: StatusCode, field: &str) {
    let res = public(env, Method::POST, "/api/push/subscriptions", &body).await;
    assert_eq!(res.status, status, "{body}: {}", res.text());
    if status == StatusCode::UNPROCESSABLE_ENTITY {
        let problems = res.json()["error"]["details"]["problems"].to_string();
        assert!(problems.contains(field), "{field} not in {problems}");
    }
    assert_eq!(env.count("push_subscriptions").await, 0, "{body}");
}

#[tokio::test]
async fn bad_subscriptions_are_refused_and_nothing_is_written() {
    let env = push_env().await;
    let ok = "https://push.example.net/wpush/v2/abc";
    let off_curve = format!("BA{}", "A".repeat(85));
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    check_refused(
        &env,
        sub(ok, "not base64!", AUTH, json!([])),
        unprocessable,
        "keys.p256dh",
    )
    .await;
    check_refused(
        &env,
        sub(ok, &off_curve, AUTH, json!([])),
        unprocessable,
        "keys.p256dh",
    )
    .await;
    check_refused(
        &env,
        sub(ok, &P256DH[..44], AUTH, json!([])),
        unprocessable,
        "keys.p256dh",
    )
    .await;
    check_refused(
        &env,
        sub(ok, P256DH, "AAAA", json!([])),
        unprocessable,
        "keys.auth",
    )
    .await;
    check_refused(
        &env,
        sub("http://push.example.net/x", P256DH, AUTH, json!([])),
        unprocessable,
        "endpoint",
    )
    .await;
    check_refused(
        &env,
        sub("http://10.0.0.8/x", P256DH, AUTH, json!([])),
        unprocessable,
        "endpoint",
    )
    .await;
    check_refused(
        &env,
        sub("ftp://127.0.0.1/x", P256DH, AUTH, json!([])),
        unprocessable,
        "endpoint",
    )
    .await;
    check_refused(
        &env,
        sub("/relative", P256DH, AUTH, json!([])),
        unprocessable,
        "endpoint",
    )
    .await;
    let long = format!("https://push.example.net/{}", "a".repeat(2048));
    check_refused(
        &env,
        sub(&long, P256DH, AUTH, json!([])),
        unprocessable,
        "endpoint",
    )
    .await;
    check_refused(
        &env,
        sub(ok, P256DH, AUTH, json!(["news", "casino"])),
        unprocessable,
        "topics",
    )
    .await;
    let big = format!("https://push.example.net/{}", "a".repeat(9000));
    check_refused(
        &env,
        sub(&big, P256DH, AUTH, json!([])),
        StatusCode::PAYLOAD_TOO_LARGE,
        "",
    )
    .await;
    check_refused(&env, json!({ "endpoint": ok }), unprocessable, "").await;
    // A browser may not name a contact, and a token must be genuine.
    let mut claims = sub(ok, P256DH, AUTH, json!([]));
    claims["contact_id"] = json!("c1");
    check_refused(&env, claims, unprocessable, "contact_id").await;
    let token = contact_token(&env, "c1").await;
    for forged in [
        token.replace('.', "x"),
        format!("{}A", token),
        "e30.1.AAAA".into(),
    ] {
        let mut body = sub(ok, P256DH, AUTH, json!([]));
        body["contact_token"] = json!(forged);
        check_refused(&env, body, unprocessable, "contact_token").await;
    }
}

/// A contact token minted by the marketer's API, as a site backend would.
async fn contact_token(env: &Env, contact: &str) -> String {
    let res = env
        .post(
            "/api/push/contact-tokens",
            &json!({ "contact_id": contact }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    res.json()["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn contact_tokens_link_a_subscription_to_its_contact() {
    let env = push_env().await;
    let token = contact_token(&env, "c7").await;
    let mut body = sub(
        "https://push.example.net/t/1",
        P256DH,
        AUTH,
        json!(["news"]),
    );
    body["contact_token"] = json!(token);
    let res = public(&env, Method::POST, "/api/push/subscriptions", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let stats = env.get("/api/push/subscribers").await.json();
    assert_eq!(
        (&stats["total"], &stats["with_contact"]),
        (&json!(1), &json!(1))
    );
    for bad in [
        json!({ "contact_id": "" }),
        json!({ "contact_id": "c7", "valid_days": 0 }),
        json!({ "contact_id": "c7", "valid_days": 366 }),
    ] {
        let res = env.post("/api/push/contact-tokens", &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let anonymous = env
        .send(env.req(
            Method::POST,
            "/api/push/contact-tokens",
            Some(r#"{"contact_id":"c7"}"#),
            false,
        ))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn subscriptions_upsert_by_endpoint_and_can_be_removed() {
    let env = push_env().await;
    let endpoint = "https://push.example.net/wpush/v2/abc";
    let res = public(
        &env,
        Method::POST,
        "/api/push/subscriptions",
        &sub(endpoint, P256DH, AUTH, json!(["news"])),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let id = res.json()["id"].clone();
    let res = public(
        &env,
        Method::POST,
        "/api/push/subscriptions",
        &sub(endpoint, P256DH, AUTH, json!(["offers", "news", "offers"])),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({ "id": id, "topics": ["offers", "news"] })
    );
    // Loopback http is allowed, for a local push service in tests.
    let local = sub("http://127.0.0.1:9/push/x", P256DH, AUTH, json!([]));
    assert_eq!(
        public(&env, Method::POST, "/api/push/subscriptions", &local)
            .await
            .status,
        StatusCode::CREATED
    );
    let stats = env.get("/api/push/subscribers").await.json();
    assert_eq!(stats["total"], 2);
    assert_eq!(
        stats["by_topic"],
        json!({ "news": 1, "offers": 1, "account": 0, "loyalty": 0 })
    );
    assert_eq!(stats["by_day"].as_array().unwrap().len(), 1);
    assert_eq!(stats["by_day"][0]["total"], 2);
    let gone = json!({ "endpoint": endpoint });
    assert_eq!(
        public(&env, Method::DELETE, "/api/push/subscriptions", &gone)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        public(&env, Method::DELETE, "/api/push/subscriptions", &gone)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(env.count("push_subscriptions").await, 1);
}

async fn check_send_refused(env: &Env, body: Value, field: &str) {
    let res = env.post("/api/push/sends", &body).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{body}: {}",
        res.text()
    );
    let problems = res.json()["error"]["details"]["problems"].to_string();
    assert!(problems.contains(field), "{field} not in {problems}");
    assert_eq!(env.count("push_sends").await, 0);
}

#[tokio::test]
async fn bad_sends_are_refused() {
    let env = push_env().await;
    let base =
        json!({ "title": "Sale", "body": "Today", "url": "/sale", "audience": { "all": true } });
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    check_send_refused(&env, with("body", json!("x".repeat(4000))), "body").await;
    check_send_refused(&env, with("title", json!("")), "title").await;
    check_send_refused(&env, with("url", json!("javascript:alert(1)")), "url").await;
    check_send_refused(&env, with("topic", json!("has space")), "topic").await;
    check_send_refused(&env, with("urgency", json!("asap")), "urgency").await;
    check_send_refused(&env, with("ttl", json!(3_000_000)), "ttl").await;
    check_send_refused(
        &env,
        with("audience", json!({ "topic": "casino" })),
        "audience.topic",
    )
    .await;
    check_send_refused(
        &env,
        with("audience", json!({ "all": true, "topic": "news" })),
        "audience",
    )
    .await;
    check_send_refused(
        &env,
        with("audience", json!({ "contacts": [] })),
        "audience.contacts",
    )
    .await;
    check_send_refused(&env, with("test", json!(true)), "test").await;
    check_send_refused(
        &env,
        with(
            "audience",
            json!({ "endpoints": ["https://push.example.net/x"] }),
        ),
        "audience.endpoints",
    )
    .await;
    // Not logged in.
    let res = env
        .send(env.req(
            Method::POST,
            "/api/push/sends",
            Some(&base.to_string()),
            false,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

async fn subscribe(
    env: &Env,
    endpoint: &str,
    s: &Subscriber,
    topics: Value,
    contact: Option<&str>,
) {
    let mut body = sub(endpoint, &s.p256dh(), &s.auth(), topics);
    if let Some(c) = contact {
        body["contact_token"] = json!(contact_token(env, c).await);
    }
    let res = public(env, Method::POST, "/api/push/subscriptions", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
}

#[tokio::test]
async fn opted_out_contacts_are_skipped_with_the_reason() {
    let env = push_env().await;
    let mock = Mock::start().await;
    for (id, contact) in [("a", Some("c1")), ("b", Some("c2")), ("c", None)] {
        let s = Subscriber::new();
        let endpoint = mock.subscriber(id, s.clone());
        subscribe(&env, &endpoint, &s, json!(["news"]), contact).await;
    }
    // c1 opted in, then out; c2 opted out of e-mail only.
    let consent = json!([
        { "contact_id": "c1", "subject": "news", "channel": "web_push", "status": "opted_in", "ts": 100 },
        { "contact_id": "c1", "subject": "news", "channel": "web_push", "status": "opted_out", "ts": 200 },
        { "contact_id": "c2", "subject": "news", "channel": "email", "status": "opted_out", "ts": 200 },
    ]);
    assert_eq!(
        env.post("/api/consent", &consent).await.status,
        StatusCode::OK
    );
    let body = json!({ "title": "News", "body": "Fresh", "url": "/news", "audience": { "topic": "news" } });
    let res = env.post("/api/push/sends", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let send = res.json();
    assert_eq!(send["results"]["total"], 3);
    assert_eq!(send["results"]["skipped"], 1);
    assert_eq!(send["results"]["pending"], 2);
    assert_eq!(send["skipped_reasons"], json!({ "consent_opted_out": 1 }));
    assert_eq!(
        send["skipped_contacts"],
        json!([{ "contact_id": "c1", "reason": "consent_opted_out" }])
    );
    let step = sender(&env).await.step(now()).await.unwrap();
    assert_eq!((step.claimed, step.delivered), (2, 2));
    let mut paths: Vec<String> = mock.received().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(paths, ["b", "c"]);
}

#[tokio::test]
async fn a_click_beacon_records_a_web_push_click() {
    let env = push_env().await;
    let mock = Mock::start().await;
    let s = Subscriber::new();
    let endpoint = mock.subscriber("a", s.clone());
    subscribe(&env, &endpoint, &s, json!([]), Some("c9")).await;
    let body = json!({ "title": "Hi", "body": "There", "url": "/x", "audience": { "all": true } });
    let send = env.post("/api/push/sends", &body).await.json();
    let id = send["id"].as_str().unwrap().to_owned();
    // Before delivery the beacon is ignored: nothing was sent yet.
    let click = json!({ "send_id": id, "endpoint": endpoint, "kind": "clicked" });
    let res = public(&env, Method::POST, "/api/push/events", &click).await;
    assert_eq!(res.status, StatusCode::ACCEPTED);
    assert_eq!(res.json()["recorded"], false);
    // The metrics cache is loaded now, so the click below must invalidate it.
    let before = env.get("/api/metrics/summary").await.json();
    assert_eq!(before["channels"]["web_push"], json!({}), "{before}");
    sender(&env).await.step(now()).await.unwrap();
    for _ in 0..2 {
        let res = public(&env, Method::POST, "/api/push/events", &click).await;
        assert_eq!(res.json()["recorded"], true);
    }
    let forged =
        json!({ "send_id": id, "endpoint": "https://push.example.net/other", "kind": "clicked" });
    assert_eq!(
        public(&env, Method::POST, "/api/push/events", &forged)
            .await
            .json()["recorded"],
        false
    );
    let bad = json!({ "send_id": id, "endpoint": endpoint, "kind": "liked" });
    assert_eq!(
        public(&env, Method::POST, "/api/push/events", &bad)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let events = env
        .get(&format!("/api/events?channel=web_push&campaign_id={id}"))
        .await
        .json();
    let kinds: Vec<(&str, &str)> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["contact_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 2, "{events}");
    assert!(
        kinds.contains(&("sent", "c9")) && kinds.contains(&("clicked", "c9")),
        "{kinds:?}"
    );
    let send = env.get(&format!("/api/push/sends/{id}")).await.json();
    assert_eq!(send["clicks"], 1);
    let after = env.get("/api/metrics/summary").await.json();
    assert_eq!(after["channels"]["web_push"]["clicked"], 1, "{after}");
    assert_eq!(send["results"]["sent"], 1);
    assert_eq!(
        env.get("/api/push/sends/wp_nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pressure_holds_back_contacts_messaged_too_recently() {
    let env = push_env().await;
    let mock = Mock::start().await;
    let mut endpoints = Vec::new();
    for (id, contact) in [("a", Some("busy")), ("b", Some("calm")), ("c", None)] {
        let s = Subscriber::new();
        let endpoint = mock.subscriber(id, s.clone());
        subscribe(&env, &endpoint, &s, json!(["offers"]), contact).await;
        endpoints.push(endpoint);
    }
    // "busy" got an e-mail an hour ago: the default 24 h spacing blocks a
    // push now. "calm" was last messaged 30 days ago.
    let t = now();
    let events = json!([
        { "id": "e1", "contact_id": "busy", "ts": t - 3600, "channel": "email", "kind": "sent" },
        { "id": "e2", "contact_id": "calm", "ts": t - 30 * 86400, "channel": "email", "kind": "sent" },
    ]);
    let res = env.post("/api/events", &events).await;
    assert!(res.status.is_success(), "{}", res.text());
    let body = json!({ "title": "Deal", "body": "Now", "url": "/deal", "audience": { "topic": "offers" } });
    let send = env.post("/api/push/sends", &body).await.json();
    assert_eq!(send["results"]["total"], 3, "{send}");
    assert_eq!(send["results"]["pending"], 2, "{send}");
    assert_eq!(send["skipped_reasons"], json!({ "pressure_spacing": 1 }));
    assert_eq!(
        send["skipped_contacts"],
        json!([{ "contact_id": "busy", "reason": "pressure_spacing" }])
    );
    // A test send to the same browsers is not held back.
    let test = json!({ "title": "Deal", "body": "Now", "url": "/deal", "test": true, "audience": { "endpoints": [endpoints[0]] } });
    let res = env.post("/api/push/sends", &test).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let send = res.json();
    assert_eq!(
        (&send["results"]["total"], &send["results"]["pending"]),
        (&json!(1), &json!(1)),
        "{send}"
    );
}

#[tokio::test]
async fn a_stored_cap_holds_back_a_contact_the_defaults_would_message() {
    let env = push_env().await;
    let mock = Mock::start().await;
    for (id, contact) in [("a", "pushed"), ("b", "fresh")] {
        let s = Subscriber::new();
        let endpoint = mock.subscriber(id, s.clone());
        subscribe(&env, &endpoint, &s, json!(["offers"]), Some(contact)).await;
    }
    // "pushed" got one push three days ago: under the defaults (4 a week,
    // 24 h apart, pressure below 5) another one may go.
    let t = now();
    let events = json!([
        { "id": "p1", "contact_id": "pushed", "ts": t - 3 * 86400, "channel": "web_push", "kind": "sent" },
    ]);
    let res = env.post("/api/events", &events).await;
    assert!(res.status.is_success(), "{}", res.text());
    let body = json!({ "title": "Deal", "body": "Now", "url": "/deal", "audience": { "topic": "offers" } });
    let send = env.post("/api/push/sends", &body).await.json();
    assert_eq!(send["results"]["skipped"], 0, "{send}");
    assert_eq!(send["results"]["pending"], 2, "{send}");

    // Saved rules: one push a week.
    let rules = json!({ "caps": [{ "channel": "web_push", "max": 1, "period_days": 7 }] });
    let res = env
        .call(Method::PUT, "/api/settings/pressure", &rules.to_string())
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let send = env.post("/api/push/sends", &body).await.json();
    assert_eq!(send["results"]["total"], 2, "{send}");
    assert_eq!(send["results"]["pending"], 1, "{send}");
    assert_eq!(send["skipped_reasons"], json!({ "pressure_cap": 1 }));
    assert_eq!(
        send["skipped_contacts"],
        json!([{ "contact_id": "pushed", "reason": "pressure_cap" }])
    );
}
