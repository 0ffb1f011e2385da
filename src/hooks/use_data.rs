//! The data context: the one data set every analysis screen reads.

use crate::state::data::{DataAction, DataSource, DataState, DataStatus, LoadProgress, Loaded};
use canal_core::contact_index::sort_by_contact;
use canal_core::Dataset;
use yew::prelude::*;

/// A cheap handle on the app's data; clones share the same state.
#[derive(Clone, Debug, PartialEq)]
pub struct DataHandle {
    inner: UseReducerHandle<DataState>,
}

impl DataHandle {
    /// The loaded data set and its index, if any.
    pub fn data(&self) -> Option<&Loaded> {
        self.inner.data.as_ref()
    }

    /// The loaded data set, if any.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.inner.data.as_ref().map(|d| &*d.dataset)
    }

    /// Where the data came from.
    pub fn source(&self) -> &DataSource {
        &self.inner.source
    }

    /// Whether a load is running, failed, or done.
    pub fn status(&self) -> &DataStatus {
        &self.inner.status
    }

    /// Replaces the data. Sorts the rows by contact once, here, so every
    /// analysis afterwards walks them front to back.
    pub fn set_dataset(&self, mut dataset: Dataset, source: DataSource) {
        let index = sort_by_contact(&mut dataset);
        self.inner
            .dispatch(DataAction::Loaded(Loaded::new(dataset, index), source));
    }

    /// Reports how far a load has got.
    pub fn progress(&self, progress: LoadProgress) {
        self.inner.dispatch(DataAction::Progress(progress));
    }

    /// Reports a failed load, keeping any earlier data.
    pub fn fail(&self, reason: String) {
        self.inner.dispatch(DataAction::Failed(reason));
    }

    /// Forgets the data.
    pub fn clear(&self) {
        self.inner.dispatch(DataAction::Clear);
    }
}

/// Props of [`DataProvider`].
#[derive(Properties, PartialEq)]
pub struct DataProviderProps {
    /// The app.
    pub children: Children,
}

/// Provides [`DataHandle`] to everything inside it.
#[component]
pub fn DataProvider(props: &DataProviderProps) -> Html {
    let inner = use_reducer(DataState::default);
    html! {
        <ContextProvider<DataHandle> context={DataHandle { inner }}>
            { props.children.clone() }
        </ContextProvider<DataHandle>>
    }
}

/// The app's data; panics outside a [`DataProvider`], which is a bug.
#[hook]
pub fn use_data() -> DataHandle {
    use_context::<DataHandle>().expect("use_data outside DataProvider")
}
