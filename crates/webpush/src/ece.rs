//! RFC 8188 `aes128gcm` content encoding.
//!
//! A body is a header (`salt(16) | rs(u32 BE) | idlen(u8) | keyid`) followed by
//! records of `rs` bytes (the last one may be shorter), each the AES-128-GCM
//! encryption of `data | delimiter | zero padding`, with delimiter 0x01 on every
//! record but the last, which carries 0x02.

use aes_gcm::aead::{Aead, AeadInPlace, KeyInit};
use aes_gcm::{Aes128Gcm, Key, Nonce};
use hkdf::Hkdf;
use sha2::Sha256;

/// Length of the salt at the start of every header.
pub const SALT_LEN: usize = 16;
/// Length of the AES-GCM authentication tag that ends every record.
pub const TAG_LEN: usize = 16;
/// Smallest legal record size (RFC 8188 §2.1: "values smaller than 18 are
/// invalid"): a tag, the delimiter and at least one byte of data.
pub const MIN_RS: u32 = (TAG_LEN + 2) as u32;

const CEK_INFO: &[u8] = b"Content-Encoding: aes128gcm\0";
const NONCE_INFO: &[u8] = b"Content-Encoding: nonce\0";
const FIXED_HEADER_LEN: usize = SALT_LEN + 4 + 1;

/// Why an `aes128gcm` body could not be produced or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EceError {
    /// The body is shorter than its header says it is.
    #[error("body is truncated: the header needs {needed} bytes, got {got}")]
    TruncatedHeader {
        /// Bytes the header requires.
        needed: usize,
        /// Bytes actually present.
        got: usize,
    },
    /// The record size is below [`MIN_RS`].
    #[error("record size {0} is below the minimum of 18")]
    RecordSizeTooSmall(u32),
    /// The key id does not fit the one-byte length field.
    #[error("key id of {0} bytes is longer than 255")]
    KeyIdTooLong(usize),
    /// A record failed authentication (wrong key, or tampered or truncated data).
    #[error("record {0} failed to decrypt")]
    Authentication(usize),
    /// A decrypted record had no delimiter, or the wrong one for its position.
    #[error("record {0} has a missing or misplaced delimiter")]
    BadDelimiter(usize),
    /// There are no records after the header.
    #[error("body has no records")]
    NoRecords,
}

/// Keys derived from the input keying material and a salt (RFC 8188 §2.2, §2.3).
///
/// The pseudo-random key is kept so that published test vectors can be checked
/// step by step.
pub struct DerivedKeys {
    /// `HKDF-Extract(salt, IKM)`.
    pub prk: [u8; 32],
    /// The content-encryption key.
    pub cek: [u8; 16],
    /// The base nonce; record `i` uses it XORed with `i`.
    pub nonce: [u8; 12],
}

/// Derives the PRK, CEK and base nonce for `ikm` and `salt`.
pub fn derive_keys(ikm: &[u8], salt: &[u8; SALT_LEN]) -> DerivedKeys {
    let (prk, hk) = Hkdf::<Sha256>::extract(Some(salt), ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    // Output lengths of 16 and 12 are far below HKDF-SHA256's limit of 8160.
    hk.expand(CEK_INFO, &mut cek)
        .expect("16 is a valid HKDF length");
    hk.expand(NONCE_INFO, &mut nonce)
        .expect("12 is a valid HKDF length");
    DerivedKeys {
        prk: prk.into(),
        cek,
        nonce,
    }
}

/// A parsed `aes128gcm` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The per-message salt.
    pub salt: [u8; SALT_LEN],
    /// The record size, tag included.
    pub rs: u32,
    /// The key id; for Web Push it is the sender's public key.
    pub keyid: &'a [u8],
}

impl Header<'_> {
    /// Length of this header once encoded.
    pub fn encoded_len(&self) -> usize {
        FIXED_HEADER_LEN + self.keyid.len()
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.rs.to_be_bytes());
        // Callers checked that the key id fits in one byte.
        out.push(self.keyid.len() as u8);
        out.extend_from_slice(self.keyid);
    }
}

/// Splits `body` into its header and the records that follow it.
pub fn parse_header(body: &[u8]) -> Result<(Header<'_>, &[u8]), EceError> {
    let truncated = |needed| EceError::TruncatedHeader {
        needed,
        got: body.len(),
    };
    let fixed = body
        .get(..FIXED_HEADER_LEN)
        .ok_or_else(|| truncated(FIXED_HEADER_LEN))?;
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&fixed[..SALT_LEN]);
    let rs = u32::from_be_bytes([fixed[16], fixed[17], fixed[18], fixed[19]]);
    let header_len = FIXED_HEADER_LEN + usize::from(fixed[20]);
    let keyid = body
        .get(FIXED_HEADER_LEN..header_len)
        .ok_or_else(|| truncated(header_len))?;
    if rs < MIN_RS {
        return Err(EceError::RecordSizeTooSmall(rs));
    }
    Ok((Header { salt, rs, keyid }, &body[header_len..]))
}

/// Encrypts `plaintext` without padding, in as many records of size `rs` as it
/// takes (one record when `plaintext.len() <= rs - 17`). An empty plaintext
/// still makes one record, holding only the delimiter.
pub fn encrypt(
    ikm: &[u8],
    salt: &[u8; SALT_LEN],
    keyid: &[u8],
    rs: u32,
    plaintext: &[u8],
) -> Result<Vec<u8>, EceError> {
    if rs < MIN_RS {
        return Err(EceError::RecordSizeTooSmall(rs));
    }
    if keyid.len() > usize::from(u8::MAX) {
        return Err(EceError::KeyIdTooLong(keyid.len()));
    }
    let header = Header {
        salt: *salt,
        rs,
        keyid,
    };
    let keys = derive_keys(ikm, salt);
    let cipher = Aes128Gcm::new(Key::<Aes128Gcm>::from_slice(&keys.cek));
    let chunk_len = rs as usize - TAG_LEN - 1;
    let records = plaintext.len().div_ceil(chunk_len).max(1);
    let mut out =
        Vec::with_capacity(header.encoded_len() + plaintext.len() + records * (TAG_LEN + 1));
    header.write(&mut out);
    // Sized by the data, not by rs: rs may be up to 4 GiB.
    let mut record = Vec::with_capacity(chunk_len.min(plaintext.len()) + 1 + TAG_LEN);
    for seq in 0..records {
        let start = seq * chunk_len;
        let end = (start + chunk_len).min(plaintext.len());
        record.clear();
        record.extend_from_slice(&plaintext[start..end]);
        record.push(if seq + 1 == records { 2 } else { 1 });
        let nonce = record_nonce(&keys.nonce, seq);
        // AES-GCM refuses only inputs over 64 GiB; a record is at most 4 GiB.
        cipher
            .encrypt_in_place(Nonce::from_slice(&nonce), b"", &mut record)
            .expect("a record fits AES-GCM's length limit");
        out.extend_from_slice(&record);
    }
    Ok(out)
}

/// Decrypts a whole `aes128gcm` body with `ikm`, checking every record's tag
/// and delimiter, and returns the plaintext with the padding removed.
pub fn decrypt(ikm: &[u8], body: &[u8]) -> Result<Vec<u8>, EceError> {
    let (header, records) = parse_header(body)?;
    decrypt_records(ikm, &header, records)
}

/// Decrypts the records that follow an already parsed header; for callers that
/// need the key id to find `ikm`, as RFC 8291 receivers do.
pub fn decrypt_records(
    ikm: &[u8],
    header: &Header<'_>,
    records: &[u8],
) -> Result<Vec<u8>, EceError> {
    if records.is_empty() {
        return Err(EceError::NoRecords);
    }
    let keys = derive_keys(ikm, &header.salt);
    let cipher = Aes128Gcm::new(Key::<Aes128Gcm>::from_slice(&keys.cek));
    let count = records.len().div_ceil(header.rs as usize);
    let mut out = Vec::with_capacity(records.len());
    for (seq, record) in records.chunks(header.rs as usize).enumerate() {
        let nonce = record_nonce(&keys.nonce, seq);
        let data = cipher
            .decrypt(Nonce::from_slice(&nonce), record)
            .map_err(|_| EceError::Authentication(seq))?;
        let end = data
            .iter()
            .rposition(|&b| b != 0)
            .ok_or(EceError::BadDelimiter(seq))?;
        let expected = if seq + 1 == count { 2 } else { 1 };
        // A 0x02 before the end, or a 0x01 at the end, means records were
        // dropped or reordered; RFC 8188 §2 requires rejecting both.
        if data[end] != expected {
            return Err(EceError::BadDelimiter(seq));
        }
        out.extend_from_slice(&data[..end]);
    }
    Ok(out)
}

/// The nonce for record `seq`: the base nonce XORed with `seq` as a 96-bit
/// big-endian integer.
fn record_nonce(base: &[u8; 12], seq: usize) -> [u8; 12] {
    let mut nonce = *base;
    for (n, s) in nonce[4..].iter_mut().zip((seq as u64).to_be_bytes()) {
        *n ^= s;
    }
    nonce
}
