//! What the two modules share: the state the first hands to the second, and
//! the route bridge.

use crate::i18n::Locale;
use crate::state::data::{DataSource, DataStatus};
use crate::state::session::Session;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use yew::prelude::*;
use yew_router::prelude::*;

/// Everything the second module's pages read from the first module's
/// contexts, except the data set itself (sent apart, as an image, only when
/// it changed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HostState {
    /// The UI language.
    pub locale: Locale,
    /// Who is logged in.
    pub session: Session,
    /// The data context's status.
    pub status: DataStatus,
    /// Where the data came from.
    pub source: DataSource,
    /// Where the load under way reads from.
    pub loading_from: DataSource,
}

/// The window property holding the path both routers last agreed on.
const PATH_KEY: &str = "__canalPath";

/// Keeps the two modules' routers on one URL.
///
/// Each module's router hears only its own `pushState`s and the browser's
/// `popstate`. So whenever this module's router moves to a path the other
/// has not been told of, this dispatches a `popstate`, which makes every
/// router (the other module's included) read the URL again. The path is
/// kept on `window`, shared by both, so the router that reacts to that event
/// finds the path already told and does not echo it back.
#[component]
pub fn RouteBridge() -> Html {
    let location = use_location();
    let path = location
        .map(|l| format!("{}{}", l.path(), l.query_str()))
        .unwrap_or_default();
    use_effect_with(path, |path| tell_other_router(path));
    html! {}
}

fn tell_other_router(path: &str) {
    let window = gloo::utils::window();
    let key = JsValue::from_str(PATH_KEY);
    let told = js_sys::Reflect::get(&window, &key)
        .ok()
        .and_then(|v| v.as_string());
    if told.as_deref() == Some(path) {
        return;
    }
    let _ = js_sys::Reflect::set(&window, &key, &JsValue::from_str(path));
    if let Ok(event) = web_sys::Event::new("popstate") {
        let _ = window.dispatch_event(&event);
    }
}
