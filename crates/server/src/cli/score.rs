//! `canal analyze score`: lead / contact scores from a rules file.

use super::args::{self, iso_time};
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
///
/// With --since DATE: who crossed a stage threshold between DATE and
/// --as-of, and why: contact_id, stage, at, score (just after the event),
/// trigger (the interaction rule whose event crossed the line).
/// With --explain CONTACT: that contact's score split by rule: family
/// (demographic, functional, interaction), rule, hits, points.
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
    /// List the stage crossings after the start of this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", conflicts_with = "explain")]
    pub since: Option<String>,
    /// Explain one contact's score (its e-mail, customer id or phone).
    #[arg(long, value_name = "CONTACT")]
    pub explain: Option<String>,
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
    let since = a
        .since
        .as_deref()
        .map(|d| args::day_start("--since", d))
        .transpose()?;
    if since.is_some_and(|s| s >= as_of) {
        return Err("--since must be before --as-of".into());
    }
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let s = score(&ds, &mut ctx, &events, &model, as_of, since)
        .map_err(|e| format!("{}: {e}", a.rules))?;
    let mut meta = Map::new();
    meta.insert("as_of".into(), json!(iso_time(as_of)));
    if let Some(key) = &a.explain {
        let key = key.trim();
        let id = super::common::find_contact(&ds, key)
            .ok_or_else(|| format!("--explain {key:?}: no such contact in the files"))?;
        let mut t = Table::new(format, stdout(), &["family", "rule", "hits", "points"])
            .map_err(|e| e.to_string())?;
        let res: std::io::Result<()> =
            s.breakdown(&ds, &events, &model, id)
                .iter()
                .try_for_each(|l| {
                    t.row(&[
                        Cell::Str(l.family),
                        Cell::Str(&l.rule),
                        Cell::Int(i64::from(l.hits)),
                        Cell::Num(l.points),
                    ])
                });
        written(res)?;
        meta.insert("contact".into(), json!(ds.keys.get(id)));
        meta.insert("total".into(), json!(s.total[id as usize]));
        return written(t.finish(meta));
    }
    if let Some(since) = since {
        let mut t = Table::new(
            format,
            stdout(),
            &["contact_id", "stage", "at", "score", "trigger"],
        )
        .map_err(|e| e.to_string())?;
        let res: std::io::Result<()> = s.crossings.iter().try_for_each(|c| {
            t.row(&[
                Cell::Str(ds.keys.get(c.contact)),
                Cell::Str(&c.stage),
                Cell::Text(iso_time(c.at)),
                Cell::Num(c.score),
                Cell::Str(&c.trigger),
            ])
        });
        written(res)?;
        meta.insert("since".into(), json!(iso_time(since)));
        return written(t.finish(meta));
    }
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
    written(t.finish(meta))
}
