//! `canal analyze timeline`: one contact's events in time order.

use super::args::iso_time;
use super::common::Files;
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::by_contact::ContactEvents;
use canal_core::timeline::{timeline, TimelineFilter};
use serde_json::{json, Map};

/// One contact's history across channels (SPEC §8), oldest first; equal
/// times keep file order. Replies are threaded to the message they answer.
///
/// Output columns: time, channel, kind, direction, scope, campaign, name,
/// value, thread (the id of the conversation the event belongs to).
#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub files: Files,
    /// The contact: its e-mail, customer id or phone as in the files.
    #[arg(long, value_name = "KEY")]
    pub contact: String,
}

/// Runs `canal analyze timeline`.
pub fn run(a: &TimelineArgs, format: Format) -> Result<(), String> {
    let ds = a.files.load()?;
    let key = a.contact.trim();
    // Any of a contact's keys finds it (an e-mail or a customer id that is
    // its alias, a phone as written in any way).
    let id = super::common::find_contact(&ds, key)
        .ok_or_else(|| format!("--contact {key:?}: no such contact in the files"))?;
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let tl = timeline(&ds, &events, &[id], &TimelineFilter::default());
    let mut t = Table::new(
        format,
        stdout(),
        &[
            "time",
            "channel",
            "kind",
            "direction",
            "scope",
            "campaign",
            "name",
            "value",
            "thread",
        ],
    )
    .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = tl.days.iter().flat_map(|d| &d.items).try_for_each(|i| {
        t.row(&[
            Cell::Text(iso_time(i.ts)),
            Cell::Str(i.channel.as_str()),
            Cell::Str(i.kind.as_str()),
            Cell::Str(i.direction.as_str()),
            Cell::Str(i.scope.as_str()),
            i.campaign.as_deref().map_or(Cell::Null, Cell::Str),
            i.name.as_deref().map_or(Cell::Null, Cell::Str),
            i.value.map_or(Cell::Null, |v| Cell::Num(f64::from(v))),
            i.thread.map_or(Cell::Null, |n| Cell::Int(i64::from(n))),
        ])
    });
    written(res)?;
    let mut meta = Map::new();
    meta.insert("contact".into(), json!(ds.keys.get(id)));
    meta.insert("events".into(), json!(tl.total));
    written(t.finish(meta))
}
