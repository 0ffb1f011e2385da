//! Reusable widgets.

pub mod account;
pub mod drop_target;
pub mod empty_state;
pub mod icon;
pub mod layout;
pub mod locale_switch;
pub mod page_header;
pub mod push_opt_in;
pub mod server_status;

pub use account::Account;
pub use drop_target::DropTarget;
pub use empty_state::EmptyState;
pub use layout::Layout;
pub use locale_switch::LocaleSwitch;
pub use page_header::PageHeader;
pub use push_opt_in::PushOptIn;
pub use server_status::ServerStatus;
