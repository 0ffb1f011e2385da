//! [`reactivation`](super::reactivation) for several periods at once, as a
//! passenger of the KPI engine's walk ([`Visitor`]).
//!
//! What does not depend on the period (the contact's messages, its last
//! activity) is kept once; what does (reach, reactivations, dormancy at
//! the start) is kept per period. Every sum is made in the same order as
//! the one-period function, so the reports are equal bit for bit.

use super::{
    credit_with, Attribution, ChannelReactivation, ReactivationQuery, ReactivationReport, CHANNELS,
};
use crate::contact_index::{ContactIndex, Rows};
use crate::kpi::engine::Visitor;
use crate::kpi::FilterMask;
use crate::model::{Channel, Dataset, EventKind, NONE};
use crate::rate::Period;

const SENT: u8 = EventKind::Sent.code();
const DELIVERED: u8 = EventKind::Delivered.code();
const CLICKED: u8 = EventKind::Clicked.code();

/// One period's running totals.
struct PeriodAcc {
    report: ReactivationReport,
    credited: [f64; CHANNELS],
    reached: [u64; CHANNELS],
    /// This contact's channels that reached it while dormant.
    reached_bits: u16,
    /// This contact's last activity before the period.
    last_before: Option<i64>,
}

impl PeriodAcc {
    /// A contact's history starts.
    #[inline]
    fn start_contact(&mut self) {
        self.reached_bits = 0;
        self.last_before = None;
    }

    /// The contact's history is over: it counts as dormant at the start
    /// and as reached on its channels.
    #[inline]
    fn end_contact(&mut self, dormancy: i64) {
        let from = self.report.period.from;
        if self.last_before.is_some_and(|l| from - l > dormancy) {
            self.report.dormant_at_start += 1;
        }
        let mut bits = self.reached_bits;
        while bits != 0 {
            self.reached[(bits.trailing_zeros() as usize).min(CHANNELS - 1)] += 1;
            bits &= bits - 1;
        }
    }

    /// The contact's activity at `t`, as far as the period's start goes.
    #[inline]
    fn activity(&mut self, t: i64) {
        if t < self.report.period.from {
            self.last_before = Some(t);
        }
    }
}

/// A message the contact received or clicked, by its row: its channel
/// and whether the filter shows it are read only when a reactivation or a
/// dormant contact asks, not on every send.
#[derive(Clone, Copy)]
struct RowTouch {
    ts: i64,
    row: u32,
}

/// Reactivations of one query over several periods.
pub(crate) struct Reactivations<'a> {
    ds: &'a Dataset,
    q: &'a ReactivationQuery,
    mask: FilterMask,
    n_campaigns: usize,
    /// Activity kinds by code.
    activity: [bool; 256],
    /// Outbound kinds that touch a contact (sent, delivered, clicked).
    touch: [bool; 256],
    periods: Vec<PeriodAcc>,
    /// The contact's touches so far, in time order; under last-touch
    /// attribution only the latest, the only one that can get credit.
    touches: Vec<RowTouch>,
    /// Whether credit may go to any touch in the window (first touch,
    /// linear), so every touch is kept.
    keep_touches: bool,
    last: Option<i64>,
    /// Credits as `(period, channel or CHANNELS for elsewhere, share)`, in
    /// walk order, when they must wait for the walks of earlier contacts:
    /// float sums depend on their order (see [`Reactivations::merge`]).
    deferred: Option<Vec<(u8, u8, f64)>>,
}

impl<'a> Reactivations<'a> {
    /// Reactivations of `q` (its period aside) over each of `periods`.
    pub(crate) fn new(ds: &'a Dataset, q: &'a ReactivationQuery, periods: &[Period]) -> Self {
        let n_campaigns = ds.campaign_ids.len();
        let mut activity = [false; 256];
        for (code, a) in activity.iter_mut().enumerate() {
            *a = EventKind::from_code(code as u8).is_some_and(EventKind::is_activity);
        }
        Reactivations {
            ds,
            q,
            mask: q.filter.mask(n_campaigns),
            n_campaigns,
            activity,
            touch: std::array::from_fn(|code| [SENT, DELIVERED, CLICKED].contains(&(code as u8))),
            periods: periods
                .iter()
                .map(|&period| PeriodAcc {
                    report: ReactivationReport {
                        period,
                        reactivations: 0,
                        uncredited: 0,
                        credited_elsewhere: 0.0,
                        dormant_at_start: 0,
                        channels: Vec::new(),
                    },
                    credited: [0.0; CHANNELS],
                    reached: [0; CHANNELS],
                    reached_bits: 0,
                    last_before: None,
                })
                .collect(),
            touches: Vec::new(),
            keep_touches: q.attribution != Attribution::LastTouch,
            last: None,
            deferred: None,
        }
    }

    /// The same, for contacts after those of another walk: credits are
    /// kept apart until [`Reactivations::merge`].
    pub(crate) fn later(ds: &'a Dataset, q: &'a ReactivationQuery, periods: &[Period]) -> Self {
        Reactivations {
            deferred: Some(Vec::new()),
            ..Self::new(ds, q, periods)
        }
    }

    /// Adds the walk of the contacts right after this walk's (made with
    /// [`Reactivations::later`]): the totals are those of one walk over
    /// both, bit for bit.
    pub(crate) fn merge(&mut self, later: Reactivations<'_>) {
        for (p, o) in self.periods.iter_mut().zip(&later.periods) {
            let (r, o_r) = (&mut p.report, &o.report);
            r.reactivations += o_r.reactivations;
            r.uncredited += o_r.uncredited;
            r.dormant_at_start += o_r.dormant_at_start;
            for (a, b) in p.reached.iter_mut().zip(&o.reached) {
                *a += b;
            }
        }
        for (period, slot, share) in later.deferred.unwrap_or_default() {
            let p = &mut self.periods[period as usize];
            match p.credited.get_mut(slot as usize) {
                Some(c) => *c += share,
                None => p.report.credited_elsewhere += share,
            }
        }
    }

    /// The channel code of event row `r` (e-mail for a code out of
    /// range) and whether the filter shows it.
    #[inline]
    fn channel_shown(&self, r: usize) -> (u8, bool) {
        channel_shown(self.ds, &self.mask, self.n_campaigns, r)
    }

    #[inline]
    fn dormant(&self, last: Option<i64>, t: i64) -> bool {
        last.is_some_and(|l| t - l > self.q.dormancy)
    }

    // Inlined into the row loop, the rare reactivation out of line: a call
    // per activity (a third of the rows) cost more than its work.
    #[inline(always)]
    fn activity(&mut self, t: i64) {
        if self.dormant(self.last, t) {
            self.reactivated(t);
        }
        // One period (a full recompute) or two (the dashboard): the loop
        // over them costs more than its work.
        match &mut self.periods[..] {
            [p] => p.activity(t),
            periods => periods.iter_mut().for_each(|p| p.activity(t)),
        }
        self.last = Some(self.last.map_or(t, |l| l.max(t)));
    }

    /// An activity at `t` by a contact dormant until then: a reactivation
    /// in each period holding `t`.
    #[inline(never)]
    fn reactivated(&mut self, t: i64) {
        let Reactivations {
            ds,
            q,
            mask,
            n_campaigns,
            periods,
            touches,
            deferred,
            ..
        } = self;
        for (pi, p) in periods.iter_mut().enumerate() {
            if !p.report.period.contains(t) {
                continue;
            }
            p.report.reactivations += 1;
            let credited = &mut p.credited;
            let elsewhere = &mut p.report.credited_elsewhere;
            let credited_any = credit_with(
                touches,
                |k| k.ts,
                t - q.window,
                q.attribution,
                |k, share| {
                    let (ch, shown) = channel_shown(ds, mask, *n_campaigns, k.row as usize);
                    let ch = (ch as usize).min(CHANNELS - 1);
                    match (deferred.as_mut(), shown) {
                        (Some(d), shown) => {
                            let slot = if shown { ch } else { CHANNELS };
                            d.push((pi as u8, slot as u8, share));
                        }
                        (None, true) => credited[ch] += share,
                        (None, false) => *elsewhere += share,
                    }
                },
            );
            if !credited_any {
                p.report.uncredited += 1;
            }
        }
    }

    /// Walks every contact of `idx` with no KPI engine to ride on.
    pub(crate) fn walk_alone(&mut self, idx: &ContactIndex) {
        let (ev, orders_ts) = (&self.ds.events, &self.ds.orders.ts);
        let cut = self.cut(i64::MAX);
        for c in 0..idx.contacts() {
            let (events, orders) = (idx.events(c), idx.orders(c));
            let (mut i, mut j) = if cut == i64::MIN {
                (0, 0)
            } else {
                (
                    events.partition_point(|r| ev.ts[r] < cut),
                    orders.partition_point(|r| orders_ts[r] < cut),
                )
            };
            self.contact(c);
            self.skipped(events.until(i), orders.until(j));
            while i < events.len() || j < orders.len() {
                let take_event = j >= orders.len()
                    || (i < events.len() && ev.ts[events.at(i)] <= orders_ts[orders.at(j)]);
                if take_event {
                    let r = events.at(i);
                    self.event(r, ev.kind[r], ev.meta[r], ev.ts[r]);
                    i += 1;
                } else {
                    self.order(orders_ts[orders.at(j)]);
                    j += 1;
                }
            }
            self.end_contact();
        }
    }

    /// The reports, one per period, in the order given to [`Self::new`].
    pub(crate) fn finish(self) -> Vec<ReactivationReport> {
        self.periods
            .into_iter()
            .map(|p| {
                let mut report = p.report;
                report.channels = channels(&p.credited, &p.reached);
                report
            })
            .collect()
    }
}

impl Visitor for Reactivations<'_> {
    const ORDERS: bool = true;

    fn cut(&self, engine_cut: i64) -> i64 {
        // Messages before `from - window` credit nothing in the period;
        // what came before only matters through the last activity.
        let window = self.q.window.max(0);
        self.periods
            .iter()
            .map(|p| p.report.period.from.saturating_sub(window))
            .fold(engine_cut, i64::min)
    }

    fn skipped(&mut self, events: Rows<'_>, orders: Rows<'_>) {
        let ev = &self.ds.events;
        let last_event = events
            .iter()
            .rev()
            .find(|&r| ev.meta[r] & 1 == 1 || self.activity[ev.kind[r] as usize])
            .map(|r| ev.ts[r]);
        let last_order = orders.last().map(|r| self.ds.orders.ts[r]);
        // Rows are in time order, so the last activity is the latest.
        self.last = last_event.max(last_order);
        for p in &mut self.periods {
            if self.last.is_some_and(|l| l < p.report.period.from) {
                p.last_before = self.last;
            }
        }
    }

    #[inline]
    fn contact(&mut self, _: usize) {
        self.touches.clear();
        self.last = None;
        // One period (a full recompute) or two, as in `activity`.
        match &mut self.periods[..] {
            [p] => p.start_contact(),
            periods => periods.iter_mut().for_each(PeriodAcc::start_contact),
        }
    }

    // Inlined into the engine's row loop: a call per row costs more than
    // most rows' work here.
    #[inline(always)]
    fn event(&mut self, r: usize, code: u8, meta: u8, t: i64) {
        let inbound = meta & 1 == 1;
        if !inbound && self.touch[code as usize] {
            let touch = RowTouch {
                ts: t,
                row: r as u32,
            };
            match self.touches.last_mut() {
                Some(last) if !self.keep_touches => *last = touch,
                _ => self.touches.push(touch),
            }
            if code != CLICKED && self.dormant(self.last, t) {
                let (ch, shown) = self.channel_shown(r);
                if shown {
                    for p in &mut self.periods {
                        if p.report.period.contains(t) {
                            p.reached_bits |= 1 << ch;
                        }
                    }
                }
            }
        }
        if inbound || self.activity[code as usize] {
            self.activity(t);
        }
    }

    #[inline]
    fn order(&mut self, t: i64) {
        self.activity(t);
    }

    #[inline]
    fn end_contact(&mut self) {
        let dormancy = self.q.dormancy;
        match &mut self.periods[..] {
            [p] => p.end_contact(dormancy),
            periods => periods.iter_mut().for_each(|p| p.end_contact(dormancy)),
        }
    }
}

/// The channel code of event row `r` of `ds` (e-mail for a code out of
/// range) and whether `mask` shows it.
#[inline]
fn channel_shown(ds: &Dataset, mask: &FilterMask, n_campaigns: usize, r: usize) -> (u8, bool) {
    let ev = &ds.events;
    let ch = ev.channel(r).code();
    let camp = ev.campaign.get(r).copied().unwrap_or(NONE) as usize;
    let scope = (ev.meta[r] >> 1) & 3;
    let shown = mask.accepts(ev.channel[r], scope, camp.min(n_campaigns));
    (ch, shown)
}

/// The channels with any credit or reach, in channel order.
pub(super) fn channels(
    credited: &[f64; CHANNELS],
    reached: &[u64; CHANNELS],
) -> Vec<ChannelReactivation> {
    Channel::ALL
        .iter()
        .zip(credited.iter().zip(reached))
        .filter(|(_, (&cr, &re))| cr != 0.0 || re != 0)
        .map(
            |(&channel, (&credited, &dormant_reached))| ChannelReactivation {
                channel,
                credited,
                dormant_reached,
                rate: (dormant_reached != 0).then(|| credited / dormant_reached as f64),
            },
        )
        .collect()
}
