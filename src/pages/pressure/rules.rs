//! The Pressure page's rules: weights and half-life, spacing and the
//! threshold, per-period caps, kept per workspace (`use_kept`). Shown with
//! the figures, and on their own when the data is not in this browser
//! while the server's push sends still apply them.

use super::num;
use crate::hooks::{use_settings, KeptHandle};
use crate::i18n::{self, Text};
use crate::pages::workbench::{input_value, KeptBar};
use canal_core::model::Channel;
use canal_core::pressure::{Cap, PressureConfig};
use yew::prelude::*;

/// Props of [`PressureRules`].
#[derive(Properties, PartialEq)]
pub struct PressureRulesProps {
    /// The rules in force and where they are kept.
    pub config: KeptHandle<PressureConfig>,
}

/// The editor of the pressure rules, with the bar that says where they are
/// kept (and why not, when they could not be).
#[component]
pub fn PressureRules(props: &PressureRulesProps) -> Html {
    let settings = use_settings();
    let t = |k| settings.t(k);
    let config = props.config.clone();
    let set = |f: fn(&mut PressureConfig, &Event)| {
        let config = config.clone();
        Callback::from(move |e: Event| {
            let mut c = (*config).clone();
            f(&mut c, &e);
            config.set(c);
        })
    };
    let c = &*config;
    let weights = Channel::ALL.iter().map(|&ch| {
        let i = usize::from(ch.code());
        let cfg = config.clone();
        let on = Callback::from(move |e: Event| {
            let mut c = (*cfg).clone();
            if let Some(w) = c.weights.get_mut(i) {
                *w = num(&e).unwrap_or(0.0).max(0.0);
            }
            cfg.set(c);
        });
        html! {
            <label class="field">
                <span>{ t(i18n::channel(ch)) }</span>
                <input type="number" min="0" step="any" value={c.weights.get(i).copied().unwrap_or(0.0).to_string()} onchange={on} />
            </label>
        }
    });
    let caps = c.caps.iter().enumerate().map(|(i, cap)| {
        let edit = |f: fn(&mut Cap, &Event)| {
            let cfg = config.clone();
            Callback::from(move |e: Event| {
                let mut c = (*cfg).clone();
                if let Some(cap) = c.caps.get_mut(i) {
                    f(cap, &e);
                }
                cfg.set(c);
            })
        };
        let remove = {
            let cfg = config.clone();
            Callback::from(move |_| {
                let mut c = (*cfg).clone();
                if i < c.caps.len() {
                    c.caps.remove(i);
                }
                cfg.set(c);
            })
        };
        html! {
            <li class="rule-row">
                <span class="rb-word">{ t(Text::PrAtMost) }</span>
                <input class="pts" type="number" min="0" aria-label={t(Text::PrMessages)} value={cap.max.to_string()}
                       onchange={edit(|cap, e| cap.max = num(e).map_or(0, |x| x.max(0.0) as u32))} />
                <span class="rb-word">{ t(Text::PrMessagesOn) }</span>
                <select aria-label={t(Text::FilterChannel)}
                        onchange={edit(|cap, e| cap.channel = Channel::parse(&input_value(e)))}>
                    <option value="" selected={cap.channel.is_none()}>{ t(Text::AllChannels) }</option>
                    { for Channel::ALL.iter().map(|&ch| html! {
                        <option value={ch.as_str()} selected={cap.channel == Some(ch)}>{ t(i18n::channel(ch)) }</option>
                    }) }
                </select>
                <span class="rb-word">{ t(Text::PrIn) }</span>
                <input class="pts" type="number" min="1" aria-label={t(Text::CondDaysLabel)} value={cap.period_days.to_string()}
                       onchange={edit(|cap, e| cap.period_days = num(e).map_or(7, |x| x.max(1.0) as u32))} />
                <span class="rb-word">{ t(Text::CondDays) }</span>
                <button type="button" class="rb-icon-button" aria-label={t(Text::RbRemove)} onclick={remove}>{ "×" }</button>
            </li>
        }
    });
    let add_cap = {
        let cfg = config.clone();
        Callback::from(move |_| {
            let mut c = (*cfg).clone();
            c.caps.push(Cap {
                channel: Some(Channel::Sms),
                max: 2,
                period_days: 30,
            });
            cfg.set(c);
        })
    };
    html! {
        <section class="card wb-section" aria-labelledby="pr-cfg-title">
            <div class="card-head">
                <h2 id="pr-cfg-title">{ t(Text::PrRulesTitle) }</h2>
                <p class="card-hint">{ t(Text::PrRulesHint) }</p>
            </div>
            <div class="wb-form">
                <label class="field">
                    <span>{ t(Text::ScHalfLife) }</span>
                    <input type="number" min="0.1" step="any" data-testid="pressure-half-life" value={c.half_life_days.to_string()}
                           onchange={set(|c, e| c.half_life_days = num(e).unwrap_or(14.0).max(0.1))} />
                </label>
                <label class="field">
                    <span>{ t(Text::PrSpacing) }</span>
                    <input type="number" min="0" value={c.min_spacing_hours.to_string()}
                           onchange={set(|c, e| c.min_spacing_hours = num(e).map_or(0, |x| x.max(0.0) as u32))} />
                </label>
                <label class="field">
                    <span>{ t(Text::PrMaxPressure) }</span>
                    <input type="number" min="0" step="any" placeholder="—"
                           value={c.max_pressure.map(|x| x.to_string()).unwrap_or_default()}
                           onchange={set(|c, e| c.max_pressure = num(e))} />
                </label>
            </div>
            <h3>{ t(Text::PrWeights) }</h3>
            <div class="wb-form">{ for weights }</div>
            <h3>{ t(Text::PrCaps) }</h3>
            <ul class="rule-list">{ for caps }</ul>
            <button type="button" class="button" onclick={add_cap}>{ t(Text::PrAddCap) }</button>
            <KeptBar is_default={config.is_default()} testid="pressure-reset" problem={config.problem()}
                     on_reset={{ let k = config.clone(); Callback::from(move |_| k.reset()) }} />
        </section>
    }
}
