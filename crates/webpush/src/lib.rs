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
//!
//! ```
//! use canal_webpush::response::{classify, Outcome};
//! use canal_webpush::vapid::{VapidKey, VapidSigner};
//! use canal_webpush::{PushRequest, Subscription, Urgency};
//! use rand_core::OsRng;
//!
//! # fn main() -> Result<(), canal_webpush::Error> {
//! // Stored once; browsers get `key.public_key().to_base64()` as
//! // `applicationServerKey`.
//! let key = VapidKey::generate(&mut OsRng);
//! let mut signer = VapidSigner::new(key, "mailto:ops@canal.example")?;
//!
//! let subscription = Subscription::from_json(r#"{
//!     "endpoint": "https://push.example.net/wpush/v2/abc",
//!     "keys": {
//!         "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
//!         "auth": "BTBZMqHH6r4Tts7J_aSIgg"
//!     }
//! }"#)?;
//! let now = 1_764_000_000; // the caller's clock, in Unix seconds
//! let request = PushRequest::for_subscription(&subscription, b"hello", &mut signer, now, &mut OsRng)?
//!     .ttl(3600)
//!     .urgency(Urgency::High)
//!     .build();
//! assert_eq!(request.header("content-encoding"), Some("aes128gcm"));
//! assert_eq!(request.body.len(), 86 + 5 + 17);
//!
//! // ... the server POSTs it, then feeds back what came back:
//! assert_eq!(classify(410, None, now, 1), Outcome::Gone);
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod b64;
pub mod ece;
mod error;
mod message;
mod request;
pub mod response;
pub mod vapid;

pub use error::Error;
#[cfg(feature = "ring")]
pub use message::encrypt_ring;
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
