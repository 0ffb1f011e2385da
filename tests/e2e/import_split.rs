//! A large event file read by two workers at once (issue 6): the numbers
//! shown and the row errors, line numbers included, equal one pass of
//! `canal analyze` over the same file, whether the cut near the middle
//! falls between records or inside a quoted field that spans lines; and a
//! file that cannot be read in parts is read whole by one of them.

use crate::harness::{Browser, Server, TempDir};
use crate::import::{
    analyze, assert_dashboard_equals, attr, confirm, goto_nav, pick, two_fresh_warm_workers,
    workers, WARM_WORKERS,
};
use std::io::Write;
use std::path::Path;

/// A quoted campaign name spanning two lines, its line break 200 bytes in.
fn spanning(tag: &str) -> String {
    format!(
        "\"{tag}-m@example.com\",\"open\",2024-03-05T10:00:00Z,email,\"{}\nsecond line\"\n",
        "x".repeat(200)
    )
}

/// Writes an event file of about `mb` MiB whose contacts are `tag`-N,
/// with ten bad rows spread over it and one record spanning two lines:
/// where the page cuts the file when `straddle` (so the first worker
/// reads on), else a quarter in (so the second part's lines come after
/// it). Returns the lines of the bad rows.
fn two_part_events(path: &Path, tag: &str, mb: usize, straddle: bool) -> Vec<u64> {
    let mut lines = vec!["email,event,timestamp,channel,campaign\n".to_owned()];
    let mut size = lines[0].len();
    let mut i = 0u64;
    while size < mb << 20 {
        let bad = i % 25_000 == 1_000;
        let line = format!(
            "\"{tag}{}@example.com\",\"{}\",{},email,\"spring, {}\"\n",
            i % 50_000,
            ["sent", "delivered", "open", "click"][(i % 4) as usize],
            if bad {
                "not a date".to_owned()
            } else {
                format!("2024-03-{:02}T10:{:02}:00Z", 1 + i % 28, i % 60)
            },
            i % 7
        );
        size += line.len();
        lines.push(line);
        i += 1;
    }
    let m = spanning(tag);
    let at = if straddle {
        // The page cuts at the first line start after byte size / 2 - 1
        // of the final file: put the record's start just before it, so
        // its inner line break (200 bytes in) is that line start.
        let from = (size + m.len()) / 2 - 1;
        let mut offset = 0;
        let mut k = 0;
        while offset + lines[k].len() <= from {
            offset += lines[k].len();
            k += 1;
        }
        assert!(from - offset < 200, "a row is shorter than 200 bytes");
        k
    } else {
        lines.len() / 4
    };
    lines.insert(at, m);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for l in &lines {
        w.write_all(l.as_bytes()).unwrap();
    }
    // Entry k starts on line k + 1, one more after the spanning record.
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("not a date"))
        .map(|(k, _)| k as u64 + 1 + u64::from(k > at))
        .collect()
}

/// `line N` of every row error `canal analyze` (one pass) reports.
fn cli_lines(stderr: &[String]) -> Vec<u64> {
    stderr
        .iter()
        .filter_map(|l| l.strip_prefix("line "))
        .filter_map(|l| l.split([':', ',']).next()?.parse().ok())
        .collect()
}

/// The row errors the import page lists: (file, line), in order.
async fn listed_errors(c: &fantoccini::Client) -> Vec<(String, u64)> {
    let rows = c
        .execute(
            "return [...document.querySelectorAll('.import-errors tbody tr')]
               .map(tr => [tr.cells[0].textContent, Number(tr.cells[1].textContent)]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(rows).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_workers_give_the_one_pass_numbers_and_row_errors() {
    let dir = TempDir::new("import-split");
    let cut = dir.path().join("cut_events.csv");
    let straddled = dir.path().join("straddled_events.csv");
    let bad_cut = two_part_events(&cut, "c", 18, false);
    let bad_straddled = two_part_events(&straddled, "s", 18, true);
    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    // The first file is read by the two warm workers, the second (no
    // worker is warmed while an import runs) by two new ones.
    browser.wait_css(WARM_WORKERS).await;
    let warm = workers(c).await;
    pick(&browser, &[&cut, &straddled]).await;
    assert_eq!(confirm(&browser).await, "done");
    // Every worker used is gone; two new ones are warm for the next import.
    two_fresh_warm_workers(&browser, &warm).await;
    browser.screenshot("import-split-done-en").await;

    // The row errors listed (file, line), in order.
    let shown = listed_errors(c).await;
    let mut total = 0;
    for (file, bad) in [(&cut, &bad_cut), (&straddled, &bad_straddled)] {
        let name = file.file_name().unwrap().to_str().unwrap();
        let (_, stderr) = analyze(&["kpis", file.to_str().unwrap(), "--threads", "1"]);
        let expected = cli_lines(&stderr);
        assert_eq!(&expected, bad, "{name}: canal analyze vs the file written");
        // Bad rows in both halves (a row is about 72 bytes, so the middle
        // of 18 MiB is near line 131,000).
        assert!(bad.len() >= 10 && bad[0] < 100_000 && bad[bad.len() - 1] > 160_000);
        let app: Vec<u64> = shown
            .iter()
            .filter(|(f, _)| f == name)
            .map(|(_, l)| *l)
            .collect();
        assert_eq!(
            app, expected,
            "{name}: row error lines, app vs canal analyze"
        );
        let errors = attr(c, &format!("tr[data-file='{name}']"), "data-errors").await;
        assert_eq!(errors, expected.len().to_string(), "{name}");
        total += expected.len();
    }
    assert_eq!(
        attr(c, "[data-row-errors]", "data-row-errors").await,
        total.to_string()
    );

    let (kpis, _) = analyze(&[
        "kpis",
        cut.to_str().unwrap(),
        straddled.to_str().unwrap(),
        "--threads",
        "1",
    ]);
    goto_nav(&browser, "dashboard").await;
    assert_dashboard_equals(&browser, &kpis).await;
    browser.close().await;
}

/// Writes an event file of about `mb` MiB with an e-mail and a phone
/// column. Each of 25,000 people is sent and delivered one e-mail, on rows
/// that carry both identifiers; a quarter open it early in the file. Just
/// past the middle, an SMS row per person pairs a second e-mail address
/// with the person's phone, and then half of them open the e-mail under
/// that second address alone; SMS rows fill the rest. One pass binds each
/// second address to its person and credits those opens to them: an open
/// rate of 50 %. A second part read on its own binds the addresses to
/// contacts of its own, which the first part's people never meet (61 % when
/// the native split is made to read such a file), so the workers must
/// stand down and one reads the whole file. Returns the bad rows' lines.
fn bound_identifier_events(path: &Path, mb: usize) -> Vec<u64> {
    let people = 25_000u64;
    let rows = ((mb << 20) / 80) as u64; // a row is about 80 bytes
    let half = rows / 2;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    w.write_all(b"email,phone,event,timestamp,channel,campaign\n")
        .unwrap();
    let mut bad = Vec::new();
    for k in 0..rows {
        let i = k % people;
        let late = k.checked_sub(half).unwrap_or(u64::MAX);
        // (event, channel, person, e-mail, with the phone)
        let (event, channel, p, email, phone) = match k / people {
            0 => ("sent", "email", i, Some('p'), true),
            1 => ("delivered", "email", i, Some('p'), true),
            2 if i % 4 == 0 => ("open", "email", i, Some('p'), true),
            _ if late < people => ("sent", "sms", late, Some('q'), true),
            _ if late < 2 * people && (late - people) % 4 < 2 => {
                ("open", "email", late - people, Some('q'), false)
            }
            _ => ("sent", "sms", i, (k < half).then_some('p'), true),
        };
        let ts = if k % 30_000 == 7 {
            bad.push(k + 2);
            "not a date".to_owned()
        } else {
            format!("2024-03-{:02}T10:{:02}:00Z", 1 + k % 28, k % 60)
        };
        let email = email.map_or(String::new(), |c| format!("\"{c}{p}@example.com\""));
        let phone = if phone {
            format!("\"+34 600 {:03} {:03}\"", p / 1000, p % 1000)
        } else {
            String::new()
        };
        writeln!(
            w,
            "{email},{phone},{event},{ts},{channel},\"spring, {}\"",
            p % 3
        )
        .unwrap();
    }
    bad
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_whose_rows_bind_identifiers_is_read_whole_by_one_worker() {
    let dir = TempDir::new("import-standdown");
    let file = dir.path().join("bound_events.csv");
    let bad = bound_identifier_events(&file, 20);
    let name = "bound_events.csv";
    let (kpis, stderr) = analyze(&["kpis", file.to_str().unwrap(), "--threads", "1"]);
    assert_eq!(cli_lines(&stderr), bad, "canal analyze vs the file written");
    assert!(
        bad.len() >= 6 && bad[1] < 100_000 && bad[bad.len() - 1] > 150_000,
        "bad rows in both halves: {bad:?}"
    );
    // The case only tests something if the opens under the second
    // addresses are credited to the people those addresses were bound to.
    let open_rate = crate::import::cli_total(&kpis, "open_rate");
    assert!(
        (open_rate - 0.5).abs() < 0.01,
        "one-pass open rate {open_rate}"
    );

    let server = Server::start();
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    pick(&browser, &[&file]).await;
    assert_eq!(confirm(&browser).await, "done");
    let shown: Vec<u64> = listed_errors(c)
        .await
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    assert_eq!(shown, bad, "row error lines, app vs canal analyze");
    let errors = attr(c, &format!("tr[data-file='{name}']"), "data-errors").await;
    assert_eq!(errors, bad.len().to_string());
    goto_nav(&browser, "dashboard").await;
    assert_dashboard_equals(&browser, &kpis).await;
    browser.close().await;
}
