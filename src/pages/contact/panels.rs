//! The cards beside the timeline: score and why, RFM and tier, pressure,
//! preferred channel, consent, identities with provenance, details.

use super::analyses;
use super::profile::Profile;
use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::numbers;
use crate::pages::contacts::{currency, labels};
use crate::state::data::Loaded;
use canal_core::format;
use canal_core::identity::KeyKind;
use canal_core::model::{ConsentStatus, DAY};
use canal_core::pressure::SkipReason;
use canal_core::rfm::date_of_day;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Panels`].
#[derive(Properties, PartialEq)]
pub struct PanelsProps {
    /// The data, compared by pointer.
    pub data: Loaded,
    /// The person.
    pub profile: Rc<Profile>,
}

/// Every side card.
#[component]
pub fn Panels(props: &PanelsProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k: Text| settings.t(k);
    let p = &props.profile;
    let a = analyses(&props.data);
    let ds = &props.data.dataset;
    let num = |v: f64, d: usize| format::number(v, d, locale);
    let date = |ts: i64| format::date(date_of_day(ts.div_euclid(DAY)), locale);

    let score = match &p.score {
        Ok(s) => {
            let lines = s.lines.iter().map(|l| {
                html! {
                    <tr>
                        <th scope="row">{ l.rule.replace('_', " ") }<small>{ " · " }{ l.family }</small></th>
                        <td class="num">{ l.hits }{ " " }{ t(Text::CtHits) }</td>
                        <td class="num">{ num(l.points, 1) }</td>
                    </tr>
                }
            });
            let stage = s
                .stage
                .clone()
                .unwrap_or_else(|| t(Text::CtBelowStages).to_owned());
            html! {
                <>
                    <div class="score-row">
                        <p class="score-total" data-testid="score" data-value={s.total.to_string()}>
                            { num(s.total, 0) }<small>{ stage }</small>
                        </p>
                        <dl class="score-parts">
                            <dt>{ t(Text::CtFit) }</dt><dd>{ num(s.fit, 0) }</dd>
                            <dt>{ t(Text::CtEngagement) }</dt><dd>{ num(s.engagement, 1) }</dd>
                        </dl>
                    </div>
                    if !s.lines.is_empty() {
                        <details class="score-why">
                            <summary>{ t(Text::CtBreakdown) }</summary>
                            <table class="data-table compact"><tbody>{ for lines }</tbody></table>
                        </details>
                    }
                </>
            }
        }
        Err(why) => {
            html! { <p class="muted">{ t(Text::CtScoreUnavailable) }{ " " }{ why.clone() }</p> }
        }
    };

    let rfm = match (&p.rfm, p.tier) {
        (Some(r), tier) => {
            let money = numbers::compact_money(r.monetary, &currency(ds), locale);
            html! {
                <>
                    <p class="pill-row">
                        <span class={format!("seg-pill seg-{}", r.segment.as_str())} data-testid="rfm-segment"
                              data-value={r.segment.as_str()}>{ t(labels::segment(r.segment)) }</span>
                        { for tier.map(|tier| html! { <span class="tier-pill" data-testid="tier">{ t(labels::tier(tier)) }</span> }) }
                    </p>
                    <dl class="facts three">
                        <div><dt>{ t(Text::CtRecency) }</dt><dd>{ r.recency_days }{ " " }{ t(Text::CtDaysAgo) }<small>{ "R" }{ r.r }</small></dd></div>
                        <div><dt>{ t(Text::CtFrequency) }</dt><dd>{ r.frequency }{ " " }{ t(Text::CtOrders) }<small>{ "F" }{ r.f }</small></dd></div>
                        <div><dt>{ t(Text::CtMonetary) }</dt><dd>{ money }<small>{ "M" }{ r.m }</small></dd></div>
                    </dl>
                </>
            }
        }
        (None, _) => html! { <p class="muted">{ t(Text::CtNoOrders) }</p> },
    };

    let e = &p.eligibility;
    let reasons = e.reasons.iter().map(|r| {
        let text = match r {
            SkipReason::NoConsent { .. } => Text::CtReasonConsent,
            SkipReason::Cap { .. } => Text::CtReasonCap,
            SkipReason::Spacing { .. } => Text::CtReasonSpacing,
            SkipReason::Pressure { .. } => Text::CtReasonPressure,
            SkipReason::Duplicate => Text::CtReasonDuplicate,
        };
        html! { <li>{ t(text) }</li> }
    });
    let next = match (e.reasons.is_empty(), e.next_eligible) {
        (true, _) => html! { <span class="ok">{ t(Text::CtEligibleNow) }</span> },
        (false, Some(ts)) => html! { <span data-testid="next-eligible">{ date(ts) }</span> },
        (false, None) => html! { <span class="bad">{ t(Text::CtNeverEligible) }</span> },
    };
    let threshold = a.pressure.max_pressure.unwrap_or(f64::INFINITY);
    let gauge = if threshold.is_finite() && threshold > 0.0 {
        (e.pressure / threshold).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pressure = html! {
        <>
            <p class="pressure-value" data-testid="pressure" data-value={e.pressure.to_string()}>
                { num(e.pressure, 2) }
                if threshold.is_finite() { <small>{ " / " }{ num(threshold, 0) }</small> }
            </p>
            <div class={classes!("gauge", (gauge >= 1.0).then_some("over"))} aria-hidden="true">
                <span style={format!("width:{:.0}%", gauge * 100.0)}></span>
            </div>
            <dl class="facts">
                <div><dt>{ t(Text::CtNextEligible) }</dt><dd>{ next }</dd></div>
            </dl>
            if !e.reasons.is_empty() { <ul class="reasons">{ for reasons }</ul> }
            <p class="muted small">{ t(Text::CtAsOf) }{ " " }{ date(a.as_of - 1) }</p>
        </>
    };

    let stats = p.channels.iter().map(|s| {
        let preferred = p.preferred == Some(s.channel);
        html! {
            <tr class={classes!(preferred.then_some("preferred"))}>
                <th scope="row"><span class={format!("ch-dot ch-{}", s.channel.as_str())}></span>{ t(i18n::channel(s.channel)) }</th>
                <td class="num">{ s.responses }{ " / " }{ s.messages }</td>
                <td class="num">{ numbers::rate(s.propensity, locale) }</td>
            </tr>
        }
    });
    let preferred = html! {
        <>
            <p class="preferred" data-testid="preferred-channel"
               data-value={p.preferred.map_or("unknown", |c| c.as_str())}>
                { match p.preferred {
                    Some(c) => html! { <strong>{ t(i18n::channel(c)) }</strong> },
                    None => html! { <span class="muted">{ t(Text::CtPreferredUnknown) }</span> },
                } }
            </p>
            if !p.channels.is_empty() {
                <table class="data-table compact">
                    <thead><tr><th></th><th class="num">{ t(Text::CtResponses) }{ " / " }{ t(Text::CtMessages) }</th><th class="num">{ "%" }</th></tr></thead>
                    <tbody>{ for stats }</tbody>
                </table>
            }
        </>
    };

    let consent = if p.consent.is_empty() {
        html! { <p class="muted">{ t(Text::CtNoConsent) }</p> }
    } else {
        let rows = p.consent.iter().map(|c| {
            let class = match c.status {
                ConsentStatus::OptedIn => "ok",
                ConsentStatus::OptedOut => "bad",
                ConsentStatus::Unknown => "muted",
            };
            html! {
                <tr data-testid="consent-row" data-channel={c.channel.as_str()} data-status={format!("{:?}", c.status)}>
                    <th scope="row">{ c.subject.clone() }</th>
                    <td>{ t(i18n::channel(c.channel)) }</td>
                    <td class={class}>{ t(labels::consent(c.status)) }</td>
                    <td class="num muted">{ date(c.ts) }{ c.source.as_ref().map(|s| format!(" · {s}")) }</td>
                </tr>
            }
        });
        html! { <table class="data-table compact"><tbody>{ for rows }</tbody></table> }
    };

    let key_kind = |k: KeyKind| match k {
        KeyKind::Email => t(Text::CtKeyEmail),
        KeyKind::Phone => t(Text::CtKeyPhone),
        KeyKind::ExternalId => t(Text::CtKeyExternal),
    };
    let person = &p.person;
    let ids = person
        .emails
        .iter()
        .map(|v| (KeyKind::Email, v))
        .chain(person.phones.iter().map(|v| (KeyKind::Phone, v)))
        .chain(person.external_ids.iter().map(|v| (KeyKind::ExternalId, v)))
        .map(|(k, v)| html! { <li><span class="id-kind">{ key_kind(k) }</span><code>{ v.clone() }</code></li> });
    let records = person.records.iter().map(|r| {
        let how = match r.matched_key {
            Some(k) => html! { <>{ t(Text::CtMatchedBy) }{ " " }{ key_kind(k) }{ " " }<code>{ r.matched_value.clone() }</code></> },
            None => html! { { t(Text::CtOnlyRecord) } },
        };
        html! {
            <li data-testid="merged-record"><code>{ r.record_id.clone() }</code><small>{ how }</small></li>
        }
    });
    let identities = html! {
        <>
            <ul class="ids">{ for ids }</ul>
            <h3 class="sub-head">{ t(Text::CtMergedRecords) }{ " (" }{ person.records.len() }{ ")" }</h3>
            <ul class="records">{ for records }</ul>
        </>
    };

    let attr_label = |name: &str| match name {
        "name" => None,
        "country" => Some(t(Text::CtCountry)),
        "city" => Some(t(Text::CtCity)),
        "company" => Some(t(Text::CtCompany)),
        "job_title" => Some(t(Text::CtJobTitle)),
        "stage" => Some(t(Text::CtLifecycle)),
        _ => None,
    };
    let details = person.attributes.iter().filter_map(|at| {
        let label = attr_label(&at.name)?;
        Some(html! {
            <div>
                <dt>{ label }</dt>
                <dd>{ if at.name == "stage" { i18n::lifecycle_label(&at.value, t) } else { at.value.clone() } }
                    if at.conflict { <small class="warn" title={t(Text::CtConflict)}>{ " ⚠ " }{ t(Text::CtConflict) }</small> }
                </dd>
            </div>
        })
    });
    let birth = ds
        .contacts
        .birth_year
        .get(p.contact as usize)
        .filter(|&&y| y > 0)
        .map(|y| html! { <div><dt>{ t(Text::CtBirthYear) }</dt><dd>{ y }</dd></div> });

    let card = |title: Text, id: &'static str, body: Html| {
        html! {
            <section class="card ct-panel" data-panel={id}>
                <h2>{ t(title) }</h2>
                { body }
            </section>
        }
    };
    html! {
        <aside class="ct-panels">
            { card(Text::CtScore, "score", score) }
            { card(Text::CtRfm, "rfm", rfm) }
            { card(Text::CtPressure, "pressure", pressure) }
            { card(Text::CtPreferred, "preferred", preferred) }
            { card(Text::CtConsent, "consent", consent) }
            { card(Text::CtIdentities, "identities", identities) }
            { card(Text::CtDetails, "details", html! { <dl class="facts">{ for details }{ birth }</dl> }) }
        </aside>
    }
}
