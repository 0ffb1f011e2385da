//! Custom segment definitions saved in this browser (localStorage), as the
//! core's JSON rule form so they can be sent to the server unchanged.

use canal_core::rules::SavedSegment;
use gloo::storage::{LocalStorage, Storage};

const KEY: &str = "canal.segments";

/// The saved segments; none when storage is empty, disabled or holds
/// something unreadable (an older format), which is not worth an error.
pub fn load() -> Vec<SavedSegment> {
    LocalStorage::get(KEY).unwrap_or_default()
}

/// Replaces the saved segments. Storage can be full or disabled; the list
/// then lasts for this page only.
pub fn store(segments: &[SavedSegment]) {
    if let Err(err) = LocalStorage::set(KEY, segments) {
        gloo::console::warn!(format!("cannot save the segments: {err}"));
    }
}
