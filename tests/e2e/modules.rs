//! The app's two Wasm modules (src/lazy/mod.rs): the second one's pages
//! when it cannot load and after a retry, links from its pages to the first
//! module's, the browser's back button across the two, and the language
//! switched in the first module reaching the second.

use crate::harness::{cdp, Browser, Server};
use serde_json::json;

/// Whether the second module's app element is in the page.
async fn guest_shown(c: &fantoccini::Client) -> bool {
    c.execute(
        "return document.querySelector('.guest-root') !== null",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn second_module_fails_retries_and_follows_the_first() {
    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    cdp(c, "Network.enable", json!({})).await.unwrap();
    cdp(
        c,
        "Network.setBlockedURLs",
        json!({ "urls": ["*canal-pages_bg.wasm*"] }),
    )
    .await
    .unwrap();

    // Opened directly, a page of the second module says it could not load
    // and offers a retry; the first module's pages still work.
    c.goto(&format!("{}/segments", server.url)).await.unwrap();
    browser.wait_css("[data-state=page-failed]").await;
    assert_eq!(
        browser.text("[data-state=page-failed] h2").await,
        "This page could not be opened"
    );
    browser.screenshot("pages-module-failed-en").await;
    browser
        .wait_css(".sidebar a[href='/']")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_text("main h1", "Dashboard").await;

    // Back on the page, with the network restored, the retry loads it.
    cdp(c, "Network.setBlockedURLs", json!({ "urls": [] }))
        .await
        .unwrap();
    browser
        .wait_css(".sidebar a[href='/segments']")
        .await
        .click()
        .await
        .unwrap();
    browser
        .wait_css("[data-state=page-failed] button")
        .await
        .click()
        .await
        .unwrap();
    // No data loaded: the second module's page shows its empty state.
    browser.wait_css(".guest-root [data-state=empty]").await;
    assert_eq!(browser.text("main h1").await, "Segments");
    assert!(guest_shown(c).await);

    // A link in the second module's page opens a page of the first: both
    // routers follow, the second module's page leaves the DOM.
    browser
        .wait_css(".guest-root [data-state=empty] a[href='/import']")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_css("[data-testid=csv-input]").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/import");
    assert!(!guest_shown(c).await, "the pages module's element left");
    browser.wait_text(".sidebar a.active", "Import CSV").await;

    // The back button returns to the second module's page, whose app kept
    // running while it was away.
    c.back().await.unwrap();
    browser.wait_css(".guest-root [data-state=empty]").await;
    browser.wait_text(".sidebar a.active", "Segments").await;

    // The language is the first module's; the second follows it.
    browser
        .wait_css("header select[data-testid=locale]")
        .await
        .select_by_value("es")
        .await
        .unwrap();
    browser
        .wait_text(
            ".guest-root [data-state=empty] a[href='/import']",
            "Importar un CSV",
        )
        .await;
    browser.wait_text("main h1", "Segmentos").await;
    browser.screenshot("pages-module-empty-es").await;
    browser.close().await;
}
