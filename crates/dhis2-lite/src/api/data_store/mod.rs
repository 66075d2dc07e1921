//! `/api/dataStore` and `/api/userDataStore` (reference §8): one set of key-value handlers for
//! both stores — namespaces, keys, CRUD with each version's status codes and wording — plus the
//! shared store's metaData endpoint, 2.38+ query API, app namespace protection and each entry's
//! sharing (set with `/api/sharing?type=dataStore`, `api::object_sharing`). What differs
//! between the stores is in `store`; the query API in `query`; storage in `api::key_value`.
//!
//! It must not match on the store: what differs between the stores is asked of `store`.

mod query;
mod store;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::Uri;
use axum::routing::get;
use serde_json::{Value, json};

use self::query::query_entries;
pub use self::store::shared_entry_sharing;
use self::store::{Scope, SharedStore, Store, StoreRoute, UserStore, Wording};
use super::QueryParams;
use super::system::metadata_timestamp;
use crate::auth::CurrentUser;
use crate::data_values::parse_timestamp;
use crate::state::SharedState;
use crate::web_message::{ApiResult, WebMessage};

/// Routes of both stores.
pub fn routes() -> Router<SharedState> {
    store_routes::<SharedStore>("/api/dataStore")
        .route(
            "/api/dataStore/{namespace}/{key}/metaData",
            get(entry_metadata),
        )
        .merge(store_routes::<UserStore>("/api/userDataStore"))
}

/// The key-value routes of one store under `base`.
fn store_routes<S: StoreRoute>(base: &str) -> Router<SharedState> {
    Router::new()
        .route(base, get(namespaces::<S>))
        .route(
            &format!("{base}/{{namespace}}"),
            get(namespace_keys::<S>).delete(delete_namespace::<S>),
        )
        .route(
            &format!("{base}/{{namespace}}/{{key}}"),
            get(read_entry::<S>)
                .post(create_entry::<S>)
                .put(update_entry::<S>)
                .delete(delete_entry::<S>),
        )
}

/// The namespaces the caller may see.
async fn namespaces<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    let visible: Vec<String> = scope
        .namespaces(&state)?
        .into_iter()
        .filter(|name| scope.check_namespace(&state, &user, name).is_ok())
        .collect();
    Ok(Json(json!(visible)))
}

/// The keys of a namespace (404 when it has none); on the shared store also `?lastUpdated=` and,
/// with `fields`, the query API.
async fn namespace_keys<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(namespace): Path<String>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let extensions = scope.store.has_extensions();
    let params = QueryParams::from_uri(&uri);
    if extensions && params.get("fields").is_some() && state.behaviour.data_store_query_api {
        let entries = scope.visible_entries(&state, &user, scope.entries(&state, &namespace)?)?;
        return Ok(Json(query_entries(
            entries,
            &params,
            state.behaviour.generic_error_codes,
        )?));
    }
    let since = params
        .get("lastUpdated")
        .filter(|_| extensions)
        .and_then(parse_timestamp);
    let all = scope.visible_entries(&state, &user, scope.entries(&state, &namespace)?)?;
    if all.is_empty() {
        return Err(Wording::of(scope.store, &state).namespace_not_found(&namespace));
    }
    let keys: Vec<String> = all
        .into_iter()
        .filter(|entry| since.is_none_or(|since| entry.last_updated >= since))
        .map(|entry| entry.key)
        .collect();
    Ok(Json(json!(keys)))
}

/// The stored JSON value of a key; on the shared store (2.39+) `keys` lists the namespace.
async fn read_entry<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let wording = Wording::of(scope.store, &state);
    if scope.store.has_extensions() && key == "keys" && state.behaviour.version.minor() >= 39 {
        let keys: Vec<String> = scope
            .visible_entries(&state, &user, scope.entries(&state, &namespace)?)?
            .into_iter()
            .map(|entry| entry.key)
            .collect();
        if keys.is_empty() {
            return Err(wording.namespace_not_found(&namespace));
        }
        return Ok(Json(json!(keys)));
    }
    let entry = scope
        .find(&state, &namespace, &key)?
        .ok_or_else(|| wording.key_not_found(&namespace, &key))?;
    scope.check_entry_read(&state, &user, &namespace, &entry)?;
    Ok(Json(entry.value))
}

/// `GET /api/dataStore/{namespace}/{key}/metaData`: the entry without its value.
async fn entry_metadata(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let scope = Scope::of(Store::Shared, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let entry = scope
        .find(&state, &namespace, &key)?
        .ok_or_else(|| Wording::of(scope.store, &state).key_not_found(&namespace, &key))?;
    scope.check_entry_read(&state, &user, &namespace, &entry)?;
    let sharing = shared_entry_sharing(&state, &entry)?;
    let write = sharing.can_write(&user);
    let timestamp = |millis: i64| {
        metadata_timestamp(chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default())
    };
    Ok(Json(json!({
        "id": entry.uid,
        "created": timestamp(entry.created),
        "lastUpdated": timestamp(entry.last_updated),
        "createdBy": {"username": entry.created_by},
        "namespace": namespace,
        "key": entry.key,
        "sharing": sharing.to_json(),
        "access": {"read": true, "update": write, "externalize": false, "delete": write, "write": write, "manage": write},
    })))
}

/// The request body as a JSON value.
fn parse_body(wording: &Wording, key: &str, body: &[u8]) -> ApiResult<Value> {
    serde_json::from_slice::<Value>(body).map_err(|_| wording.invalid_json(key))
}

/// Creates a key (409 when it exists).
async fn create_entry<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
    body: Bytes,
) -> ApiResult<WebMessage> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let wording = Wording::of(scope.store, &state);
    if scope.find(&state, &namespace, &key)?.is_some() {
        return Err(wording.key_exists(&namespace, &key));
    }
    let value = parse_body(&wording, &key, &body)?;
    scope.write(&state, &namespace, &key, &value)?;
    Ok(wording.created(&namespace, &key))
}

/// Replaces a key's value; a missing key is 404, or created where the version upserts.
async fn update_entry<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
    body: Bytes,
) -> ApiResult<WebMessage> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let wording = Wording::of(scope.store, &state);
    let existing = scope.find(&state, &namespace, &key)?;
    if let Some(entry) = &existing {
        scope.check_entry_write(&state, &user, &namespace, entry, "update")?;
    }
    let exists = existing.is_some();
    let upserts = scope.store.has_extensions() && state.behaviour.data_store_put_upserts;
    if !exists && !upserts {
        return Err(wording.key_not_found(&namespace, &key));
    }
    let value = parse_body(&wording, &key, &body)?;
    scope.write(&state, &namespace, &key, &value)?;
    Ok(if exists {
        wording.updated(&key)
    } else {
        wording.created(&namespace, &key)
    })
}

/// Deletes a key (404 when there is none).
async fn delete_entry<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    uri: Uri,
) -> ApiResult<WebMessage> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let wording = Wording::of(scope.store, &state);
    if let Some(entry) = scope.find(&state, &namespace, &key)? {
        scope.check_entry_write(&state, &user, &namespace, &entry, "delete")?;
    }
    if scope.delete_key(&state, &namespace, &key)? == 0 {
        return Err(wording.key_not_found(&namespace, &key));
    }
    Ok(wording.key_deleted(&namespace, &key))
}

/// Deletes a namespace (404 when it has no keys).
async fn delete_namespace<S: StoreRoute>(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(namespace): Path<String>,
    uri: Uri,
) -> ApiResult<WebMessage> {
    let scope = Scope::of(S::STORE, &state, &user, &uri)?;
    scope.check_namespace(&state, &user, &namespace)?;
    let wording = Wording::of(scope.store, &state);
    if scope.delete_namespace(&state, &namespace)? == 0 {
        return Err(wording.namespace_not_found(&namespace));
    }
    Ok(wording.namespace_deleted(&namespace))
}
