//! What a page shows when there is nothing to show yet.

use crate::hooks::{use_data, use_settings};
use crate::i18n::Text;
use crate::route::Route;
use crate::state::data::DataStatus;
use yew::prelude::*;
use yew_router::prelude::*;

/// "No data yet" with the two ways to get data; for a server workspace
/// too large for this browser, why there is none and what to do.
#[component]
pub fn EmptyState() -> Html {
    let settings = use_settings();
    if let DataStatus::ServerOnly { events, .. } = use_data().status() {
        return html! {
            <section class="empty-state" data-state="server-only" data-events={events.to_string()}>
                <h2>{ settings.t(Text::ServerOnlyPageTitle) }</h2>
                <p>{ settings.t(Text::ServerOnlyPageBody) }</p>
                <div class="button-row">
                    <Link<Route> to={Route::Dashboard} classes="button primary">
                        { settings.t(Text::NavDashboard) }
                    </Link<Route>>
                    <Link<Route> to={Route::Settings} classes="button">
                        { settings.t(Text::NavSettings) }
                    </Link<Route>>
                    <Link<Route> to={Route::Import} classes="button">
                        { settings.t(Text::EmptyImport) }
                    </Link<Route>>
                </div>
            </section>
        };
    }
    html! {
        <section class="empty-state" data-state="empty">
            <h2>{ settings.t(Text::EmptyTitle) }</h2>
            <p>{ settings.t(Text::EmptyBody) }</p>
            <div class="button-row">
                <Link<Route> to={Route::Import} classes="button primary">
                    { settings.t(Text::EmptyImport) }
                </Link<Route>>
                <Link<Route> to={Route::Login} classes="button">
                    { settings.t(Text::LoginTitle) }
                </Link<Route>>
            </div>
        </section>
    }
}
