//! `/api/userRoles`: the roles of the seeded users and, as in DHIS2, the way an administrator
//! changes what a user may do (`PUT /api/userRoles/{id}` with `authorities`). Every dhis2-lite
//! user holds one role; a role's authorities are those of its users. `/api/userGroups`: the
//! groups the users belong to (what object sharing can name, e.g. a route's).

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::users::{User, all_users};
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/userRoles", get(list))
        .route("/api/userRoles/{id}", get(single).put(update))
        .route("/api/userGroups", get(list_groups))
}

/// `GET /api/userGroups`: every group some user belongs to, by name (`id`, `name`,
/// `displayName`, `users`: its members as references). The users' accounts are the one record
/// of group membership (sharing and messages to a group read it too).
async fn list_groups(State(state): State<SharedState>) -> ApiResult<Json<Value>> {
    let users = all_users(&*state.database()?)?;
    let mut groups: Vec<(String, String)> = users
        .iter()
        .flat_map(|user| user.user_groups.iter().cloned())
        .collect();
    groups.sort_by(|left, right| {
        (left.1.to_lowercase(), &left.0).cmp(&(right.1.to_lowercase(), &right.0))
    });
    groups.dedup_by(|left, right| left.0 == right.0);
    let listed: Vec<Value> = groups
        .into_iter()
        .map(|(id, name)| {
            let members: Vec<Value> = users
                .iter()
                .filter(|user| user.in_group(&id))
                .map(|user| json!({"id": user.uid}))
                .collect();
            json!({"id": id, "name": name, "displayName": name, "users": members})
        })
        .collect();
    Ok(Json(json!({"userGroups": listed})))
}

fn role_json(users: &[User], id: &str) -> Option<Value> {
    let members: Vec<&User> = users.iter().filter(|user| user.user_role.0 == id).collect();
    let first = members.first()?;
    Some(json!({
        "id": id,
        "name": first.user_role.1,
        "displayName": first.user_role.1,
        "authorities": first.authorities,
        "users": members.iter().map(|user| json!({"id": user.uid})).collect::<Vec<_>>(),
    }))
}

fn not_found(state: &SharedState, id: &str) -> ApiError {
    ApiError::not_found(
        format!("UserRole with id {id} could not be found."),
        state.behaviour.generic_error_codes,
    )
}

async fn list(State(state): State<SharedState>) -> ApiResult<Json<Value>> {
    let users = all_users(&*state.database()?)?;
    let mut ids: Vec<&str> = users.iter().map(|user| user.user_role.0.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let roles: Vec<Value> = ids
        .iter()
        .filter_map(|id| role_json(&users, id))
        .map(|role| json!({"id": role["id"], "displayName": role["displayName"]}))
        .collect();
    Ok(Json(json!({"userRoles": roles})))
}

async fn single(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let users = all_users(&*state.database()?)?;
    role_json(&users, &id)
        .map(Json)
        .ok_or_else(|| not_found(&state, &id))
}

/// Replaces the role's `name` and `authorities` (superusers only), for every user holding it.
async fn update(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let generic = state.behaviour.generic_error_codes;
    if !user.is_superuser() {
        return Err(ApiError::forbidden(
            "You don't have the proper permissions to update this object.",
            generic,
        ));
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(error.to_string(), generic))?;
    let connection = state.database()?;
    let members: Vec<User> = all_users(&connection)?
        .into_iter()
        .filter(|member| member.user_role.0 == id)
        .collect();
    if members.is_empty() {
        return Err(not_found(&state, &id));
    }
    let authorities: Vec<String> = body
        .get("authorities")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    for mut member in members {
        member.authorities = authorities.clone();
        if let Some(name) = body.get("name").and_then(Value::as_str) {
            member.user_role.1 = name.to_string();
        }
        connection.execute(
            "UPDATE app_user SET json = ?1 WHERE uid = ?2",
            rusqlite::params![
                serde_json::to_string(&member).unwrap_or_default(),
                member.uid
            ],
        )?;
    }
    let mut message = WebMessage::ok("");
    message.message = None;
    Ok(message
        .with_response(json!({
            "responseType": "ObjectReport",
            "uid": id,
            "klass": "org.hisp.dhis.user.UserRole",
            "errorReports": [],
        }))
        .into_response())
}
