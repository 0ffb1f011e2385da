//! The only code that touches the network or browser storage: one module per
//! backend resource, sharing one private request helper.

pub mod auth;
pub mod clock;
pub mod download;
pub mod export;
pub mod health;
mod requests;
pub mod saved_segments;
pub mod service_worker;
pub mod storage;

pub use requests::ApiError;
