//! Lead / contact scoring (SPEC §5).
//!
//! Three rule families: **demographic** and **functional** rules are segment
//! [`Rule`]s worth points when they hold (together the *fit* score);
//! **interaction** rules give points per matching event (the *engagement*
//! score), with an optional cap per rule and period and an optional half-life
//! decay: an event `age` days old is worth `points × 0.5^(age / half_life)`.
//!
//! Caps use periods aligned to the Unix epoch (`floor(ts / period)`), so a
//! contact's capped points never change when the as-of date moves; within a
//! period the newest events use the cap first, so one more interaction never
//! lowers a score (it would if an older event could take the cap from a
//! fresher, less decayed one). Machine opens and bot clicks earn nothing.
//!
//! Fit rules read attributes, which carry no history, so fit is taken as
//! constant over time; a stage is *crossed* at the first event after `since`
//! that lifts fit + engagement to the stage's minimum. Between events the
//! score only decays, so checking at event times finds every crossing.

use crate::bitset::Bits;
use crate::by_contact::ContactEvents;
use crate::model::{flags, Channel, Dataset, Direction, EventKind, DAY, NONE};
use crate::rules::{Rule, RuleError, SegmentContext};
use serde::{Deserialize, Serialize};

/// A demographic or functional rule: points when the condition holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitRule {
    /// Stable id shown in breakdowns.
    pub id: String,
    /// Condition over attributes, segments, tiers, consent.
    pub condition: Rule,
    /// Points (negative for disqualifiers).
    pub points: f64,
}

/// An interaction rule: points per matching event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteractionRule {
    /// Stable id shown in breakdowns.
    pub id: String,
    /// Only this kind.
    #[serde(default)]
    pub kind: Option<EventKind>,
    /// Only this channel.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Only this direction.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Only events with this name (`document_read`, …).
    #[serde(default)]
    pub name: Option<String>,
    /// Points per event before decay.
    pub points: f64,
    /// At most this many points (before decay) per period.
    #[serde(default)]
    pub cap: Option<f64>,
    /// The cap period in days (default 30).
    #[serde(default = "default_cap_days")]
    pub cap_period_days: u32,
}

fn default_cap_days() -> u32 {
    30
}

/// What the backend or app should do when a contact reaches a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", content = "target", rename_all = "snake_case")]
pub enum StageAction {
    /// Create a follow-up task.
    CreateTask,
    /// Add the contact to a saved segment.
    AddToSegment(String),
    /// Send the contact to the backend as a lead or opportunity.
    SendLead,
}

/// A stage reached at a minimum total score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Stage name (MQL, SQL, …).
    pub name: String,
    /// Minimum total score.
    pub min_score: f64,
    /// Actions fired on crossing.
    #[serde(default)]
    pub actions: Vec<StageAction>,
}

/// A complete scoring model, saved as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringModel {
    /// Demographic rules (target area, segment membership).
    pub demographic: Vec<FitRule>,
    /// Functional rules (seniority, decision power, company size).
    pub functional: Vec<FitRule>,
    /// Interaction rules (visits, opens, clicks, replies, calls, documents).
    pub interaction: Vec<InteractionRule>,
    /// Half-life of interaction points in days; `None` disables decay.
    pub half_life_days: Option<f64>,
    /// Stages by increasing minimum score.
    pub stages: Vec<Stage>,
}

impl Default for ScoringModel {
    fn default() -> Self {
        let stage = |name: &str, min_score: f64| Stage {
            name: name.into(),
            min_score,
            actions: Vec::new(),
        };
        ScoringModel {
            demographic: Vec::new(),
            functional: Vec::new(),
            interaction: Vec::new(),
            half_life_days: Some(30.0),
            stages: vec![stage("MQL", 50.0), stage("SQL", 80.0)],
        }
    }
}

/// A contact reaching a stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Crossing {
    /// Dense contact id.
    pub contact: u32,
    /// Stage name.
    pub stage: String,
    /// When, seconds since the epoch (the triggering event's time).
    pub at: i64,
    /// Total score just after the event.
    pub score: f64,
    /// Id of the interaction rule whose event crossed the line.
    pub trigger: String,
}

/// Scores of every contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// As-of time, seconds since the epoch.
    pub as_of: i64,
    /// Demographic points per contact.
    pub demographic: Vec<f64>,
    /// Functional points per contact.
    pub functional: Vec<f64>,
    /// Fit = demographic + functional.
    pub fit: Vec<f64>,
    /// Engagement (decayed interaction points) per contact.
    pub engagement: Vec<f64>,
    /// Fit + engagement.
    pub total: Vec<f64>,
    /// Index into the model's stages of the highest stage reached, or
    /// `u8::MAX`.
    pub stage: Vec<u8>,
    /// Stage crossings after `since`, by time.
    pub crossings: Vec<Crossing>,
    /// Per fit rule (demographic then functional), who matched.
    #[serde(skip)]
    pub fit_hits: Vec<Bits>,
}

/// One line of a contact's score breakdown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownLine {
    /// `demographic`, `functional` or `interaction`.
    pub family: &'static str,
    /// Rule id.
    pub rule: String,
    /// Events counted (interaction) or 1/0 (fit rules).
    pub hits: u32,
    /// Points after caps and decay.
    pub points: f64,
}

/// Everything matching an interaction rule needs, resolved once.
struct Matcher {
    kind: u8,
    channel: u8,
    direction: u8,
    name: Option<u32>,
    no_match: bool,
}

impl Matcher {
    fn new(ds: &Dataset, r: &InteractionRule) -> Self {
        let name = r.name.as_ref().map(|n| ds.names.lookup(n));
        Matcher {
            kind: r.kind.map_or(u8::MAX, EventKind::code),
            channel: r.channel.map_or(u8::MAX, Channel::code),
            direction: r.direction.map_or(u8::MAX, |d| d as u8),
            name: name.flatten(),
            no_match: matches!(name, Some(None)),
        }
    }

    fn matches(&self, ev: &Ev) -> bool {
        !self.no_match
            && (ev.meta >> 3) & (flags::MACHINE_OPEN | flags::BOT_CLICK) == 0
            && (self.kind == u8::MAX || ev.kind == self.kind)
            && (self.channel == u8::MAX || ev.channel == self.channel)
            && (self.direction == u8::MAX || ev.meta & 1 == self.direction)
            && self.name.is_none_or(|n| ev.name == n)
    }
}

/// The columns of one event that scoring reads, copied out of the table.
#[derive(Clone, Copy)]
struct Ev {
    ts: i64,
    kind: u8,
    channel: u8,
    meta: u8,
    name: u32,
}

impl Ev {
    fn of(ds: &Dataset, row: usize, with_name: bool) -> Self {
        let e = &ds.events;
        Ev {
            ts: e.ts[row],
            kind: e.kind[row],
            channel: e.channel[row],
            meta: e.meta[row],
            name: if with_name {
                e.name.get(row).copied().unwrap_or(NONE)
            } else {
                NONE
            },
        }
    }
}

/// Events of the current cap period of one rule that still hold part of
/// the cap.
struct CapState {
    period: i64,
    /// Start of the period, seconds.
    origin: i64,
    /// (ts, points, 2^((ts − origin) / half-life)).
    recent: Vec<(i64, f64, f64)>,
}

/// Running state of one contact's interaction points.
struct Engagement<'m> {
    model: &'m ScoringModel,
    matchers: &'m [Matcher],
    caps: Vec<CapState>,
    /// 1 / half-life in seconds, 0 without decay.
    inv_half_life: f64,
    /// Decayed sum and the time it is valid at.
    sum: f64,
    at: i64,
}

impl<'m> Engagement<'m> {
    fn new(model: &'m ScoringModel, matchers: &'m [Matcher]) -> Self {
        Engagement {
            model,
            matchers,
            caps: (0..matchers.len())
                .map(|_| CapState {
                    period: i64::MIN,
                    origin: 0,
                    recent: Vec::new(),
                })
                .collect(),
            inv_half_life: match model.half_life_days {
                Some(h) if h > 0.0 => 1.0 / (h * DAY as f64),
                _ => 0.0,
            },
            sum: 0.0,
            at: i64::MIN,
        }
    }

    fn reset(&mut self) {
        for c in &mut self.caps {
            c.period = i64::MIN;
            c.recent.clear();
        }
        self.sum = 0.0;
        self.at = i64::MIN;
    }

    fn decay(&self, seconds: i64) -> f64 {
        if seconds > 0 && self.inv_half_life > 0.0 {
            (-(seconds as f64) * self.inv_half_life).exp2()
        } else {
            1.0
        }
    }

    /// The decayed sum at time `t` (≥ the last event).
    fn value_at(&self, t: i64) -> f64 {
        if self.at == i64::MIN {
            0.0
        } else {
            self.sum * self.decay(t - self.at)
        }
    }

    /// Decayed points at `t` of one period's events, the newest using the
    /// cap first (negative points are never capped).
    ///
    /// Each event carries its growth since the period's start, so the sum
    /// needs one decay factor instead of one per event; when the period is
    /// so many half-lives long that growth could overflow, it decays each
    /// event directly.
    fn capped(&self, state: &CapState, cap: f64, t: i64, weighted: bool) -> f64 {
        let mut left = cap.max(0.0);
        let mut total = 0.0;
        for &(ts, p, w) in state.recent.iter().rev() {
            let take = if p > 0.0 { p.min(left) } else { p };
            if p > 0.0 {
                left -= take;
            }
            total += take * if weighted { w } else { self.decay(t - ts) };
        }
        if weighted {
            total * self.decay(t - state.origin)
        } else {
            total
        }
    }

    /// Adds event `row`; returns the id of the last rule that gave points.
    fn add(&mut self, ev: &Ev) -> Option<usize> {
        let t = ev.ts;
        let mut trigger = None;
        let mut gained = 0.0;
        for (i, (m, rule)) in self
            .matchers
            .iter()
            .zip(&self.model.interaction)
            .enumerate()
        {
            if !m.matches(ev) {
                continue;
            }
            let delta = match rule.cap {
                None => rule.points,
                Some(cap) => {
                    let len = i64::from(rule.cap_period_days.max(1)) * DAY;
                    let period = t.div_euclid(len);
                    let weighted = len as f64 * self.inv_half_life < 600.0;
                    let mut state = std::mem::replace(
                        &mut self.caps[i],
                        CapState {
                            period,
                            origin: 0,
                            recent: Vec::new(),
                        },
                    );
                    if state.period != period {
                        state.period = period;
                        state.origin = period * len;
                        state.recent.clear();
                    }
                    let before = self.capped(&state, cap, t, weighted);
                    let growth = if weighted {
                        ((t - state.origin) as f64 * self.inv_half_life).exp2()
                    } else {
                        1.0
                    };
                    state.recent.push((t, rule.points, growth));
                    let after = self.capped(&state, cap, t, weighted);
                    // Events behind the newest ones that fill the cap get
                    // nothing now and never will (later events are newer).
                    let mut filled = 0.0;
                    let keep = state
                        .recent
                        .iter()
                        .rev()
                        .take_while(|&&(_, p, _)| {
                            let open = filled < cap;
                            filled += p.max(0.0);
                            open
                        })
                        .count();
                    let drop = state.recent.len() - keep;
                    state.recent.drain(..drop);
                    self.caps[i] = state;
                    after - before
                }
            };
            if delta != 0.0 {
                gained += delta;
                trigger = Some(i);
            }
        }
        self.sum = self.value_at(t) + gained;
        self.at = t;
        trigger
    }
}

/// Scores every contact as of `as_of`, reporting stage crossings in
/// `(since, as_of]` when `since` is given. `ctx` evaluates the fit rules
/// (give it RFM, tiers, other scores first if rules use them).
pub fn score(
    ds: &Dataset,
    ctx: &mut SegmentContext<'_>,
    events: &ContactEvents,
    model: &ScoringModel,
    as_of: i64,
    since: Option<i64>,
) -> Result<Scores, RuleError> {
    let n = ctx.contact_count();
    let mut fit_hits = Vec::new();
    let mut family = |rules: &[FitRule], hits: &mut Vec<Bits>| -> Result<Vec<f64>, RuleError> {
        let mut points = vec![0.0; n];
        for r in rules {
            let b = ctx.evaluate(&r.condition)?;
            for c in b.iter_ones() {
                points[c as usize] += r.points;
            }
            hits.push(b);
        }
        Ok(points)
    };
    let demographic = family(&model.demographic, &mut fit_hits)?;
    let functional = family(&model.functional, &mut fit_hits)?;
    let fit: Vec<f64> = demographic
        .iter()
        .zip(&functional)
        .map(|(a, b)| a + b)
        .collect();

    let matchers: Vec<Matcher> = model
        .interaction
        .iter()
        .map(|r| Matcher::new(ds, r))
        .collect();
    let with_name = matchers.iter().any(|m| m.name.is_some());
    let mut engagement = vec![0.0; n];
    let mut crossings = Vec::new();
    let mut state = Engagement::new(model, &matchers);
    let gather = |row| Ev::of(ds, row, with_name);
    events.for_each_gathered(n, gather, |contact, evs| {
        let c = contact as usize;
        state.reset();
        let mut reached = usize::MAX;
        for ev in evs {
            let t = ev.ts;
            if t > as_of {
                break;
            }
            if since.is_some_and(|s| t > s) && reached == usize::MAX {
                reached = stages_reached(model, fit[c] + state.value_at(since.unwrap_or(t)));
            }
            let trigger = state.add(ev);
            if since.is_some_and(|s| t > s) {
                let now = stages_reached(model, fit[c] + state.sum);
                if now > reached {
                    for stage in &model.stages[reached..now] {
                        crossings.push(Crossing {
                            contact,
                            stage: stage.name.clone(),
                            at: t,
                            score: fit[c] + state.sum,
                            trigger: trigger
                                .map_or_else(String::new, |i| model.interaction[i].id.clone()),
                        });
                    }
                    reached = now;
                }
            }
        }
        engagement[c] = state.value_at(as_of);
    });
    crossings.sort_by_key(|x| (x.at, x.contact));
    let total: Vec<f64> = fit.iter().zip(&engagement).map(|(a, b)| a + b).collect();
    let stage = total
        .iter()
        .map(|&t| match stages_reached(model, t) {
            0 => u8::MAX,
            k => (k - 1) as u8,
        })
        .collect();
    Ok(Scores {
        as_of,
        demographic,
        functional,
        fit,
        engagement,
        total,
        stage,
        crossings,
        fit_hits,
    })
}

/// How many stages (in model order) a score reaches.
fn stages_reached(model: &ScoringModel, score: f64) -> usize {
    model
        .stages
        .iter()
        .take_while(|s| score >= s.min_score)
        .count()
}

impl Scores {
    /// Why `contact` has its score: points per rule, fit rules first.
    pub fn breakdown(
        &self,
        ds: &Dataset,
        events: &ContactEvents,
        model: &ScoringModel,
        contact: u32,
    ) -> Vec<BreakdownLine> {
        let fit_rules = model
            .demographic
            .iter()
            .map(|r| ("demographic", r))
            .chain(model.functional.iter().map(|r| ("functional", r)));
        let mut lines: Vec<BreakdownLine> = fit_rules
            .zip(&self.fit_hits)
            .map(|((family, r), hits)| {
                let hit = hits.get(contact as usize);
                BreakdownLine {
                    family,
                    rule: r.id.clone(),
                    hits: u32::from(hit),
                    points: if hit { r.points } else { 0.0 },
                }
            })
            .collect();
        // Replay the contact's events one rule at a time to split the sum.
        for rule in &model.interaction {
            let one = ScoringModel {
                interaction: vec![rule.clone()],
                ..model.clone()
            };
            let matchers = [Matcher::new(ds, rule)];
            let mut state = Engagement::new(&one, &matchers);
            let mut hits = 0;
            for &row in events.rows(contact) {
                let ev = Ev::of(ds, row as usize, true);
                if ev.ts > self.as_of {
                    break;
                }
                hits += u32::from(matchers[0].matches(&ev));
                state.add(&ev);
            }
            lines.push(BreakdownLine {
                family: "interaction",
                rule: rule.id.clone(),
                hits,
                points: state.value_at(self.as_of),
            });
        }
        lines
    }
}

#[cfg(test)]
mod tests;
