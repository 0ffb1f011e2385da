//! RFM segmentation (SPEC §4): recency, frequency and monetary value per
//! customer, scored 1–5 and named from the R × F grid.
//!
//! Scores use `1 + floor(5 × worse / N)`, where `worse` counts the customers
//! with a strictly worse value. Unlike "cut the sorted list into fifths", this
//! gives tied customers one score whatever order they were sorted in, and it is
//! computed in integers, so no value lands on the wrong side of a boundary by
//! float rounding. Counting or selecting per dimension is the whole cost.

use crate::csv_out;
use crate::fx::FxHashSet;
use crate::model::{Dataset, Dict, DAY, NONE};
use crate::tiers::{tiers_in_period, Tier, TierConfig, TierResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A named RFM segment, one per cell group of the R × F grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Segment {
    /// Bought recently and often.
    Champions = 0,
    /// Buys often, reasonably recently.
    Loyal = 1,
    /// Recent, a few orders: could become loyal.
    PotentialLoyalist = 2,
    /// Very recent first (single) order.
    New = 3,
    /// Recent but rare.
    Promising = 4,
    /// Middle of the grid.
    NeedAttention = 5,
    /// Recency slipping, few orders.
    AboutToSleep = 6,
    /// Used to buy often, not recently.
    AtRisk = 7,
    /// The most frequent buyers, gone quiet.
    CantLose = 8,
    /// Long gone and rare.
    Hibernating = 9,
}

impl Segment {
    /// Every segment, best first.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLose,
        Segment::Hibernating,
    ];

    /// The stable snake_case id.
    pub const fn as_str(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::PotentialLoyalist => "potential_loyalist",
            Segment::New => "new",
            Segment::Promising => "promising",
            Segment::NeedAttention => "need_attention",
            Segment::AboutToSleep => "about_to_sleep",
            Segment::AtRisk => "at_risk",
            Segment::CantLose => "cant_lose",
            Segment::Hibernating => "hibernating",
        }
    }

    /// The segment for a stored code.
    pub fn from_code(code: u8) -> Option<Self> {
        Segment::ALL.get(code as usize).copied()
    }

    /// The segment of grid cell (`r`, `f`), both 1–5, exactly as the SPEC's
    /// table. Scores outside 1–5 are clamped.
    pub const fn of_cell(r: u8, f: u8) -> Segment {
        use Segment::*;
        match (r, f) {
            (0..=2, 0..=2) => Hibernating,
            (0..=2, 3 | 4) => AtRisk,
            (0..=2, _) => CantLose,
            (3, 0..=2) => AboutToSleep,
            (3, 3) => NeedAttention,
            (3, _) => Loyal,
            (4, 0 | 1) => Promising,
            (4, 2 | 3) => PotentialLoyalist,
            (4, _) => Loyal,
            (_, 0 | 1) => New,
            (_, 2 | 3) => PotentialLoyalist,
            (_, _) => Champions,
        }
    }
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The columns of [`RfmResult::export_csv`], as `canal analyze rfm` writes
/// them.
pub const EXPORT_COLUMNS: [&str; 9] = [
    "customer_id",
    "recency_days",
    "frequency",
    "monetary",
    "r",
    "f",
    "m",
    "segment",
    "tier",
];

/// Parameters of an RFM run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RfmOptions {
    /// Reference date; `None` means the day after the last order. Orders
    /// dated after it are ignored; orders on it have recency 0.
    pub as_of: Option<NaiveDate>,
}

/// One customer's RFM values and scores.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RfmCustomer {
    /// Dense contact id.
    pub contact: u32,
    /// Whole days from the last order's date to the as-of date.
    pub recency_days: u32,
    /// Orders: distinct order ids, rows without an id counting one each.
    pub frequency: u32,
    /// Total amount.
    pub monetary: f64,
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5.
    pub f: u8,
    /// Monetary score 1–5.
    pub m: u8,
    /// Named segment from (`r`, `f`).
    pub segment: Segment,
}

/// One cell of the R × F grid.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GridCell {
    /// Recency score.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// The segment this cell belongs to.
    pub segment: Segment,
    /// Customers in the cell.
    pub customers: u32,
    /// Their total monetary value.
    pub revenue: f64,
}

/// Totals of one named segment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SegmentTotal {
    /// The segment.
    pub segment: Segment,
    /// Customers in it.
    pub customers: u32,
    /// Their total monetary value.
    pub revenue: f64,
}

/// The result of [`rfm`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RfmResult {
    /// The reference date used; `None` when there were no orders.
    pub as_of: Option<NaiveDate>,
    /// One row per customer (contact with at least one order), by contact id.
    pub customers: Vec<RfmCustomer>,
    /// The 25 grid cells, R-major: index `(r − 1) × 5 + (f − 1)`.
    pub grid: Vec<GridCell>,
    /// Totals per segment in [`Segment::ALL`] order.
    pub segments: Vec<SegmentTotal>,
    /// Row in `customers` per contact id, [`NONE`] for non-customers.
    #[serde(skip)]
    pub row_of: Vec<u32>,
}

impl RfmResult {
    /// The RFM row of `contact`, if it is a customer.
    pub fn get(&self, contact: u32) -> Option<&RfmCustomer> {
        let row = *self.row_of.get(contact as usize)?;
        self.customers.get(row as usize)
    }

    /// The segment code per contact id (`u8::MAX` for non-customers), the
    /// form rule evaluation reads.
    pub fn segment_codes(&self) -> Vec<u8> {
        self.row_of
            .iter()
            .map(|&row| {
                self.customers
                    .get(row as usize)
                    .map_or(u8::MAX, |c| c.segment as u8)
            })
            .collect()
    }

    /// The A/B/C tiers of the same orders RFM counted (those up to the
    /// as-of day), so a customer's tier and segment never disagree on what
    /// was bought.
    pub fn tiers(&self, ds: &Dataset, config: &TierConfig) -> TierResult {
        let end = self
            .as_of
            .map_or(i64::MAX, |d| (day_number(d) + 1).saturating_mul(DAY));
        tiers_in_period(ds, i64::MIN, end, config)
    }

    /// The export `canal analyze rfm` writes and the app downloads: header
    /// [`EXPORT_COLUMNS`], one row per customer with its tier from `tiers`
    /// (empty when it has none).
    pub fn export_csv(&self, keys: &Dict, tiers: &TierResult) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(64 * (self.customers.len() + 1));
        csv_out::push_row(&mut out, EXPORT_COLUMNS);
        for c in &self.customers {
            csv_out::push_field(&mut out, keys.try_get(c.contact).unwrap_or(""));
            let tier = tiers.get(c.contact).map_or("", Tier::as_str);
            let _ = write!(
                out,
                ",{},{},{},{},{},{},{},",
                c.recency_days,
                c.frequency,
                csv_out::round6(c.monetary),
                c.r,
                c.f,
                c.m,
                c.segment
            );
            csv_out::push_field(&mut out, tier);
            out.push('\n');
        }
        out
    }

    /// The per-customer table as CSV with header
    /// `customer_id,recency_days,frequency,monetary,r,f,m,segment`.
    pub fn to_csv(&self, keys: &Dict) -> String {
        let mut out = String::with_capacity(64 * (self.customers.len() + 1));
        out.push_str("customer_id,recency_days,frequency,monetary,r,f,m,segment\n");
        for c in &self.customers {
            csv_out::push_field(&mut out, keys.try_get(c.contact).unwrap_or(""));
            use std::fmt::Write;
            let _ = writeln!(
                out,
                ",{},{},{},{},{},{},{}",
                c.recency_days,
                c.frequency,
                // Sums of cents in binary floating point end in noise
                // (300.00000000000006); a millionth is far below any currency.
                (c.monetary * 1e6).round() / 1e6,
                c.r,
                c.f,
                c.m,
                c.segment
            );
        }
        out
    }
}

/// Days since 1970-01-01 of a date.
pub fn day_number(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days()
}

/// The date of a day number, clamped to chrono's range.
pub fn date_of_day(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch
        .checked_add_signed(chrono::TimeDelta::days(day))
        .unwrap_or(if day < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// Maps an `f64` to a `u64` with the same order; `NaN` counts as 0 and
/// `-0.0` as `0.0`, so equal amounts always tie.
pub fn f64_order_key(x: f64) -> u64 {
    let x = if x.is_nan() { 0.0 } else { x + 0.0 };
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

#[derive(Clone, Copy)]
struct Acc {
    last_ts: i64,
    monetary: f64,
    frequency: u32,
}

/// Computes RFM values, scores, segments and the grid over `ds.orders`.
pub fn rfm(ds: &Dataset, options: &RfmOptions) -> RfmResult {
    let o = &ds.orders;
    let max_contact = o
        .contact
        .iter()
        .copied()
        .max()
        .map_or(0, |c| c as usize + 1);
    let n_contacts = ds.contact_count().max(max_contact);
    let as_of_day = match options.as_of {
        Some(d) => Some(day_number(d)),
        None => o.ts.iter().max().map(|t| t.div_euclid(DAY) + 1),
    };
    let Some(as_of_day) = as_of_day else {
        return RfmResult {
            as_of: None,
            customers: Vec::new(),
            grid: grid(&[]),
            segments: totals(&[]),
            row_of: vec![NONE; n_contacts],
        };
    };

    // Compare timestamps, not days, in the row loop: a division per row
    // costs more than the rest of the loop.
    let end = (as_of_day + 1).saturating_mul(DAY);
    let (mut customers, row_of) = runs::gather(ds, end, as_of_day, n_contacts)
        .unwrap_or_else(|| gather_any(ds, end, as_of_day, n_contacts));
    let keys: Vec<u64> = customers
        .iter()
        .map(|c| u64::from(u32::MAX - c.recency_days))
        .collect();
    let r = quintile_scores(&keys);
    let keys: Vec<u64> = customers.iter().map(|c| u64::from(c.frequency)).collect();
    let f = quintile_scores(&keys);
    let keys: Vec<u64> = customers
        .iter()
        .map(|c| f64_order_key(c.monetary))
        .collect();
    let m = quintile_scores(&keys);
    for (i, c) in customers.iter_mut().enumerate() {
        c.r = r[i];
        c.f = f[i];
        c.m = m[i];
        c.segment = Segment::of_cell(c.r, c.f);
    }
    RfmResult {
        as_of: Some(date_of_day(as_of_day)),
        grid: grid(&customers),
        segments: totals(&customers),
        customers,
        row_of,
    }
}

/// The customers (by contact id) and the row of each contact, over the
/// order rows with `ts < end`, in any row order.
fn gather_any(
    ds: &Dataset,
    end: i64,
    as_of_day: i64,
    n_contacts: usize,
) -> (Vec<RfmCustomer>, Vec<u32>) {
    let o = &ds.orders;
    // One record per contact, so a row costs one cache miss, not three:
    // rows arrive in time order, contacts at random.
    let mut acc = vec![
        Acc {
            last_ts: i64::MIN,
            monetary: 0.0,
            frequency: 0,
        };
        n_contacts
    ];
    // An order id normally belongs to one contact, so "first contact seen
    // with this id" settles almost every row; the set only holds ids shared
    // by several contacts, keeping the count exact without hashing each row.
    let mut first_contact = vec![NONE; ds.order_ids.len()];
    let mut shared: FxHashSet<(u32, u32)> = FxHashSet::default();
    let rows = o.contact.len().min(o.ts.len());
    for (i, (&c, &t)) in o.contact[..rows].iter().zip(&o.ts[..rows]).enumerate() {
        if t >= end {
            continue;
        }
        let a = &mut acc[c as usize];
        a.last_ts = a.last_ts.max(t);
        let amount = o.amount.get(i).copied().unwrap_or(0.0);
        if amount.is_finite() {
            a.monetary += amount;
        }
        let oid = o.order_id.get(i).copied().unwrap_or(NONE);
        let new_order = if oid == NONE {
            true
        } else {
            if oid as usize >= first_contact.len() {
                first_contact.resize(oid as usize + 1, NONE);
            }
            let first = &mut first_contact[oid as usize];
            if *first == NONE {
                *first = c;
                true
            } else if *first == c {
                false
            } else {
                shared.insert((c, oid))
            }
        };
        if new_order {
            a.frequency += 1;
        }
    }

    // Sized up front: growing a vector of 40-byte rows copies them over
    // and over.
    let n_customers = acc.iter().filter(|a| a.last_ts != i64::MIN).count();
    let mut customers: Vec<RfmCustomer> = Vec::with_capacity(n_customers);
    let mut row_of = vec![NONE; n_contacts];
    for (c, a) in acc.iter().enumerate() {
        if a.last_ts == i64::MIN {
            continue;
        }
        let last_day = a.last_ts.div_euclid(DAY);
        row_of[c] = customers.len() as u32;
        customers.push(RfmCustomer {
            contact: c as u32,
            recency_days: u32::try_from(as_of_day - last_day).unwrap_or(u32::MAX),
            frequency: a.frequency,
            monetary: a.monetary + 0.0,
            r: 0,
            f: 0,
            m: 0,
            segment: Segment::Hibernating,
        });
    }
    (customers, row_of)
}

fn grid(customers: &[RfmCustomer]) -> Vec<GridCell> {
    let mut cells: Vec<GridCell> = (0..25u8)
        .map(|i| {
            let (r, f) = (i / 5 + 1, i % 5 + 1);
            GridCell {
                r,
                f,
                segment: Segment::of_cell(r, f),
                customers: 0,
                revenue: 0.0,
            }
        })
        .collect();
    for c in customers {
        let cell = &mut cells[(c.r as usize - 1) * 5 + (c.f as usize - 1)];
        cell.customers += 1;
        cell.revenue += c.monetary;
    }
    cells
}

fn totals(customers: &[RfmCustomer]) -> Vec<SegmentTotal> {
    let mut out: Vec<SegmentTotal> = Segment::ALL
        .iter()
        .map(|&segment| SegmentTotal {
            segment,
            customers: 0,
            revenue: 0.0,
        })
        .collect();
    for c in customers {
        let t = &mut out[c.segment as usize];
        t.customers += 1;
        t.revenue += c.monetary;
    }
    out
}

mod quintile;
mod runs;

pub use quintile::quintile_scores;
#[cfg(test)]
mod tests;
