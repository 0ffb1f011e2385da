//! Helpers shared by the integration tests.

#![allow(dead_code)] // each test binary uses a different subset

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Decodes unpadded base64url from a test vector.
pub fn b64(s: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(s).expect("test vector is base64url")
}

/// Encodes bytes as unpadded base64url, to compare against vectors.
pub fn enc(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes a base64url vector into a fixed-size array.
pub fn arr<const N: usize>(s: &str) -> [u8; N] {
    b64(s)
        .try_into()
        .expect("test vector has the expected length")
}

/// A P-256 private key from its base64url scalar.
pub fn secret(s: &str) -> canal_webpush::SecretKey {
    canal_webpush::SecretKey::from_slice(&b64(s)).expect("test vector is a valid scalar")
}
