//! `/api/dataStore` (reference §8): namespaces, keys, CRUD with each version's status codes and
//! wording, the metaData endpoint, the 2.38+ query API (`fields`, `filter`, `order`, paging) and
//! protection of namespaces reserved by installed apps.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::QueryParams;
use super::key_value::{DATA_STORE, Entry};
use crate::auth::CurrentUser;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/dataStore", get(namespaces))
        .route(
            "/api/dataStore/{namespace}",
            get(namespace_keys).delete(delete_namespace),
        )
        .route(
            "/api/dataStore/{namespace}/{key}",
            get(read_entry)
                .post(create_entry)
                .put(update_entry)
                .delete(delete_entry),
        )
        .route(
            "/api/dataStore/{namespace}/{key}/metaData",
            get(entry_metadata),
        )
}

/// Wording of the emulated version.
struct Wording {
    modern: bool,
    codes: bool,
}

impl Wording {
    fn of(state: &SharedState) -> Self {
        Self {
            modern: state.behaviour.data_store_modern_wording,
            codes: state.behaviour.generic_error_codes,
        }
    }

    fn namespace_not_found(&self, namespace: &str) -> ApiError {
        let message = if self.modern {
            format!("Namespace not found: '{namespace}'")
        } else {
            format!("The namespace '{namespace}' was not found.")
        };
        ApiError::not_found(message, self.codes)
    }

    fn key_not_found(&self, namespace: &str, key: &str) -> ApiError {
        let message = if self.modern {
            format!("Key '{key}' not found in namespace '{namespace}'")
        } else {
            format!("The key '{key}' was not found in the namespace '{namespace}'.")
        };
        ApiError::not_found(message, self.codes)
    }
}

/// Whether `user` may read and write `namespace` (app-reserved namespaces are RESTRICTED).
fn check_protection(state: &SharedState, user: &User, namespace: &str) -> ApiResult<()> {
    if user.is_superuser() {
        return Ok(());
    }
    if let Some(app) = super::apps::namespace_owner(state, namespace)?
        && !user.has_authority("M_dhis-web-app-management")
        && !user.has_authority(&app.see_app_authority())
    {
        let message = if state.behaviour.data_store_modern_wording {
            format!("Namespace '{namespace}' is protected, access denied")
        } else {
            format!("You do not have the authority to access the namespace '{namespace}'.")
        };
        return Err(ApiError::forbidden(
            message,
            state.behaviour.generic_error_codes,
        ));
    }
    Ok(())
}

async fn namespaces(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        let names = DATA_STORE.namespaces(&*state.database()?, "")?;
        let visible: Vec<String> = names
            .into_iter()
            .filter(|name| check_protection(&state, &user, name).is_ok())
            .collect();
        Ok(json!(visible))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

fn entries(state: &SharedState, namespace: &str) -> ApiResult<Vec<Entry>> {
    Ok(DATA_STORE.entries(&*state.database()?, namespace)?)
}

fn path_value<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path == "." {
        return Some(value);
    }
    path.split('.')
        .try_fold(value, |current, segment| current.get(segment))
}

fn entry_path_value(entry: &Entry, path: &str) -> Option<Value> {
    if path == "_" {
        return Some(json!(entry.key));
    }
    path_value(&entry.value, path).cloned()
}

fn compare(left: &Value, right: &str) -> std::cmp::Ordering {
    match (left.as_f64(), right.parse::<f64>()) {
        (Some(left), Ok(right)) => left
            .partial_cmp(&right)
            .unwrap_or(std::cmp::Ordering::Equal),
        _ => value_text(left).as_str().cmp(right),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn filter_matches(entry: &Entry, filter: &str) -> Result<bool, String> {
    let mut parts = filter.splitn(3, ':');
    let path = parts.next().unwrap_or_default();
    let operator = parts
        .next()
        .ok_or_else(|| format!("Invalid filter: {filter}"))?;
    let operand = parts.next().unwrap_or_default();
    let value = entry_path_value(entry, path);
    let text = value.as_ref().map(value_text);
    let lower = operand.to_lowercase();
    Ok(match operator {
        "eq" => text.as_deref() == Some(operand),
        "!eq" | "ne" | "neq" => text.as_deref() != Some(operand),
        "lt" => value.is_some_and(|value| compare(&value, operand).is_lt()),
        "le" => value.is_some_and(|value| compare(&value, operand).is_le()),
        "gt" => value.is_some_and(|value| compare(&value, operand).is_gt()),
        "ge" => value.is_some_and(|value| compare(&value, operand).is_ge()),
        "null" => value.is_none_or(|value| value.is_null()),
        "!null" => value.is_some_and(|value| !value.is_null()),
        "empty" => value.is_some_and(|value| {
            value.as_array().is_some_and(Vec::is_empty)
                || value.as_object().is_some_and(Map::is_empty)
                || value.as_str() == Some("")
        }),
        "!empty" => !value.is_some_and(|value| {
            value.as_array().is_some_and(Vec::is_empty)
                || value.as_object().is_some_and(Map::is_empty)
                || value.as_str() == Some("")
        }),
        "like" => text.is_some_and(|text| text.contains(operand)),
        "!like" => !text.is_some_and(|text| text.contains(operand)),
        "ilike" => text.is_some_and(|text| text.to_lowercase().contains(&lower)),
        "!ilike" => !text.is_some_and(|text| text.to_lowercase().contains(&lower)),
        "$like" => text.is_some_and(|text| text.starts_with(operand)),
        "like$" => text.is_some_and(|text| text.ends_with(operand)),
        "in" | "!in" => {
            let list: Vec<&str> = operand
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .collect();
            let found = text.is_some_and(|text| list.contains(&text.as_str()));
            (operator == "in") == found
        }
        other => {
            return Err(format!(
                "Unknown error when running the query: unknown operator {other}"
            ));
        }
    })
}

fn query_entries(state: &SharedState, namespace: &str, params: &QueryParams) -> ApiResult<Value> {
    let codes = state.behaviour.generic_error_codes;
    let mut matching = entries(state, namespace)?;
    let filters = params.all("filter");
    let or_junction = params
        .get("rootJunction")
        .is_some_and(|junction| junction.eq_ignore_ascii_case("OR"));
    let mut kept = Vec::new();
    for entry in matching.drain(..) {
        let results = filters
            .iter()
            .map(|filter| filter_matches(&entry, filter))
            .collect::<Result<Vec<bool>, String>>()
            .map_err(|message| ApiError::bad_request(message, codes))?;
        let keep = results.is_empty()
            || if or_junction {
                results.iter().any(|flag| *flag)
            } else {
                results.iter().all(|flag| *flag)
            };
        if keep {
            kept.push(entry);
        }
    }
    if let Some(order) = params.get("order") {
        let (path, direction) = order.split_once(':').unwrap_or((order, "asc"));
        kept.sort_by(|left, right| {
            let left_value = entry_path_value(left, path).unwrap_or(Value::Null);
            let right_value = entry_path_value(right, path).unwrap_or(Value::Null);
            let ordering = compare(&left_value, &value_text(&right_value));
            if direction.ends_with("desc") {
                ordering.reverse()
            } else {
                ordering
            }
        });
    }
    let fields = params.get("fields").unwrap_or(".");
    let render = |entry: &Entry| {
        let mut object = Map::new();
        object.insert("key".into(), json!(entry.key));
        for field in fields
            .split(',')
            .map(str::trim)
            .filter(|field| !field.is_empty())
        {
            let (path, alias) = match field.split_once("~hoist(") {
                Some((path, alias)) => (path, Some(alias.trim_end_matches(')'))),
                None => (field, None),
            };
            let name = alias.unwrap_or(if path == "." { "value" } else { path });
            if let Some(value) = entry_path_value(entry, path) {
                object.insert(name.to_string(), value);
            }
        }
        Value::Object(object)
    };
    let paging = params.flag("paging").unwrap_or(true) && !params.flag("headless").unwrap_or(false);
    if !paging {
        return Ok(Value::Array(kept.iter().map(render).collect()));
    }
    let page = params
        .get("page")
        .and_then(|page| page.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let page_size = params
        .get("pageSize")
        .and_then(|size| size.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, 1000);
    let selected: Vec<Value> = kept
        .iter()
        .skip((page - 1) * page_size)
        .take(page_size)
        .map(render)
        .collect();
    Ok(json!({"pager": {"page": page, "pageSize": page_size}, "entries": selected}))
}

async fn namespace_keys(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(namespace): Path<String>,
    uri: Uri,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        check_protection(&state, &user, &namespace)?;
        let params = QueryParams::from_uri(&uri);
        if params.get("fields").is_some() && state.behaviour.data_store_query_api {
            return query_entries(&state, &namespace, &params);
        }
        let since = params
            .get("lastUpdated")
            .and_then(crate::data_values::parse_timestamp);
        let all = entries(&state, &namespace)?;
        if all.is_empty() {
            return Err(Wording::of(&state).namespace_not_found(&namespace));
        }
        let keys: Vec<String> = all
            .into_iter()
            .filter(|entry| since.is_none_or(|since| entry.last_updated >= since))
            .map(|entry| entry.key)
            .collect();
        Ok(json!(keys))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

fn find_entry(state: &SharedState, namespace: &str, key: &str) -> ApiResult<Option<Entry>> {
    Ok(DATA_STORE.find(&*state.database()?, namespace, key)?)
}

async fn read_entry(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        check_protection(&state, &user, &namespace)?;
        if key == "keys" && state.behaviour.version.minor() >= 39 {
            let keys: Vec<String> = entries(&state, &namespace)?
                .into_iter()
                .map(|entry| entry.key)
                .collect();
            if keys.is_empty() {
                return Err(Wording::of(&state).namespace_not_found(&namespace));
            }
            return Ok(json!(keys));
        }
        find_entry(&state, &namespace, &key)?
            .map(|entry| entry.value)
            .ok_or_else(|| Wording::of(&state).key_not_found(&namespace, &key))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

async fn entry_metadata(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
) -> Response {
    let result = (|| -> ApiResult<Value> {
        check_protection(&state, &user, &namespace)?;
        let entry = find_entry(&state, &namespace, &key)?
            .ok_or_else(|| Wording::of(&state).key_not_found(&namespace, &key))?;
        let timestamp = |millis: i64| {
            crate::api::system::metadata_timestamp(
                chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default(),
            )
        };
        Ok(json!({
            "id": entry.uid,
            "created": timestamp(entry.created),
            "lastUpdated": timestamp(entry.last_updated),
            "createdBy": {"username": entry.created_by},
            "namespace": namespace,
            "key": entry.key,
            "sharing": {"public": "rw------", "external": false, "users": {}, "userGroups": {}},
            "access": {"read": true, "update": true, "externalize": true, "delete": true, "write": true, "manage": true},
        }))
    })();
    result
        .map(|value| Json(value).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

fn parse_body(state: &SharedState, key: &str, body: &[u8]) -> ApiResult<Value> {
    serde_json::from_slice::<Value>(body).map_err(|_| {
        let message = if state.behaviour.data_store_modern_wording {
            format!("Invalid JSON value for key '{key}'")
        } else {
            "The data is not valid JSON.".to_string()
        };
        ApiError::bad_request(message, state.behaviour.generic_error_codes)
    })
}

fn created_message(state: &SharedState, key: &str) -> WebMessage {
    if state.behaviour.data_store_modern_wording {
        WebMessage::created(format!("Key created: '{key}'"))
    } else {
        WebMessage::created(format!("Key '{key}' created."))
    }
}

async fn create_entry(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        check_protection(&state, &user, &namespace)?;
        if find_entry(&state, &namespace, &key)?.is_some() {
            let message = if state.behaviour.data_store_modern_wording {
                format!("Key '{key}' already exists in namespace '{namespace}'")
            } else {
                format!("The key '{key}' already exists on the namespace '{namespace}'.")
            };
            return Err(ApiError::conflict(
                message,
                state.behaviour.generic_error_codes,
            ));
        }
        let value = parse_body(&state, &key, &body)?;
        DATA_STORE.write(
            &*state.database()?,
            &namespace,
            &key,
            &value,
            &user.username,
            state.clock.now_millis(),
        )?;
        Ok(created_message(&state, &key))
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}

async fn update_entry(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        check_protection(&state, &user, &namespace)?;
        let existing = find_entry(&state, &namespace, &key)?;
        if existing.is_none() && !state.behaviour.data_store_put_upserts {
            return Err(Wording::of(&state).key_not_found(&namespace, &key));
        }
        let value = parse_body(&state, &key, &body)?;
        if existing.is_none() {
            DATA_STORE.write(
                &*state.database()?,
                &namespace,
                &key,
                &value,
                &user.username,
                state.clock.now_millis(),
            )?;
            return Ok(created_message(&state, &key));
        }
        DATA_STORE.write(
            &*state.database()?,
            &namespace,
            &key,
            &value,
            &user.username,
            state.clock.now_millis(),
        )?;
        Ok(if state.behaviour.data_store_modern_wording {
            WebMessage::ok(format!("Key updated: '{key}'"))
        } else {
            WebMessage::ok(format!("Key '{key}' updated."))
        })
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}

async fn delete_entry(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((namespace, key)): Path<(String, String)>,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        check_protection(&state, &user, &namespace)?;
        let deleted = DATA_STORE.delete_key(&*state.database()?, &namespace, &key)?;
        if deleted == 0 {
            return Err(Wording::of(&state).key_not_found(&namespace, &key));
        }
        Ok(if state.behaviour.data_store_modern_wording {
            WebMessage::ok(format!("Key '{key}' deleted from namespace '{namespace}'"))
        } else {
            WebMessage::ok(format!("Key '{key}' deleted from namespace '{namespace}'."))
        })
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}

async fn delete_namespace(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(namespace): Path<String>,
) -> Response {
    let result = (|| -> ApiResult<WebMessage> {
        check_protection(&state, &user, &namespace)?;
        let deleted = DATA_STORE.delete_namespace(&*state.database()?, &namespace)?;
        if deleted == 0 {
            return Err(Wording::of(&state).namespace_not_found(&namespace));
        }
        Ok(if state.behaviour.data_store_modern_wording {
            WebMessage::ok(format!("Namespace deleted: '{namespace}'"))
        } else {
            WebMessage::ok(format!("Namespace '{namespace}' deleted."))
        })
    })();
    result
        .map(IntoResponse::into_response)
        .unwrap_or_else(IntoResponse::into_response)
}
