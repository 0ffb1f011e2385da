//! `canal analyze tiers`: customers A/B/C by share of revenue.

use super::load::{load, Source};
use super::output::{stdout, written, Cell, Format, Table};
use super::tier_name;
use canal_core::import::{Field, TableKind};
use canal_core::tiers::{tiers_in_period, TierConfig};
use canal_core::Dataset;
use serde_json::{json, Map};

/// Customer tiers (SPEC §4): sorted by revenue, A makes the first --a of
/// it, B up to --b, C the rest; equal revenues share a tier.
///
/// Output columns: customer_id, monetary, tier; largest customers first.
#[derive(Debug, clap::Args)]
pub struct TierArgs {
    /// Orders file (`-` reads stdin).
    pub file: String,
    /// Column with the customer. Default: suggested from the headers.
    #[arg(long, value_name = "COL")]
    pub customer: Option<String>,
    /// Column with the order date. Default: suggested.
    #[arg(long, value_name = "COL")]
    pub date: Option<String>,
    /// Column with the order amount. Default: suggested.
    #[arg(long, value_name = "COL")]
    pub amount: Option<String>,
    /// Cumulative share of revenue made by tier A.
    #[arg(long, default_value_t = 0.8)]
    pub a: f64,
    /// Cumulative share of revenue made by tiers A and B together.
    #[arg(long, default_value_t = 0.95)]
    pub b: f64,
}

/// Runs `canal analyze tiers`.
pub fn run(a: &TierArgs, format: Format) -> Result<(), String> {
    if !(0.0..=1.0).contains(&a.a) || !(a.a..=1.0).contains(&a.b) {
        return Err("--a and --b are shares with 0 ≤ a ≤ b ≤ 1 (e.g. --a 0.8 --b 0.95)".into());
    }
    let src = Source {
        kind: Some(TableKind::Orders),
        ..Source::new(&a.file)
    }
    .column(a.customer.as_ref(), Field::ContactId)
    .column(a.date.as_ref(), Field::Timestamp)
    .column(a.amount.as_ref(), Field::Amount);
    let mut ds = Dataset::default();
    let loaded = load(&mut ds, &src, false)?;
    if ds.orders.is_empty() {
        return Err(format!(
            "no order could be read from {} ({} rows, {} errors)",
            a.file, loaded.report.rows_read, loaded.report.errors_total
        ));
    }
    let config = TierConfig {
        a_percent: a.a * 100.0,
        b_percent: (a.b - a.a) * 100.0,
    };
    let r = tiers_in_period(&ds, i64::MIN, i64::MAX, &config);
    let mut t = Table::new(format, stdout(), &["customer_id", "monetary", "tier"])
        .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = r.members.iter().try_for_each(|m| {
        t.row(&[
            Cell::Str(ds.keys.try_get(m.contact).unwrap_or("")),
            Cell::Num(m.monetary),
            Cell::Str(tier_name(m.tier)),
        ])
    });
    written(res)?;
    let mut meta = Map::new();
    meta.insert(
        "totals".into(),
        json!(r
            .totals
            .iter()
            .map(
                |t| json!({"tier": tier_name(t.tier), "customers": t.customers,
                "revenue": super::output::round6(t.revenue)})
            )
            .collect::<Vec<_>>()),
    );
    written(t.finish(meta))
}
