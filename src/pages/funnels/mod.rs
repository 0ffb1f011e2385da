//! The Funnels page (SPEC §3): steps chosen from the data, the drop-off
//! between them, units whose window is still open shown apart, and the
//! same funnel by group.

mod builder;

use crate::components::{EmptyState, PageHeader};
use crate::hooks::{use_data, use_settings};
use crate::i18n::{Locale, Text};
use crate::numbers;
use crate::pages::dashboard::choices;
use crate::pages::dashboard::filters::Filters;
use crate::pages::dashboard::status::{LoadErrorState, LoadingState};
use crate::pages::support::duration;
use crate::services;
use crate::state::dashboard::{period_end, DashboardAction, DashboardFilters};
use crate::state::data::{DataStatus, Loaded};
use crate::state::funnel::{default_steps, step_options, FunnelSpec};
use builder::StepBuilder;
use canal_core::format;
use canal_core::funnel::{funnel, FunnelGroup};
use yew::prelude::*;

pub use builder::choice_label;

/// The Funnels page.
#[component]
pub fn FunnelsPage() -> Html {
    let data = use_data();
    let body = match (data.data(), data.status()) {
        (Some(loaded), _) => html! { <FunnelView data={loaded.clone()} /> },
        (None, DataStatus::Loading { progress }) => html! { <LoadingState progress={*progress} /> },
        (None, DataStatus::Failed(reason)) => html! { <LoadErrorState reason={reason.clone()} /> },
        (None, _) => html! { <EmptyState /> },
    };
    html! {
        <>
            <PageHeader title={Text::NavFunnels} intro={Text::FunnelsIntro} />
            { body }
        </>
    }
}

/// Props of [`FunnelView`].
#[derive(Properties, PartialEq)]
pub struct FunnelViewProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// The builder and the funnel over `data`.
#[component]
pub fn FunnelView(props: &FunnelViewProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let options = use_memo(props.data.clone(), |d| step_options(&d.dataset));
    let spec = {
        let options = options.clone();
        use_reducer(move || FunnelSpec::new(default_steps(&options)))
    };
    let filters = use_reducer(DashboardFilters::default);
    let today = use_state(services::clock::now_secs);
    let end = period_end(props.data.span.map(|s| s.1), *today);
    // "Now" for open windows: the end of the data when it is historical.
    let as_of = props.data.span.map_or(end, |s| s.1.min(end));
    let period = filters.period(end);
    let choices = use_memo(props.data.clone(), choices);
    let report = use_memo(
        (props.data.clone(), (*spec).clone(), period, as_of),
        |(data, spec, period, as_of)| {
            let q = spec.query(&data.dataset, *period, *as_of);
            (q.steps.len() >= 2).then(|| funnel(&data.dataset, &data.index, &q))
        },
    );
    let on_filter = {
        let filters = filters.dispatcher();
        Callback::from(move |a: DashboardAction| filters.dispatch(a))
    };
    let on_spec = {
        let spec = spec.dispatcher();
        Callback::from(move |a| spec.dispatch(a))
    };
    let result = match report.as_ref() {
        None => {
            html! { <p class="card chart-empty" data-state="need-steps">{ settings.t(Text::FunnelNeedSteps) }</p> }
        }
        Some(r)
            if r.total
                .steps
                .first()
                .is_none_or(|s| s.entered == 0 && r.total.in_progress == 0) =>
        {
            html! { <p class="card chart-empty" data-state="nobody">{ settings.t(Text::FunnelNobody) }</p> }
        }
        Some(r) => html! {
            <>
                <DropOff group={r.total.clone()} />
                if !r.groups.is_empty() {
                    { groups_table(&r.groups, locale) }
                }
            </>
        },
    };
    html! {
        <div class="funnel-page" data-state="ready">
            <Filters filters={(*filters).clone()} period={period} previous={period.previous()}
                     choices={choices} on_change={on_filter} period_only={true} />
            <div class="funnel-layout">
                <StepBuilder spec={std::rc::Rc::new((*spec).clone())} options={options} on_change={on_spec} />
                <div class="funnel-result">{ result }</div>
            </div>
        </div>
    }
}

/// Props of [`DropOff`].
#[derive(Properties, PartialEq)]
pub struct DropOffProps {
    /// The funnel of everyone.
    pub group: FunnelGroup,
}

/// Bars as wide as the share of entrants that reached each step, the
/// drop-off between them, and a table alternative.
#[component]
pub fn DropOff(props: &DropOffProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let g = &props.group;
    let first = g.steps.first().map_or(0, |s| s.entered).max(1);
    let bars = g.steps.iter().enumerate().map(|(i, s)| {
        let width = format!("width: {:.1}%", s.entered as f64 / first as f64 * 100.0);
        let drop = (i > 0).then(|| {
            html! {
                <p class="funnel-drop" data-drop-off={s.drop_off.value().map(|v| v.to_string()).unwrap_or_default()}>
                    <span aria-hidden="true">{ "↓ " }</span>
                    { numbers::metric_rate(s.conversion.value(), locale) }{ " · " }
                    { settings.t(Text::FunnelDropOff) }{ " " }
                    <strong>{ numbers::metric_rate(s.drop_off.value(), locale) }</strong>
                    { for s.median_secs.map(|m| html! { <span class="funnel-time">{ " · " }{ duration(m, locale) }</span> }) }
                </p>
            }
        });
        html! {
            <li class="funnel-bar-row" data-step={i.to_string()} data-entered={s.entered.to_string()}
                data-in-progress={s.in_progress.to_string()}>
                { for drop }
                <div class="funnel-bar-head">
                    <span class="funnel-step-name">{ step_label(&s.label, locale) }</span>
                    <span class="funnel-count">{ format::count(s.entered, locale) }</span>
                </div>
                <div class="funnel-track" aria-hidden="true"><div class="funnel-fill" style={width}></div></div>
            </li>
        }
    });
    let rows = g.steps.iter().map(|s| {
        html! {
            <tr>
                <th scope="row">{ step_label(&s.label, locale) }</th>
                <td class="num">{ format::count(s.entered, locale) }</td>
                <td class="num">{ numbers::metric_rate(s.conversion.value(), locale) }</td>
                <td class="num">{ numbers::metric_rate(s.drop_off.value(), locale) }</td>
                <td class="num">{ s.median_secs.map_or_else(|| "–".to_owned(), |m| duration(m, locale)) }</td>
                <td class="num">{ format::count(s.in_progress, locale) }</td>
            </tr>
        }
    });
    html! {
        <section class="card funnel-card" data-testid="funnel-chart" aria-labelledby="funnel-title">
            <div class="card-head">
                <h2 id="funnel-title">{ settings.t(Text::FunnelChartTitle) }</h2>
                <p class="funnel-overall">
                    { settings.t(Text::FunnelOverall) }{ " " }
                    <strong data-metric="funnel_overall" data-value={g.overall.value().map(|v| v.to_string()).unwrap_or_default()}
                            title={format!("{} / {}", format::count(g.overall.num, locale), format::count(g.overall.den, locale))}>
                        { numbers::metric_rate(g.overall.value(), locale) }
                    </strong>
                </p>
            </div>
            <ol class="funnel-chart">{ for bars }</ol>
            if g.in_progress > 0 {
                <p class="funnel-open" data-testid="funnel-in-progress" data-value={g.in_progress.to_string()}>
                    <strong>{ format::count(g.in_progress, locale) }</strong>{ " " }
                    { settings.t(Text::FunnelInProgressNote) }
                </p>
            }
            <details class="series-table">
                <summary>{ settings.t(Text::FunnelShowTable) }</summary>
                <div class="table-scroll">
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{ settings.t(Text::FunnelStep) }</th>
                            <th scope="col" class="num">{ settings.t(Text::FunnelEntered) }</th>
                            <th scope="col" class="num">{ settings.t(Text::FunnelStepConversion) }</th>
                            <th scope="col" class="num">{ settings.t(Text::FunnelDropOff) }</th>
                            <th scope="col" class="num">{ settings.t(Text::FunnelMedianTime) }</th>
                            <th scope="col" class="num">{ settings.t(Text::FunnelInProgress) }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

/// A step's label as shown: kinds translated, names as in the data.
fn step_label(label: &str, locale: Locale) -> String {
    match canal_core::model::EventKind::parse(label) {
        Some(k) if k.as_str() == label => crate::i18n::kind(k).get(locale).to_owned(),
        _ => label.replace('_', " "),
    }
}

fn groups_table(groups: &[FunnelGroup], locale: Locale) -> Html {
    let n = groups.first().map_or(0, |g| g.steps.len());
    let mut sorted: Vec<&FunnelGroup> = groups.iter().collect();
    let entered = |g: &FunnelGroup| g.steps.first().map_or(0, |s| s.entered);
    sorted.sort_by(|a, b| {
        entered(b)
            .cmp(&entered(a))
            .then_with(|| a.label.cmp(&b.label))
    });
    let head = groups.first().map(|g| {
        g.steps
            .iter()
            .map(|s| html! { <th scope="col" class="num">{ step_label(&s.label, locale) }</th> })
            .collect::<Html>()
    });
    let rows = sorted.iter().take(20).map(|g| {
        let label = match canal_core::model::Channel::parse(&g.label) {
            Some(c) if c.as_str() == g.label => crate::i18n::channel(c).get(locale).to_owned(),
            _ => g.label.clone(),
        };
        html! {
            <tr data-group={g.label.clone()}>
                <th scope="row">{ label }</th>
                { for g.steps.iter().map(|s| html! { <td class="num">{ format::count(s.entered, locale) }</td> }) }
                <td class="num" data-value={g.overall.value().map(|v| v.to_string()).unwrap_or_default()}>
                    <strong>{ numbers::metric_rate(g.overall.value(), locale) }</strong>
                </td>
                <td class="num">{ format::count(g.in_progress, locale) }</td>
            </tr>
        }
    });
    html! {
        <section class="card table-card" data-testid="funnel-groups" data-steps={n.to_string()} aria-labelledby="funnel-groups-title">
            <div class="card-head"><h2 id="funnel-groups-title">{ Text::FunnelGroupsTitle.get(locale) }</h2></div>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="funnel-groups-title">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{ Text::FunnelGroup.get(locale) }</th>
                        { for head }
                        <th scope="col" class="num">{ Text::FunnelOverall.get(locale) }</th>
                        <th scope="col" class="num">{ Text::FunnelInProgress.get(locale) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
