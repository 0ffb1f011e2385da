//! End-to-end tests: the release build served by `canal serve`, driven in
//! headless Chromium through chromedriver.
//!
//! `./test` builds the app (Trunk) and the server first and runs these with
//! `cargo test --features e2e --test e2e`. `CANAL_BIN` and `CANAL_DIST` point
//! at other builds; `CHROMEDRIVER` and `CHROMIUM` at other browsers.
//! Screenshots land in `target/e2e-screens/`.

mod channels;
mod contacts;
mod country;
mod dashboard;
mod harness;
mod import;
mod import_bench;
mod import_split;
mod modules;
mod push;
mod segments;
mod shell;
