//! Canal's single-page app.
//!
//! `main.rs` only calls [`start`]; everything else lives here so browser tests
//! can mount any part of the app.

/// Mounts the app on the document body.
pub fn start() {}
