//! The app's routes.

use crate::i18n::Text;
use yew_router::Routable;

/// Every screen of the app.
#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    /// KPI overview across channels.
    #[at("/")]
    Dashboard,
    /// One channel in depth.
    #[at("/channels")]
    Channels,
    /// Funnel drop-off.
    #[at("/funnels")]
    Funnels,
    /// Support volume, response time and satisfaction.
    #[at("/support")]
    Support,
    /// Contact list.
    #[at("/contacts")]
    Contacts,
    /// One contact's omnichannel timeline.
    #[at("/contacts/:id")]
    Contact {
        /// Contact id.
        id: String,
    },
    /// RFM, tiers, responsiveness, custom segments.
    #[at("/segments")]
    Segments,
    /// Lead and contact scoring.
    #[at("/scoring")]
    Scoring,
    /// Marketing pressure.
    #[at("/pressure")]
    Pressure,
    /// Drag-in CSV analysis.
    #[at("/import")]
    Import,
    /// Web push.
    #[at("/push")]
    Push,
    /// Preferences.
    #[at("/settings")]
    Settings,
    /// Log in to load the server's data.
    #[at("/login")]
    Login,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The routes shown in the navigation, in order.
    pub const NAV: [Route; 11] = [
        Route::Dashboard,
        Route::Channels,
        Route::Funnels,
        Route::Support,
        Route::Contacts,
        Route::Segments,
        Route::Scoring,
        Route::Pressure,
        Route::Import,
        Route::Push,
        Route::Settings,
    ];

    /// The label of this route in the navigation.
    pub fn label(&self) -> Text {
        match self {
            Route::Dashboard => Text::NavDashboard,
            Route::Channels => Text::NavChannels,
            Route::Funnels => Text::NavFunnels,
            Route::Support => Text::NavSupport,
            Route::Contacts | Route::Contact { .. } => Text::NavContacts,
            Route::Segments => Text::NavSegments,
            Route::Scoring => Text::NavScoring,
            Route::Pressure => Text::NavPressure,
            Route::Import => Text::NavImport,
            Route::Push => Text::NavPush,
            Route::Settings => Text::NavSettings,
            Route::Login => Text::LoginTitle,
            Route::NotFound => Text::NotFoundTitle,
        }
    }

    /// The navigation entry to highlight when this route is shown.
    pub fn nav_parent(&self) -> Route {
        match self {
            Route::Contact { .. } => Route::Contacts,
            other => other.clone(),
        }
    }

    /// A short stable name, used in `data-route` attributes and icons.
    pub fn slug(&self) -> &'static str {
        match self {
            Route::Dashboard => "dashboard",
            Route::Channels => "channels",
            Route::Funnels => "funnels",
            Route::Support => "support",
            Route::Contacts | Route::Contact { .. } => "contacts",
            Route::Segments => "segments",
            Route::Scoring => "scoring",
            Route::Pressure => "pressure",
            Route::Import => "import",
            Route::Push => "push",
            Route::Settings => "settings",
            Route::Login => "login",
            Route::NotFound => "not-found",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_through_paths() {
        for route in Route::NAV {
            assert_eq!(Route::recognize(&route.to_path()), Some(route.clone()));
        }
        assert_eq!(
            Route::recognize("/contacts/c42"),
            Some(Route::Contact { id: "c42".into() })
        );
        assert_eq!(Route::recognize("/login"), Some(Route::Login));
        assert_eq!(Route::recognize("/nope"), Some(Route::NotFound));
    }

    #[test]
    fn contact_page_highlights_contacts() {
        assert_eq!(
            Route::Contact { id: "x".into() }.nav_parent(),
            Route::Contacts
        );
    }
}
