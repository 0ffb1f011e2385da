//! Marketing pressure and contact rules (SPEC §6).
//!
//! A *message* is an outbound event of kind `sent`, `call` or `custom` (a
//! meeting, a visit by a rep): the act of reaching out, counted once.
//! Delivery, opens and clicks are outcomes of a message, not new pressure.
//!
//! Pressure at `t` is `Σ weight(kind, channel) × 0.5^(age / half_life)` over the
//! messages sent at or before `t`. A contact may receive a new message on a
//! channel when every rule allows it: consent, each cap ("at most N messages
//! in any window of D days", global or per channel), the minimum spacing
//! since the last message, and the pressure threshold. Without new messages
//! time only relaxes each rule, so the next eligible time is the latest of
//! the times each rule relaxes on its own.

use crate::by_contact::ContactEvents;
use crate::consent;
use crate::model::{Channel, ConsentStatus, Dataset, EventKind, DAY};
use serde::{Deserialize, Serialize};

/// At most `max` messages in any window of `period_days` days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cap {
    /// Only messages on this channel; `None` counts every channel.
    pub channel: Option<Channel>,
    /// Messages allowed in a window.
    pub max: u32,
    /// Window length in days.
    pub period_days: u32,
}

/// Pressure weights and contact rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PressureConfig {
    /// Half-life of a message's impact in days (default 14).
    pub half_life_days: f64,
    /// Weight per channel, indexed by channel code. Defaults: store (a
    /// physical meeting) 10, phone 5, SMS 2, e-mail, push, chat, mail,
    /// social, wallet 1, web and blog 0 (published, not sent to anyone).
    pub weights: Vec<f64>,
    /// Weights by kind that override the channel's (e.g. a `call` counts 5
    /// on any channel); empty by default.
    pub kind_weights: Vec<KindWeight>,
    /// Caps, global and per channel.
    pub caps: Vec<Cap>,
    /// Minimum time between two messages on any channel, in hours.
    pub min_spacing_hours: u32,
    /// Pressure at or above which no message is sent; `None` disables.
    pub max_pressure: Option<f64>,
}

impl Default for PressureConfig {
    fn default() -> Self {
        let mut weights = vec![1.0; Channel::ALL.len()];
        weights[Channel::Store.code() as usize] = 10.0;
        weights[Channel::Phone.code() as usize] = 5.0;
        weights[Channel::Sms.code() as usize] = 2.0;
        weights[Channel::Web.code() as usize] = 0.0;
        weights[Channel::Blog.code() as usize] = 0.0;
        PressureConfig {
            half_life_days: 14.0,
            weights,
            kind_weights: Vec::new(),
            caps: vec![Cap {
                channel: None,
                max: 4,
                period_days: 7,
            }],
            min_spacing_hours: 24,
            max_pressure: Some(5.0),
        }
    }
}

impl PressureConfig {
    /// The weight of a message of `kind` on `channel`: the kind's weight if
    /// one is set, else the channel's (0 for channels with no weight).
    pub fn weight(&self, kind: u8, channel: u8) -> f64 {
        self.kind_weights
            .iter()
            .find(|k| k.kind.code() == kind)
            .map_or_else(
                || self.weights.get(channel as usize).copied().unwrap_or(0.0),
                |k| k.weight,
            )
    }
}

/// A weight for every message of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindWeight {
    /// Event kind (`call`, `custom`, …).
    pub kind: EventKind,
    /// Its weight.
    pub weight: f64,
}

/// Why a contact would not get a message now.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// Not opted in to the subject on the channel.
    NoConsent {
        /// Current status.
        status: ConsentStatus,
    },
    /// A cap is full.
    Cap {
        /// The cap.
        cap: Cap,
        /// Messages in its window now.
        count: u32,
    },
    /// The last message was too recent.
    Spacing {
        /// When the last message went out.
        last: i64,
    },
    /// Pressure is at or above the threshold.
    Pressure {
        /// Current pressure.
        pressure: f64,
    },
    /// Listed twice in one planned send.
    Duplicate,
}

/// Whether a contact may be messaged at a time, and when it may next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Eligibility {
    /// Pressure at that time.
    pub pressure: f64,
    /// Every rule that blocks a message (empty: eligible).
    pub reasons: Vec<SkipReason>,
    /// The earliest time every pressure rule allows a message, assuming no
    /// other message goes out before; `None` when consent or a cap of 0
    /// blocks for good.
    pub next_eligible: Option<i64>,
}

/// Pressure calculations over one data set.
#[derive(Debug)]
pub struct Pressure<'a> {
    ds: &'a Dataset,
    events: &'a ContactEvents,
    config: &'a PressureConfig,
}

/// Whether an event is a message (see the module docs).
pub fn is_message(ds: &Dataset, row: usize) -> bool {
    let e = &ds.events;
    e.meta[row] & 1 == 0
        && matches!(
            EventKind::from_code(e.kind[row]),
            Some(EventKind::Sent | EventKind::Call | EventKind::Custom)
        )
}

impl<'a> Pressure<'a> {
    /// Pressure rules over `ds`, with events grouped by contact.
    pub fn new(ds: &'a Dataset, events: &'a ContactEvents, config: &'a PressureConfig) -> Self {
        Pressure { ds, events, config }
    }

    fn decay(&self, age: i64) -> f64 {
        let h = self.config.half_life_days * DAY as f64;
        if h > 0.0 {
            (-(age as f64) / h).exp2()
        } else {
            0.0
        }
    }

    /// Messages of `contact` at or before `t`, oldest first, as (time,
    /// channel, weight).
    fn messages(&self, contact: u32, t: i64) -> impl Iterator<Item = (i64, u8, f64)> + '_ {
        let e = &self.ds.events;
        self.events
            .rows(contact)
            .iter()
            .map(|&r| r as usize)
            .take_while(move |&r| e.ts[r] <= t)
            .filter(|&r| is_message(self.ds, r))
            .map(move |r| {
                (
                    e.ts[r],
                    e.channel[r],
                    self.config.weight(e.kind[r], e.channel[r]),
                )
            })
    }

    /// Pressure of `contact` at `t`.
    pub fn at(&self, contact: u32, t: i64) -> f64 {
        self.messages(contact, t)
            .map(|(ts, _, w)| w * self.decay(t - ts))
            .sum()
    }

    /// Pressure at `at` of the messages sent up to `upto`.
    fn at_from(&self, contact: u32, upto: i64, at: i64) -> f64 {
        self.messages(contact, upto)
            .map(|(ts, _, w)| w * self.decay(at - ts))
            .sum()
    }

    /// Pressure of every contact at `t`.
    pub fn all_at(&self, t: i64) -> Vec<f64> {
        let n = self.events.contact_count();
        let e = &self.ds.events;
        let mut out = vec![0.0; n];
        // Weight 0 marks a row that is not a message.
        let gather = |r: usize| {
            let w = if is_message(self.ds, r) {
                self.config.weight(e.kind[r], e.channel[r])
            } else {
                0.0
            };
            (e.ts[r], w)
        };
        self.events.for_each_gathered(n, gather, |c, evs| {
            out[c as usize] = evs
                .iter()
                .take_while(|m| m.0 <= t)
                .filter(|m| m.1 != 0.0)
                .map(|&(ts, w)| w * self.decay(t - ts))
                .sum();
        });
        out
    }

    /// Whether `contact` may get a message on `channel` at `t` under the
    /// pressure rules (consent is checked by [`Pressure::simulate`]);
    /// `channel: None` checks the global rules only.
    pub fn eligibility(&self, contact: u32, channel: Option<Channel>, t: i64) -> Eligibility {
        let mut pressure = 0.0;
        let mut last = None;
        let mut reasons = Vec::new();
        let mut next = t;
        let mut never = false;
        for (ts, _, w) in self.messages(contact, t) {
            pressure += w * self.decay(t - ts);
            last = Some(ts);
        }
        for cap in &self.config.caps {
            if cap.channel.is_some() && cap.channel != channel {
                continue;
            }
            let period = i64::from(cap.period_days) * DAY;
            let in_window = |&(ts, ch, _): &(i64, u8, f64)| {
                ts > t - period && cap.channel.is_none_or(|c| c.code() == ch)
            };
            let count = self.messages(contact, t).filter(in_window).count();
            if count >= cap.max as usize {
                // The window empties oldest first; once the
                // (count − max + 1)-th oldest leaves, one slot is free. A cap
                // of 0 (a channel switched off) never frees.
                match self
                    .messages(contact, t)
                    .filter(in_window)
                    .nth(count - cap.max as usize)
                {
                    Some((oldest_to_leave, _, _)) if cap.max > 0 => {
                        next = next.max(oldest_to_leave + period);
                    }
                    _ => never = true,
                }
                reasons.push(SkipReason::Cap {
                    cap: *cap,
                    count: count as u32,
                });
            }
        }
        let spacing = i64::from(self.config.min_spacing_hours) * 3600;
        if let Some(last) = last.filter(|&l| t - l < spacing) {
            next = next.max(last + spacing);
            reasons.push(SkipReason::Spacing { last });
        }
        if let Some(max) = self.config.max_pressure.filter(|&m| pressure >= m) {
            let h = self.config.half_life_days * DAY as f64;
            // pressure · 0.5^(Δ/h) < max  ⇔  Δ > h · log2(pressure / max)
            let at = if max > 0.0 && h > 0.0 {
                let mut at = t + (h * (pressure / max).log2()).floor() as i64 + 1;
                // The closed form can be a second off by rounding; settle it
                // against the sum itself so the date is exact.
                for _ in 0..4 {
                    if self.at_from(contact, t, at) >= max {
                        at += 1;
                    } else if at - 1 > t && self.at_from(contact, t, at - 1) < max {
                        at -= 1;
                    } else {
                        break;
                    }
                }
                at
            } else {
                i64::MAX / 4
            };
            next = next.max(at);
            reasons.push(SkipReason::Pressure { pressure });
        }
        Eligibility {
            pressure,
            reasons,
            next_eligible: (!never).then_some(next),
        }
    }

    /// Contacts at or above the pressure threshold at `t`, by contact id,
    /// with the next time the global rules allow a message.
    pub fn over_pressure(&self, t: i64) -> Vec<OverPressure> {
        let Some(max) = self.config.max_pressure else {
            return Vec::new();
        };
        let all = self.all_at(t);
        (0..all.len() as u32)
            .filter(|&c| all[c as usize] >= max)
            .map(|c| {
                let e = self.eligibility(c, None, t);
                OverPressure {
                    contact: c,
                    pressure: e.pressure,
                    next_eligible: e.next_eligible,
                }
            })
            .collect()
    }

    /// Simulates a planned send: who gets it and who is skipped and why.
    pub fn simulate(&self, plan: &PlannedSend) -> SendSimulation {
        let statuses = plan
            .subject
            .as_deref()
            .map(|s| consent::statuses(self.ds, s, plan.channel));
        let mut seen = vec![false; self.events.contact_count()];
        let mut out = SendSimulation::default();
        for &c in &plan.contacts {
            let mut e = self.eligibility(c, Some(plan.channel), plan.at);
            if let Some(s) = &statuses {
                let status = s.get(c as usize).copied().unwrap_or(ConsentStatus::Unknown);
                if status != ConsentStatus::OptedIn {
                    e.reasons.insert(0, SkipReason::NoConsent { status });
                    e.next_eligible = None;
                }
            }
            match seen.get_mut(c as usize) {
                Some(s) if *s => {
                    e.reasons = vec![SkipReason::Duplicate];
                    e.next_eligible = None;
                }
                Some(s) => *s = true,
                None => {}
            }
            if e.reasons.is_empty() {
                out.send.push(c);
            } else {
                // Count contacts, not reasons: two full caps are one skip.
                let mut hit = [false; 5];
                for r in &e.reasons {
                    hit[match r {
                        SkipReason::NoConsent { .. } => 0,
                        SkipReason::Cap { .. } => 1,
                        SkipReason::Spacing { .. } => 2,
                        SkipReason::Pressure { .. } => 3,
                        SkipReason::Duplicate => 4,
                    }] = true;
                }
                let counters = [
                    &mut out.no_consent,
                    &mut out.capped,
                    &mut out.too_soon,
                    &mut out.over_pressure,
                    &mut out.duplicates,
                ];
                for (counter, hit) in counters.into_iter().zip(hit) {
                    *counter += u32::from(hit);
                }
                out.skipped.push(Skipped {
                    contact: c,
                    reasons: e.reasons,
                    next_eligible: e.next_eligible,
                });
            }
        }
        out
    }
}

/// A contact over the pressure threshold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct OverPressure {
    /// Dense contact id.
    pub contact: u32,
    /// Its pressure.
    pub pressure: f64,
    /// When the global rules next allow a message.
    pub next_eligible: Option<i64>,
}

/// A send someone plans to make.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedSend {
    /// Dense contact ids.
    pub contacts: Vec<u32>,
    /// Channel.
    pub channel: Channel,
    /// When, seconds since the epoch.
    pub at: i64,
    /// Consent subject; `None` skips the consent check (transactional).
    pub subject: Option<String>,
}

/// One skipped contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    /// Dense contact id.
    pub contact: u32,
    /// Every reason.
    pub reasons: Vec<SkipReason>,
    /// When pressure rules would allow it (none when consent blocks).
    pub next_eligible: Option<i64>,
}

/// The outcome of [`Pressure::simulate`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SendSimulation {
    /// Contacts that would get the message, in plan order.
    pub send: Vec<u32>,
    /// Contacts skipped, in plan order.
    pub skipped: Vec<Skipped>,
    /// Contacts skipped for consent (a contact counts under each of its
    /// reasons, once).
    pub no_consent: u32,
    /// Skipped for a cap.
    pub capped: u32,
    /// Skipped for spacing.
    pub too_soon: u32,
    /// Skipped for pressure.
    pub over_pressure: u32,
    /// Listed twice.
    pub duplicates: u32,
}

#[cfg(test)]
mod tests;
