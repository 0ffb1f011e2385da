//! The server's figures: while the data set streams in, and instead of it
//! for a workspace larger than the browser is set to load.
//!
//! Loading every export into the browser takes seconds (tens of seconds for
//! a large workspace), and the dashboard used to stay blank until the last
//! row arrived. The server computes the same KPIs with the same core code
//! (`/api/metrics/kpis` and `/api/metrics/reactivation` are the core's
//! report types as JSON), so for the default period the cards and the
//! channel table can show the server's answer at once; the Wasm figures
//! replace them, equal, when the data lands, and the filters unlock.

use super::channel_table::ChannelTable;
use super::filters::{Choices, Filters};
use super::kpi_cards::KpiCards;
use super::model::{overview_of, Overview};
use super::status::{LoadErrorState, LoadingState};
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::route::Route;
use crate::services::metrics::{self, MetricsQuery, Report};
use crate::services::wire::format_time;
use crate::state::dashboard::{DashboardAction, DashboardFilters};
use crate::state::data::LoadProgress;
use canal_core::format;
use canal_core::kpi::KpiComparison;
use canal_core::model::Scope;
use canal_core::rate::Period;
use canal_core::reactivation::ReactivationReport;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The overview the server's three reports describe: KPIs by channel with
/// the previous period, and reactivations in each of the two periods.
/// `scoped`: the reports are of one scope, so the total counts the
/// comebacks credited to it, as the app's own figures do.
pub fn overview_from_server(
    kpis: serde_json::Value,
    react_now: serde_json::Value,
    react_before: serde_json::Value,
    scoped: bool,
) -> Result<Overview, String> {
    let cmp: KpiComparison = serde_json::from_value(kpis).map_err(|e| format!("kpis: {e}"))?;
    let now: ReactivationReport =
        serde_json::from_value(react_now).map_err(|e| format!("reactivation: {e}"))?;
    let before: ReactivationReport =
        serde_json::from_value(react_before).map_err(|e| format!("reactivation: {e}"))?;
    // The exports carry the currency; until they land, the app's default.
    Ok(overview_of(&cmp, &now, &before, scoped, "EUR".to_owned()))
}

/// The reactivation query of one period under `scope`.
fn reactivation_query(period: Period, scope: &str) -> MetricsQuery {
    MetricsQuery {
        from: format_time(period.from),
        to: format_time(period.to),
        scope: scope.to_owned(),
        ..MetricsQuery::default()
    }
}

/// The server's overview of `period` (its default period, the last 30
/// days of its data, when `None`) under `scope`.
async fn fetch_overview(period: Option<Period>, scope: Option<Scope>) -> Result<Overview, String> {
    let scope = scope.map(Scope::as_str).unwrap_or_default();
    let q = MetricsQuery {
        group_by: "channel".into(),
        compare: true,
        from: period.map(|p| format_time(p.from)).unwrap_or_default(),
        to: period.map(|p| format_time(p.to)).unwrap_or_default(),
        scope: scope.to_owned(),
        ..MetricsQuery::default()
    };
    let kpis = metrics::fetch(Report::Kpis, &q, None)
        .await
        .map_err(|e| e.to_string())?;
    // Only the two periods here; the whole report is read once, below.
    let period = |which: &str| -> Result<Period, String> {
        serde_json::from_value(kpis[which]["period"].clone()).map_err(|e| format!("kpis: {e}"))
    };
    let now_q = reactivation_query(period("current")?, scope);
    let before_q = reactivation_query(period("previous")?, scope);
    let now = metrics::fetch(Report::Reactivation, &now_q, None)
        .await
        .map_err(|e| e.to_string())?;
    let before = metrics::fetch(Report::Reactivation, &before_q, None)
        .await
        .map_err(|e| e.to_string())?;
    overview_from_server(kpis, now, before, !scope.is_empty())
}

/// Why the dashboard shows the server's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ServerMode {
    /// The data is on its way into the browser; this is how far it got.
    Loading(LoadProgress),
    /// The workspace is larger than this browser loads: the server's
    /// figures are the dashboard, with the filters the server offers.
    TooLarge {
        /// Events on the server.
        events: u64,
        /// This browser's limit.
        limit: u64,
    },
}

/// Props of [`ServerDashboard`].
#[derive(Properties, PartialEq)]
pub struct ServerDashboardProps {
    /// Why.
    pub mode: ServerMode,
}

/// The cards and the channel table from the server's reports. While the
/// data loads: the default period, with the load's progress (the plain
/// loading state until the first answer). For a workspace too large for
/// the browser: with the period, channel and scope filters, each change
/// one round trip (an answer to an earlier choice is dropped).
#[component]
pub fn ServerDashboard(props: &ServerDashboardProps) -> Html {
    let settings = use_settings();
    let filters = use_reducer(DashboardFilters::default);
    let end = use_state(|| None::<i64>);
    let overview = use_state(|| None::<Rc<Overview>>);
    let failed = use_state(|| None::<String>);
    let asked = use_mut_ref(|| 0u32);
    {
        let (overview, failed, end, asked) =
            (overview.clone(), failed.clone(), end.clone(), asked.clone());
        let f = (*filters).clone();
        use_effect_with((f.preset, f.scope, *end), move |_| {
            let ticket = {
                let mut n = asked.borrow_mut();
                *n += 1;
                *n
            };
            let period = (*end).map(|e| f.period(e));
            wasm_bindgen_futures::spawn_local(async move {
                let answer = fetch_overview(period, f.scope).await;
                if *asked.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(o) => {
                        // Presets end where the server's default period
                        // ends: the last day of its data.
                        if end.is_none() {
                            end.set(Some(o.period.to));
                        }
                        failed.set(None);
                        overview.set(Some(Rc::new(o)));
                    }
                    Err(err) => {
                        gloo::console::info!(format!("server figures: {err}"));
                        failed.set(Some(err));
                    }
                }
            });
        });
    }
    let on_change = {
        let filters = filters.dispatcher();
        Callback::from(move |a: DashboardAction| filters.dispatch(a))
    };
    let (progress, too_large) = match props.mode {
        ServerMode::Loading(p) => (Some(p), None),
        ServerMode::TooLarge { events, limit } => (None, Some((events, limit))),
    };
    let Some(o) = (*overview).clone() else {
        return match (progress, (*failed).clone()) {
            (Some(p), _) => html! { <LoadingState progress={p} /> },
            (None, Some(reason)) => html! { <LoadErrorState reason={reason} /> },
            (None, None) => html! { <LoadingState progress={LoadProgress::default()} /> },
        };
    };
    let locale = settings.locale();
    let choices = Rc::new(Choices {
        channels: o.channels.iter().filter_map(|l| l.channel).collect(),
        campaigns: Vec::new(),
    });
    // While loading, the filter bar is there but closed, with the load's
    // progress on its period line: when the data lands and the app's own
    // dashboard takes over, nothing moves.
    let (state, note, status) = match (progress, too_large) {
        (Some(p), _) => (
            "preview",
            Html::default(),
            html! {
                <span class="preview-note" role="status">
                    { " · " }{ settings.t(Text::DashboardPreviewNote) }
                    <progress max="1" value={p.fraction().to_string()}
                              aria-label={settings.t(Text::LoadingTitle)}></progress>
                </span>
            },
        ),
        (None, Some((events, limit))) => (
            "server",
            html! {
                <section class="card server-only-note" data-events={events.to_string()}>
                    <div>
                        <strong>{ settings.t(Text::ServerOnlyTitle) }</strong>
                        <p>
                            { format::count(events, locale) }{ " " }{ settings.t(Text::ServerOnlyCount) }{ " " }
                            { format::count(limit, locale) }{ ". " }{ settings.t(Text::ServerOnlyBody) }
                        </p>
                    </div>
                    <Link<Route> to={Route::Settings} classes="button">{ settings.t(Text::NavSettings) }</Link<Route>>
                </section>
            },
            Html::default(),
        ),
        (None, None) => ("server", Html::default(), Html::default()),
    };
    let interactive = too_large.is_some();
    let selected = if interactive { filters.channel } else { None };
    let on_select = if interactive {
        on_change.reform(DashboardAction::Channel)
    } else {
        Callback::noop()
    };
    html! {
        <div class="dashboard" data-state={state} data-source="server"
             aria-busy={(progress.is_some() || (*failed).is_some()).to_string()}>
            { note }
            <Filters filters={(*filters).clone()} period={o.period}
                     previous={o.previous_period} choices={choices}
                     on_change={on_change.clone()} disabled={!interactive} status={status} />
            <KpiCards line={o.selected(selected)} currency={AttrValue::from(o.currency.clone())} />
            <ChannelTable overview={o} selected={selected} sort={filters.sort}
                          on_sort={on_change.reform(DashboardAction::SortBy)}
                          on_select={on_select} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::dashboard::model::overview;
    use crate::state::dashboard::{DashboardFilters, Metric, PeriodPreset};
    use canal_core::contact_index::sort_by_contact;
    use canal_core::kpi::{kpis_compare, GroupBy, KpiQuery};
    use canal_core::model::{Channel, EventKind, EventRow, DAY};
    use canal_core::reactivation::{reactivation, ReactivationQuery};
    use canal_core::Dataset;

    /// The server answers with the core's reports as JSON; read back, they
    /// give exactly the overview the app computes from the same data.
    #[test]
    fn server_reports_give_the_apps_overview() {
        let end = 400 * DAY;
        let mut ds = Dataset::default();
        let mut push = |c: &str, t: i64, ch: Channel, k: EventKind| {
            let mut r = EventRow::new(c, t, ch, k);
            r.campaign = Some("c1");
            ds.push_event(&r);
        };
        // Dormant since day 200, an e-mail on day 395, back on day 396.
        push("a", 200 * DAY, Channel::Web, EventKind::Visited);
        push("a", 395 * DAY, Channel::Email, EventKind::Sent);
        push("a", 395 * DAY + 60, Channel::Email, EventKind::Opened);
        push("a", 396 * DAY, Channel::Web, EventKind::Visited);
        push("b", 380 * DAY, Channel::Sms, EventKind::Sent);
        push("b", 380 * DAY + 60, Channel::Sms, EventKind::Clicked);
        push("b", 350 * DAY, Channel::Email, EventKind::Sent);
        push("c", 390 * DAY, Channel::Email, EventKind::Sent);
        push("c", 390 * DAY, Channel::Email, EventKind::BouncedHard);
        let idx = sort_by_contact(&mut ds);

        let filters = DashboardFilters {
            preset: PeriodPreset::Last30,
            ..DashboardFilters::default()
        };
        let app = overview(&ds, &idx, &filters, end);

        let period = filters.period(end);
        let cmp = kpis_compare(&ds, &idx, &KpiQuery::new(period, GroupBy::Channel));
        let react = |p| reactivation(&ds, &idx, &ReactivationQuery::new(p));
        let server = overview_from_server(
            json(&cmp),
            json(&react(period)),
            json(&react(cmp.previous.period)),
            false,
        )
        .expect("the server's reports read back");
        assert_eq!(server, app);
        // Not vacuous: there is something to show in both periods.
        assert_eq!(app.total.current.value(Metric::Reactivations), Some(1.0));
        assert_eq!(app.total.current.value(Metric::Sent), Some(3.0));
        assert_eq!(app.total.previous.value(Metric::Sent), Some(1.0));
    }

    #[test]
    fn a_malformed_report_is_an_error_not_a_panic() {
        let err = overview_from_server(
            serde_json::json!({"current": 1}),
            serde_json::json!({}),
            serde_json::json!({}),
            false,
        )
        .unwrap_err();
        assert!(err.starts_with("kpis:"), "{err}");
    }

    /// Serialises like the server's `to_json`.
    fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
        serde_json::to_value(v).expect("serialisable")
    }
}
