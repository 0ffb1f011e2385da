//! Preferences kept in the browser's localStorage.

use crate::i18n::Locale;
use canal_core::identity::CountryCode;
use gloo::storage::{LocalStorage, Storage};

const LOCALE_KEY: &str = "canal.locale";
const PHONE_COUNTRY_KEY: &str = "canal.phone_country";

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

/// The remembered country of phone numbers without a prefix; Spain when
/// none was chosen (or the stored code is not one this version knows).
pub fn load_phone_country() -> CountryCode {
    LocalStorage::get::<String>(PHONE_COUNTRY_KEY)
        .ok()
        .and_then(|code| CountryCode::parse(&code).ok())
        .unwrap_or_default()
}

/// Remembers the country of phone numbers without a prefix (for this page
/// only when storage is unavailable, as the language).
pub fn save_phone_country(country: CountryCode) {
    if let Err(err) = LocalStorage::set(PHONE_COUNTRY_KEY, country.iso()) {
        gloo::console::warn!(format!("cannot remember the phone country: {err}"));
    }
}
