//! The data every analysis screen computes from: one [`Dataset`], its
//! contact index, where it came from and whether it is being loaded.
//!
//! The data set can hold millions of rows, so it sits behind `Rc` and the
//! state compares it by pointer: a render never walks the columns to decide
//! whether something changed.

use canal_core::contact_index::ContactIndex;
use canal_core::Dataset;
use std::rc::Rc;
use yew::Reducible;

/// A loaded data set with the index the analyses need, shared by pointer.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The rows, sorted by contact (see `contact_index::sort_by_contact`).
    pub dataset: Rc<Dataset>,
    /// The contact index of `dataset`.
    pub index: Rc<ContactIndex>,
    /// First and last timestamp of any event or order, `None` when empty.
    pub span: Option<(i64, i64)>,
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.dataset, &other.dataset) && Rc::ptr_eq(&self.index, &other.index)
    }
}

impl Loaded {
    /// Wraps a data set already sorted by contact together with its index.
    pub fn new(dataset: Dataset, index: canal_core::contact_index::ContactIndex) -> Self {
        let span = span(&dataset);
        Loaded {
            dataset: Rc::new(dataset),
            index: Rc::new(index),
            span,
        }
    }
}

/// First and last timestamp of any event or order.
pub fn span(ds: &Dataset) -> Option<(i64, i64)> {
    let times = ds.events.ts.iter().chain(&ds.orders.ts).copied();
    times.fold(None, |acc, t| match acc {
        None => Some((t, t)),
        Some((lo, hi)) => Some((lo.min(t), hi.max(t))),
    })
}

/// Where the current data came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DataSource {
    /// Nothing loaded.
    #[default]
    None,
    /// The server's export endpoints.
    Server,
    /// Files dropped into this browser.
    Imported {
        /// File names.
        files: Vec<String>,
    },
}

/// How far a load has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadProgress {
    /// Which step (table) is loading, 0-based.
    pub step: u8,
    /// Out of how many steps.
    pub steps: u8,
    /// Bytes read in this step.
    pub bytes: u64,
    /// Rows read in this step.
    pub rows: u64,
}

impl LoadProgress {
    /// Completed share between 0 and 1, counting whole steps only (the size
    /// of a streamed export is not known in advance).
    pub fn fraction(&self) -> f64 {
        if self.steps == 0 {
            0.0
        } else {
            f64::from(self.step.min(self.steps)) / f64::from(self.steps)
        }
    }
}

/// What the data context is doing.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DataStatus {
    /// Nothing asked.
    #[default]
    Idle,
    /// A load is under way.
    Loading {
        /// How far it has got.
        progress: LoadProgress,
    },
    /// Data is there (or was cleared on purpose).
    Ready,
    /// The last load failed; the previous data, if any, is kept.
    Failed(String),
    /// The server's workspace is larger than this browser is set to load:
    /// nothing was downloaded, the dashboard asks the server for figures.
    ServerOnly {
        /// Events the server holds.
        events: u64,
        /// The browser's limit (see [`BrowserLimit`]).
        limit: u64,
    },
}

/// The largest workspace, in events, the app loads into this browser tab.
/// At about 32 bytes per event row plus the download and the import's
/// working memory, 5 million events is a few hundred MB of tab memory:
/// beyond that the dashboard uses the server's metric endpoints instead.
/// Changed in Settings, kept in localStorage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrowserLimit(pub u64);

impl BrowserLimit {
    /// The default limit.
    pub const DEFAULT: BrowserLimit = BrowserLimit(5_000_000);
    /// The localStorage key.
    pub const KEY: &'static str = "canal.browser_event_limit";

    /// A positive whole number as typed, if it is one.
    pub fn from_text(text: &str) -> Option<BrowserLimit> {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|&n| n > 0)
            .map(BrowserLimit)
    }

    /// Reads a stored value: a positive whole number, else the default.
    pub fn parse(text: Option<&str>) -> BrowserLimit {
        text.and_then(Self::from_text).unwrap_or(Self::DEFAULT)
    }

    /// Whether a workspace of `events` is loaded into the browser.
    pub fn admits(self, events: u64) -> bool {
        events <= self.0
    }
}

/// The app-wide data state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataState {
    /// The current data, if any.
    pub data: Option<Loaded>,
    /// Where it came from.
    pub source: DataSource,
    /// Load status.
    pub status: DataStatus,
    /// Where the load under way reads from ([`DataSource::None`] when no
    /// load is under way or its source is not said): the dashboard shows
    /// the server's own figures while the server's data streams in.
    pub loading_from: DataSource,
}

/// A change to the data state.
#[derive(Clone, Debug, PartialEq)]
pub enum DataAction {
    /// A load from this source started.
    Started(DataSource),
    /// A load started or advanced.
    Progress(LoadProgress),
    /// A load finished.
    Loaded(Loaded, DataSource),
    /// A load failed.
    Failed(String),
    /// The server's workspace is too large to load here.
    ServerOnly {
        /// Events the server holds.
        events: u64,
        /// The browser's limit.
        limit: u64,
    },
    /// Forget the data.
    Clear,
    /// Becomes this state: the second module's copy of the first's
    /// (`crate::lazy`).
    Mirror(DataState),
}

impl Reducible for DataState {
    type Action = DataAction;

    fn reduce(self: Rc<Self>, action: DataAction) -> Rc<Self> {
        let next = match action {
            DataAction::Started(from) => DataState {
                status: DataStatus::Loading {
                    progress: LoadProgress::default(),
                },
                loading_from: from,
                ..(*self).clone()
            },
            DataAction::Progress(progress) => DataState {
                status: DataStatus::Loading { progress },
                ..(*self).clone()
            },
            DataAction::Loaded(data, source) => DataState {
                data: Some(data),
                source,
                status: DataStatus::Ready,
                loading_from: DataSource::None,
            },
            DataAction::Failed(reason) => DataState {
                status: DataStatus::Failed(reason),
                loading_from: DataSource::None,
                ..(*self).clone()
            },
            DataAction::ServerOnly { events, limit } => DataState {
                data: None,
                source: DataSource::Server,
                status: DataStatus::ServerOnly { events, limit },
                loading_from: DataSource::None,
            },
            DataAction::Clear => DataState {
                status: DataStatus::Idle,
                ..DataState::default()
            },
            DataAction::Mirror(state) => state,
        };
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::contact_index::sort_by_contact;
    use canal_core::model::{Channel, EventKind, EventRow};

    fn loaded(times: &[i64]) -> Loaded {
        let mut ds = Dataset::default();
        for &t in times {
            ds.push_event(&EventRow::new("a", t, Channel::Email, EventKind::Sent));
        }
        let idx = sort_by_contact(&mut ds);
        Loaded::new(ds, idx)
    }

    #[test]
    fn span_covers_events_and_orders() {
        let mut ds = Dataset::default();
        assert_eq!(span(&ds), None);
        ds.push_event(&EventRow::new("a", 50, Channel::Sms, EventKind::Sent));
        ds.push_event(&EventRow::new("b", 20, Channel::Sms, EventKind::Sent));
        ds.push_order(None, "a", 90, 1.0);
        assert_eq!(span(&ds), Some((20, 90)));
    }

    #[test]
    fn loaded_compares_by_pointer() {
        let a = loaded(&[1, 2]);
        let b = loaded(&[1, 2]);
        assert_eq!(a, a.clone());
        assert_ne!(a, b, "equal contents, different data sets");
    }

    #[test]
    fn a_load_says_where_it_reads_from_until_it_ends() {
        let s = Rc::new(DataState::default()).reduce(DataAction::Started(DataSource::Server));
        assert_eq!(s.loading_from, DataSource::Server);
        assert!(matches!(s.status, DataStatus::Loading { .. }));
        let p = LoadProgress {
            step: 1,
            steps: 4,
            ..LoadProgress::default()
        };
        let s = s.reduce(DataAction::Progress(p));
        assert_eq!(s.loading_from, DataSource::Server, "progress keeps it");
        let done = s
            .clone()
            .reduce(DataAction::Loaded(loaded(&[1]), DataSource::Server));
        assert_eq!(done.loading_from, DataSource::None);
        let failed = s.reduce(DataAction::Failed("offline".into()));
        assert_eq!(failed.loading_from, DataSource::None);
    }

    #[test]
    fn browser_limit_reads_whole_positive_numbers_only() {
        assert_eq!(BrowserLimit::parse(None), BrowserLimit::DEFAULT);
        assert_eq!(BrowserLimit::parse(Some(" 200000 ")), BrowserLimit(200_000));
        for bad in ["", "0", "-5", "1e6", "lots"] {
            assert_eq!(
                BrowserLimit::parse(Some(bad)),
                BrowserLimit::DEFAULT,
                "{bad:?}"
            );
        }
        assert!(BrowserLimit(10).admits(10));
        assert!(!BrowserLimit(10).admits(11));
    }

    #[test]
    fn a_workspace_too_large_drops_the_data_and_says_so() {
        let s = Rc::new(DataState::default())
            .reduce(DataAction::Loaded(
                loaded(&[1]),
                DataSource::Imported { files: vec![] },
            ))
            .reduce(DataAction::Started(DataSource::Server))
            .reduce(DataAction::ServerOnly {
                events: 9_000_000,
                limit: 5_000_000,
            });
        assert_eq!(s.data, None);
        assert_eq!(s.source, DataSource::Server);
        assert_eq!(s.loading_from, DataSource::None);
        assert_eq!(
            s.status,
            DataStatus::ServerOnly {
                events: 9_000_000,
                limit: 5_000_000
            }
        );
    }

    #[test]
    fn load_cycle() {
        let s = Rc::new(DataState::default());
        let p = LoadProgress {
            step: 1,
            steps: 3,
            bytes: 10,
            rows: 2,
        };
        let s = s.reduce(DataAction::Progress(p));
        assert_eq!(s.status, DataStatus::Loading { progress: p });
        assert!((p.fraction() - 1.0 / 3.0).abs() < 1e-12);
        let data = loaded(&[5, 9]);
        let s = s.reduce(DataAction::Loaded(data.clone(), DataSource::Server));
        assert_eq!(s.status, DataStatus::Ready);
        assert_eq!(s.data.as_ref().and_then(|d| d.span), Some((5, 9)));
        let failed = s.clone().reduce(DataAction::Failed("boom".into()));
        assert_eq!(failed.status, DataStatus::Failed("boom".into()));
        assert_eq!(failed.data, Some(data), "a failed reload keeps the data");
        let same = failed.clone().reduce(DataAction::Failed("boom".into()));
        assert!(Rc::ptr_eq(&failed, &same));
        let cleared = same.reduce(DataAction::Clear);
        assert_eq!(*cleared, DataState::default());
    }
}
