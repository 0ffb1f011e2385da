//! RFC 8292 VAPID: the application server identifies itself to push services
//! with an ES256-signed JWT and its public key, sent as
//! `Authorization: vapid t=<jwt>, k=<key>`.

mod claims;
mod jwt;
mod keys;
mod signer;

pub use claims::{audience, validate_subject, Claims, MAX_VALIDITY};
pub use jwt::{parse_authorization, verify, verify_jwt, Verified};
pub use keys::{VapidKey, VapidPublicKey};
pub use signer::{VapidSigner, ROTATION, VALIDITY};

/// Why a VAPID key, claim set or token was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VapidError {
    /// The private key is not base64url of a valid 32-byte P-256 scalar.
    #[error("VAPID private key is not a valid P-256 scalar")]
    InvalidPrivateKey,
    /// The public key is not base64url of a 65-byte uncompressed P-256 point.
    #[error("VAPID public key is not an uncompressed P-256 point")]
    InvalidPublicKey,
    /// The push endpoint is not an absolute http(s) URL with a host.
    #[error("push endpoint {0:?} is not an http(s) URL with a host")]
    InvalidEndpoint(String),
    /// The subject is neither a `mailto:` address nor an `https:` URL.
    #[error("VAPID subject {0:?} is neither a mailto: address nor an https: URL")]
    InvalidSubject(String),
    /// The token has expired, or would be expired when sent.
    #[error("expiry {exp} is not after now ({now})")]
    Expired {
        /// The `exp` claim.
        exp: u64,
        /// The time it was checked against.
        now: u64,
    },
    /// The expiry is more than 24 hours ahead, which push services reject.
    #[error("expiry {exp} is more than 24 hours after now ({now})")]
    ExpiryTooFar {
        /// The `exp` claim.
        exp: u64,
        /// The time it was checked against.
        now: u64,
    },
    /// The `aud` claim is not the origin the verifier expected.
    #[error("audience {got:?} does not match {expected:?}")]
    AudienceMismatch {
        /// The origin the verifier serves.
        expected: String,
        /// The `aud` claim found in the token.
        got: String,
    },
    /// The header or token is not well formed; the text says which part.
    #[error("malformed VAPID token: {0}")]
    Malformed(&'static str),
    /// The JWT header names an algorithm other than ES256.
    #[error("unsupported JWT algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// The signature does not verify under the given public key.
    #[error("VAPID signature does not verify")]
    BadSignature,
}
