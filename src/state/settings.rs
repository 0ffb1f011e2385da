//! User preferences (language, the country of phone numbers), remembered
//! in the browser by the hook that owns them.

use crate::i18n::Locale;
use canal_core::identity::CountryCode;
use std::rc::Rc;
use yew::Reducible;

/// Preferences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The UI language.
    pub locale: Locale,
    /// The country of imported phone numbers written without an
    /// international prefix.
    pub phone_country: CountryCode,
}

/// A change to the preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsAction {
    /// Switch the UI language.
    SetLocale(Locale),
    /// Read imported national phone numbers as numbers of this country.
    SetPhoneCountry(CountryCode),
}

impl Reducible for Settings {
    type Action = SettingsAction;

    fn reduce(self: Rc<Self>, action: SettingsAction) -> Rc<Self> {
        match action {
            SettingsAction::SetLocale(locale) if locale == self.locale => self,
            SettingsAction::SetLocale(locale) => Rc::new(Settings {
                locale,
                ..(*self).clone()
            }),
            SettingsAction::SetPhoneCountry(c) if c == self.phone_country => self,
            SettingsAction::SetPhoneCountry(phone_country) => Rc::new(Settings {
                phone_country,
                ..(*self).clone()
            }),
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

    #[test]
    fn the_phone_country_is_spain_until_set_and_keeps_the_language() {
        let us = CountryCode::parse("US").expect("US");
        let s = Rc::new(Settings::default());
        assert_eq!(s.phone_country, CountryCode::SPAIN);
        let es = s.reduce(SettingsAction::SetLocale(Locale::Es));
        let set = es.clone().reduce(SettingsAction::SetPhoneCountry(us));
        assert_eq!((set.locale, set.phone_country), (Locale::Es, us));
        let same = set.clone().reduce(SettingsAction::SetPhoneCountry(us));
        assert!(Rc::ptr_eq(&set, &same));
        let back = set.reduce(SettingsAction::SetLocale(Locale::En));
        assert_eq!((back.locale, back.phone_country), (Locale::En, us));
    }
}
