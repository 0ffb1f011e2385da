//! Starting and stopping the server, chromedriver and a browser session.

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long any element may take to appear.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long loading the demo workspace's exports may take on a busy machine.
pub const LOAD_WAIT: Duration = Duration::from_secs(300);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory under `target/e2e-tmp`, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = repo_root()
            .join("target/e2e-tmp")
            .join(format!("{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process killed when dropped.
pub struct Proc(Child);

impl Proc {
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A child process started as the leader of its own process group, the
/// whole group killed when dropped: chromedriver's Chromium (and its
/// renderers) die with it even when a test panics half-way, where killing
/// chromedriver alone left the browser running.
pub struct ProcGroup(Child);

impl ProcGroup {
    /// Starts `cmd` in a new process group.
    pub fn spawn(cmd: &mut Command) -> std::io::Result<ProcGroup> {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0).spawn().map(ProcGroup)
    }
}

impl Drop for ProcGroup {
    fn drop(&mut self) {
        // `kill -KILL -- -PGID`: the group, not only its leader.
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Reads `child`'s stdout until a line contains `marker`; returns that line.
/// The rest of the output keeps draining on a thread so the child never
/// blocks on a full pipe.
fn wait_for_line(child: &mut Child, marker: &str, what: &str) -> String {
    try_wait_for_line(child, marker)
        .unwrap_or_else(|| panic!("{what} exited before printing {marker:?}"))
}

/// [`wait_for_line`], `None` when the child's output ends first.
fn try_wait_for_line(child: &mut Child, marker: &str) -> Option<String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.unwrap_or_default();
        if line.contains(marker) {
            std::thread::spawn(move || for _ in lines {});
            return Some(line);
        }
    }
    None
}

/// A running `canal serve` on a free loopback port.
pub struct Server {
    pub url: String,
    /// The database URL (`sqlite://…`), when this test started the server.
    pub database: Option<String>,
    proc: Option<Proc>,
    _data: Option<TempDir>,
}

impl Server {
    /// A server with an empty database.
    pub fn start() -> Server {
        Server::launch(false)
    }

    /// A server with the demo data and login; `CANAL_DEMO_URL` points at one
    /// already running instead.
    pub fn demo() -> Server {
        match std::env::var("CANAL_DEMO_URL") {
            Ok(url) => Server {
                url: url.trim_end_matches('/').to_owned(),
                database: None,
                proc: None,
                _data: None,
            },
            Err(_) => Server::launch(true),
        }
    }

    fn launch(demo: bool) -> Server {
        Server::launch_with(demo, &[], None)
    }

    /// A server with an empty database serving the app from `dist`
    /// (the benchmark's, `bench/browser.rs`).
    #[allow(dead_code)]
    pub fn serving(dist: &Path) -> Server {
        Server::start_with(false, dist, &[], None)
    }

    /// A server with `env` set and, when given, a login made with
    /// `canal user add` before it starts.
    pub fn launch_with(demo: bool, env: &[(&str, &str)], user: Option<(&str, &str)>) -> Server {
        Server::start_with(demo, &dist_dir(), env, user)
    }

    fn start_with(
        demo: bool,
        dist: &Path,
        env: &[(&str, &str)],
        user: Option<(&str, &str)>,
    ) -> Server {
        let bin = canal_bin();
        assert!(
            dist.join("index.html").is_file(),
            "no built app at {}: run ./test (it builds the app first)",
            dist.display()
        );
        let data = TempDir::new("server");
        let db = format!("sqlite://{}/canal.db", data.path().display());
        if let Some((email, password)) = user {
            let status = Command::new(&bin)
                .args(["user", "add", "--database", &db, "--email", email])
                .env("CANAL_PASSWORD", password)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("cannot run {} user add: {e}", bin.display()));
            assert!(status.success(), "canal user add failed");
        }
        let mut child = Command::new(&bin)
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database",
                &db,
                "--dist",
            ])
            .arg(dist)
            .args(demo.then_some("--demo"))
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let line = wait_for_line(&mut child, "serving on http://", "canal serve");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("address in the serving line")
            .trim_end_matches('/')
            .to_string();
        Server {
            url,
            database: Some(db),
            proc: Some(Proc(child)),
            _data: Some(data),
        }
    }

    /// Writes `value` as the stored setting `key` straight into the
    /// server's database, as someone editing it by hand would.
    pub async fn store_setting_by_hand(&self, key: &str, value: &str) {
        let url = self
            .database
            .as_deref()
            .expect("a server this test started");
        let db = canal_server::db::Db::connect(url).await.unwrap();
        let conn = db.sqlite_direct().expect("a SQLite file").unwrap();
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, 0) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
        .unwrap();
    }

    pub fn stop(&mut self) {
        if let Some(proc) = &mut self.proc {
            proc.kill();
        }
    }
}

/// The `canal` binary under test (`CANAL_BIN`, else the release build).
pub fn canal_bin() -> PathBuf {
    std::env::var_os("CANAL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/release/canal"))
}

/// The built app (`CANAL_DIST`, else `dist/`).
pub fn dist_dir() -> PathBuf {
    std::env::var_os("CANAL_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"))
}

/// Chromedriver plus one headless Chromium session.
pub struct Browser {
    pub client: Client,
    _driver: ProcGroup,
    _profile: TempDir,
}

impl Browser {
    /// A desktop browser with a window of `width`×`height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> Browser {
        Browser::launch(width, height, false).await
    }

    /// A phone: Chromium's mobile emulation at `width`×`height`, touch and
    /// device pixel ratio 3 (headless windows cannot be narrower than 500px).
    pub async fn phone(width: u32, height: u32) -> Browser {
        Browser::launch(width, height, true).await
    }

    async fn launch(width: u32, height: u32, mobile: bool) -> Browser {
        Browser::launch_with(width, height, mobile, Vec::new()).await
    }

    /// A browser with more Chromium flags.
    pub async fn launch_with(width: u32, height: u32, mobile: bool, extra: Vec<String>) -> Browser {
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        // With --port=0 chromedriver picks a free IPv4 port and then binds
        // the same number on IPv6, which a concurrent test may hold by then
        // ("bind() failed: Address already in use"); it exits, and a new
        // one picks another port.
        let (driver, line) = (0..5)
            .find_map(|_| {
                let mut driver = ProcGroup::spawn(
                    Command::new(&driver_bin)
                        .arg("--port=0")
                        .stdout(Stdio::piped()),
                )
                .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e}"));
                try_wait_for_line(&mut driver.0, "started successfully on port")
                    .map(|line| (driver, line))
            })
            .expect("chromedriver exited five times before printing its port");
        let port: u16 = line
            .rsplit("port ")
            .next()
            .and_then(|p| p.trim().trim_end_matches('.').parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        let profile = TempDir::new("chromium");
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                ]
            }
        });
        let mut caps = caps;
        if let Some(args) = caps["goog:chromeOptions"]["args"].as_array_mut() {
            args.extend(extra.into_iter().map(serde_json::Value::from));
        }
        if mobile {
            caps["goog:chromeOptions"]["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "touch": true },
                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"
            });
        }
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Logs in as the demo user at `url` and waits, up to five minutes (the
    /// exports stream through the importer), for `ready` to match.
    #[allow(dead_code)]
    pub async fn log_in_demo(&self, url: &str, ready: &str, what: &str) {
        self.submit_login(url, "demo@example.com", "canal-demo")
            .await;
        self.wait_loaded(ready, what).await;
    }

    /// Fills in and sends the login form at `url`.
    pub async fn submit_login(&self, url: &str, email: &str, password: &str) {
        self.client.goto(&format!("{url}/login")).await.unwrap();
        let field = self.wait_css("input[name=email]").await;
        field.send_keys(email).await.unwrap();
        let field = self.wait_css("input[name=password]").await;
        field
            .send_keys(&format!("{password}\u{E007}"))
            .await
            .unwrap();
    }

    /// Waits, up to [`LOAD_WAIT`], for `css`: for elements that appear once
    /// the server's exports have streamed through the importer.
    pub async fn wait_loaded(&self, css: &str, what: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(LOAD_WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{what}: no {css} within {LOAD_WAIT:?}: {e}"))
    }

    /// Waits for an element matching `css`.
    pub async fn wait_css(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within {WAIT:?}: {e}"))
    }

    /// The text of the first element matching `css`, once there is one.
    #[allow(dead_code)]
    pub async fn wait_text_of(&self, css: &str) -> String {
        self.wait_css(css).await.text().await.unwrap()
    }

    /// Scrolls the first element matching `css` to the middle of the view.
    #[allow(dead_code)]
    pub async fn scroll_to(&self, css: &str) {
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap();
    }

    /// Screenshots `<name>-en` and `<name>-es`, switching the header's
    /// language to Spanish and back to English.
    #[allow(dead_code)]
    pub async fn screenshots_en_es(&self, name: &str) {
        self.screenshot(&format!("{name}-en")).await;
        for (lang, shot) in [("es", Some(format!("{name}-es"))), ("en", None)] {
            self.set_locale(lang).await;
            if let Some(shot) = shot {
                self.screenshot(&shot).await;
            }
        }
    }

    /// Picks the UI language `lang` (`en`, `es`) in the header, as a person
    /// does, and waits until the page is in it.
    pub async fn set_locale(&self, lang: &str) {
        self.change("header select[data-testid=locale]", lang).await;
        self.wait_css(&format!("html[lang={lang}]")).await;
    }

    /// The text of the element matching `css` once the UI is in `lang`:
    /// what a person reads after switching language.
    pub async fn text_in(&self, lang: &str, css: &str) -> String {
        self.set_locale(lang).await;
        self.wait_text_of(css).await
    }

    /// Sets the value of the input matching `css` and fires `change`, as a
    /// person typing and leaving the field does.
    #[allow(dead_code)]
    pub async fn change(&self, css: &str, value: &str) {
        self.client
            .execute(
                "const i = document.querySelector(arguments[0]);
                 i.value = arguments[1]; i.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::json!(css), serde_json::json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("change {css} to {value:?}: {e}"));
    }

    /// The text of the first element matching `css`, once there is one.
    pub async fn text(&self, css: &str) -> String {
        self.wait_css(css).await.text().await.expect("element text")
    }

    /// Waits until the element matching `css` has exactly `expected` as text.
    pub async fn wait_text(&self, css: &str, expected: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let got = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if got == expected {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{css}: expected {expected:?}, still {got:?} after {WAIT:?}"
            );
            // Yield to the browser between polls; the loop ends on the
            // condition, not on the delay.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot under `target/e2e-screens/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = repo_root().join("target/e2e-screens");
        std::fs::create_dir_all(&dir).expect("screens dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute`: one DevTools
/// command (chromedriver does not relay DevTools events, only answers).
#[derive(Debug)]
struct Cdp(serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// `method` `path` from the page, with its session cookie and a JSON
/// `body`: the status (0 when the request failed) and the JSON answer
/// (`null` when it is not JSON).
pub async fn fetch_json(
    c: &Client,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let out = c
        .execute_async(
            "const [m, p, b, done] = arguments; \
             fetch(p, { method: m, headers: { 'Content-Type': 'application/json' }, body: b === null ? undefined : JSON.stringify(b) })\
               .then(async r => done([r.status, await r.json().catch(() => null)]), e => done([0, String(e)]));",
            vec![
                serde_json::json!(method),
                serde_json::json!(path),
                body.unwrap_or(serde_json::Value::Null),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    (out[0].as_u64().unwrap_or(0) as u16, out[1].clone())
}

/// Runs the DevTools command `cmd` in the browser of `c`.
pub async fn cdp(
    c: &fantoccini::Client,
    cmd: &str,
    params: serde_json::Value,
) -> Result<serde_json::Value, String> {
    c.issue_cmd(Cdp(serde_json::json!({ "cmd": cmd, "params": params })))
        .await
        .map_err(|e| format!("{cmd}: {e}"))
}

/// Polls `f` until it gives `Some`, for at most `within`.
pub async fn until<T, F: std::future::Future<Output = Option<T>>>(
    within: std::time::Duration,
    what: &str,
    mut f: impl FnMut() -> F,
) -> T {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: not within {within:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
