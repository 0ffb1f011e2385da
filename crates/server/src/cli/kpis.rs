//! `canal analyze kpis`: channel KPIs over a period.

use super::common::{period, Files};
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::contact_index::sort_by_contact;
use canal_core::kpi::{kpis, kpis_compare, GroupBy, KpiQuery, KpiReport};
use serde_json::{json, Map};

/// Channel KPIs (SPEC §3): one row per channel, scope or campaign, then a
/// `total` row.
///
/// Output columns: group, sent, delivered, delivery_rate, opens,
/// machine_opens, open_rate, clicks, click_rate, ctor, unsubscribes,
/// unsubscribe_rate, complaints, complaint_rate, hard_bounce_rate,
/// conversions, conversion_rate, revenue, cost, roi. Rates are fractions,
/// empty when their denominator is 0. With --compare, a first column
/// `period` says `current` or `previous` (the period of the same length
/// just before).
#[derive(Debug, clap::Args)]
pub struct KpiArgs {
    #[command(flatten)]
    pub files: Files,
    /// First day (YYYY-MM-DD, included). Default: the first day of data.
    #[arg(long, value_name = "DATE")]
    pub period_from: Option<String>,
    /// Last day (YYYY-MM-DD, included). Default: the last day of data.
    #[arg(long, value_name = "DATE")]
    pub period_to: Option<String>,
    /// One row per channel, scope or campaign.
    #[arg(long, value_enum, default_value = "channel")]
    pub by: By,
    /// Also report the previous period of the same length.
    #[arg(long)]
    pub compare: bool,
}

/// `--by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Per channel.
    Channel,
    /// Per scope (engagement, lifecycle, support).
    Scope,
    /// Per campaign.
    Campaign,
}

const COLUMNS: &[&str] = &[
    "group",
    "sent",
    "delivered",
    "delivery_rate",
    "opens",
    "machine_opens",
    "open_rate",
    "clicks",
    "click_rate",
    "ctor",
    "unsubscribes",
    "unsubscribe_rate",
    "complaints",
    "complaint_rate",
    "hard_bounce_rate",
    "conversions",
    "conversion_rate",
    "revenue",
    "cost",
    "roi",
];

fn rows<'a>(period: Option<&'a str>, r: &'a KpiReport) -> Vec<Vec<Cell<'a>>> {
    r.rows
        .iter()
        .chain(std::iter::once(&r.total))
        .map(|row| {
            let (c, k) = (&row.counts, &row.kpis);
            let n = |x: u64| Cell::Int(x as i64);
            let mut cells: Vec<Cell<'a>> = period.map(Cell::Str).into_iter().collect();
            cells.extend([
                Cell::Str(&row.label),
                n(c.sent),
                n(k.delivered),
                Cell::opt(k.delivery_rate.value()),
                n(c.opens),
                n(c.machine_opens),
                Cell::opt(k.open_rate.value()),
                n(c.clicks),
                Cell::opt(k.click_rate.value()),
                Cell::opt(k.ctor.value()),
                n(c.unsubscribes),
                Cell::opt(k.unsubscribe_rate.value()),
                n(c.complaints),
                Cell::opt(k.complaint_rate.value()),
                Cell::opt(k.hard_bounce_rate.value()),
                n(c.conversions),
                Cell::opt(k.conversion_rate.value()),
                Cell::Num(k.revenue),
                Cell::Num(k.cost),
                Cell::opt(k.roi),
            ]);
            cells
        })
        .collect()
}

/// Runs `canal analyze kpis`.
pub fn run(a: &KpiArgs, format: Format) -> Result<(), String> {
    let mut ds = a.files.load()?;
    let p = period(&ds, a.period_from.as_deref(), a.period_to.as_deref())?;
    let group_by = match a.by {
        By::Channel => GroupBy::Channel,
        By::Scope => GroupBy::Scope,
        By::Campaign => GroupBy::Campaign,
    };
    let q = KpiQuery::new(p, group_by);
    let idx = sort_by_contact(&mut ds);
    let (current, previous) = if a.compare {
        let c = kpis_compare(&ds, &idx, &q);
        (c.current, Some(c.previous))
    } else {
        (kpis(&ds, &idx, &q), None)
    };
    let mut columns: Vec<&str> = Vec::new();
    if a.compare {
        columns.push("period");
    }
    columns.extend(COLUMNS);
    let mut t = Table::new(format, stdout(), &columns).map_err(|e| e.to_string())?;
    let mut all = rows(a.compare.then_some("current"), &current);
    if let Some(prev) = &previous {
        all.extend(rows(Some("previous"), prev));
    }
    let res: std::io::Result<()> = all.iter().try_for_each(|r| t.row(r));
    written(res)?;
    let mut meta = Map::new();
    let iso = super::args::iso_time;
    meta.insert(
        "period".into(),
        json!({"from": iso(p.from), "to": iso(p.to)}),
    );
    meta.insert(
        "unattributed_conversions".into(),
        json!(current.unattributed_conversions),
    );
    written(t.finish(meta))
}
