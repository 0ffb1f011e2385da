//! Saving text the app produced (CSV exports) as a file, without a server
//! round trip: a Blob behind an object URL, clicked through a temporary link.

use wasm_bindgen::{JsCast, JsValue};

/// Why a download could not start (the browser refused a step).
#[derive(Debug, thiserror::Error)]
#[error("the download could not start: {0}")]
pub struct DownloadError(String);

impl From<JsValue> for DownloadError {
    fn from(v: JsValue) -> Self {
        DownloadError(v.as_string().unwrap_or_else(|| format!("{v:?}")))
    }
}

/// Offers `text` as a CSV file called `file_name`.
pub fn save_csv(file_name: &str, text: &str) -> Result<(), DownloadError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = gloo::utils::document();
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")?
        .dyn_into()
        .map_err(|_| DownloadError("not an anchor".into()))?;
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = gloo::utils::body();
    body.append_child(&link)?;
    link.click();
    body.remove_child(&link)?;
    // The click has handed the Blob to the download manager, which keeps
    // its own reference; the URL is no longer needed.
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
