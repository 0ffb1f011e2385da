//! User preferences (language), remembered in the browser by the hook that
//! owns them.

use crate::i18n::Locale;
use std::rc::Rc;
use yew::Reducible;

/// Preferences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The UI language.
    pub locale: Locale,
}

/// A change to the preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsAction {
    /// Switch the UI language.
    SetLocale(Locale),
}

impl Reducible for Settings {
    type Action = SettingsAction;

    fn reduce(self: Rc<Self>, action: SettingsAction) -> Rc<Self> {
        match action {
            SettingsAction::SetLocale(locale) if locale == self.locale => self,
            SettingsAction::SetLocale(locale) => Rc::new(Settings { locale }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_locale_changes_only_when_different() {
        let s = Rc::new(Settings::default());
        let same = s.clone().reduce(SettingsAction::SetLocale(Locale::En));
        assert!(Rc::ptr_eq(&s, &same));
        let es = s.reduce(SettingsAction::SetLocale(Locale::Es));
        assert_eq!(es.locale, Locale::Es);
    }
}
