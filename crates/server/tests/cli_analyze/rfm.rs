//! rfm and tiers over orders.

use crate::{analyze, analyze_stdin, check, check_fails, json};

// Six customers with ties in every dimension. As of 2024-01-11 (the day
// after the last order), N = 6, score = 1 + floor(5 × worse / 6):
// recency  a1 b1 c3 d6 e6 f10 → worse 4,4,3,1,1,0 → r 4,4,3,1,1,1
// frequency a2 b1 c3 d1 e2 f1 → worse 3,0,5,0,3,0 → f 3,1,5,1,3,1
// monetary a150 b30 c400 d30 e30 f500 → worse 3,0,4,0,0,5 → m 3,1,4,1,1,5
// Tiers over 1140: f, c, a start below 912 (80 %) → A; the 30s start at
// 1050 < 1083 (95 %) → B.
pub(crate) const ORDERS: &str = "\
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

pub(crate) const RFM: &str = "\
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
fn rfm_reads_the_columns_it_is_told() {
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

#[test]
fn rfm_reads_stdin() {
    let r = analyze_stdin(&["rfm", "-"], ORDERS.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, RFM);
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
