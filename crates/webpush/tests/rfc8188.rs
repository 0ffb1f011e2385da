//! RFC 8188 §3.1 and §3.2.

mod common;

use canal_webpush::ece::{self, EceError};
use common::{arr, b64, enc};

const BODY_3_1: &str = "I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg";
const IKM_3_1: &str = "yqdlZ-tYemfogSmv7Ws5PQ";
const BODY_3_2: &str = "uNCkWiNYzKTnBN9ji3-qWAAAABkCYTHOG8chz_gnvgOqdGYovxyjuqRyJFjEDyoF1Fvkj6hQPdPHI51OEUKEpgz3SsLWIqS_uA";
const IKM_3_2: &str = "BO3ZVPxUlnLORbVGMpbT1Q";

#[test]
fn section_3_1_keys() {
    let k = ece::derive_keys(&b64(IKM_3_1), &arr("I1BsxtFttlv3u_Oo94xnmw"));
    assert_eq!(enc(&k.prk), "zyeH5phsIsgUyd4oiSEIy35x-gIi4aM7y0hCF8mwn9g");
    assert_eq!(enc(&k.cek), "_wniytB-ofscZDh4tbSjHw");
    assert_eq!(enc(&k.nonce), "Bcs8gkIRKLI8GeI8");
}

#[test]
fn section_3_1_decrypt() {
    let body = b64(BODY_3_1);
    assert_eq!(body.len(), 53);
    assert_eq!(
        ece::decrypt(&b64(IKM_3_1), &body).unwrap(),
        b"I am the walrus"
    );
}

#[test]
fn section_3_1_reencrypt() {
    let body = ece::encrypt(
        &b64(IKM_3_1),
        &arr("I1BsxtFttlv3u_Oo94xnmw"),
        b"",
        4096,
        b"I am the walrus",
    )
    .unwrap();
    assert_eq!(enc(&body), BODY_3_1);
}

#[test]
fn section_3_2_decrypt_two_records_with_padding() {
    let body = b64(BODY_3_2);
    assert_eq!(body.len(), 73);
    let (header, records) = ece::parse_header(&body).unwrap();
    assert_eq!(header.rs, 25);
    assert_eq!(header.keyid, b"a1");
    assert_eq!(records.len(), 50);
    assert_eq!(
        ece::decrypt(&b64(IKM_3_2), &body).unwrap(),
        b"I am the walrus"
    );
}

/// Decrypting a mutated §3.2 body: `mutate` edits the body bytes.
fn check_3_2(mutate: fn(&mut Vec<u8>), expected: EceError) {
    let mut body = b64(BODY_3_2);
    mutate(&mut body);
    assert_eq!(ece::decrypt(&b64(IKM_3_2), &body), Err(expected));
}

#[test]
fn section_3_2_damaged() {
    check_3_2(|b| b.truncate(48), EceError::BadDelimiter(0)); // second record dropped
    check_3_2(|b| b.truncate(72), EceError::Authentication(1)); // second record cut short
    check_3_2(|b| b.truncate(47), EceError::Authentication(0)); // first record cut short
    check_3_2(|b| b[30] ^= 1, EceError::Authentication(0));
    check_3_2(|b| b[72] ^= 0x80, EceError::Authentication(1));
    check_3_2(|b| b[0] ^= 1, EceError::Authentication(0)); // salt changes the keys
    check_3_2(|b| b[19] = 24, EceError::Authentication(0)); // rs 24 re-cuts the records
    check_3_2(|b| b[19] = 18, EceError::Authentication(0)); // smallest legal rs
    check_3_2(|b| b[19] = 17, EceError::RecordSizeTooSmall(17));
    check_3_2(|b| b[19] = 0, EceError::RecordSizeTooSmall(0));
    check_3_2(
        |b| b.truncate(22),
        EceError::TruncatedHeader {
            needed: 23,
            got: 22,
        },
    );
    check_3_2(
        |b| b.truncate(20),
        EceError::TruncatedHeader {
            needed: 21,
            got: 20,
        },
    );
    check_3_2(|b| b.truncate(23), EceError::NoRecords);
}

#[test]
fn swapped_records_are_rejected() {
    let mut body = b64(BODY_3_2);
    let (first, second) = body[23..].split_at_mut(25);
    first.swap_with_slice(second);
    assert_eq!(
        ece::decrypt(&b64(IKM_3_2), &body),
        Err(EceError::Authentication(0))
    );
}

#[test]
fn multi_record_round_trip() {
    let ikm = [7u8; 16];
    let salt = [9u8; 16];
    // rs 20 leaves 3 data bytes per record: 10 bytes need 4 records.
    let body = ece::encrypt(&ikm, &salt, b"k", 20, b"0123456789").unwrap();
    assert_eq!(body.len(), 16 + 4 + 1 + 1 + 3 * 20 + (1 + 1 + 16));
    assert_eq!(ece::decrypt(&ikm, &body).unwrap(), b"0123456789");
    // An empty plaintext is still one record, holding only the delimiter.
    let empty = ece::encrypt(&ikm, &salt, b"", 4096, b"").unwrap();
    assert_eq!(empty.len(), 21 + 17);
    assert_eq!(ece::decrypt(&ikm, &empty).unwrap(), b"");
}

#[test]
fn encrypt_rejects_bad_parameters() {
    let long_id = [0u8; 256];
    assert_eq!(
        ece::encrypt(b"k", &[0; 16], &long_id, 4096, b"x"),
        Err(EceError::KeyIdTooLong(256))
    );
    assert_eq!(
        ece::encrypt(b"k", &[0; 16], b"", 17, b"x"),
        Err(EceError::RecordSizeTooSmall(17))
    );
    // The largest rs costs no more than the data needs.
    let big = ece::encrypt(b"k", &[0; 16], b"", u32::MAX, b"abc").unwrap();
    assert_eq!(ece::decrypt(b"k", &big).unwrap(), b"abc");
    // 18 is the smallest legal size: one data byte per record.
    let body = ece::encrypt(b"k", &[0; 16], b"", 18, b"abc").unwrap();
    assert_eq!(body.len(), 21 + 3 * 18);
    assert_eq!(ece::decrypt(b"k", &body).unwrap(), b"abc");
}

proptest::proptest! {
    #[test]
    fn round_trip_any_record_size(
        ikm in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 1..64),
        salt in proptest::arbitrary::any::<[u8; 16]>(),
        keyid in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 0..=255),
        rs in 18u32..200,
        plaintext in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 0..600),
    ) {
        let body = ece::encrypt(&ikm, &salt, &keyid, rs, &plaintext).unwrap();
        let (header, records) = ece::parse_header(&body).unwrap();
        proptest::prop_assert_eq!(header.keyid, keyid.as_slice());
        proptest::prop_assert_eq!(header.rs, rs);
        // Every record but the last is exactly rs bytes long.
        let data_per_record = rs as usize - 17;
        let count = plaintext.len().div_ceil(data_per_record).max(1);
        proptest::prop_assert_eq!(records.len(), plaintext.len() + count * 17);
        proptest::prop_assert_eq!(ece::decrypt(&ikm, &body).unwrap(), plaintext);
    }
}
