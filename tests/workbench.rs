//! Browser tests of the workbenches: the RFM grid and segment counts, the
//! custom segment builder's live count under AND/OR/NOT edits, and the
//! scoring threshold what-if. Mounted on fixture elements with a
//! hand-made data set; no server.
#![cfg(target_arch = "wasm32")]

use canal_app::app::{Pages, Providers};
use canal_app::hooks::use_data;
use canal_app::state::data::DataSource;
use canal_core::model::{Channel, EventKind, EventRow, DAY, NONE};
use canal_core::Dataset;
use gloo::storage::{LocalStorage, Storage};
use gloo::utils::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew::scheduler;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-01-01.
const T0: i64 = 20_454 * DAY;

/// Orders (day, amount): a once on day 0; b once on day 9; c three times
/// on days 8–9; d twice on days 1–2; e never. As of day 10 (the day after
/// the last order) recency is a 10, b 1, c 1, d 8 days:
/// r = 1 + ⌊5 × worse / 4⌋ → a 1, d 2, b 3, c 3;
/// f over 1, 1, 3, 2 orders → a 1, b 1, d 3, c 4.
/// Segments: a (1,1) hibernating, d (2,3) at_risk, b (3,1) about_to_sleep,
/// c (3,4) loyal.
///
/// Events on day 9: a, b, e clicked, c opened. Country ES: a and c.
fn fixture_data() -> Dataset {
    let mut ds = Dataset::default();
    for (who, day, amount) in [
        ("a", 0, 10.0),
        ("b", 9, 20.0),
        ("c", 8, 5.0),
        ("c", 9, 5.0),
        ("c", 9, 5.0),
        ("d", 1, 25.0),
        ("d", 2, 25.0),
    ] {
        ds.push_order(None, who, T0 + day * DAY + 3600, amount);
    }
    for (who, kind) in [
        ("a", EventKind::Clicked),
        ("b", EventKind::Clicked),
        ("c", EventKind::Opened),
        ("e", EventKind::Clicked),
    ] {
        ds.push_event(&EventRow::new(
            who,
            T0 + 9 * DAY + 3600,
            Channel::Email,
            kind,
        ));
    }
    for who in ["a", "c"] {
        let c = ds.contact_id(who) as usize;
        ds.contacts.country[c] = ds.text.intern("ES");
    }
    // A decimal extra column: a 12.7, b 12.2.
    let mut score = vec![NONE; ds.contacts.len()];
    for (who, v) in [("a", "12.7"), ("b", "12.2")] {
        score[ds.contact_id(who) as usize] = ds.text.intern(v);
    }
    ds.contacts.extra.push(("score".into(), score));
    ds
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    history: AnyHistory,
}

#[component]
fn Shell(props: &ShellProps) -> Html {
    html! {
        <Providers live={false}>
            <Seed>
                <Router history={props.history.clone()}>
                    <Pages />
                </Router>
            </Seed>
        </Providers>
    }
}

#[derive(Properties, PartialEq)]
struct SeedProps {
    children: Children,
}

#[component]
fn Seed(props: &SeedProps) -> Html {
    let data = use_data();
    use_effect_with((), move |_| {
        data.set_dataset(
            fixture_data(),
            DataSource::Imported {
                files: vec!["fixture.csv".into()],
            },
        );
    });
    html! { <>{ props.children.clone() }</> }
}

async fn mount(path: &str) -> Element {
    LocalStorage::clear();
    open(path).await
}

/// Mounts the app at `path` over what storage already holds (a reload).
async fn open(path: &str) -> Element {
    let history: AnyHistory = MemoryHistory::with_entries(vec![path]).into();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Shell>::with_root_and_props(root.clone(), ShellProps { history }).render();
    scheduler::flush().await;
    scheduler::flush().await;
    root
}

fn find(root: &Element, css: &str) -> Element {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"))
}

fn attr(root: &Element, css: &str, name: &str) -> String {
    find(root, css).get_attribute(name).unwrap_or_default()
}

async fn click(root: &Element, css: &str) {
    find(root, css).dyn_into::<HtmlElement>().unwrap().click();
    scheduler::flush().await;
}

async fn choose(root: &Element, css: &str, value: &str) {
    let select: HtmlSelectElement = find(root, css).dyn_into().unwrap();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    scheduler::flush().await;
}

async fn type_into(root: &Element, css: &str, value: &str) {
    let input: HtmlInputElement = find(root, css).dyn_into().unwrap();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    scheduler::flush().await;
}

fn count(root: &Element) -> String {
    attr(root, "[data-testid=segment-count]", "data-count")
}

#[wasm_bindgen_test]
async fn rfm_grid_and_segment_counts_are_hand_computed() {
    let root = mount("/segments").await;
    let cells = root.query_selector_all(".rfm-grid td.rfm-cell").unwrap();
    assert_eq!(cells.length(), 25);
    let cell = |r: u8, f: u8| {
        attr(
            &root,
            &format!(".rfm-grid td[data-r='{r}'][data-f='{f}']"),
            "data-customers",
        )
    };
    assert_eq!(cell(1, 1), "1");
    assert_eq!(cell(2, 3), "1");
    assert_eq!(cell(3, 1), "1");
    assert_eq!(cell(3, 4), "1");
    assert_eq!(cell(5, 5), "0");
    assert_eq!(
        attr(&root, "[data-r='3'][data-f='4']", "data-cell-segment"),
        "loyal"
    );
    for (seg, n) in [
        ("hibernating", "1"),
        ("at_risk", "1"),
        ("about_to_sleep", "1"),
        ("loyal", "1"),
        ("champions", "0"),
        ("new", "0"),
    ] {
        assert_eq!(
            attr(&root, &format!("[data-segment={seg}]"), "data-count"),
            n,
            "{seg}"
        );
    }
    assert_eq!(attr(&root, ".rfm-section", "data-as-of"), "2026-01-11");
    // The busiest cell is darkest: every cell here has one customer, so
    // each non-empty one is at full heat and uses light text.
    assert!(find(&root, "[data-r='1'][data-f='1']")
        .class_name()
        .contains("dark"));
    assert!(!find(&root, "[data-r='5'][data-f='5']")
        .class_name()
        .contains("dark"));
}

#[wasm_bindgen_test]
async fn as_of_date_changes_the_segments() {
    let root = mount("/segments").await;
    // As of day 5 only a's and d's orders count: a 5 days, d 3 days.
    let input: HtmlInputElement = find(&root, "[data-testid=rfm-as-of]").dyn_into().unwrap();
    input.set_value("2026-01-06");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    scheduler::flush().await;
    assert_eq!(attr(&root, ".rfm-section", "data-as-of"), "2026-01-06");
    assert_eq!(
        attr(&root, "[data-total-customers]", "data-total-customers"),
        "2"
    );
}

#[wasm_bindgen_test]
async fn rule_builder_and_or_not_change_the_live_count() {
    let root = mount("/segments").await;
    click(&root, "button.wb-tab[data-tab=builder]").await;
    // Clicked at least once in 30 days: a, b, e.
    assert_eq!(count(&root), "3");
    // NOT: c, d.
    click(&root, ".rb-cond [data-testid=negate]").await;
    assert_eq!(count(&root), "2");
    click(&root, ".rb-cond [data-testid=negate]").await;
    assert_eq!(count(&root), "3");
    // AND country is "" (nobody has it empty among clickers? a has ES):
    // then typing ES keeps only a.
    click(&root, "[data-testid=add-condition]").await;
    type_into(
        &root,
        ".rb-cond[data-path='1'] [data-testid=condition-value]",
        "ES",
    )
    .await;
    assert_eq!(count(&root), "1");
    // OR: clicked or Spanish: a, b, c, e.
    choose(&root, "[data-testid=group-mode]", "or").await;
    assert_eq!(count(&root), "4");
    // NOT on the whole group: d.
    click(
        &root,
        ".rb-group[data-path=''] > .rb-group-head [data-testid=negate]",
    )
    .await;
    assert_eq!(count(&root), "1");
    // Removing the attribute condition inside the NOT: not clicked → c, d.
    click(&root, ".rb-cond[data-path='0.1'] [data-testid=remove-node]").await;
    assert_eq!(count(&root), "2");
}

#[wasm_bindgen_test]
async fn threshold_what_if_counts_contacts_changing_stage() {
    let root = mount("/scoring").await;
    assert_eq!(
        attr(&root, "[data-testid=score-contacts]", "data-count"),
        "5"
    );
    // Totals: a 10 (ES) + 5 (click) = 15, c 10 + 2 (open) = 12, b and e 5,
    // d 0. Nobody reaches MQL at 50.
    assert_eq!(attr(&root, "[data-testid=stage-count]", "data-count"), "0");
    type_into(&root, "[data-testid=what-if-threshold]", "10").await;
    assert_eq!(attr(&root, "[data-testid=what-if]", "data-enter"), "2");
    type_into(&root, "[data-testid=what-if-threshold]", "4").await;
    assert_eq!(attr(&root, "[data-testid=what-if]", "data-enter"), "4");
    type_into(&root, "[data-testid=what-if-threshold]", "50").await;
    assert_eq!(attr(&root, "[data-testid=what-if]", "data-enter"), "0");
}

fn value_of(root: &Element, css: &str) -> String {
    find(root, css)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

async fn change_to(root: &Element, css: &str, value: &str) {
    let input: HtmlInputElement = find(root, css).dyn_into().unwrap();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    scheduler::flush().await;
}

/// Yields to the browser (storage reads and writes settle in later tasks).
async fn settle() {
    for _ in 0..5 {
        scheduler::flush().await;
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            gloo::utils::window()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(next_task)
            .await
            .unwrap();
    }
}

#[wasm_bindgen_test]
async fn an_edited_scoring_model_survives_a_reload_and_resets() {
    let root = mount("/scoring").await;
    assert_eq!(attr(&root, ".wb-kept", "data-default"), "true");
    // Totals a 15, c 12, b 5, e 5, d 0: at 12, MQL has a and c.
    change_to(&root, "[data-testid=stage-threshold]", "12").await;
    assert_eq!(attr(&root, "[data-testid=stage-count]", "data-count"), "2");
    assert_eq!(attr(&root, ".wb-kept", "data-default"), "false");
    let kept: serde_json::Value = LocalStorage::get("canal.scoring.imported").unwrap();
    assert_eq!(kept["stages"][0]["min_score"], 12.0);
    assert!(LocalStorage::get::<serde_json::Value>("canal.scoring.server").is_err());
    root.remove();

    // A reload finds it, and the contact page scores with it: a reaches MQL.
    let root = open("/scoring").await;
    settle().await;
    assert_eq!(value_of(&root, "[data-testid=stage-threshold]"), "12");
    assert_eq!(attr(&root, "[data-testid=stage-count]", "data-count"), "2");
    root.remove();
    let contact = open("/contacts/a").await;
    settle().await;
    let stage = find(&contact, "[data-testid=score] small")
        .text_content()
        .unwrap();
    assert_eq!(stage, "MQL");
    contact.remove();

    let root = open("/scoring").await;
    settle().await;
    click(&root, "[data-testid=scoring-reset]").await;
    settle().await;
    assert_eq!(value_of(&root, "[data-testid=stage-threshold]"), "50");
    assert_eq!(attr(&root, "[data-testid=stage-count]", "data-count"), "0");
    assert!(LocalStorage::get::<serde_json::Value>("canal.scoring.imported").is_err());
    root.remove();
}

#[wasm_bindgen_test]
async fn pressure_settings_survive_a_reload_and_reset() {
    let root = mount("/pressure").await;
    assert_eq!(value_of(&root, "[data-testid=pressure-half-life]"), "14");
    change_to(&root, "[data-testid=pressure-half-life]", "7").await;
    let kept: serde_json::Value = LocalStorage::get("canal.pressure.imported").unwrap();
    assert_eq!(kept["half_life_days"], 7.0);
    root.remove();
    let root = open("/pressure").await;
    settle().await;
    assert_eq!(value_of(&root, "[data-testid=pressure-half-life]"), "7");
    click(&root, "[data-testid=pressure-reset]").await;
    settle().await;
    assert_eq!(value_of(&root, "[data-testid=pressure-half-life]"), "14");
    assert!(LocalStorage::get::<serde_json::Value>("canal.pressure.imported").is_err());
    root.remove();
}

#[wasm_bindgen_test]
async fn decimals_type_as_written_in_spanish() {
    LocalStorage::clear();
    LocalStorage::set("canal.locale", "es").unwrap();
    let root = open("/segments").await;
    click(&root, "button.wb-tab[data-tab=builder]").await;
    // Clicked in 30 days (a, b, e) and score > x.
    click(&root, "[data-testid=add-condition]").await;
    let cond = ".rb-cond[data-path='1']";
    choose(
        &root,
        &format!("{cond} [data-testid=condition-field]"),
        "score",
    )
    .await;
    choose(&root, &format!("{cond} [data-testid=condition-op]"), "gt").await;
    let value = format!("{cond} [data-testid=condition-value]");
    // "12," on the way to "12,5" stays as typed and reads as 12: a and b.
    type_into(&root, &value, "12,").await;
    assert_eq!(value_of(&root, &value), "12,");
    assert_eq!(count(&root), "2");
    type_into(&root, &value, "12,5").await;
    assert_eq!(value_of(&root, &value), "12,5");
    assert_eq!(count(&root), "1");
    assert!(root.query_selector(".num-box-error").unwrap().is_none());
    // The point works too; text that is no number says so and keeps the
    // last number.
    type_into(&root, &value, "12.1").await;
    assert_eq!(count(&root), "2");
    type_into(&root, &value, "12,1x").await;
    assert_eq!(value_of(&root, &value), "12,1x");
    assert_eq!(
        find(&root, ".num-box-error").text_content().unwrap(),
        "No es un número"
    );
    assert_eq!(attr(&root, &value, "aria-invalid"), "true");
    assert_eq!(count(&root), "2");
    root.remove();
    LocalStorage::clear();
}
