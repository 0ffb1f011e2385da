//! Reusing VAPID headers: an ECDSA signature costs more than encrypting a
//! message, and one token serves every message to the same push service.

use super::{audience, validate_subject, Claims, VapidError, VapidKey};

/// Tokens are re-signed when the clock enters a new window of this length.
pub const ROTATION: u64 = 6 * 60 * 60;
/// Minimum remaining validity of a token when it is handed out. With
/// [`ROTATION`] this puts every `exp` between 12 and 18 hours ahead: always
/// valid for hours, and well inside the 24-hour limit even if the push
/// service's clock is behind ours.
pub const VALIDITY: u64 = 12 * 60 * 60;

/// Produces `Authorization` headers, signing once per (audience, window).
///
/// `exp` depends only on the window `now` falls in, and signing is
/// deterministic, so every instance of the server holding the same key sends
/// the same header to a given push service during a window.
#[derive(Debug, Clone)]
pub struct VapidSigner {
    key: VapidKey,
    sub: String,
    // A server talks to a handful of push services (one per browser vendor),
    // so a linear scan beats hashing the audience.
    cache: Vec<Cached>,
}

#[derive(Debug, Clone)]
struct Cached {
    aud: String,
    exp: u64,
    header: String,
}

impl VapidSigner {
    /// A signer for `key` that names `sub` as the contact.
    pub fn new(key: VapidKey, sub: &str) -> Result<Self, VapidError> {
        validate_subject(sub)?;
        Ok(Self {
            key,
            sub: sub.to_owned(),
            cache: Vec::new(),
        })
    }

    /// The key this signer signs with.
    pub fn key(&self) -> &VapidKey {
        &self.key
    }

    /// The `exp` used for tokens signed at `now`.
    pub fn expiry(now: u64) -> u64 {
        (now / ROTATION) * ROTATION + ROTATION + VALIDITY
    }

    /// The `Authorization` header for a push endpoint at `now`, signed afresh
    /// only when none is cached for its origin in the current window.
    pub fn authorization(&mut self, endpoint: &str, now: u64) -> Result<&str, VapidError> {
        let aud = audience(endpoint)?;
        let exp = Self::expiry(now);
        let slot = self.cache.iter().position(|c| c.aud == aud);
        if let Some(i) = slot {
            if self.cache[i].exp == exp {
                return Ok(&self.cache[i].header);
            }
        }
        let claims = Claims {
            aud,
            exp,
            sub: self.sub.clone(),
        };
        let header = self.key.authorization(&claims, now)?;
        let fresh = Cached {
            aud: claims.aud,
            exp,
            header,
        };
        let slot = match slot {
            Some(i) => {
                self.cache[i] = fresh;
                i
            }
            None => {
                self.cache.push(fresh);
                self.cache.len() - 1
            }
        };
        Ok(&self.cache[slot].header)
    }
}
