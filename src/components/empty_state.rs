//! What a page shows when there is nothing to show yet.

use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

/// "No data yet" with the two ways to get data.
#[component]
pub fn EmptyState() -> Html {
    let settings = use_settings();
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
