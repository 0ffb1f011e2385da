//! `canal analyze funnel`: how many contacts (or sessions) go through
//! ordered steps, and where they drop off.

use super::args;
use super::by_column;
use super::load::load_all;
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::contact_index::sort_by_contact;
use canal_core::funnel::{
    attribute_column, funnel, Breakdown, FunnelGroup, FunnelQuery, OrderMode, Step, StepMatch, Unit,
};
use canal_core::import::{Field, TableKind};
use canal_core::model::NONE;
use canal_core::rate::Period;
use canal_core::{Dataset, EventKind};
use serde_json::{json, Map};

/// Funnel drop-off over ordered steps (SPEC §3).
///
/// Output columns: group, step_no, step, entered, step_conversion,
/// drop_off, overall_conversion. `group` is ALL, then one group per value
/// of --by. step_conversion = entered / entered at the previous step;
/// drop_off = 1 − step_conversion; overall_conversion = entered / entered at
/// step 1. Rates are fractions (0.5), empty when there is nothing to divide.
///
/// The funnel covers all the data and is evaluated as of the last event in
/// the file: a unit whose window is still open then (it could still make
/// its next step after the data ends) is in progress, counted neither as
/// entered nor as dropped off. JSON reports those counts (in_progress per
/// step and per group); CSV leaves them out.
#[derive(Debug, clap::Args)]
pub struct FunnelArgs {
    /// The events file (`-` reads stdin); then, optionally, a contacts file
    /// whose columns --by can name.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// The steps, in order, comma-separated: event names as written in the
    /// file (e.g. view_item,add_to_cart,purchase) or event kinds (opened,
    /// clicked, purchase, …).
    #[arg(long, required = true, value_delimiter = ',')]
    pub steps: Vec<String>,
    /// Column with the contact (e-mail, id or phone) in the events file.
    #[arg(long, value_name = "COL")]
    pub contact: Option<String>,
    /// Column with the session id in the events file.
    #[arg(long, value_name = "COL")]
    pub session: Option<String>,
    /// Column with the event name the steps are matched against.
    #[arg(long, value_name = "COL")]
    pub event: Option<String>,
    /// Column with the event time.
    #[arg(long, value_name = "COL")]
    pub time: Option<String>,
    /// What walks through the funnel: one run per contact, or per session.
    #[arg(long, value_enum, default_value = "contact")]
    pub unit: UnitArg,
    /// strict: each step is the very next event; ordered: steps in order,
    /// other events between are fine; any: the first step first, the rest in
    /// any order.
    #[arg(long, value_enum, default_value = "ordered")]
    pub order: OrderArg,
    /// Longest time from the first step to any other: 14d, 36h, 30m, 90s,
    /// or none.
    #[arg(long, default_value = "14d", value_name = "DURATION")]
    pub window: String,
    /// Split by `channel` (of the first step's event), by a column of the
    /// contacts file (e.g. country), or by a column of the events file: each
    /// contact then takes its last non-empty value there (read in a second
    /// pass, so not from stdin or a pipe).
    #[arg(long, value_name = "COL")]
    pub by: Option<String>,
    /// The kind of a file when sniffing guesses wrong: FILE=KIND (contacts,
    /// events, orders, campaigns, consent). Repeatable.
    #[arg(long, value_name = "FILE=KIND")]
    pub kind: Vec<String>,
}

/// `--unit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UnitArg {
    /// One run per contact.
    Contact,
    /// One run per session of a contact; events without a session are left out.
    Session,
}

/// `--order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    /// Each step is the unit's very next event.
    Strict,
    /// Each step comes some time after the previous one.
    Ordered,
    /// The first step first, the rest in any order.
    Any,
}

/// The distinct event names of `ds`, in first-seen order.
fn event_names(ds: &Dataset) -> Vec<&str> {
    let mut seen = vec![false; ds.names.len()];
    let mut out = Vec::new();
    for &n in &ds.events.name {
        if n != NONE && !std::mem::replace(&mut seen[n as usize], true) {
            out.push(ds.names.get(n));
        }
    }
    out
}

/// A step name as an event name of the file (exactly, else ignoring case),
/// else as an event kind.
fn step_match(ds: &Dataset, names: &[&str], step: &str) -> Result<StepMatch, String> {
    if let Some(&n) = names.iter().find(|&&n| n == step) {
        return StepMatch::name(ds, n).ok_or_else(|| step.to_owned());
    }
    if let Some(&n) = names.iter().find(|n| n.eq_ignore_ascii_case(step)) {
        return StepMatch::name(ds, n).ok_or_else(|| step.to_owned());
    }
    if let Some(k) = EventKind::parse(step) {
        return Ok(StepMatch::Kind(k));
    }
    let mut shown: Vec<&str> = names.iter().take(20).copied().collect();
    if names.len() > 20 {
        shown.push("…");
    }
    Err(format!(
        "unknown step '{step}': no event is named so and it is not an event kind (event names in the file: {})",
        shown.join(", ")
    ))
}

/// Runs `canal analyze funnel`.
pub fn run(a: &FunnelArgs, format: Format) -> Result<(), String> {
    let window = args::duration("--window", &a.window)?;
    if a.steps.iter().any(|s| s.trim().is_empty()) {
        return Err("--steps has an empty step".into());
    }
    let mut sources = super::load::sources(&a.files, &a.kind)?;
    let first = &mut sources[0];
    first.kind = first.kind.or(Some(TableKind::Events));
    if a.event.is_some() {
        // The named column is the event's name; another name column would
        // take precedence over it.
        first.unmap.push(Field::EventName);
    }
    sources[0] = std::mem::take(&mut sources[0])
        .column(a.contact.as_ref(), Field::ContactId)
        .column(a.session.as_ref(), Field::Session)
        .column(a.event.as_ref(), Field::EventType)
        .column(a.time.as_ref(), Field::Timestamp);
    let mut ds = Dataset::default();
    let loaded = load_all(&mut ds, &sources)?;
    let Some(&as_of) = ds.events.ts.iter().max() else {
        return Err(format!(
            "no event could be read from {} ({} rows, {} errors)",
            a.files[0], loaded[0].report.rows_read, loaded[0].report.errors_total
        ));
    };
    if a.unit == UnitArg::Session && ds.events.session.iter().all(|&s| s == NONE) {
        return Err(
            "--unit session: the events have no session id; name its column with --session".into(),
        );
    }
    let names = event_names(&ds);
    let steps = a
        .steps
        .iter()
        .map(|s| Ok(Step::new(step_match(&ds, &names, s.trim())?, s.trim())))
        .collect::<Result<Vec<_>, String>>()?;
    if steps.len() > 64 {
        return Err("--steps: at most 64 steps".into());
    }
    let breakdown = match a.by.as_deref() {
        None => Breakdown::None,
        Some(c) if c.eq_ignore_ascii_case("channel") => Breakdown::Channel,
        Some(c) => {
            // Known attributes always have a column; an empty one means no
            // contacts file gave it.
            let given = attribute_column(&ds, c).is_some_and(|col| col.iter().any(|&v| v != NONE));
            if given {
                Breakdown::Attribute(c.to_owned())
            } else {
                let report = &loaded[0].report;
                let Some(col) = by_column::find(&report.headers, c) else {
                    return Err(format!(
                        "--by {c}: not `channel`, a column of {} nor of a contacts file",
                        a.files[0]
                    ));
                };
                if !super::load::rereadable(&a.files[0]) {
                    return Err(format!(
                        "--by {c}: a column of the events file is read in a second pass, which stdin or a pipe cannot give; pass a file"
                    ));
                }
                // A name no contacts file uses, so the lookup finds this one.
                let name = format!("{c} (events)");
                by_column::add(&mut ds, &a.files[0], &report.mapping, col, &name)?;
                Breakdown::Attribute(name)
            }
        }
    };
    let mut q = FunnelQuery::new(steps, Period::ALL, as_of);
    q.window = window;
    q.mode = match a.order {
        OrderArg::Strict => OrderMode::Strict,
        OrderArg::Ordered => OrderMode::Ordered,
        OrderArg::Any => OrderMode::Any,
    };
    q.unit = match a.unit {
        UnitArg::Contact => Unit::Contact,
        UnitArg::Session => Unit::Session,
    };
    q.breakdown = breakdown;
    let idx = sort_by_contact(&mut ds);
    let report = funnel(&ds, &idx, &q);

    let mut t = Table::with_json_only(
        format,
        stdout(),
        &[
            "group",
            "step_no",
            "step",
            "entered",
            "step_conversion",
            "drop_off",
            "overall_conversion",
        ],
        &["in_progress", "mean_secs", "median_secs"],
    )
    .map_err(|e| e.to_string())?;
    let groups: Vec<(&str, &FunnelGroup)> = std::iter::once(("ALL", &report.total))
        .chain(report.groups.iter().map(|g| (g.label.as_str(), g)))
        .collect();
    let write = |t: &mut Table<_>| -> std::io::Result<()> {
        for (label, g) in &groups {
            let first = g.steps.first().map_or(0, |s| s.entered);
            for (k, s) in g.steps.iter().enumerate() {
                let overall = canal_core::rate::Rate::new(s.entered, first);
                t.row(&[
                    Cell::Str(label),
                    Cell::Int(k as i64 + 1),
                    Cell::Str(&s.label),
                    Cell::Int(s.entered as i64),
                    Cell::opt(s.conversion.value()),
                    Cell::opt(s.drop_off.value()),
                    Cell::opt(overall.value()),
                    Cell::Int(s.in_progress as i64),
                    Cell::opt(s.mean_secs),
                    Cell::opt(s.median_secs),
                ])?;
            }
        }
        Ok(())
    };
    written(write(&mut t))?;
    let mut meta = Map::new();
    meta.insert("as_of".into(), json!(args::iso_time(as_of)));
    meta.insert("window_secs".into(), json!(window));
    meta.insert(
        "in_progress".into(),
        json!(groups
            .iter()
            .map(|(label, g)| json!({"group": label, "units": g.in_progress}))
            .collect::<Vec<_>>()),
    );
    written(t.finish(meta))
}
