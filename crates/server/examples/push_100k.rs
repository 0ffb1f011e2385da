//! A send to many subscriptions (default 100,000) through the real sender
//! and HTTP client against a mock push service on 127.0.0.1, reporting the
//! time and the process's peak memory before and during the send, so a
//! bounded sender shows as a flat peak whatever the audience size.
//!
//! `cargo run --release -p canal-server --example push_100k -- 100000`

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use canal_server::db::Db;
use canal_server::push::sender::{Config, Sender};
use canal_server::push::sends::{self, Audience, NewSend};
use canal_server::push::{subscriptions, transport, vapid};
use canal_webpush::{public_bytes, SecretKey};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `VmHWM` (peak resident set) and `VmRSS` of this process, in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmHWM:"), field("VmRSS:"))
}

#[derive(Clone)]
struct Mock {
    received: Arc<AtomicU64>,
    receiver: SecretKey,
    auth: [u8; 16],
}

async fn receive(State(m): State<Mock>, body: axum::body::Bytes) -> StatusCode {
    let n = m.received.fetch_add(1, Ordering::Relaxed);
    // Decrypting every message would measure the mock; one in 1,000
    // proves the bodies are real.
    if n % 1000 == 0 && canal_webpush::decrypt(&m.receiver, &m.auth, &body).is_err() {
        return StatusCode::BAD_REQUEST;
    }
    StatusCode::CREATED
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("canal-push-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}/canal.db", dir.display()))
        .await
        .unwrap();
    subscriptions::allow_loopback_endpoints();

    let mock = Mock {
        received: Arc::new(AtomicU64::new(0)),
        receiver: SecretKey::from_slice(&[5u8; 32]).unwrap(),
        auth: [6u8; 16],
    };
    let p256dh = URL_SAFE_NO_PAD.encode(public_bytes(&mock.receiver.public_key()));
    let auth = URL_SAFE_NO_PAD.encode(mock.auth);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/push/{id}", post(receive))
        .with_state(mock.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let t0 = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(5_000) {
        let (_w, mut tx) = db.begin_write().await.unwrap();
        for &i in chunk {
            sqlx::query(
                "INSERT INTO push_subscriptions (id, contact_id, endpoint, p256dh, auth, topics, created_at) \
                 VALUES ($1, NULL, $2, $3, $4, '[\"news\"]', 0)",
            )
            .bind(format!("ps_{i}"))
            .bind(format!("{origin}/push/{i}"))
            .bind(&p256dh)
            .bind(&auth)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let send = NewSend {
        title: "Spring sale".into(),
        body: "20% off everything until Sunday".into(),
        url: "/sale".into(),
        icon: None,
        topic: None,
        ttl: 3600,
        urgency: "normal",
        audience: Audience::All,
        test: false,
    };
    let id = sends::new_id().unwrap();
    let payload = sends::payload(&id, &send);
    sends::create(&db, &id, &send, &payload, None, &[])
        .await
        .unwrap();
    let setup = t0.elapsed();
    let (peak_before, rss_before) = memory();

    let key = vapid::load_or_create(&db).await.unwrap();
    let config = Config::default();
    let http = transport::Http::new(Duration::from_secs(30)).unwrap();
    let mut sender = Sender::new(
        db.clone(),
        key,
        "mailto:bench@canal.test",
        http,
        config.clone(),
    )
    .unwrap();
    let t1 = Instant::now();
    let (mut delivered, mut steps) = (0, 0);
    loop {
        let step = sender.step(canal_server::auth::now()).await.unwrap();
        if step.claimed == 0 {
            break;
        }
        delivered += step.delivered;
        steps += 1;
    }
    let elapsed = t1.elapsed();
    let (peak_after, rss_after) = memory();
    let results = sends::results(&db, &id).await.unwrap().unwrap();
    println!("subscriptions            {n}");
    println!("setup (insert + create)  {:.1} s", setup.as_secs_f64());
    println!(
        "send                     {:.1} s, {:.0} messages/s, {steps} steps of <= {}, {} in flight",
        elapsed.as_secs_f64(),
        delivered as f64 / elapsed.as_secs_f64(),
        config.batch,
        config.concurrency
    );
    println!(
        "delivered / mock got     {delivered} / {}",
        mock.received.load(Ordering::Relaxed)
    );
    println!("results                  {}", results["results"]);
    println!("memory before the send   peak {peak_before:.1} MiB, resident {rss_before:.1} MiB");
    println!("memory after the send    peak {peak_after:.1} MiB, resident {rss_after:.1} MiB");
    let _ = std::fs::remove_dir_all(&dir);
}
