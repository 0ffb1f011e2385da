//! The JWT claims VAPID uses and their validation.

use serde::{Deserialize, Serialize};
use url::Url;

use super::VapidError;

/// Longest time a token may be valid: push services reject an `exp` more than
/// 24 hours ahead (RFC 8292 §2).
pub const MAX_VALIDITY: u64 = 24 * 60 * 60;

/// The claims of a VAPID JWT. Field order matches RFC 8292's example, so the
/// serialised form is `{"aud":…,"exp":…,"sub":…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The push service's origin, e.g. `https://push.example.net`.
    pub aud: String,
    /// Expiry, in seconds since the Unix epoch.
    pub exp: u64,
    /// A contact for the push service's operator: `mailto:` or `https:`.
    /// RFC 8292 only says SHOULD, so a verified token may lack it (empty).
    #[serde(default)]
    pub sub: String,
}

impl Claims {
    /// Claims for a push endpoint: `aud` is the endpoint's origin.
    pub fn for_endpoint(endpoint: &str, exp: u64, sub: &str) -> Result<Self, VapidError> {
        validate_subject(sub)?;
        Ok(Self {
            aud: audience(endpoint)?,
            exp,
            sub: sub.to_owned(),
        })
    }

    /// Checks that `exp` lies in `(now, now + 24 h]`.
    pub fn check_expiry(&self, now: u64) -> Result<(), VapidError> {
        let (exp, now) = (self.exp, now);
        if exp <= now {
            return Err(VapidError::Expired { exp, now });
        }
        if exp - now > MAX_VALIDITY {
            return Err(VapidError::ExpiryTooFar { exp, now });
        }
        Ok(())
    }
}

/// The `aud` for a push endpoint: its origin, `scheme://host[:port]`, with the
/// port only when it is not the scheme's default.
///
/// Plain `http` is accepted so that tests can run a mock push service on the
/// loopback address; real push services are all `https`.
pub fn audience(endpoint: &str) -> Result<String, VapidError> {
    let invalid = || VapidError::InvalidEndpoint(endpoint.to_owned());
    let url = Url::parse(endpoint).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(invalid());
    }
    // The url crate lower-cases the host, punycodes it and drops a default
    // port while parsing, which is exactly the origin's serialisation.
    Ok(url.origin().ascii_serialization())
}

/// Accepts `mailto:` with an address (`local@domain`) or an `https:` URL with
/// a host; these are what push services accept as a contact.
pub fn validate_subject(sub: &str) -> Result<(), VapidError> {
    let ok = if let Some(address) = sub.strip_prefix("mailto:") {
        match address.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !address.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        }
    } else if sub.starts_with("https:") {
        Url::parse(sub).is_ok_and(|u| u.scheme() == "https" && u.host().is_some())
    } else {
        false
    };
    if ok {
        Ok(())
    } else {
        Err(VapidError::InvalidSubject(sub.to_owned()))
    }
}
