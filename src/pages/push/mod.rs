//! The Push page: who subscribed, the opt-in to try and embed, composing a
//! send, and what became of each send. Counts come from the server's push
//! endpoints (they live only there); the opt-in rate divides by the contacts
//! of the loaded data set.

mod audience;
mod compose;
mod sends;

use crate::components::{PageHeader, PushOptIn};
use crate::hooks::{use_data, use_session, use_settings};
use crate::i18n::Text;
use crate::route::Route;
use crate::services::{push, ApiError};
use crate::state::session::Session;
use yew::prelude::*;
use yew_router::prelude::*;

/// What the page loaded from the server.
#[derive(Clone, Debug, PartialEq)]
enum Loaded {
    Loading,
    Ready {
        stats: push::SubscriberStats,
        sends: Vec<push::Send>,
    },
    Failed(ApiError),
}

/// The web push screen.
#[component]
pub fn PushPage() -> Html {
    let settings = use_settings();
    let session = use_session();
    let data = use_data();
    let loaded = use_state(|| Loaded::Loading);
    let generation = use_state(|| 0u32);
    let logged_in = matches!(session.session(), Session::User(_));

    {
        let loaded = loaded.clone();
        use_effect_with((*generation, logged_in), move |&(_, logged_in)| {
            let controller = web_sys::AbortController::new().ok();
            if logged_in {
                let signal = controller.as_ref().map(|c| c.signal());
                wasm_bindgen_futures::spawn_local(async move {
                    let stats = push::subscribers(signal.as_ref()).await;
                    let sends = push::sends(signal.as_ref()).await;
                    if signal.as_ref().is_some_and(|s| s.aborted()) {
                        return;
                    }
                    loaded.set(match (stats, sends) {
                        (Ok(stats), Ok(sends)) => Loaded::Ready { stats, sends },
                        (Err(e), _) | (_, Err(e)) => Loaded::Failed(e),
                    });
                });
            }
            move || {
                if let Some(c) = controller {
                    c.abort();
                }
            }
        });
    }
    let reload = {
        let generation = generation.clone();
        Callback::from(move |_: ()| generation.set(generation.wrapping_add(1)))
    };
    // Poll while deliveries are pending, so results fill in by themselves.
    {
        let pending = matches!(&*loaded, Loaded::Ready { sends, .. } if sends.iter().any(|s| s.results.pending > 0));
        let reload = reload.clone();
        use_effect_with((pending, *generation), move |&(pending, _)| {
            let timer = pending
                .then(|| gloo::timers::callback::Timeout::new(2_000, move || reload.emit(())));
            move || drop(timer)
        });
    }

    let contacts = data.dataset().map(|d| d.contacts.len());
    let body = if !logged_in {
        html! {
            <section class="card push-login" data-state="login">
                <p>{ settings.t(Text::PushLoginNeeded) }</p>
                <Link<Route> to={Route::Login} classes="button primary">{ settings.t(Text::LoginTitle) }</Link<Route>>
            </section>
        }
    } else {
        match &*loaded {
            Loaded::Loading => html! {
                <section class="card loading-state" data-state="loading" aria-busy="true"></section>
            },
            Loaded::Failed(e) => html! {
                <section class="card error-state" data-state="error">
                    <p>{ settings.t(Text::PushLoadFailed) }{" "}{ e.to_string() }</p>
                    <button class="button" onclick={reload.reform(|_| ())}>{ settings.t(Text::PushRefresh) }</button>
                </section>
            },
            Loaded::Ready { stats, sends } => html! {
                <>
                    <audience::Audience stats={stats.clone()} sends={sends.clone()} {contacts} />
                    <compose::Compose on_sent={reload.clone()} />
                    <sends::Sends sends={sends.clone()} on_refresh={reload.clone()} />
                </>
            },
        }
    };
    let origin = gloo::utils::window()
        .location()
        .origin()
        .unwrap_or_default();
    let snippet = format!(
        "<script src=\"{origin}{}\" data-topics=\"news,offers\" defer></script>",
        push::SCRIPT_URL
    );
    html! {
        <div class="push-page" data-state={if logged_in { "ready" } else { "login" }}>
            <PageHeader title={Text::NavPush} intro={Text::PushIntro} />
            <div class="push-visitor">
                <section class="card push-try">
                    <div class="card-head">
                        <h2>{ settings.t(Text::PushTryTitle) }</h2>
                        <p class="card-hint">{ settings.t(Text::PushTryHint) }</p>
                    </div>
                    <PushOptIn topics="news,offers,account,loyalty" />
                </section>
                <section class="card push-embed">
                    <div class="card-head"><h2>{ settings.t(Text::PushEmbedTitle) }</h2></div>
                    <p class="card-hint">{ settings.t(Text::PushEmbedHint) }</p>
                    <pre class="push-snippet" data-testid="push-snippet"><code>{ snippet }</code></pre>
                </section>
            </div>
            { body }
        </div>
    }
}
