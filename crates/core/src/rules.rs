//! Custom segments (SPEC §4): rule trees over contact attributes, event
//! counts, scores, RFM segments, tiers and consent, combined with AND/OR/NOT.
//!
//! A [`Rule`] is plain data (saved as JSON). A [`SegmentContext`] evaluates
//! rules to a [`Bits`] set over dense contact ids. The expensive parts — a
//! scan of the event table for a window count, a column of parsed numbers,
//! a consent lookup — are cached in the context by what they depend on, so
//! editing a threshold or adding a branch re-runs only cheap per-contact
//! comparisons and word-wide set operations.
//!
//! Saved form (JSON), as the app and the server exchange it:
//!
//! ```text
//! {"type": "and", "rules": [
//!   {"type": "attribute", "field": "country", "op": "in", "value": ["ES", "PT"]},
//!   {"type": "attribute", "field": "age", "op": "lt", "value": 40},
//!   {"type": "event_count", "kind": "clicked", "channel": "email", "days": 30, "min": 1},
//!   {"type": "not", "rule": {"type": "rfm_segment", "segments": ["hibernating"]}},
//!   {"type": "consent", "subject": "news", "channel": "email", "status": "opted_in"}
//! ]}
//! ```

mod fields;

pub use fields::Field;

use crate::bitset::Bits;
use crate::consent;
use crate::csv_out;
use crate::fx::FxHashMap;
use crate::model::{Channel, ConsentStatus, Dataset, Direction, EventKind, DAY};
use crate::rfm::{RfmResult, Segment};
use crate::tiers::{Tier, TierResult};
use serde::{Deserialize, Serialize};

/// A comparison of one attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum AttrOp {
    /// Equal, ignoring ASCII case and surrounding space (numbers: equal).
    Eq(String),
    /// Not [`AttrOp::Eq`]; contacts without a value match.
    Ne(String),
    /// Contains the text, ignoring ASCII case.
    Contains(String),
    /// A number greater than this (contacts without a number never match).
    Gt(f64),
    /// A number less than this.
    Lt(f64),
    /// Equal to one of the values.
    In(Vec<String>),
    /// Has any value.
    IsSet,
}

/// A segment rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    /// Every contact.
    All,
    /// Every sub-rule holds (an empty list holds for everyone).
    And {
        /// Sub-rules.
        rules: Vec<Rule>,
    },
    /// Some sub-rule holds (an empty list holds for no one).
    Or {
        /// Sub-rules.
        rules: Vec<Rule>,
    },
    /// The sub-rule does not hold.
    Not {
        /// Sub-rule.
        rule: Box<Rule>,
    },
    /// An attribute comparison; see [`Field`] for the names.
    Attribute {
        /// Field name (`country`, `age`, an extra column's header, …).
        field: String,
        /// Comparison.
        #[serde(flatten)]
        op: AttrOp,
    },
    /// Number of matching events in the `days` days up to the as-of time.
    EventCount {
        /// End of the window (included), seconds since the epoch; the
        /// context's as-of time when absent.
        #[serde(default)]
        as_of: Option<i64>,
        /// Only this kind.
        #[serde(default)]
        kind: Option<EventKind>,
        /// Only this channel.
        #[serde(default)]
        channel: Option<Channel>,
        /// Only this direction.
        #[serde(default)]
        direction: Option<Direction>,
        /// Window length in days.
        days: u32,
        /// At least this many.
        #[serde(default)]
        min: Option<u32>,
        /// At most this many.
        #[serde(default)]
        max: Option<u32>,
    },
    /// A named score (set with [`SegmentContext::set_score`]) in a range,
    /// bounds included.
    Score {
        /// Score name (`fit`, `engagement`, `total`, `pressure`, …).
        score: String,
        /// Lower bound.
        #[serde(default)]
        min: Option<f64>,
        /// Upper bound.
        #[serde(default)]
        max: Option<f64>,
    },
    /// In one of these RFM segments.
    RfmSegment {
        /// Segments.
        segments: Vec<Segment>,
    },
    /// In one of these tiers.
    Tier {
        /// Tiers.
        tiers: Vec<Tier>,
    },
    /// Consent for a subject on a channel has this status.
    Consent {
        /// Subject.
        subject: String,
        /// Channel.
        channel: Channel,
        /// Required status (usually `opted_in`).
        status: ConsentStatus,
    },
}

/// A saved segment definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSegment {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The rule.
    pub rule: Rule,
}

/// Why a rule cannot be evaluated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum RuleError {
    /// No such attribute.
    #[error("unknown field `{0}`")]
    UnknownField(String),
    /// No score with that name was provided.
    #[error("unknown score `{0}`")]
    UnknownScore(String),
    /// The rule needs RFM results that were not provided.
    #[error("RFM segments are not computed")]
    NoRfm,
    /// The rule needs tiers that were not provided.
    #[error("tiers are not computed")]
    NoTiers,
    /// A text comparison on a numeric field.
    #[error("`{0}` is a number: use eq, gt, lt or in")]
    NotText(String),
}

type CountKey = (u8, u8, u8, u32, i64);

/// Everything rules read, with caches of the costly parts.
pub struct SegmentContext<'a> {
    ds: &'a Dataset,
    as_of: i64,
    n: usize,
    rfm: Option<Vec<u8>>,
    tiers: Option<Vec<u8>>,
    scores: FxHashMap<String, Vec<f64>>,
    counts: FxHashMap<CountKey, Vec<u32>>,
    numbers: FxHashMap<String, Vec<f64>>,
    consent: FxHashMap<(String, u8), Vec<ConsentStatus>>,
}

/// The caches of a [`SegmentContext`] without its borrow of the data set,
/// so a UI can keep them between edits (a context cannot outlive the
/// borrow). Only valid for the data set and as-of time it was built with.
#[derive(Default)]
pub struct SegmentCache {
    as_of: i64,
    n: usize,
    rfm: Option<Vec<u8>>,
    tiers: Option<Vec<u8>>,
    scores: FxHashMap<String, Vec<f64>>,
    counts: FxHashMap<CountKey, Vec<u32>>,
    numbers: FxHashMap<String, Vec<f64>>,
    consent: FxHashMap<(String, u8), Vec<ConsentStatus>>,
}

impl std::fmt::Debug for SegmentCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentCache")
            .field("contacts", &self.n)
            .field("as_of", &self.as_of)
            .field("event_counts", &self.counts.len())
            .finish()
    }
}

impl std::fmt::Debug for SegmentContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentContext")
            .field("contacts", &self.n)
            .field("as_of", &self.as_of)
            .finish()
    }
}

impl<'a> SegmentContext<'a> {
    /// A context over `ds`; event windows end at `as_of` (seconds, included).
    pub fn new(ds: &'a Dataset, as_of: i64) -> Self {
        SegmentContext {
            ds,
            as_of,
            n: ds.contact_count(),
            rfm: None,
            tiers: None,
            scores: FxHashMap::default(),
            counts: FxHashMap::default(),
            numbers: FxHashMap::default(),
            consent: FxHashMap::default(),
        }
    }

    /// A context over `ds` reusing `cache` when it was built for the same
    /// as-of time and number of contacts (the caller keeps it with the data
    /// set it came from); otherwise a fresh one.
    pub fn with_cache(ds: &'a Dataset, as_of: i64, cache: SegmentCache) -> Self {
        if cache.as_of != as_of || cache.n != ds.contact_count() {
            return SegmentContext::new(ds, as_of);
        }
        SegmentContext {
            ds,
            as_of,
            n: cache.n,
            rfm: cache.rfm,
            tiers: cache.tiers,
            scores: cache.scores,
            counts: cache.counts,
            numbers: cache.numbers,
            consent: cache.consent,
        }
    }

    /// Gives back the caches, to pass to [`SegmentContext::with_cache`].
    pub fn into_cache(self) -> SegmentCache {
        SegmentCache {
            as_of: self.as_of,
            n: self.n,
            rfm: self.rfm,
            tiers: self.tiers,
            scores: self.scores,
            counts: self.counts,
            numbers: self.numbers,
            consent: self.consent,
        }
    }

    /// Whether RFM segments and tiers were provided.
    pub fn has_rfm_and_tiers(&self) -> bool {
        self.rfm.is_some() && self.tiers.is_some()
    }

    /// Number of contacts rules range over.
    pub fn contact_count(&self) -> usize {
        self.n
    }

    /// Makes RFM segments available to rules.
    pub fn set_rfm(&mut self, rfm: &RfmResult) {
        let mut codes = rfm.segment_codes();
        codes.resize(self.n, u8::MAX);
        self.rfm = Some(codes);
    }

    /// Makes tiers available to rules.
    pub fn set_tiers(&mut self, tiers: &TierResult) {
        let mut codes = tiers.tier_of.clone();
        codes.resize(self.n, u8::MAX);
        self.tiers = Some(codes);
    }

    /// Makes a per-contact score available under `name` (`NaN` = none).
    pub fn set_score(&mut self, name: &str, mut values: Vec<f64>) {
        values.resize(self.n, f64::NAN);
        self.scores.insert(name.to_string(), values);
    }

    /// The members of `rule`.
    pub fn evaluate(&mut self, rule: &Rule) -> Result<Bits, RuleError> {
        let n = self.n;
        Ok(match rule {
            Rule::All => Bits::full(n),
            Rule::And { rules } => {
                let mut acc = Bits::full(n);
                for r in rules {
                    acc.and_with(&self.evaluate(r)?);
                }
                acc
            }
            Rule::Or { rules } => {
                let mut acc = Bits::new(n);
                for r in rules {
                    acc.or_with(&self.evaluate(r)?);
                }
                acc
            }
            Rule::Not { rule } => {
                let mut b = self.evaluate(rule)?;
                b.negate();
                b
            }
            Rule::Attribute { field, op } => self.attribute(field, op)?,
            Rule::EventCount {
                as_of,
                kind,
                channel,
                direction,
                days,
                min,
                max,
            } => {
                let end = as_of.unwrap_or(self.as_of);
                let counts = self.event_counts(*kind, *channel, *direction, *days, end);
                let (lo, hi) = (min.unwrap_or(0), max.unwrap_or(u32::MAX));
                Bits::from_fn(n, |c| (lo..=hi).contains(&counts[c]))
            }
            Rule::Score { score, min, max } => {
                let values = self
                    .scores
                    .get(score)
                    .ok_or_else(|| RuleError::UnknownScore(score.clone()))?;
                let (lo, hi) = (
                    min.unwrap_or(f64::NEG_INFINITY),
                    max.unwrap_or(f64::INFINITY),
                );
                Bits::from_fn(n, |c| values[c] >= lo && values[c] <= hi)
            }
            Rule::RfmSegment { segments } => {
                let codes = self.rfm.as_ref().ok_or(RuleError::NoRfm)?;
                let mut wanted = [false; 256];
                for &s in segments {
                    wanted[s as usize] = true;
                }
                Bits::from_fn(n, |c| wanted[codes[c] as usize])
            }
            Rule::Tier { tiers } => {
                let codes = self.tiers.as_ref().ok_or(RuleError::NoTiers)?;
                let mut wanted = [false; 256];
                for &t in tiers {
                    wanted[t as usize] = true;
                }
                Bits::from_fn(n, |c| wanted[codes[c] as usize])
            }
            Rule::Consent {
                subject,
                channel,
                status,
            } => {
                let key = (subject.clone(), channel.code());
                let ds = self.ds;
                let statuses = self
                    .consent
                    .entry(key)
                    .or_insert_with(|| consent::statuses(ds, subject, *channel));
                Bits::from_fn(n, |c| statuses[c] == *status)
            }
        })
    }

    /// Number of members of `rule`, for the live count while editing.
    pub fn count(&mut self, rule: &Rule) -> Result<usize, RuleError> {
        Ok(self.evaluate(rule)?.count())
    }

    /// Per contact, the events matching the filters with
    /// `as_of − days < ts ≤ as_of`; one scan per distinct filter, cached.
    pub fn event_counts(
        &mut self,
        kind: Option<EventKind>,
        channel: Option<Channel>,
        direction: Option<Direction>,
        days: u32,
        as_of: i64,
    ) -> &[u32] {
        let key = (
            kind.map_or(u8::MAX, EventKind::code),
            channel.map_or(u8::MAX, Channel::code),
            direction.map_or(u8::MAX, |d| d as u8),
            days,
            as_of,
        );
        let (ds, n) = (self.ds, self.n);
        self.counts.entry(key).or_insert_with(|| {
            let e = &ds.events;
            let from = as_of - i64::from(days) * DAY;
            let mut counts = vec![0u32; n];
            for i in 0..e.len() {
                let t = e.ts[i];
                if t <= from
                    || t > as_of
                    || (key.0 != u8::MAX && e.kind[i] != key.0)
                    || (key.1 != u8::MAX && e.channel[i] != key.1)
                    || (key.2 != u8::MAX && e.meta[i] & 1 != key.2)
                {
                    continue;
                }
                if let Some(c) = counts.get_mut(e.contact[i] as usize) {
                    *c += 1;
                }
            }
            counts
        })
    }

    fn attribute(&mut self, field: &str, op: &AttrOp) -> Result<Bits, RuleError> {
        let f =
            Field::parse(self.ds, field).ok_or_else(|| RuleError::UnknownField(field.into()))?;
        let n = self.n;
        let numeric = f.is_numeric();
        match op {
            AttrOp::Gt(x) => {
                let v = self.numbers(field, f);
                Ok(Bits::from_fn(n, |c| v[c] > *x))
            }
            AttrOp::Lt(x) => {
                let v = self.numbers(field, f);
                Ok(Bits::from_fn(n, |c| v[c] < *x))
            }
            AttrOp::IsSet if numeric => {
                let v = self.numbers(field, f);
                Ok(Bits::from_fn(n, |c| !v[c].is_nan()))
            }
            AttrOp::Eq(s) | AttrOp::Ne(s) if numeric => {
                let x = fields::parse_number(s);
                let v = self.numbers(field, f);
                let mut b = Bits::from_fn(n, |c| Some(v[c]) == x);
                if matches!(op, AttrOp::Ne(_)) {
                    b.negate();
                }
                Ok(b)
            }
            AttrOp::In(list) if numeric => {
                let xs: Vec<f64> = list
                    .iter()
                    .filter_map(|s| fields::parse_number(s))
                    .collect();
                let v = self.numbers(field, f);
                Ok(Bits::from_fn(n, |c| xs.contains(&v[c])))
            }
            _ => self
                .text_match(f, op)
                .ok_or_else(|| RuleError::NotText(field.into())),
        }
    }

    fn numbers(&mut self, name: &str, field: Field) -> &[f64] {
        let (ds, n, as_of) = (self.ds, self.n, self.as_of);
        self.numbers
            .entry(name.to_string())
            .or_insert_with(|| field.numbers(ds, n, as_of))
    }

    fn text_match(&self, field: Field, op: &AttrOp) -> Option<Bits> {
        let ds = self.ds;
        let (col, dict) = field.text_column(ds)?;
        let wanted: Vec<&str> = match op {
            AttrOp::Eq(s) | AttrOp::Ne(s) | AttrOp::Contains(s) => vec![s.trim()],
            AttrOp::In(list) => list.iter().map(|s| s.trim()).collect(),
            _ => Vec::new(),
        };
        let needle = wanted
            .first()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        let test = |value: &str| -> bool {
            let value = value.trim();
            match op {
                AttrOp::Eq(_) | AttrOp::Ne(_) | AttrOp::In(_) => {
                    wanted.iter().any(|w| w.eq_ignore_ascii_case(value))
                }
                AttrOp::Contains(_) => contains_ignore_ascii_case(value, &needle),
                _ => !value.is_empty(),
            }
        };
        // Many contacts share few values (countries, stages): decide once per
        // distinct dictionary id. 0 = not decided, 1 = no, 2 = yes.
        let mut memo = vec![0u8; dict.len()];
        let mut b = Bits::from_fn(self.n, |c| {
            let id = match col {
                fields::Column::Text(col) => col.get(c).copied().unwrap_or(crate::model::NONE),
                fields::Column::Key => c as u32,
            };
            let Some(m) = memo.get_mut(id as usize) else {
                return test("");
            };
            if *m == 0 {
                *m = 1 + u8::from(test(dict.get(id)));
            }
            *m == 2
        });
        if matches!(op, AttrOp::Ne(_)) {
            b.negate();
        }
        Some(b)
    }
}

fn contains_ignore_ascii_case(haystack: &str, lower_needle: &str) -> bool {
    if lower_needle.is_empty() {
        return true;
    }
    let (h, n) = (haystack.as_bytes(), lower_needle.as_bytes());
    h.windows(n.len())
        .any(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b))
}

/// A segment export.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Export {
    /// CSV text: `contact_key` then the requested fields.
    pub csv: String,
    /// Data rows written.
    pub rows: u32,
    /// Members dropped for lack of consent.
    pub dropped_no_consent: u32,
}

/// Writes the members of `members` as CSV with the given fields (`age` as
/// of `as_of`); with `consent`, members not opted in to that subject on that
/// channel are dropped (SPEC §6: every audience respects consent).
pub fn export_csv(
    ds: &Dataset,
    members: &Bits,
    fields: &[&str],
    consent: Option<(&str, Channel)>,
    as_of: i64,
) -> Result<Export, RuleError> {
    let parsed: Vec<Field> = fields
        .iter()
        .map(|&name| Field::parse(ds, name).ok_or_else(|| RuleError::UnknownField(name.into())))
        .collect::<Result<_, _>>()?;
    let allowed = consent.map(|(subject, channel)| consent::opted_in(ds, subject, channel));
    let mut out = String::new();
    csv_out::push_row(
        &mut out,
        std::iter::once("contact_key").chain(fields.iter().copied()),
    );
    let (mut rows, mut dropped) = (0, 0);
    let mut cell = String::new();
    for c in members.iter_ones() {
        if allowed.as_ref().is_some_and(|a| !a.get(c as usize)) {
            dropped += 1;
            continue;
        }
        csv_out::push_field(&mut out, ds.keys.try_get(c).unwrap_or(""));
        for f in &parsed {
            out.push(',');
            cell.clear();
            f.write_value(ds, c, as_of, &mut cell);
            csv_out::push_field(&mut out, &cell);
        }
        out.push('\n');
        rows += 1;
    }
    Ok(Export {
        csv: out,
        rows,
        dropped_no_consent: dropped,
    })
}

#[cfg(test)]
mod tests;
