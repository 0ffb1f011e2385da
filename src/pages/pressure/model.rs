//! The pressure page's computations, apart from the components: contacts
//! over pressure and the simulation of a planned send to an audience.

use crate::pages::segments::model::RfmView;
use canal_core::by_contact::ContactEvents;
use canal_core::model::Channel;
use canal_core::pressure::{OverPressure, PlannedSend, Pressure, PressureConfig, SendSimulation};
use canal_core::rfm::Segment;
use canal_core::rules::{SavedSegment, SegmentContext};
use canal_core::Dataset;

/// Pressure figures at one time.
#[derive(Clone, Debug, PartialEq)]
pub struct PressureView {
    /// Contacts at or over the threshold, highest pressure first.
    pub over: Vec<OverPressure>,
    /// Mean pressure over every contact.
    pub mean: f64,
    /// Contacts with any pressure.
    pub pressured: u32,
}

/// Contacts over pressure at `t` and the mean pressure.
pub fn pressure_view(
    ds: &Dataset,
    events: &ContactEvents,
    config: &PressureConfig,
    t: i64,
) -> PressureView {
    let p = Pressure::new(ds, events, config);
    let all = p.all_at(t);
    let n = all.len().max(1) as f64;
    let mut over = p.over_pressure(t);
    over.sort_by(|a, b| {
        b.pressure
            .total_cmp(&a.pressure)
            .then(a.contact.cmp(&b.contact))
    });
    PressureView {
        over,
        mean: all.iter().sum::<f64>() / n,
        pressured: all.iter().filter(|&&x| x > 0.0).count() as u32,
    }
}

/// Who a planned send goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every contact.
    All,
    /// One RFM segment.
    Rfm(Segment),
    /// A custom segment saved in the builder, by id.
    Saved(String),
}

impl Audience {
    /// The value of its `<option>`.
    pub fn value(&self) -> String {
        match self {
            Audience::All => "all".into(),
            Audience::Rfm(s) => format!("rfm:{}", s.as_str()),
            Audience::Saved(id) => format!("saved:{id}"),
        }
    }

    /// The audience an `<option>` value names.
    pub fn parse(value: &str) -> Audience {
        if let Some(id) = value.strip_prefix("saved:") {
            return Audience::Saved(id.to_owned());
        }
        value
            .strip_prefix("rfm:")
            .and_then(|s| Segment::ALL.into_iter().find(|x| x.as_str() == s))
            .map_or(Audience::All, Audience::Rfm)
    }

    /// The dense contact ids of the audience; a saved segment's rule sees
    /// event windows ending at `as_of` and the RFM segments and tiers of
    /// `rfm`. A saved segment that is gone or cannot run is empty.
    pub fn contacts(
        &self,
        ds: &Dataset,
        rfm: &RfmView,
        saved: &[SavedSegment],
        as_of: i64,
    ) -> Vec<u32> {
        match self {
            Audience::All => (0..ds.contact_count() as u32).collect(),
            Audience::Rfm(s) => rfm
                .rfm
                .customers
                .iter()
                .filter(|c| c.segment == *s)
                .map(|c| c.contact)
                .collect(),
            Audience::Saved(id) => {
                let Some(seg) = saved.iter().find(|x| x.id == *id) else {
                    return Vec::new();
                };
                let mut ctx = SegmentContext::new(ds, as_of);
                ctx.set_rfm(&rfm.rfm);
                ctx.set_tiers(&rfm.tiers);
                ctx.evaluate(&seg.rule)
                    .map(|b| b.iter_ones().collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// Simulates sending to `contacts` on `channel` at `at`; `subject` (when
/// not empty) requires consent for it.
pub fn simulate(
    ds: &Dataset,
    events: &ContactEvents,
    config: &PressureConfig,
    contacts: Vec<u32>,
    channel: Channel,
    at: i64,
    subject: &str,
) -> SendSimulation {
    let p = Pressure::new(ds, events, config);
    let subject = subject.trim();
    p.simulate(&PlannedSend {
        contacts,
        channel,
        at,
        subject: (!subject.is_empty()).then(|| subject.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::model::{EventKind, EventRow, DAY};

    fn dataset() -> Dataset {
        let mut ds = Dataset::default();
        // a: an e-mail on each of days 0–4; b: one on day 4, and an order.
        for d in 0..5 {
            ds.push_event(&EventRow::new(
                "a",
                d * DAY,
                Channel::Email,
                EventKind::Sent,
            ));
        }
        ds.push_event(&EventRow::new(
            "b",
            4 * DAY,
            Channel::Email,
            EventKind::Sent,
        ));
        ds.push_order(None, "b", 4 * DAY, 10.0);
        ds
    }

    #[test]
    fn over_pressure_and_simulation() {
        let ds = dataset();
        let events = ContactEvents::build(&ds.events, ds.contact_count());
        let config = PressureConfig {
            max_pressure: Some(4.0),
            ..PressureConfig::default()
        };
        let t = 4 * DAY + 3600;
        let v = pressure_view(&ds, &events, &config, t);
        // a: Σ 0.5^(age/14) over ages 0..4 days (+1 h) ≈ 4.53 ≥ 4; b ≈ 1.
        assert_eq!(v.over.len(), 1);
        assert_eq!(v.over[0].contact, 0);
        assert_eq!(v.pressured, 2);
        // Sending to everyone an hour after the last e-mails: a is capped
        // (5 in 7 days ≥ 4), too soon and over pressure; b too soon.
        let sim = simulate(&ds, &events, &config, vec![0, 1], Channel::Email, t, "");
        assert_eq!(sim.send, Vec::<u32>::new());
        assert_eq!((sim.capped, sim.too_soon, sim.over_pressure), (1, 2, 1));
        // A day and a half later b may get it.
        let later = simulate(
            &ds,
            &events,
            &config,
            vec![0, 1],
            Channel::Email,
            t + DAY + DAY / 2,
            "",
        );
        assert_eq!(later.send, vec![1]);
        // Consent required and nobody opted in: both skipped for it.
        let consent = simulate(
            &ds,
            &events,
            &config,
            vec![1],
            Channel::Email,
            t + 2 * DAY,
            "news",
        );
        assert_eq!(consent.no_consent, 1);
    }

    #[test]
    fn audiences() {
        let ds = dataset();
        let v = crate::pages::segments::model::rfm_view(&ds, None);
        let check = |a: Audience, saved: &[SavedSegment], expected: Vec<u32>| {
            assert_eq!(a.contacts(&ds, &v, saved, 5 * DAY), expected, "{a:?}");
        };
        check(Audience::All, &[], vec![0, 1]);
        let seg = v.rfm.customers[0].segment;
        check(Audience::Rfm(seg), &[], vec![1]);
        // A saved rule: whoever got 3+ messages in the last 7 days (a).
        let rule = serde_json::from_str(r#"{"type":"event_count","kind":"sent","days":7,"min":3}"#)
            .expect("rule");
        let saved = [SavedSegment {
            id: "busy".into(),
            name: "Busy".into(),
            rule,
        }];
        check(Audience::Saved("busy".into()), &saved, vec![0]);
        check(Audience::Saved("gone".into()), &saved, vec![]);
        for a in [
            Audience::All,
            Audience::Rfm(Segment::AtRisk),
            Audience::Saved("busy".into()),
        ] {
            assert_eq!(Audience::parse(&a.value()), a);
        }
        assert_eq!(Audience::parse("nonsense"), Audience::All);
    }
}
