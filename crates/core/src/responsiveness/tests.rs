use super::*;
use crate::consent::push_consent;
use crate::model::{ConsentStatus, Direction, EventRow};

fn d(k: i64) -> i64 {
    (20_460 + k) * DAY
}

/// a: e-mail 3 messages / 1 answered (open + click on one, a click too
///    late for another), SMS 3 / 1 (an inbound reply).
/// b: e-mail 1 / 1 (the machine open does not count, the click does), web
///    push known only by a delivery, answered by a click.
/// c: nothing. s: e-mail 3 / 0, opted in to web push.
fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    use Channel::*;
    use EventKind::*;
    let rows: &[(&str, i64, Channel, EventKind)] = &[
        ("a", 0, Email, Sent),
        ("a", 1, Email, Opened),
        ("a", 1, Email, Clicked),
        ("a", 10, Email, Sent),
        ("a", 20, Email, Sent),
        ("a", 30, Email, Clicked),
        ("a", 0, Sms, Sent),
        ("a", 5, Sms, Sent),
        ("a", 9, Sms, Sent),
        ("b", 0, Email, Sent),
        ("b", 2, Email, Clicked),
        ("b", 0, WebPush, Delivered),
        ("b", 0, WebPush, Clicked),
        ("c", 0, Web, Visited),
        ("s", 0, Email, Sent),
        ("s", 1, Email, Sent),
        ("s", 2, Email, Sent),
    ];
    for &(key, k, channel, kind) in rows {
        ds.push_event(&EventRow::new(key, d(k), channel, kind));
    }
    let mut reply = EventRow::new("a", d(6), Sms, Replied);
    reply.direction = Direction::Inbound;
    ds.push_event(&reply);
    let mut machine = EventRow::new("b", d(0), Email, Opened);
    machine.flags = flags::MACHINE_OPEN;
    ds.push_event(&machine);
    push_consent(
        &mut ds,
        "s",
        "news",
        WebPush,
        ConsentStatus::OptedIn,
        d(0),
        None,
    );
    push_consent(
        &mut ds,
        "a",
        "news",
        WebPush,
        ConsentStatus::OptedIn,
        d(0),
        None,
    );
    ds
}

fn model() -> (Dataset, Responsiveness) {
    let ds = dataset();
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let r = responsiveness(&ds, &events, &ResponsivenessConfig::default());
    (ds, r)
}

/// Expected per channel: (channel, messages, responses, propensity).
fn check(key: &str, expected: &[(Channel, u32, u32, f64)], preferred: Option<Channel>) {
    let (ds, r) = model();
    let c = ds.keys.lookup(key).expect("contact");
    let got = r.channels(c);
    assert_eq!(got.len(), expected.len(), "{key}: {got:?}");
    for (g, &(ch, m, resp, p)) in got.iter().zip(expected) {
        assert_eq!((g.channel, g.messages, g.responses), (ch, m, resp), "{key}");
        assert!(
            (g.propensity - p).abs() < 1e-12,
            "{key} {ch}: {}",
            g.propensity
        );
    }
    assert_eq!(r.preferred(c), preferred, "{key}");
}

#[test]
fn population_rates() {
    let (_, r) = model();
    let p = |ch: Channel| {
        let s = r.population[ch.code() as usize];
        (s.messages, s.responses, s.propensity)
    };
    assert_eq!(p(Channel::Email), (7, 2, 2.0 / 7.0));
    assert_eq!(p(Channel::Sms), (3, 1, 1.0 / 3.0));
    assert_eq!(p(Channel::WebPush), (1, 1, 1.0));
    assert_eq!(p(Channel::Phone), (0, 0, 0.0));
}

#[test]
fn propensities_and_preferred_channel() {
    // a e-mail: (1 + 5·2/7) / (3 + 5) = (17/7) / 8; SMS: (1 + 5/3) / 8 = 1/3.
    check(
        "a",
        &[
            (Channel::Email, 3, 1, 17.0 / 56.0),
            (Channel::Sms, 3, 1, 1.0 / 3.0),
        ],
        Some(Channel::Sms),
    );
    // b: one message per channel is not enough evidence for a preference.
    check(
        "b",
        &[
            (Channel::Email, 1, 1, (1.0 + 10.0 / 7.0) / 6.0),
            (Channel::WebPush, 1, 1, 1.0),
        ],
        None,
    );
    check("c", &[], None);
    let (ds, r) = model();
    let c = ds.keys.lookup("c").expect("c");
    assert!((r.propensity(c, Channel::Email) - 2.0 / 7.0).abs() < 1e-12);
}

#[test]
fn silent_on_email_but_reachable_by_push() {
    let (ds, r) = model();
    let got = r.unresponsive_but_reachable(&ds, Channel::Email, 3, Channel::WebPush, "news");
    let keys: Vec<&str> = got.iter_ones().map(|c| ds.keys.get(c)).collect();
    assert_eq!(keys, ["s"]);
}
