//! The Channels page (SPEC §3): one channel in depth. Its KPI cards with
//! the change against the previous period, its time series, the same KPIs
//! by scope and by campaign, and which age bands respond on it.

mod age_bands;
mod group_table;
pub mod model;

use crate::components::{EmptyState, PageHeader};
use crate::hooks::use_data;
use crate::i18n::Text;
use crate::pages::dashboard::choices;
use crate::pages::dashboard::filters::Filters;
use crate::pages::dashboard::kpi_cards::KpiCards;
use crate::pages::dashboard::model as dash;
use crate::pages::dashboard::series::SeriesChart;
use crate::pages::dashboard::status::{LoadErrorState, LoadingState};
use crate::services;
use crate::state::dashboard::{period_end, DashboardAction, DashboardFilters};
use crate::state::data::{DataStatus, Loaded};
use age_bands::AgeBands;
use canal_core::kpi::GroupBy;
use canal_core::model::Channel;
use group_table::GroupTable;
use yew::prelude::*;

/// The Channels page: the analysis once there is data.
#[component]
pub fn ChannelsPage() -> Html {
    let data = use_data();
    let body = match (data.data(), data.status()) {
        (Some(loaded), _) => html! { <ChannelView data={loaded.clone()} /> },
        (None, DataStatus::Loading { progress }) => html! { <LoadingState progress={*progress} /> },
        (None, DataStatus::Failed(reason)) => html! { <LoadErrorState reason={reason.clone()} /> },
        (None, _) => html! { <EmptyState /> },
    };
    html! {
        <>
            <PageHeader title={Text::NavChannels} intro={Text::ChannelsIntro} />
            { body }
        </>
    }
}

/// Props of [`ChannelView`].
#[derive(Properties, PartialEq)]
pub struct ChannelViewProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// One channel over `data`.
#[component]
pub fn ChannelView(props: &ChannelViewProps) -> Html {
    let filters = use_reducer(DashboardFilters::default);
    let today = use_state(services::clock::now_secs);
    let end = period_end(props.data.span.map(|s| s.1), *today);
    let choices = use_memo(props.data.clone(), choices);
    // The page is about one channel: the first one with data until the
    // marketer picks another.
    let channel = filters
        .channel
        .or_else(|| choices.channels.first().copied())
        .unwrap_or(Channel::Email);
    let f = DashboardFilters {
        channel: Some(channel),
        ..(*filters).clone()
    };

    let overview = {
        let f = f.clone();
        use_memo(
            (props.data.clone(), f.preset, f.scope, f.campaign, end),
            move |(data, ..)| dash::overview(&data.dataset, &data.index, &f, end),
        )
    };
    let series = {
        let f = f.clone();
        use_memo(
            (props.data.clone(), f.clone(), end),
            move |(data, f, end)| {
                dash::series(&data.dataset, &data.index, f, *end, f.series_metric)
            },
        )
    };
    let by = |group_by: GroupBy| {
        let f = f.clone();
        move |(data, ..): &(Loaded, DashboardFilters, i64)| {
            model::breakdown(&data.dataset, &data.index, &f, end, channel, group_by)
        }
    };
    let by_scope = use_memo((props.data.clone(), f.clone(), end), by(GroupBy::Scope));
    let by_campaign = use_memo((props.data.clone(), f.clone(), end), by(GroupBy::Campaign));

    let on_change = {
        let filters = filters.dispatcher();
        Callback::from(move |a: DashboardAction| filters.dispatch(a))
    };
    let currency = AttrValue::from(overview.currency.clone());
    html! {
        <div class="channel-page" data-state="ready" data-channel={channel.as_str()}>
            <Filters filters={f.clone()} period={overview.period}
                     previous={overview.previous_period} choices={choices.clone()}
                     on_change={on_change.clone()} all_channels={false} />
            <KpiCards line={overview.selected(Some(channel))} currency={currency.clone()} />
            <SeriesChart points={series} metric={f.series_metric} currency={currency.clone()}
                         on_metric={on_change.reform(DashboardAction::SeriesMetric)} />
            <div class="channel-groups">
                <GroupTable kind="scope" title={Text::ByScopeTitle} lines={by_scope}
                            currency={currency.clone()} />
                <GroupTable kind="campaign" title={Text::ByCampaignTitle} lines={by_campaign}
                            currency={currency} />
            </div>
            <AgeBands data={props.data.clone()} period={overview.period} channel={channel}
                      channels={choices.channels.clone()} />
        </div>
    }
}
