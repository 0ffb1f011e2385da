//! The import benchmark (SPEC §9 targets; figures in BENCHMARKS.md): one
//! quoted event CSV parsed from a `File` by Canal's worker and by PapaParse
//! (from npm, injected into the same page) in the same headless Chromium,
//! with the row counts checked equal.
//!
//! `CANAL_BENCH_MB=100` sets the file size (default 8 MB, so `./test`
//! stays quick); the figures are printed, never asserted: machines differ.

use crate::harness::{Browser, Server, TempDir};
use fantoccini::Locator;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Writes a quoted event CSV of at least `mb` MiB; returns its data rows.
fn quoted_events(path: &Path, mb: usize, keys: u64) -> u64 {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    w.write_all(b"\"email\",\"event\",\"timestamp\",\"channel\",\"campaign\",\"value\"\n")
        .unwrap();
    let kinds = ["sent", "delivered", "open", "click", "purchase"];
    let channels = ["email", "sms", "web_push", "app_push"];
    let (mut written, mut rows) = (0usize, 0u64);
    while written < mb << 20 {
        let i = rows;
        let line = format!(
            "\"user{}@example.com\",\"{}\",\"2024-{:02}-{:02}T{:02}:{:02}:{:02}Z\",\"{}\",\"Spring sale, week {}\",\"{}\"\n",
            i.wrapping_mul(2_654_435_761) % keys,
            kinds[(i % 5) as usize],
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60,
            (i / 60) % 60,
            channels[(i % 4) as usize],
            i % 9,
            if i % 5 == 4 { "19.90" } else { "" },
        );
        w.write_all(line.as_bytes()).unwrap();
        written += line.len();
        rows += 1;
    }
    rows
}

async fn num(browser: &Browser, css: &str, name: &str) -> f64 {
    let el = browser.wait_css(css).await;
    let v = el.attr(name).await.unwrap().unwrap_or_default();
    v.parse().unwrap_or_else(|_| panic!("{css} {name} = {v:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn import_benchmark_against_papaparse() {
    let mb: usize = std::env::var("CANAL_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let dir = TempDir::new("import-bench");
    let file = dir.path().join("quoted_events.csv");
    let keys: u64 = std::env::var("CANAL_BENCH_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let rows = quoted_events(&file, mb, keys);
    let size = std::fs::metadata(&file).unwrap().len() as f64;
    let papa_src = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/papaparse/papaparse.min.js"),
    )
    .expect("npm ci installs papaparse (package.json)");

    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/import", server.url)).await.unwrap();

    // Canal: the page's own input, the worker, the suggested mapping.
    let input = browser
        .wait_css("input[type=file][data-testid=csv-input]")
        .await;
    input.send_keys(&file.display().to_string()).await.unwrap();
    browser
        .wait_css("[data-testid=import-confirm]")
        .await
        .click()
        .await
        .unwrap();
    let done = c
        .wait()
        .at_most(Duration::from_secs(600))
        .for_element(Locator::Css("[data-import-status=done]"))
        .await
        .expect("the import finishes");
    drop(done);
    let css = "[data-import-status=done]";
    let parse_ms = num(&browser, css, "data-parse-ms").await;
    let memory = num(&browser, css, "data-worker-memory").await;
    let event_rows = num(&browser, css, "data-event-rows").await;
    let event_bytes = num(&browser, css, "data-event-bytes").await;
    assert_eq!(event_rows as u64, rows, "Canal loaded every row");

    // PapaParse: the same file through a second input, streamed in chunks
    // on the page (its worker mode needs a script URL this page does not
    // serve). WebDriver scripts run outside the page's CSP.
    c.execute(
        "const i = document.createElement('input'); i.type = 'file'; i.id = 'papa-input';
         document.body.appendChild(i);",
        vec![],
    )
    .await
    .unwrap();
    let papa_input = browser.wait_css("#papa-input").await;
    papa_input
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    let script = format!(
        "const done = arguments[arguments.length - 1];
         (function () {{ var module = {{ exports: {{}} }}; var exports = module.exports;
           {papa_src}
           window.Papa = module.exports; }})();
         const file = document.getElementById('papa-input').files[0];
         let rows = 0;
         const t0 = performance.now();
         Papa.parse(file, {{
           header: false, skipEmptyLines: true,
           chunk: (r) => {{ rows += r.data.length; }},
           complete: () => done({{ ms: performance.now() - t0, rows: rows - 1 }}),
           error: (e) => done({{ error: String(e) }}),
         }});"
    );
    let papa = c.execute_async(&script, vec![]).await.unwrap();
    assert_eq!(
        papa["rows"],
        json!(rows),
        "PapaParse read every row: {papa}"
    );
    let papa_ms = papa["ms"].as_f64().unwrap();

    let mbs = |ms: f64| size / 1e6 / (ms / 1e3);
    println!(
        "import bench: {:.1} MB, {rows} rows | Canal worker {parse_ms:.0} ms = {:.0} MB/s | \
         PapaParse {papa_ms:.0} ms = {:.0} MB/s | Canal/PapaParse {:.2}x | \
         worker Wasm memory {:.1} B/row | resident event columns {:.1} B/row",
        size / 1e6,
        mbs(parse_ms),
        mbs(papa_ms),
        papa_ms / parse_ms,
        memory / rows as f64,
        event_bytes / rows as f64,
    );
    browser.close().await;
}
