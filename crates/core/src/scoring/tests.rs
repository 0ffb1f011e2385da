use super::*;
use crate::model::EventRow;
use crate::rules::AttrOp;

/// Day 20460 (2026-01-07) starts a 30-day cap period: 20460 = 30 × 682.
fn d(k: i64) -> i64 {
    (20_460 + k) * DAY
}

fn attr(field: &str, op: AttrOp) -> Rule {
    Rule::Attribute {
        field: field.into(),
        op,
    }
}

fn fit(id: &str, condition: Rule, points: f64) -> FitRule {
    FitRule {
        id: id.into(),
        condition,
        points,
    }
}

fn interaction(id: &str, kind: EventKind, points: f64, cap: Option<f64>) -> InteractionRule {
    InteractionRule {
        id: id.into(),
        kind: Some(kind),
        channel: None,
        direction: None,
        name: None,
        points,
        cap,
        cap_period_days: 30,
    }
}

fn model(half_life_days: Option<f64>) -> ScoringModel {
    ScoringModel {
        demographic: vec![fit("spain", attr("country", AttrOp::Eq("ES".into())), 10.0)],
        functional: vec![
            fit(
                "director",
                attr("job_title", AttrOp::Contains("director".into())),
                20.0,
            ),
            fit("big_company", attr("company_size", AttrOp::Gt(100.0)), 15.0),
        ],
        interaction: vec![
            interaction("open", EventKind::Opened, 2.0, Some(4.0)),
            interaction("click", EventKind::Clicked, 5.0, None),
            interaction("reply", EventKind::Replied, 10.0, None),
        ],
        half_life_days,
        ..ScoringModel::default()
    }
}

/// ana (fit 45), bo (fit 0), cy (fit 45), di (fit 0).
fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    for key in ["ana", "bo", "cy", "di"] {
        ds.contact_id(key);
    }
    for key in ["ana", "cy"] {
        let c = ds.contact_id(key) as usize;
        ds.contacts.country[c] = ds.text.intern("ES");
        ds.contacts.job_title[c] = ds.text.intern("Marketing Director");
        ds.contacts.company_size[c] = 200;
    }
    use EventKind::*;
    for (key, k, kind) in [
        ("ana", 0, Opened),
        ("ana", 1, Opened),
        ("ana", 2, Opened),
        ("ana", 31, Opened),
        ("ana", 32, Clicked),
        ("bo", 30, Clicked),
        ("bo", 0, Replied),
        ("cy", 0, Opened),
        ("cy", 1, Opened),
        ("cy", 10, Clicked),
        ("cy", 20, Replied),
        ("cy", 25, Replied),
        ("cy", 35, Clicked),
        ("cy", 38, Replied),
        ("di", 50, Opened),
    ] {
        ds.push_event(&EventRow::new(key, d(k), Channel::Email, kind));
    }
    let mut machine = EventRow::new("di", d(1), Channel::Email, Opened);
    machine.flags = flags::MACHINE_OPEN;
    ds.push_event(&machine);
    ds
}

fn run(model: &ScoringModel, as_of: i64, since: Option<i64>) -> (Dataset, ContactEvents, Scores) {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let scores = {
        let mut ctx = SegmentContext::new(&ds, as_of);
        score(&ds, &mut ctx, &events, model, as_of, since).expect("score")
    };
    (ds, events, scores)
}

/// Expected per contact: (fit, engagement, stage or "").
fn check(half_life: Option<f64>, as_of_k: i64, expected: &[(f64, f64, &str)]) {
    let m = model(half_life);
    let (_, _, s) = run(&m, d(as_of_k), None);
    for (c, &(fit, engagement, stage)) in expected.iter().enumerate() {
        assert_eq!(s.fit[c], fit, "fit of {c}");
        assert!(
            (s.engagement[c] - engagement).abs() < 1e-9,
            "engagement of {c}: {}",
            s.engagement[c]
        );
        assert!((s.total[c] - fit - engagement).abs() < 1e-9);
        let got = m
            .stages
            .get(s.stage[c] as usize)
            .map_or("", |x| x.name.as_str());
        assert_eq!(got, stage, "stage of {c}");
    }
}

#[test]
fn points_caps_and_stages_without_decay() {
    // ana: opens 0 + 2 + 2 (cap 4 in the first period, newest first) + 2
    // (next period) + click 5.
    // cy: opens 4, clicks 10, replies 30. di: the machine open earns nothing.
    check(
        None,
        40,
        &[
            (45.0, 11.0, "MQL"),
            (0.0, 15.0, ""),
            (45.0, 44.0, "SQL"),
            (0.0, 0.0, ""),
        ],
    );
    // As of day 5 only ana's and cy's first opens and bo's reply count.
    check(
        None,
        5,
        &[
            (45.0, 4.0, ""),
            (0.0, 10.0, ""),
            (45.0, 4.0, ""),
            (0.0, 0.0, ""),
        ],
    );
}

#[test]
fn half_life_decay() {
    // bo as of day 60, half-life 30: reply 10 × 0.5² + click 5 × 0.5 = 5;
    // di's day-50 open now counts, the machine open still does not.
    check(
        Some(30.0),
        60,
        &[
            (45.0, ana_decayed(), ""),
            (0.0, 5.0, ""),
            (45.0, cy_decayed(), "MQL"),
            (0.0, decayed(&[(50, 2.0)], 60), ""),
        ],
    );
}

fn decayed(events: &[(i64, f64)], as_of: i64) -> f64 {
    events
        .iter()
        .map(|&(k, p)| p * 0.5f64.powf((as_of - k) as f64 / 30.0))
        .sum()
}

fn ana_decayed() -> f64 {
    // The newest opens of the first period (days 1 and 2) hold its cap.
    decayed(&[(1, 2.0), (2, 2.0), (31, 2.0), (32, 5.0)], 60)
}

fn cy_decayed() -> f64 {
    decayed(
        &[
            (0, 2.0),
            (1, 2.0),
            (10, 5.0),
            (20, 10.0),
            (25, 10.0),
            (35, 5.0),
            (38, 10.0),
        ],
        60,
    )
}

#[test]
fn crossings_say_who_when_and_why() {
    let m = model(None);
    let (ds, _, s) = run(&m, d(40), Some(d(5)));
    let got: Vec<(&str, &str, i64, f64, &str)> = s
        .crossings
        .iter()
        .map(|x| {
            (
                ds.keys.get(x.contact),
                x.stage.as_str(),
                x.at,
                x.score,
                x.trigger.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("cy", "MQL", d(10), 54.0, "click"),
            ("ana", "MQL", d(31), 51.0, "open"),
            ("cy", "SQL", d(38), 89.0, "reply"),
        ]
    );
}

#[test]
fn breakdown_splits_the_score_by_rule() {
    let m = model(None);
    let (ds, events, s) = run(&m, d(40), None);
    let lines = s.breakdown(&ds, &events, &m, 0);
    let got: Vec<(&str, &str, u32, f64)> = lines
        .iter()
        .map(|l| (l.family, l.rule.as_str(), l.hits, l.points))
        .collect();
    assert_eq!(
        got,
        [
            ("demographic", "spain", 1, 10.0),
            ("functional", "director", 1, 20.0),
            ("functional", "big_company", 1, 15.0),
            ("interaction", "open", 4, 6.0),
            ("interaction", "click", 1, 5.0),
            ("interaction", "reply", 0, 0.0),
        ]
    );
    let sum: f64 = s
        .breakdown(&ds, &events, &m, 2)
        .iter()
        .map(|l| l.points)
        .sum();
    assert_eq!(sum, s.total[2]);
}

#[test]
fn models_are_saved_as_json() {
    let m: ScoringModel = serde_json::from_str("{}").expect("defaults");
    assert_eq!(m, ScoringModel::default());
    assert_eq!(m.half_life_days, Some(30.0));
    assert_eq!((m.stages[0].min_score, m.stages[1].min_score), (50.0, 80.0));
    let mut full = model(Some(14.0));
    full.stages[1].actions = vec![
        StageAction::SendLead,
        StageAction::AddToSegment("hot".into()),
    ];
    let json = serde_json::to_string(&full).expect("ser");
    assert_eq!(
        serde_json::from_str::<ScoringModel>(&json).expect("de"),
        full
    );
}

fn engagement_of(events: &[(i64, u8)], as_of: i64) -> f64 {
    let mut ds = Dataset::default();
    ds.contact_id("p");
    let kinds = [EventKind::Opened, EventKind::Clicked, EventKind::Replied];
    for &(hour, k) in events {
        let kind = kinds[k as usize % kinds.len()];
        ds.push_event(&EventRow::new(
            "p",
            d(0) + hour * 3600,
            Channel::Email,
            kind,
        ));
    }
    let mut m = model(Some(30.0));
    m.interaction[1].cap = Some(7.0);
    m.interaction[1].cap_period_days = 7;
    let contact_events = ContactEvents::build(&ds.events, ds.contact_count());
    let mut ctx = SegmentContext::new(&ds, as_of);
    let s = score(&ds, &mut ctx, &contact_events, &m, as_of, None).expect("score");
    s.engagement[0]
}

proptest::proptest! {
    #[test]
    fn one_more_interaction_never_lowers_engagement(
        events in proptest::collection::vec((0i64..90 * 24, 0u8..3), 0..30),
        extra in (0i64..90 * 24, 0u8..3),
        as_of_hour in 0i64..100 * 24,
    ) {
        let as_of = d(0) + as_of_hour * 3600;
        let base = engagement_of(&events, as_of);
        let mut more = events.clone();
        more.push(extra);
        proptest::prop_assert!(engagement_of(&more, as_of) >= base - 1e-9);
    }
}

#[test]
fn very_short_half_life_decays_each_event_directly() {
    // 30-day cap periods with a 864-second half-life are 3000 half-lives
    // long: the growth trick would overflow, so events decay one by one.
    // As of day 2 + 864 s, ana's day-2 open is worth 2 · 0.5 and the day-1
    // open 2 · 0.5^101; the day-0 open is past the cap.
    let m = model(Some(0.01));
    let (_, _, s) = run(&m, d(2) + 864, None);
    let expected = 1.0 + 2.0 * 0.5f64.powi(101);
    assert!(
        (s.engagement[0] - expected).abs() < 1e-12,
        "{}",
        s.engagement[0]
    );
}

#[test]
fn blocks_of_contacts_score_like_one_contact_at_a_time() {
    // 3,000 contacts × 7 events plus one contact with 20,000 events span
    // several gather blocks, one of them larger than a block on its own.
    let mut ds = Dataset::default();
    let kinds = [EventKind::Opened, EventKind::Clicked, EventKind::Replied];
    let mut x = 7u64;
    let mut next = |n: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) % n
    };
    let keys: Vec<String> = (0..3001).map(|i| format!("c{i}")).collect();
    for k in &keys {
        ds.contact_id(k);
    }
    for i in 0..3000 * 7 + 20_000 {
        let who = if i < 21_000 {
            next(3000) as usize
        } else {
            3000
        };
        let kind = kinds[next(3) as usize];
        let ts = d(0) + next(90 * 86_400) as i64;
        ds.push_event(&EventRow::new(&keys[who], ts, Channel::Email, kind));
    }
    let m = model(Some(30.0));
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let as_of = d(60);
    let mut ctx = SegmentContext::new(&ds, as_of);
    let s = score(&ds, &mut ctx, &events, &m, as_of, None).expect("score");
    for c in (0..3001u32).step_by(97).chain([3000]) {
        let by_rule: f64 = s
            .breakdown(&ds, &events, &m, c)
            .iter()
            .filter(|l| l.family == "interaction")
            .map(|l| l.points)
            .sum();
        assert!(
            (s.engagement[c as usize] - by_rule).abs() < 1e-6,
            "contact {c}"
        );
    }
}
