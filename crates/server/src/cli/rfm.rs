//! `canal analyze rfm`: recency, frequency and monetary value per customer.

use super::args;
use super::load::{load, Source};
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::import::{Field, TableKind};
use canal_core::rfm::{rfm, RfmOptions, EXPORT_COLUMNS};
use canal_core::tiers::{Tier, TierConfig};
use canal_core::Dataset;
use serde_json::{json, Map};

/// RFM scores and segments, one row per customer (SPEC §4).
///
/// Output columns: customer_id, recency_days, frequency, monetary, r, f, m,
/// segment, tier. Scores are 1–5, 5 best; tied values share a score:
/// 1 + floor(5 × customers with a strictly worse value / customers).
/// The tier is A/B/C by share of revenue (80 % / 15 % / rest).
#[derive(Debug, clap::Args)]
pub struct RfmArgs {
    /// Orders file (CSV or CSV.gz; `-` reads stdin).
    pub file: String,
    /// Column with the customer (e-mail, id or phone). Default: suggested
    /// from the headers.
    #[arg(long, value_name = "COL")]
    pub customer: Option<String>,
    /// Column with the order date. Default: suggested.
    #[arg(long, value_name = "COL")]
    pub date: Option<String>,
    /// Column with the order amount. Default: suggested.
    #[arg(long, value_name = "COL")]
    pub amount: Option<String>,
    /// Column with the order id: frequency then counts distinct order ids.
    /// Without it every row is one order.
    #[arg(long, value_name = "COL")]
    pub order_id: Option<String>,
    /// Reference date (YYYY-MM-DD); orders after it are ignored. Default:
    /// the day after the last order.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Runs `canal analyze rfm`.
pub fn run(a: &RfmArgs, format: Format) -> Result<(), String> {
    let as_of = a
        .as_of
        .as_deref()
        .map(|s| args::date("--as-of", s))
        .transpose()?;
    let src = Source {
        kind: Some(TableKind::Orders),
        unmap: if a.order_id.is_none() {
            vec![Field::OrderId]
        } else {
            Vec::new()
        },
        ..Source::new(&a.file)
    }
    .column(a.customer.as_ref(), Field::ContactId)
    .column(a.date.as_ref(), Field::Timestamp)
    .column(a.amount.as_ref(), Field::Amount)
    .column(a.order_id.as_ref(), Field::OrderId);
    let mut ds = Dataset::default();
    let loaded = load(&mut ds, &src, false)?;
    if ds.orders.is_empty() {
        return Err(format!(
            "no order could be read from {} ({} rows, {} errors)",
            a.file, loaded.report.rows_read, loaded.report.errors_total
        ));
    }
    let res = rfm(&ds, &RfmOptions { as_of });
    let tiers = res.tiers(&ds, &TierConfig::default());
    let mut t = Table::new(format, stdout(), &EXPORT_COLUMNS).map_err(|e| e.to_string())?;
    let write = |t: &mut Table<_>| -> std::io::Result<()> {
        for c in &res.customers {
            let tier = tiers.get(c.contact).map_or("", Tier::as_str);
            t.row(&[
                Cell::Str(ds.keys.try_get(c.contact).unwrap_or("")),
                Cell::Int(i64::from(c.recency_days)),
                Cell::Int(i64::from(c.frequency)),
                Cell::Num(c.monetary),
                Cell::Int(i64::from(c.r)),
                Cell::Int(i64::from(c.f)),
                Cell::Int(i64::from(c.m)),
                Cell::Str(c.segment.as_str()),
                Cell::Str(tier),
            ])?;
        }
        Ok(())
    };
    written(write(&mut t))?;
    let mut meta = Map::new();
    meta.insert("as_of".into(), json!(res.as_of.map(|d| d.to_string())));
    meta.insert("customers".into(), json!(res.customers.len()));
    meta.insert(
        "segments".into(),
        json!(res
            .segments
            .iter()
            .map(|s| json!({"segment": s.segment.as_str(), "customers": s.customers, "revenue": super::output::round6(s.revenue)}))
            .collect::<Vec<_>>()),
    );
    written(t.finish(meta))
}
