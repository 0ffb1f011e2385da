//! The preferences context: language, with translation and formatting helpers.

use crate::i18n::{Locale, Text};
use crate::services::storage;
use crate::state::settings::{Settings, SettingsAction};
use canal_core::identity::CountryCode;
use yew::prelude::*;

/// A cheap handle on the preferences.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsHandle {
    inner: UseReducerHandle<Settings>,
}

impl SettingsHandle {
    /// The UI language.
    pub fn locale(&self) -> Locale {
        self.inner.locale
    }

    /// `text` in the UI language.
    pub fn t(&self, text: Text) -> &'static str {
        text.get(self.inner.locale)
    }

    /// Switches the language and remembers it.
    pub fn set_locale(&self, locale: Locale) {
        storage::save_locale(locale);
        self.inner.dispatch(SettingsAction::SetLocale(locale));
    }

    /// The country of imported phone numbers without a prefix.
    pub fn phone_country(&self) -> CountryCode {
        self.inner.phone_country
    }

    /// Sets the country of imported phone numbers and remembers it; the
    /// import reads it when a file is confirmed.
    pub fn set_phone_country(&self, country: CountryCode) {
        storage::save_phone_country(country);
        self.inner
            .dispatch(SettingsAction::SetPhoneCountry(country));
    }
}

/// Props of [`SettingsProvider`].
#[derive(Properties, PartialEq)]
pub struct SettingsProviderProps {
    /// The app.
    pub children: Children,
}

/// Provides [`SettingsHandle`] to everything inside it and keeps `<html lang>`
/// in step with the chosen language.
#[component]
pub fn SettingsProvider(props: &SettingsProviderProps) -> Html {
    let inner = use_reducer(|| Settings {
        locale: storage::load_locale(),
        phone_country: storage::load_phone_country(),
    });
    let locale = inner.locale;
    // Errors written away from any component (`services::ApiError`)
    // read the language here.
    crate::i18n::set_current(locale);
    use_effect_with(locale, |locale| {
        if let Some(html) = gloo::utils::document().document_element() {
            let _ = html.set_attribute("lang", locale.tag());
        }
    });
    html! {
        <ContextProvider<SettingsHandle> context={SettingsHandle { inner }}>
            { props.children.clone() }
        </ContextProvider<SettingsHandle>>
    }
}

/// The preferences; panics outside a [`SettingsProvider`], which is a bug.
/// Props of [`MirrorSettingsProvider`].
#[derive(Properties, PartialEq)]
pub struct MirrorSettingsProviderProps {
    /// The language to provide.
    pub locale: Locale,
    /// The pages.
    pub children: Children,
}

/// Provides a [`SettingsHandle`] that follows another module's language
/// (`crate::lazy::guest`) instead of keeping its own.
#[component]
pub fn MirrorSettingsProvider(props: &MirrorSettingsProviderProps) -> Html {
    // The country is kept in this origin's storage, which both modules
    // share.
    let inner = use_reducer(|| Settings {
        locale: props.locale,
        phone_country: storage::load_phone_country(),
    });
    crate::i18n::set_current(inner.locale);
    {
        let dispatcher = inner.dispatcher();
        use_effect_with(props.locale, move |&locale| {
            dispatcher.dispatch(SettingsAction::SetLocale(locale));
        });
    }
    html! {
        <ContextProvider<SettingsHandle> context={SettingsHandle { inner }}>
            { props.children.clone() }
        </ContextProvider<SettingsHandle>>
    }
}

#[hook]
pub fn use_settings() -> SettingsHandle {
    use_context::<SettingsHandle>().expect("use_settings outside SettingsProvider")
}
