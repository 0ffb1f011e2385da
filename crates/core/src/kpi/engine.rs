//! The single pass behind every KPI report.
//!
//! Each contact's history is walked in time order (events and orders
//! merged, events first on a tie). State that must not leak between
//! messages lives in dense arrays indexed by *message key* = campaign × 12 +
//! channel, so there is no hashing and no allocation per row.
//!
//! Uniqueness uses stamps instead of sets: `stamp[key] == epoch` means "this
//! message was already counted in this (contact, bucket)". The epoch moves
//! on whenever the contact or the bucket changes; buckets only move forward
//! because the walk is in time order. Nothing needs clearing between
//! contacts.

use super::{excluded_click, FilterMask, GroupBy, KpiCounts, KpiQuery};
use crate::contact_index::{ContactIndex, Rows};
use crate::model::{flags, Channel, Dataset, EventKind, NONE};
use crate::rate::{bucket_index, Period};

#[cfg(test)]
mod reference;

const CHANNELS: usize = Channel::ALL.len();
const SENT: u8 = EventKind::Sent.code();
const DELIVERED: u8 = EventKind::Delivered.code();
const OPENED: u8 = EventKind::Opened.code();
const CLICKED: u8 = EventKind::Clicked.code();
const CONVERTED: u8 = EventKind::Converted.code();
const COMPLAINED: u8 = EventKind::Complained.code();
const PURCHASE: u8 = EventKind::Purchase.code();
/// [`Plan::walk_as`] groups as the query says.
pub(crate) const BY_QUERY: u8 = 0;
/// [`Plan::walk_as`] groups by [`GroupBy::Total`].
pub(crate) const BY_TOTAL: u8 = 1;
/// [`Plan::walk_as`] groups by [`GroupBy::Channel`].
pub(crate) const BY_CHANNEL: u8 = 2;
/// [`Plan::walk_as`] groups by [`GroupBy::Scope`].
pub(crate) const BY_SCOPE: u8 = 3;
/// [`Plan::walk_as`] groups by [`GroupBy::Campaign`].
pub(crate) const BY_CAMPAIGN: u8 = 4;
/// Codes `0..=COMPLAINED` are counted in the per-cell histogram.
const HIST: usize = COMPLAINED as usize + 1;

/// Counts per cell, cell = group × buckets + bucket.
pub(crate) struct Cells {
    pub counts: Vec<KpiCounts>,
    pub n_campaigns: usize,
    pub unattributed_conversions: Vec<u64>,
    pub unattributed_revenue: Vec<f64>,
}

/// What the walk keeps of one message (campaign × channel): its last
/// send, and the epoch in which each kind of unique count last took it.
/// One record per message, so that a row's bookkeeping is one cache line:
/// rows name messages at random, and six separate arrays of them took a
/// line each, more than the first-level cache holds.
#[derive(Clone, Copy)]
struct Message {
    send_ts: i64,
    send_owner: u32,
    open: u32,
    machine: u32,
    click: u32,
    convert: u32,
}

impl Default for Message {
    fn default() -> Self {
        Message {
            send_ts: i64::MIN,
            send_owner: u32::MAX,
            open: 0,
            machine: 0,
            click: 0,
            convert: 0,
        }
    }
}

#[derive(Clone, Copy)]
struct Touch {
    ts: i64,
    row: u32,
}

/// Another analysis riding on the engine's walk, so a screen that needs
/// both pays for one pass over the events. It sees every event and (when
/// [`Visitor::ORDERS`]) every order of each contact, in the engine's merged
/// time order, before the engine filters anything.
pub(crate) trait Visitor {
    /// Whether the walk must merge in the orders even when they are not
    /// conversions.
    const ORDERS: bool;
    /// The earliest time the visitor needs to see rows from, given that
    /// the engine needs them from `engine_cut`: rows before the returned
    /// time are handed to [`Visitor::skipped`] instead, in bulk.
    fn cut(&self, engine_cut: i64) -> i64;
    /// Contact `c`'s history starts.
    fn contact(&mut self, c: usize);
    /// Contact `c`'s rows before the cut: its first `events` and `orders`.
    /// Not called when there are none.
    fn skipped(&mut self, events: Rows<'_>, orders: Rows<'_>);
    /// Event row `r`, whose kind, meta and time the engine has read.
    fn event(&mut self, r: usize, kind: u8, meta: u8, t: i64);
    /// An order at time `t`.
    fn order(&mut self, t: i64);
    /// The contact's history is over.
    fn end_contact(&mut self);
}

/// No passenger: the plain KPI walk.
impl Visitor for () {
    const ORDERS: bool = false;
    #[inline(always)]
    fn cut(&self, engine_cut: i64) -> i64 {
        engine_cut
    }
    #[inline(always)]
    fn contact(&mut self, _: usize) {}
    #[inline(always)]
    fn skipped(&mut self, _: Rows<'_>, _: Rows<'_>) {}
    #[inline(always)]
    fn event(&mut self, _: usize, _: u8, _: u8, _: i64) {}
    #[inline(always)]
    fn order(&mut self, _: i64) {}
    #[inline(always)]
    fn end_contact(&mut self) {}
}

/// Two passengers.
impl<A: Visitor, B: Visitor> Visitor for (A, B) {
    const ORDERS: bool = A::ORDERS || B::ORDERS;
    #[inline(always)]
    fn cut(&self, engine_cut: i64) -> i64 {
        self.0.cut(engine_cut).min(self.1.cut(engine_cut))
    }
    #[inline(always)]
    fn contact(&mut self, c: usize) {
        self.0.contact(c);
        self.1.contact(c);
    }
    #[inline(always)]
    fn skipped(&mut self, events: Rows<'_>, orders: Rows<'_>) {
        self.0.skipped(events, orders);
        self.1.skipped(events, orders);
    }
    #[inline(always)]
    fn event(&mut self, r: usize, kind: u8, meta: u8, t: i64) {
        self.0.event(r, kind, meta, t);
        self.1.event(r, kind, meta, t);
    }
    #[inline(always)]
    fn order(&mut self, t: i64) {
        self.0.order(t);
        self.1.order(t);
    }
    #[inline(always)]
    fn end_contact(&mut self) {
        self.0.end_contact();
        self.1.end_contact();
    }
}

pub(super) fn run(ds: &Dataset, idx: &ContactIndex, q: &KpiQuery, buckets: &[Period]) -> Cells {
    run_with(ds, idx, q, buckets, &mut ())
}

/// [`run`] with `visitor` seeing the same walk.
pub(super) fn run_with<V: Visitor>(
    ds: &Dataset,
    idx: &ContactIndex,
    q: &KpiQuery,
    buckets: &[Period],
    visitor: &mut V,
) -> Cells {
    let plan = Plan::new(ds, idx, q, buckets);
    let part = plan.walk(idx, 0..idx.contacts(), visitor, false);
    plan.finish(part, Vec::new())
}

/// What a query fixes before any contact is walked; shared by every part
/// of a walk split over ranges of contacts.
pub(crate) struct Plan<'a> {
    ds: &'a Dataset,
    q: &'a KpiQuery,
    buckets: &'a [Period],
    n_campaigns: usize,
    n_groups: usize,
    mask: FilterMask,
    span: Period,
    /// Open-tracking channels, by code.
    tracked: u16,
    /// Where each contact's walk may start for the engine's sake.
    cut: i64,
    /// Whether a campaign's cost date is its first send.
    first_sent_needed: bool,
}

/// The counts of one range of contacts.
pub(crate) struct Part {
    counts: Vec<KpiCounts>,
    /// Two histograms per cell: messages on channels without, then with,
    /// open tracking, so open rates get their own denominator.
    hist: Vec<[u64; HIST]>,
    first_sent: Vec<i64>,
    unattributed_conversions: Vec<u64>,
    unattributed_revenue: Vec<f64>,
    /// Float additions, in walk order, when they must wait for the parts
    /// before this one: `(cell, value)` adds to a cell's revenue, `(cells +
    /// b, value)` to bucket `b`'s unattributed revenue. Sums of floats
    /// depend on their order, and a split walk must give the very bits of
    /// the single one.
    deferred: Option<Vec<(u32, f64)>>,
}

impl<'a> Plan<'a> {
    pub(crate) fn new(
        ds: &'a Dataset,
        idx: &ContactIndex,
        q: &'a KpiQuery,
        buckets: &'a [Period],
    ) -> Self {
        let n_campaigns = ds.campaign_ids.len();
        let nb = buckets.len();
        let n_groups = match q.group_by {
            GroupBy::Total => 1,
            GroupBy::Channel => CHANNELS,
            GroupBy::Scope => 4,
            GroupBy::Campaign => n_campaigns + 1,
        };
        let cfg = &q.config;
        let span = match (buckets.first(), buckets.last()) {
            (Some(first), Some(last)) => Period::new(first.from, last.to),
            _ => Period::new(0, 0),
        };
        // Rows long before the span change nothing the engine reports: they
        // are not counted, a click or open before `span.from - window`
        // credits no conversion in the span, and a send more than the
        // machine-open limit before an open does not make it a machine
        // open. So each contact's walk starts at `cut` (a binary search),
        // unless a campaign without `sent_at` needs its first send, which
        // any row may hold.
        let first_sent_needed = ds
            .campaigns
            .iter()
            .any(|camp| camp.sent_at.is_none() && (camp.id as usize) < n_campaigns);
        let cut = if first_sent_needed {
            i64::MIN
        } else {
            let margin = cfg
                .click_window
                .max(cfg.open_window)
                .max(cfg.machine_open_secs.unwrap_or(0))
                .max(0);
            span.from.saturating_sub(margin)
        };
        Plan {
            ds,
            q,
            buckets,
            n_campaigns,
            n_groups,
            mask: q.filter.mask(n_campaigns),
            span,
            // Read with the index: a pass over every event per query cost
            // 2.6 ms at 10M events before the walk could start.
            tracked: if nb == 0 {
                0
            } else {
                idx.open_tracking_channels()
            },
            cut,
            first_sent_needed,
        }
    }

    /// Walks contacts `contacts` of `idx`; `defer` keeps float additions
    /// apart for [`Plan::finish`] (every part but the first of a split walk).
    // Inlined into each caller, where the bucket count is known: out of
    // line, the one-bucket case lost its constant folding (+5 %
    // instructions for the KPIs alone).
    #[inline(always)]
    pub(crate) fn walk<V: Visitor>(
        &self,
        idx: &ContactIndex,
        contacts: std::ops::Range<usize>,
        visitor: &mut V,
        defer: bool,
    ) -> Part {
        if !self.is_plain(idx) {
            return self.walk_as::<V, false, BY_QUERY>(idx, contacts, visitor, defer);
        }
        match self.q.group_by {
            GroupBy::Total => self.walk_plain::<V, BY_TOTAL>(idx, contacts, visitor, defer),
            GroupBy::Channel => self.walk_plain::<V, BY_CHANNEL>(idx, contacts, visitor, defer),
            GroupBy::Scope => self.walk_plain::<V, BY_SCOPE>(idx, contacts, visitor, defer),
            GroupBy::Campaign => self.walk_plain::<V, BY_CAMPAIGN>(idx, contacts, visitor, defer),
        }
    }

    /// The plain shape of [`Plan::walk`] grouping as `GROUP` says: one
    /// copy per grouping, out of line (four inlined copies per caller
    /// would be much code), its one bucket known all the same.
    #[inline(never)]
    fn walk_plain<V: Visitor, const GROUP: u8>(
        &self,
        idx: &ContactIndex,
        contacts: std::ops::Range<usize>,
        visitor: &mut V,
        defer: bool,
    ) -> Part {
        self.walk_as::<V, true, GROUP>(idx, contacts, visitor, defer)
    }

    /// Whether [`Plan::walk`] may take its plain shape: one bucket, no
    /// filter, the events sorted by contact (every contact's rows a run)
    /// and a campaign for every row. Most walks are (a full recompute,
    /// the dashboard's period); in that shape a row's tests of the
    /// bucket, the filter, the row layout and the campaign column fold
    /// away.
    pub(crate) fn is_plain(&self, idx: &ContactIndex) -> bool {
        self.buckets.len() == 1
            && self.mask.all
            && idx.events_sorted()
            && self.ds.events.campaign.len() >= n_rows(&self.ds.events)
    }

    /// [`Plan::walk`], in the plain shape when `PLAIN` (see
    /// [`Plan::is_plain`]), grouping as `GROUP` says ([`BY_QUERY`]: as
    /// the query says, the others fixed so that the grouping of a row is
    /// no jump through a table): the same rows and counts.
    #[inline(always)]
    pub(crate) fn walk_as<V: Visitor, const PLAIN: bool, const GROUP: u8>(
        &self,
        idx: &ContactIndex,
        contacts: std::ops::Range<usize>,
        visitor: &mut V,
        defer: bool,
    ) -> Part {
        let (ds, q, buckets) = (self.ds, self.q, self.buckets);
        let ev = &ds.events;
        let n_campaigns = self.n_campaigns;
        let nb = if PLAIN { 1 } else { buckets.len() };
        let n_groups = self.n_groups;
        let mut part = Part {
            counts: vec![KpiCounts::default(); n_groups * nb],
            hist: vec![[0u64; HIST]; n_groups * nb * 2],
            first_sent: vec![i64::MAX; n_campaigns],
            unattributed_conversions: vec![0; nb],
            unattributed_revenue: vec![0.0; nb],
            deferred: defer.then(Vec::new),
        };
        if nb == 0 {
            return part;
        }
        let mask = &self.mask;
        let n_cells = (n_groups * nb) as u32;
        let cfg = &q.config;
        let span = self.span;
        // `from <= t < to` as one unsigned comparison of `t − from` with the
        // span's width (0 for an inverted span, which holds nothing): a
        // subtraction and a compare per row instead of two compares and
        // their combination.
        let span_width = if span.from <= span.to {
            span.to.wrapping_sub(span.from) as u64
        } else {
            0
        };
        let in_span = |t: i64| (t.wrapping_sub(span.from) as u64) < span_width;

        // The required columns cut to one length, so that one check of a
        // row number covers every column read with it.
        let n_rows = n_rows(ev);
        // The plain shape has a campaign for every row.
        let campaigns = if PLAIN { &ev.campaign[..n_rows] } else { &[] };
        let campaign_of = |r: usize| -> usize {
            let c = if PLAIN {
                campaigns[r]
            } else {
                ev.campaign.get(r).copied().unwrap_or(NONE)
            };
            if (c as usize) < n_campaigns {
                c as usize
            } else {
                n_campaigns
            }
        };
        let accepts = |ch: u8, scope: u8, camp: usize| PLAIN || mask.accepts(ch, scope, camp);
        let (kinds, metas, times, channels) = (
            &ev.kind[..n_rows],
            &ev.meta[..n_rows],
            &ev.ts[..n_rows],
            &ev.channel[..n_rows],
        );
        let channel_of = |r: usize| (channels[r] as usize).min(CHANNELS - 1);
        let group_by = match GROUP {
            BY_TOTAL => GroupBy::Total,
            BY_CHANNEL => GroupBy::Channel,
            BY_SCOPE => GroupBy::Scope,
            BY_CAMPAIGN => GroupBy::Campaign,
            _ => q.group_by,
        };
        let group_of = |ch: usize, scope: u8, camp: usize| match group_by {
            GroupBy::Total => 0,
            GroupBy::Channel => ch,
            GroupBy::Scope => (scope & 3) as usize,
            GroupBy::Campaign => camp,
        };

        // `t` is already known to be in the span; one bucket needs no search.
        let bucket_of = |t: i64| {
            if nb == 1 {
                Some(0)
            } else {
                bucket_index(buckets, t)
            }
        };

        let n_keys = (n_campaigns + 1) * CHANNELS;
        let mut messages = vec![Message::default(); n_keys];
        let first_sent = &mut part.first_sent;
        let hist = &mut part.hist;
        let counts = &mut part.counts;
        let deferred = &mut part.deferred;
        let mut epoch = 0u32;
        let tracked = self.tracked;
        let tracks = |ch: usize| usize::from(tracked >> ch & 1 != 0);
        let record_first_sent = self.first_sent_needed;

        let cut = if self.cut == i64::MIN {
            i64::MIN
        } else {
            visitor.cut(self.cut)
        };

        for c in contacts {
            let events = idx.events(c);
            // The plain shape's rows are a run: row `start + i`.
            let start = match events {
                Rows::Run { start, .. } => start as usize,
                Rows::List(_) => 0,
            };
            let row_at = |i: usize| if PLAIN { start + i } else { events.at(i) };
            // A run's rows past the table (a corrupt index) would each be
            // skipped; cutting the run there skips them all at once, and
            // `start + i < run_end` proves every column read in bounds.
            let run_end = (start + events.len()).min(n_rows);
            let more = |i: usize| {
                if PLAIN {
                    start + i < run_end
                } else {
                    i < events.len()
                }
            };
            let orders = if cfg.orders_as_conversions || V::ORDERS {
                idx.orders(c)
            } else {
                Rows::EMPTY
            };
            let mut bucket_now = usize::MAX;
            // One bucket: the contact's (contact, bucket) pair starts here.
            // Epochs only need to differ between pairs, so moving on for a
            // contact without a row in the span changes nothing, and the
            // row loops need no test of the bucket.
            if PLAIN {
                bucket_now = 0;
                epoch += 1;
            }
            let mut last_click: Option<Touch> = None;
            let mut last_open: Option<Touch> = None;
            let (mut i, mut j) = if cut == i64::MIN {
                (0, 0)
            } else {
                (
                    events.partition_point(|r| ev.ts[r] < cut),
                    orders.partition_point(|r| ds.orders.ts[r] < cut),
                )
            };
            visitor.contact(c);
            if i > 0 || j > 0 {
                visitor.skipped(events.until(i), orders.until(j));
            }
            loop {
                // The events up to the next order (events first on a tie),
                // in a loop of their own: most rows are events, and a
                // contact without orders needs no merge at all.
                let next_order = match orders.get(j) {
                    Some(o) => ds.orders.ts[o],
                    None => i64::MAX,
                };
                let mut event_conversion = None;
                while more(i) {
                    let r = row_at(i);
                    // Only a corrupt index points past the table (a run
                    // is cut to the table once, below).
                    if !PLAIN && r >= n_rows {
                        i += 1;
                        continue;
                    }
                    let t = times[r];
                    if t > next_order {
                        break;
                    }
                    i += 1;
                    let (code, meta) = (kinds[r], metas[r]);
                    visitor.event(r, code, meta, t);
                    // Visits, sessions, tickets… play no part.
                    if code > COMPLAINED && code != PURCHASE {
                        continue;
                    }
                    if code != CONVERTED && code != PURCHASE {
                        let ch = channel_of(r);
                        let camp = campaign_of(r);
                        let key = camp * CHANNELS + ch;
                        let fl = meta >> 3;
                        let (mut machine, mut excluded) = (false, false);
                        let m = &mut messages[key];
                        if code <= DELIVERED {
                            m.send_ts = t;
                            m.send_owner = c as u32;
                            // Only a campaign without `sent_at` needs it.
                            if record_first_sent && code == SENT && camp < n_campaigns {
                                first_sent[camp] = first_sent[camp].min(t);
                            }
                        } else if code == OPENED {
                            machine = fl & flags::MACHINE_OPEN != 0
                                || cfg.machine_open_secs.is_some_and(|secs| {
                                    m.send_owner == c as u32 && t - m.send_ts <= secs
                                });
                            if !machine {
                                last_open = Some(Touch {
                                    ts: t,
                                    row: r as u32,
                                });
                            }
                        } else if code == CLICKED {
                            excluded = excluded_click(fl);
                            if !excluded {
                                last_click = Some(Touch {
                                    ts: t,
                                    row: r as u32,
                                });
                            }
                        }
                        let scope = (meta >> 1) & 3;
                        if !in_span(t) || !accepts(ch as u8, scope, camp) {
                            continue;
                        }
                        let Some(b) = bucket_of(t) else {
                            continue;
                        };
                        if b != bucket_now {
                            bucket_now = b;
                            epoch += 1;
                        }
                        let cell = group_of(ch, scope, camp) * nb + b;
                        // Plain counts go to a histogram by kind: no branch.
                        hist[cell * 2 + tracks(ch)][code as usize] += 1;
                        if code != OPENED && code != CLICKED {
                            continue;
                        }
                        let k = &mut counts[cell];
                        if machine {
                            k.machine_opens += 1;
                            if m.machine != epoch {
                                m.machine = epoch;
                                k.machine_openers += 1;
                            }
                        } else if excluded {
                            k.excluded_clicks += 1;
                        } else {
                            let tracked = tracks(ch) == 1;
                            if code == CLICKED && m.click != epoch {
                                m.click = epoch;
                                k.clickers += 1;
                                k.open_tracked_clickers += u64::from(tracked);
                            }
                            // A human click proves an open, too, but only where
                            // opens are tracked: elsewhere every clicker would
                            // be an "opener" and CTOR a meaningless 100 %.
                            if tracked && m.open != epoch {
                                m.open = epoch;
                                k.reliable_openers += 1;
                            }
                        }
                        continue;
                    }
                    let v = ev.value.get(r).copied().unwrap_or(f32::NAN);
                    event_conversion = Some((t, if v.is_nan() { 0.0 } else { f64::from(v) }));
                    break;
                }
                // Conversions need the credited touch; everything else is
                // about the row itself.
                let (t, conversion_value) = match event_conversion {
                    Some(conversion) => conversion,
                    None if j < orders.len() => {
                        let r = orders.at(j);
                        j += 1;
                        visitor.order(ds.orders.ts[r]);
                        if !cfg.orders_as_conversions {
                            continue;
                        }
                        let amount = ds.orders.amount[r];
                        (ds.orders.ts[r], if amount.is_nan() { 0.0 } else { amount })
                    }
                    None => break,
                };

                if !in_span(t) {
                    continue;
                }
                let Some(b) = bucket_of(t) else {
                    continue;
                };
                if b != bucket_now {
                    bucket_now = b;
                    epoch += 1;
                }
                let touch = last_click
                    .filter(|k| t - k.ts <= cfg.click_window)
                    .or_else(|| last_open.filter(|k| t - k.ts <= cfg.open_window));
                let Some(touch) = touch else {
                    part.unattributed_conversions[b] += 1;
                    match deferred {
                        Some(d) => d.push((n_cells + b as u32, conversion_value)),
                        None => part.unattributed_revenue[b] += conversion_value,
                    }
                    continue;
                };
                let r = touch.row as usize;
                let (ch, camp, scope) = (channel_of(r), campaign_of(r), (ev.meta[r] >> 1) & 3);
                if !accepts(ch as u8, scope, camp) {
                    continue;
                }
                let key = camp * CHANNELS + ch;
                let cell = group_of(ch, scope, camp) * nb + b;
                let k = &mut counts[cell];
                let m = &mut messages[key];
                k.conversions += 1;
                match deferred {
                    Some(d) => d.push((cell as u32, conversion_value)),
                    None => k.revenue += conversion_value,
                }
                if m.convert != epoch {
                    m.convert = epoch;
                    k.converters += 1;
                }
            }
            visitor.end_contact();
        }
        part
    }

    /// The cells of a walk made as `first` and then `rest`, in contact
    /// order: equal, bit for bit, to one walk over all their contacts.
    pub(crate) fn finish(&self, first: Part, rest: Vec<Part>) -> Cells {
        let (ds, buckets, n_campaigns) = (self.ds, self.buckets, self.n_campaigns);
        let nb = buckets.len();
        let n_cells = self.n_groups * nb;
        let mut part = first;
        for later in rest {
            for (k, o) in part.counts.iter_mut().zip(&later.counts) {
                // Integers add in any order; the revenue is replayed below.
                let revenue = k.revenue;
                k.add(o);
                k.revenue = revenue;
            }
            for (h, o) in part.hist.iter_mut().zip(&later.hist) {
                for (a, b) in h.iter_mut().zip(o) {
                    *a += b;
                }
            }
            for (a, b) in part.first_sent.iter_mut().zip(&later.first_sent) {
                *a = (*a).min(*b);
            }
            for (a, b) in part
                .unattributed_conversions
                .iter_mut()
                .zip(&later.unattributed_conversions)
            {
                *a += b;
            }
            for (slot, v) in later.deferred.unwrap_or_default() {
                let slot = slot as usize;
                match part.counts.get_mut(slot) {
                    Some(k) => k.revenue += v,
                    None => part.unattributed_revenue[slot - n_cells] += v,
                }
            }
        }
        let mut cells = Cells {
            counts: part.counts,
            n_campaigns,
            unattributed_conversions: part.unattributed_conversions,
            unattributed_revenue: part.unattributed_revenue,
        };
        if nb == 0 {
            return cells;
        }

        for (k, h) in cells.counts.iter_mut().zip(part.hist.chunks_exact(2)) {
            let code = |kind: EventKind| h[0][kind.code() as usize] + h[1][kind.code() as usize];
            let tracked = |kind: EventKind| h[1][kind.code() as usize];
            k.open_tracked_delivered = tracked(EventKind::Sent)
                .saturating_sub(tracked(EventKind::BouncedHard) + tracked(EventKind::BouncedSoft));
            k.sent = code(EventKind::Sent);
            k.delivered_events = code(EventKind::Delivered);
            k.bounced_hard = code(EventKind::BouncedHard);
            k.bounced_soft = code(EventKind::BouncedSoft);
            k.opens = code(EventKind::Opened);
            k.clicks = code(EventKind::Clicked) - k.excluded_clicks;
            k.unsubscribes = code(EventKind::Unsubscribed);
            k.complaints = code(EventKind::Complained);
        }

        let group_of = |ch: usize, scope: u8, camp: usize| match self.q.group_by {
            GroupBy::Total => 0,
            GroupBy::Channel => ch,
            GroupBy::Scope => (scope & 3) as usize,
            GroupBy::Campaign => camp,
        };
        for camp in &ds.campaigns {
            let id = camp.id as usize;
            if id >= n_campaigns
                || !self
                    .mask
                    .accepts(camp.channel.code(), camp.scope.code(), id)
            {
                continue;
            }
            let first_sent = part.first_sent[id];
            let Some(at) = camp
                .sent_at
                .or((first_sent != i64::MAX).then_some(first_sent))
            else {
                continue;
            };
            if let Some(b) = bucket_index(buckets, at) {
                let g = group_of(camp.channel.code() as usize, camp.scope.code(), id);
                cells.counts[g * nb + b].cost += camp.cost;
            }
        }
        cells
    }
}

/// The rows every column the walk reads holds.
fn n_rows(ev: &crate::model::EventTable) -> usize {
    ev.len()
        .min(ev.ts.len())
        .min(ev.kind.len())
        .min(ev.meta.len())
        .min(ev.channel.len())
}
