//! Canal's analytics engine.
//!
//! This crate is **pure**: it never touches a browser, an async runtime, a
//! network, a clock or a random number generator. Time ("now", "as of") and
//! seeds are always inputs. The very same code therefore computes channel KPIs,
//! segments and scores inside the WebAssembly app and inside the `canal`
//! server, and a number shown in the browser can be checked against the
//! server's answer bit for bit.
//!
//! The crate must never depend on `wasm-bindgen`, `web-sys`, `js-sys`, `yew`,
//! `gloo`, `tokio`, `axum` or `hyper`; CI checks this with `cargo tree`.
//!
//! Layout:
//! - [`model`]: the columnar data set (dictionary-coded strings, dense `u32`
//!   contact ids, `u8` enums, `i64` timestamps).
//! - [`import`]: streaming CSV import (encodings, gzip, delimiters, dates,
//!   decimal commas, column mapping) with per-row errors.
//! - Channel analytics (SPEC §3): [`kpi`], [`reactivation`], [`funnel`],
//!   [`sessions`], [`support`], [`ageband`], over the per-contact view of
//!   [`contact_index`]; [`rate`] holds `Rate`, `Period` and `Bucket`;
//!   [`recompute`] gives the dashboard's figures in one walk.
//! - Audience (SPEC §4–§8): [`rfm`], [`tiers`], [`responsiveness`],
//!   [`rules`] (custom segments), [`scoring`], [`consent`], [`pressure`],
//!   [`identity`], [`people`] (contact ids made people), [`timeline`];
//!   helpers [`bitset`], [`by_contact`], [`fx`].
//! - [`codec`]: the data set as one byte image (worker transfer, storage);
//!   [`merge`] adds one data set to another (files imported one by one).
//! - Output: [`format`](mod@format) formats numbers, rates and dates per
//!   locale for the app and the CLI; [`csv_out`] writes CSV fields.

pub mod ageband;
pub mod bitset;
pub mod by_contact;
pub mod codec;
pub mod consent;
pub mod contact_index;
pub mod csv_out;
pub mod format;
pub mod funnel;
pub mod fx;
pub mod identity;
pub mod import;
pub mod kpi;
pub mod merge;
pub mod model;
pub mod people;
pub mod pressure;
pub mod rate;
pub mod reactivation;
pub mod recompute;
pub mod responsiveness;
pub mod rfm;
pub mod rules;
pub mod scoring;
pub mod sessions;
pub mod support;
pub mod tiers;
pub mod timeline;

#[cfg(test)]
mod analytics_testkit;
#[cfg(not(target_arch = "wasm32"))]
mod par;

pub use model::{Channel, Dataset, Dict, Direction, EventKind, Scope};
