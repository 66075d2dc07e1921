//! `/api/userDataStore` (reference §8.2): the per-user key-value store, with DHIS2 2.41's
//! messages. Stored in the `user_datastore_entry` table under a `user:<username>:` namespace prefix.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::QueryParams;
use super::key_value::USER_DATA_STORE;
use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/userDataStore", get(namespaces))
        .route(
            "/api/userDataStore/{namespace}",
            get(keys).delete(delete_namespace),
        )
        .route(
            "/api/userDataStore/{namespace}/{key}",
            get(read).post(create).put(update).delete(delete_key),
        )
}

fn owner(state: &SharedState, user: &User, uri: &Uri) -> ApiResult<String> {
    let params = QueryParams::from_uri(uri);
    match params.get("username") {
        Some(username) if username != user.username => {
            if user.is_superuser() {
                Ok(username.to_string())
            } else {
                Err(ApiError::new(
                    axum::http::StatusCode::CONFLICT,
                    "Only superusers can read or write other users data using the `username` parameter.",
                    Some("E1004").filter(|_| state.behaviour.generic_error_codes),
                ))
            }
        }
        _ => Ok(user.username.clone()),
    }
}

fn prefix(username: &str) -> String {
    format!("user:{username}:")
}

fn not_found_key(state: &SharedState, namespace: &str, key: &str) -> ApiError {
    ApiError::not_found(
        format!("Key '{key}' not found in namespace '{namespace}'"),
        state.behaviour.generic_error_codes,
    )
}

async fn namespaces(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        let owner = owner(&state, &user, &uri)?;
        let names = USER_DATA_STORE.namespaces(&*state.database()?, &prefix(&owner))?;
        Ok(json!(names))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

async fn keys(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(namespace): Path<String>,
    uri: Uri,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        let owner = owner(&state, &user, &uri)?;
        let keys: Vec<String> = USER_DATA_STORE
            .entries(
                &*state.database()?,
                &format!("{}{namespace}", prefix(&owner)),
            )?
            .into_iter()
            .map(|entry| entry.key)
            .collect();
        if keys.is_empty() {
            return Err(ApiError::not_found(
                format!("Namespace not found: '{namespace}'"),
                state.behaviour.generic_error_codes,
            ));
        }
        Ok(json!(keys))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

fn stored(state: &SharedState, namespace: &str, key: &str) -> ApiResult<Option<Value>> {
    Ok(USER_DATA_STORE
        .find(&*state.database()?, namespace, key)?
        .map(|entry| entry.value))
}

async fn read(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        let owner = owner(&state, &user, &uri)?;
        stored(&state, &format!("{}{namespace}", prefix(&owner)), &key)?
            .ok_or_else(|| not_found_key(&state, &namespace, &key))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

fn parse(state: &SharedState, key: &str, body: &[u8]) -> ApiResult<Value> {
    serde_json::from_slice(body).map_err(|_| {
        ApiError::bad_request(
            format!("Invalid JSON value for key '{key}'"),
            state.behaviour.generic_error_codes,
        )
    })
}

async fn create(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        let owner = owner(&state, &user, &uri)?;
        if stored(&state, &format!("{}{namespace}", prefix(&owner)), &key)?.is_some() {
            return Err(ApiError::conflict(
                format!("Key '{key}' already exists in namespace '{namespace}'"),
                state.behaviour.generic_error_codes,
            ));
        }
        let value = parse(&state, &key, &body)?;
        USER_DATA_STORE.write(
            &*state.database()?,
            &format!("{}{namespace}", prefix(&owner)),
            &key,
            &value,
            &owner,
            state.clock.now_millis(),
        )?;
        Ok(WebMessage::created(format!(
            "Key '{key}' in namespace '{namespace}' created."
        )))
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}

async fn update(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        let owner = owner(&state, &user, &uri)?;
        if stored(&state, &format!("{}{namespace}", prefix(&owner)), &key)?.is_none() {
            return Err(not_found_key(&state, &namespace, &key));
        }
        let value = parse(&state, &key, &body)?;
        USER_DATA_STORE.write(
            &*state.database()?,
            &format!("{}{namespace}", prefix(&owner)),
            &key,
            &value,
            &owner,
            state.clock.now_millis(),
        )?;
        Ok(WebMessage::ok(format!("Key updated: '{key}'")))
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}

async fn delete_key(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        let owner = owner(&state, &user, &uri)?;
        let deleted = USER_DATA_STORE.delete_key(
            &*state.database()?,
            &format!("{}{namespace}", prefix(&owner)),
            &key,
        )?;
        if deleted == 0 {
            return Err(not_found_key(&state, &namespace, &key));
        }
        Ok(WebMessage::ok(format!(
            "Key '{key}' deleted from the namespace '{namespace}'."
        )))
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}

async fn delete_namespace(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(namespace): Path<String>,
    uri: Uri,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        let owner = owner(&state, &user, &uri)?;
        let deleted = USER_DATA_STORE.delete_namespace(
            &*state.database()?,
            &format!("{}{namespace}", prefix(&owner)),
        )?;
        if deleted == 0 {
            return Err(ApiError::not_found(
                format!("Namespace not found: '{namespace}'"),
                state.behaviour.generic_error_codes,
            ));
        }
        Ok(WebMessage::ok(format!("Namespace deleted: '{namespace}'")))
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}
