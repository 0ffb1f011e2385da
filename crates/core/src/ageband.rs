//! Engagement by age group (SPEC §3): on which channels each age band
//! responds.
//!
//! Definitions, as computed here:
//! - Age = `as_of_year − birth_year` (the age reached during that year);
//!   contacts without a birth year, or born after `as_of_year`, are
//!   `unknown`. Bands: under 18, 18–24, 25–34, 35–44, 45–54, 55–64, 65+.
//! - A **response** is a human click (not a bot, not an unsubscribe link),
//!   an inbound reply or a conversion. Opens are left out: machine opens
//!   make them unreliable by age (Apple Mail skews young).
//! - **Response share** of a channel in a band = the band's responses on
//!   that channel / all the band's responses. `sent` beside it shows how
//!   much each band was messaged on the channel.
//!
//! A single pass over the events; no per-contact index is needed.

use crate::kpi::excluded_click;
use crate::model::{Channel, Dataset, Direction, EventKind};
use crate::rate::{Period, Rate};
use serde::{Deserialize, Serialize};

const CHANNELS: usize = Channel::ALL.len();

/// An age group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgeBand {
    /// Younger than 18.
    #[serde(rename = "under_18")]
    Under18,
    /// 18 to 24.
    #[serde(rename = "18_24")]
    From18To24,
    /// 25 to 34.
    #[serde(rename = "25_34")]
    From25To34,
    /// 35 to 44.
    #[serde(rename = "35_44")]
    From35To44,
    /// 45 to 54.
    #[serde(rename = "45_54")]
    From45To54,
    /// 55 to 64.
    #[serde(rename = "55_64")]
    From55To64,
    /// 65 and older.
    #[serde(rename = "65_plus")]
    From65,
    /// No usable birth year.
    #[serde(rename = "unknown")]
    Unknown,
}

impl AgeBand {
    /// Every band, youngest first, `Unknown` last.
    pub const ALL: [AgeBand; 8] = [
        AgeBand::Under18,
        AgeBand::From18To24,
        AgeBand::From25To34,
        AgeBand::From35To44,
        AgeBand::From45To54,
        AgeBand::From55To64,
        AgeBand::From65,
        AgeBand::Unknown,
    ];

    /// The band of someone born in `birth_year` (`0` = unknown) as of
    /// `as_of_year`.
    pub fn of(birth_year: u16, as_of_year: i32) -> AgeBand {
        let age = as_of_year - i32::from(birth_year);
        match age {
            _ if birth_year == 0 || age < 0 => AgeBand::Unknown,
            0..=17 => AgeBand::Under18,
            18..=24 => AgeBand::From18To24,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            55..=64 => AgeBand::From55To64,
            _ => AgeBand::From65,
        }
    }

    /// The label shown to users, e.g. `18–24`.
    pub const fn label(self) -> &'static str {
        match self {
            AgeBand::Under18 => "<18",
            AgeBand::From18To24 => "18–24",
            AgeBand::From25To34 => "25–34",
            AgeBand::From35To44 => "35–44",
            AgeBand::From45To54 => "45–54",
            AgeBand::From55To64 => "55–64",
            AgeBand::From65 => "65+",
            AgeBand::Unknown => "unknown",
        }
    }
}

/// One channel within a band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandChannel {
    /// The channel.
    pub channel: Channel,
    /// `sent` events to the band on this channel.
    pub sent: u64,
    /// The band's responses on this channel / all its responses.
    pub share: Rate,
}

/// One age band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandEngagement {
    /// The band.
    pub band: AgeBand,
    /// Contacts in the band.
    pub contacts: u64,
    /// All the band's responses.
    pub responses: u64,
    /// Channels with any send or response, in channel order.
    pub channels: Vec<BandChannel>,
}

/// Engagement of every band over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgeBandReport {
    /// The year ages are computed in.
    pub as_of_year: i32,
    /// Every band of [`AgeBand::ALL`], empty ones included.
    pub bands: Vec<BandEngagement>,
}

/// Response shares by age band over `period`, ages as of `as_of_year`.
pub fn age_bands(ds: &Dataset, period: Period, as_of_year: i32) -> AgeBandReport {
    let n = ds.contact_count();
    let band_of: Vec<u8> = (0..n)
        .map(|c| {
            let year = ds.contacts.birth_year.get(c).copied().unwrap_or(0);
            AgeBand::of(year, as_of_year) as u8
        })
        .collect();
    let unknown = AgeBand::Unknown as u8;
    let mut contacts = [0u64; 8];
    for &b in &band_of {
        contacts[b as usize] += 1;
    }
    let mut sent = [[0u64; CHANNELS]; 8];
    let mut responses = [[0u64; CHANNELS]; 8];
    let ev = &ds.events;
    for r in 0..ev.len() {
        if !period.contains(ev.ts[r]) {
            continue;
        }
        let band = band_of
            .get(ev.contact[r] as usize)
            .copied()
            .unwrap_or(unknown) as usize;
        let ch = ev.channel(r).code() as usize;
        let response = match ev.kind(r) {
            EventKind::Sent => {
                sent[band][ch] += 1;
                false
            }
            EventKind::Clicked => !excluded_click(ev.flags(r)),
            EventKind::Replied => ev.direction(r) == Direction::Inbound,
            EventKind::Converted => true,
            _ => false,
        };
        responses[band][ch] += u64::from(response);
    }
    let bands = AgeBand::ALL
        .iter()
        .map(|&band| {
            let b = band as usize;
            let total: u64 = responses[b].iter().sum();
            BandEngagement {
                band,
                contacts: contacts[b],
                responses: total,
                channels: Channel::ALL
                    .iter()
                    .enumerate()
                    .filter(|&(ch, _)| sent[b][ch] + responses[b][ch] > 0)
                    .map(|(ch, &channel)| BandChannel {
                        channel,
                        sent: sent[b][ch],
                        share: Rate::new(responses[b][ch], total),
                    })
                    .collect(),
            }
        })
        .collect();
    AgeBandReport { as_of_year, bands }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics_testkit::*;

    #[test]
    fn bands_by_birth_year() {
        for (year, band) in [
            (0, AgeBand::Unknown),
            (2030, AgeBand::Unknown),
            (2008, AgeBand::Under18),
            (2007, AgeBand::From18To24),
            (2001, AgeBand::From18To24),
            (2000, AgeBand::From25To34),
            (1991, AgeBand::From25To34),
            (1990, AgeBand::From35To44),
            (1980, AgeBand::From45To54),
            (1961, AgeBand::From55To64),
            (1960, AgeBand::From65),
            (1920, AgeBand::From65),
        ] {
            assert_eq!(AgeBand::of(year, 2025), band, "{year}");
        }
    }

    /// `band: contacts responses [channel sent share.num/share.den …]` for
    /// non-empty bands.
    fn check(ds: &Dataset, expected: &[&str]) {
        let r = age_bands(ds, Period::new(0, 100), 2025);
        let got: Vec<String> = r
            .bands
            .iter()
            .filter(|b| b.contacts > 0)
            .map(|b| {
                let chans: Vec<String> = b
                    .channels
                    .iter()
                    .map(|c| format!("{} {} {}/{}", c.channel, c.sent, c.share.num, c.share.den))
                    .collect();
                format!(
                    "{}: {} {} [{}]",
                    b.band.label(),
                    b.contacts,
                    b.responses,
                    chans.join(", ")
                )
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn response_shares_per_band() {
        let mut ds = dataset(&[
            ev("young", 1, Email, Sent),
            ev("young", 2, Sms, Sent),
            ev("young", 3, Sms, Clicked),
            ev("young", 4, Sms, Replied),
            ev("young", 5, Email, Clicked).flag(flags::BOT_CLICK),
            ev("young2", 6, Email, Clicked),
            ev("old", 1, Email, Sent),
            ev("old", 2, Email, Converted),
            // Opens and out-of-period events are not responses.
            ev("old", 3, Email, Opened),
            ev("old", 100, Email, Clicked),
            ev("nobody", 1, Sms, Sent),
        ]);
        ds.contacts.birth_year = vec![2000, 1999, 1950, 0];
        check(
            &ds,
            &[
                "25–34: 2 3 [email 1 1/3, sms 1 2/3]",
                "65+: 1 1 [email 1 1/1]",
                "unknown: 1 0 [sms 1 0/0]",
            ],
        );
    }
}
