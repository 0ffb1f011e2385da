//! Test harness: a fresh database per test (a temp SQLite file, or a new
//! PostgreSQL database when `CANAL_TEST_DATABASE_URL` points at a server),
//! the app driven with `oneshot`, and a logged-in API token.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use canal_server::{app, auth, db::Db, AppState};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// A test server.
pub struct Env {
    pub state: AppState,
    /// The database's URL, for a second server on the same data.
    pub url: String,
    pub token: String,
    _dir: Option<tempfile::TempDir>,
}

/// A response, read whole.
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `code` of a JSON error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// Checks this is the 500 `invalid_setting` answer for the settings
    /// document `key` and returns its message.
    pub fn invalid_setting(&self, key: &str) -> String {
        assert_eq!(
            self.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{}",
            self.text()
        );
        assert_eq!(self.code(), "invalid_setting");
        let body = self.json();
        assert_eq!(body["error"]["details"]["setting"], key);
        let message = body["error"]["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains(&format!("{key} settings are invalid")),
            "{message}"
        );
        message
    }
}

/// Connects to a fresh database.
pub async fn database() -> (Db, Option<tempfile::TempDir>) {
    let (db, _, dir) = database_with_url().await;
    (db, dir)
}

/// Connects to a fresh database, and says where it is.
pub async fn database_with_url() -> (Db, String, Option<tempfile::TempDir>) {
    match std::env::var("CANAL_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            sqlx::any::install_default_drivers();
            let name = format!("canal_test_{}", auth::random_hex(6).unwrap());
            let admin = sqlx::AnyPool::connect(&url)
                .await
                .expect("connect to postgres");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create test database");
            admin.close().await;
            let (base, query) = match url.split_once('?') {
                Some((b, q)) => (b, format!("?{q}")),
                None => (url.as_str(), String::new()),
            };
            let root = base.rsplit_once('/').map_or(base, |(r, _)| r);
            let url = format!("{root}/{name}{query}");
            let db = Db::connect(&url).await.expect("connect");
            (db, url, None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("canal.db").display());
            (
                Db::connect(&url).await.expect("open sqlite"),
                url,
                Some(dir),
            )
        }
    }
}

/// A fresh server with one user and an API token for it.
pub async fn env() -> Env {
    let (db, url, dir) = database_with_url().await;
    let state = AppState::new(Some(db), None);
    // Cheap argon2 parameters: the stored hash carries them, so logins
    // verify quickly in debug builds; production hashes use the defaults.
    let params = argon2::Params::new(8, 1, 1, None).unwrap();
    let salt = argon2::password_hash::SaltString::encode_b64(b"fixed test salt").unwrap();
    let hash = argon2::PasswordHasher::hash_password(
        &argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params),
        b"correct horse",
        &salt,
    )
    .unwrap()
    .to_string();
    let id = "u1".to_owned();
    sqlx::query("INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, 0)")
        .bind(&id)
        .bind("ana@example.com")
        .bind(&hash)
        .execute(state.db.as_ref().unwrap().pool())
        .await
        .expect("user");
    let token = auth::create_token(&state, &id, "tests")
        .await
        .expect("token");
    Env {
        state,
        url,
        token,
        _dir: dir,
    }
}

impl Env {
    /// Another server (its own state and caches) on this one's database,
    /// reached with the same token.
    pub async fn second_server(&self) -> Env {
        let db = Db::connect(&self.url).await.expect("second connection");
        Env {
            state: AppState::new(Some(db), None),
            url: self.url.clone(),
            token: self.token.clone(),
            _dir: None,
        }
    }

    /// Starts watching the database for other processes' writes, as
    /// `canal serve` does.
    pub async fn watch(&self) {
        let db = self.state.db.as_ref().expect("a database");
        canal_server::watch::start(&self.state.data, db, &self.url)
            .await
            .expect("watch");
    }

    /// Waits until another process's write made since the metrics data's
    /// `generation` reached this server: on PostgreSQL the notification
    /// comes after the commit, on its own connection; on SQLite the watcher
    /// looks at the next metric call, so there is nothing to wait for.
    pub async fn seen_since(&self, generation: u64) {
        let postgres =
            self.state.db.as_ref().map(|db| db.kind()) == Some(canal_server::db::DbKind::Postgres);
        if postgres {
            tokio::time::timeout(
                std::time::Duration::from_secs(20),
                self.state.data.changed_since(generation),
            )
            .await
            .expect("a notification within 20 s");
        }
    }

    pub fn app(&self) -> Router {
        app(self.state.clone())
    }

    /// Sends a request; `auth` adds the bearer token.
    pub async fn send(&self, req: Request<Body>) -> Res {
        let res = self.app().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Res {
            status,
            headers,
            body,
        }
    }

    pub fn req(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        token: bool,
    ) -> Request<Body> {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "canal.test");
        if token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        }
        match body {
            Some(text) => b
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(text.to_owned()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        }
    }

    /// GET with the token.
    pub async fn get(&self, path: &str) -> Res {
        self.send(self.req(Method::GET, path, None, true)).await
    }

    /// Any method with a JSON body and the token.
    pub async fn call(&self, method: Method, path: &str, body: &str) -> Res {
        self.send(self.req(method, path, Some(body), true)).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Res {
        self.call(Method::POST, path, &body.to_string()).await
    }

    /// Writes a settings document straight into the database, past the
    /// API's checks, as a hand edit would.
    pub async fn store_setting_by_hand(&self, key: &str, value: &str) {
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, 0)")
            .bind(key)
            .bind(value)
            .execute(self.state.db.as_ref().unwrap().pool())
            .await
            .unwrap();
    }

    /// How many rows a table holds.
    pub async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(self.state.db.as_ref().unwrap().pool())
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    }
}
