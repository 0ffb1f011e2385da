//! One module per screen. Screens whose analyses have not landed yet show
//! their purpose and the empty state, so navigation and layout are real.

pub mod dashboard;
mod login;
mod not_found;
mod push;
mod settings;

use crate::components::{EmptyState, PageHeader};
use crate::i18n::Text;
use crate::route::Route;
use yew::prelude::*;

pub use dashboard::DashboardPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use push::PushPage;
pub use settings::SettingsPage;

/// Props of [`DataPage`].
#[derive(Properties, PartialEq)]
pub struct DataPageProps {
    /// Title.
    pub title: Text,
    /// One-line purpose.
    pub intro: Text,
}

/// A page that shows data once there is some.
#[component]
pub fn DataPage(props: &DataPageProps) -> Html {
    html! {
        <>
            <PageHeader title={props.title} intro={props.intro} />
            <EmptyState />
        </>
    }
}

/// The page for `route`.
pub fn switch(route: Route) -> Html {
    let data = |title, intro| html! { <DataPage {title} {intro} /> };
    match route {
        Route::Dashboard => html! { <DashboardPage /> },
        Route::Channels => data(Text::NavChannels, Text::ChannelsIntro),
        Route::Funnels => data(Text::NavFunnels, Text::FunnelsIntro),
        Route::Contacts => data(Text::NavContacts, Text::ContactsIntro),
        Route::Contact { .. } => data(Text::NavContacts, Text::ContactIntro),
        Route::Segments => data(Text::NavSegments, Text::SegmentsIntro),
        Route::Scoring => data(Text::NavScoring, Text::ScoringIntro),
        Route::Pressure => data(Text::NavPressure, Text::PressureIntro),
        Route::Import => data(Text::NavImport, Text::ImportIntro),
        Route::Push => html! { <PushPage /> },
        Route::Settings => html! { <SettingsPage /> },
        Route::Login => html! { <LoginPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}
