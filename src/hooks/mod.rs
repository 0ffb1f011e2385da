//! Hooks that return handles with domain methods rather than raw state.

mod use_data;
mod use_health;
mod use_import;
mod use_kept;
mod use_session;
mod use_settings;

pub use use_data::{browser_limit, use_data, DataHandle, DataProvider, MirrorDataProvider};
pub use use_health::{use_health, HealthHandle, HealthProvider};
pub use use_import::{use_import, ImportHandle, ImportProvider};
pub use use_kept::{use_kept, Kept, KeptHandle, KeptProblem, KeptWorkspace};
pub use use_session::{use_session, MirrorSessionProvider, SessionHandle, SessionProvider};
pub use use_settings::{use_settings, MirrorSettingsProvider, SettingsHandle, SettingsProvider};
