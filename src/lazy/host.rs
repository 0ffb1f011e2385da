//! The first module's side: loading the second module once, and
//! [`LazyPage`], which shows its pages and hands it the state.

use super::bridge::HostState;
use crate::hooks::{use_data, use_session, use_settings};
use crate::i18n::Text;
use crate::services::import::image_of;
use crate::state::data::Loaded;
use gloo::events::EventListener;
use js_sys::{Function, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// The script that imports the second module and announces it with a
/// `canal-pages` event (`static/pages-loader.js`).
const LOADER_URL: &str = "/static/pages-loader.js";

/// How far the second module has got.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleStatus {
    /// Downloading and compiling.
    Loading,
    /// Ready, mounted on its root element.
    Ready,
    /// The download or start failed.
    Failed(String),
}

/// The loaded second module: its exports and the element its app renders
/// into, which [`LazyPage`] moves into the page.
#[derive(Clone)]
struct Guest {
    api: JsValue,
    root: web_sys::Element,
}

impl Guest {
    fn call(&self, name: &str, args: &[&JsValue]) -> Result<(), String> {
        let f: Function = Reflect::get(&self.api, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| format!("the pages module has no `{name}`"))?;
        let args: js_sys::Array = args.iter().copied().collect();
        f.apply(&self.api, &args)
            .map(|_| ())
            .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
    }
}

enum Module {
    Idle,
    Loading {
        waiting: Vec<Callback<ModuleStatus>>,
        _listeners: [EventListener; 2],
    },
    Ready(Guest),
    Failed(String),
}

thread_local! {
    static MODULE: RefCell<Module> = const { RefCell::new(Module::Idle) };
    /// How many times loading was tried: each retry asks for new URLs, as a
    /// failed module import is remembered per URL for the page's lifetime.
    static ATTEMPT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The data set whose image the second module holds.
    static SENT: RefCell<Weak<canal_core::Dataset>> = const { RefCell::new(Weak::new()) };
}

fn status() -> ModuleStatus {
    MODULE.with_borrow(|m| match m {
        Module::Idle | Module::Loading { .. } => ModuleStatus::Loading,
        Module::Ready(_) => ModuleStatus::Ready,
        Module::Failed(reason) => ModuleStatus::Failed(reason.clone()),
    })
}

fn guest() -> Option<Guest> {
    MODULE.with_borrow(|m| match m {
        Module::Ready(g) => Some(g.clone()),
        _ => None,
    })
}

/// Starts loading the second module unless it is loaded or loading;
/// `notify` (if any) hears how it ends.
pub fn load(notify: Option<Callback<ModuleStatus>>) {
    let start = MODULE.with_borrow_mut(|m| match m {
        Module::Loading { waiting, .. } => {
            waiting.extend(notify.clone());
            false
        }
        Module::Ready(_) | Module::Failed(_) => false,
        Module::Idle => true,
    });
    if !start {
        if let Some(notify) = notify {
            let now = status();
            if now != ModuleStatus::Loading {
                notify.emit(now);
            }
        }
        return;
    }
    let document = gloo::utils::document();
    let attempt = ATTEMPT.with(|a| {
        a.set(a.get() + 1);
        a.get()
    });
    let Ok(script) = document.create_element("script") else {
        MODULE.with_borrow_mut(|m| *m = Module::Failed("cannot create a script element".into()));
        notify.into_iter().for_each(|n| n.emit(status()));
        return;
    };
    let _ = script.set_attribute("type", "module");
    let _ = script.set_attribute("src", &format!("{LOADER_URL}?v={attempt}"));
    let window = gloo::utils::window();
    let announced = EventListener::once(&window, "canal-pages", |event| {
        let detail = event
            .dyn_ref::<web_sys::CustomEvent>()
            .map(|e| e.detail())
            .unwrap_or(JsValue::UNDEFINED);
        let error = Reflect::get(&detail, &JsValue::from_str("error"))
            .ok()
            .and_then(|e| e.as_string());
        match error {
            Some(error) => finish(Err(error)),
            None => finish(mount(detail)),
        }
    });
    let failed = EventListener::once(&script, "error", |_| {
        finish(Err(format!("{LOADER_URL} did not load")))
    });
    MODULE.with_borrow_mut(|m| {
        *m = Module::Loading {
            waiting: notify.into_iter().collect(),
            _listeners: [announced, failed],
        }
    });
    if let Some(head) = document.head() {
        if head.append_child(&script).is_err() {
            finish(Err("cannot add the loader script".to_owned()));
        }
    }
}

/// Mounts the loaded module's app on an element of its own.
fn mount(api: JsValue) -> Result<Guest, String> {
    let root = gloo::utils::document()
        .create_element("div")
        .map_err(|_| "cannot create the pages' element".to_owned())?;
    root.set_class_name("guest-root");
    let guest = Guest { api, root };
    guest.call("mount", &[guest.root.as_ref()])?;
    Ok(guest)
}

fn finish(result: Result<Guest, String>) {
    let waiting = MODULE.with_borrow_mut(|m| {
        let waiting = match std::mem::replace(m, Module::Idle) {
            Module::Loading { waiting, .. } => waiting,
            _ => Vec::new(),
        };
        *m = match result {
            Ok(guest) => Module::Ready(guest),
            Err(reason) => {
                gloo::console::error!(format!("pages module: {reason}"));
                Module::Failed(reason)
            }
        };
        waiting
    });
    let status = status();
    for w in waiting {
        w.emit(status.clone());
    }
}

/// Forgets a failed load so the next [`load`] tries again.
fn reset_failed() {
    MODULE.with_borrow_mut(|m| {
        if matches!(m, Module::Failed(_)) {
            *m = Module::Idle;
        }
    });
}

/// Hands the second module the current state, and the data's image if the
/// data changed since it last got one.
fn send(guest: &Guest, state: &HostState, data: Option<&Loaded>) -> Result<(), String> {
    let json = serde_json::to_string(state).map_err(|e| e.to_string())?;
    let changed = SENT.with_borrow(|sent| match (sent.upgrade(), data) {
        (Some(sent), Some(now)) => !Rc::ptr_eq(&sent, &now.dataset),
        (None, None) => false,
        _ => true,
    });
    let image = if changed {
        JsValue::from(data.map_or_else(|| Uint8Array::new_with_length(0), |d| image_of(&d.dataset)))
    } else {
        JsValue::UNDEFINED
    };
    guest.call("update", &[&JsValue::from_str(&json), &image])?;
    if changed {
        SENT.with_borrow_mut(|sent| {
            *sent = data.map_or_else(Weak::new, |d| Rc::downgrade(&d.dataset))
        });
    }
    Ok(())
}

/// Loads the second module while the browser is idle, so its pages open at
/// once later; the dashboard calls this once its data is shown.
pub fn prefetch() {
    let window = gloo::utils::window();
    let start = wasm_bindgen::closure::Closure::once_into_js(|| load(None));
    if window.request_idle_callback(start.unchecked_ref()).is_err() {
        load(None);
    }
}

/// A page of the second module, in the first module's layout.
#[component]
pub fn LazyPage() -> Html {
    let settings = use_settings();
    let data = use_data();
    let session = use_session();
    let node = use_node_ref();
    let status = use_state(status);
    {
        let status = status.clone();
        use_effect_with((), move |_| {
            let set = Callback::from(move |s| status.set(s));
            load(Some(set));
        });
    }
    let ready = *status == ModuleStatus::Ready;
    {
        // The module's app stays alive between pages; only its element
        // moves into whichever page shows it.
        let node = node.clone();
        use_effect_with(ready, move |&ready| {
            let guest = ready.then(guest).flatten();
            if let (Some(guest), Some(host)) = (&guest, node.get()) {
                let _ = host.append_child(&guest.root);
            }
            move || {
                if let Some(guest) = guest {
                    guest.root.remove();
                }
            }
        });
    }
    let state = HostState {
        locale: settings.locale(),
        session: session.session().clone(),
        status: data.status().clone(),
        source: data.source().clone(),
        loading_from: data.loading_from().clone(),
    };
    {
        let loaded = data.data().cloned();
        use_effect_with((ready, state, loaded), |(ready, state, loaded)| {
            if let Some(guest) = ready.then(guest).flatten() {
                if let Err(err) = send(&guest, state, loaded.as_ref()) {
                    gloo::console::error!(format!("pages module: {err}"));
                }
            }
        });
    }
    let retry = {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            reset_failed();
            status.set(ModuleStatus::Loading);
            let status = status.clone();
            load(Some(Callback::from(move |s| status.set(s))));
        })
    };
    let message = match &*status {
        ModuleStatus::Ready => html! {},
        ModuleStatus::Loading => html! {
            <p class="page-opening" data-state="page-loading" aria-busy="true" role="status">
                { settings.t(Text::PageOpening) }
            </p>
        },
        ModuleStatus::Failed(reason) => html! {
            <section class="empty-state error-state" data-state="page-failed" role="alert">
                <h2>{ settings.t(Text::PageLoadFailedTitle) }</h2>
                <p>{ settings.t(Text::PageLoadFailedBody) }</p>
                <p class="muted"><code>{ reason.clone() }</code></p>
                <button class="button primary" onclick={retry}>{ settings.t(Text::PageLoadRetry) }</button>
            </section>
        },
    };
    html! {
        <>
            { message }
            <div class="guest-host" ref={node}></div>
        </>
    }
}
