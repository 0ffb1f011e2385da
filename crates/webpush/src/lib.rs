//! The server side of Web Push, **sans-IO**: this crate opens no socket, reads
//! no clock and draws no randomness of its own. It turns a subscription, a
//! payload, a VAPID key, the current time and an RNG handed in by the caller
//! into a [`PushRequest`] described as plain data, and turns the push
//! service's status code and headers back into a decision. Sending the request
//! is the server's job.
//!
//! It implements:
//! - RFC 8188, the `aes128gcm` content encoding ([`ece`]);
//! - RFC 8291, message encryption for Web Push ([`encrypt`], [`decrypt`]);
//! - RFC 8292, VAPID: keys, the ES256 JWT and the `Authorization` header, plus
//!   a verifier for a mock push service ([`vapid`]);
//! - the request of RFC 8030 with its `TTL`, `Urgency` and `Topic` headers
//!   ([`PushRequest`]) and the handling of push service responses
//!   ([`response::classify`]).

mod b64;
pub mod ece;
mod error;
mod message;
mod request;
pub mod response;
pub mod vapid;

pub use error::Error;
pub use message::{
    decrypt, derive_ikm, ecdh_secret, encrypt, encrypt_with, key_info, public_bytes, IkmDerivation,
    SubscriptionKeys, AUTH_LEN, HEADER_LEN, KEY_INFO_LEN, MAX_PLAINTEXT_LEN, PUBLIC_KEY_LEN,
    RECORD_SIZE,
};
/// The P-256 key types used throughout, re-exported so callers need no direct
/// dependency on `p256`.
pub use p256::{PublicKey, SecretKey};
pub use request::{
    PushRequest, PushRequestBuilder, Subscription, Topic, Urgency, DEFAULT_TTL, MAX_TOPIC_LEN,
};
