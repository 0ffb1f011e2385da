//! The error type for message encryption and key handling.

use crate::ece::EceError;
use crate::vapid::VapidError;

/// Why a push message could not be encrypted, decrypted or turned into a
/// request, or a key not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A field that should be base64url is not.
    #[error("{0} is not valid base64url")]
    Base64(&'static str),
    /// The receiver's `p256dh` key is not a 65-byte uncompressed point on P-256.
    #[error("receiver public key is not an uncompressed P-256 point")]
    InvalidReceiverKey,
    /// The subscription's `auth` secret is not 16 bytes.
    #[error("auth secret must be 16 bytes, got {0}")]
    InvalidAuthSecret(usize),
    /// The plaintext does not fit the single 4096-byte record Web Push allows.
    #[error("plaintext of {len} bytes exceeds the Web Push limit of {max}")]
    PlaintextTooLong {
        /// Length of the rejected plaintext.
        len: usize,
        /// The limit, [`crate::MAX_PLAINTEXT_LEN`].
        max: usize,
    },
    /// The body's key id is not a sender public key.
    #[error("key id is not a 65-byte P-256 sender public key")]
    InvalidSenderKey,
    /// The push endpoint is not an http(s) URL with a host.
    #[error("push endpoint {0:?} is not an http(s) URL with a host")]
    InvalidEndpoint(String),
    /// A topic is empty, longer than 32 characters or not base64url.
    #[error("topic {0:?} is not 1 to 32 base64url characters")]
    InvalidTopic(String),
    /// Subscription JSON lacks `endpoint`, `keys.p256dh` or `keys.auth`.
    #[error("subscription JSON lacks endpoint, keys.p256dh or keys.auth")]
    MalformedSubscription,
    /// Signing the VAPID token failed.
    #[error(transparent)]
    Vapid(#[from] VapidError),
    /// The content encoding layer failed (malformed header, bad tag, ...).
    #[error(transparent)]
    Ece(#[from] EceError),
    /// The operating system's random generator failed (`ring` backend).
    #[error("the system random generator failed")]
    Rng,
}
