//! The drag-in import on an empty server (no login): files picked through
//! the page's file input, parsed in the worker, checked against
//! `canal analyze` on the same files; cancel half-way; reload and find the
//! data again; clear it.

use crate::harness::canal_bin;
use crate::harness::{cdp, until, Browser, Server, TempDir};
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long parsing may take on a busy two-core machine.
const PARSE_WAIT: Duration = Duration::from_secs(180);

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/core/tests/corpus")
        .join(name)
}

/// `canal analyze ARGS… --format json`: the JSON and the stderr lines.
pub(crate) fn analyze(args: &[&str]) -> (Value, Vec<String>) {
    let out = Command::new(canal_bin())
        .arg("analyze")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run canal analyze");
    assert!(
        out.status.success(),
        "canal analyze {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_owned)
        .collect();
    (json, stderr)
}

/// Row errors `canal analyze` reported on stderr (`line N: …`).
fn cli_row_errors(stderr: &[String]) -> usize {
    stderr.iter().filter(|l| l.contains("line ")).count()
}

pub(crate) async fn attr(c: &Client, css: &str, name: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.map_or(0, |v| v.len())
}

/// Picks `files` in the import page's file input and waits for their cards.
pub(crate) async fn pick(browser: &Browser, files: &[&Path]) {
    let input = browser
        .wait_css("input[type=file][data-testid=csv-input]")
        .await;
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    input.send_keys(&paths.join("\n")).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&browser.client, ".import-file").await < files.len() {
        assert!(Instant::now() < deadline, "file cards for {paths:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Confirms the suggested mapping and waits for the job to end; returns
/// the final `data-import-status`.
pub(crate) async fn confirm(browser: &Browser) -> String {
    browser
        .wait_css("[data-testid=import-confirm]")
        .await
        .click()
        .await
        .unwrap();
    let el = browser
        .client
        .wait()
        .at_most(PARSE_WAIT)
        .for_element(Locator::Css(
            "[data-import-status=done], [data-import-status=failed]",
        ))
        .await
        .expect("the import ends");
    el.attr("data-import-status")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The dashboard over all the data: the "all channels" value of `metric`.
pub(crate) async fn dashboard_metric(browser: &Browser, metric: &str) -> f64 {
    let c = &browser.client;
    let period = browser.wait_css("select[data-filter=period]").await;
    period.select_by_value("custom").await.unwrap();
    browser.wait_css("input[data-filter=from]").await;
    browser
        .change("input[data-filter=from]", "1970-01-02")
        .await;
    browser.change("input[data-filter=to]", "2100-01-01").await;
    let css = format!(".kpi-grid [data-metric={metric}][data-channel=all]");
    browser.wait_css(&css).await;
    let v = attr(c, &css, "data-value").await;
    v.parse().unwrap_or_else(|_| panic!("{metric} = {v:?}"))
}

/// The total row of `canal analyze kpis` (the last one).
/// The dashboard's sent, delivered, open and click figures (the whole
/// data, all channels) equal `canal analyze kpis`'s total row in `kpis`.
pub(crate) async fn assert_dashboard_equals(browser: &Browser, kpis: &Value) {
    for metric in ["sent", "delivered"] {
        let app = dashboard_metric(browser, metric).await;
        assert_eq!(
            app,
            cli_total(kpis, metric),
            "{metric}: app vs canal analyze kpis"
        );
    }
    // The CLI rounds rates to 6 decimals.
    for metric in ["open_rate", "click_rate"] {
        let app = dashboard_metric(browser, metric).await;
        let cli = cli_total(kpis, metric);
        assert!(
            (app - cli).abs() <= 5e-7,
            "{metric}: app {app} vs CLI {cli}"
        );
    }
}

pub(crate) fn cli_total(json: &Value, column: &str) -> f64 {
    let rows = json["rows"].as_array().expect("rows");
    let total = rows.last().expect("a total row");
    total[column]
        .as_f64()
        .unwrap_or_else(|| panic!("{column} in {total}"))
}

pub(crate) async fn goto_nav(browser: &Browser, slug: &str) {
    browser
        .wait_css(&format!("nav [data-route={slug}]"))
        .await
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn generated_files_import_match_the_cli_and_survive_a_reload() {
    let dir = TempDir::new("import-demo");
    let status = Command::new(canal_bin())
        .args([
            "demo-data",
            "--contacts",
            "800",
            "--events",
            "40000",
            "--out",
        ])
        .arg(dir.path())
        .status()
        .expect("canal demo-data");
    assert!(status.success());
    let files: Vec<PathBuf> = ["contacts.csv", "events.csv", "orders.csv", "campaigns.csv"]
        .iter()
        .map(|f| dir.path().join(f))
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();

    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    pick(&browser, &refs).await;
    assert_eq!(
        attr(c, ".import-file[data-file='events.csv']", "data-kind").await,
        "events"
    );
    assert_eq!(
        attr(c, ".import-file[data-file='orders.csv']", "data-kind").await,
        "orders"
    );
    browser.screenshot("import-preview-en").await;
    assert_eq!(confirm(&browser).await, "done");
    browser.screenshot("import-done-en").await;

    let paths: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    let mut args = vec!["kpis"];
    args.extend(&paths);
    let (kpis, stderr) = analyze(&args);
    let app_errors: usize = attr(c, "[data-row-errors]", "data-row-errors")
        .await
        .parse()
        .unwrap();
    assert_eq!(app_errors, cli_row_errors(&stderr), "{stderr:?}");
    let events_rows: f64 = attr(c, "tr[data-file='events.csv']", "data-rows-loaded")
        .await
        .parse()
        .unwrap();
    assert!(events_rows > 30_000.0, "{events_rows}");

    goto_nav(&browser, "dashboard").await;
    assert_dashboard_equals(&browser, &kpis).await;
    browser.screenshot("import-dashboard-en").await;

    // A reload restores the data from the browser's storage.
    c.refresh().await.unwrap();
    c.wait()
        .at_most(PARSE_WAIT)
        .for_element(Locator::Css("[data-state=ready]"))
        .await
        .expect("the imported data is back after a reload");
    let sent = dashboard_metric(&browser, "sent").await;
    assert_eq!(sent, cli_total(&kpis, "sent"));

    goto_nav(&browser, "import").await;
    browser.wait_css("[data-testid=import-saved]").await;
    assert_eq!(count(c, "[data-saved-file]").await, 4);
    browser.screenshot("import-saved-en").await;
    let locale = browser.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    browser.wait_text("main h1", "Importar CSV").await;
    browser.screenshot("import-saved-es").await;

    // Clearing forgets it, also after a reload.
    browser
        .wait_css("[data-testid=import-clear]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(count(c, "[data-testid=import-saved]").await, 0);
    c.refresh().await.unwrap();
    goto_nav(&browser, "dashboard").await;
    browser.wait_css("[data-state=empty]").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn awkward_files_report_the_cli_row_errors() {
    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/import", server.url)).await.unwrap();

    // UTF-16 BE events alone: the dashboard's counts are the CLI's.
    let utf16 = corpus("utf16be_events.csv");
    pick(&browser, &[&utf16]).await;
    assert_eq!(confirm(&browser).await, "done");
    let (kpis, stderr) = analyze(&["kpis", utf16.to_str().unwrap()]);
    assert_eq!(
        attr(c, "[data-row-errors]", "data-row-errors").await,
        cli_row_errors(&stderr).to_string()
    );
    goto_nav(&browser, "dashboard").await;
    let sent = dashboard_metric(&browser, "sent").await;
    assert_eq!(sent, cli_total(&kpis, "sent"));

    // Windows-1252, `;`, decimal comma, bad rows; and quoted events with
    // bad rows, together.
    goto_nav(&browser, "import").await;
    let orders = corpus("es_excel_pedidos_cp1252.csv");
    let quotes = corpus("quotes_events.csv");
    pick(&browser, &[&orders, &quotes]).await;
    assert_eq!(
        attr(
            c,
            ".import-file[data-file='es_excel_pedidos_cp1252.csv']",
            "data-kind"
        )
        .await,
        "orders"
    );
    browser.screenshot("import-awkward-preview-en").await;
    assert_eq!(confirm(&browser).await, "done");
    browser.screenshot("import-awkward-errors-en").await;
    let (rfm, rfm_err) = analyze(&["rfm", orders.to_str().unwrap()]);
    let (_, quotes_err) = analyze(&["kpis", quotes.to_str().unwrap()]);
    for (file, stderr) in [
        ("es_excel_pedidos_cp1252.csv", &rfm_err),
        ("quotes_events.csv", &quotes_err),
    ] {
        let app = attr(c, &format!("tr[data-file='{file}']"), "data-errors").await;
        assert_eq!(
            app,
            cli_row_errors(stderr).to_string(),
            "{file}: {stderr:?}"
        );
    }
    let total: usize = attr(c, "[data-row-errors]", "data-row-errors")
        .await
        .parse()
        .unwrap();
    assert_eq!(
        total,
        cli_row_errors(&rfm_err) + cli_row_errors(&quotes_err)
    );
    assert!(total > 0, "these files have bad rows");
    // Orders loaded = the orders RFM counted (frequency counts rows).
    let frequency: f64 = rfm["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["frequency"].as_f64().unwrap())
        .sum();
    let loaded = attr(
        c,
        "tr[data-file='es_excel_pedidos_cp1252.csv']",
        "data-rows-loaded",
    )
    .await;
    assert_eq!(loaded.parse::<f64>().unwrap(), frequency);
    browser.close().await;

    let phone = Browser::phone(390, 844).await;
    phone
        .client
        .goto(&format!("{}/import", server.url))
        .await
        .unwrap();
    pick(&phone, &[&orders]).await;
    phone.screenshot("import-preview-phone").await;
    phone.close().await;
}

/// The dedicated workers running in the browser (DevTools' target ids).
pub(crate) async fn workers(c: &Client) -> BTreeSet<String> {
    let targets = cdp(c, "Target.getTargets", serde_json::json!({}))
        .await
        .expect("Target.getTargets");
    targets["targetInfos"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["type"] == "worker")
        .filter_map(|t| t["targetId"].as_str().map(str::to_owned))
        .collect()
}

/// The import screen's drop zone once its two idle workers are warm.
pub(crate) const WARM_WORKERS: &str = ".import-drop[data-warm-workers='2']";

/// Waits until two warm workers are idle and none of them is one of
/// `used`: a worker that served a job (or was cancelled) never serves
/// another.
pub(crate) async fn two_fresh_warm_workers(browser: &Browser, used: &BTreeSet<String>) {
    browser.wait_css(WARM_WORKERS).await;
    until(
        Duration::from_secs(10),
        "two fresh warm workers, none of them used before",
        || async {
            let now = workers(&browser.client).await;
            (now.len() == 2 && now.is_disjoint(used)).then_some(())
        },
    )
    .await;
}

/// Writes a quoted event CSV of about `mb` megabytes.
fn big_events(path: &Path, mb: usize) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "email,event,timestamp,channel,campaign").unwrap();
    let mut written = 0;
    let mut i = 0u64;
    while written < mb << 20 {
        let line = format!(
            "\"user{}@example.com\",\"{}\",2024-03-{:02}T10:{:02}:00Z,email,\"spring, {}\"\n",
            i % 50_000,
            ["sent", "delivered", "open", "click"][(i % 4) as usize],
            1 + i % 28,
            i % 60,
            i % 7
        );
        w.write_all(line.as_bytes()).unwrap();
        written += line.len();
        i += 1;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_big_import_can_be_cancelled_half_way() {
    let dir = TempDir::new("import-big");
    let big = dir.path().join("big_events.csv");
    big_events(&big, 160);
    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    // The screen warms two workers as it opens; they are all there are.
    browser.wait_css(WARM_WORKERS).await;
    let warm = workers(c).await;
    assert_eq!(warm.len(), 2, "{warm:?}");
    pick(&browser, &[&big]).await;
    browser
        .wait_css("[data-testid=import-confirm]")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_css("[data-import-status=parsing]").await;
    // Half-way: some bytes read, not all.
    let deadline = Instant::now() + PARSE_WAIT;
    loop {
        let bytes: u64 = match c
            .find(Locator::Css("[data-import-status=parsing] [data-bytes]"))
            .await
        {
            Ok(el) => el
                .attr("data-bytes")
                .await
                .ok()
                .flatten()
                .and_then(|b| b.parse().ok())
                .unwrap_or(0),
            Err(_) => panic!("the import ended before it could be cancelled"),
        };
        if bytes > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "no progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A file this large is read by two workers: the two warm ones, and no
    // other is warmed meanwhile.
    assert_eq!(workers(c).await, warm);
    assert_eq!(
        attr(c, ".import-drop", "data-warm-workers").await,
        "0",
        "the warm workers are the job's"
    );
    browser.screenshot("import-parsing-en").await;
    browser
        .wait_css("[data-testid=import-cancel]")
        .await
        .click()
        .await
        .unwrap();
    let status = browser.wait_css("[data-import-status=failed]").await;
    assert_eq!(
        status.attr("data-cancelled").await.unwrap().as_deref(),
        Some("true")
    );
    browser.screenshot("import-cancelled-en").await;
    // Cancelling ends both; two fresh workers are warmed in their place
    // (a used worker never serves another job).
    two_fresh_warm_workers(&browser, &warm).await;
    // The file is still listed, and nothing was loaded.
    assert_eq!(count(c, ".import-file").await, 1);
    goto_nav(&browser, "dashboard").await;
    browser.wait_css("[data-state=empty]").await;
    browser.close().await;
}

/// Contacts on the Scoring page: every person of the loaded data.
async fn scored_contacts(browser: &Browser) -> usize {
    goto_nav(browser, "scoring").await;
    let el = browser
        .wait_css("[data-testid=score-contacts][data-count]")
        .await;
    el.attr("data-count")
        .await
        .unwrap()
        .unwrap_or_default()
        .parse()
        .unwrap()
}

/// The `[data-saved-file]` names, in order.
async fn kept_files(browser: &Browser) -> Vec<String> {
    browser.wait_css("[data-testid=import-saved]").await;
    let mut names = Vec::new();
    for el in browser
        .client
        .find_all(Locator::Css("[data-saved-file]"))
        .await
        .unwrap()
    {
        names.push(
            el.attr("data-saved-file")
                .await
                .unwrap()
                .unwrap_or_default(),
        );
    }
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn files_dropped_one_after_the_other_accumulate_and_survive_a_reload() {
    let dir = TempDir::new("import-accumulate");
    let status = Command::new(canal_bin())
        .args([
            "demo-data",
            "--contacts",
            "300",
            "--events",
            "8000",
            "--out",
        ])
        .arg(dir.path())
        .status()
        .expect("canal demo-data");
    assert!(status.success());
    let contacts = dir.path().join("contacts.csv");
    let events = dir.path().join("events.csv");
    let orders = dir.path().join("orders.csv");
    let (kpis, _) = analyze(&["kpis", contacts.to_str().unwrap(), events.to_str().unwrap()]);

    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;

    // Both files in one drop: the reference figures.
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    pick(&browser, &[&contacts, &events]).await;
    assert_eq!(confirm(&browser).await, "done");
    let people_at_once = scored_contacts(&browser).await;
    goto_nav(&browser, "import").await;
    browser
        .wait_css("[data-testid=import-clear]")
        .await
        .click()
        .await
        .unwrap();

    // Contacts, then events in a second drop: added, not replaced.
    pick(&browser, &[&contacts]).await;
    assert_eq!(confirm(&browser).await, "done");
    assert_eq!(kept_files(&browser).await, ["contacts.csv"]);
    pick(&browser, &[&events]).await;
    assert_eq!(attr(c, ".import-mode", "data-mode").await, "add");
    browser.screenshot("import-add-mode-en").await;
    assert_eq!(confirm(&browser).await, "done");
    assert_eq!(kept_files(&browser).await, ["contacts.csv", "events.csv"]);
    browser.screenshot("import-several-files-en").await;
    assert_eq!(scored_contacts(&browser).await, people_at_once);
    goto_nav(&browser, "dashboard").await;
    let sent = dashboard_metric(&browser, "sent").await;
    assert_eq!(sent, cli_total(&kpis, "sent"));

    // The same events file again replaces its copy: nothing counts twice.
    goto_nav(&browser, "import").await;
    pick(&browser, &[&events]).await;
    assert_eq!(confirm(&browser).await, "done");
    assert_eq!(kept_files(&browser).await, ["contacts.csv", "events.csv"]);
    goto_nav(&browser, "dashboard").await;
    assert_eq!(dashboard_metric(&browser, "sent").await, sent);

    // Orders add to both.
    goto_nav(&browser, "import").await;
    pick(&browser, &[&orders]).await;
    assert_eq!(confirm(&browser).await, "done");
    assert_eq!(
        kept_files(&browser).await,
        ["contacts.csv", "events.csv", "orders.csv"]
    );

    // A reload (of the dashboard) brings every file back, merged.
    goto_nav(&browser, "dashboard").await;
    c.refresh().await.unwrap();
    c.wait()
        .at_most(PARSE_WAIT)
        .for_element(Locator::Css("[data-state=ready]"))
        .await
        .expect("the imported data is back after a reload");
    assert_eq!(dashboard_metric(&browser, "sent").await, sent);
    assert_eq!(scored_contacts(&browser).await, people_at_once);
    goto_nav(&browser, "import").await;
    assert_eq!(
        kept_files(&browser).await,
        ["contacts.csv", "events.csv", "orders.csv"]
    );
    browser.screenshot("import-kept-files-en").await;

    // In Spanish, with a file with bad rows: the reasons are Spanish.
    let locale = browser.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    browser.wait_text("main h1", "Importar CSV").await;
    let quotes = corpus("quotes_events.csv");
    pick(&browser, &[&quotes]).await;
    browser.screenshot("import-add-mode-es").await;
    assert_eq!(confirm(&browser).await, "done");
    let mut reasons = Vec::new();
    for el in c
        .find_all(Locator::Css("td[data-reason-kind]"))
        .await
        .unwrap()
    {
        reasons.push(el.text().await.unwrap());
    }
    assert!(!reasons.is_empty(), "the file has bad rows");
    for r in &reasons {
        for english in [
            "cannot",
            "unknown",
            "missing",
            "the row",
            "no column",
            "a quoted",
        ] {
            assert!(!r.starts_with(english), "untranslated: {r}");
        }
    }
    browser.screenshot("import-errors-es").await;

    // Removing one file keeps the others.
    browser
        .wait_css("[data-saved-file='orders.csv'] [data-testid=import-remove-saved]")
        .await
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + PARSE_WAIT;
    while count(c, "[data-saved-file]").await != 3 {
        assert!(Instant::now() < deadline, "orders.csv removed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        kept_files(&browser).await,
        ["contacts.csv", "events.csv", "quotes_events.csv"]
    );
    browser.screenshot("import-kept-files-es").await;
    browser.close().await;

    let phone = Browser::phone(390, 844).await;
    phone
        .client
        .goto(&format!("{}/import", server.url))
        .await
        .unwrap();
    // A fresh browser: two drops, then a third file waiting.
    pick(&phone, &[&contacts]).await;
    assert_eq!(confirm(&phone).await, "done");
    pick(&phone, &[&events]).await;
    assert_eq!(confirm(&phone).await, "done");
    pick(&phone, &[&orders]).await;
    phone.screenshot("import-kept-files-phone").await;
    phone
        .client
        .execute(
            "document.querySelector('[data-testid=import-saved]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    phone.screenshot("import-kept-files-phone-list").await;
    phone.close().await;
}

/// Keys that are one person (a phone written two ways, an e-mail in angle
/// brackets) merge at the end of the worker's job, after their event rows
/// have left its memory: the staged rows must follow the people map (an
/// unmapped id would be refused by the page as out of range).
#[tokio::test(flavor = "multi_thread")]
async fn events_of_keys_that_merge_follow_their_person() {
    let dir = TempDir::new("import-merge");
    let events = dir.path().join("merging.csv");
    std::fs::write(
        &events,
        "email,event,timestamp\n\
         bo@x.com,sent,2024-03-01\n\
         +34600111222,sent,2024-03-02\n\
         ana@x.com,open,2024-03-03\n\
         +34 600 111 222,sent,2024-03-04\n\
         <ana@x.com>,sent,2024-03-05\n",
    )
    .unwrap();
    let (kpis, _) = analyze(&["kpis", events.to_str().unwrap()]);
    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    browser
        .client
        .goto(&format!("{}/import", server.url))
        .await
        .unwrap();
    pick(&browser, &[&events]).await;
    assert_eq!(confirm(&browser).await, "done");
    let c = &browser.client;
    assert_eq!(attr(c, "[data-rows-loaded]", "data-rows-loaded").await, "5");
    // Five keys, three people.
    assert_eq!(scored_contacts(&browser).await, 3);
    goto_nav(&browser, "dashboard").await;
    let sent = dashboard_metric(&browser, "sent").await;
    assert_eq!(sent, cli_total(&kpis, "sent"));
    browser.close().await;
}
