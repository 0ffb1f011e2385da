//! Responsiveness per contact and channel (SPEC §4).
//!
//! - A **message** is an outbound `sent` event, or an outbound `call` on the
//!   phone. Exports that only log deliveries are common (push services), so
//!   for a contact and channel with no `sent` row at all, each `delivered`
//!   row is the message instead; counting both would count sends twice.
//! - A **response** is an open, click, conversion or reply on the same
//!   channel (or an inbound call) within `window_days` after a message,
//!   excluding machine opens, bot clicks and unsubscribe-link clicks. It is
//!   credited to the latest message before it, and a message counts as
//!   answered once however many responses follow, so responses ≤ messages.
//!
//! Propensity shrinks a contact's own rate toward the channel's population
//! rate `p_c`: `(responses + α·p_c) / (messages + α)`, so two messages and
//! one open do not outrank a hundred messages and forty opens.

use crate::bitset::Bits;
use crate::by_contact::ContactEvents;
use crate::consent;
use crate::model::{flags, Channel, Dataset, EventKind, DAY};
use serde::{Deserialize, Serialize};

const CHANNELS: usize = 12;

/// Parameters of the responsiveness model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponsivenessConfig {
    /// Prior strength α (default 5).
    pub alpha: f64,
    /// Days after a message in which a response counts (default 7).
    pub window_days: u32,
    /// Messages needed on a channel for it to compete (default 3).
    pub min_messages: u32,
    /// Channels that must compete for a preference (default 2).
    pub min_channels: u32,
}

impl Default for ResponsivenessConfig {
    fn default() -> Self {
        ResponsivenessConfig {
            alpha: 5.0,
            window_days: 7,
            min_messages: 3,
            min_channels: 2,
        }
    }
}

/// Messages and responses of one contact (or everyone) on one channel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ChannelStat {
    /// Channel.
    pub channel: Channel,
    /// Messages.
    pub messages: u32,
    /// Messages answered.
    pub responses: u32,
    /// Shrunk response rate (for the population: the raw rate).
    pub propensity: f64,
}

/// Responsiveness of every contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Responsiveness {
    /// The model's parameters.
    pub config: ResponsivenessConfig,
    /// Population totals per channel (`propensity` = `p_c`), by channel code.
    pub population: Vec<ChannelStat>,
    /// Preferred channel code per contact, `u8::MAX` for unknown.
    pub preferred: Vec<u8>,
    /// Per contact, `(channel, messages, responses)` for channels with
    /// messages: `stats[offsets[c]..offsets[c + 1]]`.
    #[serde(skip)]
    offsets: Vec<u32>,
    #[serde(skip)]
    stats: Vec<(u8, u32, u32)>,
}

fn is_response(kind: u8, inbound: bool) -> bool {
    match EventKind::from_code(kind) {
        Some(
            EventKind::Opened | EventKind::Clicked | EventKind::Converted | EventKind::Replied,
        ) => true,
        Some(EventKind::Call) => inbound,
        _ => false,
    }
}

/// Computes messages, responses, propensities and preferred channels.
pub fn responsiveness(
    ds: &Dataset,
    events: &ContactEvents,
    config: &ResponsivenessConfig,
) -> Responsiveness {
    let e = &ds.events;
    let n = events.contact_count();
    let window = i64::from(config.window_days) * DAY;
    let (sent, delivered, call) = (
        EventKind::Sent.code(),
        EventKind::Delivered.code(),
        EventKind::Call.code(),
    );
    let noise = flags::MACHINE_OPEN | flags::BOT_CLICK | flags::UNSUBSCRIBE_LINK;
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u32);
    let mut stats = Vec::new();
    let mut totals = [(0u64, 0u64); CHANNELS];
    // (ts, kind, channel, meta) of each event, gathered a block at a time.
    let gather = |r: usize| (e.ts[r], e.kind[r], e.channel[r], e.meta[r]);
    events.for_each_gathered(n, gather, |_, evs| {
        let mut has_sent = [false; CHANNELS];
        for &(_, kind, ch, meta) in evs {
            if meta & 1 == 0 && kind == sent {
                if let Some(h) = has_sent.get_mut(ch as usize) {
                    *h = true;
                }
            }
        }
        let mut messages = [0u32; CHANNELS];
        let mut responses = [0u32; CHANNELS];
        // Latest message time per channel and whether it is answered.
        let mut last = [(i64::MIN, true); CHANNELS];
        for &(t, kind, ch, meta) in evs {
            let ch = ch as usize;
            if ch >= CHANNELS {
                continue;
            }
            let inbound = meta & 1 == 1;
            let message =
                !inbound && (kind == call || kind == sent || (kind == delivered && !has_sent[ch]));
            if message {
                messages[ch] += 1;
                last[ch] = (t, false);
            } else if is_response(kind, inbound)
                && (meta >> 3) & noise == 0
                && !last[ch].1
                && t - last[ch].0 <= window
            {
                responses[ch] += 1;
                last[ch].1 = true;
            }
        }
        for ch in 0..CHANNELS {
            if messages[ch] > 0 {
                stats.push((ch as u8, messages[ch], responses[ch]));
                totals[ch].0 += u64::from(messages[ch]);
                totals[ch].1 += u64::from(responses[ch]);
            }
        }
        offsets.push(stats.len() as u32);
    });
    let population: Vec<ChannelStat> = Channel::ALL
        .iter()
        .map(|&channel| {
            let (m, r) = totals[channel.code() as usize];
            ChannelStat {
                channel,
                messages: u32::try_from(m).unwrap_or(u32::MAX),
                responses: u32::try_from(r).unwrap_or(u32::MAX),
                propensity: if m == 0 { 0.0 } else { r as f64 / m as f64 },
            }
        })
        .collect();
    let mut out = Responsiveness {
        config: *config,
        population,
        preferred: Vec::with_capacity(n),
        offsets,
        stats,
    };
    out.preferred = (0..n as u32)
        .map(|c| out.pick_preferred(c).map_or(u8::MAX, Channel::code))
        .collect();
    out
}

impl Responsiveness {
    fn rows(&self, contact: u32) -> &[(u8, u32, u32)] {
        let c = contact as usize;
        if c + 1 >= self.offsets.len() {
            return &[];
        }
        &self.stats[self.offsets[c] as usize..self.offsets[c + 1] as usize]
    }

    fn shrink(&self, channel: u8, messages: u32, responses: u32) -> f64 {
        let p = self
            .population
            .get(channel as usize)
            .map_or(0.0, |s| s.propensity);
        let a = self.config.alpha;
        (f64::from(responses) + a * p) / (f64::from(messages) + a)
    }

    /// Per channel with messages: messages, responses and propensity.
    pub fn channels(&self, contact: u32) -> Vec<ChannelStat> {
        self.rows(contact)
            .iter()
            .map(|&(ch, m, r)| ChannelStat {
                channel: Channel::from_code(ch).unwrap_or(Channel::Email),
                messages: m,
                responses: r,
                propensity: self.shrink(ch, m, r),
            })
            .collect()
    }

    /// Propensity of `contact` on `channel` (the prior `p_c` without messages).
    pub fn propensity(&self, contact: u32, channel: Channel) -> f64 {
        let (m, r) = self
            .rows(contact)
            .iter()
            .find(|s| s.0 == channel.code())
            .map_or((0, 0), |s| (s.1, s.2));
        self.shrink(channel.code(), m, r)
    }

    /// Propensity on `channel` for every contact, e.g. as a rule score.
    pub fn propensity_column(&self, channel: Channel) -> Vec<f64> {
        (0..self.preferred.len() as u32)
            .map(|c| self.propensity(c, channel))
            .collect()
    }

    /// The preferred channel, or `None` (unknown) without enough evidence.
    pub fn preferred(&self, contact: u32) -> Option<Channel> {
        Channel::from_code(*self.preferred.get(contact as usize)?)
    }

    fn pick_preferred(&self, contact: u32) -> Option<Channel> {
        let eligible = self
            .rows(contact)
            .iter()
            .filter(|s| s.1 >= self.config.min_messages);
        if (eligible.clone().count() as u32) < self.config.min_channels.max(1) {
            return None;
        }
        // Ties go to the lower channel code: rows are in code order and only
        // a strictly better propensity replaces the best.
        let mut best: Option<(u8, f64)> = None;
        for &(ch, m, r) in eligible {
            let p = self.shrink(ch, m, r);
            if best.is_none_or(|(_, bp)| p > bp) {
                best = Some((ch, p));
            }
        }
        best.and_then(|(ch, _)| Channel::from_code(ch))
    }

    /// Contacts that got at least `min_messages` on `silent` without ever
    /// responding there but are opted in to `subject` on `reachable`: e.g.
    /// "does not respond to e-mail but opted in to web push".
    pub fn unresponsive_but_reachable(
        &self,
        ds: &Dataset,
        silent: Channel,
        min_messages: u32,
        reachable: Channel,
        subject: &str,
    ) -> Bits {
        let mut b = consent::opted_in(ds, subject, reachable);
        for c in b.clone().iter_ones() {
            let silent_enough = self
                .rows(c)
                .iter()
                .any(|s| s.0 == silent.code() && s.1 >= min_messages && s.2 == 0);
            if !silent_enough {
                b.remove(c as usize);
            }
        }
        b
    }
}

#[cfg(test)]
mod tests;
