//! The root component: providers, router, layout.

use crate::components::Layout;
use crate::hooks::{
    DataProvider, HealthProvider, ImportProvider, SessionProvider, SettingsProvider,
};
use crate::pages::switch;
use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

/// The whole app.
#[component]
pub fn App() -> Html {
    html! {
        <Providers>
            <BrowserRouter>
                <Pages />
            </BrowserRouter>
        </Providers>
    }
}

/// Props of [`Providers`].
#[derive(Properties, PartialEq)]
pub struct ProvidersProps {
    /// Whether to poll the server's health and ask for the session; off
    /// where there is no server (browser tests).
    #[prop_or(true)]
    pub live: bool,
    /// The router and pages (and, in tests, whatever seeds the data).
    pub children: Children,
}

/// Every context the pages read, in the order they depend on each other
/// (the session loads data, the layout's drop target needs the import).
/// The app and the browser tests mount the same stack.
#[component]
pub fn Providers(props: &ProvidersProps) -> Html {
    html! {
        <SettingsProvider>
            <HealthProvider poll={props.live}>
                <DataProvider>
                    <ImportProvider>
                        <SessionProvider check={props.live}>
                            { props.children.clone() }
                        </SessionProvider>
                    </ImportProvider>
                </DataProvider>
            </HealthProvider>
        </SettingsProvider>
    }
}

/// The layout with the routed page in it; inside a router.
#[component]
pub fn Pages() -> Html {
    html! {
        <Layout>
            <Switch<Route> render={switch} />
        </Layout>
    }
}
