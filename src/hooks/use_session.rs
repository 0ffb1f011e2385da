//! The session context: who is logged in, logging in and out, and loading
//! the server's data once someone is.

use super::use_data;
use crate::services::{auth, ApiError};
use crate::state::data::DataSource;
use crate::state::session::{Session, SessionAction};
use yew::prelude::*;

/// A cheap handle on the session.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionHandle {
    state: UseReducerHandle<Session>,
}

impl SessionHandle {
    /// The session as last seen.
    pub fn session(&self) -> &Session {
        &self.state
    }

    /// Logs in; on success the session is known.
    pub async fn login(&self, email: &str, password: &str) -> Result<(), ApiError> {
        let user = auth::login(email, password).await?;
        self.state.dispatch(SessionAction::Known(Some(user)));
        Ok(())
    }

    /// Logs out, whatever the server answers: the user asked to leave.
    pub fn logout(&self) {
        let state = self.state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(err) = auth::logout().await {
                gloo::console::warn!(format!("logout: {err}"));
            }
            state.dispatch(SessionAction::Known(None));
        });
    }
}

/// Props of [`SessionProvider`].
#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    /// The app.
    pub children: Children,
    /// Whether to ask the server who is logged in (browser tests have no
    /// server).
    #[prop_or(true)]
    pub check: bool,
}

/// Provides [`SessionHandle`]; on mount asks the server who is logged in
/// and, if someone is and no data is loaded yet, loads the server's data.
/// Sits inside `DataProvider`.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let state = use_reducer(Session::default);
    let data = use_data();
    {
        let dispatcher = state.dispatcher();
        let data = data.clone();
        use_effect_with(props.check, move |&check| {
            if check {
                wasm_bindgen_futures::spawn_local(async move {
                    match auth::me().await {
                        Ok(user) => {
                            let logged_in = user.is_some();
                            dispatcher.dispatch(SessionAction::Known(user));
                            if logged_in && *data.source() == DataSource::None {
                                data.load_from_server();
                            }
                        }
                        // No server: the app still works on imported files.
                        Err(err) => gloo::console::info!(format!("session check: {err}")),
                    }
                });
            }
        });
    }
    html! {
        <ContextProvider<SessionHandle> context={SessionHandle { state }}>
            { props.children.clone() }
        </ContextProvider<SessionHandle>>
    }
}

/// Props of [`MirrorSessionProvider`].
#[derive(Properties, PartialEq)]
pub struct MirrorSessionProviderProps {
    /// The session to provide.
    pub session: Session,
    /// The pages.
    pub children: Children,
}

/// Provides a [`SessionHandle`] that follows another module's session
/// (`crate::lazy::guest`) and asks the server nothing itself.
#[component]
pub fn MirrorSessionProvider(props: &MirrorSessionProviderProps) -> Html {
    let state = use_reducer(|| props.session.clone());
    {
        let dispatcher = state.dispatcher();
        use_effect_with(props.session.clone(), move |session| match session {
            Session::Unknown => {}
            Session::Anonymous => dispatcher.dispatch(SessionAction::Known(None)),
            Session::User(user) => dispatcher.dispatch(SessionAction::Known(Some(user.clone()))),
        });
    }
    html! {
        <ContextProvider<SessionHandle> context={SessionHandle { state }}>
            { props.children.clone() }
        </ContextProvider<SessionHandle>>
    }
}

/// The session; panics outside a [`SessionProvider`], which is a bug.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("use_session outside SessionProvider")
}
