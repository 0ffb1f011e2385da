//! The search box and filters above the contact list.

use super::directory::{ConsentFilter, Query, SortKey};
use super::{labels, sort_name};
use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use canal_core::model::Channel;
use canal_core::rfm::Segment;
use canal_core::tiers::Tier;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Filters`].
#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    /// The current query.
    pub query: Query,
    /// Channels some contact has events on, as a bit set.
    pub channels_present: u16,
    /// Whether there are orders (else RFM and tier filters mean nothing).
    pub has_orders: bool,
    /// Called with the changed query.
    pub on_change: Callback<Query>,
}

/// Search and filters; every change applies at once.
#[component]
pub fn Filters(props: &FiltersProps) -> Html {
    let settings = use_settings();
    let t = |k: Text| settings.t(k);
    let q = &props.query;
    let update = |f: fn(&mut Query, String)| {
        let (q, on_change) = (q.clone(), props.on_change.clone());
        move |value: String| {
            let mut next = q.clone();
            f(&mut next, value);
            on_change.emit(next);
        }
    };
    let oninput = {
        let set = update(|q, v| q.text = v);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_select = |f: fn(&mut Query, String)| {
        let set = update(f);
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let option = |value: &str, label: &str, selected: bool| {
        html! { <option value={value.to_owned()} {selected}>{ label.to_owned() }</option> }
    };
    let channels = Channel::ALL
        .iter()
        .filter(|ch| props.channels_present & (1 << ch.code()) != 0)
        .map(|&ch| option(ch.as_str(), t(i18n::channel(ch)), q.channel == Some(ch)));
    let consents = ConsentFilter::ALL.into_iter().map(|c| {
        let label = match c {
            ConsentFilter::Any => Text::CtConsentAny,
            ConsentFilter::OptedIn => Text::CtConsentOptedIn,
            ConsentFilter::OptedOut => Text::CtConsentOptedOut,
            ConsentFilter::Unknown => Text::CtConsentUnknown,
        };
        option(c.as_str(), t(label), q.consent == c)
    });
    let segments = Segment::ALL
        .into_iter()
        .map(|s| option(s.as_str(), t(labels::segment(s)), q.segment == Some(s)));
    let tiers = Tier::ALL.into_iter().map(|tier| {
        let value = format!("{tier:?}");
        option(&value, t(labels::tier(tier)), q.tier == Some(tier))
    });
    let sorts = [
        (SortKey::LastActivity, Text::CtColLastActivity),
        (SortKey::Revenue, Text::CtColRevenue),
        (SortKey::Events, Text::CtColEvents),
    ]
    .into_iter()
    .map(|(key, label)| option(sort_name(key), t(label), q.sort == key));
    let orders = props.has_orders;
    html! {
        <section class="filters ct-filters" aria-label={t(Text::FiltersLabel)}>
            <div class="filter-fields">
                <label class="field ct-search">
                    <span>{ t(Text::CtSearchLabel) }</span>
                    <input type="search" data-testid="contact-search" value={q.text.clone()}
                           placeholder={t(Text::CtSearchPlaceholder)} autocomplete="off"
                           spellcheck="false" {oninput} />
                </label>
                <label class="field">
                    <span>{ t(Text::FilterChannel) }</span>
                    <select data-filter="channel" onchange={on_select(|q, v| q.channel = Channel::parse(&v))}>
                        { option("", t(Text::AllChannels), q.channel.is_none()) }
                        { for channels }
                    </select>
                </label>
                <label class="field">
                    <span>{ t(Text::CtFilterConsent) }</span>
                    <select data-filter="consent" onchange={on_select(|q, v| q.consent = ConsentFilter::parse(&v))}>
                        { for consents }
                    </select>
                </label>
                if orders {
                    <label class="field">
                        <span>{ t(Text::CtFilterSegment) }</span>
                        <select data-filter="segment" onchange={on_select(|q, v| {
                            q.segment = Segment::ALL.into_iter().find(|s| s.as_str() == v)
                        })}>
                            { option("", t(Text::CtAllSegments), q.segment.is_none()) }
                            { for segments }
                        </select>
                    </label>
                    <label class="field">
                        <span>{ t(Text::CtFilterTier) }</span>
                        <select data-filter="tier" onchange={on_select(|q, v| {
                            q.tier = Tier::ALL.into_iter().find(|tier| format!("{tier:?}") == v)
                        })}>
                            { option("", t(Text::CtAllTiers), q.tier.is_none()) }
                            { for tiers }
                        </select>
                    </label>
                }
                <label class="field ct-sort">
                    <span>{ t(Text::CtSortBy) }</span>
                    <select data-filter="sort" onchange={on_select(|q, v| {
                        q.sort = [SortKey::LastActivity, SortKey::Revenue, SortKey::Events]
                            .into_iter()
                            .find(|&k| sort_name(k) == v)
                            .unwrap_or_default()
                    })}>
                        { for sorts }
                    </select>
                </label>
            </div>
        </section>
    }
}
