//! The only code that touches the network or browser storage: one module per
//! backend resource, sharing one private request helper.

pub mod auth;
pub mod campaigns;
pub mod clock;
pub mod consent;
pub mod contacts;
pub mod definitions;
pub mod download;
pub mod events;
pub mod export;
pub mod health;
pub mod identity;
pub mod import;
pub mod metrics;
pub mod orders;
pub mod push;
mod requests;
pub mod saved;
pub mod saved_segments;
pub mod server_load;
pub mod service_worker;
pub mod storage;
pub mod uplot;
pub mod wire;
pub mod workbench;

pub use requests::ApiError;
