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

#[cfg(test)]
mod tests;

use crate::contact_index::ContactIndex;
use crate::funnel::{FunnelQuery, FunnelReport, FunnelWalk};
use crate::kpi::engine::Visitor;
use crate::kpi::{self, KpiComparison, KpiQuery, KpiReport};
use crate::reactivation::{ReactivationQuery, ReactivationReport, Reactivations};
use crate::Dataset;
use serde::{Deserialize, Serialize};

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
    let periods = [reactivation.period];
    let mut walk = (
        Reactivations::new(ds, reactivation, &periods),
        FunnelRider {
            idx,
            contact: 0,
            walk: FunnelWalk::new(ds, funnel),
        },
    );
    let kpis = kpi::kpis_with(ds, idx, kpis, &mut walk);
    let (reactivations, funnel) = walk;
    Recompute {
        kpis,
        reactivation: reactivations
            .finish()
            .pop()
            .unwrap_or_else(|| unreachable!("one report per period")),
        funnel: funnel.walk.finish(),
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

    fn skipped(&mut self, _: &[u32], _: &[u32]) {}

    #[inline]
    fn event(&mut self, _: usize) {}

    #[inline]
    fn order(&mut self, _: i64) {}

    #[inline]
    fn end_contact(&mut self) {
        self.walk
            .contact(self.contact, self.idx.events(self.contact));
    }
}
