//! `/api/testing/clock`: reading and moving dhis2-lite's clock from a test. Not part of DHIS2:
//! it answers 404 unless the server was started with `--allow-clock-api`, and only a superuser
//! may use it. `GET` shows the clock; `POST` with `{"advanceSeconds": N}` or
//! `{"to": "2027-04-01T00:00:00"}` moves it forward (never back: timestamps stay ordered).

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::routing::get;
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::clock::parse_instant;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new().route("/api/testing/clock", get(show).post(advance))
}

fn allowed(state: &SharedState, user: &User) -> ApiResult<()> {
    let generic = state.behaviour.generic_error_codes;
    if !state.allow_clock_api {
        return Err(ApiError::not_found("Not found", generic));
    }
    if !user.is_superuser() {
        return Err(ApiError::forbidden(
            "Only a superuser may move the clock",
            generic,
        ));
    }
    Ok(())
}

fn clock_json(state: &SharedState) -> Value {
    json!({
        "now": crate::api::system::metadata_timestamp(state.clock.now()),
        "pinned": state.clock.is_pinned(),
    })
}

async fn show(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> ApiResult<Json<Value>> {
    allowed(&state, &user)?;
    Ok(Json(clock_json(&state)))
}

async fn advance(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    allowed(&state, &user)?;
    let generic = state.behaviour.generic_error_codes;
    let request: Value = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(format!("unreadable body: {error}"), generic))?;
    let milliseconds = if let Some(seconds) = request.get("advanceSeconds") {
        let seconds = seconds.as_f64().filter(|s| *s >= 0.0).ok_or_else(|| {
            ApiError::bad_request("advanceSeconds must be a number >= 0", generic)
        })?;
        (seconds * 1000.0) as i64
    } else if let Some(to) = request.get("to").and_then(Value::as_str) {
        let target =
            parse_instant(to).map_err(|error| ApiError::bad_request(error.to_string(), generic))?;
        let now = state.clock.now();
        if target < now {
            return Err(ApiError::conflict(
                format!("the clock only moves forward: {to} is before now"),
                generic,
            ));
        }
        (target - now).num_milliseconds()
    } else {
        return Err(ApiError::bad_request(
            "expected {\"advanceSeconds\": N} or {\"to\": \"yyyy-MM-ddTHH:mm:ss\"}",
            generic,
        ));
    };
    state.clock.advance(milliseconds);
    Ok(Json(clock_json(&state)))
}
