//! Browser tests: the layout mounted on a fixture element in headless
//! Chromium, with an in-memory history and no server.
#![cfg(target_arch = "wasm32")]

use canal_app::components::Layout;
use canal_app::hooks::{HealthProvider, SettingsProvider};
use canal_app::pages::switch;
use canal_app::route::Route;
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
}

#[component]
fn Shell(props: &ShellProps) -> Html {
    html! {
        <SettingsProvider>
            <HealthProvider poll={false}>
                <Router history={props.history.clone()}>
                    <Layout>
                        <Switch<Route> render={switch} />
                    </Layout>
                </Router>
            </HealthProvider>
        </SettingsProvider>
    }
}

/// A fresh element to mount on, so tests do not see each other's DOM.
fn fixture() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

async fn mount(path: &str) -> Element {
    // The language is remembered in localStorage; start every test in English.
    LocalStorage::clear();
    let history: AnyHistory = MemoryHistory::with_entries(vec![path]).into();
    let root = fixture();
    yew::Renderer::<Shell>::with_root_and_props(root.clone(), ShellProps { history }).render();
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
    yew::Renderer::<Shell>::with_root_and_props(again.clone(), ShellProps { history }).render();
    scheduler::flush().await;
    assert_eq!(text_of(&again, "main h1"), "Panel");
}
