//! Subscriber figures: counts, opt-in rate, clicks, topics and growth.

use crate::hooks::use_settings;
use crate::i18n::{Locale, Text};
use crate::services::push::{Send, SubscriberDay, SubscriberStats};
use canal_core::format;
use yew::prelude::*;

/// The topic names, in the order the server offers them.
pub const TOPICS: [(&str, Text); 4] = [
    ("news", Text::PushTopicNews),
    ("offers", Text::PushTopicOffers),
    ("account", Text::PushTopicAccount),
    ("loyalty", Text::PushTopicLoyalty),
];

/// Props of [`Audience`].
#[derive(Properties, PartialEq)]
pub struct AudienceProps {
    /// From `GET /api/push/subscribers`.
    pub stats: SubscriberStats,
    /// The newest sends, for clicks.
    pub sends: Vec<Send>,
    /// Contacts in the loaded data set, if any is loaded.
    pub contacts: Option<usize>,
}

/// `part / whole` as a percentage, or a dash when `whole` is 0.
fn share(part: u64, whole: u64, locale: Locale) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format::percent(part as f64 / whole as f64, 1, locale)
    }
}

/// The subscribers card.
#[component]
pub fn Audience(props: &AudienceProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let s = &props.stats;
    let (shown, clicks) = props
        .sends
        .iter()
        .filter(|x| !x.test)
        .fold((0, 0), |(d, c), x| (d + x.displayed, c + x.clicks));
    let rate = match props.contacts {
        Some(n) if n > 0 => (
            format::percent(s.with_contact as f64 / n as f64, 1, locale),
            settings.t(Text::PushOptInRateSub).to_owned(),
        ),
        _ => ("—".into(), settings.t(Text::PushOptInRateNoData).to_owned()),
    };
    let card = |id: &str, label: Text, value: String, sub: String| {
        html! {
            <article class="kpi-card" data-kpi={id.to_owned()}>
                <p class="kpi-label">{ settings.t(label) }</p>
                <p class="kpi-value" data-testid={format!("push-kpi-{id}")}>{ value }</p>
                <p class="kpi-sub">{ sub }</p>
            </article>
        }
    };
    let topics = TOPICS.iter().map(|(key, label)| {
        let n = s.by_topic.get(*key).copied().unwrap_or(0);
        let width = if s.total == 0 { 0.0 } else { n as f64 * 100.0 / s.total as f64 };
        html! {
            <li data-topic={*key}>
                <span class="push-bar-label">{ settings.t(*label) }</span>
                <span class="push-bar" aria-hidden="true"><span style={format!("width:{width:.1}%")}></span></span>
                <span class="push-bar-value">
                    { format::count(n, locale) }{" · "}{ share(n, s.total, locale) }
                </span>
            </li>
        }
    });
    html! {
        <section class="card push-audience" data-testid="push-audience">
            <div class="card-head"><h2>{ settings.t(Text::PushSubscribersTitle) }</h2></div>
            <div class="kpi-grid">
                { card("subscribers", Text::PushSubscribers, format::count(s.total, locale),
                    settings.t(Text::PushSubscribersSub).to_owned()) }
                { card("with-contact", Text::PushWithContact, format::count(s.with_contact, locale),
                    format!("{} {}", share(s.with_contact, s.total, locale), settings.t(Text::PushWithContactSub))) }
                { card("opt-in-rate", Text::PushOptInRate, rate.0, rate.1) }
                { card("clicks", Text::PushClicks, format::count(clicks, locale),
                    format!("{} {}", share(clicks, shown, locale), settings.t(Text::PushClicksSub))) }
            </div>
            if s.total == 0 {
                <p class="push-empty" data-state="empty">{ settings.t(Text::PushNoSubscribers) }</p>
            } else {
                <div class="push-audience-charts">
                    <div>
                        <h3>{ settings.t(Text::PushByTopic) }</h3>
                        <p class="card-hint">{ settings.t(Text::PushByTopicHint) }</p>
                        <ul class="push-bars">{ for topics }</ul>
                    </div>
                    <Growth days={s.by_day.clone()} />
                </div>
            }
        </section>
    }
}

/// Props of [`Growth`].
#[derive(Properties, PartialEq)]
struct GrowthProps {
    days: Vec<SubscriberDay>,
}

/// Running total per day as columns, with the figures in a table for
/// screen readers.
#[component]
fn Growth(props: &GrowthProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    // The last 60 days with a new subscriber keep the columns readable.
    let days = &props.days[props.days.len().saturating_sub(60)..];
    let max = days.iter().map(|d| d.total).max().unwrap_or(0).max(1) as f64;
    let n = days.len().max(1) as f64;
    let w = 600.0 / n;
    let bars = days.iter().enumerate().map(|(i, d)| {
        let h = d.total as f64 / max * 140.0;
        html! {
            <rect x={format!("{:.1}", i as f64 * w + w * 0.15)} y={format!("{:.1}", 150.0 - h)}
                width={format!("{:.1}", w * 0.7)} height={format!("{h:.1}")} rx="2">
                <title>{ format!("{}: {} (+{})", d.day, format::count(d.total, locale), format::count(d.subscribed, locale)) }</title>
            </rect>
        }
    });
    let rows = days.iter().map(|d| {
        html! {
            <tr><td>{ d.day.clone() }</td><td>{ format::count(d.subscribed, locale) }</td><td>{ format::count(d.total, locale) }</td></tr>
        }
    });
    html! {
        <div class="push-growth">
            <h3>{ settings.t(Text::PushGrowth) }</h3>
            <p class="card-hint">{ settings.t(Text::PushGrowthHint) }</p>
            <svg viewBox="0 0 600 160" role="img" aria-label={settings.t(Text::PushGrowthHint)} preserveAspectRatio="none">
                { for bars }
            </svg>
            <div class="push-growth-axis">
                <span>{ days.first().map(|d| d.day.clone()).unwrap_or_default() }</span>
                <span>{ days.last().map(|d| d.day.clone()).unwrap_or_default() }</span>
            </div>
            <table class="visually-hidden">
                <thead><tr><th>{ settings.t(Text::PushColWhen) }</th><th>{ settings.t(Text::PushGrowthNew) }</th><th>{ settings.t(Text::PushSubscribers) }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
