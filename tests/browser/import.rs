//! The import's kept files: several files restored and merged after a
//! reload, the add-or-replace choice, removing one file, clearing all; the
//! mapping editor in Spanish. The worker is not served here, so the kept
//! files are written to IndexedDB as an import would have left them.

use super::{fixture, until, DropFile};
use canal_app::hooks::{use_data, DataProvider, ImportProvider, SettingsProvider};
use canal_app::pages::ImportPage;
use canal_app::services::saved;
use canal_app::state::import::{SavedFile, SavedMeta};
use canal_core::codec;
use canal_core::import::{import_bytes, Field, ImportOptions, TableKind};
use canal_core::Dataset;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;
use yew::scheduler;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::prelude::*;

const CONTACTS: &str = "contact_id,email,country\nc1,ana@x.com,ES\nc2,bo@x.com,PT\n";
const EVENTS: &str =
    "email,event,timestamp\nana@x.com,open,2024-03-05\nbo@x.com,click,2024-03-06\n";

/// The data context's figures, for assertions.
#[component]
fn Probe() -> Html {
    let data = use_data();
    let (contacts, events) = data
        .dataset()
        .map_or((0, 0), |d| (d.contact_count(), d.events.len()));
    html! {
        <p id="probe" data-contacts={contacts.to_string()} data-events={events.to_string()}
           data-has-data={data.dataset().is_some().to_string()}></p>
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    drop: bool,
}

#[component]
fn App(props: &AppProps) -> Html {
    let history: AnyHistory = MemoryHistory::with_entries(vec!["/import"]).into();
    html! {
        <SettingsProvider>
            <DataProvider>
                <ImportProvider>
                    <Router {history}>
                        if props.drop { <DropFile csv={EVENTS} name="events-june.csv" /> }
                        <Probe />
                        <ImportPage />
                    </Router>
                </ImportProvider>
            </DataProvider>
        </SettingsProvider>
    }
}

fn image(kind: TableKind, csv: &str) -> (js_sys::Uint8Array, u64) {
    let mut ds = Dataset::default();
    let opts = ImportOptions {
        kind: Some(kind),
        ..ImportOptions::default()
    };
    let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
    let image = js_sys::Uint8Array::from(&codec::encode(&ds)[..]);
    (image, report.rows_loaded)
}

fn kept(name: &str, kind: TableKind, rows: u64, image: &str) -> SavedFile {
    SavedFile {
        name: name.into(),
        kind,
        mapping: vec![("email".into(), Field::Email)],
        rows_loaded: rows,
        errors_total: 0,
        size: 100,
        duplicates: 0,
        image: image.into(),
    }
}

/// Leaves contacts.csv and events.csv in storage as two imports would.
async fn keep_two_files() {
    let (contacts, n_contacts) = image(TableKind::Contacts, CONTACTS);
    let (events, n_events) = image(TableKind::Events, EVENTS);
    let meta = SavedMeta {
        files: vec![
            kept("contacts.csv", TableKind::Contacts, n_contacts, "file-1"),
            kept("events.csv", TableKind::Events, n_events, "file-2"),
        ],
    };
    saved::commit(
        &meta,
        &[("file-1".into(), contacts), ("file-2".into(), events)],
        &[],
    )
    .await
    .unwrap();
}

fn probe(root: &Element, name: &str) -> String {
    root.query_selector("#probe")
        .unwrap()
        .unwrap()
        .get_attribute(name)
        .unwrap_or_default()
}

async fn click(el: Element) {
    el.dyn_into::<HtmlElement>().unwrap().click();
    scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn kept_files_come_back_merged_and_can_be_removed_one_by_one() {
    LocalStorage::clear();
    saved::clear().await.unwrap();
    keep_two_files().await;
    let root = fixture();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { drop: true }).render();
    until(&root, "[data-testid=import-saved][data-files='2']").await;
    // One person per contact: the events met the contacts by e-mail.
    assert_eq!(probe(&root, "data-contacts"), "2");
    assert_eq!(probe(&root, "data-events"), "2");
    let names: Vec<String> = {
        let items = root.query_selector_all("[data-saved-file]").unwrap();
        (0..items.length())
            .map(|i| {
                let el: Element = items.item(i).unwrap().dyn_into().unwrap();
                el.get_attribute("data-saved-file").unwrap()
            })
            .collect()
    };
    assert_eq!(names, ["contacts.csv", "events.csv"]);

    // With files loaded, a new file is added unless the user replaces.
    until(&root, ".import-file").await;
    let mode = until(&root, ".import-mode").await;
    assert_eq!(mode.get_attribute("data-mode").as_deref(), Some("add"));
    click(until(&root, "[data-testid=import-mode-replace]").await).await;
    assert_eq!(mode.get_attribute("data-mode").as_deref(), Some("replace"));
    click(until(&root, "[data-testid=import-mode-add]").await).await;
    assert_eq!(mode.get_attribute("data-mode").as_deref(), Some("add"));

    // Removing events.csv keeps the contacts, also in storage.
    click(
        until(
            &root,
            "[data-saved-file='events.csv'] [data-testid=import-remove-saved]",
        )
        .await,
    )
    .await;
    until(&root, "[data-testid=import-saved][data-files='1']").await;
    until(&root, "#probe[data-events='0']").await;
    assert_eq!(probe(&root, "data-contacts"), "2");
    let meta: SavedMeta = saved::load_meta().await.unwrap().unwrap();
    assert_eq!(meta.names(), ["contacts.csv"]);
    assert!(saved::load_image("file-2").await.unwrap().is_none());

    // Clear all forgets the rest.
    click(until(&root, "[data-testid=import-clear]").await).await;
    until(&root, "#probe[data-has-data='false']").await;
    assert!(root
        .query_selector("[data-testid=import-saved]")
        .unwrap()
        .is_none());
    for _ in 0..20 {
        if saved::load_meta::<SavedMeta>().await.unwrap().is_none() {
            break;
        }
        scheduler::flush().await;
    }
    assert!(saved::load_meta::<SavedMeta>().await.unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_mapping_editor_and_kept_files_speak_spanish() {
    LocalStorage::clear();
    LocalStorage::set("canal.locale", "es").unwrap();
    saved::clear().await.unwrap();
    keep_two_files().await;
    let root = fixture();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { drop: true }).render();
    let card = until(&root, ".import-file").await;
    let option = card
        .query_selector("select[data-column='1'] option[value=event_type]")
        .unwrap()
        .unwrap();
    assert_eq!(option.text_content().unwrap(), "Tipo de evento");
    let saved_panel = until(&root, "[data-testid=import-saved][data-files='2']").await;
    let text = saved_panel.text_content().unwrap();
    assert!(text.contains("Archivos cargados"), "{text}");
    assert!(text.contains("email → Correo electrónico"), "{text}");
    assert!(text.contains("Borrar todo"), "{text}");
    let note = until(&root, ".import-confirm-row .import-note").await;
    assert!(note
        .text_content()
        .unwrap()
        .starts_with("Los eventos y pedidos se añaden"));
    saved::clear().await.unwrap();
    LocalStorage::clear();
    root.remove();
}

#[wasm_bindgen_test]
fn an_image_in_javascript_memory_decodes_to_the_same_data_set() {
    let mut ds = Dataset::default();
    // Enough rows for the columns to span several parts.
    let csv: String = std::iter::once("email,event,timestamp\n".to_owned())
        .chain(
            (0..30_000)
                .map(|i| format!("p{}@x.com,open,2024-03-05T10:{:02}:00Z\n", i % 700, i % 60)),
        )
        .collect();
    let opts = ImportOptions {
        kind: Some(TableKind::Events),
        ..ImportOptions::default()
    };
    assert_eq!(
        import_bytes(&mut ds, csv.as_bytes(), &opts).rows_loaded,
        30_000
    );
    let bytes = codec::encode(&ds);
    assert!(bytes.len() > 4 * codec::PART_BYTES);
    let image = js_sys::Uint8Array::from(&bytes[..]);
    let back = canal_app::services::import::decode_image(&image).unwrap();
    assert_eq!(codec::encode(&back), bytes);
    assert_eq!(back.events.len(), 30_000);
    assert_eq!(back.keys.len(), 700);
    let cut = image.subarray(0, image.length() - 1);
    assert_eq!(
        canal_app::services::import::decode_image(&cut).map(|_| ()),
        Err(codec::CodecError::Truncated.to_string())
    );
}
