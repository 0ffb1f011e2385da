//! The contact list's data: one summary row per contact and a lower-cased
//! search index, built once per data set, then filtered and sorted per
//! keystroke without allocating a string per contact.
//!
//! The index is one arena of `name \u{1} email \u{1} key \u{1} aliases
//! \u{1} phone digits \n` per contact. A query term is found with one
//! substring scan over the whole arena (the standard library's two-way
//! search), and each hit is mapped back to its contact by binary search over
//! the entry ends, so a search over 100k contacts reads a few megabytes once
//! instead of making 100k small calls.

use canal_core::contact_index::ContactIndex;
use canal_core::model::{Channel, ConsentStatus, Dataset, Direction, NONE};
use canal_core::rfm::{self, RfmOptions, Segment};
use canal_core::tiers::{self, Tier, TierConfig};

/// "No value" in the small `u8` columns.
pub const NO_CODE: u8 = u8::MAX;

/// What the list shows and sorts by for one contact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Last own activity (purchase, visit, session, inbound message, order),
    /// seconds since the epoch; `i64::MIN` when none.
    pub last_activity: i64,
    /// Total order amount.
    pub revenue: f64,
    /// Events of any kind.
    pub events: u32,
    /// Bit `c` set when the contact has an event on channel code `c`.
    pub channels: u16,
    /// Bit `c` set when the current statement of some subject on channel
    /// `c` is opted in.
    pub opted_in: u16,
    /// The same for opted out.
    pub opted_out: u16,
    /// RFM segment code, or [`NO_CODE`] for a contact without orders.
    pub segment: u8,
    /// Tier code, or [`NO_CODE`].
    pub tier: u8,
}

/// Consent filter choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConsentFilter {
    /// Everyone.
    #[default]
    Any,
    /// Opted in to something on some channel.
    OptedIn,
    /// Opted out of something on some channel.
    OptedOut,
    /// No consent statement at all.
    Unknown,
}

impl ConsentFilter {
    /// Every choice, in menu order.
    pub const ALL: [ConsentFilter; 4] = [
        ConsentFilter::Any,
        ConsentFilter::OptedIn,
        ConsentFilter::OptedOut,
        ConsentFilter::Unknown,
    ];

    /// Stable value for `<option value>`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ConsentFilter::Any => "any",
            ConsentFilter::OptedIn => "opted_in",
            ConsentFilter::OptedOut => "opted_out",
            ConsentFilter::Unknown => "unknown",
        }
    }

    /// The choice for an `<option value>`.
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap_or_default()
    }

    fn keeps(self, s: &Summary) -> bool {
        match self {
            ConsentFilter::Any => true,
            ConsentFilter::OptedIn => s.opted_in != 0,
            ConsentFilter::OptedOut => s.opted_out != 0,
            ConsentFilter::Unknown => s.opted_in == 0 && s.opted_out == 0,
        }
    }
}

/// The column the list is sorted by, always descending (most recent,
/// richest, busiest first), ties by contact id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Last activity.
    #[default]
    LastActivity,
    /// Revenue.
    Revenue,
    /// Number of events.
    Events,
}

/// Filters and sort of the list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Free text: name, e-mail, key or phone.
    pub text: String,
    /// Only contacts with an event on this channel.
    pub channel: Option<Channel>,
    /// Consent state.
    pub consent: ConsentFilter,
    /// Only this RFM segment.
    pub segment: Option<Segment>,
    /// Only this tier.
    pub tier: Option<Tier>,
    /// Sort column.
    pub sort: SortKey,
}

/// The search index and summaries of every contact of one data set.
#[derive(Debug, Default)]
pub struct Directory {
    /// Summary per dense contact id.
    pub summaries: Vec<Summary>,
    /// The id shown in links per contact: its first alias that is not an
    /// e-mail (a CRM id), else its key. Into [`Dataset::aliases`] when the
    /// top bit is clear, [`NONE`] for "use the key".
    link_alias: Vec<u32>,
    arena: String,
    ends: Vec<u32>,
    /// Channels some contact has events on, as a bit set.
    pub channels_present: u16,
    /// Whether any contact has an RFM segment (any orders).
    pub has_orders: bool,
}

impl Directory {
    /// Builds the directory of `ds`.
    pub fn build(ds: &Dataset, index: &ContactIndex) -> Self {
        let n = ds.contact_count();
        let e = &ds.events;
        let o = &ds.orders;
        let rfm = rfm::rfm(ds, &RfmOptions::default());
        let customers: Vec<(u32, f64)> = rfm
            .customers
            .iter()
            .map(|c| (c.contact, c.monetary))
            .collect();
        let tiers = tiers::tiers(&customers, n, &TierConfig::default());
        let consent = consent_bits(ds, n);
        let mut channels_present = 0u16;
        let summaries: Vec<Summary> = (0..n)
            .map(|c| {
                let mut s = Summary {
                    last_activity: i64::MIN,
                    revenue: 0.0,
                    events: 0,
                    channels: 0,
                    opted_in: consent[c].0,
                    opted_out: consent[c].1,
                    segment: rfm.get(c as u32).map_or(NO_CODE, |r| r.segment as u8),
                    tier: tiers.get(c as u32).map_or(NO_CODE, |t| t as u8),
                };
                let rows = index.events(c);
                s.events = rows.len() as u32;
                for r in rows {
                    s.channels |= 1 << (e.channel[r] & 15);
                    let own = e.direction(r) == Direction::Inbound || e.kind(r).is_activity();
                    if own {
                        s.last_activity = s.last_activity.max(e.ts[r]);
                    }
                }
                for r in index.orders(c) {
                    s.last_activity = s.last_activity.max(o.ts[r]);
                    if o.amount[r].is_finite() {
                        s.revenue += o.amount[r];
                    }
                }
                channels_present |= s.channels;
                s
            })
            .collect();

        let mut link_alias = vec![NONE; n];
        let mut aliases_of: Vec<Vec<u32>> = Vec::new();
        for (a, &c) in ds.alias_of.iter().enumerate() {
            let c = c as usize;
            if c >= n {
                continue;
            }
            let text = ds.aliases.get(a as u32);
            if link_alias[c] == NONE && !text.contains('@') {
                link_alias[c] = a as u32;
            }
            if aliases_of.len() <= c {
                aliases_of.resize_with(c + 1, Vec::new);
            }
            aliases_of[c].push(a as u32);
        }

        let mut arena = String::with_capacity(n * 64);
        let mut ends = Vec::with_capacity(n);
        let k = &ds.contacts;
        let text = |col: &[u32], c: usize| col.get(c).and_then(|&t| ds.text.try_get(t));
        for c in 0..n {
            for field in [
                text(&k.name, c),
                text(&k.email, c),
                Some(ds.keys.get(c as u32)),
            ]
            .into_iter()
            .flatten()
            {
                push_lower(&mut arena, field);
                arena.push('\u{1}');
            }
            for &a in aliases_of.get(c).map_or(&[][..], Vec::as_slice) {
                push_lower(&mut arena, ds.aliases.get(a));
                arena.push('\u{1}');
            }
            if let Some(phone) = text(&k.phone, c) {
                arena.extend(phone.chars().filter(char::is_ascii_digit));
            }
            arena.push('\n');
            ends.push(arena.len() as u32);
        }
        Directory {
            summaries,
            link_alias,
            arena,
            ends,
            channels_present,
            has_orders: !rfm.customers.is_empty(),
        }
    }

    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    /// Whether there is no contact.
    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    /// The id to put in the contact's link (`/contacts/:id`); resolves back
    /// with [`Dataset::resolve_key`].
    pub fn link_id<'a>(&self, ds: &'a Dataset, contact: u32) -> &'a str {
        match self.link_alias.get(contact as usize) {
            Some(&a) if a != NONE => ds.aliases.get(a),
            _ => ds.keys.try_get(contact).unwrap_or(""),
        }
    }

    /// The contacts matching `q`, sorted.
    pub fn query(&self, q: &Query) -> Vec<u32> {
        let keep = |c: u32| {
            let s = &self.summaries[c as usize];
            q.channel
                .is_none_or(|ch| s.channels & (1 << ch.code()) != 0)
                && q.consent.keeps(s)
                && q.segment.is_none_or(|seg| s.segment == seg as u8)
                && q.tier.is_none_or(|t| s.tier == t as u8)
        };
        let mut out: Vec<u32> = match terms(&q.text) {
            None => (0..self.len() as u32).filter(|&c| keep(c)).collect(),
            Some(terms) => self
                .search(&terms)
                .into_iter()
                .filter(|&c| keep(c))
                .collect(),
        };
        let s = &self.summaries;
        match q.sort {
            SortKey::LastActivity => {
                out.sort_by_key(|&c| (std::cmp::Reverse(s[c as usize].last_activity), c))
            }
            SortKey::Events => out.sort_by_key(|&c| (std::cmp::Reverse(s[c as usize].events), c)),
            SortKey::Revenue => out.sort_by(|&a, &b| {
                s[b as usize]
                    .revenue
                    .total_cmp(&s[a as usize].revenue)
                    .then(a.cmp(&b))
            }),
        }
        out
    }

    fn entry(&self, c: usize) -> &str {
        let start = if c == 0 { 0 } else { self.ends[c - 1] as usize };
        &self.arena[start..self.ends[c] as usize]
    }

    /// Contacts whose entry contains every term, in id order.
    fn search(&self, terms: &[String]) -> Vec<u32> {
        let Some((first, rest)) = terms.split_first() else {
            return (0..self.len() as u32).collect();
        };
        let mut out: Vec<u32> = Vec::new();
        for (at, _) in self.arena.match_indices(first.as_str()) {
            let c = self.ends.partition_point(|&end| end as usize <= at) as u32;
            if out.last() != Some(&c) {
                out.push(c);
            }
        }
        out.retain(|&c| {
            let entry = self.entry(c as usize);
            rest.iter().all(|t| entry.contains(t.as_str()))
        });
        out
    }
}

/// Appends `s` lower-cased, without a separator character that would let a
/// term match across fields.
fn push_lower(arena: &mut String, s: &str) {
    let clean = |c: char| if c == '\u{1}' || c == '\n' { ' ' } else { c };
    if s.is_ascii() {
        arena.extend(s.chars().map(|c| clean(c.to_ascii_lowercase())));
    } else {
        arena.extend(s.chars().flat_map(char::to_lowercase).map(clean));
    }
}

/// The search terms of a query: lower-cased words, or, when the query reads
/// like a phone number (digits and phone punctuation, at least 3 digits),
/// its digits without an international `00` or `+` prefix mark, as the
/// index stores phones (E.164 digits). `None` for a blank query.
pub fn terms(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let phone_like = text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if phone_like && digits.len() >= 3 {
        let digits = match digits.strip_prefix("00") {
            Some(rest) if text.starts_with("00") => rest.to_owned(),
            _ => digits,
        };
        return Some(vec![digits]);
    }
    Some(text.split_whitespace().map(|w| w.to_lowercase()).collect())
}

/// Per contact, the channels opted in and out of (latest statement per
/// subject and channel, the later row winning a tie, as `consent` does).
fn consent_bits(ds: &Dataset, n: usize) -> Vec<(u16, u16)> {
    let t = &ds.consent;
    // Latest (ts, row) per (contact, subject, channel), found by sorting
    // the rows once: consent tables are small next to events.
    let mut rows: Vec<u32> = (0..t.contact.len() as u32).collect();
    rows.sort_by_key(|&r| {
        let r = r as usize;
        (t.contact[r], t.subject[r], t.channel[r], t.ts[r], r)
    });
    let mut out = vec![(0u16, 0u16); n];
    for (i, &r) in rows.iter().enumerate() {
        let r = r as usize;
        let last_of_key = rows.get(i + 1).is_none_or(|&next| {
            let next = next as usize;
            (t.contact[next], t.subject[next], t.channel[next])
                != (t.contact[r], t.subject[r], t.channel[r])
        });
        let c = t.contact[r] as usize;
        if !last_of_key || c >= n {
            continue;
        }
        let bit = 1u16 << (t.channel[r] & 15);
        match canal_core::consent::status_of_code(t.status[r]) {
            ConsentStatus::OptedIn => out[c].0 |= bit,
            ConsentStatus::OptedOut => out[c].1 |= bit,
            ConsentStatus::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
