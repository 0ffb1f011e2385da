//! Signed contact tokens: how a visitor's subscription gets linked to a
//! contact without trusting the browser.
//!
//! The public subscribe endpoint cannot take a contact key from the browser:
//! anyone could claim any contact and receive (or, by opting out, suppress)
//! their messages. Visitors have no Canal login either (sessions are for
//! marketers), so the site's own backend, which knows who is logged in on
//! the site, asks `POST /api/push/contact-tokens` (with an API token) for a
//! short-lived token and puts it in the page (`data-contact-token`). The
//! token is `base64url(contact) . expiry . base64url(HMAC-SHA-256)`, keyed by
//! a secret derived from the installation's VAPID private key, so there is
//! no new secret to store or rotate.

use crate::db::Db;
use crate::AppError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Default validity of a token, in seconds.
pub const DEFAULT_VALIDITY: i64 = 30 * 86_400;
/// Longest validity a caller may ask for.
pub const MAX_VALIDITY: i64 = 365 * 86_400;

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not three parts of the expected alphabet.
    #[error("is not a contact token")]
    Malformed,
    /// The signature does not match: forged or from another installation.
    #[error("has an invalid signature")]
    Signature,
    /// Past its expiry.
    #[error("has expired; ask the site for a new one")]
    Expired,
}

/// The HMAC key of this installation.
pub async fn key(db: &Db) -> Result<[u8; 32], AppError> {
    let vapid = super::vapid::load_or_create(db).await?;
    Ok(derive_key(&vapid.to_base64()))
}

/// The token key for a VAPID private key; a separate hash domain so the
/// token key reveals nothing about the signing key.
pub fn derive_key(vapid_private: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"canal push contact token v1\0");
    h.update(vapid_private.as_bytes());
    h.finalize().into()
}

fn mac(key: &[u8; 32], signed: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length; 32 bytes cannot fail.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(signed.as_bytes());
    m
}

/// A token naming `contact` until `expires` (seconds since the epoch).
pub fn mint(key: &[u8; 32], contact: &str, expires: i64) -> String {
    let signed = format!("{}.{expires}", URL_SAFE_NO_PAD.encode(contact));
    let tag = mac(key, &signed).finalize().into_bytes();
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
}

/// The contact a token names, if it is genuine and not expired at `now`.
pub fn verify(key: &[u8; 32], token: &str, now: i64) -> Result<String, TokenError> {
    let mut parts = token.split('.');
    let (Some(contact), Some(expires), Some(tag), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let expires: i64 = expires.parse().map_err(|_| TokenError::Malformed)?;
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| TokenError::Malformed)?;
    let signed = token.rsplit_once('.').map_or("", |(signed, _)| signed);
    // Constant-time comparison.
    mac(key, signed)
        .verify_slice(&tag)
        .map_err(|_| TokenError::Signature)?;
    if expires <= now {
        return Err(TokenError::Expired);
    }
    let contact = URL_SAFE_NO_PAD
        .decode(contact)
        .map_err(|_| TokenError::Malformed)?;
    String::from_utf8(contact).map_err(|_| TokenError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [3; 32];

    fn check(token: &str, now: i64, expected: Result<&str, TokenError>) {
        assert_eq!(
            verify(&KEY, token, now).as_deref().map_err(|e| *e),
            expected,
            "{token}"
        );
    }

    #[test]
    fn tokens_verify_only_as_minted_and_before_expiry() {
        let t = mint(&KEY, "c42", 1_000);
        // "c42" in base64url is "YzQy".
        assert!(t.starts_with("YzQy.1000."), "{t}");
        check(&t, 999, Ok("c42"));
        check(&t, 1_000, Err(TokenError::Expired));
        check(&t.replace("YzQy", "YzQz"), 999, Err(TokenError::Signature));
        check(
            &t.replace(".1000.", ".9999."),
            999,
            Err(TokenError::Signature),
        );
        check(
            &mint(&[4; 32], "c42", 1_000),
            999,
            Err(TokenError::Signature),
        );
        check("YzQy.1000", 999, Err(TokenError::Malformed));
        check("YzQy.soon.AAAA", 999, Err(TokenError::Malformed));
        check("YzQy.1000.!!", 999, Err(TokenError::Malformed));
        check(&format!("{t}.x"), 999, Err(TokenError::Malformed));
        // Keys with dots survive the round trip.
        check(&mint(&KEY, "a.b@x.y", 5), 4, Ok("a.b@x.y"));
    }

    #[test]
    fn the_key_depends_on_the_vapid_key() {
        assert_ne!(derive_key("a"), derive_key("b"));
        assert_eq!(derive_key("a"), derive_key("a"));
    }
}
