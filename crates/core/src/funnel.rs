//! Funnel drop-off (SPEC §3): how many units (contacts or sessions) go
//! through steps s1..sn, in order, within a window.
//!
//! Definitions, as computed here:
//! - A unit **enters** at its earliest s1 inside the query's period. Each
//!   unit enters at most once; later steps may fall after the period's end.
//! - Events are walked in (timestamp, row) order, so equal timestamps keep
//!   file order: an s2 written above an s1 with the same time came before it.
//! - **Window** ([`FunnelQuery::window`], default 14 days): every step must
//!   come at most that long after s1. A step may also have its own window,
//!   measured from the previous step (from s1 in `Any` mode, where steps
//!   have no previous one). `None` means no limit.
//! - **Order modes** ([`OrderMode`]):
//!   - `Ordered`: each step matched at its earliest occurrence after the
//!     previous step; other events in between are fine.
//!   - `Strict`: the very next event of the unit (any kind, any channel)
//!     after step k−1 must be step k; anything else ends the unit's run.
//!   - `Any`: s1 comes first, then s2..sn in any order; a unit has reached
//!     step k once it has done all of s2..sk, and it did so at the latest
//!     of their first occurrences.
//! - **Exclusion steps**: the first exclusion event after s1 ends the run;
//!   steps reached before it still count.
//! - **Open windows**: a unit that has not finished, has not been stopped
//!   (strict or exclusion), and could still make its next step by
//!   [`FunnelQuery::as_of`] is *in progress*: it appears only in
//!   `in_progress`, never in `entered` or as a drop-off. Events after
//!   `as_of` are ignored. Without any window a run never stays open.
//! - entered_k counts units reaching step k; step conversion =
//!   entered_k / entered_(k−1); drop-off = 1 − step conversion; overall =
//!   entered_n / entered_1; times between steps are over the units that
//!   made both steps.

#[cfg(test)]
mod tests;

use crate::contact_index::{ContactIndex, Rows};
use crate::model::{Channel, Dataset, EventKind, DAY, NONE};
use crate::rate::{mean_median, Period, Rate};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What one step (or exclusion) matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepMatch {
    /// Any event of this kind.
    Kind(EventKind),
    /// Events with this name id in [`Dataset::names`].
    Name(u32),
}

impl StepMatch {
    /// A match on an event name as written in the file; `None` when no
    /// event has that name.
    pub fn name(ds: &Dataset, name: &str) -> Option<StepMatch> {
        ds.names.lookup(name).map(StepMatch::Name)
    }

    #[inline]
    fn matches(self, kind: u8, name: u32) -> bool {
        match self {
            StepMatch::Kind(k) => k.code() == kind,
            StepMatch::Name(n) => n == name,
        }
    }
}

/// One funnel step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// What counts as doing the step.
    pub matcher: StepMatch,
    /// Display name.
    pub label: String,
    /// Longest gap from the previous step, in seconds, if limited.
    pub window: Option<i64>,
}

impl Step {
    /// A step without its own window.
    pub fn new(matcher: StepMatch, label: impl Into<String>) -> Self {
        Step {
            matcher,
            label: label.into(),
            window: None,
        }
    }
}

/// How strictly steps must follow each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderMode {
    /// Step k is the unit's very next event after step k−1.
    Strict,
    /// Step k comes some time after step k−1.
    Ordered,
    /// s1 first, the rest in any order.
    Any,
}

/// What walks through the funnel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// One run per contact.
    Contact,
    /// One run per (contact, session); events without a session are ignored.
    Session,
}

/// How to split the funnel into groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    /// No split.
    None,
    /// By the channel of the unit's s1 event.
    Channel,
    /// By a contact attribute: `country`, `city`, `stage`, `job_title`,
    /// `company` or an extra column's header.
    Attribute(String),
}

/// A funnel to compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelQuery {
    /// s1..sn, at most 64.
    pub steps: Vec<Step>,
    /// Longest time from s1 to any step, in seconds; `None` for no limit.
    pub window: Option<i64>,
    /// Order mode.
    pub mode: OrderMode,
    /// Events that end a run.
    pub exclusions: Vec<StepMatch>,
    /// Contacts or sessions.
    pub unit: Unit,
    /// Units enter with an s1 in this period.
    pub period: Period,
    /// "Now": later events are ignored and windows still open are reported
    /// apart.
    pub as_of: i64,
    /// Grouping.
    pub breakdown: Breakdown,
}

impl FunnelQuery {
    /// An ordered, per-contact funnel with a 14-day window.
    pub fn new(steps: Vec<Step>, period: Period, as_of: i64) -> Self {
        FunnelQuery {
            steps,
            window: Some(14 * DAY),
            mode: OrderMode::Ordered,
            exclusions: Vec::new(),
            unit: Unit::Contact,
            period,
            as_of,
            breakdown: Breakdown::None,
        }
    }
}

/// One step of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepStats {
    /// The step's label.
    pub label: String,
    /// Units that reached it (finished runs only).
    pub entered: u64,
    /// entered / entered of the previous step (the first step over itself).
    pub conversion: Rate,
    /// 1 − conversion, as a count of units lost over the previous step's.
    pub drop_off: Rate,
    /// Mean seconds from the previous step, over units that made both.
    pub mean_secs: Option<f64>,
    /// Median seconds from the previous step.
    pub median_secs: Option<f64>,
    /// Units still in progress that reached this step.
    pub in_progress: u64,
}

/// The funnel of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelGroup {
    /// Group label (`total`, a channel, an attribute value, `(none)`).
    pub label: String,
    /// One entry per step.
    pub steps: Vec<StepStats>,
    /// entered_n / entered_1.
    pub overall: Rate,
    /// Units whose window is still open.
    pub in_progress: u64,
}

/// A computed funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelReport {
    /// Everyone.
    pub total: FunnelGroup,
    /// One per breakdown value seen, in first-seen order.
    pub groups: Vec<FunnelGroup>,
}

/// Computes `query` over `ds`. Steps beyond the 64th are ignored.
pub fn funnel(ds: &Dataset, idx: &ContactIndex, query: &FunnelQuery) -> FunnelReport {
    let mut walk = FunnelWalk::new(ds, query);
    for c in 0..idx.contacts() {
        walk.contact(c, idx.events(c));
    }
    walk.finish()
}

/// [`funnel`] one contact at a time, so another walk over the contacts
/// can carry it (see [`crate::recompute`]).
pub(crate) struct FunnelWalk<'a> {
    ds: &'a Dataset,
    query: &'a FunnelQuery,
    steps: &'a [Step],
    attribute: Option<&'a [u32]>,
    total: Acc,
    groups: Vec<(u32, Acc)>,
    /// Dense map from breakdown value to group slot; values are small ids.
    slot_of: Vec<u32>,
    scratch: Vec<u32>,
    times: Vec<i64>,
    /// `Any` mode's first time each step was seen, reused between units.
    first_seen: Vec<i64>,
    walker: Walker<'a>,
}

impl<'a> FunnelWalk<'a> {
    /// An empty funnel of `query`.
    pub(crate) fn new(ds: &'a Dataset, query: &'a FunnelQuery) -> Self {
        let steps = &query.steps[..query.steps.len().min(64)];
        let n = steps.len();
        let attribute = match &query.breakdown {
            Breakdown::Attribute(name) => attribute_column(ds, name),
            _ => None,
        };
        FunnelWalk {
            ds,
            query,
            steps,
            attribute,
            total: Acc::new(n),
            groups: Vec::new(),
            slot_of: Vec::new(),
            scratch: Vec::new(),
            times: vec![0i64; n],
            first_seen: vec![i64::MAX; n],
            walker: Walker::new(ds, query, steps),
        }
    }

    /// Adds contact `c`, whose event rows in time order are `rows`.
    // Inlined into the walk that carries the funnel: a call per contact
    // cost more than this dispatch.
    #[inline]
    pub(crate) fn contact(&mut self, c: usize, rows: Rows<'_>) {
        if rows.is_empty() {
            return;
        }
        match self.query.unit {
            Unit::Contact => self.run(c, rows),
            Unit::Session => self.sessions(c, rows),
        }
    }

    /// [`FunnelWalk::contact`] by session.
    fn sessions(&mut self, c: usize, rows: Rows<'_>) {
        let ds = self.ds;
        let Some(session) = (!ds.events.session.is_empty()).then_some(&ds.events.session) else {
            return;
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.extend(
            rows.iter()
                .filter(|&r| session[r] != NONE)
                .map(|r| r as u32),
        );
        // Stable: each session keeps its time order.
        scratch.sort_by_key(|&r| session[r as usize]);
        for chunk in scratch.chunk_by(|&a, &b| session[a as usize] == session[b as usize]) {
            self.run(c, Rows::List(chunk));
        }
        self.scratch = scratch;
    }

    /// One unit's run.
    fn run(&mut self, c: usize, unit_rows: Rows<'_>) {
        let (times, first_seen) = (&mut self.times, &mut self.first_seen);
        // One walk per layout: an iterator over either, matched per row,
        // cost the funnel a quarter more instructions.
        let out = match unit_rows {
            Rows::Run { start, end } => {
                let (start, end) = (start as usize, end as usize);
                let Some(first) = self.walker.first_in_run(start..end) else {
                    return;
                };
                self.walker.run(first, first + 1..end, times, first_seen)
            }
            Rows::List(list) => {
                let mut rows = list.iter().map(|&r| r as usize);
                let Some(first) = self.walker.first(&mut rows) else {
                    return;
                };
                self.walker.run(first, rows, times, first_seen)
            }
        };
        let query = self.query;
        let value = match (&query.breakdown, self.attribute) {
            (Breakdown::Channel, _) => u32::from(self.ds.events.channel[out.first_row]),
            (Breakdown::Attribute(_), Some(col)) => col.get(c).copied().unwrap_or(NONE),
            _ => NONE,
        };
        self.total.add(&out, &self.times);
        if !matches!(query.breakdown, Breakdown::None) {
            let key = if value == NONE { 0 } else { value as usize + 1 };
            if self.slot_of.len() <= key {
                self.slot_of.resize(key + 1, u32::MAX);
            }
            if self.slot_of[key] == u32::MAX {
                self.slot_of[key] = self.groups.len() as u32;
                self.groups.push((value, Acc::new(self.steps.len())));
            }
            self.groups[self.slot_of[key] as usize]
                .1
                .add(&out, &self.times);
        }
    }

    /// Adds the walk of the contacts right after this walk's: the result
    /// is that of one walk over both, groups in first-seen order and step
    /// gaps in walk order (their mean is a float sum).
    pub(crate) fn merge(&mut self, later: FunnelWalk<'_>) {
        self.total.merge(later.total);
        for (value, acc) in later.groups {
            let key = if value == NONE { 0 } else { value as usize + 1 };
            if self.slot_of.len() <= key {
                self.slot_of.resize(key + 1, u32::MAX);
            }
            if self.slot_of[key] == u32::MAX {
                self.slot_of[key] = self.groups.len() as u32;
                self.groups.push((value, acc));
            } else {
                self.groups[self.slot_of[key] as usize].1.merge(acc);
            }
        }
    }

    /// The report.
    pub(crate) fn finish(self) -> FunnelReport {
        let (ds, query, steps) = (self.ds, self.query, self.steps);
        let group_label = |value: u32| -> String {
            if value == NONE {
                return "(none)".to_owned();
            }
            match &query.breakdown {
                Breakdown::Channel => Channel::from_code(value as u8)
                    .map_or("?", Channel::as_str)
                    .to_owned(),
                _ => ds.text.try_get(value).unwrap_or("?").to_owned(),
            }
        };
        FunnelReport {
            total: self.total.finish("total".to_owned(), steps),
            groups: self
                .groups
                .into_iter()
                .map(|(v, acc)| acc.finish(group_label(v), steps))
                .collect(),
        }
    }
}

/// The text-id column of a contact attribute by name.
pub fn attribute_column<'a>(ds: &'a Dataset, name: &str) -> Option<&'a [u32]> {
    let c = &ds.contacts;
    Some(match name {
        "country" => &c.country,
        "city" | "region" => &c.city,
        "stage" | "lifecycle_stage" => &c.stage,
        "job_title" | "role" => &c.job_title,
        "company" => &c.company,
        _ => {
            return c
                .extra
                .iter()
                .find(|(h, _)| h == name)
                .map(|(_, col)| col.as_slice())
        }
    })
}

/// How [`Walker::first_in_run`] finds a unit's s1.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Entry {
    /// Step 1 matches no row (there is no step, or it names no name).
    Never,
    /// A row of this kind.
    Kind(u8),
    /// A row with this name id, one of `ds.names`.
    Name(u32),
    /// [`Walker::enters`] on every row.
    Plain,
}

/// The outcome of one unit's run.
struct RunOutcome {
    first_row: usize,
    reached: usize,
    open: bool,
}

struct Walker<'a> {
    ds: &'a Dataset,
    q: &'a FunnelQuery,
    steps: &'a [Step],
    /// How a run of rows finds its unit's s1: most rows of a history are
    /// not one, and one column compared per row costs a fraction of
    /// [`Walker::step_bits`] and the period test on every row.
    entry: Entry,
    /// Step bits matched by each kind code, so most rows need one lookup.
    kind_bits: [u64; 256],
    /// Step bits matched by each name id, up to the largest a step names:
    /// a second lookup instead of a loop over the name steps.
    name_bits: Vec<u64>,
    /// Step bits matched by rows without a name.
    unnamed_bits: u64,
}

impl<'a> Walker<'a> {
    fn new(ds: &'a Dataset, q: &'a FunnelQuery, steps: &'a [Step]) -> Self {
        let mut kind_bits = [0u64; 256];
        let mut name_bits: Vec<u64> = Vec::new();
        let mut unnamed_bits = 0;
        for (k, s) in steps.iter().enumerate() {
            match s.matcher {
                StepMatch::Kind(kind) => kind_bits[kind.code() as usize] |= 1 << k,
                StepMatch::Name(NONE) => unnamed_bits |= 1 << k,
                // Rows hold ids of `ds.names`: a step naming another id
                // matches nothing.
                StepMatch::Name(n) if (n as usize) < ds.names.len() => {
                    if name_bits.len() <= n as usize {
                        name_bits.resize(n as usize + 1, 0);
                    }
                    name_bits[n as usize] |= 1 << k;
                }
                StepMatch::Name(_) => {}
            }
        }
        let entry = match steps.first().map(|s| s.matcher) {
            None => Entry::Never,
            Some(StepMatch::Kind(kind)) => Entry::Kind(kind.code()),
            // A row without a name, or beyond the name column, is NONE:
            // left to the plain test.
            Some(StepMatch::Name(NONE)) => Entry::Plain,
            Some(StepMatch::Name(n)) if (n as usize) < ds.names.len() => Entry::Name(n),
            Some(StepMatch::Name(_)) => Entry::Never,
        };
        Walker {
            ds,
            q,
            steps,
            entry,
            kind_bits,
            name_bits,
            unnamed_bits,
        }
    }

    #[inline]
    fn step_bits(&self, r: usize) -> u64 {
        let mut bits = self.kind_bits[self.ds.events.kind[r] as usize];
        if !self.name_bits.is_empty() || self.unnamed_bits != 0 {
            let name = self.ds.events.name.get(r).copied().unwrap_or(NONE);
            bits |= match self.name_bits.get(name as usize) {
                Some(&b) => b,
                None if name == NONE => self.unnamed_bits,
                None => 0,
            };
        }
        bits
    }

    #[inline]
    fn excluded(&self, r: usize) -> bool {
        if self.q.exclusions.is_empty() {
            return false;
        }
        let kind = self.ds.events.kind[r];
        let name = self.ds.events.name.get(r).copied().unwrap_or(NONE);
        self.q.exclusions.iter().any(|m| m.matches(kind, name))
    }

    /// Whether row `r` is a unit's s1: an s1 in the period, by `as_of`.
    #[inline]
    fn enters(&self, r: usize) -> bool {
        self.may_enter(r) && self.step_bits(r) & 1 != 0
    }

    /// Whether a unit may enter at row `r`, for its time: in the period,
    /// by `as_of`.
    #[inline]
    fn may_enter(&self, r: usize) -> bool {
        let t = self.ds.events.ts[r];
        self.q.period.contains(t) && t <= self.q.as_of
    }

    /// The first of a unit's rows (time order) where it enters; `rows`
    /// goes on after it.
    fn first(&self, rows: &mut impl Iterator<Item = usize>) -> Option<usize> {
        rows.find(|&r| self.enters(r))
    }

    /// [`Walker::first`] of the rows `rows`, by [`Walker::entry`].
    fn first_in_run(&self, rows: Range<usize>) -> Option<usize> {
        let e = &self.ds.events;
        match self.entry {
            Entry::Never => None,
            Entry::Plain => self.first(&mut rows.clone()),
            Entry::Kind(code) => self.first_equal(&e.kind, code, rows),
            Entry::Name(n) => self.first_equal(&e.name, n, rows),
        }
    }

    /// The first row of `rows` whose value in `col` is `v` and which
    /// enters: equal to [`Walker::first`] when `v` in `col` is exactly
    /// step 1's match (`v` is not NONE, so rows beyond `col` match not).
    fn first_equal<T: Copy + PartialEq>(
        &self,
        col: &[T],
        v: T,
        rows: Range<usize>,
    ) -> Option<usize> {
        let end = rows.end.min(col.len());
        let mut from = rows.start.min(end);
        while let Some(p) = col[from..end].iter().position(|&x| x == v) {
            let r = from + p;
            if self.may_enter(r) {
                return Some(r);
            }
            from = r + 1;
        }
        None
    }

    /// Walks one unit's rows after its s1, `first_row` (time order);
    /// `times[k]` receives when step k was reached.
    fn run(
        &self,
        first_row: usize,
        rows: impl Iterator<Item = usize>,
        times: &mut [i64],
        first_seen: &mut [i64],
    ) -> RunOutcome {
        let n = self.steps.len();
        let ts = &self.ds.events.ts;
        let q = self.q;
        let t1 = ts[first_row];
        times[0] = t1;
        let mut reached = 1;
        let mut stopped = false;
        // In `Any` mode: first time each step was seen after s1.
        let mut seen = 1u64;
        if q.mode == OrderMode::Any {
            first_seen.fill(i64::MAX);
        }
        for r in rows {
            if reached == n {
                break;
            }
            let t = ts[r];
            if t > q.as_of || q.window.is_some_and(|w| t - t1 > w) {
                break;
            }
            if self.excluded(r) {
                stopped = true;
                break;
            }
            let bits = self.step_bits(r);
            match q.mode {
                OrderMode::Ordered | OrderMode::Strict => {
                    if self.steps[reached]
                        .window
                        .is_some_and(|w| t - times[reached - 1] > w)
                    {
                        break;
                    }
                    if bits & (1 << reached) != 0 {
                        times[reached] = t;
                        reached += 1;
                    } else if q.mode == OrderMode::Strict {
                        stopped = true;
                        break;
                    }
                }
                OrderMode::Any => {
                    let mut new = bits & !seen;
                    while new != 0 {
                        let k = new.trailing_zeros() as usize;
                        new &= new - 1;
                        if self.steps[k].window.is_none_or(|w| t - t1 <= w) {
                            seen |= 1 << k;
                            first_seen[k] = t;
                        }
                    }
                    while reached < n && seen & (1 << reached) != 0 {
                        times[reached] = times[reached - 1].max(first_seen[reached]);
                        reached += 1;
                    }
                }
            }
        }
        let open = reached < n
            && !stopped
            && self
                .deadline(t1, times[reached - 1], reached)
                .is_some_and(|d| q.as_of < d);
        RunOutcome {
            first_row,
            reached,
            open,
        }
    }

    /// The last moment step `next` could still happen, if any limit exists.
    fn deadline(&self, t1: i64, prev: i64, next: usize) -> Option<i64> {
        let overall = self.q.window.map(|w| t1.saturating_add(w));
        let step = match self.q.mode {
            OrderMode::Any => self.steps[next].window.map(|w| t1.saturating_add(w)),
            _ => self.steps[next].window.map(|w| prev.saturating_add(w)),
        };
        match (overall, step) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Running totals of one group.
struct Acc {
    entered: Vec<u64>,
    in_progress: Vec<u64>,
    open_units: u64,
    gaps: Vec<Vec<i64>>,
}

impl Acc {
    fn new(n: usize) -> Self {
        Acc {
            entered: vec![0; n],
            in_progress: vec![0; n],
            open_units: 0,
            gaps: vec![Vec::new(); n],
        }
    }

    #[inline]
    fn add(&mut self, out: &RunOutcome, times: &[i64]) {
        if out.open {
            self.open_units += 1;
            for k in 0..out.reached {
                self.in_progress[k] += 1;
            }
            return;
        }
        for k in 0..out.reached {
            self.entered[k] += 1;
            if k > 0 {
                self.gaps[k].push(times[k] - times[k - 1]);
            }
        }
    }

    fn merge(&mut self, later: Acc) {
        for (a, b) in self.entered.iter_mut().zip(&later.entered) {
            *a += b;
        }
        for (a, b) in self.in_progress.iter_mut().zip(&later.in_progress) {
            *a += b;
        }
        self.open_units += later.open_units;
        for (a, b) in self.gaps.iter_mut().zip(later.gaps) {
            a.extend(b);
        }
    }

    fn finish(mut self, label: String, steps: &[Step]) -> FunnelGroup {
        let n = steps.len();
        let stats = (0..n)
            .map(|k| {
                let prev = if k == 0 {
                    self.entered[0]
                } else {
                    self.entered[k - 1]
                };
                let conversion = Rate::new(self.entered[k], prev);
                let (mean_secs, median_secs) = mean_median(&mut self.gaps[k]);
                StepStats {
                    label: steps[k].label.clone(),
                    entered: self.entered[k],
                    conversion,
                    drop_off: conversion.complement(),
                    mean_secs,
                    median_secs,
                    in_progress: self.in_progress[k],
                }
            })
            .collect();
        let first = self.entered.first().copied().unwrap_or(0);
        FunnelGroup {
            label,
            steps: stats,
            overall: Rate::new(self.entered.last().copied().unwrap_or(0), first),
            in_progress: self.open_units,
        }
    }
}
