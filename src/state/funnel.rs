//! The Funnels page's choices: steps, window, order mode, exclusions,
//! unit and breakdown, and how they become a core `FunnelQuery`.
//!
//! Steps are event kinds or, when the data names its events (`add_to_cart`,
//! `checkout`…), event names. Pure, so the step builder's rules are tested
//! natively.

use canal_core::funnel::{Breakdown, FunnelQuery, OrderMode, Step, StepMatch, Unit};
use canal_core::model::{EventKind, DAY, NONE};
use canal_core::rate::Period;
use canal_core::Dataset;
use std::rc::Rc;
use yew::Reducible;

/// Most steps the builder offers to add.
pub const MAX_STEPS: usize = 8;

/// What one step or exclusion matches, independent of a data set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepChoice {
    /// Any event of this kind.
    Kind(EventKind),
    /// Events with this name.
    Name(String),
}

impl StepChoice {
    /// The `<option value>`: `kind:clicked`, `name:add_to_cart`.
    pub fn value(&self) -> String {
        match self {
            StepChoice::Kind(k) => format!("kind:{}", k.as_str()),
            StepChoice::Name(n) => format!("name:{n}"),
        }
    }

    /// The choice an `<option value>` stands for.
    pub fn parse(value: &str) -> Option<StepChoice> {
        match value.split_once(':')? {
            ("kind", k) => EventKind::parse(k).map(StepChoice::Kind),
            ("name", n) if !n.is_empty() => Some(StepChoice::Name(n.to_owned())),
            _ => None,
        }
    }

    /// The label shown, before translation of kinds.
    pub fn label(&self) -> &str {
        match self {
            StepChoice::Kind(k) => k.as_str(),
            StepChoice::Name(n) => n,
        }
    }

    /// The core matcher over `ds`; `None` for a name no event has.
    pub fn matcher(&self, ds: &Dataset) -> Option<StepMatch> {
        match self {
            StepChoice::Kind(k) => Some(StepMatch::Kind(*k)),
            StepChoice::Name(n) => StepMatch::name(ds, n),
        }
    }
}

/// How the funnel is split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakdownChoice {
    /// No split.
    None,
    /// By the channel of the first step.
    Channel,
    /// By country.
    Country,
    /// By lifecycle stage.
    Stage,
}

impl BreakdownChoice {
    /// Every choice, in menu order.
    pub const ALL: [BreakdownChoice; 4] = [
        BreakdownChoice::None,
        BreakdownChoice::Channel,
        BreakdownChoice::Country,
        BreakdownChoice::Stage,
    ];

    /// The `<option value>`.
    pub fn slug(self) -> &'static str {
        match self {
            BreakdownChoice::None => "none",
            BreakdownChoice::Channel => "channel",
            BreakdownChoice::Country => "country",
            BreakdownChoice::Stage => "stage",
        }
    }

    fn core(self) -> Breakdown {
        match self {
            BreakdownChoice::None => Breakdown::None,
            BreakdownChoice::Channel => Breakdown::Channel,
            BreakdownChoice::Country => Breakdown::Attribute("country".into()),
            BreakdownChoice::Stage => Breakdown::Attribute("stage".into()),
        }
    }
}

/// The funnel being built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunnelSpec {
    /// s1..sn.
    pub steps: Vec<StepChoice>,
    /// Days from s1 within which every step must happen.
    pub window_days: u32,
    /// Order mode.
    pub mode: OrderMode,
    /// Events that end a run.
    pub exclusions: Vec<StepChoice>,
    /// Contacts or sessions.
    pub unit: Unit,
    /// Split.
    pub breakdown: BreakdownChoice,
}

impl FunnelSpec {
    /// A 14-day ordered funnel per contact over `steps`.
    pub fn new(steps: Vec<StepChoice>) -> Self {
        FunnelSpec {
            steps,
            window_days: 14,
            mode: OrderMode::Ordered,
            exclusions: Vec::new(),
            unit: Unit::Contact,
            breakdown: BreakdownChoice::None,
        }
    }

    /// The core query over `ds`; steps and exclusions whose name no event
    /// has are left out (they could never match).
    pub fn query(&self, ds: &Dataset, period: Period, as_of: i64) -> FunnelQuery {
        let steps = self
            .steps
            .iter()
            .filter_map(|s| Some(Step::new(s.matcher(ds)?, s.label())))
            .collect();
        FunnelQuery {
            window: Some(i64::from(self.window_days.max(1)) * DAY),
            mode: self.mode,
            exclusions: self
                .exclusions
                .iter()
                .filter_map(|s| s.matcher(ds))
                .collect(),
            unit: self.unit,
            breakdown: self.breakdown.core(),
            ..FunnelQuery::new(steps, period, as_of)
        }
    }
}

/// The step choices `ds` offers: kinds present in it, in kind order, then
/// event names by how often they occur (most first, at most 40).
pub fn step_options(ds: &Dataset) -> Vec<StepChoice> {
    let mut kinds = [false; 32];
    for &k in &ds.events.kind {
        kinds[usize::from(k & 31)] = true;
    }
    let mut out: Vec<StepChoice> = EventKind::ALL
        .iter()
        .filter(|k| kinds[usize::from(k.code())])
        .map(|&k| StepChoice::Kind(k))
        .collect();
    let mut uses = vec![0u32; ds.names.len()];
    for &n in &ds.events.name {
        if n != NONE {
            if let Some(u) = uses.get_mut(n as usize) {
                *u += 1;
            }
        }
    }
    let mut names: Vec<(u32, &str)> = uses
        .iter()
        .enumerate()
        .filter(|(_, &u)| u > 0)
        .filter_map(|(id, &u)| Some((u, ds.names.try_get(id as u32)?)))
        .filter(|(_, n)| !n.is_empty() && EventKind::parse(n).is_none())
        .collect();
    names.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    out.extend(
        names
            .into_iter()
            .take(40)
            .map(|(_, n)| StepChoice::Name(n.to_owned())),
    );
    out
}

/// A sensible first funnel from what the data offers: a shop funnel when
/// the events are named like one, else the message funnel.
pub fn default_steps(options: &[StepChoice]) -> Vec<StepChoice> {
    let has = |c: &StepChoice| options.contains(c);
    let shop = [
        StepChoice::Kind(EventKind::PageView),
        StepChoice::Name("add_to_cart".into()),
        StepChoice::Name("checkout".into()),
        StepChoice::Kind(EventKind::Purchase),
    ];
    if shop.iter().filter(|c| has(c)).count() >= 3 {
        return shop.into_iter().filter(has).collect();
    }
    [
        EventKind::Sent,
        EventKind::Opened,
        EventKind::Clicked,
        EventKind::Purchase,
    ]
    .into_iter()
    .map(StepChoice::Kind)
    .filter(has)
    .collect()
}

/// A change to the funnel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunnelAction {
    /// Append a step (ignored past [`MAX_STEPS`]).
    AddStep(StepChoice),
    /// Replace step `i`.
    SetStep(usize, StepChoice),
    /// Remove step `i`.
    RemoveStep(usize),
    /// Swap step `i` with the one before it.
    MoveUp(usize),
    /// Set the window in days (at least 1).
    Window(u32),
    /// Set the order mode.
    Mode(OrderMode),
    /// Set the unit.
    Unit(Unit),
    /// Add an exclusion (once).
    AddExclusion(StepChoice),
    /// Remove exclusion `i`.
    RemoveExclusion(usize),
    /// Set the breakdown.
    Breakdown(BreakdownChoice),
    /// Start over with these steps.
    Reset(Vec<StepChoice>),
}

impl Reducible for FunnelSpec {
    type Action = FunnelAction;

    fn reduce(self: Rc<Self>, action: FunnelAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FunnelAction::AddStep(s) if next.steps.len() < MAX_STEPS => next.steps.push(s),
            FunnelAction::AddStep(_) => {}
            FunnelAction::SetStep(i, s) => {
                if let Some(slot) = next.steps.get_mut(i) {
                    *slot = s;
                }
            }
            FunnelAction::RemoveStep(i) if i < next.steps.len() => {
                next.steps.remove(i);
            }
            FunnelAction::RemoveStep(_) => {}
            FunnelAction::MoveUp(i) if i > 0 && i < next.steps.len() => next.steps.swap(i - 1, i),
            FunnelAction::MoveUp(_) => {}
            FunnelAction::Window(d) => next.window_days = d.clamp(1, 3650),
            FunnelAction::Mode(m) => next.mode = m,
            FunnelAction::Unit(u) => next.unit = u,
            FunnelAction::AddExclusion(s) => {
                if !next.exclusions.contains(&s) {
                    next.exclusions.push(s);
                }
            }
            FunnelAction::RemoveExclusion(i) if i < next.exclusions.len() => {
                next.exclusions.remove(i);
            }
            FunnelAction::RemoveExclusion(_) => {}
            FunnelAction::Breakdown(b) => next.breakdown = b,
            FunnelAction::Reset(steps) => next = FunnelSpec::new(steps),
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::model::{Channel, EventRow};
    use EventKind::{Clicked, Opened, PageView, Purchase, Sent};

    fn kind(k: EventKind) -> StepChoice {
        StepChoice::Kind(k)
    }

    fn name(n: &str) -> StepChoice {
        StepChoice::Name(n.into())
    }

    fn check(start: &[StepChoice], action: FunnelAction, expected: &[StepChoice]) {
        let spec = Rc::new(FunnelSpec::new(start.to_vec()));
        assert_eq!(spec.reduce(action.clone()).steps, expected, "{action:?}");
    }

    #[test]
    fn step_builder_edits() {
        use FunnelAction::{AddStep, MoveUp, RemoveStep, SetStep};
        let (a, b, c) = (kind(Sent), kind(Clicked), name("checkout"));
        let ab = [a.clone(), b.clone()];
        check(&ab[..1], AddStep(b.clone()), &ab);
        check(&ab, RemoveStep(0), &ab[1..]);
        check(&ab[..1], RemoveStep(5), &ab[..1]);
        check(&ab, MoveUp(1), &[b.clone(), a.clone()]);
        check(&ab, MoveUp(0), &ab);
        check(&ab, SetStep(1, c.clone()), &[a.clone(), c]);
        let full = vec![a; MAX_STEPS];
        check(&full, AddStep(b), &full);
    }

    #[test]
    fn options_round_trip_and_window_is_clamped() {
        for c in [kind(Opened), name("add_to_cart")] {
            assert_eq!(StepChoice::parse(&c.value()), Some(c));
        }
        assert_eq!(StepChoice::parse("name:"), None);
        assert_eq!(StepChoice::parse("kind:nope"), None);
        let spec = Rc::new(FunnelSpec::new(vec![]));
        assert_eq!(spec.clone().reduce(FunnelAction::Window(0)).window_days, 1);
        let excl = spec
            .reduce(FunnelAction::AddExclusion(kind(Clicked)))
            .reduce(FunnelAction::AddExclusion(kind(Clicked)));
        assert_eq!(excl.exclusions, [kind(Clicked)]);
    }

    #[test]
    fn options_and_defaults_come_from_the_data() {
        let mut ds = Dataset::default();
        let mut push = |k: EventKind, n: Option<&'static str>| {
            let mut r = EventRow::new("a", 0, Channel::Web, k);
            r.name = n;
            ds.push_event(&r);
        };
        push(PageView, Some("page_view"));
        push(EventKind::Custom, Some("checkout"));
        push(EventKind::Custom, Some("add_to_cart"));
        push(EventKind::Custom, Some("add_to_cart"));
        push(Purchase, None);
        let options = step_options(&ds);
        assert_eq!(
            options,
            [
                kind(PageView),
                kind(Purchase),
                kind(EventKind::Custom),
                name("add_to_cart"),
                name("checkout")
            ]
        );
        assert_eq!(
            default_steps(&options),
            [
                kind(PageView),
                name("add_to_cart"),
                name("checkout"),
                kind(Purchase)
            ]
        );
        assert_eq!(
            default_steps(&[kind(Sent), kind(Clicked), kind(Opened)]),
            [kind(Sent), kind(Opened), kind(Clicked)]
        );
        let q = FunnelSpec::new(vec![name("checkout"), name("nowhere")]).query(&ds, Period::ALL, 0);
        assert_eq!(q.steps.len(), 1, "a name no event has is left out");
        assert_eq!(q.window, Some(14 * DAY));
    }
}
