//! The app in two Wasm modules.
//!
//! The budget for the app's `.wasm` (issue 5) is 400 KB brotli, and one
//! module holding every page is ~650 KB. So the first module (`canal-app`,
//! [`crate::start`]) holds the shell, the dashboard, login, import and
//! settings: what a marketer sees first and what loads the data. Every other
//! page lives in a second module (`canal-pages`, `src/bin/canal-pages.rs`)
//! that [`host`] loads when such a page is first opened, or once the browser
//! is idle after the first data arrived.
//!
//! Each module has its own memory, its own Yew renderer and its own router.
//! The first module stays the owner of every piece of state (language,
//! session, data): [`host::LazyPage`] hands the second one a copy whenever
//! something changes, the data as a [`canal_core::codec`] image, and the
//! second one only reads it ([`guest`]). The two routers follow one URL
//! through [`bridge::RouteBridge`].

pub mod bridge;
pub mod guest;
pub mod host;
