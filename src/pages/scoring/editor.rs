//! The scoring model editor: fit rules (a condition and points) per
//! family, interaction rules with caps, the half-life and the stages.

use super::model::new_interaction;
use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::pages::segments::condition::ConditionEditor;
use crate::pages::segments::rule_edit::ConditionKind;
use crate::pages::workbench::input_value;
use canal_core::model::{Channel, EventKind};
use canal_core::scoring::{FitRule, ScoringModel, Stage};
use yew::prelude::*;

/// Props of [`ModelEditor`].
#[derive(Properties, PartialEq)]
pub struct ModelEditorProps {
    /// The model.
    pub model: ScoringModel,
    /// The edited model.
    pub on_change: Callback<ScoringModel>,
}

fn num(e: &Event) -> Option<f64> {
    let v = input_value(e);
    let v = v.trim();
    if v.is_empty() {
        None
    } else {
        v.replace(',', ".").parse().ok()
    }
}

/// Edits of the model, each a closure from the old model to the new one.
fn change(
    model: &ScoringModel,
    on_change: &Callback<ScoringModel>,
    f: impl Fn(&mut ScoringModel, &Event) + 'static,
) -> Callback<Event> {
    let (model, on_change) = (model.clone(), on_change.clone());
    Callback::from(move |e: Event| {
        let mut m = model.clone();
        f(&mut m, &e);
        on_change.emit(m);
    })
}

/// Which fit family a list edits.
#[derive(Clone, Copy, PartialEq)]
enum Family {
    Demographic,
    Functional,
}

fn family(m: &mut ScoringModel, f: Family) -> &mut Vec<FitRule> {
    match f {
        Family::Demographic => &mut m.demographic,
        Family::Functional => &mut m.functional,
    }
}

/// The whole model as forms.
#[component]
pub fn ModelEditor(props: &ModelEditorProps) -> Html {
    let settings = use_settings();
    let t = |k| settings.t(k);
    let m = &props.model;
    let fit_list = |fam: Family, rules: &[FitRule], title: Text| {
        let rows = rules.iter().enumerate().map(|(i, r)| {
            let on_cond = {
                let (model, on_change) = (m.clone(), props.on_change.clone());
                Callback::from(move |c| {
                    let mut m = model.clone();
                    if let Some(r) = family(&mut m, fam).get_mut(i) {
                        r.condition = c;
                    }
                    on_change.emit(m);
                })
            };
            html! {
                <li class="rule-row" data-rule={r.id.clone()}>
                    <input class="rule-id" aria-label={t(Text::ScRuleId)} value={r.id.clone()}
                           onchange={change(m, &props.on_change, move |m, e| if let Some(r) = family(m, fam).get_mut(i) { r.id = input_value(e) })} />
                    <ConditionEditor rule={r.condition.clone()} on_change={on_cond} />
                    <span class="rb-word">{ "→" }</span>
                    <input class="pts" type="number" step="any" aria-label={t(Text::ScPoints)} value={r.points.to_string()}
                           onchange={change(m, &props.on_change, move |m, e| if let Some(r) = family(m, fam).get_mut(i) { r.points = num(e).unwrap_or(0.0) })} />
                    <span class="rb-word">{ t(Text::ScPts) }</span>
                    <button type="button" class="rb-icon-button" aria-label={t(Text::RbRemove)}
                            onclick={change(m, &props.on_change, move |m, _| { let l = family(m, fam); if i < l.len() { l.remove(i); } }).reform(|e: MouseEvent| e.into())}>{ "×" }</button>
                </li>
            }
        });
        let n = rules.len();
        html! {
            <>
                <h3>{ t(title) }</h3>
                <ul class="rule-list">{ for rows }</ul>
                <button type="button" class="button" onclick={change(m, &props.on_change, move |m, _| family(m, fam).push(FitRule {
                    id: format!("rule_{}", n + 1),
                    condition: ConditionKind::Attribute.default_rule(),
                    points: 10.0,
                })).reform(|e: MouseEvent| e.into())}>{ t(Text::RbAddCondition) }</button>
            </>
        }
    };
    let interactions = m.interaction.iter().enumerate().map(|(i, r)| {
        let on = |f: fn(&mut canal_core::scoring::InteractionRule, &Event)| {
            change(m, &props.on_change, move |m, e| {
                if let Some(r) = m.interaction.get_mut(i) {
                    f(r, e)
                }
            })
        };
        html! {
            <li class="rule-row" data-rule={r.id.clone()}>
                <input class="rule-id" aria-label={t(Text::ScRuleId)} value={r.id.clone()} onchange={on(|r, e| r.id = input_value(e))} />
                <select aria-label={t(Text::CondEventKindLabel)} onchange={on(|r, e| r.kind = EventKind::parse(&input_value(e)))}>
                    <option value="" selected={r.kind.is_none()}>{ t(Text::CondAnyEvent) }</option>
                    { for EventKind::ALL.iter().map(|&k| html! {
                        <option value={k.as_str()} selected={r.kind == Some(k)}>{ t(i18n::kind(k)) }</option>
                    }) }
                </select>
                <select aria-label={t(Text::FilterChannel)} onchange={on(|r, e| r.channel = Channel::parse(&input_value(e)))}>
                    <option value="" selected={r.channel.is_none()}>{ t(Text::AllChannels) }</option>
                    { for Channel::ALL.iter().map(|&c| html! {
                        <option value={c.as_str()} selected={r.channel == Some(c)}>{ t(i18n::channel(c)) }</option>
                    }) }
                </select>
                <input class="pts" type="number" step="any" aria-label={t(Text::ScPoints)} value={r.points.to_string()}
                       onchange={on(|r, e| r.points = num(e).unwrap_or(0.0))} />
                <span class="rb-word">{ t(Text::ScPtsEach) }</span>
                <span class="rb-word">{ t(Text::ScCap) }</span>
                <input class="pts" type="number" min="0" step="any" aria-label={t(Text::ScCap)}
                       placeholder="—" value={r.cap.map(|c| c.to_string()).unwrap_or_default()}
                       onchange={on(|r, e| r.cap = num(e))} />
                <span class="rb-word">{ t(Text::ScPer) }</span>
                <input class="pts" type="number" min="1" aria-label={t(Text::CondDaysLabel)} value={r.cap_period_days.to_string()}
                       onchange={on(|r, e| r.cap_period_days = num(e).map_or(30, |d| d.max(1.0) as u32))} />
                <span class="rb-word">{ t(Text::CondDays) }</span>
                <button type="button" class="rb-icon-button" aria-label={t(Text::RbRemove)}
                        onclick={change(m, &props.on_change, move |m, _| { if i < m.interaction.len() { m.interaction.remove(i); } }).reform(|e: MouseEvent| e.into())}>{ "×" }</button>
            </li>
        }
    });
    let stages = m.stages.iter().enumerate().map(|(i, s)| {
        html! {
            <li class="rule-row" data-stage={s.name.clone()}>
                <input class="rule-id" aria-label={t(Text::ScStage)} value={s.name.clone()}
                       onchange={change(m, &props.on_change, move |m, e| if let Some(s) = m.stages.get_mut(i) { s.name = input_value(e) })} />
                <span class="rb-word">{ "≥" }</span>
                <input class="pts" type="number" step="any" aria-label={t(Text::ScThreshold)} value={s.min_score.to_string()}
                       data-testid="stage-threshold"
                       onchange={change(m, &props.on_change, move |m, e| {
                           if let Some(s) = m.stages.get_mut(i) { s.min_score = num(e).unwrap_or(0.0) }
                           m.stages.sort_by(|a, b| a.min_score.total_cmp(&b.min_score));
                       })} />
                <span class="rb-word">{ t(Text::ScPts) }</span>
                <button type="button" class="rb-icon-button" aria-label={t(Text::RbRemove)}
                        onclick={change(m, &props.on_change, move |m, _| { if i < m.stages.len() { m.stages.remove(i); } }).reform(|e: MouseEvent| e.into())}>{ "×" }</button>
            </li>
        }
    });
    let n_inter = m.interaction.len();
    html! {
        <section class="card wb-section" aria-labelledby="sc-model-title">
            <div class="card-head">
                <h2 id="sc-model-title">{ t(Text::ScModelTitle) }</h2>
                <p class="card-hint">{ t(Text::ScModelHint) }</p>
            </div>
            <div class="wb-columns">
                <div>
                    { fit_list(Family::Demographic, &m.demographic, Text::ScDemographic) }
                    { fit_list(Family::Functional, &m.functional, Text::ScFunctional) }
                </div>
                <div>
                    <h3>{ t(Text::ScInteraction) }</h3>
                    <ul class="rule-list">{ for interactions }</ul>
                    <button type="button" class="button"
                            onclick={change(m, &props.on_change, move |m, _| m.interaction.push(new_interaction(n_inter + 1))).reform(|e: MouseEvent| e.into())}>
                        { t(Text::RbAddCondition) }
                    </button>
                    <h3>{ t(Text::ScDecay) }</h3>
                    <label class="field inline">
                        <span>{ t(Text::ScHalfLife) }</span>
                        <input type="number" min="0" step="any" placeholder="—"
                               value={m.half_life_days.map(|h| h.to_string()).unwrap_or_default()}
                               onchange={change(m, &props.on_change, |m, e| m.half_life_days = num(e).filter(|h| *h > 0.0))} />
                        <span>{ t(Text::CondDays) }</span>
                    </label>
                    <h3>{ t(Text::ScStages) }</h3>
                    <ul class="rule-list">{ for stages }</ul>
                    <button type="button" class="button"
                            onclick={change(m, &props.on_change, |m, _| {
                                let top = m.stages.last().map_or(50.0, |s| s.min_score + 20.0);
                                m.stages.push(Stage { name: format!("Stage {}", m.stages.len() + 1), min_score: top, actions: Vec::new() });
                            }).reform(|e: MouseEvent| e.into())}>
                        { t(Text::ScAddStage) }
                    </button>
                </div>
            </div>
        </section>
    }
}
