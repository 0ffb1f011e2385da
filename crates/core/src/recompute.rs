//! The dashboard's figures, and a full recompute, in one walk over the
//! events.
//!
//! A filter change on the dashboard needs the KPIs of the chosen period and
//! of the one before it ([`kpis_compare`](crate::kpi::kpis_compare)) and the
//! reactivations of both periods
//! ([`reactivation`](crate::reactivation::reactivation), twice). Each of
//! those walks every contact's whole history; here the reactivation
//! bookkeeping rides on the KPI engine's walk, so the events are read once.
//! The results are equal, bit for bit, to the separate functions', which
//! stay the reference (see the tests).
//!
//! Natively the full recompute can also split its contacts over threads
//! (`recompute_parallel`); the merge replays the later ranges' float
//! additions in walk order, so even the sums come out bit for bit as in
//! the single walk. wasm32 has no threads and keeps [`recompute`].

#[cfg(test)]
mod tests;

use crate::contact_index::{ContactIndex, Rows};
use crate::funnel::{FunnelQuery, FunnelReport, FunnelWalk};
use crate::kpi::engine::{self, Plan, Visitor};
use crate::kpi::{self, KpiComparison, KpiQuery, KpiReport};
use crate::rate::Period;
use crate::reactivation::{ReactivationQuery, ReactivationReport, Reactivations};
use crate::Dataset;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// KPIs and reactivations of a period and of the one before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardFigures {
    /// [`kpi::kpis_compare`] of the KPI query.
    pub kpis: KpiComparison,
    /// [`reactivation`](crate::reactivation::reactivation) of the
    /// reactivation query.
    pub reactivation: ReactivationReport,
    /// The same over the period of the same length just before.
    pub previous_reactivation: ReactivationReport,
}

/// [`kpi::kpis_compare`] of `kpis`, and
/// [`reactivation`](crate::reactivation::reactivation) of `reactivation`
/// over its period and over the previous one, in a single walk. The two
/// queries are independent (the dashboard gives both the same period and
/// filter).
pub fn dashboard_figures(
    ds: &Dataset,
    idx: &ContactIndex,
    kpis: &KpiQuery,
    reactivation: &ReactivationQuery,
) -> DashboardFigures {
    let periods = [reactivation.period, reactivation.period.previous()];
    let mut walk = Reactivations::new(ds, reactivation, &periods);
    let kpis = kpi::kpis_compare_with(ds, idx, kpis, &mut walk);
    let [current, previous]: [ReactivationReport; 2] = walk
        .finish()
        .try_into()
        .unwrap_or_else(|_| unreachable!("one report per period"));
    DashboardFigures {
        kpis,
        reactivation: current,
        previous_reactivation: previous,
    }
}

/// The channel analyses of a full recompute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recompute {
    /// [`kpi::kpis`] of the KPI query.
    pub kpis: KpiReport,
    /// [`reactivation`](crate::reactivation::reactivation) of the
    /// reactivation query.
    pub reactivation: ReactivationReport,
    /// [`funnel`](crate::funnel::funnel) of the funnel query.
    pub funnel: FunnelReport,
}

/// [`kpi::kpis`], [`reactivation`](crate::reactivation::reactivation) and
/// [`funnel`](crate::funnel::funnel) of independent queries, in a single
/// walk: the funnel runs on each contact's rows right after the KPI engine
/// read them, while they are in cache.
pub fn recompute(
    ds: &Dataset,
    idx: &ContactIndex,
    kpis: &KpiQuery,
    reactivation: &ReactivationQuery,
    funnel: &FunnelQuery,
) -> Recompute {
    let everyone = 0..idx.contacts();
    recompute_split(
        ds,
        idx,
        kpis,
        reactivation,
        funnel,
        std::slice::from_ref(&everyone),
    )
}

/// [`recompute`] with the contacts split into `threads` ranges of about
/// as many rows, walked at the same time and merged: the result is equal,
/// bit for bit, to [`recompute`]'s. Not on wasm32, which has no threads
/// (the browser uses [`recompute`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn recompute_parallel(
    ds: &Dataset,
    idx: &ContactIndex,
    kpis: &KpiQuery,
    reactivation: &ReactivationQuery,
    funnel: &FunnelQuery,
    threads: usize,
) -> Recompute {
    let ranges = idx.split(threads);
    run_job(ds, idx, kpis, reactivation, funnel, |job| {
        crate::par::on_threads(&ranges, |k, r| job.part(r, k == 0))
    })
}

/// [`recompute`] walked as consecutive `ranges` of contacts, one after the
/// other, and merged as [`recompute_parallel`] merges its threads' walks.
pub(crate) fn recompute_split(
    ds: &Dataset,
    idx: &ContactIndex,
    kpis: &KpiQuery,
    reactivation: &ReactivationQuery,
    funnel: &FunnelQuery,
    ranges: &[Range<usize>],
) -> Recompute {
    run_job(ds, idx, kpis, reactivation, funnel, |job| {
        ranges
            .iter()
            .enumerate()
            .map(|(i, r)| job.part(r.clone(), i == 0))
            .collect()
    })
}

/// The recompute of the parts `walk` makes with the job of these
/// queries, merged in contact order.
fn run_job(
    ds: &Dataset,
    idx: &ContactIndex,
    kpis: &KpiQuery,
    reactivation: &ReactivationQuery,
    funnel: &FunnelQuery,
    walk: impl for<'p, 'b> FnOnce(&Job<'p, 'b>) -> Vec<Part<'b>>,
) -> Recompute {
    let buckets = [kpis.period];
    let periods = [reactivation.period];
    let plan = Plan::new(ds, idx, kpis, &buckets);
    let job = Job {
        ds,
        idx,
        plan: &plan,
        reactivation,
        funnel,
        periods: &periods,
    };
    let parts = walk(&job);
    job.merge(kpis, parts)
}

/// What every range of a split recompute shares.
#[derive(Clone, Copy)]
struct Job<'p, 'a> {
    ds: &'a Dataset,
    idx: &'a ContactIndex,
    plan: &'p Plan<'a>,
    reactivation: &'a ReactivationQuery,
    funnel: &'a FunnelQuery,
    periods: &'p [Period],
}

/// One range of contacts' share of a recompute.
struct Part<'a> {
    kpis: engine::Part,
    reactivations: Reactivations<'a>,
    funnel: FunnelWalk<'a>,
}

impl<'a> Job<'_, 'a> {
    /// Walks `contacts`; `first` when no contact comes before them.
    fn part(&self, contacts: Range<usize>, first: bool) -> Part<'a> {
        let (ds, rq) = (self.ds, self.reactivation);
        let reactivations = if first {
            Reactivations::new(ds, rq, self.periods)
        } else {
            Reactivations::later(ds, rq, self.periods)
        };
        let mut walk = (
            reactivations,
            FunnelRider {
                idx: self.idx,
                contact: 0,
                walk: FunnelWalk::new(ds, self.funnel),
            },
        );
        let kpis = self.plan.walk(self.idx, contacts, &mut walk, !first);
        let (reactivations, funnel) = walk;
        Part {
            kpis,
            reactivations,
            funnel: funnel.walk,
        }
    }

    /// The recompute of the parts' contacts, parts in contact order.
    fn merge(&self, kq: &KpiQuery, parts: Vec<Part<'a>>) -> Recompute {
        let mut parts = parts.into_iter();
        let Some(mut first) = parts.next() else {
            unreachable!("a split has at least one range")
        };
        let mut later_kpis = Vec::new();
        for part in parts {
            first.reactivations.merge(part.reactivations);
            first.funnel.merge(part.funnel);
            later_kpis.push(part.kpis);
        }
        let cells = self.plan.finish(first.kpis, later_kpis);
        Recompute {
            kpis: kpi::kpis_of(self.ds, kq, &cells),
            reactivation: first
                .reactivations
                .finish()
                .pop()
                .unwrap_or_else(|| unreachable!("one report per period")),
            funnel: first.funnel.finish(),
        }
    }
}

/// A funnel on the KPI engine's walk: each contact's run when its history
/// is over.
struct FunnelRider<'a> {
    idx: &'a ContactIndex,
    contact: usize,
    walk: FunnelWalk<'a>,
}

impl Visitor for FunnelRider<'_> {
    const ORDERS: bool = false;

    fn cut(&self, engine_cut: i64) -> i64 {
        // The funnel reads the contact's rows itself.
        engine_cut
    }

    #[inline]
    fn contact(&mut self, c: usize) {
        self.contact = c;
    }

    fn skipped(&mut self, _: Rows<'_>, _: Rows<'_>) {}

    #[inline]
    fn event(&mut self, _: usize, _: u8, _: u8, _: i64) {}

    #[inline]
    fn order(&mut self, _: i64) {}

    #[inline]
    fn end_contact(&mut self) {
        self.walk
            .contact(self.contact, self.idx.events(self.contact));
    }
}
