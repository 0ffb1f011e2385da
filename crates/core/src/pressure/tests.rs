use super::*;
use crate::consent::push_consent;
use crate::model::EventRow;
use proptest::prelude::*;

const H: i64 = 3600;

fn d(k: i64) -> i64 {
    (20_460 + k) * DAY
}

fn config() -> PressureConfig {
    PressureConfig {
        caps: vec![
            Cap {
                channel: None,
                max: 3,
                period_days: 7,
            },
            Cap {
                channel: Some(Channel::Email),
                max: 2,
                period_days: 7,
            },
        ],
        ..PressureConfig::default()
    }
}

/// a: e-mails on days 0 and 14. b: SMS and a call on day 0. m: a meeting
/// (custom event in store) on day 0. c: e-mails on days 0, 2, 4. s: an
/// e-mail at day 0 + 12 h. e: only outcomes and inbound activity.
fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    use Channel::*;
    use EventKind::*;
    for (key, ts, channel, kind) in [
        ("a", d(0), Email, Sent),
        ("a", d(14), Email, Sent),
        ("b", d(0), Sms, Sent),
        ("b", d(0), Phone, Call),
        ("m", d(0), Store, Custom),
        ("c", d(4), Email, Sent),
        ("c", d(0), Email, Sent),
        ("c", d(2), Email, Sent),
        ("s", d(0) + 12 * H, Email, Sent),
        ("e", d(0), Email, Delivered),
        ("e", d(0), Email, Opened),
        ("e", d(1), Web, Visited),
    ] {
        ds.push_event(&EventRow::new(key, ts, channel, kind));
    }
    for key in ["a", "c", "s"] {
        push_consent(
            &mut ds,
            key,
            "news",
            Email,
            ConsentStatus::OptedIn,
            d(-10),
            None,
        );
    }
    push_consent(
        &mut ds,
        "m",
        "news",
        Email,
        ConsentStatus::OptedOut,
        d(-10),
        None,
    );
    ds
}

fn with<T>(f: impl FnOnce(&Dataset, &Pressure<'_>) -> T) -> T {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let config = config();
    let p = Pressure::new(&ds, &events, &config);
    f(&ds, &p)
}

fn check_pressure(key: &str, t: i64, expected: f64) {
    with(|ds, p| {
        let c = ds.keys.lookup(key).expect("contact");
        assert_eq!(p.at(c, t), expected, "{key} at {t}");
        assert_eq!(p.all_at(t)[c as usize], expected, "{key} at {t}, all");
    });
}

#[test]
fn pressure_decays_by_half_life() {
    check_pressure("a", d(0), 1.0);
    check_pressure("a", d(14), 1.5);
    check_pressure("a", d(28), 0.75);
    check_pressure("a", d(0) - 1, 0.0);
    check_pressure("b", d(14), 3.5);
    check_pressure("m", d(14), 5.0);
    check_pressure("m", d(28), 2.5);
    check_pressure("e", d(2), 0.0);
}

/// Reasons as short names, e.g. `cap:3,spacing`.
fn check(key: &str, channel: Option<Channel>, t: i64, reasons: &str, next: i64) {
    with(|ds, p| {
        let c = ds.keys.lookup(key).expect("contact");
        let e = p.eligibility(c, channel, t);
        let got: Vec<String> = e.reasons.iter().map(short).collect();
        assert_eq!(got.join(","), reasons, "{key} at {t}");
        assert_eq!(e.next_eligible, Some(next), "{key} next eligible");
    });
}

fn short(r: &SkipReason) -> String {
    match r {
        SkipReason::NoConsent { status } => format!("consent:{status:?}"),
        SkipReason::Cap { cap, count } => match cap.channel {
            Some(ch) => format!("cap_{ch}:{count}"),
            None => format!("cap:{count}"),
        },
        SkipReason::Spacing { .. } => "spacing".into(),
        SkipReason::Pressure { .. } => "pressure".into(),
        SkipReason::Duplicate => "duplicate".into(),
    }
}

#[test]
fn eligibility_and_next_date() {
    // Global cap 3/7 d frees up when day 0 leaves (day 7); e-mail cap 2/7 d
    // when day 2 leaves (day 9).
    check("c", Some(Channel::Email), d(5), "cap:3,cap_email:3", d(9));
    check("c", Some(Channel::Sms), d(5), "cap:3", d(7));
    check("c", Some(Channel::Sms), d(7), "", d(7));
    check("s", Some(Channel::Email), d(1), "spacing", d(1) + 12 * H);
    check("s", Some(Channel::Email), d(1) + 12 * H, "", d(1) + 12 * H);
    // Exactly at the threshold is over it; one second later it is below.
    check("m", None, d(14), "pressure", d(14) + 1);
    // 10 · 0.5^(Δ/14 d) < 5 needs Δ > 14 days.
    check("m", Some(Channel::Email), d(1), "pressure", d(14) + 1);
    check("e", Some(Channel::Email), d(1), "", d(1));
}

#[test]
fn kind_weights_override_channel_weights() {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let mut config = config();
    // b's call on the phone now weighs 8 instead of the phone's 5; its SMS
    // keeps the channel weight 2. At day 14 both are at half weight.
    config.kind_weights = vec![KindWeight {
        kind: EventKind::Call,
        weight: 8.0,
    }];
    let p = Pressure::new(&ds, &events, &config);
    let b = ds.keys.lookup("b").expect("b");
    assert_eq!(p.at(b, d(14)), 5.0);
    assert_eq!(p.all_at(d(14))[b as usize], 5.0);
    let json = serde_json::to_string(&config).expect("ser");
    assert!(
        json.contains(r#""kind_weights":[{"kind":"call","weight":8.0}]"#),
        "{json}"
    );
}

#[test]
fn a_zero_cap_blocks_for_good() {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let mut config = config();
    config.caps.push(Cap {
        channel: Some(Channel::Sms),
        max: 0,
        period_days: 7,
    });
    let p = Pressure::new(&ds, &events, &config);
    let e = p.eligibility(ds.keys.lookup("e").expect("e"), Some(Channel::Sms), d(30));
    assert_eq!(e.reasons.len(), 1);
    assert_eq!(e.next_eligible, None);
    let email = p.eligibility(ds.keys.lookup("e").expect("e"), Some(Channel::Email), d(30));
    assert_eq!((email.reasons.len(), email.next_eligible), (0, Some(d(30))));
}

#[test]
fn over_pressure_lists_contacts_and_dates() {
    with(|ds, p| {
        let got = p.over_pressure(d(7));
        // m: 10 · 0.5^(7/14) ≈ 7.07 ≥ 5; b: 7 · 0.5^(1/2) ≈ 4.95 < 5.
        assert_eq!(got.len(), 1);
        assert_eq!(
            (ds.keys.get(got[0].contact), got[0].next_eligible),
            ("m", Some(d(14) + 1))
        );
        assert!((got[0].pressure - 10.0 * 0.5f64.sqrt()).abs() < 1e-12);
    });
}

#[test]
fn simulated_send_explains_every_skip() {
    with(|ds, p| {
        let id = |k: &str| ds.keys.lookup(k).expect("contact");
        let plan = PlannedSend {
            contacts: vec![id("a"), id("c"), id("s"), id("m"), id("e"), id("a")],
            channel: Channel::Email,
            at: d(5),
            subject: Some("news".into()),
        };
        let sim = p.simulate(&plan);
        assert_eq!(sim.send, [id("a"), id("s")]);
        let skipped: Vec<(&str, String, Option<i64>)> = sim
            .skipped
            .iter()
            .map(|s| {
                let reasons: Vec<String> = s.reasons.iter().map(short).collect();
                (ds.keys.get(s.contact), reasons.join(","), s.next_eligible)
            })
            .collect();
        let row = |k: &'static str, r: &str, n: Option<i64>| (k, r.to_string(), n);
        assert_eq!(
            skipped,
            [
                row("c", "cap:3,cap_email:3", Some(d(9))),
                row("m", "consent:OptedOut,pressure", None),
                row("e", "consent:Unknown", None),
                row("a", "duplicate", None),
            ]
        );
        assert_eq!(
            (
                sim.no_consent,
                sim.capped,
                sim.too_soon,
                sim.over_pressure,
                sim.duplicates
            ),
            (2, 1, 0, 1, 1)
        );
    });
}

proptest! {
    #[test]
    fn pressure_is_monotone_in_added_messages(
        msgs in proptest::collection::vec((0i64..60 * 24, 0u8..12), 0..20),
        extra in (0i64..60 * 24, 0u8..12),
        t in 0i64..70 * 24,
    ) {
        let build = |msgs: &[(i64, u8)]| {
            let mut ds = Dataset::default();
            for &(hour, ch) in msgs {
                let channel = Channel::from_code(ch).unwrap_or(Channel::Email);
                ds.push_event(&EventRow::new("x", d(0) + hour * H, channel, EventKind::Sent));
            }
            ds
        };
        let base = build(&msgs);
        let mut more_msgs = msgs.clone();
        more_msgs.push(extra);
        let more = build(&more_msgs);
        let config = config();
        let (eb, em) = (
            ContactEvents::build(&base.events, base.contact_count()),
            ContactEvents::build(&more.events, more.contact_count()),
        );
        let (pb, pm) = (Pressure::new(&base, &eb, &config), Pressure::new(&more, &em, &config));
        let at = d(0) + t * H;
        prop_assert!(pm.at(0, at) >= pb.at(0, at) - 1e-12);
        let (nb, nm) = (
            pb.eligibility(0, Some(Channel::Email), at).next_eligible,
            pm.eligibility(0, Some(Channel::Email), at).next_eligible,
        );
        prop_assert!(nm >= nb);
    }
}
