//! Web push (SPEC §10): the installation's VAPID key, visitors'
//! subscriptions, marketers' send jobs and the background sender.
//!
//! Encryption, VAPID signing and the reading of push service answers live in
//! the sans-IO `canal-webpush` crate; this module adds the database and the
//! network. The HTTP handlers are in `routes/push.rs`.
//!
//! # Delivery guarantee: at most once
//!
//! A push service may accept a message and the answer may never reach us
//! (crash, timeout). Resending then could show the notification twice, and
//! Web Push has no idempotency key (`Topic` only replaces a message still
//! queued, not one already shown). Canal prefers losing a message to showing
//! it twice: a delivery is marked `sending` with an attempt token before the
//! request and settled after it. A `sending` row older than
//! [`sender::Config::stale_after`] is settled as `unknown`, never resent. Only
//! failures known to happen before the request left (connection refused, an
//! unresolvable host) go back to `pending`.

pub mod contact_token;
pub mod pressure;
pub mod sender;
pub mod sends;
pub mod subscriptions;
pub mod transport;
pub mod vapid;

use crate::AppState;

/// The VAPID contact used when `CANAL_VAPID_SUBJECT` is not set. Push
/// services may contact it about misbehaving senders, so set a real one.
pub const DEFAULT_SUBJECT: &str = "mailto:push@localhost";

/// Makes sure the VAPID key exists and starts the sender in the background,
/// which first settles deliveries a previous process left in flight.
pub async fn start(state: &AppState) -> Result<(), crate::AppError> {
    let db = state.db()?.clone();
    let key = vapid::load_or_create(&db).await?;
    let subject =
        std::env::var("CANAL_VAPID_SUBJECT").unwrap_or_else(|_| DEFAULT_SUBJECT.to_owned());
    let sender = sender::Sender::new(
        db,
        key,
        &subject,
        transport::Http::new(sender::Config::default().request_timeout)?,
        sender::Config::default(),
    )?
    .with_cache(state.data.clone());
    tokio::spawn(sender.run());
    Ok(())
}
