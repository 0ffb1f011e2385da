//! RFC 8292 VAPID: the §2.4 example, keys, claims, tokens and the verifier.

mod common;

use canal_webpush::vapid::{
    audience, parse_authorization, validate_subject, verify, verify_jwt, Claims, VapidError,
    VapidKey, VapidPublicKey, VapidSigner,
};
use common::{b64, enc};
use rand_core::OsRng;

const RFC_HEADER: &str = "vapid t=eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA, k=BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs";
const RFC_PAYLOAD: &str = "eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0";
const RFC_EXP: u64 = 1_453_523_768;
const RFC_AUD: &str = "https://push.example.net";

fn rfc_claims() -> Claims {
    Claims {
        aud: RFC_AUD.into(),
        exp: RFC_EXP,
        sub: "mailto:push@example.com".into(),
    }
}

#[test]
fn rfc_example_verifies() {
    let verified = verify(RFC_HEADER, RFC_AUD, RFC_EXP - 3600).unwrap();
    assert_eq!(verified.claims, rfc_claims());
    // k is the JWK's x and y behind the 0x04 tag.
    let jwk = [
        vec![4],
        b64("DUfHPKLVFQzVvnCPGyfucbECzPDa7rWbXriLcysAjEc"),
        b64("F6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs"),
    ]
    .concat();
    assert_eq!(verified.key.as_bytes().as_slice(), jwk);
}

/// Verifying the RFC header at `now` against `aud`.
fn check_rfc(header: &str, aud: &str, now: u64, expected: Result<(), VapidError>) {
    assert_eq!(verify(header, aud, now).map(|_| ()), expected);
}

#[test]
fn rfc_example_rejections() {
    let other_key = VapidKey::generate(&mut OsRng).public_key().to_base64();
    let (token, _) = parse_authorization(RFC_HEADER).unwrap();
    let sig_flipped = RFC_HEADER.replacen("i3CYb7", "i3CYb8", 1);
    let claims_flipped = RFC_HEADER.replacen("NTM1MjM3Njgs", "NTM1MjM3Njks", 1); // exp …769
    check_rfc(RFC_HEADER, RFC_AUD, RFC_EXP - 1, Ok(()));
    check_rfc(RFC_HEADER, RFC_AUD, RFC_EXP - 86_400, Ok(()));
    check_rfc(
        RFC_HEADER,
        RFC_AUD,
        RFC_EXP,
        Err(VapidError::Expired {
            exp: RFC_EXP,
            now: RFC_EXP,
        }),
    );
    check_rfc(
        RFC_HEADER,
        RFC_AUD,
        RFC_EXP - 86_401,
        Err(VapidError::ExpiryTooFar {
            exp: RFC_EXP,
            now: RFC_EXP - 86_401,
        }),
    );
    check_rfc(
        RFC_HEADER,
        "https://push.example.net:8443",
        RFC_EXP - 1,
        Err(VapidError::AudienceMismatch {
            expected: "https://push.example.net:8443".into(),
            got: RFC_AUD.into(),
        }),
    );
    check_rfc(
        &sig_flipped,
        RFC_AUD,
        RFC_EXP - 1,
        Err(VapidError::BadSignature),
    );
    check_rfc(
        &claims_flipped,
        RFC_AUD,
        RFC_EXP - 1,
        Err(VapidError::BadSignature),
    );
    check_rfc(
        &format!("vapid t={token}, k={other_key}"),
        RFC_AUD,
        RFC_EXP - 1,
        Err(VapidError::BadSignature),
    );
    check_rfc(
        &format!("vapid t={token}, k=BA1Hxzyi"),
        RFC_AUD,
        RFC_EXP - 1,
        Err(VapidError::InvalidPublicKey),
    );
}

#[test]
fn we_serialise_claims_as_the_rfc_does() {
    let key = VapidKey::generate(&mut OsRng);
    let token = key.sign(&rfc_claims(), RFC_EXP - 60).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0], "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9");
    assert_eq!(parts[1], RFC_PAYLOAD);
    assert_eq!(b64(parts[2]).len(), 64, "raw r||s, not DER");
    // RFC 6979: the same key and claims always give the same token.
    assert_eq!(key.sign(&rfc_claims(), RFC_EXP - 1).unwrap(), token);
}

#[test]
fn authorization_header_round_trip() {
    let key = VapidKey::generate(&mut OsRng);
    let header = key.authorization(&rfc_claims(), RFC_EXP - 60).unwrap();
    assert!(header.starts_with("vapid t=eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9."));
    assert!(header.ends_with(&format!(", k={}", key.public_key().to_base64())));
    let verified = verify(&header, RFC_AUD, RFC_EXP - 60).unwrap();
    assert_eq!(verified.claims, rfc_claims());
    assert_eq!(&verified.key, key.public_key());
}

/// Signing the RFC claims with a different `exp` or `sub` at `now`.
fn check_sign(exp: u64, sub: &str, now: u64, expected: Result<(), VapidError>) {
    let key = VapidKey::generate(&mut OsRng);
    let claims = Claims {
        aud: RFC_AUD.into(),
        exp,
        sub: sub.into(),
    };
    assert_eq!(key.sign(&claims, now).map(|_| ()), expected);
}

#[test]
fn signing_checks_expiry_and_subject() {
    let sub = "mailto:push@example.com";
    check_sign(1_000, sub, 999, Ok(()));
    check_sign(1_000 + 86_400, sub, 1_000, Ok(()));
    check_sign(
        1_000 + 86_401,
        sub,
        1_000,
        Err(VapidError::ExpiryTooFar {
            exp: 87_401,
            now: 1_000,
        }),
    );
    check_sign(
        1_000,
        sub,
        1_000,
        Err(VapidError::Expired {
            exp: 1_000,
            now: 1_000,
        }),
    );
    check_sign(
        999,
        sub,
        1_000,
        Err(VapidError::Expired {
            exp: 999,
            now: 1_000,
        }),
    );
    check_sign(
        1_000,
        "push@example.com",
        999,
        Err(VapidError::InvalidSubject("push@example.com".into())),
    );
}

/// The audience of an endpoint URL.
fn check_aud(endpoint: &str, expected: Option<&str>) {
    let got = audience(endpoint);
    match expected {
        Some(aud) => assert_eq!(got.as_deref(), Ok(aud), "{endpoint}"),
        None => assert_eq!(got, Err(VapidError::InvalidEndpoint(endpoint.into()))),
    }
}

#[test]
fn audiences() {
    check_aud(
        "https://push.example.net/wpush/v1/abc",
        Some("https://push.example.net"),
    );
    check_aud("https://push.example.net", Some("https://push.example.net"));
    check_aud(
        "https://push.example.net:443/x",
        Some("https://push.example.net"),
    );
    check_aud(
        "https://push.example.net:8443/x",
        Some("https://push.example.net:8443"),
    );
    check_aud(
        "https://push.example.net:80/x",
        Some("https://push.example.net:80"),
    );
    check_aud(
        "http://push.example.net:443/x",
        Some("http://push.example.net:443"),
    );
    check_aud("http://localhost:80/x", Some("http://localhost"));
    check_aud(
        "http://127.0.0.1:8080/push/1",
        Some("http://127.0.0.1:8080"),
    );
    check_aud("https://[::1]:9000/x", Some("https://[::1]:9000"));
    check_aud(
        "HTTPS://FCM.GoogleAPIs.com/fcm/send/abc",
        Some("https://fcm.googleapis.com"),
    );
    check_aud(
        "https://user:pw@push.example.net/x?q=1#f",
        Some("https://push.example.net"),
    );
    check_aud(
        "https://bücher.example/x",
        Some("https://xn--bcher-kva.example"),
    );
    check_aud(
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        Some("https://updates.push.services.mozilla.com"),
    );
    check_aud("ftp://push.example.net/x", None);
    check_aud("mailto:push@example.com", None);
    check_aud("data:text/plain,hi", None);
    check_aud("/wpush/v1/abc", None);
    check_aud("push.example.net/x", None);
    check_aud("https://", None);
    check_aud("", None);
}

/// Whether `sub` is an acceptable contact.
fn check_sub(sub: &str, ok: bool) {
    let expected = if ok {
        Ok(())
    } else {
        Err(VapidError::InvalidSubject(sub.into()))
    };
    assert_eq!(validate_subject(sub), expected, "{sub}");
}

#[test]
fn subjects() {
    check_sub("mailto:push@example.com", true);
    check_sub("mailto:ops+push@canal.example", true);
    check_sub("https://canal.example/contact", true);
    check_sub("https://canal.example", true);
    check_sub("mailto:", false);
    check_sub("mailto:push", false);
    check_sub("mailto:@example.com", false);
    check_sub("mailto:push@", false);
    check_sub("mailto:a@b@c", false);
    check_sub("mailto:a b@example.com", false);
    check_sub("mailto:a@example.com\n", false);
    check_sub("MAILTO:push@example.com", false);
    check_sub("push@example.com", false);
    check_sub("http://canal.example", false);
    check_sub("https:", false);
    check_sub("https://", false);
    check_sub("", false);
}

#[test]
fn key_serialisation() {
    // The RFC 8291 Appendix A sender pair doubles as a known VAPID pair.
    let key = VapidKey::from_base64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw").unwrap();
    assert_eq!(
        key.to_base64(),
        "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
    );
    assert_eq!(
        key.public_key().to_base64(),
        "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
    );
    let fresh = VapidKey::generate(&mut OsRng);
    let reread = VapidKey::from_base64(&fresh.to_base64()).unwrap();
    assert_eq!(reread.public_key(), fresh.public_key());
    assert_eq!(b64(&fresh.to_base64()).len(), 32);
    assert_eq!(b64(&fresh.public_key().to_base64()).len(), 65);
    let public = VapidPublicKey::from_base64(&fresh.public_key().to_base64()).unwrap();
    assert_eq!(&public, fresh.public_key());
    // Debug must not leak the private key.
    assert!(!format!("{fresh:?}").contains(&fresh.to_base64()));
}

#[test]
fn invalid_keys() {
    let private = |bytes: &[u8]| VapidKey::from_base64(&enc(bytes)).map(|_| ());
    assert_eq!(private(&[1; 32]), Ok(()));
    assert_eq!(private(&[1; 31]), Err(VapidError::InvalidPrivateKey));
    assert_eq!(private(&[1; 33]), Err(VapidError::InvalidPrivateKey));
    assert_eq!(private(&[0; 32]), Err(VapidError::InvalidPrivateKey));
    assert_eq!(private(&[0xff; 32]), Err(VapidError::InvalidPrivateKey)); // ≥ group order
    assert_eq!(
        VapidKey::from_base64("%%%").map(|_| ()),
        Err(VapidError::InvalidPrivateKey)
    );
    let mut point = b64(
        "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs",
    );
    assert!(VapidPublicKey::from_bytes(&point).is_ok());
    assert_eq!(
        VapidPublicKey::from_bytes(&point[..64]),
        Err(VapidError::InvalidPublicKey)
    );
    point[64] ^= 1;
    assert_eq!(
        VapidPublicKey::from_bytes(&point),
        Err(VapidError::InvalidPublicKey)
    );
}

/// Splitting an `Authorization` value into (t, k).
fn check_parse(value: &str, expected: Result<(&str, &str), VapidError>) {
    assert_eq!(parse_authorization(value), expected, "{value}");
}

#[test]
fn authorization_parsing() {
    check_parse("vapid t=a.b.c, k=KEY", Ok(("a.b.c", "KEY")));
    check_parse("vapid k=KEY,t=a.b.c", Ok(("a.b.c", "KEY")));
    check_parse("Vapid  t=\"a.b.c\" ,  K=KEY ", Ok(("a.b.c", "KEY")));
    check_parse("vapid t=a.b.c, k=KEY, x=1", Ok(("a.b.c", "KEY")));
    check_parse(
        "Bearer t=a.b.c, k=KEY",
        Err(VapidError::Malformed("scheme is not vapid")),
    );
    check_parse(
        "vapid",
        Err(VapidError::Malformed("no parameters after the scheme")),
    );
    check_parse(
        "vapid t=a.b.c",
        Err(VapidError::Malformed("no k= parameter")),
    );
    check_parse("vapid k=KEY", Err(VapidError::Malformed("no t= parameter")));
    check_parse(
        "vapid t=a.b.c, k",
        Err(VapidError::Malformed("parameter without '='")),
    );
}

/// Verifying a hand-made token under the RFC key at a time it is valid.
fn check_token(token: &str, expected: VapidError) {
    let key = VapidPublicKey::from_base64(
        "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs",
    )
    .unwrap();
    assert_eq!(
        verify_jwt(token, &key, RFC_AUD, RFC_EXP - 1),
        Err(expected),
        "{token}"
    );
}

#[test]
fn malformed_tokens() {
    let (token, _) = parse_authorization(RFC_HEADER).unwrap();
    let (signed, sig) = token.rsplit_once('.').unwrap();
    let hs256 = format!(
        "{}.{RFC_PAYLOAD}.{sig}",
        enc(br#"{"alg":"HS256","typ":"JWT"}"#)
    );
    let none = format!("{}.{RFC_PAYLOAD}.", enc(br#"{"alg":"none"}"#));
    let typ = format!(
        "{}.{RFC_PAYLOAD}.{sig}",
        enc(br#"{"alg":"ES256","typ":"JOSE+JSON"}"#)
    );
    let der = format!("{signed}.{}", enc(&[0x30; 70]));
    let three = |s: &'static str| VapidError::Malformed(s);
    check_token(signed, three("JWT does not have three parts"));
    check_token(
        &format!("{token}.x"),
        three("JWT does not have three parts"),
    );
    check_token(&hs256, VapidError::UnsupportedAlgorithm("HS256".into()));
    check_token(&none, VapidError::UnsupportedAlgorithm("none".into()));
    check_token(&typ, three("JWT header typ is not JWT"));
    check_token(&der, three("signature is not 64 raw bytes"));
    check_token(
        &format!("{signed}.{}", enc(&[0; 64])),
        three("signature is not 64 raw bytes"),
    );
    check_token(&format!("e30.{RFC_PAYLOAD}.{sig}"), three("JWT header")); // {} lacks alg
    check_token(&format!("!!.{RFC_PAYLOAD}.{sig}"), three("JWT header"));
}

#[test]
fn signer_caches_per_audience_and_window() {
    let mut signer =
        VapidSigner::new(VapidKey::generate(&mut OsRng), "mailto:ops@canal.example").unwrap();
    let now = 1_700_000_000; // its 6-hour window is [1_699_984_800, 1_700_006_400)
    let a = signer
        .authorization("https://fcm.googleapis.com/fcm/send/1", now)
        .unwrap()
        .to_owned();
    let a_later = signer
        .authorization("https://fcm.googleapis.com/fcm/send/2", now + 6_399)
        .unwrap()
        .to_owned();
    let b = signer
        .authorization("https://push.example.net:8443/x", now)
        .unwrap()
        .to_owned();
    let a_next = signer
        .authorization("https://fcm.googleapis.com/fcm/send/1", now + 6_400)
        .unwrap()
        .to_owned();
    assert_eq!(a, a_later, "same origin, same window");
    assert_ne!(a, b);
    assert_ne!(a, a_next, "a new window re-signs");
    let claims = verify(&a, "https://fcm.googleapis.com", now)
        .unwrap()
        .claims;
    assert_eq!(claims.exp, 1_700_006_400 + 43_200);
    assert_eq!(claims.sub, "mailto:ops@canal.example");
    assert_eq!(
        verify(&b, "https://push.example.net:8443", now)
            .unwrap()
            .claims
            .aud,
        "https://push.example.net:8443"
    );
    assert_eq!(
        signer.authorization("ftp://x/y", now).map(str::to_owned),
        Err(VapidError::InvalidEndpoint("ftp://x/y".into()))
    );
    assert_eq!(
        VapidSigner::new(VapidKey::generate(&mut OsRng), "ops")
            .map(|_| ())
            .unwrap_err(),
        VapidError::InvalidSubject("ops".into())
    );
}

#[test]
fn signer_expiry() {
    let check = |now: u64, exp: u64| assert_eq!(VapidSigner::expiry(now), exp, "{now}");
    check(0, 64_800);
    check(21_599, 64_800);
    check(21_600, 86_400);
    check(1_700_000_000, 1_700_049_600);
}

proptest::proptest! {
    #[test]
    fn signer_expiry_is_12_to_18_hours_ahead(now in 0u64..4_000_000_000) {
        let ahead = VapidSigner::expiry(now) - now;
        proptest::prop_assert!(ahead > 12 * 3600 && ahead <= 18 * 3600);
    }
}
