//! Personal access tokens (reference §1.1): creation through `POST /api/apiToken`, listing,
//! deletion, and resolving `Authorization: ApiToken …` to a user.
//!
//! Only a SHA-256 hash of each token is stored.

use axum::Json;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use rand::Rng;
use rusqlite::OptionalExtension;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::uid::random_uid;
use crate::users::{User, find_user};
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/apiToken", get(list_tokens).post(create_token))
        .route("/api/apiToken/{uid}", delete(delete_token).get(get_token))
}

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

fn token_hash(token: &str) -> String {
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

async fn create_token(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    body: axum::body::Bytes,
) -> Response {
    let request: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(error) => {
                return ApiError::bad_request(
                    error.to_string(),
                    state.behaviour.generic_error_codes,
                )
                .into_response();
            }
        }
    };
    let token = generate_token(state.behaviour.token_prefix);
    let uid = random_uid();
    let now = state.clock.now_millis();
    let expires = request
        .get("expire")
        .and_then(Value::as_i64)
        .unwrap_or(now + 30 * 86_400_000);
    let json = json!({
        "id": uid,
        "version": if state.behaviour.token_prefix == "d2p_" { 2 } else { 1 },
        "type": "PERSONAL_ACCESS_TOKEN",
        "expire": expires,
        "attributes": request.get("attributes").cloned().unwrap_or(json!([])),
        "createdBy": {"id": user.uid, "username": user.username},
    });
    let result = state.database().and_then(|connection| {
        connection
            .execute(
                "INSERT INTO api_token (uid, token_hash, owner, created, expires, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![uid, token_hash(&token), user.username, now, expires, json.to_string()],
            )
            .map_err(ApiError::from)
    });
    if let Err(error) = result {
        return error.into_response();
    }
    let mut message = WebMessage::created("");
    message.message = None;
    message
        .with_response(
            json!({"responseType": "ApiTokenCreationResponse", "uid": uid, "key": token}),
        )
        .into_response()
}

fn token_rows(state: &SharedState, user: &User) -> ApiResult<Vec<Value>> {
    let connection = state.database()?;
    let mut statement = connection.prepare("SELECT json, owner FROM api_token ORDER BY created")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut tokens = Vec::new();
    for row in rows {
        let (json, owner) = row?;
        if owner == user.username
            && let Ok(value) = serde_json::from_str(&json)
        {
            tokens.push(value);
        }
    }
    Ok(tokens)
}

async fn list_tokens(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> Response {
    match token_rows(&state, &user) {
        Ok(tokens) => Json(json!({"apiToken": tokens})).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn get_token(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(uid): Path<String>,
) -> Response {
    match token_rows(&state, &user) {
        Ok(tokens) => match tokens
            .into_iter()
            .find(|token| token.get("id").and_then(Value::as_str) == Some(uid.as_str()))
        {
            Some(token) => Json(token).into_response(),
            None => ApiError::not_found(
                format!("ApiToken with id {uid} could not be found."),
                state.behaviour.generic_error_codes,
            )
            .into_response(),
        },
        Err(error) => error.into_response(),
    }
}

async fn delete_token(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(uid): Path<String>,
) -> Response {
    let result = state.database().and_then(|connection| {
        connection
            .execute(
                "DELETE FROM api_token WHERE uid = ?1 AND owner = ?2",
                [&uid, &user.username],
            )
            .map_err(ApiError::from)
    });
    match result {
        Ok(0) => ApiError::not_found(
            format!("ApiToken with id {uid} could not be found."),
            state.behaviour.generic_error_codes,
        )
        .into_response(),
        Ok(_) => WebMessage::ok(format!("Object '{uid}' deleted.")).into_response(),
        Err(error) => error.into_response(),
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
