//! `/api/sharing?type=dataStore&id=<uid>` (reference additions, "Sharing of dataStore
//! entries"): reading and setting the sharing of a dataStore entry, found by the `id` its
//! `metaData` gives. DHIS2's sharing endpoint serves every shareable type; dhis2-lite keeps
//! sharing for dataStore entries here (routes carry theirs in their own payload), so other
//! types answer 409 as an unsupported type does in DHIS2.
//!
//! Who may change an entry's sharing: whoever may write it (its owner — the user who created
//! it —, superusers, `w` access), as DHIS2's `AclService.canManage`.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::Uri;
use axum::routing::get;
use serde_json::{Value, json};

use super::QueryParams;
use super::data_store::shared_entry_sharing;
use super::key_value::{DATA_STORE, Entry, set_entry_sharing};
use crate::auth::CurrentUser;
use crate::sharing::Sharing;
use crate::state::SharedState;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of `/api/sharing`.
pub fn routes() -> Router<SharedState> {
    Router::new().route("/api/sharing", get(read).post(set).put(set))
}

/// The dataStore entry the request names, and whether `user` may read it.
fn named_entry(state: &SharedState, uri: &Uri) -> ApiResult<Entry> {
    let params = QueryParams::from_uri(uri);
    let codes = state.behaviour.generic_error_codes;
    let kind = params.get("type").unwrap_or_default().to_string();
    if kind != "dataStore" {
        return Err(ApiError::conflict(
            format!("Type {kind} is not supported."),
            codes,
        ));
    }
    let id = params.get("id").unwrap_or_default().to_string();
    DATA_STORE
        .find_by_uid(&*state.database()?, &id)?
        .map(|(_, entry)| entry)
        .ok_or_else(|| {
            ApiError::not_found(
                format!("Object of type {kind} with ID {id} was not found."),
                codes,
            )
        })
}

/// `GET /api/sharing?type=dataStore&id=…`: the entry's sharing in the older form.
async fn read(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let entry = named_entry(&state, &uri)?;
    let sharing = shared_entry_sharing(&state, &entry)?;
    if !sharing.can_read(&user) {
        return Err(denied(&state));
    }
    let accesses = |list: &[(String, String)]| {
        list.iter()
            .map(|(id, access)| json!({"id": id, "access": access}))
            .collect::<Vec<_>>()
    };
    Ok(Json(json!({
        "meta": {"allowPublicAccess": true, "allowExternalAccess": false},
        "object": {
            "id": entry.uid,
            "name": entry.key,
            "displayName": entry.key,
            "publicAccess": sharing.public,
            "externalAccess": false,
            "user": sharing.owner.as_ref().map(|owner| json!({"id": owner})),
            "userAccesses": accesses(&sharing.users),
            "userGroupAccesses": accesses(&sharing.user_groups),
        }
    })))
}

/// `POST` (or `PUT`) `/api/sharing?type=dataStore&id=…` with `{"object": {publicAccess,
/// userAccesses, userGroupAccesses}}`: replaces the entry's sharing; its owner stays.
async fn set(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
    body: Bytes,
) -> ApiResult<WebMessage> {
    let entry = named_entry(&state, &uri)?;
    let current = shared_entry_sharing(&state, &entry)?;
    if !current.can_write(&user) {
        return Err(denied(&state));
    }
    let codes = state.behaviour.generic_error_codes;
    let payload: Value = serde_json::from_slice(&body)
        .map_err(|_| ApiError::bad_request("Invalid JSON payload", codes))?;
    let Some(object) = payload.get("object").and_then(Value::as_object) else {
        return Err(ApiError::bad_request("Missing `object` in payload", codes));
    };
    let mut sharing = Sharing::of(object);
    if !object.contains_key("publicAccess") && !object.contains_key("sharing") {
        sharing.public = current.public.clone();
    }
    sharing.owner = current.owner.clone();
    set_entry_sharing(&*state.database()?, &entry.uid, &sharing.to_json())?;
    Ok(WebMessage::ok("Access control set"))
}

fn denied(state: &SharedState) -> ApiError {
    ApiError::forbidden(
        "You do not have manage access to this object.",
        state.behaviour.generic_error_codes,
    )
}
