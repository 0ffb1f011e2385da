//! The contact list (virtualized over 100k contacts, search, keyboard) and
//! the contact page (timeline filters, not found).

use super::{fixture, text_of};
use canal_app::app::{Pages, Providers};
use canal_app::hooks::use_data;
use canal_app::state::data::DataSource;
use canal_core::model::{Channel, Direction, EventKind, EventRow, Scope};
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

/// Which data the shell loads.
#[derive(Clone, Copy, PartialEq)]
enum Data {
    /// `n` contacts `Person i`, `p{i}@example.com`, `+3460{i:07}`, one
    /// e-mail each.
    Many(u32),
    /// Ana with a conversation over e-mail and SMS and a web visit.
    Ana,
}

fn many(n: u32) -> Dataset {
    let mut ds = Dataset::default();
    for i in 0..n {
        let email = format!("p{i}@example.com");
        let id = ds.contact_id(&email) as usize;
        ds.contacts.name[id] = ds.text.intern(&format!("Person {i}"));
        ds.contacts.email[id] = ds.text.intern(&email);
        ds.contacts.phone[id] = ds.text.intern(&format!("+3460{i:07}"));
        // Later contacts are more recently active, so the list starts at
        // the last one.
        let mut visit = EventRow::new(
            &email,
            1_700_000_000 + i64::from(i),
            Channel::Web,
            EventKind::Visited,
        );
        visit.direction = Direction::Inbound;
        ds.push_event(&visit);
    }
    ds
}

const T: i64 = 1_774_872_000;

fn ana() -> Dataset {
    let mut ds = Dataset::default();
    let id = ds.contact_id("ana@x.com");
    ds.add_alias("C1", id);
    ds.contacts.name[id as usize] = ds.text.intern("Ana García");
    let rows = [
        (
            T,
            Channel::Email,
            EventKind::Sent,
            Some("spring"),
            false,
            Scope::Engagement,
        ),
        (
            T + 60,
            Channel::Email,
            EventKind::Opened,
            Some("spring"),
            false,
            Scope::Engagement,
        ),
        (
            T + 3_600,
            Channel::Email,
            EventKind::Replied,
            Some("spring"),
            true,
            Scope::Engagement,
        ),
        (
            T + 86_400,
            Channel::Sms,
            EventKind::Sent,
            None,
            false,
            Scope::Lifecycle,
        ),
        (
            T + 90_000,
            Channel::Sms,
            EventKind::Replied,
            None,
            true,
            Scope::Lifecycle,
        ),
        (
            T + 200_000,
            Channel::Web,
            EventKind::Visited,
            None,
            true,
            Scope::Support,
        ),
    ];
    for (ts, channel, kind, campaign, inbound, scope) in rows {
        let mut row = EventRow::new("C1", ts, channel, kind);
        row.campaign = campaign;
        row.scope = scope;
        if inbound {
            row.direction = Direction::Inbound;
        }
        ds.push_event(&row);
    }
    ds
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    history: AnyHistory,
    data: Data,
}

#[component]
fn Shell(props: &ShellProps) -> Html {
    html! {
        <Providers live={false}>
            <Seed data={props.data}>
                <Router history={props.history.clone()}>
                    <Pages />
                </Router>
            </Seed>
        </Providers>
    }
}

#[derive(Properties, PartialEq)]
struct SeedProps {
    data: Data,
    children: Children,
}

#[component]
fn Seed(props: &SeedProps) -> Html {
    let data = use_data();
    use_effect_with(props.data, move |&which| {
        let ds = match which {
            Data::Many(n) => many(n),
            Data::Ana => ana(),
        };
        let files = vec!["fixture.csv".into()];
        data.set_dataset(ds, DataSource::Imported { files });
    });
    html! { <>{ props.children.clone() }</> }
}

/// The app's stylesheet is not loaded in browser tests; the list needs a
/// height and a scroll box to virtualize against.
fn list_style() {
    if document().get_element_by_id("ct-test-style").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("ct-test-style");
    style.set_text_content(Some(
        ".vlist { height: 560px; overflow-y: auto; position: relative; }
         .vlist-canvas { position: relative; } .vlist-row { position: absolute; left: 0; right: 0; }",
    ));
    document().head().unwrap().append_child(&style).unwrap();
}

async fn mount(path: &str, data: Data) -> Element {
    LocalStorage::clear();
    list_style();
    let history: AnyHistory = MemoryHistory::with_entries(vec![path]).into();
    let root = fixture();
    yew::Renderer::<Shell>::with_root_and_props(root.clone(), ShellProps { history, data })
        .render();
    scheduler::flush().await;
    root
}

fn all(root: &Element, css: &str) -> Vec<Element> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

fn attrs(root: &Element, css: &str, name: &str) -> Vec<String> {
    all(root, css)
        .iter()
        .map(|e| e.get_attribute(name).unwrap_or_default())
        .collect()
}

fn count(root: &Element) -> String {
    let el = root
        .query_selector("[data-testid=contact-count]")
        .unwrap()
        .expect("a count");
    el.get_attribute("data-value").unwrap_or_default()
}

async fn search(root: &Element, text: &str) {
    let input: HtmlInputElement = root
        .query_selector("[data-testid=contact-search]")
        .unwrap()
        .expect("a search box")
        .dyn_into()
        .unwrap();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    scheduler::flush().await;
}

async fn choose(root: &Element, selector: &str, value: &str) {
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
    scheduler::flush().await;
}

async fn key(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
    scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn a_list_of_100k_contacts_renders_a_window_of_rows() {
    let root = mount("/contacts", Data::Many(100_000)).await;
    assert_eq!(count(&root), "100000");
    let rows = attrs(&root, "[data-testid=contact-row]", "data-contact");
    assert!(
        !rows.is_empty() && rows.len() <= 200,
        "{} rows in the DOM",
        rows.len()
    );
    // Most recently active first: the last contact.
    assert_eq!(rows[0], "p99999@example.com");
    assert_eq!(
        text_of(&root, "[data-testid=contact-row] .ct-name"),
        "Person 99999"
    );

    // Scroll to row 50,000 (56 px a row).
    let list = root.query_selector(".vlist").unwrap().expect("the list");
    list.set_scroll_top(56 * 50_000);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    scheduler::flush().await;
    let rows = attrs(&root, "[data-testid=contact-row]", "data-contact");
    assert!(
        rows.len() <= 200,
        "{} rows in the DOM after scrolling",
        rows.len()
    );
    let shown = "p49999@example.com".to_owned();
    assert!(rows.contains(&shown), "row 50,000 is in view: {rows:?}");
    assert!(!rows.contains(&"p99999@example.com".to_owned()));
    let first: usize = attrs(&root, ".vlist-row", "aria-rowindex")[0]
        .parse()
        .unwrap();
    assert!(
        (49_990..50_002).contains(&first),
        "first rendered row {first}"
    );

    // Searching re-renders from the top; the figures (input event to DOM
    // updated, index already built) go to BENCHMARKS.md.
    let now = js_sys::Date::now;
    // "person 9": every word anywhere, so every i with a digit 9
    // (100,000 − 9⁵ = 40,951); the phone prefix 3460 has none.
    for (query, expected) in [
        ("p4242@example", "1"),
        ("person 9", "40951"),
        ("600 012 345", "1"),
        ("zzz", "0"),
        ("", "100000"),
    ] {
        let t0 = now();
        search(&root, query).await;
        let ms = now() - t0;
        console_log!("search {query:?} over 100k contacts: {ms:.1} ms");
        assert_eq!(count(&root), expected, "{query:?}");
        assert!(all(&root, "[data-testid=contact-row]").len() <= 200);
    }
}

#[wasm_bindgen_test]
async fn search_narrows_by_email_name_and_phone() {
    let root = mount("/contacts", Data::Many(20_000)).await;
    assert_eq!(count(&root), "20000");
    search(&root, "P4242@Example").await;
    assert_eq!(count(&root), "1");
    assert_eq!(
        attrs(&root, "[data-testid=contact-row]", "data-contact"),
        ["p4242@example.com"]
    );
    // Every word must match: Person 4242 and Person 14242.
    search(&root, "person 4242").await;
    assert_eq!(count(&root), "2");
    search(&root, "+34 600 004 242").await;
    assert_eq!(
        attrs(&root, "[data-testid=contact-row]", "data-contact"),
        ["p4242@example.com"]
    );
    search(&root, "nobody at all").await;
    assert_eq!(count(&root), "0");
    assert!(root
        .query_selector("[data-testid=contact-no-match]")
        .unwrap()
        .is_some());
    search(&root, "").await;
    assert_eq!(count(&root), "20000");
}

#[wasm_bindgen_test]
async fn arrows_move_the_active_row_and_enter_opens_it() {
    let root = mount("/contacts", Data::Many(50)).await;
    let list = root.query_selector(".vlist").unwrap().expect("the list");
    assert_eq!(
        list.get_attribute("aria-activedescendant").as_deref(),
        Some("vrow-0")
    );
    key(&list, "ArrowDown").await;
    key(&list, "ArrowDown").await;
    key(&list, "ArrowUp").await;
    assert_eq!(
        list.get_attribute("aria-activedescendant").as_deref(),
        Some("vrow-1")
    );
    key(&list, "End").await;
    assert_eq!(
        list.get_attribute("aria-activedescendant").as_deref(),
        Some("vrow-49")
    );
    key(&list, "Home").await;
    key(&list, "ArrowDown").await;
    key(&list, "Enter").await;
    // Row 1 is the second most recently active: contact 48.
    assert_eq!(text_of(&root, "[data-testid=contact-name]"), "Person 48");
}

#[wasm_bindgen_test]
async fn clicking_a_row_opens_the_contact() {
    let root = mount("/contacts", Data::Many(10)).await;
    let name: HtmlElement = root
        .query_selector("[data-testid=contact-row] .ct-name")
        .unwrap()
        .expect("a name link")
        .dyn_into()
        .unwrap();
    assert_eq!(
        name.get_attribute("href").as_deref(),
        Some("/contacts/p9%40example.com")
    );
    name.click();
    scheduler::flush().await;
    assert_eq!(text_of(&root, "[data-testid=contact-name]"), "Person 9");
    assert!(root
        .query_selector("[data-testid=timeline]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn the_timeline_filters_by_channel_kind_and_scope() {
    // Opened by its alias, as the list links it.
    let root = mount("/contacts/C1", Data::Ana).await;
    assert_eq!(text_of(&root, "[data-testid=contact-name]"), "Ana García");
    let items = || attrs(&root, "[data-testid=timeline-item]", "data-kind");
    let channels = || attrs(&root, "[data-testid=timeline-item]", "data-channel");
    // Newest first.
    assert_eq!(
        items(),
        ["visited", "replied", "sent", "replied", "opened", "sent"]
    );
    assert_eq!(
        attrs(&root, "[data-testid=timeline-count]", "data-value"),
        ["6"]
    );
    // Two conversations: the e-mail and its reply, the SMS and its reply.
    assert_eq!(
        attrs(&root, "[data-testid=thread]", "data-channel"),
        ["sms", "email"]
    );
    choose(&root, "select[data-filter=tl-channel]", "sms").await;
    assert_eq!(channels(), ["sms", "sms"]);
    assert_eq!(items(), ["replied", "sent"]);
    choose(&root, "select[data-filter=tl-channel]", "").await;
    choose(&root, "select[data-filter=tl-kind]", "replied").await;
    assert_eq!(channels(), ["sms", "email"]);
    // A reply says which message it answers.
    assert!(text_of(&root, "[data-testid=timeline-item]").contains("Reply to"));
    choose(&root, "select[data-filter=tl-kind]", "").await;
    choose(&root, "select[data-filter=tl-scope]", "support").await;
    assert_eq!(items(), ["visited"]);
    choose(&root, "select[data-filter=tl-channel]", "email").await;
    assert_eq!(items(), Vec::<String>::new());
    assert_eq!(
        attrs(&root, "[data-testid=timeline-count]", "data-value"),
        ["0"]
    );
}

#[wasm_bindgen_test]
async fn an_unknown_contact_says_so_with_a_way_back() {
    let root = mount("/contacts/nobody@nowhere", Data::Ana).await;
    assert!(root
        .query_selector("[data-testid=contact-not-found]")
        .unwrap()
        .is_some());
    let back = root
        .query_selector("[data-testid=contact-not-found] a")
        .unwrap()
        .expect("a link back");
    assert_eq!(back.get_attribute("href").as_deref(), Some("/contacts"));
}

/// The page-level analyses on 20k contacts, with
/// the time of each step in the log (a debug build; the release figures
/// over 100k contacts come from `examples/contacts_bench.rs`).
#[wasm_bindgen_test]
fn directory_and_analyses_agree_on_20k_contacts() {
    use canal_app::pages::contact::profile::{Analyses, Profile};
    use canal_app::pages::contacts::directory::{Directory, Query};
    use canal_core::by_contact::ContactEvents;
    use canal_core::contact_index::sort_by_contact;
    use canal_core::identity::{merge, IdentityConfig};
    use canal_core::people;
    const N: u32 = 20_000;
    let mut ds = many(N);
    let index = sort_by_contact(&mut ds);
    let now = js_sys::Date::now;
    let mut t = now();
    let mut lap = |what: &str| {
        let t1 = now();
        console_log!("{N} contacts: {what} {:.1} ms", t1 - t);
        t = t1;
    };
    let dir = Directory::build(&ds, &index);
    lap("directory");
    let found = dir.query(&Query {
        text: "p2024@".into(),
        ..Query::default()
    });
    lap("search");
    let report = people::unify(&mut ds.clone());
    lap("people (unify)");
    let records: Vec<_> = people::all_person_records(&ds, false)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    lap("identity records");
    let persons = merge(&records, &IdentityConfig::default()).person_count();
    lap("identity merge");
    let events = ContactEvents::build(&ds.events, ds.contact_count());
    lap("events by contact");
    let a = Analyses::build(&ds, 1_800_000_000);
    lap("all analyses");
    let p = Profile::build(&ds, &a, found[0]);
    lap("profile");
    assert_eq!((dir.len(), found.len()), (N as usize, 1));
    assert_eq!(persons, N as usize, "no two share an identifier");
    assert_eq!(events.contact_count(), N as usize);
    assert_eq!(report.people, N as usize);
    assert_eq!(p.members, found);
}
