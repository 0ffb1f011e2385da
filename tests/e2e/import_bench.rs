//! The import benchmark (SPEC §9 targets; figures in BENCHMARKS.md): one
//! quoted event CSV parsed from a `File` by Canal's worker and by PapaParse
//! (from npm, injected into the same page) in the same headless Chromium,
//! with the row counts checked equal.
//!
//! `CANAL_BENCH_MB=100` sets the file size (default 8 MB, so `./test`
//! stays quick); the figures are printed, never asserted: machines differ.
//! Besides the import screen, the worker is also driven directly so that
//! its messages time the stages (start-up, the parse chunk by chunk, the
//! encode and transfer), a JS worker times reading the file alone, and
//! uDSV (npm) joins PapaParse as a peer. `CANAL_BENCH_PEERS=0` skips the
//! peers (e.g. for a 1 GB file); `CANAL_BENCH_CHROME_FLAGS` adds Chromium
//! flags; the peak resident memory of the browser's processes is sampled
//! throughout. The import screen's timing starts once its two workers are
//! warm (`CANAL_BENCH_WARM=0`: at once, for a build without warm workers,
//! e.g. the old code's `CANAL_DIST` in a before/after comparison).

use crate::harness::{Browser, Server, TempDir};
use crate::import::WARM_WORKERS;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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

/// Resident memory of this process's descendants (chromedriver, Chromium
/// and its children) in KiB: (all together, the largest renderer, which
/// also runs the page's workers).
fn browser_rss() -> (u64, u64) {
    let mut parent = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // The command name may hold spaces: the fields start after ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent.push((pid, ppid));
        }
    }
    let mut tree = vec![std::process::id()];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parent.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    let (mut total, mut renderer) = (0, 0);
    for pid in tree.into_iter().skip(1) {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        total += kb;
        let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmd).contains("--type=renderer") {
            renderer = renderer.max(kb);
        }
    }
    (total, renderer)
}

/// CPU time (user + system) of this process's descendants that are
/// renderers (the page, its workers and their compiler threads), in ms; a
/// finished thread's time stays in its process's count.
fn renderer_cpu_ms() -> f64 {
    let mut ms = 0.0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if !String::from_utf8_lossy(&cmd).contains("--type=renderer") {
            continue;
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        // utime and stime are fields 14 and 15, in clock ticks (100 a second).
        let ticks = |i: usize| fields.get(i - 3).and_then(|v| v.parse::<f64>().ok());
        ms += (ticks(14).unwrap_or(0.0) + ticks(15).unwrap_or(0.0)) * 10.0;
    }
    ms
}

/// Samples [`browser_rss`] every 50 ms and keeps the peaks.
struct Peak {
    stop: Arc<AtomicBool>,
    peak: Arc<Mutex<(u64, u64)>>,
}

impl Peak {
    fn start() -> Peak {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(Mutex::new((0, 0)));
        let (s, p) = (stop.clone(), peak.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let (t, r) = browser_rss();
                let mut m = p.lock().unwrap();
                *m = (m.0.max(t), m.1.max(r));
                drop(m);
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        Peak { stop, peak }
    }

    /// The peaks so far in MB, and starts over.
    fn take(&self) -> (f64, f64) {
        let mut m = self.peak.lock().unwrap();
        let out = (m.0 as f64 / 1024.0, m.1 as f64 / 1024.0);
        *m = (0, 0);
        out
    }
}

impl Drop for Peak {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Runs the import worker on the file of `#papa-input` with the page's
/// own job format and resolves with the time of every message.
const DIRECT_WORKER: &str = r#"
const done = arguments[arguments.length - 1];
const file = document.getElementById('papa-input').files[0];
const job = { files: [{ name: file.name, size: file.size, options: {} }], chunk_bytes: 8 << 20 };
const t0 = performance.now();
const marks = [];
const w = new Worker('/canal-worker_loader.js');
w.onerror = (e) => done({ error: String(e.message || e) });
w.onmessage = (ev) => {
  const msg = JSON.parse(ev.data[0]);
  const t = performance.now() - t0;
  if (msg.type === 'ready') {
    marks.push(['ready', t]);
    w.postMessage([JSON.stringify(job), file]);
  } else if (msg.type === 'progress') {
    marks.push(['progress', t, msg.bytes]);
  } else {
    const image = ev.data[1] ? ev.data[1].byteLength : 0;
    done({ type: msg.type, marks, t, parse_ms: msg.parse_ms, memory: msg.memory_bytes, image, reason: msg.reason, phases: msg.phases, steps: msg.steps, rows: msg.reports ? msg.reports[0].report.rows_loaded : 0 });
    w.terminate();
  }
};
"#;

/// Runs two import workers on the file of `#papa-input` as the import page
/// does for a large event file (cut at the first line start after the
/// middle; the second part's message handed to the first) and resolves
/// with the time of every message of both.
const TWO_WORKERS: &str = r#"
const done = arguments[arguments.length - 1];
const file = document.getElementById('papa-input').files[0];
(async () => {
  const t0 = performance.now();
  const head = new TextDecoder().decode(await file.slice(0, 4096).arrayBuffer());
  const headers = head.split('\n')[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
  const from = Math.floor(file.size / 2) - 1;
  const window = new Uint8Array(await file.slice(from, from + 65536).arrayBuffer());
  const cut = from + window.indexOf(10) + 1;
  const spec = { name: file.name, size: file.size, options: { kind: 'events' } };
  const jobs = [
    { files: [spec], chunk_bytes: 8 << 20, part: { type: 'first', cut } },
    { files: [spec], chunk_bytes: 8 << 20, part: { type: 'rest', cut, headers } },
  ];
  const marks = [[], []];
  const ws = [0, 1].map(() => new Worker('/canal-worker_loader.js'));
  let second = null;
  ws.forEach((w, k) => {
    w.onerror = (e) => done({ error: String(e.message || e) });
    w.onmessage = (ev) => {
      const msg = JSON.parse(ev.data[0]);
      const t = performance.now() - t0;
      if (msg.type === 'ready') {
        marks[k].push(['ready', t]);
        w.postMessage([JSON.stringify(jobs[k]), file]);
      } else if (msg.type === 'progress') {
        marks[k].push(['progress', t, msg.bytes]);
      } else if (msg.type === 'part_done') {
        second = { t, parse_ms: msg.parse_ms, memory: msg.memory_bytes };
        const transfer = [...ev.data].slice(1).map((a) => a.buffer);
        ws[0].postMessage(ev.data, transfer);
        w.terminate();
      } else {
        done({ type: msg.type, cut, marks, second, t, parse_ms: msg.parse_ms, memory: msg.memory_bytes,
               reason: msg.reason, phases: msg.phases, steps: msg.steps,
               rows: msg.reports ? msg.reports[0].report.rows_loaded : 0 });
        ws.forEach((w) => w.terminate());
      }
    };
  });
})().catch((e) => done({ error: String(e) }));
"#;

/// Reads the file of `#papa-input` in 8 MiB slices with `FileReaderSync`
/// in a worker and does nothing else: the floor under any parser there.
const READ_ONLY_WORKER: &str = r#"
const done = arguments[arguments.length - 1];
const file = document.getElementById('papa-input').files[0];
const src = `onmessage = (e) => {
  const f = e.data, r = new FileReaderSync(), t0 = performance.now();
  let n = 0;
  for (let at = 0; at < f.size; at += 8 << 20) {
    n += r.readAsArrayBuffer(f.slice(at, Math.min(at + (8 << 20), f.size))).byteLength;
  }
  postMessage({ ms: performance.now() - t0, n });
};`;
const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
w.onerror = (e) => done({ error: String(e.message || e) });
w.onmessage = (ev) => { done(ev.data); w.terminate(); };
w.postMessage(file);
"#;

/// Reads the file of `#papa-input` with `Blob.arrayBuffer` in 8 MiB slices
/// (one read ahead, as the Canal worker reads) in `arguments[0]` JS workers
/// at once, each its share of the file, doing nothing else; or, with
/// `arguments[1]` true, through a BYOB stream into one reused 1 MiB buffer,
/// as the Canal worker reads since session 21: the floor under the import's
/// reading with one or two workers.
const READ_IN_WORKERS: &str = r#"
const done = arguments[arguments.length - 1];
const n = arguments[0];
const file = document.getElementById('papa-input').files[0];
const src = `onmessage = async (e) => {
  const [f, from, to, byob] = e.data;
  let n = 0, at = from;
  if (byob) {
    const reader = f.slice(from, to).stream().getReader({ mode: 'byob' });
    let buf = new ArrayBuffer(1 << 20);
    for (;;) {
      const r = await reader.read(new Uint8Array(buf));
      if (r.value) { buf = r.value.buffer; n += r.value.byteLength; }
      if (r.done) break;
    }
    postMessage(n);
    return;
  }
  let next = at < to ? f.slice(at, Math.min(at + (8 << 20), to)).arrayBuffer() : null;
  while (next) {
    const b = await next;
    at = Math.min(at + (8 << 20), to);
    next = at < to ? f.slice(at, Math.min(at + (8 << 20), to)).arrayBuffer() : null;
    n += b.byteLength;
  }
  postMessage(n);
};`;
const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
const t0 = performance.now();
let left = n, bytes = 0;
for (let k = 0; k < n; k++) {
  const w = new Worker(url);
  w.onerror = (e) => done({ error: String(e.message || e) });
  w.onmessage = (ev) => {
    bytes += ev.data;
    w.terminate();
    if (--left === 0) done({ ms: performance.now() - t0, bytes });
  };
  w.postMessage([file, Math.floor(file.size * k / n), Math.floor(file.size * (k + 1) / n), arguments[1]]);
}
"#;

async fn num(browser: &Browser, css: &str, name: &str) -> f64 {
    let el = browser.wait_css(css).await;
    let v = el.attr(name).await.unwrap().unwrap_or_default();
    v.parse().unwrap_or_else(|_| panic!("{css} {name} = {v:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn import_benchmark_against_papaparse() {
    let env = |name: &str, default: u64| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mb = env("CANAL_BENCH_MB", 8) as usize;
    let keys = env("CANAL_BENCH_KEYS", 200_000);
    let peers = env("CANAL_BENCH_PEERS", 1) != 0;
    let warm = env("CANAL_BENCH_WARM", 1) != 0;
    let dir = TempDir::new("import-bench");
    let file = dir.path().join("quoted_events.csv");
    let rows = quoted_events(&file, mb, keys);
    let size = std::fs::metadata(&file).unwrap().len() as f64;
    let npm = |path: &str| {
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path))
            .unwrap_or_else(|_| panic!("npm ci installs {path} (package.json)"))
    };
    let papa_src = npm("node_modules/papaparse/papaparse.min.js");
    let udsv_src = npm("node_modules/udsv/dist/uDSV.iife.min.js");
    let mbs = |ms: f64| size / 1e6 / (ms / 1e3);

    let server = Server::start();
    let peak = Peak::start();
    // e.g. `--js-flags=--no-wasm-dynamic-tiering`, to see what the engine's
    // tiers cost.
    let flags: Vec<String> = std::env::var("CANAL_BENCH_CHROME_FLAGS")
        .map(|f| f.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let browser = Browser::launch_with(1280, 800, false, flags).await;
    let c = &browser.client;
    c.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
        Some(Duration::from_secs(1200)),
        Some(Duration::from_secs(300)),
        None,
    ))
    .await
    .unwrap();
    let opened = std::time::Instant::now();
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    // The screen warms two workers as it opens: the timing starts once they
    // are (the warm-up is not in `parse_ms`; BENCHMARKS.md says so).
    if warm {
        browser.wait_css(WARM_WORKERS).await;
    }
    let warm_after = opened.elapsed().as_secs_f64() * 1e3;
    // Peaks from the start (the page and, now, its warm workers).
    let (idle_total, idle_renderer) = peak.take();

    // Canal: the page's own input, the worker, the suggested mapping.
    let input = browser
        .wait_css("input[type=file][data-testid=csv-input]")
        .await;
    input.send_keys(&file.display().to_string()).await.unwrap();
    let confirm = browser.wait_css("[data-testid=import-confirm]").await;
    let page_before: f64 = confirm
        .attr("data-page-memory")
        .await
        .unwrap()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    drop(confirm);
    // From the click to the import's outcome on the page: what the user
    // waits for, past the worker's `parse_ms` (the start of the job, the
    // page's merge of the image and the render of the data).
    let waited = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const outcome = () => document.querySelector('[data-import-status=done], [data-import-status=failed]');
             const t0 = performance.now();
             const seen = new MutationObserver(() => {
                 if (outcome()) { seen.disconnect(); done(performance.now() - t0); }
             });
             seen.observe(document.body, { subtree: true, childList: true, attributes: true });
             document.querySelector('[data-testid=import-confirm]').click();",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    let css = "[data-import-status=done]";
    browser.wait_css(css).await;
    let parse_ms = num(&browser, css, "data-parse-ms").await;
    let memory = num(&browser, css, "data-worker-memory").await;
    let event_rows = num(&browser, css, "data-event-rows").await;
    let event_bytes = num(&browser, css, "data-event-bytes").await;
    let page_after = num(&browser, css, "data-page-memory").await;
    assert_eq!(event_rows as u64, rows, "Canal loaded every row");
    let (ui_total, ui_renderer) = peak.take();
    println!(
        "import bench: {:.1} MB, {rows} rows | Canal worker (import screen) {parse_ms:.0} ms = {:.0} MB/s | \
         worker Wasm memory {:.1} B/row | page Wasm memory {:.1} → {:.1} MB, +{:.1} B/row | resident event columns {:.1} B/row | \
         browser RSS idle {idle_total:.0} MB (renderer {idle_renderer:.0}), peak during import {ui_total:.0} MB (renderer {ui_renderer:.0}) | \
         two warm workers {warm_after:.0} ms after navigation began | confirm click to the data shown {waited:.0} ms",
        size / 1e6,
        mbs(parse_ms),
        memory / rows as f64,
        page_before / 1e6,
        page_after / 1e6,
        (page_after - page_before) / rows as f64,
        event_bytes / rows as f64,
    );

    // The used workers are replaced once the import is over: the runs
    // below start when their warm-up is done.
    if warm {
        browser.wait_css(WARM_WORKERS).await;
    }

    // The same file through a second input, for the runs below. WebDriver
    // scripts run outside the page's CSP.
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

    // Two workers driven directly, as the page drives them.
    let cpu_before = renderer_cpu_ms();
    let two = c.execute_async(TWO_WORKERS, vec![]).await.unwrap();
    let two_cpu = renderer_cpu_ms() - cpu_before;
    assert_eq!(two["type"], json!("done"), "{two}");
    assert_eq!(two["rows"], json!(rows), "{two}");
    let last = |k: usize| {
        let m = two["marks"][k].as_array().unwrap();
        let at = |i: usize| m[i][1].as_f64().unwrap();
        (at(0), at(m.len() - 1))
    };
    let ((ready0, read0), (ready1, read1)) = (last(0), last(1));
    let total = two["t"].as_f64().unwrap();
    println!(
        "import bench, two workers driven directly (cut at byte {}): ready {ready0:.0} / {ready1:.0} ms, \
         last progress {read0:.0} / {read1:.0} ms (second part's parse_ms {:.0}), second part handed on at {:.0} ms, \
         done at {total:.0} ms; the first worker's parse_ms {:.0} ms = {:.0} MB/s; worker memory {:.1} / {:.1} B/row; \
         renderer CPU {two_cpu:.0} ms",
        two["cut"],
        two["second"]["parse_ms"].as_f64().unwrap_or(f64::NAN),
        two["second"]["t"].as_f64().unwrap_or(f64::NAN),
        two["parse_ms"].as_f64().unwrap_or(f64::NAN),
        mbs(two["parse_ms"].as_f64().unwrap_or(f64::NAN)),
        two["memory"].as_f64().unwrap_or(f64::NAN) / rows as f64,
        two["second"]["memory"].as_f64().unwrap_or(f64::NAN) / rows as f64,
    );
    let step_list = |v: &serde_json::Value| -> String {
        v["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                format!(
                    "{} {:.0} ms",
                    s[0].as_str().unwrap_or(""),
                    s[1].as_f64().unwrap_or(0.0)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "import bench, first of two workers, steps: {}",
        step_list(&two)
    );
    for p in two["phases"].as_array().into_iter().flatten() {
        println!(
            "import bench, first of two workers, memory: {:>6.1} MB after {}",
            p[1].as_f64().unwrap_or(0.0) / 1e6,
            p[0].as_str().unwrap_or("")
        );
    }

    // The worker driven directly: where its time goes.
    let cpu_before = renderer_cpu_ms();
    let direct = c.execute_async(DIRECT_WORKER, vec![]).await.unwrap();
    let direct_cpu = renderer_cpu_ms() - cpu_before;
    assert_eq!(direct["type"], json!("done"), "{direct}");
    assert_eq!(direct["rows"], json!(rows), "{direct}");
    let marks = direct["marks"].as_array().unwrap();
    let at = |k: usize| marks[k][1].as_f64().unwrap();
    let ready = at(0);
    let last = at(marks.len() - 1);
    let total = direct["t"].as_f64().unwrap();
    let steps: Vec<f64> = (1..marks.len()).map(|k| at(k) - at(k - 1)).collect();
    let mut sorted = steps.clone();
    sorted.sort_by(f64::total_cmp);
    let (direct_total, direct_renderer) = peak.take();
    println!(
        "import bench, worker driven directly: start-up {ready:.0} ms, ready to last progress {:.0} ms \
         ({} chunks of 8 MiB: first {:.0} ms, median {:.0} ms, max {:.0} ms), last progress to done \
         (finish, encode {:.1} MB, transfer) {:.0} ms; the worker's parse_ms {:.0} ms = {:.0} MB/s; \
         browser RSS peak {direct_total:.0} MB (renderer {direct_renderer:.0}); renderer CPU {direct_cpu:.0} ms",
        last - ready,
        steps.len(),
        steps.first().copied().unwrap_or(0.0),
        sorted.get(sorted.len() / 2).copied().unwrap_or(0.0),
        sorted.last().copied().unwrap_or(0.0),
        direct["image"].as_f64().unwrap_or(0.0) / 1e6,
        total - last,
        direct["parse_ms"].as_f64().unwrap_or(0.0),
        mbs(direct["parse_ms"].as_f64().unwrap_or(1.0)),
    );
    println!(
        "import bench, worker driven directly, steps: {}",
        step_list(&direct)
    );
    if let Some(phases) = direct["phases"].as_array() {
        for p in phases {
            println!(
                "import bench, worker memory: {:>6.1} B/row = {:>6.1} MB after {}",
                p[1].as_f64().unwrap_or(0.0) / rows as f64,
                p[1].as_f64().unwrap_or(0.0) / 1e6,
                p[0].as_str().unwrap_or("")
            );
        }
    }
    let read = c.execute_async(READ_ONLY_WORKER, vec![]).await.unwrap();
    let read_ms = read["ms"].as_f64().unwrap_or(f64::NAN);
    println!(
        "import bench: reading alone (FileReaderSync, 8 MiB slices, JS worker) {read_ms:.0} ms = {:.0} MB/s",
        mbs(read_ms)
    );
    for (n, byob) in [(1, false), (2, false), (1, true), (2, true)] {
        let read = c
            .execute_async(READ_IN_WORKERS, vec![json!(n), json!(byob)])
            .await
            .unwrap();
        assert_eq!(read["bytes"], json!(size as u64), "{read}");
        let ms = read["ms"].as_f64().unwrap_or(f64::NAN);
        let how = if byob {
            "a BYOB stream into one 1 MiB buffer, as the Canal worker reads"
        } else {
            "Blob.arrayBuffer, 8 MiB slices, one ahead"
        };
        println!(
            "import bench: reading alone in {n} JS worker(s) at once ({how}) {ms:.0} ms = {:.0} MB/s",
            mbs(ms)
        );
    }
    if !peers {
        browser.close().await;
        return;
    }

    // PapaParse, streamed in chunks on the page (its worker mode needs a
    // script URL this page does not serve).
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

    // uDSV, fed the file's text stream chunk by chunk on the page, counting
    // rows without keeping them.
    let script = format!(
        "const done = arguments[arguments.length - 1];
         {udsv_src}
         const file = document.getElementById('papa-input').files[0];
         (async () => {{
           const t0 = performance.now();
           let parser = null, rows = 0;
           const count = () => {{ rows++; }};
           const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
           for (;;) {{
             const {{ done: end, value }} = await reader.read();
             if (end) break;
             parser ??= uDSV.initParser(uDSV.inferSchema(value));
             parser.chunk(value, parser.stringArrs, count);
           }}
           parser.end();
           done({{ ms: performance.now() - t0, rows }});
         }})().catch((e) => done({{ error: String(e) }}));"
    );
    let udsv = c.execute_async(&script, vec![]).await.unwrap();
    assert_eq!(udsv["rows"], json!(rows), "uDSV read every row: {udsv}");
    let udsv_ms = udsv["ms"].as_f64().unwrap();

    println!(
        "import bench peers: PapaParse {papa_ms:.0} ms = {:.0} MB/s | uDSV {udsv_ms:.0} ms = {:.0} MB/s | \
         Canal (import screen) / PapaParse {:.2}x, / uDSV {:.2}x | Canal (direct) / PapaParse {:.2}x",
        mbs(papa_ms),
        mbs(udsv_ms),
        papa_ms / parse_ms,
        udsv_ms / parse_ms,
        papa_ms / direct["parse_ms"].as_f64().unwrap_or(f64::NAN),
    );
    browser.close().await;
}
