//! One module per screen; [`DataPage`] is the frame of a screen with no data
//! to show yet (its purpose and the empty state).

pub mod channels;
pub mod contact;
pub mod contacts;
pub mod dashboard;
pub mod funnels;
pub mod import;
mod login;
mod not_found;
pub mod pressure;
mod push;
pub mod scoring;
pub mod segments;
mod settings;
pub mod support;
pub mod workbench;

use crate::components::{EmptyState, PageHeader};
use crate::i18n::Text;
use crate::route::Route;
use yew::prelude::*;

pub use channels::ChannelsPage;
pub use contact::ContactPage;
pub use contacts::ContactsPage;
pub use dashboard::DashboardPage;
pub use funnels::FunnelsPage;
pub use import::ImportPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use pressure::PressurePage;
pub use push::PushPage;
pub use scoring::ScoringPage;
pub use segments::SegmentsPage;
pub use settings::SettingsPage;
pub use support::SupportPage;

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

/// The page for `route` in the first module: its own pages, and the
/// second module's in a [`LazyPage`](crate::lazy::host::LazyPage)
/// (`crate::lazy`).
pub fn host_switch(route: Route) -> Html {
    match route {
        Route::Dashboard => html! { <DashboardPage /> },
        Route::Import => html! { <ImportPage /> },
        Route::Settings => html! { <SettingsPage /> },
        Route::Login => html! { <LoginPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
        Route::Channels
        | Route::Funnels
        | Route::Contacts
        | Route::Contact { .. }
        | Route::Segments
        | Route::Scoring
        | Route::Pressure
        | Route::Push
        | Route::Support => html! { <crate::lazy::host::LazyPage /> },
    }
}

/// The page for `route` in the second module: nothing for the first
/// module's routes, which that module shows itself.
pub fn guest_switch(route: Route) -> Html {
    match route {
        Route::Dashboard | Route::Import | Route::Settings | Route::Login | Route::NotFound => {
            html! {}
        }
        other => switch(other),
    }
}

/// The page for `route`, every page in one module (the browser tests mount
/// the app this way).
pub fn switch(route: Route) -> Html {
    match route {
        Route::Dashboard => html! { <DashboardPage /> },
        Route::Channels => html! { <ChannelsPage /> },
        Route::Funnels => html! { <FunnelsPage /> },
        Route::Contacts => html! { <ContactsPage /> },
        Route::Contact { id } => html! { <ContactPage id={id} /> },
        Route::Segments => html! { <SegmentsPage /> },
        Route::Scoring => html! { <ScoringPage /> },
        Route::Pressure => html! { <PressurePage /> },
        Route::Import => html! { <ImportPage /> },
        Route::Push => html! { <PushPage /> },
        Route::Support => html! { <SupportPage /> },
        Route::Settings => html! { <SettingsPage /> },
        Route::Login => html! { <LoginPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}
