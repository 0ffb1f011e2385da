//! The filter bar: period, channel, scope, campaign. Every change is a
//! reducer action; the figures are recomputed in Wasm, with no request.

use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::state::dashboard::{date_of, DashboardAction, DashboardFilters, PeriodPreset};
use canal_core::format;
use canal_core::model::{Channel, Scope};
use canal_core::rate::Period;
use chrono::NaiveDate;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the data offers to filter on.
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    /// Channels present in the events, in channel order.
    pub channels: Vec<Channel>,
    /// Campaigns: (id, display name), by name.
    pub campaigns: Vec<(u32, String)>,
}

/// Props of [`Filters`].
#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    /// Current choices.
    pub filters: DashboardFilters,
    /// The period they select now (to seed a custom range).
    pub period: Period,
    /// The period compared with.
    pub previous: Period,
    /// What can be chosen.
    pub choices: Rc<Choices>,
    /// A choice changed.
    pub on_change: Callback<DashboardAction>,
    /// Whether "all channels" can be chosen (not on a one-channel page).
    #[prop_or(true)]
    pub all_channels: bool,
    /// Show only the period (pages whose analysis has no channel, scope or
    /// campaign).
    #[prop_or_default]
    pub period_only: bool,
    /// Shown but not usable yet (the data is still loading).
    #[prop_or_default]
    pub disabled: bool,
    /// A status after the period line (e.g. how far a load has got).
    #[prop_or_default]
    pub status: Html,
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// "Mar 2, 2026 – Mar 31, 2026" for a half-open period.
pub fn period_text(p: Period, locale: i18n::Locale) -> String {
    format!(
        "{} – {}",
        format::date(date_of(p.from), locale),
        format::date(date_of(p.to - 1), locale)
    )
}

/// The filter bar.
#[component]
pub fn Filters(props: &FiltersProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let f = &props.filters;
    let period = props.period;

    let on_preset = props.on_change.reform(move |e: Event| {
        let v = select_value(&e);
        let preset = PeriodPreset::from_slug(&v).unwrap_or(PeriodPreset::Custom {
            from: date_of(period.from),
            to: date_of(period.to - 1),
        });
        DashboardAction::Preset(preset)
    });
    let presets = PeriodPreset::FIXED
        .iter()
        .map(|&p| (p.slug(), preset_text(p)))
        .chain([("custom", Text::PresetCustom)])
        .map(|(slug, text)| {
            html! { <option value={slug} selected={f.preset.slug() == slug}>{ settings.t(text) }</option> }
        });

    let custom = match f.preset {
        PeriodPreset::Custom { from, to } => {
            let date_input = |which: &'static str, label: Text, value: NaiveDate| {
                let onchange = props.on_change.reform(move |e: Event| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    // A cleared or half-typed date keeps the period as it is.
                    let d = NaiveDate::parse_from_str(&input.value(), "%Y-%m-%d").unwrap_or(value);
                    if which == "from" {
                        DashboardAction::CustomFrom(d)
                    } else {
                        DashboardAction::CustomTo(d)
                    }
                });
                html! {
                    <label class="field">
                        <span>{ settings.t(label) }</span>
                        <input type="date" data-filter={which} value={value.format("%Y-%m-%d").to_string()} {onchange} />
                    </label>
                }
            };
            html! { <>{ date_input("from", Text::DateFrom, from) }{ date_input("to", Text::DateTo, to) }</> }
        }
        _ => Html::default(),
    };

    let on_channel = props
        .on_change
        .reform(|e: Event| DashboardAction::Channel(Channel::parse(&select_value(&e))));
    let channels = props.choices.channels.iter().map(|&c| {
        html! { <option value={c.as_str()} selected={f.channel == Some(c)}>{ settings.t(i18n::channel(c)) }</option> }
    });
    let on_scope = props.on_change.reform(|e: Event| {
        DashboardAction::Scope(Scope::parse(&select_value(&e)).filter(|s| *s != Scope::Unknown))
    });
    let scopes = [Scope::Engagement, Scope::Lifecycle, Scope::Support].map(|s| {
        html! { <option value={s.as_str()} selected={f.scope == Some(s)}>{ settings.t(i18n::scope(s)) }</option> }
    });
    let on_campaign = props
        .on_change
        .reform(|e: Event| DashboardAction::Campaign(select_value(&e).parse().ok()));
    let campaigns = props.choices.campaigns.iter().map(|(id, name)| {
        html! { <option value={id.to_string()} selected={f.campaign == Some(*id)}>{ name.clone() }</option> }
    });

    html! {
        <form class="filters" role="search" aria-label={settings.t(Text::FiltersLabel)}
              onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="filter-fields">
                <label class="field">
                    <span>{ settings.t(Text::FilterPeriod) }</span>
                    <select data-filter="period" onchange={on_preset} disabled={props.disabled}>{ for presets }</select>
                </label>
                { custom }
                if !props.period_only {
                <label class="field">
                    <span>{ settings.t(Text::FilterChannel) }</span>
                    <select data-filter="channel" onchange={on_channel} disabled={props.disabled}>
                        if props.all_channels {
                            <option value="" selected={f.channel.is_none()}>{ settings.t(Text::AllChannels) }</option>
                        }
                        { for channels }
                    </select>
                </label>
                <label class="field">
                    <span>{ settings.t(Text::FilterScope) }</span>
                    <select data-filter="scope" onchange={on_scope} disabled={props.disabled}>
                        <option value="" selected={f.scope.is_none()}>{ settings.t(Text::AllScopes) }</option>
                        { for scopes }
                    </select>
                </label>
                // No campaigns to choose (the data has none, or the figures
                // come from the server, which filters by channel and scope).
                if !props.choices.campaigns.is_empty() {
                <label class="field">
                    <span>{ settings.t(Text::FilterCampaign) }</span>
                    <select data-filter="campaign" onchange={on_campaign} disabled={props.disabled}>
                        <option value="" selected={f.campaign.is_none()}>{ settings.t(Text::AllCampaigns) }</option>
                        { for campaigns }
                    </select>
                </label>
                }
                }
            </div>
            <p class="period-summary" data-period-from={period.from.to_string()} data-period-to={period.to.to_string()}>
                <strong>{ period_text(period, locale) }</strong>
                { " · " }
                // A period reaching back to 1970 has nothing before it: no
                // "compared with 1840" (CRM times start in 1970, see the API).
                if props.previous.to <= 0 {
                    { settings.t(Text::NoEarlierPeriod) }
                } else {
                    { settings.t(Text::ComparedWith) }{ " " }
                    { period_text(props.previous, locale) }
                }
                { props.status.clone() }
            </p>
        </form>
    }
}

fn preset_text(p: PeriodPreset) -> Text {
    match p {
        PeriodPreset::Last7 => Text::PresetLast7,
        PeriodPreset::Last30 => Text::PresetLast30,
        PeriodPreset::Last90 => Text::PresetLast90,
        PeriodPreset::Last12Months => Text::PresetLast12Months,
        PeriodPreset::Custom { .. } => Text::PresetCustom,
    }
}
