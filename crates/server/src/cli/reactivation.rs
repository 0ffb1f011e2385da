//! `canal analyze reactivation`: dormant contacts that came back, credited
//! to channels.

use super::common::{period, Files};
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::contact_index::sort_by_contact;
use canal_core::model::DAY;
use canal_core::reactivation::{reactivation, Attribution, ReactivationQuery};
use serde_json::{json, Map};

/// Reactivations per channel (SPEC §3): a contact inactive for more than
/// --dormant-days becomes active again (purchase, session, visit, inbound
/// message, order) and the channel of the message it got in the
/// --window-days before gets the credit.
///
/// Output columns: channel, credited, dormant_reached, rate. credited is
/// fractional under linear attribution; rate = credited / dormant contacts
/// reached on the channel in the period. JSON adds the totals.
#[derive(Debug, clap::Args)]
pub struct ReactivationArgs {
    #[command(flatten)]
    pub files: Files,
    /// Days without activity after which a contact is dormant.
    #[arg(long, default_value_t = 90)]
    pub dormant_days: u32,
    /// Days before a reactivation in which messages get the credit.
    #[arg(long, default_value_t = 7)]
    pub window_days: u32,
    /// Which message gets the credit.
    #[arg(long, value_enum, default_value = "last")]
    pub attribution: AttributionArg,
    /// First day counted (YYYY-MM-DD). Default: the first day of data.
    #[arg(long, value_name = "DATE")]
    pub period_from: Option<String>,
    /// Last day counted (YYYY-MM-DD). Default: the last day of data.
    #[arg(long, value_name = "DATE")]
    pub period_to: Option<String>,
}

/// `--attribution`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AttributionArg {
    /// The latest message in the window.
    Last,
    /// The earliest message in the window.
    First,
    /// Every message in the window, equally.
    Linear,
}

/// Runs `canal analyze reactivation`.
pub fn run(a: &ReactivationArgs, format: Format) -> Result<(), String> {
    let mut ds = a.files.load()?;
    let mut q = ReactivationQuery::new(period(
        &ds,
        a.period_from.as_deref(),
        a.period_to.as_deref(),
    )?);
    q.dormancy = i64::from(a.dormant_days) * DAY;
    q.window = i64::from(a.window_days) * DAY;
    q.attribution = match a.attribution {
        AttributionArg::Last => Attribution::LastTouch,
        AttributionArg::First => Attribution::FirstTouch,
        AttributionArg::Linear => Attribution::Linear,
    };
    let idx = sort_by_contact(&mut ds);
    let r = reactivation(&ds, &idx, &q);
    let mut t = Table::new(
        format,
        stdout(),
        &["channel", "credited", "dormant_reached", "rate"],
    )
    .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = r.channels.iter().try_for_each(|c| {
        t.row(&[
            Cell::Str(c.channel.as_str()),
            Cell::Num(c.credited),
            Cell::Int(c.dormant_reached as i64),
            Cell::opt(c.rate),
        ])
    });
    written(res)?;
    let mut meta = Map::new();
    meta.insert("reactivations".into(), json!(r.reactivations));
    meta.insert("uncredited".into(), json!(r.uncredited));
    meta.insert("dormant_at_start".into(), json!(r.dormant_at_start));
    written(t.finish(meta))
}
