//! Engagement by age band (SPEC §3): each band's share of responses per
//! channel, the page's channel first and highlighted.

use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::numbers;
use crate::state::dashboard::date_of;
use crate::state::data::Loaded;
use canal_core::ageband::{age_bands, AgeBand};
use canal_core::format;
use canal_core::model::Channel;
use canal_core::rate::Period;
use chrono::Datelike;
use yew::prelude::*;

/// Props of [`AgeBands`].
#[derive(Properties, PartialEq)]
pub struct AgeBandsProps {
    /// The data.
    pub data: Loaded,
    /// The period.
    pub period: Period,
    /// The page's channel.
    pub channel: Channel,
    /// Channels with data, in channel order.
    pub channels: Vec<Channel>,
}

/// The age band table.
#[component]
pub fn AgeBands(props: &AgeBandsProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let as_of_year = date_of(props.period.to - 1).year();
    let report = use_memo(
        (props.data.clone(), props.period, as_of_year),
        |(data, period, year)| age_bands(&data.dataset, *period, *year),
    );
    let mut columns = vec![props.channel];
    columns.extend(props.channels.iter().filter(|&&c| c != props.channel));
    let bands: Vec<_> = report
        .bands
        .iter()
        .filter(|b| b.responses > 0 && b.band != AgeBand::Unknown)
        .collect();
    let headers = columns.iter().map(|&c| {
        html! {
            <th scope="col" class={classes!("num", (c == props.channel).then_some("selected"))}>
                { settings.t(i18n::channel(c)) }
            </th>
        }
    });
    let rows = bands.iter().map(|b| {
        let cells = columns.iter().map(|&c| {
            let share = b.channels.iter().find(|bc| bc.channel == c).map(|bc| bc.share);
            let value = share.and_then(|s| s.value());
            let title = share.map(|s| {
                format!("{} / {}", format::count(s.num, locale), format::count(s.den, locale))
            });
            let width = format!("width: {:.1}%", value.unwrap_or(0.0) * 100.0);
            html! {
                <td class={classes!("num", "share-cell", (c == props.channel).then_some("selected"))}
                    data-channel={c.as_str()} data-value={value.map(|v| v.to_string()).unwrap_or_default()}
                    title={title}>
                    <span class="share-bar" style={width} aria-hidden="true"></span>
                    <span class="share-text">{ numbers::metric_rate(value, locale) }</span>
                </td>
            }
        });
        html! {
            <tr data-band={b.band.label()}>
                <th scope="row">{ b.band.label() }</th>
                <td class="num">{ format::count(b.contacts, locale) }</td>
                <td class="num">{ format::count(b.responses, locale) }</td>
                { for cells }
            </tr>
        }
    });
    let body = if bands.is_empty() {
        html! { <p class="chart-empty">{ settings.t(Text::AgeBandsEmpty) }</p> }
    } else {
        html! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="age-title">
                <table class="data-table age-table">
                    <thead>
                        <tr>
                            <th scope="col">{ settings.t(Text::AgeBand) }</th>
                            <th scope="col" class="num">{ settings.t(Text::Contacts) }</th>
                            <th scope="col" class="num">{ settings.t(Text::Responses) }</th>
                            { for headers }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="card table-card" data-testid="age-bands" aria-labelledby="age-title">
            <div class="card-head">
                <h2 id="age-title">{ settings.t(Text::AgeBandsTitle) }</h2>
                <p class="card-hint">{ settings.t(Text::AgeBandsHint) }</p>
            </div>
            { body }
        </section>
    }
}
