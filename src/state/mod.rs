//! App state: one reducer per area, shared through context providers.
//! Reducers are pure; effects (storage, network) live in hooks and services.

pub mod dashboard;
pub mod data;
pub mod funnel;
pub mod health;
pub mod import;
pub mod session;
pub mod settings;
