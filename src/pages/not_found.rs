//! The page for addresses the app does not know.

use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

/// "Page not found" with a way back.
#[component]
pub fn NotFoundPage() -> Html {
    let settings = use_settings();
    html! {
        <section class="empty-state">
            <h1>{ settings.t(Text::NotFoundTitle) }</h1>
            <p>{ settings.t(Text::NotFoundBody) }</p>
            <Link<Route> to={Route::Dashboard} classes="button primary">
                { settings.t(Text::BackToDashboard) }
            </Link<Route>>
        </section>
    }
}
