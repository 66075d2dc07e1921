//! `/api/systemSettings` (reference §2.5) and `/api/configuration/corsWhitelist` (§11, with the
//! `corsAllowlist` alias where the version has it).

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::QueryParams;
use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/systemSettings", get(all_settings).post(save_settings))
        .route(
            "/api/systemSettings/{key}",
            get(one_setting).post(save_setting).delete(delete_setting),
        )
        .route(
            "/api/configuration/corsWhitelist",
            get(cors_list).post(set_cors_list).put(set_cors_list),
        )
        .route(
            "/api/configuration/corsAllowlist",
            get(cors_list).post(set_cors_list).put(set_cors_list),
        )
}

/// Default system settings.
fn defaults(state: &SharedState) -> Vec<(&'static str, Value)> {
    let mut settings = vec![
        ("applicationTitle", json!("Mambara HMIS")),
        ("keyCalendar", json!("iso8601")),
        ("keyDateFormat", json!("yyyy-MM-dd")),
        (
            "analyticsFinancialYearStart",
            json!("FINANCIAL_YEAR_OCTOBER"),
        ),
        ("keyIncludeZeroValuesInAnalytics", json!(false)),
        ("keyDataImportStrictPeriods", json!(false)),
        ("keyDataImportStrictDataElements", json!(false)),
        ("keyDataImportStrictCategoryOptionCombos", json!(false)),
        ("keyDataImportStrictOrganisationUnits", json!(false)),
        ("keyDataImportStrictAttributeOptionCombos", json!(false)),
        ("keyDataImportRequireCategoryOptionCombo", json!(false)),
        ("keyDataImportRequireAttributeOptionCombo", json!(false)),
        ("keyUiLocale", json!("en")),
        ("keyDbLocale", json!("en")),
        ("keyAnalysisDisplayProperty", json!("name")),
    ];
    if state.behaviour.strict_data_set_flags {
        settings.push(("keyDataImportStrictDataSetApproval", json!(false)));
        settings.push(("keyDataImportStrictDataSetLocking", json!(false)));
        settings.push(("keyDataImportStrictDataSetInputPeriods", json!(false)));
    }
    if state.behaviour.version.minor() >= 40 {
        settings.push(("analyticsWeeklyStart", json!("WEEKLY")));
    }
    settings
}

/// Every system setting (stored over defaults).
pub fn settings_map(state: &SharedState) -> ApiResult<Map<String, Value>> {
    let mut settings: Map<String, Value> = defaults(state)
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect();
    let connection = state.database()?;
    let mut statement = connection.prepare("SELECT key, value FROM system_setting")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (key, value) = row?;
        settings.insert(
            key,
            serde_json::from_str(&value).unwrap_or(Value::String(value)),
        );
    }
    Ok(settings)
}

fn require_setting_authority(state: &SharedState, user: &User) -> ApiResult<()> {
    if user.has_authority("F_SYSTEM_SETTING") {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            if state.behaviour.forbidden_names_authority {
                "Access is denied, requires one Authority from [F_SYSTEM_SETTING]"
            } else {
                "Access is denied"
            },
            state.behaviour.generic_error_codes,
        ))
    }
}

fn store_setting(state: &SharedState, key: &str, value: &Value) -> ApiResult<()> {
    state.database()?.execute(
        "INSERT INTO system_setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, &value.to_string()],
    )?;
    Ok(())
}

/// Interprets a text value as JSON when it is a boolean or number, else as a string.
fn setting_from_text(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Bool(_) | Value::Number(_) | Value::Object(_) | Value::Array(_))) => {
            value
        }
        Ok(Value::String(inner)) => Value::String(inner),
        _ => Value::String(text.to_string()),
    }
}

async fn all_settings(State(state): State<SharedState>, uri: Uri) -> ApiResult<Json<Value>> {
    let params = QueryParams::from_uri(&uri);
    let mut settings = settings_map(&state)?;
    let keys = params.all("key");
    if !keys.is_empty() {
        settings.retain(|key, _| keys.contains(&key.as_str()));
    }
    Ok(Json(Value::Object(settings)))
}

async fn one_setting(
    State(state): State<SharedState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let settings = settings_map(&state)?;
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    Ok(match settings.get(&key) {
        Some(value) if wants_json => Json(json!({ key: value })).into_response(),
        Some(value) => {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            ([(header::CONTENT_TYPE, "text/plain;charset=UTF-8")], text).into_response()
        }
        None if wants_json => Json(json!({})).into_response(),
        None => StatusCode::OK.into_response(),
    })
}

async fn save_setting(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
    uri: Uri,
    body: Bytes,
) -> ApiResult<WebMessage> {
    require_setting_authority(&state, &user)?;
    let params = QueryParams::from_uri(&uri);
    let text = params
        .get("value")
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
    if text.trim().is_empty() {
        return Err(ApiError::conflict(
            "You need to specify a new value",
            state.behaviour.generic_error_codes,
        ));
    }
    store_setting(&state, &key, &setting_from_text(text.trim()))?;
    Ok(WebMessage::ok(format!(
        "System setting '{key}' set to value '{}'.",
        text.trim()
    )))
}

async fn save_settings(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    body: Bytes,
) -> ApiResult<WebMessage> {
    require_setting_authority(&state, &user)?;
    let settings: Map<String, Value> = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
    })?;
    for (key, value) in &settings {
        store_setting(&state, key, value)?;
    }
    Ok(WebMessage::ok("System settings imported"))
}

async fn delete_setting(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
) -> ApiResult<Response> {
    require_setting_authority(&state, &user)?;
    state
        .database()?
        .execute("DELETE FROM system_setting WHERE key = ?1", [&key])?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The CORS allowlist.
pub fn cors_allowlist(state: &SharedState) -> ApiResult<Vec<String>> {
    use rusqlite::OptionalExtension;
    let stored: Option<String> = state
        .database()?
        .query_row(
            "SELECT value FROM configuration WHERE key = 'corsWhitelist'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(stored
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

async fn cors_list(State(state): State<SharedState>, uri: Uri) -> ApiResult<Response> {
    if uri.path().ends_with("corsAllowlist") && !state.behaviour.cors_allowlist_alias {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    Ok(Json(json!(cors_allowlist(&state)?)).into_response())
}

async fn set_cors_list(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
    body: Bytes,
) -> ApiResult<Response> {
    if uri.path().ends_with("corsAllowlist") && !state.behaviour.cors_allowlist_alias {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    if !user.has_authority("F_SYSTEM_SETTING") {
        return Err(ApiError::forbidden(
            "Access is denied",
            state.behaviour.generic_error_codes,
        ));
    }
    let list: Vec<String> = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
    })?;
    state.database()?.execute(
        "INSERT INTO configuration (key, value) VALUES ('corsWhitelist', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(&list).unwrap_or_default()],
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
