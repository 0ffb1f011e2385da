//! A workbench setting the marketer edits and finds again after a reload
//! (the scoring model, the pressure settings), kept per workspace by
//! `services::workbench`.

use super::use_data::use_data;
use crate::services::workbench::{self, Workspace};
use crate::services::ApiError;
use canal_core::pressure::PressureConfig;
use canal_core::scoring::ScoringModel;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A setting with a default and a store.
#[allow(async_fn_in_trait)]
pub trait Kept: Clone + PartialEq + 'static {
    /// The value before any edit, and after "Reset to defaults".
    fn default_value() -> Self;
    /// The kept value, without waiting.
    fn cached(ws: Workspace) -> Option<Self>;
    /// The kept value from its store; `Err` carries what could be had
    /// without the store (this browser's copy, if any) and why the store
    /// could not be read.
    async fn load(ws: Workspace) -> Result<Option<Self>, (Option<Self>, ApiError)>;
    /// Keeps a value.
    async fn save(ws: Workspace, value: &Self) -> Result<(), ApiError>;
    /// Forgets the kept value.
    async fn reset(ws: Workspace) -> Result<(), ApiError>;
}

impl Kept for ScoringModel {
    fn default_value() -> Self {
        crate::pages::scoring::model::starting_model()
    }
    fn cached(ws: Workspace) -> Option<Self> {
        workbench::cached_scoring(ws)
    }
    async fn load(ws: Workspace) -> Result<Option<Self>, (Option<Self>, ApiError)> {
        workbench::load_scoring(ws).await
    }
    async fn save(ws: Workspace, value: &Self) -> Result<(), ApiError> {
        workbench::save_scoring(ws, value).await
    }
    async fn reset(ws: Workspace) -> Result<(), ApiError> {
        workbench::reset_scoring(ws).await
    }
}

impl Kept for PressureConfig {
    fn default_value() -> Self {
        PressureConfig::default()
    }
    fn cached(ws: Workspace) -> Option<Self> {
        workbench::cached_pressure(ws)
    }
    async fn load(ws: Workspace) -> Result<Option<Self>, (Option<Self>, ApiError)> {
        workbench::load_pressure(ws).await
    }
    async fn save(ws: Workspace, value: &Self) -> Result<(), ApiError> {
        workbench::save_pressure(ws, value).await
    }
    async fn reset(ws: Workspace) -> Result<(), ApiError> {
        workbench::reset_pressure(ws).await
    }
}

/// Saves one at a time; an edit made while a save runs is saved after it
/// (only the latest), so the server sees the edits in order.
struct Saver<T> {
    running: bool,
    next: Option<(Workspace, Option<T>)>,
}

/// Why the value shown may not be the one kept: said beside the setting,
/// since the marketer would otherwise believe it in force.
#[derive(Clone, Debug, PartialEq)]
pub enum KeptProblem {
    /// The store could not be read (the server's copy no longer validates,
    /// or no answer): this browser's copy or the defaults are shown.
    Read(ApiError),
    /// The last change could not be kept there.
    Keep(ApiError),
}

fn queue<T: Kept>(
    saver: Rc<RefCell<Saver<T>>>,
    problem: UseStateHandle<Option<KeptProblem>>,
    ws: Workspace,
    value: Option<T>,
) {
    {
        let mut s = saver.borrow_mut();
        s.next = Some((ws, value));
        if s.running {
            return;
        }
        s.running = true;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let job = saver.borrow_mut().next.take();
            let Some((ws, value)) = job else {
                saver.borrow_mut().running = false;
                return;
            };
            let result = match &value {
                Some(v) => T::save(ws, v).await,
                None => T::reset(ws).await,
            };
            // Only the outcome of the latest edit is said: an older
            // failure is replaced by the newer save's answer.
            let latest = saver.borrow().next.is_none();
            match result {
                Err(err) => {
                    gloo::console::warn!(format!("cannot keep the setting: {err}"));
                    if latest {
                        problem.set(Some(KeptProblem::Keep(err)));
                    }
                }
                Ok(()) if latest => problem.set(None),
                Ok(()) => {}
            }
        }
    });
}

/// The setting of the workspace shown, with its edit and reset.
#[derive(Clone)]
pub struct KeptHandle<T: Kept> {
    state: UseStateHandle<(Workspace, Option<T>)>,
    /// What this render shows, compared by value, so a handle passed down
    /// as a prop re-renders its holder when any of it changes.
    shown: Shown<T>,
    edits: Rc<RefCell<u32>>,
    saver: Rc<RefCell<Saver<T>>>,
    problem: UseStateHandle<Option<KeptProblem>>,
}

/// What a [`KeptHandle`] shows in one render.
#[derive(Clone, PartialEq)]
struct Shown<T> {
    workspace: Workspace,
    /// The value in force: the kept one, else the default.
    value: Rc<T>,
    /// Whether nothing was kept (the defaults apply).
    is_default: bool,
    problem: Option<KeptProblem>,
}

impl<T: Kept> PartialEq for KeptHandle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.shown == other.shown
    }
}

impl<T: Kept> std::ops::Deref for KeptHandle<T> {
    type Target = T;

    /// The value in force: the kept one, else the default.
    fn deref(&self) -> &T {
        &self.shown.value
    }
}

impl<T: Kept> KeptHandle<T> {
    /// Whether nothing was kept (the defaults apply).
    pub fn is_default(&self) -> bool {
        self.shown.is_default
    }

    /// Why the value shown may not be the kept one, if it may not.
    pub fn problem(&self) -> Option<KeptProblem> {
        self.shown.problem.clone()
    }

    /// Uses and keeps `value`.
    pub fn set(&self, value: T) {
        *self.edits.borrow_mut() += 1;
        let ws = self.state.0;
        self.state.set((ws, Some(value.clone())));
        queue(self.saver.clone(), self.problem.clone(), ws, Some(value));
    }

    /// Back to the defaults, and forgets the kept value.
    pub fn reset(&self) {
        *self.edits.borrow_mut() += 1;
        let ws = self.state.0;
        self.state.set((ws, None));
        queue(self.saver.clone(), self.problem.clone(), ws, None);
    }
}

/// The kept `T` of the workspace shown: the cached value at once, then the
/// store's (unless the user edited meanwhile).
#[hook]
pub fn use_kept<T: Kept>() -> KeptHandle<T> {
    let data = use_data();
    let ws = Workspace::of(data.source());
    let state = use_state(|| (ws, T::cached(ws)));
    let edits = use_mut_ref(|| 0u32);
    let saver = use_mut_ref(|| Saver {
        running: false,
        next: None,
    });
    let problem = use_state(|| None::<KeptProblem>);
    {
        let (state, edits, problem) = (state.clone(), edits.clone(), problem.clone());
        use_effect_with(ws, move |&ws| {
            if state.0 != ws {
                state.set((ws, T::cached(ws)));
                problem.set(None);
            }
            let before = *edits.borrow();
            wasm_bindgen_futures::spawn_local(async move {
                let (loaded, failed) = match T::load(ws).await {
                    Ok(kept) => (kept, None),
                    Err((copy, why)) => (copy, Some(KeptProblem::Read(why))),
                };
                if *edits.borrow() == before {
                    state.set((ws, loaded));
                    problem.set(failed);
                }
            });
        });
    }
    let shown = Shown {
        workspace: state.0,
        value: Rc::new(state.1.clone().unwrap_or_else(T::default_value)),
        is_default: state.1.is_none(),
        problem: (*problem).clone(),
    };
    KeptHandle {
        state,
        shown,
        edits,
        saver,
        problem,
    }
}

/// Follows the data context's workspace for code that has no context at
/// hand (the contact page's scores read `workbench::current`); logged in,
/// the server's scoring model refreshes the browser's copy. Rendered beside
/// the pages that read kept settings, in whichever module holds them.
#[component]
pub fn KeptWorkspace() -> Html {
    let data = use_data();
    use_effect_with(Workspace::of(data.source()), |&ws| {
        workbench::set_current(ws);
        if ws == Workspace::Server {
            wasm_bindgen_futures::spawn_local(async {
                if let Err((_, why)) = workbench::load_scoring(Workspace::Server).await {
                    gloo::console::warn!(format!("scoring rules: {why}"));
                }
            });
        }
    });
    html! {}
}
