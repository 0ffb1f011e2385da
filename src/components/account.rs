//! The account corner of the top bar: log in, or who is logged in.

use crate::hooks::{use_session, use_settings};
use crate::i18n::Text;
use crate::route::Route;
use crate::state::session::Session;
use yew::prelude::*;
use yew_router::prelude::*;

/// A "Log in" link, or the user's e-mail linking to the account page.
#[component]
pub fn Account() -> Html {
    let settings = use_settings();
    let session = use_session();
    match session.session() {
        Session::User(user) => html! {
            <Link<Route> to={Route::Login} classes="account" >
                <span class="visually-hidden">{ settings.t(Text::LoggedInAs) }{ " " }</span>
                { user.email.clone() }
            </Link<Route>>
        },
        Session::Anonymous => html! {
            <Link<Route> to={Route::Login} classes="account button">{ settings.t(Text::LoginTitle) }</Link<Route>>
        },
        Session::Unknown => html! { <span class="account" /> },
    }
}
