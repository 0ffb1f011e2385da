//! The second module's side: a Yew app of its own, mounted once on an
//! element the first module moves into whichever page shows it, rendering
//! the pages of [`crate::pages::guest_switch`] from a read-only copy of the
//! first module's state.

use super::bridge::{HostState, RouteBridge};
use crate::hooks::{
    KeptWorkspace, MirrorDataProvider, MirrorSessionProvider, MirrorSettingsProvider,
};
use crate::route::Route;
use crate::services::import::decode_image;
use crate::state::data::{DataState, Loaded};
use canal_core::contact_index::sort_by_contact;
use js_sys::Uint8Array;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;
use yew::AppHandle;
use yew_router::prelude::*;

/// Props of [`GuestRoot`]: the first module's state and this module's copy
/// of its data.
#[derive(Properties, Clone, Default, PartialEq)]
pub struct GuestProps {
    /// Language, session and data status.
    pub state: Rc<HostState>,
    /// The data, decoded from the last image received.
    pub data: Option<Loaded>,
}

/// The second module's app: the contexts the pages read, filled from
/// [`GuestProps`], and a router of its own.
#[component]
pub fn GuestRoot(props: &GuestProps) -> Html {
    let state = &props.state;
    let data = DataState {
        data: props.data.clone(),
        source: state.source.clone(),
        status: state.status.clone(),
        loading_from: state.loading_from.clone(),
    };
    html! {
        <MirrorSettingsProvider locale={state.locale}>
            <MirrorDataProvider state={data}>
                <MirrorSessionProvider session={state.session.clone()}>
                    <BrowserRouter>
                        <RouteBridge />
                        <KeptWorkspace />
                        <Switch<Route> render={crate::pages::guest_switch} />
                    </BrowserRouter>
                </MirrorSessionProvider>
            </MirrorDataProvider>
        </MirrorSettingsProvider>
    }
}

thread_local! {
    static APP: RefCell<Option<(AppHandle<GuestRoot>, GuestProps)>> = const { RefCell::new(None) };
}

/// Event subtree ids this module skips before mounting its app.
///
/// Yew hands every app (and portal) a subtree id, counting from 1 in each
/// Wasm module, and stamps it on the app's root element and on each event
/// it routes. The first module's app, rendered on `<body>`, has id 1 and
/// sees every event first (it listens in the capture phase); were this
/// module's app 1 too, the first module would take this module's events for
/// its own and run its own handlers for them. Mounting after this many ids
/// keeps the two apart for as long as the first module mounts fewer apps
/// and portals than this (it mounts one app and no portal).
const SKIPPED_SUBTREE_IDS: usize = 64;

#[component]
fn Nothing() -> Html {
    html! {}
}

/// Starts the app on `root`; a second call does nothing (the first module
/// mounts once and moves the element between pages).
pub fn mount(root: web_sys::Element) {
    APP.with_borrow_mut(|app| {
        if app.is_none() {
            for _ in 0..SKIPPED_SUBTREE_IDS {
                if let Ok(spare) = gloo::utils::document().create_element("div") {
                    yew::Renderer::<Nothing>::with_root(spare)
                        .render()
                        .destroy();
                }
            }
            let props = GuestProps::default();
            let handle =
                yew::Renderer::<GuestRoot>::with_root_and_props(root, props.clone()).render();
            *app = Some((handle, props));
        }
    });
}

/// Takes the first module's state (`state`, [`HostState`] as JSON) and,
/// when its data changed, the data's image (`None` keeps the data this
/// module has; an empty image means there is none).
pub fn update(state: &str, image: Option<Uint8Array>) -> Result<(), String> {
    let state: HostState =
        serde_json::from_str(state).map_err(|e| format!("state from the app: {e}"))?;
    let data = match image {
        None => None,
        Some(image) if image.length() == 0 => Some(None),
        Some(image) => {
            let mut ds = decode_image(&image)?;
            let index = sort_by_contact(&mut ds);
            Some(Some(Loaded::new(ds, index)))
        }
    };
    APP.with_borrow_mut(|app| {
        let Some((handle, props)) = app.as_mut() else {
            return Err("the pages module is not mounted".to_owned());
        };
        let next = GuestProps {
            state: Rc::new(state),
            data: data.unwrap_or_else(|| props.data.clone()),
        };
        if next != *props {
            *props = next.clone();
            handle.update(next);
        }
        Ok(())
    })
}
