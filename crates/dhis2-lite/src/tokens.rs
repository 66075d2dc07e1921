//! Personal access tokens (reference §1.1): the versions' formats with their checksums, the
//! SHA-256 hash that is all the server stores, and resolving `Authorization: ApiToken …` to a
//! user.
//!
//! It must not route requests (`api::tokens` serves `/api/apiToken`).

use axum::http::StatusCode;
use rand::Rng;
use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use crate::state::SharedState;
use crate::users::{User, find_user};
use crate::web_message::{ApiError, ApiResult};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn base62(mut number: u64, width: usize) -> String {
    let mut digits = Vec::new();
    while number > 0 {
        digits.push(BASE62[(number % 62) as usize]);
        number /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

fn random_chars(count: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..count)
        .map(|_| BASE62[rng.gen_range(0..BASE62.len())] as char)
        .collect()
}

/// A new token with the version's prefix and checksum.
pub fn generate_token(prefix: &str) -> String {
    if prefix == "d2pat_" {
        let body = format!("{prefix}{}", random_chars(32));
        format!("{body}{:010}", crc32fast::hash(body.as_bytes()))
    } else {
        let body = format!("{prefix}{}", random_chars(44));
        format!(
            "{body}{}",
            base62(u64::from(crc32fast::hash(body.as_bytes())), 6)
        )
    }
}

/// Whether the token's checksum is right.
fn checksum_valid(token: &str) -> bool {
    if let Some(rest) = token.strip_prefix("d2pat_") {
        if rest.len() != 42 {
            return false;
        }
        let body = &token[..token.len() - 10];
        return token[token.len() - 10..] == format!("{:010}", crc32fast::hash(body.as_bytes()));
    }
    if let Some(rest) = token.strip_prefix("d2p_") {
        if rest.len() != 50 {
            return false;
        }
        let body = &token[..token.len() - 6];
        return token[token.len() - 6..] == base62(u64::from(crc32fast::hash(body.as_bytes())), 6);
    }
    false
}

/// The stored form of a token: its SHA-256 hash in hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn well_formed(token: &str) -> bool {
    !token.is_empty()
        && token.bytes().all(|byte| {
            byte.is_ascii_lowercase()
                || byte.is_ascii_uppercase()
                || byte.is_ascii_digit()
                || b"-._~+/=".contains(&byte)
        })
}

/// Resolves an `ApiToken` credential; the outer error is a storage failure, the inner one the
/// WebMessage to answer with.
pub fn authenticate_token(state: &SharedState, token: &str) -> ApiResult<Result<User, ApiError>> {
    if !well_formed(token) {
        return Ok(Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "Api token is malformed",
            None,
        )));
    }
    if !checksum_valid(token) {
        return Ok(Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "Checksum validation failed",
            None,
        )));
    }
    let connection = state.database()?;
    let row: Option<(String, Option<i64>)> = connection
        .query_row(
            "SELECT owner, expires FROM api_token WHERE token_hash = ?1",
            [token_hash(token)],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((owner, expires)) = row else {
        return Ok(Err(ApiError::unauthorized("The API token does not exists")));
    };
    if expires.is_some_and(|expires| expires < state.clock.now_millis()) {
        return Ok(Err(ApiError::unauthorized(
            "Failed to authenticate API token, token has expired.",
        )));
    }
    match find_user(&connection, &owner)? {
        Some(user) if !user.disabled => Ok(Ok(user)),
        _ => Ok(Err(ApiError::unauthorized(
            "The API token is disabled, locked or 2FA is enabled.",
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s1_1_tokens_have_valid_checksums() {
        for prefix in ["d2pat_", "d2p_"] {
            let token = generate_token(prefix);
            assert!(token.starts_with(prefix));
            assert!(checksum_valid(&token), "{token}");
            let mut broken = token.clone();
            broken.replace_range(
                prefix.len()..prefix.len() + 1,
                if &token[prefix.len()..prefix.len() + 1] == "A" {
                    "B"
                } else {
                    "A"
                },
            );
            assert!(!checksum_valid(&broken));
        }
    }
}
