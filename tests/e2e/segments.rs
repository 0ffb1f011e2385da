//! The Segments, Scoring and Pressure workbenches against a real server
//! with the demo data: every RFM segment count the app computes in Wasm
//! equals `canal analyze rfm` on the server's own orders export with the
//! same as-of date, the RFM download holds the same rows, and the scoring
//! and pressure pages show real figures. Screenshots of every tab, desktop
//! and phone, English and Spanish.

use crate::harness::{canal_bin, until};
use crate::harness::{Browser, Server, TempDir};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

const SEGMENTS: [&str; 10] = [
    "champions",
    "loyal",
    "potential_loyalist",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
];

async fn log_in(browser: &Browser, url: &str) {
    browser
        .log_in_demo(url, ".dashboard[data-state=ready]", "the data loads")
        .await;
}

/// Reloads the page and waits, once the workspace is loaded again, until
/// the input matching `css` shows `value` (kept settings arrive after it).
async fn reload_shows(browser: &Browser, css: &str, value: &str) {
    browser.client.refresh().await.unwrap();
    let field = browser.wait_loaded(css, "the reloaded workspace").await;
    let what = format!("{css} showing {value:?} after a reload");
    until(Duration::from_secs(30), &what, || async {
        let shown = field.prop("value").await.unwrap().unwrap_or_default();
        (shown == value).then_some(())
    })
    .await;
}

/// Follows a navigation link in the page (no reload: the data stays).
async fn open(browser: &Browser, route: &str, ready: &str) {
    browser
        .client
        .execute(
            "document.querySelector(`[data-route=${arguments[0]}]`).closest('a').click()",
            vec![json!(route)],
        )
        .await
        .unwrap();
    browser.wait_css(ready).await;
}

pub(crate) async fn tab(browser: &Browser, name: &str) {
    let css = format!("button.wb-tab[data-tab={name}]");
    browser.wait_css(&css).await;
    // A script click: after scrolling, the sticky top bar may cover the
    // tab row, and a WebDriver click would land on the bar.
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).click(); window.scrollTo(0, 0)",
            vec![json!(css)],
        )
        .await
        .unwrap();
    browser
        .wait_css(&format!(".segments[data-tab={name}]"))
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

/// `canal analyze rfm` on `orders` as of `as_of`: (JSON output, CSV output).
fn cli_rfm(orders: &std::path::Path, as_of: &str) -> (Value, String) {
    let run = |format: &str| {
        let out = std::process::Command::new(canal_bin())
            .args(["analyze", "rfm"])
            .arg(orders)
            .args(["--as-of", as_of, "--format", format])
            .output()
            .expect("run canal analyze rfm");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let json: Value = serde_json::from_str(&run("json")).expect("json output");
    (json, run("csv"))
}

/// The rows of an RFM export without the customer column (the app keys
/// contacts by e-mail, the orders file by id), sorted.
fn rows_without_key(csv: &str) -> Vec<String> {
    let mut rows: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| {
            // The 8 fields after the key; a key may hold quoted commas.
            let mut right: Vec<&str> = l.rsplitn(9, ',').take(8).collect();
            right.reverse();
            right.join(",")
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread")]
async fn segments_match_the_cli_and_workbenches_show_figures() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    log_in(&browser, url).await;
    open(
        &browser,
        "segments",
        ".segments[data-state=ready] [data-segment]",
    )
    .await;
    browser.screenshot("segments-rfm-en").await;

    let mut app = BTreeMap::new();
    for seg in SEGMENTS {
        let n = attr(c, &format!("[data-segment={seg}]"), "data-count").await;
        app.insert(
            seg,
            n.parse::<u64>().unwrap_or_else(|_| panic!("{seg}: {n:?}")),
        );
    }
    let as_of = attr(c, ".rfm-section", "data-as-of").await;
    assert!(!as_of.is_empty(), "the RFM section says its as-of date");

    // The server's orders export, read with the session the app uses.
    let orders: String = c
        .execute(
            "return fetch('/api/export/orders?format=csv').then(r => r.text())",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .expect("CSV text")
        .to_owned();
    let dir = TempDir::new("segments");
    let file = dir.path().join("orders.csv");
    std::fs::write(&file, &orders).unwrap();
    let (json, cli_csv) = cli_rfm(&file, &as_of);
    assert_eq!(json["as_of"].as_str(), Some(as_of.as_str()));
    let mut cli = BTreeMap::new();
    for s in json["segments"].as_array().expect("segments") {
        cli.insert(
            s["segment"].as_str().expect("segment id").to_owned(),
            s["customers"].as_u64().expect("customers"),
        );
    }
    for seg in SEGMENTS {
        assert_eq!(
            Some(&app[seg]),
            cli.get(seg),
            "{seg}: app vs canal analyze rfm"
        );
    }
    assert!(app.values().sum::<u64>() > 0, "the demo has customers");

    // The download: capture the Blob the app hands to the browser.
    c.execute(
        "window.__canalBlobs = []; const make = URL.createObjectURL;
         URL.createObjectURL = b => { window.__canalBlobs.push(b); return make(b); };",
        vec![],
    )
    .await
    .unwrap();
    browser
        .wait_css("[data-testid=export-rfm]")
        .await
        .click()
        .await
        .unwrap();
    let exported: String = c
        .execute("return window.__canalBlobs[0].text()", vec![])
        .await
        .unwrap()
        .as_str()
        .expect("exported CSV")
        .to_owned();
    assert_eq!(exported.lines().next(), cli_csv.lines().next(), "header");
    assert_eq!(rows_without_key(&exported), rows_without_key(&cli_csv));

    c.execute(
        "document.querySelector('.rfm-grid').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    browser.screenshot("segments-rfm-grid-en").await;
    for name in ["builder", "tiers", "responsiveness", "identity"] {
        tab(&browser, name).await;
        browser.screenshot(&format!("segments-{name}-en")).await;
    }
    let people = attr(c, "[data-testid=identity]", "data-people").await;
    assert!(people.parse::<u64>().unwrap_or(0) > 0, "people: {people}");

    // The builder's live count changes as a NOT is ticked.
    tab(&browser, "builder").await;
    let before = attr(c, "[data-testid=segment-count]", "data-count").await;
    browser
        .wait_css(".rb-cond [data-testid=negate]")
        .await
        .click()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + crate::harness::WAIT;
    loop {
        let after = attr(c, "[data-testid=segment-count]", "data-count").await;
        if after != before {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "count stayed {before}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    open(&browser, "scoring", ".scoring[data-state=ready]").await;
    let scored = attr(c, "[data-testid=score-contacts]", "data-count").await;
    assert!(
        scored.parse::<u64>().unwrap_or(0) > 0,
        "scored contacts: {scored}"
    );
    let staged = attr(c, "[data-testid=stage-count]", "data-count").await;
    assert!(staged.parse::<u64>().is_ok(), "stage count: {staged}");
    browser.screenshot("scoring-en").await;
    c.execute(
        "document.querySelector('.histogram').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    browser.screenshot("scoring-histogram-en").await;

    open(&browser, "pressure", ".pressure[data-state=ready]").await;
    let over = attr(c, "[data-testid=pressure-over]", "data-count").await;
    assert!(over.parse::<u64>().is_ok(), "over pressure: {over}");
    let audience = attr(c, "[data-testid=simulation]", "data-audience").await;
    assert!(
        audience.parse::<u64>().unwrap_or(0) > 0,
        "audience: {audience}"
    );
    browser.screenshot("pressure-en").await;
    c.execute(
        "document.querySelector('[data-testid=simulation]').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    browser.screenshot("pressure-simulation-en").await;

    let locale = browser.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    browser.wait_text("main h1", "Presión").await;
    browser.screenshot("pressure-es").await;
    open(&browser, "scoring", ".scoring[data-state=ready]").await;
    browser.screenshot("scoring-es").await;
    open(
        &browser,
        "segments",
        ".segments[data-state=ready] [data-segment]",
    )
    .await;
    browser.screenshot("segments-rfm-es").await;
    tab(&browser, "builder").await;
    browser.screenshot("segments-builder-es").await;
    browser.close().await;
}

/// A phone: the grid and the builder fit the narrow screen.
#[tokio::test(flavor = "multi_thread")]
async fn phone_workbenches() {
    let server = Server::demo();
    let phone = Browser::phone(390, 844).await;
    log_in(&phone, &server.url).await;
    open(
        &phone,
        "segments",
        ".segments[data-state=ready] [data-segment]",
    )
    .await;
    phone.screenshot("segments-rfm-phone").await;
    tab(&phone, "builder").await;
    phone.screenshot("segments-builder-phone").await;
    open(&phone, "scoring", ".scoring[data-state=ready]").await;
    phone.screenshot("scoring-phone").await;
    open(&phone, "pressure", ".pressure[data-state=ready]").await;
    phone.screenshot("pressure-phone").await;
    // The over-pressure table keeps its three columns in view: the
    // addresses wrap instead of pushing the figures off to the side, in
    // either language.
    for lang in ["en", "es"] {
        phone.set_locale(lang).await;
        phone.scroll_to(".pressure .table-scroll").await;
        let fits = phone
            .client
            .execute(
                "const s = document.querySelector('.pressure .table-scroll');
                 return [s.scrollWidth, s.clientWidth];",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            fits[0].as_f64() <= fits[1].as_f64(),
            "scrolls sideways in {lang}: {fits}"
        );
        phone
            .screenshot(&format!("pressure-table-phone-{lang}"))
            .await;
    }
    open(&phone, "scoring", ".scoring[data-state=ready]").await;
    phone.scroll_to("[data-testid=score-histogram]").await;
    phone.screenshot("scoring-histogram-phone-es").await;
    phone.close().await;
}

/// Logged in, the Pressure page's settings are the server's: an edit is
/// stored by `/api/settings/pressure` (the rules the Push page's sends
/// apply), comes back after a reload, and "Reset to defaults" forgets it
/// on the server too. So does the Scoring screen's model, kept as the
/// workspace's scoring rules (`/api/scoring-rules`), which a browser whose
/// own copy is gone reads back from the server.
#[tokio::test(flavor = "multi_thread")]
async fn pressure_and_scoring_are_kept_on_the_server() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    log_in(&browser, url).await;
    let settings = || async {
        c.execute(
            "return fetch('/api/settings/pressure').then(r => r.json())",
            vec![],
        )
        .await
        .unwrap()
    };
    assert_eq!(
        settings().await["stored"],
        json!(false),
        "the demo starts on defaults"
    );
    open(&browser, "pressure", "[data-testid=pressure-half-life]").await;
    browser
        .change("[data-testid=pressure-half-life]", "7")
        .await;
    let stored = until(Duration::from_secs(30), "the edit stored", || async {
        let s = settings().await;
        (s["stored"] == json!(true)).then_some(s)
    })
    .await;
    assert_eq!(
        stored["config"]["half_life_days"].as_f64(),
        Some(7.0),
        "{stored}"
    );

    // A reload (the data comes from the server again) finds the edit.
    reload_shows(&browser, "[data-testid=pressure-half-life]", "7").await;

    browser
        .client
        .execute(
            "document.querySelector('[data-testid=pressure-reset]').click()",
            vec![],
        )
        .await
        .unwrap();
    until(Duration::from_secs(30), "back to the defaults", || async {
        (settings().await["stored"] == json!(false)).then_some(())
    })
    .await;

    let models = || async {
        c.execute(
            "return fetch('/api/scoring-rules?limit=100').then(r => r.json())
               .then(p => p.items.filter(d => d.name === 'Canal scoring model'))",
            vec![],
        )
        .await
        .unwrap()
    };
    assert_eq!(models().await, json!([]), "the demo keeps no scoring model");
    open(&browser, "scoring", "[data-testid=stage-threshold]").await;
    browser.change("[data-testid=stage-threshold]", "12").await;
    let kept = until(Duration::from_secs(30), "the model stored", || async {
        let m = models().await;
        (m.as_array().map_or(0, Vec::len) == 1).then_some(m)
    })
    .await;
    assert_eq!(
        kept[0]["definition"]["stages"][0]["min_score"].as_f64(),
        Some(12.0),
        "{kept}"
    );

    // With the browser's own copy gone, a reload reads the server's.
    c.execute("localStorage.clear()", vec![]).await.unwrap();
    reload_shows(&browser, "[data-testid=stage-threshold]", "12").await;
    c.execute(
        "document.querySelector('[data-testid=scoring-reset]').click()",
        vec![],
    )
    .await
    .unwrap();
    until(
        Duration::from_secs(30),
        "the model forgotten on the server",
        || async { (models().await == json!([])).then_some(()) },
    )
    .await;
}

/// A pressure document edited by hand on the server (the Push page's sends
/// then stop with `invalid_setting`) is said on the Pressure page, and an
/// edit there mends it; a change the server never gets is said too.
#[tokio::test(flavor = "multi_thread")]
async fn a_pressure_setting_the_server_cannot_read_or_keep_is_said() {
    let mut server = Server::launch_with(true, &[], None);
    let url = server.url.clone();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    log_in(&browser, &url).await;
    server
        .store_setting_by_hand("pressure", r#"{"half_life_days":0}"#)
        .await;
    let settings = || async {
        c.execute(
            "return fetch('/api/settings/pressure').then(r => r.json().then(b => [r.status, b]))",
            vec![],
        )
        .await
        .unwrap()
    };
    assert_eq!(settings().await[0], json!(500));
    open(&browser, "pressure", "[data-testid=pressure-half-life]").await;
    let said = browser
        .wait_text_of("[data-testid=pressure-reset-problem][data-problem=read]")
        .await;
    assert!(
        said.contains("stored pressure settings are invalid"),
        "{said}"
    );
    assert!(said.contains("half_life_days"), "{said}");
    // Said first where the figures are, too: they use the rules shown.
    browser
        .wait_css("[data-testid=pressure-problem-banner]")
        .await;
    browser.screenshot("pressure-invalid-top-en").await;
    browser
        .scroll_to("[data-testid=pressure-reset-problem]")
        .await;
    browser.screenshots_en_es("pressure-invalid").await;
    // The failure is kept whole and written as it is drawn: switching to
    // Spanish rewrites it, up to the server's own words.
    let dicho = browser
        .text_in(
            "es",
            "[data-testid=pressure-reset-problem][data-problem=read]",
        )
        .await;
    assert!(
        dicho.contains("el servidor respondió 500: The workspace's stored pressure settings"),
        "{dicho}"
    );
    browser.set_locale("en").await;

    // An edit replaces the server's document, and the warning goes.
    browser
        .change("[data-testid=pressure-half-life]", "7")
        .await;
    let stored = until(Duration::from_secs(30), "the edit stored", || async {
        let s = settings().await;
        (s[0] == json!(200) && s[1]["stored"] == json!(true)).then_some(s)
    })
    .await;
    assert_eq!(stored[1]["config"]["half_life_days"].as_f64(), Some(7.0));
    until(Duration::from_secs(30), "the warnings gone", || async {
        let gone = c
            .execute(
                "return document.querySelector('[data-testid=pressure-reset-problem], \
                 [data-testid=pressure-problem-banner]') === null",
                vec![],
            )
            .await
            .unwrap();
        (gone == json!(true)).then_some(())
    })
    .await;

    // With the server gone, a change is not kept, and the page says so.
    server.stop();
    browser
        .change("[data-testid=pressure-half-life]", "9")
        .await;
    let said = browser
        .wait_text_of("[data-testid=pressure-reset-problem][data-problem=keep]")
        .await;
    assert!(said.contains("no answer from the server"), "{said}");
    browser.close().await;
}
