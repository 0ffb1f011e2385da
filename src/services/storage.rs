//! Preferences kept in the browser's localStorage.

use crate::i18n::Locale;
use gloo::storage::{LocalStorage, Storage};

const LOCALE_KEY: &str = "canal.locale";

/// The remembered UI language; otherwise the browser's, otherwise English.
pub fn load_locale() -> Locale {
    if let Ok(tag) = LocalStorage::get::<String>(LOCALE_KEY) {
        if let Some(locale) = Locale::from_tag(&tag) {
            return locale;
        }
    }
    gloo::utils::window()
        .navigator()
        .language()
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// Remembers the UI language. Storage can be full or disabled (private
/// windows); the choice then lasts for this page only, which is acceptable.
pub fn save_locale(locale: Locale) {
    if let Err(err) = LocalStorage::set(LOCALE_KEY, locale.tag()) {
        gloo::console::warn!(format!("cannot remember the language: {err}"));
    }
}
