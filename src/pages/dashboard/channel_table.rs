//! Channels side by side, one column per KPI, sortable by any column.

use super::kpi_cards::{breakdown, channel_slug, data_value, shown_value};
use super::labels;
use super::model::{Line, Overview};
use crate::hooks::use_settings;
use crate::i18n::{self, Locale, Text};
use crate::state::dashboard::Metric;
use canal_core::model::Channel;
use std::cmp::Ordering;
use yew::prelude::*;

/// Props of [`ChannelTable`].
#[derive(Properties, PartialEq)]
pub struct ChannelTableProps {
    /// The figures.
    pub overview: std::rc::Rc<Overview>,
    /// The channel the cards show, highlighted.
    pub selected: Option<Channel>,
    /// Sort column and whether descending.
    pub sort: (Metric, bool),
    /// A column header was chosen.
    pub on_sort: Callback<Metric>,
    /// A channel was chosen.
    pub on_select: Callback<Option<Channel>>,
}

/// Sorts `lines` by `metric`; lines without a value go last either way.
pub fn sort_lines(lines: &mut [Line], metric: Metric, descending: bool) {
    lines.sort_by(|a, b| {
        match (a.current.value(metric), b.current.value(metric)) {
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| a.channel.cmp(&b.channel))
    });
}

/// The comparison table.
#[component]
pub fn ChannelTable(props: &ChannelTableProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let currency = props.overview.currency.as_str();
    let mut lines = props.overview.channels.clone();
    sort_lines(&mut lines, props.sort.0, props.sort.1);
    let headers = Metric::ALL.iter().map(|&m| {
        let sorted = props.sort.0 == m;
        let aria_sort = match (sorted, props.sort.1) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let onclick = props.on_sort.reform(move |_: MouseEvent| m);
        let arrow = match (sorted, props.sort.1) {
            (false, _) => "",
            (true, true) => "↓",
            (true, false) => "↑",
        };
        html! {
            <th scope="col" aria-sort={aria_sort} class="num" title={labels::definition(m).get(locale)}>
                <button type="button" class="sort-button" data-sort={m.slug()} {onclick}>
                    { labels::name(m).get(locale) }
                    <span class="sort-arrow" aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    });
    let rows = lines.iter().map(|line| {
        let selected = line.channel == props.selected;
        let toggle = if selected { None } else { line.channel };
        let onclick = props.on_select.reform(move |_: MouseEvent| toggle);
        let name = line.channel.map_or(Text::AllChannels, i18n::channel);
        html! {
            <tr class={classes!(selected.then_some("selected"))} data-row={channel_slug(line)}>
                <th scope="row">
                    <button type="button" class="channel-button" aria-pressed={selected.to_string()} {onclick}>
                        { name.get(locale) }
                    </button>
                </th>
                { for Metric::ALL.iter().map(|&m| cell(line, m, currency, locale)) }
            </tr>
        }
    });
    let total = &props.overview.total;
    html! {
        <section class="card table-card" aria-labelledby="channels-title">
            <div class="card-head">
                <h2 id="channels-title">{ settings.t(Text::ChannelTableTitle) }</h2>
                <p class="card-hint">{ settings.t(Text::ChannelTableHint) }</p>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="channels-title">
                <table class="data-table channel-table">
                    <thead>
                        <tr>
                            <th scope="col">{ settings.t(Text::FilterChannel) }</th>
                            { for headers }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot>
                        <tr data-row="all">
                            <th scope="row">{ settings.t(Text::AllChannels) }</th>
                            { for Metric::ALL.iter().map(|&m| cell(total, m, currency, locale)) }
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

fn cell(line: &Line, metric: Metric, currency: &str, locale: Locale) -> Html {
    let value = line.current.value(metric);
    html! {
        <td class="num" data-metric={metric.slug()} data-channel={channel_slug(line)}
            data-value={data_value(value)} title={breakdown(&line.current, metric, currency, locale)}>
            { shown_value(&line.current, metric, currency, locale) }
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::dashboard::model::Figures;
    use canal_core::kpi::KpiCounts;

    fn line(c: Channel, sent: u64, opened: u64) -> Line {
        let counts = KpiCounts {
            sent,
            open_tracked_delivered: sent,
            reliable_openers: opened,
            ..KpiCounts::default()
        };
        Line {
            channel: Some(c),
            current: Figures::from_counts(counts),
            previous: Figures::default(),
        }
    }

    fn check(metric: Metric, descending: bool, expected: &[Channel]) {
        let mut lines = vec![
            line(Channel::Email, 10, 5),
            line(Channel::Sms, 0, 0),
            line(Channel::Chat, 4, 1),
        ];
        sort_lines(&mut lines, metric, descending);
        let got: Vec<_> = lines.iter().filter_map(|l| l.channel).collect();
        assert_eq!(got, expected, "{metric:?} {descending}");
    }

    #[test]
    fn sorts_with_undefined_last() {
        use Channel::*;
        check(Metric::Sent, true, &[Email, Chat, Sms]);
        check(Metric::Sent, false, &[Sms, Chat, Email]);
        // SMS delivered nothing: no open rate, last both ways.
        check(Metric::OpenRate, true, &[Email, Chat, Sms]);
        check(Metric::OpenRate, false, &[Chat, Email, Sms]);
    }
}
