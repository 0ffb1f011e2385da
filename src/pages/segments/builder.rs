//! The custom segment builder: a rule tree of conditions in AND/OR groups,
//! any node negated, with the live member count, saved definitions
//! (localStorage) and the members' export.
//!
//! The costly parts of evaluation (event scans, parsed columns) live in a
//! [`SegmentCache`] kept across edits for the same data, RFM and as-of
//! time, so an edit only re-runs per-contact comparisons.

use super::condition::ConditionEditor;
use super::model::RfmView;
use super::rule_edit::{apply, ConditionKind, Edit};
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::pages::workbench::{input_value, Shared};
use crate::services::{clock, download, saved_segments};
use crate::state::data::Loaded;
use canal_core::bitset::Bits;
use canal_core::format;
use canal_core::rules::{self, Rule, RuleError, SavedSegment, SegmentCache, SegmentContext};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Columns of the members' export after the contact key.
const EXPORT_FIELDS: [&str; 5] = ["email", "name", "country", "city", "stage"];

/// The starting rule: contacts who clicked in the last 30 days.
fn starting_rule() -> Rule {
    Rule::And {
        rules: vec![ConditionKind::EventCount.default_rule()],
    }
}

/// The cache and what it was built for.
type CacheSlot = Option<(Loaded, Shared<RfmView>, SegmentCache)>;

/// Evaluation result: members, or why the rule cannot run, and the time it
/// took in milliseconds.
#[derive(Clone, Debug)]
pub struct Evaluated {
    /// Members or the reason.
    pub members: Result<Rc<Bits>, RuleError>,
    /// How long evaluation took.
    pub millis: f64,
}

/// Evaluates `rule`, reusing `slot`'s cache when it belongs to this data.
fn evaluate(
    slot: &RefCell<CacheSlot>,
    data: &Loaded,
    view: &Shared<RfmView>,
    as_of: i64,
    rule: &Rule,
) -> Evaluated {
    let start = clock::now_ms();
    let cached = match slot.borrow_mut().take() {
        Some((d, v, cache)) if d == *data && v == *view => cache,
        _ => SegmentCache::default(),
    };
    let mut ctx = SegmentContext::with_cache(&data.dataset, as_of, cached);
    if !ctx.has_rfm_and_tiers() {
        ctx.set_rfm(&view.rfm);
        ctx.set_tiers(&view.tiers);
    }
    let members = ctx.evaluate(rule).map(Rc::new);
    *slot.borrow_mut() = Some((data.clone(), view.clone(), ctx.into_cache()));
    Evaluated {
        members,
        millis: clock::now_ms() - start,
    }
}

/// Props of [`SegmentBuilder`].
#[derive(Properties, PartialEq)]
pub struct SegmentBuilderProps {
    /// The data.
    pub data: Loaded,
    /// RFM and tiers the rules may use.
    pub view: Shared<RfmView>,
    /// End of event windows, seconds (the last event).
    pub as_of: i64,
}

/// The builder with its live count, saved segments and export.
#[component]
pub fn SegmentBuilder(props: &SegmentBuilderProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let rule = use_state(starting_rule);
    let slot = use_mut_ref(|| None::<(Loaded, Shared<RfmView>, SegmentCache)>);
    let result = {
        let slot = slot.clone();
        use_memo(
            (
                props.data.clone(),
                props.view.clone(),
                props.as_of,
                (*rule).clone(),
            ),
            move |(data, view, as_of, rule)| evaluate(&slot, data, view, *as_of, rule),
        )
    };
    let saved = use_state(saved_segments::load);
    let name = use_state(String::new);
    let error = use_state(|| None::<String>);

    let on_edit = {
        let rule = rule.clone();
        Callback::from(move |edit: Edit| rule.set(apply(&rule, &edit)))
    };
    let extra_fields: Vec<String> = props
        .data
        .dataset
        .contacts
        .extra
        .iter()
        .map(|(h, _)| h.clone())
        .collect();
    let contacts = props.data.dataset.contact_count();

    let on_save = {
        let (rule, saved, name) = (rule.clone(), saved.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let label = name.trim();
            if label.is_empty() {
                return;
            }
            let id = slug(label);
            let mut list: Vec<SavedSegment> = (*saved).clone();
            list.retain(|s| s.id != id);
            list.push(SavedSegment {
                id,
                name: label.to_owned(),
                rule: (*rule).clone(),
            });
            saved_segments::store(&list);
            saved.set(list);
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            use wasm_bindgen::JsCast;
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                name.set(i.value());
            }
        })
    };
    let on_export = {
        let (data, result, error, name) = (
            props.data.clone(),
            result.clone(),
            error.clone(),
            name.clone(),
        );
        let as_of = props.as_of;
        Callback::from(move |_| {
            let Ok(members) = &result.members else {
                return;
            };
            let out = rules::export_csv(&data.dataset, members, &EXPORT_FIELDS, None, as_of)
                .map_err(|e| e.to_string())
                .and_then(|x| {
                    let file = match slug(name.trim()) {
                        s if s.is_empty() => "segment.csv".to_owned(),
                        s => format!("segment-{s}.csv"),
                    };
                    download::save_csv(&file, &x.csv).map_err(|e| e.to_string())
                });
            error.set(out.err());
        })
    };

    let (count_html, count_value) = match &result.members {
        Ok(bits) => {
            let n = bits.count();
            let share = if contacts == 0 {
                0.0
            } else {
                n as f64 / contacts as f64
            };
            (
                html! {
                    <>
                        <strong class="rb-count-value">{ format::count(n as u64, locale) }</strong>
                        <span>{ format!(" {} {}", t(Text::RbOf), format::count(contacts as u64, locale)) }</span>
                        <span class="rb-count-share">{ format!(" ({})", format::percent(share, 1, locale)) }</span>
                    </>
                },
                n.to_string(),
            )
        }
        Err(e) => (
            html! { <span class="form-error">{ e.to_string() }</span> },
            String::new(),
        ),
    };

    html! {
        <section class="card wb-section builder-section" aria-labelledby="rb-title">
            <div class="card-head wb-head">
                <div>
                    <h2 id="rb-title">{ t(Text::RbTitle) }</h2>
                    <p class="card-hint">{ t(Text::RbHint) }</p>
                </div>
                <div class="rb-count" role="status" aria-live="polite" data-testid="segment-count"
                     data-count={count_value}>
                    <span class="rb-count-label">{ t(Text::RbMembers) }</span>
                    { count_html }
                    <span class="rb-timing">{ format!("{} ms", format::number(result.millis, 0, locale)) }</span>
                </div>
            </div>
            <div class="rb-tree">
                { node(&rule, Vec::new(), true, &on_edit, &extra_fields, &settings) }
            </div>
            <form class="rb-save" onsubmit={on_save}>
                <label class="field inline">
                    <span>{ t(Text::RbName) }</span>
                    <input type="text" data-testid="segment-name" value={(*name).clone()} oninput={on_name}
                           placeholder={t(Text::RbNamePlaceholder)} />
                </label>
                <button type="submit" class="button" data-testid="save-segment" disabled={name.trim().is_empty()}>
                    { t(Text::RbSave) }
                </button>
                <button type="button" class="button primary" data-testid="export-segment"
                        onclick={on_export} disabled={result.members.is_err()}>
                    { t(Text::RbExport) }
                </button>
            </form>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ e.clone() }</p>
            }
            if !saved.is_empty() {
                <div class="rb-saved">
                    <h3>{ t(Text::RbSaved) }</h3>
                    <ul>
                        { for saved.iter().map(|s| {
                            let load = {
                                let (rule, name, s) = (rule.clone(), name.clone(), s.clone());
                                Callback::from(move |_| { rule.set(s.rule.clone()); name.set(s.name.clone()); })
                            };
                            let remove = {
                                let (saved, id) = (saved.clone(), s.id.clone());
                                Callback::from(move |_| {
                                    let list: Vec<SavedSegment> = saved.iter().filter(|x| x.id != id).cloned().collect();
                                    saved_segments::store(&list);
                                    saved.set(list);
                                })
                            };
                            html! {
                                <li data-saved={s.id.clone()}>
                                    <button type="button" class="link-button" onclick={load}>{ s.name.clone() }</button>
                                    <button type="button" class="rb-icon-button" onclick={remove}
                                            aria-label={format!("{} {}", t(Text::RbDelete), s.name)}>{ "×" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }
        </section>
    }
}

/// A file- and id-safe form of a name.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn path_attr(path: &[usize]) -> String {
    path.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// One node of the tree: a group or a condition, negated when wrapped in a
/// NOT (whose path is `path`; the wrapped node's is `path + [0]`).
fn node(
    rule: &Rule,
    path: Vec<usize>,
    root: bool,
    on_edit: &Callback<Edit>,
    extra: &[String],
    settings: &crate::hooks::SettingsHandle,
) -> Html {
    let t = |k| settings.t(k);
    let (inner, inner_path, negated) = match rule {
        Rule::Not { rule } => {
            let mut p = path.clone();
            p.push(0);
            (rule.as_ref(), p, true)
        }
        other => (other, path.clone(), false),
    };
    let toggle = {
        let path = path.clone();
        on_edit.reform(move |_: Event| Edit::ToggleNot(path.clone()))
    };
    let remove = (!root).then(|| {
        let path = path.clone();
        html! {
            <button type="button" class="rb-icon-button" data-testid="remove-node"
                    aria-label={t(Text::RbRemove)} title={t(Text::RbRemove)}
                    onclick={on_edit.reform(move |_| Edit::Remove(path.clone()))}>{ "×" }</button>
        }
    });
    let not_box = html! {
        <label class={classes!("rb-not", negated.then_some("on"))}>
            <input type="checkbox" data-testid="negate" checked={negated} onchange={toggle} />
            <span>{ t(Text::RbNot) }</span>
        </label>
    };
    match inner {
        Rule::And { rules } | Rule::Or { rules } => {
            let all = matches!(inner, Rule::And { .. });
            let mode = {
                let p = inner_path.clone();
                on_edit.reform(move |e: Event| Edit::SetAll(p.clone(), input_value(&e) == "and"))
            };
            let add = |r: Rule| {
                let p = inner_path.clone();
                on_edit.reform(move |_| Edit::Add(p.clone(), r.clone()))
            };
            let add_condition = add(ConditionKind::Attribute.default_rule());
            let add_group = add(Rule::Or {
                rules: vec![ConditionKind::Attribute.default_rule()],
            });
            html! {
                <div class={classes!("rb-group", negated.then_some("negated"), if all { "and" } else { "or" })}
                     data-path={path_attr(&path)}>
                    <div class="rb-group-head">
                        { not_box }
                        <select data-testid="group-mode" aria-label={t(Text::RbGroupMode)} onchange={mode}>
                            <option value="and" selected={all}>{ t(Text::RbAll) }</option>
                            <option value="or" selected={!all}>{ t(Text::RbAny) }</option>
                        </select>
                        { for remove }
                    </div>
                    if rules.is_empty() {
                        <p class="wb-note">{ t(if all { Text::RbEmptyAnd } else { Text::RbEmptyOr }) }</p>
                    }
                    <ul class="rb-children">
                        { for rules.iter().enumerate().map(|(i, r)| {
                            let mut p = inner_path.clone();
                            p.push(i);
                            html! { <li>{ node(r, p, false, on_edit, extra, settings) }</li> }
                        }) }
                    </ul>
                    <div class="rb-add">
                        <button type="button" class="button" data-testid="add-condition" onclick={add_condition}>
                            { t(Text::RbAddCondition) }
                        </button>
                        <button type="button" class="button" data-testid="add-group" onclick={add_group}>
                            { t(Text::RbAddGroup) }
                        </button>
                    </div>
                </div>
            }
        }
        cond => {
            let p = inner_path.clone();
            let on_change = on_edit.reform(move |r: Rule| Edit::Replace(p.clone(), r));
            html! {
                <div class={classes!("rb-cond", negated.then_some("negated"))} data-path={path_attr(&path)}>
                    { not_box }
                    <ConditionEditor rule={cond.clone()} extra_fields={extra.to_vec()} {on_change} />
                    { for remove }
                </div>
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        for (name, expected) in [
            ("VIP Spain", "vip-spain"),
            ("  Clicked, not bought! ", "clicked-not-bought"),
            ("Año 2026", "año-2026"),
            ("", ""),
        ] {
            assert_eq!(slug(name), expected, "{name:?}");
        }
    }
}
