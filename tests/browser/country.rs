//! The country of phone numbers (#3): the Settings select, remembered in
//! localStorage, and read by the import when files are confirmed.

use super::{choose, fixture, mount, text_of, until, DropProps, ImportShell};
use canal_app::services::saved;
use canal_app::state::import::{SavedFile, SavedMeta};
use canal_core::codec;
use canal_core::import::{import_bytes, Field, ImportOptions, TableKind};
use canal_core::Dataset;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlSelectElement};
use yew::scheduler;
use yew_router::history::{AnyHistory, MemoryHistory};

fn select(root: &Element) -> HtmlSelectElement {
    root.query_selector("select[data-testid=phone-country]")
        .unwrap()
        .expect("the phone country select")
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_phone_country_is_chosen_in_settings_and_remembered() {
    let root = mount("/settings").await;
    assert_eq!(
        text_of(&root, "label[for=phone-country]"),
        "Default country for phone numbers"
    );
    let s = select(&root);
    // Every country of the phone table, Spain first and chosen.
    assert_eq!(s.length(), 16);
    assert_eq!(s.value(), "ES");
    assert_eq!(
        text_of(&root, "#phone-country option[value=US]"),
        "United States (+1)"
    );
    choose(&root, "select[data-testid=phone-country]", "US");
    scheduler::flush().await;
    assert_eq!(
        LocalStorage::get::<String>("canal.phone_country")
            .ok()
            .as_deref(),
        Some("US")
    );
    assert_eq!(select(&root).value(), "US");
    until(&root, "#phone-country ~ p[role=status]").await;
    root.remove();
    // A reload starts from the remembered country (mount clears storage,
    // so mount by hand).
    let again = fixture();
    LocalStorage::set("canal.phone_country", "MX").unwrap();
    let history: AnyHistory = MemoryHistory::with_entries(vec!["/settings"]).into();
    yew::Renderer::<super::Shell>::with_root_and_props(
        again.clone(),
        super::ShellProps {
            history,
            seed: false,
        },
    )
    .render();
    scheduler::flush().await;
    assert_eq!(select(&again).value(), "MX");
    again.remove();
}

#[wasm_bindgen_test]
async fn files_read_as_another_country_are_not_added_to_the_kept_data() {
    // Kept data keyed as Spanish numbers (no country chosen), and the
    // setting now says United States.
    LocalStorage::clear();
    LocalStorage::set("canal.phone_country", "US").unwrap();
    saved::clear().await.unwrap();
    let csv = "contact_id,phone\nc1,612 345 678\n";
    let mut ds = Dataset::default();
    let opts = ImportOptions {
        kind: Some(TableKind::Contacts),
        ..ImportOptions::default()
    };
    let rows = import_bytes(&mut ds, csv.as_bytes(), &opts).rows_loaded;
    let image = js_sys::Uint8Array::from(&codec::encode(&ds)[..]);
    let meta = SavedMeta {
        files: vec![SavedFile {
            name: "contacts.csv".into(),
            kind: TableKind::Contacts,
            mapping: vec![("phone".into(), Field::Phone)],
            rows_loaded: rows,
            errors_total: 0,
            size: csv.len() as u64,
            duplicates: 0,
            image: "file-1".into(),
        }],
    };
    saved::commit(&meta, &[("file-1".into(), image)], &[])
        .await
        .unwrap();

    let root = fixture();
    let file = DropProps {
        csv: "phone,event,timestamp\n(415) 555-0100,open,2024-03-05\n",
        name: "us-events.csv",
    };
    yew::Renderer::<ImportShell>::with_root_and_props(root.clone(), file).render();
    until(&root, "[data-testid=import-saved][data-files='1']").await;
    until(&root, ".import-file").await;
    let confirm: HtmlElement = until(&root, "[data-testid=import-confirm]")
        .await
        .dyn_into()
        .unwrap();
    confirm.click();
    let failed = until(&root, "[data-import-status=failed]").await;
    // Refused before any worker ran (none is served here: that failure
    // would say something else), with the reason.
    let text = failed.text_content().unwrap_or_default();
    assert!(
        text.contains("numbers of Spain (+34), and the setting is United States (+1)"),
        "{text}"
    );
    assert_eq!(root.query_selector_all(".import-file").unwrap().length(), 1);
    root.remove();
    saved::clear().await.unwrap();
    LocalStorage::clear();
}
