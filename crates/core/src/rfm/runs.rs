//! RFM's per-customer values from order rows grouped by contact, the
//! layout `sort_by_contact` leaves (the app's data set): a customer's
//! values are complete when its run of rows ends, so there is no
//! per-contact accumulator to fill, scan and compact afterwards.

use super::{RfmCustomer, Segment};
use crate::model::{Dataset, DAY, NONE};

/// The customers (by contact id) and the row of each contact, over the
/// order rows with `ts < end`, when the rows come grouped by contact in
/// ascending order; `None` when they do not (or a column is short, or an
/// order id is out of range), for
/// the general path to take. A run's rows are added in row order, as the
/// general path adds them, so the monetary sums are the same to the bit.
/// `n_contacts` must exceed every contact id.
pub(super) fn gather(
    ds: &Dataset,
    end: i64,
    as_of_day: i64,
    n_contacts: usize,
) -> Option<(Vec<RfmCustomer>, Vec<u32>)> {
    let o = &ds.orders;
    let rows = o.contact.len().min(o.ts.len());
    let (contact, ts) = (&o.contact[..rows], &o.ts[..rows]);
    let (amount, order_id) = (o.amount.get(..rows)?, o.order_id.get(..rows)?);
    // The last contact seen with each order id. Runs visit each contact
    // once, so a mark equal to the run's contact means "already counted in
    // this run", and distinct (contact, id) pairs are counted exactly
    // without a set of pairs.
    let mut mark = vec![NONE; ds.order_ids.len()];
    let mut customers = Vec::with_capacity(rows.min(n_contacts));
    let mut row_of = vec![NONE; n_contacts];
    let (mut i, mut prev) = (0, None);
    while i < rows {
        let c = contact[i];
        if prev.is_some_and(|p| p >= c) {
            return None;
        }
        prev = Some(c);
        let (mut last_ts, mut monetary, mut frequency) = (i64::MIN, 0.0, 0u32);
        let len = contact[i..].iter().take_while(|&&x| x == c).count();
        let run = i..i + len;
        i += len;
        let rows = ts[run.clone()]
            .iter()
            .zip(&amount[run.clone()])
            .zip(&order_id[run]);
        for ((&t, &a), &oid) in rows {
            if t >= end {
                continue;
            }
            last_ts = last_ts.max(t);
            if a.is_finite() {
                monetary += a;
            }
            if oid == NONE {
                frequency += 1;
            } else {
                // An id beyond the dictionary (a hand-built table) is left
                // to the general path, so the marks never move here.
                let seen = mark.get_mut(oid as usize)?;
                if *seen != c {
                    *seen = c;
                    frequency += 1;
                }
            }
        }
        // As the general path: a contact whose rows all fall after the
        // as-of date is no customer.
        if last_ts == i64::MIN {
            continue;
        }
        *row_of.get_mut(c as usize)? = customers.len() as u32;
        customers.push(RfmCustomer {
            contact: c,
            recency_days: u32::try_from(as_of_day - last_ts.div_euclid(DAY)).unwrap_or(u32::MAX),
            frequency,
            monetary: monetary + 0.0,
            r: 0,
            f: 0,
            m: 0,
            segment: Segment::Hibernating,
        });
    }
    Some((customers, row_of))
}
