//! [`reactivation`](super::reactivation) as it was before it started each
//! contact's walk shortly before the period: kept as the reference the
//! walk is tested against (see the proptest at the end).

use super::*;
use crate::model::{Direction, EventKind, NONE};

/// The reference computation.
pub(super) fn reactivation(
    ds: &Dataset,
    idx: &ContactIndex,
    query: &ReactivationQuery,
) -> ReactivationReport {
    let ev = &ds.events;
    let p = query.period;
    let mut credited = [0f64; CHANNELS];
    let mut reached = [0u64; CHANNELS];
    let mut report = ReactivationReport {
        period: p,
        reactivations: 0,
        uncredited: 0,
        credited_elsewhere: 0.0,
        dormant_at_start: 0,
        channels: Vec::new(),
    };
    let n_campaigns = ds.campaign_ids.len();
    let mask = query.filter.mask(n_campaigns);
    let accepts = |r: usize| {
        let camp = ev.campaign.get(r).copied().unwrap_or(NONE) as usize;
        let scope = (ev.meta[r] >> 1) & 3;
        mask.accepts(ev.channel[r], scope, camp.min(n_campaigns))
    };
    // This contact's messages, reused across contacts.
    let mut touches: Vec<Touch> = Vec::new();
    let dormant = |last: Option<i64>, t: i64| last.is_some_and(|l| t - l > query.dormancy);

    for c in 0..idx.contacts() {
        let (events, orders) = (idx.events(c).to_vec(), idx.orders(c).to_vec());
        touches.clear();
        let mut last: Option<i64> = None;
        let mut last_before_period: Option<i64> = None;
        let mut reached_bits = 0u16;
        let (mut i, mut j) = (0, 0);
        while i < events.len() || j < orders.len() {
            let take_event = j >= orders.len()
                || (i < events.len()
                    && ev.ts[events[i] as usize] <= ds.orders.ts[orders[j] as usize]);
            let t = if take_event {
                let r = events[i] as usize;
                i += 1;
                let kind = ev.kind(r);
                let inbound = ev.direction(r) == Direction::Inbound;
                if !inbound
                    && matches!(
                        kind,
                        EventKind::Sent | EventKind::Delivered | EventKind::Clicked
                    )
                {
                    let ch = ev.channel(r).code();
                    let shown = accepts(r);
                    touches.push(Touch {
                        ts: ev.ts[r],
                        channel: ch,
                        shown,
                    });
                    if shown
                        && kind != EventKind::Clicked
                        && p.contains(ev.ts[r])
                        && dormant(last, ev.ts[r])
                    {
                        reached_bits |= 1 << ch;
                    }
                }
                if !(inbound || kind.is_activity()) {
                    continue;
                }
                ev.ts[r]
            } else {
                j += 1;
                ds.orders.ts[orders[j - 1] as usize]
            };
            if p.contains(t) && dormant(last, t) {
                report.reactivations += 1;
                credit(
                    &touches,
                    t - query.window,
                    query.attribution,
                    &mut credited,
                    &mut report,
                );
            }
            if t < p.from {
                last_before_period = Some(t);
            }
            last = Some(last.map_or(t, |l| l.max(t)));
        }
        if dormant(last_before_period, p.from) {
            report.dormant_at_start += 1;
        }
        for (ch, n) in reached.iter_mut().enumerate() {
            *n += u64::from(reached_bits >> ch & 1);
        }
    }

    report.channels = super::walk::channels(&credited, &reached);
    report
}

#[cfg(test)]
mod tests {
    use crate::analytics_testkit::{arb_dataset, arb_filter, ARB_DAYS, DAY};
    use crate::contact_index::ContactIndex;
    use crate::rate::Period;
    use crate::reactivation::{Attribution, ReactivationQuery};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_walk_equals_the_reference(
            ds in arb_dataset(ARB_DAYS),
            (from, len, dormancy, window, rule) in (0i64..ARB_DAYS, 1i64..30, 1i64..20, -1i64..10, 0u8..3),
            filter in arb_filter(),
        ) {
            let q = ReactivationQuery {
                period: Period::new(from * DAY, (from + len) * DAY),
                dormancy: dormancy * DAY,
                window: window * DAY,
                attribution: [Attribution::LastTouch, Attribution::FirstTouch, Attribution::Linear][rule as usize],
                filter,
            };
            let idx = ContactIndex::build(&ds);
            prop_assert_eq!(super::super::reactivation(&ds, &idx, &q), super::reactivation(&ds, &idx, &q));
        }
    }
}
