//! Web push end to end in headless Chromium, offline.
//!
//! Chromium subscribes for real: a stand-in for Google's GCM check-in and
//! registration (`--gcm-checkin-url`, `--gcm-registration-url`) gives it an
//! id and a token, so `pushManager.subscribe()` resolves with real keys and
//! a Google endpoint (`https://…google…/fcm/send/<token>`). That endpoint cannot be
//! reached offline, so a second, scripted device subscribes at a mock push
//! service on 127.0.0.1 (allowed by `CANAL_PUSH_ALLOW_LOOPBACK=1`): it checks
//! the server's VAPID token and decrypts the message with its own key, as a
//! browser would. That plaintext is then handed to the browser's service
//! worker with the DevTools call `ServiceWorker.deliverPushMessage`, which
//! runs the real `push` handler.

use crate::harness::{cdp, fetch_json, until, Browser, Server, WAIT};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use canal_webpush::SecretKey;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EMAIL: &str = "push-e2e@example.com";
const PASSWORD: &str = "push-e2e-password";

/// One HTTP/1.1 request: its first line, headers (names lower-cased), body.
struct Request {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// One HTTP/1.1 request read off `stream`.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        line,
        headers,
        body,
    })
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// Serves `handle` on a loopback port from a thread; returns the port.
fn serve(handle: impl Fn(&Request, &mut TcpStream) + Send + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if let Some(request) = read_request(&mut stream) {
                handle(&request, &mut stream);
            }
        }
    });
    port
}

/// A protobuf varint.
fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The GCM stand-in: check-in answers an AndroidCheckinResponse (stats_ok
/// = 1, time_msec, android_id and security_token as fixed64), registration
/// answers `token=…`.
fn gcm_stand_in() -> u16 {
    serve(|request, stream| {
        if request.line.contains("checkin") {
            let mut pb = vec![0x08, 0x01, 0x18];
            varint(1_700_000_000_000, &mut pb);
            pb.push(0x39); // field 7, fixed64
            pb.extend_from_slice(&0x1234_5678_9abc_def0u64.to_le_bytes());
            pb.push(0x41); // field 8, fixed64
            pb.extend_from_slice(&0x0fed_cba9_8765_4321u64.to_le_bytes());
            respond(stream, "200 OK", "application/x-protobuf", &pb);
        } else {
            let token = format!("canal-e2e-token-{}", request.line.len());
            respond(
                stream,
                "200 OK",
                "text/plain",
                format!("token={token}").as_bytes(),
            );
        }
    })
}

/// The flags that point Chromium's push stack at the stand-in.
fn gcm_args(port: u16) -> Vec<String> {
    vec![
        format!("--gcm-checkin-url=http://127.0.0.1:{port}/checkin"),
        format!("--gcm-registration-url=http://127.0.0.1:{port}/register"),
        "--gcm-mcs-endpoint=https://127.0.0.1:9/".into(),
    ]
}

/// A push request the mock accepted.
#[derive(Debug)]
struct Pushed {
    path: String,
    authorization: String,
    ttl: Option<String>,
    urgency: Option<String>,
    body: Vec<u8>,
}

/// The mock push service: records each request and answers 201.
fn mock_push_service() -> (u16, mpsc::Receiver<Pushed>) {
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let port = serve(move |request, stream| {
        let path = request
            .line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let _ = tx.lock().map(|tx| {
            tx.send(Pushed {
                path,
                authorization: request.header("authorization").unwrap_or_default(),
                ttl: request.header("ttl"),
                urgency: request.header("urgency"),
                body: request.body.clone(),
            })
        });
        respond(stream, "201 Created", "text/plain", b"");
    });
    (port, rx)
}

async fn state_of(c: &Client) -> String {
    c.find(Locator::Css("[data-canal-push]"))
        .await
        .expect("opt-in card")
        .attr("data-push-state")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn wait_state(browser: &Browser, state: &str) {
    let css = format!("[data-canal-push][data-push-state={state}]");
    if browser
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&css))
        .await
        .is_err()
    {
        let now = state_of(&browser.client).await;
        let text = browser.text("[data-canal-push]").await;
        panic!("opt-in state {now:?}, not {state:?}: {text}");
    }
}

async fn click(browser: &Browser, css: &str) {
    browser
        .wait_css(css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn set_locale(c: &Client, url: &str, tag: &str) {
    c.goto(url).await.unwrap();
    c.execute(
        "localStorage.setItem('canal.locale', JSON.stringify(arguments[0]))",
        vec![json!(tag)],
    )
    .await
    .unwrap();
}

async fn login(browser: &Browser, url: &str) {
    let c = &browser.client;
    browser.submit_login(url, EMAIL, PASSWORD).await;
    browser.wait_css(".account").await;
    let deadline = Instant::now() + WAIT;
    while fetch_json(c, "GET", "/api/auth/me", None).await.0 != 200 {
        assert!(Instant::now() < deadline, "login did not take");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_subscribes_and_a_send_from_the_push_page_reaches_the_service_worker() {
    let gcm = gcm_stand_in();
    let (mock, pushed) = mock_push_service();
    let mut server = Server::launch_with(
        false,
        &[("CANAL_PUSH_ALLOW_LOOPBACK", "1")],
        Some((EMAIL, PASSWORD)),
    );
    let url = server.url.clone();
    let browser = Browser::launch_with(1280, 800, false, gcm_args(gcm)).await;
    let c = &browser.client;
    cdp(
        c,
        "Browser.grantPermissions",
        json!({ "permissions": ["notifications"], "origin": url }),
    )
    .await
    .unwrap();
    login(&browser, &url).await;

    // The card explains and waits for a click: no prompt on load.
    c.goto(&format!("{url}/push")).await.unwrap();
    wait_state(&browser, "granted").await;
    assert!(c
        .find(Locator::Css("[data-testid=push-soft-prompt]"))
        .await
        .is_err());
    browser.screenshot("push-page-empty-en").await;
    click(&browser, "[data-testid=push-open]").await;
    browser.wait_css("[data-testid=push-soft-prompt]").await;
    click(&browser, "[data-testid=push-topic-news]").await;
    browser.screenshot("push-soft-prompt-en").await;
    click(&browser, "[data-testid=push-allow]").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let state = loop {
        let s = state_of(c).await;
        if s != "working" && s != "granted" || Instant::now() > deadline {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let card = browser.text("[data-canal-push]").await;
    assert_eq!(state, "subscribed", "{card}");
    browser.screenshot("push-subscribed-en").await;

    // The server stored the browser's real subscription with its topic.
    let endpoint: String = c
        .execute_async("CanalPush.endpoint().then(arguments[0])", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Chromium names a Google push endpoint, which the offline server can
    // store but never reach.
    assert!(
        endpoint.starts_with("https://") && endpoint.contains("/fcm/send/canal-e2e-token-"),
        "{endpoint}"
    );
    let (status, stats) = fetch_json(c, "GET", "/api/push/subscribers", None).await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["total"], 1, "{stats}");
    assert_eq!(stats["by_topic"]["news"], 1, "{stats}");
    assert_eq!(stats["by_topic"]["offers"], 0, "{stats}");

    // A reload re-syncs (Chrome never fires pushsubscriptionchange) and
    // finds the visitor subscribed, without asking anything.
    c.refresh().await.unwrap();
    wait_state(&browser, "subscribed").await;
    assert_eq!(
        fetch_json(c, "GET", "/api/push/subscribers", None).await.1["total"],
        1
    );

    // The scripted device at the mock push service.
    let device = SecretKey::from_slice(&[7u8; 32]).unwrap();
    let auth = [9u8; 16];
    let device_endpoint = format!("http://127.0.0.1:{mock}/push/device-1");
    let p256dh = URL_SAFE_NO_PAD.encode(canal_webpush::public_bytes(&device.public_key()));
    let (status, out) = fetch_json(
        c,
        "POST",
        "/api/push/subscriptions",
        Some(json!({ "endpoint": device_endpoint, "keys": { "p256dh": p256dh, "auth": URL_SAFE_NO_PAD.encode(auth) }, "topics": ["news"] })),
    )
    .await;
    assert_eq!(status, 201, "{out}");

    // Compose and send from the Push page, to the news topic.
    c.refresh().await.unwrap();
    browser.wait_css("[data-testid=push-compose]").await;
    browser
        .wait_css("[data-testid=push-title]")
        .await
        .send_keys("Spring sale starts now")
        .await
        .unwrap();
    browser
        .wait_css("[data-testid=push-body]")
        .await
        .send_keys("20% off everything until Sunday.")
        .await
        .unwrap();
    let url_field = browser.wait_css("[data-testid=push-url]").await;
    url_field.clear().await.unwrap();
    url_field.send_keys("/dashboard").await.unwrap();
    browser
        .wait_css("[data-testid=push-audience-kind]")
        .await
        .select_by_value("topic")
        .await
        .unwrap();
    browser
        .wait_css("[data-testid=push-topic]")
        .await
        .select_by_value("news")
        .await
        .unwrap();
    browser
        .wait_css("[data-testid=push-urgency]")
        .await
        .select_by_value("high")
        .await
        .unwrap();
    click(&browser, "[data-testid=push-send]").await;
    browser
        .wait_css("[data-testid=push-compose-status] [data-state=queued]")
        .await;

    // A test to this browser goes to its own subscription only.
    click(&browser, "[data-testid=push-send-test]").await;
    let test = until(Duration::from_secs(20), "test send created", || async {
        let (_, list) = fetch_json(c, "GET", "/api/push/sends", None).await;
        list["items"]
            .as_array()?
            .iter()
            .find(|s| s["test"] == true)
            .cloned()
    })
    .await;
    assert_eq!(test["results"]["total"], 1, "{test}");
    assert_eq!(test["audience"], json!({ "endpoints": 1 }), "{test}");

    // The push service got a signed, encrypted request; it decrypts.
    let got = pushed
        .recv_timeout(Duration::from_secs(60))
        .expect("the server pushed to the mock");
    assert_eq!(got.path, "/push/device-1");
    assert_eq!(got.urgency.as_deref(), Some("high"));
    assert_eq!(got.ttl.as_deref(), Some("86400"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    canal_webpush::vapid::verify(&got.authorization, &format!("http://127.0.0.1:{mock}"), now)
        .unwrap_or_else(|e| panic!("VAPID: {e}"));
    let plain = canal_webpush::decrypt(&device, &auth, &got.body).expect("decrypts");
    let payload: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload["title"], "Spring sale starts now");
    assert_eq!(payload["url"], "/dashboard");
    let send_id = payload["send_id"].as_str().unwrap().to_owned();

    // The same message into the browser's service worker: its push handler
    // shows it.
    let plain = String::from_utf8(plain).unwrap();
    cdp(c, "ServiceWorker.enable", json!({})).await.unwrap();
    // DevTools wants the registration id, which only its events carry
    // (chromedriver does not relay events). Ids count from 0 per profile and
    // this fresh profile has one registration; Chromium may accept an unknown
    // id without complaint, so every small id is offered the message and the
    // notification list below tells whether the real one got it.
    // Chromium drops a push whose worker does not start in time (seen on a
    // loaded machine), as a real push service's message would be retried,
    // so delivery is offered again, at most four times; the tag (the send
    // id) makes a repeat replace the notification rather than add one.
    let shown = "navigator.serviceWorker.ready.then(r => r.getNotifications())\
        .then(ns => arguments[0](ns.map(n => [n.title, n.body, n.tag])))";
    let mut titles = Value::Null;
    for _attempt in 0..4 {
        let mut accepted = 0;
        for id in 0..4 {
            let params = json!({ "origin": url, "registrationId": id.to_string(), "data": plain });
            if cdp(c, "ServiceWorker.deliverPushMessage", params)
                .await
                .is_ok()
            {
                accepted += 1;
            }
        }
        assert!(accepted > 0, "no registration took the push");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            titles = c.execute_async(shown, vec![]).await.unwrap_or(Value::Null);
            if titles.as_array().is_some_and(|a| !a.is_empty()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if titles.as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
    }
    assert_eq!(titles.as_array().map(Vec::len), Some(1), "{titles}");
    assert_eq!(
        titles[0],
        json!([
            "Spring sale starts now",
            "20% off everything until Sunday.",
            send_id
        ])
    );

    // The click. No DevTools command clicks a notification, so sw.js's own
    // notificationclick handler runs on the notification Chromium shows
    // (its data as the push handler stored it), with the worker's globals
    // stood in: `clients` records what it opens, the subscription is the
    // device's the push service delivered to, `fetch` is the page's real
    // one, so the click report the handler posts reaches the server.
    // The page's Content-Security-Policy forbids `new Function`; DevTools
    // lifts it for this test's documents only.
    cdp(c, "Page.setBypassCSP", json!({ "enabled": true }))
        .await
        .unwrap();
    c.refresh().await.unwrap();
    browser.wait_css("[data-testid=push-compose]").await;
    let clicked = c
        .execute_async(
            r#"const [deviceEndpoint, done] = arguments;
            (async () => {
              const src = await fetch('/sw.js').then(r => r.text());
              const reg = await navigator.serviceWorker.ready;
              const [shown] = await reg.getNotifications();
              const listeners = {}, opened = [], focused = [];
              const self = {
                addEventListener: (type, fn) => { listeners[type] = fn; },
                location: new URL('/sw.js', location.origin),
                registration: { pushManager: { getSubscription: async () => ({ endpoint: deviceEndpoint }) } },
                clients: {
                  matchAll: async () => [{ url: location.origin + '/elsewhere', focus: async () => focused.push('elsewhere') }],
                  openWindow: async (u) => { opened.push(u); return null; },
                },
              };
              new Function('self', 'fetch', src)(self, (...a) => fetch(...a));
              let closed = false;
              const waits = [];
              listeners.notificationclick({
                notification: { data: shown.data, close: () => { closed = true; shown.close(); } },
                waitUntil: (p) => waits.push(p),
              });
              await Promise.all(waits);
              const left = await reg.getNotifications();
              done({ opened, focused, closed, waits: waits.length, left: left.length });
            })().catch(e => done({ error: String(e) }));"#,
            vec![json!(device_endpoint)],
        )
        .await
        .unwrap();
    assert_eq!(
        clicked,
        json!({
            "opened": [format!("{url}/dashboard")],
            "focused": [],
            "closed": true,
            "waits": 1,
            "left": 0
        }),
        "sw.js's notificationclick"
    );
    let send = until(Duration::from_secs(30), "send settled", || async {
        let (_, s) = fetch_json(c, "GET", &format!("/api/push/sends/{send_id}"), None).await;
        (s["results"]["sent"] == 1).then_some(s)
    })
    .await;
    assert_eq!(send["clicks"], 1, "{send}");
    let (_, summary) = fetch_json(c, "GET", "/api/metrics/summary", None).await;
    assert_eq!(summary["channels"]["web_push"]["clicked"], 1, "{summary}");

    // The Push page shows it: screenshots in both languages and on a phone.
    c.refresh().await.unwrap();
    browser.wait_css("[data-send-id]").await;
    browser.screenshot("push-page-en").await;
    c.execute(
        "document.querySelector('.push-sends').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    browser.screenshot("push-page-sends-en").await;
    set_locale(c, &format!("{url}/push"), "es").await;
    c.refresh().await.unwrap();
    wait_state(&browser, "subscribed").await;
    browser.wait_css("[data-send-id]").await;
    browser.screenshot("push-page-es").await;

    // Turning off removes the subscription on the server too.
    click(&browser, "[data-testid=push-unsubscribe]").await;
    wait_state(&browser, "granted").await;
    let (_, stats) = fetch_json(c, "GET", "/api/push/subscribers", None).await;
    assert_eq!(
        stats["total"], 1,
        "only the scripted device is left: {stats}"
    );
    browser.close().await;
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blocked_visitor_is_told_how_to_allow_notifications_again() {
    let server = Server::start();
    let url = &server.url;
    for (locale, width, height, phone) in [("en", 1280, 800, false), ("es", 412, 860, true)] {
        let browser = if phone {
            Browser::phone(width, height).await
        } else {
            Browser::start(width, height).await
        };
        let c = &browser.client;
        cdp(c, "Browser.setPermission", json!({ "permission": { "name": "notifications" }, "setting": "denied", "origin": url }))
            .await
            .unwrap();
        set_locale(c, &format!("{url}/push"), locale).await;
        c.refresh().await.unwrap();
        wait_state(&browser, "denied").await;
        let help = browser.text("[data-testid=push-help]").await;
        assert!(
            help.contains(if locale == "en" {
                "Site settings"
            } else {
                "Configuración del sitio"
            }),
            "{help}"
        );
        assert!(c
            .find(Locator::Css("[data-testid=push-allow]"))
            .await
            .is_err());
        browser
            .screenshot(&format!(
                "push-denied-{locale}-{}",
                if phone { "phone" } else { "desktop" }
            ))
            .await;
        browser.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn browsers_without_push_and_ios_outside_the_home_screen_are_explained() {
    let server = Server::start();
    let url = &server.url;
    let browser = Browser::phone(412, 860).await;
    let c = &browser.client;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "delete window.PushManager;" }),
    )
    .await
    .unwrap();
    c.goto(&format!("{url}/push")).await.unwrap();
    wait_state(&browser, "unsupported").await;
    browser.screenshot("push-unsupported-en-phone").await;
    browser.close().await;

    // An iPhone's Safari tab: push only works from the home screen app,
    // which the served manifest (display: standalone) makes possible.
    let browser = Browser::phone(412, 860).await;
    let c = &browser.client;
    // Safari's own user agent, set before any script of the page runs.
    let ios = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
    let source = format!(
        "Object.defineProperty(Navigator.prototype, 'userAgent', {{ get: () => {ios:?} }});"
    );
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await
    .unwrap();
    set_locale(c, &format!("{url}/push"), "es").await;
    c.refresh().await.unwrap();
    wait_state(&browser, "ios-install").await;
    let text = browser.text("[data-testid=push-message]").await;
    assert!(text.contains("pantalla de inicio"), "{text}");
    browser.screenshot("push-ios-es-phone").await;
    let (status, manifest) = fetch_json(c, "GET", "/manifest.webmanifest", None).await;
    assert_eq!((status, &manifest["display"]), (200, &json!("standalone")));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_one_line_embed_adds_a_corner_button_to_another_page_of_the_site() {
    let server = Server::start();
    let url = &server.url;
    let browser = Browser::phone(412, 860).await;
    let c = &browser.client;
    // A page of the site that is not the app: the app never loads the
    // script on its settings screen, so the page starts without it.
    c.goto(&format!("{url}/settings")).await.unwrap();
    browser.wait_css(".settings-card").await;
    let tree = cdp(c, "Page.getFrameTree", json!({})).await.unwrap();
    let frame = tree["frameTree"]["frame"]["id"].clone();
    let shop = "<!doctype html><html lang=\"es\"><head><meta name=\"viewport\" content=\"width=device-width\"></head>\
        <body style=\"font-family:sans-serif;margin:24px\"><h1>Tienda</h1><p>Zapatillas de temporada.</p>\
        <script src=\"/static/canal-push.js\" data-topics=\"offers,news\"></script></body></html>";
    cdp(
        c,
        "Page.setDocumentContent",
        json!({ "frameId": frame, "html": shop }),
    )
    .await
    .unwrap();
    // Only a small button on load: no prompt until the visitor asks.
    let launcher = browser
        .wait_css("[data-canal-push] [data-testid=push-launch]")
        .await;
    assert!(c
        .find(Locator::Css("[data-testid=push-soft-prompt]"))
        .await
        .is_err());
    assert_eq!(state_of(c).await, "default");
    launcher.click().await.unwrap();
    click(&browser, "[data-testid=push-open]").await;
    browser.wait_css("[data-testid=push-soft-prompt]").await;
    let allow = browser.wait_css("[data-testid=push-allow]").await;
    assert!(
        allow.attr("disabled").await.unwrap().is_some(),
        "no topic picked yet"
    );
    click(&browser, "[data-testid=push-topic-offers]").await;
    assert_eq!(allow.attr("disabled").await.unwrap(), None);
    let text = browser.text("[data-canal-push]").await;
    assert!(
        text.contains("Ofertas") && text.contains("Permitir notificaciones"),
        "{text}"
    );
    browser.screenshot("push-embed-es-phone").await;
    browser.close().await;
}
