//! Registration of `/sw.js`, served from the site root so its scope is the
//! whole app.

use wasm_bindgen_futures::JsFuture;

/// Registers the service worker; browsers without one (or in contexts that
/// forbid it) simply go on without it.
pub fn register() {
    let navigator = gloo::utils::window().navigator();
    // `serviceWorker` is missing on insecure origins and some browsers.
    let has_sw = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !has_sw {
        return;
    }
    let promise = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(err) = JsFuture::from(promise).await {
            gloo::console::warn!("service worker registration failed", err);
        }
    });
}
