//! The analysis screens against `canal serve --demo`: the dashboard's KPIs
//! for a changed period and channel equal the server's `/api/metrics/kpis`
//! and `/api/metrics/reactivation` for the same filters; Channels, Funnels
//! and Support render real numbers; a screenshot of each page, on a laptop
//! and a phone, in English and Spanish.

use crate::harness::Browser;
use crate::harness::{until, Server};
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::time::Duration;

async fn log_in(browser: &Browser, url: &str) {
    browser
        .log_in_demo(url, ".dashboard[data-state=ready]", "the dashboard loads")
        .await;
}

async fn attr(c: &Client, css: &str, name: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The `data-value` of `css` as a number; `None` when empty (no value).
async fn value(c: &Client, css: &str) -> Option<f64> {
    let v = attr(c, css, "data-value").await;
    (!v.is_empty()).then(|| v.parse().unwrap_or_else(|_| panic!("{css} = {v:?}")))
}

/// GET `path` from the page, with the session cookie.
async fn api(c: &Client, path: &str) -> Value {
    crate::harness::fetch_json(c, "GET", path, None).await.1
}

/// The period the filter bar shows, as the API's `from=…&to=…`.
async fn period_query(c: &Client) -> String {
    let from = attr(c, ".period-summary", "data-period-from").await;
    let to = attr(c, ".period-summary", "data-period-to").await;
    let iso = |s: &str| {
        let t: i64 = s.parse().unwrap();
        chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339()
    };
    format!(
        "from={}&to={}",
        urlencode(&iso(&from)),
        urlencode(&iso(&to))
    )
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

/// A rate of the server's JSON: `None` over a zero denominator.
fn rate(r: &Value) -> Option<f64> {
    let (num, den) = (r["num"].as_f64()?, r["den"].as_f64()?);
    (den > 0.0).then(|| num / den)
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{what}: app {x} vs server {y}"),
        _ => assert_eq!(a, b, "{what}"),
    }
}

/// Waits (up to 60 s: the page recomputes in Wasm on a loaded machine)
/// until `css` shows `expected`, and says what it showed instead.
async fn wait_value(browser: &Browser, css: &str, expected: Option<f64>) {
    let c = &browser.client;
    let mut got = None;
    for _ in 0..600 {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            let v = el
                .attr("data-value")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            got = (!v.is_empty()).then(|| v.parse::<f64>().unwrap_or(f64::NAN));
            if matches!((got, expected), (Some(x), Some(y)) if (x - y).abs() < 1e-9)
                || (got.is_none() && expected.is_none())
            {
                return;
            }
        }
        // Polls on the page's own timer; the condition, not the delay,
        // decides the test.
        c.execute(
            "return new Promise(r => setTimeout(() => r(1), 100))",
            vec![],
        )
        .await
        .unwrap();
    }
    panic!("{css} showed {got:?}, expected {expected:?}");
}

async fn go(browser: &Browser, route: &str, ready: &str) {
    browser
        .client
        .find(Locator::Css(&format!(
            ".sidebar a:has(span[data-route={route}])"
        )))
        .await
        .unwrap_or_else(|e| panic!("nav {route}: {e}"))
        .click()
        .await
        .unwrap();
    browser.wait_css(ready).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_matches_the_metrics_api_and_analysis_pages_render() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    log_in(&browser, url).await;
    // The time series is drawn by uPlot (a canvas), loaded under the CSP.
    browser.wait_css(".series-card .uplot-host canvas").await;

    // Period 90 days, channel SMS: every card against /api/metrics/kpis.
    browser
        .wait_css("select[data-filter=period]")
        .await
        .select_by_value("90d")
        .await
        .unwrap();
    browser
        .wait_css("select[data-filter=channel]")
        .await
        .select_by_value("sms")
        .await
        .unwrap();
    browser
        .wait_css(".kpi-grid [data-metric=delivered][data-channel=sms]")
        .await;
    let period = period_query(c).await;
    let kpis = api(c, &format!("/api/metrics/kpis?{period}&group_by=channel")).await;
    let rows = kpis["current"]["rows"].as_array().expect("rows");
    let sms = rows
        .iter()
        .find(|r| r["group"]["value"] == "sms")
        .expect("an sms row");
    let k = &sms["kpis"];
    let css = |m: &str| format!(".kpi-grid [data-metric={m}][data-channel=sms]");
    wait_value(&browser, &css("delivered"), k["delivered"].as_f64()).await;
    for (metric, server) in [
        ("delivery_rate", rate(&k["delivery_rate"])),
        ("click_rate", rate(&k["click_rate"])),
        ("conversion_rate", rate(&k["conversion_rate"])),
        ("unsubscribe_rate", rate(&k["unsubscribe_rate"])),
        ("open_rate", rate(&k["open_rate"])),
        ("ctor", rate(&k["ctor"])),
    ] {
        close(value(c, &css(metric)).await, server, metric);
    }
    // SMS tracks no opens: n/a, not 0 % or 100 %.
    assert_eq!(rate(&k["open_rate"]), None, "server open rate of sms");
    assert_eq!(browser.text(&css("open_rate")).await, "n/a");
    assert_eq!(browser.text(&css("ctor")).await, "n/a");
    assert_eq!(attr(c, &css("ctor"), "data-available").await, "false");
    let react = api(c, &format!("/api/metrics/reactivation?{period}")).await;
    let credited = react["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["channel"] == "sms")
        .and_then(|r| r["credited"].as_f64())
        .unwrap_or(0.0);
    close(
        value(c, &css("reactivations")).await,
        Some(credited),
        "sms reactivations",
    );
    browser.screenshot("channels-dashboard-sms-90d").await;

    // All channels, engagement only: reactivations follow the scope.
    browser
        .wait_css("select[data-filter=channel]")
        .await
        .select_by_value("")
        .await
        .unwrap();
    browser
        .wait_css("select[data-filter=scope]")
        .await
        .select_by_value("engagement")
        .await
        .unwrap();
    let react = api(
        c,
        &format!("/api/metrics/reactivation?{period}&scope=engagement"),
    )
    .await;
    // Every channel in the comparison table: the browser's import of the
    // exports and the server's own load count the same people (records
    // sharing any identifier are one person on both sides: people::unify).
    let channels: Vec<String> = react["channels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["channel"].as_str().map(str::to_owned))
        .collect();
    assert!(
        channels.len() >= 5,
        "channels with reactivations: {channels:?}"
    );
    for ch in &channels {
        let credited = react["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["channel"] == ch.as_str())
            .and_then(|r| r["credited"].as_f64())
            .unwrap_or(0.0);
        let cell = format!("tbody [data-metric=reactivations][data-channel={ch}]");
        wait_value(&browser, &cell, Some(credited)).await;
    }
    // SMS under the scope: the cards follow it too.
    browser
        .wait_css("select[data-filter=channel]")
        .await
        .select_by_value("sms")
        .await
        .unwrap();
    let kpis = api(
        c,
        &format!("/api/metrics/kpis?{period}&group_by=channel&scope=engagement"),
    )
    .await;
    let sms = kpis["current"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"]["value"] == "sms")
        .expect("an sms row under engagement");
    wait_value(
        &browser,
        &css("delivered"),
        sms["kpis"]["delivered"].as_f64(),
    )
    .await;
    close(
        value(c, &css("click_rate")).await,
        rate(&sms["kpis"]["click_rate"]),
        "sms click rate, engagement",
    );

    // Channels: one channel in depth.
    go(&browser, "channels", ".channel-page[data-state=ready]").await;
    let delivered = value(c, ".kpi-grid [data-metric=delivered][data-channel=email]").await;
    assert!(
        delivered.unwrap_or(0.0) > 0.0,
        "email delivered {delivered:?}"
    );
    browser.wait_css("[data-testid=by-scope] tbody tr").await;
    browser.wait_css("[data-testid=by-campaign] tbody tr").await;
    browser.wait_css("[data-testid=age-bands] tbody tr").await;
    browser.screenshot("channels-email-en").await;
    scroll(c, "[data-testid=by-scope]").await;
    browser.screenshot("channels-email-tables-en").await;
    scroll(c, "[data-testid=age-bands]").await;
    browser.screenshot("channels-email-ages-en").await;
    browser
        .wait_css("select[data-filter=channel]")
        .await
        .select_by_value("sms")
        .await
        .unwrap();
    browser.wait_css(".channel-page[data-channel=sms]").await;
    assert_eq!(
        browser
            .text(".kpi-grid [data-metric=open_rate][data-channel=sms]")
            .await,
        "n/a"
    );

    // Funnels: the shop funnel of the demo, then one step fewer.
    go(&browser, "funnels", "[data-testid=funnel-chart]").await;
    let first: u64 = attr(c, ".funnel-bar-row[data-step='0']", "data-entered")
        .await
        .parse()
        .unwrap();
    assert!(first > 0, "nobody entered the funnel");
    let steps = c
        .find_all(Locator::Css(".funnel-bar-row"))
        .await
        .unwrap()
        .len();
    assert!(steps >= 3, "{steps} steps");
    let overall = value(c, "[data-metric=funnel_overall]").await.unwrap();
    assert!((0.0..=1.0).contains(&overall), "overall {overall}");
    browser.screenshot("funnels-en").await;
    c.find(Locator::Css(
        ".funnel-step-edit[data-step='1'] button[data-action=remove]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    for _ in 0..100 {
        let n = c
            .find_all(Locator::Css(".funnel-bar-row"))
            .await
            .unwrap()
            .len();
        if n == steps - 1 {
            break;
        }
        c.execute(
            "return new Promise(r => requestAnimationFrame(() => r(1)))",
            vec![],
        )
        .await
        .unwrap();
    }
    assert_eq!(
        c.find_all(Locator::Css(".funnel-bar-row"))
            .await
            .unwrap()
            .len(),
        steps - 1
    );
    browser
        .wait_css("select[data-filter=breakdown]")
        .await
        .select_by_value("channel")
        .await
        .unwrap();
    browser
        .wait_css("[data-testid=funnel-groups] tbody tr")
        .await;
    browser.screenshot("funnels-breakdown-en").await;

    // Support.
    go(&browser, "support", ".support-page[data-state=ready]").await;
    let inbound = value(c, "[data-metric=support_inbound]")
        .await
        .unwrap_or(0.0);
    if inbound == 0.0 {
        browser
            .wait_css("select[data-filter=period]")
            .await
            .select_by_value("12m")
            .await
            .unwrap();
    }
    browser
        .wait_css("[data-testid=support-channels] tbody tr")
        .await;
    let inbound = value(c, "[data-metric=support_inbound]")
        .await
        .unwrap_or(0.0);
    assert!(inbound > 0.0, "support inbound {inbound}");
    browser.screenshot("support-en").await;

    // Spanish, every page.
    browser
        .wait_css("header select[data-testid=locale]")
        .await
        .select_by_value("es")
        .await
        .unwrap();
    browser.wait_text("main h1", "Soporte").await;
    browser.screenshot("support-es").await;
    go(&browser, "funnels", "[data-testid=funnel-chart]").await;
    browser.screenshot("funnels-es").await;
    go(&browser, "channels", ".channel-page[data-state=ready]").await;
    browser.screenshot("channels-email-es").await;
    browser.close().await;
}

async fn scroll(c: &Client, css: &str) {
    c.execute(
        "document.querySelector(arguments[0]).scrollIntoView()",
        vec![serde_json::json!(css)],
    )
    .await
    .unwrap();
}

/// A phone: every analysis page, English then Spanish.
#[tokio::test(flavor = "multi_thread")]
async fn analysis_pages_on_a_phone() {
    let server = Server::demo();
    let phone = Browser::phone(390, 844).await;
    log_in(&phone, &server.url).await;
    for locale in ["en", "es"] {
        if locale == "es" {
            phone
                .wait_css("header select[data-testid=locale]")
                .await
                .select_by_value("es")
                .await
                .unwrap();
        }
        go(&phone, "channels", ".channel-page[data-state=ready]").await;
        phone.screenshot(&format!("channels-phone-{locale}")).await;
        go(&phone, "funnels", "[data-testid=funnel-chart]").await;
        phone.screenshot(&format!("funnels-phone-{locale}")).await;
        go(&phone, "support", ".support-page[data-state=ready]").await;
        phone.screenshot(&format!("support-phone-{locale}")).await;
    }
    phone.close().await;
}

/// A server workspace larger than this browser is set to load stays on
/// the server: nothing is downloaded, the dashboard shows the server's own
/// figures with the period, channel and scope filters (each change asks the
/// server again), and the analyses that need the data in the browser say
/// why they have none and what to do.
#[tokio::test(flavor = "multi_thread")]
async fn a_workspace_too_large_for_the_browser_stays_on_the_server() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    // The demo's 250,000 events against a limit of 100,000, set in Settings.
    c.goto(&format!("{url}/settings")).await.unwrap();
    let field = browser.wait_css("[data-testid=browser-limit]").await;
    assert_eq!(
        field.prop("value").await.unwrap().as_deref(),
        Some("5000000")
    );
    browser.change("[data-testid=browser-limit]", "lots").await;
    browser
        .wait_css("[data-testid=browser-limit][aria-invalid=true]")
        .await;
    browser
        .change("[data-testid=browser-limit]", "100000")
        .await;
    browser
        .wait_css("[data-testid=browser-limit][aria-invalid=false]")
        .await;
    browser.screenshot("settings-browser-limit").await;

    browser
        .log_in_demo(
            url,
            ".dashboard[data-state=server] .kpi-grid [data-metric=sent][data-channel=all]",
            "the server's figures",
        )
        .await;
    let total = api(c, "/api/events?limit=1").await["total"]
        .as_f64()
        .unwrap();
    assert_eq!(
        attr(c, ".server-only-note", "data-events").await,
        format!("{total}"),
        "the note names the server's event count"
    );
    let downloads: Value = c
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
               .filter(n => n.includes('/api/export/'))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(downloads, serde_json::json!([]), "no export was downloaded");
    browser.screenshot("dashboard-server-only-en").await;

    // Default period: the cards are the server's total.
    let kpis = api(c, &format!("/api/metrics/kpis?{}", period_query(c).await)).await;
    let sent = kpis["current"]["total"]["counts"]["sent"].as_f64();
    assert!(sent.unwrap_or(0.0) > 0.0, "{kpis}");
    wait_value(
        &browser,
        ".kpi-grid [data-metric=sent][data-channel=all]",
        sent,
    )
    .await;

    // 90 days: another round trip, the figures follow.
    let period = browser.wait_css("select[data-filter=period]").await;
    let before = attr(c, ".period-summary", "data-period-from").await;
    period.select_by_value("90d").await.unwrap();
    until(Duration::from_secs(60), "the 90-day period", || async {
        (attr(c, ".period-summary", "data-period-from").await != before).then_some(())
    })
    .await;
    let q = period_query(c).await;
    assert_ne!(attr(c, ".period-summary", "data-period-from").await, before);
    let kpis = api(c, &format!("/api/metrics/kpis?{q}")).await;
    wait_value(
        &browser,
        ".kpi-grid [data-metric=sent][data-channel=all]",
        kpis["current"]["total"]["counts"]["sent"].as_f64(),
    )
    .await;

    // Engagement only: the reactivations are the ones credited to it.
    browser
        .wait_css("select[data-filter=scope]")
        .await
        .select_by_value("engagement")
        .await
        .unwrap();
    let react = api(
        c,
        &format!("/api/metrics/reactivation?{q}&scope=engagement"),
    )
    .await;
    let credited: f64 = react["channels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["credited"].as_f64())
        .sum();
    assert!(credited > 0.0, "{react}");
    wait_value(
        &browser,
        ".kpi-grid [data-metric=reactivations][data-channel=all]",
        Some(credited),
    )
    .await;

    // One channel: the cards show its row.
    browser
        .wait_css("select[data-filter=channel]")
        .await
        .select_by_value("sms")
        .await
        .unwrap();
    let kpis = api(c, &format!("/api/metrics/kpis?{q}&scope=engagement")).await;
    let sms = kpis["current"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"]["value"] == "sms")
        .expect("an sms row");
    wait_value(
        &browser,
        ".kpi-grid [data-metric=delivered][data-channel=sms]",
        sms["kpis"]["delivered"].as_f64(),
    )
    .await;
    assert!(
        c.find(Locator::Css("select[data-filter=campaign]"))
            .await
            .is_err(),
        "the server filters by channel and scope only: no campaign choice"
    );

    // An analysis that needs the data in the browser says why it has none.
    c.goto(&format!("{url}/segments")).await.unwrap();
    browser.wait_css("[data-state=server-only]").await;
    browser.screenshot("segments-server-only-en").await;

    // The pressure rules are the server's (its push sends apply them): the
    // Pressure page sets them though the data is not in this browser.
    c.goto(&format!("{url}/pressure")).await.unwrap();
    browser.wait_css("[data-state=server-only]").await;
    browser
        .wait_css("[data-state=rules-only] [data-testid=pressure-half-life]")
        .await;
    browser
        .change("[data-testid=pressure-half-life]", "9")
        .await;
    until(
        Duration::from_secs(30),
        "the rules kept on the server",
        || async {
            let s = api(c, "/api/settings/pressure").await;
            let kept = s["stored"] == Value::Bool(true)
                && s["config"]["half_life_days"].as_f64() == Some(9.0);
            kept.then_some(())
        },
    )
    .await;
    browser.screenshot("pressure-server-only-en").await;
    c.goto(&format!("{url}/segments")).await.unwrap();
    browser.wait_css("[data-state=server-only]").await;

    // In Spanish, and the dashboard again (a reload asks the server anew).
    let locale = browser.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    browser
        .wait_text(
            "[data-state=server-only] h2",
            "Demasiado grande para analizarlo en este navegador",
        )
        .await;
    browser.screenshot("segments-server-only-es").await;
    c.goto(&format!("{url}/")).await.unwrap();
    browser
        .wait_text(
            ".server-only-note strong",
            "Cifras calculadas por el servidor",
        )
        .await;
    browser.screenshot("dashboard-server-only-es").await;
}
