//! DHIS2 UIDs: 11 characters, a letter then 10 letters or digits (reference §0).
//!
//! Seeded metadata uses [`deterministic_uid`] so that two seeds agree; objects created at run time
//! use [`random_uid`].

use rand::Rng;
use sha2::{Digest, Sha256};

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALPHANUMERIC: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A UID that is a pure function of `seed_text`.
pub fn deterministic_uid(seed_text: &str) -> String {
    let digest = Sha256::digest(seed_text.as_bytes());
    let mut uid = String::with_capacity(11);
    uid.push(LETTERS[usize::from(digest[0]) % LETTERS.len()] as char);
    for byte in digest.iter().skip(1).take(10) {
        uid.push(ALPHANUMERIC[usize::from(*byte) % ALPHANUMERIC.len()] as char);
    }
    uid
}

/// A random UID, as DHIS2's `CodeGenerator.generateUid`.
pub fn random_uid() -> String {
    let mut rng = rand::thread_rng();
    let mut uid = String::with_capacity(11);
    uid.push(LETTERS[rng.gen_range(0..LETTERS.len())] as char);
    for _ in 0..10 {
        uid.push(ALPHANUMERIC[rng.gen_range(0..ALPHANUMERIC.len())] as char);
    }
    uid
}

/// A random version 4 UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), the shape of DHIS2's
/// `systemId`.
pub fn random_system_id() -> String {
    let mut bytes: [u8; 16] = rand::thread_rng().r#gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether `text` matches DHIS2's UID pattern `^[a-zA-Z][a-zA-Z0-9]{10}$`.
pub fn is_valid_uid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 11
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..].iter().all(u8::is_ascii_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s0_uids_are_valid_and_deterministic() {
        let first = deterministic_uid("org unit 1");
        assert_eq!(first, deterministic_uid("org unit 1"));
        assert_ne!(first, deterministic_uid("org unit 2"));
        assert!(is_valid_uid(&first));
        for _ in 0..100 {
            assert!(is_valid_uid(&random_uid()));
        }
        assert!(!is_valid_uid("1abcdefghij"));
        assert!(!is_valid_uid("abc"));
    }

    #[test]
    fn system_ids_are_version_4_uuids_and_differ() {
        let first = random_system_id();
        assert_eq!(first.len(), 36);
        assert_eq!(&first[14..15], "4");
        assert!(matches!(&first[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(first, random_system_id());
    }
}
