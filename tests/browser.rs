//! Browser tests: the layout mounted on a fixture element in headless
//! Chromium, with an in-memory history and no server.
#![cfg(target_arch = "wasm32")]

use canal_app::app::{Pages, Providers};
use canal_app::hooks::{use_data, use_import, DataProvider, ImportProvider, SettingsProvider};
use canal_app::pages::DashboardPage;
use canal_app::pages::ImportPage;
use canal_app::state::data::{DataSource, LoadProgress};
use canal_core::model::{Channel, EventKind, EventRow};
use canal_core::Dataset;
use gloo::storage::{LocalStorage, Storage};
use gloo::utils::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement};
use yew::prelude::*;
use yew::scheduler;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct ShellProps {
    history: AnyHistory,
    /// Whether to load [`fixture_data`] into the data context once mounted.
    #[prop_or_default]
    seed: bool,
}

#[component]
fn Shell(props: &ShellProps) -> Html {
    html! {
        <Providers live={false}>
            <Seed seed={props.seed}>
                <Router history={props.history.clone()}>
                    <Pages />
                </Router>
            </Seed>
        </Providers>
    }
}

#[derive(Properties, PartialEq)]
struct SeedProps {
    seed: bool,
    children: Children,
}

/// Loads the fixture through the data context, as an import would.
#[component]
fn Seed(props: &SeedProps) -> Html {
    let data = use_data();
    use_effect_with(props.seed, move |&seed| {
        if seed {
            data.set_dataset(
                fixture_data(),
                DataSource::Imported {
                    files: vec!["fixture.csv".into()],
                },
            );
        }
    });
    html! { <>{ props.children.clone() }</> }
}

/// A fresh element to mount on, so tests do not see each other's DOM.
fn fixture() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

async fn mount(path: &str) -> Element {
    mount_with(path, false).await
}

async fn mount_with(path: &str, seed: bool) -> Element {
    // The language is remembered in localStorage; start every test in English.
    LocalStorage::clear();
    let history: AnyHistory = MemoryHistory::with_entries(vec![path]).into();
    let root = fixture();
    yew::Renderer::<Shell>::with_root_and_props(root.clone(), ShellProps { history, seed })
        .render();
    scheduler::flush().await;
    root
}

fn nav_labels(root: &Element) -> Vec<(String, String)> {
    let links = root.query_selector_all(".sidebar a.nav-link").unwrap();
    (0..links.length())
        .map(|i| {
            let a: Element = links.item(i).unwrap().dyn_into().unwrap();
            (
                a.get_attribute("href").unwrap_or_default(),
                a.text_content().unwrap_or_default(),
            )
        })
        .collect()
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn navigation_lists_every_screen_in_order() {
    let root = mount("/").await;
    let got = nav_labels(&root);
    let expected: Vec<(String, String)> = [
        ("/", "Dashboard"),
        ("/channels", "Channels"),
        ("/funnels", "Funnels"),
        ("/support", "Support"),
        ("/contacts", "Contacts"),
        ("/segments", "Segments"),
        ("/scoring", "Scoring"),
        ("/pressure", "Pressure"),
        ("/push", "Web push"),
        ("/import", "Import CSV"),
        ("/settings", "Settings"),
    ]
    .iter()
    .map(|(h, l)| (h.to_string(), l.to_string()))
    .collect();
    assert_eq!(got, expected);
    assert_eq!(text_of(&root, ".sidebar a.active"), "Dashboard");
    assert_eq!(text_of(&root, "main h1"), "Dashboard");
}

#[wasm_bindgen_test]
async fn clicking_a_link_changes_page_and_highlight() {
    let root = mount("/funnels").await;
    assert_eq!(text_of(&root, ".sidebar a.active"), "Funnels");
    let segments: HtmlElement = root
        .query_selector(".sidebar a[href='/segments']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    segments.click();
    scheduler::flush().await;
    assert_eq!(text_of(&root, ".sidebar a.active"), "Segments");
    assert_eq!(text_of(&root, "main h1"), "Segments");
    assert_eq!(
        root.query_selector_all("[aria-current='page']")
            .unwrap()
            .length(),
        1
    );
}

#[wasm_bindgen_test]
async fn contact_page_highlights_contacts_and_unknown_paths_say_not_found() {
    let root = mount("/contacts/c-17").await;
    assert_eq!(text_of(&root, ".sidebar a.active"), "Contacts");
    let root = mount("/no/such/page").await;
    assert_eq!(text_of(&root, "main h1"), "Page not found");
    assert!(root.query_selector(".sidebar a.active").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn switching_to_spanish_translates_and_is_remembered() {
    let root = mount("/settings").await;
    assert_eq!(
        text_of(&root, "[data-testid=number-preview]"),
        "1,234,567.89 · 12.3%"
    );
    let select: HtmlSelectElement = root
        .query_selector("header select[data-testid=locale]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("es");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    scheduler::flush().await;
    assert_eq!(text_of(&root, "main h1"), "Ajustes");
    assert_eq!(text_of(&root, ".sidebar a[href='/']"), "Panel");
    assert_eq!(
        text_of(&root, "[data-testid=number-preview]"),
        "1.234.567,89 · 12,3\u{a0}%"
    );
    assert_eq!(text_of(&root, "[data-testid=date-preview]"), "31/3/2026");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("es")
    );
    assert_eq!(
        LocalStorage::get::<String>("canal.locale").ok().as_deref(),
        Some("es")
    );
    // A second mount (a reload) starts in the remembered language.
    let history: AnyHistory = MemoryHistory::with_entries(vec!["/"]).into();
    let again = fixture();
    yew::Renderer::<Shell>::with_root_and_props(
        again.clone(),
        ShellProps {
            history,
            seed: false,
        },
    )
    .render();
    scheduler::flush().await;
    assert_eq!(text_of(&again, "main h1"), "Panel");
}

// 2026-03-30 12:00 UTC. The fixture is historical (it ends long before the
// test runs), so the default "last 30 days" is Mar 1 – Mar 30 and the
// previous period Jan 30 – Feb 28.
const T: i64 = 1_774_872_000;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// Email campaign e1: sent to a, b, c, d; d bounces; a and b open; c's open
/// comes 1 s after sending (a machine open); a clicks. SMS s1: sent to e and
/// f; f clicks. The previous period: e0 sent to a and b.
///
/// All: sent 6, delivered 5, clickers 2; SMS tracks no opens, so open rate
/// and CTOR are e-mail's: reliable openers 2 (a, b) over 3 delivered, CTOR
/// 1/2. Email: delivered 3, open rate 2/3, machine 1/3, CTOR 1/2; 2
/// delivered before, so +50 %. SMS: open rate and CTOR "n/a".
fn fixture_data() -> Dataset {
    let mut ds = Dataset::default();
    let mut push = |contact: &str, ts: i64, channel: Channel, kind: EventKind, campaign: &str| {
        let mut row = EventRow::new(contact, ts, channel, kind);
        row.campaign = Some(campaign);
        ds.push_event(&row);
    };
    let sent = T - 5 * DAY;
    for c in ["a", "b", "c", "d"] {
        push(c, sent, Channel::Email, EventKind::Sent, "e1");
    }
    push("d", sent + 60, Channel::Email, EventKind::BouncedHard, "e1");
    push("a", sent + HOUR, Channel::Email, EventKind::Opened, "e1");
    push("b", sent + HOUR, Channel::Email, EventKind::Opened, "e1");
    push("c", sent + 1, Channel::Email, EventKind::Opened, "e1");
    push(
        "a",
        sent + 2 * HOUR,
        Channel::Email,
        EventKind::Clicked,
        "e1",
    );
    push("e", T - 2 * DAY, Channel::Sms, EventKind::Sent, "s1");
    push("f", T - 2 * DAY, Channel::Sms, EventKind::Sent, "s1");
    push("f", T, Channel::Sms, EventKind::Clicked, "s1");
    push("a", T - 40 * DAY, Channel::Email, EventKind::Sent, "e0");
    push("b", T - 40 * DAY, Channel::Email, EventKind::Sent, "e0");
    ds
}

async fn mount_dashboard() -> Element {
    let root = mount_with("/", true).await;
    scheduler::flush().await;
    root
}

/// The `data-value` of the KPI card for `metric`, and its channel.
fn card(root: &Element, metric: &str) -> (String, String, String) {
    let el = root
        .query_selector(&format!(".kpi-grid [data-metric={metric}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no card for {metric}"));
    (
        el.get_attribute("data-channel").unwrap_or_default(),
        el.get_attribute("data-value").unwrap_or_default(),
        el.text_content().unwrap_or_default(),
    )
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no select {selector}"))
        .dyn_into()
        .unwrap();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn check_card(root: &Element, metric: &str, channel: &str, value: &str, text: &str) {
    assert_eq!(
        card(root, metric),
        (channel.to_owned(), value.to_owned(), text.to_owned()),
        "{metric}"
    );
}

#[wasm_bindgen_test]
async fn dashboard_without_data_shows_the_empty_state() {
    let root = mount("/").await;
    assert!(root.query_selector("[data-state=empty]").unwrap().is_some());
    assert!(root.query_selector("[data-metric]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn dashboard_cards_show_hand_computed_kpis() {
    let root = mount_dashboard().await;
    assert!(root.query_selector("[data-state=ready]").unwrap().is_some());
    check_card(&root, "sent", "all", "6", "6");
    check_card(&root, "delivered", "all", "5", "5");
    check_card(
        &root,
        "delivery_rate",
        "all",
        &(5.0f64 / 6.0).to_string(),
        "83.3%",
    );
    check_card(
        &root,
        "open_rate",
        "all",
        &(2.0f64 / 3.0).to_string(),
        "66.7%",
    );
    check_card(&root, "click_rate", "all", "0.4", "40.0%");
    check_card(&root, "ctor", "all", "0.5", "50.0%");
    // No cost anywhere: ROI is undefined, an empty value and a dash.
    check_card(&root, "roi", "all", "", "–");
    let open = root
        .query_selector(".kpi-grid [data-metric=open_rate]")
        .unwrap()
        .unwrap();
    assert!(
        open.get_attribute("title").unwrap().starts_with("2 / 3"),
        "numerator and denominator on hover"
    );
    let desc = open.get_attribute("aria-describedby").unwrap();
    assert!(document().get_element_by_id(&desc).is_some());
}

#[wasm_bindgen_test]
async fn channel_filter_changes_the_cards() {
    let root = mount_dashboard().await;
    choose(&root, "select[data-filter=channel]", "email");
    scheduler::flush().await;
    check_card(&root, "delivered", "email", "3", "3");
    check_card(
        &root,
        "open_rate",
        "email",
        &(2.0f64 / 3.0).to_string(),
        "66.7%",
    );
    check_card(&root, "ctor", "email", "0.5", "50.0%");
    check_card(
        &root,
        "machine_open_rate",
        "email",
        &(1.0f64 / 3.0).to_string(),
        "33.3%",
    );
    let delta = root
        .query_selector(".kpi-delivered .kpi-delta")
        .unwrap()
        .unwrap();
    assert_eq!(delta.get_attribute("data-change").as_deref(), Some("0.5"));
    assert_eq!(delta.get_attribute("data-trend").as_deref(), Some("good"));
    choose(&root, "select[data-filter=channel]", "sms");
    scheduler::flush().await;
    check_card(&root, "click_rate", "sms", "0.5", "50.0%");
    // SMS does not track opens: "n/a", an empty value, and no machine line.
    check_card(&root, "open_rate", "sms", "", "n/a");
    check_card(&root, "ctor", "sms", "", "n/a");
    assert!(root
        .query_selector("[data-metric=machine_open_rate]")
        .unwrap()
        .is_none());
    // The table still compares every channel, whatever the cards show.
    let email_row = root
        .query_selector("tbody [data-metric=delivered][data-channel=email]")
        .unwrap()
        .unwrap();
    assert_eq!(email_row.get_attribute("data-value").as_deref(), Some("3"));
}

#[wasm_bindgen_test]
async fn table_sorts_by_a_column() {
    let root = mount_dashboard().await;
    let first_row = |root: &Element| {
        root.query_selector(".channel-table tbody tr")
            .unwrap()
            .unwrap()
            .get_attribute("data-row")
            .unwrap_or_default()
    };
    assert_eq!(first_row(&root), "email", "by sent, descending");
    let click = |sel: &str| {
        let b: HtmlElement = root
            .query_selector(sel)
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        b.click();
    };
    click("button[data-sort=click_rate]");
    scheduler::flush().await;
    assert_eq!(first_row(&root), "sms", "SMS 1/2 beats email 1/3");
    click("button[data-sort=click_rate]");
    scheduler::flush().await;
    assert_eq!(first_row(&root), "email");
    let th = root.query_selector("th[aria-sort=ascending]").unwrap();
    assert!(th.is_some());
}

#[wasm_bindgen_test]
async fn spanish_formats_kpis_with_a_decimal_comma() {
    let root = mount_dashboard().await;
    choose(&root, "header select[data-testid=locale]", "es");
    scheduler::flush().await;
    check_card(
        &root,
        "open_rate",
        "all",
        &(2.0f64 / 3.0).to_string(),
        "66,7\u{a0}%",
    );
    check_card(
        &root,
        "delivery_rate",
        "all",
        &(5.0f64 / 6.0).to_string(),
        "83,3\u{a0}%",
    );
    assert_eq!(
        text_of(&root, ".kpi-open_rate .kpi-label"),
        "Tasa de apertura"
    );
    LocalStorage::clear();
}

#[derive(Properties, PartialEq)]
struct StatusProps {
    fail: bool,
}

/// The dashboard while a load runs (or after it failed), without a server.
#[component]
fn LoadStatus(props: &StatusProps) -> Html {
    let data = use_data();
    use_effect_with(props.fail, move |&fail| {
        if fail {
            data.fail("no answer from the server".into());
        } else {
            data.progress(LoadProgress {
                step: 1,
                steps: 4,
                bytes: 1_000_000,
                rows: 12_345,
            });
        }
    });
    html! { <DashboardPage /> }
}

async fn mount_status(fail: bool) -> Element {
    LocalStorage::clear();
    #[derive(Properties, PartialEq)]
    struct P {
        fail: bool,
    }
    #[component]
    fn Root(p: &P) -> Html {
        let history: AnyHistory = MemoryHistory::with_entries(vec!["/"]).into();
        html! {
            <SettingsProvider>
                <DataProvider>
                    <Router history={history}>
                        <LoadStatus fail={p.fail} />
                    </Router>
                </DataProvider>
            </SettingsProvider>
        }
    }
    let root = fixture();
    yew::Renderer::<Root>::with_root_and_props(root.clone(), P { fail }).render();
    scheduler::flush().await;
    scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn dashboard_shows_loading_progress_and_load_errors() {
    let root = mount_status(false).await;
    assert!(root
        .query_selector("[data-state=loading]")
        .unwrap()
        .is_some());
    assert_eq!(
        text_of(&root, "[data-state=loading] [role=status]"),
        "12,345 rows read"
    );
    let bar = root.query_selector("progress").unwrap().unwrap();
    assert_eq!(bar.get_attribute("value").as_deref(), Some("0.25"));
    let root = mount_status(true).await;
    assert_eq!(
        text_of(&root, "[data-state=error] p"),
        "no answer from the server"
    );
}

// ---- Channels, Funnels, Support ----

fn attr_of(root: &Element, selector: &str, name: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .get_attribute(name)
        .unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn channels_page_shows_one_channel_by_scope_and_campaign() {
    let root = mount_with("/channels", true).await;
    scheduler::flush().await;
    // The first channel with data until another is chosen; no "all".
    assert_eq!(attr_of(&root, ".channel-page", "data-channel"), "email");
    assert!(root
        .query_selector("select[data-filter=channel] option[value='']")
        .unwrap()
        .is_none());
    check_card(&root, "delivered", "email", "3", "3");
    check_card(&root, "ctor", "email", "0.5", "50.0%");
    // e1 is the only e-mail campaign of the period; e0 ran only in the
    // period before, so it is no row of this period's campaigns.
    let campaigns: Vec<String> = (0..count(&root, "[data-testid=by-campaign] tbody tr"))
        .map(|i| {
            let rows = root
                .query_selector_all("[data-testid=by-campaign] tbody tr")
                .unwrap();
            let row: Element = rows.item(i).unwrap().dyn_into().unwrap();
            row.get_attribute("data-group").unwrap_or_default()
        })
        .collect();
    assert_eq!(campaigns, ["e1"]);
    assert_eq!(
        attr_of(
            &root,
            "[data-testid=by-campaign] tr[data-group=e1] [data-metric=open_rate]",
            "data-value"
        ),
        (2.0f64 / 3.0).to_string()
    );
    choose(&root, "select[data-filter=channel]", "sms");
    scheduler::flush().await;
    assert_eq!(attr_of(&root, ".channel-page", "data-channel"), "sms");
    check_card(&root, "open_rate", "sms", "", "n/a");
    assert_eq!(
        text_of(
            &root,
            "[data-testid=by-campaign] tr[data-group=s1] [data-metric=ctor] .cell-value"
        ),
        "n/a"
    );
}

fn set_input(root: &Element, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no input {selector}"))
        .dyn_into()
        .unwrap();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn entered(root: &Element) -> Vec<String> {
    let rows = root.query_selector_all(".funnel-bar-row").unwrap();
    (0..rows.length())
        .map(|i| {
            let row: Element = rows.item(i).unwrap().dyn_into().unwrap();
            row.get_attribute("data-entered").unwrap_or_default()
        })
        .collect()
}

/// The fixture's default funnel is sent → opened → clicked (no purchase in
/// it). With the 14-day window, as of the last event (T), only a has
/// finished; b, c, d, e and f could still take their next step, so they are
/// shown apart, not as drop-offs. With a 1-day window every window has
/// closed: 6 sent, 3 opened (a, b, c), 1 clicked (a).
#[wasm_bindgen_test]
async fn funnel_builder_keeps_open_windows_apart_and_edits_steps() {
    let root = mount_with("/funnels", true).await;
    scheduler::flush().await;
    let steps: Vec<String> = (0..count(&root, ".funnel-step-edit"))
        .map(|i| {
            attr_of(
                &root,
                &format!(".funnel-step-edit[data-step='{i}']"),
                "data-value",
            )
        })
        .collect();
    assert_eq!(steps, ["kind:sent", "kind:opened", "kind:clicked"]);
    assert_eq!(entered(&root), ["1", "1", "1"]);
    assert_eq!(
        attr_of(&root, "[data-testid=funnel-in-progress]", "data-value"),
        "5"
    );
    set_input(&root, "input[data-filter=window]", "1");
    scheduler::flush().await;
    assert_eq!(entered(&root), ["6", "3", "1"]);
    assert!(root
        .query_selector("[data-testid=funnel-in-progress]")
        .unwrap()
        .is_none());
    assert_eq!(
        attr_of(&root, "[data-metric=funnel_overall]", "data-value"),
        (1.0f64 / 6.0).to_string()
    );
    assert_eq!(text_of(&root, "[data-metric=funnel_overall]"), "16.7%");
    // Drop the "opened" step: sent → clicked, a is the only clicker in 1 day.
    let remove: HtmlElement = root
        .query_selector(".funnel-step-edit[data-step='1'] button[data-action=remove]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    remove.click();
    scheduler::flush().await;
    assert_eq!(entered(&root), ["6", "1"]);
    // Two steps left: neither can be removed.
    assert_eq!(
        count(
            &root,
            ".funnel-step-edit button[data-action=remove]:disabled"
        ),
        2
    );
    // Opened after the click: a opened before clicking, so nobody.
    choose(&root, "select[data-action=add-step]", "kind:opened");
    scheduler::flush().await;
    assert_eq!(entered(&root), ["6", "1", "0"]);
}

#[wasm_bindgen_test]
async fn support_page_says_when_there_is_no_support_data() {
    let root = mount_with("/support", true).await;
    scheduler::flush().await;
    assert_eq!(
        attr_of(&root, "[data-metric=support_inbound]", "data-value"),
        "0"
    );
    assert!(root
        .query_selector("[data-testid=support-channels]")
        .unwrap()
        .is_none());
    assert!(text_of(&root, ".support-page").contains("No support contacts"));
}

/// One in-memory CSV file: its text and name.
#[derive(Properties, PartialEq)]
struct DropProps {
    csv: &'static str,
    name: &'static str,
}

/// Hands one in-memory CSV file to the import, as a drop would.
#[component]
fn DropFile(props: &DropProps) -> Html {
    let import = use_import();
    let (csv, name) = (props.csv, props.name);
    use_effect_with((), move |_| {
        let parts = js_sys::Array::of1(&csv.into());
        let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
        import.add_files(vec![file]);
    });
    Html::default()
}

/// The import page, in its providers, with one file dropped on it.
#[component]
fn ImportShell(props: &DropProps) -> Html {
    let history: AnyHistory = MemoryHistory::with_entries(vec!["/import"]).into();
    html! {
        <SettingsProvider>
            <DataProvider>
                <ImportProvider>
                    <Router {history}>
                        <DropFile csv={props.csv} name={props.name} />
                        <ImportPage />
                    </Router>
                </ImportProvider>
            </DataProvider>
        </SettingsProvider>
    }
}

/// Yields to the browser until `selector` matches; reading a `File` is a
/// promise that settles in a later task, not in `flush`.
async fn until(root: &Element, selector: &str) -> Element {
    for _ in 0..500 {
        scheduler::flush().await;
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            gloo::utils::window()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(next_task)
            .await
            .unwrap();
    }
    panic!("{selector} never appeared");
}

fn fields(root: &Element) -> Vec<String> {
    let selects = root
        .query_selector_all(".import-file select[data-column]")
        .unwrap();
    (0..selects.length())
        .map(|i| {
            let el: Element = selects.item(i).unwrap().dyn_into().unwrap();
            el.get_attribute("data-field").unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_mapping_editor_shows_and_edits_the_suggestion() {
    LocalStorage::clear();
    let root = fixture();
    let file = DropProps {
        csv: "email,event,timestamp,notes\nana@x.com,open,2024-03-05,hi\nbo@x.com,click,2024-03-06,\n",
        name: "events.csv",
    };
    yew::Renderer::<ImportShell>::with_root_and_props(root.clone(), file).render();
    let card = until(&root, ".import-file").await;
    assert_eq!(card.get_attribute("data-kind").as_deref(), Some("events"));
    assert_eq!(fields(&root), ["email", "event_type", "timestamp", ""]);
    assert_eq!(
        root.query_selector_all(".import-file tbody tr")
            .unwrap()
            .length(),
        2,
        "the preview shows the data rows"
    );
    // A field chosen for another column leaves its old one.
    choose(&root, "select[data-column='3']", "event_type");
    scheduler::flush().await;
    assert_eq!(fields(&root), ["email", "", "timestamp", "event_type"]);
    // Ignoring a column.
    choose(&root, "select[data-column='0']", "");
    scheduler::flush().await;
    assert_eq!(fields(&root), ["", "", "timestamp", "event_type"]);
    // Another kind suggests its own mapping.
    choose(&root, "select[data-testid=import-kind]", "contacts");
    scheduler::flush().await;
    assert_eq!(card.get_attribute("data-kind").as_deref(), Some("contacts"));
    assert_eq!(fields(&root)[0], "email");
    // No worker script is served here: confirming fails, and says so.
    let confirm: HtmlElement = root
        .query_selector("[data-testid=import-confirm]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    confirm.click();
    scheduler::flush().await;
    assert!(root
        .query_selector("[data-import-status=parsing]")
        .unwrap()
        .is_some());
    until(&root, "[data-import-status=failed]").await;
    assert_eq!(root.query_selector_all(".import-file").unwrap().length(), 1);
}

#[path = "browser/contacts.rs"]
mod contacts;

#[path = "browser/country.rs"]
mod country;

#[path = "browser/import.rs"]
mod import;

#[path = "browser/workspace_country.rs"]
mod workspace_country;

#[wasm_bindgen_test]
async fn a_period_from_1970_says_there_is_nothing_earlier_to_compare() {
    let root = mount_dashboard().await;
    assert!(text_of(&root, ".period-summary").contains("compared with"));
    choose(&root, "select[data-filter=period]", "custom");
    scheduler::flush().await;
    set_input(&root, "input[data-filter=from]", "1970-01-01");
    scheduler::flush().await;
    let summary = text_of(&root, ".period-summary");
    assert!(
        summary.contains("no earlier period to compare with"),
        "{summary}"
    );
    assert!(!summary.contains("1969"), "{summary}");
}

#[path = "browser/read.rs"]
mod read;
