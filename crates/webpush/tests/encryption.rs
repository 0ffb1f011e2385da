//! RFC 8291 encryption: limits, rejected keys, tampering and round trips.

mod common;

use canal_webpush::ece::EceError;
use canal_webpush::{decrypt, encrypt, encrypt_with, Error, SecretKey, SubscriptionKeys};
use common::{b64, enc, secret};
use proptest::prelude::*;
use rand_core::OsRng;

const UA_PUBLIC: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

fn keys() -> SubscriptionKeys {
    SubscriptionKeys::from_base64(UA_PUBLIC, AUTH).unwrap()
}

/// Validating subscription keys given as raw bytes.
fn check_keys(p256dh: &[u8], auth: &[u8], expected: Result<(), Error>) {
    assert_eq!(SubscriptionKeys::new(p256dh, auth).map(|_| ()), expected);
}

#[test]
fn subscription_keys() {
    let good = b64(UA_PUBLIC);
    let auth = b64(AUTH);
    let mut off_curve = good.clone();
    off_curve[64] ^= 1; // y no longer matches x
    let mut bad_tag = good.clone();
    bad_tag[0] = 0x05;
    let mut x_too_big = good.clone();
    x_too_big[1..33].fill(0xff); // x ≥ p
    let compressed = {
        let mut c = vec![2 + (good[64] & 1)];
        c.extend_from_slice(&good[1..33]);
        c
    };
    check_keys(&good, &auth, Ok(()));
    check_keys(&off_curve, &auth, Err(Error::InvalidReceiverKey));
    check_keys(&bad_tag, &auth, Err(Error::InvalidReceiverKey));
    check_keys(&x_too_big, &auth, Err(Error::InvalidReceiverKey));
    check_keys(&compressed, &auth, Err(Error::InvalidReceiverKey));
    check_keys(&[4; 65], &auth, Err(Error::InvalidReceiverKey));
    check_keys(&[0; 65], &auth, Err(Error::InvalidReceiverKey));
    check_keys(&good[..64], &auth, Err(Error::InvalidReceiverKey));
    check_keys(&[], &auth, Err(Error::InvalidReceiverKey));
    check_keys(&good, &auth[..15], Err(Error::InvalidAuthSecret(15)));
    check_keys(&good, &[0; 17], Err(Error::InvalidAuthSecret(17)));
    check_keys(&good, &[], Err(Error::InvalidAuthSecret(0)));
}

#[test]
fn subscription_keys_from_base64() {
    let check = |p: &str, a: &str, expected: Result<(), Error>| {
        assert_eq!(SubscriptionKeys::from_base64(p, a).map(|_| ()), expected);
    };
    check(UA_PUBLIC, AUTH, Ok(()));
    check(UA_PUBLIC, "BTBZMqHH6r4Tts7J_aSIgg==", Ok(())); // padded
    check(
        UA_PUBLIC,
        "BTBZMqHH6r4Tts7J/aSIgg",
        Err(Error::Base64("auth")),
    );
    check("not base64!", AUTH, Err(Error::Base64("p256dh")));
    check(
        UA_PUBLIC,
        "BTBZMqHH6r4Tts7J_aSI",
        Err(Error::InvalidAuthSecret(15)),
    );
}

#[test]
fn debug_hides_the_auth_secret() {
    let shown = format!("{:?}", keys());
    assert!(shown.contains(UA_PUBLIC));
    assert!(!shown.contains(AUTH));
}

#[test]
fn plaintext_limit() {
    let sender = SecretKey::from_slice(&[3; 32]).unwrap();
    let body = encrypt_with(&keys(), &[b'a'; 3993], &sender, &[0; 16]).unwrap();
    // The largest message fills the 4096 bytes a push service must accept.
    assert_eq!(body.len(), 4096);
    assert_eq!(
        decrypt(&secret(UA_PRIVATE), &b64(AUTH), &body).unwrap(),
        [b'a'; 3993]
    );
    let too_long = Err(Error::PlaintextTooLong {
        len: 3994,
        max: 3993,
    });
    assert_eq!(
        encrypt_with(&keys(), &[b'a'; 3994], &sender, &[0; 16]),
        too_long
    );
    assert_eq!(encrypt(&keys(), &[b'a'; 3994], &mut OsRng), too_long);
}

#[test]
fn empty_plaintext() {
    let body = encrypt(&keys(), b"", &mut OsRng).unwrap();
    assert_eq!(body.len(), 86 + 1 + 16);
    assert_eq!(
        decrypt(&secret(UA_PRIVATE), &b64(AUTH), &body).unwrap(),
        b""
    );
}

/// Decrypting a fixed body after flipping one bit at `index`.
fn check_tampered(index: usize, expected: Result<&[u8], Error>) {
    let sender = secret("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
    let mut body = encrypt_with(&keys(), b"watermelon", &sender, &[5; 16]).unwrap();
    body[index] ^= 1;
    let got = decrypt(&secret(UA_PRIVATE), &b64(AUTH), &body);
    assert_eq!(got.as_deref(), expected.as_deref());
}

#[test]
fn tampered_body_fails() {
    let auth = || Err(Error::Ece(EceError::Authentication(0)));
    check_tampered(0, auth()); // salt
    check_tampered(15, auth());
    // RFC 8188 does not authenticate rs: 4096 → 4097 still reads the one
    // short record the same way, so this flip goes unnoticed by design.
    check_tampered(18, Ok(b"watermelon"));
    check_tampered(20, Err(Error::InvalidSenderKey)); // idlen 65 → 64
    check_tampered(21, Err(Error::InvalidSenderKey)); // 0x04 tag of the key id
    check_tampered(85, Err(Error::InvalidSenderKey)); // y no longer on the curve
    check_tampered(86, auth()); // first ciphertext byte
    check_tampered(96, auth()); // delimiter
    check_tampered(112, auth()); // last tag byte
}

#[test]
fn tampered_rs_that_splits_the_record_fails() {
    let mut body = encrypt(&keys(), b"watermelon", &mut OsRng).unwrap();
    body[16..20].copy_from_slice(&20u32.to_be_bytes());
    assert_eq!(
        decrypt(&secret(UA_PRIVATE), &b64(AUTH), &body),
        Err(Error::Ece(EceError::Authentication(0)))
    );
}

#[test]
fn wrong_receiver_secrets_fail() {
    let body = encrypt(&keys(), b"watermelon", &mut OsRng).unwrap();
    let mut wrong_auth = b64(AUTH);
    wrong_auth[0] ^= 1;
    let auth_err = Err(Error::Ece(EceError::Authentication(0)));
    assert_eq!(decrypt(&secret(UA_PRIVATE), &wrong_auth, &body), auth_err);
    let other = SecretKey::random(&mut OsRng);
    assert_eq!(decrypt(&other, &b64(AUTH), &body), auth_err);
    assert_eq!(
        decrypt(&secret(UA_PRIVATE), &[0; 12], &body),
        Err(Error::InvalidAuthSecret(12))
    );
}

#[test]
fn fresh_salt_and_key_per_message() {
    let a = encrypt(&keys(), b"same", &mut OsRng).unwrap();
    let b = encrypt(&keys(), b"same", &mut OsRng).unwrap();
    assert_ne!(enc(&a[..16]), enc(&b[..16]));
    assert_ne!(enc(&a[21..86]), enc(&b[21..86]));
}

fn scalar() -> impl Strategy<Value = SecretKey> {
    any::<[u8; 32]>().prop_filter_map("not a valid scalar", |b| SecretKey::from_slice(&b).ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn round_trip(
        receiver in scalar(),
        sender in scalar(),
        auth in any::<[u8; 16]>(),
        salt in any::<[u8; 16]>(),
        plaintext in prop::collection::vec(any::<u8>(), 0..=3993),
    ) {
        let public = canal_webpush::public_bytes(&receiver.public_key());
        let keys = SubscriptionKeys::new(&public, &auth).unwrap();
        let body = encrypt_with(&keys, &plaintext, &sender, &salt).unwrap();
        prop_assert_eq!(body.len(), 86 + plaintext.len() + 17);
        prop_assert_eq!(decrypt(&receiver, &auth, &body).unwrap(), plaintext);
    }
}
