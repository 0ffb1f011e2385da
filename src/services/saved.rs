//! Imported data kept in this browser (IndexedDB) until the user clears it:
//! one data set byte image per imported file, and a small description of
//! the files.

use js_sys::{Promise, Uint8Array};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "canal";
const STORE: &str = "import";
const META_KEY: &str = "meta";

/// Why storage failed; callers show it and keep going without persistence.
#[derive(Debug, thiserror::Error)]
#[error("browser storage: {0}")]
pub struct StorageError(String);

fn err(what: &str) -> impl Fn(JsValue) -> StorageError + '_ {
    move |cause| StorageError(format!("{what} ({})", describe(&cause)))
}

fn describe(v: &JsValue) -> String {
    v.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Resolves when `req` succeeds, with its result.
async fn settle(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let r = req.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let cause = r
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::from_str("request failed"), |e| {
                    JsValue::from_str(&e.message())
                });
            let _ = reject.call1(&JsValue::NULL, &cause);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, StorageError> {
    let factory = gloo::utils::window()
        .indexed_db()
        .map_err(err("IndexedDB unavailable"))?
        .ok_or_else(|| StorageError("IndexedDB unavailable".into()))?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB, 1).map_err(err("open"))?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::Event| {
        let db: Option<IdbDatabase> = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = settle(&req).await.map_err(err("open"))?;
    db.dyn_into().map_err(err("open"))
}

/// Writes `meta`, the new `images` (key, bytes) and deletes `dropped`
/// images in one transaction: a reload sees the files before or after the
/// change, never half of it.
pub async fn commit<M: Serialize>(
    meta: &M,
    images: &[(String, Uint8Array)],
    dropped: &[String],
) -> Result<(), StorageError> {
    let text = serde_json::to_string(meta).map_err(|e| StorageError(e.to_string()))?;
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err("write"))?;
    let store = tx.object_store(STORE).map_err(err("write"))?;
    // Every request goes out before the first await, so the transaction is
    // still active for all of them whatever the executor does.
    let mut requests = Vec::new();
    for (key, bytes) in images {
        requests.push(
            store
                .put_with_key(bytes, &JsValue::from_str(key))
                .map_err(err("write"))?,
        );
    }
    for key in dropped {
        requests.push(
            store
                .delete(&JsValue::from_str(key))
                .map_err(err("write"))?,
        );
    }
    requests.push(
        store
            .put_with_key(&JsValue::from_str(&text), &JsValue::from_str(META_KEY))
            .map_err(err("write"))?,
    );
    for req in &requests {
        settle(req)
            .await
            .map_err(err("write (is the disk full?)"))?;
    }
    db.close();
    Ok(())
}

/// Reads one key of the store.
async fn get(key: &str) -> Result<JsValue, StorageError> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(err("read"))?;
    let store = tx.object_store(STORE).map_err(err("read"))?;
    let req = store.get(&JsValue::from_str(key)).map_err(err("read"))?;
    let value = settle(&req).await.map_err(err("read"));
    db.close();
    value
}

/// The description [`commit`] kept, if any: small, so the app can say
/// "loading" at once and read the (large) image after.
pub async fn load_meta<M: DeserializeOwned>() -> Result<Option<M>, StorageError> {
    let Some(text) = get(META_KEY).await?.as_string() else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| StorageError(e.to_string()))
}

/// The data set image kept under `key`, if any.
pub async fn load_image(key: &str) -> Result<Option<Uint8Array>, StorageError> {
    let value = get(key).await?;
    if value.is_undefined() {
        return Ok(None);
    }
    Ok(Some(Uint8Array::new(&value)))
}

/// Forgets every kept file.
pub async fn clear() -> Result<(), StorageError> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err("clear"))?;
    let store = tx.object_store(STORE).map_err(err("clear"))?;
    let req = store.clear().map_err(err("clear"))?;
    settle(&req).await.map_err(err("clear"))?;
    db.close();
    Ok(())
}
