//! The channel's KPIs by scope or by campaign, with the change against the
//! previous period under each value.

use super::model::GroupLine;
use crate::hooks::use_settings;
use crate::i18n::{self, Locale, Text};
use crate::numbers::{delta, relative_change};
use crate::pages::dashboard::kpi_cards::{breakdown, data_value, shown_value};
use crate::pages::dashboard::labels;
use crate::state::dashboard::Metric;
use canal_core::kpi::Group;
use std::rc::Rc;
use yew::prelude::*;

/// The columns, in order.
pub const COLUMNS: [Metric; 10] = [
    Metric::Sent,
    Metric::Delivered,
    Metric::OpenRate,
    Metric::ClickRate,
    Metric::Ctor,
    Metric::ConversionRate,
    Metric::UnsubscribeRate,
    Metric::Revenue,
    Metric::Cost,
    Metric::Roi,
];

/// Props of [`GroupTable`].
#[derive(Properties, PartialEq)]
pub struct GroupTableProps {
    /// `scope` or `campaign`: the table's `data-testid` suffix.
    pub kind: AttrValue,
    /// Heading.
    pub title: Text,
    /// Rows, busiest first.
    pub lines: Rc<Vec<GroupLine>>,
    /// Currency of money values.
    pub currency: AttrValue,
}

/// A KPI table over the groups of one channel.
#[component]
pub fn GroupTable(props: &GroupTableProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let title_id = format!("by-{}-title", props.kind);
    let headers = COLUMNS.iter().map(|&m| {
        html! {
            <th scope="col" class="num" title={labels::definition(m).get(locale)}>
                { labels::name(m).get(locale) }
            </th>
        }
    });
    let rows = props.lines.iter().map(|line| {
        let name = match line.group {
            Group::Scope(s) => settings.t(i18n::scope(s)).to_owned(),
            Group::NoCampaign => settings.t(Text::NoCampaign).to_owned(),
            _ => line.label.clone(),
        };
        html! {
            <tr data-group={line.label.clone()}>
                <th scope="row">{ name }</th>
                { for COLUMNS.iter().map(|&m| cell(line, m, &props.currency, locale)) }
            </tr>
        }
    });
    let body = if props.lines.is_empty() {
        html! { <p class="chart-empty">{ settings.t(Text::NoActivity) }</p> }
    } else {
        html! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby={title_id.clone()}>
                <table class="data-table group-table">
                    <thead>
                        <tr>
                            <th scope="col">{ settings.t(props.title) }</th>
                            { for headers }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="card table-card" data-testid={format!("by-{}", props.kind)}
                 aria-labelledby={title_id.clone()}>
            <div class="card-head">
                <h2 id={title_id}>{ settings.t(props.title) }</h2>
            </div>
            { body }
        </section>
    }
}

fn cell(line: &GroupLine, metric: Metric, currency: &str, locale: Locale) -> Html {
    let now = &line.current;
    let value = now.value(metric);
    let change = relative_change(value, line.previous.value(metric));
    let change = delta(metric, change, locale).map(|d| {
        html! {
            <span class={classes!("cell-delta", d.trend.slug())}>{ d.arrow }{ " " }{ d.text }</span>
        }
    });
    html! {
        <td class="num" data-metric={metric.slug()} data-value={data_value(value)}
            title={breakdown(now, metric, currency, locale)}>
            <span class="cell-value">{ shown_value(now, metric, currency, locale) }</span>
            { for change }
        </td>
    }
}
