//! The preferences context: language, with translation and formatting helpers.

use crate::i18n::{Locale, Text};
use crate::services::storage;
use crate::state::settings::{Settings, SettingsAction};
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
    });
    let locale = inner.locale;
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
    let inner = use_reducer(|| Settings {
        locale: props.locale,
    });
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
