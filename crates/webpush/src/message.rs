//! RFC 8291 message encryption: ECDH on P-256 between a fresh sender key and
//! the subscription's key, HKDF-SHA256 mixing in the auth secret, then one
//! `aes128gcm` record whose key id is the sender's public key.

use hkdf::Hkdf;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use rand_core::CryptoRngCore;
use sha2::Sha256;

use crate::ece::{self, SALT_LEN, TAG_LEN};
use crate::Error;

/// Record size used for every Web Push message.
pub const RECORD_SIZE: u32 = 4096;
/// Length of an uncompressed P-256 public key.
pub const PUBLIC_KEY_LEN: usize = 65;
/// Length of the subscription's `auth` secret.
pub const AUTH_LEN: usize = 16;
/// Length of the `aes128gcm` header of a Web Push message: salt, record size,
/// key id length and the 65-byte sender key.
pub const HEADER_LEN: usize = SALT_LEN + 4 + 1 + PUBLIC_KEY_LEN;
/// Largest plaintext a push service must accept: its 4096-byte body limit less
/// the header, the tag and the delimiter (RFC 8291 §4).
pub const MAX_PLAINTEXT_LEN: usize = RECORD_SIZE as usize - HEADER_LEN - TAG_LEN - 1;

const KEY_INFO_PREFIX: &[u8] = b"WebPush: info\0";
/// Length of the HKDF info for the IKM: prefix plus two public keys.
pub const KEY_INFO_LEN: usize = KEY_INFO_PREFIX.len() + 2 * PUBLIC_KEY_LEN;

/// The keys of a push subscription (`p256dh` and `auth` in the browser's
/// `PushSubscription.toJSON()`), validated.
#[derive(Clone, PartialEq, Eq)]
pub struct SubscriptionKeys {
    public: PublicKey,
    public_bytes: [u8; PUBLIC_KEY_LEN],
    auth: [u8; AUTH_LEN],
}

impl SubscriptionKeys {
    /// Validates raw key bytes: `p256dh` must be an uncompressed point on
    /// P-256 and `auth` exactly 16 bytes.
    pub fn new(p256dh: &[u8], auth: &[u8]) -> Result<Self, Error> {
        let public_bytes: [u8; PUBLIC_KEY_LEN] =
            p256dh.try_into().map_err(|_| Error::InvalidReceiverKey)?;
        // The length check above admits only the 0x04 uncompressed form;
        // from_sec1_bytes then rejects coordinates that are not on the curve.
        let public =
            PublicKey::from_sec1_bytes(&public_bytes).map_err(|_| Error::InvalidReceiverKey)?;
        let auth = auth
            .try_into()
            .map_err(|_| Error::InvalidAuthSecret(auth.len()))?;
        Ok(Self {
            public,
            public_bytes,
            auth,
        })
    }

    /// Reads the base64url strings a browser hands over.
    pub fn from_base64(p256dh: &str, auth: &str) -> Result<Self, Error> {
        let p256dh = decode_b64(p256dh, "p256dh")?;
        let auth = decode_b64(auth, "auth")?;
        Self::new(&p256dh, &auth)
    }

    /// The receiver's public key in uncompressed form.
    pub fn public_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.public_bytes
    }

    /// The auth secret.
    pub fn auth(&self) -> &[u8; AUTH_LEN] {
        &self.auth
    }
}

impl std::fmt::Debug for SubscriptionKeys {
    /// Shows the public key only: the auth secret is what keeps the push
    /// service from forging messages, so it stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscriptionKeys")
            .field("p256dh", &crate::b64::encode(&self.public_bytes))
            .finish_non_exhaustive()
    }
}

/// Encrypts `plaintext` for a subscription with a fresh sender key and salt
/// drawn from `rng`, in that order: 32 bytes for the key (redrawn in the
/// vanishingly rare case they are not a valid scalar), then 16 for the salt.
pub fn encrypt<R: CryptoRngCore>(
    keys: &SubscriptionKeys,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>, Error> {
    // Checked before drawing keys so an oversize message costs nothing.
    check_len(plaintext)?;
    let sender = random_secret(rng);
    let mut salt = [0u8; SALT_LEN];
    rng.fill_bytes(&mut salt);
    encrypt_with(keys, plaintext, &sender, &salt)
}

/// [`encrypt`] with the sender key pair and the ECDH from `ring`, whose
/// P-256 is about four times faster than RustCrypto's; key derivation and
/// AES-GCM are shared with [`encrypt_with`]. The key pair and salt come from
/// the operating system's generator (`ring` takes no caller RNG).
#[cfg(feature = "ring")]
pub fn encrypt_ring(keys: &SubscriptionKeys, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
    use ring::agreement::{agree_ephemeral, EphemeralPrivateKey, UnparsedPublicKey, ECDH_P256};
    use ring::rand::{SecureRandom, SystemRandom};
    check_len(plaintext)?;
    let rng = SystemRandom::new();
    let unavailable = |_| Error::Rng;
    let sender = EphemeralPrivateKey::generate(&ECDH_P256, &rng).map_err(unavailable)?;
    let sender_public: [u8; PUBLIC_KEY_LEN] = sender
        .compute_public_key()
        .map_err(unavailable)?
        .as_ref()
        .try_into()
        .map_err(|_| Error::InvalidSenderKey)?;
    let mut salt = [0u8; SALT_LEN];
    rng.fill(&mut salt).map_err(unavailable)?;
    let peer = UnparsedPublicKey::new(&ECDH_P256, &keys.public_bytes[..]);
    let secret: [u8; 32] = agree_ephemeral(sender, &peer, |s| {
        let mut out = [0u8; 32];
        out.copy_from_slice(s);
        out
    })
    .map_err(|_| Error::InvalidSenderKey)?;
    let ikm = derive_ikm(&secret, &keys.auth, &keys.public_bytes, &sender_public).ikm;
    Ok(ece::encrypt(
        &ikm,
        &salt,
        &sender_public,
        RECORD_SIZE,
        plaintext,
    )?)
}

/// Draws the sender key as 32 bytes, then the salt: a documented order, so a
/// replayed byte stream reproduces a known message (see the tests).
fn random_secret<R: CryptoRngCore>(rng: &mut R) -> SecretKey {
    let mut bytes = [0u8; 32];
    loop {
        rng.fill_bytes(&mut bytes);
        // Only 0 and values ≥ the group order fail: about 2^-32 per draw.
        if let Ok(key) = SecretKey::from_slice(&bytes) {
            return key;
        }
    }
}

/// Encrypts with a given sender key and salt. Both must be fresh for every
/// message; this exists so that published vectors can be reproduced.
pub fn encrypt_with(
    keys: &SubscriptionKeys,
    plaintext: &[u8],
    sender: &SecretKey,
    salt: &[u8; SALT_LEN],
) -> Result<Vec<u8>, Error> {
    check_len(plaintext)?;
    let sender_public = public_bytes(&sender.public_key());
    let secret = ecdh_secret(sender, &keys.public);
    let ikm = derive_ikm(&secret, &keys.auth, &keys.public_bytes, &sender_public).ikm;
    Ok(ece::encrypt(
        &ikm,
        salt,
        &sender_public,
        RECORD_SIZE,
        plaintext,
    )?)
}

/// Decrypts a Web Push body as the user agent does, with its private key and
/// auth secret; for tests and a mock push service.
pub fn decrypt(receiver: &SecretKey, auth: &[u8], body: &[u8]) -> Result<Vec<u8>, Error> {
    let auth: &[u8; AUTH_LEN] = auth
        .try_into()
        .map_err(|_| Error::InvalidAuthSecret(auth.len()))?;
    let (header, records) = ece::parse_header(body)?;
    let sender_bytes: [u8; PUBLIC_KEY_LEN] = header
        .keyid
        .try_into()
        .map_err(|_| Error::InvalidSenderKey)?;
    let sender = PublicKey::from_sec1_bytes(&sender_bytes).map_err(|_| Error::InvalidSenderKey)?;
    let secret = ecdh_secret(receiver, &sender);
    let receiver_public = public_bytes(&receiver.public_key());
    let ikm = derive_ikm(&secret, auth, &receiver_public, &sender_bytes).ikm;
    Ok(ece::decrypt_records(&ikm, &header, records)?)
}

/// The intermediate and final keys of RFC 8291 §3.4, exposed so that the
/// Appendix A vector can be checked step by step.
pub struct IkmDerivation {
    /// `HKDF-Extract(auth_secret, ecdh_secret)`.
    pub prk_key: [u8; 32],
    /// The input keying material handed to RFC 8188.
    pub ikm: [u8; 32],
}

/// `"WebPush: info\0" || ua_public || as_public`.
pub fn key_info(
    ua_public: &[u8; PUBLIC_KEY_LEN],
    as_public: &[u8; PUBLIC_KEY_LEN],
) -> [u8; KEY_INFO_LEN] {
    let mut info = [0u8; KEY_INFO_LEN];
    let (prefix, keys) = info.split_at_mut(KEY_INFO_PREFIX.len());
    prefix.copy_from_slice(KEY_INFO_PREFIX);
    let (ua, us) = keys.split_at_mut(PUBLIC_KEY_LEN);
    ua.copy_from_slice(ua_public);
    us.copy_from_slice(as_public);
    info
}

/// Mixes the ECDH secret with the auth secret and both public keys.
pub fn derive_ikm(
    ecdh_secret: &[u8; 32],
    auth: &[u8; AUTH_LEN],
    ua_public: &[u8; PUBLIC_KEY_LEN],
    as_public: &[u8; PUBLIC_KEY_LEN],
) -> IkmDerivation {
    let (prk_key, hk) = Hkdf::<Sha256>::extract(Some(auth), ecdh_secret);
    let mut ikm = [0u8; 32];
    hk.expand(&key_info(ua_public, as_public), &mut ikm)
        .expect("32 is a valid HKDF length");
    IkmDerivation {
        prk_key: prk_key.into(),
        ikm,
    }
}

/// The x coordinate of `secret · public`.
pub fn ecdh_secret(secret: &SecretKey, public: &PublicKey) -> [u8; 32] {
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    (*shared.raw_secret_bytes()).into()
}

/// The uncompressed 65-byte encoding of a public key.
pub fn public_bytes(key: &PublicKey) -> [u8; PUBLIC_KEY_LEN] {
    let point = key.to_encoded_point(false);
    let mut out = [0u8; PUBLIC_KEY_LEN];
    // An uncompressed encoding of a non-identity point is always 65 bytes.
    out.copy_from_slice(point.as_bytes());
    out
}

fn check_len(plaintext: &[u8]) -> Result<(), Error> {
    if plaintext.len() > MAX_PLAINTEXT_LEN {
        return Err(Error::PlaintextTooLong {
            len: plaintext.len(),
            max: MAX_PLAINTEXT_LEN,
        });
    }
    Ok(())
}

fn decode_b64(s: &str, field: &'static str) -> Result<Vec<u8>, Error> {
    crate::b64::decode(s).ok_or(Error::Base64(field))
}

#[cfg(all(test, feature = "ring"))]
mod ring_tests {
    use super::*;

    #[test]
    fn ring_bodies_decrypt_with_the_pure_rust_receiver() {
        let receiver = SecretKey::from_slice(&[11u8; 32]).unwrap();
        let keys =
            SubscriptionKeys::new(&public_bytes(&receiver.public_key()), &[12u8; 16]).unwrap();
        for len in [0, 1, 100, MAX_PLAINTEXT_LEN] {
            let plain = vec![b'x'; len];
            let body = encrypt_ring(&keys, &plain).unwrap();
            assert_eq!(
                decrypt(&receiver, &[12u8; 16], &body).unwrap(),
                plain,
                "{len}"
            );
        }
        assert!(matches!(
            encrypt_ring(&keys, &vec![0u8; MAX_PLAINTEXT_LEN + 1]),
            Err(Error::PlaintextTooLong { .. })
        ));
    }
}
