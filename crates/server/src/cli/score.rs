//! `canal analyze score`: lead / contact scores from a rules file.

use super::args::iso_time;
use super::common::{at, Files};
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::by_contact::ContactEvents;
use canal_core::model::DAY;
use canal_core::rfm::{date_of_day, rfm, RfmOptions};
use canal_core::rules::SegmentContext;
use canal_core::scoring::{score, ScoringModel};
use canal_core::tiers::{tiers_in_period, TierConfig};
use serde_json::{json, Map};

/// Contact scores (SPEC §5) from a scoring model in JSON: `demographic`
/// and `functional` rules (conditions on attributes, RFM segment, tier, …)
/// give the fit score; `interaction` rules give decayed points per event
/// (the engagement score); `stages` name thresholds. Example:
/// {"interaction": [{"id": "clicks", "kind": "clicked", "points": 5}],
///  "half_life_days": 30, "stages": [{"name": "MQL", "min_score": 50}]}
///
/// Output columns: contact_id, fit, engagement, total, stage (the highest
/// stage reached, empty for none). One row per contact.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub files: Files,
    /// The scoring model (JSON).
    #[arg(long, value_name = "RULES.json")]
    pub rules: String,
    /// Score as of the start of this day (YYYY-MM-DD). Default: the start
    /// of the day after the last event or order.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Runs `canal analyze score`.
pub fn run(a: &ScoreArgs, format: Format) -> Result<(), String> {
    let text =
        std::fs::read_to_string(&a.rules).map_err(|e| format!("cannot read {}: {e}", a.rules))?;
    let model: ScoringModel = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a scoring model: {e}", a.rules))?;
    let ds = a.files.load()?;
    let as_of = at(&ds, "--as-of", a.as_of.as_deref())?;
    let mut ctx = SegmentContext::new(&ds, as_of);
    if !ds.orders.is_empty() {
        // RFM as of the same day the scores are.
        let day = date_of_day(as_of.div_euclid(DAY));
        ctx.set_rfm(&rfm(&ds, &RfmOptions { as_of: Some(day) }));
        ctx.set_tiers(&tiers_in_period(
            &ds,
            i64::MIN,
            as_of,
            &TierConfig::default(),
        ));
    }
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let s = score(&ds, &mut ctx, &events, &model, as_of, None)
        .map_err(|e| format!("{}: {e}", a.rules))?;
    let mut t = Table::new(
        format,
        stdout(),
        &["contact_id", "fit", "engagement", "total", "stage"],
    )
    .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = (0..ds.contact_count()).try_for_each(|c| {
        let stage = s
            .stage
            .get(c)
            .and_then(|&k| model.stages.get(k as usize))
            .map_or("", |st| st.name.as_str());
        t.row(&[
            Cell::Str(ds.keys.get(c as u32)),
            Cell::Num(s.fit.get(c).copied().unwrap_or(0.0)),
            Cell::Num(s.engagement.get(c).copied().unwrap_or(0.0)),
            Cell::Num(s.total.get(c).copied().unwrap_or(0.0)),
            Cell::Str(stage),
        ])
    });
    written(res)?;
    let mut meta = Map::new();
    meta.insert("as_of".into(), json!(iso_time(as_of)));
    written(t.finish(meta))
}
