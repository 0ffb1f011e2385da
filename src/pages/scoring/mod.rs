//! The Scoring page (SPEC §5): the model editor, the score distribution
//! with the stage thresholds, the what-if of moving a threshold, and who
//! crossed a stage lately and why.
//!
//! Scores are recomputed when the model changes (one pass over the events
//! grouped by contact, built once per data set); the what-if only counts
//! totals already computed, so dragging the slider never re-scores.

mod editor;
pub(crate) mod model;

use crate::components::PageHeader;
use crate::hooks::{use_data, use_kept, use_settings};
use crate::i18n::Text;
use crate::pages::segments::model::rfm_view;
use crate::pages::workbench::{date_of, gate, input_value, KeptBar, Shared};
use crate::state::data::Loaded;
use canal_core::by_contact::ContactEvents;
use canal_core::format;
use canal_core::model::DAY;
use canal_core::rules::SegmentContext;
use canal_core::scoring::{score, Scores, ScoringModel};
use editor::ModelEditor;
use model::{histogram, reaching, what_if};
use yew::prelude::*;

/// Crossings are listed over this many days before the end of the data.
const RECENT_DAYS: i64 = 30;
/// Rows of the crossings table.
const CROSSINGS_SHOWN: usize = 50;

/// The Scoring page.
#[component]
pub fn ScoringPage() -> Html {
    let data = use_data();
    let body = match gate(&data) {
        Ok(loaded) => html! { <Scoring data={loaded} /> },
        Err(other) => other,
    };
    html! {
        <>
            <PageHeader title={Text::NavScoring} intro={Text::ScoringIntro} />
            { body }
        </>
    }
}

/// Props of [`Scoring`].
#[derive(Properties, PartialEq)]
pub struct ScoringProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// What the model needs besides the model: built once per data set.
struct Prepared {
    events: ContactEvents,
    rfm: super::segments::model::RfmView,
}

fn run(data: &Loaded, prepared: &Prepared, model: &ScoringModel) -> Result<Scores, String> {
    let ds = &data.dataset;
    let as_of = data.span.map_or(0, |s| s.1);
    let mut ctx = SegmentContext::new(ds, as_of);
    ctx.set_rfm(&prepared.rfm.rfm);
    ctx.set_tiers(&prepared.rfm.tiers);
    score(
        ds,
        &mut ctx,
        &prepared.events,
        model,
        as_of,
        Some(as_of - RECENT_DAYS * DAY),
    )
    .map_err(|e| e.to_string())
}

/// The scoring workbench over `data`.
#[component]
pub fn Scoring(props: &ScoringProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let kept = use_kept::<ScoringModel>();
    let model = kept.clone();
    let prepared = use_memo(props.data.clone(), |data: &Loaded| {
        let ds = &data.dataset;
        Shared::new(Prepared {
            events: ContactEvents::build(&ds.events, ds.contact_count()),
            rfm: rfm_view(ds, None),
        })
    });
    let scores = {
        let prepared = (*prepared).clone();
        use_memo(
            (props.data.clone(), (*model).clone()),
            move |(data, model)| run(data, &prepared, model).map(Shared::new),
        )
    };
    let selected_stage = use_state(|| 0usize);
    let what_if_value = use_state(|| None::<f64>);
    let picked = use_state(|| None::<u32>);
    let on_model = {
        let (kept, what_if_value) = (kept.clone(), what_if_value.clone());
        Callback::from(move |m: ScoringModel| {
            what_if_value.set(None);
            kept.set(m);
        })
    };

    let body = match &*scores {
        Err(e) => html! { <p class="form-error" role="alert">{ e.clone() }</p> },
        Ok(s) => {
            let n = s.total.len() as u64;
            let mean = if n == 0 {
                0.0
            } else {
                s.total.iter().sum::<f64>() / n as f64
            };
            let stage_i = (*selected_stage).min(model.stages.len().saturating_sub(1));
            let stage = model.stages.get(stage_i);

            let stats = html! {
                <div class="stat-row">
                    <div class="stat" data-testid="score-contacts" data-count={n.to_string()}>
                        <span class="stat-value">{ format::count(n, locale) }</span>
                        <span class="stat-label">{ t(Text::ScContacts) }</span>
                    </div>
                    <div class="stat">
                        <span class="stat-value">{ format::number(mean, 1, locale) }</span>
                        <span class="stat-label">{ t(Text::ScMean) }</span>
                    </div>
                    { for model.stages.iter().enumerate().map(|(i, st)| {
                        let k = reaching(&s.total, st.min_score);
                        html! {
                            <div class="stat" data-testid={(i == 0).then_some("stage-count")} data-stage={st.name.clone()}
                                 data-count={k.to_string()}>
                                <span class="stat-value">{ format::count(u64::from(k), locale) }</span>
                                <span class="stat-label">{ format!("{} (≥ {})", st.name, format::number(st.min_score, 0, locale)) }</span>
                            </div>
                        }
                    }) }
                    <div class="stat" data-testid="crossings" data-count={s.crossings.len().to_string()}>
                        <span class="stat-value">{ format::count(s.crossings.len() as u64, locale) }</span>
                        <span class="stat-label">{ t(Text::ScCrossings) }</span>
                    </div>
                </div>
            };
            let what_if_html = stage.map(|st| {
                let value = what_if_value.unwrap_or(st.min_score);
                let (enter, leave) = what_if(&s.total, st.min_score, value);
                let max = s.total.iter().copied().fold(st.min_score, f64::max).ceil().max(1.0);
                let on_slide = {
                    let w = what_if_value.clone();
                    Callback::from(move |e: InputEvent| {
                        use wasm_bindgen::JsCast;
                        if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            w.set(i.value().parse().ok());
                        }
                    })
                };
                let on_stage = {
                    let (sel, w) = (selected_stage.clone(), what_if_value.clone());
                    Callback::from(move |e: Event| {
                        sel.set(input_value(&e).parse().unwrap_or(0));
                        w.set(None);
                    })
                };
                let apply = {
                    let (model, on_model) = ((*model).clone(), on_model.clone());
                    Callback::from(move |_| {
                        let mut m = model.clone();
                        if let Some(x) = m.stages.get_mut(stage_i) {
                            x.min_score = value;
                        }
                        m.stages.sort_by(|a, b| a.min_score.total_cmp(&b.min_score));
                        on_model.emit(m);
                    })
                };
                html! {
                    <div class="whatif" data-testid="what-if" data-enter={enter.to_string()} data-leave={leave.to_string()}>
                        <label class="field inline">
                            <span>{ t(Text::ScWhatIf) }</span>
                            <select onchange={on_stage}>
                                { for model.stages.iter().enumerate().map(|(i, x)| html! {
                                    <option value={i.to_string()} selected={i == stage_i}>{ x.name.clone() }</option>
                                }) }
                            </select>
                        </label>
                        <input type="range" min="0" max={max.to_string()} step="1" value={value.to_string()}
                               data-testid="what-if-threshold" aria-label={t(Text::ScThreshold)} oninput={on_slide} />
                        <strong>{ format!("≥ {}", format::number(value, 0, locale)) }</strong>
                        <span>
                            { if enter > 0 {
                                format!("+{} {}", format::count(u64::from(enter), locale), t(Text::ScWouldEnter))
                            } else if leave > 0 {
                                format!("−{} {}", format::count(u64::from(leave), locale), t(Text::ScWouldLeave))
                            } else {
                                t(Text::ScNoChange).to_owned()
                            } }
                        </span>
                        if value != st.min_score {
                            <button type="button" class="button primary" onclick={apply}>{ t(Text::ScApply) }</button>
                        }
                    </div>
                }
            });
            let thresholds: Vec<(String, f64)> = model
                .stages
                .iter()
                .enumerate()
                .map(|(i, st)| {
                    let v = if i == stage_i {
                        what_if_value.unwrap_or(st.min_score)
                    } else {
                        st.min_score
                    };
                    (st.name.clone(), v)
                })
                .collect();
            html! {
                <>
                    <section class="card wb-section" aria-labelledby="sc-dist-title">
                        <div class="card-head">
                            <h2 id="sc-dist-title">{ t(Text::ScDistribution) }</h2>
                            <p class="card-hint">{ t(Text::ScDistributionHint) }</p>
                        </div>
                        { stats }
                        <Histogram values={s.clone()} {thresholds} />
                        { for what_if_html }
                    </section>
                    <Crossings data={props.data.clone()} scores={s.clone()} model={(*model).clone()}
                               prepared={(*prepared).clone()} picked={*picked}
                               on_pick={Callback::from({ let p = picked.clone(); move |c| p.set(Some(c)) })} />
                </>
            }
        }
    };
    html! {
        <div class="workbench scoring" data-state="ready">
            { body }
            <KeptBar is_default={kept.is_default()} problem={kept.problem()} on_reset={{ let k = kept.clone(); Callback::from(move |_| k.reset()) }}
                     testid="scoring-reset" />
            <ModelEditor model={(*model).clone()} on_change={on_model} />
        </div>
    }
}

/// Props of [`Histogram`].
#[derive(Properties, PartialEq)]
struct HistogramProps {
    values: Shared<Scores>,
    thresholds: Vec<(String, f64)>,
}

/// The distribution of total scores as SVG bars, thresholds as lines.
/// The plot stretches to the card's width at a fixed height, and its
/// labels are HTML beside it, so they keep their size on a phone (text in
/// the SVG shrank with it to a few pixels).
#[component]
fn Histogram(props: &HistogramProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    const W: f64 = 720.0;
    const H: f64 = 200.0;
    // Room above the bars for the thresholds' names, in two rows.
    const TOP: f64 = 48.0;
    let (lo, width, counts) = histogram(&props.values.total, 30);
    let top = props
        .thresholds
        .iter()
        .map(|x| x.1)
        .fold(lo + width * counts.len() as f64, f64::max);
    let span = (top - lo).max(1.0);
    let x_of = |v: f64| (v - lo) / span * W;
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    // Square root: one tall bar at 0 (contacts with no activity) would
    // flatten every other bar.
    let y_of = |n: u32| (f64::from(n) / f64::from(max)).sqrt() * (H - TOP);
    let first = props.thresholds.first().map_or(f64::INFINITY, |x| x.1);
    let bars = counts.iter().enumerate().map(|(i, &n)| {
        let start = lo + width * i as f64;
        let (x0, x1) = (x_of(start), x_of(start + width));
        let h = y_of(n);
        let title = format!(
            "{}–{}: {}",
            format::number(start, 0, locale),
            format::number(start + width, 0, locale),
            format::count(u64::from(n), locale)
        );
        html! {
            <rect class={classes!("bar", (start >= first).then_some("staged"))}
                  x={format!("{:.1}", x0 + 0.5)} y={format!("{:.1}", H - h)}
                  width={format!("{:.1}", (x1 - x0 - 1.0).max(0.5))} height={format!("{:.1}", h)}>
                <title>{ title }</title>
            </rect>
        }
    });
    let lines = props.thresholds.iter().map(|(_, v)| {
        let x = format!("{:.1}", x_of(*v));
        html! {
            <line class="threshold" x1={x.clone()} x2={x} y1="0" y2={H.to_string()}
                  vector-effect="non-scaling-stroke" />
        }
    });
    // A name near the right end is written to the left of its line; every
    // other name a line lower, so neighbours never overlap on a phone.
    let marks = props.thresholds.iter().enumerate().map(|(i, (name, v))| {
        let here = x_of(*v) / W * 100.0;
        html! {
            <span class={classes!("histogram-mark", (here > 80.0).then_some("end"), (i % 2 == 1).then_some("lower"))}
                  style={format!("left: {here:.2}%")}>
                { format!("{name} ≥ {}", format::number(*v, 0, locale)) }
            </span>
        }
    });
    html! {
        <figure class="histogram" data-testid="score-histogram">
            <div class="histogram-plot">
                <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img"
                     aria-label={settings.t(Text::ScDistribution)}>
                    { for bars }
                    { for lines }
                    <line class="base" x1="0" x2={W.to_string()} y1={H.to_string()} y2={H.to_string()}
                          vector-effect="non-scaling-stroke" />
                </svg>
                { for marks }
            </div>
            <div class="histogram-x" aria-hidden="true">
                <span>{ format::number(lo, 0, locale) }</span>
                <span>{ format::number(top, 0, locale) }</span>
            </div>
        </figure>
    }
}

/// Props of [`Crossings`].
#[derive(Properties, PartialEq)]
struct CrossingsProps {
    data: Loaded,
    scores: Shared<Scores>,
    model: ScoringModel,
    prepared: Shared<Prepared>,
    picked: Option<u32>,
    on_pick: Callback<u32>,
}

/// Who crossed a stage in the last 30 days, newest first, and the rule
/// breakdown of the one picked.
#[component]
fn Crossings(props: &CrossingsProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let ds = &props.data.dataset;
    let s = &props.scores;
    let rows = s.crossings.iter().rev().take(CROSSINGS_SHOWN).map(|x| {
        let c = x.contact;
        let pick = props.on_pick.reform(move |_| c);
        html! {
            <tr class={classes!((props.picked == Some(c)).then_some("selected"))}>
                <th scope="row"><button type="button" class="link-button" onclick={pick}>{ ds.keys.get(c).to_owned() }</button></th>
                <td>{ x.stage.clone() }</td>
                <td>{ format::date(date_of(x.at), locale) }</td>
                <td class="num">{ format::number(x.score, 1, locale) }</td>
                <td>{ x.trigger.clone() }</td>
            </tr>
        }
    });
    let breakdown = props.picked.map(|c| {
        let lines = s.breakdown(ds, &props.prepared.events, &props.model, c);
        html! {
            <div class="breakdown" data-testid="breakdown">
                <h3>{ format!("{} {}", t(Text::ScWhy), ds.keys.get(c)) }</h3>
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{ t(Text::ScFamily) }</th>
                        <th scope="col">{ t(Text::ScRuleId) }</th>
                        <th scope="col" class="num">{ t(Text::ScHits) }</th>
                        <th scope="col" class="num">{ t(Text::ScPoints) }</th>
                    </tr></thead>
                    <tbody>
                        { for lines.iter().filter(|l| l.hits > 0).map(|l| html! {
                            <tr>
                                <td>{ t(match l.family { "demographic" => Text::ScDemographic, "functional" => Text::ScFunctional, _ => Text::ScInteraction }) }</td>
                                <td>{ l.rule.clone() }</td>
                                <td class="num">{ format::count(u64::from(l.hits), locale) }</td>
                                <td class="num">{ format::number(l.points, 1, locale) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="3">{ t(Text::SegTotal) }</th>
                        <td class="num">{ format::number(s.total.get(c as usize).copied().unwrap_or(0.0), 1, locale) }</td>
                    </tr></tfoot>
                </table>
            </div>
        }
    });
    html! {
        <section class="card wb-section" aria-labelledby="sc-cross-title">
            <div class="card-head">
                <h2 id="sc-cross-title">{ t(Text::ScCrossedTitle) }</h2>
                <p class="card-hint">{ t(Text::ScCrossedHint) }</p>
            </div>
            if s.crossings.is_empty() {
                <p class="wb-empty">{ t(Text::ScNoCrossings) }</p>
            } else {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table channel-table">
                        <thead><tr>
                            <th scope="col">{ t(Text::ScContact) }</th>
                            <th scope="col">{ t(Text::ScStage) }</th>
                            <th scope="col">{ t(Text::ScWhen) }</th>
                            <th scope="col" class="num">{ t(Text::ScScore) }</th>
                            <th scope="col">{ t(Text::ScTrigger) }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            { for breakdown }
        </section>
    }
}
