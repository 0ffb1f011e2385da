//! One module per screen. Screens whose analyses have not landed yet show
//! their purpose and the empty state, so navigation and layout are real.

pub mod dashboard;
mod login;
mod not_found;
pub mod pressure;
pub mod scoring;
pub mod segments;
mod settings;
pub mod workbench;

use crate::components::{EmptyState, PageHeader};
use crate::i18n::Text;
use crate::route::Route;
use yew::prelude::*;

pub use dashboard::DashboardPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use pressure::PressurePage;
pub use scoring::ScoringPage;
pub use segments::SegmentsPage;
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
        Route::Segments => html! { <SegmentsPage /> },
        Route::Scoring => html! { <ScoringPage /> },
        Route::Pressure => html! { <PressurePage /> },
        Route::Import => data(Text::NavImport, Text::ImportIntro),
        Route::Push => data(Text::NavPush, Text::PushIntro),
        Route::Settings => html! { <SettingsPage /> },
        Route::Login => html! { <LoginPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}
