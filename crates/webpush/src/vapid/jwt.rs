//! Signing and verifying the ES256 JWT, and the `Authorization` header.

use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::Signature;
use serde::Deserialize;

use super::{Claims, VapidError, VapidKey, VapidPublicKey};
use crate::b64;

/// base64url of `{"typ":"JWT","alg":"ES256"}`, the header RFC 8292 shows.
const JWT_HEADER: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9";

impl VapidKey {
    /// Signs `claims` into a compact JWT after checking the subject and that
    /// `exp` lies within 24 hours after `now` (seconds since the Unix epoch).
    ///
    /// The signature is the raw 64-byte `r || s` JWS uses, not DER. Signing
    /// is deterministic (RFC 6979), so equal claims give an equal token.
    pub fn sign(&self, claims: &Claims, now: u64) -> Result<String, VapidError> {
        super::validate_subject(&claims.sub)?;
        claims.check_expiry(now)?;
        // Serialising three plain fields cannot fail.
        let payload = serde_json::to_vec(claims).expect("claims serialise");
        let mut token = String::with_capacity(JWT_HEADER.len() + payload.len() * 4 / 3 + 92);
        token.push_str(JWT_HEADER);
        token.push('.');
        token.push_str(&b64::encode(&payload));
        let signature: Signature = self.signing_key().sign(token.as_bytes());
        token.push('.');
        token.push_str(&b64::encode(&signature.to_bytes()));
        Ok(token)
    }

    /// The `Authorization` header value, `vapid t=<jwt>, k=<public key>`.
    pub fn authorization(&self, claims: &Claims, now: u64) -> Result<String, VapidError> {
        let token = self.sign(claims, now)?;
        Ok(format!(
            "vapid t={token}, k={}",
            self.public_key().to_base64()
        ))
    }
}

/// What a push service learns from a valid VAPID header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The sender's public key from `k=`.
    pub key: VapidPublicKey,
    /// The token's claims.
    pub claims: Claims,
}

/// Splits an `Authorization` header value of the `vapid` scheme into its
/// token (`t`) and key (`k`) parameters, in either order.
pub fn parse_authorization(value: &str) -> Result<(&str, &str), VapidError> {
    let value = value.trim_start();
    let (scheme, params) = value
        .split_once(|c: char| c.is_ascii_whitespace())
        .ok_or(VapidError::Malformed("no parameters after the scheme"))?;
    if !scheme.eq_ignore_ascii_case("vapid") {
        return Err(VapidError::Malformed("scheme is not vapid"));
    }
    let (mut token, mut key) = (None, None);
    for param in params.split(',') {
        let (name, raw) = param
            .split_once('=')
            .ok_or(VapidError::Malformed("parameter without '='"))?;
        // auth-param values may be quoted strings (RFC 9110 §11.2).
        let raw = raw.trim();
        let v = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(raw);
        match name.trim().to_ascii_lowercase().as_str() {
            "t" => token = Some(v),
            "k" => key = Some(v),
            _ => {}
        }
    }
    match (token, key) {
        (Some(t), Some(k)) => Ok((t, k)),
        (None, _) => Err(VapidError::Malformed("no t= parameter")),
        (_, None) => Err(VapidError::Malformed("no k= parameter")),
    }
}

/// Verifies a whole `Authorization: vapid …` value the way a push service
/// does: the signature under `k`, `aud` equal to `expected_audience` (the
/// service's own origin), and `exp` within `(now, now + 24 h]`.
pub fn verify(value: &str, expected_audience: &str, now: u64) -> Result<Verified, VapidError> {
    let (token, key) = parse_authorization(value)?;
    let key = VapidPublicKey::from_base64(key)?;
    let claims = verify_jwt(token, &key, expected_audience, now)?;
    Ok(Verified { key, claims })
}

#[derive(Deserialize)]
struct JoseHeader {
    alg: String,
    #[serde(default)]
    typ: Option<String>,
}

/// Verifies a compact JWT under `key` and returns its claims; see [`verify`].
pub fn verify_jwt(
    token: &str,
    key: &VapidPublicKey,
    expected_audience: &str,
    now: u64,
) -> Result<Claims, VapidError> {
    let mut parts = token.split('.');
    let (Some(header_part), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VapidError::Malformed("JWT does not have three parts"));
    };
    let header: JoseHeader = decode_json(header_part, "JWT header")?;
    if header.alg != "ES256" {
        return Err(VapidError::UnsupportedAlgorithm(header.alg));
    }
    if header.typ.is_some_and(|t| !t.eq_ignore_ascii_case("JWT")) {
        return Err(VapidError::Malformed("JWT header typ is not JWT"));
    }
    let signature = b64::decode(signature)
        .and_then(|s| Signature::from_slice(&s).ok())
        .ok_or(VapidError::Malformed("signature is not 64 raw bytes"))?;
    // The signed input is the two encoded parts exactly as received.
    let signed = &token[..header_part.len() + 1 + payload.len()];
    key.verifying_key()
        .verify(signed.as_bytes(), &signature)
        .map_err(|_| VapidError::BadSignature)?;
    let claims: Claims = decode_json(payload, "JWT claims")?;
    if claims.aud != expected_audience {
        return Err(VapidError::AudienceMismatch {
            expected: expected_audience.to_owned(),
            got: claims.aud,
        });
    }
    claims.check_expiry(now)?;
    Ok(claims)
}

fn decode_json<T: for<'de> Deserialize<'de>>(
    part: &str,
    what: &'static str,
) -> Result<T, VapidError> {
    let bytes = b64::decode(part).ok_or(VapidError::Malformed(what))?;
    serde_json::from_slice(&bytes).map_err(|_| VapidError::Malformed(what))
}
