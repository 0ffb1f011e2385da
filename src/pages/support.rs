//! The Support page (SPEC §3): inbound volume and its share per channel,
//! who contacted support, categories, first response time and
//! satisfaction, each against the previous period.

use crate::components::{EmptyState, PageHeader};
use crate::hooks::{use_data, use_settings};
use crate::i18n::{self, Locale, Text};
use crate::numbers::{self, relative_change};
use crate::pages::dashboard::choices;
use crate::pages::dashboard::filters::Filters;
use crate::pages::dashboard::status::{LoadErrorState, LoadingState};
use crate::services;
use crate::state::dashboard::{period_end, DashboardAction, DashboardFilters};
use crate::state::data::{DataStatus, Loaded};
use canal_core::format;
use canal_core::rate::Rate;
use canal_core::support::{support, Category, SupportReport};
use yew::prelude::*;

/// The Support page.
#[component]
pub fn SupportPage() -> Html {
    let data = use_data();
    let body = match (data.data(), data.status()) {
        (Some(loaded), _) => html! { <SupportView data={loaded.clone()} /> },
        (None, DataStatus::Loading { progress }) => html! { <LoadingState progress={*progress} /> },
        (None, DataStatus::Failed(reason)) => html! { <LoadErrorState reason={reason.clone()} /> },
        (None, _) => html! { <EmptyState /> },
    };
    html! {
        <>
            <PageHeader title={Text::NavSupport} intro={Text::SupportIntro} />
            { body }
        </>
    }
}

/// A duration in the largest unit that keeps it readable: "45 min",
/// "3.5 h", "2.1 d" ("3,5 h" in Spanish).
pub fn duration(secs: f64, locale: Locale) -> String {
    let (value, unit) = if secs < 3_600.0 {
        (secs / 60.0, "min")
    } else if secs < 86_400.0 {
        (secs / 3_600.0, "h")
    } else {
        (secs / 86_400.0, "d")
    };
    let decimals = if value < 10.0 && unit != "min" { 1 } else { 0 };
    format!("{}\u{a0}{unit}", format::number(value, decimals, locale))
}

/// Props of [`SupportView`].
#[derive(Properties, PartialEq)]
pub struct SupportViewProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// Support figures over `data`.
#[component]
pub fn SupportView(props: &SupportViewProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let filters = use_reducer(DashboardFilters::default);
    let today = use_state(services::clock::now_secs);
    let end = period_end(props.data.span.map(|s| s.1), *today);
    let period = filters.period(end);
    let choices = use_memo(props.data.clone(), choices);
    let reports = use_memo((props.data.clone(), period), |(data, period)| {
        (
            support(&data.dataset, &data.index, *period),
            support(&data.dataset, &data.index, period.previous()),
        )
    });
    let (now, before) = (&reports.0, &reports.1);
    let on_change = {
        let filters = filters.dispatcher();
        Callback::from(move |a: DashboardAction| filters.dispatch(a))
    };
    let fr = |r: &SupportReport| r.first_response.median_secs;
    let sat = |r: &SupportReport| r.satisfaction.mean_score;
    let cards = [
        card(
            "support_inbound",
            Text::SupportInbound,
            Some(now.inbound as f64),
            Some(before.inbound as f64),
            format::count(now.inbound, locale),
            None,
            locale,
        ),
        card(
            "contacted_support_rate",
            Text::SupportContacted,
            now.contacted_support.value(),
            before.contacted_support.value(),
            numbers::metric_rate(now.contacted_support.value(), locale),
            Some(fraction(now.contacted_support, locale)),
            locale,
        ),
        card(
            "first_response_median_secs",
            Text::SupportFirstResponse,
            fr(now),
            fr(before),
            fr(now).map_or_else(|| "–".to_owned(), |s| duration(s, locale)),
            Some(format!(
                "{}: {} · {}: {}",
                settings.t(Text::SupportMean),
                now.first_response
                    .mean_secs
                    .map_or_else(|| "–".to_owned(), |s| duration(s, locale)),
                settings.t(Text::SupportUnanswered),
                format::count(now.first_response.unanswered, locale)
            )),
            locale,
        ),
        card(
            "satisfaction_mean",
            Text::SupportSatisfaction,
            sat(now),
            sat(before),
            sat(now).map_or_else(
                || "–".to_owned(),
                |v| format!("{} / 5", format::number(v, 2, locale)),
            ),
            Some(format!(
                "{} {}",
                numbers::metric_rate(now.satisfaction.satisfied.value(), locale),
                settings.t(Text::SupportSatisfied)
            )),
            locale,
        ),
    ];
    let channel_rows = now.channels.iter().map(|c| {
        let name = settings.t(i18n::channel(c.channel));
        bar_row(name, c.channel.as_str(), c.share, c.volume, locale)
    });
    let category_rows = now.categories.iter().map(|c| {
        let name = settings.t(category_text(c.category));
        bar_row(
            name,
            category_slug(c.category),
            c.share,
            c.share.num,
            locale,
        )
    });
    let empty = now.inbound == 0;
    html! {
        <div class="support-page" data-state="ready">
            <Filters filters={(*filters).clone()} period={period} previous={period.previous()}
                     choices={choices} on_change={on_change} period_only={true} />
            <section class="kpi-section" aria-label={settings.t(Text::NavSupport)}>
                <div class="kpi-grid support-grid">{ for cards }</div>
            </section>
            if empty {
                <p class="card chart-empty">{ settings.t(Text::SupportEmpty) }</p>
            } else {
                <div class="support-split">
                    <section class="card" data-testid="support-channels" aria-labelledby="support-channels-title">
                        <div class="card-head"><h2 id="support-channels-title">{ settings.t(Text::SupportByChannel) }</h2></div>
                        <table class="data-table bar-table">
                            <thead><tr>
                                <th scope="col">{ settings.t(Text::FilterChannel) }</th>
                                <th scope="col" class="num">{ settings.t(Text::SupportShare) }</th>
                                <th scope="col" class="num">{ settings.t(Text::SupportVolume) }</th>
                            </tr></thead>
                            <tbody>{ for channel_rows }</tbody>
                        </table>
                    </section>
                    <section class="card" data-testid="support-categories" aria-labelledby="support-categories-title">
                        <div class="card-head"><h2 id="support-categories-title">{ settings.t(Text::SupportByCategory) }</h2></div>
                        <table class="data-table bar-table">
                            <thead><tr>
                                <th scope="col">{ settings.t(Text::SupportCategory) }</th>
                                <th scope="col" class="num">{ settings.t(Text::SupportShare) }</th>
                                <th scope="col" class="num">{ settings.t(Text::SupportVolume) }</th>
                            </tr></thead>
                            <tbody>{ for category_rows }</tbody>
                        </table>
                    </section>
                </div>
            }
        </div>
    }
}

fn fraction(r: Rate, locale: Locale) -> String {
    format!(
        "{} / {}",
        format::count(r.num, locale),
        format::count(r.den, locale)
    )
}

/// A KPI card: `data-metric` for tests, the value, its change.
fn card(
    slug: &'static str,
    label: Text,
    value: Option<f64>,
    previous: Option<f64>,
    shown: String,
    sub: Option<String>,
    locale: Locale,
) -> Html {
    // Faster answers are better: first response time falls when it improves.
    let change = relative_change(value, previous);
    let delta = change.map(|c| {
        let good = if slug == "first_response_median_secs" {
            c < 0.0
        } else {
            c > 0.0
        };
        let trend = if c.abs() < 0.0005 {
            "neutral"
        } else if good {
            "good"
        } else {
            "bad"
        };
        let arrow = if c.abs() < 0.0005 {
            "→"
        } else if c > 0.0 {
            "↑"
        } else {
            "↓"
        };
        html! {
            <p class={classes!("kpi-delta", trend)} data-trend={trend}>
                <span class="kpi-arrow" aria-hidden="true">{ arrow }</span>
                <span class="kpi-change">{ format::signed_percent(c, 1, locale) }</span>
                <span class="kpi-vs">{ Text::VsPrevious.get(locale) }</span>
            </p>
        }
    });
    html! {
        <article class="kpi-card">
            <h3 class="kpi-label">{ label.get(locale) }</h3>
            <p class="kpi-value" data-metric={slug} data-channel="all" tabindex="0"
               data-value={value.map(|v| v.to_string()).unwrap_or_default()}>{ shown }</p>
            { for delta }
            { for sub.map(|s| html! { <p class="kpi-sub">{ s }</p> }) }
        </article>
    }
}

/// A table row with a share bar behind the percentage.
fn bar_row(name: &str, slug: &str, share: Rate, count: u64, locale: Locale) -> Html {
    let value = share.value();
    let width = format!("width: {:.1}%", value.unwrap_or(0.0) * 100.0);
    html! {
        <tr data-row={slug.to_owned()}>
            <th scope="row">{ name.to_owned() }</th>
            <td class="num share-cell" data-value={value.map(|v| v.to_string()).unwrap_or_default()}
                title={fraction(share, locale)}>
                <span class="share-bar" style={width} aria-hidden="true"></span>
                <span class="share-text">{ numbers::metric_rate(value, locale) }</span>
            </td>
            <td class="num">{ format::count(count, locale) }</td>
        </tr>
    }
}

fn category_text(c: Category) -> Text {
    match c {
        Category::Incident => Text::CategoryIncident,
        Category::Complaint => Text::CategoryComplaint,
        Category::Question => Text::CategoryQuestion,
        Category::Other => Text::CategoryOther,
    }
}

fn category_slug(c: Category) -> &'static str {
    match c {
        Category::Incident => "incident",
        Category::Complaint => "complaint",
        Category::Question => "question",
        Category::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_readable_unit() {
        let check =
            |secs: f64, locale, expected: &str| assert_eq!(duration(secs, locale), expected);
        check(45.0 * 60.0, Locale::En, "45\u{a0}min");
        check(90.0, Locale::En, "2\u{a0}min");
        check(3.5 * 3600.0, Locale::En, "3.5\u{a0}h");
        check(3.5 * 3600.0, Locale::Es, "3,5\u{a0}h");
        check(12.0 * 3600.0, Locale::En, "12\u{a0}h");
        check(2.4 * 86_400.0, Locale::En, "2.4\u{a0}d");
    }
}
