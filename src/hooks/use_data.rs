//! The data context: the one data set every analysis screen reads.

use crate::services::{self, export, server_load, ApiError};
use crate::state::data::{
    BrowserLimit, DataAction, DataSource, DataState, DataStatus, LoadProgress, Loaded,
};
use crate::worker::protocol::ServerJob;
use canal_core::contact_index::sort_by_contact;
use canal_core::import::TableKind;
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

    /// Where the load under way reads from, when it says.
    pub fn loading_from(&self) -> &DataSource {
        &self.inner.loading_from
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

    /// Loads the server's contacts, events, orders and campaigns (the
    /// session cookie must be set), showing progress, then replaces the
    /// data. A failure keeps the earlier data and says why.
    pub fn load_from_server(&self) {
        self.inner.dispatch(DataAction::Started(DataSource::Server));
        let handle = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // A workspace larger than this browser is set to hold stays on
            // the server: the dashboard asks the metric endpoints instead.
            let limit = browser_limit();
            match server_event_count().await {
                Ok(events) if !limit.admits(events) => {
                    handle.inner.dispatch(DataAction::ServerOnly {
                        events,
                        limit: limit.0,
                    });
                    return;
                }
                Ok(_) => {}
                // The exports will say what is wrong, if anything is.
                Err(err) => gloo::console::warn!(format!("event count: {err}")),
            }
            let job = ServerJob {
                tables: export::TABLES
                    .iter()
                    .map(|&(kind, path)| (kind, path.to_owned()))
                    .collect(),
                campaigns_and_consent: true,
                workspace_country: true,
            };
            match handle.load_in_worker(&job).await {
                Ok(ds) => handle.set_dataset(ds, DataSource::Server),
                Err(err) => handle.fail(err),
            }
        });
    }
}

/// The browser's workspace limit from Settings (localStorage).
pub fn browser_limit() -> BrowserLimit {
    let stored = gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(BrowserLimit::KEY).ok().flatten());
    BrowserLimit::parse(stored.as_deref())
}

/// How many events the server holds (the total of a one-row page).
async fn server_event_count() -> Result<u64, ApiError> {
    let q = services::events::EventQuery {
        paging: services::wire::Paging {
            limit: Some(1),
            cursor: None,
        },
        ..Default::default()
    };
    let page = services::events::list(&q, None).await?;
    Ok(u64::try_from(page.total).unwrap_or(0))
}

/// The `bench_data` query parameter: a same-origin folder (`/bench/`)
/// holding `contacts.csv`, `events.csv` and `orders.csv`, loaded instead of
/// the server's data. Only the benchmark uses it (BENCHMARKS.md): the files
/// go through the very importer and screens the exports do.
pub fn bench_data_prefix(search: &str) -> Option<String> {
    let value = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("bench_data="))?;
    // A path on this origin only, never another site.
    (value.starts_with('/') && !value.starts_with("//") && !value.contains(".."))
        .then(|| value.to_owned())
}

impl DataHandle {
    /// Loads the CSV files under `prefix` (see [`bench_data_prefix`]).
    pub fn load_from_folder(&self, prefix: String) {
        let handle = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let tables = [
                (TableKind::Contacts, "contacts.csv"),
                (TableKind::Events, "events.csv"),
                (TableKind::Orders, "orders.csv"),
                (TableKind::Campaigns, "campaigns.csv"),
            ];
            let job = ServerJob {
                tables: tables
                    .iter()
                    .map(|&(kind, file)| (kind, format!("{prefix}{file}")))
                    .collect(),
                campaigns_and_consent: false,
                workspace_country: false,
            };
            match handle.load_in_worker(&job).await {
                Ok(ds) => handle.set_dataset(
                    ds,
                    DataSource::Imported {
                        files: vec![prefix],
                    },
                ),
                Err(err) => handle.fail(err),
            }
        });
    }
}

impl DataHandle {
    /// Runs `job` in a worker (`services::server_load`), showing its
    /// progress a table at a time; the extra JSON step counts as one more.
    async fn load_in_worker(&self, job: &ServerJob) -> Result<Dataset, String> {
        let steps = job.tables.len() as u8 + u8::from(job.campaigns_and_consent);
        let handle = self.clone();
        server_load::load(job, move |p| {
            handle.progress(LoadProgress {
                step: p.file as u8,
                steps,
                bytes: p.bytes,
                rows: p.rows,
            })
        })
        .await
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
    {
        let handle = DataHandle {
            inner: inner.clone(),
        };
        use_effect_with((), move |_| {
            let search = gloo::utils::window()
                .location()
                .search()
                .unwrap_or_default();
            if let Some(prefix) = bench_data_prefix(&search) {
                handle.load_from_folder(prefix);
            }
        });
    }
    html! {
        <ContextProvider<DataHandle> context={DataHandle { inner }}>
            { props.children.clone() }
        </ContextProvider<DataHandle>>
    }
}

/// Props of [`MirrorDataProvider`].
#[derive(Properties, PartialEq)]
pub struct MirrorDataProviderProps {
    /// The state to provide.
    pub state: DataState,
    /// The pages.
    pub children: Children,
}

/// Provides a [`DataHandle`] on a copy of another module's data state
/// (`crate::lazy::guest`): it follows `state` and loads nothing itself.
#[component]
pub fn MirrorDataProvider(props: &MirrorDataProviderProps) -> Html {
    let inner = use_reducer(|| props.state.clone());
    {
        let dispatcher = inner.dispatcher();
        use_effect_with(props.state.clone(), move |state| {
            dispatcher.dispatch(DataAction::Mirror(state.clone()));
        });
    }
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

#[cfg(test)]
mod tests {
    use super::bench_data_prefix;

    #[test]
    fn bench_data_stays_on_this_origin() {
        let check = |search: &str, expected: Option<&str>| {
            assert_eq!(bench_data_prefix(search).as_deref(), expected, "{search}");
        };
        check("?bench_data=/bench/", Some("/bench/"));
        check("?x=1&bench_data=/b/", Some("/b/"));
        check("", None);
        check("?bench_data=//evil.example/", None);
        check("?bench_data=https://evil.example/", None);
        check("?bench_data=/../etc/", None);
    }
}
