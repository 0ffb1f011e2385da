//! The timeline of one person: every event across channels grouped by day,
//! newest first, filtered by channel, kind and scope; replies point at the
//! message they answer, and conversations are listed with their replies.

use super::analyses;
use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::pages::contacts::labels;
use crate::state::data::Loaded;
use canal_core::format::{self, Locale};
use canal_core::model::{Channel, Dataset, Direction, EventKind, Scope, DAY};
use canal_core::rfm::date_of_day;
use canal_core::timeline::{timeline, Timeline, TimelineFilter, TimelineItem};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Items rendered at first; "show more" adds as many again.
const PAGE: usize = 300;

/// Props of [`TimelineView`].
#[derive(Properties, PartialEq)]
pub struct TimelineViewProps {
    /// The data, compared by pointer.
    pub data: Loaded,
    /// The person's contact ids.
    pub members: Vec<u32>,
}

/// What the person's events contain, for the filter menus.
#[derive(Debug, PartialEq)]
struct Present {
    channels: Vec<Channel>,
    kinds: Vec<EventKind>,
    scopes: Vec<Scope>,
}

fn present(t: &Timeline) -> Present {
    let items = || t.days.iter().flat_map(|d| d.items.iter());
    let mut channels: Vec<Channel> = items().map(|i| i.channel).collect();
    let mut kinds: Vec<EventKind> = items().map(|i| i.kind).collect();
    let mut scopes: Vec<Scope> = items().map(|i| i.scope).collect();
    channels.sort_unstable();
    channels.dedup();
    kinds.sort_unstable();
    kinds.dedup();
    scopes.sort_unstable();
    scopes.dedup();
    Present {
        channels,
        kinds,
        scopes,
    }
}

/// "14:05", UTC like every time in the data.
pub fn time_of_day(ts: i64) -> String {
    let s = ts.rem_euclid(DAY);
    format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
}

fn day_label(ts: i64, locale: Locale) -> String {
    format::date(date_of_day(ts.div_euclid(DAY)), locale)
}

/// The campaign's display name, else its id.
fn campaign_name<'a>(ds: &'a Dataset, id: &'a str) -> &'a str {
    ds.campaign_ids
        .lookup(id)
        .and_then(|cid| ds.campaigns.iter().find(|c| c.id == cid))
        .map_or(id, |c| c.name.as_str())
}

/// The timeline with its filters.
#[component]
pub fn TimelineView(props: &TimelineViewProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k: Text| settings.t(k);
    let filter = use_state(TimelineFilter::default);
    let shown_max = use_state(|| PAGE);
    let all = use_memo(
        (props.data.clone(), props.members.clone()),
        |(data, members)| {
            let a = analyses(data);
            timeline(
                &data.dataset,
                &a.events,
                members,
                &TimelineFilter::default(),
            )
        },
    );
    let present = use_memo(all.clone(), |all| present(all));
    let view = use_memo(
        (props.data.clone(), props.members.clone(), (*filter).clone()),
        |(data, members, f)| {
            let a = analyses(data);
            timeline(&data.dataset, &a.events, members, f)
        },
    );
    let ds = &props.data.dataset;

    let on_filter = |set: fn(&mut TimelineFilter, &str)| {
        let (filter, shown_max) = (filter.clone(), shown_max.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*filter).clone();
            set(&mut next, &v);
            filter.set(next);
            shown_max.set(PAGE);
        })
    };
    let option = |value: &str, label: &str, selected: bool| {
        html! { <option value={value.to_owned()} {selected}>{ label.to_owned() }</option> }
    };
    let f = &*filter;
    let channel_opts = present
        .channels
        .iter()
        .map(|&c| option(c.as_str(), t(i18n::channel(c)), f.channels == [c]));
    let kind_opts = present
        .kinds
        .iter()
        .map(|&k| option(k.as_str(), t(labels::kind(k)), f.kinds == [k]));
    let scope_opts = present
        .scopes
        .iter()
        .map(|&s| option(s.as_str(), t(i18n::scope(s)), f.scopes == [s]));

    // Newest first; thread messages found by row for "reply to" lines.
    let message_ts = |thread: u32| -> Option<(i64, EventKind)> {
        let th = view.threads.get(thread as usize)?;
        let r = th.message as usize;
        Some((ds.events.ts[r], ds.events.kind(r)))
    };
    let mut budget = *shown_max;
    let days = view.days.iter().rev().map_while(|day| {
        if budget == 0 {
            return None;
        }
        let items: Vec<Html> = day
            .items
            .iter()
            .rev()
            .take(budget)
            .map(|item| {
                let reply_to = item
                    .thread
                    .filter(|_| item.direction == Direction::Inbound)
                    .and_then(message_ts)
                    .map(|(ts, kind)| {
                        html! {
                            <span class="tl-reply-to">
                                { "↳ " }{ t(Text::CtReplyTo) }{ " " }
                                { day_label(ts, locale) }{ " " }{ time_of_day(ts) }
                                { " (" }{ t(labels::kind(kind)) }{ ")" }
                            </span>
                        }
                    });
                item_html(ds, item, reply_to, &settings)
            })
            .collect();
        budget = budget.saturating_sub(items.len());
        Some(html! {
            <li class="tl-day">
                <h3 class="tl-date">{ format::date(day.date, locale) }</h3>
                <ol class="tl-items">{ for items }</ol>
            </li>
        })
    });
    let more = (view.shown as usize > *shown_max).then(|| {
        let shown_max = shown_max.clone();
        let onclick = Callback::from(move |_: MouseEvent| shown_max.set(*shown_max + PAGE));
        html! { <button type="button" class="button tl-more" {onclick}>{ "+" }{ PAGE }</button> }
    });
    let threads = threads_html(ds, &view, &settings);
    html! {
        <section class="card ct-timeline" aria-labelledby="tl-title">
            <div class="card-head">
                <h2 id="tl-title">{ t(Text::CtTimeline) }</h2>
                <p class="card-hint" data-testid="timeline-count" data-value={view.shown.to_string()}>
                    { format::count(u64::from(view.shown), locale) }{ " / " }
                    { format::count(u64::from(view.total), locale) }{ " " }{ t(Text::CtEventsShown) }
                </p>
            </div>
            <div class="filter-fields tl-filters">
                <label class="field">
                    <span>{ t(Text::FilterChannel) }</span>
                    <select data-filter="tl-channel" onchange={on_filter(|f, v| f.channels = Channel::parse(v).into_iter().collect())}>
                        { option("", t(Text::AllChannels), f.channels.is_empty()) }
                        { for channel_opts }
                    </select>
                </label>
                <label class="field">
                    <span>{ t(Text::CtFilterKind) }</span>
                    <select data-filter="tl-kind" onchange={on_filter(|f, v| f.kinds = EventKind::parse(v).into_iter().collect())}>
                        { option("", t(Text::CtAllKinds), f.kinds.is_empty()) }
                        { for kind_opts }
                    </select>
                </label>
                <label class="field">
                    <span>{ t(Text::FilterScope) }</span>
                    <select data-filter="tl-scope" onchange={on_filter(|f, v| f.scopes = Scope::parse(v).into_iter().filter(|_| !v.is_empty()).collect())}>
                        { option("", t(Text::AllScopes), f.scopes.is_empty()) }
                        { for scope_opts }
                    </select>
                </label>
            </div>
            { threads }
            if view.shown == 0 {
                <p class="tl-empty">{ t(Text::CtNoEvents) }</p>
            } else {
                <ol class="tl-days" data-testid="timeline">{ for days }</ol>
            }
            { more }
        </section>
    }
}

fn item_html(
    ds: &Dataset,
    item: &TimelineItem,
    reply_to: Option<Html>,
    settings: &crate::hooks::SettingsHandle,
) -> Html {
    let t = |k: Text| settings.t(k);
    let locale = settings.locale();
    let inbound = item.direction == Direction::Inbound;
    let (arrow, dir_text) = if inbound {
        ("←", Text::CtInbound)
    } else {
        ("→", Text::CtOutbound)
    };
    let campaign = item
        .campaign
        .as_deref()
        .map(|c| html! { <span class="tl-campaign">{ campaign_name(ds, c).to_owned() }</span> });
    // Exports often name an event after its kind ("page_view"); only a
    // name that says more is worth showing.
    let name = item
        .name
        .as_deref()
        .filter(|n| canal_core::model::normalize_token(n) != item.kind.as_str())
        .map(|n| html! { <span class="tl-name">{ n.to_owned() }</span> });
    let value = item.value.map(|v| {
        let text = if item.kind == EventKind::SurveyResponse {
            format::number(f64::from(v), 0, locale)
        } else {
            format::number(f64::from(v), 2, locale)
        };
        html! { <span class="tl-value">{ text }</span> }
    });
    let thread = item.thread.map(|th| th.to_string());
    html! {
        <li class={classes!("tl-item", inbound.then_some("inbound"), item.thread.is_some().then_some("threaded"))}
            data-testid="timeline-item" data-channel={item.channel.as_str()}
            data-kind={item.kind.as_str()} data-scope={item.scope.as_str()} data-thread={thread}>
            <time class="tl-time">{ time_of_day(item.ts) }</time>
            <span class={format!("tl-channel ch-{}", item.channel.as_str())}>
                <span class={format!("ch-dot ch-{}", item.channel.as_str())} aria-hidden="true"></span>
                { t(i18n::channel(item.channel)) }
            </span>
            <span class="tl-body">
                <span class="tl-kind">
                    <span class="tl-dir" title={t(dir_text)} aria-label={t(dir_text)}>{ arrow }</span>
                    { t(labels::kind(item.kind)) }
                </span>
                { campaign }{ name }{ value }
                { reply_to }
            </span>
            <span class="tl-scope">{ t(i18n::scope(item.scope)) }</span>
        </li>
    }
}

/// The conversations (a message with its replies) in view, newest first.
fn threads_html(
    ds: &Dataset,
    view: &Rc<Timeline>,
    settings: &crate::hooks::SettingsHandle,
) -> Html {
    if view.threads.is_empty() {
        return Html::default();
    }
    let t = |k: Text| settings.t(k);
    let locale = settings.locale();
    let e = &ds.events;
    let line = |row: u32| {
        let r = row as usize;
        let inbound = e.direction(r) == Direction::Inbound;
        html! {
            <li class={classes!("th-line", inbound.then_some("inbound"))}>
                <time>{ day_label(e.ts[r], locale) }{ " " }{ time_of_day(e.ts[r]) }</time>
                { " " }{ t(labels::kind(e.kind(r))) }
            </li>
        }
    };
    let threads = view.threads.iter().rev().map(|th| {
        let campaign = th
            .campaign
            .as_deref()
            .map(|c| campaign_name(ds, c).to_owned())
            .unwrap_or_default();
        html! {
            <li class="thread" data-testid="thread" data-channel={th.channel.as_str()}>
                <details>
                    <summary>
                        <span class={format!("ch-dot ch-{}", th.channel.as_str())} aria-hidden="true"></span>
                        <strong>{ t(i18n::channel(th.channel)) }</strong>
                        { " " }{ campaign }
                        <span class="th-count">{ th.replies.len() }{ " " }{ t(Text::CtReplies) }</span>
                    </summary>
                    <ol class="th-lines">
                        { line(th.message) }
                        { for th.replies.iter().map(|&r| line(r)) }
                    </ol>
                </details>
            </li>
        }
    });
    html! {
        <div class="tl-threads">
            <h3>{ t(Text::CtConversation) }{ " (" }{ view.threads.len() }{ ")" }</h3>
            <ul class="threads">{ for threads }</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_in_utc() {
        for (ts, expected) in [
            (0, "00:00"),
            (DAY - 60, "23:59"),
            (3 * DAY + 14 * 3600 + 5 * 60 + 59, "14:05"),
            (-60, "23:59"),
        ] {
            assert_eq!(time_of_day(ts), expected, "{ts}");
        }
    }
}
