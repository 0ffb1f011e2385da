//! The KPI engine as it was before it learnt to start each contact's walk
//! shortly before the span (and to carry passengers): kept as the
//! reference the engine is tested against (see the proptest at the end).

use super::super::{excluded_click, GroupBy, KpiCounts, KpiQuery};
use super::Cells;
use crate::contact_index::ContactIndex;
use crate::model::{flags, Channel, Dataset, EventKind, NONE};
use crate::rate::{bucket_index, Period};

const CHANNELS: usize = Channel::ALL.len();
const SENT: u8 = EventKind::Sent.code();
const DELIVERED: u8 = EventKind::Delivered.code();
const OPENED: u8 = EventKind::Opened.code();
const CLICKED: u8 = EventKind::Clicked.code();
const CONVERTED: u8 = EventKind::Converted.code();
const COMPLAINED: u8 = EventKind::Complained.code();
const PURCHASE: u8 = EventKind::Purchase.code();
const HIST: usize = COMPLAINED as usize + 1;

#[derive(Clone, Copy)]
struct Touch {
    ts: i64,
    row: u32,
}

pub(super) fn run(ds: &Dataset, idx: &ContactIndex, q: &KpiQuery, buckets: &[Period]) -> Cells {
    let ev = &ds.events;
    let n_campaigns = ds.campaign_ids.len();
    let nb = buckets.len();
    let n_groups = match q.group_by {
        GroupBy::Total => 1,
        GroupBy::Channel => CHANNELS,
        GroupBy::Scope => 4,
        GroupBy::Campaign => n_campaigns + 1,
    };
    let mut cells = Cells {
        counts: vec![KpiCounts::default(); n_groups * nb],
        n_campaigns,
        unattributed_conversions: vec![0; nb],
        unattributed_revenue: vec![0.0; nb],
    };
    if nb == 0 {
        return cells;
    }
    let mask = q.filter.mask(n_campaigns);
    let cfg = &q.config;
    let span = Period::new(buckets[0].from, buckets[nb - 1].to);

    let campaign_of = |r: usize| -> usize {
        let c = ev.campaign.get(r).copied().unwrap_or(NONE);
        if (c as usize) < n_campaigns {
            c as usize
        } else {
            n_campaigns
        }
    };
    let channel_of = |r: usize| (ev.channel[r] as usize).min(CHANNELS - 1);
    let group_of = |ch: usize, scope: u8, camp: usize| match q.group_by {
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
    let mut send_ts = vec![i64::MIN; n_keys];
    let mut send_owner = vec![u32::MAX; n_keys];
    let mut open_stamp = vec![0u32; n_keys];
    let mut machine_stamp = vec![0u32; n_keys];
    let mut click_stamp = vec![0u32; n_keys];
    let mut convert_stamp = vec![0u32; n_keys];
    let mut first_sent = vec![i64::MAX; n_campaigns];
    let mut epoch = 0u32;
    // Two histograms per cell: messages on channels without, then with,
    // open tracking, so open rates get their own denominator.
    let mut hist = vec![[0u64; HIST]; n_groups * nb * 2];
    let tracked = super::super::open_tracking_channels(ds);
    let tracks = |ch: usize| usize::from(tracked >> ch & 1 != 0);

    for c in 0..idx.contacts() {
        let events = idx.events(c).to_vec();
        let orders = if cfg.orders_as_conversions {
            idx.orders(c).to_vec()
        } else {
            Vec::new()
        };
        let mut bucket_now = usize::MAX;
        let mut last_click: Option<Touch> = None;
        let mut last_open: Option<Touch> = None;
        let (mut i, mut j) = (0, 0);
        while i < events.len() || j < orders.len() {
            let take_event = j >= orders.len()
                || (i < events.len()
                    && ev.ts[events[i] as usize] <= ds.orders.ts[orders[j] as usize]);
            // Conversions need the credited touch; everything else is about
            // the row itself.
            let (t, conversion_value) = if take_event {
                let r = events[i] as usize;
                i += 1;
                let code = ev.kind[r];
                // Visits, sessions, tickets… play no part: skip them before
                // touching any other column.
                if code > COMPLAINED && code != PURCHASE {
                    continue;
                }
                let t = ev.ts[r];
                if code != CONVERTED && code != PURCHASE {
                    let ch = channel_of(r);
                    let camp = campaign_of(r);
                    let key = camp * CHANNELS + ch;
                    let meta = ev.meta[r];
                    let fl = meta >> 3;
                    let (mut machine, mut excluded) = (false, false);
                    if code <= DELIVERED {
                        send_ts[key] = t;
                        send_owner[key] = c as u32;
                        if code == SENT && camp < n_campaigns {
                            first_sent[camp] = first_sent[camp].min(t);
                        }
                    } else if code == OPENED {
                        machine = fl & flags::MACHINE_OPEN != 0
                            || cfg.machine_open_secs.is_some_and(|secs| {
                                send_owner[key] == c as u32 && t - send_ts[key] <= secs
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
                    if !span.contains(t) || !mask.accepts(ch as u8, scope, camp) {
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
                    let k = &mut cells.counts[cell];
                    if machine {
                        k.machine_opens += 1;
                        if machine_stamp[key] != epoch {
                            machine_stamp[key] = epoch;
                            k.machine_openers += 1;
                        }
                    } else if excluded {
                        k.excluded_clicks += 1;
                    } else {
                        let tracked = tracks(ch) == 1;
                        if code == CLICKED && click_stamp[key] != epoch {
                            click_stamp[key] = epoch;
                            k.clickers += 1;
                            k.open_tracked_clickers += u64::from(tracked);
                        }
                        // A human click proves an open, too, but only where
                        // opens are tracked: elsewhere every clicker would
                        // be an "opener" and CTOR a meaningless 100 %.
                        if tracked && open_stamp[key] != epoch {
                            open_stamp[key] = epoch;
                            k.reliable_openers += 1;
                        }
                    }
                    continue;
                }
                let v = ev.value.get(r).copied().unwrap_or(f32::NAN);
                (t, if v.is_nan() { 0.0 } else { f64::from(v) })
            } else {
                let r = orders[j] as usize;
                j += 1;
                let amount = ds.orders.amount[r];
                (ds.orders.ts[r], if amount.is_nan() { 0.0 } else { amount })
            };

            if !span.contains(t) {
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
                cells.unattributed_conversions[b] += 1;
                cells.unattributed_revenue[b] += conversion_value;
                continue;
            };
            let r = touch.row as usize;
            let (ch, camp, scope) = (channel_of(r), campaign_of(r), (ev.meta[r] >> 1) & 3);
            if !mask.accepts(ch as u8, scope, camp) {
                continue;
            }
            let key = camp * CHANNELS + ch;
            let k = &mut cells.counts[group_of(ch, scope, camp) * nb + b];
            k.conversions += 1;
            k.revenue += conversion_value;
            if convert_stamp[key] != epoch {
                convert_stamp[key] = epoch;
                k.converters += 1;
            }
        }
    }

    for (k, h) in cells.counts.iter_mut().zip(hist.chunks_exact(2)) {
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

    for camp in &ds.campaigns {
        let id = camp.id as usize;
        if id >= n_campaigns || !mask.accepts(camp.channel.code(), camp.scope.code(), id) {
            continue;
        }
        let Some(at) = camp
            .sent_at
            .or((first_sent[id] != i64::MAX).then_some(first_sent[id]))
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

#[cfg(test)]
mod tests {
    use super::super::{run, Cells, Plan};
    use crate::analytics_testkit::{arb_dataset, arb_filter, ARB_DAYS, DAY};
    use crate::contact_index::ContactIndex;
    use crate::kpi::{GroupBy, KpiConfig, KpiQuery};
    use crate::rate::{Bucket, Period};
    use proptest::prelude::*;

    fn parts(c: &Cells) -> impl PartialEq + std::fmt::Debug + '_ {
        (
            &c.counts,
            c.n_campaigns,
            &c.unattributed_conversions,
            &c.unattributed_revenue,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn the_engine_equals_the_reference(
            (ds, from) in prop_oneof![Just(3i64), Just(ARB_DAYS)]
                .prop_flat_map(|days| (arb_dataset(days), 0..days)),
            (len, group) in (1i64..30, 0u8..4),
            filter in arb_filter(),
            (machine, orders, split) in (proptest::option::of(0i64..3), any::<bool>(), 0u8..3),
        ) {
            let period = Period::new(from * DAY, (from + len) * DAY);
            let q = KpiQuery {
                period,
                group_by: [GroupBy::Total, GroupBy::Channel, GroupBy::Scope, GroupBy::Campaign][group as usize],
                filter,
                config: KpiConfig {
                    machine_open_secs: machine,
                    orders_as_conversions: orders,
                    ..KpiConfig::default()
                },
            };
            // One period, a comparison, or a series of days.
            let buckets = match split {
                0 => vec![period],
                1 => vec![period.previous(), period],
                _ => Bucket::Day.split(period),
            };
            let idx = ContactIndex::build(&ds);
            let fast = run(&ds, &idx, &q, &buckets);
            let reference = super::run(&ds, &idx, &q, &buckets);
            prop_assert_eq!(parts(&fast), parts(&reference));
        }

        /// The plain shape of the walk (one bucket, no filter, rows in
        /// runs, a campaign per row: every row test it folds away) counts
        /// what the general walk counts, on a walk split in two or not.
        #[test]
        fn the_plain_walk_equals_the_general_one(
            (ds, from) in prop_oneof![Just(3i64), Just(ARB_DAYS)]
                .prop_flat_map(|days| (arb_dataset(days), 0..days)),
            (len, group) in (1i64..30, 0u8..4),
            (machine, orders, split) in (proptest::option::of(0i64..3), any::<bool>(), 0usize..6),
        ) {
            let mut ds = ds;
            // A file without a campaign column has none (`is_plain` says
            // no); this test wants the plain shape, so every row gets a
            // campaign, "none" where the column was missing.
            let rows = ds.events.contact.len();
            ds.events.campaign.resize(rows, crate::model::NONE);
            let idx = crate::contact_index::sort_by_contact(&mut ds);
            let period = Period::new(from * DAY, (from + len) * DAY);
            let q = KpiQuery {
                period,
                group_by: [GroupBy::Total, GroupBy::Channel, GroupBy::Scope, GroupBy::Campaign][group as usize],
                filter: Default::default(),
                config: KpiConfig {
                    machine_open_secs: machine,
                    orders_as_conversions: orders,
                    ..KpiConfig::default()
                },
            };
            let buckets = [period];
            let plan = Plan::new(&ds, &idx, &q, &buckets);
            prop_assert!(plan.is_plain(&idx));
            let cut = split.min(idx.contacts());
            let walk = |plain: bool| {
                let part = |r: std::ops::Range<usize>, defer: bool| {
                    if plain {
                        // The walk as it runs: plain, its grouping fixed.
                        plan.walk(&idx, r, &mut (), defer)
                    } else {
                        plan.walk_as::<(), false, { super::super::BY_QUERY }>(&idx, r, &mut (), defer)
                    }
                };
                plan.finish(part(0..cut, false), vec![part(cut..idx.contacts(), true)])
            };
            let (plain, general) = (walk(true), walk(false));
            let reference = super::run(&ds, &idx, &q, &buckets);
            prop_assert_eq!(parts(&plain), parts(&general));
            prop_assert_eq!(parts(&plain), parts(&reference));
        }

        /// An index that outlived rows of its table (a column cut short):
        /// the plain walk stops a run at the table's end where the general
        /// walk skips the rows past it one by one; the counts agree.
        #[test]
        fn the_plain_walk_stops_at_the_table_end(
            ds in arb_dataset(ARB_DAYS),
            (cut_rows, group, orders) in (1usize..6, 0u8..4, any::<bool>()),
        ) {
            let mut ds = ds;
            let rows = ds.events.contact.len();
            ds.events.campaign.resize(rows, crate::model::NONE);
            let idx = crate::contact_index::sort_by_contact(&mut ds);
            ds.events.ts.truncate(rows.saturating_sub(cut_rows));
            let q = KpiQuery {
                period: Period::ALL,
                group_by: [GroupBy::Total, GroupBy::Channel, GroupBy::Scope, GroupBy::Campaign][group as usize],
                filter: Default::default(),
                config: KpiConfig { orders_as_conversions: orders, ..KpiConfig::default() },
            };
            let buckets = [Period::ALL];
            let plan = Plan::new(&ds, &idx, &q, &buckets);
            prop_assert!(plan.is_plain(&idx));
            let all = 0..idx.contacts();
            let plain = plan.finish(plan.walk(&idx, all.clone(), &mut (), false), Vec::new());
            let general = plan.finish(
                plan.walk_as::<(), false, { super::super::BY_QUERY }>(&idx, all, &mut (), false),
                Vec::new(),
            );
            prop_assert_eq!(parts(&plain), parts(&general));
        }
    }
}
