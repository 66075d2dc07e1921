//! Password hashing: Argon2id PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`), verified in
//! constant time, with a short-lived in-memory cache of successful checks so that HTTP Basic on
//! every request (the tests, the command line) does not pay a slow hash each time.
//!
//! Databases written before Argon2 hold a salted SHA-256 (hex, salt in its own column); such a
//! hash still verifies, in constant time, and the caller replaces it with an Argon2 one after the
//! first successful login. This module knows nothing about SQLite or HTTP.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// How long a successful check is remembered.
const CACHE_LIFETIME: Duration = Duration::from_secs(300);

/// Most remembered checks; past it, expired ones go, and if none expired the cache starts over.
const CACHE_CAPACITY: usize = 1024;

/// Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 20–50 ms per hash
/// with the crate optimised (the workspace builds it at `opt-level = 3` even in debug builds).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of `password` with a new random salt. Empty (which no password verifies
/// against) in the impossible case that the salt cannot be encoded: 16 bytes always can.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let Ok(salt) = SaltString::encode_b64(&salt) else {
        return String::new();
    };
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
}

/// What a stored hash says about a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Wrong password (or an unreadable hash).
    Wrong,
    /// Right, and the hash is current.
    Right,
    /// Right, but the hash is a legacy SHA-256: store [`hash_password`] of it instead.
    RightNeedsRehash,
}

/// Checks `password` against a stored hash: an Argon2 PHC string, or a legacy salted SHA-256
/// (`legacy_salt` non-empty). Constant time in the comparison; a successful Argon2 check is
/// remembered for a few minutes.
pub fn verify(stored_hash: &str, legacy_salt: &str, password: &str) -> Verdict {
    if stored_hash.starts_with("$argon2") {
        let key = cache_key(stored_hash, password);
        if cache_hit(&key) {
            return Verdict::Right;
        }
        let right = PasswordHash::new(stored_hash).is_ok_and(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        if right {
            remember(key);
            Verdict::Right
        } else {
            Verdict::Wrong
        }
    } else {
        let computed = legacy_sha256(legacy_salt, password);
        if bool::from(computed.as_bytes().ct_eq(stored_hash.as_bytes())) {
            Verdict::RightNeedsRehash
        } else {
            Verdict::Wrong
        }
    }
}

/// Spends the time of a real check, so that an unknown user name answers as slowly as a wrong
/// password (no user enumeration by timing).
pub fn verify_nobody(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("dhis2-lite: nobody has this password"));
    if let Ok(parsed) = PasswordHash::new(dummy) {
        let _ = argon2().verify_password(password.as_bytes(), &parsed);
    }
}

/// The salted SHA-256 of databases written before Argon2, hex encoded.
pub fn legacy_sha256(salt: &str, password: &str) -> String {
    let digest = Sha256::digest(format!("{salt}:{password}").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The cache key of a check: SHA-256 under a random per-process key, so the cache never holds a
/// password or an unkeyed fast hash of one.
fn cache_key(stored_hash: &str, password: &str) -> [u8; 32] {
    static PROCESS_KEY: OnceLock<[u8; 32]> = OnceLock::new();
    let process_key = PROCESS_KEY.get_or_init(|| {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        key
    });
    let mut hasher = Sha256::new();
    hasher.update(process_key);
    hasher.update(stored_hash.as_bytes());
    hasher.update([0u8]);
    hasher.update(password.as_bytes());
    hasher.finalize().into()
}

fn cache() -> &'static Mutex<HashMap<[u8; 32], Instant>> {
    static CACHE: OnceLock<Mutex<HashMap<[u8; 32], Instant>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn cache_hit(key: &[u8; 32]) -> bool {
    let Ok(mut cache) = cache().lock() else {
        return false;
    };
    match cache.get(key) {
        Some(checked) if checked.elapsed() <= CACHE_LIFETIME => true,
        Some(_) => {
            cache.remove(key);
            false
        }
        None => false,
    }
}

fn remember(key: [u8; 32]) {
    let Ok(mut cache) = cache().lock() else {
        return;
    };
    if cache.len() >= CACHE_CAPACITY {
        cache.retain(|_, checked| checked.elapsed() <= CACHE_LIFETIME);
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
    }
    cache.insert(key, Instant::now());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_stored_as_argon2id_phc_strings_with_their_own_salt() {
        let first = hash_password("district");
        let second = hash_password("district");
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        assert_ne!(first, second, "each hash has its own salt");
        assert!(!first.contains("district"));
        assert_eq!(verify(&first, "", "district"), Verdict::Right);
        assert_eq!(verify(&second, "", "district"), Verdict::Right);
        assert_eq!(verify(&first, "", "District"), Verdict::Wrong);
        assert_eq!(verify(&first, "", ""), Verdict::Wrong);
        // Remembered: the same check again is right without hashing (and still right).
        assert_eq!(verify(&first, "", "district"), Verdict::Right);
        // A cached success never lets another password through.
        assert_eq!(verify(&first, "", "district "), Verdict::Wrong);
    }

    #[test]
    fn a_legacy_sha256_hash_verifies_and_asks_for_a_rehash() {
        let legacy = legacy_sha256("saltsalt123", "District1!");
        assert_eq!(
            verify(&legacy, "saltsalt123", "District1!"),
            Verdict::RightNeedsRehash
        );
        assert_eq!(verify(&legacy, "saltsalt123", "District1"), Verdict::Wrong);
        assert_eq!(verify(&legacy, "othersalt12", "District1!"), Verdict::Wrong);
        assert_eq!(verify("not a hash", "", "anything"), Verdict::Wrong);
    }
}
