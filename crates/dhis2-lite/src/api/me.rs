//! The current user: `/api/me`, `/api/me/authorization[/X]` and `/api/userSettings`
//! (reference §2.1, §2.2, §2.4).

use axum::Json;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::QueryParams;
use super::query;
use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/me", get(me))
        .route("/api/me/authorization", get(authorities))
        .route("/api/me/authorities", get(authorities))
        .route("/api/me/authorization/{authority}", get(has_authority))
        .route("/api/me/authorities/{authority}", get(has_authority))
        .route("/api/me/settings", get(user_settings))
        .route("/api/me/settings/{key}", get(user_setting))
        .route("/api/userSettings", get(user_settings))
        .route(
            "/api/userSettings/{key}",
            get(user_setting)
                .post(save_user_setting)
                .delete(delete_user_setting),
        )
}

const DEFAULT_USER_SETTINGS: [(&str, &str); 6] = [
    ("keyUiLocale", "en"),
    ("keyDbLocale", "en"),
    ("keyStyle", "light_blue/light_blue.css"),
    ("keyAnalysisDisplayProperty", "name"),
    ("keyMessageEmailNotification", "true"),
    ("keyMessageSmsNotification", "true"),
];

fn setting_value(text: &str) -> Value {
    match text {
        "true" => json!(true),
        "false" => json!(false),
        other => json!(other),
    }
}

/// The user's settings with fallbacks.
pub fn settings_of(
    connection: &Connection,
    username: &str,
    use_fallback: bool,
) -> ApiResult<Map<String, Value>> {
    let mut settings = Map::new();
    if use_fallback {
        for (key, value) in DEFAULT_USER_SETTINGS {
            settings.insert(key.into(), setting_value(value));
        }
    }
    let mut statement =
        connection.prepare("SELECT key, value FROM user_setting WHERE username = ?1")?;
    let rows = statement.query_map([username], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (key, value) = row?;
        settings.insert(key, setting_value(&value));
    }
    Ok(settings)
}

fn references(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

/// The `/api/me` object of `user` for the emulated version, before field filtering.
pub fn me_object(state: &SharedState, user: &User) -> ApiResult<Map<String, Value>> {
    let settings = settings_of(&*state.database()?, &user.username, true)?;
    let data_sets: Vec<String> = state
        .metadata()
        .catalog
        .data_sets
        .iter()
        .map(|data_set| data_set.uid.clone())
        .collect();
    let created = "2023-06-01T08:00:00.000";
    let role = json!({"id": user.user_role.0});
    let mut object = Map::new();
    object.insert("id".into(), json!(user.uid));
    if state.behaviour.me_has_username {
        object.insert("username".into(), json!(user.username));
    }
    object.insert("surname".into(), json!(user.surname));
    object.insert("firstName".into(), json!(user.first_name));
    object.insert("name".into(), json!(user.display_name()));
    object.insert("displayName".into(), json!(user.display_name()));
    if let Some(email) = &user.email {
        object.insert("email".into(), json!(email));
    }
    object.insert("created".into(), json!(created));
    object.insert("lastUpdated".into(), json!(created));
    object.insert("externalAccess".into(), json!(false));
    object.insert(
        "organisationUnits".into(),
        references(&user.organisation_units),
    );
    object.insert(
        "dataViewOrganisationUnits".into(),
        references(user.view_org_units()),
    );
    object.insert("teiSearchOrganisationUnits".into(), json!([]));
    object.insert(
        "userGroups".into(),
        json!(
            user.user_groups
                .iter()
                .map(|(id, name)| json!({"id": id, "name": name, "displayName": name}))
                .collect::<Vec<_>>()
        ),
    );
    object.insert("userRoles".into(), json!([role]));
    object.insert("attributeValues".into(), json!([]));
    object.insert("translations".into(), json!([]));
    object.insert(
        "userCredentials".into(),
        json!({
            "id": user.uid,
            "username": user.username,
            "externalAuth": false,
            "twoFA": false,
            "passwordLastUpdated": created,
            "disabled": user.disabled,
            "userRoles": [role],
        }),
    );
    object.insert("authorities".into(), json!(user.authorities));
    object.insert("settings".into(), Value::Object(settings));
    object.insert("programs".into(), json!([]));
    object.insert("dataSets".into(), json!(data_sets));
    if state.behaviour.me_has_username {
        object.insert("patTokens".into(), json!([]));
        object.insert("impersonation".into(), Value::Null);
        object.remove("impersonation");
    }
    object.insert(
        "access".into(),
        json!({"manage": true, "externalize": true, "write": true, "read": true, "update": true, "delete": true}),
    );
    Ok(object)
}

async fn me(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let object = me_object(&state, &user)?;
    let params = QueryParams::from_uri(&uri);
    let fields_text = params.all("fields").join(",");
    if fields_text.is_empty() || fields_text == "*" {
        return Ok(Json(Value::Object(object)));
    }
    let fields = query::parse_fields(&fields_text);
    Ok(Json(Value::Object(query::render(
        &state.metadata(),
        &object,
        &fields,
    ))))
}

async fn authorities(Extension(CurrentUser(user)): Extension<CurrentUser>) -> Response {
    let mut response = Json(json!(user.authorities)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

async fn has_authority(
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(authority): Path<String>,
) -> Response {
    Json(json!(user.has_authority(&authority))).into_response()
}

fn target_username(state: &SharedState, user: &User, params: &QueryParams) -> ApiResult<String> {
    let Some(requested) = params.get("user") else {
        return Ok(user.username.clone());
    };
    if requested != user.username && !user.is_superuser() {
        return Err(ApiError::forbidden(
            "Access is denied",
            state.behaviour.generic_error_codes,
        ));
    }
    Ok(requested.to_string())
}

async fn user_settings(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let params = QueryParams::from_uri(&uri);
    let username = target_username(&state, &user, &params)?;
    let use_fallback = params.flag("useFallback").unwrap_or(true);
    let mut settings = settings_of(&*state.database()?, &username, use_fallback)?;
    let keys = params.all("key");
    if !keys.is_empty() {
        settings.retain(|key, _| keys.contains(&key.as_str()));
    }
    Ok(Json(Value::Object(settings)))
}

async fn user_setting(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
) -> ApiResult<Response> {
    let settings = settings_of(&*state.database()?, &user.username, true)?;
    match settings.get(&key) {
        Some(value) => {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            Ok(([(header::CONTENT_TYPE, "text/plain;charset=UTF-8")], text).into_response())
        }
        None => Err(ApiError::not_found(
            format!("No user setting found with key: {key}"),
            state.behaviour.generic_error_codes,
        )),
    }
}

async fn save_user_setting(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
    uri: Uri,
    body: String,
) -> ApiResult<WebMessage> {
    let params = QueryParams::from_uri(&uri);
    let value = params.get("value").map(str::to_string).unwrap_or(body);
    if value.trim().is_empty() {
        return Err(ApiError::conflict(
            "You need to specify a new value",
            state.behaviour.generic_error_codes,
        ));
    }
    let username = target_username(&state, &user, &params)?;
    state.database()?.execute(
        "INSERT INTO user_setting (username, key, value) VALUES (?1, ?2, ?3) \
         ON CONFLICT(username, key) DO UPDATE SET value = excluded.value",
        [&username, &key, &value],
    )?;
    Ok(WebMessage::ok("User setting saved"))
}

async fn delete_user_setting(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
) -> ApiResult<StatusCode> {
    state.database()?.execute(
        "DELETE FROM user_setting WHERE username = ?1 AND key = ?2",
        [&user.username, &key],
    )?;
    Ok(StatusCode::NO_CONTENT)
}
