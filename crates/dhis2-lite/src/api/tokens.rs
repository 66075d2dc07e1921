//! `/api/apiToken` (reference §1.1): creating, listing and deleting personal access tokens. The
//! tokens themselves (format, checksum, hash, resolving a token to its user) are
//! [`crate::tokens`].
//!
//! It must not store or compare tokens in plain text: only their hashes are written.

use axum::Json;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::routing::{delete, get};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::tokens::token_hash;
use crate::uid::random_uid;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

pub use crate::tokens::generate_token;

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/apiToken", get(list_tokens).post(create_token))
        .route("/api/apiToken/{uid}", delete(delete_token).get(get_token))
}

async fn create_token(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    body: axum::body::Bytes,
) -> ApiResult<WebMessage> {
    let request: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|error| {
            ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
        })?
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
    state.database()?.execute(
        "INSERT INTO api_token (uid, token_hash, owner, created, expires, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![uid, token_hash(&token), user.username, now, expires, json.to_string()],
    )?;
    let mut message = WebMessage::created("");
    message.message = None;
    Ok(message.with_response(
        json!({"responseType": "ApiTokenCreationResponse", "uid": uid, "key": token}),
    ))
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
) -> ApiResult<Json<Value>> {
    let tokens = token_rows(&state, &user)?;
    Ok(Json(json!({"apiToken": tokens})))
}

async fn get_token(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(uid): Path<String>,
) -> ApiResult<Json<Value>> {
    token_rows(&state, &user)?
        .into_iter()
        .find(|token| token.get("id").and_then(Value::as_str) == Some(uid.as_str()))
        .map(Json)
        .ok_or_else(|| {
            ApiError::not_found(
                format!("ApiToken with id {uid} could not be found."),
                state.behaviour.generic_error_codes,
            )
        })
}

async fn delete_token(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(uid): Path<String>,
) -> ApiResult<WebMessage> {
    let deleted = state.database()?.execute(
        "DELETE FROM api_token WHERE uid = ?1 AND owner = ?2",
        [&uid, &user.username],
    )?;
    if deleted == 0 {
        return Err(ApiError::not_found(
            format!("ApiToken with id {uid} could not be found."),
            state.behaviour.generic_error_codes,
        ));
    }
    Ok(WebMessage::ok(format!("Object '{uid}' deleted.")))
}
