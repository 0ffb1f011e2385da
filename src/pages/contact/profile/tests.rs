use super::*;
use canal_core::consent::push_consent;
use canal_core::identity::KeyKind;
use canal_core::model::{ConsentStatus, Direction, EventKind, EventRow, DAY};

const T0: i64 = 20_000 * DAY;

/// Ana is two records (`ana@x.com` alias `C1`, and `C9`) sharing a phone
/// written two ways; Bo is one record.
fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    let people = [
        (
            "ana@x.com",
            Some("C1"),
            "Ana García",
            "+34 612 345 678",
            "Madrid",
        ),
        ("C9", None, "Ana G.", "612345678", ""),
        ("bo@y.com", None, "Bo Smith", "", "Leeds"),
    ];
    for (key, alias, name, phone, city) in people {
        let id = ds.contact_id(key) as usize;
        if let Some(alias) = alias {
            ds.add_alias(alias, id as u32);
        }
        ds.contacts.name[id] = ds.text.intern(name);
        if !phone.is_empty() {
            ds.contacts.phone[id] = ds.text.intern(phone);
        }
        if !city.is_empty() {
            ds.contacts.city[id] = ds.text.intern(city);
        }
        if key.contains('@') {
            ds.contacts.email[id] = ds.text.intern(key);
        }
    }
    let mut sent = EventRow::new("C1", T0, Channel::Email, EventKind::Sent);
    sent.campaign = Some("welcome");
    ds.push_event(&sent);
    let mut reply = EventRow::new("ana@x.com", T0 + 3600, Channel::Email, EventKind::Replied);
    reply.campaign = Some("welcome");
    reply.direction = Direction::Inbound;
    ds.push_event(&reply);
    ds.push_event(&EventRow::new(
        "C9",
        T0 + 7200,
        Channel::Sms,
        EventKind::Sent,
    ));
    ds.push_event(&EventRow::new(
        "bo@y.com",
        T0,
        Channel::Web,
        EventKind::Visited,
    ));
    ds.push_order(Some("o1"), "C1", T0, 120.0);
    push_consent(
        &mut ds,
        "C9",
        "news",
        Channel::Sms,
        ConsentStatus::OptedIn,
        T0,
        Some("form"),
    );
    // As every loader does: the records that share the phone are one person.
    canal_core::people::unify(&mut ds);
    ds
}

fn id(ds: &Dataset, key: &str) -> u32 {
    ds.resolve_key(key).expect("known key")
}

#[test]
fn a_person_gathers_records_sharing_a_normalised_phone() {
    let ds = dataset();
    let a = Analyses::build(&ds, T0 + 2 * DAY);
    let (ana, ana2, bo) = (id(&ds, "C1"), id(&ds, "C9"), id(&ds, "bo@y.com"));
    assert_eq!((ana, ds.contact_count()), (ana2, 2));
    assert_ne!(ana, bo);
    assert_eq!(Profile::build(&ds, &a, ana).members, [ana]);
    assert!(
        a.scores.is_ok(),
        "the default rules evaluate: {:?}",
        a.scores
    );
}

#[test]
fn profile_shows_provenance_consent_score_and_orders() {
    let ds = dataset();
    let a = Analyses::build(&ds, T0 + 2 * DAY);
    let ana = id(&ds, "C1");
    let p = Profile::build(&ds, &a, ana);
    let provenance: Vec<(&str, Option<KeyKind>, &str)> = p
        .person
        .records
        .iter()
        .map(|r| {
            (
                r.record_id.as_str(),
                r.matched_key,
                r.matched_value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        provenance,
        [
            ("ana@x.com", Some(KeyKind::Phone), "+34612345678"),
            ("C9", Some(KeyKind::Phone), "+34612345678"),
        ]
    );
    assert_eq!(p.person.emails, ["ana@x.com"]);
    assert_eq!(p.person.external_ids, ["C1", "C9"]);
    // The consent of the other record is the person's.
    let consent: Vec<(&str, Channel, ConsentStatus)> = p
        .consent
        .iter()
        .map(|c| (c.subject.as_str(), c.channel, c.status))
        .collect();
    assert_eq!(consent, [("news", Channel::Sms, ConsentStatus::OptedIn)]);
    let score = p.score.expect("score");
    let lines: Vec<(&str, u32)> = score
        .lines
        .iter()
        .map(|l| (l.rule.as_str(), l.hits))
        .collect();
    assert_eq!(lines, [("replies", 1)]);
    // The Scoring screen's starting model: 10 points a reply with a 30-day
    // half-life, scored as of the last event (T0 + 2 h), an hour after it.
    let expected = 10.0 * 0.5f64.powf(1.0 / 24.0 / 30.0);
    assert!((score.total - expected).abs() < 1e-9, "{}", score.total);
    assert_eq!((score.fit, score.stage), (0.0, None));
    let rfm = p.rfm.expect("ana has an order");
    assert_eq!((rfm.frequency, rfm.monetary), (1, 120.0));
    assert_eq!(p.tier, Some(Tier::A));
    // One e-mail two days before and, to the other record of the same
    // person, one SMS (weight 2) 46 hours before: pressure
    // 1 × 0.5^(2/14) + 2 × 0.5^((46/24)/14), and every rule allows a message.
    let expected = 0.5f64.powf(2.0 / 14.0) + 2.0 * 0.5f64.powf(46.0 / 24.0 / 14.0);
    assert!(
        (p.eligibility.pressure - expected).abs() < 1e-9,
        "{}",
        p.eligibility.pressure
    );
    assert!(p.eligibility.reasons.is_empty(), "{:?}", p.eligibility);
    assert_eq!(
        p.preferred, None,
        "one message on each of two channels is too little"
    );
}

#[test]
fn records_carry_identifiers_and_optional_attributes() {
    let ds = dataset();
    let ana = id(&ds, "C1");
    let recs = identity_records(&ds, ana, true);
    assert_eq!(recs.len(), 2, "Ana's two records");
    let r = &recs[0];
    assert_eq!(r.emails, ["ana@x.com"], "e-mail column and key, once");
    assert_eq!(r.external_ids, ["C1"]);
    assert_eq!(r.phones, ["+34 612 345 678"]);
    let attrs: Vec<(&str, &str)> = r
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(attrs, [("name", "Ana García"), ("city", "Madrid")]);
    assert_eq!(
        (recs[1].record_id.as_str(), recs[1].phones.as_slice()),
        ("C9", &["612345678".to_owned()][..])
    );
    assert!(identity_records(&ds, ana, false)[0].attributes.is_empty());
}

/// The contact page scores as the Scoring screen does: same as-of (the
/// last event or order, not the end of that day), same RFM and tier
/// inputs; so the totals match even though the page's own "now" (for
/// pressure) is later.
#[test]
fn scores_equal_the_scoring_screens() {
    let ds = dataset();
    let a = Analyses::build(&ds, T0 + 30 * DAY);
    let ours = a.scores.as_ref().expect("scores");
    let span_end = crate::state::data::span(&ds).expect("data").1;
    let view = crate::pages::segments::model::rfm_view(&ds, None);
    let mut ctx = SegmentContext::new(&ds, span_end);
    ctx.set_rfm(&view.rfm);
    ctx.set_tiers(&view.tiers);
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let screen = scoring::score(
        &ds,
        &mut ctx,
        &events,
        &a.model,
        span_end,
        Some(span_end - 30 * DAY),
    )
    .expect("scores");
    assert_eq!(ours.as_of, span_end);
    assert_eq!(ours.total, screen.total);
    assert!(ours.total.iter().any(|&t| t > 0.0), "{:?}", ours.total);
}
