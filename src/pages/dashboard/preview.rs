//! The server's figures while the data set streams in.
//!
//! Loading every export into the browser takes seconds (tens of seconds for
//! a large workspace), and the dashboard used to stay blank until the last
//! row arrived. The server computes the same KPIs with the same core code
//! (`/api/metrics/kpis` and `/api/metrics/reactivation` are the core's
//! report types as JSON), so for the default period the cards and the
//! channel table can show the server's answer at once; the Wasm figures
//! replace them, equal, when the data lands, and the filters unlock.

use super::channel_table::ChannelTable;
use super::kpi_cards::KpiCards;
use super::model::{overview_of, Overview};
use super::status::LoadingState;
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::services::metrics::{self, MetricsQuery, Report};
use crate::services::wire::format_time;
use crate::state::dashboard::Metric;
use crate::state::data::LoadProgress;
use canal_core::kpi::KpiComparison;
use canal_core::reactivation::ReactivationReport;
use std::rc::Rc;
use yew::prelude::*;

/// The overview the server's three reports describe: KPIs by channel with
/// the previous period, and reactivations in each of the two periods.
pub fn overview_from_server(
    kpis: serde_json::Value,
    react_now: serde_json::Value,
    react_before: serde_json::Value,
) -> Result<Overview, String> {
    let cmp: KpiComparison = serde_json::from_value(kpis).map_err(|e| format!("kpis: {e}"))?;
    let now: ReactivationReport =
        serde_json::from_value(react_now).map_err(|e| format!("reactivation: {e}"))?;
    let before: ReactivationReport =
        serde_json::from_value(react_before).map_err(|e| format!("reactivation: {e}"))?;
    // The exports carry the currency; until they land, the app's default.
    Ok(overview_of(&cmp, &now, &before, false, "EUR".to_owned()))
}

/// The reactivation query of one period.
fn reactivation_query(period: canal_core::rate::Period) -> MetricsQuery {
    MetricsQuery {
        from: format_time(period.from),
        to: format_time(period.to),
        ..MetricsQuery::default()
    }
}

async fn fetch_overview() -> Result<Overview, String> {
    let q = MetricsQuery {
        group_by: "channel".into(),
        compare: true,
        ..MetricsQuery::default()
    };
    let kpis = metrics::fetch(Report::Kpis, &q, None)
        .await
        .map_err(|e| e.to_string())?;
    let periods: KpiComparison =
        serde_json::from_value(kpis.clone()).map_err(|e| format!("kpis: {e}"))?;
    let now_q = reactivation_query(periods.current.period);
    let before_q = reactivation_query(periods.previous.period);
    let now = metrics::fetch(Report::Reactivation, &now_q, None)
        .await
        .map_err(|e| e.to_string())?;
    let before = metrics::fetch(Report::Reactivation, &before_q, None)
        .await
        .map_err(|e| e.to_string())?;
    overview_from_server(kpis, now, before)
}

/// Props of [`ServerPreview`].
#[derive(Properties, PartialEq)]
pub struct ServerPreviewProps {
    /// How far the data set has loaded.
    pub progress: LoadProgress,
}

/// The cards and the channel table from the server's reports, with the
/// load's progress; the plain loading state until the reports arrive (or
/// if the server cannot give them).
#[component]
pub fn ServerPreview(props: &ServerPreviewProps) -> Html {
    let settings = use_settings();
    let overview = use_state(|| None::<Rc<Overview>>);
    let sort = use_state(|| (Metric::Sent, true));
    {
        let overview = overview.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_overview().await {
                    Ok(o) => overview.set(Some(Rc::new(o))),
                    // The full data is on its way anyway; only say why here.
                    Err(err) => gloo::console::info!(format!("server figures: {err}")),
                }
            });
        });
    }
    let Some(o) = (*overview).clone() else {
        return html! { <LoadingState progress={props.progress} /> };
    };
    let on_sort = {
        let sort = sort.clone();
        Callback::from(move |m: Metric| {
            let descending = if sort.0 == m { !sort.1 } else { true };
            sort.set((m, descending));
        })
    };
    let p = props.progress;
    html! {
        <div class="dashboard" data-state="preview" data-source="server" aria-busy="true">
            <p class="card preview-note" role="status">
                <progress max="1" value={p.fraction().to_string()}
                          aria-label={settings.t(Text::LoadingTitle)}></progress>
                <span>{ settings.t(Text::DashboardPreviewNote) }</span>
            </p>
            <KpiCards line={o.total.clone()} currency={AttrValue::from(o.currency.clone())} />
            <ChannelTable overview={o} selected={None} sort={*sort} on_sort={on_sort}
                          on_select={Callback::noop()} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::dashboard::model::overview;
    use crate::state::dashboard::{DashboardFilters, PeriodPreset};
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
        )
        .unwrap_err();
        assert!(err.starts_with("kpis:"), "{err}");
    }

    /// Serialises like the server's `to_json`.
    fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
        serde_json::to_value(v).expect("serialisable")
    }
}
