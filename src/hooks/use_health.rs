//! The server-health context: polls `/api/health` while the app is open.

use crate::services;
use crate::state::health::{Health, HealthAction};
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use yew::prelude::*;

/// How often the server is asked, in milliseconds.
const POLL_MS: u32 = 4_000;

/// A cheap handle on the server's health.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthHandle {
    state: UseReducerHandle<Health>,
    check: Callback<()>,
}

impl HealthHandle {
    /// The server's state as last seen.
    pub fn health(&self) -> &Health {
        &self.state
    }

    /// Asks again now.
    pub fn refresh(&self) {
        self.check.emit(());
    }
}

/// Props of [`HealthProvider`].
#[derive(Properties, PartialEq)]
pub struct HealthProviderProps {
    /// The app.
    pub children: Children,
    /// Whether to ask the server at all (browser tests mount without one).
    #[prop_or(true)]
    pub poll: bool,
}

/// Provides [`HealthHandle`] and keeps it fresh: on mount, every few seconds,
/// and as soon as the browser comes back online.
#[component]
pub fn HealthProvider(props: &HealthProviderProps) -> Html {
    let state = use_reducer(Health::default);
    let check = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(), ()| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let action = match services::health::get(None).await {
                    Ok(report) => HealthAction::Report(report),
                    Err(err) => HealthAction::Failed(err),
                };
                dispatcher.dispatch(action);
            });
        })
    };
    {
        let check = check.clone();
        use_effect_with(props.poll, move |&poll| {
            let guards = poll.then(|| start_polling(check));
            move || drop(guards)
        });
    }
    html! {
        <ContextProvider<HealthHandle> context={HealthHandle { state, check }}>
            { props.children.clone() }
        </ContextProvider<HealthHandle>>
    }
}

/// Checks now, then on a timer and whenever the browser comes back online;
/// dropping the result stops both.
fn start_polling(check: Callback<()>) -> (Interval, EventListener) {
    check.emit(());
    let tick = check.clone();
    let interval = Interval::new(POLL_MS, move || tick.emit(()));
    let online = EventListener::new(&gloo::utils::window(), "online", move |_| check.emit(()));
    (interval, online)
}

/// The server's health; panics outside a [`HealthProvider`], which is a bug.
#[hook]
pub fn use_health() -> HealthHandle {
    use_context::<HealthHandle>().expect("use_health outside HealthProvider")
}
