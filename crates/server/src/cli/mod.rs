//! `canal analyze …`: the analyses of the app, natively, on CSV files.
//!
//! Every subcommand reads its files through the same streaming importer as
//! the browser (so a file reads the same way in both), runs one analysis of
//! `canal-core`, and writes a table on stdout: CSV by default, JSON with
//! `--format json`. Rows that cannot be read are reported on stderr as
//! `line N: reason` (prefixed by the file name when several files are read)
//! and the analysis runs on the rest, exiting 0. When it cannot run at all
//! (unreadable file, no usable columns, unknown step, …) the command prints
//! why and exits non-zero.

pub mod args;
pub mod by_column;
pub mod common;
pub mod funnel;
pub mod identity;
pub mod kpis;
pub mod load;
pub mod output;
pub mod pressure;
pub mod reactivation;
pub mod rfm;
pub mod rows;
pub mod score;
pub mod tiers;
pub mod timeline;

pub use output::Format;

use canal_core::identity::CountryCode;

/// `canal analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "csv", global = true)]
    pub format: Format,
    /// Threads that read one large event file in parts (default: the
    /// machine's cores; 1 reads every file in one pass).
    #[arg(long, global = true, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// Country of phone numbers written without an international prefix,
    /// as an ISO code (US, FR, …; default ES): `(415) 555-0100` is
    /// +14155550100 with US. It decides which contacts national numbers
    /// key and link.
    #[arg(
        long,
        global = true,
        value_name = "CC",
        alias = "default-country",
        value_parser = args::phone_country
    )]
    pub phone_country: Option<CountryCode>,
    /// The analysis.
    #[command(subcommand)]
    pub command: AnalyzeCommand,
}

/// The analyses.
#[derive(Debug, clap::Subcommand)]
pub enum AnalyzeCommand {
    /// RFM scores and segments per customer, from an orders file.
    Rfm(rfm::RfmArgs),
    /// Funnel drop-off over ordered steps, from an events file.
    Funnel(funnel::FunnelArgs),
    /// Channel KPIs (sent, delivered, open, click, conversion rates, ROI).
    Kpis(kpis::KpiArgs),
    /// Dormant contacts that came back, credited to channels.
    Reactivation(reactivation::ReactivationArgs),
    /// Customer tiers A/B/C by share of revenue, from an orders file.
    Tiers(tiers::TierArgs),
    /// The merge map of records that are one person, from a contacts file.
    Identity(identity::IdentityArgs),
    /// Lead / contact scores from a scoring model (JSON).
    Score(score::ScoreArgs),
    /// Marketing pressure and eligibility per contact.
    Pressure(pressure::PressureArgs),
    /// One contact's events in time order.
    Timeline(timeline::TimelineArgs),
}

/// Runs one `canal analyze` subcommand; `Err` is the message for a run that
/// could not happen.
pub fn run(args: &AnalyzeArgs) -> Result<(), String> {
    if let Some(n) = args.threads {
        load::set_threads(usize::from(n));
    }
    load::set_phone_country(args.phone_country);
    match &args.command {
        AnalyzeCommand::Rfm(a) => rfm::run(a, args.format),
        AnalyzeCommand::Funnel(a) => funnel::run(a, args.format),
        AnalyzeCommand::Kpis(a) => kpis::run(a, args.format),
        AnalyzeCommand::Reactivation(a) => reactivation::run(a, args.format),
        AnalyzeCommand::Tiers(a) => tiers::run(a, args.format),
        AnalyzeCommand::Identity(a) => identity::run(a, args.format),
        AnalyzeCommand::Score(a) => score::run(a, args.format),
        AnalyzeCommand::Pressure(a) => pressure::run(a, args.format),
        AnalyzeCommand::Timeline(a) => timeline::run(a, args.format),
    }
}

/// The letter of a tier.
pub fn tier_name(t: canal_core::tiers::Tier) -> &'static str {
    t.as_str()
}
