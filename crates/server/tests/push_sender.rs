//! The background sender driven step by step against the mock push
//! service: retries, expiry, giving up, restarts, and a larger run.
//!
//! Time is an argument of every step, so nothing here sleeps.

mod common;
mod push_mock;

use axum::http::StatusCode;
use canal_server::push::sender::{Config, Sender, Step};
use canal_server::push::{transport, vapid};
use common::{env, Env};
use push_mock::{Mock, Subscriber};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn sender(env: &Env, config: Config) -> Sender<transport::Http> {
    let db = env.state.db.clone().unwrap();
    let key = vapid::load_or_create(&db).await.unwrap();
    // Generous: a loaded debug build decrypts slowly, and a timeout is an
    // `unknown` outcome, never resent.
    let http = transport::Http::new(Duration::from_secs(60)).unwrap();
    Sender::new(db, key, "mailto:ops@canal.test", http, config).unwrap()
}

/// Subscribes `ids` at the mock (all sharing one browser key, which only
/// costs the test less) and returns nothing; the mock knows the keys.
async fn subscribe_all(env: &Env, mock: &Mock, ids: &[String]) {
    let s = Subscriber::new();
    for id in ids {
        let endpoint = mock.subscriber(id, s.clone());
        let body =
            json!({ "endpoint": endpoint, "keys": { "p256dh": s.p256dh(), "auth": s.auth() } });
        let res = env
            .send(env.req(
                axum::http::Method::POST,
                "/api/push/subscriptions",
                Some(&body.to_string()),
                false,
            ))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    }
}

/// A test server whose subscriptions may point at the loopback mock.
async fn push_env() -> Env {
    canal_server::push::subscriptions::allow_loopback_endpoints();
    env().await
}

fn ids(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

async fn create_send(env: &Env, extra: Value) -> String {
    let mut body = json!({ "title": "Sale", "body": "20% off today", "url": "https://shop.example/sale",
                            "icon": "/icon.svg", "audience": { "all": true } });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let res = env.post("/api/push/sends", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    res.json()["id"].as_str().unwrap().to_owned()
}

async fn results(env: &Env, id: &str) -> Value {
    env.get(&format!("/api/push/sends/{id}")).await.json()["results"].clone()
}

fn step(claimed: usize, delivered: usize, expired: usize, retried: usize, failed: usize) -> Step {
    Step {
        claimed,
        delivered,
        expired,
        retried,
        failed,
        unknown: 0,
    }
}

#[tokio::test]
async fn gone_retry_after_and_success_are_each_handled() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["gone", "busy", "fine"])).await;
    mock.script("gone", &[(410, None)]);
    mock.script("busy", &[(429, Some("1")), (201, None)]);
    let id = create_send(
        &env,
        json!({ "topic": "spring-sale", "ttl": 600, "urgency": "high" }),
    )
    .await;

    let mut s = sender(&env, Config::default()).await;
    let t = canal_server::auth::now();
    assert_eq!(s.step(t).await.unwrap(), step(3, 1, 1, 1, 0));
    assert_eq!(
        env.count("push_subscriptions").await,
        2,
        "the 410 removed its subscription"
    );
    // Retry-After: 1 is honoured: not due at t, due at t + 1.
    assert_eq!(s.step(t).await.unwrap(), step(0, 0, 0, 0, 0));
    assert_eq!(s.step(t + 1).await.unwrap(), step(1, 1, 0, 0, 0));
    assert!(mock.errors().is_empty(), "{:?}", mock.errors());

    let got = mock.received();
    let answered: Vec<(&str, u16)> = got.iter().map(|r| (r.path.as_str(), r.status)).collect();
    assert_eq!(answered.len(), 4);
    for r in &got {
        assert_eq!(
            r.payload,
            json!({ "title": "Sale", "body": "20% off today", "url": "https://shop.example/sale",
                    "icon": "/icon.svg", "tag": id, "send_id": id })
        );
        assert_eq!(
            (r.ttl.as_deref(), r.urgency.as_deref(), r.topic.as_deref()),
            (Some("600"), Some("high"), Some("spring-sale"))
        );
    }
    let list = env.get("/api/push/sends").await.json();
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(
        results(&env, &id).await,
        json!({ "total": 3, "pending": 0, "sent": 2, "failed": 0, "expired_removed": 1, "unknown": 0, "skipped": 0 })
    );
}

#[tokio::test]
async fn server_errors_back_off_then_give_up() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["flaky"])).await;
    mock.script("flaky", &[(500, None), (503, None), (500, None)]);
    let id = create_send(&env, json!({})).await;
    let config = Config {
        max_attempts: 3,
        ..Config::default()
    };
    let mut s = sender(&env, config).await;
    let t = canal_server::auth::now();
    // backoff(1) = 30 s, backoff(2) = 60 s.
    assert_eq!(s.step(t).await.unwrap(), step(1, 0, 0, 1, 0));
    assert_eq!(s.step(t + 29).await.unwrap(), step(0, 0, 0, 0, 0));
    assert_eq!(s.step(t + 30).await.unwrap(), step(1, 0, 0, 1, 0));
    assert_eq!(s.step(t + 89).await.unwrap(), step(0, 0, 0, 0, 0));
    assert_eq!(s.step(t + 90).await.unwrap(), step(1, 0, 0, 0, 1));
    assert_eq!(s.step(t + 10_000).await.unwrap(), step(0, 0, 0, 0, 0));
    assert_eq!(mock.count(), 3);
    assert_eq!(results(&env, &id).await["failed"], 1);
    assert_eq!(
        env.count("push_subscriptions").await,
        1,
        "a failure keeps the subscription"
    );
}

#[tokio::test]
async fn a_retry_past_the_ttl_is_given_up() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["flaky", "late"])).await;
    mock.script("flaky", &[(500, None), (500, None)]);
    mock.script("late", &[(429, Some("3600"))]);
    let id = create_send(&env, json!({ "ttl": 60 })).await;
    let mut s = sender(&env, Config::default()).await;
    let t = canal_server::auth::now();
    // 500: backoff(1) = 30 s, within the TTL; 429 asks for an hour: past it.
    assert_eq!(s.step(t).await.unwrap(), step(2, 0, 0, 1, 1));
    // backoff(2) = 60 s would land past created_at + 60.
    assert_eq!(s.step(t + 30).await.unwrap(), step(1, 0, 0, 0, 1));
    assert_eq!(mock.count(), 3);
    assert_eq!(results(&env, &id).await["failed"], 2);
}

#[tokio::test]
async fn a_backlog_past_its_ttl_is_not_sent() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["idle"])).await;
    let id = create_send(&env, json!({ "ttl": 60 })).await;
    let mut s = sender(&env, Config::default()).await;
    let t = canal_server::auth::now();
    assert_eq!(s.step(t + 120).await.unwrap(), step(1, 0, 0, 0, 1));
    assert_eq!(mock.count(), 0);
    assert_eq!(results(&env, &id).await["failed"], 1);
}

#[tokio::test]
async fn a_rejected_request_fails_at_once() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["strict"])).await;
    mock.script("strict", &[(413, None)]);
    let id = create_send(&env, json!({})).await;
    let mut s = sender(&env, Config::default()).await;
    let t = canal_server::auth::now();
    assert_eq!(s.step(t).await.unwrap(), step(1, 0, 0, 0, 1));
    assert_eq!(s.step(t + 100_000).await.unwrap(), step(0, 0, 0, 0, 0));
    assert_eq!(results(&env, &id).await["failed"], 1);
}

#[tokio::test]
async fn a_restart_mid_send_never_delivers_twice() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["a", "b", "c"])).await;
    let id = create_send(&env, json!({})).await;
    let config = Config {
        batch: 2,
        stale_after: 600,
        ..Config::default()
    };
    let t = canal_server::auth::now();
    {
        // Claimed and committed as `sending`, then the process dies before
        // (or while) sending: the push service may or may not have them.
        let first = sender(&env, config.clone()).await;
        assert_eq!(first.claim(t).await.unwrap().len(), 2);
    }
    let mut second = sender(&env, config).await;
    // Too recent to be declared lost: a live worker could still own them.
    assert_eq!(second.recover(t + 599).await.unwrap(), 0);
    // The third delivery was never claimed, so it resumes.
    assert_eq!(second.step(t + 599).await.unwrap(), step(1, 1, 0, 0, 0));
    assert_eq!(second.recover(t + 600).await.unwrap(), 2);
    assert_eq!(second.step(t + 600).await.unwrap(), step(0, 0, 0, 0, 0));
    assert_eq!(mock.count(), 1);
    assert_eq!(
        results(&env, &id).await,
        json!({ "total": 3, "pending": 0, "sent": 1, "failed": 0, "expired_removed": 0, "unknown": 2, "skipped": 0 })
    );
}

#[tokio::test]
async fn a_settled_row_is_not_overwritten_by_a_late_worker() {
    let env = push_env().await;
    let mock = Mock::start().await;
    subscribe_all(&env, &mock, &ids(&["slow"])).await;
    let id = create_send(&env, json!({})).await;
    let config = Config {
        stale_after: 600,
        ..Config::default()
    };
    let t = canal_server::auth::now();
    let mut late = sender(&env, config.clone()).await;
    let claimed = late.claim(t).await.unwrap();
    // Another instance declares the row lost before the late worker answers.
    assert_eq!(
        sender(&env, config).await.recover(t + 600).await.unwrap(),
        1
    );
    let done = late.deliver(claimed, t + 601).await.unwrap();
    assert_eq!(done.delivered, 0, "the token no longer matches");
    assert_eq!(results(&env, &id).await["unknown"], 1);
}

/// Sends to `PUSH_BENCH_N` subscriptions (default 300) and reports the
/// rate. For the large run (decrypting one request in 100 at the mock):
/// `PUSH_BENCH_N=100000 cargo test --release -p canal-server --test push_sender -- many --nocapture`
// Threads, so the mock decrypting and the sender encrypting run side by side.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_subscriptions_go_out_in_bounded_batches() {
    let n: usize = std::env::var("PUSH_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let env = push_env().await;
    let mock = Mock::start().await;
    if n > 1000 {
        mock.decrypt_every(100);
    }
    let all: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let started = Instant::now();
    // Insert directly: n HTTP round trips would only measure the API.
    let s = Subscriber::new();
    let db = env.state.db.clone().unwrap();
    let (_w, mut tx) = db.begin_write().await.unwrap();
    for id in &all {
        let endpoint = mock.subscriber(id, s.clone());
        sqlx::query("INSERT INTO push_subscriptions (id, endpoint, p256dh, auth, topics, created_at) VALUES ($1, $2, $3, $4, '[]', 0)")
            .bind(id).bind(endpoint).bind(s.p256dh()).bind(s.auth())
            .execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    drop(_w);
    let id = create_send(&env, json!({})).await;
    let setup = started.elapsed();
    let mut sender = sender(&env, Config::default()).await;
    let t = canal_server::auth::now();
    let started = Instant::now();
    let (mut steps, mut total, mut largest) = (0, 0, 0);
    let mut outcomes = Vec::new();
    loop {
        let s = sender.step(t).await.unwrap();
        if s.claimed == 0 {
            break;
        }
        largest = largest.max(s.claimed);
        total += s.delivered;
        steps += 1;
        outcomes.push(s);
    }
    let took = started.elapsed();
    assert_eq!(total, n, "{outcomes:?} {:?}", mock.errors());
    assert_eq!(mock.count(), n);
    assert!(
        largest <= Config::default().batch,
        "a step claims at most one batch"
    );
    assert!(mock.errors().is_empty(), "{:?}", mock.errors());
    assert_eq!(results(&env, &id).await["sent"], n);
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
        .unwrap_or_default();
    eprintln!(
        "push bench: {n} deliveries in {steps} steps, {took:.2?} ({:.0}/s), setup {setup:.2?}, {peak}",
        n as f64 / took.as_secs_f64()
    );
}
