//! An in-process push service on 127.0.0.1: it checks each request's VAPID
//! token (signature, `aud` = its own origin with the port, `exp` within a
//! day), decrypts the body with the subscriber's private key, and answers
//! with the statuses a test scripted per endpoint path (201 once the script
//! is used up).

#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use canal_webpush::SecretKey;
use rand_core::{OsRng, RngCore};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// One request the mock accepted as well-formed.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub payload: Value,
    pub ttl: Option<String>,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    pub status: u16,
}

/// A browser's side of a subscription.
#[derive(Clone)]
pub struct Subscriber {
    pub secret: SecretKey,
    pub auth: [u8; 16],
}

impl Subscriber {
    pub fn new() -> Self {
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        Subscriber {
            secret: SecretKey::random(&mut OsRng),
            auth,
        }
    }

    pub fn p256dh(&self) -> String {
        URL_SAFE_NO_PAD.encode(canal_webpush::public_bytes(&self.secret.public_key()))
    }

    pub fn auth(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.auth)
    }
}

#[derive(Default)]
struct Inner {
    subscribers: HashMap<String, Subscriber>,
    scripts: HashMap<String, VecDeque<(u16, Option<&'static str>)>>,
    received: Vec<Received>,
    errors: Vec<String>,
    count: usize,
    // Decrypt only every nth request (1 = all), for large runs.
    decrypt_every: usize,
}

#[derive(Clone)]
pub struct Mock {
    pub origin: String,
    inner: Arc<Mutex<Inner>>,
}

impl Mock {
    pub async fn start() -> Mock {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let mock = Mock {
            origin,
            inner: Arc::new(Mutex::new(Inner {
                decrypt_every: 1,
                ..Inner::default()
            })),
        };
        let app = Router::new()
            .route("/push/{id}", post(receive))
            .with_state(mock.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        mock
    }

    /// A new subscriber at `/push/{id}`; returns its endpoint.
    pub fn subscriber(&self, id: &str, sub: Subscriber) -> String {
        self.inner
            .lock()
            .unwrap()
            .subscribers
            .insert(id.to_owned(), sub);
        format!("{}/push/{id}", self.origin)
    }

    /// The next answers for `/push/{id}`.
    pub fn script(&self, id: &str, answers: &[(u16, Option<&'static str>)]) {
        self.inner
            .lock()
            .unwrap()
            .scripts
            .insert(id.to_owned(), answers.iter().copied().collect());
    }

    pub fn decrypt_every(&self, n: usize) {
        self.inner.lock().unwrap().decrypt_every = n.max(1);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().received.clone()
    }

    pub fn count(&self) -> usize {
        self.inner.lock().unwrap().count
    }

    /// Problems found in requests (bad token, undecryptable body).
    pub fn errors(&self) -> Vec<String> {
        self.inner.lock().unwrap().errors.clone()
    }
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn receive(
    State(mock): State<Mock>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut inner = mock.inner.lock().unwrap();
    inner.count += 1;
    let n = inner.count;
    let auth = header(&headers, "authorization").unwrap_or_default();
    if let Err(e) = canal_webpush::vapid::verify(&auth, &mock.origin, now) {
        inner.errors.push(format!("{id}: VAPID: {e}"));
        return StatusCode::FORBIDDEN.into_response();
    }
    if header(&headers, "content-encoding").as_deref() != Some("aes128gcm") {
        inner.errors.push(format!("{id}: content-encoding"));
        return StatusCode::BAD_REQUEST.into_response();
    }
    let payload = if n % inner.decrypt_every == 0 || inner.decrypt_every == 1 {
        let Some(sub) = inner.subscribers.get(&id).cloned() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        match canal_webpush::decrypt(&sub.secret, &sub.auth, &body) {
            Ok(plain) => serde_json::from_slice(&plain).unwrap_or(Value::Null),
            Err(e) => {
                inner.errors.push(format!("{id}: decrypt: {e}"));
                return StatusCode::BAD_REQUEST.into_response();
            }
        }
    } else {
        json!(null)
    };
    let (status, retry_after) = inner
        .scripts
        .get_mut(&id)
        .and_then(VecDeque::pop_front)
        .unwrap_or((201, None));
    if inner.decrypt_every == 1 {
        inner.received.push(Received {
            path: id,
            payload,
            ttl: header(&headers, "ttl"),
            urgency: header(&headers, "urgency"),
            topic: header(&headers, "topic"),
            status,
        });
    }
    let mut res = StatusCode::from_u16(status).unwrap().into_response();
    if let Some(r) = retry_after {
        res.headers_mut().insert("retry-after", r.parse().unwrap());
    }
    res
}
