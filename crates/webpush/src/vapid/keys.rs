//! VAPID key pairs and their base64url forms.

use std::fmt;

use p256::ecdsa::{SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;

use super::VapidError;
use crate::b64;
use crate::message::{public_bytes, PUBLIC_KEY_LEN};

/// The application server's VAPID signing key, with its public key cached in
/// the 65-byte form every request carries.
#[derive(Clone)]
pub struct VapidKey {
    signing: SigningKey,
    public: VapidPublicKey,
}

impl VapidKey {
    /// Generates a fresh key pair from `rng`.
    pub fn generate<R: CryptoRngCore>(rng: &mut R) -> Self {
        Self::from_signing(SigningKey::random(rng))
    }

    /// Reads a private key from its 32 raw bytes.
    pub fn from_bytes(private: &[u8]) -> Result<Self, VapidError> {
        // from_slice would left-pad shorter inputs; the stored form is always
        // exactly 32 bytes, so anything else is a corrupted key.
        if private.len() != 32 {
            return Err(VapidError::InvalidPrivateKey);
        }
        let signing = SigningKey::from_slice(private).map_err(|_| VapidError::InvalidPrivateKey)?;
        Ok(Self::from_signing(signing))
    }

    /// Reads a private key stored as base64url of its 32 raw bytes.
    pub fn from_base64(private: &str) -> Result<Self, VapidError> {
        let bytes = b64::decode(private.trim()).ok_or(VapidError::InvalidPrivateKey)?;
        Self::from_bytes(&bytes)
    }

    /// The private key as unpadded base64url of its 32 raw bytes.
    pub fn to_base64(&self) -> String {
        b64::encode(&self.signing.to_bytes())
    }

    /// The public half, as browsers want it for `applicationServerKey`.
    pub fn public_key(&self) -> &VapidPublicKey {
        &self.public
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.signing
    }

    fn from_signing(signing: SigningKey) -> Self {
        let public = VapidPublicKey::from_verifying(*signing.verifying_key());
        Self { signing, public }
    }
}

impl fmt::Debug for VapidKey {
    /// Shows only the public key: private keys must not reach logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VapidKey")
            .field("public", &self.public.to_base64())
            .finish_non_exhaustive()
    }
}

/// A VAPID public key: a P-256 point, kept with its uncompressed encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VapidPublicKey {
    verifying: VerifyingKey,
    bytes: [u8; PUBLIC_KEY_LEN],
}

impl VapidPublicKey {
    /// Reads the 65-byte uncompressed encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VapidError> {
        let bytes: [u8; PUBLIC_KEY_LEN] =
            bytes.try_into().map_err(|_| VapidError::InvalidPublicKey)?;
        let verifying =
            VerifyingKey::from_sec1_bytes(&bytes).map_err(|_| VapidError::InvalidPublicKey)?;
        Ok(Self { verifying, bytes })
    }

    /// Reads the base64url form used in `k=` and `applicationServerKey`.
    pub fn from_base64(s: &str) -> Result<Self, VapidError> {
        let bytes = b64::decode(s.trim()).ok_or(VapidError::InvalidPublicKey)?;
        Self::from_bytes(&bytes)
    }

    /// The 65-byte uncompressed encoding.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.bytes
    }

    /// Unpadded base64url of the uncompressed encoding.
    pub fn to_base64(&self) -> String {
        b64::encode(&self.bytes)
    }

    pub(crate) fn verifying_key(&self) -> &VerifyingKey {
        &self.verifying
    }

    fn from_verifying(verifying: VerifyingKey) -> Self {
        let bytes = public_bytes(&verifying.into());
        Self { verifying, bytes }
    }
}
