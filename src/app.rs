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
        <SettingsProvider>
            <HealthProvider>
                <DataProvider>
                    <ImportProvider>
                        <SessionProvider>
                            <BrowserRouter>
                                <Layout>
                                    <Switch<Route> render={switch} />
                                </Layout>
                            </BrowserRouter>
                        </SessionProvider>
                    </ImportProvider>
                </DataProvider>
            </HealthProvider>
        </SettingsProvider>
    }
}
