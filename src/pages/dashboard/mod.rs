//! The dashboard (SPEC §3): KPI cards, the channel comparison and a time
//! series, all computed in Wasm from the data set held by the app.

mod channel_table;
pub(crate) mod filters;
pub(crate) mod kpi_cards;
pub(crate) mod labels;
pub mod model;
pub mod preview;
pub(crate) mod series;
pub mod status;
pub(crate) mod time_chart;

pub use series::downsample;

use crate::components::{EmptyState, PageHeader};
use crate::hooks::use_data;
use crate::i18n::Text;
use crate::services;
use crate::state::dashboard::{period_end, DashboardAction, DashboardFilters};
use crate::state::data::{DataSource, DataStatus, Loaded};
use canal_core::kpi::{self, Group};
use canal_core::model::Channel;
use channel_table::ChannelTable;
use filters::{Choices, Filters};
use kpi_cards::KpiCards;
use preview::{ServerDashboard, ServerMode};
use series::SeriesChart;
use status::{LoadErrorState, LoadingState};
use yew::prelude::*;

/// The dashboard page: the figures once there is data, else how to get some.
#[component]
pub fn DashboardPage() -> Html {
    let data = use_data();
    let body = match (data.data(), data.status()) {
        (Some(loaded), _) => html! { <Dashboard data={loaded.clone()} /> },
        (None, DataStatus::Loading { progress }) if *data.loading_from() == DataSource::Server => {
            html! { <ServerDashboard mode={ServerMode::Loading(*progress)} /> }
        }
        (None, &DataStatus::ServerOnly { events, limit }) => {
            html! { <ServerDashboard mode={ServerMode::TooLarge { events, limit }} /> }
        }
        (None, DataStatus::Loading { progress }) => html! { <LoadingState progress={*progress} /> },
        (None, DataStatus::Failed(reason)) => html! { <LoadErrorState reason={reason.clone()} /> },
        (None, _) => html! { <EmptyState /> },
    };
    html! {
        <>
            <PageHeader title={Text::NavDashboard} intro={Text::DashboardIntro} />
            { body }
        </>
    }
}

/// The channels and campaigns present in `data`.
pub(crate) fn choices(data: &Loaded) -> Choices {
    let ds = &data.dataset;
    let mut seen = [false; 16];
    for &c in &ds.events.channel {
        seen[usize::from(c & 15)] = true;
    }
    let channels = Channel::ALL
        .iter()
        .copied()
        .filter(|c| seen[usize::from(c.code())])
        .collect();
    let mut campaigns: Vec<(u32, String)> = (0..ds.campaign_ids.len() as u32)
        .map(|id| (id, kpi::label(ds, Group::Campaign(id))))
        .collect();
    campaigns.sort_by(|a, b| a.1.cmp(&b.1));
    Choices {
        channels,
        campaigns,
    }
}

/// Props of [`Dashboard`].
#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// The dashboard over `data`.
#[component]
pub fn Dashboard(props: &DashboardProps) -> Html {
    let filters = use_reducer(DashboardFilters::default);
    // Read once per visit: "today" only matters for live data.
    let today = use_state(services::clock::now_secs);
    let end = period_end(props.data.span.map(|s| s.1), *today);
    let f = (*filters).clone();

    let overview = use_memo(
        (props.data.clone(), f.preset, f.scope, f.campaign, end),
        |(data, _, _, _, end)| model::overview(&data.dataset, &data.index, &f, *end),
    );
    let f = (*filters).clone();
    let series = use_memo(
        (
            props.data.clone(),
            f.preset,
            f.channel,
            f.scope,
            f.campaign,
            f.series_metric,
            end,
        ),
        |(data, _, _, _, _, metric, end)| {
            model::series(&data.dataset, &data.index, &f, *end, *metric)
        },
    );
    let choices = use_memo(props.data.clone(), choices);

    let on_change = {
        let filters = filters.dispatcher();
        Callback::from(move |a: DashboardAction| filters.dispatch(a))
    };
    let currency = AttrValue::from(overview.currency.clone());
    html! {
        <div class="dashboard" data-state="ready">
            <Filters filters={(*filters).clone()} period={overview.period}
                     previous={overview.previous_period} choices={choices}
                     on_change={on_change.clone()} />
            <KpiCards line={overview.selected(filters.channel)} currency={currency.clone()} />
            <SeriesChart points={series} metric={filters.series_metric} currency={currency}
                         on_metric={on_change.reform(DashboardAction::SeriesMetric)} />
            <ChannelTable overview={overview.clone()} selected={filters.channel} sort={filters.sort}
                          on_sort={on_change.reform(DashboardAction::SortBy)}
                          on_select={on_change.reform(DashboardAction::Channel)} />
        </div>
    }
}
