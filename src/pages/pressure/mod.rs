//! The Pressure page (SPEC §6): weights and half-life, caps and spacing,
//! the contacts over pressure with the date each becomes eligible again,
//! and the simulation of a planned send: who would be skipped and why.

mod model;

use crate::components::PageHeader;
use crate::hooks::{use_data, use_kept, use_settings, KeptProblem};
use crate::i18n::{self, Text};
use crate::pages::segments::labels::segment_name;
use crate::pages::segments::model::rfm_view;
use crate::pages::workbench::{
    date_of, end_of, gate, input_value, parse_date, start_of, KeptBar, Shared,
};
use crate::services::saved_segments;
use crate::state::data::Loaded;
use canal_core::by_contact::ContactEvents;
use canal_core::format;
use canal_core::model::Channel;
use canal_core::pressure::{Cap, PressureConfig, SkipReason};
use canal_core::rfm::Segment;
use chrono::NaiveDate;
use model::{pressure_view, simulate, Audience};
use yew::prelude::*;

/// Rows of the over-pressure and skipped tables.
const SHOWN: usize = 50;

/// The Pressure page.
#[component]
pub fn PressurePage() -> Html {
    let data = use_data();
    let body = match gate(&data) {
        Ok(loaded) => html! { <PressureBench data={loaded} /> },
        Err(other) => other,
    };
    html! {
        <>
            <PageHeader title={Text::NavPressure} intro={Text::PressureIntro} />
            { body }
        </>
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

/// A contact's key, with a line break allowed after an e-mail's `@` (a
/// phone's narrow table wraps it there rather than mid-word).
fn address(key: &str) -> Html {
    match key.split_once('@') {
        Some((local, domain)) => html! { <>{ local }{ "@" }<wbr />{ domain }</> },
        None => html! { { key } },
    }
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

    let set = |f: fn(&mut PressureConfig, &Event)| {
        let config = config.clone();
        Callback::from(move |e: Event| {
            let mut c = (*config).clone();
            f(&mut c, &e);
            config.set(c);
        })
    };
    let ds = &props.data.dataset;
    let c = &*config;
    let weights = Channel::ALL.iter().map(|&ch| {
        let i = usize::from(ch.code());
        let cfg = config.clone();
        let on = Callback::from(move |e: Event| {
            let mut c = (*cfg).clone();
            if let Some(w) = c.weights.get_mut(i) {
                *w = num(&e).unwrap_or(0.0).max(0.0);
            }
            cfg.set(c);
        });
        html! {
            <label class="field">
                <span>{ t(i18n::channel(ch)) }</span>
                <input type="number" min="0" step="any" value={c.weights.get(i).copied().unwrap_or(0.0).to_string()} onchange={on} />
            </label>
        }
    });
    let caps = c.caps.iter().enumerate().map(|(i, cap)| {
        let edit = |f: fn(&mut Cap, &Event)| {
            let cfg = config.clone();
            Callback::from(move |e: Event| {
                let mut c = (*cfg).clone();
                if let Some(cap) = c.caps.get_mut(i) {
                    f(cap, &e);
                }
                cfg.set(c);
            })
        };
        let remove = {
            let cfg = config.clone();
            Callback::from(move |_| {
                let mut c = (*cfg).clone();
                if i < c.caps.len() {
                    c.caps.remove(i);
                }
                cfg.set(c);
            })
        };
        html! {
            <li class="rule-row">
                <span class="rb-word">{ t(Text::PrAtMost) }</span>
                <input class="pts" type="number" min="0" aria-label={t(Text::PrMessages)} value={cap.max.to_string()}
                       onchange={edit(|cap, e| cap.max = num(e).map_or(0, |x| x.max(0.0) as u32))} />
                <span class="rb-word">{ t(Text::PrMessagesOn) }</span>
                <select aria-label={t(Text::FilterChannel)}
                        onchange={edit(|cap, e| cap.channel = Channel::parse(&input_value(e)))}>
                    <option value="" selected={cap.channel.is_none()}>{ t(Text::AllChannels) }</option>
                    { for Channel::ALL.iter().map(|&ch| html! {
                        <option value={ch.as_str()} selected={cap.channel == Some(ch)}>{ t(i18n::channel(ch)) }</option>
                    }) }
                </select>
                <span class="rb-word">{ t(Text::PrIn) }</span>
                <input class="pts" type="number" min="1" aria-label={t(Text::CondDaysLabel)} value={cap.period_days.to_string()}
                       onchange={edit(|cap, e| cap.period_days = num(e).map_or(7, |x| x.max(1.0) as u32))} />
                <span class="rb-word">{ t(Text::CondDays) }</span>
                <button type="button" class="rb-icon-button" aria-label={t(Text::RbRemove)} onclick={remove}>{ "×" }</button>
            </li>
        }
    });
    let add_cap = {
        let cfg = config.clone();
        Callback::from(move |_| {
            let mut c = (*cfg).clone();
            c.caps.push(Cap {
                channel: Some(Channel::Sms),
                max: 2,
                period_days: 30,
            });
            cfg.set(c);
        })
    };
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
            <section class="card wb-section" aria-labelledby="pr-cfg-title">
                <div class="card-head">
                    <h2 id="pr-cfg-title">{ t(Text::PrRulesTitle) }</h2>
                    <p class="card-hint">{ t(Text::PrRulesHint) }</p>
                </div>
                <div class="wb-form">
                    <label class="field">
                        <span>{ t(Text::ScHalfLife) }</span>
                        <input type="number" min="0.1" step="any" data-testid="pressure-half-life" value={c.half_life_days.to_string()}
                               onchange={set(|c, e| c.half_life_days = num(e).unwrap_or(14.0).max(0.1))} />
                    </label>
                    <label class="field">
                        <span>{ t(Text::PrSpacing) }</span>
                        <input type="number" min="0" value={c.min_spacing_hours.to_string()}
                               onchange={set(|c, e| c.min_spacing_hours = num(e).map_or(0, |x| x.max(0.0) as u32))} />
                    </label>
                    <label class="field">
                        <span>{ t(Text::PrMaxPressure) }</span>
                        <input type="number" min="0" step="any" placeholder="—"
                               value={c.max_pressure.map(|x| x.to_string()).unwrap_or_default()}
                               onchange={set(|c, e| c.max_pressure = num(e))} />
                    </label>
                </div>
                <h3>{ t(Text::PrWeights) }</h3>
                <div class="wb-form">{ for weights }</div>
                <h3>{ t(Text::PrCaps) }</h3>
                <ul class="rule-list">{ for caps }</ul>
                <button type="button" class="button" onclick={add_cap}>{ t(Text::PrAddCap) }</button>
                <KeptBar is_default={config.is_default()} testid="pressure-reset" problem={config.problem()}
                         on_reset={{ let k = config.clone(); Callback::from(move |_| k.reset()) }} />
            </section>
        </div>
    }
}
