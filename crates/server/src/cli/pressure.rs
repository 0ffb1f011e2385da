//! `canal analyze pressure`: marketing pressure per contact.

use super::args::iso_time;
use super::common::{at, Files};
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::by_contact::ContactEvents;
use canal_core::pressure::{Pressure, PressureConfig, SkipReason};
use serde_json::{json, Map};

/// Marketing pressure (SPEC §6) at a moment: Σ weight(channel) ×
/// 0.5^(age / half-life) over the messages a contact got (outbound sent,
/// call, custom), and whether the default contact rules (at most 4
/// messages in 7 days, 24 h between two, pressure below 5) allow another.
///
/// Output columns: contact_id, pressure, eligible, next_eligible, reasons
/// (cap, spacing, pressure; `;`-separated). One row per contact with events.
#[derive(Debug, clap::Args)]
pub struct PressureArgs {
    #[command(flatten)]
    pub files: Files,
    /// Half-life of a message's impact, in days.
    #[arg(long, default_value_t = 14.0)]
    pub half_life_days: f64,
    /// The moment (start of that day, YYYY-MM-DD). Default: the start of
    /// the day after the last event.
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
}

fn reason(r: &SkipReason) -> &'static str {
    match r {
        SkipReason::NoConsent { .. } => "no_consent",
        SkipReason::Cap { .. } => "cap",
        SkipReason::Spacing { .. } => "spacing",
        SkipReason::Pressure { .. } => "pressure",
        SkipReason::Duplicate => "duplicate",
    }
}

/// Runs `canal analyze pressure`.
pub fn run(a: &PressureArgs, format: Format) -> Result<(), String> {
    if !(a.half_life_days.is_finite() && a.half_life_days > 0.0) {
        return Err("--half-life-days must be a positive number".into());
    }
    let ds = a.files.load()?;
    let t_at = at(&ds, "--at", a.at.as_deref())?;
    let config = PressureConfig {
        half_life_days: a.half_life_days,
        ..PressureConfig::default()
    };
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let p = Pressure::new(&ds, &events, &config);
    let mut t = Table::new(
        format,
        stdout(),
        &[
            "contact_id",
            "pressure",
            "eligible",
            "next_eligible",
            "reasons",
        ],
    )
    .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = (0..ds.contact_count() as u32)
        .filter(|&c| !events.rows(c).is_empty())
        .try_for_each(|c| {
            let e = p.eligibility(c, None, t_at);
            let reasons: Vec<&str> = e.reasons.iter().map(reason).collect();
            t.row(&[
                Cell::Str(ds.keys.get(c)),
                Cell::Num(e.pressure),
                Cell::Str(if e.reasons.is_empty() { "yes" } else { "no" }),
                e.next_eligible
                    .map_or(Cell::Null, |n| Cell::Text(iso_time(n))),
                Cell::Text(reasons.join(";")),
            ])
        });
    written(res)?;
    let mut meta = Map::new();
    meta.insert("at".into(), json!(iso_time(t_at)));
    meta.insert("half_life_days".into(), json!(a.half_life_days));
    written(t.finish(meta))
}
