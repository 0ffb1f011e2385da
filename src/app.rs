//! The root component: providers, router, layout.

use crate::components::Layout;
use crate::hooks::{use_data, KeptWorkspace};
use crate::hooks::{
    DataProvider, HealthProvider, ImportProvider, SessionProvider, SettingsProvider,
};
use crate::lazy::bridge::RouteBridge;
use crate::pages::{host_switch, switch};
use crate::route::Route;
use crate::state::data::DataStatus;
use yew::prelude::*;
use yew_router::prelude::*;

/// The whole app, as the first of its two modules runs it (`crate::lazy`).
#[component]
pub fn App() -> Html {
    html! {
        <Providers>
            <BrowserRouter>
                <RouteBridge />
                <HostPages />
            </BrowserRouter>
        </Providers>
    }
}

/// The layout with the routed page, the second module's pages loaded on
/// demand; once the first data is shown, that module loads while the
/// browser is idle.
#[component]
fn HostPages() -> Html {
    let ready = *use_data().status() == DataStatus::Ready;
    use_effect_with(ready, |&ready| {
        if ready {
            crate::lazy::host::prefetch();
        }
    });
    html! {
        <Layout>
            <Switch<Route> render={host_switch} />
        </Layout>
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

/// The layout with every page of one module (the browser tests' app);
/// inside a router.
#[component]
pub fn Pages() -> Html {
    html! {
        <Layout>
            <KeptWorkspace />
            <Switch<Route> render={switch} />
        </Layout>
    }
}
