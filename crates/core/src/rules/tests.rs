use super::*;
use crate::consent::push_consent;
use crate::model::EventRow;
use crate::rfm::{day_number, rfm, RfmOptions};
use crate::tiers::{tiers_in_period, TierConfig};
use chrono::NaiveDate;

fn day(d: i64) -> i64 {
    let base = day_number(NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"));
    (base + d) * DAY
}

const AS_OF: i64 = 100;

fn set(ds: &mut Dataset, key: &str, field: &str, value: &str) {
    let c = ds.contact_id(key) as usize;
    let id = ds.text.intern(value);
    let t = &mut ds.contacts;
    match field {
        "country" => t.country[c] = id,
        "city" => t.city[c] = id,
        "job_title" => t.job_title[c] = id,
        "stage" => t.stage[c] = id,
        "birth_year" => t.birth_year[c] = value.parse().expect("year"),
        "company_size" => t.company_size[c] = value.parse().expect("size"),
        extra => {
            let n = t.len();
            let i = match t.extra.iter().position(|(h, _)| h == extra) {
                Some(i) => i,
                None => {
                    t.extra
                        .push((extra.to_string(), vec![crate::model::NONE; n]));
                    t.extra.len() - 1
                }
            };
            t.extra[i].1[c] = id;
        }
    }
}

/// Contacts 0 ana, 1 bo, 2 cy, 3 di (di has no attributes).
fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    for key in ["ana", "bo", "cy", "di"] {
        ds.contact_id(key);
    }
    for (key, field, value) in [
        ("ana", "country", "ES"),
        ("ana", "city", "Madrid"),
        ("ana", "job_title", "Marketing Director"),
        ("ana", "birth_year", "1990"),
        ("ana", "company_size", "50"),
        ("ana", "stage", "lead"),
        ("ana", "Plan", "gold"),
        ("ana", "ltv", "120,5"),
        ("bo", "country", "es "),
        ("bo", "city", "Barcelona"),
        ("bo", "job_title", "Analyst"),
        ("bo", "birth_year", "2000"),
        ("bo", "company_size", "10"),
        ("bo", "stage", "customer"),
        ("bo", "Plan", "silver"),
        ("bo", "ltv", "80"),
        ("cy", "country", "FR"),
        ("cy", "city", "Paris"),
        ("cy", "job_title", "CMO"),
        ("cy", "stage", "lead"),
        ("cy", "ltv", "n/a"),
    ] {
        set(&mut ds, key, field, value);
    }
    for (key, d, channel, kind) in [
        ("ana", 99, Channel::Email, EventKind::Opened),
        ("ana", 98, Channel::Email, EventKind::Opened),
        ("ana", 50, Channel::Email, EventKind::Opened),
        ("ana", 99, Channel::Email, EventKind::Clicked),
        ("bo", 95, Channel::Sms, EventKind::Sent),
        ("bo", 99, Channel::Web, EventKind::Visited),
        ("cy", 10, Channel::Email, EventKind::Opened),
        ("di", 100, Channel::Email, EventKind::Opened),
        ("di", 90, Channel::Email, EventKind::Opened),
        ("di", 101, Channel::Email, EventKind::Opened),
    ] {
        ds.push_event(&EventRow::new(key, day(d), channel, kind));
    }
    ds.push_order(None, "ana", day(99), 100.0);
    ds.push_order(None, "bo", day(10), 5.0);
    push_consent(
        &mut ds,
        "ana",
        "news",
        Channel::Email,
        ConsentStatus::OptedIn,
        day(1),
        None,
    );
    push_consent(
        &mut ds,
        "bo",
        "news",
        Channel::Email,
        ConsentStatus::OptedOut,
        day(1),
        None,
    );
    ds
}

fn context(ds: &Dataset) -> SegmentContext<'_> {
    let mut ctx = SegmentContext::new(ds, day(AS_OF));
    ctx.set_rfm(&rfm(ds, &RfmOptions::default()));
    ctx.set_tiers(&tiers_in_period(
        ds,
        i64::MIN,
        i64::MAX,
        &TierConfig::default(),
    ));
    ctx.set_score("fit", vec![10.0, 50.0, f64::NAN, 80.0]);
    ctx
}

fn members(ds: &Dataset, bits: &Bits) -> String {
    bits.iter_ones()
        .map(|c| ds.keys.get(c))
        .collect::<Vec<_>>()
        .join(",")
}

/// Evaluates a rule written as saved JSON and compares the member keys.
fn check(json: &str, expected: &str) {
    let ds = dataset();
    let mut ctx = context(&ds);
    let rule: Rule = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    let got = ctx
        .evaluate(&rule)
        .unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(members(&ds, &got), expected, "{json}");
    let again: Rule =
        serde_json::from_str(&serde_json::to_string(&rule).expect("ser")).expect("round trip");
    assert_eq!(again, rule);
}

fn check_err(json: &str, expected: RuleError) {
    let ds = dataset();
    let rule: Rule = serde_json::from_str(json).expect("rule");
    assert_eq!(context(&ds).evaluate(&rule), Err(expected), "{json}");
}

#[test]
fn attribute_comparisons() {
    check(
        r#"{"type":"attribute","field":"country","op":"eq","value":"es"}"#,
        "ana,bo",
    );
    check(
        r#"{"type":"attribute","field":"País","op":"ne","value":"ES"}"#,
        "cy,di",
    );
    check(
        r#"{"type":"attribute","field":"country","op":"in","value":["FR","DE"]}"#,
        "cy",
    );
    check(
        r#"{"type":"attribute","field":"job_title","op":"contains","value":"DIREC"}"#,
        "ana",
    );
    check(
        r#"{"type":"attribute","field":"city","op":"is_set"}"#,
        "ana,bo,cy",
    );
    check(
        r#"{"type":"attribute","field":"age","op":"gt","value":30}"#,
        "ana",
    );
    check(
        r#"{"type":"attribute","field":"edad","op":"lt","value":30}"#,
        "bo",
    );
    check(
        r#"{"type":"attribute","field":"birth_year","op":"eq","value":"1990"}"#,
        "ana",
    );
    check(
        r#"{"type":"attribute","field":"company_size","op":"gt","value":20}"#,
        "ana",
    );
    check(
        r#"{"type":"attribute","field":"company_size","op":"is_set"}"#,
        "ana,bo",
    );
    check(
        r#"{"type":"attribute","field":"plan","op":"eq","value":"gold"}"#,
        "ana",
    );
    check(
        r#"{"type":"attribute","field":"ltv","op":"gt","value":100}"#,
        "ana",
    );
    check(
        r#"{"type":"attribute","field":"ltv","op":"lt","value":100}"#,
        "bo",
    );
    check(
        r#"{"type":"attribute","field":"key","op":"in","value":["DI","cy"]}"#,
        "cy,di",
    );
}

#[test]
fn event_counts_in_window() {
    // Window of 10 days as of day 100: 90 < day ≤ 100.
    check(
        r#"{"type":"event_count","kind":"opened","days":10,"min":2}"#,
        "ana",
    );
    check(
        r#"{"type":"event_count","kind":"opened","days":10,"min":1}"#,
        "ana,di",
    );
    check(
        r#"{"type":"event_count","kind":"opened","days":11,"min":2}"#,
        "ana,di",
    );
    check(
        r#"{"type":"event_count","channel":"sms","days":30,"min":1}"#,
        "bo",
    );
    check(
        r#"{"type":"event_count","direction":"inbound","days":5,"min":1}"#,
        "bo",
    );
    check(
        r#"{"type":"event_count","kind":"opened","days":365,"max":0}"#,
        "bo",
    );
    check(r#"{"type":"event_count","days":1,"min":1,"max":1}"#, "di");
    // As of day 50 instead: ana's day-50 open; cy's day-10 open is 40 days old.
    let day50 = day(50);
    check(
        &format!(r#"{{"type":"event_count","as_of":{day50},"kind":"opened","days":30,"min":1}}"#),
        "ana",
    );
}

#[test]
fn scores_segments_tiers_consent() {
    check(r#"{"type":"score","score":"fit","min":50}"#, "bo,di");
    check(r#"{"type":"score","score":"fit","max":20}"#, "ana");
    // RFM: ana recency 1 (R 3, F 1), bo recency 90 (R 1, F 1).
    check(
        r#"{"type":"rfm_segment","segments":["about_to_sleep"]}"#,
        "ana",
    );
    check(
        r#"{"type":"rfm_segment","segments":["hibernating","champions"]}"#,
        "bo",
    );
    // Tiers: ana makes 100 of 105 (A), bo starts at 95.2 % (C).
    check(r#"{"type":"tier","tiers":["A"]}"#, "ana");
    check(r#"{"type":"tier","tiers":["B","C"]}"#, "bo");
    check(
        r#"{"type":"consent","subject":"news","channel":"email","status":"opted_in"}"#,
        "ana",
    );
    check(
        r#"{"type":"consent","subject":"news","channel":"email","status":"unknown"}"#,
        "cy,di",
    );
}

#[test]
fn combinations() {
    let es = r#"{"type":"attribute","field":"country","op":"eq","value":"ES"}"#;
    let customer = r#"{"type":"attribute","field":"stage","op":"eq","value":"customer"}"#;
    check(
        &format!(r#"{{"type":"and","rules":[{es},{{"type":"not","rule":{customer}}}]}}"#),
        "ana",
    );
    check(
        &format!(r#"{{"type":"or","rules":[{customer},{{"type":"tier","tiers":["A"]}}]}}"#),
        "ana,bo",
    );
    check(r#"{"type":"or","rules":[]}"#, "");
    check(r#"{"type":"and","rules":[]}"#, "ana,bo,cy,di");
    check(r#"{"type":"not","rule":{"type":"all"}}"#, "");
}

#[test]
fn errors_are_values() {
    check_err(
        r#"{"type":"attribute","field":"shoe_size","op":"eq","value":"42"}"#,
        RuleError::UnknownField("shoe_size".into()),
    );
    check_err(
        r#"{"type":"attribute","field":"age","op":"contains","value":"4"}"#,
        RuleError::NotText("age".into()),
    );
    check_err(
        r#"{"type":"score","score":"nps","min":1}"#,
        RuleError::UnknownScore("nps".into()),
    );
    let ds = dataset();
    let rule = Rule::Tier {
        tiers: vec![Tier::A],
    };
    assert_eq!(
        SegmentContext::new(&ds, 0).evaluate(&rule),
        Err(RuleError::NoTiers)
    );
}

#[test]
fn exports_respect_consent() {
    let ds = dataset();
    let members = Bits::from_fn(4, |c| c < 3);
    let all = export_csv(
        &ds,
        &members,
        &["country", "plan", "birth_year", "age"],
        None,
        day(AS_OF),
    )
    .expect("export");
    assert_eq!(
        all.csv,
        "contact_key,country,plan,birth_year,age\nana,ES,gold,1990,36\nbo,es ,silver,2000,26\ncy,FR,,,\n"
    );
    assert_eq!((all.rows, all.dropped_no_consent), (3, 0));
    let news = export_csv(
        &ds,
        &members,
        &["country"],
        Some(("news", Channel::Email)),
        day(AS_OF),
    )
    .expect("export");
    assert_eq!(news.csv, "contact_key,country\nana,ES\n");
    assert_eq!((news.rows, news.dropped_no_consent), (1, 2));
    assert_eq!(
        export_csv(&ds, &members, &["nope"], None, day(AS_OF)),
        Err(RuleError::UnknownField("nope".into()))
    );
}

#[test]
fn saved_segments_round_trip() {
    let saved = SavedSegment {
        id: "s1".into(),
        name: "Spanish leads".into(),
        rule: Rule::And {
            rules: vec![
                Rule::Attribute {
                    field: "country".into(),
                    op: AttrOp::Eq("ES".into()),
                },
                Rule::EventCount {
                    as_of: None,
                    kind: Some(EventKind::Clicked),
                    channel: None,
                    direction: None,
                    days: 30,
                    min: Some(1),
                    max: None,
                },
            ],
        },
    };
    let json = serde_json::to_string(&saved).expect("ser");
    assert_eq!(
        serde_json::from_str::<SavedSegment>(&json).expect("de"),
        saved
    );
}

#[test]
fn live_count_reuses_cached_scans() {
    let ds = dataset();
    let mut ctx = context(&ds);
    for (min, expected) in [(1, 3), (2, 2), (3, 1), (4, 1), (5, 0)] {
        let rule = Rule::EventCount {
            as_of: None,
            kind: None,
            channel: Some(Channel::Email),
            direction: None,
            days: 365,
            min: Some(min),
            max: None,
        };
        assert_eq!(ctx.count(&rule), Ok(expected), "min {min}");
    }
    assert_eq!(ctx.counts.len(), 1);
}

#[test]
fn module_doc_example_evaluates() {
    let doc = include_str!("../rules.rs");
    let json: String = doc
        .lines()
        .skip_while(|l| !l.starts_with("//! ```text"))
        .skip(1)
        .take_while(|l| !l.starts_with("//! ```"))
        .map(|l| l.trim_start_matches("//!"))
        .collect();
    // ES/PT: ana, bo; under 40: both; an e-mail click in 30 days: ana.
    check(&json, "ana");
}

/// Leaves whose members are fixed by the test data set.
fn leaf(i: u8) -> Rule {
    let json = [
        r#"{"type":"attribute","field":"country","op":"eq","value":"es"}"#,
        r#"{"type":"attribute","field":"age","op":"gt","value":30}"#,
        r#"{"type":"event_count","kind":"opened","days":10,"min":1}"#,
        r#"{"type":"tier","tiers":["A"]}"#,
        r#"{"type":"consent","subject":"news","channel":"email","status":"opted_in"}"#,
        r#"{"type":"score","score":"fit","min":50}"#,
    ][i as usize % 6];
    serde_json::from_str(json).expect("leaf")
}

fn arb_rule() -> impl proptest::strategy::Strategy<Value = Rule> {
    use proptest::prelude::*;
    (0u8..6).prop_map(leaf).prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|rules| Rule::And { rules }),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|rules| Rule::Or { rules }),
            inner.prop_map(|r| Rule::Not { rule: Box::new(r) }),
        ]
    })
}

proptest::proptest! {
    #[test]
    fn boolean_laws_hold(a in arb_rule(), b in arb_rule()) {
        let ds = dataset();
        let mut ctx = context(&ds);
        let not = |r: Rule| Rule::Not { rule: Box::new(r) };
        let eval = |ctx: &mut SegmentContext<'_>, r: &Rule| ctx.evaluate(r).expect("rule").to_bools();
        let lhs = not(Rule::And { rules: vec![a.clone(), b.clone()] });
        let rhs = Rule::Or { rules: vec![not(a.clone()), not(b.clone())] };
        proptest::prop_assert_eq!(eval(&mut ctx, &lhs), eval(&mut ctx, &rhs));
        proptest::prop_assert_eq!(eval(&mut ctx, &not(not(a.clone()))), eval(&mut ctx, &a));
        let both = eval(&mut ctx, &Rule::And { rules: vec![a.clone(), b.clone()] });
        let (ea, eb) = (eval(&mut ctx, &a), eval(&mut ctx, &b));
        for c in 0..both.len() {
            proptest::prop_assert_eq!(both[c], ea[c] && eb[c]);
        }
        proptest::prop_assert_eq!(ctx.count(&a).expect("count"), ea.iter().filter(|&&x| x).count());
    }
}

#[test]
fn cache_survives_the_context_and_is_dropped_for_another_as_of() {
    let ds = dataset();
    let opens = r#"{"type":"event_count","kind":"opened","days":10,"min":2}"#;
    let rule: Rule = serde_json::from_str(opens).expect("rule");
    let mut ctx = context(&ds);
    // Window (day 90, day 100]: ana opened on 98 and 99, di only on 100.
    assert_eq!(members(&ds, &ctx.evaluate(&rule).expect("eval")), "ana");
    let cache = ctx.into_cache();
    // Same as-of: the RFM codes come back with the cache.
    let mut again = SegmentContext::with_cache(&ds, day(AS_OF), cache);
    assert!(again.has_rfm_and_tiers());
    assert_eq!(members(&ds, &again.evaluate(&rule).expect("eval")), "ana");
    // Another as-of: a fresh context, whose window ends a day later (di's
    // day-101 open now counts).
    let cache = again.into_cache();
    let mut later = SegmentContext::with_cache(&ds, day(AS_OF + 1), cache);
    assert!(!later.has_rfm_and_tiers());
    assert_eq!(
        members(&ds, &later.evaluate(&rule).expect("eval")),
        "ana,di"
    );
}
