//! `/api/messageConversations`: DHIS2's private messages (the inbox of every user), as far as
//! sending a message and reading one's own conversations go (reference: crates/dhis2-lite's
//! `reference-additions.md` §Messaging, from DHIS2's `MessageConversationController`).
//!
//! `POST` with `{subject, text, users, userGroups, organisationUnits}` starts a conversation
//! whose participants are the listed users, every member of the listed user groups, every user
//! assigned to the listed org units, and the sender. `GET` lists the current user's
//! conversations; `GET /{id}` reads one with its messages (participants only). Replies, read
//! marks, tickets and attachments are not served. Not here: e-mail or SMS delivery.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rusqlite::OptionalExtension;
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::metadata::Kind;
use crate::state::SharedState;
use crate::uid::random_uid;
use crate::users::{User, all_users};
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/messageConversations", get(list).post(create))
        .route("/api/messageConversations/{id}", get(single))
}

/// The ids of a list of references (`[{"id": "…"}]`) in a request body.
fn ids(body: &Value, property: &str) -> Vec<String> {
    body.get(property)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get("id").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The recipients of a new conversation, in DHIS2's order of checks: org units (409 when one does
/// not exist), users (409), user groups (404).
fn recipients(state: &SharedState, users: &[User], body: &Value) -> ApiResult<Vec<String>> {
    let generic = state.behaviour.generic_error_codes;
    let metadata = state.metadata();
    let mut recipients: Vec<String> = Vec::new();
    let mut add = |uid: &str| {
        if !recipients.iter().any(|known| known == uid) {
            recipients.push(uid.to_string());
        }
    };
    for org_unit in ids(body, "organisationUnits") {
        if metadata
            .get_of_kind(Kind::OrganisationUnit, &org_unit)
            .is_none()
        {
            return Err(ApiError::conflict(
                format!("Organisation Unit does not exist: {org_unit}"),
                generic,
            ));
        }
        for user in users
            .iter()
            .filter(|user| user.organisation_units.contains(&org_unit))
        {
            add(&user.uid);
        }
    }
    for uid in ids(body, "users") {
        if !users.iter().any(|user| user.uid == uid) {
            return Err(ApiError::conflict(
                format!("User does not exist: {uid}"),
                generic,
            ));
        }
        add(&uid);
    }
    // Group membership is kept on the users' accounts (as `/api/userGroups` lists it).
    for group_id in ids(body, "userGroups") {
        let members: Vec<&str> = users
            .iter()
            .filter(|user| user.in_group(&group_id))
            .map(|user| user.uid.as_str())
            .collect();
        if members.is_empty() {
            return Err(ApiError::not_found(
                format!("UserGroup with id {group_id} could not be found."),
                generic,
            ));
        }
        for member in members {
            add(member);
        }
    }
    Ok(recipients)
}

/// `POST /api/messageConversations`: 201 WebMessage `Message conversation created` with a
/// `Location` header; 409 `No recipients selected.` when nobody would receive it.
async fn create(
    State(state): State<SharedState>,
    Extension(CurrentUser(sender)): Extension<CurrentUser>,
    body: Bytes,
) -> ApiResult<Response> {
    let generic = state.behaviour.generic_error_codes;
    let body: Value = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(error.to_string(), generic))?;
    let connection = state.database()?;
    let users = all_users(&connection)?;
    let recipients = recipients(&state, &users, &body)?;
    if recipients.is_empty() {
        return Err(ApiError::conflict("No recipients selected.", generic));
    }
    let mut participants = recipients;
    if !participants.contains(&sender.uid) {
        participants.push(sender.uid.clone());
    }
    let now = crate::api::system::metadata_timestamp(state.clock.now());
    let uid = random_uid();
    let text = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
    let stored = json!({
        "subject": text("subject"),
        "messageType": "PRIVATE",
        "created": now,
        "sender": sender.uid,
        "participants": participants
            .iter()
            .map(|user| json!({"user": user, "read": *user == sender.uid}))
            .collect::<Vec<_>>(),
        "messages": [{"id": random_uid(), "text": text("text"), "sender": sender.uid, "created": now}],
    });
    connection.execute(
        "INSERT INTO message_conversation (uid, created, json) VALUES (?1, ?2, ?3)",
        rusqlite::params![uid, state.clock.now_millis(), stored.to_string()],
    )?;
    let mut response = WebMessage::created("Message conversation created").into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/messageConversations/{uid}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Every stored conversation the user takes part in, oldest first.
fn conversations_of(state: &SharedState, user: &User) -> ApiResult<Vec<(String, Value)>> {
    let connection = state.database()?;
    let mut statement =
        connection.prepare("SELECT uid, json FROM message_conversation ORDER BY created, uid")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut conversations = Vec::new();
    for row in rows {
        let (uid, text) = row?;
        let Ok(stored) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if takes_part(&stored, &user.uid) {
            conversations.push((uid, stored));
        }
    }
    Ok(conversations)
}

fn takes_part(stored: &Value, user: &str) -> bool {
    stored["participants"]
        .as_array()
        .is_some_and(|participants| participants.iter().any(|p| p["user"] == user))
}

/// A conversation as the API shows it to `user`.
fn conversation_json(uid: &str, stored: &Value, user: &str, users: &[User]) -> Value {
    let person = |id: &Value| {
        let name = users
            .iter()
            .find(|known| known.uid == id.as_str().unwrap_or_default())
            .map(User::display_name)
            .unwrap_or_default();
        json!({"id": id, "name": name, "displayName": name})
    };
    let messages: Vec<Value> = stored["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|message| {
            json!({
                "id": message["id"],
                "text": message["text"],
                "sender": person(&message["sender"]),
                "created": message["created"],
                "lastUpdated": message["created"],
                "internal": false,
            })
        })
        .collect();
    let read = stored["participants"]
        .as_array()
        .and_then(|participants| participants.iter().find(|p| p["user"] == user))
        .and_then(|participant| participant["read"].as_bool())
        .unwrap_or(false);
    json!({
        "id": uid,
        "name": stored["subject"],
        "displayName": stored["subject"],
        "subject": stored["subject"],
        "messageType": stored["messageType"],
        "created": stored["created"],
        "lastUpdated": stored["created"],
        "lastMessage": stored["created"],
        "lastSender": person(&stored["sender"]),
        "messageCount": messages.len(),
        "read": read,
        "messages": messages,
        "userMessages": stored["participants"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|participant| json!({"user": person(&participant["user"]), "read": participant["read"]}))
            .collect::<Vec<_>>(),
    })
}

/// `GET /api/messageConversations`: the current user's conversations, newest first, each with
/// its messages (dhis2-lite ignores `fields`).
async fn list(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> ApiResult<Json<Value>> {
    let users = all_users(&*state.database()?)?;
    let mut conversations: Vec<Value> = conversations_of(&state, &user)?
        .iter()
        .map(|(uid, stored)| conversation_json(uid, stored, &user.uid, &users))
        .collect();
    conversations.reverse();
    let total = conversations.len();
    Ok(Json(json!({
        "pager": {"page": 1, "pageCount": 1, "total": total, "pageSize": total.max(50)},
        "messageConversations": conversations,
    })))
}

/// `GET /api/messageConversations/{id}`: one conversation of the current user (404 otherwise).
async fn single(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let generic = state.behaviour.generic_error_codes;
    let stored: Option<String> = state
        .database()?
        .query_row(
            "SELECT json FROM message_conversation WHERE uid = ?1",
            [&id],
            |row| row.get(0),
        )
        .optional()?;
    let stored = stored.and_then(|text| serde_json::from_str::<Value>(&text).ok());
    match stored {
        Some(stored) if takes_part(&stored, &user.uid) || user.is_superuser() => {
            let users = all_users(&*state.database()?)?;
            Ok(Json(conversation_json(&id, &stored, &user.uid, &users)).into_response())
        }
        _ => Err(ApiError::not_found(
            format!("MessageConversation with id {id} could not be found."),
            generic,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_lists_are_read_by_id() {
        let body = json!({"users": [{"id": "a"}, {"name": "no id"}], "userGroups": []});
        assert_eq!(ids(&body, "users"), vec!["a".to_string()]);
        assert!(ids(&body, "userGroups").is_empty());
        assert!(ids(&body, "organisationUnits").is_empty());
    }

    #[test]
    fn only_participants_take_part() {
        let stored = json!({"participants": [{"user": "a", "read": true}]});
        assert!(takes_part(&stored, "a"));
        assert!(!takes_part(&stored, "b"));
    }
}
