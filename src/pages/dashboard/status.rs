//! What the dashboard shows while data loads, or when loading failed. Both
//! take the empty state's place and size, so nothing jumps when data lands.

use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::route::Route;
use crate::state::data::LoadProgress;
use canal_core::format;
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`LoadingState`].
#[derive(Properties, PartialEq)]
pub struct LoadingStateProps {
    /// How far the load has got.
    pub progress: LoadProgress,
}

/// A progress bar with the rows read so far.
#[component]
pub fn LoadingState(props: &LoadingStateProps) -> Html {
    let settings = use_settings();
    let p = props.progress;
    html! {
        <section class="empty-state loading-state" data-state="loading" aria-busy="true">
            <h2>{ settings.t(Text::LoadingTitle) }</h2>
            <progress max="1" value={p.fraction().to_string()} aria-label={settings.t(Text::LoadingTitle)}></progress>
            <p role="status">{ format::count(p.rows, settings.locale()) }{ " " }{ settings.t(Text::LoadingRows) }</p>
        </section>
    }
}

/// Props of [`LoadErrorState`].
#[derive(Properties, PartialEq)]
pub struct LoadErrorStateProps {
    /// Why it failed.
    pub reason: AttrValue,
}

/// Why the data is not there, and the other way to get some.
#[component]
pub fn LoadErrorState(props: &LoadErrorStateProps) -> Html {
    let settings = use_settings();
    html! {
        <section class="empty-state error-state" data-state="error" role="alert">
            <h2>{ settings.t(Text::LoadErrorTitle) }</h2>
            <p>{ props.reason.clone() }</p>
            <Link<Route> to={Route::Import} classes="button primary">
                { settings.t(Text::EmptyImport) }
            </Link<Route>>
        </section>
    }
}
