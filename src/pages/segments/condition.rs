//! One condition of a rule, as a row of inputs. Shared by the segment
//! builder and the scoring page's fit rules.

use super::labels::{consent_name, segment_name};
use super::number_box::NumberBox;
use super::rule_edit::{make_op, op_name, op_value, ConditionKind, OPS};
use crate::hooks::use_settings;
use crate::i18n::{self, Text};
use crate::pages::workbench::input_value;
use canal_core::model::{Channel, ConsentStatus, EventKind};
use canal_core::rfm::Segment;
use canal_core::rules::{AttrOp, Rule};
use canal_core::tiers::Tier;
use yew::prelude::*;

/// The attribute names offered, before the data set's extra columns.
pub const FIELDS: [(&str, Text); 9] = [
    ("country", Text::FieldCountry),
    ("city", Text::FieldCity),
    ("stage", Text::FieldStage),
    ("job_title", Text::FieldJobTitle),
    ("company", Text::FieldCompany),
    ("company_size", Text::FieldCompanySize),
    ("age", Text::FieldAge),
    ("email", Text::FieldEmail),
    ("name", Text::FieldName),
];

/// Props of [`ConditionEditor`].
#[derive(Properties, PartialEq)]
pub struct ConditionEditorProps {
    /// The condition.
    pub rule: Rule,
    /// The data set's extra contact columns, offered as fields.
    #[prop_or_default]
    pub extra_fields: Vec<String>,
    /// The edited condition.
    pub on_change: Callback<Rule>,
}

fn op_text(op: &str) -> Text {
    match op {
        "ne" => Text::OpNe,
        "contains" => Text::OpContains,
        "gt" => Text::OpGt,
        "lt" => Text::OpLt,
        "in" => Text::OpIn,
        "is_set" => Text::OpIsSet,
        _ => Text::OpEq,
    }
}

fn kind_text(k: ConditionKind) -> Text {
    match k {
        ConditionKind::Attribute => Text::CondAttribute,
        ConditionKind::EventCount => Text::CondEventCount,
        ConditionKind::RfmSegment => Text::CondRfmSegment,
        ConditionKind::Tier => Text::CondTier,
        ConditionKind::Consent => Text::CondConsent,
    }
}

fn status_value(s: ConsentStatus) -> &'static str {
    match s {
        ConsentStatus::OptedIn => "opted_in",
        ConsentStatus::OptedOut => "opted_out",
        ConsentStatus::Unknown => "unknown",
    }
}

fn number(e: &Event) -> Option<u32> {
    input_value(e).trim().parse().ok()
}

/// The inputs of one condition.
#[component]
pub fn ConditionEditor(props: &ConditionEditorProps) -> Html {
    let settings = use_settings();
    let t = |k| settings.t(k);
    let rule = props.rule.clone();
    let emit = props.on_change.clone();
    let edit = move |f: fn(&mut Rule, &Event)| {
        let (rule, emit) = (rule.clone(), emit.clone());
        Callback::from(move |e: Event| {
            let mut r = rule.clone();
            f(&mut r, &e);
            emit.emit(r);
        })
    };
    let kind = ConditionKind::of(&props.rule).unwrap_or(ConditionKind::Attribute);
    let on_kind = props.on_change.reform(|e: Event| {
        ConditionKind::parse(&input_value(&e))
            .unwrap_or(ConditionKind::Attribute)
            .default_rule()
    });
    let kind_select = html! {
        <select class="rb-kind" data-testid="condition-kind" aria-label={t(Text::CondKindLabel)} onchange={on_kind}>
            { for ConditionKind::ALL.iter().map(|&k| html! {
                <option value={k.as_str()} selected={k == kind}>{ t(kind_text(k)) }</option>
            }) }
        </select>
    };
    let body = match &props.rule {
        Rule::Attribute { field, op } => {
            let op_now = op_name(op);
            let known =
                FIELDS.iter().any(|(f, _)| f == field) || props.extra_fields.contains(field);
            // Text changes as the user types: `input`, not `change`, so the
            // live count follows each keystroke.
            let on_value = {
                let (rule, emit) = (props.rule.clone(), props.on_change.clone());
                Callback::from(move |e: InputEvent| {
                    let value = {
                        use wasm_bindgen::JsCast;
                        e.target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            .map(|i| i.value())
                            .unwrap_or_default()
                    };
                    if let Rule::Attribute { field, op } = &rule {
                        emit.emit(Rule::Attribute {
                            field: field.clone(),
                            op: make_op(op_name(op), &value),
                        });
                    }
                })
            };
            let on_number = {
                let (rule, emit) = (props.rule.clone(), props.on_change.clone());
                Callback::from(move |x: f64| {
                    if let Rule::Attribute { field, op } = &rule {
                        let op = match op {
                            AttrOp::Lt(_) => AttrOp::Lt(x),
                            _ => AttrOp::Gt(x),
                        };
                        emit.emit(Rule::Attribute {
                            field: field.clone(),
                            op,
                        });
                    }
                })
            };
            html! {
                <>
                    <select data-testid="condition-field" aria-label={t(Text::CondFieldLabel)}
                            onchange={edit(|r, e| if let Rule::Attribute { field, .. } = r { *field = input_value(e) })}>
                        { for FIELDS.iter().map(|(f, label)| html! {
                            <option value={*f} selected={field == f}>{ t(*label) }</option>
                        }) }
                        { for props.extra_fields.iter().map(|f| html! {
                            <option value={f.clone()} selected={field == f}>{ f.clone() }</option>
                        }) }
                        if !known {
                            <option value={field.clone()} selected=true>{ field.clone() }</option>
                        }
                    </select>
                    <select data-testid="condition-op" aria-label={t(Text::CondOpLabel)}
                            onchange={edit(|r, e| if let Rule::Attribute { op, .. } = r { *op = make_op(&input_value(e), &op_value(op)) })}>
                        { for OPS.iter().map(|&o| html! {
                            <option value={o} selected={o == op_now}>{ t(op_text(o)) }</option>
                        }) }
                    </select>
                    if let AttrOp::Gt(x) | AttrOp::Lt(x) = op {
                        <NumberBox value={*x} label={t(Text::CondValueLabel)} testid="condition-value"
                            on_change={on_number} />
                    } else if !matches!(op, AttrOp::IsSet) {
                        <input type="text" class="rb-value" data-testid="condition-value"
                               aria-label={t(Text::CondValueLabel)}
                               placeholder={if op_now == "in" { t(Text::CondListHint) } else { "" }}
                               value={op_value(op)} oninput={on_value} />
                    }
                </>
            }
        }
        Rule::EventCount {
            kind: ev_kind,
            channel,
            days,
            min,
            ..
        } => html! {
            <>
                <span class="rb-word">{ t(Text::CondAtLeast) }</span>
                <input type="number" min="0" class="rb-num" data-testid="condition-min"
                       aria-label={t(Text::CondMinLabel)} value={min.unwrap_or(1).to_string()}
                       onchange={edit(|r, e| if let Rule::EventCount { min, .. } = r { *min = number(e) })} />
                <select data-testid="condition-event-kind" aria-label={t(Text::CondEventKindLabel)}
                        onchange={edit(|r, e| if let Rule::EventCount { kind, .. } = r { *kind = EventKind::parse(&input_value(e)) })}>
                    <option value="" selected={ev_kind.is_none()}>{ t(Text::CondAnyEvent) }</option>
                    { for EventKind::ALL.iter().map(|&k| html! {
                        <option value={k.as_str()} selected={*ev_kind == Some(k)}>{ t(i18n::kind(k)) }</option>
                    }) }
                </select>
                <select aria-label={t(Text::FilterChannel)}
                        onchange={edit(|r, e| if let Rule::EventCount { channel, .. } = r { *channel = Channel::parse(&input_value(e)) })}>
                    <option value="" selected={channel.is_none()}>{ t(Text::AllChannels) }</option>
                    { for Channel::ALL.iter().map(|&c| html! {
                        <option value={c.as_str()} selected={*channel == Some(c)}>{ t(i18n::channel(c)) }</option>
                    }) }
                </select>
                <span class="rb-word">{ t(Text::CondInLast) }</span>
                <input type="number" min="1" class="rb-num" aria-label={t(Text::CondDaysLabel)}
                       value={days.to_string()}
                       onchange={edit(|r, e| if let Rule::EventCount { days, .. } = r { *days = number(e).unwrap_or(30).max(1) })} />
                <span class="rb-word">{ t(Text::CondDays) }</span>
            </>
        },
        Rule::RfmSegment { segments } => {
            let now = segments.first().copied().unwrap_or(Segment::Champions);
            html! {
                <select data-testid="condition-segment" aria-label={t(Text::CondRfmSegment)}
                        onchange={edit(|r, e| if let Rule::RfmSegment { segments } = r {
                            *segments = Segment::ALL.into_iter().filter(|s| s.as_str() == input_value(e)).collect();
                        })}>
                    { for Segment::ALL.iter().map(|&s| html! {
                        <option value={s.as_str()} selected={s == now}>{ t(segment_name(s)) }</option>
                    }) }
                </select>
            }
        }
        Rule::Tier { tiers } => {
            let now = tiers.first().copied().unwrap_or(Tier::A);
            html! {
                <select data-testid="condition-tier" aria-label={t(Text::CondTier)}
                        onchange={edit(|r, e| if let Rule::Tier { tiers } = r {
                            *tiers = Tier::ALL.into_iter().filter(|x| x.as_str() == input_value(e)).collect();
                        })}>
                    { for Tier::ALL.iter().map(|&x| html! {
                        <option value={x.as_str()} selected={x == now}>{ x.as_str() }</option>
                    }) }
                </select>
            }
        }
        Rule::Consent {
            subject,
            channel,
            status,
        } => html! {
            <>
                <input type="text" class="rb-value" aria-label={t(Text::CondSubjectLabel)}
                       value={subject.clone()}
                       onchange={edit(|r, e| if let Rule::Consent { subject, .. } = r { *subject = input_value(e) })} />
                <select aria-label={t(Text::FilterChannel)}
                        onchange={edit(|r, e| if let Rule::Consent { channel, .. } = r {
                            *channel = Channel::parse(&input_value(e)).unwrap_or(Channel::Email)
                        })}>
                    { for Channel::ALL.iter().map(|&c| html! {
                        <option value={c.as_str()} selected={*channel == c}>{ t(i18n::channel(c)) }</option>
                    }) }
                </select>
                <select aria-label={t(Text::CondConsent)}
                        onchange={edit(|r, e| if let Rule::Consent { status, .. } = r {
                            *status = match input_value(e).as_str() {
                                "opted_out" => ConsentStatus::OptedOut,
                                "unknown" => ConsentStatus::Unknown,
                                _ => ConsentStatus::OptedIn,
                            }
                        })}>
                    { for [ConsentStatus::OptedIn, ConsentStatus::OptedOut, ConsentStatus::Unknown].iter().map(|&s| html! {
                        <option value={status_value(s)} selected={*status == s}>{ t(consent_name(s)) }</option>
                    }) }
                </select>
            </>
        },
        _ => html! {},
    };
    html! {
        <span class="rb-cond-inputs" data-kind={kind.as_str()}>
            { kind_select }
            { body }
        </span>
    }
}
