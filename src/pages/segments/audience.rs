//! Tiers with their migration between two periods, and responsiveness
//! with the preferred channel.

use super::model::{migration_view, MigrationView, ResponsivenessView, RfmView};
use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::numbers::compact_money;
use crate::pages::workbench::{input_value, Shared};
use crate::state::data::Loaded;
use canal_core::format;
use canal_core::tiers::Tier;
use chrono::NaiveDate;
use yew::prelude::*;

/// Period lengths offered for the migration, in days.
const PERIODS: [u32; 4] = [30, 90, 180, 365];

/// Props of [`TiersSection`].
#[derive(Properties, PartialEq)]
pub struct TiersSectionProps {
    /// The data.
    pub data: Loaded,
    /// RFM and tiers at the chosen date.
    pub view: Shared<RfmView>,
    /// Revenue currency.
    pub currency: AttrValue,
}

fn tier_label(t: Option<Tier>) -> &'static str {
    t.map_or("none", Tier::as_str)
}

/// A tier's letter, or "no purchases" for someone not a customer then.
fn tier_text(t: Option<Tier>, settings: &crate::hooks::SettingsHandle) -> String {
    t.map_or_else(
        || settings.t(Text::TierNone).to_owned(),
        |t| t.as_str().to_owned(),
    )
}

/// A/B/C totals and who moved between tiers.
#[component]
pub fn TiersSection(props: &TiersSectionProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let days = use_state(|| 90u32);
    let as_of = props.view.rfm.as_of;
    let migration = use_memo((props.data.clone(), as_of, *days), |(data, as_of, days)| {
        as_of.map(|d: NaiveDate| Shared::new(migration_view(&data.dataset, d, *days)))
    });
    let on_days = {
        let days = days.clone();
        Callback::from(move |e: Event| days.set(input_value(&e).parse().unwrap_or(90)))
    };
    let tiers = &props.view.tiers;
    let total_revenue: f64 = tiers.totals.iter().map(|x| x.revenue).sum();
    let totals = tiers.totals.iter().map(|x| {
        let share = if total_revenue > 0.0 { x.revenue / total_revenue } else { 0.0 };
        html! {
            <div class={classes!("tier-card", x.tier.as_str().to_lowercase())} data-tier={x.tier.as_str()}
                 data-count={x.customers.to_string()}>
                <span class="tier-letter">{ x.tier.as_str() }</span>
                <span class="tier-figure">{ format::count(u64::from(x.customers), locale) }</span>
                <span class="tier-sub">{ t(Text::SegCustomers) }</span>
                <span class="tier-sub">{ format!("{} · {}", compact_money(x.revenue, &props.currency, locale), format::percent(share, 0, locale)) }</span>
            </div>
        }
    });
    let matrix = migration.as_ref().as_ref().map(|m: &Shared<MigrationView>| {
        let states = [Some(Tier::A), Some(Tier::B), Some(Tier::C), None];
        let mig = &m.migration;
        let max = mig.cells.iter().map(|c| c.customers).max().unwrap_or(0);
        html! {
            <>
                <p class="wb-note">
                    { format!("{} {}; {} {} · ", t(Text::TierFrom), format::date(m.before_from, locale),
                        t(Text::TierTo), format::date(m.after_from, locale)) }
                    <strong class="good">{ format!("↑ {} ", format::count(u64::from(mig.up), locale)) }</strong>
                    { t(Text::TierUp) }{ " · " }
                    <strong class="bad">{ format!("↓ {} ", format::count(u64::from(mig.down), locale)) }</strong>
                    { t(Text::TierDown) }
                </p>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table migration-table" data-testid="tier-migration">
                        <thead>
                            <tr>
                                <th scope="col">{ t(Text::TierBeforeAfter) }</th>
                                { for states.iter().map(|s| html! { <th scope="col" class="num">{ tier_text(*s, &settings) }</th> }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for states.iter().map(|&from| html! {
                                <tr>
                                    <th scope="row">{ tier_text(from, &settings) }</th>
                                    { for states.iter().map(|&to| {
                                        if from.is_none() && to.is_none() {
                                            return html! { <td class="num muted">{ "—" }</td> };
                                        }
                                        let n = mig.count(from, to);
                                        let better = matches!((from, to), (Some(a), Some(b)) if b < a);
                                        let worse = matches!((from, to), (Some(a), Some(b)) if b > a);
                                        let alpha = if max == 0 { 0.0 } else { 0.05 + 0.35 * f64::from(n) / f64::from(max) };
                                        let tint = if better { "26, 158, 92" } else if worse { "214, 69, 61" } else { "47, 111, 237" };
                                        html! {
                                            <td class="num" style={format!("background: rgba({tint}, {alpha:.2})")}
                                                data-from={tier_label(from)} data-to={tier_label(to)}>
                                                { format::count(u64::from(n), locale) }
                                            </td>
                                        }
                                    }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </>
        }
    });
    html! {
        <section class="card wb-section" aria-labelledby="tiers-title">
            <div class="card-head wb-head">
                <div>
                    <h2 id="tiers-title">{ t(Text::TierTitle) }</h2>
                    <p class="card-hint">{ t(Text::TierHint) }</p>
                </div>
                <label class="field inline">
                    <span>{ t(Text::TierPeriod) }</span>
                    <select onchange={on_days}>
                        { for PERIODS.iter().map(|&d| html! {
                            <option value={d.to_string()} selected={d == *days}>
                                { format!("{} {}", d, t(Text::CondDays)) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="tier-cards">{ for totals }</div>
            { for matrix }
        </section>
    }
}

/// Props of [`ResponsivenessSection`].
#[derive(Properties, PartialEq)]
pub struct ResponsivenessSectionProps {
    /// The figures.
    pub view: Shared<ResponsivenessView>,
    /// Contacts in the data.
    pub contacts: u32,
}

/// Response rate per channel and how many contacts prefer each.
#[component]
pub fn ResponsivenessSection(props: &ResponsivenessSectionProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let v = &props.view;
    let rows = v.model.population.iter().filter(|s| s.messages > 0).map(|s| {
        let preferring = v
            .preferred
            .iter()
            .find(|(c, _)| *c == s.channel)
            .map_or(0, |x| x.1);
        html! {
            <tr data-channel={s.channel.as_str()}>
                <th scope="row">{ t(i18n::channel(s.channel)) }</th>
                <td class="num">{ format::count(u64::from(s.messages), locale) }</td>
                <td class="num">{ format::count(u64::from(s.responses), locale) }</td>
                <td class="num">{ format::percent(s.propensity, 1, locale) }</td>
                <td class="num" data-preferred={preferring.to_string()}>{ format::count(u64::from(preferring), locale) }</td>
            </tr>
        }
    });
    html! {
        <section class="card wb-section" aria-labelledby="resp-title">
            <div class="card-head">
                <h2 id="resp-title">{ t(Text::RespTitle) }</h2>
                <p class="card-hint">{ t(Text::RespHint) }</p>
            </div>
            <div class="table-scroll" tabindex="0">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(Text::FilterChannel) }</th>
                            <th scope="col" class="num">{ t(Text::RespMessages) }</th>
                            <th scope="col" class="num">{ t(Text::RespResponses) }</th>
                            <th scope="col" class="num">{ t(Text::RespRate) }</th>
                            <th scope="col" class="num">{ t(Text::RespPreferred) }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="4">{ t(Text::RespUnknown) }</th>
                            <td class="num" data-preferred-unknown={v.unknown.to_string()}>
                                { format::count(u64::from(v.unknown), locale) }
                            </td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}
