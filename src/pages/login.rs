//! Log in, then load the server's data into the app.

use crate::components::PageHeader;
use crate::hooks::{use_data, use_session, use_settings};
use crate::i18n::Text;
use crate::route::Route;
use crate::services::ApiError;
use crate::state::session::Session;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// Why a login failed, in the user's words.
fn failure(err: &ApiError) -> (Text, Option<String>) {
    match err {
        ApiError::Status { status: 401, .. } => (Text::LoginWrong, None),
        ApiError::Status { status: 429, .. } => (Text::LoginTooMany, None),
        other => (Text::LoginUnavailable, Some(other.to_string())),
    }
}

/// The login form; once logged in, who you are and what to do next.
#[component]
pub fn LoginPage() -> Html {
    let settings = use_settings();
    let session = use_session();
    let data = use_data();
    let navigator = use_navigator();
    let email = use_node_ref();
    let password = use_node_ref();
    let busy = use_state(|| false);
    let error = use_state(|| None::<(Text, Option<String>)>);

    let onsubmit = {
        let (email, password) = (email.clone(), password.clone());
        let (busy, error) = (busy.clone(), error.clone());
        let (session, data) = (session.clone(), data.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let (em, pw) = (value(&email), value(&password));
            let (busy, error) = (busy.clone(), error.clone());
            let (session, data, navigator) = (session.clone(), data.clone(), navigator.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match session.login(em.trim(), &pw).await {
                    Ok(()) => {
                        error.set(None);
                        data.load_from_server();
                        if let Some(nav) = navigator {
                            nav.push(&Route::Dashboard);
                        }
                    }
                    Err(err) => error.set(Some(failure(&err))),
                }
                busy.set(false);
            });
        })
    };

    let body = match session.session() {
        Session::User(user) => {
            let reload = {
                let data = data.clone();
                Callback::from(move |_| data.load_from_server())
            };
            let logout = {
                let (session, data) = (session.clone(), data.clone());
                Callback::from(move |_| {
                    session.logout();
                    data.clear();
                })
            };
            html! {
                <section class="card login-card" data-session="user">
                    <p>{ settings.t(Text::LoggedInAs) }{ " " }<strong>{ user.email.clone() }</strong></p>
                    <div class="button-row">
                        <Link<Route> to={Route::Dashboard} classes="button primary">{ settings.t(Text::GoToDashboard) }</Link<Route>>
                        <button type="button" class="button" onclick={reload}>{ settings.t(Text::ReloadData) }</button>
                        <button type="button" class="button" onclick={logout}>{ settings.t(Text::Logout) }</button>
                    </div>
                </section>
            }
        }
        _ => {
            let message = (*error).as_ref().map(|(text, detail)| {
                html! {
                    <p class="form-error" role="alert" data-testid="login-error">
                        { settings.t(*text) }
                        { for detail.as_ref().map(|d| html! { <>{ " " }{ d.clone() }</> }) }
                    </p>
                }
            });
            html! {
                <form class="card login-card" {onsubmit} data-session="anonymous">
                    <label class="field">
                        <span>{ settings.t(Text::EmailLabel) }</span>
                        <input ref={email} name="email" type="email" autocomplete="username" required=true />
                    </label>
                    <label class="field">
                        <span>{ settings.t(Text::PasswordLabel) }</span>
                        <input ref={password} name="password" type="password" autocomplete="current-password" required=true />
                    </label>
                    { for message }
                    <button type="submit" class="button primary" disabled={*busy}>
                        { settings.t(if *busy { Text::LoggingIn } else { Text::LoginSubmit }) }
                    </button>
                </form>
            }
        }
    };
    html! {
        <>
            <PageHeader title={Text::LoginTitle} intro={Text::LoginIntro} />
            { body }
        </>
    }
}
