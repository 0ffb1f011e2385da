//! Canal's single-page app.
//!
//! `main.rs` only calls [`start`]; everything else lives here so browser tests
//! can mount any part of the app. Code that touches the network or browser
//! storage lives in [`services`]; reducers in [`state`] are pure and tested
//! natively.

pub mod app;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod lazy;
pub mod numbers;
pub mod pages;
pub mod route;
pub mod services;
pub mod state;
pub mod worker;

pub use app::App;

/// Mounts the app on the document body.
pub fn start() {
    services::service_worker::register();
    yew::Renderer::<App>::new().render();
}
