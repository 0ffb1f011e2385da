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

/// The page for `route`.
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
