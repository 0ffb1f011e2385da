//! Support metrics (SPEC §3): inbound volume by channel, who contacted
//! support, categories, first response time and satisfaction.
//!
//! Definitions, as computed here:
//! - A **support contact** is a `support_ticket` event, or any other inbound
//!   message (reply, call, custom) in the support scope. Visits, sessions,
//!   page views, purchases and survey answers are inbound but are not
//!   contacts.
//! - **% of customers who contacted support** = distinct contacts with a
//!   support contact in the period / every contact of the data set.
//! - **Category** comes from the event name: it contains `incident`
//!   (`incidencia`, `outage`, `bug`), `complaint` (`queja`, `reclam`) or
//!   `question` (`pregunta`, `consulta`, or a `?`), ignoring case; else `other`.
//! - **First response time** of a support contact = time to the next
//!   outbound message (`sent`, `replied`, `call`, `custom`) in the support
//!   scope to the same contact. One answer answers every contact waiting
//!   before it. Contacts never answered are counted apart.
//! - **Satisfaction**: `survey_response` values read as scores out of 5;
//!   mean score, and % satisfied = scores of 4 or more / all scores.
//!
//! Everything counts by the time of the support contact or survey answer.

use crate::contact_index::ContactIndex;
use crate::model::{Channel, Dataset, Direction, EventKind, Scope};
use crate::rate::{mean_median, Period, Rate};
use serde::{Deserialize, Serialize};

const CHANNELS: usize = Channel::ALL.len();

/// What a support contact is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Category {
    /// Something broke.
    Incident = 0,
    /// Something was bad.
    Complaint = 1,
    /// Something is unclear.
    Question = 2,
    /// Anything else, or no name.
    Other = 3,
}

impl Category {
    /// Every category, in code order.
    pub const ALL: [Category; 4] = [
        Category::Incident,
        Category::Complaint,
        Category::Question,
        Category::Other,
    ];

    /// The category an event name points to.
    pub fn of_name(name: &str) -> Category {
        let n = name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        if has(&["incident", "incidencia", "outage", "bug"]) {
            Category::Incident
        } else if has(&["complaint", "queja", "reclam"]) {
            Category::Complaint
        } else if has(&["question", "pregunta", "consulta", "?"]) {
            Category::Question
        } else {
            Category::Other
        }
    }
}

/// Inbound support volume of one channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelVolume {
    /// The channel.
    pub channel: Channel,
    /// Support contacts on it.
    pub volume: u64,
    /// volume / all support contacts.
    pub share: Rate,
}

/// One category's share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryShare {
    /// The category.
    pub category: Category,
    /// count / all support contacts.
    pub share: Rate,
}

/// First response times.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FirstResponse {
    /// Support contacts that got an answer.
    pub answered: u64,
    /// Support contacts still waiting.
    pub unanswered: u64,
    /// Mean seconds to the answer.
    pub mean_secs: Option<f64>,
    /// Median seconds to the answer.
    pub median_secs: Option<f64>,
}

/// Survey scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// Mean score out of 5.
    pub mean_score: Option<f64>,
    /// Scores of 4–5 / all scores.
    pub satisfied: Rate,
}

/// Support metrics over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportReport {
    /// The period.
    pub period: Period,
    /// All support contacts.
    pub inbound: u64,
    /// Per channel with any volume, in channel order.
    pub channels: Vec<ChannelVolume>,
    /// Contacts who contacted support / all contacts.
    pub contacted_support: Rate,
    /// Every category, in [`Category::ALL`] order.
    pub categories: Vec<CategoryShare>,
    /// Time to first answer.
    pub first_response: FirstResponse,
    /// Survey scores.
    pub satisfaction: Satisfaction,
}

/// Support metrics of `period` over `ds`.
pub fn support(ds: &Dataset, idx: &ContactIndex, period: Period) -> SupportReport {
    let ev = &ds.events;
    // Category per name id, computed once per distinct name.
    let name_category: Vec<Category> = ds.names.iter().map(Category::of_name).collect();
    let mut volume = [0u64; CHANNELS];
    let mut categories = [0u64; 4];
    let mut contacted = 0u64;
    let mut waits: Vec<i64> = Vec::new();
    let mut unanswered = 0u64;
    let (mut scores, mut score_sum, mut satisfied) = (0u64, 0f64, 0u64);
    // Times of this contact's support contacts waiting for an answer.
    let mut waiting: Vec<i64> = Vec::new();

    for c in 0..idx.contacts() {
        waiting.clear();
        let mut did_contact = false;
        for r in idx.events(c) {
            let (kind, t, scope) = (ev.kind(r), ev.ts[r], ev.scope(r));
            let inbound = ev.direction(r) == Direction::Inbound;
            if kind == EventKind::SurveyResponse {
                let v = ev.value.get(r).copied().unwrap_or(f32::NAN);
                if period.contains(t) && !v.is_nan() {
                    scores += 1;
                    score_sum += f64::from(v);
                    satisfied += u64::from(v >= 4.0);
                }
                continue;
            }
            let message = matches!(
                kind,
                EventKind::Replied | EventKind::Call | EventKind::Custom
            );
            if kind == EventKind::SupportTicket || (inbound && message && scope == Scope::Support) {
                if period.contains(t) {
                    volume[ev.channel(r).code() as usize] += 1;
                    let name = ev.name.get(r).and_then(|&n| name_category.get(n as usize));
                    categories[*name.unwrap_or(&Category::Other) as usize] += 1;
                    did_contact = true;
                    waiting.push(t);
                }
            } else if !inbound && scope == Scope::Support && (message || kind == EventKind::Sent) {
                waits.extend(waiting.drain(..).map(|w| t - w));
            }
        }
        unanswered += waiting.len() as u64;
        contacted += u64::from(did_contact);
    }

    let inbound: u64 = volume.iter().sum();
    let (mean_secs, median_secs) = mean_median(&mut waits);
    SupportReport {
        period,
        inbound,
        channels: Channel::ALL
            .iter()
            .zip(volume)
            .filter(|&(_, v)| v > 0)
            .map(|(&channel, v)| ChannelVolume {
                channel,
                volume: v,
                share: Rate::new(v, inbound),
            })
            .collect(),
        contacted_support: Rate::new(contacted, ds.contact_count() as u64),
        categories: Category::ALL
            .iter()
            .map(|&category| CategoryShare {
                category,
                share: Rate::new(categories[category as usize], inbound),
            })
            .collect(),
        first_response: FirstResponse {
            answered: waits.len() as u64,
            unanswered,
            mean_secs,
            median_secs,
        },
        satisfaction: Satisfaction {
            mean_score: (scores > 0).then(|| score_sum / scores as f64),
            satisfied: Rate::new(satisfied, scores),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics_testkit::*;
    use crate::model::{Channel::Chat, Channel::Phone, EventRow};

    fn report(rows: &[EventRow<'_>]) -> SupportReport {
        let ds = dataset(rows);
        support(&ds, &ContactIndex::build(&ds), Period::new(0, 1_000))
    }

    /// `ch=volume/inbound …`, then the categories' counts.
    fn check(rows: &[EventRow<'_>], expected: &str) {
        let r = report(rows);
        let mut parts: Vec<String> = r
            .channels
            .iter()
            .map(|c| format!("{}={}/{}", c.channel, c.share.num, c.share.den))
            .collect();
        let cats: Vec<String> = r
            .categories
            .iter()
            .map(|c| c.share.num.to_string())
            .collect();
        parts.push(format!("cat={}", cats.join(",")));
        parts.push(format!(
            "who={}/{}",
            r.contacted_support.num, r.contacted_support.den
        ));
        assert_eq!(parts.join(" "), expected);
    }

    fn ticket<'a>(c: &'a str, t: i64, ch: Channel, name: &'a str) -> EventRow<'a> {
        ev(c, t, ch, SupportTicket)
            .named(name)
            .scope(Scope::Support)
    }

    #[test]
    fn volume_categories_and_who() {
        check(
            &[
                ticket("a", 1, Email, "Incident: login"),
                ticket("a", 2, Chat, "pregunta factura"),
                ticket("b", 3, Chat, "Complaint"),
                ev("c", 4, Phone, Call).inbound().scope(Scope::Support),
                // Not support: a reply to a newsletter, a visit, an outbound call.
                ev("c", 5, Email, Replied),
                ev("d", 6, Web, Visited).scope(Scope::Support),
                ev("d", 7, Phone, Call).scope(Scope::Support),
                // Outside the period.
                ticket("d", 1_000, Email, "incident"),
            ],
            "email=1/4 chat=2/4 phone=1/4 cat=1,1,1,1 who=3/4",
        );
        check(&[ev("a", 5, Email, Sent)], "cat=0,0,0,0 who=0/1");
    }

    #[test]
    fn categories_from_names() {
        for (name, cat) in [
            ("INCIDENT #4", Category::Incident),
            ("Queja servicio", Category::Complaint),
            ("How do I pay?", Category::Question),
            ("billing", Category::Other),
            ("", Category::Other),
        ] {
            assert_eq!(Category::of_name(name), cat, "{name}");
        }
    }

    #[test]
    fn first_response_time() {
        let answer = |c, t| ev(c, t, Email, Replied).outbound().scope(Scope::Support);
        let r = report(&[
            ticket("a", 10, Email, "q"),
            ticket("a", 20, Chat, "q"),
            // A marketing send is not an answer.
            ev("a", 25, Email, Sent),
            answer("a", 70),
            ticket("b", 0, Email, "q"),
            answer("b", 30),
            ticket("b", 40, Email, "q"),
            ticket("c", 5, Email, "q"),
        ]);
        let f = r.first_response;
        // Waits: a 60 and 50, b 30; b's second and c's wait on.
        assert_eq!((f.answered, f.unanswered), (3, 2));
        assert_eq!(
            (f.mean_secs, f.median_secs),
            (Some(140.0 / 3.0), Some(50.0))
        );
    }

    #[test]
    fn satisfaction_scores() {
        let survey = |c, t, v| ev(c, t, Email, SurveyResponse).value(v);
        let r = report(&[
            survey("a", 1, 5.0),
            survey("b", 2, 4.0),
            survey("c", 3, 2.0),
            survey("d", 4, 3.0),
            survey("e", 2_000, 1.0),
        ]);
        assert_eq!(r.satisfaction.mean_score, Some(3.5));
        assert_eq!(r.satisfaction.satisfied, Rate::new(2, 4));
        assert_eq!(report(&[]).satisfaction.mean_score, None);
    }
}
