//! Canal's second Wasm module: every page but the dashboard, import, login
//! and settings, loaded by the first module when one of them is opened (see
//! `canal_app::lazy`). Trunk builds it beside the app (`canal-pages` in
//! index.html) and `static/pages-loader.js` starts it.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Starts the pages' app on `root`.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::Element) {
        canal_app::lazy::guest::mount(root);
    }

    /// Takes the first module's state and, when the data changed, its image.
    #[wasm_bindgen]
    pub fn update(state: &str, image: Option<js_sys::Uint8Array>) -> Result<(), JsValue> {
        canal_app::lazy::guest::update(state, image).map_err(|e| JsValue::from_str(&e))
    }
}

fn main() {}
