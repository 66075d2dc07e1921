//! `/api/testing/faults`: the fault rules of a running server, for tests (not a DHIS2 endpoint).
//!
//! Without `--allow-fault-api` every method answers 404 `Not Found`, as an unknown metadata path
//! does; with it, superusers only.
//! `GET` lists the rules as written, each with `matched` (requests that matched its method and
//! path) and `hits` (faults it injected); `PUT` replaces the whole set with a JSON array of rules
//! (counters start from zero) and answers as `GET`; `DELETE` removes every rule (204).
//!
//! It must not apply faults itself (that is `fault_layer`), and faults never apply to it.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::faults::parse_rules;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::ApiError;

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new().route(
        "/api/testing/faults",
        get(list_faults).put(replace_faults).delete(clear_faults),
    )
}

/// The refusal, if any: 404 without the flag, 403 for anyone but a superuser.
fn refusal(state: &SharedState, user: &User) -> Option<Response> {
    if !state.faults.api_allowed() {
        return Some((StatusCode::NOT_FOUND, "Not Found").into_response());
    }
    if user.is_superuser() {
        None
    } else {
        Some(
            ApiError::forbidden("Access is denied", state.behaviour.generic_error_codes)
                .into_response(),
        )
    }
}

fn rules_json(state: &SharedState) -> Value {
    let rules: Vec<Value> = state
        .faults
        .report()
        .into_iter()
        .map(|report| {
            let mut rule = report.source;
            rule.insert("matched".into(), json!(report.matched));
            rule.insert("hits".into(), json!(report.hits));
            Value::Object(rule)
        })
        .collect();
    Value::Array(rules)
}

async fn list_faults(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> Response {
    if let Some(refusal) = refusal(&state, &user) {
        return refusal;
    }
    Json(rules_json(&state)).into_response()
}

async fn replace_faults(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    body: Bytes,
) -> Response {
    if let Some(refusal) = refusal(&state, &user) {
        return refusal;
    }
    match parse_rules(&body) {
        Ok(rules) => {
            eprintln!("dhis2-lite: {} fault rule(s) set", rules.len());
            state.faults.replace(rules);
            Json(rules_json(&state)).into_response()
        }
        Err(error) => ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
            .into_response(),
    }
}

async fn clear_faults(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> Response {
    if let Some(refusal) = refusal(&state, &user) {
        return refusal;
    }
    eprintln!("dhis2-lite: fault rules cleared");
    state.faults.replace(Vec::new());
    StatusCode::NO_CONTENT.into_response()
}
