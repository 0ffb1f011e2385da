//! RFC 8291 Appendix A, reproduced byte for byte from the given keys and salt.

mod common;

use canal_webpush::{ece, SubscriptionKeys};
use common::{arr, b64, enc, secret};

const PLAINTEXT: &str = "V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24";
const AS_PUBLIC: &str =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
const UA_PUBLIC: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

fn keys() -> SubscriptionKeys {
    SubscriptionKeys::from_base64(UA_PUBLIC, AUTH).unwrap()
}

#[test]
fn public_keys_match_private_keys() {
    let as_pub = canal_webpush::public_bytes(&secret(AS_PRIVATE).public_key());
    let ua_pub = canal_webpush::public_bytes(&secret(UA_PRIVATE).public_key());
    assert_eq!(enc(&as_pub), AS_PUBLIC);
    assert_eq!(enc(&ua_pub), UA_PUBLIC);
}

#[test]
fn every_intermediate_value() {
    let ua_public = arr::<65>(UA_PUBLIC);
    let as_public = arr::<65>(AS_PUBLIC);
    let ecdh = canal_webpush::ecdh_secret(&secret(AS_PRIVATE), &keys_public());
    assert_eq!(enc(&ecdh), "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs");
    // Both sides of the exchange must agree.
    let ua_side = canal_webpush::ecdh_secret(
        &secret(UA_PRIVATE),
        &canal_webpush::PublicKey::from_sec1_bytes(&as_public).unwrap(),
    );
    assert_eq!(ua_side, ecdh);

    assert_eq!(
        enc(&canal_webpush::key_info(&ua_public, &as_public)),
        "V2ViUHVzaDogaW5mbwAEJXGyvs3942BVGq8e0PTNNmwRzr5VX4m8t7GGpTM5FzFo7OLr4BhZe9MEebhuPI-OztV3ylkYfpJGmQ22ggCLDgT-M_SrDepxkU21WCP3O1SUj0EwbZIHMtu5pZpTKGSCIA5Zent7wmC6HCJ5mFgJkuk5cwAvMBKiiujwa7t45ewP"
    );
    let d = canal_webpush::derive_ikm(&ecdh, &arr(AUTH), &ua_public, &as_public);
    assert_eq!(
        enc(&d.prk_key),
        "Snr3JMxaHVDXHWJn5wdC52WjpCtd2EIEGBykDcZW32k"
    );
    assert_eq!(enc(&d.ikm), "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg");

    let k = ece::derive_keys(&d.ikm, &arr(SALT));
    assert_eq!(enc(&k.prk), "09_eUZGrsvxChDCGRCdkLiDXrReGOEVeSCdCcPBSJSc");
    assert_eq!(enc(&k.cek), "oIhVW04MRdy2XN9CiKLxTg");
    assert_eq!(enc(&k.nonce), "4h_95klXJ5E_qnoN");
}

fn keys_public() -> canal_webpush::PublicKey {
    canal_webpush::PublicKey::from_sec1_bytes(&b64(UA_PUBLIC)).unwrap()
}

#[test]
fn full_body() {
    let body =
        canal_webpush::encrypt_with(&keys(), &b64(PLAINTEXT), &secret(AS_PRIVATE), &arr(SALT))
            .unwrap();
    assert_eq!(body.len(), 144);
    assert_eq!(
        enc(&body[..86]),
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
    );
    assert_eq!(
        enc(&body[86..]),
        "8pfeW0KbunFT06SuDKoJH9Ql87S1QUrdirN6GcG7sFz1y1sqLgVi1VhjVkHsUoEsbI_0LpXMuGvnzQ"
    );
    assert_eq!(enc(&body), BODY);
}

/// Replays fixed bytes as randomness.
struct Replay(Vec<u8>);

impl rand_core::RngCore for Replay {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let rest = self.0.split_off(dest.len());
        dest.copy_from_slice(&self.0);
        self.0 = rest;
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for Replay {}

#[test]
fn full_body_through_the_rng_api() {
    // encrypt draws the sender key first, then the salt.
    let mut rng = Replay([b64(AS_PRIVATE), b64(SALT)].concat());
    let body = canal_webpush::encrypt(&keys(), &b64(PLAINTEXT), &mut rng).unwrap();
    assert_eq!(enc(&body), BODY);
    assert!(rng.0.is_empty(), "exactly 48 bytes drawn");
}

#[test]
fn user_agent_decrypts_the_body() {
    let plaintext = canal_webpush::decrypt(&secret(UA_PRIVATE), &b64(AUTH), &b64(BODY)).unwrap();
    assert_eq!(plaintext, b"When I grow up, I want to be a watermelon");
}

#[test]
fn header_fields() {
    let body = b64(BODY);
    let (header, records) = ece::parse_header(&body).unwrap();
    assert_eq!(header.salt, arr::<16>(SALT));
    assert_eq!(header.rs, 4096);
    assert_eq!(enc(header.keyid), AS_PUBLIC);
    assert_eq!(records.len(), 144 - 86);
}
