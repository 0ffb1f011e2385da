//! Customer tiers A/B/C by share of revenue (SPEC §4) and the migration of
//! customers between tiers across two periods.
//!
//! Customers are sorted by monetary value, largest first, and each one is
//! placed by the revenue made by the customers *before* it:
//! - A when that revenue is below `a_percent` of the total, so the customer
//!   who straddles the 80 % line is in A (it helps make the first 80 %);
//! - B when it is below `a_percent + b_percent`;
//! - C otherwise, and always for customers with zero or negative value.
//!
//! Customers with equal value form one group placed by the revenue before the
//! group, so ties share a tier and the result does not depend on input order.
//! Amounts are compared in whole cents with integer arithmetic: 0.8 + 0.15 is
//! not 0.95 in floating point, and a boundary must not move by rounding.

use crate::model::{Dataset, OrderTable};
use serde::{Deserialize, Serialize};

/// A revenue tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum Tier {
    /// The customers making the first `a_percent` of revenue.
    A = 0,
    /// The next `b_percent`.
    B = 1,
    /// Everyone else.
    C = 2,
}

impl Tier {
    /// All tiers, best first.
    pub const ALL: [Tier; 3] = [Tier::A, Tier::B, Tier::C];

    /// The letter written in exports (`A`, `B`, `C`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
        }
    }

    /// The tier for a stored code.
    pub fn from_code(code: u8) -> Option<Self> {
        Tier::ALL.get(code as usize).copied()
    }
}

/// Tier boundaries as percentages of total revenue.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierConfig {
    /// Share of revenue made by tier A (default 80).
    pub a_percent: f64,
    /// Share made by tier B (default 15); C gets the rest.
    pub b_percent: f64,
}

impl Default for TierConfig {
    fn default() -> Self {
        TierConfig {
            a_percent: 80.0,
            b_percent: 15.0,
        }
    }
}

/// One customer's tier.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TierMember {
    /// Dense contact id.
    pub contact: u32,
    /// Monetary value used for ranking.
    pub monetary: f64,
    /// The tier.
    pub tier: Tier,
}

/// Totals of one tier.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TierTotal {
    /// The tier.
    pub tier: Tier,
    /// Customers in it.
    pub customers: u32,
    /// Their revenue.
    pub revenue: f64,
}

/// The result of [`tiers`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierResult {
    /// Customers by monetary value, largest first (ties by contact id).
    pub members: Vec<TierMember>,
    /// Totals for A, B and C.
    pub totals: Vec<TierTotal>,
    /// Tier code per contact id, `u8::MAX` for non-customers.
    #[serde(skip)]
    pub tier_of: Vec<u8>,
}

impl TierResult {
    /// The tier of `contact`, if it is a customer.
    pub fn get(&self, contact: u32) -> Option<Tier> {
        Tier::from_code(*self.tier_of.get(contact as usize)?)
    }
}

fn cents(x: f64) -> i64 {
    if x.is_finite() {
        round(x * 100.0)
    } else {
        0
    }
}

/// `y.round() as i64` (half away from zero, saturating), without the
/// software `round` that baseline x86-64 and wasm32 builds call: the
/// truncating cast is one instruction, and the fraction it drops is exact.
fn round(y: f64) -> i64 {
    let t = y as i64;
    // From 2^52 on every f64 is an integer (and the cast saturates as
    // `round() as i64` does).
    if y.abs() < 4_503_599_627_370_496.0 {
        let frac = y - t as f64;
        t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5)
    } else {
        t
    }
}

fn basis_points(percent: f64) -> i128 {
    if percent.is_finite() {
        (percent * 100.0).round().max(0.0) as i128
    } else {
        0
    }
}

/// Assigns tiers to `(contact, monetary)` pairs; `n_contacts` sizes the
/// per-contact lookup.
pub fn tiers(customers: &[(u32, f64)], n_contacts: usize, config: &TierConfig) -> TierResult {
    let cents: Vec<i64> = customers.iter().map(|&(_, m)| cents(m)).collect();
    let order = by_value(customers, &cents);
    let total: i128 = cents.iter().map(|&c| i128::from(c.max(0))).sum();
    let a_line = total * basis_points(config.a_percent);
    let b_line = total * (basis_points(config.a_percent) + basis_points(config.b_percent));

    // Placed by the revenue before them, which only grows along the order,
    // customers of positive value run A…, B…, C…, and those of no value
    // (C) come last: two cut points say every tier.
    let (a_end, b_end) = cut_points(&order, &cents, a_line, b_line);
    let tier_at = |k: usize| {
        if k < a_end {
            Tier::A
        } else if k < b_end {
            Tier::B
        } else {
            Tier::C
        }
    };
    let members: Vec<TierMember> = order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let (contact, monetary) = customers[i as usize];
            TierMember {
                contact,
                monetary,
                tier: tier_at(k),
            }
        })
        .collect();
    let n = n_contacts.max(
        customers
            .iter()
            .map(|o| o.0 as usize + 1)
            .max()
            .unwrap_or(0),
    );
    let mut tier_of = vec![u8::MAX; n];
    for m in &members {
        tier_of[m.contact as usize] = m.tier as u8;
    }
    // Each tier's revenue added in member order, as one running total per
    // tier would add it.
    let segments = [0..a_end, a_end..b_end, b_end..members.len()];
    let totals = Tier::ALL
        .iter()
        .zip(segments)
        .map(|(&tier, segment)| TierTotal {
            tier,
            customers: segment.len() as u32,
            revenue: members[segment].iter().fold(0.0, |sum, m| sum + m.monetary),
        })
        .collect();
    TierResult {
        members,
        totals,
        tier_of,
    }
}

/// Where tier A and tier B end along `order` (customers by value, largest
/// first; `cents[i]` is customer `i`'s value): each group of equal value is
/// placed by the revenue before it. Stops at the first group in C.
fn cut_points(order: &[u32], cents: &[i64], a_line: i128, b_line: i128) -> (usize, usize) {
    let mut a_end = None;
    let mut before: i128 = 0;
    let mut k = 0;
    while let Some(&first) = order.get(k) {
        let value = cents[first as usize];
        let scaled = before * 10_000;
        let tier = if value <= 0 {
            Tier::C
        } else if scaled < a_line {
            Tier::A
        } else if scaled < b_line {
            Tier::B
        } else {
            Tier::C
        };
        if tier != Tier::A && a_end.is_none() {
            a_end = Some(k);
        }
        if tier == Tier::C {
            break;
        }
        while order.get(k).is_some_and(|&i| cents[i as usize] == value) {
            before += i128::from(value);
            k += 1;
        }
    }
    (a_end.unwrap_or(k), k)
}

/// Indices of `customers` by cents (`cents[i]` is customer `i`'s)
/// descending, then contact id, then index.
fn by_value(customers: &[(u32, f64)], cents: &[i64]) -> Vec<u32> {
    let (lo, hi) = cents
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), &c| (lo.min(c), hi.max(c)));
    let by_contact = customers.is_sorted_by_key(|&(c, _)| c);
    match u32::try_from(hi.saturating_sub(lo)) {
        // Input in contact order (as `tiers_in_period` gives it) is already
        // in its tie order, so a stable radix sort on the value alone is
        // the whole sort: a few linear passes instead of a comparison sort.
        Ok(range) if by_contact && customers.len() < u32::MAX as usize => {
            radix_desc(cents, |c| (hi - c) as u32, range)
        }
        _ => {
            // One primitive sort key per customer: cents descending (flipped
            // bits of the order-preserving unsigned form), then contact id,
            // then the input index. Sorting `u128`s needs no comparator.
            let mut keys: Vec<u128> = customers
                .iter()
                .zip(cents)
                .zip(0u32..)
                .map(|((&(c, _), &cents), i)| {
                    let desc = !((cents as u64) ^ (1 << 63));
                    (u128::from(desc) << 64) | (u128::from(c) << 32) | u128::from(i)
                })
                .collect();
            keys.sort_unstable();
            keys.into_iter().map(|k| k as u32).collect()
        }
    }
}

/// A stable LSD radix sort of the indices of `cents` by `key` (at most
/// `max`), 11 bits a pass.
fn radix_desc(cents: &[i64], key: impl Fn(i64) -> u32, max: u32) -> Vec<u32> {
    const BITS: u32 = 11;
    let mut keyed: Vec<(u32, u32)> = cents
        .iter()
        .zip(0u32..)
        .map(|(&c, i)| (key(c), i))
        .collect();
    let mut spare = vec![(0u32, 0u32); keyed.len()];
    let mut shift = 0;
    while shift < 32 && (shift == 0 || max >> shift != 0) {
        let mut next = [0u32; 1 << BITS];
        for &(k, _) in &keyed {
            next[(k >> shift) as usize & ((1 << BITS) - 1)] += 1;
        }
        let mut sum = 0;
        for slot in &mut next {
            (*slot, sum) = (sum, sum + *slot);
        }
        for &p in &keyed {
            let slot = &mut next[(p.0 >> shift) as usize & ((1 << BITS) - 1)];
            spare[*slot as usize] = p;
            *slot += 1;
        }
        std::mem::swap(&mut keyed, &mut spare);
        shift += BITS;
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Tiers from the orders with `from <= ts < to` (seconds since the epoch).
pub fn tiers_in_period(ds: &Dataset, from: i64, to: i64, config: &TierConfig) -> TierResult {
    let o = &ds.orders;
    let n = ds.contact_count().max(
        o.contact
            .iter()
            .copied()
            .max()
            .map_or(0, |c| c as usize + 1),
    );
    let customers = by_runs(o, from, to, n).unwrap_or_else(|| by_contact(o, from, to, n));
    tiers(&customers, n, config)
}

/// Each customer's value over the rows with `from <= ts < to`, by contact
/// id, when the rows come grouped by contact in ascending order (as
/// `sort_by_contact` leaves them); `None` when they do not or the amount
/// column is short. A run's amounts are added in row order, as
/// [`by_contact`] adds them, so the sums are the same to the bit. `n`
/// exceeds every contact id.
fn by_runs(o: &OrderTable, from: i64, to: i64, n: usize) -> Option<Vec<(u32, f64)>> {
    let rows = o.contact.len().min(o.ts.len());
    let (contact, ts, amount) = (&o.contact[..rows], &o.ts[..rows], o.amount.get(..rows)?);
    // The whole history (the dashboard's call) needs no test per row.
    let all = from == i64::MIN && to == i64::MAX;
    let mut customers = Vec::with_capacity(rows.min(n));
    let (mut i, mut prev) = (0, None);
    while i < rows {
        let c = contact[i];
        if prev.is_some_and(|p| p >= c) {
            return None;
        }
        prev = Some(c);
        let mut seen = false;
        let mut monetary = 0f64;
        // The run is read in the same loop that sums it: one test of the
        // contact column per row, no separate pass to find the run's end.
        while i < rows && contact[i] == c {
            let (t, a) = (ts[i], amount[i]);
            i += 1;
            if !all && (t < from || t >= to) {
                continue;
            }
            seen = true;
            if a.is_finite() {
                monetary += a;
            }
        }
        if seen {
            customers.push((c, monetary));
        }
    }
    Some(customers)
}

/// Each customer's value over the rows with `from <= ts < to`, by contact
/// id, in any row order; `n` exceeds every contact id.
fn by_contact(o: &OrderTable, from: i64, to: i64, n: usize) -> Vec<(u32, f64)> {
    let mut monetary = vec![0f64; n];
    let mut seen = vec![false; n];
    let rows = o.len().min(o.ts.len());
    for (i, (&c, &t)) in o.contact[..rows].iter().zip(&o.ts[..rows]).enumerate() {
        if t < from || t >= to {
            continue;
        }
        let c = c as usize;
        seen[c] = true;
        let amount = o.amount.get(i).copied().unwrap_or(0.0);
        if amount.is_finite() {
            monetary[c] += amount;
        }
    }
    (0..n)
        .filter(|&c| seen[c])
        .map(|c| (c as u32, monetary[c]))
        .collect()
}

/// How many customers went from one tier to another; `None` is "not a
/// customer in that period".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationCell {
    /// Tier in the first period.
    pub from: Option<Tier>,
    /// Tier in the second period.
    pub to: Option<Tier>,
    /// Customers who moved so.
    pub customers: u32,
}

/// The tier migration matrix between two periods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Migration {
    /// The 15 cells (every from × to over A, B, C, none except none → none),
    /// from-major in the order A, B, C, none.
    pub cells: Vec<MigrationCell>,
    /// Customers who moved to a better tier (C→B, B→A, C→A).
    pub up: u32,
    /// Customers who moved to a worse tier.
    pub down: u32,
    /// Per contact (`from`, `to`) codes for those present in either period;
    /// `u8::MAX` is none.
    #[serde(skip)]
    pub moves: Vec<(u32, u8, u8)>,
}

impl Migration {
    /// The count of one cell.
    pub fn count(&self, from: Option<Tier>, to: Option<Tier>) -> u32 {
        self.cells
            .iter()
            .find(|c| c.from == from && c.to == to)
            .map_or(0, |c| c.customers)
    }
}

/// Compares the tiers of two periods contact by contact.
pub fn migration(before: &TierResult, after: &TierResult) -> Migration {
    let states = [Some(Tier::A), Some(Tier::B), Some(Tier::C), None];
    let index = |code: u8| (code as usize).min(3);
    let mut counts = [[0u32; 4]; 4];
    let mut moves = Vec::new();
    let (mut up, mut down) = (0, 0);
    let n = before.tier_of.len().max(after.tier_of.len());
    for c in 0..n {
        let from = before.tier_of.get(c).copied().unwrap_or(u8::MAX);
        let to = after.tier_of.get(c).copied().unwrap_or(u8::MAX);
        if from == u8::MAX && to == u8::MAX {
            continue;
        }
        counts[index(from)][index(to)] += 1;
        if from != u8::MAX && to != u8::MAX {
            if to < from {
                up += 1;
            } else if to > from {
                down += 1;
            }
        }
        moves.push((c as u32, from, to));
    }
    let mut cells = Vec::with_capacity(15);
    for (i, &from) in states.iter().enumerate() {
        for (j, &to) in states.iter().enumerate() {
            if from.is_some() || to.is_some() {
                cells.push(MigrationCell {
                    from,
                    to,
                    customers: counts[i][j],
                });
            }
        }
    }
    Migration {
        cells,
        up,
        down,
        moves,
    }
}

#[cfg(test)]
mod tests;
