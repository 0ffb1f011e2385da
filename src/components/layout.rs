//! The frame around every page: navigation, server status, language.

use super::icon::NavIcon;
use super::{Account, DropTarget, LocaleSwitch, ServerStatus};
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`Layout`].
#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    /// The page.
    pub children: Children,
}

const SECTIONS: [(Text, &[Route]); 3] = [
    (
        Text::NavSectionAnalyse,
        &[
            Route::Dashboard,
            Route::Channels,
            Route::Funnels,
            Route::Support,
        ],
    ),
    (
        Text::NavSectionAudience,
        &[
            Route::Contacts,
            Route::Segments,
            Route::Scoring,
            Route::Pressure,
            Route::Push,
        ],
    ),
    (Text::NavSectionData, &[Route::Import, Route::Settings]),
];

/// Sidebar navigation and top bar around the current page.
#[component]
pub fn Layout(props: &LayoutProps) -> Html {
    let settings = use_settings();
    let current = use_route::<Route>().map(|r| r.nav_parent());
    let sections = SECTIONS.iter().map(|(title, routes)| {
        let links = routes.iter().map(|route| {
            let active = current.as_ref() == Some(route);
            html! {
                <li>
                    <Link<Route>
                        to={route.clone()}
                        classes={classes!("nav-link", active.then_some("active"))}
                    >
                        <NavIcon route={route.clone()} />
                        <span data-route={route.slug()} aria-current={active.then_some("page")}>
                            { settings.t(route.label()) }
                        </span>
                    </Link<Route>>
                </li>
            }
        });
        html! {
            <div class="nav-section">
                <h2 class="nav-heading">{ settings.t(*title) }</h2>
                <ul>{ for links }</ul>
            </div>
        }
    });
    html! {
        <div class="shell">
            <a class="skip-link" href="#main">{ settings.t(Text::SkipToContent) }</a>
            <nav class="sidebar" aria-label="Canal">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">{"C"}</span>
                    <span class="brand-text">
                        <strong>{"Canal"}</strong>
                        <small>{ settings.t(Text::AppTagline) }</small>
                    </span>
                </div>
                { for sections }
            </nav>
            <div class="main-column">
                <header class="topbar">
                    <ServerStatus />
                    <LocaleSwitch />
                    <Account />
                </header>
                <main id="main" class="content" tabindex="-1">
                    { props.children.clone() }
                </main>
            </div>
            <DropTarget />
        </div>
    }
}
