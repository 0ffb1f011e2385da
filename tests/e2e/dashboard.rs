//! The dashboard against a real server with the demo data: log in, load
//! the exports into the app, and check the KPIs the app computes in Wasm
//! against the server's own counts (`/api/metrics/summary`).

use crate::harness::{Browser, Server};
use fantoccini::{Client, Locator};
use std::time::Duration;

async fn attr(c: &Client, css: &str, name: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn login_loads_the_server_data_into_the_dashboard() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    // Streaming and importing the whole export takes a while on a busy
    // machine; the loading state shows meanwhile.
    let loaded = "[data-state=ready], [data-state=error]";
    browser
        .log_in_demo(url, loaded, "the dashboard loads or says why not")
        .await;
    let state = browser.wait_css(loaded).await;
    browser.screenshot("dashboard-demo-en").await;
    assert_eq!(
        state.attr("data-state").await.unwrap().as_deref(),
        Some("ready"),
        "{}",
        state.text().await.unwrap_or_default()
    );

    for (css, name) in [
        (".series-card", "dashboard-demo-series"),
        (".table-card", "dashboard-demo-table"),
    ] {
        c.execute(
            "document.querySelector(arguments[0]).scrollIntoView()",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
        browser.screenshot(name).await;
    }

    for metric in ["open_rate", "click_rate", "delivery_rate", "ctor"] {
        let v = attr(
            c,
            &format!(".kpi-grid [data-metric={metric}][data-channel=all]"),
            "data-value",
        )
        .await;
        let v: f64 = v.parse().unwrap_or_else(|_| panic!("{metric} = {v:?}"));
        assert!((0.0..=1.0).contains(&v), "{metric} = {v}");
    }

    // Every event the server holds, in one custom period: the sent count
    // per channel must be the server's own.
    let summary: serde_json::Value = c
        .execute(
            "return fetch('/api/metrics/summary').then(r => r.json())",
            vec![],
        )
        .await
        .unwrap();
    let period = browser.wait_css("select[data-filter=period]").await;
    period.select_by_value("custom").await.unwrap();
    browser.wait_css("input[data-filter=from]").await;
    browser
        .change("input[data-filter=from]", "1970-01-02")
        .await;
    browser.change("input[data-filter=to]", "2100-01-01").await;
    let channel = browser.wait_css("select[data-filter=channel]").await;
    channel.select_by_value("email").await.unwrap();
    browser
        .wait_css(".kpi-grid [data-metric=sent][data-channel=email]")
        .await;
    let sent = attr(
        c,
        ".kpi-grid [data-metric=sent][data-channel=email]",
        "data-value",
    )
    .await;
    assert_eq!(
        sent.parse::<f64>().unwrap(),
        summary["channels"]["email"]["sent"].as_f64().unwrap_or(0.0),
        "email sent, app vs server"
    );
    browser.screenshot("dashboard-demo-email").await;
    let locale = browser.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    browser.wait_text("main h1", "Panel").await;
    browser.screenshot("dashboard-demo-email-es").await;
    browser.close().await;
}

/// A phone: cards two by two, the table scrolls inside its own box.
#[tokio::test(flavor = "multi_thread")]
async fn phone_dashboard() {
    let server = Server::demo();
    let url = &server.url;
    let phone = Browser::phone(390, 844).await;
    log_in(&phone, url).await;
    phone.screenshot("dashboard-demo-phone").await;
    phone.close().await;
}

async fn log_in(browser: &Browser, url: &str) {
    browser
        .log_in_demo(url, "[data-state=ready]", "the dashboard loads")
        .await;
}

/// While the server's data streams into the browser, the dashboard shows
/// the server's own figures for the default period at once; when the data
/// lands, the figures the app computes in Wasm replace them, equal.
#[tokio::test(flavor = "multi_thread")]
async fn server_figures_show_while_the_data_loads_and_equal_the_apps() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{url}/login")).await.unwrap();
    // A slow line (500 kB/s) makes the 24 MB events export take most of a
    // minute, so the preview is on screen long enough to be read; the
    // small metric answers are not held up by it.
    crate::harness::cdp(c, "Network.enable", serde_json::json!({}))
        .await
        .unwrap();
    let throttle = |bytes_per_s: f64| {
        serde_json::json!({
            "offline": false, "latency": 0,
            "downloadThroughput": bytes_per_s, "uploadThroughput": -1
        })
    };
    crate::harness::cdp(c, "Network.emulateNetworkConditions", throttle(500_000.0))
        .await
        .unwrap();
    let email = browser.wait_css("input[name=email]").await;
    email.send_keys("demo@example.com").await.unwrap();
    let password = browser.wait_css("input[name=password]").await;
    password.send_keys("canal-demo\u{E007}").await.unwrap();

    const METRICS: [&str; 6] = [
        "sent",
        "delivered",
        "open_rate",
        "click_rate",
        "reactivations",
        "reactivation_rate",
    ];
    let read = |state: &'static str| async move {
        let mut out = Vec::new();
        for m in METRICS {
            let css = format!("[data-state={state}] .kpi-grid [data-metric={m}][data-channel=all]");
            out.push((m, attr(c, &css, "data-value").await));
        }
        out
    };
    c.wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css(
            "[data-state=preview] .kpi-grid [data-metric=sent]",
        ))
        .await
        .expect("the server's figures while the data loads");
    let preview = read("preview").await;
    browser.screenshot("dashboard-preview-en").await;
    let sent: f64 = preview[0].1.parse().expect("a sent count");
    assert!(sent > 0.0, "the demo sent messages in the last 30 days");
    assert_eq!(
        attr(c, "[data-state=preview]", "data-source").await,
        "server"
    );
    // The channel table is there too, one row per active channel.
    let rows = c
        .find_all(Locator::Css("[data-state=preview] tbody tr"))
        .await
        .unwrap();
    assert!(rows.len() >= 5, "{} channel rows", rows.len());

    crate::harness::cdp(c, "Network.emulateNetworkConditions", throttle(-1.0))
        .await
        .unwrap();
    browser
        .wait_loaded(
            "[data-state=ready] .kpi-grid [data-metric=sent]",
            "the dashboard over the loaded data",
        )
        .await;
    let ready = read("ready").await;
    for ((m, server), (_, app)) in preview.iter().zip(&ready) {
        let (a, b): (f64, f64) = (server.parse().unwrap(), app.parse().unwrap());
        assert!(
            (a - b).abs() <= 1e-9 * a.abs().max(1.0),
            "{m}: server {server}, app {app}"
        );
    }
}
