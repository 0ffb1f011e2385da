//! The Pressure page (SPEC §6): weights and half-life, caps and spacing,
//! the contacts over pressure with the date each becomes eligible again,
//! and the simulation of a planned send: who would be skipped and why.

mod model;
mod rules;

use crate::components::PageHeader;
use crate::hooks::{use_data, use_kept, use_settings, DataHandle, KeptProblem};
use crate::i18n::{self, Text};
use crate::pages::segments::labels::segment_name;
use crate::pages::segments::model::rfm_view;
use crate::pages::workbench::{date_of, end_of, gate, input_value, parse_date, start_of, Shared};
use crate::services::saved_segments;
use crate::services::workbench::Workspace;
use crate::state::data::{DataStatus, Loaded};
use canal_core::by_contact::ContactEvents;
use canal_core::format;
use canal_core::model::Channel;
use canal_core::pressure::{PressureConfig, SkipReason};
use canal_core::rfm::Segment;
use chrono::NaiveDate;
use model::{pressure_view, simulate, Audience};
use rules::PressureRules;
use yew::prelude::*;

/// Rows of the over-pressure and skipped tables.
const SHOWN: usize = 50;

/// The Pressure page.
#[component]
pub fn PressurePage() -> Html {
    let data = use_data();
    let body = match gate(&data) {
        Ok(loaded) => html! { <PressureBench data={loaded} /> },
        // Logged in, the rules are the server's and its push sends apply
        // them: they can be set without the data in this browser (a
        // workspace too large to load, or none yet).
        Err(other) if rules_alone(&data) => html! {
            <>
                { other }
                <ServerRules />
            </>
        },
        Err(other) => other,
    };
    html! {
        <>
            <PageHeader title={Text::NavPressure} intro={Text::PressureIntro} />
            { body }
        </>
    }
}

/// Whether the page, which has no data to show, shows the server's rules
/// alone: logged in, and nothing loading.
fn rules_alone(data: &DataHandle) -> bool {
    Workspace::of(data.source()) == Workspace::Server
        && !matches!(data.status(), DataStatus::Loading { .. })
}

/// The server's rules alone, mounted once the workspace is the server's.
#[component]
fn ServerRules() -> Html {
    let config = use_kept::<PressureConfig>();
    html! {
        <div class="workbench pressure" data-state="rules-only">
            <PressureRules config={config} />
        </div>
    }
}

/// Props of [`PressureBench`].
#[derive(Properties, PartialEq)]
pub struct PressureBenchProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

fn num(e: &Event) -> Option<f64> {
    let v = input_value(e);
    let v = v.trim();
    (!v.is_empty())
        .then(|| v.replace(',', ".").parse().ok())
        .flatten()
}

/// A contact's key, with a line break allowed after each `@` and `.` of
/// an e-mail (a phone's narrow table wraps it there rather than mid-word).
fn address(key: &str) -> Html {
    let parts = key.split_inclusive(['@', '.']);
    html! { { for parts.map(|p| html! { <>{ p }<wbr /></> }) } }
}

/// Configuration, the contacts over pressure and the send simulation.
#[component]
pub fn PressureBench(props: &PressureBenchProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let config = use_kept::<PressureConfig>();
    let end = props.data.span.map_or(0, |s| s.1);
    let at_date = use_state(|| date_of(end));
    let prepared = use_memo(props.data.clone(), |data: &Loaded| {
        let ds = &data.dataset;
        Shared::new((
            ContactEvents::build(&ds.events, ds.contact_count()),
            rfm_view(ds, None),
        ))
    });
    let at = end_of(*at_date).min(end.max(start_of(*at_date)));
    let view = {
        let prepared = (*prepared).clone();
        use_memo(
            (props.data.clone(), (*config).clone(), at),
            move |(data, config, at)| {
                let (events, _) = &*prepared.0;
                Shared::new(pressure_view(&data.dataset, events, config, *at))
            },
        )
    };
    // The planned send: the day after the data ends, 10:00 UTC.
    let audience = use_state(|| Audience::All);
    let channel = use_state(|| Channel::Email);
    let send_date = use_state(|| date_of(end) + chrono::Days::new(1));
    let subject = use_state(String::new);
    let saved = use_memo((), |_| saved_segments::load());
    let sim = {
        let prepared = (*prepared).clone();
        let saved_list = saved.clone();
        use_memo(
            (
                props.data.clone(),
                (*config).clone(),
                (*audience).clone(),
                *channel,
                *send_date,
                (*subject).clone(),
            ),
            move |(data, config, audience, channel, date, subject)| {
                let ds = &data.dataset;
                let (events, rfm) = &*prepared.0;
                let contacts = audience.contacts(ds, rfm, &saved_list, end);
                let n = contacts.len();
                let at = start_of(*date) + 10 * 3600;
                (
                    n,
                    Shared::new(simulate(
                        ds, events, config, contacts, *channel, at, subject,
                    )),
                )
            },
        )
    };

    let ds = &props.data.dataset;
    let v = &*view;
    let over_rows = v.over.iter().take(SHOWN).map(|o| html! {
        <tr>
            <th scope="row">{ address(ds.keys.get(o.contact)) }</th>
            <td class="num">{ format::number(o.pressure, 2, locale) }</td>
            <td>{ o.next_eligible.map_or_else(|| t(Text::PrNever).to_owned(), |n| format::date(date_of(n), locale)) }</td>
        </tr>
    });
    let (audience_n, sim) = &*sim;
    let reason = |r: &SkipReason| -> Html {
        let (class, text) = match r {
            SkipReason::NoConsent { .. } => ("consent", t(Text::PrNoConsent).to_owned()),
            SkipReason::Cap { cap, count } => (
                "cap",
                format!(
                    "{} {}/{} · {} {}",
                    t(Text::PrCapFull),
                    count,
                    cap.max,
                    cap.period_days,
                    t(Text::CondDays)
                ),
            ),
            SkipReason::Spacing { last } => (
                "spacing",
                format!(
                    "{} {}",
                    t(Text::PrTooSoon),
                    format::date(date_of(*last), locale)
                ),
            ),
            SkipReason::Pressure { pressure } => (
                "pressure",
                format!(
                    "{} {}",
                    t(Text::PrOverPressure),
                    format::number(*pressure, 1, locale)
                ),
            ),
            SkipReason::Duplicate => ("dup", t(Text::PrDuplicate).to_owned()),
        };
        html! { <span class={classes!("reason-chip", class)}>{ text }</span> }
    };
    let skipped_rows = sim.skipped.iter().take(SHOWN).map(|s| html! {
        <tr>
            <th scope="row">{ address(ds.keys.get(s.contact)) }</th>
            <td>{ for s.reasons.iter().map(reason) }</td>
            <td>{ s.next_eligible.map_or_else(|| t(Text::PrNever).to_owned(), |n| format::date(date_of(n), locale)) }</td>
        </tr>
    });
    let on_at = {
        let at_date = at_date.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = parse_date(&input_value(&e)) {
                at_date.set(d)
            }
        })
    };
    let on_send_date = {
        let send_date = send_date.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = parse_date(&input_value(&e)) {
                send_date.set(d)
            }
        })
    };
    let on_audience = {
        let audience = audience.clone();
        Callback::from(move |e: Event| audience.set(Audience::parse(&input_value(&e))))
    };
    let on_channel = {
        let channel = channel.clone();
        Callback::from(move |e: Event| {
            channel.set(Channel::parse(&input_value(&e)).unwrap_or(Channel::Email))
        })
    };
    let on_subject = {
        let subject = subject.clone();
        Callback::from(move |e: Event| subject.set(input_value(&e)))
    };
    let stat = |value: String, label: Text, testid: Option<&'static str>, count: String| {
        html! {
            <div class="stat" data-testid={testid} data-count={count}>
                <span class="stat-value">{ value }</span>
                <span class="stat-label">{ t(label) }</span>
            </div>
        }
    };
    let date_str = |d: NaiveDate| d.to_string();
    html! {
        <div class="workbench pressure" data-state="ready">
            // The figures use the rules shown, which are not the server's:
            // said first, where the figures are (the details sit with the
            // rules).
            if matches!(config.problem(), Some(KeptProblem::Read(_))) {
                <p class="card wb-problem-banner" role="alert" data-testid="pressure-problem-banner">
                    { t(Text::PrServerRulesUnread) }
                </p>
            }
            <section class="card wb-section" aria-labelledby="pr-over-title">
                <div class="card-head wb-head">
                    <div>
                        <h2 id="pr-over-title">{ t(Text::PrOverTitle) }</h2>
                        <p class="card-hint">{ t(Text::PrOverHint) }</p>
                    </div>
                    <label class="field inline">
                        <span>{ t(Text::SegAsOf) }</span>
                        <input type="date" value={date_str(*at_date)} onchange={on_at} />
                    </label>
                </div>
                <div class="stat-row">
                    { stat(format::count(v.over.len() as u64, locale), Text::PrOverCount, Some("pressure-over"), v.over.len().to_string()) }
                    { stat(format::count(u64::from(v.pressured), locale), Text::PrPressured, None, v.pressured.to_string()) }
                    { stat(format::number(v.mean, 2, locale), Text::PrMean, None, String::new()) }
                </div>
                if v.over.is_empty() {
                    <p class="wb-empty">{ t(Text::PrNobodyOver) }</p>
                } else {
                    <div class="table-scroll" tabindex="0">
                        <table class="data-table fits-phone">
                            <thead><tr>
                                <th scope="col">{ t(Text::ScContact) }</th>
                                <th scope="col" class="num">{ t(Text::PrPressure) }</th>
                                <th scope="col">{ t(Text::PrNextEligible) }</th>
                            </tr></thead>
                            <tbody>{ for over_rows }</tbody>
                        </table>
                    </div>
                }
            </section>
            <section class="card wb-section" aria-labelledby="pr-sim-title" data-testid="simulation"
                     data-audience={audience_n.to_string()} data-send={sim.send.len().to_string()}
                     data-skipped={sim.skipped.len().to_string()}>
                <div class="card-head">
                    <h2 id="pr-sim-title">{ t(Text::PrSimTitle) }</h2>
                    <p class="card-hint">{ t(Text::PrSimHint) }</p>
                </div>
                <div class="wb-form">
                    <label class="field">
                        <span>{ t(Text::PrAudience) }</span>
                        <select onchange={on_audience}>
                            <option value="all" selected={*audience == Audience::All}>{ t(Text::PrEveryone) }</option>
                            { for saved.iter().map(|s| {
                                let a = Audience::Saved(s.id.clone());
                                html! { <option value={a.value()} selected={*audience == a}>{ s.name.clone() }</option> }
                            }) }
                            { for Segment::ALL.iter().map(|&s| {
                                let a = Audience::Rfm(s);
                                html! { <option value={a.value()} selected={*audience == a}>{ format!("RFM · {}", t(segment_name(s))) }</option> }
                            }) }
                        </select>
                    </label>
                    <label class="field">
                        <span>{ t(Text::FilterChannel) }</span>
                        <select onchange={on_channel}>
                            { for Channel::ALL.iter().map(|&ch| html! {
                                <option value={ch.as_str()} selected={*channel == ch}>{ t(i18n::channel(ch)) }</option>
                            }) }
                        </select>
                    </label>
                    <label class="field">
                        <span>{ t(Text::PrSendDate) }</span>
                        <input type="date" value={date_str(*send_date)} onchange={on_send_date} />
                    </label>
                    <label class="field">
                        <span>{ t(Text::PrSubject) }</span>
                        <input type="text" placeholder={t(Text::PrSubjectHint)} value={(*subject).clone()} onchange={on_subject} />
                    </label>
                </div>
                <div class="stat-row" style="margin-top: var(--s4)">
                    { stat(format::count(*audience_n as u64, locale), Text::PrAudience, None, audience_n.to_string()) }
                    { stat(format::count(sim.send.len() as u64, locale), Text::PrWouldSend, Some("sim-send"), sim.send.len().to_string()) }
                    { stat(format::count(u64::from(sim.capped), locale), Text::PrCapped, None, sim.capped.to_string()) }
                    { stat(format::count(u64::from(sim.too_soon), locale), Text::PrTooSoonCount, None, sim.too_soon.to_string()) }
                    { stat(format::count(u64::from(sim.over_pressure), locale), Text::PrOverCount, None, sim.over_pressure.to_string()) }
                    { stat(format::count(u64::from(sim.no_consent), locale), Text::PrNoConsentCount, None, sim.no_consent.to_string()) }
                </div>
                if !sim.skipped.is_empty() {
                    <h3>{ t(Text::PrSkippedTitle) }</h3>
                    <div class="table-scroll" tabindex="0">
                        <table class="data-table fits-phone">
                            <thead><tr>
                                <th scope="col">{ t(Text::ScContact) }</th>
                                <th scope="col">{ t(Text::PrWhy) }</th>
                                <th scope="col">{ t(Text::PrNextEligible) }</th>
                            </tr></thead>
                            <tbody>{ for skipped_rows }</tbody>
                        </table>
                    </div>
                }
            </section>
            <PressureRules config={config.clone()} />
        </div>
    }
}
