//! Files can be dropped anywhere on the app: while a drag carrying files is
//! over the window an overlay says so, and a drop lists the files on the
//! import screen.

use crate::hooks::{use_import, use_settings};
use crate::i18n::Text;
use crate::pages::import::file_list;
use crate::route::Route;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::DragEvent;
use yew::prelude::*;
use yew_router::prelude::*;

/// Whether a drag carries files (not text or a link from the page).
fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer()
        .map(|dt| {
            dt.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        })
        .unwrap_or(false)
}

/// The window-wide drop overlay.
#[component]
pub fn DropTarget() -> Html {
    let settings = use_settings();
    let import = use_import();
    let navigator = use_navigator();
    let over = use_state(|| false);
    {
        let over = over.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let opts = EventListenerOptions::enable_prevent_default();
            let on_over = {
                let over = over.clone();
                EventListener::new_with_options(&window, "dragover", opts, move |e| {
                    let Some(e) = e.dyn_ref::<DragEvent>() else {
                        return;
                    };
                    if carries_files(e) {
                        // Without this the browser opens the file instead.
                        e.prevent_default();
                        over.set(true);
                    }
                })
            };
            let on_leave = {
                let over = over.clone();
                EventListener::new(&window, "dragleave", move |e| {
                    // `relatedTarget` is null only when the drag leaves the window.
                    let left = e
                        .dyn_ref::<DragEvent>()
                        .is_some_and(|e| e.related_target().is_none());
                    if left {
                        over.set(false);
                    }
                })
            };
            let on_drop = {
                let over = over.clone();
                EventListener::new_with_options(&window, "drop", opts, move |e| {
                    over.set(false);
                    let Some(e) = e.dyn_ref::<DragEvent>() else {
                        return;
                    };
                    let files = file_list(e.data_transfer().and_then(|dt| dt.files()));
                    if files.is_empty() {
                        return;
                    }
                    e.prevent_default();
                    import.add_files(files);
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Import);
                    }
                })
            };
            move || drop((on_over, on_leave, on_drop))
        });
    }
    html! {
        <div class={classes!("drop-overlay", over.then_some("visible"))} aria-hidden={(!*over).to_string()}>
            <div class="drop-overlay-box">
                <span class="drop-overlay-icon" aria-hidden="true">{ "⇪" }</span>
                <p>{ settings.t(Text::ImportDropOverlay) }</p>
                <p class="drop-overlay-hint">{ settings.t(Text::ImportPrivacy) }</p>
            </div>
        </div>
    }
}
