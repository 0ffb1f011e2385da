//! kpis, reactivation, score, pressure, timeline over events (and orders).

use crate::rfm::ORDERS;
use crate::{analyze, check, check_fails, json};

#[test]
fn kpis_per_channel_with_total() {
    // email: 2 sent, u1 opens (an hour later: human) and clicks → openers
    // 1/2, clickers 1/2, CTOR 1/1. sms: 1 sent, clicked; SMS tracks no
    // opens, so no open rate and no CTOR (empty), and the total's open rate
    // is e-mail's. No cost: ROI empty.
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
sms,1,1,1,0,0,,1,1,,0,0,0,0,0,0,0,0,0,
total,3,3,1,1,0,0.5,2,0.666667,1,0,0,0,0,0,0,0,0,0,
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

const PRESSURE_EVENTS: &str = "contact,timestamp,channel,event\n\
u1,2024-01-01T00:00:00Z,email,sent\n\
u1,2024-01-15T00:00:00Z,sms,sent\n\
u2,2024-01-28T12:00:00Z,email,sent\n";

#[test]
fn pressure_rules_come_from_flags_and_a_config_file() {
    let at = ["pressure", "events.csv", "--at", "2024-01-29"];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = at.iter().chain(extra).copied().collect();
        analyze(&[("events.csv", PRESSURE_EVENTS)], &args).stdout
    };
    // SMS weighs 4: u1 = 1 × 0.25 + 4 × 0.5.
    assert!(run(&["--weight", "sms=4"]).contains("\nu1,2.25,yes,"));
    // A threshold of 1: u1's 1.25 is over it.
    let out = run(&["--max-pressure", "1"]);
    assert!(out.contains("\nu1,1.25,no,"), "{out}");
    assert!(out.lines().nth(1).unwrap().ends_with(",pressure"), "{out}");
    // At most one message in 30 days: both are capped; u2 also too soon.
    let out = run(&["--cap", "1/30"]);
    assert!(out.contains("\nu1,1.25,no,"), "{out}");
    assert!(out.lines().nth(1).unwrap().ends_with(",cap"), "{out}");
    assert!(
        out.lines().nth(2).unwrap().ends_with(",cap;spacing"),
        "{out}"
    );
    // Six hours of spacing: u2's e-mail 12 h ago no longer blocks.
    assert!(run(&["--min-spacing-hours", "6"]).contains("\nu2,0.975549,yes,"));
    // The same rules from a file; flags override it.
    let config = r#"{"min_spacing_hours": 6, "max_pressure": null}"#;
    let r = analyze(
        &[("events.csv", PRESSURE_EVENTS), ("p.json", config)],
        &[
            "pressure",
            "events.csv",
            "--at",
            "2024-01-29",
            "--config",
            "p.json",
        ],
    );
    assert!(r.stdout.contains("\nu2,0.975549,yes,"), "{}", r.stdout);
    let j = {
        let r = analyze(
            &[("events.csv", PRESSURE_EVENTS), ("p.json", config)],
            &[
                "--format",
                "json",
                "pressure",
                "events.csv",
                "--at",
                "2024-01-29",
                "--config",
                "p.json",
                "--max-pressure",
                "3",
            ],
        );
        json(&r.stdout)
    };
    assert_eq!(j["config"]["min_spacing_hours"], 6, "{j}");
    assert_eq!(j["config"]["max_pressure"], 3.0, "{j}");
    for (flag, value, message) in [
        ("--cap", "4", "--cap \"4\" is not N/D"),
        ("--cap", "fax:1/7", "\"fax\" is not a channel"),
        ("--weight", "sms", "--weight \"sms\" is not CHANNEL=W"),
        (
            "--max-pressure",
            "0",
            "--max-pressure \"0\" is not a positive number",
        ),
        (
            "--half-life-days",
            "0",
            "--half-life-days must be a positive number",
        ),
    ] {
        check_fails(
            &[("events.csv", PRESSURE_EVENTS)],
            &["pressure", "events.csv", flag, value],
            message,
        );
    }
}

#[test]
fn pressure_simulates_a_planned_send() {
    // An SMS to everyone on 2024-01-29: u1 may get it; u2 got an e-mail
    // 12 h before, so the 24 h spacing skips it until 12:00.
    check(
        &[("events.csv", PRESSURE_EVENTS)],
        &[
            "pressure",
            "events.csv",
            "--at",
            "2024-01-29",
            "--simulate",
            "sms",
        ],
        "contact_id,decision,pressure,next_eligible,reasons\n\
u1,send,1.25,,\n\
u2,skip,0.975549,2024-01-29T12:00:00Z,spacing\n",
    );
    // Only contacts with an SMS in the last 30 days, and only opted-in ones
    // for the `offers` subject: nobody has consent, so u1 is skipped too.
    let segment = r#"{"type": "event_count", "channel": "sms", "days": 30, "min": 1}"#;
    check(
        &[("events.csv", PRESSURE_EVENTS), ("seg.json", segment)],
        &[
            "pressure",
            "events.csv",
            "--at",
            "2024-01-29",
            "--simulate",
            "sms",
            "--segment",
            "seg.json",
            "--subject",
            "offers",
        ],
        "contact_id,decision,pressure,next_eligible,reasons\nu1,skip,1.25,,no_consent\n",
    );
    let r = analyze(
        &[("events.csv", PRESSURE_EVENTS)],
        &[
            "--format",
            "json",
            "pressure",
            "events.csv",
            "--at",
            "2024-01-29",
            "--simulate",
            "email",
        ],
    );
    let j = json(&r.stdout);
    assert_eq!(
        (j["send"].as_u64(), j["too_soon"].as_u64()),
        (Some(1), Some(1)),
        "{j}"
    );
    check_fails(
        &[
            ("events.csv", PRESSURE_EVENTS),
            ("seg.json", "{\"type\": 1}"),
        ],
        &[
            "pressure",
            "events.csv",
            "--simulate",
            "sms",
            "--segment",
            "seg.json",
        ],
        "seg.json is not a segment rule",
    );
}

#[test]
fn score_lists_crossings_and_explains_one_contact() {
    // Five points per click, MQL at 10: u1 crosses with its second click.
    let events = "contact,timestamp,event\n\
u1,2024-03-01T10:00:00Z,clicked\n\
u2,2024-03-01T11:00:00Z,clicked\n\
u1,2024-03-02T10:00:00Z,clicked\n\
u3,2024-03-02T10:00:00Z,opened\n";
    let rules = r#"{"interaction": [{"id": "clicks", "kind": "clicked", "points": 5},
            {"id": "opens", "kind": "opened", "points": 1}],
        "half_life_days": null, "stages": [{"name": "MQL", "min_score": 10}]}"#;
    let files = [("events.csv", events), ("rules.json", rules)];
    check(
        &files,
        &[
            "score",
            "events.csv",
            "--rules",
            "rules.json",
            "--since",
            "2024-03-01",
        ],
        "contact_id,stage,at,score,trigger\nu1,MQL,2024-03-02T10:00:00Z,10,clicks\n",
    );
    // After the crossing, nothing new crosses.
    check(
        &files,
        &[
            "score",
            "events.csv",
            "--rules",
            "rules.json",
            "--since",
            "2024-03-03",
            "--as-of",
            "2024-03-04",
        ],
        "contact_id,stage,at,score,trigger\n",
    );
    check(
        &files,
        &[
            "score",
            "events.csv",
            "--rules",
            "rules.json",
            "--explain",
            "U1",
        ],
        "family,rule,hits,points\ninteraction,clicks,2,10\ninteraction,opens,0,0\n",
    );
    check_fails(
        &files,
        &[
            "score",
            "events.csv",
            "--rules",
            "rules.json",
            "--explain",
            "nobody",
        ],
        "--explain \"nobody\": no such contact",
    );
}
