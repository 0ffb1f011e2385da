//! `canal analyze pressure`: marketing pressure per contact, and the
//! simulation of a planned send.

use super::args::iso_time;
use super::common::{at, Files};
use super::output::{stdout, written, Cell, Format, Table};
use canal_core::by_contact::ContactEvents;
use canal_core::model::Channel;
use canal_core::pressure::{Cap, PlannedSend, Pressure, PressureConfig, SkipReason};
use canal_core::rules::{Rule, SegmentContext};
use serde_json::{json, Map};

/// Marketing pressure (SPEC §6) at a moment: Σ weight(channel) ×
/// 0.5^(age / half-life) over the messages a contact got (outbound sent,
/// call, custom), and whether the contact rules allow another message.
/// Default rules: at most 4 messages in 7 days, 24 h between two, pressure
/// below 5; weights store 10, phone 5, SMS 2, web and blog 0, others 1.
///
/// Output columns: contact_id, pressure, eligible, next_eligible, reasons
/// (cap, spacing, pressure; `;`-separated). One row per contact with events.
///
/// With --simulate CHANNEL: the planned send of a message on CHANNEL at
/// --at to the contacts of --segment (everyone by default). Columns:
/// contact_id, decision (send or skip), pressure, next_eligible, reasons
/// (no_consent, cap, spacing, pressure, duplicate). --subject applies the
/// consent of that subject on the channel (SPEC §6): only opted-in
/// contacts are sent to.
#[derive(Debug, clap::Args)]
pub struct PressureArgs {
    #[command(flatten)]
    pub files: Files,
    /// All weights and rules as JSON (the fields of the flags below:
    /// half_life_days, weights [per channel code], kind_weights, caps
    /// [{channel, max, period_days}], min_spacing_hours, max_pressure);
    /// missing fields keep their defaults, flags override the file.
    #[arg(long, value_name = "CONFIG.json")]
    pub config: Option<String>,
    /// Half-life of a message's impact, in days (default 14).
    #[arg(long)]
    pub half_life_days: Option<f64>,
    /// A channel's weight: CHANNEL=W (e.g. sms=3). Repeatable.
    #[arg(long, value_name = "CHANNEL=W")]
    pub weight: Vec<String>,
    /// A cap: at most N messages in any D days, on every channel (N/D) or
    /// one channel (CHANNEL:N/D). Repeatable; replaces the default cap.
    #[arg(long, value_name = "[CHANNEL:]N/D")]
    pub cap: Vec<String>,
    /// Minimum hours between two messages on any channel (default 24).
    #[arg(long, value_name = "HOURS")]
    pub min_spacing_hours: Option<u32>,
    /// Pressure at or above which nothing is sent, or `none` (default 5).
    #[arg(long, value_name = "X|none")]
    pub max_pressure: Option<String>,
    /// The moment (start of that day, YYYY-MM-DD). Default: the start of
    /// the day after the last event.
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Simulate a send on this channel at --at instead of listing pressure.
    #[arg(long, value_name = "CHANNEL")]
    pub simulate: Option<String>,
    /// Who the simulated send goes to: a segment rule (JSON, as in the app's
    /// segment builder). Default: every contact.
    #[arg(long, value_name = "RULE.json", requires = "simulate")]
    pub segment: Option<String>,
    /// The consent subject of the simulated send (e.g. newsletter).
    #[arg(long, requires = "simulate")]
    pub subject: Option<String>,
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

fn channel(option: &str, s: &str) -> Result<Channel, String> {
    Channel::parse(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "{option} {s:?} is not a channel (one of {})",
            names.join(", ")
        )
    })
}

fn cap(s: &str) -> Result<Cap, String> {
    let bad = || format!("--cap {s:?} is not N/D or CHANNEL:N/D (e.g. 4/7 or sms:2/30)");
    let (ch, rest) = match s.split_once(':') {
        Some((c, rest)) => (Some(channel("--cap", c)?), rest),
        None => (None, s),
    };
    let (n, d) = rest.split_once('/').ok_or_else(bad)?;
    let max = n.trim().parse().map_err(|_| bad())?;
    let period_days: u32 = d.trim().parse().map_err(|_| bad())?;
    if period_days == 0 {
        return Err(bad());
    }
    Ok(Cap {
        channel: ch,
        max,
        period_days,
    })
}

/// The configuration from --config and the flags, validated.
pub fn config(a: &PressureArgs) -> Result<PressureConfig, String> {
    let mut c = match &a.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            serde_json::from_str(&text)
                .map_err(|e| format!("{path} is not a pressure configuration: {e}"))?
        }
        None => PressureConfig::default(),
    };
    if let Some(h) = a.half_life_days {
        c.half_life_days = h;
    }
    if !(c.half_life_days.is_finite() && c.half_life_days > 0.0) {
        return Err("--half-life-days must be a positive number".into());
    }
    c.weights.resize(Channel::ALL.len(), 1.0);
    for w in &a.weight {
        let bad = || format!("--weight {w:?} is not CHANNEL=W with W ≥ 0 (e.g. sms=3)");
        let (ch, v) = w.split_once('=').ok_or_else(bad)?;
        let ch = channel("--weight", ch)?;
        let v: f64 = v.trim().parse().map_err(|_| bad())?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(bad());
        }
        c.weights[ch.code() as usize] = v;
    }
    if !a.cap.is_empty() {
        c.caps = a.cap.iter().map(|s| cap(s)).collect::<Result<_, _>>()?;
    }
    if let Some(h) = a.min_spacing_hours {
        c.min_spacing_hours = h;
    }
    if let Some(m) = &a.max_pressure {
        c.max_pressure = if m.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            let v: f64 = m
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v > 0.0)
                .ok_or_else(|| format!("--max-pressure {m:?} is not a positive number or none"))?;
            Some(v)
        };
    }
    Ok(c)
}

/// Runs `canal analyze pressure`.
pub fn run(a: &PressureArgs, format: Format) -> Result<(), String> {
    let config = config(a)?;
    let simulate = a
        .simulate
        .as_deref()
        .map(|s| channel("--simulate", s))
        .transpose()?;
    let segment: Option<Rule> = match &a.segment {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Some(
                serde_json::from_str(&text)
                    .map_err(|e| format!("{path} is not a segment rule: {e}"))?,
            )
        }
        None => None,
    };
    let ds = a.files.load()?;
    let t_at = at(&ds, "--at", a.at.as_deref())?;
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    let p = Pressure::new(&ds, &events, &config);
    let mut meta = Map::new();
    meta.insert("at".into(), json!(iso_time(t_at)));
    meta.insert("config".into(), json!(config));
    if let Some(ch) = simulate {
        let contacts: Vec<u32> = match &segment {
            Some(rule) => {
                let mut ctx = SegmentContext::new(&ds, t_at);
                let members = ctx
                    .evaluate(rule)
                    .map_err(|e| format!("{}: {e}", a.segment.as_deref().unwrap_or("")))?;
                (0..ds.contact_count() as u32)
                    .filter(|&c| members.get(c as usize))
                    .collect()
            }
            None => (0..ds.contact_count() as u32).collect(),
        };
        let plan = PlannedSend {
            contacts,
            channel: ch,
            at: t_at,
            subject: a.subject.clone(),
        };
        let sim = p.simulate(&plan);
        return simulation(&ds, &p, &plan, &sim, format, meta);
    }
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
    written(t.finish(meta))
}

/// Writes a simulated send: the contacts in plan order, sent or skipped.
fn simulation(
    ds: &canal_core::Dataset,
    p: &Pressure<'_>,
    plan: &PlannedSend,
    sim: &canal_core::pressure::SendSimulation,
    format: Format,
    mut meta: Map<String, serde_json::Value>,
) -> Result<(), String> {
    let mut t = Table::new(
        format,
        stdout(),
        &[
            "contact_id",
            "decision",
            "pressure",
            "next_eligible",
            "reasons",
        ],
    )
    .map_err(|e| e.to_string())?;
    let mut skipped = sim.skipped.iter().peekable();
    let mut sent = sim.send.iter().peekable();
    // `simulate` keeps plan order in both lists; merge them back.
    let res: std::io::Result<()> = plan.contacts.iter().try_for_each(|&c| {
        let pressure = Cell::Num(p.at(c, plan.at));
        if sent.peek() == Some(&&c) {
            sent.next();
            return t.row(&[
                Cell::Str(ds.keys.get(c)),
                Cell::Str("send"),
                pressure,
                Cell::Null,
                Cell::Str(""),
            ]);
        }
        let Some(s) = skipped.next_if(|s| s.contact == c) else {
            return Ok(());
        };
        let reasons: Vec<&str> = s.reasons.iter().map(reason).collect();
        t.row(&[
            Cell::Str(ds.keys.get(c)),
            Cell::Str("skip"),
            pressure,
            s.next_eligible
                .map_or(Cell::Null, |n| Cell::Text(iso_time(n))),
            Cell::Text(reasons.join(";")),
        ])
    });
    written(res)?;
    meta.insert("channel".into(), json!(plan.channel.as_str()));
    meta.insert("planned".into(), json!(plan.contacts.len()));
    meta.insert("send".into(), json!(sim.send.len()));
    meta.insert("no_consent".into(), json!(sim.no_consent));
    meta.insert("capped".into(), json!(sim.capped));
    meta.insert("too_soon".into(), json!(sim.too_soon));
    meta.insert("over_pressure".into(), json!(sim.over_pressure));
    meta.insert("duplicates".into(), json!(sim.duplicates));
    written(t.finish(meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_parse_with_and_without_channel() {
        let c = cap("4/7").unwrap();
        assert_eq!((c.channel, c.max, c.period_days), (None, 4, 7));
        let c = cap("sms:2/30").unwrap();
        assert_eq!(
            (c.channel, c.max, c.period_days),
            (Some(Channel::Sms), 2, 30)
        );
        for bad in ["4", "4/0", "x/7", "fax:1/7", "4/-1"] {
            assert!(cap(bad).is_err(), "{bad}");
        }
    }
}
