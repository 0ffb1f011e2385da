//! One card per KPI: value, change against the previous period, and what
//! the value is made of on hover and for screen readers.

use super::labels;
use super::model::{Figures, Line};
use crate::hooks::use_settings;
use crate::i18n::{Locale, Text};
use crate::numbers::{self, delta, relative_change};
use crate::state::dashboard::Metric;
use canal_core::format;
use yew::prelude::*;

/// The cards, in this order; `sent` is shown inside the delivered card.
const CARDS: [Metric; 13] = [
    Metric::Delivered,
    Metric::DeliveryRate,
    Metric::OpenRate,
    Metric::ClickRate,
    Metric::Ctor,
    Metric::ConversionRate,
    Metric::UnsubscribeRate,
    Metric::ComplaintRate,
    Metric::Reactivations,
    Metric::ReactivationRate,
    Metric::Revenue,
    Metric::Cost,
    Metric::Roi,
];

/// The `data-channel` of a line.
pub fn channel_slug(line: &Line) -> &'static str {
    line.channel.map_or("all", |c| c.as_str())
}

/// The raw `data-value`: rates as fractions, empty when undefined.
pub fn data_value(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The value as shown: "n/a" for a metric the channel does not have.
pub fn shown_value(f: &Figures, metric: Metric, currency: &str, locale: Locale) -> String {
    if f.not_applicable(metric) {
        return Text::NotApplicable.get(locale).to_owned();
    }
    numbers::metric_value(metric, f.value(metric), currency, locale)
}

/// What a value is made of: "250 / 1,000 — reliable openers / delivered".
pub fn breakdown(f: &Figures, metric: Metric, currency: &str, locale: Locale) -> String {
    let def = labels::definition(metric).get(locale);
    if f.not_applicable(metric) {
        return format!("{} — {def}", Text::OpensNotTracked.get(locale));
    }
    match (metric, f.fraction(metric)) {
        (_, Some((num, den))) => {
            let decimals = if num.fract() == 0.0 { 0 } else { 1 };
            format!(
                "{} / {} — {def}",
                format::number(num, decimals, locale),
                format::count(den, locale)
            )
        }
        (Metric::Roi, None) => format!(
            "{} − {} — {def}",
            format::money(f.kpis.revenue, currency, locale),
            format::money(f.kpis.cost, currency, locale)
        ),
        _ => format!(
            "{} — {def}",
            numbers::metric_value_full(metric, f.value(metric), currency, locale)
        ),
    }
}

/// Props of [`KpiCards`].
#[derive(Properties, PartialEq)]
pub struct KpiCardsProps {
    /// The channel (or all) the cards show.
    pub line: Line,
    /// Currency of money values.
    pub currency: AttrValue,
}

/// The KPI cards of one channel or all channels.
#[component]
pub fn KpiCards(props: &KpiCardsProps) -> Html {
    let settings = use_settings();
    let cards = CARDS
        .iter()
        .map(|&m| card(&props.line, m, &props.currency, settings.locale()));
    html! {
        <section class="kpi-section" aria-labelledby="kpi-title">
            <h2 id="kpi-title" class="visually-hidden">{ settings.t(Text::KpiCardsTitle) }</h2>
            <div class="kpi-grid">{ for cards }</div>
        </section>
    }
}

fn card(line: &Line, metric: Metric, currency: &str, locale: Locale) -> Html {
    let channel = channel_slug(line);
    let (now, before) = (&line.current, &line.previous);
    let value = now.value(metric);
    let desc_id = format!("kpi-{}-desc", metric.slug());
    let breakdown = breakdown(now, metric, currency, locale);
    let change = relative_change(value, before.value(metric));
    let previous = format!(
        "{}: {}",
        Text::PreviousPeriod.get(locale),
        numbers::metric_value_full(metric, before.value(metric), currency, locale)
    );
    let delta_html = match delta(metric, change, locale) {
        _ if now.not_applicable(metric) => html! {
            <p class="kpi-delta none" data-trend="none">
                <span class="kpi-vs">{ Text::OpensNotTrackedShort.get(locale) }</span>
            </p>
        },
        Some(d) => html! {
            <p class={classes!("kpi-delta", d.trend.slug())} data-trend={d.trend.slug()}
               data-change={data_value(change)} title={previous}>
                <span class="kpi-arrow" aria-hidden="true">{ d.arrow }</span>
                <span class="kpi-change">{ d.text }</span>
                <span class="kpi-vs">{ Text::VsPrevious.get(locale) }</span>
            </p>
        },
        None => html! {
            <p class="kpi-delta none" data-trend="none" title={previous}>
                <span class="kpi-vs">{ Text::NoComparison.get(locale) }</span>
            </p>
        },
    };
    let extra = match metric {
        Metric::Delivered => Some(html! {
            <p class="kpi-sub">
                { Text::MetricSent.get(locale) }{ " " }
                <span data-metric="sent" data-channel={channel}
                      data-value={data_value(now.value(Metric::Sent))}>
                    { numbers::metric_value(Metric::Sent, now.value(Metric::Sent), currency, locale) }
                </span>
            </p>
        }),
        Metric::OpenRate if now.not_applicable(metric) => None,
        Metric::OpenRate => {
            let machine = now.kpis.machine_open_rate;
            Some(html! {
                <p class="kpi-sub" title={format!("{} / {}", format::count(machine.num, locale), format::count(machine.den, locale))}>
                    { Text::MachineOpens.get(locale) }{ " " }
                    <span data-metric="machine_open_rate" data-channel={channel}
                          data-value={data_value(machine.value())}>
                        { machine.value().map_or_else(|| "–".to_owned(), |v| numbers::rate(v, locale)) }
                    </span>
                </p>
            })
        }
        _ => None,
    };
    html! {
        <article class={classes!("kpi-card", format!("kpi-{}", metric.slug()))}>
            <h3 class="kpi-label">{ labels::name(metric).get(locale) }</h3>
            <p class={classes!("kpi-value", now.not_applicable(metric).then_some("na"))}
               data-metric={metric.slug()} data-channel={channel}
               data-value={data_value(value)} title={breakdown.clone()}
               data-available={(!now.not_applicable(metric)).to_string()}
               aria-describedby={desc_id.clone()} tabindex="0">
                { shown_value(now, metric, currency, locale) }
            </p>
            { delta_html }
            { for extra }
            <p id={desc_id} class="visually-hidden">{ breakdown }</p>
        </article>
    }
}
