//! `canal analyze …` end to end: the built binary on small CSV files with
//! hand-computed expected output.

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Writes `files` (name, content) into a fresh temp dir and runs
/// `canal analyze ARGS` there.
fn analyze(files: &[(&str, &str)], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("write input");
    }
    analyze_in(dir.path(), args)
}

fn analyze_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_canal"))
        .arg("analyze")
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .output()
        .expect("run canal");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The run succeeds, prints `expected` on stdout and nothing on stderr.
fn check(files: &[(&str, &str)], args: &[&str], expected: &str) {
    let r = analyze(files, args);
    assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
    assert_eq!(r.stdout, expected, "{args:?}");
    assert_eq!(r.stderr, "", "{args:?}");
}

/// The run fails with a message containing `message`.
fn check_fails(files: &[(&str, &str)], args: &[&str], message: &str) {
    let r = analyze(files, args);
    assert_ne!(r.code, 0, "{args:?} should fail; stdout: {}", r.stdout);
    assert!(
        r.stderr.contains(message),
        "{args:?}: stderr {:?} lacks {message:?}",
        r.stderr
    );
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("valid JSON")
}

// Six customers with ties in every dimension. As of 2024-01-11 (the day
// after the last order), N = 6, score = 1 + floor(5 × worse / 6):
// recency  a1 b1 c3 d6 e6 f10 → worse 4,4,3,1,1,0 → r 4,4,3,1,1,1
// frequency a2 b1 c3 d1 e2 f1 → worse 3,0,5,0,3,0 → f 3,1,5,1,3,1
// monetary a150 b30 c400 d30 e30 f500 → worse 3,0,4,0,0,5 → m 3,1,4,1,1,5
// Tiers over 1140: f, c, a start below 912 (80 %) → A; the 30s start at
// 1050 < 1083 (95 %) → B.
const ORDERS: &str = "\
customer_id,order_date,amount,order_ref
a,2024-01-10,100,O1
b,2024-01-10,30,O2
c,2024-01-08,200,O3
a,2024-01-05,50,O4
d,2024-01-05,30,O5
e,2024-01-05,10,O6
c,2024-01-02,100,O7
e,2024-01-03,20,O6
c,2024-01-01,100,O7
f,2024-01-01,500,O8
";

const RFM: &str = "\
customer_id,recency_days,frequency,monetary,r,f,m,segment,tier
a,1,2,150,4,3,3,potential_loyalist,A
b,1,1,30,4,1,1,promising,B
c,3,3,400,3,5,4,loyal,A
d,6,1,30,1,1,1,hibernating,B
e,6,2,30,1,3,1,at_risk,B
f,10,1,500,1,1,5,hibernating,A
";

#[test]
fn rfm_scores_ties_alike() {
    check(&[("orders.csv", ORDERS)], &["rfm", "orders.csv"], RFM);
}

#[test]
fn rfm_reads_named_columns_and_stdin_free_paths() {
    let renamed = ORDERS.replace("customer_id,order_date,amount", "who,when,paid");
    let out = RFM.to_owned();
    check(
        &[("o.csv", &renamed)],
        &[
            "rfm",
            "o.csv",
            "--customer",
            "who",
            "--date",
            "when",
            "--amount",
            "paid",
        ],
        &out,
    );
}

#[test]
fn rfm_counts_distinct_order_ids_only_with_order_id() {
    // c's O7 and e's O6 span two rows each: c 3 → 2 orders, e 2 → 1.
    // frequency a2 b1 c2 d1 e1 f1 → worse 4,0,4,0,0,0 → f 4,1,4,1,1,1.
    check(
        &[("orders.csv", ORDERS)],
        &["rfm", "orders.csv", "--order-id", "order_ref"],
        "\
customer_id,recency_days,frequency,monetary,r,f,m,segment,tier
a,1,2,150,4,4,3,loyal,A
b,1,1,30,4,1,1,promising,B
c,3,2,400,3,4,4,loyal,A
d,6,1,30,1,1,1,hibernating,B
e,6,1,30,1,1,1,hibernating,B
f,10,1,500,1,1,5,hibernating,A
",
    );
}

#[test]
fn rfm_as_of_ignores_later_orders() {
    // As of 2024-01-04: a, b, d have no order yet; c (1st, 2nd: 200),
    // e (3rd: 20), f (1st: 500). N = 3: recency c2 e1 f3 → worse 1,2,0 →
    // r 2,4,1; frequency c2 e1 f1 → worse 2,0,0 → f 4,1,1; monetary
    // c200 e20 f500 → worse 1,0,2 → m 2,1,4. Tiers over 720: f and c start
    // below 576 (80 %) → A; e starts at 700 ≥ 684 (95 %) → C.
    check(
        &[("orders.csv", ORDERS)],
        &["rfm", "orders.csv", "--as-of", "2024-01-04"],
        "\
customer_id,recency_days,frequency,monetary,r,f,m,segment,tier
c,2,2,200,2,4,2,at_risk,A
e,1,1,20,4,1,1,promising,C
f,3,1,500,1,1,4,hibernating,A
",
    );
}

#[test]
fn rfm_json_has_rows_and_as_of() {
    let r = analyze(
        &[("orders.csv", ORDERS)],
        &["rfm", "orders.csv", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["as_of"], "2024-01-11");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(6));
    assert_eq!(
        v["rows"][2],
        serde_json::json!({"customer_id": "c", "recency_days": 3, "frequency": 3,
            "monetary": 400.0, "r": 3, "f": 5, "m": 4, "segment": "loyal", "tier": "A"})
    );
}

#[test]
fn rfm_bad_row_is_reported_and_skipped() {
    let bad = format!("{ORDERS}g,someday,10,O9\n");
    let r = analyze(&[("orders.csv", &bad)], &["rfm", "orders.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, RFM);
    assert!(
        r.stderr
            .starts_with("line 12: column 'order_date': cannot read 'someday' as a date"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn rfm_cannot_run_without_its_columns() {
    check_fails(&[], &["rfm", "missing.csv"], "cannot read missing.csv");
    check_fails(
        &[("o.csv", "who,what\na,b\n")],
        &["rfm", "o.csv"],
        "o.csv: no column holds",
    );
    check_fails(
        &[("orders.csv", ORDERS)],
        &["rfm", "orders.csv", "--amount", "price"],
        "orders.csv has no column 'price'",
    );
    check_fails(
        &[("orders.csv", ORDERS)],
        &["rfm", "orders.csv", "--as-of", "yesterday"],
        "--as-of \"yesterday\" is not a date",
    );
}

// view → cart → buy, 14-day window, as of the last event (u6's view on
// 2024-02-01, whose window is still open: in progress, not counted).
// u1 does all three; u2 view, cart; u3 view; u4 cart only (never enters);
// u5 view then buy without cart (ordered: stops at view).
// entered 4, 2, 1 → step conversion 1, 0.5, 0.5; overall 1, 0.5, 0.25.
const EVENTS: &str = "\
contact,timestamp,event
u1,2024-01-01T10:00:00Z,view
u1,2024-01-01T10:05:00Z,cart
u2,2024-01-01T11:00:00Z,view
u4,2024-01-01T12:00:00Z,cart
u1,2024-01-01T10:10:00Z,buy
u2,2024-01-02T09:00:00Z,cart
u3,2024-01-02T10:00:00Z,view
u5,2024-01-03T10:00:00Z,view
u5,2024-01-04T10:00:00Z,buy
u6,2024-02-01T10:00:00Z,view
";

const FUNNEL: &str = "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,2,0.5,0.5,0.5
ALL,3,buy,1,0.5,0.5,0.25
";

#[test]
fn funnel_counts_steps_in_order() {
    check(
        &[("events.csv", EVENTS)],
        &["funnel", "events.csv", "--steps", "view,cart,buy"],
        FUNNEL,
    );
}

#[test]
fn funnel_modes_and_windows() {
    // strict: u1's and u2's steps are back to back; u5's view is followed
    // by buy, which ends its run at view as before.
    check(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart,buy",
            "--order",
            "strict",
        ],
        FUNNEL,
    );
    // A 30-minute window: u2's cart a day later no longer counts.
    check(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart",
            "--window",
            "30m",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,1,0.25,0.75,0.25
",
    );
    // view → buy in any order of the rest: u1 and u5 buy.
    check(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,buy",
            "--order",
            "any",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,buy,2,0.5,0.5,0.5
",
    );
}

#[test]
fn funnel_splits_by_a_contact_attribute() {
    // ES: u1, u2 (u6 in progress); FR: u3, u5. FR never reaches cart, so
    // buy's conversion over 0 is empty.
    let contacts = "contact,country\nu1,ES\nu2,ES\nu3,FR\nu5,FR\nu6,ES\n";
    check(
        &[("events.csv", EVENTS), ("contacts.csv", contacts)],
        &[
            "funnel",
            "events.csv",
            "contacts.csv",
            "--steps",
            "view,cart,buy",
            "--by",
            "country",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,2,0.5,0.5,0.5
ALL,3,buy,1,0.5,0.5,0.25
ES,1,view,2,1,0,1
ES,2,cart,2,1,0,1
ES,3,buy,1,0.5,0.5,0.5
FR,1,view,2,1,0,1
FR,2,cart,0,0,1,0
FR,3,buy,0,,,0
",
    );
}

#[test]
fn funnel_json_reports_in_progress() {
    let r = analyze(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart,buy",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["as_of"], "2024-02-01T10:00:00Z");
    assert_eq!(v["window_secs"], 14 * 86_400);
    assert_eq!(
        v["in_progress"],
        serde_json::json!([{"group": "ALL", "units": 1}])
    );
    assert_eq!(v["rows"][0]["in_progress"], 1);
    assert_eq!(v["rows"][1]["entered"], 2);
    assert_eq!(v["rows"][1]["mean_secs"], 39_750.0); // (5 min + 22 h) / 2
    assert_eq!(v["rows"][2]["overall_conversion"], 0.25);
}

#[test]
fn funnel_bad_row_is_reported_and_skipped() {
    let bad = EVENTS.replace(
        "u3,2024-01-02T10:00:00Z,view\n",
        "u3,2024-01-02T10:00:00Z,view\nu7,,view\n",
    );
    let r = analyze(
        &[("events.csv", &bad)],
        &["funnel", "events.csv", "--steps", "view,cart,buy"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, FUNNEL);
    assert!(r.stderr.starts_with("line 9: "), "{}", r.stderr);
}

#[test]
fn funnel_cannot_run_with_unknown_step_or_file() {
    check_fails(
        &[("events.csv", EVENTS)],
        &["funnel", "events.csv", "--steps", "view,checkout"],
        "unknown step 'checkout'",
    );
    check_fails(
        &[],
        &["funnel", "nope.csv", "--steps", "a"],
        "cannot read nope.csv",
    );
    check_fails(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view",
            "--window",
            "soon",
        ],
        "--window \"soon\" is not a duration",
    );
    check_fails(
        &[("events.csv", EVENTS)],
        &["funnel", "events.csv", "--steps", "view", "--by", "country"],
        "--by country",
    );
}
