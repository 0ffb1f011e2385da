//! The step builder: steps chosen from the data's event kinds and names,
//! window, order mode, unit, exclusions and breakdown. Every control is a
//! reducer action; the funnel recomputes in Wasm.

use crate::hooks::use_settings;
use crate::i18n::{self, Locale, Text};
use crate::state::funnel::{BreakdownChoice, FunnelAction, FunnelSpec, StepChoice, MAX_STEPS};
use canal_core::funnel::{OrderMode, Unit};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`StepBuilder`].
#[derive(Properties, PartialEq)]
pub struct StepBuilderProps {
    /// The funnel.
    pub spec: Rc<FunnelSpec>,
    /// What steps can be.
    pub options: Rc<Vec<StepChoice>>,
    /// A change.
    pub on_change: Callback<FunnelAction>,
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// An option's label: event kinds are translated, names are the data's.
pub fn choice_label(c: &StepChoice, locale: Locale) -> String {
    match c {
        StepChoice::Kind(k) => i18n::kind(*k).get(locale).to_owned(),
        StepChoice::Name(n) => n.replace('_', " "),
    }
}

fn options_html(options: &[StepChoice], selected: Option<&StepChoice>, locale: Locale) -> Html {
    options
        .iter()
        .map(|o| {
            html! {
                <option value={o.value()} selected={Some(o) == selected}>{ choice_label(o, locale) }</option>
            }
        })
        .collect()
}

/// The builder form.
#[component]
pub fn StepBuilder(props: &StepBuilderProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let spec = &props.spec;
    let n = spec.steps.len();
    let steps = spec.steps.iter().enumerate().map(|(i, s)| {
        let on_set = props.on_change.reform(move |e: Event| {
            StepChoice::parse(&select_value(&e)).map_or(FunnelAction::MoveUp(0), |c| FunnelAction::SetStep(i, c))
        });
        let on_up = props.on_change.reform(move |_: MouseEvent| FunnelAction::MoveUp(i));
        let on_remove = props.on_change.reform(move |_: MouseEvent| FunnelAction::RemoveStep(i));
        let label = format!("{} {}", settings.t(Text::FunnelStep), i + 1);
        html! {
            <li class="funnel-step-edit" data-step={i.to_string()} data-value={s.value()}>
                <span class="step-number" aria-hidden="true">{ i + 1 }</span>
                <select aria-label={label.clone()} onchange={on_set}>
                    { options_html(&props.options, Some(s), locale) }
                </select>
                <button type="button" class="icon-button" data-action="up" disabled={i == 0}
                        aria-label={format!("{}: {label}", settings.t(Text::FunnelMoveUp))} onclick={on_up}>{ "↑" }</button>
                <button type="button" class="icon-button" data-action="remove" disabled={n <= 2}
                        aria-label={format!("{}: {label}", settings.t(Text::FunnelRemove))} onclick={on_remove}>{ "×" }</button>
            </li>
        }
    });
    let on_add = props.on_change.reform(|e: Event| {
        let input: HtmlSelectElement = e.target_unchecked_into();
        let choice = StepChoice::parse(&input.value());
        // Back to the prompt, so the same step can be added twice.
        input.set_value("");
        choice.map_or(FunnelAction::MoveUp(0), FunnelAction::AddStep)
    });
    let on_window = props.on_change.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        FunnelAction::Window(input.value().parse().unwrap_or(14))
    });
    let on_mode = props.on_change.reform(|e: Event| {
        FunnelAction::Mode(match select_value(&e).as_str() {
            "strict" => OrderMode::Strict,
            "any" => OrderMode::Any,
            _ => OrderMode::Ordered,
        })
    });
    let on_unit = props.on_change.reform(|e: Event| {
        FunnelAction::Unit(if select_value(&e) == "session" {
            Unit::Session
        } else {
            Unit::Contact
        })
    });
    let on_breakdown = props.on_change.reform(|e: Event| {
        let v = select_value(&e);
        FunnelAction::Breakdown(
            BreakdownChoice::ALL
                .into_iter()
                .find(|b| b.slug() == v)
                .unwrap_or(BreakdownChoice::None),
        )
    });
    let on_exclude = props.on_change.reform(|e: Event| {
        let input: HtmlSelectElement = e.target_unchecked_into();
        let choice = StepChoice::parse(&input.value());
        input.set_value("");
        choice.map_or(FunnelAction::MoveUp(0), FunnelAction::AddExclusion)
    });
    let exclusions = spec.exclusions.iter().enumerate().map(|(i, x)| {
        let on_remove = props.on_change.reform(move |_: MouseEvent| FunnelAction::RemoveExclusion(i));
        html! {
            <li class="chip" data-exclusion={x.value()}>
                { choice_label(x, locale) }
                <button type="button" class="chip-remove" onclick={on_remove}
                        aria-label={format!("{}: {}", settings.t(Text::FunnelRemove), choice_label(x, locale))}>{ "×" }</button>
            </li>
        }
    });
    let mode = |m: OrderMode, slug: &'static str, text: Text| {
        html! { <option value={slug} selected={spec.mode == m}>{ settings.t(text) }</option> }
    };
    let breakdowns = BreakdownChoice::ALL.iter().map(|&b| {
        let text = match b {
            BreakdownChoice::None => Text::FunnelNoBreakdown,
            BreakdownChoice::Channel => Text::FilterChannel,
            BreakdownChoice::Country => Text::FunnelCountry,
            BreakdownChoice::Stage => Text::FunnelStage,
        };
        html! { <option value={b.slug()} selected={spec.breakdown == b}>{ settings.t(text) }</option> }
    });
    html! {
        <form class="card funnel-builder" data-testid="funnel-builder" aria-labelledby="funnel-builder-title"
              onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="card-head"><h2 id="funnel-builder-title">{ settings.t(Text::FunnelStepsTitle) }</h2></div>
            <ol class="funnel-steps-edit">{ for steps }</ol>
            if n < MAX_STEPS {
                <label class="field inline">
                    <span>{ settings.t(Text::FunnelAddStep) }</span>
                    <select data-action="add-step" onchange={on_add}>
                        <option value="" selected=true>{ "…" }</option>
                        { options_html(&props.options, None, locale) }
                    </select>
                </label>
            }
            <div class="filter-fields funnel-options">
                <label class="field">
                    <span>{ settings.t(Text::FunnelWindow) }</span>
                    <input type="number" min="1" max="3650" data-filter="window"
                           value={spec.window_days.to_string()} onchange={on_window} />
                </label>
                <label class="field">
                    <span>{ settings.t(Text::FunnelMode) }</span>
                    <select data-filter="mode" onchange={on_mode}>
                        { mode(OrderMode::Ordered, "ordered", Text::FunnelOrdered) }
                        { mode(OrderMode::Strict, "strict", Text::FunnelStrict) }
                        { mode(OrderMode::Any, "any", Text::FunnelAnyOrder) }
                    </select>
                </label>
                <label class="field">
                    <span>{ settings.t(Text::FunnelUnit) }</span>
                    <select data-filter="unit" onchange={on_unit}>
                        <option value="contact" selected={spec.unit == Unit::Contact}>{ settings.t(Text::FunnelPerContact) }</option>
                        <option value="session" selected={spec.unit == Unit::Session}>{ settings.t(Text::FunnelPerSession) }</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ settings.t(Text::FunnelBreakdown) }</span>
                    <select data-filter="breakdown" onchange={on_breakdown}>{ for breakdowns }</select>
                </label>
                <label class="field">
                    <span>{ settings.t(Text::FunnelExclude) }</span>
                    <select data-action="add-exclusion" onchange={on_exclude}>
                        <option value="" selected=true>{ "…" }</option>
                        { options_html(&props.options, None, locale) }
                    </select>
                </label>
            </div>
            if !spec.exclusions.is_empty() {
                <ul class="chips" aria-label={settings.t(Text::FunnelExclude)}>{ for exclusions }</ul>
            }
        </form>
    }
}
