//! The app shell against a real server: health indicator, language,
//! deep links, the service worker, and what happens when the server goes away.

use crate::harness::{Browser, Server};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn health_language_and_server_loss() {
    let mut server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/", server.url)).await.unwrap();

    browser.wait_css("[data-server-status=connected]").await;
    assert_eq!(
        browser.text(".server-status .status-label").await,
        "Server connected"
    );
    assert_eq!(browser.text("main h1").await, "Dashboard");
    browser.screenshot("shell-dashboard-en").await;

    // Switch to Spanish from the top bar.
    let select = browser.wait_css("header select[data-testid=locale]").await;
    select.select_by_value("es").await.unwrap();
    browser.wait_text("main h1", "Panel").await;
    assert_eq!(
        browser.text(".server-status .status-label").await,
        "Servidor conectado"
    );
    assert_eq!(
        browser.text(".sidebar a[href='/import']").await,
        "Importar CSV"
    );
    let lang = c
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "es");

    // The choice survives a reload.
    c.refresh().await.unwrap();
    browser.wait_text("main h1", "Panel").await;
    browser.screenshot("shell-dashboard-es").await;

    // The server goes away: the indicator says so and explains what to do.
    server.stop();
    browser.wait_css("[data-server-status=unreachable]").await;
    assert_eq!(
        browser.text(".server-status .status-label").await,
        "Servidor inaccesible"
    );
    let help = browser.text(".server-status .status-help").await;
    assert!(
        help.contains("./run"),
        "help text says how to start it: {help:?}"
    );
    browser.screenshot("shell-unreachable-es").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_links_service_worker_and_security_headers() {
    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;

    // A client-side route loaded directly is served the app, not a 404.
    c.goto(&format!("{}/contacts/c-42", server.url))
        .await
        .unwrap();
    browser.wait_text(".sidebar a.active", "Contacts").await;

    // The service worker is served from the root and controls the whole app.
    let scope = c
        .execute_async(
            "const done = arguments[0];
             navigator.serviceWorker.ready.then(r => done(r.scope), e => done('error: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(scope, format!("{}/", server.url));

    let probe = c
        .execute_async(
            "const done = arguments[0];
             Promise.all([fetch('/sw.js'), fetch('/api/health'), fetch('/api/nope')])
               .then(async ([sw, health, nope]) => done({
                 sw: sw.status,
                 swType: sw.headers.get('content-type'),
                 csp: health.headers.get('content-security-policy'),
                 nosniff: health.headers.get('x-content-type-options'),
                 health: await health.json(),
                 nope: nope.status,
                 nopeBody: await nope.json(),
               }), e => done({ error: String(e) }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(probe["sw"], 200, "{probe}");
    assert!(
        probe["swType"]
            .as_str()
            .unwrap_or("")
            .contains("javascript"),
        "{probe}"
    );
    assert!(
        probe["csp"]
            .as_str()
            .unwrap_or("")
            .contains("frame-ancestors 'none'"),
        "{probe}"
    );
    assert_eq!(probe["nosniff"], "nosniff");
    assert_eq!(probe["health"]["database"]["status"], "ok");
    assert_eq!(probe["health"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(probe["nope"], 404);
    assert_eq!(probe["nopeBody"]["error"]["code"], "not_found");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn phone_viewport_keeps_navigation_reachable() {
    let server = Server::start();
    let browser = Browser::phone(390, 844).await;
    let c = &browser.client;
    c.goto(&format!("{}/settings", server.url)).await.unwrap();
    browser.wait_css("[data-server-status=connected]").await;
    // Nothing overflows the viewport horizontally except the nav strip,
    // which scrolls on its own.
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow, 0, "the page scrolls sideways on a phone");
    let nav = c
        .find(Locator::Css(".sidebar a[href='/push']"))
        .await
        .unwrap();
    nav.click().await.unwrap();
    browser.wait_text("main h1", "Web push").await;
    browser.screenshot("shell-phone").await;
    browser.close().await;
}
