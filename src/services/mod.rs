//! The only code that touches the network or browser storage: one module per
//! backend resource, sharing one private request helper.

pub mod auth;
pub mod clock;
pub mod export;
pub mod health;
pub mod push;
mod requests;
pub mod service_worker;
pub mod storage;

pub use requests::ApiError;
