//! The CSV worker: a second Wasm module running in a Web Worker, so parsing
//! a large file never blocks the page.
//!
//! The page posts a [`protocol::Job`] with the `File` objects; the worker
//! reads each file as a byte stream into one reused buffer
//! ([`read::ByteStream`]; no whole-file string),
//! pushes every slice through the core's streaming importer into one
//! `Dataset`, reports progress, and answers with the reports and the data
//! set's byte image in a transferred buffer. Cancelling is terminating the
//! worker: nothing it did is visible to the page until `Done`. A large
//! event file is read by two workers at once ([`protocol::Part`]).

pub mod protocol;

#[cfg(target_arch = "wasm32")]
mod parts;
#[cfg(target_arch = "wasm32")]
pub mod read;
#[cfg(target_arch = "wasm32")]
mod run;
#[cfg(target_arch = "wasm32")]
mod server;
#[cfg(target_arch = "wasm32")]
mod stage;

#[cfg(target_arch = "wasm32")]
pub use run::run;
