//! Cross-check against a second implementation of RFC 8291 written here
//! straight from the RFC text on top of `ring`, which shares no code with the
//! RustCrypto crates the library uses. (`ece`, Mozilla's implementation, only
//! has an OpenSSL backend, so it cannot serve here.)

mod common;

use canal_webpush::{decrypt, encrypt, public_bytes, SecretKey, SubscriptionKeys};
use rand_core::OsRng;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM};
use ring::agreement::{self, EphemeralPrivateKey, UnparsedPublicKey, ECDH_P256};
use ring::hkdf::{self, Salt, HKDF_SHA256};
use ring::rand::{SecureRandom, SystemRandom};

struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn hkdf(salt: &[u8], ikm: &[u8], info: &[u8], out: &mut [u8]) {
    Salt::new(HKDF_SHA256, salt)
        .extract(ikm)
        .expand(&[info], Len(out.len()))
        .unwrap()
        .fill(out)
        .unwrap();
}

/// The CEK and nonce of RFC 8291 §3.3–3.4 and RFC 8188 §2.2–2.3.
fn content_keys(
    ecdh: &[u8],
    auth: &[u8],
    ua_public: &[u8],
    as_public: &[u8],
    salt: &[u8],
) -> ([u8; 16], [u8; 12]) {
    let info = [b"WebPush: info\0".as_slice(), ua_public, as_public].concat();
    let mut ikm = [0u8; 32];
    hkdf(auth, ecdh, &info, &mut ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    hkdf(salt, &ikm, b"Content-Encoding: aes128gcm\0", &mut cek);
    hkdf(salt, &ikm, b"Content-Encoding: nonce\0", &mut nonce);
    (cek, nonce)
}

/// The user agent's side, with a key pair only `ring` knows.
fn ring_decrypt(ua_private: EphemeralPrivateKey, auth: &[u8], body: &[u8]) -> Vec<u8> {
    let ua_public = ua_private.compute_public_key().unwrap();
    let (salt, rest) = body.split_at(16);
    assert_eq!(rest[..4], 4096u32.to_be_bytes());
    assert_eq!(rest[4], 65);
    let (as_public, ciphertext) = rest[5..].split_at(65);
    let peer = UnparsedPublicKey::new(&ECDH_P256, as_public);
    let ecdh = agreement::agree_ephemeral(ua_private, &peer, |s| s.to_vec()).unwrap();
    let (cek, nonce) = content_keys(&ecdh, auth, ua_public.as_ref(), as_public, salt);
    let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &cek).unwrap());
    let mut record = ciphertext.to_vec();
    let plain = key
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::empty(),
            &mut record,
        )
        .unwrap();
    assert_eq!(
        plain.last(),
        Some(&2),
        "single record ends with delimiter 2"
    );
    plain[..plain.len() - 1].to_vec()
}

/// The application server's side, with an ephemeral key only `ring` knows.
fn ring_encrypt(ua_public: &[u8], auth: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let rng = SystemRandom::new();
    let as_private = EphemeralPrivateKey::generate(&ECDH_P256, &rng).unwrap();
    let as_public = as_private.compute_public_key().unwrap();
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).unwrap();
    let peer = UnparsedPublicKey::new(&ECDH_P256, ua_public);
    let ecdh = agreement::agree_ephemeral(as_private, &peer, |s| s.to_vec()).unwrap();
    let (cek, nonce) = content_keys(&ecdh, auth, ua_public, as_public.as_ref(), &salt);
    let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &cek).unwrap());
    let mut record = [plaintext, &[2]].concat();
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::empty(),
        &mut record,
    )
    .unwrap();
    [
        &salt,
        &4096u32.to_be_bytes()[..],
        &[65],
        as_public.as_ref(),
        &record,
    ]
    .concat()
}

const MESSAGES: &[&[u8]] = &[
    b"",
    b"x",
    b"When I grow up, I want to be a watermelon",
    &[0xAB; 3993],
];

#[test]
fn ring_decrypts_what_we_encrypt() {
    let rng = SystemRandom::new();
    for &message in MESSAGES {
        let ua_private = EphemeralPrivateKey::generate(&ECDH_P256, &rng).unwrap();
        let ua_public = ua_private.compute_public_key().unwrap();
        let mut auth = [0u8; 16];
        rng.fill(&mut auth).unwrap();
        let keys = SubscriptionKeys::new(ua_public.as_ref(), &auth).unwrap();
        let body = encrypt(&keys, message, &mut OsRng).unwrap();
        assert_eq!(ring_decrypt(ua_private, &auth, &body), message);
    }
}

#[test]
fn we_decrypt_what_ring_encrypts() {
    for &message in MESSAGES {
        let ua = SecretKey::random(&mut OsRng);
        let auth = [0x42u8; 16];
        let body = ring_encrypt(&public_bytes(&ua.public_key()), &auth, message);
        assert_eq!(decrypt(&ua, &auth, &body).unwrap(), message);
    }
}

/// Checks a compact JWT's ES256 signature with `ring`.
fn ring_verifies(token: &str, public_key: &[u8]) -> bool {
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let key = ring::signature::UnparsedPublicKey::new(
        &ring::signature::ECDSA_P256_SHA256_FIXED,
        public_key,
    );
    key.verify(signed.as_bytes(), &common::b64(signature))
        .is_ok()
}

#[test]
fn ring_verifies_our_vapid_tokens() {
    use canal_webpush::vapid::{Claims, VapidKey};
    for sub in ["mailto:push@example.com", "https://canal.example/contact"] {
        let key = VapidKey::generate(&mut OsRng);
        let claims = Claims::for_endpoint("https://push.example.net:8443/p/1", 2_000, sub).unwrap();
        let token = key.sign(&claims, 1_000).unwrap();
        assert!(ring_verifies(&token, key.public_key().as_bytes()));
        let other = VapidKey::generate(&mut OsRng);
        assert!(!ring_verifies(&token, other.public_key().as_bytes()));
    }
}

#[test]
fn ring_agrees_on_the_rfc_8292_example() {
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA";
    let key = common::b64(
        "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs",
    );
    assert!(ring_verifies(token, &key));
}
