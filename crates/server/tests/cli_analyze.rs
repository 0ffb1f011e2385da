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
    // Columns keep the CSV's order.
    assert!(
        r.stdout.starts_with(
            "{\"rows\":[{\"customer_id\":\"a\",\"recency_days\":1,\"frequency\":2,\"monetary\":150.0,"
        ),
        "{}",
        r.stdout
    );
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

const TIER_ORDERS: &str = "customer_id,order_date,amount\n\
a,2024-01-01,300\nb,2024-01-02,300\nc,2024-01-03,100\nd,2024-01-04,100\na,2024-01-05,200\n";

#[test]
fn tiers_split_revenue_by_cumulative_share() {
    // Total 1000, largest first: a 500 (before 0), b 300 (before 500),
    // c and d 100 each (before 800, a tie: one tier).
    // 80 % / 95 %: a, b start below 800 → A; c, d at 800 < 950 → B.
    check(
        &[("o.csv", TIER_ORDERS)],
        &["tiers", "o.csv"],
        "customer_id,monetary,tier\na,500,A\nb,300,A\nc,100,B\nd,100,B\n",
    );
    // 50 % / 60 %: b starts at 500 = the A line → B; c, d at 800 ≥ 600 → C.
    check(
        &[("o.csv", TIER_ORDERS)],
        &["tiers", "o.csv", "--a", "0.5", "--b", "0.6"],
        "customer_id,monetary,tier\na,500,A\nb,300,B\nc,100,C\nd,100,C\n",
    );
    check_fails(
        &[("o.csv", TIER_ORDERS)],
        &["tiers", "o.csv", "--a", "0.9", "--b", "0.5"],
        "0 ≤ a ≤ b ≤ 1",
    );
}

#[test]
fn kpis_per_channel_with_total() {
    // email: 2 sent, u1 opens (an hour later: human) and clicks → openers
    // 1/2, clickers 1/2, CTOR 1/1. sms: 1 sent, clicked: the click proves
    // the open, so openers 1/1. No cost: ROI empty.
    let events = "contact,timestamp,channel,event,campaign\n\
u1,2024-03-01T10:00:00Z,email,sent,c1\n\
u2,2024-03-01T10:00:00Z,email,sent,c1\n\
u1,2024-03-01T11:00:00Z,email,opened,c1\n\
u1,2024-03-01T11:01:00Z,email,clicked,c1\n\
u3,2024-03-02T10:00:00Z,sms,sent,c2\n\
u3,2024-03-02T10:30:00Z,sms,clicked,c2\n";
    check(
        &[("events.csv", events)],
        &["kpis", "events.csv"],
        "group,sent,delivered,delivery_rate,opens,machine_opens,open_rate,clicks,click_rate,ctor,\
unsubscribes,unsubscribe_rate,complaints,complaint_rate,hard_bounce_rate,conversions,\
conversion_rate,revenue,cost,roi
email,2,2,1,1,0,0.5,1,0.5,1,0,0,0,0,0,0,0,0,0,
sms,1,1,1,0,0,1,1,1,1,0,0,0,0,0,0,0,0,0,
total,3,3,1,1,0,0.666667,2,0.666667,1,0,0,0,0,0,0,0,0,0,
",
    );
    // Only 2024-03-02, against 2024-03-01 before it.
    let r = analyze(
        &[("events.csv", events)],
        &[
            "kpis",
            "events.csv",
            "--period-from",
            "2024-03-02",
            "--period-to",
            "2024-03-02",
            "--compare",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let rows = v["rows"].as_array().expect("rows");
    let sent: Vec<(&str, &str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["period"].as_str().unwrap_or(""),
                r["group"].as_str().unwrap_or(""),
                r["sent"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            ("current", "sms", 1),
            ("current", "total", 1),
            ("previous", "email", 2),
            ("previous", "total", 2),
        ]
    );
}

#[test]
fn reactivation_credits_the_last_message() {
    // All three ordered on Jan 1 and again in June, > 90 days later: three
    // reactivations. u1 got an e-mail two days before (credited); u3 got an
    // SMS while dormant but 40 days before (reached, not credited); u2 got
    // nothing.
    let events = "contact,timestamp,channel,event\n\
u1,2024-06-01T10:00:00Z,email,sent\n\
u3,2024-05-01T10:00:00Z,sms,sent\n";
    let orders = "customer_id,order_date,amount\n\
u1,2024-01-01,10\nu2,2024-01-01,10\nu3,2024-01-01,10\n\
u1,2024-06-03,10\nu2,2024-06-05,10\nu3,2024-06-10,10\nu4,someday,10\n";
    let r = analyze(
        &[("events.csv", events), ("orders.csv", orders)],
        &[
            "reactivation",
            "events.csv",
            "orders.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("orders.csv: line 8: column 'order_date': "),
        "{}",
        r.stderr
    );
    let v = json(&r.stdout);
    assert_eq!(v["reactivations"], 3);
    assert_eq!(v["uncredited"], 2);
    assert_eq!(
        v["rows"],
        serde_json::json!([
            {"channel": "email", "credited": 1.0, "dormant_reached": 1, "rate": 1.0},
            {"channel": "sms", "credited": 0.0, "dormant_reached": 1, "rate": 0.0},
        ])
    );
    // With a 30-day dormancy the SMS on May 1 (121 days after the last
    // order) still reaches u3 but a 60-day window now credits it.
    let r = analyze(
        &[("events.csv", events), ("orders.csv", orders)],
        &[
            "reactivation",
            "events.csv",
            "orders.csv",
            "--window-days",
            "60",
        ],
    );
    assert_eq!(
        r.stdout,
        "channel,credited,dormant_reached,rate\nemail,1,1,1\nsms,1,1,1\n"
    );
}

#[test]
fn identity_merges_records_sharing_a_key() {
    // r2 shares r1's e-mail (case and space aside); r3 shares r2's phone
    // (600 000 001 in Spain is +34600000001). r5's e-mail is unusable.
    let contacts = "id,email,phone\n\
r1,ana@x.com,\n\
r2, ANA@x.com ,+34 600 000 001\n\
r3,,600000001\n\
r4,bo@y.com,\n\
r5,not-an-email,\n";
    let r = analyze(&[("contacts.csv", contacts)], &["identity", "contacts.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "record_id,person_id,matched_key,matched_value\n\
r1,0,email,ana@x.com\n\
r2,0,email,ana@x.com\n\
r3,0,phone,+34600000001\n\
r4,1,,\n\
r5,2,,\n"
    );
    assert_eq!(
        r.stderr,
        "line 6: invalid email 'not-an-email' (BadEmail), not used to match\n\
identity: 5 records, 3 persons, 2 merged into others, 1 invalid identifiers\n"
    );
    check_fails(
        &[("contacts.csv", contacts)],
        &["identity", "contacts.csv", "--default-country", "XX"],
        "unknown country code",
    );
}

#[test]
fn score_adds_interaction_points_and_stages() {
    let events = "contact,timestamp,event\n\
u1,2024-03-01T10:00:00Z,clicked\n\
u2,2024-03-01T11:00:00Z,clicked\n\
u1,2024-03-02T10:00:00Z,clicked\n\
u3,2024-03-02T10:00:00Z,opened\n";
    let rules = r#"{"interaction": [{"id": "clicks", "kind": "clicked", "points": 5}],
        "half_life_days": null, "stages": [{"name": "MQL", "min_score": 10}]}"#;
    check(
        &[("events.csv", events), ("rules.json", rules)],
        &["score", "events.csv", "--rules", "rules.json"],
        "contact_id,fit,engagement,total,stage\nu1,0,10,10,MQL\nu2,0,5,5,\nu3,0,0,0,\n",
    );
    // With the orders, fit rules read tiers (a, c, f are A) and RFM
    // segments: as of 2024-03-03 every recency grows alike, and order_ref
    // is read as the order id (as with rfm --order-id), so a and c are loyal.
    let fit = r#"{"demographic": [{"id": "top", "points": 20,
            "condition": {"type": "tier", "tiers": ["A"]}}],
        "functional": [{"id": "loyal", "points": 7,
            "condition": {"type": "rfm_segment", "segments": ["loyal"]}}],
        "interaction": [{"id": "clicks", "kind": "clicked", "points": 5}],
        "half_life_days": null, "stages": [{"name": "MQL", "min_score": 10}]}"#;
    check(
        &[
            ("events.csv", events),
            ("orders.csv", ORDERS),
            ("rules.json", fit),
        ],
        &["score", "events.csv", "orders.csv", "--rules", "rules.json"],
        "contact_id,fit,engagement,total,stage\nu1,0,10,10,MQL\nu2,0,5,5,\nu3,0,0,0,\n\
a,27,0,27,MQL\nb,0,0,0,\nc,27,0,27,MQL\nd,0,0,0,\ne,0,0,0,\nf,20,0,20,MQL\n",
    );
    check_fails(
        &[("events.csv", events), ("rules.json", "{\"stages\": 3}")],
        &["score", "events.csv", "--rules", "rules.json"],
        "rules.json is not a scoring model",
    );
}

#[test]
fn pressure_decays_by_half_life() {
    // At 2024-01-29: u1's e-mail is 28 days old (1 × 0.25) and its SMS 14
    // (2 × 0.5): 1.25. u2's e-mail is 12 h old: 0.5^(0.5/14) = 0.975549,
    // and too recent (24 h spacing) until 12:00.
    let events = "contact,timestamp,channel,event\n\
u1,2024-01-01T00:00:00Z,email,sent\n\
u1,2024-01-15T00:00:00Z,sms,sent\n\
u2,2024-01-28T12:00:00Z,email,sent\n";
    check(
        &[("events.csv", events)],
        &["pressure", "events.csv", "--at", "2024-01-29"],
        "contact_id,pressure,eligible,next_eligible,reasons\n\
u1,1.25,yes,2024-01-29T00:00:00Z,\n\
u2,0.975549,no,2024-01-29T12:00:00Z,spacing\n",
    );
    // A 28-day half-life: u1 = 0.5 + 2 × 0.5^0.5.
    let r = analyze(
        &[("events.csv", events)],
        &[
            "pressure",
            "events.csv",
            "--at",
            "2024-01-29",
            "--half-life-days",
            "28",
        ],
    );
    assert!(r.stdout.contains("\nu1,1.914214,yes,"), "{}", r.stdout);
}

#[test]
fn timeline_lists_one_contacts_events_in_order() {
    // The reply joins the thread of the message before it; without a scope
    // column the scope is unknown.
    let events = "contact,timestamp,channel,event,campaign\n\
u1,2024-01-01T12:00:00Z,email,replied,c1\n\
u2,2024-01-01T09:00:00Z,email,sent,c1\n\
u1,2024-01-01T10:00:00Z,email,sent,c1\n";
    check(
        &[("events.csv", events)],
        &["timeline", "events.csv", "--contact", "u1"],
        "time,channel,kind,direction,scope,campaign,name,value,thread\n\
2024-01-01T10:00:00Z,email,sent,outbound,unknown,c1,sent,,0\n\
2024-01-01T12:00:00Z,email,replied,inbound,unknown,c1,replied,,0\n",
    );
    check_fails(
        &[("events.csv", events)],
        &["timeline", "events.csv", "--contact", "nobody"],
        "no such contact",
    );
}

fn analyze_stdin(args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_canal"))
        .arg("analyze")
        .args(args)
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run canal");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    // Written from a thread: a large input would fill the pipe while the
    // child's output fills the other.
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer").expect("write stdin");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn rfm_reads_stdin() {
    let r = analyze_stdin(&["rfm", "-"], ORDERS.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, RFM);
}

#[test]
fn large_files_stream_across_chunks() {
    // 60 000 rows (about 1.4 MB): past the 64 KiB sniffed head and the
    // 1 MiB chunks, read from a file and from stdin. Every row must be
    // counted once: 1000 customers of 60 orders, amounts summing as written.
    let mut file = String::from("customer_id,order_date,amount\n");
    let mut total = 0u64;
    for i in 0..60_000u64 {
        let amount = i % 7 + 1;
        total += amount;
        file.push_str(&format!(
            "cust{:04},2024-02-{:02},{amount}\n",
            i % 1000,
            i % 28 + 1
        ));
    }
    for r in [
        analyze(&[("big.csv", &file)], &["rfm", "big.csv"]),
        analyze_stdin(&["rfm", "-"], file.as_bytes()),
    ] {
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stderr, "");
        let rows: Vec<Vec<&str>> = r
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 1000);
        let freq: u64 = rows.iter().map(|r| r[2].parse::<u64>().unwrap_or(0)).sum();
        let money: f64 = rows
            .iter()
            .map(|r| r[3].parse::<f64>().unwrap_or(0.0))
            .sum();
        assert_eq!(freq, 60_000);
        assert_eq!(money, total as f64);
    }
}

#[test]
fn kinds_can_be_set_per_file() {
    // A --kind naming no file, or no kind, is a mistake to report…
    check_fails(
        &[("e.csv", EVENTS)],
        &["kpis", "e.csv", "--kind", "other.csv=events"],
        "--kind names other.csv, which is not one of the files",
    );
    check_fails(
        &[("e.csv", EVENTS)],
        &["kpis", "e.csv", "--kind", "e.csv=nonsense"],
        "unknown kind 'nonsense'",
    );
    // …and a file read as orders when it holds events has no amount.
    check_fails(
        &[("e.csv", EVENTS)],
        &["kpis", "e.csv", "--kind", "e.csv=orders"],
        "e.csv: no column holds the amount",
    );
}

#[test]
fn funnel_splits_by_a_column_of_the_events_file() {
    // Each contact takes its last non-empty plan: u1 pro (the later row
    // wins over "free"), u2 free, u3 pro, u5 free, u6 (in progress) free.
    let events = "contact,timestamp,event,plan\n\
u1,2024-01-01T10:00:00Z,view,free\n\
u1,2024-01-01T10:05:00Z,cart,pro\n\
u2,2024-01-01T11:00:00Z,view,free\n\
u4,2024-01-01T12:00:00Z,cart,\n\
u1,2024-01-01T10:10:00Z,buy,\n\
u2,2024-01-02T09:00:00Z,cart,free\n\
u3,2024-01-02T10:00:00Z,view,pro\n\
u5,2024-01-03T10:00:00Z,view,free\n\
u5,2024-01-04T10:00:00Z,buy,free\n\
u6,2024-02-01T10:00:00Z,view,free\n";
    check(
        &[("events.csv", events)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart,buy",
            "--by",
            "plan",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,2,0.5,0.5,0.5
ALL,3,buy,1,0.5,0.5,0.25
pro,1,view,2,1,0,1
pro,2,cart,1,0.5,0.5,0.5
pro,3,buy,1,1,0,0.5
free,1,view,2,1,0,1
free,2,cart,1,0.5,0.5,0.5
free,3,buy,0,0,1,0
",
    );
    check_fails(
        &[("events.csv", events)],
        &["funnel", "events.csv", "--steps", "view", "--by", "device"],
        "--by device: not `channel`, a column of events.csv nor of a contacts file",
    );
}

#[test]
fn funnel_per_session() {
    // u1's two sessions are two units: s1 reaches cart, s2 only view. Per
    // contact u1 would be one unit reaching cart. u9's late event closes
    // every window.
    let events = "contact,visit,timestamp,event\n\
u1,s1,2024-01-01T10:00:00Z,view\n\
u1,s1,2024-01-01T10:01:00Z,cart\n\
u1,s2,2024-01-05T10:00:00Z,view\n\
u9,s9,2024-03-01T10:00:00Z,other\n";
    check(
        &[("events.csv", events)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart",
            "--unit",
            "session",
            "--session",
            "visit",
        ],
        "group,step_no,step,entered,step_conversion,drop_off,overall_conversion\n\
ALL,1,view,2,1,0,1\nALL,2,cart,1,0.5,0.5,0.5\n",
    );
    check(
        &[("events.csv", events)],
        &["funnel", "events.csv", "--steps", "view,cart"],
        "group,step_no,step,entered,step_conversion,drop_off,overall_conversion\n\
ALL,1,view,1,1,0,1\nALL,2,cart,1,1,0,1\n",
    );
    check_fails(
        &[("events.csv", events)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view",
            "--unit",
            "session",
        ],
        "--unit session: the events have no session id",
    );
}

#[test]
fn contacts_with_ids_and_emails_meet_their_events() {
    // The importer keys by e-mail first; the events only have the id, so
    // with several files the id is the key everywhere. Same groups as
    // funnel_splits_by_a_contact_attribute.
    let contacts = "contact,email,country\nu1,u1@x.com,ES\nu2,u2@x.com,ES\n\
u3,u3@x.com,FR\nu5,u5@x.com,FR\nu6,u6@x.com,ES\n";
    let r = analyze(
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
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let groups: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(
        groups,
        ["ALL", "ALL", "ALL", "ES", "ES", "ES", "FR", "FR", "FR"]
    );
    assert!(
        r.stdout.contains("\nES,3,buy,1,0.5,0.5,0.5\n"),
        "{}",
        r.stdout
    );
}
